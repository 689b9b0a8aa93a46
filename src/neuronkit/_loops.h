/*
 * neuronkit/_loops.h: the loops that run a formula of _formulas.h over an array.
 *
 * Every loop has the signature of kernel_entry's d or f (_kernels_api.h): it reads n
 * float64 or float32 inputs x and stores f(x) into f and f'(x) into g, either of
 * which may be NULL (not asked for).  Each computes in double and rounds once on
 * store, which keeps float32 results within 1 ULP (the EXP32 loops' float32 kernels
 * keep that bound in float32 arithmetic, _float32.h).  The formulas are inlined into
 * three loops (value and derivative, value only, derivative only) so that the
 * compiler drops the unused half and vectorizes each.
 *
 *   DEFINE_CHEAP_LOOPS(NAME)      k_NAME(x, p, f, d, f32): straight over x (the
 *                                 piecewise functions run at memory speed)
 *   DEFINE_CHEAP32_LOOPS(NAME)    the same, and float32 in float32 (k32_NAME)
 *   DEFINE_ARITH[32]_LOOPS(NAME)  the same loops, for kernels that do not run at
 *                                 memory speed (their table entry says so)
 *   DEFINE_EXP_LOOPS(NAME)        k_NAME(x, p, f, d, f32, nr), built on exp: float64
 *                                 in blocks that take the short path (nr = 1) where
 *                                 nr_NAME(x, p) holds for the whole block; float32
 *                                 in blocks widened to double
 *   DEFINE_EXP32_LOOPS(NAME)      the same, and float32 in float32 arithmetic (k32_NAME,
 *                                 _formulas.h) for blocks of ordinary inputs
 *   DEFINE_*_MODE_LOOPS(NAME)     the same, one set of loops per enum nk_mode, picked
 *                                 by the mode in p->b
 */
#ifndef NEURONKIT_LOOPS_H
#define NEURONKIT_LOOPS_H

#include <stddef.h>
#include <string.h>

#include "_kernels_api.h"
#include "_vmath.h"

/* the f32 argument of the formulas: results rounded to float64 or to float32 */
enum { RESULT_F64 = 0, RESULT_F32 = 1 };
/* the nr argument: any input, or a float64 block checked by nr_NAME */
enum { NR_ANY = 0, NR_CHECKED = 1 };

/* the loops over i in [START, END) for f and f' (either may be NULL): KCALL sets VF
 * and VD (vf and vd in NK_FG_LOOP_TO) for x[i], which are stored as T */
#define NK_FG_LOOP_VARS(T, F, G, START, END, VF, VD, KCALL)                             \
    do {                                                                                \
        if (F && G) {                                                                   \
            for (ptrdiff_t i = (START); i < (END); i++) {                               \
                KCALL;                                                                  \
                F[i] = (T)(VF);                                                         \
                G[i] = (T)(VD);                                                         \
            }                                                                           \
        } else if (F) {                                                                 \
            for (ptrdiff_t i = (START); i < (END); i++) {                               \
                KCALL;                                                                  \
                F[i] = (T)(VF);                                                         \
            }                                                                           \
        } else {                                                                        \
            for (ptrdiff_t i = (START); i < (END); i++) {                               \
                KCALL;                                                                  \
                G[i] = (T)(VD);                                                         \
            }                                                                           \
        }                                                                               \
    } while (0)
#define NK_FG_LOOP_TO(T, F, G, START, END, KCALL)                                       \
    NK_FG_LOOP_VARS(T, F, G, START, END, vf, vd, KCALL)
#define NK_FG_LOOP(T, START, END, KCALL) NK_FG_LOOP_TO(T, f, g, START, END, KCALL)

/* the parameters (and GELU's tables) are copied into locals, so the compiler knows
 * that no output aliases them and can vectorize without run-time overlap checks */
#define NK_LOOP_START(SETUP)                                                            \
    params q = *pp;                                                                     \
    SETUP                                                                               \
    const params *p = &q;                                                               \
    double vf, vd

/* the float32 loop straight over x: for the cheap kernels (memory-bound, for which
 * blocks would only add passes), and for inputs larger than the L2 cache */
#define NK_F32_DIRECT(KCALL) NK_FG_LOOP(float, 0, n, KCALL)

/* The float32 loops of the transcendental kernels, for inputs that fit in the L2
 * cache (n <= NK_F32_BLOCKED_UPTO), run over blocks: the block is widened to double in
 * a buffer, the kernel loop runs over doubles, and its results are rounded to float32
 * on the way out.  The kernel loop then handles whole registers of doubles instead of
 * floats in two halves, whose register pressure (spills, reloaded constants) costs
 * more than the widening.  Streaming from memory the direct loop is faster (it
 * overlaps the loads and stores with the arithmetic, the blocks do them in bursts),
 * so larger inputs take it.  KCALL reads xb[i]. */
