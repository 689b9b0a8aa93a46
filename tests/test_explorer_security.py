"""Who may talk to the explorer: strict Host parsing, the allow-list, the Origin check and
the token required beyond loopback (issue 16, item 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from needs import need
from servers import start

need("starlette", "httpx2")

from starlette.testclient import TestClient  # noqa: E402
from starlette.websockets import WebSocketDisconnect  # noqa: E402

from neuronkit import explorer  # noqa: E402
from neuronkit.explorer import create_app, security  # noqa: E402

LOOPBACK = ["127.0.0.1", "localhost", "::1"]


@pytest.mark.parametrize("header", [
    "[::1]evil.com", "[::1]:8000evil.com", "[::1]:80:80", "[::1", "127.0.0.1:80x",
    "localhost:80@evil.com", "localhost:", "::1", "evil.com\\@localhost", "",
    "127.0.0.1 evil.com", "localhost:123456",
])
def test_malformed_host_headers_are_refused(header):
    assert security.host_of(header) is None
    app = create_app(allowed_hosts=LOOPBACK)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/", headers={"host": header}).status_code == 400
        with pytest.raises(WebSocketDisconnect):
            with client.websocket_connect("/ws", headers={"host": header}) as ws:
                ws.receive_json()


@pytest.mark.parametrize(("header", "host"), [
    ("127.0.0.1:8000", "127.0.0.1"), ("[::1]:8000", "::1"), ("[::1]", "::1"),
    ("LocalHost", "localhost"), ("example.org:80", "example.org"),
])
def test_well_formed_host_headers(header, host):
    assert security.host_of(header) == host


def test_allow_list_beyond_loopback():
    names, any_ip = security.allowed_hosts("0.0.0.0", ["https://proxy.example"])
    assert any_ip and {"localhost", "127.0.0.1", "proxy.example"} <= names
    names, any_ip = security.allowed_hosts("192.0.2.7")
    assert not any_ip and "192.0.2.7" in names and "::1" not in names
    app = create_app(allowed_hosts=sorted(security.allowed_hosts("0.0.0.0")[0]), any_ip=True)
    with TestClient(app) as client:
        assert client.get("/", headers={"host": "192.0.2.7:8000"}).status_code == 200
        assert client.get("/", headers={"host": "[2001:db8::1]:8000"}).status_code == 200
        assert client.get("/", headers={"host": "rebind.evil.example"}).status_code == 400


@pytest.mark.parametrize("bad", ["example.org", "ftp://example.org", "http://x/path",
                                 "http://u@example.org", "http://:80", "http://x:99999"])
def test_bad_allowed_origins_are_refused(bad):
    with pytest.raises(ValueError, match="scheme://host"):
        security.parse_origin(bad)


def test_token_is_needed_for_everything_when_set():
    app = create_app(allowed_hosts=["testserver"], token="s3cret")
    with TestClient(app) as client:
        for path in ("/", "/api/status", "/static/app.js", "/?token=wrong"):
            r = client.get(path)
            assert r.status_code == 403 and "token" in r.text
        with pytest.raises(WebSocketDisconnect):
            with client.websocket_connect("/ws") as ws:
                ws.receive_json()
        with client.websocket_connect("/ws?token=s3cret") as ws:
            assert ws.receive_json()["type"] == "hello"
        page = client.get("/?token=s3cret")
        assert page.status_code == 200
        assert "HttpOnly" in page.headers["set-cookie"]
        assert client.get("/static/app.js").status_code == 200  # the cookie is enough
        with client.websocket_connect("/ws") as ws:
            assert ws.receive_json()["type"] == "hello"
    with TestClient(app) as other:
        r = other.get("/api/status", headers={"authorization": "token s3cret"})
        assert r.status_code == 200


def test_allowed_origins_may_open_the_socket():
    app = create_app(allowed_origins=["https://proxy.example"])
    with TestClient(app) as client:
        with client.websocket_connect("/ws", headers={"origin": "https://proxy.example"}) as ws:
            assert ws.receive_json()["type"] == "hello"
        for origin in ("http://proxy.example", "https://proxy.example.evil", "null"):
            with pytest.raises(WebSocketDisconnect):
                with client.websocket_connect("/ws", headers={"origin": origin}) as ws:
                    ws.receive_json()


def test_the_page_sends_the_token_on_its_socket():
    with open(os.path.join(os.path.dirname(explorer.__file__), "static", "app.js")) as f:
        js = f.read()
    assert 'get("token")' in js and "/ws${query}" in js


def _serve(*args: str) -> tuple[subprocess.Popen, str]:
    code = ("import sys; from neuronkit.explorer import serve; "
            "serve(sys.argv[1], 0, open_browser=False, allow_origins=sys.argv[2:], "
            "announce=lambda line: print(line, flush=True))")
    proc, line = start([sys.executable, "-c", code, *args])
    return proc, line.split("running at ", 1)[1].split()[0]


def test_serving_beyond_loopback_needs_the_token_and_says_so():
    proc, url = _serve("0.0.0.0", "http://proxy.example:8080")
    try:
        assert "?token=" in url
        token = url.split("?token=", 1)[1]
        port = url.split(":")[2].split("/")[0]
        local = f"http://127.0.0.1:{port}/"
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(local, timeout=10)
        info.value.close()
        assert info.value.code == 403
        with urllib.request.urlopen(f"{local}api/status?token={token}", timeout=10) as r:
            assert json.load(r)["sessions"] == 0
            cookie = r.headers["set-cookie"].split(";")[0]
        assert cookie == f"neuronkit-explorer-token-{port}={token}"
        script = urllib.request.Request(f"{local}static/app.js", headers={"Cookie": cookie})
        with urllib.request.urlopen(script, timeout=10) as r:
            assert r.status == 200
        rebinding = urllib.request.Request(f"{local}?token={token}",
                                           headers={"Host": f"rebind.evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(rebinding, timeout=10)
        info.value.close()
        assert info.value.code == 400
        proxied = urllib.request.Request(f"{local}?token={token}",
                                         headers={"Host": "proxy.example:8080"})
        with urllib.request.urlopen(proxied, timeout=10) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "warning: serving on 0.0.0.0" in err and "token" in err
    assert "Traceback" not in err


def test_loopback_needs_no_token():
    proc, url = _serve("127.0.0.1")
    try:
        assert "token" not in url
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert err == ""
