"""The data the viewer page shows, prepared from a :class:`~graph.KnowledgeGraph`.

The graph is read once, by :func:`graph.snapshot.snapshot`; everything here transforms that
:class:`~graph.snapshot.Snapshot` (plain records: statements, entities, sentences, metrics)
into the page's JSON.

:func:`page_data` returns plain JSON-ready dicts and lists, the same for the same graph and
options (sorted, no timestamps):

``nodes``
    one per entity: ``id`` (IRI), ``curie``, ``type``, ``label_de``, ``label_en``,
    ``aliases``, ``description_de``/``_en``, ``wikidata`` (``{"id", "url"}``, an https link
    built here from a checked Q-number, or None), ``facts`` (dated facts about the entity
    with their evidence), ``degree``, ``size``, ``years`` (the years it exists in,
    ``[first, last]``, either None when open, or None when undated: from
    :func:`graph.project.existence_years`), ``metrics`` (``degree``, ``betweenness`` and
    ``community`` from :func:`graph.analysis.node_metrics` over the page's graph), ``looks``
    (by metric, ``[size, bin]``: how big it is drawn and its entry in that metric's legend)
    and the pre-computed position ``x``/``y``;
``edges``
    one per statement: ``id`` (statement IRI), ``from``, ``to``, ``relation`` (local name),
    ``symmetric``, ``start``/``end``/``point`` dates, ``span`` (as text), ``years``: the
    years it holds in, ``[first, last]`` (``last`` None when open; None when undated), from
    :func:`graph.project.holding_span` (the rule of ``as_of``, so the page's time slider only
    looks the years up), ``sentence``, ``quote``, and its basis: ``basis`` (one of
    :data:`graph.model.BASES`), ``inferred_part`` (``"relation"``, ``"date"`` or None),
    ``claimant`` (who makes a reported claim: ``{"id", "curie", "label_de", "label_en"}``, or
    None) and ``note`` (the curator's explanation); when the graph has several sources, also
    ``source`` (the document its sentence is part of, an id in ``meta.sources``),
    ``sentence_ref`` (``ID:N`` for a sentence of a source other than the Stalin article) and
    ``cites`` (every sentence it cites, when more than one); the dated ``facts`` of a node
    carry the same; an edge or fact that the source criticism is about also has ``criticisms``
    (:func:`criticism_data`: what the literature says instead, with the works cited; the key
    is absent when there is none: the criticism is shown beside the claim, never as one);
``sentences``
    the full text of every sentence an edge or fact cites, by number (as a string), and
    ``sentence_sources``, the source document each comes from (an id in ``meta.sources``);
``reading``
    every sentence of the sources, cited or not, in order, for the page's reading view:
    ``number``, ``source`` and ``segments``, the sentence cut at the ends of the quotes of the
    page's edges and facts that cite it, ``[text, [statement IRIs whose quote covers it]]``
    (:func:`quote_segments`); ``unquoted`` lists ``[statement IRI, quote]`` where the quote is
    not found verbatim in the sentence;
``metrics``
    what nodes can be sized and coloured by (:data:`METRICS`): each with its labels and
    ``bins``, the legend entries (colour, labels, count) that nodes' ``looks`` point into,
    and ``sample``: for betweenness on a big graph, how many pivots its estimate sampled
    (:data:`VIEW_PIVOTS`), else None (exact);
``relations``, ``types`` and ``bases``
    the catalogues for the legend and filters, with labels in both languages (a relation also
    with its inverse labels ``inverse_de``/``inverse_en``, read from the object's side), counts
    and styles (colours; for a basis, the line it is drawn with, :data:`BASIS_STYLES`);
``search``
    what the search box matches, normalised by :func:`search_key` (the page normalises what is
    typed the same way): ``entities``, ``[id, [keys]]`` for every node (its labels, aliases
    and local name); ``statements``, ``[id, key]``, the quoted words of every edge; and
    ``sentences``, the key of each sentence's full text, by number (as a string);
``messages``
    the words of the page (its buttons, legends, hints and status lines) in each language of
    :data:`graph.messages.LANGS`, by key: :func:`graph.messages.catalogue` ``(lang, "page.")``;
``meta``
    title, language, filters used (``as_of``, ``relations``, ``types``, ``basis``), the ``year`` the time slider opens at (None:
    off), the year range, ``counts`` (``nodes``; ``statements``, which are ``edges``, between
    two entities, plus ``facts``, dated facts about one entity, shown in its panel and used by
    the time slider), the sources cited with their licences, ``csv_columns``: the columns
    of the page's "relations in view" CSV (:data:`CSV_COLUMNS`), and ``version``: the graph's
    version (a release's, or "working copy"), with a statement's ``id``, ``source`` and
    ``sentence`` what its citation needs (:func:`graph.release.citation`), and
    ``citations``: that citation's text by source and language with the statement's parts
    left to fill in (:func:`graph.release.citation_templates`), for "cite this statement".

Which statements are included is decided by :func:`graph.project.to_networkx` (the same
``relations``, ``types``, ``as_of`` and ``basis`` filters), so the page and the Python API agree.

>>> import graph
>>> data = page_data(graph.load(), relations=["exiledWith"])
>>> [(e["relation"], e["sentence"], e["symmetric"]) for e in data["edges"]]
[('exiledWith', 8, True)]
>>> sorted(n["label_de"] for n in data["nodes"])
['Josef Stalin', 'Kamenew']
>>> data["sentences"]["8"][:40]
'Stalin war mit Kamenew zusammen in der V'
>>> edge = page_data(graph.load(), relations=["provedIncapableOfLeading"])["edges"][0]
>>> edge["basis"], edge["claimant"]["label_en"], edge["inferred_part"]
('reported', 'Anton Antonov-Ovseyenko', None)
"""

