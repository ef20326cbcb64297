"""The curation commands: ``kg add``, ``kg edit``, ``kg remove`` and ``kg curate``, thin shells
over :class:`graph.edit.Workspace` (registered in :mod:`kgapp.cli`, one line each).

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

if TYPE_CHECKING:
    from rdflib import Literal

    from graph.edit import StatementSpec, Workspace

__all__ = ["add", "curate", "edit", "remove"]

_F = TypeVar("_F", bound=Callable[..., Any])
EXIT_REFUSED = 1
EXIT_INPUT = 2


def _errors(command: _F) -> _F:
    """A refused change: its problems and exit 1; any other KGError: one line, exit 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from graph.edit import Refused
        from graph.errors import KGError

        try:
            return command(*args, **kwargs)
        except Refused as err:
            click.echo(str(err), err=True)
            raise SystemExit(EXIT_REFUSED) from None
        except KGError as err:
            click.echo(str(err), err=True)
            raise SystemExit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


def _data_dir(command: _F) -> _F:
    return click.option(
        "--data-dir", "data_dir", type=click.Path(path_type=Path, file_okay=False),
        metavar="DIR",
        help="The data folder to change (triples.ttl, vocab.ttl, sentences.ttl, shapes.ttl) "
        "[default: the current project's, as the other commands read it].",
    )(command)


def _statement_options(command: _F) -> _F:
    options = [
        click.option("--sentence", metavar="[SOURCE:]N",
                     help="The sentence the statement comes from: its number, or SOURCE:N for "
                     "a sentence of another source."),
        click.option("--quote", "quotes", multiple=True, metavar="TEXT",
                     help="The exact words of the sentence that make the claim (repeatable)."),
        click.option("--basis", type=click.Choice(["stated", "inferred", "reported"]),
                     help="stated: the quoted words make the claim; inferred: you resolved "
                     "something they leave open; reported: the text attributes or hedges it."),
        click.option("--part", "inferred_part", type=click.Choice(["relation", "date"]),
                     help="With --basis inferred: what you resolved, the relation itself "
                     "(default) or only its date."),
        click.option("--claimant", metavar="NAME",
                     help="With --basis reported: who the text says makes the claim."),
        click.option("--note", metavar="TEXT",
                     help="What you resolved and why (needed for inferred and reported)."),
        click.option("--at", metavar="DATE",
                     help="When it happened: 1924, 1936-09, 1941-06-22, or uncertain and "
                     "approximate: 'Anfang 1924', 'Ende 1927', 'um 1924' (written as EDTF)."),
        click.option("--start", metavar="DATE", help="When it began (as --at)."),
        click.option("--end", metavar="DATE", help="When it ended (as --at)."),
        click.option("--after", multiple=True, metavar="STATEMENT|EVENT",
                     help="The claim held or happened after this statement or event "
                     "(repeatable)."),
        click.option("--before", multiple=True, metavar="STATEMENT|EVENT",
                     help="The claim held or happened before this statement or event "
                     "(repeatable)."),
        click.option("--because", multiple=True, metavar="STATEMENT|ENTITY",
                     help="The reason the text gives for the claim (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _workspace(data_dir: Path | None) -> Workspace:
    """The workspace of --data-dir, else of the current project (said on stderr), else of
    the bundled data."""
    from graph.edit import Workspace
    from kgapp.shell import current_project, note_project

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


@click.command()
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@_statement_options
@_data_dir
@_errors
def add(subject: str, relation: str, object_: str, data_dir: Path | None,
        **given: Any) -> None:
    """Add a statement: SUBJECT RELATION OBJECT, from a sentence, with the words that say it.

    SUBJECT and OBJECT are any label or alias of an entity (or a prefixed name such as
    person:Stalin); OBJECT is a date for a date relation (dateOfDeath). The statement is
    written under its sentence's heading in triples.ttl, with its direct edge, after the whole
    change is checked.

    \b
    Example:
      kg add Trotzki criticised Stalin --sentence 7 --quote "militärischen Erfolge Trotzkis" \\
        --basis inferred --note "Why: ..."
    """
    from graph.errors import InputError
    from graph.messages import message

    if given["sentence"] is None or not given["quotes"]:
        raise InputError(message("cli.edit.needSentenceQuote"))
    ws = _workspace(data_dir)
    spec = _spec(ws, None, subject, relation, object_, **given)
    click.echo(ws.add_statement(spec).summary)


@click.command()
@click.argument("statement")
@click.option("--subject", metavar="NAME", help="A new subject (any label or alias).")
@click.option("--relation", metavar="R", help="A new relation.")
@click.option("--object", "object_", metavar="NAME", help="A new object (or date).")
@_statement_options
@_data_dir
@_errors
def edit(statement: str, subject: str | None, relation: str | None, object_: str | None,
         data_dir: Path | None, **given: Any) -> None:
    """Change a statement (stmt:...): only what the options give changes.

    --quote replaces the quotes; an empty value ('') clears --note, --claimant or a date. The
    statement keeps its IRI; its block is rewritten in place (under its new sentence's heading
    when --sentence changes it).
    """
    ws = _workspace(data_dir)
    iri = _node(ws, statement)
    spec = _spec(ws, ws.statement_spec(iri), subject, relation, object_, **given)
    click.echo(ws.edit_statement(iri, spec).summary)


@click.command()
@click.argument("statement")
@_data_dir
@_errors
def remove(statement: str, data_dir: Path | None) -> None:
    """Remove a statement (stmt:...), and its direct edge when no other statement states it.

    Refused while another statement points at it (kg:after, kg:before, kg:because).
    """
    ws = _workspace(data_dir)
    click.echo(ws.remove_statement(_node(ws, statement)).summary)


@click.command()
@click.option("--port", default=8765, show_default=True,
              help="Port of the workbench on 127.0.0.1 (0: any free port).")
@click.option("--open/--no-open", "open_page", default=True, show_default=True,
              help="Open the workbench in the default browser.")
@_data_dir
@_errors
def curate(port: int, open_page: bool, data_dir: Path | None) -> None:
    """Open the curation workbench: read a source sentence by sentence, select words, make
    statements, create entities and relations, edit, delete and undo, in the browser.

    It listens on 127.0.0.1 only; every change is checked before it is written, as with
    kg add.
    """
    from kgapp.curate.app import serve

    serve(_workspace(data_dir), port=port, open_page=open_page)
