//! Input that users get wrong, and the secret files around an export (issue 17): each test runs
//! the binary as a person would and pins the message they get.

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use common::{fails, mode, ok};

const KEY: &str = "1f2e3d4c5b6a79880102030405060708090a0b0c0d0e0f1011121314151617aa";
const MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

fn write_secret(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn setup(envelope: &str) -> tempfile::TempDir {
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
            envelope,
        ],
    );
    write_secret(&d.join("key.txt"), KEY);
    tmp
}

fn import<'a>(extra: &[&'a str]) -> Vec<&'a str> {
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

/// The key imported, exported and answered: `ctx.json` and `resp.json` are ready to recover.
fn exported(envelope: &str) -> tempfile::TempDir {
    let t = setup(envelope);
    let d = t.path();
    ok(
        d,
        &import(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
            "--out",
            "req.json",
        ]),
    );
    common::accept(d, "k");
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
    std::fs::write(d.join("exreq.json"), &init.stdout).unwrap();
    ok(
        d,
        &[
            "cluster",
            "export",
            "--dir",
            "c",
            "--key-id",
            "k",
            "--request",
            "exreq.json",
            "--out",
            "resp.json",
        ],
    );
    t
}

fn recover_args(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v = vec![
        "export",
        "recover",
        "--context",
        "ctx.json",
        "--response",
        "resp.json",
        // These tests are about the context file and the error cases, not about the expected
        // key (flow.rs covers that); the response's own key is trusted here.
        "--trust-response-public-key",
        "--out",
        "-",
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn ed25519_hex_is_refused_naming_seed_and_scalar() {
    let t = setup("hpke");
    let d = t.path();
    let r = fails(
        d,
        &import(&[
            "--curve",
            "ed25519",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ]),
        3,
        "name it: ed25519-seed (the RFC 8032 seed wallets hold, and what Dfns's SDK assumes) or \
         ed25519-scalar (the clamped, reduced scalar an export returns)",
    );
    assert!(r.stdout.is_empty());
    assert!(!r.stderr.contains("public key:"));
    // auto on ed25519 hex asks the same question.
    fails(
        d,
        &import(&["--curve", "ed25519", "--key-file", "key.txt"]),
        3,
        "the input could be any of: ed25519-seed, ed25519-scalar",
    );
    // The two named formats read the same hex as two different keys, each as its name says:
    // the scalar of a seed, read as a scalar, is the seed's key.
    let pk = |file: &str, format: &str| {
        let r = ok(
            d,
            &[
                "inspect",
                "--key-file",
                file,
                "--key-format",
                format,
                "--json",
            ],
        );
        serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()["publicKey"].clone()
    };
    let seed: [u8; 32] = hex::decode(KEY).unwrap().try_into().unwrap();
    let parsed =
        keyport::keys::ParsedKey::from_ed25519_seed(zeroize::Zeroizing::new(seed)).unwrap();
    write_secret(&d.join("scalar.txt"), &hex::encode(parsed.secret_bytes()));
    assert_eq!(
        pk("scalar.txt", "ed25519-scalar"),
        pk("key.txt", "ed25519-seed")
    );
    assert_ne!(
        pk("scalar.txt", "ed25519-scalar"),
        pk("scalar.txt", "ed25519-seed")
    );
}

#[test]
fn mnemonic_path_is_shown_and_addresses_match_it() {
    let t = setup("hpke");
    let d = t.path();
    write_secret(&d.join("words.txt"), MNEMONIC);
    let r = ok(
        d,
        &[
            "inspect",
            "--key-file",
            "words.txt",
            "--key-format",
            "mnemonic",
            "--curve",
            "secp256k1",
        ],
    );
    assert!(
        r.stdout.contains("path:       m/44'/60'/0'/0/0"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("ethereum"), "{}", r.stdout);
    assert!(!r.stdout.contains("bitcoin p2wpkh "), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("not shown: addresses of chains whose standard path this is not"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("note: the key was derived from the mnemonic along m/44'/60'/0'/0/0"),
        "{}",
        r.stderr
    );
    let json = ok(
        d,
        &[
            "inspect",
            "--key-file",
            "words.txt",
            "--key-format",
            "mnemonic",
            "--curve",
            "secp256k1",
            "--path",
            "m/84'/0'/0'/0/0",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["derivationPath"], "m/84'/0'/0'/0/0");
    // BIP-84 test vector (the first receive address of this mnemonic).
    assert_eq!(
        v["addresses"]["bitcoinP2wpkh"],
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    );
    assert!(v["addresses"].get("ethereum").is_none(), "{v}");
    assert_eq!(
        v["addressesNotOnTheirStandardPath"],
        serde_json::json!(["ethereum", "bitcoinP2pkh", "bitcoinP2tr"])
    );
    // import says the path too, on stderr, with the rest of what the request is for.
    let imp = ok(
        d,
        &import(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "words.txt",
            "--key-format",
            "mnemonic",
        ]),
    );
    assert!(
        imp.stderr.contains("path:       m/44'/60'/0'/0/0"),
        "{}",
        imp.stderr
    );
}

#[test]
fn import_validates_everything_before_printing_anything() {
    let t = setup("hpke");
    let d = t.path();
    for (extra, code, needle) in [
        (
            vec!["--curve", "secp256k1", "--protocol", "FROST"],
            3,
            "protocol FROST does not run on curve secp256k1",
        ),
        (
            vec!["--protocol", "FROST"],
            3,
            "protocol FROST does not run",
        ),
        (
            vec!["--curve", "secp256k1", "--master-key"],
            3,
            "--master-key needs a key with a chain code",
        ),
    ] {
        let mut args = import(&["--key-file", "key.txt", "--key-format", "hex"]);
        if !extra.contains(&"--curve") {
            args.extend(["--curve", "stark"]);
        }
        args.extend(extra);
        let r = fails(d, &args, code, needle);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(!r.stderr.contains("public key:"), "{}", r.stderr);
        assert!(!r.stderr.contains("ethereum"), "{}", r.stderr);
    }
    let r = fails(
        d,
        &[
            "import",
            "--signers",
            "c/signers.json",
            "--min-signers",
            "5",
            "--curve",
            "secp256k1",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
        ],
        3,
        "threshold 5 of 3 is out of range",
    );
    assert!(!r.stderr.contains("public key:"), "{}", r.stderr);
}

#[test]
fn reads_are_capped_and_name_the_file() {
    let t = setup("hpke");
    let d = t.path();
    let r = fails(
        d,
        &import(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "/dev/zero",
            "--key-format",
            "hex",
        ]),
        3,
        "--key-file file /dev/zero is larger than 16 KiB",
    );
    assert!(r.stdout.is_empty());
    let big = format!("[{}]", " ".repeat(9 * 1024 * 1024));
    std::fs::write(d.join("big.json"), big).unwrap();
    fails(
        d,
        &[
            "import",
            "--signers",
            "big.json",
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
        "big.json is larger than 8192 KiB",
    );
    fails(
        d,
        &import(&[
            "--curve",
            "secp256k1",
            "--key-file",
            "nope.txt",
            "--key-format",
            "hex",
        ]),
        5,
        "cannot read --key-file file nope.txt: no such file",
    );
}

#[test]
fn a_json_document_given_as_the_key_is_named() {
    let t = setup("hpke");
    let d = t.path();
    let r = fails(
        d,
        &import(&["--curve", "secp256k1", "--key-file", "c/signers.json"]),
        3,
        "the key input is a JSON document (a ListSigners response (a signers file)), not a \
         private key",
    );
    assert!(!r.stderr.contains("mnemonic"), "{}", r.stderr);
    ok(d, &["export", "init", "--context-out", "ctx.json"]);
    fails(
        d,
        &["inspect", "--key-file", "ctx.json"],
        3,
        "(an export context or a signer key file)",
    );
}

#[test]
fn a_key_file_readable_by_others_draws_a_warning() {
    let t = setup("hpke");
    let d = t.path();
    std::fs::write(d.join("open.txt"), KEY).unwrap();
    std::fs::set_permissions(d.join("open.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let r = ok(
        d,
        &[
            "inspect",
            "--key-file",
            "open.txt",
            "--key-format",
            "hex",
            "--curve",
            "secp256k1",
        ],
    );
    assert!(
        r.stderr.contains(
            "warning: open.txt holds a secret but is readable by others (mode 0644); run chmod \
             600 on it"
        ),
        "{}",
        r.stderr
    );
    let r = ok(
        d,
        &[
            "inspect",
            "--key-file",
            "key.txt",
            "--key-format",
            "hex",
            "--curve",
            "secp256k1",
        ],
    );
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn export_init_refuses_to_overwrite_a_pending_context() {
    let t = setup("hpke");
    let d = t.path();
    ok(d, &["export", "init", "--context-out", "ctx.json"]);
    let before = std::fs::read(d.join("ctx.json")).unwrap();
    let r = fails(
        d,
        &["export", "init", "--context-out", "ctx.json"],
        2,
        "ctx.json already exists: it may be the context of an export still pending",
    );
    assert!(
        r.stdout.is_empty(),
        "no request for a context that was not written"
    );
    assert_eq!(std::fs::read(d.join("ctx.json")).unwrap(), before);
    ok(
        d,
        &["export", "init", "--context-out", "ctx.json", "--force"],
    );
    assert_ne!(std::fs::read(d.join("ctx.json")).unwrap(), before);
    assert_eq!(mode(&d.join("ctx.json")), 0o600);
}

#[test]
fn recover_wipes_the_context_unless_kept() {
    let t = exported("hpke");
    let d = t.path();
    let kept = ok(d, &recover_args(&["--keep-context"]));
    assert_eq!(kept.stdout.trim(), KEY);
    assert!(d.join("ctx.json").exists());
    let r = ok(d, &recover_args(&[]));
    assert_eq!(r.stdout.trim(), KEY);
    assert!(
        r.stderr
            .contains("wiped and deleted the one-time export context ctx.json"),
        "{}",
        r.stderr
    );
    assert!(!d.join("ctx.json").exists());
    // It is gone: the same response cannot be recovered again.
    fails(
        d,
        &recover_args(&[]),
        5,
        "cannot read ctx.json: no such file",
    );
}

#[test]
fn secret_outputs_are_created_new_and_never_follow_a_symlink() {
    let t = exported("hpke");
    let d = t.path();
    std::fs::write(d.join("victim.txt"), "precious").unwrap();
    std::fs::set_permissions(d.join("victim.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink("victim.txt", d.join("link.key")).unwrap();
    let args = |out: &'static str, force: bool| {
        let mut v = vec![
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
            "--keep-context",
            "--trust-response-public-key",
            "--out",
            out,
        ];
        if force {
            v.push("--force");
        }
        v
    };
    fails(
        d,
        &args("link.key", false),
        2,
        "link.key already exists; refusing to overwrite",
    );
    fails(
        d,
        &args("victim.txt", false),
        2,
        "victim.txt already exists",
    );
    assert_eq!(
        std::fs::read_to_string(d.join("victim.txt")).unwrap(),
        "precious"
    );
    // --force replaces the link itself; its target is untouched (content and mode).
    ok(d, &args("link.key", true));
    assert_eq!(
        std::fs::read_to_string(d.join("victim.txt")).unwrap(),
        "precious"
    );
    assert_eq!(mode(&d.join("victim.txt")), 0o644);
    let meta = std::fs::symlink_metadata(d.join("link.key")).unwrap();
    assert!(meta.is_file(), "a regular file now, not a link");
    assert_eq!(mode(&d.join("link.key")), 0o600);
    assert_eq!(
        std::fs::read_to_string(d.join("link.key")).unwrap().trim(),
        KEY
    );
}

#[test]
fn recovery_errors_tell_the_cases_apart() {
    // Shares that open but belong to another key (dfns-v1 does not bind the expected key, so
    // the shares still decrypt when the response names another public key).
    let t = exported("dfns-v1");
    let d = t.path();
    let resp = std::fs::read_to_string(d.join("resp.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&resp).unwrap();
    let other = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    v["publicKey"] = serde_json::json!(other);
    std::fs::write(d.join("other-key.json"), v.to_string()).unwrap();
    let mut args = recover_args(&["--keep-context"]);
    args[5] = "other-key.json";
    fails(
        d,
        &args,
        4,
        &format!(
            "shares opened, but no set of 2 of them fits the expected key {other}: the \
             response's shares are not shares of that key"
        ),
    );
    // Two of three shares corrupted: too few good ones, and those signers are named.
    let mut v: serde_json::Value = serde_json::from_str(&resp).unwrap();
    let shares = v["encryptedKeyShares"].as_array_mut().unwrap();
    let mut bad = Vec::new();
    for share in shares.iter_mut().take(2) {
        let ct = share["encryptedKeyShare"].as_str().unwrap().to_string();
        let flipped = if ct.starts_with('A') { "B" } else { "A" };
        share["encryptedKeyShare"] = serde_json::json!(format!("{flipped}{}", &ct[1..]));
        bad.push(share["signerId"].as_str().unwrap().to_string());
    }
    std::fs::write(d.join("bad.json"), v.to_string()).unwrap();
    args[5] = "bad.json";
    let r = fails(d, &args, 4, "only 1 of 3 shares are good but 2 are needed");
    for signer in &bad {
        assert!(r.stderr.contains(signer.as_str()), "{signer}: {}", r.stderr);
    }
    assert!(
        r.stderr.contains("these signers' shares were bad"),
        "{}",
        r.stderr
    );
    assert!(
        d.join("ctx.json").exists(),
        "a failed recovery keeps the context"
    );
}
