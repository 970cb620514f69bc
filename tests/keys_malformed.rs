//! Malformed input: each case must fail with its exact typed error, and neither the error's
//! `Display` nor its `Debug` may contain the input (or any 10-character piece of it).

use keyport::keys::{
    DerivationPath, KeyFormat, ParseOptions, derive_public_child, ed25519_sign_with_scalar,
    encode_wif, parse_key, parse_key_bytes, parse_raw_key, starknet_public_key,
};
use keyport::{CurveId, Error};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use zeroize::Zeroizing;

struct Case {
    label: &'static str,
    input: String,
    format: KeyFormat,
    curve: Option<CurveId>,
    passphrase: Option<&'static str>,
    path: Option<&'static str>,
    expected: Error,
}

fn case(label: &'static str, input: impl Into<String>, format: KeyFormat, expected: Error) -> Case {
    Case {
        label,
        input: input.into(),
        format,
        curve: None,
        passphrase: None,
        path: None,
        expected,
    }
}

impl Case {
    fn curve(mut self, c: CurveId) -> Self {
        self.curve = Some(c);
        self
    }
    fn passphrase(mut self, p: &'static str) -> Self {
        self.passphrase = Some(p);
        self
    }
    fn path(mut self, p: &'static str) -> Self {
        self.path = Some(p);
        self
    }
}

/// Assert that no 10-character window of the (trimmed) secret text shows up in `shown`.
fn assert_not_echoed(label: &str, secret: &str, shown: &str) {
    let secret = secret.trim();
    assert!(
        !shown.contains(secret),
        "{label}: error echoes the input: {shown}"
    );
    let chars: Vec<char> = secret.chars().collect();
    for window in chars.windows(10) {
        let piece: String = window.iter().collect();
        assert!(
            !shown.contains(&piece),
            "{label}: error contains input piece {piece:?}: {shown}"
        );
    }
}

const SECP_N: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
const ED_L: &str = "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed";
const STARK_N: &str = "0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f";
const KEY: &str = "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d";
const WIF_VALID: &str = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617";
const ABANDON_ABOUT: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
/// solana-web3.js's "invalid secret key" (last byte of the public half changed).
const WEB3_BAD_BASE58: &str =
    "45QmaP6zVBfDPLWrbtaMiVFKbRLPwwAqXHiDkx2FcUHZoV1uU6uB8cZyGBKQbiExXyyzghaE65THFi2h8mSwkFuh";
const WEB3_JSON_BAD_LAST: &str = "[153,218,149,89,225,94,145,62,233,171,46,83,227,223,173,87,93,163,59,73,190,17,37,187,146,46,51,73,79,73,136,40,27,47,73,9,110,62,93,189,15,207,169,192,192,205,146,217,171,59,33,84,75,52,213,221,74,101,217,139,135,139,153,35]";

