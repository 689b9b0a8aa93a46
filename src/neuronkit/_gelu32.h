/*
 * neuronkit/_gelu32.h: the exact GELU and its derivative for float32 arrays, in float32
 * arithmetic.
 *
 * f(x) = x Phi(x).  With a = |x| and h = Phi(-a) = exp(-a^2/2) R(a), R(a) =
 * erfcx(a/sqrt(2))/2: f = -a h for x < 0, and f = x + (-a h) for x > 0 (since
 * Phi(x) = 1 - Phi(-x)); neither cancels.  h is carried as an unevaluated sum of floats
 * (_float32.h) with a relative error near 2^-29, and each result is rounded once (within
 * 1 ULP; measured on every float32 in [-11.5, 12] at most 0.578 ULP, the derivative 0.589):
 *
 *   R(a)        a polynomial of degree 7 in u = a - c on 24 intervals of width 1/2
 *               centred at c = i/2, i = round(2a) (GELU32_R, tools/fit_tables.py); u is
 *               exact, and the first two terms are pairs: R = s + rl with s = c0 + c1 u
 *               rounded (its error recovered, Fast2Sum and the product's residual)
 *   exp(-a^2/2) -a^2/2 = a (-a/2) = y + yl exactly (a fused multiply-add), then
 *               y + yl = k ln2/32 + r with |r| <= ln2/64 (the reduction exact but for
 *               the rounding of a term near 2^-24 r), exp(r) = 1 + p with p = r +
 *               r^2/2 + r^3/6 (the rest below 2^-30.7), 2^(k/32) = 2^m (th + tl) from a
 *               table of 32 pairs (NK32_EXP2: a table of 16, with twice the reduced
 *               range, measured 0.61 ULP instead of 0.56, no faster)
 *   product     (th + th p + tl)(s + rl) as P + low, P = th s rounded and its residual;
 *               times -a 2^m (exact): gh + gl, and f = gh + gl (x < 0) or x + gh + gl
 *               with x + gh made exact by Fast2Sum (x > 0; one formula for both:
 *               x is taken as 0 for x < 0)
 *   f'          f'(-a) = Phi(-a) - a phi(a) = exp(-a^2/2) (R(a) - a/sqrt(2 pi)) from the
 *               same pieces (the difference by TwoSum), f'(x) = f'(-a) for x < 0 and
 *               1 - f'(-a) for x >= 0; near its root (|x - x0| < 1/8, x0 = -0.7518) the
 *               difference cancels beyond what the float32 R carries, and there
 *               f' = (x - x0) P(x), one more polynomial (GELU32_ROOT_P)
 *
 * Ordinary inputs (gelu32_ordinary) are those with a normal result far from the
 * underflow: -11.5 <= x (f >= 2^-97), +inf included, and zeros; not 0 < |x| < 2^-60 (the
 * residuals of products with a subnormal result would not be exact) nor NaN.  The loop
 * (gelu_f in _kernels.h) computes the others with the float64 formula.  Every ordinary
 * element's arithmetic is finite: a is clipped to 11.5 and x to [0, 6] in the sum
 * (above 6, f = x exactly).  An element's bits depend on its value only.
 *
 * With AVX-512 the loop of _float32x16.h runs 16 elements at a time with the tables
 * looked up by in-register permutes (vpermt2ps; a gather is far slower): gelu32_both16
 * (v32_gelu), the same floating-point operations in the same order, explicitly fused,
 * as the scalar gelu32_both, which the tests run on every instruction set (vm_gelu32,
 * _test_kernels.h) and compare bit for bit.  Only its exact scalings by 2^m differ in
 * form: vscalefps by k/32 as a float (it takes the floor, m), not a product with 2^m
 * built from its bits, and -a 2^m carried as a 2^m with the signs of its products
 * turned (the same values).
 * With AVX2 and FMA (no AVX-512) float32 GELU is computed in double instead, four
 * lanes at a time, from a rational erfcx (gelu32d_both4 and its scalar gelu32d_both,
 * NK_V8 below: no table to look up).  The targets without FMA compute it in double
 * with erfcx_lo (GELU32_NATIVE = 0).
 */
#ifndef NEURONKIT_GELU32_H
#define NEURONKIT_GELU32_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "_float32.h"
#include "_float32x16.h"
#include "_float32x8.h"
#include "_kernels_api.h"
#include "_loops.h"
#include "_vmath.h"

#define GELU32_LOW -11.5f     /* x below: the float64 formula (and a is clipped to 11.5) */
#define GELU32_TINY 0x1p-60f  /* 0 < |x| below: the float64 formula */
#define GELU32_ONE 6.0f       /* x above: f = x (Phi(-6) < 2^-29) */
#define GELU32_COEFFS 10      /* GELU32_R's rows: c0, c0 lo, c1, c1 lo, c2 .. c7 */
#define NK32_INV_SQRT_2PI_HI 0x1.988454p-2f   /* 1 / sqrt(2 pi) rounded to float */
#define NK32_INV_SQRT_2PI_LO -0x1.857936p-27f /* the rest, rounded */

/* R(a) = erfcx(a/sqrt(2))/2 on the intervals of width 1/2 centred at i/2, i = 0..23
 * (padded with zeros to 32), degree 7 in a - i/2: row k (32 floats) holds the
 * coefficients of u^k, with those of u^0 and u^1 as pairs (rows 0, 1 and 2, 3) */
