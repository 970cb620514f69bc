//! Export: a one-time key pair, the request, and recovery of the key from the signers' shares.
//!
//! Recovery trusts nothing between the signers and the client. The client says which public key
//! it expects ([`ExpectedKey`]); the hpke-v1 context binds that key, never the one a response
//! claims, and a response for another key is refused. Bad signers are named only when that is
//! unambiguous (SPEC.md §8.2), and the work a hostile response can cause is bounded.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::api::{EncryptedKeyShare, KeyExportRequest, KeyExportResponse, SupportedScheme};
use crate::curve::{Curve, CurveId, PointForm};
use crate::envelope::{DecryptionKey, EnvelopeKind};
use crate::error::{Error, Result};
use crate::json;
use crate::json::table::wire_struct;
use crate::payload::hpke_v1 as hpke_payload;
use crate::protocol::{Protocol, VALID_PAIRS, check_pair};
use crate::share_codec::{self, ExportPayload};
use crate::sharing::{
    Blame, Commitments, DEFAULT_WORK_BOUND, SecretShare, Threshold, reconstruct_robust_budgeted,
    verify_share,
};
use crate::signer_id::SignerId;

/// The most signers (shares) an export response may carry, and so the largest threshold.
///
/// It bounds the work a hostile response can cause: every step of recovery is at most
/// quadratic in the number of shares, on top of one HPKE open per share.
pub const MAX_EXPORT_SIGNERS: usize = 100;

/// What [`ExportContext::from_json`]'s errors are about.
const CONTEXT_FILE: &str = "export context file";

wire_struct! {
    /// The export context file (SPEC.md §7.4: a format keyport owns, so unknown members are
    /// refused): the one declaration both directions come from. Secret: `decryptionKey`.
    struct ContextFile as "an export context file", deny_unknown {
        /// `dfns-v1` or `hpke-v1`; must be the key's.
        envelope: String = "envelope",
        /// The one-time decryption key, hex (lands in a wiping buffer).
        decryption_key: Zeroizing<String> = "decryptionKey",
        /// The key the export must return, if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_public_key: Option<ExpectedKeyFile> = "expectedPublicKey",
        /// The signers the export must come from (base64 ids), if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signers: Option<Vec<String>> = "signers",
    }
}

wire_struct! {
    /// The context file's `expectedPublicKey` member.
    struct ExpectedKeyFile as "expectedPublicKey", deny_unknown {
        /// The curve name.
        curve: String = "curve",
        /// The compressed public key, hex.
        public_key: String = "publicKey",
    }
}

/// The public key the client expects an export to return, on its curve.
///
/// Built from what the user knows (the key's public key, from the wallet or the import), never
/// from the response. A compressed encoding is kept as given and proven valid when recovery
/// computes the same bytes from `G·s` (decoding a stark point costs a square root, about 2 ms);
/// any other encoding is decoded and compressed here.
#[derive(Clone, PartialEq, Eq)]
pub struct ExpectedKey {
    curve: CurveId,
    compressed: Vec<u8>,
}

impl ExpectedKey {
    /// The expected key from its encoding: compressed, or uncompressed on the Weierstrass curves.
    ///
    /// # Errors
    /// [`Error::PointLength`] for a length that is neither; the curve's decoding errors for an
    /// uncompressed encoding that is not a valid point.
    pub fn new(curve: CurveId, bytes: &[u8]) -> Result<Self> {
        crate::with_curve!(curve, C => Self::on::<C>(bytes))
    }

    fn on<C: Curve>(bytes: &[u8]) -> Result<Self> {
        let compressed = if bytes.len() == C::COMPRESSED_LEN {
            bytes.to_vec()
        } else if bytes.len() == C::UNCOMPRESSED_LEN {
            C::encode_point(&C::decode_point(bytes)?, PointForm::Compressed)?
        } else {
            return Err(Error::PointLength {
                curve: C::ID.as_str(),
                actual: bytes.len(),
            });
        };
        Ok(Self {
            curve: C::ID,
            compressed,
        })
    }

    /// The expected key from hex (either case, no `0x`).
    ///
    /// # Errors
    /// [`Error::Malformed`] about `expected public key` for text that is not hex; then as
    /// [`ExpectedKey::new`].
    pub fn from_hex(curve: CurveId, text: &str) -> Result<Self> {
        let bytes = decode_public_key_hex(text.trim(), "expected public key")?;
        Self::new(curve, &bytes)
    }

    /// The curve.
    pub fn curve(&self) -> CurveId {
        self.curve
    }

    /// The compressed encoding.
    pub fn compressed(&self) -> &[u8] {
        &self.compressed
    }

    /// The compressed encoding, hex.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.compressed)
    }
}

impl fmt::Debug for ExpectedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExpectedKey({} {})", self.curve, self.to_hex())
    }
}

