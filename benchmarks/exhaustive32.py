"""Every float32 in [lo, hi]: the worst error in ULP of float32 logistic, swish and tanh,
value and derivative, whose float32-arithmetic kernels take their pairs from a short exp
(src/neuronkit/_float32.h, nk32_exp_neg_short; tanh: expm1) or, with AVX-512, from a
table (nk32_exp_neg_table; tanh, tanh' and logistic' from polynomial pieces, TANH32_T and
TANH32_D): the loops this machine runs (NEURONKIT_ISA=avx2 measures the other).

The reference is the float64 formula (e = exp(-|x|), sigma = 1/(1 + e) or e/(1 + e),
sigma' = e/(1 + e)^2, swish' = sigma (1 + x (1 - sigma)), NumPy's float64 tanh and
tanh' = 4 e2/(1 + e2)^2 with e2 = exp(-2|x|)), whose own error is near 2**-52 relative,
far below a float32 ULP; within 0.002 of swish''s root x0 = -1.2785, where that formula
cancels, mpmath at 80 bits.  Tanh is measured on |x| <= 40, its float32-arithmetic range.
GELU (--names gelu, --lo -11.5: below, the float64 formula) against x Phi(x) and
Phi(x) + x phi(x) in float64 (SciPy's ndtr, phi = exp(-x^2/2)/sqrt(2 pi)), within 0.002 of
its derivative's root x0 = -0.7518 mpmath at 80 bits.
Softsign (--names softsign, x/(1 + |x|) in float32 arithmetic for every input) against
x/(1 + |x|) and 1/(1 + |x|)^2 in float64, and tanhshrink (--names tanhshrink, AVX-512:
pieces TANHSHRINK32_G and TANH32_T for every input but NaN and 0 < |x| < 2**-34) against
x - tanh x (its series below 1/8) and tanh(x)^2: --lo=-3.4028235e38 --hi=3.4028235e38
takes every finite float.
Softplus and log-sigmoid (--names softplus,log_sigmoid) against max(x, 0) + log1p(e)
and min(x, 0) - log1p(e), their derivatives sigma and 1 - sigma; ELU and SELU
(--names elu,selu, default parameters) against alpha expm1(x) and alpha exp(x) for
x <= 0, times scale for SELU (x > 0: x and 1); CELU (--names celu, alpha = 1) as ELU.
Every call is also checked to give the bits of the fused call.  The whole range [-80, 80]
(2.2e9 floats) takes about 12 minutes on one core.

Run:  .venv/bin/python benchmarks/exhaustive32.py [--lo -80] [--hi 80]
"""

from __future__ import annotations

import argparse

import mpmath as mp
import numpy as np
from scipy import special

import neuronkit as nk
from neuronkit import _compiled

SWISH_ROOT = -1.2784645427610738
GELU_ROOT = -0.7517915246935645
# SELU's constants (Klambauer et al. 2017, to the digits they give)
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
CHUNK = 1 << 24


def _bit_ranges(lo: float, hi: float) -> list[tuple[int, int]]:
    """The float32 bit patterns of [lo, hi] as ranges (negative floats, then the rest)."""
    lo32, hi32 = np.float32(lo), np.float32(hi)
    b = lambda v: int(np.asarray(v, np.float32).view(np.uint32))  # noqa: E731
    if lo32 >= 0:
        return [(b(lo32), b(hi32))]
    if hi32 < 0:
        return [(b(hi32), b(lo32))]
    return [(0x80000000, b(lo32)), (0, b(hi32))]


def _mp_near(xd: np.ndarray, root: float, slope, into: np.ndarray) -> None:
    """into[i] = slope(x) at 80 bits for the x within 0.002 of root, where the float64
    formulas cancel."""
    with mp.workprec(80):
        for i in np.nonzero(np.abs(xd - root) < 0.002)[0]:
            into[i] = float(slope(mp.mpf(float(xd[i]))))


def _gelu_references(xd: np.ndarray) -> dict[str, np.ndarray]:
    phi = np.exp(-0.5 * xd * xd) / np.sqrt(2 * np.pi)
    cdf = special.ndtr(xd)
    slope = cdf + xd * phi
    _mp_near(xd, GELU_ROOT, lambda v: mp.ncdf(v) + v * mp.npdf(v), slope)
    return {"gelu f": xd * cdf, "gelu f'": slope}


def _references(xd: np.ndarray, names) -> dict[str, np.ndarray]:
    """The float64 references of the functions ``names``."""
    refs = _gelu_references(xd) if "gelu" in names else {}
    return refs | _other_references(xd, names) if set(names) - {"gelu"} else refs


