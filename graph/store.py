"""Reading RDF files into the embedded store (pyoxigraph), with located errors.

The store is Oxigraph's in-memory store, reached from rdflib through oxrdflib, so that the same
data answers rdflib calls and native Oxigraph SPARQL (about 10x faster than rdflib's own engine,
see ``benchmarks/RESULTS.md``).

>>> from graph.paths import bundled_graph_files
>>> store = load_store(bundled_graph_files())
>>> len(store) > 1000
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError

__all__ = ["FORMATS", "format_for", "load_store"]

#: File extensions the loader understands, and the pyoxigraph format of each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def format_for(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension (``.ttl``, ``.trig``, ``.nt``, ``.jsonld``...)."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(
            f"unknown RDF format {path.suffix or '(no extension)'!r}; use one of {known}",
            path=str(path),
        ) from None


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file; check the path", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, not an RDF file", path=str(path))


def load_store(paths: Iterable[Path | str], store: ox.Store | None = None) -> ox.Store:
    """Load every file into one pyoxigraph ``Store`` (the default graph), in order.

    Triples of TriG/N-Quads named graphs stay in their graphs; queries see the union. Raises
    :class:`InputError` with file, line and column on any unreadable input; the store is then
    incomplete and should be discarded.
    """
    store = store if store is not None else ox.Store()
    for raw in paths:
        path = Path(raw)
        _check_readable(path)
        fmt = format_for(path)
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            message = str(exc.msg) if exc.msg else str(exc)
            raise InputError(
                f"{message}; fix the syntax there", path=str(path), line=exc.lineno,
                column=exc.offset,
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason})", path=str(path)) from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), path=str(path)) from None
    return store
