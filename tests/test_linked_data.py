"""Linked Data on ``kg serve``: every IRI the project mints resolves, as a page or as RDF by
``Accept``; ``GET /sparql`` describes the service and ``/.well-known/void`` the dataset. RDF
answers are parsed with rdflib and checked against the graph itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from oxigraph_fixture import oxigraph_server
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID
from starlette.testclient import TestClient

import graph
from graph import terms, text
from graph.messages import message
from graph.namespaces import BASE, KG, PERSON, REL, SENTENCE, STMT
from graph.paths import bundled_graph_files
from kgapp.server import SETTINGS, Settings, create_app, markdown_table
from kgapp.server.describe import DATASET, FORMATS, SD
from kgapp.server.linked_data import Links, Site, description

# rdflib's JSON-LD parser builds ConjunctiveGraphs, which rdflib 7 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RDF_TYPES = {  # media type: rdflib parser
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
EXILE = STMT["s08-stalin-exiledWith-kamenew"]
W3ID = "https://w3id.org/stalin-kg/"


@pytest.fixture(scope="module")
def client(kg: graph.KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(kg, Settings(workers=1))) as c:
        yield c


@pytest.fixture(scope="module")
def deployed(kg: graph.KnowledgeGraph) -> Iterator[TestClient]:
    """The server as deployed behind the project's own IRIs."""
    with TestClient(create_app(kg, Settings(workers=1, base_url=W3ID))) as c:
        yield c


def parsed(body: bytes, media: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=body, format=RDF_TYPES[media])
    return g


def hrefs(html: str) -> set[str]:
    return {m.replace("&amp;", "&") for m in re.findall(r'href="([^"]*)"', html)}


def page(client: TestClient, path: str) -> str:
    r = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["vary"] == "Accept"
    return r.text


# ---------------------------------------------------------------------------- settings
def test_base_url_setting() -> None:
    assert "base_url" in [s.name for s in SETTINGS]
    assert Settings().base_url is None
    assert "| `--base-url` | none |" in markdown_table()
    assert Settings(base_url="https://kg.example.org/kg").base_url == "https://kg.example.org/kg/"
    for bad in ("w3id.org/stalin-kg/", "ftp://x/", "https://x/?a=1", "https://x/#y"):
        with pytest.raises(ValueError, match="base_url"):
            Settings(base_url=bad)


# ---------------------------------------------------------------------------- entity pages
@pytest.mark.parametrize("name", ["Kamenew", "Stalin", "Lenin", "Jakow"])
def test_entity_page_is_the_profile_kg_show_prints(
    client: TestClient, kg: graph.KnowledgeGraph, name: str
) -> None:
    e = kg.entity(name)
    html = page(client, "/" + e.iri[len(BASE):])
    links = hrefs(html)
    shown = text.profile(kg, name)
    # every relation heading of `kg show`, read from the entity's side
    headings = [line.strip()[:-1] for line in shown.splitlines()
                if line.startswith("  ") and not line.startswith("   ") and line.endswith(":")]
    for heading in headings:
        if heading not in ("claims the text attributes to them", message("text.criticism")[:-1]):
            assert f"<h3>{heading}</h3>" in html.replace("&#39;", "'"), heading
    # the source criticism of its statements, as kg show ends with it
    assert ('<section id="criticism"' in html) == bool(text.profile_of(kg, name).criticisms)
    assert e.label_de in html and e.label_en in html
    for st in kg.relations(e.iri):
        if not st.is_edge:
            continue
        assert "/" + st.iri[len(BASE):] in links, st.iri  # each statement, linked
        other = str(st.object) if st.subject == e.iri else st.subject
        assert "/" + other[len(BASE):] in links  # each neighbour, by its local page
        note = text.basis_note(kg, st)
        if note:  # inferred and reported claims are marked as kg show marks them
            assert f"[{note[:40]}" in html.replace("&#39;", "'").replace("&#34;", '"')
    assert f"/#{terms.short(e.iri)}" in links  # the viewer, focused on it
    assert any(h.startswith("/query?named=relations-of&entity=") for h in links)
    if e.wikidata:
        assert f"https://www.wikidata.org/wiki/{e.wikidata}" in links
    assert f"/sentence/{kg.relations(e.iri)[0].sentence:02d}" in links