#define NK_F32_BLOCKED_UPTO 65536
#define NK_F32_BLOCK 512
#define NK_F32_LOOP(KCALL)                                                              \
    do {                                                                                \
        double xb[NK_F32_BLOCK], fb[NK_F32_BLOCK], gb[NK_F32_BLOCK];                    \
        double *const fo = f ? fb : NULL, *const go = g ? gb : NULL;                    \
        for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_F32_BLOCK) {                            \
            ptrdiff_t m = n - i0 < NK_F32_BLOCK ? n - i0 : NK_F32_BLOCK;                \
            for (ptrdiff_t i = 0; i < m; i++) xb[i] = (double)x[i0 + i];                \
            NK_FG_LOOP_TO(double, fo, go, 0, m, KCALL);                                 \
            if (f)                                                                      \
                for (ptrdiff_t i = 0; i < m; i++) f[i0 + i] = (float)fb[i];             \
            if (g)                                                                      \
                for (ptrdiff_t i = 0; i < m; i++) g[i0 + i] = (float)gb[i];             \
        }                                                                               \
    } while (0)

/* the float32 loop of a transcendental kernel: blocks widened to double, or straight
 * for large inputs; KCALL_DIRECT reads x[i], KCALL_BLOCKED xb[i] */
#define NK_F32_TRANSCENDENTAL(KCALL_DIRECT, KCALL_BLOCKED)                              \
    do {                                                                                \
        if (n > NK_F32_BLOCKED_UPTO)                                                    \
            NK_F32_DIRECT({ KCALL_DIRECT; nk_nan_self(x[i], &vf, &vd); });              \
        else                                                                            \
            NK_F32_LOOP({ KCALL_BLOCKED; nk_nan_self(xb[i], &vf, &vd); });              \
    } while (0)

/* a NaN input gives itself (quieted, its sign kept) for f and f': the formula's own NaN
 * has the sign of the default NaN where the compiler vectorized the loop and of the
 * input in its scalar tail, so it would depend on where the element lies */
NK_INLINE void nk_nan_self(double x, double *f, double *d) {
    if (x != x) *f = *d = x + x;
}

