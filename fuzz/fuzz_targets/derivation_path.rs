#![no_main]
use keyport::keys::DerivationPath;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(path) = text.parse::<DerivationPath>() {
        // Display writes a path that parses back to the same steps.
        let again: DerivationPath = path.to_string().parse().expect("displayed path parses");
        assert_eq!(again.steps(), path.steps());
    }
    let _ = keyport::keys::detect_format(text, None);
    let _ = keyport::keys::parse_wif(text);
});