def test_kamenew_reads_from_his_side(client: TestClient) -> None:
    html = page(client, "/person/Kamenew")
    assert "<h3>faced expulsion proceedings started by</h3>" in html
    assert "„Stalin war mit Kamenew zusammen in der Verbannung gewesen“" in html
    assert "date inferred:" in html


def test_pages_load_nothing_and_run_nothing(client: TestClient) -> None:
    r = client.get("/person/Stalin", headers={"Accept": "text/html"})
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "<script" not in r.text
    assert not re.search(r'(src|href)="(?!https?://|/|#)', r.text)  # nothing relative to guess
    stylesheets = re.findall(r"<link[^>]*stylesheet", r.text)
    assert stylesheets == []  # the one stylesheet is inline, allowed by its hash


def test_hostile_labels_stay_text(tmp_path: Path) -> None:
    data = tmp_path / "evil.ttl"
    data.write_text(
        "@prefix kg: <https://w3id.org/stalin-kg/vocab#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/stalin-kg/person/Evil> a kg:Person ;\n'
        '  rdfs:label "<script>alert(1)</script>"@de, "\\" onmouseover=\\"x"@en .\n'
    )
    with TestClient(create_app([data], Settings(workers=1))) as c:
        html = page(c, "/person/Evil")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '" onmouseover="x' not in html


