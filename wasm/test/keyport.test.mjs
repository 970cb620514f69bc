// Node tests of the nodejs packages (run wasm/build.sh first): node --test test/
// `kp` is the test build (pkg-node-test, with TestCluster); `shipped` is pkg-node, the package
// users get, checked against the test build's signers and for what its default build leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const kp = require('../pkg-node-test/keyport_wasm.js');
const shipped = require('../pkg-node/keyport_wasm.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const vecDir = path.join(here, '../../tests/vectors/dfns-v1');
const hex = (u8) => Buffer.from(u8).toString('hex');
const load = (f) => JSON.parse(readFileSync(path.join(vecDir, f), 'utf8'));
/** The secret context file of an export vector (its one-time key is `decryptionKey`). */
const secretJSON = (v) => JSON.stringify({ envelope: 'dfns-v1', decryptionKey: v.decryptionKey });
const files = (prefix) => readdirSync(vecDir).filter((f) => f.startsWith(prefix) && f.endsWith('.json') && !f.includes('edge'));

test('dfns-v1 export vectors: positive cases recover secretKey', () => {
  let n = 0;
  for (const f of files('export-')) {
    const v = load(f);
    const ctx = kp.KeyExportContext.fromSecretJSON(secretJSON(v));
    assert.equal(ctx.request().encryptionKey, v.request.encryptionKey, `${f}: request`);
    for (const c of v.cases) {
      if (!c.expected.ok) continue;
      const r = ctx.recover(c.response, { expectedPublicKey: v.publicKey });
      assert.equal(hex(r.privateKey), c.expected.secretKey, `${f} ${c.name}`);
      assert.ok(r.privateKey instanceof Uint8Array);
      n++;
    }
  }
  assert.ok(n >= 15, `only ${n} positive cases`);
});

test('dfns-v1 export vectors: negative cases throw coded errors or name the bad signer', () => {
  let n = 0;
  for (const f of files('export-')) {
    const v = load(f);
    const ctx = kp.KeyExportContext.fromSecretJSON(secretJSON(v));
    for (const c of v.cases) {
      if (c.expected.ok || c.name === 'api_shape_passed_unmapped') continue; // keyport accepts both shapes
      let result;
      try {
        result = ctx.recover(c.response, { expectedPublicKey: v.publicKey });
      } catch (e) {
        assert.ok(e instanceof Error, `${f} ${c.name}: not an Error`);
        assert.match(e.code, /^[A-Z][A-Z0-9_]+$/, `${f} ${c.name}: code ${e.code}`);
        assert.ok(!e.message.includes(v.secretKey), 'message leaks the secret');
        n++;
        continue;
      }
      // keyport's robust recovery rebuilds the key past a corrupted share and names its signer.
      assert.ok(result.badSigners.length > 0, `${f} ${c.name}: succeeded without naming a bad signer`);
      assert.equal(hex(result.privateKey), v.secretKey);
      n++;
    }
  }
  assert.ok(n >= 20);
});

test('import against the vectors\' signers decrypts and verifies', () => {
  for (const f of files('import-')) {
    const v = load(f);
    const cluster = kp.TestCluster.fromSignerSecrets(v.signerSecrets);
    const request = kp.buildKeyImportRequest({
      privateKey: v.secretKey, keyFormat: v.curve === 'ed25519' ? 'ed25519-scalar' : 'hex', curve: v.curve, protocol: v.protocol,
      minSigners: v.minSigners, signers: v.signers, name: 'vector',
    });
    assert.equal(request.encryptedKeyShares.length, v.signers.length);
    assert.equal(request.protocol, v.protocol);
    const pk = cluster.acceptImport('k1', request);
    assert.equal(pk, v.publicKey.toLowerCase(), f);
    // The reference's own request opens too.
    const cluster2 = kp.TestCluster.fromSignerSecrets(v.signerSecrets);
    assert.equal(cluster2.acceptImport('k0', v.request), v.publicKey.toLowerCase());
  }
});

test('round trip through a TestCluster, both envelopes, all curves', () => {
  const cases = [
    ['secp256k1', 'CGGMP21', 'dfns-v1'], ['stark', 'CGGMP21', 'dfns-v1'], ['ed25519', 'FROST', 'dfns-v1'],
    ['secp256k1', 'FROST_BITCOIN', 'hpke-v1'], ['ed25519', 'FROST', 'hpke-v1'],
  ];
  for (const [curve, protocol, envelope] of cases) {
    const cluster = new kp.TestCluster(5, envelope);
    const secret = new Uint8Array(32); secret[31] = 7; secret[0] = 1;
    // 32 ed25519 bytes must say they are a scalar (a seed is the other reading).
    const keyFormat = curve === 'ed25519' ? 'ed25519-scalar' : undefined;
    const info = kp.inspectKey({ privateKey: secret, curve, keyFormat });
    const request = kp.buildKeyImportRequest({ privateKey: secret, curve, keyFormat, protocol, minSigners: 3, signers: cluster.signers() });
    assert.equal(cluster.acceptImport('key', request), info.publicKey);
    const ctx = new kp.KeyExportContext(envelope);
    const saved = ctx.exportSecretJSON();
    const response = cluster.answerExport('key', ctx.request());
    const r = kp.KeyExportContext.fromSecretJSON(saved).recover(response, { expectedPublicKey: info.publicKey });
    assert.deepEqual(Array.from(r.privateKey), Array.from(secret), `${curve} ${envelope}`);
    assert.equal(r.publicKey, info.publicKey);
    assert.deepEqual(r.badSigners, []);
  }
});

test('inspectKey gives addresses; ed25519 seed as bytes', () => {
  const eth = kp.inspectKey({ privateKey: '0x' + '01'.padStart(64, '0'), keyFormat: 'hex', curve: 'secp256k1' });
  assert.equal(eth.addresses.ethereum.toLowerCase(), '0x7e5f4552091a69125d5dfcb7b8c2659029395bdf');
  const seed = new Uint8Array(32).fill(9);
  const ed = kp.inspectKey({ privateKey: seed, keyFormat: 'ed25519-seed' });
  assert.equal(ed.curve, 'ed25519');
  assert.ok(ed.addresses.solana);
});

const code = (fn) => { try { fn(); } catch (e) { assert.ok(e instanceof Error); return e.code; } assert.fail('did not throw'); };

test('bad input throws Errors with stable codes and no secret in the message', () => {
  const cluster = new kp.TestCluster(3);
  const signers = cluster.signers();
  const secretHex = 'ab'.repeat(32);
  const base = { privateKey: secretHex, keyFormat: 'hex', curve: 'secp256k1', protocol: 'CGGMP21', minSigners: 2, signers };
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, curve: 'p256' })), 'UNKNOWN_CURVE');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, protocol: 'GG18' })), 'UNKNOWN_PROTOCOL');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, protocol: 'FROST' })), 'UNSUPPORTED_SCHEME');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, minSigners: 4 })), 'INVALID_THRESHOLD');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, privateKey: 'zz'.repeat(32) })), 'INVALID_ENCODING');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, privateKey: '00'.repeat(32) })), 'ZERO_SCALAR');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, privateKey: new Uint8Array(31) })), 'KEY_LENGTH');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, signers: [] })), 'NO_SIGNERS');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, signers: 5 })), 'MALFORMED');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, minSigner: 2 })), 'INVALID_ARGUMENT');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, envelope: 'hpke-v1' })), 'ENVELOPE_MISMATCH');
  assert.equal(code(() => kp.buildKeyImportRequest({ ...base, name: 'x'.repeat(101) })), 'NAME_TOO_LONG');
  assert.equal(code(() => kp.buildKeyImportRequest(null)), 'INVALID_ARGUMENT');
  assert.equal(code(() => new kp.KeyExportContext('dfns-v2')), 'UNKNOWN_ENVELOPE');
  assert.equal(code(() => kp.KeyExportContext.fromSecretJSON('{"envelope":1}')), 'MALFORMED');
  const ctx = new kp.KeyExportContext('dfns-v1');
  const v = load(files('export-').find((f) => f.includes('secp256k1-cggmp21')));
  const resp = v.cases.find((c) => c.expected.ok).response;
  assert.equal(code(() => ctx.recover(resp)), 'EXPECTED_KEY_REQUIRED');
  assert.equal(code(() => ctx.recover(resp, { expectedPublicKey: '02' + '11'.repeat(32) })), 'RESPONSE_KEY_MISMATCH');
  assert.equal(code(() => ctx.recover(resp, { expectedPublicKey: 7 })), 'INVALID_ARGUMENT');
  try { kp.buildKeyImportRequest({ ...base, curve: 'ed25519', keyFormat: 'ed25519-scalar', protocol: 'FROST', privateKey: 'ff'.repeat(32) }); assert.fail(); }
  catch (e) { assert.equal(e.code, 'SCALAR_OUT_OF_RANGE'); assert.ok(!e.message.includes('ff'.repeat(32))); }
});

