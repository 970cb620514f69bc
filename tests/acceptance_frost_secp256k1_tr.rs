//! Protocol acceptance: keyport's secp256k1 shares drive a real FROST(secp256k1, SHA-256, TR)
//! signing whose output is a plain BIP-340 Schnorr signature.
//!
//! A secp256k1 key goes through keyport's real import (FROST_BITCOIN, 5 signers, t = 3, both
//! envelopes): the reference signers open, verify and store their shares, and the stored
//! shares are loaded into the Zcash Foundation `frost-secp256k1-tr` crate as bytes only. Three of the five signers run round 1,
//! round 2 and aggregation; the 64-byte result must verify with `k256`'s BIP-340 verifier
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

use std::collections::BTreeMap;

use acceptance_util::{Rng06, bytes32, import_via_signers};
use frost::keys::{KeyPackage, PublicKeyPackage, SigningShare, VerifyingShare};
use frost::{Identifier, SigningPackage, VerifyingKey};
use frost_secp256k1_tr as frost;
use keyport::SecretScalar;
use keyport::curve::{PointForm, Secp256k1};
use keyport::envelope::EnvelopeKind;
use keyport::import::ImportKey;
use keyport::protocol::Protocol;
use zeroize::Zeroizing;

const T: u16 = 3;
const N: u16 = 5;

const MESSAGE: &[u8] = b"keyport protocol acceptance: frost-secp256k1-tr";

/// Two different 3-subsets of the 5 signers (1-based).
const SUBSETS: [[u16; 3]; 2] = [[1, 2, 3], [2, 4, 5]];

/// SEC1 tags of a compressed point.
const EVEN_Y: u8 = 0x02;
const ODD_Y: u8 = 0x03;

struct Group {
    key_packages: BTreeMap<Identifier, KeyPackage>,
    pubkeys: PublicKeyPackage,
}

fn frost_id(index: u16) -> Identifier {
    Identifier::try_from(index).unwrap()
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

/// Import the key through keyport (request → signers open and verify → stored shares, with
/// protocol FROST_BITCOIN) and build FROST packages from the stored bytes alone.
fn deal(secret_be: &[u8; 32], envelope: EnvelopeKind, rng_seed: u64) -> Group {
    let imported = import_via_signers::<Secp256k1>(
        &ImportKey::Scalar(Zeroizing::new(*secret_be)),
        Protocol::FrostBitcoin,
        usize::from(T),
        usize::from(N),
        envelope,
        rng_seed,
    );
    let group_key = SecretScalar::<Secp256k1>::from_be_bytes(secret_be)
        .unwrap()
        .public_key_bytes(PointForm::Compressed)
        .unwrap();
    // No negation by the dealer: the signers hold exactly the original key, odd y or not.
    assert_eq!(imported.public_key, group_key);

    let verifying_key = VerifyingKey::deserialize(&group_key).unwrap();
    let mut key_packages = BTreeMap::new();
    let mut verifying_shares = BTreeMap::new();
    for party in &imported.parties {
        let id = frost_id(party.index);
        let signing_share = SigningShare::deserialize(&party.share_be[..]).unwrap();
        let verifying_share = VerifyingShare::deserialize(&party.public_share).unwrap();
        key_packages.insert(
            id,
            KeyPackage::new(id, signing_share, verifying_share, verifying_key, T),
        );
        verifying_shares.insert(id, verifying_share);
    }
    Group {
        key_packages,
        pubkeys: PublicKeyPackage::new(verifying_shares, verifying_key, Some(T)),
    }
}

/// One full FROST signing by `signers`; returns the 64-byte BIP-340 signature.
fn sign(
    group: &Group,
    signers: &[u16],
    message: &[u8],
    rng_seed: u64,
) -> Result<[u8; 64], frost::Error> {
    let mut rng = Rng06::seeded(rng_seed);
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for &i in signers {
        let id = frost_id(i);
        let (n, c) = frost::round1::commit(group.key_packages[&id].signing_share(), &mut rng);
        nonces.insert(id, n);
        commitments.insert(id, c);
    }
    let package = SigningPackage::new(commitments, message);
    let mut signature_shares = BTreeMap::new();
    for &i in signers {
        let id = frost_id(i);
        let share = frost::round2::sign(&package, &nonces[&id], &group.key_packages[&id])?;
        signature_shares.insert(id, share);
    }
    let signature = frost::aggregate(&package, &signature_shares, &group.pubkeys)?;
    Ok(signature.serialize()?.try_into().unwrap())
}

/// Sign with both subsets and verify each signature as plain BIP-340 under the x-only key that
/// `k256` (not keyport) derives from the original secret.
fn signs_as_bip340_under_the_original_key(secret_be: &[u8; 32], rng_seed: u64) {
    let bip340_key = *k256::schnorr::SigningKey::from_slice(secret_be)
        .unwrap()
        .verifying_key();
    // The x-only key is the x coordinate of keyport's compressed key, whatever its parity.
    let compressed = SecretScalar::<Secp256k1>::from_be_bytes(secret_be)
        .unwrap()
        .public_key_bytes(PointForm::Compressed)
        .unwrap();
    assert_eq!(bip340_key.to_bytes().as_slice(), &compressed[1..]);

    for envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let group = deal(secret_be, envelope, rng_seed);
        for (k, subset) in SUBSETS.iter().enumerate() {
            let bytes = sign(&group, subset, MESSAGE, rng_seed + 1 + k as u64).unwrap();
            let signature = k256::schnorr::Signature::from_slice(&bytes).unwrap();
            bip340_key
                .verify_raw(MESSAGE, &signature)
                .unwrap_or_else(|e| panic!("{envelope:?} signers {subset:?}: {e}"));
            // Not vacuous: the same signature fails on another message.
            assert!(bip340_key.verify_raw(b"other", &signature).is_err());
        }
    }
}

