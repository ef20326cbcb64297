"""Error types the library raises; the CLI turns each into a message and an exit code.

>>> err = InputError("no such file", path="x.ttl")
>>> str(err)
'x.ttl: no such file'
>>> str(InputError("bad token", path="a.ttl", line=3, column=7))
'a.ttl:3:7: bad token'
"""

from __future__ import annotations

__all__ = ["InputError", "KGError", "LookupFailed", "OutputError", "QueryError"]


class KGError(Exception):
    """Base class of every error stalin-kg raises on purpose."""


class InputError(KGError):
    """A file could not be read as RDF: missing, unreadable, or a syntax error.

    ``path``, ``line`` and ``column`` locate it (line and column 1-based, when known).
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [str(x) for x in (self.path, self.line, self.column) if x is not None]
        return f"{':'.join(where)}: {self.message}" if where else self.message


class OutputError(KGError, OSError):
    """An output file could not be written: its folder is missing or not writable, or a folder
    stands where the file should go. An :class:`OSError` too, for callers that give up quietly
    on any failed write."""


class QueryError(KGError):
    """A SPARQL query is malformed, unknown, or is missing a parameter."""


class LookupFailed(KGError, LookupError):
    """A name matched no entity, or several; ``candidates`` lists the near misses."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        self.candidates = candidates or []
        super().__init__(message)
