//! `keyport::attest`: the COSE_Sign1 and Nitro payload parsers, the certificate chain and the
//! policy and attestations-file readers. Input starting with `{` goes to the two JSON readers;
//! anything else is an attestation document, verified at a time inside the Turnkey fixtures'
//! validity so that mutated real documents reach the chain and signature checks.
//! Invariants: no panic; an accepted document is anchored at the pinned root and its
//! PCRs are SHA-384 sized; every error has a code and a message.
#![no_main]

use keyport::attest::{self, AttestationPolicy, AttestationRequirement, Binding};
use libfuzzer_sys::fuzz_target;

/// Inside both Turnkey documents' chains (tests/vectors/nitro).
const TIME: u64 = 1_758_057_949;

fn check_error(e: &keyport::Error) {
    assert!(!e.code().is_empty());
    assert!(!e.to_string().is_empty());
}

fuzz_target!(|data: &[u8]| {
    if data.first() == Some(&b'{') {
        let Ok(text) = core::str::from_utf8(data) else {
            return;
        };
        match AttestationPolicy::from_json(text) {
            Ok(policy) => {
                assert!(!policy.pcrs().is_empty());
                assert!(policy.pcrs().keys().all(|&i| i < 32));
                let mut req = AttestationRequirement::new(policy, TIME);
                if let Err(e) = req.add_documents_json(text) {
                    check_error(&e);
                }
            }
            Err(e) => check_error(&e),
        }
        let policy = AttestationPolicy::new(Binding::PublicKey, [(0, [0; 48])]).unwrap();
        let mut req = AttestationRequirement::new(policy, TIME);
        if let Err(e) = req.add_documents_json(text) {
            check_error(&e);
        }
        return;
    }
    match attest::verify_document(data, TIME) {
        Ok(doc) => {
            assert_eq!(doc.payload().cabundle[0], attest::AWS_NITRO_ROOT_G1);
            let key = doc.public_key().unwrap_or_default().to_vec();
            for binding in Binding::ALL {
                let pcr0 = *doc.pcr(0).unwrap_or(&[0; 48]);
                let policy = AttestationPolicy::new(binding, [(0, pcr0)]).unwrap();
                if let Err(e) = policy.check(&doc, &key, TIME) {
                    check_error(&e);
                }
            }
        }
        Err(e) => check_error(&e),
    }
});
