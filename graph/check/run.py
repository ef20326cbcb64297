"""Running the rules: load the files into a store, run every rule of :data:`RULES`, and
locate each finding at ``file:line``.

SHACL runs beside the other rules (pyshacl-turbo in a thread, or on parts of the store in worker
processes for big inputs; pyshacl in chunks, in worker processes for big inputs) while they
query the store; files are re-read for ``file:line`` only when there are problems to locate, and only
for the nodes concerned.

>>> report = check_report()
>>> [Path(name).name for name in report.files]
['triples.ttl', 'sentences.ttl', 'vocab.ttl', 'criticism.ttl']
>>> report.triples > 0
True
>>> check_report(engine="pyshacl").problems == report.problems
True
"""

from __future__ import annotations

import mmap
import sys
from collections.abc import Callable, Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from graph import paths as bundled
from graph.check.report import Finding, Problem, Report, short_name
from graph.check.rules import RULES, rule_of_shape
from graph.check.shacl import Engine, Shacl, choose_engine, quiet_rdflib, worker_count
from graph.check.triples import Triples
from graph.errors import InputError
from graph.locate import Locator
from graph.messages import message
from graph.progress import Progress
from graph.rdfio import load_into
from graph.store import format_for, load_store, read_source

if TYPE_CHECKING:
    from graph.workspace import Project

__all__ = ["check", "check_report"]

_T = TypeVar("_T")
#: A finding, and the name of the rule that found it.
_Found = tuple[Finding, str]


def check_report(
    paths: Sequence[Path | str] | None = None,
    *,
    progress: bool | None = None,
    workers: int | None = None,
    engine: str | None = None,
    project: Project | None = None,
) -> Report:
    """Check ``paths`` (default: the bundled graph) and return a :class:`Report`.

    ``project``: a curation project (:mod:`graph.workspace`) whose files are checked instead
    of the bundled graph (with ``paths``: its sources and vocabulary beside them), against its
    shapes; its statements file may be empty (a new project).

    ``progress``: show progress on stderr (None: for big inputs, or on a terminal).
    ``workers``: processes validating SHACL (pyshacl-turbo's parts of the store, or pyshacl's
    chunks; None: one a core for big inputs; 1: none). ``engine``: the SHACL engine, ``pyshacl-turbo`` or ``pyshacl`` (None:
    ``$KG_SHACL_ENGINE``, else pyshacl-turbo); when pyshacl-turbo is not installed or fails to
    import, pyshacl runs and a line on stderr says so (also ``report.notes``).
    Raises :class:`~graph.errors.InputError` if a file cannot be read or parsed, or is empty,
    and :class:`~graph.errors.KGError` for an unknown engine.
    """
    chosen = choose_engine(engine)
    if chosen.note:
        print(chosen.note, file=sys.stderr)
    given, background = _files(paths) if project is None else _project_files(paths, project)
    shapes = project.shapes if project is not None else _bundled(bundled.shapes_file)
    may_be_empty = {project.statements.resolve()} if project is not None else set()
    say = Progress.auto([p for _, p in given], progress)
    size = sum(p.stat().st_size for _, p in given if p.is_file())
    try:
        with quiet_rdflib():
            triples, found = _find(given, background, say, worker_count(workers, size), chosen,
                                   shapes, may_be_empty)
            if found:
                n = len(found)
                say(message("check.locatingOne", n=n) if n == 1 else message("check.locating", n=n))
            wanted = {anchor[0] for finding, _ in found for anchor in finding.anchors}
            locator = Locator(given + background, wanted)
            problems = {
                Problem(*locator.locate(f.anchors, earliest=f.earliest), f.node, f.message, rule)
                for f, rule in found
            }
    finally:
        say.done()
    ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, str(p.node), p.message))
    notes = (chosen.note,) if chosen.note else ()
    return Report(tuple(ordered), tuple(name for name, _ in given), triples, chosen.name, notes)


def check(paths: Sequence[Path | str] | None = None) -> list[Problem]:
    """Check ``paths`` (default: the bundled graph); return the problems, sorted by file and line.

    Raises :class:`~graph.errors.InputError` if a file cannot be read or parsed.

    >>> all(isinstance(problem, Problem) for problem in check())
    True
    """
    return list(check_report(paths).problems)


