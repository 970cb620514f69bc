//! The state directory `D/`: what `serve init` creates and what the server opens.
//!
//! | file          | mode | holds                                                         |
//! |---------------|------|---------------------------------------------------------------|
//! | `master.key`  | 0600 | 32 random bytes; the storage and token keys derive from it     |
//! | `serve.db`    | 0600 | SQLite (WAL): org, signers (sealed), credentials, keys, ...    |
//! | `client.json` | 0600 | `{orgId, authToken, credId, privateKey}`, for a Dfns client    |
//! | `manifest.pub`| 0644 | the signer-manifest public key (Ed25519, hex), for clients to pin |

use std::path::{Path, PathBuf};

use keyport::EnvelopeKind;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::auth::{Credential, CredentialKind, issue_service_token};
use crate::error::ServeError;
use crate::files;
use crate::ids;
use crate::network::Cluster;
use crate::routes::App;
use crate::seal::{Keys, MASTER_KEY_LEN, Row};
use crate::store::{Meta, Store};

/// `D/master.key`.
pub fn master_key_path(dir: &Path) -> PathBuf {
    dir.join("master.key")
}

/// `D/serve.db`.
pub fn database_path(dir: &Path) -> PathBuf {
    dir.join("serve.db")
}

/// `D/client.json`.
pub fn client_path(dir: &Path) -> PathBuf {
    dir.join("client.json")
}

/// `D/manifest.pub`: the public key that signs `GET /signers/manifest` (its secret derives
/// from the master key).
pub fn manifest_pub_path(dir: &Path) -> PathBuf {
    dir.join("manifest.pub")
}

/// Write `D/manifest.pub` unless it holds the right key already (states created before it
/// existed get it at their next start). Public: mode 0644, synced.
fn write_manifest_pub(dir: &Path, keys: &Keys) -> Result<(), ServeError> {
    let path = manifest_pub_path(dir);
    let text = crate::network::manifest_public_hex(keys.manifest_seed());
    if std::fs::read_to_string(&path).is_ok_and(|t| t == text) {
        return Ok(());
    }
    let io = |e: std::io::Error| ServeError::Io(format!("cannot write {}: {e}", path.display()));
    let mut f = std::fs::File::create(&path).map_err(io)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)
}

/// What a Dfns client needs, as written to `D/client.json`.
#[derive(Serialize)]
struct ClientFile<'a> {
    #[serde(rename = "orgId")]
    org_id: &'a str,
    #[serde(rename = "authToken")]
    auth_token: &'a str,
    #[serde(rename = "credId")]
    cred_id: &'a str,
    #[serde(rename = "privateKey")]
    private_key: &'a str,
}

/// What `serve init` reports (public values only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialized {
    /// The org id.
    pub org_id: String,
    /// The cluster id.
    pub cluster_id: String,
    /// The credential id.
    pub cred_id: String,
}

/// `keyport serve init`: create the state of a new org in `dir`.
pub fn init(
    dir: &Path,
    signers: usize,
    envelope: EnvelopeKind,
    credential: CredentialKind,
) -> Result<Initialized, ServeError> {
    files::ensure_dir(dir)?;
    for p in [master_key_path(dir), database_path(dir), client_path(dir)] {
        if std::fs::symlink_metadata(&p).is_ok() {
            return Err(ServeError::Io(format!(
                "{} already exists: {} already holds a keyport serve state; choose another --dir",
                p.display(),
                dir.display()
            )));
        }
    }
    let api = |e: crate::error::ApiError| ServeError::Crypto(e.message);
    let org_id = ids::new_id("or").map_err(api)?;
    let cluster_id = ids::new_id("ks").map_err(api)?;
    let user_id = ids::new_id("us").map_err(api)?;
    let cred_id = ids::new_id("cr").map_err(api)?;
    let cluster = Cluster::generate(cluster_id.clone(), signers, envelope)?;

    let mut master = Zeroizing::new([0u8; MASTER_KEY_LEN]);
    getrandom::fill(&mut master[..])
        .map_err(|e| ServeError::Crypto(format!("no randomness: {e}")))?;
    let keys = Keys::derive(&master[..])?;
    let mut sealed = Vec::with_capacity(cluster.len());
    for (id, key) in cluster.signer_keys() {
        let s = keys
            .seal(Row::SignerKey(&id), &key)
            .map_err(ServeError::Crypto)?;
        sealed.push((id, s));
    }
    let (credential, pem) = Credential::generate(cred_id.clone(), credential)?;
    let issued = u64::try_from(ids::unix_now()).unwrap_or(0);
    let token = Zeroizing::new(issue_service_token(
        keys.token_key(),
        &org_id,
        &user_id,
        issued,
    ));
    let client = Zeroizing::new(
        serde_json::to_string_pretty(&ClientFile {
            org_id: &org_id,
            auth_token: &token,
            cred_id: &cred_id,
            private_key: &pem,
        })
        .map_err(|e| {
            ServeError::Crypto(format!("cannot encode client.json: {}", e.classify() as u8))
        })?,
    );

    // The key file first: without it nothing else is usable, and a second `init` stops at it.
    files::write_secret(&master_key_path(dir), &master[..])?;
    let meta = Meta {
        org_id: org_id.clone(),
        cluster_id: cluster_id.clone(),
    };
    Store::create(
        &database_path(dir),
        &meta,
        &sealed,
        &credential,
        &ids::iso_now(),
    )?;
    files::write_secret(&client_path(dir), client.as_bytes())?;
    write_manifest_pub(dir, &keys)?;
    Ok(Initialized {
        org_id,
        cluster_id,
        cred_id,
    })
}

/// Open the state in `dir` for serving: read the key file, open the database, unseal the
/// signers' keys.
pub fn open(dir: &Path, action_ttl: i64, body_limit: usize) -> Result<App, ServeError> {
    let master = files::read_secret(&master_key_path(dir))?;
    let keys = Keys::derive(&master)?;
    write_manifest_pub(dir, &keys)?;
    let store = Store::open(&database_path(dir))?;
    let meta = store.meta()?;
    let mut signer_keys = Vec::new();
    for (id, sealed) in store.signers()? {
        let key = keys
            .open(Row::SignerKey(&id), &sealed)
            .map_err(ServeError::Crypto)?;
        signer_keys.push((id, key));
    }
    let cluster = Cluster::from_keys(meta.cluster_id.clone(), &signer_keys)?;
    let credentials = store.credentials()?;
    Ok(App {
        store,
        cluster,
        keys,
        org_id: meta.org_id,
        credentials,
        action_ttl,
        body_limit,
        manifest_ttl: 3600,
    })
}
