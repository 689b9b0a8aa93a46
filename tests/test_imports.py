"""Imports flow one way (design notes, section 1): no cycle among neuronkit's modules,
lazy imports inside functions included, and ``import neuronkit`` stays light.

The graph is read from the source with :mod:`ast`, not from ``sys.modules``, so an
import inside a function that no test happens to call counts as much as one at the
top of a module.  An edge goes from a module to the neuronkit module it names:

- ``import neuronkit.x.y`` and ``from neuronkit.x import y``, relative forms resolved;
- ``from . import name``: to the submodule ``name`` if there is one, else to the
  package's ``__init__`` (``name`` is an attribute of it);
- ``importlib.import_module("neuronkit.x")`` and ``__import__("neuronkit.x")`` with a
  constant name: a string import is a dependency all the same.

Importing ``a.b`` also runs ``a/__init__``; that implicit edge is not counted (every
package's ``__init__`` imports its own submodules, so it would make every package a
cycle), only what the code names.

The same walk checks that no module imports another's private names or reads them
off an imported module (``from .x import _y``, ``x._y``); private *modules* of the
ground floor (``_engine``, ``_drawing``, ...) with public names are fine.  Private
attributes of objects (``net._theta``) cannot be seen without types: review them.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import neuronkit

ROOT = "neuronkit"


def _modules() -> dict[str, tuple[Path | None, bool]]:
    """Every module of the package: name -> (Python source or None, is a package)."""
    found: dict[str, tuple[Path | None, bool]] = {ROOT: (Path(neuronkit.__file__), True)}
    for info in pkgutil.walk_packages(neuronkit.__path__, ROOT + "."):
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec is not None else None
        source = Path(origin) if origin and origin.endswith(".py") else None
        found[info.name] = (source, info.ispkg)  # compiled extensions import nothing here
    return found


def _base(module: str, is_pkg: bool, level: int, name: str | None) -> str:
    """The absolute module a ``from`` import of *level* dots names."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    if not is_pkg:
        parts = parts[:-1]
    parts = parts[:len(parts) - (level - 1)]
    return ".".join(parts + ([name] if name else []))


def _target(name: str, known) -> str | None:
    """The longest known module that *name* (dotted) is or lies in."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _string_import(node: ast.Call, module: str, is_pkg: bool) -> str | None:
    """The module a constant-name ``import_module(...)``/``__import__(...)`` names."""
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called not in ("import_module", "__import__") or not node.args:
        return None
    arg = node.args[0]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        return None
    text = arg.value
    if text.startswith("."):
        level = len(text) - len(text.lstrip("."))
        return _base(module, is_pkg, level, text[level:] or None)
    return text


def _edges(module: str, path: Path, is_pkg: bool, known) -> list[tuple[str, int]]:
    """``(imported module, line)`` for every import of a neuronkit module in *module*."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, is_pkg, node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                names.append(sub if sub in known else base)
        elif isinstance(node, ast.Call):
            name = _string_import(node, module, is_pkg)
            names = [name] if name else []
        for name in names:
            target = _target(name, known) if name.split(".")[0] == ROOT else None
            if target is not None and target != module:
                out.append((target, node.lineno))
    return out


def import_graph() -> dict[str, dict[str, list[int]]]:
    """module -> {imported module: [lines]} over neuronkit's own modules."""
    mods = _modules()
    graph: dict[str, dict[str, list[int]]] = {m: {} for m in mods}
    for m, (path, is_pkg) in mods.items():
        for target, line in _edges(m, path, is_pkg, mods) if path else ():
            lines = graph[m].setdefault(target, [])
            if line not in lines:
                lines.append(line)
    return graph


