//! The migration journal: one SQLite file recording each key's state, durable at every
//! transition, held by one runner at a time.
//!
//! ```text
//! pending ──mark_sent──▶ sent ──▶ imported (keyId, walletId)
//!    ▲                    │  ├──▶ awaiting_approval (approvalId)
//!    │                    │  └──▶ failed (reason; final, or resent on the next run)
//!    └──── shown absent ──┘  (a "sent" key is in doubt until the API is asked)
//! ```
//!
//! Schema (`PRAGMA user_version = 1`):
//!
//! | table  | columns |
//! |--------|---------|
//! | `meta` | `name TEXT PRIMARY KEY, value TEXT`: `target` (`keys` or `wallets:NETWORK`), `minSigners`, `signers` (the signer-set fingerprint) |
//! | `rows` | `row_id TEXT PRIMARY KEY` (the keys file's id), `line`, `curve`, `protocol`, `public_key` (compressed hex: the key's identity at the API), `state`, `key_id`, `wallet_id`, `approval_id`, `reason`, `final` (1: never resend), `attempts`, `updated_at` (unix s) |
//!
//! Durability: WAL with `synchronous=FULL`, so every committed transition is on disk before
//! the next step that depends on it (a key is marked `sent` before its POST). Exclusivity:
//! `locking_mode=EXCLUSIVE`, taken at open and held until the journal is dropped; a second
//! runner gets [`Error::JournalLocked`]. No key material is ever stored: only public keys,
//! ids and reasons.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OptionalExtension as _, params};

use crate::error::{Error, Result};

/// Where a row stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Not sent yet (or shown absent after a send that got no answer).
    Pending,
    /// Sent (or about to be): in doubt until the API answers or is asked.
    Sent,
    /// The API holds the key.
    Imported,
    /// A policy holds the import for approval.
    AwaitingApproval,
    /// The import failed; see the reason.
    Failed,
}

impl State {
    /// The name stored in the journal.
    pub const fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Sent => "sent",
            State::Imported => "imported",
            State::AwaitingApproval => "awaiting_approval",
            State::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "pending" => State::Pending,
            "sent" => State::Sent,
            "imported" => State::Imported,
            "awaiting_approval" => State::AwaitingApproval,
            "failed" => State::Failed,
            other => {
                return Err(Error::Journal(format!(
                    "unknown state {other:?} in the journal"
                )));
            }
        })
    }
}

/// What a row is about: fixed when it is first recorded, checked on every later run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowKey {
    /// The keys file's id of the key.
    pub row_id: String,
    /// Its line in the keys file.
    pub line: usize,
    /// The curve's API name.
    pub curve: String,
    /// The protocol's API name.
    pub protocol: String,
    /// The compressed public key, hex.
    pub public_key: String,
}

/// One row as the journal holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What the row is about.
    pub key: RowKey,
    /// Its state.
    pub state: State,
    /// The API's key id, once imported.
    pub key_id: Option<String>,
    /// The API's wallet id (wallet imports).
    pub wallet_id: Option<String>,
    /// The approval id, while awaiting approval.
    pub approval_id: Option<String>,
    /// Why it failed.
    pub reason: Option<String>,
    /// Whether a failure is final (never resent).
    pub is_final: bool,
}

/// A state change to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Imported as `key_id` (and `wallet_id`).
    Imported {
        /// The key id.
        key_id: String,
        /// The wallet id, for wallet imports.
        wallet_id: Option<String>,
    },
    /// Held for approval.
    AwaitingApproval {
        /// The approval id.
        approval_id: String,
    },
    /// Failed; `is_final` failures are never resent, others are on the next run.
    Failed {
        /// Why (never key material).
        reason: String,
        /// Whether resending could import the key twice or cannot help.
        is_final: bool,
    },
    /// Shown absent at the API (or never sent): send again.
    Pending,
}

/// What the journal is for; a later run must be for the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    /// `keys` or `wallets:NETWORK`.
    pub target: String,
    /// The threshold.
    pub min_signers: usize,
    /// The signer-set fingerprint (hex).
    pub signers: String,
}

