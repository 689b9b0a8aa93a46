"""Regenerate the coefficient tables of the compiled kernels from first principles.

The C headers under ``src/neuronkit/`` evaluate a few functions by polynomials whose
coefficients are literal tables.  This script recomputes every one of them with mpmath
and compares them with (``--check``) or writes them into (``--write``) the headers::

    python tools/fit_tables.py            # print the tables as C literals
    python tools/fit_tables.py --check    # compare with the headers; exit status 1 if any differs
    python tools/fit_tables.py --write    # rewrite the literals that differ, in place

A table is found by its array name (``static const double NAME[N] = { ... };``) in
whichever header under ``src/neuronkit/`` declares it, so the tables may move between
headers.  ``tests/test_fit_tables.py`` runs the same comparison (exact, bit for bit).

The tables (leading coefficient first, the order of Horner's scheme):

``NK_EXP_Q``     (``_vmath.h``) (exp(r) - 1 - r)/r^2 on |r| <= 1.0001 ln(2)/2, degree 10, in r
                 (the float64 exp; it replaced the Taylor polynomial to degree 13, 1/k!).

``NK_EXP_LO``    (``_vmath.h``) (exp(r) - 1)/r on |r| <= 1.0001 ln(2)/2 (the range of the
                 float32 loops' reduction, with a margin for its rounding), degree 8, in r.

``NK32_EXP_Q``   (``_float32.h``) (exp(r) - 1 - r)/r^2 on |r| <= 1.0001 ln(2)/2, degree 5, in r,
                 rounded to float32 (the float32-arithmetic exp).

``NK_LOG1P_LO``  (``_vmath.h``) log1p(x)/x for x = (t + 1)/2, t in [-1, 1], degree 16, in t.

``NK_TANHSHRINK_P`` (``_formulas.h``) (x - tanh x)/x^3 as a polynomial in s = x^2 on
                 [0, 1] (tanhshrink for |x| < 1), degree 16, in s.

``ERFCX_LO``     (GELU's float32 erfcx) erfcx(a)/t for t = 4/(4 + a) = 19/30 + 11/30 s,
                 s in [-1, 1] (a in [0, 11]), degree 12, in s.

``GELU32_R``     (``_gelu32.h``) R(a) = erfcx(a/sqrt(2))/2 = exp(a^2/2) Phi(-a), GELU's
                 float32-arithmetic value: 24 intervals of width 1/2 centred at c = i/2
                 (i = 0..23, padded with zeros to 32; interval 0 is [0, 1/4]), on each
                 the degree-7 projection (40 nodes) in u = a - c, rounded to float32,
                 stored by coefficient (row k holds u^k's coefficients of the 32
                 intervals), the rows c0, c0 - c0 rounded, c1, c1 - c1 rounded, c2..c7
                 (the first two coefficients as pairs of floats).

``GELU32_ROOT_P`` (``_gelu32.h``) GELU's derivative near its root x0 = -0.7518 as
                 (x - x0) P(t), t = x - x0h, x0h = x0 rounded to float: x0h, x0h - x0
                 (rounded), then P's degree-6 projection (40 nodes) on |t| <= 0.126, its
                 first two coefficients as pairs (c0, c0 lo, c1, c1 lo, c2 .. c6), float.

``SWISH32_ROOT_P`` (``_formulas.h``) swish's derivative near its root x0 = -1.2785, the
                 same way on |t| <= 0.0316 (swish's float32 derivative, |x - x0| < 1/32).

``TANH32_T``     (``_formulas.h``) tanh on 30 pieces of [0, 9.5] (float32 tanh's value with
                 AVX-512): [0, 1/16), then each octave in four, up to [8, 9.5]; on each a
                 centre c where tanh c and tanh'(c) both lie within 2^-7 ULP of a float
                 (Gal's accurate tables), and the degree-4 projection (40 nodes) of
                 (tanh(c + u) - tanh c - tanh'(c) u)/u^2 in u = x - c; rows of 32 floats:
                 c, tanh c, tanh'(c), the coefficients of u^0..u^4, piece i at (i + 11)
                 mod 32 (the low bits of the float's bits >> 21; two entries zeros).

``TANHSHRINK32_G`` (``_formulas.h``) G = (x - tanh x)/x^3 on TANH32_T's 30 pieces
                 (float32 tanhshrink's value with AVX-512, a^3 G with a^3 an exact pair):
                 on each a centre c where G(c) and G'(c) lie within 2^-7 ULP of a float
                 (piece 0 too: G is smooth at 0), and the degree-5 projection (40 nodes)
                 of (G(c + u) - G(c) - G'(c) u)/u^2; rows c, G(c), G'(c), u^0..u^5, the
                 slots of TANH32_T.

``TANH32_D``     (``_float32.h``) tanh' = 1 - tanh^2 on [0, 7.875) (float32 tanh's derivative
                 with AVX-512): 32 pieces of width 1/4 around j/4 (the index round(4|x|)),
                 each with a centre c near j/4 where tanh'(c) and tanh''(c) lie within
                 2^-7 ULP of a float, and the degree-5 projection (40 nodes) of
                 (tanh'(c + u) - tanh'(c) - tanh''(c) u)/u^2; rows c, tanh'(c), tanh''(c),
                 u^0..u^5.

``LOGISTIC32_D`` (``_float32.h``) logistic' = tanh'(|x|/2)/4 on [0, 15.75): TANH32_D's rows
                 scaled by powers of two (centres 2c, tanh'(c)/4, tanh''(c)/8, the u^k
                 coefficients by 2^-(k + 4)), the same floats scaled: its polynomial in
                 |x| - 2c gives the bits of tanh'(|x|/2)/4 with two multiplications fewer.

``NK32_EXP2``    (``_float32.h``) 2^(j/32), j = 0..31, as pairs of floats: the 32 leading
                 floats, then the 32 remainders.

``GELU32D_N``, ``GELU32D_D``, ``GELU32D_M``, ``GELU32D_A0`` (``_gelu32.h``) float32 GELU in
                 double (AVX2): R(a) = erfcx(a/sqrt(2))/2 = N(u)/D(u) and
                 (R(a) - a/sqrt(2 pi))/(a - a0) = M(u)/D(u), u = 2a/11.5 - 1 (a in
                 [0, 11.5]), a0 = 0.7518 the root of the numerator; N of degree 5 and D
                 of degree 6 (D(0) = 1) by eight passes of Sanathanan-Koerner iteration
                 (each a linear least-squares problem, N - R D = 0 weighted by
                 1/(R D_previous), at 200 Chebyshev nodes, solved by QR at ``PREC``
                 bits), M of degree 6 by least squares of M - Q D weighted by 1/|Q D|;
                 a0 as a pair of doubles.  Relative errors 2^-34.1 (R) and 2^-33.1 (Q).

``GELU32D_EXP``  (``_gelu32.h``) exp(r) on |r| <= 1.0001 ln(2)/2, degree 7, in r.

The other fitted ones are Chebyshev projections: the least-squares polynomial of degree d
at the M Chebyshev nodes (first kind) of the interval, c_k = (2/M) sum_j f(x_j) T_k(u_j),
which for M much larger than d is the truncated Chebyshev series of f (near-minimax) and
for M = d + 1 the interpolant.  The sum, the change to the monomial basis and the
mapping to the interval are all done at ``PREC`` bits, and each coefficient is rounded
to a double once at the end: mpmath's arithmetic is correctly rounded and its functions
accurate to the working precision, so the doubles do not depend on the machine (a
coefficient would change only if it lay within 2**-(PREC - 60) of a rounding boundary;
``--prec`` reruns at another precision to confirm that).

NK_LOG1P_LO (200 nodes) is reproduced bit for bit.  The first versions
of NK_EXP_LO and ERFCX_LO cannot be: as functions they are these projections to 4e-16
and 1e-15 relative, but their ill-conditioned high-order monomial coefficients are off by
up to 2**-15 relative, the mark of a fit or a change of basis done in double precision
(none of the exact fits tried, interpolants and projections at 9 to 600 nodes on this and
nearby intervals, comes closer); they were replaced by these, which moves the float32
results they serve by under 2**-25 ULP.

fdlibm's log1p coefficients Lg1..Lg7 (``nk_log1p_01``, the float64 log1p) are not
refitted: they are fdlibm's published table (e_log.c), kept verbatim.  ``--check`` finds
them by name, compares them with fdlibm's hexadecimal words and verifies fdlibm's stated
bound, |Lg1 s^2 + ... + Lg7 s^14 - R(z)| <= 2**-58.45 for 0 <= s <= 0.1716, where
R(z) = (log((1 + s)/(1 - s)) - 2s)/s and z = s^2 (measured: 2**-58.47).  A minimax fit
of the same (absolute error, weight z, same interval) reaches 2**-58.49 but differs from
them by up to 6e11 ULP in Lg7: fdlibm's "special Remes algorithm" is not described well
enough to reproduce, and its coefficients are kept rather than replaced.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import math
import re
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import mpmath as mp

PREC = 128  # bits: 96 already give the same doubles as 512 (--prec to check)
ROOT = Path(__file__).resolve().parent.parent
HEADERS = ROOT / "src" / "neuronkit"


@dataclasses.dataclass(frozen=True)
class Table:
    name: str
    doc: str
    coefficients: Callable[[], list]  # mpf values, in the header's order
    interval: tuple[str, str] | None = None  # of the polynomial's variable (None: not one)
    single: bool = False  # a float32 table (``static const float``): rounded to float


def chebyshev_projection(f, a, b, degree: int, nodes: int) -> list:
    """Monomial coefficients (lowest first, in x) of the least-squares polynomial of the
    given degree at ``nodes`` Chebyshev nodes of the first kind on [a, b]."""
    a, b = mp.mpf(a), mp.mpf(b)
    mid, half = (a + b) / 2, (b - a) / 2
    us = [mp.cos(mp.pi * (2 * j + 1) / (2 * nodes)) for j in range(nodes)]
    ys = [f(mid + half * u) for u in us]
    # c_k = (2/M) sum_j y_j T_k(u_j) (c_0 with 1/M), T_k(u_j) by the three-term recurrence
    cheb, t_prev, t_cur = [mp.fsum(ys) / nodes], [mp.mpf(1)] * nodes, us
    for k in range(1, degree + 1):
        if k > 1:
            t_next = [2 * u * t - tp for u, t, tp in zip(us, t_cur, t_prev, strict=True)]
            t_prev, t_cur = t_cur, t_next
        cheb.append(2 * mp.fsum(y * t for y, t in zip(ys, t_cur, strict=True)) / nodes)
    # monomials in u: T_k as polynomials (lowest first), by the same recurrence
    t_polys = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    while len(t_polys) <= degree:
        t1, t0 = t_polys[-1], t_polys[-2]
        t_polys.append([2 * p for p in [mp.mpf(0), *t1]])
        for i, p in enumerate(t0):
            t_polys[-1][i] -= p
    in_u = [mp.mpf(0)] * (degree + 1)
    for c, poly in zip(cheb, t_polys[: degree + 1], strict=True):
        for i, p in enumerate(poly):
            in_u[i] += c * p
    # u = (x - mid) / half
    in_x = [mp.mpf(0)] * (degree + 1)
    for k, p in enumerate(in_u):
        scaled = p / half**k
        for i in range(k + 1):
            in_x[i] += scaled * mp.binomial(k, i) * (-mid) ** (k - i)
    return in_x


def _exp_range() -> tuple:
    """|r| <= 1.0001 ln(2)/2: an exp's reduced argument, with a margin for its rounding."""
    rmax = mp.mpf("1.0001") * mp.log(2) / 2
    return -rmax, rmax


