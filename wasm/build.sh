#!/usr/bin/env bash
# Build the keyport WASM packages: wasm/pkg-node (--target nodejs) and wasm/pkg-web (--target web).
# Installs what it needs: the wasm32 target, wasm-bindgen-cli at the exact version in Cargo.lock,
# and npm's binaryen (Debian's wasm-opt 108 produces broken modules; see NOTES.md).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=..

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
if [ -z "$WB_VERSION" ]; then echo "wasm-bindgen not in Cargo.lock" >&2; exit 1; fi
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

[ -x node_modules/.bin/wasm-opt ] || npm install --no-audit --no-fund

cargo build -p keyport-wasm --target wasm32-unknown-unknown --profile wasm-release
WASM="$ROOT/target/wasm32-unknown-unknown/wasm-release/keyport_wasm.wasm"

for target in nodejs web; do
  out=pkg-node; [ "$target" = web ] && out=pkg-web
  rm -rf "$out"
  wasm-bindgen --target "$target" --out-dir "$out" "$WASM"
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --strip-debug --strip-producers "$out/keyport_wasm_bg.wasm" -o "$out/keyport_wasm_bg.wasm"
  printf '%s: %s bytes, %s gzipped\n' "$out" "$(wc -c <"$out/keyport_wasm_bg.wasm")" "$(gzip -9c "$out/keyport_wasm_bg.wasm" | wc -c)"
done
