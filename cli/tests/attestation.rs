//! `keyport import --require-attestation`: the CLI refuses signers whose keys are not attested
//! (here: a real Turnkey Nitro document that attests another key), names the signer and the
//! failed check, and does so before it reads the key.

mod common;

use std::path::Path;

use common::{fails, ok};
use serde_json::Value;

/// Turnkey boot proof 1 (tests/vectors/nitro) and its own time.
fn turnkey() -> (String, u64) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/nitro/turnkey-boot-proof-1.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    (
        v["aws_attestation_doc_b64"].as_str().unwrap().to_string(),
        1_758_057_949,
    )
}

fn signer_ids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("signerId") {
                out.push(id.clone());
            }
            m.values().for_each(|x| signer_ids(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| signer_ids(x, out)),
        _ => {}
    }
}

/// A 3-signer cluster, a policy the Turnkey document meets (its own PCR0), and an attestations
/// file giving every signer (or none) that document.
fn setup(d: &Path, all: bool) -> u64 {
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let (doc_b64, time) = turnkey();
    // PCR0 of that document (its image), as tests/attest_nitro.rs reads it.
    let policy = r#"{"pcrs": {"0": "f67076a8f9796b90d7f0eb148ec6926f66fe04c80861151916961f7dec715b3c8a36e5908e9551c20048719da134b207"}, "binding": "public-key"}"#;
    std::fs::write(d.join("policy.json"), policy).unwrap();
    let signers: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("c/signers.json")).unwrap()).unwrap();
    let mut ids = Vec::new();
    signer_ids(&signers, &mut ids);
    assert_eq!(ids.len(), 3);
    let take = if all { ids.len() } else { 0 };
    let map: serde_json::Map<String, Value> = ids
        .iter()
        .take(take)
        .map(|id| (id.clone(), Value::String(doc_b64.clone())))
        .collect();
    std::fs::write(d.join("attestations.json"), Value::Object(map).to_string()).unwrap();
    time
}

fn import_args(time: u64) -> Vec<String> {
    [
        "import",
        "--signers",
        "c/signers.json",
        "--curve",
        "secp256k1",
        "--min-signers",
        "2",
        // Never read: the attestation check comes first.
        "--key-file",
        "no-such-key-file",
        "--key-format",
        "hex",
        "--require-attestation",
        "policy.json",
        "--attestations",
        "attestations.json",
        "--attestation-time",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([time.to_string()])
    .collect()
}

#[test]
fn import_refuses_a_signer_whose_key_is_not_the_attested_one() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let time = setup(d, true);
    let args = import_args(time);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = fails(
        d,
        &args,
        4,
        "is not attested under the policy: attestation document: the signer's encryption key is \
         not the attested one (public-key binding)",
    );
    assert!(r.stdout.is_empty());
    assert!(!r.stderr.contains("no-such-key-file"), "{}", r.stderr);
}

#[test]
fn import_refuses_a_signer_without_a_document_and_a_stale_one() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let time = setup(d, false);
    let args = import_args(time);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = fails(
        d,
        &args,
        4,
        "has no attestation document, and the import requires one",
    );
    assert!(r.stdout.is_empty());

    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let time = setup(d, true);
    let args = import_args(time + 86_400);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails(
        d,
        &args,
        4,
        "certificate 3 of the chain (0 = root) is valid from",
    );
}

#[test]
fn bad_policy_and_missing_options_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let time = setup(d, true);
    std::fs::write(
        d.join("policy.json"),
        r#"{"pcrs": {}, "binding": "public-key"}"#,
    )
    .unwrap();
    let args = import_args(time);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails(d, &args, 3, "invalid attestation policy: it names no PCR");

    // --require-attestation needs --attestations (clap: usage, exit 2).
    let r = common::keyport_in(
        d,
        &[
            "import",
            "--signers",
            "c/signers.json",
            "--min-signers",
            "2",
            "--key-file",
            "-",
            "--require-attestation",
            "policy.json",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--attestations"), "{}", r.stderr);
}
