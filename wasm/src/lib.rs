//! # keyport-wasm
//!
//! JavaScript bindings of [`keyport`] for Node and browsers, built with wasm-bindgen.
//!
//! - `buildKeyImportRequest(options)`: split a key and seal one share to each signer.
//! - `inspectKey(options)`: the public key and addresses of a key, to check before importing.
//! - `KeyExportContext`: the one-time key of an export, the request, and `recover(response)`;
//!   `exportSecretJSON()` / `fromSecretJSON()` keep a pending export across a restart
//!   (`JSON.stringify` of a context writes only its public part).
//! - `TestCluster`: `n` in-process signers (keyport's reference signer), for tests and demos;
//!   only in builds with the `test-cluster` feature (not in the shipped packages).
//!
//! Structured data (signers, requests, responses) crosses the boundary as JSON text:
//! `JSON.stringify` on the way in and `JSON.parse` on the way out, read and written by
//! keyport's own strict JSON ([`keyport::json`]), so the module carries no serde format.
//!
//! Every error thrown is a JS `Error` with a stable `code` property: the keyport error variant
//! in SCREAMING_SNAKE_CASE (for example `DECRYPTION_FAILED`), or `INVALID_ARGUMENT` when an
//! argument has the wrong JS type or shape. Messages never contain secret input.
#![forbid(unsafe_code)]

#[cfg(feature = "test-cluster")]
use keyport::DecryptionKey;
#[cfg(feature = "test-cluster")]
use keyport::api::{KeyExportRequest, KeyImportRequest};
use keyport::api::{KeyExportResponse, SignersInput};
use keyport::json::Writer;
use keyport::keys::{KeyFormat, ParseOptions, ParsedKey, parse_key, parse_raw_key};
#[cfg(feature = "test-cluster")]
use keyport::signer::{Cluster, Signer};
use keyport::{
    CurveId, EnvelopeChoice, EnvelopeKind, ExpectedKey, ExportContext, ImportKey, ImportOptions,
    Protocol, build_import_request,
};
#[cfg(feature = "test-cluster")]
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Signing protocols, by their API name. */
export type Protocol = "CGGMP21" | "CGGMP24" | "KU23" | "FROST" | "FROST_BITCOIN" | "GLOW20_DH";
/** Curves, by their API name. */
export type Curve = "secp256k1" | "ed25519" | "stark";
/** Share envelopes. */
export type Envelope = "dfns-v1" | "hpke-v1";
/** Secret key input formats (see keyport's key formats). */
export type KeyFormat = "auto" | "hex" | "wif" | "ed25519-seed" | "ed25519-scalar" | "solana" | "stark" | "mnemonic" | "xprv";

/** One signer of a ListSigners response. */
export interface SignerInfo { signerId: string; encryptionKey: string; }
/** The ListSigners response. */
export interface ListSignersResponse { clusters: { clusterId: string; signers: SignerInfo[] }[]; }
/** One encrypted share. */
export interface EncryptedKeyShare { encryptedKeyShare: string; signerId: string; }

/** Options of buildKeyImportRequest. */
export interface BuildKeyImportRequestOptions {
  /** Text in `keyFormat`, or bytes: a raw 32-byte big-endian scalar, or an RFC 8032 seed when keyFormat is "ed25519-seed". */
  privateKey: string | Uint8Array;
  /** Default "auto" for text, "hex" (raw scalar) for bytes; ed25519 needs "ed25519-seed" or "ed25519-scalar" (bare hex is refused: ED25519_FORMAT_REQUIRED). */
  keyFormat?: KeyFormat;
  curve: Curve;
  protocol: Protocol;
  minSigners: number;
  /** The ListSigners response or a bare signers array. */
  signers: ListSignersResponse | SignerInfo[];
  /** Which cluster, when the response has several. */
  clusterId?: string;
  /** Key name, at most 100 characters. */
  name?: string;
  /** Import a BIP-32 master key with its chain code (hpke-v1 signers only). */
  masterKey?: boolean;
  /** Insist on an envelope; default: whatever the signers' keys say. */
  envelope?: Envelope;
  /** BIP-39 passphrase (mnemonic only). */
  passphrase?: string;
  /** Derivation path (mnemonic, xprv). */
  path?: string;
}