def _exp_lo() -> list:
    def f(r):
        return mp.expm1(r) / r if r else mp.mpf(1)

    return chebyshev_projection(f, *_exp_range(), 8, 200)[::-1]


def _exp_q(degree: int) -> list:
    """(exp(r) - 1 - r)/r^2 on |r| <= 1.0001 ln(2)/2: NK_EXP_Q (float64, degree 10) and
    NK32_EXP_Q (float32, degree 5)."""
    def f(r):
        return (mp.expm1(r) - r) / r**2 if r else mp.mpf(1) / 2

    return chebyshev_projection(f, *_exp_range(), degree, 200)[::-1]


def _log1p_lo() -> list:
    def f(t):
        x = (t + 1) / 2
        return mp.log1p(x) / x if x else mp.mpf(1)

    return chebyshev_projection(f, -1, 1, 16, 200)[::-1]


def _erfcx_lo() -> list:
    def f(s):
        t = mp.mpf(19) / 30 + s * mp.mpf(11) / 30
        a = 4 / t - 4
        return mp.exp(a * a) * mp.erfc(a) / t

    return chebyshev_projection(f, -1, 1, 12, 600)[::-1]


def _tanhshrink_p() -> list:
    def f(s):
        x = mp.sqrt(s)
        return (x - mp.tanh(x)) / x**3 if s else mp.mpf(1) / 3

    return chebyshev_projection(f, 0, 1, 16, 200)[::-1]


