/*
 * neuronkit/_formulas.h: the activations' formulas, one function per activation.
 *
 * k_NAME(x, p, &f, &d, ..., f32[, nr]) computes f(x) and f'(x) in double precision with
 * the same stable forms as the NumPy kernels in neuronkit/activations/ (read those for
 * the mathematics; these are their one-pass versions).  p holds the activation's
 * parameters as the Python side packs them (said above each formula).  The loops
 * (_loops.h) call them with compile-time constants:
 *   f32   RESULT_F32 (1) in the float32 loops: results are rounded to float32, so the
 *         formulas use the shorter exp/expm1/log1p of _vmath.h and skip the steps that
 *         only float64 results need; RESULT_F64 (0) elsewhere;
 *   nr    NR_CHECKED (1) for a float64 block whose inputs the loop has checked
 *         (nr_NAME below): every exponential then has a normal result and
 *         nothing needs lifting (the same results, fewer steps); NR_ANY (0) elsewhere;
 *   mode  how a kernel scales its argument (enum nk_mode, _kernels_api.h).
 * The unused half (value or derivative) is dropped by the compiler where the loop
 * does not store it.
 *
 * The float32 loops of some kernels compute in float32 arithmetic instead (k32_NAME,
 * at the end of this file).
 *
 * The formulas are branch-free (both sides of every case are computed and one is
 * selected) so that the loops vectorize; the shared stable pieces (sigma from
 * e = exp(-|v|), exact products, lifting) are in _numerics.h.
 */
#ifndef NEURONKIT_FORMULAS_H
#define NEURONKIT_FORMULAS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_erfcx.h"
#include "_float32.h"
#include "_float32x16.h"
#include "_float32x8.h"
#include "_kernels_api.h"
#include "_loops.h"
#include "_numerics.h"
#include "_vmath.h"

/* ---------------------------------------------------------------- piecewise */

/* step, identity, ReLU and ReLU6 for x of either floating type T, into *F and *D: the
 * double kernels here and the float32 ones (k32_NAME, below) are these (NaN passes
 * through, and the derivative at a kink is the flat side's) */
#define NK_STEP(T, X, F, D)                                                              \
    (*(F) = (X) > (T)0 ? (T)1 : ((X) <= (T)0 ? (T)0 : (X)), *(D) = (X) != (X) ? (X) : (T)0)
#define NK_IDENTITY(T, X, F, D) (*(F) = (X), *(D) = (X) != (X) ? (X) : (T)1)
#define NK_RELU(T, X, F, D)                                                              \
    (*(F) = (X) > (T)0 ? (X) : ((X) <= (T)0 ? (T)0 : (X)),                               \
     *(D) = (X) > (T)0 ? (T)1 : ((X) <= (T)0 ? (T)0 : (X)))
#define NK_RELU6(T, X, F, D) /* two selects in a row, as clampd */                      \
    (*(F) = (X) < (T)0 ? (T)0 : (X), *(F) = *(F) > (T)6 ? (T)6 : *(F),                   \
     *(D) = ((X) > (T)0 && (X) < (T)6) ? (T)1 : ((X) != (X) ? (X) : (T)0))

NK_INLINE void k_step(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    NK_STEP(double, x, f, d);
}

NK_INLINE void k_identity(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    NK_IDENTITY(double, x, f, d);
}

NK_INLINE void k_relu(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    NK_RELU(double, x, f, d);
}

/* leaky_relu and prelu: a = negative_slope */
NK_INLINE void k_leaky(double x, const params *p, double *f, double *d, const int f32) {
    (void)f32;
    double a = p->a, ax = a * x;  /* both sides computed: a select, not a branch */
    *f = x > 0.0 ? x : ax;
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? a : x);
}

/* rrelu's inference form: leaky with a = (lower + upper) / 2 (its float32 kernel is
 * k32_leaky's too: the bits of leaky_relu with that slope) */
NK_INLINE void k_rrelu(double x, const params *p, double *f, double *d, const int f32) {
    k_leaky(x, p, f, d, f32);
}

NK_INLINE void k_relu6(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    NK_RELU6(double, x, f, d);
}

