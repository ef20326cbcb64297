"""The curation commands of ``kg``: ``kg init`` (a project), ``kg source`` (add, list, show),
``kg diff`` (claim-level differences between two versions) and ``kg release`` (a dated
version). Each is a thin shell over :mod:`graph.workspace`, :mod:`graph.sources`,
:mod:`graph.diff` and :mod:`graph.release`, registered on the ``kg`` group
(:data:`kgapp.shell.main`); :mod:`kgapp.cli` imports this module so that they are. Their help
is ``cli.help.init``, ``cli.help.source.add``... in the catalogue (:mod:`kgapp.helptexts`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from graph.errors import InputError
from graph.kg import KnowledgeGraph, load
from graph.messages import message
from graph.workspace import Project, init_project
from kgapp.shell import EXIT_PROBLEMS, current_project, kg_errors, main, note_project

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
@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name")
@kg_errors
def init(folder: Path, name: str | None) -> None:
    project = init_project(folder, name=name)
    click.echo(message("cli.initialised", root=project.root, config=project.config.name))


# ---------------------------------------------------------------------------- sources
@main.group()
def source() -> None:
    pass  # its commands: kg source add, list, show


@source.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "source_id", required=True, metavar="ID")
@click.option("--title", required=True)
@click.option("--url", required=True, metavar="URL")
@click.option("--licence", required=True, metavar="LICENCE")
@click.option("--lang", required=True, metavar="LANG")
@click.option("--author")
@click.option("--date", metavar="DATE")
@kg_errors
def source_add(file: Path, source_id: str, title: str, url: str, licence: str, lang: str,
               author: str | None, date: str | None) -> None:
    project = _needs_project()
    kg = load(project.graph_files(), vocabulary=False)
    from graph.sources import SourceRecord, add_source, sources

    record = SourceRecord(source_id, title, url, licence, lang, author, date)
    path, count = add_source(project.sources_dir, file, record,
                             taken=[s.id for s in sources(kg)])
    click.echo(message("cli.sourceAdded", id=source_id, count=count, path=path))


@source.command("list")
@kg_errors
def source_list() -> None:
    from graph.sources import sources

    _, kg = _project_graph()
    for info in sources(kg):
        click.echo(f"{info.id}\t{info.sentences}\t{info.lang or '-'}\t{info.licence or '-'}"
                   f"\t{info.title}")


@source.command("show")
@click.argument("source_id", metavar="ID")
@click.option("--sentences/--no-sentences", default=True, show_default=True)
@kg_errors
def source_show(source_id: str, sentences: bool) -> None:
    from graph.sources import source_info

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
@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "markdown", "json"]),
              default="table", show_default=True)
@kg_errors
def diff(old: str, new: str, fmt: str) -> None:
    from graph.diff import diff_graphs, load_version

    with load_version(old) as before, load_version(new) as after:
        changes = diff_graphs(before, after)
    if fmt == "json":
        click.echo(changes.to_json())
    elif fmt == "markdown":
        click.echo(changes.to_markdown(message("cli.diffTitle", old=old, new=new)), nl=False)
    else:
        click.echo(changes.to_table())
    if not changes.empty:
        raise SystemExit(EXIT_PROBLEMS)


@main.command()
@click.argument("version")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@kg_errors
def release(version: str, date: datetime | None) -> None:
    from graph.release import release as do_release

    folder = do_release(_needs_project(), version, date=date.date() if date else None)
    click.echo(message("cli.released", version=version, path=folder))
