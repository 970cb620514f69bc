#!/usr/bin/env bash
# Build the keyport WASM packages:
#   wasm/pkg-node, wasm/pkg-web            the npm packages (--target nodejs / web), with a generated
#                                          package.json and README (wasm/npm/package.mjs); default
#                                          features: three curves, dfns-v1, hpke-v1 with X25519;
#   wasm/dist/*.tgz                        both packages packed by `npm pack`, as npm would ship them;
#   wasm/example/node_modules              the web tarball installed there, so that serving
#                                          wasm/example/ is the whole demo;
#   wasm/pkg-node-test, wasm/pkg-web-test  the same plus `TestCluster` (feature test-cluster),
#                                          for the Node round-trip tests (never packed).
# Opt-in features of the shipped packages (p256, xwing, nfkd, dalek-tables):
#   KEYPORT_WASM_FEATURES=p256,xwing wasm/build.sh
#
# Tools. Everything the build runs is installed by this script, pinned, into places it owns, so a
# clean clone always takes the same (cold) path as a developer's machine:
# - wasm-bindgen-cli at the exact version in Cargo.lock, by `cargo install --root` into the
#   project-local, git-ignored `.tools/` at the repository root (about 5 min, once). Set
#   KEYPORT_TOOLS_ROOT to use another install root that holds (or should receive) that version.
# - binaryen's wasm-opt and playwright-core by `npm ci` from wasm/package-lock.json. The wasm-opt
#   run is checked to be that npm binaryen (Debian's wasm-opt 108 produces broken modules; NOTES.md).
# - the wasm32 target or nightly's rust-src component, through rustup.
#
# Toolchain (KEYPORT_WASM_TOOLCHAIN, default nightly): the shipped module is built with nightly
# so that the standard library itself is rebuilt for size (-Zbuild-std) with
# `-Cpanic=immediate-abort` (no panic formatting machinery; keyport never panics on input, and a
# bug would still trap as a JS RuntimeError) and `-Zlocation-detail=none` (no source paths in the
# data). KEYPORT_WASM_TOOLCHAIN=stable builds the same API with stable Rust only, about 21 KB
# gzipped larger. Without nightly+rust-src the build falls back to stable with a warning, except
# under CI=true, where that is an error. Both builds use WebAssembly SIMD (simd128: Node >= 16.4,
# Chrome/Edge >= 91, Firefox >= 89, Safari >= 16.4), which makes the module smaller and faster
# (BENCHMARKS.md, WASM).
set -euo pipefail
WASM_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$WASM_DIR/.." && pwd)
cd "$WASM_DIR"
FEATURES=${KEYPORT_WASM_FEATURES:-}
TOOLCHAIN=${KEYPORT_WASM_TOOLCHAIN:-nightly}
TOOLS_ROOT=${KEYPORT_TOOLS_ROOT:-$REPO/.tools}
export PATH="$TOOLS_ROOT/bin:$PATH"

# --- Rust toolchain -------------------------------------------------------------------------
if [[ "$TOOLCHAIN" == nightly* ]] && ! {
  rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 &&
    { rustup component list --toolchain "$TOOLCHAIN" --installed | grep -q '^rust-src' ||
      rustup component add rust-src --toolchain "$TOOLCHAIN"; }
}; then
  if [ "${CI:-}" = true ]; then
    echo "error: toolchain $TOOLCHAIN with rust-src is not available (CI=true: no silent fallback; set KEYPORT_WASM_TOOLCHAIN=stable to build on stable)" >&2
    exit 1
  fi
  echo "WARNING: toolchain $TOOLCHAIN with rust-src is not available; building the WASM package with stable Rust (about 21 KB gzipped larger)" >&2
  TOOLCHAIN=stable
fi

# The build's RUSTFLAGS, given to the two `cargo build` commands only (never exported: a stable
# `cargo install` rejects the nightly -Z flags). `--cfg cpubits="32"` repeats .cargo/config.toml's
# wasm32 flag, which RUSTFLAGS replaces.
BUILD_RUSTFLAGS='--cfg cpubits="32" -Ctarget-feature=+simd128'
CARGO=(cargo "+$TOOLCHAIN")
case "$TOOLCHAIN" in
  nightly*)
    BUILD_RUSTFLAGS="$BUILD_RUSTFLAGS -Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort"
    CARGO+=(-Zbuild-std=std,panic_abort)
    ;;
  *)
    rustup target list --toolchain "$TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown ||
      rustup target add wasm32-unknown-unknown --toolchain "$TOOLCHAIN"
    ;;
