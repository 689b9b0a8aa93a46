"""The ``neuronkit`` command line.

Each sub-command is a function ``cmd_NAME(args) -> int`` registered in
:data:`COMMANDS`.  User errors (an unknown name, a bad parameter, a bad file)
print one line to stderr and exit with status 2; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import numpy as np

from . import activations as _act
from .errors import NeuronkitError

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


def cmd_list(args: argparse.Namespace) -> int:
    """Print a table of every activation and its declared properties."""
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


def cmd_show(args: argparse.Namespace) -> int:
    """Print the formula, derivative, properties and a few values of one activation."""
    f = _act.activation(args.name, **dict(args.param or []))
    p = f.properties
    print(repr(f))
    print(f"  {f.spec.summary}")
    print(f"  f(x)  = {f.formula}")
    print(f"  f'(x) = {f.derivative_formula}")
    print(f"  range {p.range_text()}, zero-centred: {_yes(p.zero_centered)}, "
          f"monotonic: {_yes(p.monotonic)}, saturation: {p.saturation}, "
          f"smoothness: {p.smoothness}, f'(0) = {p.derivative_at_zero:g}")
    if p.kinks:
        print("  kinks at " + ", ".join(f"{k:g}" for k in p.kinks))
    if p.learnable:
        print("  learnable in layers: " + ", ".join(p.learnable))
    xs = np.array([-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0])
    ys, ds = f.value_and_derivative(xs)
    rows = [[f"{x:g}", f"{y:.10g}", f"{d:.10g}"] for x, y, d in zip(xs, ys, ds, strict=False)]
    print(_table(rows, ["x", "f(x)", "f'(x)"]))
    return 0


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve the interactive explorer in the browser until Ctrl-C."""
    from . import explorer  # lazily: the web framework is an optional extra

    missing = explorer.missing_dependencies()
    if missing:
        raise NeuronkitError(f"the explorer needs {', '.join(missing)}: install the extra "
                             f"with  {explorer.EXTRA_HINT}")
    if not explorer.is_loopback(args.host):
        print(f"neuronkit explore: warning: serving on {args.host} exposes the explorer to "
              "the network", file=sys.stderr)
    try:
        explorer.serve(args.host, args.port, open_browser=not args.no_browser,
                       announce=lambda line: print(line, flush=True))
    except OSError as exc:
        raise NeuronkitError(f"cannot serve on {args.host}:{args.port}: "
                             f"{exc.strerror or exc}") from None
    except KeyboardInterrupt:
        pass
    print("neuronkit explorer stopped", flush=True)
    return 0


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is an integer in 0..65535, got {text!r}")
    return value


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "explore": cmd_explore,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``neuronkit`` command."""
    parser = argparse.ArgumentParser(
        prog="neuronkit", description="Artificial neurons and activation functions."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    sub.add_parser("list", help="table of every activation function and its properties")
    show = sub.add_parser("show", help="formula, derivative, properties and values of one")
    show.add_argument("name", help="activation name or alias (see 'neuronkit list')")
    show.add_argument("-p", "--param", action="append", type=_parse_param, metavar="NAME=VALUE",
                      help="set a parameter, e.g. -p negative_slope=0.1 (repeatable)")
    explore = sub.add_parser("explore", help="interactive explorer in the browser "
                             "(activations, neuron, playground)")
    explore.add_argument("--port", type=_port, default=None,
                         help="TCP port (default: a free one)")
    explore.add_argument("--host", default="127.0.0.1",
                         help="interface to bind (default 127.0.0.1, this machine only)")
    explore.add_argument("--no-browser", action="store_true",
                         help="do not open the page in a browser")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except NeuronkitError as exc:
        print(f"neuronkit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `neuronkit list | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
