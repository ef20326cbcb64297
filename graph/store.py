"""Reading RDF files into the embedded store (pyoxigraph), with located errors.

The store is Oxigraph's in-memory store, reached from rdflib through oxrdflib, so that the same
data answers rdflib calls and native Oxigraph SPARQL (about 10x faster than rdflib's own engine,
see ``benchmarks/RESULTS.md``).

Named graphs: the quads of TriG and N-Quads files keep their graph in the store, whichever
loader reads them (:func:`load_store`, :func:`graph.rdfio.load_into`, both through
:func:`read_source`); queries see the union of the graphs, and ``kg serve`` answers ``FROM <g>``
for the graphs it holds. Only rdflib graphs (:func:`graph.rdfio.parse_file`) merge them.

>>> from graph.paths import bundled_graph_files
>>> store = load_store(bundled_graph_files())
>>> len(store) > 1000
True
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .messages import message
from .progress import ReadWatch

__all__ = ["FORMATS", "check_readable", "format_for", "load_store", "located", "read_source"]

#: "syntax error: " at the start of a parser's message (pyoxigraph's RDF/XML errors), which
#: ``load.syntax`` says already.
_SAID_SYNTAX = re.compile(r"^\s*syntax error:\s*", re.IGNORECASE)
_OX_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ column \d+(?: and line \d+ column \d+)?: ")

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
            message("load.unknownExtension", extension=repr(path.suffix or "(none)"), known=known),
            path=str(path),
        ) from None


def check_readable(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is an existing file of UTF-8 text.

    The UTF-8 check streams the file (Oxigraph's parsers let bad bytes in comments pass).
    """
    if not path.exists():
        raise InputError(message("load.noSuchFile"), path=str(path))
    if path.is_dir():
        raise InputError(message("load.directory"), path=str(path))
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, column = 1, 1
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    good = decoder.decode(chunk[: exc.start]) if exc.start else ""
                    line, column = _advance(line, column, good)
                    raise InputError(
                        message("load.notUtf8Byte", byte=f"0x{chunk[exc.start]:02x}"),
                        path=str(path), line=line, column=column,
                    ) from None
                line, column = _advance(line, column, text)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(message("load.notUtf8End"), path=str(path)) from None
    except OSError as exc:
        raise InputError(message("load.cannotRead", reason=exc.strerror or exc),
                         path=str(path)) from None


def _advance(line: int, column: int, text: str) -> tuple[int, int]:
    newlines = text.count("\n")
    if newlines:
        return line + newlines, len(text) - text.rfind("\n")
    return line, column + len(text)


#: Files smaller than this are read in one transaction (``Store.load``): for the curated graph's
#: few small files that is about twice as fast as the bulk loader, whose start-up dominates
#: there; bigger files go through ``Store.bulk_load``, faster and lighter on memory at size.
_SMALL = 1 << 20


def load_store(
    paths: Iterable[Path | str],
    store: ox.Store | None = None,
    *,
    progress: Callable[..., None] | None = None,
) -> ox.Store:
    """Load every file into one pyoxigraph ``Store``, in order.

    Triples of TriG/N-Quads named graphs stay in their graphs (see the module docstring). Raises
    :class:`InputError` with file, line and column on any unreadable input; the store is then
    incomplete and should be discarded. ``progress`` (a :class:`~graph.progress.Progress`)
    is told how much of each file is read: ``reading NAME: 42% (17 of 40 MB)``.
    """
    store = store if store is not None else ox.Store()
    for raw in paths:
        path = Path(raw)
        with read_source(path) as (fmt, base):
            if progress is None and path.stat().st_size < _SMALL:
                store.load(path=str(path), format=fmt, base_iri=base)  # no bulk loader's start-up
            elif progress is None:
                store.bulk_load(path=str(path), format=fmt, base_iri=base)
            else:
                with path.open("rb", buffering=0) as handle:
                    watch = ReadWatch(handle, path.stat().st_size, _reporter(path, progress))
                    store.bulk_load(input=io.BufferedReader(watch, 1 << 16), format=fmt,
                                    base_iri=base)
    return store


@contextmanager
def read_source(path: Path, base_iri: str | None = None) -> Iterator[tuple[ox.RdfFormat, str]]:
    """Check that ``path`` is a readable RDF file and give its format and base IRI (default:
    the file's own ``file:`` URI); an error while the block reads it becomes an
    :class:`InputError` at its file, line and column. Every loader reads its files through this.

    >>> from graph.paths import vocab_file
    >>> with read_source(vocab_file()) as (fmt, base):
    ...     fmt, base.startswith("file:")
    (<RdfFormat Turtle>, True)
    >>> with read_source(Path("missing.ttl")) as (fmt, base):
    ...     pass
    Traceback (most recent call last):
    ...
    graph.errors.InputError: missing.ttl: no such file
    """
    check_readable(path)
    fmt = format_for(path)
    try:
        yield fmt, base_iri or path.resolve().as_uri()
    except SyntaxError as exc:
        raise located(exc, path) from None
    except UnicodeDecodeError as exc:
        raise InputError(message("load.notUtf8Reason", reason=exc.reason), path=str(path)) from None
    except OSError as exc:
        raise InputError(message("load.cannotRead", reason=exc.strerror or exc),
                         path=str(path)) from None


def _reporter(path: Path, progress: Callable[..., None]) -> Callable[[int], None]:
    """Percentages read of ``path``, as status lines for ``progress``."""
    total = path.stat().st_size / 1e6

    def report(percent: int) -> None:
        progress(message("load.reading", name=path.name, percent=percent,
                         done=f"{total * percent / 100:.0f}", total=f"{total:.0f}"), str(path))

    return report


def located(exc: SyntaxError, path: Path) -> InputError:
    """The parser's error as an :class:`InputError` at its file, line and column, said once as a
    syntax error whichever parser said it:

    >>> str(located(SyntaxError("syntax error: tag not closed"), Path("x.rdf")))
    'x.rdf: syntax error: tag not closed; fix the syntax there'
    """
    text = _OX_POSITION.sub("", str(exc.msg or exc))
    text = re.sub(r" \([^()]*, line \d+\)$", "", text)
    text = _SAID_SYNTAX.sub("", text)  # the catalogue's words say it (load.syntax)
    if "LoadDocumentCallback" in text:
        text = message("load.remoteContext")
    elif "Invalid UTF-8" in text:
        text = message("load.notUtf8")
    else:
        text = message("load.syntax", error=text)
    return InputError(text, path=str(path), line=exc.lineno, column=exc.offset)
