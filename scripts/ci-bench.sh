#!/usr/bin/env bash
# Benches in CI: build them, run every bench briefly, print the ratio-to-floor table.
# Fails only if a bench does not build or run; never on a number (figures on shared CI cores are
# noise). Runtime: the release build of the bench (a few minutes cold) plus about 1 min of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "ci-bench: python3 is needed for bench-table.sh" >&2; exit 1; }
cargo bench --no-run
cargo bench --bench keyport -- --warm-up-time 0.1 --measurement-time 0.3 --sample-size 10 --noplot
scripts/bench-table.sh
