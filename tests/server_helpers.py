"""Helpers for testing ``kg serve`` from outside: a server in a process of its own, the memory
of its process tree, and a probe that keeps asking it a simple question."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
PROBE = "ASK { ?s ?p ?o }"
T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, seconds: float = 10, every: float = 0.01) -> T:
    """Ask ``condition()`` every ``every`` seconds until it gives a true value, and return that;
    fail when ``seconds`` have passed without one (``what`` says what was awaited)."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:g} s in vain for {what}")
        time.sleep(every)
    return value

_LAUNCH = """
import json, sys
from kgapp.server import Settings, create_app, running
files = json.loads(sys.argv[2])
with running(create_app(files or None, Settings(**json.loads(sys.argv[1])))) as url:
    print(url, flush=True)
    sys.stdin.read()  # serve until the test closes our stdin
"""


class ServerProcess:
    """``kg serve`` (hypercorn on a free loopback port) in a child process, so that its memory
    can be measured and the test's own threads do not share its interpreter.

    It serves the files ``data`` (with the bundled vocabulary), or the bundled graph.
    """

    def __init__(self, data: Sequence[Path] = (), **settings: Any) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCH, json.dumps(settings), json.dumps([str(f) for f in data])],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://"):
            self.stop()
            raise RuntimeError(f"the server did not start: {self.stderr()}")
        self.url = line
        self.pid = self.process.pid
        self.port = int(line.rsplit(":", 1)[1])

    def stderr(self) -> str:
        """What the server wrote to its stderr so far (its last 2,000 characters)."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def alive(self) -> bool:
        return self.process.poll() is None


# ---------------------------------------------------------------------------- memory
def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass(frozen=True)
class Memory:
    """The resident memory of a process tree, in MB: the server process, and all of it."""

    server: float
    total: float
    processes: int

    def __str__(self) -> str:
        return f"{self.total:.0f} MB in {self.processes} processes (server {self.server:.0f} MB)"


def memory(pid: int) -> Memory:
    """The RSS of ``pid`` and its tree. Pages the workers share with the zygote count once per
    process, so the total overstates what the tree really takes."""
    pids = descendants(pid)
    total = sum(_status_kb(p, "VmRSS") for p in pids)
    return Memory(_status_kb(pid, "VmRSS") / 1024, total / 1024, len(pids))


# ---------------------------------------------------------------------------- the probe
@dataclass
class Probe:
    """Asks ``PROBE`` every ``every`` seconds on its own connection, timing each answer, and
    samples the server tree's memory as it goes."""

    url: str
    pid: int
    every: float = 0.1
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    peak: float = 0.0

    def run(self, stop: threading.Event) -> None:
        with httpx.Client(base_url=self.url, trust_env=False, timeout=30) as client:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    r = client.get("/sparql", params={"query": PROBE})
                    took = time.perf_counter() - started
                    if r.status_code != 200 or r.json().get("boolean") is not True:
                        self.failures.append(f"{r.status_code} {r.text[:200]!r}")
                    self.latencies.append(took)
                except httpx.HTTPError as exc:
                    self.failures.append(f"{type(exc).__name__}: {exc}")
                self.peak = max(self.peak, memory(self.pid).total)
                stop.wait(max(0.0, self.every - (time.perf_counter() - started)))

    def asked(self) -> int:
        """How many probes have been asked and answered (or have failed) so far."""
        return len(self.latencies) + len(self.failures)

    def wait(self, more: int = 3, seconds: float = 10) -> None:
        """Until ``more`` further probes have been asked."""
        target = self.asked() + more
        wait_for(lambda: self.asked() >= target, f"{more} more probes", seconds)

    def summary(self) -> str:
        if not self.latencies:
            return "no probe answered"
        ms = sorted(t * 1000 for t in self.latencies)
        return (
            f"{len(ms)} probes, median {statistics.median(ms):.0f} ms, "
            f"max {ms[-1]:.0f} ms (slowest: {', '.join(f'{t:.0f}' for t in ms[-5:])} ms), "
            f"peak memory {self.peak:.0f} MB"
        )

    def check(self, bound: float = 1.0) -> None:
        """Every probe answered 200 ``true``, each within ``bound`` seconds."""
        assert not self.failures, f"probes failed: {self.failures[:5]}; {self.summary()}"
        assert len(self.latencies) >= 3, self.summary()
        slow = [t for t in self.latencies if t > bound]
        assert not slow, f"{len(slow)} probes took longer than {bound:g} s: {self.summary()}"


@contextmanager
def probing(url: str, pid: int) -> Iterator[Probe]:
    """Run a :class:`Probe` for the duration of the ``with`` block."""
    probe = Probe(url, pid)
    stop = threading.Event()
    thread = threading.Thread(target=probe.run, args=(stop,), name="probe", daemon=True)
    thread.start()
    try:
        yield probe
    finally:
        stop.set()
        thread.join(timeout=30)


def health(url: str) -> dict[str, Any]:
    r = httpx.get(url + "/health", trust_env=False, timeout=10)
    assert r.status_code == 200, r.text
    return json.loads(r.text)  # type: ignore[no-any-return]


def settle(url: str, workers: int, seconds: float = 10) -> dict[str, Any]:
    """/health once the server is back at rest: ``workers`` processes, none busy (or, when it
    does not come to rest within ``seconds``, as it is then: the caller checks it)."""
    deadline = time.monotonic() + seconds

    def at_rest() -> dict[str, Any] | None:
        state = health(url)
        at_rest = (state["processes"], state["busy"]) == (workers, 0)
        return state if at_rest or time.monotonic() > deadline else None

    return wait_for(at_rest, "the server to come to rest", seconds + 10, every=0.05)
