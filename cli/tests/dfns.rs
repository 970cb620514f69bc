//! `keyport dfns ...` against `keyport serve` started as a process on a random loopback port:
//! import, wallet import and export on every curve and both envelopes; the public-key check
//! when the server lies (a tiny rewriting proxy); 202, 429 and user-action failures; and the
//! crash test of exactly-once migration (SIGKILL the client three times and the server once).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_keyport");

/// `keyport serve init --dir D ARGS`.
fn init(dir: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .args(["serve", "init", "--dir"])
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running `keyport serve`.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(dir: &Path, listen: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--dir"])
            .arg(dir)
            .args(["--listen", listen])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line:?}"));
        let addr = v["url"].as_str().unwrap()["http://".len()..]
            .parse()
            .unwrap();
        Server { child, addr }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

fn fresh(init_args: &[&str], extra: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), init_args);
    let s = Server::start(dir.path(), "127.0.0.1:0", extra);
    (dir, s)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn of(o: Output) -> Run {
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// `keyport dfns ARGS --api-url URL --credentials D/client.json`.
fn dfns(url: &str, creds: &Path, args: &[&str]) -> Run {
    of(Command::new(BIN)
        .arg("dfns")
        .args(args)
        .args(["--api-url", url, "--credentials"])
        .arg(creds)
        .stdin(Stdio::null())
        .output()
        .unwrap())
}

fn write_key(dir: &Path, name: &str, hex_key: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, hex_key).unwrap();
    p
}

/// A random 32-byte key below every curve order.
fn random_hex() -> String {
    let mut k = [0u8; 32];
    getrandom::fill(&mut k).unwrap();
    k[0] &= 0x07;
    k[31] |= 1;
    hex::encode(k)
}

fn public_key_of(dir: &Path, key: &Path, format: &str, curve: &str) -> String {
    let out = of(Command::new(BIN)
        .args(["inspect", "--json", "--key-file"])
        .arg(key)
        .args(["--key-format", format, "--curve", curve])
        .current_dir(dir)
        .output()
        .unwrap());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    v["publicKey"].as_str().unwrap().to_string()
}

/// (curve, key format, protocol, wallet network)
const CASES: [(&str, &str, &str, &str); 3] = [
    ("secp256k1", "hex", "CGGMP24", "Ethereum"),
    ("ed25519", "ed25519-scalar", "FROST", "Solana"),
    ("stark", "hex", "CGGMP21", "Starknet"),
];

