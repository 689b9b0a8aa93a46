"""Peak extra memory of every activation call, beyond its outputs.

For each activation, dtype and call (f, f', fused) at n elements, the peak of
NumPy's traced allocations during the call (tracemalloc sees NumPy's data buffers)
minus the bytes of the arrays the call returns: what the call needed on top of its
result.  The issue's target is "the output plus a few MB".  The last line reports
what neuronkit's buffer cache holds at the end: freed results it keeps for reuse
(see ``nk.set_buffer_cache``), bounded by its limit.

    python benchmarks/memory.py [--n 10000000] [--path compiled|numpy|both]
"""

from __future__ import annotations

import argparse
import tracemalloc

import numpy as np

import neuronkit as nk
from neuronkit import _compiled

MIB = 1 << 20


def extra_bytes(fn, x) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = fn(x)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    outputs = result if isinstance(result, tuple) else (result,)
    return peak - sum(o.nbytes for o in outputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--path", choices=("compiled", "numpy", "both"), default="both")
    args = parser.parse_args()
    paths = {"compiled": [True], "numpy": [False], "both": [True, False]}[args.path]
    rng = np.random.default_rng(0)
    x64 = rng.normal(0, 5, args.n)
    print(f"n = {args.n}, extra MiB beyond the outputs (peak traced allocation)\n")
    print("| activation | path | float32 f | float32 f' | float32 f, f' "
          "| float64 f | float64 f' | float64 f, f' |")
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for name in nk.activation_names():
        f = nk.activation(name)
        for compiled in paths:
            if compiled and not _compiled.available():
                continue
            old = _compiled.set_enabled(compiled)
            try:
                cells = []
                for x in (x64.astype(np.float32), x64):
                    for call in (f, f.derivative, f.value_and_derivative):
                        mib = extra_bytes(call, x) / MIB
                        worst = max(worst, mib)
                        cells.append(f"{mib:.2f}")
            finally:
                _compiled.set_enabled(old)
            label = "compiled" if compiled else "numpy"
            print(f"| {name} | {label} | " + " | ".join(cells) + " |")
    print(f"\nworst: {worst:.2f} MiB")
    cache = nk.get_buffer_cache()
    print(f"buffer cache after the run: {cache.held / MIB:.0f} MiB in {cache.buffers} freed "
          f"buffers kept for reuse (limit {cache.limit / MIB:.0f} MiB; tracemalloc does not "
          "count them: they belong to no array)")


if __name__ == "__main__":
    main()
