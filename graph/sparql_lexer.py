"""The one SPARQL lexer: tokens as SPARQL reads them, and the form a query has.

Used by :mod:`graph.sparql` (``$name`` parameters, the query form) and by the server's guard
(:mod:`kgapp.server.guard`: updates, ``SERVICE``, ``FROM``). Strings, IRIs, comments,
variables and prefixed names are whole tokens, so ``"SELECT"`` in a string, ``?select`` or
``ex:select`` are never keywords. Keywords are whole words: ``ASKME {}`` is not ``ASK``.

>>> [(t.kind, t.text) for t in lex("ASK{ $s ex:p 'x' } # done") if t.kind not in ("ws", "comment")]
[('word', 'ASK'), ('other', '{'), ('var', '$s'), ('pname', 'ex:p'), ('string', "'x'"), ('other', '}')]
>>> query_form("PREFIX select: <http://a/select> # the form comes after the prologue\\nask {}")
'ASK'
>>> query_form("ASKME {}")
Traceback (most recent call last):
...
graph.sparql_lexer.NotAQuery: not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'ASKME {}'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from .errors import QueryError

__all__ = [
    "FORMS", "UPDATES", "Head", "NotAQuery", "ReadOnly", "Token", "head", "iri_text",
    "lex", "lexer", "query_form", "with_prologue",
]

#: The query forms, the first keyword of a query after its prologue.
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: The first keywords of SPARQL Update operations.
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# Character classes of the SPARQL 1.1 grammar (section 19.8), and their ASCII part: compiling
# the whole classes takes 25-45 ms, which every command would pay at start-up, while most
# queries and names are ASCII, which the ASCII classes read exactly as the whole ones do.
_ASCII_BASE = "A-Za-z"
_WIDE_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_WIDE_EXTRA = r"\u00b7\u0300-\u036f\u203f-\u2040"  # more name characters (PN_CHARS)
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"
_IRI = rf"<(?:[^<>\"{{}}|^`\\\x00-\x20\x7f]|{_UCHAR})*>"
_SKIP = r"(?:[ \t\r\n]+|\#[^\r\n]*)*"
# One declaration of the prologue: BASE <iri> or PREFIX ns: <iri>.
_DECLARATION = re.compile(
    rf"{_SKIP}(?:BASE{_SKIP}(?P<base>{_IRI})"
    rf"|PREFIX{_SKIP}(?P<ns>[^\s:<>#]*):{_SKIP}(?P<iri>{_IRI}))",  # a bad name: the parser says so
    re.IGNORECASE,
)
# The first keyword after the prologue, as a whole word, and what follows (for messages).
_KEYWORD = re.compile(rf"{_SKIP}(?P<word>[A-Za-z0-9_]*)(?P<next>.{{0,20}})", re.DOTALL)

def _lexer_pattern(base: str, extra: str) -> str:
    """The lexer's pattern with the name-start characters ``base`` and the further name
    characters ``extra`` (besides ``_``, ``-`` and digits)."""
    u = base + "_"
    chars = u + r"\-0-9" + extra
    return rf"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>
        \"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
      | '''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
      | \"(?:[^\"\\\r\n]|{_ECHAR}|{_UCHAR})*\"
      | '(?:[^'\\\r\n]|{_ECHAR}|{_UCHAR})*'
    )
  | (?P<iri>{_IRI})
  | (?P<var>[?$][{u}0-9][{u}0-9{extra}]*)
  | (?P<bnode>_:[{u}0-9](?:[{chars}.]*[{chars}])?)
  | (?P<pname>(?P<prefix>[{base}](?:[{chars}.]*[{chars}])?)?:
        (?P<local>(?:[{u}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?)?)
  | (?P<word>[A-Za-z0-9_]+)
  | (?P<quote>[\"'])
  | (?P<other>.)
    """


_ASCII_LEXER = re.compile(_lexer_pattern(_ASCII_BASE, ""), re.VERBOSE | re.DOTALL)


@functools.cache
def _wide_lexer() -> re.Pattern[str]:
    return re.compile(_lexer_pattern(_WIDE_BASE, _WIDE_EXTRA), re.VERBOSE | re.DOTALL)


def lexer(text: str) -> re.Pattern[str]:
    """The compiled lexer for ``text``: every token kind, in the order they are tried
    (``quote`` is a quote that starts no well-formed string, ``other`` any other single
    character). ASCII text gets the lexer of the grammar's ASCII characters, which reads it
    exactly as the whole grammar does and is compiled at once; other text the whole grammar's,
    compiled when first needed.

    >>> lexer("ex:Stalin").fullmatch("ex:Stalin")["pname"], lexer("ex:Zürich").fullmatch("ex:Zürich")["local"]
    ('ex:Stalin', 'Zürich')
    """
    return _ASCII_LEXER if text.isascii() else _wide_lexer()


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "LEXER":  # the whole grammar's lexer, compiled when first asked for
        return _wide_lexer()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Token(NamedTuple):
    """One token of a query: its kind (``iri``, ``word``, ``pname`` ...), text and offset."""

    kind: str
    text: str
    start: int


