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
use crate::envelope::{DecryptionKey, EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};
use crate::payload::hpke_v1 as hpke_payload;
use crate::protocol::{Protocol, check_pair};
use crate::share_codec::{self, ImportSlot};
use crate::sharing::{Commitments, MAX_SHARES, SecretShare, ShareIndex, Threshold};
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
            threshold: Threshold::for_signers(commitments.threshold(), MAX_SHARES)?.to_u16(),
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
        let share = SecretShare::new(ShareIndex::new(self.index)?.identifier(), value)?;
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
        let threshold = Threshold::from_min_signers(request.min_signers, ids.len())?;
        let position = ids
            .iter()
            .position(|id| id.as_bytes() == self.id.as_slice())
            .ok_or_else(|| Error::NoShareForSigner {
                signer_id: self.id_base64(),
            })?;
        let index = ShareIndex::from_position(position)?;
        let entry = request
            .encrypted_key_shares
            .iter()
            .find(|s| {
                SignerId::from_base64(&s.signer_id)
                    .is_ok_and(|id| id.as_bytes() == self.id.as_slice())
            })
            .ok_or(Error::NoSigners)?;
        let digest = share_codec::import_dealing_digest(
            self.key.envelope(),
            request.dealing_digest.as_deref(),
        )?;
        let ct = entry.ciphertext()?;
        let slot = ImportSlot {
            protocol,
            threshold,
            signer_id: &self.id,
            index,
            signers: ids.len(),
            dealing_digest: digest.as_ref(),
        };
        crate::with_curve!(curve, C => {
            let accepted = share_codec::open_import_share::<C>(&self.key, &slot, &ct)?;
            StoredShare::from_parts(protocol, &accepted.share, &accepted.commitments, accepted.chain_code)
        })
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
            // `decode_for_export` checked 2 <= threshold == the number of commitments.
            let threshold = Threshold::for_signers(usize::from(stored.threshold), MAX_SHARES)?;
            let chain_code = stored.chain_code.as_deref().map(decode_chain_code).transpose()?;
            share_codec::seal_export_share(
                &recipient,
                protocol,
                threshold,
                &self.id,
                &share,
                &encoded,
                chain_code.as_deref(),
                rng,
            )?
        });
        Ok(EncryptedKeyShare {
            encrypted_key_share: keyport_hotpath::base64::encode(&ct),
            signer_id: self.id_base64(),
        })
    }
}

fn decode_chain_code(s: &str) -> Result<hpke_payload::ChainCode> {
    let mut out = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(s, &mut out[..]).map_err(|_| Error::Malformed {
        what: "stored share",
        reason: "chain code is not 32 bytes of hex".into(),
    })?;
    Ok(out)
}

/// The fewest signers a cluster holds: a threshold is at least 2.
pub const MIN_CLUSTER_SIGNERS: usize = 2;

/// The most signers a cluster holds: one share each, so [`MAX_SHARES`].
pub const MAX_CLUSTER_SIGNERS: usize = MAX_SHARES;

/// The one cluster-size rule (`MIN_CLUSTER_SIGNERS..=MAX_CLUSTER_SIGNERS`), for every shell
/// that builds a cluster of reference signers (the CLI, WASM, the server).
///
/// # Errors
/// [`Error::ClusterSize`] outside that range.
pub fn check_cluster_size(n: usize) -> Result<()> {
    if (MIN_CLUSTER_SIGNERS..=MAX_CLUSTER_SIGNERS).contains(&n) {
        Ok(())
    } else {
        Err(Error::ClusterSize {
            n,
            min: MIN_CLUSTER_SIGNERS,
            max: MAX_CLUSTER_SIGNERS,
        })
    }
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
    /// A cluster of `n` fresh signers speaking `envelope`. Shells check `n` with
    /// [`check_cluster_size`] first; [`Cluster::try_generate`] does both.
    pub fn generate<R: CryptoRng + ?Sized>(n: usize, envelope: EnvelopeKind, rng: &mut R) -> Self {
        Self::from_signers(
            "cluster-1",
            (0..n).map(|_| Signer::generate(envelope, rng)).collect(),
        )
    }

    /// A cluster of `n` fresh signers speaking `envelope`, `n` checked by
    /// [`check_cluster_size`].
    ///
    /// # Errors
    /// [`Error::ClusterSize`] for `n` out of range.
    pub fn try_generate<R: CryptoRng + ?Sized>(
        n: usize,
        envelope: EnvelopeKind,
        rng: &mut R,
    ) -> Result<Self> {
        check_cluster_size(n)?;
        Ok(Self::generate(n, envelope, rng))
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
