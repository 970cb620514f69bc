//! Helpers shared by the protocol-acceptance tests (`tests/acceptance_*.rs`).
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// The seeded RNG keyport's own calls take (rand_core 0.10).
pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// The same seeded ChaCha20 stream behind the rand_core 0.6 traits that the ZF FROST crates
/// want, so nonces (and hence any failure) are reproducible. Test-only glue: it forwards every
/// call to the rand_core 0.10 RNG.
pub struct Rng06(pub ChaCha20Rng);

impl Rng06 {
    /// A seeded instance.
    pub fn seeded(seed: u64) -> Self {
        Self(rng(seed))
    }
}

impl rand_core_06::RngCore for Rng06 {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.0.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core_06::CryptoRng for Rng06 {}

/// 32 bytes from the seeded stream (a "random" seed or key that is still reproducible).
pub fn bytes32(seed: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    rng(seed).fill_bytes(&mut out);
    out
}
