"""Read RDF files into rdflib graphs, turning every failure into an :class:`InputError`.

Parsing is Oxigraph's (strict: it passes the W3C Turtle test suite, and it never fetches a
remote JSON-LD context); the triples are handed to rdflib for the SHACL validator.

>>> from graph.paths import vocab_file
>>> g = parse_file(vocab_file())
>>> len(g) > 100
True
>>> parse_file("missing.ttl")
Traceback (most recent call last):
    ...
graph.errors.InputError: missing.ttl: no such file
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import InputError
from .sparql import from_oxigraph
from .store import check_readable, format_for, located

__all__ = ["parse_file", "parse_files"]


def parse_file(path: Path | str, graph: Graph | None = None, *, base_iri: str | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new graph if None) and return the graph.

    Triples of TriG/N-Quads named graphs are merged into the one graph. Raises
    :class:`~graph.errors.InputError` (with path, and line and column where the parser knows
    them) for a missing file, a directory, bytes that are not UTF-8, an unknown extension, a
    syntax error, or a JSON-LD document that would need a remote context. Relative IRIs are
    resolved against ``base_iri`` (default: the file's own ``file:`` URI).
    """
    path = Path(path)
    check_readable(path)
    fmt = format_for(path)
    target = Graph() if graph is None else graph
    try:
        for quad in ox.parse(path=str(path), format=fmt, base_iri=base_iri or path.resolve().as_uri()):
            target.add(
                (from_oxigraph(quad.subject), from_oxigraph(quad.predicate),  # type: ignore[arg-type]
                 from_oxigraph(quad.object))
            )
    except SyntaxError as exc:
        raise located(exc, path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
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
