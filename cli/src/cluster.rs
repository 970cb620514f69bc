//! The file-based reference cluster: `DIR/signers.json`, `DIR/signer-<i>.json` (0600 decryption
//! keys) and `DIR/keys/<key-id>/signer-<i>.json` (0600 stored shares).

use std::fs;
use std::path::{Path, PathBuf};

use keyport::api::{KeyExportRequest, KeyExportResponse, KeyImportRequest, ListSignersResponse};
use keyport::signer::{Cluster, Signer, StoredShare, check_same_commitments};
use keyport::{DecryptionKey, EnvelopeKind};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::fsio::{read_text, write_output, write_secret_file};
use crate::{CliError, CliResult, to_json_pretty};

/// The cluster id written to `signers.json`.
const CLUSTER_ID: &str = "cluster-1";

/// `DIR/signer-<i>.json`, read and written with keyport's JSON (secret: the key lands in
/// wiping buffers, and errors never quote the file).
#[derive(Serialize, Deserialize)]
#[serde(rename = "a signer key file", deny_unknown_fields)]
struct SignerKeyFile {
    #[serde(rename = "signerId")]
    signer_id: String,
    envelope: String,
    #[serde(rename = "decryptionKey")]
    decryption_key: Zeroizing<String>,
}

/// `value` as JSON for a secret file: written by keyport's wiping writer.
fn secret_json<T: Serialize>(value: &T) -> CliResult<Zeroizing<String>> {
    keyport::json::to_string(value)
        .map(Zeroizing::new)
        .map_err(|e| CliError::input(format!("cannot serialize: {e}")))
}

/// Read the secret JSON file `path` as a `T`; an error names the field and place, never a value.
fn read_secret_json<T: for<'a> Deserialize<'a>>(path: &Path) -> CliResult<T> {
    let text = Zeroizing::new(read_text(path)?);
    keyport::json::from_str(&text)
        .map_err(|e| CliError::input(format!("{}: {}", path.display(), e.describe(&text))))
}

fn signer_file(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("signer-{}.json", i + 1))
}

fn check_key_id(key_id: &str) -> CliResult<()> {
    let ok = !key_id.is_empty()
        && key_id.len() <= 128
        && key_id != "."
        && key_id != ".."
        && key_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(CliError::usage(
            "--key-id must be 1-128 characters of A-Z a-z 0-9 - _ .",
        ))
    }
}

/// `cluster new`.
pub fn new(n: usize, dir: &Path, envelope: EnvelopeKind) -> CliResult<()> {
    if keyport::signer::check_cluster_size(n).is_err() {
        return Err(CliError::usage(format!(
            "--n must be between {} and {}",
            keyport::signer::MIN_CLUSTER_SIGNERS,
            keyport::signer::MAX_CLUSTER_SIGNERS
        )));
    }
    let signers_path = dir.join("signers.json");
    if signers_path.exists() {
        return Err(CliError::usage(format!(
            "{} already holds a cluster; choose another --dir",
            dir.display()
        )));
    }
    fs::create_dir_all(dir)
        .map_err(|e| CliError::io(format!("cannot create {}: {e}", dir.display())))?;
    let mut rng = keyport::os_rng()?;
    let cluster = Cluster::generate(n, envelope, &mut rng);
    for (i, signer) in cluster.signers().iter().enumerate() {
        let file = SignerKeyFile {
            signer_id: signer.id_base64(),
            envelope: envelope.as_str().to_string(),
            decryption_key: Zeroizing::new(hex::encode(&*signer.decryption_key().to_bytes())),
        };
        write_secret_file(&signer_file(dir, i), secret_json(&file)?.as_bytes(), false)?;
    }
    let body = to_json_pretty(&cluster.list_signers())?;
    fs::write(&signers_path, body.as_bytes())
        .map_err(|e| CliError::io(format!("cannot write {}: {e}", signers_path.display())))?;
    eprintln!(
        "created a {n}-signer {} cluster in {}: {} (public) and signer-1..{n}.json (secret, 0600)",
        envelope.as_str(),
        dir.display(),
        signers_path.display()
    );
    Ok(())
}

