//! [`SignerSet`]: the signers a client encrypts to, in one canonical form, with its
//! [`Fingerprint`] and the [`SetDiff`] between two sets (SPEC.md §8.4).
//!
//! Every check of "are these the signers I meant?" goes through here: `--expect-signers`
//! compares fingerprints, a signers lock and a signed manifest compare whole sets and name what
//! differs.

use alloc::string::{String, ToString as _};
use alloc::vec::Vec;
use core::fmt;

use sha2::{Digest as _, Sha256};

use crate::api::SignerInfo;
use crate::error::{Error, Result};
use crate::signer_id::SignerId;

/// What pinned the set a [`SignerSet::check_same_as`] compares with; names it in the error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinnedBy {
    /// A signers lock file (trust on first use).
    Lock,
    /// A signed signer manifest.
    Manifest,
}

impl PinnedBy {
    /// How an error message names it.
    pub const fn as_str(self) -> &'static str {
        match self {
            PinnedBy::Lock => "the signers lock",
            PinnedBy::Manifest => "the signed manifest",
        }
    }
}

/// A signer set: a cluster id and signers (id and encryption key bytes), sorted by id bytes,
/// each id once, every field at most 65535 bytes. Built only by [`SignerSet::new`], so every
/// value can be fingerprinted and encoded without failing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerSet {
    cluster_id: String,
    signers: Vec<(SignerId, Vec<u8>)>,
}

