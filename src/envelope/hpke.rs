//! hpke-v1: RFC 9180 HPKE, base mode, bound to a [`Context`].
//!
//! * Recipient key: `0x02 || Key Config` (RFC 9458 §3): `key_id(1) || kem_id(2) || public key
//!   || suites length(2) || (kdf_id(2) || aead_id(2))*`. The public key's length is fixed by
//!   the KEM ([`Kem::public_key_len`]). Parse it with [`KeyConfig::from_bytes`] after the
//!   version byte.
//! * Ciphertext: `0x02 || key_id(1) || kem_id(2) || kdf_id(2) || aead_id(2) || enc || ct`,
//!   the RFC 9458 §4.3 header after the version byte; `ct` ends with the AEAD tag.
//! * `info = "keyport hpke-v1" || 0x00 || header(7) || context`, `aad` empty.
//! * Decryption key: `0x02 || key_id(1) || kem_id(2) || secret key(32)` ([`HpkeSecretKey`]).
//!
//! All cryptography is the `hpke` crate's; this module only frames bytes and picks the suite.

use alloc::vec::Vec;
use core::fmt;

use hpke::aead::{Aead as HpkeAead, AeadTag, AesGcm256, ChaCha20Poly1305};
use hpke::hybrid_array::typenum::Unsigned;
use hpke::kdf::HkdfSha256;
#[cfg(feature = "hpke-p256")]
use hpke::kem::DhP256HkdfSha256;
use hpke::kem::X25519HkdfSha256;
#[cfg(feature = "hpke-xwing")]
use hpke::kem::XWing;
use hpke::{Deserializable, HpkeError, Kem as HpkeKem, OpModeR, OpModeS, Serializable};
use rand_core::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

use super::context::Context;
use crate::error::{Error, Result};

/// The version byte that starts every hpke-v1 encoding.
pub const VERSION: u8 = 2;
/// The label that starts HPKE's `info`, followed by one zero byte.
pub const INFO_LABEL: &[u8] = b"keyport hpke-v1";
/// Length of the ciphertext header after the version byte: key id, KEM, KDF, AEAD ids.
pub const HEADER_LEN: usize = 7;
/// Length of the encoded [`HpkeSecretKey`].
pub const SECRET_KEY_LEN: usize = 4 + SECRET_LEN;
/// KDF id of HKDF-SHA256, the only KDF keyport uses.
pub const KDF_HKDF_SHA256: u16 = 0x0001;
/// Length of every supported KEM's secret key (X25519 scalar, P-256 scalar, X-Wing seed).
const SECRET_LEN: usize = 32;
/// Length of both supported AEADs' tags.
const TAG_LEN: usize = 16;
const KNOWN: &[u8] = &[VERSION];

/// The KEMs keyport supports.
///
/// X25519 is always built; P-256 and X-Wing only with the crate features `hpke-p256` and
/// `hpke-xwing` (both default). A key naming a KEM that is not built in is rejected with
/// [`Error::UnsupportedKem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kem {
    /// DHKEM(X25519, HKDF-SHA256), id 0x0020: the default.
    X25519HkdfSha256,
    /// DHKEM(P-256, HKDF-SHA256), id 0x0010 (feature `hpke-p256`).
    #[cfg(feature = "hpke-p256")]
    P256HkdfSha256,
    /// X-Wing (ML-KEM-768 + X25519, post-quantum hybrid), id 0x647a (feature `hpke-xwing`).
    #[cfg(feature = "hpke-xwing")]
    XWing,
}

/// How many KEMs this build supports.
const KEM_COUNT: usize =
    1 + cfg!(feature = "hpke-p256") as usize + cfg!(feature = "hpke-xwing") as usize;

impl Kem {
    /// Every KEM this build supports.
    pub const ALL: [Kem; KEM_COUNT] = [
        Kem::X25519HkdfSha256,
        #[cfg(feature = "hpke-p256")]
        Kem::P256HkdfSha256,
        #[cfg(feature = "hpke-xwing")]
        Kem::XWing,
    ];

