//! `keyport migrate`: output per key, and resumption after SIGKILL with every key exactly once.

mod common;

use std::collections::HashMap;
use std::process::{Command, Stdio};

use common::ok;

fn write_keys(path: &std::path::Path, n: usize) {
    let mut s = String::from("id,format,curve,key\n");
    for i in 1..=n {
        s.push_str(&format!("k{i},hex,secp256k1,{:064x}\n", i as u128 * 7919));
    }
    write_secret(path, &s);
}

/// Writes a keys file with mode 0600 (as a keys file should be; others draw a warning).
fn write_secret(path: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// The request lines of an output (after its header line, which is checked).
fn request_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut lines = text.lines();
    if let Some(first) = lines.next() {
        let h: serde_json::Value = serde_json::from_str(first).unwrap();
        assert_eq!(h["keyportMigrate"], 1, "{first}");
    }
    lines
}

fn counts(path: &std::path::Path) -> HashMap<String, usize> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut m = HashMap::new();
    for line in request_lines(&text) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        *m.entry(v["id"].as_str().unwrap().to_string()).or_insert(0) += 1;
        assert!(v["publicKey"].is_string());
        assert!(v["request"]["encryptedKeyShares"].is_array());
    }
    m
}

#[test]
fn migrate_jsonl_and_csv_with_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let seed = "07".repeat(32);
    std::fs::write(
        d.join("keys.jsonl"),
        format!(
            "{{\"id\":\"a\",\"format\":\"hex\",\"curve\":\"stark\",\"key\":\"{}\"}}\n\
             {{\"id\":\"b\",\"format\":\"ed25519-seed\",\"key\":\"{seed}\"}}\n\
             {{\"id\":\"c\",\"format\":\"hex\",\"curve\":\"secp256k1\",\"key\":\"zz\"}}\n",
            "01".repeat(32)
        ),
    )
    .unwrap();
    let r = common::keyport_in(
        d,
        &[
            "migrate",
            "--signers",
            "c/signers.json",
            "--keys",
            "keys.jsonl",
            "--out",
            "out.jsonl",
            "--min-signers",
            "2",
        ],
        None,
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    assert!(!r.stderr.contains("zz\""), "{}", r.stderr);
    let c = counts(&d.join("out.jsonl"));
    assert_eq!(c.len(), 2);
    assert_eq!(c["a"], 1);
    assert_eq!(c["b"], 1);
    let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(summary["done"], 2);
    // Re-run: the finished keys are skipped.
    let r2 = common::keyport_in(
        d,
        &[
            "migrate",
            "--signers",
            "c/signers.json",
            "--keys",
            "keys.jsonl",
            "--out",
            "out.jsonl",
            "--min-signers",
            "2",
        ],
        None,
    );
    let summary: serde_json::Value = serde_json::from_str(&r2.stdout).unwrap();
    assert_eq!(summary["done"], 0);
    assert_eq!(summary["skipped"], 2);
    assert_eq!(counts(&d.join("out.jsonl")).len(), 2);
}

#[test]
fn migrate_survives_sigkill_and_resumes_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "5", "--dir", "c"]);
    let n = 3000;
    write_keys(&d.join("keys.csv"), n);
    let out = d.join("out.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_keyport"))
        .args([
            "migrate",
            "--signers",
            "c/signers.json",
            "--keys",
            "keys.csv",
            "--out",
            "out.jsonl",
            "--min-signers",
            "3",
            "--jobs",
            "2",
        ])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some output exists, then kill -9 mid-run.
    loop {
        let len = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        if len > 0 {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    let partial = counts_tolerant(&out);
    assert!(partial.values().all(|&c| c == 1));
    let r = ok(
        d,
        &[
            "migrate",
            "--signers",
            "c/signers.json",
            "--keys",
            "keys.csv",
            "--out",
            "out.jsonl",
            "--min-signers",
            "3",
        ],
    );
    let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        summary["done"].as_u64().unwrap() + summary["skipped"].as_u64().unwrap(),
        n as u64
    );
    assert_eq!(
        summary["skipped"].as_u64().unwrap(),
        partial.len() as u64,
        "the keys finished before the kill are skipped"
    );
    let c = counts(&out);
    assert_eq!(c.len(), n);
    for i in 1..=n {
        assert_eq!(c.get(&format!("k{i}")), Some(&1), "k{i}");
    }
}

