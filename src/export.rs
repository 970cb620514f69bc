//! Export: a one-time key pair, the request, and recovery of the key from the signers' shares.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::api::{KeyExportRequest, KeyExportResponse, SupportedScheme};
use crate::curve::{Curve, CurveId, PointForm};
use crate::envelope::{self, Context, DecryptionKey, EnvelopeKind};
use crate::error::{Error, Result};
use crate::json;
use crate::payload::{dfns_v1 as dfns_payload, hpke_v1 as hpke_payload};
use crate::protocol::{Protocol, VALID_PAIRS, check_pair};
use crate::sharing::{DEFAULT_SEARCH_BOUND, SecretShare, reconstruct_robust};
use crate::signers::decode_signer_id;

/// The client side of one export: holds the one-time decryption key.
///
/// The key is wiped on drop and `Debug` prints no secret.
pub struct ExportContext {
    key: DecryptionKey,
}

// The decryption key wipes itself on drop.
impl zeroize::ZeroizeOnDrop for ExportContext {}

/// A key rebuilt from an export.
pub struct RecoveredKey {
    /// The curve.
    pub curve: CurveId,
    /// The protocol the response named.
    pub protocol: Protocol,
    /// The secret scalar, 32 bytes big-endian. For ed25519 this is the RFC 8032 secret
    /// *scalar*, not the seed the key may have been created from (see [`crate::keys`]).
    pub secret: Zeroizing<[u8; 32]>,
    /// The public key, compressed.
    pub public_key: Vec<u8>,
    /// The chain code, when the signers returned one (hpke-v1 master keys).
    pub chain_code: Option<hpke_payload::ChainCode>,
    /// Signers (base64 ids) whose shares were unreadable or wrong; the key was rebuilt without
    /// them.
    pub bad_signers: Vec<String>,
}

// The secret and the chain code are `Zeroizing`; the rest is public.
impl zeroize::ZeroizeOnDrop for RecoveredKey {}

impl fmt::Debug for RecoveredKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoveredKey")
            .field("curve", &self.curve)
            .field("protocol", &self.protocol)
            .field("secret", &"<redacted>")
            .field("public_key", &hex::encode(&self.public_key))
            .field("bad_signers", &self.bad_signers)
            .finish()
    }
}

impl fmt::Debug for ExportContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportContext")
            .field("envelope", &self.key.envelope().as_str())
            .field("key", &"<redacted>")
            .finish()
    }
}

impl ExportContext {
    /// A fresh context with OS randomness.
    pub fn new(envelope: EnvelopeKind) -> Result<Self> {
        let mut rng = crate::rng::os_rng()?;
        Ok(Self::with_rng(envelope, &mut rng))
    }

    /// A fresh context with a caller's RNG.
    pub fn with_rng<R: CryptoRng + ?Sized>(envelope: EnvelopeKind, rng: &mut R) -> Self {
        Self {
            key: DecryptionKey::generate(envelope, rng),
        }
    }

