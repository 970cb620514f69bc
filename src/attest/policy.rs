//! What a verified document must say: PCR values, how it binds the key, how old it may be.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;

use sha2::{Digest as _, Sha256};

use super::VerifiedDocument;
use super::document::{MAX_PCRS, PCR_LEN};
use crate::error::{Error, Result};
use crate::json::{self, table::StringMap, table::wire_struct};

wire_struct! {
    /// A policy file (SPEC.md §12.5; a format keyport owns: other members are refused).
    struct PolicyFile as "an attestation policy", deny_unknown {
        /// PCR index (decimal) → expected value (hex).
        pcrs: StringMap = "pcrs",
        /// `public-key`, `user-data` or `user-data-sha256`.
        binding: String = "binding",
        /// The largest accepted age of a document, if limited.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_age_seconds: Option<u32> = "maxAgeSeconds",
    }
}

/// How far in the future (seconds) a document's timestamp may be, for clock skew, when the
/// policy limits its age.
pub const MAX_FUTURE_SKEW: u64 = 300;

/// How an attestation document names the key it vouches for (SPEC.md §12.4).
///
/// The key is the signer's encryption key as keyport seals to it: the canonical encoding,
/// version byte first (`0x01 || point` for dfns-v1, `0x02 || KeyConfig` for hpke-v1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// The document's `public_key` equals the key, byte for byte.
    PublicKey,
    /// The document's `user_data` equals the key, byte for byte.
    UserData,
    /// The document's `user_data` equals SHA-256 of the key (32 bytes).
    UserDataSha256,
}

impl Binding {
    /// Every binding.
    pub const ALL: [Binding; 3] = [
        Binding::PublicKey,
        Binding::UserData,
        Binding::UserDataSha256,
    ];

    /// The policy file's name for it: `public-key`, `user-data` or `user-data-sha256`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Binding::PublicKey => "public-key",
            Binding::UserData => "user-data",
            Binding::UserDataSha256 => "user-data-sha256",
        }
    }

    /// The binding named `name` (see [`Self::as_str`]).
    ///
    /// # Errors
    /// [`Error::AttestationPolicy`] for any other name.
    pub fn from_name(name: &str) -> Result<Self> {
        Binding::ALL
            .into_iter()
            .find(|b| b.as_str() == name)
            .ok_or_else(|| Error::AttestationPolicy {
                reason: String::from(
                    "binding must be \"public-key\", \"user-data\" or \"user-data-sha256\"",
                ),
            })
    }

    /// Whether `doc` binds `key` this way.
    pub fn binds(self, doc: &VerifiedDocument, key: &[u8]) -> bool {
        match self {
            Binding::PublicKey => doc.public_key() == Some(key),
            Binding::UserData => doc.user_data() == Some(key),
            Binding::UserDataSha256 => doc.user_data() == Some(&Sha256::digest(key)[..]),
        }
    }
}

/// What an attestation must show before keyport seals to the key it vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttestationPolicy {
    pcrs: BTreeMap<u8, [u8; PCR_LEN]>,
    binding: Binding,
    max_age: Option<u64>,
}

fn policy_error(reason: impl Into<String>) -> Error {
    Error::AttestationPolicy {
        reason: reason.into(),
    }
}

impl AttestationPolicy {
    /// A policy expecting exactly these PCR values (index, SHA-384 value) and this binding,
    /// with no age limit beyond the certificates' validity.
    ///
    /// # Errors
    /// [`Error::AttestationPolicy`] if no PCR is named (a policy without PCRs would accept any
    /// enclave on AWS), or an index is 32 or more.
    pub fn new(
        binding: Binding,
        pcrs: impl IntoIterator<Item = (u8, [u8; PCR_LEN])>,
    ) -> Result<Self> {
        let mut map = BTreeMap::new();
        for (index, value) in pcrs {
            if usize::from(index) >= MAX_PCRS {
                return Err(policy_error(format!("PCR{index} does not exist (0 to 31)")));
            }
            if map.insert(index, value).is_some() {
                return Err(policy_error(format!("PCR{index} is named twice")));
            }
        }
        if map.is_empty() {
            return Err(policy_error(
                "it names no PCR, so any enclave on AWS would pass; name at least PCR0 \
                 (the image) or PCR8 (its signing certificate)",
            ));
        }
        Ok(Self {
            pcrs: map,
            binding,
            max_age: None,
        })
    }

