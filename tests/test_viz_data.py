"""The viewer without a browser: the data prepared for the page, its layout, the HTML around it,
and the synthetic graph generator used for the viewer's scale tests."""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bench import bench_module

import graph
import viz
from graph.analysis import node_metrics
from graph.errors import LookupFailed
from graph.model import BASES, Span, parse_date
from graph.project import existence_years, holding_span
from viz.data import (
    BASIS_STYLES,
    COMMUNITY_COLOURS,
    CSV_COLUMNS,
    RAMP,
    page_data,
    safe_link,
    search_key,
    wikidata_link,
)
from viz.layout import layout
from viz.render import build_network, notebook_html, render, render_html, script_json

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "viz" / "hostile.ttl"


@pytest.fixture(scope="module")
def data(kg: graph.KnowledgeGraph) -> dict[str, Any]:
    return page_data(kg)


@pytest.fixture(scope="module")
def hostile() -> graph.KnowledgeGraph:
    return graph.load(HOSTILE)


class Blocks(HTMLParser):
    """The page's <script> elements: (attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.tags: Counter[str] = Counter()
        self.csp = ""
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp = dict(attrs).get("content") or ""
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, text: str) -> None:
        if self._open is not None:
            attrs, old = self.scripts[-1]
            self.scripts[-1] = (attrs, old + text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def parse(html: str) -> Blocks:
    blocks = Blocks()
    blocks.feed(html)
    return blocks


# ---------------------------------------------------------------------------- page data


def test_the_search_index_holds_every_name_quote_and_sentence_normalised(kg, data):
    index = data["search"]
    names = dict(index["entities"])
    assert list(names) == [n["id"] for n in data["nodes"]]
    for iri, e in kg.entities.items():
        keys = names[iri]
        assert len(keys) == len(set(keys))
        assert {search_key(x) for x in (e.label_de, e.label_en, *e.aliases)} <= set(keys)
    assert names["https://w3id.org/stalin-kg/person/Sinowjew"][:2] == ["sinowjew", "zinoviev"]
    assert [i for i, _ in index["statements"]] == [e["id"] for e in data["edges"]]
    assert dict(index["statements"])[data["edges"][0]["id"]] == search_key(data["edges"][0]["quote"])
    assert index["sentences"] == {k: search_key(v) for k, v in data["sentences"].items()}
    assert "verbannung" in index["sentences"]["8"].split()


def test_search_keys_fold_case_accents_and_punctuation():
    assert search_key("  Generalsekretär des ZK der KPdSU(B)! ") == "generalsekretar des zk der kpdsu b"
    assert search_key("Straße") == search_key("STRASSE") == "strasse"
    assert search_key("Łódź–Kraków") == "łodz krakow"  # Ł has no decomposition
    assert search_key("—") == ""


def test_the_csv_columns_are_those_of_kg_export(data):
    from graph.export import CSV_COLUMNS as EXPORT_COLUMNS

    assert tuple(data["meta"]["csv_columns"]) == CSV_COLUMNS == EXPORT_COLUMNS


def test_every_entity_and_edge_statement_is_in_the_page(kg, data):
    assert {n["id"] for n in data["nodes"]} == set(kg.entities)
    edge_statements = [s for s in kg.statements if s.is_edge]
    assert [e["id"] for e in data["edges"]] == [s.iri for s in edge_statements]
    facts = [s for s in kg.statements if not s.is_edge]
    assert data["meta"]["counts"] == {"nodes": len(kg.entities), "edges": len(edge_statements),
                                      "facts": len(facts), "statements": len(kg.statements)}
    assert len(kg.statements) == len(edge_statements) + len(facts) and facts  # N statements ≠ M edges


def test_nodes_carry_the_years_they_exist_in(kg, data):
    """Lenin (died 1924) is gone by 1927; the war's events (1941-1945) are not yet there."""
    years = {n["curie"]: n["years"] for n in data["nodes"]}
    assert years["person:Lenin"] == [None, 1924] and years["person:Stalin"] == [None, 1953]
    assert years["event:JaltaKonferenz"] == [1945, 1945]
    assert years["event:GrosserTerror"] == [1936, 1938]
    assert years["person:Kamenew"] is None  # undated: shown in every year
    for n in data["nodes"]:  # the one rule's result, no other
        span = existence_years(kg.entities[n["id"]])
        assert n["years"] == (list(span) if span else None), n["id"]

    def exists(n, year):
        return n["years"] is None or ((n["years"][0] is None or n["years"][0] <= year)
                                      and (n["years"][1] is None or year <= n["years"][1]))

    in_1927 = {n["curie"] for n in data["nodes"] if exists(n, 1927)}
    assert "person:Lenin" not in in_1927 and "person:Stalin" in in_1927
    assert not {"event:DeutscherAngriff1941", "event:TeheranKonferenz", "event:JaltaKonferenz"} & in_1927


