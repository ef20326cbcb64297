"""The README is true: its Python examples run, and it documents every command and setting."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from kgapp.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def test_python_examples_run() -> None:
    result = doctest.testfile(
        str(README), module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 5
    assert result.failed == 0


def test_every_command_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for name in main.commands:
        assert re.search(rf"`kg {name}\b", text), f"kg {name} is not in the README"


def test_settings_table_is_the_code_table() -> None:
    from kgapp.server import markdown_table

    assert markdown_table() in README.read_text(encoding="utf-8")


def test_the_two_commands_are_there() -> None:
    text = README.read_text(encoding="utf-8")
    assert ".venv/bin/pip install . && .venv/bin/kg render -o stalin-kg.html --open" in text
    assert ".venv/bin/pip install '.[test]' && .venv/bin/python -m pytest" in text
