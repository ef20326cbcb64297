"""The SHACL rules: ``data/shapes.ttl`` run by pyshacl-turbo, or by pyshacl in chunks.

Two engines give the same results (:data:`ENGINES`, chosen by :func:`choose_engine`):
pyshacl-turbo (Rust), and pyshacl, the reference, used when pyshacl-turbo is not installed,
fails to import or lacks what this module uses of it (:func:`turbo_lacks`), or when asked for
(``KG_SHACL_ENGINE=pyshacl``). pyshacl-turbo is used through its public API only:
``pyshacl_turbo.validate(data, shacl_graph=shapes, ...)``, with the data and the shapes both as
pyoxigraph Stores (a part's N-Quads are loaded into a Store of their own, :func:`turbo_input`),
and ``pyshacl_turbo.compile_shapes(shapes).validate(data, ...)`` where the version has it
(:func:`turbo_validator`: the data converted once, not twice):
with rdflib graphs or paths, version 0.6.5 reports false ``sh:in`` / ``sh:hasValue``
violations on plain string literals, which :func:`turbo_lacks` checks for.

pyshacl-turbo validates small inputs whole, in a thread beside the other rules. Big ones are
split by subject into one part a core (:class:`Parts`), each validated by a worker process
forked after loading (it reads the store it inherits): at a million triples pyshacl-turbo takes
longer on the whole than on its halves one after the other (its reading and indexing grow
faster than the input), and the parts run side by side.

For pyshacl, every shape of ``shapes.ttl`` looks only at a focus node's own triples (and at the
classes of the sentences it names), so the focus nodes are validated in chunks: each chunk is a
small rdflib graph with some subjects' triples plus the triples of the nodes they point to with
an ``sh:class`` property; results about those borrowed nodes are dropped (their own chunk
reports them). :func:`class_paths` decides whether the shapes allow this; if not, one chunk holds all.
Big inputs validate their chunks in worker processes; a worker that dies (out of memory) makes
the run start again in this process. pyshacl-turbo's parts follow the same rule: a part is its
subjects' triples, with those of the nodes they point to by a class path and every
``rdfs:subClassOf``; a subject's part follows the least node it points to by a class path (a
statement goes with its sentence), so that few nodes need borrowing.

>>> from graph.paths import shapes_file
>>> from graph.rdfio import parse_file
>>> sorted(short_name(URIRef(p)) for p in class_paths(parse_file(shapes_file())))
['kg:after', 'kg:because', 'kg:before', 'kg:citation', 'kg:criticisedSentence', 'kg:criticises', 'prov:wasDerivedFrom']
>>> worker_count(1, size=10**9)
1
>>> choose_engine("pyshacl")
Engine(name='pyshacl', note=None)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.check.report import Anchor, Finding, short_name
from graph.errors import KGError
from graph.messages import message
from graph.namespaces import PREFIXES, RDF, RDFS, SH
from graph.progress import silent
from graph.rdfio import parse_file
from graph.sparql import from_oxigraph, to_oxigraph

__all__ = [
    "CHUNK_TRIPLES",
    "ENGINES",
    "ENGINE_VARIABLE",
    "PARALLEL_BYTES",
    "PARTS_VARIABLE",
    "Chunk",
    "Engine",
    "Parts",
    "Shacl",
    "choose_engine",
    "class_paths",
    "parts_wanted",
    "plan_parts",
    "quiet_rdflib",
    "turbo_input",
    "turbo_lacks",
    "turbo_validator",
    "validate_chunk",
    "validate_part",
    "validate_store",
    "worker_count",
]

_ANY_GRAPH = None  # named graphs (TriG, N-Quads) are checked too
_XSD_STRING = URIRef(PREFIXES["xsd"] + "string")

#: Most triples (of the chunk's own subjects) in one rdflib graph handed to pyshacl.
CHUNK_TRIPLES = 50_000
#: Inputs from this size on are validated by worker processes (one a core, at most 8; pyshacl).
PARALLEL_BYTES = 2_000_000
#: The SHACL engines: the fast one (used when installed), and the reference.
ENGINES = ("pyshacl-turbo", "pyshacl")
#: The environment variable that picks an engine of :data:`ENGINES` (unset: the fast one).
ENGINE_VARIABLE = "KG_SHACL_ENGINE"
#: The environment variable that turns pyshacl-turbo's parts off (``off``: the whole store in
#: one thread, about two thirds of the memory, slower on several idle cores) or on (``on``, the
#: default).
PARTS_VARIABLE = "KG_SHACL_PARTS"


def parts_wanted() -> bool:
    """Whether pyshacl-turbo may validate a big store in parts (``$KG_SHACL_PARTS``).

    Raises :class:`~graph.errors.KGError` for a value other than ``on`` or ``off``.
    """
    value = os.environ.get(PARTS_VARIABLE, "on").strip().lower() or "on"
    if value not in ("on", "off"):
        raise KGError(message("check.partsValue", variable=PARTS_VARIABLE, value=value))
    return value == "on"


class Engine(NamedTuple):
    """The SHACL engine a run uses, and ``note``: why not the one asked for (else None)."""

    name: str
    note: str | None = None


def choose_engine(requested: str | None = None) -> Engine:
    """The engine to validate with: ``requested``, else ``$KG_SHACL_ENGINE``, else the fast one.

    pyshacl-turbo falls back to pyshacl (with a note saying so) when it is not installed, fails
    to import, or lacks what this module uses of it (:func:`turbo_lacks`). Raises
    :class:`~graph.errors.KGError` for a name not in :data:`ENGINES`.
    """
    name = requested or os.environ.get(ENGINE_VARIABLE) or ENGINES[0]
    if name not in ENGINES:
        given = f"{ENGINE_VARIABLE}={name}" if requested is None else repr(name)
        raise KGError(message("check.unknownEngine", given=given, engines=", ".join(ENGINES)))
    if name == "pyshacl":
        return Engine(name)
    try:
        import pyshacl_turbo
    except ModuleNotFoundError:
        return Engine("pyshacl", message("check.turboMissing"))
    except Exception as err:  # a broken wheel: ImportError, OSError, an error of its own
        return Engine("pyshacl", message("check.turboBroken", error=err))
    lacks = turbo_lacks(turbo_validator(pyshacl_turbo))
    if lacks is not None:
        version = getattr(pyshacl_turbo, "__version__", "of unknown version")
        return Engine("pyshacl", message("check.turboLacks", version=version, lacks=lacks))
    return Engine(name)


#: The probe of :func:`turbo_lacks`: a shape with an ``sh:in`` list of plain strings, a node
#: whose value is in it and one whose value is not.
_PROBE_SHAPES = b"""
<urn:kg:probe#Shape> a <http://www.w3.org/ns/shacl#NodeShape> ;
    <http://www.w3.org/ns/shacl#targetClass> <urn:kg:probe#Node> ;
    <http://www.w3.org/ns/shacl#property> [
        <http://www.w3.org/ns/shacl#path> <urn:kg:probe#lang> ;
        <http://www.w3.org/ns/shacl#in> ( "de" "en" ) ;
        <http://www.w3.org/ns/shacl#message> "not de or en" ] .
