//! Build a `KeyImportRequest`: split a key, seal one share to each signer.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::api::{EncryptedKeyShare, KeyImportRequest, SignerInfo};
use crate::curve::{Curve, CurveId};
use crate::envelope::EnvelopeKind;
use crate::error::{Error, Result};
use crate::protocol::{Protocol, check_pair};
use crate::secret::SecretScalar;
use crate::share_codec;
use crate::sharing::{Dealing, Threshold, split};
use crate::signers::{PreparedSigner, common_envelope, prepare};

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
/// and the list is the same for every key. Pass it to [`build_import_request`] where a
/// `&[SignerInfo]` would go; the request is the same.
#[derive(Debug, Clone)]
pub struct PreparedSigners {
    signers: Vec<PreparedSigner>,
    kind: EnvelopeKind,
}

impl PreparedSigners {
    /// Decode every id and key, reject duplicates, sort by id bytes, and check that all
    /// signers use one envelope.
    ///
    /// # Errors
    /// [`Error::NoSigners`] for an empty list, [`Error::DuplicateSigner`] for an id given twice
    /// (compared by bytes), [`Error::MixedEnvelopes`] for keys of two envelopes, and those of
    /// [`PreparedSigner::new`].
    pub fn new(signers: &[SignerInfo]) -> Result<Self> {
        let signers = prepare(signers)?;
        let kind = common_envelope(&signers)?;
        Ok(Self { signers, kind })
    }

    /// The signers in share order: share index `i` (1-based) goes to the `i`-th.
    pub fn signers(&self) -> &[PreparedSigner] {
        &self.signers
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

/// The signers an import seals to: a signer list as ListSigners gives it (`[SignerInfo]`,
/// `Vec<SignerInfo>`), decoded on each call, or [`PreparedSigners`], decoded once. Sealed: no
/// other type implements it.
pub trait ImportSigners: sealed::Sealed {
    /// The signers, decoded and checked (borrowed when they already are).
    #[doc(hidden)]
    fn prepared(&self) -> Result<Cow<'_, PreparedSigners>>;
}

mod sealed {
    /// Keeps [`super::ImportSigners`] to the types of this module.
    pub trait Sealed {}
    impl Sealed for [super::SignerInfo] {}
    impl Sealed for alloc::vec::Vec<super::SignerInfo> {}
    impl<const N: usize> Sealed for [super::SignerInfo; N] {}
    impl Sealed for super::PreparedSigners {}
}

impl ImportSigners for [SignerInfo] {
    fn prepared(&self) -> Result<Cow<'_, PreparedSigners>> {
        PreparedSigners::new(self).map(Cow::Owned)
    }
}

impl ImportSigners for Vec<SignerInfo> {
    fn prepared(&self) -> Result<Cow<'_, PreparedSigners>> {
        self.as_slice().prepared()
    }
}

impl<const N: usize> ImportSigners for [SignerInfo; N] {
    fn prepared(&self) -> Result<Cow<'_, PreparedSigners>> {
        self.as_slice().prepared()
    }
}

impl ImportSigners for PreparedSigners {
    fn prepared(&self) -> Result<Cow<'_, PreparedSigners>> {
        Ok(Cow::Borrowed(self))
    }
}

