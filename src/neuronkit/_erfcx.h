/*
 * neuronkit/_erfcx.h: the scaled complementary error function erfcx(a) = exp(a^2) erfc(a)
 * for a >= 0, on which the exact GELU is built (_formulas.h, k_gelu).
 *
 * Full precision (float64 results): the algorithm and tables of neuronkit/_erf.py.
 * set_erfcx_tables() hands the tables over from there, so there is one copy of them:
 * below ERFCX_TABLE_END a polynomial per interval of width ERFCX_STEP, above it the
 * asymptotic series in 1/a^2.  erfcx_block evaluates a block of GELU's arguments; the
 * AVX-512 version looks the table up with in-register permutes and packs the tail's
 * few elements with vcompresspd / vexpandpd (the compression register to register,
 * then a whole-register store: its form that stores to memory is microcoded on AMD
 * Zen 4, where it took nearly half of float64 GELU's time); the AVX2 version loads each
 * lane's interval as a row (erf_tables.rows) and transposes four rows in registers, and
 * notes the tail's elements as it meets them.  Every version performs
 * the same floating-point operations in the same order (multiply-adds fused where the
 * target has FMA), so the AVX2 and AVX-512 results agree bit for bit
 * (tests/test_compiled.py compares the instruction sets).
 *
 * Float32 results: erfcx_lo, one polynomial in a rational variable (ERFCX_LO).
 */
#ifndef NEURONKIT_ERFCX_H
#define NEURONKIT_ERFCX_H

#include <stddef.h>
#include <stdint.h>

#include "_kernels_api.h"
#include "_numerics.h"
#include "_vmath.h"

extern struct erf_tables nk_erf;  /* defined in _ckernels.c */

#define ERFCX_TABLE_END 3.875   /* the table covers 0 <= a < 3.875, the tail the rest */
#define ERFCX_PER_UNIT 4.0      /* intervals per unit of a ... */
#define ERFCX_STEP 0.25         /* ... each this wide, centred at i ERFCX_STEP */
#define ERFCX_ZERO_BELOW 0x1p-60 /* smaller a are taken as 0 (erfcx(a) rounds to 1) */
#define ERFCX_LO_MAX 11.0       /* erfcx_lo clips a here (see there) */
/* GELU clips x to [-50, 50] (beyond, x Phi(x) is 0 or x and its slope 0 or 1) */
#define GELU_CLIP 50.0

/* erfcx(a) for 0 <= a < ERFCX_TABLE_END (and 0 for other a, NaN included): the
 * polynomial of interval i = floor(4a + 1/2), centred at i / 4 */
NK_INLINE double erfcx_table(double a, const struct erf_tables *T) {
    double at = a < ERFCX_TABLE_END ? a : 0.0;
    double y = at * ERFCX_PER_UNIT + 0.5, ys = y + NK_SHIFT, yn = ys - NK_SHIFT;  /* rint(y) */
    double fl = yn > y ? yn - 1.0 : yn;  /* floor(y) */
    int64_t i = (int64_t)(nk_bits(fl + NK_SHIFT) - nk_bits(NK_SHIFT));
    double h = at - ERFCX_STEP * fl;  /* exact */
    double acc = T->poly[ERF_DEG - 1][i];
    for (int k = ERF_DEG - 2; k >= 0; k--) acc = NK_MADD(acc, h, T->poly[k][i]);
    acc = NK_MADD(acc, h, T->a0_lo[i]);
    return T->a0_hi[i] + acc;
}

/* erfcx(a) for a >= ERFCX_TABLE_END (and NaN): the asymptotic series in 1/a^2 */
NK_INLINE double erfcx_tail(double a, const struct erf_tables *T) {
    double aa = a < ERFCX_TABLE_END ? ERFCX_TABLE_END : a;  /* NaN passes */
    double inv = 1.0 / aa, t = inv * inv, r = T->tail[0];  /* one division, not three */
    for (int k = 1; k < ERF_NTAIL; k++) r = r * t + T->tail[k];
    r = r * t - 0.5;
    r = r * t;
    /* q + ql = K / aa: q within an ulp, ql from its exact residual (K_HI - q aa) */
    double q = T->k_hi * inv, pr = q * aa, pe = two_prod_err(q, aa, pr);
    double ql = (((T->k_hi - pr) - pe) + T->k_lo) * inv;
    return q + (r * q + ql);
}

