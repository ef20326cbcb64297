"""Node positions computed before the page opens, so the viewer needs no physics to be usable.

A force-directed layout (Fruchterman-Reingold forces with a linear pull to the centre, cooled
over a fixed number of steps from a seeded random start) is computed in Python:

* up to ``EXACT_LIMIT`` nodes every pair of nodes repels exactly;
* above it, repulsion is approximated on a grid (a one-level fast multipole method): nodes in the
  3x3 block of cells around a node repel exactly, farther cells act through their centre of
  mass. A 5,000-node, 15,000-edge graph lays out in a few seconds on two cores.

Then, for graphs small enough to read their labels (up to ``LABEL_LIMIT`` nodes), the result is
scaled to canvas pixels and tidied in rounds: overlapping boxes (a node and the label under it)
are pushed apart, and a node an edge runs over (an edge between two other nodes passing closer
than ``CLEARANCE`` pixels to its disc) is pushed off the line, the edge's ends a little the other
way (:func:`edge_crossings` counts what is left); last the boxes alone are pushed apart until
none overlaps another, whatever the graph. The same input and seed give the same positions.

numpy does the arithmetic.

>>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
>>> sorted(pos)
['a', 'b', 'c']
>>> pos == layout(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
True
>>> layout(["only"], [])
{'only': (0.0, 0.0)}
>>> edge_crossings({"a": (0, 0), "b": (100, 0), "c": (50, 3)}, [("a", "b")], {"c": 10})
1

The room a label needs is measured with the advance widths of DejaVu Sans (:func:`text_width`,
:func:`label_lines`), the sans-serif most Linux systems draw ``system-ui, sans-serif`` with and
wider than the usual others (Arial, Helvetica, Segoe UI), so that boxes kept apart here stay
apart when the browser draws them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

__all__ = ["CLEARANCE", "EXACT_LIMIT", "LABEL_LIMIT", "edge_crossings", "label_lines", "layout",
           "text_width"]

N = TypeVar("N", bound=Hashable)
Point = tuple[float, float]
#: A node's box: (width, height) centred on the node, or (width, height, dy) centred ``dy``
#: pixels below it (a label under the node).
Box = tuple[float, float] | tuple[float, float, float]

#: Up to this many nodes, repulsion is computed between every pair of nodes.
EXACT_LIMIT = 400
#: Up to this many nodes, label boxes are kept from overlapping.
LABEL_LIMIT = 400
#: Pixels per unit of ideal edge length (small graphs get more room for their labels).
SPACING_SMALL = 80.0
SPACING_LARGE = 130.0
#: Pixels an edge keeps between itself and the disc of a node it does not touch, where it can.
CLEARANCE = 6.0
_GRAVITY = 1.0
#: A stronger pull to the centre where labels are kept apart: the tidying spreads the graph
#: again, and the first view can be closer.
_GRAVITY_LABELLED = 2.0
#: Rounds of tidying (boxes and edges together) in each pass; each pass ends with the boxes
#: alone pushed apart, and the second gives the edges a go at what that pushed onto them.
_TIDY_PASSES = (300, 100)
#: How hard a foreign edge pushes a node off it, against the boxes' push (1: as hard).
_EDGE_PUSH = 1.5
#: Rounds of pushing boxes alone apart after the tidying, until none overlaps (they come apart
#: in a few dozen).
_SEPARATE_ROUNDS = 1000

#: DejaVu Sans advance widths of the printable ASCII characters (" " to "~"), in thousandths of
#: the font size (read from DejaVuSans.ttf's hmtx table, 2048 units to the em).
_ASCII_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
    770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
    684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838,
)
#: The same for the other characters the labels use (accented letters take their base letter's).
_OTHER_WIDTHS = {
    "ß": 630, "ł": 284, "Ł": 562, "–": 500, "—": 1000, "„": 518, "“": 518, "”": 518, "‚": 318,
    "‘": 318, "’": 318, "«": 612, "»": 612, "…": 1000, "·": 318, "°": 500,
}
#: Any other character: as wide as the font size (wider than any Latin letter but "W").
_UNKNOWN_WIDTH = 1000


def text_width(text: str, font: float) -> float:
    """The width in pixels of ``text`` on one line at ``font`` pixels (DejaVu Sans).

    >>> text_width("Nazi Germany", 26.0)
    184.5
    >>> text_width("Soviet Union", 26.0) < text_width("Sowjetunion", 26.0) + 20
    True
    >>> text_width("Ä", 10.0) == text_width("A", 10.0)
    True
    """
    total = 0
    for char in text:
        if char not in _OTHER_WIDTHS and not " " <= char <= "~":
            char = unicodedata.normalize("NFD", char)[0]
        if " " <= char <= "~":
            total += _ASCII_WIDTHS[ord(char) - 32]
        else:
            total += _OTHER_WIDTHS.get(char, _UNKNOWN_WIDTH)
    return round(total * font / 1000, 1)


def label_lines(text: str, font: float, wrap: float) -> list[float]:
    """The widths of the lines ``text`` is broken into at ``font`` pixels when no line may be
    wider than ``wrap`` pixels: words kept whole and put on a line while they fit, the way
    vis-network wraps a label with a maximum width (a word wider than ``wrap`` on a line of
    its own, counted as ``wrap`` wide, as it is broken there).

    >>> label_lines("the three great show trials", 26.0, 268.6)
    [197.9, 140.3]
    >>> label_lines("", 14.0, 150.0)
    [0.0]
    """
    lines: list[float] = []
    line = ""
    for word in text.split():
        longer = f"{line} {word}" if line else word
        if line and text_width(longer, font) > wrap:
            lines.append(min(text_width(line, font), wrap))
            line = word
        else:
            line = longer
    lines.append(min(text_width(line, font), wrap))
    return lines


def layout(
    nodes: Sequence[N],
    edges: Iterable[tuple[N, N]],
    *,
    seed: int = 0,
    iterations: int | None = None,
    boxes: Mapping[N, Box] | None = None,
    radii: Mapping[N, float] | None = None,
) -> dict[N, Point]:
    """Positions in canvas pixels for ``nodes``, centred on (0, 0).

    ``edges`` are pairs of nodes (direction and repeats do not matter); ``boxes`` give the
    box in pixels a node and its label need (:data:`Box`), kept apart in small graphs;
    ``radii`` the radius of each node's disc, which edges between other nodes keep clear of
    (with ``boxes`` only).
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
    sizes = None
    if boxes:
        sizes = [(*box, 0.0)[:3] for box in (boxes.get(node, (0.0, 0.0)) for node in nodes)]
    discs = [float((radii or {}).get(node, 0.0)) for node in nodes]
    xy = _force_layout(n, pairs, seed, steps, spacing, sizes, discs)
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
    sizes: list[tuple[float, ...]] | None,
    discs: list[float],
) -> list[Point]:
    rng = np.random.default_rng(seed)
    gravity = _GRAVITY_LABELLED if sizes is not None and n <= LABEL_LIMIT else _GRAVITY
    radius = math.sqrt(n / gravity)
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
        disp -= gravity * pos
        length = np.sqrt((disp**2).sum(axis=1))[:, None]
        temperature = t0 + (t1 - t0) * step / max(steps - 1, 1)
        pos += disp / np.maximum(length, 1e-9) * np.minimum(length, temperature)
    pos -= pos.mean(axis=0)
    pos *= spacing
    if sizes is not None and n <= LABEL_LIMIT:
        pos = _tidy(pos, np.array(sizes, dtype=float), edges, np.array(discs, dtype=float))
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


