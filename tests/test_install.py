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


def test_exit_statuses_survive_the_quick_exit(elsewhere: Path) -> None:
    """The script ends with os._exit (kgapp.console): statuses and messages must be as before."""
    missing = run([str(KG), "query", "family", "--data", "missing.ttl"], elsewhere)
    assert missing.returncode == 2
    assert "missing.ttl" in missing.stderr and "Traceback" not in missing.stderr
    usage = run([str(KG), "query"], elsewhere)
    assert usage.returncode == 2 and "Usage:" in usage.stderr
    assert run([str(KG), "--version"], elsewhere).returncode == 0


def test_long_output_is_flushed_whole(elsewhere: Path) -> None:
    """Output still buffered when the command returns is written before the process ends."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    done = run([str(KG), "query", query, "-f", "tsv"], elsewhere)
    assert done.returncode == 0, done.stderr
    count = run([str(KG), "stats"], elsewhere)
    assert count.returncode == 0, count.stderr
    rows = done.stdout.splitlines()
    assert rows[0] == "?s\t?p\t?o" and len(rows) > 2000
    assert done.stdout.endswith("\n")
    assert len(set(rows[1:])) == len(rows) - 1


@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_a_closed_pipe_ends_quietly(elsewhere: Path, reader: str) -> None:
    """``kg query ... | head -1``: the reader goes away early (``true``: before the first
    write); no traceback, a failing status for ``set -o pipefail``."""
    script = f"'{KG}' query 'SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }}' -f tsv | {reader}"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", script], cwd=elsewhere,
                          env={"PATH": f"{BIN}:/usr/bin:/bin", "LANG": "C.UTF-8"},
                          capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    if reader == "true":
        assert done.stdout == "" and done.returncode in (1, 141)
    else:
        assert done.stdout == "?s\t?p\t?o\n" and done.returncode in (0, 1, 141)
