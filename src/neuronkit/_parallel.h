/*
 * neuronkit/_parallel.h: running a kernel loop over an array, on this thread or
 * split over the worker threads of _parallel.c.
 */
#ifndef NEURONKIT_PARALLEL_H
#define NEURONKIT_PARALLEL_H

#include <stddef.h>

#include "_kernels_api.h"

/* kernel k's loop over n elements of x into f and g (either may be NULL); fmt 'd' for
 * double, 'f' for float.  The first elements, up to where the first output is 64-byte
 * aligned, go through a call of their own (see _parallel.c). */
void nk_run_loop(const kernel_entry *k, char fmt, const void *x, void *f, void *g,
                 ptrdiff_t n, const params *p);

/* the same, split into parts of whole cache lines that this thread and the pool's
 * workers (up to `threads` in all) claim as they go; returns when all are done.  Below
 * NK_PARALLEL_FROM elements (NK_PARALLEL_COSTLY_FROM for a kernel that is not cheap), or
 * if another call holds the pool, it runs on this thread alone.  Call without the GIL. */
void nk_run_parallel(const kernel_entry *k, char fmt, const void *x, void *f, void *g,
                     ptrdiff_t n, const params *p, int threads);

/* below this many elements a second thread does not pay for itself: NK_PARALLEL_FROM
 * for the loops that run at memory speed (kernel_entry.cheap), NK_PARALLEL_COSTLY_FROM
 * for the others */
#define NK_PARALLEL_FROM ((ptrdiff_t)1 << 15)
#define NK_PARALLEL_COSTLY_FROM ((ptrdiff_t)1 << 13)

/* the most threads nk_run_parallel uses (this one and the workers) */
#define NK_MAX_THREADS 64

#endif
