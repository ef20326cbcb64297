"""Claim-level differences between two versions of a graph: statements added, removed and
changed, entities added, removed and relabelled.

A statement's identity across versions is its IRI (``stmt:...``): every statement has one,
and a curator who corrects a quote or a date keeps it, so the change shows as *changed*; a
statement whose IRI changed shows as removed and added. An entity's identity is its IRI too.
What counts as a change of a statement: its ends (subject, relation, object), its basis (with
its inferred part and claimant), its dates, its sentence, its quote and its note.

A version is a file, a project folder (its ``kg.toml``; or a folder of ``*.ttl`` files), or a
git revision of either, ``REV:PATH`` (``HEAD~3:data/triples.ttl``, ``v1.0:.``), read with
``git show`` / ``git archive`` from the repository holding the working folder.

>>> import graph
>>> old = graph.load()
>>> same = diff_graphs(old, old)
>>> same.empty, same.summary()
(True, '0 statements added, 0 removed, 0 changed; 0 entities added, 0 removed, 0 relabelled')
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .messages import message
from .model import Entity, Statement
from .sources import sentence_ref
from .table import clip, table
from .terms import short

if TYPE_CHECKING:
    from .access import GraphAccess

__all__ = ["FIELDS", "Change", "GraphDiff", "diff_graphs", "load_version", "version_files"]

#: What of a statement a change can touch, in the order reports list them.
FIELDS = ("subject", "relation", "object", "basis", "inferred_part", "claimant", "start", "end",
          "point_in_time", "sentence", "quote", "note")


def _fields(st: Statement) -> dict[str, str | None]:
    """A statement's comparable parts as text (None where it has none)."""
    def text(value: object) -> str | None:
        return str(value) if value is not None else None

    return {
        "subject": st.subject, "relation": st.relation, "object": str(st.object),
        "basis": st.basis, "inferred_part": st.inferred_part, "claimant": st.claimant,
        "start": text(st.span.start), "end": text(st.span.end),
        "point_in_time": text(st.span.point), "sentence": st.sentence_iri,
        "quote": st.quote, "note": st.note,
    }


def _summary(st: Statement) -> dict[str, Any]:
    """A statement as a diff lists it: IRI, ends, sentence and quote."""
    return {"statement": st.iri, "subject": st.subject, "relation": st.relation,
            "object": str(st.object), "sentence": sentence_ref(st.sentence_iri, st.sentence),
            "sentence_iri": st.sentence_iri, "quote": st.quote, "basis": st.basis}


@dataclass(frozen=True)
class Change:
    """A statement in both versions whose parts differ: each changed part, old and new."""

    statement: str
    parts: dict[str, tuple[str | None, str | None]]

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement,
                "changes": {k: {"old": old, "new": new} for k, (old, new) in self.parts.items()}}


