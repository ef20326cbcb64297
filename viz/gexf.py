"""GEXF for Gephi as the viewer draws the graph: its layout, its type colours, its sizes.

:func:`graph.export.export` writes GEXF 1.3 with time spans; the drawing (where each node is,
its colour and size) belongs to the viewer, so this module, which sees both, passes the page's
(:func:`viz.data.page_data`) to it. Positions are the page's, with ``y`` turned up as GEXF
reads it, so Gephi opens the graph as the page shows it.

>>> import graph, tempfile, pathlib, networkx as nx
>>> out = export_gexf(graph.load(), pathlib.Path(tempfile.mkdtemp()) / "kg.gexf")
>>> stalin = nx.read_gexf(out, version="1.3").nodes["https://w3id.org/stalin-kg/person/Stalin"]
>>> sorted(stalin["viz"]), stalin["viz"]["color"]
(['color', 'position', 'size'], {'r': 78, 'g': 121, 'b': 167, 'a': 1.0})
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from graph.export import Look, export

from .data import OTHER_STYLE, TYPE_STYLES, page_data

if TYPE_CHECKING:
    from graph.access import GraphAccess

__all__ = ["export_gexf", "looks"]


def looks(
    kg: GraphAccess, *, as_of: int | None = None, relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None, lang: str = "en", basis: Iterable[str] | None = None,
    seed: int = 0,
) -> dict[str, Look]:
    """How the viewer draws each node of the graph kept by the filters, by IRI: its position
    on the page (``y`` up), its size and its type's colour."""
    data = page_data(kg, as_of=as_of, relations=relations, types=types, lang=lang, basis=basis,
                     seed=seed)
    return {
        n["id"]: Look(x=float(n["x"]), y=-float(n["y"]), size=float(n["size"]),
                      color=TYPE_STYLES.get(n["type"], OTHER_STYLE)["color"])
        for n in data["nodes"]
    }


def export_gexf(
    kg: GraphAccess, path: str | Path, *, as_of: int | None = None,
    relations: Iterable[str] | None = None, types: Iterable[str] | None = None,
    lang: str = "en", basis: Iterable[str] | None = None, seed: int = 0,
) -> Path:
    """Write GEXF 1.3 (:func:`graph.export.export`) with the viewer's drawing (:func:`looks`)."""
    relations = list(relations) if relations is not None else None
    types = list(types) if types is not None else None
    basis = list(basis) if basis is not None else None
    drawn = looks(kg, as_of=as_of, relations=relations, types=types, lang=lang, basis=basis,
                  seed=seed)
    return export(kg, path, "gexf", as_of=as_of, relations=relations, types=types, lang=lang,
                  basis=basis, looks=drawn)
