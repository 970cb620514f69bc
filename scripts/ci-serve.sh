#!/usr/bin/env bash
# Dfns's own Python SDK against `keyport serve`: install dfns-sdk==1.0.4 into a venv under
# target/ (git-ignored), build the CLI, start `keyport serve` on port 0, run
# server/tests/python_sdk.py, stop the server with SIGTERM. Fails on any error; never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="target/ci-serve/venv"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "dfns-sdk==1.0.4"

cargo build --release -p keyport-cli
keyport="$PWD/target/release/keyport"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

run_flow() {
  local envelope="$1" credential="$2"
  local state="$work/state-$envelope-$credential" flow="$work/flow-$envelope-$credential"
  mkdir -p "$flow"
  "$keyport" serve init --dir "$state" --envelope "$envelope" --credential "$credential" >/dev/null
  mkfifo "$flow/ready"
  "$keyport" serve --dir "$state" --listen 127.0.0.1:0 >"$flow/ready" &
  server_pid=$!
  local line
  if ! read -r -t 30 line <"$flow/ready"; then
    echo "ci-serve: the server printed no ready line within 30 s" >&2
    exit 1
  fi
  local url
  url="$("$venv/bin/python" -c 'import json,sys; print(json.loads(sys.argv[1])["url"])' "$line")"
  echo "ci-serve: $envelope signers, $credential credential, at $url"
  "$venv/bin/python" server/tests/python_sdk.py --url "$url" --client "$state/client.json" \
    --keyport "$keyport" --work "$flow"
  kill -TERM "$server_pid"
  if ! wait "$server_pid"; then
    echo "ci-serve: the server did not exit cleanly on SIGTERM" >&2
    exit 1
  fi
  server_pid=""
}

run_flow dfns-v1 ed25519
run_flow hpke p256
echo "ci-serve: ok"
