//! The HTTP API: routes, request checks and response shapes, as in the Dfns API reference.
//!
//! Every route needs the service token (`Authorization: Bearer`). Every route that changes
//! state also needs `X-DFNS-USERACTION`, a single-use user action bound to exactly its method,
//! path and body. The cryptography and the database run on the blocking pool.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tower_http::timeout::TimeoutLayer;

use crate::auth::{self, Binding, Credential};
use crate::error::ApiError;
use crate::ids;
use crate::network::{Accepted, Cluster, wallet_address};
use crate::seal::{Keys, Row};
use crate::store::{Challenge, KeyRow, SealedBySigner, Store, WalletRow};

/// Everything a request handler needs.
pub struct App {
    /// The database.
    pub store: Store,
    /// The signers.
    pub cluster: Cluster,
    /// Storage and token keys.
    pub keys: Keys,
    /// The org id the service token must name.
    pub org_id: String,
    /// The registered user-action credentials.
    pub credentials: Vec<Credential>,
    /// How long a challenge and a user action stay valid, in seconds.
    pub action_ttl: i64,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// How long a signer manifest from `GET /signers/manifest` is valid, in seconds.
    pub manifest_ttl: u64,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("org_id", &self.org_id)
            .field("cluster", &self.cluster)
            .finish_non_exhaustive()
    }
}

type Shared = Arc<App>;
type Reply = Result<Response, ApiError>;

/// Time allowed for a request that runs the signers (import, export).
const SIGNING_TIMEOUT: Duration = Duration::from_secs(60);
/// Time allowed for every other request.
const QUICK_TIMEOUT: Duration = Duration::from_secs(10);
/// The page size of list routes when `limit` is not given, and the largest allowed.
const MAX_PAGE: u32 = 100;

/// The router of the whole API.
pub fn router(app: Shared) -> Router {
    let limit = app.body_limit;
    let quick = |m: MethodRouter<Shared>| {
        m.layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            QUICK_TIMEOUT,
        ))
    };
    let signing = |m: MethodRouter<Shared>| {
        m.layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            SIGNING_TIMEOUT,
        ))
    };
    Router::new()
        .route("/signers", quick(get(list_signers)))
        .route("/signers/manifest", quick(get(signers_manifest)))
        .route("/auth/action/init", quick(post(action_init)))
        .route("/auth/action", quick(post(action)))
        .route("/keys", quick(get(list_keys)))
        .route("/keys/import", signing(post(import_key)))
        .route("/keys/{key_id}", quick(get(get_key)))
        .route("/keys/{key_id}/export", signing(post(export_key)))
        .route("/wallets", quick(get(list_wallets)))
        .route("/wallets/import", signing(post(import_wallet)))
        .route("/wallets/{wallet_id}", quick(get(get_wallet)))
        .fallback(|| async { ApiError::not_found("no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError {
                status: StatusCode::METHOD_NOT_ALLOWED,
                code: "method_not_allowed",
                message: "this route does not take that method".into(),
            }
        })
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}

/// A JSON response.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    raw_json(status, body.to_string())
}

fn raw_json(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Run `f` on the blocking pool (cryptography and SQLite).
async fn blocking<T, F>(app: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
{
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || f(&app))
        .await
        .map_err(|e| ApiError::internal("worker", e))?
}

fn bearer(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    auth::check_bearer(app.keys.token_key(), &app.org_id, value)
}

fn body(app: &App, body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(app.body_limit)
        } else {
            ApiError::bad_request("the request body could not be read")
        }
    })
}

fn text(bytes: &Bytes) -> Result<String, ApiError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::bad_request("the body is not UTF-8"))
}

fn json_object(bytes: &[u8]) -> Result<serde_json::Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::bad_request("the body must be a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!(
            "the body is not JSON (line {} column {})",
            e.line(),
            e.column()
        ))),
    }
}

fn str_field<'a>(
    m: &'a serde_json::Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<&'a str, ApiError> {
    match m.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::bad_request(format!(
            "{path}{name} must be a string"
        ))),
        None => Err(ApiError::bad_request(format!("missing field {path}{name}"))),
    }
}

