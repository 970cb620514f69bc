//! Key formats: what a user hands keyport, and what a user checks a key by.
//!
//! This layer is byte-level. It turns text a person pastes or a wallet exports into a
//! [`ParsedKey`] (a canonical 32-byte big-endian scalar on a named curve, plus a BIP-32 chain
//! code or RFC 8032 seed where the input had one), turns secrets back into the formats wallets
//! import, and derives the public data a user compares before and after a move (public keys
//! and addresses). Which scalars are keys and which bytes are points is decided by
//! [`crate::hazmat::curve`] alone (range checks, point decoding and encoding, the ed25519 seed →
//! scalar derivation); this layer calls it and never restates a curve rule.
//!
//! | format         | input                                                                 |
//! |----------------|-----------------------------------------------------------------------|
//! | `hex`          | 64 hex digits (optional `0x`), a scalar on secp256k1 or stark          |
//! | `wif`          | Bitcoin WIF, mainnet or testnet, compressed or not (secp256k1)         |
//! | `ed25519-seed` | 32-byte RFC 8032 seed, hex or base58                                   |
//! | `ed25519-scalar` | 64 hex digits: the signing scalar an export returns (big-endian)   |
//! | `solana`       | 64-byte keypair, base58 (wallet export) or JSON array (CLI key file)  |
//! | `stark`        | hex scalar below the StarkNet order (leading zeros optional)          |
//! | `mnemonic`     | BIP-39 words (+ passphrase, path): BIP-32 or SLIP-10 derivation        |
//! | `xprv`         | BIP-32 extended private key (+ optional path below it)                 |
//! | `auto`         | any of the above, when the text can only be one of them               |
//!
//! Every secret stays in a zeroizing buffer from the moment it is decoded, and no error
//! message ever contains input bytes: errors name lengths, positions and versions only.
//!
//! ed25519 is special: keyport shares the clamped scalar `SHA-512(seed)[0..32]` reduced mod L,
//! never the seed, so an export can only give that scalar back. See [`ED25519_SCALAR_NOTICE`]
//! and [`ed25519_sign_with_scalar`].

mod address;
mod base58;
mod bip32;
mod bitcoin;
mod detect;
mod ed25519_seed;
mod ed25519_sign;
mod ethereum;
mod hash;
mod hex_text;
mod input;
mod mnemonic;
mod network;
mod output;
mod parsed;
mod path;
mod public;
mod slip10;
mod solana;
mod stark;
mod wif;

pub use address::{Addresses, solana_address, starknet_public_key};
pub use bip32::{DerivedPublicKey, ExtendedPrivateKey, derive_public_child};
pub use bitcoin::{bitcoin_p2pkh, bitcoin_p2tr, bitcoin_p2wpkh, taproot_output_key};
pub use detect::detect_format;
pub use ed25519_seed::{encode_ed25519_seed_base58, encode_ed25519_seed_hex};
pub use ed25519_sign::ed25519_sign_with_scalar;
pub use ethereum::ethereum_address;
pub use input::{KeyFormat, ParseOptions, parse_key, parse_key_bytes, parse_raw_key};
pub use mnemonic::{
    DEFAULT_ED25519_PATH, DEFAULT_SECP256K1_PATH, STANDARD_PATHS, is_standard_path_for,
    mnemonic_to_seed,
};
pub use network::Network;
pub use output::{ED25519_SCALAR_NOTICE, encode_hex_scalar};
pub use parsed::ParsedKey;
pub use path::{ChildIndex, DerivationPath};
pub use public::{ed25519_public_key, secp256k1_public_key};
pub use slip10::Slip10Ed25519Key;
pub use solana::{encode_solana_keypair_base58, encode_solana_keypair_json};
pub use wif::{WifKey, encode_wif, parse_wif};
