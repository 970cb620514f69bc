//! The embedded database: SQLite in WAL mode (`D/serve.db`).
//!
//! It holds the org's metadata, the signers' sealed decryption keys, the registered
//! credentials, the keys with every signer's sealed share, wallets, export records, pending
//! challenges and user actions. Each state change is one transaction, so `kill -9` at any
//! moment leaves either the whole change or none of it; with `synchronous=FULL` a change is on
//! disk before its response is sent.
//!
//! A user action is consumed in the same transaction as the change it authorises, so two
//! requests racing with one token cannot both succeed.
//!
//! Writes go through one writer thread that commits them in groups: it takes every write
//! waiting in its queue, runs each inside its own savepoint (a refused write rolls back alone),
//! and commits the group with a single fsync. A group is `synchronous=FULL` when it holds a
//! durable write (an import, an export record) and `NORMAL` otherwise (challenges and user
//! actions: after a power loss the client signs again; after `kill -9` they survive either
//! way). Reads use their own connection and see committed data only.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

use rusqlite::{Connection, OptionalExtension as _, params};

use crate::auth::{Binding, Credential, CredentialKind};
use crate::error::{ApiError, ServeError};
use keyport_auth::CredentialPublicKey;

const SCHEMA_VERSION: &str = "1";

const SCHEMA: &str = "
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE signers (position INTEGER PRIMARY KEY, signer_id TEXT NOT NULL UNIQUE, sealed_key BLOB NOT NULL);
CREATE TABLE credentials (cred_id TEXT PRIMARY KEY, kind TEXT NOT NULL, public_key BLOB NOT NULL);
CREATE TABLE keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    scheme TEXT NOT NULL,
    curve TEXT NOT NULL,
    protocol TEXT NOT NULL,
    public_key TEXT NOT NULL,
    min_signers INTEGER NOT NULL,
    share_count INTEGER NOT NULL,
    name TEXT,
    master_key INTEGER,
    date_created TEXT NOT NULL,
    date_exported TEXT
);
CREATE TABLE shares (
    key_id TEXT NOT NULL REFERENCES keys(id),
    signer_id TEXT NOT NULL,
    sealed_share BLOB NOT NULL,
    PRIMARY KEY (key_id, signer_id)
);
CREATE TABLE wallets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key_id TEXT NOT NULL UNIQUE REFERENCES keys(id),
    network TEXT NOT NULL,
    address TEXT NOT NULL,
    name TEXT,
    external_id TEXT UNIQUE,
    date_created TEXT NOT NULL
);
CREATE TABLE exports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key_id TEXT NOT NULL REFERENCES keys(id),
    date_exported TEXT NOT NULL,
    encryption_key TEXT NOT NULL
);
CREATE TABLE challenges (
    id TEXT PRIMARY KEY,
    challenge TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    payload TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE user_actions (
    token_hash BLOB PRIMARY KEY,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    payload TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
";

/// Sealed values by signer id: (signer id, `nonce || ciphertext`).
pub type SealedBySigner = Vec<(String, Vec<u8>)>;

/// A stored key (public data only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRow {
    /// `key-…`.
    pub id: String,
    /// ECDSA, EdDSA, Schnorr or DH.
    pub scheme: String,
    /// Curve API name.
    pub curve: String,
    /// Protocol API name.
    pub protocol: String,
    /// Compressed public key, hex.
    pub public_key: String,
    /// Threshold.
    pub min_signers: u32,
    /// Number of stored shares (one per signer).
    pub share_count: u32,
    /// Name given at import.
    pub name: Option<String>,
    /// `masterKey` given at import.
    pub master_key: Option<bool>,
    /// ISO 8601 UTC.
    pub date_created: String,
    /// ISO 8601 UTC of the first export.
    pub date_exported: Option<String>,
}

/// A stored wallet and its signing key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletRow {
    /// `wa-…`.
    pub id: String,
    /// The signing key.
    pub key: KeyRow,
    /// The network name (Dfns's).
    pub network: String,
    /// The address on that network.
    pub address: String,
    /// Name given at import.
    pub name: Option<String>,
    /// `externalId` given at import, unique in the org.
    pub external_id: Option<String>,
    /// ISO 8601 UTC.
    pub date_created: String,
}

