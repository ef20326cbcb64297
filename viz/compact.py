"""Compact page data for big graphs: indexed columns instead of one object per node and edge.

A page of tens of thousands of entities spends most of its bytes repeating the same strings
(relation names, types, bases, date spans, the same quote once in its edge and once in its
sentence, the same IRI prefixes). Above :data:`viz.lod.LOD_NODES` entities the page carries
its nodes and edges as the document :func:`encode` returns, in a ``kg-compact`` block, and
the page's ``compact.js`` (``viz/frontend/src``) decodes it into exactly the objects the plain page has in its
``kg-nodes``/``kg-edges`` blocks (the records of :func:`viz.render.vis_nodes`, ``vis_edges``), so
the rest of the page's code works on them unchanged. The page's ``search`` index is left out
too: ``compact.js`` rebuilds it with the page's own normaliser (the same rule as
:func:`viz.data.search_key`; ``tests/test_viz_compact.py`` checks both in Chromium).

Schema (version :data:`VERSION`)::

    {"v": 1,
     "lang": "en",                  # the language the derived labels are in (meta.lang)
     "values": [v0, v1, ...],       # every distinct repeated JSON value, once, the most
                                   # used first (so the commonest get the shortest indices)
     "nodes": TABLE, "edges": TABLE,
     "reading": READING,            # the page's ``reading`` (the text view), see below
     "lod": {...}}                  # viz.lod.plan: what the page draws first

    READING = {"rows": [[number, length, k, ref, ..., length, k, ref, ...], ...],
               "ids": [[head, tail], ...], "sources": {row: value index},
               "texts": {row: text}, "unquoted": {row: [[statement, quote], ...]}}
        # each row: a sentence's number, then its pieces in order, each its length (UTF-16
        # code units), the number k of statements quoting it and their refs: an edge row
        # (0, 1, ...) or -1 - i for ids[i] (a statement that is no edge, such as a dated fact);
        # the sentence is sentences[number] of the page unless ``texts`` has it; ``sources``
        # and ``unquoted`` (the page's own) only where there are any

    TABLE = {"n": rows,
             "cols": {field: [codec, data]},   # fields every row has
             "extra": {field: [row, value index, row, value index, ...]},
                                               # fields only some rows have, and any value
                                               # that differs from its derived one
             "derived": [field, ...]}          # the derived fields (below) the rows have

Codecs of a column's ``data`` (one entry per row):

``raw``
    the value itself (strings, numbers, booleans, null);
``val``
    an index into ``values``;
``iri``
    ``[head, tail]``: ``values[head] + tail``; the tail is the number an IRI ends with (a
    JSON number, e.g. ``…/statement/synthetic-`` and ``17``), else its local name, after the
    last ``/``, ``#`` or ``:`` (a string);
``tail:F``
    an index ``i`` for ``values[i] + local(F)`` (a CURIE from its IRI column ``F``), else
    ``[value]``;
``same:F``
    ``0`` for the same value as column ``F`` of the row, else ``[value]``;
``node``
    the row of the node table whose ``id`` it is (an edge's ``from`` and ``to``);
``quote``
    ``[at, length]`` (in UTF-16 code units, as JavaScript counts): the words at that place of the row's sentence text (its
    ``sentence_text``, else ``sentences[sentence]`` of the page), else ``[value]``.

Derived fields are not stored: a node's ``label`` (its ``label_<lang>``), ``shape`` and
``color`` (its type's, from the page's ``types``); an edge's ``label`` (its relation's
``label_<lang>``), ``arrows`` (``""`` when symmetric, else ``"to"``), ``dashes`` and ``width``
(its basis's, from ``bases``). A row whose value is not the derived one has it in ``extra``.

>>> rows = [{"id": "https://x.org/a/1", "type": "Person", "n": 1},
...         {"id": "https://x.org/a/2", "type": "Person", "n": 2, "note": "only here"}]
>>> doc = encode_table(rows, {"id": "iri", "type": "val", "n": "raw"}, Tables())
>>> doc["cols"]["id"], doc["cols"]["n"], doc["extra"], doc["derived"]
(['iri', [[0, 1], [0, 2]]], ['raw', [1, 2]], {'note': [1, 2]}, [])
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["EDGE_CODECS", "NODE_CODECS", "VERSION", "Tables", "encode", "encode_reading",
           "encode_table", "js_length", "split_iri"]

#: The version of the schema above; the page's compact.js refuses another.
VERSION = 1

#: How each known node field is stored (an unknown field is stored ``val``).
NODE_CODECS: dict[str, str] = {
    "id": "iri", "curie": "tail:id", "type": "val", "label_de": "raw",
    "label_en": "same:label_de", "aliases": "val", "description_de": "val",
    "description_en": "same:description_de", "wikidata": "val", "facts": "val",
    "degree": "raw", "size": "raw", "years": "val", "x": "raw", "y": "raw",
    "metrics": "val", "looks": "val",
}
#: How each known edge field is stored.
EDGE_CODECS: dict[str, str] = {
    "id": "iri", "from": "node", "to": "node", "relation": "val", "symmetric": "val",
    "start": "val", "end": "val", "point": "val", "span": "val", "years": "val",
    "sentence": "raw", "quote": "quote", "basis": "val", "inferred_part": "val",
    "claimant": "val", "note": "val",
}

_SPLIT = re.compile(r"^(.*[/#:])([^/#:]*)$")
_NUMBERED = re.compile(r"^(.*?)([1-9][0-9]{0,14})$")
Row = Mapping[str, Any]


def js_length(text: str) -> int:
    """The length of ``text`` in JavaScript (UTF-16 code units), which offsets into the page's
    strings count in.

    >>> len("a\U0001d11e"), js_length("a\U0001d11e")
    (2, 3)
    """
    return len(text.encode("utf-16-le")) // 2


def split_iri(iri: str) -> tuple[str, str]:
    """``(prefix, local)``: split after the last ``/``, ``#`` or ``:``.

    >>> split_iri("https://w3id.org/stalin-kg/person/Stalin"), split_iri("x")
    (('https://w3id.org/stalin-kg/person/', 'Stalin'), ('', 'x'))
    """
    m = _SPLIT.match(iri)
    return (m.group(1), m.group(2)) if m else ("", iri)


class Tables:
    """The ``values`` table being built, and what the codecs look things up in.

    >>> t = Tables()
    >>> t.index("Person"), t.index([1, 2]), t.index("Person"), t.values
    (0, 1, 0, ['Person', [1, 2]])
    """

    def __init__(self, node_rows: Mapping[str, int] | None = None,
                 sentences: Mapping[str, str] | None = None) -> None:
        self.values: list[Any] = []
        self.uses: list[int] = []
        self._seen: dict[str, int] = {}
        self.node_rows = node_rows or {}
        self.sentences = sentences or {}

    def index(self, value: Any) -> int:
        """The index of ``value`` in ``values`` (added the first time)."""
        key = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if key not in self._seen:
            self._seen[key] = len(self.values)
            self.values.append(value)
            self.uses.append(0)
        i = self._seen[key]
        self.uses[i] += 1
        return i

    def by_use(self) -> list[int]:
        """The new index of each value when the most used come first (ties: first seen).

        >>> t = Tables()
        >>> _ = [t.index(v) for v in "abb"]
        >>> t.by_use()
        [1, 0]
        """
        ranked = sorted(range(len(self.values)), key=lambda i: (-self.uses[i], i))
        new = [0] * len(ranked)
        for rank, i in enumerate(ranked):
            new[i] = rank
        return new


def _sentence_text(row: Row, tables: Tables) -> str | None:
    if isinstance(row.get("sentence_text"), str):
        return str(row["sentence_text"])
    number = row.get("sentence")
    return tables.sentences.get(str(number)) if number is not None else None


def _cell(codec: str, value: Any, row: Row, tables: Tables) -> Any:
    """One row's entry of a column (see the module docstring)."""
    kind, _, other = codec.partition(":")
    if kind == "raw":
        return value
    if kind == "iri" and isinstance(value, str):
        numbered = _NUMBERED.match(value)
        if numbered:
            return [tables.index(numbered.group(1)), int(numbered.group(2))]
        prefix, local = split_iri(value)
        return [tables.index(prefix), local]
    if kind == "tail" and isinstance(value, str) and isinstance(row.get(other), str):
        local = split_iri(row[other])[1]
        if local and value.endswith(local):
            return tables.index(value[: len(value) - len(local)])
        return [value]
    if kind == "same":
        return 0 if value == row.get(other) else [value]
    if kind == "node" and value in tables.node_rows:
        return tables.node_rows[value]
    if kind == "quote" and isinstance(value, str) and value:
        text = _sentence_text(row, tables)
        at = text.find(value) if text else -1
        return [js_length(text[:at]), js_length(value)] if text and at >= 0 else [value]
    if kind in ("quote", "tail"):
        return [value]
    return tables.index(value)


