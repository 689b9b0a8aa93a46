"""The explorer's server: HTTP routes and the WebSocket protocol, with Starlette's TestClient.

No browser here: these tests speak the protocol directly, check that every answer is
neuronkit's own maths, that every invalid message is refused with a clear error and
changes nothing, that runs are reproducible from their seeds, that a runaway learning
rate stops training, and that each tab has its own session, freed when it closes.
"""

from __future__ import annotations

import asyncio
import json
import time

import numpy as np
import pytest

from needs import need

# what is really used: Starlette's TestClient, which needs httpx2 (Starlette >= 1.2)
need("starlette", "httpx2")

from starlette.testclient import TestClient  # noqa: E402
from starlette.websockets import WebSocketDisconnect  # noqa: E402

import neuronkit as nk  # noqa: E402
from neuronkit.explorer import create_app  # noqa: E402
from neuronkit.explorer.protocol import (  # noqa: E402
    LIMITS,
    CurvesRequest,
    ProtocolError,
    parse_config,
    parse_message,
)

XOR = {"dataset": "xor", "noise": 0.05, "size": 80, "test_fraction": 0.5, "data_seed": 3,
       "hidden": [{"units": 4, "activation": "tanh"}], "loss": "binary_cross_entropy",
       "optimizer": "adam", "learning_rate": 0.05, "batch_size": 8, "seed": 11}


@pytest.fixture
def app():
    return create_app()


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def recv(ws, kind: str, limit: int = 50) -> dict:
    """The next message of type *kind* (skipping others, e.g. streamed frames)."""
    for _ in range(limit):
        msg = ws.receive_json()
        if msg["type"] == kind:
            return msg
    raise AssertionError(f"no {kind!r} message in {limit} messages")


def connect(client):
    ws = client.websocket_connect("/ws")
    return ws


# -- HTTP -------------------------------------------------------------------------------

def test_index_is_served_with_a_strict_csp(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "<canvas id=\"act-plot\"" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "http" not in r.text.replace("http-equiv", ""), "the page must not load anything remote"


@pytest.mark.parametrize("name", ["app.js", "style.css"])
def test_static_files_are_local(client, name):
    r = client.get(f"/static/{name}")
    assert r.status_code == 200
    assert "://" not in r.text.replace("${proto}://", ""), "no CDN, no remote URL"


def test_status_counts_sessions(client, app):
    assert client.get("/api/status").json()["sessions"] == 0
    with connect(client) as ws:
        recv(ws, "hello")
        assert client.get("/api/status").json()["sessions"] == 1
    assert client.get("/api/status").json()["sessions"] == 0


def test_only_loopback_hosts_when_asked():
    app = create_app(allowed_hosts=["127.0.0.1", "localhost", "::1"])
    with TestClient(app, base_url="http://evil.example:8000") as bad:
        assert bad.get("/").status_code == 400
        with pytest.raises(WebSocketDisconnect):
            with bad.websocket_connect("/ws", headers={"host": "evil.example:8000"}) as ws:
                ws.receive_json()
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        with TestClient(app, base_url=f"http://{host}") as good:
            assert good.get("/").status_code == 200
            with good.websocket_connect("/ws", headers={"host": host}) as ws:
                assert ws.receive_json()["type"] == "hello"


# -- hello ------------------------------------------------------------------------------

def test_hello_lists_the_whole_catalogue(client):
    with connect(client) as ws:
        hello = recv(ws, "hello")
    assert [a["name"] for a in hello["activations"]] == nk.activation_names()
    elu = next(a for a in hello["activations"] if a["name"] == "elu")
    assert elu["params"][0]["name"] == "alpha" and elu["params"][0]["kind"] == "number"
    gelu = next(a for a in hello["activations"] if a["name"] == "gelu")
    assert gelu["params"][0]["choices"] == ["none", "tanh"]
    assert hello["limits"]["max_hidden_layers"] == 6 and hello["limits"]["max_units"] == 8
    assert set(hello["datasets"]) == {"xor", "circles", "moons", "spirals", "blobs", "plane",
                                      "gaussians"}
    assert hello["regression"] == ["plane", "gaussians"]
    assert hello["gates"]["and"]["preset"] == [1.0, 1.0, -1.5]
    assert hello["gates"]["xor"]["separable"] is False


def test_class_colours_are_the_figures(client):
    # one scheme everywhere: the hello carries neuronkit's class colours, and the page's
    # defaults (before the hello) in app.js and style.css are the same colours
    import re
    from pathlib import Path

    from neuronkit._drawing import CLASS_COLORS
    from neuronkit.explorer import app as explorer_app

    with connect(client) as ws:
        hello = recv(ws, "hello")
    assert hello["class_colors"] == list(CLASS_COLORS)
    rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in CLASS_COLORS[:2]]
    static = Path(explorer_app.__file__).parent / "static"
    js = (static / "app.js").read_text(encoding="utf-8")
    css = (static / "style.css").read_text(encoding="utf-8")
    numbers = lambda text: tuple(int(v) for v in re.findall(r"\d+", text))  # noqa: E731
    assert numbers(re.search(r"let NEG = \[([^\]]*)\]", js).group(1)) == rgb[0]
    assert numbers(re.search(r"let POS = \[([^\]]*)\]", js).group(1)) == rgb[1]
    assert numbers(re.search(r"--neg: rgb\(([^)]*)\)", css).group(1)) == rgb[0]
    assert numbers(re.search(r"--pos: rgb\(([^)]*)\)", css).group(1)) == rgb[1]


