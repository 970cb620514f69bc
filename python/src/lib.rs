//! # keyport-python
//!
//! Python bindings of [`keyport`] (PyO3, abi3 for CPython >= 3.9), the native part of the
//! `keyport` Python package (`keyport._keyport`; `python/keyport/__init__.py` re-exports it).
//!
//! - `build_key_import_request(private_key, *, ...) -> dict`: split a key and seal one share to
//!   each signer; the dict is the `POST /keys/import` body.
//! - `inspect_key(private_key, *, ...) -> dict`: the public key and addresses of a key.
//! - `KeyExportContext`: the one-time key of an export, `request()`, `recover(response)`, and
//!   `export_secret()` / `from_secret()` to keep a pending export across a restart.
//! - `signers_fingerprint(signers) -> str`: the signer set's fingerprint (SPEC.md §8.4).
//!
//! The binding is thin: every rule (formats, thresholds, envelopes, the expected-key check)
//! lives in the `keyport` crate. Structured data crosses as JSON text, written by Python's own
//! `json` module on the way in and read back by `json.loads` on the way out, and parsed by
//! keyport's strict reader; secret-bearing text is held in `Zeroizing` buffers only.
//!
//! Errors are `keyport.KeyportError` (subclasses `InputError`, `CheckError`,
//! `UnsupportedError`, `EnvironmentFailure` by [`keyport::ErrorKind`]) with `.code`, the stable
//! [`keyport::Error::code`], and `.kind`. Messages never contain secret input.
#![forbid(unsafe_code)]

use keyport::api::{KeyExportResponse, SignersInput};
use keyport::keys::{KeyFormat, ParseOptions, ParsedKey, parse_key, parse_raw_key};
use keyport::{
    CurveId, EnvelopeChoice, EnvelopeKind, Error, ErrorKind, ExpectedKey, ExportContext, ImportKey,
    ImportOptions, Protocol, RecoveredKey as CoreRecovered, build_import_request,
};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PySlice, PyString};
use zeroize::Zeroizing;

create_exception!(
    keyport,
    KeyportError,
    PyException,
    "Every error keyport raises: `.code` is the stable code (e.g. \"DECRYPTION_FAILED\"), `.kind` is who must act."
);
create_exception!(
    keyport,
    InputError,
    KeyportError,
    "An input is malformed or invalid: fix the input (kind \"input\")."
);
create_exception!(
    keyport,
    CheckError,
    KeyportError,
    "A cryptographic check failed: the data is corrupted, tampered with, or for another key (kind \"check\")."
);
create_exception!(
    keyport,
    UnsupportedError,
    KeyportError,
    "Well-formed, but not something keyport (or this build) does (kind \"unsupported\")."
);
create_exception!(
    keyport,
    EnvironmentFailure,
    KeyportError,
    "No OS randomness, or a keyport bug; nothing about the input is wrong (kind \"environment\")."
);

/// The code of an argument of the wrong Python type or shape, found by the binding itself.
const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";

