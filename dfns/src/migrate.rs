//! Bulk import that delivers every key exactly once, whatever crashes.
//!
//! A crash can land between a POST and its answer; then nobody knows whether the API stored
//! the key. So:
//! - each key is marked `sent` in the [`Journal`] (durably) before its POST, and its outcome
//!   is recorded (durably) after;
//! - a key found `sent` is in doubt: it is resolved by asking the API, never by sending it
//!   again. The public key is the identity: the keys (or wallets) are listed and one with
//!   that `publicKey` and `imported: true` means it is there. Wallet imports also carry the
//!   row id as `externalId`, so a duplicate POST fails with 409 instead of storing twice;
//! - only a key shown absent is sent again, with fresh shares (requests are built at send
//!   time, never stored);
//! - the journal's exclusive lock refuses a second runner.
//!
//! Sending is parallel (`jobs` workers sharing one connection pool), rate-limited (`rps`),
//! and journal writes are grouped: one commit marks a batch sent, one commit records all
//! answers that have arrived.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use keyport::{
    CurveId, ExpectedKey, ImportKey, ImportOptions, PreparedSigners, Protocol, build_import_request,
};

use crate::client::DfnsClient;
use crate::error::{Error, Result};
use crate::journal::{Journal, RowKey, State, Transition};
use crate::types::Outcome;

/// One key to migrate.
pub struct Item {
    /// The keys file's id of the key (the journal's row id; `externalId` of a wallet).
    pub row_id: String,
    /// Its line in the keys file.
    pub line: usize,
    /// The secret.
    pub key: ImportKey,
    /// Its curve.
    pub curve: CurveId,
    /// The protocol to import it for.
    pub protocol: Protocol,
    /// Its public key, computed locally.
    pub public_key: ExpectedKey,
}

impl std::fmt::Debug for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item")
            .field("row_id", &self.row_id)
            .field("line", &self.line)
            .field("key", &self.key)
            .field("public_key", &self.public_key)
            .finish()
    }
}

impl Item {
    /// The journal's record of this item.
    pub fn row_key(&self) -> RowKey {
        RowKey {
            row_id: self.row_id.clone(),
            line: self.line,
            curve: self.curve.as_str().to_string(),
            protocol: self.protocol.as_str().to_string(),
            public_key: self.public_key.to_hex(),
        }
    }
}

/// Keys or wallets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `POST /keys/import`.
    Keys,
    /// `POST /wallets/import` on `network`, with the row id as `externalId`.
    Wallets {
        /// The network, e.g. `Ethereum`.
        network: String,
    },
}

impl Target {
    /// `keys` or `wallets:NETWORK`, as the journal records it.
    pub fn journal_name(&self) -> String {
        match self {
            Target::Keys => "keys".into(),
            Target::Wallets { network } => format!("wallets:{network}"),
        }
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Concurrent requests.
    pub jobs: usize,
    /// At most this many imports started per second.
    pub rps: Option<f64>,
    /// The threshold.
    pub min_signers: usize,
    /// Keys or wallets.
    pub target: Target,
    /// Rounds of "resolve what is in doubt, send what is absent" before giving up.
    pub rounds: u32,
}

/// What the run did, and where the journal stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Imported in this run.
    pub imported: usize,
    /// Already imported before this run (skipped), including in-doubt keys found at the API.
    pub skipped: usize,
    /// Held for approval: (row id, approval id).
    pub awaiting_approval: Vec<(String, String)>,
    /// Failed: (row id, line, reason).
    pub failed: Vec<(String, usize, String)>,
    /// Still in doubt or unsent after every round (re-run to finish).
    pub unresolved: usize,
    /// Public keys the API holds more than once (not caused by this client; reported).
    pub duplicates_at_api: usize,
    /// Imported rows in the journal, all runs.
    pub journal_imported: usize,
    /// Seconds this run took.
    pub seconds: f64,
    /// Per-key latency of the imports sent (from dispatch to answer), milliseconds.
    pub latencies_ms: Vec<f64>,
}

