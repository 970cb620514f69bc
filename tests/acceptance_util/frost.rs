//! The FROST acceptance body, written once and generic over the ciphersuite (`frost-core` 3).
//!
//! A key goes through keyport's real import ([`super::import_via_signers`]: request → the
//! reference signers open, verify and store their shares, t = 3 of n = 5), the stored shares
//! are loaded into the Zcash Foundation FROST crate as bytes only (no keyport type crosses
//! over), a signer set runs round 1, round 2 and aggregation, and the signature must verify
//! with an *independent* verifier under the public key of the original key. Each ciphersuite
//! says only what differs ([`FrostSuite`]): keyport's protocol name, the share's byte order and
//! the independent verifier.
#![allow(dead_code)]

use std::collections::BTreeMap;

use frost_core::keys::{KeyPackage, PublicKeyPackage, SigningShare, VerifyingShare};
use frost_core::{Ciphersuite, Error, Identifier, Signature, SigningPackage, VerifyingKey};
use keyport::{EnvelopeKind, ImportKey, Protocol};

use crate::acceptance_util::{Rng06, import_via_signers};

/// Threshold and number of signers of every FROST acceptance import.
pub const T: u16 = 3;
/// See [`T`].
pub const N: u16 = 5;

/// Two different 3-subsets of the 5 signers (1-based, as keyport and FROST number them); the
/// second is not the first three.
pub const SUBSETS: [[u16; 3]; 2] = [[1, 2, 3], [2, 4, 5]];

/// What one ciphersuite's acceptance test must say; everything else is shared.
pub trait FrostSuite: Ciphersuite {
    /// keyport's curve for this ciphersuite.
    type Curve: keyport::hazmat::curve::Curve;
    /// The protocol keyport's import request names.
    const PROTOCOL: Protocol;
    /// keyport's share (32 bytes, big-endian) as the ciphersuite's `SigningShare` encoding.
    fn signing_share_bytes(share_be: &[u8; 32]) -> Vec<u8>;
    /// Verify `signature` (the ciphersuite's serialisation) on `message` under `public_key`
    /// (keyport's compressed encoding of the original key) with a library other than FROST.
    fn verify_independently(
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), String>;
}

/// Every signer's FROST key package plus the group's public package.
pub struct Group<S: Ciphersuite> {
    /// Per signer, by FROST identifier.
    pub key_packages: BTreeMap<Identifier<S>, KeyPackage<S>>,
    /// The group key and every verifying share.
    pub pubkeys: PublicKeyPackage<S>,
}

/// FROST's identifier for keyport's share at x = `index`.
pub fn frost_id<S: Ciphersuite>(index: u16) -> Identifier<S> {
    Identifier::try_from(index).unwrap()
}

/// Import `key` through keyport (t = 3 of 5, `envelope`) and build FROST packages from the
/// stored bytes alone. The group key the signers hold must be `expected_public` (computed by
/// an independent library from the original key).
pub fn deal<S: FrostSuite>(
    key: &ImportKey,
    expected_public: &[u8],
    envelope: EnvelopeKind,
    rng_seed: u64,
) -> Group<S> {
    let imported = import_via_signers::<S::Curve>(
        key,
        S::PROTOCOL,
        usize::from(T),
        usize::from(N),
        envelope,
        rng_seed,
    );
    assert_eq!(imported.public_key, expected_public);

    let verifying_key = VerifyingKey::<S>::deserialize(expected_public).unwrap();
    let mut key_packages = BTreeMap::new();
    let mut verifying_shares = BTreeMap::new();
    for party in &imported.parties {
        let id = frost_id::<S>(party.index);
        let verifying_share = VerifyingShare::<S>::deserialize(&party.public_share).unwrap();
        let signing_share =
            SigningShare::<S>::deserialize(&S::signing_share_bytes(&party.share_be)).unwrap();
        key_packages.insert(
            id,
            KeyPackage::new(id, signing_share, verifying_share, verifying_key, T),
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
pub fn sign<S: FrostSuite>(
    group: &Group<S>,
    signers: &[u16],
    message: &[u8],
    rng_seed: u64,
) -> Result<Signature<S>, Error<S>> {
    let mut rng = Rng06::seeded(rng_seed);
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for &i in signers {
        let id = frost_id::<S>(i);
        let (n, c) = frost_core::round1::commit(group.key_packages[&id].signing_share(), &mut rng);
        nonces.insert(id, n);
        commitments.insert(id, c);
    }
    let package = SigningPackage::new(commitments, message);
    let mut signature_shares = BTreeMap::new();
    for &i in signers {
        let id = frost_id::<S>(i);
        let share = frost_core::round2::sign(&package, &nonces[&id], &group.key_packages[&id])?;
        signature_shares.insert(id, share);
    }
    frost_core::aggregate(&package, &signature_shares, &group.pubkeys)
}

/// Import `key` with both envelopes, sign every message with every subset in [`SUBSETS`], and
/// check each signature with the suite's independent verifier under `expected_public`; the
/// same signature must fail on another message (the check is not vacuous).
pub fn signs_as_the_original_key<S: FrostSuite>(
    key: &ImportKey,
    expected_public: &[u8],
    messages: &[&[u8]],
    rng_seed: u64,
) {
    for envelope in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let group = deal::<S>(key, expected_public, envelope, rng_seed);
        let mut round = rng_seed;
        for subset in SUBSETS {
            for &message in messages {
                round += 1;
                let signature = sign(&group, &subset, message, round).unwrap();
                let bytes = signature.serialize().unwrap();
                S::verify_independently(expected_public, message, &bytes)
                    .unwrap_or_else(|e| panic!("{envelope:?} signers {subset:?}: {e}"));
                assert!(
                    S::verify_independently(expected_public, b"other", &bytes).is_err(),
                    "a signature verified on the wrong message"
                );
            }
        }
    }
}

/// A signer holding a wrong share (signer 2 was handed signer 4's share, as a misrouted
/// envelope would) is named at aggregation and no signature comes out; a subset without it
/// still signs.
pub fn wrong_share_is_named_at_aggregation<S: FrostSuite>(
    key: &ImportKey,
    expected_public: &[u8],
    message: &[u8],
    rng_seed: u64,
) {
    let mut group = deal::<S>(key, expected_public, EnvelopeKind::HpkeV1, rng_seed);
    // Sanity: these signers sign fine before the corruption.
    sign(&group, &[1, 2, 3], message, rng_seed + 1).unwrap();

    let (victim, source) = (frost_id::<S>(2), frost_id::<S>(4));
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
    match sign(&group, &[1, 2, 3], message, rng_seed + 1) {
        Err(Error::InvalidSignatureShare { culprits }) => assert_eq!(culprits, vec![victim]),
        other => panic!("expected InvalidSignatureShare naming signer 2, got {other:?}"),
    }
    sign(&group, &[1, 3, 5], message, rng_seed + 2).unwrap();
}
