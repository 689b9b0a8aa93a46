/*
 * neuronkit/_kernels_api.h: what _ckernels.c shares with the kernel tables of
 * _kernels.h (one table per instruction set).
 */
#ifndef NEURONKIT_KERNELS_API_H
#define NEURONKIT_KERNELS_API_H

#include <stddef.h>

/* erfcx tables of neuronkit/_erf.py, handed over by set_erfcx_tables() */
#define ERF_NTAB 16
#define ERF_DEG 12
#define ERF_NTAIL 15
struct erf_tables {
    double a0_hi[ERF_NTAB], a0_lo[ERF_NTAB], poly[ERF_DEG][ERF_NTAB], tail[ERF_NTAIL];
    double k_hi, k_lo;
};

/* a kernel's parameters; tab is set only for GELU (its erfcx tables) */
typedef struct { double a, b, c, d; const struct erf_tables *tab; } params;

typedef void (*loop_d)(const double *, double *, double *, ptrdiff_t, const params *);
typedef void (*loop_f)(const float *, float *, float *, ptrdiff_t, const params *);
/* cheap: a loop that runs at memory speed (the piecewise functions), for which waking
 * a sleeping worker thread pays off only on larger inputs (see _parallel.c) */
typedef struct { const char *name; loop_d d; loop_f f; int cheap; } kernel_entry;

#endif
