"""Print the worst error in ULP of every activation and its first and second derivative,
float32 and float64.

The reference is mpmath at 160 bits (tests/mpref.py), the points are the test
suite's grid (tests/accuracy.py: dense near 0, the tails +-20, 40, 90, 710, 1e4,
subnormal results, corners, the whole float range).  Near an interior root of a
derivative the error is the absolute error in units of (2 eps / bound), as in the
tests, marked with *.

Both evaluation paths are measured: the compiled kernels (when built) and the
NumPy kernels (what runs without a compiler, or with NEURONKIT_PURE=1).

Run:  .venv/bin/python benchmarks/accuracy.py
"""

from __future__ import annotations

import os
import sys

import numpy as np

from neuronkit import _compiled

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from accuracy import CASES, DTYPES, bound, errors, grid, grid2  # noqa: E402


def main() -> None:
    grids = {dt: grid(dt) for dt in DTYPES}
    print(f"grid: {len(grids[np.float32])} float32 points, {len(grids[np.float64])} float64 points")
    paths = ["compiled", "numpy"] if _compiled.available() else ["numpy"]
    isa = f" ({_compiled.instruction_set()} loops)" if _compiled.available() else ""
    print(f"paths: {', '.join(paths)}{isa}; bound 1 ULP (float32), 4 ULP (float64)")
    print()
    head = [f"{p} {dt} {w}" for p in paths for dt in ("f32", "f64") for w in ("f", "f'")]
    print("| activation | " + " | ".join(head) + " |")
    print("|---|" + "---|" * len(head))
    for case_id, name, params in CASES:
        cells = []
        for path in paths:
            old = _compiled.set_enabled(path == "compiled")
            try:
                for dt in DTYPES:
                    for which in (0, 1):
                        worst = errors(name, params, which, dt, grids[dt]).max()
                        flag = "" if worst <= bound(case_id, which, dt) else " FAIL"
                        cells.append(f"{worst:.2f}{flag}")
            finally:
                _compiled.set_enabled(old)
        print(f"| {case_id} | " + " | ".join(cells) + " |")
    second_derivatives()


def second_derivatives() -> None:
    """The same for f'' (NumPy kernels only), on the grid and around the roots of f''."""
    grids = {dt: grid2(dt) for dt in DTYPES}
    print()
    print("f'' (NumPy kernels; the grid and the neighbourhoods of the roots of f'')")
    print()
    print("| activation | f32 f'' | f64 f'' |")
    print("|---|---|---|")
    for case_id, name, params in CASES:
        cells = []
        for dt in DTYPES:
            worst = errors(name, params, 2, dt, grids[dt]).max()
            flag = "" if worst <= bound(case_id, 2, dt) else " FAIL"
            cells.append(f"{worst:.2f}{flag}")
        print(f"| {case_id} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
