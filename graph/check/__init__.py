"""Validate RDF files against the project's rules and say where each problem is written.

The rules are the registered list :data:`RULES` (see :mod:`graph.check.rules`): the SHACL
shapes of ``data/shapes.ttl`` (labels, dates, statement structure and basis, sentences), and
the checks SHACL cannot express, one module per family: quotes verbatim in their sentence
(:mod:`~graph.check.quotes`), entities declared (:mod:`~graph.check.entities`), edges and
statements backing each other and relations declared (:mod:`~graph.check.edges`), no duplicate
statements (:mod:`~graph.check.duplicates`), and the basis of a statement: a date not in its
sentence is inferred, inferred and reported statements explain themselves
(:mod:`~graph.check.basis`).

How it scales: the triples live in a pyoxigraph ``Store`` (compact, in Rust). The rules other
than SHACL are SPARQL queries over it that return only the suspects, which Python then judges
one by one (:mod:`~graph.check.triples`). SHACL runs beside them: pyshacl-turbo on the whole
store in a thread, or for big inputs on parts of it (split by subject) in worker processes, or
(the reference, ``KG_SHACL_ENGINE=pyshacl``, and the fallback when pyshacl-turbo is missing)
pyshacl on the focus nodes in chunks, in worker processes for big inputs
(:mod:`~graph.check.shacl`). Files are re-read for ``file:line``
only when there are problems to locate (:class:`graph.locate.Locator`); :mod:`~graph.check.run`
puts it together, :mod:`~graph.check.report` is what comes out.

>>> from pathlib import Path
>>> report = check_report()
>>> [Path(name).name for name in report.files]
['triples.ttl', 'sentences.ttl', 'vocab.ttl', 'criticism.ttl']
>>> from graph.namespaces import PERSON
>>> str(Problem("a.ttl", 3, PERSON.Stalin, "needs an English rdfs:label"))
'a.ttl:3: person:Stalin: needs an English rdfs:label'
>>> "date-in-sentence" in [rule.name for rule in RULES]
True
"""

from __future__ import annotations

from graph.check.entities import ENTITY_CLASSES
from graph.check.report import Problem, Report, short_name
from graph.check.rules import RULES, Rule, rules_text
from graph.check.run import check, check_report

__all__ = [
    "ENTITY_CLASSES",
    "RULES",
    "Problem",
    "Report",
    "Rule",
    "check",
    "check_report",
    "rules_text",
    "short_name",
]
