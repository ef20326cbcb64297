"""The curated files, changed one checked, minimal, undoable change at a time.

A :class:`Workspace` reads the statements file, the vocabulary, the sentences and the shapes
once, and keeps their text, a fingerprint of each (modification time and size; when those
change, the content is compared) and the graph in a pyoxigraph store. A change (:meth:`~Workspace.add_statement`,
:meth:`~Workspace.edit_statement`, :meth:`~Workspace.remove_statement`,
:meth:`~Workspace.add_entity`, :meth:`~Workspace.add_relation`, :meth:`~Workspace.undo`) is:

1. a conflict check: a file changed on disk since it was read refuses the change
   (:class:`Conflict`), never overwritten;
2. a few splices of the files' text: the statement's block under its sentence's heading
   (``# ==== Satz NN``, made where missing), its direct edge beside the others, an entity at
   the end of its kind's section; nothing else in any file changes;
3. the check of every rule on what the change can affect (:mod:`graph.edit.scope`), refusing
   with the located problems (:class:`Refused`), every file left byte-identical;
4. atomic writes, and an entry on the undo stack.

>>> import shutil, tempfile
>>> from pathlib import Path
>>> from graph.paths import data_dir
>>> folder = Path(tempfile.mkdtemp())
>>> for name in ("triples.ttl", "vocab.ttl", "sentences.ttl", "shapes.ttl"):
...     _ = shutil.copy(data_dir() / name, folder / name)
>>> ws = Workspace.open(folder)
>>> done = ws.add_statement(StatementSpec(
...     ws.resolve("Trotzki"), ws.relation_iri("criticised"), ws.resolve("Stalin"),
...     ws.sentence_iri(7), ("militärischen Erfolge Trotzkis",), basis="inferred",
...     note="A test."))
>>> done.statement
'https://w3id.org/stalin-kg/statement/s07-trotzki-criticised-stalin'
>>> _ = ws.undo()
>>> (folder / "triples.ttl").read_bytes() == (data_dir() / "triples.ttl").read_bytes()
True
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.atomic import atomic_output
from graph.check.report import Finding, Problem, short_name
from graph.edit import turtle
from graph.edit.scope import Edge, node_of, scoped_findings
from graph.edit.specs import EntitySpec, RelationSpec, StatementSpec, mint_local
from graph.edit.turtle import raw
from graph.errors import InputError, KGError
from graph.kg import KnowledgeGraph
from graph.locate import Locator
from graph.messages import message
from graph.namespaces import ENTITY_NAMESPACES, KG, OWL, PROV, RDF, REL, SENTENCE, SKOS
from graph.sparql import to_oxigraph
from graph.store import load_store
from graph.terms import local_name, written

if TYPE_CHECKING:
    from graph.workspace import Project

__all__ = ["Applied", "Conflict", "Refused", "Workspace"]

_STMT = "https://w3id.org/stalin-kg/statement/"
_PARTS = {"relation": KG.InferredRelation, "date": KG.InferredDate}
_BASES = {"stated": KG.Stated, "inferred": KG.Inferred, "reported": KG.Reported}


class Conflict(KGError):
    """A file changed on disk since the workspace read it: reload before changing it."""


class Refused(KGError):
    """The change would break the graph; ``problems`` says where and what, as ``kg check``."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(message("edit.refused", n=len(self.problems)) + "\n" + lines)


@dataclass(frozen=True)
class _Stamp:
    """What a file was when read or written: its modification time and size."""

    mtime_ns: int
    size: int


@dataclass
class Applied:
    """A change written: what it did, in which files, how long its check and write took, and
    how to undo it (the inverse splices and triples)."""

    summary: str
    statement: str | None
    node: str | None
    files: list[Path]
    inverse: dict[Path, list[turtle.Splice]] = field(repr=False)
    added: list[ox.Quad] = field(repr=False, default_factory=list)
    removed: list[ox.Quad] = field(repr=False, default_factory=list)
    focus: set[Node] = field(repr=False, default_factory=set)
    edges: set[Edge] = field(repr=False, default_factory=set)
    seconds: float = 0.0