fn round_trips(envelope: &str, credential: &str) {
    let (dir, server) = fresh(&["--envelope", envelope, "--credential", credential], &[]);
    let d = dir.path();
    let creds = d.join("client.json");
    let url = server.url();
    let signers = dfns(&url, &creds, &["signers"]);
    assert_eq!(signers.code, 0, "{}", signers.stderr);
    assert!(
        signers.stderr.contains("fingerprint "),
        "{}",
        signers.stderr
    );
    assert!(signers.stdout.contains("clusters"));
    for (i, (curve, format, protocol, network)) in CASES.into_iter().enumerate() {
        let secret = random_hex();
        let key_file = write_key(d, &format!("k{i}"), &secret);
        let pk = public_key_of(d, &key_file, format, curve);
        let key_path = key_file.to_str().unwrap();
        let common = [
            "--key-file",
            key_path,
            "--key-format",
            format,
            "--curve",
            curve,
            "--protocol",
            protocol,
        ];
        let r = dfns(
            &url,
            &creds,
            &[&["import"][..], &common, &["--name", "n1"]].concat(),
        );
        assert_eq!(r.code, 0, "{curve} {envelope}: {}", r.stderr);
        let key: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(key["publicKey"], pk.as_str());
        assert_eq!(key["name"], "n1");
        assert!(
            r.stderr.contains(&format!("public key: {pk}")),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains(&secret) && !r.stdout.contains(&secret));
        // Export: the recovered key is the imported one.
        let out = d.join(format!("out{i}"));
        let key_id = key["id"].as_str().unwrap();
        let e = dfns(
            &url,
            &creds,
            &[
                "export",
                "--key-id",
                key_id,
                "--expect-public-key",
                &pk,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(e.code, 0, "{curve} {envelope}: {}", e.stderr);
        assert_eq!(std::fs::read_to_string(&out).unwrap().trim(), secret);
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // A second export to the same file is refused before anything is sent.
        let again = dfns(
            &url,
            &creds,
            &[
                "export",
                "--key-id",
                key_id,
                "--expect-public-key",
                &pk,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(again.code, 2, "{}", again.stderr);
        // Wallet import, then the same externalId again: 409.
        let secret2 = random_hex();
        let key2 = write_key(d, &format!("w{i}"), &secret2);
        let pk2 = public_key_of(d, &key2, format, curve);
        let ext = format!("ext-{i}");
        let wargs = [
            "wallet-import",
            "--network",
            network,
            "--external-id",
            &ext,
            "--key-file",
            key2.to_str().unwrap(),
            "--key-format",
            format,
            "--curve",
            curve,
            "--protocol",
            protocol,
        ];
        let w = dfns(&url, &creds, &wargs);
        assert_eq!(w.code, 0, "{curve} {envelope}: {}", w.stderr);
        let wallet: Value = serde_json::from_str(&w.stdout).unwrap();
        assert_eq!(wallet["signingKey"]["publicKey"], pk2.as_str());
        assert_eq!(wallet["externalId"], ext.as_str());
        assert!(wallet["address"].as_str().is_some_and(|a| !a.is_empty()));
        let dup = dfns(&url, &creds, &wargs);
        assert_eq!(dup.code, 5, "{}", dup.stderr);
        assert!(
            dup.stderr.contains(
                "POST /wallets/import: HTTP 409: a wallet with this externalId already exists"
            ),
            "{}",
            dup.stderr
        );
    }
}

#[test]
fn every_curve_round_trips_with_dfns_v1_and_an_ed25519_credential() {
    round_trips("dfns-v1", "ed25519");
}

#[test]
fn every_curve_round_trips_with_hpke_and_a_p256_credential() {
    round_trips("hpke", "p256");
}

/// How the proxy treats `POST /keys/import`.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Forward it, then replace the answer's publicKey with another key's.
    Lie,
    /// Answer 202 with an approval id, without forwarding.
    Approval,
    /// Answer the first one 429 with Retry-After: 1.
    RateLimitOnce,
    /// Hold `POST /auth/action` for 2.5 s (the challenge expires meanwhile).
    SlowAssertion,
}

/// A one-request-per-connection HTTP proxy in front of `upstream`.
fn proxy(upstream: SocketAddr, mode: Mode) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let imports = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&imports);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { return };
            let count = Arc::clone(&count);
            std::thread::spawn(move || {
                let _ = serve_one(conn, upstream, mode, &count);
            });
        }
    });
    (addr, imports)
}

/// (head lines, body) of one HTTP message, read to its Content-Length.
fn read_message(r: &mut BufReader<TcpStream>) -> std::io::Result<(Vec<String>, Vec<u8>)> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let len = head
        .iter()
        .find_map(|h| {
            let (k, v) = h.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok((head, body))
}

fn respond(mut to: TcpStream, status: &str, extra: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        to,
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n",
        body.len()
    )?;
    to.write_all(body)
}

fn serve_one(
    conn: TcpStream,
    upstream: SocketAddr,
    mode: Mode,
    imports: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let (head, body) = read_message(&mut reader)?;
    let request_line = head.first().cloned().unwrap_or_default();
    let is_import = request_line.starts_with("POST /keys/import ");
    if is_import {
        let n = imports.fetch_add(1, Ordering::SeqCst);
        if mode == Mode::Approval {
            return respond(
                conn,
                "202 Accepted",
                "",
                br#"{"id":"ap-test-1","status":"Pending"}"#,
            );
        }
        if mode == Mode::RateLimitOnce && n == 0 {
            return respond(
                conn,
                "429 Too Many Requests",
                "retry-after: 1\r\n",
                br#"{"error":{"message":"slow down"}}"#,
            );
        }
    }
    if mode == Mode::SlowAssertion && request_line.starts_with("POST /auth/action ") {
        std::thread::sleep(Duration::from_millis(2500));
    }
    let mut up = TcpStream::connect(upstream)?;
    write!(up, "{request_line}\r\n")?;
    for h in &head[1..] {
        if !h.to_ascii_lowercase().starts_with("connection:") {
            write!(up, "{h}\r\n")?;
        }
    }
    write!(up, "connection: close\r\n\r\n")?;
    up.write_all(&body)?;
    let mut r = BufReader::new(up);
    let (rhead, mut rbody) = read_message(&mut r)?;
    let status = rhead[0].split_once(' ').map_or("500", |x| x.1).to_string();
    if is_import && mode == Mode::Lie && status.starts_with("200") {
        let mut v: Value = serde_json::from_slice(&rbody).unwrap();
        // Another valid secp256k1 key: the generator.
        v["publicKey"] =
            "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798".into();
        rbody = v.to_string().into_bytes();
    }
    respond(conn, &status, "", &rbody)
}

