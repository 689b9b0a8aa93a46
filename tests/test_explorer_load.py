"""The explorer under load, served by uvicorn in a child process on 127.0.0.1.

The figures come from issue 16: a ``pause`` is answered within 0.5 s even during a heavy
run; 32 heavy tabs closed at once leave 0 sessions within 2 s; with 6 abusive clients a
new tab gets its first frame within 1 s; Ctrl-C (SIGINT) stops the server within 2 s under
load, and clients that vanish mid-send leave no traceback in the log.  The machines that
run the suite are shared and noisy, so each test asserts 2.5x its target (and says so);
every wait has a hang guard, and each test takes a few seconds.

Run with ``-s`` to see the measured figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from needs import need

need("starlette", "uvicorn", "websockets")

from websockets.sync.client import connect  # noqa: E402

#: The issue's heavy tab: spirals, 2000 points, six hidden layers of 8, batch 1.
HEAVY = {"dataset": "spirals", "size": 2000, "batch_size": 1,
         "hidden": [{"units": 8, "activation": "tanh"}] * 6}
SLACK = 2.5  # shared CI machines: assert 2.5x the target


def figure(text: str) -> None:
    print(f"\n[explorer load] {text}", flush=True)


class Server:
    """``neuronkit explore`` in a child process; its stderr is kept for the log checks."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "neuronkit.cli", "explore", "--no-browser", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(self.proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout=30)
        if not lines or "http://" not in lines[0]:
            self.kill()
            raise AssertionError(f"the explorer did not start: {lines} {self.stderr!r}")
        self.url = lines[0].split("running at ", 1)[1].split()[0]
        self.ws_url = self.url.replace("http://", "ws://", 1).split("?")[0] + "ws"
        self.stderr = ""

    def sessions(self) -> int:
        with urllib.request.urlopen(self.url.split("?")[0] + "api/status", timeout=5) as r:
            return json.load(r)["sessions"]

    def wait_sessions(self, n: int, timeout: float) -> float:
        """Seconds until the server counts *n* sessions (inf after *timeout*)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.sessions() == n:
                return time.monotonic() - t0
            time.sleep(0.02)
        return float("inf")

    def interrupt(self, timeout: float) -> float:
        """Send SIGINT; seconds until the process exits (inf after *timeout*, then killed)."""
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        try:
            _, self.stderr = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return float("inf")
        return time.monotonic() - t0

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        _, err = self.proc.communicate(timeout=30)
        self.stderr = err or ""


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.kill()


def tab(server: Server):
    # entered as a context manager (websockets >= 17.1 warns otherwise), closed by the test
    ws = connect(server.ws_url, open_timeout=10, close_timeout=1, max_size=2**24).__enter__()
    assert json.loads(ws.recv(timeout=10))["type"] == "hello"
    return ws


def recv(ws, kind: str, timeout: float = 10.0, reply: str | None = None) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        msg = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
        if msg["type"] == kind and (reply is None or msg.get("reply") == reply):
            return msg


def heavy_tab(server: Server, *, play: bool):
    ws = tab(server)
    ws.send(json.dumps({"type": "configure", "config": HEAVY}))
    recv(ws, "frame")
    if play:
        ws.send(json.dumps({"type": "play"}))
        recv(ws, "status")
    return ws


def vanish(ws) -> None:
    """Drop the connection without a closing handshake (a reset, as a crashed tab)."""
    with contextlib.suppress(OSError):
        ws.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        ws.socket.close()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process *pid* so far, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def close_all(tabs) -> None:
    for i, ws in enumerate(tabs):
        if i % 2:
            vanish(ws)
        else:
            threading.Thread(target=ws.close, daemon=True).start()


def test_pause_is_answered_at_once_during_a_heavy_run(server):
    ws = heavy_tab(server, play=True)
    try:
        time.sleep(0.2)
        t0 = time.monotonic()
        ws.send(json.dumps({"type": "pause"}))
        frame = recv(ws, "frame", timeout=15, reply="pause")
        dt = time.monotonic() - t0
        figure(f"pause answered after {dt:.3f} s (target 0.5 s, asserted {0.5 * SLACK} s)")
        assert frame["status"] == "paused"
        assert dt <= 0.5 * SLACK
        epoch = frame["epoch"]
        time.sleep(0.3)
        ws.send(json.dumps({"type": "step", "epochs": 1}))
        assert recv(ws, "frame", reply="step")["epoch"] == epoch + 1, "paused means paused"
    finally:
        close_all([ws])
    assert server.wait_sessions(0, 10) < 10


def test_closed_heavy_tabs_are_dropped_at_once(server):
    tabs = [heavy_tab(server, play=True) for _ in range(32)]
    time.sleep(0.5)
    assert server.sessions() == 32
    t0 = time.monotonic()
    close_all(tabs)
    dt = server.wait_sessions(0, 2.0 * SLACK)
    dt = max(dt, time.monotonic() - t0) if dt < float("inf") else dt
    figure(f"32 heavy tabs closed -> 0 sessions after {dt:.3f} s "
           f"(target 2 s, asserted {2.0 * SLACK} s)")
    assert dt <= 2.0 * SLACK
    if os.path.exists(f"/proc/{server.proc.pid}/stat"):  # and they cost no CPU any more
        time.sleep(0.2)
        cpu0, t1 = cpu_seconds(server.proc.pid), time.monotonic()
        time.sleep(1.0)
        busy = (cpu_seconds(server.proc.pid) - cpu0) / (time.monotonic() - t1)
        figure(f"server CPU after they closed: {busy:.0%} of a core")
        assert busy < 0.25
    ws = tab(server)  # a new tab is welcome at once
    ws.close()


def test_a_new_tab_is_served_among_abusive_clients(server):
    abusers = [heavy_tab(server, play=False) for _ in range(6)]
    try:
        for ws in abusers:
            for _ in range(3):  # pipelined, never read: 300 epochs each
                ws.send(json.dumps({"type": "step", "epochs": 100}))
        time.sleep(0.5)
        t0 = time.monotonic()
        ws = tab(server)
        ws.send(json.dumps({"type": "configure", "config": {}}))
        frame = recv(ws, "frame", timeout=15)
        dt = time.monotonic() - t0
        figure(f"new tab's first frame among 6 abusive clients after {dt:.3f} s "
               f"(target 1 s, asserted {1.0 * SLACK} s)")
        assert frame["epoch"] == 0
        assert dt <= 1.0 * SLACK
        t0 = time.monotonic()  # and its training gets its fair share at once
        ws.send(json.dumps({"type": "step", "epochs": 20}))
        assert recv(ws, "frame", timeout=15, reply="step")["epoch"] == 20
        dt = time.monotonic() - t0
        figure(f"...and its step of 20 small epochs took {dt:.3f} s (asserted {SLACK} s)")
        assert dt <= 1.0 * SLACK
        ws.close()
    finally:
        close_all(abusers)
    dt = server.wait_sessions(0, 10)
    figure(f"6 abusive clients closed -> 0 sessions after {dt:.3f} s")
    assert dt <= 2.0 * SLACK


def test_ctrl_c_under_load_stops_within_2s_without_tracebacks():
    server = Server()
    try:
        tabs = [heavy_tab(server, play=True) for _ in range(4)]
        for _ in range(2):
            ws = heavy_tab(server, play=False)
            ws.send(json.dumps({"type": "step", "epochs": 100}))
            tabs.append(ws)
        # clients that vanish while the server sends (frames and large curves)
        for _ in range(6):
            ws = heavy_tab(server, play=True)
            for _ in range(20):
                ws.send(json.dumps({"type": "curves", "points": 2001, "activations":
                                    ["gelu", "mish", "swish", "elu", "selu", "tanh"]}))
            vanish(ws)
        time.sleep(1.0)
        dt = server.interrupt(timeout=15)
        figure(f"SIGINT under load: exited after {dt:.3f} s "
               f"(target 2 s, asserted {2.0 * SLACK} s)")
        for ws in tabs:
            vanish(ws)
    finally:
        server.kill()
    assert dt <= 2.0 * SLACK
    assert server.proc.returncode == 0, server.stderr
    assert "Traceback" not in server.stderr, server.stderr[-3000:]
    assert "Error" not in server.stderr, server.stderr[-3000:]