/** The body of POST /keys/import. */
export interface KeyImportRequest {
  minSigners: number;
  protocol: Protocol;
  curve: Curve;
  encryptedKeyShares: EncryptedKeyShare[];
  name?: string;
  masterKey?: boolean;
}

/** Options of inspectKey. */
export interface InspectKeyOptions {
  privateKey: string | Uint8Array;
  keyFormat?: KeyFormat;
  curve?: Curve;
  passphrase?: string;
  path?: string;
}

/** What inspectKey returns (public data only). */
export interface KeyInfo {
  curve: Curve;
  /** Compressed public key, hex. */
  publicKey: string;
  addresses: {
    ethereum?: string;
    bitcoinP2pkh?: string;
    bitcoinP2wpkh?: string;
    bitcoinP2tr?: string;
    solana?: string;
    starknet?: string;
  };
}

/** The body of POST /keys/{keyId}/export. */
export interface KeyExportRequest {
  encryptionKey: string;
  supportedSchemes: { protocol: Protocol; curve: Curve }[];
}

/** The export response (the SDK's `encryptedShares` is accepted too). */
export interface KeyExportResponse {
  publicKey: string;
  minSigners: number;
  protocol: Protocol;
  curve: Curve;
  encryptedKeyShares?: EncryptedKeyShare[];
  encryptedShares?: EncryptedKeyShare[];
}

/**
 * The secret export context file, as `exportSecretJSON()` writes it: the one-time decryption key
 * (hex). Store it like a private key; `KeyExportContext.fromSecretJSON` reads it back.
 */
export interface KeyExportContextSecretJSON {
  envelope: Envelope;
  decryptionKey: string;
  /** The key the export must return, when recorded. */
  expectedPublicKey?: { curve: Curve; publicKey: string };
  /** The signers the export must come from, when recorded. */
  signers?: string[];
}

/** What `JSON.stringify` of a KeyExportContext writes: its public part only. */
export interface KeyExportContextPublic { envelope: Envelope; encryptionKey: string; }

/** Options of KeyExportContext.recover. */
export interface RecoverOptions {
  /** The public key (hex) the export must return; required unless the context records one. */
  expectedPublicKey?: string;
}

/** Options of the KeyExportContext constructor: the key the export must return. */
export interface KeyExportContextOptions {
  expectedPublicKey: string;
  curve: Curve;
}

/** Recovery noticed something that is not an error (the key is right; blame is incomplete). */
export interface RecoveryWarning {
  /** AMBIGUOUS_BLAME or COLLIDING_INDEX. */
  code: string;
  message: string;
}

/** A key rebuilt by KeyExportContext.recover. */
export interface RecoveredKey {
  /** The secret scalar, 32 bytes big-endian (for ed25519 the RFC 8032 scalar, not a seed). */
  privateKey: Uint8Array;
  /** Compressed public key, hex. */
  publicKey: string;
  curve: Curve;
  protocol: Protocol;
  /** Chain code hex, when the signers returned one. */
  chainCode?: string;
  /** Signers whose shares were unreadable or certainly wrong; the key was rebuilt without them. */
  badSigners: string[];
  /** Why the blame may be incomplete. */
  warnings: RecoveryWarning[];
}

/** The errors keyport-wasm throws: `code` names the error stably, `kind` says who must act:
 * `input` (fix the input), `check` (a cryptographic check failed: corrupted, tampered with, or
 * for another key), `unsupported` (valid, but not something keyport does), `environment` (no
 * randomness, or a bug in keyport). */
export interface KeyportError extends Error {
  code: string;
  kind: 'input' | 'check' | 'unsupported' | 'environment';
}

export function buildKeyImportRequest(options: BuildKeyImportRequestOptions): KeyImportRequest;
export function inspectKey(options: InspectKeyOptions): KeyInfo;
"#;