@dataclass(frozen=True)
class GraphDiff:
    """What changed from one version to the next, claim by claim (:func:`diff_graphs`)."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    entities_added: list[dict[str, str]] = field(default_factory=list)
    entities_removed: list[dict[str, str]] = field(default_factory=list)
    relabelled: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the versions make the same claims about the same entities."""
        return not any((self.added, self.removed, self.changed, self.entities_added,
                        self.entities_removed, self.relabelled))

    def summary(self) -> str:
        """One line of counts."""
        return message("diff.summary", added=len(self.added), removed=len(self.removed),
                       changed=len(self.changed), entitiesAdded=len(self.entities_added),
                       entitiesRemoved=len(self.entities_removed),
                       relabelled=len(self.relabelled))

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data: ``added``, ``removed``, ``changed``,
        ``entities_added``, ``entities_removed``, ``relabelled``."""
        return {"added": self.added, "removed": self.removed,
                "changed": [c.to_dict() for c in self.changed],
                "entities_added": self.entities_added,
                "entities_removed": self.entities_removed, "relabelled": self.relabelled}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_table(self) -> str:
        """One row a difference: what, the statement or entity, and the detail."""
        rows = [[what, short(item["statement"]), _claim(item)]
                for what, items in ((message("diff.added"), self.added),
                                    (message("diff.removed"), self.removed))
                for item in items]
        rows += [[message("diff.changed"), short(c.statement), clip(_parts(c), 100)]
                 for c in self.changed]
        rows += [[message("diff.entityAdded"), short(e["iri"]), e["label"]]
                 for e in self.entities_added]
        rows += [[message("diff.entityRemoved"), short(e["iri"]), e["label"]]
                 for e in self.entities_removed]
        rows += [[message("diff.relabelled"), short(e["iri"]), _relabel(e)]
                 for e in self.relabelled]
        heads = [message("diff.what"), "IRI", message("diff.detail")]
        lines = table(heads, rows) if rows else []
        return "\n".join([*lines, self.summary()])

    def to_markdown(self, title: str | None = None) -> str:
        """A changelog in Markdown: one section a kind of difference, one bullet an item;
        ``title`` heads it (default: "Changes", in the user's language)."""
        out = [f"## {title or message('diff.changes')}", "", self.summary() + ".", ""]
        sections: list[tuple[str, list[str]]] = [
            (message("diff.statementsAdded"), [f"`{short(i['statement'])}`: {_claim(i)}" for i in self.added]),
            (message("diff.statementsRemoved"),
             [f"`{short(i['statement'])}`: {_claim(i)}" for i in self.removed]),
            (message("diff.statementsChanged"), [f"`{short(c.statement)}`: {_parts(c)}" for c in self.changed]),
            (message("diff.entitiesAdded"), [f"`{short(e['iri'])}` {e['label']}" for e in self.entities_added]),
            (message("diff.entitiesRemoved"),
             [f"`{short(e['iri'])}` {e['label']}" for e in self.entities_removed]),
            (message("diff.entitiesRelabelled"), [f"`{short(e['iri'])}` {_relabel(e)}" for e in self.relabelled]),
        ]
        for heading, items in sections:
            if items:
                out += [f"### {heading}", "", *(f"- {item}" for item in items), ""]
        return "\n".join(out).rstrip() + "\n"


def _claim(item: dict[str, Any]) -> str:
    return (f"{short(item['subject'])} {short(item['relation'])} {short(item['object'])} "
            f"[{item['sentence']}: „{item['quote']}“]")


def _parts(change: Change) -> str:
    return "; ".join(f"{k}: {_value(old)} → {_value(new)}" for k, (old, new) in change.parts.items())


def _value(value: str | None) -> str:
    if value is None:
        return message("diff.none")
    return short(value) if value.startswith("http") else f"„{value}“"


def _relabel(entry: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {old} → {new}" for k, (old, new) in entry["labels"].items())


def _entity(e: Entity) -> dict[str, str]:
    return {"iri": e.iri, "type": e.kind, "label": e.label_en or e.label_de}


def diff_graphs(old: GraphAccess, new: GraphAccess) -> GraphDiff:
    """The claim-level difference from ``old`` to ``new`` (statements by IRI, entities by IRI).

    >>> import graph, tempfile, pathlib
    >>> from graph.paths import statements_file
    >>> text = statements_file().read_text("utf-8")
    >>> edited = pathlib.Path(tempfile.mkdtemp()) / "triples.ttl"
    >>> _ = edited.write_text(text.replace('"Kamenew"@de', '"Kamenjew"@de').replace(
    ...     'kg:quote "Stalin war mit Kamenew zusammen', 'kg:quote "Stalin war mit Kamenew'))
    >>> d = diff_graphs(graph.load(), graph.load(edited))
    >>> d.summary()
    '0 statements added, 0 removed, 1 changed; 0 entities added, 0 removed, 1 relabelled'
    >>> d.changed[0].parts["quote"][1]
    'Stalin war mit Kamenew in der Verbannung gewesen'
    >>> d.relabelled[0]["labels"]
    {'de': ('Kamenew', 'Kamenjew')}
    """
    before = {st.iri: st for st in old.statements}
    after = {st.iri: st for st in new.statements}
    changed = []
    for iri in sorted(before.keys() & after.keys()):
        a, b = _fields(before[iri]), _fields(after[iri])
        parts = {k: (a[k], b[k]) for k in FIELDS if a[k] != b[k]}
        if parts:
            changed.append(Change(iri, parts))
    ents_a, ents_b = old.entities, new.entities
    relabelled = []
    for iri in sorted(ents_a.keys() & ents_b.keys()):
        ea, eb = ents_a[iri], ents_b[iri]
        labels = {lang: (x, y) for lang, x, y in (("de", ea.label_de, eb.label_de),
                                                  ("en", ea.label_en, eb.label_en)) if x != y}
        if labels:
            relabelled.append({"iri": iri, "labels": labels})
    return GraphDiff(
        added=[_summary(after[i]) for i in sorted(after.keys() - before.keys())],
        removed=[_summary(before[i]) for i in sorted(before.keys() - after.keys())],
        changed=changed,
        entities_added=[_entity(ents_b[i]) for i in sorted(ents_b.keys() - ents_a.keys())],
        entities_removed=[_entity(ents_a[i]) for i in sorted(ents_a.keys() - ents_b.keys())],
        relabelled=relabelled,
    )


def version_files(folder: Path) -> list[Path]:
    """The files of a version held in ``folder``: a project's graph (its ``kg.toml``), else
    every ``*.ttl`` file in it (else in its ``data/`` and ``data/sources/``, as a checkout from
    before projects had), sorted, the SHACL shapes left out."""
    from .workspace import CONFIG, open_project

    if (folder / CONFIG).is_file():
        return open_project(folder).graph_files()
    files = sorted(folder.glob("*.ttl")) or sorted(
        [*folder.glob("data/*.ttl"), *folder.glob("data/sources/*.ttl")])
    files = [f for f in files if f.name != "shapes.ttl"]
    if not files:
        raise InputError(message("diff.noGraphFiles"), path=str(folder))
    return files


@contextmanager
def load_version(spec: str, *, cwd: Path | None = None) -> Iterator[GraphAccess]:
    """The graph of a version: a file, a folder (:func:`version_files`) or ``REV:PATH`` of the
    git repository holding ``cwd`` (PATH from the repository's top, as ``git show`` takes it;
``REV:`` alone is the whole tree). Its own files only: a file is read without the bundled
    vocabulary, so that both sides of a diff are what they say.
    """
    from .kg import load

    path = Path(spec)
    if path.exists():
        files = [path] if path.is_file() else version_files(path)
        yield load(files, vocabulary=False)
        return
    rev, colon, inner = spec.partition(":")
    if not colon or not rev:
        raise InputError(message("diff.noVersion"), path=spec)
    with tempfile.TemporaryDirectory(prefix="kg-diff-") as tmp:
        target = _from_git(rev, inner or ".", Path(tmp), cwd or Path.cwd())
        files = [target] if target.is_file() else version_files(target)
        yield load(files, vocabulary=False)


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError(message("diff.noGit")) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(message("diff.gitFailed", command=" ".join(args),
                                 reason=reason[-1] if reason else message("diff.failed")))
    return done.stdout


def _from_git(rev: str, inner: str, tmp: Path, cwd: Path) -> Path:
    """Write ``REV:PATH`` (a file, or a folder's tree) under ``tmp``; return its path there."""
    spec = f"{rev}:{inner}"
    kind = "tree" if inner in ("", ".") else _git(["cat-file", "-t", spec], cwd).decode().strip()
    if kind == "blob":
        target = tmp / Path(inner).name
        target.write_bytes(_git(["show", spec], cwd))
        return target
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    archive = _git(["archive", "--format=tar", rev, *(["--", inner] if kind != "tree" or
                                                     inner not in ("", ".") else [])], top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 on: no links out, no devices
            tar.extractall(tmp, filter="data")
        else:  # git's own archive of its tree: regular files and folders only
            tar.extractall(tmp, members=[m for m in tar.getmembers() if m.isfile() or m.isdir()])
    return tmp / inner
