#![no_main]
use keyport::hazmat::envelope::dfns_v1;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First byte selects one of the ecies.json keys (so its ciphertexts are valid seeds).
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    let Some(sk) = keyport_fuzz::ecies_key(sel) else {
        return;
    };
    // Arbitrary ciphertexts must be rejected with an error, never a panic. A successful open
    // is fine (the fuzzer may build a valid ECIES message) but must be deterministic.
    let first = dfns_v1::open(&sk, data, &[]);
    if let Ok(pt) = &first {
        let second = dfns_v1::open(&sk, data, &[]).expect("open is deterministic");
        assert_eq!(&**pt, &*second);
    }
    let _ = dfns_v1::open(&sk, data, b"aad");
});
