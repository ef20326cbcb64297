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

How it scales: the triples live in a pyoxigraph ``Store`` (compact, in Rust). Checks (b) to (e)
are SPARQL queries over it that return only the suspects, which Python then judges one by one.
For (a), pyshacl validates the focus nodes in chunks: every shape of ``shapes.ttl`` looks only at
a focus node's own triples (and at the classes of the sentences it names), so each chunk is a
small rdflib graph with some subjects' triples plus the triples of the nodes they point to with
an ``sh:class`` property; results about those borrowed nodes are dropped (their own chunk
reports them). Big inputs validate their chunks in worker processes, show progress on stderr,
and files are re-read for ``file:line`` only when there are problems to locate.

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

import logging
import multiprocessing
import os
import re
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pyoxigraph as ox
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
    RDFS,
    REL,
    SH,
    sparql_prologue,
)
from graph.progress import Progress, silent
from graph.rdfio import load_into, parse_file
from graph.sparql import from_oxigraph, to_oxigraph

__all__ = ["Problem", "Report", "check", "check_report", "short_name"]

#: The classes whose instances are entities (``kg:Person`` ...).
ENTITY_CLASSES: dict[str, URIRef] = {name: KG[name.capitalize()] for name in ENTITY_NAMESPACES}
_ENTITY_BASES = tuple(str(ns) for ns in ENTITY_NAMESPACES.values())
_DATES = (KG.start, KG.end, KG.pointInTime)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
_T = TypeVar("_T")
_SIMPLE_LOCAL = re.compile(r"^[\w-]+(?:\.[\w-]+)*$")
_DEFAULT = ox.DefaultGraph()

#: Most triples (of the chunk's own subjects) in one rdflib graph handed to pyshacl.
CHUNK_TRIPLES = 50_000
#: Inputs from this size on are validated by worker processes (one a core, at most 8).
PARALLEL_BYTES = 2_000_000


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


# ---------------------------------------------------------------------------- locating