static const float GELU32_R[320] = {
    0x1.000000p-1f, 0x1.66027ap-2f, 0x1.0bdb2ep-2f, 0x1.a57056p-3f,
    0x1.5845dcp-3f, 0x1.217252p-3f, 0x1.f1b89cp-4f, 0x1.b396fap-4f,
    0x1.82b4bcp-4f, 0x1.5b5acep-4f, 0x1.3b0fbcp-4f, 0x1.201faap-4f,
    0x1.095608p-4f, 0x1.eba5fep-5f, 0x1.c9e120p-5f, 0x1.ac6292p-5f,
    0x1.926972p-5f, 0x1.7b5f34p-5f, 0x1.66ccb8p-5f, 0x1.545298p-5f,
    0x1.43a38ap-5f, 0x1.34805ap-5f, 0x1.26b4d0p-5f, 0x1.1a1574p-5f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    -0x1.e7433ap-42f, 0x1.a82fdep-27f, 0x1.b78d0cp-33f, -0x1.a64d56p-29f,
    0x1.5a41aap-28f, 0x1.8b64dcp-30f, 0x1.18df6cp-31f, -0x1.8717bep-31f,
    -0x1.cdae86p-30f, -0x1.89d47ep-29f, 0x1.698ebep-29f, -0x1.b4c928p-29f,
    0x1.8f62aep-29f, 0x1.6c52a8p-31f, 0x1.c9111ep-30f, 0x1.7b77f6p-30f,
    0x1.7a8660p-32f, -0x1.df6f08p-30f, -0x1.18fceep-31f, -0x1.a112a0p-30f,
    0x1.c8dda8p-30f, -0x1.65c106p-32f, -0x1.999acap-32f, 0x1.c1f41cp-31f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, -0x1.988454p-2f, -0x1.cb062cp-3f, -0x1.19524ap-3f,
    -0x1.71c04cp-4f, -0x1.00f9dap-4f, -0x1.75ab64p-5f, -0x1.19cef2p-5f,
    -0x1.b6038ap-6f, -0x1.5cf97cp-6f, -0x1.1be2c6p-6f, -0x1.d614ecp-7f,
    -0x1.8b1956p-7f, -0x1.5068c2p-7f, -0x1.21ae92p-7f, -0x1.f7d59ep-8f,
    -0x1.b9fa6ap-8f, -0x1.86b844p-8f, -0x1.5bcb3ep-8f, -0x1.378124p-8f,
    -0x1.188feep-8f, -0x1.fbf2d0p-9f, -0x1.cdeeacp-9f, -0x1.a5dac2p-9f,
    -0x1.82bdeep-9f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x1.8d20c0p-27f, 0x1.701422p-29f,
    -0x1.cb5bdap-29f, -0x1.8987f2p-31f, -0x1.0140d2p-30f, 0x1.14aee6p-35f,
    0x1.d142b2p-30f, -0x1.0118f0p-31f, 0x1.ea3216p-31f, 0x1.4d5840p-32f,
    0x1.2d7eb4p-32f, 0x1.9c998ap-32f, -0x1.b9553cp-34f, -0x1.a149a2p-33f,
    0x1.5a0e26p-33f, -0x1.b1937ap-33f, 0x1.06b46ep-33f, -0x1.fb3048p-33f,
    0x1.dabc8cp-33f, 0x1.8cc644p-33f, 0x1.1c91acp-36f, 0x1.5e07b4p-39f,
    0x1.580114p-36f, 0x1.c15362p-36f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x1.fffffep-3f,
    0x1.e681e6p-4f, 0x1.fcc826p-5f, 0x1.20403ap-5f, 0x1.5d300ap-6f,
    0x1.bf399ep-7f, 0x1.2c08cap-7f, 0x1.a29f06p-8f, 0x1.2dda04p-8f,
    0x1.bfbaeep-9f, 0x1.542a9ap-9f, 0x1.07e3eap-9f, 0x1.a0eee4p-10f,
    0x1.4ea508p-10f, 0x1.106374p-10f, 0x1.c0f9d2p-11f, 0x1.7625d6p-11f,
    0x1.3ae804p-11f, 0x1.0b6e08p-11f, 0x1.c9eb5ep-12f, 0x1.8af23ep-12f,
    0x1.56ee3ep-12f, 0x1.2b9aa2p-12f, 0x1.073c62p-12f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    -0x1.1057e6p-3f, -0x1.c1dcf6p-5f, -0x1.9b00b2p-6f, -0x1.99805cp-7f,
    -0x1.b75f1ep-8f, -0x1.f6275ep-9f, -0x1.2ed734p-9f, -0x1.7e8222p-10f,
    -0x1.f6a4f6p-11f, -0x1.55bc00p-11f, -0x1.dea72ap-12f, -0x1.57ff86p-12f,
    -0x1.f9cc9ep-13f, -0x1.7b5fb8p-13f, -0x1.21a61ep-13f, -0x1.c159cep-14f,
    -0x1.618918p-14f, -0x1.19ba32p-14f, -0x1.c63992p-15f, -0x1.72077ep-15f,
    -0x1.305576p-15f, -0x1.f8ff2ap-16f, -0x1.a65b0cp-16f, -0x1.63dac4p-16f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x1.ffebaep-5f, 0x1.760400p-6f, 0x1.2f4424p-7f, 0x1.0d5df6p-8f,
    0x1.02ff7cp-9f, 0x1.0ac0f4p-10f, 0x1.239cb8p-11f, 0x1.4fb3eep-12f,
    0x1.943baep-13f, 0x1.fa3ad4p-14f, 0x1.4810b0p-14f, 0x1.b6438cp-15f,
    0x1.2cab48p-15f, 0x1.a673eap-16f, 0x1.2f2186p-16f, 0x1.bb59eep-17f,
    0x1.49cbcap-17f, 0x1.f245c4p-18f, 0x1.7db4d4p-18f, 0x1.282784p-18f,
    0x1.d0ed5cp-19f, 0x1.70d946p-19f, 0x1.278150p-19f, 0x1.ddc948p-20f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, -0x1.b25eb2p-6f, -0x1.1d0facp-7f, -0x1.9ef56ep-9f,
    -0x1.4bf07ep-10f, -0x1.2094c4p-11f, -0x1.0decdep-12f, -0x1.0d3598p-13f,
    -0x1.1c0c58p-14f, -0x1.3ae7f0p-15f, -0x1.6ca9a6p-16f, -0x1.b6d8d4p-17f,
    -0x1.1138a4p-17f, -0x1.5eaf90p-18f, -0x1.ce7820p-19f, -0x1.386f38p-19f,
    -0x1.af780ap-20f, -0x1.2fdc92p-20f, -0x1.b3b56cp-21f, -0x1.3d80f2p-21f,
    -0x1.d5a710p-22f, -0x1.601ba8p-22f, -0x1.0b4c24p-22f, -0x1.9a855ep-23f,
    -0x1.3e9b8ep-23f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x1.47d644p-7f, 0x1.98fe9ep-9f,
    0x1.0cf6d0p-10f, 0x1.85ef6cp-12f, 0x1.3442b4p-13f, 0x1.072f88p-14f,
    0x1.e11ad4p-16f, 0x1.d3161ep-17f, 0x1.de61e0p-18f, 0x1.00e09cp-18f,
    0x1.1fc1f6p-19f, 0x1.4eb47cp-20f, 0x1.92a0fcp-21f, 0x1.f32cb4p-22f,
    0x1.3df494p-22f, 0x1.9f1c3cp-23f, 0x1.15111ep-23f, 0x1.7968a6p-24f,
    0x1.05d392p-24f, 0x1.7175b6p-25f, 0x1.08bbcep-25f, 0x1.80d304p-26f,
    0x1.1b6492p-26f, 0x1.a67e7ap-27f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, -0x1.6429fcp-9f,
    -0x1.0fb22cp-10f, -0x1.45d836p-12f, -0x1.af9d12p-14f, -0x1.3889dep-15f,
    -0x1.ea4244p-17f, -0x1.9cf24ap-18f, -0x1.72aee2p-19f, -0x1.603116p-20f,
    -0x1.6009c0p-21f, -0x1.7039b0p-22f, -0x1.91279cp-23f, -0x1.c54f42p-24f,
    -0x1.08b496p-24f, -0x1.3e7dc8p-25f, -0x1.89b186p-26f, -0x1.f2be98p-27f,
    -0x1.430ff6p-27f, -0x1.ab2df4p-28f, -0x1.1fc632p-28f, -0x1.8a7856p-29f,
    -0x1.12b202p-29f, -0x1.843d54p-30f, -0x1.161e4cp-30f, 0x0.0p+0f, 0x0.0p+0f,
    0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f, 0x0.0p+0f,
};

