//! CubeSigner's key import, "verify, then encrypt" (SPEC.md §12.7): check that an import key
//! comes from Cubist's enclave, then seal key material to it as CubeSigner's SDK does.
//!
//! CubeSigner's "create key-import key" API answers with an ephemeral HPKE P-384 public key
//! (`public_key`), the enclave's encrypted copies of its secret (`sk_enc`, `dk_enc`), an
//! expiry (`expires`), an AWS Nitro attestation document (`enclave_attestation`) whose
//! `public_key` is an RSA key, and an RSA-PSS signature by that key over the rest
//! (`enclave_signature`). [`ImportKeyResponse::verify`] checks, in this order:
//! 1. the import key has not expired at the caller's time;
//! 2. the attestation document verifies (the pinned AWS root, the chain and the COSE
//!    signature at the caller's time), its PCR8 is Cubist's image-signing key
//!    ([`CUBIST_PCR8`]), and it is at most 15 minutes old (5 in the future);
//! 3. the document's RSA key signed the import key (RSA-PSS, SHA-256, MGF1-SHA-256, the
//!    largest salt);
//!
//! and only then yields a [`VerifiedImportKey`], the one way to seal: HPKE base mode with
//! DHKEM(P-384, HKDF-SHA384), HKDF-SHA384 and AES-256-GCM, `info` = SHA-256 of the signed
//! bytes, empty `aad`.
//!
//! The facts (signed bytes, salt length, suite, info, key package, request) are those of
//! `packages/key-import/src/wrapped_import_key.ts`, `import.ts` and `raw.ts` in
//! cubist-labs/CubeSigner-TypeScript-SDK (v0.4.270, MIT OR Apache-2.0); the code is keyport's.
//!
//! ```
//! # fn main() -> keyport::Result<()> {
//! use keyport::attest::cubesigner::ImportKeyResponse;
//! # let response = include_str!("../../tests/vectors/nitro/cubesigner-import-key.json");
//! // CubeSigner's response from its SDK's test data, checked at its attestation's time.
//! let time = 1_725_637_705;
//! let import_key = ImportKeyResponse::from_json(response)?.verify(time)?;
//! let sealed = import_key.seal_raw_secret(&[7u8; 32], &mut keyport::os_rng()?)?;
//! let request = import_key.import_request_json("SecpEthAddr", &[sealed])?;
//! assert!(request.starts_with("{\"public_key\":\"BI82zXKAF"));
//!
//! // At its `expires` the import key is refused before anything else is looked at.
//! let err = ImportKeyResponse::from_json(response)?.verify(1_725_638_613).unwrap_err();
//! assert_eq!(err.code(), "CUBE_SIGNER_KEY_EXPIRED");
//! # Ok(())
//! # }
//! ```

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use hpke::aead::AesGcm256;
use hpke::kdf::HkdfSha384;
use hpke::kem::DhP384HkdfSha384;
use hpke::{Deserializable as _, OpModeS, Serializable as _};
use rand_core::CryptoRng;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::signature::Verifier as _;
use rsa::traits::PublicKeyParts as _;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use super::{AttestationPolicy, Binding, PCR_LEN, VerifiedDocument, verify_document};
use crate::error::{Error, Result};

/// The domain-separation tag at the front of the signed bytes (the SDK's
/// `IMPORT_KEY_SIGNING_DST`).
pub const SIGNING_DST: &[u8] = b"CUBESIGNER_EPHEMERAL_IMPORT_P384";

/// PCR8 of every CubeSigner key-import enclave: the SHA-384 measurement of Cubist's
/// enclave-image signing certificate, as the SDK pins it (`CUBIST_EIF_SIGNING_PK`,
/// `2e6d0430…890ac4`).
pub const CUBIST_PCR8: [u8; PCR_LEN] = [
    0x2e, 0x6d, 0x04, 0x30, 0xc8, 0xb0, 0xb7, 0x83, 0x16, 0x23, 0x6d, 0x03, 0xcd, 0xa2, 0x99, 0x64,
    0x49, 0xe2, 0x40, 0x96, 0xb3, 0xf5, 0xb5, 0x24, 0x03, 0x1f, 0x12, 0xee, 0xb5, 0xfc, 0x19, 0xa1,
    0x9d, 0xb5, 0x22, 0xa8, 0x46, 0xe6, 0x24, 0x0a, 0x5f, 0x36, 0xf2, 0x65, 0x91, 0x89, 0x0a, 0xc4,
];

/// The largest accepted age of the attestation document, seconds (the SDK's 15 minutes; it
/// also accepts [`super::MAX_FUTURE_SKEW`], 5 minutes, in the future).
pub const MAX_ATTESTATION_AGE: u64 = 15 * 60;

