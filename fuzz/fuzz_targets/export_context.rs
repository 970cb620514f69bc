#![no_main]
use keyport::ExportContext;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(ctx) = ExportContext::from_json(text) {
        // A parsed context file re-serializes to a file that parses to the same key.
        let json = ctx.to_json();
        let again = ExportContext::from_json(&json).expect("own context file parses");
        assert_eq!(again.envelope(), ctx.envelope());
        assert_eq!(again.request(), ctx.request());
    }
});