    /// The same policy, also refusing documents more than `seconds` old at the checked time
    /// (or more than [`MAX_FUTURE_SKEW`] seconds in its future).
    pub fn with_max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// The expected PCRs by index.
    pub fn pcrs(&self) -> &BTreeMap<u8, [u8; PCR_LEN]> {
        &self.pcrs
    }

    /// How the document must bind the key.
    pub fn binding(&self) -> Binding {
        self.binding
    }

    /// The largest accepted age in seconds, if any.
    pub fn max_age(&self) -> Option<u64> {
        self.max_age
    }

    /// Parse a policy file (SPEC.md §12.5):
    ///
    /// ```json
    /// {"pcrs": {"0": "<96 hex digits>", "8": "<96 hex digits>"},
    ///  "binding": "public-key", "maxAgeSeconds": 900}
    /// ```
    ///
    /// `maxAgeSeconds` is optional; other members are refused.
    ///
    /// # Errors
    /// [`Error::Malformed`] for JSON that is not of this shape, [`Error::AttestationPolicy`]
    /// for a bad PCR index or value, binding, or an empty PCR set.
    pub fn from_json(text: &str) -> Result<Self> {
        let file: PolicyFile = json::from_str_malformed(
            text,
            "attestation policy",
            "; expected {\"pcrs\": {\"0\": \"<hex>\"}, \"binding\": \"public-key\"}",
        )?;
        let (pcrs, binding, max_age) = (file.pcrs.0, file.binding, file.max_age_seconds);
        let mut parsed = alloc::vec::Vec::with_capacity(pcrs.len());
        for (index, value) in &pcrs {
            parsed.push((parse_index(index)?, parse_pcr_value(index, value)?));
        }
        let policy = Self::new(Binding::from_name(&binding)?, parsed)?;
        Ok(match max_age {
            Some(secs) => policy.with_max_age(u64::from(secs)),
            None => policy,
        })
    }

    /// Check a verified document against the policy for `key` at `time` (Unix seconds):
    /// freshness (if limited), then each named PCR in index order, then the binding.
    ///
    /// # Errors
    /// [`Error::AttestationStale`], [`Error::AttestationPcr`] naming the first PCR that is
    /// missing or differs, [`Error::AttestationBinding`].
    pub fn check(&self, doc: &VerifiedDocument, key: &[u8], time: u64) -> Result<()> {
        if let Some(max_age) = self.max_age {
            let issued_at = doc.timestamp_ms() / 1000;
            if issued_at > time.saturating_add(MAX_FUTURE_SKEW)
                || time.saturating_sub(issued_at) > max_age
            {
                return Err(Error::AttestationStale {
                    issued_at,
                    time,
                    max_age,
                });
            }
        }
        for (&index, expected) in &self.pcrs {
            match doc.pcr(index) {
                None => {
                    return Err(Error::AttestationPcr {
                        index,
                        problem: "is missing from the document",
                    });
                }
                Some(actual) if actual != expected => {
                    return Err(Error::AttestationPcr {
                        index,
                        problem: "differs from the policy's value",
                    });
                }
                Some(_) => {}
            }
        }
        if !self.binding.binds(doc, key) {
            return Err(Error::AttestationBinding {
                binding: self.binding.as_str(),
            });
        }
        Ok(())
    }
}

/// A PCR index as the policy file writes it: decimal 0 to 31, no sign or leading zero.
fn parse_index(text: &str) -> Result<u8> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    text.parse::<u8>()
        .ok()
        .filter(|&i| canonical && usize::from(i) < MAX_PCRS)
        .ok_or_else(|| policy_error("a PCR index must be a decimal number from 0 to 31"))
}

fn parse_pcr_value(index: &str, hex_text: &str) -> Result<[u8; PCR_LEN]> {
    let mut out = [0u8; PCR_LEN];
    hex::decode_to_slice(hex_text, &mut out).map_err(|_| {
        policy_error(format!(
            "PCR{index} must be 96 hex digits (48 bytes, SHA-384)"
        ))
    })?;
    Ok(out)
}