TANH32_BASE, TANH32_CAP, TANH32_DEGREE, TANH32_NODES = -4, 9.5, 6, 40
# piece 0's slot: the low five bits of (the float bits of 1/16 >> 21) - 1 (the index is
# taken from max(|x|, the float below 1/16))
TANH32_SLOT0 = ((struct.unpack("<I", struct.pack("<f", 2.0**TANH32_BASE))[0] >> 21) - 1) % 32
TANH32_CLOSE = 2.0**-7  # of an ULP: how near a float a piece's first two coefficients are


def _ulp_fraction(v: float) -> float:
    """How far v lies from the nearest float32, in ULPs of v's binade."""
    return abs(v - _to_float32(mp.mpf(v))) / 2.0 ** (math.frexp(v)[1] - 24)


def _ulp_fraction_mp(v) -> float:
    """_ulp_fraction of the mpf v, in mpf arithmetic."""
    return float(abs(v - _to_float32(v)) / mp.mpf(2) ** (mp.frexp(v)[1] - 24))


def _sech2(c: float) -> float:
    return 1 / math.cosh(c) ** 2


def _gal_center(mid: float, first_two, first_two_mp) -> float:
    """The float c nearest mid (stepping out by its ULPs) at which a piece's first two
    coefficients, first_two(c) (float64) and first_two_mp(c) (mpf), both lie within
    TANH32_CLOSE of an ULP of a float (Gal's accurate tables: they are then stored as
    single floats).  The float64 values only pass over the candidates that are far from
    one (their error is under 2**-28 of a float32 ULP, so they keep every candidate that
    is near); mpmath decides, so the choice does not depend on the machine's libm."""
    mid = _to_float32(mp.mpf(mid))
    step = 2.0 ** (math.frexp(mid)[1] - 24)
    for k in range(1 << 20):
        c = mid + (k + 1) // 2 * step * (1 if k % 2 else -1)
        if any(_ulp_fraction(v) > 2 * TANH32_CLOSE for v in first_two(c)):
            continue
        if all(_ulp_fraction_mp(v) <= TANH32_CLOSE for v in first_two_mp(c)):
            return c
    raise ValueError(f"no centre near {mid}")


def _tanh32_center(lo: float, hi: float) -> float:
    """_gal_center for tanh on [lo, hi): tanh c and tanh'(c) = 1 - tanh(c)^2."""
    def mp_pair(c):
        t = mp.tanh(c)
        return t, 1 - t * t

    return _gal_center((lo + hi) / 2, lambda c: (math.tanh(c), _sech2(c)), mp_pair)


