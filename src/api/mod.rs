//! Types that mirror the HTTP API's JSON exactly (field names, base64 vs hex).
//!
//! Each type's serde derive is its one wire declaration: `from_json` / `to_json` run it through
//! keyport's strict reader and writer ([`crate::json`]), and Rust callers may run it through
//! serde_json; tests check that both give the same bytes and accept the same bodies.
//!
//! Reading follows the API: unknown members are ignored (the service may add fields), an
//! optional member may be `null`, and a member given twice is refused. The container name
//! (`#[serde(rename = "an import request")]`) is what keyport's JSON errors call the object;
//! serde_json ignores it.
//!
//! These are plain data: protocols and curves stay strings here and are checked by the
//! import/export code, so an unknown value gets keyport's own error listing the valid ones.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::json;
use crate::json::table::wire_struct;

wire_struct! {
    /// One signer as listed by the ListSigners API.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct SignerInfo as "a signer", ignore_unknown {
        /// The signer's id, standard base64.
        pub signer_id: String = "signerId",
        /// The signer's encryption key, standard base64 with padding; its first byte is the
        /// envelope version.
        pub encryption_key: String = "encryptionKey",
    }
}

wire_struct! {
    /// One signer cluster of a ListSigners response.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct SignerCluster as "a cluster", ignore_unknown {
        /// The cluster's id.
        pub cluster_id: String = "clusterId",
        /// Its signers.
        pub signers: Vec<SignerInfo> = "signers",
    }
}

wire_struct! {
    /// The ListSigners response: `{clusters:[{clusterId, signers:[...]}]}`.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct ListSignersResponse as "a ListSigners response", ignore_unknown {
        /// The clusters.
        pub clusters: Vec<SignerCluster> = "clusters",
    }
}

/// What a caller may hand in as "the signers": the whole response or a bare array.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SignersInput {
    /// A ListSigners response.
    Response(ListSignersResponse),
    /// The bare `signers` array of one cluster.
    Bare(Vec<SignerInfo>),
}

impl ListSignersResponse {
    /// The signers of one cluster (see [`SignersInput::select`]).
    pub fn select(self, cluster_id: Option<&str>) -> Result<Vec<SignerInfo>> {
        SignersInput::Response(self).select(cluster_id)
    }
}

impl SignersInput {
    /// The signers of one cluster. With several clusters the caller must name one; the error
    /// lists the ids.
    pub fn select(self, cluster_id: Option<&str>) -> Result<Vec<SignerInfo>> {
        match (self, cluster_id) {
            (SignersInput::Bare(signers), _) => Ok(signers),
            (SignersInput::Response(r), Some(id)) => {
                let ids = cluster_ids(&r);
                r.clusters
                    .into_iter()
                    .find(|c| c.cluster_id == id)
                    .map(|c| c.signers)
                    .ok_or(Error::UnknownCluster {
                        requested: id.to_string(),
                        available: ids,
                    })
            }
            (SignersInput::Response(mut r), None) => {
                if r.clusters.len() == 1 {
                    Ok(r.clusters.remove(0).signers)
                } else {
                    Err(Error::ClusterChoiceNeeded {
                        available: cluster_ids(&r),
                    })
                }
            }
        }
    }
}

fn cluster_ids(r: &ListSignersResponse) -> Vec<String> {
    r.clusters.iter().map(|c| c.cluster_id.clone()).collect()
}

wire_struct! {
    /// One encrypted share, as sent in an import request or returned in an export response.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct EncryptedKeyShare as "an encrypted share", ignore_unknown {
        /// The ciphertext, standard base64.
        pub encrypted_key_share: String = "encryptedKeyShare",
        /// The signer it is for (or from), standard base64.
        pub signer_id: String = "signerId",
    }
}

impl EncryptedKeyShare {
    /// The ciphertext's bytes (standard padded base64).
    ///
    /// # Errors
    /// [`Error::Malformed`] naming `encryptedKeyShare` for anything else.
    pub fn ciphertext(&self) -> Result<Vec<u8>> {
        keyport_hotpath::base64::decode(&self.encrypted_key_share).map_err(|_| Error::Malformed {
            what: "encryptedKeyShare",
            reason: "not standard padded base64".into(),
        })
    }
}

wire_struct! {
    /// The body of `POST /keys/import`.
    ///
    /// Field order matches the reference implementation's compact JSON.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct KeyImportRequest as "an import request", ignore_unknown {
        /// The threshold `t`.
        pub min_signers: u32 = "minSigners",
        /// The protocol's API name.
        pub protocol: String = "protocol",
        /// The curve's API name.
        pub curve: String = "curve",
        /// One ciphertext per signer, in signer order.
        pub encrypted_key_shares: Vec<EncryptedKeyShare> = "encryptedKeyShares",
        /// An optional key name (at most 100 characters).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub name: Option<String> = "name",
        /// Whether this is a BIP-32 master key (the chain code travels inside hpke-v1 payloads).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub master_key: Option<bool> = "masterKey",
        /// hpke-v1 only: the dealing digest (SPEC.md §7.1.1), 64 hex digits. Every signer binds it
        /// into its share's context and checks its payload against it, so a share spliced in from
        /// another import is refused by each signer on its own. Absent for dfns-v1.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub dealing_digest: Option<String> = "dealingDigest",
    }
}

