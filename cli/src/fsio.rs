//! Reading inputs and writing outputs.
//!
//! - Every read is capped ([`KEY_FILE_CAP`], [`DOCUMENT_CAP`]) and a file over its cap is named.
//! - Secret files are created new, never followed through a symlink, mode 0600
//!   ([`write_secret_file`]); an existing file is refused unless the caller forces it.
//! - A key file readable by group or others draws a warning, as ssh gives.
//! - A secret read from a terminal (`-` on a tty) is read without echo.

use std::fs::{self, File, OpenOptions};
use std::io::{IsTerminal as _, Read, Write as _};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use zeroize::Zeroizing;

use crate::{CliError, CliResult};

/// Largest secret input read (a key, a passphrase): 16 KiB. The longest key format (a Solana
/// JSON key file, a 24-word mnemonic) is under 400 bytes.
pub const KEY_FILE_CAP: u64 = 16 * 1024;
/// Largest JSON document read (signers, requests, responses, contexts): 8 MiB. A request for
/// the largest supported cluster is a few hundred KB.
pub const DOCUMENT_CAP: u64 = 8 * 1024 * 1024;

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether an argument that should be a path looks like a key pasted in its place (a mnemonic,
/// or a long run of hex/base58 characters). Also used to keep such text out of messages.
pub fn looks_like_secret(arg: &str) -> bool {
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

/// A short cause for an I/O error (no OS error number noise for the common cases).
pub fn io_cause(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::AlreadyExists => "the file already exists".to_string(),
        _ => e.to_string(),
    }
}

/// The name a message uses for an input: its path, or "stdin".
fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads at most `cap` bytes of `reader` into `buf`; a longer input is an error naming `name`.
fn read_capped(
    reader: impl Read,
    buf: &mut Vec<u8>,
    cap: u64,
    name: &str,
    what: &str,
) -> CliResult<()> {
    reader
        .take(cap + 1)
        .read_to_end(buf)
        .map_err(|e| CliError::io(format!("cannot read {name}: {}", io_cause(&e))))?;
    if buf.len() as u64 > cap {
        return Err(CliError::input(format!(
            "{name} is larger than {} KiB, too large for {what}; is it the right file?",
            cap / 1024
        )));
    }
    Ok(())
}

/// Reads a public (non-secret) JSON document, at most [`DOCUMENT_CAP`] bytes; `-` is stdin.
pub fn read_text(path: &Path) -> CliResult<String> {
    let name = display_name(path);
    let mut buf = Vec::new();
    if is_stdin(path) {
        read_capped(
            std::io::stdin().lock(),
            &mut buf,
            DOCUMENT_CAP,
            &name,
            "a JSON document",
        )?;
    } else {
        let f = File::open(path)
            .map_err(|e| CliError::io(format!("cannot read {name}: {}", io_cause(&e))))?;
        read_capped(f, &mut buf, DOCUMENT_CAP, &name, "a JSON document")?;
    }
    String::from_utf8(buf).map_err(|_| CliError::input(format!("{name} is not UTF-8 text")))
}

/// Reads a secret input (key, passphrase) from a file or stdin (`-`), at most [`KEY_FILE_CAP`]
/// bytes, trimmed of surrounding whitespace.
///
/// - On a terminal, `-` prompts on stderr and reads one line without echo.
/// - A file readable by group or others draws a warning naming it.
/// - If the argument is no file and looks like a key, says so without echoing it.
pub fn read_secret(path: &Path, option: &str) -> CliResult<Zeroizing<String>> {
    let mut raw = Zeroizing::new(Vec::new());
    if is_stdin(path) {
        if std::io::stdin().is_terminal() {
            return read_from_terminal(option);
        }
        read_capped(
            std::io::stdin().lock(),
            &mut raw,
            KEY_FILE_CAP,
            &format!("{option} stdin"),
            "a key",
        )?;
    } else {
        let f = match File::open(path) {
            Ok(f) => f,
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
                    "cannot read {option} file {}: {}",
                    path.display(),
                    io_cause(&e)
                )));
            }
        };
        warn_if_readable_by_others(&f, path);
        read_capped(
            f,
            &mut raw,
            KEY_FILE_CAP,
            &format!("{option} file {}", path.display()),
            "a key",
        )?;
    }
    let text = std::str::from_utf8(&raw).map_err(|_| {
        CliError::input(format!(
            "{option} {}: the file is not UTF-8 text",
            display_name(path)
        ))
    })?;
    Ok(Zeroizing::new(text.trim().to_string()))
}

