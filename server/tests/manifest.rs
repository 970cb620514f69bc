//! `GET /signers/manifest`: the served signers, signed by the key in `D/manifest.pub`, verified
//! by the keyport library as a client would (SPEC.md §8.7, §10).

mod common;

use common::{Server, http};
use hyper::{Method, StatusCode};
use keyport::{ManifestKey, PinnedBy, SignedManifest, SignerSet};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manifest_verifies_under_the_pinned_key_and_states_the_served_signers() {
    let (dir, server) = Server::fresh(&["--signers", "3"], &["--manifest-ttl", "600"]);
    let c = server.client();
    let pub_path = dir.path().join("manifest.pub");
    let pinned = ManifestKey::from_text(&std::fs::read_to_string(&pub_path).unwrap()).unwrap();
    let r = c.get("/signers/manifest").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let text = String::from_utf8(r.raw.clone()).unwrap();
    let manifest = SignedManifest::from_json(&text).unwrap();
    let t = now();
    let stated = manifest.verify(&pinned, t).unwrap();
    assert_eq!(
        manifest.unverified().expires_at() - manifest.unverified().issued_at(),
        600
    );
    // Exactly the signers GET /signers serves, in their cluster.
    let listed = c.get("/signers").await;
    let cluster = &listed.json["clusters"][0];
    let infos = c.signers().await;
    let in_use = SignerSet::new(cluster["clusterId"].as_str().unwrap(), &infos).unwrap();
    assert_eq!(in_use.check_same_as(stated, PinnedBy::Manifest), Ok(()));
    // It stops being valid after its ttl, and another server's key does not verify it.
    assert!(matches!(
        manifest.verify(&pinned, t + 601),
        Err(keyport::Error::ManifestExpired { .. })
    ));
    let (other_dir, _other) = Server::fresh(&["--signers", "3"], &[]);
    let other_key = ManifestKey::from_text(
        &std::fs::read_to_string(other_dir.path().join("manifest.pub")).unwrap(),
    )
    .unwrap();
    assert_ne!(other_key, pinned);
    assert!(matches!(
        manifest.verify(&other_key, t),
        Err(keyport::Error::ManifestWrongKey { .. })
    ));
    // It needs the service token, like GET /signers.
    let (status, _) = http(server.addr, Method::GET, "/signers/manifest", &[], b"").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The public key file is rewritten (same key) if missing: the key derives from master.key.
    let before = std::fs::read_to_string(&pub_path).unwrap();
    drop(server);
    std::fs::remove_file(&pub_path).unwrap();
    let _again = Server::start(dir.path(), &[]);
    assert_eq!(std::fs::read_to_string(&pub_path).unwrap(), before);
}
