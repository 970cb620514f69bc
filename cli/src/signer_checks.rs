//! Knowing who you encrypt to (issue 22): the options that check the signers before anything
//! is sealed to them, shared by `import` and `migrate`, and `keyport signers fingerprint`.
//!
//! - `--expect-signers FINGERPRINT`: the set's fingerprint (SPEC.md §8.4) must be this one.
//! - `--signers-lock FILE`: trust on first use, like ssh's `known_hosts`. The first run pins
//!   the set in FILE (created new, mode 0600, synced); a later run with another set is refused,
//!   naming each signer added, removed or whose key changed; `--accept-signer-change` prints
//!   that difference and updates FILE (written beside it, then renamed over it).
//! - `--manifest FILE --manifest-key FILE`: a signed signer manifest (SPEC.md §8.7), verified
//!   under the pinned key at this machine's clock; the signers must be exactly its signers.
//!
//! The rules (fingerprint, diff, lock and manifest formats) are the library's
//! (`keyport::signers`); only reading files and the clock is here.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;
use keyport::api::{SignerInfo, SignersInput};
use keyport::{Fingerprint, ManifestKey, PinnedBy, SignedManifest, SignerSet};

use crate::fsio::{read_text, write_secret_file};
use crate::{CliError, CliResult};

/// The signer checks of `import` and `migrate` (flattened into both).
#[derive(Debug, Default, Args)]
pub struct SignerChecks {
    /// Refuse the signers unless their fingerprint (`keyport signers fingerprint`) is this
    /// one (64 hex digits).
    #[arg(long, value_name = "FINGERPRINT")]
    pub expect_signers: Option<String>,
    /// Trust on first use: the first run pins the signers in FILE (mode 0600); a later run
    /// with other signers is refused, naming each signer added, removed or whose key changed.
    #[arg(long, value_name = "FILE")]
    pub signers_lock: Option<PathBuf>,
    /// With --signers-lock: accept a changed signer set, after printing what changed, and
    /// update the lock file.
    #[arg(long, requires = "signers_lock")]
    pub accept_signer_change: bool,
    /// A signed signer manifest (JSON, e.g. from `GET /signers/manifest`): the signers must be
    /// exactly its signers, and it must be valid now. Needs --manifest-key.
    #[arg(long, value_name = "FILE", requires = "manifest_key")]
    pub manifest: Option<PathBuf>,
    /// The pinned manifest public key: a PEM PUBLIC KEY (Ed25519 or P-256), or hex (32 bytes
    /// Ed25519; 33 or 65 bytes SEC1 P-256), e.g. `keyport serve`'s DIR/manifest.pub.
    #[arg(long, value_name = "FILE", requires = "manifest")]
    pub manifest_key: Option<PathBuf>,
}

/// A signers file as read: the signers to encrypt to and the cluster they are of.
pub struct SignersFile {
    /// The signers (one cluster's).
    pub signers: Vec<SignerInfo>,
    /// The cluster id: the chosen (or only) cluster, empty for a bare array.
    pub cluster_id: String,
    /// The file, for messages.
    pub path: PathBuf,
}

impl SignersFile {
    /// Read a ListSigners response or a bare array; `cluster` picks one cluster of a response.
    pub fn read(path: &Path, cluster: Option<&str>) -> CliResult<Self> {
        let text = read_text(path)?;
        let input =
            SignersInput::from_json(&text).map_err(|e| CliError::lib(path.display(), &e))?;
        let (cluster_id, signers) = keyport::select_cluster(input, cluster)
            .map_err(|e| CliError::lib(path.display(), &e))?;
        Ok(Self {
            signers,
            cluster_id,
            path: path.to_path_buf(),
        })
    }

    /// The signer set (what fingerprints and pins compare).
    pub fn set(&self) -> CliResult<SignerSet> {
        SignerSet::new(&self.cluster_id, &self.signers)
            .map_err(|e| CliError::lib(self.path.display(), &e))
    }
}

impl SignerChecks {
    /// Run every check asked for, strongest first (manifest, fingerprint, then the lock, which
    /// is written or updated only once the others passed). A refusal is a check failure
    /// (exit 4) that names what differs. Without any check, nothing is read or parsed.
    pub fn check(&self, file: &SignersFile) -> CliResult<()> {
        if !self.any() {
            return Ok(());
        }
        self.check_set(&file.set()?)
    }