impl Summary {
    /// The `q` quantile (0..=1) of the latencies, milliseconds.
    pub fn latency_quantile(&self, q: f64) -> Option<f64> {
        if self.latencies_ms.is_empty() {
            return None;
        }
        let mut v = self.latencies_ms.clone();
        v.sort_by(f64::total_cmp);
        let i = ((v.len() - 1) as f64 * q).round() as usize;
        v.get(i).copied()
    }
}

/// Progress after each group of answers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    /// Rows finished (any final state) so far, this run and before.
    pub finished: usize,
    /// Rows in all.
    pub total: usize,
}

/// The answer of one worker.
struct Answer {
    index: usize,
    result: Result<Outcome<(String, Option<String>)>>,
    latency: Duration,
}

/// Start times spaced `1/rps` apart.
struct Pacer {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl Pacer {
    fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let at = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let at = (*next).max(now);
            *next = at + interval;
            at
        };
        let now = Instant::now();
        if at > now {
            std::thread::sleep(at - now);
        }
    }
}

fn send_one(
    client: &DfnsClient,
    item: &Item,
    signers: &PreparedSigners,
    options: &Options,
) -> Result<Outcome<(String, Option<String>)>> {
    let opts = ImportOptions::new(item.curve, item.protocol, options.min_signers);
    // Fresh shares on every send.
    let request = build_import_request(&item.key, signers, &opts)?;
    match &options.target {
        Target::Keys => Ok(client
            .import_key(&request, &item.public_key)?
            .map(|k| (k.id, None))),
        Target::Wallets { network } => Ok(client
            .import_wallet(&request, network, Some(&item.row_id), &item.public_key)?
            .map(|w| (w.signing_key.id, Some(w.id)))),
    }
}

/// What an answer means for the journal, and whether the row is still in doubt.
fn transition(result: &Result<Outcome<(String, Option<String>)>>) -> Option<Transition> {
    match result {
        Ok(Outcome::Done((key_id, wallet_id))) => Some(Transition::Imported {
            key_id: key_id.clone(),
            wallet_id: wallet_id.clone(),
        }),
        Ok(Outcome::AwaitingApproval { approval_id }) => Some(Transition::AwaitingApproval {
            approval_id: approval_id.clone(),
        }),
        // No answer, a 5xx, or a 409 (the externalId is taken: maybe by our own lost POST):
        // in doubt, left "sent" for the API to settle.
        Err(Error::InDoubt { .. }) => None,
        Err(Error::Api { status: 409, .. }) => None,
        // Nothing reached the import route (the API is down): send again later.
        Err(Error::Network { .. }) => Some(Transition::Pending),
        // The API stored a key, but not this one: never resend.
        Err(e @ Error::PublicKeyMismatch { .. }) => Some(Transition::Failed {
            reason: e.to_string(),
            is_final: true,
        }),
        // Refused (4xx, a bad credential, a key that cannot be split): nothing stored.
        Err(e) => Some(Transition::Failed {
            reason: e.to_string(),
            is_final: false,
        }),
    }
}

/// The API's view: (curve, compressed public key hex) → [(key id, wallet id, external id)].
type Holdings = HashMap<(String, String), Vec<(String, Option<String>, Option<String>)>>;

fn holdings(client: &DfnsClient, target: &Target) -> Result<Holdings> {
    let mut map: Holdings = HashMap::new();
    let norm = |curve: &str, pk: &str| -> Option<(String, String)> {
        let c: CurveId = curve.parse().ok()?;
        let k = ExpectedKey::from_hex(c, pk).ok()?;
        Some((c.as_str().to_string(), k.to_hex()))
    };
    match target {
        Target::Keys => {
            for k in client.all_keys()? {
                if k.imported == Some(true)
                    && let Some(id) = norm(&k.curve, &k.public_key)
                {
                    map.entry(id).or_default().push((k.id, None, None));
                }
            }
        }
        Target::Wallets { .. } => {
            for w in client.all_wallets()? {
                if w.imported != Some(false)
                    && let Some(id) = norm(&w.signing_key.curve, &w.signing_key.public_key)
                {
                    map.entry(id)
                        .or_default()
                        .push((w.signing_key.id, Some(w.id), w.external_id));
                }
            }
        }
    }
    Ok(map)
}

