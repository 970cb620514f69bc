// Browser test (run wasm/build.sh first): serve wasm/example/ as the README says, open it in
// headless Debian Chromium through playwright-core, and use the page like a person: fill in the
// fields, click, read what it shows. The signer network is played in Node by a TestCluster of the
// repository's test build; the page itself loads the web package by its npm name from the
// tarball build.sh installed into example/node_modules. Keeps screenshots under
// wasm/test-output/ (git-ignored) and prints their paths.
// Usage: node test/browser.mjs   (CHROMIUM=/path/to/chromium to use another binary)
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm, lstat, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { manifest, wasmDir } from './packaged.mjs';

const kpTest = createRequire(import.meta.url)('../pkg-node-test/keyport_wasm.js');
const root = path.join(wasmDir, 'example');
const outDir = path.join(wasmDir, 'test-output');
const web = manifest('web');
const vec = (f) => JSON.parse(readFileSync(path.join(wasmDir, '../tests/vectors/dfns-v1', f), 'utf8'));

// The page's copy of the package is the installed tarball of the current build: a real
// directory (not a link to pkg-web), holding exactly the package's files, byte for byte.
const installed = path.join(root, 'node_modules', web.name);
assert.ok((await lstat(installed)).isDirectory(), `${installed} is not an installed package (run wasm/build.sh)`);
for (const f of [...web.files, 'package.json']) {
  const [a, b] = await Promise.all([readFile(path.join(installed, f)), readFile(path.join(wasmDir, 'pkg-web', f))]);
  assert.ok(a.equals(b), `${installed}/${f} differs from pkg-web: run wasm/build.sh`);
}

