//! BIP-32 derivation paths such as `m/44'/60'/0'/0/0`.

use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// The hardened bit of a BIP-32 child index.
const HARDENED: u32 = 0x8000_0000;
/// BIP-32 serializes depth in one byte.
const MAX_DEPTH: usize = 255;

/// One step of a derivation path: an index below 2^31 and whether it is hardened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChildIndex(u32);

impl ChildIndex {
    /// A non-hardened index (`i` below 2^31).
    pub fn normal(i: u32) -> Result<Self> {
        if i >= HARDENED {
            return Err(Error::InvalidPath {
                reason: "an index must be below 2^31",
            });
        }
        Ok(ChildIndex(i))
    }

    /// A hardened index (`i'`, with `i` below 2^31).
    pub fn hardened(i: u32) -> Result<Self> {
        ChildIndex::normal(i).map(|c| ChildIndex(c.0 | HARDENED))
    }

    /// From the 32-bit value BIP-32 serializes (hardened bit included).
    pub const fn from_raw(raw: u32) -> Self {
        ChildIndex(raw)
    }

    /// The 32-bit value BIP-32 serializes (`ser32(i)`, hardened bit included).
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// Whether this step is hardened.
    pub const fn is_hardened(self) -> bool {
        self.0 & HARDENED != 0
    }

    /// The index without the hardened bit.
    pub const fn index(self) -> u32 {
        self.0 & !HARDENED
    }
}

impl fmt::Display for ChildIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_hardened() {
            write!(f, "{}'", self.index())
        } else {
            write!(f, "{}", self.index())
        }
    }
}

/// A derivation path: `m` followed by zero or more `/i` or `/i'` steps.
///
/// Parsing accepts `'`, `h` and `H` as hardened markers, and a path without the leading
/// `m/` (then read relative to the key it is applied to, which is also how `m` reads
/// below an `xprv`). At most 255 steps; indices below 2^31.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DerivationPath(Vec<ChildIndex>);

impl DerivationPath {
    /// The empty path (`m`).
    pub const fn master() -> Self {
        DerivationPath(Vec::new())
    }

    /// A path from its steps.
    pub fn from_steps(steps: Vec<ChildIndex>) -> Result<Self> {
        if steps.len() > MAX_DEPTH {
            return Err(Error::InvalidPath {
                reason: "a path has at most 255 steps",
            });
        }
        Ok(DerivationPath(steps))
    }

    /// The steps, first to last.
    pub fn steps(&self) -> &[ChildIndex] {
        &self.0
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether this is `m` itself.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for DerivationPath {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        let body = match t {
            "m" | "" => return Ok(DerivationPath::master()),
            _ => t.strip_prefix("m/").unwrap_or(t),
        };
        let mut steps = Vec::new();
        for segment in body.split('/') {
            let (digits, hardened) = match segment
                .strip_suffix('\'')
                .or_else(|| segment.strip_suffix('h'))
                .or_else(|| segment.strip_suffix('H'))
            {
                Some(d) => (d, true),
                None => (segment, false),
            };
            if digits.is_empty() {
                return Err(Error::InvalidPath {
                    reason: "a step is empty (two slashes, or a slash at the end)",
                });
            }
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::InvalidPath {
                    reason: "a step is not a decimal number with an optional ' (or h) after it",
                });
            }
            let index: u32 = digits.parse().map_err(|_| Error::InvalidPath {
                reason: "an index must be below 2^31",
            })?;
            steps.push(if hardened {
                ChildIndex::hardened(index)?
            } else {
                ChildIndex::normal(index)?
            });
        }
        DerivationPath::from_steps(steps)
    }
}

impl fmt::Display for DerivationPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("m")?;
        for step in &self.0 {
            write!(f, "/{step}")?;
        }
        Ok(())
    }
}
