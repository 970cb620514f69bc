//! keyport::attest against real AWS Nitro attestation documents (tests/vectors/nitro,
//! PROVENANCE.md says where each came from): each verifies at its own time, and each fails,
//! with its exact typed error, a day later, with a flipped byte, a wrong PCR, a wrong root
//! and a key other than the attested one.

use keyport::Error;
use keyport::attest::{
    self, AWS_NITRO_ROOT_G1, AWS_NITRO_ROOT_G1_SHA256, AttestationPolicy, AttestationRequirement,
    Binding, VerifiedDocument,
};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

const DAY: u64 = 86_400;

fn b64(text: &str) -> Vec<u8> {
    keyport_hotpath::base64::decode(text).expect("fixture base64")
}

fn json(name: &str) -> Value {
    let path = format!("{}/tests/vectors/nitro/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture json")
}

/// One real document and what is known about it independently of the document itself.
struct Fixture {
    name: &'static str,
    document: Vec<u8>,
    /// Its own time: the document's timestamp, in Unix seconds.
    time: u64,
    /// The key the document's `public_key` must be, from outside the document (None: only the
    /// document itself says).
    attested_key: Option<Vec<u8>>,
    /// Index of the leaf in the chain (0 = root).
    leaf: usize,
    /// The leaf certificate's validity, Unix seconds.
    leaf_validity: (u64, u64),
}

fn fixtures() -> Vec<Fixture> {
    let cube = json("cubesigner-import-key.json");
    let tk1 = json("turnkey-boot-proof-1.json");
    let tk2 = json("turnkey-boot-proof-2.json");
    let tk = |v: &Value| {
        (
            b64(v["aws_attestation_doc_b64"].as_str().unwrap()),
            hex::decode(v["ephemeral_public_key_hex"].as_str().unwrap()).unwrap(),
        )
    };
    let (tk1_doc, tk1_key) = tk(&tk1);
    let (tk2_doc, tk2_key) = tk(&tk2);
    vec![
        Fixture {
            name: "cubesigner import key",
            document: b64(cube["enclave_attestation"].as_str().unwrap()),
            time: 1_725_637_705,
            attested_key: None,
            leaf: 4,
            leaf_validity: (1_725_628_821, 1_725_639_624),
        },
        Fixture {
            name: "turnkey boot proof 1",
            document: tk1_doc,
            time: 1_758_057_949,
            attested_key: Some(tk1_key),
            leaf: 4,
            leaf_validity: (1_758_057_945, 1_758_068_748),
        },
        Fixture {
            name: "turnkey boot proof 2",
            document: tk2_doc,
            time: 1_758_057_841,
            attested_key: Some(tk2_key),
            leaf: 4,
            leaf_validity: (1_758_057_837, 1_758_068_640),
        },
    ]
}

fn verified(f: &Fixture) -> VerifiedDocument {
    attest::verify_document(&f.document, f.time).unwrap_or_else(|e| panic!("{}: {e}", f.name))
}

/// The policy the fixture passes: its own PCR0 and PCR8, bound by `public_key`.
fn own_policy(doc: &VerifiedDocument) -> AttestationPolicy {
    AttestationPolicy::new(
        Binding::PublicKey,
        [(0, *doc.pcr(0).unwrap()), (8, *doc.pcr(8).unwrap())],
    )
    .unwrap()
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] ^= 0x01;
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("needle in document")
}

#[test]
fn pinned_root_is_the_one_aws_documents() {
    assert_eq!(
        Sha256::digest(AWS_NITRO_ROOT_G1)[..],
        AWS_NITRO_ROOT_G1_SHA256
    );
    assert_eq!(
        hex::encode_upper(AWS_NITRO_ROOT_G1_SHA256),
        "641A0321A3E244EFE456463195D606317ED7CDCC3C1756E09893F3C68F79BB5B"
    );
    // Both fixture projects ship the same root, and every fixture's bundle starts with it.
    for f in fixtures() {
        assert_eq!(
            verified(&f).payload().cabundle[0],
            AWS_NITRO_ROOT_G1,
            "{}",
            f.name
        );
    }
}

