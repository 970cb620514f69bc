//! What the server's integration tests (and the load bench) share: starting the real server
//! as a process on a random loopback port, a small HTTP client, and a Dfns-style client that
//! signs user actions the way Dfns's SDKs do.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding as _};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use keyport::api::{KeyImportRequest, ListSignersResponse, SignerInfo};
use keyport::{CurveId, ImportKey, ImportOptions, Protocol, build_import_request};
use serde_json::{Value, json};
use zeroize::Zeroizing;

/// The server binary Cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_keyport-server");

/// `serve init` into `dir`; panics with the server's stderr on failure.
pub fn init(dir: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .arg("init")
        .arg("--dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("run keyport-server init");
    assert!(
        out.status.success(),
        "init failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running server process.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: SocketAddr,
    /// The state directory.
    pub dir: PathBuf,
}

impl Server {
    /// Start the server on `dir` (port 0) and wait for its ready line (at most 30 s).
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("--dir")
            .arg(dir)
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn keyport-server");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("ready line within 30 s");
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("ready line {line:?}"));
        let url = v["url"].as_str().expect("url").to_string();
        let addr = url
            .strip_prefix("http://")
            .expect("http url")
            .parse()
            .expect("addr");
        Server {
            child,
            addr,
            dir: dir.to_path_buf(),
        }
    }

    /// A fresh state directory with `init_args`, and the server on it.
    pub fn fresh(init_args: &[&str], extra: &[&str]) -> (tempfile::TempDir, Server) {
        let dir = tempfile::tempdir().expect("tempdir");
        init(dir.path(), init_args);
        let server = Server::start(dir.path(), extra);
        (dir, server)
    }

    /// A client with the credentials of `D/client.json`.
    pub fn client(&self) -> Dfns {
        Dfns::from_file(self.addr, &self.dir.join("client.json"))
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, no chance to clean up.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM and wait; returns whether it exited with success.
    pub fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "kill -TERM");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.success();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not stop within 20 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a fresh connection: (status, body).
pub async fn http(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (StatusCode, Vec<u8>) {
    try_http(addr, method, path, headers, body)
        .await
        .expect("HTTP request")
}

/// [`http`], with connection failures as errors (for a server that may be killed).
pub async fn try_http(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(StatusCode, Vec<u8>), String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if !body.is_empty() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(Full::new(Bytes::copy_from_slice(body)))
        .map_err(|e| e.to_string())?;
    let resp = send.send_request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes()
        .to_vec();
    Ok((status, bytes))
}

/// The signing half of a user-action credential.
pub enum CredentialKey {
    /// Ed25519.
    Ed25519(ed25519_dalek::SigningKey),
    /// ECDSA P-256.
    P256(p256::ecdsa::SigningKey),
}

impl CredentialKey {
    /// From a PKCS#8 PEM, as client.json holds it.
    pub fn from_pem(pem: &str) -> CredentialKey {
        use p256::pkcs8::DecodePrivateKey as _;
        if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_pem(pem) {
            return CredentialKey::Ed25519(k);
        }
        CredentialKey::P256(
            p256::ecdsa::SigningKey::from_pkcs8_pem(pem).expect("a PKCS#8 Ed25519 or P-256 key"),
        )
    }

    /// A fresh key of the same kind (another credential's key).
    pub fn other(&self) -> CredentialKey {
        let mut rng = keyport::os_rng().unwrap();
        match self {
            CredentialKey::Ed25519(_) => {
                let mut seed = [0u8; 32];
                getrandom::fill(&mut seed).unwrap();
                CredentialKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
            CredentialKey::P256(_) => CredentialKey::P256(
                <p256::ecdsa::SigningKey as p256::elliptic_curve::Generate>::generate_from_rng(
                    &mut rng,
                ),
            ),
        }
    }

    /// Sign as Dfns's KeySigners do: Ed25519 raw, ECDSA DER over SHA-256.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        match self {
            CredentialKey::Ed25519(k) => k.sign(message).to_bytes().to_vec(),
            CredentialKey::P256(k) => {
                let sig: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(k, message);
                sig.to_der().as_bytes().to_vec()
            }
        }
    }
}

/// A Dfns API client, in the tests' hands.
pub struct Dfns {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The service token.
    pub token: String,
    /// The credential id.
    pub cred_id: String,
    /// The credential key.
    pub key: CredentialKey,
    /// The org id.
    pub org_id: String,
}

/// A parsed response.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// The JSON body (Null when empty or not JSON).
    pub json: Value,
    /// The raw body.
    pub raw: Vec<u8>,
}

impl Reply {
    /// The error message of a Dfns error body.
    pub fn message(&self) -> &str {
        self.json["error"]["message"].as_str().unwrap_or("")
    }
}