/// The import key's length: an uncompressed SEC1 P-384 point, `0x04 || x || y`.
pub const PUBLIC_KEY_LEN: usize = 97;

/// The length of HPKE's encapsulated key (`client_public_key`), also an uncompressed point.
pub const ENC_LEN: usize = 97;

/// AES-256-GCM's tag, at the end of every `ikm_enc`.
pub const TAG_LEN: usize = 16;

/// The most key materials one import request may carry (the API's `maxItems`).
pub const MAX_KEY_MATERIALS: usize = 32;

/// The RSA modulus sizes accepted for the enclave's signing key, bits. The SDK takes the salt
/// length as `modulus bytes - 34`, the PSS maximum only for a whole number of bytes.
pub const RSA_BITS: [usize; 3] = [2048, 3072, 4096];

/// The members a response must have, as CubeSigner's JSON names them.
#[derive(serde::Deserialize)]
struct Wire {
    public_key: String,
    sk_enc: String,
    dk_enc: String,
    expires: u64,
    enclave_attestation: String,
    enclave_signature: String,
}

/// A CubeSigner "create key-import key" (or "create policy import key") response, parsed but
/// not yet checked. [`Self::verify`] turns it into a key that can be sealed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportKeyResponse {
    public_key: Vec<u8>,
    sk_enc: Vec<u8>,
    dk_enc: Vec<u8>,
    expires: u64,
    enclave_attestation: Vec<u8>,
    enclave_signature: Vec<u8>,
}

fn malformed(field: &'static str, reason: impl Into<String>) -> Error {
    Error::CubeSignerKeyMalformed {
        field,
        reason: reason.into(),
    }
}

/// A base64 member of at most `u16::MAX` bytes (the signed bytes give each a 2-byte length).
fn member(field: &'static str, text: &str) -> Result<Vec<u8>> {
    let bytes = keyport_hotpath::base64::decode(text)
        .map_err(|_| malformed(field, "not standard padded base64"))?;
    if bytes.len() > usize::from(u16::MAX) {
        return Err(malformed(
            field,
            format!("{} bytes, more than the 65535 it can sign", bytes.len()),
        ));
    }
    Ok(bytes)
}

fn attestation_failed(cause: Error) -> Error {
    Error::CubeSignerKeyAttestation {
        cause: Box::new(cause),
    }
}

impl ImportKeyResponse {
    /// Parse the response's JSON: `public_key`, `sk_enc`, `dk_enc`, `enclave_attestation` and
    /// `enclave_signature` as standard base64, `expires` as Unix seconds. Other members are
    /// ignored (the API may add some).
    ///
    /// # Errors
    /// [`Error::CubeSignerKeyMalformed`] naming the member: JSON of another shape, a member
    /// that is not standard base64 or longer than 65535 bytes, a `public_key` that is not an
    /// uncompressed P-384 point, an empty attestation or signature.
    pub fn from_json(text: &str) -> Result<Self> {
        let wire: Wire = crate::json::from_str(text).map_err(|e| {
            malformed(
                "response",
                format!(
                    "{}; expected CubeSigner's {{\"public_key\", \"sk_enc\", \"dk_enc\", \
                     \"expires\", \"enclave_attestation\", \"enclave_signature\"}}",
                    e.describe(text)
                ),
            )
        })?;
        let response = Self {
            public_key: member("public_key", &wire.public_key)?,
            sk_enc: member("sk_enc", &wire.sk_enc)?,
            dk_enc: member("dk_enc", &wire.dk_enc)?,
            expires: wire.expires,
            enclave_attestation: member("enclave_attestation", &wire.enclave_attestation)?,
            enclave_signature: member("enclave_signature", &wire.enclave_signature)?,
        };
        recipient(&response.public_key)?;
        if response.enclave_attestation.is_empty() {
            return Err(malformed("enclave_attestation", "is empty"));
        }
        if response.enclave_signature.is_empty() {
            return Err(malformed("enclave_signature", "is empty"));
        }
        Ok(response)
    }

    /// The import key, an uncompressed P-384 point ([`PUBLIC_KEY_LEN`] bytes).
    pub fn public_key(&self) -> &[u8] {
        &self.public_key
    }

    /// When the import key expires, Unix seconds.
    pub fn expires(&self) -> u64 {
        self.expires
    }

