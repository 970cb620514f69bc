//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// Path to a file in `../shared/vectors/dfns-v1/` (CI checks `../shared` out beside the repo).
pub fn vector_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/dfns-v1")
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
                super::$body::<keyport::curve::Secp256k1>();
            }
            #[test]
            fn ed25519() {
                super::$body::<keyport::curve::Ed25519>();
            }
            #[test]
            fn stark() {
                super::$body::<keyport::curve::Stark>();
            }
        }
    };
}