/* f' within 1/8 of its root x0 = -0.7518 (GELU32_NEAR_ROOT), where the two terms of
 * f'(-a) = exp(-a^2/2) (R(a) - a/sqrt(2 pi)) cancel beyond what the float32 R carries
 * (measured: 0.82 ULP at |x - x0| in [1/16, 1/8), 0.58 beyond), as (x - x0) P(t) with
 * t = x - x0h exact: x0h = x0 rounded, x0h - x0 (rounded), then P's coefficients, the
 * first two as pairs: c0, c0 lo, c1, c1 lo, c2 .. c6 (tools/fit_tables.py) */
#define GELU32_NEAR_ROOT 0.125f
static const float GELU32_ROOT_P[11] = {
    -0x1.80ead2p-1f, -0x1.a03fd4p-27f, 0x1.b9d990p-2f, -0x1.565614p-27f,
    0x1.8d9a94p-2f, 0x1.4ab2d8p-30f, -0x1.2a2ef6p-6f, -0x1.d2f9c8p-4f,
    -0x1.e4068ep-7f, 0x1.3d2fe6p-6f, 0x1.27efdep-8f,
};

NK_INLINE int gelu32_ordinary(float x) {
    return (x >= GELU32_LOW) & ((fabsf(x) >= GELU32_TINY) | (x == 0.0f));
}

