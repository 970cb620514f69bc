//! Imports per second through the whole HTTP and user-action path (`POST /auth/action/init`,
//! `POST /auth/action`, `POST /keys/import`: three requests, every signer verifying its share,
//! one SQLite transaction) at 1, 4 and 16 concurrent local clients, with p50 and p99 latency.
//!
//! `cargo bench -p keyport-server --bench load -- --seconds 5 --clients 1,4,16`
//!
//! Under `cargo test` (no `--bench` argument) it runs a smoke round of a few imports.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Server, import_request, random_key};
use keyport::{CurveId, Protocol};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn round(
    c: &Arc<common::Dfns>,
    bodies: &[String],
    clients: usize,
    run_for: Duration,
    max_each: usize,
) -> (usize, Duration, Vec<Duration>) {
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|i| {
            let c = Arc::clone(c);
            let body = bodies[i % bodies.len()].clone();
            tokio::spawn(async move {
                let mut lat = Vec::new();
                while start.elapsed() < run_for && lat.len() < max_each {
                    let t = Instant::now();
                    let r = c.post_signed("/keys/import", &body).await;
                    assert_eq!(r.status, hyper::StatusCode::OK, "{:?}", r.json);
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("client task"));
    }
    let elapsed = start.elapsed();
    all.sort_unstable();
    (all.len(), elapsed, all)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let seconds: u64 = arg(&args, "--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let levels: Vec<usize> = arg(&args, "--clients")
        .unwrap_or_else(|| "1,4,16".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    let (run_for, max_each, levels) = if bench {
        (Duration::from_secs(seconds), usize::MAX, levels)
    } else {
        (Duration::from_secs(30), 3, vec![1, 4])
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let (_dir, server) = Server::fresh(&[], &[]);
        let c = Arc::new(server.client());
        let signers = c.signers().await;
        let bodies: Vec<String> = (0..16)
            .map(|_| {
                import_request(
                    &signers,
                    CurveId::Secp256k1,
                    Protocol::Cggmp24,
                    &random_key(),
                )
                .to_json()
            })
            .collect();
        // Warm up: connections, the page cache, the WAL.
        round(&c, &bodies, 2, Duration::from_millis(500), 20).await;
        println!("| clients | imports | seconds | imports/s | p50 ms | p99 ms |");
        println!("|---:|---:|---:|---:|---:|---:|");
        for clients in levels {
            let (n, elapsed, lat) = round(&c, &bodies, clients, run_for, max_each).await;
            println!(
                "| {clients} | {n} | {:.1} | {:.0} | {:.1} | {:.1} |",
                elapsed.as_secs_f64(),
                n as f64 / elapsed.as_secs_f64(),
                percentile(&lat, 50.0).as_secs_f64() * 1e3,
                percentile(&lat, 99.0).as_secs_f64() * 1e3,
            );
        }
    });
}
