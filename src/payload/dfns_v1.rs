//! The dfns-v1 share plaintexts (generic-ec 0.4 serde layout), byte-exact.
//!
//! Import share, sent to each signer:
//! `{"version":1,"secret_share":{"curve":"<c>","scalar":"<64 hex>"},"public_shares":[{"curve":"<c>","point":"<hex>"},…]}`
//!
//! Export share, returned by each signer:
//! `{"version":1,"index":{"curve":"<c>","scalar":"<64 hex>"},"secret_share":{"curve":"<c>","scalar":"<64 hex>"}}`
//!
//! Each shape is declared once, as a serde-derived struct below, and read and written through
//! [`crate::json`]. Public shares are uncompressed on secp256k1 and stark. The public-share
//! list is identical for every signer, so the import path encodes it once
//! ([`PublicSharesJson`]) and splices it into each plaintext instead of re-encoding `n`
//! points `n` times. Parsing is strict: exact field set, version 1, matching curve tags,
//! canonical lower- or upper-case 64-digit hex scalars. A scalar's hex goes from the text
//! (or the reader's wiping buffer) straight into a wiping array, and is written from one
//! straight into the (wiping) output.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::{Serialize, Serializer};
use zeroize::Zeroizing;

use crate::curve::{Curve, PointForm, SCALAR_LEN};
use crate::error::{Error, Result};
use crate::json::table::{self, FromNode, Name, wire_struct};
use crate::json::{self, JsonError};
use crate::sharing::{Identifier, SecretShare};

wire_struct! {
    /// The import plaintext; `P` is the public-share list: [`json::Raw`] (already encoded) when
    /// writing, the points when reading.
    struct ImportPlaintext<'a, P> as "the import plaintext", deny_unknown {
        version: u32 = "version",
        #[serde(borrow)]
        secret_share: TaggedScalar<'a> = "secret_share",
        public_shares: P = "public_shares",
    }
}

wire_struct! {
    /// The export plaintext.
    struct ExportPlaintext<'a> as "the export plaintext", deny_unknown {
        version: u32 = "version",
        #[serde(borrow)]
        index: TaggedScalar<'a> = "index",
        #[serde(borrow)]
        secret_share: TaggedScalar<'a> = "secret_share",
    }
}

wire_struct! {
    /// `{"curve": <tag>, "scalar": <64 hex>}`.
    struct TaggedScalar<'a> as "a curve-tagged scalar", deny_unknown {
        #[serde(borrow)]
        curve: Cow<'a, str> = "curve",
        scalar: ScalarHex = "scalar",
    }
}

wire_struct! {
    /// `{"curve": <tag>, "point": <hex>}`.
    struct TaggedPoint<'a> as "a public share", deny_unknown {
        #[serde(borrow)]
        curve: Cow<'a, str> = "curve",
        point: PointHex = "point",
    }
}

/// A scalar as exactly 64 hex digits, held in a wiping array.
struct ScalarHex(Zeroizing<[u8; SCALAR_LEN]>);

/// A point encoding as hex (public).
struct PointHex(Vec<u8>);

/// Lower-case hex of some bytes, written piece by piece (no temporary string of a secret).
struct Hex<'b>(&'b [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // Two digits per byte, a chunk at a time, on a stack buffer wiped after use.
        let mut buf = Zeroizing::new([0u8; 64]);
        for chunk in self.0.chunks(32) {
            for (pair, b) in buf.chunks_exact_mut(2).zip(chunk) {
                pair[0] = DIGITS[usize::from(b >> 4)];
                pair[1] = DIGITS[usize::from(b & 0x0f)];
            }
            let digits = buf.get(..chunk.len() * 2).unwrap_or_default();
            // ASCII hex digits only.
            f.write_str(core::str::from_utf8(digits).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl Serialize for ScalarHex {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_str(&Hex(&*self.0))
    }
}

impl Serialize for PointHex {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_str(&Hex(&self.0))
    }
}

/// Exactly 64 hex digits, decoded from the text (or the reader's wiping buffer) straight into
/// a wiping array.
impl<'a> FromNode<'a> for ScalarHex {
    fn from_node(node: &json::Node<'a>, name: Name) -> core::result::Result<Self, JsonError> {
        let digits = table::text(node, name)?.as_str();
        if digits.len() != SCALAR_LEN * 2 {
            return Err(JsonError::structure(
                node,
                alloc::format!("a scalar must be 64 hex digits, got {}", digits.len()),
            ));
        }
        let mut bytes = Zeroizing::new([0u8; SCALAR_LEN]);
        hex::decode_to_slice(digits.as_bytes(), &mut *bytes)
            .map_err(|_| JsonError::structure(node, "a scalar is not hex".into()))?;
        Ok(ScalarHex(bytes))
    }
}

impl<'a> FromNode<'a> for PointHex {
    fn from_node(node: &json::Node<'a>, name: Name) -> core::result::Result<Self, JsonError> {
        hex::decode(table::text(node, name)?.as_str())
            .map(PointHex)
            .map_err(|_| JsonError::structure(node, "a public share is not hex".into()))
    }
}

/// The encoded `"public_shares":[...]` array, shared by every signer's plaintext.
#[derive(Clone, Debug)]
pub struct PublicSharesJson(String);

impl PublicSharesJson {
    /// Encode the public shares `G·f(1..=n)` once (one batch normalisation for all of them).
    pub fn new<C: Curve>(public_shares: &[C::Point]) -> Result<Self> {
        let encoded = C::encode_points(public_shares, PointForm::Uncompressed)?;
        Self::encoded(encoded, C::ID.as_str())
    }

    /// The JSON of points already encoded, each tagged `tag` (one copy for every curve).
    fn encoded(encoded: Vec<Vec<u8>>, tag: &'static str) -> Result<Self> {
        let capacity = encoded.iter().map(|p| p.len() * 2 + 32).sum::<usize>() + 2;
        let points: Vec<TaggedPoint<'_>> = encoded
            .into_iter()
            .map(|p| TaggedPoint {
                curve: Cow::Borrowed(tag),
                point: PointHex(p),
            })
            .collect();
        json::to_string_malformed(&points, "dfns-v1 public shares", capacity).map(Self)
    }
}

/// `{"curve": tag, "scalar": hex}` of `bytes`.
fn tagged<C: Curve>(bytes: Zeroizing<[u8; SCALAR_LEN]>) -> TaggedScalar<'static> {
    TaggedScalar {
        curve: Cow::Borrowed(C::ID.as_str()),
        scalar: ScalarHex(bytes),
    }
}