/* hard_tanh: a = min_val, b = max_val */
NK_INLINE void k_hard_tanh(double x, const params *p, double *f, double *d, const int f32) {
    (void)f32;
    double lo = p->a, hi = p->b, r = x < lo ? lo : x;  /* NaN passes through */
    *f = r > hi ? hi : r;
    *d = (x > p->a && x < p->b) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_logistic: a = slope, b = mode (MODE_EXACT: slope x is exact, MODE_CORRECTED: its
 * rounding error is recovered), c = bound (|x| clip), d = offset */
NK_INLINE void k_hard_logistic(double x, const params *p, double *f, double *d, const int mode,
                               const int f32) {
    (void)f32;
    double vc = clampd(x, -p->c, p->c);
    double pr = p->a * vc, e = mode == MODE_CORRECTED ? two_prod_err(vc, p->a, pr) : 0.0;
    /* s x + c (the value, rounded once near the corners) and s x + c - 1 */
    double lo = (pr + p->d) + e, hi = (pr + (p->d - 1.0)) + e;
    *f = clampd(lo, p->zero, p->one);  /* (loaded bounds: see params) */
    double in = lo > 0.0 ? (hi < 0.0 ? p->a : 0.0) : 0.0;  /* (not a && b: see k_gelu) */
    *d = is_nan(x) ? x : in;
}

/* n / 6 rounded: q = n (1/6) rounded, within an ulp; its residual n - 6 q is exact (a
 * fused multiply-add) and q + (n - 6 q) (1/6) rounds to n / 6 (three multiply-adds
 * instead of a division, which took the most of hard-swish's time), but for ties,
 * which only subnormal quotients can be (rounded the other way: one subnormal ULP).
 * Without FMA, the division */
#if defined(__GNUC__) && (defined(__FMA__) || defined(__aarch64__))
NK_INLINE double nk_sixth(double n) {
    const double k = 1.0 / 6.0;
    double q = n * k;
    return __builtin_fma(__builtin_fma(-q, 6.0, n), k, q);
}
#else
NK_INLINE double nk_sixth(double n) { return n / 6.0; }
#endif

NK_INLINE void k_hard_swish(double x, const params *p, double *f, double *d, const int f32) {
    /* (float32 results: times 1/6, two roundings in double, instead of two divisions) */
    double n = x * (x + 3.0), m = 2.0 * x + 3.0;
    double v = f32 ? n * (1.0 / 6.0) : nk_sixth(n);
    double s = f32 ? m * (1.0 / 6.0) : nk_sixth(m);
    /* f = min(v, max(-0, x)): v <= x on [0, 3), v >= x from 3 (+inf or NaN far out,
     * never -inf: n >= 0 there), v < 0 on (-3, 0) and v >= 0 (or NaN) from -3 down,
     * where f is -0 (what -3 (-3 + 3) / 6 is); the min and max take the NaN of their
     * second operand, so a NaN x gives itself.  Two compiled min and max instead of a
     * copysign and two selects (and -0 loaded, not a constant that GCC carries through
     * as blends): 0.50 -> 0.34 ns an element at 10^5 (AMD EPYC Zen 2), the same bits on
     * 3.2 10^7 points, 4 10^6 of them next to -3 and 3.  No clip of x first: GCC
     * carried its constant arm through every step as blends, twice the time */
    double nz = -p->zero, mx = nz > x ? nz : x;  /* (loaded bounds: see params) */
    double below = is_nan(x) ? x : 0.0;  /* (selects in this order: the loops vectorize) */
    *f = v < mx ? v : mx;
    *d = select_d(x >= 3.0, 1.0, select_d(x > -3.0, s, below));
}

/* hard_logistic with an exact rational slope 1/q and offset k/q (q, k and k - q floats):
 * clip((x + k) / q, 0, 1), its corners -k and q - k exact.  a = q, b = k, c = the clip
 * bound, d = the slope rounded (the derivative) */
NK_INLINE void k_hard_logistic_ratio(double x, const params *p, double *f, double *d,
                                     const int f32) {
    (void)f32;
    double vc = clampd(x, -p->c, p->c);
    double lo = vc + p->b, hi = vc + (p->b - p->a);
    *f = clampd(lo / p->a, 0.0, 1.0);
    double in = lo > 0.0 ? (hi < 0.0 ? p->d : 0.0) : 0.0;
    *d = is_nan(x) ? x : in;
}

/* softshrink and hardshrink: a = lambd; threshold: a = threshold, b = value.  NaN
 * passes through; the derivative at a corner is the flat side's, 0.  Softshrink's f =
 * x - clip(x, -l, l) has the bits of x - l above l, x + l below -l and +0 between
 * (x - x; NaN stays): a max, a min and a subtraction, where the nested select took
 * nine compares, ands and blends */
NK_INLINE void k_softshrink(double x, const params *p, double *f, double *d, const int f32) {
    (void)f32;
    double l = p->a, inner = is_nan(x) ? x : 0.0;
    *f = x - clampd(x, -l, l);
    *d = fabs(x) > l ? 1.0 : inner;
}

NK_INLINE void k_hardshrink(double x, const params *p, double *f, double *d, const int f32) {
    (void)f32;
    double inner = is_nan(x) ? x : 0.0;
    *f = fabs(x) > p->a ? x : inner;
    *d = fabs(x) > p->a ? 1.0 : inner;
}

NK_INLINE void k_threshold(double x, const params *p, double *f, double *d, const int f32) {
    (void)f32;
    *f = x > p->a ? x : (is_nan(x) ? x : p->b);
    *d = x > p->a ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* JAX's sparse_plus and sparse_sigmoid: h = (x + 1) / 2 of x clipped to [-1, 1] (one
 * rounding); sparse_plus = h^2 on (-1, 1), x from 1; its derivative sparse_sigmoid = h */
NK_INLINE void k_sparse_plus(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    double h = 0.5 * (clampd(x, -1.0, 1.0) + 1.0);
    *f = x >= 1.0 ? x : h * h;
    *d = h;
}

NK_INLINE void k_sparse_sigmoid(double x, const params *p, double *f, double *d,
                                const int f32) {
    (void)p, (void)f32;
    *f = 0.5 * (clampd(x, -1.0, 1.0) + 1.0);
    *d = (x > -1.0 && x < 1.0) ? 0.5 : (is_nan(x) ? x : 0.0);
}

/* ---------------------------------------------------------------- sigmoid family */

NK_INLINE void k_logistic(double x, const params *p, double *f, double *d, const int f32,
                          const int nr) {
    (void)p;
    double r, er, e = exp_neg_abs(x, f32, nr);
    sigma_abs(e, &r, &er);
    *f = select_d(x >= 0.0 || (!nr && is_nan(x)), r, er);  /* nr: x is not NaN */
    *d = sigma_slope(e, r, f32);
}

/* x clipped to [-big, big] (returned) and beta x = pp + ee exactly, for kernels whose
 * params are a = beta, b = mode, c = big: MODE_EXACT for beta = 1, MODE_ROUNDED where
 * beta x is exact or must not be split, MODE_CORRECTED for Dekker's exact product.
 * inside = 1 promises |x| <= big (no clip: a block checked by nr_NAME) */
NK_INLINE double scaled_arg(double x, const params *p, double *pp, double *ee, const int mode,
                            const int inside) {
    double vc = inside ? x : clampd(x, -p->c, p->c);
    *pp = mode == MODE_EXACT ? vc : vc * p->a;
    *ee = mode == MODE_CORRECTED ? two_prod_err(vc, p->a, *pp) : 0.0;
    return vc;
}

/* softplus: a = beta, b = mode (as for scaled_arg), c = big, d = PyTorch's threshold
 * (x where beta x, rounded, exceeds it; +inf: never) */
NK_INLINE void k_softplus(double x, const params *p, double *f, double *d, const int mode,
                          const int f32, const int nr) {
    double big = p->c, pp, ee;
    (void)scaled_arg(x, p, &pp, &ee, mode, 0);
    double s, t, e = exp_neg_abs(pp, f32, nr);
    sigma_parts(pp, e, &s, &t);
    double v = max0(pp) + nk_log1p_01_p(e, f32);
    if (mode == MODE_CORRECTED) v = v + ee * s;
    if (mode != MODE_EXACT) v = v / p->a;
    int over = pp > p->d;
    *f = x > big || over ? x : (x < -big ? 0.0 : v);
    *d = over ? 1.0 : (mode == MODE_CORRECTED ? s * (1.0 + ee * t) : s);
}

NK_INLINE void k_log_sigmoid(double x, const params *p, double *f, double *d, const int f32,
                             const int nr) {
    (void)p;
    double r, er, e = exp_neg_abs(x, f32, nr);
    *f = min0(x) - nk_log1p_01_p(e, f32);
    sigma_abs(e, &r, &er);  /* sigma(-x) */
    *d = x >= 0.0 ? er : (x < 0.0 ? r : x);
}

NK_INLINE void k_softsign(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    double c = clampd(x, -NK_HUGE, NK_HUGE);
    /* float32 results: one division for both, r = 1 / (1 + |c|) (for infinite x, r^2
     * still underflows to the derivative's 0) */
    double r = 1.0 / (1.0 + fabs(f32 ? c : x));
    *f = f32 ? c * r : c / (1.0 + fabs(c));
    *d = r * r;
}

/* squareplus: a = b, b = b/2, c = b/4.  s = sqrt(x^2 + b) from x clipped to
 * SQUAREPLUS_BIG (beyond it s = |x| to the last bit, and f = x for x > 0); for x < 0,
 * f = b / (2 (s - x)), which does not cancel, and b / (4|x|) where s - x would
 * overflow; f' = (1 + x/s) / 2, for x < 0 as b / (2 s (s - x)) in two divisions */
#define SQUAREPLUS_BIG 1e150
#define SQUAREPLUS_TINY 1e300
NK_INLINE void k_squareplus(double x, const params *p, double *f, double *d, const int f32) {
    (void)f32;
    double a = fabs(x), xc = clampd(x, -SQUAREPLUS_BIG, SQUAREPLUS_BIG);
    double sc = sqrt(xc * xc + p->a), s = a > SQUAREPLUS_BIG ? a : sc;
    double neg = a > SQUAREPLUS_TINY ? p->c / a : p->b / (s + a);
    *f = x < 0.0 ? neg : (a > SQUAREPLUS_BIG ? x : 0.5 * (xc + sc));
    *d = x < 0.0 ? (p->b / s) / (s + a) : 0.5 + 0.5 * (xc / sc);
}

/* tanh(|x|) = -t / (t + 2) with t = expm1(-2|x|), sign restored; the derivative is
 * 4e / (1 + e)^2 with e = exp(-2|x|) (both from one range reduction) */
NK_INLINE void k_tanh(double x, const params *p, double *f, double *d, const int f32,
                      const int nr) {
    (void)p;
    double e, t = nk_expm1_exp_neg_nr(-2.0 * fabs(x), &e, f32, nr);
    double dd = 1.0 + e;
    /* float32 results: one division, 1 / (t + 2) (= 1 / (1 + e) but for rounding) */
    double r = f32 ? 1.0 / (t + 2.0) : 0.0;
    *f = copysign(f32 ? -t * r : -t / (t + 2.0), x);
    *d = f32 ? 4.0 * e * r * r : 4.0 * e / (dd * dd);
}

/* tanhshrink: x - tanh x.  For |x| < 1, |x|^3 P(x^2) with P the degree-16 polynomial
 * of (x - tanh x) / x^3 in s = x^2 on [0, 1] (NK_TANHSHRINK_P, tools/fit_tables.py:
 * relative error 2^-54, no cancellation: the terms' sum is at least 0.7 of the largest;
 * Horner's multiply-adds instead of the eleven divisions of Lambert's continued
 * fraction that it replaced); for |x| >= 1, (|x| - 1) + 2e / (1 + e), e = exp(-2|x|)
 * (two terms >= 0); the sign restored.  f' = tanh^2 x, tanh |x| = -t / (t + 2),
 * t = expm1(-2|x|) */
static const double NK_TANHSHRINK_P[17] = {
    0x1.277f28d66ed54p-27, -0x1.9451ff1e09d17p-24, 0x1.13fef2994fa6bp-21,
    -0x1.02743718e3c14p-19, 0x1.841ad2386954ap-18, -0x1.02bda4807859cp-16,
    0x1.471f81400a943p-15, -0x1.95fb1fe0c884ep-14, 0x1.f568237de92b5p-13,
    -0x1.3556dad32cd00p-11, 0x1.7da3478059894p-10, -0x1.d6d3cf1ede5d3p-9,
    0x1.226e355552852p-7, -0x1.664f488287cbfp-6, 0x1.ba1ba1ba1ae3ap-5,
    -0x1.1111111111109p-3, 0x1.5555555555555p-2,
};
NK_INLINE void k_tanhshrink(double x, const params *p, double *f, double *d, const int f32,
                            const int nr) {
    (void)p;
    double a = fabs(x), e, t = nk_expm1_exp_neg_nr(-2.0 * a, &e, f32, nr);
    double dd = t + 2.0, q = -t / dd;
    double far = (a - 1.0) + 2.0 * e / dd;
    double c = a < 1.0 ? a : 1.0, s = c * c, k = nk_horner(NK_TANHSHRINK_P, 17, s);
    /* float64: |x|^3 = cu + cu_e (the errors of c^2 and c s recovered), times P with
     * one rounding more */
    double cu = c * s, cu_e = f32 ? 0.0 : two_prod_err(c, s, cu) + c * two_square_err(c, s);
    double near = NK_MADD(cu, k, cu_e * k);
    *f = copysign(a < 1.0 ? near : far, x);
    /* float64: tanh|x| = q + q_lo (the division's residual and the rounding of t + 2
     * recovered), squared with one rounding; the square of q alone doubles its error */
    double dd_err = (2.0 - dd) + t, pr = q * dd, pr_err = two_prod_err(q, dd, pr);
    double q_lo = ((((-t) - pr) - pr_err) - q * dd_err) / dd;
    double sq = q * q, sq_err = two_square_err(q, sq);
    *d = f32 ? sq : sq + (sq_err + 2.0 * q * q_lo);
}

/* ---------------------------------------------------------------- exponential family
 * (expm1 and exp from one range reduction: a fused call reduces once) */

/* elu: a = alpha */
NK_INLINE void k_elu(double x, const params *p, double *f, double *d, const int f32,
                     const int nr) {
    double neg = min0(x), e, em1 = nk_expm1_exp_neg_nr(neg, &e, f32, nr);
    *f = x > 0.0 ? x : p->a * em1;
    *d = x > 0.0 ? 1.0 : p->a * e;
}

/* selu: a = scale, b = scale * alpha */
NK_INLINE void k_selu(double x, const params *p, double *f, double *d, const int f32,
                      const int nr) {
    double neg = min0(x), e, em1 = nk_expm1_exp_neg_nr(neg, &e, f32, nr);
    *f = x > 0.0 ? p->a * x : p->b * em1;
    *d = x > 0.0 ? p->a : p->b * e;
}

/* celu: a = alpha, b = mode, c = -min(800 alpha, 1e300), d = 1/alpha.  The argument
 * x / alpha: MODE_EXACT where alpha is a power of two (times d = 1/alpha: the same
 * correctly rounded quotient, without a division), MODE_ROUNDED a division,
 * MODE_CORRECTED a division and the Dekker correction of its rounding error */
NK_INLINE void k_celu(double x, const params *p, double *f, double *d, const int mode,
                      const int f32, const int nr) {
    double alpha = p->a, neg = min0(x);
    double q = mode == MODE_EXACT ? neg * p->d : neg / alpha;
    double e, em1 = nk_expm1_exp_neg_nr(q, &e, f32, nr);
    *f = x > 0.0 ? x : alpha * em1;
    double n2 = neg > p->c ? neg : (neg <= p->c ? p->c : neg);
    /* u = q unless neg < c (x below -800 alpha): never with nr = 1, and for float32
     * results the exponentials of both are 0 there; so in those loops exp(u) comes from
     * expm1's reduction (one reduction, not two) */
    double u = mode == MODE_EXACT ? n2 * p->d : n2 / alpha;
    double g = nr || f32 ? e : nk_exp_neg_nr(u, f32, nr);
    if (mode == MODE_CORRECTED) {
        double pr = u * alpha, pe = two_prod_err(u, alpha, pr);
        g = g * (1.0 + ((n2 - pr) - pe) / alpha);
    }
    *d = x > 0.0 ? 1.0 : (is_nan(x) ? x : g);
}

/* ---------------------------------------------------------------- self-gated
 * (the float64 results of swish, mish and the GELUs lift: see _numerics.h) */

/* swish: a = beta, b = mode (as for scaled_arg), c = big */
NK_INLINE void k_swish(double x, const params *p, double *f, double *d, const int mode,
                       const int f32, const int nr) {
    double big = p->c, pp, ee;
    /* beta = 1 in a checked block: |x| < -LIFT_BELOW (nr_swish) < big, so x is not
     * clipped and the select on x > big drops out (9% of the float64 value's time on
     * AVX2, measured; the same bits) */
    const int inside = nr && mode == MODE_EXACT;
    double vc = scaled_arg(x, p, &pp, &ee, mode, inside);
    int lifted = lifted_at(pp, f32, nr);
    double e = exp_neg_abs_or_lifted(pp, lifted, f32, nr);
    double m = e * (1.0 + ee);
    double f_lift = vc * m * UNLIFT, d_lift = m * (1.0 + pp) * UNLIFT;
    double dd = 1.0 + e, r, er, s, t;
    sigma_abs(e, &r, &er);
    int pos = pp >= 0.0;
    sigma_select(pos, r, er, &s, &t);
    double val = vc * s;
    /* f' = sigma + x sigma (1 - sigma) = (1 + e + x e) / (1 + e)^2 for x >= 0 (e = exp(-x)),
     * e (1 + x + e) / (1 + e)^2 for x < 0 (e = exp(x)).  float32 results take the first
     * form, s + x e r^2 (no second division, one fused multiply-add where the target
     * has FMA): its terms cancel only near the root of f' (x = -1.28), to an absolute
     * error near 2^-53, far below float32's rounding */
    double der = f32 ? NK_MADD(pp, sigma_slope(e, r, 1), s)
                     : select_d(pos, dd + pp * e, e * ((1.0 + pp) + e)) / (dd * dd);
    if (mode == MODE_CORRECTED) {
        val = val * (1.0 + ee * t);
        der = der + ee * (s * t) * (2.0 + pp * (t - s));
    }
    *f = !inside && x > big ? x : select_d(lifted, f_lift, val);
    *d = !inside && x > big ? 1.0 : select_d(lifted, d_lift, der);
}

/* tanh-approximate GELU: a, b = 2 sqrt(2/pi) as double-double, c, d = the same times
 * 0.044715.  x is clipped to [-GELU_TANH_CLIP, GELU_TANH_CLIP] (x^3 stays finite) */
#define GELU_TANH_CLIP 1e5
NK_INLINE void k_gelu_tanh(double x, const params *p, double *f, double *d, const int f32,
                           const int nr) {
    const double far = 6.0;  /* beyond: x dz/dx from z (no cancellation there) */
    double a_hi = p->a, a_lo = p->b, b_hi = p->c, b_lo = p->d;
    double xc = clampd(x, -GELU_TANH_CLIP, GELU_TANH_CLIP);
    /* z = x (a + b x^2) as z + z_e (double-double); float32 results need z only */
    double sq = xc * xc, sq_e = f32 ? 0.0 : two_square_err(xc, sq);
    double bq = sq * b_hi;
    double bq_e = f32 ? 0.0 : two_prod_err(sq, b_hi, bq) + b_hi * sq_e + b_lo * sq;
    double q = a_hi + bq, q_e = nk_two_sum_err(a_hi, bq, q) + (bq_e + a_lo);
    double z = xc * q, z_e = f32 ? 0.0 : two_prod_err(xc, q, z) + xc * q_e;
    int lifted = lifted_at(z, f32, nr);
    double e = exp_neg_abs_or_lifted(z, lifted, f32, nr);
    double s, t;
    sigma_parts(z, e, &s, &t);
    double ds = s * t;
    double s_c = s * (1.0 + z_e * t);
    double ds_c = ds * (1.0 + z_e * (t - s));
    double xdz = fabs(xc) > far ? 3.0 * z + (3.0 * z_e - 2.0 * a_hi * xc)
                                : xc * a_hi + (3.0 * b_hi) * (xc * (xc * xc));
    double m = e * (1.0 + z_e);
    double dd = 1.0 + e;
    double d_neg = e * (dd + xdz) / (dd * dd) * (1.0 + z_e * (t - s));
    double d_pos = s_c + xdz * ds_c;
    *f = select_d(lifted, xc * m * UNLIFT, x > GELU_TANH_CLIP ? x : xc * s_c);
    *d = select_d(lifted, m * (1.0 + xdz) * UNLIFT, z < 0.0 ? d_neg : d_pos);
}

/* mish, float32 results: t = tanh(softplus(x)) and sigma(x) (1 / (1 + e) for x > 0,
 * e / (1 + e) for x <= 0) from one division, r = 1 / (dp (n + 2) (1 + e)) (the
 * factors lie in [1, 5], [2, 5], [1, 2]), and f' = t + x sigma (1 - t^2).  Its terms
 * cancel only near the root of f' (x = -1.19), to an absolute error near 2^-50, and
 * 1 - t^2 loses relative precision only where x sigma (1 - t^2) is below 2^-40 of t:
 * far below float32's rounding either way.  (e, dp, n and pos as in k_mish.) */
NK_INLINE void mish_f32(double x, double vc, double e, double dp, double n, int pos,
                        double *f, double *d) {
    double ee = 1.0 + e, pq = dp * (n + 2.0), r = 1.0 / (pq * ee);
    double t = select_d(pos, (1.0 + 2.0 * e) * ((n + 2.0) * ee * r), n * (dp * ee * r));
    double sigma = select_d(pos, 1.0, e) * (pq * r);
    *f = x > NK_HUGE ? x : vc * t;
    *d = t + vc * sigma * (1.0 - t * t);
}

NK_INLINE void k_mish(double x, const params *p, double *f, double *d, const int f32,
                      const int nr) {
    (void)p;
    double vc = clampd(x, -NK_HUGE, NK_HUGE);
    int lifted = lifted_at(x, f32, nr);
    double e = exp_neg_abs_or_lifted(vc, lifted, f32, nr);  /* exp(-|x|), or exp(x + LIFT) */
    int pos = x > 0.0;
    /* x > 0: tanh(softplus(x)) = (1 + 2e) / dp, dp = 1 + 2e + 2e^2, with e = exp(-x) */
    double dp = 1.0 + 2.0 * e + 2.0 * e * e;
    /* x <= 0: tanh(softplus(x)) = n / (n + 2) with n = e (e + 2), e = exp(x) */
    double n = e * (e + 2.0);
    if (f32) {
        mish_f32(x, vc, e, dp, n, pos, f, d);
        return;
    }
    /* t = tanh(softplus(x)) with one division for both sides */
    double t = select_d(pos, 1.0 + 2.0 * e, n) / select_d(pos, dp, n + 2.0);
    double val = x > NK_HUGE ? x : vc * t;
    /* f' = N / D, also with one division for both sides (_mish2 in activations/gated.py
     * derives it): with c = 1 + x and b = 1.5 + x,
     *   x > 0:  N = 1/4 + e (1 + e (b + e c)),       D = 1/4 + e (1 + e (2 + e (2 + e)))
     *   x <= 0: N = e (c + e (b + e (1 + e / 4))),   D = 1 + e (2 + e (2 + e (1 + e / 4)))
     * as one Horner form in e whose coefficients are selected by the side (half the
     * arithmetic of two forms selected afterwards).  Every term is positive but c e^k
     * (x <= 0), and c is exact near the root of f' (x = -1.19) and for x <= -2. */
    double c = 1.0 + vc, b = 1.5 + vc;
    double n0 = select_d(pos, 0.25, 0.0), n1 = select_d(pos, 1.0, c);
    double n3 = select_d(pos, c, 1.0), n4 = select_d(pos, 0.0, 0.25);
    double d0 = select_d(pos, 0.25, 1.0), d1 = select_d(pos, 1.0, 2.0);
    double d3 = select_d(pos, 2.0, 1.0), d4 = select_d(pos, 1.0, 0.25);
    double num = NK_MADD(NK_MADD(NK_MADD(NK_MADD(n4, e, n3), e, b), e, n1), e, n0);
    double den = NK_MADD(NK_MADD(NK_MADD(NK_MADD(d4, e, d3), e, 2.0), e, d1), e, d0);
    *f = select_d(lifted, vc * e * UNLIFT, val);
    *d = select_d(lifted, e * (1.0 + vc) * UNLIFT, num / den);
}

/* exact GELU: a = sqrt(1/2), b = 1/sqrt(2 pi), c = sqrt(pi/2) (as the NumPy kernel),
 * given cx = erfcx(|clip(x, -GELU_CLIP, GELU_CLIP)| a), which the loops compute
 * (erfcx_lo for float32 results, erfcx_block for float64).  Float32 results need
 * neither the exact square nor the lifting. */
NK_INLINE void k_gelu(double x, const params *p, double *f, double *d, double cx,
                      const int f32, const int nr) {
    double xc = clampd(x, -GELU_CLIP, GELU_CLIP);
    double sq = xc * xc, sq_e = f32 ? 0.0 : two_square_err(xc, sq), t = -0.5 * sq;
    /* x < 0 with a tiny result: exp(t + LIFT) now, times UNLIFT at the end (written as
     * two selects, not one on a && b: GCC vectorizes this form) */
    double lift = t < LIFT_BELOW ? LIFT : 0.0;
    lift = x < 0.0 ? lift : 0.0;
    if (f32 || nr) lift = 0.0;
    double m = nk_exp_neg_nr(t + lift, f32, nr);
    double scale = lift == 0.0 ? 1.0 : UNLIFT;
    double big_e = m * (1.0 - 0.5 * sq_e);
    double h = 0.5 * cx * big_e, phi = p->b * big_e;
    double v = x < 0.0 ? xc * h : x * (1.0 - h);
    double g = x < 0.0 ? phi * (xc + p->c * cx) : (1.0 - h) + xc * phi;
    *f = v * scale;
    *d = g * scale;
}

/* ---------------------------------------------------------------- blocks of ordinary inputs
 *
 * nr_NAME(x, p): may the block run with nr = NR_CHECKED (see DEFINE_EXP_LOOPS)?  That
 * is, are the arguments of the kernel's exponentials above -EXP_NORMAL_LIMIT (normal
 * results) and, for the kernels that lift tiny results, above LIFT_BELOW?  False for
 * NaN. */
#define EXP_NORMAL_LIMIT 708.0 /* exp(v) is a normal number for v > -708 */

NK_INLINE int nr_logistic(double x, const params *p) {
    (void)p;
    return fabs(x) < EXP_NORMAL_LIMIT;
}
NK_INLINE int nr_log_sigmoid(double x, const params *p) {
    (void)p;
    return fabs(x) < EXP_NORMAL_LIMIT;
}
NK_INLINE int nr_softplus(double x, const params *p) { return fabs(x * p->a) < EXP_NORMAL_LIMIT; }
NK_INLINE int nr_tanh(double x, const params *p) {  /* exp(-2|x|) */
    (void)p;
    return fabs(x) < EXP_NORMAL_LIMIT / 2.0;
}
NK_INLINE int nr_elu(double x, const params *p) {
    (void)p;
    return x > -EXP_NORMAL_LIMIT;
}
NK_INLINE int nr_selu(double x, const params *p) {
    (void)p;
    return x > -EXP_NORMAL_LIMIT;
}
/* (celu: d = 1/alpha rounded; a margin of 1 covers its rounding) */
NK_INLINE int nr_celu(double x, const params *p) { return x * p->d > -(EXP_NORMAL_LIMIT - 1.0); }
NK_INLINE int nr_swish(double x, const params *p) { return fabs(x * p->a) < -LIFT_BELOW; }
NK_INLINE int nr_mish(double x, const params *p) {
    (void)p;
    return fabs(x) < -LIFT_BELOW;
}
/* tanh-GELU: |z| = |x| (a + b x^2) < 19.5 (1.5958 + 0.071355 * 19.5^2) < 561 */
#define GELU_TANH_ORDINARY 19.5
NK_INLINE int nr_gelu_tanh(double x, const params *p) {
    (void)p;
    return fabs(x) < GELU_TANH_ORDINARY;
}
/* GELU: -x^2 / 2 > -578 > LIFT_BELOW (checked in gelu_d) */
#define GELU_ORDINARY 34.0

NK_SCAN_ALWAYS(logistic)
NK_SCAN_ALWAYS(log_sigmoid)
NK_SCAN_ALWAYS(softplus)
NK_SCAN_ALWAYS(swish)
NK_SCAN_ALWAYS(mish)
NK_SCAN_ALWAYS(gelu_tanh)
NK_INLINE int nr_tanhshrink(double x, const params *p) { return nr_tanh(x, p); }
NK_SCAN_ALWAYS(tanhshrink)
NK_SCAN_FOR_DERIVATIVE(tanh)
NK_SCAN_FOR_DERIVATIVE(elu)
NK_SCAN_FOR_DERIVATIVE(selu)
NK_SCAN_FOR_DERIVATIVE(celu)

/* ---------------------------------------------------------------- from the output
 *
 * f'(x) as a function of the output y = f(x), for the activations whose derivative is
 * one (Activation.derivative_from_output; the NumPy kernels are their FromOutput
 * declarations).  f is that derivative and d the same (the loops store f alone); a y
 * that no x gives (outside f's range) and a NaN give the default NaN (the same bits
 * wherever the element lies; a NaN's own bits would cost a select more, which the
 * memory-speed rules of ReLU and ReLU6 felt at 10^6 elements).  Each is exact
 * arithmetic on y, rounded once or twice.  The float32 forms k32_NAME compute in float
 * (widening to double would cost more than the memory traffic): logistic's and tanh's
 * rule in one fused multiply-add, the ELUs' as an exact sum, each rounded once;
 * log-sigmoid's from a pair of floats. */
#define NK_FROM_OUTPUT(T, Y, OK, V, F, D)                                                \
    do { /* one select a statement, conditions joined by &: GCC vectorizes those */     \
        T fo_ = (V);                                                                    \
        *(F) = *(D) = (OK) ? fo_ : (T)NAN;                                              \
    } while (0)

/* logistic: sigma' = y (1 - y), y in [0, 1] (1 - y is exact for y >= 1/2); float32:
 * y - y^2 in one fused multiply-add, rounded once */
NK_INLINE void k_logistic_from_output(double y, const params *p, double *f, double *d,
                                      const int f32) {
    (void)p, (void)f32;
    NK_FROM_OUTPUT(double, y, (y >= 0.0) & (y <= 1.0), y * (1.0 - y), f, d);
}
#define setup32_logistic_from_output setup32_none
NK_INLINE void k32_logistic_from_output(float y, const params *p, float *f, float *d) {
    (void)p;
    NK_FROM_OUTPUT(float, y, (y >= 0.0f) & (y <= 1.0f), NK_FMAF(-y, y, y), f, d);
}

/* tanh: 1 - y^2 = (1 - y)(1 + y), y in [-1, 1] (the factor near 0 is exact); float32:
 * 1 - y^2 in one fused multiply-add */
NK_INLINE void k_tanh_from_output(double y, const params *p, double *f, double *d,
                                  const int f32) {
    (void)p, (void)f32;
    NK_FROM_OUTPUT(double, y, (y >= -1.0) & (y <= 1.0), (1.0 - y) * (1.0 + y), f, d);
}
#define setup32_tanh_from_output setup32_none
NK_INLINE void k32_tanh_from_output(float y, const params *p, float *f, float *d) {
    (void)p;
    NK_FROM_OUTPUT(float, y, (y >= -1.0f) & (y <= 1.0f), NK_FMAF(-y, y, 1.0f), f, d);
}

/* log-sigmoid: sigma(-x) = 1 - e^y = -expm1(y), y <= 0.  It needs an exponential, as
 * f' from x does (PyTorch's backward reads a buffer its forward pass saved instead).
 * Float64: y clipped to [-40, 0] (1 - e^y rounds to 1 below) by a min and a max of
 * loaded bounds, y = k ln2 + r + rl (k from one multiply-add, r + rl as nk_reduce's),
 * and 1 - 2^k (1 + r + t) as (1 - 2^k) - 2^k (r + t) in one multiply-add, r + t
 * rounded (t = e^r - 1 - r = rl + r (rl + r P(r)) in two multiply-adds, P = nk_exp_q):
 * 1 - 2^k is exact for k >= -53, and within 1/2 ULP of 1 below; for k = 0 the result
 * is -(r + t) rounded once, no cancellation, and for k <= -1 it is at least 0.29 and
 * 2^k (r + t) at most 0.21.  At most 0.8369 ULP on 1.8 10^7 random points against long
 * double (at y = -0.2803, k = 0, as before; 0.7070 near -37, k = -54).  In three stages
 * for the float64 loop of three passes (DEFINE_STAGED32_LOOPS): the reduction (k1),
 * P(r) (k2) and the rest (k3); k_NAME is the three in a row, the same operations (for
 * float32 in double, where the float32 kernels do not run, expm1's shorter form).  At
 * 10^5 (AMD EPYC, Zen 2): 1.77-1.83 ns an element in one pass as before, 1.40-1.45 in
 * three, 1.33-1.34 with k and t by multiply-adds (nk_reduce and nk_exp_tail: 1.42).  A
 * NaN y gives NaN by the select (the default NaN, as logistic's and tanh's f'(y) and
 * the float32 kernel below do; before, itself). */
#define LOG_SIGMOID_DY_LOW 40.0 /* 1 - e^y rounds to 1 below -40 (e^-40 < 2^-57) */
NK_INLINE void k1_log_sigmoid_from_output(double y, const params *p, double *r, double *rl,
                                          double *ks) {
    double yc = y < p->zero ? y : p->zero, lim = p->one * -LOG_SIGMOID_DY_LOW;
    yc = yc > lim ? yc : lim;
    *ks = NK_MADD(yc, NK_INV_LN2, NK_SHIFT);
    nk_reduce_by(yc, *ks - NK_SHIFT, r, rl);
}
NK_INLINE double k2_log_sigmoid_from_output(double r, double rl, double ks) {
    (void)rl, (void)ks;
    return nk_exp_q(r, r * r);
}
NK_INLINE void k3_log_sigmoid_from_output(double y, const params *p, double r, double rl,
                                          double ks, double q, double *f, double *d) {
    (void)p;
    double s = nk_pow2(nk_bits(ks)), t = NK_MADD(r, NK_MADD(r, q, rl), rl);
    NK_FROM_OUTPUT(double, y, y <= 0.0, NK_MADD(-s, r + t, 1.0 - s), f, d);
}
NK_INLINE void k_log_sigmoid_from_output(double y, const params *p, double *f, double *d,
                                         const int f32, const int nr) {
    if (f32) {
        double e, m = nk_expm1_exp_neg_nr(min0(y), &e, f32, nr);
        NK_FROM_OUTPUT(double, y, y <= 0.0, -m, f, d);
        return;
    }
    double r, rl, ks;
    k1_log_sigmoid_from_output(y, p, &r, &rl, &ks);
    double q = k2_log_sigmoid_from_output(r, rl, ks);
    k3_log_sigmoid_from_output(y, p, r, rl, ks, q, f, d);
}
/* float32: 1 - e^y rounded once (nk32_one_minus_exp) for every y: y is clipped to
 * [-NK32_EXP_LIMIT, 0] by a min and a max against bounds loaded from params (against
 * constants GCC made them compares and blends), where 1 - e^y rounds to 1 below, and a
 * NaN y becomes 0, its result NaN by the select; so no element takes the double formula
 * and the loop keeps no note of one.  1.55 -> 0.90 ns an element at 10^5 (AMD EPYC, Zen
 * 3) against -m of nk32_expm1_exp's pair, clipped by selects and checked for -87 */
#define setup32_log_sigmoid_from_output setup32_none
NK_INLINE int n32_log_sigmoid_from_output(float y, const params *p) {
    (void)y, (void)p;
    return 1;
}
NK_INLINE void k32_log_sigmoid_from_output(float y, const params *p, float *f, float *d) {
    float z = (float)p->zero, lim = (float)p->one * -NK32_EXP_LIMIT;
    float yc = y < z ? y : z;
    yc = yc > lim ? yc : lim;
    NK_FROM_OUTPUT(float, y, y <= 0.0f, nk32_one_minus_exp(yc), f, d);
}
NK32_ONE_STAGE(log_sigmoid_from_output)  /* (in two stages, 1.02 times as long) */

/* ReLU: 1 for y > 0, 0 for y = 0 (x <= 0, the flat side's derivative at the kink) */
#define NK_RELU_FROM_OUTPUT(T, Y, F, D)                                                  \
    NK_FROM_OUTPUT(T, Y, (Y) >= (T)0, (Y) > (T)0 ? (T)1 : (T)0, F, D)
NK_INLINE void k_relu_from_output(double y, const params *p, double *f, double *d,
                                  const int f32) {
    (void)p, (void)f32;
    NK_RELU_FROM_OUTPUT(double, y, f, d);
}
#define setup32_relu_from_output setup32_none
NK_INLINE void k32_relu_from_output(float y, const params *p, float *f, float *d) {
    (void)p;
    NK_RELU_FROM_OUTPUT(float, y, f, d);
}

/* The ELUs (c = alpha, or scale alpha for SELU): f' = s for y > 0 (s = 1, or SELU's
 * scale), c e^x = y + c for -c <= y <= 0.  Their end -c is a double, which a float32
 * output holds rounded, perhaps below it: a y within that rounding, 2^-24 c, below -c is
 * taken as -c (f' = max(y + c, 0) = 0 there).  float32 in float arithmetic (mixed with
 * double, GCC left the loop scalar, with branches: 7 ns an element): c = ch + cl split
 * into floats, ch + y + cl = h + l (nk32_add_exact: |y| <= ch) rounded once; the end
 * is compared as the float it rounds up to (setup32_elus) */
#define NK_ELU_END(C) (-(C) * (1.0 + 0x1p-24))
/* one select a statement (nested in one expression, they left GCC's loop scalar) */
#define NK_ELU_FROM_OUTPUT(T, Y, OK, S, V, F, D)                                        \
    do {                                                                                \
        T v_ = (V);                                                                     \
        v_ = v_ > (T)0 ? v_ : (T)0;                                                     \
        v_ = (Y) > (T)0 ? (S) : v_;                                                     \
        NK_FROM_OUTPUT(T, Y, OK, v_, F, D);                                             \
    } while (0)

/* fa, fb = c split into floats; fc = the least float >= NK_ELU_END(c); fd = s; 0 (the
 * double formula) for a c whose split would not hold it: above 2^100, or below 2^-100
 * but for 0 */
NK_INLINE int setup32_elus(params *p, double c, double s) {
    if (c > 0x1p100 || (c != 0.0 && c < 0x1p-100)) return 0;
    nk32_split_param(c, &p->fa, &p->fb);
    double end = NK_ELU_END(c);
    float t = (float)end;
    p->fc = (double)t >= end ? t : nextafterf(t, INFINITY);
    p->fd = (float)s;
    return 1;
}

/* ELU (a = alpha) */
NK_INLINE void k_elu_from_output(double y, const params *p, double *f, double *d,
                                 const int f32) {
    (void)f32;
    NK_ELU_FROM_OUTPUT(double, y, y >= NK_ELU_END(p->a), 1.0, y + p->a, f, d);
}
NK_INLINE int setup32_elu_from_output(params *p) { return setup32_elus(p, p->a, 1.0); }
/* float32, ELU and SELU alike (c, s and the end from setup32_elus) */
NK_INLINE void k32_elus_from_output(float y, const params *p, float *f, float *d) {
    float h, l;
    nk32_add_exact(p->fa, y, p->fb, &h, &l);
    NK_ELU_FROM_OUTPUT(float, y, y >= p->fc, p->fd, h + l, f, d);
}
#define k32_elu_from_output k32_elus_from_output

/* SELU (a = scale, b = scale alpha) */
NK_INLINE void k_selu_from_output(double y, const params *p, double *f, double *d,
                                  const int f32) {
    (void)f32;
    NK_ELU_FROM_OUTPUT(double, y, y >= NK_ELU_END(p->b), p->a, y + p->b, f, d);
}
NK_INLINE int setup32_selu_from_output(params *p) { return setup32_elus(p, p->b, p->a); }
#define k32_selu_from_output k32_elus_from_output

/* CELU (a = alpha): f' = e^(x/alpha) = (y + alpha)/alpha (y + alpha is exact where it
 * would cancel); float32: 1 + y/alpha with 1/alpha = rh + rl split into floats, y rh =
 * q + qe exactly, and 1 + q + (qe + y rl) as the ELUs' sum (|q| <= 1) */
NK_INLINE void k_celu_from_output(double y, const params *p, double *f, double *d,
                                  const int f32) {
    (void)f32;
    NK_ELU_FROM_OUTPUT(double, y, y >= NK_ELU_END(p->a), 1.0, (y + p->a) / p->a, f, d);
}
NK_INLINE int setup32_celu_from_output(params *p) {
    if (!setup32_elus(p, p->a, 1.0)) return 0;
    nk32_split_param(1.0 / p->a, &p->fa, &p->fb);  /* in place of alpha's */
    return 1;
}
NK_INLINE void k32_celu_from_output(float y, const params *p, float *f, float *d) {
    float q = y * p->fa, qe = NK_FMAF(y, p->fa, -q) + y * p->fb, h, l;
    nk32_add_exact(1.0f, q, qe, &h, &l);
    NK_ELU_FROM_OUTPUT(float, y, y >= p->fc, 1.0f, h + l, f, d);
}

/* ReLU6: 1 strictly between the corners 0 and 6, 0 at them (x at a corner or beyond:
 * the flat side's derivative, as f' from x).  (Hard-tanh has none: its corners are
 * parameters, which a float32 output holds rounded, so that y at the lower corner could
 * be read as below it.) */
#define NK_CLIP_FROM_OUTPUT(T, Y, LO, HI, F, D)                                          \
    NK_FROM_OUTPUT(T, Y, ((Y) >= (LO)) & ((Y) <= (HI)),                                  \
                   (((Y) > (LO)) & ((Y) < (HI))) ? (T)1 : (T)0, F, D)
NK_INLINE void k_relu6_from_output(double y, const params *p, double *f, double *d,
                                   const int f32) {
    (void)p, (void)f32;
    NK_CLIP_FROM_OUTPUT(double, y, 0.0, 6.0, f, d);
}
#define setup32_relu6_from_output setup32_none
NK_INLINE void k32_relu6_from_output(float y, const params *p, float *f, float *d) {
    (void)p;
    NK_CLIP_FROM_OUTPUT(float, y, 0.0f, 6.0f, f, d);
}

/* ---------------------------------------------------------------- float32 arithmetic
 *
 * k32_NAME(x, p, &f, &d) computes f and f' of a float x in float32 arithmetic with the
 * double-float pieces of _float32.h (the compiler drops the half a loop does not store).
 * setup32_NAME(&params) runs when a float32 loop starts: it sets the float parameters
 * fa..fd the kernel reads and returns 0 for parameter values the kernel does not take
 * (the loop is then the double one, as where the target has no fused multiply-add).
 *
 * The kernels built on exp hold where n32_NAME(x, p) does (ordinary arguments: finite,
 * and results that are normal floats): their loops (DEFINE_EXP32_LOOPS in _loops.h)
 * take them for the blocks whose every element passes and compute the other elements
 * one by one, with the double formula.  Each element's result depends on its value only
 * (never on the block it lies in), so results do not depend on how the array is split
 * between threads.  The piecewise kernels take every input (DEFINE_CHEAP32_LOOPS). */

NK_INLINE int is_nan32(float x) { return x != x; }

NK_INLINE int setup32_none(params *p) {
    (void)p;
    return 1;
}
NK_INLINE int setup32_mode_exact(params *p, const int mode) {
    (void)p;
    return mode == MODE_EXACT;
}
/* the factors of 1e-3 to 1e3, for which alpha exp(x) stays a normal float for x >= -80 */
NK_INLINE int n32_factor_ok(double a) { return a >= 1e-3 && a <= 1e3; }
/* |x| above 2^-100 (or 0) for the products with x (nk32_mul_round) */
#define NK32_PRODUCT_MIN 0x1p-100f
NK_INLINE int n32_product_ok(float x) { return fabsf(x) >= NK32_PRODUCT_MIN || x == 0.0f; }

#define setup32_logistic setup32_none
NK_INLINE int n32_logistic(float x, const params *p) {
    (void)p;
    return fabsf(x) <= NK32_ORDINARY;
}
/* in two stages: exp(-x) = eh + el and 1 + exp(-x) = dh + dl, then sigma and
 * sigma (1 - sigma) */
NK_INLINE void k32a_logistic(float x, const params *p, NK32_STAGE_ARGS) {
    (void)p;
    nk32_exp_neg_short(x, e0, e1, e2, e3);
}
NK_INLINE void k32b_logistic(float x, float eh, float el, float dh, float dl, const params *p,
                             float *f, float *d) {
    (void)x, (void)p;
    float s, sl, t, tl;
    *f = nk32_sigma_from(eh, el, dh, dl, &s, &sl, &t, &tl);
    *d = nk32_mul_round_normal(s, sl, t, tl);  /* sigma (1 - sigma) */
}
NK32_TWO_STAGES_FOR_DERIVATIVE(logistic)
/* with AVX-512 (_float32x16.h), the same from the table-driven exp (nk32_sigma_table),
 * but f' = tanh'(|x|/2)/4 from tanh's pieces scaled (LOGISTIC32_D, nk32_slope_pieces)
 * for |x| < 15.75 (no division): at most 0.5382 ULP for f and 0.6105 for f' (at
 * x = -6.2473, twice the worst point of tanh') on every float in [-80, 80] (0.7502 and
 * 0.7542 from the short exp; f' was 0.5382 from the pairs); the scalar formula
 * k32t_logistic is the tests' (vm_logistic32) */
NK_INLINE void k32t_logistic(float x, float *f, float *d) {
    float s, sl, t, tl, a = fabsf(x);
    *f = nk32_sigma_table(x, &s, &sl, &t, &tl);
    *d = a < 2.0f * TANH32_D_TOP ? nk32_slope_pieces(a, LOGISTIC32_D, 2.0f)
                                 : nk32_mul_round_normal(s, sl, t, tl);
}
#if NK_V32
NK_INLINE __mmask16 ok16_logistic(__m512 x, const params *p) {
    (void)p;
    return _mm512_cmp_ps_mask(_mm512_abs_ps(x), NK32_SET(NK32_ORDINARY), _CMP_LE_OQ);
}
NK_V32_BAD_FROM_MASK(logistic)
NK_INLINE void v32_logistic(__m512 x, const params *p, __m512 *f, __m512 *d) {
    (void)p;
    __m512 s, sl, t, tl, a = _mm512_abs_ps(x);
    *f = nk32_sigma_table16(x, &s, &sl, &t, &tl);
    __m512 dv = nk32_slope_pieces16(a, LOGISTIC32_D, 2.0f);
    __mmask16 far = _mm512_cmp_ps_mask(a, NK32_SET(2.0f * TANH32_D_TOP), _CMP_GE_OQ);
    if (far) dv = _mm512_mask_blend_ps(far, dv, nk32_mul_round_normal16(s, sl, t, tl));
    *d = dv;
}
#endif

/* swish (params as k_swish), MODE_EXACT only (beta = 1): f = x sigma(x) rounded once,
 * f' = sigma(x) + x sigma'(x) from the pairs of nk32_sigma_d, the sum made exact by
 * TwoSum.  Both come from one exp(-x), so their errors are correlated and largely
 * cancel, but not where f' vanishes, at its root x0 = -1.2785 (f'(x) = 0.22 (x - x0)
 * there): the sum is beyond 0.7 ULP only within 0.009 of x0, and within 1/32 of x0
 * f' = (x - x0) P(x - x0h) instead (nk32_near_root, SWISH32_ROOT_P).  Measured on every
 * float in [-80, 80]: f at most 0.8113 ULP, f' 0.8131 (both near x = -78, where the
 * short exp's error dominates).  Tiny and subnormal x too: below 2^-100 the residuals
 * of the products with x are not exact, but they weigh nothing against f = x/2 rounded
 * (x sigma(x) = x/2 + x^2/4 + ..., the second term below half an ULP of the first; at a
 * subnormal x/2 halfway between two floats the formula rounds to even, where the exact
 * value rounds away: 0.5 ULP) and f' = 1/2 + x/4 + ...; so n32_swish is the one compare
 * |x| <= 80 (the AVX-512 loop's mask, ok16_swish, still leaves 0 < |x| < 2^-100 to the
 * double formula).  Without the second test the AVX2 loop took 2.5% less time for f
 * and 5% less for f' (10^5 elements, measured) */
#define SWISH32_NEAR_ROOT 0.03125f
/* swish's slope near its root: x0h, x0h - x0, then f'(x)/(x - x0) of t = x - x0h,
 * |t| <= 0.0316, degree 6, 40 nodes, float (tools/fit_tables.py) */
static const float SWISH32_ROOT_P[11] = {
    -0x1.474974p+0f, -0x1.bdf6fap-27f, 0x1.be1410p-3f, 0x1.27ad30p-33f,
    0x1.2c5634p-3f, 0x1.1fd9d6p-29f, 0x1.353eb6p-6f, -0x1.f2d0e2p-7f,
    -0x1.b0f82cp-8f, 0x1.0a3cbap-13f, 0x1.a29cd4p-11f,
};
#define setup32_swish setup32_mode_exact
NK_INLINE int n32_swish(float x, const params *p) {
    (void)p;
    return fabsf(x) <= NK32_ORDINARY;
}
/* f and f' from sigma = s + sl and 1 - sigma = t + tl, f' but within the root's window */
NK_INLINE void k32_swish_general(float x, float s, float sl, float t, float tl, float *f,
                                 float *d) {
    float g, gl;
    nk32_mul(s, sl, t, tl, &g, &gl);  /* sigma' */
    *f = nk32_mul1_round(s, sl, x);
    float xg = x * g, xge = NK_FMAF(x, g, -xg);  /* x sigma' = xg + xge + x gl */
    float u = s + xg, ue = nk32_two_sum_err(s, xg, u);
    *d = u + (ue + (sl + (xge + x * gl)));
}
/* whether x lies in the root's window, and f' there: for |x| <= 80 (n32_swish) the
 * polynomial is finite unclipped (|x - x0| < 82) */
NK_INLINE int n32_swish_root(float x) {
    return fabsf(x - SWISH32_ROOT_P[0]) < SWISH32_NEAR_ROOT;
}
NK_INLINE float k32_swish_root(float x) {
    return nk32_root_poly(x - SWISH32_ROOT_P[0], SWISH32_ROOT_P);
}
NK_INLINE void k32_swish_of(float x, float s, float sl, float t, float tl, float *f, float *d) {
    float general, root = k32_swish_root(x);
    k32_swish_general(x, s, sl, t, tl, f, &general);
    *d = n32_swish_root(x) ? root : general;
}
/* the AVX2 loop's f' (but within the root's window): sigma (1 + x (1 - sigma)) from the
 * same pairs, x t = xt + xte (the product's residual exact, x tl added), 1 + xt = w + wl
 * (TwoSum, with xte), and (s + sl)(w + wl) rounded once: five operations fewer than
 * k32_swish_general's sigma + x sigma' (there 1 - sigma(x) enters through sigma' =
 * sigma (1 - sigma) as a pair product).  Where f' vanishes the sum 1 + xt cancels, as
 * sigma + x sigma' does, and exactly (the pair drops only x tl's rounding, near 2^-48):
 * on every float in [-80, 80] outside the root's window the largest error is the same
 * as that formula's, 0.8131 ULP at x = -77.98 (0.6877 for |x| <= 10, at -1.0424;
 * against a float64 reference), and the loop of f' took 0.93 of the time (AMD EPYC, Zen
 * 3, 10^5-10^7 elements); with 1 - sigma as 1 - s (k32b_swish), 0.91 of that again.
 * The AVX-512 loop keeps sigma + x sigma' (v32_swish, whose scalar twin k32t_swish the
 * tests compare it with) */
NK_INLINE float k32_swish_slope(float x, float s, float sl, float t, float tl) {
    float xt = x * t, xte = NK_FMAF(x, t, -xt) + x * tl;
    float w = 1.0f + xt, wl = nk32_two_sum_err(1.0f, xt, w) + xte;
    return NK_FMAF(s, w, NK_FMAF(sl, w, s * wl));
}
/* the AVX2 loop's kernel, in two stages: f, and f' but within the root's window, which
 * NK32_FIX_swish sets after each block (_loops.h: NK_NATIVE32_F_LOOP_WITH), for the few
 * elements there; the vectorized loop computed the polynomial for every element, 29% of
 * f''s time and 20% of the fused call's (AMD EPYC, Zen 2, 10^5 elements, measured) */
NK_INLINE void k32a_swish(float x, const params *p, NK32_STAGE_ARGS, const int mode) {
    (void)p, (void)mode;
    nk32_exp_neg_short(x, e0, e1, e2, e3);  /* exp(-x) and 1 + exp(-x), as logistic's */
}
NK_INLINE void k32b_swish(float x, float eh, float el, float dh, float dl, const params *p,
                          float *f, float *d, const int mode) {
    (void)p, (void)mode, (void)eh, (void)el;
    float s, sl, t, tl;
    nk32_recip(dh, dl, &s, &sl);  /* sigma, as nk32_sigma_from's */
    /* 1 - sigma = t + tl without a second division: t = 1 - s, exact for s >= 1/2 and
     * else its rounding error exact (Fast2Sum), less sl.  Where sigma is near 1 the pair
     * has only sl's relative accuracy (about 2^-24), but there x t is far below 1 in
     * f' = sigma (1 + x t); the pair is off by at most 2^-48 in absolute terms, which
     * against 1 + x t outside the root's window (at least 1/32) is below 2^-36
     * (k32_swish_general, for AVX-512 and the tests, keeps t from the division) */
    nk32_add_exact(1.0f, -s, -sl, &t, &tl);
    *f = nk32_mul1_round(s, sl, x);
    *d = k32_swish_slope(x, s, sl, t, tl);
}
NK32_TWO_STAGES_MODE(swish)
/* f' of the elements of xb[0 .. m - 1] (m <= NK_F32_BLOCK) in the root's window into g.
 * With AVX2 the window is tested eight elements at a time, the start of each eight with
 * one there noted (no branch: a data-dependent branch per group is mispredicted), and
 * then for each eight noted the polynomial is evaluated for the eight (nk32_root_poly8,
 * the same operations) and blended in; not inlined, so that its constants stay in
 * registers.  (A branch per sixteen elements, as before, took 1.02-1.08 times as long
 * for f' at 10^5-10^6; testing sixteen elements at a time by NK_ALONE_LOOP and the
 * scalar polynomial took half the time the fix saves; eight at a time, the scalar
 * polynomial at each set bit, a third.)  Only the loops without AVX-512 take it (the
 * 16-lane kernel has the window in its vectors) */
#if !NK_V32
NK_NOINLINE void swish32_root_fix(const float *xb, float *g, ptrdiff_t m) {
    ptrdiff_t i = 0;
#if NK_V8
    const __m256 x0 = NK32_SET8(SWISH32_ROOT_P[0]), w = NK32_SET8(SWISH32_NEAR_ROOT);
    ptrdiff_t near[NK_F32_BLOCK / 8];
    int k = 0;
    for (; i + 8 <= m; i += 8) {
        __m256 t = _mm256_sub_ps(_mm256_loadu_ps(xb + i), x0);
        near[k] = i;
        k += _mm256_movemask_ps(_mm256_cmp_ps(nk32_abs8(t), w, _CMP_LT_OQ)) != 0;
    }
    for (int j = 0; j < k; j++) {
        const ptrdiff_t s = near[j];
        __m256 t = _mm256_sub_ps(_mm256_loadu_ps(xb + s), x0);
        __m256 n = _mm256_cmp_ps(nk32_abs8(t), w, _CMP_LT_OQ);
        _mm256_storeu_ps(g + s, _mm256_blendv_ps(_mm256_loadu_ps(g + s),
                                                 nk32_root_poly8(t, SWISH32_ROOT_P), n));
    }
#endif
    for (; i < m; i++)
        if (n32_swish_root(xb[i])) g[i] = k32_swish_root(xb[i]);
}
#endif
#define NK32_FIX_swish swish32_root_fix
/* with AVX-512 (_float32x16.h), the same from the table-driven exp (nk32_sigma_table):
 * at most 0.5391 ULP for f and 0.6356 for f' on every float in [-80, 80] (f' at
 * x = -1.2460, just beyond the root's window); the scalar formula k32t_swish is the
 * tests' (vm_swish32).  The loop evaluates the root's polynomial only for a vector of
 * 16 with a lane near the root (a branch; for N(0, 3) data about one vector in nine):
 * in every vector it took about a fifth of the time of swish' alone (measured) */
NK_INLINE void k32t_swish(float x, float *f, float *d) {
    float s, sl, t, tl;
    (void)nk32_sigma_table(x, &s, &sl, &t, &tl);
    k32_swish_of(x, s, sl, t, tl, f, d);
}
#if NK_V32
NK_INLINE __mmask16 ok16_swish(__m512 x, const params *p) {
    __m512 a = _mm512_abs_ps(x);
    return ok16_logistic(x, p) & (_mm512_cmp_ps_mask(a, NK32_SET(NK32_PRODUCT_MIN), _CMP_GE_OQ) |
                                  _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_EQ_OQ));
}
NK_V32_BAD_FROM_MASK(swish)
NK_INLINE void v32_swish(__m512 x, const params *p, __m512 *f, __m512 *d, const int mode) {
    (void)p, (void)mode;
    __m512 s, sl, t, tl;
    (void)nk32_sigma_table16(x, &s, &sl, &t, &tl);
    __m512 g = _mm512_mul_ps(s, t);
    __m512 gl = _mm512_add_ps(_mm512_fmsub_ps(s, t, g),
                              _mm512_add_ps(_mm512_mul_ps(s, tl), _mm512_mul_ps(sl, t)));
    *f = _mm512_fmadd_ps(s, x, _mm512_mul_ps(sl, x));
    __m512 xg = _mm512_mul_ps(x, g), xge = _mm512_fmsub_ps(x, g, xg);
    __m512 u = _mm512_add_ps(s, xg), ue = nk32_two_sum_err16(s, xg, u);
    __m512 rest = _mm512_add_ps(xge, _mm512_mul_ps(x, gl));
    __m512 general = _mm512_add_ps(u, _mm512_add_ps(ue, _mm512_add_ps(sl, rest)));
    __m512 tr = _mm512_sub_ps(x, NK32_SET(SWISH32_ROOT_P[0]));
    __mmask16 near = _mm512_cmp_ps_mask(_mm512_abs_ps(tr), NK32_SET(SWISH32_NEAR_ROOT), _CMP_LT_OQ);
    /* the polynomial only where a lane needs it (each lane's bits are the same) */
    *d = near ? _mm512_mask_blend_ps(near, general, nk32_root_poly16(tr, SWISH32_ROOT_P)) : general;
}
#endif

