/*
 * neuronkit/_parallel.c: kernel loops on this thread or over a pool of workers.
 *
 * Why a pool in C: handing two halves of an array to Python's ThreadPoolExecutor
 * costs more per call than a ReLU over 10^5 elements takes on one core (each worker
 * has to wake up and take the GIL before it can release it again).
 * These workers are plain threads that never touch Python: a call publishes a job of
 * NK_PARTS_PER_THREAD parts per thread, and every thread, the caller first, claims
 * parts one by one until none is left, its own first (run_unclaimed); the caller then
 * waits only for the parts that workers claimed.  After a job a worker polls for the
 * next one for NK_SPIN_NS (50 us) before it sleeps on a condition variable, so
 * back-to-back calls find it awake; a
 * sleeping one is woken by a broadcast.  Waking a sleeping thread can take longer
 * than the whole job (the idle virtual CPU has to be woken too): with a fixed half for
 * each thread the caller would wait that long.  With parts claimed as they go, a late
 * worker finds the parts done and the caller never waits for it to wake.  Waking
 * costs the caller too (a system call), and a worker that wakes late has little left
 * to do: so sleeping workers are woken only for inputs of NK_WAKE_FROM elements or
 * more (NK_WAKE_CHEAP_FROM for the loops that run at memory speed), where a second
 * thread still saves more than that, or when the previous call ended less than
 * NK_SPIN_NS ago (back-to-back calls: once woken, the workers stay awake through
 * them).  Workers that are awake join every job.
 *
 * One call owns the pool at a time; a call from another thread meanwhile runs on its
 * own thread alone.  The workers are started on first use; a forked child starts
 * without them (they do not exist there) and starts its own.
 */
#include "_parallel.h"

#include <stdint.h>

/* The first elements, up to where the first output is 64-byte aligned, go through a
 * call of their own, so that the vector stores of the main call do not straddle
 * cache lines: NumPy's large arrays are 16 mod 64, and two streams of split 64-byte
 * stores (a fused call) are much slower than aligned ones.  x usually has the outputs'
 * alignment and follows them. */
void nk_run_loop(const kernel_entry *k, char fmt, const void *x, void *f, void *g,
                 ptrdiff_t n, const params *p) {
    size_t size = fmt == 'd' ? sizeof(double) : sizeof(float);
    uintptr_t out = (uintptr_t)(f != NULL ? f : g);
    ptrdiff_t head = out % size ? 0 : (ptrdiff_t)(((64 - out % 64) % 64) / size);
    for (int part = 0; part < 2; part++) {
        ptrdiff_t m = part == 0 ? (head < n ? head : n) : n;
        if (m > 0) {
            if (fmt == 'd') k->d((const double *)x, (double *)f, (double *)g, m, p);
            else if ((g != NULL || k->slope32_f) && k->slope32 != NULL)
                k->slope32((const float *)x, (float *)f, (float *)g, m, p);
            else k->f((const float *)x, (float *)f, (float *)g, m, p);
        }
        x = (const char *)x + m * size;
        f = f ? (char *)f + m * size : NULL;
        g = g ? (char *)g + m * size : NULL;
        n -= m;
    }
}

#if defined(__unix__)
#include <pthread.h>
#include <time.h>

#define NK_SPIN_NS 50000
/* wake sleeping workers from this many elements: below, waking one costs about as
 * much as the part of the work it arrives in time for */
#define NK_WAKE_FROM ((ptrdiff_t)1 << 16)
#define NK_WAKE_CHEAP_FROM ((ptrdiff_t)1 << 19)

static void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* poll: 1 while the spin that started at *start (0: not yet) may go on */
static int keep_spinning(unsigned *polls, uint64_t *start) {
    relax();
    if (++*polls % 32 != 0) return 1;
    uint64_t t = now_ns();
    if (*start == 0) *start = t;
    return t - *start < NK_SPIN_NS;
}