// Served exactly as the README says: python3 -m http.server -d wasm/example (on a free port).
const server = spawn('python3', ['-u', '-m', 'http.server', '-d', root, '-b', '127.0.0.1', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
const port = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (d) => {
    seen += d;
    const m = seen.match(/port (\d+)/);
    if (m) resolve(Number(m[1]));
  });
  server.on('exit', (code) => reject(new Error(`python3 -m http.server exited (${code}): ${seen}`)));
});
server.stderr.resume();
const origin = `http://127.0.0.1:${port}`;
const served = [];
const userDataDir = await mkdtemp(path.join(tmpdir(), 'keyport-chromium-'));
await mkdir(outDir, { recursive: true });
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];
let failed = false;
try {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.ok() && served.push(new URL(r.url()).pathname.slice(1)));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.setDefaultTimeout(30000);
  await page.goto(`${origin}/`);
  await page.locator('#status.ok, #status.bad').waitFor();
  assert.equal(await page.textContent('#status'), 'Ready.');
  assert.ok(served.includes(`node_modules/${web.name}/keyport_wasm_bg.wasm`), 'the module did not come from the installed package');

  const visible = (sel) => page.locator(sel).waitFor({ state: 'visible' });
  const text = (sel) => page.locator(sel).innerText();
  const value = (sel) => page.inputValue(sel);
  const secret = '1f2e3d4c5b6a79880102030405060708090a0b0c0d0e0f1011121314151617aa';
  const expected = kpTest.inspectKey({ privateKey: secret, keyFormat: 'hex', curve: 'secp256k1' });
  const cluster = new kpTest.TestCluster(5, 'dfns-v1');

  // --- Mistakes first: each shows its error on the page, and no half result.
  await page.fill('#signers', JSON.stringify(cluster.signers(), null, 1));
  await page.fill('#key', secret);
  await page.selectOption('#key-format', 'hex');
  await page.selectOption('#curve', 'secp256k1');
  await page.selectOption('#protocol', 'CGGMP24');
  await page.fill('#min-signers', '9');
  await page.click('#build');
  await visible('#import-error');
  assert.match(await text('#import-error'), /^INVALID_THRESHOLD: /);
  assert.ok(!(await text('#import-error')).includes(secret), 'the error shows the key');
  assert.equal(await page.isHidden('#import-result'), true);
  await page.click('#start-export');
  await visible('#export-request-box');
  await page.fill('#response', '{"publicKey": 5}');
  await page.click('#recover');
  await visible('#export-error');
  assert.match(await text('#export-error'), /^MALFORMED: /);
  await page.fill('#response', '{"publicKey":');
  await page.click('#recover');
  assert.match(await text('#export-error'), /^INVALID_JSON: the export response is not valid JSON/);
  const errorsShot = path.join(outDir, 'example-errors.png');
  await page.screenshot({ path: errorsShot, fullPage: true });

  // --- The examples (public test vectors): import to the vector's signers, recover its export.
  await page.click('#import-sample');
  await page.waitForFunction(() => document.getElementById('key').value.length > 0);
  await page.click('#build');
  await visible('#import-result');
  const im = vec('import-secp256k1-cggmp21.json');
  assert.equal(kpTest.TestCluster.fromSignerSecrets(im.signerSecrets).acceptImport('v', JSON.parse(await value('#request'))), im.publicKey.toLowerCase());
  await page.click('#export-sample');
  await page.waitForFunction(() => document.getElementById('response').value.length > 0);
  await page.click('#recover');
  await visible('#export-result');
  assert.match(await text('#recovered-info'), new RegExp(`Private key\\s+${vec('export-secp256k1-cggmp21.json').secretKey}`));

  // --- Import: paste the signers and the key, read the public key and addresses, copy the request.
  await page.fill('#signers', JSON.stringify(cluster.signers(), null, 1));
  await page.fill('#key', secret);
  await page.selectOption('#key-format', 'hex');
  await page.selectOption('#protocol', 'CGGMP24');
  await page.fill('#min-signers', '3');
  await page.fill('#name', 'treasury');
  await page.click('#build');
  await visible('#import-result');
  assert.equal(await page.isHidden('#import-error'), true);
  const info = await text('#key-info');
  assert.ok(info.includes(expected.publicKey), 'public key shown');
  assert.ok(info.includes(expected.addresses.ethereum), 'Ethereum address shown');
  assert.ok(info.includes(expected.addresses.bitcoinP2wpkh), 'Bitcoin address shown');
  const request = JSON.parse(await value('#request'));
  assert.equal(request.name, 'treasury');
  assert.equal(request.protocol, 'CGGMP24');
  await page.click('#copy-request');
  await page.locator('#copy-request-done', { hasText: 'Copied.' }).waitFor();
  assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), request);
  assert.equal(cluster.acceptImport('key-1', request), expected.publicKey, 'the signers accept the request');

  // --- Export: start it, hand the request to the signers, paste their response, read the key.
  await page.click('#start-export');
  const exportRequest = JSON.parse(await value('#export-request'));
  await page.fill('#response', JSON.stringify(cluster.answerExport('key-1', exportRequest), null, 1));
  await page.click('#recover');
  await visible('#export-result');
  assert.equal(await page.isHidden('#export-error'), true);
  const recovered = await text('#recovered-info');
  assert.match(recovered, new RegExp(`Private key\\s+${secret}`));
  assert.ok(recovered.includes(expected.publicKey));
  assert.match(recovered, /Bad signers\s+none/);
  const shot = path.join(outDir, 'example.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshots: ${shot} ${errorsShot}`);

  // --- The web package README's example, as written, in a page that loads the package by name
  // (the same import map, so the same installed tarball); `api` is the TestCluster in Node.
  const readme = readFileSync(path.join(installed, 'README.md'), 'utf8');
  const example = readme.match(/```js\n([\s\S]*?)```/)[1];
  assert.ok(example.includes(`from '${web.name}'`), 'the README example imports the package by name');
  const readmeCluster = new kpTest.TestCluster(5);
  await page.exposeFunction('kpApi', (method, p, body) => {
    if (method === 'get' && p === '/signers') return readmeCluster.signers();
    if (method === 'post' && p === '/keys/import') return { id: 'key-9', publicKey: readmeCluster.acceptImport('key-9', body) };
    if (method === 'post' && p === '/keys/key-9/export') return readmeCluster.answerExport('key-9', body);
    throw new Error(`unexpected ${method} ${p}`);
  });
  const importMap = readFileSync(path.join(root, 'index.html'), 'utf8').match(/<script type="importmap">[\s\S]*?<\/script>/)[0];
  await page.route(`${origin}/readme-example.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${importMap}<script type="module">
const api = { get: (p) => window.kpApi('get', p), post: (p, body) => window.kpApi('post', p, body) };
const key = Uint8Array.from('${secret}'.match(/../g), (h) => parseInt(h, 16));
${example}
window.readmeResult = { privateKey: Array.from(privateKey, (b) => b.toString(16).padStart(2, '0')).join(''), publicKey, badSigners };
</script>`,
  }));
  await page.goto(`${origin}/readme-example.html`);
  const readmeResult = await (await page.waitForFunction(() => window.readmeResult)).jsonValue();
  assert.deepEqual(readmeResult, { privateKey: secret, publicKey: expected.publicKey, badSigners: [] });
  console.log('the web README example ran in Chromium');
  assert.deepEqual(problems, []);
} catch (e) {
  console.error(e.stack ?? e.message);
  for (const p of problems) console.error(p);
  failed = true;
} finally {
  await context.close();
  server.kill();
  await rm(userDataDir, { recursive: true, force: true });
}
console.log(failed ? 'browser test FAILED' : 'browser test ok');
process.exit(failed ? 1 : 0);
