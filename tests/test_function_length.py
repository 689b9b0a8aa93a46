"""Every Python function of the package is shorter than 60 lines.

A function over ~60 lines is a sign that it holds more than one step (design notes,
section 1). A function's length is its lines of code: from the ``def`` line to its
last line, nested functions included, its docstring and decorators excluded (a
numpydoc docstring with every parameter is documentation, not a step; the issue that
set the limit counted this way). Methods and nested functions are measured on their
own too.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import neuronkit

LIMIT = 60  # a function must be shorter than this
PACKAGE = Path(neuronkit.__file__).resolve().parent  # src/neuronkit in a checkout


def function_lengths(source: str, filename: str = "<string>") -> list[tuple[str, int, int]]:
    """(qualified name, first line, length) of every function and method in *source*."""
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                length = child.end_lineno - child.lineno + 1
                doc = child.body[0]
                if (isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
                        and isinstance(doc.value.value, str)):
                    length -= doc.end_lineno - doc.lineno + 1
                found.append((name, child.lineno, length))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source, filename=filename), "")
    return found


def package_functions() -> list[tuple[str, int]]:
    """("path:line name", length) of every function under the package folder."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        for name, line, length in function_lengths(path.read_text(encoding="utf-8"), str(path)):
            out.append((f"{rel}:{line} {name}", length))
    return out


def test_the_count_excludes_decorators_and_docstrings_and_includes_nested_functions():
    source = textwrap.dedent('''
        import functools

        @functools.lru_cache
        def outer():
            """Doc,
            on two lines."""
            def inner():
                return 1
            return inner

        class C:
            async def method(self):
                pass
    ''')
    assert function_lengths(source) == [("outer", 5, 4), ("outer.inner", 8, 2),
                                        ("C.method", 13, 2)]


def test_the_walk_sees_the_whole_package():
    names = {where.split(" ", 1)[1] for where, _ in package_functions()}
    assert len(names) > 200
    assert {"analyze", "Analysis.mismatches", "render_html", "main", "fit"} <= names


def test_every_function_is_shorter_than_60_lines():
    long = sorted(((length, where) for where, length in package_functions()
                   if length >= LIMIT), reverse=True)
    assert not long, (
        f"{len(long)} function(s) of {LIMIT} lines or more (split them into named steps):\n"
        + "\n".join(f"  {length:4d}  {where}" for length, where in long))
