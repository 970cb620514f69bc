// Node bench of buildKeyImportRequest: n=5 secp256k1 CGGMP21, t=3, dfns-v1, against the signers
// of shared/vectors/dfns-v1/import-secp256k1-cggmp21.json. Warm-up 50, then 300 timed runs;
// prints the median and p10 in ms.
// Usage (after wasm/build.sh): node bench/import.mjs [package dir, default pkg-node]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.cwd(), process.argv[2] ?? path.join(here, '../pkg-node'));
const kp = createRequire(import.meta.url)(path.join(pkg, 'keyport_wasm.js'));
const v = JSON.parse(readFileSync(path.join(here, '../../../shared/vectors/dfns-v1/import-secp256k1-cggmp21.json'), 'utf8'));
if (v.signers.length !== 5 || v.curve !== 'secp256k1') throw new Error('unexpected vector');

const options = { privateKey: v.secretKey, keyFormat: 'hex', curve: 'secp256k1', protocol: 'CGGMP21', minSigners: 3, signers: v.signers };
const WARMUP = 50;
const RUNS = 300;
for (let i = 0; i < WARMUP; i++) kp.buildKeyImportRequest(options);
const times = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = process.hrtime.bigint();
  const r = kp.buildKeyImportRequest(options);
  const t1 = process.hrtime.bigint();
  if (r.encryptedKeyShares.length !== 5) throw new Error('bad request');
  times.push(Number(t1 - t0) / 1e6);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`buildKeyImportRequest n=5 secp256k1 t=3 dfns-v1 (${path.relative(process.cwd(), pkg) || '.'}, node ${process.version}): median ${at(0.5).toFixed(3)} ms, p10 ${at(0.1).toFixed(3)} ms (${RUNS} runs after ${WARMUP} warm-up)`);
