//! Randomness from the operating system (Web Crypto under WASM), probed before first use.

use core::sync::atomic::{AtomicBool, Ordering};

use rand_core::UnwrapErr;

use crate::error::{Error, Result};

/// The operating system's cryptographic random number generator.
pub type OsRng = UnwrapErr<getrandom::SysRng>;

/// Set once a probe has read the source: a source that worked does not go away, so later
/// calls skip the probe (under WASM each read is a call into JS).
static PROBED: AtomicBool = AtomicBool::new(false);

/// Return the OS random number generator after checking (once per process) that it can be
/// read.
///
/// The probe turns a missing source (for example a WASM host without Web Crypto) into
/// [`Error::Randomness`] instead of a panic deep inside a key generation. A failed probe is
/// not remembered: the next call probes again.
pub fn os_rng() -> Result<OsRng> {
    if !PROBED.load(Ordering::Relaxed) {
        let mut probe = [0u8; 16];
        getrandom::fill(&mut probe).map_err(|_| Error::Randomness)?;
        PROBED.store(true, Ordering::Relaxed);
    }
    Ok(UnwrapErr(getrandom::SysRng))
}