#[wasm_bindgen]
extern "C" {
    /// Any JS value (typed for the declarations).
    #[wasm_bindgen(typescript_type = "KeyExportRequest")]
    pub type JsKeyExportRequest;
    /// Export response.
    #[wasm_bindgen(typescript_type = "KeyExportResponse")]
    pub type JsKeyExportResponse;
    /// Recovered key.
    #[wasm_bindgen(typescript_type = "RecoveredKey")]
    pub type JsRecoveredKey;
    /// The public part of a context, what `JSON.stringify` writes.
    #[wasm_bindgen(typescript_type = "KeyExportContextPublic")]
    pub type JsKeyExportContextPublic;
    /// The secret context file, as text or UTF-8 bytes.
    #[wasm_bindgen(typescript_type = "string | Uint8Array")]
    pub type JsSecretJsonInput;
    /// Import request.
    #[wasm_bindgen(typescript_type = "KeyImportRequest")]
    pub type JsKeyImportRequest;
    /// ListSigners response.
    #[wasm_bindgen(typescript_type = "ListSignersResponse")]
    pub type JsListSigners;
    /// The signer secrets of a test vector.
    #[wasm_bindgen(typescript_type = "{ signerId: string; decryptionKey: string }[]")]
    pub type JsSignerSecrets;
    /// Envelope name.
    #[wasm_bindgen(typescript_type = "Envelope | undefined")]
    pub type JsEnvelope;
    /// Options of `recover`.
    #[wasm_bindgen(typescript_type = "RecoverOptions")]
    pub type JsRecoverOptions;
    /// Options of the `KeyExportContext` constructor.
    #[wasm_bindgen(typescript_type = "KeyExportContextOptions")]
    pub type JsContextOptions;
}

/// The code used when an argument has the wrong JS type or shape.
const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";

/// A JS `Error` with `code` and `kind` properties (`kind`: [`keyport::ErrorKind::as_str`]).
fn js_error_of(code: &str, kind: keyport::ErrorKind, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    let _ = js_sys::Reflect::set(
        &err,
        &JsValue::from_str("kind"),
        &JsValue::from_str(kind.as_str()),
    );
    err.into()
}

/// A JS `Error` for a bad argument found by the bindings themselves (kind `input`).
fn js_error(code: &str, message: &str) -> JsValue {
    js_error_of(code, keyport::ErrorKind::Input, message)
}

/// The stable code of a keyport error: its variant name in SCREAMING_SNAKE_CASE
/// ([`keyport::Error::code`]).
pub fn error_code(e: &keyport::Error) -> &'static str {
    e.code()
}

fn to_js(e: keyport::Error) -> JsValue {
    js_error_of(error_code(&e), e.kind(), &e.to_string())
}

fn invalid(message: &str) -> JsValue {
    js_error(INVALID_ARGUMENT, message)
}

/// A plain JS object from JSON text keyport wrote: `JSON.parse`.
fn to_plain(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| invalid("internal: result JSON did not parse"))
}

/// `JSON.stringify(value)`, or a MALFORMED error naming `what`.
fn json_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    // `JSON.stringify` throws on BigInt and cycles, and returns undefined for functions.
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| malformed(what, "not JSON-serializable"))
}

/// The MALFORMED error for a JS value of the wrong shape.
fn malformed(what: &str, reason: &str) -> JsValue {
    js_error(
        "MALFORMED",
        &format!("malformed {what}: {reason}; see the TypeScript declarations for its shape"),
    )
}

