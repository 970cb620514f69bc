//! `keyport dfns migrate`: the keys file (keyport migrate's formats) into keyport-dfns's
//! exactly-once migration, with a progress bar on a terminal and a JSON summary on stdout.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, IsTerminal as _};

use indicatif::{ProgressBar, ProgressStyle};
use keyport::{ExpectedKey, PreparedSigners};
use keyport_dfns::journal::{Journal, Params};
use keyport_dfns::migrate::{self, Item, Options, Progress, Target};

use super::args::DfnsCmd;
use super::{cli_error, client, fetch_signers};
use crate::migrate::keys::KeyReader;
use crate::{CliError, CliResult, import_key_of};

/// Runs `keyport dfns migrate`.
pub fn run(cmd: &DfnsCmd) -> CliResult<()> {
    let DfnsCmd::Migrate {
        conn,
        checks,
        keys,
        journal,
        jobs,
        rps,
        min_signers,
        wallets,
        network,
    } = cmd
    else {
        return Err(CliError::usage("not a migrate command"));
    };
    if *jobs == 0 {
        return Err(CliError::usage("--jobs must be at least 1"));
    }
    let target = match (wallets, network) {
        (true, Some(n)) => Target::Wallets { network: n.clone() },
        _ => Target::Keys,
    };
    let c = client(conn, *jobs)?;
    let fetched = fetch_signers(&c, conn.cluster.as_deref(), checks)?;
    keyport::Threshold::for_signers(*min_signers, fetched.signers.len())
        .map_err(|e| CliError::lib("--min-signers", &e))?;
    let prepared =
        PreparedSigners::new(&fetched.signers).map_err(|e| CliError::lib("GET /signers", &e))?;

    // Read every record; a record that does not read is reported, never sent.
    let f = File::open(keys).map_err(|e| {
        CliError::io(format!(
            "cannot read {}: {}",
            keys.display(),
            crate::fsio::io_cause(&e)
        ))
    })?;
    crate::fsio::warn_if_readable_by_others(&f, keys);
    let mut reader = KeyReader::new(BufReader::new(f), keys.display().to_string());
    let mut items: Vec<Item> = Vec::new();
    let mut unreadable: Vec<(String, usize, String)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    while let Some(rec) = reader.next_record()? {
        let fields = match rec.fields {
            Ok(f) => f,
            Err(reason) => {
                unreadable.push((String::new(), rec.line, reason));
                continue;
            }
        };
        if let Some(first) = seen.insert(fields.id.to_string(), rec.line) {
            return Err(CliError::input(format!(
                "lines {first} and {} of the keys file have the same id {:?}; ids must be \
                 unique (nothing was sent)",
                rec.line,
                fields.id.as_str()
            )));
        }
        let parsed = crate::migrate::parse_record(&fields).and_then(|(parsed, protocol)| {
            let pk = parsed.public_key().map_err(|e| format!("key: {e}"))?;
            let expected =
                ExpectedKey::new(parsed.curve(), &pk).map_err(|e| format!("key: {e}"))?;
            Ok((parsed, protocol, expected))
        });
        match parsed {
            Ok((parsed, protocol, public_key)) => items.push(Item {
                row_id: fields.id.to_string(),
                line: rec.line,
                key: import_key_of(&parsed),
                curve: parsed.curve(),
                protocol,
                public_key,
            }),
            Err(reason) => unreadable.push((fields.id.to_string(), rec.line, reason)),
        }
    }

    let params = Params {
        target: target.journal_name(),
        min_signers: *min_signers,
        signers: fetched.fingerprint.clone(),
    };
    let mut j = Journal::open(journal, &params).map_err(|e| cli_error(&e))?;
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(items.len() as u64).with_style(
            ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {pos}/{len} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let options = Options {
        jobs: *jobs,
        rps: *rps,
        min_signers: *min_signers,
        target,
        rounds: 5,
    };
    let progress = |p: Progress| bar.set_position(p.finished as u64);
    let summary = migrate::run(&c, &mut j, &items, &prepared, &options, &progress)
        .map_err(|e| cli_error(&e))?;
    bar.finish_and_clear();
    drop(j);

    let mut failed: Vec<serde_json::Value> = unreadable
        .iter()
        .map(|(id, line, reason)| serde_json::json!({"id": id, "line": line, "reason": reason}))
        .collect();
    failed.extend(
        summary.failed.iter().map(
            |(id, line, reason)| serde_json::json!({"id": id, "line": line, "reason": reason}),
        ),
    );
    let sent = summary.latencies_ms.len();
    let doc = serde_json::json!({
        "imported": summary.imported,
        "skipped": summary.skipped,
        "awaitingApproval": summary.awaiting_approval.iter()
            .map(|(id, ap)| serde_json::json!({"id": id, "approvalId": ap}))
            .collect::<Vec<_>>(),
        "failed": failed,
        "unresolved": summary.unresolved,
        "journal": { "imported": summary.journal_imported, "rows": items.len() },
        "duplicatesAtApi": summary.duplicates_at_api,
        "seconds": (summary.seconds * 1000.0).round() / 1000.0,
        "keysPerSecond": if summary.seconds > 0.0 { ((summary.imported as f64 / summary.seconds) * 10.0).round() / 10.0 } else { 0.0 },
        "latencyMs": {
            "requests": sent,
            "p50": summary.latency_quantile(0.5).map(|v| (v * 10.0).round() / 10.0),
            "p99": summary.latency_quantile(0.99).map(|v| (v * 10.0).round() / 10.0),
        },
    });
    eprintln!(
        "dfns migrate: {} imported, {} skipped (already there), {} awaiting approval, {} failed, {} unresolved",
        summary.imported,
        summary.skipped,
        summary.awaiting_approval.len(),
        failed.len(),
        summary.unresolved
    );
    crate::fsio::write_stdout(crate::to_json_pretty(&doc)?.as_bytes())?;
    if summary.unresolved > 0 {
        return Err(CliError::io(format!(
            "{} keys are still unsent or in doubt (the API was unreachable); run the same \
             command again to finish them",
            summary.unresolved
        )));
    }
    if !failed.is_empty() {
        return Err(CliError::input(format!("{} keys failed", failed.len())));
    }
    if !summary.awaiting_approval.is_empty() {
        return Err(CliError {
            code: super::EXIT_AWAITING_APPROVAL,
            message: format!(
                "{} keys are held for approval",
                summary.awaiting_approval.len()
            ),
            hint: None,
        });
    }
    Ok(())
}