#[test]
fn each_fixture_verifies_at_its_own_time_and_at_both_ends_of_its_leaf() {
    for f in fixtures() {
        let doc = verified(&f);
        assert_eq!(doc.timestamp_ms() / 1000, f.time, "{}", f.name);
        let key = doc.public_key().unwrap().to_vec();
        if let Some(attested) = &f.attested_key {
            assert_eq!(
                &key, attested,
                "{}: the key the project says is attested",
                f.name
            );
        }
        attest::verify(&f.document, &own_policy(&doc), &key, f.time).unwrap();
        // Inclusive bounds, as RFC 5280 §4.1.2.5 says.
        attest::verify_document(&f.document, f.leaf_validity.0).unwrap();
        attest::verify_document(&f.document, f.leaf_validity.1).unwrap();
    }
}

#[test]
fn each_fixture_fails_a_day_later_and_a_second_outside_its_leaf() {
    for f in fixtures() {
        let (nb, na) = f.leaf_validity;
        let leaf_time = |time| Error::AttestationCertificateTime {
            index: f.leaf,
            not_before: nb,
            not_after: na,
            time,
        };
        assert_eq!(
            attest::verify_document(&f.document, na + 1).unwrap_err(),
            leaf_time(na + 1),
            "{}",
            f.name
        );
        assert_eq!(
            attest::verify_document(&f.document, nb - 1).unwrap_err(),
            leaf_time(nb - 1),
            "{}",
            f.name
        );
        // A day later the chain has expired. The first certificate (from the root) that is
        // out of date is named: in every fixture the zonal CA (index 3), valid one day, has
        // expired too, and comes before the leaf.
        let err = attest::verify_document(&f.document, f.time + DAY).unwrap_err();
        let Error::AttestationCertificateTime {
            index,
            not_after,
            time,
            ..
        } = err
        else {
            panic!("{}: {err:?}", f.name);
        };
        assert_eq!(time, f.time + DAY);
        assert!(
            not_after < time && (3..=f.leaf).contains(&index),
            "{}: {err:?}",
            f.name
        );
    }
}

#[test]
fn a_day_later_pins_the_exact_certificate() {
    let all = fixtures();
    let got: Vec<Error> = all
        .iter()
        .map(|f| attest::verify_document(&f.document, f.time + DAY).unwrap_err())
        .collect();
    assert_eq!(
        got,
        vec![
            Error::AttestationCertificateTime {
                index: 3,
                not_before: 1_725_603_605,
                not_after: 1_725_690_005,
                time: 1_725_637_705 + DAY,
            },
            Error::AttestationCertificateTime {
                index: 3,
                not_before: 1_758_057_864,
                not_after: 1_758_144_264,
                time: 1_758_057_949 + DAY,
            },
            Error::AttestationCertificateTime {
                index: 3,
                not_before: 1_758_020_603,
                not_after: 1_758_107_003,
                time: 1_758_057_841 + DAY,
            },
        ]
    );
}

