//! Protocol acceptance: keyport's secp256k1 and stark shares drive a real threshold-ECDSA
//! signing with LFDT-Lockness's `cggmp21` 0.6 (the (3+1)-round CGGMP21 signing protocol).
//!
//! Each key goes through keyport's real import (`build_import_request` for 5 reference signers,
//! t = 3, both envelopes; each signer opens, verifies and stores its share), the stored shares
//! become `cggmp21` key shares as bytes only (validated by the crate, completed with auxiliary
//! data rebuilt from the committed prime fixture), a signer set that is *not* the first three
//! runs the whole protocol (simulated in process), and the signature must verify with an
//! independent verifier under the public key of the original key:
//! - secp256k1: `k256` ECDSA on the message's SHA-256;
//! - stark: `starknet-crypto`'s ECDSA check on the message hashed as StarkNet does (Poseidon
//!   over 31-byte words); the public key is also checked against `starknet-crypto`'s own
//!   `get_public_key` of the secret.
//!
//! HD: an `xprv` master key is imported (its secret through the signers, its chain code as the
//! key share's public chain code), the signers sign with a non-hardened child derived by
//! `cggmp21`'s HD support (SLIP-10 = BIP-32 on secp256k1), and the signature verifies under
//! keyport's own CKDpub child key (`keyport::keys::derive_public_child`).
//!
//! The body is written once, generic over the curve (`keyport_acceptance::CggmpCurve`).

use std::sync::OnceLock;

use cggmp21::generic_ec::Point;
use cggmp21::generic_ec::coords::HasAffineX;
use cggmp21::key_share::{AuxInfo, KeyShare};
use cggmp21::supported_curves::{Secp256k1, Stark};
use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::PointForm;
use keyport::keys::{KeyFormat, ParseOptions, derive_public_child, parse_key};
use keyport::{EnvelopeKind, ImportKey, Protocol};
use keyport_acceptance::{
    CggmpCurve, SignFailure, aux_infos, import_master_via_signers, key_shares, rng, sign,
    signature_bytes,
};
use zeroize::Zeroizing;

const T: u16 = 3;
const N: u16 = 5;

/// The signing set, as keygen (0-based) indices: keyport's signers at x = 2, 4, 5.
const SIGNERS: [u16; 3] = [1, 3, 4];

/// BIP-32 test vector 1, master key (`m`).
const BIP32_TV1_MASTER: &str = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";

/// The auxiliary data, built once per test binary (it does modular exponentiations with
/// 3072-bit moduli; the same signers' aux data serves every key, as the crate documents).
fn aux() -> &'static [AuxInfo] {
    static AUX: OnceLock<Vec<AuxInfo>> = OnceLock::new();
    AUX.get_or_init(|| aux_infos(0xa0c5))
}

fn message<E: CggmpCurve>() -> Vec<u8> {
    format!("keyport protocol acceptance: cggmp21 on {}", E::NAME).into_bytes()
}

/// Import `secret` (big-endian) for `protocol` through the reference signers (as a BIP-32
/// master key if `chain_code` is given) and make the `cggmp21` key shares from what the
/// signers stored; the signers' group key must be `secret`'s own public key.
fn deal<E: CggmpCurve>(
    secret_be: &[u8; 32],
    protocol: Protocol,
    envelope: EnvelopeKind,
    chain_code: Option<[u8; 32]>,
    seed: u64,
) -> (Vec<u8>, Vec<KeyShare<E>>) {
    let imported = import_master_via_signers::<E::Keyport>(
        &ImportKey::Scalar(Zeroizing::new(*secret_be)),
        chain_code,
        protocol,
        usize::from(T),
        usize::from(N),
        envelope,
        seed,
    );
    // A master key's chain code comes back from the signers' stored shares.
    assert_eq!(imported.chain_code, chain_code);
    let public = SecretScalar::<E::Keyport>::from_be_bytes(secret_be)
        .unwrap()
        .public_key_bytes(PointForm::Compressed)
        .unwrap();
    assert_eq!(imported.public_key, public);
    let shares = key_shares::<E>(&imported, T, imported.chain_code, aux());
    (public, shares)
}

/// Sign with [`SIGNERS`] and check the signature independently (and, not vacuously, that it
/// fails on another message and under another key).
fn signs_and_verifies<E: CggmpCurve>(
    public: &[u8],
    shares: &[KeyShare<E>],
    path: &[u32],
    signing_key: &[u8],
    seed: u64,
) where
    Point<E>: HasAffineX<E>,
{
    let message = message::<E>();
    let signature = sign(shares, &SIGNERS, E::data_to_sign(&message), path, seed)
        .unwrap_or_else(|e| panic!("{}: {e:?}", E::NAME));
    let bytes = signature_bytes(&signature);
    E::verify_independently(signing_key, &message, &bytes)
        .unwrap_or_else(|e| panic!("{} path {path:?}: {e}", E::NAME));
    assert!(E::verify_independently(signing_key, b"another message", &bytes).is_err());
    if !path.is_empty() {
        // A child-key signature is not a signature of the master key.
        assert!(E::verify_independently(public, &message, &bytes).is_err());
    }
}

