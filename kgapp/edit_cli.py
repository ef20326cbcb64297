"""The curation commands: ``kg add``, ``kg edit``, ``kg remove`` and ``kg curate``, thin shells
over :class:`graph.edit.Workspace`. Each is a command of the ``kg`` group (``@main.command()``,
imported when first named: :data:`kgapp.shell.ELSEWHERE`), so that its help and its options' help come from the message catalogue: ``cli.help.add``,
``cli.help.edit.subject``..., and ``cli.help.option.*`` for the options add and edit share
(:mod:`kgapp.helptexts`).

Each change is checked before it is written; a refused change prints the problems as
``file:line`` and exits 1, leaving every file byte-identical; an unknown or ambiguous name, a
quote not in its sentence, or a file changed behind the command's back exits 2.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kgapp.shell import EXIT_PROBLEMS, current_project, kg_errors, main, note_project

if TYPE_CHECKING:
    from rdflib import Literal

    from graph.edit import StatementSpec, Workspace

__all__ = ["add", "curate", "edit", "remove"]

_F = TypeVar("_F", bound=Callable[..., Any])


def _errors(command: _F) -> _F:
    """A refused change: its problems and exit 1 (:data:`kgapp.shell.EXIT_PROBLEMS`); any other
    KGError as every command has it (:func:`kgapp.shell.kg_errors`: one line, exit 2)."""

    @wraps(command)
    def refusing(*args: Any, **kwargs: Any) -> Any:
        from graph.edit import Refused

        try:
            return command(*args, **kwargs)
        except Refused as err:
            click.echo(str(err), err=True)
            raise SystemExit(EXIT_PROBLEMS) from None

    return kg_errors(refusing)  # type: ignore[return-value]


def _data_dir(command: _F) -> _F:
    return click.option("--data-dir", "data_dir", metavar="DIR",
                        type=click.Path(path_type=Path, file_okay=False))(command)


def _statement_options(command: _F) -> _F:
    options = [
        click.option("--sentence", metavar="[SOURCE:]N"),
        click.option("--quote", "quotes", multiple=True, metavar="TEXT"),
        click.option("--basis", type=click.Choice(["stated", "inferred", "reported"])),
        click.option("--part", "inferred_part", type=click.Choice(["relation", "date"])),
        click.option("--claimant", metavar="NAME"),
        click.option("--note", metavar="TEXT"),
        click.option("--at", metavar="DATE"),
        click.option("--start", metavar="DATE"),
        click.option("--end", metavar="DATE"),
        click.option("--after", multiple=True, metavar="STATEMENT|EVENT"),
        click.option("--before", multiple=True, metavar="STATEMENT|EVENT"),
        click.option("--because", multiple=True, metavar="STATEMENT|ENTITY"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _workspace(data_dir: Path | None) -> Workspace:
    """The workspace of --data-dir, else of the current project (said on stderr), else of
    the bundled data."""
    from graph.edit import Workspace
    if data_dir is not None:
        return Workspace.open(data_dir)
    project = current_project()
    note_project(project)
    return Workspace.for_project(project) if project is not None else Workspace.open()


def _sentence(ws: Workspace, given: str) -> str:
    from graph.sources import find_sentence

    return find_sentence(ws.kg, given).iri


def _node(ws: Workspace, name: str) -> str:
    """A statement (``stmt:...`` or its IRI) or an entity by any name."""
    from graph.terms import parse

    term = parse(name) if ":" in name else None
    if term is not None and str(term).startswith("https://w3id.org/stalin-kg/statement/"):
        ws.statement_spec(str(term))  # must exist
        return str(term)
    return ws.resolve(name)


def _date(value: str | None) -> Literal | None:
    from graph.edit import to_literal

    return to_literal(value) if value else None


def _object(ws: Workspace, relation: str, name: str) -> str | Literal:
    if ws.kg.relation(relation).datatype:
        from graph.edit import to_literal

        return to_literal(name)
    return ws.resolve(name)


def _spec(ws: Workspace, base: StatementSpec | None, subject: str | None,
          relation: str | None, obj: str | None, **given: Any) -> StatementSpec:
    """The statement the options describe, on top of ``base`` (an edit) or from nothing."""
    import dataclasses

    from graph.edit import StatementSpec

    values: dict[str, Any] = dataclasses.asdict(base) if base else {}
    if subject is not None:
        values["subject"] = ws.resolve(subject)
    if relation is not None:
        values["relation"] = ws.relation_iri(relation)
    if obj is not None:
        values["object"] = _object(ws, values["relation"], obj)
    if given["sentence"] is not None:
        values["sentence"] = _sentence(ws, given["sentence"])
    if given["quotes"]:
        values["quotes"] = tuple(given["quotes"])
    for key in ("basis", "inferred_part", "note"):
        if given[key] is not None:
            values[key] = given[key]
    if given["claimant"] is not None:
        values["claimant"] = ws.resolve(given["claimant"]) if given["claimant"] else None
    for key in ("at", "start", "end"):
        if given[key] is not None:
            values[key] = _date(given[key]) if given[key] else None
    for key in ("after", "before", "because"):
        if given[key]:
            values[key] = tuple(_node(ws, n) for n in given[key])
    if values.get("basis") == "stated":
        values["inferred_part"] = None
    if not values.get("quotes"):
        values["quotes"] = ()
    return StatementSpec(**values)


@main.command()
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@_statement_options
@_data_dir
@_errors
def add(subject: str, relation: str, object_: str, data_dir: Path | None,
        **given: Any) -> None:
    from graph.errors import InputError
    from graph.messages import message

    if given["sentence"] is None or not given["quotes"]:
        raise InputError(message("cli.edit.needSentenceQuote"))
    ws = _workspace(data_dir)
    spec = _spec(ws, None, subject, relation, object_, **given)
    click.echo(ws.add_statement(spec).summary)


@main.command()
@click.argument("statement")
@click.option("--subject", metavar="NAME")
@click.option("--relation", metavar="R")
@click.option("--object", "object_", metavar="NAME")
@_statement_options
@_data_dir
@_errors
def edit(statement: str, subject: str | None, relation: str | None, object_: str | None,
         data_dir: Path | None, **given: Any) -> None:
    ws = _workspace(data_dir)
    iri = _node(ws, statement)
    spec = _spec(ws, ws.statement_spec(iri), subject, relation, object_, **given)
    click.echo(ws.edit_statement(iri, spec).summary)


@main.command()
@click.argument("statement")
@_data_dir
@_errors
def remove(statement: str, data_dir: Path | None) -> None:
    ws = _workspace(data_dir)
    click.echo(ws.remove_statement(_node(ws, statement)).summary)


@main.command()
@click.option("--port", default=8765, show_default=True)
@click.option("--open/--no-open", "open_page", default=True, show_default=True)
@_data_dir
@_errors
def curate(port: int, open_page: bool, data_dir: Path | None) -> None:
    from kgapp.curate.app import serve

    ws = _workspace(data_dir)
    project = current_project() if data_dir is None else None  # where a new source goes
    serve(ws, port=port, open_page=open_page,
          sources_dir=project.sources_dir if project is not None else None)
