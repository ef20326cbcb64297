"""A peer's test suite: the W3C SPARQL 1.1 Protocol tests (``tests/suites/sparql11-protocol``),
every one of them sent to a real ``kg serve`` (its own process, a real socket).

The server holds the bundled graph plus the manifest's three graphs (``data1.nt`` ..
``data3.nt``) as the named graphs the manifest names them by. Query and bad-request tests pass
as the manifest says: status class, media type of the answer, the ASK's boolean. The endpoint is
read-only, so an update test passes by a 4xx refusal with the data unchanged, and the requests
that follow it (the manifest's checks that the update happened) answer as the unchanged store
does: ``false``. A graph named by ``default-graph-uri`` / ``named-graph-uri`` that the server
does not hold is an empty graph, named in the answer's ``X-Unknown-Graphs`` header.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from paths import PROTOCOL_SUITE
from rdflib.collection import Collection
from server_helpers import ServerProcess

SUITE = PROTOCOL_SUITE
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

#: The media types each ``mf:expectedFormat`` allows (the manifest's test names list them).
FORMATS: dict[str, dict[str, ox.QueryResultsFormat | ox.RdfFormat]] = {
    "boolean": {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    },
    "tabular": {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    },
    "RDF": {
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
    },
}
#: Every triple of every graph, to tell whether a refused update changed anything.
SNAPSHOT = "SELECT ?g ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


@dataclass(frozen=True)
class Request:
    """One ``ht:Request`` of a test and the ``ht:Response`` it expects."""

    method: str
    path: str  # below the endpoint: "?query=..." or ""
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # status classes: 2 for hts:StatusCode2xx ...
    format: str | None
    boolean: bool | None

    @property
    def params(self) -> list[tuple[str, str]]:
        """The parameters of its query string and, for a form, its body."""
        found = urllib.parse.parse_qsl(self.path.lstrip("?"))
        if self.headers.get("content-type") == "application/x-www-form-urlencoded" and self.body:
            found += urllib.parse.parse_qsl(self.body.decode("utf-8"))
        return found

    @property
    def is_update(self) -> bool:
        return self.headers.get("content-type", "").startswith("application/sparql-update") or any(
            key == "update" for key, _ in self.params
        )


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    requests: tuple[Request, ...]


def _load() -> tuple[list[ProtocolTest], dict[str, Path]]:
    """The manifest's tests, in its order, and the graphs they load (IRI: file)."""
    if not (SUITE / "manifest.ttl").is_file():
        return [], {}
    m = rdflib.Graph().parse(SUITE / "manifest.ttl", publicID=BASE)
    graphs: dict[str, Path] = {}
    tests = []
    for test in Collection(m, _one(m, rdflib.URIRef(BASE), MF.entries)):
        for data in m.objects(test, UT.graphData):
            file = str(m.value(data, UT.graph)).rsplit("/", 1)[-1]
            graphs[str(m.value(data, rdflib.RDFS.label))] = SUITE / file
        action = m.value(test, MF.action)
        requests = []
        for req in Collection(m, _one(m, action, HT.requests)):
            headers = {}
            for header in Collection(m, m.value(req, HT.headers) or rdflib.RDF.nil):
                headers[str(m.value(header, HT.fieldName)).lower()] = str(m.value(header, HT.fieldValue))
            body = m.value(req, HT.body)
            data_bytes = None
            if body is not None:
                encoding = str(m.value(body, CNT.characterEncoding))
                data_bytes = str(m.value(body, CNT.chars)).encode(encoding)
            resp = m.value(req, HT.resp)
            path = str(m.value(req, HT.absolutePath))
            assert path.startswith("/sparql/"), path
            boolean = m.value(resp, MF.expectedBoolean)
            fmt = m.value(resp, MF.expectedFormat)
            requests.append(Request(
                method=str(m.value(req, HT.methodName)),
                path=path.removeprefix("/sparql/"),
                headers=headers,
                body=data_bytes,
                statuses=frozenset(
                    int(str(s).removeprefix(HTS)[0]) for s in m.objects(resp, MF.expectedStatus)
                ),
                format=str(fmt) if fmt is not None else None,
                boolean=str(boolean) == "true" if boolean is not None else None,
            ))
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[-1], str(m.value(test, MF.name)),
                                  tuple(requests)))
    return tests, graphs


