#!/usr/bin/env bash
# The Python wheel (python/, issue 20): install maturin from PyPI into a venv under target/
# (git-ignored), build the abi3 wheel with it, install the wheel into a FRESH venv, and from a
# directory outside the source tree run the pytest suite, mypy --strict on the examples,
# `mypy.stubtest` of the stub against the installed module, and
# python/examples/migrate_with_dfns_sdk.py with dfns-sdk against `keyport serve`.
# Fails on any error; never skips (CI=true makes a missing peer a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
root="$PWD"
out="$root/target/ci-python"

MATURIN=1.16.0
PYTEST=9.2.0
MYPY=2.4.1
CRYPTOGRAPHY=48.0.0
DFNS_SDK=1.0.4

build_venv="$out/build-venv"
if [[ ! -x "$build_venv/bin/maturin" ]]; then
  python3 -m venv "$build_venv"
  "$build_venv/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN"
fi

cargo build --release -p keyport-cli
keyport="$root/target/release/keyport"

rm -rf "$out/wheels"
"$build_venv/bin/maturin" build --release --quiet -m python/Cargo.toml --out "$out/wheels"
wheel="$(ls "$out"/wheels/keyport_mpc-*.whl)"
echo "ci-python: built $(basename "$wheel") ($(stat -c %s "$wheel") bytes)"

# A fresh venv with the wheel and the test tools only.
venv="$out/test-venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" "pytest==$PYTEST" \
  "mypy==$MYPY" "cryptography==$CRYPTOGRAPHY" "dfns-sdk==$DFNS_SDK"

# shellcheck source=scripts/lib/serve.sh
source scripts/lib/serve.sh
work="$(mktemp -d)"
cleanup() {
  serve_cleanup
  rm -rf "$work"
}
trap cleanup EXIT

# Copies of the tests and examples, run from outside the tree: `import keyport` can only find
# the installed wheel.
cp -r python/tests python/examples "$work/"
cd "$work"
KEYPORT_VECTORS="$root/tests/vectors/dfns-v1" KEYPORT_BIN="$keyport" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests
"$venv/bin/python" -m mypy --strict --no-incremental examples/*.py
# The stub matches the installed module (names, signatures, finality).
"$venv/bin/python" -m mypy.stubtest keyport --allowlist tests/stubtest-allowlist.txt

run_example() {
  local envelope="$1" credential="$2"
  local state="$work/state-$envelope" ready="$work/ready-$envelope"
  "$keyport" serve init --dir "$state" --envelope "$envelope" --credential "$credential" >/dev/null
  serve_start "$keyport" "$state" "$ready"
  echo "ci-python: example against keyport serve ($envelope signers, $credential credential)"
  "$venv/bin/python" examples/migrate_with_dfns_sdk.py --url "$SERVE_URL" --client "$state/client.json"
  serve_stop
}
run_example dfns-v1 ed25519
run_example hpke p256
echo "ci-python: ok"
