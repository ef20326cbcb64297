"""explain: chains of relations between two entities, with their evidence."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph
from graph.analysis import undirected
from graph.errors import LookupFailed
from graph.explain import Chain, Hop, Link, explain
from graph.namespaces import PERSON

STALIN, SYTIN, BUCHARIN = str(PERSON.Stalin), str(PERSON.Sytin), str(PERSON.Bucharin)


def test_sytin_is_linked_to_bukharin_through_stalin(kg: graph.KnowledgeGraph) -> None:
    chains = explain(kg, "Sytin", "bukharin")
    assert chains
    for chain in chains:
        assert chain.nodes[0] == SYTIN and chain.nodes[-1] == BUCHARIN
        assert len(chain.nodes) == chain.length + 1 == len(chain.hops) + 1
    via = {str(PERSON.Kamenew), str(PERSON.Sinowjew)}
    assert any(STALIN in c.nodes and via & set(c.nodes) for c in chains)


def test_hops_carry_sentences_and_quotes(kg: graph.KnowledgeGraph) -> None:
    for chain in explain(kg, "Sytin", "Bucharin"):
        for hop, (a, b) in zip(chain.hops, pairwise(chain.nodes), strict=True):
            assert (hop.source, hop.target) == (a, b)
            assert hop.statements and hop.sentences
            for link in hop.statements:
                assert isinstance(link.sentence, int) and link.quote
                assert {link.statement.subject, str(link.statement.object)} == {a, b}
        assert chain.sentences == tuple(sorted({n for h in chain.hops for n in h.sentences}))


def test_directions_relative_to_the_chain(kg: graph.KnowledgeGraph) -> None:
    (hop,) = explain(kg, "Sytin", "Stalin")[0].hops
    by_relation = {link.statement.relation_name: link.forward for link in hop.statements}
    # Stalin opposed Sytin: against the chain; clashedWith is symmetric, so forward.
    assert by_relation == {"clashedWith": True, "opposed": False}
    (back,) = explain(kg, "Stalin", "Sytin")[0].hops
    assert {link.statement.relation_name: link.forward for link in back.statements} == {
        "clashedWith": True, "opposed": True,
    }


def test_describe(kg: graph.KnowledgeGraph) -> None:
    chain = explain(kg, "Sytin", "Stalin")[0]
    text = chain.hops[0].describe(kg)
    # each step reads in the direction of travel: Stalin opposed Sytin, so from Sytin's side
    # it is the inverse label
    assert text.startswith("Sytin —clashed with / met with opposition from— Joseph Stalin [5: ")
    assert '5: "Mit Sytin geriet er jedoch bald in eine Auseinandersetzung' in text
    assert "(reversed)" not in text
    assert "(1 hop)" in chain.describe(kg).splitlines()[0]
    german = chain.describe(kg, lang="de")
    assert "Josef Stalin" in german and "—geriet in eine Auseinandersetzung mit / stieß auf " \
        "Widerstand von— Josef Stalin" in german
    back = explain(kg, "Stalin", "Sytin")[0].hops[0].describe(kg)
    assert back.startswith("Joseph Stalin —clashed with / opposed— Sytin [5: ")


def test_evidence_marks_what_the_quote_does_not_state(kg: graph.KnowledgeGraph) -> None:
    (hop,) = explain(kg, "Sytin", "Stalin")[0].hops
    clash = hop.statements[0]
    assert clash.statement.basis == "inferred" and clash.statement.inferred_part == "relation"
    plain = f'5: "{clash.quote}"'
    assert clash.evidence() == plain and clash.quote.startswith("Mit Sytin geriet er")
    assert clash.evidence(kg) == f"{plain} (inferred: {clash.statement.note})"
    assert clash.statement.note and clash.statement.note.startswith("„er“ is Stalin")
    assert clash.evidence(kg, "de") == f"{plain} (erschlossen: {clash.statement.note})"
    exile = explain(kg, "Stalin", "Kamenew")[0].hops[0].statements[0]
    assert exile.statement.stated and exile.evidence(kg) == exile.evidence()
    (reported,) = [link for chain in explain(kg, "Kamenew", "Kerenski")
                   for hop in chain.hops for link in hop.statements
                   if link.statement.basis == "reported"][:1]
    assert "(reported by Lenin: Reported speech in the Konjunktiv" in reported.evidence(kg)


def test_stated_only_never_uses_an_inferred_statement(kg: graph.KnowledgeGraph) -> None:
    pairs = [("Jakow", "Kamenew"), ("Stalin", "Bucharin"), ("Lenin", "Stalin"), ("Hitler", "Pawlow")]
    found = 0
    for a, b in pairs:
        every = explain(kg, a, b)
        stated = explain(kg, a, b, basis=["stated"])
        found += len(stated)
        for chain in stated:
            for hop in chain.hops:
                assert hop.statements
                assert all(link.statement.basis == "stated" for link in hop.statements)
        assert any(link.statement.basis != "stated"
                   for chain in every for hop in chain.hops for link in hop.statements)
    assert found
    # Sytin is linked to Stalin only by inferred statements: no chain through him in 4 hops
    assert explain(kg, "Sytin", "Bucharin", basis=["stated"]) == []
    assert explain(kg, "Sytin", "Bucharin", basis=["stated", "inferred"]) == \
        explain(kg, "Sytin", "Bucharin")  # no reported statement on those chains
    assert kg.explain("Jakow", "Kamenew", basis=("stated",)) == \
        explain(kg, "Jakow", "Kamenew", basis=["stated"])


def test_unknown_basis_is_a_value_error(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="unknown basis 'alleged'; use stated, inferred or reported"):
        explain(kg, "Sytin", "Stalin", basis=["alleged"])


def test_shortest_first_and_limits(kg: graph.KnowledgeGraph) -> None:
    chains = explain(kg, "Jakow", "Stalin", max_hops=4, limit=10)
    lengths = [c.length for c in chains]
    assert lengths == sorted(lengths) and lengths[0] == 1
    assert len(set(c.nodes for c in chains)) == len(chains)  # no chain twice
    assert all(c.length <= 2 for c in explain(kg, "Jakow", "Stalin", max_hops=2))
    assert len(explain(kg, "Jakow", "Stalin", limit=2)) == 2
    assert explain(kg, "Jakow", "Stalin", limit=0) == []
    shortest = explain(kg, "Sytin", "Bucharin")[0].length
    assert explain(kg, "Sytin", "Bucharin", max_hops=shortest - 1) == []


def test_chains_are_distinct_paths_of_entities(kg: graph.KnowledgeGraph) -> None:
    """Two statements between the same two entities are two links of one hop, never two chains
    that differ only in which statement they take (Stalin and Sytin: clashedWith and opposed)."""
    chains = explain(kg, "Sytin", "Bucharin", limit=50)
    assert len({c.nodes for c in chains}) == len(chains) > 1
    lengths = [c.length for c in chains]
    assert lengths == sorted(lengths)
    first = chains[0].hops[0]
    assert {link.statement.relation_name for link in first.statements} == {"clashedWith", "opposed"}
    for chain in chains:  # every statement between consecutive entities is in the hop
        for hop in chain.hops:
            between = {st.iri for st in kg.statements if st.is_edge
                       and {st.subject, str(st.object)} == {hop.source, hop.target}}
            assert {link.statement.iri for link in hop.statements} == between


def test_avoid_keeps_chains_off_those_entities(kg: graph.KnowledgeGraph) -> None:
    every = explain(kg, "Kamenew", "Bucharin", limit=50)
    assert any(STALIN in c.nodes for c in every)
    avoiding = explain(kg, "Kamenew", "Bucharin", limit=50, avoid=["Stalin"])
    assert avoiding and all(STALIN not in c.nodes for c in avoiding)
    assert {c.nodes for c in avoiding} == {c.nodes for c in every if STALIN not in c.nodes}
    zinoviev = str(PERSON.Sinowjew)
    both = explain(kg, "Kamenew", "Bucharin", limit=50, avoid=("Stalin", "Sinowjew"))
    assert both and all(not {STALIN, zinoviev} & set(c.nodes) for c in both)
    assert kg.explain("Kamenew", "Bucharin", avoid=["Stalin"]) == explain(
        kg, "Kamenew", "Bucharin", avoid=["Stalin"])
    assert explain(kg, "Sytin", "Bucharin", avoid=["Stalin"]) == []  # his only link
    with pytest.raises(ValueError, match="cannot avoid 'Sytin': it is an end"):
        explain(kg, "Sytin", "Bucharin", avoid=["Sytin"])
    with pytest.raises(LookupFailed):
        explain(kg, "Sytin", "Bucharin", avoid=["Nobody At All"])


def test_unknown_name_raises_with_candidates(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(LookupFailed) as err:
        explain(kg, "Stalinn", "Sytin")
    assert err.value.candidates
    assert any("Stalin" in c for c in err.value.candidates)
    with pytest.raises(LookupFailed):
        explain(kg, "Sytin", "Nobody At All")


def test_same_entity_is_refused(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="are the same entity"):  # not "no chain links them"
        explain(kg, "Stalin", "person:Stalin")


def test_no_path_gives_nothing(tmp_path: Path) -> None:
    data = tmp_path / "two-islands.ttl"
    data.write_text(
        """@prefix kg: <https://w3id.org/stalin-kg/vocab#> .