/// The SHA-256 fingerprint of a [`SignerSet`] (SPEC.md §8.4). Shown as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The 32 bytes.
    pub const fn to_bytes(self) -> [u8; 32] {
        self.0
    }

    /// Parse 64 hex digits (either case; surrounding whitespace is ignored).
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signer-set fingerprint` for anything else.
    pub fn from_hex(text: &str) -> Result<Self> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut out).map_err(|_| Error::Malformed {
            what: "signer-set fingerprint",
            reason: "expected 64 hex digits (SHA-256)".into(),
        })?;
        Ok(Self(out))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `hex` rather than `{:02x}` per byte: the WASM module already has it.
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// How one signer set differs from another, signer ids as canonical base64, each list in id
/// byte order. Empty (see [`SetDiff::is_empty`]) when the sets are equal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetDiff {
    /// `(was, now)` when the cluster id changed.
    pub cluster: Option<(String, String)>,
    /// Signers in the new set only.
    pub added: Vec<String>,
    /// Signers in the old set only.
    pub removed: Vec<String>,
    /// Signers in both whose encryption key changed.
    pub changed: Vec<String>,
}

impl SetDiff {
    /// Whether the two sets were equal.
    pub fn is_empty(&self) -> bool {
        self.cluster.is_none()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

impl fmt::Display for SetDiff {
    /// One line per difference: `cluster id: "a" -> "b"`, `added signer X`, `removed signer X`,
    /// `key changed: signer X`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some((was, now)) = &self.cluster {
            write!(f, "cluster id: {was:?} -> {now:?}")?;
            sep = "\n";
        }
        for (label, ids) in [
            ("added signer", &self.added),
            ("removed signer", &self.removed),
            ("key changed: signer", &self.changed),
        ] {
            for id in ids {
                write!(f, "{sep}{label} {id}")?;
                sep = "\n";
            }
        }
        Ok(())
    }
}

impl SignerSet {
    /// The set of `signers` (any order) in cluster `cluster_id` (empty for a bare signers
    /// array). Ids are decoded by [`SignerId::from_base64`]; keys are standard padded base64.
    ///
    /// # Errors
    /// [`Error::NoSigners`] for an empty list, [`Error::DuplicateSigner`] for an id given twice,
    /// [`Error::Malformed`] for an id or key that does not decode, or a cluster id or key longer
    /// than 65535 bytes.
    pub fn new(cluster_id: &str, signers: &[SignerInfo]) -> Result<Self> {
        if signers.is_empty() {
            return Err(Error::NoSigners);
        }
        check_len16(cluster_id.as_bytes(), "clusterId")?;
        let mut decoded = Vec::with_capacity(signers.len());
        for s in signers {
            let key = keyport_hotpath::base64::decode(&s.encryption_key).map_err(|_| {
                Error::Malformed {
                    what: "encryptionKey",
                    reason: "not valid standard base64 with '=' padding".into(),
                }
            })?;
            check_len16(&key, "encryptionKey")?;
            decoded.push((SignerId::from_base64(&s.signer_id)?, key));
        }
        // Sorted through `find_duplicate`'s sort of bare ids, the one sort of ids the WASM
        // module already has: a sort of (id, key) pairs was a new instantiation of about 4 KB
        // gzipped there. Each key is then put in its id's place by binary search.
        let mut ids: Vec<SignerId> = decoded.iter().map(|(id, _)| id.clone()).collect();
        if let Some(dup) = crate::signer_id::find_duplicate(&mut ids) {
            return Err(Error::DuplicateSigner {
                signer_id: dup.to_base64(),
            });
        }
        let mut keys: Vec<Vec<u8>> = alloc::vec![Vec::new(); ids.len()];
        for (id, key) in decoded {
            // Every id is found: `ids` holds exactly these ids, each once.
            if let Some(slot) = ids.binary_search(&id).ok().and_then(|i| keys.get_mut(i)) {
                *slot = key;
            }
        }
        let decoded: Vec<(SignerId, Vec<u8>)> = ids.into_iter().zip(keys).collect();
        Ok(Self {
            cluster_id: cluster_id.into(),
            signers: decoded,
        })
    }

    /// The cluster id (empty for a bare signers array).
    pub fn cluster_id(&self) -> &str {
        &self.cluster_id
    }

    /// How many signers.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Always `false`: a set has at least one signer.
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }

    /// The signers in id byte order, as the API writes them (canonical padded base64).
    pub fn to_signer_infos(&self) -> Vec<SignerInfo> {
        self.signers
            .iter()
            .map(|(id, key)| SignerInfo {
                signer_id: id.to_base64(),
                encryption_key: keyport_hotpath::base64::encode(key),
            })
            .collect()
    }

    /// The canonical encoding the fingerprint hashes (SPEC.md §8.4): `len16(clusterId) ||
    /// clusterId`, then per signer in id byte order `len16(id) || id || len16(key) || key`.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let size = 2
            + self.cluster_id.len()
            + self
                .signers
                .iter()
                .map(|(id, key)| 4 + id.as_bytes().len() + key.len())
                .sum::<usize>();
        let mut out = Vec::with_capacity(size);
        push_len16(&mut out, self.cluster_id.as_bytes());
        for (id, key) in &self.signers {
            push_len16(&mut out, id.as_bytes());
            push_len16(&mut out, key);
        }
        out
    }

    /// SHA-256 of [`SignerSet::canonical_bytes`].
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint(Sha256::digest(self.canonical_bytes()).into())
    }

    /// What changed from `self` (the pinned set) to `now`.
    pub fn diff(&self, now: &SignerSet) -> SetDiff {
        let mut d = SetDiff::default();
        if self.cluster_id != now.cluster_id {
            d.cluster = Some((self.cluster_id.clone(), now.cluster_id.clone()));
        }
        let (mut i, mut j) = (0, 0);
        // A merge of the two sorted lists.
        loop {
            match (self.signers.get(i), now.signers.get(j)) {
                (None, None) => break,
                (Some((a, _)), None) => {
                    d.removed.push(a.to_base64());
                    i += 1;
                }
                (None, Some((b, _))) => {
                    d.added.push(b.to_base64());
                    j += 1;
                }
                (Some((a, ka)), Some((b, kb))) => match a.cmp(b) {
                    core::cmp::Ordering::Less => {
                        d.removed.push(a.to_base64());
                        i += 1;
                    }
                    core::cmp::Ordering::Greater => {
                        d.added.push(b.to_base64());
                        j += 1;
                    }
                    core::cmp::Ordering::Equal => {
                        if ka != kb {
                            d.changed.push(a.to_base64());
                        }
                        i += 1;
                        j += 1;
                    }
                },
            }
        }
        d
    }

    /// Refuse `self` (the set in use) unless its fingerprint is `expected`.
    ///
    /// # Errors
    /// [`Error::SignerFingerprintMismatch`] naming both fingerprints.
    pub fn check_fingerprint(&self, expected: &Fingerprint) -> Result<()> {
        let found = self.fingerprint();
        if found == *expected {
            Ok(())
        } else {
            Err(Error::SignerFingerprintMismatch {
                expected: expected.to_string(),
                found: found.to_string(),
            })
        }
    }

    /// Refuse `self` (the set in use) unless it equals `pinned`.
    ///
    /// # Errors
    /// [`Error::SignerSetChanged`] naming the cluster change and every signer added, removed or
    /// whose key changed.
    pub fn check_same_as(&self, pinned: &SignerSet, by: PinnedBy) -> Result<()> {
        let d = pinned.diff(self);
        if d.is_empty() {
            return Ok(());
        }
        Err(Error::SignerSetChanged {
            pinned_by: by.as_str(),
            pinned: pinned.fingerprint().to_string(),
            found: self.fingerprint().to_string(),
            diff: alloc::boxed::Box::new(d),
        })
    }
}

/// Refuse a field too long for a `len16` prefix.
fn check_len16(bytes: &[u8], what: &'static str) -> Result<()> {
    if bytes.len() > usize::from(u16::MAX) {
        return Err(Error::Malformed {
            what,
            reason: alloc::format!("{} bytes; at most 65535 are allowed", bytes.len()),
        });
    }
    Ok(())
}

/// Append `len16(bytes) || bytes`; the length was checked by [`SignerSet::new`].
fn push_len16(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
}
