"""What several ``kg`` commands share: the options that say which graph a command works on
(:func:`graph_options`, :func:`open_graph`) and which part of it (:func:`filter_options`,
:func:`stated_option`, :func:`lang_option`). Their help is in the message catalogue
(``cli.help.option.*``, :mod:`kgapp.helptexts`).

>>> basis_for(True), basis_for(False)
(('stated',), None)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.kg import KnowledgeGraph, connect, load
from graph.messages import message
from graph.model import KINDS
from graph.progress import Progress
from kgapp.shell import current_project, note_project

__all__ = ["STATED_ONLY", "basis_for", "filter_options", "graph_options", "lang_option",
           "open_graph", "stated_option"]

_F = TypeVar("_F", bound=Callable[..., Any])


def graph_options(command: _F) -> _F:
    """--data FILE..., --endpoint URL and --graph IRI: which graph a command works on.

    ``--graph`` reaches :func:`open_graph` through the click context, so that commands keep
    their ``(data, endpoint)`` parameters.
    """

    inner = command

    @wraps(inner)
    def with_graph(*args: Any, graph_iri: str | None = None, **kwargs: Any) -> Any:
        click.get_current_context().meta[_GRAPH_KEY] = graph_iri
        return inner(*args, **kwargs)

    command = click.option(
        "--graph", "graph_iri", metavar="IRI",
    )(with_graph)  # type: ignore[assignment]
    command = click.option(
        "--endpoint", metavar="URL",
    )(command)
    command = click.option(
        "--data", "data", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
    )(command)
    return command


def open_graph(data: tuple[Path, ...], endpoint: str | None) -> KnowledgeGraph:
    """The graph a command works on: --endpoint, else --data files (with the project's or the
    bundled vocabulary and sources), else the project's data (:func:`current_project`), else
    the bundled data."""
    if endpoint and data:
        raise click.UsageError(message("cli.dataOrEndpoint"))
    context = click.get_current_context(silent=True)
    graph_iri = context.meta.get(_GRAPH_KEY) if context is not None else None
    if graph_iri and not endpoint:
        raise click.UsageError(message("cli.graphWithoutEndpoint"))
    if endpoint:
        return connect(endpoint, graph=graph_iri)
    for path in data:
        if path.is_file() and path.stat().st_size == 0:
            click.echo(message("cli.emptyFile", path=path), err=True)
    project = current_project()
    note_project(project, data)
    files = project.files_with(data) if project is not None else list(data)
    say = Progress.auto(data, None, logs=False)  # on a terminal, for 1 MB and more
    try:
        progress = say if say.shown else None
        kg = load(files, vocabulary=project is None, progress=progress) if files else load()
    finally:
        say.done()
    _last_graph[:] = [kg]
    return kg


_GRAPH_KEY = "kg.graph"  # the --graph IRI, in the click context's meta

#: The graph the last command opened, kept past the command's return: freeing a big graph
#: takes long (0.4 s a million triples), and the ``kg`` script (:mod:`kgapp.console`) ends the
#: process without freeing anything. The next command in the same process replaces it.
_last_graph: list[KnowledgeGraph] = []


def lang_option(command: _F) -> _F:
    return click.option(
        "--lang", type=click.Choice(["de", "en"]), default="en", show_default=True,
    )(command)


#: What ``--stated-only`` passes as ``basis=`` to the library.
STATED_ONLY = ("stated",)


def stated_option(command: _F) -> _F:
    """--stated-only: keep only what the quoted words state (the library's ``basis=``)."""
    return click.option(
        "--stated-only", "stated_only", is_flag=True,
    )(command)


def basis_for(stated_only: bool) -> tuple[str, ...] | None:
    """What ``--stated-only`` means as the library's ``basis=``."""
    return STATED_ONLY if stated_only else None


def filter_options(command: _F) -> _F:
    """--as-of YEAR, --relation R..., --type T...: which part of the graph to keep."""
    command = click.option(
        "--type", "types", multiple=True, metavar="TYPE",
        type=click.Choice(list(KINDS.values()), case_sensitive=False),
    )(command)
    command = click.option(
        "--relation", "relations", multiple=True, metavar="R",
    )(command)
    command = click.option(
        "--as-of", "as_of", type=int, metavar="YEAR",
    )(command)
    return command
