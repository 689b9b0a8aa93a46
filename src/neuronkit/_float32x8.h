/*
 * neuronkit/_float32x8.h: float32 kernels 8 floats at a time with AVX2 intrinsics (on
 * CPUs without AVX-512), and the loop that runs them.
 *
 * The float32 formulas that look a table of 32 entries up per element (the pieces of
 * tanh and tanh', the 2^(j/32) of an exp, GELU's erfcx pieces) run 16 lanes at a time
 * with AVX-512, looked up by an in-register permute (_float32x16.h).  AVX2 has no such
 * permute, and a gather per coefficient (or four permutes and three blends) is slower
 * than the formulas without tables.  Here the tables are copied, when the module loads,
 * into rows: row i holds entry i of every coefficient (nk32_rows_fill), each lane's row
 * is loaded, and eight rows are transposed in registers into one vector per coefficient
 * (nk32_columns8: eight loads, four unpacks and four shuffles for four coefficients).
 * v8_NAME(x, p, &f, &d) mirrors the scalar formula of v32_NAME, the same floating-point
 * operations in the same order, explicitly fused, so AVX2 and AVX-512 give the same
 * bits (the tests compare the loop with the scalar formula, _test_kernels.h).  Exact
 * scalings by 2^m are products with 2^m built from its bits, as in the scalar formulas.
 * Tanhshrink (_formulas.h) runs so.  The transposes cost more than they save for
 * logistic, swish and tanh, which keep their formulas without tables there (on an AMD
 * EPYC, Zen 2, 10^5 elements: logistic 1.14 and 2.07 ns an element for f and f' from
 * the tables, 0.89 and 1.19 without; tanh's fused call 1.5 times as long), and for
 * GELU, which computes in double there instead (_gelu32.h).
 *
 *   nk32_rows_fill         a table's rows, when the module loads
 *   nk32_row_ptrs8         the rows of eight slots
 *   nk32_columns8, nk32_columns8_pair, nk32_columns8_10
 *                          four, two or ten coefficients of eight rows
 *   nk32_piece_pair8       nk32_piece_pair (_float32.h): a piece's polynomial as a pair
 *   nk32_root_poly8        nk32_root_poly: a slope near its root as (x - x0) P(t)
 *   slope32d_block         float32 tanh, tanh' or tanhshrink' in double
 *                          (DEFINE_SLOPE32D_LOOP)
 *
 * The loop (DEFINE_V8_F_LOOP) runs blocks of NK_F32_BLOCK elements 8 at a time, the
 * check of each input made in the same pass, the elements left over (fewer than 8) by
 * the scalar formula; in a block with an element that is not ordinary, that element
 * again with the float64 formula (DEFINE_F32_BLOCKS_LOOP, _loops.h, as the 16-lane
 * loop).  NK_V8 is 1 where the target
 * has AVX2 and FMA but not AVX-512.
 */
#ifndef NEURONKIT_FLOAT32X8_H
#define NEURONKIT_FLOAT32X8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "_float32.h"
#include "_float32x16.h"
#include "_kernels_api.h"
#include "_loops.h"

#if defined(__AVX2__) && NK_NATIVE32 && !NK_V32
#define NK_V8 1
#include <immintrin.h>

#define NK32_SET8(v) _mm256_set1_ps(v)
#define NK32_SIGN8 _mm256_set1_ps(-0.0f)

/* a table of NCOEF rows of 32 floats (entry i of coefficient k at T[32 k + i]) copied
 * into DST as 32 rows of STRIDE floats (entry k of row i at DST[STRIDE i + k], zeros
 * after the last coefficient) */
NK_INLINE void nk32_rows_fill(float *dst, const float *T, int ncoef, int stride) {
    for (int i = 0; i < 32; i++)
        for (int k = 0; k < stride; k++) dst[stride * i + k] = k < ncoef ? T[32 * k + i] : 0.0f;
}

