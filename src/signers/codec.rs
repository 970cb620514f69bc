//! The JSON pieces the signers lock and the signed manifest share, declared once with
//! [`wire_struct!`](crate::json::table::wire_struct) (both directions come from the
//! declarations in `lock.rs` and `manifest.rs`): a pinned signer, the version member, and
//! unsigned 64-bit times.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::api::SignerInfo;
use crate::json::table::{FromNode, Name, wire_struct};
use crate::json::{JsonError, Node};

use super::SignerSet;

wire_struct! {
    /// One signer of a lock or a manifest: exactly `{signerId, encryptionKey}`.
    #[derive(Clone, Debug)]
    pub(super) struct PinnedSigner as "a signer", deny_unknown {
        /// Its id, canonical base64.
        pub(super) signer_id: String = "signerId",
        /// Its encryption key, base64.
        pub(super) encryption_key: String = "encryptionKey",
    }
}

/// The set's signers in id byte order, canonical base64, as written.
pub(super) fn pinned_signers(set: &SignerSet) -> Vec<PinnedSigner> {
    set.to_signer_infos()
        .into_iter()
        .map(|s| PinnedSigner {
            signer_id: s.signer_id,
            encryption_key: s.encryption_key,
        })
        .collect()
}

/// The signers as read, for [`SignerSet::new`].
pub(super) fn signer_infos(signers: Vec<PinnedSigner>) -> Vec<SignerInfo> {
    signers
        .into_iter()
        .map(|s| SignerInfo {
            signer_id: s.signer_id,
            encryption_key: s.encryption_key,
        })
        .collect()
}

/// A version member that must be exactly `1` (written as `1`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Version1;

impl serde::Serialize for Version1 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_u32(1)
    }
}

impl<'a> FromNode<'a> for Version1 {
    fn from_node(node: &Node<'a>, name: Name) -> core::result::Result<Self, JsonError> {
        match u32::from_node(node, name)? {
            1 => Ok(Version1),
            _ => Err(JsonError::structure(
                node,
                format!(
                    "{} must be 1 (the only version this keyport reads)",
                    name.or("the version")
                ),
            )),
        }
    }
}

/// Seconds since 1970-01-01 UTC: a JSON integer literal (digits only) of at most `u64::MAX`.
#[cfg(feature = "manifest")]
#[derive(Clone, Copy, Debug)]
pub(super) struct Seconds(pub(super) u64);

#[cfg(feature = "manifest")]
impl serde::Serialize for Seconds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

#[cfg(feature = "manifest")]
impl<'a> FromNode<'a> for Seconds {
    fn from_node(node: &Node<'a>, name: Name) -> core::result::Result<Self, JsonError> {
        match node.value() {
            crate::json::Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => {
                n.parse::<u64>().ok()
            }
            _ => None,
        }
        .map(Seconds)
        .ok_or_else(|| {
            JsonError::structure(
                node,
                format!(
                    "{} must be an integer (seconds since 1970-01-01 UTC)",
                    name.or("a time")
                ),
            )
        })
    }
}