/// The client side of one export: holds the one-time decryption key, and optionally the
/// public key and the signers the export must come from.
///
/// The key is wiped on drop (by [`DecryptionKey`]) and `Debug` prints no secret.
pub struct ExportContext {
    key: DecryptionKey,
    expected: Option<ExpectedKey>,
    signers: Option<Vec<SignerId>>,
}

/// Something recovery noticed that is not an error: the key is right, but the blame is
/// incomplete.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecoveryWarning {
    /// `off` shares are not on the polynomial that rebuilt the key, but another polynomial with
    /// the same key may hold as many shares (fewer than `t` colluding signers can arrange
    /// that), so no signer is named for them.
    AmbiguousBlame {
        /// Shares off the polynomial that rebuilt the key.
        off: usize,
    },
    /// These signers' shares claim the same index as another share; they were set aside
    /// unjudged (an honest network never repeats an index, but which claimant lies is unknown).
    CollidingIndex {
        /// The signers (canonical base64 ids).
        signers: Vec<String>,
    },
}

impl RecoveryWarning {
    /// A stable machine-readable code: `AMBIGUOUS_BLAME` or `COLLIDING_INDEX`.
    pub fn code(&self) -> &'static str {
        match self {
            RecoveryWarning::AmbiguousBlame { .. } => "AMBIGUOUS_BLAME",
            RecoveryWarning::CollidingIndex { .. } => "COLLIDING_INDEX",
        }
    }
}

impl fmt::Display for RecoveryWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecoveryWarning::AmbiguousBlame { off } => write!(
                f,
                "{off} share(s) do not fit the key's polynomial, but which signers are wrong \
                 cannot be told apart (colluding signers may have arranged it); the key is right"
            ),
            RecoveryWarning::CollidingIndex { signers } => write!(
                f,
                "signers {signers:?} claim the same share index; their shares were not used"
            ),
        }
    }
}

/// A key rebuilt from an export.
pub struct RecoveredKey {
    /// The curve.
    pub curve: CurveId,
    /// The protocol the response named.
    pub protocol: Protocol,
    /// The secret scalar, 32 bytes big-endian. For ed25519 this is the RFC 8032 secret
    /// *scalar*, not the seed the key may have been created from (see [`crate::keys`]).
    pub secret: Zeroizing<[u8; 32]>,
    /// The public key, compressed: always the expected key.
    pub public_key: Vec<u8>,
    /// The chain code, when at least `t` signers returned the same one (hpke-v1 master keys).
    pub chain_code: Option<hpke_payload::ChainCode>,
    /// Signers (canonical base64 ids) whose shares were unreadable or certainly wrong; the key
    /// was rebuilt without them.
    pub bad_signers: Vec<String>,
    /// What kept the blame from being complete.
    pub warnings: Vec<RecoveryWarning>,
}

/// Whether [`RecoveredKey::to_json`] writes the private key into the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateKeyField {
    /// `"privateKey": hex` (and the chain code, also secret): the record is a secret file.
    Include,
    /// No `privateKey` member: the caller hands the key over another way (WASM returns its
    /// bytes as a `Uint8Array`). The chain code is still written.
    Omit,
}

impl RecoveredKey {
    /// The recovered-key record every shell presents: `{"privateKey"?: hex, "chainCode"?:
    /// hex, "publicKey": hex, "curve", "protocol", "badSigners": [base64], "warnings":
    /// [{"code", "message"}]}`.
    ///
    /// Written by keyport's JSON writer into one buffer sized up front, so the private key
    /// never sits in an unwiped value or a regrown buffer. Ends with a newline.
    pub fn to_json(&self, private_key: PrivateKeyField) -> Zeroizing<String> {
        let secret_hex = match private_key {
            PrivateKeyField::Include => Some(crate::keys::encode_hex_scalar(&self.secret)),
            PrivateKeyField::Omit => None,
        };
        let chain_hex = self
            .chain_code
            .as_ref()
            .map(|cc| Zeroizing::new(hex::encode(&cc[..])));
        let warnings: Vec<String> = self.warnings.iter().map(ToString::to_string).collect();
        let ids: usize = self.bad_signers.iter().map(|s| s.len() + 4).sum();
        let warn_len: usize = warnings.iter().map(|w| w.len() * 2 + 64).sum();
        let mut w =
            json::Writer::with_capacity(64 + 64 + 2 * self.public_key.len() + ids + warn_len + 256);
        w.begin_object();
        if let Some(secret) = &secret_hex {
            w.key("privateKey");
            w.string(secret);
        }
        if let Some(cc) = &chain_hex {
            w.key("chainCode");
            w.string(cc);
        }
        w.key("publicKey");
        w.string(&hex::encode(&self.public_key));
        w.key("curve");
        w.string(self.curve.as_str());
        w.key("protocol");
        w.string(self.protocol.as_str());
        w.key("badSigners");
        w.begin_array();
        for id in &self.bad_signers {
            w.string(id);
        }
        w.end_array();
        w.key("warnings");
        w.begin_array();
        for (warning, text) in self.warnings.iter().zip(&warnings) {
            w.begin_object();
            w.key("code");
            w.string(warning.code());
            w.key("message");
            w.string(text);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        let mut text = Zeroizing::new(w.finish());
        // The buffer was sized with room to spare; a newline does not regrow it.
        text.push('\n');
        text
    }
}

impl fmt::Debug for RecoveredKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoveredKey")
            .field("curve", &self.curve)
            .field("protocol", &self.protocol)
            .field("secret", &"<redacted>")
            .field("public_key", &hex::encode(&self.public_key))
            .field(
                "chain_code",
                &self.chain_code.as_ref().map(|_| "<redacted>"),
            )
            .field("bad_signers", &self.bad_signers)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl fmt::Debug for ExportContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportContext")
            .field("envelope", &self.key.envelope().as_str())
            .field("key", &"<redacted>")
            .field("expected", &self.expected)
            .field("signers", &self.signers)
            .finish()
    }
}

