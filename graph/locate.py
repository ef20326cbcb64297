"""Find the line where a node, or an edge, is written in a Turtle (or TriG) file.

rdflib forgets where triples came from; this module re-reads the text with a small lexer
so that problems can be reported as ``file:line``. A subject is located at the line where
its subject block starts (the subject written at the start of a statement); a node that is
never a subject falls back to the first line where it appears.

>>> idx = index_text('''@prefix ex: <http://example.org/> .
... ex:a a ex:Thing ;
...     ex:knows ex:b .
... ex:b ex:knows
...     ex:c .
... ''')
>>> idx.node_line(URIRef("http://example.org/a")), idx.node_line(URIRef("http://example.org/c"))
(2, 5)
>>> idx.edge_line(*(URIRef("http://example.org/" + n) for n in ("b", "knows", "c")))
4
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

from rdflib import URIRef
from rdflib.namespace import RDF

__all__ = ["LineIndex", "index_file", "index_text", "subject_lines"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>\n]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<at>@[A-Za-z][A-Za-z0-9-]*)
  | (?P<caret>\^\^)
  | (?P<punct>[.;,\[\](){}])
  | (?P<word>(?:\\.|[^\s<>"'{}()\[\];,\#\\^])+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class _Tok(NamedTuple):
    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class LineIndex:
    """Where nodes and edges are written in one file (all lines 1-based)."""

    #: every line where a subject block for the node starts, in file order
    subjects: Mapping[URIRef, tuple[int, ...]] = field(default_factory=dict)
    #: the first subject block of the node that gives it an ``rdf:type``
    typed: Mapping[URIRef, int] = field(default_factory=dict)
    #: (subject, predicate) -> start line of the first subject block using the predicate
    predicates: Mapping[tuple[URIRef, URIRef], int] = field(default_factory=dict)
    #: (subject, predicate, IRI object) -> start line of the subject block holding the triple
    edges: Mapping[tuple[URIRef, URIRef, URIRef], int] = field(default_factory=dict)
    #: the first line where each IRI appears at all
    mentions: Mapping[URIRef, int] = field(default_factory=dict)

    def subject_line(self, node: object) -> int | None:
        """The line of ``node``'s typed subject block, else of its first subject block."""
        if not isinstance(node, URIRef):
            return None
        if node in self.typed:
            return self.typed[node]
        lines = self.subjects.get(node)
        return lines[0] if lines else None

    def node_line(self, node: object) -> int | None:
        """The line declaring ``node`` (see ``subject_line``), else its first mention."""
        line = self.subject_line(node)
        if line is None and isinstance(node, URIRef):
            return self.mentions.get(node)
        return line

    def edge_line(self, s: object, p: object, o: object) -> int | None:
        """The subject block holding ``s p o`` (an IRI object), else the first with ``s p``."""
        key = (s, p, o)
        if key in self.edges:
            return self.edges[key]  # type: ignore[index]
        return self.predicates.get((s, p))  # type: ignore[arg-type]


def _tokens(text: str) -> Iterator[_Tok]:
    line = 1
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup or "other", m.group()
        if kind == "word" and value.endswith(".") and value.rstrip("."):
            stem = value.rstrip(".")
            yield _Tok(kind, stem, line)
            for _ in value[len(stem) :]:
                yield _Tok("punct", ".", line)
        elif kind not in ("ws", "comment"):
            yield _Tok(kind, value, line)
        line += value.count("\n")


