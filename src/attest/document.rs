//! Parse an attestation document: the COSE_Sign1 envelope (RFC 9052 §4.2) and the Nitro
//! attestation payload inside it (AWS, "Nitro Enclaves: attestation document", the
//! `AttestationDoc` of aws-nitro-enclaves-nsm-api). Parsing checks form only; `chain` and
//! `mod.rs` do the cryptography.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use ciborium::value::Value;
use coset::{CborSerializable as _, CoseSign1, TaggedCborSerializable as _, iana};

use crate::error::{Error, Result};

/// The length of a PCR under the SHA-384 digest, the only digest Nitro uses.
pub const PCR_LEN: usize = 48;
/// The number of PCRs a Nitro document may carry (0..=31).
pub const MAX_PCRS: usize = 32;
/// The largest `public_key` the Nitro Secure Module accepts (bytes).
pub const MAX_PUBLIC_KEY: usize = 1024;
/// The largest `user_data` or `nonce` the Nitro Secure Module accepts (bytes).
pub const MAX_USER_DATA: usize = 512;
/// The most certificates a `cabundle` may hold (AWS chains have 4 or 5).
pub const MAX_CABUNDLE: usize = 8;

fn malformed(part: &'static str, reason: &'static str) -> Error {
    Error::AttestationMalformed { part, reason }
}

/// A COSE_Sign1 whose protected header says ES384, split into what is verified.
pub(crate) struct Sign1 {
    /// The COSE `Sig_structure` bytes the signature covers (external AAD empty).
    pub tbs: Vec<u8>,
    /// The raw `r || s` signature, 96 bytes.
    pub signature: [u8; 96],
    /// The payload: the CBOR attestation document.
    pub payload: Vec<u8>,
}

/// Decode a COSE_Sign1, tagged (18) or untagged as the Nitro Secure Module emits it. The
/// protected header must name ES384 and nothing critical; the payload must be attached.
pub(crate) fn parse_sign1(bytes: &[u8]) -> Result<Sign1> {
    let sign1 = match bytes.first() {
        // 0xd2 = CBOR tag 18 (COSE_Sign1).
        Some(0xd2) => CoseSign1::from_tagged_slice(bytes),
        _ => CoseSign1::from_slice(bytes),
    }
    .map_err(|_| malformed("COSE_Sign1", "not a CBOR COSE_Sign1 array"))?;
    let header = &sign1.protected.header;
    if header.alg != Some(coset::Algorithm::Assigned(iana::Algorithm::ES384)) {
        return Err(malformed(
            "COSE_Sign1",
            "the protected header's algorithm is not ES384 (-35)",
        ));
    }
    if !header.crit.is_empty() {
        return Err(malformed(
            "COSE_Sign1",
            "the protected header names critical parameters",
        ));
    }
    let signature: [u8; 96] = sign1
        .signature
        .as_slice()
        .try_into()
        .map_err(|_| malformed("COSE_Sign1", "an ES384 signature is 96 bytes (r || s)"))?;
    let tbs = sign1.tbs_data(&[]);
    let payload = sign1
        .payload
        .ok_or_else(|| malformed("COSE_Sign1", "the payload is detached"))?;
    Ok(Sign1 {
        tbs,
        signature,
        payload,
    })
}

/// The Nitro attestation payload, checked for form: every required field present once with
/// its type, digest `SHA384`, PCRs of 48 bytes, sizes within the Nitro Secure Module's limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    /// The enclave's id, for example `i-0aa1e507637fce804-enc0191c34965324870`.
    pub module_id: alloc::string::String,
    /// When the Nitro Secure Module signed the document, milliseconds since the Unix epoch.
    pub timestamp_ms: u64,
    /// The PCRs by index, each 48 bytes (SHA-384).
    pub pcrs: BTreeMap<u8, [u8; PCR_LEN]>,
    /// The enclave's leaf certificate (DER).
    pub certificate: Vec<u8>,
    /// The issuing chain (DER), root first.
    pub cabundle: Vec<Vec<u8>>,
    /// The optional public key the enclave put in the document.
    pub public_key: Option<Vec<u8>>,
    /// The optional user data the enclave put in the document.
    pub user_data: Option<Vec<u8>>,
    /// The optional nonce the enclave put in the document.
    pub nonce: Option<Vec<u8>>,
}

const FIELDS: [&str; 9] = [
    "module_id",
    "digest",
    "timestamp",
    "pcrs",
    "certificate",
    "cabundle",
    "public_key",
    "user_data",
    "nonce",
];