/// A share opened, with the signer it came from.
struct Opened<C: Curve> {
    owner: usize,
    share: SecretShare<C>,
}

impl ExportContext {
    /// A fresh context with OS randomness. With a caller's RNG (test vectors):
    /// [`crate::hazmat::export_context_with_rng`].
    pub fn new(envelope: EnvelopeKind) -> Result<Self> {
        let mut rng = crate::rng::os_rng()?;
        Ok(export_context_with_rng(envelope, &mut rng))
    }

    /// Wrap an existing decryption key.
    pub fn from_decryption_key(key: DecryptionKey) -> Self {
        Self {
            key,
            expected: None,
            signers: None,
        }
    }

    /// Record the public key this export must return; [`ExportContext::recover_recorded`]
    /// then needs nothing more, and the context file keeps it.
    pub fn with_expected_key(mut self, expected: ExpectedKey) -> Self {
        self.expected = Some(expected);
        self
    }

    /// Record the signers the export must come from: a response with any other signer id, or
    /// with more shares than there are signers, is refused.
    ///
    /// # Errors
    /// [`Error::DuplicateSigner`] for an id listed twice; [`Error::TooManyShares`] for more
    /// than [`MAX_EXPORT_SIGNERS`]; [`Error::NoSigners`] for none.
    pub fn with_expected_signers(mut self, mut signers: Vec<SignerId>) -> Result<Self> {
        if signers.is_empty() {
            return Err(Error::NoSigners);
        }
        if signers.len() > MAX_EXPORT_SIGNERS {
            return Err(Error::TooManyShares {
                n: signers.len(),
                max: MAX_EXPORT_SIGNERS,
            });
        }
        if let Some(dup) = crate::signer_id::find_duplicate(&mut signers) {
            return Err(Error::DuplicateSigner {
                signer_id: dup.to_string(),
            });
        }
        self.signers = Some(signers);
        Ok(self)
    }

    /// The expected key the context records, if any.
    pub fn expected_key(&self) -> Option<&ExpectedKey> {
        self.expected.as_ref()
    }

    /// The signers the context expects, sorted by id bytes, if recorded.
    pub fn expected_signers(&self) -> Option<&[SignerId]> {
        self.signers.as_deref()
    }

    /// The envelope this context receives.
    pub fn envelope(&self) -> EnvelopeKind {
        self.key.envelope()
    }

    /// The request body: the one-time encryption key and every valid (protocol, curve) pair.
    pub fn request(&self) -> KeyExportRequest {
        KeyExportRequest {
            encryption_key: self.key.recipient_key().to_base64(),
            supported_schemes: VALID_PAIRS
                .iter()
                .map(|(p, c)| SupportedScheme {
                    protocol: p.as_str().to_string(),
                    curve: c.as_str().to_string(),
                })
                .collect(),
        }
    }

    /// Serialize to the context file JSON `{"envelope": "dfns-v1"|"hpke-v1", "decryptionKey":
    /// hex, "expectedPublicKey"?: {"curve", "publicKey"}, "signers"?: [base64]}` (contains the
    /// secret key: store it 0600). Written from [`ContextFile`]'s one declaration.
    pub fn to_json(&self) -> Zeroizing<String> {
        let key = self.key.to_bytes();
        let file = ContextFile {
            envelope: self.envelope().as_str().to_string(),
            decryption_key: Zeroizing::new(hex::encode(&*key)),
            expected_public_key: self.expected.as_ref().map(|e| ExpectedKeyFile {
                curve: e.curve.as_str().to_string(),
                public_key: e.to_hex(),
            }),
            signers: self
                .signers
                .as_ref()
                .map(|ids| ids.iter().map(SignerId::to_base64).collect()),
        };
        // Sized once: the writer wipes what it outgrows, but one buffer is one copy.
        let capacity = file.decryption_key.len()
            + file
                .expected_public_key
                .as_ref()
                .map_or(0, |e| e.public_key.len() + 64)
            + file
                .signers
                .as_ref()
                .map_or(0, |s| s.iter().map(|id| id.len() + 3).sum::<usize>() + 16)
            + 64;
        Zeroizing::new(json::to_wire_string(&file, capacity))
    }

