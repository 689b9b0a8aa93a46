"""Print the worst float32 error in ULP of PyTorch's activations beside neuronkit's.

The speed benchmark (``benchmarks/activations.py``) sets neuronkit against PyTorch's
CPU kernels; this script measures what those kernels return, against the same mpmath
reference and metric as the accuracy tests (``tests/accuracy.py``: ULP error, and near
an interior root of f' the absolute error in units of (2 eps / bound)).  Each row gives
the worst error on the test suite's float32 grid (dense near 0, the tails, subnormal
results, corners) and, in brackets, the share of 2000 N(0, 3) points (the benchmark's
data, seeded) above 1 ULP, the bound neuronkit keeps in float32.  f' is PyTorch's
autograd backward of its forward at x (the call the speed benchmark times), neuronkit's
``derivative``.  The derivative columns leave out the points where f' jumps (ReLU at
0, hard-logistic at +-3, ...), where each library picks one side.  ``inf`` marks a
result that is NaN or infinite where the exact value is finite.

Run:  .venv/bin/python benchmarks/peer_accuracy.py [--names gelu,swish]
"""

from __future__ import annotations

import argparse
import os
import sys
from fractions import Fraction

import numpy as np

import neuronkit as nk

HERE = os.path.dirname(__file__)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

from activations import torch, torch_forward  # noqa: E402

from accuracy import errors, full_params, grid  # noqa: E402
from mpref import reference  # noqa: E402

# PyTorch's hardsigmoid is relu6(x + 3)/6 (neuronkit's hard_logistic: slope 1/4 by
# default), exactly 0 at x = -3
PARAMS = {"hard_logistic": {"slope": Fraction(1, 6), "offset": Fraction(1, 2)}}


def _torch_call(name: str, which: int):
    """PyTorch's f (which = 0) or its autograd f' at a float32 NumPy array."""
    tf = torch_forward(name)

    def call(fn, a):  # fn: neuronkit's function, which errors() passes; not used here
        t = torch.from_numpy(np.ascontiguousarray(a))
        if which == 0:
            return tf(t).numpy()
        tr = t.clone().requires_grad_(True)
        y = tf(tr)
        return torch.autograd.grad(y, tr, torch.ones_like(y))[0].numpy()

    return call


def _jumps(name: str, params: dict, x: np.ndarray) -> np.ndarray:
    """Whether f' differs by more than 1e-3 (relative) between the float32 neighbours
    of each point: a jump of f', not a smooth change."""
    full = full_params(name, params)
    out = np.zeros(x.size, bool)
    for i, v in enumerate(x):
        lo, hi = (float(np.nextafter(v, np.float32(s * np.inf))) for s in (-1, 1))
        a, b = (reference(name, 1, t, full) for t in (lo, hi))
        out[i] = abs(a - b) > 1e-3 * max(abs(a), abs(b), 1e-30)
    return out


def _summary(err: np.ndarray, sample: slice, keep: np.ndarray) -> str:
    err = np.where(np.isnan(err), np.inf, err)
    grid_part = err[:sample.start][keep[:sample.start]]
    return f"{grid_part.max():.3g} ({np.mean(err[sample][keep[sample]] > 1.0):.0%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", help="comma-separated activations (default: every one "
                        "PyTorch has)")
    args = parser.parse_args()
    if torch is None:
        raise SystemExit("PyTorch is not installed: pip install torch")
    torch.set_num_threads(1)
    paired = [n for n in sorted(nk.activation_names()) if torch_forward(n) is not None]
    names = args.names.split(",") if args.names else paired
    unknown = [n for n in names if n not in paired]
    if unknown:
        raise SystemExit(f"no activation with a PyTorch counterpart named "
                         f"{', '.join(unknown)}; these have one: {', '.join(paired)}")
    base = grid(np.float32)
    normal = (np.random.default_rng(0).standard_normal(2000) * 3).astype(np.float32)
    x = np.concatenate([base, normal])
    sample = slice(base.size, x.size)
    print(f"PyTorch {torch.__version__}, float32: worst ULP on {base.size} grid points "
          f"(share of {normal.size} N(0, 3) points above 1 ULP)")
    print()
    print("| activation | neuronkit f | PyTorch f | neuronkit f' | PyTorch f' |")
    print("|---|---|---|---|---|")
    for name in names:
        params = PARAMS.get(name, {})
        smooth = ~_jumps(name, params, x)
        cells = []
        for which in (0, 1):
            keep = smooth if which else np.ones(x.size, bool)
            for evaluate in (None, _torch_call(name, which)):
                err = errors(name, params, which, np.float32, x, evaluate=evaluate)
                cells.append(_summary(err, sample, keep))
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