esac

# --- wasm-bindgen-cli, the version of the wasm-bindgen crate in Cargo.lock ------------------
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$REPO/Cargo.lock")
if [ -z "$WB_VERSION" ]; then echo "error: wasm-bindgen not in Cargo.lock" >&2; exit 1; fi
WASM_BINDGEN="$TOOLS_ROOT/bin/wasm-bindgen"
wb_version() { "$WASM_BINDGEN" --version 2>/dev/null | awk '{print $2}'; }
if [ ! -x "$WASM_BINDGEN" ] || [ "$(wb_version)" != "$WB_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WB_VERSION into $TOOLS_ROOT (about 5 min, once)" >&2
  # Without --locked: wasm-bindgen-cli's own lock file does not build here (NOTES.md, WASM).
  cargo install --root "$TOOLS_ROOT" wasm-bindgen-cli --version "$WB_VERSION"
fi
if [ "$(wb_version)" != "$WB_VERSION" ]; then
  echo "error: $WASM_BINDGEN is $(wb_version), not $WB_VERSION" >&2
  exit 1
fi

# --- npm tools: binaryen (wasm-opt) and playwright-core, exactly as package-lock.json says ----
# `npm ci` deletes and reinstalls node_modules, so run it only when the lock is newer than the
# install (always on a clean clone).
if [ ! node_modules/.package-lock.json -nt package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
WASM_OPT="$WASM_DIR/node_modules/binaryen/bin/wasm-opt"
BINARYEN_LOCKED=$(node -p 'require("./package-lock.json").packages["node_modules/binaryen"].version')
BINARYEN_INSTALLED=$(node -p 'require("./node_modules/binaryen/package.json").version')
if [ "$BINARYEN_INSTALLED" != "$BINARYEN_LOCKED" ] ||
  ! "$WASM_OPT" --version | grep -q "^wasm-opt version ${BINARYEN_LOCKED%%.*} "; then
  echo "error: $WASM_OPT is not npm binaryen $BINARYEN_LOCKED (installed: $BINARYEN_INSTALLED, says: $("$WASM_OPT" --version 2>&1 | head -1)); run npm ci in wasm/" >&2
  exit 1
fi

# --- build ----------------------------------------------------------------------------------
WASM="${CARGO_TARGET_DIR:-$REPO/target}/wasm32-unknown-unknown/wasm-release/keyport_wasm.wasm"

build() {
  RUSTFLAGS="$BUILD_RUSTFLAGS" "${CARGO[@]}" build -p keyport-wasm --target wasm32-unknown-unknown \
    --profile wasm-release --features "$1"
}

opt() {
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-simd \
    --strip-debug --strip-producers "$1" -o "$1"
}

# bindgen <suffix>: wasm-bindgen both targets into pkg-node<suffix> and pkg-web<suffix>, then
# wasm-opt (once when both targets' modules are identical, as they are today).
bindgen() {
  local node="pkg-node$1" web="pkg-web$1"
  rm -rf "$node" "$web"
  "$WASM_BINDGEN" --target nodejs --out-dir "$node" "$WASM"
  "$WASM_BINDGEN" --target web --out-dir "$web" "$WASM"
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

build "$FEATURES"
bindgen ""
build "test-cluster${FEATURES:+,$FEATURES}"
bindgen "-test"

# --- the npm packages -----------------------------------------------------------------------
node npm/package.mjs node pkg-node
node npm/package.mjs web pkg-web
rm -rf dist && mkdir dist
npm pack --silent --pack-destination dist ./pkg-node >/dev/null
npm pack --silent --pack-destination dist ./pkg-web >/dev/null
WEB_TARBALL=$(node -p 'const p = require("./pkg-web/package.json"); `${p.name.replace("@", "").replace("/", "-")}-${p.version}.tgz`')
ls dist/*.tgz

# --- the example page: the web tarball installed beside it, and its sample inputs -----------
rm -rf example/node_modules
(cd example && npm install --no-save --no-package-lock --no-audit --no-fund "../dist/$WEB_TARBALL" >/dev/null)
node example/samples.mjs >example/samples.json
echo "example ready: serve wasm/example/ (for example: python3 -m http.server -d wasm/example 8000)"
