"""Read RDF files into rdflib graphs, turning every failure into an :class:`InputError`.

The format comes from the file's extension (or ``format=``). Nothing is fetched from the
network: a JSON-LD document whose ``@context`` names a remote document is refused.

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

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from graph.errors import InputError

__all__ = ["FORMATS", "parse_file", "parse_files"]

#: File extension -> rdflib parser name.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

_QUAD_FORMATS = {"trig", "nquads"}
_LINE_FORMATS = {"nt", "nquads"}


class _DropLiteralWarnings(logging.Filter):
    """Ill-typed literals are reported by the shapes, with file and line; don't log them too."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` in ``text``."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        prefix = data[: err.start].decode("utf-8", errors="replace")
        line, column = _position(prefix, len(prefix))
        raise InputError(
            f"not UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8",
            path=str(path),
            line=line,
            column=column,
        ) from None


def _refuse_remote_context(node: Any, path: Path) -> None:
    """Raise if a JSON-LD document would load a context from elsewhere."""
    if isinstance(node, list):
        for item in node:
            _refuse_remote_context(item, path)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import") and (
                isinstance(value, str)
                or (isinstance(value, list) and any(isinstance(v, str) for v in value))
            ):
                raise InputError(
                    f"remote JSON-LD {key} is not loaded (no network access); inline the context",
                    path=str(path),
                )
            _refuse_remote_context(value, path)


def _syntax_error(err: Exception, text: str, path: Path, fmt: str) -> InputError:
    where: dict[str, int | None] = {}
    message = str(err)
    if isinstance(err, BadSyntax):
        where = dict(zip(("line", "column"), _position(text, err._i), strict=True))
        message = f"syntax error: {err._why}"
    elif isinstance(err, SAXParseException):
        column = err.getColumnNumber()
        where = {"line": err.getLineNumber(), "column": None if column is None else column + 1}
        message = f"XML syntax error: {err.getMessage()}"
    elif isinstance(err, json.JSONDecodeError):
        where = {"line": err.lineno, "column": err.colno}
        message = f"JSON syntax error: {err.msg}"
    elif fmt in _LINE_FORMATS:
        where = _first_bad_line(text, fmt)
        message = f"syntax error: {message}"
    message = message.strip().splitlines()[0] if message.strip() else type(err).__name__
    return InputError(message, path=str(path), **where)


def _first_bad_line(text: str, fmt: str) -> dict[str, int | None]:
    """N-Triples/N-Quads errors carry no position, but each line parses on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return {"line": number}
    return {}


def parse_file(path: Path | str, graph: Graph | None = None, *, format: str | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new graph if None) and return the graph.

    Raises :class:`~graph.errors.InputError` (with path, and line and column when the parser
    knows them) for a missing file, a directory, bytes that are not UTF-8, an unknown
    extension, a syntax error, or a JSON-LD remote context.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.is_dir():
        raise InputError("is a directory, not an RDF file", path=str(path))
    fmt = format or FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"unknown RDF file extension (use one of {known})", path=str(path))
    text = _read_text(path)
    target = Graph() if graph is None else graph
    if fmt == "json-ld":
        try:
            _refuse_remote_context(json.loads(text), path)
        except json.JSONDecodeError as err:
            raise _syntax_error(err, text, path, fmt) from None
    quiet = _DropLiteralWarnings()
    logger = logging.getLogger("rdflib.term")
    logger.addFilter(quiet)
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads():
                target.add((s, p, o))
        else:
            target.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except InputError:
        raise
    except Exception as err:  # every rdflib parser raises its own types
        raise _syntax_error(err, text, path, fmt) from None
    finally:
        logger.removeFilter(quiet)
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