/* erfcx(a) for a >= 0, one element at a time */
NK_INLINE double erfcx_pos(double a, const struct erf_tables *T) {
    a = a < ERFCX_ZERO_BELOW ? 0.0 : a;
    return a < ERFCX_TABLE_END ? erfcx_table(a, T) : erfcx_tail(a, T);
}

/* erfcx(a) for 0 <= a <= ERFCX_LO_MAX to a relative 9e-11 (checked against mpmath in
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
    double ac = a < ERFCX_LO_MAX ? a : ERFCX_LO_MAX;  /* NaN passes */
    double t = 4.0 / (4.0 + ac), s = (t - 0x1.4444444444444p-1) * 0x1.5d1745d1745d1p+1;
    return nk_horner(ERFCX_LO, 13, s) * t;
}

/* ---------------------------------------------------------------- blocks of GELU's arguments
 *
 * erfcx_block(x, out, n, s) stores erfcx(|clip(x, -GELU_CLIP, GELU_CLIP)| s) for the
 * n <= ERFCX_BLOCK elements of x: erfcx_table for every element, then erfcx_tail only
 * for the few that need it (a >= ERFCX_TABLE_END, or NaN), packed together so that the
 * tail too runs vectorized without being computed for the whole block. */
#define ERFCX_BLOCK 512

NK_INLINE double erfcx_arg(double x, double s) {
    double a = fabs(clampd(x, -GELU_CLIP, GELU_CLIP)) * s;
    return a < ERFCX_ZERO_BELOW ? 0.0 : a;
}

#if defined(__AVX512F__)
#include <immintrin.h>

/* the entries idx (0..15, in the low bits of each lane) of the 16 doubles at t: a
 * permute (vpermt2pd) instead of a gather, which is slow on recent Intel CPUs */
NK_INLINE __m512d nk_lookup16(const double *t, __m512i idx) {
    return _mm512_permutex2var_pd(_mm512_loadu_pd(t), idx, _mm512_loadu_pd(t + 8));
}