fn cases() -> Vec<Case> {
    use Error::*;
    use KeyFormat as F;
    let secp = CurveId::Secp256k1;
    let ed = CurveId::Ed25519;
    let stark = CurveId::Stark;
    vec![
        // hex
        case(
            "hex: 63 digits (lost leading zero)",
            &KEY[1..],
            F::Hex,
            HexDigits {
                expected: 64,
                actual: 63,
            },
        )
        .curve(secp),
        case(
            "hex: 62 digits with 0x",
            format!("0x{}", &KEY[2..]),
            F::Hex,
            HexDigits {
                expected: 64,
                actual: 62,
            },
        )
        .curve(secp),
        case(
            "hex: 66 digits",
            format!("{KEY}ab"),
            F::Hex,
            HexDigits {
                expected: 64,
                actual: 66,
            },
        )
        .curve(secp),
        case(
            "hex: non-hex character",
            format!("{}g", &KEY[1..]),
            F::Hex,
            InvalidEncoding {
                what: "hex key",
                expected: "hexadecimal",
            },
        )
        .curve(secp),
        case("hex: zero key", "0".repeat(64), F::Hex, ZeroScalar).curve(secp),
        case(
            "hex: secp256k1 order n",
            SECP_N,
            F::Hex,
            ScalarOutOfRange { curve: "secp256k1" },
        )
        .curve(secp),
        case(
            "ed25519-scalar: order L",
            ED_L,
            F::Ed25519Scalar,
            ScalarOutOfRange { curve: "ed25519" },
        )
        .curve(ed),
        case(
            "hex: stark order n",
            STARK_N,
            F::Hex,
            ScalarOutOfRange { curve: "stark" },
        )
        .curve(stark),
        case(
            "hex: no curve",
            KEY,
            F::Hex,
            CurveRequired { format: "hex" },
        ),
        case(
            "hex: passphrase given",
            KEY,
            F::Hex,
            OptionNotApplicable {
                option: "passphrase",
                format: "hex",
            },
        )
        .curve(secp)
        .passphrase("x"),
        // stark
        case(
            "stark: order n",
            STARK_N,
            F::Stark,
            ScalarOutOfRange { curve: "stark" },
        ),
        case(
            "stark: 65 digits",
            format!("0x1{KEY}"),
            F::Stark,
            HexDigits {
                expected: 64,
                actual: 65,
            },
        ),
        case("stark: zero", "0x0", F::Stark, ZeroScalar),
        case(
            "stark: secp256k1 curve asked",
            KEY,
            F::Stark,
            CurveMismatch {
                format: "stark",
                curve: "secp256k1",
            },
        )
        .curve(secp),
        // wif
        case(
            "wif: bad checksum",
            format!("{}8", &WIF_VALID[..WIF_VALID.len() - 1]),
            F::Wif,
            ChecksumMismatch { what: "WIF key" },
        ),
        case(
            "wif: Litecoin version 0xb0",
            "T3TccUZx4EXBZaHnFiP9eTr8igDEZoqSjNvbA56Z8vV74oyAcjTK",
            F::Wif,
            UnknownVersion {
                what: "WIF key",
                version: 0xb0,
                expected: "0x80 (mainnet) or 0xef (testnet)",
            },
        ),
        case(
            "wif: 31-byte key",
            "yPoVP5njSzmEVK4VJGRWWAwqnwCyLPRcMm5XyrKgY1DE64xhu",
            F::Wif,
            KeyLength {
                what: "WIF key",
                expected: 34,
                actual: 32,
            },
        ),
        case(
            "wif: compression flag 0x02",
            "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvWxyf5d",
            F::Wif,
            InvalidEncoding {
                what: "WIF key",
                expected: "WIF (a 34-byte payload must end in the compression flag 0x01)",
            },
        ),
        case(
            "wif: not base58 (has 0)",
            format!("0{}", &WIF_VALID[1..]),
            F::Wif,
            InvalidEncoding {
                what: "WIF key",
                expected: "base58",
            },
        ),
        case(
            "wif: zero key",
            "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73Nd2Mcv1",
            F::Wif,
            ZeroScalar,
        ),
        case(
            "wif: ed25519 curve asked",
            WIF_VALID,
            F::Wif,
            CurveMismatch {
                format: "wif",
                curve: "ed25519",
            },
        )
        .curve(ed),
        case(
            "wif: path given",
            WIF_VALID,
            F::Wif,
            OptionNotApplicable {
                option: "path",
                format: "wif",
            },
        )
        .path("m/0"),
        // solana
        case(
            "solana: mismatched public half (base58)",
            WEB3_BAD_BASE58,
            F::Solana,
            KeypairMismatch,
        ),
        case(
            "solana: mismatched public half (json)",
            WEB3_JSON_BAD_LAST,
            F::Solana,
            KeypairMismatch,
        ),
        case(
            "solana: json with 63 entries",
            format!("[{}]", ["7"; 63].join(",")),
            F::Solana,
            KeyLength {
                what: "Solana keypair file",
                expected: 64,
                actual: 63,
            },
        ),
        case(
            "solana: json value 256",
            format!("[256,{}]", ["7"; 63].join(",")),
            F::Solana,
            InvalidEncoding {
                what: "Solana keypair file",
                expected: "a JSON array of 64 integers from 0 to 255",
            },
        ),
        case(
            "solana: json trailing comma",
            format!("[{},]", ["7"; 64].join(",")),
            F::Solana,
            InvalidEncoding {
                what: "Solana keypair file",
                expected: "a JSON array of 64 integers from 0 to 255",
            },
        ),
        case(
            "solana: 32-byte base58",
            "BbMQkQYZspmkytduTWvXEtc4mMURjsekJDvty2WtKeSb",
            F::Solana,
            KeyLength {
                what: "Solana keypair",
                expected: 64,
                actual: 32,
            },
        ),
        // ed25519 seed
        case(
            "seed: 31-byte base58",
            "thX6LZfHDZZKUs92febYZhYRcXddmzfzF2NvTkPNE",
            F::Ed25519Seed,
            KeyLength {
                what: "ed25519 seed",
                expected: 32,
                actual: 31,
            },
        ),
        case(
            "seed: hex lost leading zero",
            &KEY[1..],
            F::Ed25519Seed,
            HexDigits {
                expected: 64,
                actual: 63,
            },
        ),
        case(
            "seed: neither hex nor base58",
            "seed-with-dashes-and-0OIl",
            F::Ed25519Seed,
            InvalidEncoding {
                what: "ed25519 seed",
                expected: "hex or base58",
            },
        ),
        // mnemonic
        case(
            "mnemonic: unknown word",
            ABANDON_ABOUT.replace("abandon about", "abandn about"),
            F::Mnemonic,
            MnemonicUnknownWord { position: 11 },
        )
        .curve(secp),
        case(
            "mnemonic: bad checksum",
            ["abandon"; 12].join(" "),
            F::Mnemonic,
            ChecksumMismatch { what: "mnemonic" },
        )
        .curve(secp),
        case(
            "mnemonic: 11 words",
            ["abandon"; 11].join(" "),
            F::Mnemonic,
            MnemonicWordCount { count: 11 },
        )
        .curve(secp),
        case(
            "mnemonic: non-ASCII",
            ABANDON_ABOUT.replace("about", "ab\u{f6}ut"),
            F::Mnemonic,
            InvalidEncoding {
                what: "mnemonic",
                expected: "words from the English BIP-39 word list",
            },
        )
        .curve(secp),
        case(
            "mnemonic: SLIP-10 non-hardened step",
            ABANDON_ABOUT,
            F::Mnemonic,
            Slip10NonHardened { segment: 4 },
        )
        .curve(ed)
        .path("m/44'/501'/0'/0"),
        case(
            "mnemonic: no curve",
            ABANDON_ABOUT,
            F::Mnemonic,
            CurveRequired { format: "mnemonic" },
        ),
        case(
            "mnemonic: stark",
            ABANDON_ABOUT,
            F::Mnemonic,
            CurveMismatch {
                format: "mnemonic",
                curve: "stark",
            },
        )
        .curve(stark),
        case(
            "mnemonic: empty path step",
            ABANDON_ABOUT,
            F::Mnemonic,
            InvalidPath {
                reason: "a step is empty (two slashes, or a slash at the end)",
            },
        )
        .curve(secp)
        .path("m/44'//0"),
        case(
            "mnemonic: index 2^31",
            ABANDON_ABOUT,
            F::Mnemonic,
            InvalidPath {
                reason: "an index must be below 2^31",
            },
        )
        .curve(secp)
        .path("m/2147483648"),
        case(
            "mnemonic: path step not a number",
            ABANDON_ABOUT,
            F::Mnemonic,
            InvalidPath {
                reason: "a step is not a decimal number with an optional ' (or h) after it",
            },
        )
        .curve(secp)
        .path("m/44'/x"),
        // xprv (BIP-32 test vector 5 and friends)
        case(
            "xprv: invalid checksum",
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL",
            F::Xprv,
            ChecksumMismatch {
                what: "extended key",
            },
        ),
        case(
            "xprv: private key 0",
            "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzF93Y5wvzdUayhgkkFoicQZcP3y52uPPxFnfoLZB21Teqt1VvEHx",
            F::Xprv,
            ZeroScalar,
        ),
        case(
            "xprv: private key n",
            "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD5SDKr24z3aiUvKr9bJpdrcLg1y3G",
            F::Xprv,
            ScalarOutOfRange { curve: "secp256k1" },
        ),
        case(
            "xprv: zero depth, non-zero parent fingerprint",
            "xprv9s2SPatNQ9Vc6GTbVMFPFo7jsaZySyzk7L8n2uqKXJen3KUmvQNTuLh3fhZMBoG3G4ZW1N2kZuHEPY53qmbZzCHshoQnNf4GvELZfqTUrcv",
            F::Xprv,
            InvalidExtendedKey {
                reason: "zero depth with a non-zero parent fingerprint",
            },
        ),
        case(
            "xprv: zero depth, non-zero index",
            "xprv9s21ZrQH4r4TsiLvyLXqM9P7k1K3EYhA1kkD6xuquB5i39AU8KF42acDyL3qsDbU9NmZn6MsGSUYZEsuoePmjzsB3eFKSUEh3Gu1N3cqVUN",
            F::Xprv,
            InvalidExtendedKey {
                reason: "zero depth with a non-zero child index",
            },
        ),
        case(
            "xprv: unknown version",
            "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHGMQzT7ayAmfo4z3gY5KfbrZWZ6St24UVf2Qgo6oujFktLHdHY4",
            F::Xprv,
            UnknownVersion {
                what: "extended key",
                version: 0x0101_0101,
                expected: "0x0488ade4 (xprv) or 0x04358394 (tprv)",
            },
        ),
        case(
            "xprv: prvkey version / pubkey data",
            "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGTQQD3dC4H2D5GBj7vWvSQaaBv5cxi9gafk7NF3pnBju6dwKvH",
            F::Xprv,
            InvalidExtendedKey {
                reason: "the key data of a private extended key must start with 0x00",
            },
        ),
        case(
            "xprv: prvkey prefix 04",
            "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGpWnsj83BHtEy5Zt8CcDr1UiRXuWCmTQLxEK9vbz5gPstX92JQ",
            F::Xprv,
            InvalidExtendedKey {
                reason: "the key data of a private extended key must start with 0x00",
            },
        ),
        case(
            "xprv: prvkey prefix 01",
            "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD9y5gkZ6Eq3Rjuahrv17fEQ3Qen6J",
            F::Xprv,
            InvalidExtendedKey {
                reason: "the key data of a private extended key must start with 0x00",
            },
        ),
        case(
            "xprv: an xpub",
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
            F::Xprv,
            InvalidExtendedKey {
                reason: "this is an extended public key (xpub/tpub); the private key (xprv/tprv) is needed",
            },
        ),
        case(
            "xprv: truncated",
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMP",
            F::Xprv,
            ChecksumMismatch {
                what: "extended key",
            },
        ),
        // auto
        case(
            "auto: 64 hex digits, no curve",
            KEY,
            F::Auto,
            AmbiguousFormat {
                candidates: vec!["hex", "ed25519-seed", "ed25519-scalar", "stark"],
            },
        ),
        case(
            "auto: 64 hex digits on ed25519",
            KEY,
            F::Auto,
            AmbiguousFormat {
                candidates: vec!["ed25519-seed", "ed25519-scalar"],
            },
        )
        .curve(ed),
        case(
            "hex on ed25519: seed or scalar must be named",
            KEY,
            F::Hex,
            Ed25519FormatRequired,
        )
        .curve(ed),
        case(
            "ed25519-scalar: on another curve",
            KEY,
            F::Ed25519Scalar,
            CurveMismatch {
                format: "ed25519-scalar",
                curve: "secp256k1",
            },
        )
        .curve(secp),
        case(
            "auto: a signers file given as the key",
            format!(
                r#"{{"clusters":[{{"clusterId":"c","signers":[{{"signerId":"AQ==","encryptionKey":"{KEY}"}}]}}]}}"#
            ),
            F::Auto,
            JsonNotAKey {
                looks_like: "a ListSigners response (a signers file)",
            },
        ),
        case(
            "auto: an export context given as the key",
            format!("{{\n  \"envelope\": \"hpke-v1\",\n  \"decryptionKey\": \"{KEY}\"\n}}\n"),
            F::Auto,
            JsonNotAKey {
                looks_like: "an export context or a signer key file",
            },
        ),
        case(
            "auto: unrecognised",
            "not-a-key-at-all!",
            F::Auto,
            UnrecognizedFormat,
        ),
        case(
            "auto: base58 of an unknown size",
            "3mJr7AoUXx2Wqd",
            F::Auto,
            UnrecognizedFormat,
        ),
        case(
            "auto: WIF detected, curve mismatch",
            WIF_VALID,
            F::Auto,
            CurveMismatch {
                format: "wif",
                curve: "stark",
            },
        )
        .curve(stark),
        case(
            "auto: WIF detected, bad checksum",
            format!("{}8", &WIF_VALID[..WIF_VALID.len() - 1]),
            F::Auto,
            ChecksumMismatch { what: "WIF key" },
        ),
        case(
            "auto: seed hex on ed25519 is still ambiguous with 0x",
            format!("0x{KEY}"),
            F::Auto,
            AmbiguousFormat {
                candidates: vec!["ed25519-seed", "ed25519-scalar"],
            },
        )
        .curve(ed),
        case(
            "auto: mnemonic with a bad word",
            ABANDON_ABOUT.replace("about", "abou"),
            F::Auto,
            MnemonicUnknownWord { position: 12 },
        )
        .curve(secp),
    ]
}

