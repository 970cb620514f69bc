#!/usr/bin/env bash
# WASM package: build both targets, run the Node tests and the headless-chromium browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm/build.sh
(cd wasm && node --test test/*.test.mjs)
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && apt-get install -y chromium
fi
(cd wasm && node test/browser.mjs)
