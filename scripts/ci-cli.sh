#!/usr/bin/env bash
# CLI checks beyond `cargo test --workspace` (which already runs cli/tests): the README's main
# command, the demo, once in release; it exits non-zero unless every round trip is ok.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -p keyport-cli -- demo
