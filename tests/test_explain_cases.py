"""The shared list of explained pairs (``tests/fixtures/explain_cases.json``): graph.explain finds
exactly its chains. The viewer's chains.js is held to the same list by the Node tests
(``viz/frontend/test/explain.test.js``, ``npm test``), so the two explains cannot drift apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import graph
from graph.explain import explain

CASES = json.loads((Path(__file__).parent / "fixtures" / "explain_cases.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def kg() -> graph.KnowledgeGraph:
    return graph.load()


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: f"{c['a']}-{c['b']}")
def test_python_explains_as_the_shared_list_says(kg: graph.KnowledgeGraph,
                                                 case: dict[str, Any]) -> None:
    chains = explain(kg, case["a"], case["b"], max_hops=case["max_hops"], limit=case["limit"],
                     avoid=case["avoid"])
    got = [[kg.curie(node) for node in c.nodes] for c in chains]
    assert sorted(got, key=lambda c: (len(c), c)) == case["chains"]
    assert [len(c) for c in got] == sorted(len(c) for c in got)  # shortest first