    /// The IANA KEM id.
    pub const fn id(self) -> u16 {
        match self {
            Kem::X25519HkdfSha256 => 0x0020,
            #[cfg(feature = "hpke-p256")]
            Kem::P256HkdfSha256 => 0x0010,
            #[cfg(feature = "hpke-xwing")]
            Kem::XWing => 0x647a,
        }
    }

    /// The KEM with this id.
    ///
    /// # Errors
    /// [`Error::UnsupportedKem`] for any other id, including the id of a KEM whose feature is
    /// not enabled in this build.
    pub fn from_id(id: u16) -> Result<Self> {
        Kem::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or(Error::UnsupportedKem { kem: id })
    }

    /// A short name for messages: `X25519`, `P-256` or `X-Wing`.
    pub const fn name(self) -> &'static str {
        match self {
            Kem::X25519HkdfSha256 => "X25519",
            #[cfg(feature = "hpke-p256")]
            Kem::P256HkdfSha256 => "P-256",
            #[cfg(feature = "hpke-xwing")]
            Kem::XWing => "X-Wing",
        }
    }

    /// Length of a public key (`Npk`): 32, 65 (uncompressed SEC1), 1216.
    pub const fn public_key_len(self) -> usize {
        match self {
            Kem::X25519HkdfSha256 => 32,
            #[cfg(feature = "hpke-p256")]
            Kem::P256HkdfSha256 => 65,
            #[cfg(feature = "hpke-xwing")]
            Kem::XWing => 1216,
        }
    }

    /// Length of an encapsulated key (`Nenc`): 32, 65, 1120.
    pub const fn enc_len(self) -> usize {
        match self {
            Kem::X25519HkdfSha256 => 32,
            #[cfg(feature = "hpke-p256")]
            Kem::P256HkdfSha256 => 65,
            #[cfg(feature = "hpke-xwing")]
            Kem::XWing => 1120,
        }
    }

    /// The suites a freshly generated key offers, most preferred first: ChaCha20Poly1305 then
    /// AES-256-GCM, except on P-256 (where AES hardware is the norm) the other way round.
    pub const fn default_aeads(self) -> [Aead; 2] {
        match self {
            #[cfg(feature = "hpke-p256")]
            Kem::P256HkdfSha256 => [Aead::Aes256Gcm, Aead::ChaCha20Poly1305],
            Kem::X25519HkdfSha256 => [Aead::ChaCha20Poly1305, Aead::Aes256Gcm],
            #[cfg(feature = "hpke-xwing")]
            Kem::XWing => [Aead::ChaCha20Poly1305, Aead::Aes256Gcm],
        }
    }
}

/// The AEADs keyport supports (always with KDF HKDF-SHA256).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aead {
    /// AES-256-GCM, id 0x0002.
    Aes256Gcm,
    /// ChaCha20Poly1305, id 0x0003.
    ChaCha20Poly1305,
}

impl Aead {
    /// Every AEAD, by id.
    pub const ALL: [Aead; 2] = [Aead::Aes256Gcm, Aead::ChaCha20Poly1305];

    /// The name for messages: `AES-256-GCM` or `ChaCha20Poly1305`.
    pub const fn name(self) -> &'static str {
        match self {
            Aead::Aes256Gcm => "AES-256-GCM",
            Aead::ChaCha20Poly1305 => "ChaCha20Poly1305",
        }
    }

    /// The IANA AEAD id.
    pub const fn id(self) -> u16 {
        match self {
            Aead::Aes256Gcm => 0x0002,
            Aead::ChaCha20Poly1305 => 0x0003,
        }
    }

    /// The AEAD with this id, if supported.
    pub const fn from_id(id: u16) -> Option<Self> {
        match id {
            0x0002 => Some(Aead::Aes256Gcm),
            0x0003 => Some(Aead::ChaCha20Poly1305),
            _ => None,
        }
    }
}

/// One (KDF id, AEAD id) pair of a key configuration, supported or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SymmetricSuite {
    /// The KDF id.
    pub kdf: u16,
    /// The AEAD id.
    pub aead: u16,
}

impl SymmetricSuite {
    /// The pair HKDF-SHA256 + `aead`.
    pub const fn new(aead: Aead) -> Self {
        SymmetricSuite {
            kdf: KDF_HKDF_SHA256,
            aead: aead.id(),
        }
    }