fn optional_str(
    m: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<String>, ApiError> {
    match m.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_request(format!("{name} must be a string"))),
    }
}

fn object<'a>(
    m: &'a serde_json::Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<&'a serde_json::Map<String, Value>, ApiError> {
    match m.get(name) {
        Some(Value::Object(o)) => Ok(o),
        Some(_) => Err(ApiError::bad_request(format!(
            "{path}{name} must be an object"
        ))),
        None => Err(ApiError::bad_request(format!("missing field {path}{name}"))),
    }
}

fn path_of(uri: &Uri) -> &str {
    uri.path_and_query().map_or("/", |p| p.as_str())
}

/// Check the request's user action and return its token hash (to consume with the change).
async fn user_action(
    app: &Shared,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
    body: &[u8],
) -> Result<[u8; 32], ApiError> {
    let token = headers
        .get("x-dfns-useraction")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::forbidden("missing X-DFNS-USERACTION header; sign this request with POST /auth/action/init and POST /auth/action")
        })?;
    let hash = auth::token_hash(token);
    let now = ids::unix_now();
    let binding = blocking(app, move |app| app.store.user_action(&hash, now))
        .await?
        .ok_or_else(|| {
            ApiError::forbidden("the user action is unknown, expired or already used")
        })?;
    binding.check(method.as_str(), path_of(uri), body)?;
    Ok(hash)
}

/// Run a state change authorised by the user action `hash`; if it is refused, the user action
/// is consumed anyway (it is single-use), and nothing else is stored.
async fn authorised<T, F>(app: &Shared, hash: [u8; 32], f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
{
    let result = blocking(app, f).await;
    if result.is_err() {
        blocking(app, move |app| app.store.burn_user_action(hash)).await?;
    }
    result
}

fn log_refusal(method: &Method, route: &str, e: &ApiError) {
    eprintln!(
        "keyport serve: refused {method} {route}: {} {}",
        e.status.as_u16(),
        e.code
    );
}

async fn list_signers(State(app): State<Shared>, headers: HeaderMap) -> Reply {
    bearer(&app, &headers)?;
    Ok(raw_json(StatusCode::OK, app.cluster.list_signers_json()))
}

/// `GET /signers/manifest`: the signers as they are now, signed by the manifest key
/// (`D/manifest.pub`), valid for `--manifest-ttl` seconds. Signed at each request, so it always
/// states the current signers.
async fn signers_manifest(State(app): State<Shared>, headers: HeaderMap) -> Reply {
    bearer(&app, &headers)?;
    let now = u64::try_from(ids::unix_now()).unwrap_or(0);
    let body = app
        .cluster
        .manifest_json(app.keys.manifest_seed(), now, app.manifest_ttl)?;
    Ok(raw_json(StatusCode::OK, body))
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

async fn action_init(
    State(app): State<Shared>,
    headers: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let b = body(&app, b)?;
    let m = json_object(&b)?;
    let payload = str_field(&m, "", "userActionPayload")?;
    let method = str_field(&m, "", "userActionHttpMethod")?;
    let path = str_field(&m, "", "userActionHttpPath")?;
    if let Some(kind) = optional_str(&m, "userActionServerKind")?
        && kind != "Api"
    {
        return Err(ApiError::bad_request(
            "userActionServerKind must be \"Api\"",
        ));
    }
    if !METHODS.contains(&method) {
        return Err(ApiError::bad_request(format!(
            "userActionHttpMethod must be one of {}",
            METHODS.join(", ")
        )));
    }
    if !path.starts_with('/') {
        return Err(ApiError::bad_request(
            "userActionHttpPath must start with /",
        ));
    }
    if auth::parse_payload(payload).is_err() {
        return Err(ApiError::bad_request(
            "userActionPayload must be \"\" or JSON text",
        ));
    }
    let challenge = Challenge {
        id: ids::new_id("ch")?,
        challenge: ids::random_token()?,
        binding: Binding {
            method: method.to_string(),
            path: path.to_string(),
            payload: payload.to_string(),
        },
        expires_at: ids::unix_now().saturating_add(app.action_ttl),
    };
    let reply = json!({
        "challenge": challenge.challenge,
        "challengeIdentifier": challenge.id,
        "allowCredentials": {
            "key": app.credentials.iter().map(|c| json!({"type": "public-key", "id": c.id})).collect::<Vec<_>>(),
            "passwordProtectedKey": [],
            "webauthn": [],
        },
        "supportedCredentialKinds": [{"kind": "Key", "factor": "first", "requiresSecondFactor": false}],
        "userVerification": "required",
        "attestation": "none",
        "rp": {"id": "localhost", "name": "keyport serve"},
        "externalAuthenticationUrl": "",
    });
    let now = ids::unix_now();
    blocking(&app, move |app| app.store.insert_challenge(challenge, now)).await?;
    Ok(json_response(StatusCode::OK, &reply))
}

async fn action(
    State(app): State<Shared>,
    headers: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let b = body(&app, b)?;
    let m = json_object(&b)?;
    let challenge_id = str_field(&m, "", "challengeIdentifier")?.to_string();
    let first = object(&m, "", "firstFactor")?;
    if str_field(first, "firstFactor.", "kind")? != "Key" {
        return Err(ApiError::bad_request(
            "firstFactor.kind must be \"Key\": this server registers key credentials only",
        ));
    }
    let assertion = object(first, "firstFactor.", "credentialAssertion")?;
    let p = "firstFactor.credentialAssertion.";
    let cred_id = str_field(assertion, p, "credId")?.to_string();
    let client_data = auth::b64url(
        "firstFactor.credentialAssertion.clientData",
        str_field(assertion, p, "clientData")?,
    )?;
    let signature = auth::b64url(
        "firstFactor.credentialAssertion.signature",
        str_field(assertion, p, "signature")?,
    )?;
    let now = ids::unix_now();
    let result = blocking(&app, move |app| {
        let challenge = app
            .store
            .take_challenge(challenge_id, now)?
            .ok_or_else(|| ApiError::forbidden("the challenge is unknown, expired or already used; start again with POST /auth/action/init"))?;
        let credential = app
            .credentials
            .iter()
            .find(|c| c.id == cred_id)
            .ok_or_else(|| ApiError::forbidden("credId is not a credential registered with this org"))?;
        if !credential.verify(&client_data, &signature) {
            return Err(ApiError::forbidden("the signature does not verify over clientData under this credential"));
        }
        auth::check_client_data(&client_data, &challenge.challenge)?;
        let token = ids::random_token()?;
        let hash = auth::token_hash(&token);
        app.store
            .insert_user_action(hash, challenge.binding, now.saturating_add(app.action_ttl), now)?;
        Ok(token)
    })
    .await;
    let token = result.inspect_err(|e| log_refusal(&Method::POST, "/auth/action", e))?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "userAction": token }),
    ))
}

