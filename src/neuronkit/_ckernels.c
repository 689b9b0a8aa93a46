/*
 * neuronkit._ckernels: compiled elementwise kernels behind the activation catalogue.
 *
 * The table of kernels is _kernels.h (the formulas are in _formulas.h, their loops in
 * _loops.h); this file is the Python side: it holds the portable tables of loops,
 * picks the AVX-512 or AVX2 tables (_ckernels_avx512.c, _ckernels_avx2.c) when the
 * CPU has them, and exposes them.
 *
 * Python API: run(kid, x, f_out, d_out, p0, p1, p2, p3[, threads]) -> None
 *   kid    kernel id (the index in names(); neuronkit/_compiled.py mirrors it)
 *   x      an aligned C-contiguous buffer of float32 ('f') or float64 ('d')
 *   f_out  a writable C-contiguous buffer of the same type and length, or None
 *   d_out  likewise for the derivative, or None
 *   p0..p3 the kernel's parameters (doubles)
 *   threads how many threads share the loop (default 1; see _parallel.c)
 * The GIL is released during the loop.
 * call(kid, which, x, threads, p0, p1, p2, p3[, out_a, out_b]) -> f, f' or (f, f') for
 *   which = NK_VALUE, NK_DERIVATIVE, NK_BOTH (0, 1, 2; enum nk_which): the short path,
 *   into fresh outputs (a NumPy scalar for 0-d x; large outputs from the buffer cache)
 *   or into out_a, out_b where given (not None; out_a is the one output for NK_VALUE
 *   and NK_DERIVATIVE); None, computing nothing, unless x is a C-contiguous, aligned,
 *   native float32/float64 ndarray and each given output is usable (usable_out) and
 *   apart from the other.  (The loops read and write whole floats: an unaligned array,
 *   such as a float64 view at an odd byte offset, takes the general path, which stages
 *   it in aligned memory.)
 * test_names(), test_run(kid, x, f_out, d_out, p0, p1, p2, p3[, threads]): the same for
 *   the test kernels of _test_kernels.h (not activations: kept out of names()).
 * isa() names the instruction set in use: "avx512", "avx2" or "portable".
 * empty(shape, dtype) -> a new uninitialized array, from the buffer cache of
 *   _buffers.c when it is large and the cache is on, else from NumPy's allocator.
 * buffer_cache(limit) -> (limit, bytes held, buffers held) before the call; a limit of
 *   -1 changes nothing, 0 empties and turns off the cache.
 *
 * Build flags: -fno-math-errno (lets unused libm calls be dropped),
 * -fno-trapping-math (lets both sides of a select be computed: the loops vectorize)
 * and -ffp-contract=off (no multiply-add is fused unless written so: the
 * exact-product (Dekker) steps rely on every product being rounded as written).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_22_API_VERSION
#include <numpy/arrayobject.h>

#include "_buffers.h"
#include "_parallel.h"

#define NK_TABLE nk_kernels_portable
#define NK_TEST_TABLE nk_test_kernels_portable
#include "_kernels.h"

struct erf_tables nk_erf;
static int erfcx_ready = 0;

/* call() releases the GIL from this many elements (below, releasing costs more) */
#define NK_RELEASE_GIL_FROM 4096

/* the tables of one instruction set: the kernels and the test kernels */
typedef struct {
    const char *name;
    const kernel_entry *kernels, *tests;
} isa_tables;

static const isa_tables PORTABLE = {"portable", nk_kernels_portable, nk_test_kernels_portable};

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define NK_X86_TABLES 1
/* the same entries as the portable tables: all three come from _kernels.h */
extern const kernel_entry nk_kernels_avx2[], nk_test_kernels_avx2[];
extern const kernel_entry nk_kernels_avx512[], nk_test_kernels_avx512[];
static const isa_tables AVX2 = {"avx2", nk_kernels_avx2, nk_test_kernels_avx2};
static const isa_tables AVX512 = {"avx512", nk_kernels_avx512, nk_test_kernels_avx512};
#endif

static const isa_tables *ISA = &PORTABLE;
#define NKERNELS ((int)(sizeof(nk_kernels_portable) / sizeof(nk_kernels_portable[0])))
#define NTESTS ((int)(sizeof(nk_test_kernels_portable) / sizeof(nk_test_kernels_portable[0])))