/// Settle the rows in doubt (and those awaiting approval) by asking the API. Returns how
/// many were found there.
fn resolve(
    client: &DfnsClient,
    journal: &mut Journal,
    target: &Target,
    summary: &mut Summary,
) -> Result<usize> {
    let sent = journal.rows(State::Sent)?;
    let waiting = journal.rows(State::AwaitingApproval)?;
    if sent.is_empty() && waiting.is_empty() {
        return Ok(0);
    }
    let held = holdings(client, target)?;
    summary.duplicates_at_api = held.values().filter(|v| v.len() > 1).count();
    let mut changes: Vec<(String, Transition)> = Vec::new();
    let mut found = 0;
    for row in sent.iter().chain(&waiting) {
        let id = (row.key.curve.clone(), row.key.public_key.clone());
        match held.get(&id).and_then(|v| v.first()) {
            Some((key_id, wallet_id, _)) => {
                found += 1;
                changes.push((
                    row.key.row_id.clone(),
                    Transition::Imported {
                        key_id: key_id.clone(),
                        wallet_id: wallet_id.clone(),
                    },
                ));
            }
            None if row.state == State::Sent => {
                // A wallet whose externalId is taken by another key: never resend.
                let taken = held
                    .values()
                    .flatten()
                    .any(|(_, _, ext)| ext.as_deref() == Some(row.key.row_id.as_str()));
                changes.push((
                    row.key.row_id.clone(),
                    if taken && matches!(target, Target::Wallets { .. }) {
                        Transition::Failed {
                            reason: format!(
                                "externalId {:?} is taken by a wallet with another public key",
                                row.key.row_id
                            ),
                            is_final: true,
                        }
                    } else {
                        Transition::Pending
                    },
                ));
            }
            None => {}
        }
    }
    let refs: Vec<(&str, &Transition)> = changes.iter().map(|(r, t)| (r.as_str(), t)).collect();
    journal.record(&refs)?;
    summary.skipped += found;
    Ok(found)
}

/// What every round of a run shares.
struct Ctx<'a> {
    client: &'a DfnsClient,
    items: &'a [Item],
    index: HashMap<&'a str, usize>,
    signers: &'a PreparedSigners,
    options: &'a Options,
    progress: &'a (dyn Fn(Progress) + Sync),
}