from __future__ import annotations

import colorsys
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from graph.criticism import Criticism
from graph.export import CSV_COLUMNS as EXPORT_CSV_COLUMNS
from graph.messages import LANGS, catalogue, message
from graph.model import (
    BASES,
    KINDS,
    Entity,
    Relation,
    Sentence,
    Statement,
    date_order,
    parse_date,
)
from graph.names import normalise as search_key  # the one normaliser, which the page shares
from graph.namespaces import BASE
from graph.project import existence_years, holding_span
from graph.snapshot import Labels, Snapshot, Source, snapshot
from graph.sources import sentence_ref
from graph.terms import local_name
from graph.terms import short as curie

from .layout import label_lines
from .layout_cache import cached_layout as layout  # computed once per graph, kept on disk

if TYPE_CHECKING:
    from graph.access import GraphAccess
    from graph.analysis import NodeMetrics

    from .page_types import PageOpened

__all__ = [
    "BASIS_STYLES",
    "COMMUNITY_COLOURS",
    "CSV_COLUMNS",
    "METRICS",
    "OTHER_STYLE",
    "RAMP",
    "TYPE_STYLES",
    "page_data",
    "quote_segments",
    "relation_colour",
    "safe_link",
    "search_key",
    "wikidata_link",
]

#: Colour and vis-network shape of each entity type, in legend order (graph.model.KINDS).
TYPE_STYLES: dict[str, dict[str, str]] = {
    "Person": {"color": "#4e79a7", "shape": "dot"},
    "Group": {"color": "#76b7b2", "shape": "hexagon"},
    "Organisation": {"color": "#f28e2b", "shape": "square"},
    "State": {"color": "#e15759", "shape": "diamond"},
    "Place": {"color": "#59a14f", "shape": "triangle"},
    "Event": {"color": "#edc948", "shape": "star"},
    "Position": {"color": "#b07aa1", "shape": "triangleDown"},
    "Document": {"color": "#9c755f", "shape": "square"},
}
#: The style of an entity whose type is none of the above.
OTHER_STYLE: dict[str, str] = {"color": "#8c8c8c", "shape": "dot"}
#: How an edge of each basis (graph.model.BASES) is drawn, in vis-network's terms: ``dashes``
#: (False: a solid line; else dash and gap lengths in pixels) and ``width``. Stated: solid;
#: inferred by the curator: dotted; reported (someone's claim): dash-dot. Whatever the basis, an
#: undated relation in the "as of" view is drawn paler (the page's time filter).
BASIS_STYLES: dict[str, dict[str, Any]] = {
    "stated": {"dashes": False, "width": 1.5},
    "inferred": {"dashes": [1, 5], "width": 2.5},
    "reported": {"dashes": [10, 6, 1, 6], "width": 2.5},
}

#: What the page can size and colour nodes by, with labels (en, de): ``type`` is the default
#: look (colour by type, size by statements); the others come from
#: :func:`graph.analysis.node_metrics`.
METRICS: dict[str, tuple[str, str]] = {
    "type": (message("viz.metricType", "en"), message("viz.metricType", "de")),
    "degree": (message("viz.metricDegree", "en"), message("viz.metricDegree", "de")),
    "betweenness": (message("viz.metricBetweenness", "en"),
                    message("viz.metricBetweenness", "de")),
    "community": (message("viz.metricCommunity", "en"), message("viz.metricCommunity", "de")),
}
#: The colours of a metric's bins, low to high (a sequential scale, readable on white).
RAMP = ("#fde0a2", "#f9a65a", "#e0603a", "#a8324f", "#5c1f5e")
#: The colours of the largest communities, largest first; the rest share the last one, grey.
COMMUNITY_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                     "#1f78b4", "#a6761d", "#fb9a99", "#17becf", "#bdbdbd")
_BINS = len(RAMP)

#: The columns of the page's CSV of the relations in view, one row per edge: those of
#: ``kg export --format csv``, with labels in the page's language.
CSV_COLUMNS: tuple[str, ...] = EXPORT_CSV_COLUMNS

_QID = re.compile(r"Q[1-9][0-9]{0,11}")
#: Betweenness on a page above graph.analysis.SAMPLE_ABOVE nodes is estimated from this many
#: sampled pivots at most (graph.analysis samples more by default; the page's legend says it is
#: an estimate, and from how many).
VIEW_PIVOTS = 32
_LICENCES = {
    "by-sa": "CC BY-SA",
    "by": "CC BY",
    "by-nc": "CC BY-NC",
    "by-nc-sa": "CC BY-NC-SA",
    "by-nd": "CC BY-ND",
}
#: The label font size in canvas pixels of most entities, and label wrapping width at that
#: size (vis-network ``widthConstraint.maximum``, scaled with a node's ``font``).
LABEL_FONT = 14.0
LABEL_WRAP = 150
#: Bigger label fonts for the most connected entities, so their names can be read in the first,
#: whole-graph view: (how many, font size), in rank order (degree, then name: the panel's "Most
#: connected" order). The page hides labels drawn smaller than 11 screen pixels, so the others
#: appear as one zooms in (viz.render.vis_options).
LABEL_TIERS: tuple[tuple[int, float], ...] = ((10, 26.0), (20, 18.0))
#: The height of a line, per pixel of font size (widths: :func:`viz.layout.text_width`).
_LINE_HEIGHT = 17 / 14


