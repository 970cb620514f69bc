//! Protocol acceptance: keyport's secp256k1 shares drive a real FROST(secp256k1, SHA-256, TR)
//! signing whose output is a plain BIP-340 Schnorr signature.
//!
//! The body is shared with the other FROST suites (`acceptance_util/frost.rs`): a secp256k1
//! key goes through keyport's real import (FROST_BITCOIN, t = 3 of 5, both envelopes), the
//! stored shares are loaded into `frost-secp256k1-tr` as bytes only, two signer sets (one not
//! the first three) sign, and the 64-byte result must verify with `k256`'s BIP-340 verifier
//! (`verify_raw`: BIP-340 signs the message itself, not a hash of it) under the *untweaked*
//! x-only public key of the original secret.
//!
//! Byte conventions at the boundary: `SigningShare` is a 32-byte big-endian scalar (keyport's
//! own encoding); `VerifyingShare` and `VerifyingKey` are 33-byte SEC1 compressed points
//! (x-only keys are not accepted).
//!
//! Odd y: about half of all keys have an odd-y public key, which BIP-340 cannot express (an
//! x-only key always means the even-y point). keyport deals such a key as it is (no negation
//! by the dealer) and passes the `03…` key to FROST; `frost-secp256k1-tr` negates the shares,
//! verifying shares and group key internally before signing, and the signature verifies under
//! the x-only key of the original secret. `odd_y_group_key_needs_no_negation_by_the_dealer`
//! pins this.

mod acceptance_util;
#[path = "acceptance_util/frost.rs"]
mod frost_body;

use acceptance_util::bytes32;
use frost_body::{FrostSuite, signs_as_the_original_key};
use frost_secp256k1_tr::Secp256K1Sha256TR;
use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::{PointForm, Secp256k1};
use keyport::{ImportKey, Protocol};
use zeroize::Zeroizing;

const MESSAGE: &[u8] = b"keyport protocol acceptance: frost-secp256k1-tr";

/// SEC1 tags of a compressed point.
const EVEN_Y: u8 = 0x02;
const ODD_Y: u8 = 0x03;

impl FrostSuite for Secp256K1Sha256TR {
    type Curve = Secp256k1;
    const PROTOCOL: Protocol = Protocol::FrostBitcoin;

    fn signing_share_bytes(share_be: &[u8; 32]) -> Vec<u8> {
        share_be.to_vec()
    }

    /// BIP-340 under the x-only key (the compressed key without its parity byte).
    fn verify_independently(
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), String> {
        let x_only: &[u8; 32] = public_key[1..].try_into().map_err(|_| "not 33 bytes")?;
        let key =
            k256::schnorr::VerifyingKey::from_bytes(x_only.into()).map_err(|e| e.to_string())?;
        let signature =
            k256::schnorr::Signature::from_slice(signature).map_err(|e| e.to_string())?;
        key.verify_raw(message, &signature)
            .map_err(|e| e.to_string())
    }
}

/// The first secret (drawn from seeds `first_seed..`) whose compressed public key has `tag`.
/// Returns the secret's 32 big-endian bytes.
fn secret_with_tag(tag: u8, first_seed: u64) -> [u8; 32] {
    (first_seed..first_seed + 64)
        .map(bytes32)
        .find(|b| {
            let secret = SecretScalar::<Secp256k1>::from_be_bytes(b).unwrap();
            secret.public_key_bytes(PointForm::Compressed).unwrap()[0] == tag
        })
        .expect("a key with each y parity within 64 tries")
}

/// The key to import and its compressed public key. The x-only key `k256` (not keyport)
/// derives from the secret must be the x coordinate of that key, whatever its parity.
fn key_and_public(secret_be: &[u8; 32]) -> (ImportKey, Vec<u8>) {
    let compressed = SecretScalar::<Secp256k1>::from_be_bytes(secret_be)
        .unwrap()
        .public_key_bytes(PointForm::Compressed)
        .unwrap();
    let bip340_key = *k256::schnorr::SigningKey::from_slice(secret_be)
        .unwrap()
        .verifying_key();
    assert_eq!(bip340_key.to_bytes().as_slice(), &compressed[1..]);
    (ImportKey::Scalar(Zeroizing::new(*secret_be)), compressed)
}

#[test]
fn even_y_group_key_signs_as_bip340() {
    let (key, public) = key_and_public(&secret_with_tag(EVEN_Y, 0x5ec0));
    assert_eq!(public[0], EVEN_Y);
    signs_as_the_original_key::<Secp256K1Sha256TR>(&key, &public, &[MESSAGE], 400);
}

/// keyport shares an odd-y key exactly as it is (the signers hold the `03…` key); the FROST
/// library still produces a BIP-340 signature valid under the (even-y) x-only key.
#[test]
fn odd_y_group_key_needs_no_negation_by_the_dealer() {
    let (key, public) = key_and_public(&secret_with_tag(ODD_Y, 0x5ec0));
    assert_eq!(public[0], ODD_Y);
    signs_as_the_original_key::<Secp256K1Sha256TR>(&key, &public, &[MESSAGE], 500);
}

/// For both parities of the group key (the odd case runs through the library's internal
/// negation).
#[test]
fn wrong_share_is_named_at_aggregation() {
    for (tag, rng_seed) in [(EVEN_Y, 600), (ODD_Y, 700)] {
        let (key, public) = key_and_public(&secret_with_tag(tag, 0x5ec0));
        frost_body::wrong_share_is_named_at_aggregation::<Secp256K1Sha256TR>(
            &key, &public, MESSAGE, rng_seed,
        );
    }
}
