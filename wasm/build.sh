#!/usr/bin/env bash
# Build the keyport WASM packages:
#   wasm/pkg-node, wasm/pkg-web            the shipped packages (--target nodejs / web), default
#                                          features: three curves, dfns-v1, hpke-v1 with X25519;
#   wasm/pkg-node-test, wasm/pkg-web-test  the same plus `TestCluster` (feature test-cluster),
#                                          for the Node round-trip tests and the browser example.
# Opt-in features of the shipped packages (p256, xwing, nfkd, dalek-tables):
#   KEYPORT_WASM_FEATURES=p256,xwing wasm/build.sh
# Installs what it needs: the wasm32 target, rust-src for the nightly toolchain, wasm-bindgen-cli
# at the exact version in Cargo.lock, and npm's binaryen (Debian's wasm-opt 108 produces broken
# modules; see NOTES.md).
#
# Toolchain (KEYPORT_WASM_TOOLCHAIN, default nightly): the shipped module is built with nightly
# so that the standard library itself is rebuilt for size (-Zbuild-std) with
# `-Cpanic=immediate-abort` (no panic formatting machinery; keyport never panics on input, and a
# bug would still trap as a JS RuntimeError) and `-Zlocation-detail=none` (no source paths in the
# data). KEYPORT_WASM_TOOLCHAIN=stable builds the same API with stable Rust only, about 21 KB
# gzipped larger. Both builds use WebAssembly SIMD (simd128: Node >= 16.4, Chrome/Edge >= 91,
# Firefox >= 89, Safari >= 16.4), which makes the module smaller and faster (BENCHMARKS.md, WASM).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=..
FEATURES=${KEYPORT_WASM_FEATURES:-}
TOOLCHAIN=${KEYPORT_WASM_TOOLCHAIN:-nightly}

# `--cfg cpubits="32"` repeats .cargo/config.toml's wasm32 flag: RUSTFLAGS replaces it.
RUSTFLAGS='--cfg cpubits="32" -Ctarget-feature=+simd128'
# A machine without the nightly toolchain or its rust-src still builds, on stable, with a warning:
# the module is the same API, only larger.
if [[ "$TOOLCHAIN" == nightly* ]] && ! {
  rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 &&
    { rustup component list --toolchain "$TOOLCHAIN" --installed | grep -q '^rust-src' ||
      rustup component add rust-src --toolchain "$TOOLCHAIN"; }
}; then
  echo "WARNING: toolchain $TOOLCHAIN with rust-src is not available; building the WASM package with stable Rust (about 21 KB gzipped larger)" >&2
  TOOLCHAIN=stable
fi
CARGO=(cargo "+$TOOLCHAIN")
case "$TOOLCHAIN" in
  nightly*)
    RUSTFLAGS="$RUSTFLAGS -Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort"
    CARGO+=(-Zbuild-std=std,panic_abort)
    ;;
  *)
    rustup target list --toolchain "$TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown ||
      rustup target add wasm32-unknown-unknown --toolchain "$TOOLCHAIN"
    ;;
esac
export RUSTFLAGS

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")
if [ -z "$WB_VERSION" ]; then echo "wasm-bindgen not in Cargo.lock" >&2; exit 1; fi
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

[ -x node_modules/.bin/wasm-opt ] || npm install --no-audit --no-fund

WASM="$ROOT/target/wasm32-unknown-unknown/wasm-release/keyport_wasm.wasm"

opt() {
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-simd \
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

"${CARGO[@]}" build -p keyport-wasm --target wasm32-unknown-unknown --profile wasm-release --features "$FEATURES"
bindgen ""
"${CARGO[@]}" build -p keyport-wasm --target wasm32-unknown-unknown --profile wasm-release --features "test-cluster${FEATURES:+,$FEATURES}"
bindgen "-test"
