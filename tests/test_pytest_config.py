"""The test run's own configuration: a skipped test says why in the summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_without_chromium_the_summary_says_why_the_browser_tests_skip(tmp_path):
    # without /usr/bin/chromium the 8 browser tests once skipped without a word
    missing = str(tmp_path / "no-such" / "chromium")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["NEURONKIT_TEST_CHROMIUM"] = missing
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
         "tests/test_explorer_e2e.py"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert run.returncode in (0, 5), run.stdout + run.stderr  # 5: nothing ran
    summary = [ln for ln in run.stdout.splitlines() if ln.startswith("SKIPPED")]
    assert len(summary) == 1, run.stdout  # one line for the module, not one per test
    assert f"no Chromium at {missing}" in summary[0], run.stdout
    assert "apt-get install chromium" in summary[0], run.stdout


def test_the_readme_says_how_to_get_the_browser():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "apt-get install chromium" in text and "/usr/bin/chromium" in text
    assert "apt-get install" in (ROOT / ".ci" / "run").read_text() and \
        "chromium" in (ROOT / ".ci" / "run").read_text()
