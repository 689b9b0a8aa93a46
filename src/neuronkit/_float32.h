/*
 * neuronkit/_float32.h: float32 formulas computed in float32 arithmetic.
 *
 * The other float32 loops compute in double and round once (_loops.h): always within
 * 1 ULP, but a register holds half as many doubles as floats.  The kernels here work
 * on floats, 16 to an AVX-512 register, 8 to an AVX2 one, and keep the same bound
 * (1 ULP; measured at most 0.62, the logistic and swish values 0.75 and 0.81 without
 * AVX-512: see nk32_exp_neg_short and nk32_exp_neg_table; 1 - e^x, log-sigmoid's f'(y),
 * 0.67: nk32_one_minus_exp) by carrying every intermediate result that the final
 * rounding depends on as an unevaluated sum hi + lo of two floats (double-float
 * arithmetic), with fused multiply-adds for the exact residuals:
 *
 *   nk32_exp(x)        exp(x) = s (h + l): s = 2^k, h = exp(r) rounded, l the rest,
 *                      for |x| <= 87 (normal results); relative error below 2^-26 on
 *                      |x| <= 80 (tests/test_vmath.py)
 *   nk32_expm1_exp(x)  expm1(x) and exp(x) as pairs, x <= 0 (expm1: below 2^-27)
 *   nk32_one_minus_exp 1 - exp(x) rounded once, x <= 0 (-expm1(x) alone)
 *   nk32_log1p_01      log1p(e) of a pair e in (0, 1], about 2^-30
 *   nk32_recip         1 / (dh + dl) = q + ql, from one division and its exact residual
 *                      (nk32_recip_u: as q (1 + u))
 *   nk32_div           (nh + nl) / (dh + dl) = q + ql, the same (nk32_div_round: rounded)
 *   nk32_mul           (ah + al)(bh + bl) = p + pl (nk32_mul_round_normal: rounded)
 *   nk32_sigma_d       sigma(x) and 1 - sigma(x) as pairs, 1 / (1 + exp(-x)) from a
 *                      shorter exp pair (nk32_exp_neg_short); nk32_sigma_table the same
 *                      from an exp pair by a table of 2^(j/32) (nk32_exp_neg_table, the
 *                      AVX-512 loops' formula: _float32x16.h)
 *
 * The kernels built on them, k32_NAME, are in _formulas.h beside the double ones.
 *
 * The exact residuals need a fused multiply-add: without the instruction (the baseline
 * SSE2 table) NK_NATIVE32 is 0 and every float32 loop computes in double.
 *
 * exp: x = k ln2 + r + rl with k = round(x / ln2) (the shifter trick of _vmath.h, in
 * float: 1.5 * 2^23), ln2 = NK32_LN2_HI + NK32_LN2_LO (the first product is exact in
 * the fused multiply-add for |k| <= 127) and rl the rounding error of r; then
 * exp(r + rl) = 1 + r + (rl + r^2 Q(r)), Q the degree-5 Chebyshev projection of
 * (exp(r) - 1 - r) / r^2 on |r| <= 1.0001 ln2/2 (NK32_EXP_Q, tools/fit_tables.py).
 */
#ifndef NEURONKIT_FLOAT32_H
#define NEURONKIT_FLOAT32_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_kernels_api.h"
#include "_vmath.h"

/* fused everywhere (a library call where the target has no FMA instruction: slow but
 * exact, for the test kernels); the loops take these kernels only with the instruction */
#define NK_FMAF(a, b, c) fmaf((a), (b), (c))
#if defined(__GNUC__) && (defined(__FMA__) || defined(__aarch64__))
#define NK_NATIVE32 1
#else
#define NK_NATIVE32 0
#endif

