"""graph.terms: the one rule from a user's text to an RDF term, and back to a short name."""

from __future__ import annotations

import doctest
import re
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import graph
from graph import terms
from graph.errors import LookupFailed, QueryError
from graph.namespaces import PERSON, PREFIXES, REL
from graph.terms import (
    Name,
    is_entity_iri,
    local_name,
    parse,
    prefixed_name,
    render,
    short,
    to_term,
    written,
)


def test_the_doctests_run() -> None:
    assert doctest.testmod(terms, optionflags=doctest.ELLIPSIS).failed == 0


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("<http://example.org/a>", URIRef("http://example.org/a")),
        ("  <urn:isbn:123>  ", URIRef("urn:isbn:123")),
        ("<http://e/\\u00e4>", URIRef("http://e/ä")),
        ("http://example.org/a", URIRef("http://example.org/a")),
        ("https://w3id.org/stalin-kg/person/Stalin", PERSON.Stalin),
        ("person:Stalin", PERSON.Stalin),
        ("rel:exiledWith", REL.exiledWith),
        ("stmt:s08-x.y", URIRef(PREFIXES["stmt"] + "s08-x.y")),
        ("1927", Literal(1927)),
        ("-3", Literal(-3)),
        ("+7", Literal(7)),
        ("1.5", Literal(Decimal("1.5"), datatype=XSD.decimal)),
        ('"Trotzki"', Literal("Trotzki")),
        ('""', Literal("")),
        ('"1927"', Literal("1927")),
        ("Trotzki", Name("Trotzki")),
        ("Leon Trotsky", Name("Leon Trotsky")),
        ("J.W.Stalin", Name("J.W.Stalin")),
        ("person: Stalin", Name("person: Stalin")),  # not a prefixed name: a space
        ("1927-08", Name("1927-08")),
    ],
)
def test_parse(text: str, term: object) -> None:
    assert parse(text) == term
    if isinstance(term, Literal):
        assert parse(text).datatype == term.datatype  # 1927 and "1927" are different terms


def test_integer_literal_is_written_as_sparql_integer() -> None:
    assert parse("1927").n3() == '"1927"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_unknown_prefix_is_a_clear_error_with_candidates() -> None:
    with pytest.raises(LookupFailed) as err:
        parse("persn:Stalin")
    message = str(err.value)
    assert message.startswith("unknown prefix 'persn:' in 'persn:Stalin'; the prefixes are rdf,")
    assert "write <persn:Stalin> for an IRI as it is" in message
    assert "person" in err.value.candidates


@pytest.mark.parametrize("text", ["<not an iri>", "<relative/path>", "<>"])
def test_malformed_iri_is_an_error(text: str) -> None:
    with pytest.raises(QueryError, match="is not an absolute IRI"):
        parse(text)


def test_entity_namespaces() -> None:
    assert is_entity_iri(str(PERSON.Nobody)) and is_entity_iri(PREFIXES["event"] + "x")
    assert not is_entity_iri(str(REL.exiledWith)) and not is_entity_iri("http://example.org/x")


def test_short_takes_the_longest_namespace() -> None:
    # rel: (…/vocab/rel#) and kg: (…/vocab#) overlap in nothing, but rel's IRI is longer than BASE
    assert short(str(REL.sonOf)) == "rel:sonOf"
    assert short(PREFIXES["kg"] + "Person") == "kg:Person"
    assert short("http://www.w3.org/2001/XMLSchema#gYear") == "xsd:gYear"
    assert short("http://example.org/x") == "http://example.org/x"


def test_prefixed_name_only_where_it_is_valid_sparql() -> None:
    assert prefixed_name(str(PERSON.Stalin)) == "person:Stalin"
    assert prefixed_name(str(PERSON) + "a b") is None
    assert prefixed_name(str(PERSON) + "x.") is None  # a local name cannot end with a dot
    assert prefixed_name("http://example.org/x") is None


def test_local_name() -> None:
    assert local_name(str(PERSON.Stalin)) == "Stalin"
    assert local_name(str(REL.exiledWith)) == "exiledWith"
    assert local_name("http://www.w3.org/2000/01/rdf-schema#label") == "label"
    assert local_name("http://example.org/a/b/") == "b"


def test_render() -> None:
    assert render(PERSON.Stalin) == "person:Stalin"
    assert render(Literal(1927)) == "1927"
    assert render(Literal(str(PERSON.Stalin))) == str(PERSON.Stalin)  # text stays text


