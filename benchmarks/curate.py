"""Issue 22, item 6: save → checked → visible in the workbench, on the curated graph (goal
≤ 1 s) and a 1M-triple graph (goal ≤ 2 s), against the full ``kg check`` of the same files.

One run: POST a new statement to ``kg curate``'s application (checked by the rules on what the
change can affect, written atomically), then GET its sentence, whose answer lists it; then undo
it (not timed). The sentence is read once before the runs, as the curator reads it before
making a statement from it (which also reads the entities' labels once). The reference is ``graph.check.check_report`` on the same files.

    python benchmarks/curate.py                  # the curated graph
    python benchmarks/curate.py --triples 1000000
    python benchmarks/curate.py --data big.ttl   # a file of benchmarks/generate.py
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``graph`` importable from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

__all__ = ["measure"]


def measure(data: Path | None = None, triples: int | None = None,
            runs: int = 3) -> dict[str, object]:
    """Time ``runs`` saves made visible, and one full check, on a copy of the curated graph, or
    of the synthetic statements file ``data``, or of a synthetic graph of about ``triples``."""
    import pyoxigraph as ox
    from starlette.testclient import TestClient

    from graph.check import check_report
    from graph.edit import Workspace
    from graph.namespaces import KG, RDF
    from graph.paths import data_dir
    from kgapp.curate.app import create_app

    folder = Path(tempfile.mkdtemp(prefix="kg-curate-bench-"))
    try:
        for name in ("triples.ttl", "vocab.ttl", "sentences.ttl", "shapes.ttl"):
            shutil.copy(data_dir() / name, folder / name)
        if data is not None or triples:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from generate import FIRST_SENTENCE, generate_triples

            if data is not None:
                shutil.copy(data, folder / "triples.ttl")
            else:
                (folder / "triples.ttl").write_text(generate_triples(triples or 0), "utf-8")
            number = FIRST_SENTENCE
        else:
            number = 7
        began = time.perf_counter()
        ws = Workspace.open(folder)
        opened = time.perf_counter() - began
        persons = ws.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)),
                                             ox.NamedNode(str(KG.Person)), None)
        subject, obj = (str(getattr(next(persons).subject, "value", "")) for _ in range(2))
        client = TestClient(create_app(ws, token="t"), base_url="http://127.0.0.1:1")
        headers = {"X-KG-Token": "t", "Content-Type": "application/json"}
        sentence = ws.sentence_iri(number)
        text = ws.sentence_text(sentence)
        subject_iri, object_iri = subject, obj
        client.get("/api/sentence", params={"iri": sentence})  # the curator reads it first
        seconds = []
        for _ in range(runs):
            began = time.perf_counter()
            saved = client.post("/api/statement", headers=headers, json={
                "sentence": sentence, "spans": [[0, min(len(text), 12)]],
                "subject": subject_iri, "relation": "criticised", "object": object_iri,
                "basis": "inferred", "note": "benchmark"}).json()
            listed = client.get("/api/sentence", params={"iri": sentence}).json()
            seconds.append(time.perf_counter() - began)
            if not saved.get("ok") or saved["statement"] not in {
                    s["iri"] for s in listed["statements"]}:
                raise RuntimeError(f"the save was not made visible: {saved}")
            client.post("/api/undo", headers=headers, json={})
        files = [folder / "triples.ttl", folder / "sentences.ttl", folder / "vocab.ttl"]
        began = time.perf_counter()
        check_report(files)
        full = time.perf_counter() - began
        return {"triples": len(ws.store), "runs": seconds, "median": statistics.median(seconds),
                "full_check": full, "open": opened}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None,
                        help="a synthetic statements file (benchmarks/generate.py) [default: the "
                        "curated graph]")
    parser.add_argument("--triples", type=int, default=None,
                        help="generate a synthetic graph of about this many triples")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.data, args.triples, args.runs), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