/// Build the import request: split the key `t`-of-`n` and seal share `i` to the `i`-th
/// signer in signer-id byte order, with OS randomness. The one import entry point: `signers`
/// is the list ListSigners gives, or [`PreparedSigners`] to decode a list once for many keys.
///
/// ```
/// # fn main() -> keyport::Result<()> {
/// # let mut rng = keyport::os_rng()?;
/// # let signers = keyport::signer::Cluster::generate(3, keyport::EnvelopeKind::DfnsV1, &mut rng)
/// #     .list_signers().select(None)?;
/// use keyport::{build_import_request, CurveId, ImportKey, ImportOptions, PreparedSigners, Protocol};
/// let options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 2);
/// let key = ImportKey::Scalar(zeroize::Zeroizing::new([7u8; 32]));
/// // One key:
/// let one = build_import_request(&key, &signers, &options)?;
/// // Many keys to the same signers: decode the signers once.
/// let prepared = PreparedSigners::new(&signers)?;
/// let many = (0..3)
///     .map(|_| build_import_request(&key, &prepared, &options))
///     .collect::<keyport::Result<Vec<_>>>()?;
/// assert_eq!(many.len(), 3);
/// assert_eq!(one.encrypted_key_shares.len(), many[0].encrypted_key_shares.len());
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// In this order: [`Error::UnsupportedScheme`] for a protocol/curve pair the network does not run,
/// [`Error::NameTooLong`]; those of [`PreparedSigners::new`]; [`Error::InvalidThreshold`] or
/// [`Error::TooManyShares`]; [`Error::EnvelopeMismatch`] for a forced envelope the signers
/// do not speak; [`Error::MasterKeyNeedsHpke`]; the key's own errors.
pub fn build_import_request<S: ImportSigners + ?Sized>(
    key: &ImportKey,
    signers: &S,
    options: &ImportOptions,
) -> Result<KeyImportRequest> {
    let mut rng = crate::rng::os_rng()?;
    build_import_request_with_rng(key, signers, options, &mut rng)
}

/// [`build_import_request`] with a caller's RNG (test vectors and benchmarks; see
/// the `hazmat` module for what a predictable RNG costs). The same request for the same RNG
/// stream, whichever form `signers` takes.
///
/// Randomness is drawn in a fixed order: the `t-1` non-constant polynomial coefficients, then
/// one envelope's worth per signer in signer order (for dfns-v1, one secp256k1 scalar each).
///
/// # Errors
/// As [`build_import_request`].
pub fn build_import_request_with_rng<S: ImportSigners + ?Sized, R: CryptoRng + ?Sized>(
    key: &ImportKey,
    signers: &S,
    options: &ImportOptions,
    rng: &mut R,
) -> Result<KeyImportRequest> {
    check_options(options)?;
    let prepared = signers.prepared()?;
    build_for(key, &prepared, options, rng)
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
    let threshold = Threshold::for_signers(options.min_signers, prepared.len())?;
    let kind = prepared.kind;
    if let EnvelopeChoice::Force(requested) = options.envelope
        && requested != kind
    {
        return Err(Error::EnvelopeMismatch {
            requested: requested.as_str(),
            available: kind.as_str(),
        });
    }
    if options.chain_code.is_some() && !share_codec::carries_chain_code(kind) {
        return Err(Error::MasterKeyNeedsHpke);
    }
    #[cfg(feature = "nitro")]
    if let Some(requirement) = &options.attestation {
        requirement.check(&prepared.signers)?;
    }
    let sealed = crate::with_curve!(options.curve, C => {
        let secret = secret_for::<C>(key)?;
        let dealing: Dealing<C> = split(&secret, threshold.get(), prepared.len(), rng)?;
        share_codec::seal_import_shares(
            kind,
            &dealing,
            threshold,
            options.protocol,
            options.chain_code.as_deref(),
            &prepared.signers,
            rng,
        )?
    });
    let encrypted_key_shares = prepared
        .signers
        .iter()
        .zip(&sealed.ciphertexts)
        .map(|(signer, ct)| EncryptedKeyShare {
            encrypted_key_share: keyport_hotpath::base64::encode(ct),
            signer_id: signer.id().to_base64(),
        })
        .collect();
    Ok(KeyImportRequest {
        min_signers: threshold.to_u32(),
        protocol: options.protocol.as_str().to_string(),
        curve: options.curve.as_str().to_string(),
        encrypted_key_shares,
        name: options.name.clone(),
        master_key: options.chain_code.as_ref().map(|_| true),
        dealing_digest: sealed.dealing_digest.map(hex::encode),
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
