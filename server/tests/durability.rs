//! Concurrency and crash safety: 50 concurrent imports land exactly 50 keys, and `kill -9`
//! during a burst of imports loses no acknowledged key and leaves no partial one.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Server, import_request, random_key};
use hyper::StatusCode;
use keyport::api::KeyExportResponse;
use keyport::{CurveId, EnvelopeKind, ExpectedKey, ExportContext, Protocol};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_imports_land_fifty_keys() {
    let (_dir, server) = Server::fresh(&[], &[]);
    let c = Arc::new(server.client());
    let signers = c.signers().await;
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let c = Arc::clone(&c);
            let body = import_request(
                &signers,
                CurveId::Secp256k1,
                Protocol::Cggmp24,
                &random_key(),
            )
            .to_json();
            tokio::spawn(async move { c.post_signed("/keys/import", &body).await })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        ids.insert(r.json["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 50);
    let listed = c.get("/keys").await;
    let listed: std::collections::BTreeSet<String> = listed.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_burst_loses_no_acknowledged_key_and_leaves_no_partial_one() {
    let (dir, mut server) = Server::fresh(&[], &[]);
    let c = Arc::new(server.client());
    let signers = c.signers().await;
    // 8 clients, 6 imports each at most; the server dies after the 12th acknowledgement.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..8 {
        let c = Arc::clone(&c);
        let acked = Arc::clone(&acknowledged);
        let jobs: Vec<_> = (0..6)
            .map(|_| {
                let secret = random_key();
                let body = import_request(&signers, CurveId::Secp256k1, Protocol::Cggmp24, &secret)
                    .to_json();
                (secret, body)
            })
            .collect();
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            for (secret, body) in jobs {
                match c.try_post_signed("/keys/import", &body).await {
                    Some(key) => {
                        acked.fetch_add(1, Ordering::SeqCst);
                        done.push((secret, key));
                    }
                    None => break,
                }
            }
            done
        }));
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while acknowledged.load(Ordering::SeqCst) < 12 {
        assert!(
            std::time::Instant::now() < deadline,
            "no burst of imports within 120 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut acked = Vec::new();
    for w in workers {
        acked.extend(w.await.unwrap());
    }
    server.kill9();
    drop(server);
    assert!(
        acked.len() >= 12 && acked.len() < 48,
        "the kill landed mid-burst ({} acknowledged)",
        acked.len()
    );

    // No partial key on disk: every key row has all of its shares.
    {
        let db = rusqlite::Connection::open(dir.path().join("serve.db")).unwrap();
        let partial: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM keys k WHERE k.share_count != (SELECT COUNT(*) FROM shares s WHERE s.key_id = k.id) OR k.share_count != 5",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(partial, 0);
        let orphans: i64 = db
            .query_row("SELECT COUNT(*) FROM shares s WHERE NOT EXISTS (SELECT 1 FROM keys k WHERE k.id = s.key_id)", [], |r| r.get(0))
            .unwrap();
        assert_eq!(orphans, 0);
    }

    // After a restart every acknowledged key is there and intact: it exports to its secret.
    let server = Server::start(dir.path(), &[]);
    let c = server.client();
    let stored = c.get("/keys").await.json["items"].as_array().unwrap().len();
    // Committed but unacknowledged imports (the response was lost in the kill) may be there
    // too; each is whole, as checked above.
    eprintln!(
        "kill -9: {} imports acknowledged, {stored} keys after the restart",
        acked.len()
    );
    assert!(stored >= acked.len());
    for (secret, key) in &acked {
        let id = key["id"].as_str().unwrap();
        let got = c.get(&format!("/keys/{id}")).await;
        assert_eq!(got.status, StatusCode::OK, "{id} lost");
        assert_eq!(got.json["publicKey"], key["publicKey"]);
        let ctx = ExportContext::new(EnvelopeKind::DfnsV1).unwrap();
        let r = c
            .post_signed(&format!("/keys/{id}/export"), &ctx.request().to_json())
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        let curve: CurveId = key["curve"].as_str().unwrap().parse().unwrap();
        let expected = ExpectedKey::from_hex(curve, key["publicKey"].as_str().unwrap()).unwrap();
        let response = KeyExportResponse::from_json(std::str::from_utf8(&r.raw).unwrap()).unwrap();
        let recovered = ctx.recover(&response, &expected).unwrap();
        assert_eq!(*recovered.secret, **secret);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_wallet_imports_with_one_external_id_store_exactly_one() {
    let (_dir, server) = Server::fresh(&[], &[]);
    let c = Arc::new(server.client());
    let signers = c.signers().await;
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let c = Arc::clone(&c);
            let request = import_request(
                &signers,
                CurveId::Secp256k1,
                Protocol::Cggmp24,
                &random_key(),
            );
            let mut body: serde_json::Value = serde_json::from_str(&request.to_json()).unwrap();
            body["network"] = serde_json::json!("Ethereum");
            body["externalId"] = serde_json::json!("same");
            tokio::spawn(async move {
                c.post_signed("/wallets/import", &body.to_string())
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT)
    );
    // The refused imports rolled back alone: one wallet, one key.
    assert_eq!(
        c.get("/wallets").await.json["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        c.get("/keys").await.json["items"].as_array().unwrap().len(),
        1
    );
}
