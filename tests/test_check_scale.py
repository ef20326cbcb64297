"""``kg check`` on a generated graph of about 100,000 triples, and the chunked SHACL run.

The graph comes from ``benchmarks/generate.py`` (synthetic data in the project's model, which
checks clean). Defects are injected by editing single lines, so the expected ``file:line`` of
each problem is known. SHACL runs in chunks (and in worker processes for big inputs); the
chunked reports must equal the one-chunk reports (pyshacl's chunks: the tests of chunking ask for
that engine; ``tests/test_check_engines.py`` compares it with pyshacl-turbo). No test here
asserts a time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bench import bench_module
from click.testing import CliRunner
from rdflib import Graph, URIRef

import graph.check.shacl as shacl_module
from graph.check import Report, check_report, short_name
from graph.check.report import Finding
from graph.check.shacl import class_paths
from graph.locate import index_file
from graph.namespaces import KG, PROV
from graph.paths import sentences_file, shapes_file, vocab_file
from graph.rdfio import parse_file
from kgapp.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "check"
ENTITIES, EDGES, SEED = 2860, 8580, 7  # about 104,000 triples


def generated(entities: int, edges: int) -> list[str]:
    """The lines of a generated graph, every statement kg:Stated (its dates are in its quote)."""
    return str(bench_module("generate").generate(entities, edges, seed=SEED)).split("\n")


@pytest.fixture(scope="module")
def big_lines() -> list[str]:
    """The lines of the generated graph (about 100k triples, 4.9 MB of Turtle)."""
    return generated(ENTITIES, EDGES)


@pytest.fixture(scope="module")
def small_lines() -> list[str]:
    """The lines of a smaller generated graph (about 5,500 triples)."""
    return generated(150, 450)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _first(lines: list[str], pattern: str, start: int = 0) -> int:
    """The index of the first line from ``start`` matching ``pattern`` (-1: none)."""
    rx = re.compile(pattern)
    return next((i for i in range(start, len(lines)) if rx.search(lines[i])), -1)


def _block_start(lines: list[str], i: int) -> int:
    """The index of the line starting the subject block that holds line ``i``."""
    while lines[i].startswith(" "):
        i -= 1
    return i


def _problems(report: Report) -> list[tuple[int | None, str, str]]:
    return [(p.line, short_name(p.node), p.message) for p in report.problems]


def test_big_graph_checks_clean(big_lines: list[str], tmp_path: Path) -> None:
    path = write(tmp_path / "big.ttl", big_lines)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"ok: 1 file, \d+ triples, 0 problems\n", result.stdout)
    assert int(result.stdout.split()[3]) > 90_000
    assert result.stderr == ""  # 4.9 MB, not a terminal: no progress


def test_three_defects_reported_at_their_lines(big_lines: list[str], tmp_path: Path) -> None:
    lines = list(big_lines)
    # 1. an entity in the middle loses its English label (SHACL)
    label = _first(lines, r'^    rdfs:label ".*"@de, ".*"@en ;$', len(lines) // 40)
    lines[label] = re.sub(r', "[^"]*"@en', "", lines[label])
    entity = lines[_block_start(lines, label)].split()[0]
    # 2. a statement far down quotes words its sentence does not have (quotes)
    quote = _first(lines, r'^    kg:quote "', len(lines) // 2)
    lines[quote] = lines[quote].replace('kg:quote "', 'kg:quote "Angeblich ', 1)
    quoted = lines[_block_start(lines, quote)].split()[0]
    # 3. a direct edge near the end is commented out: its statement lacks the edge (pairing)
    edge = _first(lines, r"^\S+ rel:(criticised|supported|helped|opposed) \S+ \.$", len(lines) * 3 // 4)
    s, p, o, _ = lines[edge].split()
    lines[edge] = "# " + lines[edge]
    stated = _first(lines, rf"^    rdf:object {re.escape(o)} ;$", edge)
    assert lines[stated - 1] == f"    rdf:predicate {p} ;" and lines[stated - 2].endswith(f" {s} ;")
    statement = lines[_block_start(lines, stated)].split()[0]
    path = write(tmp_path / "defects.ttl", lines)

    result = CliRunner().invoke(main, ["check", str(path)])

    assert result.exit_code == 1, result.output
    *problems, summary = result.stdout.splitlines()
    assert summary == "3 problems in 1 file"
    where = [problem.split(": ")[0] + ": " + problem.split(": ")[1] for problem in problems]
    assert where == [
        f"{path}:{_block_start(lines, label) + 1}: {entity}",
        f"{path}:{_block_start(lines, quote) + 1}: {quoted}",
        f"{path}:{_block_start(lines, stated) + 1}: {statement}",
    ]
    assert "needs exactly one English rdfs:label" in problems[0]
    assert "kg:quote is not verbatim in sentence:" in problems[1]
    assert f"states {s} {p} {o} but the direct edge is missing" in problems[2]


def mutated(lines: list[str]) -> list[str]:
    """A copy with one defect of most kinds every few hundred lines (SHACL and the rest)."""
    out = list(lines)
    edits = [
        (r'^    rdfs:label "(.*)"@de, "(.*)"@en ;$', r'    rdfs:label "\1"@de ;'),
        (r'^    kg:start "\d+"\^\^xsd:gYear ;$', '    kg:start "1927-13-45"^^xsd:date ;'),
        (r'^(    kg:quote "\w+)', r"\1X"),
        (r"^(\w+:synthetic-\d+) a kg:Person ;$", r"\1 a kg:Persn ;"),
        (r"^(\S+ rel:\w+ \S+ \.)$", r"# \1"),
        (r"^(    prov:wasDerivedFrom) sentence:synthetic-\d+ ;$", r"\1 person:synthetic-1 ;"),
        (r"^(stmt:synthetic-\d+) a rdf:Statement ;$", r"\1 a <urn:x:Thing> ;"),
        (r"^    (prov:wasDerivedFrom sentence:synthetic-\d+ ;)$", r'    <urn:x:p> "x" ; \1'),
        (r"^    rdf:predicate rel:criticised ;$", "    rdf:predicate rel:criticized ;"),
        (r"^(    rdf:subject person:synthetic-\d+) ;$", r"\1, person:synthetic-2 ;"),
        (r"^    kg:basis kg:Stated ;$", "    kg:basis kg:Guessed ;"),
        (r"^    kg:basis kg:Stated ;$", "    kg:basis kg:Inferred ; kg:inferredPart kg:InferredDate ;"),
    ]
    for n, i in enumerate(range(25, len(out), 61)):
        pattern, replacement = edits[n % len(edits)]
        j = _first(out, pattern, i)
        if j >= 0:
            out[j] = re.sub(pattern, replacement, out[j])
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_chunked_shacl_equals_one_chunk(
    small_lines: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    path = write(tmp_path / "mutated.ttl", mutated(small_lines))
    monkeypatch.setattr(shacl_module, "CHUNK_TRIPLES", 10**9)
    whole = check_report([path], workers=1, engine="pyshacl")
    monkeypatch.setattr(shacl_module, "CHUNK_TRIPLES", 700)
    chunked = check_report([path], workers=workers, engine="pyshacl")
    assert len(whole.problems) > 50
    assert _problems(chunked) == _problems(whole)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.ttl") if "syntax" not in p.name))
def test_chunked_fixture_equals_one_chunk(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [FIXTURES / name, sentences_file(), vocab_file()]  # the background of a check
    monkeypatch.setattr(shacl_module, "CHUNK_TRIPLES", 10**9)
    whole = check_report(paths, workers=1, engine="pyshacl")
    monkeypatch.setattr(shacl_module, "CHUNK_TRIPLES", 150)
    assert _problems(check_report(paths, workers=1, engine="pyshacl")) == _problems(whole)


def test_the_shapes_are_local_so_they_can_be_chunked() -> None:
    # the sentence a statement is derived from, and what its order or reason points at; the
    # sentence, statements and works a source criticism points at
    assert class_paths(parse_file(shapes_file())) == frozenset(
        {PROV.wasDerivedFrom, KG.after, KG.before, KG.because,
         KG.criticisedSentence, KG.criticises, KG.citation})


@pytest.mark.parametrize(
    "extra",
    [
        "kgsh:Entity sh:targetObjectsOf rel:friendOf .",
        "kgsh:Statement-subject sh:node [ sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] .",
        "kgsh:Statement-note sh:path ( skos:note rdfs:label ) .",
    ],
)
def test_shapes_that_are_not_local_run_in_one_chunk(extra: str) -> None:
    text = shapes_file().read_text(encoding="utf-8") + "\n" + extra + "\n"
    shapes = Graph().parse(data=text, format="turtle")
    assert class_paths(shapes) is None


def test_locating_only_some_nodes_agrees_with_the_full_index(
    small_lines: list[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "small.ttl", small_lines)
    full = index_file(path)
    some = [node for i, node in enumerate(full.mentions) if i % 97 == 0]
    assert len(some) > 10
    only = index_file(path, only=some)
    assert set(only.mentions) == set(some)
    for node in [*some, URIRef("https://w3id.org/stalin-kg/person/nobody")]:
        assert only.node_line(node) == full.node_line(node)
    for (s, p, o), line in full.edges.items():
        if s in only.subjects:
            assert only.edge_line(s, p, o) == line


_PARENT = os.getpid()


def dying_in_workers(validate: Callable[[Any, str], list[Finding]]) -> Callable[[Any, str], list[Finding]]:
    """``validate`` in this process, but death in a worker (as if killed for lack of memory)."""

    def validate_here(data: Any, shapes: str) -> list[Finding]:
        if os.getpid() != _PARENT:
            os._exit(1)
        return validate(data, shapes)

    return validate_here


def test_a_dying_worker_falls_back_to_this_process(
    small_lines: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "mutated.ttl", mutated(small_lines))
    expected = _problems(check_report([path], workers=1, engine="pyshacl"))
    monkeypatch.setattr(shacl_module, "validate_chunk", dying_in_workers(shacl_module.validate_chunk))
    monkeypatch.setattr(shacl_module, "CHUNK_TRIPLES", 700)
    assert _problems(check_report([path], workers=2, engine="pyshacl")) == expected
