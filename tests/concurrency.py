"""Helpers of the tests that run neuronkit from several threads or in a forked child."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable


def run_in_threads(work: Callable[[int], None], count: int) -> None:
    """Run ``work(k)`` for k = 0 .. count-1, each on its own thread, and wait for all."""
    threads = [threading.Thread(target=work, args=(k,)) for k in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def check_in_forked_child(setup: str, child_ok: str) -> None:
    """In a fresh interpreter, run the code *setup*, fork, and assert that the expression
    *child_ok* is true in the child (a hang or crash there fails too).  A subprocess,
    so that the test process itself never forks with threads running."""
    script = "\n".join([
        "import os, sys",
        "import numpy as np",
        "import neuronkit as nk",
        setup,
        "pid = os.fork()",
        "if pid == 0:",
        f"    os._exit(0 if ({child_ok}) else 3)",
        "_, status = os.waitpid(pid, 0)",
        "sys.exit(os.waitstatus_to_exitcode(status))",
    ])
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr)
