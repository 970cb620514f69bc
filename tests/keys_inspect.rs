//! `ParsedKey::inspect_json`, the record both bindings return from `inspectKey` / `inspect_key`:
//! the same public key and addresses the library computes, and nothing secret.

use keyport::CurveId;
use keyport::keys::{Addresses, KeyFormat, ParseOptions, parse_key};

#[test]
fn inspect_json_is_the_public_key_and_the_addresses_that_apply() {
    let secret = "01".repeat(32);
    for (curve, format) in [
        (CurveId::Secp256k1, KeyFormat::Hex),
        (CurveId::Ed25519, KeyFormat::Ed25519Seed),
        (CurveId::Stark, KeyFormat::Hex),
    ] {
        let options = ParseOptions {
            curve: Some(curve),
            ..ParseOptions::default()
        };
        let key = parse_key(&secret, format, &options).unwrap();
        let text = key.inspect_json().unwrap();
        assert!(!text.contains(&secret), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let expected = Addresses::from_public_key(curve, &key.public_key().unwrap()).unwrap();
        assert_eq!(value["curve"], curve.as_str());
        assert_eq!(value["publicKey"], expected.public_key.as_str());
        let addresses = value["addresses"].as_object().unwrap();
        let applicable: Vec<_> = expected
            .named()
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .collect();
        assert_eq!(addresses.len(), applicable.len(), "{text}");
        for (name, address) in applicable {
            assert_eq!(addresses[name], address.unwrap(), "{name}");
        }
    }
}