"""
_PROBE_DATA = b"""
<urn:kg:probe#good> a <urn:kg:probe#Node> ; <urn:kg:probe#lang> "de" .
<urn:kg:probe#bad> a <urn:kg:probe#Node> ; <urn:kg:probe#lang> "fr" .
"""


def turbo_validator(module: Any) -> Callable[[ox.Store, ox.Store], Any] | None:
    """pyshacl-turbo's validation as this module calls it, ``(data, shapes) -> (conforms,
    report graph, text)``, both pyoxigraph Stores; None when ``module`` has neither way.

    ``compile_shapes(shapes).validate(data)`` (``CompiledShapes.validate``), which converts
    the data Store once, where ``validate(data, shacl_graph=shapes)`` converts it twice (once
    to keep it for ``inplace``: about a seventh of its time at a million triples); else, for a
    version without ``compile_shapes`` or whose compiled shapes fail :func:`turbo_lacks`'s probe,
    ``validate``.

    >>> import pyshacl_turbo
    >>> turbo_validator(pyshacl_turbo) is not None, turbo_validator(object())
    (True, None)
    """
    compile_shapes = getattr(module, "compile_shapes", None)
    if callable(compile_shapes):
        compiled = _compiled_validator(compile_shapes)
        if turbo_lacks(compiled) is None:
            return compiled
    validate = getattr(module, "validate", None)
    return _plain_validator(validate) if callable(validate) else None


@cache
def _compiled_validator(compile_shapes: Callable[..., Any]) -> Callable[[ox.Store, ox.Store], Any]:
    def run(data: ox.Store, shapes: ox.Store) -> Any:
        program = compile_shapes(shapes, advanced=_TURBO_OPTIONS["advanced"])
        return program.validate(data, inference=_TURBO_OPTIONS["inference"],
                                allow_warnings=_TURBO_OPTIONS["allow_warnings"])
    return run


@cache
def _plain_validator(validate: Callable[..., Any]) -> Callable[[ox.Store, ox.Store], Any]:
    def run(data: ox.Store, shapes: ox.Store) -> Any:
        return validate(data, shacl_graph=shapes, **_TURBO_OPTIONS)
    return run


@cache
def turbo_lacks(validate: Callable[[ox.Store, ox.Store], Any] | None) -> str | None:
    """What this module needs of pyshacl-turbo and ``validate`` (a :func:`turbo_validator`)
    lacks, in words for a note; None when it has it all (checked once a process for each).

    It must exist, take pyoxigraph Stores as data and as shapes with this module's options
    (``inference="none"``, ``advanced=False``, ``allow_warnings=True``), and answer pyshacl's
    way: ``(conforms, report graph, text)``, with exactly one result for a value outside an
    ``sh:in`` list of plain strings and none for a value in it.

    >>> import pyshacl_turbo
    >>> turbo_lacks(turbo_validator(pyshacl_turbo)) is None, turbo_lacks(None)
    (True, 'has no validate()')
    """
    if not callable(validate):
        return message("check.turboNoValidate")
    data, shapes = ox.Store(), ox.Store()
    data.load(_PROBE_DATA, format=ox.RdfFormat.TURTLE)
    shapes.load(_PROBE_SHAPES, format=ox.RdfFormat.TURTLE)
    try:
        with quiet_rdflib():
            conforms, results, _ = validate(data, shapes)
    except Exception as err:  # a version without Store input, or other options
        return message("check.turboNoStores", error=f"{type(err).__name__}: {err}")
    if not isinstance(results, Graph):
        return message("check.turboNoStores", error=results)
    focus = sorted(str(results.value(r, SH.focusNode)) for r in results.objects(None, SH.result))
    if conforms is not False or focus != ["urn:kg:probe#bad"]:
        found = str(focus) if focus else message("check.turboNothing")
        return message("check.turboWrong", found=found, expected="urn:kg:probe#bad")
    return None


#: The options this module gives ``pyshacl_turbo.validate`` (as it gives pyshacl's).
_TURBO_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": False, "allow_warnings": True}


@cache
def _shapes(path: str) -> Graph:
    """The shapes graph (parsed once a process)."""
    return parse_file(path)


def _shapes_store(path: str) -> ox.Store:
    """The shapes in a pyoxigraph Store, as pyshacl-turbo must be given them."""
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.TURTLE)
    return store


def validate_store(store: ox.Store, shapes_path: str) -> list[Finding]:
    """Run pyshacl-turbo on the whole ``store`` (it releases the GIL while it validates).

    >>> from graph.paths import shapes_file
    >>> store = ox.Store()
    >>> store.load(b"<https://w3id.org/stalin-kg/person/X> a <https://w3id.org/stalin-kg/vocab#Person> .",
    ...            format=ox.RdfFormat.TURTLE)
    >>> sorted(f.message for f in validate_store(store, str(shapes_file())))[0]
    'needs exactly one English rdfs:label ("..."@en); put other forms in skos:altLabel'
    """
    return _turbo(store, shapes_path)


def _turbo(data: ox.Store, shapes_path: str) -> list[Finding]:
    """pyshacl-turbo's findings on the Store ``data``."""
    import pyshacl_turbo

    validate = turbo_validator(pyshacl_turbo)
    assert validate is not None  # choose_engine chose pyshacl otherwise
    with quiet_rdflib():
        _, results, _ = validate(data, _shapes_store(shapes_path))
        if not isinstance(results, Graph):  # a ValidationFailure: the shapes cannot be run
            raise KGError(message("check.turboFailed", path=shapes_path, results=results))
        return list(_shacl_findings(results))