def _components(graph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def _cycle_in(graph, comp: list[str]) -> list[str]:
    """One cycle through the first module of a component: a shortest path back to it."""
    inside = set(comp)
    start = comp[0]
    came: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(came[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if w in inside and w not in came:
                    came[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError("a strongly connected component without a cycle")  # pragma: no cover


def _step(graph, a: str, b: str) -> str:
    return f"  {a} -> {b} (line {', '.join(map(str, graph[a][b]))})"


def describe_cycles(graph) -> str:
    """For each group of modules that import each other: one cycle as ``a -> b (line n)``
    steps and, when the group is larger than that cycle, every import inside the group."""
    text = []
    for comp in _components(graph):
        cycle = _cycle_in(graph, comp)
        text.append(f"cycle among {len(comp)} modules ({', '.join(comp)}):")
        text += [_step(graph, a, b) for a, b in zip(cycle, cycle[1:], strict=False)]
        if len(comp) > len(cycle) - 1:
            text.append(" all imports inside this group:")
            text += [_step(graph, a, b) for a in comp for b in sorted(graph[a]) if b in comp]
    return "\n".join(text)


def test_the_graph_sees_lazy_relative_and_string_imports():
    graph = import_graph()
    assert "neuronkit.activations._core" in graph["neuronkit.activations"]  # from ._core import
    assert "neuronkit.errors" in graph["neuronkit.network"]
    assert "neuronkit.plotting" in graph["neuronkit"]
    src = "def f():\n    import importlib\n    return importlib.import_module('neuronkit.cli')\n"
    tree = ast.parse(src)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args)
    assert _string_import(call, "neuronkit.layers", False) == "neuronkit.cli"


def test_imports_flow_one_way():
    graph = import_graph()
    cycles = describe_cycles(graph)
    assert not cycles, "the import graph has cycles:\n" + cycles


def test_a_cycle_is_found_and_named():
    graph = {"a": {"b": [3]}, "b": {"c": [7]}, "c": {"a": [12]}, "d": {"a": [1]}}
    assert describe_cycles(graph) == (
        "cycle among 3 modules (a, b, c):\n"
        "  a -> b (line 3)\n  b -> c (line 7)\n  c -> a (line 12)"
    )


@pytest.mark.parametrize(("module", "added", "edge"), [
    ("neuronkit.network", "def _f():\n    from .serialization import save\n    return save\n",
     "neuronkit.network -> neuronkit.serialization"),
    ("neuronkit.experiments._base",
     "def _f():\n    import importlib\n    return importlib.import_module('neuronkit.plotting')\n",
     "neuronkit.experiments._base -> neuronkit.plotting"),
    ("neuronkit.neurons", "def _f():\n    from . import _figures\n    return _figures\n",
     "neuronkit.neurons -> neuronkit._figures"),
])
def test_an_upward_import_added_anywhere_is_a_cycle(tmp_path, module, added, edge):
    # the package's own graph, with one function added to one module's source
    mods = _modules()
    graph = import_graph()
    source, is_pkg = mods[module]
    changed = tmp_path / source.name
    changed.write_text(source.read_text(encoding="utf-8") + "\n\n" + added, encoding="utf-8")
    graph[module] = {}
    for target, line in _edges(module, changed, is_pkg, mods):
        graph[module].setdefault(target, []).append(line)
    assert f"  {edge} (line" in describe_cycles(graph)


def test_import_neuronkit_is_light():
    heavy = ("matplotlib", "starlette", "uvicorn", "websockets", "fastapi", "IPython",
             "latex2mathml", "torch", "jax", "dask", "xarray", "pandas", "array_api_compat")
    code = ("import sys, neuronkit\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    env = {**os.environ, "PYTHONPATH": str(Path(neuronkit.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "[]", f"import neuronkit imports {out.strip()}"


def _run_fresh(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(Path(neuronkit.__file__).parents[1])}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True).stdout.strip()


def test_the_upper_rooms_serve_the_lower_ones_in_a_fresh_interpreter():
    # a notebook that never imports plotting: the repr is drawn on first display, and
    # matplotlib is imported only then
    code = ("import sys, neuronkit as nk\n"
            "f = nk.activation('tanh')\n"
            "before = 'matplotlib' in sys.modules\n"
            "print(before, '<svg' in f._repr_svg_(), 'matplotlib' in sys.modules)")
    assert _run_fresh(code) == "False True True"


def test_every_hook_a_lower_module_uses_is_provided():
    from neuronkit import hooks, plotting, serialization, training

    provided = {"activation_svg": plotting.activation_svg,
                "activation_html": plotting.activation_html,
                "activation_latex": plotting.activation_latex,
                "plot_experiment": plotting.plot_experiment,
                "decision_boundary": plotting.plot_decision_boundary,
                "fit": training.fit, "save": serialization.save, "load": serialization.load}
    for name, function in provided.items():
        assert hooks.get(name) is function, name
    used = set()  # the constant names passed to hooks.get/hooks.lookup anywhere
    for path, _ in _modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if path else ():
            if (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and getattr(node.func, "attr", getattr(node.func, "id", None))
                    in ("get", "lookup")):
                used.add(node.args[0].value)
    assert set(provided) <= used


def _private_uses(module: str, path: Path, is_pkg: bool, known) -> list[str]:
    """``name (line n)`` for each private name of another neuronkit module that *module*
    imports (``from .x import _y``) or reads from an imported module (``x._y``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}  # local name -> neuronkit module it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _base(module, is_pkg, node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:
                    bound[alias.asname or alias.name] = sub
                elif base in known and base != module and alias.name.startswith("_") \
                        and not alias.name.startswith("__"):
                    found.append(f"from {base} import {alias.name} (line {node.lineno})")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known and alias.asname:
                    bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in bound and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            found.append(f"{bound[node.value.id]}.{node.attr} (line {node.lineno})")
    return found


def test_no_module_reads_another_modules_private_names():
    mods = _modules()
    found = [f"{m}: {use}" for m, (path, is_pkg) in mods.items() if path is not None
             for use in _private_uses(m, path, is_pkg, mods)]
    assert not found, "private names used across modules:\n" + "\n".join(found)


def _third_party_imports(path: Path) -> set[str]:
    """Top-level names of the packages outside neuronkit that *path* imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names - {ROOT}


def test_the_top_rooms_stay_on_top():
    # nothing imports cli; only cli imports the explorer; only plotting, report, cli and
    # the explorer import matplotlib or a web framework (design notes, section 1)
    graph = import_graph()
    explorer = {m for m in graph if m == f"{ROOT}.explorer" or m.startswith(f"{ROOT}.explorer.")}
    for m, deps in graph.items():
        assert f"{ROOT}.cli" not in deps, f"{m} imports neuronkit.cli"
        if m not in explorer | {f"{ROOT}.cli"}:
            assert not explorer & set(deps), f"{m} imports the explorer"
    heavy = {"matplotlib", "starlette", "uvicorn", "websockets", "fastapi"}
    allowed = {f"{ROOT}.plotting", f"{ROOT}.report", f"{ROOT}.cli"} | explorer
    for m, (path, _) in _modules().items():
        if path is not None and m not in allowed:
            found = heavy & _third_party_imports(path)
            assert not found, f"{m} imports {sorted(found)}"
