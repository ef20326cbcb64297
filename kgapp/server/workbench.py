"""The query workbench at ``/query``: YASGUI, vendored, offline, fed from the graph itself.

==========================  ===================================================================
``/query``                  the page: YASGUI's editor, tabs and results, a form for each named
                            query; ``?query=TEXT`` or ``?named=NAME&param=value`` opens and runs
                            that query
``/query/names?q=TEXT``     entity name suggestions for the forms (JSON, at most
                            :data:`SUGGESTIONS`): the viewer's search, labels and aliases
``/query/labels?lang=de``   ``POST`` a JSON list of IRIs: the label of each the graph names
                            (an entity, a relation, a vocabulary term) in that language, and
                            whether it is an entity (which the viewer can show)
``/query/check?lang=de``    ``POST`` a query (form field ``query``, or ``named`` with its
                            parameters): the warnings of :attr:`graph.sparql.QueryResult.warnings`
                            (misspelt ``rel:``/``kg:`` terms, parameters that match nothing)
``/static/vis-network/``    the viewer's vis-network build (package ``viz``), for the result's
                            graph view
``/static/PATH``            the page's files: ``query.js``, ``query.css`` and ``vendor/``
                            (YASGUI 4.6.2 from npm, its licences, ``VERSIONS.json``), served
                            by Starlette's ``StaticFiles`` (``ETag``, ``Last-Modified``, 304)
==========================  ===================================================================

Everything the page loads comes from this server, and its Content-Security-Policy lets it
talk to nothing else: YASGUI's class and property completion (which asks
lov.linkeddata.es) and prefix.cc are switched off in ``query.js`` and replaced with the
project's own prefixes, properties and classes, which the page carries as JSON.
``npm run vendor`` in ``viz/frontend`` copies them from its ``package-lock.json`` and checks them.

>>> page_csp(["sha256-abc"]).split("; ")[:3]
["default-src 'none'", "script-src 'self'", "style-src 'self' 'sha256-abc'"]
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from collections.abc import Mapping, Sequence
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graph import terms
from graph.errors import KGError
from graph.messages import catalogue
from graph.namespaces import BASE, PREFIXES

from .body import read_body
from .headers import content_security_policy
from .linked_data import fill, words
from .negotiation import page_lang

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["ROUTES", "SUGGESTIONS", "Workbench", "page_csp"]


def page_csp(style_hashes: Sequence[str] = ()) -> str:
    """The page's Content-Security-Policy: scripts, styles and connections from this server only.

    One exception, for YASGUI's results table, and no more than it needs: ``style_hashes``
    allow exactly the two ``<style>`` elements its column-resizer writes (their hashes are
    recorded in ``vendor/VERSIONS.json`` by ``viz/frontend/scripts/vendor.js``). No ``'unsafe-inline'``:
    the rest of YASGUI sets styles through the DOM (``element.style``), which a policy does
    not restrict, and the browser test records every violation.

    >>> page_csp(["sha256-abc"]).split("; ")[2]
    "style-src 'self' 'sha256-abc'"
    """
    styles = "".join(f" '{digest}'" for digest in style_hashes)
    return content_security_policy(
        script_src="'self'", style_src="'self'" + styles, connect_src="'self'",
        img_src="'self' data:",
    )


#: Most names one ``/query/names`` answer suggests.
SUGGESTIONS = 20
_LONGEST_NAME = 200
_TEMPLATE = "query.html"
_FILES = resources.files(__package__) / "static"
# JavaScript as the HTML standard names it (some systems' mime.types still say application/...)
mimetypes.add_type("text/javascript", ".js")


class Workbench:
    """The page, its files and its completion data, built once from a graph."""

    def __init__(self, kg: KnowledgeGraph, queries: list[dict[str, Any]]) -> None:
        self.kg = kg
        self.queries = queries
        versions = (_FILES / "vendor" / "VERSIONS.json").read_text(encoding="utf-8")
        self.yasgui = json.loads(versions)["@zazuko/yasgui"]
        self.csp = page_csp(self.yasgui["style-hashes"])
        self._env = Environment(loader=PackageLoader("kgapp.server", "templates"),
                                autoescape=select_autoescape(default=True), trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True)
        self._pages: dict[str, str] = {}
        self._lock = threading.Lock()

    def page(self, lang: str = "en") -> str:
        """The page in ``lang`` (its words, and the relations' labels), made once."""
        with self._lock:
            if lang not in self._pages:
                data = json.dumps(self.page_data(self.queries, lang), ensure_ascii=False)
                # JSON in a <script> block: no "<" can close it or open a comment there
                self._pages[lang] = self._env.get_template(_TEMPLATE).render(
                    data=Markup(data.replace("<", "\\u003c")), w=words(lang), fill=fill,
                    lang=lang)
            return self._pages[lang]

    def page_data(self, queries: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
        """What the page's script needs: prefixes, completions, relations, named queries (with
        their SPARQL, defaults bound) and its words (the catalogue's ``server.query.*``, by
        key without the prefix), in ``lang``."""
        relations = sorted(self.kg.relation_catalogue.values(), key=lambda r: r.name)
        return {
            "lang": lang,
            "yasgui": self.yasgui["version"],
            "prefixes": PREFIXES,
            "base": BASE,
            "relations": [{"name": r.name, "term": self._written(r.iri), "label": r.label(lang)}
                          for r in relations],
            "properties": self._distinct("SELECT DISTINCT ?x WHERE { ?s ?x ?o }"),
            "classes": self._distinct(
                "SELECT DISTINCT ?x WHERE { { ?s a ?x } UNION { ?x a owl:Class } UNION "
                "{ ?x a rdfs:Class } FILTER(isIRI(?x)) }"
            ),
            "queries": [{k: q[k] for k in ("name", "title", "description", "parameters", "url",
                                           "example")}
                        for q in queries],
            "messages": catalogue(lang, "server.query."),
        }

    @cached_property
    def _term_labels(self) -> dict[str, dict[str, str]]:
        """The labels of the vocabulary's terms (``kg:``, ``rel:``), by IRI and language."""
        rows = self.kg.query(
            "SELECT ?t ?l { ?t rdfs:label ?l FILTER(isIRI(?t) && (STRSTARTS(STR(?t), STR(kg:))"
            " || STRSTARTS(STR(?t), STR(rel:)))) }").rows
        out: dict[str, dict[str, str]] = {}
        for t, label in rows:
            lang = getattr(label, "language", None) or "en"
            out.setdefault(str(t), {})[lang] = str(label)
        return out

    def labels(self, iris: Sequence[str], lang: str) -> dict[str, dict[str, Any]]:
        """The label in ``lang`` of each of ``iris`` the graph names (an entity, a relation,
        a vocabulary term; the other language where it has none), and whether it is an
        entity, by IRI; IRIs the graph does not name are left out."""
        out: dict[str, dict[str, Any]] = {}
        entities = self.kg.entities
        for iri in iris:
            if iri in entities:
                out[iri] = {"label": entities[iri].label(lang), "entity": True,
                            "curie": terms.short(iri)}
            elif iri in self._term_labels:
                named = self._term_labels[iri]
                label = named.get(lang) or next(iter(named.values()))
                out[iri] = {"label": label, "entity": False, "curie": terms.short(iri)}
        return out

    def warnings(self, form: Mapping[str, str], lang: str) -> list[str]:
        """The warnings of a query (``form["query"]``) or of a named query (``form["named"]``
        and its parameters), as :attr:`graph.sparql.QueryResult.warnings` gives them."""
        if "named" in form:
            params = {k: v for k, v in form.items() if k != "named"}
            return list(self.kg.run(form["named"], **params).warnings)
        return self.kg.term_warnings(form.get("query", ""), lang)

    def _distinct(self, query: str) -> list[str]:
        """The IRIs a one-column query answers, as the editor writes them, sorted."""
        return sorted({self._written(str(row[0])) for row in self.kg.query(query).rows})

    @staticmethod
    def _written(iri: str) -> str:
        return terms.written(iri)

    def suggest(self, text: str) -> list[dict[str, str]]:
        """Entities whose names contain ``text``, for a form's entity field: the value to
        write (a prefixed name, which names exactly one entity) and a label to show."""
        found = self.kg.search(text, SUGGESTIONS)
        return [
            {"value": self._written(e.iri),
             "label": e.label_en + (f" ({e.label_de})" if e.label_de != e.label_en else "")}
            for e in found
        ]


_lock = threading.Lock()


def _workbench(request: Request) -> Workbench:
    """The application's workbench, built at its first use (blocking: call it in a thread)."""
    server = request.app.state.server
    with _lock:
        bench = getattr(request.app.state, "workbench", None)
        if bench is None:
            bench = request.app.state.workbench = Workbench(server.kg, server.catalogue)
    assert isinstance(bench, Workbench)
    return bench


async def query_page(request: Request) -> Response:
    """The workbench page, in the language of ``?lang=`` (English by default)."""
    lang = page_lang(request)
    bench = await anyio.to_thread.run_sync(_workbench, request)
    page = await anyio.to_thread.run_sync(bench.page, lang)
    return HTMLResponse(page, headers={"Content-Security-Policy": bench.csp})


#: Most IRIs one ``/query/labels`` request may ask for.
MAX_LABELS = 5000


async def labels(request: Request) -> Response:
    """Labels of IRIs: ``POST`` a JSON list of IRIs, ``?lang=``."""
    lang = page_lang(request)
    try:
        iris = json.loads(await read_body(request, request.app.state.server.settings.max_body))
    except ValueError:
        iris = None
    if not isinstance(iris, list) or len(iris) > MAX_LABELS or not all(
            isinstance(i, str) for i in iris):
        raise HTTPException(400, f"send a JSON list of at most {MAX_LABELS} IRIs")
    bench = await anyio.to_thread.run_sync(_workbench, request)
    return JSONResponse(await anyio.to_thread.run_sync(bench.labels, iris, lang))


async def check(request: Request) -> Response:
    """Warnings for a query: ``POST`` a form with ``query``, or ``named`` and parameters."""
    lang = page_lang(request)
    import urllib.parse

    body = await read_body(request, request.app.state.server.settings.max_body)
    form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
    bench = await anyio.to_thread.run_sync(_workbench, request)
    try:
        found = await anyio.to_thread.run_sync(bench.warnings, form, lang)
    except KGError as err:  # the query itself is refused: the endpoint says why
        return JSONResponse({"warnings": [], "error": str(err)})
    return JSONResponse({"warnings": found})


async def names(request: Request) -> Response:
    """Entity name suggestions: ``?q=TEXT``."""
    text = request.query_params.get("q", "").strip()
    if len(text) > _LONGEST_NAME:
        raise HTTPException(400, f"give at most {_LONGEST_NAME} characters")
    bench = await anyio.to_thread.run_sync(_workbench, request)
    found = await anyio.to_thread.run_sync(bench.suggest, text) if text else []
    return JSONResponse(found)


class PageFiles(StaticFiles):
    """The page's files, revalidated on every use (``Cache-Control: no-cache``: the ETag and
    Last-Modified that ``StaticFiles`` sends make that a 304, so YASGUI's megabyte is sent once);
    a file without a suffix (``LICENSE``) is text."""

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Any,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.setdefault("Cache-Control", "no-cache")
        if not os.path.splitext(full_path)[1]:
            response.headers["Content-Type"] = "text/plain; charset=utf-8"
        return response


#: The workbench's routes, for the application's route list.
ROUTES = [
    Route("/query", query_page),
    Route("/query/names", names),
    Route("/query/labels", labels, methods=["POST"]),
    Route("/query/check", check, methods=["POST"]),
    Mount("/static/vis-network",
          PageFiles(packages=[("viz", "static/vendor/vis-network")]), name="vis-network"),
    Mount("/static", PageFiles(packages=[(__package__, "static")]), name="static"),
]
