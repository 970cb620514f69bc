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

use crate::curve::CurveId;
use crate::error::{Error, Result};
use crate::protocol::Protocol;
use crate::sharing::{ShareIndex, Threshold};

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
/// Build one with [`Context::import`] or [`Context::export`] from typed parts; both sides of a
/// transfer must build the same context, byte for byte, or the ciphertext does not open. An
/// import context always has a share index and an export context never has one, so neither
/// can be built wrong.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Context {
    curve: CurveId,
    protocol: Protocol,
    threshold: Threshold,
    signer_id: Vec<u8>,
    transfer: Transfer,
}

/// The operation-specific part of a [`Context`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Transfer {
    /// Client to signer: the share index and the dealing digest.
    Import {
        index: ShareIndex,
        dealing_digest: Vec<u8>,
    },
    /// Signer to client: the expected public key (the index travels inside the ciphertext).
    Export { expected_public_key: Vec<u8> },
}

/// The largest context [`Context::to_bytes`] produces: HPKE's key schedule needs
/// `info.len() + 5 < 2^16`, and `info` also holds a 16-byte label and the 7-byte header.
pub const MAX_CONTEXT_LEN: usize = 65_530 - 16 - 7;

impl Context {
    /// The context of an import share for the signer with `signer_id` (raw bytes), holding
    /// share `index` of the dealing whose digest is `dealing_digest`
    /// ([`crate::payload::hpke_v1::dealing_digest`]; the request has no public key to bind).
    pub fn import(
        curve: CurveId,
        protocol: Protocol,
        threshold: Threshold,
        signer_id: impl Into<Vec<u8>>,
        index: ShareIndex,
        dealing_digest: impl Into<Vec<u8>>,
    ) -> Self {
        Context {
            curve,
            protocol,
            threshold,
            signer_id: signer_id.into(),
            transfer: Transfer::Import {
                index,
                dealing_digest: dealing_digest.into(),
            },
        }
    }

    /// The context of an export share returned by the signer with `signer_id` (raw bytes), for
    /// the key whose compressed public key the client *expects* is `expected_public_key` (33
    /// bytes on secp256k1 and stark, 32 on ed25519), never the one a response claims.
    pub fn export(
        curve: CurveId,
        protocol: Protocol,
        threshold: Threshold,
        signer_id: impl Into<Vec<u8>>,
        expected_public_key: impl Into<Vec<u8>>,
    ) -> Self {
        Context {
            curve,
            protocol,
            threshold,
            signer_id: signer_id.into(),
            transfer: Transfer::Export {
                expected_public_key: expected_public_key.into(),
            },
        }
    }

    /// Import or export.
    pub fn operation(&self) -> Operation {
        match self.transfer {
            Transfer::Import { .. } => Operation::Import,
            Transfer::Export { .. } => Operation::Export,
        }
    }

    /// The curve.
    pub fn curve(&self) -> CurveId {
        self.curve
    }

    /// The protocol.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The threshold `t` of the sharing (the API's `minSigners`).
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// The signer id as raw bytes (base64-decoded from the API).
    pub fn signer_id(&self) -> &[u8] {
        &self.signer_id
    }

    /// The share index of an import; `None` for an export, where the index travels inside
    /// the ciphertext because the client does not know it before opening.
    pub fn index(&self) -> Option<ShareIndex> {
        match self.transfer {
            Transfer::Import { index, .. } => Some(index),
            Transfer::Export { .. } => None,
        }
    }

    /// What binds the share to one key: the dealing digest of an import, the expected public
    /// key of an export.
    pub fn binding(&self) -> &[u8] {
        match &self.transfer {
            Transfer::Import { dealing_digest, .. } => dealing_digest,
            Transfer::Export {
                expected_public_key,
            } => expected_public_key,
        }
    }

    /// The context bytes: seven fields, each `u16 big-endian length || bytes`, in this order:
    /// operation, curve, protocol, threshold (2 bytes), signer id, index (2 bytes for an import,
    /// empty for an export), binding (the dealing digest for an import, the expected public
    /// key for an export).
    ///
    /// # Errors
    /// [`Error::Malformed`] if a field is longer than 65535 bytes or the whole is longer than
    /// [`MAX_CONTEXT_LEN`].
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let index_bytes = self.index().map(|i| i.get().to_be_bytes());
        let index: &[u8] = index_bytes.as_ref().map_or(&[], |b| &b[..]);
        let threshold = self.threshold.to_u16().to_be_bytes();
        let fields: [(&str, &[u8]); 7] = [
            ("operation", self.operation().as_str().as_bytes()),
            ("curve", self.curve.as_str().as_bytes()),
            ("protocol", self.protocol.as_str().as_bytes()),
            ("threshold", &threshold),
            ("signerId", &self.signer_id),
            ("index", index),
            ("binding", self.binding()),
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

    fn t(t: usize) -> Threshold {
        Threshold::for_signers(t, t).unwrap()
    }

    fn i(i: u16) -> ShareIndex {
        ShareIndex::new(i).unwrap()
    }

    #[test]
    fn import_layout() {
        let c = Context::import(
            CurveId::Secp256k1,
            Protocol::Cggmp21,
            t(3),
            [0xaa, 0xbb],
            i(2),
            [0x02; 3],
        );
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
        assert_eq!(c.operation(), Operation::Import);
        assert_eq!(c.index(), Some(i(2)));
        assert_eq!(c.binding(), &[2, 2, 2]);
    }

    #[test]
    fn export_has_empty_index_field() {
        let c = Context::export(CurveId::Ed25519, Protocol::Frost, t(2), [1], [9; 32]);
        let b = c.to_bytes().unwrap();
        // ... threshold(0002 0002) signerId(0001 01) index(0000) publicKey(0020 ..)
        let tail = &b[b.len() - 32 - 2 - 2 - 3..];
        assert_eq!(&tail[..5], &[0, 1, 1, 0, 0]);
        assert_eq!(&tail[5..7], &[0, 32]);
        assert_eq!(c.operation(), Operation::Export);
        assert_eq!(c.index(), None);
    }

    #[test]
    fn oversized_field_rejected() {
        let c = Context::export(
            CurveId::Secp256k1,
            Protocol::Cggmp21,
            t(3),
            alloc::vec![0u8; 70_000],
            [2; 33],
        );
        assert!(matches!(c.to_bytes(), Err(Error::Malformed { .. })));
    }
}
