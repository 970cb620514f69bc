//! One seam per envelope: which share payload travels inside which envelope, both ways.
//!
//! Import, export and the reference signer never pair an envelope with its payload codec
//! themselves. They call the four operations here, which dispatch once on the
//! [`EnvelopeKind`] (in [`with_codec!`]) to one [`ShareCodec`] implementation:
//!
//! | operation | who | dfns-v1 ([`DfnsV1`]) | hpke-v1 ([`HpkeV1`]) |
//! |---|---|---|---|
//! | [`seal_import_shares`] | client | JSON share + public shares, ECIES, no context | binary share + commitments, HPKE bound to the dealing digest |
//! | [`open_import_share`] | signer | checks the public shares lie on one polynomial | checks the commitments and the dealing digest |
//! | [`seal_export_share`] | signer | JSON `(x, f(x))` | binary share + commitments + chain code, bound to the expected key |
//! | [`open_export_share`] | client | an [`ExportPayload::Bare`] share | an [`ExportPayload::Dealt`] share |
//!
//! Adding an envelope means a module in `envelope/`, its payload in `payload/`, one
//! `ShareCodec` implementation here and one arm in [`with_codec!`].

use alloc::vec::Vec;

use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::curve::Curve;
use crate::envelope::{self, Context, DecryptionKey, EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};
use crate::payload::{dfns_v1 as dfns_payload, hpke_v1 as hpke_payload};
use crate::protocol::Protocol;
use crate::sharing::{
    Commitments, Dealing, SecretShare, ShareIndex, Threshold, commitments_from_public_shares,
    verify_share,
};
use crate::signers::PreparedSigner;

/// Runs `$body` with `$K` the [`ShareCodec`] of envelope `$kind`: the one `match` on the
/// envelope kind that pairs it with its payload.
macro_rules! with_codec {
    ($kind:expr, $K:ident => $body:expr) => {
        match $kind {
            EnvelopeKind::DfnsV1 => {
                type $K = DfnsV1;
                $body
            }
            EnvelopeKind::HpkeV1 => {
                type $K = HpkeV1;
                $body
            }
        }
    };
}

/// The shares of one import, sealed in signer order.
pub(crate) struct SealedImport {
    /// One ciphertext per signer, in the order of the signers given.
    pub ciphertexts: Vec<Vec<u8>>,
    /// The digest the shares are bound to, for envelopes that bind one (the request's
    /// `dealingDigest`).
    pub dealing_digest: Option<[u8; hpke_payload::DEALING_DIGEST_LEN]>,
}

/// What a signer knows about its import share before opening it.
pub(crate) struct ImportSlot<'a> {
    /// The request's protocol.
    pub protocol: Protocol,
    /// The request's `minSigners`, checked against the number of signers.
    pub threshold: Threshold,
    /// This signer's id bytes.
    pub signer_id: &'a [u8],
    /// This signer's index: its position among the request's signer ids, in byte order.
    pub index: ShareIndex,
    /// The number of signers in the request.
    pub signers: usize,
    /// The request's dealing digest, for envelopes that bind one.
    pub dealing_digest: Option<&'a [u8; hpke_payload::DEALING_DIGEST_LEN]>,
}

/// An import share a signer opened and verified against its dealing.
pub(crate) struct AcceptedShare<C: Curve> {
    /// The share.
    pub share: SecretShare<C>,
    /// The dealing's Feldman commitments (`C_0` is the group key).
    pub commitments: Commitments<C>,
    /// A master key's chain code.
    pub chain_code: Option<hpke_payload::ChainCode>,
}

/// An export share, opened but not yet judged.
pub(crate) enum ExportPayload<'a, C: Curve> {
    /// Only `(x, f(x))` (dfns-v1): the dealing must be found from the shares themselves.
    Bare(SecretShare<C>),
    /// The share with the dealing it claims (hpke-v1): each share can be checked alone.
    Dealt(hpke_payload::ParsedPayload<'a, C>),
}

/// One envelope paired with its share payload.
pub(crate) trait ShareCodec {
    /// Whether an import's payload can carry a master key's chain code.
    const CARRIES_CHAIN_CODE: bool;
    /// Whether an import request of this envelope carries, and its shares bind, a dealing
    /// digest.
    const BINDS_DEALING_DIGEST: bool;

    /// Seal share `i` of `dealing` to `signers[i]`.
    fn seal_import<C: Curve, R: CryptoRng + ?Sized>(
        dealing: &Dealing<C>,
        threshold: Threshold,
        protocol: Protocol,
        chain_code: Option<&[u8; 32]>,
        signers: &[PreparedSigner],
        rng: &mut R,
    ) -> Result<SealedImport>;

