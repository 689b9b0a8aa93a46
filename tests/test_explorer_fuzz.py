"""Fuzzing the explorer's protocol with generated messages (hypothesis, fixed budget).

Every message, well-formed or not, must get a clean answer: the reply of its type or one
``error`` line, and the session must live on (a sentinel request after each message is
answered).  Nothing may escape :func:`~neuronkit.explorer.protocol.parse_message` but a
:class:`~neuronkit.explorer.protocol.ProtocolError`.  The budget is fixed and the
examples are derandomized, so CI runs the same messages every time.
"""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needs import need

need("starlette", "httpx2")

from starlette.testclient import TestClient  # noqa: E402

import neuronkit as nk  # noqa: E402
from neuronkit.explorer import create_app  # noqa: E402
from neuronkit.explorer.protocol import LIMITS, ProtocolError, parse_message  # noqa: E402

TYPES = ["curves", "neuron", "configure", "play", "pause", "reset", "step", "regenerate"]
REPLIES = {"curves": "curves", "neuron": "neuron", "configure": "frame", "play": "status",
           "pause": "frame", "reset": "frame", "step": "frame", "regenerate": "frame"}
PARAMS = ["alpha", "beta", "negative_slope", "approximate", "axis", "lambd", "threshold",
          "value", "min_val", "max_val", "slope", "offset", "b", "lower", "upper", "x"]

junk = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats()
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=3),
    max_leaves=8)
number = st.integers(-10, 3000) | st.floats(-1e7, 1e7) | st.sampled_from([0, 1e308, -0.0])


def maybe(strategy, bad=None):
    """Mostly the plausible value, sometimes a value out of range, sometimes junk."""
    return st.integers(0, 7).flatmap(
        lambda i: junk if i == 7 else bad if i == 6 and bad is not None else strategy)


names = st.sampled_from(nk.activation_names() + ["sigmoid", "silu", "linear", "sigmod", ""])
activation = st.integers(0, 4).flatmap(lambda i: names if i < 3 else st.fixed_dictionaries(
    {"name": names}) if i == 3 else st.fixed_dictionaries(
    {"name": names}, optional={"params": st.dictionaries(
        st.sampled_from(PARAMS), number | st.sampled_from(["none", "tanh", "x"]),
        max_size=3)}))
layer = st.fixed_dictionaries({}, optional={"units": maybe(st.integers(1, 8),
                                                          st.integers(-1, 9)),
                                            "activation": maybe(activation)})
#: Configurations kept cheap (at most 300 points) so the session fuzz stays quick;
#: parse_message alone is fuzzed over the whole ranges.
config = st.fixed_dictionaries({}, optional={
    "dataset": maybe(st.sampled_from(["xor", "circles", "moons", "spirals", "blobs"]),
                     st.just("mnist")),
    "noise": maybe(st.floats(0, 1), st.floats(-0.5, 1.5)),
    "size": maybe(st.integers(10, 300), st.integers(-5, 9)),
    "test_fraction": maybe(st.floats(0.1, 0.9), st.floats(0, 1)),
    "data_seed": maybe(st.integers(0, 2**32 - 1), st.integers(-1, 2**33)),
    "hidden": maybe(st.lists(layer, max_size=6), st.lists(layer, max_size=8)),
    "loss": maybe(st.sampled_from(["mse", "binary_cross_entropy"]), st.just("hinge")),
    "optimizer": maybe(st.sampled_from(["sgd", "momentum", "adam"]), st.just("lbfgs")),
    "learning_rate": maybe(st.floats(1e-6, 10), st.floats(-1, 12)),
    "batch_size": maybe(st.integers(1, 10), st.integers(-1, 300)),
    "regularization": maybe(st.sampled_from(["none", "l1", "l2"]), st.just("l3")),
    "regularization_rate": maybe(st.floats(0, 1), st.floats(-0.5, 1.5)),
    "seed": maybe(st.integers(0, 2**32 - 1), st.integers(-1, 2**33)),
})
small = st.floats(-20, 20, allow_nan=False) | st.integers(-20, 20)
valid_config = st.fixed_dictionaries({}, optional={
    "dataset": st.sampled_from(["xor", "circles", "moons", "spirals", "blobs"]),
    "size": st.integers(10, 200), "batch_size": st.integers(1, 10),
    "hidden": st.lists(st.fixed_dictionaries({"units": st.integers(1, 8),
                                              "activation": names}), max_size=3),
    "optimizer": st.sampled_from(["sgd", "momentum", "adam"]),
    "learning_rate": st.floats(1e-6, 10)}).filter(
    lambda c: c.get("batch_size", 10) <= c.get("size", 200))