class _Reader:
    """A single pass over the token list, filling the maps of a :class:`LineIndex`."""

    def __init__(self, text: str, base: str | None) -> None:
        self.toks = list(_tokens(text))
        self.base = base
        self.prefixes: dict[str, str] = {}
        self.subjects: dict[URIRef, list[int]] = {}
        self.typed: dict[URIRef, int] = {}
        self.predicates: dict[tuple[URIRef, URIRef], int] = {}
        self.edges: dict[tuple[URIRef, URIRef, URIRef], int] = {}
        self.mentions: dict[URIRef, int] = {}

    def term(self, tok: _Tok) -> URIRef | None:
        """Resolve an IRI, prefixed name or ``a`` token; anything else is None."""
        if tok.kind == "iri":
            iri = _UNICODE_ESCAPE.sub(
                lambda m: chr(int(m.group(1) or m.group(2), 16)), tok.text[1:-1]
            )
            return URIRef(urljoin(self.base, iri) if self.base else iri)
        if tok.kind != "word":
            return None
        if tok.text == "a":
            return URIRef(RDF.type)
        prefix, colon, local = tok.text.partition(":")
        if not colon or prefix == "_" or prefix not in self.prefixes:
            return None
        return URIRef(self.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local))

    def mention(self, tok: _Tok) -> URIRef | None:
        node = self.term(tok)
        if node is not None and tok.text != "a":
            self.mentions.setdefault(node, tok.line)
        return node

    def skip_nested(self, i: int) -> int:
        """From an opening ``[`` or ``(``, return the index after its closing partner."""
        depth = 0
        while i < len(self.toks):
            tok = self.toks[i]
            if tok.kind == "punct" and tok.text in "[(":
                depth += 1
            elif tok.kind == "punct" and tok.text in "])":
                depth -= 1
            else:
                self.mention(tok)
            i += 1
            if depth == 0:
                break
        return i

    def after_literal(self, i: int) -> int:
        """Skip a literal's ``@lang`` or ``^^datatype`` suffix starting at ``i``."""
        if i < len(self.toks) and self.toks[i].kind == "at":
            return i + 1
        if i + 1 < len(self.toks) and self.toks[i].kind == "caret":
            self.mention(self.toks[i + 1])
            return i + 2
        return i

    def directive(self, i: int) -> int | None:
        """Read ``@prefix``/``PREFIX``/``@base``/``BASE`` at ``i``; None if not a directive."""
        word = self.toks[i].text.lower().lstrip("@")
        if word not in ("prefix", "base") or self.toks[i].kind not in ("at", "word"):
            return None
        if word == "prefix" and i + 2 < len(self.toks):
            iri = self.term(self.toks[i + 2])
            self.prefixes[self.toks[i + 1].text.rstrip(":")] = str(iri or "")
            i += 3
        elif word == "base" and i + 1 < len(self.toks):
            self.base = str(self.term(self.toks[i + 1]) or self.base)
            i += 2
        if i < len(self.toks) and self.toks[i].text == ".":
            i += 1
        return i

    def statement(self, i: int) -> int:
        """Read one ``subject predicate object ...`` statement starting at ``i``."""
        first = self.toks[i]
        if first.kind == "punct" and first.text in "[(":
            subject, i = None, self.skip_nested(i)
        else:
            subject, i = self.mention(first), i + 1
            if subject is not None:
                self.subjects.setdefault(subject, []).append(first.line)
        line = first.line
        predicate: URIRef | None = None
        expect = "predicate"
        while i < len(self.toks):
            tok = self.toks[i]
            if tok.kind == "punct" and tok.text in ".}":
                return i + (tok.text == ".")
            if tok.kind == "punct" and tok.text in ";,":
                expect = "predicate" if tok.text == ";" else "object"
                i += 1
            elif tok.kind == "punct" and tok.text in "[(":
                i = self.skip_nested(i)
            elif expect == "predicate":
                predicate, expect, i = self.mention(tok), "object", i + 1
                if subject is not None and predicate is not None:
                    self.predicates.setdefault((subject, predicate), line)
                    if predicate == RDF.type:
                        self.typed.setdefault(subject, line)
            elif tok.kind == "string":
                i = self.after_literal(i + 1)
            else:
                obj, i = self.mention(tok), i + 1
                if subject is not None and predicate is not None and obj is not None:
                    self.edges.setdefault((subject, predicate, obj), line)
        return i

    def read(self) -> LineIndex:
        i = 0
        while i < len(self.toks):
            tok = self.toks[i]
            after_directive = self.directive(i)
            if after_directive is not None:
                i = after_directive
            elif tok.kind == "punct" and tok.text in ".{}":
                i += 1
            elif tok.kind == "word" and tok.text.upper() == "GRAPH":
                i += 2
            elif i + 1 < len(self.toks) and self.toks[i + 1].text == "{":
                self.mention(tok)  # a TriG graph name
                i += 2
            else:
                i = self.statement(i)
        return LineIndex(
            subjects={node: tuple(lines) for node, lines in self.subjects.items()},
            typed=self.typed,
            predicates=self.predicates,
            edges=self.edges,
            mentions=self.mentions,
        )


def index_text(text: str, base: str | None = None) -> LineIndex:
    """Index Turtle or TriG ``text``; relative IRIs resolve against ``base``."""
    return _Reader(text, base).read()


def index_file(path: Path | str) -> LineIndex:
    """Index a Turtle or TriG file (relative IRIs resolve as rdflib resolves them).

    Other formats give an empty index. The file must be readable UTF-8 (parse it first
    with :func:`graph.rdfio.parse_file` to get a clean error).

    >>> from graph.paths import sentences_file
    >>> from graph.namespaces import SENTENCE
    >>> index_file(sentences_file()).node_line(SENTENCE["08"]) > 1
    True
    """
    path = Path(path)
    if path.suffix.lower() not in (".ttl", ".turtle", ".trig"):
        return LineIndex()
    text = path.read_text(encoding="utf-8-sig")
    return index_text(text, base=path.resolve().as_uri())


def subject_lines(path: Path | str) -> dict[URIRef, int]:
    """Map each node of a Turtle file to the line where it is declared (see ``node_line``).

    >>> from graph.paths import vocab_file
    >>> from graph.namespaces import KG
    >>> lines = subject_lines(vocab_file())
    >>> lines[KG.Person] < lines[KG.Sentence]
    True
    """
    idx = index_file(path)
    return {node: line for node in idx.mentions if (line := idx.node_line(node)) is not None}
