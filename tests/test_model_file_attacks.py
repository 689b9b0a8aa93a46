"""Crafted model files: each is refused quickly with a ModelFileError, allocating nothing
beyond the size of the file (issue 16, item 2), and a fuzz test of ``Network.load``.

The attacks are built by the functions at the top (``benchmarks/model_file_attacks.py``
measures them in a fresh process: time, peak memory, outcome).
"""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zipfile
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neuronkit as nk
from neuronkit.errors import ModelFileError
from neuronkit.serialization import FORMAT, FORMAT_VERSION

# -- building files by hand -----------------------------------------------------------


def npy_header(shape, descr="<f8", fortran=False) -> bytes:
    """The header that numpy.save writes for an array of *shape* and *descr*."""
    body = repr({"descr": descr, "fortran_order": fortran, "shape": tuple(shape)}).encode()
    pad = -(10 + len(body) + 1) % 64
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(body) + pad + 1) + body \
        + b" " * pad + b"\n"


def npy(arr) -> bytes:
    buf = io.BytesIO()
    np.save(buf, arr)
    return buf.getvalue()


def meta_bytes(layers, loss=None) -> bytes:
    return json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "layers": layers,
                       "loss": loss}).encode()


def dense(n_in, n_out, activation="identity"):
    return {"type": "dense", "in_features": n_in, "out_features": n_out,
            "activation": activation, "activation_params": {}, "learn_activation": []}


def maxout(n_in, n_out, pieces):
    return {"type": "maxout", "in_features": n_in, "out_features": n_out, "pieces": pieces}


def archive(meta: bytes, entries: dict[str, bytes], compress=zipfile.ZIP_STORED) -> bytes:
    """A zip archive with the architecture entry and the given raw entries."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as zf:
        zf.writestr("__neuronkit__.npy", npy(np.frombuffer(meta, dtype=np.uint8)))
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def small_net():
    return nk.Network([nk.Dense(2, 3, activation="prelu"), nk.Maxout(3, 2, pieces=2),
                       nk.Dense(2, 1, activation="swish")], seed=0)


def valid_file(net=None) -> bytes:
    buf = io.BytesIO()
    nk.save(net if net is not None else small_net(), buf)
    return buf.getvalue()


def huge_dense(n_in=30_000, n_out=30_000) -> bytes:
    """About 2 KB declaring a Dense layer of n_in x n_out (30000^2: 7.2 GB of weights)."""
    return archive(meta_bytes([dense(n_in, n_out)]),
                   {"0.weight.npy": npy(np.zeros((2, 3))), "0.bias.npy": npy(np.zeros(3))})


def huge_maxout(pieces=10**7) -> bytes:
    return archive(meta_bytes([maxout(100, 100, pieces)]),
                   {"0.weight.npy": npy(np.zeros((2, 3))), "0.bias.npy": npy(np.zeros(3))})


def zip_bomb(megabytes=100, extra_name=True) -> bytes:
    """Deflated zeros: *megabytes* MB of npy data in about a thousandth of that.

    With *extra_name* the bomb is an entry the architecture does not know; otherwise it
    is the weight entry itself, its header declaring the huge shape.
    """
    n = megabytes * (1 << 20) // 8
    header = npy_header((n,))
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    body = comp.compress(header) + b"".join(comp.compress(chunk) for _ in range(megabytes)) \
        + comp.flush()
    size = len(header) + megabytes * (1 << 20)
    net = nk.Network([nk.Dense(2, 1)], seed=0)
    entries = {f"{k}.npy": npy(v) for k, v in net.parameters().items()}
    name = "bomb.npy" if extra_name else "0.weight.npy"
    entries.pop(name, None)
    raw = archive(meta_bytes([dense(2, 1)]), entries)
    return _append_deflated(raw, name, body, size, _crc(header, bytes(1 << 20), megabytes))


def _append_deflated(raw: bytes, name: str, body: bytes, size: int, crc: int) -> bytes:
    """Rewrite archive *raw* with one more entry, deflated *body* (declared *size*)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        offset = buf.tell()
        name_b = name.encode()
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), size,
                            len(name_b), 0)
        buf.write(local + name_b + body)
        info = zipfile.ZipInfo(name)
        info.compress_type, info.header_offset = zipfile.ZIP_DEFLATED, offset
        info.compress_size, info.file_size, info.CRC = len(body), size, crc
        dst.filelist.append(info)
        dst.NameToInfo[name] = info
        dst.start_dir = buf.tell()
    return buf.getvalue()


