/*
 * neuronkit/_buffers.c: a cache of large output buffers.
 *
 * Why: a fresh multi-megabyte array comes from mmap, and the kernel zeroes each of
 * its pages when it is first written.  For an activation that streams at memory
 * speed this page-fault work is a large part of an allocating call, and a training
 * loop or a benchmark allocates the same sizes again and again.  So the engine allocates large
 * results through this allocator (a NumPy memory handler, set only around that
 * allocation), and a freed buffer is kept, up to a limit in bytes, for the next
 * request of the same size class: its pages are already mapped and no fault is taken.
 * This is what PyTorch's caching allocators and jemalloc's retained pages do.
 *
 * Layout: the data are preceded by a 64-byte header holding the block's capacity and
 * the data's offset in it, so that realloc and free know them (NumPy's realloc does
 * not pass the old size).  Small blocks start with the header.  Blocks of NK_BUF_MIN
 * bytes or more have a capacity rounded up to whole 2 MiB pages (with 4 KiB to spare),
 * are 2 MiB aligned and advised as transparent huge pages (NumPy does the same for its
 * large arrays); their data start half a 4 KiB page from the input they are computed
 * from (data_offset: no 4K aliasing), or 2112 bytes in (64-byte aligned) without
 * one.  A freed one is cached (with its capacity) if it fits under the limit,
 * evicting the oldest cached blocks.  A request takes the most recently cached block
 * of exactly its capacity.  Smaller blocks use malloc and free.
 *
 * Large blocks are mapped and unmapped here (mmap, munmap), not taken from malloc, so
 * that what the cache holds is all the memory it keeps: `held` bytes of mappings,
 * of which at most that many are resident.  From malloc they kept more, and not only
 * their own: glibc raises its mmap threshold (up to 32 MiB) whenever a block it
 * mapped is freed, so an evicted block made later blocks of up to 32 MiB, ours and
 * NumPy's, come from the heap, where a freed block in the middle stays resident
 * (measured: 460 MiB retained with 254 MiB held, limit 256 MiB; 198 MiB with 104 held
 * in tests/test_buffer_cache.py's sequence).  A mapping is returned to the system the
 * moment it is evicted.
 *
 * The cache is shared by all threads (a mutex guards it; a forked child starts with
 * a fresh one) and holds at most NK_BUF_SLOTS blocks.
 */
#include "_buffers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__)
#include <pthread.h>
#include <sys/mman.h>
#define NK_BUF_CACHE 1
#endif

#define HEADER ((size_t)64)
#define PAGE ((size_t)2 << 20)
#define NK_BUF_SLOTS 8
/* where a large block's data start within its first 4 KiB page (see data_offset) */
#define SPAN ((size_t)4096)

/* the header sits just before the data: the block's capacity and where the data start */
typedef struct { size_t cap, off; } header;

static inline header *head_of(void *data) { return (header *)((char *)data - HEADER); }

#ifdef NK_BUF_CACHE
static _Thread_local uintptr_t near_hint = 0;

void nk_buf_near(const void *p) { near_hint = (uintptr_t)p; }
#else
static const uintptr_t near_hint = 0;  /* (no large blocks there: no hint needed) */

void nk_buf_near(const void *p) { (void)p; }
#endif

/* the data's offset in a large block (2 MiB aligned): half a 4 KiB page from the input
 * they are computed from (nk_buf_near), 16-byte aligned, past the header; without an
 * input, 64-byte aligned, half a page past the header (NumPy's large arrays start 16
 * bytes into glibc's blocks: 2096 bytes from these).  A store whose address matches a
 * later load's in the low 12 bits holds that load back (4K aliasing): with the data 64
 * bytes into the block, every output element was 48 bytes past its input's, and
 * ReLU's float64 loop at 10^6 took 0.37 ns an element instead of 0.31, tanh's 3.03
 * instead of 2.78 (AMD Zen 2) */
static size_t data_offset(void) {
    if (near_hint == 0) return HEADER + SPAN / 2;
    size_t off = (size_t)((near_hint + SPAN / 2) % SPAN) & ~(size_t)15;
    return off >= HEADER ? off : off + SPAN;
}

/* return a block of cap bytes to the system or to malloc */
static void release(void *raw, size_t cap) {
#ifdef NK_BUF_CACHE
    if (cap >= NK_BUF_MIN) {
        (void)munmap(raw, cap);
        return;
    }
#else
    (void)cap;
#endif
    free(raw);
}

/* a new block of cap bytes: mapped and 2 MiB aligned from NK_BUF_MIN bytes (cap is
 * then a multiple of PAGE), else from malloc */
