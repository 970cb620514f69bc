//! The hpke-v1 share payload: canonical, fixed-width, big-endian binary.
//!
//! ```text
//! version    u8   = 1
//! curve      u8   (1 secp256k1, 2 ed25519, 3 stark)
//! index      u16  (1..=n, the share's x-coordinate)
//! threshold  u16  (t >= 2)
//! share      32 bytes, big-endian scalar, non-zero, < order
//! commitments t × compressed point (33 bytes; 32 on ed25519), C_0 = group public key
//! chain code  optional, 32 bytes (master keys)
//! ```
//!
//! The decoder is strict: exact length, canonical scalars and points, no identity, and the
//! share must satisfy `share·G == Σ C_k·index^k`.

use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use crate::curve::{Curve, CurveId, PointForm, SCALAR_LEN};
use crate::error::{Error, Result};
use crate::sharing::{Commitments, Identifier, SecretShare, Threshold, verify_share};

/// The payload version this code writes and reads.
pub const VERSION: u8 = 1;

const HEADER_LEN: usize = 1 + 1 + 2 + 2;

/// A BIP-32 chain code carried with a master key (secret: with the public key it derives
/// every non-hardened child public key, and with one child private key, the parent's). Wiped on
/// drop.
pub type ChainCode = Zeroizing<[u8; 32]>;

/// A decoded, verified hpke-v1 payload.
pub struct SharePayload<C: Curve> {
    /// The signer's share, at `x = index`.
    pub share: SecretShare<C>,
    /// The Feldman commitments; `commitments.public_key()` is the group key.
    pub commitments: Commitments<C>,
    /// The chain code, for master keys.
    pub chain_code: Option<ChainCode>,
}

impl<C: Curve> fmt::Debug for SharePayload<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharePayload")
            .field("share", &self.share)
            .field("threshold", &self.commitments.threshold())
            .field("chain_code", &self.chain_code.as_ref().map(|_| "<present>"))
            .finish()
    }
}

fn malformed(reason: impl Into<alloc::string::String>) -> Error {
    Error::Malformed {
        what: "hpke-v1 share payload",
        reason: reason.into(),
    }
}

/// Encode the commitments once; every signer's payload reuses the bytes.
pub fn encode_commitments<C: Curve>(commitments: &Commitments<C>) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(commitments.threshold() * C::COMPRESSED_LEN);
    for p in commitments.encode(PointForm::Compressed)? {
        out.extend_from_slice(&p);
    }
    Ok(out)
}

/// Length of a dealing digest.
pub const DEALING_DIGEST_LEN: usize = 32;

/// The label that starts every dealing digest's input.
const DEALING_LABEL: &[u8] = b"keyport dealing v1";

/// The dealing digest of an hpke-v1 import (SPEC.md §7.1.1): SHA-256 over
/// `"keyport dealing v1" || 0x00 || curve(1) || u16(t) || commitments || has_chain_code(1) ||
/// chain code (32, if any)`.
///
/// It names one dealing (commitments and chain code). The import request carries it; every
/// signer binds it into its context and checks its own payload against it, which makes every
/// accepting signer hold a share of the same dealing without talking to the others. The
/// chain code is secret but 32 random bytes: the digest does not reveal it.
pub fn dealing_digest<C: Curve>(
    threshold: Threshold,
    encoded_commitments: &[u8],
    chain_code: Option<&[u8; 32]>,
) -> Result<[u8; DEALING_DIGEST_LEN]> {
    use sha2::{Digest, Sha256};
    let t = threshold.to_u16();
    if encoded_commitments.len() != threshold.get() * C::COMPRESSED_LEN {
        return Err(malformed("commitment bytes do not match the threshold"));
    }
    let mut h = Sha256::new();
    h.update(DEALING_LABEL);
    h.update([0u8, C::ID.to_byte()]);
    h.update(t.to_be_bytes());
    h.update(encoded_commitments);
    match chain_code {
        None => h.update([0u8]),
        Some(cc) => {
            h.update([1u8]);
            h.update(cc);
        }
    }
    Ok(h.finalize().into())
}

/// Encode one signer's payload. `encoded_commitments` comes from [`encode_commitments`].
pub fn encode<C: Curve>(
    share: &SecretShare<C>,
    threshold: Threshold,
    encoded_commitments: &[u8],
    chain_code: Option<&[u8; 32]>,
) -> Result<Zeroizing<Vec<u8>>> {
    let index = share
        .identifier()
        .as_index()
        .ok_or_else(|| malformed("share index must be 1..=65535"))?;
    let t = threshold.to_u16();
    if encoded_commitments.len() != threshold.get() * C::COMPRESSED_LEN {
        return Err(malformed("commitment bytes do not match the threshold"));
    }
    let mut out = Zeroizing::new(Vec::with_capacity(
        HEADER_LEN + SCALAR_LEN + encoded_commitments.len() + 32,
    ));
    out.push(VERSION);
    out.push(C::ID.to_byte());
    out.extend_from_slice(&index.to_be_bytes());
    out.extend_from_slice(&t.to_be_bytes());
    out.extend_from_slice(&*share.value_be_bytes());
    out.extend_from_slice(encoded_commitments);
    if let Some(cc) = chain_code {
        out.extend_from_slice(cc);
    }
    Ok(out)
}

