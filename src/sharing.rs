//! Shamir secret sharing with Feldman commitments, checked and robust reconstruction.
//!
//! The polynomial arithmetic is written here rather than taken from `vsss-rs`: splitting is a
//! few lines of Horner evaluation, and doing it ourselves lets every commitment and public share
//! use the curve's fixed-base table (vsss-rs computes Feldman commitments variable-base, about 8x
//! slower on k256) and lets each envelope pay only for the points it sends. The test suite
//! cross-checks the results against `vsss-rs`.

use alloc::vec::Vec;
use core::fmt;

use ff::Field;
use group::Group;
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::curve::{Curve, PointForm, SCALAR_LEN};
use crate::error::{Error, Result};
use crate::secret::SecretScalar;

/// The largest number of shares keyport splits into or combines.
///
/// It bounds the O(n²) interpolation work an attacker-supplied response can cause.
pub const MAX_SHARES: usize = 4096;

/// The x-coordinate of a share: a non-zero scalar.
///
/// Shares made by keyport use x = 1..=n; shares returned by an export may carry any non-zero
/// scalar.
pub struct Identifier<C: Curve>(C::Scalar);

impl<C: Curve> Identifier<C> {
    /// The identifier `x = index`. Index 0 is rejected: the secret lives at x = 0.
    pub fn from_index(index: u16) -> Result<Self> {
        if index == 0 {
            return Err(Error::ZeroScalar);
        }
        Ok(Self(C::Scalar::from(u64::from(index))))
    }

    /// The identifier of a [`ShareIndex`], which is never zero.
    pub(crate) fn from_nonzero_index(index: u16) -> Self {
        Self(C::Scalar::from(u64::from(index)))
    }

    /// Wrap an arbitrary scalar, rejecting zero.
    pub fn from_scalar(x: C::Scalar) -> Result<Self> {
        if bool::from(x.is_zero()) {
            return Err(Error::ZeroScalar);
        }
        Ok(Self(x))
    }

    /// Decode a canonical non-zero 32-byte big-endian scalar.
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self> {
        crate::curve::decode_nonzero_scalar::<C>(bytes).map(Self)
    }

    /// The scalar value.
    pub fn to_scalar(&self) -> C::Scalar {
        self.0
    }

    /// 32 big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; SCALAR_LEN] {
        C::scalar_to_be_bytes(&self.0)
    }

    /// The index when the identifier is a small integer (1..=65535), else `None`.
    pub fn as_index(&self) -> Option<u16> {
        let be = self.to_be_bytes();
        let (high, low) = be.split_at(SCALAR_LEN - 2);
        if high.iter().any(|&b| b != 0) {
            return None;
        }
        let v = u16::from_be_bytes([low[0], low[1]]);
        (v != 0).then_some(v)
    }
}

impl<C: Curve> Clone for Identifier<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Curve> Copy for Identifier<C> {}
impl<C: Curve> PartialEq for Identifier<C> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<C: Curve> Eq for Identifier<C> {}
impl<C: Curve> fmt::Debug for Identifier<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_index() {
            Some(i) => write!(f, "Identifier({i})"),
            None => write!(f, "Identifier(0x{})", hex::encode(self.to_be_bytes())),
        }
    }
}

/// One signer's share of a secret: `(x, f(x))`. Wiped on drop; `Debug` redacts the value.
pub struct SecretShare<C: Curve> {
    identifier: Identifier<C>,
    value: C::Scalar,
}

impl<C: Curve> SecretShare<C> {
    /// A share from its parts. The value must be non-zero (a zero share is never produced by an
    /// honest dealer with overwhelming probability, and the API rejects it).
    pub fn new(identifier: Identifier<C>, value: C::Scalar) -> Result<Self> {
        if bool::from(value.is_zero()) {
            return Err(Error::ZeroScalar);
        }
        Ok(Self { identifier, value })
    }

    /// Where the share sits on the polynomial.
    pub fn identifier(&self) -> Identifier<C> {
        self.identifier
    }

    /// The share value `f(x)`.
    pub fn value(&self) -> &C::Scalar {
        &self.value
    }

    /// The share value as 32 big-endian bytes, wiped on drop.
    pub fn value_be_bytes(&self) -> Zeroizing<[u8; SCALAR_LEN]> {
        Zeroizing::new(C::scalar_to_be_bytes(&self.value))
    }

    /// The public share `G·f(x)`.
    pub fn public_share(&self) -> C::Point {
        C::mul_base(&self.value)
    }
}

impl<C: Curve> Clone for SecretShare<C> {
    fn clone(&self) -> Self {
        Self {
            identifier: self.identifier,
            value: self.value,
        }
    }
}

impl<C: Curve> Drop for SecretShare<C> {
    fn drop(&mut self) {
        self.value.zeroize();
    }
}
impl<C: Curve> ZeroizeOnDrop for SecretShare<C> {}

