//! Recipient keys, decryption keys and ciphertexts: one type over the two envelopes.
//!
//! Every encoding starts with a version byte, so a reader always knows what it holds:
//!
//! | byte | envelope | module |
//! |---|---|---|
//! | `0x01` | dfns-v1: what Dfns signers speak today (secp256k1 ECIES) | [`dfns_v1`] |
//! | `0x02` | hpke-v1: RFC 9180 HPKE bound to a [`Context`] (the default) | [`hpke`] |
//!
//! dfns-v1 *ciphertexts* carry no version byte; which envelope a ciphertext uses follows from
//! the key that opens it.
//!
//! ```
//! use keyport::{DecryptionKey, EnvelopeKind};
//! use keyport::hazmat::envelope::{self, Context, RecipientKey};
//! # use rand_core::UnwrapErr;
//! let mut rng = UnwrapErr(getrandom::SysRng);
//!
//! // The signer makes a key and publishes its recipient key.
//! let dk = DecryptionKey::generate(EnvelopeKind::HpkeV1, &mut rng);
//! let published = dk.recipient_key().to_base64();
//!
//! // The client seals a share to it, bound to the signer and the sharing.
//! let recipient = RecipientKey::from_base64(&published)?;
//! let context = Context::import(keyport::CurveId::Secp256k1, keyport::Protocol::Cggmp21, keyport::Threshold::new(2)?, *b"signer-1", keyport::hazmat::sharing::ShareIndex::new(1).unwrap(), [2u8; 33]);
//! let ct = envelope::seal(&recipient, &context, b"share", &mut rng)?;
//!
//! // The signer opens it with the same context.
//! assert_eq!(&envelope::open(&dk, &context, &ct)?[..], b"share");
//! # Ok::<(), keyport::Error>(())
//! ```

pub mod context;
pub mod dfns_v1;
pub mod hpke;

use alloc::string::String;
use alloc::vec::Vec;

use rand_core::CryptoRng;
use zeroize::Zeroizing;

pub use self::context::{Context, Operation};
pub use self::dfns_v1::{DfnsV1PublicKey, DfnsV1SecretKey};
pub use self::hpke::{Aead, HpkeSecretKey, Kem, KeyConfig, SymmetricSuite};
use crate::error::{Error, Result};

/// The version bytes of the known envelopes.
const KNOWN: &[u8] = &[dfns_v1::VERSION, hpke::VERSION];

/// Which envelope a key or ciphertext belongs to.
///
/// Its names (`"dfns-v1"`, `"hpke-v1"`) are parsed only by its `FromStr`, which the library,
/// the CLI and the WASM bindings all use. The default, for export contexts and test clusters
/// everywhere, is dfns-v1: what Dfns signers accept today (hpke-v1 is one flag away).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EnvelopeKind {
    /// dfns-v1 (version byte 1).
    #[default]
    DfnsV1,
    /// hpke-v1 (version byte 2).
    HpkeV1,
}

impl EnvelopeKind {
    /// Every envelope, in version-byte order.
    pub const ALL: [EnvelopeKind; 2] = [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1];

    /// `"dfns-v1"` or `"hpke-v1"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EnvelopeKind::DfnsV1 => "dfns-v1",
            EnvelopeKind::HpkeV1 => "hpke-v1",
        }
    }

    /// The version byte that starts this envelope's key encodings.
    pub const fn version(self) -> u8 {
        match self {
            EnvelopeKind::DfnsV1 => dfns_v1::VERSION,
            EnvelopeKind::HpkeV1 => hpke::VERSION,
        }
    }

    fn from_version(found: u8) -> Result<Self> {
        match found {
            dfns_v1::VERSION => Ok(EnvelopeKind::DfnsV1),
            hpke::VERSION => Ok(EnvelopeKind::HpkeV1),
            _ => Err(Error::UnknownEnvelopeVersion {
                found,
                known: KNOWN,
            }),
        }
    }
}

impl core::str::FromStr for EnvelopeKind {
    type Err = Error;