def _find(
    given: list[tuple[str, Path]],
    background: list[tuple[str, Path]],
    say: Callable[..., None],
    workers: int,
    engine: Engine,
    shapes: Path,
    may_be_empty: Set[Path],
) -> tuple[int, list[_Found]]:
    """Load the files and run every rule: (triples of the given files, findings)."""
    if not shapes.is_file():
        raise InputError(message("check.noShapes"), path=str(shapes))
    shacl = Shacl(workers, shapes, engine)
    try:
        store = ox.Store()
        _load(store, given, say, may_be_empty)
        triples = len(store)
        _load(store, background, say, may_be_empty)
        shacl.start(store, say)
        say(message("check.checking"))
        data = Triples(store)
        found = [(f, rule.name) for rule in RULES if rule.find for f in rule.find(data)]
        found += [(f, _shacl_rule(f)) for f in shacl.finish()]
    finally:
        shacl.close()
    return triples, found


def _shacl_rule(finding: Finding) -> str:
    """The name of the SHACL rule whose shape found ``finding`` (else the shape's name)."""
    rule = rule_of_shape(finding.shape)
    if rule is not None:
        return rule.name
    return short_name(finding.shape) if finding.shape is not None else "shacl"


def _bundled(call: Callable[[], _T]) -> _T:
    """Call a :mod:`graph.paths` function, turning missing bundled data into an InputError."""
    try:
        return call()
    except FileNotFoundError as err:
        raise InputError(str(err)) from None


def _load(store: ox.Store, files: list[tuple[str, Path]], progress: Callable[..., None],
          may_be_empty: Set[Path] = frozenset()) -> None:
    """Load ``files`` into ``store``; an empty file (no triples) is an InputError, except
    those of ``may_be_empty`` (resolved paths)."""
    for name, path in files:
        label = message("check.loading", name=Path(name).name)

        def report(count: int, label: str = label) -> None:
            progress(message("check.loaded", label=label, count=f"{count:,}"), label)

        progress(label)
        if _labels_kept_anyway(path):  # oxigraph's own loader, as fast as the bare load
            load_store([path], store, progress=progress)
            empty = _states_nothing(path)
        else:
            empty = load_into(store, path, progress=report) == 0
        if empty and path.resolve() not in may_be_empty:
            raise InputError(message("check.emptyFile"), path=name)


#: The formats whose blank node labels are written ``_:label`` (and so can be looked for).
_LABELLED = frozenset({ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N_TRIPLES,
                       ox.RdfFormat.N_QUADS})


def _labels_kept_anyway(path: Path) -> bool:
    """Whether ``Store.bulk_load`` of ``path`` gives the store what :func:`load_into` gives it:
    a file of a format that writes blank node labels as ``_:label`` with no ``_:`` in it (bulk
    loading names labelled blank nodes anew, and a finding must name the node of the file;
    ``[]`` nodes are named anew by both). Unreadable files answer False (``load_into`` says why).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.ttl").write_text("<urn:a> <urn:b> [ <urn:c> 1 ] .")
    >>> _ = (folder / "b.ttl").write_text("_:a <urn:b> 1 .")
    >>> _labels_kept_anyway(folder / "a.ttl"), _labels_kept_anyway(folder / "b.ttl")
    (True, False)
    """
    try:
        if format_for(path) not in _LABELLED or not path.is_file() or path.stat().st_size == 0:
            return False
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b"_:") < 0
    except (InputError, OSError, ValueError):
        return False


def _states_nothing(path: Path) -> bool:
    """Whether ``path`` (already loaded, so readable and well-formed) states no triple."""
    with read_source(path) as (fmt, base):
        return next(iter(ox.parse(path=str(path), format=fmt, base_iri=base)), None) is None


def _display(path: Path) -> str:
    """A bundled file's name as the user sees it: relative to the working folder if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _files(
    paths: Sequence[Path | str] | None,
) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
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


def _project_files(
    paths: Sequence[Path | str] | None, project: Project,
) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """(given files, background files) of a project: its graph, or ``paths`` beside its
    sources and vocabulary."""
    if paths:
        given = [(str(p), Path(p)) for p in paths]
        seen = {path.resolve() for _, path in given}
        background = [(_display(p), p) for p in project.background_files()
                      if p.resolve() not in seen]
        return given, background
    return [(_display(p), p) for p in project.graph_files()], []