#define NK_PARTS_PER_THREAD 4
#define NK_MAX_PARTS (NK_MAX_THREADS * NK_PARTS_PER_THREAD)

static struct {
    const kernel_entry *k;
    char fmt;
    const char *x;
    char *f, *g;
    ptrdiff_t n, step;
    size_t size;
    params p;
} job;

static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;  /* held by the call owning the pool */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;  /* for sleeping and waking */
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
/* the job's sequence number times 2^16 plus its number of parts, stored to publish a
 * job: a worker reads both in one load (64 bits: the sequence never wraps) */
static uint64_t generation = 0;
static int workers = 0;               /* workers started, ids 1..workers */
static int sleeping = 0;              /* workers waiting on `wake` (changed under lock) */
static uint64_t last_end = 0;         /* when the last call that used the pool ended */
static uint64_t start_gen[NK_MAX_THREADS];
/* part i of job G (its generation) is claimed when claimed[i] == G and finished when
 * finished[i] == G */
static uint64_t claimed[NK_MAX_PARTS], finished[NK_MAX_PARTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* claim part i of job gen: only once, and only while that job is the one running (a
 * worker that woke late for a job that is done finds every part claimed, and never
 * reads the fields of a job being set up) */
static int claim(int i, uint64_t gen) {
    uint64_t old = __atomic_load_n(&claimed[i], __ATOMIC_ACQUIRE);
    return old < gen && __atomic_compare_exchange_n(&claimed[i], &old, gen, 0,
                                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static void run_part(int i) {
    ptrdiff_t lo = (ptrdiff_t)i * job.step;
    if (lo >= job.n) return;
    ptrdiff_t m = job.n - lo < job.step ? job.n - lo : job.step;
    size_t off = (size_t)lo * job.size;
    nk_run_loop(job.k, job.fmt, job.x + off, job.f ? job.f + off : NULL,
                job.g ? job.g + off : NULL, m, &job.p);
}

/* claim and run the parts of job gen that nobody has claimed, from thread id's own
 * (NK_PARTS_PER_THREAD of them from part id * NK_PARTS_PER_THREAD) round to the others;
 * mine[i] marks them (if mine is not NULL); returns how many.  Each thread starting at
 * its own parts keeps the same part on the same core call after call, where its input
 * and output stay in that core's cache (as OpenMP's static schedule does): ReLU over
 * float32 on two threads took 7-22% less at 10^5 and from 2% more to 18% less at 10^6
 * than with every thread claiming from part 0 (calls back to back, the two alternated
 * in each of four processes; AMD Zen 2) */
static int run_unclaimed(uint64_t gen, unsigned char *mine, int id) {
    int ran = 0, parts = (int)(gen & 0xFFFF);
    for (int j = 0; j < parts; j++) {
        int i = (id * NK_PARTS_PER_THREAD + j) % parts;
        if (!claim(i, gen)) continue;
        run_part(i);
        __atomic_store_n(&finished[i], gen, __ATOMIC_RELEASE);
        if (mine) mine[i] = 1;
        ran++;
    }
    return ran;
}

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    uint64_t seen = start_gen[id];
    for (;;) {
        uint64_t now;
        unsigned polls = 0;
        uint64_t start = 0;
        while ((now = __atomic_load_n(&generation, __ATOMIC_ACQUIRE)) == seen) {
            if (keep_spinning(&polls, &start)) continue;
            pthread_mutex_lock(&lock);
            /* (sequentially consistent with the caller's store of generation and load
             * of sleeping: either it sees this worker asleep or the worker sees its job) */
            __atomic_add_fetch(&sleeping, 1, __ATOMIC_SEQ_CST);
            while ((now = __atomic_load_n(&generation, __ATOMIC_SEQ_CST)) == seen)
                pthread_cond_wait(&wake, &lock);
            __atomic_sub_fetch(&sleeping, 1, __ATOMIC_SEQ_CST);
            pthread_mutex_unlock(&lock);
            break;
        }
        seen = now;
        if (run_unclaimed(now, NULL, id) > 0) {
            pthread_mutex_lock(&lock);
            pthread_cond_broadcast(&done);
            pthread_mutex_unlock(&lock);
        }
    }
    return NULL;
}

static void reset_in_child(void) {
    /* the workers were not forked: start afresh */
    pthread_mutex_init(&busy, NULL);
    pthread_mutex_init(&lock, NULL);
    pthread_cond_init(&wake, NULL);
    pthread_cond_init(&done, NULL);
    workers = 0;
    sleeping = 0;
}

static void register_fork_handler(void) { pthread_atfork(NULL, NULL, reset_in_child); }

void nk_run_parallel(const kernel_entry *k, char fmt, const void *x, void *f, void *g,
                     ptrdiff_t n, const params *p, int threads) {
    if (threads > NK_MAX_THREADS) threads = NK_MAX_THREADS;
    if (threads <= 1 || n < (k->cheap ? NK_PARALLEL_FROM : NK_PARALLEL_COSTLY_FROM)) {
        nk_run_loop(k, fmt, x, f, g, n, p);
        return;
    }
    pthread_once(&once, register_fork_handler);
    if (pthread_mutex_trylock(&busy) != 0) {  /* another call has the pool */
        nk_run_loop(k, fmt, x, f, g, n, p);
        return;
    }
    while (workers < threads - 1) {
        pthread_t t;
        pthread_attr_t attr;
        int id = workers + 1;
        start_gen[id] = generation;
        if (pthread_attr_init(&attr) != 0) break;
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&t, &attr, worker, (void *)(intptr_t)id);
        pthread_attr_destroy(&attr);
        if (failed) break;  /* fewer threads: the parts are shared among those there are */
        workers = id;
    }
    int used = threads < workers + 1 ? threads : workers + 1;
    int parts = used * NK_PARTS_PER_THREAD;
    size_t size = fmt == 'd' ? sizeof(double) : sizeof(float);
    ptrdiff_t line = (ptrdiff_t)(64 / size);
    ptrdiff_t step = (n + parts - 1) / parts;
    step = (step + line - 1) / line * line;  /* parts of whole cache lines */
    parts = (int)((n + step - 1) / step);
    job.k = k;
    job.fmt = fmt;
    job.x = (const char *)x;
    job.f = (char *)f;
    job.g = (char *)g;
    job.n = n;
    job.step = step;
    job.size = size;
    job.p = *p;
    uint64_t gen = ((generation >> 16) + 1) << 16 | (uint64_t)parts;
    __atomic_store_n(&generation, gen, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&sleeping, __ATOMIC_SEQ_CST) > 0
        && (n >= (k->cheap ? NK_WAKE_CHEAP_FROM : NK_WAKE_FROM)
            || now_ns() - last_end < NK_SPIN_NS)) {
        pthread_mutex_lock(&lock);
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&lock);
    }

    unsigned char mine[NK_MAX_PARTS] = {0};
    run_unclaimed(gen, mine, 0);

    /* wait for the parts that workers claimed */
    for (int i = 0; i < parts; i++) {
        if (mine[i]) continue;
        unsigned polls = 0;
        uint64_t start = 0;
        while (__atomic_load_n(&finished[i], __ATOMIC_ACQUIRE) != gen) {
            if (keep_spinning(&polls, &start)) continue;
            pthread_mutex_lock(&lock);
            while (__atomic_load_n(&finished[i], __ATOMIC_ACQUIRE) != gen)
                pthread_cond_wait(&done, &lock);
            pthread_mutex_unlock(&lock);
            break;
        }
    }
    last_end = now_ns();
    pthread_mutex_unlock(&busy);
}

#else  /* no pthreads: one thread */

void nk_run_parallel(const kernel_entry *k, char fmt, const void *x, void *f, void *g,
                     ptrdiff_t n, const params *p, int threads) {
    (void)threads;
    nk_run_loop(k, fmt, x, f, g, n, p);
}

#endif
