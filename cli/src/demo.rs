//! `keyport demo`: import -> verify -> export round trips in an in-process cluster.

use std::time::Instant;

use keyport::keys::ParsedKey;
use keyport::signer::Cluster;
use keyport::{
    CurveId, EnvelopeChoice, EnvelopeKind, ExportContext, ImportOptions, Protocol, VALID_PAIRS,
    build_import_request,
};
use zeroize::Zeroizing;

use crate::cli::DemoArgs;
use crate::{CliError, CliResult, import_key_of};

/// Fills `buf` from the OS random source.
fn fill(buf: &mut [u8]) -> Result<(), getrandom::Error> {
    getrandom::fill(buf)
}

/// One row of the table.
struct Row {
    protocol: Protocol,
    curve: CurveId,
    envelope: EnvelopeKind,
    public_key: String,
    verified: bool,
    round_trip: bool,
    millis: u128,
    error: Option<String>,
}

/// A fresh random key on `curve`: an RFC 8032 seed for ed25519, a scalar otherwise.
fn fresh_key(curve: CurveId) -> CliResult<ParsedKey> {
    for _ in 0..256 {
        let mut bytes = Zeroizing::new([0u8; 32]);
        fill(&mut bytes[..]).map_err(|_| CliError::from(keyport::Error::Randomness))?;
        if curve == CurveId::Stark {
            // The stark order is just above 2^251: draw below 2^251 so almost every draw fits.
            bytes[0] &= 0x07;
        }
        let parsed = match curve {
            CurveId::Ed25519 => ParsedKey::from_ed25519_seed(bytes),
            _ => ParsedKey::from_scalar(curve, bytes),
        };
        if let Ok(k) = parsed {
            return Ok(k);
        }
    }
    Err(CliError::crypto("could not draw a valid key"))
}

fn round_trip(
    cluster: &mut Cluster,
    envelope: EnvelopeKind,
    protocol: Protocol,
    curve: CurveId,
    t: usize,
    row: &mut Row,
) -> Result<(), String> {
    let key = fresh_key(curve).map_err(|e| e.message)?;
    let expected_pk = key.public_key().map_err(|e| e.to_string())?;
    let mut opts = ImportOptions::new(curve, protocol, t);
    opts.envelope = EnvelopeChoice::Force(envelope);
    let signers = cluster.list_signers();
    let infos: Vec<_> = signers
        .clusters
        .into_iter()
        .flat_map(|c| c.signers)
        .collect();
    let request = build_import_request(&import_key_of(&key), &infos, &opts)
        .map_err(|e| format!("import: {e}"))?;
    let key_id = format!("{}-{}", protocol.as_str(), curve.as_str());
    let pk = cluster
        .accept_import(&key_id, &request)
        .map_err(|e| format!("signers: {e}"))?;
    row.public_key = pk.clone();
    row.verified = pk == hex::encode(&expected_pk);
    if !row.verified {
        return Err("the signers' public key differs from the key's".into());
    }
    let ctx = ExportContext::new(envelope).map_err(|e| format!("export context: {e}"))?;
    let mut rng = keyport::os_rng().map_err(|e| e.to_string())?;
    let response = cluster
        .answer_export(&key_id, &ctx.request(), &mut rng)
        .map_err(|e| format!("export: {e}"))?;
    let expected =
        keyport::ExpectedKey::new(curve, &expected_pk).map_err(|e| format!("expected key: {e}"))?;
    let recovered = ctx
        .recover(&response, &expected)
        .map_err(|e| format!("recover: {e}"))?;
    row.round_trip = recovered.secret[..] == key.secret_bytes()[..]
        && recovered.public_key == expected_pk
        && recovered.bad_signers.is_empty();
    if row.round_trip {
        Ok(())
    } else {
        Err("the recovered key differs from the imported key".into())
    }
}

fn short(pk: &str) -> String {
    match (
        pk.get(..10),
        pk.len().checked_sub(8).and_then(|i| pk.get(i..)),
    ) {
        (Some(head), Some(tail)) if pk.len() > 20 => format!("{head}..{tail}"),
        _ => pk.to_string(),
    }
}

/// Runs the demo.
pub fn run(args: &DemoArgs) -> CliResult<()> {
    if keyport::signer::check_cluster_size(args.n).is_err()
        || keyport::Threshold::for_signers(args.t, args.n).is_err()
    {
        return Err(CliError::usage(format!(
            "need 2 <= --t <= --n <= {}",
            keyport::signer::MAX_CLUSTER_SIGNERS
        )));
    }
    let mut rng = keyport::os_rng()?;
    let mut rows = Vec::new();
    for envelope in [EnvelopeKind::HpkeV1, EnvelopeKind::DfnsV1] {
        let mut cluster = Cluster::generate(args.n, envelope, &mut rng);
        for (protocol, curve) in VALID_PAIRS {
            let mut row = Row {
                protocol,
                curve,
                envelope,
                public_key: String::new(),
                verified: false,
                round_trip: false,
                millis: 0,
                error: None,
            };
            let start = Instant::now();
            let result = round_trip(&mut cluster, envelope, protocol, curve, args.t, &mut row);
            row.millis = start.elapsed().as_millis();
            row.error = result.err();
            rows.push(row);
        }
    }
    println!(
        "{:<26} {:<8} {:>3} {:>3}  {:<22} {:<8} {:<13} {:>7}",
        "pair", "envelope", "n", "t", "public key", "verified", "round-trip ok", "time"
    );
    let yes_no = |b: bool| if b { "yes" } else { "NO" };
    for r in &rows {
        println!(
            "{:<26} {:<8} {:>3} {:>3}  {:<22} {:<8} {:<13} {:>5}ms",
            format!("{}/{}", r.protocol.as_str(), r.curve.as_str()),
            r.envelope.as_str(),
            args.n,
            args.t,
            short(&r.public_key),
            yes_no(r.verified),
            yes_no(r.round_trip),
            r.millis
        );
        if let Some(e) = &r.error {
            println!("    error: {e}");
        }
    }
    let failed = rows
        .iter()
        .filter(|r| !(r.verified && r.round_trip))
        .count();
    if failed == 0 {
        eprintln!("all {} round trips ok", rows.len());
        Ok(())
    } else {
        Err(CliError::crypto(format!(
            "{failed} of {} round trips failed",
            rows.len()
        )))
    }
}
