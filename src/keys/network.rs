//! Bitcoin networks, for the version bytes and address prefixes that differ between them.

use core::fmt;

/// A Bitcoin network. Signet and testnet4 share testnet's prefixes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Network {
    /// Bitcoin mainnet.
    #[default]
    Mainnet,
    /// Testnet (testnet3, testnet4, signet).
    Testnet,
    /// Regtest (testnet version bytes, `bcrt` segwit addresses).
    Regtest,
}

impl Network {
    /// The WIF version byte (0x80 mainnet, 0xef otherwise).
    pub const fn wif_version(self) -> u8 {
        match self {
            Network::Mainnet => 0x80,
            Network::Testnet | Network::Regtest => 0xef,
        }
    }

    /// The P2PKH address version byte (0x00 mainnet, 0x6f otherwise).
    pub const fn p2pkh_version(self) -> u8 {
        match self {
            Network::Mainnet => 0x00,
            Network::Testnet | Network::Regtest => 0x6f,
        }
    }

    /// The BIP-32 extended private key version (`xprv` mainnet, `tprv` otherwise).
    pub const fn xprv_version(self) -> u32 {
        match self {
            Network::Mainnet => 0x0488_ade4,
            Network::Testnet | Network::Regtest => 0x0435_8394,
        }
    }

    /// The segwit human-readable part.
    pub(crate) fn hrp(self) -> bech32::Hrp {
        match self {
            Network::Mainnet => bech32::hrp::BC,
            Network::Testnet => bech32::hrp::TB,
            Network::Regtest => bech32::hrp::BCRT,
        }
    }

    /// The name used in messages and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Network::Mainnet => "mainnet",
            Network::Testnet => "testnet",
            Network::Regtest => "regtest",
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
