/*
 * neuronkit/_kernels.h: the table of compiled kernels, one entry per activation kernel.
 *
 * The formulas are in _formulas.h (one function per activation, on the shared pieces
 * of _numerics.h, _vmath.h and _erfcx.h), the loops that run them over arrays in
 * _loops.h.  This header instantiates the loops of each formula and lists them in the
 * table NK_TABLE, whose index is the kernel id (_ckernels.names()).  Adding a kernel:
 * its k_NAME in _formulas.h, its DEFINE_*_LOOPS line (with nr_NAME and nr_scan_NAME
 * for a DEFINE_EXP kernel) and its entry here.
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

#include "_erfcx.h"
#include "_formulas.h"
#include "_kernels_api.h"
#include "_loops.h"
#include "_numerics.h"
#include "_vmath.h"

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

/* nr_scan_NAME(f, g): check the blocks for these outputs (f, g: NULL if not asked for)? */
#define NK_SCAN_ALWAYS(NAME)                                                            \
    NK_INLINE int nr_scan_##NAME(const void *f, const void *g) {                        \
        (void)f, (void)g;                                                               \
        return 1;                                                                       \
    }
#define NK_SCAN_FOR_DERIVATIVE(NAME)                                                    \
    NK_INLINE int nr_scan_##NAME(const void *f, const void *g) {                        \
        (void)f;                                                                        \
        return g != NULL;                                                               \
    }
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

/* ---------------------------------------------------------------- the loops */

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

/* GELU's loops: float64 over blocks of NK_BLOCK elements, whose erfcx erfcx_block
 * stores in a buffer first (then as DEFINE_EXP_LOOPS, the block checked first);
 * float32 with erfcx_lo, element by element.  p->a = sqrt(1/2), the scale of erfcx's
 * argument. */
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

/* float32 GELU of v: k_gelu with erfcx_lo of |clip(v)| sqrt(1/2) */
NK_INLINE void gelu_lo(double v, const params *p, double *f, double *d) {
    double cx = erfcx_lo(fabs(clampd(v, -GELU_CLIP, GELU_CLIP)) * p->a);
    k_gelu(v, p, f, d, cx, RESULT_F32, NR_ANY);
}

static void gelu_f(const float *x, float *f, float *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START();
    NK_F32_TRANSCENDENTAL(gelu_lo((double)x[i], p, &vf, &vd), gelu_lo(xb[i], p, &vf, &vd));
}

/* ---------------------------------------------------------------- the table */

#define ENTRY(NAME) {.name = #NAME, .d = NAME##_d, .f = NAME##_f}
#define CHEAP_ENTRY(NAME) {.name = #NAME, .d = NAME##_d, .f = NAME##_f, .cheap = 1}
#define ERFCX_ENTRY(NAME) {.name = #NAME, .d = NAME##_d, .f = NAME##_f, .uses_erfcx = 1}

const kernel_entry NK_TABLE[] = {
    CHEAP_ENTRY(step), CHEAP_ENTRY(identity), CHEAP_ENTRY(relu), CHEAP_ENTRY(leaky),
    CHEAP_ENTRY(relu6), CHEAP_ENTRY(hard_tanh), CHEAP_ENTRY(hard_logistic),
    CHEAP_ENTRY(hard_swish), ENTRY(logistic),
    ENTRY(softplus), ENTRY(log_sigmoid), CHEAP_ENTRY(softsign), ENTRY(elu),
    ENTRY(selu), ENTRY(celu), ENTRY(swish), ENTRY(gelu_tanh), ENTRY(mish), ERFCX_ENTRY(gelu),
    ENTRY(tanh),
};

#include "_test_kernels.h"
