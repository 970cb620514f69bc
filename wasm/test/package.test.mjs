// The npm packages as a user gets them (run wasm/build.sh first): pack pkg-node and pkg-web,
// install the tarballs into a fresh project, and use them there BY NAME from CommonJS and ESM
// scripts run by a separate `node`; run the README's example as written. The results are checked
// here against the repository's test build (TestCluster) and the dfns-v1 vectors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installPackedPackages, manifest, wasmDir } from './packaged.mjs';

const require = createRequire(import.meta.url);
const kpTest = require('../pkg-node-test/keyport_wasm.js');
const vecDir = path.join(wasmDir, '../tests/vectors/dfns-v1');
const load = (f) => JSON.parse(readFileSync(path.join(vecDir, f), 'utf8'));
const cargoVersion = readFileSync(path.join(wasmDir, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const NODE = manifest('node').name;
const WEB = manifest('web').name;

let project;
before(() => {
  project = installPackedPackages();
});
process.on('exit', () => project && rmSync(project.dir, { recursive: true, force: true }));

/** Run `file` (written into the project with `source`) with node; its stdout parsed as JSON. */
function run(file, source) {
  writeFileSync(path.join(project.dir, file), source);
  const out = execFileSync(process.execPath, [file], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, VECTORS: vecDir } });
  return JSON.parse(out);
}

// What a user script does with the package `kp`: import to the vector's signers, inspect a key,
// recover an export vector, and catch a coded error. Prints the results as JSON.
const USE = `
const fs = require_('node:fs');
const vec = (f) => JSON.parse(fs.readFileSync(process.env.VECTORS + '/' + f, 'utf8'));
const im = vec('import-secp256k1-cggmp21.json');
const ex = vec('export-secp256k1-cggmp21.json');
const request = kp.buildKeyImportRequest({ privateKey: im.secretKey, keyFormat: 'hex', curve: im.curve,
  protocol: im.protocol, minSigners: im.minSigners, signers: { clusters: [{ clusterId: 'c', signers: im.signers }] } });
const info = kp.inspectKey({ privateKey: '0x' + '01'.padStart(64, '0'), keyFormat: 'hex', curve: 'secp256k1' });
const ctx = kp.KeyExportContext.fromSecretJSON(JSON.stringify({ envelope: 'dfns-v1', decryptionKey: ex.decryptionKey }));
const okCase = ex.cases.find((c) => c.expected.ok);
const recovered = ctx.recover(okCase.response, { expectedPublicKey: okCase.response.publicKey });
let code;
try { kp.buildKeyImportRequest({ privateKey: im.secretKey, keyFormat: 'hex', curve: 'p256', protocol: 'CGGMP21', minSigners: 2, signers: [] }); } catch (e) { code = e instanceof Error && e.code; }
process.stdout.write(JSON.stringify({ request, ethereum: info.addresses.ethereum, secretKey: Buffer.from(recovered.privateKey).toString('hex'),
  code, exportRequest: new kp.KeyExportContext().request() }));
`;

/** The checks on what USE printed. */
function checkUse(out, what) {
  const v = load('import-secp256k1-cggmp21.json');
  const cluster = kpTest.TestCluster.fromSignerSecrets(v.signerSecrets);
  assert.equal(cluster.acceptImport('k', out.request), v.publicKey.toLowerCase(), `${what}: the request opens at the signers`);
  assert.equal(out.ethereum.toLowerCase(), '0x7e5f4552091a69125d5dfcb7b8c2659029395bdf', what);
  assert.equal(out.secretKey, load('export-secp256k1-cggmp21.json').secretKey, what);
  assert.equal(out.code, 'UNKNOWN_CURVE', what);
  assert.match(out.exportRequest.encryptionKey, /^A[A-Za-z0-9+/]+=*$/, what);
}

