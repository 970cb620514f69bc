//! Signers as the client sees them: decoded ids and parsed recipient keys, in share order.

use alloc::string::String;
use alloc::vec::Vec;

use crate::api::SignerInfo;
use crate::envelope::{EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};
use crate::signer_id::SignerId;

/// Decode a signer id: the standard base64 alphabet, with or without `=` padding (the reference
/// accepts both), never the URL-safe alphabet. [`SignerId::from_base64`] is the rule.
pub fn decode_signer_id(id: &str) -> Result<Vec<u8>> {
    SignerId::from_base64(id).map(SignerId::into_bytes)
}

/// Encode a signer id as standard padded base64.
pub fn encode_signer_id(id: &[u8]) -> String {
    keyport_hotpath::base64::encode(id)
}

/// One signer, parsed.
#[derive(Clone, Debug)]
pub struct Signer {
    /// Raw id bytes.
    pub id: Vec<u8>,
    /// The id as standard padded base64 (what the API echoes back).
    pub id_base64: String,
    /// Where shares for this signer are sealed to.
    pub recipient: RecipientKey,
}

/// Parse, validate and sort signers: share index `i` (1-based) goes to the `i`-th signer in
/// order of signer-id *bytes*. Duplicate ids and an empty list are errors.
pub fn prepare(signers: &[SignerInfo]) -> Result<Vec<Signer>> {
    let mut out = Vec::with_capacity(signers.len());
    for s in signers {
        out.push(Signer {
            id: decode_signer_id(&s.signer_id)?,
            id_base64: String::new(),
            recipient: RecipientKey::from_base64(&s.encryption_key)?,
        });
    }
    // Ids are checked unique just below, so an unstable sort gives the same order. Byte order is
    // `SignerId`'s order.
    out.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    for pair in out.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(Error::DuplicateSigner {
                signer_id: encode_signer_id(&pair[0].id),
            });
        }
    }
    for s in &mut out {
        s.id_base64 = encode_signer_id(&s.id);
    }
    Ok(out)
}

/// The one envelope all signers speak. Mixed versions are an error that names both.
pub fn common_envelope(signers: &[Signer]) -> Result<EnvelopeKind> {
    let first = signers
        .first()
        .map(|s| s.recipient.envelope())
        .ok_or(Error::NoSigners)?;
    match signers.iter().find(|s| s.recipient.envelope() != first) {
        None => Ok(first),
        Some(other) => Err(Error::MixedEnvelopes {
            first: first.as_str(),
            other: other.recipient.envelope().as_str(),
            signer_id: other.id_base64.clone(),
        }),
    }
}
