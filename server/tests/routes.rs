//! Every route against the real server on a random loopback port: both envelopes, all three
//! curves (and both secp256k1 schemes), both credential kinds.

mod common;

use common::{SCHEMES, Server, import_request, random_key};
use hyper::{Method, StatusCode};
use keyport::api::KeyExportResponse;
use keyport::{EnvelopeKind, ExpectedKey, ExportContext};
use serde_json::{Value, json};

async fn every_route(init: &[&str], envelope: EnvelopeKind) {
    let (_dir, mut server) = Server::fresh(init, &[]);
    let c = server.client();

    // GET /signers: one cluster of five signers on this envelope.
    let r = c.get("/signers").await;
    assert_eq!(r.status, StatusCode::OK);
    let clusters = r.json["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    assert!(
        clusters[0]["clusterId"]
            .as_str()
            .unwrap()
            .starts_with("ks-")
    );
    assert_eq!(clusters[0]["signers"].as_array().unwrap().len(), 5);
    let signers = c.signers().await;
    assert!(signers.iter().all(|s| {
        keyport::hazmat::envelope::RecipientKey::from_base64(&s.encryption_key)
            .unwrap()
            .envelope()
            == envelope
    }));

    // The challenge lists the credential, as the TypeScript SDK requires.
    let init_reply = c.init_action("POST", "/keys/import", "{}").await;
    assert_eq!(
        init_reply.json["allowCredentials"]["key"],
        json!([{"type": "public-key", "id": c.cred_id}])
    );
    assert_eq!(init_reply.json["allowCredentials"]["webauthn"], json!([]));
    assert!(init_reply.json["supportedCredentialKinds"].is_array());

    let mut ids = Vec::new();
    for (i, (curve, protocol)) in SCHEMES.into_iter().enumerate() {
        let secret = random_key();
        let mut request = import_request(&signers, curve, protocol, &secret);
        request.name = Some(format!("key {i}"));
        let r = c.post_signed("/keys/import", &request.to_json()).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{curve:?}/{protocol:?}: {:?}",
            r.json
        );
        let key = r.json.clone();
        let id = key["id"].as_str().unwrap().to_string();
        assert!(id.starts_with("key-"));
        let expected_scheme = match protocol.as_str() {
            "FROST" => "EdDSA",
            "FROST_BITCOIN" => "Schnorr",
            _ => "ECDSA",
        };
        assert_eq!(key["scheme"], expected_scheme);
        assert_eq!(key["curve"], curve.as_str());
        assert_eq!(key["status"], "Active");
        assert_eq!(key["custodial"], true);
        assert_eq!(key["imported"], true);
        assert_eq!(key["exported"], false);
        assert_eq!(key["name"], format!("key {i}"));
        assert!(key["dateCreated"].as_str().unwrap().ends_with('Z'));
        let public_key = key["publicKey"].as_str().unwrap().to_string();
        assert_eq!(
            public_key.len(),
            if curve == keyport::CurveId::Ed25519 {
                64
            } else {
                66
            }
        );

        // GET /keys/{id} gives the same object.
        let got = c.get(&format!("/keys/{id}")).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.json, key);

        // Export on the server's envelope: the key comes back, and is then marked exported.
        let ctx = ExportContext::new(envelope).unwrap();
        let export_path = format!("/keys/{id}/export");
        let r = c.post_signed(&export_path, &ctx.request().to_json()).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        assert_eq!(r.json["publicKey"], public_key.as_str());
        assert_eq!(r.json["minSigners"], 3);
        assert_eq!(r.json["encryptedKeyShares"].as_array().unwrap().len(), 5);
        let response = KeyExportResponse::from_json(std::str::from_utf8(&r.raw).unwrap()).unwrap();
        let expected = ExpectedKey::from_hex(curve, &public_key).unwrap();
        let recovered = ctx.recover(&response, &expected).unwrap();
        assert_eq!(*recovered.secret, *secret);
        assert!(recovered.bad_signers.is_empty());
        let got = c.get(&format!("/keys/{id}")).await;
        assert_eq!(got.json["exported"], true);
        assert!(got.json["dateExported"].as_str().unwrap().ends_with('Z'));

        // A scheme the client cannot take: refused, naming supportedSchemes.
        let mut narrow = ctx.request();
        narrow
            .supported_schemes
            .retain(|s| !(s.curve == curve.as_str() && s.protocol == protocol.as_str()));
        let r = c.post_signed(&export_path, &narrow.to_json()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.message().contains("supportedSchemes"), "{}", r.message());
        ids.push(id);
    }

    // GET /keys, paginated by 3: every key, each with its publicKey, in import order.
    let mut listed = Vec::new();
    let mut path = "/keys?limit=3".to_string();
    loop {
        let r = c.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        for item in r.json["items"].as_array().unwrap() {
            assert!(item["publicKey"].is_string());
            listed.push(item["id"].as_str().unwrap().to_string());
        }
        match r.json.get("nextPageToken").and_then(Value::as_str) {
            Some(t) => path = format!("/keys?limit=3&paginationToken={t}"),
            None => break,
        }
    }
    assert_eq!(listed, ids);
    assert_eq!(c.get("/keys?limit=0").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        c.get("/keys?paginationToken=nope").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(c.get("/keys/key-00").await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get("/keys/key-00").await.message(), "no key with this id");

    // Wallets: an address for each network family keyport derives.
    let networks = [
        ("Ethereum", SCHEMES[0], "0x"),
        ("Bitcoin", SCHEMES[0], "bc1q"),
        ("BitcoinTestnet3", SCHEMES[1], "tb1p"),
        ("Solana", SCHEMES[2], ""),
        ("Starknet", SCHEMES[3], "0x"),
    ];
    let mut wallet_ids = Vec::new();
    for (i, (network, (curve, protocol), prefix)) in networks.into_iter().enumerate() {
        let request = import_request(&signers, curve, protocol, &random_key());
        let mut body: Value = serde_json::from_str(&request.to_json()).unwrap();
        body["network"] = json!(network);
        body["externalId"] = json!(format!("ext-{i}"));
        body["name"] = json!(format!("wallet {i}"));
        let r = c.post_signed("/wallets/import", &body.to_string()).await;
        assert_eq!(r.status, StatusCode::OK, "{network}: {:?}", r.json);
        let w = r.json.clone();
        assert!(w["id"].as_str().unwrap().starts_with("wa-"));
        assert_eq!(w["network"], network);
        assert_eq!(w["externalId"], format!("ext-{i}"));
        assert_eq!(w["name"], format!("wallet {i}"));
        assert_eq!(w["signingKey"]["curve"], curve.as_str());
        let address = w["address"].as_str().unwrap();
        assert!(
            address.starts_with(prefix) && address.len() > 30,
            "{network}: {address}"
        );
        let pk = hex::decode(w["signingKey"]["publicKey"].as_str().unwrap()).unwrap();
        let expected = keyport::keys::Addresses::from_public_key_on(
            curve,
            &pk,
            if network == "BitcoinTestnet3" {
                keyport::keys::Network::Testnet
            } else {
                keyport::keys::Network::Mainnet
            },
        )
        .unwrap();
        let want = match network {
            "Ethereum" => expected.ethereum,
            "Bitcoin" => expected.bitcoin_p2wpkh,
            "BitcoinTestnet3" => expected.bitcoin_p2tr,
            "Solana" => expected.solana,
            _ => expected.starknet,
        };
        assert_eq!(Some(address.to_string()), want);
        let got = c
            .get(&format!("/wallets/{}", w["id"].as_str().unwrap()))
            .await;
        assert_eq!(got.json, w);
        // The signing key is a key like any other.
        let key = c
            .get(&format!(
                "/keys/{}",
                w["signingKey"]["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(key.status, StatusCode::OK);
        wallet_ids.push(w["id"].as_str().unwrap().to_string());

        if i == 0 {
            // The same externalId again: 409, and nothing stored.
            let before = c.get("/keys").await.json["items"].as_array().unwrap().len();
            let again = import_request(&signers, curve, protocol, &random_key());
            let mut body: Value = serde_json::from_str(&again.to_json()).unwrap();
            body["network"] = json!(network);
            body["externalId"] = json!("ext-0");
            let r = c.post_signed("/wallets/import", &body.to_string()).await;
            assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.json);
            assert_eq!(
                c.get("/keys").await.json["items"].as_array().unwrap().len(),
                before
            );
            // A network the key cannot be used on: 400.
            let mut body: Value = serde_json::from_str(&again.to_json()).unwrap();
            body["network"] = json!("Solana");
            let r = c.post_signed("/wallets/import", &body.to_string()).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
            assert!(
                r.message().contains("network Solana needs"),
                "{}",
                r.message()
            );
        }
    }
    let r = c.get("/wallets?limit=2").await;
    assert_eq!(r.json["items"].as_array().unwrap().len(), 2);
    assert!(r.json["nextPageToken"].is_string());
    let all = c.get("/wallets").await;
    let listed: Vec<&str> = all.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, wallet_ids);
    assert!(all.json.get("nextPageToken").is_none());
    assert_eq!(c.get("/wallets/wa-00").await.status, StatusCode::NOT_FOUND);

    // Unknown routes and methods answer in Dfns's error shape.
    let r = c.get("/nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json["error"]["message"].is_string());
    let r = c.send(Method::DELETE, "/keys", b"", None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);

    // A restart serves the same keys.
    assert!(server.terminate(), "clean exit on SIGTERM");
    let dir = server.dir.clone();
    drop(server);
    let server = Server::start(&dir, &[]);
    let c = server.client();
    for id in &ids {
        assert_eq!(c.get(&format!("/keys/{id}")).await.status, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_dfns_v1_ed25519_credential() {
    every_route(
        &["--envelope", "dfns-v1", "--credential", "ed25519"],
        EnvelopeKind::DfnsV1,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_hpke_p256_credential() {
    every_route(
        &["--envelope", "hpke", "--credential", "p256"],
        EnvelopeKind::HpkeV1,
    )
    .await;
}