#[test]
fn malformed_inputs_give_their_exact_errors_without_echoing_the_input() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    for c in cases {
        let options = ParseOptions {
            curve: c.curve,
            passphrase: c.passphrase.map(|p| Zeroizing::new(p.into())),
            path: c.path.map(Into::into),
        };
        let err = match parse_key(&c.input, c.format, &options) {
            Ok(k) => panic!("{}: parsed as {k:?}", c.label),
            Err(e) => e,
        };
        assert_eq!(err, c.expected, "{}", c.label);
        assert_not_echoed(c.label, &c.input, &err.to_string());
        assert_not_echoed(c.label, &c.input, &format!("{err:?}"));
        // The same through the bytes entry point.
        let again = parse_key_bytes(c.input.as_bytes(), c.format, &options).unwrap_err();
        assert_eq!(again, c.expected, "{} (bytes)", c.label);
    }
}

#[test]
fn input_that_is_not_utf8_is_rejected() {
    let err = parse_key_bytes(
        &[0xff, 0xfe, 0x41],
        KeyFormat::Auto,
        &ParseOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::InvalidEncoding {
            what: "key input",
            expected: "UTF-8 text"
        }
    );
}

#[test]
fn unknown_format_and_hex_digit_hint() {
    assert_eq!(
        "base64".parse::<KeyFormat>().unwrap_err(),
        Error::UnknownFormat("base64".into())
    );
    for f in KeyFormat::ALL {
        assert_eq!(f.as_str().parse::<KeyFormat>().unwrap(), f);
    }
    let short = Error::HexDigits {
        expected: 64,
        actual: 63,
    };
    assert!(short.to_string().contains("leading zeros"));
    let long = Error::HexDigits {
        expected: 64,
        actual: 66,
    };
    assert!(!long.to_string().contains("leading zeros"));
}

