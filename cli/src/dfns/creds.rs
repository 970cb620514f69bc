//! Reading the client's credentials: client.json (mode 0600 or refused), or the token, key
//! and credential id given separately. Nothing secret comes from argv.

use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;
use std::sync::Arc;

use keyport_dfns::{Credentials, KeySigner};
use zeroize::Zeroizing;

use super::args::Conn;
use crate::fsio::{KEY_FILE_CAP, io_cause};
use crate::{CliError, CliResult};

/// A secret file, refused unless only its owner can read it (like ssh), at most 16 KiB.
fn read_private(path: &Path, what: &str) -> CliResult<Zeroizing<String>> {
    use std::io::Read as _;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(|e| {
            CliError::io(format!(
                "cannot read {what} {}: {}",
                path.display(),
                io_cause(&e)
            ))
        })?;
    let meta = f
        .metadata()
        .map_err(|e| CliError::io(format!("cannot read {}: {}", path.display(), io_cause(&e))))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CliError::usage(format!(
            "{what} {} is readable by others (mode {mode:04o}); it holds a secret: run chmod 600 on it",
            path.display()
        )));
    }
    let mut buf = Zeroizing::new(Vec::new());
    f.take(KEY_FILE_CAP + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::io(format!("cannot read {}: {}", path.display(), io_cause(&e))))?;
    if buf.len() as u64 > KEY_FILE_CAP {
        return Err(CliError::input(format!(
            "{what} {} is larger than {} KiB; is it the right file?",
            path.display(),
            KEY_FILE_CAP / 1024
        )));
    }
    let text = std::str::from_utf8(&buf)
        .map_err(|_| CliError::input(format!("{what} {} is not UTF-8", path.display())))?;
    Ok(Zeroizing::new(text.to_string()))
}

/// The credentials of `conn`.
pub fn load(conn: &Conn) -> CliResult<Credentials> {
    let bad = |e: keyport_dfns::Error| CliError::input(e.to_string());
    if let Some(path) = &conn.credentials {
        let text = read_private(path, "the credentials file")?;
        return Credentials::from_client_json(&text)
            .map_err(|e| CliError::input(format!("{}: {e}", path.display())));
    }
    match (
        &conn.auth_token_file,
        &conn.credential_key_file,
        &conn.cred_id,
    ) {
        (Some(token), Some(key), Some(cred_id)) => {
            let token = read_private(token, "--auth-token-file")?;
            let pem = read_private(key, "--credential-key-file")?;
            let signer = KeySigner::from_pem(cred_id.clone(), &pem).map_err(bad)?;
            Credentials::new(None, token, Arc::new(signer)).map_err(bad)
        }
        _ => Err(CliError::usage(
            "no credentials: pass --credentials FILE (or set DFNS_CREDENTIALS), or all of \
             --auth-token-file, --credential-key-file and --cred-id",
        )),
    }
}
