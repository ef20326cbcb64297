"""The ``kg`` command line: a thin shell over the Python API (one function per command).

Exit codes: 0 success, 1 problems found, 2 unreadable input or bundled data missing.
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
    note_project,
    project_option,
)

__all__ = ["main"]

_F = TypeVar("_F", bound=Callable[..., Any])



def _version() -> str:
    """The installed version, or the checkout's ``pyproject.toml`` version when not installed
    (looked up only when asked for: reading the package metadata costs every start 20 ms)."""
    import tomllib
    from importlib import metadata

    try:
        return metadata.version("stalin-kg")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _print_version(ctx: click.Context, asked: bool) -> None:
    """``kg --version``: ``kg, version 0.1.0``, then exit."""
    if asked and not ctx.resilient_parsing:
        click.echo(f"kg, version {_version()}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              help="Show the version and exit.",
              callback=lambda ctx, _param, asked: _print_version(ctx, asked))
@project_option
def main() -> None:
    """stalin-kg: a knowledge graph of the people around Josef Stalin, sentence by sentence.

    Every command works on the curation project holding the working folder (a folder with a
    kg.toml, such as this repository's checkout; or --project DIR), else on the bundled graph,
    unless given --data FILE (repeatable) or --endpoint URL (a SPARQL 1.1 endpoint holding the
    same kind of data).
    """


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
        help="With --endpoint: query this named graph of the store (default-graph-uri), e.g. "
        "on Virtuoso, whose default graph is the union of all its graphs.",
    )(with_graph)  # type: ignore[assignment]
    command = click.option(
        "--endpoint", metavar="URL",
        help="Work on a SPARQL 1.1 endpoint instead of local files.",
    )(command)
    command = click.option(
        "--data", "data", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
        help="Turtle, TriG, N-Triples or JSON-LD file to load instead of the bundled graph "
        "(repeatable; the bundled vocabulary and sentences are added).",
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
        help="Language of labels.",
    )(command)


#: What ``--stated-only`` passes as ``basis=`` to the library.
STATED_ONLY = ("stated",)


def stated_option(command: _F) -> _F:
    """--stated-only: keep only what the quoted words state (the library's ``basis=``)."""
    return click.option(
        "--stated-only", "stated_only", is_flag=True,
        help="Keep only statements the quoted words make themselves (kg:Stated), leaving out "
        "inferred and reported ones.",
    )(command)


def _basis(stated_only: bool) -> tuple[str, ...] | None:
    return STATED_ONLY if stated_only else None


def filter_options(command: _F) -> _F:
    """--as-of YEAR, --relation R..., --type T...: which part of the graph to keep."""
    command = click.option(
        "--type", "types", multiple=True, metavar="TYPE",
        type=click.Choice(list(KINDS.values()), case_sensitive=False),
        help=f"Keep only entities of this type ({', '.join(KINDS.values())}; any case); "
        "repeatable.",
    )(command)
    command = click.option(
        "--relation", "relations", multiple=True, metavar="R",
        help="Keep only this relation kind (e.g. exiledWith); repeatable.",
    )(command)
    command = click.option(
        "--as-of", "as_of", type=int, metavar="YEAR",
        help="Keep only relations that hold in YEAR (undated ones stay).",
    )(command)
    return command


# ---------------------------------------------------------------------------- check
@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--list-rules", is_flag=True,
              help="List the rules kg check enforces (name, what it checks, how to fix it) and exit.")
@kg_errors
def check(files: tuple[Path, ...], list_rules: bool) -> None:
    """Validate FILES (default: the project's graph, else the bundled graph) and print each
    problem as file:line.

    The files are checked together with the project's (else the bundled) vocabulary and
    sentences: SHACL shapes
    (data/shapes.ttl), quotes verbatim in their sentence, entities declared, every direct
    edge backed by a statement and back, relations declared, no duplicate statements, and the
    basis of each statement (stated, inferred or reported; a date not in its sentence is
    never stated). `kg check --list-rules` lists them all.

    Exit status: 0 no problems, 1 problems found, 2 a file could not be read.
    """
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
    click.echo(text.rstrip("\n"))


@main.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A value for $NAME in the query (repeatable): a number, <IRI>, prefixed name "
              "(an entity's must exist), \"quoted text\", or any name or alias of an entity.")
@click.option("--format", "-f", "fmt",
              type=click.Choice(["table", "json", "csv", "tsv", "turtle", "nt", "jsonld"]),
              help="Output format [default: a table on a terminal, TSV in a pipe; Turtle for "
              "CONSTRUCT/DESCRIBE].")