    /// Wrap an existing decryption key.
    pub fn from_decryption_key(key: DecryptionKey) -> Self {
        Self { key }
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

    /// Serialize to the context file JSON
    /// `{"envelope": "dfns-v1"|"hpke-v1", "decryptionKey": hex}` (contains the secret key:
    /// store it 0600).
    pub fn to_json(&self) -> Zeroizing<String> {
        let key = self.key.to_bytes();
        let key_hex = Zeroizing::new(hex::encode(&*key));
        // Sized once: a growing buffer would leave unwiped copies of the key behind.
        let mut w = json::Writer::with_capacity(key_hex.len() + 64);
        w.begin_object();
        w.key("envelope");
        w.string(self.envelope().as_str());
        w.key("decryptionKey");
        w.string(&key_hex);
        w.end_object();
        Zeroizing::new(w.finish())
    }

    /// Parse a context file.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `export context file` for JSON of another shape, a key that
    /// is not hex or an envelope that does not match the key; the key's own decoding errors.
    pub fn from_json(text: &str) -> Result<Self> {
        let malformed = |reason: String| Error::Malformed {
            what: "export context file",
            reason,
        };
        let (envelope, bytes) = json::read_malformed(
            text,
            "export context file",
            "; expected {\"envelope\": \"dfns-v1\"|\"hpke-v1\", \"decryptionKey\": hex}",
            |root| {
                let f = root.fields(
                    "an export context file",
                    ["envelope", "decryptionKey"],
                    json::Unknown::Deny,
                )?;
                let envelope = f.str("envelope")?.to_string();
                let key_hex = f.str("decryptionKey")?;
                Ok((envelope, hex::decode(key_hex).map(Zeroizing::new)))
            },
        )?;
        let bytes = bytes.map_err(|_| malformed("decryptionKey is not hex".into()))?;
        let key = DecryptionKey::from_bytes(&bytes)?;
        if key.envelope().as_str() != envelope {
            return Err(malformed(alloc::format!(
                "envelope says {envelope:?} but the key is {}",
                key.envelope().as_str()
            )));
        }
        Ok(Self { key })
    }

    /// Decrypt the shares, rebuild the key, check it against `publicKey` and name bad signers.
    ///
    /// Shares that cannot be opened or parsed are set aside (their signers are named); of the
    /// rest, any consistent subset of at least `minSigners` that matches the public key rebuilds
    /// the key, and shares off that polynomial are named too. If no subset matches,
    /// [`Error::ExportFailed`] names every signer already known to be bad.
    pub fn recover(&self, response: &KeyExportResponse) -> Result<RecoveredKey> {
        let curve: CurveId = response.curve.parse()?;
        let protocol: Protocol = response.protocol.parse()?;
        check_pair(protocol, curve)?;
        let threshold = usize::try_from(response.min_signers).unwrap_or(usize::MAX);
        if threshold < 2 {
            return Err(Error::InvalidThreshold {
                threshold,
                n: response.encrypted_key_shares.len(),
            });
        }
        // Each signer answers once; a repeated id is a malformed response, not a second share.
        let mut ids: Vec<&str> = response
            .encrypted_key_shares
            .iter()
            .map(|e| e.signer_id.as_str())
            .collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|p| p[0] == p[1]) {
            return Err(Error::DuplicateSigner {
                signer_id: pair[0].to_string(),
            });
        }
        crate::with_curve!(curve, C => self.recover_on::<C>(response, protocol, threshold))
    }

    fn recover_on<C: Curve>(
        &self,
        response: &KeyExportResponse,
        protocol: Protocol,
        threshold: usize,
    ) -> Result<RecoveredKey> {
        let pk_bytes = decode_public_key_hex(&response.public_key)?;
        if let Some(found) =
            self.recover_compressed_fast::<C>(response, protocol, threshold, &pk_bytes)
        {
            return Ok(found);
        }
        let public_key = C::decode_point(&pk_bytes)?;
        let pk_compressed = C::encode_point(&public_key, PointForm::Compressed)?;
        let t16 = u16::try_from(threshold).map_err(|_| Error::InvalidThreshold {
            threshold,
            n: response.encrypted_key_shares.len(),
        })?;

        let mut bad_signers: Vec<String> = Vec::new();
        let mut shares: Vec<SecretShare<C>> = Vec::new();
        let mut owners: Vec<String> = Vec::new();
        let mut chain_code = None;
        for item in &response.encrypted_key_shares {
            match self.open_share::<C>(item, protocol, t16, &pk_compressed, &public_key) {
                Ok((share, cc)) => {
                    if cc.is_some() {
                        chain_code = cc;
                    }
                    shares.push(share);
                    owners.push(item.signer_id.clone());
                }
                Err(_) => bad_signers.push(item.signer_id.clone()),
            }
        }
        let failed = |bad: Vec<String>, cause: Error| Error::ExportFailed {
            bad_signers: bad,
            cause: Box::new(cause),
        };
        if shares.len() < threshold {
            let got = shares.len();
            return Err(failed(
                bad_signers,
                Error::NotEnoughShares {
                    got,
                    needed: threshold,
                },
            ));
        }
        // `minSigners` may understate the real threshold (the reference interpolates all shares
        // it gets); try the stated threshold first, then larger ones.
        let mut last = Error::ReconstructionFailed {
            suspects: Vec::new(),
        };
        for t in threshold..=shares.len() {
            match reconstruct_robust(&shares, t, &public_key, DEFAULT_SEARCH_BOUND) {
                Ok(found) => {
                    for pos in found.bad_shares {
                        if let Some(owner) = owners.get(pos) {
                            bad_signers.push(owner.clone());
                        }
                    }
                    return Ok(RecoveredKey {
                        curve: C::ID,
                        protocol,
                        secret: found.secret.to_be_bytes(),
                        public_key: pk_compressed,
                        chain_code,
                        bad_signers,
                    });
                }
                Err(e @ Error::SearchBoundExceeded { .. }) => return Err(failed(bad_signers, e)),
                Err(e) => last = e,
            }
        }
        Err(failed(bad_signers, last))
    }