static void erfcx_block(const double *x, double *out, ptrdiff_t n, double s,
                        const struct erf_tables *T) {
    const __m512d zero = _mm512_setzero_pd(), one = _mm512_set1_pd(1.0);
    const __m512d shift = _mm512_set1_pd(NK_SHIFT), lim = _mm512_set1_pd(ERFCX_TABLE_END);
    double ta[ERFCX_BLOCK + 8];  /* (+ 8: the whole-register stores) */
    __mmask8 tails[ERFCX_BLOCK / 8];
    ptrdiff_t nt = 0;
    for (ptrdiff_t i = 0; i < n; i += 8) {
        __mmask8 m = n - i >= 8 ? 0xFF : (__mmask8)((1u << (n - i)) - 1u);
        __m512d xv = _mm512_maskz_loadu_pd(m, x + i);
        /* erfcx_arg (NaN passes: MINPD returns its second operand if either is NaN) */
        __m512d a = _mm512_mul_pd(_mm512_min_pd(_mm512_set1_pd(GELU_CLIP), _mm512_abs_pd(xv)),
                                  _mm512_set1_pd(s));
        a = _mm512_mask_mov_pd(
            a, _mm512_cmp_pd_mask(a, _mm512_set1_pd(ERFCX_ZERO_BELOW), _CMP_LT_OQ), zero);
        __mmask8 in = _mm512_cmp_pd_mask(a, lim, _CMP_LT_OQ), tm = (__mmask8)(m & ~in);
        tails[i / 8] = tm;
        _mm512_storeu_pd(ta + nt, _mm512_maskz_compress_pd(tm, a));
        nt += __builtin_popcount(tm);
        /* erfcx_table, step by step */
        __m512d at = _mm512_mask_mov_pd(zero, in, a);
        __m512d y = _mm512_add_pd(_mm512_mul_pd(at, _mm512_set1_pd(ERFCX_PER_UNIT)),
                                  _mm512_set1_pd(0.5));
        __m512d yn = _mm512_sub_pd(_mm512_add_pd(y, shift), shift);
        __m512d fl = _mm512_mask_sub_pd(yn, _mm512_cmp_pd_mask(yn, y, _CMP_GT_OQ), yn, one);
        __m512i idx = _mm512_castpd_si512(_mm512_add_pd(fl, shift));
        __m512d h = _mm512_sub_pd(at, _mm512_mul_pd(_mm512_set1_pd(ERFCX_STEP), fl));
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
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>

/* erfcx_table of 4 arguments a (erfcx_arg's) with AVX2: the same operations, each
 * lane's interval row (T->rows) loaded and four rows transposed in registers into the
 * coefficients of the four lanes.  GCC's generic tuning does not vectorize erfcx_table's
 * lookups: element by element they took three quarters of float64 GELU's time (22 ns an
 * element at 10^5 on an AMD EPYC with AVX2); a gather per coefficient brought GELU to
 * 15.9 ns, these loads and shuffles to 10.6, and noting the tail's arguments in the
 * same pass (below) to 8.5 */
_Static_assert(ERF_ROW == 16 && ERF_DEG == 12, "erfcx_table4 transposes four blocks of four");
NK_INLINE __m256d erfcx_table4(__m256d a, const struct erf_tables *T) {
    const __m256d shift = _mm256_set1_pd(NK_SHIFT);
    __m256d at = _mm256_and_pd(_mm256_cmp_pd(a, _mm256_set1_pd(ERFCX_TABLE_END), _CMP_LT_OQ), a);
    __m256d y = _mm256_add_pd(_mm256_mul_pd(at, _mm256_set1_pd(ERFCX_PER_UNIT)),
                              _mm256_set1_pd(0.5));
    __m256d yn = _mm256_sub_pd(_mm256_add_pd(y, shift), shift);
    __m256d fl = _mm256_blendv_pd(yn, _mm256_sub_pd(yn, _mm256_set1_pd(1.0)),
                                  _mm256_cmp_pd(yn, y, _CMP_GT_OQ));
    __m256i idx = _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(fl, shift)),
                                   _mm256_castpd_si256(shift));
    __m256d h = _mm256_sub_pd(at, _mm256_mul_pd(_mm256_set1_pd(ERFCX_STEP), fl));
    int64_t j[4];
    _mm256_storeu_si256((__m256i *)j, idx);
    const double *r0 = T->rows[j[0]], *r1 = T->rows[j[1]], *r2 = T->rows[j[2]],
                 *r3 = T->rows[j[3]];
    /* c[k]: coefficient k of the row (a0_hi, a0_lo, poly[0] ...) for the four lanes */
    __m256d c[ERF_ROW];
    for (int b = 0; b < ERF_ROW; b += 4) {
        __m256d A = _mm256_loadu_pd(r0 + b), B = _mm256_loadu_pd(r1 + b);
        __m256d C = _mm256_loadu_pd(r2 + b), D = _mm256_loadu_pd(r3 + b);
        __m256d t0 = _mm256_unpacklo_pd(A, B), t1 = _mm256_unpackhi_pd(A, B);
        __m256d t2 = _mm256_unpacklo_pd(C, D), t3 = _mm256_unpackhi_pd(C, D);
        c[b] = _mm256_permute2f128_pd(t0, t2, 0x20);
        c[b + 1] = _mm256_permute2f128_pd(t1, t3, 0x20);
        c[b + 2] = _mm256_permute2f128_pd(t0, t2, 0x31);
        c[b + 3] = _mm256_permute2f128_pd(t1, t3, 0x31);
    }
    __m256d acc = c[1 + ERF_DEG];
    for (int k = ERF_DEG - 2; k >= 0; k--) acc = _mm256_fmadd_pd(acc, h, c[2 + k]);
    acc = _mm256_fmadd_pd(acc, h, c[1]);
    return _mm256_add_pd(c[0], acc);
}

