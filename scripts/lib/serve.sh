# shellcheck shell=bash
# Starting and stopping `keyport serve` for the CI scripts that drive it (ci-serve.sh,
# ci-python.sh). Source it; it defines functions only.

SERVE_PID=""
SERVE_URL=""

# serve_start KEYPORT STATE_DIR FIFO: start `keyport serve --dir STATE_DIR` on 127.0.0.1 with a
# port the OS picks, wait up to 30 s for its ready line on FIFO (created here), and set
# SERVE_PID and SERVE_URL.
serve_start() {
  local keyport="$1" state="$2" ready="$3" line
  mkfifo "$ready"
  "$keyport" serve --dir "$state" --listen 127.0.0.1:0 >"$ready" &
  SERVE_PID=$!
  if ! read -r -t 30 line <"$ready"; then
    echo "$(basename "$0"): the server printed no ready line within 30 s" >&2
    exit 1
  fi
  SERVE_URL="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["url"])' "$line")"
}

# serve_stop: SIGTERM the server and fail unless it exits cleanly.
serve_stop() {
  kill -TERM "$SERVE_PID"
  if ! wait "$SERVE_PID"; then
    echo "$(basename "$0"): the server did not exit cleanly on SIGTERM" >&2
    exit 1
  fi
  SERVE_PID=""
}

# serve_cleanup: for an EXIT trap; stops a server still running, ignoring how it exits.
serve_cleanup() {
  if [[ -n "$SERVE_PID" ]] && kill -0 "$SERVE_PID" 2>/dev/null; then
    kill -TERM "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
  fi
}