impl<C: Curve> fmt::Debug for SecretShare<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretShare")
            .field("identifier", &self.identifier)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// Feldman commitments `C_k = G·a_k` to the coefficients of the sharing polynomial.
/// `C_0` is the group public key; there are `t` of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commitments<C: Curve>(Vec<C::Point>);

impl<C: Curve> Commitments<C> {
    /// Wrap commitment points, checking `2 <= t <= MAX_SHARES` and that none is the identity.
    pub fn new(points: Vec<C::Point>) -> Result<Self> {
        if points.len() < 2 || points.len() > MAX_SHARES {
            return Err(Error::InvalidThreshold {
                threshold: points.len(),
                n: points.len(),
            });
        }
        if points.iter().any(|p| bool::from(p.is_identity())) {
            return Err(Error::IdentityPoint);
        }
        Ok(Self(points))
    }

    /// The group public key `C_0`.
    pub fn public_key(&self) -> &C::Point {
        // `new` guarantees at least two points.
        &self.0[0]
    }

    /// The threshold `t` (number of commitments).
    pub fn threshold(&self) -> usize {
        self.0.len()
    }

    /// The commitment points.
    pub fn points(&self) -> &[C::Point] {
        &self.0
    }

    /// The expected public share at `x`: `Σ C_k·x^k` (Horner's rule).
    ///
    /// Identifiers are nearly always small indices (1..=65535); multiplying by one then takes
    /// at most 16 doublings and additions instead of a full 256-bit multiplication. `x` is
    /// public, so the variable time is harmless.
    pub fn evaluate(&self, x: &Identifier<C>) -> C::Point {
        let mut acc = C::Point::identity();
        match x.as_index() {
            Some(index) => {
                for c in self.0.iter().rev() {
                    acc = mul_by_index::<C>(&acc, index) + c;
                }
            }
            None => {
                let xs = x.to_scalar();
                for c in self.0.iter().rev() {
                    acc = acc * xs + c;
                }
            }
        }
        acc
    }

    /// Encode every commitment.
    pub fn encode(&self, form: PointForm) -> Result<Vec<Vec<u8>>> {
        C::encode_points(&self.0, form)
    }
}

/// `point · index` by double-and-add over the index's bits (variable time: the index is
/// public). No curve crate offers a short-scalar multiplication through the `group` traits.
fn mul_by_index<C: Curve>(point: &C::Point, index: u16) -> C::Point {
    let mut acc = C::Point::identity();
    for bit in (0..16 - index.leading_zeros()).rev() {
        acc = acc.double();
        if (index >> bit) & 1 == 1 {
            acc += point;
        }
    }
    acc
}

/// Check a share against Feldman commitments: `G·f(x) == Σ C_k·x^k`.
pub fn verify_share<C: Curve>(share: &SecretShare<C>, commitments: &Commitments<C>) -> Result<()> {
    let expected = commitments.evaluate(&share.identifier);
    if bool::from(share.public_share().ct_eq(&expected)) {
        Ok(())
    } else {
        Err(Error::ShareVerificationFailed {
            index: share.identifier.as_index().map(u64::from),
        })
    }
}

/// Check `2 <= threshold <= n <= MAX_SHARES` ([`Threshold::for_signers`] is the rule).
pub fn check_threshold(threshold: usize, n: usize) -> Result<()> {
    Threshold::for_signers(threshold, n).map(|_| ())
}

/// The result of [`split`]: the shares at x = 1..=n and the secret polynomial they came from.
///
/// Commitments and public shares are computed on demand, so each envelope pays only for the
/// points it actually sends.
pub struct Dealing<C: Curve> {
    coefficients: Zeroizing<Vec<C::Scalar>>,
    shares: Vec<SecretShare<C>>,
}

impl<C: Curve> Dealing<C> {
    /// The shares, at x = 1..=n in order.
    pub fn shares(&self) -> &[SecretShare<C>] {
        &self.shares
    }

    /// The threshold `t`.
    pub fn threshold(&self) -> usize {
        self.coefficients.len()
    }

    /// The Feldman commitments `G·a_0 .. G·a_{t-1}` (t fixed-base multiplications).
    pub fn commitments(&self) -> Commitments<C> {
        Commitments(self.coefficients.iter().map(C::mul_base).collect())
    }

