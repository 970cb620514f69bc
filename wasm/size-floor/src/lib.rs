//! Import and export over raw arguments only: what the WASM module cannot do without.
#![forbid(unsafe_code)]

use keyport::api::{EncryptedKeyShare, KeyExportResponse, SignerInfo};
use keyport::{CurveId, EnvelopeKind, ExportContext, build_import_request, ImportKey, ImportOptions, Protocol};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

fn scheme(curve: u8) -> (CurveId, Protocol) {
    match curve {
        0 => (CurveId::Secp256k1, Protocol::Cggmp21),
        1 => (CurveId::Ed25519, Protocol::Frost),
        _ => (CurveId::Stark, Protocol::Cggmp21),
    }
}

/// Split `key` t-of-n and seal a share to each signer; returns the ciphertexts.
#[wasm_bindgen]
pub fn import(
    curve: u8,
    key: &[u8],
    ids: Vec<String>,
    keys: Vec<String>,
    t: usize,
) -> Result<Vec<String>, String> {
    let (curve, protocol) = scheme(curve);
    let signers: Vec<SignerInfo> = ids
        .into_iter()
        .zip(keys)
        .map(|(signer_id, encryption_key)| SignerInfo {
            signer_id,
            encryption_key,
        })
        .collect();
    let key: [u8; 32] = key
        .try_into()
        .map_err(|_| "a key is 32 bytes".to_string())?;
    let request = build_import_request(
        &ImportKey::Scalar(Zeroizing::new(key)),
        &signers,
        &ImportOptions::new(curve, protocol, t),
    )
    .map_err(|e| e.to_string())?;
    Ok(request
        .encrypted_key_shares
        .into_iter()
        .map(|e| e.encrypted_key_share)
        .collect())
}

/// An export context.
#[wasm_bindgen]
pub struct Export(ExportContext);

#[wasm_bindgen]
impl Export {
    /// A fresh context for dfns-v1 or hpke-v1.
    #[wasm_bindgen(constructor)]
    pub fn new(hpke: bool) -> Result<Export, String> {
        let kind = if hpke {
            EnvelopeKind::HpkeV1
        } else {
            EnvelopeKind::DfnsV1
        };
        ExportContext::new(kind)
            .map(Export)
            .map_err(|e| e.to_string())
    }

    /// The request's encryption key.
    pub fn key(&self) -> String {
        self.0.request().encryption_key
    }

    /// Recover the key from the signers' ciphertexts.
    pub fn recover(
        &self,
        curve: u8,
        public_key: String,
        t: u32,
        ids: Vec<String>,
        shares: Vec<String>,
    ) -> Result<Vec<u8>, String> {
        let (curve, protocol) = scheme(curve);
        let response = KeyExportResponse {
            public_key,
            min_signers: t,
            protocol: protocol.as_str().into(),
            curve: curve.as_str().into(),
            encrypted_key_shares: ids
                .into_iter()
                .zip(shares)
                .map(|(signer_id, encrypted_key_share)| EncryptedKeyShare {
                    signer_id,
                    encrypted_key_share,
                })
                .collect(),
        };
        let key = self
            .0
            .recover_trusting_response_key(&response)
            .map_err(|e| e.to_string())?;
        Ok(key.secret.to_vec())
    }
}