/* f and f' for an ordinary x (any other x: some finite values) */
NK_INLINE void gelu32_both(float x, float *f, float *d) {
    const float *T = GELU32_R;
    float a = fabsf(x);
    a = a < -GELU32_LOW ? a : -GELU32_LOW;  /* NaN: the bound */
    /* R(a) = s + rl */
    float ts = NK_FMAF(a, 2.0f, NK32_SHIFT), ci = ts - NK32_SHIFT;
    float u = NK_FMAF(ci, -0.5f, a);  /* exact */
    uint32_t i = nk32_bits(ts) & 31u;
    float q = T[32 * (GELU32_COEFFS - 1) + i];
    for (int k = GELU32_COEFFS - 2; k >= 4; k--) q = NK_FMAF(q, u, T[32 * k + i]);
    q = NK_FMAF(q, u, T[32 * 3 + i]);
    float c0 = T[i], c1 = T[32 * 2 + i];
    float t1 = u * c1, e1 = NK_FMAF(u, c1, -t1);
    float s = c0 + t1, se = (c0 - s) + t1;  /* Fast2Sum: |t1| < c0 */
    float rl = NK_FMAF(q, u, T[32 + i] + (se + e1));
    /* exp(-a^2/2) = 2^m (th + tl)(1 + p) */
    float b = -0.5f * a, y = a * b, yl = NK_FMAF(a, b, -y);  /* -a^2/2 = y + yl exactly */
    float ks = NK_FMAF(y, NK32_INV_LN2_32, NK32_SHIFT), kf = ks - NK32_SHIFT;
    float r = NK_FMAF(-kf, NK32_LN2_32_HI, y);  /* exact */
    r = r + NK_FMAF(-kf, NK32_LN2_32_LO, yl);
    float p = NK_FMAF(r * r, NK_FMAF(r, 0x1.555556p-3f, 0.5f), r);
    uint32_t kb = nk32_bits(ks), j = kb & 31u;
    float th = NK32_EXP2[j], tl = NK32_EXP2[32 + j];
    uint32_t mb = (uint32_t)(((int32_t)(kb - nk32_bits(NK32_SHIFT)) >> 5) + 127) << 23;
    float scale = nk32_from_bits(mb), nscale = nk32_from_bits(mb | 0x80000000u);  /* 2^m */
    float al = NK_FMAF(th, p, tl);
    /* f: (th + al)(s + rl) = big + low, times -a 2^m: gh + gl; xp + gh + gl with xp = x
     * clipped to [0, 6] (x < 0: gh + gl) */
    float big = th * s, be = NK_FMAF(th, s, -big);
    float low = NK_FMAF(al, s + rl, NK_FMAF(th, rl, be));
    float xn = a * nscale;
    float gh = xn * big, gl = NK_FMAF(xn, low, NK_FMAF(xn, big, -gh));
    float xp = x > 0.0f ? x : 0.0f;
    xp = xp < GELU32_ONE ? xp : GELU32_ONE;
    float t = xp + gh, te = (xp - t) + gh;  /* Fast2Sum: |gh| < xp or xp = 0 */
    float v = t + (te + gl);
    *f = (x > GELU32_ONE || x == 0.0f) ? x : v;
    /* f': f'(-a) = Phi(-a) - a phi(a) = exp(-a^2/2) (R(a) - a C), C = 1/sqrt(2 pi),
     * with R - aC = dh + dl (TwoSum), times (th + al) as dbig + dlow; f'(x) = 2^m (dbig +
     * dlow) for x < 0 and 1 - 2^m (dbig + dlow) for x >= 0 (Fast2Sum: |f'(-a)| < 1) */
    float w = a * NK32_INV_SQRT_2PI_HI, we = NK_FMAF(a, NK32_INV_SQRT_2PI_HI, -w);
    float dh = s - w, de = nk32_two_sum_err(s, -w, dh);
    float dl = NK_FMAF(-a, NK32_INV_SQRT_2PI_LO, (de + rl) - we);
    float dbig = th * dh, dbe = NK_FMAF(th, dh, -dbig);
    float dlow = NK_FMAF(al, dh + dl, NK_FMAF(th, dl, dbe));
    float gneg = (dbig + dlow) * scale;
    float qh = dbig * scale, ql = dlow * scale;
    float g1 = 1.0f - qh, g1e = (1.0f - g1) - qh;
    float gpos = g1 + (g1e - ql);
    /* near the root: (t + (x0h - x0))(S + pl), P(t) = S + pl as R above */
    int near = fabsf(x - GELU32_ROOT_P[0]) < GELU32_NEAR_ROOT;
    float groot = nk32_near_root(x, GELU32_ROOT_P, 2.0f * GELU32_NEAR_ROOT);
    *d = near ? groot : (x < 0.0f ? gneg : gpos);
}

/* the float32 loop takes these kernels with AVX-512 (NK_V32, a lookup of 32 entries by
 * in-register permutes; gathers, or four permutes and three blends a coefficient, made
 * the loop 2.7 times slower than the float64 formula); with AVX2 and FMA it computes in
 * double (NK_V8), without a fused multiply-add with erfcx_lo */
#if NK_V32
#define GELU32_NATIVE 1