    /// Open and verify this signer's import share.
    fn open_import<C: Curve>(
        key: &DecryptionKey,
        slot: &ImportSlot<'_>,
        ciphertext: &[u8],
    ) -> Result<AcceptedShare<C>>;

    /// The export plaintext of a stored share (`commitments`: compressed, back to back).
    fn export_plaintext<C: Curve>(
        share: &SecretShare<C>,
        threshold: Threshold,
        commitments: &[u8],
        chain_code: Option<&[u8; 32]>,
    ) -> Result<Zeroizing<Vec<u8>>>;

    /// Parse an opened export plaintext.
    fn parse_export<C: Curve>(plaintext: &[u8]) -> Result<ExportPayload<'_, C>>;
}

/// dfns-v1: the JSON payloads of the Dfns reference inside secp256k1 ECIES.
pub(crate) struct DfnsV1;

/// hpke-v1: keyport's binary payload with Feldman commitments inside context-bound HPKE.
pub(crate) struct HpkeV1;

impl ShareCodec for DfnsV1 {
    const CARRIES_CHAIN_CODE: bool = false;
    const BINDS_DEALING_DIGEST: bool = false;

    fn seal_import<C: Curve, R: CryptoRng + ?Sized>(
        dealing: &Dealing<C>,
        _threshold: Threshold,
        _protocol: Protocol,
        chain_code: Option<&[u8; 32]>,
        signers: &[PreparedSigner],
        rng: &mut R,
    ) -> Result<SealedImport> {
        if chain_code.is_some() {
            return Err(Error::MasterKeyNeedsHpke);
        }
        // The public-share list is the same for every signer: encode it once.
        let public_shares = dfns_payload::PublicSharesJson::new::<C>(&dealing.public_shares())?;
        let plaintexts: Vec<Zeroizing<Vec<u8>>> = dealing
            .shares()
            .iter()
            .map(|share| dfns_payload::encode_import_share(share, &public_shares))
            .collect();
        let mut items = Vec::with_capacity(signers.len());
        for (signer, plaintext) in signers.iter().zip(&plaintexts) {
            let RecipientKey::DfnsV1(pk) = signer.recipient() else {
                return Err(Error::EnvelopeMismatch {
                    requested: EnvelopeKind::DfnsV1.as_str(),
                    available: signer.recipient().envelope().as_str(),
                });
            };
            items.push((pk, plaintext.as_slice()));
        }
        // One inversion for all 2n points instead of one per point.
        let ciphertexts = envelope::dfns_v1::seal_many(&items, &[], rng)?;
        Ok(SealedImport {
            ciphertexts,
            dealing_digest: None,
        })
    }

    fn open_import<C: Curve>(
        key: &DecryptionKey,
        slot: &ImportSlot<'_>,
        ciphertext: &[u8],
    ) -> Result<AcceptedShare<C>> {
        let DecryptionKey::DfnsV1(sk) = key else {
            return Err(Error::EnvelopeMismatch {
                requested: EnvelopeKind::DfnsV1.as_str(),
                available: key.envelope().as_str(),
            });
        };
        // dfns-v1 binds no context and uses an empty aad, like Dfns.
        let plaintext = envelope::dfns_v1::open(sk, ciphertext, &[])?;
        let decoded = dfns_payload::decode_import_share::<C>(&plaintext)?;
        let n = slot.signers;
        if decoded.public_shares.len() != n {
            return Err(Error::Malformed {
                what: "dfns-v1 share plaintext",
                reason: alloc::format!(
                    "{} public shares for {n} signers",
                    decoded.public_shares.len()
                ),
            });
        }
        let t = slot.threshold.get();
        let share = SecretShare::new(slot.index.identifier(), *decoded.value)?;
        let pairs = decoded
            .public_shares
            .iter()
            .take(t)
            .enumerate()
            .map(|(i, p)| Ok((ShareIndex::from_position(i)?.identifier(), *p)))
            .collect::<Result<Vec<_>>>()?;
        let commitments = commitments_from_public_shares(&pairs)?;
        for (i, p) in decoded.public_shares.iter().enumerate().skip(t) {
            let xi = ShareIndex::from_position(i)?.identifier();
            if commitments.evaluate(&xi) != *p {
                return Err(Error::InconsistentDealing {
                    detail: alloc::format!(
                        "public share {} is not on the degree-{} polynomial of the others",
                        i + 1,
                        t - 1
                    ),
                });
            }
        }
        verify_share(&share, &commitments)?;
        Ok(AcceptedShare {
            share,
            commitments,
            chain_code: None,
        })
    }

