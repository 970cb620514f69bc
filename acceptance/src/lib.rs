//! Test-only crate: keyport's imported secp256k1 and stark shares driving real threshold-ECDSA
//! signings with LFDT-Lockness's `cggmp21` 0.6 (the tests are in `tests/`).
//!
//! A separate workspace member so that `cargo test -p keyport` loops never build `cggmp21`'s
//! dependency tree: GMP from C source (via `rug`, LGPL-3.0+), Paillier ZK proofs, a second
//! `generic-ec`/`key-share` generation (0.4/0.6, beside the 0.5/0.7 that keyport's own
//! `acceptance_key_share` test uses) and `starknet-crypto`. It is never published.
//!
//! What lives here is the plumbing every CGGMP test shares, written once and generic over the
//! curve ([`CggmpCurve`]):
//! - [`key_shares`]: a keyport import's stored shares (bytes only, as [`Imported`] carries them)
//!   as `cggmp21` key shares, completed with auxiliary data from the committed fixture;
//! - [`aux_infos`]: that auxiliary data, rebuilt from the fixture's pregenerated primes with the
//!   crate's own trusted-dealer aux builder (no prime generation at test time);
//! - [`sign`]: a full (3+1)-round CGGMP21 signing by a chosen signer set, every party simulated
//!   in process by `round-based`'s simulator.
//!
//! Index conventions: keyport's share at x = k is `cggmp21` party `i = k - 1` with `I[i] = k`
//! (the same as keyport's `acceptance_key_share` test); a signing set is given as keygen
//! indices.
#![forbid(unsafe_code)]

#[path = "../../tests/acceptance_util/mod.rs"]
mod acceptance_util;

pub use acceptance_util::{
    Imported, Party, Rng06, bytes32, import_master_via_signers, import_via_signers, rng,
};

use cggmp21::generic_ec::{self, NonZero, Point, Scalar, SecretScalar};
use cggmp21::key_share::{
    AuxInfo, DirtyIncompleteKeyShare, DirtyKeyInfo, KeyShare, Validate, VssSetup,
};
use cggmp21::supported_curves::{Secp256k1, Stark};
use cggmp21::{DataToSign, ExecutionId, PregeneratedPrimes, Signature};

/// How many signers the fixture has primes for (the tests' n).
pub const FIXTURE_SIGNERS: u16 = 5;

/// The ChaCha20 seed `examples/generate_cggmp_primes.rs` draws the fixture's primes from.
pub const FIXTURE_SEED: u64 = 0x6767_6d70_2021;

/// The committed fixture: one pair of 1536-bit safe primes per signer (public test
/// parameters; see `tests/fixtures/cggmp/README.md`).
const PRIMES_JSON: &str = include_str!("../../tests/fixtures/cggmp/primes.json");

/// The fixture's pregenerated primes, one pair per signer in index order.
pub fn fixture_primes() -> Vec<PregeneratedPrimes> {
    let primes: Vec<PregeneratedPrimes> =
        serde_json::from_str(PRIMES_JSON).expect("tests/fixtures/cggmp/primes.json parses");
    assert_eq!(primes.len(), usize::from(FIXTURE_SIGNERS));
    primes
}

/// Every signer's auxiliary data (its Paillier key, everyone's Paillier moduli and
/// ring-Pedersen parameters), built from the fixture's primes by `cggmp21`'s trusted-dealer
/// aux builder. Deterministic for a given `seed`.
pub fn aux_infos(seed: u64) -> Vec<AuxInfo> {
    let primes = fixture_primes().into_iter().map(|p| p.split()).collect();
    cggmp21::trusted_dealer::generate_aux_data_with_primes(
        &mut Rng06::seeded(seed),
        primes,
        false,
        true,
    )
    .expect("aux data from the fixture primes")
}

/// A curve keyport imports to and `cggmp21` signs on, with everything a test needs to check
/// the signature *independently* of `cggmp21`.
pub trait CggmpCurve: generic_ec::Curve {
    /// keyport's own type for the curve.
    type Keyport: keyport::hazmat::curve::Curve;
    /// A name for test messages.
    const NAME: &'static str;
    /// The HD derivation `cggmp21` uses for a child key on this curve.
    type Hd: cggmp21::hd_wallet::HdWallet<Self>;
    /// What the signers sign for `message`: the digest this curve's ecosystem signs.
    fn data_to_sign(message: &[u8]) -> DataToSign<Self>;
    /// Verify `signature` (`r || s`) on `message` under `public_key` (keyport's compressed
    /// encoding) with a library other than `cggmp21`, hashing as this curve's ecosystem does.
    fn verify_independently(
        public_key: &[u8],
        message: &[u8],
        signature: &[u8; 64],
    ) -> Result<(), String>;
}