/* gelu32_both of 16 floats: the same operations */
NK_INLINE void gelu32_both16(__m512 x, __m512 *f, __m512 *d) {
    const float *T = GELU32_R;
    const __m512 shift = NK32_SET(NK32_SHIFT), zero = _mm512_setzero_ps();
    __m512 a = _mm512_min_ps(_mm512_abs_ps(x), NK32_SET(-GELU32_LOW));
    __m512 ts = _mm512_fmadd_ps(a, NK32_SET(2.0f), shift);
    __m512 ci = _mm512_sub_ps(ts, shift);
    __m512 u = _mm512_fmadd_ps(ci, NK32_SET(-0.5f), a);
    __m512i i = _mm512_castps_si512(ts);
    __m512 q = nk32_lookup32(T + 32 * (GELU32_COEFFS - 1), i);
    for (int k = GELU32_COEFFS - 2; k >= 4; k--)
        q = _mm512_fmadd_ps(q, u, nk32_lookup32(T + 32 * k, i));
    q = _mm512_fmadd_ps(q, u, nk32_lookup32(T + 32 * 3, i));
    __m512 c0 = nk32_lookup32(T, i), c1 = nk32_lookup32(T + 32 * 2, i);
    __m512 t1 = _mm512_mul_ps(u, c1), e1 = _mm512_fmsub_ps(u, c1, t1);
    __m512 s = _mm512_add_ps(c0, t1), se = _mm512_add_ps(_mm512_sub_ps(c0, s), t1);
    __m512 rl = _mm512_fmadd_ps(q, u, _mm512_add_ps(nk32_lookup32(T + 32, i),
                                                    _mm512_add_ps(se, e1)));
    __m512 b = _mm512_mul_ps(NK32_SET(-0.5f), a);
    __m512 y = _mm512_mul_ps(a, b), yl = _mm512_fmsub_ps(a, b, y);
    __m512 ks = _mm512_fmadd_ps(y, NK32_SET(NK32_INV_LN2_32), shift);
    __m512 kf = _mm512_sub_ps(ks, shift);
    __m512 r = _mm512_fnmadd_ps(kf, NK32_SET(NK32_LN2_32_HI), y);
    r = _mm512_add_ps(r, _mm512_fnmadd_ps(kf, NK32_SET(NK32_LN2_32_LO), yl));
    __m512 p = _mm512_fmadd_ps(_mm512_mul_ps(r, r),
                               _mm512_fmadd_ps(r, NK32_SET(0x1.555556p-3f), NK32_SET(0.5f)), r);
    __m512i kb = _mm512_castps_si512(ks);
    __m512 th = nk32_lookup32(NK32_EXP2, kb), tl = nk32_lookup32(NK32_EXP2 + 32, kb);
    /* k / 32, for the exact scalings by 2^m, m = floor(k / 32): vscalefps takes the
     * floor of its second operand itself */
    __m512 m = _mm512_mul_ps(kf, NK32_SET(0x1p-5f));
    __m512 al = _mm512_fmadd_ps(th, p, tl);
    __m512 big = _mm512_mul_ps(th, s), be = _mm512_fmsub_ps(th, s, big);
    __m512 low = _mm512_fmadd_ps(al, _mm512_add_ps(s, rl), _mm512_fmadd_ps(th, rl, be));
    /* xn = -a 2^m as -(an): gh = -(an big), gl = -(an low) + (-(an big) - gh) */
    __m512 an = _mm512_scalef_ps(a, m);
    __m512 gh = _mm512_fnmadd_ps(an, big, zero);
    __m512 gl = _mm512_fnmadd_ps(an, low, _mm512_fnmsub_ps(an, big, gh));
    __m512 xp = _mm512_min_ps(_mm512_max_ps(x, zero), NK32_SET(GELU32_ONE));
    __m512 t = _mm512_add_ps(xp, gh), te = _mm512_add_ps(_mm512_sub_ps(xp, t), gh);
    __m512 v = _mm512_add_ps(t, _mm512_add_ps(te, gl));
    __mmask16 keep = _mm512_cmp_ps_mask(x, NK32_SET(GELU32_ONE), _CMP_GT_OQ) |
                     _mm512_cmp_ps_mask(x, zero, _CMP_EQ_OQ);
    *f = _mm512_mask_blend_ps(keep, v, x);
    __m512 w = _mm512_mul_ps(a, NK32_SET(NK32_INV_SQRT_2PI_HI));
    __m512 we = _mm512_fmsub_ps(a, NK32_SET(NK32_INV_SQRT_2PI_HI), w);
    __m512 dh = _mm512_sub_ps(s, w), db = _mm512_sub_ps(dh, s);
    __m512 de = _mm512_add_ps(_mm512_sub_ps(s, _mm512_sub_ps(dh, db)),
                              _mm512_sub_ps(_mm512_sub_ps(zero, w), db));
    __m512 dl = _mm512_fnmadd_ps(a, NK32_SET(NK32_INV_SQRT_2PI_LO),
                                 _mm512_sub_ps(_mm512_add_ps(de, rl), we));
    __m512 dbig = _mm512_mul_ps(th, dh), dbe = _mm512_fmsub_ps(th, dh, dbig);
    __m512 dlow = _mm512_fmadd_ps(al, _mm512_add_ps(dh, dl), _mm512_fmadd_ps(th, dl, dbe));
    __m512 gneg = _mm512_scalef_ps(_mm512_add_ps(dbig, dlow), m);
    __m512 qh = _mm512_scalef_ps(dbig, m), ql = _mm512_scalef_ps(dlow, m);
    __m512 one = NK32_SET(1.0f), g1 = _mm512_sub_ps(one, qh);
    __m512 g1e = _mm512_sub_ps(_mm512_sub_ps(one, g1), qh);
    __m512 gpos = _mm512_add_ps(g1, _mm512_sub_ps(g1e, ql));
    __m512 g = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ), gpos, gneg);
    const float *P = GELU32_ROOT_P;
    __m512 tr = _mm512_sub_ps(x, NK32_SET(P[0]));
    __mmask16 near = _mm512_cmp_ps_mask(_mm512_abs_ps(tr), NK32_SET(GELU32_NEAR_ROOT), _CMP_LT_OQ);
    tr = _mm512_min_ps(_mm512_max_ps(tr, NK32_SET(-2.0f * GELU32_NEAR_ROOT)),
                       NK32_SET(2.0f * GELU32_NEAR_ROOT));
    /* in every lane: skipped for vectors without a lane near the root (as swish's), f'
     * took 0.90 of the time at 10^5 but 1.04-1.05 at 10^6 (a window of 1/4 holds an
     * element of about two vectors in five of N(0, 3) data: the branch mispredicts) */
    *d = _mm512_mask_blend_ps(near, g, nk32_root_poly16(tr, P));
}