    /// Parse a context file (read by [`ContextFile`]'s derive: unknown members refused).
    ///
    /// # Errors
    /// [`Error::Malformed`] about `export context file` for JSON of another shape, a key that
    /// is not hex or an envelope that does not match the key; the key's own decoding errors;
    /// [`ExpectedKey::from_hex`]'s and [`ExportContext::with_expected_signers`]' errors.
    pub fn from_json(text: &str) -> Result<Self> {
        let malformed = |reason: String| Error::Malformed {
            what: CONTEXT_FILE,
            reason,
        };
        let file: ContextFile = json::from_str_malformed(
            text,
            CONTEXT_FILE,
            "; expected {\"envelope\": \"dfns-v1\"|\"hpke-v1\", \"decryptionKey\": hex, \
             \"expectedPublicKey\"?: {\"curve\", \"publicKey\"}, \"signers\"?: [base64]}",
        )?;
        let bytes = hex::decode(file.decryption_key.as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| malformed("decryptionKey is not hex".into()))?;
        let key = DecryptionKey::from_bytes(&bytes)?;
        if key.envelope().as_str() != file.envelope {
            return Err(malformed(alloc::format!(
                "envelope says {:?} but the key is {}",
                file.envelope,
                key.envelope().as_str()
            )));
        }
        let mut ctx = Self::from_decryption_key(key);
        if let Some(expected) = &file.expected_public_key {
            ctx = ctx.with_expected_key(ExpectedKey::from_hex(
                expected.curve.parse()?,
                &expected.public_key,
            )?);
        }
        if let Some(ids) = &file.signers {
            let ids = ids
                .iter()
                .map(|s| SignerId::from_base64(s))
                .collect::<Result<Vec<_>>>()?;
            ctx = ctx.with_expected_signers(ids)?;
        }
        Ok(ctx)
    }

    /// Recover the key, which must be `expected`.
    ///
    /// The hpke-v1 contexts bind `expected`, never the response's `publicKey`; a response whose
    /// curve or `publicKey` differs is refused. Shares that cannot be opened or parsed are set
    /// aside and their signers named. Then (SPEC.md §8.2):
    /// - hpke-v1: the dealing (commitments and chain code) that at least `t` shares carry and
    ///   verify against, with `C_0` the expected key, is adopted; every share is then checked
    ///   alone against it, and those off it (or with another chain code) are named;
    /// - dfns-v1: the polynomial most shares lie on is found by Reed–Solomon decoding; signers
    ///   off it are named only when it is unique beyond doubt, otherwise
    ///   [`RecoveryWarning::AmbiguousBlame`].
    ///
    /// # Errors
    /// [`Error::ExpectedKeyConflict`] if the context records another key;
    /// [`Error::ResponseKeyMismatch`]; [`Error::DuplicateSigner`] (ids compared by bytes);
    /// [`Error::UnexpectedSigner`]; [`Error::TooManyShares`] past [`MAX_EXPORT_SIGNERS`] or the
    /// expected signers; [`Error::InvalidThreshold`]; [`Error::ExportFailed`] naming the
    /// signers known to be bad when no key can be rebuilt.
    pub fn recover(
        &self,
        response: &KeyExportResponse,
        expected: &ExpectedKey,
    ) -> Result<RecoveredKey> {
        if let Some(recorded) = &self.expected
            && recorded != expected
        {
            return Err(Error::ExpectedKeyConflict {
                recorded: recorded.to_hex(),
                given: expected.to_hex(),
            });
        }
        self.recover_checked(response, expected)
    }

    /// [`ExportContext::recover`] with the expected key the context records.
    ///
    /// # Errors
    /// [`Error::ExpectedKeyRequired`] if it records none; then as `recover`.
    pub fn recover_recorded(&self, response: &KeyExportResponse) -> Result<RecoveredKey> {
        let expected = self.expected.as_ref().ok_or(Error::ExpectedKeyRequired)?;
        self.recover_checked(response, expected)
    }

