"""``kg check`` and :mod:`graph.check`: one broken fixture per kind of defect.

Each fixture in ``tests/fixtures/check/`` is ``clean.ttl`` with one defect; the test asserts
the exit code, the exact ``file:line: node:`` the problem is reported at, and the rule of
:data:`graph.check.RULES` that finds it. Every rule has a fixture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

import graph.check.run
from graph.check import RULES, Problem, Rule, check, check_report, rules_text, short_name
from graph.check.report import Finding
from graph.check.rules import SHAPES
from graph.check.triples import Triples
from graph.errors import InputError
from graph.namespaces import PERSON, RDF, SH
from graph.paths import shapes_file
from graph.rdfio import parse_file
from kgapp.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "check"

ST = "stmt:s08-stalin-exiledWith-kamenew"  # the statement of clean.ttl

# fixture, line, node, words of the message, the rule that finds it
DEFECTS = [
    ("missing_english_label.ttl", 19, "person:Kamenew", "English rdfs:label", "entity-shape"),
    ("bad_date.ttl", 24, ST, '"1927-13-45"^^xsd:date: kg:start', "typed-dates"),
    ("string_date.ttl", 32, "person:Stalin", '"1953": rel:dateOfDeath must be a valid date',
     "typed-dates"),
    ("quote_not_verbatim.ttl", 24, ST, 'differs after "Stalin war mit Kamenew "', "quote-verbatim"),
    ("undeclared_entity.ttl", 19, "person:Kamenew", "is never declared: add person:Kamenew a",
     "entity-declared"),
    ("edge_without_statement.ttl", 23, "person:Kamenew", "rel:friendOf person:Stalin has no",
     "edge-has-statement"),
    ("statement_without_edge.ttl", 22, ST, "the direct edge is missing", "statement-has-edge"),
    ("duplicate_statements.ttl", 32, f"{ST}-again", f"duplicates {ST} ",
     "no-duplicate-statements"),
    ("undeclared_predicate.ttl", 22, "rel:exiledWtih", "is not declared in the vocabulary",
     "relation-declared"),
    ("statement_without_sentence.ttl", 24, ST, "needs at least one prov:wasDerivedFrom",
     "statement-shape"),
    ("untyped_statement.ttl", 24, ST, "add a rdf:Statement", "statement-shape"),
    ("sentence_without_text.ttl", 42, "sentence:26", "needs exactly one kg:text", "sentence-shape"),
    ("missing_basis.ttl", 24, ST, "needs exactly one kg:basis: kg:Stated (", "statement-basis"),
    ("two_bases.ttl", 25, ST, "needs exactly one kg:basis", "statement-basis"),
    ("unknown_basis.ttl", 24, ST, "kg:Probable: kg:basis must be kg:Stated (", "statement-basis"),
    ("unknown_inferred_part.ttl", 25, ST, "kg:InferredPlace: kg:inferredPart must be one of",
     "statement-basis"),
    ("date_not_in_sentence.ttl", 24, ST,
     'kg:start "1914"^^xsd:gYear: the year 1914 is not in the kg:text of sentence:08, so the '
     "date is the curator's and the statement must be kg:Inferred, not kg:Stated: set kg:basis "
     "kg:Inferred with kg:inferredPart kg:InferredDate", "date-in-sentence"),
    ("fact_date_not_in_sentence.ttl", 34, "stmt:s01-stalin-dateOfDeath",
     'rdf:object "1952"^^xsd:gYear: the year 1952 is not in the kg:text of sentence:01',
     "date-in-sentence"),
    ("inferred_without_note.ttl", 24, ST,
     "is kg:Inferred but has no skos:note: add one saying what the curator resolved",
     "basis-note"),
    ("reported_without_note.ttl", 24, ST,
     "is kg:Reported but has no skos:note: add one saying who makes the claim", "basis-note"),
    ("inferred_without_part.ttl", 25, ST,
     "is kg:Inferred but does not say what is inferred: add kg:inferredPart", "inferred-part"),
    ("part_on_stated.ttl", 24, ST,
     "kg:inferredPart kg:InferredDate on a statement that is kg:Stated: only kg:Inferred",
     "inferred-part"),
    ("attributed_stated.ttl", 24, ST,
     "prov:wasAttributedTo person:Kamenew on a statement that is kg:Stated: only kg:Reported",
     "attributed-reported"),
    ("attributed_to_undeclared.ttl", 30, "person:Lenin", "is never declared: add person:Lenin a",
     "entity-declared"),
    ("after_not_a_statement.ttl", 24, ST,
     "person:Kamenew: kg:after must point at another statement (stmt:...) or an event entity",
     "statement-shape"),
    ("criticism_without_citation.ttl", 46, "criticism:s08-test",
     "a criticism needs at least one kg:citation", "criticism-cited"),
    ("criticism_words_not_verbatim.ttl", 46, "criticism:s08-test",
     'kg:sourceWords is not verbatim in sentence:08: it differs after "Stalin war mit Kamene"',
     "criticism-words"),
    ("criticism_without_motivation.ttl", 46, "criticism:s08-test",
     "needs exactly one oa:motivatedBy: oa:assessing", "criticism-shape"),
]

# fixtures without a defect, and their triples
CLEAN = [
    ("clean.ttl", 23),
    ("symmetric_reversed.ttl", 23),
    ("day_not_in_sentence.ttl", 23),  # "1953-03-05"^^xsd:date: the year is enough
    ("inferred_date.ttl", 26),  # a year not in the sentence, on an inferred statement
    ("reported.ttl", 25),
    ("ordered_after.ttl", 26),  # kg:after another statement, on an inferred statement
    ("criticised.ttl", 35),  # a criticism of the source with its citation
]

def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "line", "node", "words", "rule"), DEFECTS)
def test_cli_reports_defect_at_file_line(
    name: str, line: int, node: str, words: str, rule: str
) -> None:
    path = FIXTURES / name
    code, out, err = run("check", str(path))
    assert code == 1, out + err
    problem, summary = out.splitlines()
    assert problem.startswith(f"{path}:{line}: {node}: "), problem
    assert words in problem
    assert summary == "1 problem in 1 file"


@pytest.mark.parametrize(("name", "line", "node", "words", "rule"), DEFECTS)
def test_api_reports_defect_at_file_line(
    name: str, line: int, node: str, words: str, rule: str
) -> None:
    path = FIXTURES / name
    problems = check([path])
    assert [(p.file, p.line, short_name(p.node)) for p in problems] == [(str(path), line, node)]
    assert words in problems[0].message
    assert problems[0].rule == rule


@pytest.mark.parametrize(("name", "triples"), CLEAN)
def test_clean_fixture_passes(name: str, triples: int) -> None:
    path = FIXTURES / name
    assert check([path]) == []
    code, out, _ = run("check", str(path))
    assert code == 0
    assert out == f"ok: 1 file, {triples} triples, 0 problems\n"


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
    assert out.startswith("ok: 4 files, ")


def test_every_rule_is_described_and_has_a_fixture() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in names)
    assert all(rule.checks and rule.fix for rule in RULES)
    assert set(names) == {rule for *_, rule in DEFECTS}


def test_every_shape_belongs_to_exactly_one_rule() -> None:
    shapes = parse_file(shapes_file())
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.message)
    expected = {s for p in targets for s in shapes.subjects(p, None)}
    claimed = [URIRef(SHAPES + name) for rule in RULES for name in rule.shapes]
    assert len(claimed) == len(set(claimed))
    assert set(claimed) == expected


def test_rules_text_lists_every_rule_with_its_fix() -> None:
    text = rules_text()
    for rule in RULES:
        assert f"{rule.name}: {rule.checks}\n    fix: {rule.fix}\n" in text
    assert text.count("\n\n") == len(RULES) - 1


def test_a_rule_has_a_function_or_shapes_not_both() -> None:
    with pytest.raises(ValueError, match="rule x: give either"):
        Rule("x", "what it checks", "how to fix it")
    with pytest.raises(ValueError, match="rule x: give either"):
        Rule("x", "what it checks", "how to fix it", lambda _: [], shapes=("Entity",))


def _no_kamenew(triples: Triples) -> Iterator[Finding]:
    """A rule as a curator might add one: no statement about Kamenew."""
    if triples.subjects(RDF.object, PERSON.Kamenew):
        yield Finding(PERSON.Kamenew, "is not wanted: remove him", ((PERSON.Kamenew,),))


def test_a_rule_added_to_the_registry_runs_and_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = Rule("no-kamenew", "Kamenew is not in the graph", "remove him", _no_kamenew)
    monkeypatch.setattr(graph.check.run, "RULES", (*RULES, extra))
    path = FIXTURES / "clean.ttl"
    problems = check([path])
    assert [(str(p), p.rule) for p in problems] == [
        (f"{path}:19: person:Kamenew: is not wanted: remove him", "no-kamenew")
    ]


def test_an_edge_to_a_literal_or_a_blank_node_is_located_at_its_own_block(tmp_path: Path) -> None:
    """Edges whose object is no IRI are found at the block that writes them (the first of their
    kind for the subject and relation), not at the first block of the subject and relation."""
    path = tmp_path / "values.ttl"
    path.write_text("""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rel: <https://w3id.org/stalin-kg/vocab/rel#> .