def _tanh32_pieces() -> list[tuple[float, float]]:
    """[0, 2^TANH32_BASE), then each octave up to TANH32_CAP in four."""
    pieces = [(0.0, 2.0**TANH32_BASE)]
    e = TANH32_BASE
    while pieces[-1][1] < TANH32_CAP:
        pieces += [(2.0**e * (4 + j) / 4, min(2.0**e * (5 + j) / 4, TANH32_CAP))
                   for j in range(4) if 2.0**e * (4 + j) / 4 < TANH32_CAP]
        e += 1
    return pieces


def _tanh32_t() -> list:
    """tanh on [0, TANH32_CAP] in 30 pieces: [0, 2^TANH32_BASE), then each octave up to
    the cap in four (the index of |x| is its float's exponent and two leading mantissa
    bits); rows: the centres c, tanh(c), tanh'(c) (floats, c chosen by _tanh32_center;
    piece 0: 0, 0, 1), then Q's coefficients (u^0 .. u^4, of the degree-4 projection at
    TANH32_NODES nodes of Q(u) = (tanh(c + u) - tanh c - tanh'(c) u)/u^2 on the piece),
    32 floats a row, piece i at (i + TANH32_SLOT0) mod 32 (two entries zeros)."""
    rows = [[mp.mpf(0)] * 32 for _ in range(TANH32_DEGREE + 2)]
    for i, (lo, hi) in enumerate(_tanh32_pieces()):
        c = 0.0 if i == 0 else _tanh32_center(lo, hi)
        t = mp.tanh(c)
        d = 1 - t * t

        def q(u, c=c, t=t, d=d):
            return (mp.tanh(c + u) - t - d * u) / u**2 if u else -t * d

        co = chebyshev_projection(q, lo - c, hi - c, TANH32_DEGREE - 2, TANH32_NODES)
        for k, v in enumerate([mp.mpf(c), t, d, *co]):
            rows[k][(i + TANH32_SLOT0) % 32] = v
    return [v for row in rows for v in row]


TANHSHRINK32_DEGREE = 7


def _tanhshrink_g(a):
    """G(a) = (a - tanh a)/a^3 (1/3 at 0) in mpf."""
    return (a - mp.tanh(a)) / a**3 if a else mp.mpf(1) / 3


def _tanhshrink_g1(a):
    """G'(a) = tanh(a)^2/a^3 - 3 G(a)/a (0 at 0) in mpf."""
    return mp.tanh(a) ** 2 / a**3 - 3 * _tanhshrink_g(a) / a if a else mp.mpf(0)


def _tanhshrink32_g() -> list:
    """G(a) = (a - tanh a)/a^3 on TANH32_T's 30 pieces (tanhshrink = a^3 G with a^3 an
    exact pair); rows: the centres c (piece 0 too: G is smooth at 0, and u = a - c need
    not be exact there: G' is near 0), G(c), G'(c) (floats, c chosen by _gal_center),
    then Q's coefficients (u^0 .. u^5, of the degree-5 projection at TANH32_NODES nodes
    of Q(u) = (G(c + u) - G(c) - G'(c) u)/u^2 on the piece: degree 4 left 2^-26.3 of
    G on [4, 5], degree 5 2^-30), piece i at
    (i + TANH32_SLOT0) mod 32 (two entries zeros).  The float64 values that pass over
    the candidates (G and G' from math.tanh) cancel to about 2^-40 near 1/32, still far
    below the 2^-7 ULP that the choice needs."""
    def g64(c):
        t = math.tanh(c)
        g = (c - t) / c**3
        return g, t * t / c**3 - 3 * g / c

    rows = [[mp.mpf(0)] * 32 for _ in range(TANHSHRINK32_DEGREE + 2)]
    for i, (lo, hi) in enumerate(_tanh32_pieces()):
        c = _gal_center((lo + hi) / 2, g64,
                        lambda c: (_tanhshrink_g(mp.mpf(c)), _tanhshrink_g1(mp.mpf(c))))
        g0, g1 = _tanhshrink_g(mp.mpf(c)), _tanhshrink_g1(mp.mpf(c))

        def q(u, c=c, g0=g0, g1=g1):
            if not u:  # G''(c)/2, by mpmath's differentiation
                return mp.diff(_tanhshrink_g, mp.mpf(c), 2) / 2
            return (_tanhshrink_g(c + u) - g0 - g1 * u) / u**2

        co = chebyshev_projection(q, lo - c, hi - c, TANHSHRINK32_DEGREE - 2, TANH32_NODES)
        for k, v in enumerate([mp.mpf(c), g0, g1, *co]):
            rows[k][(i + TANH32_SLOT0) % 32] = v
    return [v for row in rows for v in row]


TANH32_D_WIDTH, TANH32_D_DEGREE = 0.25, 7


def _tanh32_d() -> list:
    """_tanh32_d_at the working precision (LOGISTIC32_D scales the same fit)."""
    return list(_tanh32_d_at(mp.mp.prec))


