"""The curation workbench, ``kg curate``: a local web page over a :class:`graph.edit.Workspace`.

==============================  ==================================================================
``GET /``                       the page (``templates/page.html``, ``static/curate.js``)
``GET /api/sentences``          every sentence: IRI, number, source, text, statement count
``GET /api/sentences/page``     one page of them: ``?source=IRI&offset=N&limit=N`` (at most
                                :data:`PAGE` a page), ``{"total", "offset", "sentences"}``;
                                ``?number=N`` instead of ``offset``: the page holding sentence N
``GET /api/sources``            the sources (IRI, id, title, language, sentence count) and
                                the licences a new one may name by their short names
``POST /api/source``            add a source (as ``kg source add``): its text (``text``, or
                                ``data``, the file's bytes in base64, and ``name``) and
                                ``id``, ``title``, ``url``, ``licence``, ``lang``, ``author``,
                                ``date``; split into sentences, written to the sources folder
``GET /api/sentence?iri=``      one sentence: its text, its statements with the spans they
                                quote, and the known names it mentions
``GET /api/names?q=&sentence=`` entities by any label or alias (fuzzy), those the sentence
                                names first
``GET /api/relations?q=``       the relations of the vocabulary (by any of their names)
``GET /api/statement?iri=``     a statement as the form edits it
``POST /api/statement``         add (or, with ``iri``, edit) a statement
``POST /api/remove``            remove a statement
``POST /api/entity``            create an entity; ``POST /api/relation``: a relation
``POST /api/undo``              undo the last change; ``POST /api/reload``: read the files again
``GET /viewer``                 the interactive graph of the data as it is now
==============================  ==================================================================

Every change answers 200 with a summary, 422 with the located problems of a refused change,
409 for a conflict (a file changed on disk), 400 for bad input. Requests are refused (403)
unless their ``Host`` is this machine's loopback address, and every ``POST`` unless it carries
the page's per-session token (``X-KG-Token``) and, when the browser sends one, an ``Origin`` of
the page itself: another site cannot make changes through the curator's browser.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import secrets
import threading
import time
import webbrowser
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graph.check.report import short_name
from graph.edit import (
    Conflict,
    EntitySpec,
    Refused,
    RelationSpec,
    StatementSpec,
    Workspace,
    quote_at,
    to_literal,
)
from graph.errors import KGError
from graph.messages import LANGS, catalogue, message
from graph.sources import sentence_ref
from graph.terms import local_name
from kgapp.server import linked_data
from kgapp.server.headers import SecurityHeaders, content_security_policy
from kgapp.server.linked_data import Links, Site

__all__ = ["PAGE", "PAGE_CSP", "create_app", "serve"]

_HERE = resources.files("kgapp.curate")
#: The page's policy: its own script, style and requests, nothing inline.
PAGE_CSP = content_security_policy(script_src="'self'", style_src="'self'",
                                   connect_src="'self'", img_src="'self'")
_LOOPBACK = {"127.0.0.1", "localhost", "[::1]"}
#: The most sentences one page of the list holds (a long source opens at once).
PAGE = 100


class _State:
    """The workspace, the session's token, and what is derived from the graph as it is."""

    def __init__(self, ws: Workspace, token: str, sources_dir: Path) -> None:
        self.ws = ws
        self.token = token
        #: where a source added on the page is written (the project's sources folder)
        self.sources_dir = sources_dir
        self._sentences: tuple[int, list[Any]] | None = None
        self.lock = threading.Lock()
        self._viewer: str | None = None
        self._matcher: Any = None
        self._version = -1
        self.version = 0
        #: the Linked Data pages of the graph as it is now, by language (made afresh after
        #: each change); the dict :func:`kgapp.server.linked_data.site` looks them up in
        self.sites: dict[str, Site] = {}
        self._sites()

    def changed(self) -> None:
        self.version += 1
        self._viewer = None
        self._sites()

    def _sites(self) -> None:
        self.sites.clear()
        self.sites.update({lang: Site(self.ws.kg, Links(lang=None if lang == "en" else lang), lang)
                           for lang in LANGS})

    def sentences(self) -> list[Any]:
        """Every sentence of the graph as it is now (read once a version)."""
        if self._sentences is None or self._sentences[0] != self.version:
            self._sentences = (self.version, list(self.ws.kg.sentences()))
        return self._sentences[1]

    def matcher(self) -> Any:
        from graph.coverage import NameMatcher

        if self._matcher is None or self._version != self.ws.names_version:
            self._matcher = NameMatcher(self.ws.kg.entities.values())
            self._version = self.ws.names_version
        return self._matcher

    def viewer(self) -> str:
        from viz.render import render_html

        if self._viewer is None:
            self._viewer = render_html(self.ws.kg, served="/")
        return self._viewer