test('shipped package: no TestCluster; its requests open at the test build\'s signers; export vectors recover', () => {
  assert.equal(shipped.TestCluster, undefined);
  for (const f of files('import-')) {
    const v = load(f);
    const cluster = kp.TestCluster.fromSignerSecrets(v.signerSecrets);
    const request = shipped.buildKeyImportRequest({
      privateKey: v.secretKey, keyFormat: v.curve === 'ed25519' ? 'ed25519-scalar' : 'hex', curve: v.curve, protocol: v.protocol,
      minSigners: v.minSigners, signers: { clusters: [{ clusterId: 'c', signers: v.signers }] },
    });
    assert.equal(cluster.acceptImport('k1', request), v.publicKey.toLowerCase(), f);
  }
  for (const envelope of ['dfns-v1', 'hpke-v1']) {
    const cluster = new kp.TestCluster(4, envelope);
    const secret = new Uint8Array(32).fill(3);
    const request = shipped.buildKeyImportRequest({ privateKey: secret, curve: 'ed25519', keyFormat: 'ed25519-scalar', protocol: 'FROST', minSigners: 2, signers: cluster.signers() });
    cluster.acceptImport('k', request);
    const pk = kp.inspectKey({ privateKey: secret, curve: 'ed25519', keyFormat: 'ed25519-scalar' }).publicKey;
    // The expected key recorded at construction: recover needs nothing more.
    const ctx = new shipped.KeyExportContext(envelope, { expectedPublicKey: pk, curve: 'ed25519' });
    const r = ctx.recover(cluster.answerExport('k', ctx.request()));
    assert.deepEqual(Array.from(r.privateKey), Array.from(secret));
  }
  for (const f of files('export-')) {
    const v = load(f);
    const ctx = shipped.KeyExportContext.fromSecretJSON(secretJSON(v));
    const c = v.cases.find((c) => c.expected.ok);
    assert.equal(hex(ctx.recover(c.response, { expectedPublicKey: v.publicKey }).privateKey), c.expected.secretKey, f);
  }
});

