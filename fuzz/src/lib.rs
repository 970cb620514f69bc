//! Fixed keys and contexts shared by the fuzz targets (and the seed writer).
#![forbid(unsafe_code)]

use keyport::hazmat::envelope::{Context, DfnsV1SecretKey, HpkeSecretKey};
use keyport::{DecryptionKey, ExportContext};

/// The fixed dfns-v1 decryption key: `0x01 || 0x00..0x01 || 7` (scalar 7).
pub const DFNS_V1_KEY: [u8; 33] = {
    let mut k = [0u8; 33];
    k[0] = 1;
    k[32] = 7;
    k
};

/// The fixed hpke-v1 decryption key: version 2, key id 1, KEM 0x0020 (X25519), secret 0x42..
pub const HPKE_V1_KEY: [u8; 36] = {
    let mut k = [0x42u8; 36];
    k[0] = 2;
    k[1] = 1;
    k[2] = 0;
    k[3] = 0x20;
    k
};

/// The fixed dfns-v1 secret key.
pub fn dfns_key() -> Option<DfnsV1SecretKey> {
    DfnsV1SecretKey::from_bytes(&DFNS_V1_KEY).ok()
}

/// The fixed hpke-v1 secret key.
pub fn hpke_key() -> Option<HpkeSecretKey> {
    HpkeSecretKey::from_bytes(&HPKE_V1_KEY).ok()
}

/// The fixed hpke-v1 context (an import of share 1 of 2 on secp256k1).
pub fn hpke_context() -> Context {
    Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        b"signer-1".to_vec(),
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        vec![2u8; 33],
    )
}

/// The dfns-v1 decryption keys of `tests/vectors/dfns-v1/ecies.json`, so its ciphertexts
/// are valid seeds for `dfns_v1_open` (first input byte selects the key).
pub const ECIES_KEYS: [&str; 6] = [
    "01171d6cba678033d72454ba25b658cc3edb611750e994667fb99c0c41d89194c6",
    "01265a6ae6fc1f390815836857f65985884384f38a7d3c06ef36e3d812b512b694",
    "0186987c066279c63326468d4c442ebee09cba71e3351147f5b950ccf31db2b7dc",
    "018c7c24ed8f95f2a52cfb45098f9c49d84c25c5290a614e8cbc5f02d3ecb4e8cf",
    "01a6f53eddae9f208b07d6bbe4e0f0f8a9af39ddbf7a87ca7b5ae906edc7ef6a67",
    "01d0816b5fe5bec5880e7cac2f6d371479320a41f3092a3bf23364cd47ebeba8ca",
];

/// The export decryption keys of the `export-*.json` vectors, in the order the seed script
/// numbers them, then the fixed hpke-v1 key (first input byte of `export_response` selects).
pub const EXPORT_KEYS: [&str; 5] = [
    "01c7e638308f8c51b35161691627a3d9b19aabca6c96e73df799385adea504c21d",
    "01019c923912b7ba801a0eb90ec3e17887d12da558af186899add5ac09282ea365",
    "01baafe53f48a4744918d76e97851afa76ae24af54f5bf32f02320ae6f3f3b6a56",
    "016e7c258a62ab15f729b9fce82e39e08cb3208c03155ef88e537d8faf5a655b56",
    "020100204242424242424242424242424242424242424242424242424242424242424242",
];

fn hex_key(s: &str) -> Option<DecryptionKey> {
    let bytes: Vec<u8> = (0..s.len() / 2)
        .map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    DecryptionKey::from_bytes(&bytes).ok()
}

/// One of the [`ECIES_KEYS`] (selector modulo 6).
pub fn ecies_key(selector: u8) -> Option<DfnsV1SecretKey> {
    match hex_key(ECIES_KEYS.get(usize::from(selector) % ECIES_KEYS.len())?)? {
        DecryptionKey::DfnsV1(k) => Some(k),
        DecryptionKey::HpkeV1(_) => None,
    }
}

/// A fixed export context (selector modulo 5 picks one of [`EXPORT_KEYS`]).
pub fn export_context(selector: u8) -> Option<ExportContext> {
    hex_key(EXPORT_KEYS.get(usize::from(selector) % EXPORT_KEYS.len())?)
        .map(ExportContext::from_decryption_key)
}