#[test]
fn flipped_bytes_fail_with_the_check_they_break() {
    for f in fixtures() {
        let doc = verified(&f);
        let d = &f.document;
        // The last byte is in the COSE signature.
        assert_eq!(
            attest::verify_document(&flip(d, d.len() - 1), f.time).unwrap_err(),
            Error::AttestationSignature,
            "{}",
            f.name
        );
        // A byte of PCR0 inside the signed payload: still well-formed, no longer signed.
        let at = find(d, doc.pcr(0).unwrap());
        assert_eq!(
            attest::verify_document(&flip(d, at + 7), f.time).unwrap_err(),
            Error::AttestationSignature,
            "{}",
            f.name
        );
        // A byte of the leaf certificate's serial number: the leaf's own signature breaks.
        let leaf = find(d, &doc.payload().certificate);
        assert_eq!(
            attest::verify_document(&flip(d, leaf + 15), f.time).unwrap_err(),
            Error::AttestationChain {
                index: f.leaf,
                reason: "its signature does not verify under the issuer's key",
            },
            "{}",
            f.name
        );
        // A byte of the first intermediate's serial number.
        let inter = find(d, &doc.payload().cabundle[1]);
        assert_eq!(
            attest::verify_document(&flip(d, inter + 15), f.time).unwrap_err(),
            Error::AttestationChain {
                index: 1,
                reason: "its signature does not verify under the issuer's key",
            },
            "{}",
            f.name
        );
        // A byte of the root in the bundle.
        let root = find(d, AWS_NITRO_ROOT_G1);
        assert_eq!(
            attest::verify_document(&flip(d, root + 15), f.time).unwrap_err(),
            Error::AttestationRoot,
            "{}",
            f.name
        );
        // The protected header's algorithm -35 (ES384) turned into -36 (ES512).
        assert_eq!(&d[..6], &[0x84, 0x44, 0xa1, 0x01, 0x38, 0x22]);
        assert_eq!(
            attest::verify_document(&flip(d, 5), f.time).unwrap_err(),
            Error::AttestationMalformed {
                part: "COSE_Sign1",
                reason: "the protected header's algorithm is not ES384 (-35)",
            },
            "{}",
            f.name
        );
    }
}

#[test]
fn no_single_flipped_byte_verifies() {
    // A stride keeps this to a few hundred verifications per fixture; every position is
    // covered by the fuzz target's seeds (FUZZING.md).
    for f in fixtures() {
        for at in (0..f.document.len()).step_by(23) {
            assert!(
                attest::verify_document(&flip(&f.document, at), f.time).is_err(),
                "{}: flipping byte {at} still verifies",
                f.name
            );
        }
    }
}

#[test]
fn a_wrong_or_missing_pcr_is_named() {
    for f in fixtures() {
        let doc = verified(&f);
        let key = doc.public_key().unwrap().to_vec();
        for index in [0u8, 1, 2, 8] {
            let mut wrong = *doc.pcr(index).unwrap();
            wrong[47] ^= 0x80;
            let policy = AttestationPolicy::new(
                Binding::PublicKey,
                [(0, *doc.pcr(0).unwrap()), (index, wrong)],
            );
            // PCR0 named twice is itself an error.
            let Ok(policy) = policy else {
                assert_eq!(index, 0);
                let policy = AttestationPolicy::new(Binding::PublicKey, [(0, wrong)]).unwrap();
                assert_eq!(
                    attest::verify(&f.document, &policy, &key, f.time).unwrap_err(),
                    Error::AttestationPcr {
                        index: 0,
                        problem: "differs from the policy's value",
                    }
                );
                continue;
            };
            assert_eq!(
                attest::verify(&f.document, &policy, &key, f.time).unwrap_err(),
                Error::AttestationPcr {
                    index,
                    problem: "differs from the policy's value",
                },
                "{}",
                f.name
            );
        }
        // Nitro documents carry PCR0 to PCR15; PCR16 is not there.
        assert_eq!(
            doc.pcrs().keys().copied().collect::<Vec<_>>(),
            (0..16).collect::<Vec<u8>>()
        );
        let policy = AttestationPolicy::new(Binding::PublicKey, [(16, [0; 48])]).unwrap();
        assert_eq!(
            policy.check(&doc, &key, f.time).unwrap_err(),
            Error::AttestationPcr {
                index: 16,
                problem: "is missing from the document",
            }
        );
    }
}

