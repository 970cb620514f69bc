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
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::json::{self, table::wire_struct};

use super::codec::{PinnedSigner, Version1, pinned_signers, signer_infos};
use super::{Fingerprint, SignerSet};

wire_struct! {
    /// The lock file (a format keyport owns: unknown members are refused).
    struct LockFile as "a signers lock", deny_unknown {
        /// Always 1.
        version: Version1 = "keyportSignersLock",
        /// The cluster id.
        cluster_id: String = "clusterId",
        /// The signers, in id byte order.
        signers: Vec<PinnedSigner> = "signers",
        /// The set's fingerprint, hex.
        fingerprint: String = "fingerprint",
    }
}

impl SignerSet {
    /// The lock file text: one compact JSON object and a newline, signers in id byte order,
    /// with the set's fingerprint (so a reader can check the file was not edited by hand).
    pub fn to_lock_json(&self) -> String {
        let file = LockFile {
            version: Version1,
            cluster_id: self.cluster_id().to_string(),
            signers: pinned_signers(self),
            fingerprint: self.fingerprint().to_string(),
        };
        let mut text = json::to_wire_string(&file, 0);
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
        let file: LockFile = json::from_str_malformed(text, WHAT, "")?;
        let set = SignerSet::new(&file.cluster_id, &signer_infos(file.signers))?;
        let recorded = Fingerprint::from_hex(&file.fingerprint)?;
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