    fn export_plaintext<C: Curve>(
        share: &SecretShare<C>,
        _threshold: Threshold,
        _commitments: &[u8],
        _chain_code: Option<&[u8; 32]>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        Ok(dfns_payload::encode_export_share(share))
    }

    fn parse_export<C: Curve>(plaintext: &[u8]) -> Result<ExportPayload<'_, C>> {
        dfns_payload::decode_export_share::<C>(plaintext).map(ExportPayload::Bare)
    }
}

impl ShareCodec for HpkeV1 {
    const CARRIES_CHAIN_CODE: bool = true;
    const BINDS_DEALING_DIGEST: bool = true;

    fn seal_import<C: Curve, R: CryptoRng + ?Sized>(
        dealing: &Dealing<C>,
        threshold: Threshold,
        protocol: Protocol,
        chain_code: Option<&[u8; 32]>,
        signers: &[PreparedSigner],
        rng: &mut R,
    ) -> Result<SealedImport> {
        let encoded = hpke_payload::encode_commitments(&dealing.commitments())?;
        let digest = hpke_payload::dealing_digest::<C>(threshold, &encoded, chain_code)?;
        let mut ciphertexts = Vec::with_capacity(signers.len());
        for (i, (signer, share)) in signers.iter().zip(dealing.shares()).enumerate() {
            let index = ShareIndex::from_position(i)?;
            let plaintext = hpke_payload::encode(share, threshold, &encoded, chain_code)?;
            let context =
                import_context::<C>(protocol, threshold, signer.id().as_bytes(), index, &digest);
            ciphertexts.push(envelope::seal(
                signer.recipient(),
                &context,
                &plaintext,
                rng,
            )?);
        }
        Ok(SealedImport {
            ciphertexts,
            dealing_digest: Some(digest),
        })
    }

    fn open_import<C: Curve>(
        key: &DecryptionKey,
        slot: &ImportSlot<'_>,
        ciphertext: &[u8],
    ) -> Result<AcceptedShare<C>> {
        let Some(digest) = slot.dealing_digest else {
            return Err(Error::Malformed {
                what: "import request",
                reason: "an hpke-v1 import needs dealingDigest (SPEC.md §7.1.1)".into(),
            });
        };
        let context = import_context::<C>(
            slot.protocol,
            slot.threshold,
            slot.signer_id,
            slot.index,
            digest,
        );
        let plaintext = envelope::open(key, &context, ciphertext)?;
        let payload = hpke_payload::decode::<C>(&plaintext)?;
        let index = slot.index;
        if payload.share.identifier() != index.identifier() {
            return Err(Error::InconsistentDealing {
                detail: alloc::format!("payload index differs from this signer's position {index}"),
            });
        }
        let t = slot.threshold.get();
        if payload.commitments.threshold() != t {
            return Err(Error::InconsistentDealing {
                detail: alloc::format!(
                    "payload threshold {} differs from minSigners {t}",
                    payload.commitments.threshold()
                ),
            });
        }
        // The ciphertext opened under the request's digest; the payload must be that dealing
        // too, or whoever sealed it spliced in another one.
        let encoded = hpke_payload::encode_commitments(&payload.commitments)?;
        let own = hpke_payload::dealing_digest::<C>(
            slot.threshold,
            &encoded,
            payload.chain_code.as_deref(),
        )?;
        if !bool::from(own[..].ct_eq(&digest[..])) {
            return Err(Error::InconsistentDealing {
                detail: "the payload's commitments and chain code do not hash to the request's dealingDigest".into(),
            });
        }
        let hpke_payload::SharePayload {
            share,
            commitments,
            chain_code,
        } = payload;
        Ok(AcceptedShare {
            share,
            commitments,
            chain_code,
        })
    }

    fn export_plaintext<C: Curve>(
        share: &SecretShare<C>,
        threshold: Threshold,
        commitments: &[u8],
        chain_code: Option<&[u8; 32]>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        hpke_payload::encode(share, threshold, commitments, chain_code)
    }

    fn parse_export<C: Curve>(plaintext: &[u8]) -> Result<ExportPayload<'_, C>> {
        hpke_payload::parse::<C>(plaintext).map(ExportPayload::Dealt)
    }
}

/// Whether envelope `kind`'s import payload can carry a master key's chain code.
pub(crate) fn carries_chain_code(kind: EnvelopeKind) -> bool {
    with_codec!(kind, K => K::CARRIES_CHAIN_CODE)
}