test('package.json and tarball: name, the Cargo version, types, exports, files, README', () => {
  for (const target of ['node', 'web']) {
    const m = manifest(target);
    assert.equal(m.version, cargoVersion, target);
    assert.match(m.name, /^(@[a-z0-9-]+\/)?[a-z0-9-]+$/, target);
    assert.equal(m.license, 'MIT OR Apache-2.0');
    assert.equal(m.types, './keyport_wasm.d.ts');
    assert.equal(m.exports['.'].types, './keyport_wasm.d.ts');
    assert.equal(m.type, target === 'node' ? 'commonjs' : 'module');
    const inTarball = project.packed[target].files.map((f) => f.path).sort();
    assert.deepEqual(inTarball, [...m.files, 'package.json'].sort(), `${target}: files`);
    for (const f of ['keyport_wasm.js', 'keyport_wasm.d.ts', 'keyport_wasm_bg.wasm', 'README.md']) {
      assert.ok(inTarball.includes(f), `${target}: ${f} not in the tarball`);
    }
    const installed = path.join(project.dir, 'node_modules', m.name);
    assert.ok(existsSync(path.join(installed, 'keyport_wasm_bg.wasm')), `${target}: not installed`);
    const readme = readFileSync(path.join(installed, 'README.md'), 'utf8');
    assert.ok(readme.includes(`npm install ${m.name}`), `${target}: README`);
    assert.doesNotMatch(readme, /\{\{|<!-- (node|web) -->/, `${target}: README template left over`);
    assert.match(readme, /## Secrets and JS strings/);
  }
});

test('Node, CommonJS: require() the installed package by name', () => {
  checkUse(run('use.cjs', `const require_ = require; const kp = require('${NODE}');\n${USE}`), 'CommonJS');
});

test('Node, ESM: named and default imports of the installed package by name', () => {
  const src = `import { createRequire } from 'node:module';
import kpDefault, { buildKeyImportRequest, inspectKey, KeyExportContext } from '${NODE}';
const require_ = createRequire(import.meta.url);
if (kpDefault.buildKeyImportRequest !== buildKeyImportRequest) throw new Error('default and named exports differ');
const kp = { buildKeyImportRequest, inspectKey, KeyExportContext };
${USE}`;
  checkUse(run('use.mjs', src), 'ESM');
});

test('Node, ESM: the web package by name, initialised with its .wasm (resolved through exports)', () => {
  const src = `import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import init, { buildKeyImportRequest, inspectKey, KeyExportContext } from '${WEB}';
const require_ = createRequire(import.meta.url);
await init({ module_or_path: readFileSync(require_.resolve('${WEB}/keyport_wasm_bg.wasm')) });
const kp = { buildKeyImportRequest, inspectKey, KeyExportContext };
${USE}`;
  checkUse(run('use-web.mjs', src), 'web package in Node');
});

test("the package README's example runs as written (against an in-process test cluster)", () => {
  const readme = readFileSync(path.join(project.dir, 'node_modules', NODE, 'README.md'), 'utf8');
  const example = readme.match(/```js\n([\s\S]*?)```/)[1];
  assert.ok(example.split('\n').filter(Boolean).length <= 11, 'the example is about ten lines');
  assert.ok(example.includes(`from '${NODE}'`), 'the example imports the package by name');
  const secret = '1f2e3d4c5b6a79880102030405060708090a0b0c0d0e0f1011121314151617aa';
  // `api` and `key`, which the README says the user brings: a fake Dfns API over a TestCluster
  // of the repository's test build (only plain JSON objects cross between the two modules).
  const prelude = `import { createRequire } from 'node:module';
const { TestCluster } = createRequire(import.meta.url)(${JSON.stringify(path.join(wasmDir, 'pkg-node-test/keyport_wasm.js'))});
const cluster = new TestCluster(5);
const api = {
  async get(p) { if (p !== '/signers') throw new Error(p); return cluster.signers(); },
  async post(p, body) {
    body = JSON.parse(JSON.stringify(body));
    if (p === '/keys/import') return { id: 'key-1', publicKey: cluster.acceptImport('key-1', body) };
    if (p === '/keys/key-1/export') return cluster.answerExport('key-1', body);
    throw new Error(p);
  },
};
const key = Uint8Array.from(Buffer.from('${secret}', 'hex'));
`;
  const postlude = `\nprocess.stdout.write(JSON.stringify({ privateKey: Buffer.from(privateKey).toString('hex'), publicKey, badSigners }));\n`;
  const out = run('readme.mjs', prelude + example + postlude);
  assert.equal(out.privateKey, secret);
  assert.deepEqual(out.badSigners, []);
  assert.equal(out.publicKey, kpTest.inspectKey({ privateKey: secret, keyFormat: 'hex', curve: 'secp256k1' }).publicKey);
});

test('TypeScript: the installed packages type-check by name (ESM and CommonJS), and the secret stays out of toJSON', () => {
  const src = `import { buildKeyImportRequest, inspectKey, KeyExportContext } from '${NODE}';
import type { KeyImportRequest, KeyInfo, ListSignersResponse, RecoveredKey, KeyExportContextPublic } from '${NODE}';
import init, * as web from '${WEB}';
declare const signers: ListSignersResponse;
const request: KeyImportRequest = buildKeyImportRequest({ privateKey: new Uint8Array(32), curve: 'secp256k1', protocol: 'CGGMP24', minSigners: 3, signers });
const info: KeyInfo = inspectKey({ privateKey: 'ab'.repeat(32), keyFormat: 'hex', curve: 'secp256k1' });
const ctx = new KeyExportContext('hpke-v1');
const secret: string = ctx.exportSecretJSON();
const back: KeyExportContext = KeyExportContext.fromSecretJSON(new TextEncoder().encode(secret));
const pub: KeyExportContextPublic = ctx.toJSON();
// @ts-expect-error the decryption key is not part of toJSON
ctx.toJSON().decryptionKey;
// @ts-expect-error fromJSON is gone: fromSecretJSON is the one way in
KeyExportContext.fromJSON(secret);
// @ts-expect-error an unknown curve
buildKeyImportRequest({ privateKey: 'x', curve: 'p256', protocol: 'CGGMP24', minSigners: 3, signers });
await init();
const recovered: RecoveredKey = new web.KeyExportContext().recover(back.recover as never, { expectedPublicKey: '02' });
export { request, info, pub, recovered };
`;
  writeFileSync(path.join(project.dir, 'check.mts'), src);
  writeFileSync(path.join(project.dir, 'check.cts'), `import kp = require('${NODE}');\nexport const r: kp.KeyImportRequest = kp.buildKeyImportRequest({ privateKey: 'ab'.repeat(32), keyFormat: 'hex', curve: 'secp256k1', protocol: 'CGGMP21', minSigners: 2, signers: [] });\n`);
  const tsc = path.join(wasmDir, 'node_modules/typescript/bin/tsc');
  writeFileSync(path.join(project.dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'esnext.disposable', 'dom'], types: [] },
    files: ['check.mts', 'check.cts'],
  }));
  execFileSync(process.execPath, [tsc, '-p', '.'], { cwd: project.dir, stdio: 'inherit' });
});