def safe_link(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or control characters, else None.

    >>> safe_link("https://www.wikidata.org/wiki/Q855")
    'https://www.wikidata.org/wiki/Q855'
    >>> safe_link("javascript:alert(1)") is None, safe_link("https://x.org/a b") is None
    (True, True)
    """
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 or c in "<>\"'`" for c in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def wikidata_link(qid: str | None) -> dict[str, str] | None:
    """The Wikidata page of a Q-number, or None when ``qid`` is not one.

    >>> wikidata_link("Q855")
    {'id': 'Q855', 'url': 'https://www.wikidata.org/wiki/Q855'}
    >>> wikidata_link("javascript:alert(1)") is None
    True
    """
    if not qid or not _QID.fullmatch(qid):
        return None
    return {"id": qid, "url": f"https://www.wikidata.org/wiki/{qid}"}


def relation_colour(index: int) -> str:
    """A colour for the ``index``-th relation: hues a golden angle apart, dark enough on white.

    >>> relation_colour(0), relation_colour(1)
    ('#a62b2b', '#2b4fa6')
    """
    hue = (index * 0.618033988749895) % 1.0
    r, g, b = colorsys.hls_to_rgb(hue, 0.41, 0.59)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (r, g, b)))


def _node_size(degree: int) -> float:
    return round(min(10 + 3.2 * math.sqrt(degree), 34), 1)


def _label_box(label: str, size: float, font: float = LABEL_FONT) -> tuple[float, float, float]:
    """The box a node of radius ``size`` and its label below it (at ``font`` pixels) need:
    (width, height, dy), centred ``dy`` pixels below the node's centre.

    >>> _label_box("Joseph Stalin", 34.0, 24.0)
    (155.0, 104.1, 16.1)
    """
    # vis-network breaks a label a node's margin (5 px) each side short of its maximum width
    lines = label_lines(label, font, LABEL_WRAP * font / LABEL_FONT - 10)
    top, bottom = -size - 2, size + 5 + len(lines) * _LINE_HEIGHT * font
    return (round(max(max(lines), 2 * size), 1), round(bottom - top, 1),
            round((top + bottom) / 2, 1))


def _label_fonts(nodes: list[dict[str, Any]], lang: str) -> dict[str, float]:
    """The label font size of each node (by id): :data:`LABEL_TIERS` for the most connected,
    in the order of the page's "Most connected" list (degree, then name), else LABEL_FONT.

    >>> _label_fonts([{"id": "a", "degree": 1, "label_en": "A"},
    ...               {"id": "b", "degree": 7, "label_en": "B"}], "en")
    {'b': 26.0, 'a': 26.0}
    """
    ranked = sorted(nodes, key=lambda n: (-n["degree"], n[f"label_{lang}"], n["id"]))
    sizes = [font for count, font in LABEL_TIERS for _ in range(count)]
    return {n["id"]: sizes[i] if i < len(sizes) else LABEL_FONT for i, n in enumerate(ranked)}


def _named(labels: Mapping[str, Labels], iri: str, name: str) -> dict[str, str]:
    """``label_de``, ``label_en`` and ``comment`` of a vocabulary term (labels as
    :class:`graph.snapshot.Snapshot` holds them); the name stands in for a missing label."""
    de, en, comment = labels.get(iri, ("", "", ""))
    return {"label_de": de or en or name, "label_en": en or de or name, "comment": comment}


def _sources(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """The source documents as the page lists them, their links checked (:func:`safe_link`)."""
    out = []
    for src in sources:
        licence_url = safe_link(src.licence) if src.licence is not None else None
        out.append({
            "id": src.iri,
            "label_de": src.label_de,
            "label_en": src.label_en,
            "url": safe_link(src.url) if src.url is not None else None,
            "licence": _licence_name(licence_url),
            "licence_url": licence_url,
        })
    return out


def _sentence_sources(sentences: Iterable[Sentence]) -> dict[str, str]:
    """The source document of each sentence, by sentence number (as a string); of two
    sentences with one number, the least source.

    >>> _sentence_sources([Sentence("s", 8, "…", "b"), Sentence("t", 8, "…", "a"),
    ...                    Sentence("u", None, "…", "c"), Sentence("v", 9, "…", None)])
    {'8': 'a'}
    """
    out: dict[str, str] = {}
    for s in sentences:
        if s.number is not None and s.source is not None:
            key = str(s.number)
            out[key] = min(s.source, out.get(key, s.source))
    return out


def _licence_name(url: str | None) -> str | None:
    """``CC BY-SA 4.0`` for a Creative Commons licence URL, else the URL itself."""
    if url is None:
        return None
    m = re.search(r"creativecommons\.org/licenses/([a-z-]+)/([0-9.]+)", url)
    if m and m.group(1) in _LICENCES:
        return f"{_LICENCES[m.group(1)]} {m.group(2)}"
    return url


def _check_lang(lang: str) -> str:
    if lang not in ("de", "en"):
        raise ValueError(message("viz.badLang", given=repr(lang)))
    return lang


def page_data(
    kg: GraphAccess,
    *,
    as_of: int | None = None,
    year: int | None = None,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    lang: str = "en",
    title: str | None = None,
    seed: int = 0,
    basis: Iterable[str] | None = None,
    served: str | None = None,
    opens: str | None = None,
    opened: PageOpened | None = None,
) -> dict[str, Any]:
    """Everything the viewer page needs, as JSON-ready data (see the module docstring).

    ``relations``, ``types``, ``as_of`` and ``basis`` select the statements as
    :func:`graph.project.to_networkx` does (an unknown relation or type raises
    :class:`~graph.LookupFailed`, an unknown basis ``ValueError``): ``basis=["stated"]`` keeps
    only what the quoted words themselves say, for edges and dated facts alike; ``year`` is the year the page's time slider opens at, with
    every statement kept (default: ``as_of``, else the slider starts off); ``lang`` (``de`` or
    ``en``) is the language the page opens in and lays out labels for; ``seed`` fixes the
    layout. ``served`` is the address of the server that sends the page, where the project's
    IRIs have their pages (``"/"`` for its own paths, or its ``base_url``): the page's panel then
    links an IRI to its page (``meta.served``); None (a page written to a file) links to none.
    ``opens``: where that server checks and draws a file of the user's (``meta.served.open``;
    ``kg serve``'s ``/open``), ``opened``: the user's own file this page draws and what
    ``kg check`` found in it (``meta.opened``, which the page lists).

    >>> import graph
    >>> kg = graph.load()
    >>> data = page_data(kg, year=1927)
    >>> stalin = next(n for n in data["nodes"] if n["curie"] == "person:Stalin")
    >>> stalin["wikidata"]["url"], stalin["type"], "Stalin" in stalin["aliases"]
    ('https://www.wikidata.org/wiki/Q855', 'Person', True)
    >>> [(f["relation"], f["value"], f["sentence"]) for f in stalin["facts"]]
    [('dateOfDeath', '1953', 1)]
    >>> data["meta"]["year"], data["meta"]["as_of"], len(data["edges"]) == len(kg.to_networkx().edges)
    (1927, None, True)
    >>> [b["id"] for b in data["bases"]], sum(b["count"] for b in data["bases"]) == len(data["edges"])
    (['stated', 'inferred', 'reported'], True)
    >>> stated = page_data(kg, basis=["stated"])
    >>> {e["basis"] for e in stated["edges"]}, stated["meta"]["basis"]
    ({'stated'}, ['stated'])
    >>> next(n for n in stated["nodes"] if n["curie"] == "person:Stalin")["facts"]  # his death is inferred
    []
    >>> served = page_data(kg, relations=["exiledWith"], served="/")["meta"]["served"]
    >>> data["meta"]["served"], served["root"], served["sentences"]["8"]
    (None, '/', 'https://w3id.org/stalin-kg/sentence/08')
    """
    lang = _check_lang(lang)
    chosen = None if basis is None else [basis] if isinstance(basis, str) else list(basis)
    snap = snapshot(kg, relations=relations, types=types, as_of=as_of, basis=chosen, seed=seed,
                    max_pivots=VIEW_PIVOTS)
    page = _page(snap, as_of=as_of, year=year, relations=relations, types=types, lang=lang,
                 title=title, seed=seed, chosen=chosen)
    if served is not None:  # the sentences' IRIs, for the links to their pages
        page["meta"]["served"] = {"base": BASE, "root": served, "sentences": _by_number({
            sentence_ref(st.sentence_iri, st.sentence): st.sentence_iri
            for st in [*snap.facts, *snap.edges] if st.sentence is not None and st.sentence_iri}),
            "open": opens}
    else:
        page["meta"]["served"] = None
    page["meta"]["opened"] = opened
    return page


def _page(
    snap: Snapshot, *, as_of: int | None, year: int | None, relations: Iterable[str] | None,
    types: Iterable[str] | None, lang: str, title: str | None, seed: int,
    chosen: list[str] | None,
) -> dict[str, Any]:
    """:func:`page_data` from the graph's :class:`~graph.snapshot.Snapshot`."""
    facts = snap.facts
    sentences = _sentence_map(
        [(st.sentence, st.sentence_text) for st in facts]
        + [(st.sentence, st.sentence_text) for st in snap.edges]
    )
    citing = _citing(snap)
    edges = [{**_edge(snap, st, sentences), **citing(st)} for st in snap.edges]
    nodes = _placed(_nodes(snap, _facts(snap.entities, facts, sentences, citing)), edges, lang,
                    seed)
    _with_criticisms(snap.criticisms, [*edges, *(f for n in nodes for f in n["facts"])])
    metrics = _metrics(snap.metrics, snap.pivots, nodes)
    sources = _sentence_sources(snap.sentences)
    cited = {key: source for key, source in sources.items() if key in sentences}
    reading = _reading(snap.sentences, sources, [*edges, *(f for n in nodes for f in n["facts"])])
    shown = set(cited.values()) | {r["source"] for r in reading} | {
        e["source"] for e in [*edges, *(f for n in nodes for f in n["facts"])] if e.get("source")}
    return {
        "meta": {
            "title": title or message("viz.title", lang),
            "lang": lang,
            "as_of": as_of,
            "year": year if year is not None else as_of,
            "relations": sorted({r.removeprefix("rel:") for r in relations}) if relations else None,
            "types": sorted(types) if types else None,
            "basis": [b for b in BASES if b in chosen] if chosen is not None else None,
            "years": _year_range(nodes, edges),
            "counts": {"nodes": len(nodes), "edges": len(edges), "facts": len(facts),
                       "statements": len(edges) + len(facts)},
            "sources": [src for src in _sources(snap.sources) if src["id"] in shown],
            "csv_columns": list(CSV_COLUMNS),
            "version": snap.version,
            "citations": {src: dict(by_lang) for src, by_lang in snap.citations.items()},
        },
        "types": _type_list(snap.kind_labels, nodes),
        "metrics": metrics,
        "relations": _relation_list(snap.relations, edges),
        "bases": _basis_list(snap.basis_labels, edges),
        "nodes": nodes,
        "edges": edges,
        "sentences": _by_number(sentences),
        "sentence_sources": _by_number(cited),
        "reading": reading,
        "search": _search_index(nodes, edges, sentences),
        "messages": {code: catalogue(code, "page.") for code in LANGS},
    }


def _search_index(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], sentences: Mapping[str, str]
) -> dict[str, Any]:
    """What the search box matches (the module docstring's ``search``): each entity's distinct
    name keys, each edge's quote key and each sentence's key.

    >>> import graph
    >>> index = page_data(graph.load(), relations=["exiledWith"])["search"]
    >>> index["entities"][1]
    ['https://w3id.org/stalin-kg/person/Kamenew', ['kamenew', 'kamenev', 'lev kamenev', 'lew kamenew']]
    >>> index["statements"][0][1]
    'stalin war mit kamenew zusammen in der verbannung gewesen'
    """
    entities = []
    for n in nodes:
        names = [n["label_de"], n["label_en"], local_name(n["id"]), *n["aliases"]]
        keys = list(dict.fromkeys(k for name in names if name and (k := search_key(name))))
        entities.append([n["id"], keys])
    return {
        "entities": entities,
        "statements": [[e["id"], search_key(e["quote"] or "")] for e in edges],
        "sentences": {key: search_key(text) for key, text in _by_number(sentences).items()},
    }


