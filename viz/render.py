"""Write the viewer: one self-contained, offline HTML page of vis-network records.

How the page is made
--------------------
The records vis-network draws are the prepared nodes and edges of :func:`viz.data.page_data`
with display attributes added (:func:`vis_nodes`, :func:`vis_edges`), and the vis-network
options (:func:`vis_options`: physics off, ``improvedLayout`` off, positions given).
:func:`page_html` renders them into ``viz/templates/page.html`` with its own Jinja
environment. :func:`build_network` puts the same records into a pyvis
:class:`~pyvis.network.Network` through pyvis's public API only (``add_node``, ``add_edge``;
``options`` as a dict, which ``Network.get_network_data`` serialises as it is), for those who
want the graph in pyvis (a notebook, pyvis's own ``show``).

Why the page is not pyvis's ``generate_html`` (pyvis 0.3.2, ``pyvis/network.py``; FACTS.md):

* Not safe: its template environment (``Network.templateEnv``, made by ``__init__`` and by
  ``set_template_dir``) has no autoescaping, so ``{{heading}}`` and friends would go into the
  page as raw HTML, and no public method takes another environment. Replacing the attribute
  is reaching into pyvis's internals.
* Not offline with our assets: ``generate_html`` renders a fixed set of variables (nodes,
  edges, options, heading ...), with no way to pass the inlined vis-network build, the page's
  scripts, their Content-Security-Policy hashes or the page's data blocks; ``write_html``
  writes a ``lib/`` folder beside the page or points at CDNs.
* Not fast: ``add_node`` checks for a duplicate by scanning a list of every node so far, and
  ``add_edge`` scans it twice per edge (``source in self.get_nodes()``): quadratic, minutes at
  25,000 nodes and 75,000 edges. And importing ``pyvis.network`` imports IPython, about
  0.3 s of every ``kg render``.

What pyvis's public API does well, holding a network's nodes, edges and options for pyvis's
own tools, is what :func:`build_network` offers; the page needs none of it, so it is made
without importing pyvis, from the same records.

Nothing is fetched: the template inlines vis-network's JavaScript and CSS (npm's vis-network
9.1.2, the build pyvis bundles, vendored in ``static/vendor/vis-network`` from
``viz/frontend/package-lock.json`` by ``npm run vendor``) and the viewer's own ``static/app.js``
(the bundle of ``viz/frontend/src``, built by ``npm run build``) and ``app.css``; no ``lib/``
folder is created anywhere; the page is written with :func:`graph.atomic.atomic_output`.

Data goes into ``<script type="application/json">`` blocks through :func:`script_json`,
which escapes ``<``, ``>`` and ``&`` so no label can close the block; the page's JavaScript
builds every element with ``textContent``. A Content-Security-Policy allows only the page's
own two scripts (by SHA-256 hash) and no network access at all.

>>> import graph
>>> html = render_html(graph.load(), relations=["exiledWith"], lang="de")
>>> html.startswith("<!DOCTYPE html>"), "window.network" in html, "https://cdn" in html
(True, True, False)
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import tempfile
import webbrowser
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.atomic import atomic_output

from .compact import encode as compact_data
from .csp import WASM, combine, content_security_policy
from .data import page_data
from .engine import DEFAULT_TRIPLES, sparql_blocks, within_budget
from .lod import plan as lod_plan
from .lod import wants_lod

if TYPE_CHECKING:
    from graph import KnowledgeGraph

    from .page_types import PageOpened

__all__ = [
    "NotebookView",
    "build_network",
    "notebook_html",
    "open_in_browser",
    "page_html",
    "parallel_curves",
    "render",
    "render_html",
    "script_json",
    "vis_edges",
    "vis_nodes",
    "vis_options",
]

#: Above this many edges the page draws straight edges and hides edges while dragging.
LARGE_GRAPH_EDGES = 2000
#: The smallest node label drawn, in screen pixels (smaller ones appear as one zooms in).
LABEL_MIN_PX = 11
#: vis-network 9.1.2 from npm, vendored from viz/frontend/package-lock.json (licences beside it).
_VIS_DIR = "static/vendor/vis-network"


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>``, ``&`` escaped.

    (The template's ``script_json`` filter first parses a value given as a JSON string, as
    pyvis's ``get_network_data`` gives options, and re-encodes it with this.)

    >>> script_json({"label": "</script><script>alert(1)</script>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    >>> json.loads(script_json(["a & b"]))
    ['a & b']
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


@cache
def _asset(package: str, name: str) -> str:
    text = (resources.files(package) / name).read_text(encoding="utf-8")
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError(f"{package}/{name} cannot be inlined in a <script> element")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def vis_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """The vis-network options: positions given, physics off, lighter drawing for big graphs.

    Node labels are drawn from :data:`LABEL_MIN_PX` screen pixels on: in the first, whole-graph
    view only the most connected entities' labels (their bigger fonts, ``viz.data.LABEL_TIERS``),
    the others as one zooms in. Edges are straight (the layout keeps them off other nodes;
    parallel edges get curves of their own, :func:`vis_edges`); their labels are set by the page
    only for the selection and the edge under the mouse.

    >>> opts = vis_options(5000, 15000)
    >>> opts["physics"]["enabled"], opts["layout"]["improvedLayout"], opts["edges"]["smooth"]
    (False, False, False)
    >>> opts["nodes"]["scaling"]["label"]["drawThreshold"]
    12
    """
    large = n_edges > LARGE_GRAPH_EDGES
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120,
                                 "avoidOverlap": 0.4},
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            # the page's own keys (viz/static/app.js): neighbours, Enter, Esc, a steady zoom
            "keyboard": {"enabled": False},
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1d2733",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            # wrapped labels cost a measureText per word: only where labels are read at once
            "widthConstraint": False if large else {"maximum": 150},
            # vis-network draws a label from drawThreshold - 1 screen pixels on
            "scaling": {"label": {"drawThreshold": LABEL_MIN_PX + 1}},
        },
        "edges": {
            "smooth": False,
            "width": 1.5,
            "selectionWidth": 2,
            "hoverWidth": 1,
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.55}},
            "font": {"size": 11, "face": "system-ui, sans-serif", "color": "#3b4652",
                     "strokeWidth": 0, "background": "rgba(255,255,255,0.9)",
                     "align": "horizontal"},
            # the page sets a label's size: EDGE_LABEL_PX on screen, or 0 for none
            "scaling": {"label": {"drawThreshold": 3}},
            "color": {"inherit": False},
        },
    }


def vis_nodes(data: dict[str, Any], lang: str | None = None) -> list[dict[str, Any]]:
    """The page's nodes as vis-network draws them (:func:`_vis_node`), in ``lang`` (default:
    the page's).

    >>> import graph
    >>> from viz.data import page_data
    >>> [n["label"] for n in vis_nodes(page_data(graph.load(), relations=["exiledWith"]), "de")]
    ['Josef Stalin', 'Kamenew']
    """
    lang = lang or data["meta"]["lang"]
    styles = {t["id"]: t for t in data["types"]}
    return [_vis_node(n, lang, styles[n["type"]]) for n in data["nodes"]]


def _vis_node(node: dict[str, Any], lang: str, style: dict[str, str]) -> dict[str, Any]:
    """A page node with what vis-network draws: label, shape, colour (the page refines these)."""
    return {**node, "label": node[f"label_{lang}"], "shape": style["shape"],
            "color": style["color"]}


def parallel_curves(count: int) -> list[tuple[str, float] | None]:
    """How ``count`` edges between one pair of entities are drawn apart: None (straight) or
    (vis-network smooth type, roundness), as seen from the pair's first entity to its second:
    one edge straight; two bowed to either side; three straight and either side; and so on,
    each further pair bowed more.

    >>> parallel_curves(1), parallel_curves(2)
    ([None], [('curvedCW', 0.2), ('curvedCCW', 0.2)])
    >>> parallel_curves(3)
    [None, ('curvedCW', 0.3), ('curvedCCW', 0.3)]
    """
    out: list[tuple[str, float] | None] = [None] if count % 2 else []
    step = 0.3 if count % 2 else 0.2
    level = 1
    while len(out) < count:
        out += [("curvedCW", round(step * level, 2)), ("curvedCCW", round(step * level, 2))]
        level += 1
    return out[:count]


def vis_edges(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Page edges with their arrow and line (the style of their basis); the edges between one
    pair of entities are bowed apart (:func:`parallel_curves`). Their labels are the page's:
    empty until an edge is selected or under the mouse.

    >>> import graph
    >>> from viz.data import page_data
    >>> [(e["arrows"], e["label"]) for e in vis_edges(page_data(graph.load(), relations=["judged"]))]
    [('to', '')]
    """
    bases = {b["id"]: b for b in data["bases"]}
    bundles: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, edge in enumerate(data["edges"]):
        bundles[(min(edge["from"], edge["to"]), max(edge["from"], edge["to"]))].append(i)
    curves: dict[int, tuple[str, float] | None] = {}
    for (first, _), members in bundles.items():
        for i, curve in zip(members, parallel_curves(len(members)), strict=True):
            if curve and data["edges"][i]["from"] != first:  # drawn the other way round
                curve = ("curvedCCW" if curve[0] == "curvedCW" else "curvedCW", curve[1])
            curves[i] = curve
    out = []
    for i, edge in enumerate(data["edges"]):
        line = bases[edge["basis"]]
        vis = {**edge, "label": "", "arrows": "" if edge["symmetric"] else "to",
               "dashes": line["dashes"], "width": line["width"]}
        curve = curves[i]
        if curve is not None:
            kind, roundness = curve
            vis["smooth"] = {"enabled": True, "type": kind, "roundness": roundness}
        out.append(vis)
    return out


