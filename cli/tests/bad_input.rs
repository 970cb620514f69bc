//! Bad input: a one-line cause and the documented non-zero exit code.

mod common;

use common::{fails, ok};

const KEY: &str = "1f2e3d4c5b6a79880102030405060708090a0b0c0d0e0f1011121314151617aa";

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    std::fs::write(d.join("key.txt"), KEY).unwrap();
    tmp
}

fn import_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "import",
        "--signers",
        "c/signers.json",
        "--min-signers",
        "2",
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn missing_file_is_io_error() {
    let t = setup();
    let r = fails(
        t.path(),
        &import_args(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "nope.txt",
            "--key-format",
            "hex",
        ]),
        5,
        "no such file",
    );
    assert!(r.stderr.contains("nope.txt"));
}

#[test]
fn malformed_json_is_input_error() {
    let t = setup();
    std::fs::write(t.path().join("bad.json"), "{\"clusters\": [").unwrap();
    fails(
        t.path(),
        &[
            "import",
            "--signers",
            "bad.json",
            "--min-signers",
            "2",
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ],
        3,
        "signers JSON",
    );
    fails(
        t.path(),
        &[
            "cluster",
            "accept",
            "--dir",
            "c",
            "--request",
            "bad.json",
            "--key-id",
            "x",
        ],
        3,
        "malformed import request JSON",
    );
}

#[test]
fn wrong_curve_for_key_is_input_error() {
    let t = setup();
    fails(
        t.path(),
        &import_args(&[
            "--curve",
            "ed25519",
            "--key-file",
            "key.txt",
            "--key-format",
            "wif",
        ]),
        3,
        "key:",
    );
    fails(
        t.path(),
        &import_args(&[
            "--curve",
            "secp256k1",
            "--protocol",
            "FROST",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ]),
        3,
        "FROST",
    );
}

#[test]
fn threshold_out_of_range_is_input_error() {
    let t = setup();
    for t_arg in ["4", "1"] {
        fails(
            t.path(),
            &[
                "import",
                "--signers",
                "c/signers.json",
                "--min-signers",
                t_arg,
                "--curve",
                "secp256k1",
                "--key-file",
                "key.txt",
                "--key-format",
                "hex",
            ],
            3,
            "--min-signers: threshold",
        );
    }
}

#[test]
fn secret_given_as_path_is_refused_without_echo() {
    let t = setup();
    let r = fails(
        t.path(),
        &import_args(&[
            "--curve",
            "secp256k1",
            "--key-file",
            KEY,
            "--key-format",
            "hex",
        ]),
        2,
        "looks like the secret itself",
    );
    assert!(!r.stderr.contains(KEY));
    assert!(!r.stdout.contains(KEY));
}

#[test]
fn wrong_context_file() {
    let t = setup();
    let d = t.path();
    let imp = ok(
        d,
        &import_args(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ]),
    );
    std::fs::write(d.join("req.json"), &imp.stdout).unwrap();
    common::accept_and_answer_export(d, "k");
    // A file that is not a context at all.
    fails(
        d,
        &[
            "export",
            "recover",
            "--context",
            "req.json",
            "--response",
            "resp.json",
            "--out",
            "-",
        ],
        3,
        "not an export context file",
    );
    // A valid context, but not the one this export was requested with.
    ok(d, &["export", "init", "--context-out", "other.json"]);
    let r = fails(
        d,
        &[
            "export",
            "recover",
            "--context",
            "other.json",
            "--response",
            "resp.json",
            "--out",
            "-",
            "--trust-response-public-key",
        ],
        4,
        "no share opened (none of the 3 shares decrypts with this context): is other.json the \
         context the export was requested with?",
    );
    assert!(!r.stdout.contains(KEY));
}

