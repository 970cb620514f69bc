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
    std::fs::write(path, s).unwrap();
}

fn counts(path: &std::path::Path) -> HashMap<String, usize> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut m = HashMap::new();
    for line in text.lines() {
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
    for line in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
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
    let lines: Vec<u64> = text
        .lines()
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
