//! The signers lock: a pinned [`SignerSet`] in a file, for trust on first use (SPEC.md §8.6).
//!
//! The first run writes the set it saw; every later run compares the set in use with it and
//! refuses a change ([`SignerSet::check_same_as`] with [`PinnedBy::Lock`](super::PinnedBy)),
//! as ssh's `known_hosts` does. Only the encoding is here; reading and writing the file is the
//! caller's (the CLI creates it new, mode 0600, synced).
//!
//! ```text
//! {"keyportSignersLock":1,"clusterId":"c1","fingerprint":"<64 hex>","signers":[{"signerId":"AQ==","encryptionKey":"DA=="},...]}
//! ```

use alloc::string::{String, ToString as _};

use crate::error::{Error, Result};
use crate::json::{Unknown, Writer, read_malformed};

use super::codec::{read_set, version_1, write_set};
use super::{Fingerprint, SignerSet};

impl SignerSet {
    /// The lock file text: one compact JSON object and a newline, signers in id byte order,
    /// with the set's fingerprint (so a reader can check the file was not edited by hand).
    pub fn to_lock_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.key("keyportSignersLock");
        w.u32(1);
        write_set(&mut w, self);
        w.key("fingerprint");
        w.string(&self.fingerprint().to_string());
        w.end_object();
        let mut text = w.finish();
        text.push('\n');
        text
    }

    /// Read a lock file written by [`SignerSet::to_lock_json`].
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signers lock` for another shape (unknown members are
    /// refused), a version other than 1, or a fingerprint that does not match the signers;
    /// the errors of [`SignerSet::new`] for the signers themselves.
    pub fn from_lock_json(text: &str) -> Result<SignerSet> {
        const WHAT: &str = "signers lock";
        let (cluster, signers, fingerprint) = read_malformed(text, WHAT, "", |doc| {
            let f = doc.fields(
                "a signers lock",
                ["keyportSignersLock", "clusterId", "signers", "fingerprint"],
                Unknown::Deny,
            )?;
            version_1(f.required("keyportSignersLock")?, "keyportSignersLock")?;
            let (cluster, signers) = read_set(&f)?;
            Ok((cluster, signers, String::from(f.str("fingerprint")?)))
        })?;
        let set = SignerSet::new(&cluster, &signers)?;
        let recorded = Fingerprint::from_hex(&fingerprint)?;
        if recorded != set.fingerprint() {
            return Err(Error::Malformed {
                what: WHAT,
                reason: alloc::format!(
                    "its fingerprint {recorded} is not that of its signers ({}); the file was \
                     edited or damaged: restore it, or delete it to pin the current signers again",
                    set.fingerprint()
                ),
            });
        }
        Ok(set)
    }
}
