"""``kg serve`` against ``oxigraph serve-read-only`` on the same data, in the same run.

Starts both on free loopback ports, sends each the same simple queries (GET ``?query=``, or
POST ``application/sparql-query`` with ``--post``; the project's PREFIX lines included; SPARQL
JSON back) from 16 concurrent clients for a fixed number of requests, alternating servers round
by round, and prints throughput and p50/p99 latency (medians over the rounds) with the ratio
kg/oxigraph.

    python benchmarks/serve.py [--requests 3000] [--clients 16] [--rounds 3] [--post]

The load generator is Python (httpx, one thread and one keep-alive connection per client) on the
same machine as the servers, so on 2 cores it takes CPU from them: compare the ratio, not the
absolute numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from oxigraph_fixture import free_port, oxigraph_server, wait_until_up  # noqa: E402

from graph.namespaces import sparql_prologue  # noqa: E402
from graph.paths import bundled_graph_files  # noqa: E402

QUERIES = [
    "ASK { person:Stalin rel:exiledWith person:Kamenew }",
    'SELECT ?label WHERE { person:Stalin rdfs:label ?label FILTER(LANG(?label) = "en") }',
    "SELECT ?victim ?sentence WHERE { person:Stalin rel:hadShot ?victim . ?st rdf:subject "
    "person:Stalin ; rdf:object ?victim ; prov:wasDerivedFrom/kg:sentenceNumber ?sentence }",
]


@contextmanager
def kg_server(
    files: Sequence[Path] | None = None, started: list[subprocess.Popen[bytes]] | None = None,
    timeout: float = 20,
) -> Iterator[str]:
    """``kg serve`` with its default settings over ``files`` (default: the bundled graph), in a
    process of its own; yields the SPARQL endpoint URL. The process is appended to ``started``
    (for memory readings) when given; ``timeout`` is how long loading may take."""
    port = free_port()
    given = repr([str(f) for f in files]) if files else "None"
    code = f"from kgapp.server import Settings, serve; serve({given}, Settings(port={port}))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if started is not None:
        started.append(process)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/health", process, timeout)
        yield url + "/sparql"
    finally:
        process.terminate()
        process.wait(timeout=20)


def load(
    endpoint: str, requests: int, clients: int, post: bool = False,
    targets: Sequence[tuple[str, dict[str, str]]] | None = None,
) -> dict[str, float]:
    """Send ``requests`` queries from ``clients`` threads; throughput, latencies and failures.

    By default the :data:`QUERIES` go to ``endpoint``; ``targets`` instead gives the GET
    requests to cycle through, as (URL, query-string parameters) pairs.
    """
    texts = [sparql_prologue() + q for q in QUERIES]
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def client(n: int) -> None:
        nonlocal failures
        mine, failed = [], 0
        with httpx.Client(trust_env=False, timeout=30) as http:
            for i in range(n):
                started = time.perf_counter()
                text, accept = texts[i % len(texts)], "application/sparql-results+json"
                if targets:
                    url, params = targets[i % len(targets)]
                    r = http.get(url, params=params, headers={"Accept": accept})
                elif post:
                    r = http.post(endpoint, content=text, headers={
                        "Accept": accept, "Content-Type": "application/sparql-query"})
                else:
                    r = http.get(endpoint, params={"query": text}, headers={"Accept": accept})
                mine.append(time.perf_counter() - started)
                failed += r.status_code != 200
        with lock:
            latencies.extend(mine)
            failures += failed

    shares = [requests // clients + (i < requests % clients) for i in range(clients)]
    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, shares))
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": requests / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "failures": failures,
        "client_cpu": (time.process_time() - cpu) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per server and round")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (medians are reported)")
    parser.add_argument("--post", action="store_true", help="POST the queries instead of GET")
    args = parser.parse_args()

    runs: dict[str, list[dict[str, float]]] = {"kg serve": [], "oxigraph serve": []}
    with tempfile.TemporaryDirectory() as tmp, \
            oxigraph_server(Path(tmp), bundled_graph_files(), read_only=True) as oxigraph, \
            kg_server() as kg:
        endpoints = {"kg serve": kg, "oxigraph serve": oxigraph + "/query"}
        for endpoint in endpoints.values():  # warm up: connections, caches, first forks
            load(endpoint, 200, args.clients, args.post)
        for r in range(args.rounds):
            order = list(endpoints) if r % 2 == 0 else list(reversed(endpoints))
            for name in order:
                runs[name].append(load(endpoints[name], args.requests, args.clients, args.post))

    print(f"{'POST' if args.post else 'GET'}, {args.requests} requests x {args.rounds} rounds, "
          f"{args.clients} concurrent clients, {os.cpu_count()} CPUs; medians over rounds")
    print(f"{'server':<16}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'failed':>8}{'client CPU':>12}")
    median = {name: {k: statistics.median(run[k] for run in rs) for k in rs[0]} for name, rs in runs.items()}
    for name, m in median.items():
        print(f"{name:<16}{m['rps']:>9.0f}{m['p50']:>9.2f}{m['p99']:>9.2f}"
              f"{sum(run['failures'] for run in runs[name]):>8.0f}{m['client_cpu']:>11.0%}")
    ours, peer = median["kg serve"], median["oxigraph serve"]
    print(f"{'kg / oxigraph':<16}{ours['rps'] / peer['rps']:>9.2f}{ours['p50'] / peer['p50']:>9.2f}"
          f"{ours['p99'] / peer['p99']:>9.2f}")


if __name__ == "__main__":
    main()
