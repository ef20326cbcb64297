"""Into Gephi, pandas and notebooks (issue 25, item 4): GEXF 1.3 with the viewer's drawing and
typed time spans, read back with a GEXF reader; query results as typed DataFrames; the viewer
in a notebook as a small frame on a written page, without warnings."""

from __future__ import annotations

import datetime
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

import graph
import viz
from graph.export import export
from graph.namespaces import PERSON
from kgapp.cli import main
from viz.data import TYPE_STYLES, page_data
from viz.gexf import looks

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
#: the time formats GEXF 1.3 allows (gexf.xsd, timeformat-type)
TIMEFORMATS = {"integer", "double", "date", "dateTime"}


@pytest.fixture(scope="module")
def gexf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gexf") / "kg.gexf"
    result = CliRunner().invoke(main, ["export", "--format", "gexf", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_gexf_is_version_1_3_dynamic_with_dates(gexf: Path) -> None:
    root = ET.parse(gexf).getroot()
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "").startswith(
        "http://gexf.net/1.3 ")
    (g,) = root.findall(GEXF + "graph")
    assert g.get("mode") == "dynamic" and g.get("timeformat") in TIMEFORMATS
    assert g.get("timeformat") == "date"
    spans = [(e.get("start"), e.get("end")) for e in g.iter(GEXF + "edge")]
    spans += [(s.get("start"), s.get("end")) for s in g.iter(GEXF + "spell")]
    dated = [(a, b) for a, b in spans if a or b]
    assert len(dated) > 40
    for a, b in dated:  # every time is a full date, and a span never ends before it starts
        if a and b:
            assert _date(a) <= _date(b)
        else:
            _date(a or b)


def test_gexf_reads_back_with_the_viewers_drawing(gexf: Path, kg: graph.KnowledgeGraph) -> None:
    read = nx.read_gexf(gexf, version="1.3")
    projected = kg.to_networkx()
    assert read.number_of_nodes() == projected.number_of_nodes()
    assert read.number_of_edges() == projected.number_of_edges()
    page = {n["id"]: n for n in page_data(kg)["nodes"]}
    for iri, attrs in read.nodes(data=True):
        shown = page[iri]
        drawn = attrs["viz"]
        assert (drawn["position"]["x"], drawn["position"]["y"]) == (shown["x"], -shown["y"])
        assert drawn["size"] == shown["size"]
        colour = TYPE_STYLES[shown["type"]]["color"]
        assert "#{r:02x}{g:02x}{b:02x}".format(**drawn["color"]) == colour
    assert len({(a["viz"]["position"]["x"], a["viz"]["position"]["y"])
                for _, a in read.nodes(data=True)}) == read.number_of_nodes()  # a real layout


def test_gexf_time_spans_follow_the_statements(gexf: Path) -> None:
    root = ET.parse(gexf).getroot()
    nodes = {n.get("id"): n for n in root.iter(GEXF + "node")}
    lenin = nodes[str(PERSON.Lenin)].find(f"{GEXF}spells/{GEXF}spell")
    assert lenin is not None and (lenin.get("start"), lenin.get("end")) == (None, "1924-12-31")
    assert nodes[str(PERSON.Kamenew)].find(GEXF + "spells") is None  # no dated fact
    read = nx.read_gexf(gexf, version="1.3")
    edges = {d["statement"].rsplit("/", 1)[1]: d for _, _, d in read.edges(data=True)}
    gensek = edges["s01-stalin-heldPosition-generalsekretaerzk"]
    assert (gensek["start"], gensek["end"]) == ("1922-01-01", "1953-12-31")
    assert (gensek["start_date"], gensek["end_date"]) == ("1922", "1953")  # as the text says
    open_ended = edges["s01-stalin-heldPosition-vorsitzenderratdervolkskommissare"]
    assert open_ended["start"] == "1941-01-01" and "end" not in open_ended


def test_gexf_looks_keep_graph_and_viz_apart(kg: graph.KnowledgeGraph, tmp_path: Path) -> None:
    """graph.export writes no drawing of its own; viz passes the page's."""
    plain = export(kg, tmp_path / "plain.gexf", "gexf", relations=["exiledWith"])
    assert ET.parse(plain).getroot().find(f".//{VIZ}position") is None
    drawn = looks(kg, relations=["exiledWith"])
    assert set(drawn) == {str(PERSON.Stalin), str(PERSON.Kamenew)}


# ---------------------------------------------------------------------------- pandas
def test_query_results_become_typed_dataframes(kg: graph.KnowledgeGraph) -> None:
    df = kg.query("""SELECT ?who ?n ?death ?day ?share ?flag ?none {
        ?s rdf:subject ?who ; prov:wasDerivedFrom/kg:sentenceNumber ?n .
        OPTIONAL { ?who rel:dateOfDeath ?death }
        BIND(xsd:date("1941-06-22") AS ?day) BIND(0.5 AS ?share) BIND(?n > 10 AS ?flag)
        FILTER(?who = person:Stalin) } ORDER BY ?n LIMIT 5""").to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 5
    assert df.dtypes.astype(str).to_dict() == {
        "who": "string", "n": "Int64", "death": "period[Y-DEC]", "day": "datetime64[us]",
        "share": "Float64", "flag": "boolean", "none": "string"}
    assert df["who"][0] == str(PERSON.Stalin) and df["death"][0] == pd.Period("1953", "Y")
    assert df["n"].tolist() == sorted(df["n"].tolist()) and df["none"].isna().all()


def test_named_query_to_pandas_keeps_missing_values_missing(kg: graph.KnowledgeGraph) -> None:
    result = kg.run("in-sentence", n=1)
    df = result.to_pandas()
    assert list(df.columns) == result.variables and len(df) == len(result)
    assert df["attributedTo"].isna().sum() == sum(r[-1] is None for r in result.rows)
    ask = kg.query("ASK { person:Stalin rel:exiledWith person:Kamenew }").to_pandas()
    assert ask["boolean"].tolist() == [True]
    triples = kg.query("CONSTRUCT WHERE { person:Stalin rdfs:label ?l }").to_pandas()
    assert list(triples.columns) == ["subject", "predicate", "object"] and len(triples) == 2


# ---------------------------------------------------------------------------- notebooks
def test_notebook_frame_is_small_and_silent(kg: graph.KnowledgeGraph, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core.formatters import DisplayFormatter

    monkeypatch.chdir(tmp_path)
    for name in ("VSCODE_PID", "VSCODE_CWD"):
        monkeypatch.delenv(name, raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = viz.show_in_notebook(kg, relations=["exiledWith"])
        shown, _ = DisplayFormatter().format(frame)
    html = shown["text/html"]
    assert len(html) < 1000 and "srcdoc" not in html
    assert html.startswith('<iframe src="stalin-kg-views/view-')
    written = tmp_path / html.split('"')[1]
    assert written == frame.path.resolve() and written.stat().st_size > 100_000
    assert written.read_text(encoding="utf-8") == viz.render_html(kg, relations=["exiledWith"])


def test_vs_code_gets_the_page_from_loopback(kg: graph.KnowledgeGraph, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VSCODE_PID", "1")
    frame = viz.show_in_notebook(kg, relations=["exiledWith"], folder=tmp_path)
    assert frame.src.startswith("http://127.0.0.1:")
    answer = httpx.get(frame.src)
    assert answer.status_code == 200 and answer.text == frame.path.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="where must be one of"):
        viz.show_in_notebook(kg, where="cloud")
