#![no_main]
use keyport::hazmat::curve::{Curve, Ed25519, Secp256k1, Stark};
use keyport::hazmat::payload::dfns_v1;
use libfuzzer_sys::fuzz_target;

fn check<C: Curve>(data: &[u8]) {
    if let Ok(share) = dfns_v1::decode_export_share::<C>(data) {
        // A decoded export share re-encodes and decodes to the same share.
        let bytes = dfns_v1::encode_export_share(&share);
        let again = dfns_v1::decode_export_share::<C>(&bytes).expect("re-encoded share decodes");
        assert!(again.identifier() == share.identifier());
        assert_eq!(*again.value_be_bytes(), *share.value_be_bytes());
    }
    if let Ok(import) = dfns_v1::decode_import_share::<C>(data) {
        assert!(!import.public_shares.is_empty() || import.public_shares.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    check::<Secp256k1>(data);
    check::<Ed25519>(data);
    check::<Stark>(data);
});
