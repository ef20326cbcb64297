"""Bad input to ``kg`` and ``kg serve`` a new user met: one located line that says what is wrong
and what to do, a non-zero exit, no traceback, nothing half-written."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import graph
from kgapp.cli import main
from kgapp.server import Settings, create_app


def kg_cli(*args: str, lang: str = "en") -> Result:
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
    line = one_line_error(kg_cli("serve", "--port", str(held_port)))
    assert line == f"port {held_port} on 127.0.0.1 is in use; pick another with --port"
    german = one_line_error(kg_cli("serve", "--port", str(held_port), lang="de"))
    assert german == f"Port {held_port} auf 127.0.0.1 ist belegt; mit --port einen anderen wählen"


def test_serve_on_an_address_not_this_machines() -> None:
    line = one_line_error(kg_cli("serve", "--host", "192.0.2.1"))  # TEST-NET-1: nobody's address
    assert line.startswith("cannot listen on 192.0.2.1:8000: 192.0.2.1 is not an address of this")
    assert "--host" in line


@pytest.mark.parametrize("command", [["render"], ["export", "--format", "gexf"],
                                     ["export", "--format", "nt"]])
def test_output_into_a_missing_folder_is_one_line(command: list[str], tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "x.out"
    line = one_line_error(kg_cli(*command, "-o", str(target)))
    assert line == (f"cannot write {target}: the folder {target.parent} does not exist; "
                    "create it or choose another file (-o)")
    assert list(tmp_path.iterdir()) == []  # and no folder made on the way


def test_output_onto_a_folder_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(kg_cli("render", "-o", str(tmp_path)))
    assert line == f"{tmp_path} is a directory; give a file name"
    assert list(tmp_path.iterdir()) == []


def test_output_below_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("kept", encoding="utf-8")
    line = one_line_error(kg_cli("export", "--format", "csv", "-o", str(tmp_path / "plain" / "x.csv")))
    assert line.endswith(f"{tmp_path / 'plain'} is a file, not a folder; choose another file (-o)")
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "kept"


def test_output_into_an_unwritable_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "x.html").write_text("old page", encoding="utf-8")
    folder.chmod(0o500)  # read and enter, not write
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user writes into any folder (root)")
        line = one_line_error(kg_cli("render", "-o", str(folder / "x.html")))
    finally:
        folder.chmod(0o700)
    assert line == (f"cannot write {folder / 'x.html'}: no permission to write in the folder "
                    f"{folder}; choose another file (-o) or change the folder's permissions")
    assert [p.name for p in folder.iterdir()] == ["x.html"]
    assert (folder / "x.html").read_text(encoding="utf-8") == "old page"


def test_a_refused_temporary_file_is_the_same_line(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """As the unwritable folder, for a user (root) whom the system lets write anywhere."""
    import tempfile

    def refused(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    line = one_line_error(kg_cli("export", "--format", "jsonld", "-o", str(tmp_path / "x.jsonld")))
    assert line.startswith(f"cannot write {tmp_path / 'x.jsonld'}: no permission to write in")
    assert list(tmp_path.iterdir()) == []


RDF_XML_UNCLOSED = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="http://example.org/a"
"""


def test_an_rdf_xml_syntax_error_says_syntax_error_once(tmp_path: Path) -> None:
    bad = tmp_path / "x.rdf"
    bad.write_text(RDF_XML_UNCLOSED, encoding="utf-8")
    result = kg_cli("check", str(bad))
    assert result.exit_code == 2
    said = result.stderr + result.stdout
    assert f"{bad}: syntax error: tag not closed" in said
    assert said.lower().count("syntax error") == 1
    german = kg_cli("check", str(bad), lang="de")
    assert "Syntaxfehler: tag not closed" in german.stderr + german.stdout


def test_serve_help_names_every_route_the_server_has(kg: graph.KnowledgeGraph) -> None:
    """Each route's first path segment (``/open``, ``/opened``, ``/person``, ``/vocab`` …) is in
    ``kg serve --help``, in English and in German; ``/static`` holds the pages' scripts only."""
    app = create_app(kg, Settings(workers=1))
    try:
        segments = {"/" + route.path.strip("/").split("/")[0]  # type: ignore[attr-defined]
                    for route in app.routes}
    finally:
        app.state.server.pool.close()
    segments -= {"/", "/static"}
    assert {"/open", "/opened", "/person", "/sentence", "/vocab", "/sparql"} <= segments
    for lang in ("en", "de"):
        result = kg_cli("serve", "--help", lang=lang)
        assert result.exit_code == 0
        missing = [s for s in sorted(segments)
                   if not re.search(rf"(?<![\w/.]){re.escape(s)}(?![\w-])", result.stdout)]
        assert not missing, (lang, missing)


def test_explain_with_one_entity_at_both_ends_says_so(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match=r"^'Stalin' and 'Josef Stalin' are the same entity "
                                         r"\(person:Stalin\); name two different entities$"):
        kg.explain("Stalin", "Josef Stalin")
    result = kg_cli("explain", "Stalin", "Stalin")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert ("Invalid value for A, B: 'Stalin' and 'Stalin' are the same entity (person:Stalin)"
            in result.stderr)
    assert "no chain" not in result.output
    german = kg_cli("explain", "Stalin", "stalin", lang="de")
    assert german.exit_code == 2 and "sind dieselbe Entität (person:Stalin)" in german.stderr


def test_a_full_disk_is_one_line_and_leaves_the_old_file(tmp_path: Path) -> None:
    """A write the disk has no room for (ENOSPC, from the writer inside the block) is an
    OutputError naming the file, and the file is as it was."""
    import errno

    from graph.atomic import atomic_output
    from graph.errors import OutputError

    target = tmp_path / "x.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as raised, atomic_output(target) as out:
        out.write("new")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert str(raised.value) == f"cannot write {target}: No space left on device; nothing was written"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
    assert target.read_text(encoding="utf-8") == "old"
