//! The hash functions the key formats are built on, with their outputs as plain arrays.
//!
//! Callers that hash secrets zeroize the outputs themselves; these helpers only wrap the
//! RustCrypto crates so that every module spells a hash the same way.

use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use sha3::Keccak256;

/// SHA-256.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// SHA-256 applied twice (Base58Check checksums).
pub(crate) fn sha256d(data: &[u8]) -> [u8; 32] {
    sha256(&sha256(data))
}

/// RIPEMD-160 of SHA-256 (Bitcoin `hash160`).
pub(crate) fn hash160(data: &[u8]) -> [u8; 20] {
    Ripemd160::digest(sha256(data)).into()
}

/// BIP-340 tagged hash: `SHA-256(SHA-256(tag) || SHA-256(tag) || data)`.
pub(crate) fn tagged_hash(tag: &[u8], data: &[u8]) -> [u8; 32] {
    let tag_hash = sha256(tag);
    let mut h = Sha256::new();
    h.update(tag_hash);
    h.update(tag_hash);
    h.update(data);
    h.finalize().into()
}

/// Keccak-256 (the pre-standard SHA-3 Ethereum uses).
pub(crate) fn keccak256(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}
