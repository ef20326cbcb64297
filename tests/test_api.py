"""Promises of the Python API that no other test holds: search and sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import SOURCE_TEXT

import graph
from graph.basis import check_bases
from graph.errors import LookupFailed
from graph.model import BASES
from graph.namespaces import PERSON

SOURCE = SOURCE_TEXT


def test_search_finds_names_in_either_language_exact_first(kg: graph.KnowledgeGraph) -> None:
    hits = [e.iri for e in kg.search("stalin")]
    assert hits[0] == str(PERSON["Stalin"])  # "Stalin" itself before names that contain it
    assert len(hits) == len(set(hits)) > 1
    assert [e.iri for e in kg.search("Sinowjew")] == [e.iri for e in kg.search("zinoviev")]
    assert kg.search("kamenew")[0].label("en") == "Kamenev"


def test_search_ignores_case_and_diacritics_and_respects_limit(kg: graph.KnowledgeGraph) -> None:
    assert [e.iri for e in kg.search("TROTZKI")] == [e.iri for e in kg.search("trotzki")]
    assert len(kg.search("e", limit=3)) == 3
    assert kg.search("no such name anywhere") == []


@pytest.mark.skipif(not SOURCE.is_file(), reason=f"the source text is not at {SOURCE}")
@pytest.mark.parametrize("number", range(1, 26))
def test_every_sentence_has_its_statements_with_verbatim_quotes(
    kg: graph.KnowledgeGraph, number: int
) -> None:
    said = kg.sentence(number)
    assert said, f"sentence {number} says nothing in the graph"
    line = SOURCE.read_text(encoding="utf-8").splitlines()[number - 1]
    for st in said:
        assert st.sentence == number
        assert st.sentence_text == line
        assert st.quote and st.quote in line


def test_sentence_eight_is_the_worked_example(kg: graph.KnowledgeGraph) -> None:
    said = {(kg.label(s.subject), s.relation_name, kg.label(s.object)) for s in kg.sentence(8)}
    assert ("Joseph Stalin", "exiledWith", "Kamenev") in said
    assert {r for _, r, _ in said} >= {"exiledWith", "closeInViewsTo", "friendOf"}
    assert kg.sentence(26) == []


# ---------------------------------------------------------------------------- basis=
def test_relations_of_a_basis(kg: graph.KnowledgeGraph) -> None:
    every = kg.relations("Stalin")
    stated = kg.relations("Stalin", basis=["stated"])
    assert stated and all(s.basis == "stated" for s in stated)
    assert not any(s.basis == "inferred" for s in stated)
    assert stated == [s for s in every if s.stated]
    inferred = kg.relations("Stalin", basis=["inferred"])
    assert inferred and {s.basis for s in inferred} == {"inferred"}
    assert len(kg.relations("Stalin", basis=BASES)) == len(every)
    assert kg.relations("Stalin", relation="heldPosition", basis="inferred") == [
        s for s in inferred if s.relation_name == "heldPosition"]  # one word is one basis


def test_timeline_of_a_basis(kg: graph.KnowledgeGraph) -> None:
    stated = kg.timeline("Stalin", basis=["stated"])
    assert stated == [s for s in kg.timeline("Stalin") if s.stated] and stated
    assert kg.timeline("Trotzki", basis=["stated"]) == []  # 1927 dates the expulsion only
    assert [s.relation_name for s in kg.timeline("Trotzki", basis=["inferred"])] == [
        "prevailedOver", "prevailedOver", "expelledFrom"]


def test_select_by_basis_relation_sentence_and_claimant(kg: graph.KnowledgeGraph) -> None:
    assert kg.select() == kg.statements
    by_basis = {b: kg.select(basis=[b]) for b in BASES}
    assert sum(map(len, by_basis.values())) == len(kg.statements)
    assert all(s.basis == b for b, sts in by_basis.items() for s in sts)
    assert by_basis["reported"] and all(s.note for s in by_basis["reported"])
    lenin = kg.select(claimant="Lenin")
    # the two betrayals (the Bolsheviks' plan is the text's: the Konjunktiv covers the betrayal)
    assert sorted((s.sentence, s.relation_name, s.basis) for s in lenin) == [
        (9, "allegedlyBetrayedTo", "reported")] * 2
    assert kg.select(claimant="Lenin", basis=["stated"]) == []
    assert kg.select(sentence=9) == kg.sentence(9)
    assert kg.select(sentence=9, relation="allegedlyBetrayedTo") == [
        s for s in lenin if s.relation_name == "allegedlyBetrayedTo"]
    with pytest.raises(LookupFailed):
        kg.select(claimant="Nobody At All")


def test_to_networkx_of_a_basis(kg: graph.KnowledgeGraph) -> None:
    g = kg.to_networkx(basis=["stated"])
    keys = {k for _, _, k in g.edges(keys=True)}
    assert keys == {s.iri for s in kg.select(basis=["stated"]) if s.is_edge}
    assert {d["basis"] for _, _, d in g.edges(data=True)} == {"stated"}


@pytest.mark.parametrize("call", [
    lambda kg: kg.relations("Stalin", basis=["assumed"]),
    lambda kg: kg.timeline("Stalin", basis=["stated", "assumed"]),
    lambda kg: kg.select(basis=["assumed"]),
    lambda kg: kg.to_networkx(basis=["assumed"]),
    lambda kg: kg.explain("Sytin", "Stalin", basis=["assumed"]),
    lambda kg: kg.run("exiled-with", basis=["assumed"]),
])
def test_unknown_basis_is_a_value_error_naming_the_allowed_ones(kg: graph.KnowledgeGraph,
                                                                 call: object) -> None:
    with pytest.raises(ValueError, match="unknown basis 'assumed'; use stated, inferred or reported"):
        call(kg)  # type: ignore[operator]


def test_check_bases() -> None:
    assert check_bases(None) is None
    assert check_bases("reported") == frozenset({"reported"})
    assert check_bases(iter(["stated", "stated"])) == frozenset({"stated"})
    assert check_bases([]) == frozenset()


def test_sentences_are_one_read_for_everyone(kg: graph.KnowledgeGraph) -> None:
    sentences = kg.sentences()
    assert [s.number for s in sentences] == list(range(1, 26))
    assert all(isinstance(s, graph.Sentence) and s.text and s.source for s in sentences)
    rows = kg.query("SELECT ?s ?n ?t WHERE { ?s a kg:Sentence ; kg:sentenceNumber ?n ; kg:text ?t }").rows
    assert {(str(s), int(n), str(t)) for s, n, t in rows} == {(s.iri, s.number, s.text) for s in sentences}
    by_number = {s.number: s.text for s in sentences}
    assert all(st.sentence_text == by_number[st.sentence] for st in kg.statements if st.sentence)
    sentences.clear()  # a copy: the graph's own stays
    assert len(kg.sentences()) == 25


def test_a_sentence_with_two_values_reads_as_its_least(tmp_path: Path) -> None:
    ttl = tmp_path / "two.ttl"
    ttl.write_text(
        "@prefix kg: <https://w3id.org/stalin-kg/vocab#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "<https://w3id.org/stalin-kg/sentence/x> a kg:Sentence ; kg:sentenceNumber 7, 5 ;\n"
        "  kg:text \"b\", \"a\" ; dcterms:isPartOf <https://x.org/2>, <https://x.org/1> .\n"
        "<https://w3id.org/stalin-kg/sentence/y> a kg:Sentence ; kg:sentenceNumber \"seven\" .\n",
        encoding="utf-8",
    )
    records = graph.load(ttl, vocabulary=False).sentences()
    assert records == [
        graph.Sentence("https://w3id.org/stalin-kg/sentence/x", 5, "a", "https://x.org/1"),
        graph.Sentence("https://w3id.org/stalin-kg/sentence/y", None, None, None),
    ]


def test_the_data_access_object_stays_at_the_bottom_of_the_core() -> None:
    """graph.access holds the reads; the algorithms import it, never the other way round."""
    import ast

    import graph.access

    tree = ast.parse(Path(graph.access.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                for alias in node.names} | {node.module or "" for node in ast.walk(tree)
                                           if isinstance(node, ast.ImportFrom)}
    algorithms = {"kg", "project", "explain", "analysis", "text", "coverage", "snapshot", "export"}
    assert not imported & algorithms
    assert issubclass(graph.KnowledgeGraph, graph.access.GraphAccess)
    assert graph.load().kinds[str(PERSON.Stalin)] == "Person"