def _tidy(pos: Any, sizes: Any, edges: Any, discs: Any) -> Any:
    """Rounds of pushing overlapping boxes apart and nodes off the edges that run over them,
    together, until nothing moves (or the pass's rounds of :data:`_TIDY_PASSES`); then the
    boxes alone, until no two overlap, so that no label is left under another. Twice."""
    for rounds in _TIDY_PASSES:
        for _ in range(rounds):
            move = _box_moves(pos, sizes) + _EDGE_PUSH * _clear_edges(pos, edges, discs)
            if not move.any():
                break
            pos = pos + move
        for _ in range(_SEPARATE_ROUNDS):  # the boxes alone, which the edges' pushes may undo
            move = _box_moves(pos, sizes, extra=1.0)
            if not move.any():
                break
            pos = pos + move
    return pos


def _box_moves(pos: Any, sizes: Any, extra: float = 0.0) -> Any:
    """The moves that push apart nodes whose boxes (width, height, dy) overlap (``extra``
    pixels farther than the overlap, so that they come apart in a few rounds)."""
    half = sizes[:, :2] / 2 + 6.0  # a small gap between boxes
    centre = pos + np.stack([np.zeros(len(pos)), sizes[:, 2]], axis=1)
    n = len(pos)
    move = np.zeros_like(pos)
    iu, ju = _side_by_side(centre[:, 0], half[:, 0])
    delta = centre[iu] - centre[ju]
    reach = half[iu] + half[ju]
    overlap = reach - np.abs(delta)
    hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
    if not hit.any():
        return move
    i, j, d, o = iu[hit], ju[hit], delta[hit], overlap[hit]
    # move along the axis that needs the smaller move, half each, away from each other
    along_x = o[:, 0] * 0.6 < o[:, 1]
    sign = np.where(d >= 0, 1.0, -1.0)
    push = np.zeros_like(d)
    push[along_x, 0] = (o[along_x, 0] + extra) / 2 * sign[along_x, 0]
    push[~along_x, 1] = (o[~along_x, 1] + extra) / 2 * sign[~along_x, 1]
    for axis in (0, 1):
        move[:, axis] += np.bincount(i, push[:, axis], minlength=n)
        move[:, axis] -= np.bincount(j, push[:, axis], minlength=n)
    return move * 0.8


