//! CubeSigner's "verify, then encrypt" (keyport::attest::cubesigner) on the real import-key
//! response of CubeSigner's TypeScript SDK (tests/vectors/nitro/cubesigner-import-key.json,
//! PROVENANCE.md): it verifies and seals at its own time; it is refused, each time with its
//! exact typed error, once expired, with a flipped byte in the signature, the import key, its
//! encrypted secrets or `expires`, with a signature by an RSA key other than the attested
//! one, and with another enclave's document. The sealing is checked against Python's
//! `pyhpke` (tests/interop/cubesigner_peer.py), which rebuilds the signed bytes and `info`
//! from the response alone and reseals byte for byte, and against the import request that
//! CubeSigner's own SDK built from the same response, secret and ephemeral key
//! (tests/vectors/nitro/cubesigner-sdk-import-request.json), which keyport reproduces byte for
//! byte.
//!
//! Without pyhpke the interop test fails under `CI=true` (`.ci/run` exports it), and
//! otherwise prints a notice and passes. Install it with `pip install pyhpke==0.6.5`.

mod common;

use std::process::Command;

use keyport::Error;
use keyport::attest::cubesigner::{
    self, CUBIST_PCR8, ENC_LEN, ImportKeyResponse, MAX_ATTESTATION_AGE, TAG_LEN,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng as _;
use rsa::pkcs8::EncodePublicKey as _;
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _};
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/nitro/cubesigner-import-key.json"
);
const PEER: common::PythonPeer = common::PythonPeer(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/interop/cubesigner_peer.py"
));

/// The attestation document's timestamp (2024-09-06 15:48:25 UTC), Unix seconds.
const DOC_TIME: u64 = 1_725_637_705;
/// The response's `expires` (16:03:33 UTC).
const EXPIRES: u64 = 1_725_638_613;

fn text() -> String {
    std::fs::read_to_string(FIXTURE).expect("fixture")
}

fn json() -> Value {
    serde_json::from_str(&text()).unwrap()
}

fn b64(v: &Value, name: &str) -> Vec<u8> {
    keyport_hotpath::base64::decode(v[name].as_str().unwrap()).unwrap()
}

/// The fixture with member `name` (base64) replaced by `f` of its bytes.
fn with_bytes(name: &str, f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut v = json();
    let mut bytes = b64(&v, name);
    f(&mut bytes);
    v[name] = Value::from(keyport_hotpath::base64::encode(&bytes));
    v.to_string()
}

fn verify(text: &str, time: u64) -> keyport::Result<cubesigner::VerifiedImportKey> {
    ImportKeyResponse::from_json(text)?.verify(time)
}

fn attestation(cause: Error) -> Error {
    Error::CubeSignerKeyAttestation {
        cause: Box::new(cause),
    }
}

