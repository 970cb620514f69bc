#!/usr/bin/env bash
# Build the keyport WASM packages:
#   wasm/pkg-node, wasm/pkg-web            the shipped packages (--target nodejs / web), default
#                                          features: three curves, dfns-v1, hpke-v1 with X25519;
#   wasm/pkg-node-test, wasm/pkg-web-test  the same plus `TestCluster` (feature test-cluster),
#                                          for the Node round-trip tests and the browser example.
# Opt-in features of the shipped packages (p256, xwing, nfkd, dalek-tables):
#   KEYPORT_WASM_FEATURES=p256,xwing wasm/build.sh
# Installs what it needs: the wasm32 target, wasm-bindgen-cli at the exact version in Cargo.lock,
# and npm's binaryen (Debian's wasm-opt 108 produces broken modules; see NOTES.md).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=..
FEATURES=${KEYPORT_WASM_FEATURES:-}

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
if [ -z "$WB_VERSION" ]; then echo "wasm-bindgen not in Cargo.lock" >&2; exit 1; fi
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

[ -x node_modules/.bin/wasm-opt ] || npm install --no-audit --no-fund

WASM="$ROOT/target/wasm32-unknown-unknown/wasm-release/keyport_wasm.wasm"

opt() {
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --strip-debug --strip-producers "$1" -o "$1"
}

# bindgen <suffix>: wasm-bindgen both targets into pkg-node<suffix> and pkg-web<suffix>, then
# wasm-opt (once when both targets' modules are identical, as they are today).
bindgen() {
  local node="pkg-node$1" web="pkg-web$1"
  rm -rf "$node" "$web"
  wasm-bindgen --target nodejs --out-dir "$node" "$WASM"
  wasm-bindgen --target web --out-dir "$web" "$WASM"
  if cmp -s "$node/keyport_wasm_bg.wasm" "$web/keyport_wasm_bg.wasm"; then
    opt "$node/keyport_wasm_bg.wasm"
    cp "$node/keyport_wasm_bg.wasm" "$web/keyport_wasm_bg.wasm"
  else
    opt "$node/keyport_wasm_bg.wasm"
    opt "$web/keyport_wasm_bg.wasm"
  fi
  for out in "$node" "$web"; do
    printf '%s: %s bytes, %s gzipped\n' "$out" "$(wc -c <"$out/keyport_wasm_bg.wasm")" "$(gzip -9c "$out/keyport_wasm_bg.wasm" | wc -c)"
  done
}

cargo build -p keyport-wasm --target wasm32-unknown-unknown --profile wasm-release --features "$FEATURES"
bindgen ""
cargo build -p keyport-wasm --target wasm32-unknown-unknown --profile wasm-release --features "test-cluster${FEATURES:+,$FEATURES}"
bindgen "-test"