/* the ordinary elements of x, as a mask of 16 */
NK_INLINE __mmask16 ok16_gelu(__m512 x, const params *p) {
    (void)p;
    return _mm512_cmp_ps_mask(x, NK32_SET(GELU32_LOW), _CMP_GE_OQ) &
           (_mm512_cmp_ps_mask(_mm512_abs_ps(x), NK32_SET(GELU32_TINY), _CMP_GE_OQ) |
            _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_EQ_OQ));
}
NK_V32_BAD_FROM_MASK(gelu)
NK_INLINE void v32_gelu(__m512 x, const params *p, __m512 *f, __m512 *d) {
    (void)p;
    gelu32_both16(x, f, d);
}
/* the float32 loop FNAME (_float32x16.h), FALLBACK for the elements that are not ordinary */
#define GELU32_LOOP(FNAME, FALLBACK)                                                    \
    NK_VEC_F_LOOP(gelu, FNAME, , gelu32_ordinary(xb[i]), FALLBACK)
#define GELU32_SCALAR gelu32_both /* the scalar formula of the loop (the tests' vm_gelu32) */
#elif NK_V8
#define GELU32_NATIVE 1

/* With AVX2 (no AVX-512) float32 GELU runs in double, 4 lanes at a time, from a
 * rational R = N/D (and Q = M/D for f') and a polynomial exp, each about 2^-34
 * relative: GELU32_R's 24 intervals would have to be looked up by transposing rows
 * in registers, which made that loop slower than this one (on an AMD EPYC, Zen 2,
 * 10^5 elements, both loops in one process: f 2.15, f' 2.22, both 2.69 ns an element,
 * against 2.95, 3.45 and 4.14 for the float32-arithmetic loop with its rows transposed).
 * With a = min(|x|, 11.5) and u = 2a/11.5 - 1 in [-1, 1]:
 *
 *   R(a)        erfcx(a/sqrt(2))/2 = N(u)/D(u), N of degree 5 and D of degree 6
 *               (GELU32D_N, GELU32D_D, tools/fit_tables.py: 2^-34.1 relative on
 *               [0, 11.5])
 *   E(a)        exp(-a^2/2): y = -a^2/2 is exact (a is a float), y = k ln2 + r,
 *               2^k exp(r) with exp(r) of degree 7 (GELU32D_EXP, 2^-34 relative);
 *               y >= -66.2, so 2^k is added to the exponent's bits
 *   f           x Phi(x) = xp - a R E with xp = x for x >= 0 and -0 for x < 0 (one
 *               multiply-add: -a h + xp, h = (N/D) E; f(-0) = -0)
 *   f'          f'(-a) = E (R - a/sqrt(2 pi)) = E (a - a0) M(u)/D(u) with a0 = 0.7518
 *               the root (GELU32D_A0 as a pair: a - a0h is exact near it) and M of
 *               degree 6 (GELU32D_M, 2^-33.1 relative), so the product keeps its
 *               relative accuracy where the difference cancels (no window around the
 *               root); f'(x) = f'(-a) for x < 0 and 1 - f'(-a) for x >= 0
 *
 * The polynomials are evaluated by Estrin's scheme, which shortens each element's chain
 * of dependent operations (on this CPU a loop of Horner chains lost throughput as they
 * grew: 0.73 cycles a multiply-add at depth 10, 0.95 at depth 30, where 0.5 is the
 * pipes' rate; the degree-10 polynomial in 4/(4 + a) that this rational replaced, by
 * Horner's scheme, took 1.97 ns an element for f in a harness, this 1.67).  Each
 * result is rounded twice, in double and then to float: on every float32 in
 * [-11.5, 12] at most 0.5016 ULP for f and 0.5024 for f' (benchmarks/exhaustive32.py
 * --names gelu).  Ordinary inputs: x >= -11.5 (+inf, zeros and subnormals included;
 * the others, x < -11.5 and NaN, take the float64 formula, as on the other paths).  An
 * element's bits depend on its value only: gelu32d_both is the same operations on one
 * element, for the tests (vm_gelu32). */
#define GELU32D_AMAX 11.5