/* the loops of a cheap kernel k_NAME(x, p, f, d, f32): straight over x */
#define DEFINE_CHEAP_D_LOOP(NAME)                                                       \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,            \
                         const params *pp) {                                            \
        NK_LOOP_START();                                                                \
        NK_FG_LOOP(double, 0, n, k_##NAME(x[i], p, &vf, &vd, RESULT_F64));              \
    }
#define DEFINE_CHEAP_LOOPS(NAME)                                                        \
    DEFINE_CHEAP_D_LOOP(NAME)                                                           \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *pp) {                                            \
        NK_LOOP_START();                                                                \
        NK_F32_DIRECT(k_##NAME((double)x[i], p, &vf, &vd, RESULT_F32));                 \
    }

/* the loops of a cheap kernel that also has a float32-arithmetic formula
 * k32_NAME(x, p, f, d) for every input (_formulas.h; its float parameters set
 * by setup32_NAME(&params) when the loop starts, which returns 0 for parameters the
 * formula does not take): the float64 loop of DEFINE_CHEAP_LOOPS, and the float32 one
 * straight over x in float (in double where the target has no fused multiply-add or
 * the parameters are not taken) */
#define DEFINE_CHEAP32_LOOPS(NAME)                                                      \
    DEFINE_CHEAP_D_LOOP(NAME)                                                           \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *pp) {                                            \
        NK_LOOP_START(int ok32 = setup32_##NAME(&q););                                  \
        if (!NK_NATIVE32 || !ok32) {                                                    \
            NK_F32_DIRECT(k_##NAME((double)x[i], p, &vf, &vd, RESULT_F32));             \
            return;                                                                     \
        }                                                                               \
        (void)vf, (void)vd;                                                             \
        float wf, wd;                                                                   \
        NK_FG32_LOOP(NAME, 0, n);                                                       \
    }

/* the same loops for a kernel without an exponential whose arithmetic (a division, a
 * square root, products in double for float32 results) keeps it from running at memory
 * speed: only its table entry differs (not cheap: _kernels.h, _parallel.c) */
#define DEFINE_ARITH_LOOPS(NAME) DEFINE_CHEAP_LOOPS(NAME)
#define DEFINE_ARITH32_LOOPS(NAME) DEFINE_CHEAP32_LOOPS(NAME)

/* The loops of a kernel k_NAME(x, p, f, d, f32, nr) built on exp.  The float64 loop
 * runs over blocks of NK_BLOCK elements and first checks the block with nr_NAME(x, p)
 * (_kernels.h): if it holds for every element (the kernel's exponentials then have
 * normal results and nothing needs lifting, as for all but extreme inputs) the block
 * runs with nr = NR_CHECKED, which drops those steps (the results are the same: see
 * nk_exp_normal); else with NR_ANY.  When the outputs do not overlap x, the check is
 * made in the same pass as the computation with NR_CHECKED, and the elements that fail
 * it are computed again with NR_ANY (nk_alone_note; a separate pass to check costs more
 * than nr saves when streaming from memory); else the block is checked first, and one
 * that fails is copied and run the same way.  Where
 * nr_scan_NAME(f, g) says that the outputs asked for gain nothing from nr (the values
 * of tanh and the ELUs come from expm1, whose cost nr does not change) the loop runs
 * straight with NR_ANY.  A NaN fails nr_NAME, and in that block's pass a NaN input gives
 * itself (quieted) for f and f': the formula's NaN had the sign of the default NaN in
 * the vectorized body and of the input in the scalar tail. */
#define NK_BLOCK 512

/* do the outputs f and g (NULL: not asked for) lie apart from the input x, each of the
 * same number of bytes? */
NK_INLINE int nk_apart_one(const char *x, const char *out, size_t bytes) {
    return out == NULL || out >= x + bytes || x >= out + bytes;
}
NK_INLINE int nk_outputs_apart(const void *x, const void *f, const void *g, size_t bytes) {
    return nk_apart_one(x, f, bytes) && nk_apart_one(x, g, bytes);
}

#define NK_KCALL(NAME, X, F32, NR) k_##NAME(X, p, &vf, &vd, F32, NR)

/* nk_alone_note: in a block with an input that a loop's fast path does not take (a NaN,
 * an extreme), that element alone is computed again, by a function that is not inlined
 * (NAME_d_alone, NAME_f_alone, FNAME_alone).  Inlined, GCC vectorized the loop over the
 * block that picks those elements, and so computed the full formula for every element
 * of the block: with one NaN in each block of 512 (10^5 elements, AVX2) float32
 * logistic took 3.85 ns an element instead of 0.90, swish 6.1 instead of 1.0, float64
 * logistic 6.3 instead of 2.3.  Where the outputs overlap the input, the loops check a
 * block before computing it, and copy one with such an input and run it as when apart
 * (the float64 exp loops had taken it whole by the full path, the float32 ones element
 * by element); GELU's float64 loop still takes it whole. */

/* for i in [I0, I1) where BAD (of i) holds: CALL; the test made 16 elements at a time
 * first (a loop the compiler vectorizes), element by element only where it holds */
#define NK_ALONE_LOOP(I0, I1, BAD, CALL)                                                \
    do {                                                                                \
        for (ptrdiff_t c0 = (I0); c0 < (I1); c0 += 16) {                                \
            ptrdiff_t c1 = (I1) - c0 < 16 ? (I1) : c0 + 16;                             \
            int any = 0;                                                                \
            for (ptrdiff_t i = c0; i < c1; i++) any |= (BAD);                           \
            if (any)                                                                    \
                for (ptrdiff_t i = c0; i < c1; i++)                                     \
                    if (BAD) CALL;                                                      \
        }                                                                               \
    } while (0)

/* NAME(XN, i, p, f, g): f[i] and g[i] (either may be NULL) of type TY from CALL, which
 * sets the doubles vf and vd from XN[i] (of type TX); not inlined (nk_alone_note) */
#define NK_DEFINE_ALONE(NAME, TX, XN, TY, CALL)                                         \
    NK_NOINLINE void NAME(const TX *XN, ptrdiff_t i, const params *p, TY *f, TY *g) {   \
        double vf, vd;                                                                  \
        CALL;                                                                           \
        if (f) f[i] = (TY)vf;                                                           \
        if (g) g[i] = (TY)vd;                                                           \
    }

#define DEFINE_EXP_D_LOOP(NAME)                                                          \
    NK_DEFINE_ALONE(NAME##_d_alone, double, x, double, { /* x[i] by the full path */    \
        NK_KCALL(NAME, x[i], RESULT_F64, NR_ANY);                                       \
        nk_nan_self(x[i], &vf, &vd); /* itself, wherever it lies */                     \
    })                                                                                  \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,            \
                         const params *pp) {                                            \
        NK_LOOP_START();                                                                \
        if (!nr_scan_##NAME(f, g)) {                                                    \
            NK_FG_LOOP(double, 0, n, NK_KCALL(NAME, x[i], RESULT_F64, NR_ANY));         \
            return;                                                                     \
        }                                                                               \
        int apart = nk_outputs_apart(x, f, g, (size_t)n * sizeof *x);                   \
        double xs[NK_BLOCK];                                                            \
        for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_BLOCK) {                                \
            ptrdiff_t i1 = n - i0 < NK_BLOCK ? n : i0 + NK_BLOCK;                       \
            /* in place, a block is checked first: one that passes is computed there,  \
             * one with an input that fails is copied to xs and run as when apart */    \
            int out = 0; /* some element of the block fails nr_NAME */                 \
            if (!apart)                                                                 \
                for (ptrdiff_t i = i0; i < i1; i++) out |= !nr_##NAME(x[i], p);         \
            if (!apart && !out) {                                                       \
                NK_FG_LOOP(double, i0, i1, NK_KCALL(NAME, x[i], RESULT_F64, NR_CHECKED)); \
                continue;                                                               \
            }                                                                           \
            const double *xb = out ? xs : x + i0; /* the block's inputs, from 0 */     \
            if (out) memcpy(xs, x + i0, (size_t)(i1 - i0) * sizeof *x);                 \
            out = 0; /* the short path for every element, checking them */             \
            NK_FG_LOOP(double, i0, i1, {                                                \
                out |= !nr_##NAME(xb[i - i0], p);                                       \
                NK_KCALL(NAME, xb[i - i0], RESULT_F64, NR_CHECKED);                     \
            });                                                                         \
            if (out) /* the elements that fail, again by the full path */              \
                NK_ALONE_LOOP(0, i1 - i0, !nr_##NAME(xb[i], p),                         \
                              NAME##_d_alone(xb, i, p, f ? f + i0 : NULL, g ? g + i0 : NULL)); \
        }                                                                               \
    }

