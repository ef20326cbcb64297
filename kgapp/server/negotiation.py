"""Content negotiation: which of the formats a route writes an ``Accept`` header prefers, and
which language a page is asked for (:func:`page_lang`).

The one place the server reads ``Accept`` (the SPARQL endpoint, the named queries, the Linked
Data pages, the service descriptions). Weights (``q``), ``type/*`` and ``*/*`` are honoured; a
tie goes to the more specific range, then to the one written first; the other names clients
send for a format (``application/json`` for SPARQL JSON results, ``text/plain`` for
N-Triples ...) count as that format. No library is used: the ones that parse ``Accept``
(python-mimeparse, werkzeug) know nothing of these aliases, and the rule fits in one function.

>>> results = {"application/sparql-results+json": 1, "application/sparql-results+xml": 2,
...            "text/csv": 3}
>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", results)
'application/sparql-results+xml'
>>> negotiate("application/json", results), negotiate(None, results)
('application/sparql-results+json', 'application/sparql-results+json')
>>> negotiate("text/*;q=0.9, */*;q=0.1", results)
'text/csv'
>>> negotiate("text/csv;q=0, image/png", results) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from graph.messages import LANGS, message

__all__ = ["negotiate", "page_lang"]

# Other names clients send for the formats the server writes.
_ALIASES: dict[str, tuple[str, ...]] = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "application/x-turtle": ("text/turtle",),
    "application/turtle": ("text/turtle",),
    "text/plain": ("application/n-triples",),
    "application/x-json+ld": ("application/ld+json",),
}


def negotiate(accept: str | None, formats: Mapping[str, Any]) -> str | None:
    """The media type of ``formats`` an ``Accept`` header prefers (the first one when it is
    absent or says ``*/*``), or None when it accepts none of them."""
    default = next(iter(formats))
    if not accept or not accept.strip():
        return default
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen: str | None = None
    for index, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        aliases = [m for m in _ALIASES.get(media, ()) if m in formats]
        candidate: str | None
        if media in formats:
            candidate, specific = media, 2
        elif aliases:
            candidate, specific = aliases[0], 2
        elif media == "*/*":
            candidate, specific = default, 0
        elif media.endswith("/*"):
            main = media[:-1]
            candidate = next((m for m in formats if m.startswith(main)), None)
            specific = 1
        else:
            continue
        score = (q, specific, -index)
        if candidate is not None and score > best:
            best, chosen = score, candidate
    return chosen




def page_lang(request: Request) -> str:
    """The language a page or answer is asked for: ``?lang=`` (one of
    :data:`graph.messages.LANGS`), English where it is missing or empty; another is refused
    with 400, naming those there are. The one rule of every route that takes ``lang``."""
    lang = request.query_params.get("lang") or "en"
    if lang not in LANGS:
        raise HTTPException(400, message("server.badLang", langs=", ".join(LANGS)))
    return lang
