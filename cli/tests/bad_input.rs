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
            "cannot build the import request",
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
        "cannot recover the key",
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
        5,
        "already holds",
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
