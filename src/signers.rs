//! Signers as the client sees them: decoded ids and parsed recipient keys, in share order; and
//! the checks that they are the signers the client meant (issue 22):
//!
//! - [`SignerSet`] and its [`Fingerprint`] (SPEC.md §8.4): compare with an expected value
//!   ([`SignerSet::check_fingerprint`]);
//! - the signers lock ([`SignerSet::to_lock_json`], SPEC.md §8.6): trust on first use, with the
//!   [`SetDiff`] of a change;
//! - signed manifests ([`SignedManifest`], feature `manifest`, SPEC.md §8.7).

mod codec;
mod lock;
#[cfg(feature = "manifest")]
mod manifest;
mod set;

#[cfg(feature = "manifest")]
pub use manifest::{MANIFEST_DOMAIN, Manifest, ManifestKey, ManifestSigningKey, SignedManifest};
pub use set::{Fingerprint, PinnedBy, SetDiff, SignerSet};

use alloc::string::String;
use alloc::vec::Vec;

use crate::api::{SignerInfo, SignersInput};
use crate::envelope::{EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};
use crate::signer_id::SignerId;

/// Decode a signer id: the standard base64 alphabet, with or without `=` padding (the reference
/// accepts both), never the URL-safe alphabet. [`SignerId::from_base64`] is the rule.
#[cfg_attr(not(feature = "nitro"), allow(dead_code))]
pub(crate) fn decode_signer_id(id: &str) -> Result<Vec<u8>> {
    SignerId::from_base64(id).map(SignerId::into_bytes)
}

/// Encode a signer id as standard padded base64.
#[cfg_attr(not(any(feature = "signer", feature = "nitro")), allow(dead_code))]
pub(crate) fn encode_signer_id(id: &[u8]) -> String {
    keyport_hotpath::base64::encode(id)
}

/// One signer as the client seals to it: its decoded id and its parsed recipient key. Built
/// only from a [`SignerInfo`], so it always has both.
#[derive(Clone, Debug)]
pub struct PreparedSigner {
    id: SignerId,
    recipient: RecipientKey,
}

impl PreparedSigner {
    /// Decode a signer's id and recipient key.
    ///
    /// # Errors
    /// Those of [`SignerId::from_base64`] and [`RecipientKey::from_base64`].
    pub fn new(info: &SignerInfo) -> Result<Self> {
        Ok(Self {
            id: SignerId::from_base64(&info.signer_id)?,
            recipient: RecipientKey::from_base64(&info.encryption_key)?,
        })
    }

    /// The signer's id.
    pub fn id(&self) -> &SignerId {
        &self.id
    }

    /// The key this signer's shares are sealed to.
    pub fn recipient(&self) -> &RecipientKey {
        &self.recipient
    }
}

/// Parse, validate and sort signers: share index `i` (1-based) goes to the `i`-th signer in
/// order of signer-id *bytes*. Duplicate ids and an empty list are errors.
pub fn prepare(signers: &[SignerInfo]) -> Result<Vec<PreparedSigner>> {
    let mut out = signers
        .iter()
        .map(PreparedSigner::new)
        .collect::<Result<Vec<_>>>()?;
    // Ids are checked unique just below, so an unstable sort gives the same order. Byte order is
    // `SignerId`'s order.
    out.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    if let Some(pair) = out.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(Error::DuplicateSigner {
            signer_id: pair[0].id.to_base64(),
        });
    }
    Ok(out)
}

/// The one envelope all signers speak. Mixed versions are an error that names both.
pub fn common_envelope(signers: &[PreparedSigner]) -> Result<EnvelopeKind> {
    let first = signers
        .first()
        .map(|s| s.recipient.envelope())
        .ok_or(Error::NoSigners)?;
    match signers.iter().find(|s| s.recipient.envelope() != first) {
        None => Ok(first),
        Some(other) => Err(Error::MixedEnvelopes {
            first: first.as_str(),
            other: other.recipient.envelope().as_str(),
            signer_id: other.id.to_base64(),
        }),
    }
}

/// One cluster of a signers document, with its id: the named cluster of a ListSigners
/// response, or its only one; a bare signers array has the empty cluster id. This id is what
/// [`SignerSet`] fingerprints and pins.
///
/// # Errors
/// Those of [`SignersInput::select`].
pub fn select_cluster(
    input: SignersInput,
    cluster: Option<&str>,
) -> Result<(String, Vec<SignerInfo>)> {
    let id = match (&input, cluster) {
        (SignersInput::Bare(_), _) => String::new(),
        (SignersInput::Response(_), Some(id)) => id.into(),
        (SignersInput::Response(r), None) => r
            .clusters
            .first()
            .map(|c| c.cluster_id.clone())
            .unwrap_or_default(),
    };
    Ok((id, input.select(cluster)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use sha2::{Digest as _, Sha256};

    /// The fingerprint of a signer set, as bytes.
    fn fingerprint(cluster_id: &str, signers: &[SignerInfo]) -> Result<[u8; 32]> {
        SignerSet::new(cluster_id, signers).map(|s| s.fingerprint().to_bytes())
    }

    fn info(id: &str, key: &str) -> SignerInfo {
        SignerInfo {
            signer_id: id.to_string(),
            encryption_key: key.to_string(),
        }
    }

    /// Known answer: cluster "c1", signers with ids 0x02 and 0x01 (given out of order) and keys
    /// 0x0a0b and 0x0c. Hashed: 0002 6331 | 0001 01 0001 0c | 0001 02 0002 0a0b.
    #[test]
    fn fingerprint_vector_and_order_independence() {
        let a = info("Ag==", "Cgs=");
        let b = info("AQ==", "DA==");
        let fp = fingerprint("c1", &[a.clone(), b.clone()]).unwrap();
        let expected: [u8; 32] = Sha256::digest(
            hex::decode("000263310001010001 0c000102 00020a0b".replace(' ', "")).unwrap(),
        )
        .into();
        assert_eq!(fp, expected);
        assert_eq!(
            hex::encode(fp),
            "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3"
        );
        assert_eq!(fingerprint("c1", &[b.clone(), a.clone()]).unwrap(), fp);
        assert_ne!(fingerprint("c2", &[a.clone(), b.clone()]).unwrap(), fp);
        assert_ne!(
            fingerprint("c1", &[a.clone(), info("AQ==", "DQ==")]).unwrap(),
            fp
        );
        assert_eq!(
            fingerprint("c1", &[a.clone(), a.clone()]),
            Err(Error::DuplicateSigner {
                signer_id: "Ag==".to_string()
            })
        );
        assert_eq!(fingerprint("c1", &[]), Err(Error::NoSigners));
    }
}