# ---------------------------------------------------------------------------- RDF descriptions
@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_entity_description_in_every_format(
    client: TestClient, kg: graph.KnowledgeGraph, media: str
) -> None:
    r = client.get("/person/Kamenew", headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.headers["vary"] == "Accept"
    g = parsed(r.content, media)
    assert (PERSON.Stalin, REL.exiledWith, PERSON.Kamenew) in g  # pointing at it
    assert (PERSON.Kamenew, RDF.type, KG.Person) in g  # its own
    about = {URIRef(st.iri) for st in kg.relations("Kamenew")}
    about |= {URIRef(st.iri) for st in kg.select(claimant="Kamenew")}
    assert set(g.subjects(RDF.type, RDF.Statement)) == about  # the statements about it
    assert g.value(EXILE, KG.quote) == Literal("Stalin war mit Kamenew zusammen in der Verbannung gewesen")
    assert int(g.value(SENTENCE["08"], KG.sentenceNumber)) == 8  # the sentences they cite
    assert g.value(SENTENCE["08"], KG.text) is not None
    assert Literal("Josef Stalin", lang="de") in set(g.objects(PERSON.Stalin, RDFS.label))


def test_statement_description_is_its_triples(client: TestClient, kg: graph.KnowledgeGraph) -> None:
    g = parsed(client.get("/statement/s08-stalin-exiledWith-kamenew",
                          headers={"Accept": "text/turtle"}).content, "text/turtle")
    own = kg.query("CONSTRUCT WHERE { stmt:s08-stalin-exiledWith-kamenew ?p ?o }").to_graph()
    assert set(own) <= set(g) and set(own)
    assert set(g.triples((EXILE, None, None))) == set(own)
    assert g.value(SENTENCE["08"], KG.text) is not None


def test_format_parameter_and_alternates(client: TestClient) -> None:
    r = client.get("/sentence/08?format=nt", headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("application/n-triples")
    g = parsed(r.content, "application/n-triples")
    assert {URIRef(st.iri) for st in graph.load().sentence(8)} <= set(g.subjects(RDF.type, RDF.Statement))
    link = client.get("/sentence/08", headers={"Accept": "text/turtle"}).headers["link"]
    for media, name in (("text/html", "html"), ("application/ld+json", "jsonld")):
        assert f'</sentence/08?format={name}>; rel="alternate"; type="{media}"' in link
    assert client.get("/sentence/08?format=pdf").status_code == 406
    assert client.get("/sentence/08", headers={"Accept": "image/png"}).status_code == 406


# ---------------------------------------------------------------------------- statements, sentences, vocabulary
def test_statement_page(client: TestClient, kg: graph.KnowledgeGraph) -> None:
    st = kg.select(claimant="Lenin")[0]
    html = page(client, "/" + st.iri[len(BASE):])
    assert f"<mark>{st.quote}</mark>" in html.replace("&#34;", '"')
    assert text.basis_note(kg, st)[:30] in html  # type: ignore[index]
    links = hrefs(html)
    assert {"/person/Lenin", "/vocab/rel#" + st.relation_name, f"/sentence/{st.sentence:02d}"} <= links


def test_sentence_page_lists_what_it_says(client: TestClient, kg: graph.KnowledgeGraph) -> None:
    html = page(client, "/sentence/09")
    assert (st_text := kg.sentence(9)[0].sentence_text) and st_text[:40] in html
    links = hrefs(html)
    assert {"/" + st.iri[len(BASE):] for st in kg.sentence(9)} <= links
    assert "/source/wikipedia-de-josef-stalin" in links
    source = page(client, "/source/wikipedia-de-josef-stalin")
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in source


def test_vocabulary_pages_have_an_anchor_per_term(client: TestClient, kg: graph.KnowledgeGraph) -> None:
    relations = page(client, "/vocab/rel")
    for rel in kg.relation_catalogue.values():
        assert f'<article id="{rel.name}">' in relations, rel.name
        assert rel.label_en.replace("'", "&#39;") in relations
    vocab = page(client, "/vocab")
    for cls in ("Person", "Sentence", "Basis"):
        assert f'<article id="{cls}">' in vocab
    assert '<article id="quote">' in vocab and '<article id="Stated">' in vocab
    assert "/vocab#Person" in hrefs(page(client, "/person/Stalin"))  # the type links there


def test_vocabulary_descriptions(client: TestClient, kg: graph.KnowledgeGraph) -> None:
    g = parsed(client.get("/vocab/rel", headers={"Accept": "application/ld+json"}).content,
               "application/ld+json")
    for iri, rel in kg.relation_catalogue.items():
        assert Literal(rel.label_en, lang="en") in set(g.objects(URIRef(iri), RDFS.label))
    v = parsed(client.get("/vocab", headers={"Accept": "application/rdf+xml"}).content,
               "application/rdf+xml")
    assert (KG.Person, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in v
    values = rdflib.collection.Collection(v, v.value(KG.Basis, URIRef("http://www.w3.org/2002/07/owl#oneOf")))
    assert list(values) == [KG.Stated, KG.Inferred, KG.Reported]
    assert (URIRef(BASE + "vocab"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in v


# ---------------------------------------------------------------------------- not found
def test_unknown_resources_are_404_in_the_negotiated_format(client: TestClient) -> None:
    r = client.get("/person/Stalinn", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "person:Stalinn" in r.text and "/person/Stalin" in hrefs(r.text)  # a name like it
    for media in RDF_TYPES:
        r = client.get("/statement/nothing-here", headers={"Accept": media})
        assert r.status_code == 404 and r.headers["content-type"].startswith(media)
        assert len(parsed(r.content, media)) == 0
    assert client.get("/sentence/99", headers={"Accept": "text/html"}).status_code == 404


# ---------------------------------------------------------------------------- --base-url
def test_base_url_links_below_it_and_rdf_keeps_the_iris(
    client: TestClient, deployed: TestClient
) -> None:
    links = hrefs(page(deployed, "/person/Kamenew"))
    assert W3ID + "person/Stalin" in links and W3ID + "#person:Kamenew" in links
    assert W3ID + "vocab#Person" in links and not any(h.startswith("/") for h in links)
    assert hrefs(page(client, "/person/Kamenew")) >= {"/person/Stalin", "/#person:Kamenew"}
    local = client.get("/person/Kamenew", headers={"Accept": "application/n-triples"}).content
    behind = deployed.get("/person/Kamenew", headers={"Accept": "application/n-triples"}).content
    assert local == behind and b"testserver" not in behind
    r = deployed.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, W3ID + "query")
    sd = parsed(deployed.get("/sparql", headers={"Accept": "text/turtle"}).content, "text/turtle")
    assert set(sd.objects(None, SD.endpoint)) == {URIRef(W3ID + "sparql")}


# ---------------------------------------------------------------------------- service description
@pytest.mark.parametrize("media", ["text/turtle", "application/rdf+xml", "application/ld+json"])
def test_service_description(client: TestClient, kg: graph.KnowledgeGraph, media: str) -> None:
    r = client.get("/sparql", headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = parsed(r.content, media)
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert g.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert g.value(service, SD.supportedLanguage) == SD.SPARQL11Query
    assert set(g.objects(service, SD.resultFormat)) == set(FORMATS.values())
    assert set(g.objects(service, SD.feature)) == {SD.UnionDefaultGraph}
    dataset = g.value(service, SD.defaultDataset)
    assert int(g.value(g.value(dataset, SD.defaultGraph), VOID.triples)) == len(kg)
    assert list(g.objects(dataset, SD.namedGraph)) == []  # the bundled graph has none


def test_service_description_names_the_named_graphs(tmp_path: Path) -> None:
    data = tmp_path / "two.trig"
    data.write_text(
        "<https://example.org/g1> { <https://example.org/a> <https://example.org/p> 1, 2 . }\n"
        "<https://example.org/g2> { <https://example.org/a> <https://example.org/p> 3 . }\n"
    )
    kg = graph.load(data)
    with TestClient(create_app(kg, Settings(workers=1))) as c:
        g = parsed(c.get("/sparql").content, "text/turtle")
    counts = {str(g.value(n, SD.name)): int(g.value(g.value(n, SD.graph), VOID.triples))
              for n in g.objects(None, SD.namedGraph)}
    assert counts == {"https://example.org/g1": 2, "https://example.org/g2": 1}


def test_sparql_still_answers_queries(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK { person:Stalin rel:exiledWith person:Kamenew }"})
    assert r.json()["boolean"] is True
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 403
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert (r.status_code, r.headers["location"], r.headers["vary"]) == (303, "/query", "Accept")


# ---------------------------------------------------------------------------- VoID
def test_void(client: TestClient, kg: graph.KnowledgeGraph) -> None:
    r = client.get("/.well-known/void")
    assert r.headers["content-type"].startswith("text/turtle")
    g = parsed(r.content, "text/turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in g
    assert int(g.value(DATASET, VOID.triples)) == len(kg)
    subjects = {s for s, _, _ in kg.rdf if isinstance(s, URIRef) and str(s).startswith(BASE)}
    assert int(g.value(DATASET, VOID.entities)) == len(subjects)
    assert g.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    assert g.value(DATASET, DCTERMS.source) == URIRef("https://de.wikipedia.org/wiki/Josef_Stalin")
    assert g.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://testserver/sparql")
    assert str(g.value(DATASET, VOID.uriSpace)) == BASE
    classes = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities))
               for p in g.objects(DATASET, VOID.classPartition)}
    assert int(g.value(DATASET, VOID.classes)) == len(classes)
    for kind, n in kg.stats()["entities"].items():
        assert classes[KG[kind]] == n, kind
    assert classes[RDF.Statement] == len(kg.statements)
    properties = {g.value(p, VOID.property): int(g.value(p, VOID.triples))
                  for p in g.objects(DATASET, VOID.propertyPartition)}
    assert int(g.value(DATASET, VOID.properties)) == len(properties)
    edges = len(list(kg.rdf.triples((None, REL.exiledWith, None))))
    assert properties[REL.exiledWith] == edges == 1
    for iri in kg.relation_catalogue:  # every relation the data uses, counted
        used = len(list(kg.rdf.triples((None, URIRef(iri), None))))
        assert properties.get(URIRef(iri), 0) == used, iri
    ld = parsed(client.get("/.well-known/void", headers={"Accept": "application/ld+json"}).content,
                "application/ld+json")
    assert set(ld) and len(ld) == len(g)


# ---------------------------------------------------------------------------- a remote graph
def test_pages_and_descriptions_are_the_same_over_a_remote_store(
    kg: graph.KnowledgeGraph, tmp_path: Path
) -> None:
    with oxigraph_server(tmp_path / "store", bundled_graph_files(), read_only=True) as url:
        remote = graph.connect(url + "/query")
        local_site, remote_site = Site(kg, Links()), Site(remote, Links())
        for iri in (str(PERSON.Kamenew), str(EXILE), str(SENTENCE["08"])):
            assert remote_site.page(iri) == local_site.page(iri), iri
            assert set(description(remote, iri)) == set(description(kg, iri)), iri
        assert remote_site.vocabulary_page("vocab/rel") == local_site.vocabulary_page("vocab/rel")


def test_descriptions_name_the_address_asked_without_counting_again(client: TestClient) -> None:
    for host in ("kg.example.org", "other.example.org:8080"):
        g = parsed(client.get("/sparql", headers={"Host": host}).content, "text/turtle")
        assert set(g.objects(None, SD.endpoint)) == {URIRef(f"http://{host}/sparql")}
        v = parsed(client.get("/.well-known/void", headers={"Host": host}).content, "text/turtle")
        assert v.value(DATASET, VOID.sparqlEndpoint) == URIRef(f"http://{host}/sparql")
    assert set(client.app.state.descriptions) == {"sd", "void"}  # type: ignore[attr-defined]
