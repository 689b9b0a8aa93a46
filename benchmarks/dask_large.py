"""An activation over more data than one array in memory should hold: Dask, lazily.

The same pipeline, ``mean(f(x))`` for x drawn from a seeded normal generator, runs

* on Dask over ``--elements`` float32 numbers (default 10^9, 4 GB) in chunks of
  ``--chunk`` elements, on the local threaded scheduler, and on the ``distributed``
  LocalCluster (if ``distributed`` is installed; ``--no-distributed`` skips it), and
* on NumPy over ``--numpy-elements`` (default 10^8, 0.4 GB) held in memory,

each in a fresh Python process, and prints the time, the time per element, and the
peak resident memory (``resource.getrusage(...).ru_maxrss``; for the LocalCluster,
the largest worker's and the client's), side by side with the ratios per element.

The data are never held whole by Dask: each chunk is drawn, passed through the
activation (the compiled kernels, one task per chunk) and reduced, then freed.  The
same code runs on a multi-machine cluster by connecting a client to its scheduler
(``Client("tcp://scheduler-address:8786")``) before the ``compute``.

    python benchmarks/dask_large.py                  # 10^9 vs 10^8, gelu
    python benchmarks/dask_large.py --elements 4e7 --numpy-elements 4e6 --progress

``--progress`` shows Dask's progress bar (threaded scheduler) or the distributed
progress bar; the dashboard of the LocalCluster is printed as a link while it runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def _maxrss_mib() -> float:
    """This process's peak resident memory in MiB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (2**20 if sys.platform == "darwin" else 2**10)


def _dask_pipeline(args):
    import dask.array as da

    import neuronkit as nk

    x = da.random.default_rng(args.seed).standard_normal(
        int(args.elements), dtype="float32", chunks=int(args.chunk))
    return nk.activation(args.activation)(x).mean()


def child_dask_threads(args) -> dict:
    import dask

    lazy = _dask_pipeline(args)
    start = time.perf_counter()
    if args.progress:
        from dask.diagnostics import ProgressBar

        with ProgressBar():
            mean = lazy.compute(scheduler="threads")
    else:
        mean = lazy.compute(scheduler="threads")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "mean": float(mean), "peak_mib": _maxrss_mib(),
            "workers": dask.config.get("num_workers", None) or "all CPUs"}


def child_dask_distributed(args) -> dict:
    from dask.distributed import Client, LocalCluster, progress

    with LocalCluster(n_workers=args.workers, threads_per_worker=1,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        print(f"dashboard (task stream): {client.dashboard_link}", file=sys.stderr)
        lazy = _dask_pipeline(args)
        start = time.perf_counter()
        future = client.compute(lazy)
        if args.progress:
            progress(future)
        mean = future.result()
        seconds = time.perf_counter() - start
        workers = client.run(_maxrss_mib)
    return {"seconds": seconds, "mean": float(mean), "peak_mib": max(workers.values()),
            "client_peak_mib": _maxrss_mib(), "workers": len(workers)}


def child_numpy(args) -> dict:
    import numpy as np

    import neuronkit as nk

    f = nk.activation(args.activation)
    start = time.perf_counter()
    x = np.random.default_rng(args.seed).standard_normal(int(args.numpy_elements),
                                                         dtype=np.float32)
    drawn = time.perf_counter()
    mean = f(x).mean()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "activation_and_mean_seconds": seconds - (drawn - start),
            "mean": float(mean), "peak_mib": _maxrss_mib()}


CHILDREN = {"dask-threads": child_dask_threads, "dask-distributed": child_dask_distributed,
            "numpy": child_numpy}


def _run_child(kind: str, argv: list[str]) -> dict | None:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, *argv],
                          stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        print(f"{kind}: failed (exit status {proc.returncode})", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elements", type=float, default=1e9)
    parser.add_argument("--numpy-elements", type=float, default=1e8)
    parser.add_argument("--chunk", type=float, default=2**24,
                        help="elements per Dask chunk (default 2^24: 64 MiB of float32)")
    parser.add_argument("--activation", default="gelu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers")
    parser.add_argument("--no-distributed", action="store_true")
    parser.add_argument("--progress", action="store_true")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return
    argv = [a for a in sys.argv[1:]]
    kinds = ["numpy", "dask-threads"]
    if not args.no_distributed:
        try:
            import distributed  # noqa: F401
            kinds.append("dask-distributed")
        except ImportError:
            print("distributed is not installed: the LocalCluster run is skipped",
                  file=sys.stderr)
    results = {kind: _run_child(kind, argv) for kind in kinds}
    base = results["numpy"]
    print(f"mean({args.activation}(x)), x ~ N(0, 1) float32, seed {args.seed}")
    for kind, r in results.items():
        if r is None:
            continue
        n = args.numpy_elements if kind == "numpy" else args.elements
        per = r["seconds"] / n * 1e9
        ratio = f", {per / (base['seconds'] / args.numpy_elements * 1e9):.2f}x NumPy's " \
            "per element" if base and kind != "numpy" else ""
        extra = f" (client {r['client_peak_mib']:.0f} MiB)" if "client_peak_mib" in r else ""
        if "activation_and_mean_seconds" in r:
            extra += (f"  (drawing x aside: {r['activation_and_mean_seconds'] / n * 1e9:.2f}"
                      " ns/element)")
        print(f"  {kind:17s} {n:9.3g} elements  {r['seconds']:8.2f} s  {per:6.2f} ns/element"
              f"{ratio}  peak {r['peak_mib']:7.0f} MiB{extra}  mean {r['mean']:.6f}")


if __name__ == "__main__":
    main()