#[test]
fn even_y_group_key_signs_as_bip340() {
    let secret = secret_with_tag(EVEN_Y, 0x5ec0);
    signs_as_bip340_under_the_original_key(&secret, 400);
}

/// keyport shares an odd-y key exactly as it is; the FROST library takes the `03…` group key
/// and still produces a BIP-340 signature valid under the (even-y) x-only key.
#[test]
fn odd_y_group_key_needs_no_negation_by_the_dealer() {
    let secret = secret_with_tag(ODD_Y, 0x5ec0);
    signs_as_bip340_under_the_original_key(&secret, 500);
}

/// A signer holding a wrong share (signer 2 was handed signer 4's share) is named at
/// aggregation, for both parities of the group key (the odd case runs through the library's
/// internal negation).
#[test]
fn wrong_share_is_named_at_aggregation() {
    for (tag, rng_seed) in [(EVEN_Y, 600), (ODD_Y, 700)] {
        let secret = secret_with_tag(tag, 0x5ec0);
        let mut group = deal(&secret, EnvelopeKind::HpkeV1, rng_seed);
        sign(&group, &[1, 2, 3], MESSAGE, rng_seed + 1).unwrap();

        let (victim, source) = (frost_id(2), frost_id(4));
        let honest = group.key_packages[&victim].clone();
        group.key_packages.insert(
            victim,
            KeyPackage::new(
                victim,
                *group.key_packages[&source].signing_share(),
                *honest.verifying_share(),
                *honest.verifying_key(),
                T,
            ),
        );
        match sign(&group, &[1, 2, 3], MESSAGE, rng_seed + 1) {
            Err(frost::Error::InvalidSignatureShare { culprits }) => {
                assert_eq!(culprits, vec![victim], "parity tag {tag:#04x}");
            }
            other => panic!("expected InvalidSignatureShare naming signer 2, got {other:?}"),
        }
        sign(&group, &[1, 3, 5], MESSAGE, rng_seed + 2).unwrap();
    }
}