/// Both envelopes, both ECDSA protocol names keyport imports for (they share one key format).
fn imported_keys_sign<E: CggmpCurve>(seed: u64)
where
    Point<E>: HasAffineX<E>,
{
    let cases = [
        (Protocol::Cggmp21, EnvelopeKind::DfnsV1),
        (Protocol::Cggmp24, EnvelopeKind::HpkeV1),
    ];
    for (k, (protocol, envelope)) in cases.into_iter().enumerate() {
        let case_seed = seed + 10 * k as u64;
        let secret = SecretScalar::<E::Keyport>::random(&mut rng(case_seed)).to_be_bytes();
        let (public, shares) = deal::<E>(&secret, protocol, envelope, None, case_seed + 1);
        signs_and_verifies::<E>(&public, &shares, &[], &public, case_seed + 2);
    }
}

#[test]
fn secp256k1_imported_key_signs() {
    imported_keys_sign::<Secp256k1>(1000);
}

#[test]
fn stark_imported_key_signs() {
    imported_keys_sign::<Stark>(2000);
}

/// The stark key the signers hold is the one StarkNet's own library derives from the secret
/// (x coordinate), so the stark signature above is checked under the real StarkNet key.
#[test]
fn stark_public_key_is_starknets() {
    let secret =
        SecretScalar::<keyport::hazmat::curve::Stark>::random(&mut rng(2100)).to_be_bytes();
    let (public, _) = deal::<Stark>(&secret, Protocol::Cggmp21, EnvelopeKind::DfnsV1, None, 2101);
    let starknet = starknet_crypto::get_public_key(&starknet_crypto::Felt::from_bytes_be(&secret));
    assert_eq!(starknet.to_bytes_be().as_slice(), &public[1..]);
}

/// An `xprv` master key (imported with its chain code: `masterKey`, hpke-v1) signs with its
/// non-hardened child `m/0/7`, derived inside the signing protocol by `cggmp21`'s HD support;
/// the signature verifies under keyport's own CKDpub child key. The master key itself still
/// signs (empty path).
#[test]
fn xprv_master_key_signs_with_a_non_hardened_child() {
    let parsed = parse_key(BIP32_TV1_MASTER, KeyFormat::Auto, &ParseOptions::default()).unwrap();
    let chain_code = *parsed.chain_code().expect("an xprv has a chain code");
    let (public, shares) = deal::<Secp256k1>(
        parsed.secret_bytes(),
        Protocol::Cggmp21,
        EnvelopeKind::HpkeV1,
        Some(chain_code),
        3000,
    );
    let child = derive_public_child(&public, &chain_code, &"m/0/7".parse().unwrap()).unwrap();
    signs_and_verifies::<Secp256k1>(&public, &shares, &[0, 7], &child.public_key, 3001);
    signs_and_verifies::<Secp256k1>(&public, &shares, &[], &public, 3002);
}

/// A hardened step cannot be derived from the shares (nobody holds the key in one piece):
/// `cggmp21` refuses it before any message is sent, as keyport's CKDpub does.
#[test]
fn hardened_child_is_refused() {
    let parsed = parse_key(BIP32_TV1_MASTER, KeyFormat::Auto, &ParseOptions::default()).unwrap();
    let chain_code = *parsed.chain_code().unwrap();
    let (public, shares) = deal::<Secp256k1>(
        parsed.secret_bytes(),
        Protocol::Cggmp21,
        EnvelopeKind::HpkeV1,
        Some(chain_code),
        3100,
    );
    let data = Secp256k1::data_to_sign(b"hardened");
    match sign(&shares, &SIGNERS, data, &[0x8000_0000], 3101) {
        Err(SignFailure::Protocol(e)) => assert!(e.starts_with("derivation path"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(
        derive_public_child(&public, &chain_code, &"m/0'".parse().unwrap()),
        Err(keyport::Error::HardenedPublicDerivation { segment: 1 })
    ));
}

/// CGGMP21 signing takes exactly `t` signers: a set of two is refused, not a bad signature.
#[test]
fn fewer_than_t_signers_are_refused() {
    let secret =
        SecretScalar::<keyport::hazmat::curve::Secp256k1>::random(&mut rng(4000)).to_be_bytes();
    let (_, shares) =
        deal::<Secp256k1>(&secret, Protocol::Cggmp21, EnvelopeKind::DfnsV1, None, 4001);
    let data = Secp256k1::data_to_sign(b"two signers");
    match sign(&shares, &[1, 3], data, &[], 4002) {
        Err(SignFailure::Protocol(e)) => assert!(e.contains("MismatchedAmountOfParties"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