@dataclass
class _Change:
    """A change being made: splices by file, triples added and removed, what to check."""

    summary: str
    splices: dict[Path, list[turtle.Splice]] = field(default_factory=dict)
    added: list[ox.Quad] = field(default_factory=list)
    removed: list[ox.Quad] = field(default_factory=list)
    focus: set[Node] = field(default_factory=set)
    edges: set[Edge] = field(default_factory=set)
    statement: str | None = None
    node: str | None = None

    def splice(self, path: Path, start: int, end: int, new: str) -> None:
        self.splices.setdefault(path, []).append(turtle.Splice(start, end, new))


class Workspace:
    """The curated files of one graph, for changing them (see the module).

    ``statements``: the file statements and entities are written to (``data/triples.ttl``);
    ``vocab``, ``sentences``, ``shapes``: the vocabulary (relations are written there), the
    sentences (None: they are among ``extra``) and the SHACL shapes; ``extra``: further files
    of the graph (other sources, source criticism), read only.
    """

    def __init__(self, statements: Path, vocab: Path, sentences: Path | None, shapes: Path,
                 extra: Sequence[Path] = ()) -> None:
        self.statements_file = Path(statements)
        self.vocab_file = Path(vocab)
        self.shapes_file = Path(shapes)
        read = [Path(sentences)] if sentences is not None else []
        self.files = list(dict.fromkeys([self.statements_file, *read, self.vocab_file,
                                         *map(Path, extra)]))
        self.undo_stack: list[Applied] = []
        self.reload()

    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> Workspace:
        """The workspace of a data folder holding ``triples.ttl``, ``vocab.ttl``,
        ``sentences.ttl`` and ``shapes.ttl`` (default: the bundled data folder, as ``kg``)."""
        from graph.paths import data_dir as bundled

        folder = Path(data_dir) if data_dir is not None else bundled()
        return cls(folder / "triples.ttl", folder / "vocab.ttl", folder / "sentences.ttl",
                   folder / "shapes.ttl")

    @classmethod
    def for_project(cls, project: Project) -> Workspace:
        """The workspace of a curation project (:class:`graph.workspace.Project`): its
        statements file, vocabulary and shapes, with its sources' sentences and its source
        criticism read as they are (:meth:`~graph.workspace.Project.graph_files`)."""
        others = [f for f in project.graph_files()
                  if f not in (project.statements, project.vocabulary)]
        return cls(project.statements, project.vocabulary, None, project.shapes, extra=others)

    # ------------------------------------------------------------------------ reading
    def reload(self) -> None:
        """Read every file again (after a conflict, or edits made elsewhere); empties undo."""
        #: each file's content as read or last written, one character a byte (turtle.raw)
        self.text: dict[Path, str] = {}
        self.stamps: dict[Path, _Stamp] = {}
        for path in self.files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputError(message("edit.cannotRead", reason=exc.strerror),
                                 path=str(path)) from None
            self.text[path] = data.decode("latin-1")  # raw: see graph.edit.turtle.raw
            self.stamps[path] = self._stamp(path)
        self.store = load_store(self.files)
        self.prologue = {path: _prologue(self.text[path]) for path in self.files}
        self.undo_stack.clear()
        self._kg: KnowledgeGraph | None = None
        #: counts the changes to entities, relations and their names (reloads too)
        self.names_version = getattr(self, "names_version", -1) + 1

    def add_file(self, path: Path) -> None:
        """Read one more file of the graph (a source just added, :func:`graph.sources.write_source`)
        into the workspace, read only like the sources; the undo stack stays."""
        path = Path(path)
        if path in self.files:
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(message("edit.cannotRead", reason=exc.strerror),
                             path=str(path)) from None
        load_store([path], self.store)
        self.files.append(path)
        self.text[path] = data.decode("latin-1")
        self.stamps[path] = self._stamp(path)
        self.prologue[path] = _prologue(self.text[path])
        self._kg = None

    @staticmethod
    def _stamp(path: Path) -> _Stamp:
        st = path.stat()
        return _Stamp(st.st_mtime_ns, st.st_size)

    @property
    def kg(self) -> KnowledgeGraph:
        """The graph as it is now, for reading (labels, names, statements, the viewer): a new
        one after each change, keeping what it read of entities and relations unless the
        change made one."""
        if self._kg is None:
            self._kg = KnowledgeGraph(self.store, self.files)
        return self._kg

    def resolve(self, name: str) -> str:
        """The entity IRI a name denotes (any label or alias, or a prefixed name); a
        :class:`~graph.errors.LookupFailed` with suggestions when it is unknown or ambiguous."""
        return str(self.kg.find(name))

    def relation_iri(self, name: str) -> str:
        """The IRI of a relation of the vocabulary, by local name, prefixed name or label."""
        return self.kg.relation(name).iri

    def sentence_iri(self, number: int, source: str | None = None) -> str:
        """The IRI of sentence ``number`` (of ``source``, an IRI or local name, when given)."""
        for s in self.kg.sentences():
            if s.number == number and (source is None or (s.source is not None and
                                       (s.source == source or local_name(s.source) == source))):
                return s.iri
        raise InputError(message("edit.noSentence", number=number,
                                 source=f" ({source})" if source else ""))

    def sentence_text(self, iri: str) -> str:
        """The text of a sentence."""
        found = self._value(URIRef(iri), KG.text)
        if found is None:
            raise InputError(message("edit.noSentence", number=short_name(URIRef(iri)),
                                     source=""))
        return str(found)

    def _value(self, s: Node, p: Node) -> Node | None:
        for q in self.store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), None, None):
            return node_of(q.object)
        return None

    def _objects(self, s: Node, p: Node) -> list[Node]:
        quads = self.store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), None, None)
        return [node_of(q.object) for q in quads]

    def statement_spec(self, iri: str) -> StatementSpec:
        """The spec of a statement as written (to edit it)."""
        st = URIRef(iri)
        if KG.basis not in {p for p, _ in self._pairs(st)}:
            raise InputError(message("edit.noStatement", statement=short_name(st)))
        one = {p: o for p, o in self._pairs(st)}
        part = one.get(KG.inferredPart)
        note = one.get(SKOS.note)

        def iris(p: URIRef) -> tuple[str, ...]:
            return tuple(str(o) for o in self._objects(st, p))

        obj = one[RDF.object]
        cited = sorted(self._objects(st, PROV.wasDerivedFrom), key=str)
        return StatementSpec(
            subject=str(one[RDF.subject]), relation=str(one[RDF.predicate]),
            object=obj if isinstance(obj, Literal) else str(obj),
            sentence=str(cited[0]), also_from=tuple(str(x) for x in cited[1:]),
            quotes=tuple(str(q) for q in self._objects(st, KG.quote)),
            basis=local_name(str(one[KG.basis])).lower(),
            inferred_part={v: k for k, v in _PARTS.items()}.get(part) if part else None,  # type: ignore[call-overload]
            claimant=str(one[PROV.wasAttributedTo]) if PROV.wasAttributedTo in one else None,
            note=str(note) if note is not None else None,
            note_lang=(note.language if isinstance(note, Literal) else None) or "en",
            at=one.get(KG.pointInTime), start=one.get(KG.start),  # type: ignore[arg-type]
            end=one.get(KG.end),  # type: ignore[arg-type]
            after=iris(KG.after), before=iris(KG.before), because=iris(KG.because),
        )

    def _pairs(self, node: Node) -> list[tuple[Node, Node]]:
        quads = self.store.quads_for_pattern(to_oxigraph(node), None, None, None)
        return [(node_of(q.predicate), node_of(q.object)) for q in quads]

    # ------------------------------------------------------------------------ changes
    def add_statement(self, spec: StatementSpec) -> Applied:
        """Write a new statement and, unless the graph has it already, its direct edge."""
        change = _Change(message("edit.added", statement=""))
        iri = self._write_statement(change, spec, None)
        change.summary = message("edit.added", statement=short_name(URIRef(iri)))
        return self._apply(change)

    def edit_statement(self, iri: str, spec: StatementSpec) -> Applied:
        """Rewrite a statement in place (under its new sentence's heading if that changed)."""
        change = _Change(message("edit.edited", statement=short_name(URIRef(iri))))
        old = self.statement_spec(iri)
        same_edge = (old.subject, old.relation, old.object) == (spec.subject, spec.relation,
                                                                spec.object)
        self._remove_statement(change, iri, old, keep_block=old.sentence == spec.sentence,
                               keep_edge=same_edge)
        self._write_statement(change, spec, iri)
        return self._apply(change)

    def remove_statement(self, iri: str) -> Applied:
        """Remove a statement, and its direct edge when no other statement states it."""
        change = _Change(message("edit.removed", statement=short_name(URIRef(iri))))
        self._remove_statement(change, iri, self.statement_spec(iri), keep_block=False,
                               keep_edge=False)
        for pointer in (KG.after, KG.before, KG.because):  # who points at it is checked too
            for q in self.store.quads_for_pattern(None, to_oxigraph(pointer),
                                                  ox.NamedNode(iri), None):
                change.focus.add(node_of(q.subject))
        return self._apply(change)

    def add_entity(self, spec: EntitySpec) -> Applied:
        """Declare a new entity at the end of its kind's section of the statements file."""
        iri = self._fresh(ENTITY_NAMESPACES[spec.kind.lower()] + mint_local(spec.label_de))
        rows: list[tuple[str, list[Literal]]] = [
            ("rdfs:label", [Literal(spec.label_de, lang="de"), Literal(spec.label_en, lang="en")]),
            ("skos:altLabel", [Literal(t, lang=lang) for t, lang in spec.aliases if t.strip()]),
            ("schema:description", [Literal(t, lang=lang) for t, lang in
                                    ((spec.description_de, "de"), (spec.description_en, "en"))
                                    if t]),
        ]
        block = raw(turtle.entity_block(written(iri), f"kg:{spec.kind}", rows))
        path = self.statements_file
        text = self.text[path]
        at = turtle.kind_section(text, spec.kind)
        if at is None:  # no section of its kind: before the first sentence, else at the end
            first = re.search(r"^# =+ Satz ", text, re.M | re.ASCII)
            at = first.start() if first else len(text)
            new = block + "\n" if first else ("\n" if text and not text.endswith("\n\n") else "") + block
        else:
            new = "\n" + block
        change = _Change(message("edit.created", node=written(iri)), node=iri)
        change.splice(path, at, at, new)
        change.added += self._parse(path, block)
        change.focus.add(URIRef(iri))
        return self._apply(change)

    def add_relation(self, spec: RelationSpec) -> Applied:
        """Declare a new relation after the last relation of the vocabulary."""
        iri = str(REL) + spec.name
        if self._pairs(URIRef(iri)):
            raise InputError(message("edit.relationExists", name=spec.name))
        kinds = "owl:ObjectProperty" + (", owl:SymmetricProperty" if spec.symmetric else "")
        lit = turtle.literal
        rows = [
            ("rdfs:label", [lit(Literal(spec.label_de, lang="de")),
                            lit(Literal(spec.label_en, lang="en"))]),
            ("kg:inverseLabel", [lit(Literal(t, lang=lang)) for t, lang in
                                 ((spec.inverse_de, "de"), (spec.inverse_en, "en")) if t]),
            ("rdfs:comment", [lit(Literal(spec.definition, lang="en"))]),
            ("rdfs:domain", [f"kg:{spec.domain}"]),
            ("rdfs:range", [f"kg:{spec.range}"]),
            ("rdfs:isDefinedBy", ["<https://w3id.org/stalin-kg/vocab>"]),
        ]
        block = raw(turtle.relation_block(f"rel:{spec.name}", kinds, rows))
        path = self.vocab_file
        text = self.text[path]
        last = list(re.finditer(r"^rel:\S+ a ", text, re.M | re.ASCII))
        at = len(text)
        if last:
            found = turtle.find_block(text[last[-1].start():], last[-1].group(0).split()[0])
            at = last[-1].start() + (found[1] if found else len(text) - last[-1].start())
        change = _Change(message("edit.created", node=f"rel:{spec.name}"), node=iri)
        change.splice(path, at, at, "\n" + block)
        change.added += self._parse(path, block)
        change.focus.add(URIRef(iri))
        return self._apply(change)

    def undo(self) -> Applied:
        """Undo the last change still on the stack (checked and conflict-checked as any)."""
        if not self.undo_stack:
            raise InputError(message("edit.nothingToUndo"))
        last = self.undo_stack[-1]
        change = _Change(message("edit.undone", summary=last.summary), node=last.node,
                         statement=last.statement)
        change.splices = {p: list(s) for p, s in last.inverse.items()}
        change.added, change.removed = list(last.removed), list(last.added)
        change.focus, change.edges = set(last.focus), set(last.edges)
        applied = self._apply(change, undoing=True)
        self.undo_stack.pop()
        return applied

    # ------------------------------------------------------------------------ the pieces
    def _write_statement(self, change: _Change, spec: StatementSpec, iri: str | None) -> str:
        sentence = URIRef(spec.sentence)
        text_of = self.sentence_text(spec.sentence)
        texts = [text_of, *(self.sentence_text(x) for x in spec.also_from)]
        for q in spec.quotes:
            if not any(q in t for t in texts):
                raise InputError(message("edit.quoteNotInSentence", quote=repr(q),
                                         sentence=short_name(sentence), text=text_of))
        s, p = URIRef(spec.subject), URIRef(spec.relation)
        o: Node = spec.object if isinstance(spec.object, Literal) else URIRef(spec.object)
        self._number(sentence)  # a sentence, numbered
        local = str(sentence)[len(str(SENTENCE)):] if str(sentence).startswith(str(SENTENCE)) \
            else local_name(str(sentence))
        title = turtle.sentence_title(local)
        if iri is None:
            tag = f"s{int(local):02d}" if local.isdigit() else re.sub(r"[^A-Za-z0-9]+", "-", local)
            ends = [tag, local_name(spec.subject).lower(), local_name(spec.relation)]
            if not isinstance(o, Literal):
                ends.append(local_name(str(o)).lower())
            iri = self._fresh(_STMT + "-".join(ends))
        st = URIRef(iri)
        pairs: list[tuple[URIRef, Node]] = [(RDF.subject, s), (RDF.predicate, p), (RDF.object, o)]
        pairs += [(prop, d) for prop, d in ((KG.start, spec.start), (KG.end, spec.end),
                                           (KG.pointInTime, spec.at)) if d is not None]
        pairs += [(KG.before, URIRef(x)) for x in spec.before]
        pairs += [(KG.after, URIRef(x)) for x in spec.after]
        pairs += [(KG.because, URIRef(x)) for x in spec.because]
        pairs += [(PROV.wasDerivedFrom, sentence)]
        pairs += [(PROV.wasDerivedFrom, URIRef(x)) for x in spec.also_from]
        pairs += [(KG.basis, _BASES[spec.basis])]
        if spec.basis == "inferred":
            pairs.append((KG.inferredPart, _PARTS[spec.inferred_part or "relation"]))
        if spec.claimant:
            pairs.append((PROV.wasAttributedTo, URIRef(spec.claimant)))
        pairs += [(KG.quote, Literal(q)) for q in spec.quotes]
        if spec.note and spec.note.strip():
            pairs.append((SKOS.note, Literal(spec.note.strip(), lang=spec.note_lang)))
        block = raw(turtle.statement_block(written(iri), pairs))
        path = self.statements_file
        text = self.text[path]
        section = turtle.sentence_section(text, title)
        edge_new = not self._has_edge(s, p, o) and _quad(s, p, o) not in change.added
        edge = raw(turtle.edge_line(s, p, o)) if edge_new else ""
        replaced = next((sp for sp in change.splices.get(path, []) if sp.new == "\0" + iri), None)
        if replaced is not None:  # an edit in place: the block goes where the old one was
            change.splices[path].remove(replaced)
            change.splice(path, replaced.start, replaced.end, block)
            if edge:
                self._insert_edge(change, path, text, section, edge, title)
        elif section is None:
            at = turtle.new_section_at(text, title)
            heading = raw(turtle.sentence_heading(title, text_of))
            body = heading + "\n" + (edge + "\n" if edge else "") + block
            new = (body + "\n") if at < len(text) else (
                ("" if text.endswith("\n\n") or not text else "\n") + body)
            change.splice(path, at, at, new)
        else:
            self._insert_edge(change, path, text, section, edge, title)
            change.splice(path, section[2], section[2], "\n" + block)
        change.added += self._parse(path, block)
        if edge:
            change.added.append(_quad(s, p, o))
        change.focus.add(st)
        change.edges.add((s, p, o))
        change.statement = iri
        return iri

    def _insert_edge(self, change: _Change, path: Path, text: str,
                     section: tuple[int, int, int] | None, edge: str, title: str) -> None:
        if not edge:
            return
        if section is None:
            raise InputError(message("edit.noSection", title=title))
        _, body, end = section
        lines = list(re.finditer(r"^\S+ rel:\S+ .* \.\n", text[body:end], re.M | re.ASCII))
        at = body + lines[-1].end() if lines else body + (1 if text.startswith("\n", body) else 0)
        new = edge if lines else edge + "\n"
        if not lines and not text.startswith("\n", body):
            new = "\n" + edge
        change.splice(path, at, at, new)

    def _remove_statement(self, change: _Change, iri: str, old: StatementSpec,
                          keep_block: bool, keep_edge: bool) -> None:
        path = self.statements_file
        text = self.text[path]
        found = turtle.find_block(text, raw(written(iri)))
        if found is None:
            raise InputError(message("edit.noBlock", statement=written(iri)), path=str(path))
        start, end = found
        quads = self._parse(path, text[start:end])
        st = ox.NamedNode(iri)
        if set(quads) != set(self.store.quads_for_pattern(st, None, None, None)):
            raise InputError(message("edit.notOneBlock", statement=written(iri)),
                             path=str(path), line=text.count("\n", 0, start) + 1)
        if keep_block:
            change.splice(path, start, end, "\0" + iri)
        else:
            if text.startswith("\n", end):
                end += 1
            elif start > 0 and text[start - 2:start] == "\n\n":
                start -= 1
            change.splice(path, start, end, "")
        change.removed += quads
        s, p = URIRef(old.subject), URIRef(old.relation)
        o: Node = old.object if isinstance(old.object, Literal) else URIRef(old.object)
        change.edges.add((s, p, o))
        change.focus.add(URIRef(iri))
        others = [x for x in self._stating(s, p, o) if str(x) != iri]
        if not others and not keep_edge:  # no statement left states the edge: its lines go too
            for a, b in self._directions(s, p, o):
                line = raw(turtle.edge_line(a, p, b))
                at = 0
                while (i := turtle.find_line(text, line, at)) is not None:
                    change.splice(path, i, i + len(line), "")
                    change.removed.append(_quad(a, p, b))
                    at = i + len(line)

    def _symmetric(self, p: Node) -> bool:
        return any(True for _ in self.store.quads_for_pattern(
            to_oxigraph(p), to_oxigraph(RDF.type), to_oxigraph(OWL.SymmetricProperty), None))

    def _directions(self, s: Node, p: Node, o: Node) -> tuple[tuple[Node, Node], ...]:
        """The (subject, object) pairs an edge may be written as: both for a symmetric
        relation between entities, else as given."""
        if isinstance(o, Literal) or not self._symmetric(p):
            return ((s, o),)
        return ((s, o), (o, s))

    def _stating(self, s: Node, p: Node, o: Node) -> list[Node]:
        out = []
        for a, b in self._directions(s, p, o):
            for q in self.store.quads_for_pattern(None, to_oxigraph(RDF.subject),
                                                  to_oxigraph(a), None):
                st = q.subject
                if (any(True for _ in self.store.quads_for_pattern(
                        st, to_oxigraph(RDF.predicate), to_oxigraph(p), None))
                        and any(True for _ in self.store.quads_for_pattern(
                            st, to_oxigraph(RDF.object), to_oxigraph(b), None))):
                    out.append(node_of(st))
        return out

    def _has_edge(self, s: Node, p: Node, o: Node) -> bool:
        return any(any(True for _ in self.store.quads_for_pattern(
            to_oxigraph(a), to_oxigraph(p), to_oxigraph(b), None))
            for a, b in self._directions(s, p, o))

    def _number(self, sentence: URIRef) -> int:
        number = self._value(sentence, KG.sentenceNumber)
        if number is None:
            raise InputError(message("edit.noSentence", number=short_name(sentence), source=""))
        return int(str(number))

    def _fresh(self, iri: str) -> str:
        """``iri``, or with ``-2``, ``-3`` ... when something in the graph has it already."""
        candidate, n = iri, 1
        while any(True for _ in self.store.quads_for_pattern(ox.NamedNode(candidate), None,
                                                             None, None)) or \
                any(True for _ in self.store.quads_for_pattern(None, None,
                                                               ox.NamedNode(candidate), None)):
            n += 1
            candidate = f"{iri}-{n}"
        return candidate

    def _parse(self, path: Path, block: str) -> list[ox.Quad]:
        data = (self.prologue[path] + block).encode("latin-1")
        return [ox.Quad(t.subject, t.predicate, t.object)
                for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]

    # ------------------------------------------------------------------------ applying
    def _conflicts(self) -> None:
        for path in self.files:
            stamp = self.stamps[path]
            try:
                st = path.stat()
            except OSError:
                raise Conflict(message("edit.conflict", path=path)) from None
            if (st.st_mtime_ns, st.st_size) == (stamp.mtime_ns, stamp.size):
                continue
            # touched: a conflict unless the content is still what was read (or written)
            if st.st_size != stamp.size or path.read_bytes() != self.text[path].encode("latin-1"):
                raise Conflict(message("edit.conflict", path=path))
            self.stamps[path] = _Stamp(st.st_mtime_ns, st.st_size)

    def _apply(self, change: _Change, undoing: bool = False) -> Applied:
        began = time.perf_counter()
        self._conflicts()
        new_text = {p: turtle.splice(self.text[p], s) for p, s in change.splices.items()}
        self._swap(change.removed, change.added)
        try:
            found = scoped_findings(self.store, change.focus, change.edges, self.shapes_file)
        except BaseException:
            self._swap(change.added, change.removed)
            raise
        if found:
            self._swap(change.added, change.removed)
            raise Refused(self._locate(found, new_text))
        try:
            self._write(new_text)
        except BaseException:
            self._swap(change.added, change.removed)
            raise
        inverse = {p: _inverse(self.text[p], change.splices[p]) for p in change.splices}
        for path, text in new_text.items():
            self.text[path] = text
        self._refresh(names=bool(change.node) or any(isinstance(o, Literal)
                                                     for _, _, o in change.edges))
        applied = Applied(change.summary, change.statement, change.node, list(new_text), inverse,
                          change.added, change.removed, change.focus, change.edges,
                          time.perf_counter() - began)
        if not undoing:
            self.undo_stack.append(applied)
        return applied

    def _refresh(self, names: bool) -> None:
        """A new :attr:`kg` over the changed store (its statements and everything read from
        them made afresh); what it knows of entities, kinds and relations kept unless
        ``names`` (an entity or relation made, or an entity's dated facts changed)."""
        old, self._kg = self._kg, None
        if names:
            self.names_version += 1
        elif old is not None:
            fresh = KnowledgeGraph(self.store, self.files)
            for kept in ("entities", "kinds", "relation_catalogue"):  # cached_property values
                if kept in vars(old):
                    setattr(fresh, kept, vars(old)[kept])
            self._kg = fresh

    def _swap(self, remove: Iterable[ox.Quad], add: Iterable[ox.Quad]) -> None:
        for q in remove:
            self.store.remove(q)
        self.store.extend(list(add))

    def _write(self, new_text: dict[Path, str]) -> None:
        written_so_far: list[Path] = []
        try:
            for path, text in new_text.items():
                data = text.encode("latin-1")
                with atomic_output(path, "wb") as out:
                    out.write(data)
                written_so_far.append(path)
                self.stamps[path] = self._stamp(path)
        except BaseException:
            for path in written_so_far:  # put back what was written before the failure
                data = self.text[path].encode("latin-1")
                with contextlib.suppress(OSError), atomic_output(path, "wb") as out:
                    out.write(data)
                with contextlib.suppress(OSError):
                    self.stamps[path] = self._stamp(path)
            raise

    def _locate(self, found: Sequence[tuple[Finding, str]],
                new_text: dict[Path, str]) -> list[Problem]:
        """The findings as problems at file:line of the files as they would be."""
        folder = Path(tempfile.mkdtemp(prefix="kg-curate-"))
        try:
            files: list[tuple[str, Path]] = []
            for path in self.files:
                if path in new_text:
                    copy = folder / f"{len(files)}-{path.name}"
                    copy.write_bytes(new_text[path].encode("latin-1"))
                    files.append((str(path), copy))
                else:
                    files.append((str(path), path))
            wanted = {a[0] for f, _ in found for a in f.anchors}
            where = Locator(files, wanted)
            return sorted({Problem(*where.locate(f.anchors, earliest=f.earliest),
                                   f.node, f.message, rule)
                           for f, rule in found},
                          key=lambda p: (p.file, p.line or 0, str(p.node), p.message))
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _quad(s: Node, p: Node, o: Node) -> ox.Quad:
    return ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))


def _prologue(text: str) -> str:
    """The ``@prefix`` and ``@base`` lines of a Turtle file."""
    return "".join(m.group(0) for m in re.finditer(r"^@(?:prefix|base)\b.*\n", text,
                                                   re.M | re.ASCII))


def _inverse(text: str, splices: list[turtle.Splice]) -> list[turtle.Splice]:
    """The splices that turn the spliced text back into ``text``."""
    out, shift = [], 0
    for s in sorted(splices, key=lambda s: (s.start, s.end)):
        start = s.start + shift
        out.append(turtle.Splice(start, start + len(s.new), text[s.start:s.end]))
        shift += len(s.new) - (s.end - s.start)
    return out