def _state(request: Request) -> _State:
    state: _State = request.app.state.curate
    return state


def _guard(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request],
                                                                         Awaitable[Response]]:
    """Refuse a request from elsewhere: a foreign Host (DNS rebinding) always; for a POST, a
    missing or wrong token, or an Origin other than the page's."""

    async def guarded(request: Request) -> Response:
        host = request.headers.get("host", "")
        if host.rsplit(":", 1)[0] not in _LOOPBACK:
            return _refuse(message("edit.foreignHost"))
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin is not None and origin != f"http://{host}":
                return _refuse(message("edit.foreignOrigin"))
            given = request.headers.get("x-kg-token", "")
            if not secrets.compare_digest(given, _state(request).token):
                return _refuse(message("edit.badToken"))
            if request.headers.get("content-type", "").split(";")[0] != "application/json":
                return _refuse(message("edit.notJSON"))
        return await handler(request)

    return guarded


def _refuse(why: str) -> Response:
    return JSONResponse({"ok": False, "error": message("edit.forbidden", why=why)},
                        status_code=403)


def _label(ws: Workspace, node: Any) -> dict[str, Any]:
    if isinstance(node, Literal):
        return {"iri": None, "value": str(node), "label": str(node)}
    iri = str(node)
    entity = ws.kg.entities.get(iri)
    label = entity.label("de") if entity else local_name(iri)
    return {"iri": iri, "curie": short_name(URIRef(iri)), "label": label}


def _statement_json(ws: Workspace, iri: str, text: str) -> dict[str, Any]:
    from graph.coverage import quote_spans

    spec = ws.statement_spec(iri)
    relation = ws.kg.relation_catalogue.get(spec.relation)
    dates = {k: str(getattr(spec, k)) for k in ("at", "start", "end") if getattr(spec, k)}
    return {
        "iri": iri, "curie": short_name(URIRef(iri)),
        "subject": _label(ws, URIRef(spec.subject)),
        "relation": {"iri": spec.relation, "name": local_name(spec.relation),
                     "label": relation.label("de") if relation else local_name(spec.relation)},
        "object": _label(ws, spec.object if isinstance(spec.object, Literal)
                         else URIRef(spec.object)),
        "quotes": list(spec.quotes),
        "spans": [span for q in spec.quotes for span in quote_spans(text, q)[:1]],
        "basis": spec.basis, "part": spec.inferred_part,
        "claimant": _label(ws, URIRef(spec.claimant)) if spec.claimant else None,
        "note": spec.note, "dates": dates,
        "after": list(spec.after), "before": list(spec.before), "because": list(spec.because),
    }


#: A word of the page in the template: ``{{key}}``, ``curate.key`` of the catalogue.
WORD = re.compile(r"\{\{(\w+)\}\}")


def page_html(token: str, lang: str = "en") -> str:
    """The page in ``lang`` (``de`` or ``en``): its words from the catalogue (``curate.*``;
    the script's too, in ``<meta name="kg-strings">``), the session's token in a ``<meta>``."""
    words = catalogue(lang, "curate.")
    template = (_HERE / "templates" / "page.html").read_text("utf-8")
    body = WORD.sub(lambda m: html.escape(words[m.group(1)]), template)
    return (body.replace("{token}", html.escape(token)).replace("{lang}", lang)
            .replace("{strings}", html.escape(json.dumps(words, ensure_ascii=False))))


async def page(request: Request) -> Response:
    state = _state(request)
    lang = "de" if request.query_params.get("lang") == "de" else "en"
    body = page_html(state.token, lang)
    return HTMLResponse(body, headers={"Content-Security-Policy": PAGE_CSP,
                                       "Cache-Control": "no-store"})


def _counts(ws: Workspace) -> dict[str, int]:
    """How many statements cite each sentence, by sentence IRI."""
    counts: dict[str, int] = {}
    for q in ws.store.quads_for_pattern(None, _ox_node(_PROV_DERIVED), None, None):
        key = str(getattr(q.object, "value", q.object))
        counts[key] = counts.get(key, 0) + 1
    return counts


def _listed(s: Any, counts: dict[str, int]) -> dict[str, Any]:
    return {"iri": s.iri, "number": s.number, "ref": sentence_ref(s.iri, s.number),
            "source": s.source, "text": s.text, "statements": counts.get(s.iri, 0)}


async def sentences(request: Request) -> Response:
    state = _state(request)
    with state.lock:
        counts = _counts(state.ws)
        return JSONResponse([_listed(s, counts) for s in state.sentences()])


