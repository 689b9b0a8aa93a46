"""The explorer's tests run on what they really use, and never vanish silently in CI.

Starlette's TestClient uses httpx2 (since Starlette 1.2; plain httpx is deprecated there),
so an environment with httpx2 alone must run the protocol tests, and one without httpx2
must skip them locally with a reason, and fail under CI (``CI=true``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = "tests/test_explorer_protocol.py"
BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Block())
import pytest
sys.exit(pytest.main(["-p", "no:cacheprovider", "-rs", {test!r}, "-k", "test_status_counts"]))
"""


def _pytest_without(blocked: set[str], ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-c", BLOCK.format(blocked=blocked, test=PROTOCOL)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_protocol_tests_run_with_httpx2_alone():
    out = _pytest_without({"httpx"}, ci=False)
    assert out.returncode == 0 and "1 passed" in out.stdout, out.stdout[-2000:]
    assert "skipped" not in out.stdout


def test_a_missing_test_dependency_skips_locally_and_fails_in_ci():
    local = _pytest_without({"httpx2"}, ci=False)
    assert local.returncode in (0, 5) and "skipped" in local.stdout, local.stdout[-2000:]
    assert "passed" not in local.stdout
    assert "httpx2 not installed" in local.stdout
    ci = _pytest_without({"httpx2"}, ci=True)
    assert ci.returncode != 0 and "skipped" not in ci.stdout, ci.stdout[-2000:]
    assert "a test dependency is missing under CI: httpx2" in ci.stdout


def test_pyproject_asks_for_what_the_tests_use():
    text = (ROOT / "pyproject.toml").read_text()
    test_extra = text.split("test = [", 1)[1].split("]", 1)[0]
    assert '"httpx2>=' in test_extra
    assert not re.search(r'"httpx[<>=]', test_extra), "plain httpx is not what TestClient uses"
    for minimum in re.findall(r'"starlette>=([0-9.]+)"', text):
        assert tuple(int(p) for p in minimum.split(".")) >= (1, 2), minimum
