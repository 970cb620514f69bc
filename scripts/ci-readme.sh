#!/usr/bin/env bash
# Runs every ```sh block of README.md verbatim, each in a fresh `bash -euo pipefail` started at
# the repository root, except the two set-up commands under "## Set up" (the demo and the test
# command, which .ci/run runs itself). A block that fails fails CI, so the README stays true.
set -euo pipefail
cd "$(dirname "$0")/.."
blocks="$(mktemp -d)"
trap 'rm -rf "$blocks"' EXIT
python3 - "$blocks" <<'PY'
import os, re, sys
out = sys.argv[1]
section, block, n, setup = None, None, 0, 0
for line in open("README.md", encoding="utf-8"):
    if block is None:
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.rstrip() == "```sh":
            block = []
    elif line.rstrip() == "```":
        if section == "Set up":
            setup += 1
        else:
            n += 1
            with open(os.path.join(out, "%02d.sh" % n), "w", encoding="utf-8") as f:
                f.write("".join(block))
        block = None
    else:
        block.append(line)
if setup != 2:
    sys.exit("README.md: expected exactly two set-up blocks under '## Set up', found %d" % setup)
print("README.md: %d set-up blocks (run by .ci/run), %d blocks to run" % (setup, n))
PY
for f in "$blocks"/*.sh; do
  [ -e "$f" ] || continue
  echo "--- README block $(basename "$f" .sh)"
  sed 's/^/    | /' "$f"
  bash -euo pipefail "$f"
done
