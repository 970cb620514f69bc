//! [`ParsedKey`]: a secret key on a named curve, as keyport shares it.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::address::Addresses;
use super::path::DerivationPath;
use crate::curve::ed25519::seed_to_scalar;
use crate::curve::{Curve, CurveId, Ed25519, check_nonzero_scalar};
use crate::error::Result;
use crate::json::Writer;

/// A parsed secret key: the canonical scalar keyport shares, and what came with it.
///
/// - `secret`: 32 bytes, big-endian, non-zero and below the curve order (checked on
///   construction, so a `ParsedKey` always holds a valid key).
/// - `chain_code`: the BIP-32 chain code when the input was an `xprv` or a secp256k1
///   mnemonic (a master key, whose non-hardened children can be derived from the public
///   key with [`super::derive_public_child`]).
/// - `ed25519_seed`: the RFC 8032 seed when the input was a seed, keypair or SLIP-10
///   derivation. The secret is then `SHA-512(seed)[0..32]`, clamped, read little-endian,
///   reduced mod L and written big-endian.
/// - `derivation_path`: the path from the BIP-39 seed, when the input was a mnemonic (public;
///   shown to the user, since the same words give another key on every path).
///
/// Everything is zeroized on drop, and `Debug` prints `<redacted>` for secret fields.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct ParsedKey {
    #[zeroize(skip)]
    curve: CurveId,
    secret: Zeroizing<[u8; 32]>,
    chain_code: Option<[u8; 32]>,
    ed25519_seed: Option<Zeroizing<[u8; 32]>>,
    #[zeroize(skip)]
    derivation_path: Option<DerivationPath>,
}

impl ParsedKey {
    /// A key from a canonical 32-byte big-endian scalar.
    ///
    /// Zero and values at or above the curve order are errors
    /// ([`crate::Error::ZeroScalar`], [`crate::Error::ScalarOutOfRange`]).
    pub fn from_scalar(curve: CurveId, secret_be: Zeroizing<[u8; 32]>) -> Result<Self> {
        check_nonzero_scalar(curve, &secret_be[..])?;
        Ok(ParsedKey {
            curve,
            secret: secret_be,
            chain_code: None,
            ed25519_seed: None,
            derivation_path: None,
        })
    }

    /// An ed25519 key from its RFC 8032 seed (the seed is kept, the scalar derived).
    pub fn from_ed25519_seed(seed: Zeroizing<[u8; 32]>) -> Result<Self> {
        let scalar = seed_to_scalar(&seed[..])?;
        let scalar_be = Zeroizing::new(Ed25519::scalar_to_be_bytes(&scalar));
        let mut key = ParsedKey::from_scalar(CurveId::Ed25519, scalar_be)?;
        key.ed25519_seed = Some(seed);
        Ok(key)
    }

    /// Attach a BIP-32 chain code (master-key import).
    pub(crate) fn with_chain_code(mut self, chain_code: &[u8; 32]) -> Self {
        self.chain_code = Some(*chain_code);
        self
    }

    /// Record the derivation path the key was derived along (mnemonic input).
    pub(crate) fn with_derivation_path(mut self, path: DerivationPath) -> Self {
        self.derivation_path = Some(path);
        self
    }

    /// The derivation path from the BIP-39 seed, for keys parsed from a mnemonic (the default
    /// path when none was given, so a caller can always show which one was used).
    pub fn derivation_path(&self) -> Option<&DerivationPath> {
        self.derivation_path.as_ref()
    }

    /// The curve the key is on.
    pub fn curve(&self) -> CurveId {
        self.curve
    }

    /// The secret scalar, 32 bytes big-endian (what keyport shares).
    pub fn secret_bytes(&self) -> &[u8; 32] {
        &self.secret
    }

    /// The BIP-32 chain code, for master keys.
    pub fn chain_code(&self) -> Option<&[u8; 32]> {
        self.chain_code.as_ref()
    }

    /// The RFC 8032 seed, when the input had one (ed25519 only).
    pub fn ed25519_seed(&self) -> Option<&[u8; 32]> {
        self.ed25519_seed.as_deref()
    }

    /// The compressed public key: 33 bytes SEC1 on secp256k1 and stark, 32 bytes RFC 8032 on
    /// ed25519.
    pub fn public_key(&self) -> Result<Vec<u8>> {
        crate::with_curve!(self.curve, C => {
            crate::secret::SecretScalar::<C>::from_be_bytes(&self.secret[..])?
                .public_key_bytes(crate::curve::PointForm::Compressed)
        })
    }

    /// What the bindings' `inspectKey` / `inspect_key` return, as JSON text:
    /// `{"curve", "publicKey", "addresses": {name: address, ...}}`, with the addresses that
    /// apply to the curve under [`Addresses::named`]'s names (Bitcoin on mainnet). It holds no
    /// secret.
    pub fn inspect_json(&self) -> Result<String> {
        let addresses = Addresses::from_public_key(self.curve, &self.public_key()?)?;
        let mut w = Writer::new();
        w.begin_object();
        w.key("curve");
        w.string(self.curve.as_str());
        w.key("publicKey");
        w.string(&addresses.public_key);
        w.key("addresses");
        w.begin_object();
        for (name, value) in addresses.named() {
            if let Some(v) = value {
                w.key(name);
                w.string(v);
            }
        }
        w.end_object();
        w.end_object();
        Ok(w.finish())
    }
}

impl fmt::Debug for ParsedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted_if = |present: bool| if present { "<redacted>" } else { "None" };
        f.debug_struct("ParsedKey")
            .field("curve", &self.curve)
            .field("secret", &format_args!("<redacted>"))
            .field(
                "chain_code",
                &format_args!("{}", redacted_if(self.chain_code.is_some())),
            )
            .field(
                "ed25519_seed",
                &format_args!("{}", redacted_if(self.ed25519_seed.is_some())),
            )
            .field("derivation_path", &self.derivation_path)
            .finish()
    }
}