def test_formulas_are_sent_as_mathml_and_follow_the_parameters(client):
    import xml.etree.ElementTree as ET

    with connect(client) as ws:
        hello = recv(ws, "hello")
        ws.send_json({"type": "curves", "id": 2, "points": 3,
                      "activations": [{"name": "gelu", "params": {"approximate": "tanh"}}]})
        out = recv(ws, "curves")["curves"][0]
    for a in hello["activations"]:
        for key in ("mathml", "derivative_mathml"):
            assert ET.fromstring(a[key]).tag == "{http://www.w3.org/1998/Math/MathML}math"
    assert "erf" not in out["mathml"] and "tanh" in out["mathml"] and "erf" not in out["text"]
    assert out["text"] == nk.activation("gelu", approximate="tanh").text


# -- activations view -------------------------------------------------------------------

def test_curves_are_the_catalogue_values(client):
    with connect(client) as ws:
        recv(ws, "hello")
        ws.send_json({"type": "curves", "id": 7, "points": 101, "x_min": -4, "x_max": 4,
                      "activations": [{"name": "gelu", "params": {"approximate": "tanh"}},
                                      {"name": "sigmoid"}]})
        out = recv(ws, "curves")
    assert out["id"] == 7
    x = np.array(out["x"])
    assert x.shape == (101,) and x[0] == -4 and x[-1] == 4
    for item, act in zip(out["curves"], [nk.activation("gelu", approximate="tanh"),
                                         nk.activation("logistic")], strict=True):
        y, dy = act.value_and_derivative(x)
        np.testing.assert_allclose(item["y"], y, rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(item["dy"], dy, rtol=1e-6, atol=1e-12)
    assert out["curves"][1]["name"] == "logistic"
    assert out["curves"][1]["properties"]["range_text"] == "(0, 1)"


def test_a_parameter_changes_the_curve(client):
    with connect(client) as ws:
        recv(ws, "hello")
        answers = []
        for slope in (0.01, 0.3):
            ws.send_json({"type": "curves", "id": 1, "points": 3, "x_min": -2, "x_max": 2,
                          "activations": [{"name": "leaky_relu",
                                           "params": {"negative_slope": slope}}]})
            answers.append(recv(ws, "curves")["curves"][0])
    assert answers[0]["y"] == [-0.02, 0.0, 2.0]
    assert answers[1]["y"] == [-0.6, 0.0, 2.0]
    assert answers[1]["params"] == {"negative_slope": 0.3}


# -- validation -------------------------------------------------------------------------

BAD_MESSAGES = [
    ("not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    ('{"type": "eval", "code": "import os"}', "unknown message type 'eval'"),
    ('{"curves": 1}', "unknown message type None"),
    ('{"type": "curves", "activations": ["sigmod"]}', "did you mean 'sigmoid'"),
    ('{"type": "curves", "activations": []}', "1 to 6 activations"),
    ('{"type": "curves", "activations": ["relu", "tanh", "elu", "selu", "gelu", "mish", '
     '"swish"]}', "1 to 6 activations"),
    ('{"type": "curves", "activations": ["relu"], "points": 100000}', "curves.points"),
    ('{"type": "curves", "activations": ["relu"], "x_min": NaN}', "numbers must be finite"),
    ('{"type": "curves", "activations": ["relu"], "x_min": 1e400}', "finite number"),
    ('{"type": "curves", "activations": ["relu"], "x_min": 3, "x_max": 1}', "x_min must be <"),
    ('{"type": "curves", "activations": ["relu"], "x_max": true}', "finite number"),
    ('{"type": "curves", "activations": ["relu"], "extra": 1}', "unknown field 'extra'"),
    ('{"type": "curves", "activations": [{"name": "elu", "params": {"alpha": -1}}]}',
     "alpha must be >= 0"),
    ('{"type": "curves", "activations": [{"name": "relu", "params": {"alpha": 1}}]}',
     "relu has no parameter 'alpha'"),
    ('{"type": "curves", "activations": [{"name": "gelu", "params": {"approximate": "x"}}]}',
     "approximate must be"),
    ('{"type": "neuron", "weights": [1], "bias": 0}', "list of 2 numbers"),
    ('{"type": "neuron", "weights": [1, "2"], "bias": 0}', "neuron.weights[1]"),
    ('{"type": "neuron", "weights": [1, 1], "bias": 0, "gate": "implies"}', "neuron.gate"),
    ('{"type": "configure", "config": {"hidden": [{"units": 2}, {"units": 2}, {"units": 2}, '
     '{"units": 2}, {"units": 2}, {"units": 2}, {"units": 2}]}}', "at most 6 layers"),
    ('{"type": "configure", "config": {"hidden": [{"units": 9}]}}', "[1, 8]"),
    ('{"type": "configure", "config": {"hidden": [{"units": 2, "activation": "softmax"}]}}',
     "'softmax' is a vector activation"),
    ('{"type": "configure", "config": {"learning_rate": 0}}', "learning_rate"),
    ('{"type": "configure", "config": {"learning_rate": 10.5}}', "learning_rate"),
    ('{"type": "configure", "config": {"size": 100000}}', "config.size"),
    ('{"type": "configure", "config": {"size": 20, "batch_size": 21}}', "config.batch_size"),
    ('{"type": "configure", "config": {"dataset": "mnist"}}', "config.dataset"),
    ('{"type": "configure", "config": {"loss": "hinge"}}', "config.loss"),
    ('{"type": "configure", "config": {"optimizer": "lbfgs"}}', "config.optimizer"),
    ('{"type": "configure", "config": {"noise": -0.1}}', "config.noise"),
    ('{"type": "configure", "config": {"seed": -1}}', "config.seed"),
    ('{"type": "configure", "config": {"seed": 1.5}}', "config.seed"),
    ('{"type": "configure", "config": {"__class__": 1}}', "unknown field '__class__'"),
    ('{"type": "step", "epochs": 101}', "step.epochs"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_MESSAGES)
def test_invalid_messages_are_refused(text, expected):
    with pytest.raises(ProtocolError, match=None) as info:
        parse_message(text)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_too_long_message_is_refused():
    with pytest.raises(ProtocolError, match="too long"):
        parse_message(" " * (LIMITS["max_message_bytes"] + 1))


def test_valid_messages_parse():
    msg = parse_message({"type": "curves", "activations": ["silu"]})
    assert isinstance(msg, CurvesRequest)
    assert msg.activations[0].name == "swish" and dict(msg.activations[0].params) == {"beta": 1.0}
    cfg = parse_config({"hidden": []})
    assert cfg.hidden == () and cfg.to_json()["hidden"] == []
    assert parse_config(cfg.to_json()) == cfg


def test_an_invalid_message_gets_an_error_and_changes_nothing(client):
    with connect(client) as ws:
        recv(ws, "hello")
        ws.send_json({"type": "configure", "config": XOR})
        recv(ws, "data")
        recv(ws, "frame")
        ws.send_json({"type": "step", "epochs": 5})
        before = recv(ws, "frame")
        for bad in ['{"type": "configure", "config": {"hidden": [{"units": 99}]}}',
                    '{"type": "step", "epochs": -3}', "{", '{"type": "play", "fast": true}']:
            ws.send_text(bad)
            err = recv(ws, "error")
            assert err["message"]
        ws.send_bytes(b"\x00\x01")
        assert "binary" in recv(ws, "error")["message"]
        ws.send_json({"type": "step", "epochs": 1})
        after = recv(ws, "frame")
    assert before["epoch"] == 5 and after["epoch"] == 6


def test_playground_needs_a_configuration_first(client):
    with connect(client) as ws:
        recv(ws, "hello")
        for kind in ("play", "step", "reset", "regenerate"):
            ws.send_json({"type": kind})
            assert "configure the playground first" in recv(ws, "error")["detail"]


def test_other_origins_are_refused(client):
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws", headers={"origin": "http://evil.example"}) as ws:
            ws.receive_json()
    with client.websocket_connect("/ws", headers={"origin": "http://testserver"}) as ws:
        assert ws.receive_json()["type"] == "hello"


# -- neuron view ------------------------------------------------------------------------

def test_mp_neuron_and_gate(client):
    with connect(client) as ws:
        recv(ws, "hello")
        ws.send_json({"type": "neuron", "id": 3, "mode": "mp", "weights": [1, 1], "bias": -1.5,
                      "gate": "and", "grid": 11})
        out = recv(ws, "neuron")
    assert out["id"] == 3 and out["solves_gate"] and out["separable"]
    assert [r["output"] for r in out["truth_table"]] == [0, 0, 0, 1]
    assert len(out["values"]) == 11 * 11 and set(out["values"]) == {0.0, 1.0}
    assert "why" not in out


def test_xor_is_explained(client):
    with connect(client) as ws:
        recv(ws, "hello")
        ws.send_json({"type": "neuron", "mode": "mp", "weights": [1, 1], "bias": -0.5,
                      "gate": "xor"})
        out = recv(ws, "neuron")
    assert not out["separable"] and not out["solves_gate"]
    assert "contradiction" in out["why"]
    assert [c["holds"] for c in out["conditions"]] == [True, True, True, False]
    assert out["conditions"][3]["condition"] == "w1 + w2 + b <= 0"


def test_general_neuron_is_nk_neuron(client):
    with connect(client) as ws:
        recv(ws, "hello")
        ws.send_json({"type": "neuron", "mode": "general", "weights": [0.5, -2.0], "bias": 0.25,
                      "activation": {"name": "tanh"}, "gate": "or"})
        out = recv(ws, "neuron")
    unit = nk.Neuron(weights=[0.5, -2.0], bias=0.25, activation="tanh")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    np.testing.assert_allclose([r["output"] for r in out["truth_table"]], unit(X))
    np.testing.assert_allclose([r["z"] for r in out["truth_table"]], unit.net_input(X))


# -- playground -------------------------------------------------------------------------

def configure(ws, config) -> tuple[dict, dict]:
    ws.send_json({"type": "configure", "config": config})
    return recv(ws, "data"), recv(ws, "frame")


def test_configure_sends_data_and_a_first_frame(client):
    with connect(client) as ws:
        recv(ws, "hello")
        data, frame = configure(ws, XOR)
    assert data["config"] == parse_config(XOR).to_json()
    n_test = len(data["test"]["y"])
    assert n_test == 40 and len(data["train"]["x"]) == 2 * 40
    assert frame["epoch"] == 0 and frame["status"] == "paused" and frame["full_history"]
    assert frame["heatmap"]["size"] == 50
    assert [len(layer) for layer in frame["units"]] == [4, 1]
    assert frame["shapes"] == [[2, 4], [4, 1]]
    assert len(frame["weights"][0]) == 8
    assert frame["diverged"] is None


def test_same_seed_same_run_however_it_is_stepped(client):
    with connect(client) as a, connect(client) as b:
        recv(a, "hello")
        recv(b, "hello")
        _, fa0 = configure(a, XOR)
        _, fb0 = configure(b, XOR)
        assert fa0["test_loss"] == fb0["test_loss"]
        a.send_json({"type": "step", "epochs": 12})
        fa = recv(a, "frame")
        for k in (5, 1, 6):
            b.send_json({"type": "step", "epochs": k})
            fb = recv(b, "frame")
        assert fa["epoch"] == fb["epoch"] == 12
        assert fa["weights"] == fb["weights"] and fa["test_loss"] == fb["test_loss"]
        a.send_json({"type": "reset"})
        reset = recv(a, "frame")
    assert reset["epoch"] == 0 and reset["test_loss"] == fa0["test_loss"]
    assert reset["weights"] == fa0["weights"]


def test_xor_trains_below_a_test_loss(client):
    with connect(client) as ws:
        recv(ws, "hello")
        configure(ws, XOR)
        history = []
        for _ in range(3):
            ws.send_json({"type": "step", "epochs": 100})
            frame = recv(ws, "frame")
            history += frame["history"]
    assert frame["epoch"] == 300
    assert frame["test_loss"] < 0.1 and frame["test_accuracy"] == 1.0
    assert [h[0] for h in history] == list(range(1, 301)), "one loss point per epoch"
    assert history[-1][2] == frame["test_loss"]


def test_regenerate_draws_new_data(client):
    with connect(client) as ws:
        recv(ws, "hello")
        data0, _ = configure(ws, XOR)
        ws.send_json({"type": "regenerate"})
        data1 = recv(ws, "data")
        recv(ws, "frame")
        ws.send_json({"type": "regenerate", "data_seed": 3})
        data2 = recv(ws, "data")
    assert data1["config"]["data_seed"] == 4 and data1["train"] != data0["train"]
    assert data2["train"] == data0["train"]


def test_play_streams_rate_limited_frames_until_pause(client):
    with connect(client) as ws:
        recv(ws, "hello")
        configure(ws, XOR)
        ws.send_json({"type": "play"})
        assert recv(ws, "status")["status"] == "playing"
        t0 = time.monotonic()
        epochs = []
        while time.monotonic() - t0 < 1.0:
            frame = recv(ws, "frame")
            epochs.append(frame["epoch"])
        elapsed = time.monotonic() - t0
        ws.send_json({"type": "pause"})
        while (frame := recv(ws, "frame"))["reply"] != "pause":
            pass
        assert frame["status"] == "paused"
        stopped = frame["epoch"]
        ws.send_json({"type": "step", "epochs": 1})
        assert recv(ws, "frame")["epoch"] == stopped + 1
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0]
    assert len(epochs) <= 20 * elapsed + 2, "at most 20 frames a second"


def test_runaway_learning_rate_stops_training(client):
    config = {**XOR, "hidden": [{"units": 8, "activation": "identity"}] * 6,
              "optimizer": "sgd", "learning_rate": 10}
    with connect(client) as ws:
        recv(ws, "hello")
        configure(ws, config)
        ws.send_json({"type": "play"})
        msg = recv(ws, "diverged")
        assert "NaN" in msg["message"] and "learning rate" in msg["message"]
        ws.send_json({"type": "play"})
        assert "diverged" in recv(ws, "error")["detail"]
        ws.send_json({"type": "reset"})
        frame = recv(ws, "frame")
    assert frame["epoch"] == 0 and frame["status"] == "paused" and frame["diverged"] is None


def test_dead_relu_units_are_flagged(client):
    config = {**XOR, "dataset": "circles", "size": 200,
              "hidden": [{"units": 8, "activation": "relu"}] * 3, "optimizer": "sgd",
              "learning_rate": 3}
    with connect(client) as ws:
        recv(ws, "hello")
        configure(ws, config)
        ws.send_json({"type": "step", "epochs": 20})
        frame = recv(ws, "frame")
    dead = [u for layer in frame["units"][:-1] for u in layer if u["dead"]]
    assert dead and all(u["zero_gradient_fraction"] == 1.0 for u in dead)


def test_saturated_sigmoid_units_are_flagged(client):
    config = {**XOR, "dataset": "circles", "size": 200,
              "hidden": [{"units": 8, "activation": "logistic"}] * 2, "learning_rate": 1}
    with connect(client) as ws:
        recv(ws, "hello")
        _, first = configure(ws, config)
        ws.send_json({"type": "step", "epochs": 20})
        frame = recv(ws, "frame")
    assert not any(u["saturated"] for layer in first["units"][:-1] for u in layer)
    saturated = [u for layer in frame["units"][:-1] for u in layer if u["saturated"]]
    assert saturated and all(u["small_gradient_fraction"] >= 0.9 for u in saturated)


@pytest.mark.parametrize("dataset", ["xor", "circles", "moons", "spirals", "blobs"])
@pytest.mark.parametrize("loss", ["mse", "binary_cross_entropy"])
def test_every_dataset_and_loss(client, dataset, loss):
    config = {"dataset": dataset, "loss": loss, "size": 60, "optimizer": "momentum",
              "regularization": "l2", "regularization_rate": 0.001,
              "hidden": [{"units": 3, "activation": {"name": "leaky_relu",
                                                     "params": {"negative_slope": 0.1}}}]}
    with connect(client) as ws:
        recv(ws, "hello")
        data, _ = configure(ws, config)
        ws.send_json({"type": "step", "epochs": 3})
        frame = recv(ws, "frame")
    assert set(data["train"]["y"]) | set(data["test"]["y"]) == {0, 1}
    assert frame["epoch"] == 3 and np.isfinite(frame["train_loss"])
    json.dumps(frame, allow_nan=False)


def test_long_histories_are_thinned_and_resent(monkeypatch):
    from neuronkit.explorer import session

    monkeypatch.setattr(session, "MAX_HISTORY", 10)
    pg = session.Playground(parse_config({**XOR, "size": 20}))
    assert pg.frame(full=True)["history"] == [[0, pytest.approx(pg.history[0][1], rel=1e-5),
                                               pytest.approx(pg.history[0][2], rel=1e-5)]]
    pg.train(4)
    assert [h[0] for h in pg.frame()["history"]] == [1, 2, 3, 4]
    pg.train(8)
    frame = pg.frame()
    assert frame["full_history"] and len(frame["history"]) <= 10
    assert frame["history"][-1][0] == 12 and frame["history"][0][0] == 0
    assert not pg.frame()["full_history"]


# -- sessions ---------------------------------------------------------------------------

def test_each_tab_has_its_own_session_and_closing_frees_it(client, app):
    with connect(client) as a, connect(client) as b:
        ha, hb = recv(a, "hello"), recv(b, "hello")
        assert ha["session"] != hb["session"]
        assert len(app.state.sessions) == 2
        configure(a, XOR)
        configure(b, {**XOR, "seed": 12})
        a.send_json({"type": "step", "epochs": 4})
        assert recv(a, "frame")["epoch"] == 4
        b.send_json({"type": "step", "epochs": 1})
        assert recv(b, "frame")["epoch"] == 1
        b.send_json({"type": "play"})
        recv(b, "frame")
    deadline = time.monotonic() + 5
    while app.state.sessions and time.monotonic() < deadline:
        time.sleep(0.02)
    assert app.state.sessions == {}


def test_too_many_tabs_are_refused():
    app = create_app(max_sessions=1)
    with TestClient(app) as client, connect(client) as a:
        recv(a, "hello")
        with connect(client) as b:
            assert "too many" in b.receive_json()["message"].lower()


# -- a tab that vanishes mid-send -------------------------------------------------------

def test_a_client_vanishing_mid_send_leaves_no_exception():
    """The transport dies under a streamed frame while a request is being answered: the
    next send must not raise Starlette's RuntimeError out of the app (a traceback in
    uvicorn's log); the session just ends."""
    app = create_app()
    inbox: asyncio.Queue = asyncio.Queue()
    sent: list[dict] = []
    dead = []

    async def receive():
        return await inbox.get()

    async def send(message):
        text = message.get("text") or ""
        if dead or '"reply":null' in text:  # the first streamed frame: the tab is gone
            dead.append(message)
            raise OSError(104, "Connection reset by peer")
        sent.append(message)

    scope = {"type": "websocket", "path": "/ws", "raw_path": b"/ws", "query_string": b"",
             "headers": [(b"host", b"testserver")], "scheme": "ws", "root_path": "",
             "server": ("testserver", 80), "client": ("127.0.0.1", 50000),
             "subprotocols": [], "asgi": {"version": "3.0"}}
    curves = json.dumps({"type": "curves", "points": 2001, "activations": ["gelu", "mish"]})

    async def scenario():
        inbox.put_nowait({"type": "websocket.connect"})
        for text in (json.dumps({"type": "configure", "config": XOR}),
                     '{"type": "play"}', *[curves] * 20):
            inbox.put_nowait({"type": "websocket.receive", "text": text})
        task = asyncio.create_task(app(scope, receive, send))
        for _ in range(500):
            if dead or task.done():
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        inbox.put_nowait({"type": "websocket.disconnect", "code": 1006})
        await asyncio.wait_for(task, 10)  # raises what escaped the app, if anything

    asyncio.run(scenario())
    assert dead, "the scenario must make a send fail"
    assert app.state.sessions == {}


# -- sharing the CPU --------------------------------------------------------------------

HEAVY = {"dataset": "spirals", "size": 2000, "batch_size": 1,
         "hidden": [{"units": 8, "activation": "tanh"}] * 6}


def test_a_pause_cuts_a_long_step_short(client):
    with connect(client) as ws:
        recv(ws, "hello")
        configure(ws, HEAVY)
        t0 = time.monotonic()
        ws.send_json({"type": "step", "epochs": 100})  # about 10 s of training
        time.sleep(0.2)
        ws.send_json({"type": "pause"})
        step = recv(ws, "frame")
        pause = recv(ws, "frame")
        dt = time.monotonic() - t0
    assert step["reply"] == "step" and pause["reply"] == "pause"
    assert step["epoch"] < 100 and pause["epoch"] == step["epoch"]
    assert dt < 3.0, f"the step went on for {dt:.1f} s after the pause"


def test_a_step_has_a_time_budget(client, monkeypatch):
    monkeypatch.setitem(LIMITS, "step_seconds", 0.3)
    with connect(client) as ws:
        recv(ws, "hello")
        configure(ws, HEAVY)
        t0 = time.monotonic()
        ws.send_json({"type": "step", "epochs": 100})
        frame = recv(ws, "frame")
        dt = time.monotonic() - t0
        ws.send_json({"type": "curves", "id": 99, "points": 2, "activations": ["relu"]})
        after = []  # everything up to the answer to this request (no waiting for ever)
        while (msg := ws.receive_json())["type"] != "curves":
            after.append(msg)
    assert frame["epoch"] < 100 and dt < 3.0
    assert any("limit of one request" in m.get("message", "") for m in after), after


def test_training_slices_stop_by_the_clock_and_resume_exactly():
    from neuronkit.explorer.session import Playground

    cfg = parse_config({**HEAVY, "size": 400})
    whole, sliced = Playground(cfg), Playground(cfg)
    whole.train(3)
    slices = 0
    while sliced.epoch < 3:
        t0 = time.perf_counter()
        sliced.train(3 - sliced.epoch, seconds=0.005)
        assert time.perf_counter() - t0 < 0.05 + 0.1, "a slice ends soon after its time"
        slices += 1
    assert slices > 3, "an epoch is cut into several slices"
    np.testing.assert_array_equal(whole.net.get_flat(), sliced.net.get_flat())
    assert whole.history == sliced.history


def test_the_scheduler_serves_the_least_busy_session_first():
    from neuronkit.explorer.scheduler import Scheduler

    order = []

    async def scenario():
        s = Scheduler(workers=1)
        s._charge("greedy", 5.0)  # five seconds of CPU lately
        gate = asyncio.Event()
        loop = asyncio.get_running_loop()

        def hold():  # occupy the only worker until both are waiting
            asyncio.run_coroutine_threadsafe(gate.wait(), loop).result(5)

        first = asyncio.create_task(s.run("x", hold))
        await asyncio.sleep(0.05)
        greedy = asyncio.create_task(s.run("greedy", order.append, "greedy",
                                           interactive=False))
        modest = asyncio.create_task(s.run("modest", order.append, "modest",
                                           interactive=False))
        page = asyncio.create_task(s.run("greedy", order.append, "answer"))
        await asyncio.sleep(0.05)
        gate.set()
        await asyncio.gather(first, greedy, modest, page)
        assert s.busy == 0

    asyncio.run(scenario())
    assert order == ["answer", "modest", "greedy"]
