//! Regenerates the hpke-v1 payload vector of SPEC.md (§7.3) from a seeded RNG and checks that
//! SPEC.md contains it verbatim, so the document cannot drift from the code.

use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::Secp256k1;
use keyport::hazmat::payload::hpke_v1;
use keyport::hazmat::sharing::split;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const SPEC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md"));

fn payload_block() -> String {
    let mut rng = ChaCha20Rng::seed_from_u64(2026);
    let key = SecretScalar::<Secp256k1>::random(&mut rng);
    let dealing = split(&key, 2, 3, &mut rng).unwrap();
    let commitments = hpke_v1::encode_commitments(&dealing.commitments()).unwrap();
    let share = &dealing.shares()[0];
    let plain = hpke_v1::encode(
        share,
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        None,
    )
    .unwrap();
    let master = hpke_v1::encode(
        share,
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        Some(&[0x11; 32]),
    )
    .unwrap();
    // The decoder accepts both and verifies the share against the commitments.
    hpke_v1::decode::<Secp256k1>(&plain).unwrap();
    hpke_v1::decode::<Secp256k1>(&master).unwrap();
    let digest = hpke_v1::dealing_digest::<Secp256k1>(
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        None,
    )
    .unwrap();
    let master_digest = hpke_v1::dealing_digest::<Secp256k1>(
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        Some(&[0x11; 32]),
    )
    .unwrap();
    format!(
        "secret key      = {}\nshare 1 value   = {}\npayload         = {}\npayload (chain code 11..11) = {}\ndealing digest  = {}\ndealing digest (chain code 11..11) = {}\n",
        hex::encode(key.to_be_bytes().as_slice()),
        hex::encode(share.value_be_bytes().as_slice()),
        hex::encode(plain.as_slice()),
        hex::encode(master.as_slice()),
        hex::encode(digest),
        hex::encode(master_digest),
    )
}

#[test]
fn spec_contains_the_payload_vector() {
    let block = payload_block();
    assert!(
        SPEC.contains(&block),
        "SPEC.md lacks this block (regenerate it):\n{block}"
    );
}