class Head(NamedTuple):
    """The prologue of a query and the word after it.

    ``prefixes`` and ``base`` are what the prologue declares; ``keyword`` is the first word
    after it, upper-cased (``""`` when none); ``found`` is the text there, for messages.
    """

    prefixes: dict[str, str]
    base: str | None
    keyword: str
    found: str

    def form(self) -> str:
        """The query form ``keyword`` is; raises :class:`ReadOnly` or :class:`NotAQuery`."""
        if self.keyword in FORMS:
            return self.keyword
        if self.keyword in UPDATES:
            raise ReadOnly(
                f"SPARQL Update ({self.keyword}) is not accepted: this is a read-only graph"
            )
        raise NotAQuery(
            "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, "
            f"found {self.found or 'nothing'!r}"
        )


class ReadOnly(QueryError):
    """The text is a SPARQL Update, and the graph is read-only."""


class NotAQuery(QueryError):
    """The text starts with no query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``)."""


def lex(query: str) -> Iterator[Token]:
    """Every token of ``query``, whitespace and comments included: the texts of the tokens
    put together give ``query`` back.

    >>> "".join(t.text for t in lex("SELECT * { ?s ?p '$x' } # $y"))
    "SELECT * { ?s ?p '$x' } # $y"
    """
    for m in lexer(query).finditer(query):
        kind = m.lastgroup
        if kind in ("prefix", "local"):  # inner groups of pname
            kind = "pname"
        assert kind is not None
        yield Token(kind, m.group(0), m.start())


def head(query: str) -> Head:
    """The prefixes and base a query declares, and the first word after them.

    >>> head("BASE <http://b/> PREFIX ex:<http://e/>#c\\nPREFIX : <http://d/> ask {}")
    Head(prefixes={'ex': 'http://e/', '': 'http://d/'}, base='http://b/', keyword='ASK', found='ask {}')
    """
    declared: dict[str, str] = {}
    base: str | None = None
    at = 0
    for m in _declarations(query):
        if m["base"] is not None:
            base = iri_text(m["base"])
        else:
            declared[m["ns"]] = iri_text(m["iri"])
        at = m.end()
    keyword = _KEYWORD.match(query, at)
    assert keyword is not None  # it matches the empty string
    found = (keyword["word"][:20] + keyword["next"]).split("\n")[0]
    return Head(declared, base, keyword["word"].upper(), found)


def with_prologue(query: str, prefixes: Mapping[str, str]) -> str:
    """``query`` with ``PREFIX`` lines for those of ``prefixes`` it does not declare itself,
    put after its own prologue: a query's own ``BASE`` stays first (Virtuoso refuses a
    ``BASE`` after a ``PREFIX``) and its own prefixes keep their meaning.

    >>> print(with_prologue("BASE <http://b/> PREFIX a: <http://mine/>\\nASK {}",
    ...                     {"a": "http://a/", "c": "http://c/"}))
    BASE <http://b/> PREFIX a: <http://mine/>
    PREFIX c: <http://c/>
    ASK {}
    """
    at = 0
    for m in _declarations(query):
        at = m.end()
    declared = head(query).prefixes
    lines = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if p not in declared)
    if not at:
        return lines + query
    return query[:at] + "\n" + lines + query[at:].lstrip("\r\n")


def _declarations(query: str) -> Iterator[re.Match[str]]:
    """The declarations of the query's prologue (``BASE`` and ``PREFIX``), in order."""
    at = 0
    while m := _DECLARATION.match(query, at):
        yield m
        at = m.end()


def query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first keyword after the prologue.

    Raises :class:`ReadOnly` for an update and :class:`NotAQuery` for anything else (both
    :class:`~graph.errors.QueryError`).

    >>> query_form("PREFIX ex: <http://e/> # a comment\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("INSERT { ?s a ?o } WHERE { SELECT ?s ?o { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.sparql_lexer.ReadOnly: SPARQL Update (INSERT) is not accepted: this is a read-only graph
    """
    return head(query).form()


def iri_text(token: str) -> str:
    """The IRI an ``<...>`` token denotes (``\\u`` escapes decoded).

    >>> iri_text("<http://e/\\\\u00e4>")
    'http://e/ä'
    """
    if "\\" not in token:
        return token[1:-1]
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        token[1:-1],
    )