/* elu (a = alpha) and selu (a = scale, b = scale * alpha), for x >= -80.  f' = a exp(x)
 * is a normal float (a >= 1e-3: above 1.8e-38), so its product is rounded by
 * nk32_mul_round_normal, three operations without nk32_mul_round's select for a zero:
 * f' alone took 0.82 of the time (10^6, AVX2); on every float32 in [-80, 0) its bits
 * were those of nk32_mul_round for alpha = 1, and for SELU and alpha = 0.3, where some
 * differ, the worst errors were the same (0.6189, 0.5961 and 0.6380 ULP, with either) */
NK_INLINE void k32_elu_parts(float x, double a, float *f, float *d) {
    float ah, al, m, ml, e, el;
    nk32_split_param(a, &ah, &al);
    nk32_expm1_exp(x < 0.0f ? x : 0.0f, &m, &ml, &e, &el);
    *f = nk32_mul_round(ah, al, m, ml);
    *d = nk32_mul_round_normal(ah, al, e, el);
}

NK_INLINE int setup32_elu(params *p) { return n32_factor_ok(p->a); }
NK_INLINE int n32_elu(float x, const params *p) {
    (void)p;
    return x >= -NK32_ORDINARY && x <= 3e38f && n32_product_ok(x);
}
NK_INLINE void k32_elu(float x, const params *p, float *f, float *d) {
    float fn, dn;
    k32_elu_parts(x, p->a, &fn, &dn);
    *f = x > 0.0f ? x : fn;
    *d = x > 0.0f ? 1.0f : dn;
}
/* (one stage: in two, ELU's and SELU's f alone and f' alone took 1.02-1.18 times as
 * long, CELU's f' alone 1.37, and the fused calls 0.93-1.01: a loop of f or f' alone in
 * one pass drops the half of the expm1 and exp pairs it does not use) */