    /// Recover whatever key the response claims, **without** checking it against a key the
    /// caller knows. Whoever assembles the response (an API, a proxy) can then hand back a key
    /// of its own choosing; use only when the response's source is trusted.
    ///
    /// # Errors
    /// As [`ExportContext::recover`], plus the response's `publicKey` decoding errors.
    pub fn recover_trusting_response_key(
        &self,
        response: &KeyExportResponse,
    ) -> Result<RecoveredKey> {
        let curve: CurveId = response.curve.parse()?;
        let bytes = decode_public_key_hex(&response.public_key, "publicKey")?;
        let expected = ExpectedKey::new(curve, &bytes)?;
        self.recover(response, &expected)
    }

    fn recover_checked(
        &self,
        response: &KeyExportResponse,
        expected: &ExpectedKey,
    ) -> Result<RecoveredKey> {
        let curve: CurveId = response.curve.parse()?;
        if curve != expected.curve {
            return Err(Error::ResponseKeyMismatch {
                field: "curve",
                expected: expected.curve.as_str().to_string(),
                found: curve.as_str().to_string(),
            });
        }
        let protocol: Protocol = response.protocol.parse()?;
        check_pair(protocol, curve)?;
        let n = response.encrypted_key_shares.len();
        let max = self.signers.as_ref().map_or(MAX_EXPORT_SIGNERS, Vec::len);
        if n > max {
            return Err(Error::TooManyShares { n, max });
        }
        let threshold = Threshold::from_min_signers(response.min_signers, max)?;
        // Each signer answers once; ids are compared by bytes, so one id spelled padded and
        // unpadded is a repeat too.
        let ids = response
            .encrypted_key_shares
            .iter()
            .map(|e| SignerId::from_base64(&e.signer_id))
            .collect::<Result<Vec<_>>>()?;
        let mut sorted = ids.clone();
        if let Some(dup) = crate::signer_id::find_duplicate(&mut sorted) {
            return Err(Error::DuplicateSigner {
                signer_id: dup.to_string(),
            });
        }
        if let Some(allowed) = &self.signers
            && let Some(stranger) = ids.iter().find(|id| allowed.binary_search(id).is_err())
        {
            return Err(Error::UnexpectedSigner {
                signer_id: stranger.to_string(),
            });
        }
        crate::with_curve!(curve, C => {
            check_response_key::<C>(&response.public_key, expected)?;
            self.recover_on::<C>(response, &ids, protocol, threshold, expected)
        })
    }

    fn recover_on<C: Curve>(
        &self,
        response: &KeyExportResponse,
        ids: &[SignerId],
        protocol: Protocol,
        threshold: Threshold,
        expected: &ExpectedKey,
    ) -> Result<RecoveredKey> {
        let kind = self.key.envelope();
        let pk_bytes = expected.compressed();
        if let Some(found) =
            self.recover_compressed_fast::<C>(response, ids, protocol, threshold, pk_bytes)
        {
            return Ok(found);
        }
        // The general path: decode the expected key (proving it is a point) and judge shares.
        let public_key = C::decode_point(pk_bytes)?;
        let mut bad: Vec<usize> = Vec::new();
        let mut plaintexts: Vec<(usize, Zeroizing<Vec<u8>>)> = Vec::new();
        for (i, (item, id)) in response.encrypted_key_shares.iter().zip(ids).enumerate() {
            match self.open_plaintext::<C>(item, id, protocol, threshold, pk_bytes) {
                Ok(p) => plaintexts.push((i, p)),
                Err(_) => bad.push(i),
            }
        }
        // Bare shares (dfns-v1) are judged together by Reed–Solomon decoding; shares that carry
        // their dealing (hpke-v1) each against the dealing enough of them agree on.
        let mut bare: Vec<Opened<C>> = Vec::new();
        let mut dealt: Vec<Candidate<'_, C>> = Vec::new();
        for (owner, p) in &plaintexts {
            match share_codec::parse_export_share::<C>(kind, p) {
                Ok(ExportPayload::Bare(share)) => bare.push(Opened {
                    owner: *owner,
                    share,
                }),
                Ok(ExportPayload::Dealt(parsed)) => dealt.push(Candidate {
                    owner: *owner,
                    parsed,
                }),
                Err(_) => bad.push(*owner),
            }
        }
        let t = threshold.get();
        let outcome = if dealt.is_empty() {
            recover_dfns::<C>(bare, t, &public_key, &mut bad)
        } else {
            bad.extend(bare.iter().map(|o| o.owner));
            recover_hpke::<C>(dealt, t, pk_bytes, &public_key, &mut bad)
        };
        let name = |positions: &[usize]| -> Vec<String> {
            let mut named: Vec<String> = positions
                .iter()
                .filter_map(|&i| ids.get(i).map(SignerId::to_string))
                .collect();
            named.sort_unstable();
            named.dedup();
            named
        };
        match outcome {
            Ok(found) => {
                let mut warnings = Vec::new();
                // Nobody off the polynomial: nothing to warn about, even if the blame could not
                // have been certain.
                if let Blame::Ambiguous { off } = found.blame
                    && off > 0
                {
                    warnings.push(RecoveryWarning::AmbiguousBlame { off });
                }
                if !found.colliding.is_empty() {
                    warnings.push(RecoveryWarning::CollidingIndex {
                        signers: name(&found.colliding),
                    });
                }
                Ok(RecoveredKey {
                    curve: C::ID,
                    protocol,
                    secret: found.secret,
                    public_key: pk_bytes.to_vec(),
                    chain_code: found.chain_code,
                    bad_signers: name(&bad),
                    warnings,
                })
            }
            Err(cause) => Err(Error::ExportFailed {
                bad_signers: name(&bad),
                cause: Box::new(cause),
            }),
        }
    }