#[test]
fn hardened_public_derivation_is_refused() {
    let public =
        hex::decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798").unwrap();
    let path: DerivationPath = "m/0/1'/2".parse().unwrap();
    let err = derive_public_child(&public, &[7u8; 32], &path).unwrap_err();
    assert_eq!(err, Error::HardenedPublicDerivation { segment: 2 });
    assert!(err.to_string().contains("threshold key"));
    // And bad public keys.
    assert_eq!(
        derive_public_child(&public[..32], &[7u8; 32], &"m/0".parse().unwrap()).unwrap_err(),
        Error::PointLength {
            curve: "secp256k1",
            actual: 32
        }
    );
    // x = 5 is not the x-coordinate of any secp256k1 point (5^3 + 7 is not a square).
    let mut off_curve = vec![0x02];
    off_curve.extend_from_slice(&[0u8; 31]);
    off_curve.push(5);
    assert_eq!(
        derive_public_child(&off_curve, &[7u8; 32], &"m/0".parse().unwrap()).unwrap_err(),
        Error::InvalidPoint { curve: "secp256k1" }
    );
}

#[test]
fn output_functions_reject_invalid_scalars() {
    let zero = [0u8; 32];
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    assert_eq!(
        encode_wif(&zero, keyport::keys::Network::Mainnet).unwrap_err(),
        Error::ZeroScalar
    );
    let mut big = [0xffu8; 32];
    assert_eq!(
        ed25519_sign_with_scalar(&big, b"m", &mut rng).unwrap_err(),
        Error::ScalarOutOfRange { curve: "ed25519" }
    );
    big[0] = 0;
    assert_eq!(
        starknet_public_key(&big).unwrap_err(),
        Error::PointLength {
            curve: "stark",
            actual: 32
        }
    );
    let mut x_too_big = vec![0x02];
    x_too_big.extend_from_slice(&[0xff; 32]);
    assert_eq!(
        starknet_public_key(&x_too_big).unwrap_err(),
        Error::InvalidPoint { curve: "stark" }
    );
}

