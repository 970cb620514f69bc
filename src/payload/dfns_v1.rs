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
use crate::json::{self, JsonError, Node, Unknown};
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

/// A `{"curve": tag, "scalar": 64 hex}` member, checked and decoded.
fn decode_scalar<C: Curve>(
    node: &Node<'_>,
    what: &'static str,
    nonzero: bool,
) -> core::result::Result<Result<Zeroizing<C::Scalar>>, JsonError> {
    let f = node.fields(what, ["curve", "scalar"], Unknown::Deny)?;
    let tag = f.required("curve")?.as_str("curve")?;
    let hex_digits = f.required("scalar")?.as_str("scalar")?;
    Ok(check_tag::<C>(tag).and_then(|()| {
        if hex_digits.len() != SCALAR_LEN * 2 {
            return Err(malformed(alloc::format!(
                "a scalar must be 64 hex digits, got {}",
                hex_digits.len()
            )));
        }
        let mut bytes = Zeroizing::new([0u8; SCALAR_LEN]);
        hex::decode_to_slice(hex_digits.as_bytes(), &mut *bytes)
            .map_err(|_| malformed("a scalar is not hex"))?;
        let v = if nonzero {
            crate::curve::decode_nonzero_scalar::<C>(&*bytes)?
        } else {
            C::scalar_from_be_bytes(&*bytes)?
        };
        Ok(Zeroizing::new(v))
    }))
}

/// Parse a plaintext as JSON and run `extract` on it. JSON errors say what and where, never
/// quoting the (secret) input; `extract`'s inner result carries the non-JSON checks.
fn parse<T>(
    bytes: &[u8],
    extract: impl FnOnce(&Node<'_>) -> core::result::Result<Result<T>, JsonError>,
) -> Result<T> {
    let text = core::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8"))?;
    json::read(text, extract).map_err(|e| malformed(e.describe(text)))?
}

/// Decode an import plaintext strictly.
pub fn decode_import_share<C: Curve>(bytes: &[u8]) -> Result<ImportShare<C>> {
    parse(bytes, |root| {
        let f = root.fields(
            "the import plaintext",
            ["version", "secret_share", "public_shares"],
            Unknown::Deny,
        )?;
        let version = f.required("version")?.as_u32("version")?;
        let value = decode_scalar::<C>(f.required("secret_share")?, "secret_share", true)?;
        let points = f.required("public_shares")?.as_array("public_shares")?;
        let mut tagged = Vec::with_capacity(points.len());
        for p in points {
            let f = p.fields("a public share", ["curve", "point"], Unknown::Deny)?;
            tagged.push((
                f.required("curve")?.as_str("curve")?,
                f.required("point")?.as_str("point")?,
            ));
        }
        Ok(check_version(version).and_then(|()| {
            let value = value?;
            let mut public_shares = Vec::with_capacity(tagged.len());
            for (tag, point) in tagged {
                check_tag::<C>(tag)?;
                let raw = hex::decode(point).map_err(|_| malformed("a public share is not hex"))?;
                public_shares.push(C::decode_point(&raw)?);
            }
            Ok(ImportShare {
                value,
                public_shares,
            })
        }))
    })
}

/// Decode an export plaintext strictly into a share.
pub fn decode_export_share<C: Curve>(bytes: &[u8]) -> Result<SecretShare<C>> {
    parse(bytes, |root| {
        let f = root.fields(
            "the export plaintext",
            ["version", "index", "secret_share"],
            Unknown::Deny,
        )?;
        let version = f.required("version")?.as_u32("version")?;
        let index = decode_scalar::<C>(f.required("index")?, "index", true)?;
        let value = decode_scalar::<C>(f.required("secret_share")?, "secret_share", true)?;
        Ok(check_version(version).and_then(|()| {
            let (index, value) = (index?, value?);
            SecretShare::new(Identifier::from_scalar(*index)?, *value)
        }))
    })
}