/// Read the options object: reject anything that is not an object and any unknown key.
fn options_object(
    value: &JsValue,
    allowed: &[&str],
    what: &str,
) -> Result<js_sys::Object, JsValue> {
    if !value.is_object() || value.is_null() || js_sys::Array::is_array(value) {
        return Err(invalid(&format!("{what} expects an options object")));
    }
    let obj: js_sys::Object = value.clone().unchecked_into();
    for key in js_sys::Object::keys(&obj).iter() {
        let name = key.as_string().unwrap_or_default();
        if !allowed.contains(&name.as_str()) {
            return Err(invalid(&format!(
                "{what}: unknown option {name:?}; expected one of {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(obj)
}

fn get(obj: &js_sys::Object, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn opt_string(obj: &js_sys::Object, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| invalid(&format!("option {key} must be a string")))
}

fn req_string(obj: &js_sys::Object, key: &str) -> Result<String, JsValue> {
    opt_string(obj, key)?.ok_or_else(|| invalid(&format!("option {key} is required")))
}

/// An envelope name as [`EnvelopeKind`]'s `FromStr` takes it; none gives the default (dfns-v1).
fn parse_envelope(name: Option<&str>) -> Result<EnvelopeKind, JsValue> {
    name.map_or(Ok(EnvelopeKind::default()), |n| n.parse().map_err(to_js))
}

/// Parse the `privateKey` (and format options) of an options object.
fn parse_private_key(obj: &js_sys::Object, curve: Option<CurveId>) -> Result<ParsedKey, JsValue> {
    let format = match opt_string(obj, "keyFormat")? {
        Some(f) => Some(f.parse::<KeyFormat>().map_err(to_js)?),
        None => None,
    };
    let options = ParseOptions {
        curve,
        passphrase: opt_string(obj, "passphrase")?.map(Zeroizing::new),
        path: opt_string(obj, "path")?,
    };
    let format = format.unwrap_or(KeyFormat::Auto);
    let value = get(obj, "privateKey");
    if let Some(text) = value.as_string() {
        let text = Zeroizing::new(text);
        return parse_key(&text, format, &options).map_err(to_js);
    }
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        let bytes = Zeroizing::new(array.to_vec());
        return parse_raw_key(&bytes, format, &options).map_err(to_js);
    }
    Err(invalid("privateKey must be a string or a Uint8Array"))
}

/// The signer set's fingerprint (SHA-256, 64 hex digits; SPEC.md §8.4): what
/// `keyport signers fingerprint` prints and `--expect-signers` takes. `signers` is a
/// ListSigners response (`clusterId` picks one cluster when it has several) or a bare array.
#[wasm_bindgen(js_name = signersFingerprint)]
pub fn signers_fingerprint(
    #[wasm_bindgen(unchecked_param_type = "ListSignersResponse | SignerInfo[]")] signers: JsValue,
    #[wasm_bindgen(js_name = clusterId)] cluster_id: Option<String>,
) -> Result<String, JsValue> {
    let input = SignersInput::from_json(&json_text(&signers, "signers")?).map_err(to_js)?;
    let (cluster, list) = keyport::select_cluster(input, cluster_id.as_deref()).map_err(to_js)?;
    let set = keyport::SignerSet::new(&cluster, &list).map_err(to_js)?;
    Ok(set.fingerprint().to_string())
}

/// Build the `POST /keys/import` body: split the key and seal one share to each signer.
#[wasm_bindgen(js_name = buildKeyImportRequest, skip_typescript)]
pub fn build_key_import_request(options: JsValue) -> Result<JsValue, JsValue> {
    let obj = options_object(
        &options,
        &[
            "privateKey",
            "keyFormat",
            "curve",
            "protocol",
            "minSigners",
            "signers",
            "clusterId",
            "name",
            "masterKey",
            "envelope",
            "passphrase",
            "path",
        ],
        "buildKeyImportRequest",
    )?;
    let curve: CurveId = req_string(&obj, "curve")?.parse().map_err(to_js)?;
    let protocol: Protocol = req_string(&obj, "protocol")?.parse().map_err(to_js)?;
    let min_signers = get(&obj, "minSigners")
        .as_f64()
        .filter(|v| v.fract() == 0.0 && *v >= 0.0 && *v <= f64::from(u16::MAX))
        .ok_or_else(|| invalid("option minSigners must be an integer"))?;
    let signers_value = get(&obj, "signers");
    if signers_value.is_undefined() {
        return Err(invalid("option signers is required"));
    }
    let signers = SignersInput::from_json(&json_text(&signers_value, "signers")?).map_err(to_js)?;
    let signers = signers
        .select(opt_string(&obj, "clusterId")?.as_deref())
        .map_err(to_js)?;
    let master_key = match get(&obj, "masterKey") {
        v if v.is_undefined() || v.is_null() => false,
        v => v
            .as_bool()
            .ok_or_else(|| invalid("option masterKey must be a boolean"))?,
    };
    let parsed = parse_private_key(&obj, Some(curve))?;
    if parsed.curve() != curve {
        return Err(js_error(
            "CURVE_MISMATCH",
            &format!("the key is on {} but curve is {}", parsed.curve(), curve),
        ));
    }
    let mut import = ImportOptions::new(curve, protocol, min_signers as usize);
    import.name = opt_string(&obj, "name")?;
    if let Some(env) = opt_string(&obj, "envelope")? {
        import.envelope = EnvelopeChoice::Force(parse_envelope(Some(&env))?);
    }
    if master_key {
        let cc = parsed.chain_code().ok_or_else(|| {
            invalid(
                "masterKey needs a key with a BIP-32 chain code (an xprv or a secp256k1 mnemonic)",
            )
        })?;
        import.chain_code = Some(Zeroizing::new(*cc));
    }
    let key = ImportKey::Scalar(Zeroizing::new(*parsed.secret_bytes()));
    let request = build_import_request(&key, &signers, &import).map_err(to_js)?;
    to_plain(&request.to_json())
}

/// The public key and wallet addresses of a secret key (nothing secret is returned).
#[wasm_bindgen(js_name = inspectKey, skip_typescript)]
pub fn inspect_key(options: JsValue) -> Result<JsValue, JsValue> {
    let obj = options_object(
        &options,
        &["privateKey", "keyFormat", "curve", "passphrase", "path"],
        "inspectKey",
    )?;
    let curve: Option<CurveId> = match opt_string(&obj, "curve")? {
        Some(c) => Some(c.parse().map_err(to_js)?),
        None => None,
    };
    let parsed = parse_private_key(&obj, curve)?;
    to_plain(&parsed.inspect_json().map_err(to_js)?)
}

/// The client side of one export: a one-time key, the request, and recovery.
#[wasm_bindgen]
pub struct KeyExportContext {
    inner: ExportContext,
}

#[wasm_bindgen]
impl KeyExportContext {
    /// A fresh context for `envelope` ("dfns-v1" by default, or "hpke-v1"), optionally
    /// recording the key the export must return: `{expectedPublicKey, curve}` (both or none).
    #[wasm_bindgen(constructor)]
    pub fn new(
        envelope: Option<String>,
        expected: Option<JsContextOptions>,
    ) -> Result<KeyExportContext, JsValue> {
        let kind = parse_envelope(envelope.as_deref())?;
        let mut inner = ExportContext::new(kind).map_err(to_js)?;
        if let Some(o) = expected {
            let o: JsValue = o.into();
            if !(o.is_undefined() || o.is_null()) {
                let get = |name: &str| -> Result<Option<String>, JsValue> {
                    let v = js_sys::Reflect::get(&o, &JsValue::from_str(name))
                        .map_err(|_| invalid("KeyExportContext: cannot read the options"))?;
                    if v.is_undefined() || v.is_null() {
                        return Ok(None);
                    }
                    v.as_string().map(Some).ok_or_else(|| {
                        invalid("KeyExportContext: expectedPublicKey and curve must be strings")
                    })
                };
                match (get("expectedPublicKey")?, get("curve")?) {
                    (Some(hex_key), Some(curve)) => {
                        let curve: CurveId = curve.parse().map_err(to_js)?;
                        inner = inner.with_expected_key(
                            ExpectedKey::from_hex(curve, &hex_key).map_err(to_js)?,
                        );
                    }
                    (None, None) => {}
                    _ => {
                        return Err(invalid(
                            "KeyExportContext: give expectedPublicKey and curve together",
                        ));
                    }
                }
            }
        }
        Ok(Self { inner })
    }

    /// The envelope this context receives.
    #[wasm_bindgen(getter)]
    pub fn envelope(&self) -> String {
        self.inner.envelope().as_str().to_string()
    }

    /// The `POST /keys/{keyId}/export` body.
    pub fn request(&self) -> Result<JsKeyExportRequest, JsValue> {
        Ok(to_plain(&self.inner.request().to_json())?.unchecked_into())
    }

    /// The secret context file `{"envelope", "decryptionKey"}` as JSON text: the one-time
    /// decryption key, to store like a private key while the export is pending. The only way the
    /// key leaves the module: `JSON.stringify` of the context gives [`Self::to_json`] instead.
    /// The returned JS string cannot be wiped (see the package README, "Secrets and JS strings").
    #[wasm_bindgen(js_name = exportSecretJSON)]
    pub fn export_secret_json(&self) -> js_sys::JsString {
        // Copied into a JS string; the module's copy is wiped when `text` drops.
        let text = self.inner.to_json();
        js_sys::JsString::from(text.as_str())
    }

    /// What `JSON.stringify` of the context, or of any object that holds it, writes: the public
    /// part only, `{envelope, encryptionKey}`, never the decryption key.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsKeyExportContextPublic, JsValue> {
        let mut w = Writer::new();
        w.begin_object();
        w.key("envelope");
        w.string(self.inner.envelope().as_str());
        w.key("encryptionKey");
        w.string(&self.inner.request().encryption_key);
        w.end_object();
        Ok(to_plain(&w.finish())?.unchecked_into())
    }

    /// A context from the text [`Self::export_secret_json`] returned, or from its UTF-8 bytes (a
    /// `Uint8Array` or Node `Buffer`, for example a file read back; the caller can wipe those).
    #[wasm_bindgen(js_name = fromSecretJSON)]
    pub fn from_secret_json(secret: JsSecretJsonInput) -> Result<KeyExportContext, JsValue> {
        let secret: &JsValue = &secret;
        let inner = if let Some(text) = secret.as_string() {
            let text = Zeroizing::new(text);
            ExportContext::from_json(&text)
        } else if let Some(array) = secret.dyn_ref::<js_sys::Uint8Array>() {
            let bytes = Zeroizing::new(array.to_vec());
            let text = core::str::from_utf8(&bytes)
                .map_err(|_| invalid("fromSecretJSON: the bytes are not UTF-8 text"))?;
            ExportContext::from_json(text)
        } else {
            return Err(invalid(
                "fromSecretJSON expects the string exportSecretJSON() returned, or its UTF-8 bytes",
            ));
        };
        Ok(Self {
            inner: inner.map_err(to_js)?,
        })
    }

    /// Decrypt the shares, rebuild the key, check it against the expected public key and name
    /// bad signers.
    ///
    /// `options.expectedPublicKey` (hex, compressed or uncompressed) is the key the export must
    /// return; a response for any other key is refused (`RESPONSE_KEY_MISMATCH`). It may be left
    /// out only when the context records one (`fromJSON` of a file made with an expected key),
    /// otherwise `EXPECTED_KEY_REQUIRED`.
    pub fn recover(
        &self,
        response: JsKeyExportResponse,
        options: Option<JsRecoverOptions>,
    ) -> Result<JsRecoveredKey, JsValue> {
        let response = KeyExportResponse::from_json(&json_text(&response, "export response")?)
            .map_err(to_js)?;
        let expected_hex = match options {
            None => None,
            Some(o) => {
                let o: JsValue = o.into();
                if o.is_undefined() || o.is_null() {
                    None
                } else if !o.is_object() {
                    return Err(invalid(
                        "recover: options must be an object {expectedPublicKey}",
                    ));
                } else {
                    let v = js_sys::Reflect::get(&o, &JsValue::from_str("expectedPublicKey"))
                        .map_err(|_| invalid("recover: cannot read options.expectedPublicKey"))?;
                    if v.is_undefined() || v.is_null() {
                        None
                    } else {
                        Some(v.as_string().ok_or_else(|| {
                            invalid("recover: options.expectedPublicKey must be a hex string")
                        })?)
                    }
                }
            }
        };
        let key = match expected_hex {
            Some(hex_key) => {
                let curve: CurveId = response.curve.parse().map_err(to_js)?;
                let curve = self.inner.expected_key().map_or(curve, |e| e.curve());
                let expected = ExpectedKey::from_hex(curve, &hex_key).map_err(to_js)?;
                self.inner.recover(&response, &expected)
            }
            None => self.inner.recover_recorded(&response),
        }
        .map_err(to_js)?;
        // The library's record, without the private key: that is handed over as bytes.
        let record = key.to_json(keyport::PrivateKeyField::Omit);
        let out = to_plain(&record)?;
        let secret = js_sys::Uint8Array::from(&key.secret[..]);
        js_sys::Reflect::set(&out, &JsValue::from_str("privateKey"), &secret)
            .map_err(|_| invalid("internal: could not set privateKey"))?;
        Ok(out.unchecked_into())
    }
}

/// One element of `TestCluster.fromSignerSecrets`' argument (the key is wiped on drop).
#[cfg(feature = "test-cluster")]
#[derive(serde::Deserialize)]
#[serde(rename = "a signer secret")]
struct SignerSecret {
    #[serde(rename = "signerId")]
    signer_id: String,
    #[serde(rename = "decryptionKey")]
    decryption_key: Zeroizing<String>,
}

/// `n` in-process signers running keyport's reference signer: the other side of import and
/// export, for tests and demos. Not for production keys. Only in `test-cluster` builds.
#[cfg(feature = "test-cluster")]
#[wasm_bindgen]
pub struct TestCluster {
    inner: Cluster,
}

#[cfg(feature = "test-cluster")]
#[wasm_bindgen]
impl TestCluster {
    /// A cluster of `n` fresh signers speaking `envelope` ("dfns-v1" by default). `n` follows
    /// the library's one cluster-size rule (2 to 4096, `CLUSTER_SIZE` otherwise).
    #[wasm_bindgen(constructor)]
    pub fn new(n: u32, envelope: Option<String>) -> Result<TestCluster, JsValue> {
        let kind = parse_envelope(envelope.as_deref())?;
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let mut rng = keyport::os_rng().map_err(to_js)?;
        Ok(Self {
            inner: Cluster::try_generate(n, kind, &mut rng).map_err(to_js)?,
        })
    }

    /// A cluster of known signers: `[{signerId (base64), decryptionKey (hex)}]`, as in the test
    /// vectors' `signerSecrets`.
    #[wasm_bindgen(js_name = fromSignerSecrets)]
    pub fn from_signer_secrets(secrets: JsSignerSecrets) -> Result<TestCluster, JsValue> {
        let text = Zeroizing::new(json_text(&secrets, "signer secrets")?);
        let pairs: Vec<SignerSecret> = keyport::json::from_str(&text)
            .map_err(|e| malformed("signer secrets", &e.describe(&text)))?;
        let signers = pairs
            .iter()
            .map(
                |SignerSecret {
                     signer_id,
                     decryption_key,
                 }| {
                    let id = keyport::SignerId::from_base64(signer_id)
                        .map(keyport::SignerId::into_bytes)
                        .map_err(to_js)?;
                    let bytes = Zeroizing::new(
                        hex::decode(decryption_key.as_bytes())
                            .map_err(|_| invalid("decryptionKey must be hex"))?,
                    );
                    let key = DecryptionKey::from_bytes(&bytes).map_err(to_js)?;
                    Ok(Signer::new(id, key))
                },
            )
            .collect::<Result<Vec<_>, JsValue>>()?;
        Ok(Self {
            inner: Cluster::from_signers("cluster-1", signers),
        })
    }

    /// The ListSigners response of this cluster.
    pub fn signers(&self) -> Result<JsListSigners, JsValue> {
        Ok(to_plain(&self.inner.list_signers().to_json())?.unchecked_into())
    }

    /// Every signer opens and verifies its share; returns the group public key (hex).
    #[wasm_bindgen(js_name = acceptImport)]
    pub fn accept_import(
        &mut self,
        key_id: &str,
        request: JsKeyImportRequest,
    ) -> Result<String, JsValue> {
        let request =
            KeyImportRequest::from_json(&json_text(&request, "import request")?).map_err(to_js)?;
        self.inner.accept_import(key_id, &request).map_err(to_js)
    }

    /// Every signer answers the export request for `keyId`; returns the export response.
    #[wasm_bindgen(js_name = answerExport)]
    pub fn answer_export(
        &self,
        key_id: &str,
        request: JsKeyExportRequest,
    ) -> Result<JsKeyExportResponse, JsValue> {
        let request =
            KeyExportRequest::from_json(&json_text(&request, "export request")?).map_err(to_js)?;
        let mut rng = keyport::os_rng().map_err(to_js)?;
        let response = self
            .inner
            .answer_export(key_id, &request, &mut rng)
            .map_err(to_js)?;
        Ok(to_plain(&response.to_json())?.unchecked_into())
    }
}

/// Probe the random source when the module loads, so a host without Web Crypto fails with a
/// clear `RANDOMNESS` error instead of later, inside a key generation.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    keyport::os_rng().map(|_| ()).map_err(to_js)
}

#[cfg(test)]
mod tests {
    use super::error_code;

    #[test]
    fn codes_are_screaming_snake_variant_names() {
        assert_eq!(
            error_code(&keyport::Error::DecryptionFailed),
            "DECRYPTION_FAILED"
        );
        assert_eq!(
            error_code(&keyport::Error::UnknownCurve("secret-looking".into())),
            "UNKNOWN_CURVE"
        );
        assert_eq!(
            error_code(&keyport::Error::KeyLength {
                what: "x",
                expected: 32,
                actual: 3
            }),
            "KEY_LENGTH"
        );
    }
}
