//! Known-answer tests for the key formats, with values taken from the standards themselves
//! (RFC 8032, BIP-32, BIP-39's Trezor vectors, SLIP-10, BIP-86) and from solana-web3.js's
//! own keypair tests.

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use keyport::CurveId;
use keyport::hazmat::curve::ed25519::seed_to_scalar;
use keyport::hazmat::curve::{Curve, Ed25519};
use keyport::keys::{
    Addresses, DerivationPath, ED25519_SCALAR_NOTICE, ExtendedPrivateKey, KeyFormat, Network,
    ParseOptions, ParsedKey, Slip10Ed25519Key, bitcoin_p2pkh, bitcoin_p2tr, bitcoin_p2wpkh,
    derive_public_child, ed25519_sign_with_scalar, encode_hex_scalar, encode_solana_keypair_base58,
    encode_solana_keypair_json, encode_wif, ethereum_address, mnemonic_to_seed, parse_key,
    parse_wif, solana_address, starknet_public_key, taproot_output_key,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use zeroize::Zeroizing;

fn h32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s, &mut out).unwrap();
    out
}

fn opts(curve: Option<CurveId>) -> ParseOptions {
    ParseOptions {
        curve,
        ..ParseOptions::default()
    }
}

fn opts_path(curve: Option<CurveId>, path: &str) -> ParseOptions {
    ParseOptions {
        curve,
        path: Some(path.into()),
        ..ParseOptions::default()
    }
}

// ---------------------------------------------------------------------------------------
// RFC 8032 §7.1, TEST 1-3: seed -> public key.

const RFC8032: [(&str, &str); 3] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    ),
];

#[test]
fn rfc8032_seed_to_scalar_to_public_key() {
    for (seed_hex, public_hex) in RFC8032 {
        let seed = h32(seed_hex);
        let key = parse_key(seed_hex, KeyFormat::Ed25519Seed, &opts(None)).unwrap();
        assert_eq!(key.curve(), CurveId::Ed25519);
        assert_eq!(key.ed25519_seed(), Some(&seed));
        // G·scalar is the RFC's public key...
        assert_eq!(hex::encode(key.public_key().unwrap()), public_hex);
        // ...and so is ed25519-dalek's, from the seed.
        let signing = SigningKey::from_bytes(&seed);
        assert_eq!(
            signing.verifying_key().to_bytes().to_vec(),
            key.public_key().unwrap()
        );
        // The shared scalar is dalek's clamped, reduced scalar, written big-endian.
        let mut dalek_be = signing.to_scalar().to_bytes();
        dalek_be.reverse();
        assert_eq!(key.secret_bytes(), &dalek_be);
        assert_eq!(
            Ed25519::scalar_to_be_bytes(&seed_to_scalar(&seed).unwrap()),
            dalek_be
        );
        // The scalar alone, as ed25519-scalar, gives the same public key (bare hex is refused
        // on ed25519: seed or scalar must be named).
        let scalar_hex = encode_hex_scalar(key.secret_bytes());
        let again = parse_key(&scalar_hex, KeyFormat::Ed25519Scalar, &opts(None)).unwrap();
        assert_eq!(again.public_key().unwrap(), key.public_key().unwrap());
        assert_eq!(again.ed25519_seed(), None);
    }
}

#[test]
fn ed25519_scalar_signatures_verify_under_the_seed_public_key() {
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    for (seed_hex, public_hex) in RFC8032 {
        let key = parse_key(seed_hex, KeyFormat::Ed25519Seed, &opts(None)).unwrap();
        let public = VerifyingKey::from_bytes(&h32(public_hex)).unwrap();
        let message = b"keyport: signed with the exported scalar";
        let sig = ed25519_sign_with_scalar(key.secret_bytes(), message, &mut rng).unwrap();
        let sig = Signature::from_bytes(&sig);
        public.verify_strict(message, &sig).unwrap();
        assert!(public.verify_strict(b"another message", &sig).is_err());
        // A fresh prefix each time: a second signature differs and verifies too.
        let sig2 = ed25519_sign_with_scalar(key.secret_bytes(), message, &mut rng).unwrap();
        assert_ne!(sig.to_bytes(), sig2);
        public
            .verify_strict(message, &Signature::from_bytes(&sig2))
            .unwrap();
    }
    assert!(ED25519_SCALAR_NOTICE.contains("not a seed"));
    assert!(ED25519_SCALAR_NOTICE.contains("No wallet can import"));
}