/* N(u) (degree 5), D(u) and M(u) (degree 6), leading coefficient first */
static const double GELU32D_N[6] = {
    0x1.13d277c445b20p-7, 0x1.f89144dc14c93p-5, 0x1.774fa9514bd95p-3,
    0x1.1c123d452582fp-2, 0x1.b6389ce90314dp-3, 0x1.1445a52cc007cp-4,
};
static const double GELU32D_D[7] = {
    0x1.f0eedc71bef6dp-4, 0x1.0251ee8be057dp+0, 0x1.c430563981c0ep+1,
    0x1.aa6c809371132p+2, 0x1.c8e460d05f9dcp+2, 0x1.07a4e81e6c7bbp+2,
    0x1.0000000000000p+0,
};
static const double GELU32D_M[7] = {
    -0x1.8c7ec5fe4f0e4p-5, -0x1.a2b2fe2ae0876p-2, -0x1.747c4d514087ap+0,
    -0x1.655ef41ba861fp+1, -0x1.860f07bb5fb14p+1, -0x1.cb56b4586e1f5p+0,
    -0x1.c824ee966eadcp-2,
};
/* a0, the root of R(a) - a/sqrt(2 pi), as a0h and a0 - a0h */
static const double GELU32D_A0[2] = {
    0x1.80ead197f00b4p-1, -0x1.13e74c58cada8p-56,
};
/* exp(r) on |r| <= 1.0001 ln2/2, degree 7 */
static const double GELU32D_EXP[8] = {
    0x1.a1aa96bb82d65p-13, 0x1.6da76becddfc8p-10, 0x1.1110809c9a0e2p-7,
    0x1.5554648215a47p-5, 0x1.555555a27c4cap-3, 0x1.0000005c9c92dp-1,
    0x1.ffffffffd3808p-1, 0x1.ffffffffa6f97p-1,
};

NK_INLINE int gelu32d_ordinary(float x) { return x >= GELU32_LOW; }

/* Estrin's scheme for a table T of degree 5, 6 or 7 (leading coefficient first), given
 * v, v^2 and v^4, with the multiply-add FMA and the coefficients as K(T[k]) */
#define GELU32D_EST5(FMA, K, T, v, v2, v4)                                              \
    FMA(FMA(K(T[0]), v, K(T[1])), v4, FMA(FMA(K(T[2]), v, K(T[3])), v2, FMA(K(T[4]), v, K(T[5]))))
#define GELU32D_EST6(FMA, K, T, v, v2, v4)                                              \
    FMA(FMA(K(T[0]), v2, FMA(K(T[1]), v, K(T[2]))), v4,                                 \
        FMA(FMA(K(T[3]), v, K(T[4])), v2, FMA(K(T[5]), v, K(T[6]))))
#define GELU32D_EST7(FMA, K, T, v, v2, v4)                                              \
    FMA(FMA(FMA(K(T[0]), v, K(T[1])), v2, FMA(K(T[2]), v, K(T[3]))), v4,                \
        FMA(FMA(K(T[4]), v, K(T[5])), v2, FMA(K(T[6]), v, K(T[7]))))
#define GELU32D_SCALAR(c) (c)
#define GELU32D_SET(c) _mm256_set1_pd(c)

/* f and f' of one float (any x: for x that is not ordinary, some values) */
NK_INLINE void gelu32d_both(float xf, float *f, float *d) {
    double x = xf, a = fabs(x);
    a = a < GELU32D_AMAX ? a : GELU32D_AMAX; /* NaN: the bound */
    double u = NK_MADD(a, 2.0 / GELU32D_AMAX, -1.0), u2 = u * u, u4 = u2 * u2;
    double num = GELU32D_EST5(NK_MADD, GELU32D_SCALAR, GELU32D_N, u, u2, u4);
    double den = GELU32D_EST6(NK_MADD, GELU32D_SCALAR, GELU32D_D, u, u2, u4);
    double mq = GELU32D_EST6(NK_MADD, GELU32D_SCALAR, GELU32D_M, u, u2, u4);
    double a2 = a * a, y = a2 * -0.5;
    double ks = NK_MADD(a2, -0.5 * NK_INV_LN2, NK_SHIFT), kf = ks - NK_SHIFT;
    double r = NK_MADD(kf, -NK_LN2, y), r2 = r * r, r4 = r2 * r2;
    double e = GELU32D_EST7(NK_MADD, GELU32D_SCALAR, GELU32D_EXP, r, r2, r4);
    e = nk_from_bits(nk_bits(e) + (nk_bits(ks) << 52)); /* times 2^k */
    int neg = signbit(x) != 0;
    double h = (num / den) * e;
    *f = (float)NK_MADD(-a, h, neg ? -0.0 : x);
    double am = (a - GELU32D_A0[0]) - GELU32D_A0[1];
    double g = (am * (mq / den)) * e;
    *d = (float)NK_MADD(neg ? 1.0 : -1.0, g, neg ? 0.0 : 1.0);
}

