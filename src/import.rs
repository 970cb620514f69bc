//! Build a `KeyImportRequest`: split a key, seal one share to each signer.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::api::{EncryptedKeyShare, KeyImportRequest, SignerInfo};
use crate::curve::{Curve, CurveId};
use crate::envelope::{self, Context, EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};
use crate::payload::{dfns_v1 as dfns_payload, hpke_v1 as hpke_payload};
use crate::protocol::{Protocol, check_pair};
use crate::secret::SecretScalar;
use crate::sharing::{Dealing, split};
use crate::signers::{Signer, common_envelope, prepare};

/// The longest key name the API accepts, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// The secret being imported.
pub enum ImportKey {
    /// A canonical 32-byte big-endian scalar on the target curve.
    Scalar(Zeroizing<[u8; 32]>),
    /// An RFC 8032 ed25519 seed; its secret scalar is what gets shared.
    Ed25519Seed(Zeroizing<[u8; 32]>),
}

impl fmt::Debug for ImportKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportKey::Scalar(_) => f.write_str("ImportKey::Scalar(<redacted>)"),
            ImportKey::Ed25519Seed(_) => f.write_str("ImportKey::Ed25519Seed(<redacted>)"),
        }
    }
}

/// Which envelope to seal with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EnvelopeChoice {
    /// Whatever the signers' keys say (their version byte).
    #[default]
    Auto,
    /// Insist on one envelope; signers whose keys are for another one are an error.
    Force(EnvelopeKind),
}

/// Everything about an import except the key and the signers.
#[derive(Clone)]
pub struct ImportOptions {
    /// The curve the key lives on.
    pub curve: CurveId,
    /// The signing protocol the network will run with it.
    pub protocol: Protocol,
    /// The threshold `t` (`minSigners`).
    pub min_signers: usize,
    /// An optional name (at most 100 characters).
    pub name: Option<String>,
    /// For a BIP-32 master key: its chain code (hpke-v1 only).
    pub chain_code: Option<crate::payload::hpke_v1::ChainCode>,
    /// Envelope selection.
    pub envelope: EnvelopeChoice,
    /// Seal only to signers whose keys are attested under a policy (feature `nitro`): the
    /// import fails, naming the signer, before anything is sealed.
    #[cfg(feature = "nitro")]
    pub attestation: Option<crate::attest::AttestationRequirement>,
}

impl fmt::Debug for ImportOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("ImportOptions");
        f.field("curve", &self.curve)
            .field("protocol", &self.protocol)
            .field("min_signers", &self.min_signers)
            .field("name", &self.name)
            .field(
                "chain_code",
                &self.chain_code.as_ref().map(|_| "<redacted>"),
            )
            .field("envelope", &self.envelope);
        #[cfg(feature = "nitro")]
        f.field("attestation", &self.attestation);
        f.finish()
    }
}

impl ImportOptions {
    /// Options for `curve`/`protocol`/`min_signers`, no name, not a master key, envelope auto.
    pub fn new(curve: CurveId, protocol: Protocol, min_signers: usize) -> Self {
        Self {
            curve,
            protocol,
            min_signers,
            name: None,
            chain_code: None,
            envelope: EnvelopeChoice::Auto,
            #[cfg(feature = "nitro")]
            attestation: None,
        }
    }
}

/// Signers decoded, checked and sorted once, for building many requests to the same signers
/// (bulk imports such as `keyport migrate`): decoding each signer's key costs a square root,
/// and the list is the same for every key.
#[derive(Debug, Clone)]
pub struct PreparedSigners {
    signers: Vec<Signer>,
    kind: EnvelopeKind,
}

impl PreparedSigners {
    /// Decode every id and key, reject duplicates, sort by id bytes, and check that all
    /// signers use one envelope.
    pub fn new(signers: &[SignerInfo]) -> Result<Self> {
        let signers = prepare(signers)?;
        let kind = common_envelope(&signers)?;
        Ok(Self { signers, kind })
    }

    /// The number of signers.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Whether there are no signers (never true: [`Self::new`] rejects an empty list).
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }

    /// The envelope every signer's key selects.
    pub fn envelope(&self) -> EnvelopeKind {
        self.kind
    }
}