/* the float32 loop FNAME of a kernel built on exp, in double */
#define DEFINE_EXP_F_LOOP_AS(NAME, FNAME)                                               \
    static void FNAME(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *pp) {                                            \
        NK_LOOP_START();                                                                \
        NK_F32_TRANSCENDENTAL(NK_KCALL(NAME, (double)x[i], RESULT_F32, NR_ANY),         \
                              NK_KCALL(NAME, xb[i], RESULT_F32, NR_ANY));               \
    }

#define DEFINE_EXP_LOOPS(NAME) DEFINE_EXP_D_LOOP(NAME) DEFINE_EXP_F_LOOP_AS(NAME, NAME##_f)

/* The float32 loop of a kernel with a formula in float32 arithmetic, k32_NAME
 * (_formulas.h), where the target has a fused multiply-add and setup32_NAME(&params)
 * takes the parameters (else the double loop, NAME_f64): blocks of NK_F32_BLOCK
 * elements, each run by k32_NAME (vectorized) with the check n32_NAME(x, p) made in the
 * same pass (k32_NAME gives an input it does not take some value, inf or NaN perhaps,
 * which is overwritten: floating-point exceptions only set flags); in a block with an
 * element that fails it, that element again with the double formula (NAME_f_alone), so
 * an element's result never depends on its neighbours.  Where an output overlaps x a
 * block is checked first and, if every element passes, computed in place; else its
 * inputs are copied and it runs as above (before, it went element by element through
 * the scalar formula: in place with one NaN in each block of 512, 10^5 elements, AVX2,
 * logistic's fused call took 9.3 ns an element instead of 1.5, ELU's 22 instead of
 * 1.9; now 1.8 and 2.4, each timed with a copy of its input before the call).  A
 * NaN input gives itself (quieted) for f and f': the double formula's NaN is the
 * default NaN of an invalid operation where the compiler vectorized this loop and the
 * input's in its scalar tail, so its sign would depend on where the element lies. */
#define NK_FG32_LOOP(NAME, START, END)                                                  \
    NK_FG_LOOP_VARS(float, f, g, START, END, wf, wd, k32_##NAME(x[i], p, &wf, &wd))

/* The kernels built on exp in two stages: k32a_NAME(x, p, &e0, &e1, &e2, &e3)
 * computes the exponential (four floats: two pairs) and k32b_NAME(x, e0, e1, e2, e3,
 * p, &f, &d) the rest; NK32_TWO_STAGES(NAME) makes k32_NAME of the two in a row.  The
 * native loop runs them as two passes over each block, the four floats kept in arrays
 * (NK_NATIVE32_PASSES): each element's chain of dependent operations is then two
 * shorter ones, and the processor overlaps more elements (one element's chain is
 * longer than the operations it holds in flight for eight).  The same operations, so
 * the same bits.  (In place, the check that a block may be computed there is made in
 * the first pass, which writes only the arrays.)  On AMD Zen 2 (AVX2, 10^5 and 10^7
 * elements), against one pass: swish f' 0.75-0.80 of the time and f 0.89-0.94,
 * logistic f' 0.81-0.87, softplus and log-sigmoid f 0.74-0.80 and the fused call
 * 0.68-0.76, tanh f' 0.76-0.86 and f 0.92-0.97.  Logistic's value alone keeps one pass
 * (NK32_TWO_STAGES_FOR_DERIVATIVE: in two, 1.00 and 1.12 times as long), and so do
 * softplus' and log-sigmoid's derivatives alone, which are logistic's value and do not
 * read the first stage's exp (NK32_TWO_STAGES_FOR_VALUE).  The other
 * kernels built on exp are one stage (NK32_ONE_STAGE(NAME): staged32_NAME =
 * NK32_ONE_PASS, and k32a_NAME, nothing, and k32b_NAME, k32_NAME, for the loop to
 * name): a loop of f' alone or f alone drops what it does not store, which the arrays
 * would keep (ELU's f' took 1.18 times as long in two stages).  The _MODE forms take
 * the mode last, as k32_NAME does. */
#define NK32_STAGE_ARGS float *e0, float *e1, float *e2, float *e3
#define NK32_STAGE_VALUES float e0, float e1, float e2, float e3
/* staged32_NAME: one pass, two passes where f' is asked for, two passes, or two
 * passes where f is asked for */
#define NK32_ONE_PASS 0
#define NK32_TWO_PASSES_FOR_DERIVATIVE 1
#define NK32_TWO_PASSES 2
#define NK32_TWO_PASSES_FOR_VALUE 3
#define NK32_TWO_STAGES_WITH(NAME, WHEN, MODE_PARAM, MODE_ARG)                          \
    enum { staged32_##NAME = WHEN };                                                    \
    NK_INLINE void k32_##NAME(float x, const params *p, float *f, float *d MODE_PARAM) { \
        float e0, e1, e2, e3;                                                           \
        k32a_##NAME(x, p, &e0, &e1, &e2, &e3 MODE_ARG);                                 \
        k32b_##NAME(x, e0, e1, e2, e3, p, f, d MODE_ARG);                               \
    }
#define NK32_ONE_STAGE_WITH(NAME, MODE_PARAM, MODE_ARG, MODE_UNUSED)                    \
    enum { staged32_##NAME = NK32_ONE_PASS };                                           \
    NK_INLINE void k32a_##NAME(float x, const params *p, NK32_STAGE_ARGS MODE_PARAM) {  \
        (void)x, (void)p, (void)e0, (void)e1, (void)e2, (void)e3;                       \
        MODE_UNUSED                                                                     \
    }                                                                                   \
    NK_INLINE void k32b_##NAME(float x, NK32_STAGE_VALUES, const params *p, float *f,   \
                               float *d MODE_PARAM) {                                   \
        (void)e0, (void)e1, (void)e2, (void)e3;                                         \
        k32_##NAME(x, p, f, d MODE_ARG);                                                \
    }