    /// The public shares `G·f(i)` for i = 1..=n.
    ///
    /// The first `t` are fixed-base multiplications. `G·f` is a polynomial of degree `t-1` in
    /// `x`, so its `(t-1)`-th difference is constant and each further value is `t-1` point
    /// additions away (a difference table, advanced one step per `x`). That is cheaper than a
    /// fixed-base multiplication (about 64 additions with the curves' tables) while `t` is
    /// well below that; otherwise every share takes its own multiplication. The points are
    /// public, so the variable work is harmless; tests pin the result to `G·f(i)`.
    pub fn public_shares(&self) -> Vec<C::Point> {
        let n = self.shares.len();
        let t = self.threshold();
        // Additions one fixed-base multiplication costs, roughly (k256, stark and ed25519
        // tables are all in this range).
        const MUL_BASE_IN_ADDITIONS: usize = 64;
        let by_differences = t * t / 2 + (n.saturating_sub(t)) * (t - 1);
        if n <= t || by_differences >= n.saturating_sub(t) * MUL_BASE_IN_ADDITIONS {
            return self.shares.iter().map(|s| C::mul_base(&s.value)).collect();
        }
        let mut out: Vec<C::Point> = self.shares[..t]
            .iter()
            .map(|s| C::mul_base(&s.value))
            .collect();
        // table[k] = ∇^k P(t), the last entry of the k-th difference row of P(1..=t).
        let mut row = out.clone();
        let mut table: Vec<C::Point> = Vec::with_capacity(t);
        while let Some(&last) = row.last() {
            table.push(last);
            for i in 0..row.len() - 1 {
                row[i] = row[i + 1] - row[i];
            }
            row.pop();
        }
        // One step in x: ∇^{t-1} is constant, and ∇^k P(x+1) = ∇^k P(x) + ∇^{k+1} P(x+1).
        for _ in t..n {
            for k in (0..t - 1).rev() {
                let next = table[k + 1];
                table[k] += next;
            }
            out.push(table[0]);
        }
        out
    }
}

impl<C: Curve> fmt::Debug for Dealing<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dealing")
            .field("threshold", &self.threshold())
            .field("n", &self.shares.len())
            .finish_non_exhaustive()
    }
}

/// Split `secret` into `n` shares at x = 1..=n, any `threshold` of which rebuild it.
pub fn split<C: Curve, R: CryptoRng + ?Sized>(
    secret: &SecretScalar<C>,
    threshold: usize,
    n: usize,
    rng: &mut R,
) -> Result<Dealing<C>> {
    check_threshold(threshold, n)?;
    let mut coefficients = Zeroizing::new(Vec::with_capacity(threshold));
    coefficients.push(*secret.expose());
    for _ in 1..threshold {
        coefficients.push(C::Scalar::random(&mut *rng));
    }
    deal(coefficients, n)
}

/// Share with caller-chosen polynomial coefficients `a_0 (the secret), a_1, .., a_{t-1}`,
/// evaluated at x = 1..=n. [`split`] draws them at random; this is for known-answer tests.
///
/// `coefficients[0]` is the secret and must be non-zero; there must be `2 <= t <= n`.
pub fn deal<C: Curve>(coefficients: Zeroizing<Vec<C::Scalar>>, n: usize) -> Result<Dealing<C>> {
    check_threshold(coefficients.len(), n)?;
    if coefficients
        .first()
        .is_none_or(|a0| bool::from(a0.is_zero()))
    {
        return Err(Error::ZeroScalar);
    }
    let mut shares = Vec::with_capacity(n);
    let mut x = C::Scalar::ZERO;
    for _ in 0..n {
        x += C::Scalar::ONE;
        let mut y = C::Scalar::ZERO;
        for a in coefficients.iter().rev() {
            y = y * x + a;
        }
        // f(i) == 0 happens with probability ~n/2^250; refuse rather than hand out a zero share.
        shares.push(SecretShare::new(Identifier(x), y)?);
    }
    Ok(Dealing {
        coefficients,
        shares,
    })
}

/// Lagrange-interpolate `f(0)` from shares at arbitrary distinct non-zero x.
///
/// Returns [`Error::DuplicateShareIndex`] if two x coincide. The result is only meaningful if
/// at least `t` shares of a degree `t-1` polynomial are given; use [`reconstruct`] for a checked
/// result.
pub fn interpolate<C: Curve>(shares: &[SecretShare<C>]) -> Result<Zeroizing<C::Scalar>>
where
    C::Scalar: Zeroize,
{
    if shares.is_empty() {
        return Err(Error::NotEnoughShares { got: 0, needed: 1 });
    }
    if shares.len() > MAX_SHARES {
        return Err(Error::TooManyShares {
            n: shares.len(),
            max: MAX_SHARES,
        });
    }
    let xs: Vec<C::Scalar> = shares.iter().map(|s| s.identifier.0).collect();
    let weights = lagrange_at::<C>(&xs, &C::Scalar::ZERO)?;
    let mut acc = Zeroizing::new(C::Scalar::ZERO);
    for (w, s) in weights.iter().zip(shares) {
        *acc += *w * s.value;
    }
    Ok(acc)
}