// ---------------------------------------------------------------------------------------
// BIP-32 test vectors 1, 2 and 3.

const TV1_SEED: &str = "000102030405060708090a0b0c0d0e0f";
const TV1: [(&str, &str, &str); 4] = [
    (
        "m",
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
    ),
    (
        "m/0H",
        "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7",
        "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
    ),
    (
        "m/0H/1",
        "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs",
        "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
    ),
    (
        "m/0H/1/2H/2/1000000000",
        "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76",
        "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
    ),
];

const TV2_SEED: &str = "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542";
const TV2: [(&str, &str, &str); 3] = [
    (
        "m",
        "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U",
        "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB",
    ),
    (
        "m/0",
        "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt",
        "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
    ),
    (
        "m/0/2147483647H",
        "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9",
        "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
    ),
];

/// Vector 3 (retention of leading zeros).
const TV3_SEED: &str = "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be";
const TV3: [(&str, &str, &str); 2] = [
    (
        "m",
        "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6",
        "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ1Z3GC8vBgp2epUt13",
    ),
    (
        "m/0H",
        "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L",
        "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y",
    ),
];

/// The key data and chain code inside an `xpub` (test helper; Base58Check verified).
fn xpub_parts(xpub: &str) -> ([u8; 33], [u8; 32]) {
    use sha2::{Digest, Sha256};
    let raw = bs58::decode(xpub).into_vec().unwrap();
    assert_eq!(raw.len(), 82);
    let (data, checksum) = raw.split_at(78);
    assert_eq!(&Sha256::digest(Sha256::digest(data))[..4], checksum);
    (
        data[45..78].try_into().unwrap(),
        data[13..45].try_into().unwrap(),
    )
}

fn check_bip32_vector(seed_hex: &str, chain: &[(&str, &str, &str)]) {
    let seed = hex::decode(seed_hex).unwrap();
    let master = ExtendedPrivateKey::from_seed(&seed).unwrap();
    let master_xprv = chain[0].1;
    for (path, xprv, xpub) in chain {
        let path_parsed: DerivationPath = path.parse().unwrap();
        // From the seed.
        let node = master.derive_path(&path_parsed).unwrap();
        assert_eq!(
            node.to_base58(Network::Mainnet).unwrap().as_str(),
            *xprv,
            "{path}"
        );
        let (xpub_key, xpub_chain) = xpub_parts(xpub);
        assert_eq!(node.public_key().unwrap(), xpub_key, "{path}");
        assert_eq!(node.chain_code(), &xpub_chain, "{path}");
        // From the master xprv, with the path.
        let key = parse_key(master_xprv, KeyFormat::Xprv, &opts_path(None, path)).unwrap();
        assert_eq!(key.secret_bytes(), node.secret_bytes(), "{path}");
        assert_eq!(key.chain_code(), Some(&xpub_chain), "{path}");
        // The child's own xprv parses to the same key and serializes back unchanged.
        let (parsed, network) = ExtendedPrivateKey::from_base58(xprv).unwrap();
        assert_eq!(network, Network::Mainnet);
        assert_eq!(parsed.secret_bytes(), node.secret_bytes());
        assert_eq!(parsed.depth(), path_parsed.len() as u8);
        assert_eq!(parsed.to_base58(Network::Mainnet).unwrap().as_str(), *xprv);
        let by_auto = parse_key(xprv, KeyFormat::Auto, &opts(None)).unwrap();
        assert_eq!(by_auto.secret_bytes(), node.secret_bytes());
    }
}

#[test]
fn bip32_test_vector_1() {
    check_bip32_vector(TV1_SEED, &TV1);
}

