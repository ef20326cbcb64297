"""The layout of a graph, computed once and kept on disk, keyed by what determines it.

:func:`cached_layout` is :func:`viz.layout.layout` with a cache: the key is a SHA-256 of the
node ids, the edges, the seed, the iterations, the label boxes, the node radii and the layout's version (the
text of ``viz/layout.py`` itself and :data:`VERSION`), so the same graph opens with the same
picture at once, and any change to the graph or to the layout code computes it anew.

The cache lives in ``$XDG_CACHE_HOME/stalin-kg/layout`` (``~/.cache/stalin-kg/layout``). The
environment variable ``STALIN_KG_LAYOUT_CACHE`` names another folder, or turns the cache off
with ``off`` (also ``0``, ``no``, ``false``). Entries are written atomically
(:func:`graph.atomic.atomic_output`); one that cannot be read or does not fit its graph is
ignored and written again; a folder that cannot be written to only means no cache.

>>> import os, tempfile
>>> os.environ["STALIN_KG_LAYOUT_CACHE"] = tempfile.mkdtemp()
>>> first = cached_layout(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
>>> first == cached_layout(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1) == layout(
...     ["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
True
>>> len(list(cache_dir().glob("*.json")))
1
>>> del os.environ["STALIN_KG_LAYOUT_CACHE"]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from graph.atomic import atomic_output

from .layout import Box, layout

__all__ = ["ENV", "VERSION", "cache_dir", "cached_layout", "layout_key"]

#: Bump to drop every cached layout (the text of viz/layout.py is part of the key too).
VERSION = 1
#: The environment variable naming the cache folder, or ``off``.
ENV = "STALIN_KG_LAYOUT_CACHE"
_OFF = {"off", "0", "no", "false"}

N = TypeVar("N", bound=Hashable)
Point = tuple[float, float]


def cache_dir() -> Path | None:
    """The folder layouts are kept in, or None when the cache is off.

    >>> import os
    >>> os.environ["STALIN_KG_LAYOUT_CACHE"] = "off"
    >>> cache_dir() is None
    True
    >>> del os.environ["STALIN_KG_LAYOUT_CACHE"]
    """
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in _OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stalin-kg" / "layout"


@cache
def _code_version() -> str:
    source = (resources.files("viz") / "layout.py").read_bytes()
    return f"{VERSION}:{hashlib.sha256(source).hexdigest()}"


def layout_key(
    nodes: Sequence[Any],
    edges: Sequence[tuple[Any, Any]],
    *,
    seed: int,
    iterations: int | None,
    boxes: Mapping[Any, Box] | None,
    radii: Mapping[Any, float] | None = None,
) -> str:
    """The SHA-256 (hex) of everything that determines a layout.

    >>> k = layout_key(["a", "b"], [("a", "b")], seed=0, iterations=None, boxes=None)
    >>> k == layout_key(["a", "b"], [("a", "b")], seed=1, iterations=None, boxes=None), len(k)
    (False, 64)
    """
    digest = hashlib.sha256(_code_version().encode())
    for part in (
        [str(n) for n in nodes],
        [[str(a), str(b)] for a, b in edges],
        [seed, iterations],
        sorted([str(k), [float(v) for v in box]] for k, box in (boxes or {}).items()),
        sorted([str(k), float(r)] for k, r in (radii or {}).items()),
    ):
        digest.update(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _read(path: Path, count: int) -> list[Point] | None:
    """The positions stored at ``path`` if they are ``count`` finite points, else None."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        points = [(float(x), float(y)) for x, y in stored["positions"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(points) != count or not all(math.isfinite(v) for p in points for v in p):
        return None
    return points


def _write(path: Path, points: Iterable[Point]) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(path) as out:
            json.dump({"positions": [list(p) for p in points]}, out, separators=(",", ":"))


def cached_layout(
    nodes: Sequence[N],
    edges: Iterable[tuple[N, N]],
    *,
    seed: int = 0,
    iterations: int | None = None,
    boxes: Mapping[N, Box] | None = None,
    radii: Mapping[N, float] | None = None,
) -> dict[N, Point]:
    """:func:`viz.layout.layout` (same arguments, same result), read from the cache when
    this graph was laid out before."""
    edges = list(edges)
    folder = cache_dir()
    if folder is None:
        return layout(nodes, edges, seed=seed, iterations=iterations, boxes=boxes, radii=radii)
    key = layout_key(nodes, edges, seed=seed, iterations=iterations, boxes=boxes, radii=radii)
    path = folder / f"{key}.json"
    points = _read(path, len(nodes))
    if points is not None:
        return dict(zip(nodes, points, strict=True))
    positions = layout(nodes, edges, seed=seed, iterations=iterations, boxes=boxes, radii=radii)
    _write(path, (positions[n] for n in nodes))
    return positions
