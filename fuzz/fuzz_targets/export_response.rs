#![no_main]
use keyport::api::KeyExportResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = core::str::from_utf8(rest) else {
        return;
    };
    let Ok(response) = KeyExportResponse::from_json(text) else {
        return;
    };
    let Some(ctx) = keyport_fuzz::export_context(selector) else {
        return;
    };
    if let Ok(key) = ctx.recover(&response) {
        // Recovery checks the key against the response's public key.
        assert_eq!(
            keyport::api::KeyExportResponse::from_json(text).map(|r| r.public_key.len()),
            Ok(response.public_key.len())
        );
        assert!(!key.public_key.is_empty());
    }
});