def npy_claiming(n=10**12) -> bytes:
    """A model file whose weight entry's npy header claims *n* float64 elements."""
    net = nk.Network([nk.Dense(2, 1)], seed=0)
    entries = {f"{k}.npy": npy(v) for k, v in net.parameters().items()}
    entries["0.weight.npy"] = npy_header((n,)) + bytes(16)
    return archive(meta_bytes([dense(2, 1)]), entries)


def bare_npy_claiming(n=10**12) -> bytes:
    return npy_header((n,)) + bytes(16)


def deep_json(depth=100_000) -> bytes:
    meta = (b'{"format": "neuronkit.network", "version": 1, "layers": ' + b"[" * depth
            + b"]" * depth + b"}")
    return archive(meta, {})


def deep_json_params(depth=100_000) -> bytes:
    layer = json.dumps(dense(2, 1, "leaky_relu")).replace('"activation_params": {}',
                                                         '"activation_params": {"x": @}')
    meta = meta_bytes([0]).replace(b"[0]", b"[" + layer.encode() + b"]")
    meta = meta.replace(b"@", b"[" * depth + b"]" * depth)
    return archive(meta, {})


def many_entries(n=30_000) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__neuronkit__.npy", npy(np.frombuffer(meta_bytes([dense(2, 1)]),
                                                           dtype=np.uint8)))
        for i in range(n):
            zf.writestr(f"{i}", b"")
    return buf.getvalue()


def many_layers(n=200_000) -> bytes:
    return archive(meta_bytes([dense(1, 1)] * n), {})


def big_json(megabytes=64) -> bytes:
    """An architecture entry that declares *megabytes* MB of JSON (deflated: ~64 KB)."""
    net = nk.Network([nk.Dense(2, 1)], seed=0)
    entries = {f"{k}.npy": npy(v) for k, v in net.parameters().items()}
    n = megabytes << 20
    header = npy_header((n,), descr="|u1")
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    body = comp.compress(header) + b"".join(comp.compress(b" " * (1 << 20))
                                            for _ in range(megabytes)) + comp.flush()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return _append_deflated(buf.getvalue(), "__neuronkit__.npy", body, len(header) + n,
                            _crc(header, b" " * (1 << 20), megabytes))


def _crc(header: bytes, chunk: bytes, times: int) -> int:
    crc = zlib.crc32(header)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return crc


