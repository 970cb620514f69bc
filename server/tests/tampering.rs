//! A request altered after signing is refused, with the right status, and stores nothing.

mod common;

use common::{Server, import_request, random_key};
use hyper::{Method, StatusCode};
use keyport::{CurveId, Protocol};
use serde_json::{Value, json};

async fn key_count(c: &common::Dfns) -> usize {
    c.get("/keys").await.json["items"]
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn altered_requests_are_refused_and_store_nothing() {
    let (_dir, server) = Server::fresh(&[], &[]);
    let c = server.client();
    let signers = c.signers().await;
    let body = import_request(
        &signers,
        CurveId::Secp256k1,
        Protocol::Cggmp24,
        &random_key(),
    )
    .to_json();
    let other_body = import_request(
        &signers,
        CurveId::Secp256k1,
        Protocol::Cggmp24,
        &random_key(),
    )
    .to_json();

    // No bearer token, or a malformed one: 401 on every route.
    for (method, path) in [
        (Method::GET, "/signers"),
        (Method::GET, "/keys"),
        (Method::POST, "/keys/import"),
        (Method::POST, "/auth/action/init"),
    ] {
        let (status, raw) = common::http(server.addr, method.clone(), path, &[], b"{}").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        let v: Value = serde_json::from_slice(&raw).unwrap();
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Authorization")
        );
        let (status, _) = common::http(
            server.addr,
            method,
            path,
            &[("authorization", "Bearer x.y.z")],
            b"{}",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    // No user action: 403.
    let r = c
        .send(Method::POST, "/keys/import", body.as_bytes(), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.message().contains("X-DFNS-USERACTION"), "{}", r.message());
    let r = c
        .send(
            Method::POST,
            "/keys/import",
            body.as_bytes(),
            Some("not-a-token"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A changed body: 403. The same content with other whitespace and member order: accepted.
    let ua = c.user_action("POST", "/keys/import", &body).await;
    let r = c
        .send(
            Method::POST,
            "/keys/import",
            other_body.as_bytes(),
            Some(&ua),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.message(),
        "the request body differs from the payload the user action signed"
    );
    // A changed path, a changed method.
    let r = c
        .send(Method::POST, "/wallets/import", body.as_bytes(), Some(&ua))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.message().contains("path"), "{}", r.message());
    let ua_put = c.user_action("PUT", "/keys/import", &body).await;
    let r = c
        .send(Method::POST, "/keys/import", body.as_bytes(), Some(&ua_put))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.message().contains("PUT"), "{}", r.message());
    assert_eq!(key_count(&c).await, 0);

    // httpx's serialisation of what the Python SDK signed compactly.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&body).unwrap()).unwrap();
    assert_ne!(pretty, body);
    let r = c
        .send(Method::POST, "/keys/import", pretty.as_bytes(), Some(&ua))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(key_count(&c).await, 1);
    // The token is single-use.
    let r = c
        .send(Method::POST, "/keys/import", body.as_bytes(), Some(&ua))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(key_count(&c).await, 1);

    // A challenge is single-use.
    let init = c.init_action("POST", "/keys/import", &other_body).await;
    let (ch, id) = (
        init.json["challenge"].as_str().unwrap(),
        init.json["challengeIdentifier"].as_str().unwrap(),
    );
    let ff = c.first_factor(&c.key, ch, false);
    assert_eq!(
        c.complete_action(id, ff.clone()).await.status,
        StatusCode::OK,
        "two-member clientData (TypeScript SDK)"
    );
    let r = c.complete_action(id, ff).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.message().contains("already used"), "{}", r.message());

    // Another credential's signature; a signature over another challenge; a wrong type.
    for tamper in ["other-key", "other-challenge", "type"] {
        let init = c.init_action("POST", "/keys/import", &other_body).await;
        let (ch, id) = (
            init.json["challenge"].as_str().unwrap(),
            init.json["challengeIdentifier"].as_str().unwrap(),
        );
        let ff = match tamper {
            "other-key" => c.first_factor(&c.key.other(), ch, true),
            "other-challenge" => c.first_factor(&c.key, "AAAA", true),
            _ => {
                use base64ct::{Base64UrlUnpadded, Encoding as _};
                let data = json!({"type": "webauthn.get", "challenge": ch}).to_string();
                json!({"kind": "Key", "credentialAssertion": {
                    "credId": c.cred_id,
                    "clientData": Base64UrlUnpadded::encode_string(data.as_bytes()),
                    "signature": Base64UrlUnpadded::encode_string(&c.key.sign(data.as_bytes())),
                }})
            }
        };
        let r = c.complete_action(id, ff).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{tamper}: {:?}", r.json);
    }
    // An unknown credential id.
    let init = c.init_action("POST", "/keys/import", &other_body).await;
    let mut ff = c.first_factor(&c.key, init.json["challenge"].as_str().unwrap(), true);
    ff["credentialAssertion"]["credId"] = json!("cr-unknown");
    let r = c
        .complete_action(init.json["challengeIdentifier"].as_str().unwrap(), ff)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.message().contains("credId"), "{}", r.message());

    // A bad body names the field, and the refused import consumes its user action and stores
    // nothing.
    let mut v: Value = serde_json::from_str(&other_body).unwrap();
    v.as_object_mut().unwrap().remove("curve");
    let r = c.post_signed("/keys/import", &v.to_string()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.message().contains("\"curve\""), "{}", r.message());
    let r = c
        .send(
            Method::POST,
            "/auth/action/init",
            br#"{"userActionPayload":"","userActionHttpMethod":"POST"}"#,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.message(), "missing field userActionHttpPath");
    let r = c
        .send(
            Method::POST,
            "/auth/action",
            br#"{"challengeIdentifier":"ch-1","firstFactor":{"kind":"Key"}}"#,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.message(), "missing field firstFactor.credentialAssertion");

    // A share sealed for another signer: every signer checks its own, so the import is refused.
    let mut req = import_request(
        &signers,
        CurveId::Secp256k1,
        Protocol::Cggmp24,
        &random_key(),
    );
    let first = req.encrypted_key_shares[0].encrypted_key_share.clone();
    req.encrypted_key_shares[0].encrypted_key_share =
        req.encrypted_key_shares[1].encrypted_key_share.clone();
    req.encrypted_key_shares[1].encrypted_key_share = first;
    let r = c.post_signed("/keys/import", &req.to_json()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.message().contains("encryptedKeyShares: share for signer"),
        "{}",
        r.message()
    );
    assert_eq!(key_count(&c).await, 1);

    // Too large a body: 413 in Dfns's shape.
    let big = vec![b' '; 5 * 1024 * 1024];
    let r = c.send(Method::POST, "/keys/import", &big, Some("x")).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.message().contains("larger than"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_challenges_and_other_servers_tokens_are_refused() {
    let (_dir, server) = Server::fresh(&[], &["--action-ttl", "1"]);
    let (_dir2, other) = Server::fresh(&["--credential", "p256"], &[]);
    let c = server.client();
    let foreign = other.client();
    let signers = c.signers().await;
    let body = import_request(&signers, CurveId::Ed25519, Protocol::Frost, &random_key()).to_json();

    // An expired challenge.
    let init = c.init_action("POST", "/keys/import", &body).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let ff = c.first_factor(&c.key, init.json["challenge"].as_str().unwrap(), true);
    let r = c
        .complete_action(init.json["challengeIdentifier"].as_str().unwrap(), ff)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.message().contains("expired"), "{}", r.message());

    // An expired user action.
    let ua = c.user_action("POST", "/keys/import", &body).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let r = c
        .send(Method::POST, "/keys/import", body.as_bytes(), Some(&ua))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Another server's token: 401. Another server's user action: 403.
    let mut impostor = other.client();
    impostor.addr = server.addr;
    assert_eq!(
        impostor.get("/signers").await.status,
        StatusCode::UNAUTHORIZED
    );
    let foreign_ua = foreign.user_action("POST", "/keys/import", &body).await;
    let r = c
        .send(
            Method::POST,
            "/keys/import",
            body.as_bytes(),
            Some(&foreign_ua),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/keys").await.json["items"], json!([]));
}
