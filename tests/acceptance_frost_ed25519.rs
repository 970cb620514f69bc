//! Protocol acceptance: keyport's ed25519 shares drive a real FROST(Ed25519, SHA-512) signing.
//!
//! An RFC 8032 seed goes through keyport's real import: `build_import_request` for 5 signers
//! with t = 3 (both envelopes), each reference signer opens and verifies its share and stores
//! it, and the stored shares are loaded into the Zcash Foundation `frost-ed25519` crate as
//! bytes only (no keyport type crosses over). Three of the five signers run round 1, round 2 and
//! aggregation, and the signature must verify with `ed25519-dalek` under the public key RFC 8032
//! derives from the *original seed*: a FROST signer set holding keyport shares is
//! indistinguishable from the single-key wallet it replaced.
//!
//! Byte conventions at the boundary:
//! - `SigningShare`: 32-byte little-endian scalar (keyport writes big-endian, so we reverse);
//! - `VerifyingShare`: the 32-byte RFC 8032 encoding of `G·share`;
//! - `VerifyingKey`: the RFC 8032 public key of the seed.

mod acceptance_util;

use std::collections::BTreeMap;

use acceptance_util::{Rng06, bytes32, import_via_signers};
use ed25519_dalek::{Signature as DalekSignature, SigningKey as DalekSigningKey};
use frost::keys::{KeyPackage, PublicKeyPackage, SigningShare, VerifyingShare};
use frost::{Identifier, SigningPackage, VerifyingKey};
use frost_ed25519 as frost;
use keyport::curve::Ed25519;
use keyport::envelope::EnvelopeKind;
use keyport::import::ImportKey;
use keyport::protocol::Protocol;
use zeroize::Zeroizing;

const T: u16 = 3;
const N: u16 = 5;

/// RFC 8032 §7.1 TEST 1: secret key (the seed) and public key.
const RFC8032_TEST1_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_TEST1_PUBLIC: &str =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

/// TEST 1 signs the empty message; we sign that and a non-empty one.
const MESSAGES: [&[u8]; 2] = [b"", b"keyport protocol acceptance: frost-ed25519"];

/// Two different 3-subsets of the 5 signers (1-based, as keyport and FROST number them).
const SUBSETS: [[u16; 3]; 2] = [[1, 2, 3], [2, 4, 5]];

/// Every signer's FROST key package plus the group's public package.
struct Group {
    key_packages: BTreeMap<Identifier, KeyPackage>,
    pubkeys: PublicKeyPackage,
}

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}

fn frost_id(index: u16) -> Identifier {
    Identifier::try_from(index).unwrap()
}

/// keyport's big-endian share value as the little-endian bytes FROST-Ed25519 wants.
fn signing_share(share_be: &[u8; 32]) -> SigningShare {
    let mut le = *share_be;
    le.reverse();
    SigningShare::deserialize(&le).unwrap()
}

/// Import the seed through keyport (request → signers open and verify → stored shares) and
/// build FROST packages from the stored bytes alone. `rfc8032_public` is the seed's public key
/// as an independent implementation computes it.
fn deal(
    seed: &[u8; 32],
    rfc8032_public: &[u8; 32],
    envelope: EnvelopeKind,
    rng_seed: u64,
) -> Group {
    let imported = import_via_signers::<Ed25519>(
        &ImportKey::Ed25519Seed(Zeroizing::new(*seed)),
        Protocol::Frost,
        usize::from(T),
        usize::from(N),
        envelope,
        rng_seed,
    );
    // The group key the signers hold must already be the RFC 8032 one.
    assert_eq!(imported.public_key, rfc8032_public);

    let verifying_key = VerifyingKey::deserialize(rfc8032_public).unwrap();
    let mut key_packages = BTreeMap::new();
    let mut verifying_shares = BTreeMap::new();
    for party in &imported.parties {
        let id = frost_id(party.index);
        let verifying_share = VerifyingShare::deserialize(&party.public_share).unwrap();
        key_packages.insert(
            id,
            KeyPackage::new(
                id,
                signing_share(&party.share_be),
                verifying_share,
                verifying_key,
                T,
            ),
        );
        verifying_shares.insert(id, verifying_share);
    }
    assert_eq!(key_packages.len(), usize::from(N));
    Group {
        key_packages,
        pubkeys: PublicKeyPackage::new(verifying_shares, verifying_key, Some(T)),
    }
}

/// One full FROST signing by `signers`: round 1 commitments, round 2 shares, aggregation.
fn sign(
    group: &Group,
    signers: &[u16],
    message: &[u8],
    rng_seed: u64,
) -> Result<frost::Signature, frost::Error> {
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
    frost::aggregate(&package, &signature_shares, &group.pubkeys)
}

/// Sign every message with every subset and check each signature with `ed25519-dalek`
/// (strict verification) under the seed's own RFC 8032 key.
fn signs_as_the_original_seed(seed: &[u8; 32], rfc8032_public: &[u8; 32], rng_seed: u64) {
    let original = DalekSigningKey::from_bytes(seed).verifying_key();
    assert_eq!(&original.to_bytes(), rfc8032_public);
    for envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let group = deal(seed, rfc8032_public, envelope, rng_seed);
        signs_with_every_subset(&group, &original, rng_seed);
    }
}

fn signs_with_every_subset(group: &Group, original: &ed25519_dalek::VerifyingKey, rng_seed: u64) {
    let mut round = rng_seed;
    for subset in SUBSETS {
        for message in MESSAGES {
            round += 1;
            let signature = sign(group, &subset, message, round).unwrap();
            let bytes: [u8; 64] = signature.serialize().unwrap().try_into().unwrap();
            let signature = DalekSignature::from_bytes(&bytes);
            original
                .verify_strict(message, &signature)
                .unwrap_or_else(|e| panic!("signers {subset:?}: {e}"));
            // The check is not vacuous: the same signature fails on another message.
            assert!(original.verify_strict(b"other", &signature).is_err());
        }
    }
}

#[test]
fn rfc8032_test1_seed_signs_with_two_subsets() {
    signs_as_the_original_seed(
        &hex32(RFC8032_TEST1_SEED),
        &hex32(RFC8032_TEST1_PUBLIC),
        100,
    );
}

#[test]
fn random_seeds_sign_with_two_subsets() {
    for k in 0..2u64 {
        let seed = bytes32(0xed25_5190 + k);
        // The RFC 8032 key as computed by ed25519-dalek, not by keyport.
        let public = DalekSigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        signs_as_the_original_seed(&seed, &public, 200 + 10 * k);
    }
}

/// A signer holding a wrong share (here: signer 2 was handed signer 4's share, as a misrouted
/// envelope would) is caught at aggregation and named; no signature comes out.
#[test]
fn wrong_share_is_named_at_aggregation() {
    let seed = hex32(RFC8032_TEST1_SEED);
    let mut group = deal(
        &seed,
        &hex32(RFC8032_TEST1_PUBLIC),
        EnvelopeKind::HpkeV1,
        300,
    );
    // Sanity: these signers sign fine before the corruption.
    sign(&group, &[1, 2, 3], MESSAGES[1], 301).unwrap();

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

    match sign(&group, &[1, 2, 3], MESSAGES[1], 301) {
        Err(frost::Error::InvalidSignatureShare { culprits }) => {
            assert_eq!(culprits, vec![victim]);
        }
        other => panic!("expected InvalidSignatureShare naming signer 2, got {other:?}"),
    }
    // A subset without the bad signer is unaffected.
    sign(&group, &[1, 3, 5], MESSAGES[1], 302).unwrap();
}
