"""The ``kg`` command line: a thin shell over the Python API (one function per command).

Exit codes: 0 success, 1 problems found, 2 unreadable input or bundled data missing.

The commands and options carry no help text here: :mod:`kgapp.helptexts` reads it from the
message catalogue (``cli.help.*``) when a help page is shown, in the language of ``$KG_LANG``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.explain import LIMIT, MAX_HOPS
from graph.export import FORMATS
from graph.export import export as do_export
from graph.kg import KnowledgeGraph, connect, load
from graph.messages import message
from graph.model import KINDS
from graph.progress import Progress
from graph.sparql import QueryResult
from graph.terms import render as render_term
from kgapp.shell import (
    EXIT_PROBLEMS,
    current_project,
    kg_errors,
    main,
    note_project,
)

__all__ = ["main"]

_F = TypeVar("_F", bound=Callable[..., Any])



# ---------------------------------------------------------------------------- shared options
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


def _basis(stated_only: bool) -> tuple[str, ...] | None:
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


# ---------------------------------------------------------------------------- check
@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--list-rules", is_flag=True)
@kg_errors
def check(files: tuple[Path, ...], list_rules: bool) -> None:
    from graph.check import check_report, rules_text

    if list_rules:
        click.echo(rules_text(), nl=False)
        return
    project = current_project()
    note_project(project, files)
    report = check_report(files or None, project=project)
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(EXIT_PROBLEMS)


# ---------------------------------------------------------------------------- query
_SELECT_FORMATS = ("table", "json", "csv", "tsv")
_GRAPH_FORMATS = ("turtle", "nt", "jsonld", "table")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(message("cli.notNameValue", pair=repr(pair)),
                                     param_hint="--param")
        params[key.strip().lstrip("$")] = value
    return params


def run_query(
    kg: KnowledgeGraph, query: str, params: dict[str, str], basis: tuple[str, ...] | None = None
) -> QueryResult:
    """Run QUERY, which may be SPARQL text, a .rq file, or the name of a named query; the
    parameters' values become terms in the library, by the rule of :mod:`graph.terms`.
    ``basis`` keeps only the rows of those bases (the result needs a ?basis column)."""
    path = Path(query)
    if query.endswith((".rq", ".sparql")) or (len(query) < 200 and path.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            reason = exc.strerror
            raise click.BadParameter(message("cli.cannotRead", path=query, reason=reason)) from None
        return kg.query(text, params, basis=basis)
    if any(ch.isspace() or ch == "{" for ch in query.strip()):
        return kg.query(query, params, basis=basis)
    return kg.run(query, basis=basis, **params)


def print_result(result: QueryResult, fmt: str | None) -> None:
    """Print a query result in the asked format (a table on a terminal by default)."""
    graph_form = result.form in ("CONSTRUCT", "DESCRIBE")
    if fmt is None:
        fmt = "turtle" if graph_form else ("table" if sys.stdout.isatty() else "tsv")
    allowed = _GRAPH_FORMATS if graph_form else _SELECT_FORMATS
    if fmt not in allowed:
        raise click.UsageError(message(
            "cli.formatMismatch", format=fmt, form=result.form, formats=", ".join(allowed)))
    if fmt == "table":
        text = result.to_table(compact=render_term)
    elif fmt == "json":
        text = result.to_json()
    elif fmt == "csv":
        text = result.to_csv()
    elif fmt == "tsv":
        text = result.to_tsv()
    else:
        text = result.to_graph().serialize(format={"nt": "nt", "jsonld": "json-ld"}.get(fmt, fmt))
    for warning in result.warnings:  # on stderr: the output stays the result
        click.echo(message("cli.warning", text=warning), err=True)
    click.echo(text.rstrip("\n"))


#: Examples of ``kg query`` with SPARQL text, shown in its help as they are.
_SPARQL_EXAMPLES = (
    "  kg query 'SELECT ?who { person:Stalin rel:exiledWith|^rel:exiledWith ?who }'\n"
    "  kg query 'SELECT ?r ?o { $p ?r ?o }' --param p=trotsky"
)


@main.command(help_params={"sparql_examples": _SPARQL_EXAMPLES})
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE")
@click.option("--format", "-f", "fmt",
              type=click.Choice(["table", "json", "csv", "tsv", "turtle", "nt", "jsonld"]))
@click.option("--stated-only", "stated_only", is_flag=True)
@graph_options
@kg_errors
def query(query: str, params: tuple[str, ...], fmt: str | None, stated_only: bool,
          data: tuple[Path, ...], endpoint: str | None) -> None:
    kg = open_graph(data, endpoint)
    print_result(run_query(kg, query, _parse_params(params), _basis(stated_only)), fmt)


@main.command("queries")
def list_queries() -> None:
    from graph import queries

    for q in queries.all_queries():
        click.echo(f"{q.name}: {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        for p in q.params:
            default = message("cli.paramDefault", value=p.default) if p.default else ""
            click.echo(f"    --param {p.name}=<{p.kind}>{default}  {p.help}")


# ---------------------------------------------------------------------------- entities
@main.command()
@click.argument("name")
@lang_option
@stated_option
@graph_options
@kg_errors
def show(name: str, lang: str, stated_only: bool, data: tuple[Path, ...],
         endpoint: str | None) -> None:
    from graph import text

    click.echo(text.profile(open_graph(data, endpoint), name, lang, basis=_basis(stated_only)))


@main.command()
@click.argument("name")
@lang_option
@stated_option
@graph_options
@kg_errors
def timeline(name: str, lang: str, stated_only: bool, data: tuple[Path, ...],
             endpoint: str | None) -> None:
    from graph import text

    click.echo(text.timeline(open_graph(data, endpoint), name, lang, basis=_basis(stated_only)))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", default=MAX_HOPS, show_default=True)
@click.option("--limit", default=LIMIT, show_default=True)
@click.option("--avoid", "avoid", multiple=True, metavar="NAME")
@lang_option
@stated_option
@graph_options
@kg_errors
def explain(a: str, b: str, max_hops: int, limit: int, avoid: tuple[str, ...], lang: str,
            stated_only: bool, data: tuple[Path, ...], endpoint: str | None) -> None:
    kg = open_graph(data, endpoint)
    try:
        chains = kg.explain(a, b, max_hops=max_hops, limit=limit, basis=_basis(stated_only),
                            avoid=avoid)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--avoid") from None
    if not chains:
        stated = message("cli.noChainStated", lang) if stated_only else ""
        avoiding = message("cli.noChainAvoiding", lang, names=", ".join(avoid)) if avoid else ""
        click.echo(message("cli.noChain", lang, hops=max_hops, stated=stated, a=a, b=b,
                           avoiding=avoiding))
        raise SystemExit(EXIT_PROBLEMS)
    for i, chain in enumerate(chains, 1):
        click.echo(f"{i}. " + chain.describe(kg, lang).replace("\n", "\n   "))


@main.command()
@click.option("--top", default=5, show_default=True)
@graph_options
@kg_errors
def stats(top: int, data: tuple[Path, ...], endpoint: str | None) -> None:
    from graph import text

    click.echo(text.stats(open_graph(data, endpoint), top=top))


@main.command("coverage")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@graph_options
@kg_errors
def coverage_command(fmt: str, data: tuple[Path, ...], endpoint: str | None) -> None:
    import json

    from graph.coverage import coverage, format_table

    kg = open_graph(data, endpoint)
    report = coverage(kg)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(report, curie=kg.curie))


# ---------------------------------------------------------------------------- export and render
@main.command()
@click.option("--format", "-f", "fmt", required=True,
              type=click.Choice(FORMATS))
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), metavar="FILE")
@filter_options
@stated_option
@lang_option
@graph_options
@kg_errors
def export(fmt: str, output: Path, as_of: int | None, relations: tuple[str, ...],
           types: tuple[str, ...], stated_only: bool, lang: str, data: tuple[Path, ...],
           endpoint: str | None) -> None:
    _refuse_input_overwrite(output, data)
    kg = open_graph(data, endpoint)
    if fmt == "gexf":  # with the viewer's layout, colours and sizes
        from viz.gexf import export_gexf

        path = export_gexf(kg, output, as_of=as_of, relations=relations or None,
                           types=types or None, lang=lang, basis=_basis(stated_only))
    else:
        path = do_export(kg, output, fmt, as_of=as_of, relations=relations or None,
                         types=types or None, lang=lang, basis=_basis(stated_only))
    click.echo(message("cli.wrote", path=path))


def _refuse_input_overwrite(output: Path, data: tuple[Path, ...]) -> None:
    from graph.paths import data_dir

    target = output.resolve()
    project = current_project()
    inputs = [*data, *(project.graph_files() if project is not None else [])]
    folders = {data_dir().resolve(), *([project.data_dir.resolve()] if project else [])}
    if any(target == Path(d).resolve() for d in inputs) or target.parent in folders:
        raise click.UsageError(message("cli.refuseOverwrite", path=output))


@main.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("stalin-kg.html"),
              show_default=True, metavar="FILE.html")
@click.option("--as-of", "as_of", type=int, metavar="YEAR")
@click.option("--relation", "relations", multiple=True, metavar="R")
@click.option("--title")
@click.option("--open/--no-open", "open_page", default=False)
@click.option("--sparql/--no-sparql", "sparql", default=None)
@stated_option
@lang_option
@graph_options
@kg_errors
def render(output: Path, as_of: int | None, relations: tuple[str, ...], title: str | None,
           open_page: bool, sparql: bool | None, stated_only: bool, lang: str,
           data: tuple[Path, ...], endpoint: str | None) -> None:
    _refuse_input_overwrite(output, data)
    from viz.render import open_in_browser
    from viz.render import render as do_render

    kg = open_graph(data, endpoint)
    path = do_render(kg, output, year=as_of, relations=relations or None, lang=lang,
                     title=title, basis=_basis(stated_only), sparql=sparql)
    click.echo(message("cli.wrote", path=path))
    if open_page:
        open_in_browser(path)


# ---------------------------------------------------------------------------- serve and publish
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
    run_server(open_graph(data, endpoint), config)  # progress on a terminal for big files


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


# ---------------------------------------------------------------------------- curation
# kg init, kg source, kg diff and kg release register themselves on main (kgapp/curation_cli.py)
from kgapp import (  # noqa: E402
    curation_cli,  # noqa: F401
    edit_cli,  # kg add, edit, remove, curate: kgapp/edit_cli.py
)

main.command()(edit_cli.add)  # main's command class: the help comes from the catalogue
main.command()(edit_cli.edit)
main.command()(edit_cli.remove)
main.command()(edit_cli.curate)