/// Read the curve byte of a payload without decoding the rest (for runtime dispatch).
pub fn peek_curve(bytes: &[u8]) -> Result<CurveId> {
    match bytes {
        [VERSION, curve, ..] => CurveId::from_byte(*curve),
        [v, _, ..] => Err(Error::UnsupportedVersion {
            what: "hpke-v1 share payload",
            found: u32::from(*v),
            supported: u32::from(VERSION),
        }),
        _ => Err(malformed("shorter than its header")),
    }
}

/// A payload with its fixed-width fields checked but its commitments still encoded.
///
/// Decoding `t` compressed points costs `t` square roots (about 1.5 ms each on stark). A
/// reader that can prove what it needs without them (export recovery, when every share lies
/// on one polynomial whose constant term is the public key) uses this and never pays for
/// them; [`decode`] decodes and verifies everything.
pub struct ParsedPayload<'a, C: Curve> {
    /// The signer's share, at `x = index`.
    pub share: SecretShare<C>,
    /// The threshold `t` the payload states.
    pub threshold: usize,
    /// The `t` compressed commitments, back to back, as sent (not yet decoded).
    pub commitment_bytes: &'a [u8],
    /// The chain code, for master keys.
    pub chain_code: Option<ChainCode>,
}

impl<C: Curve> fmt::Debug for ParsedPayload<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedPayload")
            .field("share", &self.share)
            .field("threshold", &self.threshold)
            .field("chain_code", &self.chain_code.as_ref().map(|_| "<present>"))
            .finish()
    }
}

impl<'a, C: Curve> ParsedPayload<'a, C> {
    /// The encoded `C_0`, which is the group public key, compressed.
    pub fn public_key_bytes(&self) -> &'a [u8] {
        // `parse` guarantees `t >= 2` points of `COMPRESSED_LEN` bytes.
        self.commitment_bytes
            .get(..C::COMPRESSED_LEN)
            .unwrap_or_default()
    }

    /// Decode the commitments (strictly) and check the share against them.
    pub fn verify(self) -> Result<SharePayload<C>> {
        let commitments = Commitments::new(
            self.commitment_bytes
                .chunks_exact(C::COMPRESSED_LEN)
                .map(C::decode_point)
                .collect::<Result<Vec<_>>>()?,
        )?;
        verify_share(&self.share, &commitments)?;
        Ok(SharePayload {
            share: self.share,
            commitments,
            chain_code: self.chain_code,
        })
    }
}

/// Check a payload's layout and decode its share, leaving the commitments encoded.
///
/// Everything [`decode`] checks except the commitment points and the share's consistency
/// with them: version, curve, exact length, `t >= 2`, a canonical non-zero share scalar and
/// a non-zero index.
pub fn parse<C: Curve>(bytes: &[u8]) -> Result<ParsedPayload<'_, C>> {
    if peek_curve(bytes)? != C::ID {
        return Err(malformed(alloc::format!(
            "payload is not for curve {}",
            C::ID
        )));
    }
    let (header, rest) = bytes
        .split_at_checked(HEADER_LEN)
        .ok_or_else(|| malformed("shorter than its header"))?;
    let index = u16::from_be_bytes([header[2], header[3]]);
    let t = usize::from(u16::from_be_bytes([header[4], header[5]]));
    if t < 2 {
        return Err(Error::InvalidThreshold { threshold: t, n: t });
    }
    let body = SCALAR_LEN + t * C::COMPRESSED_LEN;
    let chain_code = match rest.len() {
        l if l == body => None,
        l if l == body + 32 => {
            let mut cc = Zeroizing::new([0u8; 32]);
            cc.copy_from_slice(&rest[body..]);
            Some(cc)
        }
        l => {
            return Err(malformed(alloc::format!(
                "{} bytes after the header; expected {body} (or {} with a chain code) for threshold {t}",
                l,
                body + 32
            )));
        }
    };
    let (scalar, points) = rest.split_at(SCALAR_LEN);
    let value = crate::curve::decode_nonzero_scalar::<C>(scalar)?;
    let share = SecretShare::new(Identifier::from_index(index)?, value)?;
    Ok(ParsedPayload {
        share,
        threshold: t,
        commitment_bytes: &points[..t * C::COMPRESSED_LEN],
        chain_code,
    })
}

/// Decode and verify a payload.
pub fn decode<C: Curve>(bytes: &[u8]) -> Result<SharePayload<C>> {
    parse::<C>(bytes)?.verify()
}