#[test]
fn the_cubesigner_enclave_is_the_one_its_sdk_pins() {
    // CubeSigner's SDK accepts only enclaves whose PCR8 (the image-signing certificate) is
    // Cubist's key: wrapped_import_key.ts, CUBIST_EIF_SIGNING_PK.
    let f = &fixtures()[0];
    let pcr8 = hex::decode(
        "2e6d0430c8b0b78316236d03cda2996449e24096b3f5b524031f12eeb5fc19a19db522a846e6240a5f36f26591890ac4",
    )
    .unwrap();
    let policy =
        AttestationPolicy::new(Binding::PublicKey, [(8, pcr8.try_into().unwrap())]).unwrap();
    let doc = verified(f);
    policy
        .check(&doc, doc.public_key().unwrap(), f.time)
        .unwrap();
}

#[test]
fn a_wrong_root_is_refused() {
    for f in fixtures() {
        let doc = verified(&f);
        // Any other certificate as the anchor: here the document's own first intermediate.
        let other_root = doc.payload().cabundle[1].clone();
        assert_eq!(
            attest::verify_document_with_root(&f.document, &other_root, f.time).unwrap_err(),
            Error::AttestationRoot,
            "{}",
            f.name
        );
        assert_eq!(
            attest::verify_document_with_root(&f.document, b"", f.time).unwrap_err(),
            Error::AttestationRoot
        );
        // The pinned root given explicitly is the default.
        assert_eq!(
            attest::verify_document_with_root(&f.document, AWS_NITRO_ROOT_G1, f.time).unwrap(),
            doc
        );
    }
}

#[test]
fn a_key_other_than_the_attested_one_is_refused() {
    let all = fixtures();
    for (i, f) in all.iter().enumerate() {
        let doc = verified(f);
        let policy = own_policy(&doc);
        let mut other = doc.public_key().unwrap().to_vec();
        let last = other.len() - 1;
        other[last] ^= 1;
        assert_eq!(
            attest::verify(&f.document, &policy, &other, f.time).unwrap_err(),
            Error::AttestationBinding {
                binding: "public-key"
            },
            "{}",
            f.name
        );
        // Another real enclave's key (the next fixture's).
        let next = &all[(i + 1) % all.len()];
        let next_key = verified(next).public_key().unwrap().to_vec();
        assert_eq!(
            attest::verify(&f.document, &policy, &next_key, f.time).unwrap_err(),
            Error::AttestationBinding {
                binding: "public-key"
            }
        );
        // The right key under a binding the document does not use.
        let user_data =
            AttestationPolicy::new(Binding::UserData, [(0, *doc.pcr(0).unwrap())]).unwrap();
        assert_eq!(
            user_data
                .check(&doc, doc.public_key().unwrap(), f.time)
                .unwrap_err(),
            Error::AttestationBinding {
                binding: "user-data"
            }
        );
    }
}

#[test]
fn turnkey_user_data_binds_the_manifest_by_sha256() {
    // Turnkey's enclaves put SHA-256 of their QOS manifest in `user_data`: the
    // user-data-sha256 binding, exercised on real bytes.
    for (f, file) in fixtures()[1..]
        .iter()
        .zip(["turnkey-boot-proof-1.json", "turnkey-boot-proof-2.json"])
    {
        let doc = verified(f);
        let manifest = b64(json(file)["qos_manifest_b64"].as_str().unwrap());
        let policy =
            AttestationPolicy::new(Binding::UserDataSha256, [(0, *doc.pcr(0).unwrap())]).unwrap();
        policy.check(&doc, &manifest, f.time).unwrap();
        assert_eq!(
            policy.check(&doc, &flip(&manifest, 0), f.time).unwrap_err(),
            Error::AttestationBinding {
                binding: "user-data-sha256"
            }
        );
    }
}

#[test]
fn freshness_is_checked_when_the_policy_limits_it() {
    let f = &fixtures()[1];
    let doc = verified(f);
    let key = doc.public_key().unwrap();
    let policy = own_policy(&doc).with_max_age(900);
    policy.check(&doc, key, f.time + 900).unwrap();
    policy.check(&doc, key, f.time - 300).unwrap();
    assert_eq!(
        policy.check(&doc, key, f.time + 901).unwrap_err(),
        Error::AttestationStale {
            issued_at: f.time,
            time: f.time + 901,
            max_age: 900
        }
    );
    assert_eq!(
        policy.check(&doc, key, f.time - 301).unwrap_err(),
        Error::AttestationStale {
            issued_at: f.time,
            time: f.time - 301,
            max_age: 900
        }
    );
}