/* the rows of the slots in the low five bits of each lane of idx */
NK_INLINE void nk32_row_ptrs8(const float *rows, int stride, __m256i idx, const float *r[8]) {
    int32_t j[8];
    _mm256_storeu_si256((__m256i *)j, _mm256_and_si256(idx, _mm256_set1_epi32(31)));
    for (int l = 0; l < 8; l++) r[l] = rows + stride * j[l];
}

/* the floats b .. b + 3 of the rows r[0..7] as four vectors (lane l from r[l]) */
NK_INLINE void nk32_columns8(const float *const *r, int b, __m256 c[4]) {
#define NK32_ROWS_LH(l)                                                                 \
    _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(r[l] + b)),                \
                         _mm_loadu_ps(r[(l) + 4] + b), 1)
    __m256 y0 = NK32_ROWS_LH(0), y1 = NK32_ROWS_LH(1), y2 = NK32_ROWS_LH(2), y3 = NK32_ROWS_LH(3);
#undef NK32_ROWS_LH
    __m256 t0 = _mm256_unpacklo_ps(y0, y1), t1 = _mm256_unpackhi_ps(y0, y1);
    __m256 t2 = _mm256_unpacklo_ps(y2, y3), t3 = _mm256_unpackhi_ps(y2, y3);
    c[0] = _mm256_shuffle_ps(t0, t2, 0x44);
    c[1] = _mm256_shuffle_ps(t0, t2, 0xEE);
    c[2] = _mm256_shuffle_ps(t1, t3, 0x44);
    c[3] = _mm256_shuffle_ps(t1, t3, 0xEE);
}
/* the floats b and b + 1 of the rows r[0..7] as two vectors */
NK_INLINE void nk32_columns8_pair(const float *const *r, int b, __m256 *c0, __m256 *c1) {
#define NK32_PAIR(l) _mm_castpd_ps(_mm_load_sd((const double *)(r[l] + b)))
#define NK32_ROWS_LH(l)                                                                 \
    _mm256_insertf128_ps(_mm256_castps128_ps256(NK32_PAIR(l)), NK32_PAIR((l) + 4), 1)
    __m256 y0 = NK32_ROWS_LH(0), y1 = NK32_ROWS_LH(1), y2 = NK32_ROWS_LH(2), y3 = NK32_ROWS_LH(3);
#undef NK32_ROWS_LH
#undef NK32_PAIR
    __m256 t0 = _mm256_unpacklo_ps(y0, y1), t2 = _mm256_unpacklo_ps(y2, y3);
    *c0 = _mm256_shuffle_ps(t0, t2, 0x44);
    *c1 = _mm256_shuffle_ps(t0, t2, 0xEE);
}

/* nk32_piece_pair of the rows r (c[k] their coefficients k = 0 .. top): h and *hl */
NK_INLINE __m256 nk32_piece_pair8(__m256 a, const __m256 *c, int top, __m256 *hl) {
    __m256 u = _mm256_sub_ps(a, c[0]);
    __m256 q = c[top];
    for (int k = top - 1; k >= 3; k--) q = _mm256_fmadd_ps(q, u, c[k]);
    __m256 p = _mm256_mul_ps(u, c[2]), pe = _mm256_fmsub_ps(u, c[2], p);
    __m256 h = _mm256_add_ps(c[1], p);
    *hl = _mm256_add_ps(_mm256_add_ps(_mm256_sub_ps(c[1], h), p),
                        _mm256_fmadd_ps(u, _mm256_mul_ps(u, q), pe));
    return h;
}

/* the coefficients 0 .. 9 of the rows (stride 16) of the slots idx */
NK_INLINE void nk32_columns8_10(const float *rows, __m256i idx, __m256 c[10]) {
    const float *r[8];
    nk32_row_ptrs8(rows, 16, idx, r);
    nk32_columns8(r, 0, c);
    nk32_columns8(r, 4, c + 4);
    nk32_columns8_pair(r, 8, c + 8, c + 9);
}

/* |x| */
NK_INLINE __m256 nk32_abs8(__m256 x) { return _mm256_andnot_ps(NK32_SIGN8, x); }

