"""The command line through its entry point: exit codes, output, files written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neuronkit as nk
from neuronkit.cli import COMMANDS, main
from tourcache import cli_tour, grid_size, png_size

NEW = ["plot", "gate", "train", "experiment", "tour"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_on_every_command(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert f"usage: neuronkit {command}" in capsys.readouterr().out


def _one_line_error(capsys, argv, match):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and match in err and "Traceback" not in err
    return err


@pytest.mark.parametrize("argv, match", [
    (["plot", "sigmod"], "did you mean 'sigmoid'"),
    (["plot", "relu", "-o", "x.jpg"], ".png or .svg"),
    (["plot", "relu", "-o", "/nonexistent-dir/x.png"], "does not exist"),
    (["plot", "all", "-p", "alpha=1"], "not to 'all'"),
    (["gate", "xnor"], "unknown gate 'xnor'"),
    (["gate", "and", "--inputs", "1"], "at least 2 inputs"),
    (["train", "--data", "xor", "--activation", "nope"], "unknown activation"),
    (["train", "--data", "xor", "--epochs", "0"], "epochs must be"),
    (["train", "--data", "moons", "--samples", "0"], "n_samples"),
    (["train", "--data", "xor", "--save", "/nonexistent-dir/m.nk"], "does not exist"),
    (["experiment", "sparsity", "--plot", "s.gif"], ".png or .svg"),
    (["experiment", "all", "--plot", "s.png"], "single experiment"),
    (["tour", "-o", "/nonexistent-dir/sub/report"], "does not exist"),
])
def test_user_errors_are_one_line_exit_2(argv, match, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _one_line_error(capsys, argv, match)


@pytest.mark.parametrize("argv, match", [
    (["train"], "--data"),
    (["train", "--data", "mnist"], "invalid choice"),
    (["train", "--data", "xor", "--hidden", "8,x"], "hidden layer sizes"),
    (["experiment", "nope"], "invalid choice"),
    (["plot"], "required"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_are_one_line_exit_2(argv, match, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and match in err


@pytest.mark.parametrize("gate, outputs", [("and", "0001"), ("OR", "0111"), ("nand", "1110"),
                                           ("NOR", "1000"), ("xor", "0110")])
def test_gate(gate, outputs, capsys):
    assert main(["gate", gate]) == 0
    out = capsys.readouterr().out
    rows = [ln.split() for ln in out.splitlines() if ln[:1] in "01" and ln.endswith("ok")]
    assert "".join(r[2] for r in rows) == outputs and "WRONG" not in out
    if gate == "xor":
        assert "no single MP neuron" in out and "NAND" in out


def test_gate_not(capsys):
    assert main(["gate", "NOT"]) == 0
    out = capsys.readouterr().out
    assert "w = [-1.0], b = 0.5" in out and out.count(" ok") == 2


@pytest.mark.parametrize("argv, name, size", [
    (["plot", "relu"], "relu.png", (640, 400)),
    (["plot", "relu", "tanh", "--derivative", "-o", "c.png"], "c.png", (640, 400)),
    (["plot", "leaky_relu", "-p", "negative_slope=0.2", "-o", "l.svg"], "l.svg", None),
    (["plot", "all", "--derivative", "-o", "grid.png"], "grid.png",
     grid_size(len(nk.activation_names()))),
])
def test_plot_writes_files(argv, name, size, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 0
    path = tmp_path / name
    assert f"wrote {name}" in capsys.readouterr().out
    assert path.stat().st_size > 5000
    if size:
        assert png_size(path) == size
    else:
        assert "</svg>" in path.read_text()[-100:]


def test_train_xor_save_and_plot(tmp_path, capsys):
    model, fig = tmp_path / "xor.nk", tmp_path / "xor.png"
    argv = ["train", "--data", "xor", "--hidden", "4", "--activation", "tanh",
            "--save", str(model), "--plot", str(fig)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "training accuracy 100.0%" in out
    net = nk.Network.load(model)
    X, y = nk.datasets.xor()
    assert net.predict(X).tolist() == y.tolist()
    assert png_size(fig) == (1100, 440)


@pytest.mark.parametrize("data, hidden, act", [("moons", "8,8", "relu"),
                                               ("circles", "8", "tanh"),
                                               ("spirals", "16,16", "relu")])
def test_train_other_data(data, hidden, act, capsys):
    assert main(["train", "--data", data, "--hidden", hidden, "--activation", act]) == 0
    out = capsys.readouterr().out
    test_acc = float(out.split("test accuracy ")[1].split("%")[0])
    assert test_acc >= 90.0


def test_train_digits(capsys):
    pytest.importorskip("sklearn")
    assert main(["train", "--data", "digits", "--hidden", "32", "--activation", "relu",
                 "--epochs", "10"]) == 0
    out = capsys.readouterr().out
    assert float(out.split("test accuracy ")[1].split("%")[0]) >= 90.0


def test_experiment(tmp_path, capsys):
    path = tmp_path / "s.png"
    assert main(["experiment", "sparsity", "--plot", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("claim: ReLU gives sparse activations")
    assert "claim holds" in out and png_size(path) == (1100, 440)
    assert main(["experiment", "hard_vs_smooth"]) == 0  # underscores accepted
    assert "hard_logistic deviates from logistic by at most 0.1192" in capsys.readouterr().out


def test_tour_through_main():
    rc, out, folder, seconds = cli_tour()
    assert rc == 0
    assert seconds < 60, f"the tour took {seconds:.1f} s"
    lines = out.splitlines()
    heads = [i for i, ln in enumerate(lines) if ln[:2] in ("1.", "2.", "3.", "4.")]
    assert [lines[i][:2] for i in heads] == ["1.", "2.", "3.", "4."]
    verdicts = {ln.split("] ")[1].split(":")[0]: ln.rsplit(": ", 1)[1]
                for ln in lines if ln.lstrip().startswith("[")}
    assert list(verdicts) == nk.experiments.experiment_names()
    # every deterministic claim holds; hard-vs-smooth also judges timings (machine-dependent)
    assert all(v.startswith("holds") for k, v in verdicts.items() if k != "hard-vs-smooth")
    n = len(nk.activation_names())
    assert f"declared properties confirmed by measurement: {n} of {n}" in out
    assert "claims hold" in lines[-1] and lines[-1].startswith("Done in")
    assert (folder / "report.html").stat().st_size > 100_000
    assert len(list((folder / "figures").glob("*.png"))) == 10
    assert len(list((folder / "figures").glob("*.svg"))) == 10


def _entry_point() -> Path:
    exe = Path(sys.executable).parent / "neuronkit"
    if not exe.exists():
        pytest.skip("the neuronkit entry point is not installed next to this Python")
    return exe


def test_installed_entry_point(tmp_path):
    exe = _entry_point()
    ok = subprocess.run([str(exe), "plot", "tanh", "--derivative", "-o", "t.png"],
                        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.strip() == "wrote t.png (640 x 400 px)"
    assert png_size(tmp_path / "t.png") == (640, 400)
    bad = subprocess.run([str(exe), "gate", "xnor"], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == [
        "neuronkit gate: error: unknown gate 'xnor'; choose one of: AND, OR, NOT, NAND, NOR, "
        "XOR"]
    usage = subprocess.run([str(exe), "train", "--data", "mnist"], capture_output=True,
                           text=True, timeout=120)
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1


def test_commands_registered():
    assert set(NEW) <= set(COMMANDS)
    assert np.all([callable(COMMANDS[c]) for c in NEW])
