#![no_main]
use keyport::api::SignersInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(input) = SignersInput::from_json(text) else {
        return;
    };
    for cluster in [None, Some("cluster-1"), Some("")] {
        if let Ok(signers) = input.clone().select(cluster)
            && let Ok(prepared) = keyport::PreparedSigners::new(&signers)
        {
            assert_eq!(prepared.len(), signers.len());
            assert!(
                prepared
                    .signers()
                    .iter()
                    .all(|s| s.recipient().envelope() == prepared.envelope())
            );
        }
    }
});