    /// The common case, without decoding a single point: every share opens, every share lies
    /// on the polynomial through the first `threshold`, and that polynomial's `G·f(0)`,
    /// compressed, is exactly the expected key. That proves the key, so the hpke-v1
    /// commitments are only compared as bytes (each must carry `C_0 ==` the expected key, and
    /// all signers must send the same ones and the same chain code), never decoded: decoding a
    /// compressed point costs a square root (about 1.5 ms on stark), encoding `G·s` one
    /// inversion. Anything else returns `None`, and the general path (which decodes and
    /// verifies everything, names bad signers, and reports errors) runs from the start.
    fn recover_compressed_fast<C: Curve>(
        &self,
        response: &KeyExportResponse,
        ids: &[SignerId],
        protocol: Protocol,
        threshold: Threshold,
        pk_bytes: &[u8],
    ) -> Option<RecoveredKey> {
        if pk_bytes.len() != C::COMPRESSED_LEN {
            return None;
        }
        let kind = self.key.envelope();
        let mut shares: Vec<SecretShare<C>> = Vec::new();
        let mut chain_code: Option<hpke_payload::ChainCode> = None;
        let mut first_commitments: Option<Vec<u8>> = None;
        for (i, (item, id)) in response.encrypted_key_shares.iter().zip(ids).enumerate() {
            let plaintext = self
                .open_plaintext::<C>(item, id, protocol, threshold, pk_bytes)
                .ok()?;
            let share = match share_codec::parse_export_share::<C>(kind, &plaintext).ok()? {
                ExportPayload::Bare(share) => share,
                ExportPayload::Dealt(parsed) => {
                    if parsed.threshold != threshold.get()
                        || !bool::from(parsed.public_key_bytes().ct_eq(pk_bytes))
                    {
                        return None;
                    }
                    match &first_commitments {
                        None => first_commitments = Some(parsed.commitment_bytes.to_vec()),
                        Some(first) if first.as_slice() == parsed.commitment_bytes => {}
                        Some(_) => return None,
                    }
                    if i == 0 {
                        chain_code = parsed.chain_code.clone();
                    } else if !same_chain_code(chain_code.as_ref(), parsed.chain_code.as_ref()) {
                        return None;
                    }
                    parsed.share
                }
            };
            shares.push(share);
        }
        let (secret, off) = crate::sharing::interpolate_first(&shares, threshold.get()).ok()?;
        if !off.is_empty() {
            return None;
        }
        let secret = crate::secret::SecretScalar::<C>::new(*secret).ok()?;
        let encoded = secret.public_key_bytes(PointForm::Compressed).ok()?;
        if !bool::from(encoded.as_slice().ct_eq(pk_bytes)) {
            return None;
        }
        Some(RecoveredKey {
            curve: C::ID,
            protocol,
            secret: secret.to_be_bytes(),
            public_key: encoded,
            chain_code,
            bad_signers: Vec::new(),
            warnings: Vec::new(),
        })
    }

    /// Decode one signer's ciphertext and open it under this export's context, which binds
    /// the expected key.
    fn open_plaintext<C: Curve>(
        &self,
        item: &EncryptedKeyShare,
        signer_id: &SignerId,
        protocol: Protocol,
        threshold: Threshold,
        pk_compressed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        let ct = item.ciphertext()?;
        share_codec::open_export_share::<C>(
            &self.key,
            protocol,
            threshold,
            signer_id.as_bytes(),
            pk_compressed,
            &ct,
        )
    }
}

/// What the dfns-v1 or hpke-v1 judge found.
struct Found {
    secret: Zeroizing<[u8; 32]>,
    chain_code: Option<hpke_payload::ChainCode>,
    blame: Blame,
    colliding: Vec<usize>,
}