test('shipped package: P-256 and X-Wing recipients and non-ASCII passphrases give coded errors', () => {
  const cluster = new kp.TestCluster(3, 'hpke-v1');
  const signers = cluster.signers().clusters[0].signers;
  // hpke-v1 recipient keys: 0x02 || key_id || kem_id || public key || suites (RFC 9458 key config).
  const recipient = (kem, pkLen) => Buffer.concat([
    Buffer.from([2, 1]), Buffer.from(kem, 'hex'), Buffer.alloc(pkLen, 4), Buffer.from('000400010003', 'hex'),
  ]).toString('base64');
  for (const [kem, len] of [['0010', 65], ['647a', 1216]]) {
    const odd = signers.map((s, i) => (i === 1 ? { ...s, encryptionKey: recipient(kem, len) } : s));
    let err;
    try {
      shipped.buildKeyImportRequest({ privateKey: 'ab'.repeat(32), keyFormat: 'hex', curve: 'secp256k1', protocol: 'CGGMP21', minSigners: 2, signers: odd });
    } catch (e) { err = e; }
    assert.ok(err instanceof Error, kem);
    assert.equal(err.code, 'UNSUPPORTED_KEM', kem);
    assert.match(err.message, new RegExp(`0x${kem}`));
  }
  const phrase = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
  assert.equal(code(() => shipped.inspectKey({ privateKey: phrase, keyFormat: 'mnemonic', curve: 'secp256k1', passphrase: 'caf\u00e9' })), 'INVALID_ENCODING');
  // ASCII passphrases need no normalisation: BIP-39 vector (Trezor), passphrase "TREZOR".
  const a = shipped.inspectKey({ privateKey: phrase, keyFormat: 'mnemonic', curve: 'secp256k1', passphrase: 'TREZOR' });
  const b = kp.inspectKey({ privateKey: phrase, keyFormat: 'mnemonic', curve: 'secp256k1', passphrase: 'TREZOR' });
  assert.equal(a.publicKey, b.publicKey);
  assert.equal(code(() => shipped.buildKeyImportRequest({ privateKey: 'ab'.repeat(32), keyFormat: 'hex', curve: 'secp256k1', protocol: 'CGGMP21', minSigners: 2, signers: 5 })), 'MALFORMED');
});