    /// `"dfns-v1"` or `"hpke-v1"` (the names [`EnvelopeKind::as_str`] gives), or `"hpke"`,
    /// the CLI's short name for hpke-v1 since its first release.
    ///
    /// # Errors
    /// [`Error::UnknownEnvelope`], listing the valid names.
    fn from_str(name: &str) -> Result<Self> {
        match name {
            "hpke" => Ok(EnvelopeKind::HpkeV1),
            _ => Self::ALL
                .into_iter()
                .find(|kind| kind.as_str() == name)
                .ok_or_else(|| Error::UnknownEnvelope(name.into())),
        }
    }
}

impl core::fmt::Display for EnvelopeKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key to seal to: what a signer publishes (the API's `encryptionKey`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipientKey {
    /// `0x01 || compressed secp256k1 point`.
    DfnsV1(DfnsV1PublicKey),
    /// `0x02 || RFC 9458 Key Config`.
    HpkeV1(KeyConfig),
}

impl RecipientKey {
    /// Parses the encoding, dispatching on the version byte.
    ///
    /// # Errors
    /// [`Error::UnknownEnvelopeVersion`] for a version byte other than 1 or 2,
    /// [`Error::Malformed`] for empty input, else the errors of
    /// [`DfnsV1PublicKey::from_bytes`] and [`KeyConfig::from_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (&version, rest) = bytes.split_first().ok_or_else(|| Error::Malformed {
            what: "recipient key",
            reason: "empty input".into(),
        })?;
        match EnvelopeKind::from_version(version)? {
            EnvelopeKind::DfnsV1 => DfnsV1PublicKey::from_bytes(bytes).map(RecipientKey::DfnsV1),
            EnvelopeKind::HpkeV1 => KeyConfig::from_bytes(rest).map(RecipientKey::HpkeV1),
        }
    }

    /// Parses standard, padded base64 (RFC 4648 §4, the API's encoding).
    ///
    /// # Errors
    /// [`Error::Malformed`] for URL-safe or unpadded base64 (both rejected, as the Dfns
    /// reference does) or any other invalid base64; else as [`from_bytes`](Self::from_bytes).
    pub fn from_base64(s: &str) -> Result<Self> {
        let bytes = decode_base64(s, "recipient key")?;
        Self::from_bytes(&bytes)
    }

    /// The encoding, starting with the version byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            RecipientKey::DfnsV1(pk) => pk.to_bytes().to_vec(),
            RecipientKey::HpkeV1(config) => {
                let mut out = alloc::vec![hpke::VERSION];
                out.extend_from_slice(&config.to_bytes());
                out
            }
        }
    }

    /// The encoding as standard, padded base64.
    pub fn to_base64(&self) -> String {
        keyport_hotpath::base64::encode(&self.to_bytes())
    }

    /// Which envelope sealing to this key produces.
    pub fn envelope(&self) -> EnvelopeKind {
        match self {
            RecipientKey::DfnsV1(_) => EnvelopeKind::DfnsV1,
            RecipientKey::HpkeV1(_) => EnvelopeKind::HpkeV1,
        }
    }
}

/// A key to open with: what a signer (or an export client) keeps secret.
#[derive(Clone, Debug)]
pub enum DecryptionKey {
    /// `0x01 || scalar(32)`.
    DfnsV1(DfnsV1SecretKey),
    /// `0x02 || key_id || kem_id(2) || secret(32)`.
    HpkeV1(HpkeSecretKey),
}

// Both variants wipe themselves on drop.
impl zeroize::ZeroizeOnDrop for DecryptionKey {}

impl DecryptionKey {
    /// A fresh key. hpke-v1 keys use the default KEM, X25519.
    pub fn generate<R: CryptoRng + ?Sized>(kind: EnvelopeKind, rng: &mut R) -> Self {
        match kind {
            EnvelopeKind::DfnsV1 => DecryptionKey::DfnsV1(DfnsV1SecretKey::generate(rng)),
            EnvelopeKind::HpkeV1 => {
                DecryptionKey::HpkeV1(HpkeSecretKey::generate(Kem::X25519HkdfSha256, rng).0)
            }
        }
    }