def test_nodes_carry_their_metrics_and_looks_for_each_legend(kg, data):
    metrics = node_metrics(kg.to_networkx())
    catalogue = {m["id"]: m for m in data["metrics"]}
    assert list(catalogue) == ["type", "degree", "betweenness", "community"]
    assert catalogue["type"]["bins"] == []
    for key in ("degree", "betweenness", "community"):
        bins = catalogue[key]["bins"]
        assert sum(b["count"] for b in bins) == len(data["nodes"]), key
        assert all(b["label_en"] and b["label_de"] for b in bins)
        for n in data["nodes"]:
            size, index = n["looks"][key]
            assert 0 <= index < len(bins) and size > 0
    assert [b["color"] for b in catalogue["degree"]["bins"]] == list(RAMP[:len(catalogue["degree"]["bins"])])
    for n in data["nodes"]:
        m = metrics[n["id"]]
        assert n["metrics"] == {"degree": m.degree, "betweenness": round(m.betweenness, 4),
                                "community": m.community}
    by_degree = sorted(data["nodes"], key=lambda n: n["metrics"]["degree"])
    low, high = by_degree[0], by_degree[-1]  # bins and sizes grow with the metric
    assert low["looks"]["degree"][1] < high["looks"]["degree"][1]
    assert low["looks"]["degree"][0] < high["looks"]["degree"][0]
    stalin = next(n for n in data["nodes"] if n["curie"] == "person:Stalin")
    assert stalin["looks"]["betweenness"][0] == max(n["looks"]["betweenness"][0] for n in data["nodes"])
    community = catalogue["community"]["bins"][stalin["looks"]["community"][1]]
    assert (community["label_en"], community["color"]) == ("around Joseph Stalin", COMMUNITY_COLOURS[0])
    members = {n["id"] for n in data["nodes"] if n["metrics"]["community"] == 0}
    assert community["count"] == len(members)


def test_nodes_carry_names_type_facts_and_position(data):
    stalin = next(n for n in data["nodes"] if n["curie"] == "person:Stalin")
    assert (stalin["label_de"], stalin["label_en"], stalin["type"]) == (
        "Josef Stalin", "Joseph Stalin", "Person")
    assert {"Stalin", "J.W.Stalin"} <= set(stalin["aliases"])
    # „der "Generalissimus"“ is the text's epithet for Stalin, not a name of the office (sentence 1)
    assert "Generalissimus" in stalin["aliases"]
    assert [n["curie"] for n in data["nodes"] if "Generalissimus" in n["aliases"]] == ["person:Stalin"]
    assert stalin["wikidata"] == {"id": "Q855", "url": "https://www.wikidata.org/wiki/Q855"}
    assert stalin["degree"] == max(n["degree"] for n in data["nodes"])
    (death,) = stalin["facts"]
    assert (death["relation"], death["value"], death["quote"]) == (
        "dateOfDeath", "1953", "bis zu seinem Tod 1953")
    assert (death["label_de"], death["label_en"]) == ("Todesdatum", "date of death")
    for n in data["nodes"]:  # a node's dated facts, earliest first (a start before its end)
        dated = [parse_date(f["value"]) for f in n["facts"]]
        assert dated == sorted(dated, key=lambda d: (d.year, d.month or 0, d.day or 0)), n["curie"]
    for n in data["nodes"]:
        assert math.isfinite(n["x"]) and math.isfinite(n["y"])
        assert n["type"] in {t["id"] for t in data["types"]}


def test_edges_carry_relation_dates_and_evidence(data):
    sentences = data["sentences"]
    for e in data["edges"]:
        assert e["relation"] in {r["id"] for r in data["relations"]}
        text = e.get("sentence_text") or sentences[str(e["sentence"])]
        assert e["quote"] in text, e["id"]
    exiled = next(e for e in data["edges"] if e["relation"] == "exiledWith")
    assert exiled["symmetric"] and exiled["years"] is None and exiled["span"] == "undated"
    assert exiled["sentence"] == 8
    office = next(e for e in data["edges"] if e["id"].endswith("s01-stalin-heldPosition-generalsekretaerzk"))
    assert (office["start"], office["end"], office["years"], office["span"]) == (
        "1922", "1953", [1922, 1953], "1922–1953")


STMT = "https://w3id.org/stalin-kg/statement/"


