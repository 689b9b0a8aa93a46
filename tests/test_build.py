"""setup.py's build of the optional C extension, with stand-in compilers (fast: nothing
is really compiled).

The extension is optional: without a working compiler the install must succeed, say
once what that means, and leave neuronkit on its NumPy kernels.  Its five C files are
compiled side by side (setuptools compiles one extension's files one after another) and
without debug information.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["_ckernels.c", "_ckernels_avx2.c", "_ckernels_avx512.c", "_buffers.c",
           "_parallel.c"]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell stand-ins")


def _tree(tmp_path: Path) -> Path:
    """A copy of what setup.py builds from, without a built extension."""
    tree = tmp_path / "tree"
    (tree / "src").mkdir(parents=True)
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src" / "neuronkit", tree / "src" / "neuronkit",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    return tree


def _build(tree: Path, *options: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("CFLAGS", "LDSHARED")}
    return subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace",
                           *options], cwd=tree, env={**environ, **env},
                          capture_output=True, text=True, timeout=300)


def _built(tree: Path) -> list[str]:
    return sorted(p.name for p in (tree / "src" / "neuronkit").glob("_ckernels*.so"))


@pytest.mark.parametrize("compiler", ["false", "no-such-compiler-cc"])
def test_without_a_compiler_the_install_warns_once_and_goes_on(compiler, tmp_path):
    # a failed compile once left setuptools' one-line note naming neither the
    # consequence nor the remedy
    tree = _tree(tmp_path)
    run = _build(tree, CC=compiler)
    assert run.returncode == 0, run.stderr
    warnings = [ln for ln in run.stderr.splitlines() if "C extension" in ln]
    assert len(warnings) == 1, run.stderr
    assert warnings[0].startswith("WARNING: neuronkit's C extension was not built")
    assert "NumPy kernels: the same results, slower" in warnings[0]
    assert "install a C compiler" in warnings[0] and "nk.show_config()" in warnings[0]
    assert 'building extension "neuronkit._ckernels" failed' not in run.stderr
    assert _built(tree) == []


STAND_IN = """#!/bin/sh
# a stand-in compiler: logs its arguments, waits (up to 20 s) until a second compile
# has started, then writes an empty output file
out=""; prev=""
for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
echo "$*" >> "$NK_LOG"
case " $* " in *" -c "*)
  : > "$NK_MARKS/$(basename "$out")"
  i=0
  while [ "$(ls "$NK_MARKS" | wc -l)" -lt 2 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
  [ "$(ls "$NK_MARKS" | wc -l)" -lt 2 ] && echo "ALONE $out" >> "$NK_LOG"
;; esac
: > "$out"
"""


def test_the_files_compile_side_by_side_without_debug_information(tmp_path):
    tree = _tree(tmp_path)
    cc = tmp_path / "cc"
    cc.write_text(STAND_IN)
    cc.chmod(0o755)
    (tmp_path / "marks").mkdir()
    log = tmp_path / "log"
    run = _build(tree, "-j", "2", CC=str(cc), LDSHARED=f"{cc} -shared",
                 NK_LOG=str(log), NK_MARKS=str(tmp_path / "marks"))
    assert run.returncode == 0, run.stderr
    calls = log.read_text().splitlines()
    assert not [c for c in calls if c.startswith("ALONE")], calls  # each had company
    compiles = [c.split() for c in calls if " -c " in f" {c} "]
    compiled = sorted(Path(args[args.index("-c") + 1]).name for args in compiles)
    assert compiled == sorted(SOURCES)  # each file once
    for args in compiles:  # the last -g option wins: no debug information
        assert [a for a in args if a.startswith("-g")][-1] == "-g0", args
        assert {"-O3", "-fno-math-errno", "-fno-trapping-math",
                "-ffp-contract=off"} <= set(args)
    assert len(calls) == len(SOURCES) + 1  # and one link
