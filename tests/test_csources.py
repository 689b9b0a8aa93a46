"""The C sources of the compiled kernels compile without a single warning, and the
AVX-512 kernels avoid an instruction form that is microcoded on AMD Zen 4.

Every ``.c`` file under ``src/neuronkit`` (and so every header they include, for each
instruction set) is compiled to an object file with ``gcc -Wall -Wextra -Werror`` and
setup.py's optimization flags.  At ``-O3``, not with ``-fsyntax-only``: some warnings
(``-Wmaybe-uninitialized``) come only from the optimizer, after inlining.  The files
are compiled side by side, once for the module, so this takes about as long as the
largest file.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "neuronkit").glob("*.c"))
# setup.py's extra_compile_args (test_setup_uses_these_flags keeps the two in step)
BUILD_FLAGS = ["-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"]
WARNING_FLAGS = ["-Wall", "-Wextra", "-Werror"]
GCC = shutil.which("gcc")
PYTHON_INCLUDE = sysconfig.get_paths()["include"]

pytestmark = [
    pytest.mark.skipif(GCC is None, reason="gcc is not installed: the C sources are not checked"),
    pytest.mark.skipif(not (Path(PYTHON_INCLUDE) / "Python.h").exists(),
                       reason="Python's C headers are not installed (Python.h)"),
]


def test_setup_uses_these_flags():
    text = (ROOT / "setup.py").read_text()
    for flag in BUILD_FLAGS:
        assert f'"{flag}"' in text, f"setup.py no longer builds with {flag}"


def _compile(source: Path, out_dir: Path) -> subprocess.CompletedProcess:
    cmd = [GCC, *WARNING_FLAGS, *BUILD_FLAGS, "-fPIC", "-I", PYTHON_INCLUDE,
           "-I", np.get_include(), "-c", str(source), "-o", str(out_dir / f"{source.stem}.o")]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """The object files' folder and each source's compilation, compiled once."""
    out_dir = tmp_path_factory.mktemp("objects")
    with ThreadPoolExecutor(max_workers=max(1, len(SOURCES))) as pool:
        results = list(pool.map(lambda source: _compile(source, out_dir), SOURCES))
    return out_dir, results


def test_c_sources_compile_without_warnings(compiled):
    assert SOURCES, "no C sources found"
    _, results = compiled
    problems = {source.name: result.stderr.strip() or f"exit status {result.returncode}"
                for source, result in zip(SOURCES, results, strict=True)
                if result.returncode != 0 or result.stderr.strip()}
    assert not problems, "\n\n".join(f"{name}:\n{text}" for name, text in problems.items())


OBJDUMP = shutil.which("objdump")
# AVX-512 compression straight to memory (vcompresspd, vpcompressd, ... with a memory
# operand) is microcoded on AMD Zen 4: in erfcx_block it took nearly half of float64
# GELU's time; the register form followed by a plain store runs at full speed
COMPRESS_TO_MEMORY = re.compile(r"\bvp?compress\w*\s+[^\n]*\(")


@pytest.mark.skipif(OBJDUMP is None, reason="objdump is not installed")
@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="not an x86-64 build")
def test_avx512_kernels_do_not_compress_straight_to_memory(compiled):
    out_dir, results = compiled
    result = results[[source.name for source in SOURCES].index("_ckernels_avx512.c")]
    assert result.returncode == 0, result.stderr
    listing = subprocess.run([OBJDUMP, "-d", "--no-show-raw-insn",
                              str(out_dir / "_ckernels_avx512.o")],
                             capture_output=True, text=True, check=True).stdout
    assert "vfmadd" in listing, "no AVX-512 kernels in the object: the check would be vacuous"
    found = [line.strip() for line in listing.splitlines() if COMPRESS_TO_MEMORY.search(line)]
    assert not found, ("compression straight to memory (microcoded on AMD Zen 4; use the "
                       "register form and a plain store):\n" + "\n".join(found[:10]))
