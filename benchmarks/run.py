"""Benchmarks: speed and memory of stalin-kg from the curated graph to a million triples.

One command runs everything, prints a table and writes ``RESULTS.md``, ``results.json`` (every
sample) and ``results.png`` (time and peak memory against graph size)::

    python3 benchmarks/run.py                 # curated, 10k, 100k, 1m; 3 runs; ~50 min on 2 cores
    python3 benchmarks/run.py --sizes curated --runs 1 --skip browser,serve,rdflib --out /tmp/R.md

Every figure is a median of ``--runs`` runs, and every ratio is taken against a floor (the least
the job can cost: bare pyoxigraph) or a peer (what a user would use instead: rdflib's memory
store, pyshacl alone, stock pyvis, the Oxigraph server) measured in the same run, interleaved
with ours, so that a busy shared machine slows both alike. See ``benchmarks/README.md`` for
what each item measures.

The synthetic graphs come from ``benchmarks/generate.py`` (deterministic by seed) and are cached
under ``--cache`` (default ``$XDG_CACHE_HOME/stalin-kg-bench``), outside the repository.

>>> Record("load", "1m", 10, [1.2, 1.0, 1.1], [1.0, 1.0, 1.0], goal=1.5).ratio
1.1
>>> Record("tti", "100k", 10, [2.0], [120.0], ref_over=True, goal=0.05).verdict()
('< 0.017', True)
>>> Record("communities", "1m", 10, [0.3], [4.0], goal=0.5, absolute=True).verdict()
('0.300 s (ratio 0.075)', True)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import common  # noqa: E402
from common import (  # noqa: E402
    PYTHON,
    Sample,
    kg_command,
    median,
    parse_size,
    run_process,
)

__all__ = ["DEFAULT_SIZES", "SKIPPABLE", "Record", "main"]

DEFAULT_SIZES = "curated,10k,100k,1m"
#: What ``--skip`` accepts.
SKIPPABLE = ("load", "queries", "check", "networkx", "explain", "stats", "communities", "render",
             "browser", "serve", "cold", "rdflib", "virtuoso", "bigfile", "curate", "sparql")
#: kg render of the 10k graph without the layout cache, seconds (it was 3.2 s on 2026-11-27).
RENDER_SECONDS = 3.5
#: kg query's cold start over python -c 'import rdflib' (1.11 on 2026-11-27).
COLD_START = 1.2
#: Issue 15's bounds for the viewer of a graph of 20,000+ entities: seconds to the first
#: frame, megabytes of page.
VIEWER_SECONDS, VIEWER_MB = 3.0, 20.0
#: The memory budgets of the kg commands on a big file (``--bigfile-size``; 100 MB of Turtle at
#: 2.2m), each ``(factor, megabytes)``: the peak PSS of the command's process tree may be at most
#: factor x the bare pyoxigraph load of the same files + megabytes (Python and the libraries).
BIGFILE_BUDGETS: dict[str, tuple[list[str], dict[str, str], float, float]] = {
    # the store, and what the query and the progress on a terminal add
    "kg query exiled-with": (["query", "exiled-with", "-f", "tsv"], {}, 1.1, 100),
    # the store, the workers' share of it, and one chunk of rdflib triples per worker
    "kg check, pyshacl in parts": (["check"], {"KG_SHACL_ENGINE": "pyshacl",
                                               "KG_SHACL_PARTS": "on"}, 1.35, 150),
    # the store, and pyshacl-turbo's own copy of it, validated whole
    "kg check, pyshacl-turbo whole": (["check"], {"KG_SHACL_ENGINE": "pyshacl-turbo",
                                                  "KG_SHACL_PARTS": "off"}, 3.5, 150),
    # the store, and in each worker its part as text and pyshacl-turbo's copy of it (4.8x seen)
    "kg check, pyshacl-turbo in parts": (["check"], {"KG_SHACL_ENGINE": "pyshacl-turbo",
                                                     "KG_SHACL_PARTS": "on"}, 5.5, 150),
}
#: The year and sentence the named queries get on synthetic data (sentences start at 1001).
YEAR, SENTENCE, CURATED_SENTENCE = 1930, 1001, 8


# ---------------------------------------------------------------------------- records
@dataclass
class Record:
    """One line of the results: our samples against a floor's or a peer's, in the same run.

    ``ratio`` is ours / reference (median over median). For times lower is better; for
    throughput (``higher_is_better``) higher is. ``ours_over`` / ``ref_over`` mark samples
    that hit their time limit, whose median is then only a lower bound of the real figure.
    ``goal`` is the threshold on the ratio, or on our median itself where ``absolute``.
    """

    item: str
    size: str
    triples: int
    ours: list[float]
    ref: list[float] = field(default_factory=list)
    ref_label: str = ""
    unit: str = "s"
    ours_mb: list[float] = field(default_factory=list)
    ref_mb: list[float] = field(default_factory=list)
    ours_over: bool = False
    ref_over: bool = False
    higher_is_better: bool = False
    goal: float | None = None
    goal_text: str = ""
    note: str = ""
    family: str = ""
    absolute: bool = False

    @property
    def ours_median(self) -> float | None:
        return median(self.ours)

    @property
    def ref_median(self) -> float | None:
        return median(self.ref)

    @property
    def ratio(self) -> float | None:
        ours, ref = self.ours_median, self.ref_median
        if ours is None or not ref:
            return None
        return round(ours / ref, 4)

    def bound(self) -> str:
        """``<`` when the ratio is an upper bound, ``>`` a lower bound, ``?`` unknown."""
        if self.ours_over and self.ref_over:
            return "?"
        if self.ref_over:
            return ">" if self.higher_is_better else "<"
        if self.ours_over:
            return "<" if self.higher_is_better else ">"
        return ""

    def verdict(self) -> tuple[str, bool | None]:
        """The ratio as text (with its bound) and whether the goal is met (None: no goal or
        cannot tell)."""
        ratio, bound = self.ratio, self.bound()
        if self.absolute and self.goal is not None and self.ours_median is not None:
            ours = self.ours_median
            met = ours >= self.goal if self.higher_is_better else ours <= self.goal
            return f"{_num(ours, self.unit)} (ratio {_num(ratio)})", met and not self.ours_over
        if ratio is None or bound == "?":
            return "n/a", None
        text = f"{bound + ' ' if bound else ''}{_num(ratio)}"
        if self.goal is None:
            return text, None
        if self.higher_is_better:
            if bound == ">":
                return text, True if ratio >= self.goal else None
            if bound == "<":
                return text, False if ratio <= self.goal else None
            return text, ratio >= self.goal
        if bound == "<":
            return text, True if ratio <= self.goal else None
        if bound == ">":
            return text, False if ratio >= self.goal else None
        return text, ratio <= self.goal


def _num(value: float | None, unit: str = "") -> str:
    """A number with two or three significant digits."""
    if value is None:
        return "n/a"
    a = abs(value)
    if a >= 100:
        text = f"{value:.0f}"
    elif a >= 10:
        text = f"{value:.1f}"
    elif a >= 1:
        text = f"{value:.2f}"
    elif a >= 0.01:
        text = f"{value:.3f}"
    elif a == 0:
        text = "0"
    else:
        text = f"{value:.2g}"
    return f"{text} {unit}".rstrip() if unit else text


def _fmt(values: list[float], over: bool, unit: str) -> str:
    m = median(values)
    if m is None:
        return "—"
    return (">" if over else "") + _num(m, unit)


# ---------------------------------------------------------------------------- data sets
@dataclass
class Dataset:
    """One graph size: the curated graph, or a synthetic file with the bundled vocabulary and
    sentences (what ``--data FILE`` loads)."""

    label: str
    synthetic: Path | None
    meta: dict[str, Any]

    @property
    def files(self) -> list[Path]:
        """Every file the graph is made of, as bare loaders must be given them."""
        from graph.paths import bundled_graph_files, sentences_file, vocab_file

        if self.synthetic is None:
            return bundled_graph_files()
        return [self.synthetic, vocab_file(), sentences_file()]

    @property
    def data_args(self) -> list[str]:
        """``--data FILE`` for the ``kg`` commands (nothing: the bundled graph)."""
        return ["--data", str(self.synthetic)] if self.synthetic else []

    @property
    def load_files(self) -> list[str] | None:
        """What ``graph.load`` gets (None: the bundled graph)."""
        return [str(self.synthetic)] if self.synthetic else None

    @property
    def triples(self) -> int:
        return int(self.meta["triples"])

    @property
    def nominal(self) -> int:
        """The size asked for (``100k`` -> 100000; the curated graph: its triples)."""
        return parse_size(self.label) if self.synthetic else self.triples

    @property
    def hub(self) -> str:
        return str(self.meta["hub"])

    def params(self) -> dict[str, dict[str, Any]]:
        """Parameters of every named query: the hub for entities, a year, a sentence."""
        from graph import queries

        out: dict[str, dict[str, Any]] = {}
        for q in queries.all_queries():
            values: dict[str, Any] = {}
            for p in q.params:
                if p.kind == "entity":
                    values[p.name] = curie(self.hub)
                elif p.name == "n":
                    values[p.name] = SENTENCE if self.synthetic else CURATED_SENTENCE
                elif p.name == "year":
                    values[p.name] = YEAR
            out[q.name] = values
        return out


def curie(iri: str) -> str:
    """A prefixed name in the project's namespaces (``person:Stalin``): the one shortener."""
    from graph.terms import short

    return short(iri)


