//! Verify the document's certificate chain: pinned root, then `cabundle[1..]`, then the leaf.
//!
//! Written here over x509-cert rather than taken from a path-building crate (webpki,
//! x509-verify): the Nitro chain is a fixed, linear path (no path building, no name
//! constraints, no revocation), every signature is ECDSA P-384 with SHA-384, and webpki's
//! entry points are TLS-server or TLS-client profiles whose EKU and name rules a Nitro leaf
//! does not follow. The RFC 5280 §6.1 checks that apply to such a path are the ones below.

use alloc::vec::Vec;

use der::{Decode as _, Encode as _, oid::ObjectIdentifier};
use p384::ecdsa::{DerSignature, VerifyingKey, signature::Verifier as _};
use x509_cert::Certificate;
use x509_cert::certificate::Version;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};

use crate::error::{Error, Result};

/// `ecdsa-with-SHA384` (RFC 5758 §3.2).
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
/// `id-ecPublicKey` (RFC 5480 §2.1.1).
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `secp384r1` (RFC 5480 §2.1.1.1).
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// The extensions this verifier understands; any other marked critical is refused (RFC 5280
/// §4.2: "A certificate-using system MUST reject the certificate if it encounters a critical
/// extension it does not recognize").
const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");

fn fail(index: usize, reason: &'static str) -> Error {
    Error::AttestationChain { index, reason }
}

/// Check the chain at `time` (Unix seconds) and return the leaf's P-384 key.
///
/// `cabundle[0]` must be byte-for-byte the pinned `root`; the rest of the bundle and the leaf
/// follow it. Certificate indices in errors count from the root (0) to the leaf.
pub(crate) fn verify(
    root: &[u8],
    cabundle: &[Vec<u8>],
    leaf: &[u8],
    time: u64,
) -> Result<VerifyingKey> {
    if cabundle.first().map(Vec::as_slice) != Some(root) {
        return Err(Error::AttestationRoot);
    }
    let mut ders: Vec<&[u8]> = Vec::with_capacity(cabundle.len() + 1);
    ders.push(root);
    ders.extend(cabundle.iter().skip(1).map(Vec::as_slice));
    ders.push(leaf);
    let last = ders.len() - 1;

    let mut parent: Option<(Certificate, VerifyingKey)> = None;
    for (index, der) in ders.iter().enumerate() {
        let cert = Certificate::from_der(der)
            .map_err(|_| fail(index, "is not a DER X.509 certificate"))?;
        let tbs = cert.tbs_certificate();
        if tbs.version() != Version::V3 {
            return Err(fail(index, "is not an X.509 v3 certificate"));
        }
        check_time(index, &cert, time)?;
        let key = p384_key(index, &cert)?;
        check_extensions(index, &cert, index == last, last)?;
        if let Some((issuer, issuer_key)) = &parent {
            check_issued_by(index, &cert, issuer, issuer_key)?;
        }
        parent = Some((cert, key));
    }
    parent
        .map(|(_, key)| key)
        .ok_or_else(|| fail(0, "the chain is empty"))
}

fn check_time(index: usize, cert: &Certificate, time: u64) -> Result<()> {
    let validity = cert.tbs_certificate().validity();
    let not_before = validity.not_before.to_unix_duration().as_secs();
    let not_after = validity.not_after.to_unix_duration().as_secs();
    if time < not_before || time > not_after {
        return Err(Error::AttestationCertificateTime {
            index,
            not_before,
            not_after,
            time,
        });
    }
    Ok(())
}

fn p384_key(index: usize, cert: &Certificate) -> Result<VerifyingKey> {
    let spki = cert.tbs_certificate().subject_public_key_info();
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    if spki.algorithm.oid != EC_PUBLIC_KEY || curve != Some(SECP384R1) {
        return Err(fail(index, "its key is not an ECDSA P-384 key"));
    }
    let bytes = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| fail(index, "its key is not a whole number of bytes"))?;
    VerifyingKey::from_sec1_bytes(bytes).map_err(|_| fail(index, "its key is not a P-384 point"))
}

/// basicConstraints and keyUsage by position: every certificate but the leaf must be a CA
/// allowed to sign certificates, with room in its path length for the CAs below it.
fn check_extensions(index: usize, cert: &Certificate, is_leaf: bool, last: usize) -> Result<()> {
    let tbs = cert.tbs_certificate();
    for ext in tbs.extensions().map(Vec::as_slice).unwrap_or_default() {
        if ext.critical && ext.extn_id != BASIC_CONSTRAINTS && ext.extn_id != KEY_USAGE {
            return Err(fail(
                index,
                "it has a critical extension keyport does not know",
            ));
        }
    }
    let basic = tbs
        .get_extension::<BasicConstraints>()
        .map_err(|_| fail(index, "its basicConstraints is malformed or repeated"))?
        .map(|(_, b)| b);
    let usage = tbs
        .get_extension::<KeyUsage>()
        .map_err(|_| fail(index, "its keyUsage is malformed or repeated"))?
        .map(|(_, u)| u);
    if is_leaf {
        if usage.is_some_and(|u| !u.digital_signature()) {
            return Err(fail(index, "its keyUsage does not allow digitalSignature"));
        }
        return Ok(());
    }
    let Some(basic) = basic.filter(|b| b.ca) else {
        return Err(fail(
            index,
            "it issues a certificate but is not a CA (basicConstraints)",
        ));
    };
    // CAs between this one and the leaf (RFC 5280 §4.2.1.9: pathLenConstraint counts the
    // non-self-issued intermediate certificates that may follow).
    let below = last.saturating_sub(index + 1);
    if basic
        .path_len_constraint
        .is_some_and(|max| usize::from(max) < below)
    {
        return Err(fail(
            index,
            "more CAs follow it than its pathLenConstraint allows",
        ));
    }
    if !usage.is_some_and(|u| u.key_cert_sign()) {
        return Err(fail(index, "its keyUsage does not allow keyCertSign"));
    }
    Ok(())
}

fn check_issued_by(
    index: usize,
    cert: &Certificate,
    issuer: &Certificate,
    issuer_key: &VerifyingKey,
) -> Result<()> {
    let tbs = cert.tbs_certificate();
    let same_name = match (
        tbs.issuer().to_der(),
        issuer.tbs_certificate().subject().to_der(),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same_name {
        return Err(fail(
            index,
            "its issuer is not the previous certificate's subject",
        ));
    }
    let alg = cert.signature_algorithm();
    if alg.oid != ECDSA_WITH_SHA384 || alg.parameters.is_some() || tbs.signature() != alg {
        return Err(fail(index, "it is not signed with ecdsa-with-SHA384"));
    }
    let signature = cert
        .signature()
        .as_bytes()
        .and_then(|b| DerSignature::from_bytes(b).ok())
        .ok_or_else(|| fail(index, "its signature is not a DER ECDSA signature"))?;
    // x509-cert decodes strict DER, so re-encoding the TBSCertificate gives the signed bytes.
    let signed = tbs
        .to_der()
        .map_err(|_| fail(index, "its TBSCertificate does not re-encode"))?;
    issuer_key.verify(&signed, &signature).map_err(|_| {
        fail(
            index,
            "its signature does not verify under the issuer's key",
        )
    })
}