static void *fresh(size_t cap) {
#ifdef NK_BUF_CACHE
    if (cap < NK_BUF_MIN) return malloc(cap);
    /* map PAGE more than needed, then unmap the unaligned head and the tail */
    char *map = mmap(NULL, cap + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (map == MAP_FAILED) return NULL;
    char *raw = (char *)(((uintptr_t)map + PAGE - 1) & ~(uintptr_t)(PAGE - 1));
    size_t head = (size_t)(raw - map), tail = PAGE - head;
    if (head > 0) (void)munmap(map, head);
    if (tail > 0) (void)munmap(raw + cap, tail);
#ifdef MADV_HUGEPAGE
    (void)madvise(raw, cap, MADV_HUGEPAGE);  /* a hint: failure changes nothing */
#endif
    return raw;
#else
    return malloc(cap);  /* elsewhere: plain blocks, no cache */
#endif
}

/* a block's capacity for size bytes: the header and size, or for a large one (cached,
 * from NK_BUF_MIN) whole 2 MiB pages with room for any data_offset */
static size_t capacity(size_t size) {
    if (size > SIZE_MAX - HEADER - 2 * PAGE) return 0;  /* overflow (fresh maps cap + PAGE) */
    size_t cap = size + HEADER;
    return cap < NK_BUF_MIN ? cap : (cap + SPAN + PAGE - 1) / PAGE * PAGE;
}

#ifdef NK_BUF_CACHE
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *slot[NK_BUF_SLOTS];     /* raw blocks, oldest first */
static size_t slot_cap[NK_BUF_SLOTS];
static int nslots = 0;
static size_t held = 0, limit = 0;
static int atfork_set = 0;

static void reset_in_child(void) {
    pthread_mutex_init(&lock, NULL);
}

/* remove slot i (under the lock); returns its block */
static void *take(int i) {
    void *raw = slot[i];
    held -= slot_cap[i];
    memmove(slot + i, slot + i + 1, (size_t)(nslots - i - 1) * sizeof slot[0]);
    memmove(slot_cap + i, slot_cap + i + 1, (size_t)(nslots - i - 1) * sizeof slot_cap[0]);
    nslots--;
    return raw;
}

/* evict the oldest blocks (under the lock) until `room` more bytes and one more block
 * fit; the evicted blocks and their capacities go to out[] and caps[], to be released
 * after unlocking */
static int evict(size_t room, void **out, size_t *caps) {
    int k = 0;
    while (nslots > 0 && (nslots >= NK_BUF_SLOTS || held + room > limit)) {
        caps[k] = slot_cap[0];
        out[k++] = take(0);
    }
    return k;
}
#endif

void *nk_buf_malloc(void *ctx, size_t size) {
    (void)ctx;
    size_t cap = capacity(size);
    if (cap == 0) return NULL;
    void *raw = NULL;
#ifdef NK_BUF_CACHE
    if (cap >= NK_BUF_MIN) {
        pthread_mutex_lock(&lock);
        for (int i = nslots - 1; i >= 0; i--)
            if (slot_cap[i] == cap) { raw = take(i); break; }
        pthread_mutex_unlock(&lock);
    }
#endif
    if (raw == NULL && (raw = fresh(cap)) == NULL) return NULL;
    size_t off = cap >= NK_BUF_MIN ? data_offset() : HEADER;
    header *h = head_of((char *)raw + off);
    h->cap = cap;
    h->off = off;
    return (char *)raw + off;
}

void *nk_buf_calloc(void *ctx, size_t nelem, size_t elsize) {
    if (elsize != 0 && nelem > SIZE_MAX / elsize) return NULL;
    size_t size = nelem * elsize;
    void *p = nk_buf_malloc(ctx, size);
    if (p != NULL) memset(p, 0, size);
    return p;
}

void *nk_buf_realloc(void *ctx, void *ptr, size_t new_size) {
    if (ptr == NULL) return nk_buf_malloc(ctx, new_size);
    size_t cap = head_of(ptr)->cap, room = cap - head_of(ptr)->off;
    if (new_size <= room && capacity(new_size) == cap) return ptr;
    void *q = nk_buf_malloc(ctx, new_size);
    if (q == NULL) return NULL;  /* ptr stays valid, as realloc promises */
    size_t keep = room < new_size ? room : new_size;
    memcpy(q, ptr, keep);
    nk_buf_free(ctx, ptr, 0);
    return q;
}

void nk_buf_free(void *ctx, void *ptr, size_t size) {
    (void)ctx; (void)size;  /* the header knows the capacity */
    if (ptr == NULL) return;
    void *raw = (char *)ptr - head_of(ptr)->off;
    size_t cap = head_of(ptr)->cap;
#ifdef NK_BUF_CACHE
    if (cap >= NK_BUF_MIN) {
        void *out[NK_BUF_SLOTS];
        size_t caps[NK_BUF_SLOTS];
        int k = 0, kept = 0;
        pthread_mutex_lock(&lock);
        if (cap <= limit) {
            k = evict(cap, out, caps);
            slot[nslots] = raw;
            slot_cap[nslots++] = cap;
            held += cap;
            kept = 1;
        }
        pthread_mutex_unlock(&lock);
        for (int i = 0; i < k; i++) release(out[i], caps[i]);
        if (kept) return;
    }
#endif
    release(raw, cap);
}

size_t nk_buf_set_limit(size_t new_limit) {
#ifdef NK_BUF_CACHE
    void *out[NK_BUF_SLOTS];
    size_t caps[NK_BUF_SLOTS];
    pthread_mutex_lock(&lock);
    if (!atfork_set) {
        pthread_atfork(NULL, NULL, reset_in_child);
        atfork_set = 1;
    }
    size_t old = limit;
    __atomic_store_n(&limit, new_limit, __ATOMIC_RELAXED);
    int k = evict(0, out, caps);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < k; i++) release(out[i], caps[i]);
    return old;
#else
    (void)new_limit;
    return 0;
#endif
}

size_t nk_buf_limit(void) {
#ifdef NK_BUF_CACHE
    return __atomic_load_n(&limit, __ATOMIC_RELAXED);
#else
    return 0;
#endif
}

void nk_buf_stats(size_t *lim, size_t *bytes, int *count) {
#ifdef NK_BUF_CACHE
    pthread_mutex_lock(&lock);
    *lim = limit;
    *bytes = held;
    *count = nslots;
    pthread_mutex_unlock(&lock);
#else
    *lim = 0;
    *bytes = 0;
    *count = 0;
#endif
}