/// Lagrange basis weights `λ_i(at) = Π_{j≠i} (at - x_j) / (x_i - x_j)` with one inversion.
fn lagrange_at<C: Curve>(xs: &[C::Scalar], at: &C::Scalar) -> Result<Vec<C::Scalar>> {
    let m = xs.len();
    // numerators and denominators
    let mut num = Vec::with_capacity(m);
    let mut den = Vec::with_capacity(m);
    for (i, xi) in xs.iter().enumerate() {
        let mut n = C::Scalar::ONE;
        let mut d = C::Scalar::ONE;
        for (j, xj) in xs.iter().enumerate() {
            if i != j {
                n *= *at - xj;
                d *= *xi - xj;
            }
        }
        if bool::from(d.is_zero()) {
            return Err(Error::DuplicateShareIndex);
        }
        num.push(n);
        den.push(d);
    }
    batch_invert::<C>(&mut den)?;
    Ok(num.iter().zip(&den).map(|(n, d)| *n * d).collect())
}

/// Montgomery's trick: invert every element with a single field inversion.
fn batch_invert<C: Curve>(values: &mut [C::Scalar]) -> Result<()> {
    let mut prefix = Vec::with_capacity(values.len());
    let mut acc = C::Scalar::ONE;
    for v in values.iter() {
        prefix.push(acc);
        acc *= v;
    }
    let mut inv: C::Scalar = Option::from(acc.invert()).ok_or(Error::DuplicateShareIndex)?;
    for (v, p) in values.iter_mut().zip(prefix).rev() {
        let next = inv * *v;
        *v = inv * p;
        inv = next;
    }
    Ok(())
}

/// Recover the Feldman commitments from `t` public shares `(x_i, G·f(x_i))`.
///
/// The dfns-v1 import plaintext carries the `n` public shares but no commitments; a signer
/// derives the commitments from the first `t` of them (interpolation "in the exponent") and then
/// checks every other public share against them with [`Commitments::evaluate`]. Costs `t²`
/// variable-base multiplications.
pub fn commitments_from_public_shares<C: Curve>(
    points: &[(Identifier<C>, C::Point)],
) -> Result<Commitments<C>> {
    let t = points.len();
    check_threshold(t, t)?;
    let consecutive = points
        .iter()
        .enumerate()
        .all(|(i, (x, _))| x.as_index().is_some_and(|v| usize::from(v) == i + 1));
    if consecutive {
        let ys: Vec<C::Point> = points.iter().map(|(_, p)| *p).collect();
        return commitments_at_consecutive_indices::<C>(&ys);
    }
    let xs: Vec<C::Scalar> = points.iter().map(|(x, _)| x.0).collect();
    // P(x) = Π (x - x_j), coefficients low to high (degree t).
    let mut full = alloc::vec![C::Scalar::ZERO; t + 1];
    full[0] = C::Scalar::ONE;
    for (deg, xj) in xs.iter().enumerate() {
        for k in (0..=deg + 1).rev() {
            let lower = if k > 0 { full[k - 1] } else { C::Scalar::ZERO };
            full[k] = lower - full[k] * xj;
        }
    }
    let mut den: Vec<C::Scalar> = Vec::with_capacity(t);
    for (i, xi) in xs.iter().enumerate() {
        let mut d = C::Scalar::ONE;
        for (j, xj) in xs.iter().enumerate() {
            if i != j {
                d *= *xi - xj;
            }
        }
        if bool::from(d.is_zero()) {
            return Err(Error::DuplicateShareIndex);
        }
        den.push(d);
    }
    batch_invert::<C>(&mut den)?;
    let mut commitments = alloc::vec![C::Point::identity(); t];
    for ((xi, inv_d), (_, point)) in xs.iter().zip(&den).zip(points) {
        // N_i(x) = P(x) / (x - x_i) by synthetic division, from the top coefficient down.
        let mut carry = C::Scalar::ZERO;
        for k in (0..t).rev() {
            carry = full[k + 1] + carry * xi;
            commitments[k] += *point * (carry * inv_d);
        }
    }
    Commitments::new(commitments)
}