def _int(request: Request, key: str, default: int) -> int:
    given = request.query_params.get(key)
    if given is None or given == "":
        return default
    try:
        return int(given)
    except ValueError:
        raise KGError(message("curate.notNumber", key=key, given=repr(given))) from None


async def sentence_page(request: Request) -> Response:
    """One page of the sentences of a source (all sources without ``source``), so that a
    source of thousands of sentences lists at once."""
    state = _state(request)
    source = request.query_params.get("source") or None
    limit = max(1, min(_int(request, "limit", PAGE), PAGE))
    with state.lock:
        chosen = [s for s in state.sentences() if source is None or s.source == source]
        number = _int(request, "number", 0)
        if number:
            at = next((i for i, s in enumerate(chosen) if s.number == number), 0)
            offset = at - at % limit
        else:
            offset = max(0, _int(request, "offset", 0))
        counts = _counts(state.ws)
        shown = [_listed(s, counts) for s in chosen[offset:offset + limit]]
    return JSONResponse({"total": len(chosen), "offset": offset, "limit": limit,
                         "sentences": shown})


async def source_list(request: Request) -> Response:
    """The sources, and the licences a new one may name by their short names."""
    from graph.sources import LICENCES, sources

    state = _state(request)
    with state.lock:
        found = sources(state.ws.kg)
    return JSONResponse({"sources": [{"iri": s.iri, "id": s.id, "title": s.title,
                                      "lang": s.lang, "sentences": s.sentences} for s in found],
                         "licences": list(LICENCES)})


class _SourceAdded:
    """What adding a source did, as :func:`_change` reports a change."""

    def __init__(self, summary: str, node: str) -> None:
        self.summary = summary
        self.node = node
        self.statement = None


def _add_source(sources_dir: Path) -> Callable[[Workspace, dict[str, Any]], Any]:
    def make(ws: Workspace, body: dict[str, Any]) -> Any:
        import base64
        import binascii

        from graph.sources import SourceRecord, decode_text, sources, write_source

        def text(key: str) -> str:
            return str(body.get(key) or "").strip()

        name = text("name") or message("curate.pasted")
        if body.get("data"):
            try:
                data = base64.b64decode(str(body["data"]), validate=True)
            except (binascii.Error, ValueError):
                raise KGError(message("curate.badUpload")) from None
            given = decode_text(data, name)
        else:
            given = decode_text(str(body.get("text") or "").encode("utf-8"), name)
        record = SourceRecord(text("id"), text("title"), text("url"), text("licence"),
                              text("lang") or "de", text("author") or None, text("date") or None)
        path, count = write_source(sources_dir, given, record, [s.id for s in sources(ws.kg)])
        ws.add_file(path)
        return _SourceAdded(message("cli.sourceAdded", id=record.id, count=count, path=path),
                            record.iri)

    return make


async def sentence(request: Request) -> Response:
    state = _state(request)
    ws = state.ws
    iri = request.query_params.get("iri", "")
    with state.lock:
        text = ws.sentence_text(iri)
        found = [str(getattr(q.subject, "value", "")) for q in ws.store.quads_for_pattern(
            None, _ox_node(_PROV_DERIVED), _ox_node(iri), None)]
        statements = [_statement_json(ws, st, text) for st in sorted(found)]
        mentions = [m.to_dict() for m in state.matcher().find(text)]
    for m in mentions:
        m["labels"] = [_label(ws, URIRef(e)) for e in m["entities"]]
    return JSONResponse({"iri": iri, "ref": sentence_ref(iri), "text": text,
                         "statements": statements,
                         "mentions": mentions, "version": state.version,
                         "undo": len(ws.undo_stack)})


async def names(request: Request) -> Response:
    state = _state(request)
    ws = state.ws
    query = request.query_params.get("q", "").strip()
    sentence_iri = request.query_params.get("sentence")
    first: list[str] = []
    if sentence_iri:
        text = ws.sentence_text(sentence_iri)
        first = [e for m in state.matcher().find(text) for e in m.entities]
    from graph.names import normalise, rank

    if query:
        found = [e.iri for e in ws.kg.search(query, limit=20)]
        in_sentence = [e for e in dict.fromkeys(first) if any(
            rank(normalise(query), normalise(n)) is not None for n in _names(ws, e))]
        ordered = list(dict.fromkeys(in_sentence + found))
    else:
        ordered = list(dict.fromkeys(first))
    out = []
    for iri in ordered[:20]:
        entity = ws.kg.entities.get(iri)
        if entity is None:
            continue
        out.append({"iri": iri, "curie": short_name(URIRef(iri)), "label": entity.label("de"),
                    "label_en": entity.label_en, "kind": entity.kind,
                    "aliases": list(entity.aliases), "inSentence": iri in first})
    return JSONResponse(out)