def _sentence_map(cited: Iterable[tuple[int | None, str | None]]) -> dict[str, str]:
    """The text of each sentence number cited, by number as a string; the first text wins.

    >>> _sentence_map([(8, "a"), (None, "b"), (8, "c"), (9, None)])
    {'8': 'a'}
    """
    out: dict[str, str] = {}
    for number, text in cited:
        if number is not None and text is not None:
            out.setdefault(str(number), text)
    return out


def _own_text(
    sentences: Mapping[str, str], number: int | None, text: str | None
) -> dict[str, str]:
    """``{"sentence_text": text}`` when ``text`` is not the page's text of that number, else {}."""
    if number is None or text is None or sentences.get(str(number)) == text:
        return {}
    return {"sentence_text": text}


def _basis(entities: Mapping[str, Entity], st: Statement) -> dict[str, Any]:
    """What a statement rests on: ``basis``, ``inferred_part``, ``claimant`` (with its curie and
    labels, from ``entities``; an IRI that names no entity is its own label) and the curator's
    ``note``.

    >>> import graph
    >>> kg = graph.load()
    >>> (st,) = [s for s in kg.statements if s.iri.endswith("s09-kamenew-allegedlyBetrayedTo-provisorischeregierung")]
    >>> b = _basis(kg.entities, st)
    >>> b["basis"], b["claimant"]["curie"], b["claimant"]["label_de"], b["note"][:22]
    ('reported', 'person:Lenin', 'Lenin', 'Reported speech in the')
    """
    claimant = None
    if st.claimant is not None:
        who = entities.get(st.claimant)
        short = curie(st.claimant)
        claimant = {"id": st.claimant, "curie": short,
                    "label_de": who.label("de") if who else short,
                    "label_en": who.label("en") if who else short}
    return {"basis": st.basis, "inferred_part": st.inferred_part, "claimant": claimant,
            "note": st.note}


