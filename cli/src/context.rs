//! The one-time export context file's life: created once by `export init`, wiped and deleted
//! after the `export recover` that used it.
//!
//! A context holds the decryption key of one export. Overwriting it loses the export that is
//! pending with it, and keeping it after recovery lets anyone who copies the file and the
//! response recover the key again, so both need an explicit opt-in (`--force`,
//! `--keep-context`).

use std::path::Path;

use crate::fsio::{wipe_and_delete, write_secret_file};
use crate::{CliError, CliResult};

/// Writes a new context file (0600, no-follow). An existing file is refused unless `force`.
pub fn create(path: &Path, json: &[u8], force: bool) -> CliResult<()> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(CliError::usage(format!(
            "{} already exists: it may be the context of an export still pending, which would \
             be lost; recover with it first, choose another --context-out, or pass --force to \
             replace it",
            path.display()
        )));
    }
    write_secret_file(path, json, force)
}

/// After a successful recovery: wipes and deletes the context unless `keep`, and says which.
pub fn retire(path: &Path, keep: bool) -> CliResult<()> {
    if keep {
        eprintln!(
            "kept the export context {} (--keep-context); it can recover this key again: \
             delete it when done",
            path.display()
        );
        return Ok(());
    }
    wipe_and_delete(path)?;
    eprintln!(
        "wiped and deleted the one-time export context {}",
        path.display()
    );
    Ok(())
}
