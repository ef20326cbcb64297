"""SPARQL errors and warnings a person can read: where, what was found, what was expected.

Oxigraph's parser reports a syntax error as the furthest place it reached and every token its
grammar would have taken there, Unicode ranges included. :func:`syntax_error` turns that into
one line: the line and column, the token found there (or the end of the query), and what was
expected, in words (a variable, an IRI, a literal ...) and capped; a prefix no declaration
binds is named with the prefixes that are known. :func:`unknown_terms` finds the ``rel:`` and
``kg:`` terms of a query that the graph does not know, each with the closest known terms: a
warning, since such a query is valid SPARQL and simply matches nothing.

>>> err = syntax_error("SELECT ?x WHERE { ?x rel:foo ",
...                    SyntaxError('error at 1:30: expected one of "$", "<", "?", "_:", "true"'),
...                    {"rel": "http://r/"})
>>> print(err)
SPARQL syntax error at line 1, column 30, at the end of the query: expected a variable, an IRI, a blank node or a literal
>>> err.line, err.column, err.found
(1, 30, '')
>>> print(syntax_error("SELECT ?x { ?x foo:bar ?y }",
...                    SyntaxError("error at 1:23: expected one of Prefix not found, [':']"),
...                    {"rel": "http://r/", "kg": "http://k/", "fo": "http://f/"}))
SPARQL syntax error at line 1, column 16: unknown prefix foo: in foo:bar (declare it with PREFIX foo: <…>, or use one of fo:)
>>> unknown_terms("SELECT * { ?a rel:exiledWithh ?b ; kg:quote ?q }",
...               {"rel": ["exiledWith", "memberOf"], "kg": ["quote"]})
['rel:exiledWithh matches nothing in the graph; did you mean rel:exiledWith?']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import QueryError
from .messages import message
from .names import close
from .namespaces import PREFIXES
from .sparql_lexer import head, lex

__all__ = ["MAX_EXPECTED", "SparqlSyntaxError", "syntax_error", "unknown_terms"]

#: How many kinds of expected token a syntax error names at most.
MAX_EXPECTED = 8

_WHERE = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
# A quoted token of the parser's list ("$", "<<("), a character class ([...]), or a bare word.
_ITEM = re.compile(r'"((?:[^"\\]|\\.)*)"|(\[(?:[^\]\\]|\\.|\](?=\s*\|))*\])|([A-Za-z][\w ]*)')
# What a token of the parser's list tells a person: the kind of term it starts.
_KINDS = {
    "$": "variable", "?": "variable", "<": "iri", "_:": "bnode", "[": "bnode",
    "'": "literal", "'''": "literal", '"': "literal", '"""': "literal", "true": "literal",
    "false": "literal", ":": "pname", "<<": None, "<<(": None, "{|": None, "~": None,
}


class SparqlSyntaxError(QueryError):
    """A query SPARQL cannot read: ``line`` and ``column`` (1-based), the text ``found`` there
    (``""`` at the end of the query) and the ``expected`` tokens, in words."""

    def __init__(self, text: str, *, line: int, column: int, found: str,
                 expected: list[str]) -> None:
        super().__init__(text)
        self.line = line
        self.column = column
        self.found = found
        self.expected = expected


def syntax_error(query: str, exc: SyntaxError, prefixes: Mapping[str, str],
                 lang: str = "en") -> QueryError:
    """The readable form of the parser's ``exc`` for ``query`` (``prefixes``: those the query
    may use without declaring them). An error the parser does not locate keeps its text."""
    m = _WHERE.match(str(exc))
    if not m:
        return QueryError(message("sparql.syntax", lang, where="", what=str(exc).split("\n")[0]))
    line, column, listed = int(m[1]), int(m[2]), m[3]
    if "Prefix not found" in listed and (unknown := _unknown_prefix(query, prefixes, line, column)):
        return unknown
    offset = _offset(query, line, column)
    token = _token_at(query, offset)
    expected = _expected(listed, lang)
    where = message("sparql.at", lang, line=line, column=column)
    found = (message("sparql.foundEnd", lang) if not token
             else message("sparql.found", lang, token=token))
    what = message("sparql.expected", lang, tokens=_or(expected, lang)) if expected else ""
    text = message("sparql.syntax", lang, where=f"{where}, {found}", what=what)
    return SparqlSyntaxError(text.rstrip(": "), line=line, column=column, found=token,
                             expected=expected)


def _offset(query: str, line: int, column: int) -> int:
    lines = query.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _token_at(query: str, offset: int) -> str:
    """The token that covers ``offset``, or the first after it (whitespace skipped)."""
    for t in lex(query):
        if t.start + len(t.text) > offset and t.kind not in ("ws", "comment"):
            return t.text[:30] + ("…" if len(t.text) > 30 else "")
    return ""


