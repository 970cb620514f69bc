#![no_main]
//! `ExportContext::recover` on arbitrary responses, with fixed contexts (first byte: which key,
//! and whether the expected key is the response's own or a fixed one).
//!
//! Invariants that can fail:
//! - Ok implies the expected key: `G·secret`, compressed, is the expected key, and so is the
//!   returned public key.
//! - Bad signers are signers of the response, each named once, canonical base64.
//! - A response whose `publicKey` is not the expected key never recovers.
use keyport::api::KeyExportResponse;
use keyport::hazmat::SecretScalar;
use keyport::hazmat::curve::PointForm;
use keyport::{CurveId, ExpectedKey, SignerId};
use libfuzzer_sys::fuzz_target;

/// The generator, compressed: a key whose secret is 1.
fn generator(curve: CurveId) -> Option<ExpectedKey> {
    let one = {
        let mut b = [0u8; 32];
        b[31] = 1;
        b
    };
    let pk = keyport::with_curve!(curve, C => SecretScalar::<C>::from_be_bytes(&one).ok()?.public_key_bytes(PointForm::Compressed).ok()?);
    ExpectedKey::new(curve, &pk).ok()
}

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
    let Ok(curve) = response.curve.parse::<CurveId>() else {
        return;
    };
    let expected = if selector & 0x80 == 0 {
        match hex::decode(&response.public_key)
            .ok()
            .and_then(|b| ExpectedKey::new(curve, &b).ok())
        {
            Some(e) => e,
            None => return,
        }
    } else {
        match generator(curve) {
            Some(e) => e,
            None => return,
        }
    };
    let result = ctx.recover(&response, &expected);
    let Ok(key) = result else {
        return;
    };
    // Ok implies the expected key.
    let rebuilt = keyport::with_curve!(key.curve, C => SecretScalar::<C>::from_be_bytes(&key.secret[..])
        .and_then(|s| s.public_key_bytes(PointForm::Compressed)));
    assert_eq!(rebuilt.as_deref().ok(), Some(expected.compressed()));
    assert_eq!(key.public_key.as_slice(), expected.compressed());
    assert_eq!(key.curve, expected.curve());
    // The response's own publicKey was the expected key (else it is refused before any share).
    let claimed = hex::decode(&response.public_key).ok();
    let claimed = claimed.and_then(|b| ExpectedKey::new(curve, &b).ok());
    assert_eq!(claimed.as_ref(), Some(&expected));
    // Bad signers: response signers, once each, canonical.
    let ids: Vec<SignerId> = response
        .encrypted_key_shares
        .iter()
        .filter_map(|e| SignerId::from_base64(&e.signer_id).ok())
        .collect();
    let mut seen = Vec::new();
    for bad in &key.bad_signers {
        let id = SignerId::from_base64(bad).expect("bad signer id is base64");
        assert_eq!(&id.to_string(), bad, "canonical");
        assert!(ids.contains(&id), "bad signer not in the response");
        assert!(!seen.contains(&id), "named twice");
        seen.push(id);
    }
    assert!(
        ids.len() - key.bad_signers.len() >= usize::try_from(response.min_signers).unwrap_or(0)
    );
});