# ---------------------------------------------------------------------------- to_term, with a graph
def test_bare_values_without_a_graph() -> None:
    assert to_term("1927") == Literal(1927)
    assert to_term(1927) == Literal(1927) and to_term(True) == Literal(True)
    assert to_term("<http://x>") == URIRef("http://x")
    assert to_term(PERSON.Nobody) == PERSON.Nobody  # a term is taken as it is
    with pytest.raises(QueryError, match=r"parameter \$p needs a graph to look up 'Trotzki'"):
        to_term("Trotzki", param="p")


def test_names_and_entity_iris_go_through_the_graph(kg: graph.KnowledgeGraph) -> None:
    assert to_term("trotsky", kg) == PERSON.Trotzki
    assert to_term("person:Trotzki", kg) == PERSON.Trotzki
    assert to_term("rel:noSuchRelation", kg) == REL.noSuchRelation  # not an entity: as written
    with pytest.raises(LookupFailed, match=re.escape(f"no entity person:Nobody (<{PERSON.Nobody}>) in this graph")):
        to_term("person:Nobody", kg)
    with pytest.raises(LookupFailed, match=re.escape(f"no entity <{PERSON.Nobody}> in this graph")):
        to_term(f"<{PERSON.Nobody}>", kg)
    with pytest.raises(LookupFailed, match="'Konferenz' is ambiguous"):
        to_term("Konferenz", kg)


def test_declared_kinds(kg: graph.KnowledgeGraph) -> None:
    assert to_term("8", kg, "integer") == Literal(8)
    for bad in ("eight", "8.5", '"8"', "person:Stalin"):
        with pytest.raises(QueryError, match=r"parameter \$n must be an integer"):
            to_term(bad, kg, "integer", param="n")
    assert to_term("1927", kg, "string") == Literal("1927")
    assert to_term('"a b"', kg, "string") == Literal("a b")
    assert to_term("exiledWith", kg, "relation") == REL.exiledWith
    assert to_term("rel:exiledWith", kg, "relation") == REL.exiledWith
    assert to_term("exiledWith", None, "relation") == REL.exiledWith
    with pytest.raises(LookupFailed, match="unknown relation 'exiledwith'"):
        to_term("exiledwith", kg, "relation")
    assert to_term("kg:Person", kg, "iri") == URIRef(PREFIXES["kg"] + "Person")
    with pytest.raises(QueryError, match=r"parameter \$x takes an IRI"):
        to_term("Stalin", kg, "iri", param="x")
    assert to_term("Trotzki", kg, "entity") == PERSON.Trotzki
    assert to_term('"Trotzki"', kg, "entity") == PERSON.Trotzki
    with pytest.raises(LookupFailed, match="no entity is called '1927'"):
        to_term("1927", kg, "entity")  # for an entity, digits are a name


# ---------------------------------------------------------------------------- one shortener


def test_one_shortener_for_every_iri_of_the_graph(kg: graph.KnowledgeGraph) -> None:
    """short, prefixed_name and written agree on every IRI of the bundled graph, and the
    other names for shortening (kg.curie, check's short_name) are these."""
    from graph.check.report import short_name

    iris = {str(t) for row in kg.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows for t in row
            if isinstance(t, URIRef)}
    assert len(iris) > 100
    for iri in iris:
        name = short(iri)
        assert kg.curie(iri) == name
        prefix, _, local = name.partition(":")
        if name != iri:
            assert PREFIXES[prefix] + local == iri  # it goes back to the IRI
            assert not any(ns.startswith(PREFIXES[prefix]) and len(ns) > len(PREFIXES[prefix])
                           and iri.startswith(ns) for ns in PREFIXES.values())  # the longest
        assert prefixed_name(iri) in (name, None)
        assert written(iri) == (prefixed_name(iri) or f"<{iri}>") == short_name(URIRef(iri))
        assert parse(written(iri)) == URIRef(iri)  # what it writes reads back


def test_terms_and_lookup_do_not_import_each_other() -> None:
    """The circle terms -> lookup -> terms is gone: the shared piece (close) is in names."""
    import ast
    from pathlib import Path
    from types import ModuleType

    def imports(module: ModuleType) -> set[str]:
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}

    from graph import lookup, names

    assert "lookup" not in imports(terms) and "terms" in imports(lookup)
    assert not {"terms", "lookup"} & imports(names)
