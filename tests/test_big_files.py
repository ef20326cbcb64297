"""A file of megabytes: progress is shown while it is read and checked, and the answers are right.

The file (about 190,000 triples, 8.6 MB of Turtle: big enough for progress in a log, which
starts at ``graph.progress.PROGRESS_BYTES``) comes from ``benchmarks/generate.py``, in the
project's own model, so it checks clean. How much memory the commands take on a 100 MB file,
against a bare pyoxigraph load of it, is a benchmark (``benchmarks/run.py``, item
``bigfile``), not a test: no test here asserts a time or a memory budget.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.progress import PROGRESS_BYTES

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "benchmarks" / "generate.py"
KG = [sys.executable, "-m", "kgapp"]
#: Triples of the generated file: a little over PROGRESS_BYTES of Turtle.
TRIPLES = 190_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not GENERATOR.is_file():
        pytest.skip(f"the synthetic-graph generator {GENERATOR} is not in this checkout")
    path = tmp_path_factory.mktemp("big") / "big.ttl"
    subprocess.run([sys.executable, str(GENERATOR), "--triples", str(TRIPLES), "--seed", "3",
                    "-o", str(path)], check=True, timeout=600)
    assert path.stat().st_size > PROGRESS_BYTES
    yield path
    path.unlink()


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def _drain(stream: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(stream, 65536)
        except OSError:  # a terminal's reader gets EIO once the other side is closed
            return
        if not chunk:
            return
        into.append(chunk)


def run(argv: list[str], *, terminal: bool = False, timeout: float = 600) -> Run:
    """Run ``argv`` to its end (stderr on a pseudo-terminal if ``terminal``)."""
    out_r, out_w = os.pipe()
    err_r, err_w = pty.openpty() if terminal else os.pipe()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=err_w,
                               cwd=ROOT)
    os.close(out_w)
    os.close(err_w)
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=_drain, args=(fd, into), daemon=True)
               for fd, into in ((out_r, out), (err_r, err))]
    for reader in readers:
        reader.start()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"{argv} did not finish within {timeout} s")
    finally:
        for reader in readers:
            reader.join(10)
        os.close(out_r)
        os.close(err_r)
    return Run(process.returncode, b"".join(out).decode(), b"".join(err).decode())


def test_loading_shows_progress_on_a_terminal(big_file: Path) -> None:
    done = run([*KG, "query", "exiled-with", "--data", str(big_file), "-f", "tsv"],
               terminal=True)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0].startswith("?") and len(rows) > 10  # the generated exiles
    # one status per percent, each overwriting the last, cleared at the end
    statuses = re.findall(r"\rreading big\.ttl: (\d+)% \((\d+) of (\d+) MB\)", done.stderr)
    percents = [int(p) for p, _, _ in statuses]
    assert percents == sorted(percents) and len(percents) >= 90 and percents[-1] == 100
    megabytes = f"{big_file.stat().st_size / 1e6:.0f}"  # the whole file, read
    assert statuses[-1][1:] == (megabytes, megabytes)
    assert done.stderr.endswith("\r\x1b[K")


def test_loading_is_silent_in_a_log(tmp_path: Path) -> None:
    """Without a terminal, loading says nothing (a script's stderr stays clean)."""
    small = tmp_path / "small.ttl"
    subprocess.run([sys.executable, str(GENERATOR), "--triples", "40000", "-o", str(small)],
                   check=True, timeout=120)
    assert small.stat().st_size > 1_000_000
    done = run([*KG, "query", "exiled-with", "--data", str(small)])
    assert done.returncode == 0 and done.stderr == ""


# pyshacl's chunks in workers (the reference engine, minutes at this size) are checked against
# one chunk on smaller graphs in tests/test_check_scale.py
@pytest.mark.parametrize("parts", ["off", "on"])
def test_check_shows_progress_in_a_log(
    big_file: Path, parts: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_SHACL_ENGINE", "pyshacl-turbo")
    monkeypatch.setenv("KG_SHACL_PARTS", parts)
    done = run([*KG, "check", str(big_file)])
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.fullmatch(r"ok: 1 file, 1\d{5} triples, 0 problems\n", done.stdout), done.stdout
    lines = done.stderr.splitlines()
    assert lines[0] == "loading big.ttl…"
    # SHACL's progress: 0% when it starts, then (in a log, at most one line every 2 s) rising
    shacl = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"SHACL (\d+)%…", line))]
    assert shacl[:1] == [0] and shacl == sorted(shacl), lines
    assert "checking quotes, entities, edges and duplicates…" in lines
