#!/usr/bin/env python3
"""keyport.build_key_import_request, n=5 secp256k1 t=3 dfns-v1, from Python against the same
call in Rust, in one process: rounds alternate between `number` Python calls (timeit) and
`number` runs of the Rust work the binding does (`keyport._keyport._bench_rust_import`: parse
the signers JSON, build, write the request JSON), so both see the same machine load. Prints
the median per-call time of each and the median of the per-round ratios. The criterion bench
`python/benches/import_json.rs` times the same Rust work on its own (BENCHMARKS.md, Python).

Usage: python import_n5.py SIGNERS.json [--rounds 15] [--number 200]
(SIGNERS.json: a ListSigners response of 5 dfns-v1 signers, e.g. `keyport cluster new --n 5
--envelope dfns-v1 --dir D` writes D/signers.json.)
"""

import argparse
import json
import statistics
import timeit

import keyport
from keyport import _keyport


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("signers")
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--number", type=int, default=200)
    a = p.parse_args()
    with open(a.signers, encoding="utf-8") as f:
        text = f.read()
    signers = json.loads(text)
    key = bytes([0x42] * 32)

    def call() -> None:
        keyport.build_key_import_request(key, curve="secp256k1", protocol="CGGMP21",
                                         min_signers=3, signers=signers)

    call()
    _keyport._bench_rust_import(text, 10)
    py_us, rust_us, ratios = [], [], []
    for _ in range(a.rounds):
        py = timeit.timeit(call, number=a.number) / a.number * 1e6
        rust = _keyport._bench_rust_import(text, a.number) / a.number * 1e6
        py_us.append(py)
        rust_us.append(rust)
        ratios.append(py / rust)
    print(f"python {statistics.median(py_us):.1f} us/call, rust {statistics.median(rust_us):.1f} "
          f"us/call, overhead median {100 * (statistics.median(ratios) - 1):+.1f} % "
          f"(per-round ratios {min(ratios):.3f}..{max(ratios):.3f}; "
          f"{a.rounds} rounds x {a.number} calls each)")


if __name__ == "__main__":
    main()
