//! Fixed keys and contexts shared by the fuzz targets (and the seed writer).
#![forbid(unsafe_code)]

use keyport::envelope::{Context, DecryptionKey, DfnsV1SecretKey, HpkeSecretKey};
use keyport::export::ExportContext;

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
    Context::import("secp256k1", "CGGMP21", 2, b"signer-1".to_vec(), 1, vec![2u8; 33])
}

/// A fixed export context for each envelope (selector: even = dfns-v1, odd = hpke-v1).
pub fn export_context(selector: u8) -> Option<ExportContext> {
    let bytes: &[u8] = if selector % 2 == 0 {
        &DFNS_V1_KEY
    } else {
        &HPKE_V1_KEY
    };
    DecryptionKey::from_bytes(bytes)
        .ok()
        .map(ExportContext::from_decryption_key)
}
