/*
 * neuronkit/_test_kernels.h: kernels that exist for the tests only (included by
 * _kernels.h, once per instruction set, into the table NK_TEST_TABLE).  They expose
 * the building blocks of _vmath.h and _erfcx.h so that tests/test_vmath.py can check
 * each against mpmath and tests/test_compiled.py can compare the instruction sets;
 * _ckernels.test_names() lists them and _ckernels.test_run() runs them.
 *
 *   vm_exp      f = exp(x) (every x), d = expm1(x) (x <= 0)
 *   vm_log1p    f = log1p(x), d = the float32 loops' version of it (0 <= x <= 1)
 *   vm_erfcx    f = erfcx(x) as float64 GELU computes it (erfcx_block; for float32
 *               input erfcx_pos, one element at a time), d = erfcx_lo(x) (0 <= x <= 11)
 *   vm_exp_lo   f = exp(x), d = expm1(x), the float32 loops' versions (x <= 0)
 *   vm_exp32    f + d = exp((float)x) = 2^k h + 2^k l from nk32_exp (_float32.h)
 *   vm_expm1_32 f + d = expm1((float)x) as the pair of nk32_expm1_exp (x <= 0)
 *               (both stored as double: the pairs' sums are exact there)
 *   vm_gelu32   f, d = GELU and its derivative of (float)x by gelu32_both (_gelu32.h),
 *               the scalar formula that the float32 loop runs with AVX-512 intrinsics
 *               (for ordinary x; fused multiply-adds as the library's fmaf without FMA)
 *   vm_logistic32, vm_swish32, vm_tanh32, vm_tanhshrink32
 *               f, d of (float)x by k32t_logistic, k32t_swish, k32t_tanh and
 *               k32t_tanhshrink
 *               (_formulas.h), the scalar formulas of the AVX-512 loops (table-driven
 *               exp, _float32x16.h)
 */

NK_INLINE void k_vm_exp(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    *f = nk_exp(x);
    *d = nk_expm1_neg(x);
}

NK_INLINE void k_vm_log1p(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    *f = nk_log1p_01(x);
    *d = nk_log1p_01_lo(x);
}

NK_INLINE void k_vm_exp_lo(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    *d = nk_expm1_neg2_lo(x, f);
}

NK_INLINE void k_vm_exp32(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    float s, h, l;
    nk32_exp((float)x, &s, &h, &l);
    *f = s * h; /* both products in float, as the kernels have them (s h is exact) */
    *d = s * l;
}

NK_INLINE void k_vm_expm1_32(double x, const params *p, double *f, double *d, const int f32) {
    (void)p, (void)f32;
    float m, ml, e, el;
    nk32_expm1_exp((float)x, &m, &ml, &e, &el);
    *f = m;
    *d = ml;
}

/* a test kernel vm_NAME of a scalar float32 formula FORMULA(x, &f, &d) */
#define NK_VM32(NAME, FORMULA)                                                          \
    NK_INLINE void k_vm_##NAME(double x, const params *p, double *f, double *d,         \
                               const int f32) {                                         \
        (void)p, (void)f32;                                                             \
        float vf, vd;                                                                   \
        FORMULA((float)x, &vf, &vd);                                                    \
        *f = vf;                                                                        \
        *d = vd;                                                                        \
    }                                                                                   \
    DEFINE_CHEAP_LOOPS(vm_##NAME)

NK_VM32(gelu32, GELU32_SCALAR)
NK_VM32(logistic32, k32t_logistic)
NK_VM32(swish32, k32t_swish)
NK_VM32(tanh32, k32t_tanh)
NK_VM32(tanhshrink32, k32t_tanhshrink)

DEFINE_CHEAP_LOOPS(vm_exp32)
DEFINE_CHEAP_LOOPS(vm_expm1_32)
DEFINE_CHEAP_LOOPS(vm_exp)
DEFINE_CHEAP_LOOPS(vm_log1p)
DEFINE_CHEAP_LOOPS(vm_exp_lo)

static void vm_erfcx_d(const double *x, double *f, double *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START(NK_ERF_SETUP);
    (void)vf, (void)vd;
    for (ptrdiff_t i0 = 0; f && i0 < n; i0 += NK_BLOCK)
        erfcx_block(x + i0, f + i0, n - i0 < NK_BLOCK ? n - i0 : NK_BLOCK, 1.0, p->tab);
    for (ptrdiff_t i = 0; g && i < n; i++) g[i] = erfcx_lo(x[i]);
}

static void vm_erfcx_f(const float *x, float *f, float *g, ptrdiff_t n, const params *pp) {
    NK_LOOP_START(NK_ERF_SETUP);
    NK_FG_LOOP(float, 0, n, (vf = erfcx_pos(x[i], p->tab), vd = erfcx_lo(x[i])));
}

const kernel_entry NK_TEST_TABLE[] = {
    NK_ENTRY(vm_exp, 0, 0, 0) NK_ENTRY(vm_log1p, 0, 0, 0) NK_ENTRY(vm_erfcx, 0, 1, 0)
    NK_ENTRY(vm_exp_lo, 0, 0, 0) NK_ENTRY(vm_exp32, 0, 0, 0) NK_ENTRY(vm_expm1_32, 0, 0, 0)
    NK_ENTRY(vm_gelu32, 0, 0, 0) NK_ENTRY(vm_logistic32, 0, 0, 0) NK_ENTRY(vm_swish32, 0, 0, 0)
    NK_ENTRY(vm_tanh32, 0, 0, 0) NK_ENTRY(vm_tanhshrink32, 0, 0, 0)
};