def _generator_tag() -> str:
    import hashlib

    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:10]


def prepare(label: str, cache: Path, log: Callable[[str], None]) -> Dataset:
    """The data set of a size: generate (once, cached) and describe it (hub, explain pair)."""
    synthetic: Path | None = None
    if label != "curated":
        target = parse_size(label)
        synthetic = cache / f"synthetic-{label}-seed0-{_generator_tag()}.ttl"
        if not synthetic.exists():
            log(f"generating {synthetic.name}")
            import generate

            generate.main(["--triples", str(target), "--seed", "0", "-o", str(synthetic)])
    dataset = Dataset(label, synthetic, {})
    meta_file = cache / f"meta-{label}-{_generator_tag() if synthetic else 'curated'}.json"
    stamp = [str(p.stat().st_size) for p in dataset.files]
    if meta_file.exists():
        saved = json.loads(meta_file.read_text())
        if saved.get("stamp") == stamp:
            dataset.meta = saved
            return dataset
    sample = run_process(common.worker_command("meta", {"paths": [str(p) for p in dataset.files]}),
                         capture=True, timeout=1800)
    dataset.meta = {**common.read_worker(sample), "stamp": stamp}
    meta_file.write_text(json.dumps(dataset.meta, indent=1))
    return dataset


# ---------------------------------------------------------------------------- the runner
@dataclass
class Command:
    """A whole-process command of a group, with its time limit and accepted exit codes."""

    argv: list[str]
    timeout: float
    ok_codes: tuple[int, ...] = (0,)
    worker: bool = False


