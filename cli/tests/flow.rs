//! The file-based flow, cluster new -> import -> cluster accept -> export init ->
//! cluster export -> export recover, for every curve and both envelopes.

mod common;

use common::{keyport_in, mode, ok};

/// (curve, key format, key text, expected recovered hex scalar)
fn keys() -> Vec<(&'static str, &'static str, String, String)> {
    let secp = "1f2e3d4c5b6a79880102030405060708090a0b0c0d0e0f1011121314151617aa".to_string();
    let stark = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".to_string();
    let seed = [7u8; 32];
    let ed_scalar = *keyport::keys::ParsedKey::from_ed25519_seed(seed.into())
        .unwrap()
        .secret_bytes();
    vec![
        ("secp256k1", "hex", secp.clone(), secp),
        ("stark", "hex", stark.clone(), stark),
        (
            "ed25519",
            "ed25519-seed",
            hex::encode(seed),
            hex::encode(&ed_scalar[..]),
        ),
    ]
}

fn flow(envelope: &str) {
    for (curve, format, key, expected) in keys() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::write(d.join("key.txt"), format!("{key}\n")).unwrap();
        ok(
            d,
            &[
                "cluster",
                "new",
                "--n",
                "4",
                "--dir",
                "c",
                "--envelope",
                envelope,
            ],
        );
        assert_eq!(mode(&d.join("c/signer-1.json")), 0o600);
        let imp = ok(
            d,
            &[
                "import",
                "--signers",
                "c/signers.json",
                "--curve",
                curve,
                "--min-signers",
                "3",
                "--key-file",
                "key.txt",
                "--key-format",
                format,
                "--out",
                "req.json",
            ],
        );
        assert!(imp.stderr.contains("public key:"), "{}", imp.stderr);
        let acc = ok(
            d,
            &[
                "cluster",
                "accept",
                "--dir",
                "c",
                "--request",
                "req.json",
                "--key-id",
                "k1",
            ],
        );
        let summary: serde_json::Value = serde_json::from_str(&acc.stdout).unwrap();
        assert_eq!(summary["verified"], true);
        assert_eq!(summary["curve"], curve);
        assert_eq!(mode(&d.join("c/keys/k1/signer-4.json")), 0o600);
        let pk = summary["publicKey"].as_str().unwrap().to_string();
        let init = ok(
            d,
            &[
                "export",
                "init",
                "--context-out",
                "ctx.json",
                "--envelope",
                envelope,
            ],
        );
        assert_eq!(mode(&d.join("ctx.json")), 0o600);
        std::fs::write(d.join("exreq.json"), &init.stdout).unwrap();
        ok(
            d,
            &[
                "cluster",
                "export",
                "--dir",
                "c",
                "--key-id",
                "k1",
                "--request",
                "exreq.json",
                "--out",
                "resp.json",
            ],
        );
        let rec = ok(
            d,
            &[
                "export",
                "recover",
                "--context",
                "ctx.json",
                "--response",
                "resp.json",
                "--json",
                "--out",
                "-",
                "--keep-context",
                "--expect-public-key",
                &pk,
            ],
        );
        assert!(
            rec.stderr.contains("kept the export context ctx.json"),
            "{}",
            rec.stderr
        );
        assert_eq!(mode(&d.join("ctx.json")), 0o600);
        let v: serde_json::Value = serde_json::from_str(&rec.stdout).unwrap();
        assert_eq!(v["privateKey"], expected.as_str(), "{curve} {envelope}");
        assert_eq!(v["publicKey"], summary["publicKey"]);
        assert_eq!(v["badSigners"], serde_json::json!([]));
        assert_eq!(v["warnings"], serde_json::json!([]));
        assert!(v.get("chainCode").is_none());
        // Plain output to a 0600 file.
        ok(
            d,
            &[
                "export",
                "recover",
                "--context",
                "ctx.json",
                "--response",
                "resp.json",
                "--out",
                "out.key",
                "--expect-public-key",
                &pk,
            ],
        );
        assert_eq!(mode(&d.join("out.key")), 0o600);
        assert_eq!(
            std::fs::read_to_string(d.join("out.key")).unwrap().trim(),
            expected
        );
        // The one-time context is gone after the recovery that did not keep it.
        assert!(!d.join("ctx.json").exists(), "{curve} {envelope}");
    }
}

#[test]
fn file_flow_hpke_every_curve() {
    flow("hpke");
}

#[test]
fn file_flow_dfns_v1_every_curve() {
    flow("dfns-v1");
}

#[test]
fn import_reads_key_from_stdin_and_recovers_wif() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let key = "0000000000000000000000000000000000000000000000000000000000000001";
    let r = keyport_in(
        d,
        &[
            "import",
            "--signers",
            "c/signers.json",
            "--curve",
            "secp256k1",
            "--protocol",
            "FROST_BITCOIN",
            "--min-signers",
            "2",
            "--key-file",
            "-",
            "--key-format",
            "hex",
        ],
        Some(key),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")
    );
    std::fs::write(d.join("req.json"), &r.stdout).unwrap();
    common::accept_and_answer_export(d, "one");
    let rec = ok(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
            "--format",
            "wif",
            "--out",
            "-",
        ],
    );
    assert_eq!(
        rec.stdout.trim(),
        "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
    );
}

