"""The curated data: coverage of the source, the people it names, and spot checks of facts."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph.namespaces import PERSON
from graph.paths import data_dir

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8582892fdbb4e728.txt"

# Every person the source text names, from a reading of the 25 sentences (German spelling).
PERSONS_NAMED = {
    "Stalin": "Josef Stalin", "Sytin": "Sytin", "Krasnow": "Krasnow", "Trotzki": "Trotzki",
    "Shloba": "Shloba", "Kamenew": "Kamenew", "Sinowjew": "Sinowjew", "Lenin": "Lenin",
    "Kerenski": "Kerenski", "Bucharin": "Bucharin", "AntonowOwsejenko": "Anton Antonow-Owsejenko",
    "Jegorow": "Alexander Jegorow", "Rokossowski": "Konstantin Rokossowski",
    "Pawlow": "Dmitri Grigorjewitsch Pawlow", "Churchill": "Churchill",
    "Roosevelt": "Roosevelt", "Jakow": "Jakow", "Paulus": "Friedrich Paulus", "Hitler": "Hitler",
}


def test_every_sentence_backs_a_statement(kg: graph.KnowledgeGraph) -> None:
    covered = {s.sentence for s in kg.statements}
    assert covered == set(range(1, 26))


def test_sentences_are_the_source_text(kg: graph.KnowledgeGraph) -> None:
    texts = {
        int(n.toPython()): str(t)
        for n, t in kg.query("SELECT ?n ?t { ?s kg:sentenceNumber ?n ; kg:text ?t }").rows
    }
    assert len(texts) == 25
    if SEED.is_file():
        lines = SEED.read_text(encoding="utf-8").splitlines()
        assert [texts[i + 1] for i in range(25)] == lines[:25]


def test_source_is_attributed(kg: graph.KnowledgeGraph) -> None:
    r = kg.query(
        "SELECT ?lic ?url { ?src a kg:Source ; dcterms:license ?lic ; dcterms:source ?url }"
    )
    assert [(str(a), str(b)) for a, b in r.rows] == [
        ("https://creativecommons.org/licenses/by-sa/4.0/", "https://de.wikipedia.org/wiki/Josef_Stalin")
    ]


@pytest.mark.parametrize("local,label_de", sorted(PERSONS_NAMED.items()))
def test_every_named_person_is_in_the_graph(
    kg: graph.KnowledgeGraph, local: str, label_de: str
) -> None:
    e = kg.entities[str(PERSON[local])]
    assert e.kind == "Person"
    assert e.label_de == label_de
    assert e.label_en


def test_no_person_beyond_the_text(kg: graph.KnowledgeGraph) -> None:
    persons = {e.iri for e in kg.entities.values() if e.kind == "Person"}
    assert persons == {str(PERSON[p]) for p in PERSONS_NAMED}


def test_who_was_in_exile_with_stalin(kg: graph.KnowledgeGraph) -> None:
    r = kg.query(
        "SELECT ?who { person:Stalin rel:exiledWith|^rel:exiledWith ?who }"
    )
    assert [kg.label(w, "de") for (w,) in r.rows] == ["Kamenew"]


def test_when_trotzki_was_expelled(kg: graph.KnowledgeGraph) -> None:
    r = kg.query(
        """SELECT ?from ?when ?n {
             ?st rdf:subject person:Trotzki ; rdf:predicate rel:expelledFrom ; rdf:object ?from ;
                 kg:pointInTime ?when ; prov:wasDerivedFrom/kg:sentenceNumber ?n }"""
    )
    (party, when, n), = r.rows
    assert kg.label(party, "de") == "KPdSU"
    assert str(when) == "1927" and when.datatype.endswith("#gYear")
    assert int(n) == 11


def test_lenin_directed_the_proceedings(kg: graph.KnowledgeGraph) -> None:
    ask = kg.query("ASK { person:Lenin rel:startedExpulsionProceedingsAgainst person:Sinowjew }")
    reverse = kg.query("ASK { person:Sinowjew rel:startedExpulsionProceedingsAgainst person:Lenin }")
    assert ask.boolean and not reverse.boolean


def test_stalin_offices_and_dates(kg: graph.KnowledgeGraph) -> None:
    r = kg.query(
        """SELECT ?pos ?start ?end {
             ?st rdf:subject person:Stalin ; rdf:predicate rel:heldPosition ; rdf:object ?pos ;
                 kg:start ?start . OPTIONAL { ?st kg:end ?end } } ORDER BY ?start ?pos"""
    )
    got = [(kg.label(p, "de"), str(s), str(e) if e else None) for p, s, e in r.rows]
    assert ("Generalsekretär des ZK der KPdSU", "1922", "1953") in got
    assert ("Oberster Befehlshaber der Roten Armee", "1941", "1945") in got
    assert ("Vorsitzender des Ministerrats der UdSSR", "1946", None) in got


def test_son_of_and_the_refused_exchange(kg: graph.KnowledgeGraph) -> None:
    assert kg.query("ASK { person:Jakow rel:sonOf person:Stalin }").boolean
    r = kg.query(
        """SELECT ?d { ?st rdf:subject person:Jakow ; rdf:predicate rel:capturedBy ;
                         kg:pointInTime ?d }"""
    )
    assert [str(d) for (d,) in r.rows] == ["1941-07-16"]
    assert kg.query("ASK { person:Stalin rel:refusedToExchangeFor person:Paulus }").boolean


def test_stalin_had_pawlow_shot_and_was_judged(kg: graph.KnowledgeGraph) -> None:
    assert kg.query("ASK { person:Stalin rel:hadShot person:Pawlow }").boolean
    assert kg.query("ASK { person:AntonowOwsejenko rel:judged person:Stalin }").boolean
    r = kg.query("SELECT ?m { person:AntonowOwsejenko rel:basedJudgementOnReportsOf ?m }")
    assert sorted(kg.label(m, "de") for (m,) in r.rows) == [
        "Alexander Jegorow", "Konstantin Rokossowski"
    ]


def test_soviet_union_expelled_from_the_league(kg: graph.KnowledgeGraph) -> None:
    assert kg.query("ASK { state:Sowjetunion rel:expelledFrom organisation:Voelkerbund }").boolean
    assert kg.entity("League of Nations").wikidata == "Q38130"


def test_every_statement_has_a_quote_inside_its_sentence(kg: graph.KnowledgeGraph) -> None:
    for st in kg.statements:
        assert st.quote and st.sentence_text and st.quote in st.sentence_text, st.iri


def test_dates_are_typed_never_strings(kg: graph.KnowledgeGraph) -> None:
    r = kg.query(
        """SELECT ?v { ?s kg:start|kg:end|kg:pointInTime|rel:date|rel:startDate|rel:endDate
                          |rel:dateOfDeath ?v
                       FILTER(DATATYPE(?v) NOT IN (xsd:date, xsd:gYearMonth, xsd:gYear)) }"""
    )
    assert r.rows == []


def test_bundled_files_are_found_in_data_dir() -> None:
    assert (data_dir() / "triples.ttl").is_file()
