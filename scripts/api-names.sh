#!/usr/bin/env bash
# No two public types of the keyport crate share a name (issue 15, item 5).
#
# Builds the crate's rustdoc (all features) and lists every struct, enum, trait, type alias
# and union under every public path. A name at two paths is fine only when both pages show
# one item (a re-export, such as `keyport::CurveId` and `keyport::hazmat::curve::CurveId`):
# rustdoc gives a re-exported item the same docs at each path, so their doc blocks match.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo doc -q -p keyport --no-deps --all-features
python3 - target/doc/keyport <<'PY'
import collections, hashlib, pathlib, re, sys
root = pathlib.Path(sys.argv[1])
html = (root / "all.html").read_text()
kinds = "struct|enum|trait|type|union"
paths = collections.defaultdict(set)
for href in re.findall(r'href="([^"]+)"', html):
    m = re.search(rf'(?:^|/)({kinds})\.(\w+)\.html$', href)
    if m:
        paths[m.group(2)].add(href)
def docs(href):
    page = (root / href).read_text()
    m = re.search(r'<details class="toggle top-doc".*?</details>', page, re.S)
    block = m.group(0) if m else ""
    # Links are relative to the page, so drop them before comparing.
    block = re.sub(r'href="[^"]*"', "", block)
    return hashlib.sha256(block.encode()).hexdigest()
clashes = []
for name, hrefs in sorted(paths.items()):
    if len({docs(h) for h in hrefs}) > 1:
        clashes.append((name, sorted(hrefs)))
print(f"{sum(len(h) for h in paths.values())} type pages, {len(paths)} names")
for name, hrefs in clashes:
    print(f"clash: {name}: " + ", ".join(h.replace('/', '::').rsplit('.', 2)[0] for h in hrefs))
sys.exit(1 if clashes else 0)
PY
