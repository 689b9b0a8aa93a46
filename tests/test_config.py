"""nk.show_config() and `neuronkit config`: what this installation runs on."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy

import neuronkit as nk
from neuronkit import _compiled
from neuronkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_the_dict_states_the_versions_and_settings():
    info = nk.show_config(file=None)
    assert info["neuronkit"] == nk.__version__
    assert info["numpy"] == np.__version__ and info["scipy"] == scipy.__version__
    assert info["compiled"] == bool(_compiled.kernel_names())
    assert info["compiled_in_use"] == _compiled.available()
    assert info["instruction_set"] == _compiled.instruction_set()
    old = nk.set_num_threads(1)
    try:
        assert nk.show_config(file=None)["threads"] == 1
    finally:
        nk.set_num_threads(old)
    assert info["buffer_cache"]["limit"] == nk.get_buffer_cache().limit


def test_pyproject_states_the_same_version():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"$', text, re.M).group(1) == nk.__version__


def test_array_libraries_are_found_without_being_imported():
    code = ("import sys, neuronkit as nk\n"
            "info = nk.show_config(file=None)\n"
            "print(sorted(k for k in info['array_libraries'] if k in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(Path(nk.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "[]"
    found = nk.show_config(file=None)["array_libraries"]
    pandas = pytest.importorskip("pandas", reason="pandas is in the test extra")
    assert found["pandas"] == pandas.__version__


def test_a_library_that_is_not_installed_is_none(monkeypatch):
    monkeypatch.setitem(nk.config.ARRAY_LIBRARIES, "surely_not_installed_xyz", "xyz")
    info = nk.show_config(file=None)
    assert info["array_libraries"]["surely_not_installed_xyz"] is None
    text = nk.config.format_config(info)
    assert "surely_not_installed_xyz" in text.splitlines()[-1]  # the "not found" line


def test_the_text_says_which_kernels_run():
    text = io.StringIO()
    nk.show_config(file=text)
    lines = text.getvalue().splitlines()
    assert lines[0] == f"neuronkit {nk.__version__}"
    old = _compiled.set_enabled(False)
    try:
        off = io.StringIO()
        nk.show_config(file=off)
    finally:
        _compiled.set_enabled(old)
    kernels = [line for line in off.getvalue().splitlines() if "kernels:" in line][0]
    assert "NumPy" in kernels


def test_the_default_writes_to_standard_output(capsys):
    info = nk.show_config()
    out = capsys.readouterr().out
    assert out.startswith(f"neuronkit {nk.__version__}\n")
    assert f"numpy, scipy:   {info['numpy']}, {info['scipy']}" in out


def test_the_command_prints_the_text_or_json(capsys):
    assert main(["config"]) == 0
    assert capsys.readouterr().out.startswith("neuronkit ")
    assert main(["config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["neuronkit"] == nk.__version__ and "array_libraries" in data