/// [`commitments_from_public_shares`] for public shares at `x = 1, 2, ..., t`, the layout
/// every signer list has.
///
/// Newton's form with unit spacing needs no division by `x_i - x_j`: forward differences are
/// point subtractions, `Δ^k / k!` is one multiplication per `k`, and expanding the nested form
/// `D_0 + (x-1)(D_1 + (x-2)(D_2 + ...))` multiplies points only by the small integers
/// `1..t`. That is `t` full multiplications instead of `t²`. No crate offers
/// interpolation in the exponent, so this is written here; the tests check it against the
/// general Lagrange form on every curve.
fn commitments_at_consecutive_indices<C: Curve>(ys: &[C::Point]) -> Result<Commitments<C>> {
    let t = ys.len();
    let mut work = ys.to_vec();
    let mut newton: Vec<C::Point> = Vec::with_capacity(t);
    for k in 0..t {
        newton.push(work[0]);
        for i in 0..t - 1 - k {
            work[i] = work[i + 1] - work[i];
        }
    }
    // 1/k! for k = 0..t; k! is non-zero because t <= MAX_SHARES is far below the group order.
    let mut factorials = Vec::with_capacity(t);
    let mut acc = C::Scalar::ONE;
    for k in 0..t {
        if k > 1 {
            acc *= C::Scalar::from(k as u64);
        }
        factorials.push(acc);
    }
    batch_invert::<C>(&mut factorials)?;
    for (d, inv) in newton.iter_mut().zip(&factorials).skip(2) {
        *d *= inv;
    }
    // Expand q = D_{t-1}; q = q·(x - (k+1)) + D_k for k = t-2 down to 0.
    let mut coeffs: Vec<C::Point> = Vec::with_capacity(t);
    coeffs.push(newton[t - 1]);
    for k in (0..t - 1).rev() {
        let m = u16::try_from(k + 1).map_err(|_| Error::TooManyShares {
            n: t,
            max: MAX_SHARES,
        })?;
        coeffs.push(C::Point::identity());
        for j in (0..coeffs.len()).rev() {
            let lower = if j > 0 {
                coeffs[j - 1]
            } else {
                C::Point::identity()
            };
            coeffs[j] = lower - mul_by_index::<C>(&coeffs[j], m);
        }
        coeffs[0] += newton[k];
    }
    Commitments::new(coeffs)
}

/// Rebuild the secret from `shares` and check it against `public_key`.
///
/// At least `threshold` shares are required; duplicate x is an error; a result that does not
/// match the public key is [`Error::PublicKeyMismatch`], never a wrong key. Every share given
/// takes part, so one bad share fails the whole call: use [`reconstruct_robust`] to tolerate
/// and name bad shares.
pub fn reconstruct<C: Curve>(
    shares: &[SecretShare<C>],
    threshold: usize,
    public_key: &C::Point,
) -> Result<SecretScalar<C>> {
    if threshold < 2 {
        return Err(Error::InvalidThreshold {
            threshold,
            n: shares.len(),
        });
    }
    if shares.len() < threshold {
        return Err(Error::NotEnoughShares {
            got: shares.len(),
            needed: threshold,
        });
    }
    let secret = interpolate(shares)?;
    if bool::from(C::mul_base(&secret).ct_eq(public_key)) {
        SecretScalar::new(*secret)
    } else {
        Err(Error::PublicKeyMismatch)
    }
}

/// Whether the shares [`Reconstruction::bad_shares`] names are certainly the wrong ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blame {
    /// The polynomial that rebuilt the secret is the only one of degree `< t` through
    /// `(0, secret)` that leaves fewer than `t` shares off it; every share off it is in
    /// `bad_shares` (certainly bad while fewer than `t` signers collude).
    Unambiguous,
    /// `off` shares are not on the polynomial that rebuilt the secret, but another polynomial
    /// through `(0, secret)` may explain the shares with as few colluders, so none is named
    /// (`bad_shares` is empty). Fewer than `t` colluders can cause this; they cannot change
    /// the secret.
    Ambiguous {
        /// Shares off the polynomial that rebuilt the secret.
        off: usize,
    },
}

/// A secret rebuilt by [`reconstruct_robust`], with the shares that disagreed with it.
pub struct Reconstruction<C: Curve> {
    /// The secret, checked against the public key.
    pub secret: SecretScalar<C>,
    /// Positions (0-based, in input order) of shares that are certainly bad (see
    /// [`Blame::Unambiguous`]). Empty when [`Reconstruction::blame`] is ambiguous.
    pub bad_shares: Vec<usize>,
    /// Whether the bad shares could be told apart.
    pub blame: Blame,
    /// Positions of shares set aside unjudged because another share claims the same x (an
    /// honest dealer never repeats an x, but which of the claimants is lying cannot be told).
    pub colliding: Vec<usize>,
}

impl<C: Curve> fmt::Debug for Reconstruction<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reconstruction")
            .field("secret", &self.secret)
            .field("bad_shares", &self.bad_shares)
            .field("blame", &self.blame)
            .field("colliding", &self.colliding)
            .finish()
    }
}

/// What one fixed-base multiplication costs in [`reconstruct_robust`]'s work units (one unit is
/// about one scalar-field multiplication; `G·s` is 600 to 2000 of them on keyport's curves).
pub const MUL_BASE_WORK: u64 = 1_000;

/// The default work bound of [`reconstruct_robust`], in field multiplications (about 500
/// checks of a candidate secret against the public key; under 100 ms on every curve).
pub const DEFAULT_WORK_BOUND: u64 = 500_000;