    /// The AEAD, if keyport supports this pair.
    pub const fn supported(self) -> Option<Aead> {
        if self.kdf == KDF_HKDF_SHA256 {
            Aead::from_id(self.aead)
        } else {
            None
        }
    }
}

/// Runs `$body` with `$K` bound to the `hpke` KEM type of `$kem`.
macro_rules! with_kem {
    ($kem:expr, |$K:ident| $body:expr) => {
        match $kem {
            Kem::X25519HkdfSha256 => {
                type $K = X25519HkdfSha256;
                $body
            }
            #[cfg(feature = "hpke-p256")]
            Kem::P256HkdfSha256 => {
                type $K = DhP256HkdfSha256;
                $body
            }
            #[cfg(feature = "hpke-xwing")]
            Kem::XWing => {
                type $K = XWing;
                $body
            }
        }
    };
}

/// Runs `$body` with `$K` and `$A` bound to the `hpke` KEM and AEAD types.
macro_rules! with_suite {
    ($kem:expr, $aead:expr, |$K:ident, $A:ident| $body:expr) => {
        match $aead {
            Aead::Aes256Gcm => {
                type $A = AesGcm256;
                with_kem!($kem, |$K| $body)
            }
            Aead::ChaCha20Poly1305 => {
                type $A = ChaCha20Poly1305;
                with_kem!($kem, |$K| $body)
            }
        }
    };
}

/// A recipient's public HPKE configuration (RFC 9458 §3 Key Config).
///
/// Always usable: parsing checks the public key and that at least one offered suite is
/// supported. Unsupported suites are kept, so the encoding round-trips.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct KeyConfig {
    key_id: u8,
    kem: Kem,
    public_key: Vec<u8>,
    suites: Vec<SymmetricSuite>,
}

impl KeyConfig {
    /// Builds a key configuration.
    ///
    /// # Errors
    /// [`Error::Malformed`] if `public_key` is not a valid key of `kem` or `suites` is empty or
    /// longer than the encoding allows; [`Error::UnsupportedCipherSuite`] if no suite is
    /// supported.
    pub fn new(
        key_id: u8,
        kem: Kem,
        public_key: &[u8],
        suites: Vec<SymmetricSuite>,
    ) -> Result<Self> {
        let bad_key = |reason: &str| Error::Malformed {
            what: "hpke-v1 recipient public key",
            reason: alloc::format!(
                "{reason} (KEM 0x{:04x} expects {} bytes, got {})",
                kem.id(),
                kem.public_key_len(),
                public_key.len()
            ),
        };
        if public_key.len() != kem.public_key_len() {
            return Err(bad_key("wrong length"));
        }
        with_kem!(kem, |K| <K as HpkeKem>::PublicKey::from_bytes(public_key)
            .map(|_| ())
            .map_err(|_| bad_key("not a valid public key")))?;
        if suites.is_empty() || suites.len() > usize::from(u16::MAX / 4) {
            return Err(Error::Malformed {
                what: "hpke-v1 key config",
                reason: alloc::format!(
                    "{} cipher suites; between 1 and 16383 are allowed",
                    suites.len()
                ),
            });
        }
        if !suites.iter().any(|s| s.supported().is_some()) {
            return Err(Error::UnsupportedCipherSuite {
                offered: suites.iter().map(|s| (s.kdf, s.aead)).collect(),
            });
        }
        Ok(KeyConfig {
            key_id,
            kem,
            public_key: public_key.to_vec(),
            suites,
        })
    }

