/*
 * The kernel loops of _kernels.h compiled for AVX-512F and FMA; _ckernels.c uses
 * this table when the CPU has these instructions.  Empty on other compilers and CPUs.
 */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC target("avx512f,avx2,fma")
#define NK_TABLE nk_kernels_avx512
#include "_kernels.h"
#else
typedef int nk_empty_translation_unit;
#endif