#[test]
fn unknown_key_id_and_duplicate_accept() {
    let t = setup();
    let d = t.path();
    let imp = ok(
        d,
        &import_args(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ]),
    );
    std::fs::write(d.join("req.json"), &imp.stdout).unwrap();
    common::accept(d, "k");
    fails(
        d,
        &[
            "cluster",
            "accept",
            "--dir",
            "c",
            "--request",
            "req.json",
            "--key-id",
            "k",
        ],
        2,
        "already holds a key",
    );
    fails(
        d,
        &[
            "cluster",
            "accept",
            "--dir",
            "c",
            "--request",
            "req.json",
            "--key-id",
            "../x",
        ],
        2,
        "--key-id",
    );
}

#[test]
fn request_for_another_cluster_fails_verification() {
    let t = setup();
    let d = t.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c2"]);
    let imp = ok(
        d,
        &[
            "import",
            "--signers",
            "c2/signers.json",
            "--min-signers",
            "2",
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ],
    );
    std::fs::write(d.join("req.json"), &imp.stdout).unwrap();
    fails(
        d,
        &[
            "cluster",
            "accept",
            "--dir",
            "c",
            "--request",
            "req.json",
            "--key-id",
            "k",
        ],
        4,
        "rejected its share",
    );
}

#[test]
fn usage_errors_exit_2() {
    let t = setup();
    let r = common::keyport_in(t.path(), &["import", "--curve", "nocurve"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

// Exit codes come from the kind of error, not from the command that met it.

#[test]
fn an_existing_cluster_is_a_usage_error() {
    let t = setup();
    fails(
        t.path(),
        &["cluster", "new", "--n", "3", "--dir", "c"],
        2,
        "already holds a cluster",
    );
}

#[test]
fn a_malformed_export_request_key_is_input_not_crypto() {
    let t = setup();
    let d = t.path();
    let imp = ok(
        d,
        &import_args(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ]),
    );
    std::fs::write(d.join("req.json"), &imp.stdout).unwrap();
    common::accept(d, "k");
    let init = ok(d, &["export", "init", "--context-out", "ctx.json"]);
    let mut request: serde_json::Value = serde_json::from_str(&init.stdout).unwrap();
    // A dfns-v1 version byte followed by one byte: no secp256k1 point.
    request["encryptionKey"] = "AQE=".into();
    std::fs::write(d.join("bad-exreq.json"), request.to_string()).unwrap();
    fails(
        d,
        &[
            "cluster",
            "export",
            "--dir",
            "c",
            "--key-id",
            "k",
            "--request",
            "bad-exreq.json",
        ],
        3,
        "cannot answer the export",
    );
}

#[test]
fn library_errors_get_the_cli_hint_the_library_does_not_give() {
    let t = setup();
    // The cluster speaks hpke-v1; forcing dfns-v1 cannot work.
    let r = fails(
        t.path(),
        &import_args(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
            "--envelope",
            "dfns-v1",
        ]),
        3,
        "the signers' keys are hpke-v1",
    );
    let error = r.stderr.lines().find(|l| l.starts_with("error")).unwrap();
    assert!(!error.contains("--envelope"), "{error}");
    assert!(
        r.stderr
            .lines()
            .any(|l| l == "hint: pass --envelope auto, or --envelope hpke-v1"),
        "{}",
        r.stderr
    );
}

#[test]
fn help_documents_the_exit_codes_by_kind() {
    let t = setup();
    let help = ok(t.path(), &["--help"]);
    for line in [
        "2  usage:",
        "3  input:",
        "4  cryptographic check:",
        "5  I/O or environment:",
        "no OS randomness",
        "an existing cluster or key id",
    ] {
        assert!(help.stdout.contains(line), "{line:?} not in --help");
    }
}

/// The cluster size follows the library's one rule (`keyport::signer::check_cluster_size`).
#[test]
fn cluster_size_outside_the_library_rule_is_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    for n in ["1", "4097"] {
        fails(
            tmp.path(),
            &["cluster", "new", "--n", n, "--dir", "c"],
            2,
            "--n must be between 2 and 4096",
        );
    }
    fails(
        tmp.path(),
        &["demo", "--n", "1", "--t", "2"],
        2,
        "need 2 <= --t <= --n <= 4096",
    );
}