@prefix rel: <https://w3id.org/stalin-kg/vocab/rel#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix person: <https://w3id.org/stalin-kg/person/> .
person:A a kg:Person ; rdfs:label "Anna"@en .
person:B a kg:Person ; rdfs:label "Boris"@en .
person:C a kg:Person ; rdfs:label "Clara"@en .
person:A rel:friendOf person:B .
<https://w3id.org/stalin-kg/statement/ab> a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> person:A ;
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> rel:friendOf ;
    <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> person:B .
""",
        encoding="utf-8",
    )
    small = graph.load(data)
    assert explain(small, "Anna", "Clara") == []
    (chain,) = explain(small, "Boris", "Anna")
    assert chain.hops[0].statements[0].forward  # friendOf is symmetric
    assert chain.hops[0].statements[0].sentence is None
    assert "?: " in chain.describe(small)


def test_kg_method_delegates(kg: graph.KnowledgeGraph) -> None:
    assert kg.explain("Sytin", "Bucharin", max_hops=4, limit=3) == explain(
        kg, "Sytin", "Bucharin", max_hops=4, limit=3
    )


def test_view_is_built_once(kg: graph.KnowledgeGraph) -> None:
    assert undirected(kg) is undirected(kg)


def test_types_are_frozen(kg: graph.KnowledgeGraph) -> None:
    chain = explain(kg, "Sytin", "Stalin")[0]
    assert isinstance(chain, Chain) and isinstance(chain.hops[0], Hop)
    assert isinstance(chain.hops[0].statements[0], Link)
    with pytest.raises(AttributeError):
        chain.nodes = ()  # type: ignore[misc]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_chains_are_simple_paths_backed_by_statements(
    kg: graph.KnowledgeGraph, data: st.DataObject
) -> None:
    names = sorted(kg.entities)
    a = data.draw(st.sampled_from(names))
    b = data.draw(st.sampled_from(names).filter(lambda n: n != a))  # one entity: refused
    max_hops = data.draw(st.integers(1, 4))
    chains = explain(kg, a, b, max_hops=max_hops, limit=5)
    assert len(chains) <= 5
    for chain in chains:
        assert chain.nodes[0] == a and chain.nodes[-1] == b
        assert len(set(chain.nodes)) == len(chain.nodes) <= max_hops + 1
        for hop in chain.hops:
            for link in hop.statements:
                symmetric = kg.relation_catalogue[link.statement.relation].symmetric
                assert link.forward == (symmetric or link.statement.subject == hop.source)
