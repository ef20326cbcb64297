"""Releases: a dated, citable version of a project's graph, with its VoID/DCAT description and
a claims changelog from the previous release.

``release(project, "1.1")`` checks the graph (a release with problems is refused), then writes
``releases/1.1/`` in the project: a copy of every graph file, ``void.ttl`` (a ``dcat:Dataset``
and ``void:Dataset`` with its version, date, licence, sources, counts and one
``dcat:Distribution`` a file) and ``CHANGELOG.md`` (:func:`graph.diff.diff_graphs` from the
latest earlier release, by date, then name). The folder appears whole or not at all.

A graph loaded with its ``void.ttl`` knows its version (:func:`version_of`); a statement is
cited (:func:`citation`) by its IRI, that version, its source and its sentence.

>>> import graph
>>> c = citation(graph.load(), graph.load().statements[0])
>>> c.version, c.sentence, c.source_title
('working copy', '1', 'Josef Stalin')
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .messages import message
from .sources import sentence_ref, sources

if TYPE_CHECKING:
    from .access import GraphAccess
    from .model import Statement
    from .workspace import Project

__all__ = ["WORKING_COPY", "Citation", "citation", "citation_templates", "previous_release",
           "release", "version_of"]

#: The version of a graph that is no release (no ``void.ttl`` with ``owl:versionInfo``).
WORKING_COPY = "working copy"
_VERSION = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$"


@dataclass(frozen=True)
class Citation:
    """How to cite a statement: its IRI, the graph's version, its source and sentence."""

    statement: str
    version: str
    source: str | None
    source_title: str | None
    source_url: str | None
    sentence: str
    sentence_iri: str | None
    quote: str

    def text(self, lang: str = "en") -> str:
        """The citation as one line of text, in ``lang``.

        >>> Citation("https://w3id.org/stalin-kg/statement/x", "1.0", None, "Brief", None,
        ...          "brief:1", None, "Er kam").text()
        'stalin-kg, version 1.0: statement https://w3id.org/stalin-kg/statement/x. Evidence: Brief, sentence brief:1: „Er kam“.'
        """
        url = f" ({self.source_url})" if self.source_url else ""
        return message("text.citation", lang, version=self.version, iri=self.statement,
                       source=self.source_title or "?", sentence=self.sentence, url=url,
                       quote=self.quote)


def version_of(kg: GraphAccess) -> str:
    """The version a graph declares (``owl:versionInfo`` of its ``dcat:Dataset``), else
    :data:`WORKING_COPY`."""
    rows = list(kg.query(
        "SELECT ?v WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> ;"
        " <http://www.w3.org/2002/07/owl#versionInfo> ?v } ORDER BY ?v LIMIT 1"))
    return str(rows[0][0]) if rows else WORKING_COPY


def citation(kg: GraphAccess, st: Statement) -> Citation:
    """The citation of statement ``st`` of ``kg``."""
    source = kg.source_of(st.sentence_iri)
    info = next((s for s in sources(kg) if s.iri == source), None)
    return Citation(st.iri, version_of(kg), source, info.title if info else None,
                    info.url if info else None, sentence_ref(st.sentence_iri, st.sentence),
                    st.sentence_iri, st.quote)


def citation_templates(kg: GraphAccess, version: str | None = None) -> dict[str, dict[str, str]]:
    """The citation of a statement of each source, in each language, by source IRI (``""``:
    a sentence of no source), with the statement's own parts left as placeholders ``{iri}``,
    ``{sentence}`` and ``{quote}``: :meth:`Citation.text` for the viewer, which fills them in
    by the catalogue's placeholder rule (so the format has one place, the catalogue).

    >>> import graph
    >>> t = citation_templates(graph.load())
    >>> t["https://w3id.org/stalin-kg/source/wikipedia-de-josef-stalin"]["en"][:58]
    'stalin-kg, version working copy: statement {iri}. Evidence'
    """
    from .messages import LANGS

    version = version or version_of(kg)
    out: dict[str, dict[str, str]] = {}
    for info in [None, *sources(kg)]:
        template = Citation("{iri}", version, info.iri if info else None,
                            info.title if info else None, info.url if info else None,
                            "{sentence}", None, "{quote}")
        out[info.iri if info else ""] = {lang: template.text(lang) for lang in LANGS}
    return out


