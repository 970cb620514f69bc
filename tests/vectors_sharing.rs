//! The polynomial coefficients recorded in the dfns-v1 import vectors reproduce the recorded
//! public shares and public key on all three curves.

mod common;

use common::{hex_of, load_vector};
use keyport::hazmat::curve::{Curve, Ed25519, PointForm, Secp256k1, Stark};
use keyport::hazmat::sharing::deal;
use zeroize::Zeroizing;

fn check<C: Curve>(file: &str) {
    let v = load_vector(file);
    assert_eq!(v["curve"], C::ID.as_str());
    let coefficients: Vec<C::Scalar> = v["polynomialCoefficients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| C::scalar_from_be_bytes(&hex_of(c)).unwrap())
        .collect();
    assert_eq!(
        hex_of(&v["polynomialCoefficients"][0]),
        hex_of(&v["secretKey"])
    );
    let expected: Vec<String> = v["publicShares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let dealing = deal::<C>(Zeroizing::new(coefficients), expected.len()).unwrap();
    let ours: Vec<String> = C::encode_points(&dealing.public_shares(), PointForm::Compressed)
        .unwrap()
        .iter()
        .map(hex::encode)
        .collect();
    assert_eq!(ours, expected);
    let commitments = dealing.commitments();
    let pk = commitments.public_key();
    assert_eq!(
        hex::encode(C::encode_point(pk, PointForm::Compressed).unwrap()),
        v["publicKey"].as_str().unwrap()
    );
    assert_eq!(
        hex::encode(C::encode_point(pk, PointForm::Uncompressed).unwrap()),
        v["publicKeyUncompressed"].as_str().unwrap()
    );
    // Each recorded share decodes to the value we computed.
    for share in v["shares"].as_array().unwrap() {
        let idx = share["index"].as_u64().unwrap() as usize;
        let value = C::scalar_from_be_bytes(&hex_of(&share["secretShare"])).unwrap();
        assert_eq!(*dealing.shares()[idx - 1].value(), value);
    }
}

#[test]
fn secp256k1_cggmp21() {
    check::<Secp256k1>("import-secp256k1-cggmp21.json");
}

#[test]
fn secp256k1_frost_bitcoin() {
    check::<Secp256k1>("import-secp256k1-frost_bitcoin.json");
}

#[test]
fn stark_cggmp21() {
    check::<Stark>("import-stark-cggmp21.json");
}

#[test]
fn ed25519_frost() {
    check::<Ed25519>("import-ed25519-frost.json");
    // The recorded secret is the RFC 8032 scalar of the recorded seed.
    let v = load_vector("import-ed25519-frost.json");
    let s =
        keyport::hazmat::curve::ed25519::seed_to_scalar(&hex_of(&v["eddsa"]["eddsaSeed"])).unwrap();
    assert_eq!(
        hex::encode(Ed25519::scalar_to_be_bytes(&s)),
        v["secretKey"].as_str().unwrap()
    );
}