/// Counts by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pending rows.
    pub pending: usize,
    /// Rows in doubt.
    pub sent: usize,
    /// Imported rows.
    pub imported: usize,
    /// Rows awaiting approval.
    pub awaiting_approval: usize,
    /// Failed rows.
    pub failed: usize,
}

/// An open, locked journal.
pub struct Journal {
    conn: Connection,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").finish_non_exhaustive()
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    row_id TEXT PRIMARY KEY,
    line INTEGER NOT NULL,
    curve TEXT NOT NULL,
    protocol TEXT NOT NULL,
    public_key TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending','sent','imported','awaiting_approval','failed')),
    key_id TEXT,
    wallet_id TEXT,
    approval_id TEXT,
    reason TEXT,
    final INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rows_state ON rows (state);
PRAGMA user_version = 1;
";

impl Journal {
    /// Open (or create) the journal at `path`, take its exclusive lock, and check that it is
    /// for `params`.
    pub fn open(path: &Path, params: &Params) -> Result<Self> {
        let locked = || Error::JournalLocked(path.display().to_string());
        let conn = Connection::open(path)
            .map_err(|e| Error::Journal(format!("cannot open {}: {e}", path.display())))?;
        let setup = conn
            .execute_batch(
                "PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; \
                 PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;",
            )
            // The first write takes the exclusive lock, and it is held from here on.
            .and_then(|()| conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;")));
        match setup {
            Ok(()) => {}
            Err(e) if busy(&e) => return Err(locked()),
            Err(e) => {
                return Err(Error::Journal(format!(
                    "{} is not a keyport dfns journal: {e}",
                    path.display()
                )));
            }
        }
        let journal = Self { conn };
        journal.check_params(params)?;
        Ok(journal)
    }

    fn check_params(&self, p: &Params) -> Result<()> {
        let wanted = [
            ("target", p.target.clone()),
            ("minSigners", p.min_signers.to_string()),
            ("signers", p.signers.clone()),
        ];
        let tx = self.conn.unchecked_transaction()?;
        for (name, value) in wanted {
            let stored: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .optional()?;
            match stored {
                None => {
                    tx.execute(
                        "INSERT INTO meta (name, value) VALUES (?1, ?2)",
                        params![name, value],
                    )?;
                }
                Some(s) if s == value => {}
                Some(s) => {
                    return Err(Error::Journal(format!(
                        "this journal was started with {name} {s}, this run has {value}; \
                         finish that migration with the same settings, or use a new --journal"
                    )));
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Record `keys` as pending if new; a row already recorded must be about the same key
    /// (curve, protocol, public key), else the run is refused, naming the row.
    pub fn add(&mut self, keys: &[RowKey]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO rows (row_id, line, curve, protocol, public_key, state, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
            )?;
            let mut get =
                tx.prepare("SELECT curve, protocol, public_key FROM rows WHERE row_id = ?1")?;
            let t = now();
            for k in keys {
                let line = i64::try_from(k.line).unwrap_or(i64::MAX);
                let added = insert.execute(params![
                    k.row_id,
                    line,
                    k.curve,
                    k.protocol,
                    k.public_key,
                    t
                ])?;
                if added == 0 {
                    let (curve, protocol, pk): (String, String, String) =
                        get.query_row([&k.row_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                    if curve != k.curve || protocol != k.protocol || pk != k.public_key {
                        return Err(Error::Journal(format!(
                            "row {:?} (line {}) is another key than the journal recorded \
                             ({curve}/{protocol} {pk} there, {}/{} {} now); keys must not change \
                             during a migration: use a new --journal",
                            k.row_id, k.line, k.curve, k.protocol, k.public_key
                        )));
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Rows in `state`.
    pub fn rows(&self, state: State) -> Result<Vec<Row>> {
        let mut st = self.conn.prepare(
            "SELECT row_id, line, curve, protocol, public_key, state, key_id, wallet_id, \
             approval_id, reason, final FROM rows WHERE state = ?1 ORDER BY line",
        )?;
        let rows = st.query_map([state.as_str()], |r| {
            Ok((
                RowKey {
                    row_id: r.get(0)?,
                    line: usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                    curve: r.get(2)?,
                    protocol: r.get(3)?,
                    public_key: r.get(4)?,
                },
                r.get::<_, String>(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get::<_, i64>(10)? != 0,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, state, key_id, wallet_id, approval_id, reason, is_final) = row?;
            out.push(Row {
                key,
                state: State::parse(&state)?,
                key_id,
                wallet_id,
                approval_id,
                reason,
                is_final,
            });
        }
        Ok(out)
    }

    /// Mark rows sent (one durable commit): from here each is in doubt until answered.
    pub fn mark_sent(&mut self, row_ids: &[&str]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "UPDATE rows SET state = 'sent', attempts = attempts + 1, updated_at = ?2 \
                 WHERE row_id = ?1",
            )?;
            let t = now();
            for id in row_ids {
                st.execute(params![id, t])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Record transitions (one durable commit).
    pub fn record(&mut self, changes: &[(&str, &Transition)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "UPDATE rows SET state = ?2, key_id = ?3, wallet_id = ?4, approval_id = ?5, \
                 reason = ?6, final = ?7, updated_at = ?8 WHERE row_id = ?1",
            )?;
            let t = now();
            for (id, change) in changes {
                let (state, key_id, wallet_id, approval_id, reason, fin) = match change {
                    Transition::Imported { key_id, wallet_id } => (
                        State::Imported,
                        Some(key_id.as_str()),
                        wallet_id.as_deref(),
                        None,
                        None,
                        false,
                    ),
                    Transition::AwaitingApproval { approval_id } => (
                        State::AwaitingApproval,
                        None,
                        None,
                        Some(approval_id.as_str()),
                        None,
                        false,
                    ),
                    Transition::Failed { reason, is_final } => (
                        State::Failed,
                        None,
                        None,
                        None,
                        Some(reason.as_str()),
                        *is_final,
                    ),
                    Transition::Pending => (State::Pending, None, None, None, None, false),
                };
                st.execute(params![
                    id,
                    state.as_str(),
                    key_id,
                    wallet_id,
                    approval_id,
                    reason,
                    i64::from(fin),
                    t
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Counts by state.
    pub fn counts(&self) -> Result<Counts> {
        let mut st = self
            .conn
            .prepare("SELECT state, COUNT(*) FROM rows GROUP BY state")?;
        let mut c = Counts::default();
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (state, n) = row?;
            let n = usize::try_from(n).unwrap_or(0);
            match State::parse(&state)? {
                State::Pending => c.pending = n,
                State::Sent => c.sent = n,
                State::Imported => c.imported = n,
                State::AwaitingApproval => c.awaiting_approval = n,
                State::Failed => c.failed = n,
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        Params {
            target: "keys".into(),
            min_signers: 3,
            signers: "ab".into(),
        }
    }

    fn key(id: &str, pk: &str) -> RowKey {
        RowKey {
            row_id: id.into(),
            line: 1,
            curve: "secp256k1".into(),
            protocol: "CGGMP24".into(),
            public_key: pk.into(),
        }
    }

    #[test]
    fn transitions_persist_and_a_second_runner_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        {
            let mut j = Journal::open(&path, &params()).unwrap();
            assert!(matches!(
                Journal::open(&path, &params()),
                Err(Error::JournalLocked(_))
            ));
            j.add(&[key("a", "02aa"), key("b", "02bb")]).unwrap();
            j.mark_sent(&["a", "b"]).unwrap();
            j.record(&[(
                "a",
                &Transition::Imported {
                    key_id: "key-1".into(),
                    wallet_id: None,
                },
            )])
            .unwrap();
        }
        let mut j = Journal::open(&path, &params()).unwrap();
        let c = j.counts().unwrap();
        assert_eq!((c.imported, c.sent), (1, 1));
        assert_eq!(j.rows(State::Sent).unwrap()[0].key.row_id, "b");
        // The same id with another key is refused, naming the row.
        let e = j.add(&[key("a", "02cc")]).unwrap_err();
        assert!(e.to_string().contains("row \"a\""), "{e}");
        drop(j);
        let other = Params {
            min_signers: 2,
            ..params()
        };
        let e = Journal::open(&path, &other).unwrap_err();
        assert!(e.to_string().contains("minSigners 3"), "{e}");
    }
}