/// Build the import request with OS randomness.
pub fn build_import_request(
    key: &ImportKey,
    signers: &[SignerInfo],
    options: &ImportOptions,
) -> Result<KeyImportRequest> {
    let mut rng = crate::rng::os_rng()?;
    build_import_request_with_rng(key, signers, options, &mut rng)
}

/// Build the import request with a caller's RNG.
///
/// Randomness is drawn in a fixed order: the `t-1` non-constant polynomial coefficients, then
/// one envelope's worth per signer in signer order (for dfns-v1, one secp256k1 scalar each).
pub fn build_import_request_with_rng<R: CryptoRng + ?Sized>(
    key: &ImportKey,
    signers: &[SignerInfo],
    options: &ImportOptions,
    rng: &mut R,
) -> Result<KeyImportRequest> {
    check_options(options)?;
    let prepared = PreparedSigners::new(signers)?;
    build_for(key, &prepared, options, rng)
}

/// [`build_import_request`] for signers prepared once with [`PreparedSigners::new`].
pub fn build_import_request_prepared(
    key: &ImportKey,
    signers: &PreparedSigners,
    options: &ImportOptions,
) -> Result<KeyImportRequest> {
    let mut rng = crate::rng::os_rng()?;
    build_import_request_prepared_with_rng(key, signers, options, &mut rng)
}

/// [`build_import_request_with_rng`] for signers prepared once with [`PreparedSigners::new`];
/// the same request for the same RNG stream.
pub fn build_import_request_prepared_with_rng<R: CryptoRng + ?Sized>(
    key: &ImportKey,
    signers: &PreparedSigners,
    options: &ImportOptions,
    rng: &mut R,
) -> Result<KeyImportRequest> {
    check_options(options)?;
    build_for(key, signers, options, rng)
}

/// The checks that need only the options: a valid protocol/curve pair and the name's length.
fn check_options(options: &ImportOptions) -> Result<()> {
    check_pair(options.protocol, options.curve)?;
    if let Some(name) = &options.name {
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(Error::NameTooLong {
                chars,
                max: MAX_NAME_CHARS,
            });
        }
    }
    Ok(())
}

fn build_for<R: CryptoRng + ?Sized>(
    key: &ImportKey,
    prepared: &PreparedSigners,
    options: &ImportOptions,
    rng: &mut R,
) -> Result<KeyImportRequest> {
    crate::sharing::check_threshold(options.min_signers, prepared.len())?;
    let kind = prepared.kind;
    if let EnvelopeChoice::Force(requested) = options.envelope
        && requested != kind
    {
        return Err(Error::EnvelopeMismatch {
            requested: requested.as_str(),
            available: kind.as_str(),
        });
    }
    if options.chain_code.is_some() && kind != EnvelopeKind::HpkeV1 {
        return Err(Error::MasterKeyNeedsHpke);
    }
    #[cfg(feature = "nitro")]
    if let Some(requirement) = &options.attestation {
        requirement.check(&prepared.signers)?;
    }
    let (shares, digest) = crate::with_curve!(options.curve, C => {
        let secret = secret_for::<C>(key)?;
        seal_shares::<C, R>(&secret, &prepared.signers, kind, options, rng)?
    });
    Ok(KeyImportRequest {
        min_signers: options.min_signers as u32,
        protocol: options.protocol.as_str().to_string(),
        curve: options.curve.as_str().to_string(),
        encrypted_key_shares: shares,
        name: options.name.clone(),
        master_key: options.chain_code.as_ref().map(|_| true),
        dealing_digest: digest.map(hex::encode),
    })
}

/// The secret scalar to share, from either kind of input.
fn secret_for<C: Curve>(key: &ImportKey) -> Result<SecretScalar<C>> {
    match key {
        ImportKey::Scalar(bytes) => SecretScalar::from_be_bytes(&bytes[..]),
        ImportKey::Ed25519Seed(seed) => {
            if C::ID != CurveId::Ed25519 {
                return Err(Error::CurveMismatch {
                    format: "ed25519 seed",
                    curve: C::ID.as_str(),
                });
            }
            let s = crate::curve::ed25519::seed_to_scalar(&seed[..])?;
            let be = Zeroizing::new(crate::curve::Ed25519::scalar_to_be_bytes(&s));
            SecretScalar::from_be_bytes(&be[..])
        }
    }
}

