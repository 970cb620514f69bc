//! Signing protocols and which curves they run on.

use core::fmt;

use crate::curve::CurveId;
use crate::error::{Error, Result};

/// A threshold-signing protocol, by its API name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// CGGMP21 threshold ECDSA.
    Cggmp21,
    /// CGGMP24 threshold ECDSA.
    Cggmp24,
    /// KU23 threshold ECDSA.
    Ku23,
    /// FROST threshold EdDSA (ed25519).
    Frost,
    /// FROST for BIP-340 Schnorr (secp256k1, Taproot).
    FrostBitcoin,
    /// GLOW20 threshold Diffie–Hellman.
    Glow20Dh,
}

/// Every valid (protocol, curve) pair.
pub const VALID_PAIRS: [(Protocol, CurveId); 9] = [
    (Protocol::Cggmp21, CurveId::Secp256k1),
    (Protocol::Cggmp21, CurveId::Stark),
    (Protocol::Cggmp24, CurveId::Secp256k1),
    (Protocol::Cggmp24, CurveId::Stark),
    (Protocol::Ku23, CurveId::Secp256k1),
    (Protocol::Ku23, CurveId::Stark),
    (Protocol::Frost, CurveId::Ed25519),
    (Protocol::FrostBitcoin, CurveId::Secp256k1),
    (Protocol::Glow20Dh, CurveId::Secp256k1),
];

impl Protocol {
    /// Every protocol.
    pub const ALL: [Protocol; 6] = [
        Protocol::Cggmp21,
        Protocol::Cggmp24,
        Protocol::Ku23,
        Protocol::Frost,
        Protocol::FrostBitcoin,
        Protocol::Glow20Dh,
    ];

    /// The API name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Protocol::Cggmp21 => "CGGMP21",
            Protocol::Cggmp24 => "CGGMP24",
            Protocol::Ku23 => "KU23",
            Protocol::Frost => "FROST",
            Protocol::FrostBitcoin => "FROST_BITCOIN",
            Protocol::Glow20Dh => "GLOW20_DH",
        }
    }

    /// Whether this protocol runs on `curve`.
    pub fn supports(self, curve: CurveId) -> bool {
        VALID_PAIRS.contains(&(self, curve))
    }
}

/// Check that `protocol` runs on `curve`; the error lists every valid pair.
pub fn check_pair(protocol: Protocol, curve: CurveId) -> Result<()> {
    if protocol.supports(curve) {
        Ok(())
    } else {
        Err(Error::UnsupportedScheme {
            protocol: protocol.as_str(),
            curve: curve.as_str(),
        })
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for Protocol {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Protocol::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| Error::UnknownProtocol(s.into()))
    }
}
