/*
 * neuronkit._ckernels: compiled elementwise kernels behind the activation catalogue.
 *
 * Each activation is one function k_NAME(x, p, &f, &d) computing f(x) and f'(x) in
 * double precision with the same stable forms as the NumPy kernels in
 * neuronkit/activations/ (read those for the mathematics; this file is their
 * one-pass version).  A loop per input type reads float32 or float64, computes in
 * double, and rounds once on store, which keeps float32 results within 1 ULP.
 * The loops are instantiated for "value only", "derivative only" and "both", so the
 * compiler drops the unused half when it is not asked for.
 *
 * Python API: run(kid, x, f_out, d_out, p0, p1, p2, p3) -> None
 *   kid    kernel id (see KERNELS below; neuronkit/_compiled.py mirrors the table)
 *   x      a C-contiguous buffer of float32 ('f') or float64 ('d')
 *   f_out  a writable C-contiguous buffer of the same type and length, or None
 *   d_out  likewise for the derivative, or None
 *   p0..p3 the kernel's parameters (doubles)
 * The GIL is released during the loop, so Python threads can share work.
 *
 * Build flags: -fno-math-errno (lets unused libm calls be dropped) and
 * -ffp-contract=off (no fused multiply-add: the exact-product (Dekker) steps below
 * rely on every product being rounded as written).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_vmath.h"

struct erf_tables;
/* a kernel's parameters; tab is set only for GELU (its erfcx tables, see below) */
typedef struct { double a, b, c, d; const struct erf_tables *tab; } params;

#define LIFT_BELOW (-600.0)
#define UNLIFT 0x1.969d47321e4ccp-93 /* exp(-64), correctly rounded */

NK_INLINE int is_nan(double x) { return x != x; }

/* c ? a : b, both computed: in the vectorized loops this is a blend, not a branch
 * (-fno-trapping-math lets the compiler evaluate both sides) */
NK_INLINE double select_d(int c, double a, double b) { return c ? a : b; }

/* min(x, 0) and max(x, 0) that propagate NaN, like np.minimum / np.maximum */
NK_INLINE double min0(double x) { return x < 0.0 ? x : (x >= 0.0 ? 0.0 : x); }
NK_INLINE double max0(double x) { return x > 0.0 ? x : (x <= 0.0 ? 0.0 : x); }
NK_INLINE double clampd(double x, double lo, double hi) {
    return x < lo ? lo : (x > hi ? hi : x);  /* NaN passes through */
}

/* Dekker's exact product: returns e with a*b = p + e exactly (|a|, |b| < 2^500) */
NK_INLINE double two_prod_err(double a, double b, double p) {
    const double S = 134217729.0;
    double c = S * a, ah = c - (c - a), al = a - ah;
    c = S * b;
    double bh = c - (c - b), bl = b - bh;
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

NK_INLINE double two_square_err(double a, double p) {
    const double S = 134217729.0;
    double c = S * a, ah = c - (c - a), al = a - ah;
    return ((ah * ah - p) + 2.0 * (ah * al)) + al * al;
}

/* ---------------------------------------------------------------- piecewise */

NK_INLINE void k_step(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = x > 0.0 ? 1.0 : (x <= 0.0 ? 0.0 : x);
    *d = is_nan(x) ? x : 0.0;
}

NK_INLINE void k_identity(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = x;
    *d = is_nan(x) ? x : 1.0;
}

NK_INLINE void k_relu(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = max0(x);
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? 0.0 : x);
}

/* leaky_relu and prelu: a = negative_slope */
NK_INLINE void k_leaky(double x, const params *p, double *f, double *d) {
    double a = p->a, ax = a * x;  /* both sides computed: a select, not a branch */
    *f = x > 0.0 ? x : ax;
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? a : x);
}

