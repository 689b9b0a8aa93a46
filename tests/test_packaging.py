"""Packaging (opt in, NEURONKIT_TEST_WHEEL=1, a few minutes): the built wheel installs
without a compiler into a fresh environment and runs its compiled kernels with its package
data.  The build without a compiler (one clear warning, the NumPy kernels) is tested in
test_build.py."""

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
