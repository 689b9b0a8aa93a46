"""``neuronkit explore`` from the command line: start, serve, stop on Ctrl-C, clear errors."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request

import pytest

from needs import need
from neuronkit import cli, explorer
from servers import start

need("uvicorn", "starlette", "websockets")


def _start(*args: str) -> tuple[subprocess.Popen, str]:
    return start([sys.executable, "-m", "neuronkit.cli", "explore", "--no-browser", *args])


def test_explore_serves_and_stops_cleanly_on_ctrl_c():
    proc, line = _start()
    try:
        url = line.split("running at ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200
            assert b"neuronkit explorer" in r.read()
        with urllib.request.urlopen(url + "static/app.js", timeout=10) as r:
            assert r.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err


def test_explore_on_a_given_port_and_a_busy_port():
    port = explorer.free_port()
    proc, line = _start("--port", str(port))
    try:
        assert f"http://127.0.0.1:{port}/" in line
        busy = subprocess.run(
            [sys.executable, "-m", "neuronkit.cli", "explore", "--no-browser", "--port",
             str(port)], capture_output=True, text=True, timeout=60)
        assert busy.returncode == 2
        assert busy.stderr.count("\n") == 1 and "cannot serve on 127.0.0.1" in busy.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    assert proc.returncode == 0


def test_missing_extra_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setattr(explorer, "missing_dependencies", lambda: ["starlette", "uvicorn"])
    assert cli.main(["explore", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "neuronkit[explore]" in err and "starlette, uvicorn" in err


@pytest.mark.parametrize("port", ["-1", "70000", "http"])
def test_bad_port_is_a_usage_error(port, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["explore", "--port", port])
    assert info.value.code == 2
    assert "port" in capsys.readouterr().err


def test_loopback_detection():
    assert explorer.is_loopback("127.0.0.1") and explorer.is_loopback("::1")
    assert explorer.is_loopback("localhost") and explorer.is_loopback("127.5.0.1")
    assert not explorer.is_loopback("0.0.0.0") and not explorer.is_loopback("192.168.1.2")
    assert not explorer.is_loopback("example.org")


def test_import_neuronkit_does_not_import_the_web_framework():
    code = ("import sys, neuronkit, neuronkit.cli; "
            "print(any(m.split('.')[0] in ('starlette', 'uvicorn', 'websockets') "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_help_lists_explore(capsys):
    with pytest.raises(SystemExit):
        cli.main(["explore", "--help"])
    out = capsys.readouterr().out
    assert "--no-browser" in out and "--host" in out and "--port" in out



def test_a_malformed_allow_origin_is_one_line(capsys):
    assert cli.main(["explore", "--no-browser", "--allow-origin", "example.org"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "scheme://host" in err[0]