NK32_ONE_STAGE(elu)

NK_INLINE int setup32_selu(params *p) { return n32_factor_ok(p->a) && n32_factor_ok(p->b); }
NK_INLINE int n32_selu(float x, const params *p) {
    (void)p;
    return x >= -NK32_ORDINARY && x <= 1e38f && n32_product_ok(x);
}
NK_INLINE void k32_selu(float x, const params *p, float *f, float *d) {
    float fn, dn, sh, sl;
    k32_elu_parts(x, p->b, &fn, &dn);
    nk32_split_param(p->a, &sh, &sl);
    *f = x > 0.0f ? nk32_mul1_round(sh, sl, x) : fn;
    *d = x > 0.0f ? (float)p->a : dn;
}
NK32_ONE_STAGE(selu)

/* celu (params as k_celu), MODE_EXACT only (alpha a power of two in [2^-10, 2^10]):
 * x / alpha = x (1/alpha) is exact, alpha expm1(x / alpha) adds the pair's second float
 * to an exact product (one rounding), and f' = exp(x / alpha); for x / alpha >= -80.
 * fa = alpha, fb = 1/alpha */
NK_INLINE int setup32_celu(params *p, const int mode) {
    p->fa = (float)p->a;
    p->fb = (float)p->d;
    return mode == MODE_EXACT && p->a >= 0x1p-10 && p->a <= 0x1p10;
}
NK_INLINE int n32_celu(float x, const params *p) {
    return x * p->fb >= -NK32_ORDINARY && x <= 3e38f && n32_product_ok(x);
}
/* f' = e, exp's pair's first float: the pair is normalized (|el| <= ulp(e) / 2), so
 * e + el rounds to e but where el is subnormal and rounded to half an ulp of e (x / alpha
 * below -70): the loop of f' alone drops el and its steps, 0.77 of the time (10^6,
 * AVX2); on every float32 x < 0, alpha = 1, three results changed (x < -76.9), each
 * now closer (0.5000 ULP, 0.5004 before), the worst error 0.6189 ULP as before (alpha
 * = 1 and 1/2) */
