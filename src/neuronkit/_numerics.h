/*
 * neuronkit/_numerics.h: the stable pieces the compiled formulas share, each written
 * once (their Python twins are in neuronkit/_fpmath.py and the activation modules):
 * NaN-propagating selects and clips, the exact product (two_prod / split; the exact
 * sum, nk_two_sum_err, is in _vmath.h, which needs it too), the logistic sigma from
 * e = exp(-|v|), and the lifting of results that would underflow.
 *
 * Everything here is branch-free: both sides of every case are computed and one is
 * selected, so that the loops over the formulas vectorize (-fno-trapping-math lets the
 * compiler evaluate both sides).
 */
#ifndef NEURONKIT_NUMERICS_H
#define NEURONKIT_NUMERICS_H

#include <math.h>

#include "_vmath.h"

/* ---------------------------------------------------------------- selects and clips */

NK_INLINE int is_nan(double x) { return x != x; }

/* c ? a : b, both computed: in the vectorized loops this is a blend, not a branch */
NK_INLINE double select_d(int c, double a, double b) { return c ? a : b; }

/* min(x, 0) and max(x, 0) that propagate NaN, like np.minimum / np.maximum */
NK_INLINE double min0(double x) { return x < 0.0 ? x : (x >= 0.0 ? 0.0 : x); }
NK_INLINE double max0(double x) { return x > 0.0 ? x : (x <= 0.0 ? 0.0 : x); }

/* x clipped to [lo, hi]; NaN passes through */
NK_INLINE double clampd(double x, double lo, double hi) {
    double r = x < lo ? lo : x;  /* two selects in a row, not nested: each is one max or */
    return r > hi ? hi : r;      /* min instruction (NaN passes through both) */
}

/* a clip bound for |x| that keeps 1 + |x| and x * small finite (softsign, mish) */
#define NK_HUGE 1e300

/* ---------------------------------------------------------------- exact products */

/* Veltkamp's splitter 2^27 + 1: a = hi + lo with hi and lo of 26 significant bits,
 * so that products of the halves are exact (|a| < 2^500) */
#define NK_SPLITTER 134217729.0

NK_INLINE void split(double a, double *hi, double *lo) {
    double c = NK_SPLITTER * a;
    *hi = c - (c - a);
    *lo = a - *hi;
}

/* the exact rounding error of p = a*b rounded (a*b = p + error): one fused
 * multiply-add where the target has FMA, else Dekker's exact product from the split
 * halves (|a|, |b| < 2^500); both are exact, so the tables agree bit for bit.  The
 * build passes -ffp-contract=off: every other product is rounded as written, which
 * Dekker's steps rely on. */
#if defined(__GNUC__) && (defined(__FMA__) || defined(__aarch64__))
NK_INLINE double two_prod_err(double a, double b, double p) { return __builtin_fma(a, b, -p); }
NK_INLINE double two_square_err(double a, double p) { return __builtin_fma(a, a, -p); }
#else
NK_INLINE double two_prod_err(double a, double b, double p) {
    double ah, al, bh, bl;
    split(a, &ah, &al);
    split(b, &bh, &bl);
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

NK_INLINE double two_square_err(double a, double p) {
    double ah, al;
    split(a, &ah, &al);
    return ((ah * ah - p) + 2.0 * (ah * al)) + al * al;
}
#endif

/* ---------------------------------------------------------------- the logistic sigma */

/* e = exp(-|v|), in (0, 1]: every stable sigma-like form is built on it (nothing
 * overflows, and sigma(-|v|) keeps its relative precision) */
NK_INLINE double exp_neg_abs(double v, const int f32, const int nr) {
    return nk_exp_neg_nr(-fabs(v), f32, nr);
}

/* given e = exp(-|v|): r = sigma(|v|) = 1 / (1 + e) and er = sigma(-|v|) = e r */
NK_INLINE void sigma_abs(double e, double *r, double *er) {
    *r = 1.0 / (1.0 + e);
    *er = e * *r;
}

/* s = sigma(v) and t = 1 - sigma(v) = sigma(-v), given pos = (v >= 0) and r, er of
 * sigma_abs */
NK_INLINE void sigma_select(int pos, double r, double er, double *s, double *t) {
    *s = select_d(pos, r, er);
    *t = select_d(pos, er, r);
}

/* sigma(v) and 1 - sigma(v) without cancellation, given e = exp(-|v|) */
NK_INLINE void sigma_parts(double v, double e, double *s, double *t) {
    double r, er;
    sigma_abs(e, &r, &er);
    sigma_select(v >= 0.0, r, er, s, t);
}

/* sigma'(v) = e / (1 + e)^2, given e = exp(-|v|) and r = 1 / (1 + e); for float32
 * results as e r r (no second division) */
NK_INLINE double sigma_slope(double e, double r, const int f32) {
    double dd = 1.0 + e;
    return f32 ? e * r * r : e / (dd * dd);
}

/* ---------------------------------------------------------------- lifting
 *
 * x sigma(x), x Phi(x) and their kin are representable far below the point where
 * their exponential factor underflows.  So where that factor's argument v is below
 * LIFT_BELOW, the kernels take exp(v + LIFT) instead and scale the result by
 * UNLIFT = exp(-LIFT) at the very end: the small factor never underflows before it
 * is multiplied by x.  Float32 results are 0 there in any case, and the float64
 * loops' blocks of ordinary inputs (nr = 1) have no such v: neither lifts. */
#define LIFT_BELOW (-600.0)
#define LIFT 64.0
#define UNLIFT 0x1.969d47321e4ccp-93 /* exp(-LIFT), correctly rounded */

NK_INLINE int lifted_at(double v, const int f32, const int nr) {
    return f32 || nr ? 0 : v < LIFT_BELOW;
}

/* exp(-|v|), or exp(v + LIFT) where lifted */
NK_INLINE double exp_neg_abs_or_lifted(double v, int lifted, const int f32, const int nr) {
    return nk_exp_neg_nr(lifted ? v + LIFT : -fabs(v), f32, nr);
}

#endif
