"""A real Oxigraph server (the ``oxigraph`` CLI from PyPI) on a free loopback port.

Used by ``tests/test_remote.py`` and ``benchmarks/serve.py``::

    with oxigraph_server(tmp_dir) as url:   # SPARQL at url/query, Graph Store at url/store
        ...
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["free_port", "oxigraph_binary", "oxigraph_server", "stop", "wait_until_up"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """Poll ``url`` until it answers 200; fail if ``process`` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen[bytes], seconds: float) -> None:
    """Ask ``process`` to end; kill it if it has not ended within ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_binary() -> Path:
    """The ``oxigraph`` CLI of this environment: the script ``pip install '.[test]'`` puts
    beside ``sys.executable``, whether or not the environment is activated (on ``PATH``)."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.is_file():
        raise RuntimeError(
            f"the oxigraph CLI is not installed at {binary}: install the test extra into this "
            "environment (pip install '.[test]')"
        )
    return binary


@contextlib.contextmanager
def oxigraph_server(
    location: Path, files: Sequence[Path] = (), *, read_only: bool = False
) -> Iterator[str]:
    """Run ``oxigraph serve`` over ``location`` (after loading ``files`` into it); yields the
    base URL and stops the server on exit."""
    binary = str(oxigraph_binary())
    for f in files:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(f)],
                       check=True, capture_output=True)
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    process = subprocess.Popen(
        [binary, command, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/query?query=ASK%7B%7D", process)
        yield url
    finally:
        stop(process, seconds=10)
