//! Secret hygiene, tested:
//! - the secret-bearing types wipe their memory on drop (observed: the bytes are read back
//!   after an in-place drop), and only types with a real wiping `Drop` claim `ZeroizeOnDrop`;
//! - `Debug` (and `Display`, where there is one) of every secret-bearing value prints no form
//!   of its secret: hex in either case and byte order, base64, base58 or Rust's `[1, 2, ...]`
//!   array form, whole or any 6-byte window of it;
//! - the errors of failing operations on secret input name no secret, in `Display` or `Debug`.

use base64ct::{Base64, Encoding as _};
use keyport::hazmat::SecretScalar;
use keyport::hazmat::build_import_request_with_rng;
use keyport::hazmat::curve::{Ed25519, PointForm, Secp256k1, Stark};
use keyport::hazmat::envelope::{DfnsV1SecretKey, HpkeSecretKey, RecipientKey};
use keyport::hazmat::payload::{dfns_v1 as dfns_payload, hpke_v1};
use keyport::hazmat::sharing::{self, SecretShare};
use keyport::keys::{
    ExtendedPrivateKey, KeyFormat, Network, ParseOptions, ParsedKey, Slip10Ed25519Key, WifKey,
    encode_wif, parse_key, parse_wif,
};
use keyport::signer::{Cluster, Signer, StoredShare};
use keyport::{
    CurveId, DecryptionKey, EnvelopeKind, Error, ExportContext, ImportKey, ImportOptions, Protocol,
};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use zeroize::{ZeroizeOnDrop, Zeroizing};

fn zeroize_on_drop<T: ZeroizeOnDrop>() {}

/// The types that claim `ZeroizeOnDrop` have a real `Drop` that wipes (checked below by
/// watching the memory); types that merely hold such fields do not claim it.
#[test]
fn secret_types_claim_zeroize_on_drop() {
    zeroize_on_drop::<SecretScalar<Secp256k1>>();
    zeroize_on_drop::<SecretScalar<Ed25519>>();
    zeroize_on_drop::<SecretScalar<Stark>>();
    zeroize_on_drop::<SecretShare<Secp256k1>>();
    zeroize_on_drop::<hpke_v1::ChainCode>();
    zeroize_on_drop::<StoredShare>();
    // Outside the export/import/sharing modules (their owners decide on real `Drop`s).
    zeroize_on_drop::<DecryptionKey>();
    zeroize_on_drop::<DfnsV1SecretKey>();
    zeroize_on_drop::<HpkeSecretKey>();
    zeroize_on_drop::<dfns_payload::ImportShare<Ed25519>>();
    zeroize_on_drop::<ParsedKey>();
    zeroize_on_drop::<WifKey>();
    zeroize_on_drop::<ExtendedPrivateKey>();
    zeroize_on_drop::<Slip10Ed25519Key>();
}