def _side_by_side(x: Any, half: Any) -> tuple[Any, Any]:
    """The pairs of boxes (centre ``x``, half width ``half``) that may overlap along x, as the
    ``np.triu_indices`` of every pair give them (``i < j``, by ``i``, then ``j``), but without
    pairs too far apart along x for their boxes to meet: found from the boxes sorted by x.

    >>> [a.tolist() for a in _side_by_side(np.array([0.0, 50.0, 5.0]), np.array([3.0, 3.0, 3.0]))]
    [[0], [2]]
    """
    if len(x) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    reach = float(half.max()) + 1.0  # wider than any box: rounding cannot matter
    order = np.argsort(x, kind="stable")
    xs = x[order]
    low = np.searchsorted(xs, x - half - reach, side="left")
    high = np.searchsorted(xs, x + half + reach, side="right")
    counts = high - low
    total = int(counts.sum())
    i = np.repeat(np.arange(len(x)), counts)
    j = order[np.repeat(low, counts) + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)]
    keep = i < j
    i, j = i[keep], j[keep]
    first = np.lexsort((j, i))
    return i[first], j[first]


def _near_edges(pos: Any, edges: Any, discs: Any, clearance: float) -> tuple[Any, ...]:
    """The (edge, node) pairs where the edge's segment passes closer than the node's radius
    plus ``clearance`` to a node it does not end at: edge and node indices, the vector from
    the nearest point of the segment to the node, its length and the segment parameter; in
    the order of edge, then node.

    Only the nodes inside an edge's bounding box, widened by the largest reach, can be that
    close: they are found from the nodes sorted by x (a binary search per edge) and their y,
    and only those pairs are measured, with the same arithmetic as every pair
    (:func:`_near_edges_everywhere`, which gives the same answer, every edge against every node).
    """
    if not len(edges):
        return _no_pairs()
    reach = discs + clearance
    margin = float(reach.max()) + 1.0  # wider than any node's reach: rounding cannot matter
    a, b = pos[edges[:, 0]], pos[edges[:, 1]]
    order = np.argsort(pos[:, 0], kind="stable")
    xs = pos[order, 0]
    low = np.searchsorted(xs, np.minimum(a[:, 0], b[:, 0]) - margin, side="left")
    high = np.searchsorted(xs, np.maximum(a[:, 0], b[:, 0]) + margin, side="right")
    counts = high - low
    total = int(counts.sum())
    if not total:
        return _no_pairs()
    e = np.repeat(np.arange(len(edges)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    k = order[np.repeat(low, counts) + offsets]
    y = pos[k, 1]
    inside = (y > np.minimum(a[e, 1], b[e, 1]) - margin) & (y < np.maximum(a[e, 1], b[e, 1]) + margin)
    inside &= (k != edges[e, 0]) & (k != edges[e, 1])
    e, k = e[inside], k[inside]
    first = np.lexsort((k, e))  # edge, then node: the order of every pair's scan
    e, k = e[first], k[first]
    v = b[e] - a[e]
    length2 = np.maximum((v**2).sum(axis=1), 1e-9)
    w = pos[k] - a[e]
    t = np.clip((w * v).sum(axis=1) / length2, 0.0, 1.0)
    off = w - t[:, None] * v
    dist = np.sqrt((off**2).sum(axis=1))
    near = dist < reach[k]
    return e[near], k[near], off[near], dist[near], t[near]


def _no_pairs() -> tuple[Any, ...]:
    empty = np.zeros(0)
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, 2)), empty, empty


