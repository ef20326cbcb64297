"""Named queries: headers, parameters, and a golden result for each over the bundled data.

A golden file is ``tests/golden/NAME[--param=value].tsv``: the SPARQL TSV of the result. After a
deliberate change to the data, review the new results and rewrite the files with
``python -m tests.test_queries`` from the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import graph
from graph import queries
from graph.errors import LookupFailed, QueryError

GOLDEN = Path(__file__).parent / "golden"

# (query name, parameters) for every golden file.
CASES: list[tuple[str, dict[str, str]]] = [
    ("exiled-with", {}),
    ("expulsions", {}),
    ("had-shot", {}),
    ("allies-and-opponents", {}),
    ("allies-and-opponents", {"person": "Trotzki"}),
    ("in-sentence", {"n": "8"}),
    ("in-sentence", {"n": "9"}),  # Lenin's accusation: reported, attributed to him
    ("in-sentence", {"n": "21"}),
    ("dated-in-year", {"year": "1941"}),
    ("dated-in-year", {"year": "1927"}),
    ("family", {}),
    ("conference-participants", {}),
    ("offices", {}),
    ("relations-of", {"entity": "Jakow"}),
    ("criticism", {}),  # the editorial layer: what the literature says, never the source's claims
    ("criticism", {"lang": "de"}),
]


def golden_path(name: str, params: dict[str, str]) -> Path:
    suffix = "".join(f"--{k}={v}" for k, v in sorted(params.items()))
    return GOLDEN / f"{name}{suffix}.tsv"


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_golden(kg: graph.KnowledgeGraph, name: str, params: dict[str, str]) -> None:
    expected = golden_path(name, params).read_text(encoding="utf-8")
    assert kg.run(name, **params).to_tsv() == expected


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_no_named_query_answers_a_row_twice(name: str, params: dict[str, str]) -> None:
    """A row twice is a count twice (a relation aligned to two of a query's families was once
    listed for each); the golden results hold no repeated row either."""
    rows = golden_path(name, params).read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == len(set(rows))


def test_every_named_query_has_a_golden_result() -> None:
    assert {q.name for q in queries.all_queries()} == {name for name, _ in CASES}


def test_required_queries_exist() -> None:
    names = {q.name for q in queries.all_queries()}
    assert {"exiled-with", "expulsions", "had-shot", "allies-and-opponents", "in-sentence",
            "dated-in-year", "family", "conference-participants", "offices"} <= names


def test_every_named_query_returns_the_basis_and_claimant(kg: graph.KnowledgeGraph) -> None:
    from graph.basis import IRIS

    for name, params in CASES:
        result = kg.run(name, **params)
        assert result.variables[-2:] == ["basis", "attributedTo"], name
        assert result.rows and all(str(r[-2]) in IRIS.values() for r in result.rows), name
    lenin = str(kg.find("Lenin"))
    accused = [r for r in kg.run("in-sentence", n=9).to_dicts() if r["attributedTo"]]
    assert [(r["basis"], r["attributedTo"]) for r in accused] == \
        [(IRIS["reported"], lenin)] * 2
    # the two betrayals (the Bolsheviks' plan is the text's: the Konjunktiv covers the betrayal)
    assert sorted(r["relation"].rsplit("#")[-1] for r in accused) == \
        ["allegedlyBetrayedTo", "allegedlyBetrayedTo"]


def test_named_queries_keep_only_the_bases_asked_for(kg: graph.KnowledgeGraph) -> None:
    from graph.basis import IRIS

    every = kg.run("in-sentence", n=9)
    stated = kg.run("in-sentence", n=9, basis=["stated"])
    assert stated.variables == every.variables
    assert stated.rows == [r for r in every.rows if str(r[-2]) == IRIS["stated"]]
    assert 0 < len(stated) < len(every)
    others = kg.run("in-sentence", n=9, basis=("inferred", "reported"))
    assert len(stated) + len(others) == len(every)
    assert kg.run("in-sentence", n=9, basis=None).rows == every.rows
    with pytest.raises(ValueError, match="unknown basis 'Stated'; use stated, inferred or reported"):
        kg.run("in-sentence", n=9, basis=["Stated"])
    with pytest.raises(QueryError, match=r"no \?basis column \(its columns: s\)"):
        kg.query("SELECT ?s { ?s a kg:Sentence }", basis=["stated"])


def test_headers_have_titles_and_documented_params() -> None:
    for q in queries.all_queries():
        assert q.title and q.description, q.name
        for p in q.params:
            assert p.help, (q.name, p.name)
            assert f"${p.name}" in q.text, (q.name, p.name)


def test_missing_parameter_is_a_clear_error(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"needs a value for n"):
        kg.run("in-sentence")


def test_unknown_parameter_and_query(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="has no parameter"):
        kg.run("family", person="Stalin")
    with pytest.raises(QueryError, match=r"no named query 'exiled'.*exiled-with"):
        kg.run("exiled")


def test_entity_parameters_accept_any_name(kg: graph.KnowledgeGraph) -> None:
    by_alias = kg.run("allies-and-opponents", person="trotsky").rows
    by_curie = kg.run("allies-and-opponents", person="person:Trotzki").rows
    assert by_alias == by_curie and by_alias


def test_parameter_values_follow_the_one_rule(kg: graph.KnowledgeGraph) -> None:
    # text and numbers alike, as from the CLI and HTTP, whose values are always text
    assert kg.run("in-sentence", n="8").rows == kg.run("in-sentence", n=8).rows
    assert kg.run("relations-of", entity="<https://w3id.org/stalin-kg/person/Jakow>").rows == \
        kg.run("relations-of", entity="Jakow").rows
    with pytest.raises(LookupFailed, match=r"no entity person:Nobody \(<https://w3id.org/stalin-kg/person/Nobody>\)"):
        kg.run("relations-of", entity="person:Nobody")
    with pytest.raises(LookupFailed, match="unknown prefix 'persn:'"):
        kg.run("relations-of", entity="persn:Jakow")
    with pytest.raises(QueryError, match=r"parameter \$n must be an integer, not '8\.5'"):
        kg.run("in-sentence", n="8.5")


def test_every_parameter_kind_is_one_terms_knows() -> None:
    from graph.terms import KINDS

    kinds = {p.kind for q in queries.all_queries() for p in q.params}
    assert kinds and kinds <= set(KINDS)


def test_dated_in_year_respects_open_ends(kg: graph.KnowledgeGraph) -> None:
    # Stalin chaired the Council of Ministers from 1946 with no end given: it lasts until his
    # death in 1953 and no longer.
    def chair(year: int) -> bool:
        rows = kg.run("dated-in-year", year=year).to_dicts()
        return any(r["object"].endswith("VorsitzenderMinisterrat") for r in rows)

    assert chair(1950) and chair(1953) and not chair(1954) and not chair(1945)


if __name__ == "__main__":  # rewrite the golden files (review the diff!)
    kg = graph.load()
    GOLDEN.mkdir(exist_ok=True)
    for name, params in CASES:
        golden_path(name, params).write_text(kg.run(name, **params).to_tsv(), encoding="utf-8")
    sys.exit(0)