/// Send every pending row once (in parallel), recording each answer.
fn send_pending(ctx: &Ctx<'_>, journal: &mut Journal, summary: &mut Summary) -> Result<()> {
    let Ctx {
        client,
        items,
        index,
        signers,
        options,
        progress,
    } = ctx;
    let (client, items, signers, options, progress) =
        (*client, *items, *signers, *options, *progress);
    let total = items.len();
    let mut queue: VecDeque<usize> = journal
        .rows(State::Pending)?
        .iter()
        .filter_map(|r| index.get(r.key.row_id.as_str()).copied())
        .collect();
    if queue.is_empty() {
        return Ok(());
    }
    let jobs = options.jobs.max(1);
    let window = jobs * 4;
    let pacer = Pacer {
        interval: options
            .rps
            .filter(|r| *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r)),
        next: Mutex::new(Instant::now()),
    };
    let mut finished = journal.counts()?.imported + journal.counts()?.failed;
    let (work_tx, work_rx) = mpsc::channel::<usize>();
    let work_rx = Mutex::new(work_rx);
    std::thread::scope(|scope| -> Result<()> {
        let (answer_tx, answer_rx) = mpsc::channel::<Answer>();
        for _ in 0..jobs {
            let answer_tx = answer_tx.clone();
            let work_rx = &work_rx;
            let pacer = &pacer;
            scope.spawn(move || {
                loop {
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok(i)) = next else { return };
                    pacer.wait();
                    let start = Instant::now();
                    let result = send_one(client, &items[i], signers, options);
                    let answer = Answer {
                        index: i,
                        result,
                        latency: start.elapsed(),
                    };
                    if answer_tx.send(answer).is_err() {
                        return;
                    }
                }
            });
        }
        drop(answer_tx);
        let mut in_flight = 0usize;
        while !queue.is_empty() || in_flight > 0 {
            if in_flight <= jobs * 2 && !queue.is_empty() {
                let n = (window - in_flight).min(queue.len());
                let batch: Vec<usize> = queue.drain(..n).collect();
                let ids: Vec<&str> = batch.iter().map(|i| items[*i].row_id.as_str()).collect();
                // Durable before any of them is sent.
                journal.mark_sent(&ids)?;
                for i in batch {
                    work_tx
                        .send(i)
                        .map_err(|_| Error::Journal("the workers stopped".into()))?;
                }
                in_flight += n;
            }
            let first = answer_rx
                .recv()
                .map_err(|_| Error::Journal("the workers stopped".into()))?;
            let mut answers = vec![first];
            while let Ok(a) = answer_rx.try_recv() {
                answers.push(a);
            }
            in_flight -= answers.len();
            let mut changes: Vec<(&str, Transition)> = Vec::new();
            for a in &answers {
                let item = &items[a.index];
                summary.latencies_ms.push(a.latency.as_secs_f64() * 1000.0);
                match &a.result {
                    Ok(Outcome::Done(_)) => {
                        summary.imported += 1;
                        finished += 1;
                    }
                    Ok(Outcome::AwaitingApproval { approval_id }) => {
                        summary
                            .awaiting_approval
                            .push((item.row_id.clone(), approval_id.clone()));
                    }
                    _ => {}
                }
                if let Some(t) = transition(&a.result) {
                    if matches!(t, Transition::Failed { .. }) {
                        finished += 1;
                    }
                    changes.push((item.row_id.as_str(), t));
                }
            }
            let refs: Vec<(&str, &Transition)> = changes.iter().map(|(r, t)| (*r, t)).collect();
            journal.record(&refs)?;
            progress(Progress { finished, total });
        }
        drop(work_tx);
        Ok(())
    })
}

