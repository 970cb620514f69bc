//! keyport's own JSON (`from_json` / `to_json`, serde's derives run through keyport's reader and
//! writer) against serde_json over the same API types: the same bytes out, the same values in,
//! and strictness where serde is strict.

use keyport::Error;
use keyport::api::{
    EncryptedKeyShare, KeyExportRequest, KeyExportResponse, KeyImportRequest, ListSignersResponse,
    SignerCluster, SignerInfo, SignersInput, SupportedScheme,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[A-Za-z0-9+/=]{0,12}"]
}

fn shares() -> impl Strategy<Value = Vec<EncryptedKeyShare>> {
    prop::collection::vec(
        (text(), text()).prop_map(|(c, s)| EncryptedKeyShare {
            encrypted_key_share: c,
            signer_id: s,
        }),
        0..4,
    )
}

fn import_request() -> impl Strategy<Value = KeyImportRequest> {
    (
        any::<u32>(),
        text(),
        text(),
        shares(),
        prop::option::of(text()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(t, p, c, s, name, master_key)| KeyImportRequest {
            dealing_digest: None,
            min_signers: t,
            protocol: p,
            curve: c,
            encrypted_key_shares: s,
            name,
            master_key,
        })
}

fn export_response() -> impl Strategy<Value = KeyExportResponse> {
    (text(), any::<u32>(), text(), text(), shares()).prop_map(|(pk, t, p, c, s)| {
        KeyExportResponse {
            public_key: pk,
            min_signers: t,
            protocol: p,
            curve: c,
            encrypted_key_shares: s,
        }
    })
}

fn export_request() -> impl Strategy<Value = KeyExportRequest> {
    (
        text(),
        prop::collection::vec(
            (text(), text()).prop_map(|(protocol, curve)| SupportedScheme { protocol, curve }),
            0..4,
        ),
    )
        .prop_map(|(k, s)| KeyExportRequest {
            encryption_key: k,
            supported_schemes: s,
        })
}

fn signers() -> impl Strategy<Value = Vec<SignerInfo>> {
    prop::collection::vec(
        (text(), text()).prop_map(|(signer_id, encryption_key)| SignerInfo {
            signer_id,
            encryption_key,
        }),
        0..4,
    )
}

fn list_signers() -> impl Strategy<Value = ListSignersResponse> {
    prop::collection::vec(
        (text(), signers()).prop_map(|(cluster_id, signers)| SignerCluster {
            cluster_id,
            signers,
        }),
        0..3,
    )
    .prop_map(|clusters| ListSignersResponse { clusters })
}

proptest! {
    #[test]
    fn import_request_matches_serde(r in import_request()) {
        let serde = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(r.to_json(), serde.clone());
        prop_assert_eq!(KeyImportRequest::from_json(&serde).unwrap(), r.clone());
        let pretty = serde_json::to_string_pretty(&r).unwrap();
        prop_assert_eq!(KeyImportRequest::from_json(&pretty).unwrap(), r);
    }

    #[test]
    fn export_response_matches_serde(r in export_response()) {
        let serde = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(r.to_json(), serde.clone());
        prop_assert_eq!(KeyExportResponse::from_json(&serde).unwrap(), r.clone());
        // The SDK's name for the shares is read too.
        let sdk = serde.replace("\"encryptedKeyShares\":", "\"encryptedShares\":");
        prop_assert_eq!(KeyExportResponse::from_json(&sdk).unwrap(), r);
    }

    #[test]
    fn export_request_matches_serde(r in export_request()) {
        let serde = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(r.to_json(), serde.clone());
        prop_assert_eq!(KeyExportRequest::from_json(&serde).unwrap(), r);
    }

    #[test]
    fn list_signers_matches_serde(r in list_signers()) {
        let serde = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(r.to_json(), serde.clone());
        prop_assert_eq!(ListSignersResponse::from_json(&serde).unwrap(), r.clone());
        prop_assert_eq!(SignersInput::from_json(&serde).unwrap(), SignersInput::Response(r));
    }

    #[test]
    fn bare_signers_match_serde(s in signers()) {
        let serde = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(SignersInput::from_json(&serde).unwrap(), SignersInput::Bare(s));
    }

    /// Whatever serde_json accepts as an import request, keyport accepts with the same value,
    /// and the other way round, for arbitrary edits of a valid body.
    #[test]
    fn acceptance_agrees_with_serde(
        r in import_request(),
        cut in any::<prop::sample::Index>(),
        insert in prop::sample::select(vec![
            "", "null", ",", "\"name\":\"x\",", "\"minSigners\":1,", "\"extra\":[1,{}],",
            "\"masterKey\":null,", "1.0", "-1", "\"", "}", "]",
        ]),
    ) {
        let serde = serde_json::to_string(&r).unwrap();
        let at = cut.index(serde.len() + 1);
        prop_assume!(serde.is_char_boundary(at));
        let edited = format!("{}{}{}", &serde[..at], insert, &serde[at..]);
        let ours = KeyImportRequest::from_json(&edited).ok();
        let theirs = serde_json::from_str::<KeyImportRequest>(&edited).ok();
        prop_assert_eq!(ours, theirs, "{:?}", edited);
    }
}

fn reason(e: Error) -> String {
    match e {
        Error::Malformed { reason, .. } => reason,
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_name_the_field_and_place_but_no_value() {
    let secretish = "d3adb33f";
    for (text, want) in [
        (
            format!(r#"{{"minSigners":"{secretish}","protocol":"CGGMP21"}}"#),
            "unexpected structure: minSigners must be an integer from 0 to 4294967295 at line 1 column 15",
        ),
        (
            format!(r#"{{"protocol":"{secretish}"}}"#),
            "unexpected structure: missing field \"minSigners\" at line 1 column 1",
        ),
        (
            format!("{{\"minSigners\":2,\n\"name\":\"{secretish}\",\"name\":\"x\"}}"),
            "unexpected structure: duplicate field \"name\" in an import request at line 2 column 26",
        ),
        (
            format!("[\"{secretish}\""),
            "unexpected end of input at line 1 column 12",
        ),
    ] {
        let got = reason(KeyImportRequest::from_json(&text).unwrap_err());
        assert_eq!(got, want);
        assert!(!got.contains(secretish));
    }
    let both = r#"{"publicKey":"","minSigners":2,"protocol":"","curve":"","encryptedKeyShares":[],"encryptedShares":[]}"#;
    assert_eq!(
        reason(KeyExportResponse::from_json(both).unwrap_err()),
        "unexpected structure: duplicate field \"encryptedKeyShares\" in an export response at line 1 column 99"
    );
}

#[test]
fn api_bodies_ignore_unknown_members_take_null_optionals_and_refuse_struct_arrays() {
    let body = r#"{"future":{"a":[1,2.5e3]},"minSigners":2,"protocol":"CGGMP21","curve":"secp256k1","encryptedKeyShares":[{"encryptedKeyShare":"AA==","signerId":"AQ==","x":null}],"name":null,"masterKey":null}"#;
    let r = KeyImportRequest::from_json(body).unwrap();
    assert_eq!((r.name.clone(), r.master_key), (None, None));
    assert_eq!(r, serde_json::from_str::<KeyImportRequest>(body).unwrap());
    // serde's derive would take a struct as the array of its field values; SPEC.md §7.4 not.
    let as_array = r#"[2,"CGGMP21","secp256k1",[],null,null]"#;
    assert!(serde_json::from_str::<KeyImportRequest>(as_array).is_ok());
    assert_eq!(
        reason(KeyImportRequest::from_json(as_array).unwrap_err()),
        "unexpected structure: an import request must be an object at line 1 column 1"
    );
    let nested =
        r#"{"minSigners":2,"protocol":"","curve":"","encryptedKeyShares":[["AA==","AQ=="]]}"#;
    assert_eq!(
        reason(KeyImportRequest::from_json(nested).unwrap_err()),
        "unexpected structure: an encrypted share must be an object at line 1 column 64"
    );
    // A required member may not be null.
    let null_curve = r#"{"minSigners":2,"protocol":"","curve":null,"encryptedKeyShares":[]}"#;
    assert_eq!(
        reason(KeyImportRequest::from_json(null_curve).unwrap_err()),
        "unexpected structure: curve must be a string at line 1 column 39"
    );
}

#[test]
fn nesting_past_the_limit_is_refused_even_in_ignored_members() {
    let deep = format!(
        "{{\"x\":{}{},\"clusters\":[]}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    assert!(
        reason(ListSignersResponse::from_json(&deep).unwrap_err())
            .starts_with("invalid JSON syntax (objects and arrays nested more than 128 deep)")
    );
}
