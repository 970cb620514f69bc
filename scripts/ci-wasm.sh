#!/usr/bin/env bash
# WASM package, end to end, as CI runs it on a clean clone:
#   1. nothing under a node_modules/ or target/ path is tracked by git (scripts/check-tracked.sh);
#   2. wasm/build.sh on its cold path: wasm-bindgen-cli installed into the project-local .tools/
#      (unless KEYPORT_TOOLS_ROOT points elsewhere), npm ci from wasm/package-lock.json, both
#      packages built, packed with npm pack, and the web tarball installed beside the example page;
#   3. the Node tests (wasm/test/*.test.mjs): the API on the built packages, and the packed
#      tarballs installed into a fresh project and used by name from CommonJS and ESM;
#   4. the Chromium test: wasm/example/ served and used like a person would (screenshots in
#      wasm/test-output/).
# Installs what it needs itself: Debian's chromium when missing (apt-get, as root), the npm tools.
# Under CI=true nothing is skipped: a missing tool is an error. Elsewhere, a browser test that
# cannot run is reported as SKIPPED in the last line, never silently.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
in_ci() { [ "${CI:-}" = true ]; }

for tool in node npm cargo rustup; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (Node >= 20 with npm; Rust through rustup)" >&2; exit 1; }
done

echo "--- tracked build output"
scripts/check-tracked.sh

echo "--- build"
wasm/build.sh

echo "--- Node tests (API, packed tarballs by name: CommonJS and ESM)"
(cd wasm && node --test test/*.test.mjs)

echo "--- Chromium test"
skipped=""
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
if [ -x "$CHROMIUM" ]; then
  (cd wasm && node test/browser.mjs)
elif in_ci; then
  echo "error: $CHROMIUM is missing and could not be installed (apt-get install chromium as root)" >&2
  exit 1
else
  skipped="browser test (no $CHROMIUM; apt-get install chromium, or set CHROMIUM)"
fi

if [ -n "$skipped" ]; then
  echo "ci-wasm: ok, but SKIPPED: $skipped"
else
  echo "ci-wasm: ok"
fi
