//! BIP-32 hierarchical deterministic keys on secp256k1: master keys from seeds, private and
//! public child derivation (CKDpriv, CKDpub), and `xprv` serialization.
//!
//! Hand-written over `hmac` 0.13, `sha2` 0.11 and `k256` 0.14 rather than taken from the
//! `bip32` crate. `bip32` 0.6 does resolve with k256 0.14, but: it leaves the HMAC output
//! (the child tweak I_L) and an early-return decode buffer un-zeroized; its errors are
//! opaque (`Error::Crypto` covers both "key >= n" and "public key data in an xprv"), so
//! they cannot become keyport's typed errors; it accepts any four-letter version prefix
//! and skips BIP-32's "zero depth with non-zero parent fingerprint / index" checks (test
//! vector 5); and keyport needs CKDpub from a bare compressed key and chain code (a
//! threshold key has no xpub), plus the same HMAC chain for SLIP-10. The derivation itself
//! is a dozen lines.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use k256::elliptic_curve::group::Group;
use sha2::Sha512;
use zeroize::{Zeroize, Zeroizing};

use super::base58;
use super::hash::hash160;
use super::network::Network;
use super::parsed::ParsedKey;
use super::path::{ChildIndex, DerivationPath};
use super::public::secp256k1_public_key;
use crate::curve::secp256k1::{compress_affine, decode_affine};
use crate::curve::{Curve, CurveId, PointForm, Secp256k1, check_nonzero_scalar};
use crate::error::{Error, Result};
use crate::secret::SecretScalar;

const WHAT: &str = "extended key";
const SERIALIZED_LEN: usize = 78;
const XPUB_MAINNET: u32 = 0x0488_b21e;
const XPUB_TESTNET: u32 = 0x0435_87cf;

/// HMAC-SHA512 over the concatenation of `parts`, into a zeroizing buffer.
pub(crate) fn hmac_sha512(key: &[u8], parts: &[&[u8]]) -> Result<Zeroizing<[u8; 64]>> {
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(key).map_err(|_| Error::Internal {
        what: "HMAC-SHA512",
    })?;
    for part in parts {
        mac.update(part);
    }
    let mut digest = mac.finalize().into_bytes();
    let mut out = Zeroizing::new([0u8; 64]);
    out.copy_from_slice(&digest);
    digest.as_mut_slice().zeroize();
    Ok(out)
}

/// Split a 64-byte HMAC output into `(I_L, I_R)` zeroizing halves.
pub(crate) fn split_i(i: &[u8; 64]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let mut left = Zeroizing::new([0u8; 32]);
    let mut right = Zeroizing::new([0u8; 32]);
    let (l, r) = i.split_at(32);
    left.copy_from_slice(l);
    right.copy_from_slice(r);
    (left, right)
}

/// `parse256(I_L)` as a secp256k1 scalar, or `None` when `I_L >= n` (BIP-32's invalid case).
fn parse_il(il: &[u8; 32]) -> Option<Zeroizing<k256::Scalar>> {
    Secp256k1::scalar_from_be_bytes(il).ok().map(Zeroizing::new)
}

/// A BIP-32 extended private key (secp256k1). Secrets are zeroized on drop; `Debug` redacts.
pub struct ExtendedPrivateKey {
    secret: Zeroizing<[u8; 32]>,
    chain_code: Zeroizing<[u8; 32]>,
    depth: u8,
    parent_fingerprint: [u8; 4],
    child_number: ChildIndex,
}

// The key and the chain code are `Zeroizing`.
impl zeroize::ZeroizeOnDrop for ExtendedPrivateKey {}

impl ExtendedPrivateKey {
    /// The master key of a BIP-32 seed (16 to 64 bytes; a BIP-39 seed is 64):
    /// `I = HMAC-SHA512("Bitcoin seed", seed)`, key `I_L`, chain code `I_R`.
    pub fn from_seed(seed: &[u8]) -> Result<Self> {
        if !(16..=64).contains(&seed.len()) {
            return Err(Error::Malformed {
                what: "BIP-32 seed",
                reason: alloc::format!("must be 16 to 64 bytes, got {}", seed.len()),
            });
        }
        let i = hmac_sha512(b"Bitcoin seed", &[seed])?;
        let (il, ir) = split_i(&i);
        // BIP-32: "In case parse256(I_L) is 0 or parse256(I_L) >= n, the master key is invalid."
        check_nonzero_scalar(CurveId::Secp256k1, &il[..]).map_err(|_| Error::Malformed {
            what: "BIP-32 seed",
            reason: "gives an invalid master key (probability below 2^-127); use another seed"
                .into(),
        })?;
        Ok(ExtendedPrivateKey {
            secret: il,
            chain_code: ir,
            depth: 0,
            parent_fingerprint: [0; 4],
            child_number: ChildIndex::from_raw(0),
        })
    }