#[test]
fn the_fixture_verifies_at_its_own_time_and_seals_with_the_sdks_layout() {
    let key = verify(&text(), DOC_TIME).unwrap();
    let v = json();
    assert_eq!(key.public_key(), b64(&v, "public_key"));
    assert_eq!(key.expires(), EXPIRES);
    assert_eq!(key.document().pcr(8), Some(&CUBIST_PCR8));
    // The signed bytes, laid out by hand from the SDK's #signedData: 531 bytes.
    let response = ImportKeyResponse::from_json(&text()).unwrap();
    let mut expected = Vec::new();
    for part in [
        b"CUBESIGNER_EPHEMERAL_IMPORT_P384".to_vec(),
        b64(&v, "public_key"),
        b64(&v, "sk_enc"),
        b64(&v, "dk_enc"),
    ] {
        expected.extend_from_slice(&(part.len() as u16).to_be_bytes());
        expected.extend_from_slice(&part);
    }
    expected.extend_from_slice(&EXPIRES.to_be_bytes());
    assert_eq!(response.signed_data(), expected);
    assert_eq!(expected.len(), 531);
    assert_eq!(
        hex::encode(key.info()),
        "c2596275cd28ceb8776cdacc9fe6c30800ec1400a44f2ee40dd1d77178aa3a08"
    );

    // A 32-byte raw secret: the MessagePack package is 44 bytes, the ciphertext 44 + 16.
    let mut rng = ChaCha20Rng::seed_from_u64(22);
    let sealed = key.seal_raw_secret(&[7; 32], &mut rng).unwrap();
    assert_eq!(sealed.enc().len(), ENC_LEN);
    assert_eq!(sealed.enc()[0], 0x04, "an uncompressed SEC1 point");
    assert_eq!(sealed.ciphertext().len(), 44 + TAG_LEN);
    // Two sealings of the same secret differ (a fresh ephemeral key each).
    let again = key.seal_raw_secret(&[7; 32], &mut rng).unwrap();
    assert_ne!(sealed, again);

    // The request, as the SDK's KeyImporter sends it.
    let body = key
        .import_request_json("SecpEthAddr", &[sealed.clone(), again])
        .unwrap();
    // The SDK's member order (serde_json's Value would sort them).
    let order: Vec<usize> = [
        "public_key",
        "sk_enc",
        "dk_enc",
        "expires",
        "key_type",
        "key_material",
        "policy",
    ]
    .iter()
    .map(|name| body.find(&format!("\"{name}\":")).expect(name))
    .collect();
    assert!(order.is_sorted(), "{body}");
    let request: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(request.as_object().unwrap().len(), 7);
    for name in ["public_key", "sk_enc", "dk_enc", "expires"] {
        assert_eq!(request[name], v[name], "{name}");
    }
    assert_eq!(request["key_type"], "SecpEthAddr");
    assert_eq!(request["policy"], Value::Null);
    let first = &request["key_material"][0];
    assert_eq!(first["salt"], "");
    assert_eq!(b64(first, "client_public_key"), sealed.enc());
    assert_eq!(b64(first, "ikm_enc"), sealed.ciphertext());
    assert_eq!(request["key_material"].as_array().unwrap().len(), 2);
}

#[test]
fn import_request_takes_one_to_thirty_two_materials() {
    let key = verify(&text(), DOC_TIME).unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let one = key.seal_raw_secret(&[1; 32], &mut rng).unwrap();
    let count = |n| Error::Malformed {
        what: "CubeSigner import request",
        reason: format!("{n} key materials; a request carries 1 to 32"),
    };
    assert_eq!(
        key.import_request_json("Ed25519SolanaAddr", &[])
            .unwrap_err(),
        count(0)
    );
    let many = vec![one; 33];
    assert_eq!(
        key.import_request_json("Ed25519SolanaAddr", &many)
            .unwrap_err(),
        count(33)
    );
    key.import_request_json("Ed25519SolanaAddr", &many[..32])
        .unwrap();
}

#[test]
fn refused_once_expired_and_once_the_attestation_is_too_old() {
    // `expires` is checked first, as the SDK does: at and after it, nothing else is looked at.
    for time in [EXPIRES, EXPIRES + 1, DOC_TIME + 86_400] {
        assert_eq!(
            verify(&text(), time).unwrap_err(),
            Error::CubeSignerKeyExpired {
                expires: EXPIRES,
                time
            }
        );
    }
    // The SDK accepts a document at most 15 minutes old: this import key (valid 908 s after
    // its attestation) becomes unusable 900 s after it, just before `expires`.
    verify(&text(), DOC_TIME + MAX_ATTESTATION_AGE).unwrap();
    let late = DOC_TIME + MAX_ATTESTATION_AGE + 1;
    assert_eq!(
        verify(&text(), late).unwrap_err(),
        attestation(Error::AttestationStale {
            issued_at: DOC_TIME,
            time: late,
            max_age: MAX_ATTESTATION_AGE
        })
    );
    // CubeSigner's SDK, run on this response, drew both lines at the same seconds
    // (tests/vectors/nitro/PROVENANCE.md). Before the leaf certificate (13:20:21 UTC) the
    // chain fails; the document is then also from the future, but the chain comes first.
    let before_leaf = 1_725_628_820;
    let err = verify(&text(), before_leaf).unwrap_err();
    let Error::CubeSignerKeyAttestation { cause } = err else {
        panic!("{err:?}")
    };
    assert_eq!(cause.code(), "ATTESTATION_CERTIFICATE_TIME");
}

