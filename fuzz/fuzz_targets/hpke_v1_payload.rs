#![no_main]
use keyport::CurveId;
use keyport::hazmat::curve::{Curve, Ed25519, Secp256k1, Stark};
use keyport::hazmat::payload::hpke_v1;
use libfuzzer_sys::fuzz_target;

fn check<C: Curve>(data: &[u8]) {
    // `decode` is `parse` then `verify`: it can only succeed where `parse` does, and both see
    // the same share, threshold, commitments and chain code.
    let parsed = hpke_v1::parse::<C>(data);
    let Ok(p) = hpke_v1::decode::<C>(data) else {
        return;
    };
    let parsed = parsed.expect("decode accepted what parse rejects");
    assert_eq!(parsed.threshold, p.commitments.threshold());
    assert_eq!(parsed.chain_code, p.chain_code);
    assert_eq!(parsed.share.identifier(), p.share.identifier());
    // A valid payload re-encodes to exactly the input bytes (the encoding is canonical). The
    // wire's u16 allows thresholds past MAX_SHARES, which no keyport dealing has and no import
    // context accepts; those cannot be re-encoded.
    let Ok(threshold) = keyport::Threshold::new(p.commitments.threshold()) else {
        return;
    };
    let commitments = hpke_v1::encode_commitments(&p.commitments).expect("commitments encode");
    let bytes = hpke_v1::encode(&p.share, threshold, &commitments, p.chain_code.as_deref())
        .expect("decoded payload re-encodes");
    assert_eq!(&*bytes, data, "decode accepted a non-canonical payload");
    keyport::hazmat::sharing::verify_share(&p.share, &p.commitments)
        .expect("decode verified the share");
}

fuzz_target!(|data: &[u8]| {
    match hpke_v1::peek_curve(data) {
        Ok(CurveId::Secp256k1) => check::<Secp256k1>(data),
        Ok(CurveId::Ed25519) => check::<Ed25519>(data),
        Ok(CurveId::Stark) => check::<Stark>(data),
        Err(_) => {
            // Every curve's decoder must reject it without panicking.
            assert!(hpke_v1::decode::<Secp256k1>(data).is_err());
            assert!(hpke_v1::decode::<Ed25519>(data).is_err());
            assert!(hpke_v1::decode::<Stark>(data).is_err());
        }
    }
});
