"""Time to interactive: the stalin-kg viewer against a stock pyvis page of the same graph.

Both pages are opened in headless Chromium (Debian's, driven by Playwright) with every
non-``file:`` request aborted. For each page the script reports:

``build``
    seconds in Python to write the page (ours: ``viz.render``; stock: ``Network.from_nx`` and
    ``write_html`` with ``cdn_resources="in_line"``);
``loaded``
    seconds from navigation until ``window.network`` exists and the first frame is drawn;
``settled``
    seconds until the graph stops moving (ours: at once, positions are precomputed; stock:
    until vis-network's physics reports ``stabilized``, or the time limit);
``click``
    seconds from a mouse click on the busiest node until it is selected;
``drawn``
    how many entities the page draws when it opens (above ``viz.lod.LOD_NODES`` our page
    draws the most connected first, and the rest on zoom, search or expand).

The graph is a synthetic one from ``benchmarks/generate.py`` in the project's model. Medians
of ``--runs`` runs for our page; the stock page runs once per size unless ``--runs-stock``.

    python benchmarks/viewer.py --nodes 5000 --edges 15000 --runs 3
    python benchmarks/viewer.py --nodes 1000 --edges 3000 --stock-timeout 60
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import graph  # noqa: E402
import viz  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def build_ours(kg: graph.KnowledgeGraph, folder: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    path = viz.render(kg, folder / "ours.html")
    return path, time.perf_counter() - started


class _IndexedIds(list):  # type: ignore[type-arg]
    """pyvis's list of node ids with a set beside it, so that membership tests (one per node
    and two per edge in ``from_nx``) take constant time. The page written is the same."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def build_stock(kg: graph.KnowledgeGraph, folder: Path, *, indexed: bool = False,
                name: str = "stock.html") -> tuple[Path, float]:
    """A stock pyvis page: from_nx on the projection, in-line resources, default options.

    ``indexed``: the same page, but pyvis looks node ids up in a set instead of its list
    (stock ``from_nx`` takes quadratic time in the nodes: hours at 27,000 nodes).
    """
    import networkx as nx
    from pyvis.network import Network

    started = time.perf_counter()
    projection = kg.to_networkx()
    g = nx.DiGraph()
    for node, attrs in projection.nodes(data=True):
        g.add_node(node, label=attrs["label"], title=attrs["label"])
    for a, b, attrs in projection.edges(data=True):
        g.add_edge(a, b, title=attrs["label"])
    net = Network(directed=True, cdn_resources="in_line")
    if indexed:
        net.node_ids = _IndexedIds()
    net.from_nx(g)
    path = folder / name
    net.write_html(str(path))  # absolute path: nothing is written to the working folder
    return path, time.perf_counter() - started


def measure(browser: Any, path: Path, hub: str, settle_timeout: float) -> dict[str, float | None]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # bypass_csp: Playwright polls string predicates with eval, which our page's policy forbids
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, bypass_csp=True)
    outbound: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outbound.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    # record when vis-network first draws a frame, on either page: poll for window.network,
    # then ask for a frame (vis holds frames back while it stabilises, so this waits for that)
    page.add_init_script("""
      (() => {
        const timer = setInterval(() => {
          if (window.network && window.network.once && !window.__watching) {
            window.__watching = true;
            clearInterval(timer);
            window.network.once('afterDrawing', () => { window.__firstDraw = performance.now(); });
            window.network.redraw();
          }
        }, 5);
      })();
    """)
    result: dict[str, float | None] = {"loaded": None, "settled": None, "click": None}
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    try:
        page.wait_for_function("window.network && window.__firstDraw", timeout=settle_timeout * 1000,
                               polling=20)
        result["loaded"] = time.perf_counter() - started
        page.wait_for_function(
            "!network.physics.options.enabled || network.physics.stabilized === true ||"
            " network.physics.ready === false", timeout=settle_timeout * 1000, polling=50)
        if page.evaluate("network.physics.options.enabled"):
            page.wait_for_function("network.physics.stabilized === true",
                                   timeout=settle_timeout * 1000, polling=100)
        result["settled"] = time.perf_counter() - started
    except PlaywrightTimeout:  # a page that does not settle in time is a result too
        pass
    if result["loaded"] is not None:
        box = page.locator("#mynetwork").bounding_box()
        dom = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", hub)
        clicked = time.perf_counter()
        page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])
        try:
            page.wait_for_function("network.getSelectedNodes().length > 0", timeout=60_000,
                                   polling=10)
            result["click"] = time.perf_counter() - clicked
        except PlaywrightTimeout:
            pass
    result["requests"] = float(len(outbound))
    # what the page drew first (ours draws a level of detail of a big graph, viz/lod.py)
    result["drawn"] = page.evaluate("network.body.data.nodes.length") \
        if result["loaded"] is not None else None
    # the page's JavaScript heap once loaded (Chromium's coarse performance.memory), in MB
    result["heap_mb"] = page.evaluate(
        "performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null"
    ) if result["loaded"] is not None else None
    context.close()
    return result


