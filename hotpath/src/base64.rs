//! Standard Base64 (RFC 4648 §4, padded), constant-time, via `base64ct`.

use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64, Encoding as _};

/// The input is not standard padded Base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidBase64;

/// Encodes `bytes` as standard padded Base64.
pub fn encode(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Decodes standard padded Base64, rejecting any other form (no whitespace, no URL alphabet,
/// canonical padding bits only).
pub fn decode(text: &str) -> Result<Vec<u8>, InvalidBase64> {
    Base64::decode_vec(text).map_err(|_| InvalidBase64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10.
    #[test]
    fn rfc4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Ok(plain.as_bytes()));
        }
    }

    #[test]
    fn other_forms_are_rejected() {
        for bad in ["Zg", "Zg=", "Zh==", "Zm9v\n", "Zm-v", "Zm_v", " Zm9v"] {
            assert_eq!(decode(bad), Err(InvalidBase64), "{bad}");
        }
    }
}