/// Rebuild the secret from `m >= threshold` shares of which some may be wrong, and name the
/// wrong ones only when that is certain.
///
/// 1. Shares that claim the same x as another share are set aside, unjudged
///    ([`Reconstruction::colliding`]).
/// 2. Reed–Solomon decoding finds the polynomial of degree `< t` that all but `e` of the
///    remaining `m'` shares lie on, if `2e <= m' - t`: `O(m'²)` field operations, however the
///    shares were chosen. If its constant term matches `public_key`, that is the secret.
/// 3. Otherwise `t`-subsets are tried (colexicographic order, so few bad shares are found in
///    few tries), each costing `t²` plus [`MUL_BASE_WORK`] when its secret is new, until one
///    matches `public_key` or `work_bound` units are spent ([`Error::SearchBoundExceeded`],
///    with the subsets tried as its bound). No match at all is
///    [`Error::ReconstructionFailed`].
/// 4. With the secret `s` known, the shares are decoded again at degree `< t - 1` after
///    removing the known point `(0, s)`. If that finds a polynomial `p` with `e` shares off
///    it and `e <= min(t - 1, m' - 2t + 2)`, no other polynomial through `(0, s)` leaves fewer
///    than `t` shares off, so while fewer than `t` signers collude `p` is the real one and
///    the `e` shares off it are named. Otherwise [`Blame::Ambiguous`], naming nobody.
///
/// The secret returned always matches `public_key`. A share is named only if every
/// explanation with fewer than `t` colluders has it among them.
pub fn reconstruct_robust<C: Curve>(
    shares: &[SecretShare<C>],
    threshold: usize,
    public_key: &C::Point,
    work_bound: u64,
) -> Result<Reconstruction<C>> {
    let mut budget = work_bound;
    reconstruct_robust_budgeted(shares, threshold, public_key, &mut budget)
}

/// [`reconstruct_robust`] drawing on a budget the caller shares between several calls.
pub(crate) fn reconstruct_robust_budgeted<C: Curve>(
    shares: &[SecretShare<C>],
    threshold: usize,
    public_key: &C::Point,
    budget: &mut u64,
) -> Result<Reconstruction<C>> {
    let m = shares.len();
    if !(2..=MAX_SHARES).contains(&threshold) {
        return Err(Error::InvalidThreshold { threshold, n: m });
    }
    if m > MAX_SHARES {
        return Err(Error::TooManyShares {
            n: m,
            max: MAX_SHARES,
        });
    }
    if m < threshold {
        return Err(Error::NotEnoughShares {
            got: m,
            needed: threshold,
        });
    }
    let (used, colliding) = distinct_x(shares);
    if used.len() < threshold {
        return Err(Error::NotEnoughShares {
            got: used.len(),
            needed: threshold,
        });
    }
    let xs: Vec<C::Scalar> = used.iter().map(|&i| shares[i].identifier.0).collect();
    let ys: Zeroizing<Vec<C::Scalar>> =
        Zeroizing::new(used.iter().map(|&i| shares[i].value).collect());
    let positions = |off: Vec<usize>| -> Vec<usize> {
        off.into_iter()
            .filter_map(|j| used.get(j).copied())
            .collect()
    };

    // Step 2: decode at degree < t; if its constant term is the key, that is the secret.
    spend(
        budget,
        decode::gao_cost(xs.len()) + MUL_BASE_WORK,
        0,
        xs.len(),
        threshold,
    )?;
    let decoded_secret = decode::gao(&xs, &ys, threshold).and_then(|found| {
        let s = found.coefficients[0];
        let matches = !bool::from(s.is_zero()) && bool::from(C::mul_base(&s).ct_eq(public_key));
        matches.then(|| SecretScalar::new(s).ok()).flatten()
    });
    // Step 3: otherwise find the secret by subsets.
    let (secret, subset) = match decoded_secret {
        Some(s) => (s, None),
        None => {
            let (s, subset) = find_secret_by_subsets::<C>(&xs, &ys, threshold, public_key, budget)?;
            (s, Some(subset))
        }
    };

    // Step 4: decode again at degree < t - 1 through (0, s): y' = (y - s) / x.
    spend(
        budget,
        decode::gao_cost(xs.len()) + 2 * xs.len() as u64,
        0,
        xs.len(),
        threshold,
    )?;
    let mut inv_x = xs.clone();
    batch_invert::<C>(&mut inv_x)?;
    let reduced: Zeroizing<Vec<C::Scalar>> = Zeroizing::new(
        ys.iter()
            .zip(&inv_x)
            .map(|(y, ix)| (*y - secret.expose()) * ix)
            .collect(),
    );
    let off = match decode::gao(&xs, &reduced, threshold - 1) {
        Some(found) if blame_is_certain(found.off.len(), xs.len(), threshold) => {
            return Ok(Reconstruction {
                secret,
                bad_shares: positions(found.off),
                blame: Blame::Unambiguous,
                colliding,
            });
        }
        Some(found) => found.off.len(),
        None => {
            // Report how far the shares are from a polynomial that gave the secret (a count,
            // never names): m·t² more work.
            let cost = (xs.len() * threshold * threshold) as u64;
            spend(budget, cost, 0, xs.len(), threshold)?;
            let subset: Vec<usize> = subset.unwrap_or_else(|| (0..threshold).collect());
            let sub_xs: Vec<C::Scalar> = subset.iter().map(|&i| xs[i]).collect();
            let sub_ys: Zeroizing<Vec<C::Scalar>> =
                Zeroizing::new(subset.iter().map(|&i| ys[i]).collect());
            off_polynomial_points::<C>(&sub_xs, &sub_ys, &xs, &ys)?
        }
    };
    Ok(Reconstruction {
        secret,
        bad_shares: Vec::new(),
        blame: Blame::Ambiguous { off },
        colliding,
    })
}