    /// The bytes the enclave signed (SPEC.md §12.7): each of the tag, `public_key`, `sk_enc`
    /// and `dk_enc` after its 2-byte big-endian length, then `expires` as 8 bytes big-endian.
    pub fn signed_data(&self) -> Vec<u8> {
        let parts = [SIGNING_DST, &self.public_key, &self.sk_enc, &self.dk_enc];
        let mut out = Vec::with_capacity(parts.iter().map(|p| 2 + p.len()).sum::<usize>() + 8);
        for part in parts {
            // Every part is at most u16::MAX bytes (checked by `member`; the tag is 32).
            let len = u16::try_from(part.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(part);
        }
        out.extend_from_slice(&self.expires.to_be_bytes());
        out
    }

    /// Check the import key at `time` (Unix seconds) as CubeSigner's SDK does for a key
    /// import, with PCR8 = [`CUBIST_PCR8`]; see the module documentation for the checks.
    ///
    /// # Errors
    /// As [`Self::verify_with_pcr8`].
    pub fn verify(&self, time: u64) -> Result<VerifiedImportKey> {
        self.verify_with_pcr8(&CUBIST_PCR8, time)
    }

    /// [`Self::verify`] with another expected PCR8, for when Cubist rotates its image-signing
    /// key before keyport ships the new value. (For policy import keys the SDK checks no PCR8
    /// at all; keyport always requires one.)
    ///
    /// # Errors
    /// In order: [`Error::CubeSignerKeyExpired`] at or after `expires`;
    /// [`Error::CubeSignerKeyAttestation`] with the failed check as its cause (those of
    /// [`super::verify_document`], then [`Error::AttestationStale`], [`Error::AttestationPcr`]
    /// for PCR8, [`Error::AttestationMalformed`] for a document without `public_key`);
    /// [`Error::CubeSignerKeyMalformed`] for a document `public_key` that is not an RSA key
    /// of 2048, 3072 or 4096 bits; [`Error::CubeSignerKeySignature`].
    pub fn verify_with_pcr8(&self, pcr8: &[u8; PCR_LEN], time: u64) -> Result<VerifiedImportKey> {
        if time >= self.expires {
            return Err(Error::CubeSignerKeyExpired {
                expires: self.expires,
                time,
            });
        }
        let document =
            verify_document(&self.enclave_attestation, time).map_err(attestation_failed)?;
        let signer = document.public_key().ok_or_else(|| {
            attestation_failed(Error::AttestationMalformed {
                part: "public_key",
                reason: "is missing; CubeSigner's enclave attests its RSA signing key there",
            })
        })?;
        // The policy's PCR and freshness rules, in their one place. Its binding compares the
        // document's `public_key` with itself: the RSA key is taken from the document, and
        // what binds it to the import key is the signature checked next.
        AttestationPolicy::new(Binding::PublicKey, [(8, *pcr8)])
            .map(|p| p.with_max_age(MAX_ATTESTATION_AGE))
            .and_then(|policy| policy.check(&document, signer, time))
            .map_err(attestation_failed)?;
        let signed = self.signed_data();
        verify_rsa_pss(signer, &signed, &self.enclave_signature)?;
        let info: [u8; 32] = Sha256::digest(&signed).into();
        Ok(VerifiedImportKey {
            recipient: recipient(&self.public_key)?,
            info,
            response: self.clone(),
            document,
        })
    }
}

/// The import key as HPKE's recipient key.
fn recipient(public_key: &[u8]) -> Result<<DhP384HkdfSha384 as hpke::Kem>::PublicKey> {
    if public_key.len() != PUBLIC_KEY_LEN || public_key.first() != Some(&0x04) {
        return Err(malformed(
            "public_key",
            format!(
                "{} bytes; expected an uncompressed P-384 point, 0x04 || x || y ({PUBLIC_KEY_LEN} \
                 bytes)",
                public_key.len()
            ),
        ));
    }
    <DhP384HkdfSha384 as hpke::Kem>::PublicKey::from_bytes(public_key)
        .map_err(|_| malformed("public_key", "not a point on P-384"))
}

/// RSA-PSS as the SDK verifies it (WebCrypto `RSA-PSS`, hash SHA-256, so MGF1-SHA-256, salt
/// length `modulus bytes - 32 - 2`), under the document's `public_key` (an SPKI).
fn verify_rsa_pss(spki: &[u8], message: &[u8], signature: &[u8]) -> Result<()> {
    let key = rsa::PublicKey::from_public_key_der(spki)
        .ok()
        .filter(|k| RSA_BITS.contains(&(k.n().bit_width() as usize)))
        .ok_or_else(|| {
            malformed(
                "enclave_attestation",
                "the document's public_key is not an RSA SubjectPublicKeyInfo of 2048, 3072 or \
                 4096 bits",
            )
        })?;
    let modulus_bytes = key.size();
    let salt_len = modulus_bytes - Sha256::output_size() - 2;
    if signature.len() != modulus_bytes {
        return Err(Error::CubeSignerKeySignature);
    }
    let signature =
        rsa::pss::Signature::try_from(signature).map_err(|_| Error::CubeSignerKeySignature)?;
    rsa::pss::VerifyingKey::<Sha256>::new_with_salt_len(key, salt_len)
        .verify(message, &signature)
        .map_err(|_| Error::CubeSignerKeySignature)
}

/// An import key that passed every check of [`ImportKeyResponse::verify`]: the only way to
/// seal to one.
#[derive(Clone, Debug)]
pub struct VerifiedImportKey {
    recipient: <DhP384HkdfSha384 as hpke::Kem>::PublicKey,
    info: [u8; 32],
    response: ImportKeyResponse,
    document: VerifiedDocument,
}

/// One sealed key, as an import request carries it: HPKE's encapsulated key
/// (`client_public_key`) and the AES-256-GCM ciphertext with its tag (`ikm_enc`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedKeyMaterial {
    enc: [u8; ENC_LEN],
    ciphertext: Vec<u8>,
}