#define NK32_COMMA ,
#define NK32_TWO_STAGES(NAME) NK32_TWO_STAGES_WITH(NAME, NK32_TWO_PASSES, , )
#define NK32_TWO_STAGES_FOR_DERIVATIVE(NAME)                                            \
    NK32_TWO_STAGES_WITH(NAME, NK32_TWO_PASSES_FOR_DERIVATIVE, , )
#define NK32_TWO_STAGES_MODE(NAME)                                                      \
    NK32_TWO_STAGES_WITH(NAME, NK32_TWO_PASSES, NK32_COMMA const int mode, NK32_COMMA mode)
#define NK32_TWO_STAGES_FOR_VALUE_MODE(NAME)                                            \
    NK32_TWO_STAGES_WITH(NAME, NK32_TWO_PASSES_FOR_VALUE, NK32_COMMA const int mode,    \
                         NK32_COMMA mode)
#define NK32_TWO_STAGES_FOR_VALUE(NAME)                                                 \
    NK32_TWO_STAGES_WITH(NAME, NK32_TWO_PASSES_FOR_VALUE, , )
#define NK32_ONE_STAGE(NAME) NK32_ONE_STAGE_WITH(NAME, , , )
#define NK32_ONE_STAGE_MODE(NAME)                                                       \
    NK32_ONE_STAGE_WITH(NAME, NK32_COMMA const int mode, NK32_COMMA mode, (void)mode;)

/* the pass or passes of NAME's native kernel over the m inputs at xb into f and g
 * (either may be NULL), which sets out where an input fails n32_NAME, checked in the
 * first pass; IN_PLACE: an output is xb, and nothing is written where one fails (the
 * check is then a pass of its own before the one-pass kernel) */