static void pick_isa(void) {
#ifdef NK_X86_TABLES
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
        ISA = &AVX512;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        ISA = &AVX2;
#endif
    /* NEURONKIT_ISA=portable (or avx2 on an AVX-512 machine) picks a lesser table, for
     * tests and comparisons */
    const char *want = getenv("NEURONKIT_ISA");
    if (want != NULL && strcmp(want, "portable") == 0) ISA = &PORTABLE;
#ifdef NK_X86_TABLES
    if (want != NULL && strcmp(want, "avx2") == 0 && ISA == &AVX512) ISA = &AVX2;
#endif
}

static int get_buffer(PyObject *obj, Py_buffer *view, int writable, const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    if (view->format == NULL || strlen(view->format) != 1 ||
        (view->format[0] != 'd' && view->format[0] != 'f')) {
        /* NumPy exports an unaligned array as "=d" (standard size, no alignment) */
        PyErr_Format(PyExc_TypeError, "%s must hold float32 or float64, aligned and in native "
                     "byte order (got buffer format '%s')", what,
                     view->format == NULL ? "B" : view->format);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* entry kid of a table of count kernels, or NULL with an exception set */
static const kernel_entry *find_kernel(const kernel_entry *table, int count, int kid) {
    if (kid < 0 || kid >= count) {
        PyErr_Format(PyExc_ValueError, "unknown kernel id %d", kid);
        return NULL;
    }
    if (table[kid].uses_erfcx && !erfcx_ready) {  /* (set when neuronkit is imported) */
        PyErr_SetString(PyExc_RuntimeError, "set_erfcx_tables() has not been called");
        return NULL;
    }
    return &table[kid];
}

/* run() over a table of count kernels */
static PyObject *run_from(const kernel_entry *table, int count, PyObject *args) {
    int kid;
    PyObject *xo, *fo, *go;
    params p = NK_PARAMS_INIT;
    int threads = 1;
    if (!PyArg_ParseTuple(args, "iOOOdddd|i", &kid, &xo, &fo, &go, &p.a, &p.b, &p.c, &p.d,
                          &threads))
        return NULL;
    const kernel_entry *k = find_kernel(table, count, kid);
    if (k == NULL) return NULL;
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
        Py_BEGIN_ALLOW_THREADS
        nk_run_parallel(k, fmt, xv.buf, hf ? fv.buf : NULL, hg ? gv.buf : NULL, n, &p, threads);
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

static PyObject *run(PyObject *self, PyObject *args) {
    (void)self;
    return run_from(ISA->kernels, NKERNELS, args);
}

static PyObject *test_run(PyObject *self, PyObject *args) {
    (void)self;
    return run_from(ISA->tests, NTESTS, args);
}

/* NumPy memory handler over _buffers.c; arrays keep a reference to its capsule */
static PyDataMem_Handler buffer_handler = {
    "neuronkit_buffer_cache", 1,
    {NULL, nk_buf_malloc, nk_buf_calloc, nk_buf_realloc, nk_buf_free},
};
static PyObject *handler_capsule = NULL;

/* a new uninitialized array; from the buffer cache when it is large and the cache is
 * on (the handler is set around this allocation only).  Steals descr. */
static PyObject *new_array(int nd, npy_intp *dims, PyArray_Descr *descr) {
    npy_intp size = 1;
    for (int i = 0; i < nd; i++) size *= dims[i];  /* the caller checked the shape */
    int cached = (size_t)size * (size_t)PyDataType_ELSIZE(descr) >= NK_BUF_MIN &&
                 nk_buf_limit() > 0;
    PyObject *old = cached ? PyDataMem_SetHandler(handler_capsule) : NULL;
    if (cached && old == NULL) {
        Py_DECREF(descr);
        return NULL;
    }
    PyObject *arr = PyArray_Empty(nd, dims, descr, 0);
    if (cached) {
        PyObject *mine = PyDataMem_SetHandler(old);
        Py_DECREF(old);
        if (mine == NULL) {
            Py_XDECREF(arr);
            return NULL;
        }
        Py_DECREF(mine);
    }
    return arr;
}

/* do the byte ranges [a, a + bytes) and [b, b + bytes) not overlap? */
static int disjoint(const char *a, const char *b, npy_intp bytes) {
    return a >= b + bytes || b >= a + bytes;
}

/* may the short path write into out (None: no)?  An exact ndarray of x's dtype and
 * shape, C-contiguous, aligned and writeable, that does not overlap x unless it is x
 * itself (the general path copies x for a shifted overlap) */
static int usable_out(PyObject *o, PyArrayObject *x) {
    if (!PyArray_CheckExact(o)) return 0;
    PyArrayObject *a = (PyArrayObject *)o;
    if (PyArray_TYPE(a) != PyArray_TYPE(x) || !PyArray_ISNBO(PyArray_DESCR(a)->byteorder)
        || !PyArray_IS_C_CONTIGUOUS(a) || !PyArray_ISALIGNED(a) || !PyArray_ISWRITEABLE(a)
        || !PyArray_SAMESHAPE(a, x))
        return 0;
    const char *lo = PyArray_DATA(a), *xlo = PyArray_DATA(x);
    return lo == xlo || disjoint(lo, xlo, PyArray_NBYTES(x));
}

/* the output for a call: out (a new reference) if given, else a new array */
static PyArrayObject *output(PyObject *out, PyArrayObject *x) {
    if (out != Py_None) {
        Py_INCREF(out);
        return (PyArrayObject *)out;
    }
    nk_buf_near(PyArray_DATA(x));
    PyObject *a = new_array(PyArray_NDIM(x), PyArray_DIMS(x),
                            PyArray_DescrFromType(PyArray_TYPE(x)));
    nk_buf_near(NULL);
    return (PyArrayObject *)a;
}

/* what a call returns for one output: out as given, a new 0-d result as a scalar */
static PyObject *returned(PyArrayObject *a, PyObject *out) {
    return out != Py_None ? (PyObject *)a : PyArray_Return(a);
}

static PyObject *call(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 8 && nargs != 10) {
        PyErr_SetString(PyExc_TypeError,
                        "call(kid, which, x, threads, p0, p1, p2, p3[, out_a, out_b])");
        return NULL;
    }
    int kid = (int)PyLong_AsLong(args[0]), which = (int)PyLong_AsLong(args[1]);
    int threads = (int)PyLong_AsLong(args[3]);
    if (PyErr_Occurred()) return NULL;
    const kernel_entry *k = find_kernel(ISA->kernels, NKERNELS, kid);
    if (k == NULL) return NULL;
    if (which != NK_VALUE && which != NK_DERIVATIVE && which != NK_BOTH) {
        PyErr_Format(PyExc_ValueError, "which must be 0, 1 or 2 (value, derivative, both), "
                     "not %d", which);
        return NULL;
    }
    params p = NK_PARAMS_INIT;
    double *pv[4] = {&p.a, &p.b, &p.c, &p.d};
    for (int i = 0; i < 4; i++) {
        *pv[i] = PyFloat_AsDouble(args[4 + i]);
        if (*pv[i] == -1.0 && PyErr_Occurred()) return NULL;
    }
    PyObject *xo = args[2];
    if (!PyArray_CheckExact(xo)) Py_RETURN_NONE;  /* subclasses: the general path */
    PyArrayObject *x = (PyArrayObject *)xo;
    int type = PyArray_TYPE(x);
    if ((type != NPY_DOUBLE && type != NPY_FLOAT) || !PyArray_ISNBO(PyArray_DESCR(x)->byteorder)
        || !PyArray_IS_C_CONTIGUOUS(x) || !PyArray_ISALIGNED(x))
        Py_RETURN_NONE;  /* not for the short path: the caller takes the general one */
    /* outputs given (None: a new array): for NK_VALUE or NK_DERIVATIVE, out_a is the
     * one output */
    PyObject *oa = nargs == 10 ? args[8] : Py_None, *ob = nargs == 10 ? args[9] : Py_None;
    if (which != NK_BOTH && ob != Py_None) Py_RETURN_NONE;
    if ((oa != Py_None && !usable_out(oa, x)) || (ob != Py_None && !usable_out(ob, x)))
        Py_RETURN_NONE;  /* the general path checks them and explains what is wrong */
    if (oa != Py_None && ob != Py_None  /* outputs that overlap: the general path */
        && !disjoint(PyArray_DATA((PyArrayObject *)oa), PyArray_DATA((PyArrayObject *)ob),
                     PyArray_NBYTES(x)))
        Py_RETURN_NONE;
    int value = which != NK_DERIVATIVE, derivative = which != NK_VALUE;
    PyObject *fo = value ? oa : Py_None, *go = which == NK_DERIVATIVE ? oa : ob;
    PyArrayObject *a = NULL, *b = NULL;
    if (value) a = output(fo, x);
    if (derivative) b = output(go, x);
    if ((value && a == NULL) || (derivative && b == NULL)) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return NULL;
    }
    npy_intp n = PyArray_SIZE(x);
    PyThreadState *ts = n > NK_RELEASE_GIL_FROM ? PyEval_SaveThread() : NULL;
    nk_run_parallel(k, type == NPY_DOUBLE ? 'd' : 'f', PyArray_DATA(x), a ? PyArray_DATA(a) : NULL,
                    b ? PyArray_DATA(b) : NULL, n, &p, threads);
    if (ts != NULL) PyEval_RestoreThread(ts);
    if (which == NK_VALUE) return returned(a, fo);
    if (which == NK_DERIVATIVE) return returned(b, go);
    PyObject *fa = returned(a, fo), *fb = returned(b, go);
    if (fa == NULL || fb == NULL) {
        Py_XDECREF(fa);
        Py_XDECREF(fb);
        return NULL;
    }
    return Py_BuildValue("(NN)", fa, fb);
}

static PyObject *empty(PyObject *self, PyObject *args) {
    (void)self;
    PyArray_Dims shape = {NULL, 0};
    PyArray_Descr *descr = NULL;
    if (!PyArg_ParseTuple(args, "O&O&", PyArray_IntpConverter, &shape,
                          PyArray_DescrConverter, &descr))
        goto fail;
    npy_intp size = 1;
    for (int i = 0; i < shape.len; i++) {
        if (shape.ptr[i] < 0) {
            PyErr_SetString(PyExc_ValueError, "negative dimensions are not allowed");
            goto fail;
        }
        if (shape.ptr[i] != 0 && size > NPY_MAX_INTP / shape.ptr[i]) {
            PyErr_SetString(PyExc_ValueError, "array is too big");
            goto fail;
        }
        size *= shape.ptr[i];
    }
    PyObject *arr = new_array(shape.len, shape.ptr, descr);  /* steals descr */
    PyDimMem_FREE(shape.ptr);
    return arr;
fail:
    Py_XDECREF(descr);
    PyDimMem_FREE(shape.ptr);
    return NULL;
}

static PyObject *buffer_cache(PyObject *self, PyObject *args) {
    (void)self;
    long long want;
    if (!PyArg_ParseTuple(args, "L", &want)) return NULL;
    size_t limit, held;
    int count;
    nk_buf_stats(&limit, &held, &count);
    if (want >= 0) nk_buf_set_limit((size_t)want);
    return Py_BuildValue("(KKi)", (unsigned long long)limit, (unsigned long long)held, count);
}

/* the names of a table's kernels, as a tuple indexed by kernel id */
static PyObject *names_of(const kernel_entry *table, int count) {
    PyObject *t = PyTuple_New(count);
    if (t == NULL) return NULL;
    for (int i = 0; i < count; i++) {
        PyObject *s = PyUnicode_FromString(table[i].name);
        if (s == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

static PyObject *names(PyObject *self, PyObject *noargs) {
    (void)self, (void)noargs;
    return names_of(ISA->kernels, NKERNELS);
}

static PyObject *float32_native(PyObject *self, PyObject *noargs) {
    (void)self, (void)noargs;
    PyObject *t = PyList_New(0);
    for (int i = 0; t != NULL && i < NKERNELS; i++) {
        if (!ISA->kernels[i].native32) continue;
        PyObject *s = PyUnicode_FromString(ISA->kernels[i].name);
        if (s == NULL || PyList_Append(t, s) < 0) Py_CLEAR(t);
        Py_XDECREF(s);
    }
    return t;
}

static PyObject *memory_speed(PyObject *self, PyObject *noargs) {
    (void)self, (void)noargs;
    PyObject *t = PyList_New(0);
    for (int i = 0; t != NULL && i < NKERNELS; i++) {
        if (!ISA->kernels[i].cheap) continue;
        PyObject *s = PyUnicode_FromString(ISA->kernels[i].name);
        if (s == NULL || PyList_Append(t, s) < 0) Py_CLEAR(t);
        Py_XDECREF(s);
    }
    return t;
}

static PyObject *test_names(PyObject *self, PyObject *noargs) {
    (void)self, (void)noargs;
    return names_of(ISA->tests, NTESTS);
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
    if (read_doubles(hi, nk_erf.a0_hi, ERF_NTAB, "a0_hi") < 0 ||
        read_doubles(lo, nk_erf.a0_lo, ERF_NTAB, "a0_lo") < 0 ||
        read_doubles(poly, &nk_erf.poly[0][0], ERF_DEG * ERF_NTAB, "poly") < 0 ||
        read_doubles(tail, nk_erf.tail, ERF_NTAIL, "tail") < 0)
        return NULL;
    nk_erf.k_hi = khi;
    nk_erf.k_lo = klo;
    for (int i = 0; i < ERF_NTAB; i++) {
        nk_erf.rows[i][0] = nk_erf.a0_hi[i];
        nk_erf.rows[i][1] = nk_erf.a0_lo[i];
        for (int k = 0; k < ERF_DEG; k++) nk_erf.rows[i][2 + k] = nk_erf.poly[k][i];
        for (int k = 2 + ERF_DEG; k < ERF_ROW; k++) nk_erf.rows[i][k] = 0.0;
    }
    erfcx_ready = 1;
    Py_RETURN_NONE;
}

static PyObject *isa(PyObject *self, PyObject *noargs) {
    (void)self; (void)noargs;
    return PyUnicode_FromString(ISA->name);
}

static PyMethodDef methods[] = {
    {"call", (PyCFunction)(void (*)(void))call, METH_FASTCALL,
     "call(kid, which, x, threads, p0, p1, p2, p3[, out_a, out_b]): kernel kid into new "
     "arrays or the outputs given, or None."},
    {"empty", empty, METH_VARARGS,
     "empty(shape, dtype): a new array, large ones from the buffer cache."},
    {"buffer_cache", buffer_cache, METH_VARARGS,
     "buffer_cache(limit) -> (limit, bytes, buffers) before the call; -1 sets nothing."},
    {"isa", isa, METH_NOARGS, "isa() -> the instruction set of the loops in use."},
    {"set_erfcx_tables", set_erfcx_tables, METH_VARARGS,
     "set_erfcx_tables(a0_hi, a0_lo, poly, tail, k_hi, k_lo): erfcx tables for GELU."},
    {"run", run, METH_VARARGS,
     "run(kid, x, f_out, d_out, p0, p1, p2, p3[, threads]): evaluate kernel kid over x."},
    {"names", names, METH_NOARGS, "names() -> tuple of kernel names, indexed by kernel id."},
    {"float32_native", float32_native, METH_NOARGS,
     "float32_native() -> list of the kernels whose float32 loops compute in float32 "
     "arithmetic (_float32.h) in the table in use."},
    {"memory_speed", memory_speed, METH_NOARGS,
     "memory_speed() -> list of the kernels marked cheap (loops at memory speed, which "
     "wake the worker threads only for larger inputs: _parallel.c)."},
    {"test_run", test_run, METH_VARARGS,
     "test_run(kid, x, f_out, d_out, p0, p1, p2, p3[, threads]): run test kernel kid."},
    {"test_names", test_names, METH_NOARGS,
     "test_names() -> tuple of the test kernels' names (_test_kernels.h), by id."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_ckernels",
    .m_doc = "Compiled one-pass kernels of neuronkit's activations (see _compiled.py).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__ckernels(void) {
    import_array();
    pick_isa();
    handler_capsule = PyCapsule_New(&buffer_handler, "mem_handler", NULL);
    if (handler_capsule == NULL) return NULL;
    return PyModule_Create(&moduledef);
}
