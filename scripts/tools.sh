#!/usr/bin/env bash
# Sourced by the CI scripts: a project-local, git-ignored install root for the cargo-installed
# build tools (cargo-fuzz, cargo-deny, wasm-bindgen-cli), first on PATH. A clean clone starts with
# an empty root, so every CI run takes the cold install path and tests it.
# KEYPORT_TOOLS_ROOT points elsewhere (an existing install) for local development.
KEYPORT_TOOLS_ROOT="${KEYPORT_TOOLS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools}"
export KEYPORT_TOOLS_ROOT
export PATH="$KEYPORT_TOOLS_ROOT/bin:$PATH"

# tool_install <binary> <crate> [cargo install args...]: install <crate> into the root unless
# <binary> is already there. RUSTFLAGS is cleared so that a caller's target flags (nightly -Z...,
# wasm cfgs) never reach the host build of the tool.
tool_install() {
  local bin="$1" crate="$2"
  shift 2
  if [ ! -x "$KEYPORT_TOOLS_ROOT/bin/$bin" ]; then
    echo "installing $crate into $KEYPORT_TOOLS_ROOT" >&2
    env -u RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS cargo install --root "$KEYPORT_TOOLS_ROOT" "$crate" "$@"
  fi
}
