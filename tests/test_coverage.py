"""``graph.coverage``: word coverage by quotes, uncovered words and unmodelled names, per sentence.

Exact figures come from the two-sentence fixture (its header says what to expect); on the
bundled graph, whose numbers change as curators work, the expectations are derived from the data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graph
from graph.coverage import (
    Coverage,
    NameMatcher,
    SentenceCoverage,
    coverage,
    format_table,
    quote_spans,
    words,
)
from graph.lookup import normalise
from graph.model import Entity
from graph.paths import bundled_graph_files

FIXTURE = Path(__file__).parent / "fixtures" / "coverage" / "two_sentences.ttl"
PERSON = "https://w3id.org/stalin-kg/person/"
PLACE = "https://w3id.org/stalin-kg/place/"


@pytest.fixture(scope="module")
def report() -> Coverage:
    return coverage(graph.load(FIXTURE, vocabulary=False))


def texts(ws: tuple[object, ...]) -> list[str]:
    return [w.text for w in ws]  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- the fixture
def test_fixture_shares_are_exact(report: Coverage) -> None:
    one, two = report.sentences
    assert (one.number, one.words, one.covered, one.statements) == (1, 13, 7, 2)
    assert (two.number, two.words, two.covered, two.statements) == (2, 13, 5, 2)
    assert one.share == pytest.approx(7 / 13)
    assert two.share == pytest.approx(5 / 13)
    assert (report.words, report.covered, report.complete) == (26, 12, 0)
    assert report.share == pytest.approx(12 / 26)
    assert not one.complete and not two.complete


def test_fixture_uncovered_words_in_order(report: Coverage) -> None:
    one, two = report.sentences
    assert texts(one.uncovered) == ["Josef", "während", "Sinowjew", "in", "Zürich", "blieb"]
    # "verriet Stalin" occurs twice and covers both occurrences
    assert texts(two.uncovered) == ["Laut", "Trotzki", "den", "Kamenew", "dann", "auch", "in",
                                    "zurich"]
    for s in report.sentences:
        for w in s.uncovered:
            assert s.text[w.start:w.end] == w.text


def test_fixture_unmodelled_names(report: Coverage) -> None:
    one, two = report.sentences
    # Stalin (as "Josef Stalin") and Kamenew are in statement A; "Kamen" is inside "Kamenew",
    # not a word of its own
    assert [(m.name, m.entities) for m in one.unmodelled] == [
        ("Sinowjew", (PERSON + "Sinowjew",)), ("Zürich", (PLACE + "Zuerich",)),
    ]
    # Trotzki is statement C's claimant, Sinowjew D's object; "zurich" is Zürich without case
    # or diacritics
    assert [(m.name, m.entities) for m in two.unmodelled] == [("zurich", (PLACE + "Zuerich",))]
    assert two.text[two.unmodelled[0].start:two.unmodelled[0].end] == "zurich"


def test_a_claimant_counts_as_modelled_only_through_was_attributed_to(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    assert "    prov:wasAttributedTo person:Trotzki ;\n" in text
    unattributed = tmp_path / "unattributed.ttl"
    unattributed.write_text(text.replace("    prov:wasAttributedTo person:Trotzki ;\n", ""),
                            "utf-8")
    two = coverage(graph.load(unattributed, vocabulary=False)).sentences[1]
    assert [m.name for m in two.unmodelled] == ["Trotzki", "zurich"]


def test_statements_count_for_their_own_sentence_not_its_number(
    kg: graph.KnowledgeGraph,
) -> None:
    """Beside the bundled sentences 1 and 2, the fixture's sentences keep their own figures."""
    both = coverage(graph.load(FIXTURE))  # the bundled vocabulary and sentences are added
    mine = {s.iri.rsplit("/", 1)[-1]: s for s in both.sentences}
    assert (mine["fixture-01"].covered, mine["fixture-02"].covered) == (7, 5)
    bundled = coverage(kg).sentences[0]
    assert mine["01"].statements == 0 < bundled.statements
    assert [s.number for s in both.sentences][:4] == [1, 1, 2, 2]


def test_fixture_quotes_not_verbatim_are_reported(report: Coverage) -> None:
    one, two = report.sentences
    assert one.unplaced_quotes == ("Stalin war in der Verbannung",)
    assert two.unplaced_quotes == ()


def test_a_sentence_without_statements_is_uncovered_but_listed(tmp_path: Path) -> None:
    extra = tmp_path / "third.ttl"
    extra.write_text(
        "@prefix kg: <https://w3id.org/stalin-kg/vocab#> .\n"
        "<https://w3id.org/stalin-kg/sentence/03> a kg:Sentence ; kg:sentenceNumber 3 ;\n"
        '    kg:text "Kamenew blieb in Kamen." .\n', "utf-8")
    third = coverage(graph.load(FIXTURE, extra, vocabulary=False)).sentences[2]
    assert (third.number, third.statements, third.words, third.covered) == (3, 0, 4, 0)
    assert third.share == 0.0
    assert [m.name for m in third.unmodelled] == ["Kamenew", "Kamen"]