#define NK_NATIVE32_PASSES(NAME, IN_PLACE)                                              \
    do {                                                                                \
        float wf, wd;                                                                   \
        if (staged32_##NAME == NK32_TWO_PASSES ||                                       \
            (staged32_##NAME == NK32_TWO_PASSES_FOR_DERIVATIVE && g) ||                 \
            (staged32_##NAME == NK32_TWO_PASSES_FOR_VALUE && f)) {                      \
            float e0[NK_F32_BLOCK], e1[NK_F32_BLOCK], e2[NK_F32_BLOCK], e3[NK_F32_BLOCK]; \
            for (ptrdiff_t i = 0; i < m; i++) {                                         \
                out |= !n32_##NAME(xb[i], p);                                           \
                k32a_##NAME(xb[i], p, &e0[i], &e1[i], &e2[i], &e3[i]);                  \
            }                                                                           \
            if (!((IN_PLACE) && out))                                                   \
                NK_FG_LOOP_VARS(float, f, g, 0, m, wf, wd,                              \
                                k32b_##NAME(xb[i], e0[i], e1[i], e2[i], e3[i], p, &wf,  \
                                            &wd));                                      \
        } else if (IN_PLACE) {                                                          \
            for (ptrdiff_t i = 0; i < m; i++) out |= !n32_##NAME(xb[i], p);             \
            if (!out)                                                                   \
                NK_FG_LOOP_VARS(float, f, g, 0, m, wf, wd,                              \
                                k32_##NAME(xb[i], p, &wf, &wd));                        \
        } else                                                                          \
            NK_FG_LOOP_VARS(float, f, g, 0, m, wf, wd, {                                \
                out |= !n32_##NAME(xb[i], p);                                           \
                k32_##NAME(xb[i], p, &wf, &wd);                                         \
            });                                                                         \
    } while (0)

/* NK_NATIVE32_F_LOOP_WITH(NAME, DOUBLE_CALL, FIXED, FIX): the loop, and where FIXED is 1,
 * after each block FIX(XB, G, M) with the block's M inputs at XB and its derivatives at
 * G, when the derivative is asked for: a kernel whose k32_NAME leaves a rare case of its
 * derivative to a second formula sets those elements there (swish near the root of its
 * derivative: NK32_FIX_swish, _formulas.h), so that the vectorized loop does not compute
 * that formula for every element */
#define NK_NO_FIX32(XB, G, M) ((void)0)
/* NAME_f_block: f and f' (either may be NULL) of the m elements at xb, which the
 * outputs do not overlap */
#define NK_NATIVE32_F_BLOCK(NAME)                                                       \
    NK_INLINE void NAME##_f_block(const float *xb, float *f, float *g, ptrdiff_t m,     \
                                  const params *p) {                                    \
        int out = 0;                                                                    \
        NK_NATIVE32_PASSES(NAME, 0);                                                    \
        if (out) /* the pass above has the others' results */                           \
            NK_ALONE_LOOP(0, m, !n32_##NAME(xb[i], p), NAME##_f_alone(xb, i, p, f, g)); \
    }
/* NAME_f_in_place: the same where an output is the input, for a block whose every
 * element passes the check; returns whether it did (else nothing is written: the block
 * is then copied and run by NAME_f_block) */
#define NK_NATIVE32_F_IN_PLACE(NAME)                                                    \
    NK_INLINE int NAME##_f_in_place(const float *xb, float *f, float *g, ptrdiff_t m,   \
                                    const params *p) {                                  \
        int out = 0;                                                                    \
        NK_NATIVE32_PASSES(NAME, 1);                                                    \
        return !out;                                                                    \
    }
#define NK_NATIVE32_F_LOOP_WITH(NAME, DOUBLE_CALL, FIXED, FIX)                         \
    NK_DEFINE_ALONE(NAME##_f_alone, float, x, float, { /* x[i] by the double formula */ \
        DOUBLE_CALL;                                                                    \
        nk_nan_self(x[i], &vf, &vd); /* itself, wherever it lies */                     \
    })                                                                                  \
    NK_NATIVE32_F_BLOCK(NAME)                                                           \
    NK_NATIVE32_F_IN_PLACE(NAME)                                                        \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *pp) {                                            \
        NK_LOOP_START(int ok32 = setup32_##NAME(&q););                                  \
        (void)vf, (void)vd; /* the double formula's: NAME_f_alone */                    \
        if (!NK_NATIVE32 || !ok32) {                                                    \
            NAME##_f64(x, f, g, n, pp);                                                 \
            return;                                                                     \
        }                                                                               \
        float xs[NK_F32_BLOCK];                                                         \
        int apart = nk_outputs_apart(x, f, g, (size_t)n * sizeof *x);                   \
        for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_F32_BLOCK) {                            \
            ptrdiff_t m = n - i0 < NK_F32_BLOCK ? n - i0 : NK_F32_BLOCK;                \
            const float *xb = x + i0;                                                   \
            float *fb = f ? f + i0 : NULL, *gb = g ? g + i0 : NULL;                     \
            if (!apart) {                                                               \
                if (!((FIXED) && g) && NAME##_f_in_place(xb, fb, gb, m, p)) continue;   \
                memcpy(xs, xb, (size_t)m * sizeof *x);                                  \
                xb = xs;                                                                \
            }                                                                           \
            NAME##_f_block(xb, fb, gb, m, p);                                           \
            if ((FIXED) && g) FIX(xb, gb, m);                                           \
        }                                                                               \
    }

/* The float64 loop of a kernel written in three stages: k1_NAME(x, p, &a, &b, &c), q =
 * k2_NAME(a, b, c) and k3_NAME(x, p, a, b, c, q, &f, &d), k_NAME's operations in the
 * same order (the same bits), run as three passes over each block of NK_BLOCK elements
 * with a, b, c and q in arrays (sa, sb, sc, sq).  Each element's chain of dependent
 * operations is then three shorter ones, and the processor overlaps more elements (as
 * the float32 loops of two stages, NK_NATIVE32_PASSES): log-sigmoid's float64 f'(y),
 * about 34 operations for four elements in a chain of about 50 cycles (by count), took
 * 1.40-1.45 ns an element at 10^5 in three passes, 1.77-1.83 in one and 1.47-1.50 in
 * two (the reduction, then the rest; AMD EPYC, Zen 2, AVX2, the same arithmetic).  No
 * element needs another formula (the stages handle every input, NaN included), and in
 * place the third pass reads each input before it writes that element's results. */
#define DEFINE_STAGED_D_LOOP(NAME)                                                      \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,            \
                         const params *pp) {                                            \
        NK_LOOP_START();                                                                \
        double sa[NK_BLOCK], sb[NK_BLOCK], sc[NK_BLOCK], sq[NK_BLOCK];                  \
        for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_BLOCK) {                                \
            ptrdiff_t m = n - i0 < NK_BLOCK ? n - i0 : NK_BLOCK;                        \
            const double *xb = x + i0;                                                  \
            double *fb = f ? f + i0 : NULL, *gb = g ? g + i0 : NULL;                    \
            for (ptrdiff_t i = 0; i < m; i++)                                           \
                k1_##NAME(xb[i], p, &sa[i], &sb[i], &sc[i]);                            \
            for (ptrdiff_t i = 0; i < m; i++) sq[i] = k2_##NAME(sa[i], sb[i], sc[i]);   \
            NK_FG_LOOP_TO(double, fb, gb, 0, m,                                         \
                          k3_##NAME(xb[i], p, sa[i], sb[i], sc[i], sq[i], &vf, &vd));   \
        }                                                                               \
    }