    /// Parses an RFC 9458 Key Config (without keyport's version byte).
    ///
    /// # Errors
    /// [`Error::UnsupportedKem`] for an unknown KEM (its key length is unknown, so nothing
    /// after it can be read), [`Error::Malformed`] for a truncated or over-long encoding, a
    /// suite list whose length is zero or not a multiple of 4, or an invalid public key;
    /// [`Error::UnsupportedCipherSuite`] if no offered suite is supported.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let truncated = |need: usize| Error::Malformed {
            what: "hpke-v1 key config",
            reason: alloc::format!("truncated: {} bytes, at least {need} needed", bytes.len()),
        };
        let (&[key_id, k0, k1], rest) = bytes.split_first_chunk::<3>().ok_or(truncated(3))?;
        let kem = Kem::from_id(u16::from_be_bytes([k0, k1]))?;
        let npk = kem.public_key_len();
        let (public_key, rest) = rest.split_at_checked(npk).ok_or(truncated(3 + npk + 2))?;
        let (&len, rest) = rest
            .split_first_chunk::<2>()
            .ok_or(truncated(3 + npk + 2))?;
        let len = usize::from(u16::from_be_bytes(len));
        if len == 0 || !len.is_multiple_of(4) {
            return Err(Error::Malformed {
                what: "hpke-v1 key config",
                reason: alloc::format!(
                    "cipher suite list is {len} bytes; it must be a non-zero multiple of 4"
                ),
            });
        }
        if rest.len() != len {
            return Err(Error::Malformed {
                what: "hpke-v1 key config",
                reason: alloc::format!(
                    "cipher suite list announces {len} bytes but {} follow",
                    rest.len()
                ),
            });
        }
        let suites = rest
            .chunks_exact(4)
            .map(|c| match c {
                &[a, b, c, d] => SymmetricSuite {
                    kdf: u16::from_be_bytes([a, b]),
                    aead: u16::from_be_bytes([c, d]),
                },
                // `chunks_exact(4)` yields only 4-byte chunks.
                _ => SymmetricSuite { kdf: 0, aead: 0 },
            })
            .collect();
        KeyConfig::new(key_id, kem, public_key, suites)
    }

    /// The RFC 9458 Key Config bytes (without keyport's version byte).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(5 + self.public_key.len() + 4 * self.suites.len());
        out.push(self.key_id);
        out.extend_from_slice(&self.kem.id().to_be_bytes());
        out.extend_from_slice(&self.public_key);
        // `new` caps the list at 16383 suites, so this fits in a u16.
        let len = u16::try_from(4 * self.suites.len()).unwrap_or(0xfffc);
        out.extend_from_slice(&len.to_be_bytes());
        for s in &self.suites {
            out.extend_from_slice(&s.kdf.to_be_bytes());
            out.extend_from_slice(&s.aead.to_be_bytes());
        }
        out
    }

    /// The key id (chosen by the recipient; echoed in every ciphertext).
    pub fn key_id(&self) -> u8 {
        self.key_id
    }

    /// The KEM.
    pub fn kem(&self) -> Kem {
        self.kem
    }

    /// The public key bytes (`Npk` bytes, as the KEM serializes them).
    pub fn public_key(&self) -> &[u8] {
        &self.public_key
    }

    /// The offered (KDF, AEAD) pairs, in the recipient's order of preference.
    pub fn suites(&self) -> &[SymmetricSuite] {
        &self.suites
    }

    /// The AEAD a sender uses: that of the first offered pair keyport supports.
    ///
    /// # Errors
    /// [`Error::UnsupportedCipherSuite`] if none is supported (cannot happen for a parsed
    /// config).
    pub fn selected_aead(&self) -> Result<Aead> {
        self.suites
            .iter()
            .find_map(|s| s.supported())
            .ok_or_else(|| Error::UnsupportedCipherSuite {
                offered: self.suites.iter().map(|s| (s.kdf, s.aead)).collect(),
            })
    }
}

impl fmt::Debug for KeyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyConfig")
            .field("key_id", &self.key_id)
            .field("kem", &self.kem)
            .field("public_key_len", &self.public_key.len())
            .field("suites", &self.suites)
            .finish()
    }
}

/// An hpke-v1 decryption key: key id, KEM and the KEM's 32-byte secret key. Zeroized on drop.
///
/// The secret is what the KEM serializes: the clamped scalar for X25519, the scalar for P-256,
/// the 32-byte seed for X-Wing.
#[derive(Clone)]
pub struct HpkeSecretKey {
    key_id: u8,
    kem: Kem,
    secret: Zeroizing<[u8; SECRET_LEN]>,
    public_key: Vec<u8>,
}

// The secret is `Zeroizing`; the rest is public.
impl zeroize::ZeroizeOnDrop for HpkeSecretKey {}

