"""The installed package (``pip install .``) works from any directory and leaves no files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
KG = BIN / "kg"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    if not KG.exists():
        pytest.fail(f"{KG} is missing: install the project first (`pip install '.[test]'`)")
    return tmp_path


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_console_script_checks_the_bundled_data(elsewhere: Path) -> None:
    done = run([str(KG), "check"], elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("0 problems")
    assert list(elsewhere.iterdir()) == []


def test_import_finds_the_installed_data(elsewhere: Path) -> None:
    code = (
        "import graph, graph.paths as p; kg = graph.load();"
        "print(p.data_dir()); print(kg.label(kg.find('trotsky')))"
    )
    done = run([sys.executable, "-c", code], elsewhere)
    assert done.returncode == 0, done.stderr
    folder, label = done.stdout.splitlines()
    assert label == "Trotsky"
    assert Path(folder, "triples.ttl").is_file()


def test_query_from_another_directory(elsewhere: Path) -> None:
    done = run([str(KG), "query", "family", "-f", "csv"], elsewhere)
    assert done.returncode == 0, done.stderr
    assert "https://w3id.org/stalin-kg/person/Jakow" in done.stdout
