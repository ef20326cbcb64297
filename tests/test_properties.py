"""Property-based tests: any Unicode label or quote survives every format we write.

Labels, quotes and curator's notes of arbitrary text (right-to-left, combining marks, emoji,
quotes, ``</script>``, HTML, newlines, NUL-free control characters) go into a small graph written
as Turtle, are loaded back, and must come out unchanged through JSON-LD, GEXF, GraphML and CSV
export and the viewer's embedded data, with the statement's basis (and for a reported one its
claimant, labelled with the arbitrary text); a page rendered from them runs no script.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import tempfile
from pathlib import Path

import networkx as nx
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

import graph
import viz
from graph.export import export, xml_unescape
from graph.model import BASES
from graph.namespaces import KG, PERSON, REL, SENTENCE, STMT
from viz.render import script_json

HOSTILE = [
    "</script><script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    "javascript:window.pwned=1",
    "\u202eevil\u202c — RTL override",
    "שלום עולם",
    "e\u0301\u0301 combining",
    "👩‍👩‍👧 emoji",
    'quotes " \' „“ «»',
    "line\nbreak\r\nand\ttab",
    "\x01\x07\x1b control",
    "back\\slash \\u0041",
    "]]><!-- -->",
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"),
        min_size=1, max_size=30,
    ),
).filter(lambda s: s.strip() != "")


def write_graph(
    folder: Path, label: str, quote: str, basis: str = "stated", note: str | None = None
) -> Path:
    """Two persons, one statement whose quote sits inside its sentence; all text from hypothesis.

    The statement has ``basis`` and ``note``; an inferred one inferred its relation, a reported
    one is attributed to person A."""
    g = rdflib.Graph()
    a, b, st_, sen = PERSON["A"], PERSON["B"], STMT["s1"], SENTENCE["900"]
    for node, name in ((a, label), (b, "B")):
        g.add((node, RDF.type, KG.Person))
        g.add((node, RDFS.label, Literal(name, lang="de")))
        g.add((node, RDFS.label, Literal(name, lang="en")))
    g.add((a, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(label, lang="de")))
    g.add((a, REL.friendOf, b))
    g.add((sen, RDF.type, KG.Sentence))
    g.add((sen, KG.sentenceNumber, Literal(900)))
    g.add((sen, KG.text, Literal(f"vorher {quote} nachher", lang="de")))
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, a), (RDF.predicate, REL.friendOf),
                 (RDF.object, b), (PROV.wasDerivedFrom, sen), (KG.quote, Literal(quote)),
                 (KG.basis, KG[basis.capitalize()])):
        g.add((st_, p, o))
    if note is not None:
        g.add((st_, SKOS.note, Literal(note, lang="en")))
    if basis == "inferred":
        g.add((st_, KG.inferredPart, KG.InferredRelation))
    if basis == "reported":
        g.add((st_, PROV.wasAttributedTo, a))
    path = folder / "g.ttl"
    path.write_text(g.serialize(format="turtle"), encoding="utf-8")
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=TEXT, quote=TEXT, basis=st.sampled_from(BASES), note=TEXT)
def test_text_round_trips_through_every_format(
    tmp_path: Path, label: str, quote: str, basis: str, note: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    kg = graph.load(write_graph(folder, label, quote, basis, note))
    a = str(PERSON["A"])
    part = {"inferred": "relation"}.get(basis, "")
    claimant, claimant_label = (a, label) if basis == "reported" else ("", "")

    # Turtle (written by rdflib, read by Oxigraph)
    assert kg.entities[a].label_de == label and kg.entities[a].aliases == (label,)
    (statement,) = kg.statements
    assert statement.quote == quote and quote in (statement.sentence_text or "")
    assert (statement.basis, statement.note) == (basis, note)

    # JSON-LD and N-Triples
    for fmt in ("jsonld", "nt"):
        back = rdflib.Graph().parse(export(kg, folder / f"g.{fmt}", fmt), format=fmt.replace("jsonld", "json-ld"))
        assert Literal(label, lang="en") in set(back.objects(URIRef(a), RDFS.label))
        assert Literal(quote) in set(back.objects(None, KG.quote))
        assert set(back.objects(None, KG.basis)) == {KG[basis.capitalize()]}
        assert set(back.objects(None, SKOS.note)) == {Literal(note, lang="en")}

    # GEXF and GraphML (XML cannot hold some control characters: they are escaped reversibly)
    gexf = functools.partial(nx.read_gexf, version="1.3")
    for fmt, read in (("gexf", gexf), ("graphml", nx.read_graphml)):
        back_nx = read(export(kg, folder / f"g.{fmt}", fmt))
        assert xml_unescape(back_nx.nodes[a]["label"]) == label
        ((_, _, data),) = back_nx.edges(data=True)
        assert xml_unescape(data["quote"]) == quote
        assert (data["basis"], data.get("inferred_part", ""), data.get("claimant", "")) == \
            (basis, part, claimant)
        assert xml_unescape(data["note"]) == note
        assert xml_unescape(data.get("claimant_label", "")) == claimant_label

    # CSV
    with export(kg, folder / "g.csv", "csv").open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source_label"] == label and row["quote"] == quote
    assert (row["basis"], row["inferred_part"], row["claimant"]) == (basis, part, claimant)
    assert (row["note"], row["claimant_label"]) == (note, claimant_label)

    # the viewer's data, as embedded in the page's JSON blocks
    data = viz.page_data(kg)
    embedded = script_json(data)
    assert "</script" not in embedded.lower() and "<!--" not in embedded
    back_data = json.loads(embedded)
    (node,) = [n for n in back_data["nodes"] if n["id"] == a]
    (edge,) = back_data["edges"]
    assert node["label_en"] == label and edge["quote"] == quote


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from(HOSTILE), quote=st.sampled_from(HOSTILE))
def test_pages_from_hostile_text_run_no_script(browser, tmp_path: Path, label: str, quote: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    kg = graph.load(write_graph(folder, label, quote))
    page_file = viz.render(kg, folder / "page.html", title=label)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.network !== undefined")
    page.evaluate("() => window.kgViewer && window.kgViewer.select && "
                  "window.kgViewer.select('https://w3id.org/stalin-kg/person/A')")
    assert page.evaluate("() => window.pwned") is None
    assert dialogs == []
    blocks = re.findall(r'<script type="application/json" id="kg-nodes">(.*?)</script>',
                        page_file.read_text(encoding="utf-8"), re.S)
    assert [n["label_en"] for n in json.loads(blocks[0]) if n["id"].endswith("/A")] == [label]
    page.close()
