//! The dfns-v1 share plaintexts (generic-ec 0.4 serde layout), byte-exact.
//!
//! Import share, sent to each signer:
//! `{"version":1,"secret_share":{"curve":"<c>","scalar":"<64 hex>"},"public_shares":[{"curve":"<c>","point":"<hex>"},…]}`
//!
//! Export share, returned by each signer:
//! `{"version":1,"index":{"curve":"<c>","scalar":"<64 hex>"},"secret_share":{"curve":"<c>","scalar":"<64 hex>"}}`
//!
//! Public shares are uncompressed on secp256k1 and stark. The JSON is written by hand: the
//! public-share list is identical for every signer, so the import path encodes it once
//! ([`PublicSharesJson`]) and splices it into each plaintext instead of re-encoding `n` points
//! `n` times. Parsing is strict: exact field set, version 1, matching curve tags, canonical
//! lower- or upper-case 64-digit hex scalars.

use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::curve::{Curve, PointForm, SCALAR_LEN};
use crate::error::{Error, Result};
use crate::json::{self, Fields, JsonError, Node, Unknown};
use crate::sharing::{Identifier, SecretShare};

/// The encoded `"public_shares":[...]` array, shared by every signer's plaintext.
#[derive(Clone, Debug)]
pub struct PublicSharesJson(String);

impl PublicSharesJson {
    /// Encode the public shares `G·f(1..=n)` once (one batch normalisation for all of them).
    pub fn new<C: Curve>(public_shares: &[C::Point]) -> Result<Self> {
        let encoded = C::encode_points(public_shares, PointForm::Uncompressed)?;
        let tag = C::ID.as_str();
        let mut out = String::with_capacity(encoded.len() * (C::UNCOMPRESSED_LEN * 2 + 32) + 2);
        out.push('[');
        for (i, p) in encoded.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"curve\":\"");
            out.push_str(tag);
            out.push_str("\",\"point\":\"");
            push_hex(&mut out, p);
            out.push_str("\"}");
        }
        out.push(']');
        Ok(Self(out))
    }
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
}

fn push_scalar(out: &mut Zeroizing<String>, tag: &str, scalar: &[u8; SCALAR_LEN]) {
    out.push_str("{\"curve\":\"");
    out.push_str(tag);
    out.push_str("\",\"scalar\":\"");
    push_hex(out, scalar);
    out.push_str("\"}");
}

/// Encode one signer's import plaintext.
pub fn encode_import_share<C: Curve>(
    share: &SecretShare<C>,
    public_shares: &PublicSharesJson,
) -> Zeroizing<Vec<u8>> {
    let tag = C::ID.as_str();
    let mut out = Zeroizing::new(String::with_capacity(public_shares.0.len() + 140));
    out.push_str("{\"version\":1,\"secret_share\":");
    push_scalar(&mut out, tag, &share.value_be_bytes());
    out.push_str(",\"public_shares\":");
    out.push_str(&public_shares.0);
    out.push('}');
    Zeroizing::new(core::mem::take(&mut *out).into_bytes())
}

/// Encode one signer's export plaintext (its index and share).
pub fn encode_export_share<C: Curve>(share: &SecretShare<C>) -> Zeroizing<Vec<u8>> {
    let tag = C::ID.as_str();
    let mut out = Zeroizing::new(String::with_capacity(200));
    out.push_str("{\"version\":1,\"index\":");
    push_scalar(&mut out, tag, &share.identifier().to_be_bytes());
    out.push_str(",\"secret_share\":");
    push_scalar(&mut out, tag, &share.value_be_bytes());
    out.push('}');
    Zeroizing::new(core::mem::take(&mut *out).into_bytes())
}

/// A decoded import plaintext: the signer's share value and everyone's public shares.
pub struct ImportShare<C: Curve> {
    /// The share value `f(i)`; the index is the signer's position, which the plaintext does not
    /// carry.
    pub value: Zeroizing<C::Scalar>,
    /// `G·f(1..=n)`.
    pub public_shares: Vec<C::Point>,
}

// The value is `Zeroizing`; the public shares are public.
impl<C: Curve> zeroize::ZeroizeOnDrop for ImportShare<C> {}