/// secp256k1: the signers sign `SHA-256(message)` reduced mod n (`DataToSign::digest`), which
/// is what `k256`'s `Verifier::verify` checks for the same message.
impl CggmpCurve for Secp256k1 {
    type Keyport = keyport::hazmat::curve::Secp256k1;
    const NAME: &'static str = "secp256k1";
    /// SLIP-10, which on secp256k1 is BIP-32's non-hardened CKD.
    type Hd = cggmp21::hd_wallet::Slip10;
    fn data_to_sign(message: &[u8]) -> DataToSign<Self> {
        DataToSign::digest::<sha2_010::Sha256>(message)
    }

    /// `k256`'s ECDSA, twice: `Verifier::verify` (which hashes the message with SHA-256
    /// itself) and `verify_prehash` on the SHA-256 digest computed here. `k256` also rejects
    /// a high `s`, so this pins `cggmp21`'s low-s normalisation.
    fn verify_independently(
        public_key: &[u8],
        message: &[u8],
        signature: &[u8; 64],
    ) -> Result<(), String> {
        use k256::ecdsa::signature::Verifier;
        use k256::ecdsa::signature::hazmat::PrehashVerifier;
        use sha2_010::Digest;
        let key = k256::ecdsa::VerifyingKey::from_sec1_bytes(public_key)
            .map_err(|e| format!("public key: {e}"))?;
        let signature =
            k256::ecdsa::Signature::from_slice(signature).map_err(|e| format!("signature: {e}"))?;
        key.verify(message, &signature)
            .map_err(|e| format!("verify: {e}"))?;
        key.verify_prehash(&sha2_010::Sha256::digest(message), &signature)
            .map_err(|e| format!("verify_prehash: {e}"))
    }
}

/// stark: the signers sign the StarkNet message hash (see [`starknet_message_hash`]) as a
/// scalar; it is below 2^251 < n, so the scalar is the hash itself.
impl CggmpCurve for Stark {
    type Keyport = keyport::hazmat::curve::Stark;
    const NAME: &'static str = "stark";
    /// `hd-wallet`'s stark derivation (not exercised: keyport's master keys are secp256k1).
    type Hd = cggmp21::hd_wallet::Stark;
    fn data_to_sign(message: &[u8]) -> DataToSign<Self> {
        let hash = starknet_message_hash(message).to_bytes_be();
        DataToSign::from_scalar(
            Scalar::<Stark>::from_be_bytes(hash).expect("a StarkNet hash is below the order"),
        )
    }

    /// `starknet-crypto`'s ECDSA check (StarkNet's own: public key as its x coordinate, the
    /// message hash, `r` and `s` as field elements below 2^251), on [`starknet_message_hash`].
    fn verify_independently(
        public_key: &[u8],
        message: &[u8],
        signature: &[u8; 64],
    ) -> Result<(), String> {
        use starknet_crypto::Felt;
        let x = Felt::from_bytes_be_slice(public_key.get(1..).ok_or("empty public key")?);
        let r = Felt::from_bytes_be_slice(&signature[..32]);
        let s = Felt::from_bytes_be_slice(&signature[32..]);
        match starknet_crypto::verify(&x, &starknet_message_hash(message), &r, &s) {
            Ok(true) => Ok(()),
            Ok(false) => Err("verify: signature does not match".into()),
            Err(e) => Err(format!("verify: {e}")),
        }
    }
}

/// A byte message hashed as StarkNet hashes a list of field elements: the message split into
/// 31-byte big-endian words (each below the field prime), followed by its length in bytes,
/// hashed with `poseidon_hash_many` (the hash of StarkNet's v3 transactions and SNIP-12 typed
/// data). Panics if the hash is not a valid ECDSA message (>= 2^251: probability ~2^-55; the
/// test messages are fixed).
pub fn starknet_message_hash(message: &[u8]) -> starknet_crypto::Felt {
    use starknet_crypto::Felt;
    let mut words: Vec<Felt> = message.chunks(31).map(Felt::from_bytes_be_slice).collect();
    words.push(Felt::from(message.len() as u64));
    let hash = starknet_crypto::poseidon_hash_many(&words);
    assert!(hash.bits() <= 251, "StarkNet message hash above 2^251");
    hash
}

fn point<E: generic_ec::Curve>(bytes: &[u8]) -> NonZero<Point<E>> {
    NonZero::from_point(Point::from_bytes(bytes).expect("a valid point")).expect("not the identity")
}

