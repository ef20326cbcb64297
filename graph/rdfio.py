"""Read RDF files into rdflib graphs or a pyoxigraph store, turning every failure into an
:class:`InputError`.

Parsing is Oxigraph's (strict: it passes the W3C Turtle test suite, and it never fetches a
remote JSON-LD context). :func:`parse_file` hands the triples to rdflib (for small graphs and
the SHACL validator); :func:`load_into` keeps them in a compact pyoxigraph ``Store`` (for big
ones), counting them as they come.

>>> from graph.paths import vocab_file
>>> g = parse_file(vocab_file())
>>> len(g) > 100
True
>>> parse_file("missing.ttl")
Traceback (most recent call last):
    ...
graph.errors.InputError: missing.ttl: no such file
>>> store = ox.Store()
>>> load_into(store, vocab_file()) == len(g) == len(store)
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .sparql import from_oxigraph
from .store import read_source

__all__ = ["load_into", "parse_file", "parse_files"]

#: How many triples :func:`load_into` reads between two calls of its ``progress`` callback.
PROGRESS_EVERY = 100_000


def parse_file(path: Path | str, graph: Graph | None = None, *, base_iri: str | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new graph if None) and return the graph.

    Triples of TriG/N-Quads named graphs are merged into the one graph. Raises
    :class:`~graph.errors.InputError` (with path, and line and column where the parser knows
    them) for a missing file, a directory, bytes that are not UTF-8, an unknown extension, a
    syntax error, or a JSON-LD document that would need a remote context. Relative IRIs are
    resolved against ``base_iri`` (default: the file's own ``file:`` URI).
    """
    path = Path(path)
    target = Graph() if graph is None else graph
    with read_source(path, base_iri) as (fmt, base):
        for quad in ox.parse(path=str(path), format=fmt, base_iri=base):
            target.add(
                (from_oxigraph(quad.subject), from_oxigraph(quad.predicate),  # type: ignore[arg-type]
                 from_oxigraph(quad.object))
            )
    return target


def parse_files(paths: Iterable[Path | str]) -> Graph:
    """Parse several RDF files into one graph (their union).

    >>> from graph.paths import sentences_file, vocab_file
    >>> g = parse_files([vocab_file(), sentences_file()])
    >>> len(g) == len(parse_file(vocab_file())) + len(parse_file(sentences_file()))
    True
    """
    graph = Graph()
    for path in paths:
        parse_file(path, graph)
    return graph


def load_into(
    store: ox.Store,
    path: Path | str,
    *,
    base_iri: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add the triples of one RDF file to ``store``; return how many.

    The count is of the triples the file states (before duplicates merge in the store); the
    quads of TriG/N-Quads named graphs keep their graph, as in :func:`graph.store.load_store`.
    ``progress`` is called with the running count every :data:`PROGRESS_EVERY` triples. Raises
    :class:`~graph.errors.InputError` like :func:`parse_file`; the store is then incomplete.

    >>> import tempfile
    >>> trig = Path(tempfile.mkdtemp()) / "named.trig"
    >>> _ = trig.write_text("<http://x/g> { <http://x/a> <http://x/b> 1 . }")
    >>> store = ox.Store()
    >>> load_into(store, trig), [g.value for g in store.named_graphs()]
    (1, ['http://x/g'])
    """
    path = Path(path)
    counter = _Counter(progress)
    with read_source(path, base_iri) as (fmt, base):
        store.extend(counter.count(ox.parse(path=str(path), format=fmt, base_iri=base)))
    return counter.seen


class _Counter:
    """Counts the quads passing through :meth:`count`, reporting every PROGRESS_EVERY."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.seen = 0

    def count(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        for quad in quads:
            self.seen += 1
            if self.progress is not None and self.seen % PROGRESS_EVERY == 0:
                self.progress(self.seen)
            yield quad
