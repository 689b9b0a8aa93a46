"""Time this checkout against another build of neuronkit, call by call, side by side.

For a refactor that must not make anything slower: every activation's forward call
``f(x)``, derivative ``f.derivative(x)`` and fused ``f.value_and_derivative(x)``, for
each size and dtype, allocating and with ``out=``, timed in two interpreters, one
importing this checkout's ``src`` and one importing ``--base`` (a folder holding a
``neuronkit`` package with its compiled extension, e.g. a copy of ``src`` from before
the change).  The two run alternately, ``--rounds`` times each, so that the machine's
load falls on both alike; each round takes the best of a few repeats per call, and the
table gives the median over rounds in microseconds and the ratio new/base (below 1:
faster).  The last lines summarize the ratios per size.

Run::

    .venv/bin/python benchmarks/compare.py --base /tmp/base_src [--sizes 1e3,1e5,1e7]
        [--rounds 5] [--names relu,gelu] [--dtypes float32,float64]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _time(fn, n: int) -> float:
    """Best of 5 timings of *fn*, repeated so that one timing lasts about 2 ms."""
    reps = max(1, min(2000, int(2e6 / max(n, 1))))
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        best = min(best, (time.perf_counter() - t) / reps)
    return best * 1e6


def _calls(f, x, o1, o2) -> dict:
    """The timed calls of activation *f* over *x* (``o1``, ``o2``: outputs for out=)."""
    return {
        "f": lambda: f(x), "df": lambda: f.derivative(x),
        "fused": lambda: f.value_and_derivative(x),
        "f out=": lambda: f(x, out=o1),
        "fused out=": lambda: f.value_and_derivative(x, out=(o1, o2)),
    }


def worker(names: list[str], sizes: list[int], dtypes: list[str]) -> dict[str, float]:
    """Timings (microseconds) of every call, keyed 'name dtype n call'."""
    import numpy as np

    import neuronkit as nk

    out = {}
    rng = np.random.default_rng(0)
    for n in sizes:
        base = rng.standard_normal(n) * 4
        for dt in dtypes:
            x = base.astype(dt)
            o1, o2 = np.empty_like(x), np.empty_like(x)
            for name in names:
                for label, fn in _calls(nk.activation(name), x, o1, o2).items():
                    out[f"{name} {dt} {n:.0e} {label}"] = _time(fn, n)
    return out


def _run(path: Path, args: argparse.Namespace) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(path)}
    cmd = [sys.executable, __file__, "--worker", "--names", args.names, "--sizes", args.sizes,
           "--dtypes", args.dtypes]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", type=Path, help="folder with the other build's neuronkit package")
    p.add_argument("--sizes", default="1e3,1e5,1e7")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--names", default="")
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    dtypes = args.dtypes.split(",")
    if args.worker:
        print(json.dumps(worker(args.names.split(","), sizes, dtypes)))
        return
    if args.base is None:
        p.error("--base is required")
    if not args.names:
        sys.path.insert(0, str(SRC))
        import neuronkit as nk

        args.names = ",".join(nk.activation_names())
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    for _ in range(args.rounds):
        runs["base"].append(_run(args.base, args))
        runs["new"].append(_run(SRC, args))
    keys = list(runs["new"][0])
    print("| call | base (us) | new (us) | new/base |\n|---|---:|---:|---:|")
    ratios: dict[str, list[float]] = {}
    for key in keys:
        b = statistics.median(r[key] for r in runs["base"])
        n = statistics.median(r[key] for r in runs["new"])
        ratios.setdefault(key.split()[2], []).append(n / b)
        print(f"| {key} | {b:.2f} | {n:.2f} | {n / b:.2f} |")
    for size, rs in ratios.items():
        rs.sort()
        print(f"n = {size}: new/base median {statistics.median(rs):.3f}, "
              f"min {rs[0]:.2f}, max {rs[-1]:.2f} over {len(rs)} calls")


if __name__ == "__main__":
    main()
