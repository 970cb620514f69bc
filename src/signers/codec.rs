//! The JSON pieces the signers lock and the signed manifest share: a set's `clusterId` and
//! `signers` members, and unsigned 64-bit times.

use alloc::format;
use alloc::string::ToString as _;
use alloc::vec::Vec;

use crate::api::SignerInfo;
use crate::json::{Fields, JsonError, Node, Unknown, Writer};

use super::SignerSet;

/// Write the members `"clusterId"` and `"signers"` (id byte order, canonical base64).
pub(super) fn write_set(w: &mut Writer, set: &SignerSet) {
    w.key("clusterId");
    w.string(set.cluster_id());
    w.key("signers");
    w.begin_array();
    for s in set.to_signer_infos() {
        w.begin_object();
        w.key("signerId");
        w.string(&s.signer_id);
        w.key("encryptionKey");
        w.string(&s.encryption_key);
        w.end_object();
    }
    w.end_array();
}

/// The `clusterId` and `signers` members (each signer exactly `{signerId, encryptionKey}`).
pub(super) fn read_set<const N: usize>(
    f: &Fields<'_, '_, N>,
) -> core::result::Result<(alloc::string::String, Vec<SignerInfo>), JsonError> {
    let cluster = f.str("clusterId")?.to_string();
    let signers = f
        .required("signers")?
        .as_array("signers")?
        .iter()
        .map(|n| {
            let s = n.fields("a signer", ["signerId", "encryptionKey"], Unknown::Deny)?;
            Ok(SignerInfo {
                signer_id: s.str("signerId")?.to_string(),
                encryption_key: s.str("encryptionKey")?.to_string(),
            })
        })
        .collect::<core::result::Result<Vec<_>, JsonError>>()?;
    Ok((cluster, signers))
}

/// A JSON integer literal (digits only) of at most `u64::MAX`.
#[cfg(feature = "manifest")]
pub(super) fn u64_of(node: &Node<'_>, what: &str) -> core::result::Result<u64, JsonError> {
    match node.value() {
        crate::json::Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => {
            n.parse::<u64>().ok()
        }
        _ => None,
    }
    .ok_or_else(|| {
        JsonError::structure(
            node,
            format!("{what} must be an integer (seconds since 1970-01-01 UTC)"),
        )
    })
}

/// A version member that must be exactly `1`.
pub(super) fn version_1(node: &Node<'_>, what: &str) -> core::result::Result<(), JsonError> {
    match node.as_u32(what)? {
        1 => Ok(()),
        _ => Err(JsonError::structure(
            node,
            format!("{what} must be 1 (the only version this keyport reads)"),
        )),
    }
}
