"""The curation commands of ``kg``: ``kg init`` (a project), ``kg source`` (add, list, show),
``kg diff`` (claim-level differences between two versions) and ``kg release`` (a dated
version). Each is a thin shell over :mod:`graph.workspace`, :mod:`graph.sources`,
:mod:`graph.diff` and :mod:`graph.release`; :mod:`kgapp.cli` registers them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from graph.diff import diff_graphs, load_version
from graph.errors import InputError
from graph.kg import KnowledgeGraph, load
from graph.messages import message
from graph.sources import SourceRecord, add_source, source_info, sources
from graph.workspace import Project, init_project
from kgapp.shell import EXIT_PROBLEMS, current_project, kg_errors, note_project

__all__ = ["diff", "init", "release", "source"]


def _project_graph() -> tuple[Project | None, KnowledgeGraph]:
    """The current project (said on stderr) and its graph; the bundled graph outside one."""
    project = current_project()
    note_project(project)
    return project, load(project.graph_files(), vocabulary=False) if project else load()


def _needs_project() -> Project:
    project = current_project()
    if project is None:
        raise InputError(message("cli.noProject", folder=Path.cwd()))
    note_project(project)
    return project


# ---------------------------------------------------------------------------- init
@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", help="The project's name [default: the folder's name].")
@kg_errors
def init(folder: Path, name: str | None) -> None:
    """Make a curation project in FOLDER: kg.toml, and data/ with the vocabulary and shapes, an
    empty statements file and a sources/ folder. Every kg command run inside it then works on
    its data."""
    project = init_project(folder, name=name)
    click.echo(message("cli.initialised", root=project.root, config=project.config.name))


# ---------------------------------------------------------------------------- sources
@click.group()
def source() -> None:
    """Register, list and show the project's sources (texts split into numbered sentences)."""


@source.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "source_id", required=True, metavar="ID",
              help="Short id: lower-case letters, digits, hyphens (part of the IRIs).")
@click.option("--title", required=True, help="The source's title.")
@click.option("--url", required=True, metavar="URL", help="Where the source is published.")
@click.option("--licence", required=True, metavar="LICENCE",
              help="Its licence: a URL, or CC-BY-SA-4.0, CC-BY-4.0, CC-BY-SA-3.0, CC0-1.0, "
              "public-domain.")
@click.option("--lang", required=True, metavar="LANG",
              help="Its language, an ISO 639-1 code (de, en ...): the sentence splitter's rules.")
@click.option("--author", help="Its author(s).")
@click.option("--date", metavar="DATE", help="Its date: YYYY, YYYY-MM or YYYY-MM-DD.")
@kg_errors
def source_add(file: Path, source_id: str, title: str, url: str, licence: str, lang: str,
               author: str | None, date: str | None) -> None:
    """Register the plain-text (UTF-8) FILE as a source of the project: split it into
    numbered sentences (one paragraph a line) and write data/sources/ID.ttl."""
    project = _needs_project()
    kg = load(project.graph_files(), vocabulary=False)
    record = SourceRecord(source_id, title, url, licence, lang, author, date)
    path, count = add_source(project.sources_dir, file, record,
                             taken=[s.id for s in sources(kg)])
    click.echo(message("cli.sourceAdded", id=source_id, count=count, path=path))


@source.command("list")
@kg_errors
def source_list() -> None:
    """List the sources: id, sentences, language, licence and title."""
    _, kg = _project_graph()
    for info in sources(kg):
        click.echo(f"{info.id}\t{info.sentences}\t{info.lang or '-'}\t{info.licence or '-'}"
                   f"\t{info.title}")


@source.command("show")
@click.argument("source_id", metavar="ID")
@click.option("--sentences/--no-sentences", default=True, show_default=True,
              help="Print the numbered sentences too.")
@kg_errors
def source_show(source_id: str, sentences: bool) -> None:
    """Print a source's record and its numbered sentences."""
    _, kg = _project_graph()
    info = source_info(kg, source_id)
    for key, value in (("id", info.id), ("iri", info.iri), ("title", info.title),
                       ("url", info.url), ("licence", info.licence), ("language", info.lang),
                       ("author", info.author), ("date", info.date),
                       ("sentences", info.sentences)):
        if value is not None:
            click.echo(f"{key}: {value}")
    if sentences:
        for sen in kg.sentences():
            if sen.source == info.iri:
                click.echo(f"{sen.number}\t{sen.text}")


# ---------------------------------------------------------------------------- versions
@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "markdown", "json"]),
              default="table", show_default=True,
              help="A table to read, Markdown for a changelog, or JSON for tools.")
@kg_errors
def diff(old: str, new: str, fmt: str) -> None:
    """List what changed from OLD to NEW, claim by claim: statements added, removed and
    changed (ends, basis, dates, sentence, quote, note), entities added, removed, relabelled.

    OLD and NEW are files, project folders, or git revisions REV:PATH (PATH from the
    repository's top, e.g. HEAD~1:data/triples.ttl, or v1:. for the whole tree). A statement
    is the same across versions when its IRI is. Exit status: 0 no differences, 1 some.
    """
    with load_version(old) as before, load_version(new) as after:
        changes = diff_graphs(before, after)
    if fmt == "json":
        click.echo(changes.to_json())
    elif fmt == "markdown":
        click.echo(changes.to_markdown(f"Changes from {old} to {new}"), nl=False)
    else:
        click.echo(changes.to_table())
    if not changes.empty:
        raise SystemExit(EXIT_PROBLEMS)


@click.command()
@click.argument("version")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The release date [default: today].")
@kg_errors
def release(version: str, date: datetime | None) -> None:
    """Write release VERSION of the project to releases/VERSION/: its files, their VoID/DCAT
    description (void.ttl) and a claims changelog since the previous release (CHANGELOG.md).
    The graph must pass kg check first."""
    from graph.release import release as do_release

    folder = do_release(_needs_project(), version, date=date.date() if date else None)
    click.echo(message("cli.released", version=version, path=folder))
