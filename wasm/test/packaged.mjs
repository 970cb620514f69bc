// The packages as a user gets them: `npm pack` pkg-node and pkg-web, then `npm install` both
// tarballs into a fresh temporary project. Used by package.test.mjs (Node, CommonJS and ESM).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const wasmDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `npm <args>` in `cwd`; its stdout. */
export const npm = (cwd, ...args) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The package.json of pkg-<target>. */
export const manifest = (target) =>
  JSON.parse(readFileSync(path.join(wasmDir, `pkg-${target}`, 'package.json'), 'utf8'));

/**
 * A fresh project with both packed packages installed from their tarballs.
 * Returns { dir, tarballs: { node, web } (paths), packed: { node, web } (npm pack --json) }.
 */
export function installPackedPackages() {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyport-user-'));
  const tarballs = {};
  const packed = {};
  for (const target of ['node', 'web']) {
    const [info] = JSON.parse(npm(wasmDir, 'pack', '--json', '--pack-destination', dir, `./pkg-${target}`));
    packed[target] = info;
    tarballs[target] = path.join(dir, info.filename);
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'keyport-user', private: true }) + '\n');
  npm(dir, 'install', '--no-audit', '--no-fund', '--offline', tarballs.node, tarballs.web);
  return { dir, tarballs, packed };
}