impl HpkeSecretKey {
    /// A fresh key pair with a random key id; returns the secret key and its public config.
    pub fn generate<R: CryptoRng + ?Sized>(kem: Kem, rng: &mut R) -> (Self, KeyConfig) {
        let mut id = [0u8; 1];
        rng.fill_bytes(&mut id);
        Self::generate_with_key_id(kem, id[0], rng)
    }

    /// A fresh key pair with the given key id.
    pub fn generate_with_key_id<R: CryptoRng + ?Sized>(
        kem: Kem,
        key_id: u8,
        rng: &mut R,
    ) -> (Self, KeyConfig) {
        let (secret, public_key) = with_kem!(kem, |K| generate_typed::<K, R>(rng));
        let sk = HpkeSecretKey {
            key_id,
            kem,
            secret,
            public_key,
        };
        let config = sk.key_config();
        (sk, config)
    }

    /// Parses `0x02 || key_id(1) || kem_id(2) || secret(32)`.
    ///
    /// An X25519 secret is clamped on the way in (RFC 9180 §7.1.2), so [`to_bytes`] returns
    /// the clamped form.
    ///
    /// [`to_bytes`]: Self::to_bytes
    ///
    /// # Errors
    /// [`Error::UnknownEnvelopeVersion`], [`Error::UnsupportedKem`], or [`Error::Malformed`]
    /// for a wrong length or a secret the KEM rejects (a P-256 scalar that is zero or not
    /// below the order).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        match bytes.first() {
            Some(&VERSION) => {}
            Some(&found) => {
                return Err(Error::UnknownEnvelopeVersion {
                    found,
                    known: KNOWN,
                });
            }
            None => {}
        }
        let Some((&[_, key_id, k0, k1], secret)) = bytes.split_first_chunk::<4>() else {
            return Err(bad_secret_len(bytes.len()));
        };
        if secret.len() != SECRET_LEN {
            return Err(bad_secret_len(bytes.len()));
        }
        let kem = Kem::from_id(u16::from_be_bytes([k0, k1]))?;
        let (secret, public_key) = with_kem!(kem, |K| from_secret_typed::<K>(secret))?;
        Ok(HpkeSecretKey {
            key_id,
            kem,
            secret,
            public_key,
        })
    }

    /// `0x02 || key_id(1) || kem_id(2) || secret(32)` (36 bytes).
    pub fn to_bytes(&self) -> Zeroizing<[u8; SECRET_KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; SECRET_KEY_LEN]);
        out[0] = VERSION;
        out[1] = self.key_id;
        out[2..4].copy_from_slice(&self.kem.id().to_be_bytes());
        out[4..].copy_from_slice(self.secret.as_slice());
        out
    }

    /// The key id.
    pub fn key_id(&self) -> u8 {
        self.key_id
    }

    /// The KEM.
    pub fn kem(&self) -> Kem {
        self.kem
    }

    /// The public configuration to hand to senders, offering [`Kem::default_aeads`].
    pub fn key_config(&self) -> KeyConfig {
        KeyConfig {
            key_id: self.key_id,
            kem: self.kem,
            public_key: self.public_key.clone(),
            suites: self
                .kem
                .default_aeads()
                .into_iter()
                .map(SymmetricSuite::new)
                .collect(),
        }
    }
}

impl fmt::Debug for HpkeSecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HpkeSecretKey")
            .field("key_id", &self.key_id)
            .field("kem", &self.kem)
            .field("secret", &"<redacted>")
            .finish()
    }
}

fn bad_secret_len(actual: usize) -> Error {
    Error::Malformed {
        what: "hpke-v1 decryption key",
        reason: alloc::format!("expected {SECRET_KEY_LEN} bytes, got {actual}"),
    }
}

/// The ciphertext header after the version byte.
fn header(key_id: u8, kem: Kem, aead: Aead) -> [u8; HEADER_LEN] {
    let [k0, k1] = kem.id().to_be_bytes();
    let [f0, f1] = KDF_HKDF_SHA256.to_be_bytes();
    let [a0, a1] = aead.id().to_be_bytes();
    [key_id, k0, k1, f0, f1, a0, a1]
}

