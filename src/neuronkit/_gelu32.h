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
 * With AVX2 and FMA (no AVX-512) gelu32_both8 runs 8 at a time, the same operations
 * as the scalar formula, its tables copied into rows that are transposed in registers
 * (NK_V8, below).  The other targets compute float32 GELU in double
 * (GELU32_NATIVE = 0).
 */
#ifndef NEURONKIT_GELU32_H
#define NEURONKIT_GELU32_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

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
 * in-register permutes) and with AVX2 and FMA (rows transposed in registers: gathers, or
 * four permutes and three blends a coefficient, made the loop 2.7 times slower than the
 * float64 formula); without a fused multiply-add the float32 loop computes in double */
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
#elif NK_V8
#define GELU32_NATIVE 1

/* With AVX2 (no AVX-512): gelu32_both of 8 floats, the same operations, GELU32_R's
 * rows (interval i's ten coefficients together, GELU32_ROWS8, filled when the module
 * loads) and NK32_EXP2's pairs transposed in registers (_float32x8.h).  On an AMD EPYC
 * (Zen 3) at 10^5 elements f took 2.75 ns an element (4.05 in double before) and f'
 * 3.3 (4.1); index vectors stored and reloaded instead of extracted were no faster */
static float GELU32_ROWS8[32 * 16] __attribute__((aligned(64)));
__attribute__((constructor)) static void gelu32_rows8_fill(void) {
    nk32_rows_fill(GELU32_ROWS8, GELU32_R, GELU32_COEFFS, 16);
}