def test_to_dict_is_json_and_matches_the_report(report: Coverage) -> None:
    data = json.loads(json.dumps(report.to_dict()))
    assert (data["words"], data["covered"], data["sentences_total"]) == (26, 12, 2)
    assert data["share"] == pytest.approx(12 / 26)
    first = data["sentences"][0]
    assert first["number"] == 1 and first["share"] == pytest.approx(7 / 13)
    assert first["uncovered"][0] == {"word": "Josef", "start": 0, "end": 5}
    assert first["unmodelled"][1]["entities"] == [PLACE + "Zuerich"]
    assert first["unplaced_quotes"] == ["Stalin war in der Verbannung"]


def test_format_table(report: Coverage) -> None:
    kg = graph.load(FIXTURE, vocabulary=False)
    lines = format_table(report, curie=kg.curie).splitlines()
    assert lines[0].split()[:5] == ["sentence", "statements", "words", "covered", "share"]
    assert lines[2].split()[:5] == ["1", "2", "13", "7", "54%"]
    assert "Sinowjew (person:Sinowjew), Zürich (place:Zuerich)" in lines[2]
    assert lines[2].endswith("Josef während Sinowjew in Zürich blieb")
    assert lines[3].split()[:5] == ["2", "2", "13", "5", "38%"]
    assert lines[4].split()[:5] == ["all", "4", "26", "12", "46%"]
    assert lines[4].endswith("0 of 2 sentences fully covered")
    assert lines[5] == "sentence 1: quote not found verbatim: „Stalin war in der Verbannung“"
    clipped = format_table(report, width=10).splitlines()[2]
    assert "Josef wäh…" in clipped and "(person:" not in clipped


# ---------------------------------------------------------------------------- the parts
def test_words_are_unicode_letters_and_digits() -> None:
    assert [w.text for w in words("Иосиф Сталин (1878–1953), „Koba“ & Dschugaschwili!")] == [
        "Иосиф", "Сталин", "1878", "1953", "Koba", "Dschugaschwili"]
    decomposed = "Jose\u0301 Marti\u0301"
    assert [w.text for w in words(decomposed)] == ["Jose\u0301", "Marti\u0301"]
    assert words("") == [] and words(" ,.; ") == []
    assert words("x_y")[0].text == "x"  # the underscore is no letter


def test_quote_spans_finds_every_occurrence() -> None:
    assert quote_spans("aaa", "aa") == [(0, 2), (1, 3)]
    assert quote_spans("Stalin und Stalin", "Stalin") == [(0, 6), (11, 17)]
    assert quote_spans("Stalin", "stalin") == []  # exact, case included


def entity(local: str, de: str, en: str, *aliases: str) -> Entity:
    return Entity(PERSON + local, "Person", de, en, aliases)


def test_names_longest_match_first() -> None:
    matcher = NameMatcher([
        entity("Stalin", "Josef Stalin", "Joseph Stalin"),
        Entity(PLACE + "Warna", "Place", "Warna", "Varna", ("Stalin",)),
        entity("Lenin", "Lenin", "Lenin", "Wladimir Iljitsch Lenin"),
    ])
    found = matcher.find("Josef Stalin traf Wladimir Iljitsch LENIN, dann fuhr er nach Stalin.")
    assert [(m.name, m.entities) for m in found] == [
        ("Josef Stalin", (PERSON + "Stalin",)),
        ("Wladimir Iljitsch LENIN", (PERSON + "Lenin",)),
        ("Stalin", (PLACE + "Warna",)),
    ]


def test_names_whole_words_case_and_diacritics() -> None:
    matcher = NameMatcher([entity("Ordschonikidse", "Ordschonikidse", "Ordzhonikidze", "Sergo"),
                           entity("Jeschow", "Jeschow", "Yezhov", "N. I. Jeschow", "Ježov")])
    assert [m.name for m in matcher.find("Sergos Freund, ein Sergo-Anhänger")] == ["Sergo"]
    assert [m.name for m in matcher.find("JEZOV und n.i. jeschow")] == ["JEZOV", "n.i. jeschow"]
    assert matcher.find("die Jeschowschtschina, Jeschow1937") == []


def test_a_name_shared_by_two_entities_names_both() -> None:
    matcher = NameMatcher([entity("A", "Wassili", "Vasily"), entity("B", "Wassili", "Vasily")])
    assert [m.entities for m in matcher.find("Wassili kam.")] == [(PERSON + "A", PERSON + "B")]