#[test]
fn a_flipped_byte_in_the_signature_or_any_signed_member_is_refused() {
    for at in [0, 100, 255] {
        let t = with_bytes("enclave_signature", |b| b[at] ^= 0x01);
        assert_eq!(
            verify(&t, DOC_TIME).unwrap_err(),
            Error::CubeSignerKeySignature,
            "signature byte {at}"
        );
    }
    for name in ["sk_enc", "dk_enc"] {
        for at in [0, 50] {
            let t = with_bytes(name, |b| b[at] ^= 0x80);
            assert_eq!(
                verify(&t, DOC_TIME).unwrap_err(),
                Error::CubeSignerKeySignature,
                "{name} byte {at}"
            );
        }
    }
    // `expires` one second earlier (its low bit flipped) or later.
    for expires in [EXPIRES ^ 1, EXPIRES + 1] {
        let mut v = json();
        v["expires"] = Value::from(expires);
        assert_eq!(
            verify(&v.to_string(), DOC_TIME).unwrap_err(),
            Error::CubeSignerKeySignature,
            "expires {expires}"
        );
    }
    // A shorter or longer signature.
    let t = with_bytes("enclave_signature", |b| {
        b.pop();
    });
    assert_eq!(
        verify(&t, DOC_TIME).unwrap_err(),
        Error::CubeSignerKeySignature
    );
}

/// P-384's field prime, big-endian.
const P384_P: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe\
                      ffffffff0000000000000000ffffffff";

/// `a - b` for 48-byte big-endian numbers with `a >= b`.
fn sub48(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 48];
    let mut borrow = 0i16;
    for i in (0..48).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = (d + 256 * borrow) as u8;
    }
    out
}

#[test]
fn another_import_key_is_refused_by_signature_and_a_non_point_as_malformed() {
    // The same x with y negated: another valid P-384 point, which the enclave did not sign.
    let t = with_bytes("public_key", |b| {
        let y = sub48(&hex::decode(P384_P).unwrap(), &b[49..97]);
        b[49..97].copy_from_slice(&y);
    });
    assert_eq!(
        verify(&t, DOC_TIME).unwrap_err(),
        Error::CubeSignerKeySignature
    );
    // A flipped byte of x: not on the curve, refused before any check.
    let t = with_bytes("public_key", |b| b[10] ^= 0x01);
    assert_eq!(
        ImportKeyResponse::from_json(&t).unwrap_err(),
        Error::CubeSignerKeyMalformed {
            field: "public_key",
            reason: "not a point on P-384".into()
        }
    );
    // A compressed point, or a wrong length.
    let t = with_bytes("public_key", |b| {
        b.truncate(49);
        b[0] = 0x02;
    });
    let err = ImportKeyResponse::from_json(&t).unwrap_err();
    assert_eq!(
        err,
        Error::CubeSignerKeyMalformed {
            field: "public_key",
            reason: "49 bytes; expected an uncompressed P-384 point, 0x04 || x || y (97 bytes)"
                .into()
        }
    );
}