fn import_args(key: &Path) -> Vec<String> {
    [
        "import",
        "--key-file",
        key.to_str().unwrap(),
        "--key-format",
        "hex",
        "--curve",
        "secp256k1",
    ]
    .map(String::from)
    .to_vec()
}

fn run_import(url: &str, creds: &Path, key: &Path) -> Run {
    let args = import_args(key);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    dfns(url, creds, &refs)
}

#[test]
fn a_server_that_lies_about_the_public_key_is_caught() {
    let (dir, server) = fresh(&[], &[]);
    let (addr, imports) = proxy(server.addr, Mode::Lie);
    let key = write_key(dir.path(), "k", &random_hex());
    let pk = public_key_of(dir.path(), &key, "hex", "secp256k1");
    let r = run_import(
        &format!("http://{addr}"),
        &dir.path().join("client.json"),
        &key,
    );
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert_eq!(imports.load(Ordering::SeqCst), 1);
    assert!(
        r.stderr.contains(&format!(
            "with public key 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798, \
             but the imported key's public key is {pk}: do not use this key"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "no Key object on a mismatch");
}

#[test]
fn approval_is_its_own_outcome_and_429_waits_for_retry_after() {
    let (dir, server) = fresh(&[], &[]);
    let creds = dir.path().join("client.json");
    let key = write_key(dir.path(), "k", &random_hex());
    let (addr, _) = proxy(server.addr, Mode::Approval);
    let r = run_import(&format!("http://{addr}"), &creds, &key);
    assert_eq!(r.code, 6, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["awaitingApproval"], "ap-test-1");
    assert!(
        r.stderr
            .contains("a policy holds the request for approval ap-test-1")
    );

    let (addr, imports) = proxy(server.addr, Mode::RateLimitOnce);
    let start = Instant::now();
    let r = run_import(&format!("http://{addr}"), &creds, &key);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(
        imports.load(Ordering::SeqCst),
        2,
        "the 429 was retried once"
    );
}

#[test]
fn user_action_failures_say_what_to_fix() {
    let (dir, server) = fresh(&[], &["--action-ttl", "1"]);
    let d = dir.path();
    let url = server.url();
    let key = write_key(d, "k", &random_hex());
    let client: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("client.json")).unwrap()).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    let secret = |name: &str, text: &str| {
        let p = d.join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    };
    let token = secret("token", client["authToken"].as_str().unwrap());
    // Another org's credential key, under our credential id: the signature does not verify.
    let other = tempfile::tempdir().unwrap();
    init(other.path(), &[]);
    let other_client: Value =
        serde_json::from_str(&std::fs::read_to_string(other.path().join("client.json")).unwrap())
            .unwrap();
    let wrong_key = secret("wrong.pem", other_client["privateKey"].as_str().unwrap());
    let run_with = |cred_id: &str| {
        of(Command::new(BIN)
            .arg("dfns")
            .args(import_args(&key))
            .args(["--api-url", &url, "--cred-id", cred_id, "--auth-token-file"])
            .arg(&token)
            .arg("--credential-key-file")
            .arg(&wrong_key)
            .output()
            .unwrap())
    };
    let r = run_with(client["credId"].as_str().unwrap());
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: POST /auth/action: HTTP 403: the signature does not verify over clientData \
             under this credential (this call needs the Keys:Import permission"
        ),
        "{}",
        r.stderr
    );
    // A credential id the challenge does not list.
    let r = run_with(other_client["credId"].as_str().unwrap());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "the user-action challenge does not allow credential {} (it allows: {})",
            other_client["credId"].as_str().unwrap(),
            client["credId"].as_str().unwrap()
        )),
        "{}",
        r.stderr
    );
    // An expired challenge (--action-ttl 1, the assertion held 2.5 s by the proxy).
    let (addr, _) = proxy(server.addr, Mode::SlowAssertion);
    let r = run_import(&format!("http://{addr}"), &d.join("client.json"), &key);
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "POST /auth/action: HTTP 403: the challenge is unknown, expired or already used; \
             start again with POST /auth/action/init"
        ),
        "{}",
        r.stderr
    );
    // A credentials file others can read is refused.
    std::fs::set_permissions(
        d.join("client.json"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let r = run_import(&url, &d.join("client.json"), &key);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("is readable by others (mode 0644)"),
        "{}",
        r.stderr
    );
}

/// One HTTP GET (connection: close) with the token: the JSON body.
fn get_json(addr: SocketAddr, token: &str, path: &str) -> Value {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {token}\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let (head, body) = read_message(&mut r).unwrap();
    assert!(head[0].contains(" 200 "), "{head:?}");
    serde_json::from_slice(&body).unwrap()
}

