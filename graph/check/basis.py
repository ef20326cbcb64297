"""Rules on the basis of a statement (``kg:basis`` ``kg:Stated``, ``kg:Inferred`` or
``kg:Reported``) that SHACL cannot express: ``date-in-sentence``, ``basis-note``,
``inferred-part`` and ``attributed-reported``. (That every statement has exactly one of the
three is the SHACL rule ``statement-basis``.)

A date is the curator's, never the text's, when its year does not occur in the sentence: such
a statement must be ``kg:Inferred``. Only the year is compared (``"1941-06-22"^^xsd:date``
needs "1941" in the sentence, not the day or month, which the text may write in words).

>>> triples = Triples.from_turtle('''
...     stmt:x prov:wasDerivedFrom sentence:09 ; kg:basis kg:Stated ;
...         kg:pointInTime "1917"^^xsd:gYear .
...     sentence:09 kg:text "Kurz nach der Oktoberrevolution im selben Jahr" .''')
>>> for finding in date_in_sentence(triples):
...     print(finding.message)
kg:pointInTime "1917"^^xsd:gYear: the year 1917 is not in the kg:text of sentence:09, so the
date is the curator's and the statement must be kg:Inferred, not kg:Stated: set kg:basis
kg:Inferred with kg:inferredPart kg:InferredDate (only the date is the curator's) or
kg:InferredRelation, and a skos:note saying where the year comes from
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal
from rdflib.term import Node

from graph.check.report import Finding, short_name
from graph.check.triples import DATES, Triples, iri_values
from graph.messages import message
from graph.model import DATE_TYPES, parse_date
from graph.namespaces import KG, PROV, RDF

__all__ = [
    "DATE_TYPES",
    "attributed_reported",
    "basis_note",
    "date_in_sentence",
    "inferred_part",
    "year_of",
]



def year_of(date: Literal) -> str | None:
    """The year digits of a date literal, or None if it is no date by the one date rule
    (:func:`graph.model.parse_date`; the shapes report an ill-formed one).

    >>> from graph.namespaces import XSD
    >>> year_of(Literal("1941-06-22", datatype=XSD.date)), year_of(Literal("1936-09", datatype=XSD.gYearMonth))
    ('1941', '1936')
    >>> year_of(Literal("1927-13-45", datatype=XSD.date)), year_of(Literal("1941-06-22T04:00:00", datatype=XSD.dateTime))
    (None, None)
    """
    parsed = parse_date(date)
    return None if parsed is None else f"{abs(parsed.year):04d}"


def date_in_sentence(triples: Triples) -> Iterator[Finding]:
    """Dates (kg:start, kg:end, kg:pointInTime, or a date as rdf:object) whose year is in
    none of the statement's sentences, on statements that are not kg:Inferred."""
    query = f"""SELECT DISTINCT ?st ?p ?date WHERE {{
        VALUES ?p {{ {iri_values((*DATES, RDF.object))} }}
        ?st ?p ?date ; prov:wasDerivedFrom ?sentence .
        FILTER(isLiteral(?date) && DATATYPE(?date) IN ({", ".join(f"<{t}>" for t in DATE_TYPES)}))
        FILTER NOT EXISTS {{ ?st kg:basis kg:Inferred }}
        ?sentence kg:text ?text
        FILTER(!CONTAINS(STR(?text), REPLACE(STR(?date), "^-?([0-9]{{4,}}).*$", "$1")))
    }}"""  # suspects: some sentence of theirs lacks the year; judged one by one below
    for st, p, date in triples.rows(query):
        assert st is not None and p is not None and isinstance(date, Literal)
        year = year_of(date)
        sentences = triples.objects(st, PROV.wasDerivedFrom)
        texts = [str(t) for s in sentences for t in triples.objects(s, KG.text)]
        if year is None or any(year in text for text in texts):
            continue
        names = ", ".join(short_name(s) for s in sentences)
        basis = _basis(triples, st)
        text = message("check.dateNotInSentence", property=short_name(p), date=short_name(date),
                       year=year, sentences=names,
                       not_basis=message("check.notBasis", basis=basis) if basis else "")
        yield Finding(st, text, ((st,),))


def basis_note(triples: Triples) -> Iterator[Finding]:
    """kg:Inferred and kg:Reported statements without a skos:note."""
    query = """SELECT ?st ?basis WHERE {
        VALUES ?basis { kg:Inferred kg:Reported }
        ?st kg:basis ?basis
        FILTER NOT EXISTS { ?st skos:note ?note }
    }"""
    fixes: dict[Node, str] = {KG.Inferred: message("check.noteInferred"),
                              KG.Reported: message("check.noteReported")}
    for st, basis in triples.rows(query):
        assert st is not None and basis is not None
        text = message("check.noNote", basis=short_name(basis), fix=fixes[basis])
        yield Finding(st, text, ((st,),))


def inferred_part(triples: Triples) -> Iterator[Finding]:
    """kg:Inferred statements without kg:inferredPart, and kg:inferredPart on others."""
    missing = """SELECT ?st WHERE {
        ?st kg:basis kg:Inferred FILTER NOT EXISTS { ?st kg:inferredPart ?part }
    }"""
    for (st,) in triples.rows(missing):
        assert st is not None
        yield Finding(st, message("check.noInferredPart"), ((st,),))
    misplaced = """SELECT ?st ?part WHERE {
        ?st kg:inferredPart ?part FILTER NOT EXISTS { ?st kg:basis kg:Inferred }
    }"""
    for st, part in triples.rows(misplaced):
        assert st is not None and part is not None
        text = message("check.misplacedInferredPart", part=short_name(part),
                       statement=_is(triples, st))
        yield Finding(st, text, ((st, KG.inferredPart, part), (st,)))


def attributed_reported(triples: Triples) -> Iterator[Finding]:
    """prov:wasAttributedTo on statements that are not kg:Reported."""
    query = """SELECT ?st ?who WHERE {
        ?st prov:wasAttributedTo ?who FILTER NOT EXISTS { ?st kg:basis kg:Reported }
    }"""
    for st, who in triples.rows(query):
        assert st is not None and who is not None
        text = message("check.misplacedAttribution", who=short_name(who),
                       statement=_is(triples, st))
        yield Finding(st, text, ((st, PROV.wasAttributedTo, who), (st,)))


def _basis(triples: Triples, st: Node) -> str:
    """The statement's basis (``kg:Stated``; empty if it has none)."""
    return message("check.and").join(sorted(short_name(b) for b in triples.objects(st, KG.basis)))


def _is(triples: Triples, st: Node) -> str:
    """``that is kg:Stated``, or ``without kg:basis``."""
    basis = _basis(triples, st)
    return message("check.thatIs", basis=basis) if basis else message("check.withoutBasis")