#[test]
fn a_signature_by_an_rsa_key_other_than_the_attested_one_is_refused() {
    // A valid RSA-PSS signature, with the SDK's parameters, over the very signed bytes, by a
    // 2048-bit key that is not the one in the attestation document.
    let mut rng = ChaCha20Rng::seed_from_u64(0xc0be);
    let other = rsa::PrivateKey::new(&mut rng, 2048).unwrap();
    let signer = rsa::pss::SigningKey::<sha2::Sha256>::new_with_salt_len(other.clone(), 256 - 34);
    let signed = ImportKeyResponse::from_json(&text()).unwrap().signed_data();
    let signature = signer.sign_with_rng(&mut rng, &signed).to_vec();
    // The signature is right for that key (so only the key is wrong)...
    let verifier =
        rsa::pss::VerifyingKey::<sha2::Sha256>::new_with_salt_len(other.to_public_key(), 256 - 34);
    use rsa::signature::Verifier as _;
    verifier
        .verify(
            &signed,
            &rsa::pss::Signature::try_from(&signature[..]).unwrap(),
        )
        .unwrap();
    assert!(other.to_public_key().to_public_key_der().is_ok());
    // ...and keyport refuses it: the attested key did not make it.
    let t = with_bytes("enclave_signature", |b| *b = signature);
    assert_eq!(
        verify(&t, DOC_TIME).unwrap_err(),
        Error::CubeSignerKeySignature
    );
}

#[test]
fn another_enclaves_document_or_a_tampered_one_fails_the_attestation() {
    // A Turnkey enclave's real document, at its own time (expires moved past it): its PCR8 is
    // not Cubist's.
    let tk: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/nitro/turnkey-boot-proof-1.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut v = json();
    v["enclave_attestation"] = tk["aws_attestation_doc_b64"].clone();
    v["expires"] = Value::from(1_758_057_949u64 + 600);
    let err = verify(&v.to_string(), 1_758_057_949).unwrap_err();
    assert_eq!(
        err,
        attestation(Error::AttestationPcr {
            index: 8,
            problem: "differs from the policy's value"
        })
    );
    // Accepting that enclave's own PCR8, its document passes, but its `public_key` (Turnkey's
    // 130-byte ephemeral key) is no RSA key.
    let tk_pcr8 = *keyport::attest::verify_document(
        &keyport_hotpath::base64::decode(tk["aws_attestation_doc_b64"].as_str().unwrap()).unwrap(),
        1_758_057_949,
    )
    .unwrap()
    .pcr(8)
    .unwrap();
    let response = ImportKeyResponse::from_json(&v.to_string()).unwrap();
    assert_eq!(
        response
            .verify_with_pcr8(&tk_pcr8, 1_758_057_949)
            .unwrap_err(),
        Error::CubeSignerKeyMalformed {
            field: "enclave_attestation",
            reason: "the document's public_key is not an RSA SubjectPublicKeyInfo of 2048, \
                     3072 or 4096 bits"
                .into()
        }
    );
    // Another expected PCR8 is honoured (Cubist may rotate its image-signing key).
    let response = ImportKeyResponse::from_json(&text()).unwrap();
    assert_eq!(
        response.verify_with_pcr8(&[0; 48], DOC_TIME).unwrap_err(),
        attestation(Error::AttestationPcr {
            index: 8,
            problem: "differs from the policy's value"
        })
    );
    // A flipped byte inside the document's RSA key: the COSE signature no longer verifies.
    let doc = b64(&json(), "enclave_attestation");
    let spki_head = hex::decode("30820122300d06092a864886f70d0101010500").unwrap();
    let at = doc
        .windows(spki_head.len())
        .position(|w| w == spki_head)
        .expect("the RSA SPKI in the document")
        + 40;
    let t = with_bytes("enclave_attestation", |b| b[at] ^= 0x01);
    let err = verify(&t, DOC_TIME).unwrap_err();
    assert_eq!(err, attestation(Error::AttestationSignature));
    assert_eq!(err.code(), "CUBE_SIGNER_KEY_ATTESTATION");
    assert_eq!(err.kind(), keyport::ErrorKind::Check);
    // Garbage is a malformed document, an input error.
    let t = with_bytes("enclave_attestation", |b| *b = vec![0xa0]);
    let err = verify(&t, DOC_TIME).unwrap_err();
    let Error::CubeSignerKeyAttestation { cause } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(cause.code(), "ATTESTATION_MALFORMED");
    assert_eq!(err.kind(), keyport::ErrorKind::Input);
}