def _expected(listed: str, lang: str) -> list[str]:
    """The parser's list in words: kinds of term once each, then punctuation and keywords."""
    kinds: list[str] = []
    tokens: list[str] = []
    for m in _ITEM.finditer(listed):
        quoted, chars, word = m.groups()
        if chars is not None:  # a character class: the rest of a name or a number
            kind = "number" if chars.startswith("['0'") else None
            if chars.startswith("['A'"):
                kind = "pname"
        elif word is not None:
            word = word.strip()
            kind = None if word == "Prefix not found" else "keyword"
            if kind == "keyword" and word not in tokens:
                tokens.append(word)
            continue
        else:
            text = quoted.replace('\\"', '"').replace("\\\\", "\\")
            kind = _KINDS.get(text, "token")
            if kind == "token" and text not in tokens:
                tokens.append(text if text.isalpha() else f"'{text}'")
            if kind == "token":
                continue
        if kind and kind not in kinds:
            kinds.append(kind)
    words = [_kind_words(lang)[k] for k in kinds]
    out = words + tokens
    if len(out) > MAX_EXPECTED:
        out = [*out[:MAX_EXPECTED - 1], message("sparql.more", lang, n=len(out) - MAX_EXPECTED + 1)]
    return out


def _kind_words(lang: str) -> dict[str, str]:
    return {
        "variable": message("sparql.kind.variable", lang), "iri": message("sparql.kind.iri", lang),
        "bnode": message("sparql.kind.bnode", lang), "literal": message("sparql.kind.literal", lang),
        "number": message("sparql.kind.number", lang), "pname": message("sparql.kind.pname", lang),
    }


def _or(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return message("sparql.or", lang, items=", ".join(items[:-1]), last=items[-1])


def _unknown_prefix(query: str, prefixes: Mapping[str, str], line: int,
                    column: int) -> QueryError | None:
    """The error for the first prefixed name whose prefix nothing declares, if there is one."""
    known = {**prefixes, **head(query).prefixes}
    for t in lex(query):
        if t.kind == "pname" and (prefix := t.text.split(":", 1)[0]) not in known:
            before = query[:t.start]
            at_line = before.count("\n") + 1
            at_column = t.start - (before.rfind("\n") + 1) + 1
            hint = close(prefix, list(known), n=3) or sorted(known)
            text = message(
                "sparql.unknownPrefix", where=message("sparql.at", line=at_line, column=at_column),
                prefix=f"{prefix}:", name=t.text,
                known=", ".join(f"{p}:" for p in sorted(hint)),
            )
            return SparqlSyntaxError(text, line=at_line, column=at_column, found=t.text,
                                     expected=[])
    return None


def unknown_terms(query: str, known: Mapping[str, Iterable[str]], lang: str = "en") -> list[str]:
    """A warning for each term of ``query`` in one of ``known``'s prefixes (e.g. ``rel``,
    ``kg``) whose local name is not among that prefix's known names, naming the closest ones.
    A prefix the query declares for another namespace than the project's is the query's own,
    and is not checked."""
    own = head(query).prefixes
    warnings: list[str] = []
    names = {p: set(v) for p, v in known.items() if own.get(p, PREFIXES.get(p)) == PREFIXES.get(p)}
    for t in lex(query):
        if t.kind != "pname":
            continue
        prefix, _, local = t.text.partition(":")
        if prefix in names and local and local not in names[prefix]:
            near = close(local, names[prefix], n=3)
            text = (message("sparql.unknownTermNear", lang, term=t.text,
                            near=_or([f"{prefix}:{n}" for n in near], lang))
                    if near else message("sparql.unknownTerm", lang, term=t.text))
            if text not in warnings:
                warnings.append(text)
    return warnings


#: The variable :func:`values_query` puts in place of the parameter it opens.
OPEN = "kgValue"


def values_query(query: str, limit: int = 500) -> str | None:
    """A query for the values of ``?kgValue`` (:data:`OPEN`) that give ``query`` rows: its
    own pattern, projected to that variable (``None`` for a query that is not a plain SELECT).

    >>> print(values_query("SELECT ?a ?b WHERE { ?a <p> ?kgValue } ORDER BY ?a"))
    SELECT DISTINCT ?kgValue WHERE { { SELECT *  WHERE { ?a <p> ?kgValue } ORDER BY ?a } } LIMIT 500
    """
    tokens = list(lex(query))
    words = [i for i, t in enumerate(tokens) if t.kind == "word"]
    if not words or tokens[words[0]].text.upper() != "SELECT":
        return None
    select = words[0]
    end = next((i for i in range(select + 1, len(tokens))
                if tokens[i].text == "{" or tokens[i].text.upper() == "WHERE"), None)
    text = "".join(t.text for t in tokens)
    if end is None or re.search(r"\b(GROUP|HAVING)\b", text, re.IGNORECASE):
        return None
    prologue = "".join(t.text for t in tokens[:select])
    rest = "".join(t.text for t in tokens[end:])
    return (f"{prologue}SELECT DISTINCT ?{OPEN} WHERE {{ {{ SELECT * {rest} }} }} "
            f"LIMIT {limit}")


def nearest(value: object, values: Iterable[object], n: int = 5) -> list[object]:
    """The ``n`` of ``values`` closest to ``value``: by difference for numbers, by spelling
    otherwise (else the first ``n``).

    >>> nearest(99, [1, 2, 25, 24, 3])
    [25, 24, 3, 2, 1]
    >>> nearest("Stallin", ["Lenin", "Stalin", "Trotzki"], 2)
    ['Stalin']
    """
    values = list(values)
    if isinstance(value, (int, float)) and all(isinstance(v, (int, float)) for v in values):
        return sorted(values, key=lambda v: (abs(v - value), v))[:n]  # type: ignore[operator]
    texts = {str(v): v for v in values}
    near = close(str(value), texts, n=n)
    return [texts[t] for t in near] if near else values[:n]
