"""Save and load: bit-identical round trips, and a clear error for every kind of bad file."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

import neuronkit as nk
from neuronkit.errors import ModelFileError
from neuronkit.serialization import FORMAT_VERSION


def trained_net():
    X, y = nk.datasets.spirals(120, arms=3, seed=0)
    net = nk.Network([nk.Dense(2, 8, activation="prelu"), nk.Maxout(8, 6, pieces=3),
                      nk.Dense(6, 6, activation="swish"),
                      nk.Dense(6, 5, activation=nk.activation("leaky_relu", negative_slope=0.1)),
                      nk.Dense(5, 3, activation="softmax")], seed=0)
    net.fit(X, y, loss="cross_entropy", learning_rate=0.01, epochs=5, batch_size=16, seed=0,
            progress=False)
    return net, X, y


def test_round_trip_is_bit_identical(tmp_path):
    net, X, y = trained_net()
    path = tmp_path / "m.nk"
    assert net.save(path) == path
    assert path.exists() and not (tmp_path / "m.nk.npz").exists()
    net2 = nk.Network.load(path)
    assert repr(net2) == repr(net) and net2.loss == "cross_entropy"
    np.testing.assert_array_equal(net2.get_flat(), net.get_flat())
    for key, value in net.parameters().items():
        np.testing.assert_array_equal(net2.parameters()[key], value)
    assert np.array_equal(net2.predict_proba(X), net.predict_proba(X))
    assert np.array_equal(net2.predict(X), net.predict(X))
    # the learned activation parameters came back
    assert net2.layers[0].current_activation() == net.layers[0].current_activation()
    # and the loaded network trains on
    net2.fit(X, y, epochs=1, seed=0, progress=False)


def test_round_trip_keeps_which_parameters_are_learned():
    net = nk.Network([nk.Dense(2, 3, activation="silu"),
                      nk.Dense(3, 3, activation="prelu", learn_activation=False),
                      nk.Dense(3, 1, activation="swish")], seed=0)
    buf = io.BytesIO()
    nk.save(net, buf)
    buf.seek(0)
    net2 = nk.load(buf)
    assert [layer.learnable for layer in net2.layers] == [(), (), ("beta",)]
    assert list(net2.parameters()) == list(net.parameters())


def test_round_trip_through_file_objects_and_string_paths(tmp_path):
    net, X, _ = trained_net()
    buf = io.BytesIO()
    nk.save(net, buf)
    buf.seek(0)
    assert np.array_equal(nk.load(buf).forward(X), net.forward(X))
    name = str(tmp_path / "model")
    nk.save(net, name)
    assert np.array_equal(nk.load(name).forward(X), net.forward(X))


def test_archive_has_json_architecture_and_plain_arrays(tmp_path):
    net, _, _ = trained_net()
    path = net.save(tmp_path / "m.nk")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert "__neuronkit__.npy" in names and "0.weight.npy" in names
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(data["__neuronkit__"].tobytes())
    assert meta["format"] == "neuronkit.network" and meta["version"] == FORMAT_VERSION
    assert [layer["type"] for layer in meta["layers"]] == ["dense", "maxout", "dense", "dense",
                                                           "dense"]
    assert meta["layers"][3]["activation_params"] == {"negative_slope": 0.1}


# -- bad files ------------------------------------------------------------------------

def _archive(meta_update=None, arrays_update=None, drop=(), meta_bytes=None):
    """A model file built by hand from a small network, with some things changed."""
    net = nk.Network([nk.Dense(2, 3, activation="swish"), nk.Dense(3, 1)], seed=0)
    meta = {"format": "neuronkit.network", "version": FORMAT_VERSION, **net.config()}
    meta.update(meta_update or {})
    arrays = {k: v.copy() for k, v in net.parameters().items()}
    arrays.update(arrays_update or {})
    for k in drop:
        arrays.pop(k)
    raw = meta_bytes if meta_bytes is not None else json.dumps(meta).encode()
    buf = io.BytesIO()
    np.savez(buf, __neuronkit__=np.frombuffer(raw, dtype=np.uint8), **arrays)
    buf.seek(0)
    return buf


def test_hand_built_archive_loads():
    assert nk.load(_archive()).n_parameters == 6 + 3 + 1 + 3 + 1


@pytest.mark.parametrize("kwargs,match", [
    ({"meta_update": {"version": 2}}, "version 2 is not supported.*newer"),
    ({"meta_update": {"version": 0}}, "version 0 is not supported"),
    ({"meta_update": {"version": "1"}}, "not an integer"),
    ({"meta_update": {"format": "keras"}}, "format is 'keras'"),
    ({"meta_update": {"layers": []}}, "no list of layers"),
    ({"meta_update": {"loss": "hinge"}}, "unknown loss 'hinge'"),
    ({"meta_update": {"layers": [{"type": "dense", "in_features": 2, "out_features": 3,
                                  "activation": "sigmod", "activation_params": {},
                                  "learn_activation": []},
                                 {"type": "dense", "in_features": 3, "out_features": 1,
                                  "activation": "identity", "activation_params": {},
                                  "learn_activation": []}]}}, "unknown activation 'sigmod'"),
    ({"meta_update": {"layers": [{"type": "dense", "in_features": 2, "out_features": 3,
                                  "activation": "tanh", "activation_params": {},
                                  "learn_activation": ["beta"]},
                                 {"type": "dense", "in_features": 3, "out_features": 1,
                                  "activation": "identity", "activation_params": {},
                                  "learn_activation": []}]}}, "tanh cannot learn"),
    ({"meta_update": {"layers": [{"type": "conv", "in_features": 2, "out_features": 3}]}},
     "unknown type 'conv'"),
    ({"meta_update": {"layers": [{"type": "dense", "in_features": 2}]}}, "lacks the key"),
    ({"meta_update": {"layers": [{"type": "maxout", "in_features": 2, "out_features": 3,
                                  "pieces": 2},
                                 {"type": "maxout", "in_features": 4, "out_features": 1,
                                  "pieces": 2}]}}, "inconsistent architecture"),
    ({"drop": ["1.bias"]}, r"missing \['1.bias'\]"),
    ({"arrays_update": {"2.weight": np.zeros(3)}}, r"unexpected \['2.weight'\]"),
    ({"arrays_update": {"0.weight": np.zeros((3, 2))}}, r"shape \(3, 2\).*\(2, 3\)"),
    ({"arrays_update": {"0.weight": np.zeros((2, 3), dtype=np.float32)}}, "dtype float32"),
    ({"arrays_update": {"1.bias": np.array([np.nan])}}, "NaN or inf"),
    ({"arrays_update": {"0.beta": np.array([-1.0])}}, "learned beta=-1.0 is invalid"),
    ({"meta_bytes": b"{not json"}, "not valid JSON"),
    ({"meta_bytes": b"[1, 2]"}, "not a JSON object"),
])
def test_invalid_contents(kwargs, match):
    with pytest.raises(ModelFileError, match=match):
        nk.load(_archive(**kwargs))


def test_truncated_files(tmp_path):
    net, _, _ = trained_net()
    data = net.save(tmp_path / "m.nk").read_bytes()
    for cut in (0, 10, 100, len(data) // 2, len(data) - 30, len(data) - 1):
        bad = tmp_path / f"cut{cut}.nk"
        bad.write_bytes(data[:cut])
        with pytest.raises(ModelFileError, match="truncated or corrupted|not a neuronkit"):
            nk.load(bad)


def test_corrupted_files(tmp_path):
    net, _, _ = trained_net()
    data = bytearray(net.save(tmp_path / "m.nk").read_bytes())
    rng = np.random.default_rng(0)
    for i, pos in enumerate(rng.integers(200, len(data) - 200, size=12)):
        bad_bytes = bytearray(data)
        bad_bytes[pos] ^= 0xFF
        bad = tmp_path / f"bad{i}.nk"
        bad.write_bytes(bytes(bad_bytes))
        try:
            loaded = nk.load(bad)
        except ModelFileError:
            continue
        # a flipped byte that lands in zip padding can be harmless: then nothing changed
        np.testing.assert_array_equal(loaded.get_flat(), net.get_flat())


def test_not_a_model_file(tmp_path):
    junk = tmp_path / "junk.nk"
    junk.write_bytes(b"hello, this is not a zip archive at all" * 10)
    with pytest.raises(ModelFileError):
        nk.load(junk)
    npy = tmp_path / "a.npy"
    np.save(npy, np.zeros(3))
    with pytest.raises(ModelFileError, match="not a neuronkit model file"):
        nk.load(npy)
    plain = tmp_path / "plain.npz"
    np.savez(plain, a=np.zeros(3))
    with pytest.raises(ModelFileError, match="no architecture entry"):
        nk.load(plain)
    with pytest.raises(ModelFileError, match="no such file"):
        nk.load(tmp_path / "missing.nk")


def test_pickled_content_is_refused_not_executed(tmp_path):
    calls = []
    buf = io.BytesIO()
    np.savez(buf, __neuronkit__=np.array([{"payload": calls}], dtype=object))
    buf.seek(0)
    with pytest.raises(ModelFileError):
        nk.load(buf)
    assert calls == []