def test_edges_and_facts_carry_the_basis_of_their_statement(kg, data):
    statements = {st.iri: st for st in kg.statements}
    for e in data["edges"]:
        st = statements[e["id"]]
        assert (e["basis"], e["inferred_part"], e["note"]) == (st.basis, st.inferred_part, st.note)
        assert (e["claimant"] or {}).get("id") == st.claimant, e["id"]
    assert Counter(e["basis"] for e in data["edges"]) == Counter(
        st.basis for st in kg.statements if st.is_edge)
    assert {e["basis"] for e in data["edges"]} == set(BASES)
    betrayed = next(e for e in data["edges"]
                    if e["id"] == STMT + "s09-kamenew-allegedlyBetrayedTo-provisorischeregierung")
    assert betrayed["basis"] == "reported" and betrayed["inferred_part"] is None
    assert betrayed["claimant"] == {"id": "https://w3id.org/stalin-kg/person/Lenin",
                                    "curie": "person:Lenin", "label_de": "Lenin", "label_en": "Lenin"}
    assert "Lenin's accusation" in betrayed["note"]
    judged = next(e for e in data["edges"] if e["id"] == STMT + "s16-stalin-provedIncapableOfLeading-militaerischeverbaende")
    assert (judged["claimant"]["curie"], judged["claimant"]["label_de"], judged["claimant"]["label_en"]) == (
        "person:AntonowOwsejenko", "Anton Antonow-Owsejenko", "Anton Antonov-Ovseyenko")
    boast = next(e for e in data["edges"] if e["id"] == STMT + "s19-stalin-wantedToBoastTo-churchill")
    assert boast["basis"] == "reported" and boast["claimant"] is None and boast["note"]
    expelled = next(e for e in data["edges"]
                    if e["id"] == STMT + "s09-lenin-startedExpulsionProceedingsAgainst-kamenew")
    assert (expelled["basis"], expelled["inferred_part"], expelled["point"]) == ("inferred", "date", "1917")
    assert "1917" in expelled["note"]
    stalin = next(n for n in data["nodes"] if n["curie"] == "person:Stalin")
    (death,) = stalin["facts"]
    assert (death["basis"], death["inferred_part"], death["claimant"]) == ("inferred", "relation", None)
    assert "Stalin" in death["note"]


def test_relations_carry_their_inverse_labels(kg, data):
    catalogue = {r.name: r for r in kg.relation_catalogue.values()}
    for r in data["relations"]:
        known = catalogue[r["id"]]
        assert (r["inverse_de"], r["inverse_en"]) == (known.inverse_label("de"), known.inverse_label("en"))
        assert "(reversed)" not in r["inverse_en"] + r["inverse_de"], r["id"]
        if r["symmetric"]:
            assert (r["inverse_de"], r["inverse_en"]) == (r["label_de"], r["label_en"])
    prevailed = next(r for r in data["relations"] if r["id"] == "prevailedOver")
    assert (prevailed["inverse_en"], prevailed["inverse_de"]) == ("was defeated by", "unterlag gegen")


def test_the_basis_catalogue_counts_labels_and_styles_each_basis(data):
    bases = data["bases"]
    assert [b["id"] for b in bases] == list(BASES)
    assert {b["id"]: b["count"] for b in bases} == dict(Counter(e["basis"] for e in data["edges"]))
    assert [(b["label_en"], b["label_de"]) for b in bases] == [
        ("stated", "ausgesagt"), ("inferred", "erschlossen"), ("reported", "berichtet")]
    assert all(b["comment"] for b in bases)
    lines = [(json.dumps(b["dashes"]), b["width"]) for b in bases]
    assert len(set(lines)) == 3  # three different lines
    assert bases[0]["dashes"] is False  # stated: solid
    assert all(b[key] == BASIS_STYLES[b["id"]][key] for b in bases for key in ("dashes", "width"))


@pytest.mark.parametrize("basis", [["stated"], ("inferred", "reported"), "reported",
                                   ["stated", "inferred"]])
def test_a_basis_keeps_only_statements_of_that_basis(kg, basis):
    wanted = {basis} if isinstance(basis, str) else set(basis)
    # a one-time iterator is read once (a single word is one basis, not its letters)
    data = page_data(kg, basis=basis if isinstance(basis, str) else iter(basis))
    expected = [st.iri for st in kg.statements if st.is_edge and st.basis in wanted]
    assert [e["id"] for e in data["edges"]] == expected
    assert data["meta"]["basis"] == [b for b in BASES if b in wanted]
    assert {b["id"] for b in data["bases"] if b["count"]} == wanted
    facts = [f for n in data["nodes"] for f in n["facts"]]
    assert all(f["basis"] in wanted for f in facts)
    ends = {x for e in data["edges"] for x in (e["from"], e["to"])}
    assert {n["id"] for n in data["nodes"]} == ends  # as with any filter: the entities of the edges