@click.option("--stated-only", "stated_only", is_flag=True,
              help="Keep only the rows whose ?basis column is kg:Stated (every named query has "
              "it; your own query must select the statement's kg:basis as ?basis).")
@graph_options
@kg_errors
def query(query: str, params: tuple[str, ...], fmt: str | None, stated_only: bool,
          data: tuple[Path, ...], endpoint: str | None) -> None:
    """Run a SPARQL query: QUERY is SPARQL text, a .rq file, or a named query (see `kg queries`).

    \b
    Examples:
      kg query exiled-with
      kg query had-shot --param by=Stalin --format csv
      kg query in-sentence --param n=9 --stated-only
      kg query 'SELECT ?who { person:Stalin rel:exiledWith|^rel:exiledWith ?who }'
      kg query 'SELECT ?r ?o { $p ?r ?o }' --param p=trotsky
    """
    kg = open_graph(data, endpoint)
    print_result(run_query(kg, query, _parse_params(params), _basis(stated_only)), fmt)


@main.command("queries")
def list_queries() -> None:
    """List the named queries with their parameters."""
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
    """Print a profile of NAME: labels, type, dates, Wikidata link, relations with evidence.

    NAME is any label or alias, German or English ("Sinowjew", "zinoviev", "person:Sinowjew").
    Relations read from NAME's side; a claim the quoted words do not make themselves is marked
    [inferred: why], [date inferred: why] or [reported by WHO: how]. Where the literature says
    the source is wrong about one of these claims, a last section says what it says instead,
    with the works cited (source criticism, never a claim of the source).
    """
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
    """Print the dated statements about NAME, earliest first, with their evidence (inferred
    and reported claims marked as in `kg show`)."""
    from graph import text

    click.echo(text.timeline(open_graph(data, endpoint), name, lang, basis=_basis(stated_only)))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", default=MAX_HOPS, show_default=True, help="Longest chain to look for.")
@click.option("--limit", default=LIMIT, show_default=True, help="How many chains to list.")
@click.option("--avoid", "avoid", multiple=True, metavar="NAME",
              help="An entity no chain may pass through, such as a hub (repeatable).")
@lang_option
@stated_option
@graph_options
@kg_errors
def explain(a: str, b: str, max_hops: int, limit: int, avoid: tuple[str, ...], lang: str,
            stated_only: bool, data: tuple[Path, ...], endpoint: str | None) -> None:
    """Show how A and B are connected: chains of relations, shortest first, with evidence.

    Each chain is a different path of entities; each step reads in the direction of the chain
    and lists every statement between its two entities; inferred and reported claims are
    marked. Example: kg explain Sytin Bucharin --avoid Stalin
    """
    kg = open_graph(data, endpoint)
    try:
        chains = kg.explain(a, b, max_hops=max_hops, limit=limit, basis=_basis(stated_only),
                            avoid=avoid)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--avoid") from None
    if not chains:
        stated = message("cli.noChainStated") if stated_only else ""
        avoiding = message("cli.noChainAvoiding", names=", ".join(avoid)) if avoid else ""
        click.echo(message("cli.noChain", hops=max_hops, stated=stated, a=a, b=b,
                           avoiding=avoiding))
        raise SystemExit(EXIT_PROBLEMS)
    for i, chain in enumerate(chains, 1):
        click.echo(f"{i}. " + chain.describe(kg, lang).replace("\n", "\n   "))


@main.command()
@click.option("--top", default=5, show_default=True, help="How many central persons to list.")
@graph_options
@kg_errors
def stats(top: int, data: tuple[Path, ...], endpoint: str | None) -> None:
    """Counts by entity type and relation, and the most central persons."""
    from graph import text

    click.echo(text.stats(open_graph(data, endpoint), top=top))


@main.command("coverage")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A table to read, or JSON for tools.")
@graph_options
@kg_errors
def coverage_command(fmt: str, data: tuple[Path, ...], endpoint: str | None) -> None:
    """How much of each sentence its statements quote, and what they leave out.

    Per sentence: the share of its words inside some statement's quote, the words no quote
    covers, and the known names it mentions whose entities none of its statements involves.
    Exits 0 whatever it finds (`kg check` is the gate; this is a worklist).
    """
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
              type=click.Choice(FORMATS),
              help="gexf/graphml for Gephi and yEd, cytoscape for Cytoscape(.js), csv edge "
              "list, jsonld/nt for RDF tools.")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Where to write (atomically: an interrupted export leaves no partial file).")