NK_INLINE void k32_celu(float x, const params *p, float *f, float *d, const int mode) {
    (void)mode;
    float m, ml, e, el;
    nk32_expm1_exp((x < 0.0f ? x : 0.0f) * p->fb, &m, &ml, &e, &el);
    (void)el;
    *f = x > 0.0f ? x : p->fa * m + p->fa * ml;
    *d = x > 0.0f ? 1.0f : e;
}
NK32_ONE_STAGE_MODE(celu)

/* tanh: tanh(|x|) = -t / (t + 2) with t = expm1(-2|x|), and f' = 4e / (1 + e)^2 with
 * e = exp(-2|x|) (1 + e = t + 2), both as pairs; for 2^-60 <= |x| <= 40 and 0 (with
 * AVX-512: the formula below, for |x| <= 40; with AVX2 every call computes in double
 * instead: slope32d_block, _float32x8.h) */
#define setup32_tanh setup32_none
/* 0 < |x| < TANH32_TINY (but with AVX-512) and |x| > TANH32_LIMIT: the float64 formula */
#define TANH32_TINY 0x1p-60f
#define TANH32_LIMIT 40.0f
#if NK_V32 /* the AVX-512 loop (below) takes every |x| <= 40, tiny and subnormal ones too */
NK_INLINE int n32_tanh(float x, const params *p) {
    (void)p;
    return fabsf(x) <= TANH32_LIMIT;
}
#else
NK_INLINE int n32_tanh(float x, const params *p) {
    (void)p;
    float a = fabsf(x);
    return (a >= TANH32_TINY && a <= TANH32_LIMIT) || x == 0.0f;
}
#endif
NK_INLINE void k32a_tanh(float x, const params *p, NK32_STAGE_ARGS) {
    (void)p;
    nk32_expm1_exp(-2.0f * fabsf(x), e0, e1, e2, e3);
}
NK_INLINE void k32b_tanh(float x, float m, float ml, float e, float el, const params *p,
                         float *f, float *d) {
    (void)p;
    float dh, dl, r, rl, g, gl;
    nk32_add_exact(2.0f, m, ml, &dh, &dl);  /* t + 2 = 1 + e */
    nk32_recip(dh, dl, &r, &rl);
    *f = copysignf(nk32_div_round(-m, -ml, dh, dl, r), x);
    nk32_mul(e, el, r, rl, &g, &gl);
    *d = 4.0f * nk32_mul_round_normal(g, gl, r, rl);
}
NK32_TWO_STAGES(tanh)

/* With AVX-512 (_float32x16.h) tanh's value is a polynomial on 30 pieces of [0, 9.5]
 * (TANH32_T, tools/fit_tables.py): |x| is clipped to 9.5 (tanh 9.5 rounds to 1), the
 * piece i is its float's exponent and two leading mantissa bits (i = 0 below 1/16, and
 * from 1/16 each octave in four, up to i = 29: [8, 9.5]), u = |x| - c exactly for the
 * piece's centre c, and
 *     tanh |x| = t + (d u + u^2 Q(u)),  Q of degree 4,
 * with t = tanh c and d = tanh'(c) single floats: c is chosen where both lie within
 * 2^-7 ULP of a float (Gal's accurate tables), so that no pair is needed (piece 0: c = 0,
 * t = 0, d = 1, and the value is u + u^2 Q rounded, accurate for tiny x).  Eight table
 * rows looked up by in-register permutes, five multiply-adds, no exp and no division.
 * The derivative likewise below 7.875 (nk32_tanh_slope, _float32.h); above, 4e(1 - 2e)
 * with e = exp(-2|x|) from the table-driven exp (nk32_tanh_slope_far).  At most 0.5752
 * ULP for f (at x = 0.06257) and 0.6105 for f' (at x = 3.1237, where f' falls below
 * 2^-7 within a piece: its u^2 term, 4% of f', and the polynomial's error count twice
 * there) on every float in [-40, 40]
 * (benchmarks/exhaustive32.py; 0.5855 and 0.5382 with f = 1 - 2 sigma(-2|x|) and f' from
 * sigma everywhere before, 0.5557 and 0.6196 from expm1); the scalar formula k32t_tanh is
 * the tests' (vm_tanh32) */
#define TANH32_CAP 9.5f
#define TANH32_LOW 0x1.fffffep-5f /* below 1/16: piece 0 */
/* rows of 32 floats: c, tanh c, tanh'(c), then Q's coefficients of u^0 .. u^4; piece i
 * at (i + 11) mod 32, the low five bits of the float bits of max(|x|, TANH32_LOW) >> 21
 * (491 for piece 0; two entries, after piece 29, zeros) */
static const float TANH32_T[256] = {
    0x1.1ffb72p+1f, 0x1.5ff606p+1f, 0x1.a00746p+1f, 0x1.e003b2p+1f,
    0x1.200cbcp+2f, 0x1.601492p+2f, 0x1.a05b40p+2f, 0x1.e0d032p+2f,
    0x1.156216p+3f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x1.20076ep-4f,
    0x1.6021f6p-4f, 0x1.9fe3f6p-4f, 0x1.e00c3ep-4f, 0x1.1ffc10p-3f,
    0x1.5ff89ap-3f, 0x1.9ff992p-3f, 0x1.e013fap-3f, 0x1.2004e2p-2f,
    0x1.601476p-2f, 0x1.a01858p-2f, 0x1.e003bcp-2f, 0x1.1ffe4ep-1f,
    0x1.5ffc22p-1f, 0x1.a01af0p-1f, 0x1.dff7d8p-1f, 0x1.1ff288p+0f,
    0x1.5ff986p+0f, 0x1.a02de4p+0f, 0x1.dffba2p+0f, 0x1.f4bf0cp-1f,
    0x1.fbd464p-1f, 0x1.fe76a6p-1f, 0x1.ff6f20p-1f, 0x1.ffdfb4p-1f,
    0x1.fffba2p-1f, 0x1.ffff6ap-1f, 0x1.ffffecp-1f, 0x1.fffffep-1f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x1.1f8e22p-4f, 0x1.5f4488p-4f, 0x1.9e7796p-4f,
    0x1.dddca6p-4f, 0x1.1e19f4p-3f, 0x1.5c8bd8p-3f, 0x1.9a58f0p-3f,
    0x1.d77948p-3f, 0x1.18a81ep-2f, 0x1.52d4fep-2f, 0x1.8a9c9cp-2f,
    0x1.bfb170p-2f, 0x1.05072ep-1f, 0x1.315562p-1f, 0x1.5797cep-1f,
    0x1.77d476p-1f, 0x1.9e536ap-1f, 0x1.c275b8p-1f, 0x1.d9d42ap-1f,
    0x1.e877d6p-1f, 0x1.642954p-5f, 0x1.09d0bcp-6f, 0x1.88c2e4p-8f,
    0x1.2196fap-9f, 0x1.0257ecp-11f, 0x1.177efap-14f, 0x1.2c03b0p-17f,
    0x1.4037acp-20f, 0x1.fc09dep-24f, 0x0.0p+0f, 0x0.0p+0f, 0x1.000000p+0f,
    0x1.fd7a00p-1f, 0x1.fc3c06p-1f, 0x1.fac1f2p-1f, 0x1.f90800p-1f,
    0x1.f60210p-1f, 0x1.f12b9cp-1f, 0x1.eb71f8p-1f, 0x1.e4dd84p-1f,
    0x1.d989fap-1f, 0x1.c7f11cp-1f, 0x1.b3f732p-1f, 0x1.9e225cp-1f,
    0x1.7aec2ep-1f, 0x1.49e9b8p-1f, 0x1.196beep-1f, 0x1.d83fdep-2f,
    0x1.616e1ap-2f, 0x1.cebbdep-3f, 0x1.25fc9ap-3f, 0x1.6fdba0p-4f,
    -0x1.5c5542p-5f, -0x1.07a676p-6f, -0x1.879526p-8f, -0x1.21450ap-9f,
    -0x1.0247bep-11f, -0x1.177cbap-14f, -0x1.2c0394p-17f, -0x1.403806p-20f,
    -0x1.fbffc6p-24f, 0x0.0p+0f, 0x0.0p+0f, -0x1.b6b4e2p-34f, -0x1.1e2352p-4f,
    -0x1.5caf2ep-4f, -0x1.9a3930p-4f, -0x1.d75b9ap-4f, -0x1.18849ap-3f,
    -0x1.527370p-3f, -0x1.89dfa2p-3f, -0x1.be7ca2p-3f, -0x1.0392f2p-2f,
    -0x1.2dbbd8p-2f, -0x1.500294p-2f, -0x1.6a1e84p-2f, -0x1.825d6cp-2f,
    -0x1.897d7ep-2f, -0x1.79b67cp-2f, -0x1.5aa6bep-2f, -0x1.1e019cp-2f,
    -0x1.971d82p-3f, -0x1.1011aep-3f, -0x1.5ef36ep-4f, 0x1.bbea20p-6f,
    0x1.59ca82p-7f, 0x1.037b68p-8f, 0x1.80d4e6p-10f, 0x1.581324p-12f,
    0x1.747ba2p-15f, 0x1.8fdca4p-18f, 0x1.aacb40p-21f, 0x1.5224fap-24f,
    0x0.0p+0f, 0x0.0p+0f, -0x1.555550p-2f, -0x1.4ea108p-2f, -0x1.4b58e8p-2f,
    -0x1.477600p-2f, -0x1.42f090p-2f, -0x1.3b1402p-2f, -0x1.2ea58cp-2f,
    -0x1.202bc0p-2f, -0x1.0fd9aap-2f, -0x1.e9190ap-3f, -0x1.983d9ep-3f,
    -0x1.4250d6p-3f, -0x1.d7155ap-4f, -0x1.bd1b9cp-5f, 0x1.d6f63ep-7f,
    0x1.0771bep-4f, 0x1.842960p-4f, 0x1.c68a52p-4f, 0x1.97e038p-4f,
    0x1.3394a8p-4f, 0x1.a8676ep-5f, -0x1.93e0c2p-7f, -0x1.4e6c82p-8f,
    -0x1.005b8ep-9f, -0x1.7f210ep-11f, -0x1.57bda6p-13f, -0x1.746e4cp-16f,
    -0x1.8fc9c8p-19f, -0x1.aa9ba4p-22f, -0x1.543c68p-25f, 0x0.0p+0f, 0x0.0p+0f,
    -0x1.572a04p-17f, 0x1.7ab260p-5f, 0x1.cbc896p-5f, 0x1.0d482ep-4f,
    0x1.33d2aep-4f, 0x1.6b1336p-4f, 0x1.afa978p-4f, 0x1.ed8a2ep-4f,
    0x1.11fec6p-3f, 0x1.3319c4p-3f, 0x1.503d24p-3f, 0x1.5c371cp-3f,
    0x1.586446p-3f, 0x1.3a4ec6p-3f, 0x1.e98bc6p-4f, 0x1.46d346p-4f,
    0x1.628caap-5f, 0x1.b088a8p-9f, -0x1.5dc22ap-6f, -0x1.9d14e4p-6f,
    -0x1.55dc92p-6f, 0x1.04e268p-8f, 0x1.f55b3ap-10f, 0x1.92c566p-11f,
    0x1.31ef26p-12f, 0x1.1abcc8p-14f, 0x1.32f77cp-17f, 0x1.49a980p-20f,
    0x1.5fdccap-23f, 0x1.1f907ap-26f, 0x0.0p+0f, 0x0.0p+0f, 0x1.12018ap-3f,
    0x1.05b7f0p-3f, 0x1.00359ep-3f, 0x1.f37138p-4f, 0x1.e47192p-4f,
    0x1.ca9472p-4f, 0x1.a268ccp-4f, 0x1.74acdep-4f, 0x1.427cfap-4f,
    0x1.e3bf78p-5f, 0x1.0577f0p-5f, 0x1.81845ep-8f, -0x1.196aa2p-6f,
    -0x1.64a2a8p-5f, -0x1.f8c62cp-5f, -0x1.00c8d0p-4f, -0x1.b2d1ccp-5f,
    -0x1.067b6cp-5f, -0x1.36bffap-7f, 0x1.782a98p-10f, 0x1.2e1f8ep-8f,
    -0x1.7af97ap-11f, -0x1.1dfbc4p-11f, -0x1.fdce4ap-13f, -0x1.904228p-14f,
    -0x1.76ad94p-16f, -0x1.98912ep-19f, -0x1.b9b562p-22f, -0x1.dc5cc8p-25f,
    -0x1.554a7ap-28f, 0x0.0p+0f, 0x0.0p+0f, -0x1.135320p-7f, -0x1.a8d7f4p-6f,
    -0x1.0092d2p-5f, -0x1.2ade52p-5f, -0x1.532abep-5f, -0x1.8b108ep-5f,
    -0x1.cc3a70p-5f, -0x1.00a8bap-4f, -0x1.14b184p-4f, -0x1.25ed94p-4f,
    -0x1.261528p-4f, -0x1.0f2dc8p-4f, -0x1.cdce86p-5f, -0x1.31414cp-5f,
    -0x1.7c244ep-7f, 0x1.db29d8p-8f, 0x1.164ec2p-6f, 0x1.2f153ap-6f,
    0x1.676e90p-7f, 0x1.0d1a32p-8f, 0x1.526040p-11f,
};
/* the piece of a = |x| clipped to TANH32_CAP (its slot in TANH32_T's rows) */
NK_INLINE uint32_t k32t_tanh_piece(float a) {
    float ai = a > TANH32_LOW ? a : TANH32_LOW;
    uint32_t b;
    memcpy(&b, &ai, sizeof b);
    return (b >> 21) & 31;
}
NK_INLINE float k32t_tanh_value(float x) {
    float a = fabsf(x);
    a = a < TANH32_CAP ? a : TANH32_CAP;
    const float *t = TANH32_T + k32t_tanh_piece(a);
    float u = a - t[0], q = t[7 * 32];
    for (int k = 6; k >= 3; k--) q = NK_FMAF(q, u, t[k * 32]);
    float s = NK_FMAF(u, t[2 * 32], (u * u) * q);
    return copysignf(t[32] + s, x);  /* -0 for x = -0 */
}
NK_INLINE void k32t_tanh(float x, float *f, float *d) {
    float a = fabsf(x);
    *f = k32t_tanh_value(x);
    *d = a < TANH32_D_TOP ? nk32_tanh_slope(a) : nk32_tanh_slope_far(a);
}

