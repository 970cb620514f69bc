#![no_main]
//! keyport's JSON (each type's one `wire_struct!` declaration: its field table read over
//! keyport's reader, its serde `Serialize` over keyport's writer) against
//! serde_json on the API types: the same verdict and value, and every accepted body writes
//! back, as serde_json writes it, to JSON that reads to the same value.
use keyport::api::{KeyExportRequest, KeyExportResponse, KeyImportRequest, ListSignersResponse};
use libfuzzer_sys::fuzz_target;

/// Where the two may rightly differ: keyport refuses lone-surrogate `\u` escapes and nesting
/// past 128 everywhere; serde_json skips both unchecked inside members it ignores. (And see
/// the struct-as-array case below.)
fn comparable(text: &str) -> bool {
    !text.contains("\\u") && text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() < 128
}

macro_rules! check {
    ($T:ty, $text:expr) => {{
        let ours = <$T>::from_json($text).ok();
        if let Some(v) = &ours {
            let written = v.to_json();
            assert_eq!(<$T>::from_json(&written).ok().as_ref(), Some(v));
            // The writer is serde_json's, byte for byte.
            assert_eq!(written, serde_json::to_string(v).unwrap());
        }
        if comparable($text) {
            let theirs = serde_json::from_str::<$T>($text).ok();
            match (&ours, &theirs) {
                // serde's derive also takes a struct written as an array of its fields in
                // order; the API never sends that, and keyport refuses it.
                (None, Some(_)) => {
                    let reason = <$T>::from_json($text).unwrap_err().to_string();
                    assert!(
                        reason.contains("must be an object"),
                        "{:?}: {reason}",
                        $text
                    );
                }
                _ => assert_eq!(ours, theirs, "{:?}", $text),
            }
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    check!(KeyImportRequest, text);
    check!(KeyExportRequest, text);
    check!(KeyExportResponse, text);
    check!(ListSignersResponse, text);
});