/// Like `counts`, but ignores a torn last line.
fn counts_tolerant(path: &std::path::Path) -> HashMap<String, usize> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut m = HashMap::new();
    for line in text
        .split_inclusive('\n')
        .filter(|l| l.ends_with('\n') && !l.contains("keyportMigrate"))
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        *m.entry(v["id"].as_str().unwrap().to_string()).or_insert(0) += 1;
    }
    m
}

fn migrate_args() -> Vec<&'static str> {
    vec![
        "migrate",
        "--signers",
        "c/signers.json",
        "--keys",
        "keys.csv",
        "--out",
        "out.jsonl",
        "--min-signers",
        "2",
    ]
}

/// A failed line in the middle is retried by the next run and lands after the later lines; a third
/// run still recognises every finished line (the output is then two sorted stretches).
#[test]
fn migrate_retries_a_failed_middle_line_then_skips_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let good = |i: u32| format!("{:064x}", 1000 + i);
    let keys = |middle: &str| {
        format!(
            "id,format,curve,key\nk1,hex,secp256k1,{}\nk2,hex,secp256k1,{middle}\n\
             # a comment\nk3,hex,secp256k1,{}\nk4,hex,secp256k1,{}\n",
            good(1),
            good(3),
            good(4)
        )
    };
    std::fs::write(d.join("keys.csv"), keys("zz")).unwrap();
    let r = common::keyport_in(d, &migrate_args(), None);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("line 3 (id \"k2\")"), "{}", r.stderr);
    let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(summary["done"], 3);
    // Fix the key of k2 and re-run: only k2 is imported.
    std::fs::write(d.join("keys.csv"), keys(&good(2))).unwrap();
    let r = ok(d, &migrate_args());
    let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(summary["done"], 1);
    assert_eq!(summary["skipped"], 3);
    let text = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
    let lines: Vec<u64> = request_lines(&text)
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [2, 5, 6, 3]);
    // A third run has nothing to do.
    let r = ok(d, &migrate_args());
    let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(summary["done"], 0);
    assert_eq!(summary["skipped"], 4);
    let c = counts(&d.join("out.jsonl"));
    assert_eq!(c.len(), 4);
    assert!(c.values().all(|&n| n == 1));
}

/// Resuming against a keys file whose lines no longer match the output is refused, not guessed.
#[test]
fn migrate_refuses_to_resume_against_a_changed_keys_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    write_keys(&d.join("keys.csv"), 3);
    ok(d, &migrate_args());
    let before = std::fs::read(d.join("out.jsonl")).unwrap();
    // Swap the ids of lines 2 and 3.
    let text = std::fs::read_to_string(d.join("keys.csv")).unwrap();
    let swapped = text.replacen("k1,", "kx,", 1).replacen("k2,", "k1,", 1);
    std::fs::write(d.join("keys.csv"), swapped.replacen("kx,", "k2,", 1)).unwrap();
    common::fails(
        d,
        &migrate_args(),
        3,
        "line 2 of the keys file has id \"k2\", but the output has \"k1\"",
    );
    // Fewer lines than the output knows about.
    write_keys(&d.join("keys.csv"), 2);
    common::fails(
        d,
        &migrate_args(),
        3,
        "has a request for line 4 (id \"k3\") that does not match the keys file",
    );
    assert_eq!(std::fs::read(d.join("out.jsonl")).unwrap(), before);
}

/// The progress bar is for terminals only: piped stderr gets the summary lines and nothing else.
#[test]
fn migrate_stderr_without_a_terminal_has_no_progress_bar() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    write_keys(&d.join("keys.csv"), 5);
    let r = ok(d, &migrate_args());
    assert_eq!(
        r.stderr,
        "migrate: 5 done, 0 skipped (already in out.jsonl), 0 failed\n"
    );
}

fn migrate_into(d: &std::path::Path, keys: &str, signers: &str, t: &str) -> common::Run {
    common::keyport_in(
        d,
        &[
            "migrate",
            "--signers",
            signers,
            "--keys",
            keys,
            "--out",
            "out.jsonl",
            "--min-signers",
            t,
        ],
        None,
    )
}

