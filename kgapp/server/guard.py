"""What the server lets run: read-only SPARQL queries that open no connection.

Every query is checked here, before a worker sees it:

* its form is read from the first keyword after the prologue (``SELECT``, ``ASK``,
  ``CONSTRUCT``, ``DESCRIBE``); an update (``INSERT``, ``DELETE``, ``LOAD`` ...) is refused with
  403, anything else with 400;
* ``SERVICE`` is refused with 400: pyoxigraph would fetch the URL, from the server's network;
* ``FROM`` / ``FROM NAMED`` may only name graphs the server holds (else 400). A graph the
  protocol's ``default-graph-uri`` / ``named-graph-uri`` names that the server does not hold is
  an empty graph, as SPARQL's dataset semantics allow (:func:`check_dataset` says which; it is
  never fetched);
* brackets (``{`` ``(`` ``[``) may nest at most :data:`MAX_DEPTH` (50) deep, else 400: Oxigraph
  parses and evaluates recursively, and a few thousand levels overflow a worker's stack.

The scan runs over tokens the way SPARQL reads them: strings, IRIs, comments, variables and
prefixed names are whole tokens, so ``"SERVICE"`` in a string, ``?service`` or ``ex:service``
are not the keyword. Where the grammar is ambiguous the guard errs towards refusing. Oxigraph
parses keywords without word boundaries (``SERVICESILENT<x>{}`` and ``1SERVICE`` are accepted),
so any bare word *containing* ``service`` counts, and so does a prefixed name such as
``SERVICEex:x`` whose prefix ends in a declared prefix (it parses as ``SERVICE ex:x``).

>>> check("SELECT ?service WHERE { ?service rdfs:label 'SERVICE' } # SERVICE")
Checked(form='SELECT', graphs=())
>>> check("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kgapp.server.guard.Refused: SERVICE is not allowed: this server never fetches other endpoints (at line 1)
>>> check("INSERT DATA { <a:b> <a:c> <a:d> }")
Traceback (most recent call last):
...
kgapp.server.guard.Refused: SPARQL Update (INSERT) is not accepted: this is a read-only graph
>>> check("ASK " + "{" * 60 + "}" * 60)
Traceback (most recent call last):
...
kgapp.server.guard.Refused: the query nests brackets 60 deep; this server allows at most 50
>>> check("SELECT * FROM <http://example.org/g> { ?s ?p ?o }", graphs={"http://example.org/g"})
Checked(form='SELECT', graphs=('http://example.org/g',))
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import NamedTuple

import pyoxigraph as ox

from graph.errors import QueryError
from graph.messages import message
from graph.namespaces import PREFIXES
from graph.sparql_lexer import FORMS, LEXER, ReadOnly, Token, head, iri_text, lex, lexer

__all__ = [
    "FORMS", "MAX_DEPTH", "Checked", "Refused", "Token", "check", "check_dataset", "depth",
    "query_form", "tokens", "valid_iri",
]

#: How deep brackets may nest in a query (the bundled queries need 6).
MAX_DEPTH = 50


class Checked(NamedTuple):
    """What :func:`check` learnt: the query's form, and the graphs its FROM clauses name."""

    form: str
    graphs: tuple[str, ...]


