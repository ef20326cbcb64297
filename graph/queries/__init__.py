"""Named SPARQL queries: the ``.rq`` files in this folder, by file name.

Each file starts with a comment header::

    # title: Who was in exile with whom
    # description: ...
    # param: person (entity) = person:Stalin -- whose ...

and writes its parameters as ``$name`` in the query. Every query returns one row per statement
(or more), with the statement's ``?basis`` (its ``kg:basis`` IRI: ``kg:Stated``, ``kg:Inferred``,
``kg:Reported``) and ``?attributedTo`` (the claimant of a reported statement, where the text
names one) as its last columns, so ``kg.run(name, basis=["stated"])`` and ``kg query NAME
--stated-only`` keep only what the quoted words state. The same name works from Python
(``kg.run(name, **params)``), the CLI (``kg query NAME --param k=v``) and HTTP
(``/queries/NAME?k=v``).

>>> sorted(q.name for q in all_queries())[:3]
['allies-and-opponents', 'conference-participants', 'criticism']
>>> get("in-sentence").params[0].name
'n'
>>> all("?basis ?attributedTo" in q.text for q in all_queries())
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib.term import Node

from ..errors import QueryError
from ..lookup import close
from ..messages import message
from ..terms import KINDS, Resolver, to_term

__all__ = ["NamedQuery", "Param", "all_queries", "get"]

_PARAM = re.compile(
    rf"^(?P<name>\w+)\s*\((?P<kind>{'|'.join(KINDS)})\)"
    r"(?:\s*=\s*(?P<default>\S+))?\s*(?:--\s*(?P<help>.*))?$"
)


@dataclass(frozen=True)
class Param:
    """One parameter of a named query: its name, kind, default and help text."""

    name: str
    kind: str
    default: str | None = None
    help: str = ""

    def to_term(self, value: Any, kg: Resolver | None) -> Node:
        """The RDF term a user's value (text, number or term) means for this parameter, by its
        kind and the rule of :mod:`graph.terms` (the same from Python, the CLI and HTTP)."""
        return to_term(value, kg, self.kind, param=self.name)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: name, title, description, parameters and SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bind(self, values: Mapping[str, Any], kg: Resolver | None = None) -> dict[str, Node]:
        """Terms for every parameter, from ``values`` or the defaults."""
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise QueryError(
                message("query.noSuchParam", name=repr(self.name), unknown=names,
                        params=", ".join(p.name for p in self.params)) if self.params
                else message("query.takesNoParams", name=repr(self.name), unknown=names))
        out = {}
        for p in self.params:
            value = values.get(p.name, p.default)
            if value is None:
                raise QueryError(message("query.needsValue", name=repr(self.name), param=p.name,
                                         help=p.help, python=f"{{{p.name!r}: ...}}"))
            out[p.name] = p.to_term(value, kg)
        return out


def _parse(name: str, text: str) -> NamedQuery:
    header: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            m = _PARAM.match(value)
            if not m:
                raise QueryError(message("query.malformedParam", name=name, line=repr(value)))
            params.append(Param(m["name"], m["kind"], m["default"], (m["help"] or "").strip()))
        elif key in ("title", "description"):
            header[key] = (header.get(key, "") + " " + value).strip()
    if "title" not in header:
        raise QueryError(message("query.noTitle", name=name))
    return NamedQuery(name, header["title"], header.get("description", ""), tuple(params), text)


@cache
def all_queries() -> tuple[NamedQuery, ...]:
    """Every named query shipped with the package, sorted by name."""
    from importlib import resources  # here: a command that runs no named query does without

    folder = resources.files(__name__)
    found = [
        _parse(f.name[:-3], f.read_text(encoding="utf-8"))
        for f in folder.iterdir()
        if f.name.endswith(".rq")
    ]
    return tuple(sorted(found, key=lambda q: q.name))


def get(name: str) -> NamedQuery:
    """The named query ``name``; raises QueryError listing similar names if there is none."""
    for q in all_queries():
        if q.name == name:
            return q
    names = [q.name for q in all_queries()]
    hint = close(name, names) or names
    raise QueryError(message("query.unknown", name=repr(name), known=", ".join(hint)))