ATTACKS = {
    "dense 30000x30000 in 2 KB": (huge_dense, "30000"),
    "dense 10^6 x 10^6": (lambda: huge_dense(10**6, 10**6), "parameters"),
    "maxout pieces=1e7": (huge_maxout, "pieces"),
    "zip bomb, unknown entry": (zip_bomb, "compressed|unexpected"),
    "zip bomb, weight entry": (lambda: zip_bomb(extra_name=False), "compressed"),
    "npy header claiming 1e12 elements": (npy_claiming, "0.weight"),
    "bare npy claiming 1e12 elements": (bare_npy_claiming, "not a neuronkit model file"),
    "JSON nested 10^5 deep": (deep_json, "nested"),
    "JSON nested 10^5 deep in a parameter": (deep_json_params, "nested"),
    "30000 entries": (many_entries, "entries"),
    "1001 layers": (lambda: many_layers(1001), "1001 layers"),
    "200000 layers": (many_layers, "bytes of JSON"),
    "64 MB of JSON": (big_json, "architecture entry|compressed"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_crafted_file_is_refused_quickly_without_allocating(name, tmp_path):
    build, match = ATTACKS[name]
    path = tmp_path / "attack.nk"
    path.write_bytes(build())
    size = path.stat().st_size
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(ModelFileError, match=match):
            nk.load(path)
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"
    # nothing beyond the file's own size (and a little bookkeeping)
    assert peak < 2 * size + (4 << 20), f"{name}: peak {peak / 1e6:.1f} MB for {size} bytes"


def test_valid_files_still_load_within_the_file_size(tmp_path):
    net = nk.Network([nk.Dense(20, 300, activation="relu"), nk.Maxout(300, 50, pieces=3),
                      nk.Dense(50, 4, activation="softmax")], seed=0)
    path = net.save(tmp_path / "m.nk")
    tracemalloc.start()
    try:
        net2 = nk.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(net2.get_flat(), net.get_flat())
    # the network itself (parameters and gradients) and one entry at a time
    assert peak < 4 * path.stat().st_size + (1 << 20)


def test_deflated_entries_are_refused_by_name():
    net = small_net()
    buf = io.BytesIO()
    np.savez_compressed(buf, __neuronkit__=np.frombuffer(
        json.dumps({"format": FORMAT, "version": FORMAT_VERSION, **net.config()}).encode(),
        dtype=np.uint8), **net.parameters())
    buf.seek(0)
    with pytest.raises(ModelFileError, match="'__neuronkit__.npy' is compressed"):
        nk.load(buf)


@pytest.mark.parametrize("entries,match", [
    ({"0.weight.npy": npy(np.zeros((2, 1))), "0.weight.npy ": b""}, "unexpected"),
    ({"0.weight.npy": npy(np.zeros((2, 1)).astype(">f8")), "0.bias.npy": npy(np.zeros(1))},
     None),
    ({"0.weight.npy": npy(np.zeros((2, 1), dtype=object)), "0.bias.npy": npy(np.zeros(1))},
     "dtype object"),
    ({"0.weight.npy": npy(np.zeros((2, 1))) + b"extra", "0.bias.npy": npy(np.zeros(1))},
     "holds 5 bytes more"),
    ({"0.weight.npy": npy(np.zeros((2, 1)))[:-3], "0.bias.npy": npy(np.zeros(1))},
     "3 bytes less"),
    ({"0.weight.npy": b"\x93NUMPY\x01\x00\xff\xff" + bytes(20), "0.bias.npy": npy(np.zeros(1))},
     "header"),
    ({"0.weight.npy": b"PK\x03\x04", "0.bias.npy": npy(np.zeros(1))}, "not an npy array"),
    ({"0.weight.npy": npy(np.asfortranarray(np.arange(6.0).reshape(2, 3))[:, :1].copy("F")),
      "0.bias.npy": npy(np.zeros(1))}, None),
])
def test_entry_headers_are_checked(entries, match):
    raw = archive(meta_bytes([dense(2, 1)]), entries)
    if match is None:
        assert nk.load(io.BytesIO(raw)).n_parameters == 3
    else:
        with pytest.raises(ModelFileError, match=match):
            nk.load(io.BytesIO(raw))


def test_duplicate_entry_names_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("__neuronkit__.npy", npy(np.frombuffer(meta_bytes([dense(2, 1)]),
                                                           dtype=np.uint8)))
        zf.writestr("0.weight.npy", npy(np.zeros((2, 1))))
        zf.writestr("0.bias.npy", npy(np.zeros(1)))
        zf.writestr("0.bias.npy", npy(np.ones(1)))
    buf.seek(0)
    with pytest.raises(ModelFileError, match="twice"):
        nk.load(buf)


def test_the_limits_can_be_raised_for_trusted_files(monkeypatch):
    import neuronkit.serialization as ser

    net = nk.Network([nk.Dense(1, 1) for _ in range(1001)], seed=0)
    raw = valid_file(net)
    with pytest.raises(ModelFileError, match="1001 layers; at most 1000"):
        nk.load(io.BytesIO(raw))
    monkeypatch.setattr(ser, "MAX_LAYERS", 2000)
    np.testing.assert_array_equal(nk.load(io.BytesIO(raw)).get_flat(), net.get_flat())


def test_a_file_object_after_other_data_loads():
    net = small_net()
    f = io.BytesIO(b"other data" + valid_file(net))
    f.seek(len(b"other data"))
    np.testing.assert_array_equal(nk.load(f).get_flat(), net.get_flat())


def _zip64(raw: bytes) -> bytes:
    """*raw* rewritten with zip64 end records (as zipfile writes for > 65535 entries)."""
    buf = io.BytesIO()
    limit = zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP_FILECOUNT_LIMIT = 1
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(buf, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info))
    finally:
        zipfile.ZIP_FILECOUNT_LIMIT = limit
    return buf.getvalue()


def test_zip64_end_records_are_read_as_zipfile_reads_them():
    net = small_net()
    raw = _zip64(valid_file(net))
    assert b"PK\x06\x06" in raw[-200:]
    np.testing.assert_array_equal(nk.load(io.BytesIO(raw)).get_flat(), net.get_flat())
    # the zip64 record, not the plain one, says how many entries there are
    at = raw.rfind(b"PK\x06\x06")
    bad = raw[:at + 32] + struct.pack("<Q", 10**6) + raw[at + 40:]
    with pytest.raises(ModelFileError, match="1000000 entries"):
        nk.load(io.BytesIO(bad))
    bad = raw[:at + 40] + struct.pack("<Q", 10**8) + raw[at + 48:]
    with pytest.raises(ModelFileError, match="directory of"):
        nk.load(io.BytesIO(bad))


# -- fuzzing ----------------------------------------------------------------------------

_VALID = valid_file()


def _entries_of(raw: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    with np.load(io.BytesIO(raw), allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    return json.loads(arrays.pop("__neuronkit__").tobytes()), arrays


def _rebuild(meta: dict, arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, __neuronkit__=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
             **arrays)
    return buf.getvalue()


_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-3, 2**40),
                       st.floats(allow_nan=True), st.text(max_size=12),
                       st.sampled_from(["dense", "maxout", "relu", "prelu", "softmax",
                                        "negative_slope", "beta", "mse", "neuronkit.network"]))
_json = st.recursive(_json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


@st.composite
def mutated_files(draw) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "json", "shape", "header", "entries",
                                 "splice"]))
    raw = _VALID
    if kind == "flip":
        data = bytearray(raw)
        for pos in draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=8)):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        return bytes(data)
    if kind == "truncate":
        return raw[:draw(st.integers(0, len(raw) - 1))]
    if kind == "splice":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(max_size=64)) + raw[at:]
    meta, arrays = _entries_of(raw)
    if kind == "json":
        layers = meta["layers"]
        target = draw(st.sampled_from(["top", *range(len(layers))]))
        obj = meta if target == "top" else layers[target]
        key = draw(st.sampled_from([*obj, "extra"]))
        obj[key] = draw(st.one_of(_json, st.integers(-2, 10**13)))
    elif kind == "shape":
        key = draw(st.sampled_from(sorted(arrays)))
        shape = tuple(draw(st.lists(st.integers(0, 4), max_size=3)))
        dtype = draw(st.sampled_from([np.float64, np.float32, np.int64, np.uint8]))
        arrays[key] = np.zeros(shape, dtype=dtype)
    elif kind == "header":  # an entry whose npy header declares any shape and dtype
        key = draw(st.sampled_from(sorted(arrays)))
        shape = draw(st.lists(st.integers(0, 10**13), max_size=3))
        descr = draw(st.sampled_from(["<f8", ">f8", "<f4", "|u1", "|O", "<i8"]))
        entries = {f"{k}.npy": npy(v) for k, v in arrays.items()}
        entries[f"{key}.npy"] = npy_header(shape, descr) + draw(st.binary(max_size=64))
        return archive(json.dumps(meta).encode(), entries)
    else:
        key = draw(st.sampled_from(sorted(arrays)))
        action = draw(st.sampled_from(["drop", "rename", "add"]))
        value = arrays.pop(key)
        if action == "rename":
            arrays[draw(st.text(min_size=1, max_size=6))] = value
        elif action == "add":
            arrays[key] = value
            arrays[key + "x"] = value
    return _rebuild(meta, arrays)


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_files())
def test_fuzz_load_gives_a_network_or_a_model_file_error(raw):
    try:
        net = nk.load(io.BytesIO(raw))
    except ModelFileError:
        return
    assert isinstance(net, nk.Network)
    out = net.forward(np.zeros((1, net.in_features)))
    assert out.shape == (1, net.out_features)