impl<C: Curve> core::fmt::Debug for ImportShare<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ImportShare")
            .field("value", &"<redacted>")
            .field("public_shares", &self.public_shares.len())
            .finish()
    }
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed {
        what: "dfns-v1 share plaintext",
        reason: reason.into(),
    }
}

fn check_version(v: u32) -> Result<()> {
    if v == 1 {
        Ok(())
    } else {
        Err(Error::UnsupportedVersion {
            what: "dfns-v1 share plaintext",
            found: v,
            supported: 1,
        })
    }
}

fn check_tag<C: Curve>(tag: &str) -> Result<()> {
    if tag == C::ID.as_str() {
        Ok(())
    } else {
        Err(malformed(alloc::format!(
            "curve tag {tag:?} where {} was expected",
            C::ID.as_str()
        )))
    }
}

/// A JSON error in a plaintext: what and where, never quoting the (secret) input.
fn json_error(text: &str) -> impl Fn(JsonError) -> Error + '_ {
    move |e| malformed(e.describe(text))
}

/// The plaintext as text and its JSON tree.
fn parse(bytes: &[u8]) -> Result<(&str, Node<'_>)> {
    let text = core::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8"))?;
    let root = json::parse(text).map_err(json_error(text))?;
    Ok((text, root))
}

/// The `version` member, which must be 1.
fn version(text: &str, f: &Fields<'_, '_, 3>) -> Result<()> {
    check_version(f.u32("version").map_err(json_error(text))?)
}

/// A `{"curve": tag, <value>: string}` object: the tag checked against `C`, the string
/// returned.
fn tagged<'n, C: Curve>(
    text: &str,
    node: &'n Node<'_>,
    what: &'static str,
    value: &'static str,
) -> Result<&'n str> {
    let json = json_error(text);
    let m = node
        .fields(what, ["curve", value], Unknown::Deny)
        .map_err(&json)?;
    let tag = m.str("curve").map_err(&json)?;
    let value = m.str(value).map_err(&json)?;
    check_tag::<C>(tag)?;
    Ok(value)
}

/// A `{"curve": tag, "scalar": 64 hex}` member: a non-zero canonical scalar of `C`.
fn decode_scalar<C: Curve>(
    text: &str,
    f: &Fields<'_, '_, 3>,
    name: &'static str,
) -> Result<Zeroizing<C::Scalar>> {
    let member = f.required(name).map_err(json_error(text))?;
    let hex_digits = tagged::<C>(text, member, name, "scalar")?;
    if hex_digits.len() != SCALAR_LEN * 2 {
        return Err(malformed(alloc::format!(
            "a scalar must be 64 hex digits, got {}",
            hex_digits.len()
        )));
    }
    let mut bytes = Zeroizing::new([0u8; SCALAR_LEN]);
    hex::decode_to_slice(hex_digits.as_bytes(), &mut *bytes)
        .map_err(|_| malformed("a scalar is not hex"))?;
    Ok(Zeroizing::new(crate::curve::decode_nonzero_scalar::<C>(
        &*bytes,
    )?))
}

/// Decode an import plaintext strictly.
pub fn decode_import_share<C: Curve>(bytes: &[u8]) -> Result<ImportShare<C>> {
    let (text, root) = parse(bytes)?;
    let json = json_error(text);
    let f = root
        .fields(
            "the import plaintext",
            ["version", "secret_share", "public_shares"],
            Unknown::Deny,
        )
        .map_err(&json)?;
    version(text, &f)?;
    let value = decode_scalar::<C>(text, &f, "secret_share")?;
    let points = f
        .required("public_shares")
        .and_then(|n| n.as_array("public_shares"))
        .map_err(&json)?;
    let mut public_shares = Vec::with_capacity(points.len());
    for p in points {
        let point = tagged::<C>(text, p, "a public share", "point")?;
        let raw = hex::decode(point).map_err(|_| malformed("a public share is not hex"))?;
        public_shares.push(C::decode_point(&raw)?);
    }
    Ok(ImportShare {
        value,
        public_shares,
    })
}

