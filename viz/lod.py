"""Level of detail for big graphs: which entities the page draws first, and when.

Above :data:`LOD_NODES` entities the viewer does not hand vis-network the whole graph at once
(at 25,000 entities and 75,000 relations building and drawing it all takes seconds before the
first frame). :func:`plan` ranks the entities: first one representative of each of the largest
communities (its most connected member, from :func:`graph.analysis.node_metrics` over the
page's graph), so that every big region of the drawing has a landmark, then all the others by
how many distinct neighbours they have. The page draws the longest prefix of that ranking with
at most :data:`FIRST_NODES` entities and :data:`FIRST_EDGES` relations among them, then brings
in more (``viz/frontend/src/lod.js``):

* on zoom and pan: the best-ranked undrawn entities inside the view, until as many are drawn
  there as the page opened with in all (the same density on the screen at every zoom);
* on search, on following a link in the panel, on an explained chain: the entities named,
  with their neighbours for a search hit;
* on expand (a double-click, or the panel's button): all neighbours of the entity.

A relation is drawn as soon as both its ends are. Everything else (the filters, the panel,
search, the tables, explain, the time slider, the address, export) works on the whole graph,
drawn or not.

The first view names what it shows: the plan also lists the largest communities
(:func:`communities`), each with its name ("around" its most connected member) and its centre
in the layout, which the page writes over the drawing while the entities' own labels are too
small to read, with the names of the biggest hubs, as many as fit without overlap
(``viz/frontend/src/landmarks.js``); zooming in makes room for more. The view opens on the
plan's ``core`` (:func:`core`), the box of the largest connected part of the graph: the
layout puts the small parts, some entities with a relation or none, far out around it.

>>> nodes = [{"id": c, "degree": d, "metrics": {"degree": d, "community": k}}
...          for c, d, k in [("a", 1, 0), ("b", 3, 0), ("c", 2, 1), ("d", 1, 1)]]
>>> edges = [{"from": "b", "to": "a"}, {"from": "b", "to": "c"}, {"from": "c", "to": "d"}]
>>> p = plan(nodes, edges, first_nodes=3)
>>> [nodes[i]["id"] for i in p["order"]], p["first"]
(['b', 'c', 'a', 'd'], 3)
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from graph.messages import message

__all__ = ["COMMUNITY_LABELS", "FIRST_EDGES", "FIRST_NODES", "LOD_NODES", "communities", "core",
           "plan", "wants_lod"]

#: Above this many entities the page has a level of detail (and compact data). Up to here the
#: whole graph is drawn at once: 2,000 entities with their relations build and draw in well
#: under a second (benchmarks/viewer.py), and every entity is where a reader expects it.
LOD_NODES = 2000
#: At most this many entities, and relations among them, are drawn when the page opens.
FIRST_NODES = 1500
FIRST_EDGES = 4000
#: Communities get a representative among the first entities up to this share of them.
_REPRESENTATIVES = 0.25
#: The first view names at most this many communities: the largest, of 3 members or more and
#: at least a quarter the size of the largest (not a handful of entities at the edge of the
#: drawing while a big community goes unnamed).
COMMUNITY_LABELS = 40


def wants_lod(data: Mapping[str, Any]) -> bool:
    """Whether the page of ``data`` (:func:`viz.data.page_data`) has a level of detail.

    >>> wants_lod({"nodes": [{}] * 2000}), wants_lod({"nodes": [{}] * 2001})
    (False, True)
    """
    return len(data["nodes"]) > LOD_NODES


def _connectedness(node: Mapping[str, Any]) -> tuple[int, int]:
    metrics = node.get("metrics") or {}
    return (int(metrics.get("degree", node.get("degree", 0))), int(node.get("degree", 0)))


def _ranking(nodes: Sequence[Mapping[str, Any]], first_nodes: int) -> list[int]:
    """Node rows: community representatives (largest communities first), then the rest by
    distinct neighbours, then statements, then id."""
    def key(i: int) -> tuple[int, int, str]:
        a, b = _connectedness(nodes[i])
        return (-a, -b, str(nodes[i]["id"]))

    members: dict[Any, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        community = (n.get("metrics") or {}).get("community")
        if community is not None:
            members[community].append(i)
    largest = sorted(members, key=lambda c: (-len(members[c]), min(map(key, members[c]))))
    reps = [min(members[c], key=key) for c in largest if len(members[c]) > 1]
    reps = reps[: int(first_nodes * _REPRESENTATIVES)]
    chosen = set(reps)
    return reps + sorted((i for i in range(len(nodes)) if i not in chosen), key=key)


def communities(
    nodes: Sequence[Mapping[str, Any]], *, most: int = COMMUNITY_LABELS
) -> list[dict[str, Any]]:
    """The largest communities (``metrics.community``) of 3 members or more and at least a
    quarter the size of the largest, largest first, at most ``most``: each its ``community``, ``size``, its name in both languages (``label_en``,
    ``label_de``: "around" its most connected member, as the legend names it) and its
    ``centre`` in the layout (the median ``x`` and ``y`` of its members), where the page
    writes its name.

    >>> nodes = [{"id": c, "x": x, "y": 0, "label_en": c.upper(), "label_de": c,
    ...           "metrics": {"degree": d, "community": 0}}
    ...          for c, x, d in [("a", 0, 1), ("b", 10, 3), ("c", 40, 1)]]
    >>> communities(nodes)
    [{'community': 0, 'size': 3, 'label_en': 'around B', 'label_de': 'um b', 'centre': [10, 0]}]
    """
    members: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for n in nodes:
        community = (n.get("metrics") or {}).get("community")
        if community is not None:
            members[community].append(n)
    top = max(map(len, members.values()), default=0)
    largest = sorted((c for c in members if len(members[c]) >= max(3, top / 4)),
                     key=lambda c: (-len(members[c]), c))[:most]
    out = []
    for c in largest:
        group = members[c]
        hub = max(group, key=lambda n: (_connectedness(n)[0], str(n["id"])))  # as the legend
        out.append({
            "community": c, "size": len(group),
            "label_en": message("viz.communityAround", "en", name=hub["label_en"]),
            "label_de": message("viz.communityAround", "de", name=hub["label_de"]),
            "centre": [round(statistics.median(n["x"] for n in group), 1),
                       round(statistics.median(n["y"] for n in group), 1)],
        })
    return out


def core(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]
) -> list[float] | None:
    """``[x0, y0, x1, y1]``: the box of the layout holding the largest connected part of the
    graph (None without nodes).

    >>> nodes = [{"id": c, "x": x, "y": y} for c, x, y in [("a", 0, 0), ("b", 5, 2), ("c", 90, 90)]]
    >>> core(nodes, [{"from": "a", "to": "b"}])
    [0, 0, 5, 2]
    """
    if not nodes:
        return None
    parent = {n["id"]: n["id"] for n in nodes}

    def find(x: Any) -> Any:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in edges:
        if e["from"] in parent and e["to"] in parent:
            parent[find(e["from"])] = find(e["to"])
    parts: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for n in nodes:
        parts[find(n["id"])].append(n)
    largest = max(parts.values(), key=len)
    xs, ys = [n["x"] for n in largest], [n["y"] for n in largest]
    return [min(xs), min(ys), max(xs), max(ys)]


def plan(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    *,
    first_nodes: int = FIRST_NODES,
    first_edges: int = FIRST_EDGES,
) -> dict[str, Any]:
    """What the page draws first: ``order`` (node rows, best first), ``first`` (how many
    of them the page opens with: the longest prefix within ``first_nodes`` entities and
    ``first_edges`` relations among them), the ``communities`` the first view names
    (:func:`communities`) and the ``core`` it opens on (:func:`core`)."""
    order = _ranking(nodes, first_nodes)
    row = {n["id"]: i for i, n in enumerate(nodes)}
    links: dict[int, list[int]] = defaultdict(list)
    for e in edges:
        a, b = row.get(e["from"]), row.get(e["to"])
        if a is not None and b is not None:
            links[a].append(b)
            links[b].append(a)
    drawn: set[int] = set()
    count = 0
    for i in order[:first_nodes]:
        new = sum(1 for j in links[i] if j in drawn or j == i)
        if count + new > first_edges:
            break
        drawn.add(i)
        count += new
    placed = all("x" in n and "y" in n for n in nodes)
    return {"order": order, "first": len(drawn),
            "communities": communities(nodes) if placed else [],
            "core": core(nodes, edges) if placed else None}
