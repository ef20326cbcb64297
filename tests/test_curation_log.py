"""The curation log's current figures are the data's.

``data/CURATION.md`` opens each revision with a line "Counts after this revision: N statements
(A stated, B inferred, C reported) about E entities (K events, ...); R relations in
`vocab.ttl`". The latest such line must hold for the bundled graph; older ones are history.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import graph

CURATION = Path(__file__).resolve().parents[1] / "data" / "CURATION.md"

# singular and plural of each entity kind as the log writes them
KINDS = {
    "event": "Event", "person": "Person", "organisation": "Organisation", "group": "Group",
    "position": "Position", "place": "Place", "state": "State", "document": "Document",
}


def latest_counts() -> str:
    """The latest "Counts after this revision" paragraph, on one line."""
    text = CURATION.read_text(encoding="utf-8")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    counts = [p for p in paragraphs if p.startswith("Counts after this revision:")]
    assert counts, "data/CURATION.md has no 'Counts after this revision' line"
    return counts[-1]


def parse(line: str) -> dict[str, object]:
    """The figures of a counts line.

    >>> parse("Counts after this revision: 3 statements (1 stated, 1 inferred, 1 reported) "
    ...       "about 2 entities (1 event, 1 person); 4 relations in `vocab.ttl`. Before: 9")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'statements': 3, 'bases': {'stated': 1, 'inferred': 1, 'reported': 1}, 'entities': 2,
     'kinds': {'Event': 1, 'Person': 1}, 'relations': 4}
    """
    m = re.match(
        r"Counts after this revision: (\d+) statements \((\d+) stated, (\d+) inferred, "
        r"(\d+) reported\) about (\d+) entities \(([^)]*)\); (\d+) relations in `vocab\.ttl`",
        line,
    )
    assert m, f"the counts line does not read as expected: {line[:160]}"
    kinds = {}
    for part in m.group(6).split(","):
        n, word = part.split()
        kinds[KINDS[word.rstrip("s")]] = int(n)
    return {
        "statements": int(m.group(1)),
        "bases": {"stated": int(m.group(2)), "inferred": int(m.group(3)),
                  "reported": int(m.group(4))},
        "entities": int(m.group(5)),
        "kinds": kinds,
        "relations": int(m.group(7)),
    }


def test_the_latest_counts_are_the_datas(kg: graph.KnowledgeGraph) -> None:
    logged = parse(latest_counts())
    stats = kg.stats()
    bases = Counter(s.basis for s in kg.statements)
    actual = {
        "statements": stats["statements"],
        "bases": {b: bases[b] for b in ("stated", "inferred", "reported")},
        "entities": sum(stats["entities"].values()),
        "kinds": {k: n for k, n in stats["entities"].items() if n},
        "relations": len(kg.relation_catalogue),
    }
    assert logged == actual, (
        "data/CURATION.md: the latest 'Counts after this revision' line disagrees with the data; "
        f"it says {logged}, the data has {actual}"
    )
