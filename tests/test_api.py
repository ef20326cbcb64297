"""Promises of the Python API that no other test holds: search and sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph.namespaces import PERSON

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8582892fdbb4e728.txt"


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