#[test]
fn bip32_test_vector_2() {
    check_bip32_vector(TV2_SEED, &TV2);
}

#[test]
fn bip32_test_vector_3_leading_zeros() {
    check_bip32_vector(TV3_SEED, &TV3);
}

#[test]
fn bip32_ckdpub_matches_the_standard_xpubs() {
    // Vector 1: m/0H (xpub) -> normal child 1 is m/0H/1.
    let (k, c) = xpub_parts(TV1[1].2);
    let child = derive_public_child(&k, &c, &"m/1".parse().unwrap()).unwrap();
    assert_eq!((child.public_key, child.chain_code), xpub_parts(TV1[2].2));
    // Vector 2: m (xpub) -> normal child 0 is m/0.
    let (k, c) = xpub_parts(TV2[0].2);
    let child = derive_public_child(&k, &c, &"m/0".parse().unwrap()).unwrap();
    assert_eq!((child.public_key, child.chain_code), xpub_parts(TV2[1].2));
    // Vector 1: m/0H/1/2H -> 2/1000000000, two normal steps at once; the tweak is what the
    // private side adds.
    let seed = hex::decode(TV1_SEED).unwrap();
    let master = ExtendedPrivateKey::from_seed(&seed).unwrap();
    let parent = master.derive_path(&"m/0'/1/2'".parse().unwrap()).unwrap();
    let child = derive_public_child(
        &parent.public_key().unwrap(),
        parent.chain_code(),
        &"m/2/1000000000".parse().unwrap(),
    )
    .unwrap();
    assert_eq!((child.public_key, child.chain_code), xpub_parts(TV1[3].2));
    let child_private = parent
        .derive_path(&"2/1000000000".parse().unwrap())
        .unwrap();
    let sum = keyport_add_mod_n(parent.secret_bytes(), &child.tweak);
    assert_eq!(&sum, child_private.secret_bytes());
}

/// `a + b mod n` on secp256k1 (test helper, via k256).
fn keyport_add_mod_n(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    use k256::elliptic_curve::ff::PrimeField;
    let a = k256::Scalar::from_repr((*a).into()).unwrap();
    let b = k256::Scalar::from_repr((*b).into()).unwrap();
    (a + b).to_repr().into()
}

// ---------------------------------------------------------------------------------------
// BIP-39: Trezor's vectors.json (passphrase "TREZOR"): mnemonic -> seed -> master xprv.

const TREZOR: [(&str, &str, &str); 5] = [
    (
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
        "xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF",
    ),
    (
        "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
        "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069",
        "xprv9s21ZrQH143K2V4oox4M8Zmhi2Fjx5XK4Lf7GKRvPSgydU3mjZuKGCTg7UPiBUD7ydVPvSLtg9hjp7MQTYsW67rZHAXeccqYqrsx8LcXnyd",
    ),
    (
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
        "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8",
        "xprv9s21ZrQH143K32qBagUJAMU2LsHg3ka7jqMcV98Y7gVeVyNStwYS3U7yVVoDZ4btbRNf4h6ibWpY22iRmXq35qgLs79f312g2kj5539ebPM",
    ),
    (
        "gravity machine north sort system female filter attitude volume fold club stay feature office ecology stable narrow fog",
        "628c3827a8823298ee685db84f55caa34b5cc195a778e52d45f59bcf75aba68e4d7590e101dc414bc1bbd5737666fbbef35d1f1903953b66624f910feef245ac",
        "xprv9s21ZrQH143K3uT8eQowUjsxrmsA9YUuQQK1RLqFufzybxD6DH6gPY7NjJ5G3EPHjsWDrs9iivSbmvjc9DQJbJGatfa9pv4MZ3wjr8qWPAK",
    ),
    (
        "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis maple dilemma loan word shrug inflict delay length",
        "64c87cde7e12ecf6704ab95bb1408bef047c22db4cc7491c4271d170a1b213d20b385bc1588d9c7b38f1b39d415665b8a9030c9ec653d75e65f847d8fc1fc440",
        "xprv9s21ZrQH143K2XTAhys3pMNcGn261Fi5Ta2Pw8PwaVPhg3D8DWkzWQwjTJfskj8ofb81i9NP2cUNKxwjueJHHMQAnxtivTA75uUFqPFeWzk",
    ),
];