#[test]
fn malformed_documents_are_named() {
    let f = &fixtures()[1];
    let cases: Vec<(&str, Vec<u8>, Error)> = vec![
        (
            "empty",
            vec![],
            Error::AttestationMalformed {
                part: "COSE_Sign1",
                reason: "not a CBOR COSE_Sign1 array",
            },
        ),
        (
            "truncated",
            f.document[..f.document.len() - 1].to_vec(),
            Error::AttestationMalformed {
                part: "COSE_Sign1",
                reason: "not a CBOR COSE_Sign1 array",
            },
        ),
        (
            "trailing byte",
            [&f.document[..], &[0]].concat(),
            Error::AttestationMalformed {
                part: "COSE_Sign1",
                reason: "not a CBOR COSE_Sign1 array",
            },
        ),
        (
            "payload is not a map",
            // [h'a10138 22', {}, h'01', h'' ] with a 96-byte signature
            [
                &[
                    0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa0, 0x41, 0x01, 0x58, 0x60,
                ][..],
                &[0u8; 96][..],
            ]
            .concat(),
            Error::AttestationMalformed {
                part: "payload",
                reason: "not a CBOR map",
            },
        ),
        (
            "short signature",
            [&[
                0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa0, 0x41, 0x01, 0x41, 0x00,
            ][..]]
            .concat(),
            Error::AttestationMalformed {
                part: "COSE_Sign1",
                reason: "an ES384 signature is 96 bytes (r || s)",
            },
        ),
        (
            "detached payload",
            [
                &[0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa0, 0xf6, 0x58, 0x60][..],
                &[0u8; 96][..],
            ]
            .concat(),
            Error::AttestationMalformed {
                part: "COSE_Sign1",
                reason: "the payload is detached",
            },
        ),
        (
            "empty payload map",
            [
                &[
                    0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa0, 0x41, 0xa0, 0x58, 0x60,
                ][..],
                &[0u8; 96][..],
            ]
            .concat(),
            Error::AttestationMalformed {
                part: "module_id",
                reason: "missing",
            },
        ),
    ];
    for (name, bytes, want) in cases {
        assert_eq!(
            attest::verify_document(&bytes, f.time).unwrap_err(),
            want,
            "{name}"
        );
    }
}