/* tanhshrink with AVX-512 and AVX2: x - tanh x = a^3 G(a) with a = |x| clipped to 9.5,
 * the sign restored, G(a) = (a - tanh a)/a^3 a polynomial on tanh's 30 pieces (TANHSHRINK32_G,
 * the same index as TANH32_T's):
 *     G = g0 + g1 u + u^2 Q(u),  Q of degree 5,  u = a - c,
 * g0 = G(c) and g1 = G'(c) floats to 2^-7 ULP (Gal's centres; piece 0's too: G is
 * smooth at 0, where 1/3 is no float, and u need not be exact there), g1 u exact (its
 * residual by a fused multiply-add) and added to g0 by Fast2Sum: G = h + gl;
 * a^3 = a3 + a3e exactly (the residuals of a^2 and a^2 a), and f = a3 h + (a3 gl +
 * a3e h) rounded once: no cancellation anywhere.  Above 9.5, f = |x| - 1 rounded once
 * (exact below 2^24: |x| - tanh |x| is within 2^-26 of it).  f' = tanh^2 x from
 * TANH32_T's polynomial as the pair th + tl (d u exact and Fast2Sum, as G), squared
 * with one rounding.  At most 0.5720 ULP for f (at x = 4.9964) and 0.6183 for f' (at
 * x = 4.00004) on every finite float32 (benchmarks/exhaustive32.py).  Every input but
 * NaN and 0 < |x| < 2^-34, where a^3's residuals could fall among the subnormals and
 * the float64 formula takes over; the scalar formula k32t_tanhshrink is the tests'
 * (vm_tanhshrink32) */
#define TANHSHRINK32_TINY 0x1p-34f
/* rows of 32 floats: c, G(c), G'(c), then Q's coefficients of u^0 .. u^5; piece i at
 * (i + 11) mod 32 (TANH32_T's slots) */
static const float TANHSHRINK32_G[288] = {
    0x1.1fffb0p+1f, 0x1.60055cp+1f, 0x1.9fe27ep+1f, 0x1.dff29ap+1f,
    0x1.201908p+2f, 0x1.5ffefcp+2f, 0x1.a00b78p+2f, 0x1.e000c4p+2f,
    0x1.1809b8p+3f, 0x0.0p+0f, 0x0.0p+0f, 0x1.ffe6e8p-6f, 0x1.2005c2p-4f,
    0x1.600596p-4f, 0x1.a036fcp-4f, 0x1.dffc40p-4f, 0x1.201500p-3f,
    0x1.5ffde8p-3f, 0x1.9ffad6p-3f, 0x1.e007d4p-3f, 0x1.201ea0p-2f,
    0x1.5ff6bcp-2f, 0x1.a012f2p-2f, 0x1.dffe88p-2f, 0x1.1ff690p-1f,
    0x1.602424p-1f, 0x1.a01b6ap-1f, 0x1.dfe836p-1f, 0x1.200ed2p+0f,
    0x1.601d34p+0f, 0x1.9ffb12p+0f, 0x1.dfff68p+0f, 0x1.c9658cp-4f,
    0x1.5a3d86p-4f, 0x1.0cf15ep-4f, 0x1.ab7220p-5f, 0x1.3a7bd8p-5f,
    0x1.bb27dap-6f, 0x1.481040p-6f, 0x1.f8dd3ap-7f, 0x1.7afb1cp-7f, 0x0.0p+0f,
    0x0.0p+0f, 0x1.55333ap-2f, 0x1.54a8dap-2f, 0x1.5453f0p-2f, 0x1.53edeep-2f,
    0x1.537804p-2f, 0x1.52a73cp-2f, 0x1.51590cp-2f, 0x1.4fcb06p-2f,
    0x1.4dfedcp-2f, 0x1.4adc26p-2f, 0x1.45f07cp-2f, 0x1.403430p-2f,
    0x1.39c8aep-2f, 0x1.2f0bbep-2f, 0x1.1f2004p-2f, 0x1.0e2c1ep-2f,
    0x1.f9acc0p-3f, 0x1.c6086ep-3f, 0x1.85feccp-3f, 0x1.4df19cp-3f,
    0x1.1e21dcp-3f, -0x1.09e580p-4f, -0x1.6fefe8p-5f, -0x1.033ed4p-5f,
    -0x1.75e268p-6f, -0x1.df499cp-7f, -0x1.1e8078p-7f, -0x1.6f0812p-8f,
    -0x1.f1183ap-9f, -0x1.441a08p-9f, 0x0.0p+0f, 0x0.0p+0f, -0x1.10cc7cp-7f,
    -0x1.31ff78p-6f, -0x1.75413cp-6f, -0x1.b8464cp-6f, -0x1.fa5710p-6f,
    -0x1.2e6c8cp-5f, -0x1.6ea366p-5f, -0x1.ad41a6p-5f, -0x1.e9ffb8p-5f,
    -0x1.208a5cp-4f, -0x1.55f242p-4f, -0x1.85f588p-4f, -0x1.afca1ep-4f,
    -0x1.e2ce12p-4f, -0x1.089fcap-3f, -0x1.1465b4p-3f, -0x1.16a764p-3f,
    -0x1.0cce9ap-3f, -0x1.e278d6p-4f, -0x1.9fa2a4p-4f, -0x1.5e0a56p-4f,
    0x1.8b0f14p-6f, 0x1.0a0c00p-6f, 0x1.5fc5b8p-7f, 0x1.d5a3f0p-8f,
    0x1.0ab7d0p-8f, 0x1.118d56p-9f, 0x1.30e6c2p-10f, 0x1.6c8932p-11f,
    0x1.9dc708p-12f, 0x0.0p+0f, 0x0.0p+0f, -0x1.106b80p-3f, -0x1.0dcdd0p-3f,
    -0x1.0c3474p-3f, -0x1.0a4a4ap-3f, -0x1.0815e0p-3f, -0x1.04343cp-3f,
    -0x1.fc19d8p-4f, -0x1.eda1dep-4f, -0x1.dd28e2p-4f, -0x1.c112dcp-4f,
    -0x1.96a3bep-4f, -0x1.67a878p-4f, -0x1.36294ep-4f, -0x1.d4dbb8p-5f,
    -0x1.1330acp-5f, -0x1.ab09acp-7f, 0x1.c953e4p-9f, 0x1.516664p-6f,
    0x1.003778p-5f, 0x1.0f00dcp-5f, 0x1.f3dd22p-6f, -0x1.803986p-8f,
    -0x1.24e212p-8f, -0x1.828670p-9f, -0x1.ed50d2p-10f, -0x1.fd39f6p-11f,
    -0x1.c733d0p-12f, -0x1.bcc96ap-13f, -0x1.d75406p-14f, -0x1.d2feacp-15f,
    0x0.0p+0f, 0x0.0p+0f, 0x1.b92666p-8f, 0x1.ec746ep-7f, 0x1.2b74f8p-6f,
    0x1.5ff76ap-6f, 0x1.931c04p-6f, 0x1.de01fcp-6f, 0x1.1e5860p-5f,
    0x1.4a86e4p-5f, 0x1.731b84p-5f, 0x1.a8781cp-5f, 0x1.e001a6p-5f,
    0x1.02bd04p-4f, 0x1.0c6deap-4f, 0x1.0ba2a4p-4f, 0x1.e78624p-5f,
    0x1.97aae4p-5f, 0x1.3bcca0p-5f, 0x1.7203a8p-6f, 0x1.d3d01ep-8f,
    -0x1.56e66ap-10f, -0x1.43f65ap-8f, 0x1.443142p-12f, 0x1.b7ac80p-11f,
    0x1.55c9bep-11f, 0x1.bbd9f8p-12f, 0x1.b1ee34p-13f, 0x1.5a025cp-14f,
    0x1.2b8370p-15f, 0x1.1ad1bcp-16f, 0x1.eaf0ccp-18f, 0x0.0p+0f, 0x0.0p+0f,
    0x1.b77d4ap-5f, 0x1.acf194p-5f, 0x1.a688a2p-5f, 0x1.9ee516p-5f,
    0x1.9625e6p-5f, 0x1.86e0b0p-5f, 0x1.6f0166p-5f, 0x1.537942p-5f,
    0x1.34d654p-5f, 0x1.025daep-5f, 0x1.74d8c8p-6f, 0x1.c415eep-7f,
    0x1.58c6bcp-8f, -0x1.823074p-8f, -0x1.0da582p-6f, -0x1.63fd8ap-6f,
    -0x1.73638ap-6f, -0x1.39ad62p-6f, -0x1.7ee7e4p-7f, -0x1.71d664p-8f,
    -0x1.05942ep-9f, 0x1.3803a4p-11f, -0x1.df0642p-17f, -0x1.9ff8dcp-14f,
    -0x1.497d76p-14f, -0x1.4ad08cp-15f, -0x1.e7fa52p-17f, -0x1.7bca02p-18f,
    -0x1.41e286p-19f, -0x1.ebbf1ep-21f, 0x0.0p+0f, 0x0.0p+0f, -0x1.0bb0c0p-8f,
    -0x1.28be3ep-7f, -0x1.6757e2p-7f, -0x1.a42af0p-7f, -0x1.de5478p-7f,
    -0x1.189298p-6f, -0x1.4a5ad6p-6f, -0x1.7564c4p-6f, -0x1.98fc4ap-6f,
    -0x1.bf7924p-6f, -0x1.d65696p-6f, -0x1.ced166p-6f, -0x1.ad88a6p-6f,
    -0x1.596d9cp-6f, -0x1.9aa290p-7f, -0x1.2e1ef8p-8f, 0x1.37474ep-10f,
    0x1.6863a8p-8f, 0x1.785d5ep-8f, 0x1.f8ca36p-9f, 0x1.10a374p-9f,
    -0x1.a4933ep-12f, -0x1.452736p-14f, -0x1.10c1e2p-20f, 0x1.4e405cp-17f,
    0x1.b7a11cp-18f, 0x1.418fe8p-19f, 0x1.cbe62ep-21f, 0x1.6100a4p-22f,
    0x1.dff68cp-24f, 0x0.0p+0f, 0x0.0p+0f, -0x1.6224b6p-6f, -0x1.527dfep-6f,
    -0x1.48ee66p-6f, -0x1.3d9bc2p-6f, -0x1.30bd34p-6f, -0x1.1a7e50p-6f,
    -0x1.f0d232p-7f, -0x1.a43920p-7f, -0x1.51a110p-7f, -0x1.9ff88cp-8f,
    -0x1.32ccd4p-10f, 0x1.c781eep-9f, 0x1.d6c182p-8f, 0x1.5b996ep-7f,
    0x1.76e4fcp-7f, 0x1.31e942p-7f, 0x1.908536p-8f, 0x1.e1c980p-10f,
    -0x1.e69ce8p-11f, -0x1.5faaa4p-10f, -0x1.fcfe08p-11f, 0x1.4cfbc2p-13f,
    0x1.6e2ee2p-15f, 0x1.0f654ap-17f, 0x1.078b1cp-22f, -0x1.c5068ap-21f,
    -0x1.8058c0p-22f, -0x1.0629c2p-23f, -0x1.71f17ap-25f, -0x1.c1b3b4p-27f,
    0x0.0p+0f, 0x0.0p+0f, 0x1.2072b2p-9f, 0x1.3d0830p-8f, 0x1.7dbf5ep-8f,
    0x1.bb2efep-8f, 0x1.f4b212p-8f, 0x1.216b1ap-7f, 0x1.4cf134p-7f,
    0x1.6daaeap-7f, 0x1.82f5b6p-7f, 0x1.8d1f0ep-7f, 0x1.75bf82p-7f,
    0x1.3c51d4p-7f, 0x1.dad8dcp-8f, 0x1.adbbfep-9f, -0x1.1b65cap-10f,
    -0x1.b97f86p-9f, -0x1.ee55bcp-9f, -0x1.50593cp-9f, -0x1.7f22c2p-11f,
    0x1.9d330ap-14f, 0x1.103b60p-12f,
};
NK_INLINE void k32t_tanhshrink(float x, float *f, float *d) {
    float a = fabsf(x), ac = a < TANH32_CAP ? a : TANH32_CAP;
    uint32_t i = k32t_tanh_piece(ac);
    float h, gl, th, tl;
    nk32_piece_pair(ac, TANHSHRINK32_G + i, 8, &h, &gl);
    float a2 = ac * ac, a3 = a2 * ac;
    float a3e = NK_FMAF(NK_FMAF(ac, ac, -a2), ac, NK_FMAF(a2, ac, -a3));
    float v = NK_FMAF(a3, h, NK_FMAF(a3, gl, a3e * h));
    *f = copysignf(a > TANH32_CAP ? a - 1.0f : v, x);  /* -0 for x = -0 */
    nk32_piece_pair(ac, TANH32_T + i, 7, &th, &tl);
    float sq = th * th;
    *d = sq + NK_FMAF(2.0f * th + tl, tl, NK_FMAF(th, th, -sq));
}
NK_INLINE int n32_tanhshrink(float x, const params *p) {
    (void)p;
    return fabsf(x) >= TANHSHRINK32_TINY || x == 0.0f;
}
#if NK_V32
/* v >= 0 (or +0) with x's sign: v | (x & sign), copysignf's bits */
NK_INLINE __m512 nk32_with_sign16(__m512 v, __m512 x) {
    return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
        _mm512_castps_si512(v), _mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u), 0xF8));
}
/* k32t_tanh_piece (the low five bits of each lane are the slot) */
NK_INLINE __m512i nk32_tanh_piece16(__m512 a) {
    return _mm512_srli_epi32(_mm512_castps_si512(_mm512_max_ps(a, NK32_SET(TANH32_LOW))), 21);
}
NK_V32_BAD_ABS(tanh, TANH32_LIMIT)
NK_INLINE void v32_tanh(__m512 x, const params *p, __m512 *f, __m512 *d) {
    (void)p;
    __m512 a = _mm512_abs_ps(x);
    __m512 dv = nk32_tanh_slope16(a);
    __mmask16 far = _mm512_cmp_ps_mask(a, NK32_SET(TANH32_D_TOP), _CMP_GE_OQ);
    /* rare for most data: a branch, not both formulas for every vector */
    if (far) dv = _mm512_mask_blend_ps(far, dv, nk32_tanh_slope_far16(a));
    *d = dv;
    __m512 ac = _mm512_min_ps(a, NK32_SET(TANH32_CAP));  /* a < cap ? a : cap */
    __m512i i = nk32_tanh_piece16(ac);
    __m512 u = _mm512_sub_ps(ac, nk32_lookup32(TANH32_T, i));
    __m512 q = nk32_lookup32(TANH32_T + 7 * 32, i);
    for (int k = 6; k >= 3; k--) q = _mm512_fmadd_ps(q, u, nk32_lookup32(TANH32_T + k * 32, i));
    __m512 sv = _mm512_fmadd_ps(u, nk32_lookup32(TANH32_T + 2 * 32, i),
                                _mm512_mul_ps(_mm512_mul_ps(u, u), q));
    __m512 v = _mm512_add_ps(nk32_lookup32(TANH32_T + 32, i), sv);
    *f = nk32_with_sign16(v, x);
}
/* the ordinary elements of x, as a mask of 16 */
NK_INLINE __mmask16 ok16_tanhshrink(__m512 x, const params *p) {
    (void)p;
    __m512 a = _mm512_abs_ps(x);
    return _mm512_cmp_ps_mask(a, NK32_SET(TANHSHRINK32_TINY), _CMP_GE_OQ) |
           _mm512_cmp_ps_mask(a, _mm512_setzero_ps(), _CMP_EQ_OQ);
}
NK_V32_BAD_FROM_MASK(tanhshrink)
NK_INLINE void v32_tanhshrink(__m512 x, const params *p, __m512 *f, __m512 *d) {
    (void)p;
    __m512 a = _mm512_abs_ps(x), ac = _mm512_min_ps(a, NK32_SET(TANH32_CAP));
    __m512i i = nk32_tanh_piece16(ac);
    __m512 gl, tl, h = nk32_piece_pair16(ac, TANHSHRINK32_G, 8, i, &gl);
    __m512 a2 = _mm512_mul_ps(ac, ac), a3 = _mm512_mul_ps(a2, ac);
    __m512 a3e = _mm512_fmadd_ps(_mm512_fmsub_ps(ac, ac, a2), ac, _mm512_fmsub_ps(a2, ac, a3));
    __m512 v = _mm512_fmadd_ps(a3, h, _mm512_fmadd_ps(a3, gl, _mm512_mul_ps(a3e, h)));
    __mmask16 far = _mm512_cmp_ps_mask(a, NK32_SET(TANH32_CAP), _CMP_GT_OQ);
    v = _mm512_mask_sub_ps(v, far, a, NK32_SET(1.0f));
    *f = nk32_with_sign16(v, x);
    __m512 th = nk32_piece_pair16(ac, TANH32_T, 7, i, &tl);
    __m512 sq = _mm512_mul_ps(th, th);
    __m512 th2 = _mm512_add_ps(_mm512_mul_ps(NK32_SET(2.0f), th), tl);
    *d = _mm512_add_ps(sq, _mm512_fmadd_ps(th2, tl, _mm512_fmsub_ps(th, th, sq)));
}
#endif
#if NK_V8
/* tanhshrink with AVX2 (_float32x8.h): the rows of TANH32_T and TANHSHRINK32_G, filled
 * when the module loads, transposed in registers.  Tanh keeps its formula from expm1
 * there: from these pieces its value took 1.2 ns an element instead of 1.5 (10^5, an
 * AMD EPYC, Zen 2), its derivative as long (1.7-1.8), but the fused call 1.5 times as
 * long (two lookups, where f and f' share one expm1) */
