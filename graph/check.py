"""Validate RDF files against the project's rules and say where each problem is written.

Five families of checks run over the given files (with the bundled ``vocab.ttl`` and
``sentences.ttl`` as background):

a. the SHACL shapes of ``data/shapes.ttl`` (labels, dates, statement structure, sentences);
b. every ``kg:quote`` is a verbatim substring of the text of its statement's sentence;
c. every entity used by an edge or a statement is declared with an entity class;
d. every direct ``rel:`` edge has a statement node and every statement its direct edge
   (either direction for ``owl:SymmetricProperty`` relations), and every ``rel:`` predicate
   used is declared in the vocabulary;
e. no two statement nodes repeat the same edge with the same dates and sentence.

>>> report = check_report()
>>> [Path(name).name for name in report.files]
['triples.ttl', 'sentences.ttl', 'vocab.ttl']
>>> report.triples > 0
True
>>> from graph.namespaces import PERSON
>>> str(Problem("a.ttl", 3, PERSON.Stalin, "needs an English rdfs:label"))
'a.ttl:3: person:Stalin: needs an English rdfs:label'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph import paths as bundled
from graph.errors import InputError
from graph.locate import LineIndex, index_file
from graph.namespaces import (
    ENTITY_NAMESPACES,
    KG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    REL,
    SH,
)
from graph.rdfio import parse_file

__all__ = ["Problem", "Report", "check", "check_report", "short_name"]

#: The classes whose instances are entities (``kg:Person`` ...).
ENTITY_CLASSES: dict[str, URIRef] = {name: KG[name.capitalize()] for name in ENTITY_NAMESPACES}
_ENTITY_BASES = tuple(str(ns) for ns in ENTITY_NAMESPACES.values())
_DATES = (KG.start, KG.end, KG.pointInTime)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
_T = TypeVar("_T")
_SIMPLE_LOCAL = re.compile(r"^[\w-]+(?:\.[\w-]+)*$")


def short_name(node: Node) -> str:
    """Write ``node`` as a prefixed name where a project prefix fits, else in Turtle syntax.

    >>> short_name(URIRef("https://w3id.org/stalin-kg/sentence/08"))
    'sentence:08'
    >>> short_name(Literal("1927-13-45", datatype=URIRef(PREFIXES["xsd"] + "date")))
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
        best = max(
            ((p, ns) for p, ns in PREFIXES.items() if node.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        if best and _SIMPLE_LOCAL.match(node[len(best[1]) :]):
            return f"{best[0]}:{node[len(best[1]) :]}"
        return f"<{node}>"
    return node.n3()


@dataclass(frozen=True)
class Problem:
    """One defect: the file and line where it is written, the offending node, what to do."""

    file: str
    line: int | None
    node: Node
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {short_name(self.node)}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`check_report`: problems, and what was checked."""

    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    triples: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: ``ok: 3 files, 1234 triples, 0 problems`` or ``2 problems in 1 file``."""

        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        if self.ok:
            return f"ok: {plural(len(self.files), 'file')}, {self.triples} triples, 0 problems"
        files = len({p.file for p in self.problems})
        return f"{plural(len(self.problems), 'problem')} in {plural(files, 'file')}"


# Where to look for a finding: ``(node,)`` or an edge ``(s, p, o)``.
_Anchor = tuple[Node, ...]


class _Finding(NamedTuple):
    """A problem before it is located: anchors are tried in order of preference."""

    node: Node
    message: str
    anchors: tuple[_Anchor, ...]
    #: locate at the earliest anchor in the files, not the first anchor found
    earliest: bool = False


def _display(path: Path) -> str:
    """A bundled file's name as the user sees it: relative to the working folder if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Locator:
    """Turns anchors into (file, line), preferring the given files over the background."""

    def __init__(self, files: list[tuple[str, Path]]) -> None:
        self.files = files
        self._indexes: dict[Path, LineIndex] = {}

    def _index(self, path: Path) -> LineIndex:
        if path not in self._indexes:
            self._indexes[path] = index_file(path)
        return self._indexes[path]

    def _lookups(self, anchor: _Anchor) -> Iterator[tuple[str, Path]]:
        """Yield (kind of lookup, file) pairs to try for one anchor, best first."""
        kinds = ("edge",) if len(anchor) == 3 else ("subject", "mention")
        for kind in kinds:
            for _, path in self.files:
                yield kind, path

    def locate(self, finding: _Finding) -> tuple[str, int | None]:
        if finding.earliest:
            found = [self._find((anchor,)) for anchor in finding.anchors]
            order = {name: i for i, (name, _) in enumerate(self.files)}
            located = [f for f in found if f[1] is not None]
            if located:
                return min(located, key=lambda f: (order[f[0]], f[1]))
        return self._find(finding.anchors)

    def _find(self, anchors: tuple[_Anchor, ...]) -> tuple[str, int | None]:
        names = {path: name for name, path in self.files}
        for anchor in anchors:
            for kind, path in self._lookups(anchor):
                idx = self._index(path)
                if kind == "edge":
                    line = idx.edge_line(*anchor)
                elif kind == "subject":
                    line = idx.subject_line(anchor[0])
                else:
                    line = idx.node_line(anchor[0])
                if line is not None:
                    return names[path], line
        return self.files[0][0], None


def _is_rel(node: Node) -> bool:
    return isinstance(node, URIRef) and node.startswith(str(REL))


def _is_entity_iri(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_ENTITY_BASES)


def _shacl(data: Graph) -> Iterator[_Finding]:
    """Check (a): each SHACL result as a finding on its focus node."""
    shapes = parse_file(bundled.shapes_file())
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    assert isinstance(results, Graph)
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            value = results.value(result, SH.value)
            message = str(results.value(result, SH.resultMessage) or "does not conform")
            if focus is None:
                continue
            shown = [n for n in (path, value) if n is not None and n != focus]
            if path is not None and short_name(path) in message:
                shown.remove(path)  # the message names it already
            about = " ".join(short_name(n) for n in shown)
            anchors: tuple[_Anchor, ...] = ((focus,),)
            if path is not None and value is not None:
                anchors = ((focus, path, value), *anchors)
            yield _Finding(focus, f"{about}: {message}" if about else message, anchors)


def _quotes(data: Graph, statements: list[Node]) -> Iterator[_Finding]:
    """Check (b): every quote is a verbatim substring of its sentence's text."""
    for st in statements:
        sentences = list(data.objects(st, PROV.wasDerivedFrom))
        texts = [str(t) for s in sentences for t in data.objects(s, KG.text)]
        if not texts:
            continue  # the shapes report the missing sentence or text
        for quote in map(str, data.objects(st, KG.quote)):
            if not quote or any(quote in t for t in texts):
                continue
            good = max(
                (k for k in range(len(quote) + 1) if any(quote[:k] in t for t in texts)),
                default=0,
            )
            hint = f'differs after "{quote[:good]}"' if good else "does not occur at all"
            names = ", ".join(short_name(s) for s in sentences)
            message = (
                f"kg:quote is not verbatim in {names}: it {hint}; copy the words exactly "
                "from the sentence's kg:text"
            )
            yield _Finding(st, message, ((st,),))


def _entities(data: Graph, statements: list[Node]) -> Iterator[_Finding]:
    """Check (c): every entity an edge or statement uses is declared with an entity class."""
    used: dict[Node, None] = {}
    for s, p, o in data:
        if _is_rel(p):
            used.update((n, None) for n in (s, o) if _is_entity_iri(n))
    for st in statements:
        for prop in (RDF.subject, RDF.object):
            used.update((n, None) for n in data.objects(st, prop) if _is_entity_iri(n))
    classes = set(ENTITY_CLASSES.values())
    for node in used:
        types = set(data.objects(node, RDF.type))
        if types & classes:
            continue  # declared; the shapes check its labels
        kind = next(k for k, ns in ENTITY_NAMESPACES.items() if str(node).startswith(ns))
        declare = (
            f"add {short_name(node)} a {short_name(ENTITY_CLASSES[kind])} ; "
            'rdfs:label "..."@de, "..."@en .'
        )
        found = ", ".join(sorted(short_name(t) for t in types))
        message = f"is typed {found}, not an entity class" if types else "is never declared"
        yield _Finding(node, f"{message}: {declare}", ((node,),))


def _spo(data: Graph, st: Node) -> tuple[Node, Node, Node] | None:
    parts = tuple(data.value(st, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    return None if None in parts else parts  # type: ignore[return-value]


def _edges(data: Graph, statements: list[Node]) -> Iterator[_Finding]:
    """Check (d): direct edges and statements back each other; rel: predicates are declared."""
    symmetric = set(data.subjects(RDF.type, OWL.SymmetricProperty))
    declared = {p for t in _PROPERTY_TYPES for p in data.subjects(RDF.type, t)} | symmetric
    edges = [(s, p, o) for s, p, o in data if _is_rel(p)]
    stated: dict[tuple[Node, Node, Node], Node] = {}
    for st in statements:
        spo = _spo(data, st)
        if spo is not None:
            stated.setdefault(spo, st)

    def backed(s: Node, p: Node, o: Node, known: object) -> bool:
        return (s, p, o) in known or (p in symmetric and (o, p, s) in known)  # type: ignore[operator]

    undeclared: dict[Node, list[_Anchor]] = defaultdict(list)
    for s, p, o in edges:
        if p not in declared:
            undeclared[p].append((s, p, o))
        if not backed(s, p, o, stated):
            edge = " ".join(short_name(n) for n in (s, p, o))
            message = (
                f"direct edge {edge} has no statement node: add an rdf:Statement with "
                f"rdf:subject {short_name(s)}, rdf:predicate {short_name(p)}, "
                f"rdf:object {short_name(o)}, prov:wasDerivedFrom and kg:quote"
            )
            yield _Finding(s, message, ((s, p, o), (s,)))
    edge_set = set(edges)
    for (s, p, o), st in stated.items():
        if not _is_rel(p):
            continue  # the shapes report a non-rel: predicate
        if p not in declared:
            undeclared[p].append((st,))
        if not backed(s, p, o, edge_set):
            edge = " ".join(short_name(n) for n in (s, p, o))
            message = f"states {edge} but the direct edge is missing: add the edge {edge} ."
            yield _Finding(st, message, ((st,),))
    for p, anchors in undeclared.items():
        message = (
            "is not declared in the vocabulary (data/vocab.ttl): fix the spelling or add "
            "the relation there"
        )
        yield _Finding(p, message, tuple(anchors), earliest=True)


def _duplicates(data: Graph, statements: list[Node]) -> Iterator[_Finding]:
    """Check (e): no two statements with the same edge, dates and sentence."""
    symmetric = set(data.subjects(RDF.type, OWL.SymmetricProperty))
    groups: dict[tuple[object, ...], list[Node]] = defaultdict(list)
    for st in statements:
        spo = _spo(data, st)
        if spo is None:
            continue
        s, p, o = spo
        ends = frozenset((s, o)) if p in symmetric else (s, o)
        dates = tuple(frozenset(data.objects(st, d)) for d in _DATES)
        source = frozenset(data.objects(st, PROV.wasDerivedFrom))
        groups[(ends, p, dates, source)].append(st)
    for group in groups.values():
        first, *others = sorted(group, key=str)
        for st in others:
            message = (
                f"duplicates {short_name(first)} (same subject, predicate, object, dates and "
                "sentence): merge them into one statement, keeping each kg:quote"
            )
            yield _Finding(st, message, ((st,),))


def _bundled(call: Callable[[], _T]) -> _T:
    """Call a :mod:`graph.paths` function, turning missing bundled data into an InputError."""
    try:
        return call()
    except FileNotFoundError as err:
        raise InputError(str(err)) from None


def check_report(paths: Sequence[Path | str] | None = None) -> Report:
    """Check ``paths`` (default: the bundled graph) and return a :class:`Report`.

    Raises :class:`~graph.errors.InputError` if a file cannot be read or parsed.
    """
    if paths:
        given = [(str(p), Path(p)) for p in paths]
    else:
        given = [(_display(p), p) for p in _bundled(bundled.bundled_graph_files)]
    seen = {path.resolve() for _, path in given}
    background = [
        (_display(p), p)
        for p in (_bundled(bundled.vocab_file), _bundled(bundled.sentences_file))
        if p.resolve() not in seen
    ]
    data = Graph()
    for _, path in given:
        parse_file(path, data)
    triples = len(data)
    for _, path in background:
        parse_file(path, data)

    statements = sorted(
        {
            *data.subjects(RDF.type, RDF.Statement),
            *(s for p in (RDF.subject, RDF.predicate, RDF.object) for s in data.subjects(p)),
        },
        key=str,
    )
    findings: list[_Finding] = [
        *_shacl(data),
        *_quotes(data, statements),
        *_entities(data, statements),
        *_edges(data, statements),
        *_duplicates(data, statements),
    ]
    locator = _Locator(given + background)
    problems = {Problem(*locator.locate(f), f.node, f.message) for f in findings}
    ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, str(p.node), p.message))
    return Report(tuple(ordered), tuple(name for name, _ in given), triples)


def check(paths: Sequence[Path | str] | None = None) -> list[Problem]:
    """Check ``paths`` (default: the bundled graph); return the problems, sorted by file and line.

    Raises :class:`~graph.errors.InputError` if a file cannot be read or parsed.

    >>> all(isinstance(problem, Problem) for problem in check())
    True
    """
    return list(check_report(paths).problems)
