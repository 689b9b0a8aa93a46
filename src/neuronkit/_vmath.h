/*
 * neuronkit/_vmath.h: exp, expm1 and log1p for the compiled kernels (_kernels.h),
 * written so that the compiler can vectorize the loops that call them.
 *
 * A libm call in a loop body stops vectorization: every element then costs a scalar
 * call.  These versions are straight-line double arithmetic with
 * selects instead of branches and no table, so that the loops over them compile to
 * SSE2, AVX2 or AVX-512 code (_kernels.h is compiled once per instruction set and
 * the best one is picked at run time).  The polynomials use NK_MADD, a fused
 * multiply-add where the target has one, so the tables may differ in the last bit;
 * each meets the bounds below.
 *
 * Accuracy (the fractional ULP metric of tests/accuracy.py; tests/test_vmath.py
 * checks each against mpmath over its whole domain):
 *   nk_exp(x)       every double x; overflow to inf, underflow through the
 *                   subnormals to 0; NaN in, NaN out             about 0.6 ULP
 *   nk_expm1_neg(x) x <= 0 (and NaN)                             about 0.7 ULP
 *   nk_expm1_neg2   the same, and exp(x) from the same reduction
 *   nk_log1p_01(x)  0 <= x <= 1 (and NaN)                        about 0.75 ULP
 * and shorter "lo" versions of each for results rounded to float32 (relative error
 * below 2^-42, see below).
 *
 * exp: x = k ln2 + r with k = round(x / ln2) and |r| <= ln2 / 2 (Cody and Waite:
 * ln2 = LN2_HI + LN2_LO, LN2_HI with 32 significant bits, so k LN2_HI and x - k LN2_HI
 * are exact for the k that occur).  r is kept as r + rl, and
 *     exp(r) = 1 + r + t,   t = rl + r (rl + r P(r)),   P(r) ~ (exp(r) - 1 - r) / r^2
 * of degree 10 (NK_EXP_Q: below 0.003 ULP for |r| <= 0.347).  1 + r is split exactly
 * (Fast2Sum) so that the result is rounded once, and 2^k is applied as two factors
 * 2^k1 2^k2, which reaches the subnormal range and overflows exactly when exp does.
 * k is read off the bits of x / ln2 + 1.5 * 2^52 (the "shifter" trick: no float to
 * integer conversion, which AVX2 lacks for 64-bit integers).
 *
 * expm1 (x <= 0): 2^k (1 + r + t) - 1 = (2^k - 1) + 2^k r + 2^k t, where 2^k r is
 * exact, 2^k - 1 is exact or its rounding error is carried (k < -53), and the sum of
 * the two is made exact by TwoSum (Knuth), then rounded once.
 *
 * log1p (0 <= x <= 1): the kernel of fdlibm's e_log.c / s_log1p.c, with its
 * coefficients Lg1..Lg7: u = 1 + x rounded, c = (x - (u - 1)) / u its rounding error,
 * u = 2^k m with m in [sqrt(2)/2, sqrt(2)), f = m - 1, s = f / (2 + f),
 * log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)).  fdlibm's notice:
 *
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *   Developed at SunPro, a Sun Microsystems, Inc. business.
 *   Permission to use, copy, modify, and distribute this
 *   software is freely granted, provided that this notice
 *   is preserved.
 */
#ifndef NEURONKIT_VMATH_H
#define NEURONKIT_VMATH_H

#include <stdint.h>
#include <string.h>

/* a * b + c, fused (one rounding) where the target has FMA; used for polynomials
 * only, where either form meets the accuracy stated above */
#if defined(__GNUC__) && (defined(__FMA__) || defined(__aarch64__))
#define NK_MADD(a, b, c) __builtin_fma((a), (b), (c))
#else
#define NK_MADD(a, b, c) ((a) * (b) + (c))
#endif

/* the loops vectorize only if everything they call is inlined (and a loop that calls
 * an NK_NOINLINE function does not) */
#if defined(__GNUC__)
#define NK_INLINE static inline __attribute__((always_inline))
#define NK_NOINLINE static __attribute__((noinline))
#else
#define NK_INLINE static inline
#define NK_NOINLINE static __declspec(noinline)
#endif