/* nk32_root_poly (_float32.h) of eight lanes */
NK32_DEFINE_ROOT_POLY(nk32_root_poly8, __m256, _mm256, NK32_SET8)

/* NAME_block8: f and f' (either may be NULL) of the n floats at xb, 8 at a time by
 * v8_NAME(x, p, &f, &d) and the elements left over (fewer than 8) by the scalar formula
 * k32t_NAME(x, &f, &d); returns whether an element is not ordinary (bad8_NAME(x, p): the
 * lanes that are not, as the bits of an int; ORDINARY, of xb[i], for the others).  The
 * loop is compiled three times (WF, WG: which outputs are stored), so that the compiler
 * drops the other output's arithmetic */
#define DEFINE_V8_BLOCK(NAME, ORDINARY)                                                 \
    NK_INLINE int NAME##_lanes8(const float *xb, float *f, float *g, ptrdiff_t n,       \
                                const params *p, const int wf, const int wg) {          \
        int bad = 0;                                                                    \
        ptrdiff_t i = 0;                                                                \
        for (; i + 8 <= n; i += 8) {                                                    \
            __m256 xv = _mm256_loadu_ps(xb + i), vf, vd;                                \
            bad |= bad8_##NAME(xv, p);                                                  \
            v8_##NAME(xv, p, &vf, &vd);                                                 \
            if (wf) _mm256_storeu_ps(f + i, vf);                                        \
            if (wg) _mm256_storeu_ps(g + i, vd);                                        \
        }                                                                               \
        for (; i < n; i++) {                                                            \
            float sf, sd;                                                               \
            bad |= !(ORDINARY);                                                         \
            k32t_##NAME(xb[i], &sf, &sd);                                               \
            if (wf) f[i] = sf;                                                          \
            if (wg) g[i] = sd;                                                          \
        }                                                                               \
        return bad;                                                                     \
    }                                                                                   \
    static int NAME##_block8(const float *xb, float *f, float *g, ptrdiff_t n,          \
                             const params *p) {                                         \
        if (f && g) return NAME##_lanes8(xb, f, g, n, p, 1, 1);                         \
        if (f) return NAME##_lanes8(xb, f, NULL, n, p, 1, 0);                           \
        return NAME##_lanes8(xb, NULL, g, n, p, 0, 1);                                  \
    }