/// The imported shares as `cggmp21` incomplete (core) key shares, before validation: party
/// `k - 1` holds keyport's share at x = k; the VSS setup is `t` and `I = [1..=n]`. A
/// `chain_code` makes the key HD-capable (`(public key, chain code)` is then the master xpub).
pub fn dirty_core_shares<E: CggmpCurve>(
    imported: &Imported,
    threshold: u16,
    chain_code: Option<[u8; 32]>,
) -> Vec<DirtyIncompleteKeyShare<E>> {
    let key_info = DirtyKeyInfo {
        curve: Default::default(),
        shared_public_key: point::<E>(&imported.public_key),
        public_shares: imported
            .parties
            .iter()
            .map(|p| point::<E>(&p.public_share))
            .collect(),
        vss_setup: Some(VssSetup {
            min_signers: threshold,
            I: imported
                .parties
                .iter()
                .map(|p| NonZero::from_scalar(Scalar::from(p.index)).expect("x >= 1"))
                .collect(),
        }),
        chain_code,
    };
    imported
        .parties
        .iter()
        .enumerate()
        .map(|(i, party)| DirtyIncompleteKeyShare {
            i: u16::try_from(i).expect("n fits u16"),
            key_info: key_info.clone(),
            x: NonZero::from_secret_scalar(
                SecretScalar::from_be_bytes(&party.share_be[..]).expect("a canonical share"),
            )
            .expect("a non-zero share"),
        })
        .collect()
}

/// The imported shares as complete `cggmp21` key shares: validated by the crate (each party's
/// secret share against its public share, the public shares against the key), then joined
/// with the party's auxiliary data (validated against each other too).
pub fn key_shares<E: CggmpCurve>(
    imported: &Imported,
    threshold: u16,
    chain_code: Option<[u8; 32]>,
    aux: &[AuxInfo],
) -> Vec<KeyShare<E>> {
    assert_eq!(imported.parties.len(), aux.len());
    dirty_core_shares::<E>(imported, threshold, chain_code)
        .into_iter()
        .zip(aux)
        .map(|(core, aux)| {
            let i = core.i;
            let core = core
                .validate()
                .unwrap_or_else(|e| panic!("party {i}: {:?}", e.into_error()));
            KeyShare::from_parts((core, aux.clone()))
                .unwrap_or_else(|e| panic!("party {i}: {:?}", e.into_error()))
        })
        .collect()
}

/// Why a simulated signing produced no signature.
#[derive(Debug)]
pub enum SignFailure {
    /// The signing could not run: no such signers, or the simulation itself broke (a party
    /// stalled or sent to nobody).
    Simulation(String),
    /// A party's protocol aborted, with `cggmp21`'s error.
    Protocol(String),
    /// The parties disagreed on the signature.
    Disagreement,
}

/// One full CGGMP21 signing of `data` by the parties at keygen indices `signers` (0-based;
/// exactly `t` of them), each party run in process by `round-based`'s simulator with its own
/// seeded RNG. `path`: a non-hardened BIP-32 path to sign with the child key at (the key must
/// be HD-capable); empty for the key itself. Every party must output the same signature.
pub fn sign<E: CggmpCurve>(
    shares: &[KeyShare<E>],
    signers: &[u16],
    data: DataToSign<E>,
    path: &[u32],
    seed: u64,
) -> Result<Signature<E>, SignFailure>
where
    Point<E>: generic_ec::coords::HasAffineX<E>,
{
    if signers.is_empty() || signers.iter().any(|&k| usize::from(k) >= shares.len()) {
        return Err(SignFailure::Simulation(format!(
            "signers {signers:?} not among the {} key shares",
            shares.len()
        )));
    }
    let eid_bytes = seed.to_be_bytes();
    let setups = signers.iter().map(|&k| {
        (
            &shares[usize::from(k)],
            Rng06::seeded(seed.wrapping_add(u64::from(k))),
        )
    });
    let outputs = round_based::sim::run_with_setup(setups, |i, party, (share, mut rng)| {
        let eid = ExecutionId::new(&eid_bytes);
        async move {
            let mut builder = cggmp21::signing(eid, i, signers, share);
            if !path.is_empty() {
                builder = builder
                    .set_derivation_path_with_algo::<E::Hd, _>(path.iter().copied())
                    .map_err(|e| format!("derivation path: {e:?}"))?;
            }
            builder
                .sign(&mut rng, party, data)
                .await
                .map_err(|e| format!("{e:?}"))
        }
    })
    .map_err(|e| SignFailure::Simulation(format!("{e:?}")))?;
    let mut signatures = Vec::new();
    for output in outputs.into_vec() {
        signatures.push(output.map_err(SignFailure::Protocol)?);
    }
    let first = signatures[0];
    if signatures.iter().any(|s| s.r != first.r || s.s != first.s) {
        return Err(SignFailure::Disagreement);
    }
    Ok(first)
}

/// The signature as 64 bytes, `r || s`, each 32-byte big-endian.
pub fn signature_bytes<E: CggmpCurve>(signature: &Signature<E>) -> [u8; 64] {
    let mut out = [0u8; 64];
    signature.write_to_slice(&mut out);
    out
}