fn all_public_keys(addr: SocketAddr, token: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(t) => format!("/keys?limit=100&paginationToken={t}"),
            None => "/keys?limit=100".to_string(),
        };
        let page = get_json(addr, token, &path);
        for k in page["items"].as_array().unwrap() {
            out.push(k["publicKey"].as_str().unwrap().to_string());
        }
        match page["nextPageToken"].as_str() {
            Some(t) => next = Some(t.to_string()),
            None => return out,
        }
    }
}

/// A number in `lo..hi` from the OS.
fn random_in(lo: u64, hi: u64) -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    lo + u64::from_le_bytes(b) % (hi - lo)
}

#[test]
fn migrate_survives_client_and_server_kills_exactly_once() {
    let n: usize = std::env::var("KEYPORT_DFNS_CRASH_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    init(d, &[]);
    let mut server = Server::start(d, "127.0.0.1:0", &[]);
    let addr = server.addr;
    let url = server.url();
    let mut keys = String::from("id,format,curve,key\n");
    let mut expected = Vec::new();
    for i in 0..n {
        let k = random_hex();
        keys.push_str(&format!("row-{i},hex,secp256k1,{k}\n"));
        expected.push(k);
    }
    let keys_file = d.join("keys.csv");
    std::fs::write(&keys_file, keys).unwrap();
    let journal = d.join("journal.db");
    let creds = d.join("client.json");
    let spawn = || {
        Command::new(BIN)
            .args([
                "dfns",
                "migrate",
                "--jobs",
                "4",
                "--api-url",
                &url,
                "--credentials",
            ])
            .arg(&creds)
            .arg("--keys")
            .arg(&keys_file)
            .arg("--journal")
            .arg(&journal)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Three SIGKILLs of the client at random moments.
    for _ in 0..3 {
        let mut c = spawn();
        std::thread::sleep(Duration::from_millis(random_in(300, 2500)));
        let _ = c.kill();
        let _ = c.wait();
    }
    // One SIGKILL of the server mid-run, then a restart on the same port.
    let c = spawn();
    std::thread::sleep(Duration::from_millis(random_in(300, 1500)));
    server.kill9();
    std::thread::sleep(Duration::from_millis(300));
    let _server = Server::start(d, &addr.to_string(), &[]);
    let out = of(c.wait_with_output().unwrap());
    // The run either finished or (if the server was down long) asks to be run again.
    let out = if out.code == 0 {
        out
    } else {
        assert_eq!(out.code, 5, "{}\n{}", out.stderr, out.stdout);
        of(spawn().wait_with_output().unwrap())
    };
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["failed"], serde_json::json!([]));
    assert_eq!(summary["unresolved"], 0);
    assert_eq!(summary["journal"]["imported"], n);

    // The server holds each public key exactly once.
    let token: Value = serde_json::from_str(&std::fs::read_to_string(&creds).unwrap()).unwrap();
    let mut held = all_public_keys(addr, token["authToken"].as_str().unwrap());
    assert_eq!(
        held.len(),
        n,
        "the server holds {} keys for {n} rows",
        held.len()
    );
    held.sort();
    held.dedup();
    assert_eq!(held.len(), n, "a public key is held twice");
    // And the journal agrees, row by row.
    let db = rusqlite::Connection::open(&journal).unwrap();
    let imported: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM rows WHERE state = 'imported'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(usize::try_from(imported).unwrap(), n);
    let mut stmt = db.prepare("SELECT public_key FROM rows").unwrap();
    let mut journaled: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    journaled.sort();
    assert_eq!(journaled, held);
    drop(stmt);
    drop(db);
    // A run after the end sends nothing.
    let again = of(spawn().wait_with_output().unwrap());
    assert_eq!(again.code, 0, "{}", again.stderr);
    let v: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(
        (v["imported"].as_u64(), v["skipped"].as_u64()),
        (Some(0), Some(n as u64))
    );
}

fn all_wallets(addr: SocketAddr, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(t) => format!("/wallets?limit=100&paginationToken={t}"),
            None => "/wallets?limit=100".to_string(),
        };
        let page = get_json(addr, token, &path);
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["nextPageToken"].as_str() {
            Some(t) => next = Some(t.to_string()),
            None => return out,
        }
    }
}

