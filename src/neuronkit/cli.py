"""The ``neuronkit`` command line.

Each sub-command is a function ``cmd_NAME(args) -> int`` registered in
:data:`COMMANDS`.  User errors (an unknown name, a bad parameter, a bad file)
print one line to stderr and exit with status 2; nothing prints a traceback.
Ctrl-C prints one line and exits with status 130 (the shell's 128 + SIGINT).
Files a command will write are checked before the work starts.
"""

from __future__ import annotations

import argparse
import errno
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from . import activations as _act
from .analysis import max_curvature
from .errors import NeuronkitError, ParameterError, unknown_name
from .i18n import Text, language

__all__ = ["main", "build_parser", "COMMANDS"]


def _parse_param(text: str) -> tuple[str, object]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    key, value = text.split("=", 1)
    try:
        return key.strip(), float(value)
    except ValueError:
        return key.strip(), value.strip()


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _param_text(spec) -> str:
    """``name`` (default[; learnable in layers]) of each declared parameter, or a dash."""
    parts = []
    for p in spec.params:
        learn = "; learnable in layers" if p.learnable else ""
        if p.choices:
            parts.append(f"`{p.name}` ({' or '.join(map(repr, p.choices))}; "
                         f"default {p.default!r})")
        else:
            parts.append(f"`{p.name}` ({p.default!r}{learn})")
    return ", ".join(parts) or "—"


def catalogue_markdown() -> str:
    """The README's catalogue table, made from the declarations (``neuronkit list
    --markdown``; ``tests/test_readme.py`` checks that the README holds it)."""
    lines = ["| canonical | aliases | parameters (default) | what it is |", "|---|---|---|---|"]
    for name in _act.activation_names():
        spec = _act.REGISTRY[name]
        aliases = []
        for alias in spec.aliases:
            fixed = _act.ALIASES[alias][1]
            note = ", ".join(f"{k} fixed at {v:g}" for k, v in fixed.items())
            aliases.append(f"`{alias}`" + (f" ({note})" if note else ""))
        lines.append(f"| `{name}` | {', '.join(aliases)} | {_param_text(spec)} | "
                     f"{spec.summary} |")
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    """Print a table of every activation and its declared properties."""
    if args.markdown:
        print(catalogue_markdown())
        return 0
    rows = []
    for name in _act.activation_names():
        spec = _act.REGISTRY[name]
        f = _act.activation(name)
        p = f.properties
        aliases = ", ".join(a for a, (c, _) in sorted(_act.ALIASES.items()) if c == name)
        params = ", ".join(f"{k}={v}" for k, v in f.params.items())
        rows.append([name, aliases or "-", params or "-", p.range_text(),
                     _yes(p.zero_centered), _yes(p.monotonic), p.saturation, spec.summary])
    header = ["name", "aliases", "parameters", "range", "zero-centred", "monotonic",
              "saturation", "description"]
    print(_table(rows, header))
    return 0