fn load_signers(dir: &Path) -> CliResult<Vec<Signer>> {
    let path = dir.join("signers.json");
    let text = read_text(&path)?;
    let list =
        ListSignersResponse::from_json(&text).map_err(|e| CliError::lib(path.display(), &e))?;
    let cluster = list
        .clusters
        .into_iter()
        .find(|c| c.cluster_id == CLUSTER_ID)
        .ok_or_else(|| CliError::input(format!("{}: no cluster {CLUSTER_ID}", path.display())))?;
    let mut out = Vec::with_capacity(cluster.signers.len());
    for (i, info) in cluster.signers.iter().enumerate() {
        let kpath = signer_file(dir, i);
        let file: SignerKeyFile = read_secret_json(&kpath)?;
        if file.signer_id != info.signer_id {
            return Err(CliError::input(format!(
                "{} is for signer {}, but signers.json lists {} there",
                kpath.display(),
                file.signer_id,
                info.signer_id
            )));
        }
        let bytes = Zeroizing::new(hex::decode(file.decryption_key.as_bytes()).map_err(|_| {
            CliError::input(format!("{}: decryptionKey is not hex", kpath.display()))
        })?);
        let key =
            DecryptionKey::from_bytes(&bytes).map_err(|e| CliError::lib(kpath.display(), &e))?;
        let id = keyport::SignerId::from_base64(&file.signer_id)
            .map(keyport::SignerId::into_bytes)
            .map_err(|e| CliError::lib(kpath.display(), &e))?;
        out.push(Signer::new(id, key));
    }
    Ok(out)
}

fn key_dir(dir: &Path, key_id: &str) -> PathBuf {
    dir.join("keys").join(key_id)
}

/// `cluster accept`.
pub fn accept(dir: &Path, request_path: &Path, key_id: &str) -> CliResult<()> {
    check_key_id(key_id)?;
    let signers = load_signers(dir)?;
    let text = read_text(request_path)?;
    let request = KeyImportRequest::from_json(&text)
        .map_err(|e| CliError::lib(request_path.display(), &e))?;
    if request.encrypted_key_shares.len() != signers.len() {
        return Err(CliError::input(format!(
            "the request has {} shares for a cluster of {} signers",
            request.encrypted_key_shares.len(),
            signers.len()
        )));
    }
    let kdir = key_dir(dir, key_id);
    if kdir.exists() {
        return Err(CliError::usage(format!(
            "the cluster already holds a key {key_id:?}; choose another --key-id"
        )));
    }
    let mut stored = Vec::with_capacity(signers.len());
    for (i, s) in signers.iter().enumerate() {
        let share = s.accept_import(&request).map_err(|e| {
            CliError::lib(
                format_args!("signer {} ({}) rejected its share", i + 1, s.id_base64()),
                &e,
            )
        })?;
        stored.push(share);
    }
    check_same_commitments(&stored).map_err(|e| CliError::lib("the signers disagree", &e))?;
    fs::create_dir_all(&kdir)
        .map_err(|e| CliError::io(format!("cannot create {}: {e}", kdir.display())))?;
    for (i, share) in stored.iter().enumerate() {
        write_secret_file(
            &signer_file(&kdir, i),
            secret_json(share)?.as_bytes(),
            false,
        )?;
    }
    let pk = stored
        .first()
        .map(|s| s.public_key_hex().to_string())
        .unwrap_or_default();
    eprintln!(
        "all {} signers verified their shares and stored key {key_id:?} (public key {pk})",
        signers.len()
    );
    let summary = serde_json::json!({
        "keyId": key_id,
        "publicKey": pk,
        "curve": request.curve,
        "protocol": request.protocol,
        "minSigners": request.min_signers,
        "signers": signers.len(),
        "verified": true,
    });
    write_output(None, to_json_pretty(&summary)?.as_bytes())
}

/// `cluster export`.
pub fn export(dir: &Path, key_id: &str, request_path: &Path, out: Option<&Path>) -> CliResult<()> {
    check_key_id(key_id)?;
    let signers = load_signers(dir)?;
    let text = read_text(request_path)?;
    let request = KeyExportRequest::from_json(&text)
        .map_err(|e| CliError::lib(request_path.display(), &e))?;
    let kdir = key_dir(dir, key_id);
    if !kdir.is_dir() {
        return Err(CliError::input(format!(
            "the cluster holds no key {key_id:?}"
        )));
    }
    let mut rng = keyport::os_rng()?;
    let mut shares = Vec::with_capacity(signers.len());
    let mut first: Option<StoredShare> = None;
    for (i, s) in signers.iter().enumerate() {
        let path = signer_file(&kdir, i);
        let stored: StoredShare = read_secret_json(&path)?;
        let answer = s.answer_export(&stored, &request, &mut rng).map_err(|e| {
            CliError::lib(
                format_args!("signer {} cannot answer the export", i + 1),
                &e,
            )
        })?;
        shares.push(answer);
        if first.is_none() {
            first = Some(stored);
        }
    }
    let first = first.ok_or_else(|| CliError::input("the cluster has no signers"))?;
    let response = KeyExportResponse {
        public_key: first.public_key_hex().to_string(),
        min_signers: u32::from(first.threshold),
        protocol: first.protocol.clone(),
        curve: first.curve.clone(),
        encrypted_key_shares: shares,
    };
    write_output(out, to_json_pretty(&response)?.as_bytes())
}
