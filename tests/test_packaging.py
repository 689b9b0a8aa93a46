"""Packaging: the optional extension's build falls back with one clear warning, and (opt in,
NEURONKIT_TEST_WHEEL=1, a few minutes) the built wheel installs without a compiler into a
fresh environment and runs its compiled kernels with its package data."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import neuronkit as nk

ROOT = Path(__file__).resolve().parents[1]
WARNING = "neuronkit: the optional compiled kernels could not be built"


def test_without_a_compiler_the_build_warns_once_and_succeeds(tmp_path):
    env = {**os.environ, "CC": "false"}  # a "compiler" that always fails
    proc = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--build-lib", str(tmp_path / "lib"),
         "--build-temp", str(tmp_path / "tmp")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout + proc.stderr
    assert text.count(WARNING) == 1, text
    assert "the compiler 'false' returned non-zero exit status" in text
    assert "NumPy kernels" in text and "nk.show_config()" in text
    assert not list(tmp_path.rglob("_ckernels*"))  # nothing half-built was left


SMOKE = textwrap.dedent("""
    import json, os, numpy as np, neuronkit as nk
    from neuronkit import explorer
    static = os.path.join(os.path.dirname(explorer.__file__), "static")
    x = np.linspace(-40, 40, 1001)
    print(json.dumps({"file": nk.__file__, "config": nk.show_config(file=None),
                      "static": sorted(os.listdir(static)),
                      "gelu": nk.activation("gelu")(x).tolist()}))
""")


@pytest.mark.skipif(os.environ.get("NEURONKIT_TEST_WHEEL") != "1",
                    reason="building and installing the wheel takes minutes: set "
                    "NEURONKIT_TEST_WHEEL=1 to run it")
def test_the_built_wheel_installs_without_a_compiler_and_runs(tmp_path):
    import json

    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no sources

    def sh(*cmd, **kw):
        return subprocess.run(cmd, check=True, capture_output=True, text=True,
                              env=kw.pop("env", clean), **kw)

    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
       str(tmp_path / "dist"), str(ROOT))
    (wheel,) = (tmp_path / "dist").glob("neuronkit-*.whl")
    sh(sys.executable, "-m", "venv", str(tmp_path / "venv"))
    python = tmp_path / "venv" / "bin" / "python"
    sh(str(python), "-m", "pip", "install", "-q", str(wheel),
       env={**clean, "CC": "false"})
    out = sh(str(python), "-c", SMOKE, cwd=tmp_path).stdout
    got = json.loads(out)
    assert got["file"].startswith(str(tmp_path / "venv"))  # the wheel's, not the sources
    assert got["config"]["compiled"] and got["config"]["compiled_in_use"]
    assert got["static"] == sorted(os.listdir(ROOT / "src/neuronkit/explorer/static"))
    x = np.linspace(-40, 40, 1001)
    np.testing.assert_array_equal(got["gelu"], nk.activation("gelu")(x))