def _citing(snap: Snapshot) -> Callable[[Statement], dict[str, Any]]:
    """Where a statement's evidence comes from when the graph has several sources: ``source``
    (an id in ``meta.sources``), ``sentence_ref`` (``ID:N``, :func:`graph.sources.sentence_ref`)
    and ``cites`` (every sentence it cites, when more than one); nothing for one source."""
    source_of = {s.iri: s.source for s in snap.sentences}
    if len(snap.sources) < 2:
        return lambda st: {}

    def citing(st: Statement) -> dict[str, Any]:
        out: dict[str, Any] = {"source": source_of.get(st.sentence_iri or ""),
                               "sentence_ref": sentence_ref(st.sentence_iri, st.sentence)}
        if st.cited_sentences:
            out["cites"] = [sentence_ref(iri) for iri in st.cited_sentences]
        return out

    return citing
def criticism_data(c: Criticism) -> dict[str, Any]:
    """One criticism of the source as the page shows it: ``id``, ``verdict`` (``wrong`` or
    ``disputed``), ``sentence``, ``words`` (what the source says), ``says_de``/``says_en``
    (what the literature says instead) and ``references``, each ``{"citation", "url"}`` (the
    URL only when it is a safe http(s) link).

    >>> import graph
    >>> d = criticism_data(graph.load().criticisms[0])
    >>> d["verdict"], d["words"], d["references"][0]["citation"][:24]
    ('wrong', 'am 20. Oktober 1919 verlassen', 'Kotkin, Stephen (2014): ')
    """
    return {
        "id": c.iri, "verdict": c.verdict, "sentence": c.sentence, "words": c.words,
        "says_de": c.says("de"), "says_en": c.says("en"),
        "references": [{"citation": r.citation(url=False), "url": safe_link(r.link)}
                       for r in c.references],
    }