#[test]
fn malformed_responses_name_the_member() {
    let err = ImportKeyResponse::from_json("{}").unwrap_err();
    let Error::CubeSignerKeyMalformed { field, reason } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*field, "response");
    assert!(reason.contains("public_key"), "{reason}");
    let mut v = json();
    v["sk_enc"] = Value::from("not base64!");
    assert_eq!(
        ImportKeyResponse::from_json(&v.to_string()).unwrap_err(),
        Error::CubeSignerKeyMalformed {
            field: "sk_enc",
            reason: "not standard padded base64".into()
        }
    );
    let mut v = json();
    v["enclave_signature"] = Value::from("");
    assert_eq!(
        ImportKeyResponse::from_json(&v.to_string()).unwrap_err(),
        Error::CubeSignerKeyMalformed {
            field: "enclave_signature",
            reason: "is empty".into()
        }
    );
    let mut v = json();
    v["expires"] = Value::from(-1);
    let err = ImportKeyResponse::from_json(&v.to_string()).unwrap_err();
    assert_eq!(err.code(), "CUBE_SIGNER_KEY_MALFORMED");
    // Unknown members are ignored: the API may add some.
    let mut v = json();
    v["extra"] = Value::from(1);
    verify(&v.to_string(), DOC_TIME).unwrap();
    // No message carries a response's bytes.
    let t = with_bytes("public_key", |b| b[10] ^= 0x01);
    let text = ImportKeyResponse::from_json(&t).unwrap_err().to_string();
    assert!(!text.contains("BI82"), "{text}");
}

/// The request CubeSigner's SDK (KeyImporter.importRawSecretKeys, key-import 0.4.276) built
/// from the fixture at its own time for the secret 32 x 0x07 with the ephemeral key from
/// [`ikm_e`] (tests/interop/cubesigner_sdk_request.mjs): keyport builds the same bytes.
#[test]
fn keyport_builds_the_sdks_own_import_request_byte_for_byte() {
    let sdk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/nitro/cubesigner-sdk-import-request.json"
    ))
    .unwrap();
    let key = verify(&text(), DOC_TIME).unwrap();
    let mut replay = common::Replay::new(&ikm_e());
    let sealed = key.seal_raw_secret(&[7; 32], &mut replay).unwrap();
    let ours = key.import_request_json("SecpEthAddr", &[sealed]).unwrap();
    assert_eq!(ours, sdk.trim_end());
}

#[test]
fn the_spec_vector_is_this_one() {
    let spec = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md"));
    let section = &spec[spec.find("### 12.7").expect("SPEC §12.7")..];
    let value = |name: &str| {
        section
            .lines()
            .find_map(|l| l.split_once(" = ").filter(|(k, _)| k.trim() == name))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| panic!("{name} in SPEC §12.7"))
    };
    let key = verify(&text(), DOC_TIME).unwrap();
    let sealed = key
        .seal_raw_secret(&[7; 32], &mut common::Replay::new(&ikm_e()))
        .unwrap();
    let signed = ImportKeyResponse::from_json(&text()).unwrap().signed_data();
    assert_eq!(value("signed length"), signed.len().to_string());
    assert_eq!(value("info"), hex::encode(key.info()));
    assert_eq!(
        value("plaintext"),
        hex::encode(&*cubesigner::raw_key_package(&[7; 32]).unwrap())
    );
    assert_eq!(value("enc"), hex::encode(sealed.enc()));
    assert_eq!(value("ciphertext"), hex::encode(sealed.ciphertext()));
}

