//! The context an hpke-v1 ciphertext is bound to.
//!
//! A share is sealed for one signer, in one sharing, of one key. hpke-v1 feeds all of that into
//! HPKE's `info` ([`Context::to_bytes`]), so a ciphertext moved to another signer id, share index,
//! threshold, curve, protocol, dealing (import) or expected public key (export) fails to open
//! instead of being accepted there.
//!
//! dfns-v1 has no such binding; it ignores the context.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};

/// Which way a share travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Client to signer: a share of an imported key.
    Import,
    /// Signer to client: a share returned for a key export.
    Export,
}

impl Operation {
    /// The bytes bound into the context: `import` or `export`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operation::Import => "import",
            Operation::Export => "export",
        }
    }
}

/// What an hpke-v1 ciphertext is bound to.
///
/// Build one with [`Context::import`] or [`Context::export`]; both sides of a transfer must
/// build the same context, byte for byte, or the ciphertext does not open.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Context {
    /// Import or export.
    pub operation: Operation,
    /// The curve's API name (`secp256k1`, `ed25519`, `stark`).
    pub curve: String,
    /// The protocol's API name (`CGGMP21`, `FROST`, ...).
    pub protocol: String,
    /// The threshold `t` of the sharing (the API's `minSigners`).
    pub threshold: u16,
    /// The signer id as raw bytes (base64-decoded from the API).
    pub signer_id: Vec<u8>,
    /// The share index (1-based) for an import; `None` for an export, where the index travels
    /// inside the ciphertext because the client does not know it before opening.
    pub index: Option<u16>,
    /// What binds the share to one key: for an export the public key the client *expects*,
    /// compressed (33 bytes on secp256k1 and stark, 32 on ed25519), never the one a response
    /// claims; for an import the 32-byte dealing digest the request carries
    /// ([`crate::payload::hpke_v1::dealing_digest`]), since the request has no public key.
    pub binding: Vec<u8>,
}

/// The largest context [`Context::to_bytes`] produces: HPKE's key schedule needs
/// `info.len() + 5 < 2^16`, and `info` also holds a 16-byte label and the 7-byte header.
pub const MAX_CONTEXT_LEN: usize = 65_530 - 16 - 7;

impl Context {
    /// The context of an import share for the signer with `signer_id`, holding share `index`
    /// of the dealing whose digest is `dealing_digest`.
    pub fn import(
        curve: impl Into<String>,
        protocol: impl Into<String>,
        threshold: u16,
        signer_id: impl Into<Vec<u8>>,
        index: u16,
        dealing_digest: impl Into<Vec<u8>>,
    ) -> Self {
        Context {
            operation: Operation::Import,
            curve: curve.into(),
            protocol: protocol.into(),
            threshold,
            signer_id: signer_id.into(),
            index: Some(index),
            binding: dealing_digest.into(),
        }
    }

    /// The context of an export share returned by the signer with `signer_id`, for the key
    /// whose compressed public key is `expected_public_key`.
    pub fn export(
        curve: impl Into<String>,
        protocol: impl Into<String>,
        threshold: u16,
        signer_id: impl Into<Vec<u8>>,
        expected_public_key: impl Into<Vec<u8>>,
    ) -> Self {
        Context {
            operation: Operation::Export,
            curve: curve.into(),
            protocol: protocol.into(),
            threshold,
            signer_id: signer_id.into(),
            index: None,
            binding: expected_public_key.into(),
        }
    }