def previous_release(folder: Path, before: str | None = None) -> Path | None:
    """The latest release in ``folder`` (``releases/``) other than ``before``: by the date in
    its ``void.ttl``, then by name."""
    import rdflib

    found = []
    for path in folder.glob("*/void.ttl") if folder.is_dir() else []:
        if path.parent.name == before:
            continue
        graph = rdflib.Graph().parse(path, format="turtle")
        issued = max((str(o) for o in graph.objects(None, rdflib.DCTERMS.issued)), default="")
        found.append((issued, path.parent.name, path.parent))
    return max(found)[2] if found else None


def release(project: Project, version: str, *, date: dt.date | None = None) -> Path:
    """Write release ``version`` of ``project`` (see the module's docstring); return its
    folder. Raises :class:`~graph.errors.InputError` for a malformed or taken version, or a
    graph with problems (``kg check``)."""
    import re

    from .check import check_report
    from .diff import diff_graphs, version_files
    from .kg import load

    if not re.match(_VERSION, version):
        raise InputError(message("release.badVersion", version=repr(version)))
    releases = project.root / "releases"
    target = releases / version
    if target.exists():
        raise InputError(message("release.exists"), path=str(target))
    report = check_report(project=project)
    if not report.ok:
        count = len(report.problems)
        raise InputError(message("release.problem", count=count) if count == 1
                         else message("release.problems", count=count))
    issued = (date or dt.date.today()).isoformat()
    files = project.graph_files()
    kg = load(files, vocabulary=False)
    previous = previous_release(releases)
    releases.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=releases, prefix=f".{version}-") as tmp:
        staged = Path(tmp) / version
        staged.mkdir()
        names = []
        for path in files:
            name = path.relative_to(project.root).as_posix().replace("/", "-")
            shutil.copyfile(path, staged / name)
            names.append(name)
        (staged / "void.ttl").write_text(_void(kg, project.name, version, issued, names),
                                         encoding="utf-8")
        if previous is not None:
            old = load(version_files(previous), vocabulary=False)
            changes = diff_graphs(old, kg).to_markdown(message(
                "release.changesSince", version=version, issued=issued, previous=previous.name))
        else:
            first = message("release.first", count=len(kg.statements))
            changes = f"## {version} ({issued})\n\n{first}\n"
        (staged / "CHANGELOG.md").write_text(changes, encoding="utf-8")
        staged.rename(target)
    return target


def _void(kg: GraphAccess, name: str, version: str, issued: str, files: list[str]) -> str:
    """The VoID/DCAT description of a release."""
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

    graph = rdflib.Graph()
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("owl", OWL), ("void", VOID)):
        graph.bind(prefix, ns)
    dataset = rdflib.URIRef(f"https://w3id.org/stalin-kg/release/{version}")
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, rdflib.Literal(f"{name} {version}")))
    graph.add((dataset, OWL.versionInfo, rdflib.Literal(version)))
    graph.add((dataset, DCTERMS.issued, rdflib.Literal(issued, datatype=XSD.date)))
    graph.add((dataset, VOID.triples, rdflib.Literal(len(kg))))
    graph.add((dataset, VOID.entities, rdflib.Literal(len(kg.entities))))
    graph.add((dataset, VOID.uriSpace, rdflib.Literal("https://w3id.org/stalin-kg/")))
    for info in sources(kg):
        graph.add((dataset, DCTERMS.source, rdflib.URIRef(info.iri)))
        if info.licence:
            graph.add((dataset, DCTERMS.license, rdflib.URIRef(info.licence)))
    for file in files:
        dist = rdflib.URIRef(f"{dataset}/{file}")
        graph.add((dataset, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCAT.downloadURL, rdflib.Literal(file)))
        graph.add((dist, DCAT.mediaType, rdflib.Literal("text/turtle")))
    return graph.serialize(format="turtle")
