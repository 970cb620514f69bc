//! `keyport::attest::cubesigner`: CubeSigner's "create key-import key" response, as it comes
//! from the network. The JSON reader, then the checks (expiry, the Nitro document with PCR8,
//! the RSA-PSS signature) at the fixture's own time, so that mutated copies of the real
//! response reach the signature check; a key that passes is sealed to once.
//! Invariants: no panic; every error has a code and a message; an accepted key seals a secret
//! into `ENC_LEN` + secret package + `TAG_LEN` bytes and builds a request.
#![no_main]

use keyport::attest::cubesigner::{self, ENC_LEN, ImportKeyResponse};
use libfuzzer_sys::fuzz_target;

/// The fixture's attestation time (tests/vectors/nitro/cubesigner-import-key.json).
const TIME: u64 = 1_725_637_705;

fn check_error(e: &keyport::Error) {
    assert!(!e.code().is_empty());
    assert!(!e.to_string().is_empty());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let response = match ImportKeyResponse::from_json(text) {
        Ok(r) => r,
        Err(e) => return check_error(&e),
    };
    assert_eq!(response.public_key().len(), cubesigner::PUBLIC_KEY_LEN);
    match response.verify(TIME) {
        Ok(key) => {
            let mut rng = keyport::os_rng().expect("OS randomness");
            let sealed = key.seal_raw_secret(&[7; 32], &mut rng).expect("seal");
            assert_eq!(sealed.enc().len(), ENC_LEN);
            let package = cubesigner::raw_key_package(&[7; 32]).expect("package");
            assert_eq!(
                sealed.ciphertext().len(),
                package.len() + cubesigner::TAG_LEN
            );
            key.import_request_json("SecpEthAddr", &[sealed])
                .expect("request");
        }
        Err(e) => check_error(&e),
    }
});