def test_stated_only_leaves_out_inferred_facts_without_calling_them_unbacked(kg):
    stated = page_data(kg, basis=["stated"])
    stalin = next(n for n in stated["nodes"] if n["curie"] == "person:Stalin")
    assert stalin["facts"] == []  # his death (sentence 1) is inferred: „seinem Tod“ is his
    everything = page_data(kg)
    assert page_data(kg, basis=list(BASES))["edges"] == everything["edges"]
    assert everything["meta"]["basis"] is None


def test_an_unknown_basis_names_the_allowed_ones(kg):
    with pytest.raises(ValueError, match="assumed") as info:
        page_data(kg, basis=["stated", "assumed"])
    assert all(b in str(info.value) for b in BASES)
    with pytest.raises(ValueError, match="assumed"):
        render_html(kg, basis=["assumed"])


def test_render_with_stated_only_writes_only_stated_edges(kg, tmp_path):
    page = render(kg, tmp_path / "stated.html", basis=["stated"]).read_text(encoding="utf-8")
    blocks = {attrs.get("id"): text for attrs, text in parse(page).scripts}
    edges = json.loads(blocks["kg-edges"])
    assert len(edges) == sum(1 for st in kg.statements if st.is_edge and st.stated)
    assert {e["basis"] for e in edges} == {"stated"}
    assert all(e["dashes"] is False for e in edges)
    meta = json.loads(blocks["kg-data"])["meta"]
    assert meta["basis"] == ["stated"] and meta["counts"]["edges"] == len(edges)


def test_page_edges_are_drawn_with_the_line_of_their_basis(data):
    net = build_network(data)
    for edge in net.edges:
        style = BASIS_STYLES[edge["basis"]]
        assert (edge["dashes"], edge["width"]) == (style["dashes"], style["width"]), edge["id"]


def test_symmetric_statements_are_one_edge_each(kg, data):
    symmetric = {r.name for r in kg.relation_catalogue.values() if r.symmetric}
    pairs = Counter(
        (frozenset((e["from"], e["to"])), e["relation"])
        for e in data["edges"] if e["relation"] in symmetric
    )
    assert pairs and max(pairs.values()) == 1
    assert all(e["symmetric"] == (e["relation"] in symmetric) for e in data["edges"])


def test_catalogues_count_and_colour_what_the_page_holds(data):
    assert sum(r["count"] for r in data["relations"]) == len(data["edges"])
    assert sum(t["count"] for t in data["types"]) == len(data["nodes"])
    colours = [r["color"] for r in data["relations"]]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours)
    person = next(t for t in data["types"] if t["id"] == "Person")
    assert (person["label_de"], person["label_en"]) == ("Person", "person")
    assert data["meta"]["years"] == [1911, 1953]
    (source,) = data["meta"]["sources"]
    assert source["licence"] == "CC BY-SA 4.0"
    assert set(data["sentence_sources"].values()) == {source["id"]}


@pytest.mark.parametrize("year", range(1905, 1960, 3))
def test_page_year_rule_matches_the_projection(kg, data, year):
    """The slider keeps exactly the statements to_networkx(as_of=year) keeps."""
    expected = {key for _, _, key in kg.to_networkx(as_of=year).edges(keys=True)}
    kept = {
        e["id"] for e in data["edges"]
        if e["years"] is None
        or (e["years"][0] <= year and (e["years"][1] is None or year <= e["years"][1]))
    }
    assert kept == expected


def test_filters_are_those_of_the_projection(kg):
    family = page_data(kg, relations=["sonOf", "rel:exiledWith"], lang="de")
    assert {e["relation"] for e in family["edges"]} == {"sonOf", "exiledWith"}
    assert family["meta"]["relations"] == ["exiledWith", "sonOf"]
    assert family["meta"]["lang"] == "de"
    persons = page_data(kg, types=["Person"])
    assert {n["type"] for n in persons["nodes"]} == {"Person"}
    as_of = page_data(kg, as_of=1950)
    assert len(as_of["edges"]) == kg.to_networkx(as_of=1950).number_of_edges()
    assert as_of["meta"]["as_of"] == 1950
    with pytest.raises(LookupFailed):
        page_data(kg, relations=["exiledWit"])
    with pytest.raises(ValueError, match="lang"):
        page_data(kg, lang="fr")


def test_a_filter_that_leaves_nothing_gives_an_empty_page(kg):
    data = page_data(kg, relations=["exiledWith"], types=["Document"])
    assert data["nodes"] == [] and data["edges"] == [] and data["meta"]["years"] is None
    assert all(m["bins"] == [] for m in data["metrics"])
    assert "kg-nodes" in render_html(kg, relations=["exiledWith"], types=["Document"])


def test_page_data_is_deterministic_and_json(kg, data):
    again = page_data(kg)
    assert again == data
    assert json.loads(json.dumps(data)) == data