/// A key put in any column of a CSV or JSONL record is never printed: not on stderr, not in the
/// JSON summary, not in the output; the message names the column instead.
#[test]
fn migrate_never_prints_a_key_from_a_misplaced_column() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let key = "c0ffee0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d";
    // Each record has the key in another column (and a valid key elsewhere where that helps
    // the record get further).
    let csv = format!(
        "{key},hex,secp256k1,{key}\n\
         k2,{key},secp256k1,{key}\n\
         k3,hex,{key},{key}\n\
         k4,hex,secp256k1,{key},{key}\n\
         k5,hex,{key},secp256k1\n\
         k6,{key},hex,secp256k1\n"
    );
    let jsonl = [
        format!(r#"{{"id":"{key}","format":"hex","curve":"secp256k1","key":"{key}"}}"#),
        format!(r#"{{"id":"j2","format":"{key}","curve":"secp256k1","key":"{key}"}}"#),
        format!(r#"{{"id":"j3","format":"hex","curve":"{key}","key":"{key}"}}"#),
        format!(
            r#"{{"id":"j4","format":"hex","curve":"secp256k1","key":"{key}","protocol":"{key}"}}"#
        ),
        format!(r#"{{"id":"j5","format":"hex","curve":"secp256k1","key":"secp256k1","{key}":1}}"#),
        format!(r#"{{"id":"j6","format":"hex","curve":"secp256k1","key":{key}}}"#),
    ]
    .join("\n");
    for (file, text, n) in [("keys.csv", csv, 6), ("keys.jsonl", jsonl, 6)] {
        write_secret(&d.join(file), &text);
        let _ = std::fs::remove_file(d.join("out.jsonl"));
        let r = migrate_into(d, file, "c/signers.json", "2");
        assert_eq!(r.code, 3, "{}", r.stderr);
        for shown in [&r.stderr, &r.stdout] {
            assert!(!shown.contains(&key[..16]), "{file}: key shown:\n{shown}");
            assert!(!shown.contains("c0ffee"), "{file}: key shown:\n{shown}");
        }
        let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(summary["done"], 0, "{file}: {}", r.stdout);
        assert_eq!(summary["failed"].as_array().unwrap().len(), n, "{file}");
        assert!(
            !std::fs::read_to_string(d.join("out.jsonl"))
                .unwrap()
                .contains("c0ffee")
        );
    }
    // The reasons name the column.
    write_secret(&d.join("k.csv"), &format!("k1,hex,{key},{key}\n"));
    let _ = std::fs::remove_file(d.join("out.jsonl"));
    let r = migrate_into(d, "k.csv", "c/signers.json", "2");
    assert!(
        r.stderr.contains(
            "failed: line 1 (id \"k1\"): the curve column is not a curve name (value not shown)"
        ),
        "{}",
        r.stderr
    );
    write_secret(&d.join("k.csv"), &format!("{key},hex,secp256k1,{key}\n"));
    let _ = std::fs::remove_file(d.join("out.jsonl"));
    let r = migrate_into(d, "k.csv", "c/signers.json", "2");
    assert!(
        r.stderr.contains(
            "failed: line 1 (id \"\"): the id column holds what looks like a key (not shown)"
        ),
        "{}",
        r.stderr
    );
}

/// A re-run with other signers, another threshold, or another key under a finished id is
/// refused, naming what changed, and the output is left as it was.
#[test]
fn migrate_refuses_a_rerun_that_differs_naming_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c2"]);
    write_keys(&d.join("keys.csv"), 3);
    ok(d, &migrate_args());
    let before = std::fs::read(d.join("out.jsonl")).unwrap();
    let header: serde_json::Value = serde_json::from_str(
        std::str::from_utf8(&before)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["minSigners"], 2);
    assert_eq!(header["envelope"], "hpke-v1");
    assert_eq!(header["clusterId"], "cluster-1");
    assert_eq!(header["defaultProtocols"]["ed25519"], "FROST");
    assert_eq!(header["signers"].as_str().unwrap().len(), 64);
    let first: serde_json::Value = serde_json::from_str(
        std::str::from_utf8(&before)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["keyFingerprint"].as_str().unwrap().len(), 64);
    assert_eq!(first["protocol"], "CGGMP24");

    let r = migrate_into(d, "keys.csv", "c/signers.json", "3");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("--min-signers (2 in the output, 3 now)"),
        "{}",
        r.stderr
    );
    let r = migrate_into(d, "keys.csv", "c2/signers.json", "2");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("differs in the signer set"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("--min-signers"), "{}", r.stderr);
    // Another key under id k2.
    let text = std::fs::read_to_string(d.join("keys.csv")).unwrap();
    let changed = text.replace(&format!("{:064x}", 2 * 7919), &format!("{:064x}", 5));
    write_secret(&d.join("keys.csv"), &changed);
    let r = migrate_into(d, "keys.csv", "c/signers.json", "2");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("line 3 (id \"k2\"): the key differs from the one the output holds"),
        "{}",
        r.stderr
    );
    // Another protocol for k1.
    let changed = text.replacen(
        &format!("{:064x}\n", 7919),
        &format!("{:064x},FROST_BITCOIN\n", 7919),
        1,
    );
    write_secret(&d.join("keys.csv"), &changed);
    let r = migrate_into(d, "keys.csv", "c/signers.json", "2");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "line 2 (id \"k1\"): the protocol differs (CGGMP24 in the output, FROST_BITCOIN now)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(d.join("out.jsonl")).unwrap(), before);
    // An output that is not a migrate output (no header) is refused, not appended to.
    std::fs::write(d.join("other.jsonl"), "{\"id\":\"x\",\"line\":1}\n").unwrap();
    write_secret(&d.join("keys.csv"), &text);
    let r = common::keyport_in(
        d,
        &[
            "migrate",
            "--signers",
            "c/signers.json",
            "--keys",
            "keys.csv",
            "--out",
            "other.jsonl",
            "--min-signers",
            "2",
        ],
        None,
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("is not a keyport migrate output"),
        "{}",
        r.stderr
    );
}

/// Two records with one id are refused, naming both lines; nothing is written for that chunk.
#[test]
fn migrate_refuses_duplicate_ids_naming_both_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    write_secret(
        &d.join("keys.csv"),
        &format!(
            "id,format,curve,key\na,hex,secp256k1,{:064x}\nb,hex,secp256k1,{:064x}\n\
             a,hex,secp256k1,{:064x}\n",
            11, 12, 13
        ),
    );
    let r = common::fails(
        d,
        &migrate_args(),
        3,
        "lines 2 and 4 of the keys file have the same id \"a\"",
    );
    assert!(r.stdout.is_empty());
    let out = std::fs::read_to_string(d.join("out.jsonl")).unwrap();
    assert_eq!(out.lines().count(), 1, "only the header: {out}");
}