def _names(ws: Workspace, iri: str) -> list[str]:
    e = ws.kg.entities[iri]
    return [e.label_de, e.label_en, *e.aliases]


async def relations(request: Request) -> Response:
    """The relations; with ``?q=``, those any of whose names (local name, labels, inverse
    labels) match it by the one rule of :mod:`graph.names`, best first."""
    from graph.names import normalise, search

    known = _state(request).ws.kg.relation_catalogue
    chosen = sorted(known.values(), key=lambda r: r.name)
    query = request.query_params.get("q", "").strip()
    if query:
        names = {r.iri: [normalise(n) for n in (r.name, r.label_de, r.label_en, r.inverse_de,
                                                r.inverse_en) if n] for r in chosen}
        chosen = [known[iri] for iri in search(query, names, limit=12)]
    return JSONResponse([{"iri": r.iri, "name": r.name, "label": r.label("de"),
                          "label_en": r.label_en, "datatype": r.datatype,
                          "symmetric": r.symmetric} for r in chosen])


async def statement(request: Request) -> Response:
    state = _state(request)
    iri = request.query_params.get("iri", "")
    with state.lock:
        spec = state.ws.statement_spec(iri)
        return JSONResponse(_statement_json(state.ws, iri, state.ws.sentence_text(spec.sentence)))


async def _change(request: Request, make: Callable[[Workspace, dict[str, Any]], Any]) -> Response:
    """Run a change under the lock; answer what happened, or why not."""
    state = _state(request)
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return JSONResponse({"ok": False, "error": message("edit.notJSON")}, status_code=400)
    began = time.perf_counter()
    with state.lock:
        try:
            applied = make(state.ws, body)
        except Refused as err:
            return JSONResponse({"ok": False, "error": str(err).splitlines()[0],
                                 "problems": [str(p) for p in err.problems]}, status_code=422)
        except Conflict as err:
            return JSONResponse({"ok": False, "error": str(err), "conflict": True},
                                status_code=409)
        except KGError as err:
            return JSONResponse({"ok": False, "error": str(err)}, status_code=400)
        state.changed()
    return JSONResponse({"ok": True, "summary": getattr(applied, "summary", ""),
                         "statement": getattr(applied, "statement", None),
                         "node": getattr(applied, "node", None),
                         "seconds": round(time.perf_counter() - began, 3),
                         "undo": len(state.ws.undo_stack)})


def _spec(ws: Workspace, body: dict[str, Any]) -> StatementSpec:
    sentence_iri = str(body.get("sentence", ""))
    text = ws.sentence_text(sentence_iri)
    quotes = [quote_at(text, int(a), int(b)) for a, b in body.get("spans", [])]
    quotes += [q for q in body.get("quotes", []) if q not in quotes]
    relation = ws.kg.relation(str(body.get("relation", "")))
    obj: str | Literal = str(body.get("object", ""))
    obj = to_literal(obj) if relation.datatype else _entity(ws, obj)

    def date(key: str) -> Literal | None:
        value = str(body.get(key) or "").strip()
        return to_literal(value) if value else None

    def links(key: str) -> tuple[str, ...]:
        return tuple(_link(ws, str(x)) for x in body.get(key, []) if str(x).strip())

    basis = str(body.get("basis") or "stated")
    claimant = str(body.get("claimant") or "").strip()
    return StatementSpec(
        subject=_entity(ws, str(body.get("subject", ""))), relation=relation.iri, object=obj,
        sentence=sentence_iri, quotes=tuple(quotes), basis=basis,
        inferred_part=(body.get("part") or "relation") if basis == "inferred" else None,
        claimant=_entity(ws, claimant) if claimant else None,
        note=str(body.get("note") or "").strip() or None,
        at=date("at"), start=date("start"), end=date("end"),
        after=links("after"), before=links("before"), because=links("because"),
    )


def _entity(ws: Workspace, given: str) -> str:
    """An entity by IRI (as the page sends a picked one) or by any name."""
    if given.startswith("https://w3id.org/stalin-kg/") and given in ws.kg.entities:
        return given
    return ws.resolve(given)


def _link(ws: Workspace, given: str) -> str:
    if given.startswith(("stmt:", "https://w3id.org/stalin-kg/statement/")):
        iri = given.replace("stmt:", "https://w3id.org/stalin-kg/statement/", 1)
        ws.statement_spec(iri)
        return iri
    return _entity(ws, given)


