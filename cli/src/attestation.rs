//! `--require-attestation POLICY_FILE`: seal only to signers whose keys an AWS Nitro enclave
//! attests (keyport::attest; SPEC.md §12). Kept in its own module with a flattened clap
//! struct, so commands take it with one `#[command(flatten)]` field.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;
use keyport::attest::{AttestationPolicy, AttestationRequirement};

use crate::error::{CliError, CliResult};
use crate::fsio::read_text;

/// The attestation options of a command that seals shares.
#[derive(Debug, Default, Args)]
pub struct AttestationArgs {
    /// Refuse every signer whose encryption key is not attested by an AWS Nitro enclave under
    /// this policy (JSON: {"pcrs": {"0": "<hex>"}, "binding": "public-key", "maxAgeSeconds":
    /// 900}; SPEC.md §12.5). Needs --attestations.
    #[arg(long, value_name = "POLICY_FILE", requires = "attestations")]
    pub require_attestation: Option<PathBuf>,
    /// The signers' attestation documents: a JSON object mapping each signerId to its
    /// base64 COSE_Sign1 document (SPEC.md §12.6).
    #[arg(long, value_name = "FILE", requires = "require_attestation")]
    pub attestations: Option<PathBuf>,
    /// Check the attestations at this time (Unix seconds) instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS", requires = "require_attestation")]
    pub attestation_time: Option<u64>,
}

impl AttestationArgs {
    /// The requirement these options ask for, read and parsed; `None` without
    /// `--require-attestation`.
    pub fn requirement(&self) -> CliResult<Option<AttestationRequirement>> {
        let (Some(policy_path), Some(docs_path)) = (&self.require_attestation, &self.attestations)
        else {
            return Ok(None);
        };
        let policy = AttestationPolicy::from_json(&read_text(policy_path)?)
            .map_err(|e| CliError::lib(policy_path.display(), &e))?;
        let time = match self.attestation_time {
            Some(t) => t,
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|_| CliError::io("the system clock is before 1970"))?
                .as_secs(),
        };
        let mut requirement = AttestationRequirement::new(policy, time);
        requirement
            .add_documents_json(&read_text(docs_path)?)
            .map_err(|e| CliError::lib(docs_path.display(), &e))?;
        Ok(Some(requirement))
    }
}