impl EncryptedKeyMaterial {
    /// The encapsulated key, an uncompressed P-384 point ([`ENC_LEN`] bytes).
    pub fn enc(&self) -> &[u8; ENC_LEN] {
        &self.enc
    }

    /// The ciphertext: as long as the plaintext, then the [`TAG_LEN`]-byte tag.
    pub fn ciphertext(&self) -> &[u8] {
        &self.ciphertext
    }
}

impl VerifiedImportKey {
    /// The import key, an uncompressed P-384 point.
    pub fn public_key(&self) -> &[u8] {
        &self.response.public_key
    }

    /// When it expires, Unix seconds. Seal and send before then (the SDK fetches a new one
    /// a minute before).
    pub fn expires(&self) -> u64 {
        self.response.expires
    }

    /// HPKE's `info`: SHA-256 of [`ImportKeyResponse::signed_data`].
    pub fn info(&self) -> &[u8; 32] {
        &self.info
    }

    /// The attestation document that vouched for the enclave's signing key.
    pub fn document(&self) -> &VerifiedDocument {
        &self.document
    }

    /// Seal `plaintext` (a CubeSigner key package, for example [`raw_key_package`]) to the
    /// import key: HPKE base mode, DHKEM(P-384, HKDF-SHA384), HKDF-SHA384, AES-256-GCM,
    /// `info` = [`Self::info`], empty `aad`.
    ///
    /// # Errors
    /// [`Error::Internal`] only: nothing about a verified key can make sealing fail.
    pub fn seal<R: CryptoRng + ?Sized>(
        &self,
        plaintext: &[u8],
        rng: &mut R,
    ) -> Result<EncryptedKeyMaterial> {
        let mut rng = rng;
        let (enc, ciphertext) =
            hpke::single_shot_seal_with_rng::<AesGcm256, HkdfSha384, DhP384HkdfSha384>(
                &OpModeS::Base,
                &self.recipient,
                &self.info,
                plaintext,
                &[],
                &mut rng,
            )
            .map_err(|_| Error::Internal {
                what: "CubeSigner import-key sealing",
            })?;
        let mut enc_bytes = [0u8; ENC_LEN];
        enc.write_exact(&mut enc_bytes);
        Ok(EncryptedKeyMaterial {
            enc: enc_bytes,
            ciphertext,
        })
    }

    /// Seal a raw secret key (32 bytes for secp256k1 or ed25519 keys) as the SDK's
    /// `importRawSecretKeys` does: [`raw_key_package`], then [`Self::seal`].
    ///
    /// # Errors
    /// As [`raw_key_package`] and [`Self::seal`].
    pub fn seal_raw_secret<R: CryptoRng + ?Sized>(
        &self,
        secret: &[u8],
        rng: &mut R,
    ) -> Result<EncryptedKeyMaterial> {
        self.seal(&raw_key_package(secret)?, rng)
    }