@filter_options
@stated_option
@lang_option
@graph_options
@kg_errors
def export(fmt: str, output: Path, as_of: int | None, relations: tuple[str, ...],
           types: tuple[str, ...], stated_only: bool, lang: str, data: tuple[Path, ...],
           endpoint: str | None) -> None:
    """Export the graph (or the part kept by the filters) for Gephi, Cytoscape, D3, RDF tools."""
    _refuse_input_overwrite(output, data)
    kg = open_graph(data, endpoint)
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
              show_default=True, metavar="FILE.html", help="Where to write the page.")
@click.option("--as-of", "as_of", type=int, metavar="YEAR",
              help="Open the page with the time slider at YEAR.")
@click.option("--relation", "relations", multiple=True, metavar="R",
              help="Show only this relation kind (repeatable).")
@click.option("--title", help="Page title.")
@click.option("--open/--no-open", "open_page", default=False,
              help="Open the page in the default browser when written.")
@stated_option
@lang_option
@graph_options
@kg_errors
def render(output: Path, as_of: int | None, relations: tuple[str, ...], title: str | None,
           open_page: bool, stated_only: bool, lang: str, data: tuple[Path, ...],
           endpoint: str | None) -> None:
    """Write the interactive graph as one self-contained, offline HTML page."""
    _refuse_input_overwrite(output, data)
    from viz.render import open_in_browser
    from viz.render import render as do_render

    kg = open_graph(data, endpoint)
    path = do_render(kg, output, year=as_of, relations=relations or None, lang=lang,
                     title=title, basis=_basis(stated_only))
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
            help=setting.help,
        )(command)
    return command


@main.command()
@graph_options
@settings_options
@kg_errors
def serve(data: tuple[Path, ...], endpoint: str | None, **settings: Any) -> None:
    """Serve the viewer, a query page and a read-only SPARQL 1.1 endpoint.

    \b
    /          the interactive graph
    /query     a query page (works offline)
    /sparql    the SPARQL 1.1 Protocol endpoint (GET, POST form, POST sparql-query)
    /queries   the named queries; /queries/NAME?param=value runs one
    /health    status as JSON
    Updates, SERVICE and foreign FROM graphs are refused; every query has a time limit.
    With --endpoint the store there holds the data: each query is checked here, then sent on
    (with the time limit as its timeout) and its answer cut at the row cap.
    """
    from kgapp.server import Settings
    from kgapp.server.app import serve as run_server

    try:
        config = Settings(**settings)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    run_server(open_graph(data, endpoint), config)  # progress on a terminal for big files


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL of the store (Oxigraph: http://host:7878/store; "
              "Fuseki: http://host:3030/DATASET/data; Virtuoso: "
              "http://host:8890/sparql-graph-crud-auth).")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Named graph to replace with the data [default: the default graph].")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Publish these files instead of the bundled graph (repeatable).")
@click.option("--user", metavar="NAME",
              help="Log in as NAME (HTTP basic or digest, as the store asks); the password comes "
              "from $KG_PASSWORD or the netrc entry of the store's host, never from the command "
              "line. Without --user, a netrc entry is used when there is one.")
@click.option("--chunk-triples", default=100_000, show_default=True, metavar="N",
              help="Most triples in one request (the first replaces the graph, the rest add).")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Count the graph afterwards and fail unless it holds every triple sent.")
@click.option("--count-endpoint", metavar="URL",
              help="SPARQL endpoint to count with (e.g. http://host:8890/sparql); default: read "
              "the graph back from --endpoint (Virtuoso sends back at most a million triples).")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for the store.")
@kg_errors
def publish(endpoint: str, graph_iri: str | None, data: tuple[Path, ...], user: str | None,
            chunk_triples: int, verify: bool, count_endpoint: str | None,
            timeout: float) -> None:
    """Upload the graph to a triple store with the SPARQL 1.1 Graph Store Protocol (PUT).

    Big graphs go in chunks, with progress on a terminal; afterwards the graph is read back and
    counted, and the command fails (exit 2, as for any refusal by the store) when the store
    kept fewer triples than it was sent.
    """
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
from kgapp import curation_cli  # noqa: E402  (the curation commands, kgapp/curation_cli.py)

main.add_command(curation_cli.init)
main.add_command(curation_cli.source)
main.add_command(curation_cli.diff)
main.add_command(curation_cli.release)