/* NAME's float32 loop FNAME by blocks of NAME_block8 (DEFINE_F32_BLOCKS_LOOP, _loops.h) */
#define DEFINE_V8_F_LOOP(NAME, FNAME, START, ORDINARY, FALLBACK)                        \
    DEFINE_V8_BLOCK(NAME, ORDINARY)                                                     \
    DEFINE_F32_BLOCKS_LOOP(NAME##_block8, FNAME, START, ORDINARY, FALLBACK)

/* Float32 tanh, tanh' and tanhshrink' in double, 4 lanes at a time: at 10^5 elements,
 * f' alone, 1.41 and 1.43 ns an element, where the float32 pairs' formulas (_formulas.h;
 * tanhshrink's pieces transposed) took 1.82 and 1.84 (AMD EPYC, Zen 2); tanh's value
 * 1.45 (1.69 from the pairs) and its fused call, one loop, 1.79 (3.09 as the value's
 * loop and then f''s).  With a = min(|x|, 54) (beyond, both have their limits in
 * float32: tanh' < 2^-150), -2a = k ln2 + r (r rounded once, k ln2 within 2^-45 for
 * |k| <= 156, |r| <= 0.347), e^r - 1 = p = r + r^2 Q(r) (Q of degree 6, Taylor's 1/2!,
 * 1/3!, ..., 1/8!, by Estrin's scheme: the remainder below 2^-27 of Q, below 2^-30 of
 * p) and s = 2^k (k >= -156: normal):
 *     tanh         = (1 - e) / (1 + e),  e = exp(-2a) = s + s p, with the sign of x,
 *     tanh'        = 4e / (1 + e)^2,
 *     tanhshrink'  = tanh^2 = (t / (t + 2))^2,   t = expm1(-2a) = (s - 1) + s p,
 * e and t each in one multiply-add (s - 1 is exact for k >= -53; below, t is -1 to the
 * last bit), to about 2^-29 relative in double, then rounded once to float: at most
 * 0.5032 ULP for tanh' on every float32 in [-40, 40] and 0.5241 for tanhshrink' on every
 * finite float32 (benchmarks/exhaustive32.py), where the pairs' formulas were within
 * 0.6196 and 0.6183.  For tanh, 1 - e is exact (k = 0: e = 1 + p rounded, off by at most
 * 2^-54, against |p| >= 2^-11 for a >= 2^-12) and its relative error otherwise at most
 * 2.8 times e's (a >= ln2/4); below 2^-12, tanh x rounds to x, which the loop returns
 * (1 - e would vanish for tiny a): at most 0.5088 ULP on every float32 in [-80, 80], at
 * x = -0.17327, next to ln2/4 (the pairs' formula 0.5557).  A NaN x gives itself
 * (quieted): the first stage stores x there, and the second stage's arithmetic carries
 * it. */
#define SLOPE32D_CAP 54.0
#define SLOPE32D_SET(c) _mm256_set1_pd(c)
/* the first stage of 4 floats at x: e (TS = 0) or t (TS = 1), x itself where NaN */
NK_INLINE __m256d slope32d_stage1(const float *x, const int ts) {
    __m256d xd = _mm256_cvtps_pd(_mm_loadu_ps(x));
    __m256d a = _mm256_min_pd(_mm256_andnot_pd(SLOPE32D_SET(-0.0), xd),
                              SLOPE32D_SET(SLOPE32D_CAP)); /* NaN: the cap */
    __m256d y = _mm256_mul_pd(a, SLOPE32D_SET(-2.0));
    __m256d ks = _mm256_fmadd_pd(a, SLOPE32D_SET(-2.0 * NK_INV_LN2), SLOPE32D_SET(NK_SHIFT));
    __m256d k = _mm256_sub_pd(ks, SLOPE32D_SET(NK_SHIFT));
    __m256d r = _mm256_fnmadd_pd(k, SLOPE32D_SET(NK_LN2), y);
    __m256d r2 = _mm256_mul_pd(r, r), r4 = _mm256_mul_pd(r2, r2);
    __m256d q0 = _mm256_fmadd_pd(SLOPE32D_SET(1.0 / 6.0), r, SLOPE32D_SET(0.5));
    __m256d q1 = _mm256_fmadd_pd(SLOPE32D_SET(1.0 / 120.0), r, SLOPE32D_SET(1.0 / 24.0));
    __m256d q2 = _mm256_fmadd_pd(_mm256_fmadd_pd(SLOPE32D_SET(1.0 / 40320.0), r,
                                                 SLOPE32D_SET(1.0 / 5040.0)),
                                 r, SLOPE32D_SET(1.0 / 720.0));
    __m256d q = _mm256_fmadd_pd(q2, r4, _mm256_fmadd_pd(q1, r2, q0));
    __m256d p = _mm256_fmadd_pd(r2, q, r);
    __m256i kb = _mm256_add_epi64(_mm256_castpd_si256(ks),
                                  _mm256_set1_epi64x((long long)(1023u - nk_bits(NK_SHIFT))));
    __m256d s = _mm256_castsi256_pd(_mm256_slli_epi64(kb, 52));
    __m256d v = _mm256_fmadd_pd(s, p, ts ? _mm256_sub_pd(s, SLOPE32D_SET(1.0)) : s);
    return _mm256_blendv_pd(v, xd, _mm256_cmp_pd(xd, xd, _CMP_UNORD_Q));
}
#define SLOPE32D_TANH_TINY 0x1p-12 /* |x| below: tanh x rounds to x */
/* the second stage: f' of 4 floats from e or t, into g, and for tanh (TS = 0) where WF
 * its value too, into f (x: the 4 floats, for the sign and the tiny ones) */
NK_INLINE void slope32d_stage2(__m256d v, const float *x, float *f, float *g, const int ts,
                               const int wf, const int wg) {
    __m256d d;
    if (ts) {
        __m256d th = _mm256_div_pd(v, _mm256_add_pd(v, SLOPE32D_SET(2.0)));
        d = _mm256_mul_pd(th, th);
    } else {
        __m256d dd = _mm256_add_pd(v, SLOPE32D_SET(1.0));
        d = _mm256_div_pd(_mm256_mul_pd(v, SLOPE32D_SET(4.0)), _mm256_mul_pd(dd, dd));
        if (wf) {
            const __m256d sign = SLOPE32D_SET(-0.0);
            __m256d xd = _mm256_cvtps_pd(_mm_loadu_ps(x));
            __m256d th = _mm256_div_pd(_mm256_sub_pd(SLOPE32D_SET(1.0), v), dd);
            th = _mm256_or_pd(th, _mm256_and_pd(xd, sign));
            __m256d tiny = _mm256_cmp_pd(_mm256_andnot_pd(sign, xd),
                                         SLOPE32D_SET(SLOPE32D_TANH_TINY), _CMP_LT_OQ);
            _mm_storeu_ps(f, _mm256_cvtpd_ps(_mm256_blendv_pd(th, xd, tiny)));
        }
    }
    if (wg) _mm_storeu_ps(g, _mm256_cvtpd_ps(d));
}
/* f (tanh: TS = 0) and f' (either may be NULL) of the m <= NK_F32_BLOCK floats at xb
 * into f and g (either may be xb), in two passes; the last one to three elements
 * through a copy padded with zeros.  Compiled three times (WF, WG: which outputs are
 * stored), so that the compiler drops the other output's arithmetic */
NK_INLINE void slope32d_lanes(const float *xb, float *f, float *g, ptrdiff_t m, const int ts,
                              const int wf, const int wg) {
    double v[NK_F32_BLOCK];
    ptrdiff_t whole = m - m % 4, i;
    float t[4] = {0.0f, 0.0f, 0.0f, 0.0f}, tf[4], tg[4];
    size_t rest = (size_t)(m - whole) * sizeof *t;
    memcpy(t, xb + whole, rest); /* before the second pass writes f or g (maybe xb) */
    for (i = 0; i < whole; i += 4) _mm256_storeu_pd(v + i, slope32d_stage1(xb + i, ts));
    for (i = 0; i < whole; i += 4) /* each 4 of xb read before f's and g's are written */
        slope32d_stage2(_mm256_loadu_pd(v + i), xb + i, wf ? f + i : NULL, wg ? g + i : NULL,
                        ts, wf, wg);
    if (rest) {
        slope32d_stage2(slope32d_stage1(t, ts), t, tf, tg, ts, wf, wg);
        if (wf) memcpy(f + whole, tf, rest);
        if (wg) memcpy(g + whole, tg, rest);
    }
}
NK_INLINE void slope32d_block(const float *xb, float *f, float *g, ptrdiff_t m, const int ts) {
    if (f && g) slope32d_lanes(xb, f, g, m, ts, 1, 1);
    else if (f) slope32d_lanes(xb, f, NULL, m, ts, 1, 0);
    else slope32d_lanes(xb, NULL, g, m, ts, 0, 1);
}
#define slope32d_ts_tanh 0
#define slope32d_ts_tanhshrink 1
/* whether NAME's loop computes its value too (tanh; tanhshrink's value is NAME_f's) */
#define NK_SLOPE32D_F(NAME) (slope32d_ts_##NAME == 0)

/* NAME_slope32d: the float32 loop of NAME (tanh or tanhshrink) for the calls that ask
 * for f' (kernel_entry's slope32: nk_run_loop, _parallel.c, takes it instead of NAME_f;
 * for tanh, slope32_f, the calls that ask for f alone too), by slope32d_block over each
 * block of NK_F32_BLOCK elements (a first pass stores e or t, a second the rest: a first
 * version of tanh' took 1.37 ns an element in one pass, 1.29 in two).  Tanh's value
 * comes from the same passes; tanhshrink's, where asked for too, by NAME_f (f' not asked
 * for) over each chunk of NK_SLOPE32D_CHUNK elements first, from a copy of the chunk's
 * inputs where an output is x (the loops' outputs are x itself or apart from it), so
 * that f' has the same bits alone and with f */
#define NK_SLOPE32D_CHUNK 4096
#define DEFINE_SLOPE32D_LOOP(NAME)                                                      \
    static void NAME##_slope32d(const float *x, float *f, float *g, ptrdiff_t n,        \
                                const params *pp) {                                     \
        const int ts = slope32d_ts_##NAME, value = NK_SLOPE32D_F(NAME);                 \
        float xs[NK_SLOPE32D_CHUNK];                                                    \
        for (ptrdiff_t c0 = 0; c0 < n; c0 += NK_SLOPE32D_CHUNK) {                       \
            ptrdiff_t mc = n - c0 < NK_SLOPE32D_CHUNK ? n - c0 : NK_SLOPE32D_CHUNK;     \
            const float *xc = x + c0;                                                   \
            if (f && !value) {                                                          \
                if (!nk_outputs_apart(xc, f + c0, g + c0, (size_t)mc * sizeof *x)) {    \
                    memcpy(xs, xc, (size_t)mc * sizeof *x);                             \
                    xc = xs;                                                            \
                }                                                                       \
                NAME##_f(xc, f + c0, NULL, mc, pp);                                     \
            }                                                                           \
            for (ptrdiff_t i0 = 0; i0 < mc; i0 += NK_F32_BLOCK)                         \
                slope32d_block(xc + i0, f && value ? f + c0 + i0 : NULL,                \
                               g ? g + c0 + i0 : NULL,                                  \
                               mc - i0 < NK_F32_BLOCK ? mc - i0 : NK_F32_BLOCK, ts);    \
        }                                                                               \
    }
