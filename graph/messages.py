"""The words the project shows people, in German and English: one catalogue for the Python
side (text renderings, explanations, the CLI), the viewer page and the server's pages.

The catalogue is one JSON file per language, ``graph/locales/<lang>.json``, each a flat object
of ``key: text``. Keys are grouped by who uses them: ``text.*`` (:mod:`graph.text`),
``explain.*`` (:mod:`graph.explain`), ``viz.*`` (the page data, :mod:`viz.data`), ``page.*``
(the viewer page: ``app.js``, bundled from ``viz/frontend/src``, and ``page.html``, which get them as
:func:`catalogue` ``(lang, "page.")``), ``cli.*`` (the ``kg`` command), ``check.*``
(``kg check``), ``edit.*`` (:mod:`graph.edit`: changes and why they are refused) and
``server.*`` (the pages of ``kg serve``: its templates, and
``server.query.*`` for the query workbench's ``query.js``, which gets them in the page's data).
A text holds ``{name}`` placeholders, replaced by the parameters of the same name; the pages'
``fill()`` (the page's words.js, and the server's :func:`kgapp.server.linked_data.fill`) and query.js's
``t()`` replace them by the same rule (:data:`PLACEHOLDER`). Every key exists in every language
with the same placeholders (``tests/test_messages.py``).

Which language: a call that names none gets the user's, :func:`user_lang`, set by the
environment variable ``KG_LANG`` (``de`` or ``en``; English when unset or another), so that
``KG_LANG=de kg check`` reports in German and ``KG_LANG=de kg --help`` helps in German. The
machine's locale (``LANG``) is not consulted: what ``kg`` prints in scripts and CI does not change
with the machine it runs on.

>>> message("text.reportedBy", who="Lenin")
'reported by Lenin'
>>> message("text.reportedBy", "de", who="Lenin")
'laut Lenin'
>>> catalogue("de", "page.")["search"]
'Suche'
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["LANGS", "LANG_VARIABLE", "PLACEHOLDER", "MissingMessage", "catalogue", "message",
           "placeholders", "user_lang"]

#: The languages of the catalogue; the first is the one a text falls back to when asked for a
#: language it does not have.
LANGS: tuple[str, ...] = ("en", "de")
#: A placeholder in a text: ``{name}``, a name of letters, digits and underscores.
PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: The environment variable that picks the language of messages and of the ``kg`` command's
#: help (:func:`user_lang`).
LANG_VARIABLE = "KG_LANG"


class MissingMessage(KeyError):
    """A key the catalogue does not have, or a placeholder of a text given no value.

    >>> message("no.such.key")
    Traceback (most recent call last):
    ...
    graph.messages.MissingMessage: 'no message no.such.key in the catalogue (en)'
    """


@cache
def _load(lang: str) -> Mapping[str, str]:
    import json  # here: the catalogue is read when the first message is asked for

    text = resources.files("graph").joinpath("locales", f"{lang}.json").read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"graph/locales/{lang}.json must be one object of texts")
    return MappingProxyType(data)


def _lang(lang: str | None) -> str:
    if lang is None:
        return user_lang()
    return lang if lang in LANGS else LANGS[0]


def user_lang() -> str:
    """The language of ``$KG_LANG`` (``de``, ``en``, or a locale name such as ``de_DE.UTF-8``),
    English when it is unset or names a language the catalogue does not have.

    >>> import os
    >>> os.environ["KG_LANG"] = "de_DE.UTF-8"; user_lang()
    'de'
    >>> os.environ["KG_LANG"] = "fr"; user_lang()
    'en'
    >>> del os.environ["KG_LANG"]; user_lang()
    'en'
    """
    value = os.environ.get(LANG_VARIABLE, "").strip().lower()
    lang = re.split(r"[_.@-]", value, maxsplit=1)[0]
    return lang if lang in LANGS else LANGS[0]


def catalogue(lang: str = "en", prefix: str = "") -> dict[str, str]:
    """The texts of ``lang`` (English for a language the catalogue does not have) whose keys
    start with ``prefix``, by key without it.

    >>> page = catalogue("en", "page.")
    >>> page["chainHead"], "text.inferred" in page
    ('Chain {i} · {k} steps: {path}', False)
    """
    return {key[len(prefix):]: text for key, text in _load(_lang(lang)).items()
            if key.startswith(prefix)}


def message(key: str, /, lang: str | None = None, **params: object) -> str:
    """The text of ``key`` in ``lang`` (English for a language the catalogue does not have; the
    user's, :func:`user_lang`, when None), each ``{name}`` replaced by ``params[name]`` (so no
    placeholder is called ``lang``).

    Raises :class:`MissingMessage` (a ``KeyError``) naming the key when the catalogue does not
    have it, or naming the placeholder when ``params`` lack it.

    >>> message("explain.hops", "de", n=3)
    '3 Schritte'
    >>> message("explain.hop", lang="de", n=1)
    '1 Schritt'
    >>> message("explain.hops", "fr", n=3)
    '3 hops'
    >>> message("explain.hops")
    Traceback (most recent call last):
    ...
    graph.messages.MissingMessage: 'message explain.hops needs a value for {n}'
    """
    lang = _lang(lang)
    try:
        text = _load(lang)[key]
    except KeyError:
        raise MissingMessage(f"no message {key} in the catalogue ({lang})") from None

    def value(m: re.Match[str]) -> str:
        if m.group(1) not in params:
            raise MissingMessage(f"message {key} needs a value for {{{m.group(1)}}}")
        return str(params[m.group(1)])

    return PLACEHOLDER.sub(value, text)


def placeholders(text: str) -> frozenset[str]:
    """The names of the placeholders of ``text``.

    >>> sorted(placeholders("{n} of {N} entities"))
    ['N', 'n']
    """
    return frozenset(PLACEHOLDER.findall(text))
