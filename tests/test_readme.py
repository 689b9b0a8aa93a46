"""The README's catalogue table is the one the declarations make."""

from __future__ import annotations

from pathlib import Path

import neuronkit as nk
from neuronkit.cli import catalogue_markdown

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
