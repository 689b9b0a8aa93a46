/*
 * neuronkit/_float32x16.h: float32 kernels 16 floats at a time with AVX-512 intrinsics,
 * and the loops that run them.
 *
 * Some float32 formulas look a table up per element: GELU's erfcx pieces and the
 * 2^(j/32) of an exp.  A compiler vectorizes such a lookup as a gather, far slower
 * than an in-register permute (vpermt2ps over a table of 32 floats held in two
 * registers), so these kernels are written with intrinsics, 16 lanes at a time:
 * v32_NAME(x, p, &f, &d).  Each mirrors a scalar formula, the same floating-point
 * operations in the same order, explicitly fused, which the tests compile for every
 * instruction set (test kernels, _test_kernels.h) and compare bit for bit with the
 * loop.  Exact scalings by 2^m are vscalefps there, by k/32 as a float (the instruction
 * takes its floor, m), and products with 2^m built from its bits in the scalar formula
 * (the same values).
 *
 *   nk32_exp_neg_table16   nk32_exp_neg_table (_float32.h): exp(-x) as a pair
 *   nk32_sigma_table16     nk32_sigma_table: sigma(x) and 1 - sigma(x) as pairs
 *   nk32_root_poly16       nk32_root_poly: a slope near its root as (x - x0) P(t)
 *   nk32_piece_pair16      nk32_piece_pair: a piece's polynomial as a pair
 *   nk32_slope_pieces16    nk32_slope_pieces: tanh' (or logistic') from 32 pieces
 *   nk32_tanh_slope_far16  nk32_tanh_slope_far: tanh' above them, from exp(-2a)
 *   nk32_mul_round_normal16, nk32_two_sum_err16: their scalar twins' operations
 *
 * The loop (DEFINE_V32_F_LOOP) runs blocks of NK_F32_BLOCK elements 16 at a time, the
 * check of each input (bad16_NAME, below) made in the same pass;
 * in a block with an element that is not ordinary, that element again with the float64
 * formula, so that an element's bits depend on its value only (not on its neighbours or
 * on the thread count).  Where an output overlaps the input the block is copied first
 * (else read where it is).  Without AVX-512 (or a fused multiply-add) NK_V32 is 0 and
 * these kernels take the loops of _loops.h.
 */
#ifndef NEURONKIT_FLOAT32X16_H
#define NEURONKIT_FLOAT32X16_H

#include <stddef.h>
#include <string.h>

#include "_float32.h"
#include "_kernels_api.h"
#include "_loops.h"

#if defined(__AVX512F__) && NK_NATIVE32
#define NK_V32 1
#include <immintrin.h>

#define NK32_SET(v) _mm512_set1_ps(v)

/* the entries idx (0..31, the low 5 bits of each lane) of the 32 floats at t */
NK_INLINE __m512 nk32_lookup32(const float *t, __m512i idx) {
    return _mm512_permutex2var_ps(_mm512_loadu_ps(t), idx, _mm512_loadu_ps(t + 16));
}

/* nk32_two_sum_err */
NK_INLINE __m512 nk32_two_sum_err16(__m512 a, __m512 b, __m512 s) {
    __m512 bb = _mm512_sub_ps(s, a);
    return _mm512_add_ps(_mm512_sub_ps(a, _mm512_sub_ps(s, bb)), _mm512_sub_ps(b, bb));
}

/* nk32_mul_round_normal */
NK_INLINE __m512 nk32_mul_round_normal16(__m512 ah, __m512 al, __m512 bh, __m512 bl) {
    return _mm512_fmadd_ps(ah, bh, _mm512_fmadd_ps(al, bh, _mm512_mul_ps(ah, bl)));
}

