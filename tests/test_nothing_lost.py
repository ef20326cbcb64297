"""Nothing the user had is lost: atomic outputs, no writes over inputs or into data/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.atomic
from graph.paths import data_dir
from kgapp.cli import main

CLEAN = Path(__file__).parent / "fixtures" / "check" / "clean.ttl"


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt  # as if the user pressed Ctrl-C while the file was being written


@pytest.mark.parametrize(
    "args",
    [["render"], ["export", "-f", "gexf"], ["export", "-f", "jsonld"], ["export", "-f", "csv"]],
    ids=lambda a: " ".join(a),
)
def test_interrupted_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    target = tmp_path / "out.file"
    target.write_text("the user's earlier output", encoding="utf-8")
    monkeypatch.setattr(graph.atomic.os, "fsync", _interrupt)
    result = CliRunner().invoke(main, [*args, "-o", str(target)])
    assert result.exit_code == 1 and "Aborted!" in result.output  # click's answer to Ctrl-C
    assert target.read_text(encoding="utf-8") == "the user's earlier output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.file"]  # no temporary left


@pytest.mark.parametrize("command", [["export", "-f", "nt"], ["render"]], ids=lambda c: c[0])
def test_output_may_not_be_an_input(tmp_path: Path, command: list[str]) -> None:
    mine = tmp_path / "mine.ttl"
    shutil.copy(CLEAN, mine)
    before = mine.read_bytes()
    result = CliRunner().invoke(main, [*command, "--data", str(mine), "-o", str(mine)])
    assert result.exit_code == 2 and "refusing to write" in result.stderr
    assert mine.read_bytes() == before


def test_no_command_writes_into_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in data_dir().iterdir()}
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in (["check"], ["query", "family"], ["show", "Stalin"], ["stats"],
                 ["render", "-o", "p.html"], ["export", "-f", "nt", "-o", "g.nt"]):
        assert runner.invoke(main, args).exit_code == 0, args
    assert {p.name: p.stat().st_mtime_ns for p in data_dir().iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nt", "p.html"]