def _display(path: Path) -> str:
    """A bundled file's name as the user sees it: relative to the working folder if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Locator:
    """Turns anchors into (file, line), preferring the given files over the background.

    A file is indexed only when a lookup needs it, and only for the anchors' nodes.
    """

    def __init__(self, files: list[tuple[str, Path]], findings: Iterable[_Finding]) -> None:
        self.files = files
        self._wanted = {anchor[0] for f in findings for anchor in f.anchors}
        self._indexes: dict[Path, LineIndex] = {}

    def _index(self, path: Path) -> LineIndex:
        if path not in self._indexes:
            self._indexes[path] = index_file(path, only=self._wanted)
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


# ---------------------------------------------------------------------------- store access


def _ox(node: Node) -> Any:
    return to_oxigraph(node)


def _rows(store: ox.Store, query: str) -> Iterator[tuple[Node | None, ...]]:
    """The rows of a SELECT over ``store`` (project prefixes declared), as rdflib terms."""
    solutions: Any = store.query(sparql_prologue() + query)
    width = len(solutions.variables)
    for solution in solutions:
        yield tuple(from_oxigraph(solution[i]) for i in range(width))


def _objects(store: ox.Store, s: Node, p: Node) -> list[Node]:
    """The objects of ``s p ?o`` (none for a literal subject)."""
    if isinstance(s, Literal):
        return []
    quads = store.quads_for_pattern(_ox(s), _ox(p), None, _DEFAULT)
    return [from_oxigraph(q.object) for q in quads]  # type: ignore[misc]


def _value(store: ox.Store, s: Node, p: Node) -> Node | None:
    """One object of ``s p ?o``, or None (as ``rdflib.Graph.value``)."""
    found = _objects(store, s, p)
    return found[0] if found else None


def _iri_values(nodes: Iterable[Node]) -> str:
    return " ".join(f"<{n}>" for n in nodes)


_IS_REL = f'STRSTARTS(STR(?p), "{REL}")'
_IS_ENTITY = " || ".join(f'STRSTARTS(STR(?n), "{base}")' for base in _ENTITY_BASES)
_DECLARED = _iri_values((*_PROPERTY_TYPES, OWL.SymmetricProperty))


def _rel_predicates(store: ox.Store) -> list[Node]:
    """The ``rel:`` predicates used by direct edges."""
    query = f"SELECT DISTINCT ?p WHERE {{ ?s ?p ?o FILTER({_IS_REL}) }}"
    return [row[0] for row in _rows(store, query) if row[0] is not None]


def _symmetric(store: ox.Store) -> set[Node]:
    quads = store.quads_for_pattern(None, _ox(RDF.type), _ox(OWL.SymmetricProperty), _DEFAULT)
    return {from_oxigraph(q.subject) for q in quads}  # type: ignore[misc]


# ---------------------------------------------------------------------------- (a) SHACL


@cache
def _shapes(path: str) -> Graph:
    """The shapes graph (parsed once a process)."""
    return parse_file(path)


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's warnings about ill-typed literals (the shapes report them)."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


_NESTED = (SH.node, SH["not"], SH.qualifiedValueShape)
_NESTED_LISTS = (SH["or"], SH["and"], SH.xone)
# On a shape applied to value nodes, these would read the value node's own triples.
_READS_VALUE_TRIPLES = (
    SH.path, SH.property, SH.closed, SH.sparql, SH.equals, SH.disjoint, SH.lessThan,
    SH.lessThanOrEquals,
)


def _value_shapes(shapes: Graph, shape: Node) -> set[Node]:
    """``shape`` and every shape it applies to the same value nodes (sh:node, sh:or ...)."""
    seen: set[Node] = set()
    todo = [shape]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += [o for p in _NESTED for o in shapes.objects(current, p)]
        for p in _NESTED_LISTS:
            for head in shapes.objects(current, p):
                todo += list(shapes.items(head))
    return seen


def _class_paths(shapes: Graph) -> frozenset[URIRef] | None:
    """The predicates whose objects' classes the shapes check, or None if not chunkable.

    Chunking is exact when every shape is local to its focus node: targets are classes,
    subjects of a predicate or given nodes; paths are single predicates; and the shapes
    applied to value nodes look at the value itself, or at its classes (``sh:class``, for
    which the objects of that path are added to the chunk).
    """
    if any(True for p in (SH.targetObjectsOf, SH.target) for _ in shapes.triples((None, p, None))):
        return None
    found: set[URIRef] = set()
    for shape, path in shapes.subject_objects(SH.path):
        if not isinstance(path, URIRef):
            return None
        nested = _value_shapes(shapes, shape)
        if any((n, p, None) in shapes for n in nested - {shape} for p in _READS_VALUE_TRIPLES):
            return None
        if any((n, SH["class"], None) in shapes for n in nested):
            found.add(path)
    return frozenset(found)


class _Chunk(NamedTuple):
    """The input of one pyshacl run: N-Quads, and the borrowed nodes whose results to drop."""

    payload: bytes
    borrowed: frozenset[str]
    subjects: int


def _subjects_in_order(store: ox.Store, class_paths: frozenset[URIRef]) -> list[Any]:
    """Every subject, each next to the nodes it names by a class path (statements by their
    sentence), so that few chunks need to borrow them."""
    key: dict[Any, str] = {}
    for path in class_paths:
        for quad in store.quads_for_pattern(None, _ox(path), None, _DEFAULT):
            target = str(quad.object)
            if quad.subject not in key or target < key[quad.subject]:
                key[quad.subject] = target
    subjects = [row[0] for row in store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")]  # type: ignore[union-attr]
    subjects.sort(key=lambda s: (key.get(s) or str(s), str(s)))
    return subjects


def _chunks(
    store: ox.Store, subjects: list[Any], class_paths: frozenset[URIRef] | None, budget: int
) -> Iterator[_Chunk]:
    """Partition ``subjects`` into chunks of about ``budget`` triples (one if not chunkable)."""
    if class_paths is None:
        budget, class_paths = sys.maxsize, frozenset()
    pointing = {_ox(p) for p in class_paths}
    shared = list(store.quads_for_pattern(None, _ox(RDFS.subClassOf), None, _DEFAULT))
    own: set[Any] = set()
    quads: list[ox.Quad] = []
    named: set[Any] = set()
    for subject in subjects:
        found = list(store.quads_for_pattern(subject, None, None, _DEFAULT))
        own.add(subject)
        quads += found
        named.update(q.object for q in found if q.predicate in pointing)
        if len(quads) >= budget:
            yield _chunk(store, own, quads, named, shared)
            own, quads, named = set(), [], set()
    if own:
        yield _chunk(store, own, quads, named, shared)


def _chunk(
    store: ox.Store, own: set[Any], quads: list[ox.Quad], named: set[Any], shared: list[ox.Quad]
) -> _Chunk:
    """One chunk: the own subjects' triples, the borrowed ones, and all rdfs:subClassOf."""
    borrowed = {n for n in named if not isinstance(n, ox.Literal)} - own
    extra = [q for n in borrowed for q in store.quads_for_pattern(n, None, None, _DEFAULT)]
    borrowed |= {q.subject for q in shared} - own
    payload = ox.serialize([*quads, *extra, *shared], format=ox.RdfFormat.N_QUADS)
    return _Chunk(payload or b"", frozenset(str(n) for n in borrowed), len(own))


