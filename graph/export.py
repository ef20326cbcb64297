"""Writing the graph out for other tools: Gephi, yEd, Cytoscape, spreadsheets, RDF stores.

Every format but the RDF ones writes the networkx projection (:func:`graph.project.to_networkx`);
the filters ``as_of``, ``relations``, ``types`` and ``basis`` mean what they mean there. Every
format carries each statement's basis (stated, inferred or reported), what of it was inferred,
who claims it and the curator's note. Files are written atomically
(:func:`graph.atomic.atomic_output`): a failed export leaves the old file as it was.

>>> import graph, tempfile, pathlib
>>> kg = graph.load()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> export(kg, folder / "exile.csv", "csv", relations=["exiledWith"]).read_text().splitlines()[1]
'https://w3id.org/stalin-kg/person/Stalin,Joseph Stalin,exiledWith,was in exile together with,https://w3id.org/stalin-kg/person/Kamenew,Kamenev,,,,8,Stalin war mit Kamenew zusammen in der Verbannung gewesen,https://w3id.org/stalin-kg/statement/s08-stalin-exiledWith-kamenew,stated,,,,'
>>> export(kg, folder / "kg.xyz", "xyz")
Traceback (most recent call last):
...
graph.errors.KGError: unknown export format 'xyz'; use one of: gexf, graphml, jsonld, nt, csv, cytoscape
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypedDict

import rdflib

from .atomic import atomic_output
from .backends import sorted_ntriples
from .errors import KGError
from .messages import message
from .model import PartialDate, parse_date
from .namespaces import DCTERMS, KG, OWL, PREFIXES, PROV, RDF, RDFS, SKOS

if TYPE_CHECKING:
    import networkx as nx

    from .access import GraphAccess

__all__ = ["CSV_COLUMNS", "FORMATS", "GEXF_VERSION", "Look", "export", "gexf_span", "xml_escape",
           "xml_unescape"]

#: The GEXF version :func:`export` writes.
GEXF_VERSION = "1.3"

#: The formats :func:`export` writes.
FORMATS: tuple[str, ...] = ("gexf", "graphml", "jsonld", "nt", "csv", "cytoscape")

#: The columns of the CSV export, one row per edge (statement); a value the statement lacks
#: (a date, ``inferred_part``, ``claimant``, ``note``) is an empty field.
CSV_COLUMNS: tuple[str, ...] = (
    "source", "source_label", "relation", "relation_label", "target", "target_label",
    "start", "end", "point_in_time", "sentence", "quote", "statement",
    "basis", "inferred_part", "claimant", "claimant_label", "note",
)

#: The entity triples a filtered RDF export keeps beside the statements.
_ENTITY_PREDICATES = (RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs)
#: Statement IRIs per SPARQL query when a filtered RDF export collects its triples.
_BATCH = 500

Writer = Callable[["GraphAccess", "nx.MultiDiGraph | None", IO[Any]], None]


class Look(TypedDict):
    """How a node is drawn, for GEXF's ``viz:`` elements: its position (``x`` right, ``y`` up),
    its ``size`` (the radius) and its ``color`` (``#rrggbb``). :func:`viz.gexf.looks` gives the
    viewer's: its layout, its type colours, its sizes by degree."""

    x: float
    y: float
    size: float
    color: str


def export(
    kg: GraphAccess,
    path: str | Path,
    format: str,
    *,
    as_of: int | None = None,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    lang: str = "en",
    basis: Iterable[str] | None = None,
    looks: Mapping[str, Look] | None = None,
) -> Path:
    """Write the graph to ``path`` in ``format``; return the path.

    Parameters
    ----------
    kg
        The knowledge graph.
    path
        The file to write; replaced atomically, its folder must exist.
    format
        One of :data:`FORMATS`:

        ``gexf``, ``graphml``
            the projection for Gephi, yEd, Cytoscape desktop, with the edge attributes of
            :func:`graph.project.edge_attributes` (``basis``, ``inferred_part``, ``claimant``,
            ``claimant_label``, ``note`` among them) declared as typed attributes. These
            formats hold no lists or nulls: list attributes (``aliases``) are joined with
            ``"; "``, missing values left out, and the source sentences
            (``G.graph["sentences"]``) dropped. GEXF is version 1.3 in dynamic mode, its time
            format ``date``: each edge holds from ``start`` to ``end`` (full dates: a statement
            dated to the year 1927 holds from 1927-01-01 to 1927-12-31; an open side is left
            open), each entity exists in one ``spell``, the years of its dated facts
            (:func:`graph.project.existence_years`); a statement's own dates are also kept as
            the attributes ``start_date``, ``end_date`` and ``point_in_time``, as the text gives
            them. With ``looks`` (by node IRI), nodes carry ``viz:position``, ``viz:size`` and
            ``viz:color``: :func:`viz.gexf.export_gexf` passes the viewer's layout and colours.
        ``jsonld``, ``nt``
            RDF (JSON-LD with the project's prefixes as an inline ``@context``; N-Triples).
            With no filter, every triple of the graph, the source criticism
            (``kg:Criticism``, ``kg:Reference``) included. With a filter, the kept statements'
            statement nodes (with ``kg:basis``, ``kg:inferredPart``, ``prov:wasAttributedTo``
            and ``skos:note``) and direct edges, the type, labels, alternative labels and
            ``owl:sameAs`` of their entities and claimants, the sentences they cite, and the
            criticisms of the kept statements with the works they cite.

        The source criticism (:attr:`graph.access.GraphAccess.criticisms`) is not a claim of
        the source, so the formats of the projection (``gexf``, ``graphml``, ``csv``,
        ``cytoscape``) leave it out: it is no edge, no node and no edge attribute. Read it in
        the RDF formats, or as a table with the named query ``criticism``.
        ``csv``
            one row per edge with :data:`CSV_COLUMNS`, UTF-8 with a header row.
        ``cytoscape``
            Cytoscape.js JSON (``networkx.cytoscape_data``); each node's ``name`` is its label,
            each edge's ``data`` holds the edge attributes.
    as_of, relations, types, basis
        Filters, as in :func:`graph.project.to_networkx`: ``basis=("stated",)`` keeps only
        what the quoted words themselves say.
    lang
        The language of the ``label`` attributes (``de`` or ``en``).
    looks
        GEXF only: how each node is drawn (:class:`Look`, by IRI); nodes not in it get none.

    Raises
    ------
    KGError
        For an unknown format (nothing is written).
    LookupFailed
        For an unknown relation or entity type.
    ValueError
        For an unknown basis (nothing is written).
    OSError
        When the file cannot be written (the old one, if any, is left as it was).

    Examples
    --------
    >>> import graph, tempfile, pathlib, networkx as nx
    >>> kg = graph.load()
    >>> out = export(kg, pathlib.Path(tempfile.mkdtemp()) / "kg.graphml", "graphml")
    >>> nx.read_graphml(out).number_of_edges() == kg.to_networkx().number_of_edges()
    True
    >>> stated = export(kg, out, "graphml", basis=["stated"])
    >>> sorted({d["basis"] for _, _, d in nx.read_graphml(stated).edges(data=True)})
    ['stated']
    """
    fmt = format.lower().lstrip(".")
    if fmt not in _WRITERS:
        raise KGError(message("export.unknownFormat", format=repr(format), formats=", ".join(FORMATS)))
    writer, mode = _WRITERS[fmt]
    filtered = any(f is not None for f in (as_of, relations, types, basis))
    g = None
    if filtered or fmt not in ("jsonld", "nt"):
        from .project import to_networkx  # networkx only when needed

        g = to_networkx(kg, relations=relations, types=types, as_of=as_of, lang=lang, basis=basis)
    target = Path(path)
    if looks is not None and fmt == "gexf":
        writer = functools.partial(_write_gexf, looks=looks)
    with atomic_output(target, mode) as handle:
        writer(kg, g, handle)
    return target


# ---------------------------------------------------------------------------- graph formats
# XML 1.0 cannot hold C0 controls other than tab, LF and CR (nor U+FFFE/U+FFFF): a raw one makes
# the whole GEXF/GraphML file unreadable; and XML parsers turn CR LF in element text into LF.
# Those characters are written as \uXXXX, and backslashes as \\, so :func:`xml_unescape`
# restores the text exactly.
# (a table for str.translate: a regular expression of this class costs every start 9 ms to compile)
_XML_ILLEGAL = {code: f"\\u{code:04x}"
                for code in (*range(0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}
_XML_ILLEGAL[ord("\\")] = "\\\\"
_XML_ESCAPE = re.compile(r"\\(\\|u[0-9a-f]{4})")


def xml_escape(text: str) -> str:
    r"""Make ``text`` storable in XML 1.0, reversibly (see :func:`xml_unescape`).

    >>> xml_escape("bell\x07 and back\\slash")
    'bell\\u0007 and back\\\\slash'
    >>> xml_unescape(xml_escape("bell\x07 and back\\slash")) == "bell\x07 and back\\slash"
    True
    """
    return text.translate(_XML_ILLEGAL)


def xml_unescape(text: str) -> str:
    """Undo :func:`xml_escape` on a value read back from a GEXF or GraphML export."""
    return _XML_ESCAPE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), text)


def _flat(attrs: dict[str, Any], rename: dict[str, str] | None = None) -> dict[str, Any]:
    """Attributes GEXF and GraphML can hold: lists joined with "; ", None and dicts left out,
    text made XML-safe with :func:`xml_escape`."""
    out = {}
    for key, value in attrs.items():
        if value is None or isinstance(value, dict):
            continue
        if isinstance(value, list | tuple | set):
            value = "; ".join(str(v) for v in value)
        if isinstance(value, str):
            value = xml_escape(value)
        out[(rename or {}).get(key, key)] = value
    return out


def _flattened(g: nx.MultiDiGraph, rename: dict[str, str] | None = None) -> nx.MultiDiGraph:
    import networkx as nx  # here, not at the top: the CLI imports this module for FORMATS

    flat = nx.MultiDiGraph(**_flat(g.graph))
    flat.add_nodes_from((n, _flat(d, rename)) for n, d in g.nodes(data=True))
    flat.add_edges_from((a, b, k, _flat(d, rename)) for a, b, k, d in g.edges(keys=True, data=True))
    return flat


def _write_gexf(kg: GraphAccess, g: nx.MultiDiGraph | None, handle: IO[Any],
                looks: Mapping[str, Look] | None = None) -> None:
    import networkx as nx

    from .project import existence_years

    assert g is not None
    flat = _flattened(g, {"start": "start_date", "end": "end_date"})
    flat.graph["mode"] = "dynamic"
    for node, attrs in flat.nodes(data=True):
        entity = kg.entities.get(node)
        years = existence_years(entity) if entity is not None else None
        if years is not None:
            attrs["spells"] = [(None if years[0] is None else f"{years[0]:04d}-01-01",
                                None if years[1] is None else f"{years[1]:04d}-12-31")]
        look = (looks or {}).get(node)
        if look is not None:
            colour = look["color"].lstrip("#")
            attrs["viz"] = {
                "position": {"x": look["x"], "y": look["y"], "z": 0.0}, "size": look["size"],
                "color": {"r": int(colour[0:2], 16), "g": int(colour[2:4], 16),
                          "b": int(colour[4:6], 16), "a": 1.0},
            }
    for _, _, attrs in flat.edges(data=True):
        start, end = gexf_span(attrs.get("start_date"), attrs.get("end_date"),
                               attrs.get("point_in_time"))
        if start is not None:
            attrs["start"] = start
        if end is not None:
            attrs["end"] = end
    import io

    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, version=GEXF_VERSION)
    # networkx names the XML Schema instance namespace without its "www." for GEXF 1.3
    handle.write(buffer.getvalue().replace(
        b'xmlns:xsi="http://w3.org/2001/XMLSchema-instance"',
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', 1))


def gexf_span(start: str | None, end: str | None, point: str | None
              ) -> tuple[str | None, str | None]:
    """The full dates a statement holds between, from its partial ones (``1927``, ``1941-06``
    or ``1941-06-22``): from the first day of its start (or point in time) to the last day of
    its end (or point in time); a side the statement leaves open stays None.

    >>> gexf_span(None, None, "1927"), gexf_span("1941-06", None, None)
    (('1927-01-01', '1927-12-31'), ('1941-06-01', None))
    >>> gexf_span("1917", "1924-02", None), gexf_span(None, None, None)
    (('1917-01-01', '1924-02-29'), (None, None))
    """
    first, last = parse_date(start or point), parse_date(end or point)
    return (None if first is None else _day(first, last=False),
            None if last is None else _day(last, last=True))


def _day(date: PartialDate, *, last: bool) -> str:
    """The first or last day of a partial date, as ``YYYY-MM-DD``."""
    import calendar

    month = date.month or (12 if last else 1)
    day = date.day or (calendar.monthrange(date.year, month)[1] if last else 1)
    return f"{'-' if date.year < 0 else ''}{abs(date.year):04d}-{month:02d}-{day:02d}"


def _write_graphml(kg: GraphAccess, g: nx.MultiDiGraph | None, handle: IO[Any]) -> None:
    import networkx as nx

    assert g is not None
    nx.write_graphml(_flattened(g), handle)


def _write_cytoscape(kg: GraphAccess, g: nx.MultiDiGraph | None, handle: IO[Any]) -> None:
    import json  # here: most commands write no JSON

    import networkx as nx

    assert g is not None
    json.dump(nx.cytoscape_data(g, name="label"), handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def _write_csv(kg: GraphAccess, g: nx.MultiDiGraph | None, handle: IO[Any]) -> None:
    assert g is not None
    writer = csv.writer(handle)  # RFC 4180: CRLF rows, so a CR or LF inside a field is quoted
    writer.writerow(CSV_COLUMNS)
    for a, b, key, d in g.edges(keys=True, data=True):
        row = {
            **d,
            "source": a, "source_label": g.nodes[a]["label"],
            "relation": d["relation"], "relation_label": d["label"],
            "target": b, "target_label": g.nodes[b]["label"],
            "statement": key,
        }
        writer.writerow(["" if row.get(c) is None else row[c] for c in CSV_COLUMNS])


# ---------------------------------------------------------------------------- RDF formats
def _rdf(kg: GraphAccess, g: nx.MultiDiGraph | None) -> rdflib.Graph:
    """The triples to export, in an in-memory rdflib graph with the project's prefixes."""
    out = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri)
    if g is None:
        out.parse(data=kg.backend.ntriples(), format="nt")
        return out
    statements = [key for _, _, key in g.edges(keys=True)]
    claimants = {d["claimant"] for _, _, d in g.edges(data=True) if "claimant" in d}
    entities = [*g.nodes, *sorted(claimants - set(g.nodes))]
    nodes = _construct(kg, statements, "?x ?p ?o", "?x ?p ?o")
    sentences = sorted({str(o) for _, p, o in nodes if p == PROV.wasDerivedFrom})
    entity_predicates = " ".join(f"<{p}>" for p in _ENTITY_PREDICATES)
    cited = _construct(kg, sentences, "?x ?p ?o", "?x ?p ?o")
    sources = sorted({str(o) for _, p, o in cited if p == DCTERMS.isPartOf})  # their records
    for triple in [
        *nodes,
        *_construct(kg, statements, "?s ?p ?o",
                    "?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o"),
        *_construct(kg, entities, "?x ?p ?o", f"VALUES ?p {{ {entity_predicates} }} ?x ?p ?o"),
        *cited,
        *_construct(kg, sources, "?x ?p ?o", "?x ?p ?o"),
        *_criticism_triples(kg, statements),
    ]:
        out.add(triple)
    return out


def _criticism_triples(kg: GraphAccess, statements: list[str]) -> list[Any]:
    """The criticisms of ``statements`` and the works they cite, every triple of each."""
    criticisms = _construct(kg, [c.iri for c in kg.criticisms_of(statements)], "?x ?p ?o",
                            "?x ?p ?o")
    works = sorted({str(o) for _, p, o in criticisms if p == KG.citation})
    return [*criticisms, *_construct(kg, works, "?x ?p ?o", "?x ?p ?o")]


def _construct(kg: GraphAccess, iris: list[str], template: str, pattern: str) -> list[Any]:
    """The triples ``CONSTRUCT { template } WHERE { pattern }`` gives, ``?x`` taking each IRI."""
    found: list[Any] = []
    for i in range(0, len(iris), _BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[i:i + _BATCH])
        found += kg.query(
            f"CONSTRUCT {{ {template} }} WHERE {{ VALUES ?x {{ {values} }} {pattern} }}"
        ).triples
    return found


def _write_nt(kg: GraphAccess, g: nx.MultiDiGraph | None, handle: IO[Any]) -> None:
    if g is None:  # every triple, straight from the store
        handle.write(kg.backend.ntriples())
        return
    handle.write(sorted_ntriples(_rdf(kg, g).serialize(format="nt", encoding="utf-8")))


def _write_jsonld(kg: GraphAccess, g: nx.MultiDiGraph | None, handle: IO[Any]) -> None:
    handle.write(_rdf(kg, g).serialize(format="json-ld", context=dict(PREFIXES),
                                       encoding="utf-8"))


_WRITERS: dict[str, tuple[Writer, str]] = {
    "gexf": (_write_gexf, "wb"),
    "graphml": (_write_graphml, "wb"),
    "jsonld": (_write_jsonld, "wb"),
    "nt": (_write_nt, "wb"),
    "csv": (_write_csv, "w"),
    "cytoscape": (_write_cytoscape, "w"),
}
assert tuple(_WRITERS) == FORMATS, "FORMATS names every writer, in the same order"