/* the loops of a kernel built on exp with a float32 formula: the float64 loop of
 * DEFINE_EXP_LOOPS, its float32 loop as NAME_f64, and the native one (with FIX after
 * each block, or none: NK_NATIVE32_F_LOOP_WITH) */
#define NK_EXP32_LOOPS_WITH(NAME, FIXED, FIX)                                           \
    DEFINE_EXP_D_LOOP(NAME)                                                             \
    DEFINE_EXP_F_LOOP_AS(NAME, NAME##_f64)                                              \
    NK_NATIVE32_F_LOOP_WITH(NAME, NK_KCALL(NAME, (double)x[i], RESULT_F32, NR_ANY), FIXED, FIX)
#define DEFINE_EXP32_LOOPS(NAME) NK_EXP32_LOOPS_WITH(NAME, 0, NK_NO_FIX32)
/* the loops of EXP32 with the float64 loop of three passes */
#define DEFINE_STAGED32_LOOPS(NAME)                                                     \
    DEFINE_STAGED_D_LOOP(NAME)                                                          \
    DEFINE_EXP_F_LOOP_AS(NAME, NAME##_f64)                                              \
    NK_NATIVE32_F_LOOP_WITH(NAME, NK_KCALL(NAME, (double)x[i], RESULT_F32, NR_ANY), 0,  \
                            NK_NO_FIX32)
#define DEFINE_EXP32_FIX_LOOPS(NAME, FIX) NK_EXP32_LOOPS_WITH(NAME, 1, FIX)

/* The float32 loop FNAME of the kernels with a vector loop of their own (_float32x16.h
 * with AVX-512, _float32x8.h with AVX2), after the statement START (which may hand the
 * call to another loop and return): blocks of NK_F32_BLOCK elements, each by
 * BLOCK(xb, f, g, n, p), which stores f and f' (either may be NULL) and returns whether
 * an element is not ordinary; each element of such a block that is not ordinary
 * (ORDINARY, of xb[i], fails) again by FALLBACK, which sets the doubles vf and vd from
 * xb[i].  Where an output overlaps the input the block is copied first (else read
 * where it is). */
#define DEFINE_F32_BLOCKS_LOOP(BLOCK, FNAME, START, ORDINARY, FALLBACK)                 \
    NK_DEFINE_ALONE(FNAME##_alone, float, xb, float, FALLBACK) /* xb[i] by FALLBACK */ \
    static void FNAME(const float *x, float *f, float *g, ptrdiff_t n, const params *pp) { \
        params q = *pp;                                                                 \
        const params *p = &q;                                                           \
        START;                                                                          \
        float buf[NK_F32_BLOCK];                                                        \
        const int apart = nk_outputs_apart(x, f, g, (size_t)n * sizeof *x);             \
        for (ptrdiff_t i0 = 0; i0 < n; i0 += NK_F32_BLOCK) {                            \
            ptrdiff_t mb = n - i0 < NK_F32_BLOCK ? n - i0 : NK_F32_BLOCK;               \
            const float *xb = x + i0;                                                   \
            if (!apart) {                                                               \
                memcpy(buf, xb, (size_t)mb * sizeof(float));                            \
                xb = buf;                                                               \
            }                                                                           \
            if (!BLOCK(xb, f ? f + i0 : NULL, g ? g + i0 : NULL, mb, p)) continue;      \
            NK_ALONE_LOOP(0, mb, !(ORDINARY),                                           \
                          FNAME##_alone(xb, i, p, f ? f + i0 : NULL, g ? g + i0 : NULL));   \
        }                                                                               \
    }

/* loops for a kernel k_NAME(x, p, f, d, mode, ...) of a scaled argument, one per mode,
 * and the functions that pick one by the mode in p->b */
#define DEFINE_MODE_DISPATCH(NAME)                                                      \
    static void NAME##_d(const double *x, double *f, double *g, ptrdiff_t n,            \
                         const params *p) {                                             \
        (p->b == MODE_EXACT ? NAME##_0_d : p->b == MODE_ROUNDED ? NAME##_1_d : NAME##_2_d)( \
            x, f, g, n, p);                                                             \
    }                                                                                   \
    static void NAME##_f(const float *x, float *f, float *g, ptrdiff_t n,               \
                         const params *p) {                                             \
        (p->b == MODE_EXACT ? NAME##_0_f : p->b == MODE_ROUNDED ? NAME##_1_f : NAME##_2_f)( \
            x, f, g, n, p);                                                             \
    }

/* (M is the numeric value of the mode: it names the loops NAME_0, NAME_1, NAME_2) */
/* the float32 kernel and its setup for mode M under the names the loops use */
#define NK_FLOAT32_MODE_WRAPPERS(NAME, M)                                               \
    NK_INLINE void k32_##NAME##_##M(float x, const params *p, float *f, float *d) {     \
        k32_##NAME(x, p, f, d, M);                                                      \
    }                                                                                   \
    NK_INLINE int setup32_##NAME##_##M(params *p) { return setup32_##NAME(p, M); }
#define NK_CHEAP_MODE_WRAPPER(NAME, M)                                                  \
    NK_INLINE void k_##NAME##_##M(double x, const params *p, double *f, double *d,      \
                                  const int f32) {                                      \
        k_##NAME(x, p, f, d, M, f32);                                                   \
    }