def _rdflib_graph(payload: bytes) -> Graph:
    """An rdflib graph of N-Quads ``payload`` (IRIs converted once each)."""
    graph = Graph()
    seen: dict[Any, Node | None] = {}

    def term(t: Any) -> Node | None:
        if isinstance(t, ox.Literal):
            return from_oxigraph(t)
        if t not in seen:
            seen[t] = from_oxigraph(t)
        return seen[t]

    for quad in ox.parse(payload, format=ox.RdfFormat.N_QUADS):
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))  # type: ignore[arg-type]
    return graph


def _validate_chunk(chunk: _Chunk, shapes_path: str) -> list[_Finding]:
    """Run pyshacl on one chunk; the findings about its own focus nodes. (Runs in workers.)"""
    with _quiet_rdflib():
        data = _rdflib_graph(chunk.payload)
        _, results, _ = pyshacl.validate(
            data, shacl_graph=_shapes(shapes_path), inference="none", advanced=False,
            allow_warnings=True,
        )
    assert isinstance(results, Graph)
    return [f for f in _shacl_findings(results) if f.node.n3() not in chunk.borrowed]


def _shacl_findings(results: Graph) -> Iterator[_Finding]:
    """Each SHACL result of a pyshacl report graph as a finding on its focus node."""
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


def _warm_up(shapes_path: str) -> None:
    """Parse the shapes in a new worker before the first chunk arrives."""
    _shapes(shapes_path)


def _workers(requested: int | None, size: int) -> int:
    """How many worker processes to validate with (1: none, in this process).

    Workers are forked (no re-import of the caller's ``__main__``, unlike ``spawn``), so they
    need a platform where ``fork`` is safe (not macOS) and a process without other threads
    (forking those is unsafe); otherwise the chunks run here, one after another.
    """
    if requested is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        requested = min(cores or 1, 8) if size >= PARALLEL_BYTES else 1
    forkable = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    if not forkable or threading.active_count() > 1:
        return 1
    return max(1, requested)


