//! Reed–Solomon decoding of shares: the polynomial most shares lie on, in `O(m²)` field
//! operations, whatever the shares are.
//!
//! Shamir shares of a degree-`(k-1)` polynomial are a Reed–Solomon codeword. Gao's decoder
//! ("A new algorithm for decoding Reed–Solomon codes", 2003) finds the polynomial `f` of degree
//! `< k` that agrees with all but `e` of `m` points whenever `2e <= m - k`. Such an `f` is the
//! *unique* polynomial of degree `< k` that the most points lie on: any other one agrees with
//! `f` on fewer than `k` points, so it holds at most `e + k - 1 < m - e` of them. Outside that
//! radius there may be several candidates and no efficient decoder can tell, so the caller
//! gets `None`.
//!
//! No maintained crate decodes Reed–Solomon over an arbitrary `ff::PrimeField` (the crates on
//! crates.io work over GF(2^8)), so the few polynomial operations are written here. Work is
//! data-independent in size (`O(m²)` multiplications and `O(m)` inversions); coefficients are
//! secret and wiped on drop.

use alloc::vec::Vec;

use ff::PrimeField;
use zeroize::{Zeroize, Zeroizing};

/// A polynomial, coefficients low to high, no trailing zeros (the zero polynomial is empty).
type Poly<F> = Zeroizing<Vec<F>>;

/// The result of [`gao`]: the polynomial and the positions of the points off it.
pub(crate) struct Decoded<F: Zeroize> {
    /// Coefficients `a_0 .. a_{k-1}` of the decoded polynomial.
    pub coefficients: Zeroizing<Vec<F>>,
    /// Positions (into the input) of the points not on it; `2·len <= m - k`.
    pub off: Vec<usize>,
}

/// Field operations [`gao`] costs for `m` points, an upper bound (for work accounting).
pub(crate) fn gao_cost(m: usize) -> u64 {
    let m = m as u64;
    // Interpolation (3m²), the product (m²), Euclid (2m²), division (m²), the final check (m²).
    8 * m * m + 16
}

/// Decode `points` (distinct, non-zero x) to the polynomial of degree `< k` that all but at
/// most `(m - k) / 2` of them lie on, or `None` if there is none.
///
/// Returns `None` too when `k == 0`, `k > m` or two x coincide.
pub(crate) fn gao<F: PrimeField + Zeroize>(xs: &[F], ys: &[F], k: usize) -> Option<Decoded<F>> {
    let m = xs.len();
    if k == 0 || k > m || ys.len() != m {
        return None;
    }
    // g0 = Π (x - x_i); g1 = the interpolation polynomial of degree < m through all points.
    let g0 = vanishing(xs);
    let g1 = interpolate(xs, ys, &g0)?;
    // Extended Euclid on (g0, g1), tracking only the cofactor of g1, until the remainder has
    // degree < (m + k) / 2.
    let mut r_prev = g0;
    let mut r = g1;
    let mut v_prev: Poly<F> = Zeroizing::new(Vec::new());
    let mut v: Poly<F> = Zeroizing::new(alloc::vec![F::ONE]);
    while degree(&r).is_some_and(|d| 2 * d >= m + k) {
        // Loop invariant: deg r >= (m + k) / 2 >= 1, so r is not zero.
        let (q, rem) = div_rem(&r_prev, &r)?;
        let v_next = sub(&v_prev, &mul(&q, &v));
        r_prev = core::mem::replace(&mut r, rem);
        v_prev = core::mem::replace(&mut v, v_next);
    }
    // f = r / v must divide exactly and have degree < k.
    let (f, rem) = div_rem(&r, &v)?;
    if !rem.is_empty() || f.len() > k {
        return None;
    }
    let mut off = Vec::new();
    for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
        if bool::from(!evaluate(&f, x).ct_eq(y)) {
            off.push(i);
        }
    }
    if 2 * off.len() > m - k {
        return None;
    }
    let mut coefficients = Zeroizing::new(f.to_vec());
    coefficients.resize(k, F::ZERO);
    Some(Decoded { coefficients, off })
}

/// `f(x)` by Horner's rule.
pub(crate) fn evaluate<F: PrimeField>(f: &[F], x: &F) -> F {
    f.iter().rev().fold(F::ZERO, |acc, c| acc * x + c)
}

fn degree<F: PrimeField>(p: &[F]) -> Option<usize> {
    p.len().checked_sub(1)
}

fn trim<F: PrimeField + Zeroize>(p: &mut Poly<F>) {
    while p.last().is_some_and(|c| bool::from(c.is_zero())) {
        p.pop();
    }
}

/// `Π (x - x_i)`, degree `m`.
fn vanishing<F: PrimeField + Zeroize>(xs: &[F]) -> Poly<F> {
    let mut p = Zeroizing::new(alloc::vec![F::ZERO; xs.len() + 1]);
    p[0] = F::ONE;
    for (deg, xj) in xs.iter().enumerate() {
        for i in (0..=deg + 1).rev() {
            let lower = if i > 0 { p[i - 1] } else { F::ZERO };
            p[i] = lower - p[i] * xj;
        }
    }
    p
}

