"""A 100 MB file: progress is shown while it is read and checked, and memory stays bounded.

The file (about 2.2 million triples, 102 MB of Turtle) comes from ``benchmarks/generate.py``,
in the project's own model, so it checks clean. Memory is the peak proportional set size of
the command's whole process tree (``kg check`` validates in worker processes), sampled every
0.1 s, against a bare pyoxigraph ``bulk_load`` of the same file measured the same way in the
same test: the store itself is the floor, and the commands may add only a bounded overhead.
No test here asserts a time.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench import bench_module

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "benchmarks" / "generate.py"
KG = [sys.executable, "-m", "graph"]
FLOOR = ("import sys, pyoxigraph as ox\n"
         "ox.Store().bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)\n")

common = bench_module("common")  # tree_pss_mb: the benchmarks' memory of a process tree
pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(),
                                reason="memory is read from /proc (Linux)")


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not GENERATOR.is_file():
        pytest.skip(f"the synthetic-graph generator {GENERATOR} is not in this checkout")
    path = tmp_path_factory.mktemp("big") / "big.ttl"
    subprocess.run([sys.executable, str(GENERATOR), "--triples", "2200000", "--seed", "3",
                    "-o", str(path)], check=True, timeout=600)
    assert path.stat().st_size > 100_000_000
    yield path
    path.unlink()


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


def _drain(stream: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(stream, 65536)
        except OSError:  # a terminal's reader gets EIO once the other side is closed
            return
        if not chunk:
            return
        into.append(chunk)


def run_measured(argv: list[str], *, terminal: bool = False, timeout: float = 1200) -> Run:
    """Run ``argv`` (stderr on a pseudo-terminal if ``terminal``), sampling its memory."""
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
    peak, deadline = 0.0, time.monotonic() + timeout
    while process.poll() is None:
        peak = max(peak, common.tree_pss_mb(process.pid) or 0.0)
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{argv} did not finish within {timeout} s")
        time.sleep(0.1)
    for reader in readers:
        reader.join(10)
    os.close(out_r)
    os.close(err_r)
    return Run(process.returncode, b"".join(out).decode(), b"".join(err).decode(), peak)


@pytest.fixture(scope="module")
def floor_mb(big_file: Path) -> float:
    """Peak memory of a bare pyoxigraph bulk load of the file: the store itself."""
    floor = run_measured([sys.executable, "-c", FLOOR, str(big_file)])
    assert floor.returncode == 0, floor.stderr
    return floor.peak_mb


def test_loading_shows_progress_on_a_terminal_and_adds_little_memory(
    big_file: Path, floor_mb: float
) -> None:
    done = run_measured([*KG, "query", "exiled-with", "--data", str(big_file), "-f", "tsv"],
                        terminal=True)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0].startswith("?") and len(rows) > 1000  # the generated exiles
    # one status per percent, each overwriting the last, cleared at the end
    statuses = re.findall(r"\rreading big\.ttl: (\d+)% \((\d+) of (\d+) MB\)", done.stderr)
    percents = [int(p) for p, _, _ in statuses]
    assert percents == sorted(percents) and len(percents) >= 90 and percents[-1] == 100
    megabytes = f"{big_file.stat().st_size / 1e6:.0f}"  # the whole file, read
    assert statuses[-1][1:] == (megabytes, megabytes)
    assert done.stderr.endswith("\r\x1b[K")
    assert done.peak_mb <= 1.1 * floor_mb + 100, (done.peak_mb, floor_mb)


def test_loading_is_silent_in_a_log(tmp_path: Path) -> None:
    """Without a terminal, loading says nothing (a script's stderr stays clean)."""
    small = tmp_path / "small.ttl"
    subprocess.run([sys.executable, str(GENERATOR), "--triples", "40000", "-o", str(small)],
                   check=True, timeout=120)
    assert small.stat().st_size > 1_000_000
    done = run_measured([*KG, "query", "exiled-with", "--data", str(small)])
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize(("engine", "parts", "factor", "steps"), [
    # the store, the workers' share of it, and one chunk of rdflib triples per worker
    ("pyshacl", "on", 1.35, 5),
    # the store, and pyshacl-turbo's own copy of it, validated whole (0% and 100% only)
    ("pyshacl-turbo", "off", 3.5, 2),
    # the store, and in each worker its part as text and pyshacl-turbo's copy of it (4.8x seen)
    ("pyshacl-turbo", "on", 5.5, 2),
])
def test_check_shows_progress_in_a_log_and_memory_stays_bounded(
    big_file: Path, floor_mb: float, engine: str, parts: str, factor: float, steps: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KG_SHACL_ENGINE", engine)
    monkeypatch.setenv("KG_SHACL_PARTS", parts)
    done = run_measured([*KG, "check", str(big_file)])
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.fullmatch(r"ok: 1 file, 2\d{6} triples, 0 problems\n", done.stdout), done.stdout
    lines = done.stderr.splitlines()
    assert lines[0] == "loading big.ttl…"
    shacl = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"SHACL (\d+)%…", line))]
    assert shacl == sorted(shacl) and len(shacl) >= steps, lines
    assert "checking quotes, entities, edges and duplicates…" in lines
    assert done.peak_mb <= factor * floor_mb + 150, (engine, done.peak_mb, floor_mb)
