#![no_main]
use keyport::CurveId;
use keyport::keys::{KeyFormat, ParseOptions, parse_key_bytes};
use libfuzzer_sys::fuzz_target;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    // First byte picks the options; the rest is the key text.
    let Some((&sel, input)) = data.split_first() else {
        return;
    };
    let curve = match sel & 3 {
        0 => None,
        1 => Some(CurveId::Secp256k1),
        2 => Some(CurveId::Ed25519),
        _ => Some(CurveId::Stark),
    };
    let options = ParseOptions {
        curve,
        passphrase: (sel & 4 != 0).then(|| Zeroizing::new("TREZOR".to_string())),
        path: match (sel >> 3) & 3 {
            0 => None,
            1 => Some("m/0/1".to_string()),
            2 => Some("m/44'/60'/0'/0/0".to_string()),
            _ => Some("m/44'/501'/0'/0'".to_string()),
        },
    };
    // Mnemonic parsing runs PBKDF2 (2048 rounds); only try it on short inputs.
    for format in KeyFormat::ALL {
        if format == KeyFormat::Mnemonic && input.len() > 300 {
            continue;
        }
        if let Ok(key) = parse_key_bytes(input, format, &options) {
            // Every parsed key has a public key on its curve.
            key.public_key().expect("a parsed key has a public key");
            if let Some(c) = curve {
                assert_eq!(key.curve(), c, "parsed key is on another curve than asked");
            }
        }
    }
});