def _fmt(value: float | None, limit: float) -> str:
    return f"{value:6.1f} s" if value is not None else f"> {limit:.0f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3, help="runs of our page (median)")
    parser.add_argument("--runs-stock", type=int, default=1, help="runs of the stock page")
    parser.add_argument("--stock-timeout", type=float, default=120.0,
                        help="seconds to wait for the stock page to load and settle")
    args = parser.parse_args(argv)

    import generate as gen  # a sibling script (benchmarks/ is on the path)
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "synthetic.ttl"
        data.write_text(gen.generate(args.nodes, args.edges, args.seed), encoding="utf-8")
        kg = graph.load(data)
        degree: dict[str, int] = {}
        for s in kg.statements:
            if s.is_edge:
                degree[s.subject] = degree.get(s.subject, 0) + 1
        hub = max(sorted(degree), key=degree.__getitem__)
        ours, ours_build = build_ours(kg, folder)
        stock, stock_build = build_stock(kg, folder)
        print(f"graph: {len(kg.entities)} nodes, {sum(degree.values())} edges; "
              f"page sizes: ours {ours.stat().st_size / 1e6:.1f} MB, "
              f"stock {stock.stat().st_size / 1e6:.1f} MB")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            rows = {"ours": [measure(browser, ours, hub, 60) for _ in range(args.runs)],
                    "stock": [measure(browser, stock, hub, args.stock_timeout)
                              for _ in range(args.runs_stock)]}
            browser.close()
    builds = {"ours": ours_build, "stock": stock_build}
    print(f"{'page':6} {'build':>9} {'loaded':>9} {'settled':>9} {'click':>9} {'requests':>9}")
    medians: dict[str, dict[str, float | None]] = {}
    for name, runs in rows.items():
        limit = 60 if name == "ours" else args.stock_timeout
        med: dict[str, float | None] = {}
        for key in ("loaded", "settled", "click", "requests"):
            values = [r[key] for r in runs]
            med[key] = None if any(v is None for v in values) else statistics.median(values)  # type: ignore[type-var]
        medians[name] = med
        print(f"{name:6} {builds[name]:7.1f} s {_fmt(med['loaded'], limit)} "
              f"{_fmt(med['settled'], limit)} {_fmt(med['click'], limit)} "
              f"{med['requests'] or 0:9.0f}")
    ours_m, stock_m = medians["ours"], medians["stock"]
    if ours_m["settled"] and stock_m["settled"]:
        print(f"stock / ours, time until the graph is settled: "
              f"{stock_m['settled'] / ours_m['settled']:.1f}x")
    elif ours_m["settled"]:
        print(f"stock page did not settle within {args.stock_timeout:.0f} s; ours settled "
              f"after {ours_m['settled']:.1f} s (ratio > "
              f"{args.stock_timeout / ours_m['settled']:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
