"""Fixed-width text tables, the one way the command line prints rows (query results, coverage).

>>> for text in table(["name", "n"], [["Stalin", "8"], [clip("Sinowjew  und Kamenew", 10), "9"]]):
...     print(text)
name        n
----------  -
Stalin      8
Sinowjew …  9
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["clip", "line", "table", "widths"]


def clip(text: str, width: int) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``width`` with "…".

    >>> clip("a  b\\nc", 10), clip("abcdef", 4)
    ('a b c', 'abc…')
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def widths(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width: its longest cell, the heading included."""
    return [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]


def line(cells: Sequence[str], sizes: Sequence[int], *, strip: bool = True) -> str:
    """One row, its cells padded to ``sizes`` and two spaces apart (the trailing spaces cut
    unless ``strip`` is false: a line that goes on after its cells)."""
    text = "  ".join(c.ljust(w) for c, w in zip(cells, sizes, strict=False))
    return text.rstrip() if strip else text


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """The heading, a rule under it and the rows, as lines."""
    sizes = widths(head, rows)
    return [line(head, sizes), "  ".join("-" * w for w in sizes), *(line(r, sizes) for r in rows)]
