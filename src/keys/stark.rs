//! StarkNet private keys: a hex scalar below the stark order
//! (see [`crate::curve::stark::ORDER`]).
//!
//! Stark keys are field elements and wallets usually print them without leading zeros (every
//! key is below 2^252, so the 64-digit form always starts with 0), so 1 to 64 digits are
//! accepted and left-padded. The range check and the public key come from the stark curve
//! module.

use super::hex_text::decode_hex32_padded;
use super::parsed::ParsedKey;
use crate::curve::CurveId;
use crate::error::Result;

/// Parse a stark private key (optional `0x`, 1 to 64 hex digits).
pub(crate) fn parse_stark_key(text: &str) -> Result<ParsedKey> {
    let secret = decode_hex32_padded(text, "stark key")?;
    ParsedKey::from_scalar(CurveId::Stark, secret)
}
