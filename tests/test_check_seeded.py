"""``kg check`` reports a seeded set of problems in a generated graph exactly as it did before
its SHACL run was made faster (issue 22, item 6).

The graph: ``benchmarks/generate.py``'s (as ``tests/test_check_scale.py`` makes it) with a defect
of most kinds every few lines (:func:`test_check_scale.mutated`), plus blank nodes with and
without defects (their labels must survive loading so that findings name and locate them).
``tests/fixtures/check/seeded-expected.json`` is the report of commit ``e672beb`` (the tree
before the change), one problem a row: file, line, node, message, rule. Every way of running
SHACL must give it: pyshacl-turbo on the whole store and in parts, and pyshacl.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_check_scale import generated, mutated, write

from graph.check import Report, check_report

EXPECTED = Path(__file__).parent / "fixtures" / "check" / "seeded-expected.json"
ENTITIES, EDGES = 600, 1800  # about 22,000 triples

#: Blank nodes, labelled and anonymous, some breaking a shape, some a Python rule.
BLANK_NODES = """
_:anonymousPerson a kg:Person ;
    rdfs:label "Ohne Namen"@de, "Nameless"@en .
_:statement a rdf:Statement ;
    rdf:subject person:synthetic-1 ;
    rdf:predicate rel:helped ;
    rdf:object person:synthetic-2 ;
    kg:basis kg:Stated .
[] a kg:Reference ;
    <http://purl.org/dc/terms/title> "Anonym" .
"""


def seeded(path: Path) -> Path:
    """Write the seeded graph to ``path``."""
    lines = mutated(generated(ENTITIES, EDGES))
    return write(path, [*lines, *BLANK_NODES.split("\n")])


def rows(report: Report, folder: Path) -> list[list[object]]:
    """The report's problems as rows (file relative to ``folder``, line, node, message, rule);
    anonymous blank nodes (``[]``, named anew on every load) as ``_:``."""
    out = []
    for p in report.problems:
        node = p.node.n3()
        if node.startswith("_:") and "anonymous" not in node and "statement" not in node:
            node = "_:"
        out.append([Path(p.file).relative_to(folder).as_posix() if Path(p.file).is_relative_to(folder)
                    else Path(p.file).name, p.line, node, p.message, p.rule])
    return sorted(out, key=lambda r: (str(r[0]), r[1] or 0, str(r[2]), str(r[3]), str(r[4])))


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded(tmp_path_factory.mktemp("seeded") / "seeded.ttl")


@pytest.mark.parametrize(
    ("engine", "workers"),
    [("pyshacl-turbo", 1), ("pyshacl-turbo", 2), ("pyshacl", 1)],
    ids=["turbo whole", "turbo in parts", "pyshacl"],
)
def test_seeded_problems_are_reported_as_before(seeded_file: Path, engine: str, workers: int) -> None:
    if engine == "pyshacl-turbo":
        pytest.importorskip("pyshacl_turbo")
    report = check_report([seeded_file], engine=engine, workers=workers)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert len(expected) > 100
    assert rows(report, seeded_file.parent) == expected
