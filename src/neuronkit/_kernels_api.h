/*
 * neuronkit/_kernels_api.h: what _ckernels.c shares with the kernel tables of
 * _kernels.h (one table per instruction set) and with the Python side
 * (neuronkit/_compiled.py and the activations' parameter packers).
 */
#ifndef NEURONKIT_KERNELS_API_H
#define NEURONKIT_KERNELS_API_H

#include <stddef.h>

/* erfcx tables of neuronkit/_erf.py, handed over by set_erfcx_tables() */
#define ERF_NTAB 16
#define ERF_DEG 12
#define ERF_NTAIL 15
#define ERF_ROW 16 /* a0_hi, a0_lo, poly[0..ERF_DEG-1], two zeros */
struct erf_tables {
    double a0_hi[ERF_NTAB], a0_lo[ERF_NTAB], poly[ERF_DEG][ERF_NTAB], tail[ERF_NTAIL];
    double k_hi, k_lo;
    /* the same coefficients interval by interval (row i: interval i's a0_hi, a0_lo,
     * poly[0..ERF_DEG-1] and two zeros), for AVX2's erfcx_block, which loads an
     * interval's row and transposes four of them in registers (a gather per
     * coefficient is slower) */
    double rows[ERF_NTAB][ERF_ROW];
};

/* a kernel's parameters; tab is set only for the kernels that use erfcx (their tables) */
/* a, b, c, d: the parameters as the Python side packs them; fa, fb, fc, fd: float
 * versions that a float32 loop may derive from them when it starts (setup32_NAME) */
typedef struct {
    double a, b, c, d;
    const struct erf_tables *tab;
    float fa, fb, fc, fd;
    /* 0 and 1, set by the caller (NK_PARAMS_INIT): a clip to [0, 1] against these
     * loaded bounds compiles to a max and a min; against the constants, GCC threads
     * the second compare through the first's arms and makes of the two selects five
     * compares, ands and blends (k_hard_logistic).  Other bounds are derived from them
     * for the same reason (-zero in both hard-swish kernels, one times a bound in
     * k32_softsign and in both clips of log-sigmoid's f'(y)) */
    double zero, one;
} params;
#define NK_PARAMS_INIT {0.0, 0.0, 0.0, 0.0, NULL, 0.0f, 0.0f, 0.0f, 0.0f, 0.0, 1.0}

/* what call() computes: the numbers of VALUE, DERIVATIVE, BOTH in _compiled.py */
enum nk_which { NK_VALUE = 0, NK_DERIVATIVE = 1, NK_BOTH = 2 };

/* How a kernel with a scaled argument (softplus and swish: beta x; celu: x / alpha;
 * hard_logistic: slope x) forms it; the Python packers pass the number in p.b, and
 * each mode has loops of its own (_loops.h):
 *   MODE_EXACT      the scaling is exact or absent (beta = 1; alpha or the slope a
 *                   power of two): no rounding error to recover
 *   MODE_ROUNDED    rounded once and used as it is (beta x exact or too large to split)
 *   MODE_CORRECTED  rounded, and its rounding error recovered by an exact product */
enum nk_mode { MODE_EXACT = 0, MODE_ROUNDED = 1, MODE_CORRECTED = 2 };

typedef void (*loop_d)(const double *, double *, double *, ptrdiff_t, const params *);
typedef void (*loop_f)(const float *, float *, float *, ptrdiff_t, const params *);

/* one kernel: its name (Python looks kernels up by it), its float64 and float32 loops,
 *   cheap        a loop that runs at memory speed (the piecewise functions but those
 *                with a division, a square root or several products in double), for which
 *                waking a sleeping worker thread pays off only on larger inputs
 *                (see _parallel.c)
 *   uses_erfcx   the loops read the erfcx tables (set_erfcx_tables() must come first) */
typedef struct {
    const char *name;
    loop_d d;
    loop_f f;
    int cheap;
    int uses_erfcx;
    int native32; /* has float32 loops in float32 arithmetic (_float32.h) */
    loop_f slope32; /* or NULL: the float32 loop for the calls that ask for f' */
    int slope32_f;  /* slope32 takes the calls that ask for f alone too */
} kernel_entry;

#endif