/// Whether naming the `e` shares off the polynomial `p` through `(0, s)` is certain, out of `m`
/// shares at threshold `t`, assuming fewer than `t` signers collude: `e <= t - 1` and
/// `e <= m - 2t + 2` (never when `m + 2 < 2t`, even for `e = 0`: then even shares that all fit
/// one polynomial may be colluders' shares of another).
///
/// Naming the `e` shares off `p` is wrong only if another polynomial `q` through `(0, s)` has
/// fewer than `t` shares off it (then those could be the colluders instead). `q` shares at
/// most `t - 2` points with `p`, so at least `m - e - (t - 2)` shares are off `q`; that is at
/// least `t` exactly when `e <= m - 2t + 2`. And `p` itself must leave fewer than `t` off:
/// `e <= t - 1`. The bound is tight: past it, fewer than `t` colluders can send shares that
/// two such polynomials explain equally well, so no rule could name anyone safely.
fn blame_is_certain(e: usize, m: usize, t: usize) -> bool {
    e < t && e + 2 * t <= m + 2
}

/// Take `cost` units from `budget`, or fail with [`Error::SearchBoundExceeded`] reporting
/// `tried` subsets of the `C(m, t)`.
fn spend(budget: &mut u64, cost: u64, tried: u64, m: usize, t: usize) -> Result<()> {
    match budget.checked_sub(cost) {
        Some(left) => {
            *budget = left;
            Ok(())
        }
        None => Err(Error::SearchBoundExceeded {
            subsets: binomial(m, t),
            bound: u128::from(tried),
        }),
    }
}

/// Split positions into those whose x no other share claims, and those that collide.
fn distinct_x<C: Curve>(shares: &[SecretShare<C>]) -> (Vec<usize>, Vec<usize>) {
    let xs: Vec<[u8; 32]> = shares.iter().map(|s| s.identifier.to_be_bytes()).collect();
    distinct_positions(&xs)
}

/// [`distinct_x`] on the encoded x values (public share indices). Not generic, so the three
/// curves share one copy of it, and it sorts the values themselves, with the sort of 32-byte
/// arrays export already has (the WASM module's size).
fn distinct_positions(xs: &[[u8; 32]]) -> (Vec<usize>, Vec<usize>) {
    let mut sorted = xs.to_vec();
    sorted.sort_unstable();
    // The values claimed more than once, in order (a value claimed k times appears k - 1 times).
    let repeated: Vec<[u8; 32]> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    (0..xs.len()).partition(|&i| repeated.binary_search(&xs[i]).is_err())
}

/// Try `t`-subsets of the points in colexicographic order until one interpolates to a secret
/// whose `G·s` is `public_key`, within `budget`; returns the secret and that subset.
fn find_secret_by_subsets<C: Curve>(
    xs: &[C::Scalar],
    ys: &[C::Scalar],
    threshold: usize,
    public_key: &C::Point,
    budget: &mut u64,
) -> Result<(SecretScalar<C>, Vec<usize>)> {
    let m = xs.len();
    let per_subset = (threshold * threshold) as u64;
    let mut rejected: Zeroizing<Vec<C::Scalar>> = Zeroizing::new(Vec::new());
    let mut subset: Vec<usize> = (0..threshold).collect();
    let mut tried: u64 = 0;
    loop {
        spend(budget, per_subset, tried, m, threshold)?;
        tried += 1;
        let sub_xs: Vec<C::Scalar> = subset.iter().map(|&i| xs[i]).collect();
        // The xs are distinct, so the weights exist.
        let weights = lagrange_at::<C>(&sub_xs, &C::Scalar::ZERO)?;
        let mut secret = Zeroizing::new(C::Scalar::ZERO);
        for (w, &i) in weights.iter().zip(&subset) {
            *secret += *w * ys[i];
        }
        if !rejected.iter().any(|r| bool::from(r.ct_eq(&secret))) {
            spend(budget, MUL_BASE_WORK, tried, m, threshold)?;
            if !bool::from(secret.is_zero()) && bool::from(C::mul_base(&secret).ct_eq(public_key)) {
                return Ok((SecretScalar::new(*secret)?, subset));
            }
            rejected.push(*secret);
        }
        if !next_combination(&mut subset, m) {
            return Err(Error::ReconstructionFailed {
                suspects: Vec::new(),
            });
        }
    }
}

