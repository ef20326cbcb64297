"""Where the tests find the files they read that are not the project's own data: the W3C test
suites and the source text, copied into the repository (``tests/suites/``, ``tests/fixtures/``)
so that a checkout alone runs every test.

>>> (TURTLE_SUITE / "manifest.ttl").is_file(), (PROTOCOL_SUITE / "manifest.ttl").is_file()
(True, True)
>>> len(SOURCE_TEXT.read_text(encoding="utf-8").splitlines())
25
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROTOCOL_SUITE", "SOURCE_TEXT", "TESTS", "TURTLE_SUITE"]

#: This folder.
TESTS = Path(__file__).resolve().parent

#: The W3C RDF 1.1 Turtle tests (w3c/rdf-tests, ``rdf/rdf11/rdf-turtle``), unchanged: run as
#: they are, never edited to make a test pass (their README and LICENSE are beside them).
TURTLE_SUITE = TESTS / "suites" / "rdf-turtle"

#: The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, ``sparql/sparql11/protocol``), unchanged.
PROTOCOL_SUITE = TESTS / "suites" / "sparql11-protocol"

#: The 25 sentences the graph is curated from, one a line, as taken from the German Wikipedia
#: article "Josef Stalin" (CC BY-SA 4.0; see ``tests/fixtures/source.md``). ``data/sentences.ttl``
#: holds the same text; the tests compare the graph against this copy.
SOURCE_TEXT = TESTS / "fixtures" / "source.txt"
