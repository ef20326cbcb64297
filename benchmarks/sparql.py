"""Issue 24, item 5: SPARQL inside the viewer's page, on the curated graph.

Two pages of the same graph, written by ``kg render`` with the SPARQL engine (the default
there) and without (``--no-sparql``), opened alternately in headless Chromium (Debian's, driven
by Playwright, every non-``file:`` request aborted), one fresh browser context per opening:

``first_frame``
    seconds from navigation to the first frame drawn (``kgViewer.readyAt``), each page: the
    engine is decoded and compiled on the first query only, so the two should not differ;
``start``
    seconds of the first query on the page with the engine (``exiled-with``): decompressing
    and compiling the WebAssembly engine, loading the triples, answering;
``queries``
    for each named query (its defaults; ``year=1941``, ``n=9`` where it has none), the median
    seconds ``window.kg.query`` takes once the engine runs; the goal is 100 ms for each;
``sizes``
    bytes of each page.

    python benchmarks/sparql.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``graph`` importable from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

__all__ = ["SAMPLES", "measure"]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
#: Values for the parameters that have no default.
SAMPLES = {"year": "1941", "n": "9"}
#: Times each named query runs in one opening (after the engine has started).
REPEATS = 5

_TIME_QUERIES = """async ([names, samples, repeats]) => {
  const out = {};
  for (const name of names) {
    const q = kg.queries().find(x => x.name === name);
    const values = {};
    for (const p of q.params) if (p.value === null) values[p.name] = samples[p.name];
    const text = kg.text(name, values);
    const times = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const r = await kg.query(text);
      times.push((performance.now() - t0) / 1000);
      if (!r.results.bindings.length) throw new Error(name + ' answered no rows');
    }
    out[name] = times;
  }
  return out;
}"""


def _open(browser: Any, page_path: Path) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                  else r.abort())
    page = context.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
    return context, page


def measure(runs: int = 3) -> dict[str, Any]:
    """Open both pages ``runs`` times each, alternating (which goes first alternates too)."""
    from playwright.sync_api import sync_playwright

    import graph
    from graph import queries
    from viz.render import render

    kg = graph.load()
    folder = Path(tempfile.mkdtemp(prefix="kg-sparql-bench-"))
    pages = {"with": render(kg, folder / "with.html"),
             "without": render(kg, folder / "without.html", sparql=False)}
    names = [q.name for q in queries.all_queries()]
    frames: dict[str, list[float]] = {"with": [], "without": []}
    start: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in names}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for run in range(runs):
                order = ["with", "without"] if run % 2 == 0 else ["without", "with"]
                for which in order:
                    context, page = _open(browser, pages[which])
                    try:
                        frames[which].append(page.evaluate("kgViewer.readyAt") / 1000)
                        if which == "with":
                            if page.evaluate("kg.started()"):
                                raise RuntimeError("the engine started before the first query")
                            start.append(page.evaluate("""async () => {
                                const t0 = performance.now();
                                await kg.query(kg.text('exiled-with', {}));
                                return (performance.now() - t0) / 1000; }"""))
                            found = page.evaluate(_TIME_QUERIES, [names, SAMPLES, REPEATS])
                            for name, values in found.items():
                                times[name].append(statistics.median(values))
                    finally:
                        context.close()
        finally:
            browser.close()
    return {
        "triples": len(kg),
        "sizes": {k: v.stat().st_size for k, v in pages.items()},
        "first_frame": frames,
        "start": start,
        "queries": times,
        "slowest": [max(times[n][r] for n in names) for r in range(runs)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.runs), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
