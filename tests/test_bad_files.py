"""Every kind of bad file gets a clear, located message and the right exit code, never a traceback.

Each case runs through ``kg check`` (validation) and ``kg stats --data`` (loading for use).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgapp.cli import main

PREFIXES = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix kg: <https://w3id.org/stalin-kg/vocab#> .\n"
    "@prefix rel: <https://w3id.org/stalin-kg/vocab/rel#> .\n"
    "@prefix person: <https://w3id.org/stalin-kg/person/> .\n"
)

# (file name, bytes, expected message after "path[:line[:col]]: ", line or None)
UNREADABLE = [
    ("latin1.ttl", PREFIXES.encode() + 'person:X rdfs:label "K\xe4te"@de .\n'.encode("latin-1"),
     "not UTF-8", 6),
    ("notes.csv", b"a,b\n1,2\n", "unknown RDF file extension '.csv'", None),
    ("prefix.ttl", PREFIXES.encode() + b"people:X a kg:Person .\n", "syntax error", 6),
    ("broken.ttl", PREFIXES.encode() + b'person:X rdfs:label "unterminated .\n', "syntax error", 6),
    ("broken.jsonld", b'{"@id": "http://a/x", "http://a/p": [}', "syntax error", 1),
    ("broken.nt", b"<http://a/x> <http://a/p> oops .\n", "syntax error", 1),
]


@pytest.mark.parametrize("command", [["check"], ["stats", "--data"]], ids=["check", "load"])
@pytest.mark.parametrize(("name", "content", "message", "line"), UNREADABLE,
                         ids=[c[0] for c in UNREADABLE])
def test_unreadable_files_exit_2_located(
    tmp_path: Path, command: list[str], name: str, content: bytes, message: str, line: int | None
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, [*command, str(path)])
    assert result.exit_code == 2, result.output
    where = f"{path}:{line}" if line else f"{path}:"
    assert result.stderr.startswith(where), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_empty_file(tmp_path: Path) -> None:
    """Nothing to check is a mistake for ``kg check``; for loading, an empty file is valid
    Turtle (the W3C suite says so): it loads, with a warning."""
    path = tmp_path / "empty.ttl"
    path.write_bytes(b"")
    checked = CliRunner().invoke(main, ["check", str(path)])
    assert checked.exit_code == 2 and checked.stderr.startswith(f"{path}: is empty")
    loaded = CliRunner().invoke(main, ["stats", "--data", str(path)])
    assert loaded.exit_code == 0 and "0 statements" in loaded.stdout
    assert f"{path}: warning: the file is empty" in loaded.stderr


@pytest.mark.parametrize("command", [["check"], ["stats", "--data"]], ids=["check", "load"])
def test_missing_file_and_directory(tmp_path: Path, command: list[str]) -> None:
    for path, message in ((tmp_path / "nope.ttl", "no such file"), (tmp_path, "is a directory")):
        result = CliRunner().invoke(main, [*command, str(path)])
        assert result.exit_code == 2 and result.stderr == f"{path}: {message}" + (
            ", not an RDF file\n" if path.is_dir() else "\n")




def test_wrong_datatype_is_a_problem_with_its_line() -> None:
    fixture = Path(__file__).parent / "fixtures" / "check" / "bad_date.ttl"
    result = CliRunner().invoke(main, ["check", str(fixture)])
    assert result.exit_code == 1
    assert f"{fixture}:24: " in result.stdout and '"1927-13-45"^^xsd:date' in result.stdout


def test_two_conflicting_english_labels(tmp_path: Path) -> None:
    path = tmp_path / "labels.ttl"
    path.write_text(
        PREFIXES + "\n"
        'person:Stalin a kg:Person ;\n    rdfs:label "Stalin"@de, "Stalin"@en, "Koba"@en .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:7: person:Stalin: needs exactly one English rdfs:label" in result.stdout
