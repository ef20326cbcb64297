"""export: every format written, then read back with its own reader."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from rdflib.namespace import RDF

import graph
from graph import export as export_module
from graph.errors import KGError, LookupFailed
from graph.export import CSV_COLUMNS, FORMATS, export
from graph.model import BASES
from graph.namespaces import KG, PERSON, PROV, SKOS
from graph.project import to_networkx

# rdflib's own JSON-LD parser still uses ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

STALIN = str(PERSON.Stalin)
EXILE = "https://w3id.org/stalin-kg/statement/s08-stalin-exiledWith-kamenew"
GENSEK = "https://w3id.org/stalin-kg/statement/s01-stalin-heldPosition-generalsekretaerzk"
# S9: „im selben Jahr“ names no year; 1917 is the curator's (inferred date)
EXPULSION_1917 = "https://w3id.org/stalin-kg/statement/s09-lenin-startedExpulsionProceedingsAgainst-sinowjew"
# S16: the content of Antonow-Owsejenko's judgement, reported and attributed to him
JUDGED = "https://w3id.org/stalin-kg/statement/s16-stalin-provedIncapableOfLeading-militaerischeverbaende"
ANTONOW = str(PERSON.AntonowOwsejenko)


@pytest.fixture(scope="module")
def projected(kg: graph.KnowledgeGraph) -> nx.MultiDiGraph:
    return kg.to_networkx()


def _same_graph(read: nx.MultiDiGraph, projected: nx.MultiDiGraph) -> None:
    assert read.number_of_nodes() == projected.number_of_nodes()
    assert read.number_of_edges() == projected.number_of_edges()
    assert set(read) == set(projected)
    assert read.nodes[STALIN]["label"] == "Joseph Stalin"
    assert read.nodes[STALIN]["label_de"] == "Josef Stalin"
    aliases = read.nodes[STALIN]["aliases"]
    assert "Josef Wissarionowitsch Stalin" in (aliases if isinstance(aliases, list) else
                                               aliases.split("; "))
    edge = read.get_edge_data(STALIN, "https://w3id.org/stalin-kg/position/GeneralsekretaerZK")
    (attrs,) = [d for d in edge.values() if d["statement"] == GENSEK]
    assert attrs["quote"] == "Von 1922 bis zu seinem Tod 1953 war er Generalsekretär des ZK der KPdSU"
    assert attrs["note"].startswith("„er“ is Stalin")
    assert attrs["label_de"] == "hatte das Amt / den Rang inne"
    assert int(attrs["sentence"]) == 1
    quotes = sorted(d["quote"] for _, _, d in read.edges(data=True))
    assert quotes == sorted(d["quote"] for _, _, d in projected.edges(data=True))
    _carries_the_basis({d["statement"]: d for _, _, d in read.edges(data=True)}, projected)


def _carries_the_basis(edges: dict[str, dict[str, Any]], projected: nx.MultiDiGraph) -> None:
    """Each edge (by statement IRI) has the projection's basis, inferred part, claimant and
    note; the known stated, inferred and reported statements read as they are curated."""
    keys = ("basis", "inferred_part", "claimant", "claimant_label", "note")
    assert {k: {f: d.get(f) or None for f in keys} for k, d in edges.items()} == {
        k: {f: d.get(f) for f in keys} for _, _, k, d in projected.edges(keys=True, data=True)}
    assert {d["basis"] for d in edges.values()} == set(BASES)
    exile = edges[EXILE]
    assert exile["basis"] == "stated"
    assert not any(exile.get(f) for f in ("inferred_part", "claimant", "note"))
    inferred = edges[EXPULSION_1917]
    assert (inferred["basis"], inferred["inferred_part"]) == ("inferred", "date")
    assert str(inferred["point_in_time"]) == "1917"
    assert "im selben Jahr" in inferred["note"]
    assert not inferred.get("claimant")
    judged = edges[JUDGED]
    assert (judged["basis"], judged["claimant"]) == ("reported", ANTONOW)
    assert judged["claimant_label"] == "Anton Antonov-Ovseyenko"
    assert judged["note"].startswith("A historian's judgement")
    assert not judged.get("inferred_part")


def test_formats_listed() -> None:
    assert FORMATS == ("gexf", "graphml", "jsonld", "nt", "csv", "cytoscape")


def test_gexf(kg: graph.KnowledgeGraph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    read = nx.read_gexf(export(kg, tmp_path / "kg.gexf", "gexf"), version="1.3")
    _same_graph(read, projected)
    assert read.graph.get("mode") == "dynamic"  # GEXF 1.3, with time spans
    edge = read.get_edge_data(STALIN, "https://w3id.org/stalin-kg/position/GeneralsekretaerZK")
    (attrs,) = [d for d in edge.values() if d["statement"] == GENSEK]
    assert (attrs["start_date"], attrs["end_date"]) == ("1922", "1953")


def test_graphml(kg: graph.KnowledgeGraph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    read = nx.read_graphml(export(kg, tmp_path / "kg.graphml", "graphml"))
    _same_graph(read, projected)
    assert set(read.edges(keys=True)) == set(projected.edges(keys=True))
    edge = read.get_edge_data(STALIN, "https://w3id.org/stalin-kg/position/GeneralsekretaerZK")
    assert (edge[GENSEK]["start"], edge[GENSEK]["end"]) == ("1922", "1953")


def test_cytoscape(kg: graph.KnowledgeGraph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export(kg, tmp_path / "kg.json", "cytoscape")
    data = json.loads(path.read_text(encoding="utf-8"))
    names = {n["data"]["id"]: n["data"]["name"] for n in data["elements"]["nodes"]}
    assert names[STALIN] == "Joseph Stalin"
    _same_graph(nx.cytoscape_graph(data), projected)
    german = json.loads(export(kg, path, "cytoscape", lang="de").read_text(encoding="utf-8"))
    assert {n["data"]["id"]: n["data"]["name"] for n in german["elements"]["nodes"]}[
        STALIN] == "Josef Stalin"


def test_csv(kg: graph.KnowledgeGraph, projected: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = export(kg, tmp_path / "kg.csv", "csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    records = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(records) == projected.number_of_edges()
    assert {r["statement"] for r in records} == {k for _, _, k in projected.edges(keys=True)}
    (gensek,) = [r for r in records if r["statement"] == GENSEK]
    assert gensek["source_label"] == "Joseph Stalin"
    assert gensek["relation"] == "heldPosition"
    assert gensek["relation_label"] == "held the office or rank"
    assert (gensek["start"], gensek["end"], gensek["point_in_time"]) == ("1922", "1953", "")
    assert gensek["sentence"] == "1"
    assert "Generalsekretär" in gensek["quote"]
    assert (gensek["basis"], gensek["inferred_part"]) == ("inferred", "relation")
    _carries_the_basis({r["statement"]: r for r in records}, projected)
    (inferred,) = [r for r in records if r["statement"] == EXPULSION_1917]
    assert (inferred["point_in_time"], inferred["claimant"]) == ("1917", "")


@pytest.mark.parametrize("fmt, parser", [("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_unfiltered_holds_every_triple(
    kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str, parser: str
) -> None:
    path = export(kg, tmp_path / f"kg.{fmt}", fmt)
    read = rdflib.Graph().parse(path, format=parser)
    assert len(read) == len(kg)
    assert (rdflib.URIRef(STALIN), rdflib.RDFS.label, rdflib.Literal("Josef Stalin", lang="de")) \
        in read


def test_jsonld_context_is_inline(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    data = json.loads(export(kg, tmp_path / "kg.jsonld", "jsonld").read_text(encoding="utf-8"))
    assert isinstance(data["@context"], dict)
    assert data["@context"]["rel"] == "https://w3id.org/stalin-kg/vocab/rel#"


@pytest.mark.parametrize("fmt, parser", [("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_filtered_is_a_subset_with_the_kept_statements(
    kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str, parser: str
) -> None:
    full = rdflib.Graph().parse(export(kg, tmp_path / f"all.{fmt}", fmt), format=parser)
    path = export(kg, tmp_path / f"part.{fmt}", fmt, relations=["exiledWith", "sonOf"])
    part = rdflib.Graph().parse(path, format=parser)
    assert 0 < len(part) < len(full)
    assert all(t in full for t in part)
    kept = {k for _, _, k in kg.to_networkx(relations=["exiledWith", "sonOf"]).edges(keys=True)}
    assert {str(s) for s in part.subjects(RDF.type, RDF.Statement)} == kept
    assert (rdflib.URIRef(STALIN), rdflib.URIRef("https://w3id.org/stalin-kg/vocab/rel#exiledWith"),
            rdflib.URIRef(str(PERSON.Kamenew))) in part
    sentence = rdflib.URIRef("https://w3id.org/stalin-kg/sentence/08")
    assert (rdflib.URIRef(EXILE), rdflib.PROV.wasDerivedFrom, sentence) in part
    assert any(part.triples((sentence, rdflib.URIRef("https://w3id.org/stalin-kg/vocab#text"),
                             None)))
    assert (rdflib.URIRef(STALIN), rdflib.OWL.sameAs,
            rdflib.URIRef("http://www.wikidata.org/entity/Q855")) in part
    # nothing about entities outside the kept statements
    assert not any(part.triples((rdflib.URIRef(str(PERSON.Trotzki)), None, None)))


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "csv", "cytoscape"])
def test_filters_apply_to_graph_formats(kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    path = export(kg, tmp_path / f"kg.{fmt}", fmt, as_of=1950, types=["Person", "Position"])
    expected = kg.to_networkx(as_of=1950, types=["Person", "Position"])
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            assert len(list(csv.reader(f))) - 1 == expected.number_of_edges()
        return
    readers: dict[str, Any] = {
        "gexf": lambda p: nx.read_gexf(p, version="1.3"),
        "graphml": nx.read_graphml,
        "cytoscape": lambda p: nx.cytoscape_graph(json.loads(Path(p).read_text("utf-8"))),
    }
    read = readers[fmt](path)
    assert read.number_of_edges() == expected.number_of_edges()
    assert set(read) == set(expected)


def test_rdf_statements_carry_their_basis(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    for fmt, parser in (("nt", "nt"), ("jsonld", "json-ld")):
        read = rdflib.Graph().parse(export(kg, tmp_path / f"kg.{fmt}", fmt), format=parser)
        inferred, judged = rdflib.URIRef(EXPULSION_1917), rdflib.URIRef(JUDGED)
        assert read.value(rdflib.URIRef(EXILE), KG.basis) == KG.Stated
        assert read.value(inferred, KG.basis) == KG.Inferred
        assert read.value(inferred, KG.inferredPart) == KG.InferredDate
        assert "im selben Jahr" in str(read.value(inferred, SKOS.note))
        assert read.value(judged, KG.basis) == KG.Reported
        assert read.value(judged, PROV.wasAttributedTo) == rdflib.URIRef(ANTONOW)
        assert read.value(judged, SKOS.note) is not None
        assert len(set(read.subjects(KG.basis, None))) == len(kg.statements)


@pytest.mark.parametrize("fmt, parser", [("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_basis_filter_keeps_those_statements_and_their_claimants(
    kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str, parser: str
) -> None:
    path = export(kg, tmp_path / f"reported.{fmt}", fmt, basis=["reported"])
    part = rdflib.Graph().parse(path, format=parser)
    reported = {st.iri for st in kg.statements if st.basis == "reported" and st.is_edge}
    assert {str(s) for s in part.subjects(RDF.type, RDF.Statement)} == reported
    assert set(part.objects(None, KG.basis)) == {KG.Reported}
    assert (rdflib.URIRef(JUDGED), PROV.wasAttributedTo, rdflib.URIRef(ANTONOW)) in part
    # Lenin is no subject or object of a reported statement, only the claimant of two
    lenin = rdflib.URIRef(str(PERSON.Lenin))
    assert lenin not in set(part.subjects(RDF.subject, None)) | set(part.objects(None, RDF.object))
    assert (None, PROV.wasAttributedTo, lenin) in part
    assert (lenin, rdflib.RDFS.label, rdflib.Literal("Lenin", lang="en")) in part


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "csv", "cytoscape"])
def test_stated_only_export_holds_only_stated_statements(
    kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str
) -> None:
    path = export(kg, tmp_path / f"stated.{fmt}", fmt, basis=("stated",))
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        kept = {r["statement"]: r["basis"] for r in rows}
    else:
        readers: dict[str, Any] = {
            "gexf": lambda p: nx.read_gexf(p, version="1.3"),
            "graphml": nx.read_graphml,
            "cytoscape": lambda p: nx.cytoscape_graph(json.loads(Path(p).read_text("utf-8"))),
        }
        kept = {d["statement"]: d["basis"] for _, _, d in readers[fmt](path).edges(data=True)}
    stated = {st.iri for st in kg.statements if st.stated and st.is_edge}
    assert kept == dict.fromkeys(stated, "stated")
    assert EXILE in kept and EXPULSION_1917 not in kept and JUDGED not in kept


def test_basis_filters_combine_and_split_the_statements(kg: graph.KnowledgeGraph) -> None:
    every = {k for _, _, k in kg.to_networkx().edges(keys=True)}
    parts = [{k for _, _, k in to_networkx(kg, basis=[b]).edges(keys=True)}
             for b in BASES]
    assert all(parts) and set().union(*parts) == every
    assert sum(len(p) for p in parts) == len(every)
    both = to_networkx(kg, basis=["inferred", "reported"], relations=["provedIncapableOfLeading"])
    assert {k for _, _, k in both.edges(keys=True)} == {JUDGED}
    assert to_networkx(kg, basis="reported").number_of_edges() == len(parts[2])
    assert to_networkx(kg, basis=[]).number_of_edges() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_basis_raises_and_writes_nothing(
    kg: graph.KnowledgeGraph, tmp_path: Path, fmt: str
) -> None:
    with pytest.raises(ValueError, match="unknown basis 'alleged'") as raised:
        export(kg, tmp_path / f"kg.{fmt}", fmt, basis=["stated", "alleged"])
    assert all(b in str(raised.value) for b in BASES)
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_writes_nothing(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(KGError, match="gexf, graphml, jsonld, nt, csv, cytoscape"):
        export(kg, tmp_path / "kg.xyz", "xyz")
    assert list(tmp_path.iterdir()) == []


def test_unknown_relation_raises(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(LookupFailed):
        export(kg, tmp_path / "kg.csv", "csv", relations=["exiledWth"])


def test_format_names_are_case_insensitive(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    assert export(kg, tmp_path / "kg.csv", "CSV").read_text(encoding="utf-8").startswith("source,")


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_export_leaves_the_old_file(
    kg: graph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    target = tmp_path / f"kg.{fmt}"
    target.write_text("old contents\n", encoding="utf-8")
    _, mode = export_module._WRITERS[fmt]

    def broken(kg: graph.KnowledgeGraph, g: Any, handle: Any) -> None:
        handle.write(b"partial" if "b" in mode else "partial")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(export_module._WRITERS, fmt, (broken, mode))
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(kg, target, fmt)
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_failing_networkx_writer_leaves_the_old_file(
    kg: graph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kg.graphml"
    export(kg, target, "graphml")
    before = target.read_bytes()

    def half_written(g: nx.Graph, handle: Any) -> None:
        handle.write(b"<?xml version='1.0'?><graphml>")
        raise OSError("no space left on device")

    monkeypatch.setattr(nx, "write_graphml", half_written)
    with pytest.raises(OSError, match="no space"):
        export(kg, target, "graphml", relations=["exiledWith"])
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kg.graphml"]


def test_returns_the_path(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    assert export(kg, str(tmp_path / "kg.nt"), "nt") == tmp_path / "kg.nt"


NAMED_TRIG = """
<http://example.org/a> <http://example.org/p> 1 .
<http://example.org/g1> { <http://example.org/a> <http://example.org/p> 1 .
                          <http://example.org/b> <http://example.org/p> 2 . }
<http://example.org/g2> { <http://example.org/b> <http://example.org/p> 2 . }
"""


def test_named_graphs_stay_and_export_each_triple_once(tmp_path: Path) -> None:
    data = tmp_path / "named.trig"
    data.write_text(NAMED_TRIG, encoding="utf-8")
    own = graph.load(data, vocabulary=False)
    assert own.backend.named_graphs() == ["http://example.org/g1", "http://example.org/g2"]
    assert own.query("ASK { <http://example.org/b> <http://example.org/p> 2 }").boolean  # union
    lines = export(own, tmp_path / "named.nt", "nt").read_text(encoding="utf-8").splitlines()
    assert lines == [
        '<http://example.org/a> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        '<http://example.org/b> <http://example.org/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    ]