def _one(m: rdflib.Graph, subject: rdflib.term.Node | None, predicate: rdflib.URIRef) -> rdflib.term.Node:
    found = m.value(subject, predicate)
    assert found is not None, (subject, predicate)
    return found


TESTS, GRAPHS = _load()
needs_suite = pytest.mark.skipif(
    not SUITE.is_dir(), reason=f"W3C SPARQL Protocol suite not found at {SUITE} (tests/suites/)"
)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``kg serve`` holding the manifest's graphs as named graphs; yields its /sparql URL."""
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
        for iri, file in GRAPHS.items()
        for t in ox.parse(path=file, format=ox.RdfFormat.N_TRIPLES)
    ]
    dataset = tmp_path_factory.mktemp("protocol") / "graphs.nq"
    ox.serialize(quads, dataset, format=ox.RdfFormat.N_QUADS)
    server = ServerProcess([dataset], workers=1, timeout=10)
    try:
        yield server.url + "/sparql"
    finally:
        server.stop()


def send(client: httpx.Client, url: str, request: Request) -> httpx.Response:
    return client.request(request.method, url + request.path, headers=request.headers,
                          content=request.body)


def snapshot(client: httpx.Client, url: str) -> list[str]:
    r = client.get(url, params={"query": SNAPSHOT}, headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200 and "X-Truncated" not in r.headers, r.text
    return sorted(r.text.splitlines())


def check_answer(r: httpx.Response, request: Request) -> None:
    """``r`` is what the manifest expects of ``request``: status class, format, boolean."""
    assert r.status_code // 100 in request.statuses, (r.status_code, r.text)
    if request.format is None:
        return
    media = r.headers["content-type"].split(";")[0].strip()
    formats = FORMATS[request.format]
    assert media in formats, f"{media} is not a {request.format} format"
    kind = formats[media]
    if isinstance(kind, ox.RdfFormat):
        list(ox.parse(r.content, format=kind))  # well-formed RDF
        return
    answer = ox.parse_query_results(r.content, format=kind)
    if request.format == "boolean":
        assert isinstance(answer, ox.QueryBoolean), r.text
        if request.boolean is not None:
            assert bool(answer) is request.boolean, r.text
    else:
        assert isinstance(answer, ox.QuerySolutions), r.text
        list(answer)


def check_unknown_graphs(r: httpx.Response, request: Request) -> None:
    """The answer names the dataset graphs the server does not hold, and only those."""
    named = [v for k, v in request.params if k in ("default-graph-uri", "named-graph-uri")]
    unknown = [f"<{g}>" for g in dict.fromkeys(named) if g not in GRAPHS]
    assert r.headers.get("X-Unknown-Graphs", "").split() == unknown, r.headers


@needs_suite
def test_the_suite_is_complete() -> None:
    assert len(TESTS) == 34
    assert sorted(GRAPHS) == [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)]


@needs_suite
@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(test: ProtocolTest, endpoint: str) -> None:
    with httpx.Client(trust_env=False, timeout=30) as client:
        before = snapshot(client, endpoint)
        refused_update = False
        for request in test.requests:
            r = send(client, endpoint, request)
            if request.is_update:  # read-only: refused, whatever the manifest expects
                assert 400 <= r.status_code < 500, (test.title, r.status_code, r.text)
                refused_update = True
                continue
            if refused_update:  # the manifest's check that the update happened: it did not
                assert r.status_code == 200, r.text
                answer = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
                assert isinstance(answer, ox.QueryBoolean) and not answer, r.text
                continue
            check_answer(r, request)
            if r.status_code < 300:
                check_unknown_graphs(r, request)
        assert snapshot(client, endpoint) == before
        assert len(before) > 3  # the bundled graph and the manifest's three graphs


@needs_suite
def test_relative_iris_resolve_against_the_endpoint(endpoint: str) -> None:
    construct = next(t for t in TESTS if t.name == "query_content_type_construct").requests[0]
    r = httpx.post(endpoint, content=construct.body, headers={
        **construct.headers, "Accept": "application/n-triples"}, trust_env=False)
    site = endpoint.removesuffix("sparql")
    assert r.text.strip() == (
        f'<{site}s> <{site}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    ), r.text
