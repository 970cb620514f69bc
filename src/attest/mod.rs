//! AWS Nitro Enclave attestation: know that a signer's key lives in the enclave you expect
//! before you seal a share to it (feature `nitro`; SPEC.md §12 is normative).
//!
//! An attestation document is a COSE_Sign1 (ES384) made by the Nitro Secure Module. keyport
//! accepts one when:
//! 1. it is a well-formed COSE_Sign1 whose payload is a well-formed Nitro document;
//! 2. its `cabundle` starts with the AWS Nitro Enclaves root G1 shipped in this crate
//!    ([`AWS_NITRO_ROOT_G1`], pinned by bytes and SHA-256), and the chain from it through the
//!    bundle to the leaf `certificate` verifies, each certificate valid at the caller's time;
//! 3. the COSE signature verifies under the leaf's key;
//! 4. the [`AttestationPolicy`] holds: the PCRs it names have its values, the document is
//!    fresh enough, and it binds the signer's key as the policy's [`Binding`] says.
//!
//! Nothing here reads a clock: every check takes the time, in Unix seconds, from the caller.
//!
//! [`cubesigner`] applies this to CubeSigner's key import: it checks an import key the way
//! CubeSigner's SDK does (its attestation, PCR8, the enclave's RSA-PSS signature, its expiry)
//! and only then seals key material to it.
//!
//! ```
//! # fn main() -> keyport::Result<()> {
//! use keyport::attest::{self, AttestationPolicy, Binding};
//! # let b64 = include_str!("../../tests/vectors/nitro/turnkey-boot-proof-1.json");
//! # let b64 = b64.split("\"aws_attestation_doc_b64\": \"").nth(1).unwrap().split('"').next().unwrap();
//! # let document = keyport_hotpath::base64::decode(b64).unwrap();
//! // A Turnkey enclave's boot attestation (tests/vectors/nitro), checked at its own time.
//! let time = 1_758_057_949;
//! let verified = attest::verify_document(&document, time)?;
//! let pcr0 = *verified.pcr(0).unwrap();
//! let key = verified.public_key().unwrap().to_vec();
//! let policy = AttestationPolicy::new(Binding::PublicKey, [(0, pcr0)])?;
//! policy.check(&verified, &key, time)?;
//! // A day later the enclave's leaf certificate has expired.
//! let err = attest::verify_document(&document, time + 86_400).unwrap_err();
//! assert_eq!(err.code(), "ATTESTATION_CERTIFICATE_TIME");
//! # Ok(())
//! # }
//! ```

mod chain;
pub mod cubesigner;
mod document;
mod policy;
mod require;

use alloc::collections::BTreeMap;

use p384::ecdsa::{Signature, signature::Verifier as _};

use crate::error::{Error, Result};

pub use document::{MAX_PCRS, PCR_LEN, Payload};
pub use policy::{AttestationPolicy, Binding, MAX_FUTURE_SKEW};
pub use require::AttestationRequirement;

/// The AWS Nitro Enclaves root certificate G1 (DER), the anchor of every Nitro attestation.
///
/// AWS publishes it as <https://aws-nitro-enclaves.amazonaws.com/AWS_NitroEnclaves_Root-G1.zip>
/// and documents its SHA-256 fingerprint, [`AWS_NITRO_ROOT_G1_SHA256`], at
/// <https://docs.aws.amazon.com/enclaves/latest/user/verify-root.html>. This copy was taken
/// from the CubeSigner TypeScript SDK (`packages/key-import/lib/root.pem`) and checked equal
/// to tkhq/rust-sdk's (`proofs/static/aws_root.pem`) and to that fingerprint; a test checks
/// the fingerprint again.
pub const AWS_NITRO_ROOT_G1: &[u8] = include_bytes!("aws_nitro_root_g1.der");