/// The response's `publicKey` must be the expected key (compared compressed).
fn check_response_key<C: Curve>(text: &str, expected: &ExpectedKey) -> Result<()> {
    let mismatch = || Error::ResponseKeyMismatch {
        field: "publicKey",
        expected: expected.to_hex(),
        found: text.chars().take(2 * C::UNCOMPRESSED_LEN + 2).collect(),
    };
    let bytes = decode_public_key_hex(text, "publicKey")?;
    let compressed = if bytes.len() == C::COMPRESSED_LEN {
        bytes
    } else if bytes.len() == C::UNCOMPRESSED_LEN {
        C::decode_point(&bytes)
            .and_then(|p| C::encode_point(&p, PointForm::Compressed))
            .map_err(|_| mismatch())?
    } else {
        return Err(mismatch());
    };
    if compressed.as_slice() == expected.compressed() {
        Ok(())
    } else {
        Err(mismatch())
    }
}

fn same_chain_code(
    a: Option<&hpke_payload::ChainCode>,
    b: Option<&hpke_payload::ChainCode>,
) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => bool::from(a[..].ct_eq(&b[..])),
        _ => false,
    }
}

/// dfns-v1: the shares carry nothing but `(x, f(x))`; Reed–Solomon decoding judges them.
///
/// `minSigners` may understate the real threshold (the reference interpolates all shares it
/// gets), so larger thresholds are tried too, all within one work budget.
fn recover_dfns<C: Curve>(
    opened: Vec<Opened<C>>,
    threshold: usize,
    public_key: &C::Point,
    bad: &mut Vec<usize>,
) -> Result<Found> {
    if opened.len() < threshold {
        return Err(Error::NotEnoughShares {
            got: opened.len(),
            needed: threshold,
        });
    }
    let owners: Vec<usize> = opened.iter().map(|o| o.owner).collect();
    let shares: Vec<SecretShare<C>> = opened.into_iter().map(|o| o.share).collect();
    let mut budget = DEFAULT_WORK_BOUND;
    let mut last = Error::ReconstructionFailed {
        suspects: Vec::new(),
    };
    for t in threshold..=shares.len() {
        match reconstruct_robust_budgeted(&shares, t, public_key, &mut budget) {
            Ok(found) => {
                bad.extend(found.bad_shares.iter().filter_map(|&p| owners.get(p)));
                return Ok(Found {
                    secret: found.secret.to_be_bytes(),
                    chain_code: None,
                    blame: found.blame,
                    colliding: found
                        .colliding
                        .iter()
                        .filter_map(|&p| owners.get(p).copied())
                        .collect(),
                });
            }
            Err(e @ Error::SearchBoundExceeded { .. }) => return Err(e),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// One hpke-v1 payload, parsed but not verified.
struct Candidate<'a, C: Curve> {
    owner: usize,
    parsed: hpke_payload::ParsedPayload<'a, C>,
}

/// hpke-v1: adopt the dealing (commitments and chain code) that at least `t` shares with
/// distinct indices carry and verify against, with `C_0` the expected key; then check every
/// share alone against it.
///
/// Fewer than `t` colluders cannot get a dealing of their own adopted (they have fewer than
/// `t` payloads), and the honest signers all carry the real one, so it is unique while fewer
/// than `t` collude. Work: each dealing decoded has `t` carriers, so at most `n` points are
/// decoded and `n` shares verified, whatever the response holds.
fn recover_hpke<C: Curve>(
    dealt: Vec<Candidate<'_, C>>,
    threshold: usize,
    pk_bytes: &[u8],
    public_key: &C::Point,
    bad: &mut Vec<usize>,
) -> Result<Found> {
    let mut candidates: Vec<Candidate<'_, C>> = Vec::with_capacity(dealt.len());
    for c in dealt {
        if c.parsed.threshold == threshold {
            candidates.push(c);
        } else {
            bad.push(c.owner);
        }
    }
    if candidates.len() < threshold {
        return Err(Error::NotEnoughShares {
            got: candidates.len(),
            needed: threshold,
        });
    }
    // Group by dealing: the same commitment bytes and the same chain code.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        let same = groups.iter_mut().find(|g| {
            let first = &candidates[g[0]].parsed;
            first.commitment_bytes == c.parsed.commitment_bytes
                && same_chain_code(first.chain_code.as_ref(), c.parsed.chain_code.as_ref())
        });
        match same {
            Some(g) => g.push(i),
            None => groups.push(alloc::vec![i]),
        }
    }
    largest_first(&mut groups);
    let mut adopted: Option<(Commitments<C>, usize)> = None;
    for g in groups.iter().filter(|g| g.len() >= threshold) {
        let first = &candidates[g[0]].parsed;
        if !bool::from(first.public_key_bytes().ct_eq(pk_bytes)) {
            continue;
        }
        let Ok(commitments) = decode_commitments::<C>(first.commitment_bytes) else {
            continue;
        };
        let mut xs: Vec<[u8; 32]> = g
            .iter()
            .filter(|&&i| verify_share(&candidates[i].parsed.share, &commitments).is_ok())
            .map(|&i| candidates[i].parsed.share.identifier().to_be_bytes())
            .collect();
        xs.sort_unstable();
        xs.dedup();
        if xs.len() >= threshold {
            adopted = Some((commitments, g[0]));
            break;
        }
    }
    let Some((commitments, model)) = adopted else {
        return Err(Error::InconsistentDealing {
            detail: alloc::format!(
                "no {threshold} signers agree on one dealing (commitments and chain code) \
                 whose public key is the expected key"
            ),
        });
    };
    let chain_code = candidates[model].parsed.chain_code.clone();
    // Every share alone against the adopted dealing.
    let mut good: Vec<SecretShare<C>> = Vec::new();
    let mut seen: Vec<[u8; 32]> = Vec::new();
    for c in &candidates {
        let on = verify_share(&c.parsed.share, &commitments).is_ok()
            && same_chain_code(c.parsed.chain_code.as_ref(), chain_code.as_ref());
        if !on {
            bad.push(c.owner);
            continue;
        }
        // Verified shares at one x have one value: keep one.
        let x = c.parsed.share.identifier().to_be_bytes();
        if !seen.contains(&x) {
            seen.push(x);
            good.push(c.parsed.share.clone());
        }
    }
    let first = good.get(..threshold).ok_or(Error::NotEnoughShares {
        got: good.len(),
        needed: threshold,
    })?;
    let secret = crate::sharing::interpolate(first)?;
    // Implied by t verified shares and C_0; checked anyway, it is one multiplication.
    if !bool::from(C::mul_base(&secret).ct_eq(public_key)) {
        return Err(Error::PublicKeyMismatch);
    }
    let secret = crate::secret::SecretScalar::<C>::new(*secret)?;
    Ok(Found {
        secret: secret.to_be_bytes(),
        chain_code,
        blame: Blame::Unambiguous,
        colliding: Vec::new(),
    })
}