def _show_vector(f: _act.VectorActivation) -> int:
    """``show`` of a vector activation: its formula and one example along the axis."""
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    print(repr(f))
    print(f"  {f.spec.summary}")
    print(f"  f(x) = {f.text}")
    print("  a vector activation: it acts along an axis (axis=-1 by default) and has a "
          "Jacobian, used through jvp(x, v) and vjp(x, g), instead of an elementwise f'")
    print(f"  f({x.tolist()}) = {np.round(f(x), 6).tolist()}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print the formula, derivative, properties and a few values of one activation."""
    f = _act.activation(args.name, **dict(args.param or []))
    if isinstance(f, _act.VectorActivation):
        return _show_vector(f)
    p = f.properties
    print(repr(f))
    print(f"  {f.spec.summary}")
    print(f"  f(x)  = {f.text}")
    print(f"  f'(x) = {f.derivative_text}")
    if f.derivative_from_output_text is not None:
        print(f"  f' from y = f(x): {f.derivative_from_output_text}")
    print(f"  range {p.range_text()}, zero-centred: {_yes(p.zero_centered)}, "
          f"monotonic: {_yes(p.monotonic)}, saturation: {p.saturation}, "
          f"smoothness: {p.smoothness}, f'(0) = {p.derivative_at_zero:g}")
    if p.kinks:
        print("  kinks at " + ", ".join(f"{k:g}" for k in p.kinks))
    if p.learnable:
        print("  learnable in layers: " + ", ".join(p.learnable))
    top, at = max_curvature(f)
    if top == 0.0:
        print("  curvature: f'' = 0" + (" away from the kinks" if p.kinks else ""))
    else:
        print(f"  curvature: max |f''| = {top:.6g}"
              + ("" if math.isnan(at) else f" at x = {at:g}") + " (on [-20, 20])")
    xs = np.array([-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0])
    ys, ds = f.value_and_derivative(xs)
    d2s = f.second_derivative(xs)
    rows = [[f"{x:g}", f"{y:.10g}", f"{d:.10g}", f"{c:.10g}"]
            for x, y, d, c in zip(xs, ys, ds, d2s, strict=False)]
    print(_table(rows, ["x", "f(x)", "f'(x)", "f''(x)"]))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Audit another library's formula of an activation against neuronkit's exact one."""
    from .audits import audit, naive_formula

    params = dict(args.param or [])
    if args.library == "torch":
        try:
            import torch  # noqa: F401
        except ImportError:
            raise ParameterError("torch is not installed: pip install torch, or audit "
                                 "--library numpy") from None
    fn = naive_formula(args.library, args.name, derivative=args.derivative, **params)
    if args.plot:
        _figure_path(args.plot, "audit.png")
    result = audit(fn, args.name, derivative=args.derivative, dtype=args.dtype, **params)
    what = "f'" if args.derivative else "f"
    print(f"the {args.library} formula of {args.name}'s {what} against neuronkit's exact {what}:")
    print(result)
    if args.plot:
        result.plot(args.plot)
        print(_wrote(Path(args.plot)))
    return 0


# -- plot, gate, train, experiment, tour (figures and the report) --------------------

def _figure_path(text: str | None, default: str) -> Path:
    path = Path(text if text else default)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ParameterError(f"cannot write a figure to {str(path)!r}: the file name must end "
                             "in .png or .svg")
    return _writable(path)


def _named(text: str | None, option: str) -> str | None:
    """*text* unless it is an empty or blank file name (an error: ``--save ""`` once
    trained and saved nothing, silently)."""
    if text is not None and not text.strip():
        raise ParameterError(f"{option} needs a file name, got {text!r}")
    return text


def _writable(path: Path) -> Path:
    """*path*, once it is clear that a file can be written there: its folder exists and
    takes a new file (tried with a probe file, removed at once), and it is not a folder
    or a read-only file.  Checked before the work, so that a long run does not end in an
    error."""
    where = str(path.parent)
    if not path.parent.is_dir():
        raise ParameterError(f"cannot write {str(path)!r}: folder {where!r} does not exist")
    if path.is_dir():
        raise ParameterError(f"cannot write {str(path)!r}: it is a folder")
    if path.exists() and not os.access(path, os.W_OK):
        raise ParameterError(f"cannot write {str(path)!r}: the file is read-only")
    try:
        fd, probe = tempfile.mkstemp(dir=path.parent, prefix=".neuronkit-probe-")
    except OSError as exc:
        raise ParameterError(f"cannot write {str(path)!r}: folder {where!r} does not take "
                             f"new files ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)
    return path


def _wrote(path: Path) -> str:
    if path.suffix.lower() == ".png":
        width, height = _png_size(path)
        return f"wrote {path} ({width} x {height} px)"
    return f"wrote {path} ({path.stat().st_size // 1024} KiB)"


def _wrote_figures(paths: list[Path]) -> str:
    """``wrote a.png (W x H px) and a.svg (N KiB)``: a figure written as PNG and SVG."""
    return " and ".join(_wrote(p) if i == 0 else _wrote(p)[len("wrote "):]
                        for i, p in enumerate(paths))


def _png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG file's header."""
    head = path.read_bytes()[:24]
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def cmd_plot(args: argparse.Namespace) -> int:
    """Plot activations (and derivatives) to a PNG file and an SVG file beside it."""
    from . import plotting

    names, inline = _split_inline_params(args.names)
    xlim, ylim = _limits(args.xlim, "--xlim"), _limits(args.ylim, "--ylim")
    if names == ["all"]:
        if args.param:
            raise ParameterError("parameters (-p) apply to named activations, not to 'all'")
        path = _figure_path(args.output, "activations.png")
        fig = plotting.plot_activations(None, derivative=args.derivative, x_range=xlim)
        if ylim is not None:
            for ax in fig.axes:
                ax.set_ylim(*ylim)
    else:
        params = _params_per_name(names, [*inline, *(args.param or [])])
        fns = [_act.activation(n, **p) for n, p in zip(names, params, strict=True)]
        default = "-".join(f.name for f in fns)[:80] + ".png"
        path = _figure_path(args.output, default)
        if len(fns) == 1:
            fig = plotting.plot_activation(fns[0], derivative=args.derivative, x_range=xlim,
                                           y_range=ylim)
        else:
            fig = plotting.plot_comparison(fns, derivative=args.derivative, x_range=xlim,
                                           y_range=ylim)
    print(_wrote_figures(plotting.save_figures(fig, path)))
    return 0


def _split_inline_params(entries: Sequence[str]) -> tuple[list[str], list[tuple[str, object]]]:
    """``leaky_relu:negative_slope=0.3`` (parameters after the name, comma-separated)
    as the name and ``("leaky_relu:negative_slope", 0.3)`` for :func:`_params_per_name`."""
    names, params = [], []
    for entry in entries:
        name, sep, rest = entry.partition(":")
        names.append(name.strip())
        for item in rest.split(",") if sep else ():
            try:
                key, value = _parse_param(item)
            except argparse.ArgumentTypeError as exc:
                raise ParameterError(f"{entry!r}: {exc}") from None
            params.append((f"{name.strip()}:{key}", value))
    return names, params


def _limits(pair: Sequence[float] | None, option: str) -> tuple[float, float] | None:
    """``--xlim LO HI`` as a pair, or ParameterError unless LO < HI, both finite."""
    if pair is None:
        return None
    lo, hi = (float(v) for v in pair)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ParameterError(f"{option} needs two finite numbers LO < HI, got {lo:g} {hi:g}")
    return lo, hi


def _params_per_name(names: list[str], given: list[tuple[str, object]]) -> list[dict]:
    """The parameters of each listed activation from ``-p`` options.

    ``-p NAME:PARAM=VALUE`` sets PARAM of the listed activation NAME (an alias
    matches its canonical name); ``-p PARAM=VALUE`` sets PARAM of every listed
    activation that has such a parameter, and is an error when none has.
    """
    canonical = [_act.resolve_name(n)[0] for n in names]
    out: list[dict] = [{} for _ in names]
    for key, value in given:
        target, sep, param = key.rpartition(":")
        if sep:
            who = _act.resolve_name(target.strip())[0]
            hits = [i for i, c in enumerate(canonical) if c == who]
            if not hits:
                raise ParameterError(f"-p {key}=...: {target.strip()!r} is not among the "
                                     f"activations to plot ({', '.join(names)})")
        else:
            hits = [i for i, c in enumerate(canonical)
                    if any(p.name == param for p in _act.REGISTRY[c].params)]
            if not hits:
                raise ParameterError(
                    f"-p {param}=...: none of {', '.join(names)} has a parameter {param!r}; "
                    f"use NAME:PARAM=VALUE to set one activation's parameter")
        for i in hits:
            out[i][param.strip()] = value
    return out


GATE_CHOICES = ("and", "or", "not", "nand", "nor", "xor", "xnor")
GATE_MAX_INPUTS = 12
"""``gate`` prints a truth table of at most this many inputs (4,096 rows, a fraction of
a second): 24 inputs took minutes and gigabytes for 16.8 million rows no one reads."""
# the gates no single MP neuron computes: the three neurons of their two-layer networks
# (nk.xor_network, nk.xnor_network)
_TWO_LAYER_GATES = {"xor": ("OR", "NAND", "AND"), "xnor": ("AND", "NOR", "OR")}


def cmd_gate(args: argparse.Namespace) -> int:
    """Print the MP neuron of a logic gate and its truth table (XOR, XNOR: the 2-layer
    network)."""
    from . import neurons
    from .datasets import logic_gate

    name, n_inputs = _gate_args(args)
    X, y = logic_gate(name, n_inputs)
    if name in _TWO_LAYER_GATES:
        labels = _TWO_LAYER_GATES[name]
        sep = neurons.linear_separability(X, y)
        unit = {"xor": neurons.xor_network, "xnor": neurons.xnor_network}[name]()
        print(f"{name.upper()}: no single MP neuron computes it ({sep.reason}).")
        print(f"Two-layer MP network: h1 = {labels[0]}(x), h2 = {labels[1]}(x), "
              f"y = {labels[2]}(h1, h2)")
        units = (unit.layers[0][0], unit.layers[0][1], unit.layers[1][0])
        for label, n in zip(labels, units, strict=True):
            print(f"  {label:4s} weights {n.weights.tolist()}, bias {n.bias:g}")
    else:
        unit = neurons.MPNeuron.gate(name, n_inputs)
        print(f"{name.upper()}: MP neuron y = 1 if w.x + b > 0 else 0, with "
              f"w = {unit.weights.tolist()}, b = {unit.bias:g}")
    out = np.asarray(unit(X)).reshape(-1)
    cols = [f"x{i + 1}" for i in range(X.shape[1])]
    rows = [[*map(str, row), str(o), "ok" if o == t else "WRONG"]
            for row, o, t in zip(X.astype(np.int64).tolist(), out.tolist(), y.tolist(),
                                 strict=True)]
    print(_table(rows, [*cols, "y", "check"]))
    return 0


def _gate_args(args: argparse.Namespace) -> tuple[str, int]:
    """The gate's name and number of inputs, checked before any table is built."""
    from .neurons import gate_inputs

    name = args.gate.strip().lower()
    if name not in GATE_CHOICES:
        raise unknown_name("gate", args.gate, GATE_CHOICES)
    if name == "not" and args.inputs not in (None, 1):
        raise ParameterError(f"NOT takes one input, not {args.inputs} (leave out --inputs)")
    if name in _TWO_LAYER_GATES and args.inputs not in (None, 2):
        raise ParameterError(f"the two-layer MP network for {name.upper()} takes 2 inputs, "
                             f"not {args.inputs}")
    if args.inputs is not None and args.inputs > GATE_MAX_INPUTS:
        raise ParameterError(
            f"gate prints truth tables of at most {GATE_MAX_INPUTS} inputs "
            f"({2 ** GATE_MAX_INPUTS:,} rows); {args.inputs} inputs would be "
            f"{2 ** args.inputs:,} rows")
    return name, gate_inputs(name, args.inputs)


# dataset -> (loader(samples, noise, seed), epochs, batch size, learning rate)
_TRAIN_DATA = {
    "xor": (lambda n, noise, seed: _xor_data(n, noise, seed), 500, 4, 0.05),
    "moons": (lambda n, noise, seed: _ds().two_moons(
        _or(n, 300), _or(noise, 0.1), seed=seed), 200, 32, 0.01),
    "circles": (lambda n, noise, seed: _ds().circles(
        _or(n, 300), _or(noise, 0.05), seed=seed), 200, 32, 0.01),
    "spirals": (lambda n, noise, seed: _ds().spirals(
        _or(n, 300), noise=_or(noise, 0.05), seed=seed), 400, 32, 0.01),
    "digits": (lambda n, noise, seed: _digits(), 30, 32, 0.005),
}
# dataset -> the shape of its default data: (samples, features, classes)
_TRAIN_SHAPE = {"xor": (4, 2, 2), "moons": (300, 2, 2), "circles": (300, 2, 2),
                "spirals": (300, 2, 2), "digits": (1797, 64, 10)}
TRAIN_MEMORY_LIMIT = 4 << 30
"""``train`` refuses networks whose training needs more than this many bytes (about)."""


def _or(value, default):
    return default if value is None else value


def _ds():
    from . import datasets

    return datasets


def _xor_data(n, noise, seed):
    if n is None:
        return _ds().xor()
    return _ds().xor(n, _or(noise, 0.1), seed=seed)


def _digits():
    try:
        return _ds().load_digits()
    except ImportError as exc:
        raise ParameterError(str(exc).replace("\n", " ")) from None


def _hidden(text: str) -> tuple[int, ...]:
    """Hidden layer sizes from "8,8" (spaces allowed); an empty size ("8,,8", "8,") is
    an error, not a layer left out."""
    parts = text.replace(" ", "").split(",")
    try:
        sizes = tuple(int(v) for v in parts)
    except ValueError:
        sizes = ()
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(
            f"expected hidden layer sizes like 8,8 (integers >= 1 separated by commas), "
            f"got {text!r}")
    return sizes


def cmd_train(args: argparse.Namespace) -> int:
    """Train a network on a built-in data set; report accuracy; save and plot on request.

    Everything that can be checked before training is (the files to write, the size
    of the network); Ctrl-C stops it with one line that says what became of the save
    file (exit status 130)."""
    save_path = _save_path(_named(args.save, "--save"))
    existed = save_path is not None and save_path.exists()
    try:
        return _train(args, save_path)
    except KeyboardInterrupt:
        if save_path is None:
            raise _Interrupted("interrupted; nothing was saved") from None
        if existed:
            raise _Interrupted(f"interrupted; {save_path} was left as it was") from None
        raise _Interrupted(f"interrupted; nothing was written to {save_path}") from None


class _Interrupted(Exception):
    """Ctrl-C, with the one line to print (exit status 130)."""


def _train(args: argparse.Namespace, save_path: Path | None) -> int:
    """The work of :func:`cmd_train`: the checks, the data, the network, the fit, then
    the save file and the plot."""
    import time

    from . import plotting

    load, epochs, batch, lr = _train_settings(args)
    plot_path = _figure_path(_named(args.plot, "--plot"), "x.png") if args.plot is not None \
        else None
    _check_size(args)
    X, y = load(args.samples, args.noise, args.seed)
    classes = int(np.max(y)) + 1
    act = _act.activation(args.activation, **dict(args.param or []))
    net, loss = _classifier(X.shape[1], args.hidden, classes, act, args.seed, args.dtype)
    X_tr, X_te, y_tr, y_te = _holdout_split(X, y, args.seed)
    print(f"{args.data}: {len(X)} samples, {X.shape[1]} features, {classes} classes; "
          f"{net!r}")
    print(f"training {epochs} epoch{'' if epochs == 1 else 's'}, {args.optimizer}, "
          f"learning rate {lr:g}, batch {batch}, "
          f"seed {args.seed} ...", flush=True)
    t0 = time.perf_counter()
    hist = net.fit(X_tr, y_tr, loss=loss, optimizer=args.optimizer, learning_rate=lr,
                   epochs=epochs, batch_size=batch, seed=args.seed, progress=args.progress)
    seconds = time.perf_counter() - t0
    _print_fit(net, hist, (X_tr, y_tr), (X_te, y_te), seconds)
    if save_path is not None:
        try:
            net.save(save_path)
        except OSError as exc:  # never name the temporary file the save writes first
            raise NeuronkitError(f"cannot save the network to {save_path}: "
                                 f"{exc.strerror or exc}") from None
        print(f"saved the network to {save_path} (load it with nk.Network.load)")
    if plot_path is not None:
        try:
            fig = plotting.plot_training(net, X, y, hist,
                                         title=f"{args.data}: hidden {list(args.hidden)}, "
                                               f"{act.name}")
            written = plotting.save_figures(fig, plot_path)
        except KeyboardInterrupt:
            saved = "" if save_path is None else f"; the network was saved to {save_path}"
            raise _Interrupted(f"interrupted while plotting{saved}") from None
        print(_wrote_figures(written))
    return 0


def _train_settings(args: argparse.Namespace) -> tuple[Callable, int, int, float]:
    """The data set's loader, epochs, batch size and learning rate; given options win.
    Checked here, before anything is printed or drawn."""
    from .checks import check_positive_int

    load, epochs, batch, lr = _TRAIN_DATA[args.data]
    epochs = check_positive_int("--epochs", _or(args.epochs, epochs))
    batch = check_positive_int("--batch-size", _or(args.batch_size, batch))
    lr = _or(args.learning_rate, lr)
    if not (math.isfinite(lr) and lr > 0):
        raise ParameterError(f"--learning-rate must be a finite number > 0, got {lr:g}")
    return load, epochs, batch, lr


def _save_path(text: str | None) -> Path | None:
    """The file to save the network to, or None; checked to be writable (see
    :func:`_writable`)."""
    return None if text is None else _writable(Path(text))


def _check_size(args: argparse.Namespace) -> None:
    """Refuse, before anything is allocated, a network whose training needs more than
    :data:`TRAIN_MEMORY_LIMIT` (``--hidden 100000,100000`` once tried to allocate
    74.5 GiB).  The estimate counts 8 (float64) or 4 (float32) bytes per parameter for
    the weights, their
    gradient, the flat copies training keeps and the optimizer's state, and per
    sample and unit for the values a full pass over the data holds."""
    samples, features, classes = _TRAIN_SHAPE[args.data]
    if args.samples is not None and args.data != "digits":  # digits: the 1797 images
        samples = args.samples
    sizes = (features, *args.hidden, 1 if classes == 2 else classes)
    params = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    copies = 5 + {"sgd": 0, "momentum": 1, "adam": 2}[args.optimizer]
    need = np.dtype(args.dtype).itemsize * (params * copies + 3 * samples * sum(sizes))
    if need > TRAIN_MEMORY_LIMIT:
        hidden = ",".join(map(str, args.hidden))
        raise ParameterError(
            f"a network with hidden layers {hidden} has {params:,} parameters and needs "
            f"about {_size_text(need)} to train on {samples:,} samples; train stops at "
            f"{_size_text(TRAIN_MEMORY_LIMIT)}: use a smaller network or fewer samples")


def _size_text(nbytes: int) -> str:
    """Bytes in the largest binary unit that keeps the number at least 1 ("4 GiB")."""
    for unit, shift in (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if nbytes >= 1 << shift:
            return f"{nbytes / (1 << shift):.3g} {unit}"
    return f"{nbytes} bytes"


def _classifier(features: int, hidden: tuple[int, ...], classes: int, act,
                seed: int, dtype: str = "float64") -> tuple[object, str]:
    """A network with *hidden* layers of *act* and a logistic or softmax output; its loss."""
    from .layers import Dense
    from .network import Network

    sizes = (features, *hidden)
    layers = [Dense(a, b, activation=act) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    if classes == 2:
        layers.append(Dense(sizes[-1], 1, activation="logistic"))
        loss = "binary_cross_entropy"
    else:
        layers.append(Dense(sizes[-1], classes, activation="softmax"))
        loss = "cross_entropy"
    return Network(layers, seed=seed, dtype=dtype), loss


def _holdout_split(X: np.ndarray, y: np.ndarray, seed: int) -> tuple:
    """(X_train, X_test, y_train, y_test): a stratified quarter held out, none under 20 rows."""
    from .datasets import train_test_split

    if len(X) >= 20:
        return train_test_split(X, y, 0.25, seed=seed, stratify=True)
    return X, None, y, None


def _print_fit(net, hist, train_data: tuple, test_data: tuple, seconds: float) -> None:
    """Print the loss at a few epochs, then the training (and test) accuracy and loss."""
    marks = sorted({0, len(hist.loss) // 4, len(hist.loss) // 2, len(hist.loss) - 1})
    print("loss by epoch: " + ", ".join(f"{i + 1}: {hist.loss[i]:.4g}" for i in marks))
    train = net.evaluate(*train_data)
    line = f"training accuracy {train['accuracy']:.1%} (loss {train['loss']:.4g})"
    if test_data[0] is not None:
        test = net.evaluate(*test_data)
        line += f", test accuracy {test['accuracy']:.1%} (loss {test['loss']:.4g})"
    print(line + f", {seconds:.1f} s")


def cmd_experiment(args: argparse.Namespace) -> int:
    """Run one experiment (or all), print its numbers and verdict, plot on request."""
    from . import experiments

    names = experiments.experiment_names() if args.name == "all" else [args.name]
    if args.plot and len(names) > 1:
        raise ParameterError("--plot needs a single experiment, not 'all'")
    plot_path = _figure_path(_named(args.plot, "--plot"), "x.png") if args.plot is not None \
        else None
    for name in names:
        result = experiments.run(name, seed=args.seed)
        print(f"claim: {experiments.CLAIMS[result.name]}")
        print(str(result))
        print("claim holds" if result.passed else "claim NOT confirmed")
        if plot_path is not None:
            from .plotting import save_figures

            print(_wrote_figures(save_figures(result.plot(), plot_path)))
    return 0


_TOUR_HEADER = Text("neuronkit tour: the source chapter section by section, every claim "
                    "measured (seed {seed}); report in {out}/",
                    "neuronkit 导览：按原文章节逐节进行，测量每个论断（随机种子 {seed}）；"
                    "报告写入 {out}/")


def cmd_tour(args: argparse.Namespace) -> int:
    """Walk through the source text, measured; write the HTML report and figures."""
    from . import report

    out, lang = report.report_folder(args.output), language(args.lang)  # checked first
    print(_TOUR_HEADER(lang, seed=args.seed, out=out), flush=True)
    report.tour(out, seed=args.seed, svg=not args.no_svg, lang=lang,
                echo=lambda line: print(line, flush=True))
    return 0


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve the interactive explorer in the browser until Ctrl-C."""
    from . import explorer  # lazily: the web framework is an optional extra

    missing = explorer.missing_dependencies()
    if missing:
        raise NeuronkitError(f"the explorer needs {', '.join(missing)}: install the extra "
                             f"with  {explorer.EXTRA_HINT}")
    try:
        explorer.serve(args.host, args.port, open_browser=not args.no_browser,
                       announce=lambda line: print(line, flush=True),
                       allow_origins=args.allow_origin or ())
    except ValueError as exc:  # a malformed --allow-origin
        raise NeuronkitError(str(exc)) from None
    except OSError as exc:
        raise NeuronkitError(f"cannot serve on {args.host}:{args.port}: "
                             f"{exc.strerror or exc}") from None
    except KeyboardInterrupt:
        pass
    print("neuronkit explorer stopped", flush=True)
    return 0


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is an integer >= 0, got {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is an integer in 0..65535, got {text!r}")
    return value


def cmd_config(args: argparse.Namespace) -> int:
    """Print :func:`neuronkit.show_config`'s text, or its dict as JSON."""
    import json

    from .config import show_config

    if args.json:
        print(json.dumps(show_config(file=None), indent=2))
    else:
        show_config(file=sys.stdout)
    return 0


def _one_of(kind: str, choices: Sequence[str],
            normalize: Callable[[str], str] = lambda t: t.strip().lower()) -> Callable:
    """An argparse type that accepts one of *choices* (after *normalize*) and otherwise
    names the closest ones: "unknown experiment 'dyingrelu'; did you mean 'dying-relu'?
    choose one of: ..." (argparse's own choices= says "invalid choice" only)."""
    def parse(text: str) -> str:
        name = normalize(text)
        if name not in choices:
            raise argparse.ArgumentTypeError(str(unknown_name(kind, name, choices)))
        return name

    parse.__name__ = kind  # argparse names the type in some messages
    return parse


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "audit": cmd_audit,
    "explore": cmd_explore,
    "plot": cmd_plot,
    "gate": cmd_gate,
    "train": cmd_train,
    "experiment": cmd_experiment,
    "tour": cmd_tour,
    "config": cmd_config,
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit status 2)."""

    def error(self, message: str):  # type: ignore[override]
        unknown = re.match(r"argument COMMAND: invalid choice: '([^']*)'", message)
        if unknown:  # an unknown command: the closest ones, as for every other name
            message = str(unknown_name("command", unknown[1], COMMANDS))
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``neuronkit`` command."""
    parser = _Parser(
        prog="neuronkit", description="Artificial neurons and activation functions."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    listing = sub.add_parser("list", help="table of every activation function and its properties",
                             description="Print every activation function of the catalogue "
                             "with its aliases, parameters, range, whether it is zero-centred "
                             "and monotonic, where it saturates, and what it is.")
    listing.add_argument("--markdown", action="store_true",
                         help="the README's catalogue table (Markdown) instead")
    show = sub.add_parser("show", help="formula, derivative, properties and values of one",
                          description="Print one activation function's formula and "
                          "derivative, its declared properties (range, zero-centring, "
                          "monotonicity, saturation, smoothness, kinks) and f, f' at a few "
                          "points.")
    show.add_argument("name", help="activation name or alias (see 'neuronkit list')")
    show.add_argument("-p", "--param", action="append", type=_parse_param, metavar="NAME=VALUE",
                      help="set a parameter, e.g. -p negative_slope=0.1 (repeatable)")
    explore = sub.add_parser("explore", help="interactive explorer in the browser "
                             "(activations, neuron, playground)",
                             description="Serve the interactive explorer and open it in the "
                             "browser: activations and their derivatives on sliders, the MP "
                             "and general neuron with their decision lines, and a playground "
                             "that trains a network live.  Listens on this machine only "
                             "unless --host is given; Ctrl-C stops it.  Needs the extra: pip "
                             "install 'neuronkit[explore]'.")
    explore.add_argument("--port", type=_port, default=None,
                         help="TCP port (default: a free one)")
    explore.add_argument("--host", default="127.0.0.1",
                         help="interface to bind (default 127.0.0.1, this machine only)")
    explore.add_argument("--allow-origin", action="append", metavar="ORIGIN",
                         help="also accept pages from ORIGIN, scheme://host[:port] "
                              "(e.g. a reverse proxy; repeatable)")
    explore.add_argument("--no-browser", action="store_true",
                         help="do not open the page in a browser")
    _add_figure_commands(sub)
    _add_installation_commands(sub)
    return parser


def _add_installation_commands(sub) -> None:
    """The sub-commands audit (another library's formulas, measured) and config."""
    aud = sub.add_parser("audit", help="measure another library's formula of an activation "
                         "(ULP error over the whole float range)",
                         description="Measure an implementation of an activation (NumPy's "
                         "textbook formula or torch.nn.functional) against neuronkit's exact "
                         "one on every binade of the dtype: the worst ULP error and where, "
                         "the share of points beyond 1 ULP, results flushed to 0, NaN and "
                         "warnings (nk.audit).")
    aud.add_argument("name", help="activation name or alias")
    aud.add_argument("--library", choices=("numpy", "torch"), default="numpy",
                     help="whose formula: the textbook one in numpy (default) or "
                          "torch.nn.functional (autograd for the derivative)")
    aud.add_argument("--derivative", action="store_true", help="audit f' instead of f")
    aud.add_argument("--dtype", choices=("float16", "float32", "float64"), default="float32",
                     help="the dtype of the points (default float32)")
    aud.add_argument("-p", "--param", action="append", type=_parse_param, metavar="NAME=VALUE",
                     help="set a parameter (torch formulas), e.g. -p beta=2 (repeatable)")
    aud.add_argument("--plot", metavar="PATH", help="also draw error against x to a .png/.svg")
    config = sub.add_parser("config", help="what this installation runs on (kernels, "
                            "threads, versions, optional array libraries)",
                            description="Print what this installation runs on: the version, "
                            "whether the compiled kernels are in use and for which "
                            "instruction set, threads, buffer cache, NumPy/SciPy and the "
                            "optional array libraries found (nk.show_config()).")
    config.add_argument("--json", action="store_true",
                        help="print the same as JSON (the dict show_config returns)")


def _add_figure_commands(sub) -> None:
    """The sub-commands plot, gate, train, experiment and tour."""
    from .experiments import experiment_names

    plot = sub.add_parser("plot", help="plot activations (and derivatives) to PNG or SVG",
                          description="Plot one activation, or several overlaid, or 'all' "
                          "in a grid; f solid, f' dashed.")
    plot.add_argument("names", nargs="+", metavar="NAME",
                      help="activation names or aliases, each optionally with its "
                           "parameters (leaky_relu:negative_slope=0.3), or 'all' for the grid")
    plot.add_argument("--derivative", action="store_true", help="also draw f' (dashed)")
    plot.add_argument("-o", "--output", metavar="FILE",
                      help="output file, .png or .svg (default NAME.png); the other "
                           "format is written beside it")
    plot.add_argument("-p", "--param", action="append", type=_parse_param,
                      metavar="[NAME:]PARAM=VALUE",
                      help="set a parameter: of the activation NAME (leaky_relu:"
                           "negative_slope=0.3), or of every listed one that has PARAM "
                           "(repeatable)")
    plot.add_argument("--xlim", nargs=2, type=float, metavar=("LO", "HI"),
                      help="x-range (default: one that shows each activation's features)")
    plot.add_argument("--ylim", nargs=2, type=float, metavar=("LO", "HI"),
                      help="y-range (default: what the curves need)")
    gate = sub.add_parser("gate", help="a logic gate as a McCulloch-Pitts neuron",
                          description="Print the MP neuron (weights, bias) of a logic gate "
                          "and its truth table; XOR and XNOR need two layers.")
    gate.add_argument("gate", metavar="GATE", help="AND, OR, NOT, NAND, NOR, XOR or XNOR")
    gate.add_argument("--inputs", type=int, default=None, metavar="N",
                      help="number of inputs of AND, OR, NAND, NOR (default 2, at most 12); "
                      "NOT takes 1, XOR and XNOR 2")
    _add_train_command(sub)
    exp = sub.add_parser("experiment", help="run one of the source's claims as an experiment",
                         description="Run an experiment, print its numbers and verdict. "
                         "Names: " + ", ".join(experiment_names()) + ", or 'all'.")
    exp.add_argument("name", metavar="NAME", help="experiment name, or 'all'",
                     type=_one_of("experiment", [*experiment_names(), "all"],
                                  lambda text: text.strip().lower().replace("_", "-")))
    exp.add_argument("--seed", type=_seed, default=0, help="seed (default 0)")
    exp.add_argument("--plot", metavar="FILE", help="write the figure, .png or .svg")
    tour = sub.add_parser("tour", help="walk through the source, measured: writes a report",
                          description="The MP neuron, the general neuron, the activations "
                          "and every claim, measured; writes DIR/report.html and "
                          "DIR/figures/.")
    tour.add_argument("-o", "--output", default="neuronkit-report", metavar="DIR",
                      help="report folder (default ./neuronkit-report)")
    tour.add_argument("--seed", type=_seed, default=0, help="seed of the experiments")
    tour.add_argument("--no-svg", action="store_true", help="write PNG figures only")
    tour.add_argument("--lang", type=_one_of("language", ("en", "zh")), default=None,
                      help="language of the report, the figures and these lines: en (English) "
                      "or zh (简体中文); default from the locale (LANG=zh_CN.UTF-8 gives zh)")


def _add_train_command(sub) -> None:
    """The sub-command train: data set, network, optimiser, and what to write."""
    train = sub.add_parser("train", help="train a network on a built-in data set",
                           description="Train a feed-forward network (logistic or softmax "
                           "output) on a built-in data set and report its accuracy.")
    train.add_argument("--data", required=True, metavar="NAME",
                       type=_one_of("data set", sorted(_TRAIN_DATA)),
                       help="the data set: " + ", ".join(sorted(_TRAIN_DATA)))
    train.add_argument("--hidden", type=_hidden, default=(8, 8), metavar="N,N,...",
                       help="hidden layer sizes (default 8,8); networks that need more "
                       "than 4 GiB to train are refused")
    train.add_argument("--activation", default="tanh", metavar="NAME",
                       help="hidden activation (default tanh)")
    train.add_argument("-p", "--param", action="append", type=_parse_param,
                       metavar="NAME=VALUE", help="set a parameter of the activation")
    train.add_argument("--epochs", type=int, default=None, metavar="N",
                       help="passes over the training data, >= 1 (default: per data set)")
    train.add_argument("--learning-rate", "--lr", type=float, default=None, metavar="LR",
                       dest="learning_rate",
                       help="the optimizer's step size, > 0 (default: per data set)")
    train.add_argument("--batch-size", type=int, default=None, metavar="N",
                       help="samples per step, >= 1 (default: per data set)")
    train.add_argument("--optimizer", default="adam", metavar="NAME",
                       type=_one_of("optimizer", ("sgd", "momentum", "adam")),
                       help="sgd, momentum or adam (default adam)")
    train.add_argument("--dtype", default="float64", metavar="DTYPE",
                       type=_one_of("dtype", ("float64", "float32")),
                       help="what the network trains in: float64 (default) or float32")
    train.add_argument("--samples", type=int, default=None, metavar="N",
                       help="number of samples to draw (default 300; xor: the 4-row table)")
    train.add_argument("--noise", type=float, default=None, help="noise of the data set")
    train.add_argument("--seed", type=_seed, default=0,
                       help="seed of data, weights, shuffling (an integer >= 0)")
    train.add_argument("--save", metavar="FILE", help="save the trained network (.nk); "
                       "checked before training, and left as it was on Ctrl-C")
    train.add_argument("--plot", metavar="FILE",
                       help="decision boundary and training curves, .png or .svg")
    train.add_argument("--progress", action="store_true", help="show a progress bar")


_ERROR = Text("{command}: error: {message}", "{command}：错误：{message}")
_INTERRUPTED = Text("{command}: interrupted", "{command}：已中断")
# the system's words for the file errors a run meets most, in Chinese as glibc's zh_CN
_OS_ERRORS_ZH = {
    errno.ENOENT: "没有那个文件或目录", errno.ENOTDIR: "不是目录", errno.EISDIR: "是一个目录",
    errno.EACCES: "权限不够", errno.EPERM: "不允许的操作", errno.EEXIST: "文件已存在",
    errno.ENOSPC: "设备上没有空间", errno.EROFS: "只读文件系统",
}


def _os_error_text(exc: OSError, lang: str) -> str:
    """What went wrong with a file, in *lang* where it is one of the common errors."""
    words = _OS_ERRORS_ZH.get(exc.errno) if lang == "zh" else None
    words = words or exc.strerror or str(exc)
    sep = "：" if lang == "zh" else ": "
    return f"{words}{sep}{exc.filename}" if getattr(exc, "filename", None) else words


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Errors are one line on standard error; the tour's are in its language (the frame
    and the common file errors; neuronkit's own messages stay English)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = language(getattr(args, "lang", None)) if args.command == "tour" else "en"
    command = f"neuronkit {args.command}"
    try:
        return COMMANDS[args.command](args)
    except _Interrupted as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(_INTERRUPTED(lang, command=command), file=sys.stderr)
        return 130
    except NeuronkitError as exc:
        print(_ERROR(lang, command=command, message=exc), file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `neuronkit list | head`
        return 0
    except OSError as exc:  # a file that cannot be written or read
        print(_ERROR(lang, command=command, message=_os_error_text(exc, lang)),
              file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