    /// The context bytes: seven fields, each `u16 big-endian length || bytes`, in this order:
    /// operation, curve, protocol, threshold (2 bytes), signer id, index (2 bytes for an import,
    /// empty for an export), binding (the dealing digest for an import, the expected public
    /// key for an export).
    ///
    /// # Errors
    /// [`Error::Malformed`] if an import has no index or index 0, an export has an index, a
    /// field is longer than 65535 bytes, or the whole is longer than [`MAX_CONTEXT_LEN`].
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let index_bytes = match (self.operation, self.index) {
            (Operation::Import, Some(0)) => {
                return Err(malformed(String::from(
                    "share index 0 is invalid; indices start at 1",
                )));
            }
            (Operation::Import, None) => {
                return Err(malformed(String::from(
                    "an import context needs the share index",
                )));
            }
            (Operation::Export, Some(_)) => {
                return Err(malformed(String::from(
                    "an export context has no share index (it travels inside the ciphertext)",
                )));
            }
            (Operation::Import, Some(i)) => Some(i.to_be_bytes()),
            (Operation::Export, None) => None,
        };
        let index: &[u8] = index_bytes.as_ref().map_or(&[], |b| &b[..]);
        let threshold = self.threshold.to_be_bytes();
        let fields: [(&str, &[u8]); 7] = [
            ("operation", self.operation.as_str().as_bytes()),
            ("curve", self.curve.as_bytes()),
            ("protocol", self.protocol.as_bytes()),
            ("threshold", &threshold),
            ("signerId", &self.signer_id),
            ("index", index),
            ("binding", &self.binding),
        ];
        let total: usize = fields.iter().map(|(_, f)| 2 + f.len()).sum();
        if total > MAX_CONTEXT_LEN {
            return Err(malformed(format!(
                "context is {total} bytes; at most {MAX_CONTEXT_LEN} fit in HPKE's info"
            )));
        }
        let mut out = Vec::with_capacity(total);
        for (name, field) in fields {
            let len = u16::try_from(field.len()).map_err(|_| {
                malformed(format!(
                    "{name} is {} bytes; a context field holds at most 65535",
                    field.len()
                ))
            })?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(field);
        }
        Ok(out)
    }
}

fn malformed(reason: String) -> Error {
    Error::Malformed {
        what: "hpke-v1 context",
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_layout() {
        let c = Context::import("secp256k1", "CGGMP21", 3, [0xaa, 0xbb], 2, [0x02; 3]);
        let b = c.to_bytes().unwrap();
        let mut want = Vec::new();
        want.extend_from_slice(b"\x00\x06import");
        want.extend_from_slice(b"\x00\x09secp256k1");
        want.extend_from_slice(b"\x00\x07CGGMP21");
        want.extend_from_slice(&[0, 2, 0, 3]);
        want.extend_from_slice(&[0, 2, 0xaa, 0xbb]);
        want.extend_from_slice(&[0, 2, 0, 2]);
        want.extend_from_slice(&[0, 3, 2, 2, 2]);
        assert_eq!(b, want);
    }

    #[test]
    fn export_has_empty_index_field() {
        let c = Context::export("ed25519", "FROST", 2, [1], [9; 32]);
        let b = c.to_bytes().unwrap();
        // ... threshold(0002 0002) signerId(0001 01) index(0000) publicKey(0020 ..)
        let tail = &b[b.len() - 32 - 2 - 2 - 3..];
        assert_eq!(&tail[..5], &[0, 1, 1, 0, 0]);
        assert_eq!(&tail[5..7], &[0, 32]);
    }

    #[test]
    fn index_rules() {
        let mut c = Context::import("secp256k1", "CGGMP21", 3, [1], 1, [2; 33]);
        c.index = None;
        assert!(matches!(c.to_bytes(), Err(Error::Malformed { .. })));
        c.index = Some(0);
        assert!(matches!(c.to_bytes(), Err(Error::Malformed { .. })));
        c.operation = Operation::Export;
        c.index = Some(1);
        assert!(matches!(c.to_bytes(), Err(Error::Malformed { .. })));
    }

    #[test]
    fn oversized_field_rejected() {
        let c = Context::export("secp256k1", "CGGMP21", 3, alloc::vec![0u8; 70_000], [2; 33]);
        assert!(matches!(c.to_bytes(), Err(Error::Malformed { .. })));
    }
}
