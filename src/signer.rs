//! The signer side: open and verify an import, answer an export.
//!
//! This is a reference implementation for tests, the demo and teams running their own signers;
//! [`Cluster`] runs `n` of them in-process.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::api::{
    EncryptedKeyShare, KeyExportRequest, KeyExportResponse, KeyImportRequest, ListSignersResponse,
    SignerCluster, SignerInfo,
};
use crate::curve::{Curve, CurveId, PointForm};
use crate::envelope::{self, Context, DecryptionKey, EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};
use crate::import::import_context;
use crate::payload::{dfns_v1 as dfns_payload, hpke_v1 as hpke_payload};
use crate::protocol::{Protocol, check_pair};
use crate::sharing::{
    Commitments, Identifier, SecretShare, commitments_from_public_shares, verify_share,
};
use crate::signer_id::SignerId;
use crate::signers::encode_signer_id;

/// What a signer keeps after accepting an import: its share and the public sharing data.
///
/// Serializes to JSON (hex fields) for the CLI's on-disk cluster. The share is wiped on drop
/// and never printed by `Debug`.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredShare {
    /// Curve API name.
    pub curve: String,
    /// Protocol API name.
    pub protocol: String,
    /// Threshold `t`.
    pub threshold: u16,
    /// This signer's index (x-coordinate), 1-based.
    pub index: u16,
    /// The share value, 32 bytes big-endian hex.
    pub share: Zeroizing<String>,
    /// The Feldman commitments, compressed hex; the first is the group public key.
    pub commitments: Vec<String>,
    /// The chain code of a master key, hex.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "chainCode")]
    pub chain_code: Option<String>,
}

impl Drop for StoredShare {
    fn drop(&mut self) {
        self.share.zeroize();
        if let Some(cc) = self.chain_code.as_mut() {
            cc.zeroize();
        }
    }
}
impl ZeroizeOnDrop for StoredShare {}

impl fmt::Debug for StoredShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredShare")
            .field("curve", &self.curve)
            .field("protocol", &self.protocol)
            .field("threshold", &self.threshold)
            .field("index", &self.index)
            .field("share", &"<redacted>")
            .field("public_key", &self.commitments.first())
            .finish()
    }
}

impl StoredShare {
    /// The group public key, compressed hex.
    pub fn public_key_hex(&self) -> &str {
        self.commitments.first().map(String::as_str).unwrap_or("")
    }

    fn from_parts<C: Curve>(
        protocol: Protocol,
        share: &SecretShare<C>,
        commitments: &Commitments<C>,
        chain_code: Option<hpke_payload::ChainCode>,
    ) -> Result<Self> {
        Ok(Self {
            curve: C::ID.as_str().to_string(),
            protocol: protocol.as_str().to_string(),
            threshold: u16::try_from(commitments.threshold()).map_err(|_| {
                Error::TooManyShares {
                    n: commitments.threshold(),
                    max: crate::sharing::MAX_SHARES,
                }
            })?,
            index: share.identifier().as_index().ok_or(Error::ZeroScalar)?,
            share: Zeroizing::new(hex::encode(share.value_be_bytes().as_slice())),
            commitments: commitments
                .encode(PointForm::Compressed)?
                .iter()
                .map(hex::encode)
                .collect(),
            chain_code: chain_code.map(|cc| hex::encode(&cc[..])),
        })
    }

    /// Decode the share (checked) and the commitments as the compressed bytes an hpke-v1
    /// export payload carries, back to back.
    ///
    /// The commitment points are not decompressed (a square root each, about 1.5 ms on
    /// stark): an export only forwards them, the receiver verifies the share against them,
    /// and `C_0` bytes are the public key the export context binds.
    fn decode_for_export<C: Curve>(&self) -> Result<(SecretShare<C>, Vec<u8>)> {
        let bad = |what: &'static str, reason: &str| Error::Malformed {
            what: "stored share",
            reason: alloc::format!("{what} {reason}"),
        };
        let bytes = Zeroizing::new(
            hex::decode(self.share.as_bytes()).map_err(|_| bad("share", "is not hex"))?,
        );
        let value = crate::curve::decode_nonzero_scalar::<C>(&bytes)?;
        let share = SecretShare::new(Identifier::from_index(self.index)?, value)?;
        if self.commitments.len() != usize::from(self.threshold) || self.threshold < 2 {
            return Err(bad(
                "commitments",
                "do not match the threshold (one per coefficient, at least two)",
            ));
        }
        let mut encoded = Vec::with_capacity(self.commitments.len() * C::COMPRESSED_LEN);
        for c in &self.commitments {
            let point = hex::decode(c).map_err(|_| bad("commitment", "is not hex"))?;
            if point.len() != C::COMPRESSED_LEN {
                return Err(bad("commitment", "is not a compressed point of this curve"));
            }
            encoded.extend_from_slice(&point);
        }
        Ok((share, encoded))
    }
}

