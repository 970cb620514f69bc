// Turn wasm-bindgen's output directory into an npm package: write its package.json and README.md.
// Usage (wasm/build.sh runs it): node npm/package.mjs <node|web> <dir>
//
// One place for the package names: `NAMES` below. The version, description and licence come from
// wasm/Cargo.toml, so the npm package and the crate never disagree. `files` is every file
// wasm-bindgen wrote (except its .gitignore), so a new output file is never silently left out.
// The README is npm/README.md with only this target's `<!-- node -->`/`<!-- web -->` sections.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm names. Free on npm when chosen; check again before the first publish (README.md). */
export const NAMES = { node: 'keyport-mpc-wasm-node', web: 'keyport-mpc-wasm-web' };

const here = path.dirname(fileURLToPath(import.meta.url));
const [target, dir] = process.argv.slice(2);
if (!(target in NAMES) || !dir) {
  console.error('usage: node npm/package.mjs <node|web> <dir>');
  process.exit(2);
}

/** `key = "value"` of the [package] table of wasm/Cargo.toml. */
function cargoField(key) {
  const toml = readFileSync(path.join(here, '../Cargo.toml'), 'utf8');
  const table = toml.split(/^\[/m).find((t) => t.startsWith('package]'));
  const m = table && table.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'));
  if (!m) throw new Error(`wasm/Cargo.toml: [package] ${key} not found`);
  return m[1];
}

const name = NAMES[target];
const version = cargoField('version');
const files = readdirSync(dir).filter((f) => !['.gitignore', 'package.json', 'README.md'].includes(f)).sort();
for (const f of ['keyport_wasm.js', 'keyport_wasm.d.ts', 'keyport_wasm_bg.wasm']) {
  if (!files.includes(f)) throw new Error(`${dir}: wasm-bindgen output ${f} is missing`);
}

const common = {
  name,
  version,
  description: `${cargoField('description').replace(/\.$/, '')} (${target === 'node' ? 'Node.js' : 'browsers and bundlers, ES module'} build).`,
  license: cargoField('license'),
  keywords: ['mpc', 'threshold-signatures', 'key-import', 'key-export', 'dfns', 'wasm'],
  files: [...files, 'README.md'],
  types: './keyport_wasm.d.ts',
};
const pkg =
  target === 'node'
    ? {
        ...common,
        // wasm-bindgen's nodejs target is CommonJS that reads the .wasm next to it; Node's ESM
        // loader sees its named exports too, so `import { … } from` works as well as `require`.
        type: 'commonjs',
        main: './keyport_wasm.js',
        exports: {
          '.': { types: './keyport_wasm.d.ts', default: './keyport_wasm.js' },
          './package.json': './package.json',
        },
        // WebAssembly SIMD (simd128).
        engines: { node: '>=16.4' },
      }
    : {
        ...common,
        // An ES module: `await init()` fetches keyport_wasm_bg.wasm from beside the module
        // (import.meta.url), or takes the module or its bytes as an argument.
        type: 'module',
        main: './keyport_wasm.js',
        module: './keyport_wasm.js',
        exports: {
          '.': { types: './keyport_wasm.d.ts', default: './keyport_wasm.js' },
          './keyport_wasm_bg.wasm': './keyport_wasm_bg.wasm',
          './package.json': './package.json',
        },
        sideEffects: false,
      };
writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

// The README: drop the other target's sections, fill in the name.
const other = target === 'node' ? 'web' : 'node';
const readme = readFileSync(path.join(here, 'README.md'), 'utf8')
  .replace(new RegExp(`<!-- ${other} -->[\\s\\S]*?<!-- /${other} -->\\n?`, 'g'), '')
  .replace(new RegExp(`<!-- /?${target} -->\\n?`, 'g'), '')
  .replaceAll('{{name}}', name)
  .replaceAll('{{other}}', NAMES[other])
  .replaceAll('{{version}}', version);
writeFileSync(path.join(dir, 'README.md'), readme);
