//! [`SignerId`]: a signer's identity, decoded once from the API's base64.
//!
//! The API writes signer ids as standard base64, and the reference accepts them with or
//! without `=` padding. Two spellings of one id are the same signer, so ids are compared,
//! sorted and deduplicated by their *bytes*, never by their text: comparing text let one signer
//! answer an export twice (once padded, once not). Share index `i` (1-based) of an import goes
//! to the `i`-th signer in byte order.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use base64ct::Base64Unpadded;
use base64ct::Encoding as _;

use crate::error::{Error, Result};

/// The longest signer id keyport accepts, in bytes. Ids travel in every hpke-v1 context, whose
/// fields hold at most 65535 bytes; real ids are 16 to 32 bytes.
pub const MAX_SIGNER_ID_LEN: usize = 1024;

/// A signer id: non-empty raw bytes, ordered by those bytes, shown as canonical padded base64.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SignerId(Vec<u8>);

impl SignerId {
    /// Decode an id: the standard base64 alphabet, with or without `=` padding (the reference
    /// accepts both), never the URL-safe alphabet.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signerId` for text that is not standard base64, an empty id
    /// or one longer than [`MAX_SIGNER_ID_LEN`] bytes.
    pub fn from_base64(id: &str) -> Result<Self> {
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
        Self::from_bytes(bytes)
    }

    /// An id from its raw bytes.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signerId` for an empty id or one longer than
    /// [`MAX_SIGNER_ID_LEN`] bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        if bytes.is_empty() {
            return Err(Error::Malformed {
                what: "signerId",
                reason: "empty signer id".into(),
            });
        }
        if bytes.len() > MAX_SIGNER_ID_LEN {
            return Err(Error::Malformed {
                what: "signerId",
                reason: alloc::format!(
                    "{} bytes; a signer id holds at most {MAX_SIGNER_ID_LEN}",
                    bytes.len()
                ),
            });
        }
        Ok(Self(bytes))
    }

    /// The raw bytes (what hpke-v1 contexts bind).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The raw bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The canonical text: standard base64 with padding (what the API echoes back).
    pub fn to_base64(&self) -> String {
        keyport_hotpath::base64::encode(&self.0)
    }
}

impl FromStr for SignerId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::from_base64(s)
    }
}

impl fmt::Display for SignerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for SignerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignerId({})", self.to_base64())
    }
}

/// The first id that appears twice in `ids` (compared by bytes), if any. Sorts `ids`.
pub fn find_duplicate(ids: &mut [SignerId]) -> Option<&SignerId> {
    ids.sort_unstable();
    ids.windows(2).find(|p| p[0] == p[1]).map(|p| &p[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_and_unpadded_are_one_id() {
        let a = SignerId::from_base64("AQID").unwrap();
        let b = SignerId::from_base64("AQIDBA==").unwrap();
        let c = SignerId::from_base64("AQIDBA").unwrap();
        assert_eq!(b, c);
        assert_ne!(a, b);
        assert_eq!(alloc::string::ToString::to_string(&c), "AQIDBA==");
        assert!(a < b);
        let mut ids = alloc::vec![b.clone(), a, c];
        assert_eq!(find_duplicate(&mut ids), Some(&b));
    }

    #[test]
    fn refusals() {
        for bad in ["", "-_-_", "@@"] {
            assert!(matches!(
                SignerId::from_base64(bad),
                Err(Error::Malformed {
                    what: "signerId",
                    ..
                })
            ));
        }
        assert!(SignerId::from_bytes(alloc::vec![0; MAX_SIGNER_ID_LEN + 1]).is_err());
    }
}
