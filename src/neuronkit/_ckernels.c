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

typedef struct { double a, b, c, d; } params;

#define LIFT_BELOW (-600.0)
static double UNLIFT; /* exp(-64), set at module init */

static inline int is_nan(double x) { return x != x; }

/* c ? a : b without a branch (random signs would make a branch mispredict half the time) */
static inline double select_d(int c, double a, double b) {
    uint64_t m = (uint64_t)0 - (uint64_t)(c != 0), ua, ub, r;
    double out;
    memcpy(&ua, &a, 8);
    memcpy(&ub, &b, 8);
    r = (ua & m) | (ub & ~m);
    memcpy(&out, &r, 8);
    return out;
}

/* min(x, 0) and max(x, 0) that propagate NaN, like np.minimum / np.maximum */
static inline double min0(double x) { return x < 0.0 ? x : (x >= 0.0 ? 0.0 : x); }
static inline double max0(double x) { return x > 0.0 ? x : (x <= 0.0 ? 0.0 : x); }
static inline double clampd(double x, double lo, double hi) {
    return x < lo ? lo : (x > hi ? hi : x);  /* NaN passes through */
}

/* Dekker's exact product: returns e with a*b = p + e exactly (|a|, |b| < 2^500) */
static inline double two_prod_err(double a, double b, double p) {
    const double S = 134217729.0;
    double c = S * a, ah = c - (c - a), al = a - ah;
    c = S * b;
    double bh = c - (c - b), bl = b - bh;
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

static inline double two_square_err(double a, double p) {
    const double S = 134217729.0;
    double c = S * a, ah = c - (c - a), al = a - ah;
    return ((ah * ah - p) + 2.0 * (ah * al)) + al * al;
}

/* ---------------------------------------------------------------- piecewise */

static inline void k_step(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = x > 0.0 ? 1.0 : (x <= 0.0 ? 0.0 : x);
    *d = is_nan(x) ? x : 0.0;
}

static inline void k_identity(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = x;
    *d = is_nan(x) ? x : 1.0;
}

static inline void k_relu(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = max0(x);
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? 0.0 : x);
}

/* leaky_relu and prelu: a = negative_slope */
static inline void k_leaky(double x, const params *p, double *f, double *d) {
    double a = p->a, ax = a * x;  /* both sides computed: a select, not a branch */
    *f = x > 0.0 ? x : ax;
    *d = x > 0.0 ? 1.0 : (x <= 0.0 ? a : x);
}

