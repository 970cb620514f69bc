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

# shellcheck source=scripts/lib/serve.sh
source scripts/lib/serve.sh
work="$(mktemp -d)"
cleanup() {
  serve_cleanup
  rm -rf "$work"
}
trap cleanup EXIT

run_flow() {
  local envelope="$1" credential="$2"
  local state="$work/state-$envelope-$credential" flow="$work/flow-$envelope-$credential"
  mkdir -p "$flow"
  "$keyport" serve init --dir "$state" --envelope "$envelope" --credential "$credential" >/dev/null
  serve_start "$keyport" "$state" "$flow/ready"
  local url="$SERVE_URL"
  echo "ci-serve: $envelope signers, $credential credential, at $url"
  "$venv/bin/python" server/tests/python_sdk.py --url "$url" --client "$state/client.json" \
    --keyport "$keyport" --work "$flow"
  serve_stop
}

run_flow dfns-v1 ed25519
run_flow hpke p256
echo "ci-serve: ok"
