/*
 * neuronkit/_kernels.h: the table of compiled kernels, one entry per activation kernel.
 *
 * The formulas are in _formulas.h (one function per activation, on the shared pieces
 * of _numerics.h, _vmath.h and _erfcx.h), the loops that run them over arrays in
 * _loops.h.  This header instantiates the loops of each formula and lists them in the
 * table NK_TABLE, whose index is the kernel id (_ckernels.names()), from the list
 * NK_KERNELS at the end of _formulas.h.  Adding a kernel touches _formulas.h alone:
 * its k_NAME (with nr_NAME and nr_scan_NAME for an EXP kernel) and its list line.
 *
 * It is compiled once per instruction set: _ckernels.c includes it for the portable
 * table and _ckernels_avx2.c / _ckernels_avx512.c for AVX2+FMA and AVX-512+FMA, each
 * under a "#pragma GCC target"; NK_TABLE and NK_TEST_TABLE name the tables each
 * defines (the test table, of _test_kernels.h, exposes _vmath.h and _erfcx.h to the
 * tests and is not among the activations' kernels).
 *
 * Multiply-adds are fused only where written as NK_MADD (polynomials) or as an exact
 * product (_numerics.h); the build passes -ffp-contract=off so that nothing else is
 * contracted.
 */
#ifndef NK_TABLE
#error "define NK_TABLE (the name of the table of loops) before including _kernels.h"
#endif
#ifndef NK_TEST_TABLE
#error "define NK_TEST_TABLE (the name of the table of test loops) before including _kernels.h"
#endif

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "_erfcx.h"
#include "_formulas.h"
#include "_gelu32.h"
#include "_kernels_api.h"
#include "_loops.h"
#include "_numerics.h"
#include "_vmath.h"

/* ---------------------------------------------------------------- the loops */

#define NK_DEFINE_LOOPS(NAME, LOOPS) DEFINE_##LOOPS##_LOOPS(NAME)
NK_KERNELS(NK_DEFINE_LOOPS)

/* GELU's loops: float64 over blocks of NK_BLOCK elements, whose erfcx erfcx_block
 * stores in a buffer first (then as DEFINE_EXP_LOOPS, the block checked first);
 * float32 (_gelu32.h) in float32 arithmetic with AVX-512, in double from a rational
 * erfcx with AVX2 and FMA, elsewhere with erfcx_lo, element by element (gelu_lo).
 * p->a = sqrt(1/2), the scale of erfcx's argument. */
_Static_assert(NK_BLOCK <= ERFCX_BLOCK, "erfcx_block takes a whole block");
#define NK_ERF_SETUP                                                                    \
    struct erf_tables tab = nk_erf;                                                     \
    q.tab = &tab;

static void gelu_d(const double *x, double *f, double *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START(NK_ERF_SETUP);
    double cx[NK_BLOCK];
    for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_BLOCK) {
        ptrdiff_t i1 = n - i0 < NK_BLOCK ? n : i0 + NK_BLOCK;
        erfcx_block(x + i0, cx, i1 - i0, p->a, p->tab);
        int out = 0;  /* an element fails the check (lifting, or NaN) */
        for (ptrdiff_t i = i0; i < i1; i++) out |= !(fabs(x[i]) < GELU_ORDINARY);
        if (out)
            NK_FG_LOOP(double, i0, i1, k_gelu(x[i], p, &vf, &vd, cx[i - i0], RESULT_F64, NR_ANY));
        else
            NK_FG_LOOP(double, i0, i1,
                       k_gelu(x[i], p, &vf, &vd, cx[i - i0], RESULT_F64, NR_CHECKED));
    }
}

/* float32 GELU of v in double: k_gelu with erfcx_lo of |clip(v)| sqrt(1/2) */
NK_INLINE void gelu_lo(double v, const params *p, double *f, double *d) {
    double cx = erfcx_lo(fabs(clampd(v, -GELU_CLIP, GELU_CLIP)) * p->a);
    k_gelu(v, p, f, d, cx, RESULT_F32, NR_ANY);
}