#[test]
fn raw_key_bytes_refuse_what_they_cannot_mean() {
    let opts = |curve, passphrase: Option<&str>, path: Option<&str>| ParseOptions {
        curve,
        passphrase: passphrase.map(|p| Zeroizing::new(p.to_string())),
        path: path.map(str::to_string),
    };
    let key = [0x11u8; 32];
    let secp = Some(CurveId::Secp256k1);
    let cases: [(&[u8], KeyFormat, ParseOptions, Error); 8] = [
        (
            &key,
            KeyFormat::Hex,
            opts(secp, Some("x"), None),
            Error::OptionNotApplicable {
                option: "passphrase",
                format: "raw key bytes",
            },
        ),
        (
            &key,
            KeyFormat::Auto,
            opts(secp, None, Some("m/0")),
            Error::OptionNotApplicable {
                option: "path",
                format: "raw key bytes",
            },
        ),
        (
            &key,
            KeyFormat::Wif,
            opts(secp, None, None),
            Error::KeyFormatIsText { format: "wif" },
        ),
        (
            &key[..31],
            KeyFormat::Hex,
            opts(secp, None, None),
            Error::KeyLength {
                what: "private key bytes",
                expected: 32,
                actual: 31,
            },
        ),
        (
            &key,
            KeyFormat::Auto,
            opts(None, None, None),
            Error::CurveRequired {
                format: "raw key bytes",
            },
        ),
        (
            &key,
            KeyFormat::Hex,
            opts(Some(CurveId::Ed25519), None, None),
            Error::Ed25519FormatRequired,
        ),
        (
            &key,
            KeyFormat::Ed25519Seed,
            opts(Some(CurveId::Stark), None, None),
            Error::CurveMismatch {
                format: "ed25519-seed",
                curve: "stark",
            },
        ),
        (
            &[0u8; 32],
            KeyFormat::Hex,
            opts(secp, None, None),
            Error::ZeroScalar,
        ),
    ];
    for (bytes, format, options, expected) in cases {
        let err = parse_raw_key(bytes, format, &options).unwrap_err();
        assert_eq!(err, expected, "{format:?}");
        assert!(!format!("{err} {err:?}").contains("1111111111"));
    }
    // The accepted forms give the key the text forms give (0x01…: below the stark order).
    let key = [0x01u8; 32];
    let hex = "01".repeat(32);
    for (format, curve) in [
        (KeyFormat::Hex, secp),
        (KeyFormat::Auto, Some(CurveId::Stark)),
        (KeyFormat::Ed25519Seed, None),
        (KeyFormat::Ed25519Scalar, Some(CurveId::Ed25519)),
    ] {
        let text_format = if format == KeyFormat::Auto {
            KeyFormat::Hex
        } else {
            format
        };
        let from_bytes = parse_raw_key(&key, format, &opts(curve, None, None)).unwrap();
        let from_text = parse_key(&hex, text_format, &opts(curve, None, None)).unwrap();
        assert_eq!(
            from_bytes.public_key(),
            from_text.public_key(),
            "{format:?}"
        );
    }
}