NK_INLINE uint32_t nk32_bits(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
NK_INLINE float nk32_from_bits(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }

NK_INLINE float nk32_select(int c, float a, float b) { return c ? a : b; }

/* x clipped to [-b, b]: two selects in a row, as clampd (_numerics.h), each one min or
 * max instruction; NaN passes through */
NK_INLINE float nk32_clamp(float x, float b) {
    float r = x < -b ? -b : x;
    return r > b ? b : r;
}

#define NK32_SHIFT 0x1.8p23f
#define NK32_INV_LN2 0x1.715476p0f
#define NK32_LN2_HI 0x1.62e430p-1f  /* ln2 rounded to float */
#define NK32_LN2_LO -0x1.05c610p-29f /* ln2 - NK32_LN2_HI, rounded */
/* the largest |x| the float32 kernels take: exp(-87) is a normal float, and so are
 * the kernels' results (n32_NAME) */
#define NK32_EXP_LIMIT 87.0f
/* the largest |x| of an ordinary argument for the kernels built on exp(-|x|): there
 * the second float of a pair (e.g. exp(-80) times 2^-25) is still subnormal at worst
 * 2^-150 / 2^-116 of the result, below 2^-34 of its ULP */
#define NK32_ORDINARY 80.0f

#define NK32_INV_LN2_32 0x1.715476p+5f   /* 32 / ln2 */
#define NK32_LN2_32_HI 0x1.62e430p-6f    /* ln2 / 32 rounded to float */
#define NK32_LN2_32_LO -0x1.05c610p-34f  /* ln2 / 32 - NK32_LN2_32_HI, rounded */

/* 2^(j/32), j = 0..31, as pairs: the 32 leading floats, then the 32 remainders */
static const float NK32_EXP2[64] = {
    0x1.000000p+0f, 0x1.059b0ep+0f, 0x1.0b5586p+0f, 0x1.11301ep+0f,
    0x1.172b84p+0f, 0x1.1d4874p+0f, 0x1.2387a6p+0f, 0x1.29e9e0p+0f,
    0x1.306fe0p+0f, 0x1.371a74p+0f, 0x1.3dea64p+0f, 0x1.44e086p+0f,
    0x1.4bfdaep+0f, 0x1.5342b6p+0f, 0x1.5ab07ep+0f, 0x1.6247ecp+0f,
    0x1.6a09e6p+0f, 0x1.71f75ep+0f, 0x1.7a1148p+0f, 0x1.82589ap+0f,
    0x1.8ace54p+0f, 0x1.93737cp+0f, 0x1.9c4918p+0f, 0x1.a5503cp+0f,
    0x1.ae89fap+0f, 0x1.b7f770p+0f, 0x1.c199bep+0f, 0x1.cb720ep+0f,
    0x1.d5818ep+0f, 0x1.dfc974p+0f, 0x1.ea4afap+0f, 0x1.f50766p+0f, 0x0.0p+0f,
    -0x1.9d4f52p-25f, 0x1.9f3122p-25f, -0x1.fdb496p-25f, -0x1.c15742p-27f,
    -0x1.d2e8cap-25f, 0x1.ceac48p-25f, -0x1.5c0424p-25f, 0x1.4636e2p-25f,
    -0x1.18aac6p-25f, 0x1.824684p-25f, 0x1.8624b4p-30f, -0x1.593abcp-25f,
    -0x1.2c5610p-25f, -0x1.5bd5ecp-27f, -0x1.f8b550p-25f, 0x1.9fcef4p-26f,
    0x1.1d8beep-25f, -0x1.829fd0p-25f, -0x1.accc7cp-26f, 0x1.15506ep-27f,
    -0x1.e64744p-25f, 0x1.51f848p-27f, -0x1.b83b54p-25f, -0x1.a94b14p-26f,
    -0x1.a09438p-25f, -0x1.3d56b2p-27f, -0x1.8837ccp-27f, -0x1.822dbcp-27f,
    -0x1.908c94p-25f, 0x1.52486cp-27f, -0x1.246eb0p-26f,
};

/* (exp(r) - 1 - r) / r^2 on |r| <= 1.0001 ln2/2, leading coefficient first (the
 * constant term, rounded to float, is 1/2 exactly) */
static const float NK32_EXP_Q[6] = {
    0x1.a1517cp-13f, 0x1.6d4328p-10f, 0x1.1110c6p-7f, 0x1.5554eap-5f,
    0x1.555556p-3f, 0x1.000000p-1f,
};

/* the exact rounding error of s = a + b (TwoSum) */
NK_INLINE float nk32_two_sum_err(float a, float b, float s) {
    float bb = s - a;
    return (a - (s - bb)) + (b - bb);
}

/* x = k ln2 + r + rl, exp(r + rl) = 1 + r + th + tl with th = r^2 / 2 rounded (its
 * error and the rest in tl); returns s = 2^k (|x| <= NK32_EXP_LIMIT).  Q's constant
 * term is 1/2 exactly, so r^2 Q(r) = r^2 / 2 + r^3 Q1(r), where the rounding errors of
 * the second term are a third-order effect */
/* Q1(r) = (Q(r) - 1/2) / r, Q's Horner steps but the last */
NK_INLINE float nk32_exp_q1(float r) {
    float q = NK32_EXP_Q[0];
    q = NK_FMAF(q, r, NK32_EXP_Q[1]);
    q = NK_FMAF(q, r, NK32_EXP_Q[2]);
    q = NK_FMAF(q, r, NK32_EXP_Q[3]);
    return NK_FMAF(q, r, NK32_EXP_Q[4]);
}

/* the same by Estrin's scheme, (Q0 r + Q1) r^2 + (Q2 r + Q3), times r, plus Q4: three
 * steps in a row instead of four (other roundings, a third-order term's) */
NK_INLINE float nk32_exp_q1_estrin(float r) {
    float a = NK_FMAF(NK32_EXP_Q[0], r, NK32_EXP_Q[1]);
    float b = NK_FMAF(NK32_EXP_Q[2], r, NK32_EXP_Q[3]);
    return NK_FMAF(NK_FMAF(a, r * r, b), r, NK32_EXP_Q[4]);
}

/* nk32_exp_parts with Q1 by Horner's scheme (estrin = 0, the bits that the measured
 * bounds of the kernels built on it were taken with) or Estrin's */
NK_INLINE float nk32_exp_parts_q(float x, const int estrin, float *r, float *th,
                                 float *tl) {
    float ks = NK_FMAF(x, NK32_INV_LN2, NK32_SHIFT), k = ks - NK32_SHIFT;
    float r1 = NK_FMAF(-k, NK32_LN2_HI, x);  /* exact */
    float rr = NK_FMAF(-k, NK32_LN2_LO, r1);
    float rl = NK_FMAF(-k, NK32_LN2_LO, r1 - rr);  /* r1 - rr is exact */
    float q = estrin ? nk32_exp_q1_estrin(rr) : nk32_exp_q1(rr);
    float r2 = rr * rr, r2e = NK_FMAF(rr, rr, -r2);  /* r^2 = r2 + r2e exactly */
    *r = rr;
    *th = 0.5f * r2;
    *tl = NK_FMAF(r2, rr * q, NK_FMAF(0.5f, r2e, rl));
    return nk32_from_bits((nk32_bits(ks) - nk32_bits(NK32_SHIFT) + 127u) << 23);
}
NK_INLINE float nk32_exp_parts(float x, float *r, float *th, float *tl) {
    return nk32_exp_parts_q(x, 0, r, th, tl);
}

/* exp(x) = s (h + l) for |x| <= NK32_EXP_LIMIT: s = 2^k (a normal float), h = exp(r)
 * rounded, l the rest (|l| <= ulp(h) / 2) */
/* 1 + r + th + tl = *h + *l, renormalized (|l| <= ulp(h) / 2) */
NK_INLINE void nk32_one_plus(float r, float th, float tl, float *h, float *l) {
    float hh = 1.0f + r;
    float tail = ((1.0f - hh) + r) + (th + tl);  /* (1 - hh) + r is exact */
    float v = hh + tail;                          /* Fast2Sum */
    *h = v;
    *l = (hh - v) + tail;
}

NK_INLINE void nk32_exp(float x, float *s, float *h, float *l) {
    float r, th, tl;
    *s = nk32_exp_parts(x, &r, &th, &tl);
    nk32_one_plus(r, th, tl, h, l);
}

/* expm1(x) = m + ml and exp(x) = e + el for -NK32_EXP_LIMIT <= x <= 0:
 * s (1 + r + th + tl) - 1 = ((s - 1) + s r) + s th + s tl, where s r is exact, so is
 * s - 1 for k >= -24 (below, its rounding error is carried), their sum is made exact
 * by TwoSum, and s th adds to it by Fast2Sum; for k = 0 that is r + r^2/2 + ..., with
 * no cancellation */
NK_INLINE void nk32_expm1_exp(float x, float *m, float *ml, float *e, float *el) {
    float r, th, tl;
    float s = nk32_exp_parts(x, &r, &th, &tl);
    float a = s - 1.0f, b = s * r, sth = s * th;
    float sum = a + b, err = nk32_two_sum_err(a, b, sum);
    float a_err = s - (a + 1.0f);  /* exact: the rounding error of s - 1 (k < -24) */
    float sum2 = sum + sth, c = (((sum - sum2) + sth) + (err + a_err)) + s * tl;
    float v = sum2 + c;
    *m = v;
    *ml = (sum2 - v) + c;  /* Fast2Sum: |c| <= |sum2| */
    float h, l;
    nk32_one_plus(r, th, tl, &h, &l);
    *e = s * h;
    *el = s * l;
}

/* 1 - exp(x) = -expm1(x) for -NK32_EXP_LIMIT <= x <= 0, rounded once: with s = 2^k,
 * 1 - s (1 + r + th + tl) = ((1 - s) - s r) - s (th + tl).  s r is exact, and so is
 * 1 - s for k >= -24 (below, its rounding error (1 - a) - s is exact: without it the
 * result was 0.71 ULP off at k = -25, where 1 - 2^-25 rounds to 1); the rounding error
 * of (1 - s) - s r is exact by Fast2Sum (for k = 0, 1 - s = 0; below, 1 - s >= 1/2 >
 * |s r|) and the last step adds both back with s (th + tl).  For k = 0 the result is
 * -(r + r^2/2 + ...), no cancellation; for k <= -1 it is at least 0.29 and s (th + tl)
 * under a fifth of it.  On every float32 x in [-87.5, 0] at most 0.6653 ULP (at
 * x = -0.2865, k = 0, where th + tl is rounded; against float64 expm1).  Q1 by Estrin's
 * scheme (0.95 of the time with Horner's).  Fewer operations than nk32_expm1_exp's pair
 * by TwoSum, and a shorter chain: log-sigmoid's f'(y) took 0.58 of the time of -m from
 * that pair, which is within 0.5425 ULP.  Carrying th's rounding too (s th subtracted
 * by Fast2Sum, its error added with s tl) gave 0.5425 as well, at 1.12 times the time */
NK_INLINE float nk32_one_minus_exp(float x) {
    float r, th, tl;
    float s = nk32_exp_parts_q(x, 1, &r, &th, &tl);
    float a = 1.0f - s, b = s * r;
    float v = a - b, e = ((a - v) - b) + ((1.0f - a) - s);
    return v + NK_FMAF(-s, th + tl, e);
}

/* a float32 pair (ah, al) with ah + al = a to 2^-48 (a parameter given as a double) */
NK_INLINE void nk32_split_param(double a, float *ah, float *al) {
    float h = (float)a;
    *ah = h;
    *al = (float)(a - (double)h);
}

/* a + (bh + bl) = *h + *l for |bh| <= |a| and |bl| <= ulp(bh) / 2 (Fast2Sum, the
 * second float added to the exact error) */
NK_INLINE void nk32_add_exact(float a, float bh, float bl, float *h, float *l) {
    float v = a + bh;
    *h = v;
    *l = ((a - v) + bh) + bl;
}

/* 1 / (dh + dl) = q (1 + u), for |dl| < ulp(dh): q = 1 / dh rounded, and u =
 * (1 - q dh) - q dl with one rounding (the first term is exact in the fused
 * multiply-add, the second fused into it); returns u */
NK_INLINE float nk32_recip_u(float dh, float dl, float *q) {
    float r = 1.0f / dh;
    *q = r;
    return NK_FMAF(-r, dl, NK_FMAF(-r, dh, 1.0f));
}

/* 1 / (dh + dl) = *q + *ql, for |dl| < ulp(dh) */
NK_INLINE void nk32_recip(float dh, float dl, float *q, float *ql) {
    *ql = nk32_recip_u(dh, dl, q) * *q;
}

/* (nh + nl) / (dh + dl) = q + u r, given r = 1 / dh rounded: q = nh r rounded and
 * u = ((nh - q dh) + nl) - q dl, the product q dh exact in the first fused multiply-add
 * and q dl fused into the last; returns u */
NK_INLINE float nk32_div_u(float nh, float nl, float dh, float dl, float r, float *q) {
    float v = nh * r;
    *q = v;
    return NK_FMAF(-v, dl, NK_FMAF(-v, dh, nh) + nl);
}

/* (nh + nl) / (dh + dl) = *q + *ql, given r = 1 / dh rounded */
NK_INLINE void nk32_div(float nh, float nl, float dh, float dl, float r, float *q, float *ql) {
    *ql = nk32_div_u(nh, nl, dh, dl, r, q) * r;
}

/* the same rounded once: q + u r in one fused multiply-add */
NK_INLINE float nk32_div_round(float nh, float nl, float dh, float dl, float r) {
    float q, u = nk32_div_u(nh, nl, dh, dl, r, &q);
    return NK_FMAF(u, r, q);
}

/* (ah + al)(bh + bl) rounded once, for a product that is a normal float: ah bh exact in
 * the fused multiply-add and the cross terms added to it (their rounding and the
 * dropped al bl are near 2^-48 of the product) */
NK_INLINE float nk32_mul_round_normal(float ah, float al, float bh, float bl) {
    return NK_FMAF(ah, bh, NK_FMAF(al, bh, ah * bl));
}

/* (ah + al)(bh + bl) = *p + *pl */
NK_INLINE void nk32_mul(float ah, float al, float bh, float bl, float *p, float *pl) {
    float v = ah * bh;
    *p = v;
    *pl = NK_FMAF(ah, bh, -v) + (ah * bl + al * bh);
}

/* e = exp(-|x|) = eh + el (normalized), for |x| <= NK32_EXP_LIMIT */
NK_INLINE void nk32_exp_neg_abs(float x, float *eh, float *el) {
    float sc, h, l;
    nk32_exp(-fabsf(x), &sc, &h, &l);
    *eh = sc * h;  /* exact */
    *el = sc * l;
}

/* e + ll (|ll| < 0.07 e) renormalized as eh + el, and 1 + e + ll as v + l: v = 1 + e
 * rounded, l its error (TwoSum: either may be the larger; exp(-x) runs from 2^-126 to
 * 2^126) plus ll, not renormalized (the callers round v + l themselves) */
NK_INLINE void nk32_one_plus_pair(float e, float ll, float *eh, float *el, float *v, float *l) {
    float eh_ = e + ll;
    *eh = eh_;
    *el = (e - eh_) + ll;
    float v_ = 1.0f + e;
    *v = v_;
    *l = nk32_two_sum_err(1.0f, e, v_) + ll;
}

/* exp(-x) = eh + el and 1 + exp(-x) = dh + dl (both normalized), for sigma(x) =
 * 1 / (1 + exp(-x)) and sigma'(x) = exp(-x) / (1 + exp(-x))^2 (nk32_sigma_d:
 * logistic and swish), |x| <= NK32_EXP_LIMIT: -x = k ln2 + r + c with
 * r = -x - k NK32_LN2_HI (exact, as in nk32_exp_parts) and c = -k NK32_LN2_LO
 * (|c| < 2^-22), so exp(-x) = 2^k exp(r) (1 + c) to 2^-44, and exp(r) (1 + c) =
 * (1 + r) + (r^2 Q(r) + c (1 + r)) = hh + tail with hh = 1 + r rounded and the rest in
 * tail (|tail| < 0.07).  e = 2^k hh is added to 1 by TwoSum (either may be the larger:
 * exp(-x) runs from 2^-126 to 2^126), and 2^k tail to its error, then the sum is
 * renormalized; e and 2^k tail, renormalized, are exp(-x) (a loop of values drops those
 * steps).  Q's four highest terms are taken in two pairs joined by r^2 (Estrin's
 * scheme) and its last two steps by Horner's: a chain one multiply-add shorter than
 * Horner's throughout (logistic's float32 derivative took 2% less time on AVX2, its
 * value the same), with its final rounding (Estrin's scheme throughout rounds
 * three times near 2^-25 of Q: measured up to 0.04 ULP more, logistic 0.7891 and swish
 * 0.8247).  Against nk32_exp_neg_abs, four rounding errors are not carried (of Q's
 * steps, r^2, r^2 Q and the tail: each at most 2^-27.2 of e, about 2^-25.6 together);
 * the relative error of sigma is e / (1 + e) times e's, that of sigma'
 * |1 - e| / (1 + e) times e's, which bounds sigma, x sigma and sigma' near 0.85 ULP
 * instead of 0.62 (measured at most 0.7502, 0.8113 and 0.7542 on every float in
 * [-80, 80]).  Taking exp(-x) rather than exp(-|x|) makes both signs one formula,
 * 1 / (1 + e): no division of e by 1 + e below 0 and no selects (15-20% faster than
 * the exp(-|x|) form, measured) */
NK_INLINE void nk32_exp_neg_short(float x, float *eh, float *el, float *dh, float *dl) {
    float a = -x;
    float ks = NK_FMAF(a, NK32_INV_LN2, NK32_SHIFT), k = ks - NK32_SHIFT;
    float r = NK_FMAF(-k, NK32_LN2_HI, a);  /* exact */
    float c = -k * NK32_LN2_LO;
    const float *Q = NK32_EXP_Q;
    float r2 = r * r;
    float qa = NK_FMAF(Q[0], r, Q[1]), qb = NK_FMAF(Q[2], r, Q[3]);
    float q = NK_FMAF(NK_FMAF(NK_FMAF(qa, r2, qb), r, Q[4]), r, Q[5]);  /* Q(r) */
    float hh = 1.0f + r;
    float tail = ((1.0f - hh) + r) + NK_FMAF(r2, q, NK_FMAF(c, r, c));  /* (1 - hh) + r exact */
    float sc = nk32_from_bits((nk32_bits(ks) - nk32_bits(NK32_SHIFT) + 127u) << 23);
    float v, l;
    nk32_one_plus_pair(sc * hh, sc * tail, eh, el, &v, &l);  /* both products exact */
    float w = v + l;  /* renormalized */
    *dh = w;
    *dl = (v - w) + l;
}

/* exp(-x) = e + ll from a table (the AVX-512 loops of logistic, swish and tanh, which
 * look it up by an in-register permute: nk32_exp_neg_table16, the same operations): -x =
 * k ln2/32 + r with r = -x - k NK32_LN2_32_HI exact and then less k NK32_LN2_32_LO
 * (rounded, |r| <= ln2/64 + 2^-22), exp(r) = 1 + p with p = r + r^2/2 + r^3/6 (the rest
 * below 2^-30.7), and 2^(k/32) = 2^m (th + tl) from NK32_EXP2 (m = floor(k/32)): e =
 * 2^m th exact and ll = 2^m (th p + tl) (one rounding, |th p + tl| < 0.023 th).  About
 * 2^-28.5 relative, against the short exp's 2^-25.6, in eight operations fewer */
NK_INLINE void nk32_exp_neg_table(float x, float *e, float *ll) {
    float ks = NK_FMAF(x, -NK32_INV_LN2_32, NK32_SHIFT), kf = ks - NK32_SHIFT;
    float r = NK_FMAF(-kf, NK32_LN2_32_HI, -x);  /* exact */
    r = NK_FMAF(-kf, NK32_LN2_32_LO, r);
    float p = NK_FMAF(r * r, NK_FMAF(r, 0x1.555556p-3f, 0.5f), r);
    uint32_t j = nk32_bits(ks) & 31u;
    float th = NK32_EXP2[j], tl = NK32_EXP2[32 + j];
    int32_t m = (int32_t)floorf(kf * 0x1p-5f);
    float sc = nk32_from_bits((uint32_t)(m + 127) << 23);  /* 2^m, normal for |x| <= 80 */
    *e = th * sc;
    *ll = NK_FMAF(th, p, tl) * sc;
}

/* sigma(x) = 1 / (1 + exp(-x)) for |x| <= NK32_EXP_LIMIT: returns it rounded once,
 * s (1 + u) with one fused multiply-add, and gives it as a pair s + sl, and 1 - sigma(x)
 * = e / (1 + e) as a pair t + tl (one division, one exp for both: sigma'(x) = sigma(x)
 * (1 - sigma(x)); a loop of values drops t and its steps, and sl).  nk32_sigma_from
 * is the part after the exponential (exp(-x) = eh + el, 1 + exp(-x) = dh + dl): the
 * second stage of the kernels built on it (k32b_NAME, _formulas.h) */
NK_INLINE float nk32_sigma_from(float eh, float el, float dh, float dl, float *s, float *sl,
                                float *t, float *tl) {
    float u = nk32_recip_u(dh, dl, s);
    *sl = u * *s;
    nk32_div(eh, el, dh, dl, *s, t, tl);
    return NK_FMAF(*s, u, *s);
}
NK_INLINE float nk32_sigma_d(float x, float *s, float *sl, float *t, float *tl) {
    float eh, el, dh, dl;
    nk32_exp_neg_short(x, &eh, &el, &dh, &dl);
    return nk32_sigma_from(eh, el, dh, dl, s, sl, t, tl);
}

/* nk32_sigma_d's value alone (the float32 logistic's value, and softplus' and
 * log-sigmoid's derivatives: _formulas.h); inlined, the pairs it does not return are
 * dropped */
NK_INLINE float nk32_sigma_short(float x) {
    float s, sl, t, tl;
    return nk32_sigma_d(x, &s, &sl, &t, &tl);
}

/* the same from nk32_exp_neg_table (the scalar formula of the AVX-512 loops, in two
 * operations fewer): 1 + e + ll = v + l, v = 1 + e rounded and l = its error + ll
 * (|l| < 0.023 v), and w = v + l rounded; sigma = q (1 + u) with q = 1 / w and u =
 * 1 - q v - q l, the first product fused without its pair renormalized (that rounding
 * is at most 2^-30 of 1: |1 - q v| < 0.023); 1 - sigma from the pairs as above */
NK_INLINE float nk32_sigma_table(float x, float *s, float *sl, float *t, float *tl) {
    float e, ll, eh, el, v, l;
    nk32_exp_neg_table(x, &e, &ll);
    nk32_one_plus_pair(e, ll, &eh, &el, &v, &l);  /* |ll| < 0.023 e */
    float w = v + l, q = 1.0f / w;
    float u = NK_FMAF(-q, l, NK_FMAF(-q, v, 1.0f));
    *s = q;
    *sl = u * q;
    nk32_div(eh, el, w, (v - w) + l, q, t, tl);
    return NK_FMAF(q, u, q);
}

/* tanh'(a) = 1 - tanh(a)^2 for 0 <= a < TANH32_D_TOP (round(4a) <= 31, taken from the
 * low bits of 4a + 1.5 2^23) from 32 pieces of width 1/4 around j/4 (TANH32_D,
 * tools/fit_tables.py): with u = a - c for the piece's centre c,
 *     tanh' = d + (e u + u^2 R(u)),  R of degree 5,
 * d = tanh'(c) and e = tanh''(c) single floats: c is chosen where both lie within 2^-7
 * ULP of a float (Gal's accurate tables), so that neither needs a pair.  The product e u
 * is exact (its residual by a fused multiply-add) and added to d by Fast2Sum
 * (|e u| <= |d|/4), the u^2 term with the residual, then one rounding.  Above 7.875 the
 * relative change of tanh' over a piece of this width is too large for the degree; the
 * callers take another formula there (nk32_tanh_slope_far, below).  (float32 tanh' and
 * logistic' = tanh'(|x|/2)/4 with AVX-512; nk32_slope_pieces16 is its 16-lane twin) */
#define TANH32_D_TOP 7.875f
/* rows of 32 floats: c, tanh'(c), tanh''(c), then R's coefficients of u^0 .. u^5 */
static const float TANH32_D[288] = {
    0x0.0p+0f, 0x1.003b44p-2f, 0x1.ffeb18p-2f, 0x1.7ff508p-1f, 0x1.000132p+0f,
    0x1.40024ap+0f, 0x1.7ffc1ep+0f, 0x1.c00380p+0f, 0x1.0010f8p+1f,
    0x1.1ffee4p+1f, 0x1.3ffe3cp+1f, 0x1.5fff10p+1f, 0x1.800204p+1f,
    0x1.a0200ap+1f, 0x1.c0155cp+1f, 0x1.dfd6eep+1f, 0x1.ffe0dcp+1f,
    0x1.1013cep+2f, 0x1.20223ep+2f, 0x1.2fecb8p+2f, 0x1.4048dcp+2f,
    0x1.5020bap+2f, 0x1.60093ep+2f, 0x1.700bbep+2f, 0x1.80005ap+2f,
    0x1.900572p+2f, 0x1.9ffadcp+2f, 0x1.b00748p+2f, 0x1.c0356ap+2f,
    0x1.cfef6ap+2f, 0x1.df0ba6p+2f, 0x1.ef8922p+2f, 0x1.000000p+0f,
    0x1.e13bfap-1f, 0x1.92b0e0p-1f, 0x1.317c02p-1f, 0x1.ae0ab2p-2f,
    0x1.1f20b8p-2f, 0x1.72207cp-3f, 0x1.d220a2p-4f, 0x1.2118d4p-4f,
    0x1.641694p-5f, 0x1.b3bbbep-6f, 0x1.09ab82p-6f, 0x1.434030p-7f,
    0x1.882b7ap-8f, 0x1.dc98f2p-9f, 0x1.226196p-9f, 0x1.6030c4p-10f,
    0x1.a98042p-11f, 0x1.01aa8ep-11f, 0x1.3aa4d8p-12f, 0x1.796fa2p-13f,
    0x1.cc1e28p-14f, 0x1.17e1fcp-14f, 0x1.536a72p-15f, 0x1.9c4ef0p-16f,
    0x1.f3d8cap-17f, 0x1.2f90bap-17f, 0x1.6fafa2p-18f, 0x1.bb8582p-19f,
    0x1.0f516ep-19f, 0x1.5267a2p-20f, 0x1.944406p-21f, 0x0.0p+0f,
    -0x1.d7dcb2p-2f, -0x1.742158p-1f, -0x1.840694p-1f, -0x1.478546p-1f,
    -0x1.e72324p-2f, -0x1.4f0408p-2f, -0x1.b6cdc8p-3f, -0x1.16b542p-3f,
    -0x1.5c4356p-4f, -0x1.ade670p-5f, -0x1.0781d8p-5f, -0x1.41a702p-6f,
    -0x1.86fea4p-7f, -0x1.dbbaecp-8f, -0x1.220f32p-8f, -0x1.5ff42ep-9f,
    -0x1.a9540cp-10f, -0x1.019a58p-10f, -0x1.3a98c2p-11f, -0x1.7966f0p-12f,
    -0x1.cc17b2p-13f, -0x1.17df98p-13f, -0x1.5368b0p-14f, -0x1.9c4da4p-15f,
    -0x1.f3d7d6p-16f, -0x1.2f9060p-16f, -0x1.6faf60p-17f, -0x1.bb8552p-18f,
    -0x1.0f515cp-18f, -0x1.526794p-19f, -0x1.9443fcp-20f, -0x1.000000p+0f,
    -0x1.8a7bb4p-1f, -0x1.218c6ep-2f, 0x1.00abbap-3f, 0x1.3e4772p-2f,
    0x1.4cb9a8p-2f, 0x1.0dca20p-2f, 0x1.828f1ep-3f, 0x1.027d7ap-3f,
    0x1.4cdee2p-4f, 0x1.a259d0p-5f, 0x1.033546p-5f, 0x1.3e77aep-6f,
    0x1.84a652p-7f, 0x1.d9ff7cp-8f, 0x1.216a8ep-8f, 0x1.5f7b12p-9f,
    0x1.a8fba6p-10f, 0x1.0179eep-10f, 0x1.3a8096p-11f, 0x1.79558cp-12f,
    0x1.cc0ac6p-13f, 0x1.17dad0p-13f, 0x1.53652cp-14f, 0x1.9c4b0cp-15f,
    0x1.f3d5eep-16f, 0x1.2f8facp-16f, 0x1.6faedcp-17f, 0x1.bb84f2p-18f,
    0x1.0f5138p-18f, 0x1.526778p-19f, 0x1.9443e8p-20f, 0x1.afe9c8p-23f,
    0x1.1e388ap-1f, 0x1.51473ep-1f, 0x1.98b180p-2f, 0x1.c5f760p-4f,
    -0x1.9c9622p-5f, -0x1.9901c0p-4f, -0x1.8153bep-4f, -0x1.24eceep-4f,
    -0x1.93cc3cp-5f, -0x1.07bbd2p-5f, -0x1.4e406cp-6f, -0x1.a02d7ap-7f,
    -0x1.fff7a4p-8f, -0x1.39b19cp-8f, -0x1.802ce6p-9f, -0x1.d36160p-10f,
    -0x1.1adca0p-10f, -0x1.56f6d2p-11f, -0x1.a315aep-12f, -0x1.f6ee5ep-13f,
    -0x1.32a0a0p-13f, -0x1.751700p-14f, -0x1.c47d86p-15f, -0x1.12d93ep-15f,
    -0x1.4d36bep-16f, -0x1.94bdb0p-17f, -0x1.ea3d1ap-18f, -0x1.27ad76p-18f,
    -0x1.69c140p-19f, -0x1.c33456p-20f, -0x1.0d8280p-20f, 0x1.5552dep-1f,
    0x1.71da02p-2f, -0x1.1679fep-3f, -0x1.47dc40p-2f, -0x1.da2cdcp-3f,
    -0x1.890a06p-4f, -0x1.b4306cp-7f, 0x1.2ed4b4p-6f, 0x1.87a404p-6f,
    0x1.46baf6p-6f, 0x1.d42d70p-7f, 0x1.37d8b8p-7f, 0x1.8f6d70p-8f,
    0x1.f390d6p-9f, 0x1.351918p-9f, 0x1.7cc170p-10f, 0x1.d0dc8ap-11f,
    0x1.19f118p-11f, 0x1.5649f2p-12f, 0x1.a294b2p-13f, 0x1.f6917cp-14f,
    0x1.327e12p-14f, 0x1.74fd62p-15f, 0x1.c46a9ep-16f, 0x1.12d23ap-16f,
    0x1.4d318cp-17f, 0x1.94b9cep-18f, 0x1.ea3a30p-19f, 0x1.27ac5ep-19f,
    0x1.69c062p-20f, 0x1.c333a2p-21f, 0x1.0d8236p-21f, 0x1.529908p-11f,
    -0x1.aa7270p-2f, -0x1.35afd4p-2f, -0x1.8e3b5cp-8f, 0x1.d10abcp-4f,
    0x1.75564cp-4f, 0x1.5cc75ep-5f, 0x1.85124cp-7f, -0x1.fbe6a2p-11f,
    -0x1.222076p-8f, -0x1.1aed96p-8f, -0x1.acbed6p-9f, -0x1.251430p-9f,
    -0x1.7bf61ap-10f, -0x1.dfeb34p-11f, -0x1.2b264ap-11f, -0x1.6fde10p-12f,
    -0x1.c02a6ep-13f, -0x1.10c036p-13f, -0x1.4e0f84p-14f, -0x1.9178aep-15f,
    -0x1.e9f48cp-16f, -0x1.2a3b6ep-16f, -0x1.69d0c4p-17f, -0x1.b7a0a6p-18f,
    -0x1.0a85dep-18f, -0x1.43c1eap-19f, -0x1.882a12p-20f, -0x1.d90fb8p-21f,
    -0x1.2165b0p-21f, -0x1.68f810p-22f, -0x1.af37d6p-23f, -0x1.8d1e46p-2f,
    -0x1.a74cb2p-4f, 0x1.942dbap-3f, 0x1.358a2cp-3f, 0x1.22b51cp-6f,
    -0x1.092f82p-5f, -0x1.c62e46p-6f, -0x1.bddaa8p-7f, -0x1.2d8e70p-8f,
    -0x1.702e6ep-11f, 0x1.1fdeccp-11f, 0x1.854de0p-11f, 0x1.416b3cp-11f,
    0x1.c6f634p-12f, 0x1.2ce058p-12f, 0x1.80e0a4p-13f, 0x1.e07c7ep-14f,
    0x1.27518ap-14f, 0x1.695e7ap-15f, 0x1.bbfcfep-16f, 0x1.0b5004p-16f,
    0x1.469aa4p-17f, 0x1.8de152p-18f, 0x1.e2e9fep-19f, 0x1.2575b6p-19f,
    0x1.63dfd0p-20f, 0x1.b05636p-21f, 0x1.05dbb8p-21f, 0x1.3be2a2p-22f,
    0x1.827eecp-23f, 0x1.e1f532p-24f, 0x1.1fef84p-24f, 0x1.27962cp-4f,
    0x1.ea9986p-3f, 0x1.08a864p-4f, -0x1.4fbe8ep-4f, -0x1.c2125ap-5f,
    -0x1.d9298ep-8f, 0x1.07551cp-7f, 0x1.c6e75ap-8f, 0x1.c42d60p-9f,
    0x1.4cd82ap-10f, 0x1.4435e4p-12f, -0x1.82d248p-16f, -0x1.a996e8p-14f,
    -0x1.92ea86p-14f, -0x1.2bf012p-14f, -0x1.961146p-15f, -0x1.05ef1ap-15f,
    -0x1.490b02p-16f, -0x1.979100p-17f, -0x1.f58aa4p-18f, -0x1.31b186p-18f,
    -0x1.74fe90p-19f, -0x1.c60e48p-20f, -0x1.13d842p-20f, -0x1.4f1392p-21f,
    -0x1.96a880p-22f, -0x1.eda594p-23f, -0x1.2b5df4p-23f, -0x1.6ab0bcp-24f,
    -0x1.b8f166p-25f, -0x1.0d5390p-25f, -0x1.457810p-26f,
};
/* the same scaled for logistic' = tanh'(|x|/2)/4 (tools/fit_tables.py): pieces of width
 * 1/2 around j/2 in a = |x|, every row of TANH32_D times a power of two, so that the
 * same operations on a give the bits of tanh'(a/2)/4 (no underflow: all normal) */
static const float LOGISTIC32_D[288] = {
    0x0.0p+0f, 0x1.003b44p-1f, 0x1.ffeb18p-1f, 0x1.7ff508p+0f, 0x1.000132p+1f,
    0x1.40024ap+1f, 0x1.7ffc1ep+1f, 0x1.c00380p+1f, 0x1.0010f8p+2f,
    0x1.1ffee4p+2f, 0x1.3ffe3cp+2f, 0x1.5fff10p+2f, 0x1.800204p+2f,
    0x1.a0200ap+2f, 0x1.c0155cp+2f, 0x1.dfd6eep+2f, 0x1.ffe0dcp+2f,
    0x1.1013cep+3f, 0x1.20223ep+3f, 0x1.2fecb8p+3f, 0x1.4048dcp+3f,
    0x1.5020bap+3f, 0x1.60093ep+3f, 0x1.700bbep+3f, 0x1.80005ap+3f,
    0x1.900572p+3f, 0x1.9ffadcp+3f, 0x1.b00748p+3f, 0x1.c0356ap+3f,
    0x1.cfef6ap+3f, 0x1.df0ba6p+3f, 0x1.ef8922p+3f, 0x1.000000p-2f,
    0x1.e13bfap-3f, 0x1.92b0e0p-3f, 0x1.317c02p-3f, 0x1.ae0ab2p-4f,
    0x1.1f20b8p-4f, 0x1.72207cp-5f, 0x1.d220a2p-6f, 0x1.2118d4p-6f,
    0x1.641694p-7f, 0x1.b3bbbep-8f, 0x1.09ab82p-8f, 0x1.434030p-9f,
    0x1.882b7ap-10f, 0x1.dc98f2p-11f, 0x1.226196p-11f, 0x1.6030c4p-12f,
    0x1.a98042p-13f, 0x1.01aa8ep-13f, 0x1.3aa4d8p-14f, 0x1.796fa2p-15f,
    0x1.cc1e28p-16f, 0x1.17e1fcp-16f, 0x1.536a72p-17f, 0x1.9c4ef0p-18f,
    0x1.f3d8cap-19f, 0x1.2f90bap-19f, 0x1.6fafa2p-20f, 0x1.bb8582p-21f,
    0x1.0f516ep-21f, 0x1.5267a2p-22f, 0x1.944406p-23f, 0x0.0p+0f,
    -0x1.d7dcb2p-5f, -0x1.742158p-4f, -0x1.840694p-4f, -0x1.478546p-4f,
    -0x1.e72324p-5f, -0x1.4f0408p-5f, -0x1.b6cdc8p-6f, -0x1.16b542p-6f,
    -0x1.5c4356p-7f, -0x1.ade670p-8f, -0x1.0781d8p-8f, -0x1.41a702p-9f,
    -0x1.86fea4p-10f, -0x1.dbbaecp-11f, -0x1.220f32p-11f, -0x1.5ff42ep-12f,
    -0x1.a9540cp-13f, -0x1.019a58p-13f, -0x1.3a98c2p-14f, -0x1.7966f0p-15f,
    -0x1.cc17b2p-16f, -0x1.17df98p-16f, -0x1.5368b0p-17f, -0x1.9c4da4p-18f,
    -0x1.f3d7d6p-19f, -0x1.2f9060p-19f, -0x1.6faf60p-20f, -0x1.bb8552p-21f,
    -0x1.0f515cp-21f, -0x1.526794p-22f, -0x1.9443fcp-23f, -0x1.000000p-4f,
    -0x1.8a7bb4p-5f, -0x1.218c6ep-6f, 0x1.00abbap-7f, 0x1.3e4772p-6f,
    0x1.4cb9a8p-6f, 0x1.0dca20p-6f, 0x1.828f1ep-7f, 0x1.027d7ap-7f,
    0x1.4cdee2p-8f, 0x1.a259d0p-9f, 0x1.033546p-9f, 0x1.3e77aep-10f,
    0x1.84a652p-11f, 0x1.d9ff7cp-12f, 0x1.216a8ep-12f, 0x1.5f7b12p-13f,
    0x1.a8fba6p-14f, 0x1.0179eep-14f, 0x1.3a8096p-15f, 0x1.79558cp-16f,
    0x1.cc0ac6p-17f, 0x1.17dad0p-17f, 0x1.53652cp-18f, 0x1.9c4b0cp-19f,
    0x1.f3d5eep-20f, 0x1.2f8facp-20f, 0x1.6faedcp-21f, 0x1.bb84f2p-22f,
    0x1.0f5138p-22f, 0x1.526778p-23f, 0x1.9443e8p-24f, 0x1.afe9c8p-28f,
    0x1.1e388ap-6f, 0x1.51473ep-6f, 0x1.98b180p-7f, 0x1.c5f760p-9f,
    -0x1.9c9622p-10f, -0x1.9901c0p-9f, -0x1.8153bep-9f, -0x1.24eceep-9f,
    -0x1.93cc3cp-10f, -0x1.07bbd2p-10f, -0x1.4e406cp-11f, -0x1.a02d7ap-12f,
    -0x1.fff7a4p-13f, -0x1.39b19cp-13f, -0x1.802ce6p-14f, -0x1.d36160p-15f,
    -0x1.1adca0p-15f, -0x1.56f6d2p-16f, -0x1.a315aep-17f, -0x1.f6ee5ep-18f,
    -0x1.32a0a0p-18f, -0x1.751700p-19f, -0x1.c47d86p-20f, -0x1.12d93ep-20f,
    -0x1.4d36bep-21f, -0x1.94bdb0p-22f, -0x1.ea3d1ap-23f, -0x1.27ad76p-23f,
    -0x1.69c140p-24f, -0x1.c33456p-25f, -0x1.0d8280p-25f, 0x1.5552dep-7f,
    0x1.71da02p-8f, -0x1.1679fep-9f, -0x1.47dc40p-8f, -0x1.da2cdcp-9f,
    -0x1.890a06p-10f, -0x1.b4306cp-13f, 0x1.2ed4b4p-12f, 0x1.87a404p-12f,
    0x1.46baf6p-12f, 0x1.d42d70p-13f, 0x1.37d8b8p-13f, 0x1.8f6d70p-14f,
    0x1.f390d6p-15f, 0x1.351918p-15f, 0x1.7cc170p-16f, 0x1.d0dc8ap-17f,
    0x1.19f118p-17f, 0x1.5649f2p-18f, 0x1.a294b2p-19f, 0x1.f6917cp-20f,
    0x1.327e12p-20f, 0x1.74fd62p-21f, 0x1.c46a9ep-22f, 0x1.12d23ap-22f,
    0x1.4d318cp-23f, 0x1.94b9cep-24f, 0x1.ea3a30p-25f, 0x1.27ac5ep-25f,
    0x1.69c062p-26f, 0x1.c333a2p-27f, 0x1.0d8236p-27f, 0x1.529908p-18f,
    -0x1.aa7270p-9f, -0x1.35afd4p-9f, -0x1.8e3b5cp-15f, 0x1.d10abcp-11f,
    0x1.75564cp-11f, 0x1.5cc75ep-12f, 0x1.85124cp-14f, -0x1.fbe6a2p-18f,
    -0x1.222076p-15f, -0x1.1aed96p-15f, -0x1.acbed6p-16f, -0x1.251430p-16f,
    -0x1.7bf61ap-17f, -0x1.dfeb34p-18f, -0x1.2b264ap-18f, -0x1.6fde10p-19f,
    -0x1.c02a6ep-20f, -0x1.10c036p-20f, -0x1.4e0f84p-21f, -0x1.9178aep-22f,
    -0x1.e9f48cp-23f, -0x1.2a3b6ep-23f, -0x1.69d0c4p-24f, -0x1.b7a0a6p-25f,
    -0x1.0a85dep-25f, -0x1.43c1eap-26f, -0x1.882a12p-27f, -0x1.d90fb8p-28f,
    -0x1.2165b0p-28f, -0x1.68f810p-29f, -0x1.af37d6p-30f, -0x1.8d1e46p-10f,
    -0x1.a74cb2p-12f, 0x1.942dbap-11f, 0x1.358a2cp-11f, 0x1.22b51cp-14f,
    -0x1.092f82p-13f, -0x1.c62e46p-14f, -0x1.bddaa8p-15f, -0x1.2d8e70p-16f,
    -0x1.702e6ep-19f, 0x1.1fdeccp-19f, 0x1.854de0p-19f, 0x1.416b3cp-19f,
    0x1.c6f634p-20f, 0x1.2ce058p-20f, 0x1.80e0a4p-21f, 0x1.e07c7ep-22f,
    0x1.27518ap-22f, 0x1.695e7ap-23f, 0x1.bbfcfep-24f, 0x1.0b5004p-24f,
    0x1.469aa4p-25f, 0x1.8de152p-26f, 0x1.e2e9fep-27f, 0x1.2575b6p-27f,
    0x1.63dfd0p-28f, 0x1.b05636p-29f, 0x1.05dbb8p-29f, 0x1.3be2a2p-30f,
    0x1.827eecp-31f, 0x1.e1f532p-32f, 0x1.1fef84p-32f, 0x1.27962cp-13f,
    0x1.ea9986p-12f, 0x1.08a864p-13f, -0x1.4fbe8ep-13f, -0x1.c2125ap-14f,
    -0x1.d9298ep-17f, 0x1.07551cp-16f, 0x1.c6e75ap-17f, 0x1.c42d60p-18f,
    0x1.4cd82ap-19f, 0x1.4435e4p-21f, -0x1.82d248p-25f, -0x1.a996e8p-23f,
    -0x1.92ea86p-23f, -0x1.2bf012p-23f, -0x1.961146p-24f, -0x1.05ef1ap-24f,
    -0x1.490b02p-25f, -0x1.979100p-26f, -0x1.f58aa4p-27f, -0x1.31b186p-27f,
    -0x1.74fe90p-28f, -0x1.c60e48p-29f, -0x1.13d842p-29f, -0x1.4f1392p-30f,
    -0x1.96a880p-31f, -0x1.eda594p-32f, -0x1.2b5df4p-32f, -0x1.6ab0bcp-33f,
    -0x1.b8f166p-34f, -0x1.0d5390p-34f, -0x1.457810p-35f,
};
/* the pair h + hl = c1 + c2 u + u^2 Q(u), u = a - c, of the piece whose column of a
 * table starts at t (rows of 32: c, c1, c2, then Q's coefficients of u^0 .. u^(top - 3);
 * TANH32_D, LOGISTIC32_D, and TANH32_T and TANHSHRINK32_G in _formulas.h): c2 u exact
 * (its residual) and added to c1 by Fast2Sum (|c2 u| <= |c1|, or c1 = 0) */
NK_INLINE void nk32_piece_pair(float a, const float *t, int top, float *h, float *hl) {
    float u = a - t[0], q = t[top * 32];
    for (int k = top - 1; k >= 3; k--) q = NK_FMAF(q, u, t[k * 32]);
    float p = u * t[2 * 32], pe = NK_FMAF(u, t[2 * 32], -p);
    *h = t[32] + p;
    *hl = ((t[32] - *h) + p) + NK_FMAF(u, u * q, pe);
}

/* the pieces of table T (TANH32_D or LOGISTIC32_D) at a, round(a k) the piece */
NK_INLINE float nk32_slope_pieces(float a, const float *T, float k) {
    float kk = NK_FMAF(a, k, 0x1.8p23f);  /* round(a k) in the low bits */
    uint32_t b;
    memcpy(&b, &kk, sizeof b);
    float h, hl;
    nk32_piece_pair(a, T + (b & 31), 8, &h, &hl);
    return h + hl;
}
NK_INLINE float nk32_tanh_slope(float a) { return nk32_slope_pieces(a, TANH32_D, 4.0f); }

/* tanh'(a) for TANH32_D_TOP <= a <= 40: e = exp(-2a) <= 1.5e-7, and tanh' = 4e/(1 + e)^2
 * = 4e (1 - 2e) to 3e^2 (2^-43) relative, from nk32_exp_neg_table's pair e + ll
 * (2^-28.5): 4 (e + (ll - 2e^2)) rounded once, every result normal */
NK_INLINE float nk32_tanh_slope_far(float a) {
    float e, ll;
    nk32_exp_neg_table(2.0f * a, &e, &ll);
    return 4.0f * (e + NK_FMAF(-2.0f * e, e, ll));
}

/* log1p(e) = *lh + *ll for 0 < e <= 1 given as a pair (|el| <= ulp(e) / 2), to about
 * 2^-30 relative: 1 + e = 2^k (1 + f) with f = e (k = 0, e <= 1/2) or (e - 1) / 2
 * (k = 1), both exact, and log(1 + f) = 2 atanh(s) = 2s + s^3 P(s^2) with
 * s = f / (2 + f) as a pair, |s| <= 1/5, P the Taylor polynomial 2/3 + 2z/5 + ... +
 * 2z^4/11 (truncation below 2^-31 of the result) */
NK_INLINE void nk32_log1p_01(float e, float el, float *lh, float *ll) {
    int big = e > 0.5f;
    float fh = big ? 0.5f * (e - 1.0f) : e, fl = big ? 0.5f * el : el;  /* exact */
    float dh, dl, sh, sl;
    nk32_add_exact(2.0f, fh, fl, &dh, &dl);
    nk32_div(fh, fl, dh, dl, 1.0f / dh, &sh, &sl);
    float z = sh * sh;
    float p = NK_FMAF(z, 2.0f / 11.0f, 2.0f / 9.0f);
    p = NK_FMAF(p, z, 2.0f / 7.0f);
    p = NK_FMAF(p, z, 2.0f / 5.0f);
    p = NK_FMAF(p, z, 2.0f / 3.0f);
    float k = big ? 1.0f : 0.0f;
    float a = k * NK32_LN2_HI, b = 2.0f * sh;                   /* both exact */
    float hh = a + b, he = nk32_two_sum_err(a, b, hh);
    float rest = he + (NK_FMAF(sh * z, p, 2.0f * sl) + k * NK32_LN2_LO);
    float v = hh + rest;                                        /* renormalized */
    *lh = v;
    *ll = (hh - v) + rest;
}

/* (ah + al)(b + bl) rounded once, to about 2^-46 before the rounding, where the
 * product is a normal float above 2^-100 (below, the residual is not exact: the
 * kernels keep such arguments out of their range) or b is a zero (then ah b, whose
 * sign -0 + 0 would lose) */
NK_INLINE float nk32_mul_round(float ah, float al, float b, float bl) {
    float v = ah * b;
    float w = v + (NK_FMAF(ah, b, -v) + (ah * bl + al * b));
    return b == 0.0f ? v : w;
}

/* (ah + al) b rounded once: ah b exact in the fused multiply-add, al b (at most about
 * 2^-23 of it) rounded first, an error near 2^-47 of the result before the rounding,
 * where the product is a normal float above 2^-100.  Two operations against
 * nk32_mul_round's six and its select: for b = ±0 the zero of ah b comes out if al b
 * has its sign (al >= 0 for ah > 0, as sigma's pair at x = ±0, where al = +0) */
NK_INLINE float nk32_mul1_round(float ah, float al, float b) {
    return NK_FMAF(ah, b, al * b);
}

/* f(x) near a root x0 of f as (x - x0) P(t), t = x - x0h exact (x0h = x0 rounded to
 * float, x near it): the table P holds x0h, x0h - x0 (rounded), then P's coefficients
 * c0, c0 lo, c1, c1 lo, c2 .. c6 (tools/fit_tables.py: GELU32_ROOT_P, SWISH32_ROOT_P),
 * P(t) = S + pl with its first two terms as pairs, and the result (t + (x0h - x0))
 * (S + pl) rounded once, given t */
NK_INLINE float nk32_root_poly(float tr, const float *P) {
    float pr = P[10];
    for (int k = 9; k >= 6; k--) pr = NK_FMAF(pr, tr, P[k]);
    pr = NK_FMAF(pr, tr, P[5]);
    float pt = tr * P[4], pte = NK_FMAF(tr, P[4], -pt);
    float ps = P[2] + pt, pse = (P[2] - ps) + pt;  /* Fast2Sum: |pt| < c0 */
    float pl = NK_FMAF(pr, tr, P[3] + (pse + pte));
    float rb = tr * ps, rbe = NK_FMAF(tr, ps, -rb);
    return rb + NK_FMAF(P[1], ps + pl, NK_FMAF(tr, pl, rbe));
}

/* NAME(tr, P): nk32_root_poly of the lanes of a vector type V, with the intrinsics of
 * prefix MM (_mm256, _mm512) and the broadcast SET: the same operations, explicitly
 * fused (nk32_root_poly8, nk32_root_poly16) */
#define NK32_DEFINE_ROOT_POLY(NAME, V, MM, SET)                                         \
    NK_INLINE V NAME(V tr, const float *P) {                                            \
        V pr = SET(P[10]);                                                              \
        for (int k = 9; k >= 6; k--) pr = MM##_fmadd_ps(pr, tr, SET(P[k]));             \
        pr = MM##_fmadd_ps(pr, tr, SET(P[5]));                                          \
        V pt = MM##_mul_ps(tr, SET(P[4])), pte = MM##_fmsub_ps(tr, SET(P[4]), pt);      \
        V ps = MM##_add_ps(SET(P[2]), pt);                                              \
        V pse = MM##_add_ps(MM##_sub_ps(SET(P[2]), ps), pt);                            \
        V pl = MM##_fmadd_ps(pr, tr, MM##_add_ps(SET(P[3]), MM##_add_ps(pse, pte)));    \
        V rb = MM##_mul_ps(tr, ps), rbe = MM##_fmsub_ps(tr, ps, rb);                    \
        return MM##_add_ps(rb, MM##_fmadd_ps(SET(P[1]), MM##_add_ps(ps, pl),            \
                                             MM##_fmadd_ps(tr, pl, rbe)));              \
    }

/* the same of x, with t clipped to [-bound, bound] to keep the arithmetic of other
 * elements finite (NaN: the bound) where x is unbounded.  GCC turns a clip before a
 * polynomial into the polynomial's values at the bounds and selects among the three
 * (about twenty more instructions in a vectorized loop): a kernel whose x is bounded
 * takes nk32_root_poly(x - P[0], P) instead */
NK_INLINE float nk32_near_root(float x, const float *P, float bound) {
    float tr = x - P[0];
    tr = tr > -bound ? tr : -bound;
    tr = tr < bound ? tr : bound;
    return nk32_root_poly(tr, P);
}

#endif