class Runner:
    """Runs the items for each size, interleaving ours with its floors and peers."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.skip: set[str] = set(args.skip)
        self.records: list[Record] = []
        self.raw: dict[str, Any] = {}
        self.details: dict[str, Any] = {}
        self.errors: list[str] = []
        self.cache: Path = args.cache
        self.kg = kg_command()

    # -- logging and bookkeeping
    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def add(self, record: Record) -> None:
        self.records.append(record)
        text, met = record.verdict()
        verdict = "" if met is None else (" met" if met else " MISSED")
        self.log(f"  {record.size:>7} {record.item}: {_fmt(record.ours, record.ours_over, record.unit)}"
                 f" vs {_fmt(record.ref, record.ref_over, record.unit)} ({record.ref_label}),"
                 f" ratio {text}{verdict}")

    def group(self, key: str, commands: dict[str, Command], runs: int) -> dict[str, list[Sample]]:
        """Run each command ``runs`` times, interleaved, the order rotating every run.

        A command that fails, times out or takes longer than ``--slow`` seconds is not run
        again (its median is then of fewer runs; the note says so).
        """
        samples: dict[str, list[Sample]] = {name: [] for name in commands}
        done: set[str] = set()
        names = list(commands)
        for r in range(runs):
            order = names[r % len(names):] + names[: r % len(names)] if names else []
            for name in order:
                if name in done:
                    continue
                command = commands[name]
                sample = run_process(command.argv, timeout=command.timeout,
                                     capture=command.worker)
                samples[name].append(sample)
                if sample.timed_out:
                    done.add(name)
                elif sample.returncode not in command.ok_codes:
                    self.errors.append(f"{key}/{name}: exit {sample.returncode}: "
                                       f"{sample.stderr.strip()[-500:]}")
                    self.log(f"  {name} failed: exit {sample.returncode}: "
                             f"{sample.stderr.strip()[-300:]}")
                    done.add(name)
                elif sample.seconds > self.args.slow:
                    done.add(name)
        self.raw[key] = {name: [asdict(s) | {"stdout": s.stdout[-2000:]} for s in ss]
                         for name, ss in samples.items()}
        return samples

    def record(
        self, item: str, data: Dataset, ours: list[Sample], ref: list[Sample] | None,
        ref_label: str, *, family: str, goal: float | None = None, goal_text: str = "",
        note: str = "", value: Callable[[Sample], float] = lambda s: s.seconds,
        ok_codes: tuple[int, ...] = (0,), unit: str = "s", absolute: bool = False,
    ) -> Record:
        """A record from whole-process samples (timed-out ones count as lower bounds)."""
        def good(samples: list[Sample]) -> list[Sample]:
            return [s for s in samples if s.timed_out or s.returncode in ok_codes]

        ours_ok, ref_ok = good(ours), good(ref or [])
        runs = {len(ours_ok), len(ref_ok)} - {0}
        extra = f"{min(runs)} run(s)" if runs and min(runs) < self.args.runs else ""
        rec = Record(
            item, data.label, data.triples, [value(s) for s in ours_ok],
            [value(s) for s in ref_ok], ref_label,
            ours_mb=[s.peak_mb for s in ours_ok if not s.timed_out],
            ref_mb=[s.peak_mb for s in ref_ok if not s.timed_out],
            ours_over=any(s.timed_out for s in ours_ok), ref_over=any(s.timed_out for s in ref_ok),
            goal=goal, goal_text=goal_text, note="; ".join(filter(None, [note, extra])),
            family=family, unit=unit, absolute=absolute,
        )
        self.add(rec)
        return rec

    # -- items
    def run_size(self, data: Dataset) -> None:
        self.log(f"== {data.label}: {data.triples} triples, {data.meta['entities']} entities, "
                 f"{data.meta['edges']} edges; hub {curie(data.hub)}")
        if "load" not in self.skip or "check" not in self.skip:
            self.whole_process(data)
        if "queries" not in self.skip:
            self.named_queries(data)
        if "networkx" not in self.skip:
            self.in_process(data, "networkx", "networkx projection",
                            "floor: MultiDiGraph of one bare statement query", {})
        if "explain" not in self.skip:
            self.in_process(data, "explain", "explain (4 hops, 10 chains)",
                            "floor: nx.shortest_simple_paths on the floor graph",
                            {"a": data.hub, "b": data.meta["target"]})
        if "stats" not in self.skip:
            self.stats_memory(data)
        if "communities" not in self.skip:
            self.communities(data)
        if "render" not in self.skip or "browser" not in self.skip:
            self.render(data)
        # issue 22, item 6: the curation loop, on the curated graph and from 1M triples on
        if "curate" not in self.skip and (data.synthetic is None or data.nominal >= 1_000_000):
            self.curation(data)
        # issue 24, item 5: SPARQL inside the viewer's page, on the curated graph
        if "sparql" not in self.skip and "browser" not in self.skip and data.synthetic is None:
            self.sparql_page(data)

    # -- issue 24, item 5: SPARQL in the viewer's page (benchmarks/sparql.py)
    def sparql_page(self, data: Dataset) -> None:
        """The curated page with the SPARQL engine against the same page without: its first
        frame (the engine starts on the first query, so no later), each named query in the
        page once the engine runs (goal: the slowest within 100 ms, absolute), and its size
        (within the budget under which ``kg render`` puts the engine in by default)."""
        from viz.engine import PAGE_BUDGET

        self.log("SPARQL in the page (Chromium), with and without the engine, alternating")
        argv = [sys.executable, str(BENCH / "sparql.py"), "--runs", str(self.args.runs)]
        sample = run_process(argv, timeout=1800, capture=True)
        if sample.returncode != 0 or sample.timed_out:
            self.errors.append(f"sparql/{data.label}: exit {sample.returncode}: "
                               f"{sample.stderr.strip()[-500:]}")
            return
        result = json.loads(sample.stdout)
        self.details[f"sparql-{data.label}"] = result
        frames = result["first_frame"]
        self.add(Record(
            "viewer: first frame, page with the SPARQL engine", data.label, data.triples,
            frames["with"], frames["without"], "peer: the same page without it (--no-sparql)",
            goal=1.25, goal_text="≤ 1.25 (no later, within the noise)", family="sparql",
            note=f"the engine starts on the first query: "
                 f"{_num(median(result['start']), 's')} (decompress, compile, load, answer)",
        ))
        slowest = max(result["queries"], key=lambda n: median(result["queries"][n]) or 0)
        self.add(Record(
            "viewer: SPARQL named query in the page (slowest)", data.label, data.triples,
            result["slowest"], [0.1], "the goal: 0.1 s", goal=0.1, goal_text="≤ 0.1 s (absolute)",
            absolute=True, family="sparql",
            note=f"each named query, median of 5 after the engine started; slowest {slowest}",
        ))
        sizes = result["sizes"]
        self.add(Record(
            "viewer: page size with the SPARQL engine", data.label, data.triples,
            [sizes["with"] / 1e6], [PAGE_BUDGET / 1e6], "the budget (viz.engine.PAGE_BUDGET)",
            unit="MB", goal=1.0, goal_text="≤ 1 (within the budget)", family="sparql",
            note=f"without it {_num(sizes['without'] / 1e6, 'MB')}",
        ))

    # -- issue 22, item 6: save → checked → visible (benchmarks/curate.py)
    def curation(self, data: Dataset) -> None:
        """A statement saved through ``kg curate``'s application, checked on what it can
        affect, written, and listed by its sentence; goal 1 s on the curated graph, 2 s on a
        1M-triple one (absolute). The reference: the full ``kg check`` of the same files."""
        self.log("curation loop (save → checked → visible), fresh process")
        argv = [sys.executable, str(BENCH / "curate.py"), "--runs", str(self.args.runs)]
        argv += ["--data", str(data.synthetic)] if data.synthetic else []
        sample = run_process(argv, timeout=1800, capture=True)
        if sample.returncode != 0 or sample.timed_out:
            self.errors.append(f"curate/{data.label}: exit {sample.returncode}: "
                               f"{sample.stderr.strip()[-500:]}")
            return
        result = json.loads(sample.stdout)
        goal = 1.0 if data.synthetic is None else 2.0
        self.details[f"curate-{data.label}"] = result
        self.add(Record(
            "curate: save → checked → visible", data.label, data.triples, result["runs"],
            [result["full_check"]], "reference: the full kg check of the same files",
            goal=goal, goal_text=f"≤ {goal:g} s (absolute)", absolute=True, family="curate",
            note=f"workspace opened in {_num(result['open'], 's')}, not counted",
        ))

    def _query_file(self, data: Dataset, name: str) -> Path:
        """The named query with its parameters bound and PREFIX lines, for bare loaders."""
        from rdflib import URIRef

        from graph import queries
        from graph.namespaces import sparql_prologue
        from graph.sparql import bind_parameters

        named = queries.get(name)
        # no graph to look names up in: the hub is given as the term it is
        params = {k: (URIRef(data.hub) if v == curie(data.hub) else v)
                  for k, v in data.params()[name].items()}
        text = sparql_prologue() + bind_parameters(named.text, named.bind(params, None))
        path = self.cache / f"query-{data.label}-{name}.rq"
        path.write_text(text, encoding="utf-8")
        return path

    def whole_process(self, data: Dataset) -> None:
        files = data.files
        rdflib = "rdflib" not in self.skip
        limit = self.args.timeout
        cmds: dict[str, Command] = {}
        if "load" not in self.skip:
            cmds["ours-load"] = Command(
                [PYTHON, "-c", "import sys, graph; graph.load(sys.argv[1:] or None)",
                 *(data.load_files or [])], limit)
            cmds["floor-load"] = Command(common.floor_load(files), limit)
            if rdflib:
                cmds["rdflib-load"] = Command(common.peer_load(files), limit)
            for name in ("relations-of", "dated-in-year"):
                qfile = self._query_file(data, name)
                params = [f"{k}={v}" for k, v in data.params()[name].items()]
                cmds[f"ours-{name}"] = Command(
                    [*self.kg, "query", name, *(x for p in params for x in ("--param", p)),
                     *data.data_args, "--format", "tsv"], limit)
                cmds[f"floor-{name}"] = Command(common.floor_load_query(files, qfile), limit)
                if rdflib and name == "relations-of":
                    cmds[f"rdflib-{name}"] = Command(common.peer_load_query(files, qfile), limit)
        if "check" not in self.skip:
            cmds["ours-check"] = Command([*self.kg, "check", *(data.load_files or [])], limit,
                                         ok_codes=(0, 1))
            if "floor-load" not in cmds:
                cmds["floor-load"] = Command(common.floor_load(files), limit)
            if rdflib and data.nominal <= parse_size(self.args.pyshacl_max):
                from graph.paths import shapes_file

                cmds["pyshacl"] = Command(common.peer_shacl(files, shapes_file()), limit)
        self.log(f"whole processes: {', '.join(cmds)}")
        s = self.group(f"{data.label}/whole", cmds, self.args.runs)
        at_1m = data.triples >= 900_000
        if "load" not in self.skip:
            self.record("load", data, s["ours-load"], s["floor-load"],
                        "floor: bare pyoxigraph bulk_load", family="load")
            if rdflib:
                self.record("load vs rdflib", data, s["ours-load"], s["rdflib-load"],
                            "peer: rdflib Graph().parse", family="load",
                            goal=0.1 if at_1m else None, goal_text="≤ 0.1 (10x faster)")
            for name in ("relations-of", "dated-in-year"):
                self.record(f"load + query {name}", data, s[f"ours-{name}"], s[f"floor-{name}"],
                            "floor: bare pyoxigraph load + same SPARQL", family="load+query",
                            goal=1.5 if at_1m else None, goal_text="≤ 1.5",
                            note="kg query CLI, TSV to /dev/null")
                if rdflib and f"rdflib-{name}" in s:
                    self.record(f"load + query {name} vs rdflib", data, s[f"ours-{name}"],
                                s[f"rdflib-{name}"], "peer: rdflib parse + same SPARQL",
                                family="load+query", goal=0.1 if at_1m else None,
                                goal_text="≤ 0.1 (10x faster)")
                    self.record(f"(floor) load + query {name} vs rdflib", data,
                                s[f"floor-{name}"], s[f"rdflib-{name}"],
                                "peer: rdflib parse + same SPARQL", family="reference",
                                note="bare pyoxigraph against rdflib: the most any "
                                "pyoxigraph-based tool can gain")
            if rdflib:
                self.record("(floor) load vs rdflib", data, s["floor-load"], s["rdflib-load"],
                            "peer: rdflib Graph().parse", family="reference",
                            note="bare pyoxigraph against rdflib: the most any "
                            "pyoxigraph-based tool can gain")
        if "check" not in self.skip:
            problems = [smp.returncode for smp in s["ours-check"]]
            note = "kg check reported problems" if any(problems) else ""
            self.record("kg check", data, s["ours-check"], s["floor-load"],
                        "floor: bare pyoxigraph bulk_load", family="check", note=note,
                        ok_codes=(0, 1), goal=4.0 if data.triples >= 900_000 else None,
                        goal_text="≤ 4")
            if "pyshacl" in s:
                self.record("kg check vs pyshacl", data, s["ours-check"], s["pyshacl"],
                            "peer: rdflib parse + pyshacl.validate", family="check",
                            ok_codes=(0, 1))

    def _worker_runs(self, data: Dataset, name: str, sides: dict[str, dict[str, Any]],
                     runs: int) -> dict[str, list[tuple[Sample, dict[str, Any]]]]:
        """Run a worker for each side, ``runs`` times, interleaved; parsed results."""
        cmds = {side: Command(common.worker_command(name, args), self.args.timeout, worker=True)
                for side, args in sides.items()}
        samples = self.group(f"{data.label}/{name}", cmds, runs)
        out: dict[str, list[tuple[Sample, dict[str, Any]]]] = {}
        for side, ss in samples.items():
            out[side] = []
            for smp in ss:
                try:
                    out[side].append((smp, common.read_worker(smp)))
                except (RuntimeError, ValueError) as exc:
                    self.errors.append(f"{data.label}/{name}/{side}: {exc}")
        return out

    def named_queries(self, data: Dataset) -> None:
        args = {"files": data.load_files, "queries": data.params(), "repeats": 3}
        self.log("named queries (in-process: kg.run against store.query of the same SPARQL)")
        res = self._worker_runs(data, "queries", {"ours": args}, self.args.runs)["ours"]
        if not res:
            return
        names = list(data.params())
        peak = [smp.peak_mb for smp, _ in res]
        rows = res[0][1]["rows"]
        self.details.setdefault("rows", {})[data.label] = rows
        for name in names:
            mismatch = rows[name][0] != rows[name][1]
            self.add(Record(
                f"query {name}", data.label, data.triples,
                [r["seconds"][name] for _, r in res], [r["floor"][name] for _, r in res],
                "floor: store.query, same store", family="queries",
                note=f"{rows[name][0]} rows" + (" (floor: a different count!)" if mismatch else ""),
            ))
        self.add(Record(
            "all named queries (sum)", data.label, data.triples,
            [sum(r["seconds"].values()) for _, r in res], [sum(r["floor"].values()) for _, r in res],
            "floor: store.query, same store", family="queries", ours_mb=peak,
            note="peak memory: the whole worker process (graph loaded)",
        ))

    def in_process(self, data: Dataset, name: str, item: str, ref_label: str,
                   extra: dict[str, Any]) -> None:
        sides = {
            "ours": {"side": "ours", "files": data.load_files, **extra},
            "floor": {"side": "floor", "paths": [str(p) for p in data.files], **extra},
        }
        self.log(f"{item} (in-process, fresh process per run)")
        res = self._worker_runs(data, name, sides, self.args.runs)
        ours, floor = res.get("ours", []), res.get("floor", [])
        if not ours:
            return
        info = ours[0][1]
        note = (f"{info['nodes']} nodes, {info['edges']} edges" if name == "networkx"
                else f"{curie(extra['a'])} to {curie(extra['b'])}: {info['chains']} chains")
        if name == "networkx" and floor and floor[0][1]["edges"] != info["edges"]:
            note += f" (floor: {floor[0][1]['edges']} edges)"
        self.add(Record(
            item, data.label, data.triples, [r["seconds"] for _, r in ours],
            [r["seconds"] for _, r in floor], ref_label, family=name,
            goal=2.0 if name == "networkx" and data.triples >= 900_000 else None,
            goal_text="≤ 2",
            ours_mb=[s.peak_mb for s, _ in ours], ref_mb=[s.peak_mb for s, _ in floor],
            note=note + "; peak memory: whole process, graph loaded",
        ))

    def stats_memory(self, data: Dataset) -> None:
        """Peak memory of the counts against the store they come from: ``kg stats`` (the
        command, with its central persons) and ``kg.stats()`` against ``graph.load`` alone."""
        self.log("stats: peak memory against the loaded store (fresh process per run)")
        cmds = {
            "ours-cli": Command([*self.kg, "stats", *data.data_args], self.args.timeout),
            "ours-api": Command(common.worker_command(
                "stats", {"side": "ours", "files": data.load_files}), self.args.timeout,
                worker=True),
            "floor": Command(common.worker_command(
                "stats", {"side": "floor", "files": data.load_files}), self.args.timeout,
                worker=True),
        }
        s = self.group(f"{data.label}/stats", cmds, self.args.runs)
        at_1m = data.triples >= 900_000
        for name, item in (("ours-cli", "kg stats: peak memory"),
                           ("ours-api", "kg.stats(): peak memory")):
            self.record(item, data, s[name], s["floor"], "floor: graph.load alone",
                        family="stats", value=lambda smp: smp.peak_mb, unit="MB",
                        goal=1.1 if at_1m and name == "ours-cli" else None,
                        goal_text="≤ 1.1", note="whole process")

    def communities(self, data: Dataset) -> None:
        """``graph.analysis.communities``: networkit's ParallelLeiden against networkx's
        Louvain (the reference), same undirected view; the goal is on networkit's time."""
        self.log("communities (in-process, fresh process per run)")
        sides = {engine: {"files": data.load_files, "engine": engine}
                 for engine in ("networkit", "networkx")}
        res = self._worker_runs(data, "communities", sides, self.args.runs)
        ours, peer = res.get("networkit", []), res.get("networkx", [])
        if not ours:
            return
        info = ours[0][1]
        imports = median([r["import_seconds"] for _, r in ours])
        note = (f"{info['nodes']} nodes, {info['edges']} edges; modularity networkit "
                f"{info['modularity']:.3f}")
        if peer:
            note += f", networkx {peer[0][1]['modularity']:.3f}"
        note += f"; import networkit once per process: {_num(imports, 's')}, not counted"
        big = int(data.meta["entities"]) >= 20_000
        self.add(Record(
            "communities (networkit)", data.label, data.triples,
            [r["seconds"] for _, r in ours], [r["seconds"] for _, r in peer],
            "peer: networkx Louvain, same view", family="communities",
            ours_mb=[smp.peak_mb for smp, _ in ours], ref_mb=[smp.peak_mb for smp, _ in peer],
            goal=0.5 if big else None, goal_text="< 0.5 s (absolute)", absolute=True,
            note=note,
        ))

    def render(self, data: Dataset) -> None:
        pages = self.cache / "pages" / data.label
        pages.mkdir(parents=True, exist_ok=True)
        ours_page = pages / "ours.html"
        stock_args = {"files": data.load_files, "folder": str(pages)}
        cmds = {
            "ours": Command([*self.kg, "render", "-o", str(ours_page), *data.data_args],
                            self.args.timeout),
            "stock": Command(common.worker_command("stock-page", stock_args),
                             self.args.stock_timeout, worker=True),
        }
        runs = self.args.runs if "render" not in self.skip else 1
        self.log("render (whole process: kg render, and stock pyvis from the same graph)")
        s = self.group(f"{data.label}/render", cmds, runs)
        stock_page = pages / "stock.html"
        stock_ok = any(smp.ok for smp in s["stock"])
        if "render" not in self.skip:
            self.record("render: write the page", data, s["ours"], s["stock"],
                        "peer: stock pyvis (from_nx, write_html)", family="render",
                        goal=RENDER_SECONDS if data.label == "10k" else None,
                        goal_text=f"≤ {RENDER_SECONDS} s (absolute)", absolute=True,
                        note="whole process: load, project, lay out (no layout cache), write")
            if ours_page.exists():
                mb = ours_page.stat().st_size / 1e6
                ref = [stock_page.stat().st_size / 1e6] if stock_ok and stock_page.exists() else []
                self.add(Record("render: page size", data.label, data.triples, [mb], ref,
                                "peer: stock pyvis, in-line resources", unit="MB",
                                family="render-size"))
        if "browser" not in self.skip and ours_page.exists():
            browse_stock: Path | None = stock_page if stock_ok else None
            if browse_stock is None:
                browse_stock = self._indexed_stock_page(data, pages)
            self.browser(data, ours_page, browse_stock)

    def _indexed_stock_page(self, data: Dataset, pages: Path) -> Path | None:
        """Stock pyvis did not write its page in time (its ``from_nx`` takes quadratic time in
        the nodes): the same page, written with constant-time node look-ups, so that the
        browser can still be timed on it."""
        args = {"files": data.load_files, "folder": str(pages), "indexed": True}
        self.log("  stock page again, with indexed node ids (same page, for the browser)")
        sample = run_process(common.worker_command("stock-page", args), capture=True,
                             timeout=self.args.timeout)
        try:
            return Path(common.read_worker(sample)["path"])
        except (RuntimeError, ValueError, KeyError) as exc:
            self.errors.append(f"{data.label}/stock page (indexed): {exc}")
            return None

    def _browse(self, page: Path, hub: str, limit: float) -> dict[str, Any]:
        """One time-to-interactive measurement in a fresh Chromium, killed past ``limit``."""
        args = {"page": str(page), "hub": hub, "limit": limit}
        sample = run_process(common.worker_command("browser", args), capture=True,
                             timeout=limit + 30)
        if sample.timed_out:
            return {"loaded": None, "settled": None, "click": None, "killed": True}
        try:
            return common.read_worker(sample)
        except (RuntimeError, ValueError) as exc:
            self.errors.append(f"browser {page.name}: {exc}")
            return {"loaded": None, "settled": None, "click": None, "error": str(exc)[:300]}

    def browser(self, data: Dataset, ours: Path, stock: Path | None) -> None:
        """Time to interactive, ours against stock pyvis, alternating. At 1,000+ nodes the stock
        page gets up to 20x (and a margin) our first time, so that the goal can be decided,
        within ``--stock-timeout`` .. ``--stock-max`` seconds; it runs again only while it
        settles within its limit (after that a bound is all another run would give)."""
        nodes = int(data.meta["entities"])
        runs, base = self.args.runs, self.args.stock_timeout
        self.log(f"browser: time to interactive, {nodes} nodes (ours x{runs}, stock up to "
                 f"{runs} runs)")
        results: dict[str, list[dict[str, Any]]] = {"ours": [], "stock": []}
        limit = base
        for r in range(runs):
            results["ours"].append(self._browse(ours, data.hub, self.args.stock_max))
            if stock is None or (results["stock"] and results["stock"][-1]["settled"] is None):
                continue
            if r == 0:
                first = results["ours"][0]["settled"]
                if nodes >= 1000 and first is not None:
                    limit = min(max(base, 22 * first), max(base, self.args.stock_max))
            results["stock"].append(self._browse(stock, data.hub, limit) | {"limit": limit})
        self.details.setdefault("browser", {})[data.label] = results

        def settled(rs: list[dict[str, Any]], cap: float) -> tuple[list[float], bool]:
            values = [x["settled"] if x["settled"] is not None else x.get("limit", cap)
                      for x in rs]
            return values, any(x["settled"] is None for x in rs)

        ours_t, ours_over = settled(results["ours"], self.args.stock_max)
        stock_t, stock_over = settled(results["stock"], limit)
        heap = [x["heap_mb"] for x in results["ours"] if x.get("heap_mb")]
        stock_heap = [x["heap_mb"] for x in results["stock"] if x.get("heap_mb")]
        notes = [f"{nodes} nodes"]
        if stock is None:
            notes.append("stock page not built within its time limit")
        elif stock.name == "stock-indexed.html":
            notes.append("stock page written with indexed node ids (same page: stock pyvis "
                         "did not write it in time)")
        elif stock_over:
            notes.append(f"stock page not settled within {limit:.0f} s")
        click = median([x["click"] for x in results["ours"] if x.get("click") is not None])
        if click is not None:
            notes.append(f"click to selection {_num(click, 's')}")
        if nodes > 20_000:
            self._viewer_goal(data, ours, results["ours"])
        self.add(Record(
            "viewer: time to interactive", data.label, data.triples, ours_t, stock_t,
            "peer: stock pyvis page", ours_over=ours_over, ref_over=stock_over,
            ours_mb=heap, ref_mb=stock_heap, family="browser",
            goal=0.05 if nodes >= 1000 else None, goal_text="≤ 0.05 (20x sooner)",
            note="; ".join([*notes, "memory: JS heap"]),
        ))

    def _viewer_goal(self, data: Dataset, page: Path, runs: list[dict[str, Any]]) -> None:
        """Issue 15's goal for the big viewer, against its fixed bounds: interactive (first
        frame drawn) within VIEWER_SECONDS, a page under VIEWER_MB."""
        loaded = [x["loaded"] for x in runs if x.get("loaded") is not None]
        drawn = median([x["drawn"] for x in runs if x.get("drawn")])
        note = f"{data.meta['entities']} entities; the level of detail draws {drawn or '?':.0f} first" \
            if drawn else f"{data.meta['entities']} entities"
        self.add(Record("viewer: first frame, big graph", data.label, data.triples, loaded,
                        [VIEWER_SECONDS], f"the goal: {VIEWER_SECONDS:g} s",
                        ours_over=len(loaded) < len(runs), family="viewer-goal", goal=1.0,
                        goal_text=f"≤ 1 (within {VIEWER_SECONDS:g} s)", note=note))
        self.add(Record("viewer: page size, big graph", data.label, data.triples,
                        [page.stat().st_size / 1e6], [VIEWER_MB], f"the goal: {VIEWER_MB:g} MB",
                        unit="MB", family="viewer-goal", goal=1.0,
                        goal_text=f"< 1 (under {VIEWER_MB:g} MB)"))

    def serve(self, datasets: dict[str, Dataset]) -> None:
        """``kg serve`` against ``oxigraph serve-read-only`` on the curated data plus one
        synthetic graph, simple and named queries, 16 clients."""
        import serve as serve_bench

        from graph.namespaces import sparql_prologue
        from graph.paths import bundled_graph_files, data_dir

        label = self.args.serve_size
        data = datasets.get(label) or prepare(label, self.cache, self.log)
        extra = [data.synthetic] if data.synthetic else []
        kg_files = [data_dir() / "triples.ttl", *extra]
        ox_files = [*bundled_graph_files(), *extra]
        named = "relations-of"
        params = {"entity": curie(data.hub)}
        text = self._query_file(data, named).read_text(encoding="utf-8")
        assert text.startswith(sparql_prologue())
        requests, clients, rounds = self.args.serve_requests, 16, max(self.args.runs, 1)
        triples = data.triples + (datasets["curated"].triples if "curated" in datasets else 0)
        self.log(f"serve: kg serve vs oxigraph serve-read-only, curated + {label}, {clients} "
                 f"clients, {requests} requests x {rounds} rounds")
        procs: list[subprocess.Popen[bytes]] = []
        runs: dict[str, dict[str, list[dict[str, float]]]] = {
            q: {"kg": [], "oxigraph": []} for q in ("simple", "named")}
        memory: dict[str, float | None] = {}
        with tempfile.TemporaryDirectory() as tmp, \
                serve_bench.oxigraph_server(Path(tmp), ox_files, read_only=True) as ox_url, \
                serve_bench.kg_server(kg_files, procs, timeout=600) as kg_sparql:
            kg_base = kg_sparql.rsplit("/", 1)[0]
            targets = {
                ("simple", "kg"): None,
                ("simple", "oxigraph"): None,
                ("named", "kg"): [(f"{kg_base}/queries/{named}", params)],
                ("named", "oxigraph"): [(f"{ox_url}/query", {"query": text})],
            }
            endpoints = {"kg": kg_sparql, "oxigraph": ox_url + "/query"}
            for (_query, server), target in targets.items():  # warm up
                serve_bench.load(endpoints[server], 200, clients, targets=target)
            for r in range(rounds):
                for query in ("simple", "named"):
                    order = ["kg", "oxigraph"] if r % 2 == 0 else ["oxigraph", "kg"]
                    for server in order:
                        runs[query][server].append(serve_bench.load(
                            endpoints[server], requests, clients,
                            targets=targets[(query, server)]))
            memory["kg"] = common.tree_pss_mb(procs[0].pid) if procs else None
            ox_pid = next((pid for pid, cmd in common.children_of(os.getpid())
                           if "oxigraph" in cmd and "serve" in cmd), None)
            memory["oxigraph"] = common.tree_pss_mb(ox_pid) if ox_pid else None
        self.details["serve"] = {"runs": runs, "memory_pss_mb": memory, "dataset": label,
                                 "requests": requests, "clients": clients, "rounds": rounds}
        row = Dataset(f"curated+{label}", data.synthetic, {**data.meta, "triples": triples})
        for query, what in (("simple", "3 simple SPARQL queries"),
                            ("named", f"named query {named} ({curie(data.hub)})")):
            kg_runs, ox_runs = runs[query]["kg"], runs[query]["oxigraph"]
            failed = sum(x["failures"] for x in kg_runs + ox_runs)
            self.add(Record(
                f"serve {query}: throughput", row.label, triples,
                [x["rps"] for x in kg_runs], [x["rps"] for x in ox_runs],
                "peer: oxigraph serve-read-only", unit="req/s", higher_is_better=True,
                goal=0.5, goal_text="≥ 0.5", family="serve",
                ours_mb=[memory["kg"]] if memory["kg"] else [],
                ref_mb=[memory["oxigraph"]] if memory["oxigraph"] else [],
                note=f"{what}; {clients} clients; memory: PSS of the server's processes"
                + (f"; {failed} failed requests" if failed else ""),
            ))
            for pct in ("p50", "p99"):
                self.add(Record(
                    f"serve {query}: {pct} latency", row.label, triples,
                    [x[pct] for x in kg_runs], [x[pct] for x in ox_runs],
                    "peer: oxigraph serve-read-only", unit="ms", family="serve-latency",
                ))

    def virtuoso(self, datasets: dict[str, Dataset]) -> None:
        """``kg publish`` into a real Virtuoso (chunks, digest authentication, the count check)
        and a named query through ``--endpoint --graph``, beside the local floor: a bare
        pyoxigraph load of the same files and the same query, in the same run."""
        import serve as serve_bench  # noqa: F401  (puts tests/ on sys.path)
        from virtuoso_fixture import VIRTUOSO, virtuoso_server

        if not VIRTUOSO.is_file():
            self.log(f"virtuoso: skipped, {VIRTUOSO} is not installed")
            return
        label = self.args.virtuoso_size
        data = datasets.get(label) or prepare(label, self.cache, self.log)
        named, graph_iri = "relations-of", "https://w3id.org/stalin-kg/graph/benchmark"
        params = [x for k, v in data.params()[named].items() for x in ("--param", f"{k}={v}")]
        limit = self.args.timeout
        os.environ["KG_PASSWORD"] = "dba"  # a fresh database's administrator
        self.log(f"virtuoso: publish + count + {named} at {label}, against the local floor")
        with tempfile.TemporaryDirectory() as tmp, virtuoso_server(Path(tmp)) as v:
            remote = ["--endpoint", v.sparql, "--graph", graph_iri]
            cmds = {
                "publish": Command([*self.kg, "publish", *data.data_args, "--endpoint",
                                    v.graph_store, "--graph", graph_iri, "--user", "dba",
                                    "--count-endpoint", v.sparql], limit),
                "query": Command([*self.kg, "query", named, *params, *remote, "-f", "tsv"],
                                 limit),
                "floor": Command(common.floor_load_query(data.files,
                                                         self._query_file(data, named)), limit),
            }
            s = self.group(f"{label}/virtuoso", cmds, self.args.runs)
        pairs = list(zip(s["publish"], s["query"], strict=False))
        both = [Sample(a.seconds + b.seconds, max(a.peak_mb, b.peak_mb),
                       a.returncode or b.returncode, a.timed_out or b.timed_out)
                for a, b in pairs]
        self.record("Virtuoso: publish + count + named query", data, both, s["floor"],
                    "floor: bare pyoxigraph load + the query", family="virtuoso",
                    note=f"kg publish (chunks of 100k triples, digest auth, counted by SPARQL) "
                         f"then kg query {named} --endpoint --graph; Virtuoso 7.2.5")

    def big_file(self, datasets: dict[str, Dataset]) -> None:
        """Peak memory of ``kg query`` and ``kg check`` (each SHACL engine, whole or in parts)
        on a big file, against a bare pyoxigraph load of the same files measured the same way
        in the same run: the PSS of the whole process tree (``kg check`` validates in worker
        processes), sampled every 0.1 s. Each must stay within its budget (BIGFILE_BUDGETS)."""
        label = self.args.bigfile_size
        data = datasets.get(label) or prepare(label, self.cache, self.log)
        self.log(f"big file: peak memory (process tree) at {label}, against the bare load")
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "floor": (common.floor_load(data.files), {})}
        for name, (args, env, _, _) in BIGFILE_BUDGETS.items():
            files = data.data_args if args[0] == "query" else data.load_files or []
            commands[name] = ([*self.kg, *args, *files], env)
        samples: dict[str, list[Sample]] = {name: [] for name in commands}
        done: set[str] = set()
        names = list(commands)
        for r in range(self.args.runs):
            for name in names[r % len(names):] + names[: r % len(names)]:
                if name in done:
                    continue
                argv, env = commands[name]
                sample = common.run_tree_sampled(argv, timeout=self.args.timeout, env=env)
                samples[name].append(sample)
                if sample.timed_out or sample.returncode != 0:
                    if not sample.timed_out:
                        self.errors.append(f"bigfile/{name}: exit {sample.returncode}: "
                                           f"{sample.stderr.strip()[-500:]}")
                    done.add(name)
                elif sample.seconds > self.args.slow:
                    done.add(name)
        self.raw[f"{label}/bigfile"] = {name: [asdict(s) for s in ss]
                                        for name, ss in samples.items()}
        floor = median([s.peak_mb for s in samples["floor"] if s.ok])
        if floor is None:
            return
        for name, (_, _, factor, extra) in BIGFILE_BUDGETS.items():
            ok = [s for s in samples[name] if s.ok]
            budget = factor * floor + extra
            self.add(Record(
                f"big file: {name}: peak memory", data.label, data.triples,
                [s.peak_mb for s in ok], [budget], f"the budget: {factor:g} x floor + {extra:g} MB",
                unit="MB", ours_mb=[s.peak_mb for s in ok], ref_mb=[floor], family="bigfile",
                ours_over=any(s.timed_out for s in samples[name]), goal=1.0,
                goal_text=f"≤ 1 (within {factor:g} x floor + {extra:g} MB)",
                note=f"PSS of the process tree, sampled every 0.1 s; floor: bare pyoxigraph "
                     f"load {_num(floor, 'MB')}; {_num(median([s.seconds for s in ok]), 's')}",
            ))

    def cold_start(self, data: Dataset) -> None:
        cmds = {
            "kg": Command([*self.kg, "query", "exiled-with"], self.args.timeout),
            "rdflib": Command([PYTHON, "-c", "import rdflib"], self.args.timeout),
        }
        self.log("cold start: kg query exiled-with (curated) against python -c 'import rdflib'")
        self.group("cold-warmup", cmds, 1)  # bytecode caches written once, as after install
        s = self.group("cold", cmds, max(self.args.runs, 5))
        self.record("cold start: kg query", data, s["kg"], s["rdflib"],
                    "peer: python -c 'import rdflib'", family="cold",
                    goal=COLD_START, goal_text=f"≤ {COLD_START}",
                    note="kg query exiled-with on the curated graph")