/// Decode an export plaintext strictly into a share.
pub fn decode_export_share<C: Curve>(bytes: &[u8]) -> Result<SecretShare<C>> {
    let (text, root) = parse(bytes)?;
    let f = root
        .fields(
            "the export plaintext",
            ["version", "index", "secret_share"],
            Unknown::Deny,
        )
        .map_err(json_error(text))?;
    version(text, &f)?;
    let index = decode_scalar::<C>(text, &f, "index")?;
    let value = decode_scalar::<C>(text, &f, "secret_share")?;
    SecretShare::new(Identifier::from_scalar(*index)?, *value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Secp256k1;

    const TAG: &str = "secp256k1";
    const INDEX: &str = "0000000000000000000000000000000000000000000000000000000000000002";
    const SHARE: &str = "561bb70edb4ebb9c4cac9d4100d27b25b501b1a39c8ac083420fa68e9f3a27ca";

    fn export_text(index: &str, share: &str) -> String {
        alloc::format!(
            r#"{{"version":1,"index":{{"curve":"{TAG}","scalar":"{index}"}},"secret_share":{{"curve":"{TAG}","scalar":"{share}"}}}}"#
        )
    }

    fn reason(r: Result<SecretShare<Secp256k1>>) -> String {
        match r {
            Err(Error::Malformed { what, reason }) => {
                assert_eq!(what, "dfns-v1 share plaintext");
                reason
            }
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn export_share_round_trips_and_reads_escaped_hex() {
        let share = decode_export_share::<Secp256k1>(export_text(INDEX, SHARE).as_bytes()).unwrap();
        assert_eq!(share.identifier().as_index(), Some(2));
        assert_eq!(hex::encode(*share.value_be_bytes()), SHARE);
        let again = decode_export_share::<Secp256k1>(&encode_export_share(&share)).unwrap();
        assert_eq!(*again.value_be_bytes(), *share.value_be_bytes());
        // The same share with its first digit escaped (\u0035 is '5'): the unescaping path.
        let escaped = export_text(INDEX, &alloc::format!("\\u0035{}", &SHARE[1..]));
        let share = decode_export_share::<Secp256k1>(escaped.as_bytes()).unwrap();
        assert_eq!(hex::encode(*share.value_be_bytes()), SHARE);
    }

    #[test]
    fn export_share_errors_say_what_and_where_without_the_share() {
        let good = export_text(INDEX, SHARE);
        for (text, want) in [
            (
                good.replacen("{\"version\":1,", "{\"version\":1,\"extra\":0,", 1),
                "unexpected structure: the export plaintext has a field other than \"version\", \"index\", \"secret_share\" at line 1 column 22",
            ),
            (
                good.replacen("\"version\":1,", "", 1),
                "unexpected structure: missing field \"version\" at line 1 column 1",
            ),
            (
                good.replacen("\"version\":1", "\"version\":\"1\"", 1),
                "unexpected structure: version must be an integer from 0 to 4294967295 at line 1 column 12",
            ),
            (
                good.replacen("}}", "},\"index\":{}}", 1),
                "unexpected structure: duplicate field \"index\" in the export plaintext at line 1 column 241",
            ),
            (
                good.replacen(&alloc::format!("\"{SHARE}\""), "7", 1),
                "unexpected structure: scalar must be a string at line 1 column 165",
            ),
            (
                export_text(INDEX, &SHARE[2..]),
                "a scalar must be 64 hex digits, got 62",
            ),
            (
                good.replacen(TAG, "stark", 2),
                "curve tag \"stark\" where secp256k1 was expected",
            ),
        ] {
            let got = reason(decode_export_share::<Secp256k1>(text.as_bytes()));
            assert_eq!(got, want, "{text}");
            assert!(!got.contains(&SHARE[..16]));
        }
        assert!(matches!(
            decode_export_share::<Secp256k1>(
                good.replace("\"version\":1", "\"version\":2").as_bytes()
            ),
            Err(Error::UnsupportedVersion { found: 2, .. })
        ));
        assert_eq!(
            reason(decode_export_share::<Secp256k1>(&[0xff])),
            "not UTF-8"
        );
    }
}