def edge_years(dates: dict[str, str], death: str | None = None) -> list[int | None] | None:
    """The page's ``years`` of an edge with these dates: Span.years, ended by a death."""
    span = Span(*(parse_date(dates.get(key)) for key in ("start", "end", "point")))
    years = span.ended_by(parse_date(death)).years()
    return list(years) if years else None


def test_edge_years_follow_span_semantics():
    assert edge_years({}) is None
    assert edge_years({"point": "1927"}) == [1927, 1927]
    assert edge_years({"start": "1941"}) == [1941, None]
    assert edge_years({"start": "1941"}, death="1953-03-05") == [1941, 1953]
    assert edge_years({"end": "1945"}) == [1945, 1945]
    assert edge_years({"start": "1941-06-22", "point": "1942"}) == [1941, None]


def test_page_years_are_the_holding_span_of_each_statement(kg, data):
    """The page carries the one rule's result (graph.project.holding_span), it has none of its own."""
    statements = {st.iri: st for st in kg.statements}
    for e in data["edges"]:
        st = statements[e["id"]]
        years = holding_span(st, kg.entities[e["from"]]).years()
        assert e["years"] == (list(years) if years else None), e["id"]
        assert e["span"] == str(st.span)
    stalin_from_1941 = [e for e in data["edges"] if e["start"] and not e["end"]
                        and e["from"].endswith("/Stalin")]
    assert stalin_from_1941 and all(e["years"][1] == 1953 for e in stalin_from_1941)


def test_a_year_opens_the_slider_there_and_keeps_every_statement(kg, data):
    opened = page_data(kg, year=1927)
    assert opened["meta"]["year"] == 1927 and opened["meta"]["as_of"] is None
    assert opened["edges"] == data["edges"] and opened["nodes"] == data["nodes"]
    assert data["meta"]["year"] is None
    assert page_data(kg, as_of=1950)["meta"]["year"] == 1950  # a filtered page opens there too


def test_render_with_a_year_writes_the_whole_graph_opened_at_that_year(kg, tmp_path):
    """What ``kg render --as-of YEAR`` promises: the page opens with the time slider at YEAR."""
    page = render(kg, tmp_path / "kg.html", year=1927).read_text(encoding="utf-8")
    blocks = {attrs.get("id"): text for attrs, text in parse(page).scripts}
    meta = json.loads(blocks["kg-data"])["meta"]
    assert (meta["year"], meta["as_of"]) == (1927, None)
    assert len(json.loads(blocks["kg-edges"])) == sum(1 for s in kg.statements if s.is_edge)


def test_only_http_links_are_built():
    assert safe_link("http://example.org/x") == "http://example.org/x"
    for bad in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>", "//evil.org",
                "https://a.org/\"onmouseover=", "vbscript:x", "", None, 42]:
        assert safe_link(bad) is None
    assert wikidata_link("Q1") == {"id": "Q1", "url": "https://www.wikidata.org/wiki/Q1"}
    for bad in ["Q0", "q5", "Q5x", "javascript:alert(4)", "", None]:
        assert wikidata_link(bad) is None


def test_hostile_data_is_carried_verbatim_and_links_dropped(hostile):
    data = page_data(hostile, title="<script>x</script>")
    evil = next(n for n in data["nodes"] if n["id"].endswith("/EvilScript"))
    assert evil["label_de"] == "<script>window.__pwned='label-de';alert(1)</script>"
    assert evil["wikidata"] is None  # owl:sameAs wd:javascript:alert(4) is no Wikidata ID
    # the source its statements cite, and the one of the sentences the reading view shows
    sources = {s["id"].rsplit("/", 1)[1]: s for s in data["meta"]["sources"]}
    assert set(sources) == {"evil", "wikipedia-de-josef-stalin"}
    assert sources["evil"]["url"] is None and sources["evil"]["licence_url"] is None


# ---------------------------------------------------------------------------- layout


def test_layout_is_deterministic_and_spread(data):
    nodes = [n["id"] for n in data["nodes"]]
    edges = [(e["from"], e["to"]) for e in data["edges"]]
    first = layout(nodes, edges, seed=3)
    assert first == layout(nodes, edges, seed=3)
    assert first != layout(nodes, edges, seed=4)
    points = list(first.values())
    assert len(set(points)) == len(points)
    # laid out on the canvas in pixels, around the origin
    assert max(abs(c) for p in points for c in p) < 10_000
    assert abs(sum(x for x, _ in points) / len(points)) < 400


