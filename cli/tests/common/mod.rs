//! Helpers for running the `keyport` binary.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `keyport` with `args` in `dir`, feeding `stdin`.
pub fn keyport_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keyport"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).unwrap();
        }
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Runs and asserts success.
pub fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = keyport_in(dir, args, None);
    assert_eq!(r.code, 0, "keyport {args:?} failed: {}", r.stderr);
    r
}

/// Runs and asserts the exit code and a one-line cause on stderr.
pub fn fails(dir: &Path, args: &[&str], code: i32, needle: &str) -> Run {
    let r = keyport_in(dir, args, None);
    assert_eq!(r.code, code, "keyport {args:?}: stderr {}", r.stderr);
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(lines.len(), 1, "one error line expected: {}", r.stderr);
    assert!(
        r.stderr.contains(needle),
        "stderr lacks {needle:?}: {}",
        r.stderr
    );
    r
}

/// Mode bits of a file.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