/// Quoted CSV fields, CRLF line ends and `--keys -` (stdin).
#[test]
fn migrate_reads_quoted_csv_from_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let keys = format!(
        "\"id\",\"format\",\"curve\",\"key\"\r\n\"a, the first\",hex,secp256k1,\"{:064x}\"\r\n\
         \"b \"\"quoted\"\"\",\"ed25519-seed\",,{}\r\n",
        21,
        "07".repeat(32)
    );
    let r = common::keyport_in(
        d,
        &[
            "migrate",
            "--signers",
            "c/signers.json",
            "--keys",
            "-",
            "--out",
            "out.jsonl",
            "--min-signers",
            "2",
        ],
        Some(&keys),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = counts(&d.join("out.jsonl"));
    assert_eq!(c.get("a, the first"), Some(&1), "{c:?}");
    assert_eq!(c.get("b \"quoted\""), Some(&1), "{c:?}");
}

/// While one run holds the output, a second is refused.
#[test]
fn migrate_refuses_a_second_runner_on_a_locked_output() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    write_keys(&d.join("keys.csv"), 2);
    let held = std::fs::File::create(d.join("out.jsonl")).unwrap();
    held.lock().unwrap();
    let r = common::fails(
        d,
        &migrate_args(),
        2,
        "out.jsonl is being written by another keyport migrate",
    );
    assert!(r.stdout.is_empty());
    drop(held);
    ok(d, &migrate_args());
}
