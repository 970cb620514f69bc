#![no_main]
//! The signers lock and the signed manifest readers (SPEC.md §8.6, §8.7): a manifest comes
//! from the network, so its reader sees hostile input. Invariants: a lock that reads back
//! writes the same set again; a manifest verifies under the vector's Ed25519 key only when its
//! signature is valid over the canonical bytes, and then it states exactly the signers read;
//! every error has a stable code.
use keyport::{ManifestKey, SignedManifest, SignerSet};
use libfuzzer_sys::fuzz_target;

const VECTOR_KEY: &str = include_str!("../../tests/vectors/signers/manifest-ed25519.pub.pem");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    match SignerSet::from_lock_json(text) {
        Ok(set) => {
            let again = SignerSet::from_lock_json(&set.to_lock_json())
                .expect("a lock keyport wrote reads back");
            assert_eq!(again, set);
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    match SignedManifest::from_json(text) {
        Ok(manifest) => {
            let key = ManifestKey::from_text(VECTOR_KEY).expect("the vector's key");
            let unverified = manifest.unverified();
            for now in [0, unverified.issued_at(), unverified.expires_at(), u64::MAX] {
                if let Ok(set) = manifest.verify(&key, now) {
                    assert_eq!(set, unverified.signers());
                    assert!(unverified.issued_at() <= now && now < unverified.expires_at());
                }
            }
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
});
