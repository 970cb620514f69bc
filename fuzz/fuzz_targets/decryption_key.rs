#![no_main]
use keyport::DecryptionKey;
use keyport::hazmat::envelope::KeyConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(key) = DecryptionKey::from_bytes(data) {
        let bytes = key.to_bytes();
        let again = DecryptionKey::from_bytes(&bytes).expect("re-encoded key parses");
        assert_eq!(*again.to_bytes(), *bytes);
        assert_eq!(again.recipient_key(), key.recipient_key());
    }
    if let Ok(config) = KeyConfig::from_bytes(data) {
        let bytes = config.to_bytes();
        let again = KeyConfig::from_bytes(&bytes).expect("re-encoded key config parses");
        assert_eq!(again.to_bytes(), bytes);
    }
});