def build_network(data: dict[str, Any], lang: str | None = None) -> Any:
    """A pyvis ``Network`` holding the page's nodes (:func:`vis_nodes`), edges
    (:func:`vis_edges`) and vis-network options, added through pyvis's public API.

    pyvis's ``add_node`` and ``add_edge`` scan every node added so far (see the module
    docstring): quadratic, seconds from a few thousand nodes on. :func:`page_html` does not
    need it.

    >>> import graph
    >>> from viz.data import page_data
    >>> net = build_network(page_data(graph.load(), relations=["exiledWith"]))
    >>> net.num_nodes(), net.num_edges(), net.options["physics"]["enabled"]
    (2, 1, False)
    """
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, heading=data["meta"]["title"],
                  cdn_resources="in_line")
    for node in vis_nodes(data, lang):
        rest = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(node["id"], label=node["label"], shape=node["shape"], color=node["color"],
                     **rest)
    for edge in vis_edges(data):
        net.add_edge(edge["from"], edge["to"],
                     **{k: v for k, v in edge.items() if k not in ("from", "to")})
    net.options = vis_options(net.num_nodes(), net.num_edges())
    return net


def page_html(data: dict[str, Any], sparql: dict[str, Any] | None = None) -> str:
    """The HTML page for data prepared by :func:`viz.data.page_data`; with ``sparql`` (the
    blocks of :func:`viz.engine.sparql_blocks`) its SPARQL panel and engine."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    # level of detail: a big graph's nodes and edges go in compact form (viz.lod; decoded by the
    # page's compact.js, drawn in part by its lod.js: viz/frontend/src)
    big = wants_lod(data)
    nodes, edges = vis_nodes(data), vis_edges(data)
    options = vis_options(len(nodes), len(edges))
    if big:
        compact = compact_data(data, nodes, edges, lod_plan(data["nodes"], data["edges"]))
        nodes, edges = [], []
    env = Environment(
        loader=PackageLoader("viz", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = lambda v: _markup(
        script_json(json.loads(v) if isinstance(v, str) else v)
    )
    vis_js = _asset("viz", f"{_VIS_DIR}/vis-network.min.js")
    app_js = _asset("viz", "static/app.js")
    return env.get_template("page.html").render(
        heading=data["meta"]["title"],
        nodes=nodes,
        edges=edges,
        options=options,
        vis_js=_markup(vis_js),
        vis_css=_markup(_asset("viz", f"{_VIS_DIR}/vis-network.min.css")),
        app_js=_markup(app_js),
        app_css=_markup(_asset("viz", "static/app.css")),
        kg=_markup(script_json({k: v for k, v in data.items()
                                if k not in ("nodes", "edges")
                                and not (big and k in ("search", "reading"))}
                               )),
        csp=_csp(vis_js, app_js, wasm=sparql is not None,
                 opens=bool((data["meta"].get("served") or {}).get("open"))),
        sparql=sparql is not None,
        sparql_queries=_markup(script_json(sparql["queries"])) if sparql else None,
        sparql_wasm=_markup(_base64(sparql["wasm"])) if sparql else None,
        sparql_triples=_markup(_base64(sparql["triples"])) if sparql else None,
        compact=_markup(script_json(compact)) if big else None,  # level of detail
        lang=data["meta"]["lang"],
        w=data["messages"][data["meta"]["lang"]],  # the page's words, before app.js sets them
    )


def _base64(text: str) -> str:
    """Base64 text for a ``<script>`` block: nothing else can close it."""
    if not text.isascii() or any(c in text for c in "<>&\"'"):
        raise ValueError("not base64 text")
    return text


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)  # trusted: package files and JSON escaped by script_json only


def _csp(*scripts: str, wasm: bool = False, opens: bool = False) -> str:
    """The page's policy: its own scripts by hash, inline styles, images and fonts from data,
    workers from blob: URLs (the layout the page runs); WebAssembly (the SPARQL engine) only
    with ``wasm``; connections to nothing, or (``opens``: a page ``kg serve`` sends, which
    may open a file there) to the server that sent it, where the page sends a file to be checked
    and drawn (``/open``).

    >>> [part for part in _csp("x", opens=True).split("; ") if part.startswith("connect")]
    ["connect-src 'self'"]
    """
    page = {"script-src": " ".join(_sha256(s) for s in scripts),
            "style-src": "'unsafe-inline'", "img-src": "data: blob:", "font-src": "data:",
            "connect-src": "'self'" if opens else "'none'", "form-action": "'none'",
            "worker-src": "blob:"}  # the layout's Web Worker (viz/frontend/src/layoutrun.js)
    return content_security_policy(in_meta=True, **combine(page, *([WASM] if wasm else [])))


def render_html(
    kg: KnowledgeGraph,
    *,
    as_of: int | None = None,
    year: int | None = None,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    lang: str = "en",
    title: str | None = None,
    seed: int = 0,
    basis: Iterable[str] | None = None,
    served: str | None = None,
    sparql: bool | None = None,
    opens: str | None = None,
    opened: PageOpened | None = None,
) -> str:
    """The viewer page for ``kg`` as a string (see :func:`render` for the options; ``served``:
    the address of the server sending it, whose pages its panel links IRIs to, as for
    :func:`viz.data.page_data`; ``opens``: where that server checks and draws a file of the
    user's, which the page sends a picked or dropped file to, and may connect to; ``opened``:
    that file and what ``kg check`` found in it, which the page lists).

    >>> import graph
    >>> '"basis":"inferred"' in render_html(graph.load(), basis=["stated"])
    False
    >>> ["wasm-unsafe-eval" in render_html(graph.load(), sparql=s) for s in (False, True)]
    [False, True]
    """
    data = page_data(kg, as_of=as_of, year=year, relations=relations, types=types, lang=lang,
                     title=title, seed=seed, basis=basis, served=served, opens=opens,
                     opened=opened)
    if sparql is False:
        return page_html(data)
    if sparql is None:  # on where the page stays within the budget (viz.engine)
        if len(kg) > DEFAULT_TRIPLES:
            return page_html(data)
        page = page_html(data, sparql_blocks(kg))
        return page if within_budget(page) else page_html(data)
    return page_html(data, sparql_blocks(kg))


def render(
    kg: KnowledgeGraph,
    path: str | Path | None = None,
    *,
    as_of: int | None = None,
    year: int | None = None,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    lang: str = "en",
    title: str | None = None,
    seed: int = 0,
    basis: Iterable[str] | None = None,
    sparql: bool | None = None,
) -> Path:
    """Write the viewer page for ``kg`` to ``path`` (atomically) and return the path.

    ``relations`` (local names such as ``exiledWith``), ``types`` (``Person`` ...), ``as_of``
    (a year) and ``basis`` (some of :data:`graph.model.BASES`: ``basis=["stated"]`` for what
    the quoted words themselves say, ``kg render --stated-only``) keep only those statements,
    as :func:`graph.project.to_networkx` does; the page's own filters work within them. ``year`` opens the page with its time
    slider at that year, every statement kept so the slider can move on (``kg render
    --as-of``); it defaults to ``as_of``. ``lang`` (``de`` or ``en``) is the
    language the page opens in (it can switch); ``title`` heads the page; ``seed`` fixes the
    layout. ``sparql`` puts the SPARQL panel and engine into the page (``window.kg.query``:
    Oxigraph's WebAssembly build over ``kg``'s triples, before the filters above, as ``kg
    query`` sees them; :mod:`viz.engine`): True always, False never, None (the default) for a
    graph of at most :data:`viz.engine.DEFAULT_TRIPLES` triples whose page stays within
    :data:`viz.engine.PAGE_BUDGET` with it. Without ``path`` the page
    goes to the system's temporary folder, never the working folder. Raises :class:`~graph.LookupFailed` for an unknown relation or type,
    ``ValueError`` for another language or an unknown basis, ``OSError`` if the file cannot be
    written.

    >>> import graph, tempfile, pathlib
    >>> out = render(graph.load(), pathlib.Path(tempfile.mkdtemp()) / "kg.html", year=1927)
    >>> out.name, out.stat().st_size > 500_000
    ('kg.html', True)
    """
    text = render_html(kg, as_of=as_of, year=year, relations=relations, types=types,
                       lang=lang, title=title, seed=seed, basis=basis, sparql=sparql)
    if path is None:
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        path = Path(tempfile.gettempdir()) / f"stalin-kg-{digest}.html"
    target = Path(path)
    with atomic_output(target) as out:
        out.write(text)
    return target


def open_in_browser(path: str | Path) -> bool:
    """Open a written page in the user's web browser; False if no browser could be started."""
    return webbrowser.open(Path(path).resolve().as_uri())


def notebook_html(page: str, *, height: int = 720) -> str:
    """An ``<iframe srcdoc>`` holding ``page``, for Jupyter and other HTML front ends.

    The frame is sandboxed (scripts run, but not with the notebook's origin).

    >>> notebook_html("<p>a & b</p>", height=300)[:45]
    '<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"'
    """
    return (
        f'<iframe srcdoc="{html_lib.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ccd" '
        'sandbox="allow-scripts allow-downloads allow-popups '
        'allow-popups-to-escape-sandbox"></iframe>'
    )


@dataclass(frozen=True)
class NotebookView:
    """A rendered page that Jupyter displays inline (``_repr_html_``)."""

    html: str
    height: int = 720

    def _repr_html_(self) -> str:
        return notebook_html(self.html, height=self.height)

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (atomically)."""
        with atomic_output(path) as out:
            out.write(self.html)
        return Path(path)