/* erfcx_arg of 4 elements (NaN passes: MAXPD and MINPD return their second operand if
 * either is NaN) */
NK_INLINE __m256d erfcx_arg4(__m256d x, double s) {
    const __m256d absmask = _mm256_castsi256_pd(_mm256_set1_epi64x(INT64_MAX));
    __m256d c = _mm256_min_pd(_mm256_set1_pd(GELU_CLIP),
                              _mm256_max_pd(_mm256_set1_pd(-GELU_CLIP), x));
    __m256d a = _mm256_mul_pd(_mm256_and_pd(c, absmask), _mm256_set1_pd(s));
    return _mm256_andnot_pd(_mm256_cmp_pd(a, _mm256_set1_pd(ERFCX_ZERO_BELOW), _CMP_LT_OQ), a);
}

/* note the arguments of a (at i0 ...) that need the tail, a >= ERFCX_TABLE_END or NaN,
 * in where and ta; returns their new count */
NK_INLINE ptrdiff_t erfcx_note_tails(__m256d a, ptrdiff_t i0, ptrdiff_t *where, double *ta,
                                     ptrdiff_t nt) {
    int tm = _mm256_movemask_pd(_mm256_cmp_pd(a, _mm256_set1_pd(ERFCX_TABLE_END), _CMP_NLT_UQ));
    if (tm) {
        double av[4];
        _mm256_storeu_pd(av, a);
        for (int b = 0; b < 4; b++)
            if (tm >> b & 1) {
                where[nt] = i0 + b;
                ta[nt++] = av[b];
            }
    }
    return nt;
}

/* with AVX2: four elements at a time, the arguments that need the tail noted as the
 * pass meets them (a quarter of the vectors of N(0, 3) data has one) */
static void erfcx_block(const double *x, double *out, ptrdiff_t n, double s,
                        const struct erf_tables *T) {
    double ta[ERFCX_BLOCK];
    ptrdiff_t where[ERFCX_BLOCK], nt = 0, i0 = 0;
    for (; i0 + 4 <= n; i0 += 4) {
        __m256d a = erfcx_arg4(_mm256_loadu_pd(x + i0), s);
        _mm256_storeu_pd(out + i0, erfcx_table4(a, T));
        nt = erfcx_note_tails(a, i0, where, ta, nt);
    }
    for (ptrdiff_t i = i0; i < n; i++) {
        double a = erfcx_arg(x[i], s);
        out[i] = erfcx_table(a, T);
        if (!(a < ERFCX_TABLE_END)) {
            where[nt] = i;
            ta[nt++] = a;
        }
    }
    for (ptrdiff_t j = 0; j < nt; j++) ta[j] = erfcx_tail(ta[j], T);
    for (ptrdiff_t j = 0; j < nt; j++) out[where[j]] = ta[j];
}
#else
static void erfcx_block(const double *x, double *out, ptrdiff_t n, double s,
                        const struct erf_tables *T) {
    double ta[ERFCX_BLOCK];
    ptrdiff_t where[ERFCX_BLOCK], nt = 0;
    int tail = 0;
    for (ptrdiff_t i = 0; i < n; i++) {
        double a = erfcx_arg(x[i], s);
        tail |= !(a < ERFCX_TABLE_END);
        out[i] = erfcx_table(a, T);
    }
    if (!tail) return;
    for (ptrdiff_t i = 0; i < n; i++) {
        double a = erfcx_arg(x[i], s);
        if (!(a < ERFCX_TABLE_END)) {
            where[nt] = i;
            ta[nt++] = a;
        }
    }
    for (ptrdiff_t j = 0; j < nt; j++) ta[j] = erfcx_tail(ta[j], T);
    for (ptrdiff_t j = 0; j < nt; j++) out[where[j]] = ta[j];
}
#endif

#endif