fn key_json(k: &KeyRow) -> Value {
    let mut v = json!({
        "id": k.id,
        "scheme": k.scheme,
        "curve": k.curve,
        "publicKey": k.public_key,
        "status": "Active",
        "custodial": true,
        "imported": true,
        "exported": k.date_exported.is_some(),
        "dateCreated": k.date_created,
    });
    if let Value::Object(m) = &mut v {
        if let Some(name) = &k.name {
            m.insert("name".into(), json!(name));
        }
        if let Some(master) = k.master_key {
            m.insert("masterKey".into(), json!(master));
        }
        if let Some(d) = &k.date_exported {
            m.insert("dateExported".into(), json!(d));
        }
    }
    v
}

fn wallet_json(w: &WalletRow) -> Value {
    let mut v = json!({
        "id": w.id,
        "network": w.network,
        "address": w.address,
        "signingKey": {
            "id": w.key.id,
            "scheme": w.key.scheme,
            "curve": w.key.curve,
            "publicKey": w.key.public_key,
        },
        "status": "Active",
        "custodial": true,
        "imported": true,
        "exported": w.key.date_exported.is_some(),
        "dateCreated": w.date_created,
        "tags": [],
    });
    if let Value::Object(m) = &mut v {
        if let Some(name) = &w.name {
            m.insert("name".into(), json!(name));
        }
        if let Some(e) = &w.external_id {
            m.insert("externalId".into(), json!(e));
        }
        if let Some(d) = &w.key.date_exported {
            m.insert("dateExported".into(), json!(d));
        }
    }
    v
}