/// One signer: an id and a decryption key.
pub struct Signer {
    id: Vec<u8>,
    key: DecryptionKey,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("id", &encode_signer_id(&self.id))
            .field("envelope", &self.key.envelope().as_str())
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer from its id bytes and decryption key.
    pub fn new(id: Vec<u8>, key: DecryptionKey) -> Self {
        Self { id, key }
    }

    /// A signer with a random 32-byte id and a fresh key for `envelope`.
    pub fn generate<R: CryptoRng + ?Sized>(envelope: EnvelopeKind, rng: &mut R) -> Self {
        let mut id = alloc::vec![0u8; 32];
        rng.fill_bytes(&mut id);
        Self {
            id,
            key: DecryptionKey::generate(envelope, rng),
        }
    }

    /// The id as standard base64.
    pub fn id_base64(&self) -> String {
        encode_signer_id(&self.id)
    }

    /// The decryption key (secret).
    pub fn decryption_key(&self) -> &DecryptionKey {
        &self.key
    }

    /// The public entry for a ListSigners response.
    pub fn info(&self) -> SignerInfo {
        SignerInfo {
            signer_id: self.id_base64(),
            encryption_key: self.key.recipient_key().to_base64(),
        }
    }

    /// Open this signer's share of an import request and verify it.
    ///
    /// The index is this signer's position among the request's signer ids, sorted by bytes.
    /// dfns-v1 shares are checked against the public shares (all `n` must lie on one polynomial
    /// of degree `t-1`, and ours must be `G·share`); hpke-v1 shares against the Feldman
    /// commitments in the payload.
    pub fn accept_import(&self, request: &KeyImportRequest) -> Result<StoredShare> {
        let curve: CurveId = request.curve.parse()?;
        let protocol: Protocol = request.protocol.parse()?;
        check_pair(protocol, curve)?;
        // Indices follow the ids' byte order (`SignerId`'s order); an id spelled twice, padded
        // and unpadded, is one signer listed twice.
        let mut ids = request
            .encrypted_key_shares
            .iter()
            .map(|s| SignerId::from_base64(&s.signer_id))
            .collect::<Result<Vec<_>>>()?;
        if let Some(dup) = crate::signer_id::find_duplicate(&mut ids) {
            return Err(Error::DuplicateSigner {
                signer_id: dup.to_string(),
            });
        }
        let threshold = usize::try_from(request.min_signers).unwrap_or(usize::MAX);
        crate::sharing::check_threshold(threshold, ids.len())?;
        let position = ids
            .iter()
            .position(|id| id.as_bytes() == self.id.as_slice())
            .ok_or_else(|| Error::NoShareForSigner {
                signer_id: self.id_base64(),
            })?;
        let index = u16::try_from(position + 1).map_err(|_| Error::TooManyShares {
            n: ids.len(),
            max: crate::sharing::MAX_SHARES,
        })?;
        let entry = request
            .encrypted_key_shares
            .iter()
            .find(|s| {
                SignerId::from_base64(&s.signer_id)
                    .is_ok_and(|id| id.as_bytes() == self.id.as_slice())
            })
            .ok_or(Error::NoSigners)?;
        let digest = dealing_digest_of(request, self.key.envelope())?;
        let ct = entry.ciphertext()?;
        crate::with_curve!(curve, C => self.accept_on::<C>(protocol, threshold, index, ids.len(), &ct, digest.as_ref()))
    }

