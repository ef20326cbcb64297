"""What the benchmark runner (``benchmarks/run.py``) and its worker processes share.

* :func:`run_process`: run a command as a whole process; its wall time (``perf_counter``) and
  peak resident memory (``wait4``'s ``ru_maxrss``: the largest of the process and the children
  it waited for);
* floor and peer scripts: a bare pyoxigraph load (and query), rdflib's memory store, pyshacl
  alone, as ``python -c`` programs of a few lines;
* worker functions, run as ``python benchmarks/common.py WORKER '{json args}'`` in a fresh
  process each, that time one operation in-process with ``perf_counter`` and print one JSON
  line (the runner adds the process's peak memory);
* small helpers: medians, sizes, the machine's description.

>>> parse_size("100k"), parse_size("1m"), parse_size("2500")
(100000, 1000000, 2500)
>>> size_label(1_000_000), size_label(10_000), size_label(2_500)
('1m', '10k', '2500')
>>> median([3.0, 1.0, 2.0]), median([])
(2.0, None)
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = [
    "BENCH",
    "PYTHON",
    "ROOT",
    "WORKERS",
    "Sample",
    "floor_load",
    "floor_load_query",
    "kg_command",
    "machine",
    "median",
    "parse_size",
    "peer_load",
    "peer_load_query",
    "peer_shacl",
    "run_process",
    "run_tree_sampled",
    "size_label",
    "tree_pss_mb",
]

PYTHON = sys.executable
#: GNU time, for the peak memory of a command (None where it is missing).
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None


# ---------------------------------------------------------------------------- small helpers
def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1m`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def size_label(triples: int) -> str:
    """The short label of a size: ``1m``, ``100k``, ``2500``."""
    if triples >= 1_000_000 and triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}m"
    if triples >= 1_000 and triples % 1_000 == 0:
        return f"{triples // 1_000}k"
    return str(triples)


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def kg_command() -> list[str]:
    """The ``kg`` console script of this Python (not a pyenv shim, whose bash adds time)."""
    script = Path(PYTHON).parent / "kg"
    if script.is_file():
        return [str(script)]
    return [PYTHON, "-c", "import sys; from kgapp.cli import main; sys.argv[0] = 'kg'; main()"]


def _env() -> dict[str, str]:
    """The environment of measured processes: this checkout importable, no proxies, no layout
    cache."""
    # bytecode caches are written and read, as after an install (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would make every start compile the checkout anew)
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env["STALIN_KG_LAYOUT_CACHE"] = "off"  # every kg render lays its graph out: no cached layout
    return env


# ---------------------------------------------------------------------------- whole processes
@dataclass
class Sample:
    """One run of a process: wall seconds, peak RSS in MB, and how it ended."""

    seconds: float
    peak_mb: float
    returncode: int
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def run_process(
    argv: Sequence[str], *, timeout: float = 600.0, cwd: Path | None = None,
    capture: bool = False,
) -> Sample:
    """Run ``argv`` to its end; wall time (``perf_counter``) and peak resident memory.

    The peak comes from GNU time (``/usr/bin/time -f %M``), whose small process forks the
    command: ``ru_maxrss`` of a child forked straight from this (bigger) Python process would
    count this process's pages too. Without GNU time, ``wait4`` is used and the peak is an
    upper bound. ``capture`` keeps standard output (for workers' JSON); otherwise it goes to
    /dev/null. A process past ``timeout`` seconds is killed with its process group and marked
    timed out.

    >>> s = run_process([PYTHON, "-c", "print(6 * 7)"], capture=True)
    >>> s.ok, s.stdout.strip(), s.seconds > 0, s.peak_mb > 1
    (True, '42', True, True)
    """
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".time") as peak_file:
        wrapper = [GNU_TIME, "-f", "%M", "-o", peak_file.name] if GNU_TIME else []
        started = time.perf_counter()
        process = subprocess.Popen(
            [*wrapper, *argv], cwd=cwd or ROOT, env=_env(), stdin=subprocess.DEVNULL,
            stdout=out if capture else subprocess.DEVNULL, stderr=err, start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            _kill_session(process.pid)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in kilobytes on Linux, bytes on macOS; GNU time's %M in kilobytes
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        reported = peak_file.read().split()
        if GNU_TIME and reported and reported[-1].isdigit():
            peak = int(reported[-1]) / 1024
        out.seek(0)
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")
        if GNU_TIME and process.returncode != 0:  # GNU time notes a failure on stderr
            errors = "\n".join(line for line in errors.splitlines()
                               if not line.startswith("Command exited with non-zero status"))
        return Sample(
            seconds, peak, process.returncode, killed.is_set(),
            out.read().decode("utf-8", "replace") if capture else "", errors[-2000:],
        )


def run_tree_sampled(
    argv: Sequence[str], *, timeout: float = 600.0, env: dict[str, str] | None = None,
    every: float = 0.1,
) -> Sample:
    """Run ``argv`` to its end; wall time and the peak proportional set size of its whole
    process tree (:func:`tree_pss_mb`), sampled every ``every`` seconds (Linux: ``/proc``).

    For commands that work in child processes (``kg check`` validates in workers), whose
    memory :func:`run_process` (the largest single process) does not add up. ``env`` is added
    to the measured processes' environment. Output goes to /dev/null, stderr is kept.

    >>> s = run_tree_sampled([PYTHON, "-c", "import time; time.sleep(0.3)"])
    >>> s.ok, s.peak_mb > 1 or not Path("/proc/self/smaps_rollup").exists()
    (True, True)
    """
    import tempfile

    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv), cwd=ROOT, env={**_env(), **(env or {})}, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
        )
        peak, timed_out = 0.0, False
        while process.poll() is None:
            peak = max(peak, tree_pss_mb(process.pid) or 0.0)
            if time.perf_counter() - started > timeout:
                timed_out = True
                _kill_session(process.pid)
                process.wait()
                break
            time.sleep(every)  # the sampling period
        seconds = time.perf_counter() - started
        err.seek(0)
        return Sample(seconds, peak, process.returncode, timed_out, "",
                      err.read().decode("utf-8", "replace")[-2000:])


def _kill_session(sid: int) -> None:
    """SIGKILL every process of session ``sid`` (the command was started in a new session;
    a browser may put its helpers in process groups of their own)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(sid, signal.SIGKILL)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 3 and int(fields[3]) == sid:  # field 6 of stat: the session id
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(stat.parent.name), signal.SIGKILL)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def tree_pss_mb(pid: int) -> float | None:
    """Proportional set size of a process and all its descendants, in MB (Linux only).

    PSS shares a page between the processes that map it, so forked workers that share the
    store with their parent are not counted twice.
    """
    total, todo, seen = 0.0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
        except OSError:
            if current == pid:
                return None
            continue
        todo += _children(current)
    return total


