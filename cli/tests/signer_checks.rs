//! Knowing who you encrypt to: `keyport signers fingerprint`, `--expect-signers`,
//! `--signers-lock` (trust on first use) and `--manifest`/`--manifest-key`, on `import` and
//! `migrate`. Every refusal is exit 4 with one error line naming what differs, and nothing is
//! written.

mod common;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{fails, keyport_in, mode, ok};
use keyport::{Manifest, ManifestSigningKey, SignerSet};

const KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

/// `import` of KEY to the signers in `signers`, with `extra` options.
fn import_args<'a>(signers: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "import",
        "--signers",
        signers,
        "--curve",
        "secp256k1",
        "--min-signers",
        "2",
        "--key-file",
        "key.hex",
        "--key-format",
        "hex",
        "--out",
        "req.json",
    ];
    a.extend_from_slice(extra);
    a
}

/// Two clusters (`a`, `b`) of 3 signers and the key file.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "a"]);
    ok(d, &["cluster", "new", "--n", "3", "--dir", "b"]);
    std::fs::write(d.join("key.hex"), KEY).unwrap();
    std::fs::set_permissions(
        d.join("key.hex"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    tmp
}

fn fingerprint_of(d: &Path, signers: &str) -> String {
    let r = ok(d, &["signers", "fingerprint", "--signers", signers]);
    let fp = r.stdout.trim().to_string();
    assert_eq!(fp.len(), 64, "{}", r.stdout);
    fp
}

fn set_of(d: &Path, signers: &str) -> SignerSet {
    let text = std::fs::read_to_string(d.join(signers)).unwrap();
    match keyport::api::SignersInput::from_json(&text).unwrap() {
        keyport::api::SignersInput::Response(r) => {
            SignerSet::new(&r.clusters[0].cluster_id, &r.clusters[0].signers).unwrap()
        }
        keyport::api::SignersInput::Bare(list) => SignerSet::new("", &list).unwrap(),
    }
}

#[test]
fn fingerprint_prints_the_spec_vector() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("s.json"),
        r#"{"clusters":[{"clusterId":"c1","signers":[{"signerId":"Ag==","encryptionKey":"Cgs="},{"signerId":"AQ==","encryptionKey":"DA=="}]}]}"#,
    )
    .unwrap();
    let r = ok(d, &["signers", "fingerprint", "--signers", "s.json"]);
    assert_eq!(
        r.stdout,
        "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3\n"
    );
    fails(
        d,
        &[
            "signers",
            "fingerprint",
            "--signers",
            "s.json",
            "--cluster",
            "c9",
        ],
        3,
        "no signer cluster \"c9\"",
    );
}

#[test]
fn expect_signers_accepts_the_pinned_set_and_refuses_another() {
    let tmp = setup();
    let d = tmp.path();
    let fp_a = fingerprint_of(d, "a/signers.json");
    let fp_b = fingerprint_of(d, "b/signers.json");
    assert_ne!(fp_a, fp_b);
    let r = ok(
        d,
        &import_args("a/signers.json", &["--expect-signers", &fp_a]),
    );
    assert!(
        r.stderr
            .contains(&format!("fingerprint {fp_a} as expected")),
        "{}",
        r.stderr
    );
    std::fs::remove_file(d.join("req.json")).unwrap();
    let r = fails(
        d,
        &import_args("b/signers.json", &["--expect-signers", &fp_a]),
        4,
        &format!(
            "error: --expect-signers: the signers' fingerprint is {fp_b} but {fp_a} is expected"
        ),
    );
    assert!(!d.join("req.json").exists(), "{}", r.stderr);
    fails(
        d,
        &import_args("a/signers.json", &["--expect-signers", "abc"]),
        3,
        "malformed signer-set fingerprint: expected 64 hex digits",
    );
}