/// Drop `value` in place, in storage this test keeps, and return the bytes it occupied before
/// and after. The storage outlives the drop, so reading it afterwards is reading our own
/// memory, not freed memory.
#[allow(unsafe_code)]
fn bytes_around_drop<T>(value: T) -> (Vec<u8>, Vec<u8>) {
    let mut slot = std::mem::ManuallyDrop::new(value);
    let size = std::mem::size_of::<T>();
    let read = |slot: &std::mem::ManuallyDrop<T>| -> Vec<u8> {
        let ptr = (&**slot as *const T).cast::<u8>();
        // SAFETY: `ptr` points to `size` bytes of `slot`, which is alive for this whole
        // function; the types read here have no padding (arrays of integers).
        unsafe { std::slice::from_raw_parts(ptr, size) }.to_vec()
    };
    let before = read(&slot);
    // SAFETY: `slot` is dropped exactly once and never used as a `T` afterwards.
    unsafe { std::mem::ManuallyDrop::drop(&mut slot) };
    let after = read(&slot);
    (before, after)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Zeroization observed, not assumed: the secret's in-memory bytes are there before the drop
/// (so the check can fail) and gone after it.
#[test]
fn secret_types_zeroize_on_drop() {
    fn scalar_and_share<C: keyport::hazmat::curve::Curve>(seed: u64) {
        let mut r = ChaCha20Rng::seed_from_u64(seed);
        let key = SecretScalar::<C>::random(&mut r);
        // The scalar's own in-memory representation, whatever the curve's limb layout.
        let (image, _) =
            bytes_around_drop(SecretScalar::<C>::from_be_bytes(&key.to_be_bytes()[..]).unwrap());
        let (before, after) =
            bytes_around_drop(SecretScalar::<C>::from_be_bytes(&key.to_be_bytes()[..]).unwrap());
        assert_eq!(before, image);
        assert!(before.iter().any(|&b| b != 0));
        assert!(
            after.iter().all(|&b| b == 0),
            "SecretScalar<{}> not wiped",
            C::ID
        );
        let dealing = sharing::split(&key, 2, 3, &mut r).unwrap();
        let share = dealing.shares()[0].clone();
        let value_image = {
            let (img, _) = bytes_around_drop(SecretScalar::<C>::new(*share.value()).unwrap());
            img
        };
        let (before, after) = bytes_around_drop(share);
        assert!(
            contains(&before, &value_image),
            "the share value is in the share"
        );
        assert!(
            !contains(&after, &value_image),
            "SecretShare<{}> not wiped",
            C::ID
        );
    }
    scalar_and_share::<Secp256k1>(1);
    scalar_and_share::<Ed25519>(2);
    scalar_and_share::<Stark>(3);

    // The containers every other secret lives in.
    let secret = [0xa5u8; 32];
    let (before, after) = bytes_around_drop(Zeroizing::new(secret));
    assert!(contains(&before, &secret));
    assert!(!contains(&after, &secret), "Zeroizing<[u8; 32]> not wiped");
    let cc: hpke_v1::ChainCode = Zeroizing::new([0x3cu8; 32]);
    let (before, after) = bytes_around_drop(cc);
    assert!(contains(&before, &[0x3c; 32]));
    assert!(!contains(&after, &[0x3c; 32]), "ChainCode not wiped");
    // Every other secret (a recovered key's secret and chain code, import keys, payload
    // shares) lives in one of these containers.
}

/// Every printable form of `secret` (and of each 6-byte window of it) that a leak could take.
fn forms(secret: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut reversed = secret.to_vec();
    reversed.reverse();
    for bytes in [secret, &reversed[..]] {
        out.push(Base64::encode_string(bytes));
        out.push(format!("{bytes:?}"));
        for window in bytes.windows(6) {
            out.push(hex::encode(window));
            out.push(hex::encode_upper(window));
            let list = format!("{window:?}");
            out.push(list[1..list.len() - 1].to_string());
        }
    }
    out.push(bs58_like(secret));
    out
}

/// The base58 (Bitcoin alphabet) text of `bytes`, to catch a leaked Solana/WIF-style form.
fn bs58_like(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &b in bytes {
        let mut carry = u32::from(b);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    std::iter::repeat_n('1', zeros)
        .chain(
            digits
                .iter()
                .rev()
                .map(|&d| ALPHABET[usize::from(d)] as char),
        )
        .collect()
}

#[track_caller]
fn assert_no_secret(label: &str, printed: &str, secret: &[u8]) {
    for form in forms(secret) {
        assert!(
            !printed.contains(&form),
            "{label} prints a form of its secret ({form}): {printed}"
        );
    }
}

#[track_caller]
fn assert_debug_clean<T: std::fmt::Debug>(label: &str, value: &T, secret: &[u8]) {
    assert_no_secret(label, &format!("{value:?}"), secret);
    assert_no_secret(label, &format!("{value:#?}"), secret);
}

#[track_caller]
fn assert_error_clean(label: &str, error: &Error, secrets: &[&[u8]]) {
    for s in secrets {
        assert_no_secret(label, &error.to_string(), s);
        assert_no_secret(label, &format!("{error:?}"), s);
    }
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn random32(r: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    r.fill_bytes(&mut b);
    b
}

#[test]
fn debug_of_secret_values_prints_no_secret() {
    let mut r = rng(1);
    let scalar = SecretScalar::<Secp256k1>::random(&mut r);
    let secret = scalar.to_be_bytes();
    assert_debug_clean("SecretScalar", &scalar, &secret[..]);

    let dealing = sharing::split(&scalar, 3, 5, &mut r).unwrap();
    for share in dealing.shares() {
        assert_debug_clean("SecretShare", share, &share.value_be_bytes()[..]);
        assert_debug_clean("Dealing", &dealing, &share.value_be_bytes()[..]);
    }
    assert_debug_clean("Dealing", &dealing, &secret[..]);
    let recovered = sharing::reconstruct_robust(
        dealing.shares(),
        3,
        &scalar.public_key(),
        sharing::DEFAULT_WORK_BOUND,
    )
    .unwrap();
    assert_debug_clean("Reconstruction", &recovered, &secret[..]);

    // Decryption keys of both envelopes, alone and inside contexts and signers.
    for kind in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1] {
        let key = DecryptionKey::generate(kind, &mut r);
        let bytes = key.to_bytes();
        // The leading version/header bytes are public; the secret is the last 32.
        let secret_part = &bytes[bytes.len() - 32..];
        assert_debug_clean("DecryptionKey", &key, secret_part);
        match &key {
            DecryptionKey::DfnsV1(k) => assert_debug_clean("DfnsV1SecretKey", k, secret_part),
            DecryptionKey::HpkeV1(k) => assert_debug_clean("HpkeSecretKey", k, secret_part),
        }
        let signer = Signer::new(vec![7; 16], key.clone());
        assert_debug_clean("Signer", &signer, secret_part);
        let ctx = ExportContext::from_decryption_key(key);
        assert_debug_clean("ExportContext", &ctx, secret_part);
    }

    let import_key = ImportKey::Scalar(Zeroizing::new(*secret));
    assert_debug_clean("ImportKey", &import_key, &secret[..]);
    let seed = random32(&mut r);
    assert_debug_clean(
        "ImportKey",
        &ImportKey::Ed25519Seed(Zeroizing::new(seed)),
        &seed,
    );
    let chain_code = random32(&mut r);
    let mut options = ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 2);
    options.chain_code = Some(Zeroizing::new(chain_code));
    assert_debug_clean("ImportOptions", &options, &chain_code);
}

#[test]
fn debug_of_flow_values_prints_no_secret() {
    let mut r = rng(2);
    let mut cluster = Cluster::generate(3, EnvelopeKind::HpkeV1, &mut r);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    let secret = SecretScalar::<Stark>::random(&mut r).to_be_bytes();
    let chain_code = random32(&mut r);
    let mut options = ImportOptions::new(CurveId::Stark, Protocol::Cggmp21, 2);
    options.chain_code = Some(Zeroizing::new(chain_code));
    let request = build_import_request_with_rng(
        &ImportKey::Scalar(secret.clone()),
        &signers,
        &options,
        &mut r,
    )
    .unwrap();
    // Every signer's stored share, and the payload it opened, print neither the share nor
    // the chain code.
    let stored: Vec<StoredShare> = cluster
        .signers()
        .iter()
        .map(|s| s.accept_import(&request).unwrap())
        .collect();
    for s in &stored {
        let share = hex::decode(s.share.as_bytes()).unwrap();
        assert_debug_clean("StoredShare", s, &share);
        assert_debug_clean("StoredShare", s, &chain_code);
        assert_debug_clean("Cluster", &cluster, &share);
    }
    cluster.accept_import("k", &request).unwrap();
    assert_debug_clean("Cluster", &cluster, &secret[..]);

    let ctx = keyport::hazmat::export_context_with_rng(EnvelopeKind::HpkeV1, &mut r);
    let response = cluster.answer_export("k", &ctx.request(), &mut r).unwrap();
    let recovered = ctx.recover_trusting_response_key(&response).unwrap();
    assert_eq!(*recovered.secret, *secret);
    assert_debug_clean("RecoveredKey", &recovered, &secret[..]);
    assert_debug_clean("RecoveredKey", &recovered, &chain_code);

    // The payloads a signer decodes.
    let key = SecretScalar::<Stark>::from_be_bytes(&secret[..]).unwrap();
    let dealing = sharing::split(&key, 2, 3, &mut r).unwrap();
    let commitments = hpke_v1::encode_commitments(&dealing.commitments()).unwrap();
    let share = &dealing.shares()[0];
    let bytes = hpke_v1::encode(
        share,
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        Some(&chain_code),
    )
    .unwrap();
    let share_bytes = share.value_be_bytes();
    let parsed = hpke_v1::parse::<Stark>(&bytes).unwrap();
    assert_debug_clean("ParsedPayload", &parsed, &share_bytes[..]);
    assert_debug_clean("ParsedPayload", &parsed, &chain_code);
    let payload = hpke_v1::decode::<Stark>(&bytes).unwrap();
    assert_debug_clean("SharePayload", &payload, &share_bytes[..]);
    assert_debug_clean("SharePayload", &payload, &chain_code);
}

#[test]
fn debug_of_parsed_keys_prints_no_secret() {
    let mut r = rng(3);
    let secret = SecretScalar::<Secp256k1>::random(&mut r).to_be_bytes();
    let options = ParseOptions {
        curve: Some(CurveId::Secp256k1),
        ..ParseOptions::default()
    };
    let parsed = parse_key(&hex::encode(&secret[..]), KeyFormat::Hex, &options).unwrap();
    assert_debug_clean("ParsedKey", &parsed, &secret[..]);

    let wif = encode_wif(&secret, Network::Mainnet).unwrap();
    let decoded = parse_wif(&wif).unwrap();
    assert_debug_clean("WifKey", &decoded, &secret[..]);
    assert!(!format!("{decoded:?}").contains(wif.as_str()));

    let seed = random32(&mut r);
    let xprv = ExtendedPrivateKey::from_seed(&seed).unwrap();
    assert_debug_clean("ExtendedPrivateKey", &xprv, xprv.secret_bytes());
    assert_debug_clean("ExtendedPrivateKey", &xprv, xprv.chain_code());
    let text = xprv.to_base58(Network::Mainnet).unwrap();
    assert!(!format!("{xprv:?}").contains(text.as_str()));

    let node = Slip10Ed25519Key::from_seed(&seed).unwrap();
    let printed = format!("{node:?}");
    assert_no_secret("Slip10Ed25519Key", &printed, &seed);

    let passphrase = "correct horse battery staple";
    let options = ParseOptions {
        passphrase: Some(Zeroizing::new(passphrase.to_string())),
        ..ParseOptions::default()
    };
    assert!(!format!("{options:?}").contains(passphrase));
}

/// Operations that fail on (or next to) secret input: the error names what is wrong, never
/// the secret.
#[test]
fn errors_name_no_secret() {
    let mut r = rng(4);
    let secret = SecretScalar::<Secp256k1>::random(&mut r).to_be_bytes();
    let secret_hex = hex::encode(&secret[..]);
    let secp = ParseOptions {
        curve: Some(CurveId::Secp256k1),
        ..ParseOptions::default()
    };
    let mut cases: Vec<(&str, Error)> = Vec::new();
    let mut fail = |label: &'static str, result: Result<ParsedKey, Error>| {
        cases.push((label, result.expect_err(label)));
    };

    // Key parsing: the wrong format, stray characters, a wrong length, a wrong curve.
    fail("hex as wif", parse_key(&secret_hex, KeyFormat::Wif, &secp));
    fail(
        "hex with a stray char",
        parse_key(&format!("{secret_hex}z"), KeyFormat::Hex, &secp),
    );
    fail(
        "hex one digit short",
        parse_key(&secret_hex[1..], KeyFormat::Hex, &secp),
    );
    fail(
        "hex as xprv",
        parse_key(&secret_hex, KeyFormat::Xprv, &ParseOptions::default()),
    );
    fail(
        "hex as solana",
        parse_key(&secret_hex, KeyFormat::Solana, &ParseOptions::default()),
    );
    let wif = encode_wif(&secret, Network::Mainnet).unwrap();
    let mut bad_wif = wif.to_string();
    let last = bad_wif.pop().unwrap();
    bad_wif.push(if last == '2' { '3' } else { '2' });
    fail(
        "wif with a bad checksum",
        parse_key(&bad_wif, KeyFormat::Wif, &ParseOptions::default()),
    );
    fail(
        "wif on the wrong curve",
        parse_key(
            &wif,
            KeyFormat::Wif,
            &ParseOptions {
                curve: Some(CurveId::Ed25519),
                ..ParseOptions::default()
            },
        ),
    );
    // A Solana keypair whose public half is not its secret's.
    let mut keypair = secret.to_vec();
    keypair.extend_from_slice(&[9u8; 32]);
    fail(
        "solana keypair with the wrong public half",
        parse_key(
            &bs58_like(&keypair),
            KeyFormat::Solana,
            &ParseOptions::default(),
        ),
    );
    for (label, e) in &cases {
        assert_error_clean(label, e, &[&secret[..]]);
        assert!(!e.to_string().contains(wif.as_str()), "{label}");
        assert!(!e.to_string().contains(&bad_wif), "{label}");
    }

    // A mnemonic with one misspelt word: the error gives its position, not the words.
    let words = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    let typo = words.replace("about", "abuot");
    let mnemonic = ParseOptions {
        curve: Some(CurveId::Secp256k1),
        ..ParseOptions::default()
    };
    let e = parse_key(&typo, KeyFormat::Mnemonic, &mnemonic).unwrap_err();
    assert!(matches!(e, Error::MnemonicUnknownWord { .. }), "{e:?}");
    for word in ["abuot", "abandon"] {
        assert!(!e.to_string().contains(word), "{e}");
        assert!(!format!("{e:?}").contains(word), "{e:?}");
    }

    // The export context file with an envelope that does not match its key.
    let ctx = keyport::hazmat::export_context_with_rng(EnvelopeKind::DfnsV1, &mut r);
    let json = ctx.to_json();
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    let key_hex = file["decryptionKey"].as_str().unwrap().to_string();
    let key_bytes = hex::decode(&key_hex).unwrap();
    let wrong = json.replace("dfns-v1", "hpke-v1");
    let e = ExportContext::from_json(&wrong).unwrap_err();
    assert_error_clean("context file, wrong envelope", &e, &[&key_bytes[1..]]);
    let truncated = json.replace(&key_hex, &key_hex[..60]);
    let e = ExportContext::from_json(&truncated).unwrap_err();
    assert_error_clean("context file, short key", &e, &[&key_bytes[1..31]]);
    let e = DecryptionKey::from_bytes(&[&[9u8][..], &key_bytes[1..]].concat()).unwrap_err();
    assert_error_clean("decryption key, unknown version", &e, &[&key_bytes[1..]]);

    // An export whose shares are fine but whose public key is not theirs: the error names
    // signers, not the key or the shares.
    let mut cluster = Cluster::generate(3, EnvelopeKind::DfnsV1, &mut r);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    let request = build_import_request_with_rng(
        &ImportKey::Scalar(secret.clone()),
        &signers,
        &ImportOptions::new(CurveId::Secp256k1, Protocol::Cggmp21, 2),
        &mut r,
    )
    .unwrap();
    cluster.accept_import("k", &request).unwrap();
    let ctx = keyport::hazmat::export_context_with_rng(EnvelopeKind::HpkeV1, &mut r);
    let mut response = cluster.answer_export("k", &ctx.request(), &mut r).unwrap();
    let other = SecretScalar::<Secp256k1>::random(&mut r);
    response.public_key = hex::encode(other.public_key_bytes(PointForm::Compressed).unwrap());
    let e = ctx.recover_trusting_response_key(&response).unwrap_err();
    assert!(matches!(e, Error::ExportFailed { .. }), "{e:?}");
    let stored: Vec<StoredShare> = cluster
        .signers()
        .iter()
        .map(|s| s.accept_import(&request).unwrap())
        .collect();
    let shares: Vec<Vec<u8>> = stored
        .iter()
        .map(|s| hex::decode(s.share.as_bytes()).unwrap())
        .collect();
    let mut all: Vec<&[u8]> = vec![&secret[..]];
    all.extend(shares.iter().map(Vec::as_slice));
    assert_error_clean("export with the wrong public key", &e, &all);

    // A stored share that went bad on disk.
    let mut broken = stored[0].clone();
    broken.share = Zeroizing::new(format!("{}zz", &broken.share[2..]));
    let e = cluster.signers()[0]
        .answer_export(&broken, &ctx.request(), &mut r)
        .unwrap_err();
    assert_error_clean("stored share not hex", &e, &[&shares[0][1..]]);

    // Plaintexts that carry a share but are malformed around it.
    let share_hex = hex::encode(&shares[0]);
    for text in [
        format!(
            r#"{{"version":1,"secret_share":{{"curve":"secp256k1","scalar":"{share_hex}"}},"public_shares":["#
        ),
        format!(
            r#"{{"version":1,"secret_share":{{"curve":"ed25519","scalar":"{share_hex}"}},"public_shares":[]}}"#
        ),
        format!(
            r#"{{"version":1,"secret_share":{{"curve":"secp256k1","scalar":"{share_hex}0"}},"public_shares":[]}}"#
        ),
        format!(r#"{{"version":1,"secret_share":"{share_hex}","public_shares":[]}}"#),
        format!(r#"{{"version":1,"secret_share":{{"curve":"secp256k1","scalar":{share_hex}}}}}"#),
    ] {
        let e = dfns_payload::decode_import_share::<Secp256k1>(text.as_bytes()).unwrap_err();
        assert_error_clean("dfns-v1 plaintext", &e, &[&shares[0]]);
    }

    // A well-formed plaintext prints without its share.
    let pubs = sharing::split(&SecretScalar::<Secp256k1>::random(&mut r), 2, 3, &mut r)
        .unwrap()
        .public_shares();
    let json = dfns_payload::PublicSharesJson::new::<Secp256k1>(&pubs).unwrap();
    let plaintext = dfns_payload::encode_import_share(
        &SecretShare::new(
            sharing::Identifier::<Secp256k1>::from_index(1).unwrap(),
            *SecretScalar::<Secp256k1>::from_be_bytes(&shares[0])
                .unwrap()
                .expose(),
        )
        .unwrap(),
        &json,
    );
    let decoded = dfns_payload::decode_import_share::<Secp256k1>(&plaintext).unwrap();
    assert_debug_clean("ImportShare", &decoded, &shares[0]);

    // An hpke-v1 payload whose share is off its commitments.
    let key = SecretScalar::<Secp256k1>::from_be_bytes(&secret[..]).unwrap();
    let dealing = sharing::split(&key, 2, 3, &mut r).unwrap();
    let commitments = hpke_v1::encode_commitments(&dealing.commitments()).unwrap();
    let mut payload = hpke_v1::encode(
        &dealing.shares()[0],
        keyport::Threshold::new(2).unwrap(),
        &commitments,
        None,
    )
    .unwrap()
    .to_vec();
    payload[6 + 31] ^= 1;
    let e = hpke_v1::decode::<Secp256k1>(&payload).unwrap_err();
    assert_error_clean(
        "hpke-v1 payload off its commitments",
        &e,
        &[&payload[6..38]],
    );

    // Sealing to a recipient key that is really a secret key's bytes.
    let e = RecipientKey::from_base64(&Base64::encode_string(&secret[..])).unwrap_err();
    assert_error_clean("secret passed as a recipient key", &e, &[&secret[..]]);
}