def _codec_fits(codec: str, rows: Sequence[Row], field: str, tables: Tables) -> bool:
    """Whether every row's value can go through ``codec`` (else the column is ``val``)."""
    kind = codec.partition(":")[0]
    if kind == "iri":
        return all(isinstance(r[field], str) for r in rows)
    if kind == "node":
        return all(r[field] in tables.node_rows for r in rows)
    if kind == "raw":
        return all(r[field] is None or isinstance(r[field], (int, float, str)) for r in rows)
    return True


def encode_table(
    rows: Sequence[Row],
    codecs: Mapping[str, str],
    tables: Tables,
    derived: Mapping[str, Callable[[Row], Any]] | None = None,
) -> dict[str, Any]:
    """One table of the compact document: columns for the fields every row has, ``extra``
    for the rest and for values their ``derived`` rule does not give."""
    derived = derived or {}
    fields: dict[str, int] = {}
    for r in rows:
        for key in r:
            fields[key] = fields.get(key, 0) + 1
    cols: dict[str, list[Any]] = {}
    extra: dict[str, list[int]] = {}
    rules: list[str] = []
    for field, count in fields.items():
        if field in derived and count == len(rows):
            rules.append(field)
            misses = [(i, r[field]) for i, r in enumerate(rows) if r[field] != derived[field](r)]
            if misses:
                extra[field] = [x for i, v in misses for x in (i, tables.index(v))]
            continue
        if count < len(rows):
            extra[field] = [x for i, r in enumerate(rows) if field in r
                            for x in (i, tables.index(r[field]))]
            continue
        codec = codecs.get(field, "val")
        if not _codec_fits(codec, rows, field, tables):
            codec = "val"
        cols[field] = [codec, [_cell(codec, r[field], r, tables) for r in rows]]
    return {"n": len(rows), "cols": cols, "extra": extra, "derived": rules}


