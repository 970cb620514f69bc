// Browser test: serve wasm/ over HTTP, open example/index.html in headless Debian chromium via
// playwright-core, and check the in-page round trip. Usage: node test/browser.mjs
import http from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = http.createServer(async (req, res) => {
  const p = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = path.join(root, p);
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const userDataDir = await mkdtemp(path.join(tmpdir(), 'keyport-chromium-'));
let failed = false;
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/example/index.html`);
  await page.waitForFunction(() => !document.getElementById('out').textContent.startsWith('running'), null, { timeout: 30000 });
  const text = await page.textContent('#out');
  console.log(text);
  const result = JSON.parse(text);
  if (result.result !== 'ok' || result.errorCode !== 'UNKNOWN_CURVE' || !/^0x[0-9a-fA-F]{40}$/.test(result.ethereum)) failed = true;
} catch (e) {
  console.error(e.message);
  failed = true;
} finally {
  await context.close();
  server.close();
  await rm(userDataDir, { recursive: true, force: true });
}
console.log(failed ? 'browser test FAILED' : 'browser test ok');
process.exit(failed ? 1 : 0);
