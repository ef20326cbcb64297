"""Node positions computed before the page opens, so the viewer needs no physics to be usable.

A force-directed layout (Fruchterman-Reingold forces with a linear pull to the centre, cooled
over a fixed number of steps from a seeded random start) is computed in Python:

* up to ``EXACT_LIMIT`` nodes every pair of nodes repels exactly;
* above it, repulsion is approximated on a grid (a one-level fast multipole method): nodes in the
  3x3 block of cells around a node repel exactly, farther cells act through their centre of
  mass. A 5,000-node, 15,000-edge graph lays out in a few seconds on two cores.

Then, for graphs small enough to read their labels, overlapping label boxes are pushed apart,
and the result is scaled to canvas pixels. The same input and seed give the same positions.

numpy does the arithmetic.

>>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
>>> sorted(pos)
['a', 'b', 'c']
>>> pos == layout(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
True
>>> layout(["only"], [])
{'only': (0.0, 0.0)}
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

__all__ = ["EXACT_LIMIT", "LABEL_LIMIT", "layout"]

N = TypeVar("N", bound=Hashable)
Point = tuple[float, float]

#: Up to this many nodes, repulsion is computed between every pair of nodes.
EXACT_LIMIT = 400
#: Up to this many nodes, label boxes are kept from overlapping.
LABEL_LIMIT = 400
#: Pixels per unit of ideal edge length (small graphs get more room for their labels).
SPACING_SMALL = 80.0
SPACING_LARGE = 130.0
_GRAVITY = 1.0


def layout(
    nodes: Sequence[N],
    edges: Iterable[tuple[N, N]],
    *,
    seed: int = 0,
    iterations: int | None = None,
    boxes: Mapping[N, tuple[float, float]] | None = None,
) -> dict[N, Point]:
    """Positions in canvas pixels for ``nodes``, centred on (0, 0).

    ``edges`` are pairs of nodes (direction and repeats do not matter); ``boxes`` give the
    (width, height) in pixels a node's label needs, to keep labels apart in small graphs.
    """
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted(
        {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a, b in edges
            if a in index and b in index and a != b
        }
    )
    n = len(index)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    steps = iterations if iterations is not None else _default_iterations(n)
    spacing = SPACING_SMALL if n <= LABEL_LIMIT else SPACING_LARGE
    sizes = [boxes.get(node, (0.0, 0.0)) for node in nodes] if boxes else None
    xy = _force_layout(n, pairs, seed, steps, spacing, sizes)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in zip(nodes, xy, strict=True)}


def _default_iterations(n: int) -> int:
    if n <= 200:
        return 400
    if n <= EXACT_LIMIT:
        return 250
    return 50


def _force_layout(
    n: int,
    pairs: list[tuple[int, int]],
    seed: int,
    steps: int,
    spacing: float,
    sizes: list[tuple[float, float]] | None,
) -> list[Point]:
    rng = np.random.default_rng(seed)
    radius = math.sqrt(n / _GRAVITY)
    pos = rng.uniform(-radius, radius, size=(n, 2))
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    repel = _repulsion_exact if n <= EXACT_LIMIT else _repulsion_grid
    t0, t1 = radius / 4, 0.01
    for step in range(steps):
        disp = repel(pos)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.sqrt((delta**2).sum(axis=1))[:, None]
            pull = delta * dist
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(edges[:, 0], pull[:, axis], minlength=n)
                disp[:, axis] += np.bincount(edges[:, 1], pull[:, axis], minlength=n)
        disp -= _GRAVITY * pos
        length = np.sqrt((disp**2).sum(axis=1))[:, None]
        temperature = t0 + (t1 - t0) * step / max(steps - 1, 1)
        pos += disp / np.maximum(length, 1e-9) * np.minimum(length, temperature)
    pos -= pos.mean(axis=0)
    pos *= spacing
    if sizes is not None and n <= LABEL_LIMIT:
        pos = _separate_labels(pos, np.array(sizes, dtype=float))
    return [(float(x), float(y)) for x, y in pos]


def _repulsion_exact(pos: Any) -> Any:
    out = np.zeros_like(pos)
    chunk = max(1, 2_000_000 // len(pos))
    for start in range(0, len(pos), chunk):
        delta = pos[start : start + chunk, None, :] - pos[None, :, :]
        d2 = (delta**2).sum(axis=2) + 1e-4
        out[start : start + chunk] = (delta / d2[:, :, None]).sum(axis=1)
    return out


def _repulsion_grid(pos: Any) -> Any:
    """Repulsion on a grid of about 6 nodes a cell (a one-level fast multipole method).

    Nodes in the 3x3 block of cells around a node repel it exactly. Every farther cell acts
    through its centre of mass, expanded to first order around the centre of the node's own
    cell: ``F(p) = F(c) + J(c) (p - c)``, so the far field costs cells x cells, not nodes x nodes.
    """
    n = len(pos)
    side = max(3, int(math.sqrt(n / 6)))
    # columns and rows at quantiles, so a dense core and sparse outskirts share the cells fairly
    cuts = np.linspace(0, 1, side + 1)[1:-1]
    gx = np.searchsorted(np.quantile(pos[:, 0], cuts), pos[:, 0], side="right")
    gy = np.searchsorted(np.quantile(pos[:, 1], cuts), pos[:, 1], side="right")
    cid = gx * side + gy
    counts = np.bincount(cid, minlength=side * side)
    occupied = np.flatnonzero(counts)
    mass = counts[occupied].astype(float)
    cx = np.bincount(cid, pos[:, 0], minlength=side * side)[occupied] / mass
    cy = np.bincount(cid, pos[:, 1], minlength=side * side)[occupied] / mass
    ox, oy = occupied // side, occupied % side
    k = len(occupied)
    fx, fy = np.zeros(k), np.zeros(k)
    jxx, jyy, jxy = np.zeros(k), np.zeros(k), np.zeros(k)
    chunk = max(1, 2_000_000 // k)
    for start in range(0, k, chunk):
        sl = slice(start, start + chunk)
        rx = cx[sl, None] - cx[None, :]
        ry = cy[sl, None] - cy[None, :]
        d2 = rx * rx + ry * ry + 1e-4
        far = (np.abs(ox[sl, None] - ox[None, :]) > 1) | (np.abs(oy[sl, None] - oy[None, :]) > 1)
        w = np.where(far, mass[None, :] / d2, 0.0)
        fx[sl], fy[sl] = (w * rx).sum(axis=1), (w * ry).sum(axis=1)
        w2 = 2 * w / d2
        total = w.sum(axis=1)
        jxx[sl] = total - (w2 * rx * rx).sum(axis=1)
        jyy[sl] = total - (w2 * ry * ry).sum(axis=1)
        jxy[sl] = -(w2 * rx * ry).sum(axis=1)
    slot = np.zeros(side * side, dtype=np.int64)
    slot[occupied] = np.arange(k)
    s = slot[cid]
    ex, ey = pos[:, 0] - cx[s], pos[:, 1] - cy[s]
    out = np.empty_like(pos)
    out[:, 0] = fx[s] + jxx[s] * ex + jxy[s] * ey
    out[:, 1] = fy[s] + jxy[s] * ex + jyy[s] * ey
    # near field: exact, against the nodes of the 3x3 block
    order = np.argsort(cid, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    offsets = np.arange(int(counts.max()))
    firsts, seconds = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            nx_, ny_ = gx + dx, gy + dy
            ok = (nx_ >= 0) & (nx_ < side) & (ny_ >= 0) & (ny_ < side)
            other = np.where(ok, nx_ * side + ny_, 0)
            count = np.where(ok, counts[other], 0)
            rows, cols = np.nonzero(offsets[None, :] < count[:, None])
            firsts.append(rows)
            seconds.append(order[starts[other][rows] + cols])
    i, j = np.concatenate(firsts), np.concatenate(seconds)
    keep = i != j
    i, j = i[keep], j[keep]
    delta = pos[i] - pos[j]
    d2 = (delta**2).sum(axis=1) + 1e-4
    for axis in (0, 1):
        out[:, axis] += np.bincount(i, delta[:, axis] / d2, minlength=n)
    return out


def _separate_labels(pos: Any, sizes: Any, rounds: int = 300) -> Any:
    """Push apart nodes whose label boxes (width, height, centred) overlap."""
    half = sizes / 2 + 6.0  # a small gap between boxes
    n = len(pos)
    iu, ju = np.triu_indices(n, k=1)
    for _ in range(rounds):
        delta = pos[iu] - pos[ju]
        reach = half[iu] + half[ju]
        overlap = reach - np.abs(delta)
        hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
        if not hit.any():
            break
        i, j, d, o = iu[hit], ju[hit], delta[hit], overlap[hit]
        # move along the axis that needs the smaller move, half each, away from each other
        along_x = o[:, 0] * 0.6 < o[:, 1]
        sign = np.where(d >= 0, 1.0, -1.0)
        push = np.zeros_like(d)
        push[along_x, 0] = o[along_x, 0] / 2 * sign[along_x, 0]
        push[~along_x, 1] = o[~along_x, 1] / 2 * sign[~along_x, 1]
        move = np.zeros_like(pos)
        for axis in (0, 1):
            move[:, axis] += np.bincount(i, push[:, axis], minlength=n)
            move[:, axis] -= np.bincount(j, push[:, axis], minlength=n)
        pos = pos + move * 0.8
    return pos