#[test]
fn bip39_trezor_vectors() {
    for (words, seed_hex, xprv) in TREZOR {
        let seed = mnemonic_to_seed(words, "TREZOR").unwrap();
        assert_eq!(hex::encode(*seed), seed_hex);
        let master = ExtendedPrivateKey::from_seed(&*seed).unwrap();
        assert_eq!(master.to_base58(Network::Mainnet).unwrap().as_str(), xprv);
        // Through parse_key: the master key itself (path m), chain code included.
        let options = ParseOptions {
            curve: Some(CurveId::Secp256k1),
            passphrase: Some(Zeroizing::new("TREZOR".into())),
            path: Some("m".into()),
        };
        let key = parse_key(words, KeyFormat::Mnemonic, &options).unwrap();
        assert_eq!(key.secret_bytes(), master.secret_bytes());
        assert_eq!(key.chain_code(), Some(master.chain_code()));
        // Messy whitespace and capitals read the same.
        let messy = alloc_messy(words);
        let again = parse_key(&messy, KeyFormat::Auto, &options).unwrap();
        assert_eq!(again.secret_bytes(), master.secret_bytes());
    }
}

fn alloc_messy(words: &str) -> String {
    let mut s = String::from("\n  ");
    for (i, w) in words.split(' ').enumerate() {
        if i % 3 == 0 {
            s.push_str(&w.to_uppercase());
        } else {
            s.push_str(w);
        }
        s.push_str(if i % 2 == 0 { " \t" } else { "  \n" });
    }
    s
}

#[cfg(feature = "nfkd")]
#[test]
fn bip39_passphrase_is_nfkd_normalised() {
    let words = TREZOR[0].0;
    // "é" precomposed (NFC) and decomposed (NFD) are the same passphrase under NFKD.
    let nfc = mnemonic_to_seed(words, "caf\u{e9}").unwrap();
    let nfd = mnemonic_to_seed(words, "cafe\u{301}").unwrap();
    assert_eq!(*nfc, *nfd);
    assert_ne!(*nfc, *mnemonic_to_seed(words, "cafe").unwrap());
}

#[cfg(not(feature = "nfkd"))]
#[test]
fn bip39_non_ascii_passphrase_needs_nfkd() {
    let words = TREZOR[0].0;
    assert!(matches!(
        mnemonic_to_seed(words, "caf\u{e9}"),
        Err(keyport::Error::InvalidEncoding { .. })
    ));
    assert!(mnemonic_to_seed(words, "TREZOR").is_ok());
}

// ---------------------------------------------------------------------------------------
// SLIP-10, test vector 1 for ed25519 (seed 000102...0f). Public keys carry a 0x00 prefix
// there.

const SLIP10_TV1: [(&str, &str, &str, &str); 4] = [
    (
        "m",
        "90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb",
        "2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7",
        "00a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed",
    ),
    (
        "m/0H",
        "8b59aa11380b624e81507a27fedda59fea6d0b779a778918a2fd3590e16e9c69",
        "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3",
        "008c8a13df77a28f3445213a0f432fde644acaa215fc72dcdf300d5efaa85d350c",
    ),
    (
        "m/0H/1H",
        "a320425f77d1b5c2505a6b1b27382b37368ee640e3557c315416801243552f14",
        "b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2",
        "001932a5270f335bed617d5b935c80aedb1a35bd9fc1e31acafd5372c30f5c1187",
    ),
    (
        "m/0H/1H/2H/2H/1000000000H",
        "68789923a0cac2cd5a29172a475fe9e0fb14cd6adb5ad98a3fa70333e7afa230",
        "8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793",
        "003c24da049451555d51a7014a37337aa4e12d41e485abccfa46b47dfb2af54b7a",
    ),
];

