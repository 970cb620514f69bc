//! Protocol acceptance: keyport's GLOW20_DH shares compute the imported key's Diffie-Hellman.
//!
//! GLOW20_DH (threshold ECDH on secp256k1) has no public implementation, so no real protocol
//! run is possible. What the protocol computes can still be checked: a secp256k1 key goes
//! through keyport's real import (GLOW20_DH, t = 3 of 5, both envelopes; the reference signers
//! open, verify and store their shares), each signer of a set that is not the first three
//! computes its partial `share_i · P` for a peer's point `P`, and the partials combined with
//! the Lagrange coefficients at 0 must equal `secret · P` as `k256` computes it from the
//! original secret (the single-key ECDH the signer set replaces). Everything here is `k256`
//! arithmetic on the stored bytes; no keyport sharing code is used. The protocol's own
//! messages and proofs of correct partials are not covered (SPEC.md §11).

mod acceptance_util;

use acceptance_util::{bytes32, import_via_signers};
use k256::elliptic_curve::PrimeField;
use k256::{ProjectivePoint, Scalar};
use keyport::hazmat::curve::Secp256k1;
use keyport::{EnvelopeKind, ImportKey, Protocol};
use zeroize::Zeroizing;

const T: usize = 3;
const N: usize = 5;

/// Signers (keyport's 1-based x) taking part: not the first three.
const SUBSET: [u16; 3] = [2, 4, 5];

fn scalar(be: &[u8; 32]) -> Scalar {
    Option::from(Scalar::from_repr((*be).into())).expect("a canonical scalar")
}

/// The Lagrange coefficient at 0 of `x_i` within `xs`.
fn lagrange_at_zero(x_i: u16, xs: &[u16]) -> Scalar {
    let xi = Scalar::from(u64::from(x_i));
    xs.iter()
        .filter(|&&x| x != x_i)
        .map(|&x| {
            let xj = Scalar::from(u64::from(x));
            xj * Option::<Scalar>::from((xj - xi).invert()).unwrap()
        })
        .fold(Scalar::ONE, |acc, l| acc * l)
}

#[test]
fn threshold_dh_equals_the_original_keys_dh() {
    for (k, envelope) in [EnvelopeKind::DfnsV1, EnvelopeKind::HpkeV1]
        .into_iter()
        .enumerate()
    {
        let secret = bytes32(0xd1ff_1e00 + k as u64);
        let imported = import_via_signers::<Secp256k1>(
            &ImportKey::Scalar(Zeroizing::new(secret)),
            Protocol::Glow20Dh,
            T,
            N,
            envelope,
            0x610_0000 + k as u64,
        );
        // The peer's ephemeral point P = e·G.
        let peer = ProjectivePoint::GENERATOR * scalar(&bytes32(0xe7e7 + k as u64));
        let expected = (peer * scalar(&secret)).to_affine();

        let combined = SUBSET
            .iter()
            .map(|&x| {
                let party = &imported.parties[usize::from(x - 1)];
                assert_eq!(party.index, x);
                // What signer x sends: its partial DH value.
                let partial = peer * scalar(&party.share_be);
                partial * lagrange_at_zero(x, &SUBSET)
            })
            .fold(ProjectivePoint::IDENTITY, |acc, p| acc + p)
            .to_affine();
        assert_eq!(combined, expected, "{envelope:?}");

        // Not vacuous: two signers' partials do not give the shared secret.
        let two = [SUBSET[0], SUBSET[1]]
            .iter()
            .map(|&x| {
                peer * scalar(&imported.parties[usize::from(x - 1)].share_be)
                    * lagrange_at_zero(x, &SUBSET[..2])
            })
            .fold(ProjectivePoint::IDENTITY, |acc, p| acc + p)
            .to_affine();
        assert_ne!(two, expected);
    }
}