/// Migrate `items` (all the rows of the keys file) through `client`, recording everything in
/// `journal`. Returns when every row is imported, awaiting approval or failed, or after
/// `options.rounds` rounds with some still unsent or in doubt (then `unresolved` says how
/// many; a re-run finishes them).
pub fn run(
    client: &DfnsClient,
    journal: &mut Journal,
    items: &[Item],
    signers: &PreparedSigners,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    let start = Instant::now();
    if options.jobs == 0 {
        return Err(Error::Usage("--jobs must be at least 1".into()));
    }
    let keys: Vec<RowKey> = items.iter().map(Item::row_key).collect();
    journal.add(&keys)?;
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.row_id.as_str(), i))
        .collect();
    let mut summary = Summary {
        skipped: journal.counts()?.imported,
        ..Summary::default()
    };
    // Failures that a resend cannot double: try again.
    let retry: Vec<RowKey> = journal
        .rows(State::Failed)?
        .into_iter()
        .filter(|r| !r.is_final)
        .map(|r| r.key)
        .collect();
    let refs: Vec<(&str, &Transition)> = retry
        .iter()
        .map(|k| (k.row_id.as_str(), &Transition::Pending))
        .collect();
    journal.record(&refs)?;
    let ctx = Ctx {
        client,
        items,
        index,
        signers,
        options,
        progress,
    };
    for round in 0..options.rounds.max(1) {
        if round > 0 {
            std::thread::sleep(Duration::from_millis(500 * u64::from(round)));
        }
        match resolve(client, journal, &options.target, &mut summary) {
            Ok(_) => {}
            // The API is unreachable: the rows stay in doubt for the next round or run.
            Err(e) if e.is_transient() || matches!(e, Error::InDoubt { .. }) => continue,
            Err(e) => return Err(e),
        }
        send_pending(&ctx, journal, &mut summary)?;
        let c = journal.counts()?;
        if c.sent == 0 && c.pending == 0 {
            break;
        }
    }
    let c = journal.counts()?;
    summary.unresolved = c.sent + c.pending;
    summary.journal_imported = c.imported;
    for row in journal.rows(State::Failed)? {
        summary
            .failed
            .push((row.key.row_id, row.key.line, row.reason.unwrap_or_default()));
    }
    summary.awaiting_approval = journal
        .rows(State::AwaitingApproval)?
        .into_iter()
        .map(|r| (r.key.row_id, r.approval_id.unwrap_or_default()))
        .collect();
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> Error {
        Error::Api {
            status,
            call: "POST /keys/import".into(),
            message: "m".into(),
            permission: None,
        }
    }

    /// The exactly-once rules: what stays in doubt, what is resent, what never is.
    #[test]
    fn answers_map_to_the_journal_states() {
        let done: Result<Outcome<(String, Option<String>)>> =
            Ok(Outcome::Done(("key-1".into(), None)));
        assert_eq!(
            transition(&done),
            Some(Transition::Imported {
                key_id: "key-1".into(),
                wallet_id: None
            })
        );
        let held = Ok(Outcome::AwaitingApproval {
            approval_id: "ap-1".into(),
        });
        assert_eq!(
            transition(&held),
            Some(Transition::AwaitingApproval {
                approval_id: "ap-1".into()
            })
        );
        // In doubt: left "sent", to be settled by asking the API.
        let lost = Err(Error::InDoubt {
            call: "POST /keys/import".into(),
            cause: "reset".into(),
        });
        assert_eq!(transition(&lost), None);
        assert_eq!(transition(&Err(api(409))), None);
        // Nothing reached the API: pending again.
        let down = Err(Error::Network {
            call: "POST /keys/import".into(),
            cause: "refused".into(),
        });
        assert_eq!(transition(&down), Some(Transition::Pending));
        // A stored key with another public key is never resent.
        let lie = Err(Error::PublicKeyMismatch {
            key_id: "key-2".into(),
            expected: "02aa".into(),
            returned: "02bb".into(),
        });
        assert!(matches!(
            transition(&lie),
            Some(Transition::Failed { is_final: true, .. })
        ));
        // A refusal stored nothing: retried on the next run.
        assert!(matches!(
            transition(&Err(api(403))),
            Some(Transition::Failed {
                is_final: false,
                ..
            })
        ));
    }

    #[test]
    fn the_pacer_spaces_starts_by_one_over_rps() {
        let p = Pacer {
            interval: Some(Duration::from_millis(50)),
            next: Mutex::new(Instant::now()),
        };
        let start = Instant::now();
        for _ in 0..5 {
            p.wait();
        }
        // The first start is at once, then one every 50 ms.
        assert!(start.elapsed() >= Duration::from_millis(200));
        let unpaced = Pacer {
            interval: None,
            next: Mutex::new(Instant::now()),
        };
        let start = Instant::now();
        unpaced.wait();
        assert!(start.elapsed() < Duration::from_millis(50));
    }

    #[test]
    fn latency_quantiles() {
        let s = Summary {
            latencies_ms: (1..=100).map(f64::from).collect(),
            ..Summary::default()
        };
        assert_eq!(s.latency_quantile(0.5), Some(51.0));
        assert_eq!(s.latency_quantile(0.99), Some(99.0));
        assert_eq!(Summary::default().latency_quantile(0.5), None);
    }
}