#define NK_CHEAP_MODE(NAME, M) NK_CHEAP_MODE_WRAPPER(NAME, M) DEFINE_CHEAP_LOOPS(NAME##_##M)
#define NK_CHEAP32_MODE(NAME, M)                                                        \
    NK_CHEAP_MODE_WRAPPER(NAME, M)                                                      \
    NK_FLOAT32_MODE_WRAPPERS(NAME, M)                                                   \
    DEFINE_CHEAP32_LOOPS(NAME##_##M)
/* the same with a float32 formula (given the mode; setup32_NAME(p, mode) says which
 * modes and parameters it takes) */
#define DEFINE_CHEAP32_MODE_LOOPS(NAME)                                                 \
    NK_CHEAP32_MODE(NAME, 0) NK_CHEAP32_MODE(NAME, 1) NK_CHEAP32_MODE(NAME, 2)          \
    DEFINE_MODE_DISPATCH(NAME)
#define DEFINE_CHEAP_MODE_LOOPS(NAME)                                                   \
    NK_CHEAP_MODE(NAME, 0) NK_CHEAP_MODE(NAME, 1) NK_CHEAP_MODE(NAME, 2)                \
    DEFINE_MODE_DISPATCH(NAME)

/* the double kernel and checks of mode M under the names the loops use */
#define NK_EXP_MODE_WRAPPERS(NAME, M)                                                   \
    NK_INLINE void k_##NAME##_##M(double x, const params *p, double *f, double *d,      \
                                  const int f32, const int nr) {                        \
        k_##NAME(x, p, f, d, M, f32, nr);                                               \
    }                                                                                   \
    NK_INLINE int nr_##NAME##_##M(double x, const params *p) { return nr_##NAME(x, p); } \
    NK_INLINE int nr_scan_##NAME##_##M(const void *f, const void *g) {                  \
        return nr_scan_##NAME(f, g);                                                    \
    }
#define NK_EXP_MODE(NAME, M) NK_EXP_MODE_WRAPPERS(NAME, M) DEFINE_EXP_LOOPS(NAME##_##M)
#define NK_EXP32_MODE(NAME, M)                                                          \
    NK_FLOAT32_MODE_WRAPPERS(NAME, M)                                                   \
    enum { staged32_##NAME##_##M = staged32_##NAME };                                   \
    NK_INLINE void k32a_##NAME##_##M(float x, const params *p, NK32_STAGE_ARGS) {       \
        k32a_##NAME(x, p, e0, e1, e2, e3, M);                                           \
    }                                                                                   \
    NK_INLINE void k32b_##NAME##_##M(float x, NK32_STAGE_VALUES, const params *p, float *f, \
                                     float *d) {                                        \
        k32b_##NAME(x, e0, e1, e2, e3, p, f, d, M);                                     \
    }                                                                                   \
    NK_INLINE int n32_##NAME##_##M(float x, const params *p) { return n32_##NAME(x, p); }
#define NK_EXP_MODE32(NAME, M)                                                          \
    NK_EXP_MODE_WRAPPERS(NAME, M) NK_EXP32_MODE(NAME, M) DEFINE_EXP32_LOOPS(NAME##_##M)
/* the same with a float32 formula (the mode is passed on to k32_NAME and setup32_NAME) */
#define DEFINE_EXP32_MODE_LOOPS(NAME)                                                   \
    NK_EXP_MODE32(NAME, 0) NK_EXP_MODE32(NAME, 1) NK_EXP_MODE32(NAME, 2)                \
    DEFINE_MODE_DISPATCH(NAME)
#define DEFINE_EXP_MODE_LOOPS(NAME)                                                     \
    NK_EXP_MODE(NAME, 0) NK_EXP_MODE(NAME, 1) NK_EXP_MODE(NAME, 2)                      \
    DEFINE_MODE_DISPATCH(NAME)

/* the mode numbers the loops are named by */
_Static_assert(MODE_EXACT == 0 && MODE_ROUNDED == 1 && MODE_CORRECTED == 2,
               "the loops NAME_0, NAME_1, NAME_2 are those of the modes, in order");

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

#endif
