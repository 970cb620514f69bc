// Writes the example page's "Fill in an example" inputs (samples.json, to stdout) from the
// repository's public dfns-v1 test vectors: the import vector's signers and key, and the export
// vector's one-time context and a response. wasm/build.sh runs it. Never use these keys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const vectors = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../tests/vectors/dfns-v1');
const load = (f) => JSON.parse(readFileSync(path.join(vectors, f), 'utf8'));
const im = load('import-secp256k1-cggmp21.json');
const ex = load('export-secp256k1-cggmp21.json');
const response = ex.cases.find((c) => c.expected.ok).response;
process.stdout.write(JSON.stringify({
  import: {
    signers: { clusters: [{ clusterId: 'example-cluster', signers: im.signers }] },
    privateKey: im.secretKey, keyFormat: 'hex', curve: im.curve, protocol: im.protocol, minSigners: im.minSigners,
  },
  export: { context: JSON.stringify({ envelope: 'dfns-v1', decryptionKey: ex.decryptionKey }), response },
}, null, 1) + '\n');