/* float32 by GELU32_LOOP (_gelu32.h): 16 lanes of float32 arithmetic with AVX-512, 4
 * lanes of double with AVX2, each element that is not ordinary with the float64
 * formula; elsewhere, that formula for every element. */
#if GELU32_NATIVE
GELU32_LOOP(gelu_f, gelu_lo((double)xb[i], p, &vf, &vd))
#else
static void gelu_f(const float *x, float *f, float *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START();
    NK_F32_TRANSCENDENTAL(gelu_lo((double)x[i], p, &vf, &vd), gelu_lo(xb[i], p, &vf, &vd));
}
#endif

/* ---------------------------------------------------------------- the table */

#define NK_ENTRY_SLOPE(NAME, CHEAP, ERFCX, NATIVE32, SLOPE32, SLOPE32_F)                \
    {.name = #NAME, .d = NAME##_d, .f = NAME##_f, .cheap = CHEAP, .uses_erfcx = ERFCX,     \
     .native32 = NATIVE32, .slope32 = SLOPE32, .slope32_f = SLOPE32_F},
#define NK_ENTRY(NAME, CHEAP, ERFCX, NATIVE32)                                          \
    NK_ENTRY_SLOPE(NAME, CHEAP, ERFCX, NATIVE32, NULL, 0)
#define NK_ENTRY_CHEAP(NAME) NK_ENTRY(NAME, 1, 0, 0)
#define NK_ENTRY_CHEAP_MODE(NAME) NK_ENTRY(NAME, 1, 0, 0)
#define NK_ENTRY_EXP(NAME) NK_ENTRY(NAME, 0, 0, 0)
#define NK_ENTRY_EXP_MODE(NAME) NK_ENTRY(NAME, 0, 0, 0)
#define NK_ENTRY_CHEAP32(NAME) NK_ENTRY(NAME, 1, 0, NK_NATIVE32)
#define NK_ENTRY_ARITH(NAME) NK_ENTRY(NAME, 0, 0, 0)
#define NK_ENTRY_ARITH32(NAME) NK_ENTRY(NAME, 0, 0, NK_NATIVE32)
#define NK_ENTRY_CHEAP32_MODE(NAME) NK_ENTRY(NAME, 1, 0, NK_NATIVE32)
#define NK_ENTRY_EXP32(NAME) NK_ENTRY(NAME, 0, 0, NK_NATIVE32)
#define NK_ENTRY_STAGED32(NAME) NK_ENTRY(NAME, 0, 0, NK_NATIVE32)
#define NK_ENTRY_EXP32_MODE(NAME) NK_ENTRY(NAME, 0, 0, NK_NATIVE32)
#define NK_ENTRY_EXP32V(NAME) NK_ENTRY(NAME, 0, 0, NK_NATIVE32)
#define NK_ENTRY_EXP32V_MODE(NAME) NK_ENTRY(NAME, 0, 0, NK_NATIVE32)
#define NK_ENTRY_EXPV(NAME) NK_ENTRY(NAME, 0, 0, NK_V32 || NK_V8)
#define NK_ENTRY_EXP32V_SLOPE(NAME)                                                     \
    NK_ENTRY_SLOPE(NAME, 0, 0, NK_NATIVE32, NK_SLOPE32D_OF(NAME), NK_SLOPE32D_F(NAME))
#define NK_ENTRY_EXPV_SLOPE(NAME)                                                       \
    NK_ENTRY_SLOPE(NAME, 0, 0, NK_V32 || NK_V8, NK_SLOPE32D_OF(NAME), NK_SLOPE32D_F(NAME))
#define NK_LIST_ENTRY(NAME, LOOPS) NK_ENTRY_##LOOPS(NAME)

const kernel_entry NK_TABLE[] = {NK_KERNELS(NK_LIST_ENTRY) NK_ENTRY(gelu, 0, 1, GELU32_NATIVE)};

#include "_test_kernels.h"