    /// The body of CubeSigner's import request (`POST /v0/org/{org_id}/import_key`) for
    /// `materials`, all sealed to this key, in the SDK's member order:
    /// `{"public_key", "sk_enc", "dk_enc", "expires", "key_type", "key_material":
    /// [{"salt": "", "client_public_key", "ikm_enc"}], "policy": null}`, byte strings in
    /// standard base64. `key_type` is CubeSigner's name, such as `SecpEthAddr`.
    ///
    /// # Errors
    /// [`Error::Malformed`] for no material or more than [`MAX_KEY_MATERIALS`].
    pub fn import_request_json(
        &self,
        key_type: &str,
        materials: &[EncryptedKeyMaterial],
    ) -> Result<String> {
        if materials.is_empty() || materials.len() > MAX_KEY_MATERIALS {
            return Err(Error::Malformed {
                what: "CubeSigner import request",
                reason: format!(
                    "{} key materials; a request carries 1 to {MAX_KEY_MATERIALS}",
                    materials.len()
                ),
            });
        }
        let b64 = keyport_hotpath::base64::encode;
        let r = &self.response;
        let mut w = crate::json::Writer::new();
        w.begin_object();
        for (name, bytes) in [
            ("public_key", &r.public_key),
            ("sk_enc", &r.sk_enc),
            ("dk_enc", &r.dk_enc),
        ] {
            w.key(name);
            w.string(&b64(bytes));
        }
        w.key("expires");
        w.u64(r.expires);
        w.key("key_type");
        w.string(key_type);
        w.key("key_material");
        w.begin_array();
        for m in materials {
            w.begin_object();
            // An empty salt: CubeSigner's HPKE extension takes one, and the SDK leaves it
            // empty because each import key is used for one request.
            w.key("salt");
            w.string("");
            w.key("client_public_key");
            w.string(&b64(&m.enc));
            w.key("ikm_enc");
            w.string(&b64(&m.ciphertext));
            w.end_object();
        }
        w.end_array();
        w.key("policy");
        w.null();
        w.end_object();
        Ok(w.finish())
    }
}

/// The SDK's raw key package (`raw.ts`): the MessagePack map `{"Secret": <secret as bin>}`,
/// byte for byte as the SDK's msgpackr (1.12) writes it: a map 16 header `0xde 0x00 0x01`
/// (msgpackr does not use fixmap), fixstr `Secret`, then bin 8 or bin 16.
///
/// Written by hand: it is one fixed map of one binary member, and a MessagePack crate would
/// add a dependency for a dozen bytes of framing, and might pick fixmap, another encoding.
///
/// # Errors
/// [`Error::Malformed`] for an empty secret or one of more than 65535 bytes.
pub fn raw_key_package(secret: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    const HEAD: &[u8] = b"\xde\x00\x01\xa6Secret";
    let mut out = Zeroizing::new(Vec::with_capacity(HEAD.len() + 3 + secret.len()));
    out.extend_from_slice(HEAD);
    match (u8::try_from(secret.len()), u16::try_from(secret.len())) {
        (_, _) if secret.is_empty() => {
            return Err(Error::Malformed {
                what: "CubeSigner raw key package",
                reason: String::from("the secret is empty"),
            });
        }
        (Ok(len), _) => {
            out.push(0xc4);
            out.push(len);
        }
        (_, Ok(len)) => {
            out.push(0xc5);
            out.extend_from_slice(&len.to_be_bytes());
        }
        _ => {
            return Err(Error::Malformed {
                what: "CubeSigner raw key package",
                reason: format!("the secret is {} bytes, more than 65535", secret.len()),
            });
        }
    }
    out.extend_from_slice(secret);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_key_package_is_msgpack_bin() {
        let pkg = raw_key_package(&[0xab; 32]).unwrap();
        // What msgpackr 1.12 writes for `{Secret: new Uint8Array(n)}` (n = 32, 255, 256, 300).
        assert_eq!(&pkg[..12], b"\xde\x00\x01\xa6Secret\xc4\x20");
        assert_eq!(pkg.len(), 12 + 32);
        assert_eq!(
            &raw_key_package(&[1; 255]).unwrap()[..12],
            b"\xde\x00\x01\xa6Secret\xc4\xff"
        );
        assert_eq!(
            &raw_key_package(&[1; 256]).unwrap()[..13],
            b"\xde\x00\x01\xa6Secret\xc5\x01\x00"
        );
        let pkg = raw_key_package(&[1; 300]).unwrap();
        assert_eq!(&pkg[..13], b"\xde\x00\x01\xa6Secret\xc5\x01\x2c");
        let err = raw_key_package(&[]).unwrap_err();
        assert_eq!(err.code(), "MALFORMED");
        let err = raw_key_package(&[0; 65536]).unwrap_err();
        assert_eq!(err.code(), "MALFORMED");
    }

    #[test]
    fn cubist_pcr8_is_the_sdks_hex() {
        assert_eq!(
            hex::encode(CUBIST_PCR8),
            "2e6d0430c8b0b78316236d03cda2996449e24096b3f5b524031f12eeb5fc19a19db522a846e6240a\
             5f36f26591890ac4"
        );
    }
}