# ---------------------------------------------------------------------------- the bundled graph
def test_bundled_every_sentence_appears_with_shares_in_range(kg: graph.KnowledgeGraph) -> None:
    report = coverage(kg)
    numbers = sorted(int(str(n)) for (n,) in kg.query(
        "SELECT ?n WHERE { ?s a kg:Sentence ; kg:sentenceNumber ?n }").rows)
    assert [s.number for s in report.sentences] == numbers
    assert 0 <= report.share <= 1
    for s in report.sentences:
        assert 0 <= s.share <= 1
        assert s.words == len(words(s.text))
        assert s.covered == s.words - len(s.uncovered)
        assert s.statements == len(kg.sentence(s.number))
    assert report.covered == sum(s.covered for s in report.sentences)
    assert report.complete == sum(s.covered == s.words for s in report.sentences)


def involved(kg: graph.KnowledgeGraph, number: int) -> set[str]:
    """Every entity in the statements of sentence ``number``, claimants included."""
    out: set[str] = set()
    for st in kg.sentence(number):
        out |= {st.subject, str(st.object)}
    for (who,) in kg.query(
        "SELECT ?who WHERE { ?st prov:wasDerivedFrom ?sen ; prov:wasAttributedTo ?who ."
        " ?sen kg:sentenceNumber $n }", {"n": number}).rows:
        out.add(str(who))
    return out


def naive_mentions(kg: graph.KnowledgeGraph, text: str) -> dict[str, set[str]]:
    """Normalised name → entities, for every name found as whole words in ``text``."""
    padded = f" {normalise(text)} "
    out: dict[str, set[str]] = {}
    for e in kg.entities.values():
        for name in (e.label_de, e.label_en, *e.aliases):
            key = normalise(name)
            if key and f" {key} " in padded:
                out.setdefault(key, set()).add(e.iri)
    return out


def test_bundled_unmodelled_names_are_derived_from_the_data(kg: graph.KnowledgeGraph) -> None:
    report = coverage(kg)
    for s in report.sentences:
        modelled = involved(kg, s.number)
        found = naive_mentions(kg, s.text)
        for m in s.unmodelled:  # every name reported is a name of an entity not modelled here
            assert set(m.entities) == found[normalise(m.name)]
            assert not modelled & set(m.entities)
        reported = {normalise(m.name) for m in s.unmodelled}
        for key, iris in found.items():
            # a name of only unmodelled entities is reported, unless it shares a word with another
            # name found here (longest first may then have taken the other)
            overlapped = any(other != key and set(other.split()) & set(key.split())
                             for other in found)
            if not iris & modelled and not overlapped:
                assert key in reported, (s.number, key)


def test_bundled_a_name_in_no_statement_of_its_sentence_is_reported(tmp_path: Path) -> None:
    """A new entity named by a word of a sentence, in no statement: the sentence reports it."""
    kg = graph.load()
    # a word in no known name, so that no longer name can take it
    known = {word for e in kg.entities.values()
             for n in (e.label_de, e.label_en, *e.aliases) for word in normalise(n).split()}
    target = next(s for s in coverage(kg).sentences
                  if any(len(w.text) > 6 and normalise(w.text) not in known
                         for w in words(s.text)))
    word = next(w.text for w in words(target.text)
                if len(w.text) > 6 and normalise(w.text) not in known)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kg: <https://w3id.org/stalin-kg/vocab#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<https://w3id.org/stalin-kg/person/CoverageTest> a kg:Person ;\n'
        f'    rdfs:label "{word.upper()}"@de, "{word}"@en .\n', "utf-8")
    report = coverage(graph.load([*bundled_graph_files(), extra]))
    hits = [(s.number, m.name) for s in report.sentences for m in s.unmodelled
            if PERSON + "CoverageTest" in m.entities]
    assert (target.number, word) in hits
    assert all(normalise(name) == normalise(word) for _, name in hits)


def test_sentence_coverage_of_no_words_is_complete() -> None:
    empty = SentenceCoverage(1, "s", "", 0, 0, 0)
    assert empty.share == 1.0 and empty.complete
    assert Coverage([]).share == 1.0 and Coverage([]).complete == 0


# ---------------------------------------------------------------------------- a remote graph
def test_remote_endpoint_gives_the_same_report(tmp_path: Path, report: Coverage) -> None:
    from oxigraph_fixture import oxigraph_binary, oxigraph_server

    try:
        oxigraph_binary()
    except RuntimeError as err:
        pytest.skip(str(err))
    with oxigraph_server(tmp_path / "store", [FIXTURE]) as url:
        remote = coverage(graph.connect(f"{url}/query"))
    assert remote == report