#[test]
fn signers_lock_is_trust_on_first_use() {
    let tmp = setup();
    let d = tmp.path();
    let lock = ["--signers-lock", "signers.lock"];
    // First use: pinned, 0600.
    let r = ok(d, &import_args("a/signers.json", &lock));
    assert!(
        r.stderr.contains("first use; pinned 3 signers"),
        "{}",
        r.stderr
    );
    assert_eq!(mode(&d.join("signers.lock")), 0o600);
    let pinned = std::fs::read_to_string(d.join("signers.lock")).unwrap();
    assert_eq!(pinned, set_of(d, "a/signers.json").to_lock_json());
    // Same signers: fine, lock untouched.
    let r = ok(d, &import_args("a/signers.json", &lock));
    assert!(
        r.stderr.contains("signers: match signers.lock"),
        "{}",
        r.stderr
    );
    // Other signers: refused, every one named, nothing written.
    std::fs::remove_file(d.join("req.json")).unwrap();
    let a = set_of(d, "a/signers.json").to_signer_infos();
    let b = set_of(d, "b/signers.json").to_signer_infos();
    let r = fails(
        d,
        &import_args("b/signers.json", &lock),
        4,
        "the signers differ from the signers lock",
    );
    for s in a.iter().chain(&b) {
        assert!(
            r.stderr.contains(&s.signer_id),
            "{} not named: {}",
            s.signer_id,
            r.stderr
        );
    }
    assert!(
        r.stderr.contains("hint: if you expected this change"),
        "{}",
        r.stderr
    );
    assert!(!d.join("req.json").exists());
    assert_eq!(
        std::fs::read_to_string(d.join("signers.lock")).unwrap(),
        pinned
    );
    // One key changed: named as changed, not as removed and added.
    let mut changed = a.clone();
    changed[1].encryption_key = b[1].encryption_key.clone();
    let cluster = set_of(d, "a/signers.json").cluster_id().to_string();
    let response = serde_json::json!({"clusters": [{"clusterId": cluster, "signers": changed}]});
    std::fs::write(d.join("changed.json"), response.to_string()).unwrap();
    fails(
        d,
        &import_args("changed.json", &lock),
        4,
        &format!("): key changed: {}; refusing", a[1].signer_id),
    );
    // Accepting the change prints it and updates the lock.
    let accept = ["--signers-lock", "signers.lock", "--accept-signer-change"];
    let r = ok(d, &import_args("b/signers.json", &accept));
    for s in &a {
        assert!(
            r.stderr
                .contains(&format!("removed signer {}", s.signer_id)),
            "{}",
            r.stderr
        );
    }
    for s in &b {
        assert!(
            r.stderr.contains(&format!("added signer {}", s.signer_id)),
            "{}",
            r.stderr
        );
    }
    assert_eq!(
        std::fs::read_to_string(d.join("signers.lock")).unwrap(),
        set_of(d, "b/signers.json").to_lock_json()
    );
    assert_eq!(mode(&d.join("signers.lock")), 0o600);
    assert!(!d.join("signers.lock.new").exists());
    ok(d, &import_args("b/signers.json", &lock));
    // A damaged lock is an input error, not a silent re-pin.
    std::fs::write(d.join("signers.lock"), "{}").unwrap();
    fails(
        d,
        &import_args("b/signers.json", &lock),
        3,
        "malformed signers lock",
    );
    // --accept-signer-change alone is a usage error.
    let r = keyport_in(
        d,
        &import_args("b/signers.json", &["--accept-signer-change"]),
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Writes `name.json`, a manifest for `set` signed by the Ed25519 key of `seed`, valid from
/// `from` to `until`, and `name.pub` (hex) with the public key of `pub_seed`.
fn write_manifest(
    d: &Path,
    name: &str,
    set: SignerSet,
    seed: u8,
    pub_seed: u8,
    from: u64,
    until: u64,
) {
    let key = ManifestSigningKey::ed25519_from_seed(&[seed; 32]);
    let json = Manifest::new(set, from, until).unwrap().sign(&key);
    std::fs::write(d.join(format!("{name}.json")), json).unwrap();
    let public = ManifestSigningKey::ed25519_from_seed(&[pub_seed; 32]).public_key();
    std::fs::write(
        d.join(format!("{name}.pub")),
        hex::encode(public.to_bytes()) + "\n",
    )
    .unwrap();
}

#[test]
fn manifest_checks_each_refusal() {
    let tmp = setup();
    let d = tmp.path();
    let t = now();
    let args = |name: &str| -> Vec<String> {
        import_args("a/signers.json", &[])
            .into_iter()
            .map(String::from)
            .chain([
                "--manifest".into(),
                format!("{name}.json"),
                "--manifest-key".into(),
                format!("{name}.pub"),
            ])
            .collect()
    };
    let run = |name: &str, code: i32, needle: &str| {
        let a = args(name);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        if code == 0 {
            ok(d, &a)
        } else {
            let r = fails(d, &a, code, needle);
            assert!(!d.join("req.json").exists(), "{}", r.stderr);
            r
        }
    };
    write_manifest(
        d,
        "good",
        set_of(d, "a/signers.json"),
        1,
        1,
        t - 60,
        t + 3600,
    );
    let r = run("good", 0, "");
    assert!(
        r.stderr
            .contains("signers: match the manifest signed by ed25519"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(d.join("req.json")).unwrap();
    write_manifest(
        d,
        "expired",
        set_of(d, "a/signers.json"),
        1,
        1,
        t - 7200,
        t - 3600,
    );
    run("expired", 4, "the signer manifest expired at");
    write_manifest(
        d,
        "early",
        set_of(d, "a/signers.json"),
        1,
        1,
        t + 3600,
        t + 7200,
    );
    run("early", 4, "the signer manifest is issued at");
    write_manifest(
        d,
        "wrongkey",
        set_of(d, "a/signers.json"),
        2,
        1,
        t - 60,
        t + 3600,
    );
    run(
        "wrongkey",
        4,
        "the signer manifest is signed by key ed25519",
    );
    write_manifest(
        d,
        "others",
        set_of(d, "b/signers.json"),
        1,
        1,
        t - 60,
        t + 3600,
    );
    run("others", 4, "the signers differ from the signed manifest");
    // Tampered: the manifest's signers swapped for cluster b's after signing.
    write_manifest(
        d,
        "tampered",
        set_of(d, "a/signers.json"),
        1,
        1,
        t - 60,
        t + 3600,
    );
    let good = std::fs::read_to_string(d.join("tampered.json")).unwrap();
    let (a, b) = (
        set_of(d, "a/signers.json").to_signer_infos(),
        set_of(d, "b/signers.json").to_signer_infos(),
    );
    std::fs::write(
        d.join("tampered.json"),
        good.replace(&a[0].encryption_key, &b[0].encryption_key),
    )
    .unwrap();
    run(
        "tampered",
        4,
        "the signer manifest's signature does not verify",
    );
    // --manifest without --manifest-key is a usage error.
    let a = import_args("a/signers.json", &["--manifest", "good.json"]);
    assert_eq!(keyport_in(d, &a, None).code, 2);
}

#[test]
fn migrate_takes_the_same_checks() {
    let tmp = setup();
    let d = tmp.path();
    std::fs::write(d.join("keys.csv"), format!("k1,hex,secp256k1,{KEY}\n")).unwrap();
    std::fs::set_permissions(
        d.join("keys.csv"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let migrate = |signers: &'static str, extra: &[&'static str]| {
        let mut a = vec![
            "migrate",
            "--signers",
            signers,
            "--keys",
            "keys.csv",
            "--out",
            "out.jsonl",
            "--min-signers",
            "2",
        ];
        a.extend_from_slice(extra);
        a
    };
    let fp_b = fingerprint_of(d, "b/signers.json");
    let fp_b: &'static str = Box::leak(fp_b.into_boxed_str());
    fails(
        d,
        &migrate("a/signers.json", &["--expect-signers", fp_b]),
        4,
        "is expected",
    );
    assert!(!d.join("out.jsonl").exists());
    ok(d, &migrate("a/signers.json", &["--signers-lock", "m.lock"]));
    fails(
        d,
        &migrate("b/signers.json", &["--signers-lock", "m.lock"]),
        4,
        "the signers differ from the signers lock",
    );
}