/// How many of the points `(xs, ys)` are off the polynomial through `(px, py)` (distinct x).
fn off_polynomial_points<C: Curve>(
    px: &[C::Scalar],
    py: &[C::Scalar],
    xs: &[C::Scalar],
    ys: &[C::Scalar],
) -> Result<usize> {
    let mut off = 0;
    for (x, y) in xs.iter().zip(ys) {
        let w = lagrange_at::<C>(px, x)?;
        let mut v = Zeroizing::new(C::Scalar::ZERO);
        for (wk, yk) in w.iter().zip(py) {
            *v += *wk * yk;
        }
        if !bool::from(v.ct_eq(y)) {
            off += 1;
        }
    }
    Ok(off)
}

/// Positions of the shares outside `subset` that do not lie on the polynomial through the
/// shares in `subset` (whose x-coordinates are `sub_xs`). Scalar arithmetic only.
fn off_polynomial<C: Curve>(
    shares: &[SecretShare<C>],
    subset: &[usize],
    sub_xs: &[C::Scalar],
) -> Result<Vec<usize>> {
    let mut bad_shares = Vec::new();
    for (pos, share) in shares.iter().enumerate() {
        if subset.contains(&pos) {
            continue;
        }
        let w = lagrange_at::<C>(sub_xs, &share.identifier.0);
        let on_curve = match w {
            Ok(w) => {
                let mut y = Zeroizing::new(C::Scalar::ZERO);
                for (wk, &i) in w.iter().zip(subset) {
                    if let Some(s) = shares.get(i) {
                        *y += *wk * s.value;
                    }
                }
                bool::from(y.ct_eq(&share.value))
            }
            // x of this share equals one in the subset: it is on the polynomial only if its
            // value equals that share's value.
            Err(_) => subset.iter().any(|&i| {
                shares.get(i).is_some_and(|s| {
                    s.identifier == share.identifier && bool::from(s.value.ct_eq(&share.value))
                })
            }),
        };
        if !on_curve {
            bad_shares.push(pos);
        }
    }
    Ok(bad_shares)
}

/// Interpolate the first `threshold` shares at zero, and list the positions of the later
/// shares that are off that polynomial.
///
/// Scalar arithmetic only: nothing is checked against a public key, so the caller must do
/// that (one `G·s`) before trusting the secret. With an empty list and a matching public key,
/// the result is exactly what [`reconstruct_robust`] returns, for the cost of one
/// interpolation. Fails on `threshold < 2`, too few shares, or a repeated x among the first
/// `threshold`.
pub fn interpolate_first<C: Curve>(
    shares: &[SecretShare<C>],
    threshold: usize,
) -> Result<(Zeroizing<C::Scalar>, Vec<usize>)>
where
    C::Scalar: Zeroize,
{
    if threshold < 2 {
        return Err(Error::InvalidThreshold {
            threshold,
            n: shares.len(),
        });
    }
    let first = shares.get(..threshold).ok_or(Error::NotEnoughShares {
        got: shares.len(),
        needed: threshold,
    })?;
    let secret = interpolate(first)?;
    let subset: Vec<usize> = (0..threshold).collect();
    let sub_xs: Vec<C::Scalar> = first.iter().map(|s| s.identifier.0).collect();
    let bad = off_polynomial(shares, &subset, &sub_xs)?;
    Ok((secret, bad))
}

/// Advance `c` (a strictly increasing k-subset of 0..m) to the next in colexicographic order:
/// subsets are ordered by their largest element first, so every subset of the first `k + e`
/// positions comes before any subset that uses position `k + e`.
///
/// That order is what makes [`reconstruct_robust`] cheap when few shares are bad: if the first
/// `k + e` shares hold `k` good ones, a good subset is found within `C(k + e, e)` tries (at most
/// `k + 1` for one bad share, wherever it sits), whereas lexicographic order first walks every
/// subset that contains position 0.
fn next_combination(c: &mut [usize], m: usize) -> bool {
    let k = c.len();
    for i in 0..k {
        let limit = c.get(i + 1).copied().unwrap_or(m);
        if c[i] + 1 < limit {
            c[i] += 1;
            for (j, slot) in c.iter_mut().enumerate().take(i) {
                *slot = j;
            }
            return true;
        }
    }
    false
}

/// `C(m, k)`, saturating at `u128::MAX`.
fn binomial(m: usize, k: usize) -> u128 {
    let k = k.min(m.saturating_sub(k));
    let mut acc: u128 = 1;
    for i in 0..k {
        acc = acc.saturating_mul((m - i) as u128) / (i as u128 + 1);
    }
    acc
}

mod decode;
mod params;
pub use params::{ShareIndex, Threshold};

#[cfg(test)]
mod tests;
