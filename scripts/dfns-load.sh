#!/bin/sh
# Load test of `keyport dfns migrate` against `keyport serve` on this machine (not part of
# cargo test or CI): N keys (default 10000) with --jobs J (default 8), release build.
# Prints the migrate summary (keys/s, p50/p99 latency per key) and the peak memory of the
# client (/usr/bin/time -v) and of the server (VmHWM). See BENCHMARKS.md.
set -eu
N=${N:-10000}
JOBS=${JOBS:-8}
cd "$(dirname "$0")/.."
cargo build --release -p keyport-cli
BIN=$PWD/target/release/keyport
W=$(mktemp -d)
trap 'kill "$SP" 2>/dev/null || true; rm -rf "$W"' EXIT
"$BIN" serve init --dir "$W/state" >/dev/null 2>&1
"$BIN" serve --dir "$W/state" --listen 127.0.0.1:0 >"$W/ready" 2>"$W/server.log" &
SP=$!
i=0
until [ -s "$W/ready" ]; do
  i=$((i + 1)); [ "$i" -lt 300 ] || { echo "server did not start" >&2; exit 1; }
  sleep 0.1
done
URL=$(sed 's/.*"url":"\([^"]*\)".*/\1/' "$W/ready")
python3 - "$N" >"$W/keys.csv" <<'PY'
import secrets, sys
print("id,format,curve,key")
for i in range(int(sys.argv[1])):
    k = bytearray(secrets.token_bytes(32)); k[0] &= 0x07; k[31] |= 1
    print(f"row-{i},hex,secp256k1,{k.hex()}")
PY
chmod 600 "$W/keys.csv"
/usr/bin/time -v "$BIN" dfns migrate --api-url "$URL" --credentials "$W/state/client.json" \
  --keys "$W/keys.csv" --journal "$W/journal.db" --jobs "$JOBS" >"$W/summary.json" 2>"$W/client.log"
python3 - "$W/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"imported {s['imported']} in {s['seconds']} s: {s['keysPerSecond']} keys/s; "
      f"latency p50 {s['latencyMs']['p50']} ms, p99 {s['latencyMs']['p99']} ms; "
      f"failed {len(s['failed'])}, unresolved {s['unresolved']}")
PY
grep -E "Maximum resident set size|Elapsed|Percent of CPU" "$W/client.log" | sed 's/^\s*/client: /'
grep VmHWM "/proc/$SP/status" | sed 's/^/server: /'