/* gelu32_both of 8 floats: the same operations */
NK_INLINE void gelu32_both8(__m256 x, __m256 *f, __m256 *d) {
    const __m256 shift = NK32_SET8(NK32_SHIFT), zero = _mm256_setzero_ps();
    const __m256 sign = NK32_SIGN8;
    __m256 a = _mm256_min_ps(nk32_abs8(x), NK32_SET8(-GELU32_LOW));
    __m256 ts = _mm256_fmadd_ps(a, NK32_SET8(2.0f), shift);
    __m256 ci = _mm256_sub_ps(ts, shift);
    __m256 u = _mm256_fmadd_ps(ci, NK32_SET8(-0.5f), a);
    __m256 c[GELU32_COEFFS];  /* the coefficients of the lanes' intervals */
    nk32_columns8_10(GELU32_ROWS8, _mm256_castps_si256(ts), c);
    __m256 q = c[GELU32_COEFFS - 1];
    for (int k = GELU32_COEFFS - 2; k >= 4; k--) q = _mm256_fmadd_ps(q, u, c[k]);
    q = _mm256_fmadd_ps(q, u, c[3]);
    __m256 c0 = c[0], c1 = c[2];
    __m256 t1 = _mm256_mul_ps(u, c1), e1 = _mm256_fmsub_ps(u, c1, t1);
    __m256 s = _mm256_add_ps(c0, t1), se = _mm256_add_ps(_mm256_sub_ps(c0, s), t1);
    __m256 rl = _mm256_fmadd_ps(q, u, _mm256_add_ps(c[1], _mm256_add_ps(se, e1)));
    /* exp(-a^2/2) = 2^m (th + tl)(1 + p) */
    __m256 b = _mm256_mul_ps(NK32_SET8(-0.5f), a);
    __m256 y = _mm256_mul_ps(a, b), yl = _mm256_fmsub_ps(a, b, y);
    __m256 ks = _mm256_fmadd_ps(y, NK32_SET8(NK32_INV_LN2_32), shift);
    __m256 kf = _mm256_sub_ps(ks, shift);
    __m256 r = _mm256_fnmadd_ps(kf, NK32_SET8(NK32_LN2_32_HI), y);
    r = _mm256_add_ps(r, _mm256_fnmadd_ps(kf, NK32_SET8(NK32_LN2_32_LO), yl));
    __m256 p = _mm256_fmadd_ps(_mm256_mul_ps(r, r),
                               _mm256_fmadd_ps(r, NK32_SET8(0x1.555556p-3f), NK32_SET8(0.5f)), r);
    const float *pairs[8];
    nk32_row_ptrs8(NK32_EXP2_PAIRS, 2, _mm256_castps_si256(ks), pairs);
    __m256 th, tl;
    nk32_columns8_pair(pairs, 0, &th, &tl);
    __m256 scale = nk32_pow2_k32_8(ks), nscale = _mm256_or_ps(scale, sign); /* 2^m */
    __m256 al = _mm256_fmadd_ps(th, p, tl);
    /* f */
    __m256 big = _mm256_mul_ps(th, s), be = _mm256_fmsub_ps(th, s, big);
    __m256 low = _mm256_fmadd_ps(al, _mm256_add_ps(s, rl), _mm256_fmadd_ps(th, rl, be));
    __m256 xn = _mm256_mul_ps(a, nscale);
    __m256 gh = _mm256_mul_ps(xn, big);
    __m256 gl = _mm256_fmadd_ps(xn, low, _mm256_fmsub_ps(xn, big, gh));
    __m256 xp = _mm256_min_ps(_mm256_max_ps(x, zero), NK32_SET8(GELU32_ONE));
    __m256 t = _mm256_add_ps(xp, gh), te = _mm256_add_ps(_mm256_sub_ps(xp, t), gh);
    __m256 v = _mm256_add_ps(t, _mm256_add_ps(te, gl));
    __m256 keep = _mm256_or_ps(_mm256_cmp_ps(x, NK32_SET8(GELU32_ONE), _CMP_GT_OQ),
                               _mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
    *f = _mm256_blendv_ps(v, x, keep);
    /* f' */
    __m256 w = _mm256_mul_ps(a, NK32_SET8(NK32_INV_SQRT_2PI_HI));
    __m256 we = _mm256_fmsub_ps(a, NK32_SET8(NK32_INV_SQRT_2PI_HI), w);
    __m256 nw = _mm256_xor_ps(w, sign);
    __m256 dh = _mm256_sub_ps(s, w), db = _mm256_sub_ps(dh, s);
    __m256 de = _mm256_add_ps(_mm256_sub_ps(s, _mm256_sub_ps(dh, db)), _mm256_sub_ps(nw, db));
    __m256 dl = _mm256_fnmadd_ps(a, NK32_SET8(NK32_INV_SQRT_2PI_LO),
                                 _mm256_sub_ps(_mm256_add_ps(de, rl), we));
    __m256 dbig = _mm256_mul_ps(th, dh), dbe = _mm256_fmsub_ps(th, dh, dbig);
    __m256 dlow = _mm256_fmadd_ps(al, _mm256_add_ps(dh, dl), _mm256_fmadd_ps(th, dl, dbe));
    __m256 gneg = _mm256_mul_ps(_mm256_add_ps(dbig, dlow), scale);
    __m256 qh = _mm256_mul_ps(dbig, scale), ql = _mm256_mul_ps(dlow, scale);
    __m256 one = NK32_SET8(1.0f), g1 = _mm256_sub_ps(one, qh);
    __m256 g1e = _mm256_sub_ps(_mm256_sub_ps(one, g1), qh);
    __m256 gpos = _mm256_add_ps(g1, _mm256_sub_ps(g1e, ql));
    __m256 g = _mm256_blendv_ps(gpos, gneg, _mm256_cmp_ps(x, zero, _CMP_LT_OQ));
    const float *P = GELU32_ROOT_P;
    __m256 tr = _mm256_sub_ps(x, NK32_SET8(P[0]));
    __m256 near = _mm256_cmp_ps(nk32_abs8(tr), NK32_SET8(GELU32_NEAR_ROOT), _CMP_LT_OQ);
    tr = _mm256_min_ps(_mm256_max_ps(tr, NK32_SET8(-2.0f * GELU32_NEAR_ROOT)),
                       NK32_SET8(2.0f * GELU32_NEAR_ROOT));
    *d = _mm256_blendv_ps(g, nk32_root_poly8(tr, P), near);
}

/* the lanes of x that are not ordinary, as the bits of an int */
NK_INLINE int bad8_gelu(__m256 x, const params *p) {
    (void)p;
    __m256 ok = _mm256_and_ps(
        _mm256_cmp_ps(x, NK32_SET8(GELU32_LOW), _CMP_GE_OQ),
        _mm256_or_ps(_mm256_cmp_ps(nk32_abs8(x), NK32_SET8(GELU32_TINY), _CMP_GE_OQ),
                     _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ)));
    return _mm256_movemask_ps(ok) ^ 0xFF;
}
NK_INLINE void v8_gelu(__m256 x, const params *p, __m256 *f, __m256 *d) {
    (void)p;
    gelu32_both8(x, f, d);
}
#define k32t_gelu gelu32_both
#else
#define GELU32_NATIVE 0
#endif

#endif