#[test]
fn policy_files_parse_and_bad_ones_are_named() {
    let pcr = "ab".repeat(48);
    let text = format!(
        r#"{{"pcrs": {{"0": "{pcr}", "8": "{}"}}, "binding": "user-data-sha256", "maxAgeSeconds": 900}}"#,
        pcr.to_uppercase()
    );
    let policy = AttestationPolicy::from_json(&text).unwrap();
    assert_eq!(policy.binding(), Binding::UserDataSha256);
    assert_eq!(policy.max_age(), Some(900));
    assert_eq!(
        policy.pcrs().keys().copied().collect::<Vec<_>>(),
        vec![0, 8]
    );
    assert_eq!(policy.pcrs()[&8], [0xab; 48]);

    let bad = |text: String| AttestationPolicy::from_json(&text).unwrap_err();
    let reason = |r: &str| Error::AttestationPolicy { reason: r.into() };
    assert_eq!(
        bad(r#"{"pcrs": {}, "binding": "public-key"}"#.into()),
        reason(
            "it names no PCR, so any enclave on AWS would pass; name at least PCR0 (the image) \
             or PCR8 (its signing certificate)"
        )
    );
    assert_eq!(
        bad(format!(
            r#"{{"pcrs": {{"32": "{pcr}"}}, "binding": "public-key"}}"#
        )),
        reason("a PCR index must be a decimal number from 0 to 31")
    );
    assert_eq!(
        bad(format!(
            r#"{{"pcrs": {{"08": "{pcr}"}}, "binding": "public-key"}}"#
        )),
        reason("a PCR index must be a decimal number from 0 to 31")
    );
    assert_eq!(
        bad(format!(
            r#"{{"pcrs": {{"0": "{pcr}", "0": "{pcr}"}}, "binding": "public-key"}}"#
        )),
        reason("PCR0 is named twice")
    );
    assert_eq!(
        bad(r#"{"pcrs": {"0": "abcd"}, "binding": "public-key"}"#.into()),
        reason("PCR0 must be 96 hex digits (48 bytes, SHA-384)")
    );
    assert_eq!(
        bad(format!(
            r#"{{"pcrs": {{"0": "{pcr}"}}, "binding": "pubkey"}}"#
        )),
        reason("binding must be \"public-key\", \"user-data\" or \"user-data-sha256\"")
    );
    assert_eq!(
        bad(format!(
            r#"{{"pcrs": {{"0": "{pcr}"}}, "binding": "public-key", "x": 1}}"#
        ))
        .code(),
        "MALFORMED"
    );
    assert_eq!(
        bad(r#"{"binding": "public-key"}"#.into()).code(),
        "MALFORMED"
    );
}

#[test]
fn an_import_requiring_attestation_refuses_unattested_signers() {
    use keyport::CurveId;
    use keyport::EnvelopeKind;
    use keyport::Protocol;
    use keyport::signer::Cluster;
    use keyport::{ImportKey, ImportOptions, build_import_request};
    use zeroize::Zeroizing;

    let f = &fixtures()[1];
    let doc = verified(f);
    let mut rng = keyport::os_rng().unwrap();
    let cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut rng);
    let signers = cluster.list_signers().select(None).unwrap();
    let mut ids: Vec<Vec<u8>> = signers
        .iter()
        .map(|s| {
            keyport::SignerId::from_base64(&s.signer_id)
                .unwrap()
                .into_bytes()
        })
        .collect();
    ids.sort();
    let first = keyport_hotpath::base64::encode(&ids[0]);
    let key = ImportKey::Scalar(Zeroizing::new([0x42; 32]));
    let mut options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 2);
    build_import_request(&key, &signers, &options).unwrap();

    let policy = own_policy(&doc);
    options.attestation = Some(AttestationRequirement::new(policy.clone(), f.time));
    assert_eq!(
        build_import_request(&key, &signers, &options).unwrap_err(),
        Error::AttestationMissing {
            signer_id: first.clone()
        }
    );

    // A real, valid document, but it attests the Turnkey enclave's key, not this signer's.
    let mut requirement = AttestationRequirement::new(policy, f.time);
    for s in &signers {
        requirement
            .add_document(&s.signer_id, f.document.clone())
            .unwrap();
    }
    assert_eq!(
        requirement
            .add_document(&signers[0].signer_id, f.document.clone())
            .unwrap_err()
            .code(),
        "DUPLICATE_SIGNER"
    );
    options.attestation = Some(requirement.clone());
    assert_eq!(
        build_import_request(&key, &signers, &options).unwrap_err(),
        Error::SignerNotAttested {
            signer_id: first.clone(),
            cause: Box::new(Error::AttestationBinding {
                binding: "public-key"
            }),
        }
    );

    // The same a day later: the time is the requirement's, never a clock.
    let late = AttestationRequirement::new(requirement.policy().clone(), f.time + DAY);
    let mut late = late;
    for s in &signers {
        late.add_document(&s.signer_id, f.document.clone()).unwrap();
    }
    options.attestation = Some(late);
    let err = build_import_request(&key, &signers, &options).unwrap_err();
    assert_eq!(err.code(), "SIGNER_NOT_ATTESTED");
    assert!(
        matches!(&err, Error::SignerNotAttested { cause, .. } if cause.code() == "ATTESTATION_CERTIFICATE_TIME")
    );
}