static float TANH32_T_ROWS[32 * 8] __attribute__((aligned(64)));
static float TANHSHRINK32_G_ROWS[32 * 16] __attribute__((aligned(64)));
__attribute__((constructor)) static void tanhshrink32_rows_fill(void) {
    nk32_rows_fill(TANH32_T_ROWS, TANH32_T, 8, 8);
    nk32_rows_fill(TANHSHRINK32_G_ROWS, TANHSHRINK32_G, 9, 16);
}

/* v32_tanhshrink's formula (k32t_tanhshrink's bits) 8 at a time */
NK_INLINE int bad8_tanhshrink(__m256 x, const params *p) {
    (void)p;
    __m256 a = nk32_abs8(x);
    __m256 ok = _mm256_or_ps(_mm256_cmp_ps(a, NK32_SET8(TANHSHRINK32_TINY), _CMP_GE_OQ),
                             _mm256_cmp_ps(a, _mm256_setzero_ps(), _CMP_EQ_OQ));
    return _mm256_movemask_ps(ok) ^ 0xFF;
}
NK_INLINE void v8_tanhshrink(__m256 x, const params *p, __m256 *f, __m256 *d) {
    (void)p;
    __m256 a = nk32_abs8(x), ac = _mm256_min_ps(a, NK32_SET8(TANH32_CAP));
    __m256i i = _mm256_srli_epi32(
        _mm256_castps_si256(_mm256_max_ps(ac, NK32_SET8(TANH32_LOW))), 21);  /* the piece */
    __m256 c[10], gl, tl;
    nk32_columns8_10(TANHSHRINK32_G_ROWS, i, c);
    __m256 h = nk32_piece_pair8(ac, c, 8, &gl);
    __m256 a2 = _mm256_mul_ps(ac, ac), a3 = _mm256_mul_ps(a2, ac);
    __m256 a3e = _mm256_fmadd_ps(_mm256_fmsub_ps(ac, ac, a2), ac, _mm256_fmsub_ps(a2, ac, a3));
    __m256 v = _mm256_fmadd_ps(a3, h, _mm256_fmadd_ps(a3, gl, _mm256_mul_ps(a3e, h)));
    __m256 far = _mm256_cmp_ps(a, NK32_SET8(TANH32_CAP), _CMP_GT_OQ);
    v = _mm256_blendv_ps(v, _mm256_sub_ps(a, NK32_SET8(1.0f)), far);
    *f = _mm256_or_ps(v, _mm256_and_ps(x, NK32_SIGN8));
    const float *r[8];
    nk32_row_ptrs8(TANH32_T_ROWS, 8, i, r);
    nk32_columns8(r, 0, c);
    nk32_columns8(r, 4, c + 4);
    __m256 th = nk32_piece_pair8(ac, c, 7, &tl);
    __m256 sq = _mm256_mul_ps(th, th);
    __m256 th2 = _mm256_add_ps(_mm256_mul_ps(NK32_SET8(2.0f), th), tl);
    *d = _mm256_add_ps(sq, _mm256_fmadd_ps(th2, tl, _mm256_fmsub_ps(th, th, sq)));
}
#endif

/* softplus (params as k_softplus; MODE_EXACT only, beta = 1) and log-sigmoid:
 * max(x, 0) + log1p(e) and min(x, 0) - log1p(e) with e = exp(-|x|), the sum rounded
 * once; their derivatives sigma(x) and sigma(-x), for |x| <= NK32_ORDINARY, are
 * nk32_sigma_short (the float32 logistic's value without AVX-512, its bits: at most
 * 0.7502 ULP on every float in [-80, 80]; with AVX-512 the logistic takes a table, and
 * these keep this formula) rather than 1 / (1 + e) or e / (1 + e) from e's pair (0.61
 * and 0.62 ULP at most on 1.5e8 sampled floats): f' alone takes one pass of the short
 * exp and a division, 0.66 of the time (10^6, AVX2), the fused call a second
 * exponential, 1.08 times as long */
NK_INLINE float nk32_add_round(float a, float bh, float bl) {  /* a + (bh + bl) */
    float v = a + bh;
    return v + (nk32_two_sum_err(a, bh, v) + bl);
}

/* (not with PyTorch's threshold, d: then the double loop) */
NK_INLINE int setup32_softplus(params *p, const int mode) {
    return mode == MODE_EXACT && isinf(p->d);
}
NK_INLINE int n32_softplus(float x, const params *p) {
    (void)p;
    return fabsf(x) <= NK32_ORDINARY;
}
/* in two stages where f is asked for: e = exp(-|x|) = eh + el (the other two floats
 * zeros), then the rest; f' alone in one pass (NK32_TWO_STAGES_FOR_VALUE), which drops
 * e */
NK_INLINE void k32a_softplus(float x, const params *p, NK32_STAGE_ARGS, const int mode) {
    (void)p, (void)mode;
    nk32_exp_neg_abs(x, e0, e1);
    *e2 = *e3 = 0.0f;
}
NK_INLINE void k32b_softplus(float x, float eh, float el, float z0, float z1, const params *p,
                             float *f, float *d, const int mode) {
    (void)p, (void)mode, (void)z0, (void)z1;
    float lh, ll;
    nk32_log1p_01(eh, el, &lh, &ll);
    *f = nk32_add_round(x > 0.0f ? x : 0.0f, lh, ll);
    *d = nk32_sigma_short(x);
}
NK32_TWO_STAGES_FOR_VALUE_MODE(softplus)

#define setup32_log_sigmoid setup32_none
NK_INLINE int n32_log_sigmoid(float x, const params *p) { return n32_softplus(x, p); }
NK_INLINE void k32a_log_sigmoid(float x, const params *p, NK32_STAGE_ARGS) {
    k32a_softplus(x, p, e0, e1, e2, e3, MODE_EXACT);
}
NK_INLINE void k32b_log_sigmoid(float x, float eh, float el, float z0, float z1,
                                const params *p, float *f, float *d) {
    (void)p, (void)z0, (void)z1;
    float lh, ll;
    nk32_log1p_01(eh, el, &lh, &ll);
    *f = nk32_add_round(x < 0.0f ? x : 0.0f, -lh, -ll);
    *d = nk32_sigma_short(-x);
}
NK32_TWO_STAGES_FOR_VALUE(log_sigmoid)

/* the piecewise kernels (every input: no range check).  step, identity, ReLU and ReLU6
 * are the double kernels' formulas (NK_STEP etc. above, for either type); hard-tanh and
 * hard-logistic compare with their double parameters exactly; leaky ReLU rounds a x once
 * (the double formula's bits, but for subnormal products). */
#define setup32_step setup32_none
NK_INLINE void k32_step(float x, const params *p, float *f, float *d) {
    (void)p;
    NK_STEP(float, x, f, d);
}

#define setup32_identity setup32_none
NK_INLINE void k32_identity(float x, const params *p, float *f, float *d) {
    (void)p;
    NK_IDENTITY(float, x, f, d);
}

#define setup32_relu setup32_none
NK_INLINE void k32_relu(float x, const params *p, float *f, float *d) {
    (void)p;
    NK_RELU(float, x, f, d);
}

#define setup32_relu6 setup32_none
NK_INLINE void k32_relu6(float x, const params *p, float *f, float *d) {
    (void)p;
    NK_RELU6(float, x, f, d);
}

/* leaky: a x as fma(x, ah, x al) with a = ah + al split into floats: x al is far below
 * the ULP of a x, so this is a x rounded once (to 2^-48 before the rounding; where x al
 * is subnormal, |x| < 2^-126 / |al|, about 2^-100 for slopes near 0.2, within 1 ULP:
 * measured at most 0.88, rrelu below); zeros and infinities take x ah (signs kept, no
 * inf - inf).  (Every finite x takes the split: the largest ones, |x| > 3.4e38, took
 * x ah before, within 0.75 ULP.)  fa, fb = ah, al; fc = a rounded (the derivative);
 * fd, below */
NK_INLINE int setup32_leaky(params *p) {
    nk32_split_param(p->a, &p->fa, &p->fb);
    p->fc = (float)p->a;
    /* fd = 1 where al has ah's sign (not 0; about half the slopes, 0.01 among them):
     * then x ah and x al have one sign for every x, zeros and infinities included, the
     * sum is a x's, and the select for zeros and infinities is not needed.  The test
     * on fd is the same for every element: GCC makes two loops of it (unswitching),
     * and the one without the select took 0.68 of the time (0.197 -> 0.133 ns an
     * element at 10^5, AMD EPYC Zen 2; the same bits on every float32, slope 0.01) */
    p->fd = (p->fa > 0.0f && p->fb > 0.0f) || (p->fa < 0.0f && p->fb < 0.0f) ? 1.0f : 0.0f;
    return 1;
}
NK_INLINE void k32_leaky(float x, const params *p, float *f, float *d) {
    float ax = NK_FMAF(x, p->fa, x * p->fb);
    if (p->fd == 0.0f) {
        float plain = x * p->fa;
        ax = (x == 0.0f || fabsf(x) > 0x1.fffffep127f) ? plain : ax;  /* 0, +-inf */
    }
    *f = x > 0.0f ? x : ax;
    *d = x > 0.0f ? 1.0f : (x <= 0.0f ? p->fc : x);
}

/* hard_tanh: for a float x and a double bound c, x < c exactly when x < (the least
 * float >= c), and x > c when x > (the greatest float <= c) */
NK_INLINE float nk32_ceil_float(double c) {
    float v = (float)c;
    return (double)v < c ? nextafterf(v, INFINITY) : v;
}
NK_INLINE float nk32_floor_float(double c) {
    float v = (float)c;
    return (double)v > c ? nextafterf(v, -INFINITY) : v;
}
/* fa, fb = the bounds lo, hi rounded (the values); fc = ceil(lo), fd = floor(hi) (the
 * comparisons x < lo and x > hi) */
