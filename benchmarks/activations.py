"""Time every activation against naive NumPy, SciPy, PyTorch, JAX and the copy floor.

For each activation and dtype it prints, as a markdown table, milliseconds for
the forward call ``f(x)``, the derivative ``f.derivative(x)`` and the fused
``f.value_and_derivative(x)`` of neuronkit; the textbook formula in NumPy; SciPy
where it has the function (``expit``, ``log_expit``); PyTorch's ordinary
allocating call and, for the derivative, its autograd backward kernel (the
backward pass of a graph built once, timed alone); JAX (jitted) when installed;
and the copy floor ``np.add(x, 1)``, the cheapest allocating elementwise call.
The ratios are neuronkit / PyTorch and neuronkit / floor, and for the fused call
its time over the forward call's ("fused/f") and over the two separate calls'
("fused/(f+f')": what the fused call saves).

neuronkit allocates large results through its buffer cache (see
:func:`neuronkit.set_buffer_cache`): from the second call on, a result takes the
buffer the previous one freed, with no page faults.  The column "nk fresh" times
the same calls writing into new NumPy arrays (``out=np.empty_like(x)``), which pay
the page faults of fresh memory as PyTorch, NumPy and the floor do; its ratio to
PyTorch is "fresh/torch".

Every timing is the median of ``--repeat`` runs, and the runs are interleaved:
each repeat times every candidate of a row once, PyTorch's together and the others
together, the two groups in turn first and each in a shuffled order, so load from
other processes spreads over all of them alike.  With more than one thread a group
starts only after its first candidate has run untimed for 30 ms, so that each library
is timed in its own steady state: PyTorch's OpenMP threads spin for 5-10 ms after its
calls and take a core from whatever runs next (see ``_time_interleaved``).  PyTorch
runs with as many threads as neuronkit's engine (:func:`neuronkit.get_num_threads`,
``--threads`` to set).

``--unblocked`` adds a column timing neuronkit with blockwise evaluation off (the
engine before blocking) in the same interleaved runs.  A second table gives the
per-call time at ``--small-n`` elements (default 1000; 0 skips it) in microseconds,
with the fused call's time over the forward call's at that size.

``--sizes 1e3,1e4,...`` prints instead one compact table of ratios neuronkit / PyTorch
per size: allocating calls f against PyTorch's forward, f' against its autograd
backward, f'(y) (``derivative_from_output`` of the output, where the activation has
one) against the same backward, which for sigmoid and tanh multiplies PyTorch's saved
output as f'(y) does, the fused call against the two (what PyTorch pays for both),
and ``out=`` calls against PyTorch's ``out=`` where it has one (sigmoid, tanh); each the
median of ``--repeat`` interleaved runs of as many calls as take about 2 ms, with the
worst case per size and dtype.  ``--runs K`` makes K whole passes over that table: each
cell is then the median of the K ratios with their min-max, and the summary names every
call whose median is above 1.0.

Run::

    .venv/bin/python benchmarks/activations.py [--n 10000000] [--repeat 5]
        [--names relu,logistic] [--dtypes float32,float64] [--unblocked]
    .venv/bin/python benchmarks/activations.py --sizes 1e3,1e4,1e5,1e6,1e7,1e8 --runs 3
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import scipy.special as sc

import neuronkit as nk
from neuronkit import _compiled, _settings

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - optional
    torch = None
try:
    import jax
    import jax.numpy as jnp
except ImportError:  # pragma: no cover - optional
    jax = None

SETTLE = 0.03  # seconds a group of candidates runs untimed first, with threads
SQRT1_2 = math.sqrt(0.5)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
SELU_A, SELU_L = 1.6732632423543772, 1.0507009873554805


# -- textbook NumPy formulas (forward, derivative) --------------------------------------

def _sig(x):
    return 1 / (1 + np.exp(-x))


def _naive(name: str):
    one = 1
    table = {
        "step": (lambda x: (x > 0).astype(x.dtype), np.zeros_like),
        "identity": (np.copy, np.ones_like),
        "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(x.dtype)),
        "leaky_relu": (lambda x: np.where(x > 0, x, x.dtype.type(0.01) * x),
                       lambda x: np.where(x > 0, x.dtype.type(1), x.dtype.type(0.01))),
        "prelu": (lambda x: np.where(x > 0, x, x.dtype.type(0.25) * x),
                  lambda x: np.where(x > 0, x.dtype.type(1), x.dtype.type(0.25))),
        "relu6": (lambda x: np.clip(x, 0, 6), lambda x: ((x > 0) & (x < 6)).astype(x.dtype)),
        "hard_logistic": (lambda x: np.clip(x.dtype.type(0.25) * x + x.dtype.type(0.5), 0, 1),
                          lambda x: np.where(np.abs(x) < 2, x.dtype.type(0.25),
                                             x.dtype.type(0))),
        "hard_tanh": (lambda x: np.clip(x, -1, 1), lambda x: (np.abs(x) < 1).astype(x.dtype)),
        "hard_swish": (lambda x: x * np.clip(x + 3, 0, 6) / 6,
                       lambda x: np.where(x >= 3, one, np.where(x > -3, (2 * x + 3) / 6, 0))
                       .astype(x.dtype)),
        "logistic": (_sig, lambda x: _sig(x) * (1 - _sig(x))),
        "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
        "softplus": (lambda x: np.log1p(np.exp(x)), _sig),
        "log_sigmoid": (lambda x: -np.log1p(np.exp(-x)), lambda x: _sig(-x)),
        "softsign": (lambda x: x / (1 + np.abs(x)), lambda x: 1 / (1 + np.abs(x)) ** 2),
        "elu": (lambda x: np.where(x > 0, x, np.expm1(x)),
                lambda x: np.where(x > 0, one, np.exp(x)).astype(x.dtype)),
        "celu": (lambda x: np.where(x > 0, x, np.expm1(x)),
                 lambda x: np.where(x > 0, one, np.exp(x)).astype(x.dtype)),
        "selu": (lambda x: SELU_L * np.where(x > 0, x, SELU_A * np.expm1(x)),
                 lambda x: SELU_L * np.where(x > 0, one, SELU_A * np.exp(x))),
        "swish": (lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * (1 - _sig(x)))),
        "gelu": (lambda x: 0.5 * x * (1 + sc.erf(x * SQRT1_2)),
                 lambda x: 0.5 * (1 + sc.erf(x * SQRT1_2))
                 + x * INV_SQRT_2PI * np.exp(-0.5 * x * x)),
        "mish": (lambda x: x * np.tanh(np.log1p(np.exp(x))),
                 lambda x: (lambda t: t + x * (1 - t * t) * _sig(x))(np.tanh(np.log1p(np.exp(x))))),
    }
    return table.get(name)


SCIPY = {"logistic": sc.expit, "log_sigmoid": getattr(sc, "log_expit", None),
         "softplus": getattr(sc, "softplus", None)}


def torch_forward(name: str):
    """PyTorch's forward call for the activation *name* (a function of a tensor), or None
    where PyTorch is missing or has no counterpart (also used by peer_accuracy.py)."""
    if torch is None:
        return None
    slope = torch.tensor([0.25])
    table = {
        "relu": torch.relu, "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
        "prelu": lambda t: F.prelu(t, slope.to(t.dtype)), "relu6": F.relu6,
        "hard_logistic": F.hardsigmoid,  # slope 1/6 there, 1/4 here: same work
        "hard_tanh": F.hardtanh, "hard_swish": F.hardswish, "logistic": torch.sigmoid,
        "tanh": torch.tanh, "softplus": F.softplus, "log_sigmoid": F.logsigmoid,
        "softsign": F.softsign, "elu": F.elu, "selu": F.selu, "celu": F.celu,
        "swish": F.silu, "gelu": F.gelu, "mish": F.mish,
        "softshrink": F.softshrink, "hardshrink": F.hardshrink, "tanhshrink": F.tanhshrink,
        "threshold": lambda t: F.threshold(t, 1.0, 0.0),  # neuronkit's defaults
        "rrelu": lambda t: F.rrelu(t, training=False),  # the inference form, as here
    }
    return table.get(name)


def _jax_forward(name: str):
    if jax is None:
        return None
    jn = jax.nn
    table = {"relu": jn.relu, "leaky_relu": jn.leaky_relu, "relu6": jn.relu6,
             "hard_tanh": jn.hard_tanh, "hard_swish": jn.hard_swish, "logistic": jn.sigmoid,
             "tanh": jnp.tanh, "softplus": jn.softplus, "log_sigmoid": jn.log_sigmoid,
             "softsign": jn.soft_sign, "elu": jn.elu, "selu": jn.selu, "celu": jn.celu,
             "swish": jn.silu, "gelu": lambda t: jn.gelu(t, approximate=False),
             "mish": lambda t: t * jnp.tanh(jn.softplus(t)),
             "sparse_plus": jn.sparse_plus, "sparse_sigmoid": jn.sparse_sigmoid}
    fn = table.get(name)
    if fn is None:
        return None
    fj = jax.jit(fn)
    return lambda a: fj(a).block_until_ready()


# -- timing ---------------------------------------------------------------------------

def _time_interleaved(cands: dict[str, Callable[[], object]], repeat: int,
                      number: int = 1) -> dict[str, float]:
    """Median seconds per call of each candidate over *repeat* rounds.

    Each round times every candidate once (*number* calls), PyTorch's candidates
    together and the others together, the two groups in turn first, each group in a
    shuffled order (seeded).  With more than one thread, a group starts only after its
    first candidate has run untimed for ``SETTLE`` seconds: PyTorch's OpenMP threads keep
    spinning for 5-10 ms after its calls and take a core from whatever runs next
    (neuronkit's float64 logistic at 10^6 elements on two threads: 2.0-2.7 ns an element
    right after PyTorch's calls, 1.2 after its own), and every library is timed in its
    own steady state, as a program that calls only it runs.  (With 10 ms, one run in
    three of some rows still timed neuronkit 1.6-1.9 times PyTorch where the others
    gave 0.9-1.0: float32 logistic and swish at 10^5 and 10^6, two threads; with 30 ms,
    three runs of the same rows, none.)  Interleaving every
    candidate in one shuffled order instead made whichever candidates happened to
    follow PyTorch's more often in the seeded order slower in every row alike (float64
    logistic at 10^6, two threads: 1.68 times PyTorch's time allocating, 1.01 with
    ``out=``, the same kernel)."""
    samples: dict[str, list[float]] = {k: [] for k in cands}
    order = np.random.default_rng(0)
    torch_keys = [k for k in cands if k.startswith("torch")]
    groups = [[k for k in cands if k not in torch_keys], torch_keys]
    settle = SETTLE if nk.get_num_threads() > 1 else 0.0
    for fn in cands.values():  # warm-up (allocator, JIT, thread pools)
        fn()
    for rnd in range(repeat):
        for group in (groups if rnd % 2 == 0 else groups[::-1]):
            keys = list(order.permutation(group)) if group else []
            if keys and settle:
                t_end = time.perf_counter() + settle
                while time.perf_counter() < t_end:
                    cands[keys[0]]()
            for key in keys:
                fn = cands[key]
                t0 = time.perf_counter()
                for _ in range(number):
                    fn()
                samples[key].append((time.perf_counter() - t0) / number)
    return {k: statistics.median(v) for k, v in samples.items()}


def _unblocked(fn):
    def call():
        with _settings.engine_options(blocked_above=1 << 62):
            return fn()
    return call


def _candidates(name: str, x: np.ndarray, with_unblocked: bool, with_others: bool = True):
    f = nk.activation(name)
    nk_fns = {"f": lambda: f(x), "d": lambda: f.derivative(x),
              "fd": lambda: f.value_and_derivative(x)}
    c: dict[str, Callable[[], object]] = {}
    for kind, fn in nk_fns.items():
        c[f"nk {kind}"] = fn
        if with_unblocked:
            c[f"unblocked {kind}"] = _unblocked(fn)
    if not with_others:
        return c
    c["fresh f"] = lambda: f(x, out=np.empty_like(x))
    c["fresh d"] = lambda: f.derivative(x, out=np.empty_like(x))
    c["fresh fd"] = lambda: f.value_and_derivative(
        x, out=(np.empty_like(x), np.empty_like(x)))
    naive = _naive(name)
    if naive is not None:
        c["numpy f"] = lambda: naive[0](x)
        c["numpy d"] = lambda: naive[1](x)
    sf = SCIPY.get(name)
    if sf is not None:
        c["scipy f"] = lambda: sf(x)
    tf = torch_forward(name)
    if tf is not None:
        t = torch.from_numpy(x)
        c["torch f"] = lambda: tf(t)
        tr = t.clone().requires_grad_(True)
        y = tf(tr)
        g = torch.ones_like(y)
        c["torch d"] = lambda: torch.autograd.grad(y, tr, g, retain_graph=True)
    jf = _jax_forward(name)
    if jf is not None:
        xj = jnp.asarray(x)
        c["jax f"] = lambda: jf(xj)
    c["floor"] = lambda: np.add(x, 1)
    return c


TORCH_OUT = {"logistic": "sigmoid", "tanh": "tanh"}  # activations with torch's out=


def _ratio_row(name: str, x: np.ndarray, repeat: int) -> dict[str, float]:
    """neuronkit / PyTorch time of f, f', the fused call and f with out=, one size."""
    f, tf = nk.activation(name), torch_forward(name)
    t = torch.from_numpy(x)
    tr = t.clone().requires_grad_(True)
    y = tf(tr)
    g = torch.ones_like(y)
    o, to = np.empty_like(x), torch.empty_like(t)
    yv = f(x)  # the output kept for f'(y), as PyTorch keeps it for its backward
    c = {"nk f": lambda: f(x), "nk d": lambda: f.derivative(x),
         "nk fd": lambda: f.value_and_derivative(x), "nk out": lambda: f(x, out=o),
         "torch f": lambda: tf(t),
         "torch d": lambda: torch.autograd.grad(y, tr, g, retain_graph=True)}
    if f.derivative_from_output_text is not None:
        c["nk dy"] = lambda: f.derivative_from_output(yv)
    if name in TORCH_OUT:
        fn = getattr(torch, TORCH_OUT[name])
        c["torch out"] = lambda: fn(t, out=to)
    number = max(1, int(2e6 // x.size))
    m = _time_interleaved(c, repeat, number)
    r = {"f": m["nk f"] / m["torch f"], "d": m["nk d"] / m["torch d"],
         "fd": m["nk fd"] / (m["torch f"] + m["torch d"])}
    if "nk dy" in m:
        r["dy"] = m["nk dy"] / m["torch d"]
    if "torch out" in m:
        r["out"] = m["nk out"] / m["torch out"]
    return r


KINDS = ("f", "d", "dy", "fd", "out")


def _cell(values: list[float] | None) -> str:
    """A table cell: the median over the runs, with min-max when there are several."""
    if not values:
        return "—"
    med = statistics.median(values)
    return f"{med:.2f}" if len(values) == 1 else f"{med:.2f} ({min(values):.2f}–{max(values):.2f})"


def sizes_table(names: list[str], dtypes: list[np.dtype], sizes: list[int],
                repeat: int, runs: int = 1) -> None:
    """Print the ratio table of ``--sizes``: one row per size, activation and dtype, each
    cell the median of *runs* whole passes over the table (with their min-max), then per
    size and dtype the worst median and how many medians are above 1.0."""
    rng = np.random.default_rng(0)
    names = [m for m in names if torch_forward(m) is not None]
    ratios: dict[tuple, list[float]] = {}
    for _ in range(runs):
        for n in sizes:
            base = {dt: (rng.standard_normal(n) * 3).astype(dt) for dt in dtypes}
            for name in names:
                for dt in dtypes:
                    for k, v in _ratio_row(name, base[dt], repeat).items():
                        ratios.setdefault((n, name, dt.name, k), []).append(v)
    print(f"ratios neuronkit / PyTorch, median of {runs} run(s)"
          + (" (min–max)" if runs > 1 else ""))
    print()
    print("| n | activation | dtype | f | f' | f'(y) | f, f' | f out= |")
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for name in names:
            for dt in dtypes:
                cells = [_cell(ratios.get((n, name, dt.name, k))) for k in KINDS]
                print(f"| {n:.0e} | {name} | {dt.name} | " + " | ".join(cells) + " |")
    print()
    for n in sizes:
        for dt in dtypes:
            row = [(statistics.median(v), key[1], key[3]) for key, v in ratios.items()
                   if key[0] == n and key[2] == dt.name]
            v = max(row)
            over = sorted(f"{w[1]} {w[2]} {w[0]:.2f}" for w in row if w[0] > 1.0)
            print(f"n = {n:.0e} {dt.name}: worst {v[0]:.2f} ({v[1]} {v[2]}), "
                  f"{len(over)} of {len(row)} above 1.0" + (f": {', '.join(over)}" if over else ""))


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v * 1e3:.2f}"


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None else f"{a / b:.2f}"


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, time every activation and print the markdown tables."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=10_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--names", default=",".join(nk.activation_names()))
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--small-n", type=int, default=1000)
    p.add_argument("--unblocked", action="store_true",
                   help="also time neuronkit with blockwise evaluation off")
    p.add_argument("--sizes", default="",
                   help="comma-separated sizes (1e3,1e4,...): print the ratio table only")
    p.add_argument("--runs", type=int, default=1,
                   help="with --sizes: whole passes over the table; cells give the median "
                   "(min-max)")
    a = p.parse_args(argv)
    if a.threads is not None:
        nk.set_num_threads(a.threads)
    threads = nk.get_num_threads()
    if torch is not None:
        torch.set_num_threads(threads)
    names = [s.strip() for s in a.names.split(",") if s.strip()]
    dtypes = [np.dtype(s.strip()) for s in a.dtypes.split(",") if s.strip()]
    if a.sizes:
        if torch is None:
            sys.exit("--sizes compares with PyTorch: pip install torch")
        sizes_table(names, dtypes, [int(float(v)) for v in a.sizes.split(",")], a.repeat,
                    a.runs)
        return
    rng = np.random.default_rng(0)
    cache = nk.get_buffer_cache().limit >> 20
    print(f"n = {a.n}, median of {a.repeat} interleaved runs, neuronkit threads = {threads}, "
          f"compiled loops: {_compiled.instruction_set()}, buffer cache {cache} MiB, "
          f"numpy {np.__version__}"
          + (f", torch {torch.__version__} ({torch.get_num_threads()} threads)" if torch else "")
          + (f", jax {jax.__version__}" if jax else ""))
    print()
    head = ["activation", "dtype", "call", "neuronkit"]
    if a.unblocked:
        head.append("nk unblocked")
    head += ["nk fresh", "numpy", "scipy", "torch", "jax", "floor", "nk/torch", "fresh/torch",
             "nk/floor", "fused/f", "fused/(f+f')"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    with np.errstate(all="ignore"):
        base = {dt: (rng.standard_normal(a.n) * 3).astype(dt) for dt in dtypes}
        for name in names:
            for dt in dtypes:
                print(f"{name} {dt.name}", file=sys.stderr, flush=True)
                t = _time_interleaved(_candidates(name, base[dt], a.unblocked), a.repeat)
                for kind, label in (("f", "f"), ("d", "f'"), ("fd", "f, f'")):
                    nkt = t[f"nk {kind}"]
                    cells = [name, dt.name, label, _ms(nkt)]
                    if a.unblocked:
                        cells.append(_ms(t.get(f"unblocked {kind}")))
                    tt, fresh = t.get(f"torch {kind}"), t[f"fresh {kind}"]
                    cells += [_ms(fresh), _ms(t.get(f"numpy {kind}")),
                              _ms(t.get(f"scipy {kind}")), _ms(tt), _ms(t.get(f"jax {kind}")),
                              _ms(t["floor"]), _ratio(nkt, tt), _ratio(fresh, tt),
                              _ratio(nkt, t["floor"]),
                              _ratio(nkt, t["nk f"]) if kind == "fd" else "",
                              _ratio(nkt, t["nk f"] + t["nk d"]) if kind == "fd" else ""]
                    print("| " + " | ".join(cells) + " |", flush=True)

        if a.small_n <= 0:
            return
        print()
        print(f"Per-call time at n = {a.small_n} (microseconds, median of {a.repeat} "
              "interleaved runs of 200 calls)")
        print()
        print("| activation | dtype | neuronkit f | neuronkit f' | neuronkit f, f' | torch f | "
              "torch f' | numpy f | floor | nk f / torch f | fused/f |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for name in names:
            for dt in dtypes:
                x = (rng.standard_normal(a.small_n) * 3).astype(dt)
                t = _time_interleaved(_candidates(name, x, False), a.repeat, number=200)
                us = [t.get(k) for k in ("nk f", "nk d", "nk fd", "torch f", "torch d",
                                         "numpy f", "floor")]
                cells = ["—" if v is None else f"{v * 1e6:.1f}" for v in us]
                print(f"| {name} | {dt.name} | " + " | ".join(cells)
                      + f" | {_ratio(us[0], us[3])} | {_ratio(us[2], us[0])} |", flush=True)


if __name__ == "__main__":
    main()