/// Wallet migration: keys in doubt are found by public key, and a key resent by mistake
/// (its journal row rewound to pending) is stopped by its externalId (409), then found.
#[test]
fn wallet_migration_settles_doubt_by_public_key_and_external_id() {
    let (dir, server) = fresh(&[], &[]);
    let d = dir.path();
    let n = 30;
    let mut keys = String::from("id,format,curve,key\n");
    for i in 0..n {
        keys.push_str(&format!("w-{i},hex,secp256k1,{}\n", random_hex()));
    }
    let keys_file = d.join("keys.csv");
    std::fs::write(&keys_file, keys).unwrap();
    let journal = d.join("j.db");
    let creds = d.join("client.json");
    let migrate = || {
        dfns(
            &server.url(),
            &creds,
            &[
                "migrate",
                "--wallets",
                "--network",
                "Ethereum",
                "--keys",
                keys_file.to_str().unwrap(),
                "--journal",
                journal.to_str().unwrap(),
            ],
        )
    };
    let r = migrate();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let set_state = |state: &str| {
        let db = rusqlite::Connection::open(&journal).unwrap();
        db.execute(
            "UPDATE rows SET state = ?1, key_id = NULL, wallet_id = NULL",
            [state],
        )
        .unwrap();
    };
    // Every row in doubt (as after a crash between POST and answer): all found, none sent.
    set_state("sent");
    let r = migrate();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (v["imported"].as_u64(), v["skipped"].as_u64()),
        (Some(0), Some(n))
    );
    assert_eq!(v["latencyMs"]["requests"], 0);
    // Rows rewound to pending: each POST is refused with 409 by its externalId, then found.
    set_state("pending");
    let r = migrate();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["latencyMs"]["requests"], n);
    assert_eq!(v["journal"]["imported"], n);
    let token: Value = serde_json::from_str(&std::fs::read_to_string(&creds).unwrap()).unwrap();
    let wallets = all_wallets(server.addr, token["authToken"].as_str().unwrap());
    assert_eq!(wallets.len(), n as usize, "each key is one wallet");
    let db = rusqlite::Connection::open(&journal).unwrap();
    let with_wallet: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM rows WHERE state = 'imported' AND wallet_id LIKE 'wa-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with_wallet, n as i64);
}

#[test]
fn a_second_runner_on_one_journal_is_refused() {
    let (dir, server) = fresh(&[], &[]);
    let d = dir.path();
    let keys_file = d.join("keys.csv");
    std::fs::write(&keys_file, format!("a,hex,secp256k1,{}\n", random_hex())).unwrap();
    let journal = d.join("j.db");
    // Another runner holds the journal (SQLite's exclusive lock).
    let holder = rusqlite::Connection::open(&journal).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE t (x); COMMIT;",
        )
        .unwrap();
    let args = [
        "migrate",
        "--keys",
        keys_file.to_str().unwrap(),
        "--journal",
        journal.to_str().unwrap(),
    ];
    let r = dfns(&server.url(), &d.join("client.json"), &args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("is in use by another keyport dfns migrate; wait for it to finish"),
        "{}",
        r.stderr
    );
    drop(holder);
    let r = dfns(&server.url(), &d.join("client.json"), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// `--expect-signers` and `--signers-lock` on the commands that encrypt: checked against the
/// fetched signers before anything is built or sent.
#[test]
fn dfns_commands_check_the_signers_before_they_encrypt() {
    let (dir, server) = fresh(&[], &[]);
    let (other_dir, other) = fresh(&[], &[]);
    let url = format!("http://{}", server.addr);
    let creds = dir.path().join("client.json");
    let token = |d: &Path| -> String {
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("client.json")).unwrap()).unwrap();
        v["authToken"].as_str().unwrap().to_string()
    };
    let key = write_key(dir.path(), "k", &random_hex());
    let lock = dir.path().join("signers.lock");
    let lock_arg = lock.to_str().unwrap();

    // Trust on first use: `dfns signers` pins the set.
    let r = dfns(&url, &creds, &["signers", "--signers-lock", lock_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(lock.exists());

    // A fingerprint that is not the set's: refused (exit 4), nothing imported.
    let mut args = import_args(&key);
    args.extend(["--expect-signers".to_string(), "00".repeat(32)]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = dfns(&url, &creds, &refs);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("--expect-signers"), "{}", r.stderr);
    assert!(all_public_keys(server.addr, &token(dir.path())).is_empty());

    // The pinned set: accepted, and the key lands.
    let mut args = import_args(&key);
    args.extend(["--signers-lock".to_string(), lock_arg.to_string()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = dfns(&url, &creds, &refs);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(all_public_keys(server.addr, &token(dir.path())).len(), 1);

    // Another network's signers under the same lock: refused, nothing imported there.
    let other_url = format!("http://{}", other.addr);
    let r = dfns(&other_url, &other_dir.path().join("client.json"), &refs);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("--signers-lock"), "{}", r.stderr);
    assert!(all_public_keys(other.addr, &token(other_dir.path())).is_empty());
}
