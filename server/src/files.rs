//! Secret files in the state directory: created new with mode 0600, read without following a
//! symbolic link and only when no one else can read them.

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::ServeError;

/// Create `dir` (mode 0700) if it does not exist; refuse a symbolic link.
pub fn ensure_dir(dir: &Path) -> Result<(), ServeError> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(ServeError::Io(format!(
            "{} is a symbolic link; give the real directory",
            dir.display()
        ))),
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(ServeError::Io(format!(
            "{} exists and is not a directory",
            dir.display()
        ))),
        Err(_) => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| ServeError::io("create directory", dir, &e)),
    }
}

/// Write `bytes` to a new file at `path` with mode 0600.
///
/// `create_new` is `O_CREAT | O_EXCL`: an existing file or a symbolic link at `path` (even a
/// dangling one) is refused, never followed or overwritten.
pub fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), ServeError> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| ServeError::io("create", path, &e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| ServeError::io("write", path, &e))
}

/// Read a secret file written by [`write_secret`].
///
/// Refuses a symbolic link (`O_NOFOLLOW`) and a file that its group or others may read.
pub fn read_secret(path: &Path) -> Result<Zeroizing<Vec<u8>>, ServeError> {
    let mut f = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| ServeError::io("open", path, &e))?;
    check_private(&f, path)?;
    let mut out = Zeroizing::new(Vec::new());
    f.read_to_end(&mut out)
        .map_err(|e| ServeError::io("read", path, &e))?;
    Ok(out)
}

fn check_private(f: &File, path: &Path) -> Result<(), ServeError> {
    let mode = f
        .metadata()
        .map_err(|e| ServeError::io("stat", path, &e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(ServeError::Io(format!(
            "{} has mode {:o}; it holds a secret, so only its owner may read it (chmod 600)",
            path.display(),
            mode & 0o777
        )));
    }
    Ok(())
}

/// Set mode 0600 on an existing file (the database, which holds only sealed secrets).
pub fn make_private(path: &Path) -> Result<(), ServeError> {
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|e| ServeError::io("chmod", path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_are_new_private_and_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        write_secret(&path, b"abc").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(&*read_secret(&path).unwrap(), b"abc");
        // Never overwritten.
        assert!(matches!(write_secret(&path, b"x"), Err(ServeError::Io(_))));
        // A symbolic link is neither written through nor read through.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(matches!(write_secret(&link, b"x"), Err(ServeError::Io(_))));
        assert!(matches!(read_secret(&link), Err(ServeError::Io(_))));
        // A file others can read is refused, and the message says how to fix it.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        match read_secret(&path) {
            Err(ServeError::Io(m)) => assert!(m.contains("chmod 600"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