class Refused(QueryError):
    """A query the server will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# Everything the lexer reads except the brackets: removing it leaves the brackets that are code.
_NOT_BRACKETS = re.compile(
    LEXER.pattern.replace("(?P<other>.)", r"(?P<other>[^{}()\[\]])"), re.VERBOSE | re.DOTALL
)
assert _NOT_BRACKETS.pattern != LEXER.pattern, "the lexer's last alternative has changed"
_ROUND = str.maketrans("{[}]", "(())")
_RUNS = re.compile(r"\(+|\)+")


def tokens(query: str) -> Iterator[Token]:
    """The tokens of ``query`` that mean something: no whitespace, no comments.

    Raises :class:`Refused` on a quote that starts no well-formed string, and on an ``<...>``
    holding a quote (the parser refuses the first; the second may be ``?a < "..."``): a scanner
    that guessed could lose track of what is code.

    >>> [(t.kind, t.text) for t in tokens("ASK{?s ex:p 'x'} # done")]
    [('word', 'ASK'), ('other', '{'), ('var', '?s'), ('pname', 'ex:p'), ('string', "'x'"), ('other', '}')]
    """
    for tok in lex(query):
        if tok.kind in ("ws", "comment"):
            continue
        if tok.kind == "quote":
            raise Refused(message("server.guard.badString", line=_line(query, tok.start)))
        if tok.kind == "iri" and "'" in tok.text:
            # `?a<'>'` is `?a < ">"` to the parser: such a "<...>" may hide the start of a string.
            raise Refused(message("server.guard.quoteInIri", line=_line(query, tok.start)))
        yield tok


def check(
    query: str,
    *,
    graphs: Collection[str] = (),
    prefixes: Mapping[str, str] = PREFIXES,
    max_depth: int = MAX_DEPTH,
) -> Checked:
    """The form of a query the server may run (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``)
    and the graphs its ``FROM`` / ``FROM NAMED`` clauses name.

    ``graphs`` are the named graphs the server holds (the only ones ``FROM`` may name);
    ``prefixes`` are the prefixes the server declares for every query; ``max_depth`` is how
    deep brackets may nest. Raises :class:`Refused` (status 403 for an update, 400 otherwise)
    for anything else.
    """
    declared, base, form = _prologue(query)
    deepest = depth(query) if sum(map(query.count, "{([")) > max_depth else 0
    if deepest > max_depth:
        raise Refused(message("server.guard.tooDeep", depth=deepest, most=max_depth))
    named: list[str] = []
    low = query.lower()
    if "service" not in low and "from" not in low:
        return Checked(form, ())  # no SPARQL keyword can spell either (no escapes outside strings)
    if not _keyword_in_code(query):  # only in strings, IRIs, comments, variables: skip the rest
        return Checked(form, ())
    known = {**prefixes, **declared}
    toks = list(tokens(query))
    for i, tok in enumerate(toks):
        if tok.kind == "word":
            word = tok.text.lower()
            if "service" in word:
                raise _service(query, tok)
            if "from" in word:
                named.append(_check_from(toks, i, query, known, base, graphs))
        elif tok.kind == "pname" and ("service" in tok.text.lower() or "from" in tok.text.lower()):
            prefix = tok.text.partition(":")[0]
            if _glued(prefix, "service", known):
                raise _service(query, tok)
            if _glued(prefix, "from", known):
                raise Refused(message("server.guard.fromIn", token=repr(tok.text)))
    return Checked(form, tuple(named))


def depth(query: str) -> int:
    """How deep the brackets of ``query`` nest, those in strings, IRIs and comments left out.

    >>> depth("SELECT * { ?s ?p '{{{' FILTER((1)) } # ((((")
    3
    """
    brackets = _NOT_BRACKETS.sub("", query).translate(_ROUND)
    deepest = level = 0
    for run in _RUNS.finditer(brackets):  # runs of opening, then closing brackets
        if run[0][0] == "(":
            level += len(run[0])
            deepest = max(deepest, level)
        else:
            level = max(0, level - len(run[0]))
    return deepest


def _keyword_in_code(query: str) -> bool:
    """Whether a word or prefixed name of ``query`` holds ``service`` or ``from``, or ``query``
    has a token :func:`tokens` refuses: a lean pass over the same tokens, three times faster,
    after which a large query that only *mentions* the words needs no closer look.

    >>> _keyword_in_code("SELECT ?from { ?s ?p 'SERVICE' } # FROM"), _keyword_in_code("ASK{ex:from}")
    (False, True)
    """
    for m in lexer(query).finditer(query):
        kind = m.lastgroup
        if kind in ("word", "pname", "prefix", "local"):
            low = m.group(0).lower()
            if "service" in low or "from" in low:
                return True
        elif kind == "quote" or (kind == "iri" and "'" in m.group(0)):
            return True  # the closer look says what is wrong, and where
    return False


def _glued(prefix: str, keyword: str, known: Mapping[str, str]) -> bool:
    """Whether a prefixed name can parse as ``keyword`` then another prefixed name.

    Oxigraph reads ``SERVICEex:x`` as ``SERVICE ex:x`` when ``ex:`` is declared, and
    ``service:x`` as ``SERVICE :x`` when the empty prefix is.

    >>> _glued("SERVICEex", "service", {"ex": "http://e/"}), _glued("service", "service", {})
    (True, False)
    """
    low = prefix.lower()
    at = low.find(keyword)
    while at >= 0:
        if prefix[at + len(keyword):] in known:
            return True
        at = low.find(keyword, at + 1)
    return False


def query_form(query: str) -> str:
    """The form of ``query`` from its first keyword (a whole word: ``ASKME`` is no ``ASK``): the cheap part of :func:`check`, reading
    only the prologue. Raises :class:`Refused` for an update (403) or no query (400).

    >>> query_form("PREFIX ex: <http://e/> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return _prologue(query)[2]


def check_dataset(iris: Iterable[str], graphs: Collection[str]) -> list[str]:
    """The graph IRIs of a protocol dataset (``default-graph-uri`` / ``named-graph-uri``) that
    the server does not hold, each once: the query sees them as empty graphs.

    Raises :class:`Refused` for a value that is no absolute IRI.

    >>> check_dataset(["http://example.org/g", "http://example.org/elsewhere"], graphs={"http://example.org/g"})
    ['http://example.org/elsewhere']
    >>> check_dataset(["data1.rdf"], graphs=())
    Traceback (most recent call last):
    ...
    kgapp.server.guard.Refused: a dataset graph is named by an absolute IRI, not 'data1.rdf'
    """
    unknown: list[str] = []
    for iri in iris:
        if not valid_iri(iri):
            raise Refused(message("server.guard.graphIri", iri=repr(iri)))
        if iri not in graphs and iri not in unknown:
            unknown.append(iri)
    return unknown


def valid_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI (as Oxigraph reads one).

    >>> valid_iri("http://example.org/g"), valid_iri("g"), valid_iri("http://a b/")
    (True, False, False)
    """
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _prologue(query: str) -> tuple[dict[str, str], str | None, str]:
    """The prefixes and base a query declares, and its form (the first keyword after them).

    >>> _prologue("BASE <http://b/> PREFIX ex:<http://e/>#c\\nPREFIX : <http://d/> ask {}")
    ({'ex': 'http://e/', '': 'http://d/'}, 'http://b/', 'ASK')
    """
    first = head(query)
    try:
        return first.prefixes, first.base, first.form()
    except ReadOnly as exc:
        raise Refused(str(exc), 403) from None
    except QueryError as exc:
        raise Refused(str(exc)) from None


def _check_from(
    toks: list[Token], i: int, query: str, known: Mapping[str, str], base: str | None,
    graphs: Collection[str],
) -> str:
    """The graph ``FROM [NAMED] <iri>`` at ``toks[i]`` names; refused unless the server holds it."""
    word = toks[i].text.lower()
    j = i + 1
    if word == "from" and j < len(toks) and toks[j].kind == "word" and toks[j].text.lower() == "named":
        j += 1
    elif word not in ("from", "fromnamed"):
        raise Refused(message("server.guard.keyword", word=repr(toks[i].text),
                              line=_line(query, toks[i].start)))
    target = toks[j] if j < len(toks) else None
    iri: str | None = None
    if target is not None and target.kind == "iri":
        iri = iri_text(target.text)
        if base is not None:
            iri = urllib.parse.urljoin(base, iri)
    elif target is not None and target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        if prefix in known:
            iri = known[prefix] + re.sub(r"\\(.)", r"\1", local)
    if iri is None:
        raise Refused(message("server.guard.fromAt", line=_line(query, toks[i].start)))
    if iri not in graphs:
        held = ", ".join(f"<{g}>" for g in sorted(graphs)) or message("server.guard.noGraphs")
        raise Refused(message("server.guard.noSuchGraph", iri=iri, held=held))
    return iri


def _service(query: str, tok: Token) -> Refused:
    return Refused(message("server.guard.service", line=_line(query, tok.start)))


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
