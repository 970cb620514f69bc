#!/usr/bin/env bash
# Fails if anything under a node_modules/ or target/ path is tracked by git: build tools come from
# lock files, never from the repository (issue 15, item 8). Called by .ci/run and ci-wasm.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
in_ci() { [ "${CI:-}" = true ]; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  tracked=$(git ls-files | grep -E '(^|/)(node_modules|target)/' || true)
  if [ -n "$tracked" ]; then
    echo "error: files under node_modules/ or target/ are tracked (git rm -r --cached them):" >&2
    echo "$tracked" | head -20 >&2
    exit 1
  fi
  echo "none"
elif in_ci; then
  echo "error: not a git checkout, cannot check for tracked build output" >&2
  exit 1
else
  echo "WARNING: not a git checkout; the tracked-build-output check did not run" >&2
fi