def turbo_input(nquads: bytes) -> ox.Store:
    """A Store of ``nquads`` (oxigraph's N-Quads, a part of a Store), for pyshacl-turbo, with
    the blank nodes of the Store it came from (``Store.load`` would name them anew, and a
    finding must name the node of the files).

    >>> store = turbo_input(b"_:b1 <urn:b> <urn:c> .")
    >>> [str(q.subject) for q in store]
    ['_:b1']
    """
    store = ox.Store()
    store.bulk_extend(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    return store


@contextmanager
def quiet_rdflib() -> Iterator[None]:
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


def class_paths(shapes: Graph) -> frozenset[URIRef] | None:
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


class Chunk(NamedTuple):
    """The input of one pyshacl run: N-Quads, and the borrowed nodes whose results to drop."""

    payload: bytes
    borrowed: frozenset[str]
    subjects: int


def _subjects_in_order(store: ox.Store, paths: frozenset[URIRef]) -> list[Any]:
    """Every subject, each next to the nodes it names by a class path (statements by their
    sentence), so that few chunks need to borrow them."""
    key: dict[Any, str] = {}
    for path in paths:
        for quad in store.quads_for_pattern(None, to_oxigraph(path), None, _ANY_GRAPH):
            target = str(quad.object)
            if quad.subject not in key or target < key[quad.subject]:
                key[quad.subject] = target
    subjects = [row[0] for row in store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", use_default_graph_as_union=True)]  # type: ignore[union-attr]
    subjects.sort(key=lambda s: (key.get(s) or str(s), str(s)))
    return subjects


def _chunks(
    store: ox.Store, subjects: list[Any], paths: frozenset[URIRef] | None, budget: int
) -> Iterator[Chunk]:
    """Partition ``subjects`` into chunks of about ``budget`` triples (one if not chunkable)."""
    if paths is None:
        budget, paths = sys.maxsize, frozenset()
    pointing = {to_oxigraph(p) for p in paths}
    shared = list(store.quads_for_pattern(None, to_oxigraph(RDFS.subClassOf), None, _ANY_GRAPH))
    own: set[Any] = set()
    quads: list[ox.Quad] = []
    named: set[Any] = set()
    for subject in subjects:
        found = list(store.quads_for_pattern(subject, None, None, _ANY_GRAPH))
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
) -> Chunk:
    """One chunk: the own subjects' triples, the borrowed ones, and all rdfs:subClassOf."""
    borrowed = {n for n in named if not isinstance(n, ox.Literal)} - own
    extra = [q for n in borrowed for q in store.quads_for_pattern(n, None, None, _ANY_GRAPH)]
    borrowed |= {q.subject for q in shared} - own
    payload = ox.serialize([*quads, *extra, *shared], format=ox.RdfFormat.N_QUADS)
    return Chunk(payload or b"", frozenset(str(n) for n in borrowed), len(own))


class Parts(NamedTuple):
    """The whole store split into ``total`` parts by subject, for pyshacl-turbo workers.

    ``targets``: the nodes each subject points to by a class path (N-Quads terms), ``classes``:
    the ``rdfs:subClassOf`` triples (N-Quads lines), which every part gets.
    """

    store: ox.Store
    total: int
    targets: dict[bytes, list[bytes]]
    classes: bytes
    shapes_path: str

    def part_of(self, subject: bytes) -> int:
        """The part of ``subject``: that of the least node it points to by a class path (so
        that a statement is validated with its sentence), else its own.

        >>> parts = Parts(ox.Store(), 2, {b"<urn:st>": [b"<urn:s>"]}, b"", "")
        >>> parts.part_of(b"<urn:st>") == parts.part_of(b"<urn:s>")
        True
        """
        key = min(self.targets.get(subject) or (subject,))
        return zlib.crc32(key) % self.total

    def borrowed(self, index: int) -> set[bytes]:
        """The nodes of other parts whose triples part ``index`` needs (and whose results it
        drops): those its subjects point to by a class path."""
        return {
            target
            for subject, targets in self.targets.items() if self.part_of(subject) == index
            for target in targets if self.part_of(target) != index
        }


def plan_parts(store: ox.Store, count: int, shapes_path: str) -> Parts | None:
    """How to split ``store`` into ``count`` parts (None when the shapes are not local)."""
    paths = class_paths(_shapes(shapes_path))
    if paths is None:
        return None
    targets: dict[bytes, list[bytes]] = {}
    for path in paths:
        for quad in store.quads_for_pattern(None, to_oxigraph(path), None, _ANY_GRAPH):
            if not isinstance(quad.object, ox.Literal):
                targets.setdefault(str(quad.subject).encode(), []).append(str(quad.object).encode())
    shared = list(store.quads_for_pattern(None, to_oxigraph(RDFS.subClassOf), None, _ANY_GRAPH))
    classes = ox.serialize(shared, format=ox.RdfFormat.N_QUADS) or b""
    return Parts(store, count, targets, classes, shapes_path)


def part_payload(parts: Parts, index: int) -> tuple[bytes, frozenset[str]]:
    """Part ``index``: its N-Quads, and the nodes whose results to drop (borrowed ones, and the
    subjects of ``rdfs:subClassOf`` from other parts)."""
    borrowed = parts.borrowed(index)
    mine: dict[bytes, bool] = {}
    lines = []
    dump = parts.store.dump(format=ox.RdfFormat.N_QUADS) or b""
    for line in dump.split(b"\n"):
        subject = line[: line.find(b" ")]  # an IRI or a blank node (RDF 1.2: no triple terms)
        keep = mine.get(subject)
        if keep is None:
            keep = mine[subject] = parts.part_of(subject) == index or subject in borrowed
        if keep and line:
            lines.append(line)
    lines.append(parts.classes)
    classes = {line[: line.find(b" ")] for line in parts.classes.split(b"\n") if line}
    dropped = borrowed | {s for s in classes if parts.part_of(s) != index}
    return b"\n".join(lines), frozenset(s.decode("utf-8") for s in dropped)


#: The parts that forked workers validate (set before forking, read by :func:`validate_part`).
_PARTS: Parts | None = None


def validate_part(index: int) -> list[Finding]:
    """pyshacl-turbo on part ``index`` of :data:`_PARTS`: its own subjects' findings.
    (Runs in workers forked after :data:`_PARTS` was set, or here when they died.)"""
    assert _PARTS is not None
    payload, borrowed = part_payload(_PARTS, index)
    found = _turbo(turbo_input(payload), _PARTS.shapes_path)
    return [f for f in found if f.node.n3() not in borrowed]


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


def validate_chunk(chunk: Chunk, shapes_path: str) -> list[Finding]:
    """Run pyshacl on one chunk; the findings about its own focus nodes. (Runs in workers.)"""
    with quiet_rdflib():
        data = _rdflib_graph(chunk.payload)
        _, results, _ = pyshacl.validate(
            data, shacl_graph=_shapes(shapes_path), inference="none", advanced=False,
            allow_warnings=True,
        )
    assert isinstance(results, Graph)
    return [f for f in _shacl_findings(results) if f.node.n3() not in chunk.borrowed]


def _shacl_findings(results: Graph) -> Iterator[Finding]:
    """Each SHACL result of a pyshacl report graph as a finding on its focus node."""
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            value = _plain(results.value(result, SH.value))
            message = str(results.value(result, SH.resultMessage) or "does not conform")
            if focus is None:
                continue
            shown = [n for n in (path, value) if n is not None and n != focus]
            if path is not None and short_name(path) in message:
                shown.remove(path)  # the message names it already
            about = " ".join(short_name(n) for n in shown)
            anchors: tuple[Anchor, ...] = ((focus,),)
            if path is not None and value is not None:
                anchors = ((focus, path, value), *anchors)
            shape = results.value(result, SH.sourceShape)
            yield Finding(focus, f"{about}: {message}" if about else message, anchors, shape=shape)


def _plain(node: Node | None) -> Node | None:
    """``node``, a string typed ``xsd:string`` written as the plain literal it equals in RDF 1.1
    (pyshacl-turbo types the values it reports, pyshacl does not).

    >>> _plain(Literal("1953", datatype=_XSD_STRING)) == Literal("1953"), _plain(None)
    (True, None)
    """
    if isinstance(node, Literal) and node.datatype == _XSD_STRING:
        return Literal(str(node))
    return node


def _validate_spooled(path: str, borrowed: frozenset[str], subjects: int,
                      shapes_path: str) -> list[Finding]:
    """:func:`validate_chunk` on a chunk the parent wrote to ``path``. (Runs in workers.)

    Chunks go to the workers as files, so that what passes through the pool's queue is a few
    bytes: a big payload stuck in the queue's pipe after a worker died makes
    ``ProcessPoolExecutor.shutdown`` hang forever on Python 3.11.2 (Debian 12's).
    """
    return validate_chunk(Chunk(Path(path).read_bytes(), borrowed, subjects), shapes_path)


def _warm_up(shapes_path: str) -> None:
    """Parse the shapes in a new worker before the first chunk arrives."""
    _shapes(shapes_path)


def worker_count(requested: int | None, size: int) -> int:
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


class Shacl:
    """The SHACL rules. pyshacl-turbo: the whole store in a thread, or with several workers,
    a part each in processes forked once the store is loaded. pyshacl: the chunks, in worker
    processes (forked before loading) when there are several."""

    def __init__(self, workers: int, shapes_path: Path, engine: Engine | None = None) -> None:
        self.engine = engine or choose_engine()
        self.split = parts_wanted()  # before loading: a wrong value costs no wait
        self.shapes_path = str(shapes_path)
        self.pool: ProcessPoolExecutor | None = None
        self._spool: tempfile.TemporaryDirectory[str] | None = None
        self._parts: list[Future[list[Finding]]] = []
        if workers > 1 and self.engine.name == "pyshacl":  # fork now, while this process is small
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(workers, mp_context=context)
            self._spool = tempfile.TemporaryDirectory(prefix="kg-check-")
            for _ in range(workers):
                self.pool.submit(_warm_up, self.shapes_path)
        self.workers = workers
        self.findings: list[Finding] = []
        self._pending: dict[Future[list[Finding]], tuple[int, Path]] = {}
        self._spooled = 0
        self._plan: tuple[ox.Store, list[Any], frozenset[URIRef] | None] | None = None
        self._chunks: Iterator[Chunk] = iter(())
        self._done = self._total = 0
        self._progress: Callable[..., None] = silent
        self._thread: _Call | None = None

    def close(self) -> None:
        global _PARTS
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self._spool is not None:
            self._spool.cleanup()
            self._spool = None
        _PARTS = None

    def start(self, store: ox.Store, progress: Callable[..., None]) -> None:
        """Start validating (no waiting): pyshacl-turbo in worker processes or a thread; for
        pyshacl, plan the chunks and hand the first ones to the workers."""
        progress(message("check.shaclProgress", percent=0), "SHACL")
        self._progress = progress
        if self.engine.name != "pyshacl":
            if not self._start_parts(store):
                self._thread = _Call(validate_store, store, self.shapes_path)
            return
        paths = class_paths(_shapes(self.shapes_path))
        subjects = _subjects_in_order(store, paths or frozenset())
        self._plan, self._progress, self._total = (store, subjects, paths), progress, len(subjects)
        self._chunks = _chunks(store, subjects, paths, _budget(len(store), self.workers))
        if self.pool is not None:
            with suppress(BrokenProcessPool):  # finish() starts again without workers
                self._submit(2 * self.workers)

    @property
    def parts(self) -> int:
        """How many parts pyshacl-turbo validates in worker processes (0: none)."""
        return len(self._parts)

    def _start_parts(self, store: ox.Store) -> bool:
        """Fork a pyshacl-turbo worker a part, if there are several workers and the shapes
        allow parts (and this process has no other thread, which forking would break)."""
        global _PARTS
        if self.workers <= 1 or threading.active_count() > 1 or not self.split:
            return False
        _PARTS = plan_parts(store, self.workers, self.shapes_path)
        if _PARTS is None:
            return False
        self._total = self.workers
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        self._parts = [self.pool.submit(validate_part, i) for i in range(self.workers)]
        return True

    def _finish_parts(self) -> list[Finding]:
        """The workers' findings; if one died (killed, out of memory), the parts again here."""
        try:
            for future in self._parts:
                self._collect(1, future.result())
        except BrokenProcessPool:
            self.findings, self._done = [], 0
            for index in range(self.workers):
                self._collect(1, validate_part(index))
        finally:
            self._parts = []
            self.close()
        return self.findings

    def finish(self) -> list[Finding]:
        """Validate the remaining chunks and return every finding."""
        if self._parts:
            return self._finish_parts()
        if self._thread is not None:
            self.findings, self._thread = self._thread.result(), None
            self._progress(message("check.shaclProgress", percent=100), "SHACL")
            return self.findings
        try:
            if self.pool is not None:
                self._run_in_workers()
            else:
                for chunk in self._chunks:
                    self._collect(chunk.subjects, validate_chunk(chunk, self.shapes_path))
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
            assert self._spool is not None
            self._spooled += 1
            path = Path(self._spool.name) / f"chunk-{self._spooled}.nq"
            path.write_bytes(chunk.payload)
            future = self.pool.submit(_validate_spooled, str(path), chunk.borrowed,
                                      chunk.subjects, self.shapes_path)
            self._pending[future] = (chunk.subjects, path)

    def _run_in_workers(self) -> None:
        self._submit(2 * self.workers)
        while self._pending:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                subjects, path = self._pending.pop(future)
                path.unlink(missing_ok=True)
                self._collect(subjects, future.result())
            self._submit(2 * self.workers)

    def _collect(self, subjects: int, findings: list[Finding]) -> None:
        self.findings += findings
        self._done += subjects
        percent = 100 * self._done // max(self._total, 1)
        self._progress(message("check.shaclProgress", percent=percent), "SHACL")


class _Call(threading.Thread):
    """``function(*args)`` in a thread; :meth:`result` waits for it and returns or raises."""

    def __init__(self, function: Callable[..., list[Finding]], *args: Any) -> None:
        super().__init__(daemon=True)
        self._function, self._args = function, args
        self._value: list[Finding] = []
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._value = self._function(*self._args)
        except BaseException as err:  # handed to the caller by result()
            self._error = err

    def result(self) -> list[Finding]:
        self.join()
        if self._error is not None:
            raise self._error
        return self._value
