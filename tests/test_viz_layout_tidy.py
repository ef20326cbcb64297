"""The layout's tidying finds the same pairs as a scan of every pair, only sooner.

``viz.layout`` looks for the (edge, node) pairs where an edge runs over a node, and for the
boxes that may overlap, among candidates sorted by x; these tests hold both to the plain scans
they replace (every edge against every node, ``np.triu_indices`` of every pair of nodes), on
random layouts with ties, so that the page stays the same, byte for byte.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

layout_module = importlib.import_module("viz.layout")


def _layouts(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(2, 300))
        pos = rng.uniform(-600, 600, size=(n, 2))
        pos[: n // 3] = np.round(pos[: n // 3] / 50) * 50  # ties along x and y
        yield rng, n, pos


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_near_edges_are_those_of_every_pair(seed):
    for rng, n, pos in _layouts(seed, 15):
        edges = rng.integers(0, n, size=(int(rng.integers(0, 900)), 2))
        discs = rng.uniform(5, 34, size=n)
        fast = layout_module._near_edges(pos, edges, discs, layout_module.CLEARANCE)
        every = layout_module._near_edges_everywhere(pos, edges, discs, layout_module.CLEARANCE)
        assert len(fast) == len(every) == 5
        for a, b in zip(fast, every, strict=True):
            assert np.array_equal(a, b)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_side_by_side_boxes_are_the_overlapping_ones_of_every_pair(seed):
    for rng, n, pos in _layouts(seed, 15):
        half = rng.uniform(10, 140, size=n)
        i, j = layout_module._side_by_side(pos[:, 0], half)
        iu, ju = np.triu_indices(n, k=1)
        overlap = np.abs(pos[iu, 0] - pos[ju, 0]) < half[iu] + half[ju]
        found = set(zip(i.tolist(), j.tolist(), strict=True))
        assert {(a, b) for a, b, o in zip(iu.tolist(), ju.tolist(), overlap, strict=True) if o} <= found
        order = list(zip(i.tolist(), j.tolist(), strict=True))
        assert order == sorted(order) and all(a < b for a, b in order)


def test_a_crossing_is_found_and_an_end_is_not_one():
    pos = np.array([[0.0, 0.0], [100.0, 0.0], [50.0, 3.0], [300.0, 300.0]])
    e, k, *_ = layout_module._near_edges(pos, np.array([[0, 1], [0, 3]]), np.full(4, 10.0), 0.0)
    assert (e.tolist(), k.tolist()) == ([0], [2])