NK_INLINE int setup32_hard_tanh(params *p) {
    p->fa = (float)p->a;
    p->fb = (float)p->b;
    p->fc = nk32_ceil_float(p->a);
    p->fd = nk32_floor_float(p->b);
    return 1;
}

/* hard_logistic (params as k_hard_logistic), for a slope that is a power of two
 * (MODE_EXACT) and an offset c such that c and c - 1 are floats: then s x is exact
 * (or, subnormal, far below the offset's ULP), s x + c is rounded once, and its sign
 * and that of s x + c - 1 are exact.  fa = slope, fb = offset, fc = offset - 1,
 * fd = the clip bound (only against overflow: far outside the ramp) */
NK_INLINE int nk32_is_float(double v) { return (double)(float)v == v; }
NK_INLINE int setup32_hard_logistic(params *p, const int mode) {
    p->fa = (float)p->a;
    p->fb = (float)p->d;
    p->fc = (float)(p->d - 1.0);
    p->fd = (float)p->c;
    return mode == MODE_EXACT && nk32_is_float(p->a) && nk32_is_float(p->d) &&
           nk32_is_float(p->d - 1.0);
}
NK_INLINE void k32_hard_logistic(float x, const params *p, float *f, float *d,
                                 const int mode) {
    (void)mode;
    float vc = nk32_clamp(x, p->fd);
    float pr = p->fa * vc, lo = pr + p->fb, hi = pr + p->fc;
    float zero = (float)p->zero, one = (float)p->one;  /* (loaded bounds: see params) */
    float r = lo < zero ? zero : lo;  /* NaN passes through */
    *f = r > one ? one : r;
    float in = lo > 0.0f ? (hi < 0.0f ? p->fa : 0.0f) : 0.0f;
    *d = is_nan32(x) ? x : in;
}
NK_INLINE void k32_hard_tanh(float x, const params *p, float *f, float *d) {
    float r = x < p->fc ? p->fa : x;  /* x < lo; NaN passes through */
    *f = x > p->fd ? p->fb : r;       /* x > hi */
    /* lo < x < hi: x > lo is x > ceil(lo), or x = ceil(lo) where that is above lo;
     * x < hi likewise */
    int above = x > p->fc || (x == p->fc && (double)p->fc > p->a);
    int below = x < p->fd || (x == p->fd && (double)p->fd < p->b);
    *d = (above && below) ? 1.0f : (is_nan32(x) ? x : 0.0f);
}

/* The piecewise kernels whose double formula rounds (shrinkage, threshold, the sparse
 * functions; hard-swish, below, is correctly rounded in float instead): their
 * float32 kernels compare and select in float and
 * do the arithmetic that rounds in double, the very operations of the double formula,
 * each result rounded to float once as the double loop rounds it, so the bits are the
 * same.  The double loop's float32 version mixed masks of double and float width,
 * which GCC shuffles from one to the other (twice as slow as these).  A comparison
 * with a double bound c is made with the float bound nk32_floor_float(c) (x > c
 * exactly when x > floor(c), x < -c when x < -floor(c)), and a NaN x passes through
 * (as in the double loop, whose conversions to double and back GCC drops there). */
NK_INLINE float nk32_nan_or(float x, float v) { return is_nan32(x) ? x : v; }

/* softshrink (a = lambd): fa = floor(lambd), fb = 1 where lambd is a float.  Then
 * x - lambd and x + lambd in float are the double's rounded (double rounding of a sum
 * of two floats is innocuous: 53 >= 2 * 24 + 2); else they are computed in double.
 * (GCC makes one loop for each case: the condition does not change in the loop.) */
NK_INLINE int setup32_softshrink(params *p) {
    p->fa = nk32_floor_float(p->a);
    p->fb = (double)(float)p->a == p->a ? 1.0f : 0.0f;
    return 1;
}
NK_INLINE void k32_softshrink(float x, const params *p, float *f, float *d) {
    float l = p->fa, inner = nk32_nan_or(x, 0.0f);
    /* x - clip(x, -lambd, lambd), as k_softshrink */
    if (p->fb != 0.0f)
        *f = x - nk32_clamp(x, l);
    else
        *f = (float)((double)x - clampd((double)x, -p->a, p->a));
    *d = fabsf(x) > l ? 1.0f : inner;
}

/* hardshrink (a = lambd): fa = floor(lambd) */
NK_INLINE int setup32_hardshrink(params *p) {
    p->fa = nk32_floor_float(p->a);
    return 1;
}
NK_INLINE void k32_hardshrink(float x, const params *p, float *f, float *d) {
    float inner = nk32_nan_or(x, 0.0f);
    *f = fabsf(x) > p->fa ? x : inner;
    *d = fabsf(x) > p->fa ? 1.0f : inner;
}

/* threshold (a = threshold, b = value): fa = floor(threshold), fb = value rounded */
NK_INLINE int setup32_threshold(params *p) {
    p->fa = nk32_floor_float(p->a);
    p->fb = (float)p->b;
    return 1;
}
NK_INLINE void k32_threshold(float x, const params *p, float *f, float *d) {
    *f = x > p->fa ? x : nk32_nan_or(x, p->fb);
    *d = x > p->fa ? 1.0f : nk32_nan_or(x, 0.0f);
}

/* sparse_plus and sparse_sigmoid: h = (c + 1) / 2 in float is the double's h rounded
 * (c + 1 rounded once either way: double rounding of a sum of two floats is innocuous,
 * 53 >= 2 * 24 + 2; halving is exact), but h^2 is not the square of the rounded h: in
 * double */
#define setup32_sparse_plus setup32_none
NK_INLINE void k32_sparse_plus(float x, const params *p, float *f, float *d) {
    (void)p;
    float c = nk32_clamp(x, 1.0f);
    double h = 0.5 * ((double)c + 1.0);
    float sq = (float)(h * h);
    *f = x >= 1.0f ? x : sq;
    *d = 0.5f * (c + 1.0f);
}

#define setup32_sparse_sigmoid setup32_none
NK_INLINE void k32_sparse_sigmoid(float x, const params *p, float *f, float *d) {
    (void)p;
    *f = 0.5f * (nk32_clamp(x, 1.0f) + 1.0f);
    float in = x > -1.0f ? (x < 1.0f ? 0.5f : 0.0f) : 0.0f;  /* (not a && b: see k_gelu) */
    *d = nk32_nan_or(x, in);
}

/* (nh + nl) / 6 rounded once, to about 2^-46 before the rounding: q = nh / 6 to within
 * an ulp (times the float nearest 1/6), its residual nh - 6 q exact in the fused
 * multiply-add, and the correction (residual + nl) / 6 added in the final rounding (one
 * fused step: nk32_div's pair, then summed, made hard-swish 12-19% slower at 10^6) */
NK_INLINE float nk32_sixth(float nh, float nl) {
    const float k = 1.0f / 6.0f;
    float q = nh * k;
    return NK_FMAF(NK_FMAF(-q, 6.0f, nh) + nl, k, q);
}

/* hard_swish in float: x (x + 3) / 6 and (2x + 3) / 6 for -3 < x < 3, each rounded
 * once from a pair (x + 3 by Fast2Sum, |x| < 3; 2x + 3 by TwoSum; the value as x times
 * the pair (x + 3) / 6, below).  They are computed for every x: clipping x first would
 * let GCC carry the clip's constant arms through every step as blends, at half the
 * speed.  f' is selected; f = min(v, max(-0, x)), as in float64 (k_hard_swish), with -0
 * loaded: v <= x on [0, 3), v >= x from 3, v < 0 on (-3, 0) and v >= 0 from -3 down.
 * That needs a v that is never -inf, which a pair from zh rounded to nearest did not
 * give: for some |x| above 2^77, x zl was -inf, and v with it.  So zh is th times
 * HARD_SWISH32_SIXTH_DOWN, the float below 1/6 (1/6 (1 - 2^-24)): |zh| <= |th| / 6 and
 * the residual th - 6 zh has th's sign, and for |x| >= 2^26, where x + 3 rounds to x,
 * tl = 0, so x zl >= 0 and v is finite or +inf.  A min and a max where two compares and
 * two selects were: f 0.28 -> 0.24 ns an element at 10^5 (AMD EPYC, Zen 2) */
#define HARD_SWISH32_SIXTH_DOWN 0x1.555554p-3f
#define setup32_hard_swish setup32_none
NK_INLINE void k32_hard_swish(float x, const params *p, float *f, float *d) {
    /* x + 3 = th + tl exactly (Fast2Sum, |x| < 3); z = (x + 3) / 6 = zh + zl: zh as
     * above, its residual th - 6 zh exact, zl = (residual + tl) (1/6); then f = x zh +
     * x zl rounded once (x zh exact in the fused multiply-add; what is dropped is near
     * 2^-46 of f), -0 at -0 and at -3 by itself.  On every float32 in (-3, 3) with a
     * normal result all but 20 are within 0.5 ULP, those within 0.5000001 (zh rounded
     * to nearest: 9, within 0.50000005; the pair x (x + 3) divided by 6 before that: 16
     * or more, within 0.5000001, and 19 operations instead of 13); a subnormal result
     * is within 0.5 ULP and a hair (at ties x/2 it rounds toward zero) */
    float th = x + 3.0f, tl = (3.0f - th) + x;
    float zh = th * HARD_SWISH32_SIXTH_DOWN;
    float zl = (NK_FMAF(-zh, 6.0f, th) + tl) * (1.0f / 6.0f);
    float v = NK_FMAF(x, zh, x * zl);
    float nz = -(float)p->zero, mx = nz > x ? nz : x;  /* (loaded bounds: see params) */
    float x2 = 2.0f * x, sh = x2 + 3.0f, sl = nk32_two_sum_err(x2, 3.0f, sh);
    float s = nk32_sixth(sh, sl);
    /* NaN fails x <= -3 and x >= 3, and gives NaN s; the min and max give a NaN x
     * itself */
    *f = v < mx ? v : mx;
    *d = !(x <= -3.0f) ? (x >= 3.0f ? 1.0f : s) : 0.0f;
}

/* softsign in float: f = x / (1 + |x|) = a r with x's sign, a = |x| clipped to 2^26
 * (beyond, f rounds to 1 as there; the bound loaded through p->one: against the
 * constant GCC carried the clip's arm through every later step as a blend, ten blends
 * in all, and f took 0.65 ns an element at 10^5 instead of 0.43, AMD EPYC Zen 2, the
 * same bits on every float32), and r = 1 / (1 + a) as the pair ih + il from one
 * division: s = 1 + a rounded and its error se (TwoSum, exact), ih = 1 / s rounded,
 * rho = 1 - ih s exact (a fused multiply-add), il = ih (rho - ih se); then f = a ih +
 * a il rounded once (the product a ih exact in the fused multiply-add; what is dropped
 * is near 2^-46 of f), within 0.5 ULP and a hair (at most 0.5000 ULP on every finite
 * float32, benchmarks/exhaustive32.py).
 * f' = r^2 in double, as k_softsign's float32 results: squaring the float pair lost its
 * low part to underflow near the subnormals (|x| > 2^62, 0.75 ULP measured there), and
 * the same scaled by 2^-64 above 2^40 took as long as the double formula (0.55 ns an
 * element alone, 0.77 fused, 10^5).  So the fused call divides in float and in double,
 * 1.3 times its former time */
#define SOFTSIGN32_CAP 0x1p26f
#define setup32_softsign setup32_none
NK_INLINE void k32_softsign(float x, const params *p, float *f, float *d) {
    float a = fabsf(x), cap = (float)p->one * SOFTSIGN32_CAP;
    a = a > cap ? cap : a;  /* a NaN stays */
    float s = 1.0f + a;
    float se = nk32_two_sum_err(1.0f, a, s);
    float ih = 1.0f / s, rho = NK_FMAF(-ih, s, 1.0f);
    float il = ih * NK_FMAF(-ih, se, rho);
    *f = copysignf(NK_FMAF(a, ih, a * il), x);  /* -0 for x = -0 */
    double vf, vd;  /* (vf unused: the compiler drops it) */
    k_softsign((double)x, p, &vf, &vd, RESULT_F32);
    *d = (float)vd;
}

/* rrelu (a = the slope): leaky's kernel, a x rounded once from the split slope, so
 * rrelu gives leaky_relu's bits with the same slope.  It computed a x in double before
 * (the double formula's bits; f took 0.33 ns an element at 10^5, this 0.19, AMD EPYC
 * Zen 2).  On every float32 in [-2^-119, 0) and 2 10^7 random negative floats, for six
 * slopes, the bits differ only where x al is subnormal (|x| < 2^-100: within 0.88 ULP
 * there, the default slope 0.83, against 0.5) and where both are within 0.5 ULP */
#define setup32_rrelu setup32_leaky
#define k32_rrelu k32_leaky

/* ---------------------------------------------------------------- the kernel list
 *
 * One line per kernel: X(NAME, LOOPS), where LOOPS names the loops of _loops.h that
 * run k_NAME: CHEAP (no exponential, memory speed), CHEAP_MODE (and a mode), ARITH (no
 * exponential, but a division, a square root or products in double: not memory speed,
 * the worker threads are woken for smaller inputs, _parallel.c), EXP (exponentials: it
 * also needs nr_NAME and nr_scan_NAME above) or EXP_MODE, or STAGED32 (an exponential
 * in three stages, k1_NAME, k2_NAME and k3_NAME, for a float64 loop of three passes; and
 * the float32 loops of EXP32); a 32 after the kind (CHEAP32,
 * EXP32_MODE...) adds the float32 formula k32_NAME, EXP32V also its 16-lane AVX-512 form
 * v32_NAME (_float32x16.h), and EXPV the 16-lane form alone (n32_NAME its inputs;
 * float32 in double without AVX-512); _SLOPE after EXP32V or EXPV: with AVX2 (no
 * AVX-512) every float32 f' in double, 4 lanes at a time, and tanh's value too
 * (_float32x8.h: DEFINE_SLOPE32D_LOOP).  _kernels.h makes the loops and the table entries from this
 * list (GELU, with loops of its own, is added there); the Python declarations name the
 * kernels (c_kernel="NAME"). */
#define NK_KERNELS(X)                                                                   \
    X(step, CHEAP32) X(identity, CHEAP32) X(relu, CHEAP32) X(leaky, CHEAP32) X(relu6, CHEAP32)     \
    X(hard_tanh, CHEAP32) X(hard_logistic, CHEAP32_MODE) X(hard_swish, ARITH32)              \
    X(logistic, EXP32V) X(softplus, EXP32_MODE) X(log_sigmoid, EXP32) X(softsign, ARITH32)        \
    X(elu, EXP32) X(selu, EXP32) X(celu, EXP32_MODE) X(swish, EXP32V_MODE) X(gelu_tanh, EXP)       \
    X(mish, EXP) X(tanh, EXP32V_SLOPE) X(squareplus, ARITH) X(hard_logistic_ratio, ARITH)     \
    X(softshrink, CHEAP32) X(hardshrink, CHEAP32) X(threshold, CHEAP32) X(sparse_plus, ARITH32) \
    X(sparse_sigmoid, CHEAP32) X(tanhshrink, EXPV_SLOPE) X(rrelu, CHEAP32)             \
    X(logistic_from_output, CHEAP32) X(tanh_from_output, CHEAP32)                          \
    X(relu_from_output, CHEAP32) X(elu_from_output, CHEAP32)                               \
    X(log_sigmoid_from_output, STAGED32) X(selu_from_output, CHEAP32)                         \
    X(celu_from_output, CHEAP32) X(relu6_from_output, CHEAP32)

#endif