NK_INLINE void k_relu6(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = clampd(x, 0.0, 6.0);
    *d = (x > 0.0 && x < 6.0) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_tanh: a = min_val, b = max_val */
NK_INLINE void k_hard_tanh(double x, const params *p, double *f, double *d) {
    double lo = p->a, hi = p->b, r = x < lo ? lo : x;  /* NaN passes through */
    *f = r > hi ? hi : r;
    *d = (x > p->a && x < p->b) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_logistic: a = slope, b = offset, c = bound (|x| clip), d = 1 if slope is a power of 2 */
NK_INLINE void k_hard_logistic(double x, const params *p, double *f, double *d) {
    double vc = clampd(x, -p->c, p->c);
    double pr = p->a * vc, e = 0.0;
    if (p->d == 0.0) e = two_prod_err(vc, p->a, pr);
    /* s x + c (the value, rounded once near the corners) and s x + c - 1 */
    double lo = (pr + p->b) + e, hi = (pr + (p->b - 1.0)) + e;
    *f = clampd(lo, 0.0, 1.0);
    *d = (lo > 0.0 && hi < 0.0) ? p->a : (is_nan(x) ? x : 0.0);
}

NK_INLINE void k_hard_swish(double x, const params *p, double *f, double *d) {
    (void)p;
    double c = clampd(x, -3.0, 3.0);
    *f = x >= 3.0 ? x : c * (c + 3.0) / 6.0;
    *d = x >= 3.0 ? 1.0 : (x > -3.0 ? (2.0 * x + 3.0) / 6.0 : (is_nan(x) ? x : 0.0));
}

/* ---------------------------------------------------------------- sigmoid family */

NK_INLINE void k_logistic(double x, const params *p, double *f, double *d) {
    (void)p;
    double e = nk_exp(-fabs(x)), dd = 1.0 + e, r = 1.0 / dd;
    *f = select_d(x >= 0.0 || is_nan(x), r, e * r);
    *d = e / (dd * dd);
}

/* sigma(v) and 1 - sigma(v) without cancellation, given e = exp(-|v|) */
NK_INLINE void sigma_parts(double v, double e, double *s, double *t) {
    double r = 1.0 / (1.0 + e), er = e * r;
    int pos = v >= 0.0;
    *s = select_d(pos, r, er);
    *t = select_d(pos, er, r);
}

/* x clipped to [-big, big] (returned) and beta x = pp + ee exactly, for kernels whose
 * params are a = beta, b = mode, c = big.  The mode (0: beta = 1, 1: beta x is exact
 * or must not be split, 2: Dekker) is a compile-time constant of each loop (see
 * DEFINE_MODE_LOOPS), so no loop pays for a step it does not need. */
NK_INLINE double scaled_arg(double x, const params *p, double *pp, double *ee, const int mode) {
    double vc = clampd(x, -p->c, p->c);
    *pp = mode == 0 ? vc : vc * p->a;
    *ee = mode == 2 ? two_prod_err(vc, p->a, *pp) : 0.0;
    return vc;
}

/* softplus: a = beta, b = mode (as for scaled_arg), c = big */
NK_INLINE void k_softplus(double x, const params *p, double *f, double *d, const int mode) {
    double big = p->c, pp, ee;
    (void)scaled_arg(x, p, &pp, &ee, mode);
    double s, t, e = nk_exp(-fabs(pp));
    sigma_parts(pp, e, &s, &t);
    double v = max0(pp) + nk_log1p_01(e);
    if (mode == 2) v = v + ee * s;
    if (mode != 0) v = v / p->a;
    *f = x > big ? x : (x < -big ? 0.0 : v);
    *d = mode == 2 ? s * (1.0 + ee * t) : s;
}

NK_INLINE void k_log_sigmoid(double x, const params *p, double *f, double *d) {
    (void)p;
    double e = nk_exp(-fabs(x));
    *f = min0(x) - nk_log1p_01(e);
    double r = 1.0 / (1.0 + e);  /* sigma(-x) */
    *d = x >= 0.0 ? e * r : (x < 0.0 ? r : x);
}

NK_INLINE void k_softsign(double x, const params *p, double *f, double *d) {
    (void)p;
    double c = clampd(x, -1e300, 1e300);
    *f = c / (1.0 + fabs(c));
    double r = 1.0 / (1.0 + fabs(x));
    *d = r * r;
}

/* ---------------------------------------------------------------- exponential family */

/* elu: a = alpha; selu: a = scale, b = scale * alpha */
NK_INLINE void k_elu(double x, const params *p, double *f, double *d) {
    double neg = min0(x);
    *f = x > 0.0 ? x : p->a * nk_expm1_neg(neg);
    *d = x > 0.0 ? 1.0 : p->a * nk_exp(neg);
}

NK_INLINE void k_selu(double x, const params *p, double *f, double *d) {
    double neg = min0(x);
    *f = x > 0.0 ? p->a * x : p->b * nk_expm1_neg(neg);
    *d = x > 0.0 ? p->a : p->b * nk_exp(neg);
}

/* celu: a = alpha, b = 1 if the division needs the Dekker correction, c = -min(800a, 1e300) */
NK_INLINE void k_celu(double x, const params *p, double *f, double *d) {
    double alpha = p->a, neg = min0(x);
    *f = x > 0.0 ? x : alpha * nk_expm1_neg(neg / alpha);
    double n2 = neg > p->c ? neg : (neg <= p->c ? p->c : neg);
    double u = n2 / alpha, g = nk_exp(u);
    if (p->b != 0.0) {
        double pr = u * alpha, e = two_prod_err(u, alpha, pr);
        g = g * (1.0 + ((n2 - pr) - e) / alpha);
    }
    *d = x > 0.0 ? 1.0 : (is_nan(x) ? x : g);
}

/* ---------------------------------------------------------------- self-gated */

/* swish: a = beta, b = mode (as for scaled_arg), c = big.  Below LIFT_BELOW the exponential
 * is taken of pp + 64 and the result scaled back by exp(-64) at the end, so that
 * sigma(pp) never underflows before it is multiplied by x.  Both cases are computed
 * and one is selected (no branch, so the loop vectorizes). */
NK_INLINE void k_swish(double x, const params *p, double *f, double *d, const int mode) {
    double big = p->c, pp, ee;
    double vc = scaled_arg(x, p, &pp, &ee, mode);
    int lifted = pp < LIFT_BELOW;
    double e = nk_exp(lifted ? pp + 64.0 : -fabs(pp));
    double m = e * (1.0 + ee);
    double f_lift = vc * m * UNLIFT, d_lift = m * (1.0 + pp) * UNLIFT;
    double dd = 1.0 + e, r = 1.0 / dd, er = e * r;
    int pos = pp >= 0.0;
    double s = select_d(pos, r, er), t = select_d(pos, er, r);
    double val = vc * s;
    double der = select_d(pos, dd + pp * e, e * ((1.0 + pp) + e)) / (dd * dd);
    if (mode == 2) {
        val = val * (1.0 + ee * t);
        der = der + ee * (s * t) * (2.0 + pp * (t - s));
    }
    *f = x > big ? x : select_d(lifted, f_lift, val);
    *d = x > big ? 1.0 : select_d(lifted, d_lift, der);
}

/* tanh-approximate GELU: a, b = 2 sqrt(2/pi) as double-double, c, d = the same times 0.044715 */
NK_INLINE void k_gelu_tanh(double x, const params *p, double *f, double *d) {
    double a_hi = p->a, a_lo = p->b, b_hi = p->c, b_lo = p->d;
    double xc = clampd(x, -1e5, 1e5);
    double sq = xc * xc, sq_e = two_square_err(xc, sq);
    double bq = sq * b_hi, bq_e = two_prod_err(sq, b_hi, bq) + b_hi * sq_e + b_lo * sq;
    double q = a_hi + bq, bb = q - a_hi;
    double q_e = ((a_hi - (q - bb)) + (bq - bb)) + (bq_e + a_lo);
    double z = xc * q, z_e = two_prod_err(xc, q, z) + xc * q_e;
    int lifted = z < LIFT_BELOW;
    double e = nk_exp(lifted ? z + 64.0 : -fabs(z));  /* exp(-|z|), or exp(z + 64) */
    double s, t;
    sigma_parts(z, e, &s, &t);
    double ds = s * t;
    double s_c = s * (1.0 + z_e * t);
    double ds_c = ds * (1.0 + z_e * (t - s));
    double xdz = fabs(xc) > 6.0 ? 3.0 * z + (3.0 * z_e - 2.0 * a_hi * xc)
                                : xc * a_hi + (3.0 * b_hi) * (xc * (xc * xc));
    double m = e * (1.0 + z_e);
    double dd = 1.0 + e;
    double d_neg = e * (dd + xdz) / (dd * dd) * (1.0 + z_e * (t - s));
    double d_pos = s_c + xdz * ds_c;
    *f = select_d(lifted, xc * m * UNLIFT, x > 1e5 ? x : xc * s_c);
    *d = select_d(lifted, m * (1.0 + xdz) * UNLIFT, z < 0.0 ? d_neg : d_pos);
}

NK_INLINE void k_mish(double x, const params *p, double *f, double *d) {
    (void)p;
    double vc = clampd(x, -1e300, 1e300);
    int lifted = x < LIFT_BELOW;
    double e = nk_exp(lifted ? vc + 64.0 : -fabs(vc));  /* exp(-|x|), or exp(x + 64) */
    /* x > 0: tanh(softplus(x)) = (1 + 2e) / (1 + 2e + 2e^2) with e = exp(-x) */
    double dp = 1.0 + 2.0 * e + 2.0 * e * e;
    double t_pos = (1.0 + 2.0 * e) / dp, omt = 2.0 * e * e / dp;
    double s = 1.0 / (1.0 + e);
    double f_pos = x > 1e300 ? x : vc * t_pos;
    double d_pos = t_pos + vc * omt * (1.0 + t_pos) * s;
    /* x <= 0: tanh(softplus(x)) = n / (n + 2) with n = e (e + 2), e = exp(x) */
    double n = e * (e + 2.0), t_neg = n / (n + 2.0);
    double n4 = (1.0 + vc) + e * ((1.5 + vc) + e * (1.0 + 0.25 * e));
    double d4 = 1.0 + e * (2.0 + e * (2.0 + e * (1.0 + 0.25 * e)));
    double f_neg = vc * t_neg, d_neg = e * n4 / d4;
    int pos = x > 0.0;
    *f = select_d(lifted, vc * e * UNLIFT, select_d(pos, f_pos, f_neg));
    *d = select_d(lifted, e * (1.0 + vc) * UNLIFT, select_d(pos, d_pos, d_neg));
}

/* erfcx(a) for 0 <= a <= 36 (GELU clamps |x| to 50) and NaN, the algorithm and tables
 * of neuronkit/_erf.py (set_erfcx_tables receives the tables from there, so there is
 * one copy of them).  Both the table and the tail are evaluated and one is selected. */
#define ERF_NTAB 16
#define ERF_DEG 12
#define ERF_NTAIL 15
struct erf_tables {
    double a0_hi[ERF_NTAB], a0_lo[ERF_NTAB], poly[ERF_DEG][ERF_NTAB], tail[ERF_NTAIL];
    double k_hi, k_lo;
};
static struct erf_tables ERF;
static int erfcx_ready = 0;

NK_INLINE double erfcx_pos(double a, const struct erf_tables *T) {
    a = a < 0x1p-60 ? 0.0 : a;
    /* a < 3.875: the polynomial of interval i = floor(4a + 1/2), centred at i / 4 */
    double at = a < 3.875 ? a : 0.0;
    double y = at * 4.0 + 0.5, ys = y + NK_SHIFT, yn = ys - NK_SHIFT;  /* yn = rint(y) */
    double fl = yn > y ? yn - 1.0 : yn;  /* floor(y) */
    int64_t i = (int64_t)(nk_bits(fl + NK_SHIFT) - nk_bits(NK_SHIFT));
    double h = at - 0.25 * fl;  /* exact */
    double acc = T->poly[ERF_DEG - 1][i];
    for (int k = ERF_DEG - 2; k >= 0; k--) acc = acc * h + T->poly[k][i];
    acc = acc * h + T->a0_lo[i];
    double v_table = T->a0_hi[i] + acc;
    /* a >= 3.875: the asymptotic series in 1/a^2 */
    double aa = a < 3.875 ? 3.875 : a;  /* NaN passes */
    double t = 1.0 / (aa * aa), r = T->tail[0];
    for (int k = 1; k < ERF_NTAIL; k++) r = r * t + T->tail[k];
    r = r * t - 0.5;
    r = r * t;
    double q = T->k_hi / aa, pr = q * aa, pe = two_prod_err(q, aa, pr);
    double ql = (((T->k_hi - pr) - pe) + T->k_lo) / aa;
    r = r * q + ql;
    return a < 3.875 ? v_table : q + r;
}

/* exact GELU: a = sqrt(1/2), b = 1/sqrt(2 pi), c = sqrt(pi/2) (as the NumPy kernel) */
NK_INLINE void k_gelu(double x, const params *p, double *f, double *d) {
    double xc = clampd(x, -50.0, 50.0);
    double sq = xc * xc, sq_e = two_square_err(xc, sq), t = -0.5 * sq;
    /* x < 0 with a tiny result: exp(t + 64) now, times exp(-64) at the end */
    double lift = t < LIFT_BELOW ? 64.0 : 0.0;
    lift = x < 0.0 ? lift : 0.0;  /* (GCC 12 vectorizes this, not a select on a && b) */
    double m = nk_exp(t + lift);
    double scale = lift == 0.0 ? 1.0 : UNLIFT;
    double big_e = m * (1.0 - 0.5 * sq_e);
    double cx = erfcx_pos(fabs(xc) * p->a, p->tab);
    double h = 0.5 * cx * big_e, phi = p->b * big_e;
    double v = x < 0.0 ? xc * h : x * (1.0 - h);
    double g = x < 0.0 ? phi * (xc + p->c * cx) : (1.0 - h) + xc * phi;
    *f = v * scale;
    *d = g * scale;
}

/* ---------------------------------------------------------------- _vmath.h, for its tests */

/* vm_exp: f = exp(x), d = expm1(x) (x <= 0 only); vm_log1p: f = d = log1p(x) (0 <= x <= 1) */
NK_INLINE void k_vm_exp(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = nk_exp(x);
    *d = nk_expm1_neg(x);
}

NK_INLINE void k_vm_log1p(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = *d = nk_log1p_01(x);
}

/* ---------------------------------------------------------------- loops and dispatch */

/* Each loop is compiled once per instruction set and the best one the CPU supports is
 * picked when the module loads (GCC's function multi-versioning; other compilers get
 * the portable loop).  The kernels above are branch-free so that the loops vectorize;
 * without contraction into fused multiply-adds every version gives the same bits. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NK_CLONES
#endif

typedef void (*kfun)(double, const params *, double *, double *);

/* the parameters are copied into a local so the compiler knows no output aliases them */
/* the parameters (and GELU's tables) are copied into locals, so the compiler knows
 * that no output aliases them and can vectorize without run-time overlap checks */
#define DEFINE_LOOPS_WITH(NAME, SETUP)                                                  \
    NK_CLONES static void NAME##_d(const double *x, double *f, double *g, Py_ssize_t n, \
                         const params *pp) {                                            \
        params q = *pp;                                                                 \
        SETUP                                                                           \
        const params *p = &q;                                                           \
        double vf, vd;                                                                  \
        if (f && g) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME(x[i], p, &vf, &vd); f[i] = vf; g[i] = vd; }                        \
        else if (f) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME(x[i], p, &vf, &vd); f[i] = vf; }                                   \
        else for (Py_ssize_t i = 0; i < n; i++) {                                       \
            k_##NAME(x[i], p, &vf, &vd); g[i] = vd; }                                   \
    }                                                                                   \
    NK_CLONES static void NAME##_f(const float *x, float *f, float *g, Py_ssize_t n,    \
                         const params *pp) {                                            \
        params q = *pp;                                                                 \
        SETUP                                                                           \
        const params *p = &q;                                                           \
        double vf, vd;                                                                  \
        if (f && g) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME((double)x[i], p, &vf, &vd); f[i] = (float)vf; g[i] = (float)vd; }  \
        else if (f) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME((double)x[i], p, &vf, &vd); f[i] = (float)vf; }                    \
        else for (Py_ssize_t i = 0; i < n; i++) {                                       \
            k_##NAME((double)x[i], p, &vf, &vd); g[i] = (float)vd; }                    \
    }