def children_of(pid: int) -> list[tuple[int, str]]:
    """Direct children of ``pid`` with their command lines (Linux only)."""
    out = []
    for child in _children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        out.append((child, cmd))
    return out


# ---------------------------------------------------------------------------- floors and peers
_OX_LOAD = (
    "import sys, pyoxigraph as ox\n"
    "store = ox.Store()\n"
    "for path in sys.argv[2:]:\n"
    "    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)\n"
)
_RDFLIB_LOAD = (
    "import sys, rdflib\n"
    "g = rdflib.Graph()\n"
    "for path in sys.argv[2:]:\n"
    "    g.parse(path, format='turtle')\n"
)
_QUERY = "rows = [tuple(row) for row in {target}.query(open(sys.argv[1], encoding='utf-8').read())]\n"


def floor_load(files: Sequence[Path]) -> list[str]:
    """Bare pyoxigraph: a new in-memory ``Store`` and ``bulk_load`` of each file."""
    return [PYTHON, "-c", _OX_LOAD, "-", *map(str, files)]


def floor_load_query(files: Sequence[Path], query_file: Path) -> list[str]:
    """Bare pyoxigraph: bulk load, then the SPARQL of ``query_file`` fully iterated."""
    return [PYTHON, "-c", _OX_LOAD + _QUERY.format(target="store"), str(query_file),
            *map(str, files)]


