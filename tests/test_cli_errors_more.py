"""Bad input to ``kg`` and ``kg serve`` a new user met: one located line that says what is wrong
and what to do, a non-zero exit, no traceback, nothing half-written."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from kgapp.cli import main


def kg(*args: str, lang: str = "en") -> Result:
    return CliRunner(env={"KG_LANG": lang}).invoke(main, list(args))


def one_line_error(result: Result) -> str:
    """The result's error, checked to be one line on stderr after a non-zero exit, with no
    traceback (click's runner keeps an uncaught exception in ``result.exception``)."""
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def held_port() -> Iterator[int]:
    """A loopback port some other program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_serve_on_a_port_in_use_says_so_before_claiming_to_run(held_port: int) -> None:
    line = one_line_error(kg("serve", "--port", str(held_port)))
    assert line == f"port {held_port} on 127.0.0.1 is in use; pick another with --port"
    german = one_line_error(kg("serve", "--port", str(held_port), lang="de"))
    assert german == f"Port {held_port} auf 127.0.0.1 ist belegt; mit --port einen anderen wählen"


def test_serve_on_an_address_not_this_machines() -> None:
    line = one_line_error(kg("serve", "--host", "192.0.2.1"))  # TEST-NET-1: nobody's address
    assert line.startswith("cannot listen on 192.0.2.1:8000: 192.0.2.1 is not an address of this")
    assert "--host" in line
