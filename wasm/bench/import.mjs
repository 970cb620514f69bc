// Node bench of buildKeyImportRequest: n=5 secp256k1 CGGMP21, t=3, dfns-v1, against the signers
// of tests/vectors/dfns-v1/import-secp256k1-cggmp21.json. Warm-up 50, then 5 trials of 200
// timed runs; prints each trial's median, then the median and p10 of all 1000 runs, in ms.
// The trials are there because this VM class has slow stretches (seconds to minutes, everything
// CPU-bound about 1.6x slower, native code too): a trial in one shows as an outlier instead of
// silently moving the figure. See BENCHMARKS.md, WASM.
// Usage (after wasm/build.sh): node bench/import.mjs [package dir, default pkg-node]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.cwd(), process.argv[2] ?? path.join(here, '../pkg-node'));
const kp = createRequire(import.meta.url)(path.join(pkg, 'keyport_wasm.js'));
const v = JSON.parse(readFileSync(path.join(here, '../../tests/vectors/dfns-v1/import-secp256k1-cggmp21.json'), 'utf8'));
if (v.signers.length !== 5 || v.curve !== 'secp256k1') throw new Error('unexpected vector');

const options = { privateKey: v.secretKey, keyFormat: 'hex', curve: 'secp256k1', protocol: 'CGGMP21', minSigners: 3, signers: v.signers };
const WARMUP = 50;
const TRIALS = 5;
const RUNS = 200;
for (let i = 0; i < WARMUP; i++) kp.buildKeyImportRequest(options);
const times = [];
const trialMedians = [];
for (let trial = 0; trial < TRIALS; trial++) {
  const trialTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = kp.buildKeyImportRequest(options);
    const t1 = process.hrtime.bigint();
    if (r.encryptedKeyShares.length !== 5) throw new Error('bad request');
    trialTimes.push(Number(t1 - t0) / 1e6);
  }
  trialTimes.sort((a, b) => a - b);
  trialMedians.push(trialTimes[RUNS / 2]);
  times.push(...trialTimes);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`buildKeyImportRequest n=5 secp256k1 t=3 dfns-v1 (${path.relative(process.cwd(), pkg) || '.'}, node ${process.version}): median ${at(0.5).toFixed(3)} ms, p10 ${at(0.1).toFixed(3)} ms (${TRIALS * RUNS} runs after ${WARMUP} warm-up); trial medians ${trialMedians.map((m) => m.toFixed(3)).join(' ')} ms`);
