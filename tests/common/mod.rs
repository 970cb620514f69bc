//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::path::PathBuf;

/// Path to a file in `tests/vectors/dfns-v1/` (copied from the Dfns reference crates; see its README).
pub fn vector_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/dfns-v1")
        .join(name)
}

/// Load a dfns-v1 vector file as JSON.
pub fn load_vector(name: &str) -> serde_json::Value {
    let path = vector_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read vector {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

/// Decode hex from a JSON string value.
pub fn hex_of(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

/// Run a generic test body once per curve.
#[macro_export]
macro_rules! for_each_curve {
    ($body:ident) => {
        mod $body {
            #[test]
            fn secp256k1() {
                super::$body::<keyport::hazmat::curve::Secp256k1>();
            }
            #[test]
            fn ed25519() {
                super::$body::<keyport::hazmat::curve::Ed25519>();
            }
            #[test]
            fn stark() {
                super::$body::<keyport::hazmat::curve::Stark>();
            }
        }
    };
}

/// An RNG that replays recorded bytes, so recorded ephemeral values come out of keyport's own
/// sampling code path (known-answer tests). Panics when it runs out.
pub struct Replay(VecDeque<u8>);

impl Replay {
    /// Replay `bytes` in order.
    pub fn new(bytes: &[u8]) -> Self {
        Replay(bytes.iter().copied().collect())
    }

    /// Bytes not consumed yet.
    pub fn remaining(&self) -> usize {
        self.0.len()
    }
}

impl rand_core::TryRng for Replay {
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
        for d in dst.iter_mut() {
            *d = self
                .0
                .pop_front()
                .expect("replay RNG ran out of recorded bytes");
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for Replay {}