async def save_statement(request: Request) -> Response:
    def make(ws: Workspace, body: dict[str, Any]) -> Any:
        spec = _spec(ws, body)
        if body.get("iri"):
            return ws.edit_statement(str(body["iri"]), spec)
        return ws.add_statement(spec)

    return await _change(request, make)


async def remove_statement(request: Request) -> Response:
    return await _change(request, lambda ws, body: ws.remove_statement(str(body.get("iri", ""))))


async def create_entity(request: Request) -> Response:
    def make(ws: Workspace, body: dict[str, Any]) -> Any:
        aliases = tuple((a.strip(), str(body.get("aliasLang") or "de"))
                        for a in str(body.get("aliases", "")).split(",") if a.strip())
        return ws.add_entity(EntitySpec(
            str(body.get("kind", "")), str(body.get("label_de", "")),
            str(body.get("label_en", "")), aliases,
            str(body.get("description_de") or "") or None,
            str(body.get("description_en") or "") or None))

    return await _change(request, make)


async def create_relation(request: Request) -> Response:
    def make(ws: Workspace, body: dict[str, Any]) -> Any:
        return ws.add_relation(RelationSpec(
            str(body.get("name", "")), str(body.get("label_de", "")),
            str(body.get("label_en", "")), str(body.get("inverse_de", "")),
            str(body.get("inverse_en", "")), str(body.get("definition", "")),
            str(body.get("domain") or "Agent"), str(body.get("range") or "Agent"),
            bool(body.get("symmetric"))))

    return await _change(request, make)


async def add_source(request: Request) -> Response:
    return await _change(request, _add_source(_state(request).sources_dir))


async def undo(request: Request) -> Response:
    return await _change(request, lambda ws, body: ws.undo())


async def reload(request: Request) -> Response:
    def make(ws: Workspace, body: dict[str, Any]) -> Any:
        ws.reload()
        return None

    return await _change(request, make)


async def viewer(request: Request) -> Response:
    state = _state(request)
    with state.lock:
        page_html = state.viewer()
    return HTMLResponse(page_html, headers={"Cache-Control": "no-store"})


async def _api_error(request: Request, exc: Exception) -> Response:
    return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)


_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def _ox_node(iri: str) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def create_app(ws: Workspace, token: str | None = None, *,
               sources_dir: Path | None = None) -> Starlette:
    """The workbench over ``ws``; ``token``: the session's (default: a new random one);
    ``sources_dir``: where a source added on the page is written (default: ``sources/``
    beside the statements file, a project's default)."""
    routes = [
        Route("/", _guard(page)),
        Route("/api/sentences", _guard(sentences)),
        Route("/api/sentences/page", _guard(sentence_page)),
        Route("/api/sources", _guard(source_list)),
        Route("/api/source", _guard(add_source), methods=["POST"]),
        Route("/api/sentence", _guard(sentence)),
        Route("/api/names", _guard(names)),
        Route("/api/relations", _guard(relations)),
        Route("/api/statement", _guard(statement)),
        Route("/api/statement", _guard(save_statement), methods=["POST"]),
        Route("/api/remove", _guard(remove_statement), methods=["POST"]),
        Route("/api/entity", _guard(create_entity), methods=["POST"]),
        Route("/api/relation", _guard(create_relation), methods=["POST"]),
        Route("/api/undo", _guard(undo), methods=["POST"]),
        Route("/api/reload", _guard(reload), methods=["POST"]),
        Route("/viewer", _guard(viewer)),
        # the Linked Data pages (/person/Stalin, /statement/...) of the graph as it is now
        *(Route(r.path, _guard(r.endpoint), methods=sorted(r.methods or ["GET"]))
          for r in linked_data.ROUTES),
        Mount("/static", StaticFiles(directory=str(Path(str(_HERE / "static"))))),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={KGError: _api_error})
    folder = sources_dir if sources_dir is not None else ws.statements_file.parent / "sources"
    state = app.state.curate = _State(ws, token or secrets.token_urlsafe(32), folder)
    app.state.linked_data = state.sites  # what linked_data.site() reads
    return app


def serve(ws: Workspace, *, port: int = 8765, open_page: bool = True,
          sources_dir: Path | None = None) -> None:
    """Serve the workbench on 127.0.0.1 until interrupted (blocking): ``kg curate``;
    ``sources_dir`` as :func:`create_app`'s."""
    import sys

    from kgapp.server.app import running

    app = create_app(ws, sources_dir=sources_dir)
    with running(app, "127.0.0.1", port) as url:
        print(message("cli.edit.curating", file=ws.statements_file, url=url), file=sys.stderr)
        if open_page:
            webbrowser.open(url + "/")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