wire_struct! {
    /// A (protocol, curve) pair the export client can take.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct SupportedScheme as "a scheme", ignore_unknown {
        /// Protocol API name.
        pub protocol: String = "protocol",
        /// Curve API name.
        pub curve: String = "curve",
    }
}

wire_struct! {
    /// The body of `POST /keys/{keyId}/export`.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct KeyExportRequest as "an export request", ignore_unknown {
        /// The one-time encryption key, standard base64.
        pub encryption_key: String = "encryptionKey",
        /// What this client can recover.
        pub supported_schemes: Vec<SupportedScheme> = "supportedSchemes",
    }
}

wire_struct! {
    /// The export response. Accepts the API's `encryptedKeyShares` and the SDK's
    /// `encryptedShares` (not both); always writes `encryptedKeyShares`.
    #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
    pub struct KeyExportResponse as "an export response", ignore_unknown {
        /// The group public key, hex (compressed or uncompressed; either case).
        pub public_key: String = "publicKey",
        /// The threshold `t`.
        pub min_signers: u32 = "minSigners",
        /// Protocol API name.
        pub protocol: String = "protocol",
        /// Curve API name.
        pub curve: String = "curve",
        /// One ciphertext per signer that answered.
        pub encrypted_key_shares: Vec<EncryptedKeyShare> = "encryptedKeyShares" | "encryptedShares",
    }
}

/// `from_json` and `to_json` of a wire type, through its derives. `$what` names the body in
/// errors; `$capacity` estimates the output length (one allocation for a large body).
macro_rules! json_methods {
    ($T:ty, $what:literal, |$v:ident| $capacity:expr) => {
        impl $T {
            #[doc = concat!("Parse the JSON of ", stringify!($T), " strictly (SPEC.md §7.4).")]
            ///
            /// # Errors
            #[doc = concat!("[`Error::Malformed`] about `", $what, "`, naming the field that is wrong and where.")]
            pub fn from_json(text: &str) -> Result<Self> {
                json::from_str_malformed(text, $what, "")
            }

            /// The compact JSON body: the bytes `serde_json::to_string` gives.
            pub fn to_json(&self) -> String {
                let $v = self;
                json::to_wire_string(self, $capacity)
            }
        }
    };
}

/// About the JSON length of `shares` (exact unless a string needs escapes).
fn shares_len(shares: &[EncryptedKeyShare]) -> usize {
    shares
        .iter()
        .map(|s| s.encrypted_key_share.len() + s.signer_id.len() + 44)
        .sum()
}

json_methods!(ListSignersResponse, "ListSigners response JSON", |_r| 0);
json_methods!(KeyExportRequest, "export request JSON", |_r| 0);
json_methods!(KeyImportRequest, "import request JSON", |r| shares_len(
    &r.encrypted_key_shares
) + 128);
json_methods!(KeyExportResponse, "export response JSON", |r| shares_len(
    &r.encrypted_key_shares
) + r
    .public_key
    .len()
    + 128);

impl SignersInput {
    /// Parse the JSON of a ListSigners response or a bare signers array.
    ///
    /// The shape is chosen by the first non-blank character: `[` for a bare array, anything
    /// else is read as a response (serde's untagged choice would hide which field is wrong).
    /// An error names the field that is wrong and where.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signers JSON`.
    pub fn from_json(text: &str) -> Result<Self> {
        const WHAT: &str = "signers JSON";
        const HINT: &str = "; expected a ListSigners response {\"clusters\":[...]} or an array of {signerId, encryptionKey}";
        if text.trim_start().starts_with('[') {
            json::from_str_malformed(text, WHAT, HINT).map(SignersInput::Bare)
        } else {
            json::from_str_malformed(text, WHAT, HINT).map(SignersInput::Response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AQP2+O+q607WrdkUuIuNvFpJCkwzYJGeMriMFPVUivCjEw==";

    #[test]
    fn signers_shape_follows_the_first_character() {
        let bare = alloc::format!(" \n[{{\"signerId\":\"AA==\",\"encryptionKey\":\"{KEY}\"}}]");
        assert!(
            matches!(SignersInput::from_json(&bare), Ok(SignersInput::Bare(s)) if s.len() == 1)
        );
        let response = alloc::format!(
            "{{\"clusters\":[{{\"clusterId\":\"c\",\"signers\":[{{\"signerId\":\"AA==\",\"encryptionKey\":\"{KEY}\"}}]}}]}}"
        );
        assert!(matches!(
            SignersInput::from_json(&response),
            Ok(SignersInput::Response(_))
        ));
        // The error names the missing field and points at the array element that lacks it
        // (column 2), not at the whole input.
        match SignersInput::from_json("[{\"signerId\":\"AA==\"}]") {
            Err(Error::Malformed { what, reason }) => {
                assert_eq!(what, "signers JSON");
                assert_eq!(
                    reason,
                    "unexpected structure: missing field \"encryptionKey\" at line 1 column 2; \
                     expected a ListSigners response {\"clusters\":[...]} or an array of \
                     {signerId, encryptionKey}"
                );
            }
            other => panic!("{other:?}"),
        }
        for not_json in ["", "   ", "signers", "42"] {
            assert!(matches!(
                SignersInput::from_json(not_json),
                Err(Error::Malformed {
                    what: "signers JSON",
                    ..
                })
            ));
        }
    }
}