#[test]
fn inspect_json_and_text() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("k"),
        "0000000000000000000000000000000000000000000000000000000000000001",
    )
    .unwrap();
    let r = ok(
        d,
        &[
            "inspect",
            "--key-file",
            "k",
            "--key-format",
            "hex",
            "--curve",
            "secp256k1",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["publicKey"],
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    );
    assert_eq!(
        v["addresses"]["ethereum"],
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    );
    assert_eq!(
        v["addresses"]["bitcoinP2pkh"],
        "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"
    );
    assert!(v["addresses"].get("solana").is_none());
    let text = ok(
        d,
        &[
            "inspect",
            "--key-file",
            "k",
            "--key-format",
            "ed25519-scalar",
        ],
    );
    assert!(text.stdout.contains("solana"), "{}", text.stdout);
}

#[test]
fn help_lists_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let r = ok(tmp.path(), &["--help"]);
    for needle in [
        "Exit codes",
        "2  usage",
        "3  input",
        "4  cryptographic",
        "5  I/O",
    ] {
        assert!(r.stdout.contains(needle), "{needle}: {}", r.stdout);
    }
}

#[test]
fn demo_small_cluster_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let r = ok(tmp.path(), &["demo", "--n", "3", "--t", "2"]);
    assert_eq!(r.stdout.matches(" yes ").count(), 18 * 2, "{}", r.stdout);
    assert!(r.stdout.contains("FROST/ed25519"));
}

/// Every recover needs the key it must return: without one it is a usage error; a response
/// for another key is refused; `--trust-response-public-key` accepts it with a warning.
#[test]
fn recover_needs_an_expected_key() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    std::fs::write(d.join("key.txt"), format!("{}\n", "11".repeat(32))).unwrap();
    ok(
        d,
        &[
            "import",
            "--signers",
            "c/signers.json",
            "--curve",
            "secp256k1",
            "--min-signers",
            "2",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
            "--out",
            "req.json",
        ],
    );
    let pk = common::accept_and_answer_export(d, "one");
    // The context records the key: nothing more is needed.
    let rec = ok(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
            "--out",
            "-",
        ],
    );
    assert_eq!(rec.stdout.trim(), "11".repeat(32));
    // A context without an expected key.
    let init = ok(d, &["export", "init", "--context-out", "bare.json"]);
    std::fs::write(d.join("exreq2.json"), &init.stdout).unwrap();
    ok(
        d,
        &[
            "cluster",
            "export",
            "--dir",
            "c",
            "--key-id",
            "one",
            "--request",
            "exreq2.json",
            "--out",
            "resp2.json",
        ],
    );
    // --keep-context: the context is used for several recoveries here (normally it is one-time).
    let base = [
        "export",
        "recover",
        "--context",
        "bare.json",
        "--response",
        "resp2.json",
        "--keep-context",
        "--out",
        "-",
    ];
    let r = common::fails(d, &base, 2, "no expected public key");
    assert!(!r.stdout.contains(&"11".repeat(32)));
    // Another key than the one the response is for: refused, nothing printed.
    let other = format!(
        "02{}",
        "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    );
    let mut args = base.to_vec();
    args.extend(["--expect-public-key", &other]);
    let r = common::fails(d, &args, 4, "it is not an answer for the key you asked for");
    assert!(r.stdout.is_empty());
    // The response's own key, trusted explicitly: works, with a warning.
    let mut args = base.to_vec();
    args.push("--trust-response-public-key");
    let r = ok(d, &args);
    assert_eq!(r.stdout.trim(), "11".repeat(32));
    assert!(
        r.stderr.contains("warning: --trust-response-public-key"),
        "{}",
        r.stderr
    );
    // The right key given on the command line.
    let mut args = base.to_vec();
    args.extend(["--expect-public-key", &pk]);
    assert_eq!(ok(d, &args).stdout.trim(), "11".repeat(32));
}

/// An xprv master key goes through the cluster and comes back with its chain code (plain and
/// JSON output).
#[test]
fn master_key_export_returns_the_chain_code() {
    // BIP-32 test vector 1, chain m.
    let xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    let chain = "873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508";
    let secret = "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35";
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(
        d,
        &[
            "cluster",
            "new",
            "--n",
            "3",
            "--dir",
            "c",
            "--envelope",
            "hpke",
        ],
    );
    std::fs::write(d.join("key.txt"), format!("{xprv}\n")).unwrap();
    ok(
        d,
        &[
            "import",
            "--signers",
            "c/signers.json",
            "--curve",
            "secp256k1",
            "--min-signers",
            "2",
            "--key-file",
            "key.txt",
            "--key-format",
            "xprv",
            "--master-key",
            "--out",
            "req.json",
        ],
    );
    // The chain code travels in hpke-v1 shares only; `export init` defaults to dfns-v1.
    common::accept_and_answer_export_with(d, "m", &["--envelope", "hpke-v1"]);
    let rec = ok(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
            "--json",
            "--keep-context",
            "--out",
            "-",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&rec.stdout).unwrap();
    assert_eq!(v["privateKey"], secret);
    assert_eq!(v["chainCode"], chain);
    let plain = ok(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
            "--out",
            "-",
        ],
    );
    assert_eq!(plain.stdout, format!("{secret}\n{chain}\n"));
    assert!(plain.stderr.contains("chain code is on the second line"));
}