    /// Whether any check was asked for.
    pub fn any(&self) -> bool {
        self.manifest.is_some() || self.expect_signers.is_some() || self.signers_lock.is_some()
    }

    /// [`SignerChecks::check`] on a set already built (the signers `keyport dfns` fetched).
    pub fn check_set(&self, set: &SignerSet) -> CliResult<()> {
        if let (Some(manifest), Some(key)) = (&self.manifest, &self.manifest_key) {
            check_manifest(set, manifest, key)?;
        }
        if let Some(expected) = &self.expect_signers {
            let expected = Fingerprint::from_hex(expected)
                .map_err(|e| CliError::lib("--expect-signers", &e))?;
            set.check_fingerprint(&expected)
                .map_err(|e| CliError::lib("--expect-signers", &e))?;
            eprintln!("signers: fingerprint {expected} as expected");
        }
        if let Some(lock) = &self.signers_lock {
            check_lock(set, lock, self.accept_signer_change)?;
        }
        Ok(())
    }
}

/// Seconds since 1970-01-01 UTC by this machine's clock.
fn now() -> CliResult<u64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CliError::io("the system clock is before 1970; cannot check the manifest"))
}

fn check_manifest(set: &SignerSet, manifest: &Path, key: &Path) -> CliResult<()> {
    let key = ManifestKey::from_text(&read_text(key)?)
        .map_err(|e| CliError::lib(format_args!("--manifest-key {}", key.display()), &e))?;
    let name = format!("--manifest {}", manifest.display());
    let signed =
        SignedManifest::from_json(&read_text(manifest)?).map_err(|e| CliError::lib(&name, &e))?;
    let now = now()?;
    let stated = signed
        .verify(&key, now)
        .map_err(|e| CliError::lib(&name, &e))?;
    set.check_same_as(stated, PinnedBy::Manifest)
        .map_err(|e| CliError::lib(&name, &e))?;
    eprintln!(
        "signers: match the manifest signed by {} {} (expires in {} s)",
        key.algorithm(),
        key.key_id(),
        signed.unverified().expires_at().saturating_sub(now)
    );
    Ok(())
}

fn check_lock(set: &SignerSet, lock: &Path, accept_change: bool) -> CliResult<()> {
    let name = format!("--signers-lock {}", lock.display());
    if fs::symlink_metadata(lock).is_err() {
        write_secret_file(lock, set.to_lock_json().as_bytes(), false)?;
        eprintln!(
            "signers: first use; pinned {} signers of cluster {:?} (fingerprint {}) in {}",
            set.len(),
            set.cluster_id(),
            set.fingerprint(),
            lock.display()
        );
        return Ok(());
    }
    let pinned =
        SignerSet::from_lock_json(&read_text(lock)?).map_err(|e| CliError::lib(&name, &e))?;
    match set.check_same_as(&pinned, PinnedBy::Lock) {
        Ok(()) => {
            eprintln!(
                "signers: match {} (fingerprint {})",
                lock.display(),
                pinned.fingerprint()
            );
            Ok(())
        }
        Err(e) if !accept_change => Err(CliError::lib(&name, &e)),
        Err(_) => {
            eprintln!(
                "warning: the signers changed since {} was written (--accept-signer-change):",
                lock.display()
            );
            for line in pinned.diff(set).to_string().lines() {
                eprintln!("  {line}");
            }
            replace(lock, set.to_lock_json().as_bytes())?;
            eprintln!(
                "signers: updated {} from fingerprint {} to {}",
                lock.display(),
                pinned.fingerprint(),
                set.fingerprint()
            );
            Ok(())
        }
    }
}

/// Replace `path` with `bytes` so that a crash leaves the old file or the new one, never
/// neither: written new (0600, synced) beside it, renamed over it, the directory synced.
fn replace(path: &Path, bytes: &[u8]) -> CliResult<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".new");
    let tmp = PathBuf::from(tmp);
    write_secret_file(&tmp, bytes, true)?;
    let cause = |e: std::io::Error| {
        CliError::io(format!(
            "cannot update {}: {}",
            path.display(),
            crate::fsio::io_cause(&e)
        ))
    };
    fs::rename(&tmp, path).map_err(cause)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(cause)
}