# -- measuring (python tests/test_model_file_attacks.py [--limit-gb N]) --------------------

_PROBE = r"""
import resource, sys, time
gb = float(sys.argv[2])
if gb:
    resource.setrlimit(resource.RLIMIT_AS, (int(gb * 2**30), resource.RLIM_INFINITY))
import neuronkit as nk
import tracemalloc
tracemalloc.start()
t0 = time.perf_counter()
try:
    nk.load(sys.argv[1])
    outcome = "loaded"
except BaseException as exc:
    outcome = f"{type(exc).__name__}: {str(exc)[:150]}"
dt = time.perf_counter() - t0
peak = tracemalloc.get_traced_memory()[1]
print(f"{dt:8.3f} s {peak / 2**20:9.1f} MiB  {outcome}")
"""


def _measure(limit_gb: float) -> None:
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, _) in ATTACKS.items():
            path = Path(tmp) / "attack.nk"
            path.write_bytes(build())
            run = subprocess.run([sys.executable, "-c", _PROBE, str(path), str(limit_gb)],
                                 capture_output=True, text=True, timeout=600)
            line = run.stdout.strip() or f"exit {run.returncode}: {run.stderr.strip()[-150:]}"
            print(f"{name:40s} {path.stat().st_size:>9d} B {line}", flush=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit-gb", type=float, default=4.0,
                        help="address-space limit of each probe (0: none)")
    _measure(parser.parse_args().limit_gb)
