//! Helpers for running the `keyport` binary: every command test goes through `cmd` (assert_cmd).
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn of(output: &Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout.clone()).unwrap(),
            stderr: String::from_utf8(output.stderr.clone()).unwrap(),
        }
    }
}

/// `keyport` (the binary built for this test run) in `dir`, with an empty, closed stdin.
pub fn cmd(dir: &Path) -> assert_cmd::Command {
    let mut c = cargo_bin_cmd!("keyport");
    c.current_dir(dir).write_stdin("");
    c
}

/// Runs `keyport` with `args` in `dir`, feeding `stdin`.
pub fn keyport_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut c = cmd(dir);
    c.args(args).write_stdin(stdin.unwrap_or(""));
    Run::of(&c.output().unwrap())
}

/// Runs and asserts success.
pub fn ok(dir: &Path, args: &[&str]) -> Run {
    let assert = cmd(dir).args(args).assert().success();
    Run::of(assert.get_output())
}

/// Runs and asserts the exit code and a one-line cause on stderr.
pub fn fails(dir: &Path, args: &[&str], code: i32, needle: &str) -> Run {
    let assert = cmd(dir)
        .args(args)
        .assert()
        .code(code)
        .stderr(predicate::str::contains(needle));
    let r = Run::of(assert.get_output());
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(lines.len(), 1, "one error line expected: {}", r.stderr);
    r
}

/// Mode bits of a file.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `cluster accept` the request in `dir/req.json` into the cluster in `dir/c` as `key_id`.
pub fn accept(dir: &Path, key_id: &str) -> Run {
    ok(
        dir,
        &[
            "cluster",
            "accept",
            "--dir",
            "c",
            "--request",
            "req.json",
            "--key-id",
            key_id,
        ],
    )
}

/// The file-based export, ready to recover: `cluster accept` (see [`accept`]), `export init`
/// recording the accepted public key (context in `ctx.json`, request body in `exreq.json`),
/// then `cluster export` into `resp.json`. Returns the public key (hex).
pub fn accept_and_answer_export(dir: &Path, key_id: &str) -> String {
    accept_and_answer_export_with(dir, key_id, &[])
}

/// [`accept_and_answer_export`] with more `export init` arguments (such as `--envelope
/// hpke-v1`, which a master key's chain code needs: `export init` defaults to dfns-v1).
pub fn accept_and_answer_export_with(dir: &Path, key_id: &str, init_args: &[&str]) -> String {
    let acc = accept(dir, key_id);
    let summary: serde_json::Value = serde_json::from_str(&acc.stdout).unwrap();
    let pk = summary["publicKey"].as_str().unwrap().to_string();
    let curve = summary["curve"].as_str().unwrap().to_string();
    let init = ok(
        dir,
        &[
            "export",
            "init",
            "--context-out",
            "ctx.json",
            "--expect-public-key",
            &pk,
            "--curve",
            &curve,
        ]
        .into_iter()
        .chain(init_args.iter().copied())
        .collect::<Vec<_>>(),
    );
    std::fs::write(dir.join("exreq.json"), &init.stdout).unwrap();
    ok(
        dir,
        &[
            "cluster",
            "export",
            "--dir",
            "c",
            "--key-id",
            key_id,
            "--request",
            "exreq.json",
            "--out",
            "resp.json",
        ],
    );
    pk
}
