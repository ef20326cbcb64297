"""The README is true and short: the two commands as they are, its Python examples run, its
figures are the bundled graph's, and it points into the documentation.

What the long README used to hold moved into ``docs/``; ``tests/test_docs.py`` holds those pages
(and the README's own console examples and links) to the code.
"""

from __future__ import annotations

import doctest
import re
from collections import Counter
from pathlib import Path

import graph
from graph.coverage import coverage

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _text() -> str:
    return README.read_text(encoding="utf-8")


def test_the_two_commands_are_there() -> None:
    text = _text()
    assert (".venv/bin/pip install . && .venv/bin/kg render -o stalin-kg.html --open") in text
    assert ".venv/bin/pip install '.[test]' && .venv/bin/python -m pytest" in text


def test_it_is_short() -> None:
    assert len(_text().splitlines()) < 150


def test_python_examples_run() -> None:
    result = doctest.testfile(
        str(README), module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted >= 3
    assert result.failed == 0


def test_figures_are_the_graphs(kg: graph.KnowledgeGraph) -> None:
    """The counts in the opening paragraphs, computed from the bundled graph."""
    text = " ".join(_text().split())
    stats = kg.stats()
    types = stats["entities"]
    bases = Counter(s.basis for s in kg.statements)
    cover = coverage(kg).to_dict()
    sentences = len(kg.query("SELECT ?s { ?s a kg:Sentence }").rows)
    expected = [
        f"{sentences} sentences of the German Wikipedia article",
        f"{stats['statements']} statements about {sum(types.values())} entities",
        f"({types['Event']} events, {types['Person']} persons, "
        f"{types['Organisation']} organisations, {types['Group']} groups, ...)",
        f"{bases['stated']} **stated**",
        f"{bases['inferred']} **inferred**",
        f"{bases['reported']} **reported**",
        f"{len(kg.relation_catalogue)} relations with German and English labels",
        f"({round(100 * cover['share'])}% of the words are quoted)",
    ]
    for phrase in expected:
        assert phrase in text, f"the README should say: {phrase}"


def test_it_points_into_every_part_of_the_docs() -> None:
    targets = set(re.findall(r"\]\((docs/[^)#]+)", _text()))
    for part in ("guide", "curating", "reference", "operating", "contributing"):
        assert any(t.startswith(f"docs/{part}/") for t in targets), f"no link into docs/{part}/"
    for target in targets:
        assert (ROOT / target).exists(), f"{target} does not exist"