@functools.cache
def _tanh32_d_at(prec: int) -> tuple:
    """tanh' = 1 - tanh^2 on [0, 7.875) in 32 pieces of width TANH32_D_WIDTH around
    j/4 (the index of |x| is round(4|x|)); rows: the centres c (c near j/4 by
    _gal_center; piece 0: 0), tanh'(c), tanh''(c) = -2 tanh(c) tanh'(c) (floats), then
    R's coefficients (u^0 .. u^5, of the degree-5 projection at TANH32_NODES nodes of
    R(u) = (tanh'(c + u) - tanh'(c) - tanh''(c) u)/u^2 on |x - j/4| <= 1/8)."""
    def mp_pair(c):
        t = mp.tanh(c)
        return 1 - t * t, -2 * t * (1 - t * t)

    rows = [[mp.mpf(0)] * 32 for _ in range(TANH32_D_DEGREE + 2)]
    half = TANH32_D_WIDTH / 2
    for j in range(32):
        mid = j * TANH32_D_WIDTH
        c = 0.0 if j == 0 else _gal_center(
            mid, lambda c: (_sech2(c), -2 * math.tanh(c) * _sech2(c)), mp_pair)
        d, d1 = mp_pair(c)

        def r(u, c=c, d=d, d1=d1):
            if not u:  # half the third derivative of tanh: tanh'(3 tanh^2 - 1)
                return d * (3 * mp.tanh(c) ** 2 - 1)
            return (1 - mp.tanh(c + u) ** 2 - d - d1 * u) / u**2

        co = chebyshev_projection(r, max(mid - half, 0) - c, mid + half - c,
                                  TANH32_D_DEGREE - 2, TANH32_NODES)
        for k, v in enumerate([mp.mpf(c), d, d1, *co]):
            rows[k][j] = v
    return tuple(v for row in rows for v in row)