#define DEFINE_LOOPS(NAME) DEFINE_LOOPS_WITH(NAME, )

/* loops for a kernel k_NAME(x, p, f, d, mode) of a scaled argument, one per mode, and
 * the functions that pick one by the mode in p->b */
#define DEFINE_MODE_LOOPS(NAME)                                                         \
    NK_INLINE void k_##NAME##_0(double x, const params *p, double *f, double *d) {     \
        k_##NAME(x, p, f, d, 0); }                                                      \
    NK_INLINE void k_##NAME##_1(double x, const params *p, double *f, double *d) {     \
        k_##NAME(x, p, f, d, 1); }                                                      \
    NK_INLINE void k_##NAME##_2(double x, const params *p, double *f, double *d) {     \
        k_##NAME(x, p, f, d, 2); }                                                      \
    DEFINE_LOOPS(NAME##_0)                                                              \
    DEFINE_LOOPS(NAME##_1)                                                              \
    DEFINE_LOOPS(NAME##_2)                                                              \
    static void NAME##_d(const double *x, double *f, double *g, Py_ssize_t n,           \
                         const params *p) {                                             \
        (p->b == 0.0 ? NAME##_0_d : p->b == 1.0 ? NAME##_1_d : NAME##_2_d)(x, f, g, n, p); \
    }                                                                                   \
    static void NAME##_f(const float *x, float *f, float *g, Py_ssize_t n,              \
                         const params *p) {                                             \
        (p->b == 0.0 ? NAME##_0_f : p->b == 1.0 ? NAME##_1_f : NAME##_2_f)(x, f, g, n, p); \
    }

DEFINE_LOOPS(step)
DEFINE_LOOPS(identity)
DEFINE_LOOPS(relu)
DEFINE_LOOPS(leaky)
DEFINE_LOOPS(relu6)
DEFINE_LOOPS(hard_tanh)
DEFINE_LOOPS(hard_logistic)
DEFINE_LOOPS(hard_swish)
DEFINE_LOOPS(logistic)
DEFINE_MODE_LOOPS(softplus)
DEFINE_LOOPS(log_sigmoid)
DEFINE_LOOPS(softsign)
DEFINE_LOOPS(elu)
DEFINE_LOOPS(selu)
DEFINE_LOOPS(celu)
DEFINE_MODE_LOOPS(swish)
DEFINE_LOOPS(gelu_tanh)
DEFINE_LOOPS(mish)
DEFINE_LOOPS_WITH(gelu, struct erf_tables tab = ERF; q.tab = &tab;)
DEFINE_LOOPS(vm_exp)
DEFINE_LOOPS(vm_log1p)

typedef void (*loop_d)(const double *, double *, double *, Py_ssize_t, const params *);
typedef void (*loop_f)(const float *, float *, float *, Py_ssize_t, const params *);

typedef struct { const char *name; loop_d d; loop_f f; } kernel_entry;

#define ENTRY(NAME) { #NAME, NAME##_d, NAME##_f }
static const kernel_entry KERNELS[] = {
    ENTRY(step), ENTRY(identity), ENTRY(relu), ENTRY(leaky), ENTRY(relu6),
    ENTRY(hard_tanh), ENTRY(hard_logistic), ENTRY(hard_swish), ENTRY(logistic),
    ENTRY(softplus), ENTRY(log_sigmoid), ENTRY(softsign), ENTRY(elu),
    ENTRY(selu), ENTRY(celu), ENTRY(swish), ENTRY(gelu_tanh), ENTRY(mish), ENTRY(gelu),
    ENTRY(vm_exp), ENTRY(vm_log1p),
};
#define NKERNELS ((int)(sizeof(KERNELS) / sizeof(KERNELS[0])))

static int get_buffer(PyObject *obj, Py_buffer *view, int writable, const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    if (view->format == NULL || strlen(view->format) != 1 ||
        (view->format[0] != 'd' && view->format[0] != 'f')) {
        PyErr_Format(PyExc_TypeError, "%s must hold float32 or float64", what);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *run(PyObject *self, PyObject *args) {
    (void)self;
    int kid;
    PyObject *xo, *fo, *go;
    params p = {0.0, 0.0, 0.0, 0.0, NULL};
    if (!PyArg_ParseTuple(args, "iOOOdddd", &kid, &xo, &fo, &go, &p.a, &p.b, &p.c, &p.d))
        return NULL;
    if (kid < 0 || kid >= NKERNELS) {
        PyErr_Format(PyExc_ValueError, "unknown kernel id %d", kid);
        return NULL;
    }
    if (KERNELS[kid].d == gelu_d && !erfcx_ready) {
        PyErr_SetString(PyExc_RuntimeError, "set_erfcx_tables() has not been called");
        return NULL;
    }
    if (fo == Py_None && go == Py_None) Py_RETURN_NONE;
    Py_buffer xv, fv, gv;
    int hf = fo != Py_None, hg = go != Py_None;
    if (get_buffer(xo, &xv, 0, "x") < 0) return NULL;
    if (hf && get_buffer(fo, &fv, 1, "f_out") < 0) { PyBuffer_Release(&xv); return NULL; }
    if (hg && get_buffer(go, &gv, 1, "d_out") < 0) {
        PyBuffer_Release(&xv);
        if (hf) PyBuffer_Release(&fv);
        return NULL;
    }
    char fmt = xv.format[0];
    Py_ssize_t n = xv.len / xv.itemsize;
    int bad = (hf && (fv.format[0] != fmt || fv.len != xv.len)) ||
              (hg && (gv.format[0] != fmt || gv.len != xv.len));
    if (!bad) {
        const kernel_entry *k = &KERNELS[kid];
        Py_BEGIN_ALLOW_THREADS
        if (fmt == 'd')
            k->d((const double *)xv.buf, hf ? (double *)fv.buf : NULL,
                 hg ? (double *)gv.buf : NULL, n, &p);
        else
            k->f((const float *)xv.buf, hf ? (float *)fv.buf : NULL,
                 hg ? (float *)gv.buf : NULL, n, &p);
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&xv);
    if (hf) PyBuffer_Release(&fv);
    if (hg) PyBuffer_Release(&gv);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "outputs must match x in type and length");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *names(PyObject *self, PyObject *noargs) {
    (void)self; (void)noargs;
    PyObject *t = PyTuple_New(NKERNELS);
    if (t == NULL) return NULL;
    for (int i = 0; i < NKERNELS; i++) {
        PyObject *s = PyUnicode_FromString(KERNELS[i].name);
        if (s == NULL) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

static int read_doubles(PyObject *seq, double *dst, Py_ssize_t n, const char *what) {
    PyObject *fast = PySequence_Fast(seq, what);
    if (fast == NULL) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != n) {
        PyErr_Format(PyExc_ValueError, "%s must have %zd items", what, n);
        Py_DECREF(fast);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        dst[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (dst[i] == -1.0 && PyErr_Occurred()) { Py_DECREF(fast); return -1; }
    }
    Py_DECREF(fast);
    return 0;
}

static PyObject *set_erfcx_tables(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *hi, *lo, *poly, *tail;
    double khi, klo;
    if (!PyArg_ParseTuple(args, "OOOOdd", &hi, &lo, &poly, &tail, &khi, &klo)) return NULL;
    if (read_doubles(hi, ERF.a0_hi, ERF_NTAB, "a0_hi") < 0 ||
        read_doubles(lo, ERF.a0_lo, ERF_NTAB, "a0_lo") < 0 ||
        read_doubles(poly, &ERF.poly[0][0], ERF_DEG * ERF_NTAB, "poly") < 0 ||
        read_doubles(tail, ERF.tail, ERF_NTAIL, "tail") < 0)
        return NULL;
    ERF.k_hi = khi;
    ERF.k_lo = klo;
    erfcx_ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"set_erfcx_tables", set_erfcx_tables, METH_VARARGS,
     "set_erfcx_tables(a0_hi, a0_lo, poly, tail, k_hi, k_lo): erfcx tables for GELU."},
    {"run", run, METH_VARARGS,
     "run(kid, x, f_out, d_out, p0, p1, p2, p3): evaluate kernel kid over x."},
    {"names", names, METH_NOARGS, "names() -> tuple of kernel names, indexed by kernel id."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "_ckernels",
    "Compiled one-pass kernels of neuronkit's activations (see _compiled.py).", -1, methods,
};

PyMODINIT_FUNC PyInit__ckernels(void) {
    return PyModule_Create(&moduledef);
}