def _with_criticisms(criticisms: Iterable[Criticism], items: Iterable[dict[str, Any]]) -> None:
    """Give each page edge or fact (by its ``id`` or ``statement``) the criticisms of its
    statement, as ``criticisms``; none: no key."""
    by_statement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in criticisms:
        data = criticism_data(c)
        for st in c.statements:
            by_statement[st].append(data)
    for item in items:
        found = by_statement.get(item.get("statement") or item.get("id") or "")
        if found:
            item["criticisms"] = found


def _facts(
    entities: Mapping[str, Entity], statements: Iterable[Statement], sentences: Mapping[str, str],
    citing: Callable[[Statement], dict[str, Any]] = lambda st: {},
) -> dict[str, list[dict[str, Any]]]:
    """The dated facts about each subject with their evidence and basis, by subject IRI."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for st in statements:
        out[st.subject].append({
            "statement": st.iri,
            "relation": st.relation_name,
            "value": str(st.object),
            "sentence": st.sentence,
            "quote": st.quote,
            **_basis(entities, st),
            **_own_text(sentences, st.sentence, st.sentence_text),
            **citing(st),
        })
    return out


def _edge(snap: Snapshot, st: Statement, sentences: Mapping[str, str]) -> dict[str, Any]:
    """One page edge: the statement's relation and dates (as :func:`graph.project.edge_attributes`
    gives them), the years it holds in, its evidence."""
    years = holding_span(st, snap.entities[st.subject]).years()
    rel = snap.relations.get(st.relation)
    span = st.span
    return {
        "id": st.iri,
        "from": st.subject,
        "to": str(st.object),
        "relation": st.relation_name,
        "symmetric": bool(rel and rel.symmetric),
        "start": str(span.start) if span.start is not None else None,
        "end": str(span.end) if span.end is not None else None,
        "point": str(span.point) if span.point is not None else None,
        "span": str(span),
        "years": list(years) if years else None,
        "sentence": st.sentence,
        "quote": st.quote,
        **_basis(snap.entities, st),
        **_own_text(sentences, st.sentence, st.sentence_text),
    }


def _nodes(snap: Snapshot, facts: Mapping[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One page node for each entity of the snapshot, by type (legend order), then German label.

    ``facts`` are the dated facts the page shows, with their evidence; an entity's other facts
    are listed without evidence unless the snapshot's ``backed`` (subject, relation) says they
    have a statement, which the filters left out."""
    kind_order = {name: i for i, name in enumerate(KINDS.values())}
    entities = snap.entities
    degree: Counter[str] = Counter()
    for st in snap.edges:
        degree[st.subject] += 1
        degree[str(st.object)] += 1

    def order(iri: str) -> tuple[int, str, str]:
        e = entities[iri]
        return (kind_order.get(e.kind, 99), e.label_de.casefold(), iri)

    backed: dict[str, set[str]] = defaultdict(set)  # (one pass: a scan per node is quadratic)
    for subject, name in snap.backed:
        backed[subject].add(name)
    fact_relations = {r.name: r for r in snap.relations.values()}
    nodes = []
    for iri in sorted(snap.nodes, key=order):
        e = entities[iri]
        nodes.append({
            "id": iri,
            "curie": curie(iri),
            "type": e.kind,
            "label_de": e.label_de,
            "label_en": e.label_en,
            "aliases": sorted(set(e.aliases), key=lambda a: (a.casefold(), a)),
            "description_de": e.description_de,
            "description_en": e.description_en,
            "wikidata": wikidata_link(e.wikidata),
            "facts": _in_order(_with_unbacked(facts.get(iri, []), e.facts, backed[iri]),
                               fact_relations),
            "degree": degree[iri],
            "size": _node_size(degree[iri]),
            "years": list(years) if (years := existence_years(e)) else None,
        })
    return nodes


def _with_unbacked(
    shown: list[dict[str, Any]], values: Mapping[str, str], backed: set[str]
) -> list[dict[str, Any]]:
    """``shown`` facts, then an entity's facts (``values``, by relation name) that have no
    statement node at all (no evidence, no basis); facts in ``backed`` have one.

    >>> _with_unbacked([], {"dateOfDeath": "1953", "date": "1917"}, {"date"})[0]["relation"]
    'dateOfDeath'
    """
    names = {f["relation"] for f in shown} | backed
    return [*shown, *(
        {"statement": None, "relation": name, "value": value, "sentence": None, "quote": "",
         "basis": None, "inferred_part": None, "claimant": None, "note": None}
        for name, value in sorted(values.items()) if name not in names
    )]


def _in_order(
    facts: list[dict[str, Any]], relations: Mapping[str, Relation]
) -> list[dict[str, Any]]:
    """``facts`` named as the vocabulary names their relation (``label_de``, ``label_en``: the
    relation's own name where the vocabulary lacks it), earliest first
    (:func:`graph.model.date_order`: a start before its end).

    >>> great_terror = [{"relation": "endDate", "value": "1938-12"},
    ...                 {"relation": "startDate", "value": "1936-09"}]
    >>> rel = {"startDate": Relation("", "startDate", "Beginndatum", "start date")}
    >>> [(f["label_en"], f["value"]) for f in _in_order(great_terror, rel)]
    [('start date', '1936-09'), ('endDate', '1938-12')]
    """
    def named(fact: dict[str, Any]) -> dict[str, Any]:
        r = relations.get(fact["relation"])
        return {**fact, "label_de": r.label_de if r else fact["relation"],
                "label_en": r.label_en if r else fact["relation"]}

    return [named(f) for f in sorted(facts, key=lambda f: date_order(f["value"]))]


