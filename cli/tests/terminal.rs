//! `export recover` refuses to print a private key to a terminal unless `--out -` is given.
//! The binary runs with its stdout on a real pseudo-terminal (rustix's safe pty calls).

mod common;

use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use assert_cmd::prelude::*;
use common::ok;
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

const SECRET: &str = "5e5e5e5e0102030405060708090a0b0c0d0e0f10111213141516171819e1e2e3";

/// A cluster with the key imported and an export response ready to recover.
fn setup(d: &Path) {
    std::fs::write(d.join("key.txt"), format!("{SECRET}\n")).unwrap();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
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
    common::accept_and_answer_export(d, "k1");
}

/// Which of the program's output streams goes to the terminal (the other one is piped).
#[derive(Clone, Copy, PartialEq)]
enum OnPty {
    Stdout,
    Stderr,
}

/// Runs `keyport args` in `dir` with stdout on a fresh pseudo-terminal and stderr piped; returns
/// the process output and everything the program wrote to the terminal.
fn run_on_pty(dir: &Path, args: &[&str]) -> (Output, String) {
    run_with_pty(dir, args, OnPty::Stdout)
}

fn run_with_pty(dir: &Path, args: &[&str], which: OnPty) -> (Output, String) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut master = File::from(master);
    // Drain the terminal while the program runs; reading ends (EIO) once every slave is closed.
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        seen
    });
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("keyport"));
    command.args(args).current_dir(dir).stdin(Stdio::null());
    if which == OnPty::Stdout {
        command.stdout(slave).stderr(Stdio::piped());
    } else {
        command.stdout(Stdio::piped()).stderr(slave);
    }
    let output = command.output().unwrap();
    drop(command);
    // The Command (and with it our copy of the slave) is gone; the child's copies closed on exit.
    let seen = reader.join().unwrap();
    (output, String::from_utf8(seen).unwrap())
}

#[test]
fn recover_refuses_a_terminal_without_out() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    setup(d);
    let (output, tty) = run_on_pty(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
        ],
    );
    output.assert().code(2).stderr(
        "error: refusing to print a private key to a terminal; use --out FILE, or --out - to \
         force stdout\n",
    );
    assert!(!tty.contains(SECRET), "the terminal got the key: {tty:?}");
    assert!(tty.is_empty(), "nothing goes to the terminal: {tty:?}");
    // The same with --json: still refused.
    let (output, tty) = run_on_pty(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
            "--json",
        ],
    );
    output.clone().assert().code(2);
    assert!(!tty.contains(SECRET), "{tty:?}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains(SECRET));
}

#[test]
fn recover_prints_to_a_terminal_with_out_dash() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    setup(d);
    let (output, tty) = run_on_pty(
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
    output.clone().assert().success();
    // The terminal turns "\n" into "\r\n".
    assert_eq!(tty.trim_end(), SECRET, "{tty:?}");
    assert!(!String::from_utf8_lossy(&output.stderr).contains(SECRET));
}

/// The refusal is about terminals only: a pipe gets the key without `--out`.
#[test]
fn recover_prints_to_a_pipe_without_out() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    setup(d);
    let r = ok(
        d,
        &[
            "export",
            "recover",
            "--context",
            "ctx.json",
            "--response",
            "resp.json",
        ],
    );
    assert_eq!(r.stdout.trim_end(), SECRET);
}

/// On a terminal, `migrate` draws a progress bar on stderr (and still ends with the summary).
#[test]
fn migrate_draws_a_progress_bar_on_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let mut keys = String::from("id,format,curve,key\n");
    for i in 1..=600u32 {
        keys.push_str(&format!("k{i},hex,secp256k1,{:064x}\n", 5000 + i));
    }
    std::fs::write(d.join("keys.csv"), keys).unwrap();
    let (output, tty) = run_with_pty(
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
            "2",
        ],
        OnPty::Stderr,
    );
    output.clone().assert().success();
    assert!(
        tty.contains('%') && tty.contains(" done, "),
        "no bar: {tty:?}"
    );
    assert!(tty.contains("migrate: 600 done, 0 skipped"), "{tty:?}");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["done"], 600);
}

/// `--key-file -` on a terminal prompts on stderr and reads the key without echoing it: the key
/// typed into the terminal never comes back out of it.
#[test]
fn key_typed_at_a_terminal_is_not_echoed() {
    use rustix::termios::{LocalModes, tcgetattr};
    use std::io::Write as _;

    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let slave = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut master = File::from(master);
    let mut reader_side = master.try_clone().unwrap();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader_side.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        seen
    });
    let child = Command::new(assert_cmd::cargo::cargo_bin!("keyport"))
        .args([
            "inspect",
            "--key-file",
            "-",
            "--key-format",
            "hex",
            "--curve",
            "secp256k1",
            "--json",
        ])
        .current_dir(d)
        .stdin(slave.try_clone().unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Type only once the program has turned echo off (otherwise the terminal would echo the
    // keystrokes before the program is ready; a person types after the prompt, too).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while tcgetattr(&slave)
        .unwrap()
        .local_modes
        .contains(LocalModes::ECHO)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "echo never turned off"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    master.write_all(format!("{SECRET}\r").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    drop(slave);
    drop(master);
    let seen = String::from_utf8(reader.join().unwrap()).unwrap();
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(output.status.success(), "{stderr}");
    assert!(!seen.contains(&SECRET[..12]), "echoed: {seen:?}");
    assert!(
        stderr.contains("--key-file: type or paste the secret"),
        "{stderr}"
    );
    assert!(!stderr.contains(&SECRET[..12]));
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["curve"], "secp256k1");
}

/// A resumed run's progress counts only this run's work: while it is still skipping the keys an
/// earlier run finished, the bar shows 0%, not the share of the file already done.
#[test]
fn resumed_migrate_progress_starts_at_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(d, &["cluster", "new", "--n", "3", "--dir", "c"]);
    let keys = |n: u32| {
        let mut s = String::from("id,format,curve,key\n");
        for i in 1..=n {
            s.push_str(&format!("k{i},hex,secp256k1,{:064x}\n", 9000 + i));
        }
        s
    };
    let args = [
        "migrate",
        "--signers",
        "c/signers.json",
        "--keys",
        "keys.csv",
        "--out",
        "out.jsonl",
        "--min-signers",
        "2",
    ];
    std::fs::write(d.join("keys.csv"), keys(1500)).unwrap();
    ok(d, &args);
    std::fs::write(d.join("keys.csv"), keys(1600)).unwrap();
    let (output, tty) = run_with_pty(d, &args, OnPty::Stderr);
    output.clone().assert().success();
    let mut frames = 0;
    for frame in tty.split(['\r', '\n']) {
        let Some(at) = frame.find("% eta") else {
            continue;
        };
        let mut percent: Vec<char> = frame[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        percent.reverse();
        let percent: String = percent.into_iter().collect();
        if frame.contains(" 0 done,") {
            frames += 1;
            assert_eq!(
                percent, "0",
                "a frame before anything was written: {frame:?}"
            );
        }
    }
    assert!(frames > 0, "no frame drawn while skipping: {tty:?}");
    assert!(tty.contains("migrate: 100 done, 1500 skipped"), "{tty:?}");
}
