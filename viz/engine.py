"""SPARQL inside the page: what the viewer's query panel and ``window.kg.query`` need.

The page answers SPARQL offline with Oxigraph's WebAssembly build (npm ``oxigraph``, vendored
from ``viz/frontend/package-lock.json`` into ``static/vendor/oxigraph`` by ``npm run vendor``;
its JavaScript glue is bundled into ``static/app.js``). What this module puts into the page:

* the engine, ``web_bg.wasm`` gzipped (so vendored) and in base64 (:func:`wasm_block`, 1.9 MB
  for the 4 MB binary), and the graph's triples, the N-Triples of :meth:`Backend.ntriples
  <graph.backends.Backend.ntriples>` gzipped and in base64 (:func:`triples_block`): the same
  triples ``kg query`` asks, with the same prefixes predeclared (:data:`graph.namespaces.PREFIXES`)
  and the default graph as the union of the named graphs, as :class:`graph.backends.LocalBackend`
  queries. The page decompresses and instantiates them on its first query only
  (``DecompressionStream``, ``WebAssembly.instantiate``), so its first frame does not wait;
* the named queries, read from ``graph/queries/*.rq`` as ``kg query`` reads them
  (:func:`graph.queries.all_queries`), each split at its ``$parameters`` by the one rule of
  :func:`graph.sparql.bind_parameters` (:func:`query_parts`), with each parameter's default as
  the SPARQL term ``kg query`` would bind (:func:`named_queries`).

A page carries the engine by default when its graph has at most :data:`DEFAULT_TRIPLES`
triples and the page stays within :data:`PAGE_BUDGET` bytes with it (:func:`within_budget`;
the curated graph's page does, at about 3.1 MB), else on request
(``kg render --sparql``, ``render(..., sparql=True)``); ``--no-sparql`` leaves it out.

>>> import graph
>>> [q["name"] for q in named_queries(graph.load())][:2]
['allies-and-opponents', 'conference-participants']
>>> len(wasm_block()) > 1_000_000
True
"""

from __future__ import annotations

import base64
import gzip
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.term import Node

from graph import queries, terms
from graph.backends import canonical_ntriples
from graph.errors import KGError
from graph.messages import LANGS, catalogue
from graph.namespaces import PREFIXES
from graph.sparql import bind_parameters

if TYPE_CHECKING:
    from graph import KnowledgeGraph

__all__ = [
    "DEFAULT_TRIPLES",
    "PAGE_BUDGET",
    "WORKBENCH_WORDS",
    "named_queries",
    "prefix_line",
    "query_parts",
    "sparql_blocks",
    "triples_block",
    "wasm_block",
    "within_budget",
    "workbench_words",
]

#: Oxigraph's WebAssembly engine, gzipped, vendored by ``npm run vendor`` (licences beside it).
WASM = "static/vendor/oxigraph/web_bg.wasm.gz"
#: The largest page (bytes) that carries the SPARQL engine unless asked: the curated graph's
#: page is about 3.1 MB with it (1.1 MB without); a 100k-triple graph's is over this, and
#: carries it only with ``sparql=True``.
PAGE_BUDGET = 6_000_000


def _gzip64(data: bytes) -> str:
    """``data`` gzipped (no time stamp, so the page is reproducible) and in base64."""
    return base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0)).decode("ascii")


@cache
def wasm_block() -> str:
    """The engine for the page: ``web_bg.wasm`` gzipped (as vendored), in base64."""
    return base64.b64encode((resources.files("viz") / WASM).read_bytes()).decode("ascii")


def triples_block(kg: KnowledgeGraph) -> str:
    """The graph's triples for the page's engine: sorted N-Triples, gzipped, in base64.

    >>> import graph, gzip, base64
    >>> kg = graph.load()
    >>> text = gzip.decompress(base64.b64decode(triples_block(kg))).decode()
    >>> text.count("\\n") == len(set(kg.backend.ntriples().splitlines()))
    True
    """
    return _gzip64(canonical_ntriples(kg.backend.ntriples()))  # a remote graph's page is the local one


def prefix_line() -> str:
    """The project's prefixes as SPARQL ``PREFIX`` declarations on one line (the page puts it
    before a query's first line, so line numbers of errors stay the user's).

    >>> prefix_line().startswith("PREFIX ") and "\\n" not in prefix_line()
    True
    """
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + " "


