"""``kg`` against a real OpenLink Virtuoso, the store behind DBpedia (Debian's
``virtuoso-opensource``): publish with digest authentication into a named graph, in chunks,
counted afterwards; then the remote graph answers as the local one does.

Virtuoso never answers a direct ``application/sparql-query`` POST, writes ``typed-literal``
terms and ASK as a one-row table, and its default graph is the union of all its graphs (its
system graphs included): the remote backend sends forms, reads those flavours, and queries one
named graph with ``graph=`` (``default-graph-uri``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from virtuoso_fixture import VIRTUOSO, Virtuoso, virtuoso_server

import graph
from graph import queries
from graph.backends import RemoteBackend
from graph.kg import KnowledgeGraph
from graph.publish import Credentials, PublishError, publish

pytestmark = pytest.mark.skipif(
    not VIRTUOSO.is_file(),
    reason=f"Virtuoso tests need {VIRTUOSO} (apt-get install virtuoso-opensource)",
)

GRAPH = "https://w3id.org/stalin-kg/graph/test"
DBA = Credentials("dba", "dba")  # a fresh database's administrator
NEEDED = {"dated-in-year": {"year": 1927}, "in-sentence": {"n": 8}}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def remote(virtuoso: Virtuoso, kg: graph.KnowledgeGraph) -> KnowledgeGraph:
    """The bundled graph published into a named graph of Virtuoso, and connected to."""
    publish(kg, virtuoso.graph_store, GRAPH, auth=DBA)
    return KnowledgeGraph(backend=RemoteBackend(virtuoso.sparql, graph=GRAPH))


def test_anonymous_upload_is_refused_with_a_hint(virtuoso: Virtuoso, kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(PublishError, match="403") as caught:
        publish(kg, virtuoso.anonymous_graph_store, GRAPH)
    assert "credentials" in str(caught.value)


def test_a_wrong_password_is_refused(virtuoso: Virtuoso, kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(PublishError, match="401"):
        publish(kg, virtuoso.graph_store, GRAPH + "-wrong", auth=Credentials("dba", "nope"))


def test_publish_in_chunks_counts_what_arrived(virtuoso: Virtuoso, kg: graph.KnowledgeGraph) -> None:
    seen: list[str] = []
    sent = publish(kg, virtuoso.graph_store, GRAPH + "-chunks", auth=DBA, chunk_triples=500,
                   progress=lambda line, *_: seen.append(line))
    assert sent == len(kg.backend.ntriples().splitlines())
    assert [line for line in seen if line.endswith("triples)")][-1].startswith("publishing: 100%")
    assert len([line for line in seen if "%" in line]) == -(-sent // 500)
    chunked = KnowledgeGraph(backend=RemoteBackend(virtuoso.sparql, graph=GRAPH + "-chunks"))
    assert len(chunked) == sent
    # publishing again replaces the graph: still one copy
    assert publish(kg, virtuoso.graph_store, GRAPH + "-chunks", auth=DBA, chunk_triples=500) == sent
    assert len(chunked) == sent


def test_the_named_graph_holds_the_graph_and_the_default_graph_more(
    virtuoso: Virtuoso, remote: KnowledgeGraph, kg: graph.KnowledgeGraph
) -> None:
    assert len(remote) == len(kg)
    everything = KnowledgeGraph(backend=RemoteBackend(virtuoso.sparql))
    assert len(everything) > len(kg)  # Virtuoso's system graphs: why --graph is needed


def test_ask_and_typed_literals_read_as_the_standard_says(remote: KnowledgeGraph) -> None:
    assert remote.query("ASK { person:Stalin rel:exiledWith person:Kamenew }").boolean is True
    assert remote.query("ASK { person:Stalin rel:exiledWith person:Trotzki }").boolean is False
    (year,) = remote.query("SELECT ?y WHERE { ?s rdf:subject person:Trotzki ; "
                           "rdf:predicate rel:expelledFrom ; kg:pointInTime ?y }").rows[0]
    assert str(year) == "1927" and str(year.datatype).endswith("#gYear")


def test_a_query_with_its_own_base_and_prefixes_answers_as_locally(
    remote: KnowledgeGraph, kg: graph.KnowledgeGraph
) -> None:
    """The project's prefixes go after the query's own prologue: Virtuoso refuses a BASE after
    a PREFIX, and a prefix the query declares keeps the query's meaning."""
    text = ("BASE <https://w3id.org/stalin-kg/person/>\nPREFIX rel: <https://example.org/nothing#>\n"
            "SELECT (<Stalin> AS ?who) (COUNT(?o) AS ?n) WHERE { <Stalin> rel:exiledWith ?o }")
    assert remote.query(text).rows == kg.query(text).rows
    assert [str(t) for t in remote.query(text).rows[0]] == [
        "https://w3id.org/stalin-kg/person/Stalin", "0"]


def test_every_named_query_answers_as_locally(remote: KnowledgeGraph, kg: graph.KnowledgeGraph) -> None:
    for q in queries.all_queries():
        params = NEEDED.get(q.name, {})
        assert remote.run(q.name, **params).rows == kg.run(q.name, **params).rows, q.name


def test_statements_entities_and_lookups_as_locally(remote: KnowledgeGraph, kg: graph.KnowledgeGraph) -> None:
    assert remote.statements == kg.statements
    assert remote.entities == kg.entities
    assert remote.relation_catalogue == kg.relation_catalogue
    assert remote.find("trotsky") == kg.find("trotsky")


def test_networkx_projection_as_locally(remote: KnowledgeGraph, kg: graph.KnowledgeGraph) -> None:
    a, b = remote.to_networkx(), kg.to_networkx()
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data="statement")) == sorted(b.edges(keys=True, data="statement"))


def test_the_command_line_publishes_with_a_password_from_the_environment_and_reads_one_graph(
    virtuoso: Virtuoso, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from kgapp.cli import main

    cli = CliRunner()
    named = GRAPH + "-cli"
    refused = cli.invoke(main, ["publish", "--endpoint", virtuoso.graph_store, "--graph", named,
                                "--user", "dba"], env={"KG_PASSWORD": "", "NETRC": "/nonexistent"})
    assert refused.exit_code == 2 and "no password for 'dba'" in refused.stderr
    done = cli.invoke(main, ["publish", "--endpoint", virtuoso.graph_store, "--graph", named,
                             "--user", "dba"], env={"KG_PASSWORD": "dba"})
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("published ") and "(counted in the store)" in done.stdout
    remote = ["--endpoint", virtuoso.sparql, "--graph", named]
    for command in (["show", "Trotzki"], ["timeline", "Jakow"], ["query", "exiled-with"],
                    ["explain", "Sytin", "Bucharin", "--limit", "2"], ["stats"]):
        here, there = cli.invoke(main, command), cli.invoke(main, [*command, *remote])
        assert there.exit_code == here.exit_code == 0, there.output
        assert there.stdout == here.stdout, command


def test_publish_counts_with_sparql_where_asked(virtuoso: Virtuoso, kg: graph.KnowledgeGraph) -> None:
    """Virtuoso's Graph Store sends back at most a million triples: big graphs are counted with
    a SPARQL query instead."""
    sent = publish(kg, virtuoso.graph_store, GRAPH + "-counted", auth=DBA,
                   count_endpoint=virtuoso.sparql)
    assert sent == len(KnowledgeGraph(backend=RemoteBackend(virtuoso.sparql,
                                                            graph=GRAPH + "-counted")))