def _node_rules(data: Mapping[str, Any]) -> dict[str, Callable[[Row], Any]]:
    lang = data["meta"]["lang"]
    types = {t["id"]: t for t in data["types"]}
    return {
        "label": lambda n: n.get(f"label_{lang}"),
        "shape": lambda n: types.get(n.get("type"), {}).get("shape"),
        "color": lambda n: types.get(n.get("type"), {}).get("color"),
    }


def _edge_rules(data: Mapping[str, Any]) -> dict[str, Callable[[Row], Any]]:
    lang = data["meta"]["lang"]
    rels = {r["id"]: r for r in data["relations"]}
    bases = {b["id"]: b for b in data["bases"]}
    return {
        "label": lambda e: rels.get(e.get("relation"), {}).get(f"label_{lang}"),
        "arrows": lambda e: "" if e.get("symmetric") else "to",
        "dashes": lambda e: bases.get(e.get("basis"), {}).get("dashes"),
        "width": lambda e: bases.get(e.get("basis"), {}).get("width"),
    }


def encode(
    data: Mapping[str, Any],
    nodes: Sequence[Row],
    edges: Sequence[Row],
    lod: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The compact document of a page: ``nodes`` and ``edges`` are the vis-network records of
    :func:`viz.render.vis_nodes` and :func:`viz.render.vis_edges` for ``data``
    (:func:`viz.data.page_data`), or those of a :func:`viz.render.build_network`.

    >>> import graph
    >>> from viz.data import page_data
    >>> from viz.render import vis_edges, vis_nodes
    >>> data = page_data(graph.load(), relations=["exiledWith"])
    >>> doc = encode(data, vis_nodes(data), vis_edges(data))
    >>> doc["v"], doc["nodes"]["n"], doc["edges"]["cols"]["quote"][1]
    (1, 2, [[0, 57]])
    >>> doc["edges"]["cols"]["from"][1], doc["nodes"]["cols"]["id"][1][0]
    ([0], [2, 'Stalin'])
    """
    tables = Tables({n["id"]: i for i, n in enumerate(nodes)}, data.get("sentences", {}))
    node_table = encode_table(nodes, NODE_CODECS, tables, _node_rules(data))
    edge_table = encode_table(edges, EDGE_CODECS, tables, _edge_rules(data))
    reading = encode_reading(data.get("reading", []), tables,
                             {e["id"]: i for i, e in enumerate(edges)})
    new = tables.by_use()
    values: list[Any] = [None] * len(new)
    for i, value in enumerate(tables.values):
        values[new[i]] = value
    return {
        "v": VERSION,
        "lang": data["meta"]["lang"],
        "nodes": _renumbered(node_table, new),
        "edges": _renumbered(edge_table, new),
        "reading": {**reading, "ids": [[new[h], t] for h, t in reading["ids"]],
                    "sources": {k: new[v] for k, v in reading["sources"].items()}},
        "lod": dict(lod or {}),
        "values": values,
    }


def encode_reading(
    reading: Sequence[Row], tables: Tables, edge_rows: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The page's ``reading`` (:func:`viz.data.page_data`) in the ``READING`` form above: no
    sentence text the page holds anyway, and no statement IRI that is an edge's.

    >>> t = Tables(sentences={"8": "Stalin und Kamenew"})
    >>> doc = encode_reading([{"number": 8, "source": "src", "unquoted": [], "segments": [
    ...     ["Stalin ", ["https://x.org/s/7"]], ["und", ["https://x.org/s/7", "https://x.org/e/1"]],
    ...     [" Kamenew", []]]}], t, {"https://x.org/e/1": 0})
    >>> doc["rows"], doc["ids"], doc["sources"], doc["texts"]
    ([[8, 7, 1, -1, 3, 2, -1, 0, 8, 0]], [[0, 7]], {'0': 1}, {})
    """
    edge_rows = edge_rows or {}
    ids: dict[str, int] = {}
    pairs: list[list[Any]] = []

    def ref(iri: str) -> int:
        if iri in edge_rows:
            return edge_rows[iri]
        if iri not in ids:
            ids[iri] = len(pairs)
            pairs.append(_cell("iri", iri, {}, tables))
        return -1 - ids[iri]

    out: dict[str, Any] = {"rows": [], "ids": pairs, "sources": {}, "texts": {}, "unquoted": {}}
    for k, r in enumerate(reading):
        row: list[int] = [r["number"]]
        for piece, cited in r["segments"]:
            row += [js_length(piece), len(cited), *(ref(i) for i in cited)]
        out["rows"].append(row)
        text = "".join(piece for piece, _ in r["segments"])
        if tables.sentences.get(str(r["number"])) != text:
            out["texts"][str(k)] = text
        if r.get("source") is not None:
            out["sources"][str(k)] = tables.index(r["source"])
        if r["unquoted"]:
            out["unquoted"][str(k)] = r["unquoted"]
    return out


def _renumbered(table: dict[str, Any], new: Sequence[int]) -> dict[str, Any]:
    """``table`` with every index into ``values`` changed to ``new[index]``."""
    def cell(codec: str, c: Any) -> Any:
        kind = codec.partition(":")[0]
        if kind == "val" or (kind == "tail" and isinstance(c, int)):
            return new[c]
        if kind == "iri":
            return [new[c[0]], c[1]]
        return c

    cols = {field: [codec, [cell(codec, c) for c in data]]
            for field, (codec, data) in table["cols"].items()}
    extra = {field: [new[x] if k % 2 else x for k, x in enumerate(pairs)]
             for field, pairs in table["extra"].items()}
    return {**table, "cols": cols, "extra": extra}