    /// CKDpriv: the child at `child`. `segment` (1-based) is only used in error messages.
    fn ckd_priv(&self, child: ChildIndex, segment: usize) -> Result<Self> {
        let depth = self.depth.checked_add(1).ok_or(Error::InvalidPath {
            reason: "an extended key is at most 255 levels deep",
        })?;
        let parent_public = secp256k1_public_key(&self.secret)?;
        let ser32 = child.raw().to_be_bytes();
        let i = if child.is_hardened() {
            // I = HMAC-SHA512(c_par, 0x00 || ser256(k_par) || ser32(i))
            hmac_sha512(&*self.chain_code, &[&[0u8], &*self.secret, &ser32])?
        } else {
            // I = HMAC-SHA512(c_par, serP(point(k_par)) || ser32(i))
            hmac_sha512(&*self.chain_code, &[&parent_public, &ser32])?
        };
        let (il, ir) = split_i(&i);
        let tweak = parse_il(&il).ok_or(Error::InvalidChildKey { segment })?;
        let parent = SecretScalar::<Secp256k1>::from_be_bytes(&self.secret[..])?;
        // k_i = parse256(I_L) + k_par (mod n); invalid if zero.
        let child_scalar = SecretScalar::<Secp256k1>::new(*tweak + *parent.expose())
            .map_err(|_| Error::InvalidChildKey { segment })?;
        Ok(ExtendedPrivateKey {
            secret: child_scalar.to_be_bytes(),
            chain_code: ir,
            depth,
            parent_fingerprint: fingerprint(&parent_public),
            child_number: child,
        })
    }

    /// CKDpriv for one step.
    pub fn derive_child(&self, child: ChildIndex) -> Result<Self> {
        self.ckd_priv(child, 1)
    }

    /// CKDpriv along a path, applied below this key.
    pub fn derive_path(&self, path: &DerivationPath) -> Result<Self> {
        if usize::from(self.depth) + path.len() > usize::from(u8::MAX) {
            return Err(Error::InvalidPath {
                reason: "an extended key is at most 255 levels deep",
            });
        }
        let mut steps = path.steps().iter().enumerate();
        let Some((_, first)) = steps.next() else {
            return Ok(self.clone_key());
        };
        let mut key = self.ckd_priv(*first, 1)?;
        for (i, step) in steps {
            key = key.ckd_priv(*step, i + 1)?;
        }
        Ok(key)
    }

    fn clone_key(&self) -> Self {
        ExtendedPrivateKey {
            secret: self.secret.clone(),
            chain_code: self.chain_code.clone(),
            depth: self.depth,
            parent_fingerprint: self.parent_fingerprint,
            child_number: self.child_number,
        }
    }

    /// Parse an `xprv` (mainnet) or `tprv` (testnet) string.
    ///
    /// Checks, in order: Base58Check checksum, length (78 bytes), version (an `xpub`/`tpub`
    /// is [`Error::InvalidExtendedKey`]), BIP-32's depth-zero rules, the 0x00 key prefix,
    /// and the key range.
    pub fn from_base58(text: &str) -> Result<(Self, Network)> {
        let data = base58::decode_check(text, WHAT)?;
        let data = base58::fixed::<SERIALIZED_LEN>(&data, WHAT)?;
        let (version, rest) = data.split_at(4);
        let version = u32::from_be_bytes([version[0], version[1], version[2], version[3]]);
        let network = match version {
            v if v == Network::Mainnet.xprv_version() => Network::Mainnet,
            v if v == Network::Testnet.xprv_version() => Network::Testnet,
            XPUB_MAINNET | XPUB_TESTNET => {
                return Err(Error::InvalidExtendedKey {
                    reason: "this is an extended public key (xpub/tpub); the private key (xprv/tprv) is needed",
                });
            }
            other => {
                return Err(Error::UnknownVersion {
                    what: WHAT,
                    version: other,
                    expected: "0x0488ade4 (xprv) or 0x04358394 (tprv)",
                });
            }
        };
        let (&depth, rest) = rest.split_first().ok_or(Error::KeyLength {
            what: WHAT,
            expected: SERIALIZED_LEN,
            actual: 5,
        })?;
        let (fp, rest) = rest.split_at(4);
        let (child, rest) = rest.split_at(4);
        let (chain, key) = rest.split_at(32);
        let parent_fingerprint = [fp[0], fp[1], fp[2], fp[3]];
        let child_number =
            ChildIndex::from_raw(u32::from_be_bytes([child[0], child[1], child[2], child[3]]));
        if depth == 0 && parent_fingerprint != [0; 4] {
            return Err(Error::InvalidExtendedKey {
                reason: "zero depth with a non-zero parent fingerprint",
            });
        }
        if depth == 0 && child_number.raw() != 0 {
            return Err(Error::InvalidExtendedKey {
                reason: "zero depth with a non-zero child index",
            });
        }
        let (&prefix, key) = key.split_first().ok_or(Error::KeyLength {
            what: WHAT,
            expected: SERIALIZED_LEN,
            actual: 45,
        })?;
        if prefix != 0 {
            return Err(Error::InvalidExtendedKey {
                reason: "the key data of a private extended key must start with 0x00",
            });
        }
        let secret = base58::fixed::<32>(key, WHAT)?;
        check_nonzero_scalar(CurveId::Secp256k1, &secret[..])?;
        let chain_code = base58::fixed::<32>(chain, WHAT)?;
        Ok((
            ExtendedPrivateKey {
                secret,
                chain_code,
                depth,
                parent_fingerprint,
                child_number,
            },
            network,
        ))
    }