    /// The common case, without decoding a single point: every share opens, every share lies
    /// on the polynomial through the first `threshold`, and that polynomial's `G·f(0)`,
    /// compressed, is exactly `pk_bytes`. That proves the key, so the hpke-v1 commitments are
    /// only compared as bytes (each must carry `C_0 == pk_bytes`, and all signers must send
    /// the same ones), never decoded: decoding a compressed point costs a square root (about
    /// 1.5 ms on stark), encoding `G·s` one inversion. Anything else returns `None`, and the
    /// general path (which decodes and verifies everything, names bad signers, and reports
    /// errors) runs from the start.
    fn recover_compressed_fast<C: Curve>(
        &self,
        response: &KeyExportResponse,
        protocol: Protocol,
        threshold: usize,
        pk_bytes: &[u8],
    ) -> Option<RecoveredKey> {
        if pk_bytes.len() != C::COMPRESSED_LEN {
            return None;
        }
        let t16 = u16::try_from(threshold).ok()?;
        let mut shares: Vec<SecretShare<C>> = Vec::new();
        let mut chain_code = None;
        let mut first_commitments: Option<Vec<u8>> = None;
        for item in &response.encrypted_key_shares {
            let plaintext = self
                .open_plaintext::<C>(item, protocol, t16, pk_bytes)
                .ok()?;
            let share = match self.key.envelope() {
                EnvelopeKind::DfnsV1 => dfns_payload::decode_export_share::<C>(&plaintext).ok()?,
                EnvelopeKind::HpkeV1 => {
                    let parsed = hpke_payload::parse::<C>(&plaintext).ok()?;
                    if parsed.threshold != threshold
                        || !bool::from(parsed.public_key_bytes().ct_eq(pk_bytes))
                    {
                        return None;
                    }
                    match &first_commitments {
                        None => first_commitments = Some(parsed.commitment_bytes.to_vec()),
                        Some(first) if first.as_slice() == parsed.commitment_bytes => {}
                        Some(_) => return None,
                    }
                    if parsed.chain_code.is_some() {
                        chain_code = parsed.chain_code.clone();
                    }
                    parsed.share
                }
            };
            shares.push(share);
        }
        let (secret, off) = crate::sharing::interpolate_first(&shares, threshold).ok()?;
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
        })
    }

    /// Decode one signer's ciphertext and open it under this export's context.
    fn open_plaintext<C: Curve>(
        &self,
        item: &crate::api::EncryptedKeyShare,
        protocol: Protocol,
        threshold: u16,
        pk_compressed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        let signer_id = decode_signer_id(&item.signer_id)?;
        let ct = item.ciphertext()?;
        let context = Context::export(
            C::ID.as_str(),
            protocol.as_str(),
            threshold,
            signer_id,
            pk_compressed.to_vec(),
        );
        envelope::open(&self.key, &context, &ct)
    }

    /// Open, parse and verify one signer's share: hpke-v1 payloads must commit to
    /// `public_key` with the stated threshold, and the share must match its commitments.
    fn open_share<C: Curve>(
        &self,
        item: &crate::api::EncryptedKeyShare,
        protocol: Protocol,
        threshold: u16,
        pk_compressed: &[u8],
        public_key: &C::Point,
    ) -> Result<(SecretShare<C>, Option<hpke_payload::ChainCode>)> {
        let plaintext = self.open_plaintext::<C>(item, protocol, threshold, pk_compressed)?;
        match self.key.envelope() {
            EnvelopeKind::DfnsV1 => Ok((dfns_payload::decode_export_share::<C>(&plaintext)?, None)),
            EnvelopeKind::HpkeV1 => {
                let payload = hpke_payload::decode::<C>(&plaintext)?;
                if !bool::from(payload.commitments.public_key().ct_eq(public_key)) {
                    return Err(Error::PublicKeyMismatch);
                }
                if payload.commitments.threshold() != usize::from(threshold) {
                    return Err(Error::InvalidThreshold {
                        threshold: payload.commitments.threshold(),
                        n: usize::from(threshold),
                    });
                }
                Ok((payload.share.clone(), payload.chain_code.clone()))
            }
        }
    }
}

/// Decode a hex public key: either case, no `0x` prefix (the API never sends one).
fn decode_public_key_hex(s: &str) -> Result<Vec<u8>> {
    if s.starts_with("0x") || s.starts_with("0X") {
        return Err(Error::Malformed {
            what: "publicKey",
            reason: "hex must not start with 0x".into(),
        });
    }
    hex::decode(s).map_err(|_| Error::Malformed {
        what: "publicKey",
        reason: "not hex".into(),
    })
}