    /// Parses the encoding, dispatching on the version byte.
    ///
    /// # Errors
    /// [`Error::UnknownEnvelopeVersion`] for a version byte other than 1 or 2,
    /// [`Error::Malformed`] for empty input, else the errors of
    /// [`DfnsV1SecretKey::from_bytes`] and [`HpkeSecretKey::from_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let &version = bytes.first().ok_or_else(|| Error::Malformed {
            what: "decryption key",
            reason: "empty input".into(),
        })?;
        match EnvelopeKind::from_version(version)? {
            EnvelopeKind::DfnsV1 => DfnsV1SecretKey::from_bytes(bytes).map(DecryptionKey::DfnsV1),
            EnvelopeKind::HpkeV1 => HpkeSecretKey::from_bytes(bytes).map(DecryptionKey::HpkeV1),
        }
    }

    /// The encoding, starting with the version byte.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        match self {
            DecryptionKey::DfnsV1(sk) => Zeroizing::new(sk.to_bytes().to_vec()),
            DecryptionKey::HpkeV1(sk) => Zeroizing::new(sk.to_bytes().to_vec()),
        }
    }

    /// The matching recipient key, to publish.
    pub fn recipient_key(&self) -> RecipientKey {
        match self {
            DecryptionKey::DfnsV1(sk) => RecipientKey::DfnsV1(sk.public_key()),
            DecryptionKey::HpkeV1(sk) => RecipientKey::HpkeV1(sk.key_config()),
        }
    }

    /// Which envelope this key opens.
    pub fn envelope(&self) -> EnvelopeKind {
        match self {
            DecryptionKey::DfnsV1(_) => EnvelopeKind::DfnsV1,
            DecryptionKey::HpkeV1(_) => EnvelopeKind::HpkeV1,
        }
    }
}

/// Seals `plaintext` to `recipient`.
///
/// hpke-v1 binds the ciphertext to `context`; dfns-v1 ignores it (and uses an empty `aad`,
/// like Dfns).
///
/// # Errors
/// See [`dfns_v1::seal`] and [`hpke::seal`].
pub fn seal<R: CryptoRng + ?Sized>(
    recipient: &RecipientKey,
    context: &Context,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    match recipient {
        RecipientKey::DfnsV1(pk) => dfns_v1::seal(pk, plaintext, &[], rng),
        RecipientKey::HpkeV1(config) => hpke::seal(config, context, plaintext, rng),
    }
}

/// Opens a ciphertext sealed to `key`'s recipient key (with the same `context` for hpke-v1).
///
/// # Errors
/// See [`dfns_v1::open`] and [`hpke::open`].
pub fn open(
    key: &DecryptionKey,
    context: &Context,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    match key {
        DecryptionKey::DfnsV1(sk) => dfns_v1::open(sk, ciphertext, &[]),
        DecryptionKey::HpkeV1(sk) => hpke::open(sk, context, ciphertext),
    }
}

/// Decodes standard padded base64, with errors that say what is wrong.
fn decode_base64(s: &str, what: &'static str) -> Result<Vec<u8>> {
    keyport_hotpath::base64::decode(s).map_err(|_| {
        let reason = if s.contains(['-', '_']) {
            "URL-safe base64 ('-', '_') is not accepted; use the standard alphabet ('+', '/') with '=' padding"
        } else if !s.len().is_multiple_of(4) {
            "base64 is unpadded or truncated; the standard alphabet with '=' padding is required"
        } else {
            "not valid standard base64 ('A'-'Z', 'a'-'z', '0'-'9', '+', '/', '=' padding)"
        };
        Error::Malformed {
            what,
            reason: reason.into(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::EnvelopeKind;
    use crate::error::Error;
    use alloc::string::ToString;

    #[test]
    fn names_parse_through_from_str_and_the_default_is_dfns_v1() {
        for kind in EnvelopeKind::ALL {
            assert_eq!(kind.as_str().parse::<EnvelopeKind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!("hpke".parse::<EnvelopeKind>(), Ok(EnvelopeKind::HpkeV1));
        assert_eq!(EnvelopeKind::default(), EnvelopeKind::DfnsV1);
        for bad in ["", "dfns-v2", "HPKE-V1", " dfns-v1"] {
            let e = bad.parse::<EnvelopeKind>().unwrap_err();
            assert_eq!(e, Error::UnknownEnvelope(bad.into()));
            assert_eq!(e.code(), "UNKNOWN_ENVELOPE");
        }
        assert_eq!(
            "dfns-v2".parse::<EnvelopeKind>().unwrap_err().to_string(),
            "unknown envelope \"dfns-v2\"; valid envelopes: dfns-v1, hpke-v1"
        );
    }
}