    fn accept_on<C: Curve>(
        &self,
        protocol: Protocol,
        t: usize,
        index: u16,
        n: usize,
        ct: &[u8],
        digest: Option<&[u8; 32]>,
    ) -> Result<StoredShare> {
        let t16 = u16::try_from(t).map_err(|_| Error::InvalidThreshold { threshold: t, n })?;
        // dfns-v1 binds no context (its `open` ignores it); hpke-v1 binds the dealing digest.
        let context =
            import_context::<C>(protocol, t16, &self.id, index, digest.unwrap_or(&[0; 32]));
        let plaintext = envelope::open(&self.key, &context, ct)?;
        let x = Identifier::<C>::from_index(index)?;
        match self.key.envelope() {
            EnvelopeKind::DfnsV1 => {
                let decoded = dfns_payload::decode_import_share::<C>(&plaintext)?;
                if decoded.public_shares.len() != n {
                    return Err(Error::Malformed {
                        what: "dfns-v1 share plaintext",
                        reason: alloc::format!(
                            "{} public shares for {n} signers",
                            decoded.public_shares.len()
                        ),
                    });
                }
                let share = SecretShare::new(x, *decoded.value)?;
                let pairs = decoded
                    .public_shares
                    .iter()
                    .take(t)
                    .enumerate()
                    .map(|(i, p)| Ok((Identifier::from_index(index_of(i)?)?, *p)))
                    .collect::<Result<Vec<_>>>()?;
                let commitments = commitments_from_public_shares(&pairs)?;
                for (i, p) in decoded.public_shares.iter().enumerate().skip(t) {
                    let xi = Identifier::from_index(index_of(i)?)?;
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
                StoredShare::from_parts(protocol, &share, &commitments, None)
            }
            EnvelopeKind::HpkeV1 => {
                let payload = hpke_payload::decode::<C>(&plaintext)?;
                if payload.share.identifier() != x {
                    return Err(Error::InconsistentDealing {
                        detail: alloc::format!(
                            "payload index differs from this signer's position {index}"
                        ),
                    });
                }
                if payload.commitments.threshold() != t {
                    return Err(Error::InconsistentDealing {
                        detail: alloc::format!(
                            "payload threshold {} differs from minSigners {t}",
                            payload.commitments.threshold()
                        ),
                    });
                }
                // The ciphertext opened under the request's digest; the payload must be that
                // dealing too, or whoever sealed it spliced in another one.
                let encoded = hpke_payload::encode_commitments(&payload.commitments)?;
                let own =
                    hpke_payload::dealing_digest::<C>(t, &encoded, payload.chain_code.as_deref())?;
                if digest
                    .is_none_or(|d| !bool::from(subtle::ConstantTimeEq::ct_eq(&own[..], &d[..])))
                {
                    return Err(Error::InconsistentDealing {
                        detail: "the payload's commitments and chain code do not hash to the request's dealingDigest".into(),
                    });
                }
                StoredShare::from_parts(
                    protocol,
                    &payload.share,
                    &payload.commitments,
                    payload.chain_code.clone(),
                )
            }
        }
    }

    /// Answer an export request with this signer's share sealed to the requester.
    pub fn answer_export<R: CryptoRng + ?Sized>(
        &self,
        stored: &StoredShare,
        request: &KeyExportRequest,
        rng: &mut R,
    ) -> Result<EncryptedKeyShare> {
        let curve: CurveId = stored.curve.parse()?;
        let protocol: Protocol = stored.protocol.parse()?;
        if !request
            .supported_schemes
            .iter()
            .any(|s| s.curve == stored.curve && s.protocol == stored.protocol)
        {
            return Err(Error::UnsupportedScheme {
                protocol: protocol.as_str(),
                curve: curve.as_str(),
            });
        }
        let recipient = RecipientKey::from_base64(&request.encryption_key)?;
        let ct = crate::with_curve!(curve, C => {
            let (share, encoded) = stored.decode_for_export::<C>()?;
            let pk = encoded.get(..C::COMPRESSED_LEN).unwrap_or_default().to_vec();
            let context = Context::export(C::ID.as_str(), protocol.as_str(), stored.threshold, self.id.clone(), pk);
            let plaintext = match recipient.envelope() {
                EnvelopeKind::DfnsV1 => dfns_payload::encode_export_share(&share),
                EnvelopeKind::HpkeV1 => {
                    let chain_code = stored.chain_code.as_deref().map(decode_chain_code).transpose()?;
                    hpke_payload::encode(&share, usize::from(stored.threshold), &encoded, chain_code.as_deref())?
                }
            };
            envelope::seal(&recipient, &context, &plaintext, rng)?
        });
        Ok(EncryptedKeyShare {
            encrypted_key_share: keyport_hotpath::base64::encode(&ct),
            signer_id: self.id_base64(),
        })
    }
}

/// The request's dealing digest: required (64 hex digits) for hpke-v1, absent for dfns-v1.
fn dealing_digest_of(
    request: &KeyImportRequest,
    envelope: EnvelopeKind,
) -> Result<Option<[u8; 32]>> {
    let malformed = |reason: &str| Error::Malformed {
        what: "import request",
        reason: reason.into(),
    };
    match (envelope, request.dealing_digest.as_deref()) {
        (EnvelopeKind::DfnsV1, None) => Ok(None),
        (EnvelopeKind::DfnsV1, Some(_)) => Err(malformed(
            "dealingDigest is for hpke-v1 imports; a dfns-v1 import has none",
        )),
        (EnvelopeKind::HpkeV1, None) => Err(malformed(
            "an hpke-v1 import needs dealingDigest (SPEC.md §7.1.1)",
        )),
        (EnvelopeKind::HpkeV1, Some(text)) => {
            let mut out = [0u8; 32];
            hex::decode_to_slice(text, &mut out)
                .map_err(|_| malformed("dealingDigest must be 64 hex digits"))?;
            Ok(Some(out))
        }
    }
}

fn index_of(position: usize) -> Result<u16> {
    u16::try_from(position + 1).map_err(|_| Error::TooManyShares {
        n: position + 1,
        max: crate::sharing::MAX_SHARES,
    })
}

fn decode_chain_code(s: &str) -> Result<hpke_payload::ChainCode> {
    let mut out = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(s, &mut out[..]).map_err(|_| Error::Malformed {
        what: "stored share",
        reason: "chain code is not 32 bytes of hex".into(),
    })?;
    Ok(out)
}

/// `n` signers run in-process: the whole other side of import and export.
pub struct Cluster {
    id: String,
    signers: Vec<Signer>,
    keys: BTreeMap<String, Vec<StoredShare>>,
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("id", &self.id)
            .field("signers", &self.signers)
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Cluster {
    /// A cluster of `n` fresh signers speaking `envelope`.
    pub fn generate<R: CryptoRng + ?Sized>(n: usize, envelope: EnvelopeKind, rng: &mut R) -> Self {
        Self::from_signers(
            "cluster-1",
            (0..n).map(|_| Signer::generate(envelope, rng)).collect(),
        )
    }

    /// A cluster of existing signers.
    pub fn from_signers(id: impl Into<String>, signers: Vec<Signer>) -> Self {
        Self {
            id: id.into(),
            signers,
            keys: BTreeMap::new(),
        }
    }

    /// The signers.
    pub fn signers(&self) -> &[Signer] {
        &self.signers
    }

    /// The ListSigners response for this cluster.
    pub fn list_signers(&self) -> ListSignersResponse {
        ListSignersResponse {
            clusters: alloc::vec![SignerCluster {
                cluster_id: self.id.clone(),
                signers: self.signers.iter().map(Signer::info).collect(),
            }],
        }
    }

    /// Every signer opens and verifies its share; all must agree on the commitments. Stores the
    /// shares under `key_id` and returns the group public key (compressed hex).
    pub fn accept_import(&mut self, key_id: &str, request: &KeyImportRequest) -> Result<String> {
        if request.encrypted_key_shares.len() != self.signers.len() {
            return Err(Error::Malformed {
                what: "import request",
                reason: alloc::format!(
                    "{} shares for a cluster of {} signers",
                    request.encrypted_key_shares.len(),
                    self.signers.len()
                ),
            });
        }
        let stored = self
            .signers
            .iter()
            .map(|s| {
                s.accept_import(request).map_err(|e| Error::SignerShare {
                    signer_id: s.id_base64(),
                    cause: alloc::boxed::Box::new(e),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        check_same_commitments(&stored)?;
        let pk = stored
            .first()
            .map(|s| s.public_key_hex().to_string())
            .unwrap_or_default();
        self.keys.insert(key_id.to_string(), stored);
        Ok(pk)
    }

    /// Every signer answers the export request.
    pub fn answer_export<R: CryptoRng + ?Sized>(
        &self,
        key_id: &str,
        request: &KeyExportRequest,
        rng: &mut R,
    ) -> Result<KeyExportResponse> {
        let stored = self.keys.get(key_id).ok_or_else(|| Error::KeyNotFound {
            key_id: key_id.into(),
        })?;
        let first = stored.first().ok_or(Error::NoSigners)?;
        let shares = self
            .signers
            .iter()
            .zip(stored)
            .map(|(s, st)| s.answer_export(st, request, rng))
            .collect::<Result<Vec<_>>>()?;
        Ok(KeyExportResponse {
            public_key: first.public_key_hex().to_string(),
            min_signers: u32::from(first.threshold),
            protocol: first.protocol.clone(),
            curve: first.curve.clone(),
            encrypted_key_shares: shares,
        })
    }
}

/// All signers must have seen the same dealing: the same commitments (and so the same public
/// key) and the same chain code.
pub fn check_same_commitments(stored: &[StoredShare]) -> Result<()> {
    let Some(first) = stored.first() else {
        return Err(Error::NoSigners);
    };
    if let Some(i) = stored
        .iter()
        .position(|s| s.commitments != first.commitments)
    {
        return Err(Error::InconsistentDealing {
            detail: alloc::format!("signer {} saw different commitments than signer 1", i + 1),
        });
    }
    match stored.iter().position(|s| {
        let (a, b) = (s.chain_code.as_deref(), first.chain_code.as_deref());
        match (a, b) {
            (None, None) => false,
            (Some(a), Some(b)) => {
                !bool::from(subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()))
            }
            _ => true,
        }
    }) {
        None => Ok(()),
        Some(i) => Err(Error::InconsistentDealing {
            detail: alloc::format!("signer {} saw a different chain code than signer 1", i + 1),
        }),
    }
}
