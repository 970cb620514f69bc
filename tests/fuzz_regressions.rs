//! Inputs the fuzz targets found, kept as regression tests (see FUZZING.md).

use keyport::Error;
use keyport::hazmat::curve::Secp256k1;
use keyport::hazmat::payload::hpke_v1;

/// `hpke_v1_payload`, 2026-11-30: a secp256k1 payload whose commitment `C_0` carried the SEC1
/// "compact" tag `0x05` instead of `0x02`. `decode` accepted it (k256's SEC1 parser takes
/// `0x05 || x`), so one payload had two encodings. The tag is now rejected.
#[test]
fn hpke_v1_payload_compact_point_tag_is_rejected() {
    let crash = hex::decode(
        "010100020002ac3afd76e823a1b080f92a77b8045893d511ee2edc9fd8ee1d6397d688844227\
         053128ef3d5229c903735060078a99d7bf5694dcb3ac0f81b921668b5eb0091f4f024076cd6c29\
         b67019e89ec9b89661929a2ca55f67ca751c11b1e740feeae0c486",
    )
    .unwrap();
    assert_eq!(
        hpke_v1::decode::<Secp256k1>(&crash).unwrap_err(),
        Error::InvalidPoint { curve: "secp256k1" }
    );
    // With the canonical tag the same payload is valid, so the tag alone was the problem.
    let mut canonical = crash.clone();
    canonical[38] = 0x02;
    let p = hpke_v1::decode::<Secp256k1>(&canonical).expect("canonical form decodes");
    let commitments = hpke_v1::encode_commitments(&p.commitments).unwrap();
    let again = hpke_v1::encode(
        &p.share,
        keyport::Threshold::new(p.commitments.threshold()).unwrap(),
        &commitments,
        None,
    )
    .unwrap();
    assert_eq!(&*again, &canonical[..]);
}
