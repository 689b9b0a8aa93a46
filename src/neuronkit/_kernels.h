/*
 * neuronkit/_kernels.h: the compiled activation kernels and their loops.
 *
 * Each activation is one function k_NAME(x, p, &f, &d, f32) computing f(x) and f'(x)
 * in double precision with the same stable forms as the NumPy kernels in
 * neuronkit/activations/ (read those for the mathematics; this file is their
 * one-pass version).  A loop per input type reads float32 or float64, computes in
 * double, and rounds once on store, which keeps float32 results within 1 ULP.  In the
 * float32 loops f32 = 1 (a compile-time constant): the kernels then use the shorter
 * exp/expm1 of _vmath.h and skip the steps that only float64 results need.  The
 * loops are instantiated for "value only", "derivative only" and "both", so the
 * compiler drops the unused half when it is not asked for.
 *
 * The kernels are branch-free (both sides of every case are computed and one is
 * selected) so that the loops vectorize.  This header is compiled once per
 * instruction set: _ckernels.c includes it for the portable table and
 * _ckernels_avx2.c / _ckernels_avx512.c for AVX2+FMA and AVX-512+FMA, each under a
 * "#pragma GCC target"; NK_TABLE names the table of loops each defines.
 *
 * Multiply-adds are fused only where written as NK_MADD (polynomials: _vmath.h);
 * the build passes -ffp-contract=off so that nothing else is contracted, which the
 * exact-product (Dekker) steps below rely on.
 */
#ifndef NK_TABLE
#error "define NK_TABLE (the name of the table of loops) before including _kernels.h"
#endif

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "_vmath.h"
#include "_kernels_api.h"

#define LIFT_BELOW (-600.0)
#define UNLIFT 0x1.969d47321e4ccp-93 /* exp(-64), correctly rounded */

NK_INLINE int is_nan(double x) { return x != x; }

/* c ? a : b, both computed: in the vectorized loops this is a blend, not a branch
 * (-fno-trapping-math lets the compiler evaluate both sides) */
NK_INLINE double select_d(int c, double a, double b) { return c ? a : b; }

/* min(x, 0) and max(x, 0) that propagate NaN, like np.minimum / np.maximum */
NK_INLINE double min0(double x) { return x < 0.0 ? x : (x >= 0.0 ? 0.0 : x); }
NK_INLINE double max0(double x) { return x > 0.0 ? x : (x <= 0.0 ? 0.0 : x); }
NK_INLINE double clampd(double x, double lo, double hi) {
    return x < lo ? lo : (x > hi ? hi : x);  /* NaN passes through */
}

/* the exact rounding error e of p = a*b rounded (a*b = p + e): one fused multiply-add
 * where the target has FMA, else Dekker's exact product (|a|, |b| < 2^500); both are
 * exact, so the tables agree bit for bit */
#if defined(__GNUC__) && (defined(__FMA__) || defined(__aarch64__))
NK_INLINE double two_prod_err(double a, double b, double p) { return __builtin_fma(a, b, -p); }
NK_INLINE double two_square_err(double a, double p) { return __builtin_fma(a, a, -p); }
#else
NK_INLINE double two_prod_err(double a, double b, double p) {
    const double S = 134217729.0;
    double c = S * a, ah = c - (c - a), al = a - ah;
    c = S * b;
    double bh = c - (c - b), bl = b - bh;
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

NK_INLINE double two_square_err(double a, double p) {
    const double S = 134217729.0;
    double c = S * a, ah = c - (c - a), al = a - ah;
    return ((ah * ah - p) + 2.0 * (ah * al)) + al * al;
}
#endif

/* ---------------------------------------------------------------- piecewise */

NK_INLINE void k_step(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    *f = x > 0.0 ? 1.0 : (x <= 0.0 ? 0.0 : x);
    *d = is_nan(x) ? x : 0.0;
}

NK_INLINE void k_identity(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    *f = x;
    *d = is_nan(x) ? x : 1.0;
}

NK_INLINE void k_relu(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    *f = max0(x);
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? 0.0 : x);
}

/* leaky_relu and prelu: a = negative_slope */
NK_INLINE void k_leaky(double x, const params *p, double *f, double *d, const int f32) {
    double a = p->a, ax = a * x;  /* both sides computed: a select, not a branch */
    *f = x > 0.0 ? x : ax;
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? a : x);
}