/// A `KeyportError` subclass instance for `kind` with `.code` and `.kind` set.
fn py_error(py: Python<'_>, code: &str, kind: ErrorKind, message: &str) -> PyErr {
    let ty = match kind {
        ErrorKind::Input => py.get_type::<InputError>(),
        ErrorKind::Check => py.get_type::<CheckError>(),
        ErrorKind::Unsupported => py.get_type::<UnsupportedError>(),
        ErrorKind::Environment => py.get_type::<EnvironmentFailure>(),
    };
    let built = ty.call1((message,)).and_then(|e| {
        e.setattr("code", code)?;
        e.setattr("kind", kind.as_str())?;
        Ok(e)
    });
    match built {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// A keyport error as a Python exception (its message names no secret: keyport's rule).
fn to_py(py: Python<'_>, e: Error) -> PyErr {
    py_error(py, e.code(), e.kind(), &e.to_string())
}

/// An `INVALID_ARGUMENT` error (kind input) for a wrong Python type or shape.
fn invalid(py: Python<'_>, message: &str) -> PyErr {
    py_error(py, INVALID_ARGUMENT, ErrorKind::Input, message)
}

/// JSON text of a structured argument: a `str` is taken as JSON text as it is, anything else
/// goes through `json.dumps` (so a `dict`/`list` from `dfns_sdk` works directly).
fn json_text(py: Python<'_>, value: &Bound<'_, PyAny>, what: &'static str) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("allow_nan", false)?;
    kwargs.set_item("separators", (",", ":"))?;
    py.import("json")?
        .call_method("dumps", (value,), Some(&kwargs))
        .and_then(|s| s.extract::<String>())
        .map_err(|_| {
            to_py(
                py,
                Error::Malformed {
                    what,
                    reason: "not JSON-serializable; pass a dict, a list or JSON text".into(),
                },
            )
        })
}

/// A Python object from JSON text keyport wrote (`json.loads`).
fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// Overwrite a `bytearray` with zeros in place (slice assignment keeps its buffer).
fn wipe_bytearray(py: Python<'_>, array: &Bound<'_, PyByteArray>) -> PyResult<()> {
    let zeros = PyBytes::new(py, &vec![0u8; array.len()]);
    array.set_item(PySlice::full(py), zeros)
}

/// A secret argument: `str` text (which Python cannot wipe) or key bytes (`bytes`, or a
/// `bytearray` the binding wipes after use when `wipe=True`).
enum SecretInput {
    /// Text; a copy held here is wiped on drop, the caller's `str` is not.
    Text(Zeroizing<String>),
    /// Bytes, copied; the copy is wiped on drop.
    Bytes(Zeroizing<Vec<u8>>),
}

/// Read `value` as a secret argument; with `wipe` a `bytearray` is zeroed once copied (asking
/// to wipe anything else is an error, so a caller never believes a `str` was wiped).
fn secret_input(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    wipe: bool,
    what: &str,
) -> PyResult<SecretInput> {
    if let Ok(array) = value.cast::<PyByteArray>() {
        let bytes = Zeroizing::new(array.to_vec());
        if wipe {
            wipe_bytearray(py, array)?;
        }
        return Ok(SecretInput::Bytes(bytes));
    }
    if wipe {
        return Err(invalid(
            py,
            &format!("wipe=True needs {what} as a bytearray (bytes and str cannot be wiped)"),
        ));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(SecretInput::Bytes(Zeroizing::new(b.as_bytes().to_vec())));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(SecretInput::Text(Zeroizing::new(s.to_cow()?.into_owned())));
    }
    Err(invalid(
        py,
        &format!("{what} must be bytes, bytearray or str"),
    ))
}

/// An optional name argument parsed with the core's `FromStr` (curves, protocols, formats,
/// envelopes), so unknown names get the core's error and code.
fn parse_opt<T: core::str::FromStr<Err = Error>>(
    py: Python<'_>,
    value: Option<&str>,
) -> PyResult<Option<T>> {
    value
        .map(|v| v.parse().map_err(|e| to_py(py, e)))
        .transpose()
}

/// The key options of `build_key_import_request` and `inspect_key`.
struct KeyArgs {
    secret: SecretInput,
    format: KeyFormat,
    curve: Option<CurveId>,
    passphrase: Option<Zeroizing<String>>,
    path: Option<String>,
}

/// Parse the secret key: text goes to [`parse_key`], bytes to [`parse_raw_key`] (a raw 32-byte
/// key, read as the WASM package reads a `Uint8Array`).
fn parse_secret(args: KeyArgs) -> Result<ParsedKey, ArgError> {
    let KeyArgs {
        secret,
        format,
        curve,
        passphrase,
        path,
    } = args;
    let options = ParseOptions {
        curve,
        passphrase,
        path,
    };
    match secret {
        SecretInput::Text(text) => Ok(parse_key(&text, format, &options)?),
        SecretInput::Bytes(bytes) => Ok(parse_raw_key(&bytes, format, &options)?),
    }
}

/// A mnemonic passphrase as a wiping copy (the Python `str` itself cannot be wiped).
fn passphrase_text(passphrase: &Bound<'_, PyString>) -> PyResult<Zeroizing<String>> {
    Ok(Zeroizing::new(passphrase.to_cow()?.into_owned()))
}

/// An error from work done without the GIL, turned into a Python exception afterwards.
enum ArgError {
    /// A keyport error.
    Core(Error),
    /// A wrong argument combination found by the binding (`INVALID_ARGUMENT`).
    Invalid(&'static str),
}

impl From<Error> for ArgError {
    fn from(e: Error) -> Self {
        ArgError::Core(e)
    }
}

impl ArgError {
    fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            ArgError::Core(e) => to_py(py, e),
            ArgError::Invalid(m) => invalid(py, m),
        }
    }
}

/// Build the `POST /keys/import` body: split the key and seal one share to each signer.
///
/// The GIL is released while the key is parsed, split and sealed.
#[pyfunction]
#[pyo3(signature = (
    private_key, *, key_format = "auto", curve = None, protocol, min_signers = 3, signers,
    name = None, master_key = false, envelope = None, cluster_id = None, passphrase = None,
    path = None, wipe = false
))]
#[allow(clippy::too_many_arguments)]
fn build_key_import_request<'py>(
    py: Python<'py>,
    private_key: &Bound<'py, PyAny>,
    key_format: &str,
    curve: Option<&str>,
    protocol: &str,
    min_signers: i64,
    signers: &Bound<'py, PyAny>,
    name: Option<String>,
    master_key: bool,
    envelope: Option<&str>,
    cluster_id: Option<&str>,
    passphrase: Option<&Bound<'py, PyString>>,
    path: Option<String>,
    wipe: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let format: KeyFormat = key_format.parse().map_err(|e| to_py(py, e))?;
    let curve: Option<CurveId> = parse_opt(py, curve)?;
    // The threshold's bounds are the core's rule; only a negative count is caught here.
    let min_signers = usize::try_from(min_signers)
        .map_err(|_| invalid(py, "min_signers must be a non-negative integer"))?;
    let protocol: Protocol = protocol.parse().map_err(|e| to_py(py, e))?;
    let envelope: Option<EnvelopeKind> = parse_opt(py, envelope)?;
    let signers_json = json_text(py, signers, "signers")?;
    let passphrase = passphrase.map(passphrase_text).transpose()?;
    let secret = secret_input(py, private_key, wipe, "private_key")?;
    let cluster_id = cluster_id.map(str::to_owned);
    let request = py.detach(move || -> Result<String, ArgError> {
        let signers = SignersInput::from_json(&signers_json)?.select(cluster_id.as_deref())?;
        let parsed = parse_secret(KeyArgs {
            secret,
            format,
            curve,
            passphrase,
            path,
        })?;
        // The core's parsers refuse a `curve` argument the key's format cannot hold.
        let curve = parsed.curve();
        let mut import = ImportOptions::new(curve, protocol, min_signers);
        import.name = name;
        if let Some(kind) = envelope {
            import.envelope = EnvelopeChoice::Force(kind);
        }
        if master_key {
            let cc = parsed.chain_code().ok_or(ArgError::Invalid(
                "master_key needs a key with a BIP-32 chain code (an xprv or a secp256k1 mnemonic)",
            ))?;
            import.chain_code = Some(Zeroizing::new(*cc));
        }
        let key = ImportKey::Scalar(Zeroizing::new(*parsed.secret_bytes()));
        Ok(build_import_request(&key, &signers, &import)?.to_json())
    });
    let request = request.map_err(|e| e.into_py(py))?;
    from_json(py, &request)
}

