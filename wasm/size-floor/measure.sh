#!/usr/bin/env bash
# Build the size floor with the shipped settings and with every package at opt-level "z";
# print raw and gzipped sizes after the same wasm-opt pass as wasm/build.sh. Run wasm/build.sh
# once first (it installs wasm-bindgen-cli into .tools/ or KEYPORT_TOOLS_ROOT, nightly rust-src and
# npm binaryen).
set -euo pipefail
cd "$(dirname "$0")"
WASM_BINDGEN="${KEYPORT_TOOLS_ROOT:-$(cd ../.. && pwd)/.tools}/bin/wasm-bindgen"
WASM_OPT=../node_modules/binaryen/bin/wasm-opt
cp ../../Cargo.lock .
export RUSTFLAGS='--cfg cpubits="32" -Ctarget-feature=+simd128 -Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort'
out=$(mktemp -d)
for variant in shipped all-z; do
  extra=()
  if [ "$variant" = all-z ]; then
    for p in k256 keyport-hotpath polyval aes; do
      extra+=(--config "profile.wasm-release.package.$p.opt-level=\"z\"")
    done
  fi
  cargo +nightly -Zbuild-std=std,panic_abort build -q --target wasm32-unknown-unknown \
    --profile wasm-release "${extra[@]}"
  "$WASM_BINDGEN" --target nodejs --out-dir "$out/$variant" \
    target/wasm32-unknown-unknown/wasm-release/keyport_size_floor.wasm
  m="$out/$variant/keyport_size_floor_bg.wasm"
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-simd --strip-debug --strip-producers "$m" -o "$m"
  printf '%s: %s bytes, %s gzipped\n' "$variant" "$(wc -c <"$m")" "$(gzip -9c "$m" | wc -c)"
done
rm -rf "$out"
