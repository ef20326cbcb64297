"""The one date rule (graph.model: DATE_TYPES and parse_date) and `kg check`, which must agree:
a date is an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal whose lexical form fits its
type (or an EDTF literal of the part of EDTF the model takes, for uncertain and approximate
dates), never a string and never an ``xsd:dateTime``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from graph.check import check_report
from graph.check.basis import DATE_TYPES as CHECKED_TYPES
from graph.check.basis import year_of
from graph.model import DATE_TYPES, EDTF, PartialDate, parse_date
from graph.namespaces import PERSON, REL

HEAD = (Path(__file__).parent / "fixtures" / "check" / "bad_date.ttl").read_text(
    encoding="utf-8").split("# Defect")[0]

#: (a Turtle literal, the date it is, or None for no date)
CASES: list[tuple[str, PartialDate | None]] = [
    ('"1941-06-22"^^xsd:date', PartialDate(1941, 6, 22)),
    ('"1936-09"^^xsd:gYearMonth', PartialDate(1936, 9)),
    ('"1924"^^xsd:gYear', PartialDate(1924)),
    ('"2000-02-29"^^xsd:date', PartialDate(2000, 2, 29)),  # a leap day
    ('"1941-06-22Z"^^xsd:date', PartialDate(1941, 6, 22)),  # a time zone is allowed, ignored
    ('"1941-06-22+03:00"^^xsd:date', PartialDate(1941, 6, 22)),
    ('"-0044"^^xsd:gYear', PartialDate(-44)),
    ('"0001-01-01"^^xsd:date', PartialDate(1, 1, 1)),
    ('"1941-06-22T04:00:00"^^xsd:dateTime', None),  # a time of day: not a date of the model
    ('"1941"', None),  # a string
    ('"1941"^^xsd:string', None),
    ('"1941"@de', None),
    ('"1927-13-45"^^xsd:date', None),
    ('"1900-02-29"^^xsd:date', None),  # 1900 is no leap year
    ('"1941-06"^^xsd:date', None),  # the form of another type
    ('"1941"^^xsd:gYearMonth', None),
    ('"1941-13"^^xsd:gYearMonth', None),
    ('"01941"^^xsd:gYear', None),  # a leading zero beyond four digits
    # EDTF, for uncertain and approximate dates (issue 22): "Anfang 1924", "um 1927-12"
    (f'"1924-33"^^<{EDTF}>', PartialDate(1924)),  # the first quarter of 1924
    (f'"1927-12~"^^<{EDTF}>', PartialDate(1927, 12)),
    (f'"1924?"^^<{EDTF}>', PartialDate(1924)),
    (f'"1917-23%"^^<{EDTF}>', PartialDate(1917)),  # autumn 1917, uncertain and approximate
    (f'"1924-42"^^<{EDTF}>', None),  # no such grouping
    (f'"1941-06-22"^^<{EDTF}>', None),  # a day is an xsd:date
    (f'"Anfang 1924"^^<{EDTF}>', None),
]

#: Lexical forms pyshacl 0.40 (through rdflib) does not check for gYear and gYearMonth:
#: it accepts these; pyshacl-turbo and the model do not.
PYSHACL_LENIENT = {'"1941"^^xsd:gYearMonth', '"1941-13"^^xsd:gYearMonth', '"01941"^^xsd:gYear'}


@pytest.fixture(scope="module")
def dated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One declared person per case, with the case's literal as rel:dateOfDeath."""
    body = "".join(
        f'person:P{i} a kg:Person ; rdfs:label "P{i}"@de, "P{i}"@en ; rel:dateOfDeath {lit} .\n'
        for i, (lit, _) in enumerate(CASES))
    path = tmp_path_factory.mktemp("dates") / "dates.ttl"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "date"), CASES, ids=[c[0] for c in CASES])
def test_parse_date_on_rdflib_and_pyoxigraph_literals(text: str, date: PartialDate | None) -> None:
    g = Graph().parse(data=f"{HEAD}\nperson:X rel:dateOfDeath {text} .", format="turtle")
    value = g.value(PERSON.X, REL.dateOfDeath)
    assert parse_date(value) == date
    store = ox.Store()
    store.load(f"{HEAD}\nperson:X rel:dateOfDeath {text} .", format=ox.RdfFormat.TURTLE)
    (quad,) = store.quads_for_pattern(ox.NamedNode(str(PERSON.X)), None, None)
    assert parse_date(quad.object) == date
    assert year_of(value) == (None if date is None else f"{abs(date.year):04d}")


def test_lexical_forms_alone() -> None:
    assert parse_date("1941-06-22") == PartialDate(1941, 6, 22)
    assert parse_date("1936-09") == PartialDate(1936, 9)
    assert parse_date("1924") == PartialDate(1924)
    for text in ("1941-06-22T04:00:00", "22.06.1941", "1941-6-22", "1941-02-30", "", "circa 1941",
                 "1941 people"):
        assert parse_date(text) is None, text
    assert str(PartialDate(-44)) == "-0044" and str(PartialDate(1941, 6, 22)) == "1941-06-22"


def test_check_uses_the_model_types() -> None:
    assert tuple(str(t) for t in CHECKED_TYPES) == DATE_TYPES == (
        str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear), EDTF)
    assert parse_date(Literal("1941", datatype=XSD.gYear)) == PartialDate(1941)


@pytest.mark.parametrize("engine", ["pyshacl-turbo", "pyshacl"])
def test_kg_check_rejects_exactly_what_the_model_does_not_read(dated_file: Path,
                                                               engine: str) -> None:
    report = check_report([dated_file], engine=engine)
    rejected = {str(p.node) for p in report.problems if "rel:dateOfDeath must" in p.message}
    for i, (text, date) in enumerate(CASES):
        expected = date is None and not (engine == "pyshacl" and text in PYSHACL_LENIENT)
        assert (str(PERSON[f"P{i}"]) in rejected) == expected, text
