"""``kg check`` and :mod:`graph.check`: one broken fixture per kind of defect.

Each fixture in ``tests/fixtures/check/`` is ``clean.ttl`` with one defect; the test asserts
the exit code, and the exact ``file:line: node:`` the problem is reported at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.check import Problem, check, check_report, short_name
from graph.cli import main
from graph.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "check"

ST = "stmt:s08-stalin-exiledWith-kamenew"  # the statement of clean.ttl

# fixture, line, node, words of the message
DEFECTS = [
    ("missing_english_label.ttl", 19, "person:Kamenew", "English rdfs:label"),
    ("bad_date.ttl", 24, ST, '"1927-13-45"^^xsd:date: kg:start'),
    ("string_date.ttl", 31, "person:Stalin", '"1953": rel:dateOfDeath must be a valid date'),
    ("quote_not_verbatim.ttl", 24, ST, 'differs after "Stalin war mit Kamenew "'),
    ("undeclared_entity.ttl", 19, "person:Kamenew", "is never declared: add person:Kamenew a"),
    ("edge_without_statement.ttl", 23, "person:Kamenew", "rel:friendOf person:Stalin has no"),
    ("statement_without_edge.ttl", 22, ST, "the direct edge is missing"),
    ("duplicate_statements.ttl", 31, f"{ST}-again", f"duplicates {ST} "),
    ("undeclared_predicate.ttl", 22, "rel:exiledWtih", "is not declared in the vocabulary"),
    ("statement_without_sentence.ttl", 24, ST, "needs exactly one prov:wasDerivedFrom"),
    ("untyped_statement.ttl", 24, ST, "add a rdf:Statement"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "line", "node", "words"), DEFECTS)
def test_cli_reports_defect_at_file_line(name: str, line: int, node: str, words: str) -> None:
    path = FIXTURES / name
    code, out, err = run("check", str(path))
    assert code == 1, out + err
    problem, summary = out.splitlines()
    assert problem.startswith(f"{path}:{line}: {node}: "), problem
    assert words in problem
    assert summary == "1 problem in 1 file"


@pytest.mark.parametrize(("name", "line", "node", "words"), DEFECTS)
def test_api_reports_defect_at_file_line(name: str, line: int, node: str, words: str) -> None:
    path = FIXTURES / name
    problems = check([path])
    assert [(p.file, p.line, short_name(p.node)) for p in problems] == [(str(path), line, node)]
    assert words in problems[0].message


@pytest.mark.parametrize("name", ["clean.ttl", "symmetric_reversed.ttl"])
def test_clean_fixture_passes(name: str) -> None:
    path = FIXTURES / name
    assert check([path]) == []
    code, out, _ = run("check", str(path))
    assert code == 0
    assert out == "ok: 1 file, 21 triples, 0 problems\n"


def test_problems_are_sorted_by_file_and_line() -> None:
    paths = [FIXTURES / "statement_without_edge.ttl", FIXTURES / "bad_date.ttl"]
    report = check_report(paths)
    assert report.files == tuple(map(str, paths))
    keys = [(p.file, p.line or 0) for p in report.problems]
    assert keys == sorted(keys)


def test_problem_str() -> None:
    problem = check([FIXTURES / "missing_english_label.ttl"])[0]
    assert str(problem).startswith(f"{FIXTURES / 'missing_english_label.ttl'}:19: person:Kamenew: ")
    assert isinstance(problem, Problem)


def test_syntax_error_exits_2_with_position() -> None:
    path = FIXTURES / "syntax_error.ttl"
    code, out, err = run("check", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}:28:5: syntax error")
    assert "Traceback" not in err
    with pytest.raises(InputError) as info:
        check([path])
    assert (info.value.line, info.value.column) == (28, 5)


def test_missing_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.ttl"
    code, out, err = run("check", str(path))
    assert code == 2
    assert err == f"{path}: no such file\n"
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("latin1.ttl", b"# caf\xe9\n", ":1:6: not UTF-8"),
        ("data.csv", b"a,b\n", ": unknown RDF file extension"),
        ("remote.jsonld", b'{"@context": "https://schema.org/"}', ": remote JSON-LD @context"),
    ],
)
def test_unreadable_input_exits_2(tmp_path: Path, name: str, content: bytes, where: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run("check", str(path))
    assert code == 2
    assert err.startswith(f"{path}{where}"), err


@pytest.mark.parametrize(
    "content", [b"", b"@prefix kg: <https://w3id.org/stalin-kg/vocab#> .\n# no triples yet\n"]
)
def test_empty_file_exits_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.ttl"
    path.write_bytes(content)
    code, out, err = run("check", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: is empty (no triples); ")
    assert "Traceback" not in err


def test_ill_typed_literal_is_reported_once_without_warnings() -> None:
    code, _, err = run("check", str(FIXTURES / "bad_date.ttl"))
    assert code == 1
    assert err == ""  # no rdflib warning (with traceback) about the literal


def test_progress_only_when_asked_or_big(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "clean.ttl"
    check_report([path])
    assert capsys.readouterr().err == ""  # small and not a terminal: silent
    check_report([path], progress=True)
    err = capsys.readouterr().err
    assert "loading clean.ttl…" in err and "SHACL 100%…" in err


def test_directory_exits_2(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path))
    assert code == 2
    assert "is a directory" in err


def test_help_and_version() -> None:
    assert run("--help")[0] == 0
    code, out, _ = run("check", "--help")
    assert code == 0 and "file:line" in out
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("kg, version ")


def test_bundled_data_passes() -> None:
    code, out, _ = run("check")
    assert code == 0, out
    assert out.startswith("ok: 3 files, ")
