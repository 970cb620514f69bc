#![no_main]
use keyport::hazmat::envelope::RecipientKey;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Raw bytes: a parsed key re-encodes to bytes that parse to the same key.
    if let Ok(key) = RecipientKey::from_bytes(data) {
        let bytes = key.to_bytes();
        let again = RecipientKey::from_bytes(&bytes).expect("re-encoded recipient key must parse");
        assert_eq!(key, again);
        assert_eq!(again.to_bytes(), bytes, "encoding is not stable");
        assert_eq!(key.envelope(), again.envelope());
    }
    // Base64 text: same round trip through the API's encoding.
    if let Ok(text) = core::str::from_utf8(data)
        && let Ok(key) = RecipientKey::from_base64(text)
    {
        let b64 = key.to_base64();
        let again = RecipientKey::from_base64(&b64).expect("re-encoded base64 must parse");
        assert_eq!(key, again);
    }
});