def label_boxes(data: dict[str, Any]) -> dict[str, tuple[float, float, float, float]]:
    """Each node's box (a node and the label under it) on the canvas: x0, y0, x1, y1."""
    from viz.data import _label_box

    out = {}
    for n in data["nodes"]:
        w, h, dy = _label_box(n["label_en"], n["size"], n["font"])
        out[n["id"]] = (n["x"] - w / 2, n["y"] + dy - h / 2, n["x"] + w / 2, n["y"] + dy + h / 2)
    return out


def test_label_boxes_of_the_curated_graph_do_not_overlap(data):
    boxes = list(label_boxes(data).values())
    overlapping = [(p, q) for i, p in enumerate(boxes) for q in boxes[i + 1 :]
                   if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]
    assert overlapping == []
    # the box is the node and the label below it
    stalin = next(n for n in data["nodes"] if n["curie"] == "person:Stalin")
    _, y0, _, y1 = label_boxes(data)[stalin["id"]]
    assert y0 < stalin["y"] - stalin["size"] and y1 > stalin["y"] + stalin["size"] + stalin["font"]


def test_edges_keep_clear_of_the_nodes_they_do_not_link(data):
    """No straight edge of the curated page crosses the disc of a node it does not end at;
    laid out without the nodes' radii (no clearance, as before), 26 did."""
    from viz.data import _label_box
    from viz.layout import CLEARANCE, edge_crossings

    positions = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    radii = {n["id"]: n["size"] for n in data["nodes"]}
    edges = [(e["from"], e["to"]) for e in data["edges"]]
    assert edge_crossings(positions, edges, radii) == 0
    # most keep CLEARANCE pixels from every other disc too (a few cannot, in the dense middle)
    assert edge_crossings(positions, edges, radii, clearance=CLEARANCE) <= len(edges) // 8
    boxes = {n["id"]: _label_box(n["label_en"], n["size"], n["font"]) for n in data["nodes"]}
    before = layout(list(positions), edges, boxes=boxes)
    assert edge_crossings(before, edges, radii) >= 10


def test_the_most_connected_entities_get_the_bigger_label_fonts(data):
    from viz.data import LABEL_FONT, LABEL_TIERS

    ranked = sorted(data["nodes"], key=lambda n: (-n["degree"], n["label_en"], n["id"]))
    expected = [font for count, font in LABEL_TIERS for _ in range(count)]
    fonts = [n["font"] for n in ranked]
    assert fonts[: len(expected)] == expected
    assert set(fonts[len(expected):]) == {LABEL_FONT}
    assert ranked[0]["curie"] == "person:Stalin" and fonts[0] > LABEL_FONT


def test_parallel_edges_are_bowed_apart(data):
    from viz.render import parallel_curves

    net = build_network(data)
    pairs: dict[tuple[str, str], list[Any]] = {}
    for e in net.edges:
        first, second = sorted((e["from"], e["to"]))
        smooth = e.get("smooth")
        side = None
        if smooth:  # seen from the pair's first entity: flip what is drawn the other way round
            flip = e["from"] != first
            kind = {"curvedCW": "curvedCCW", "curvedCCW": "curvedCW"}[smooth["type"]] if flip else smooth["type"]
            side = (kind, smooth["roundness"])
        pairs.setdefault((first, second), []).append(side)
    bundles = [sides for sides in pairs.values() if len(sides) > 1]
    assert bundles and all(len(set(sides)) == len(sides) for sides in bundles)
    assert all(sides == [None] for sides in pairs.values() if len(sides) == 1)  # straight
    assert sorted(map(str, parallel_curves(4))) == sorted(map(str, set(parallel_curves(4))))


def test_the_reading_holds_every_sentence_cut_at_its_quotes(kg, data):
    from viz.data import _reading

    rows = kg.query("SELECT ?n ?t WHERE { ?s a kg:Sentence ; kg:sentenceNumber ?n ; kg:text ?t }").rows
    texts = {int(n): str(t) for n, t in rows}
    assert [r["number"] for r in data["reading"]] == sorted(texts) and len(texts) == 25
    for r in data["reading"]:
        assert "".join(text for text, _ in r["segments"]) == texts[r["number"]]
        assert r["source"] in {s["id"] for s in data["meta"]["sources"]}
    quoted = {st.iri: st for st in kg.statements if st.quote and st.sentence is not None}
    for iri, st in quoted.items():
        reading = data["reading"][st.sentence - 1]
        assert "".join(text for text, ids in reading["segments"] if iri in ids) == st.quote
    # a quote that is not in its sentence word for word is said to be so, not marked
    (eight,) = _reading(kg.sentences(), {}, [{"id": "x", "sentence": 8, "quote": "nicht im Satz"}])[7:8]
    assert eight["unquoted"] == [["x", "nicht im Satz"]]
    assert all(ids == [] for _, ids in eight["segments"])