/// Seal each accepted share for its row and describe the key.
fn sealed_key(app: &App, accepted: &Accepted) -> Result<(KeyRow, SealedBySigner), ApiError> {
    let key = KeyRow {
        id: ids::new_id("key")?,
        scheme: accepted.scheme.to_string(),
        curve: accepted.curve.clone(),
        protocol: accepted.protocol.clone(),
        public_key: accepted.public_key.clone(),
        min_signers: accepted.min_signers,
        share_count: u32::try_from(accepted.shares.len()).unwrap_or(u32::MAX),
        name: accepted.name.clone(),
        master_key: accepted.master_key,
        date_created: ids::iso_now(),
        date_exported: None,
    };
    let mut sealed = Vec::with_capacity(accepted.shares.len());
    for (signer_id, share) in &accepted.shares {
        let row = Row::Share {
            key_id: &key.id,
            signer_id,
        };
        let s = app
            .keys
            .seal(row, share)
            .map_err(|e| ApiError::internal("sealing a share", e))?;
        sealed.push((signer_id.clone(), s));
    }
    Ok((key, sealed))
}

async fn import_key(
    State(app): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let b = body(&app, b)?;
    let hash = user_action(&app, &headers, &method, &uri, &b).await?;
    let text = text(&b)?;
    let key = authorised(&app, hash, move |app| {
        let accepted = app.cluster.accept_import(&text)?;
        let (key, sealed) = sealed_key(app, &accepted)?;
        app.store.insert_import(hash, key.clone(), sealed, None)?;
        Ok(key)
    })
    .await
    .inspect_err(|e| log_refusal(&method, "/keys/import", e))?;
    eprintln!(
        "keyport serve: imported {} ({}/{}, {} shares)",
        key.id, key.protocol, key.curve, key.share_count
    );
    Ok(json_response(StatusCode::OK, &key_json(&key)))
}

async fn import_wallet(
    State(app): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let b = body(&app, b)?;
    let hash = user_action(&app, &headers, &method, &uri, &b).await?;
    let text = text(&b)?;
    let wallet = authorised(&app, hash, move |app| {
        let m = json_object(text.as_bytes())?;
        let network = str_field(&m, "", "network")?.to_string();
        let external_id = optional_str(&m, "externalId")?;
        if let Some(e) = &external_id
            && app.store.external_id_taken(e)?
        {
            return Err(ApiError::conflict(
                "a wallet with this externalId already exists in this org",
            ));
        }
        let accepted = app.cluster.accept_import(&text)?;
        let address = wallet_address(
            &network,
            &accepted.curve,
            &accepted.protocol,
            &accepted.public_key,
        )?;
        let (key, sealed) = sealed_key(app, &accepted)?;
        let wallet = WalletRow {
            id: ids::new_id("wa")?,
            network,
            address,
            name: key.name.clone(),
            external_id,
            date_created: key.date_created.clone(),
            key,
        };
        app.store
            .insert_import(hash, wallet.key.clone(), sealed, Some(wallet.clone()))?;
        Ok(wallet)
    })
    .await
    .inspect_err(|e| log_refusal(&method, "/wallets/import", e))?;
    eprintln!(
        "keyport serve: imported wallet {} on {} (key {})",
        wallet.id, wallet.network, wallet.key.id
    );
    Ok(json_response(StatusCode::OK, &wallet_json(&wallet)))
}