/* gelu32d_both of 4 lanes: the same operations */
NK_INLINE void gelu32d_both4(__m256d x, __m256d *f, __m256d *d) {
    const __m256d sign = GELU32D_SET(-0.0);
    __m256d a = _mm256_min_pd(_mm256_andnot_pd(sign, x), GELU32D_SET(GELU32D_AMAX));
    __m256d u = _mm256_fmadd_pd(a, GELU32D_SET(2.0 / GELU32D_AMAX), GELU32D_SET(-1.0));
    __m256d u2 = _mm256_mul_pd(u, u), u4 = _mm256_mul_pd(u2, u2);
    __m256d num = GELU32D_EST5(_mm256_fmadd_pd, GELU32D_SET, GELU32D_N, u, u2, u4);
    __m256d den = GELU32D_EST6(_mm256_fmadd_pd, GELU32D_SET, GELU32D_D, u, u2, u4);
    __m256d mq = GELU32D_EST6(_mm256_fmadd_pd, GELU32D_SET, GELU32D_M, u, u2, u4);
    __m256d a2 = _mm256_mul_pd(a, a), y = _mm256_mul_pd(a2, GELU32D_SET(-0.5));
    __m256d ks = _mm256_fmadd_pd(a2, GELU32D_SET(-0.5 * NK_INV_LN2), GELU32D_SET(NK_SHIFT));
    __m256d kf = _mm256_sub_pd(ks, GELU32D_SET(NK_SHIFT));
    __m256d r = _mm256_fmadd_pd(kf, GELU32D_SET(-NK_LN2), y);
    __m256d r2 = _mm256_mul_pd(r, r), r4 = _mm256_mul_pd(r2, r2);
    __m256d e = GELU32D_EST7(_mm256_fmadd_pd, GELU32D_SET, GELU32D_EXP, r, r2, r4);
    e = _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(e),
                                             _mm256_slli_epi64(_mm256_castpd_si256(ks), 52)));
    __m256d h = _mm256_mul_pd(_mm256_div_pd(num, den), e);
    *f = _mm256_fmadd_pd(_mm256_or_pd(a, sign), h, _mm256_blendv_pd(x, sign, x));
    __m256d am = _mm256_sub_pd(_mm256_sub_pd(a, GELU32D_SET(GELU32D_A0[0])),
                               GELU32D_SET(GELU32D_A0[1]));
    __m256d g = _mm256_mul_pd(_mm256_mul_pd(am, _mm256_div_pd(mq, den)), e);
    *d = _mm256_fmadd_pd(_mm256_blendv_pd(GELU32D_SET(-1.0), GELU32D_SET(1.0), x), g,
                         _mm256_blendv_pd(GELU32D_SET(1.0), _mm256_setzero_pd(), x));
}

/* f and f' of the 4 floats at x into f and g (where WF, WG) */
NK_INLINE void gelu32d_4(const float *x, float *f, float *g, const int wf, const int wg) {
    __m256d vf, vd;
    gelu32d_both4(_mm256_cvtps_pd(_mm_loadu_ps(x)), &vf, &vd);
    if (wf) _mm_storeu_ps(f, _mm256_cvtpd_ps(vf));
    if (wg) _mm_storeu_ps(g, _mm256_cvtpd_ps(vd));
}

/* f and f' (either may be NULL) of the n floats at xb, 4 at a time (a loop of 8 at a
 * time, two halves, was 12% slower; the check of the inputs in the same loop, 10%), the
 * last one to three through a copy padded with zeros; returns whether an element is not
 * ordinary.  Compiled three times (WF, WG: which outputs are stored), so that the
 * compiler drops the other output's arithmetic.  (A scalar loop for the last elements
 * made GCC's vectorizer slow the whole loop down by 8%.) */
NK_INLINE int gelu32d_lanes(const float *xb, float *f, float *g, ptrdiff_t n, const int wf,
                            const int wg) {
    const __m256 low = NK32_SET8(GELU32_LOW);
    __m256 out = _mm256_setzero_ps();
    ptrdiff_t i = 0, whole = n - n % 4;
    for (; i + 8 <= whole; i += 8) /* x < -11.5 or NaN */
        out = _mm256_or_ps(out, _mm256_cmp_ps(_mm256_loadu_ps(xb + i), low, _CMP_NGE_UQ));
    __m128 out4 = _mm_or_ps(_mm256_castps256_ps128(out), _mm256_extractf128_ps(out, 1));
    if (i < whole)
        out4 = _mm_or_ps(out4, _mm_cmp_ps(_mm_loadu_ps(xb + i), _mm256_castps256_ps128(low),
                                          _CMP_NGE_UQ));
    for (i = 0; i < whole; i += 4)
        gelu32d_4(xb + i, wf ? f + i : NULL, wg ? g + i : NULL, wf, wg); /* f or g: NULL */
    if (whole < n) {
        float t[4] = {0.0f, 0.0f, 0.0f, 0.0f}, tf[4], tg[4];
        size_t rest = (size_t)(n - whole) * sizeof *t;
        memcpy(t, xb + whole, rest);
        out4 = _mm_or_ps(out4, _mm_cmp_ps(_mm_loadu_ps(t), _mm256_castps256_ps128(low),
                                          _CMP_NGE_UQ));
        gelu32d_4(t, tf, tg, wf, wg);
        if (wf) memcpy(f + whole, tf, rest);
        if (wg) memcpy(g + whole, tg, rest);
    }
    return _mm_movemask_ps(out4) != 0;
}
static int gelu32d_block(const float *xb, float *f, float *g, ptrdiff_t n, const params *p) {
    (void)p;
    if (f && g) return gelu32d_lanes(xb, f, g, n, 1, 1);
    if (f) return gelu32d_lanes(xb, f, NULL, n, 1, 0);
    return gelu32d_lanes(xb, NULL, g, n, 0, 1);
}
/* the float32 loop FNAME (_loops.h), FALLBACK for the elements that are not ordinary */
#define GELU32_LOOP(FNAME, FALLBACK)                                                    \
    DEFINE_F32_BLOCKS_LOOP(gelu32d_block, FNAME, , gelu32d_ordinary(xb[i]), FALLBACK)
#define GELU32_SCALAR gelu32d_both
#else
#define GELU32_NATIVE 0
#define GELU32_SCALAR gelu32_both
#endif

#endif
