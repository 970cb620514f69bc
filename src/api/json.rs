//! The API types' JSON, read and written with [`crate::json`].
//!
//! Reading follows the API: unknown members are ignored (the service may add fields), an
//! optional member may be `null`, and a member given twice is refused. Writing gives the
//! compact JSON serde_json gives for the same value, in the same member order.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{
    EncryptedKeyShare, KeyExportRequest, KeyExportResponse, KeyImportRequest, ListSignersResponse,
    SignerCluster, SignerInfo, SignersInput, SupportedScheme,
};
use crate::error::Result;
use crate::json::{JsonError, Node, Unknown, Writer, read_malformed as read};

fn array<T>(
    node: &Node<'_>,
    what: &str,
    element: impl Fn(&Node<'_>) -> core::result::Result<T, JsonError>,
) -> core::result::Result<Vec<T>, JsonError> {
    node.as_array(what)?.iter().map(element).collect()
}

fn signer_info(node: &Node<'_>) -> core::result::Result<SignerInfo, JsonError> {
    let f = node.fields("a signer", ["signerId", "encryptionKey"], Unknown::Ignore)?;
    Ok(SignerInfo {
        signer_id: f.str("signerId")?.to_string(),
        encryption_key: f.str("encryptionKey")?.to_string(),
    })
}

fn list_signers(node: &Node<'_>) -> core::result::Result<ListSignersResponse, JsonError> {
    let f = node.fields("a ListSigners response", ["clusters"], Unknown::Ignore)?;
    let clusters = array(f.required("clusters")?, "clusters", |c| {
        let f = c.fields("a cluster", ["clusterId", "signers"], Unknown::Ignore)?;
        Ok(SignerCluster {
            cluster_id: f.str("clusterId")?.to_string(),
            signers: array(f.required("signers")?, "signers", signer_info)?,
        })
    })?;
    Ok(ListSignersResponse { clusters })
}

fn encrypted_share(node: &Node<'_>) -> core::result::Result<EncryptedKeyShare, JsonError> {
    let f = node.fields(
        "an encrypted share",
        ["encryptedKeyShare", "signerId"],
        Unknown::Ignore,
    )?;
    Ok(EncryptedKeyShare {
        encrypted_key_share: f.str("encryptedKeyShare")?.to_string(),
        signer_id: f.str("signerId")?.to_string(),
    })
}

/// An object whose members are all strings, in the given order.
fn string_object(w: &mut Writer, members: &[(&str, &str)]) {
    w.begin_object();
    for (name, value) in members {
        w.key(name);
        w.string(value);
    }
    w.end_object();
}

/// About the JSON length of `shares` (exact unless a string needs escapes): one allocation
/// for the request body instead of a dozen doublings.
fn shares_len(shares: &[EncryptedKeyShare]) -> usize {
    shares
        .iter()
        .map(|s| s.encrypted_key_share.len() + s.signer_id.len() + 44)
        .sum()
}

fn write_shares(w: &mut Writer, shares: &[EncryptedKeyShare]) {
    w.begin_array();
    for s in shares {
        string_object(
            w,
            &[
                ("encryptedKeyShare", &s.encrypted_key_share),
                ("signerId", &s.signer_id),
            ],
        );
    }
    w.end_array();
}

fn write_signers(w: &mut Writer, signers: &[SignerInfo]) {
    w.begin_array();
    for s in signers {
        string_object(
            w,
            &[
                ("signerId", &s.signer_id),
                ("encryptionKey", &s.encryption_key),
            ],
        );
    }
    w.end_array();
}

impl SignersInput {
    /// Parse the JSON of a ListSigners response or a bare signers array.
    ///
    /// The shape is chosen by the first non-blank character: `[` for a bare array, anything
    /// else is read as a response. An error names the field that is wrong and where.
    ///
    /// # Errors
    /// [`crate::Error::Malformed`] about `signers JSON`.
    pub fn from_json(text: &str) -> Result<Self> {
        read(
            text,
            "signers JSON",
            "; expected a ListSigners response {\"clusters\":[...]} or an array of {signerId, encryptionKey}",
            |root| {
                if text.trim_start().starts_with('[') {
                    array(root, "the signers", signer_info).map(SignersInput::Bare)
                } else {
                    list_signers(root).map(SignersInput::Response)
                }
            },
        )
    }
}

impl ListSignersResponse {
    /// Parse the JSON of a ListSigners response.
    ///
    /// # Errors
    /// [`crate::Error::Malformed`] about `ListSigners response JSON`.
    pub fn from_json(text: &str) -> Result<Self> {
        read(text, "ListSigners response JSON", "", list_signers)
    }

    /// The compact JSON `{"clusters":[{"clusterId","signers":[{"signerId","encryptionKey"}]}]}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.key("clusters");
        w.begin_array();
        for c in &self.clusters {
            w.begin_object();
            w.key("clusterId");
            w.string(&c.cluster_id);
            w.key("signers");
            write_signers(&mut w, &c.signers);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

impl KeyImportRequest {
    /// Parse the JSON of an import request.
    ///
    /// # Errors
    /// [`crate::Error::Malformed`] about `import request JSON`.
    pub fn from_json(text: &str) -> Result<Self> {
        read(text, "import request JSON", "", |root| {
            let f = root.fields(
                "an import request",
                [
                    "minSigners",
                    "protocol",
                    "curve",
                    "encryptedKeyShares",
                    "name",
                    "masterKey",
                    "dealingDigest",
                ],
                Unknown::Ignore,
            )?;
            Ok(KeyImportRequest {
                min_signers: f.u32("minSigners")?,
                protocol: f.str("protocol")?.to_string(),
                curve: f.str("curve")?.to_string(),
                encrypted_key_shares: array(
                    f.required("encryptedKeyShares")?,
                    "encryptedKeyShares",
                    encrypted_share,
                )?,
                name: f
                    .optional("name")?
                    .map(|n| n.as_str("name").map(ToString::to_string))
                    .transpose()?,
                master_key: f
                    .optional("masterKey")?
                    .map(|n| n.as_bool("masterKey"))
                    .transpose()?,
                dealing_digest: f
                    .optional("dealingDigest")?
                    .map(|n| n.as_str("dealingDigest").map(ToString::to_string))
                    .transpose()?,
            })
        })
    }

    /// The compact JSON body, members in the reference's order; `name` and `masterKey` only
    /// when set.
    pub fn to_json(&self) -> String {
        let mut w = Writer::with_capacity(shares_len(&self.encrypted_key_shares) + 128);
        w.begin_object();
        w.key("minSigners");
        w.u32(self.min_signers);
        w.key("protocol");
        w.string(&self.protocol);
        w.key("curve");
        w.string(&self.curve);
        w.key("encryptedKeyShares");
        write_shares(&mut w, &self.encrypted_key_shares);
        if let Some(name) = &self.name {
            w.key("name");
            w.string(name);
        }
        if let Some(master_key) = self.master_key {
            w.key("masterKey");
            w.bool(master_key);
        }
        if let Some(digest) = &self.dealing_digest {
            w.key("dealingDigest");
            w.string(digest);
        }
        w.end_object();
        w.finish()
    }
}

impl KeyExportRequest {
    /// Parse the JSON of an export request.
    ///
    /// # Errors
    /// [`crate::Error::Malformed`] about `export request JSON`.
    pub fn from_json(text: &str) -> Result<Self> {
        read(text, "export request JSON", "", |root| {
            let f = root.fields(
                "an export request",
                ["encryptionKey", "supportedSchemes"],
                Unknown::Ignore,
            )?;
            Ok(KeyExportRequest {
                encryption_key: f.str("encryptionKey")?.to_string(),
                supported_schemes: array(
                    f.required("supportedSchemes")?,
                    "supportedSchemes",
                    |s| {
                        let f = s.fields("a scheme", ["protocol", "curve"], Unknown::Ignore)?;
                        Ok(SupportedScheme {
                            protocol: f.str("protocol")?.to_string(),
                            curve: f.str("curve")?.to_string(),
                        })
                    },
                )?,
            })
        })
    }

    /// The compact JSON body `{"encryptionKey","supportedSchemes":[{"protocol","curve"}]}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.key("encryptionKey");
        w.string(&self.encryption_key);
        w.key("supportedSchemes");
        w.begin_array();
        for s in &self.supported_schemes {
            string_object(&mut w, &[("protocol", &s.protocol), ("curve", &s.curve)]);
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

impl KeyExportResponse {
    /// Parse the JSON of an export response. The shares may be under `encryptedKeyShares`
    /// (the API) or `encryptedShares` (the SDK), not both.
    ///
    /// # Errors
    /// [`crate::Error::Malformed`] about `export response JSON`.
    pub fn from_json(text: &str) -> Result<Self> {
        read(text, "export response JSON", "", |root| {
            let f = root.fields(
                "an export response",
                [
                    "publicKey",
                    "minSigners",
                    "protocol",
                    "curve",
                    "encryptedKeyShares",
                    "encryptedShares",
                ],
                Unknown::Ignore,
            )?;
            // Present counts, even as null: serde's alias treats both names as one field.
            let shares = match (
                f.required("encryptedKeyShares").ok(),
                f.required("encryptedShares").ok(),
            ) {
                (Some(s), None) | (None, Some(s)) => s,
                (Some(_), Some(s)) => {
                    return Err(JsonError::structure(
                        s,
                        "duplicate field \"encryptedKeyShares\" (also given as \"encryptedShares\")"
                            .into(),
                    ));
                }
                (None, None) => f.required("encryptedKeyShares")?,
            };
            Ok(KeyExportResponse {
                public_key: f.str("publicKey")?.to_string(),
                min_signers: f.u32("minSigners")?,
                protocol: f.str("protocol")?.to_string(),
                curve: f.str("curve")?.to_string(),
                encrypted_key_shares: array(shares, "encryptedKeyShares", encrypted_share)?,
            })
        })
    }

    /// The compact JSON body, shares under `encryptedKeyShares`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::with_capacity(
            shares_len(&self.encrypted_key_shares) + self.public_key.len() + 128,
        );
        w.begin_object();
        w.key("publicKey");
        w.string(&self.public_key);
        w.key("minSigners");
        w.u32(self.min_signers);
        w.key("protocol");
        w.string(&self.protocol);
        w.key("curve");
        w.string(&self.curve);
        w.key("encryptedKeyShares");
        write_shares(&mut w, &self.encrypted_key_shares);
        w.end_object();
        w.finish()
    }
}
