//! The state directory: what `serve init` writes, and that the database alone gives nothing.

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::process::Command;

use common::{BIN, Server, import_request, random_key};
use hyper::StatusCode;
use keyport::{CurveId, Protocol};
use serde_json::Value;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_writes_private_files_with_exactly_what_a_client_needs_and_refuses_to_run_twice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("state");
    common::init(&d, &["--signers", "3", "--credential", "p256"]);
    for f in ["client.json", "master.key", "serve.db"] {
        assert_eq!(mode(&d.join(f)), 0o600, "{f}");
    }
    let client: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("client.json")).unwrap()).unwrap();
    let mut members: Vec<&str> = client
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    members.sort_unstable();
    assert_eq!(members, ["authToken", "credId", "orgId", "privateKey"]);
    assert!(
        client["privateKey"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    // The token's payload names the org under the claim Dfns's TypeScript SDK checks.
    use base64ct::{Base64UrlUnpadded, Encoding as _};
    let payload = client["authToken"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap();
    let payload: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(payload).unwrap()).unwrap();
    assert_eq!(
        payload["https://custom/app_metadata"]["orgId"],
        client["orgId"]
    );

    let again = Command::new(BIN)
        .args(["init", "--dir"])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a keyport serve state"));
    let usage = Command::new(BIN)
        .args(["init", "--dir"])
        .arg(dir.path().join("x"))
        .args(["--signers", "1"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let no_dir = Command::new(BIN).output().unwrap();
    assert_eq!(no_dir.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_dir.stderr).contains("--dir is required"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copied_database_alone_gives_nothing() {
    let (dir, mut server) = Server::fresh(&[], &[]);
    let c = server.client();
    let signers = c.signers().await;
    let secret = random_key();
    let r = c
        .post_signed(
            "/keys/import",
            &import_request(&signers, CurveId::Secp256k1, Protocol::Cggmp24, &secret).to_json(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(server.terminate());
    drop(server);

    // No stored share or signer key is in the clear: not the share JSON, not the secret.
    let db = std::fs::read(dir.path().join("serve.db")).unwrap();
    let wal = std::fs::read(dir.path().join("serve.db-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("\"share\""));
        assert!(!text.contains(&hex::encode(&secret[..])));
    }

    // The database with another key file: the server refuses to start, and says why.
    let other = tempfile::tempdir().unwrap();
    common::init(other.path(), &[]);
    std::fs::copy(dir.path().join("serve.db"), other.path().join("serve.db")).unwrap();
    let _ = std::fs::remove_file(other.path().join("serve.db-wal"));
    let out = Command::new(BIN)
        .arg("--dir")
        .arg(other.path())
        .args(["--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not open"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A key file others can read is refused.
    std::fs::set_permissions(
        dir.path().join("master.key"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("--dir")
        .arg(dir.path())
        .args(["--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
}