/// The public key and wallet addresses of a secret key: `{curve, publicKey, addresses}`
/// (nothing secret is returned).
#[pyfunction]
#[pyo3(signature = (private_key, *, key_format = "auto", curve = None, passphrase = None, path = None, wipe = false))]
fn inspect_key<'py>(
    py: Python<'py>,
    private_key: &Bound<'py, PyAny>,
    key_format: &str,
    curve: Option<&str>,
    passphrase: Option<&Bound<'py, PyString>>,
    path: Option<String>,
    wipe: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let format: KeyFormat = key_format.parse().map_err(|e| to_py(py, e))?;
    let curve: Option<CurveId> = parse_opt(py, curve)?;
    let passphrase = passphrase.map(passphrase_text).transpose()?;
    let secret = secret_input(py, private_key, wipe, "private_key")?;
    let info = py.detach(move || -> Result<String, ArgError> {
        let parsed = parse_secret(KeyArgs {
            secret,
            format,
            curve,
            passphrase,
            path,
        })?;
        Ok(parsed.inspect_json()?)
    });
    from_json(py, &info.map_err(|e| e.into_py(py))?)
}

/// The signer set's fingerprint (SHA-256, 64 hex digits; SPEC.md §8.4): what
/// `keyport signers fingerprint` prints and `--expect-signers` takes.
#[pyfunction]
#[pyo3(signature = (signers, *, cluster_id = None))]
fn signers_fingerprint(
    py: Python<'_>,
    signers: &Bound<'_, PyAny>,
    cluster_id: Option<&str>,
) -> PyResult<String> {
    let text = json_text(py, signers, "signers")?;
    let input = SignersInput::from_json(&text).map_err(|e| to_py(py, e))?;
    let (cluster, list) = keyport::select_cluster(input, cluster_id).map_err(|e| to_py(py, e))?;
    let set = keyport::SignerSet::new(&cluster, &list).map_err(|e| to_py(py, e))?;
    Ok(set.fingerprint().to_string())
}

/// A key rebuilt by `KeyExportContext.recover`. `repr()` never shows the secret.
#[pyclass(frozen, module = "keyport")]
struct RecoveredKey {
    inner: CoreRecovered,
}

