//! Randomness from the operating system (Web Crypto under WASM), probed before use.

use rand_core::UnwrapErr;

use crate::error::{Error, Result};

/// The operating system's cryptographic random number generator.
pub type OsRng = UnwrapErr<getrandom::SysRng>;

/// Return the OS random number generator after checking that it can be read.
///
/// The probe turns a missing source (for example a WASM host without Web Crypto) into
/// [`Error::Randomness`] instead of a panic deep inside a key generation.
pub fn os_rng() -> Result<OsRng> {
    let mut probe = [0u8; 16];
    getrandom::fill(&mut probe).map_err(|_| Error::Randomness)?;
    Ok(UnwrapErr(getrandom::SysRng))
}