FIELDS = {
    "curves": {"id": maybe(st.integers(0, 2**53), st.integers(-2, 2**60)),
               "activations": maybe(st.lists(activation, min_size=1, max_size=6),
                                    st.lists(activation, max_size=8)),
               "x_min": maybe(st.floats(-1000, -1), number),
               "x_max": maybe(st.floats(1, 1000), number),
               "points": maybe(st.integers(2, 2001), st.integers(-1, 3000))},
    "neuron": {"id": maybe(st.integers(0, 99)),
               "mode": maybe(st.sampled_from(["mp", "general"]), st.just("x")),
               "weights": maybe(st.lists(small, min_size=2, max_size=2),
                                st.lists(number, max_size=3)),
               "bias": maybe(small, number), "activation": activation,
               "gate": maybe(st.sampled_from(["and", "or", "nand", "nor", "xor", "xnor"]),
                             st.just("implies")),
               "grid": maybe(st.integers(5, 101), st.integers(0, 120))},
    "configure": {"config": config},
    "step": {"epochs": maybe(st.integers(1, 3), st.integers(-1, 101))},
    "regenerate": {"data_seed": maybe(st.integers(0, 2**32 - 1) | st.none(),
                                      st.integers(-1, 2**33))},
}


REQUIRED = {"curves": {"activations"}, "neuron": {"weights"}}


@st.composite
def structured(draw):
    kind = draw(st.sampled_from(TYPES + ["launch", ""]))
    fields = FIELDS.get(kind, {})
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True)) if fields else []
    if draw(st.integers(0, 9)):  # mostly with the fields a message needs
        chosen = sorted(set(chosen) | REQUIRED.get(kind, set()))
    msg = {"type": kind} | {k: draw(fields[k]) for k in chosen}
    if draw(st.integers(0, 19)) == 0:
        msg[draw(st.text(max_size=8))] = draw(junk)  # an unknown field, or a new type
    return msg


def as_text(msg) -> str:
    return json.dumps(msg)  # NaN and Infinity included: they must be refused


messages = st.one_of(structured().map(as_text), structured().map(as_text),
                     junk.map(as_text), st.text(max_size=40))


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(messages)
def test_parse_message_raises_only_protocol_errors(text):
    try:
        parse_message(text)
    except ProtocolError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_session_answers_every_generated_message():
    app = create_app()
    ids = itertools.count(10**6)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        assert ws.receive_json()["type"] == "hello"

        @settings(max_examples=150, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(valid_config, st.lists(st.integers(0, 5).flatmap(
            lambda i: junk if i == 4 else st.text(max_size=20) if i == 5 else structured()),
            min_size=1, max_size=4))
        def conversation(first, batch):
            for msg in [{"type": "configure", "config": first}, *batch]:
                text = msg if isinstance(msg, str) else as_text(msg)
                if len(text) > LIMITS["max_message_bytes"]:
                    continue
                ws.send_text(text)
                sentinel = next(ids)
                ws.send_json({"type": "curves", "id": sentinel, "points": 2,
                              "activations": ["relu"]})
                seen = []
                for _ in range(500):
                    answer = ws.receive_json()
                    if answer["type"] == "curves" and answer["id"] == sentinel:
                        break
                    seen.append(answer)
                else:
                    raise AssertionError(f"no answer to the sentinel after {text!r}")
                errors = [m for m in seen if m["type"] == "error"]
                for err in errors:
                    assert err["message"] and "\n" not in err["message"]
                    assert "failed:" not in err["message"], (text, err)  # no internal error
                kind = msg.get("type") if isinstance(msg, dict) else None
                expected = REPLIES.get(kind) if isinstance(kind, str) else None
                assert errors or (expected and any(m["type"] == expected for m in seen)), \
                    (text, [m["type"] for m in seen])
            ws.send_json({"type": "pause"})  # no play left running between examples

        conversation()
        ws.send_json({"type": "curves", "id": 1, "points": 3, "activations": ["tanh"]})
        while (answer := ws.receive_json())["type"] != "curves":
            pass
        assert answer["id"] == 1
    assert app.state.sessions == {}


@pytest.mark.parametrize("kind", ["configure"])
def test_parse_message_whole_ranges(kind):
    """The configuration with any values of any type: a request or a ProtocolError."""

    @settings(max_examples=200, derandomize=True, deadline=None, database=None)
    @given(st.dictionaries(st.sampled_from(
        ["dataset", "noise", "size", "test_fraction", "data_seed", "hidden", "loss",
         "optimizer", "learning_rate", "batch_size", "regularization",
         "regularization_rate", "seed"]), junk | number | st.lists(layer, max_size=8),
        max_size=6))
    def check(cfg):
        try:
            parse_message(json.dumps({"type": kind, "config": cfg}))
        except ProtocolError:
            pass

    check()