def _near_edges_everywhere(pos: Any, edges: Any, discs: Any, clearance: float) -> tuple[Any, ...]:
    """:func:`_near_edges` by measuring every edge against every node: the reference the tests
    hold the fast one to."""
    if not len(edges):
        return _no_pairs()
    a, b = pos[edges[:, 0]], pos[edges[:, 1]]
    v = b - a
    length2 = np.maximum((v**2).sum(axis=1), 1e-9)
    out: list[list[Any]] = [[], [], [], [], []]
    chunk = max(1, 2_000_000 // len(pos))
    for start in range(0, len(edges), chunk):
        sl = slice(start, start + chunk)
        w = pos[None, :, :] - a[sl, None, :]
        t = np.clip((w * v[sl, None, :]).sum(axis=2) / length2[sl, None], 0.0, 1.0)
        off = w - t[:, :, None] * v[sl, None, :]
        dist = np.sqrt((off**2).sum(axis=2))
        near = dist < discs[None, :] + clearance
        ends = edges[sl]
        near[np.arange(len(ends)), ends[:, 0]] = False
        near[np.arange(len(ends)), ends[:, 1]] = False
        e, k = np.nonzero(near)
        for bucket, value in zip(out, (e + start, k, off[e, k], dist[e, k], t[e, k]), strict=True):
            bucket.append(value)
    return tuple(np.concatenate(bucket) for bucket in out)


def _clear_edges(pos: Any, edges: Any, discs: Any) -> Any:
    """The moves that push each node an edge runs over off the edge's line (and the edge's
    ends, by a third as much, the other way)."""
    e, k, off, dist, t = _near_edges(pos, edges, discs, CLEARANCE)
    move = np.zeros_like(pos)
    if not len(e):
        return move
    need = discs[k] + CLEARANCE + 1.0 - dist
    # a node right on the line: push it across the line's normal
    seg = pos[edges[e, 1]] - pos[edges[e, 0]]
    normal = np.stack([-seg[:, 1], seg[:, 0]], axis=1)
    unit = np.where(dist[:, None] > 1e-6, off / np.maximum(dist, 1e-6)[:, None],
                    normal / np.maximum(np.linalg.norm(normal, axis=1), 1e-9)[:, None])
    push = unit * need[:, None]
    n = len(pos)
    for axis in (0, 1):
        move[:, axis] += np.bincount(k, push[:, axis] * 0.75, minlength=n)
        back = push[:, axis] * 0.25
        move[:, axis] -= np.bincount(edges[e, 0], back * (1 - t), minlength=n)
        move[:, axis] -= np.bincount(edges[e, 1], back * t, minlength=n)
    return move


def edge_crossings(
    positions: Mapping[N, Point],
    edges: Iterable[tuple[N, N]],
    radii: Mapping[N, float],
    *,
    clearance: float = 0.0,
) -> int:
    """How many (edge, node) pairs there are where a straight edge between two other nodes
    passes within the node's radius (plus ``clearance``) of its centre: edges drawn over
    nodes they have nothing to do with.

    >>> edge_crossings({"a": (0, 0), "b": (100, 0), "c": (50, 30)}, [("a", "b")], {"c": 10})
    0
    """
    nodes = list(positions)
    index = {node: i for i, node in enumerate(nodes)}
    pos = np.array([positions[node] for node in nodes], dtype=float).reshape(-1, 2)
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                    for a, b in edges if a in index and b in index and a != b})
    discs = np.array([float(radii.get(node, 0.0)) for node in nodes])
    found = _near_edges(pos, np.array(pairs, dtype=np.int64).reshape(-1, 2), discs, clearance)
    return len(found[0])