/// SHA-256 of [`AWS_NITRO_ROOT_G1`] as AWS documents it:
/// `641A0321A3E244EFE456463195D606317ED7CDCC3C1756E09893F3C68F79BB5B`.
pub const AWS_NITRO_ROOT_G1_SHA256: [u8; 32] = [
    0x64, 0x1a, 0x03, 0x21, 0xa3, 0xe2, 0x44, 0xef, 0xe4, 0x56, 0x46, 0x31, 0x95, 0xd6, 0x06, 0x31,
    0x7e, 0xd7, 0xcd, 0xcc, 0x3c, 0x17, 0x56, 0xe0, 0x98, 0x93, 0xf3, 0xc6, 0x8f, 0x79, 0xbb, 0x5b,
];

/// An attestation document whose signature and certificate chain verified. Its fields are
/// what an AWS Nitro enclave vouched for; a policy decides whether they are the right ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedDocument {
    payload: Payload,
}

impl VerifiedDocument {
    /// The enclave's id.
    pub fn module_id(&self) -> &str {
        &self.payload.module_id
    }

    /// When the document was made, milliseconds since the Unix epoch.
    pub fn timestamp_ms(&self) -> u64 {
        self.payload.timestamp_ms
    }

    /// PCR `index` (48 bytes), if the document has it.
    pub fn pcr(&self, index: u8) -> Option<&[u8; PCR_LEN]> {
        self.payload.pcrs.get(&index)
    }

    /// Every PCR by index.
    pub fn pcrs(&self) -> &BTreeMap<u8, [u8; PCR_LEN]> {
        &self.payload.pcrs
    }

    /// The document's `public_key`, if any.
    pub fn public_key(&self) -> Option<&[u8]> {
        self.payload.public_key.as_deref()
    }

    /// The document's `user_data`, if any.
    pub fn user_data(&self) -> Option<&[u8]> {
        self.payload.user_data.as_deref()
    }

    /// The document's `nonce`, if any.
    pub fn nonce(&self) -> Option<&[u8]> {
        self.payload.nonce.as_deref()
    }

    /// The whole parsed payload.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }
}

/// Verify `document` (a COSE_Sign1) against the pinned AWS Nitro root at `time` (Unix
/// seconds): form, root, chain, validity times and signature, no policy.
///
/// # Errors
/// [`Error::AttestationMalformed`], [`Error::AttestationRoot`], [`Error::AttestationChain`],
/// [`Error::AttestationCertificateTime`], [`Error::AttestationSignature`].
pub fn verify_document(document: &[u8], time: u64) -> Result<VerifiedDocument> {
    verify_document_with_root(document, AWS_NITRO_ROOT_G1, time)
}

/// [`verify_document`] against another root (DER): for tests, or for a future AWS root
/// before keyport ships it. The root is trusted as given; pin it yourself.
///
/// # Errors
/// As [`verify_document`].
pub fn verify_document_with_root(
    document: &[u8],
    root: &[u8],
    time: u64,
) -> Result<VerifiedDocument> {
    let sign1 = document::parse_sign1(document)?;
    let payload = document::parse_payload(&sign1.payload)?;
    let leaf_key = chain::verify(root, &payload.cabundle, &payload.certificate, time)?;
    let signature =
        Signature::from_slice(&sign1.signature).map_err(|_| Error::AttestationSignature)?;
    leaf_key
        .verify(&sign1.tbs, &signature)
        .map_err(|_| Error::AttestationSignature)?;
    Ok(VerifiedDocument { payload })
}

/// Verify `document` at `time` and check it against `policy` for `key` (the signer's
/// encryption key, canonical encoding with its version byte): everything keyport requires
/// before sealing to an attested key.
///
/// # Errors
/// Those of [`verify_document`], then of [`AttestationPolicy::check`].
pub fn verify(
    document: &[u8],
    policy: &AttestationPolicy,
    key: &[u8],
    time: u64,
) -> Result<VerifiedDocument> {
    let verified = verify_document(document, time)?;
    policy.check(&verified, key, time)?;
    Ok(verified)
}