static inline void k_relu6(double x, const params *p, double *f, double *d) {
    (void)p;
    *f = clampd(x, 0.0, 6.0);
    *d = (x > 0.0 && x < 6.0) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_tanh: a = min_val, b = max_val */
static inline void k_hard_tanh(double x, const params *p, double *f, double *d) {
    double lo = p->a, hi = p->b, r = x < lo ? lo : x;  /* NaN passes through */
    *f = r > hi ? hi : r;
    *d = (x > p->a && x < p->b) ? 1.0 : (is_nan(x) ? x : 0.0);
}

/* hard_logistic: a = slope, b = offset, c = bound (|x| clip), d = 1 if slope is a power of 2 */
static inline void k_hard_logistic(double x, const params *p, double *f, double *d) {
    double vc = clampd(x, -p->c, p->c);
    double pr = p->a * vc, e = 0.0;
    if (p->d == 0.0) e = two_prod_err(vc, p->a, pr);
    /* s x + c (the value, rounded once near the corners) and s x + c - 1 */
    double lo = (pr + p->b) + e, hi = (pr + (p->b - 1.0)) + e;
    *f = clampd(lo, 0.0, 1.0);
    *d = (lo > 0.0 && hi < 0.0) ? p->a : (is_nan(x) ? x : 0.0);
}

static inline void k_hard_swish(double x, const params *p, double *f, double *d) {
    (void)p;
    double c = clampd(x, -3.0, 3.0);
    *f = x >= 3.0 ? x : c * (c + 3.0) / 6.0;
    *d = x >= 3.0 ? 1.0 : (x > -3.0 ? (2.0 * x + 3.0) / 6.0 : (is_nan(x) ? x : 0.0));
}

/* ---------------------------------------------------------------- sigmoid family */

static inline void k_logistic(double x, const params *p, double *f, double *d) {
    (void)p;
    double e = exp(-fabs(x)), dd = 1.0 + e, r = 1.0 / dd;
    *f = select_d(x >= 0.0 || is_nan(x), r, e * r);
    *d = e / (dd * dd);
}

/* sigma(v) and 1 - sigma(v) without cancellation */
static inline void sigma_parts(double v, double *s, double *t) {
    double e = exp(-fabs(v)), r = 1.0 / (1.0 + e), er = e * r;
    int pos = v >= 0.0;
    *s = select_d(pos, r, er);
    *t = select_d(pos, er, r);
}

/* x clipped to [-big, big] (returned) and beta x = pp + ee exactly, for kernels whose
 * params are a = beta, b = mode (0: beta = 1, 1: exact product, 2: Dekker), c = big */
static inline double scaled_arg(double x, const params *p, double *pp, double *ee) {
    double vc = clampd(x, -p->c, p->c);
    *pp = vc;
    *ee = 0.0;
    if (p->b != 0.0) {
        *pp = vc * p->a;
        if (p->b == 2.0) *ee = two_prod_err(vc, p->a, *pp);
    }
    return vc;
}

/* softplus: a = beta, b = mode (0: beta == 1, 1: exact product, 2: Dekker), c = big */
static inline void k_softplus(double x, const params *p, double *f, double *d) {
    double beta = p->a, big = p->c, pp, ee;
    double vc = scaled_arg(x, p, &pp, &ee);
    double s, t;
    sigma_parts(pp, &s, &t);
    double v = max0(pp) + log1p(exp(-fabs(pp)));
    if (p->b == 2.0) v = v + ee * s;
    if (p->b != 0.0) v = v / beta;
    *f = x > big ? x : (x < -big ? 0.0 : v);
    *d = p->b == 2.0 ? s * (1.0 + ee * t) : s;
}

static inline void k_log_sigmoid(double x, const params *p, double *f, double *d) {
    (void)p;
    double e = exp(-fabs(x));
    *f = min0(x) - log1p(e);
    double r = 1.0 / (1.0 + e);  /* sigma(-x) */
    *d = x >= 0.0 ? e * r : (x < 0.0 ? r : x);
}

static inline void k_softsign(double x, const params *p, double *f, double *d) {
    (void)p;
    double c = clampd(x, -1e300, 1e300);
    *f = c / (1.0 + fabs(c));
    double r = 1.0 / (1.0 + fabs(x));
    *d = r * r;
}

/* ---------------------------------------------------------------- exponential family */

/* elu: a = alpha; selu: a = scale, b = scale * alpha */
static inline void k_elu(double x, const params *p, double *f, double *d) {
    double neg = min0(x);
    *f = x > 0.0 ? x : p->a * expm1(neg);
    *d = x > 0.0 ? 1.0 : p->a * exp(neg);
}

static inline void k_selu(double x, const params *p, double *f, double *d) {
    double neg = min0(x);
    *f = x > 0.0 ? p->a * x : p->b * expm1(neg);
    *d = x > 0.0 ? p->a : p->b * exp(neg);
}

/* celu: a = alpha, b = 1 if the division needs the Dekker correction, c = -min(800a, 1e300) */
static inline void k_celu(double x, const params *p, double *f, double *d) {
    double alpha = p->a, neg = min0(x);
    *f = x > 0.0 ? x : alpha * expm1(neg / alpha);
    double n2 = neg > p->c ? neg : (neg <= p->c ? p->c : neg);
    double u = n2 / alpha, g = exp(u);
    if (p->b != 0.0) {
        double pr = u * alpha, e = two_prod_err(u, alpha, pr);
        g = g * (1.0 + ((n2 - pr) - e) / alpha);
    }
    *d = x > 0.0 ? 1.0 : (is_nan(x) ? x : g);
}

/* ---------------------------------------------------------------- self-gated */

/* swish: a = beta, b = mode as for softplus, c = big */
static inline void k_swish(double x, const params *p, double *f, double *d) {
    double beta = p->a, big = p->c, pp, ee;
    double vc = scaled_arg(x, p, &pp, &ee);
    if (x > big) { *f = x; *d = 1.0; return; }
    if (pp < LIFT_BELOW) {
        double m = exp(pp + 64.0) * (1.0 + ee);
        *f = vc * m * UNLIFT;
        *d = m * (1.0 + pp) * UNLIFT;
        return;
    }
    double e = exp(-fabs(pp)), dd = 1.0 + e, r = 1.0 / dd, er = e * r;
    int pos = pp >= 0.0;
    double s = select_d(pos, r, er), t = select_d(pos, er, r);
    double val = vc * s;
    double der = select_d(pos, dd + pp * e, e * ((1.0 + pp) + e)) / (dd * dd);
    if (p->b == 2.0) {
        val = val * (1.0 + ee * t);
        der = der + ee * (s * t) * (2.0 + pp * (t - s));
    }
    *f = val;
    *d = der;
}

/* tanh-approximate GELU: a, b = 2 sqrt(2/pi) as double-double, c, d = the same times 0.044715 */
static inline void k_gelu_tanh(double x, const params *p, double *f, double *d) {
    double a_hi = p->a, a_lo = p->b, b_hi = p->c, b_lo = p->d;
    double xc = clampd(x, -1e5, 1e5);
    double sq = xc * xc, sq_e = two_square_err(xc, sq);
    double bq = sq * b_hi, bq_e = two_prod_err(sq, b_hi, bq) + b_hi * sq_e + b_lo * sq;
    double q = a_hi + bq, bb = q - a_hi;
    double q_e = ((a_hi - (q - bb)) + (bq - bb)) + (bq_e + a_lo);
    double z = xc * q, z_e = two_prod_err(xc, q, z) + xc * q_e;
    double s, t;
    sigma_parts(z, &s, &t);
    double ds = s * t;
    double s_c = s * (1.0 + z_e * t);
    double ds_c = ds * (1.0 + z_e * (t - s));
    double xdz = fabs(xc) > 6.0 ? 3.0 * z + (3.0 * z_e - 2.0 * a_hi * xc)
                                : xc * a_hi + (3.0 * b_hi) * (xc * (xc * xc));
    if (z < LIFT_BELOW) {
        double m = exp(z + 64.0) * (1.0 + z_e);
        *f = xc * m * UNLIFT;
        *d = m * (1.0 + xdz) * UNLIFT;
        return;
    }
    *f = x > 1e5 ? x : xc * s_c;
    if (z < 0.0) {
        double e = exp(-fabs(z)), dd = 1.0 + e;
        *d = e * (dd + xdz) / (dd * dd) * (1.0 + z_e * (t - s));
    } else {
        *d = s_c + xdz * ds_c;
    }
}

static inline void k_mish(double x, const params *p, double *f, double *d) {
    (void)p;
    double vc = clampd(x, -1e300, 1e300);
    if (x < LIFT_BELOW) {
        double m = exp(vc + 64.0);
        *f = vc * m * UNLIFT;
        *d = m * (1.0 + vc) * UNLIFT;
        return;
    }
    double e = exp(-fabs(x));
    if (x > 0.0) {
        double dp = 1.0 + 2.0 * e + 2.0 * e * e;
        double t = (1.0 + 2.0 * e) / dp, omt = 2.0 * e * e / dp;
        double s = 1.0 / (1.0 + e);
        *f = x > 1e300 ? x : vc * t;
        *d = t + vc * omt * (1.0 + t) * s;
    } else {
        double n = e * (e + 2.0), dn = n + 2.0, t = n / dn;
        *f = vc * t;
        double n4 = (1.0 + vc) + e * ((1.5 + vc) + e * (1.0 + 0.25 * e));
        double d4 = 1.0 + e * (2.0 + e * (2.0 + e * (1.0 + 0.25 * e)));
        *d = e * n4 / d4;
    }
}

/* erfcx(a) for a >= 0, the algorithm and tables of neuronkit/_erf.py (set_erfcx_tables
 * receives the tables from there, so there is one copy of them) */
#define ERF_NTAB 16
#define ERF_DEG 12
#define ERF_NTAIL 15
static double A0_HI[ERF_NTAB], A0_LO[ERF_NTAB], POLY[ERF_DEG][ERF_NTAB], TAIL[ERF_NTAIL];
static double K_HI, K_LO;
static int erfcx_ready = 0;

static inline double erfcx_pos(double a) {
    if (a < 0x1p-60) a = 0.0;
    if (a < 3.875) {
        double n = floor(a * 4.0 + 0.5), h = a - 0.25 * n;
        int i = (int)n;
        double acc = POLY[ERF_DEG - 1][i];
        for (int k = ERF_DEG - 2; k >= 0; k--) acc = acc * h + POLY[k][i];
        acc = acc * h + A0_LO[i];
        return A0_HI[i] + acc;
    }
    if (!(a <= 0x1p510)) return a > 0x1p510 ? K_HI / a : a;  /* GELU never asks */
    double ac = a < 0x1p40 ? a : 0x1p40, t = 1.0 / (ac * ac), r = TAIL[0];
    for (int k = 1; k < ERF_NTAIL; k++) r = r * t + TAIL[k];
    r = r * t - 0.5;
    r = r * t;
    double q = K_HI / a, pr = q * a, pe = two_prod_err(q, a, pr);
    double ql = (((K_HI - pr) - pe) + K_LO) / a;
    r = r * q + ql;
    return q + r;
}

/* exact GELU: a = sqrt(1/2), b = 1/sqrt(2 pi), c = sqrt(pi/2) (as the NumPy kernel) */
static inline void k_gelu(double x, const params *p, double *f, double *d) {
    double xc = clampd(x, -50.0, 50.0);
    int neg = x < 0.0;
    double sq = xc * xc, sq_e = two_square_err(xc, sq), t = -0.5 * sq;
    int lifted = neg && t < LIFT_BELOW;
    double m = exp(lifted ? t + 64.0 : t);
    double big_e = m * (1.0 - 0.5 * sq_e);
    double cx = erfcx_pos(fabs(xc) * p->a);
    double h = 0.5 * cx * big_e, phi = p->b * big_e;
    double v = neg ? xc * h : x * (1.0 - h);
    double g = neg ? phi * (xc + p->c * cx) : (1.0 - h) + xc * phi;
    if (lifted) { v = v * UNLIFT; g = g * UNLIFT; }
    *f = v;
    *d = g;
}

/* ---------------------------------------------------------------- loops and dispatch */

typedef void (*kfun)(double, const params *, double *, double *);

/* the parameters are copied into a local so the compiler knows no output aliases them */
#define DEFINE_LOOPS(NAME)                                                              \
    static void NAME##_d(const double *x, double *f, double *g, Py_ssize_t n,           \
                         const params *pp) {                                            \
        const params q = *pp, *p = &q;                                                  \
        double vf, vd;                                                                  \
        if (f && g) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME(x[i], p, &vf, &vd); f[i] = vf; g[i] = vd; }                         \
        else if (f) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME(x[i], p, &vf, &vd); f[i] = vf; }                                    \
        else for (Py_ssize_t i = 0; i < n; i++) {                                       \
            k_##NAME(x[i], p, &vf, &vd); g[i] = vd; }                                    \
    }                                                                                   \
    static void NAME##_f(const float *x, float *f, float *g, Py_ssize_t n,              \
                         const params *pp) {                                            \
        const params q = *pp, *p = &q;                                                  \
        double vf, vd;                                                                  \
        if (f && g) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME((double)x[i], p, &vf, &vd); f[i] = (float)vf; g[i] = (float)vd; }   \
        else if (f) for (Py_ssize_t i = 0; i < n; i++) {                                \
            k_##NAME((double)x[i], p, &vf, &vd); f[i] = (float)vf; }                     \
        else for (Py_ssize_t i = 0; i < n; i++) {                                       \
            k_##NAME((double)x[i], p, &vf, &vd); g[i] = (float)vd; }                     \
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
DEFINE_LOOPS(softplus)
DEFINE_LOOPS(log_sigmoid)
DEFINE_LOOPS(softsign)
DEFINE_LOOPS(elu)
DEFINE_LOOPS(selu)
DEFINE_LOOPS(celu)
DEFINE_LOOPS(swish)
DEFINE_LOOPS(gelu_tanh)
DEFINE_LOOPS(mish)
DEFINE_LOOPS(gelu)

typedef void (*loop_d)(const double *, double *, double *, Py_ssize_t, const params *);
typedef void (*loop_f)(const float *, float *, float *, Py_ssize_t, const params *);

typedef struct { const char *name; loop_d d; loop_f f; } kernel_entry;

#define ENTRY(NAME) { #NAME, NAME##_d, NAME##_f }
static const kernel_entry KERNELS[] = {
    ENTRY(step), ENTRY(identity), ENTRY(relu), ENTRY(leaky), ENTRY(relu6),
    ENTRY(hard_tanh), ENTRY(hard_logistic), ENTRY(hard_swish), ENTRY(logistic),
    ENTRY(softplus), ENTRY(log_sigmoid), ENTRY(softsign), ENTRY(elu),
    ENTRY(selu), ENTRY(celu), ENTRY(swish), ENTRY(gelu_tanh), ENTRY(mish), ENTRY(gelu),
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
    params p;
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
    if (read_doubles(hi, A0_HI, ERF_NTAB, "a0_hi") < 0 ||
        read_doubles(lo, A0_LO, ERF_NTAB, "a0_lo") < 0 ||
        read_doubles(poly, &POLY[0][0], ERF_DEG * ERF_NTAB, "poly") < 0 ||
        read_doubles(tail, TAIL, ERF_NTAIL, "tail") < 0)
        return NULL;
    K_HI = khi;
    K_LO = klo;
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
    UNLIFT = exp(-64.0);
    return PyModule_Create(&moduledef);
}