impl Dfns {
    /// From `client.json`.
    pub fn from_file(addr: SocketAddr, path: &Path) -> Dfns {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("client.json"))
            .expect("JSON");
        Dfns {
            addr,
            token: v["authToken"].as_str().unwrap().to_string(),
            cred_id: v["credId"].as_str().unwrap().to_string(),
            key: CredentialKey::from_pem(v["privateKey"].as_str().unwrap()),
            org_id: v["orgId"].as_str().unwrap().to_string(),
        }
    }

    /// Send a request with the bearer token and an optional user action.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: &[u8],
        user_action: Option<&str>,
    ) -> Reply {
        let bearer = format!("Bearer {}", self.token);
        let mut headers = vec![("authorization", bearer.as_str())];
        if let Some(ua) = user_action {
            headers.push(("x-dfns-useraction", ua));
        }
        let (status, raw) = http(self.addr, method, path, &headers, body).await;
        let json = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Reply { status, json, raw }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, b"", None).await
    }

    /// `POST /auth/action/init` for (method, path, payload text).
    pub async fn init_action(&self, method: &str, path: &str, payload: &str) -> Reply {
        let body = json!({
            "userActionPayload": payload,
            "userActionHttpMethod": method,
            "userActionHttpPath": path,
            "userActionServerKind": "Api",
        });
        self.send(
            Method::POST,
            "/auth/action/init",
            body.to_string().as_bytes(),
            None,
        )
        .await
    }

    /// The `firstFactor` for a challenge, signed by `key` (the Python SDK's clientData when
    /// `python_style`, the TypeScript SDK's two members otherwise).
    pub fn first_factor(&self, key: &CredentialKey, challenge: &str, python_style: bool) -> Value {
        let client_data = if python_style {
            json!({"type": "key.get", "challenge": challenge, "origin": "https://app.dfns.io", "crossOrigin": false})
        } else {
            json!({"type": "key.get", "challenge": challenge})
        };
        let bytes = client_data.to_string().into_bytes();
        json!({
            "kind": "Key",
            "credentialAssertion": {
                "credId": self.cred_id,
                "clientData": Base64UrlUnpadded::encode_string(&bytes),
                "signature": Base64UrlUnpadded::encode_string(&key.sign(&bytes)),
            }
        })
    }

    /// `POST /auth/action` with a first factor.
    pub async fn complete_action(&self, challenge_id: &str, first_factor: Value) -> Reply {
        let body = json!({"challengeIdentifier": challenge_id, "firstFactor": first_factor});
        self.send(
            Method::POST,
            "/auth/action",
            body.to_string().as_bytes(),
            None,
        )
        .await
    }

    /// The whole user-action flow for (method, path, payload); panics unless it succeeds.
    pub async fn user_action(&self, method: &str, path: &str, payload: &str) -> String {
        let init = self.init_action(method, path, payload).await;
        assert_eq!(init.status, StatusCode::OK, "init: {:?}", init.json);
        let ch = init.json["challenge"].as_str().unwrap();
        let id = init.json["challengeIdentifier"].as_str().unwrap();
        let done = self
            .complete_action(id, self.first_factor(&self.key, ch, true))
            .await;
        assert_eq!(done.status, StatusCode::OK, "action: {:?}", done.json);
        done.json["userAction"].as_str().unwrap().to_string()
    }

    /// [`Dfns::post_signed`], with any failure (a dead server, a refusal) as `None`.
    pub async fn try_post_signed(&self, path: &str, body: &str) -> Option<Value> {
        let bearer = format!("Bearer {}", self.token);
        let auth = [("authorization", bearer.as_str())];
        let init = json!({"userActionPayload": body, "userActionHttpMethod": "POST", "userActionHttpPath": path, "userActionServerKind": "Api"});
        let (s, raw) = try_http(
            self.addr,
            Method::POST,
            "/auth/action/init",
            &auth,
            init.to_string().as_bytes(),
        )
        .await
        .ok()?;
        let ch: Value = serde_json::from_slice(&raw)
            .ok()
            .filter(|_| s == StatusCode::OK)?;
        let ff = self.first_factor(&self.key, ch["challenge"].as_str()?, true);
        let done = json!({"challengeIdentifier": ch["challengeIdentifier"], "firstFactor": ff});
        let (s, raw) = try_http(
            self.addr,
            Method::POST,
            "/auth/action",
            &auth,
            done.to_string().as_bytes(),
        )
        .await
        .ok()?;
        let ua: Value = serde_json::from_slice(&raw)
            .ok()
            .filter(|_| s == StatusCode::OK)?;
        let ua = ua["userAction"].as_str()?;
        let headers = [
            ("authorization", bearer.as_str()),
            ("x-dfns-useraction", ua),
        ];
        let (s, raw) = try_http(self.addr, Method::POST, path, &headers, body.as_bytes())
            .await
            .ok()?;
        serde_json::from_slice(&raw)
            .ok()
            .filter(|_| s == StatusCode::OK)
    }

    /// A signed POST: user action for exactly this body, then the request.
    pub async fn post_signed(&self, path: &str, body: &str) -> Reply {
        let ua = self.user_action("POST", path, body).await;
        self.send(Method::POST, path, body.as_bytes(), Some(&ua))
            .await
    }

    /// The cluster's signers.
    pub async fn signers(&self) -> Vec<SignerInfo> {
        let r = self.get("/signers").await;
        assert_eq!(r.status, StatusCode::OK);
        ListSignersResponse::from_json(std::str::from_utf8(&r.raw).unwrap())
            .unwrap()
            .select(None)
            .unwrap()
    }
}

/// A random 32-byte key valid on `curve` (below every curve order: top byte small).
pub fn random_key() -> Zeroizing<[u8; 32]> {
    let mut k = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut k[..]).unwrap();
    k[0] &= 0x07;
    k[31] |= 1;
    k
}

/// An import request for `key` on (curve, protocol), 3-of-n.
pub fn import_request(
    signers: &[SignerInfo],
    curve: CurveId,
    protocol: Protocol,
    key: &[u8; 32],
) -> KeyImportRequest {
    let options = ImportOptions::new(curve, protocol, 3);
    build_import_request(&ImportKey::Scalar(Zeroizing::new(*key)), signers, &options)
        .expect("import request")
}

/// The schemes of the tests: each curve, and both secp256k1 signature schemes.
pub const SCHEMES: [(CurveId, Protocol); 4] = [
    (CurveId::Secp256k1, Protocol::Cggmp24),
    (CurveId::Secp256k1, Protocol::FrostBitcoin),
    (CurveId::Ed25519, Protocol::Frost),
    (CurveId::Stark, Protocol::Cggmp21),
];
