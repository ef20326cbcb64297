"""``kg serve`` and ``kg publish``: the graph over HTTP, and into a triple store. Imported when
first named (:data:`kgapp.shell.ELSEWHERE`): the settings table that makes ``kg serve``'s
options costs the other commands nothing at start.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.messages import message
from graph.progress import Progress
from kgapp.options import graph_options, open_graph
from kgapp.shell import current_project, kg_errors, main, note_project

__all__ = ["publish", "serve", "settings_options"]

_F = TypeVar("_F", bound=Callable[..., Any])


def settings_options(command: _F) -> _F:
    """One option per server setting, from the settings table (kgapp.server.settings)."""
    from kgapp.server.settings import SETTINGS

    for setting in reversed(SETTINGS):
        kind = type(setting.default) if setting.default is not None else str
        command = click.option(
            f"--{setting.name.replace('_', '-')}", setting.name, type=kind,
            default=setting.default, show_default=setting.default is not None,
        )(command)
    return command


@main.command()
@graph_options
@settings_options
@kg_errors
def serve(data: tuple[Path, ...], endpoint: str | None, **settings: Any) -> None:
    from kgapp.server import Settings
    from kgapp.server.app import serve as run_server

    try:
        config = Settings(**settings)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    kg = open_graph(data, endpoint)  # progress on a terminal for big files
    project = None if endpoint else current_project()
    watch = (lambda: project.files_with(data)) if project is not None else None
    run_server(kg, config, watch=watch)  # read again when the project's files change


@main.command()
@click.option("--endpoint", required=True, metavar="URL")
@click.option("--graph", "graph_iri", metavar="IRI")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path), metavar="FILE")
@click.option("--user", metavar="NAME")
@click.option("--chunk-triples", default=100_000, show_default=True, metavar="N")
@click.option("--verify/--no-verify", default=True, show_default=True)
@click.option("--count-endpoint", metavar="URL")
@click.option("--timeout", default=60.0, show_default=True)
@kg_errors
def publish(endpoint: str, graph_iri: str | None, data: tuple[Path, ...], user: str | None,
            chunk_triples: int, verify: bool, count_endpoint: str | None,
            timeout: float) -> None:
    from graph.publish import credentials
    from graph.publish import publish as do_publish

    auth = credentials(endpoint, user)
    project = None if data else current_project()  # the project's graph, else the bundled one
    note_project(project)
    files = list(data) or (project.graph_files() if project is not None else None)
    say = Progress(sys.stderr if sys.stderr.isatty() else None)
    try:
        sent = do_publish(files, endpoint, graph_iri, timeout=timeout, auth=auth,
                          chunk_triples=chunk_triples, verify=verify,
                          count_endpoint=count_endpoint, progress=say if say.shown else None)
    finally:
        say.done()
    target = message("cli.namedGraph", iri=graph_iri) if graph_iri else message("cli.defaultGraph")
    checked = message("cli.counted") if verify else ""
    click.echo(message("cli.published", count=sent, target=target, endpoint=endpoint,
                       checked=checked))
