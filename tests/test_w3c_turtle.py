"""A peer's test suite: the W3C RDF 1.1 Turtle tests (``tests/suites/rdf-turtle``).

Every negative-syntax file makes ``kg check`` exit 2 with ``file:line`` and no traceback;
every positive-syntax file loads; every evaluation test loads and matches its N-Triples.
"""

from __future__ import annotations

import re

import pytest
import rdflib
from click.testing import CliRunner
from paths import TURTLE_SUITE
from rdflib.compare import isomorphic

import graph
from graph.rdfio import parse_file
from kgapp.cli import main

SUITE = TURTLE_SUITE
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = rdflib.Namespace("http://www.w3.org/ns/rdftest#")


def _tests(kind: str) -> list[tuple[str, str | None]]:
    if not (SUITE / "manifest.ttl").is_file():
        return []
    m = rdflib.Graph().parse(SUITE / "manifest.ttl", publicID=BASE + "manifest.ttl")
    out = []
    for test in m.subjects(rdflib.RDF.type, RDFT[kind]):
        action = str(m.value(test, MF.action)).rsplit("/", 1)[-1]
        result = m.value(test, MF.result)
        out.append((action, str(result).rsplit("/", 1)[-1] if result else None))
    return sorted(out)


NEGATIVE = _tests("TestTurtleNegativeSyntax")
POSITIVE = _tests("TestTurtlePositiveSyntax")
EVAL = _tests("TestTurtleEval")
needs_suite = pytest.mark.skipif(
    not SUITE.is_dir(), reason=f"W3C Turtle suite not found at {SUITE} (tests/suites/)"
)


@needs_suite
def test_the_suite_is_complete() -> None:
    assert (len(NEGATIVE), len(POSITIVE), len(EVAL)) == (94, 74, 145)


@needs_suite
@pytest.mark.parametrize(("name", "_"), NEGATIVE, ids=[n for n, _ in NEGATIVE])
def test_negative_syntax_exits_2_located(name: str, _: None) -> None:
    path = SUITE / name
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert re.match(rf"^{re.escape(str(path))}:\d+(:\d+)?: \S", result.stderr), result.stderr
    assert "Traceback" not in result.output + result.stderr


@needs_suite
@pytest.mark.parametrize(("name", "_"), POSITIVE, ids=[n for n, _ in POSITIVE])
def test_positive_syntax_loads(name: str, _: None) -> None:
    kg = graph.load(SUITE / name, vocabulary=False)
    parsed = parse_file(SUITE / name, base_iri=BASE + name)
    # both readers give the file's triples: the store holds exactly as many as rdflib reads
    assert len(kg) == len(parsed)


@needs_suite
@pytest.mark.parametrize(("name", "expected"), EVAL, ids=[n for n, _ in EVAL])
def test_evaluation_matches_expected_ntriples(name: str, expected: str) -> None:
    got = parse_file(SUITE / name, base_iri=BASE + name)
    want = rdflib.Graph().parse(SUITE / expected, format="nt")
    assert isomorphic(_lower_lang(got), _lower_lang(want))


def _lower_lang(g: rdflib.Graph) -> rdflib.Graph:
    """Language tags compare case-insensitively in RDF 1.1; Oxigraph writes them lower-case."""
    out = rdflib.Graph()
    for s, p, o in g:
        if isinstance(o, rdflib.Literal) and o.language:
            o = rdflib.Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out