    /// Serialize as `xprv` (mainnet) or `tprv` (testnet/regtest).
    pub fn to_base58(&self, network: Network) -> Result<Zeroizing<String>> {
        let mut data = Zeroizing::new(Vec::with_capacity(SERIALIZED_LEN));
        data.extend_from_slice(&network.xprv_version().to_be_bytes());
        data.push(self.depth);
        data.extend_from_slice(&self.parent_fingerprint);
        data.extend_from_slice(&self.child_number.raw().to_be_bytes());
        data.extend_from_slice(&*self.chain_code);
        data.push(0);
        data.extend_from_slice(&*self.secret);
        base58::encode_check_secret(&data)
    }

    /// The compressed public key.
    pub fn public_key(&self) -> Result<[u8; 33]> {
        secp256k1_public_key(&self.secret)
    }

    /// The private key, 32 bytes big-endian.
    pub fn secret_bytes(&self) -> &[u8; 32] {
        &self.secret
    }

    /// The chain code.
    pub fn chain_code(&self) -> &[u8; 32] {
        &self.chain_code
    }

    /// Depth in the tree (0 for a master key).
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// The first four bytes of the parent's `hash160(public key)` (zero for a master key).
    pub fn parent_fingerprint(&self) -> [u8; 4] {
        self.parent_fingerprint
    }

    /// The index this key was derived at (zero for a master key).
    pub fn child_number(&self) -> ChildIndex {
        self.child_number
    }

    /// The key as a [`ParsedKey`], chain code included.
    pub fn to_parsed_key(&self) -> Result<ParsedKey> {
        Ok(
            ParsedKey::from_scalar(CurveId::Secp256k1, self.secret.clone())?
                .with_chain_code(&self.chain_code),
        )
    }
}

impl fmt::Debug for ExtendedPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtendedPrivateKey")
            .field("secret", &format_args!("<redacted>"))
            .field("chain_code", &format_args!("<redacted>"))
            .field("depth", &self.depth)
            .field("parent_fingerprint", &self.parent_fingerprint)
            .field("child_number", &self.child_number)
            .finish()
    }
}

/// The BIP-32 fingerprint of a compressed public key: `hash160(K)[0..4]`.
fn fingerprint(public_key: &[u8; 33]) -> [u8; 4] {
    let h = hash160(public_key);
    [h[0], h[1], h[2], h[3]]
}

/// A child public key derived with CKDpub, with what a threshold wallet needs to follow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedPublicKey {
    /// The child public key, compressed.
    pub public_key: [u8; 33],
    /// The child chain code.
    pub chain_code: [u8; 32],
    /// The sum of the `I_L` values along the path (mod n), big-endian: the child private
    /// key is `parent + tweak`, so each signer adds it to its share (shares are linear).
    pub tweak: [u8; 32],
}

/// BIP-32 CKDpub: the non-hardened child at `path` of a public key and chain code.
///
/// This is how a threshold (master) key gets child keys: nobody holds the private key in one
/// piece, so only non-hardened children exist. A hardened step is
/// [`Error::HardenedPublicDerivation`], reported before any work is done.
pub fn derive_public_child(
    public_key: &[u8],
    chain_code: &[u8; 32],
    path: &DerivationPath,
) -> Result<DerivedPublicKey> {
    if let Some(pos) = path.steps().iter().position(|s| s.is_hardened()) {
        return Err(Error::HardenedPublicDerivation { segment: pos + 1 });
    }
    let mut point = k256::ProjectivePoint::from(decode_affine(public_key)?);
    let mut chain = *chain_code;
    let mut tweak = k256::Scalar::ZERO;
    for (i, step) in path.steps().iter().enumerate() {
        let segment = i + 1;
        let ser_p = Secp256k1::encode_point(&point, PointForm::Compressed)?;
        // I = HMAC-SHA512(c_par, serP(K_par) || ser32(i))
        let hmac = hmac_sha512(&chain, &[&ser_p, &step.raw().to_be_bytes()])?;
        let (il, ir) = split_i(&hmac);
        let il = parse_il(&il).ok_or(Error::InvalidChildKey { segment })?;
        // K_i = point(parse256(I_L)) + K_par; invalid if the point at infinity.
        point += Secp256k1::mul_base(&il);
        if bool::from(point.is_identity()) {
            return Err(Error::InvalidChildKey { segment });
        }
        tweak += *il;
        chain = *ir;
    }
    Ok(DerivedPublicKey {
        public_key: compress_affine(&point.to_affine())?,
        chain_code: chain,
        tweak: Secp256k1::scalar_to_be_bytes(&tweak),
    })
}