#[test]
fn slip10_ed25519_vector_1() {
    let seed = hex::decode(TV1_SEED).unwrap();
    let master = Slip10Ed25519Key::from_seed(&seed).unwrap();
    for (path, chain_code, private, public) in SLIP10_TV1 {
        let node = master.derive_path(&path.parse().unwrap()).unwrap();
        assert_eq!(hex::encode(node.chain_code()), chain_code, "{path}");
        assert_eq!(hex::encode(node.seed()), private, "{path}");
        let key = node.to_parsed_key().unwrap();
        assert_eq!(
            format!("00{}", hex::encode(key.public_key().unwrap())),
            public,
            "{path}"
        );
        assert_eq!(key.chain_code(), None);
    }
}

// ---------------------------------------------------------------------------------------
// secp256k1 key 1, WIF, and addresses.

const KEY_ONE: &str = "0000000000000000000000000000000000000000000000000000000000000001";

#[test]
fn secp256k1_key_one() {
    let key = parse_key(KEY_ONE, KeyFormat::Hex, &opts(Some(CurveId::Secp256k1))).unwrap();
    let public = key.public_key().unwrap();
    assert_eq!(
        hex::encode(&public),
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    );
    assert_eq!(
        ethereum_address(&public).unwrap(),
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    );
    assert_eq!(
        bitcoin_p2wpkh(&public, Network::Mainnet).unwrap(),
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    );
    // BIP-173's testnet example has the same witness program.
    assert_eq!(
        bitcoin_p2wpkh(&public, Network::Testnet).unwrap(),
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
    );
    assert_eq!(
        bitcoin_p2pkh(&public, Network::Mainnet).unwrap(),
        "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"
    );
    let wif = encode_wif(key.secret_bytes(), Network::Mainnet).unwrap();
    assert_eq!(
        wif.as_str(),
        "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
    );
    assert_eq!(
        encode_wif(key.secret_bytes(), Network::Testnet)
            .unwrap()
            .as_str(),
        "cMahea7zqjxrtgAbB7LSGbcQUr1uX1ojuat9jZodMN87JcbXMTcA"
    );
    // Uncompressed mainnet WIF of the same key.
    let decoded = parse_wif("5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf").unwrap();
    assert_eq!(decoded.key.secret_bytes(), key.secret_bytes());
    assert!(!decoded.compressed);
    assert_eq!(decoded.network, Network::Mainnet);
    // The uncompressed public key gives the same Ethereum address.
    let uncompressed = hex::decode(
        "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\
         483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
    )
    .unwrap();
    assert_eq!(
        ethereum_address(&uncompressed).unwrap(),
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    );
    let all = Addresses::from_public_key(CurveId::Secp256k1, &uncompressed).unwrap();
    assert_eq!(all.public_key, hex::encode(&public));
    assert_eq!(
        all.bitcoin_p2wpkh.as_deref(),
        Some("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
    );
    assert_eq!(all.solana, None);
    assert_eq!(all.starknet, None);
}

#[test]
fn wif_bitcoin_wiki_example() {
    // The Bitcoin wiki's WIF example (uncompressed, mainnet).
    let decoded = parse_wif("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ").unwrap();
    assert_eq!(
        hex::encode(decoded.key.secret_bytes()),
        "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d"
    );
    let testnet = parse_wif("cMahea7zqjxrtgAbB7LSGbcQUr1uX1ojuat9jZodMN87JcbXMTcA").unwrap();
    assert_eq!(testnet.network, Network::Testnet);
    assert!(testnet.compressed);
    assert_eq!(hex::encode(testnet.key.secret_bytes()), KEY_ONE);
}

// ---------------------------------------------------------------------------------------
// BIP-86 (taproot, single key).

const ABANDON_ABOUT: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

#[test]
fn bip86_vector() {
    let seed = mnemonic_to_seed(ABANDON_ABOUT, "").unwrap();
    let root = ExtendedPrivateKey::from_seed(&*seed).unwrap();
    assert_eq!(
        root.to_base58(Network::Mainnet).unwrap().as_str(),
        "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu"
    );
    let account = root.derive_path(&"m/86'/0'/0'".parse().unwrap()).unwrap();
    assert_eq!(
        account.to_base58(Network::Mainnet).unwrap().as_str(),
        "xprv9xgqHN7yz9MwCkxsBPN5qetuNdQSUttZNKw1dcYTV4mkaAFiBVGQziHs3NRSWMkCzvgjEe3n9xV8oYywvM8at9yRqyaZVz6TYYhX98VjsUk"
    );
    for (path, internal, output, address) in [
        (
            "m/86'/0'/0'/0/0",
            "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115",
            "a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c",
            "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
        ),
        (
            "m/86'/0'/0'/0/1",
            "83dfe85a3151d2517290da461fe2815591ef69f2b18a2ce63f01697a8b313145",
            "a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb",
            "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh",
        ),
        (
            "m/86'/0'/0'/1/0",
            "399f1b2f4393f29a18c937859c5dd8a77350103157eb880f02e8c08214277cef",
            "882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc",
            "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7",
        ),
    ] {
        let options = opts_path(Some(CurveId::Secp256k1), path);
        let key = parse_key(ABANDON_ABOUT, KeyFormat::Mnemonic, &options).unwrap();
        let public = key.public_key().unwrap();
        assert_eq!(hex::encode(&public[1..]), internal, "{path}");
        assert_eq!(
            hex::encode(taproot_output_key(&public).unwrap()),
            output,
            "{path}"
        );
        assert_eq!(
            bitcoin_p2tr(&public, Network::Mainnet).unwrap(),
            address,
            "{path}"
        );
        // The same child from the account key's public side (CKDpub).
        let rest: DerivationPath = path.trim_start_matches("m/86'/0'/0'/").parse().unwrap();
        let child =
            derive_public_child(&account.public_key().unwrap(), account.chain_code(), &rest)
                .unwrap();
        assert_eq!(child.public_key.to_vec(), public, "{path}");
    }
}

// ---------------------------------------------------------------------------------------
// Solana: solana-web3.js test/keypair.test.ts ("create keypair from secret key": the base64
// secret key there, as bytes; and "generate keypair from random seed": seed [8; 32]).

const WEB3_SECRET_KEY: [u8; 64] = [
    153, 218, 149, 89, 225, 94, 145, 62, 233, 171, 46, 83, 227, 223, 173, 87, 93, 163, 59, 73, 190,
    17, 37, 187, 146, 46, 51, 73, 79, 73, 136, 40, 27, 47, 73, 9, 110, 62, 93, 189, 15, 207, 169,
    192, 192, 205, 146, 217, 171, 59, 33, 84, 75, 52, 213, 221, 74, 101, 217, 139, 135, 139, 153,
    34,
];
const WEB3_PUBLIC: &str = "2q7pyhPwAwZ3QMfZrnAbDhnh9mDUqycszcpf86VgQxhF";
/// base58 of `WEB3_SECRET_KEY`, as a wallet exports it.
const WEB3_BASE58: &str =
    "45QmaP6zVBfDPLWrbtaMiVFKbRLPwwAqXHiDkx2FcUHZoV1uU6uB8cZyGBKQbiExXyyzghaE65THFi2h8mSwkFuj";

#[test]
fn solana_web3js_keypair() {
    let json = format!("[{}]", WEB3_SECRET_KEY.map(|b| b.to_string()).join(", "));
    for (text, format) in [
        (json.as_str(), KeyFormat::Solana),
        (WEB3_BASE58, KeyFormat::Solana),
        (json.as_str(), KeyFormat::Auto),
        (WEB3_BASE58, KeyFormat::Auto),
    ] {
        let key = parse_key(text, format, &opts(None)).unwrap();
        assert_eq!(key.curve(), CurveId::Ed25519);
        assert_eq!(key.ed25519_seed().unwrap()[..], WEB3_SECRET_KEY[..32]);
        let public = key.public_key().unwrap();
        assert_eq!(public[..], WEB3_SECRET_KEY[32..]);
        assert_eq!(solana_address(&public).unwrap(), WEB3_PUBLIC);
        let addresses = Addresses::from_public_key(CurveId::Ed25519, &public).unwrap();
        assert_eq!(addresses.solana.as_deref(), Some(WEB3_PUBLIC));
        assert_eq!(addresses.ethereum, None);
    }
    let seed: [u8; 32] = WEB3_SECRET_KEY[..32].try_into().unwrap();
    assert_eq!(
        encode_solana_keypair_base58(&seed).unwrap().as_str(),
        WEB3_BASE58
    );
    let compact: String = json.chars().filter(|c| *c != ' ').collect();
    assert_eq!(encode_solana_keypair_json(&seed).unwrap().as_str(), compact);

    // Keypair.fromSeed([8; 32]).
    let key = parse_key(&"08".repeat(32), KeyFormat::Ed25519Seed, &opts(None)).unwrap();
    assert_eq!(
        solana_address(&key.public_key().unwrap()).unwrap(),
        "2KW2XRd9kwqet15Aha2oK3tYvd3nWbTFH1MBiRAv1BE1"
    );
}

// ---------------------------------------------------------------------------------------
// StarkNet.

const STARK_KEY: &str = "0x03c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc";

#[test]
fn stark_key_parses_with_and_without_leading_zeros() {
    let key = parse_key(STARK_KEY, KeyFormat::Stark, &opts(None)).unwrap();
    assert_eq!(key.curve(), CurveId::Stark);
    assert_eq!(format!("0x{}", hex::encode(key.secret_bytes())), STARK_KEY);
    let short = parse_key(
        "3c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc",
        KeyFormat::Stark,
        &opts(Some(CurveId::Stark)),
    )
    .unwrap();
    assert_eq!(short.secret_bytes(), key.secret_bytes());
    let auto = parse_key(STARK_KEY, KeyFormat::Auto, &opts(Some(CurveId::Stark))).unwrap();
    assert_eq!(auto.secret_bytes(), key.secret_bytes());
    let as_hex = parse_key(STARK_KEY, KeyFormat::Hex, &opts(Some(CurveId::Stark))).unwrap();
    assert_eq!(as_hex.secret_bytes(), key.secret_bytes());
    // The largest key (n - 1) is accepted.
    let n_minus_1 = "0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2e";
    parse_key(n_minus_1, KeyFormat::Stark, &opts(None)).unwrap();
    // The parsed key's public key gives the known StarkNet public key (the x-coordinate).
    let pk = key.public_key().unwrap();
    assert_eq!(
        starknet_public_key(&pk).unwrap(),
        "0x077a3b314db07c45076d11f62b6f9e748a39790441823307743cf00d6597ea43"
    );
}

#[test]
fn starknet_public_key_is_the_x_coordinate() {
    let x = "077a3b314db07c45076d11f62b6f9e748a39790441823307743cf00d6597ea43";
    let mut compressed = vec![0x03];
    compressed.extend_from_slice(&h32(x));
    assert_eq!(starknet_public_key(&compressed).unwrap(), format!("0x{x}"));
    let addresses = Addresses::from_public_key(CurveId::Stark, &compressed).unwrap();
    assert_eq!(addresses.starknet, Some(format!("0x{x}")));
    assert_eq!(addresses.public_key, hex::encode(&compressed));
}

// ---------------------------------------------------------------------------------------
// Debug output never shows secrets.

#[test]
fn debug_output_is_redacted() {
    let key = parse_key(TV1[0].1, KeyFormat::Xprv, &opts(None)).unwrap();
    let shown = format!("{key:?}");
    assert!(shown.contains("<redacted>"));
    assert!(!shown.contains(&hex::encode(key.secret_bytes())));
    assert!(!shown.contains(&hex::encode(key.chain_code().unwrap())));
    let (xprv, _) = ExtendedPrivateKey::from_base58(TV1[0].1).unwrap();
    assert!(!format!("{xprv:?}").contains(&hex::encode(xprv.secret_bytes())));
    let options = ParseOptions {
        passphrase: Some(Zeroizing::new("hunter2".into())),
        ..ParseOptions::default()
    };
    assert!(!format!("{options:?}").contains("hunter2"));
    let from_seed = ParsedKey::from_ed25519_seed(Zeroizing::new(h32(RFC8032[0].0))).unwrap();
    assert!(!format!("{from_seed:?}").contains(RFC8032[0].0));
}

// ---------------------------------------------------------------------------------------
// auto detection and paths.

#[test]
fn auto_detection() {
    use keyport::keys::detect_format;
    let secp = Some(CurveId::Secp256k1);
    assert_eq!(detect_format(KEY_ONE, secp).unwrap(), KeyFormat::Hex);
    assert_eq!(
        detect_format(STARK_KEY, Some(CurveId::Stark)).unwrap(),
        KeyFormat::Stark
    );
    assert_eq!(
        detect_format("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn", None).unwrap(),
        KeyFormat::Wif
    );
    assert_eq!(
        detect_format("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", None).unwrap(),
        KeyFormat::Wif
    );
    assert_eq!(detect_format(WEB3_BASE58, None).unwrap(), KeyFormat::Solana);
    assert_eq!(detect_format(" [1, 2]", None).unwrap(), KeyFormat::Solana);
    assert_eq!(
        detect_format(ABANDON_ABOUT, None).unwrap(),
        KeyFormat::Mnemonic
    );
    assert_eq!(detect_format(TV1[0].1, None).unwrap(), KeyFormat::Xprv);
    assert_eq!(
        detect_format("BbMQkQYZspmkytduTWvXEtc4mMURjsekJDvty2WtKeSb", None).unwrap(),
        KeyFormat::Ed25519Seed
    );
    // A key on secp256k1 given as hex with auto.
    let key = parse_key(&format!("0x{KEY_ONE}"), KeyFormat::Auto, &opts(secp)).unwrap();
    assert_eq!(hex::encode(key.secret_bytes()), KEY_ONE);
    // The base58 seed above is RFC 8032 TEST 1.
    let key = parse_key(
        "BbMQkQYZspmkytduTWvXEtc4mMURjsekJDvty2WtKeSb",
        KeyFormat::Auto,
        &opts(None),
    )
    .unwrap();
    assert_eq!(hex::encode(key.ed25519_seed().unwrap()), RFC8032[0].0);
}

#[test]
fn derivation_paths() {
    let p: DerivationPath = "m/44'/60h/0H/0/7".parse().unwrap();
    assert_eq!(p.to_string(), "m/44'/60'/0'/0/7");
    assert_eq!(p.len(), 5);
    assert!(p.steps()[2].is_hardened());
    assert_eq!(p.steps()[2].index(), 0);
    assert!(!p.steps()[4].is_hardened());
    assert_eq!(p.steps()[0].raw(), 0x8000_002c);
    assert_eq!(
        "44'/0".parse::<DerivationPath>().unwrap().to_string(),
        "m/44'/0"
    );
    assert!("m".parse::<DerivationPath>().unwrap().is_empty());
    assert_eq!(
        "m/2147483647'".parse::<DerivationPath>().unwrap().steps()[0].raw(),
        u32::MAX
    );
}

/// The default paths give the accounts wallets show for the BIP-39 test phrase (MetaMask's
/// first account, Phantom's first account).
#[test]
fn mnemonic_default_paths_match_wallets() {
    let evm = parse_key(
        ABANDON_ABOUT,
        KeyFormat::Mnemonic,
        &opts(Some(CurveId::Secp256k1)),
    )
    .unwrap();
    assert_eq!(
        ethereum_address(&evm.public_key().unwrap()).unwrap(),
        "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
    );
    assert!(evm.chain_code().is_some());
    let sol = parse_key(
        ABANDON_ABOUT,
        KeyFormat::Mnemonic,
        &opts(Some(CurveId::Ed25519)),
    )
    .unwrap();
    assert_eq!(
        solana_address(&sol.public_key().unwrap()).unwrap(),
        "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk"
    );
    assert!(sol.ed25519_seed().is_some());
    assert_eq!(sol.chain_code(), None);
}