/// The polynomial of degree `< m` through `(x_i, y_i)`, from `g0 = Π (x - x_i)`:
/// `Σ y_i / g0'(x_i) · g0 / (x - x_i)`. `None` if two x coincide.
fn interpolate<F: PrimeField + Zeroize>(xs: &[F], ys: &[F], g0: &[F]) -> Option<Poly<F>> {
    let m = xs.len();
    // g0'(x_i) = Π_{j≠i} (x_i - x_j); inverted together with one field inversion.
    let mut den: Vec<F> = xs
        .iter()
        .map(|xi| {
            xs.iter()
                .filter(|xj| !core::ptr::eq(*xj, xi))
                .fold(F::ONE, |acc, xj| acc * (*xi - xj))
        })
        .collect();
    let mut prefix = Vec::with_capacity(m);
    let mut acc = F::ONE;
    for d in &den {
        prefix.push(acc);
        acc *= d;
    }
    let mut inv: F = Option::from(acc.invert())?;
    for (d, p) in den.iter_mut().zip(prefix).rev() {
        let next = inv * *d;
        *d = inv * p;
        inv = next;
    }
    let mut out = Zeroizing::new(alloc::vec![F::ZERO; m]);
    for ((xi, yi), w) in xs.iter().zip(ys).zip(&den) {
        let scale = *yi * w;
        // g0 / (x - x_i) by synthetic division, from the top coefficient down.
        let mut carry = F::ZERO;
        for k in (0..m).rev() {
            carry = g0[k + 1] + carry * xi;
            out[k] += carry * scale;
        }
    }
    trim(&mut out);
    Some(out)
}

/// `a / b` and `a mod b`; `None` if `b` is zero.
fn div_rem<F: PrimeField + Zeroize>(a: &[F], b: &[F]) -> Option<(Poly<F>, Poly<F>)> {
    let db = degree(b)?;
    let lead_inv: F = Option::from(b[db].invert())?;
    let mut rem = Zeroizing::new(a.to_vec());
    trim(&mut rem);
    if rem.len() <= db {
        return Some((Zeroizing::new(Vec::new()), rem));
    }
    let mut q = Zeroizing::new(alloc::vec![F::ZERO; rem.len() - db]);
    for i in (0..q.len()).rev() {
        let c = rem[i + db] * lead_inv;
        q[i] = c;
        for (j, bj) in b.iter().enumerate() {
            rem[i + j] -= c * bj;
        }
    }
    rem.truncate(db);
    trim(&mut rem);
    trim(&mut q);
    Some((q, rem))
}

fn mul<F: PrimeField + Zeroize>(a: &[F], b: &[F]) -> Poly<F> {
    if a.is_empty() || b.is_empty() {
        return Zeroizing::new(Vec::new());
    }
    let mut out = Zeroizing::new(alloc::vec![F::ZERO; a.len() + b.len() - 1]);
    for (i, ai) in a.iter().enumerate() {
        for (j, bj) in b.iter().enumerate() {
            out[i + j] += *ai * bj;
        }
    }
    trim(&mut out);
    out
}

fn sub<F: PrimeField + Zeroize>(a: &[F], b: &[F]) -> Poly<F> {
    let mut out = Zeroizing::new(alloc::vec![F::ZERO; a.len().max(b.len())]);
    for (o, ai) in out.iter_mut().zip(a) {
        *o = *ai;
    }
    for (o, bi) in out.iter_mut().zip(b) {
        *o -= bi;
    }
    trim(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::Scalar;

    fn s(v: u64) -> Scalar {
        Scalar::from(v)
    }

    #[test]
    fn decodes_within_the_radius_and_refuses_beyond() {
        // f(x) = 7 + 3x + 5x², k = 3, m = 7: up to 2 errors decode.
        let f = [s(7), s(3), s(5)];
        let xs: Vec<Scalar> = (1..=7).map(s).collect();
        let mut ys: Vec<Scalar> = xs.iter().map(|x| evaluate(&f, x)).collect();
        let clean = gao(&xs, &ys, 3).unwrap();
        assert_eq!(&clean.coefficients[..], &f[..]);
        assert!(clean.off.is_empty());
        ys[1] += s(1);
        ys[5] += s(99);
        let two = gao(&xs, &ys, 3).unwrap();
        assert_eq!(&two.coefficients[..], &f[..]);
        assert_eq!(two.off, [1, 5]);
        ys[3] += s(4);
        assert!(gao(&xs, &ys, 3).is_none());
    }

    #[test]
    fn degenerate_inputs() {
        let xs = [s(1), s(1), s(2)];
        let ys = [s(1), s(2), s(3)];
        assert!(gao(&xs, &ys, 2).is_none());
        assert!(gao(&xs[..2], &ys[..2], 0).is_none());
        assert!(gao(&xs[..1], &ys[..1], 2).is_none());
        // A constant polynomial (k = 1) decodes too.
        let xs = [s(1), s(2), s(3)];
        let ys = [s(9), s(9), s(4)];
        let d = gao(&xs, &ys, 1).unwrap();
        assert_eq!(&d.coefficients[..], &[s(9)][..]);
        assert_eq!(d.off, [2]);
    }
}