/// Parse the CBOR payload of a Nitro attestation document.
pub(crate) fn parse_payload(mut bytes: &[u8]) -> Result<Payload> {
    // ciborium limits nesting (recursion limit 256), so a hostile payload cannot exhaust the
    // stack; a Nitro document nests two levels deep.
    let value: Value = ciborium::de::from_reader(&mut bytes)
        .map_err(|_| malformed("payload", "not a CBOR data item"))?;
    if !bytes.is_empty() {
        return Err(malformed("payload", "bytes follow the CBOR data item"));
    }
    let Value::Map(entries) = value else {
        return Err(malformed("payload", "not a CBOR map"));
    };
    let mut found: [Option<Value>; 9] = Default::default();
    for (key, value) in entries {
        let Value::Text(name) = key else {
            return Err(malformed("payload", "a key is not a text string"));
        };
        let slot = FIELDS
            .iter()
            .position(|f| *f == name)
            .and_then(|i| found.get_mut(i))
            .ok_or_else(|| malformed("payload", "a key is not a Nitro attestation field"))?;
        if slot.is_some() {
            return Err(malformed("payload", "a key appears twice"));
        }
        *slot = Some(value);
    }
    let [
        module_id,
        digest,
        timestamp,
        pcrs,
        certificate,
        cabundle,
        public_key,
        user_data,
        nonce,
    ] = found;

    let module_id = match module_id {
        Some(Value::Text(t)) if !t.is_empty() => t,
        None => return Err(malformed("module_id", "missing")),
        _ => return Err(malformed("module_id", "not a non-empty text string")),
    };
    match digest {
        Some(Value::Text(t)) if t == "SHA384" => {}
        None => return Err(malformed("digest", "missing")),
        _ => return Err(malformed("digest", "not \"SHA384\"")),
    }
    let timestamp_ms = match timestamp {
        Some(Value::Integer(i)) => u64::try_from(i)
            .ok()
            .filter(|&t| t > 0)
            .ok_or_else(|| malformed("timestamp", "not a positive integer"))?,
        None => return Err(malformed("timestamp", "missing")),
        _ => return Err(malformed("timestamp", "not an integer")),
    };
    let pcrs = parse_pcrs(pcrs)?;
    let certificate = match certificate {
        Some(Value::Bytes(b)) if !b.is_empty() => b,
        None => return Err(malformed("certificate", "missing")),
        _ => return Err(malformed("certificate", "not a non-empty byte string")),
    };
    let cabundle = match cabundle {
        Some(Value::Array(items)) if !items.is_empty() && items.len() <= MAX_CABUNDLE => items
            .into_iter()
            .map(|item| match item {
                Value::Bytes(b) if !b.is_empty() => Ok(b),
                _ => Err(malformed(
                    "cabundle",
                    "an entry is not a non-empty byte string",
                )),
            })
            .collect::<Result<Vec<_>>>()?,
        None => return Err(malformed("cabundle", "missing")),
        _ => return Err(malformed("cabundle", "not an array of 1 to 8 certificates")),
    };
    Ok(Payload {
        module_id,
        timestamp_ms,
        pcrs,
        certificate,
        cabundle,
        public_key: optional_bytes(public_key, "public_key", MAX_PUBLIC_KEY)?,
        user_data: optional_bytes(user_data, "user_data", MAX_USER_DATA)?,
        nonce: optional_bytes(nonce, "nonce", MAX_USER_DATA)?,
    })
}

fn parse_pcrs(pcrs: Option<Value>) -> Result<BTreeMap<u8, [u8; PCR_LEN]>> {
    let entries = match pcrs {
        Some(Value::Map(entries)) if !entries.is_empty() && entries.len() <= MAX_PCRS => entries,
        None => return Err(malformed("pcrs", "missing")),
        _ => return Err(malformed("pcrs", "not a map of 1 to 32 PCRs")),
    };
    let mut out = BTreeMap::new();
    for (index, value) in entries {
        let index = match index {
            Value::Integer(i) => u8::try_from(i)
                .ok()
                .filter(|&i| usize::from(i) < MAX_PCRS)
                .ok_or_else(|| malformed("pcrs", "an index is not 0 to 31"))?,
            _ => return Err(malformed("pcrs", "an index is not an integer")),
        };
        let value: [u8; PCR_LEN] = match value {
            Value::Bytes(b) => b
                .as_slice()
                .try_into()
                .map_err(|_| malformed("pcrs", "a value is not 48 bytes (SHA-384)"))?,
            _ => return Err(malformed("pcrs", "a value is not a byte string")),
        };
        if out.insert(index, value).is_some() {
            return Err(malformed("pcrs", "an index appears twice"));
        }
    }
    Ok(out)
}

fn optional_bytes(value: Option<Value>, part: &'static str, max: usize) -> Result<Option<Vec<u8>>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bytes(b)) if b.len() <= max => Ok(Some(b)),
        Some(Value::Bytes(_)) => Err(malformed(
            part,
            "longer than the Nitro Secure Module allows",
        )),
        Some(_) => Err(malformed(part, "not a byte string or null")),
    }
}