/* nk32_exp_neg_table: e + ll (k / 32 for vscalefps, which takes its floor itself) */
NK_INLINE void nk32_exp_neg_table16(__m512 x, __m512 *e, __m512 *ll) {
    const __m512 shift = NK32_SET(NK32_SHIFT);
    __m512 ks = _mm512_fnmadd_ps(x, NK32_SET(NK32_INV_LN2_32), shift);
    __m512 kf = _mm512_sub_ps(ks, shift);
    __m512 r = _mm512_fnmsub_ps(kf, NK32_SET(NK32_LN2_32_HI), x);  /* -kf hi - x, exact */
    r = _mm512_fnmadd_ps(kf, NK32_SET(NK32_LN2_32_LO), r);
    __m512 p = _mm512_fmadd_ps(_mm512_mul_ps(r, r),
                               _mm512_fmadd_ps(r, NK32_SET(0x1.555556p-3f), NK32_SET(0.5f)), r);
    __m512i kb = _mm512_castps_si512(ks);
    __m512 th = nk32_lookup32(NK32_EXP2, kb), tl = nk32_lookup32(NK32_EXP2 + 32, kb);
    __m512 m = _mm512_mul_ps(kf, NK32_SET(0x1p-5f));
    *e = _mm512_scalef_ps(th, m);
    *ll = _mm512_scalef_ps(_mm512_fmadd_ps(th, p, tl), m);
}

/* nk32_sigma_table: sigma rounded once, s + sl, t + tl = 1 - sigma; the error of 1 + e
 * by Fast2Sum on the larger and the smaller (the exact error, as nk32_two_sum_err's,
 * in one operation fewer) */
NK_INLINE __m512 nk32_sigma_table16(__m512 x, __m512 *s, __m512 *sl, __m512 *t, __m512 *tl) {
    __m512 e, ll;
    nk32_exp_neg_table16(x, &e, &ll);
    const __m512 one = NK32_SET(1.0f);
    __m512 v = _mm512_add_ps(one, e);
    __m512 big = _mm512_max_ps(one, e), small = _mm512_min_ps(one, e);
    __m512 l = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(big, v), small), ll);
    __m512 w = _mm512_add_ps(v, l), q = _mm512_div_ps(one, w);
    __m512 u = _mm512_fnmadd_ps(q, l, _mm512_fnmadd_ps(q, v, one));
    *s = q;
    *sl = _mm512_mul_ps(u, q);
    __m512 eh = _mm512_add_ps(e, ll), el = _mm512_add_ps(_mm512_sub_ps(e, eh), ll);
    __m512 dl = _mm512_add_ps(_mm512_sub_ps(v, w), l);
    __m512 tv = _mm512_mul_ps(eh, q);
    __m512 tu = _mm512_fnmadd_ps(tv, dl, _mm512_add_ps(_mm512_fnmadd_ps(tv, w, eh), el));
    *t = tv;
    *tl = _mm512_mul_ps(tu, q);
    return _mm512_fmadd_ps(q, u, q);
}

/* nk32_piece_pair: h (returned) and *hl, the table's entries i */
NK_INLINE __m512 nk32_piece_pair16(__m512 a, const float *T, int top, __m512i i, __m512 *hl) {
    __m512 u = _mm512_sub_ps(a, nk32_lookup32(T, i));
    __m512 q = nk32_lookup32(T + top * 32, i);
    for (int k = top - 1; k >= 3; k--) q = _mm512_fmadd_ps(q, u, nk32_lookup32(T + k * 32, i));
    __m512 c1 = nk32_lookup32(T + 32, i), c2 = nk32_lookup32(T + 2 * 32, i);
    __m512 p = _mm512_mul_ps(u, c2), pe = _mm512_fmsub_ps(u, c2, p);
    __m512 h = _mm512_add_ps(c1, p);
    *hl = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(c1, h), p),
                        _mm512_fmadd_ps(u, _mm512_mul_ps(u, q), pe));
    return h;
}

/* nk32_slope_pieces */
NK_INLINE __m512 nk32_slope_pieces16(__m512 a, const float *T, float kk) {
    __m512i j = _mm512_castps_si512(_mm512_fmadd_ps(a, NK32_SET(kk), NK32_SET(0x1.8p23f)));
    __m512 hl, h = nk32_piece_pair16(a, T, 8, j, &hl);
    return _mm512_add_ps(h, hl);
}
NK_INLINE __m512 nk32_tanh_slope16(__m512 a) { return nk32_slope_pieces16(a, TANH32_D, 4.0f); }

/* nk32_tanh_slope_far */
NK_INLINE __m512 nk32_tanh_slope_far16(__m512 a) {
    __m512 e, ll;
    nk32_exp_neg_table16(_mm512_mul_ps(NK32_SET(2.0f), a), &e, &ll);
    __m512 c = _mm512_fmadd_ps(_mm512_mul_ps(NK32_SET(-2.0f), e), e, ll);
    return _mm512_mul_ps(NK32_SET(4.0f), _mm512_add_ps(e, c));
}