/// Prompts on stderr and reads one line from the terminal without echo.
fn read_from_terminal(option: &str) -> CliResult<Zeroizing<String>> {
    eprint!("{option}: type or paste the secret, then press Enter (it is not shown): ");
    let _ = std::io::stderr().flush();
    // Read the terminal that is stdin (not /dev/tty, which may be another one, or none), in
    // raw mode with nothing echoed; the final newline goes to stderr.
    let config = rpassword::ConfigBuilder::new()
        .input_file_path("/dev/stdin")
        .output_writer(std::io::stderr())
        .password_feedback_hide()
        .build();
    let typed = Zeroizing::new(
        rpassword::read_password_with_config(config)
            .map_err(|e| CliError::io(format!("cannot read the terminal: {}", io_cause(&e))))?,
    );
    if typed.len() as u64 > KEY_FILE_CAP {
        return Err(CliError::input(format!(
            "{option}: the typed text is larger than {} KiB",
            KEY_FILE_CAP / 1024
        )));
    }
    Ok(Zeroizing::new(typed.trim().to_string()))
}

/// Warns, as ssh does, when a secret file can be read by its group or by others.
pub fn warn_if_readable_by_others(f: &File, path: &Path) {
    if let Ok(meta) = f.metadata()
        && meta.is_file()
    {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            eprintln!(
                "warning: {} holds a secret but is readable by others (mode {mode:04o}); \
                 run chmod 600 on it",
                path.display()
            );
        }
    }
}

/// Writes a secret file: created new (`O_CREAT|O_EXCL`), never through a symlink
/// (`O_NOFOLLOW`), mode 0600, synced.
///
/// An existing file (or symlink) is refused, naming it, unless `force`: then that directory
/// entry is removed first (a symlink itself, never its target) and a new file created.
pub fn write_secret_file(path: &Path, bytes: &[u8], force: bool) -> CliResult<()> {
    let cause = |e: std::io::Error| {
        CliError::io(format!("cannot write {}: {}", path.display(), io_cause(&e)))
    };
    if force && fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
        fs::remove_file(path).map_err(cause)?;
    }
    let opened = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path);
    let mut f = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CliError::usage(format!(
                "{} already exists; refusing to overwrite a file with a secret (pass --force \
                 to replace it)",
                path.display()
            )));
        }
        Err(e) => return Err(cause(e)),
    };
    // The umask can only narrow 0600; set it anyway so the mode never depends on it.
    f.set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(cause)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(cause(e));
    }
    Ok(())
}

/// Overwrites a secret file with zeros, syncs it, and deletes it.
pub fn wipe_and_delete(path: &Path) -> CliResult<()> {
    let cause = |e: std::io::Error| {
        CliError::io(format!(
            "cannot wipe and delete {}: {}",
            path.display(),
            io_cause(&e)
        ))
    };
    let mut f = OpenOptions::new()
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(cause)?;
    let len = f.metadata().map_err(cause)?.len();
    let zeros = vec![0u8; usize::try_from(len).unwrap_or(0).min(DOCUMENT_CAP as usize)];
    f.write_all(&zeros)
        .and_then(|()| f.sync_all())
        .map_err(cause)?;
    drop(f);
    fs::remove_file(path).map_err(cause)
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