def test_the_page_reads_the_graph_once_through_its_snapshot(kg, data, monkeypatch):
    """page_data hands the graph to graph.snapshot.snapshot once and only transforms what it
    returns: given a graph that answers nothing, and that snapshot, the page is the same."""
    import viz.data
    from graph.snapshot import snapshot

    taken = snapshot(kg, max_pivots=viz.data.VIEW_PIVOTS)
    calls = []

    class Silent:
        def __getattr__(self, name):
            raise AssertionError(f"page_data read kg.{name} itself")

    def once(graph_given, **options):
        calls.append(options)
        return taken

    monkeypatch.setattr(viz.data, "snapshot", once)
    assert page_data(Silent()) == data
    assert len(calls) == 1


def test_betweenness_of_a_big_page_is_an_estimate_from_few_pivots(data):
    import networkx as nx

    from graph.analysis import SAMPLE_ABOVE, sample_size
    from graph.snapshot import pivots
    from viz.data import VIEW_PIVOTS

    big = nx.path_graph(SAMPLE_ABOVE + 500, create_using=nx.MultiDiGraph)
    assert sample_size(big.number_of_nodes(), big.number_of_edges()) > VIEW_PIVOTS
    assert pivots(big, VIEW_PIVOTS) == VIEW_PIVOTS
    assert {m["id"]: m["sample"] for m in data["metrics"]}["betweenness"] is None  # exact here


def test_layout_of_a_large_graph_uses_the_grid_and_stays_finite():
    import random

    from viz.layout import EXACT_LIMIT

    rng = random.Random(0)
    nodes = list(range(3000))
    assert len(nodes) > EXACT_LIMIT
    edges = [(rng.randrange(3000), rng.randrange(3000)) for _ in range(9000)]
    pos = layout(nodes, edges, seed=0)
    assert len(pos) == 3000 and all(math.isfinite(c) for p in pos.values() for c in p)
    assert len(set(pos.values())) > 2990


def test_grid_repulsion_approximates_the_exact_one():
    np = pytest.importorskip("numpy")
    from viz.layout import _repulsion_exact, _repulsion_grid

    pos = np.random.default_rng(1).uniform(-50, 50, size=(2500, 2))
    pos[:600] *= 0.2  # a dense core
    exact, approx = _repulsion_exact(pos), _repulsion_grid(pos)
    error = np.linalg.norm(exact - approx, axis=1) / np.linalg.norm(exact, axis=1)
    assert float(np.median(error)) < 0.01


# ---------------------------------------------------------------------------- the HTML page


@pytest.fixture(scope="module")
def html(kg) -> str:
    return render_html(kg)


def test_page_is_self_contained(html):
    blocks = parse(html)
    for attrs, _ in blocks.scripts:
        assert "src" not in attrs
    assert blocks.tags["link"] == 0 and blocks.tags["iframe"] == 0 and blocks.tags["img"] == 0
    assert "https://cdn" not in html and "cdnjs" not in html and "unpkg" not in html
    assert "connect-src 'none'" in blocks.csp and "default-src 'none'" in blocks.csp
    code = [text for attrs, text in blocks.scripts if "type" not in attrs]
    assert len(code) == 2 and "vis.Network" in code[1] and "window.network" in code[1]


def test_script_hashes_in_the_policy_match_the_scripts(html):
    import base64
    import hashlib

    allowed = set(re.findall(r"'sha256-([^']+)'", parse(html).csp))
    code = [text for attrs, text in parse(html).scripts if "type" not in attrs]
    digests = {base64.b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in code}
    assert digests == allowed


def test_data_blocks_round_trip(kg, html, data):
    blocks = {attrs.get("id"): text for attrs, text in parse(html).scripts}
    nodes = json.loads(blocks["kg-nodes"])
    edges = json.loads(blocks["kg-edges"])
    options = json.loads(blocks["kg-options"])
    meta = json.loads(blocks["kg-data"])
    assert [n["id"] for n in nodes] == [n["id"] for n in data["nodes"]]
    assert [e["id"] for e in edges] == [e["id"] for e in data["edges"]]
    assert options["physics"]["enabled"] is False
    assert options["layout"]["improvedLayout"] is False
    assert meta["sentences"] == data["sentences"]
    assert all("x" in n and "y" in n for n in nodes)
    assert all(e["arrows"] == ("" if e["symmetric"] else "to") for e in edges)


