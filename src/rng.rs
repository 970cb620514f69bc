//! Randomness from the operating system (Web Crypto under WASM), probed before first use and
//! read in blocks.

use core::convert::Infallible;
use core::sync::atomic::{AtomicBool, Ordering};

use rand_core::{TryCryptoRng, TryRng};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// Bytes [`OsRng`] reads from the operating system at a time: enough for an import of five
/// shares (its coefficients and ephemeral keys) in one read.
const BLOCK: usize = 256;

/// The operating system's cryptographic random number generator, read in blocks of 256 bytes.
///
/// Under WASM every read of the OS source is a call into JavaScript (`crypto.getRandomValues`)
/// that costs more than the bytes it returns, and an import draws a dozen or more 32-byte
/// values. `OsRng` reads a block at a time, hands out each byte once, wipes each byte as it
/// hands it out, and wipes the rest of the block when dropped. The block lives in this value
/// only: nothing is kept between values or in a static. Requests of a block or more go
/// straight to the OS.
///
/// A read that fails after [`os_rng`]'s probe succeeded panics (the trait has no error to
/// return, and continuing without randomness is never acceptable).
pub struct OsRng {
    block: Zeroizing<[u8; BLOCK]>,
    /// Bytes of `block` already handed out (and wiped); `BLOCK` means empty.
    used: usize,
}

impl core::fmt::Debug for OsRng {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("OsRng")
    }
}

impl OsRng {
    fn fill(&mut self, mut dst: &mut [u8]) {
        if dst.len() >= BLOCK {
            read_os(dst);
            return;
        }
        while !dst.is_empty() {
            if self.used >= BLOCK {
                read_os(self.block.as_mut_slice());
                self.used = 0;
            }
            let take = dst.len().min(BLOCK - self.used);
            let (now, rest) = dst.split_at_mut(take);
            if let Some(src) = self.block.get_mut(self.used..self.used + take) {
                now.copy_from_slice(src);
                src.zeroize();
            }
            self.used += take;
            dst = rest;
        }
    }
}

fn read_os(dst: &mut [u8]) {
    // `OsRng` only exists after `os_rng`'s probe read this source successfully; a source that
    // then fails is a broken platform, and handing out non-random bytes is never acceptable.
    if getrandom::fill(dst).is_err() {
        panic!("the OS random number generator failed after a successful probe");
    }
}

impl TryRng for OsRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> core::result::Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> core::result::Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Infallible> {
        self.fill(dst);
        Ok(())
    }
}

impl TryCryptoRng for OsRng {}

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
    Ok(OsRng {
        block: Zeroizing::new([0u8; BLOCK]),
        used: BLOCK,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::Rng;

    #[test]
    fn bytes_are_handed_out_once_and_wiped() {
        let mut rng = os_rng().unwrap();
        let mut a = [0u8; 40];
        rng.fill_bytes(&mut a);
        assert_eq!(rng.used, 40);
        assert!(
            rng.block[..40].iter().all(|&b| b == 0),
            "handed-out bytes are wiped"
        );
        let mut b = [0u8; 40];
        rng.fill_bytes(&mut b);
        assert_ne!(a, b);
        assert_eq!(rng.used, 80);
    }

    #[test]
    fn requests_across_the_block_end_and_larger_than_a_block() {
        let mut rng = os_rng().unwrap();
        let mut first = [0u8; BLOCK - 3];
        rng.fill_bytes(&mut first);
        let mut straddle = [0u8; 10];
        rng.fill_bytes(&mut straddle);
        assert_eq!(rng.used, 7, "a new block was read for the last 7 bytes");
        let mut big = [0u8; 2 * BLOCK + 1];
        rng.fill_bytes(&mut big);
        assert_eq!(rng.used, 7, "large requests bypass the block");
        assert!(big.iter().any(|&b| b != 0));
        let words: [u64; 4] = core::array::from_fn(|_| rng.next_u64());
        assert!(words.windows(2).all(|w| w[0] != w[1]));
        assert_eq!(rng.used, 39);
    }

    #[test]
    fn debug_shows_no_bytes() {
        let mut rng = os_rng().unwrap();
        let _ = rng.next_u32();
        assert_eq!(alloc::format!("{rng:?}"), "OsRng");
    }
}