async fn export_key(
    State(app): State<Shared>,
    Path(key_id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    b: Result<Bytes, BytesRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let b = body(&app, b)?;
    let hash = user_action(&app, &headers, &method, &uri, &b).await?;
    let text = text(&b)?;
    let id = key_id.clone();
    let response = authorised(&app, hash, move |app| {
        let key = app
            .store
            .key(&id)?
            .ok_or_else(|| ApiError::not_found("no key with this id"))?;
        let mut shares = Vec::new();
        for (signer_id, sealed) in app.store.shares(&id)? {
            let row = Row::Share {
                key_id: &id,
                signer_id: &signer_id,
            };
            let opened = app
                .keys
                .open(row, &sealed)
                .map_err(|e| ApiError::internal("opening a share", e))?;
            shares.push((signer_id, opened));
        }
        let (response, encryption_key) = app.cluster.answer_export(
            &key.curve,
            &key.protocol,
            &key.public_key,
            &shares,
            &text,
        )?;
        app.store
            .record_export(hash, id.clone(), ids::iso_now(), encryption_key)?;
        Ok(response)
    })
    .await
    .inspect_err(|e| log_refusal(&method, "/keys/{keyId}/export", e))?;
    eprintln!("keyport serve: exported {key_id}");
    Ok(raw_json(StatusCode::OK, response))
}

async fn get_key(
    State(app): State<Shared>,
    Path(key_id): Path<String>,
    headers: HeaderMap,
) -> Reply {
    bearer(&app, &headers)?;
    let key = blocking(&app, move |app| app.store.key(&key_id))
        .await?
        .ok_or_else(|| ApiError::not_found("no key with this id"))?;
    Ok(json_response(StatusCode::OK, &key_json(&key)))
}

async fn get_wallet(
    State(app): State<Shared>,
    Path(wallet_id): Path<String>,
    headers: HeaderMap,
) -> Reply {
    bearer(&app, &headers)?;
    let wallet = blocking(&app, move |app| app.store.wallet(&wallet_id))
        .await?
        .ok_or_else(|| ApiError::not_found("no wallet with this id"))?;
    Ok(json_response(StatusCode::OK, &wallet_json(&wallet)))
}

/// `limit` and `paginationToken` of a list request: (items after this sequence number, page size).
fn page(q: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Result<(i64, u32), ApiError> {
    let Query(pairs) = q.map_err(|_| ApiError::bad_request("the query string is malformed"))?;
    let mut after = 0i64;
    let mut limit = MAX_PAGE;
    for (name, value) in pairs {
        match name.as_str() {
            "limit" => {
                limit = value
                    .parse::<u32>()
                    .ok()
                    .filter(|l| (1..=MAX_PAGE).contains(l))
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "limit must be a whole number from 1 to {MAX_PAGE}"
                        ))
                    })?;
            }
            "paginationToken" => after = decode_page_token(&value)?,
            _ => {}
        }
    }
    Ok((after, limit))
}

/// Page tokens are opaque to clients: `p` and the sequence number of the last item, base64url.
fn page_token(seq: i64) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding as _};
    Base64UrlUnpadded::encode_string(format!("p{seq}").as_bytes())
}

fn decode_page_token(token: &str) -> Result<i64, ApiError> {
    use base64ct::{Base64UrlUnpadded, Encoding as _};
    Base64UrlUnpadded::decode_vec(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix('p').and_then(|n| n.parse::<i64>().ok()))
        .filter(|n| *n >= 0)
        .ok_or_else(|| ApiError::bad_request("paginationToken is not a token this server issued"))
}

fn page_json<T>(mut rows: Vec<(i64, T)>, limit: u32, item: impl Fn(&T) -> Value) -> Value {
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let mut v = json!({ "items": rows.iter().map(|(_, r)| item(r)).collect::<Vec<_>>() });
    if more && let (Some((seq, _)), Value::Object(m)) = (rows.last(), &mut v) {
        m.insert("nextPageToken".into(), json!(page_token(*seq)));
    }
    v
}

async fn list_keys(
    State(app): State<Shared>,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let (after, limit) = page(q)?;
    let rows = blocking(&app, move |app| {
        app.store.keys_page(after, limit.saturating_add(1))
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &page_json(rows, limit, key_json),
    ))
}

async fn list_wallets(
    State(app): State<Shared>,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Reply {
    bearer(&app, &headers)?;
    let (after, limit) = page(q)?;
    let rows = blocking(&app, move |app| {
        app.store.wallets_page(after, limit.saturating_add(1))
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &page_json(rows, limit, wallet_json),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_round_trip_and_refuse_forgeries() {
        assert_eq!(decode_page_token(&page_token(42)), Ok(42));
        for bad in ["", "p1", "cDE=", "cC0x"] {
            assert_eq!(
                decode_page_token(bad).unwrap_err().status,
                StatusCode::BAD_REQUEST,
                "{bad}"
            );
        }
    }
}
