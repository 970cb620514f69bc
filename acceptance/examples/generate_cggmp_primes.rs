//! Generates the CGGMP21 test fixture `tests/fixtures/cggmp/primes.json`: one pair of safe
//! primes (a Paillier key) per signer, made by `cggmp21`'s own
//! `PregeneratedPrimes::generate` at its default security level (128 bits: two 1536-bit safe
//! primes per signer), from a fixed ChaCha20 seed so the output is reproducible.
//!
//! Run once, by hand (it takes minutes): `cargo run -p keyport-acceptance --example
//! generate_cggmp_primes > tests/fixtures/cggmp/primes.json`. CI never runs it.
//!
//! The primes are public test parameters, not secrets of any key: they only make the
//! signers' auxiliary data (Paillier moduli and ring-Pedersen parameters) for the tests.

use keyport_acceptance::{FIXTURE_SEED, FIXTURE_SIGNERS, Rng06};

fn main() {
    let mut rng = Rng06::seeded(FIXTURE_SEED);
    let primes: Vec<cggmp21::PregeneratedPrimes> = (0..FIXTURE_SIGNERS)
        .map(|k| {
            let started = std::time::Instant::now();
            let p = cggmp21::PregeneratedPrimes::generate(&mut rng);
            eprintln!("signer {k}: {:?}", started.elapsed());
            p
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&primes).expect("primes serialise")
    );
}