def _other_references(xd: np.ndarray, names) -> dict[str, np.ndarray]:
    e = np.exp(-np.abs(xd))
    sigma = np.where(xd >= 0, 1 / (1 + e), e / (1 + e))
    rest = np.where(xd >= 0, e / (1 + e), 1 / (1 + e))  # 1 - sigma
    slope = sigma * (1 + xd * rest)
    _mp_near(xd, SWISH_ROOT, lambda v: mp.sigmoid(v) * (1 + v * (1 - mp.sigmoid(v))), slope)
    e2 = np.exp(-2 * np.abs(xd))
    r = 1 / (1 + np.abs(xd))
    # x - tanh x: its series below 1/8 (the next term is 2**-39 of the first there),
    # else the difference, which cancels by at most 2**-7.6 there (2**-44 relative)
    small = np.where(np.abs(xd) < 0.125, xd, 0.0)
    s = small * small
    series = small * s * (1 / 3 + s * (-2 / 15 + s * (17 / 315 + s * (-62 / 2835
                                                                   + s * 1382 / 155925))))
    shrink = np.where(np.abs(xd) < 0.125, series, xd - np.tanh(xd))
    refs = {"logistic f": sigma, "logistic f'": e / (1 + e) ** 2, "swish f": xd * sigma,
            "swish f'": slope, "tanh f": np.tanh(xd), "tanh f'": 4 * e2 / (1 + e2) ** 2,
            "softsign f": xd * r, "softsign f'": r * r,
            "tanhshrink f": shrink, "tanhshrink f'": np.tanh(xd) ** 2}
    neg = np.minimum(xd, 0.0)
    if {"softplus", "log_sigmoid"} & set(names):
        lg = np.log1p(e)
        refs |= {"softplus f": np.maximum(xd, 0.0) + lg, "softplus f'": sigma,
                 "log_sigmoid f": neg - lg, "log_sigmoid f'": rest}
    if {"elu", "selu", "celu"} & set(names):  # alpha = 1 (ELU, CELU) and SELU's
        ef = np.where(xd > 0, xd, np.expm1(neg))
        ed = np.where(xd > 0, 1.0, np.exp(neg))
        refs |= {"elu f": ef, "elu f'": ed, "celu f": ef, "celu f'": ed,
                 "selu f": SELU_SCALE * np.where(xd > 0, xd, SELU_ALPHA * ef),
                 "selu f'": SELU_SCALE * np.where(xd > 0, 1.0, SELU_ALPHA * ed)}
    return refs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lo", type=float, default=-80.0)
    parser.add_argument("--hi", type=float, default=80.0)
    parser.add_argument("--names", default="logistic,swish,tanh",
                        help="of logistic, swish, tanh, softsign, tanhshrink, gelu, "
                        "softplus, log_sigmoid, elu, selu, celu (comma-separated)")
    args = parser.parse_args(argv)
    nk.set_num_threads(1)
    calls = {name: nk.activation(name) for name in args.names.split(",")}
    worst: dict[str, tuple[float, float]] = {}
    count = 0
    for first, last in _bit_ranges(args.lo, args.hi):
        for start in range(first, last + 1, CHUNK):
            bits = np.arange(start, min(start + CHUNK, last + 1), dtype=np.uint64)
            x = bits.astype(np.uint32).view(np.float32)
            xd = x.astype(np.float64)
            got = {}
            for name, f in calls.items():
                value, slope = f(x), f.derivative(x)
                fused = f.value_and_derivative(x)
                for alone, both in zip((value, slope), fused, strict=True):
                    if not np.array_equal(alone.view(np.uint32), both.view(np.uint32)):
                        raise SystemExit(f"{name}: a call alone differs from the fused call")
                got[f"{name} f"], got[f"{name} f'"] = value, slope
            for key, ref in _references(xd, calls).items():
                if key.split()[0] not in calls:
                    continue
                # swish's products with |x| < 2**-100 take the float64 formula: skip them
                keep = (np.abs(xd) >= 2.0**-100) if key == "swish f" else np.ones(x.size, bool)
                if key.startswith("tanh "):  # its float32 range: |x| <= 40
                    keep &= np.abs(xd) <= 40
                if key.startswith("tanhshrink"):  # 0 < |x| < 2**-34: the float64 formula
                    keep &= (np.abs(xd) >= 2.0**-34) | (xd == 0)
                ulp = np.spacing(np.abs(ref.astype(np.float32))).astype(np.float64)
                err = np.where(keep & (ulp > 0), np.abs(got[key] - ref) / np.where(ulp > 0, ulp, 1),
                               0.0)
                i = int(np.argmax(err))
                if err[i] > worst.get(key, (-1.0, 0.0))[0]:
                    worst[key] = (float(err[i]), float(xd[i]))
            count += x.size
    print(f"{count} float32 in [{args.lo}, {args.hi}]: the worst error in ULP "
          f"({_compiled.instruction_set()} loops)")
    for key, (err, where) in sorted(worst.items()):
        print(f"  {key:15s} {err:.4f} at x = {float(np.float32(where)).hex()} ({where:.6g})")


if __name__ == "__main__":
    main()
