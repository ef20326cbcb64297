"""What ``kg check`` reports: problems located at ``file:line``, and the run's summary.

A rule yields :class:`Finding` objects (a node, what is wrong and what to do, and where to look
for it); the runner turns each into a :class:`Problem` once it knows the file and line.

>>> from graph.namespaces import PERSON
>>> str(Problem("a.ttl", 3, PERSON.Stalin, "needs an English rdfs:label"))
'a.ttl:3: person:Stalin: needs an English rdfs:label'
>>> Report((), ("a.ttl",), 12).summary()
'ok: 1 file, 12 triples, 0 problems'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.locate import Anchor
from graph.messages import message
from graph.terms import written

__all__ = ["Finding", "Problem", "Report", "short_name"]

def short_name(node: Node) -> str:
    """Write ``node`` as a prefixed name where a project prefix fits, else in Turtle syntax.

    >>> short_name(URIRef("https://w3id.org/stalin-kg/sentence/08"))
    'sentence:08'
    >>> from rdflib.namespace import XSD
    >>> short_name(Literal("1927-13-45", datatype=XSD.date))
    '"1927-13-45"^^xsd:date'
    """
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        text = text if len(text) <= 80 else text[:79] + "…"
        suffix = f"@{node.language}" if node.language else ""
        if node.datatype is not None:
            suffix = f"^^{short_name(node.datatype)}"
        return f'"{text}"{suffix}'
    if isinstance(node, URIRef):
        return written(str(node))
    return node.n3()


class Finding(NamedTuple):
    """A problem before it is located: anchors are tried in order of preference.

    ``shape`` is the SHACL shape that found it (None for the other rules).
    """

    node: Node
    message: str
    anchors: tuple[Anchor, ...]
    #: locate at the earliest anchor in the files, not the first anchor found
    earliest: bool = False
    shape: Node | None = None


@dataclass(frozen=True)
class Problem:
    """One defect: the file and line where it is written, the offending node, what to do.

    ``rule`` names the rule of :data:`graph.check.RULES` that found it (not part of the
    printed form, nor of equality: the same defect found twice is one problem).
    """

    file: str
    line: int | None
    node: Node
    message: str
    rule: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {short_name(self.node)}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`graph.check.check_report`: problems, and what was checked.

    ``engine`` is the SHACL engine that ran; ``notes`` say why it is not the one asked for
    (``SHACL: pyshacl (pyshacl-turbo not installed)``).
    """

    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    triples: int
    engine: str = "pyshacl-turbo"
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: ``ok: 3 files, 1234 triples, 0 problems`` or ``2 problems in 1 file``."""

        def files(n: int) -> str:
            return message("check.oneFile", n=n) if n == 1 else message("check.files", n=n)

        if self.ok:
            return message("check.ok", files=files(len(self.files)), triples=self.triples)
        n = len(self.problems)
        problems = message("check.oneProblem", n=n) if n == 1 else message("check.problems", n=n)
        return message("check.problemsIn", problems=problems,
                       files=files(len({p.file for p in self.problems})))