/// Seal share `i` of `dealing` to `signers[i]`, all speaking envelope `kind`.
pub(crate) fn seal_import_shares<C: Curve, R: CryptoRng + ?Sized>(
    kind: EnvelopeKind,
    dealing: &Dealing<C>,
    threshold: Threshold,
    protocol: Protocol,
    chain_code: Option<&[u8; 32]>,
    signers: &[PreparedSigner],
    rng: &mut R,
) -> Result<SealedImport> {
    with_codec!(kind, K => K::seal_import(dealing, threshold, protocol, chain_code, signers, rng))
}

/// The request's dealing digest for a signer holding a key of envelope `kind`: required (64
/// hex digits) where the envelope binds one, absent otherwise.
pub(crate) fn import_dealing_digest(
    kind: EnvelopeKind,
    text: Option<&str>,
) -> Result<Option<[u8; hpke_payload::DEALING_DIGEST_LEN]>> {
    let malformed = |reason: &str| Error::Malformed {
        what: "import request",
        reason: reason.into(),
    };
    let binds = with_codec!(kind, K => K::BINDS_DEALING_DIGEST);
    match (binds, text) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(malformed(&alloc::format!(
            "dealingDigest is for hpke-v1 imports; a {} import has none",
            kind.as_str()
        ))),
        (true, None) => Err(malformed(&alloc::format!(
            "an {} import needs dealingDigest (SPEC.md §7.1.1)",
            kind.as_str()
        ))),
        (true, Some(text)) => {
            let mut out = [0u8; hpke_payload::DEALING_DIGEST_LEN];
            hex::decode_to_slice(text, &mut out)
                .map_err(|_| malformed("dealingDigest must be 64 hex digits"))?;
            Ok(Some(out))
        }
    }
}

/// Open and verify a signer's import share with its decryption key.
pub(crate) fn open_import_share<C: Curve>(
    key: &DecryptionKey,
    slot: &ImportSlot<'_>,
    ciphertext: &[u8],
) -> Result<AcceptedShare<C>> {
    with_codec!(key.envelope(), K => K::open_import::<C>(key, slot, ciphertext))
}

/// A signer's export share sealed to the requester's `recipient` key, bound (hpke-v1) to the
/// signer, the sharing and the key's compressed public key (`commitments[..COMPRESSED_LEN]`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn seal_export_share<C: Curve, R: CryptoRng + ?Sized>(
    recipient: &RecipientKey,
    protocol: Protocol,
    threshold: Threshold,
    signer_id: &[u8],
    share: &SecretShare<C>,
    commitments: &[u8],
    chain_code: Option<&[u8; 32]>,
    rng: &mut R,
) -> Result<Vec<u8>> {
    let public_key = commitments.get(..C::COMPRESSED_LEN).unwrap_or_default();
    let context = export_context::<C>(protocol, threshold, signer_id, public_key);
    let plaintext = with_codec!(recipient.envelope(), K => {
        K::export_plaintext(share, threshold, commitments, chain_code)?
    });
    envelope::seal(recipient, &context, &plaintext, rng)
}

/// Open one signer's export ciphertext under the context that binds the *expected* key.
pub(crate) fn open_export_share<C: Curve>(
    key: &DecryptionKey,
    protocol: Protocol,
    threshold: Threshold,
    signer_id: &[u8],
    expected_public_key: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let context = export_context::<C>(protocol, threshold, signer_id, expected_public_key);
    envelope::open(key, &context, ciphertext)
}

/// Parse an export plaintext opened with a key of envelope `kind`.
pub(crate) fn parse_export_share<C: Curve>(
    kind: EnvelopeKind,
    plaintext: &[u8],
) -> Result<ExportPayload<'_, C>> {
    with_codec!(kind, K => K::parse_export::<C>(plaintext))
}

/// The hpke-v1 context of an import share: everything the signer knows before opening it.
///
/// The import request carries no public key, so a signer cannot know the group key before it
/// opens its share. The context binds the request's dealing digest instead (SPEC.md §4.4.1):
/// a share sealed for another dealing does not open, and the signer checks that its payload's
/// commitments and chain code hash to it.
pub fn import_context<C: Curve>(
    protocol: Protocol,
    threshold: Threshold,
    signer_id: &[u8],
    index: ShareIndex,
    dealing_digest: &[u8; hpke_payload::DEALING_DIGEST_LEN],
) -> Context {
    Context::import(
        C::ID,
        protocol,
        threshold,
        signer_id,
        index,
        dealing_digest.to_vec(),
    )
}

/// The context of an export share: the expected key, never the one a response claims.
fn export_context<C: Curve>(
    protocol: Protocol,
    threshold: Threshold,
    signer_id: &[u8],
    expected_public_key: &[u8],
) -> Context {
    Context::export(C::ID, protocol, threshold, signer_id, expected_public_key)
}
