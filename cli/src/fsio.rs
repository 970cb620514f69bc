//! Reading inputs and writing outputs; secret files are 0600.

use std::fs::{self, OpenOptions};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use zeroize::Zeroizing;

use crate::{CliError, CliResult};

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether an argument that should be a path looks like a key pasted in its place.
fn looks_like_secret(arg: &str) -> bool {
    let words = arg.split_whitespace().count();
    if words >= 12 {
        return true; // a mnemonic
    }
    if arg.contains('/') || arg.contains('.') {
        return false;
    }
    let body = arg.strip_prefix("0x").unwrap_or(arg);
    (body.len() >= 40 && body.chars().all(|c| c.is_ascii_alphanumeric())) || arg.starts_with('[')
}

fn io_cause(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Reads a public (non-secret) text input; `-` is stdin.
pub fn read_text(path: &Path) -> CliResult<String> {
    if is_stdin(path) {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| CliError::io(format!("cannot read stdin: {}", io_cause(&e))))?;
        return Ok(s);
    }
    fs::read_to_string(path)
        .map_err(|e| CliError::io(format!("cannot read {}: {}", path.display(), io_cause(&e))))
}

/// Reads a secret input (key, passphrase) from a file or stdin (`-`), trimmed of surrounding
/// whitespace. If the argument is no file and looks like a key, says so without echoing it.
pub fn read_secret(path: &Path, option: &str) -> CliResult<Zeroizing<String>> {
    let mut raw = Zeroizing::new(Vec::new());
    if is_stdin(path) {
        std::io::stdin()
            .read_to_end(&mut raw)
            .map_err(|e| CliError::io(format!("cannot read stdin: {}", io_cause(&e))))?;
    } else {
        match fs::File::open(path) {
            Ok(mut f) => {
                f.read_to_end(&mut raw).map_err(|e| {
                    CliError::io(format!("cannot read {option} file: {}", io_cause(&e)))
                })?;
            }
            Err(e) => {
                let arg = path.to_string_lossy();
                if looks_like_secret(&arg) {
                    return Err(CliError::usage(format!(
                        "{option} takes a path to a file holding the secret (or - for stdin), \
                         but was given what looks like the secret itself (not shown); \
                         never put secrets on the command line"
                    )));
                }
                return Err(CliError::io(format!(
                    "cannot read {option} {}: {}",
                    path.display(),
                    io_cause(&e)
                )));
            }
        }
    }
    let text = std::str::from_utf8(&raw)
        .map_err(|_| CliError::input(format!("{option}: the file is not UTF-8 text")))?;
    Ok(Zeroizing::new(text.trim().to_string()))
}

/// Writes a secret file with mode 0600 (also tightening an existing file).
pub fn write_secret_file(path: &Path, bytes: &[u8]) -> CliResult<()> {
    let cause = |e: std::io::Error| {
        CliError::io(format!("cannot write {}: {}", path.display(), io_cause(&e)))
    };
    let mut f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(cause)?;
    f.set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(cause)?;
    f.write_all(bytes).map_err(cause)?;
    f.sync_all().map_err(cause)
}

/// Writes bytes to stdout.
pub fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io(format!("cannot write stdout: {}", io_cause(&e))))
}

/// Writes a public output to a file, or stdout for `None` or `-`.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> CliResult<()> {
    match path {
        None => write_stdout(bytes),
        Some(p) if is_stdin(p) => write_stdout(bytes),
        Some(p) => fs::write(p, bytes)
            .map_err(|e| CliError::io(format!("cannot write {}: {}", p.display(), io_cause(&e)))),
    }
}