# ---------------------------------------------------------------------------- output
_COLUMNS = ("item", "size", "ours", "reference", "ref", "ours/ref", "goal", "met",
            "peak MB ours", "peak MB ref")


def table_rows(records: Sequence[Record]) -> list[list[str]]:
    rows = []
    for r in records:
        text, met = r.verdict()
        rows.append([
            r.item, r.size, _fmt(r.ours, r.ours_over, r.unit), r.ref_label or "—",
            _fmt(r.ref, r.ref_over, r.unit), text, r.goal_text if r.goal is not None else "—",
            "—" if met is None else ("yes" if met else "NO"),
            _num(median(r.ours_mb)) if r.ours_mb else "—",
            _num(median(r.ref_mb)) if r.ref_mb else "—",
        ])
    return rows


def text_table(records: Sequence[Record]) -> str:
    """A fixed-width table for the terminal."""
    rows = [list(_COLUMNS), *table_rows(records)]
    rows = [[c if i != 3 else c.split(":", 1)[-1].strip() for i, c in enumerate(row)]
            for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(records: Sequence[Record], with_notes: bool = True) -> str:
    head = [*_COLUMNS, "notes"] if with_notes else list(_COLUMNS)
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r, row in zip(records, table_rows(records), strict=True):
        cells = [*row, r.note] if with_notes else row
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


GOALS = [
    ("Load + query at 1M triples within 1.5x of the bare pyoxigraph floor",
     lambda r: r.family == "load+query" and "rdflib" not in r.item and r.goal is not None),
    ("At least 10x faster than rdflib's default store (load, load + query, at 1M)",
     lambda r: "rdflib" in r.item and r.goal is not None),
    ("Viewer interactive at least 20x sooner than stock pyvis at 1,000+ nodes",
     lambda r: r.family == "browser" and r.goal is not None),
    ("The viewer at 27k nodes interactive within 3 s, its page under 20 MB",
     lambda r: r.family == "viewer-goal"),
    ("Endpoint throughput at least half of the Oxigraph server's",
     lambda r: r.family == "serve"),
    (f"kg render of the 10k graph within {RENDER_SECONDS} s, without the layout cache",
     lambda r: r.family == "render" and r.goal is not None),
    (f"kg query cold start on the curated graph at most {COLD_START}x python -c 'import rdflib'",
     lambda r: r.family == "cold"),
    ("kg check at 1M within 4x the bare load floor (pyshacl-turbo; pyshacl the reference)",
     lambda r: r.item == "kg check" and r.goal is not None),
    ("networkx projection at 1M within 2x its floor",
     lambda r: r.family == "networkx" and r.goal is not None),
    ("kg stats at 1M within 1.1x the store's memory",
     lambda r: r.family == "stats" and r.goal is not None),
    ("Communities at 27k nodes under 0.5 s (networkit; networkx the reference)",
     lambda r: r.family == "communities" and r.goal is not None),
    ("A 100 MB file: kg query and kg check (each engine) within their memory budgets over the "
     "bare load", lambda r: r.family == "bigfile"),
    # issue 22, item 6
    ("Curation: save → checked → visible within 1 s on the curated graph, 2 s at 1M",
     lambda r: r.family == "curate"),
    # issue 24, item 5
    ("SPARQL in the viewer's page: the first frame no later, each named query within 100 ms, "
     "the curated page within its size budget", lambda r: r.family == "sparql"),
]


def goal_lines(records: Sequence[Record]) -> list[tuple[str, str, list[str]]]:
    """(goal, verdict, evidence lines) for each goal of the issue."""
    out = []
    for title, pick in GOALS:
        chosen = [r for r in records if pick(r)]
        evidence, verdicts = [], []
        for r in chosen:
            text, met = r.verdict()
            verdicts.append(met)
            mark = "met" if met else ("cannot tell" if met is None else "MISSED")
            evidence.append(f"{r.item} ({r.size}): ours/ref {text}, goal {r.goal_text}: {mark}")
        if not chosen:
            verdict = "not measured"
        elif all(v is True for v in verdicts):
            verdict = "met"
        elif any(v is False for v in verdicts):
            verdict = "MISSED"
        else:
            verdict = "cannot tell"
        out.append((title, verdict, evidence))
    return out


def plot(records: Sequence[Record], path: Path) -> bool:
    """Time and peak memory against graph size, log-log, one line per operation."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    lines: list[tuple[str, Callable[[Record], bool], bool, str]] = [
        ("kg load (graph.load)", lambda r: r.item == "load", False, "-"),
        ("floor: bare pyoxigraph load", lambda r: r.item == "load", True, "--"),
        ("peer: rdflib load", lambda r: r.item == "load vs rdflib", True, ":"),
        ("kg query relations-of (load + query)",
         lambda r: r.item == "load + query relations-of", False, "-"),
        ("kg query dated-in-year (load + query)",
         lambda r: r.item == "load + query dated-in-year", False, "-"),
        ("kg check", lambda r: r.item == "kg check", False, "-"),
        ("10 named queries (in-process, sum)", lambda r: r.item == "all named queries (sum)",
         False, "-"),
        ("networkx projection (in-process)", lambda r: r.item == "networkx projection", False, "-"),
        ("explain (in-process)", lambda r: r.family == "explain", False, "-"),
        ("kg render", lambda r: r.item == "render: write the page", False, "-"),
        ("viewer: time to interactive (Chromium)", lambda r: r.family == "browser", False, "-."),
        ("stock pyvis page", lambda r: r.item == "render: write the page", True, ":"),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(15, 6.5))
    markers = "osD^v<>phX*P"
    for k, (label, pick, ref, style) in enumerate(lines):
        chosen = sorted((r for r in records if pick(r)), key=lambda r: r.triples)
        for ax, metric in ((axes[0], "time"), (axes[1], "memory")):
            xs, ys = [], []
            for r in chosen:
                if metric == "time":
                    y = r.ref_median if ref else r.ours_median
                    over = r.ref_over if ref else r.ours_over
                    if over:
                        continue
                else:
                    y = median(r.ref_mb if ref else r.ours_mb)
                if y:
                    xs.append(r.triples)
                    ys.append(y)
            if len(xs) >= 1:
                ax.plot(xs, ys, style, marker=markers[k % len(markers)], label=label,
                        color=f"C{k % 10}" if k < 10 else "black", linewidth=1.6, markersize=5)
    for ax, title, unit in ((axes[0], "Time (median of runs)", "seconds"),
                            (axes[1], "Peak memory (RSS of the process)", "MB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples in the graph")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle("stalin-kg benchmarks: time and memory against graph size (solid: ours; "
                 "dashed: floor; dotted: peer)")
    fig.tight_layout(rect=(0, 0.12, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


_NOTES_START, _NOTES_END = "<!-- notes: kept across runs -->", "<!-- /notes -->"


def _kept_notes(path: Path) -> str:
    """The hand-written analysis between the notes markers of an existing RESULTS.md."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    if _NOTES_START in text and _NOTES_END in text:
        return text.split(_NOTES_START, 1)[1].split(_NOTES_END, 1)[0].strip("\n")
    return ""


def write_markdown(path: Path, runner: Runner, info: dict[str, Any], started: float,
                   command: str, png: Path | None, datasets: dict[str, Dataset]) -> None:
    records = runner.records
    notes = _kept_notes(path)
    m = info
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} with `{command}` "
        f"({(time.time() - started) / 60:.0f} min).",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; shared "
        f"with other jobs (load average at start {_load(m['load_average'])}, at end "
        f"{_load(os.getloadavg() if hasattr(os, 'getloadavg') else None)}).",
        f"- Python {m['python']}; {versions}; {m['chromium'] or 'no Chromium'}.",
        f"- Code: commit `{m['commit']}`"
        + (f", with local changes to {', '.join(f'`{c}`' for c in m['changed'])} (measured as "
           "they were)" if m["changed"] else "") + ".",
        f"- Runs: median of {runner.args.runs} per figure (fewer where a run took over "
        f"{runner.args.slow:.0f} s or hit the {runner.args.timeout:.0f} s limit: see notes); "
        "floors and peers interleaved with ours in the same run.",
        "",
        "Graphs: the curated graph, and synthetic graphs from `benchmarks/generate.py` (seed 0) "
        "with the bundled vocabulary and sentences:",
        "",
        "| size | triples | entities | edges | hub (named-query parameter) | explain pair |",
        "|---|---|---|---|---|---|",
    ]
    for d in datasets.values():
        mm = d.meta
        lines.append(f"| {d.label} | {mm['triples']} | {mm['entities']} | {mm['edges']} | "
                     f"{curie(mm['hub'])} ({mm['hub_degree']} edges) | {curie(mm['hub'])} → "
                     f"{curie(mm['target'])} ({mm['distance']} hops) |")
    lines += ["", "## Goals", "", "| goal | verdict | evidence |", "|---|---|---|"]
    for title, verdict, evidence in goal_lines(records):
        lines.append(f"| {title} | **{verdict}** | {'<br>'.join(evidence) or '—'} |")
    lines += ["", "## All figures", "",
              "`ours/ref` is our median over the reference's: below 1 we are faster (for "
              "req/s, above 1 we serve more). `>`/`<` mark bounds where a run hit its time "
              "limit. Peak MB is the peak resident memory of the process (whole-process items) "
              "or of the worker process with the graph loaded (in-process items).", ""]
    lines.append(markdown_table(records))
    if png is not None:
        lines += ["", f"![time and peak memory against graph size]({png.name})"]
    serve = runner.details.get("serve")
    if serve:
        lines += ["", "### Endpoint", "",
                  f"Curated data + the {serve['dataset']} graph; {serve['clients']} concurrent "
                  f"clients (Python threads on the same 2 cores), {serve['requests']} requests "
                  f"per round, {serve['rounds']} rounds alternating the servers; medians:", "",
                  "| queries | server | req/s | p50 ms | p99 ms | failed | memory (PSS) MB |",
                  "|---|---|---|---|---|---|---|"]
        for query, per in serve["runs"].items():
            for server, rs in per.items():
                if not rs:
                    continue
                mem = serve["memory_pss_mb"].get(server)
                lines.append(
                    f"| {query} | {server} | {_num(median([x['rps'] for x in rs]))} | "
                    f"{_num(median([x['p50'] for x in rs]))} | {_num(median([x['p99'] for x in rs]))}"
                    f" | {sum(int(x['failures']) for x in rs)} | {_num(mem)} |")
    browser = runner.details.get("browser")
    if browser:
        lines += ["", "### Viewer in headless Chromium", "",
                  "Seconds from navigation: `loaded` = first frame drawn, `settled` = graph "
                  "still (time to interactive), `click` = click on the hub until it is "
                  "selected.", "",
                  "| size | page | runs | loaded | settled | click | JS heap MB |",
                  "|---|---|---|---|---|---|---|"]
        for label, result in browser.items():
            for side in ("ours", "stock"):
                rs = result.get(side) or []
                if not rs:
                    continue

                def med(key: str, rs: list[dict[str, Any]] = rs) -> str:
                    values = [x[key] for x in rs if x.get(key) is not None]
                    if len(values) < len(rs) and key != "heap_mb":
                        limit = max((x.get("limit") or runner.args.stock_timeout) for x in rs)
                        return f"> {limit:.0f} s"
                    return _num(median(values), "s" if key != "heap_mb" else "")
                lines.append(f"| {label} | {side} | {len(rs)} | {med('loaded')} | "
                             f"{med('settled')} | {med('click')} | {med('heap_mb')} |")
    if runner.errors:
        lines += ["", "### Errors during the run", ""]
        lines += [f"- `{e[:300]}`" for e in runner.errors]
    lines += [
        "", "## Notes", "", _NOTES_START,
        notes or "(Analysis of the figures, profiles of the misses and what is not ours: "
        "written by hand here; `run.py` keeps this block when it rewrites the file.)",
        _NOTES_END, "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _load(avg: Any) -> str:
    return "/".join(f"{x:.1f}" for x in avg) if avg else "n/a"


# ---------------------------------------------------------------------------- main
def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stalin-kg-bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help="comma-separated: curated, and triple counts such as 10k, 100k, 1m")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--skip", default="",
                        help=f"comma-separated items to leave out: {', '.join(SKIPPABLE)} "
                        "(rdflib: the rdflib and pyshacl peers)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md",
                        help="the report; results.json and results.png go beside it")
    parser.add_argument("--cache", type=Path, default=_default_cache(),
                        help="where generated graphs and pages are kept between runs")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds one measured process may take")
    parser.add_argument("--slow", type=float, default=150.0,
                        help="a process slower than this many seconds is not run again")
    parser.add_argument("--stock-timeout", type=float, default=120.0,
                        help="seconds the stock pyvis page may take to be built, and to settle")
    parser.add_argument("--stock-max", type=float, default=600.0,
                        help="at 1,000+ nodes, the stock page may take up to 20x our page's "
                        "time to settle, but no more than this many seconds")
    parser.add_argument("--pyshacl-max", default="100k",
                        help="largest graph the pyshacl peer of kg check runs on")
    parser.add_argument("--serve-size", default="100k",
                        help="synthetic graph served (with the curated data) by both servers")
    parser.add_argument("--serve-requests", type=int, default=2000,
                        help="requests per server, query set and round")
    parser.add_argument("--bigfile-size", default="2.2m",
                        help="synthetic graph (2.2m: about 100 MB of Turtle) on which the memory "
                        "of kg query and kg check is measured against their budgets")
    parser.add_argument("--virtuoso-size", default="1m",
                        help="synthetic graph published into Virtuoso (skipped when Virtuoso "
                        "is not installed)")
    args = parser.parse_args(argv)
    args.skip = [s.strip() for s in args.skip.split(",") if s.strip()]
    unknown = set(args.skip) - set(SKIPPABLE)
    if unknown:
        parser.error(f"--skip: unknown {', '.join(sorted(unknown))}; use {', '.join(SKIPPABLE)}")
    args.sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    for s in args.sizes:
        if s != "curated":
            try:
                parse_size(s)
            except ValueError:
                parser.error(f"--sizes: {s!r} is not curated or a number like 10k, 1m")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the table; write the report, raw JSON and plot."""
    args = parse_args(argv)
    started = time.time()
    args.cache.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    runner = Runner(args)
    info = common.machine()
    runner.log(f"{info['cpu']}, {info['cores']} cores; commit {info['commit']}"
               + (f" + changes to {', '.join(info['changed'])}" if info["changed"] else ""))
    datasets: dict[str, Dataset] = {}
    sizes = sorted(dict.fromkeys(args.sizes),
                   key=lambda s: -1 if s == "curated" else parse_size(s))
    for label in sizes:
        datasets[label] = prepare(label, args.cache, runner.log)
    for label in sizes:
        runner.run_size(datasets[label])
    if "cold" not in args.skip:
        curated = datasets.get("curated") or prepare("curated", args.cache, runner.log)
        datasets.setdefault("curated", curated)
        runner.cold_start(curated)
    if "serve" not in args.skip:
        try:
            runner.serve(datasets)
        except (RuntimeError, OSError) as exc:
            runner.errors.append(f"serve: {exc}")
            runner.log(f"serve failed: {exc}")
    if "bigfile" not in args.skip:
        runner.big_file(datasets)
    if "virtuoso" not in args.skip:
        try:
            runner.virtuoso(datasets)
        except (RuntimeError, OSError) as exc:
            runner.errors.append(f"virtuoso: {exc}")
            runner.log(f"virtuoso failed: {exc}")
    png = args.out.with_name("results.png")
    made_png = plot(runner.records, png)
    raw = {
        "machine": info, "args": {k: str(v) for k, v in vars(args).items()},
        "datasets": {k: d.meta for k, d in datasets.items()},
        "records": [asdict(r) | {"ratio": r.ratio, "verdict": r.verdict()} for r in runner.records],
        "details": runner.details, "samples": runner.raw, "errors": runner.errors,
    }
    args.out.with_name("results.json").write_text(json.dumps(raw, indent=1, default=str))
    command = "python3 benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    write_markdown(args.out, runner, info, started, command.strip(),
                   png if made_png else None, datasets)
    print(text_table(runner.records))
    print()
    for title, verdict, _ in goal_lines(runner.records):
        print(f"{verdict:>12}  {title}")
    print(f"\nwrote {args.out}, {args.out.with_name('results.json')}"
          + (f", {png}" if made_png else " (no plot: pip install matplotlib)"))
    for error in runner.errors:
        print(f"error: {error[:300]}", file=sys.stderr)
    return 1 if runner.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

