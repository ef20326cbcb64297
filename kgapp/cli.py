"""The ``kg`` command line: a thin shell over the Python API (one function per command).

Exit codes: 0 success, 1 problems found, 2 unreadable input or bundled data missing.

The commands and options carry no help text here: :mod:`kgapp.helptexts` reads it from the
message catalogue (``cli.help.*``) when a help page is shown, in the language of ``$KG_LANG``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.explain import LIMIT, MAX_HOPS, SameEntity
from graph.export import FORMATS
from graph.export import export as do_export
from graph.kg import KnowledgeGraph
from graph.messages import message
from graph.sparql import QueryResult
from graph.terms import render as render_term
from kgapp.options import (
    basis_for,
    filter_options,
    graph_options,
    lang_option,
    open_graph,
    stated_option,
)
from kgapp.shell import (
    EXIT_PROBLEMS,
    current_project,
    kg_errors,
    main,
    note_project,
)

__all__ = ["main"]




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
    print_result(run_query(kg, query, _parse_params(params), basis_for(stated_only)), fmt)


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

    click.echo(text.profile(open_graph(data, endpoint), name, lang, basis=basis_for(stated_only)))


@main.command()
@click.argument("name")
@lang_option
@stated_option
@graph_options
@kg_errors
def timeline(name: str, lang: str, stated_only: bool, data: tuple[Path, ...],
             endpoint: str | None) -> None:
    from graph import text

    click.echo(text.timeline(open_graph(data, endpoint), name, lang, basis=basis_for(stated_only)))


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
        chains = kg.explain(a, b, max_hops=max_hops, limit=limit, basis=basis_for(stated_only),
                            avoid=avoid)
    except SameEntity as exc:
        raise click.BadParameter(str(exc), param_hint="A, B") from None
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
                           types=types or None, lang=lang, basis=basis_for(stated_only))
    else:
        path = do_export(kg, output, fmt, as_of=as_of, relations=relations or None,
                         types=types or None, lang=lang, basis=basis_for(stated_only))
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
                     title=title, basis=basis_for(stated_only), sparql=sparql)
    click.echo(message("cli.wrote", path=path))
    if open_page:
        open_in_browser(path)


# ---------------------------------------------------------------------------- elsewhere
# kg init, source, diff and release (kgapp/curation_cli.py), kg add, edit, remove and curate
# (kgapp/edit_cli.py), and kg serve and publish (kgapp/serve_cli.py) register themselves on main
# when first named (kgapp.shell.ELSEWHERE)
