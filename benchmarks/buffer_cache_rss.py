"""Resident memory kept after a run of large calls, against what the buffer cache holds.

Each thread makes 60 rounds of calls (f, f', fused) on inputs of 1-8 Mi elements
(float32 or float64, 4-64 MiB), keeping a random few results alive for a while, as a
program does.  At the end every result is freed: the process's resident memory above
where it started (VmRSS) is what stays retained, which the cache's ``held`` should
account for.  ``--mode numpy`` runs the same with NumPy ufuncs (no neuronkit), ``--mode
nocache`` with the cache off.

    python benchmarks/buffer_cache_rss.py [--mode nk|nocache|numpy] [--threads 1]

Measured (2 CPUs, glibc 2.36, limit 256 MiB), one thread: 460 MiB retained with
254 MiB held when the cache took its buffers from malloc, 298 MiB with 254 held now
(mmap); the rest is NumPy's own freed inputs, which glibc keeps without neuronkit too
(``--mode numpy``: 99 MiB; with ``GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072``
glibc keeps none of it).
"""

from __future__ import annotations

import argparse
import gc
import threading

import numpy as np

import neuronkit as nk

MIB = 1 << 20


def rss() -> int:
    """This process's resident memory in bytes (Linux)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) << 10
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["nk", "nocache", "numpy"], default="nk")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    if args.mode == "nocache":
        nk.set_buffer_cache(0)
    fs = [nk.activation(n) for n in ("gelu", "relu", "logistic")]
    gc.collect()
    base = rss()

    def work(seed: int) -> None:
        rng = np.random.default_rng(seed)
        live = []
        for _ in range(args.rounds):
            n = int(rng.integers(1 * MIB, 8 * MIB))
            x = np.full(n, 0.5, (np.float32, np.float64)[int(rng.integers(2))])
            f = fs[int(rng.integers(3))]
            if args.mode == "numpy":
                r = [np.tanh(x), np.cosh(x), np.exp(x), np.sinh(x)]
            else:
                r = [f(x), f.derivative(x), *f.value_and_derivative(x)]
            live.append(r[int(rng.integers(4))])
            del r, x
            while len(live) > int(rng.integers(0, 4)):
                live.pop(int(rng.integers(len(live))))

    threads = [threading.Thread(target=work, args=(s,)) for s in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    gc.collect()
    info = nk.get_buffer_cache()
    print(f"{args.mode}, {args.threads} thread(s): {(rss() - base) / MIB:.1f} MiB retained; "
          f"the cache holds {info.held / MIB:.1f} MiB in {info.buffers} buffers "
          f"(limit {info.limit / MIB:.0f} MiB)")
    nk.set_buffer_cache(0)
    gc.collect()
    print(f"after set_buffer_cache(0): {(rss() - base) / MIB:.1f} MiB retained")


if __name__ == "__main__":
    main()