def _budget(triples: int, workers: int) -> int:
    """Triples a chunk: CHUNK_TRIPLES, or less so that each worker gets about four chunks."""
    if workers <= 1:
        return CHUNK_TRIPLES
    return min(CHUNK_TRIPLES, max(2_000, triples // (4 * workers)))


class _Shacl:
    """Check (a): validates the chunks, in worker processes when there are several."""

    def __init__(self, workers: int, shapes_path: Path) -> None:
        self.shapes_path = str(shapes_path)
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:  # fork now, while this process is small
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(workers, mp_context=context)
            for _ in range(workers):
                self.pool.submit(_warm_up, self.shapes_path)
        self.workers = workers
        self.findings: list[_Finding] = []
        self._pending: dict[Future[list[_Finding]], int] = {}
        self._plan: tuple[ox.Store, list[Any], frozenset[URIRef] | None] | None = None
        self._chunks: Iterator[_Chunk] = iter(())
        self._done = self._total = 0
        self._progress: Callable[..., None] = silent

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def start(self, store: ox.Store, progress: Callable[..., None]) -> None:
        """Plan the chunks and hand the first ones to the workers (no waiting)."""
        progress("SHACL 0%…", "SHACL")
        class_paths = _class_paths(_shapes(self.shapes_path))
        subjects = _subjects_in_order(store, class_paths or frozenset())
        self._plan, self._progress, self._total = (store, subjects, class_paths), progress, len(subjects)
        self._chunks = _chunks(store, subjects, class_paths, _budget(len(store), self.workers))
        if self.pool is not None:
            with suppress(BrokenProcessPool):  # finish() starts again without workers
                self._submit(2 * self.workers)

    def finish(self) -> list[_Finding]:
        """Validate the remaining chunks and return every finding."""
        try:
            if self.pool is not None:
                self._run_in_workers()
            else:
                for chunk in self._chunks:
                    self._collect(chunk.subjects, _validate_chunk(chunk, self.shapes_path))
        except BrokenProcessPool:
            self.close()  # a worker died (killed, out of memory): start again in this process
            assert self._plan is not None
            self.findings, self._done, self._pending = [], 0, {}
            self._chunks = _chunks(*self._plan, CHUNK_TRIPLES)
            return self.finish()
        finally:
            self.close()
        return self.findings

    def _submit(self, limit: int) -> None:
        assert self.pool is not None
        while len(self._pending) < limit:
            chunk = next(self._chunks, None)
            if chunk is None:
                return
            self._pending[self.pool.submit(_validate_chunk, chunk, self.shapes_path)] = chunk.subjects

    def _run_in_workers(self) -> None:
        self._submit(2 * self.workers)
        while self._pending:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                self._collect(self._pending.pop(future), future.result())
            self._submit(2 * self.workers)

    def _collect(self, subjects: int, findings: list[_Finding]) -> None:
        self.findings += findings
        self._done += subjects
        percent = 100 * self._done // max(self._total, 1)
        self._progress(f"SHACL {percent}%…", "SHACL")


# ---------------------------------------------------------------------------- (b) quotes


def _is_statement(store: ox.Store, st: Node) -> bool:
    """Whether ``st`` is typed rdf:Statement or has an rdf:subject, rdf:predicate or rdf:object."""
    if RDF.Statement in _objects(store, st, RDF.type):
        return True
    return any(_objects(store, st, p) for p in (RDF.subject, RDF.predicate, RDF.object))


def _quotes(store: ox.Store) -> Iterator[_Finding]:
    """Check (b): every quote is a verbatim substring of its sentence's text."""
    query = """SELECT DISTINCT ?st WHERE {
        ?st kg:quote ?quote ; prov:wasDerivedFrom ?sentence .
        ?sentence kg:text ?text
        FILTER(!CONTAINS(STR(?text), STR(?quote)))
    }"""  # suspects: some sentence of theirs lacks some quote; judged one by one below
    for (st,) in _rows(store, query):
        assert st is not None
        if _is_statement(store, st):
            yield from _quote_findings(store, st)


def _quote_findings(store: ox.Store, st: Node) -> Iterator[_Finding]:
    """The quotes of ``st`` that its sentences do not contain, with the longest good prefix."""
    sentences = _objects(store, st, PROV.wasDerivedFrom)
    texts = [str(t) for s in sentences for t in _objects(store, s, KG.text)]
    if not texts:
        return  # the shapes report the missing sentence or text
    for quote in map(str, _objects(store, st, KG.quote)):
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


# ---------------------------------------------------------------------------- (c) entities


def _entities(store: ox.Store, rel: list[Node]) -> Iterator[_Finding]:
    """Check (c): every entity an edge or statement uses is declared with an entity class."""
    query = f"""SELECT DISTINCT ?n WHERE {{
        {{ VALUES ?p {{ {_iri_values(rel)} }} ?n ?p ?o }}
        UNION {{ VALUES ?p {{ {_iri_values(rel)} }} ?s ?p ?n }}
        UNION {{ ?st rdf:subject|rdf:object ?n }}
        FILTER(isIRI(?n) && ({_IS_ENTITY}))
        FILTER NOT EXISTS {{ VALUES ?class {{ {_iri_values(ENTITY_CLASSES.values())} }}
                             ?n a ?class }}
    }}"""
    for (node,) in _rows(store, query):
        assert node is not None
        types = set(_objects(store, node, RDF.type))
        kind = next(k for k, ns in ENTITY_NAMESPACES.items() if str(node).startswith(ns))
        declare = (
            f"add {short_name(node)} a {short_name(ENTITY_CLASSES[kind])} ; "
            'rdfs:label "..."@de, "..."@en .'
        )
        found = ", ".join(sorted(short_name(t) for t in types))
        message = f"is typed {found}, not an entity class" if types else "is never declared"
        yield _Finding(node, f"{message}: {declare}", ((node,),))


# ---------------------------------------------------------------------------- (d) edges


def _spo(store: ox.Store, st: Node) -> tuple[Node, Node, Node] | None:
    parts = tuple(_value(store, st, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    return None if None in parts else parts  # type: ignore[return-value]


def _edges(store: ox.Store, rel: list[Node]) -> Iterator[_Finding]:
    """Check (d): direct edges and statements back each other; rel: predicates are declared."""
    yield from _unstated_edges(store, rel)
    yield from _edgeless_statements(store)
    yield from _undeclared(store, rel)


def _unstated_edges(store: ox.Store, rel: list[Node]) -> Iterator[_Finding]:
    """Direct edges without a statement node (in either direction for symmetric relations)."""
    query = f"""SELECT ?s ?p ?o WHERE {{
        VALUES ?p {{ {_iri_values(rel)} }}
        ?s ?p ?o .
        MINUS {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
        MINUS {{ ?p a owl:SymmetricProperty . ?st rdf:subject ?o ; rdf:predicate ?p ; rdf:object ?s }}
    }}"""
    for s, p, o in _rows(store, query):
        assert s is not None and p is not None and o is not None
        edge = " ".join(short_name(n) for n in (s, p, o))
        message = (
            f"direct edge {edge} has no statement node: add an rdf:Statement with "
            f"rdf:subject {short_name(s)}, rdf:predicate {short_name(p)}, "
            f"rdf:object {short_name(o)}, prov:wasDerivedFrom and kg:quote"
        )
        yield _Finding(s, message, ((s, p, o), (s,)))


def _edgeless_statements(store: ox.Store) -> Iterator[_Finding]:
    """Statements of a rel: edge that is not in the graph (for each edge, the first statement).

    A statement with several subjects, predicates or objects (the shapes report that) is
    only reported when none of its combinations is an edge, with the first missing one.
    """
    query = f"""SELECT ?st ?s ?p ?o WHERE {{
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        FILTER(isIRI(?p) && {_IS_REL})
        FILTER NOT EXISTS {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ ?p a owl:SymmetricProperty . ?o ?p ?s }}
        MINUS {{
            ?st rdf:subject ?s2 ; rdf:predicate ?p2 ; rdf:object ?o2 .
            {{ ?s2 ?p2 ?o2 }} UNION {{ ?p2 a owl:SymmetricProperty . ?o2 ?p2 ?s2 }}
        }}
    }}"""
    missing: dict[Node, tuple[Node, Node, Node]] = {}
    for st, s, p, o in _rows(store, query):
        assert st is not None and s is not None and p is not None and o is not None
        if st not in missing or (str(s), str(p), str(o)) < tuple(map(str, missing[st])):
            missing[st] = (s, p, o)
    first: dict[tuple[Node, Node, Node], Node] = {}
    for st, spo in missing.items():
        if spo not in first or str(st) < str(first[spo]):
            first[spo] = st
    for (s, p, o), st in first.items():
        edge = " ".join(short_name(n) for n in (s, p, o))
        message = f"states {edge} but the direct edge is missing: add the edge {edge} ."
        yield _Finding(st, message, ((st,),))


def _undeclared(store: ox.Store, rel: list[Node]) -> Iterator[_Finding]:
    """rel: predicates of edges or statements that the vocabulary does not declare."""
    query = f"""SELECT DISTINCT ?p WHERE {{
        {{ VALUES ?p {{ {_iri_values(rel)} }} }}
        UNION {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o FILTER(isIRI(?p) && {_IS_REL}) }}
        FILTER NOT EXISTS {{ VALUES ?type {{ {_DECLARED} }} ?p a ?type }}
    }}"""
    for (p,) in _rows(store, query):
        assert p is not None
        anchors: list[_Anchor] = [
            (from_oxigraph(q.subject), p, from_oxigraph(q.object))  # type: ignore[misc]
            for q in store.quads_for_pattern(None, _ox(p), None, _DEFAULT)
        ]
        anchors += [(st,) for st in _first_statements(store, p)]
        message = (
            "is not declared in the vocabulary (data/vocab.ttl): fix the spelling or add "
            "the relation there"
        )
        yield _Finding(p, message, tuple(anchors), earliest=True)


def _first_statements(store: ox.Store, p: Node) -> list[Node]:
    """For each edge stated with predicate ``p``, its first statement node."""
    query = f"SELECT ?st ?s ?o WHERE {{ ?st rdf:subject ?s ; rdf:predicate <{p}> ; rdf:object ?o }}"
    first: dict[tuple[Node | None, ...], Node] = {}
    for st, s, o in _rows(store, query):
        assert st is not None
        if (s, o) not in first or str(st) < str(first[s, o]):
            first[s, o] = st
    return list(first.values())


# ---------------------------------------------------------------------------- (e) duplicates


def _duplicates(store: ox.Store) -> Iterator[_Finding]:
    """Check (e): no two statements with the same edge, dates and sentence."""
    query = """SELECT ?a ?p ?b WHERE {
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        OPTIONAL { ?p a ?symmetric FILTER(?symmetric = owl:SymmetricProperty) }
        BIND(BOUND(?symmetric) && STR(?o) < STR(?s) AS ?swap)
        BIND(IF(?swap, ?o, ?s) AS ?a)
        BIND(IF(?swap, ?s, ?o) AS ?b)
    } GROUP BY ?a ?p ?b HAVING (COUNT(?st) > 1)"""  # edges stated more than once
    suspects: set[Node] = set()
    for a, p, b in _rows(store, query):
        assert a is not None and p is not None and b is not None
        suspects.update(_stating(store, a, p, b), _stating(store, b, p, a))
    symmetric = _symmetric(store)
    groups: dict[tuple[object, ...], list[Node]] = defaultdict(list)
    for st in sorted(suspects, key=str):
        spo = _spo(store, st)
        if spo is None:
            continue
        s, p, o = spo
        ends = frozenset((s, o)) if p in symmetric else (s, o)
        dates = tuple(frozenset(_objects(store, st, d)) for d in _DATES)
        source = frozenset(_objects(store, st, PROV.wasDerivedFrom))
        groups[(ends, p, dates, source)].append(st)
    for group in groups.values():
        first, *others = sorted(group, key=str)
        for st in others:
            message = (
                f"duplicates {short_name(first)} (same subject, predicate, object, dates and "
                "sentence): merge them into one statement, keeping each kg:quote"
            )
            yield _Finding(st, message, ((st,),))


def _stating(store: ox.Store, s: Node, p: Node, o: Node) -> list[Node]:
    """The statement nodes with rdf:subject ``s``, rdf:predicate ``p`` and rdf:object ``o``."""
    if isinstance(s, Literal):
        return []
    subject_of = store.quads_for_pattern(None, _ox(RDF.subject), _ox(s), _DEFAULT)
    candidates = [from_oxigraph(q.subject) for q in subject_of]
    return [
        st for st in candidates
        if st is not None and p in _objects(store, st, RDF.predicate)
        and o in _objects(store, st, RDF.object)
    ]


# ---------------------------------------------------------------------------- the report


def _bundled(call: Callable[[], _T]) -> _T:
    """Call a :mod:`graph.paths` function, turning missing bundled data into an InputError."""
    try:
        return call()
    except FileNotFoundError as err:
        raise InputError(str(err)) from None


def _load(
    store: ox.Store, files: list[tuple[str, Path]], progress: Callable[..., None]
) -> None:
    """Load ``files`` into ``store``; an empty file (no triples) is an InputError."""
    for name, path in files:
        label = f"loading {Path(name).name}…"

        def report(count: int, label: str = label) -> None:
            progress(f"{label} {count:,} triples", label)

        progress(label)
        if load_into(store, path, progress=report) == 0:
            raise InputError("is empty (no triples); give a file with RDF data", path=name)


def _files(paths: Sequence[Path | str] | None) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """(given files, background files): names as shown, and paths."""
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
    return given, background


def check_report(
    paths: Sequence[Path | str] | None = None,
    *,
    progress: bool | None = None,
    workers: int | None = None,
) -> Report:
    """Check ``paths`` (default: the bundled graph) and return a :class:`Report`.

    ``progress``: show progress on stderr (None: for big inputs, or on a terminal).
    ``workers``: processes validating SHACL chunks (None: one a core for big inputs; 1: none).
    Raises :class:`~graph.errors.InputError` if a file cannot be read or parsed, or is empty.
    """
    given, background = _files(paths)
    say = Progress.auto([p for _, p in given], progress)
    size = sum(p.stat().st_size for _, p in given if p.is_file())
    try:
        with _quiet_rdflib():
            triples, findings = _find(given, background, say, _workers(workers, size))
            if findings:
                say(f"locating {len(findings)} problem{'s' if len(findings) != 1 else ''}…")
            locator = _Locator(given + background, findings)
            problems = {Problem(*locator.locate(f), f.node, f.message) for f in findings}
    finally:
        say.done()
    ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, str(p.node), p.message))
    return Report(tuple(ordered), tuple(name for name, _ in given), triples)


def _find(
    given: list[tuple[str, Path]],
    background: list[tuple[str, Path]],
    say: Callable[..., None],
    workers: int,
) -> tuple[int, list[_Finding]]:
    """Load the files and run every check: (triples of the given files, findings)."""
    shacl = _Shacl(workers, _bundled(bundled.shapes_file))
    try:
        store = ox.Store()
        _load(store, given, say)
        triples = len(store)
        _load(store, background, say)
        shacl.start(store, say)
        say("checking quotes, entities, edges and duplicates…")
        rel = _rel_predicates(store)
        findings: list[_Finding] = [
            *_quotes(store),
            *_entities(store, rel),
            *_edges(store, rel),
            *_duplicates(store),
        ]
        findings += shacl.finish()
    finally:
        shacl.close()
    return triples, findings


def check(paths: Sequence[Path | str] | None = None) -> list[Problem]:
    """Check ``paths`` (default: the bundled graph); return the problems, sorted by file and line.

    Raises :class:`~graph.errors.InputError` if a file cannot be read or parsed.

    >>> all(isinstance(problem, Problem) for problem in check())
    True
    """
    return list(check_report(paths).problems)

