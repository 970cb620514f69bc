#!/usr/bin/env bash
# Fuzz smoke and dependency policy: build every cargo-fuzz target once, run each for a bounded
# time (FUZZ_SECONDS, default 20) failing on any crash, then `cargo deny check licenses bans`.
# cargo-fuzz and cargo-deny are installed into the project-local root (scripts/tools.sh).
# Runtime: about 1 + 4 min of tool installs, 2 min cold build + 12 targets x 20 s = ~6-7 min (noisy, shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"

source scripts/tools.sh
tool_install cargo-fuzz cargo-fuzz
if rustup toolchain list | grep -q '^nightly'; then
  FUZZ=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  FUZZ=(cargo fuzz)
fi

cd fuzz
"${FUZZ[@]}" build
for target in $("${FUZZ[@]}" list); do
  echo "--- fuzz $target (${FUZZ_SECONDS}s)"
  mkdir -p "corpus/$target"
  # Run on a scratch copy so the committed seed corpus is not grown by CI.
  work="$(mktemp -d)"
  cp -r "corpus/$target/." "$work/"
  "${FUZZ[@]}" run "$target" "$work" -- -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048
  rm -rf "$work"
done
cd ..

tool_install cargo-deny cargo-deny --locked || tool_install cargo-deny cargo-deny
cargo deny check licenses bans
