//! Property tests: format -> parse -> format round trips, and CKDpub agreeing with CKDpriv.

use keyport::CurveId;
use keyport::keys::{
    ChildIndex, DerivationPath, ExtendedPrivateKey, KeyFormat, Network, ParseOptions, ParsedKey,
    derive_public_child, encode_ed25519_seed_base58, encode_ed25519_seed_hex, encode_hex_scalar,
    encode_solana_keypair_base58, encode_solana_keypair_json, encode_wif, parse_key, parse_wif,
};
use proptest::prelude::*;
use zeroize::Zeroizing;

fn opts(curve: Option<CurveId>) -> ParseOptions {
    ParseOptions {
        curve,
        ..ParseOptions::default()
    }
}

/// A valid key on `curve` made from arbitrary bytes (reject the rare invalid ones).
fn key_on(curve: CurveId, mut bytes: [u8; 32]) -> Option<ParsedKey> {
    match curve {
        // Below 2^252 is below L for almost all values; from_scalar checks exactly.
        CurveId::Ed25519 => bytes[0] &= 0x0f,
        CurveId::Stark => bytes[0] &= 0x07,
        CurveId::Secp256k1 => {}
    }
    ParsedKey::from_scalar(curve, Zeroizing::new(bytes)).ok()
}

fn curve_strategy() -> impl Strategy<Value = CurveId> {
    prop_oneof![
        Just(CurveId::Secp256k1),
        Just(CurveId::Ed25519),
        Just(CurveId::Stark)
    ]
}

