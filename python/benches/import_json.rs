//! The Rust side of the Python binding's overhead figure (BENCHMARKS.md, Python): what
//! `keyport.build_key_import_request` does in Rust, JSON text in and out: parse the ListSigners
//! JSON, build the n=5 secp256k1 t=3 dfns-v1 request with OS randomness, write its JSON.
//! `cargo bench -p keyport-python --bench import_json -- --quick`.

use criterion::{Criterion, criterion_group, criterion_main};
use keyport::api::SignersInput;
use keyport::signer::Cluster;
use keyport::{CurveId, EnvelopeKind, ImportKey, ImportOptions, Protocol, build_import_request};
use zeroize::Zeroizing;

fn bench(c: &mut Criterion) {
    let mut rng = keyport::os_rng().expect("OS randomness");
    let cluster = Cluster::generate(5, EnvelopeKind::DfnsV1, &mut rng);
    let signers_json = cluster.list_signers().to_json();
    let key = ImportKey::Scalar(Zeroizing::new([0x42; 32]));
    let options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 3);
    c.bench_function(
        "python-equivalent/build_key_import_request/dfns-v1/secp256k1/5",
        |b| {
            b.iter(|| {
                let signers = SignersInput::from_json(&signers_json)
                    .and_then(|s| s.select(None))
                    .expect("signers");
                build_import_request(&key, &signers, &options)
                    .expect("import")
                    .to_json()
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