def _logistic32_d() -> list:
    """logistic'(x) = tanh'(x/2)/4 as TANH32_D's pieces in a = |x| itself: centres 2c,
    then tanh'(c)/4, tanh''(c)/8 and R's coefficient of u^k times 2^-(k + 4) (powers of
    two: the same floats scaled, so the polynomial gives tanh'(a/2)/4's bits)."""
    t = _tanh32_d()
    scale = [2, mp.mpf(1) / 4, mp.mpf(1) / 8] + [mp.mpf(2) ** -(k + 4)
                                                  for k in range(TANH32_D_DEGREE - 1)]
    return [v * scale[i // 32] for i, v in enumerate(t)]


GELU32_DEGREE, GELU32_INTERVALS, GELU32_NODES = 7, 24, 40


def _gelu32_r() -> list:
    def r(a):
        return mp.erfc(a / mp.sqrt(2)) * mp.exp(a * a / 2) / 2

    half, quarter = mp.mpf(1) / 2, mp.mpf(1) / 4
    rows = [[mp.mpf(0)] * 32 for _ in range(GELU32_DEGREE + 3)]
    for i in range(GELU32_INTERVALS):
        c = i * half
        co = chebyshev_projection(lambda u, c=c: r(c + u), 0 if i == 0 else -quarter, quarter,
                                  GELU32_DEGREE, GELU32_NODES)
        pairs = [co[0], co[0] - _to_float32(co[0]), co[1], co[1] - _to_float32(co[1])]
        for k, v in enumerate(pairs + co[2:]):
            rows[k][i] = v
    return [v for row in rows for v in row]


def _gelu32_root_p() -> list:
    def slope(x):
        return mp.ncdf(x) + x * mp.npdf(x)

    return _root_p(slope, "-0.75", "0.126")


def _root_p(slope, guess: str, half_width: str) -> list:
    """Near a root x0 of ``slope``: x0h = x0 rounded to float, x0h - x0, then the degree-6
    projection (40 nodes) of slope(x)/(x - x0) in t = x - x0h on |t| <= half_width, its
    first two coefficients as pairs of floats (c0, c0 lo, c1, c1 lo, c2 .. c6)."""
    x0 = mp.findroot(slope, mp.mpf(guess))
    x0h = _to_float32(x0)
    w = mp.mpf(half_width)
    co = chebyshev_projection(lambda t: slope(x0h + t) / (x0h + t - x0), -w, w, 6, 40)
    return [mp.mpf(x0h), x0h - x0, co[0], co[0] - _to_float32(co[0]), co[1],
            co[1] - _to_float32(co[1]), *co[2:]]


def _swish32_root_p() -> list:
    def slope(x):  # swish'(x) = sigma(x) (1 + x (1 - sigma(x)))
        s = mp.sigmoid(x)
        return s * (1 + x * (1 - s))

    return _root_p(slope, "-1.28", "0.0316")


GELU32D_AMAX, GELU32D_DEGREES, GELU32D_NODES, GELU32D_PASSES = 11.5, (5, 6, 6), 200, 8


@functools.cache
def _gelu32d_fit() -> tuple:
    """R(a) = erfcx(a/sqrt(2))/2 ~ N(u)/D(u) and Q(a) = (R(a) - a/sqrt(2 pi))/(a - a0)
    ~ M(u)/D(u), u = 2a/11.5 - 1 in [-1, 1] (a in [0, 11.5]), a0 = 0.7518 the root of
    R(a) - a/sqrt(2 pi) (GELU's f'(-a) = exp(-a^2/2) (R(a) - a/sqrt(2 pi)) vanishes
    there): N of degree 5, D of degree 6 with D(0) = 1 fitted by Sanathanan-Koerner
    iteration (GELU32D_PASSES weighted least-squares passes, each the linear problem
    N - R D = 0 weighted by 1/(R D_previous): relative error), then M of degree 6 by
    least squares of M - Q D weighted by 1/|Q D|; all at the GELU32D_NODES Chebyshev
    nodes of [0, 11.5], by Householder QR (mpmath), lowest coefficient first."""
    m, n, k = GELU32D_DEGREES
    nodes = GELU32D_NODES
    us = [-mp.cos(mp.pi * (2 * j + 1) / (2 * nodes)) for j in range(nodes)]
    amax, c = mp.mpf(GELU32D_AMAX), 1 / mp.sqrt(2 * mp.pi)

    def r(a):
        return mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2

    a0 = mp.findroot(lambda a: r(a) - a * c, mp.mpf("0.75"))
    avals = [(u + 1) / 2 * amax for u in us]
    rv = [r(a) for a in avals]
    qv = [(r(a) - a * c) / (a - a0) for a in avals]
    dv = [mp.mpf(1)] * nodes
    for _ in range(GELU32D_PASSES):
        lhs, rhs = mp.matrix(nodes, m + 1 + n), mp.matrix(nodes, 1)
        for j, u in enumerate(us):
            w = 1 / (rv[j] * dv[j])
            for i in range(m + 1):
                lhs[j, i] = u**i * w
            for i in range(1, n + 1):
                lhs[j, m + i] = -rv[j] * u**i * w
            rhs[j] = rv[j] * w
        sol = mp.qr_solve(lhs, rhs)[0]
        num = [sol[i] for i in range(m + 1)]
        den = [mp.mpf(1)] + [sol[m + i] for i in range(1, n + 1)]
        dv = [_horner(den[::-1], u) for u in us]
    lhs, rhs = mp.matrix(nodes, k + 1), mp.matrix(nodes, 1)
    for j, u in enumerate(us):
        w = 1 / abs(qv[j] * dv[j])
        for i in range(k + 1):
            lhs[j, i] = u**i * w
        rhs[j] = qv[j] * dv[j] * w
    sol = mp.qr_solve(lhs, rhs)[0]
    return num, den, [sol[i] for i in range(k + 1)], a0


def _gelu32d_root() -> list:
    a0 = _gelu32d_fit()[3]
    return [mp.mpf(float(a0)), a0 - mp.mpf(float(a0))]


def _exp2_32() -> list:
    t = [mp.mpf(2) ** (mp.mpf(j) / 32) for j in range(32)]
    return t + [v - _to_float32(v) for v in t]


TABLES = (
    Table("NK_EXP_Q", "(exp(r) - 1 - r)/r^2, |r| <= 1.0001 ln2/2, degree 10, 200 nodes",
          lambda: _exp_q(10), ("-0.3466", "0.3466")),
    Table("NK_EXP_LO", "(exp(r) - 1)/r, |r| <= 1.0001 ln2/2, degree 8, 200 nodes", _exp_lo,
          ("-0.3466", "0.3466")),
    Table("NK32_EXP_Q", "(exp(r) - 1 - r)/r^2, |r| <= 1.0001 ln2/2, degree 5, 200 nodes, float",
          lambda: _exp_q(5), ("-0.3466", "0.3466"), single=True),
    Table("NK_LOG1P_LO", "log1p(x)/x, x = (t + 1)/2, degree 16 in t, 200 nodes", _log1p_lo,
          ("-1", "1")),
    Table("ERFCX_LO", "erfcx(4/t - 4)/t, t = (19 + 11 s)/30, degree 12 in s, 600 nodes",
          _erfcx_lo, ("-1", "1")),
    Table("NK_TANHSHRINK_P", "(x - tanh x)/x^3, s = x^2 in [0, 1], degree 16 in s, 200 nodes",
          _tanhshrink_p, ("0", "1")),
    Table("GELU32_R", "erfcx(a/sqrt(2))/2 on 24 intervals of width 1/2, degree 7 in a - i/2, "
          "40 nodes each, float (by coefficient, 32 intervals a row)", _gelu32_r, single=True),
    Table("GELU32_ROOT_P", "GELU's slope near its root: x0h, x0h - x0, then f'(x)/(x - x0) "
          "of t = x - x0h, |t| <= 0.126, degree 6, 40 nodes, float", _gelu32_root_p, single=True),
    Table("SWISH32_ROOT_P", "swish's slope near its root: x0h, x0h - x0, then f'(x)/(x - x0) "
          "of t = x - x0h, |t| <= 0.0316, degree 6, 40 nodes, float", _swish32_root_p,
          single=True),
    Table("TANH32_T", "tanh on 30 pieces of [0, 9.5] (Gal's accurate tables): centres c, "
          "tanh(c), tanh'(c), then (tanh(c + u) - tanh c - tanh'(c) u)/u^2, degree 4 in u, "
          "40 nodes each, float (by coefficient, 32 pieces a row)", _tanh32_t, single=True),
    Table("TANHSHRINK32_G", "(x - tanh x)/x^3 on TANH32_T's 30 pieces (Gal's accurate "
          "tables): centres c, G(c), G'(c), then (G(c + u) - G(c) - G'(c) u)/u^2, degree 5 in "
          "u, 40 nodes each, float (by coefficient, 32 pieces a row)", _tanhshrink32_g,
          single=True),
    Table("TANH32_D", "tanh' on 32 pieces of width 1/4 around j/4 (Gal's accurate tables): "
          "centres c, tanh'(c), tanh''(c), then (tanh'(c + u) - tanh'(c) - tanh''(c) u)/u^2, "
          "degree 5 in u, 40 nodes each, float (by coefficient, 32 pieces a row)", _tanh32_d,
          single=True),
    Table("LOGISTIC32_D", "logistic' = tanh'(|x|/2)/4: TANH32_D's rows scaled by powers of two "
          "(centres 2c, then 1/4, 1/8, 2^-(k + 4)), float", _logistic32_d, single=True),
    Table("NK32_EXP2", "2^(j/32), j = 0..31, float pairs: leading floats, then remainders",
          _exp2_32, single=True),
    Table("GELU32D_N", "erfcx(a/sqrt(2))/2 = N(u)/D(u), u = 2a/11.5 - 1: N, degree 5 "
          "(Sanathanan-Koerner, 200 nodes)", lambda: _gelu32d_fit()[0][::-1], ("-1", "1")),
    Table("GELU32D_D", "the common denominator D of GELU32D_N and GELU32D_M, degree 6, "
          "D(0) = 1", lambda: _gelu32d_fit()[1][::-1], ("-1", "1")),
    Table("GELU32D_M", "(erfcx(a/sqrt(2))/2 - a/sqrt(2 pi))/(a - a0) = M(u)/D(u): M, "
          "degree 6 (least squares, 200 nodes)", lambda: _gelu32d_fit()[2][::-1], ("-1", "1")),
    Table("GELU32D_A0", "a0, the root of erfcx(a/sqrt(2))/2 - a/sqrt(2 pi), as a0h, a0 - a0h",
          _gelu32d_root),
    Table("GELU32D_EXP", "exp(r), |r| <= 1.0001 ln2/2, degree 7, 200 nodes",
          lambda: chebyshev_projection(mp.exp, *_exp_range(), 7, 200)[::-1],
          ("-0.3466", "0.3466")),
)


def generate(name: str, prec: int = PREC) -> list[float]:
    """The table ``name`` as doubles (floats for a float32 table), computed at ``prec``
    bits and rounded once."""
    table = next(t for t in TABLES if t.name == name)
    with mp.workprec(prec):
        values = table.coefficients()
    if table.single:  # rounded to float32 directly (not through a double)
        return [_to_float32(c) for c in values]
    return [float(c) for c in values]


def _to_float32(c) -> float:
    """The mpf c rounded to the nearest float32 (ties to even), as a Python float."""
    with mp.workprec(24):
        return float(+c)


# ---------------------------------------------------------------- the headers
def _pattern(name: str) -> re.Pattern:
    """``const double NAME[N] = {`` (or float), a comment on that line, the values, ``};``."""
    return re.compile(r"\bconst\s+(?:double|float)\s+" + re.escape(name)
                      + r"\s*\[\s*(?P<size>\d*)\s*\]\s*=\s*\{"
                      + r"(?P<head>[ \t]*(?:/\*[^\n]*?\*/)?[ \t]*\n)?"
                      + r"(?P<body>[^}]*?)(?P<tail>[ \t]*\};)")


def locate(name: str, headers: Path = HEADERS) -> tuple[Path, re.Match]:
    """The header under ``headers`` that declares the array ``name``, and the match."""
    found = [(path, m) for path in sorted(headers.rglob("*.h"))
             for m in _pattern(name).finditer(path.read_text())]
    if len(found) != 1:
        where = ", ".join(str(p) for p, _ in found) or "none"
        raise LookupError(f"{name}: expected one declaration in {headers}/**/*.h, found "
                          f"{len(found)} ({where})")
    return found[0]


def parse(match: re.Match) -> list[float]:
    body = re.sub(r"/\*.*?\*/|//[^\n]*", "", match["body"], flags=re.S)
    tokens = (tok.strip().removesuffix("f").removesuffix("F") for tok in body.split(","))
    values = [float.fromhex(v) if "0x" in v.lower() else float(v) for v in tokens if v]
    if match["size"] and int(match["size"]) != len(values):
        raise ValueError(f"{match['size']} declared, {len(values)} given")
    return values


def read(name: str, headers: Path = HEADERS) -> list[float]:
    """The values of the table ``name`` as the headers have them."""
    return parse(locate(name, headers)[1])


def literal(values: list[float], indent: str = "    ", width: int = 80,
            single: bool = False) -> str:
    """The body of a C array literal: hexadecimal doubles (floats: ``f`` suffix, six
    hexadecimal digits), as many a line as fit."""
    lines, line = [], ""
    items = ((_hex32(v) if single else float.hex(v)) + "," for v in values)
    for item in items:
        if line and len(indent) + len(line) + 1 + len(item) > width:
            lines.append(indent + line)
            line = item
        else:
            line = f"{line} {item}" if line else item
    return "\n".join([*lines, indent + line]) + "\n"


def _hex32(v: float) -> str:
    """A float32 value as a C float literal: 0x1.xxxxxxp+e f (24 bits: 6 hex digits)."""
    mant, exp = float.hex(v).split("p")
    return f"{mant[:mant.index('.') + 7] if '.' in mant else mant}p{exp}f"


def write(name: str, values: list[float], headers: Path = HEADERS) -> Path | None:
    """Replace the table's values in its header; returns the header if it changed."""
    path, match = locate(name, headers)
    if parse(match) == values:
        return None
    single = next(t for t in TABLES if t.name == name).single
    text = path.read_text()
    path.write_text(text[:match.start("body")] + literal(values, single=single)
                    + text[match.end("body"):])
    return path


# ---------------------------------------------------------------- fdlibm's log1p
FDLIBM_LG = ("3FE5555555555593", "3FD999999997FA04", "3FD2492494229359", "3FCC71C51D8E78AF",
             "3FC7466496CB03DE", "3FC39A09D078C69F", "3FC2F112DF3E5244")  # e_log.c, Lg1..Lg7
FDLIBM_BOUND_LOG2 = -58.45


def read_fdlibm_lg(headers: Path = HEADERS) -> tuple[Path, list[float]]:
    """The header that defines ``Lg1 = ...`` .. ``Lg7 = ...`` and their values."""
    found = [(path, m) for path in sorted(headers.rglob("*.h"))
             for m in re.finditer(r"\bLg1\s*=.*?\bLg7\s*=\s*[^,;]+", path.read_text(), re.S)]
    if len(found) != 1:
        raise LookupError(f"Lg1..Lg7: expected one definition in {headers}/**/*.h, found "
                          f"{len(found)}")
    path, m = found[0]
    values = dict(re.findall(r"\bLg(\d)\s*=\s*([^,;\s]+)", m[0]))
    return path, [float(values[str(k)]) for k in range(1, 8)]


def fdlibm_error_log2(lg: list[float], points: int = 2000) -> float:
    """log2 of max |Lg1 z + ... + Lg7 z^7 - R(z)| over s = 0.1716 k / points."""
    with mp.workprec(PREC):
        worst = mp.mpf(0)
        for k in range(1, points + 1):
            s = mp.mpf("0.1716") * k / points
            z = s * s
            r = (mp.log((1 + s) / (1 - s)) - 2 * s) / s
            worst = max(worst, abs(z * _horner([mp.mpf(c) for c in lg[::-1]], z) - r))
        return float(mp.log(worst, 2))


def check_fdlibm(headers: Path = HEADERS) -> bool:
    path, lg = read_fdlibm_lg(headers)
    published = [struct.unpack(">d", bytes.fromhex(w))[0] for w in FDLIBM_LG]
    err = fdlibm_error_log2(lg)
    ok = lg == published and err <= FDLIBM_BOUND_LOG2
    print(f"{'Lg1..Lg7':12s} {path.relative_to(headers)}: "
          + ("fdlibm's" if lg == published else "NOT fdlibm's")
          + f", error 2^{err:.2f} (fdlibm's bound 2^{FDLIBM_BOUND_LOG2})")
    return ok


def ulps(new: float, old: float) -> float:
    return abs(new - old) / math.ulp(old) if old else abs(new) / math.ulp(0.0)


def polynomial_distance(new: list[float], old: list[float], interval) -> float:
    """max |p_new - p_old| / |p_new| over 201 points of the interval (Horner order)."""
    with mp.workprec(PREC):
        lo, hi = map(mp.mpf, interval)
        xs = [lo + (hi - lo) * k / 200 for k in range(201)]
        return float(max(abs(1 - _horner(old, x) / _horner(new, x)) for x in xs))


def _horner(coefficients, x):
    acc = mp.mpf(0)
    for c in coefficients:
        acc = acc * x + c
    return acc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the headers")
    mode.add_argument("--write", action="store_true", help="rewrite the headers' literals")
    parser.add_argument("--prec", type=int, default=PREC, help=f"bits (default {PREC})")
    parser.add_argument("--headers", type=Path, default=HEADERS, help="where the headers are")
    args = parser.parse_args(argv)
    status = 0 if not args.check else int(not check_fdlibm(args.headers))
    for table in TABLES:
        values = generate(table.name, args.prec)
        if args.check:
            path, match = locate(table.name, args.headers)
            old = parse(match)
            same = old == values
            worst = max(map(ulps, values, old)) if len(old) == len(values) else math.inf
            print(f"{table.name:12s} {path.relative_to(args.headers)}: "
                  + ("equal" if same else f"DIFFERS (up to {worst:.3g} ULP of a coefficient)"))
            if not same and table.interval and len(old) == len(values):
                rel = polynomial_distance(values, old, table.interval)
                print(f"{'':12s} the polynomials differ by up to {rel:.2g} (relative)")
            status |= not same
        elif args.write:
            path = write(table.name, values, args.headers)
            print(f"{table.name:12s} " + (f"written to {path}" if path else "unchanged"))
        else:
            kind = "float" if table.single else "double"
            print(f"/* {table.doc} */\n"
                  f"static const {kind} {table.name}[{len(values)}] = {{\n"
                  f"{literal(values, single=table.single)}}};")
    return status


if __name__ == "__main__":
    sys.exit(main())