#[pymethods]
impl RecoveredKey {
    /// The secret scalar, 32 bytes big-endian (for ed25519 the RFC 8032 scalar, not a seed).
    #[getter]
    fn private_key<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.secret[..])
    }

    /// The compressed public key, hex: always the expected key.
    #[getter]
    fn public_key(&self) -> String {
        hex::encode(&self.inner.public_key)
    }

    /// The BIP-32 chain code (32 bytes) when the signers returned one, else `None`.
    #[getter]
    fn chain_code<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.inner
            .chain_code
            .as_ref()
            .map(|cc| PyBytes::new(py, &cc[..]))
    }

    /// The curve name.
    #[getter]
    fn curve(&self) -> &'static str {
        self.inner.curve.as_str()
    }

    /// The protocol the response named.
    #[getter]
    fn protocol(&self) -> &'static str {
        self.inner.protocol.as_str()
    }

    /// Signers (base64 ids) whose shares were unreadable or certainly wrong.
    #[getter]
    fn bad_signers(&self) -> Vec<String> {
        self.inner.bad_signers.clone()
    }

    /// What kept the blame from being complete: `[{"code", "message"}]`.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for w in &self.inner.warnings {
            let d = PyDict::new(py);
            d.set_item("code", w.code())?;
            d.set_item("message", w.to_string())?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        format!(
            "RecoveredKey(curve={:?}, protocol={:?}, public_key={:?}, private_key=<redacted>, chain_code={}, bad_signers={:?})",
            self.inner.curve.as_str(),
            self.inner.protocol.as_str(),
            hex::encode(&self.inner.public_key),
            if self.inner.chain_code.is_some() {
                "<redacted>"
            } else {
                "None"
            },
            self.inner.bad_signers,
        )
    }
}

/// The expected key of a context: recorded in the core context (curve known), or a hex key
/// whose curve is the response's (checked at `recover`).
enum Expected {
    /// Recorded in the core [`ExportContext`] (and in its secret file).
    Recorded,
    /// Compressed or uncompressed hex, read on the response's curve.
    OnResponseCurve(String),
}

/// The client side of one export: a one-time key, the request, and recovery.
#[pyclass(frozen, module = "keyport")]
struct KeyExportContext {
    inner: ExportContext,
    expected: Expected,
}

impl KeyExportContext {
    /// Record the expected key: in the core context when the curve is known.
    fn with_expected(
        py: Python<'_>,
        inner: ExportContext,
        expected_public_key: Option<&str>,
        curve: Option<&str>,
    ) -> PyResult<Self> {
        let curve: Option<CurveId> = parse_opt(py, curve)?;
        match (expected_public_key, curve) {
            (Some(hex_key), Some(curve)) => {
                let key = ExpectedKey::from_hex(curve, hex_key).map_err(|e| to_py(py, e))?;
                Ok(Self {
                    inner: inner.with_expected_key(key),
                    expected: Expected::Recorded,
                })
            }
            (Some(hex_key), None) => Ok(Self {
                inner,
                expected: Expected::OnResponseCurve(hex_key.to_owned()),
            }),
            (None, Some(_)) => Err(invalid(
                py,
                "curve is the curve of expected_public_key: give both",
            )),
            (None, None) if inner.expected_key().is_some() => Ok(Self {
                inner,
                expected: Expected::Recorded,
            }),
            (None, None) => Err(to_py(py, Error::ExpectedKeyRequired)),
        }
    }
}

#[pymethods]
impl KeyExportContext {
    /// A fresh context for `envelope` ("dfns-v1" by default, or "hpke-v1") that accepts only
    /// a response for `expected_public_key` (hex, compressed or uncompressed). With `curve` the
    /// key is recorded in the context (and in `export_secret()`); without, it is read on the
    /// response's curve.
    #[new]
    #[pyo3(signature = (*, envelope = None, expected_public_key, curve = None))]
    fn new(
        py: Python<'_>,
        envelope: Option<&str>,
        expected_public_key: &str,
        curve: Option<&str>,
    ) -> PyResult<Self> {
        let kind: EnvelopeKind = parse_opt(py, envelope)?.unwrap_or_default();
        let inner = ExportContext::new(kind).map_err(|e| to_py(py, e))?;
        Self::with_expected(py, inner, Some(expected_public_key), curve)
    }