NK_INLINE uint64_t nk_bits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
NK_INLINE double nk_from_bits(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

#define NK_SHIFT 0x1.8p52                 /* adding it rounds |y| < 2^51 to an integer */
#define NK_INV_LN2 0x1.71547652b82fep0
#define NK_LN2_HI 0x1.62e42fee00000p-1   /* fdlibm's ln2_hi: 32 significant bits */
#define NK_LN2_LO 0x1.a39ef35793c76p-33  /* ln2 - ln2_hi */
#define NK_LN2 0x1.62e42fefa39efp-1      /* ln2 rounded, within 2^-55: k NK_LN2 within |k| 2^-55 */

/* the exact rounding error of s = a + b rounded (a + b = s + error; TwoSum, Knuth) */
NK_INLINE double nk_two_sum_err(double a, double b, double s) {
    double bb = s - a;
    return (a - (s - bb)) + (b - bb);
}

/* 2^k for an integer k in [-1022, 1023], given as the bits of k + NK_SHIFT */
NK_INLINE double nk_pow2(uint64_t shifted_bits) {
    return nk_from_bits((shifted_bits - nk_bits(NK_SHIFT) + 1023u) << 52);
}

/* x - k ln2 = r + rl for an integer k (|k| < 2^20) */
NK_INLINE void nk_reduce_by(double x, double k, double *r, double *rl) {
    double rh = x - k * NK_LN2_HI;          /* exact */
    double c = k * NK_LN2_LO;
    double rr = rh - c;
    *r = rr;
    *rl = (rh - rr) - c;
}

/* x = k ln2 + r + rl; returns k + NK_SHIFT (its bits hold k) */
NK_INLINE double nk_reduce(double x, double *r, double *rl, double *kd) {
    double ks = x * NK_INV_LN2 + NK_SHIFT;
    double k = ks - NK_SHIFT;
    nk_reduce_by(x, k, r, rl);
    *kd = k;
    return ks;
}

/* (exp(r) - 1 - r) / r^2 on |r| <= 1.0001 ln2/2, the degree-10 Chebyshev projection
 * (200 nodes; tools/fit_tables.py), leading coefficient first: relative error of
 * 1 + r + r^2 P(r) below 2^-61.3 with the coefficients as rounded.  It replaced the
 * Taylor polynomial to degree 13 (2^-57.4), one multiply-add shorter in every exp
 * (0-7%, median 3%, of the float64 kernels' time); degree 9 (2^-55.7) would save
 * another 3-4% but took the float64 exp from 0.63 to 0.75 ULP and expm1 from 0.69 to
 * 0.90 (the worst on 140,000 and 80,000 random points) */
static const double NK_EXP_Q[11] = {
    0x1.1f7f27da618f1p-29, 0x1.af4dea43cc39ep-26, 0x1.27e4d4192b23bp-22,
    0x1.71de02312a642p-19, 0x1.a01a01a9e9aaep-16, 0x1.a01a01abe824dp-13,
    0x1.6c16c16c15a68p-10, 0x1.11111111100dbp-7, 0x1.5555555555557p-5,
    0x1.5555555555557p-3, 0x1.0000000000000p-1,
};

/* c[0] t^(n-1) + c[1] t^(n-2) + ... + c[n-1] (leading coefficient first), by Horner's
 * multiply-adds; n <= 17, the loop unrolled, so that the loops over the kernels still
 * vectorize */
NK_INLINE double nk_horner(const double *c, int n, double t) {
    double v = c[0];
#pragma GCC unroll 16
    for (int k = 1; k < n; k++) v = NK_MADD(v, t, c[k]);
    return v;
}

/* t with exp(r + rl) = 1 + r + t (to about 2^-61 relative), t = rl + r (rl + r P(r)):
 * NK_EXP_Q as P(r) = c10 + r E(r) (nk_exp_q, given r^2), E of degree 9 by Estrin's
 * scheme (pairs c r + c', then with r^2 and r^4) and the last step by Horner's, which
 * keeps the constant's sum accurate.  By Horner's scheme alone, ten multiply-adds in a
 * row were the longest chain of every float64 loop
 * built on exp, and the processor overlapped too few elements: swish's and logistic's
 * float64 values took 0.92 of the time this way (10^5 elements, AMD EPYC Zen 2, AVX2).
 * Worst errors on 9 10^6 random points (against long double): exp 0.7485 ULP either
 * way, expm1 0.8203 (0.8384 by Horner; by Estrin to the end, 0.9087) */
NK_INLINE double nk_exp_q(double r, double r2) {
    const double *c = NK_EXP_Q;
    double r4 = r2 * r2;
    double lo = NK_MADD(NK_MADD(c[6], r, c[7]), r2, NK_MADD(c[8], r, c[9]));
    double mid = NK_MADD(NK_MADD(c[2], r, c[3]), r2, NK_MADD(c[4], r, c[5]));
    double e = NK_MADD(NK_MADD(NK_MADD(c[0], r, c[1]), r4, mid), r4, lo);
    return NK_MADD(e, r, c[10]);
}
NK_INLINE double nk_exp_tail(double r, double rl) {
    return rl + r * (rl + r * nk_exp_q(r, r * r));
}

/* 1 + r + t rounded once */
NK_INLINE double nk_one_plus(double r, double t) {
    double hi = 1.0 + r, lo = (1.0 - hi) + r;  /* exact: |r| < 1 */
    return hi + (lo + t);
}

/* m 2^k for k in [-1077, 1025] (ks = k + NK_SHIFT), as m 2^k1 2^k2 with k1 = round(k / 2):
 * both factors are normal numbers, and only the last product rounds */
NK_INLINE double nk_ldexp(double m, double k, double ks) {
    double k1s = k * 0.5 + NK_SHIFT;
    uint64_t k2s = nk_bits(ks) - (nk_bits(k1s) - nk_bits(NK_SHIFT));
    return (m * nk_pow2(nk_bits(k1s))) * nk_pow2(k2s);
}

/* exp(x) for every double x */
NK_INLINE double nk_exp(double x) {
    double xc = x < -746.0 ? -746.0 : (x > 710.0 ? 710.0 : x);  /* NaN passes */
    double r, rl, k;
    double ks = nk_reduce(xc, &r, &rl, &k);
    return nk_ldexp(nk_one_plus(r, nk_exp_tail(r, rl)), k, ks);
}

/* exp(x) for -708 <= x <= 709, where the result is a normal number: nk_exp without
 * the clamps and the two-factor scaling that only subnormal and overflowing results
 * need (scaling by 2^k is exact either way, so the result is the same bit for bit).
 * The loops take it for blocks whose arguments they have checked. */
NK_INLINE double nk_exp_normal(double x) {
    double r, rl, k;
    double ks = nk_reduce(x, &r, &rl, &k);
    return nk_one_plus(r, nk_exp_tail(r, rl)) * nk_pow2(nk_bits(ks));
}

/* expm1(x) for x <= 0, and *e = exp(x) from the same reduction; nr = 1 promises
 * x >= -708 (exp(x) normal: one scaling, as nk_exp_normal) */
NK_INLINE double nk_expm1_neg2_nr(double x, double *e, const int nr) {
    double xc = x < -746.0 ? -746.0 : x;  /* NaN passes */
    double r, rl, k;
    double ks = nk_reduce(nr ? x : xc, &r, &rl, &k);
    double t = nk_exp_tail(r, rl);
    *e = nr ? nk_one_plus(r, t) * nk_pow2(nk_bits(ks)) : nk_ldexp(nk_one_plus(r, t), k, ks);
    /* below k = -60 expm1 rounds to -1: clip k there (2^k stays normal), drop r and t */
    double kc = k < -60.0 ? -60.0 : k;
    double s = nk_pow2(nk_bits(kc + NK_SHIFT));
    double a = s - 1.0, b = s * (k < -60.0 ? 0.0 : r);  /* b is exact; so is a for k >= -53 */
    double a_err = s - (a + 1.0);  /* exact: the rounding error of a (k < -53) */
    double sum = a + b, err = nk_two_sum_err(a, b, sum);
    return sum + ((err + a_err) + s * (k < -60.0 ? 0.0 : t));
}

NK_INLINE double nk_expm1_neg2(double x, double *e) { return nk_expm1_neg2_nr(x, e, 0); }

/* expm1(x) for x <= 0 (the exponential above is dropped by the compiler) */
NK_INLINE double nk_expm1_neg(double x) {
    double e;
    return nk_expm1_neg2(x, &e);
}

/* ---- shorter versions for results that are rounded to float32 ("lo" precision)
 * x <= 0 only.  exp(r) = 1 + r P(r) with P the degree-8 Chebyshev projection (200
 * nodes) of (exp(r) - 1) / r on |r| <= 1.0001 ln2/2 (tools/fit_tables.py): relative error
 * below 2^-42 for exp and expm1 (tests/test_vmath.py), which moves a float32 result
 * by under 2^-18 ULP.  Below -708 (where 2^k would leave the normal range) exp returns
 * 0: every kernel uses it as a factor of a result far below the float32 range there. */
static const double NK_EXP_LO[9] = {  /* leading coefficient first */
    0x1.72e11653e761bp-19, 0x1.a15a62185f951p-16, 0x1.a01994bbe72c3p-13,
    0x1.6c164de6aef77p-10, 0x1.11111123c252cp-7, 0x1.555555742e6cfp-5,
    0x1.5555555550d77p-3, 0x1.fffffffff71acp-2, 0x1.0000000000006p+0,
};

NK_INLINE double nk_exp_poly_lo(double r) {  /* (exp(r) - 1) / r */
    double q = NK_EXP_LO[0];
    q = NK_MADD(q, r, NK_EXP_LO[1]);
    q = NK_MADD(q, r, NK_EXP_LO[2]);
    q = NK_MADD(q, r, NK_EXP_LO[3]);
    q = NK_MADD(q, r, NK_EXP_LO[4]);
    q = NK_MADD(q, r, NK_EXP_LO[5]);
    q = NK_MADD(q, r, NK_EXP_LO[6]);
    q = NK_MADD(q, r, NK_EXP_LO[7]);
    return NK_MADD(q, r, NK_EXP_LO[8]);
}

/* max(x, -708) = k ln2 + r (one rounding in r); returns k + NK_SHIFT */
NK_INLINE double nk_reduce_lo(double x, double *r) {
    double xc = x < -708.0 ? -708.0 : x;  /* NaN passes */
    double ks = NK_MADD(xc, NK_INV_LN2, NK_SHIFT), k = ks - NK_SHIFT;
    *r = NK_MADD(-k, NK_LN2_LO, NK_MADD(-k, NK_LN2_HI, xc));
    return ks;
}

NK_INLINE double nk_exp_neg_lo(double x) {
    double r, ks = nk_reduce_lo(x, &r);
    double m = NK_MADD(r, nk_exp_poly_lo(r), 1.0);
    double v = m * nk_pow2(nk_bits(ks));
    return x < -708.0 ? 0.0 : v;
}

/* expm1(x) for x <= 0 = (2^k - 1) + 2^k r P(r), and *e = exp(x) */
NK_INLINE double nk_expm1_neg2_lo(double x, double *e) {
    double r, ks = nk_reduce_lo(x, &r);
    double p = r * nk_exp_poly_lo(r), s = nk_pow2(nk_bits(ks));
    *e = x < -708.0 ? 0.0 : NK_MADD(s, p, s);
    return NK_MADD(s, p, s - 1.0);
}

/* the kernels' entry points: exp and expm1 of x <= 0, full precision or (f32) the
 * lo one; nr = 1 promises x >= -708 (float64 loops check their blocks for it).  f32
 * and nr are compile-time constants in every loop, so only one version is compiled in */
NK_INLINE double nk_exp_neg_nr(double x, const int f32, const int nr) {
    return f32 ? nk_exp_neg_lo(x) : (nr ? nk_exp_normal(x) : nk_exp(x));
}

NK_INLINE double nk_expm1_exp_neg_nr(double x, double *e, const int f32, const int nr) {
    return f32 ? nk_expm1_neg2_lo(x, e) : nk_expm1_neg2_nr(x, e, nr);
}

/* log1p(x) for 0 <= x <= 1 */
NK_INLINE double nk_log1p_01(double x) {
    const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                 Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                 Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                 Lg7 = 1.479819860511658591e-01;
    double u = 1.0 + x;
    double c = (x - (u - 1.0)) / u;  /* u - 1 and x - (u - 1) are exact */
    int big = u > 0x1.6a09e667f3bcdp0;  /* sqrt(2) */
    double m = big ? 0.5 * u : u, k = big ? 1.0 : 0.0;
    double f = m - 1.0;  /* exact */
    double hfsq = 0.5 * f * f, s = f / (2.0 + f), z = s * s;
    double R = NK_MADD(z, Lg7, Lg6);
    R = NK_MADD(R, z, Lg5);
    R = NK_MADD(R, z, Lg4);
    R = NK_MADD(R, z, Lg3);
    R = NK_MADD(R, z, Lg2);
    R = NK_MADD(R, z, Lg1);
    R = R * z;
    return k * NK_LN2_HI - ((hfsq - (s * (hfsq + R) + (k * NK_LN2_LO + c))) - f);
}

/* log1p(x) for 0 <= x <= 1 (and NaN), for float32 results: x Q(2x - 1) with Q the
 * degree-16 Chebyshev projection (200 nodes, monomial form) of log1p(x) / x
 * (tools/fit_tables.py): relative error below 2^-45 (tests/test_vmath.py), with no
 * division (fdlibm's kernel above has two) */
static const double NK_LOG1P_LO[17] = {  /* leading coefficient first */
    0x1.24193a122b494p-29, -0x1.c3a1e51d4df8fp-28, 0x1.98d3796b99d40p-27,
    -0x1.4e8826df408a4p-25, 0x1.301b59efed0a2p-23, -0x1.eb925cac957f4p-22,
    0x1.8cf8828393648p-20, -0x1.467461fe725b2p-18, 0x1.0f1323f008781p-16,
    -0x1.c72deb05cacfdp-15, 0x1.83c501245173ep-13, -0x1.50abf2da731a4p-11,
    0x1.2bec9fc9ef6dap-9, -0x1.1540afd9d8300p-7, 0x1.0f95b3dc00a09p-5,
    -0x1.2773a5da8f368p-3, 0x1.9f323ecbf985bp-1,
};

NK_INLINE double nk_log1p_01_lo(double x) {
    return x * nk_horner(NK_LOG1P_LO, 17, 2.0 * x - 1.0);
}

NK_INLINE double nk_log1p_01_p(double x, const int f32) {
    return f32 ? nk_log1p_01_lo(x) : nk_log1p_01(x);
}

#endif
