#!/usr/bin/env bash
# The test command from README.md: the whole workspace's test suites.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
