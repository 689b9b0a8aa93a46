/*
 * The kernel tables of _kernels.h compiled for AVX-512F and FMA; _ckernels.c uses
 * this table when the CPU has these instructions.  Empty on other compilers and CPUs.
 * tune=skylake-avx512 makes GCC use hardware gathers for table lookups (its generic
 * tuning emulates them with scalar loads, which is slower); prefer-vector-width=512
 * undoes that tuning's default of 256-bit vectors.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC target("avx512f,avx2,fma,tune=skylake-avx512,prefer-vector-width=512")
#define NK_TABLE nk_kernels_avx512
#define NK_TEST_TABLE nk_test_kernels_avx512
#include "_kernels.h"
#else
typedef int nk_empty_translation_unit;
#endif
