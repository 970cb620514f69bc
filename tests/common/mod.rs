//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::path::PathBuf;

/// Path to a file in `tests/vectors/dfns-v1/` (copied from the Dfns reference crates; see its README).
pub fn vector_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/dfns-v1")
        .join(name)
}

/// Load a dfns-v1 vector file as JSON.
pub fn load_vector(name: &str) -> serde_json::Value {
    let path = vector_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read vector {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

/// Decode hex from a JSON string value.
pub fn hex_of(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

/// Run a generic test body once per curve.
#[macro_export]
macro_rules! for_each_curve {
    ($body:ident) => {
        mod $body {
            #[test]
            fn secp256k1() {
                super::$body::<keyport::hazmat::curve::Secp256k1>();
            }
            #[test]
            fn ed25519() {
                super::$body::<keyport::hazmat::curve::Ed25519>();
            }
            #[test]
            fn stark() {
                super::$body::<keyport::hazmat::curve::Stark>();
            }
        }
    };
}

/// An RNG that replays recorded bytes, so recorded ephemeral values come out of keyport's own
/// sampling code path (known-answer tests). Panics when it runs out.
pub struct Replay(VecDeque<u8>);

impl Replay {
    /// Replay `bytes` in order.
    pub fn new(bytes: &[u8]) -> Self {
        Replay(bytes.iter().copied().collect())
    }

    /// Bytes not consumed yet.
    pub fn remaining(&self) -> usize {
        self.0.len()
    }
}

impl rand_core::TryRng for Replay {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for d in dst.iter_mut() {
            *d = self
                .0
                .pop_front()
                .expect("replay RNG ran out of recorded bytes");
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for Replay {}

/// A Python interop peer script (`tests/interop/*.py`), run as a child process. The python is
/// `KEYPORT_INTEROP_PYTHON`, or `python3`.
pub struct PythonPeer(pub &'static str);

impl PythonPeer {
    /// Runs the script with `args` and `stdin`; `None` if it could not be started or fed.
    /// Otherwise its exit code, trimmed stdout and stderr.
    pub fn run(&self, args: &[&str], stdin: &str) -> Option<(i32, String, String)> {
        use std::io::Write as _;
        use std::process::{Command, Stdio};
        let python = std::env::var("KEYPORT_INTEROP_PYTHON").unwrap_or_else(|_| "python3".into());
        let mut child = Command::new(python)
            .arg(self.0)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(stdin.as_bytes()).ok()?;
        let out = child.wait_with_output().ok()?;
        Some((
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    }

    /// Whether the peer runs (`check` exits 0). Under CI it must: a missing peer panics there
    /// and is a printed notice elsewhere.
    pub fn available(&self) -> bool {
        match self.run(&["check"], "") {
            Some((0, _, _)) => true,
            other => {
                let why = match other {
                    None => "python3 could not be started".to_string(),
                    Some((_, _, err)) => err.trim().to_string(),
                };
                assert!(
                    !in_ci(),
                    "pyhpke interop peer unavailable in CI ({why}); run `pip install pyhpke==0.6.5`"
                );
                eprintln!(
                    "NOTICE: skipping pyhpke interop ({why}); `pip install pyhpke==0.6.5` to run it"
                );
                false
            }
        }
    }
}

/// Whether this run is CI: `CI` set to anything but empty, `0` or `false` (what CI services
/// set, and what `.ci/run` exports).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}