/// Seal one share per signer; for hpke-v1 also return the dealing digest the shares are bound to.
fn seal_shares<C: Curve, R: CryptoRng + ?Sized>(
    secret: &SecretScalar<C>,
    signers: &[Signer],
    kind: EnvelopeKind,
    options: &ImportOptions,
    rng: &mut R,
) -> Result<(Vec<EncryptedKeyShare>, Option<[u8; 32]>)> {
    let t = options.min_signers;
    let dealing: Dealing<C> = split(secret, t, signers.len(), rng)?;
    let mut out = Vec::with_capacity(signers.len());
    let b64 = keyport_hotpath::base64::encode;
    let mut digest = None;
    match kind {
        EnvelopeKind::DfnsV1 => {
            // The public-share list is the same for every signer: encode it once.
            let public_shares = dfns_payload::PublicSharesJson::new::<C>(&dealing.public_shares())?;
            let plaintexts: Vec<Zeroizing<Vec<u8>>> = dealing
                .shares()
                .iter()
                .map(|share| dfns_payload::encode_import_share(share, &public_shares))
                .collect();
            let mut items = Vec::with_capacity(signers.len());
            for (signer, plaintext) in signers.iter().zip(&plaintexts) {
                let RecipientKey::DfnsV1(pk) = &signer.recipient else {
                    return Err(Error::EnvelopeMismatch {
                        requested: EnvelopeKind::DfnsV1.as_str(),
                        available: signer.recipient.envelope().as_str(),
                    });
                };
                items.push((pk, plaintext.as_slice()));
            }
            // One inversion for all 2n points instead of one per point.
            let sealed = envelope::dfns_v1::seal_many(&items, &[], rng)?;
            for (signer, ct) in signers.iter().zip(&sealed) {
                out.push(EncryptedKeyShare {
                    encrypted_key_share: b64(ct),
                    signer_id: signer.id_base64.clone(),
                });
            }
        }
        EnvelopeKind::HpkeV1 => {
            let commitments = dealing.commitments();
            let encoded = hpke_payload::encode_commitments(&commitments)?;
            let chain_code = options.chain_code.as_deref();
            let dealing_digest = hpke_payload::dealing_digest::<C>(t, &encoded, chain_code)?;
            digest = Some(dealing_digest);
            let threshold = u16::try_from(t).map_err(|_| Error::TooManyShares {
                n: t,
                max: crate::sharing::MAX_SHARES,
            })?;
            for (i, (signer, share)) in signers.iter().zip(dealing.shares()).enumerate() {
                let index = u16::try_from(i + 1).map_err(|_| Error::TooManyShares {
                    n: signers.len(),
                    max: crate::sharing::MAX_SHARES,
                })?;
                let plaintext = hpke_payload::encode(share, t, &encoded, chain_code)?;
                let context = import_context::<C>(
                    options.protocol,
                    threshold,
                    &signer.id,
                    index,
                    &dealing_digest,
                );
                let ct = envelope::seal(&signer.recipient, &context, &plaintext, rng)?;
                out.push(EncryptedKeyShare {
                    encrypted_key_share: b64(&ct),
                    signer_id: signer.id_base64.clone(),
                });
            }
        }
    }
    Ok((out, digest))
}

/// The hpke-v1 context of an import share: everything the signer knows before opening it.
///
/// The import request carries no public key, so a signer cannot know the group key before it
/// opens its share. The context binds the request's dealing digest instead (SPEC.md §4.4.1):
/// a share sealed for another dealing does not open, and the signer checks that its payload's
/// commitments and chain code hash to it.
pub fn import_context<C: Curve>(
    protocol: Protocol,
    threshold: u16,
    signer_id: &[u8],
    index: u16,
    dealing_digest: &[u8; 32],
) -> Context {
    Context::import(
        C::ID.as_str(),
        protocol.as_str(),
        threshold,
        signer_id.to_vec(),
        index,
        dealing_digest.to_vec(),
    )
}