fn network_strategy() -> impl Strategy<Value = Network> {
    prop_oneof![
        Just(Network::Mainnet),
        Just(Network::Testnet),
        Just(Network::Regtest)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn hex_round_trip(curve in curve_strategy(), bytes in any::<[u8; 32]>(), prefix in any::<bool>(), upper in any::<bool>()) {
        let Some(key) = key_on(curve, bytes) else { return Ok(()) };
        let hex = encode_hex_scalar(key.secret_bytes());
        prop_assert_eq!(hex.len(), 64);
        let mut text = String::from(if prefix { " 0x" } else { "\n" });
        text.push_str(&if upper { hex.to_uppercase() } else { hex.to_string() });
        text.push('\n');
        // ed25519 hex must say it is a scalar (bare hex there is refused).
        let format = if curve == CurveId::Ed25519 { KeyFormat::Ed25519Scalar } else { KeyFormat::Hex };
        let parsed = parse_key(&text, format, &opts(Some(curve))).unwrap();
        prop_assert_eq!(parsed.secret_bytes(), key.secret_bytes());
        prop_assert_eq!(parsed.curve(), curve);
        prop_assert!(encode_hex_scalar(parsed.secret_bytes()).as_str() == hex.as_str());
    }

    #[test]
    fn stark_round_trip_without_leading_zeros(bytes in any::<[u8; 32]>()) {
        let Some(key) = key_on(CurveId::Stark, bytes) else { return Ok(()) };
        prop_assert!(key.secret_bytes() < &keyport::hazmat::curve::stark::ORDER);
        let hex = encode_hex_scalar(key.secret_bytes());
        let trimmed = format!("0x{}", hex.trim_start_matches('0'));
        let parsed = parse_key(&trimmed, KeyFormat::Stark, &opts(None)).unwrap();
        prop_assert_eq!(parsed.secret_bytes(), key.secret_bytes());
    }

    #[test]
    fn wif_round_trip(bytes in any::<[u8; 32]>(), network in network_strategy()) {
        let Some(key) = key_on(CurveId::Secp256k1, bytes) else { return Ok(()) };
        let wif = encode_wif(key.secret_bytes(), network).unwrap();
        let decoded = parse_wif(&wif).unwrap();
        prop_assert_eq!(decoded.key.secret_bytes(), key.secret_bytes());
        prop_assert!(decoded.compressed);
        let expected = if network == Network::Mainnet { Network::Mainnet } else { Network::Testnet };
        prop_assert_eq!(decoded.network, expected);
        prop_assert!(encode_wif(decoded.key.secret_bytes(), network).unwrap().as_str() == wif.as_str());
        let auto = parse_key(&wif, KeyFormat::Auto, &opts(None)).unwrap();
        prop_assert_eq!(auto.secret_bytes(), key.secret_bytes());
    }

    #[test]
    fn solana_round_trip(seed in any::<[u8; 32]>()) {
        let base58 = encode_solana_keypair_base58(&seed).unwrap();
        let json = encode_solana_keypair_json(&seed).unwrap();
        let expected = ParsedKey::from_ed25519_seed(Zeroizing::new(seed)).unwrap();
        for text in [base58.as_str(), json.as_str()] {
            for format in [KeyFormat::Solana, KeyFormat::Auto] {
                let key = parse_key(text, format, &opts(None)).unwrap();
                prop_assert_eq!(key.ed25519_seed(), Some(&seed));
                prop_assert_eq!(key.secret_bytes(), expected.secret_bytes());
                let seed_back = *key.ed25519_seed().unwrap();
                prop_assert!(encode_solana_keypair_base58(&seed_back).unwrap().as_str() == base58.as_str());
                prop_assert!(encode_solana_keypair_json(&seed_back).unwrap().as_str() == json.as_str());
            }
        }
    }

    #[test]
    fn ed25519_seed_round_trip(seed in any::<[u8; 32]>()) {
        let hex = encode_ed25519_seed_hex(&seed);
        let base58 = encode_ed25519_seed_base58(&seed).unwrap();
        for text in [hex.as_str(), base58.as_str()] {
            let key = parse_key(text, KeyFormat::Ed25519Seed, &opts(Some(CurveId::Ed25519))).unwrap();
            prop_assert_eq!(key.ed25519_seed(), Some(&seed));
            prop_assert!(encode_ed25519_seed_hex(key.ed25519_seed().unwrap()).as_str() == hex.as_str());
        }
        // base58 of 32 bytes is unambiguous for auto; 64 hex digits are not.
        let auto = parse_key(&base58, KeyFormat::Auto, &opts(None)).unwrap();
        prop_assert_eq!(auto.ed25519_seed(), Some(&seed));
    }

    #[test]
    fn xprv_round_trip(seed in proptest::collection::vec(any::<u8>(), 16..=64), network in network_strategy()) {
        let master = ExtendedPrivateKey::from_seed(&seed).unwrap();
        let text = master.to_base58(network).unwrap();
        let (parsed, decoded_network) = ExtendedPrivateKey::from_base58(&text).unwrap();
        prop_assert_eq!(parsed.secret_bytes(), master.secret_bytes());
        prop_assert_eq!(parsed.chain_code(), master.chain_code());
        let expected = if network == Network::Mainnet { Network::Mainnet } else { Network::Testnet };
        prop_assert_eq!(decoded_network, expected);
    }

    #[test]
    fn ckdpub_agrees_with_ckdpriv(seed in any::<[u8; 32]>(), steps in proptest::collection::vec(0u32..(1 << 31), 0..4)) {
        let master = ExtendedPrivateKey::from_seed(&seed).unwrap();
        let path = DerivationPath::from_steps(
            steps.iter().map(|i| ChildIndex::normal(*i).unwrap()).collect(),
        ).unwrap();
        let private = master.derive_path(&path).unwrap();
        let public = derive_public_child(&master.public_key().unwrap(), master.chain_code(), &path).unwrap();
        prop_assert_eq!(public.public_key, private.public_key().unwrap());
        prop_assert_eq!(&public.chain_code, private.chain_code());
        // parent + tweak = child, so signers can follow a public derivation with their shares.
        use k256::elliptic_curve::ff::PrimeField;
        let parent = k256::Scalar::from_repr((*master.secret_bytes()).into()).unwrap();
        let tweak = k256::Scalar::from_repr(public.tweak.into()).unwrap();
        let sum: [u8; 32] = (parent + tweak).to_repr().into();
        prop_assert_eq!(&sum, private.secret_bytes());
        // Paths print and parse back.
        prop_assert_eq!(path.to_string().parse::<DerivationPath>().unwrap(), path);
    }
}
