// The example page: import (signers + key -> public key, addresses, request) and export
// (one-time context -> request; response + context -> key), with the web package loaded by its
// npm name (the import map in index.html). Every failure is shown on the page, with its code.
const $ = (id) => document.getElementById(id);
const status = $('status');

let kp;
try {
  kp = await import('keyport-mpc-wasm-web');
  await kp.default();
} catch (e) {
  status.className = 'status bad';
  status.textContent =
    'The keyport package could not be loaded: ' + e.message +
    '. Build it first (wasm/build.sh installs it into wasm/example/node_modules), then serve wasm/example/.';
  throw e;
}
const pkg = await fetch('./node_modules/keyport-mpc-wasm-web/package.json').then((r) => r.json()).catch(() => null);
if (pkg) $('version').textContent = `(${pkg.name} ${pkg.version})`;
status.className = 'status ok';
status.textContent = 'Ready.';
for (const b of document.querySelectorAll('button')) b.disabled = false;

/** Show `e` (a keyport Error with a code, or any Error) in the error box `id`. */
function showError(id, e) {
  const box = $(id);
  box.replaceChildren();
  if (e.code) {
    const code = document.createElement('code');
    code.textContent = e.code;
    box.append(code, ': ');
  }
  box.append(e.message);
  box.hidden = false;
}

/** Parse the JSON text of a textarea, or throw an Error that names the field. */
function json(id, what) {
  const text = $(id).value.trim();
  if (!text) throw Object.assign(new Error(`paste the ${what} first`), { code: 'MISSING_INPUT' });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw Object.assign(new Error(`the ${what} is not valid JSON (${e.message})`), { code: 'INVALID_JSON' });
  }
}

/** Fill a key/value table: rows of [label, value, secret?]. */
function table(id, rows) {
  $(id).replaceChildren(
    ...rows.map(([k, v, secret]) => {
      const tr = document.createElement('tr');
      if (secret) tr.className = 'secret';
      const th = document.createElement('th');
      th.textContent = k;
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(th, td);
      return tr;
    }),
  );
}

const ADDRESS_NAMES = {
  ethereum: 'Ethereum', bitcoinP2pkh: 'Bitcoin P2PKH', bitcoinP2wpkh: 'Bitcoin P2WPKH',
  bitcoinP2tr: 'Bitcoin P2TR', solana: 'Solana', starknet: 'Starknet',
};
const addressRows = (info) =>
  Object.entries(info.addresses).map(([k, v]) => [ADDRESS_NAMES[k] ?? k, v]);
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function copy(from, done) {
  try {
    await navigator.clipboard.writeText($(from).value);
    $(done).textContent = 'Copied.';
  } catch {
    $(from).select();
    $(done).textContent = 'Selected: press Ctrl+C to copy.';
  }
}

// --- import -------------------------------------------------------------------------------
$('build').addEventListener('click', () => {
  $('import-error').hidden = true;
  $('import-result').hidden = true;
  try {
    const keyOptions = {
      privateKey: $('key').value.trim(),
      keyFormat: $('key-format').value,
      curve: $('curve').value,
      ...($('passphrase').value ? { passphrase: $('passphrase').value } : {}),
      ...($('path').value.trim() ? { path: $('path').value.trim() } : {}),
    };
    const signers = json('signers', 'signers JSON');
    const minSigners = Number($('min-signers').value);
    // Everything is validated (the request is built) before anything is shown.
    const request = kp.buildKeyImportRequest({
      ...keyOptions, signers, minSigners, protocol: $('protocol').value,
      ...($('name').value.trim() ? { name: $('name').value.trim() } : {}),
    });
    const info = kp.inspectKey(keyOptions);
    // The key an export of this import must return: recovery refuses any other.
    $('expected-key').value = info.publicKey;
    table('key-info', [
      ['Curve', info.curve], ['Public key', info.publicKey], ...addressRows(info),
      ['Shares', `${request.encryptedKeyShares.length} (any ${request.minSigners} can sign)`],
    ]);
    $('request').value = JSON.stringify(request, null, 2);
    $('copy-request-done').textContent = '';
    $('import-result').hidden = false;
  } catch (e) {
    showError('import-error', e);
  }
});
$('copy-request').addEventListener('click', () => copy('request', 'copy-request-done'));

// --- export -------------------------------------------------------------------------------
$('start-export').addEventListener('click', () => {
  $('export-error').hidden = true;
  try {
    const ctx = new kp.KeyExportContext($('envelope').value);
    $('export-request').value = JSON.stringify(ctx.request(), null, 2);
    // A JS string that cannot be wiped (see the package README): fine for a demo page.
    $('context').value = ctx.exportSecretJSON();
    ctx.free();
    $('copy-export-request-done').textContent = '';
    $('export-request-box').hidden = false;
  } catch (e) {
    showError('export-error', e);
  }
});
$('copy-export-request').addEventListener('click', () => copy('export-request', 'copy-export-request-done'));

$('recover').addEventListener('click', () => {
  $('export-error').hidden = true;
  $('export-result').hidden = true;
  let ctx;
  try {
    const contextText = $('context').value.trim();
    if (!contextText) throw Object.assign(new Error('paste the export context first (or start an export)'), { code: 'MISSING_INPUT' });
    const response = json('response', 'export response');
    ctx = kp.KeyExportContext.fromSecretJSON(contextText);
    // Without an expected key (and none recorded in the context) the package refuses with
    // EXPECTED_KEY_REQUIRED: a relay could otherwise substitute a key of its own.
    const expectedPublicKey = $('expected-key').value.trim();
    const key = expectedPublicKey ? ctx.recover(response, { expectedPublicKey }) : ctx.recover(response);
    let addresses = [];
    try {
      addresses = addressRows(kp.inspectKey({ privateKey: key.privateKey, curve: key.curve }));
    } catch {
      // Addresses are a convenience; the recovered key was already checked against the expected key.
    }
    table('recovered-info', [
      ['Private key', hex(key.privateKey) + (key.curve === 'ed25519' ? '  (the RFC 8032 secret scalar, not a seed)' : ''), true],
      ['Public key', key.publicKey], ['Curve', key.curve], ['Protocol', key.protocol],
      ...(key.chainCode ? [['Chain code', key.chainCode, true]] : []),
      ...addresses,
      ['Bad signers', key.badSigners.length ? key.badSigners.join(', ') : 'none'],
    ]);
    key.privateKey.fill(0);
    $('export-result').hidden = false;
  } catch (e) {
    showError('export-error', e);
  } finally {
    ctx?.free();
  }
});

// --- examples (public test vectors, made by samples.mjs) ----------------------------------
async function samples() {
  const r = await fetch('samples.json');
  if (!r.ok) throw new Error(`samples.json: HTTP ${r.status} (wasm/build.sh writes it)`);
  return r.json();
}
$('import-sample').addEventListener('click', async () => {
  try {
    const s = (await samples()).import;
    $('signers').value = JSON.stringify(s.signers, null, 1);
    $('key').value = s.privateKey;
    $('key-format').value = s.keyFormat;
    $('curve').value = s.curve;
    $('protocol').value = s.protocol;
    $('min-signers').value = s.minSigners;
  } catch (e) {
    showError('import-error', e);
  }
});
$('export-sample').addEventListener('click', async () => {
  try {
    const s = (await samples()).export;
    $('context').value = s.context;
    $('expected-key').value = s.response.publicKey;
    $('response').value = JSON.stringify(s.response, null, 1);
  } catch (e) {
    showError('export-error', e);
  }
});