    /// The envelope this context receives.
    #[getter]
    fn envelope(&self) -> &'static str {
        self.inner.envelope().as_str()
    }

    /// The `POST /keys/{keyId}/export` body: `{encryptionKey, supportedSchemes}`.
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, &self.inner.request().to_json())
    }

    /// The secret context file (UTF-8 JSON `{"envelope", "decryptionKey", ...}`) as `bytes`:
    /// the one-time decryption key, to store like a private key while the export is pending.
    /// The only way the key leaves the object (it cannot be pickled).
    fn export_secret<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let text = self.inner.to_json();
        PyBytes::new(py, text.as_bytes())
    }

    /// A context from what `export_secret()` returned (`bytes`, a `bytearray`, wiped after use
    /// with `wipe=True`, or `str`). `expected_public_key` (with `curve` optional, as for the
    /// constructor) is required unless the file records the expected key.
    #[staticmethod]
    #[pyo3(signature = (secret, *, expected_public_key = None, curve = None, wipe = false))]
    fn from_secret(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        expected_public_key: Option<&str>,
        curve: Option<&str>,
        wipe: bool,
    ) -> PyResult<Self> {
        let inner = match secret_input(py, secret, wipe, "secret")? {
            SecretInput::Text(text) => ExportContext::from_json(&text),
            SecretInput::Bytes(bytes) => match core::str::from_utf8(&bytes) {
                Ok(text) => ExportContext::from_json(text),
                Err(_) => {
                    return Err(invalid(py, "from_secret: the secret is not UTF-8 text"));
                }
            },
        }
        .map_err(|e| to_py(py, e))?;
        Self::with_expected(py, inner, expected_public_key, curve)
    }

    /// Decrypt the shares, rebuild the key, check it against the expected public key and name
    /// bad signers. `response` is the export response as a `dict` or JSON `str`. A response
    /// for another key is refused (`RESPONSE_KEY_MISMATCH`). The GIL is released meanwhile.
    fn recover(&self, py: Python<'_>, response: &Bound<'_, PyAny>) -> PyResult<RecoveredKey> {
        let text = json_text(py, response, "export response")?;
        let recovered = py.detach(|| -> Result<CoreRecovered, Error> {
            let response = KeyExportResponse::from_json(&text)?;
            match &self.expected {
                Expected::Recorded => self.inner.recover_recorded(&response),
                Expected::OnResponseCurve(hex_key) => {
                    let curve: CurveId = response.curve.parse()?;
                    let expected = ExpectedKey::from_hex(curve, hex_key)?;
                    self.inner.recover(&response, &expected)
                }
            }
        });
        Ok(RecoveredKey {
            inner: recovered.map_err(|e| to_py(py, e))?,
        })
    }

    /// Refuses pickling and copying: the decryption key leaves only through `export_secret()`.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<()> {
        Err(invalid(
            py,
            "a KeyExportContext cannot be pickled or copied; use export_secret() and KeyExportContext.from_secret()",
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "KeyExportContext(envelope={:?}, encryption_key={:?}, decryption_key=<redacted>)",
            self.inner.envelope().as_str(),
            self.inner.request().encryption_key
        )
    }
}

/// For the binding-overhead figure only (python/bench/import_n5.py; not part of the API): run
/// the Rust work of `build_key_import_request` for an n=5-style call `calls` times, JSON text
/// in and out exactly as the binding does it, and return the seconds it took. Timed inside the
/// same process as the Python calls, so both see the same machine load.
#[pyfunction]
fn _bench_rust_import(py: Python<'_>, signers_json: &str, calls: u32) -> PyResult<f64> {
    let key = ImportKey::Scalar(Zeroizing::new([0x42; 32]));
    let options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 3);
    let elapsed = py.detach(|| -> Result<f64, Error> {
        let start = std::time::Instant::now();
        for _ in 0..calls {
            let signers = SignersInput::from_json(signers_json)?.select(None)?;
            core::hint::black_box(build_import_request(&key, &signers, &options)?.to_json());
        }
        Ok(start.elapsed().as_secs_f64())
    });
    elapsed.map_err(|e| to_py(py, e))
}

/// The native module `keyport._keyport`.
#[pymodule]
fn _keyport(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(build_key_import_request, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_key, m)?)?;
    m.add_function(wrap_pyfunction!(signers_fingerprint, m)?)?;
    m.add_function(wrap_pyfunction!(_bench_rust_import, m)?)?;
    m.add_class::<KeyExportContext>()?;
    m.add_class::<RecoveredKey>()?;
    m.add("KeyportError", py.get_type::<KeyportError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("CheckError", py.get_type::<CheckError>())?;
    m.add("UnsupportedError", py.get_type::<UnsupportedError>())?;
    m.add("EnvironmentFailure", py.get_type::<EnvironmentFailure>())?;
    Ok(())
}
