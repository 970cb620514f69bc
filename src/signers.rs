//! Signers as the client sees them: decoded ids and parsed recipient keys, in share order.

use alloc::string::String;
use alloc::vec::Vec;

use base64ct::Base64Unpadded;
use base64ct::Encoding as _;

use crate::api::SignerInfo;
use crate::envelope::{EnvelopeKind, RecipientKey};
use crate::error::{Error, Result};

/// Decode a signer id: the standard base64 alphabet, with or without `=` padding (the reference
/// accepts both), never the URL-safe alphabet.
pub fn decode_signer_id(id: &str) -> Result<Vec<u8>> {
    let bytes = keyport_hotpath::base64::decode(id)
        .or_else(|_| Base64Unpadded::decode_vec(id))
        .map_err(|_| Error::Malformed {
            what: "signerId",
            reason: alloc::format!(
                "{id:?} is not standard base64{}",
                if id.contains(['-', '_']) {
                    " (URL-safe '-'/'_' is not accepted)"
                } else {
                    ""
                }
            ),
        })?;
    if bytes.is_empty() {
        return Err(Error::Malformed {
            what: "signerId",
            reason: "empty signer id".into(),
        });
    }
    Ok(bytes)
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
    // Ids are checked unique just below, so an unstable sort gives the same order.
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