/// The plaintext's bytes. Writing these types cannot fail (strings and one integer); were it
/// to, the plaintext would be empty, which every signer refuses as not JSON.
fn plaintext<T: Serialize>(value: &T, capacity: usize) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(
        json::to_string_with_capacity(value, capacity)
            .map(String::into_bytes)
            .unwrap_or_default(),
    )
}

/// Encode one signer's import plaintext.
pub fn encode_import_share<C: Curve>(
    share: &SecretShare<C>,
    public_shares: &PublicSharesJson,
) -> Zeroizing<Vec<u8>> {
    let value = ImportPlaintext {
        version: 1,
        secret_share: tagged::<C>(share.value_be_bytes()),
        public_shares: json::Raw(&public_shares.0),
    };
    plaintext(&value, public_shares.0.len() + 140)
}

/// Encode one signer's export plaintext (its index and share).
pub fn encode_export_share<C: Curve>(share: &SecretShare<C>) -> Zeroizing<Vec<u8>> {
    let value = ExportPlaintext {
        version: 1,
        index: tagged::<C>(Zeroizing::new(share.identifier().to_be_bytes())),
        secret_share: tagged::<C>(share.value_be_bytes()),
    };
    plaintext(&value, 200)
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

const WHAT: &str = "dfns-v1 share plaintext";

fn malformed(reason: impl Into<String>) -> Error {
    Error::Malformed {
        what: WHAT,
        reason: reason.into(),
    }
}

fn check_version(v: u32) -> Result<()> {
    if v == 1 {
        Ok(())
    } else {
        Err(Error::UnsupportedVersion {
            what: WHAT,
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

/// Read a plaintext as `T`: what is wrong and where, never quoting the (secret) input.
fn read<'a, T: FromNode<'a>>(bytes: &'a [u8]) -> Result<T> {
    let text = core::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8"))?;
    json::from_str_malformed(text, WHAT, "")
}

/// A tagged scalar as a non-zero canonical scalar of `C`.
fn scalar<C: Curve>(s: &TaggedScalar<'_>) -> Result<Zeroizing<C::Scalar>> {
    check_tag::<C>(&s.curve)?;
    Ok(Zeroizing::new(crate::curve::decode_nonzero_scalar::<C>(
        &*s.scalar.0,
    )?))
}

/// An export plaintext of version 1, read once for every curve (not inlined into each
/// [`decode_export_share`]; WASM size).
#[inline(never)]
fn read_export(bytes: &[u8]) -> Result<ExportPlaintext<'_>> {
    let p: ExportPlaintext<'_> = read(bytes)?;
    check_version(p.version)?;
    Ok(p)
}

/// Decode an import plaintext strictly.
pub fn decode_import_share<C: Curve>(bytes: &[u8]) -> Result<ImportShare<C>> {
    let p: ImportPlaintext<'_, Vec<TaggedPoint<'_>>> = read(bytes)?;
    check_version(p.version)?;
    let value = scalar::<C>(&p.secret_share)?;
    let public_shares = p
        .public_shares
        .iter()
        .map(|p| {
            check_tag::<C>(&p.curve)?;
            C::decode_point(&p.point.0)
        })
        .collect::<Result<_>>()?;
    Ok(ImportShare {
        value,
        public_shares,
    })
}

/// Decode an export plaintext strictly into a share.
pub fn decode_export_share<C: Curve>(bytes: &[u8]) -> Result<SecretShare<C>> {
    let p = read_export(bytes)?;
    let index = scalar::<C>(&p.index)?;
    let value = scalar::<C>(&p.secret_share)?;
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
                "unexpected structure: a scalar must be 64 hex digits, got 62 at line 1 column 165",
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