def _placed(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], lang: str, seed: int
) -> list[dict[str, Any]]:
    """``nodes`` with their label ``font`` size and layout positions ``x``/``y``: label boxes
    in ``lang`` kept apart, edges kept off the nodes they do not link."""
    fonts = _label_fonts(nodes, lang)
    boxes = {n["id"]: _label_box(n[f"label_{lang}"], n["size"], fonts[n["id"]]) for n in nodes}
    positions = layout([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges],
                       seed=seed, boxes=boxes, radii={n["id"]: n["size"] for n in nodes})
    return [{**n, "font": fonts[n["id"]], "x": positions[n["id"]][0],
             "y": positions[n["id"]][1]} for n in nodes]


def _metrics(
    found: Mapping[str, NodeMetrics], pivots: int | None, nodes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The catalogue of :data:`METRICS` with each metric's legend ``bins``, from the metrics
    ``found`` for each node (``pivots``: how many the betweenness estimate sampled, None when
    exact); adds each node's ``metrics`` and ``looks`` (its size and bin under each metric) to
    ``nodes`` in place.

    >>> import graph
    >>> data = page_data(graph.load())
    >>> [m["id"] for m in data["metrics"]]
    ['type', 'degree', 'betweenness', 'community']
    >>> stalin = next(n for n in data["nodes"] if n["curie"] == "person:Stalin")
    >>> community = data["metrics"][3]["bins"][stalin["looks"]["community"][1]]
    >>> stalin["metrics"]["community"], community["label_en"]
    (0, 'around Joseph Stalin')
    >>> [b["count"] for b in data["metrics"][1]["bins"]][-1] < len(data["nodes"]) // 4
    True
    """
    by_id = {n["id"]: n for n in nodes}
    degree = _binned({iri: float(m.degree) for iri, m in found.items()}, "{:g}")
    between = _binned({iri: m.betweenness for iri, m in found.items()}, "{:.2g}")
    top = max(found.values(), key=lambda m: m.betweenness).betweenness if found else 0.0
    groups: dict[int, list[str]] = defaultdict(list)
    for iri, m in found.items():
        groups[min(m.community, len(COMMUNITY_COLOURS) - 1)].append(iri)
    community_bins = []
    for i in sorted(groups):
        hub = by_id[max(groups[i], key=lambda iri: (found[iri].degree, iri))]
        last = i == len(COMMUNITY_COLOURS) - 1 and len({found[x].community for x in groups[i]}) > 1
        community_bins.append({
            "color": COMMUNITY_COLOURS[i], "count": len(groups[i]),
            "label_en": message("viz.communityOthers", "en") if last
            else message("viz.communityAround", "en", name=hub["label_en"]),
            "label_de": message("viz.communityOthers", "de") if last
            else message("viz.communityAround", "de", name=hub["label_de"]),
        })
    bin_of_group = {group: k for k, group in enumerate(sorted(groups))}
    for n in nodes:
        m = found[n["id"]]
        n["metrics"] = {"degree": m.degree, "betweenness": round(m.betweenness, 4),
                        "community": m.community}
        n["looks"] = {
            "degree": [_node_size(m.degree), degree[1][n["id"]]],
            "betweenness": [round(10 + 24 * math.sqrt(m.betweenness / top), 1) if top else 10.0,
                            between[1][n["id"]]],
            "community": [n["size"], bin_of_group[min(m.community, len(COMMUNITY_COLOURS) - 1)]],
        }
    bins = {"type": [], "degree": degree[0], "betweenness": between[0], "community": community_bins}
    return [{"id": key, "label_en": en, "label_de": de, "bins": bins[key],
             "sample": pivots if key == "betweenness" else None}
            for key, (en, de) in METRICS.items()]


def _binned(
    values: Mapping[str, float], form: str
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Up to :data:`RAMP`'s length bins of ``values`` with about as many items each (equal
    values share a bin), low to high, as legend entries with ``RAMP`` colours, labelled with
    their range (``form`` formats a value); and the bin of each key.

    >>> bins, of = _binned({"a": 1, "b": 1, "c": 2, "d": 9}, "{:g}")
    >>> [(b["label_en"], b["count"], b["color"]) for b in bins], of["d"]
    ([('1', 2, '#fde0a2'), ('2', 1, '#f9a65a'), ('9', 1, '#e0603a')], 2)
    """
    ordered = sorted(values.values())
    ranges: list[tuple[float, float]] = []
    start = 0
    for i in range(1, _BINS + 1):
        if start >= len(ordered):
            break
        end = max(start, len(ordered) * i // _BINS - 1)
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end]:
            end += 1
        ranges.append((ordered[start], ordered[end]))
        start = end + 1
    of = {key: next(i for i, (_, high) in enumerate(ranges) if value <= high)
          for key, value in values.items()}
    counts = Counter(of.values())
    entries = []
    for i, (low, high) in enumerate(ranges):
        text = form.format(low) if low == high else f"{form.format(low)}–{form.format(high)}"
        entries.append({"color": RAMP[i], "count": counts[i], "label_en": text, "label_de": text})
    return entries, of


def _relation_list(
    relations: Mapping[str, Relation], edges: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The relations the edges use, most used first, with labels and colours; relations not in
    the vocabulary (``relations``, by IRI) last, in grey."""
    catalogue = relations.values()
    counts = Counter(e["relation"] for e in edges)
    colour_index = {name: i for i, name in enumerate(sorted(r.name for r in catalogue))}
    used = sorted((r for r in catalogue if counts[r.name]),
                  key=lambda r: (-counts[r.name], r.label_en.casefold()))
    known = {r.name for r in used}
    unknown = [Relation("", name, name, name) for name in sorted(set(counts) - known)]
    return [
        {"id": r.name, "iri": r.iri or None, "label_de": r.label_de, "label_en": r.label_en,
         "inverse_de": r.inverse_label("de"), "inverse_en": r.inverse_label("en"),
         "comment": r.comment, "symmetric": r.symmetric, "count": counts[r.name],
         "color": relation_colour(colour_index[r.name]) if r.iri else "#666666"}
        for r in [*used, *unknown]
    ]


def _basis_list(labels: Mapping[str, Labels], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every basis (graph.model.BASES order) with its labels and definition from the vocabulary
    (``labels``, by IRI), how many edges have it, and the line it is drawn with
    (:data:`BASIS_STYLES`)."""
    counts = Counter(e["basis"] for e in edges)
    iris = {b: next((iri for iri in labels if iri.endswith("#" + b.capitalize())), "")
            for b in BASES}
    return [{"id": b, **_named(labels, iris[b], b), "count": counts[b], **BASIS_STYLES[b]}
            for b in BASES]


def _type_list(labels: Mapping[str, Labels], nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity types the nodes have, in legend order, with labels (``labels``, by kind IRI),
    counts and styles."""
    counts = Counter(n["type"] for n in nodes)
    iris = {name: iri for iri, name in KINDS.items()}
    kinds = [*KINDS.values(), *sorted(set(counts) - set(KINDS.values()))]
    return [
        {"id": kind, **_named(labels, iris.get(kind, ""), kind), "count": counts[kind],
         **TYPE_STYLES.get(kind, OTHER_STYLE)}
        for kind in kinds
        if counts[kind]
    ]


def _year_range(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[int] | None:
    """[first, last] year any edge or fact mentions, for the slider; None when none does."""
    years = [y for e in edges if e["years"] for y in e["years"] if y is not None]
    years += [y.year for n in nodes for f in n["facts"] if (y := parse_date(f["value"]))]
    return [min(years), max(years)] if years else None


def _by_number(texts: Mapping[str, str]) -> dict[str, str]:
    """``texts`` ordered by sentence number (keys are numbers as strings)."""
    return dict(sorted(texts.items(), key=lambda kv: (len(kv[0]), kv[0])))


def _reading(
    sentences: Iterable[Sentence], sources: Mapping[str, str], items: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Every sentence of the graph with a text, in order, cut at the quotes of ``items``
    (page edges and facts: ``id`` or ``statement``, ``sentence``, ``quote``) that cite it.

    >>> import graph
    >>> data = page_data(graph.load(), relations=["exiledWith"])
    >>> len(data["reading"]), data["reading"][7]["number"]
    (25, 8)
    >>> [(text[:12], len(ids)) for text, ids in data["reading"][7]["segments"]]
    [('Stalin war m', 1), (', Sinowjew s', 0)]
    >>> data["reading"][0]["segments"][0][1]  # sentence 1: no statement of this page
    []
    """
    quotes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item in items:
        iri = item.get("statement") or item.get("id")
        if iri and item.get("sentence") is not None and item.get("quote"):
            quotes[int(item["sentence"])].append((str(iri), str(item["quote"])))
    texts: dict[int, str] = {}  # of two sentences with one number, the least text
    for sen in sentences:
        if sen.number is not None and sen.text is not None:
            texts[sen.number] = min(sen.text, texts.get(sen.number, sen.text))
    out: dict[int, dict[str, Any]] = {}
    for number, text in sorted(texts.items()):
        segments, unquoted = quote_segments(text, quotes.get(number, []))
        out[number] = {"number": number, "source": sources.get(str(number)),
                       "segments": segments, "unquoted": unquoted}
    return list(out.values())


def quote_segments(
    text: str, quotes: Iterable[tuple[str, str]]
) -> tuple[list[list[Any]], list[list[str]]]:
    """``text`` cut where the quotes (``(statement, quote)`` pairs) begin and end, each piece
    with the statements whose quote covers it (a quote's first verbatim occurrence, as the
    page's evidence marks it); and the ``[statement, quote]`` pairs not found verbatim.

    >>> quote_segments("Stalin und Kamenew", [("s1", "Stalin und"), ("s2", "und Kamenew"), ("s3", "Lenin")])
    ([['Stalin ', ['s1']], ['und', ['s1', 's2']], [' Kamenew', ['s2']]], [['s3', 'Lenin']])
    """
    spans: list[tuple[int, int, str]] = []
    missing: list[list[str]] = []
    for iri, quote in quotes:
        at = text.find(quote) if quote else -1
        if at < 0:
            missing.append([iri, quote])
        else:
            spans.append((at, at + len(quote), iri))
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    segments: list[list[Any]] = []
    for a, b in itertools.pairwise(cuts):
        covering = [iri for start, end, iri in spans if start <= a and b <= end]
        segments.append([text[a:b], list(dict.fromkeys(covering))])
    return segments, missing