/// HPKE's `info` for a ciphertext with this header (the 7 bytes after the version byte):
/// `"keyport hpke-v1" || 0x00 || header || context`.
///
/// # Errors
/// [`Error::Malformed`] if the context does not encode (see [`Context::to_bytes`]).
pub fn info(header: &[u8; HEADER_LEN], context: &Context) -> Result<Vec<u8>> {
    let context = context.to_bytes()?;
    let mut info = Vec::with_capacity(INFO_LABEL.len() + 1 + HEADER_LEN + context.len());
    info.extend_from_slice(INFO_LABEL);
    info.push(0);
    info.extend_from_slice(header);
    info.extend_from_slice(&context);
    Ok(info)
}

/// Seals `plaintext` to `config`, bound to `context`, with the first supported suite.
///
/// # Errors
/// [`Error::Malformed`] for a context that does not encode, or a recipient key the key
/// agreement rejects (an X25519 point of small order).
pub fn seal<R: CryptoRng + ?Sized>(
    config: &KeyConfig,
    context: &Context,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    let aead = config.selected_aead()?;
    let header = header(config.key_id, config.kem, aead);
    let info = info(&header, context)?;
    let mut out =
        Vec::with_capacity(1 + HEADER_LEN + config.kem.enc_len() + plaintext.len() + TAG_LEN);
    out.push(VERSION);
    out.extend_from_slice(&header);
    let sealed = with_suite!(config.kem, aead, |K, A| seal_typed::<K, A, R>(
        &config.public_key,
        &info,
        plaintext,
        rng,
        &mut out
    ));
    match sealed {
        Ok(()) => Ok(out),
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

/// Opens an hpke-v1 ciphertext with `sk`, checking it was bound to `context`.
///
/// # Errors
/// Before any cryptography: [`Error::UnknownEnvelopeVersion`], [`Error::KeyIdMismatch`],
/// [`Error::KemMismatch`], [`Error::UnsupportedCipherSuite`], [`Error::CiphertextLength`].
/// Then [`Error::Malformed`] for an encapsulated key the KEM rejects and
/// [`Error::DecryptionFailed`] for everything else (wrong key or context, altered bytes).
pub fn open(
    sk: &HpkeSecretKey,
    context: &Context,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let min = 1 + HEADER_LEN + sk.kem.enc_len() + TAG_LEN;
    let too_short = || Error::CiphertextLength {
        min,
        actual: ciphertext.len(),
    };
    let (&version, rest) = ciphertext.split_first().ok_or_else(too_short)?;
    if version != VERSION {
        return Err(Error::UnknownEnvelopeVersion {
            found: version,
            known: KNOWN,
        });
    }
    let (header, body) = rest
        .split_first_chunk::<HEADER_LEN>()
        .ok_or_else(too_short)?;
    let [key_id, k0, k1, f0, f1, a0, a1] = *header;
    if key_id != sk.key_id {
        return Err(Error::KeyIdMismatch {
            expected: sk.key_id,
            found: key_id,
        });
    }
    let kem = u16::from_be_bytes([k0, k1]);
    if kem != sk.kem.id() {
        return Err(Error::KemMismatch {
            expected: sk.kem.id(),
            found: kem,
        });
    }
    let suite = SymmetricSuite {
        kdf: u16::from_be_bytes([f0, f1]),
        aead: u16::from_be_bytes([a0, a1]),
    };
    let aead = suite
        .supported()
        .ok_or_else(|| Error::UnsupportedCipherSuite {
            offered: alloc::vec![(suite.kdf, suite.aead)],
        })?;
    if ciphertext.len() < min {
        return Err(too_short());
    }
    let (enc, ct) = body
        .split_at_checked(sk.kem.enc_len())
        .ok_or_else(too_short)?;
    let info = info(header, context)?;
    with_suite!(sk.kem, aead, |K, A| open_typed::<K, A>(
        sk.secret.as_slice(),
        enc,
        &info,
        ct
    ))
}

fn generate_typed<K: HpkeKem, R: CryptoRng + ?Sized>(
    rng: &mut R,
) -> (Zeroizing<[u8; SECRET_LEN]>, Vec<u8>) {
    const {
        assert!(<K::PrivateKey as Serializable>::OutputSize::USIZE == SECRET_LEN);
    }
    let mut rng = rng;
    let (sk, pk) = K::gen_keypair_with_rng(&mut rng);
    let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
    let mut sk_bytes = sk.to_bytes();
    secret.copy_from_slice(&sk_bytes);
    sk_bytes.zeroize();
    (secret, pk.to_bytes().to_vec())
}

fn from_secret_typed<K: HpkeKem>(secret: &[u8]) -> Result<(Zeroizing<[u8; SECRET_LEN]>, Vec<u8>)> {
    const {
        assert!(<K::PrivateKey as Serializable>::OutputSize::USIZE == SECRET_LEN);
    }
    let sk = K::PrivateKey::from_bytes(secret).map_err(|_| Error::Malformed {
        what: "hpke-v1 decryption key",
        reason: "the KEM rejects the secret (for P-256: zero or not below the group order)".into(),
    })?;
    let mut canonical = Zeroizing::new([0u8; SECRET_LEN]);
    let mut sk_bytes = sk.to_bytes();
    canonical.copy_from_slice(&sk_bytes);
    sk_bytes.zeroize();
    Ok((canonical, K::sk_to_pk(&sk).to_bytes().to_vec()))
}

fn seal_typed<K: HpkeKem, A: HpkeAead, R: CryptoRng + ?Sized>(
    public_key: &[u8],
    info: &[u8],
    plaintext: &[u8],
    rng: &mut R,
    out: &mut Vec<u8>,
) -> Result<()> {
    let pk = K::PublicKey::from_bytes(public_key).map_err(|_| Error::Malformed {
        what: "hpke-v1 recipient public key",
        reason: "not a valid public key for its KEM".into(),
    })?;
    let enc_start = out.len();
    let enc_end = enc_start + <K::EncappedKey as Serializable>::size();
    out.resize(enc_end, 0);
    out.extend_from_slice(plaintext);
    let body = out.get_mut(enc_end..).unwrap_or_default();
    let mut rng = rng;
    let (enc, tag) = hpke::single_shot_seal_inout_detached_with_rng::<A, HkdfSha256, K>(
        &OpModeS::Base,
        &pk,
        info,
        body.into(),
        &[],
        &mut rng,
    )
    .map_err(seal_error)?;
    if let Some(slot) = out.get_mut(enc_start..enc_end) {
        enc.write_exact(slot);
    }
    out.extend_from_slice(&tag.to_bytes());
    Ok(())
}

fn seal_error(e: HpkeError) -> Error {
    match e {
        HpkeError::EncapError => Error::Malformed {
            what: "hpke-v1 recipient public key",
            reason: "key agreement with it failed (a point of small order?)".into(),
        },
        // Nothing else about a single-shot seal with a valid key depends on the input.
        _ => Error::Internal {
            what: "hpke-v1 sealing",
        },
    }
}

fn open_typed<K: HpkeKem, A: HpkeAead>(
    secret: &[u8],
    enc: &[u8],
    info: &[u8],
    ct: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let sk = K::PrivateKey::from_bytes(secret).map_err(|_| Error::DecryptionFailed)?;
    let enc = K::EncappedKey::from_bytes(enc).map_err(|_| Error::Malformed {
        what: "hpke-v1 ciphertext",
        reason: "the encapsulated key is not valid for its KEM".into(),
    })?;
    let ct_len = ct
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(Error::DecryptionFailed)?;
    let (ct, tag) = ct.split_at_checked(ct_len).ok_or(Error::DecryptionFailed)?;
    let tag = AeadTag::<A>::from_bytes(tag).map_err(|_| Error::DecryptionFailed)?;
    let mut out = Zeroizing::new(ct.to_vec());
    hpke::single_shot_open_inout_detached::<A, HkdfSha256, K>(
        &OpModeR::Base,
        &sk,
        &enc,
        info,
        out.as_mut_slice().into(),
        &[],
        &tag,
    )
    .map_err(|_| Error::DecryptionFailed)?;
    Ok(out)
}