#define NK_SLOPE32D_OF(NAME) NAME##_slope32d

#else
#define NK_V8 0
#define DEFINE_SLOPE32D_LOOP(NAME)
#define NK_SLOPE32D_OF(NAME) NULL
#define NK_SLOPE32D_F(NAME) 0
#endif

/* the float32 loop of a kernel with a vector loop of its own: 16 lanes with AVX-512, 8
 * with AVX2 */
#if NK_V32
#define NK_VEC_F_LOOP DEFINE_V32_F_LOOP
#elif NK_V8
#define NK_VEC_F_LOOP DEFINE_V8_F_LOOP
#endif

/* the loops of a kernel built on exp whose only float32 formulas are the vector ones
 * (v32_NAME, v8_NAME): DEFINE_EXP_LOOPS but for that float32 loop (n32_NAME: ordinary
 * inputs) */
#if NK_V32 || NK_V8
#define DEFINE_EXPV_LOOPS(NAME)                                                         \
    DEFINE_EXP_D_LOOP(NAME)                                                             \
    NK_VEC_F_LOOP(NAME, NAME##_f, , n32_##NAME(xb[i], p), {                             \
        NK_KCALL(NAME, (double)xb[i], RESULT_F32, NR_ANY);                              \
        nk_nan_self(xb[i], &vf, &vd); /* itself, wherever it lies */                    \
    })
#else
#define DEFINE_EXPV_LOOPS(NAME) DEFINE_EXP_LOOPS(NAME)
#endif
/* the same with NAME_slope32d (DEFINE_SLOPE32D_LOOP: with AVX2, f' in double, and for
 * tanh its value too) */
#define DEFINE_EXPV_SLOPE_LOOPS(NAME) DEFINE_EXPV_LOOPS(NAME) DEFINE_SLOPE32D_LOOP(NAME)
#define DEFINE_EXP32V_SLOPE_LOOPS(NAME) DEFINE_EXP32V_LOOPS(NAME) DEFINE_SLOPE32D_LOOP(NAME)

#endif