test('KeyExportContext: JSON.stringify never writes the decryption key; exportSecretJSON/fromSecretJSON do', () => {
  for (const [pkg, envelope] of [[shipped, 'dfns-v1'], [shipped, 'hpke-v1'], [kp, 'dfns-v1']]) {
    const ctx = new pkg.KeyExportContext(envelope);
    const secret = ctx.exportSecretJSON();
    assert.equal(typeof secret, 'string');
    const { decryptionKey, ...rest } = JSON.parse(secret);
    assert.deepEqual(rest, { envelope });
    assert.match(decryptionKey, /^[0-9a-f]{64,}$/);
    // Any object that holds the context: only the public part is written.
    const logged = JSON.stringify({ pending: { ctx }, list: [ctx] });
    assert.ok(!logged.includes(decryptionKey), `${envelope}: JSON.stringify leaks the decryption key`);
    const pub = { envelope, encryptionKey: ctx.request().encryptionKey };
    assert.deepEqual(JSON.parse(logged), { pending: { ctx: pub }, list: [pub] });
    assert.deepEqual(ctx.toJSON(), pub);
    // Back from the text, or from its UTF-8 bytes (a file read back: a Buffer the caller wipes).
    for (const input of [secret, Buffer.from(secret), new TextEncoder().encode(secret)]) {
      const back = pkg.KeyExportContext.fromSecretJSON(input);
      assert.equal(back.envelope, envelope);
      assert.equal(back.request().encryptionKey, pub.encryptionKey);
      assert.equal(back.exportSecretJSON(), secret);
    }
    // The public part is not a context; neither is an object or non-UTF-8 bytes.
    assert.equal(code(() => pkg.KeyExportContext.fromSecretJSON(logged)), 'MALFORMED');
    assert.equal(code(() => pkg.KeyExportContext.fromSecretJSON(JSON.stringify(pub))), 'MALFORMED');
    assert.equal(code(() => pkg.KeyExportContext.fromSecretJSON(JSON.parse(secret))), 'INVALID_ARGUMENT');
    assert.equal(code(() => pkg.KeyExportContext.fromSecretJSON(new Uint8Array([0x7b, 0xff, 0x7d]))), 'INVALID_ARGUMENT');
    assert.equal(code(() => pkg.KeyExportContext.fromSecretJSON(undefined)), 'INVALID_ARGUMENT');
    // The old names are gone, so code that relied on them fails loudly instead of saving junk.
    assert.equal(pkg.KeyExportContext.fromJSON, undefined);
  }
});

test('the TypeScript declarations name the secret-context methods and no fromJSON', () => {
  for (const dir of ['pkg-node', 'pkg-web']) {
    const dts = readFileSync(path.join(here, '..', dir, 'keyport_wasm.d.ts'), 'utf8');
    assert.match(dts, /exportSecretJSON\(\): string;/, dir);
    assert.match(dts, /static fromSecretJSON\(secret: string \| Uint8Array\): KeyExportContext;/, dir);
    assert.match(dts, /toJSON\(\): KeyExportContextPublic;/, dir);
    assert.doesNotMatch(dts, /fromJSON\(/, dir);
  }
});

test('signersFingerprint: the SPEC.md §8.4 vector, order-independent, in the shipped package too', () => {
  const signers = [{ signerId: 'Ag==', encryptionKey: 'Cgs=' }, { signerId: 'AQ==', encryptionKey: 'DA==' }];
  const vector = '6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3';
  for (const m of [kp, shipped]) {
    assert.equal(m.signersFingerprint({ clusters: [{ clusterId: 'c1', signers }] }), vector);
    assert.equal(m.signersFingerprint({ clusters: [{ clusterId: 'c1', signers: [...signers].reverse() }] }), vector);
    const two = { clusters: [{ clusterId: 'c0', signers }, { clusterId: 'c1', signers }] };
    assert.equal(m.signersFingerprint(two, 'c1'), vector);
    assert.notEqual(m.signersFingerprint(signers), vector); // a bare array has the empty cluster id
    assert.equal(code(() => m.signersFingerprint(two)), 'CLUSTER_CHOICE_NEEDED');
    assert.equal(code(() => m.signersFingerprint([signers[0], signers[0]])), 'DUPLICATE_SIGNER');
    assert.equal(code(() => m.signersFingerprint([])), 'NO_SIGNERS');
  }
  // The TestCluster's signers, as the CLI's `keyport signers fingerprint` would print them.
  assert.match(kp.signersFingerprint(new kp.TestCluster(3).signers()), /^[0-9a-f]{64}$/);
});
