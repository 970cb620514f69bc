//! "Seal only to attested keys": the per-import requirement behind
//! [`crate::import::ImportOptions::attestation`].

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::{AttestationPolicy, verify};
use crate::error::{Error, Result};
use crate::signers::{PreparedSigner, decode_signer_id, encode_signer_id};

/// A policy, one attestation document per signer, and the time to check them at. An import
/// with this requirement refuses every signer whose key the policy does not find attested.
#[derive(Clone, Debug)]
pub struct AttestationRequirement {
    policy: AttestationPolicy,
    documents: BTreeMap<Vec<u8>, Vec<u8>>,
    time: u64,
}

impl AttestationRequirement {
    /// A requirement with no documents yet, checked at `time` (Unix seconds).
    pub fn new(policy: AttestationPolicy, time: u64) -> Self {
        Self {
            policy,
            documents: BTreeMap::new(),
            time,
        }
    }

    /// Add the attestation document (COSE_Sign1 bytes) of the signer `signer_id` (standard
    /// base64, as ListSigners gives it).
    ///
    /// # Errors
    /// A malformed signer id; [`Error::DuplicateSigner`] if the signer already has one.
    pub fn add_document(&mut self, signer_id: &str, document: Vec<u8>) -> Result<()> {
        let id = decode_signer_id(signer_id)?;
        if self.documents.contains_key(&id) {
            return Err(Error::DuplicateSigner {
                signer_id: encode_signer_id(&id),
            });
        }
        self.documents.insert(id, document);
        Ok(())
    }

    /// Add every document of an attestations file (SPEC.md §12.6): one JSON object mapping
    /// each signer id (standard base64) to its attestation document (standard padded base64
    /// of the COSE_Sign1 bytes), for example `{"AQ==": "hEShATgioFkR..."}`.
    ///
    /// # Errors
    /// [`Error::Malformed`] for JSON of another shape or a document that is not standard
    /// base64; a malformed signer id; [`Error::DuplicateSigner`] for a signer named twice.
    pub fn add_documents_json(&mut self, text: &str) -> Result<()> {
        let entries: crate::json::table::StringMap = crate::json::from_str_malformed(
            text,
            "attestations file",
            "; expected {\"<signerId>\": \"<base64 COSE_Sign1>\"}",
        )?;
        for (signer_id, document) in entries.0 {
            let bytes =
                keyport_hotpath::base64::decode(&document).map_err(|_| Error::Malformed {
                    what: "attestations file",
                    reason: String::from("an attestation document is not standard padded base64"),
                })?;
            self.add_document(&signer_id, bytes)?;
        }
        Ok(())
    }

    /// The policy.
    pub fn policy(&self) -> &AttestationPolicy {
        &self.policy
    }

    /// The time checked, Unix seconds.
    pub fn time(&self) -> u64 {
        self.time
    }

    /// Check every signer: its document verifies at the time, and satisfies the policy for
    /// the key shares will be sealed to (its canonical encoding). Documents of signers not in
    /// the list are ignored.
    ///
    /// # Errors
    /// For the first signer in share order that fails: [`Error::AttestationMissing`], or
    /// [`Error::SignerNotAttested`] with the failed check as its cause.
    pub fn check(&self, signers: &[PreparedSigner]) -> Result<()> {
        for signer in signers {
            let signer_id = || signer.id().to_base64();
            let document = self.documents.get(signer.id().as_bytes()).ok_or_else(|| {
                Error::AttestationMissing {
                    signer_id: signer_id(),
                }
            })?;
            let key = signer.recipient().to_bytes();
            verify(document, &self.policy, &key, self.time).map_err(|cause| {
                Error::SignerNotAttested {
                    signer_id: signer_id(),
                    cause: Box::new(cause),
                }
            })?;
        }
        Ok(())
    }
}
