"""Test dependencies: skip a test module when one is missing, but fail under CI.

A module guarded by ``pytest.importorskip`` vanishes from the results without a word
when its dependency is missing; locally that is a convenience, in CI it hides a broken
environment.  :func:`need` skips locally and fails when the ``CI`` environment variable
is set (as CI services and ``.ci/run`` do).
"""

from __future__ import annotations

import importlib
import os

import pytest

INSTALL_HINT = "pip install -e '.[test]'"


def in_ci() -> bool:
    """Whether the tests run under CI (``CI`` set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need(*modules: str) -> None:
    """Import each of *modules*; if one is missing, skip the module (fail under CI)."""
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if not missing:
        return
    why = f"{', '.join(missing)} not installed ({INSTALL_HINT})"
    if in_ci():
        pytest.fail(f"a test dependency is missing under CI: {why}", pytrace=False)
    pytest.skip(why, allow_module_level=True)