fn decode_commitments<C: Curve>(bytes: &[u8]) -> Result<Commitments<C>> {
    Commitments::new(
        bytes
            .chunks_exact(C::COMPRESSED_LEN)
            .map(C::decode_point)
            .collect::<Result<Vec<_>>>()?,
    )
}

/// Decode a hex public key: either case, no `0x` prefix (the API never sends one).
fn decode_public_key_hex(s: &str, what: &'static str) -> Result<Vec<u8>> {
    if s.starts_with("0x") || s.starts_with("0X") {
        return Err(Error::Malformed {
            what,
            reason: "hex must not start with 0x".into(),
        });
    }
    hex::decode(s).map_err(|_| Error::Malformed {
        what,
        reason: "not hex".into(),
    })
}

/// A fresh [`ExportContext`] whose one-time key comes from a caller's RNG. A predictable or
/// reused RNG stream gives a key someone else can compute: they read every share the signers
/// send back, which is the key. Use [`ExportContext::new`] outside tests.
pub fn export_context_with_rng<R: CryptoRng + ?Sized>(
    envelope: EnvelopeKind,
    rng: &mut R,
) -> ExportContext {
    ExportContext::from_decryption_key(DecryptionKey::generate(envelope, rng))
}

/// Sort groups of positions largest first, stably. Not generic, so the three curves share one
/// copy of the sort (the WASM module's size).
fn largest_first(groups: &mut [Vec<usize>]) {
    groups.sort_by_key(|g| core::cmp::Reverse(g.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovered_key_record_with_and_without_the_private_key() {
        let mut secret = [0u8; 32];
        secret[31] = 1;
        let key = RecoveredKey {
            curve: CurveId::Secp256k1,
            protocol: Protocol::Cggmp21,
            secret: Zeroizing::new(secret),
            public_key: alloc::vec![2; 33],
            chain_code: Some(Zeroizing::new([0xcc; 32])),
            bad_signers: alloc::vec!["AQ==".into()],
            warnings: alloc::vec![RecoveryWarning::AmbiguousBlame { off: 1 }],
        };
        let tail = alloc::format!(
            "\"publicKey\":\"{}\",\"curve\":\"secp256k1\",\"protocol\":\"CGGMP21\",\
             \"badSigners\":[\"AQ==\"],\"warnings\":[{{\"code\":\"AMBIGUOUS_BLAME\",\
             \"message\":\"{}\"}}]}}\n",
            "02".repeat(33),
            RecoveryWarning::AmbiguousBlame { off: 1 }
        );
        let chain = alloc::format!("\"chainCode\":\"{}\",", "cc".repeat(32));
        assert_eq!(
            *key.to_json(PrivateKeyField::Include),
            alloc::format!("{{\"privateKey\":\"{}01\",{chain}{tail}", "0".repeat(62))
        );
        assert_eq!(
            *key.to_json(PrivateKeyField::Omit),
            alloc::format!("{{{chain}{tail}")
        );
    }
}
