/*
 * neuronkit/_buffers.h: the output-buffer cache of _buffers.c (see there), which
 * _ckernels.c hands to NumPy as a memory handler for large results.
 */
#ifndef NEURONKIT_BUFFERS_H
#define NEURONKIT_BUFFERS_H

#include <stddef.h>

/* buffers of at least this many bytes (header included) are cached when freed */
#define NK_BUF_MIN ((size_t)4 << 20)

/* the allocator, with the signatures of NumPy's PyDataMemAllocator (ctx unused) */
void *nk_buf_malloc(void *ctx, size_t size);
void *nk_buf_calloc(void *ctx, size_t nelem, size_t elsize);
void *nk_buf_realloc(void *ctx, void *ptr, size_t new_size);
void nk_buf_free(void *ctx, void *ptr, size_t size);

/* the input of the results this thread allocates next (NULL: none): their data are
 * placed half a 4 KiB page from it (_buffers.c) */
void nk_buf_near(const void *p);

/* set the most bytes the cache may hold (0 empties and disables it); returns the
 * previous limit */
size_t nk_buf_set_limit(size_t limit);
/* the limit (read without locking) */
size_t nk_buf_limit(void);
/* the limit, the bytes held and the number of buffers held */
void nk_buf_stats(size_t *limit, size_t *bytes, int *count);

#endif
