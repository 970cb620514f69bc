//! The primitives under keyport's import and export: sharing, raw envelopes, share payloads,
//! curve arithmetic and the caller's-RNG variants.
//!
//! **Hazardous materials.** Everything here is correct on its own and tested, but each piece
//! leaves a check to its caller that the root API (`keyport::build_import_request`,
//! `keyport::ExportContext`) makes for you. Getting one wrong costs the key:
//!
//! - **A reused or predictable ephemeral** ([`envelope::dfns_v1::seal_with_ephemeral`], or any
//!   `*_with_rng` fed a seeded or shared RNG): dfns-v1 under one ephemeral scalar twice reuses
//!   the AES key *and* the zero nonce, which destroys confidentiality and integrity; an
//!   ephemeral or one-time export key a watcher can predict lets them derive the AES keys and
//!   read every share, which is the key. The RNG-taking forms exist for test vectors and
//!   benchmarks; in production use the root functions, which draw from the OS.
//! - **Skipped commitment checks** ([`sharing::verify_share`], [`sharing::reconstruct`]'s
//!   public-key check, the hpke-v1 dealing digest): a signer that accepts a share without
//!   checking it against the Feldman commitments may hold a share of a key nobody can rebuild,
//!   or of one the dealer chose; a client that rebuilds without the public-key check may hand
//!   out a wrong key as if it were right.
//! - **A context that does not name the signer, index and dealing** ([`envelope::Context`]):
//!   a ciphertext can then be replayed to another signer or spliced into another import.
//! - **Shares of one dealing split across thresholds or signer orders**: share `i` belongs to
//!   the `i`-th signer in signer-id byte order ([`sharing::ShareIndex`]); sealing in another
//!   order gives each signer a share its commitments refuse, or a working share to the wrong
//!   party.
//!
//! Nothing here is needed for an ordinary import or export. Reach for it to build a signer, a
//! test harness, a fuzz target or a new envelope.

/// Curves: the [`Curve`](curve::Curve) trait over secp256k1, ed25519 and the STARK curve,
/// scalar and point encodings, and the STARK field types. A scalar decoded without the range
/// checks here, or a point without the canonical-encoding test, lets two encodings name one
/// key and breaks every byte-identity the SPEC promises.
pub mod curve {
    pub use crate::curve::*;
}

/// Shamir sharing with Feldman commitments: split, deal, verify, interpolate and robust
/// reconstruction with blame. A share used without [`verify_share`](sharing::verify_share) against its dealing's
/// commitments, or a reconstruction without the public-key check, can silently give the
/// wrong key.
pub mod sharing {
    pub use crate::sharing::*;
}

/// Raw envelopes: dfns-v1 ECIES (secp256k1, HKDF-SHA256, AES-256-GCM) and hpke-v1 (RFC 9180)
/// with their keys, the hpke-v1 [`Context`](envelope::Context), and `seal`/`open` without the
/// payload around them. A ciphertext sealed with a reused ephemeral, or under a context that
/// does not name its signer and dealing, gives the share away or lets it be replayed.
pub mod envelope {
    pub use crate::envelope::*;
}

/// Share payloads: the plaintexts inside the envelopes (dfns-v1 JSON, hpke-v1 binary) and the
/// hpke-v1 dealing digest. A payload decoded but not checked against its commitments and the
/// request's dealing digest may be a share of another dealing.
pub mod payload {
    pub use crate::payload::*;
}

pub use crate::export::export_context_with_rng;
pub use crate::import::build_import_request_with_rng;
pub use crate::secret::SecretScalar;
pub use crate::share_codec::import_context;
