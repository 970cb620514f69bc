#!/usr/bin/env bash
# Print a markdown table of every import/recover bench as a ratio to its floor, from criterion's
# target/criterion/**/new/{benchmark,estimates}.json (median point estimates).
# Usage: scripts/bench-table.sh [criterion-dir]   (default: target/criterion)
set -euo pipefail
dir="${1:-$(dirname "$0")/../target/criterion}"
python3 - "$dir" <<'PY'
import json, os, sys
root = sys.argv[1]
res = {}
for dp, _, files in os.walk(root):
    if os.path.basename(dp) != "new" or "estimates.json" not in files or "benchmark.json" not in files:
        continue
    with open(os.path.join(dp, "benchmark.json")) as f:
        full_id = json.load(f)["full_id"]
    with open(os.path.join(dp, "estimates.json")) as f:
        res[full_id] = json.load(f)["median"]["point_estimate"]  # ns
if not res:
    sys.exit(f"no criterion results under {root}")
def fmt(ns):
    return f"{ns/1e6:.2f} ms" if ns >= 1e6 else f"{ns/1e3:.0f} µs"
def key(i):
    p = i.split("/")
    n = int(p[-1]) if p[-1].isdigit() else 0
    return (p[0], p[1:-1], n)
print("| bench | median | floor | ratio |")
print("|---|---:|---:|---:|")
for i in sorted((k for k in res if k.split("/")[0] in ("import", "recover")), key=key):
    group, rest = i.split("/", 1)
    floor = res.get(f"{group}-floor/{rest}")
    f = fmt(floor) if floor else "–"
    r = f"{res[i]/floor:.2f}×" if floor else "–"
    print(f"| {i} | {fmt(res[i])} | {f} | {r} |")
others = sorted(k for k in res if k.split("/")[0] not in ("import", "recover", "import-floor", "recover-floor"))
if others:
    print()
    print("| bench | median |")
    print("|---|---:|")
    for i in others:
        print(f"| {i} | {fmt(res[i])} |")
PY
