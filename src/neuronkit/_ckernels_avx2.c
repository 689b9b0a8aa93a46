/*
 * The kernel tables of _kernels.h compiled for AVX2 and FMA (x86-64-v3); _ckernels.c uses
 * this table when the CPU has these instructions.  Empty on other compilers and CPUs.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC target("avx2,fma")
#define NK_TABLE nk_kernels_avx2
#define NK_TEST_TABLE nk_test_kernels_avx2
#include "_kernels.h"
#else
typedef int nk_empty_translation_unit;
#endif
