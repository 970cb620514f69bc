//! SLIP-10 for ed25519: BIP-32-style derivation whose keys are RFC 8032 seeds.
//!
//! Master: `I = HMAC-SHA512("ed25519 seed", seed)`, key `I_L`, chain code `I_R`. Child (hardened
//! only): `I = HMAC-SHA512(c_par, 0x00 || k_par || ser32(i))`, key `I_L`, chain code `I_R`.
//! SLIP-10 defines no non-hardened derivation for ed25519, so a non-hardened step is
//! [`Error::Slip10NonHardened`].

use core::fmt;

use zeroize::Zeroizing;

use super::bip32::{hmac_sha512, split_i};
use super::parsed::ParsedKey;
use super::path::{ChildIndex, DerivationPath};
use crate::error::{Error, Result};

/// A SLIP-10 ed25519 node: an RFC 8032 seed and a chain code. Zeroized on drop.
pub struct Slip10Ed25519Key {
    key: Zeroizing<[u8; 32]>,
    chain_code: Zeroizing<[u8; 32]>,
}

// The key and the chain code are `Zeroizing`.
impl zeroize::ZeroizeOnDrop for Slip10Ed25519Key {}

impl Slip10Ed25519Key {
    /// The master node of a seed (16 to 64 bytes; a BIP-39 seed is 64).
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        if !(16..=64).contains(&seed.len()) {
            return Err(Error::Malformed {
                what: "SLIP-10 seed",
                reason: alloc::format!("must be 16 to 64 bytes, got {}", seed.len()),
            });
        }
        let i = hmac_sha512(b"ed25519 seed", &[seed])?;
        let (key, chain_code) = split_i(&i);
        Ok(Slip10Ed25519Key { key, chain_code })
    }

    /// The hardened child at `child`. `segment` (1-based) is only used in error messages.
    fn ckd(&self, child: ChildIndex, segment: usize) -> Result<Self> {
        if !child.is_hardened() {
            return Err(Error::Slip10NonHardened { segment });
        }
        let i = hmac_sha512(
            &*self.chain_code,
            &[&[0u8], &*self.key, &child.raw().to_be_bytes()],
        )?;
        let (key, chain_code) = split_i(&i);
        Ok(Slip10Ed25519Key { key, chain_code })
    }

    /// The hardened child at `child` ([`Error::Slip10NonHardened`] if it is not hardened).
    pub fn derive_child(&self, child: ChildIndex) -> Result<Self> {
        self.ckd(child, 1)
    }

    /// Derive along a path. Every step must be hardened; a non-hardened one is reported
    /// before any derivation is done.
    pub fn derive_path(&self, path: &DerivationPath) -> Result<Self> {
        if let Some(pos) = path.steps().iter().position(|s| !s.is_hardened()) {
            return Err(Error::Slip10NonHardened { segment: pos + 1 });
        }
        let mut node = Slip10Ed25519Key {
            key: self.key.clone(),
            chain_code: self.chain_code.clone(),
        };
        for (i, step) in path.steps().iter().enumerate() {
            node = node.ckd(*step, i + 1)?;
        }
        Ok(node)
    }

    /// The node's private key: an RFC 8032 seed.
    pub fn seed(&self) -> &[u8; 32] {
        &self.key
    }

    /// The node's chain code.
    pub fn chain_code(&self) -> &[u8; 32] {
        &self.chain_code
    }

    /// The node's key as a [`ParsedKey`] (seed kept, scalar derived; no chain code, since an
    /// ed25519 threshold key has no public derivation).
    pub fn to_parsed_key(&self) -> Result<ParsedKey> {
        ParsedKey::from_ed25519_seed(self.key.clone())
    }
}

impl fmt::Debug for Slip10Ed25519Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slip10Ed25519Key")
            .field("key", &format_args!("<redacted>"))
            .field("chain_code", &format_args!("<redacted>"))
            .finish()
    }
}
