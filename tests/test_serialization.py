"""Save and load: bit-identical round trips, and a clear error for every kind of bad file."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

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


# -- how save writes: atomically, with the permissions open() gives, through symlinks ------

@pytest.fixture
def umask():
    """Set the process umask for a test (restored after)."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def small():
    return nk.Network([nk.Dense(2, 3, activation="tanh"), nk.Dense(3, 1)], seed=0)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002, 0o000], ids=oct)
def test_a_new_file_gets_the_mode_open_gives(tmp_path, umask, mask):
    umask(mask)
    nk.save(small(), tmp_path / "m.nk")
    with open(tmp_path / "by_open", "wb"):
        pass
    mode = stat.S_IMODE(os.stat(tmp_path / "m.nk").st_mode)
    assert mode == 0o666 & ~mask == stat.S_IMODE(os.stat(tmp_path / "by_open").st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o664, 0o755], ids=oct)
def test_an_existing_file_keeps_its_mode(tmp_path, umask, mode):
    path = tmp_path / "m.nk"
    path.write_bytes(b"old")
    os.chmod(path, mode)
    umask(0o022)
    nk.save(small(), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert nk.load(path).n_parameters == small().n_parameters
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.nk"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_special_bits_are_not_copied_and_long_names_work(tmp_path, umask):
    path = tmp_path / "m.nk"
    path.write_bytes(b"old")
    os.chmod(path, 0o4755)
    nk.save(small(), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o755
    long = tmp_path / ("n" * 250 + ".nk")
    nk.save(small(), long)
    assert nk.load(long).n_parameters == small().n_parameters


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_read_only_file_is_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "m.nk"
    path.write_bytes(b"old")
    os.chmod(path, 0o444)
    if os.geteuid() == 0:  # root may write anything: ask as another user would
        monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(PermissionError, match="read-only"):
        nk.save(small(), path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.nk"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symlink_is_written_through(tmp_path):
    models, links = tmp_path / "models", tmp_path / "links"
    models.mkdir()
    links.mkdir()
    target = models / "m.nk"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    link = links / "current.nk"
    link.symlink_to(os.path.join("..", "models", "m.nk"))
    net = small()
    assert nk.save(net, link) == link
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "models", "m.nk")
    np.testing.assert_array_equal(nk.load(target).get_flat(), net.get_flat())
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    # the temporary file was made next to the target (the rename is atomic there)
    assert sorted(p.name for p in models.iterdir()) == ["m.nk"]
    assert sorted(p.name for p in links.iterdir()) == ["current.nk"]
    # a chain of links, and a dangling link: its target is created, as open() would
    chain = tmp_path / "chain.nk"
    chain.symlink_to(link)
    nk.save(net, chain)
    assert chain.is_symlink() and link.is_symlink()
    dangling = links / "new.nk"
    dangling.symlink_to(models / "new.nk")
    nk.save(net, dangling)
    assert dangling.is_symlink() and (models / "new.nk").is_file()


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import neuronkit.serialization as ser

    path = tmp_path / "m.nk"
    nk.save(small(), path)
    before = path.read_bytes()
    seen = []

    def broken(f, **arrays):
        seen.extend(p.name for p in tmp_path.iterdir() if p.name != "m.nk")
        f.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(ser.np, "savez", broken)
    with pytest.raises(OSError, match="disk full"):
        nk.save(nk.Network([nk.Dense(2, 1)], seed=1), path)
    # written in the same folder (a hidden temporary file), to be renamed
    assert len(seen) == 1 and seen[0].startswith(".m.nk.") and seen[0].endswith(".tmp")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.nk"]


def test_save_replaces_atomically(tmp_path, monkeypatch):
    import neuronkit.serialization as ser

    path = tmp_path / "m.nk"
    path.write_bytes(b"old")
    calls = []
    real = os.replace

    def replace(src, dst):
        calls.append((os.path.dirname(src), os.fspath(dst)))
        assert Path(dst).read_bytes() == b"old"  # untouched until the rename
        real(src, dst)

    monkeypatch.setattr(ser.os, "replace", replace)
    nk.save(small(), path)
    assert calls == [(str(tmp_path), str(path))]
    assert nk.load(path).n_parameters == small().n_parameters


# -- dtype ------------------------------------------------------------------------------

def test_float32_round_trip_stays_float32_and_bit_identical(tmp_path):
    net, X, y = trained_net()
    net32 = net.astype("float32")
    net32.fit(X, y, learning_rate=0.01, epochs=2, batch_size=16, seed=0, progress=False)
    path = tmp_path / "m32.nk"
    net32.save(path)
    with zipfile.ZipFile(path) as zf:
        meta = json.loads(np.load(zf.open("__neuronkit__.npy")).tobytes())
        assert np.load(zf.open("0.weight.npy")).dtype == np.float32
    assert meta["dtype"] == "float32"
    back = nk.Network.load(path)
    assert back.dtype == np.float32 and repr(back) == repr(net32)
    assert all(v.dtype == np.float32 for v in back.parameters().values())
    np.testing.assert_array_equal(back.get_flat(), net32.get_flat())
    np.testing.assert_array_equal(back.forward(X), net32.forward(X))
    assert back.forward(X).dtype == np.float32
    net32.astype("float64").save(tmp_path / "m64.nk")  # 4 bytes a parameter, not 8
    size64 = (tmp_path / "m64.nk").stat().st_size
    assert size64 - path.stat().st_size == 4 * net.n_parameters


def test_float64_files_say_so_and_files_without_a_dtype_are_float64():
    net = nk.Network([nk.Dense(2, 3, activation="swish"), nk.Dense(3, 1)], seed=0)
    buf = io.BytesIO()
    net.save(buf)
    buf.seek(0)
    assert nk.load(buf).dtype == np.float64
    assert json.loads(np.load(io.BytesIO(zipfile.ZipFile(buf).read("__neuronkit__.npy")))
                      .tobytes())["dtype"] == "float64"
    meta = {"format": "neuronkit.network", "version": FORMAT_VERSION, **net.config()}
    del meta["dtype"]
    old = nk.load(_archive(meta_bytes=json.dumps(meta).encode()))
    assert old.dtype == np.float64


@pytest.mark.parametrize("kwargs,match", [
    ({"meta_update": {"dtype": "float16"}}, "dtype is 'float16'"),
    ({"meta_update": {"dtype": ["float32"]}}, r"dtype is \['float32'\]"),
    ({"meta_update": {"dtype": "float32"}}, "has dtype float64.*needs float32"),
    ({"arrays_update": {"0.weight": np.zeros((2, 3), np.float32)}},
     "has dtype float32.*needs float64"),
])
def test_bad_dtype_in_a_file(kwargs, match):
    with pytest.raises(ModelFileError, match=match):
        nk.load(_archive(**kwargs))


def test_float32_file_size_check_counts_four_bytes():
    net = nk.Network([nk.Dense(2, 3), nk.Dense(3, 1)], dtype="float32")
    meta = {"format": "neuronkit.network", "version": FORMAT_VERSION, **net.config()}
    meta["layers"][0]["out_features"] = meta["layers"][1]["in_features"] = 4000
    with pytest.raises(ModelFileError, match=r"bytes of float32\) but the file has only"):
        nk.load(_archive(meta_bytes=json.dumps(meta).encode()))


def test_exact_fraction_parameters_round_trip(tmp_path):
    from fractions import Fraction

    act = nk.activation("hard_logistic", slope=Fraction(1, 6), offset=Fraction(1, 3))
    net = nk.Network([nk.Dense(2, 3, activation=act),
                      nk.Dense(3, 1, activation=nk.activation("softplus", threshold=20))],
                     seed=0)
    path = tmp_path / "m.nk"
    nk.save(net, path)
    back = nk.load(path)
    assert back.layers[0].activation.params == {"slope": Fraction(1, 6),
                                                 "offset": Fraction(1, 3)}
    assert back.layers[1].activation.params == {"beta": 1.0, "threshold": 20.0}
    x = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_array_equal(back.forward(x), net.forward(x))