/* nk32_root_poly */
NK32_DEFINE_ROOT_POLY(nk32_root_poly16, __m512, _mm512, NK32_SET)

/* The check of the inputs, accumulated over a block by bad16_NAME(&bad, &acc, x, m, p)
 * for the lanes m of x: the block has an element that is not ordinary when bad != 0 or
 * a lane of acc is above above16_NAME() (unsigned).  NK_V32_BAD_FROM_MASK: bad collects
 * the lanes that ok16_NAME's mask of the ordinary ones leaves out; NK_V32_BAD_ABS:
 * ordinary is |x| <= LIMIT, and acc holds the largest bits of |x| (a NaN's are above
 * those of any number and of inf): one integer max a vector instead of a compare and a
 * mask's move and or (masked-off lanes are loaded as zeros) */
#define NK_V32_BAD_FROM_MASK(NAME)                                                      \
    NK_INLINE void bad16_##NAME(__mmask16 *bad, __m512i *acc, __m512 x, __mmask16 m,    \
                                const params *p) {                                      \
        (void)acc;                                                                      \
        *bad |= (__mmask16)(m & ~ok16_##NAME(x, p));                                    \
    }                                                                                   \
    NK_INLINE __m512i above16_##NAME(void) { return _mm512_setzero_si512(); }
#define NK_V32_BAD_ABS(NAME, LIMIT)                                                     \
    NK_INLINE void bad16_##NAME(__mmask16 *bad, __m512i *acc, __m512 x, __mmask16 m,    \
                                const params *p) {                                      \
        (void)bad, (void)m, (void)p;                                                    \
        *acc = _mm512_max_epu32(*acc, _mm512_castps_si512(_mm512_abs_ps(x)));           \
    }                                                                                   \
    NK_INLINE __m512i above16_##NAME(void) { return _mm512_castps_si512(NK32_SET(LIMIT)); }

/* v stored at q: all 16 lanes (FULL) or those of the mask m.  The loop takes whole
 * vectors with plain loads and stores and only the last, partial one with masked ones,
 * which cost more on AMD Zen 4 (3-7% of GELU's loop, measured) */
#define NK_V32_STORE(FULL, q, v) ((FULL) ? _mm512_storeu_ps(q, v) : _mm512_mask_storeu_ps(q, m, v))
#define NK_V32_STORE_FG(FULL) (NK_V32_STORE(FULL, f + i, vf), NK_V32_STORE(FULL, g + i, vd))
#define NK_V32_STORE_F(FULL) NK_V32_STORE(FULL, f + i, vf)
#define NK_V32_STORE_G(FULL) NK_V32_STORE(FULL, g + i, vd)

/* the 16 floats at i (FULL) or the n - i < 16 left, STORE(FULL) storing vf and vd */
#define NK_V32_STEP(NAME, FULL, STORE)                                                  \
    {                                                                                   \
        __mmask16 m = (FULL) ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1u);   \
        __m512 xv = (FULL) ? _mm512_loadu_ps(x + i) : _mm512_maskz_loadu_ps(m, x + i);   \
        __m512 vf, vd;                                                                  \
        bad16_##NAME(&bad, &acc, xv, m, p);                                             \
        v32_##NAME(xv, p, &vf, &vd);                                                    \
        STORE(FULL);                                                                    \
    }
#define NK_V32_LOOP16(NAME, STORE)                                                      \
    {                                                                                   \
        ptrdiff_t i = 0;                                                                \
        for (; i + 16 <= n; i += 16) NK_V32_STEP(NAME, 1, STORE)                        \
        if (i < n) NK_V32_STEP(NAME, 0, STORE)                                          \
    }

/* NAME_block16: f and f' (either may be NULL) of the n floats at x by v32_NAME; returns
 * whether an element is not ordinary (its results are then to be computed again) */