/// A pending challenge.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// `challengeIdentifier`.
    pub id: String,
    /// The challenge the credential signs (base64url).
    pub challenge: String,
    /// What the user action will be bound to.
    pub binding: Binding,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Org-level facts written once by `serve init`.
#[derive(Clone, Debug)]
pub struct Meta {
    /// `or-…`.
    pub org_id: String,
    /// The signer cluster's id.
    pub cluster_id: String,
}

/// The database handle: a reader connection behind a mutex (every statement is short, and the
/// cryptography runs outside it) and the group-commit writer thread.
pub struct Store {
    conn: Mutex<Connection>,
    writer: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<()>>,
}

/// Hands a write's outcome (its own, or the group commit's failure) back to its caller.
type Deliver = Box<dyn FnOnce(Result<(), ApiError>) + Send>;

/// Runs a write on the writer's connection; says whether it succeeded, and how to deliver it.
type Run = Box<dyn FnOnce(&Connection) -> (bool, Deliver) + Send>;

/// One write: runs inside its own savepoint of a group commit.
struct Job {
    durable: bool,
    run: Run,
    fail: Box<dyn FnOnce(ApiError) + Send>,
}

/// The most writes one group commit takes.
const MAX_GROUP: usize = 64;

fn writer_loop(conn: Connection, jobs: Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(j) => group.push(j),
                Err(_) => break,
            }
        }
        let durable = group.iter().any(|j| j.durable);
        let begun = conn
            .pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })
            .and_then(|()| conn.execute_batch("BEGIN IMMEDIATE"));
        if let Err(e) = begun {
            let e = ApiError::from(e);
            for j in group {
                (j.fail)(e.clone());
            }
            continue;
        }
        let mut delivers = Vec::with_capacity(group.len());
        for j in group {
            if let Err(e) = conn.execute_batch("SAVEPOINT job") {
                (j.fail)(ApiError::from(e));
                continue;
            }
            let (ok, deliver) = (j.run)(&conn);
            let end = if ok {
                conn.execute_batch("RELEASE job")
            } else {
                conn.execute_batch("ROLLBACK TO job; RELEASE job")
            };
            match end {
                Ok(()) => delivers.push(deliver),
                Err(e) => deliver(Err(ApiError::from(e))),
            }
        }
        let committed = conn.execute_batch("COMMIT").map_err(ApiError::from);
        if committed.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        for d in delivers {
            d(committed.clone());
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Closing the queue ends the writer after the writes already queued.
        drop(self.writer.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

impl Store {
    /// Create a new database at `path` with the org's state, in one transaction.
    pub fn create(
        path: &Path,
        meta: &Meta,
        signers: &[(String, Vec<u8>)],
        credential: &Credential,
        created: &str,
    ) -> Result<Self, ServeError> {
        if path.exists() {
            return Err(ServeError::Storage(format!(
                "{} already exists",
                path.display()
            )));
        }
        let mut conn = Connection::open(path)?;
        crate::files::make_private(path)?;
        configure(&conn)?;
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA)?;
        for (name, value) in [
            ("schema_version", SCHEMA_VERSION),
            ("org_id", meta.org_id.as_str()),
            ("cluster_id", meta.cluster_id.as_str()),
            ("date_created", created),
        ] {
            tx.execute(
                "INSERT INTO meta (name, value) VALUES (?1, ?2)",
                params![name, value],
            )?;
        }
        for (i, (id, sealed)) in signers.iter().enumerate() {
            tx.execute(
                "INSERT INTO signers (position, signer_id, sealed_key) VALUES (?1, ?2, ?3)",
                params![i64::try_from(i).unwrap_or(i64::MAX), id, sealed],
            )?;
        }
        tx.execute(
            "INSERT INTO credentials (cred_id, kind, public_key) VALUES (?1, ?2, ?3)",
            params![
                credential.id,
                credential.kind().as_str(),
                credential.public_key.to_bytes()
            ],
        )?;
        tx.commit()?;
        drop(conn);
        Self::open(path)
    }

    /// Open the database written by [`Store::create`].
    pub fn open(path: &Path) -> Result<Self, ServeError> {
        if !path.is_file() {
            return Err(ServeError::Storage(format!(
                "{} does not exist; run `keyport serve init --dir {}` first",
                path.display(),
                path.parent().unwrap_or(path).display()
            )));
        }
        let conn = Connection::open(path)?;
        configure(&conn)?;
        let write_conn = Connection::open(path)?;
        configure(&write_conn)?;
        let (tx, rx) = sync_channel(1024);
        let thread = std::thread::Builder::new()
            .name("keyport-serve-writer".into())
            .spawn(move || writer_loop(write_conn, rx))
            .map_err(|e| ServeError::Storage(format!("cannot start the database writer: {e}")))?;
        let store = Self {
            conn: Mutex::new(conn),
            writer: Some(tx),
            thread: Some(thread),
        };
        let version = store.meta_value("schema_version")?;
        if version != SCHEMA_VERSION {
            return Err(ServeError::Storage(format!(
                "{} has schema version {version}; this server reads version {SCHEMA_VERSION}",
                path.display()
            )));
        }
        Ok(store)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock would have rolled its transaction back on drop; the
        // connection itself is still usable.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Run `f` on the writer's connection in the next group commit and return its result
    /// once that group is committed (or the commit's error).
    fn write<T, F>(&self, durable: bool, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let (tx, rx) = sync_channel::<Result<T, ApiError>>(1);
        let fail_tx = tx.clone();
        let job = Job {
            durable,
            run: Box::new(move |conn| {
                let result = f(conn);
                let ok = result.is_ok();
                let deliver: Deliver = Box::new(move |committed| {
                    let _ = tx.send(committed.and(result));
                });
                (ok, deliver)
            }),
            fail: Box::new(move |e| {
                let _ = fail_tx.send(Err(e));
            }),
        };
        self.writer
            .as_ref()
            .ok_or_else(|| ApiError::internal("storage", "the writer is closed"))?
            .send(job)
            .map_err(|_| ApiError::internal("storage", "the writer stopped"))?;
        rx.recv()
            .map_err(|_| ApiError::internal("storage", "the writer stopped"))?
    }

    fn meta_value(&self, name: &str) -> Result<String, ServeError> {
        self.lock()
            .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| ServeError::Storage(format!("the database has no {name}")))
    }

    /// The org's metadata.
    pub fn meta(&self) -> Result<Meta, ServeError> {
        Ok(Meta {
            org_id: self.meta_value("org_id")?,
            cluster_id: self.meta_value("cluster_id")?,
        })
    }

    /// The signers in list order: (signer id, sealed decryption key).
    pub fn signers(&self) -> Result<SealedBySigner, ServeError> {
        let conn = self.lock();
        let mut st = conn.prepare("SELECT signer_id, sealed_key FROM signers ORDER BY position")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The registered credentials.
    pub fn credentials(&self) -> Result<Vec<Credential>, ServeError> {
        let conn = self.lock();
        let mut st =
            conn.prepare("SELECT cred_id, kind, public_key FROM credentials ORDER BY cred_id")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, public_key) = row?;
            let bad = |e: keyport_auth::Error| ServeError::Storage(format!("credential {id}: {e}"));
            let kind: CredentialKind = kind.parse().map_err(bad)?;
            let public_key = CredentialPublicKey::from_bytes(kind, &public_key).map_err(bad)?;
            out.push(Credential { id, public_key });
        }
        Ok(out)
    }

    /// Store a new challenge, and drop expired ones.
    pub fn insert_challenge(&self, c: Challenge, now: i64) -> Result<(), ApiError> {
        self.write(false, move |conn| {
            conn.prepare_cached("DELETE FROM challenges WHERE expires_at <= ?1")?
                .execute([now])?;
            conn.prepare_cached(
                "INSERT INTO challenges (id, challenge, method, path, payload, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![c.id, c.challenge, c.binding.method, c.binding.path, c.binding.payload, c.expires_at])?;
            Ok(())
        })
    }

    /// Remove a challenge and return it if it existed and had not expired: a challenge is
    /// used at most once, whatever the outcome of that use.
    pub fn take_challenge(&self, id: String, now: i64) -> Result<Option<Challenge>, ApiError> {
        let row = self.write(false, move |conn| {
            Ok(conn
            .query_row(
                "DELETE FROM challenges WHERE id = ?1 RETURNING challenge, method, path, payload, expires_at",
                [&id],
                |r| {
                    Ok(Challenge {
                        id: id.clone(),
                        challenge: r.get(0)?,
                        binding: Binding { method: r.get(1)?, path: r.get(2)?, payload: r.get(3)? },
                        expires_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
        })?;
        Ok(row.filter(|c| c.expires_at > now))
    }

    /// Store a user action under the hash of its token, and drop expired ones.
    pub fn insert_user_action(
        &self,
        token_hash: [u8; 32],
        b: Binding,
        expires_at: i64,
        now: i64,
    ) -> Result<(), ApiError> {
        self.write(false, move |conn| {
            conn.prepare_cached("DELETE FROM user_actions WHERE expires_at <= ?1")?
                .execute([now])?;
            conn.prepare_cached(
                "INSERT INTO user_actions (token_hash, method, path, payload, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![&token_hash[..], b.method, b.path, b.payload, expires_at])?;
            Ok(())
        })
    }

    /// The binding of an unexpired, unused user action.
    pub fn user_action(
        &self,
        token_hash: &[u8; 32],
        now: i64,
    ) -> Result<Option<Binding>, ApiError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT method, path, payload FROM user_actions WHERE token_hash = ?1 AND expires_at > ?2",
                params![&token_hash[..], now],
                |r| Ok(Binding { method: r.get(0)?, path: r.get(1)?, payload: r.get(2)? }),
            )
            .optional()?)
    }

    /// Consume a user action whose request was refused after the action was checked.
    pub fn burn_user_action(&self, token_hash: [u8; 32]) -> Result<(), ApiError> {
        self.write(false, move |conn| {
            conn.prepare_cached("DELETE FROM user_actions WHERE token_hash = ?1")?
                .execute([&token_hash[..]])?;
            Ok(())
        })
    }

    /// Store an imported key, all its shares and (for a wallet import) its wallet, consuming
    /// the user action, in one transaction: all of it or none of it.
    pub fn insert_import(
        &self,
        token_hash: [u8; 32],
        key: KeyRow,
        shares: SealedBySigner,
        wallet: Option<WalletRow>,
    ) -> Result<(), ApiError> {
        self.write(true, move |tx| {
        consume(tx, &token_hash)?;
        tx.execute(
            "INSERT INTO keys (id, scheme, curve, protocol, public_key, min_signers, share_count, name, master_key, date_created)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                key.id, key.scheme, key.curve, key.protocol, key.public_key, key.min_signers,
                key.share_count, key.name, key.master_key, key.date_created
            ],
        )?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO shares (key_id, signer_id, sealed_share) VALUES (?1, ?2, ?3)",
            )?;
            for (signer_id, sealed) in &shares {
                st.execute(params![key.id, signer_id, sealed])?;
            }
        }
        if let Some(w) = &wallet {
            let inserted = tx.execute(
                "INSERT INTO wallets (id, key_id, network, address, name, external_id, date_created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![w.id, key.id, w.network, w.address, w.name, w.external_id, w.date_created],
            );
            if let Err(rusqlite::Error::SqliteFailure(e, _)) = &inserted
                && e.code == rusqlite::ErrorCode::ConstraintViolation
            {
                return Err(ApiError::conflict(
                    "a wallet with this externalId already exists in this org",
                ));
            }
            inserted?;
        }
        Ok(())
        })
    }

    /// Whether a wallet with this external id exists.
    pub fn external_id_taken(&self, external_id: &str) -> Result<bool, ApiError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT 1 FROM wallets WHERE external_id = ?1",
                [external_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// A key by id.
    pub fn key(&self, id: &str) -> Result<Option<KeyRow>, ApiError> {
        Ok(self
            .lock()
            .query_row(
                &format!("SELECT {KEY_COLUMNS} FROM keys WHERE id = ?1"),
                [id],
                key_row,
            )
            .optional()?)
    }

    /// Up to `limit` keys after sequence number `after`, in import order, with their numbers.
    pub fn keys_page(&self, after: i64, limit: u32) -> Result<Vec<(i64, KeyRow)>, ApiError> {
        let conn = self.lock();
        let mut st = conn.prepare_cached(&format!(
            "SELECT {KEY_COLUMNS}, seq FROM keys WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        ))?;
        let rows = st.query_map(params![after, limit], |r| Ok((r.get(11)?, key_row(r)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A key's sealed shares: (signer id, sealed share).
    pub fn shares(&self, key_id: &str) -> Result<SealedBySigner, ApiError> {
        let conn = self.lock();
        let mut st = conn.prepare_cached(
            "SELECT signer_id, sealed_share FROM shares WHERE key_id = ?1 ORDER BY signer_id",
        )?;
        let rows = st.query_map([key_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Record an export and mark the key exported, consuming the user action, in one
    /// transaction.
    pub fn record_export(
        &self,
        token_hash: [u8; 32],
        key_id: String,
        date: String,
        encryption_key: String,
    ) -> Result<(), ApiError> {
        self.write(true, move |tx| {
            consume(tx, &token_hash)?;
            tx.execute(
                "INSERT INTO exports (key_id, date_exported, encryption_key) VALUES (?1, ?2, ?3)",
                params![key_id, date, encryption_key],
            )?;
            tx.execute(
                "UPDATE keys SET date_exported = ?2 WHERE id = ?1 AND date_exported IS NULL",
                params![key_id, date],
            )?;
            Ok(())
        })
    }

    /// A wallet by id.
    pub fn wallet(&self, id: &str) -> Result<Option<WalletRow>, ApiError> {
        Ok(self
            .lock()
            .query_row(
                &format!("{WALLET_SELECT} WHERE w.id = ?1"),
                [id],
                wallet_row,
            )
            .optional()?)
    }

    /// Up to `limit` wallets after sequence number `after`, with their numbers.
    pub fn wallets_page(&self, after: i64, limit: u32) -> Result<Vec<(i64, WalletRow)>, ApiError> {
        let conn = self.lock();
        let mut st = conn.prepare_cached(&format!(
            "{WALLET_SELECT} WHERE w.seq > ?1 ORDER BY w.seq LIMIT ?2"
        ))?;
        let rows = st.query_map(params![after, limit], |r| Ok((r.get(17)?, wallet_row(r)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every key with its number of stored shares, for integrity checks.
    pub fn share_counts(&self) -> Result<Vec<(String, u32, u32)>, ApiError> {
        let conn = self.lock();
        let mut st = conn.prepare(
            "SELECT k.id, k.share_count, (SELECT COUNT(*) FROM shares s WHERE s.key_id = k.id) FROM keys k ORDER BY k.seq",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Delete the user action inside `tx`; refuse if another request consumed it first.
fn consume(tx: &Connection, token_hash: &[u8; 32]) -> Result<(), ApiError> {
    let n = tx.execute(
        "DELETE FROM user_actions WHERE token_hash = ?1",
        [&token_hash[..]],
    )?;
    if n == 1 {
        Ok(())
    } else {
        Err(ApiError::forbidden("the user action was already used"))
    }
}

const KEY_COLUMNS: &str = "id, scheme, curve, protocol, public_key, min_signers, share_count, name, master_key, date_created, date_exported";

fn key_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KeyRow> {
    key_row_at(r, 0)
}

fn key_row_at(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<KeyRow> {
    Ok(KeyRow {
        id: r.get(o)?,
        scheme: r.get(o + 1)?,
        curve: r.get(o + 2)?,
        protocol: r.get(o + 3)?,
        public_key: r.get(o + 4)?,
        min_signers: r.get(o + 5)?,
        share_count: r.get(o + 6)?,
        name: r.get(o + 7)?,
        master_key: r.get(o + 8)?,
        date_created: r.get(o + 9)?,
        date_exported: r.get(o + 10)?,
    })
}

const WALLET_SELECT: &str = "SELECT w.id, w.network, w.address, w.name, w.external_id, w.date_created,
    k.id, k.scheme, k.curve, k.protocol, k.public_key, k.min_signers, k.share_count, k.name, k.master_key, k.date_created, k.date_exported,
    w.seq FROM wallets w JOIN keys k ON k.id = w.key_id";

fn wallet_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WalletRow> {
    Ok(WalletRow {
        id: r.get(0)?,
        network: r.get(1)?,
        address: r.get(2)?,
        name: r.get(3)?,
        external_id: r.get(4)?,
        date_created: r.get(5)?,
        key: key_row_at(r, 6)?,
    })
}