def test_hostile_strings_cannot_leave_their_blocks(hostile):
    html = render_html(hostile, title="</title><script>window.__pwned='title'</script>")
    blocks = parse(html)
    # 4 JSON blocks + vis-network + the viewer, and the SPARQL engine's 3 (viz/engine.py)
    assert len(blocks.scripts) == 6 + 3
    assert blocks.tags["img"] == 0 and blocks.tags["svg"] == 0 and blocks.tags["iframe"] == 0
    data_text = "".join(text for attrs, text in blocks.scripts if attrs.get("type"))
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    assert "<title>&lt;/title&gt;&lt;script&gt;" in html
    nodes = json.loads(next(t for a, t in blocks.scripts if a.get("id") == "kg-nodes"))
    assert any("<script>window.__pwned='label-de'" in n["label_de"] for n in nodes)


def test_script_json_escapes_everything_html_could_read():
    text = script_json({"a": "</script><!--<b>&amp;\u2028"})
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--<b>&amp;\u2028"}


def test_viewer_code_never_parses_strings_as_html():
    code = (ROOT / "viz" / "static" / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "srcdoc", ".html("):
        assert sink not in code, sink


def test_page_is_deterministic(kg, html):
    assert render_html(kg) == html


def test_render_writes_one_file_and_nothing_else(kg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = render(kg, tmp_path / "sub.html", relations=["exiledWith"], lang="de", title="T")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub.html"]
    text = out.read_text(encoding="utf-8")
    assert "<title>T</title>" in text and '<html lang="de">' in text


def test_render_without_a_path_writes_to_the_temporary_folder(kg, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = render(kg, relations=["exiledWith"])
    assert out.parent == tmp_path / "tmp" and out.suffix == ".html"
    assert [p.name for p in tmp_path.iterdir()] == ["tmp"]


def test_pyvis_network_holds_the_graph(data):
    net = build_network(data)
    assert net.num_nodes() == len(data["nodes"]) and net.num_edges() == len(data["edges"])
    assert net.heading == "stalin-kg viewer"
    stalin = next(n for n in net.nodes if n["id"].endswith("/Stalin"))
    assert stalin["label"] == "Joseph Stalin" and stalin["shape"] == "dot"


def test_notebook_display(kg, monkeypatch, tmp_path):
    frame = notebook_html("<p>\"a\" & b</p>", height=200)
    assert frame.startswith('<iframe srcdoc="&lt;p&gt;&quot;a&quot; &amp; b&lt;/p&gt;"')
    assert "200px" in frame
    assert 'sandbox="allow-scripts' in frame and "allow-same-origin" not in frame
    monkeypatch.setitem(sys.modules, "IPython", None)  # as if IPython were not installed
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    monkeypatch.chdir(tmp_path)
    view = viz.show_in_notebook(kg, relations=["exiledWith"], height=300, where="file")
    assert isinstance(view, viz.NotebookFrame)
    assert view._repr_html_().startswith('<iframe src="stalin-kg-views/view-')


def test_open_in_browser_uses_a_file_url(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    assert viz.open_in_browser(tmp_path / "x.html") is True
    assert opened == [(tmp_path / "x.html").resolve().as_uri()]


# ---------------------------------------------------------------------------- generator


def test_generator_is_deterministic_and_sized():
    gen = bench_module("generate")
    text = gen.generate(40, 100, seed=2)
    assert text == gen.generate(40, 100, seed=2) != gen.generate(40, 100, seed=3)
    stats = gen.generate_stats(40, 100, seed=2)
    assert stats["entities"] == 40 and stats["edges"] == 100
    assert text.count(" a rdf:Statement") == stats["edges"] + stats["facts"]
    assert "synthetic-" in text


def test_generated_graph_passes_the_model(tmp_path):
    from graph.check import check_report

    gen = bench_module("generate")
    path = tmp_path / "synthetic.ttl"
    path.write_text(gen.generate(60, 150, seed=5), encoding="utf-8")
    report = check_report([path])
    assert report.ok, "\n".join(map(str, report.problems[:10]))
    kg = graph.load(path)
    assert len(kg.entities) == 60
    assert all(iri.rsplit("/", 1)[1].startswith("synthetic-") for iri in kg.entities)
    known = {r.name for r in kg.relation_catalogue.values()}
    assert {s.relation_name for s in kg.statements} <= known
    data = page_data(kg)
    assert data["meta"]["counts"]["edges"] == 150
    en = {n["label_en"] for n in data["nodes"]}
    de = {n["label_de"] for n in data["nodes"]}
    assert en != de  # transliterations differ


def test_generator_aims_at_a_triple_count():
    gen = bench_module("generate")
    nodes, edges = gen._size_for(20_000)
    assert edges == 3 * nodes
    assert abs(gen.generate_stats(nodes, edges)["triples"] - 20_000) < 1_500


def test_generator_command_line(tmp_path):
    gen = bench_module("generate")
    out = tmp_path / "g.ttl"
    assert gen.main(["--nodes", "20", "--edges", "30", "--seed", "1", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == gen.generate(20, 30, 1)
