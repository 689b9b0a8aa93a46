"""Start an explorer server in a child process and read the line that announces it."""

from __future__ import annotations

import os
import subprocess
import threading


def start(argv: list[str]) -> tuple[subprocess.Popen, str]:
    """(process, its first line of output) for the command *argv*, which must announce an
    ``http://`` URL on its first line within 30 s (else it is killed and the test fails)."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=30)
    if not lines or "http://" not in lines[0]:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"no URL line; stdout={lines} {out!r} stderr={err!r}")
    return proc, lines[0]