// ----- The independent peer -----

/// The ephemeral key's input, 48 bytes (P-384's Nsk: hpke draws exactly that for DHKEM
/// and derives the key pair from it, as RFC 9180's DeriveKeyPair).
fn ikm_e() -> Vec<u8> {
    (0u8..48).collect()
}

/// keyport's sealing of a raw secret to the fixture's import key, with the ephemeral key
/// from [`ikm_e`]: pinned, and checked by pyhpke below.
const KAT_ENC: &str = "04986dc0a7d2b37e3b222ea7d25a32fc290c88c50b6a0acfdecadb83a285f19a3ef0dbce\
                       eeecf54a9e7e02e4fb2c7bc075c24ba4c069bb3466ba3d35b29783bb51c74aa60ecfadac\
                       b1f4446327b36272176c58d687e5318e5537176f37cc846823";
const KAT_CT: &str = "ead76a4e98bb94cf5076c8aa9bdef1be9b33f0cd3f3f4b028806c6c57708cf1fd0f202e2\
                      68064771b5d73f43ac9e82df3d64513600de4a3e91e733f2";

#[test]
fn keyport_seals_to_the_fixture_key_exactly_as_pyhpke_does() {
    let key = verify(&text(), DOC_TIME).unwrap();
    let mut replay = common::Replay::new(&ikm_e());
    let sealed = key.seal_raw_secret(&[7; 32], &mut replay).unwrap();
    assert_eq!(replay.remaining(), 0, "DHKEM(P-384) draws 48 bytes");
    assert_eq!(hex::encode(sealed.enc()), KAT_ENC);
    assert_eq!(hex::encode(sealed.ciphertext()), KAT_CT);
    if !PEER.available() {
        return;
    }
    // pyhpke, from the response JSON alone: the signed bytes, info, the suite and the seal.
    let package = cubesigner::raw_key_package(&[7; 32]).unwrap();
    let (code, out, err) = PEER
        .run(
            &["reseal", FIXTURE, &hex::encode(ikm_e())],
            &hex::encode(&*package),
        )
        .expect("peer runs");
    assert_eq!(code, 0, "peer failed: {err}");
    let fields: Vec<&str> = out.split(' ').collect();
    assert_eq!(
        fields,
        [
            hex::encode(key.info()),
            hex::encode(sealed.enc()),
            hex::encode(sealed.ciphertext())
        ]
    );
    // A longer plaintext (bin 16) and another ephemeral key agree too.
    let long = cubesigner::raw_key_package(&[0x5a; 300]).unwrap();
    let ikm: Vec<u8> = (100u8..148).collect();
    let sealed = key.seal(&long, &mut common::Replay::new(&ikm)).unwrap();
    let (code, out, err) = PEER
        .run(
            &["reseal", FIXTURE, &hex::encode(&ikm)],
            &hex::encode(&*long),
        )
        .expect("peer");
    assert_eq!(code, 0, "peer failed: {err}");
    assert_eq!(
        out,
        format!(
            "{} {} {}",
            hex::encode(key.info()),
            hex::encode(sealed.enc()),
            hex::encode(sealed.ciphertext())
        )
    );
}

/// The CI switch itself: a missing peer must fail the run under `CI=true`.
#[test]
fn missing_peer_fails_under_ci() {
    let run = |ci| {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "peer_check_with_a_missing_peer", "--nocapture"])
            .env("CI", ci)
            .env("KEYPORT_INTEROP_PYTHON", "/nonexistent/python3")
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(!run("true"), "a missing peer passed under CI=true");
    assert!(run("false"), "outside CI a missing peer is a notice");
}

/// Run by [`missing_peer_fails_under_ci`] in a child process with a python that does not
/// exist; on its own (the real python) it checks nothing more than `peer_available`.
#[test]
fn peer_check_with_a_missing_peer() {
    let _ = PEER.available();
}
