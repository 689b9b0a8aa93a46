"""The README: its catalogue table is the one the declarations make, its examples run,
its command lines parse, and its numbers are the code's."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import neuronkit as nk
from neuronkit.cli import build_parser, catalogue_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_catalogue_table_is_generated_from_the_declarations():
    table = catalogue_markdown()
    assert table in README.read_text(encoding="utf-8"), (
        "README.md's catalogue table is out of date; replace it with the output of "
        "'neuronkit list --markdown':\n" + table)


def test_the_table_has_every_name_alias_and_parameter():
    table = catalogue_markdown()
    rows = table.splitlines()[2:]
    assert [r.split("|")[1].strip(" `") for r in rows] == nk.activation_names()
    for alias in nk.ALIASES:
        assert f"`{alias}`" in table
    for spec in nk.REGISTRY.values():
        for p in spec.params:
            assert f"`{p.name}`" in table


# -- issue 17, defect 1: every example in the README runs as written --------------------

def _blocks(language: str) -> list[str]:
    """The README's fenced code blocks of *language*, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"),
                      re.S | re.M)


PYTHON_BLOCKS = _blocks("python")


def test_the_readme_has_its_python_examples():
    assert len(PYTHON_BLOCKS) >= 3
    assert any("nk.experiments.run" in block for block in PYTHON_BLOCKS)


@pytest.mark.parametrize("number", range(1, len(PYTHON_BLOCKS) + 1))
def test_each_python_block_runs_on_its_own(number, tmp_path, monkeypatch):
    # block 3 once failed with NameError: net (it used names of block 2)
    block = PYTHON_BLOCKS[number - 1]
    first = block.split("\n", 1)[0]
    if needs := re.fullmatch(r"# needs: (.+)", first):  # optional libraries, by name
        for library in needs[1].split(","):
            pytest.importorskip(library.strip())
    if why := re.fullmatch(r"# not run by the tests: (.+)", first):
        pytest.skip(why[1])
    monkeypatch.chdir(tmp_path)  # the files the examples write land here
    code = compile(block, f"README.md, python block {number}", "exec")
    exec(code, {"__name__": "__readme__"})


def _command_lines() -> list[list[str]]:
    """Every ``neuronkit ...`` command of the README's bash blocks, as argv lists
    (commands chained with && are split; comments dropped)."""
    commands = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            for part in line.split("&&"):
                words = shlex.split(part, comments=True)
                if words and Path(words[0]).name == "neuronkit":
                    commands.append(words[1:])
    return commands


@pytest.mark.parametrize("argv", _command_lines(), ids=" ".join)
def test_each_command_line_of_the_readme_parses(argv):
    build_parser().parse_args(argv)  # a usage error exits with status 2: the test fails


def test_the_readme_states_the_explorers_limits():
    from neuronkit.explorer.protocol import LIMITS

    text = " ".join(README.read_text(encoding="utf-8").split())
    assert f"up to {LIMITS['max_curves']} of the catalogue's activations together" in text
    assert (f"up to {LIMITS['max_hidden_layers']} hidden layers of up to "
            f"{LIMITS['max_units']} neurons") in text
