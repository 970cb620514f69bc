//! Regenerates the envelope test vectors of SPEC.md from seeded RNGs and checks that they
//! appear there verbatim, so the spec cannot drift from the code.
//!
//! After a deliberate format change, run
//! `cargo test --test envelope_spec_vectors -- --nocapture` and paste the printed blocks.

use std::convert::Infallible;

use keyport::hazmat::envelope::dfns_v1::{self, DfnsV1SecretKey};
use keyport::hazmat::envelope::hpke::{self as hpke_v1, HpkeSecretKey, Kem};
use keyport::hazmat::envelope::{Context, RecipientKey};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng, TryCryptoRng, TryRng};

const SPEC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md"));

const PLAINTEXT: &[u8] = b"keyport envelope test vector";

/// A seeded RNG that records what it hands out (to publish the encapsulation randomness).
struct Recording {
    inner: ChaCha20Rng,
    taken: Vec<u8>,
}

impl TryRng for Recording {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.inner.fill_bytes(dst);
        self.taken.extend_from_slice(dst);
        Ok(())
    }
}

impl TryCryptoRng for Recording {}

/// The dealing of SPEC.md §7.3 (seed 2026, 2-of-3 on secp256k1, no chain code): its share 1
/// payload is the plaintext, and its dealing digest is what the import context binds, exactly
/// as a production import seals share 1 for the signer `a1b2…90`.
fn dealing() -> (Vec<u8>, [u8; 32]) {
    use keyport::hazmat::SecretScalar;
    use keyport::hazmat::curve::Secp256k1;
    use keyport::hazmat::payload::hpke_v1 as payload;
    let mut rng = ChaCha20Rng::seed_from_u64(2026);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let dealing = keyport::hazmat::sharing::split(&key, 2, 3, &mut rng).unwrap();
    let commitments = payload::encode_commitments(&dealing.commitments()).unwrap();
    let plaintext = payload::encode(
        &dealing.shares()[0],
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        None,
    )
    .unwrap();
    let digest = payload::dealing_digest::<Secp256k1>(
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        None,
    )
    .unwrap();
    (plaintext.to_vec(), digest)
}

fn context() -> Context {
    Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        hex::decode("a1b2c3d4e5f60718293a4b5c6d7e8f90").unwrap(),
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        dealing().1.to_vec(),
    )
}

fn hpke_block(kem: Kem, name: &str, seed: u64) -> String {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let (sk, config) = HpkeSecretKey::generate(kem, &mut rng);
    let recipient = RecipientKey::HpkeV1(config.clone());
    let ctx = context();
    let mut recording = Recording {
        inner: rng,
        taken: Vec::new(),
    };
    let plaintext = dealing().0;
    let ct = hpke_v1::seal(&config, &ctx, &plaintext, &mut recording).unwrap();
    assert_eq!(&hpke_v1::open(&sk, &ctx, &ct).unwrap()[..], &plaintext[..]);
    let header: [u8; 7] = ct[1..8].try_into().unwrap();
    format!(
        "hpke-v1 {name} (ChaCha20Rng seed {seed})\n\
         recipient_key = {}\n\
         secret_key    = {}\n\
         context       = {}\n\
         info          = {}\n\
         plaintext     = {}\n\
         enc_random    = {}\n\
         ciphertext    = {}\n",
        hex::encode(recipient.to_bytes()),
        hex::encode(&sk.to_bytes()[..]),
        hex::encode(ctx.to_bytes().unwrap()),
        hex::encode(hpke_v1::info(&header, &ctx).unwrap()),
        hex::encode(&plaintext),
        hex::encode(&recording.taken),
        hex::encode(&ct),
    )
}

fn dfns_block(seed: u64) -> String {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let sk = DfnsV1SecretKey::generate(&mut rng);
    let pk = sk.public_key();
    let e = DfnsV1SecretKey::generate(&mut rng);
    let e: [u8; 32] = e.to_bytes()[1..].try_into().unwrap();
    let ct = dfns_v1::seal_with_ephemeral(&pk, PLAINTEXT, b"", &e).unwrap();
    assert_eq!(&dfns_v1::open(&sk, &ct, b"").unwrap()[..], PLAINTEXT);
    format!(
        "dfns-v1 (ChaCha20Rng seed {seed})\n\
         encryption_key   = {}\n\
         decryption_key   = {}\n\
         aad              = (empty)\n\
         plaintext        = {}\n\
         ephemeral_secret = {}\n\
         ciphertext       = {}\n",
        hex::encode(pk.to_bytes()),
        hex::encode(&sk.to_bytes()[..]),
        hex::encode(PLAINTEXT),
        hex::encode(e),
        hex::encode(&ct),
    )
}

fn check(block: &str) {
    println!("```text\n{block}```\n");
    assert!(
        SPEC.contains(block),
        "SPEC.md lacks this block (regenerate it):\n{block}"
    );
}

#[test]
fn hpke_v1_x25519_vector_is_in_the_spec() {
    check(&hpke_block(
        Kem::X25519HkdfSha256,
        "DHKEM(X25519, HKDF-SHA256)",
        1,
    ));
}

#[test]
fn hpke_v1_p256_vector_is_in_the_spec() {
    check(&hpke_block(
        Kem::P256HkdfSha256,
        "DHKEM(P-256, HKDF-SHA256)",
        2,
    ));
}

#[test]
fn hpke_v1_xwing_vector_is_in_the_spec() {
    check(&hpke_block(Kem::XWing, "X-Wing", 3));
}

#[test]
fn dfns_v1_vector_is_in_the_spec() {
    check(&dfns_block(4));
}
