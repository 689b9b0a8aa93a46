"""The command line through its entry point: exit codes, output, files written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neuronkit as nk
from neuronkit import report
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
    (["gate", "xnr"], "unknown gate 'xnr'; did you mean 'xnor'?"),
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
    (["train", "--data", "mnist"], "unknown data set 'mnist'"),
    (["train", "--data", "xor", "--hidden", "8,x"], "hidden layer sizes"),
    (["experiment", "nope"], "unknown experiment 'nope'"),
    (["plot"], "required"),
    (["frobnicate"], "unknown command 'frobnicate'"),
])
def test_usage_errors_are_one_line_exit_2(argv, match, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and match in err


@pytest.mark.parametrize("gate, outputs", [("and", "0001"), ("OR", "0111"), ("nand", "1110"),
                                           ("NOR", "1000"), ("xor", "0110"),
                                           ("XNOR", "1001")])
def test_gate(gate, outputs, capsys):
    assert main(["gate", gate]) == 0
    out = capsys.readouterr().out
    rows = [ln.split() for ln in out.splitlines() if ln[:1] in "01" and ln.endswith("ok")]
    assert "".join(r[2] for r in rows) == outputs and "WRONG" not in out
    if gate == "xor":
        assert "no single MP neuron" in out and "NAND" in out
    if gate == "XNOR":
        assert "no single MP neuron" in out and "y = OR(h1, h2)" in out


def test_gate_not(capsys):
    assert main(["gate", "NOT"]) == 0
    out = capsys.readouterr().out
    assert "w = [-1.0], b = 0.5" in out and out.count(" ok") == 2


@pytest.mark.parametrize("argv, name, size", [
    (["plot", "relu"], "relu.png", (1280, 800)),
    (["plot", "relu", "tanh", "--derivative", "-o", "c.png"], "c.png", (1280, 800)),
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


def _plotted(monkeypatch, argv):
    """The figure that ``main(argv)`` saves (captured; nothing is written)."""
    from neuronkit import plotting

    saved = []
    monkeypatch.setattr(plotting, "save_figures",
                        lambda fig, path: saved.append(fig) or [plotting.save_figure(fig, path)])
    assert main(argv) == 0
    return saved[0]


def test_plot_xlim_ylim_and_default_range(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    ax = _plotted(monkeypatch, ["plot", "relu6", "--xlim", "-3", "9", "--ylim", "-1", "7"]).axes[0]
    assert ax.get_xlim() == (-3.0, 9.0) and ax.get_ylim() == (-1.0, 7.0)
    ax = _plotted(monkeypatch, ["plot", "relu6"]).axes[0]
    assert ax.get_xlim() == (-2.0, 8.0)  # the declared range: the cap at 6 shows
    assert main(["plot", "relu", "--xlim", "2", "1"]) == 2
    assert "--xlim needs two finite numbers LO < HI" in capsys.readouterr().err


def test_plot_parameters_per_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv in (["plot", "relu6", "leaky_relu", "-p", "negative_slope=0.3"],
                 ["plot", "relu6", "leaky_relu", "-p", "leaky_relu:negative_slope=0.3"],
                 ["plot", "relu6", "leaky_relu:negative_slope=0.3"]):
        labels = [ln.get_label() for ln in _plotted(monkeypatch, argv).axes[0].get_lines()
                  if not ln.get_label().startswith("_")]
        assert labels == ["relu6(x)", "leaky_relu(x) (negative_slope=0.3)"], argv
    labels = [ln.get_label() for ln in _plotted(
        monkeypatch, ["plot", "elu", "celu", "-p", "alpha=0.5"]).axes[0].get_lines()
        if not ln.get_label().startswith("_")]
    assert labels == ["elu(x) (alpha=0.5)", "celu(x) (alpha=0.5)"]
    capsys.readouterr()
    assert main(["plot", "relu", "tanh", "-p", "alpha=1"]) == 2
    assert "none of relu, tanh has a parameter 'alpha'" in capsys.readouterr().err
    assert main(["plot", "relu", "-p", "elu:alpha=1"]) == 2
    assert "'elu' is not among the activations to plot" in capsys.readouterr().err


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
    assert png_size(fig) == (2200, 880)
    assert "</svg>" in fig.with_suffix(".svg").read_text()[-100:]  # the SVG beside it
    assert f"wrote {fig} (2200 x 880 px) and {fig.with_suffix('.svg')} (" in out


def test_train_in_float32_saves_a_float32_network(tmp_path, capsys):
    model = tmp_path / "f.nk"
    argv = ["train", "--data", "xor", "--hidden", "4", "--activation", "tanh",
            "--dtype", "float32", "--save", str(model)]
    assert main(argv) == 0
    assert "training accuracy" in capsys.readouterr().out
    net = nk.load(model)
    assert net.dtype == np.float32 and net.parameters()["0.weight"].dtype == np.float32


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
    assert "claim holds" in out and png_size(path) == (2200, 880)
    assert main(["experiment", "hard_vs_smooth"]) == 0  # underscores accepted
    assert "hard_logistic is at most 0.1192 from logistic" in capsys.readouterr().out


def test_tour_through_main():
    rc, out, folder, _ = cli_tour()  # no bound on its wall time: the machines are noisy
    assert rc == 0
    lines = out.splitlines()
    heads = [i for i, ln in enumerate(lines) if ln[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert [lines[i][:2] for i in heads] == ["1.", "2.", "3.", "4.", "5."]
    verdicts = {ln.split("] ")[1].split(":")[0]: ln.rsplit(": ", 1)[1]
                for ln in lines if ln.lstrip().startswith("[")}
    # the experiments run in the report's sections, each claim beside its section's text
    in_sections = [n for names in report.SECTIONS.values() for n in names]
    assert list(verdicts) == in_sections
    assert sorted(in_sections) == sorted(nk.experiments.experiment_names())
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
    assert ok.returncode == 0
    assert ok.stdout.startswith("wrote t.png (1280 x 800 px) and t.svg (")
    assert png_size(tmp_path / "t.png") == (1280, 800)
    bad = subprocess.run([str(exe), "gate", "nandd"], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == [
        "neuronkit gate: error: unknown gate 'nandd'; did you mean 'nand'? choose one of: "
        "and, nand, nor, not, or, xnor, xor"]
    usage = subprocess.run([str(exe), "train", "--data", "mnist"], capture_output=True,
                           text=True, timeout=120)
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1


def test_commands_registered():
    assert set(NEW) <= set(COMMANDS)
    assert np.all([callable(COMMANDS[c]) for c in NEW])


# -- issue 16, item 7: bad input is one line and exit 2, checked before the work ------

def _no_training(monkeypatch):
    """Make building or training a network fail the test: the errors below must come
    before either (``--hidden 100000,100000`` once allocated 74.5 GiB first)."""
    def refuse(*args, **kwargs):
        raise AssertionError("the network was built or trained before the check")

    monkeypatch.setattr("neuronkit.layers.Dense.__init__", refuse)
    monkeypatch.setattr("neuronkit.network.Network.fit", refuse)


@pytest.mark.parametrize("command", [["train", "--data", "xor"], ["experiment", "sparsity"],
                                     ["tour"]])
@pytest.mark.parametrize("seed", ["-1", "x"])
def test_seed_must_be_a_non_negative_integer(command, seed, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*command, "--seed", seed])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1
    assert f"a seed is an integer >= 0, got '{seed}'" in err


@pytest.mark.parametrize("argv, match", [
    (["--hidden", "100000,100000"], "10,000,500,001 parameters and needs about 523 GiB"),
    (["--hidden", "10000,10000"], "100,050,001 parameters and needs about 5.35 GiB"),
    (["--samples", str(10**12)], "1,000,000,000,000 samples"),
])
def test_train_refuses_absurd_networks_up_front(argv, match, capsys, monkeypatch):
    _no_training(monkeypatch)
    def no_data(*args, **kwargs):
        raise AssertionError("the data was drawn before the check")

    monkeypatch.setattr("neuronkit.datasets.two_moons", no_data)
    err = _one_line_error(capsys, ["train", "--data", "moons", *argv], match)
    assert "train stops at 4 GiB" in err


def test_train_size_estimate_lets_real_networks_through(capsys):
    assert main(["train", "--data", "xor", "--hidden", "64,64", "--epochs", "2"]) == 0
    assert "training accuracy" in capsys.readouterr().out


@pytest.mark.parametrize("option", ["--save", "--plot"])
@pytest.mark.parametrize("name", ["", "  "])
def test_train_empty_file_name_is_an_error_before_training(option, name, capsys,
                                                           monkeypatch):
    # --save "" once trained and saved nothing, silently
    _no_training(monkeypatch)
    _one_line_error(capsys, ["train", "--data", "xor", option, name],
                    f"{option} needs a file name")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("option, name", [("--save", "/proc/x.nk"), ("--plot", "/proc/x.png")])
def test_train_unwritable_output_is_an_error_before_training(option, name, capsys,
                                                             monkeypatch):
    # --save /proc/x.nk once failed after training, naming the temporary file
    _no_training(monkeypatch)
    err = _one_line_error(capsys, ["train", "--data", "xor", option, name],
                          f"cannot write '{name}': folder '/proc' does not take new files")
    assert ".tmp" not in err and "probe" not in err


def test_train_output_that_is_a_folder_is_an_error_before_training(tmp_path, capsys,
                                                                   monkeypatch):
    _no_training(monkeypatch)
    _one_line_error(capsys, ["train", "--data", "xor", "--save", str(tmp_path)],
                    "it is a folder")
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


def test_train_save_failing_after_training_names_the_file_not_the_temporary(
        tmp_path, capsys, monkeypatch):
    target = tmp_path / "m.nk"

    def full_disk(self, path):
        raise OSError(28, "No space left on device", str(path) + "q1w2e3.tmp")

    monkeypatch.setattr("neuronkit.network.Network.save", full_disk)
    err = _one_line_error(capsys, ["train", "--data", "xor", "--epochs", "2", "--save",
                                   str(target)], "No space left on device")
    assert f"cannot save the network to {target}: " in err and ".tmp" not in err


@pytest.mark.parametrize("existing", [True, False])
@pytest.mark.parametrize("save", [True, False])
def test_train_ctrl_c_is_one_line_exit_130(existing, save, tmp_path, capsys, monkeypatch):
    # Ctrl-C once printed a 20-line KeyboardInterrupt traceback (exit -2)
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("neuronkit.network.Network.fit", interrupted)
    target = tmp_path / "m.nk"
    if existing:
        target.write_bytes(b"the old network")
    argv = ["train", "--data", "xor"] + (["--save", str(target)] if save else [])
    try:
        code = main(argv)
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped main (a traceback for the user)")
    assert code == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    if not save:
        assert err == "neuronkit train: interrupted; nothing was saved\n"
    elif existing:
        assert err == f"neuronkit train: interrupted; {target} was left as it was\n"
    else:
        assert err == f"neuronkit train: interrupted; nothing was written to {target}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == (["m.nk"] if existing else [])
    if existing:
        assert target.read_bytes() == b"the old network"


def test_ctrl_c_in_other_commands_is_one_line_exit_130(capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("neuronkit.experiments.run", interrupted)
    assert main(["experiment", "sparsity"]) == 130
    assert capsys.readouterr().err == "neuronkit experiment: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_train_ctrl_c_in_a_real_process(tmp_path):
    import signal
    import time

    target = tmp_path / "m.nk"
    target.write_bytes(b"the old network")
    # a test run in the background inherits SIGINT ignored, which Python would keep: the
    # child restores Python's own handler first (not a preexec_fn, whose fork warns once
    # a multithreaded library such as JAX is loaded in this process)
    proc = subprocess.Popen(
        [sys.executable, "-u", "-c", "import signal, sys; "
         "signal.signal(signal.SIGINT, signal.default_int_handler); "
         "from neuronkit.cli import main; sys.exit(main(sys.argv[1:]))",
         "train", "--data", "spirals", "--epochs", "100000", "--save", str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:  # wait until training has started
            if line.startswith("training"):
                break
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert err == f"neuronkit train: interrupted; {target} was left as it was\n"
    assert target.read_bytes() == b"the old network"
    assert [p.name for p in tmp_path.iterdir()] == ["m.nk"]


def test_gate_caps_the_truth_table(capsys, monkeypatch):
    # gate AND --inputs 24 once took minutes and gigabytes (20 inputs: 26 s, 2.1 GB)
    from neuronkit import datasets

    real = datasets.logic_gate

    def bounded(name, n_inputs=2):
        assert n_inputs <= 12, "the table was built before the check"
        return real(name, n_inputs)

    monkeypatch.setattr(datasets, "logic_gate", bounded)
    for n in (13, 24, 1000):
        err = _one_line_error(capsys, ["gate", "AND", "--inputs", str(n)],
                              "gate prints truth tables of at most 12 inputs (4,096 rows); ")
        assert f"{n} inputs would be {2 ** n:,} rows" in err
    _one_line_error(capsys, ["gate", "xor", "--inputs", "24"], "XOR takes 2 inputs")
    assert main(["gate", "nor", "--inputs", "4"]) == 0
    out = capsys.readouterr().out
    assert out.count(" ok") == 16 and "WRONG" not in out


# -- issue 17, defect 5: the newcomer's CLI defects ----------------------------------

@pytest.mark.parametrize("n", ["0", "2", "3"])
def test_gate_not_takes_one_input(n, capsys):
    # gate NOT --inputs 2 once printed the one-input table, ignoring --inputs
    err = _one_line_error(capsys, ["gate", "NOT", "--inputs", n], "NOT takes one input")
    assert capsys.readouterr().out == "" and f"not {n}" in err
    assert main(["gate", "NOT", "--inputs", "1"]) == 0
    assert capsys.readouterr().out.count(" ok") == 2


def test_the_library_refuses_a_not_gate_of_more_inputs():
    for make in (nk.MPNeuron.gate, nk.datasets.logic_gate):
        with pytest.raises(nk.errors.ParameterError, match="not gate takes one input"):
            make("not", 2)
        assert make("not", 1) is not None


def test_every_gate_of_the_explorer_is_a_gate_of_the_cli_and_the_library(capsys):
    # the explorer had XNOR, the CLI answered "unknown gate 'xnor'"
    from neuronkit.explorer.protocol import GATES as EXPLORER_GATES

    for gate in EXPLORER_GATES:
        assert main(["gate", gate]) == 0, gate
        out = capsys.readouterr().out
        _, y = nk.datasets.logic_gate(gate)
        rows = [ln.split() for ln in out.splitlines() if ln[:1] in "01"]
        assert [int(r[2]) for r in rows] == y.tolist() and "WRONG" not in out
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    assert nk.xnor_network()(X).tolist() == [1, 0, 0, 1]  # equal inputs, by hand
    with pytest.raises(nk.errors.ParameterError, match=r"use xnor_network\(\)"):
        nk.MPNeuron.gate("xnor")


def test_the_explorer_names_the_network_of_each_non_separable_gate():
    from neuronkit.explorer.protocol import parse_message
    from neuronkit.explorer.views import neuron

    for gate, network in (("xor", "xor_network"), ("xnor", "xnor_network")):
        out = neuron(parse_message({"type": "neuron", "weights": [1, 1], "bias": -1,
                                    "gate": gate}))
        assert f"nk.{network}()" in out["why"]


def test_xnor_takes_two_inputs(capsys):
    _one_line_error(capsys, ["gate", "xnor", "--inputs", "3"], "XNOR takes 2 inputs")


@pytest.mark.parametrize("hidden", ["8,,8", "8,", ",8", ",", "8, ,8"])
def test_train_hidden_sizes_must_not_be_empty(hidden, capsys):
    # --hidden 8,,8 was accepted as 8,8
    with pytest.raises(SystemExit) as exc:
        main(["train", "--data", "xor", "--hidden", hidden])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1
    assert "expected hidden layer sizes like 8,8" in err and repr(hidden) in err


@pytest.mark.parametrize("argv, match", [
    (["--learning-rate", "-1"], "--learning-rate must be a finite number > 0, got -1"),
    (["--lr", "0"], "--learning-rate must be a finite number > 0, got 0"),
    (["--lr", "nan"], "got nan"),
    (["--lr", "inf"], "got inf"),
    (["--epochs", "0"], "--epochs must be an integer >= 1, got 0"),
    (["--batch-size", "-3"], "--batch-size must be an integer >= 1, got -3"),
])
def test_train_checks_every_setting_before_printing_anything(argv, match, capsys,
                                                              monkeypatch):
    # --learning-rate -1 once printed the data and network header, then the error
    _no_training(monkeypatch)
    assert main(["train", "--data", "moons", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and match in err


def _subparsers():
    import argparse

    from neuronkit.cli import build_parser

    action = next(a for a in build_parser()._actions
                  if isinstance(a, argparse._SubParsersAction))
    return action.choices


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_description_and_every_argument_help(command, capsys):
    # list, show and explore --help once had no description
    sub = _subparsers()[command]
    assert sub.description and len(sub.description) > 40
    for action in sub._actions:
        assert action.help, f"{command}: {action.dest} has no help"
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert sub.description.split()[0] in capsys.readouterr().out


@pytest.mark.parametrize("argv, match", [
    (["experiment", "dyingrelu"], "unknown experiment 'dyingrelu'; did you mean 'dying-relu'?"),
    (["experiment", "vanishing"], "did you mean"),
    (["train", "--data", "moon"], "unknown data set 'moon'; did you mean 'moons'?"),
    (["train", "--data", "xor", "--optimizer", "adma"], "did you mean 'adam'?"),
    (["train", "--data", "xor", "--dtype", "float16"], "unknown dtype 'float16'"),
    (["experimnt", "sparsity"], "unknown command 'experimnt'; did you mean 'experiment'?"),
])
def test_unknown_names_get_the_closest_ones(argv, match, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and match in err


@pytest.mark.parametrize("argv, match", [
    (["gate", "xnr"], "unknown gate 'xnr'; did you mean 'xnor'?"),
    (["show", "sigmod"], "did you mean 'sigmoid'?"),
    (["train", "--data", "xor", "--activation", "tahn"], "did you mean 'tanh'?"),
])
def test_unknown_names_in_commands_get_the_closest_ones(argv, match, capsys):
    _one_line_error(capsys, argv, match)


def test_every_data_set_of_train_is_in_the_library():
    # train --data moons, but nk.datasets.moons did not exist (it was two_moons)
    from neuronkit.cli import _TRAIN_DATA

    for name in _TRAIN_DATA:
        loader = "load_digits" if name == "digits" else name
        assert callable(getattr(nk.datasets, loader)), name
    assert nk.datasets.moons is nk.datasets.two_moons
    X, y = nk.datasets.moons(10, seed=1)
    assert X.shape == (10, 2) and sorted(set(y.tolist())) == [0, 1]


def test_show_prints_the_second_derivative_and_curvature(capsys):
    assert main(["show", "tanh"]) == 0
    out = capsys.readouterr().out
    assert "max |f''| = 0.7698 at x = -0.6584" in out
    header = next(line for line in out.splitlines() if line.startswith("x "))
    assert header.split() == ["x", "f(x)", "f'(x)", "f''(x)"]
    row = next(line for line in out.splitlines() if line.startswith("1 "))
    assert float(row.split()[3]) == pytest.approx(-2 * np.tanh(1) / np.cosh(1) ** 2)
    assert "  f' from y = f(x): 1 − y²\n" in out
    assert main(["show", "relu"]) == 0
    assert "curvature: f'' = 0 away from the kinks" in capsys.readouterr().out
    assert main(["show", "swish"]) == 0
    assert "from y" not in capsys.readouterr().out


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "sparsemax", "glu"])
def test_show_and_plot_of_a_vector_activation(name, capsys, tmp_path):
    # show softmax once crashed (no .properties); plot softmax said "unknown activation
    # 'softmax'; did you mean 'softmax'?"
    assert main(["show", name]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"VectorActivation({name!r}") and "jvp" in out and "vjp" in out
    err = _one_line_error(capsys, ["plot", name, "-o", str(tmp_path / "p.png")],
                          "is a vector activation")
    assert "did you mean" not in err and not (tmp_path / "p.png").exists()


def test_tour_checks_its_folder_before_printing(capsys):
    # the tour once printed "report in /nonexistent/x/" and then the error
    _one_line_error(capsys, ["tour", "--lang", "zh", "-o", "/nonexistent-dir/x"],
                    "does not exist")
    assert capsys.readouterr().out == ""


def test_train_says_one_epoch_and_names_gates_in_capitals(capsys):
    # "training 1 epochs"; "the and gate needs at least 2 inputs"
    assert main(["train", "--data", "xor", "--epochs", "1"]) == 0
    assert "training 1 epoch," in capsys.readouterr().out
    _one_line_error(capsys, ["gate", "and", "--inputs", "1"], "the AND gate needs at least 2")


def test_tour_errors_are_in_its_language(capsys, tmp_path):
    """The frame of the tour's error line and the common file errors follow --lang
    (neuronkit's own messages stay English); the other commands are English."""
    (tmp_path / "f").write_text("a file, not a folder")
    out = tmp_path / "f" / "report"
    err = _one_line_error(capsys, ["tour", "--lang", "zh", "-o", str(out)], "不是目录")
    assert err.startswith("neuronkit tour：错误：")
    err = _one_line_error(capsys, ["tour", "--lang", "en", "-o", str(out)], "Not a directory")
    assert err.startswith("neuronkit tour: error: ")
    err = _one_line_error(capsys, ["tour", "--lang", "zh", "-o", "/nonexistent-dir/x"],
                          "does not exist")
    assert err.startswith("neuronkit tour：错误：")