#define DEFINE_V32_BLOCK(NAME)                                                          \
    static int NAME##_block16(const float *x, float *f, float *g, ptrdiff_t n,          \
                              const params *p) {                                        \
        __mmask16 bad = 0;                                                              \
        __m512i acc = _mm512_setzero_si512();                                           \
        if (f && g) {                                                                   \
            NK_V32_LOOP16(NAME, NK_V32_STORE_FG);                                       \
        } else if (f) {                                                                 \
            NK_V32_LOOP16(NAME, NK_V32_STORE_F);                                        \
        } else {                                                                        \
            NK_V32_LOOP16(NAME, NK_V32_STORE_G);                                        \
        }                                                                               \
        return bad != 0 || _mm512_cmpgt_epu32_mask(acc, above16_##NAME()) != 0;         \
    }

/* NAME's float32 loop FNAME by blocks of NAME_block16 (DEFINE_F32_BLOCKS_LOOP, _loops.h) */
#define DEFINE_V32_F_LOOP(NAME, FNAME, START, ORDINARY, FALLBACK)                       \
    DEFINE_V32_BLOCK(NAME)                                                              \
    DEFINE_F32_BLOCKS_LOOP(NAME##_block16, FNAME, START, ORDINARY, FALLBACK)

/* the loops of a kernel built on exp with a 16-lane float32 kernel v32_NAME (and
 * bad16_NAME, n32_NAME, setup32_NAME): DEFINE_EXP32_LOOPS with that float32 loop */
#define DEFINE_EXP32V_LOOPS(NAME)                                                       \
    DEFINE_EXP_D_LOOP(NAME)                                                             \
    DEFINE_EXP_F_LOOP_AS(NAME, NAME##_f64)                                              \
    DEFINE_V32_F_LOOP(                                                                  \
        NAME, NAME##_f,                                                                 \
        if (!setup32_##NAME(&q)) {                                                      \
            NAME##_f64(x, f, g, n, pp);                                                 \
            return;                                                                     \
        },                                                                              \
        n32_##NAME(xb[i], p), {                                                         \
            NK_KCALL(NAME, (double)xb[i], RESULT_F32, NR_ANY);                          \
            nk_nan_self(xb[i], &vf, &vd); /* itself, wherever it lies */                \
        })
#define NK_V32_MODE_WRAPPERS(NAME, M)                                                   \
    NK_INLINE void v32_##NAME##_##M(__m512 x, const params *p, __m512 *f, __m512 *d) {  \
        v32_##NAME(x, p, f, d, M);                                                      \
    }                                                                                   \
    NK_INLINE void bad16_##NAME##_##M(__mmask16 *bad, __m512i *acc, __m512 x, __mmask16 m, \
                                       const params *p) {                               \
        bad16_##NAME(bad, acc, x, m, p);                                                \
    }                                                                                   \
    NK_INLINE __m512i above16_##NAME##_##M(void) { return above16_##NAME(); }
#else
#define NK_V32 0
#define DEFINE_EXP32V_LOOPS(NAME) DEFINE_EXP32_LOOPS(NAME)
#define NK_V32_MODE_WRAPPERS(NAME, M)
#endif

/* the same with a mode: mode M = 0 (MODE_EXACT, the one the float32 formulas take) with
 * the 16-lane loop, the others as DEFINE_EXP32_MODE_LOOPS (they run NAME_f64); without
 * AVX-512 mode 0's native loop takes NK32_FIX_NAME after each block (_loops.h:
 * NK_NATIVE32_F_LOOP_WITH; the 16-lane kernel makes that case in its own vectors) */
#if NK_V32
#define NK_EXP32V_FIX_LOOPS(NAME, FIX) DEFINE_EXP32V_LOOPS(NAME)
#else
#define NK_EXP32V_FIX_LOOPS(NAME, FIX) DEFINE_EXP32_FIX_LOOPS(NAME, FIX)
#endif
#define DEFINE_EXP32V_MODE_LOOPS(NAME)                                                  \
    NK_EXP_MODE_WRAPPERS(NAME, 0) NK_EXP32_MODE(NAME, 0) NK_V32_MODE_WRAPPERS(NAME, 0)     \
    NK_EXP32V_FIX_LOOPS(NAME##_0, NK32_FIX_##NAME)                                      \
    NK_EXP_MODE32(NAME, 1) NK_EXP_MODE32(NAME, 2) DEFINE_MODE_DISPATCH(NAME)

#endif
