//! What travels inside an envelope: one signer's share and what it needs to check it.
//!
//! - [`dfns_v1`]: the JSON plaintexts Dfns signers speak today, byte for byte.
//! - [`hpke_v1`]: keyport's canonical fixed-width binary payload with Feldman commitments.

pub mod dfns_v1;
pub mod hpke_v1;