@prefix person: <https://w3id.org/stalin-kg/person/> .

person:Stalin rel:exiledWith person:Kamenew .
person:Stalin rel:exiledWith "ein Text" .
person:Stalin rel:exiledWith [ rdfs:label "namenlos" ] .
""", encoding="utf-8")
    found = sorted((p.line, p.message.split(" has no")[0].split("rel:exiledWith ")[1][:2])
                   for p in check([path]) if p.rule == "edge-has-statement")
    assert found == [(5, "pe"), (6, '"e'), (7, "_:")]


@pytest.mark.parametrize(("name", "line", "node", "words", "rule"), DEFECTS[:6])
@pytest.mark.parametrize("kind", ["N_TRIPLES", "N_QUADS"])
def test_defects_in_line_formats_are_located_at_their_line(
    tmp_path: Path, kind: str, name: str, line: int, node: str, words: str, rule: str
) -> None:
    """An N-Triples or N-Quads file: the problem at the line that states its node (one statement
    a line), as in Turtle."""
    import pyoxigraph as ox

    source = FIXTURES / name
    path = tmp_path / (source.stem + {"N_TRIPLES": ".nt", "N_QUADS": ".nq"}[kind])
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
             for t in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)]
    path.write_bytes(ox.serialize(quads if kind == "N_QUADS" else [q.triple for q in quads],
                                  format=getattr(ox.RdfFormat, kind)))
    (problem,) = check([path])
    assert (short_name(problem.node), problem.rule) == (node, rule)
    assert problem.file == str(path) and problem.line is not None
    stated = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert stated.startswith(f"<{problem.node}> ") or f" <{problem.node}> " in stated


@pytest.mark.parametrize("name", ["quote_not_verbatim.ttl", "missing_english_label.ttl",
                                  "statement_without_edge.ttl"])
def test_defects_in_a_named_graph_are_found_too(tmp_path: Path, name: str) -> None:
    """A TriG file keeps its named graphs when loaded; kg check checks them like the default."""
    import pyoxigraph as ox

    turtle = FIXTURES / name
    trig = tmp_path / (turtle.stem + ".trig")
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
             for t in ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)]
    trig.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    expected = [(p.rule, short_name(p.node), p.message) for p in check([turtle])]
    assert [(p.rule, short_name(p.node), p.message) for p in check([trig])] == expected