NK_INLINE void k_relu6(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    *f = clampd(x, 0.0, 6.0);
    *d = (x > 0.0 && x < 6.0) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_tanh: a = min_val, b = max_val */
NK_INLINE void k_hard_tanh(double x, const params *p, double *f, double *d, const int f32) {
    double lo = p->a, hi = p->b, r = x < lo ? lo : x;  /* NaN passes through */
    *f = r > hi ? hi : r;
    *d = (x > p->a && x < p->b) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_logistic: a = slope, b = mode (0: slope x is exact, 2: Dekker), c = bound (|x|
 * clip), d = offset */
NK_INLINE void k_hard_logistic(double x, const params *p, double *f, double *d, const int mode,
                               const int f32) {
    double vc = clampd(x, -p->c, p->c);
    double pr = p->a * vc, e = mode == 2 ? two_prod_err(vc, p->a, pr) : 0.0;
    /* s x + c (the value, rounded once near the corners) and s x + c - 1 */
    double lo = (pr + p->d) + e, hi = (pr + (p->d - 1.0)) + e;
    *f = clampd(lo, 0.0, 1.0);
    double in = lo > 0.0 ? (hi < 0.0 ? p->a : 0.0) : 0.0;  /* (not a && b: see k_gelu) */
    *d = is_nan(x) ? x : in;
}

NK_INLINE void k_hard_swish(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    double c = clampd(x, -3.0, 3.0);
    /* (float32 results: times 1/6, two roundings in double, instead of two divisions) */
    double v = f32 ? c * (c + 3.0) * (1.0 / 6.0) : c * (c + 3.0) / 6.0;
    double s = f32 ? (2.0 * x + 3.0) * (1.0 / 6.0) : (2.0 * x + 3.0) / 6.0;
    double below = is_nan(x) ? x : 0.0;  /* (selects in this order: the loops vectorize) */
    *f = select_d(x >= 3.0, x, v);
    *d = select_d(x >= 3.0, 1.0, select_d(x > -3.0, s, below));
}

/* ---------------------------------------------------------------- sigmoid family */

NK_INLINE void k_logistic(double x, const params *p, double *f, double *d, const int f32,
                           const int nr) {
    (void)p;
    double e = nk_exp_neg_nr(-fabs(x), f32, nr), dd = 1.0 + e, r = 1.0 / dd;
    *f = select_d(x >= 0.0 || is_nan(x), r, e * r);
    *d = f32 ? e * r * r : e / (dd * dd);
}

/* sigma(v) and 1 - sigma(v) without cancellation, given e = exp(-|v|) */
NK_INLINE void sigma_parts(double v, double e, double *s, double *t) {
    double r = 1.0 / (1.0 + e), er = e * r;
    int pos = v >= 0.0;
    *s = select_d(pos, r, er);
    *t = select_d(pos, er, r);
}

/* x clipped to [-big, big] (returned) and beta x = pp + ee exactly, for kernels whose
 * params are a = beta, b = mode, c = big.  The mode (0: beta = 1, 1: beta x is exact
 * or must not be split, 2: Dekker) is a compile-time constant of each loop (see
 * DEFINE_MODE_LOOPS), so no loop pays for a step it does not need. */
NK_INLINE double scaled_arg(double x, const params *p, double *pp, double *ee, const int mode) {
    double vc = clampd(x, -p->c, p->c);
    *pp = mode == 0 ? vc : vc * p->a;
    *ee = mode == 2 ? two_prod_err(vc, p->a, *pp) : 0.0;
    return vc;
}

/* softplus: a = beta, b = mode (as for scaled_arg), c = big */
NK_INLINE void k_softplus(double x, const params *p, double *f, double *d, const int mode,
                      const int f32, const int nr) {
    double big = p->c, pp, ee;
    (void)scaled_arg(x, p, &pp, &ee, mode);
    double s, t, e = nk_exp_neg_nr(-fabs(pp), f32, nr);
    sigma_parts(pp, e, &s, &t);
    double v = max0(pp) + nk_log1p_01_p(e, f32);
    if (mode == 2) v = v + ee * s;
    if (mode != 0) v = v / p->a;
    *f = x > big ? x : (x < -big ? 0.0 : v);
    *d = mode == 2 ? s * (1.0 + ee * t) : s;
}

NK_INLINE void k_log_sigmoid(double x, const params *p, double *f, double *d, const int f32,
                              const int nr) {
    (void)p;
    double e = nk_exp_neg_nr(-fabs(x), f32, nr);
    *f = min0(x) - nk_log1p_01_p(e, f32);
    double r = 1.0 / (1.0 + e);  /* sigma(-x) */
    *d = x >= 0.0 ? e * r : (x < 0.0 ? r : x);
}

NK_INLINE void k_softsign(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    double c = clampd(x, -1e300, 1e300);
    /* float32 results: one division for both, r = 1 / (1 + |c|) (for infinite x, r^2
     * still underflows to the derivative's 0) */
    double r = 1.0 / (1.0 + fabs(f32 ? c : x));
    *f = f32 ? c * r : c / (1.0 + fabs(c));
    *d = r * r;
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

/* ---------------------------------------------------------------- exponential family */

/* elu: a = alpha; selu: a = scale, b = scale * alpha */
/* (expm1 and exp from one range reduction: a fused call reduces once) */
NK_INLINE void k_elu(double x, const params *p, double *f, double *d, const int f32,
                     const int nr) {
    double neg = min0(x), e, em1 = nk_expm1_exp_neg_nr(neg, &e, f32, nr);
    *f = x > 0.0 ? x : p->a * em1;
    *d = x > 0.0 ? 1.0 : p->a * e;
}

NK_INLINE void k_selu(double x, const params *p, double *f, double *d, const int f32,
                      const int nr) {
    double neg = min0(x), e, em1 = nk_expm1_exp_neg_nr(neg, &e, f32, nr);
    *f = x > 0.0 ? p->a * x : p->b * em1;
    *d = x > 0.0 ? p->a : p->b * e;
}

/* celu: a = alpha, b = mode (below), c = -min(800a, 1e300), d = 1/alpha */
NK_INLINE void k_celu(double x, const params *p, double *f, double *d, const int mode,
                      const int f32, const int nr) {
    /* mode 0: alpha is a power of two, dividing by it is multiplying by d = 1/alpha (the
     * same correctly rounded quotient, without a division); mode 1: a division;
     * mode 2: a division and the Dekker correction of its rounding error */
    double alpha = p->a, neg = min0(x);
    double q = mode == 0 ? neg * p->d : neg / alpha;
    double e;
    *f = x > 0.0 ? x : alpha * nk_expm1_exp_neg_nr(q, &e, f32, nr);
    double n2 = neg > p->c ? neg : (neg <= p->c ? p->c : neg);
    /* u = q unless neg < c (x below -800 alpha): never with nr = 1, and for float32
     * results the exponentials of both are 0 there; so in those loops exp(u) comes from
     * expm1's reduction (one reduction, not two) */
    double u = mode == 0 ? n2 * p->d : n2 / alpha;
    double g = nr || f32 ? e : nk_exp_neg_nr(u, f32, nr);
    if (mode == 2) {
        double pr = u * alpha, e = two_prod_err(u, alpha, pr);
        g = g * (1.0 + ((n2 - pr) - e) / alpha);
    }
    *d = x > 0.0 ? 1.0 : (is_nan(x) ? x : g);
}

/* ---------------------------------------------------------------- self-gated */

/* swish: a = beta, b = mode (as for scaled_arg), c = big.  Below LIFT_BELOW the exponential
 * is taken of pp + 64 and the result scaled back by exp(-64) at the end, so that
 * sigma(pp) never underflows before it is multiplied by x.  Both cases are computed
 * and one is selected (no branch, so the loop vectorizes).  The float32 loops skip the
 * lifting (as do those of mish and the GELUs): their results are 0 there in any case. */
NK_INLINE void k_swish(double x, const params *p, double *f, double *d, const int mode,
                      const int f32, const int nr) {
    double big = p->c, pp, ee;
    double vc = scaled_arg(x, p, &pp, &ee, mode);
    int lifted = f32 || nr ? 0 : pp < LIFT_BELOW;  /* float32 results are 0 there anyway */
    double e = nk_exp_neg_nr(lifted ? pp + 64.0 : -fabs(pp), f32, nr);
    double m = e * (1.0 + ee);
    double f_lift = vc * m * UNLIFT, d_lift = m * (1.0 + pp) * UNLIFT;
    double dd = 1.0 + e, r = 1.0 / dd, er = e * r;
    int pos = pp >= 0.0;
    double s = select_d(pos, r, er), t = select_d(pos, er, r);
    double val = vc * s;
    /* f' = sigma + x sigma (1 - sigma) = (1 + e + x e) / (1 + e)^2 for x >= 0 (e = exp(-x)),
     * e (1 + x + e) / (1 + e)^2 for x < 0 (e = exp(x)).  float32 results take the first
     * form, s + x e r^2 (no second division, one fused multiply-add where the target
     * has FMA: about 10% off the fused call of the direct float32 loop): its terms
     * cancel only near the root of f' (x = -1.28), to an absolute error near 2^-53, far
     * below float32's rounding */
    double der = f32 ? NK_MADD(pp, er * r, s)
                     : select_d(pos, dd + pp * e, e * ((1.0 + pp) + e)) / (dd * dd);
    if (mode == 2) {
        val = val * (1.0 + ee * t);
        der = der + ee * (s * t) * (2.0 + pp * (t - s));
    }
    *f = x > big ? x : select_d(lifted, f_lift, val);
    *d = x > big ? 1.0 : select_d(lifted, d_lift, der);
}

/* tanh-approximate GELU: a, b = 2 sqrt(2/pi) as double-double, c, d = the same times 0.044715 */
NK_INLINE void k_gelu_tanh(double x, const params *p, double *f, double *d, const int f32,
                            const int nr) {
    double a_hi = p->a, a_lo = p->b, b_hi = p->c, b_lo = p->d;
    double xc = clampd(x, -1e5, 1e5);
    /* z = x (a + b x^2) as z + z_e (double-double); float32 results need z only */
    double sq = xc * xc, sq_e = f32 ? 0.0 : two_square_err(xc, sq);
    double bq = sq * b_hi;
    double bq_e = f32 ? 0.0 : two_prod_err(sq, b_hi, bq) + b_hi * sq_e + b_lo * sq;
    double q = a_hi + bq, bb = q - a_hi;
    double q_e = ((a_hi - (q - bb)) + (bq - bb)) + (bq_e + a_lo);
    double z = xc * q, z_e = f32 ? 0.0 : two_prod_err(xc, q, z) + xc * q_e;
    int lifted = f32 || nr ? 0 : z < LIFT_BELOW;  /* float32 results are 0 there anyway */
    double e = nk_exp_neg_nr(lifted ? z + 64.0 : -fabs(z), f32, nr);  /* exp(-|z|), or exp(z + 64) */
    double s, t;
    sigma_parts(z, e, &s, &t);
    double ds = s * t;
    double s_c = s * (1.0 + z_e * t);
    double ds_c = ds * (1.0 + z_e * (t - s));
    double xdz = fabs(xc) > 6.0 ? 3.0 * z + (3.0 * z_e - 2.0 * a_hi * xc)
                                : xc * a_hi + (3.0 * b_hi) * (xc * (xc * xc));
    double m = e * (1.0 + z_e);
    double dd = 1.0 + e;
    double d_neg = e * (dd + xdz) / (dd * dd) * (1.0 + z_e * (t - s));
    double d_pos = s_c + xdz * ds_c;
    *f = select_d(lifted, xc * m * UNLIFT, x > 1e5 ? x : xc * s_c);
    *d = select_d(lifted, m * (1.0 + xdz) * UNLIFT, z < 0.0 ? d_neg : d_pos);
}

NK_INLINE void k_mish(double x, const params *p, double *f, double *d, const int f32,
                       const int nr) {
    (void)p;
    double vc = clampd(x, -1e300, 1e300);
    int lifted = f32 || nr ? 0 : x < LIFT_BELOW;  /* float32 results are 0 there anyway */
    double e = nk_exp_neg_nr(lifted ? vc + 64.0 : -fabs(vc), f32, nr);  /* exp(-|x|), or exp(x + 64) */
    int pos = x > 0.0;
    /* x > 0: tanh(softplus(x)) = (1 + 2e) / dp, dp = 1 + 2e + 2e^2, with e = exp(-x) */
    double dp = 1.0 + 2.0 * e + 2.0 * e * e;
    /* x <= 0: tanh(softplus(x)) = n / (n + 2) with n = e (e + 2), e = exp(x) */
    double n = e * (e + 2.0);
    if (f32) {
        /* float32 results: t = tanh(softplus(x)) and sigma(x) (1 / (1 + e) for x > 0,
         * e / (1 + e) for x <= 0) from one division, r = 1 / (dp (n + 2) (1 + e)) (the
         * factors lie in [1, 5], [2, 5], [1, 2]), and f' = t + x sigma (1 - t^2).  Its
         * terms cancel only near the root of f' (x = -1.19), to an absolute error near
         * 2^-50, and 1 - t^2 loses relative precision only where x sigma (1 - t^2) is
         * below 2^-40 of t: far below float32's rounding either way.  The fused call
         * then costs 1.3 forward calls, not 1.8 (the forward pays 8% for the shared r). */
        double ee = 1.0 + e, pq = dp * (n + 2.0), r = 1.0 / (pq * ee);
        double t = select_d(pos, (1.0 + 2.0 * e) * ((n + 2.0) * ee * r), n * (dp * ee * r));
        double sigma = select_d(pos, 1.0, e) * (pq * r);
        *f = x > 1e300 ? x : vc * t;
        *d = t + vc * sigma * (1.0 - t * t);
        return;
    }
    /* t = tanh(softplus(x)) with one division for both sides */
    double t = select_d(pos, 1.0 + 2.0 * e, n) / select_d(pos, dp, n + 2.0);
    double val = x > 1e300 ? x : vc * t;
    /* f' = N / D, also with one division for both sides (_mish2 in activations/gated.py
     * derives it): with c = 1 + x and b = 1.5 + x,
     *   x > 0:  N = 1/4 + e (1 + e (b + e c)),       D = 1/4 + e (1 + e (2 + e (2 + e)))
     *   x <= 0: N = e (c + e (b + e (1 + e / 4))),   D = 1 + e (2 + e (2 + e (1 + e / 4)))
     * as one Horner form in e whose coefficients are selected by the side.  Every term
     * is positive but c e^k (x <= 0), and c is exact near the root of f' (x = -1.19) and
     * for x <= -2.  One form for both sides (not two, selected afterwards) costs half
     * the arithmetic: the fused call then costs 1.5 forward calls in the cache, not 1.85 */
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

/* erfcx(a) for 0 <= a <= 36 (GELU clamps |x| to 50) and NaN, the algorithm and tables
 * of neuronkit/_erf.py (set_erfcx_tables receives the tables from there, so there is
 * one copy of them).  Both the table and the tail are evaluated and one is selected. */
extern struct erf_tables nk_erf;  /* defined in _ckernels.c */

/* erfcx(a) for 0 <= a < 3.875 (and 0 for other a, NaN included): the polynomial of
 * interval i = floor(4a + 1/2), centred at i / 4 */
NK_INLINE double erfcx_table(double a, const struct erf_tables *T) {
    double at = a < 3.875 ? a : 0.0;
    double y = at * 4.0 + 0.5, ys = y + NK_SHIFT, yn = ys - NK_SHIFT;  /* yn = rint(y) */
    double fl = yn > y ? yn - 1.0 : yn;  /* floor(y) */
    int64_t i = (int64_t)(nk_bits(fl + NK_SHIFT) - nk_bits(NK_SHIFT));
    double h = at - 0.25 * fl;  /* exact */
    double acc = T->poly[ERF_DEG - 1][i];
    for (int k = ERF_DEG - 2; k >= 0; k--) acc = NK_MADD(acc, h, T->poly[k][i]);
    acc = NK_MADD(acc, h, T->a0_lo[i]);
    return T->a0_hi[i] + acc;
}

/* erfcx(a) for a >= 3.875 (and NaN): the asymptotic series in 1/a^2 */
NK_INLINE double erfcx_tail(double a, const struct erf_tables *T) {
    double aa = a < 3.875 ? 3.875 : a;  /* NaN passes */
    double inv = 1.0 / aa, t = inv * inv, r = T->tail[0];  /* one division, not three */
    for (int k = 1; k < ERF_NTAIL; k++) r = r * t + T->tail[k];
    r = r * t - 0.5;
    r = r * t;
    /* q + ql = K / aa: q within an ulp, ql from its exact residual (K_HI - q aa) */
    double q = T->k_hi * inv, pr = q * aa, pe = two_prod_err(q, aa, pr);
    double ql = (((T->k_hi - pr) - pe) + T->k_lo) * inv;
    return q + (r * q + ql);
}

NK_INLINE double erfcx_pos(double a, const struct erf_tables *T) {
    a = a < 0x1p-60 ? 0.0 : a;
    return a < 3.875 ? erfcx_table(a, T) : erfcx_tail(a, T);
}

/* erfcx(a) for 0 <= a <= 11 to a relative 9e-11 (checked against mpmath in
 * tests/test_vmath.py), for float32 results (GELU's float32 loops): erfcx(a) = t P(s)
 * with t = 4 / (4 + a) and s = (t - 19/30) 30/11 in [-1, 1], P of degree 12 (a
 * Chebyshev projection at 600 nodes of erfcx(a(t)) / t, monomial form: tools/fit_tables.py).
 * Larger a is clipped to 11, where every float32 GELU value and slope is 0. */
static const double ERFCX_LO[13] = {
    0x1.9f2789695b463p-22, -0x1.4759a49260e6ap-22, -0x1.46afcbed8a804p-17,
    -0x1.96778ffef6ca3p-16, 0x1.a5270b5e4e3edp-14, 0x1.221c0ab458b84p-10,
    0x1.5eb5d7fb31929p-8, 0x1.292b00c7c7da7p-6, 0x1.894a15d81d783p-5,
    0x1.a8aca34ddcc18p-4, 0x1.7dce006b9a640p-3, 0x1.2013571f56b9bp-2,
    0x1.6c7028f54c862p-2,
};

NK_INLINE double erfcx_lo(double a) {
    double ac = a < 11.0 ? a : 11.0;  /* NaN passes */
    double t = 4.0 / (4.0 + ac), s = (t - 0x1.4444444444444p-1) * 0x1.5d1745d1745d1p+1;
    double v = ERFCX_LO[0];
#pragma GCC unroll 16
    for (int k = 1; k < 13; k++) v = NK_MADD(v, s, ERFCX_LO[k]);
    return v * t;
}

/* exact GELU: a = sqrt(1/2), b = 1/sqrt(2 pi), c = sqrt(pi/2) (as the NumPy kernel),
 * given cx = erfcx(|clip(x, -50, 50)| a), which the loops compute (erfcx_lo for float32
 * results, erfcx_block for float64).  For float32 results neither the exact square nor
 * the lifting (which serve float64 results far below the float32 range). */
NK_INLINE void k_gelu(double x, const params *p, double *f, double *d, double cx,
                      const int f32, const int nr) {
    double xc = clampd(x, -50.0, 50.0);
    double sq = xc * xc, sq_e = f32 ? 0.0 : two_square_err(xc, sq), t = -0.5 * sq;
    /* x < 0 with a tiny result: exp(t + 64) now, times exp(-64) at the end */
    double lift = t < LIFT_BELOW ? 64.0 : 0.0;
    lift = x < 0.0 ? lift : 0.0;  /* (GCC 12 vectorizes this, not a select on a && b) */
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

/* ---------------------------------------------------------------- _vmath.h, for its tests */

/* vm_exp: f = exp(x), d = expm1(x) (x <= 0 only); vm_log1p: f = log1p(x), d = the float32
 * loops' version of it (0 <= x <= 1) */
NK_INLINE void k_vm_exp(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    *f = nk_exp(x);
    *d = nk_expm1_neg(x);
}

/* vm_exp_lo: f = exp(x), d = expm1(x), the float32 loops' versions, x <= 0 */
NK_INLINE void k_vm_exp_lo(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    (void)f32;
    *d = nk_expm1_neg2_lo(x, f);
}

NK_INLINE void k_vm_log1p(double x, const params *p, double *f, double *d, const int f32) {
    (void)p;
    *f = nk_log1p_01(x);
    *d = nk_log1p_01_lo(x);
}

/* ---------------------------------------------------------------- loops and dispatch */

/* the loops over i in [START, END) for f and f' (either may be NULL): KCALL sets vf
 * and vd for x[i], which are stored as T */
#define NK_FG_LOOP_TO(T, F, G, START, END, KCALL)                                       \
    if (F && G) for (ptrdiff_t i = (START); i < (END); i++) {                          \
        KCALL; F[i] = (T)vf; G[i] = (T)vd; }                                            \
    else if (F) for (ptrdiff_t i = (START); i < (END); i++) { KCALL; F[i] = (T)vf; }   \
    else for (ptrdiff_t i = (START); i < (END); i++) { KCALL; G[i] = (T)vd; }
#define NK_FG_LOOP(T, START, END, KCALL) NK_FG_LOOP_TO(T, f, g, START, END, KCALL)

/* the float32 loops of the transcendental kernels, for inputs that fit in the L2 cache
 * (n <= NK_F32_BLOCKED_UPTO), run over blocks: the block is widened to double in a
 * buffer, the kernel loop runs over doubles, and its results are rounded to float32 on
 * the way out.  The kernel loop then handles 8 doubles per AVX-512 step instead of 16
 * floats in two halves, whose register pressure (spills, reloaded constants) made it
 * 5-15% slower.  Streaming from memory the direct loop is faster (by 10-15% here: it
 * overlaps the loads and stores with the arithmetic, the blocks do them in bursts), so
 * larger inputs take it.  KCALL reads xb[i]. */
#define NK_F32_BLOCKED_UPTO 65536
#define NK_F32_BLOCK 512
#define NK_F32_LOOP(KCALL)                                                              \
    double xb[NK_F32_BLOCK], fb[NK_F32_BLOCK], gb[NK_F32_BLOCK];                        \
    double *const fo = f ? fb : NULL, *const go = g ? gb : NULL;                        \
    for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_F32_BLOCK) {                                \
        ptrdiff_t m = n - i0 < NK_F32_BLOCK ? n - i0 : NK_F32_BLOCK;                    \
        for (ptrdiff_t i = 0; i < m; i++) xb[i] = (double)x[i0 + i];                    \
        NK_FG_LOOP_TO(double, fo, go, 0, m, KCALL)                                      \
        if (f) for (ptrdiff_t i = 0; i < m; i++) f[i0 + i] = (float)fb[i];              \
        if (g) for (ptrdiff_t i = 0; i < m; i++) g[i0 + i] = (float)gb[i];              \
    }

/* the parameters (and GELU's tables) are copied into locals, so the compiler knows
 * that no output aliases them and can vectorize without run-time overlap checks */
#define NK_LOOP_START(SETUP)                                                            \
    params q = *pp;                                                                     \
    SETUP                                                                               \
    const params *p = &q;                                                               \
    double vf, vd;

/* the float32 loop straight over x: for the cheap kernels (the piecewise ones:
 * memory-bound, for which the blocks above would only add passes), and for large inputs */
#define NK_F32_DIRECT(KCALL) NK_FG_LOOP(float, 0, n, KCALL)

/* the loops of a cheap kernel k_NAME(x, p, f, d, f32): straight over x */
#define DEFINE_CHEAP_LOOPS(NAME)                                                        \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,            \
                         const params *pp) {                                            \
        NK_LOOP_START()                                                                 \
        NK_FG_LOOP(double, 0, n, k_##NAME(x[i], p, &vf, &vd, 0))                        \
    }                                                                                   \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *pp) {                                            \
        NK_LOOP_START()                                                                 \
        NK_F32_DIRECT(k_##NAME((double)x[i], p, &vf, &vd, 1))                           \
    }

/* the loops of a kernel k_NAME(x, p, f, d, f32, nr) built on exp.  The float64 loop
 * runs over blocks of NK_BLOCK elements and first checks the block with nr_NAME(x, p):
 * if it holds for every element (the kernel's exponentials then have normal results
 * and nothing needs lifting, as for all but extreme inputs) the block runs with nr = 1,
 * which drops those steps (the results are the same: see nk_exp_normal); else with
 * nr = 0.  When the outputs do not overlap x, the check is made in the same pass as
 * the computation with nr = 1, and a block that fails it is computed again with nr = 0
 * (a separate pass to check, streaming from memory, cost more than nr saves); else
 * the block is checked first.  Where nr_scan_NAME(f, g) says that the outputs asked
 * for gain nothing from nr (the values of tanh and the ELUs come from expm1, whose cost
 * nr does not change) the loop runs straight with nr = 0.  The float32 loop runs over
 * blocks widened to double (NK_F32_LOOP) for inputs that fit in the L2 cache. */
#define NK_BLOCK 512

/* do the n doubles at x and at out (NULL: none) not overlap? */
NK_INLINE int nk_apart(const double *x, const double *out, ptrdiff_t n) {
    return out == NULL || out >= x + n || x >= out + n;
}

#define DEFINE_EXP_LOOPS(NAME)                                                          \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,            \
                         const params *pp) {                                            \
        NK_LOOP_START()                                                                 \
        if (!nr_scan_##NAME(f, g)) {                                                    \
            NK_FG_LOOP(double, 0, n, k_##NAME(x[i], p, &vf, &vd, 0, 0))                 \
            return;                                                                     \
        }                                                                               \
        int apart = nk_apart(x, f, n) && nk_apart(x, g, n);                             \
        for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_BLOCK) {                                \
            ptrdiff_t i1 = n - i0 < NK_BLOCK ? n : i0 + NK_BLOCK;                       \
            int out = 0;                                                                \
            if (apart) {                                                                \
                NK_FG_LOOP(double, i0, i1, {                                            \
                    out |= !nr_##NAME(x[i], p);                                         \
                    k_##NAME(x[i], p, &vf, &vd, 0, 1); })                               \
            } else {                                                                    \
                for (ptrdiff_t i = i0; i < i1; i++) out |= !nr_##NAME(x[i], p);         \
                if (!out) NK_FG_LOOP(double, i0, i1, k_##NAME(x[i], p, &vf, &vd, 0, 1)) \
            }                                                                           \
            if (out) NK_FG_LOOP(double, i0, i1, k_##NAME(x[i], p, &vf, &vd, 0, 0))      \
        }                                                                               \
    }                                                                                   \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *pp) {                                            \
        NK_LOOP_START()                                                                 \
        if (n > NK_F32_BLOCKED_UPTO) {                                                  \
            NK_F32_DIRECT(k_##NAME((double)x[i], p, &vf, &vd, 1, 0))                    \
        } else {                                                                        \
            NK_F32_LOOP(k_##NAME(xb[i], p, &vf, &vd, 1, 0))                             \
        }                                                                               \
    }

/* loops for a kernel k_NAME(x, p, f, d, mode, ...) of a scaled argument, one per mode
 * (0, 1, 2), and the functions that pick one by the mode in p->b */
#define DEFINE_MODE_DISPATCH(NAME)                                                      \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,           \
                         const params *p) {                                             \
        (p->b == 0.0 ? NAME##_0_d : p->b == 1.0 ? NAME##_1_d : NAME##_2_d)(x, f, g, n, p); \
    }                                                                                   \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,              \
                         const params *p) {                                             \
        (p->b == 0.0 ? NAME##_0_f : p->b == 1.0 ? NAME##_1_f : NAME##_2_f)(x, f, g, n, p); \
    }

#define NK_CHEAP_MODE(NAME, M)                                                          \
    NK_INLINE void k_##NAME##_##M(double x, const params *p, double *f, double *d,    \
                                  const int f32) { k_##NAME(x, p, f, d, M, f32); }    \
    DEFINE_CHEAP_LOOPS(NAME##_##M)
#define DEFINE_CHEAP_MODE_LOOPS(NAME)                                                   \
    NK_CHEAP_MODE(NAME, 0) NK_CHEAP_MODE(NAME, 1) NK_CHEAP_MODE(NAME, 2)                \
    DEFINE_MODE_DISPATCH(NAME)

#define NK_EXP_MODE(NAME, M)                                                            \
    NK_INLINE void k_##NAME##_##M(double x, const params *p, double *f, double *d,    \
                                  const int f32, const int nr) {                        \
        k_##NAME(x, p, f, d, M, f32, nr); }                                             \
    NK_INLINE int nr_##NAME##_##M(double x, const params *p) { return nr_##NAME(x, p); } \
    NK_INLINE int nr_scan_##NAME##_##M(const void *f, const void *g) {                  \
        return nr_scan_##NAME(f, g); }                                                  \
    DEFINE_EXP_LOOPS(NAME##_##M)
#define DEFINE_EXP_MODE_LOOPS(NAME)                                                     \
    NK_EXP_MODE(NAME, 0) NK_EXP_MODE(NAME, 1) NK_EXP_MODE(NAME, 2)                      \
    DEFINE_MODE_DISPATCH(NAME)

/* nr_NAME(x, p): may the block run with nr = 1 (see DEFINE_EXP_LOOPS)?  That is, are the
 * arguments of the kernel's exponentials at least -708 (normal results) and, for the
 * kernels that lift tiny results, at least LIFT_BELOW?  False for NaN. */
NK_INLINE int nr_logistic(double x, const params *p) { (void)p; return fabs(x) < 708.0; }
NK_INLINE int nr_log_sigmoid(double x, const params *p) { (void)p; return fabs(x) < 708.0; }
NK_INLINE int nr_softplus(double x, const params *p) { return fabs(x * p->a) < 708.0; }
NK_INLINE int nr_tanh(double x, const params *p) { (void)p; return fabs(x) < 354.0; }
NK_INLINE int nr_elu(double x, const params *p) { (void)p; return x > -708.0; }
NK_INLINE int nr_selu(double x, const params *p) { (void)p; return x > -708.0; }
/* (celu: d = 1/alpha rounded; the margin covers its rounding) */
NK_INLINE int nr_celu(double x, const params *p) { return x * p->d > -707.0; }
NK_INLINE int nr_swish(double x, const params *p) { return fabs(x * p->a) < -LIFT_BELOW; }
NK_INLINE int nr_mish(double x, const params *p) { (void)p; return fabs(x) < -LIFT_BELOW; }
/* tanh-GELU: |z| = |x| (a + b x^2) < 19.5 (1.5958 + 0.071355 * 19.5^2) < 561 */
NK_INLINE int nr_gelu_tanh(double x, const params *p) { (void)p; return fabs(x) < 19.5; }

/* nr_scan_NAME(f, g): check the blocks for these outputs (f, g: NULL if not asked for)? */
#define NK_SCAN_ALWAYS(NAME)                                                            \
    NK_INLINE int nr_scan_##NAME(const void *f, const void *g) { (void)f; (void)g; return 1; }
#define NK_SCAN_FOR_DERIVATIVE(NAME)                                                    \
    NK_INLINE int nr_scan_##NAME(const void *f, const void *g) { (void)f; return g != NULL; }
NK_SCAN_ALWAYS(logistic)
NK_SCAN_ALWAYS(log_sigmoid)
NK_SCAN_ALWAYS(softplus)
NK_SCAN_ALWAYS(swish)
NK_SCAN_ALWAYS(mish)
NK_SCAN_ALWAYS(gelu_tanh)
NK_SCAN_FOR_DERIVATIVE(tanh)
NK_SCAN_FOR_DERIVATIVE(elu)
NK_SCAN_FOR_DERIVATIVE(selu)
NK_SCAN_FOR_DERIVATIVE(celu)

DEFINE_CHEAP_LOOPS(step)
DEFINE_CHEAP_LOOPS(identity)
DEFINE_CHEAP_LOOPS(relu)
DEFINE_CHEAP_LOOPS(leaky)
DEFINE_CHEAP_LOOPS(relu6)
DEFINE_CHEAP_LOOPS(hard_tanh)
DEFINE_CHEAP_MODE_LOOPS(hard_logistic)
DEFINE_CHEAP_LOOPS(hard_swish)
DEFINE_EXP_LOOPS(logistic)
DEFINE_EXP_MODE_LOOPS(softplus)
DEFINE_EXP_LOOPS(log_sigmoid)
DEFINE_CHEAP_LOOPS(softsign)
DEFINE_EXP_LOOPS(elu)
DEFINE_EXP_LOOPS(selu)
DEFINE_EXP_MODE_LOOPS(celu)
DEFINE_EXP_MODE_LOOPS(swish)
DEFINE_EXP_LOOPS(gelu_tanh)
DEFINE_EXP_LOOPS(mish)
DEFINE_EXP_LOOPS(tanh)
/* float64 GELU runs over blocks of NK_BLOCK elements; erfcx_block first stores
 * erfcx(|clip(x, -50, 50)| s) of a block in a buffer: erfcx_table for every element,
 * then erfcx_tail only for the few that need it (a >= 3.875, |x| >= 5.48, or NaN),
 * packed together so that the tail too runs vectorized without being computed for
 * the whole block.  With AVX-512 the table is looked up with in-register permutes
 * (vpermt2pd picks one of 16 doubles) instead of gathers, which are slow on recent
 * Intel CPUs, and the packing uses vcompresspd / vexpandpd.  Every version performs
 * the same floating-point operations in the same order (multiply-adds fused where the
 * target has FMA), so the AVX2 and AVX-512 results agree bit for bit
 * (tests/test_compiled.py compares the instruction sets). */
NK_INLINE double erfcx_arg(double x, double s) {
    double a = fabs(clampd(x, -50.0, 50.0)) * s;
    return a < 0x1p-60 ? 0.0 : a;
}

#if defined(__AVX512F__)
#include <immintrin.h>

/* the entries idx (0..15, in the low bits of each lane) of the 16 doubles at t */
NK_INLINE __m512d nk_lookup16(const double *t, __m512i idx) {
    return _mm512_permutex2var_pd(_mm512_loadu_pd(t), idx, _mm512_loadu_pd(t + 8));
}

static void erfcx_block(const double *x, double *out, ptrdiff_t n, double s,
                        const struct erf_tables *T) {
    const __m512d zero = _mm512_setzero_pd(), one = _mm512_set1_pd(1.0);
    const __m512d shift = _mm512_set1_pd(NK_SHIFT), lim = _mm512_set1_pd(3.875);
    double ta[NK_BLOCK];
    __mmask8 tails[NK_BLOCK / 8];
    ptrdiff_t nt = 0;
    for (ptrdiff_t i = 0; i < n; i += 8) {
        __mmask8 m = n - i >= 8 ? 0xFF : (__mmask8)((1u << (n - i)) - 1u);
        __m512d xv = _mm512_maskz_loadu_pd(m, x + i);
        /* erfcx_arg (NaN passes: MINPD returns its second operand if either is NaN) */
        __m512d a = _mm512_mul_pd(_mm512_min_pd(_mm512_set1_pd(50.0), _mm512_abs_pd(xv)),
                                  _mm512_set1_pd(s));
        a = _mm512_mask_mov_pd(a, _mm512_cmp_pd_mask(a, _mm512_set1_pd(0x1p-60), _CMP_LT_OQ),
                               zero);
        __mmask8 in = _mm512_cmp_pd_mask(a, lim, _CMP_LT_OQ), tm = (__mmask8)(m & ~in);
        tails[i / 8] = tm;
        _mm512_mask_compressstoreu_pd(ta + nt, tm, a);
        nt += __builtin_popcount(tm);
        /* erfcx_table, step by step */
        __m512d at = _mm512_mask_mov_pd(zero, in, a);
        __m512d y = _mm512_add_pd(_mm512_mul_pd(at, _mm512_set1_pd(4.0)), _mm512_set1_pd(0.5));
        __m512d yn = _mm512_sub_pd(_mm512_add_pd(y, shift), shift);
        __m512d fl = _mm512_mask_sub_pd(yn, _mm512_cmp_pd_mask(yn, y, _CMP_GT_OQ), yn, one);
        __m512i idx = _mm512_castpd_si512(_mm512_add_pd(fl, shift));
        __m512d h = _mm512_sub_pd(at, _mm512_mul_pd(_mm512_set1_pd(0.25), fl));
        __m512d acc = nk_lookup16(T->poly[ERF_DEG - 1], idx);
        for (int k = ERF_DEG - 2; k >= 0; k--)
            acc = _mm512_fmadd_pd(acc, h, nk_lookup16(T->poly[k], idx));
        acc = _mm512_fmadd_pd(acc, h, nk_lookup16(T->a0_lo, idx));
        _mm512_mask_storeu_pd(out + i, m, _mm512_add_pd(nk_lookup16(T->a0_hi, idx), acc));
    }
    if (nt == 0) return;
    for (ptrdiff_t j = 0; j < nt; j++) ta[j] = erfcx_tail(ta[j], T);
    nt = 0;
    for (ptrdiff_t i = 0; i < n; i += 8) {
        __mmask8 tm = tails[i / 8];
        if (!tm) continue;
        __m512d v = _mm512_mask_expandloadu_pd(_mm512_setzero_pd(), tm, ta + nt);
        _mm512_mask_storeu_pd(out + i, tm, v);
        nt += __builtin_popcount(tm);
    }
}
#else
static void erfcx_block(const double *x, double *out, ptrdiff_t n, double s,
                        const struct erf_tables *T) {
    double ta[NK_BLOCK];
    ptrdiff_t where[NK_BLOCK], nt = 0;
    int tail = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        double a = erfcx_arg(x[i], s);
        tail |= !(a < 3.875);
        out[i] = erfcx_table(a, T);
    }
    if (!tail) return;
    for (ptrdiff_t i = 0; i < n; i++) {
        double a = erfcx_arg(x[i], s);
        if (!(a < 3.875)) { where[nt] = i; ta[nt++] = a; }
    }
    for (ptrdiff_t j = 0; j < nt; j++) ta[j] = erfcx_tail(ta[j], T);
    for (ptrdiff_t j = 0; j < nt; j++) out[where[j]] = ta[j];
}
#endif

#define NK_ERF_SETUP struct erf_tables tab = nk_erf; q.tab = &tab;
static void gelu_d(const double *x, double *f, double *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START(NK_ERF_SETUP)
    double cx[NK_BLOCK];
    for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_BLOCK) {
        ptrdiff_t i1 = n - i0 < NK_BLOCK ? n : i0 + NK_BLOCK;
        erfcx_block(x + i0, cx, i1 - i0, p->a, p->tab);
        int out = 0;  /* |x| >= 34 (x^2 / 2 > 578: lifting) or NaN, as in DEFINE_EXP_LOOPS */
        for (ptrdiff_t i = i0; i < i1; i++) out |= !(fabs(x[i]) < 34.0);
        if (out) {
            NK_FG_LOOP(double, i0, i1, k_gelu(x[i], p, &vf, &vd, cx[i - i0], 0, 0))
        } else {
            NK_FG_LOOP(double, i0, i1, k_gelu(x[i], p, &vf, &vd, cx[i - i0], 0, 1))
        }
    }
}

/* float32 GELU of v: k_gelu with erfcx_lo of |clip(v, -50, 50)| sqrt(1/2) */
NK_INLINE void gelu_lo(double v, const params *p, double *f, double *d) {
    k_gelu(v, p, f, d, erfcx_lo(fabs(clampd(v, -50.0, 50.0)) * p->a), 1, 0);
}

static void gelu_f(const float *x, float *f, float *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START()
    if (n > NK_F32_BLOCKED_UPTO) {
        NK_F32_DIRECT(gelu_lo((double)x[i], p, &vf, &vd))
    } else {
        NK_F32_LOOP(gelu_lo(xb[i], p, &vf, &vd))
    }
}

DEFINE_CHEAP_LOOPS(vm_exp)
DEFINE_CHEAP_LOOPS(vm_log1p)
/* vm_erfcx: f = erfcx(x) as float64 GELU computes it (erfcx_block), d = erfcx_lo(x);
 * 0 <= x <= 11 (for float32 input, f = erfcx_pos(x), one element at a time) */
static void vm_erfcx_d(const double *x, double *f, double *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START(NK_ERF_SETUP)
    (void)vf;
    (void)vd;
    for (ptrdiff_t i0 = 0; f && i0 < n; i0 += NK_BLOCK)
        erfcx_block(x + i0, f + i0, n - i0 < NK_BLOCK ? n - i0 : NK_BLOCK, 1.0, p->tab);
    for (ptrdiff_t i = 0; g && i < n; i++) g[i] = erfcx_lo(x[i]);
}

static void vm_erfcx_f(const float *x, float *f, float *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START(NK_ERF_SETUP)
    NK_FG_LOOP(float, 0, n, (vf = erfcx_pos(x[i], p->tab), vd = erfcx_lo(x[i])))
}
DEFINE_CHEAP_LOOPS(vm_exp_lo)

#define ENTRY(NAME) { #NAME, NAME##_d, NAME##_f, 0 }
#define CHEAP_ENTRY(NAME) { #NAME, NAME##_d, NAME##_f, 1 }
const kernel_entry NK_TABLE[] = {
    CHEAP_ENTRY(step), CHEAP_ENTRY(identity), CHEAP_ENTRY(relu), CHEAP_ENTRY(leaky),
    CHEAP_ENTRY(relu6), CHEAP_ENTRY(hard_tanh), CHEAP_ENTRY(hard_logistic),
    CHEAP_ENTRY(hard_swish), ENTRY(logistic),
    ENTRY(softplus), ENTRY(log_sigmoid), CHEAP_ENTRY(softsign), ENTRY(elu),
    ENTRY(selu), ENTRY(celu), ENTRY(swish), ENTRY(gelu_tanh), ENTRY(mish), ENTRY(gelu),
    ENTRY(tanh), ENTRY(vm_exp), ENTRY(vm_log1p), ENTRY(vm_erfcx), ENTRY(vm_exp_lo),
};