def peer_load(files: Sequence[Path]) -> list[str]:
    """rdflib's default (memory) store: ``Graph().parse`` of each file."""
    return [PYTHON, "-c", _RDFLIB_LOAD, "-", *map(str, files)]


def peer_load_query(files: Sequence[Path], query_file: Path) -> list[str]:
    """rdflib's default store and SPARQL engine: parse, then the same query fully iterated."""
    return [PYTHON, "-c", _RDFLIB_LOAD + _QUERY.format(target="g"), str(query_file),
            *map(str, files)]


def peer_shacl(files: Sequence[Path], shapes: Path) -> list[str]:
    """pyshacl alone on rdflib, with the project's shapes and the options ``kg check`` uses."""
    code = (
        _RDFLIB_LOAD
        + "import pyshacl\n"
        + "shapes = rdflib.Graph().parse(sys.argv[1], format='turtle')\n"
        + "pyshacl.validate(g, shacl_graph=shapes, inference='none', advanced=False,"
        " allow_warnings=True)\n"
    )
    return [PYTHON, "-c", code, str(shapes), *map(str, files)]


# ---------------------------------------------------------------------------- the machine
def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _command_output(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=30,
                              cwd=ROOT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.rstrip()


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, OS, Python, library versions, git commit and local changes."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal:")), 0)
    versions = {}
    for name in ("pyoxigraph", "rdflib", "oxrdflib", "pyshacl", "pyshacl-turbo", "networkit",
                 "networkx", "numpy", "pyvis", "starlette", "hypercorn", "httpx", "rapidfuzz", "playwright",
                 "oxigraph", "matplotlib"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    chromium = _command_output(["/usr/bin/chromium", "--version"]).strip().splitlines()
    changed = _command_output(["git", "status", "--porcelain", "--", "graph", "viz", "data"])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "chromium": chromium[0] if chromium else None,
        "commit": _command_output(["git", "rev-parse", "--short=12", "HEAD"]).strip() or "unknown",
        "changed": [line[3:] for line in changed.splitlines() if line.strip()],
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


# ---------------------------------------------------------------------------- workers
# Each worker runs in a fresh process and prints one JSON object: {"seconds": ..., ...}.


def _load_kg(files: list[str] | None) -> Any:
    import graph

    return graph.load(files) if files else graph.load()


def _bare_store(paths: list[str]) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
    return store


_SPO = (
    "SELECT ?st ?s ?p ?o WHERE { ?st a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;"
    " <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;"
    " <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;"
    " <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o FILTER(isIRI(?o)) }"
)


def _floor_graph(store: Any) -> Any:
    """The floor projection: a MultiDiGraph of statement (subject, object) edges, keyed by
    statement, with the predicate as the only attribute."""
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_edges_from(
        (s.value, o.value, st.value, {"relation": p.value}) for st, s, p, o in store.query(_SPO)
    )
    return g


def _simple_paths(view: Any, a: str, b: str, max_hops: int, limit: int) -> list[list[str]]:
    import networkx as nx

    paths: list[list[str]] = []
    try:
        for path in nx.shortest_simple_paths(view, a, b):
            if len(path) - 1 > max_hops or len(paths) >= limit:
                break
            paths.append(path)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return paths


def worker_meta(args: dict[str, Any]) -> dict[str, Any]:
    """Facts about a data set (not timed): triples, entities, edges, the hub, an explain pair.

    The hub is the entity with most statements; the explain target is the first entity (in
    IRI order) three hops from it, else the farthest one up to four hops.
    """
    import networkx as nx

    from graph.model import KINDS

    store = _bare_store(args["paths"])
    g = _floor_graph(store)
    kinds = " ".join(f"<{k}>" for k in KINDS)
    entities = {e.value for e, in store.query(
        f"SELECT DISTINCT ?e WHERE {{ VALUES ?t {{ {kinds} }} ?e a ?t }}")}
    degree = {n: d for n, d in g.degree() if n in entities}
    hub = max(sorted(degree), key=degree.__getitem__)
    view = nx.Graph(g.to_undirected(as_view=True))
    dist = nx.single_source_shortest_path_length(view, hub, cutoff=4)
    at3 = sorted(n for n, d in dist.items() if d == 3 and n in entities)
    target = at3[0] if at3 else max(sorted(dist), key=dist.__getitem__)
    return {"triples": len(store), "entities": len(entities), "edges": g.number_of_edges(),
            "hub": hub, "hub_degree": degree[hub], "target": target, "distance": dist[target]}


def worker_queries(args: dict[str, Any]) -> dict[str, Any]:
    """Each named query, ``kg.run`` against ``store.query`` of the same bound SPARQL on the same
    store, fully iterated; ``repeats`` times each, alternating which goes first; medians."""
    from graph import queries
    from graph.namespaces import sparql_prologue
    from graph.sparql import bind_parameters

    kg = _load_kg(args["files"])
    store = kg.store
    out: dict[str, Any] = {"seconds": {}, "floor": {}, "rows": {}}
    for name, params in args["queries"].items():
        named = queries.get(name)
        text = sparql_prologue() + bind_parameters(named.text, named.bind(params, kg))
        ours: list[float] = []
        floor: list[float] = []

        def run_ours(name: str = name, params: dict[str, Any] = params) -> int:
            return len(kg.run(name, **params).rows)

        def run_floor(text: str = text) -> int:
            return len([tuple(row) for row in store.query(text)])

        rows = (0, 0)
        for i in range(args.get("repeats", 3)):
            pair: list[tuple[list[float], Callable[[], int]]] = [(ours, run_ours),
                                                                 (floor, run_floor)]
            counts = [0, 0]
            for k, (bucket, call) in enumerate(pair if i % 2 == 0 else pair[::-1]):
                started = time.perf_counter()
                counts[k] = call()
                bucket.append(time.perf_counter() - started)
            rows = (counts[0], counts[1]) if i % 2 == 0 else (counts[1], counts[0])
        out["seconds"][name] = median(ours)
        out["floor"][name] = median(floor)
        out["rows"][name] = list(rows)
    return out


def worker_networkx(args: dict[str, Any]) -> dict[str, Any]:
    """Ours: ``kg.to_networkx()`` on a freshly loaded graph (statements and entities are read
    on first use, as for any user). Floor: a MultiDiGraph from one bare statement query."""
    if args["side"] == "ours":
        kg = _load_kg(args["files"])
        started = time.perf_counter()
        g = kg.to_networkx()
    else:
        store = _bare_store(args["paths"])
        started = time.perf_counter()
        g = _floor_graph(store)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def worker_explain(args: dict[str, Any]) -> dict[str, Any]:
    """Ours: ``kg.explain(a, b)`` (max 4 hops, 10 chains) on a freshly loaded graph. Floor:
    the floor projection, its undirected simple view and ``shortest_simple_paths``."""
    import networkx as nx

    a, b = args["a"], args["b"]
    if args["side"] == "ours":
        kg = _load_kg(args["files"])
        started = time.perf_counter()
        found = len(kg.explain(a, b, max_hops=4, limit=10))
    else:
        store = _bare_store(args["paths"])
        started = time.perf_counter()
        view = nx.Graph(_floor_graph(store).to_undirected(as_view=True))
        found = len(_simple_paths(view, a, b, 4, 10))
    return {"seconds": time.perf_counter() - started, "chains": found}


def worker_stats(args: dict[str, Any]) -> dict[str, Any]:
    """Ours: ``graph.load`` then ``kg.stats()`` (the runner measures the process's peak
    memory). Floor: ``graph.load`` alone, the store the counts are taken from."""
    kg = _load_kg(args["files"])
    started = time.perf_counter()
    statements = kg.stats()["statements"] if args["side"] == "ours" else None
    return {"seconds": time.perf_counter() - started, "statements": statements}


def worker_communities(args: dict[str, Any]) -> dict[str, Any]:
    """``graph.analysis.communities`` of the whole graph with ``engine`` (the undirected view
    is built first, untimed; the time includes any conversion the engine needs, not the import
    of networkit, which ``import_seconds`` gives)."""
    import networkx as nx

    from graph import analysis

    kg = _load_kg(args["files"])
    view = analysis.undirected(kg)
    started = time.perf_counter()
    if args["engine"] == "networkit":  # its import (about 0.6 s) is reported on its own
        import networkit  # noqa: F401
    imported = time.perf_counter()
    groups = analysis.communities(view, engine=args["engine"])
    seconds = time.perf_counter() - imported
    return {"seconds": seconds, "import_seconds": imported - started,
            "communities": len(groups), "nodes": view.number_of_nodes(),
            "edges": view.number_of_edges(),
            "modularity": nx.community.modularity(view, groups, weight="weight")}


def worker_stock_page(args: dict[str, Any]) -> dict[str, Any]:
    """A stock pyvis page of the graph (``benchmarks/viewer.py``'s ``build_stock``; with
    ``indexed``, the same page built with constant-time node look-ups)."""
    sys.path.insert(0, str(BENCH))
    import viewer

    kg = _load_kg(args["files"])
    folder = Path(args["folder"])
    indexed = bool(args.get("indexed"))
    path, seconds = viewer.build_stock(kg, folder, indexed=indexed,
                                       name="stock-indexed.html" if indexed else "stock.html")
    return {"seconds": seconds, "path": str(path), "bytes": path.stat().st_size}


def worker_browser(args: dict[str, Any]) -> dict[str, Any]:
    """Time to interactive of one page, once, in a new headless Chromium
    (``benchmarks/viewer.py``'s ``measure``, waiting at most ``limit`` seconds).

    A page whose script blocks the browser does not heed that limit (Playwright cannot poll a
    busy page); the runner kills this process, and with it Chromium, after the limit.
    """
    sys.path.insert(0, str(BENCH))
    import viewer
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=viewer.CHROMIUM, args=viewer.ARGS)
        result = viewer.measure(browser, Path(args["page"]), args["hub"], args["limit"])
        browser.close()
    return dict(result)


WORKERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "meta": worker_meta,
    "queries": worker_queries,
    "networkx": worker_networkx,
    "explain": worker_explain,
    "stats": worker_stats,
    "communities": worker_communities,
    "stock-page": worker_stock_page,
    "browser": worker_browser,
}


def worker_command(name: str, args: dict[str, Any]) -> list[str]:
    """The command line that runs worker ``name`` with ``args`` in a fresh process."""
    return [PYTHON, str(Path(__file__).resolve()), name, json.dumps(args)]


def read_worker(sample: Sample) -> dict[str, Any]:
    """The JSON a worker printed (its last line), or an error naming what went wrong."""
    lines = [line for line in sample.stdout.splitlines() if line.startswith("{")]
    if not sample.ok or not lines:
        why = "timed out" if sample.timed_out else f"exit {sample.returncode}"
        raise RuntimeError(f"worker failed ({why}): {sample.stderr.strip()[-800:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in WORKERS:
        print(f"usage: common.py {{{'|'.join(WORKERS)}}} JSON", file=sys.stderr)
        return 2
    result = WORKERS[argv[0]](json.loads(argv[1]))
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