class _Mark:
    """A stand-in term whose SPARQL form marks where a parameter goes (for :func:`query_parts`)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def n3(self) -> str:
        return f"\x00{self.name}\x00"


def query_parts(text: str, names: list[str]) -> list[str | dict[str, str]]:
    """``text`` split at its ``$parameters`` (those of ``names``) by the rule of
    :func:`graph.sparql.bind_parameters` (a ``$name`` in a string or comment stays): text
    pieces, and ``{"param": name}`` where a value goes.

    >>> query_parts('SELECT * { $s ?p "$s" } # $s', ["s"])
    ['SELECT * { ', {'param': 's'}, ' ?p "$s" } # $s']
    """
    marked = bind_parameters(text, {n: _Mark(n) for n in names})  # type: ignore[misc]
    return [{"param": piece} if i % 2 else piece
            for i, piece in enumerate(marked.split("\x00")) if i % 2 or piece]


def _written(term: Node) -> str:
    """A term as a query writes it: an IRI by its prefixed name where that is valid SPARQL
    (:func:`graph.terms.written`), anything else in N3.

    >>> from rdflib import Literal, URIRef
    >>> _written(URIRef("https://w3id.org/stalin-kg/person/Stalin")), _written(Literal(1941))
    ('person:Stalin', '"1941"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    return terms.written(str(term)) if isinstance(term, URIRef) else term.n3()


def _default(param: queries.Param, kg: KnowledgeGraph) -> str | None:
    """The term ``kg query`` binds for ``param``'s default in ``kg``, as a query writes it; None
    where it has none, or where ``kg`` lacks it (``kg query`` would refuse it: the page's panel
    asks for a value then)."""
    if param.default is None:
        return None
    try:
        return _written(param.to_term(param.default, kg))
    except KGError:
        return None


def _without_header(text: str) -> str:
    """A query file's text without its comment header (the panel shows title, description
    and parameters apart), as it runs the same.

    >>> _without_header("# title: T\\n# param: x\\nSELECT * {}\\n# end\\n")
    'SELECT * {}\\n# end\\n'
    """
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def named_queries(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    """The named queries for the page's panel: name, title, description, parameters (name,
    kind, help, its default as the query file writes it (``value``) and the SPARQL term
    ``kg query`` binds for it (``default``), or None for both where it has none or ``kg``
    lacks it) and the text
    in parts (:func:`query_parts`), without the file's comment header."""
    out = []
    for q in queries.all_queries():
        defaults = {p.name: _default(p, kg) for p in q.params}
        out.append({
            "name": q.name, "title": q.title, "description": q.description,
            "params": [{"name": p.name, "kind": p.kind, "help": p.help,
                        "value": p.default if defaults[p.name] else None,
                        "default": defaults[p.name]} for p in q.params],
            "parts": query_parts(_without_header(q.text), [p.name for p in q.params]),
        })
    return out


#: The query workbench's words the page's panel shares (row counts, defaults), by their keys.
WORKBENCH_WORDS = ("server.query.row", "server.query.rows", "server.query.running",
                   "server.query.default", "server.query.needed")


def workbench_words() -> dict[str, dict[str, str]]:
    """:data:`WORKBENCH_WORDS` in each language of the catalogue, by key without
    ``server.query.`` (the panel's other words are the page's own, ``page.sparql*``).

    >>> workbench_words()["de"]["needed"]
    'erforderlich'
    """
    return {code: {key: text for key, text in catalogue(code, "server.query.").items()
                   if f"server.query.{key}" in WORKBENCH_WORDS} for code in LANGS}


def sparql_blocks(kg: KnowledgeGraph) -> dict[str, Any]:
    """What the page's engine and panel read: ``queries``, ``prefixes`` and ``words`` (a small
    JSON block read when the page starts), ``wasm`` and ``triples`` (base64 text blocks,
    decoded on the first query)."""
    return {"queries": {"prefixes": prefix_line(), "queries": named_queries(kg),
                        "words": workbench_words()},
            "wasm": wasm_block(), "triples": triples_block(kg)}


#: Graphs of more triples get no engine unless asked: their pages are past the budget anyway
#: (a 10,000-triple graph's page is 3.9 MB with it), and writing their triples out would cost
#: ``kg render`` seconds for nothing.
DEFAULT_TRIPLES = 50_000


def within_budget(page: str) -> bool:
    """Whether a page (its HTML) is within :data:`PAGE_BUDGET` bytes.

    >>> within_budget("x" * 100), within_budget("x" * (PAGE_BUDGET + 1))
    (True, False)
    """
    return len(page.encode("utf-8")) <= PAGE_BUDGET
