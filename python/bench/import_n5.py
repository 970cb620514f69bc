#!/usr/bin/env python3
"""keyport.build_key_import_request, n=5 secp256k1 t=3 dfns-v1, timed with timeit: the median
of the per-call times of several rounds. The Rust side of the comparison is the criterion
bench `import/dfns-v1/secp256k1/5` (benches/keyport.rs) and `python/benches/import_json.rs`
(the same call as the binding makes it, JSON text in and out). See BENCHMARKS.md, Python.

Usage: python import_n5.py SIGNERS.json [--rounds 7] [--number 500]
(SIGNERS.json: a ListSigners response of 5 dfns-v1 signers, e.g. `keyport cluster new --n 5
--envelope dfns-v1 --dir D` writes D/signers.json.)
"""

import argparse
import json
import statistics
import timeit

import keyport


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("signers")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--number", type=int, default=500)
    a = p.parse_args()
    with open(a.signers, encoding="utf-8") as f:
        signers = json.load(f)
    key = bytes.fromhex("c46bf1bf9fb16a947147746069b4cfea8a7558a1eab20cd052cd43f1efe3e5b9")

    def call() -> None:
        keyport.build_key_import_request(key, curve="secp256k1", protocol="CGGMP21",
                                         min_signers=3, signers=signers)

    call()
    rounds = timeit.repeat(call, repeat=a.rounds, number=a.number)
    per_call = [r / a.number * 1e6 for r in rounds]
    print(f"build_key_import_request n=5: median {statistics.median(per_call):.1f} us/call, "
          f"rounds {', '.join(f'{x:.1f}' for x in sorted(per_call))} us "
          f"({a.rounds} rounds x {a.number} calls)")


if __name__ == "__main__":
    main()
