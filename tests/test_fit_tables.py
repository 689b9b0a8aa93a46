"""The coefficient tables of the C headers are what ``tools/fit_tables.py`` computes.

Each table (the exp, log1p and erfcx polynomials, GELU's and swish's float32 fits, the
float32 pieces of tanh, tanh' and logistic') is regenerated with mpmath and compared
with the literal in whichever header under ``src/neuronkit/`` declares it, **bit for
bit**: the fits are done in exact arithmetic at 128 bits (96 already give the same
doubles) and rounded once, so they do not depend on the machine, and any difference
means a hand edit or a changed fit. After changing a fit on purpose, run ``python
tools/fit_tables.py --write`` and check the accuracy (tests/test_vmath.py,
benchmarks/accuracy.py). fdlibm's Lg1..Lg7 (the float64 log1p) are fdlibm's published
values, checked against its words and its error bound. The module takes a few seconds
(most of it the 62 tanh pieces' centres and fits).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load():
    spec = importlib.util.spec_from_file_location("fit_tables", ROOT / "tools" / "fit_tables.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


fit_tables = _load()
NAMES = [t.name for t in fit_tables.TABLES]
generate = functools.cache(fit_tables.generate)  # in memory, for this module's tests


@pytest.mark.parametrize("name", NAMES)
def test_header_table_is_the_generated_one(name):
    new = generate(name)
    old = fit_tables.read(name)
    assert len(old) == len(new), (name, len(old), len(new))
    worst = max(map(fit_tables.ulps, new, old))
    assert old == new, (f"{name} differs from tools/fit_tables.py by up to {worst:.3g} ULP "
                        "of a coefficient: run `python tools/fit_tables.py --write`")


def test_fdlibm_log1p_coefficients_are_fdlibms(capsys):
    """Lg1..Lg7 of the float64 log1p are not refitted (see tools/fit_tables.py): they are
    fdlibm's published words, and meet fdlibm's stated bound 2**-58.45."""
    assert fit_tables.check_fdlibm(), capsys.readouterr().out


def test_check_and_write_find_tables_by_name(tmp_path, monkeypatch, capsys):
    """A table found in any header (here: one moved to a new file in a subfolder), a
    changed value reported by --check and restored by --write, the rest of the file
    untouched; a name declared twice is an error."""
    monkeypatch.setattr(fit_tables, "generate", lambda name, prec=None: generate(name))
    monkeypatch.setattr(fit_tables, "check_fdlibm", lambda headers: True)  # tested above
    source, headers = ROOT / "src" / "neuronkit", tmp_path / "neuronkit"
    for header in source.rglob("*.h"):
        (headers / header.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(header, headers / header.relative_to(source))
    moved = headers / "formulas" / "vmath_moved.h"
    moved.parent.mkdir()
    path, _ = fit_tables.locate("NK_LOG1P_LO", headers)
    path.rename(moved)
    assert fit_tables.locate("NK_LOG1P_LO", headers)[0] == moved

    original = moved.read_text()
    values = fit_tables.read("NK_LOG1P_LO", headers)
    values[3] = math.nextafter(values[3], math.inf)
    assert fit_tables.write("NK_LOG1P_LO", values, headers) == moved
    assert fit_tables.main(["--check", "--headers", str(headers)]) == 1
    assert "NK_LOG1P_LO  formulas/vmath_moved.h: DIFFERS (up to 1 ULP" in capsys.readouterr().out
    assert fit_tables.main(["--write", "--headers", str(headers)]) == 0
    assert moved.read_text() == original
    assert fit_tables.main(["--check", "--headers", str(headers)]) == 0

    (headers / "copy.h").write_text(original)
    with pytest.raises(LookupError, match="found 2"):
        fit_tables.locate("NK_LOG1P_LO", headers)
