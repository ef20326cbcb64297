"""Find the line where a node, or an edge, is written in a Turtle, TriG, N-Triples or N-Quads file
(the line formats are written with Turtle's tokens, a statement to a line).

rdflib forgets where triples came from; this module re-reads the text with a small lexer
so that problems can be reported as ``file:line``. A subject is located at the line where
its subject block starts (the subject written at the start of a statement); a node that is
never a subject falls back to the first line where it appears. :class:`Locator` looks across
several files (the checked ones before the background), indexing each only when needed.

The lexer makes one pass over the bytes of the file (memory-mapped, so a 100 MB file is not
copied into Python objects) and keeps only a few tokens of look-ahead. Given ``only``, the
index records just the lines of those nodes (and of the edges leaving them), so that
locating a handful of problems in a big file stays cheap in memory.

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
>>> only_b = index_text('@prefix ex: <http://example.org/> .\\nex:a ex:p ex:b .\\nex:b ex:p ex:a .',
...                     only=[URIRef("http://example.org/b")])
>>> [str(node) for node in only_b.subjects], only_b.node_line(URIRef("http://example.org/b"))
(['http://example.org/b'], 3)
"""

from __future__ import annotations

import mmap
import re
from collections import deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

from rdflib import BNode, URIRef
from rdflib.namespace import RDF

__all__ = ["Anchor", "LineIndex", "Locator", "index_file", "index_text", "subject_lines"]

#: Where to look for something: a node ``(node,)`` or an edge ``(subject, predicate, object)``.
Anchor = tuple[object, ...]

# One significant token per match; whitespace and comments before it are skipped in the same
# match. The token group is optional so that trailing whitespace ends the scan in one match.
_TOKEN = re.compile(
    rb"""
    (?:\s+|\#[^\n]*)*
    (?:
      (?P<iri><[^<>\n]*>)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<at>@[A-Za-z][A-Za-z0-9-]*)
    | (?P<caret>\^\^)
    | (?P<punct>[.;,\[\](){}])
    | (?P<word>(?:\\.|[^\s<>"'{}()\[\];,\#\\^])+)
    | (?P<other>.)
    )?
    """,
    re.VERBOSE | re.DOTALL,
)
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BOM = b"\xef\xbb\xbf"
_LONE_CR = re.compile(rb"\r(?!\n)")
_RDF_TYPE = str(RDF.type)


class _Tok(NamedTuple):
    kind: str
    text: str  # empty for string literals: their content is never needed
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
    #: (subject, predicate, "literal" or "node") -> start line of the first subject block where
    #: the predicate has a literal, or a blank node or list (``[ ... ]``, ``( ... )``), as object
    values: Mapping[tuple[URIRef, URIRef, str], int] = field(default_factory=dict)
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
        """The subject block holding ``s p o`` (an IRI object); for a literal or blank-node
        object, the first block where ``s p`` has an object of that kind (the index keeps no
        literal's text); else the first block with ``s p``."""
        key = (s, p, o)
        if key in self.edges:
            return self.edges[key]  # type: ignore[index]
        if not isinstance(o, URIRef):
            kind = "node" if isinstance(o, BNode) else "literal"
            line = self.values.get((s, p, kind))  # type: ignore[arg-type]
            if line is not None:
                return line
        return self.predicates.get((s, p))  # type: ignore[arg-type]


def _tokens(data: bytes | mmap.mmap, start: int = 0) -> Iterator[_Tok]:
    """The significant tokens of Turtle/TriG ``data`` (UTF-8 bytes), with their lines."""
    line = 1
    for m in _TOKEN.finditer(data, start):
        kind = m.lastgroup
        if kind is None:
            continue  # whitespace or comments at the end
        whole = m.group()
        if kind == "string":
            begin = m.start(kind) - m.start()
            at = line + whole.count(b"\n", 0, begin)
            line = at + whole.count(b"\n", begin)
            yield _Tok(kind, "", at)
            continue
        at = line = line + whole.count(b"\n")  # only strings hold newlines (in valid Turtle)
        value = m.group(kind).decode("utf-8", "replace")
        if kind == "word" and value.endswith(".") and value.rstrip("."):
            stem = value.rstrip(".")
            yield _Tok(kind, stem, at)
            for _ in value[len(stem) :]:
                yield _Tok("punct", ".", at)
        else:
            yield _Tok(kind, value, at)


class _Stream:
    """A token iterator with look-ahead: ``peek(k)`` sees k tokens ahead without consuming."""

    def __init__(self, tokens: Iterator[_Tok]) -> None:
        self._tokens = tokens
        self._ahead: deque[_Tok] = deque()

    def peek(self, k: int = 0) -> _Tok | None:
        while len(self._ahead) <= k:
            tok = next(self._tokens, None)
            if tok is None:
                return None
            self._ahead.append(tok)
        return self._ahead[k]

    def take(self) -> _Tok | None:
        tok = self.peek()
        if tok is not None:
            self._ahead.popleft()
        return tok


def _is_punct(tok: _Tok | None, chars: str) -> bool:
    return tok is not None and tok.kind == "punct" and tok.text in chars


class _Reader:
    """A single pass over the tokens, filling the maps of a :class:`LineIndex`.

    Nodes are kept as plain strings while reading (cheaper than ``URIRef``), and only those
    in ``only`` (all when None) are recorded.
    """

    def __init__(self, tokens: Iterator[_Tok], base: str | None, only: set[str] | None) -> None:
        self.toks = _Stream(tokens)
        self.base = base
        self.only = only
        self.prefixes: dict[str, str] = {}
        self.subjects: dict[str, list[int]] = {}
        self.typed: dict[str, int] = {}
        self.predicates: dict[tuple[str, str], int] = {}
        self.edges: dict[tuple[str, str, str], int] = {}
        self.values: dict[tuple[str, str, str], int] = {}
        self.mentions: dict[str, int] = {}

    def wanted(self, node: str | None) -> bool:
        return node is not None and (self.only is None or node in self.only)

    def resolve(self, iri: str) -> str:
        """Resolve ``iri`` against the base, as ``urljoin`` does (skipped when it cannot change)."""
        if not self.base:
            return iri
        scheme = _SCHEME.match(iri)
        if scheme and not self.base.lower().startswith(scheme.group(1).lower() + ":"):
            return iri  # another scheme: urljoin returns it unchanged
        return urljoin(self.base, iri)

    def term(self, tok: _Tok | None) -> str | None:
        """Resolve an IRI, prefixed name or ``a`` token; anything else is None."""
        if tok is None:
            return None
        if tok.kind == "iri":
            iri = tok.text[1:-1]
            if "\\" in iri:
                iri = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)
            return self.resolve(iri)
        if tok.kind != "word":
            return None
        if tok.text == "a":
            return _RDF_TYPE
        prefix, colon, local = tok.text.partition(":")
        if not colon or prefix == "_" or prefix not in self.prefixes:
            return None
        return self.prefixes[prefix] + (_LOCAL_ESCAPE.sub(r"\1", local) if "\\" in local else local)

    def mention(self, tok: _Tok) -> str | None:
        node = self.term(tok)
        if self.wanted(node) and tok.text != "a" and node not in self.mentions:
            self.mentions[node] = tok.line  # type: ignore[index]
        return node

    def skip_nested(self) -> None:
        """From an opening ``[`` or ``(``, consume up to and including its closing partner."""
        depth = 0
        while (tok := self.toks.take()) is not None:
            if _is_punct(tok, "[("):
                depth += 1
            elif _is_punct(tok, "])"):
                depth -= 1
            else:
                self.mention(tok)
            if depth == 0:
                return

    def after_literal(self) -> None:
        """Consume a literal's ``@lang`` or ``^^datatype`` suffix, if any."""
        tok = self.toks.peek()
        if tok is not None and tok.kind == "at":
            self.toks.take()
        elif tok is not None and tok.kind == "caret" and self.toks.peek(1) is not None:
            self.toks.take()
            self.mention(self.toks.take())  # type: ignore[arg-type]

    def directive(self) -> bool:
        """Read ``@prefix``/``PREFIX``/``@base``/``BASE`` if one starts here."""
        tok = self.toks.peek()
        assert tok is not None
        word = tok.text.lower().lstrip("@")
        if word not in ("prefix", "base") or tok.kind not in ("at", "word"):
            return False
        if word == "prefix" and self.toks.peek(2) is not None:
            self.toks.take()
            name = self.toks.take()
            iri = self.term(self.toks.take())
            assert name is not None
            self.prefixes[name.text.rstrip(":")] = iri or ""
        elif word == "base" and self.toks.peek(1) is not None:
            self.toks.take()
            self.base = self.term(self.toks.take()) or self.base
        else:
            self.toks.take()  # a directive cut short at the end of the file
        if _is_punct(self.toks.peek(), "."):
            self.toks.take()
        return True

    def record_subject(self, subject: str | None, line: int) -> None:
        if self.wanted(subject):
            self.subjects.setdefault(subject, []).append(line)  # type: ignore[arg-type]

    def record_predicate(self, subject: str | None, predicate: str | None, line: int) -> None:
        if self.wanted(subject) and predicate is not None:
            self.predicates.setdefault((subject, predicate), line)  # type: ignore[arg-type]
            if predicate == _RDF_TYPE:
                self.typed.setdefault(subject, line)  # type: ignore[arg-type]

    def record_value(self, subject: str | None, predicate: str | None, kind: str,
                     line: int) -> None:
        """``subject predicate`` has an object of ``kind`` (``literal`` or ``node``) here."""
        if self.wanted(subject) and predicate is not None:
            self.values.setdefault((subject, predicate, kind), line)  # type: ignore[arg-type]

    def statement(self) -> None:
        """Read one ``subject predicate object ...`` statement."""
        first = self.toks.peek()
        assert first is not None
        subject: str | None = None
        if _is_punct(first, "[("):
            self.skip_nested()
        else:
            self.toks.take()
            subject = self.mention(first)
            self.record_subject(subject, first.line)
        line = first.line
        predicate: str | None = None
        expect = "predicate"
        while (tok := self.toks.peek()) is not None:
            if _is_punct(tok, ".}"):
                if tok.text == ".":
                    self.toks.take()
                return
            if _is_punct(tok, ";,"):
                expect = "predicate" if tok.text == ";" else "object"
                self.toks.take()
            elif _is_punct(tok, "[("):
                if expect == "object":
                    self.record_value(subject, predicate, "node", line)
                self.skip_nested()
            elif expect == "predicate":
                self.toks.take()
                predicate, expect = self.mention(tok), "object"
                self.record_predicate(subject, predicate, line)
            elif tok.kind == "string":
                self.toks.take()
                self.record_value(subject, predicate, "literal", line)
                self.after_literal()
            else:
                self.toks.take()
                obj = self.mention(tok)
                if obj is None and tok.kind == "word" and not tok.text.startswith("_:"):
                    self.record_value(subject, predicate, "literal", line)  # 1924, true ...
                elif obj is None and tok.kind == "word":
                    self.record_value(subject, predicate, "node", line)  # _:label
                elif self.wanted(subject) and predicate is not None and obj is not None:
                    self.edges.setdefault((subject, predicate, obj), line)  # type: ignore[arg-type]

    def read(self) -> LineIndex:
        while (tok := self.toks.peek()) is not None:
            if self.directive():
                continue
            if _is_punct(tok, ".{}"):
                self.toks.take()
            elif tok.kind == "word" and tok.text.upper() == "GRAPH":
                self.toks.take()
                self.toks.take()
            elif (after := self.toks.peek(1)) is not None and after.text == "{":
                self.mention(tok)  # a TriG graph name
                self.toks.take()
                self.toks.take()
            else:
                self.statement()
        return self.index()

    def index(self) -> LineIndex:
        """The recorded lines, keyed by ``URIRef``."""
        return LineIndex(
            subjects={URIRef(n): tuple(lines) for n, lines in self.subjects.items()},
            typed={URIRef(n): line for n, line in self.typed.items()},
            predicates={(URIRef(s), URIRef(p)): ln for (s, p), ln in self.predicates.items()},
            edges={
                (URIRef(s), URIRef(p), URIRef(o)): ln for (s, p, o), ln in self.edges.items()
            },
            values={(URIRef(s), URIRef(p), k): ln for (s, p, k), ln in self.values.items()},
            mentions={URIRef(n): line for n, line in self.mentions.items()},
        )


def _only(nodes: Collection[object] | None) -> set[str] | None:
    return None if nodes is None else {str(n) for n in nodes if isinstance(n, URIRef)}


def index_text(
    text: str, base: str | None = None, *, only: Collection[object] | None = None
) -> LineIndex:
    """Index Turtle or TriG ``text``; relative IRIs resolve against ``base``.

    With ``only``, just those nodes (and the edges they are the subject of) are recorded.
    """
    return _Reader(_tokens(text.encode("utf-8")), base, _only(only)).read()


def index_file(path: Path | str, *, only: Collection[object] | None = None) -> LineIndex:
    """Index a Turtle, TriG, N-Triples or N-Quads file (relative IRIs resolve as rdflib resolves
    them).

    Other formats give an empty index. The file must be readable UTF-8 (parse it first
    with :func:`graph.rdfio.parse_file` to get a clean error). With ``only``, just those
    nodes (and the edges they are the subject of) are recorded.

    >>> from graph.paths import sentences_file
    >>> from graph.namespaces import SENTENCE
    >>> index_file(sentences_file()).node_line(SENTENCE["08"]) > 1
    True
    """
    path = Path(path)
    if path.suffix.lower() not in (".ttl", ".turtle", ".trig", ".nt", ".ntriples", ".nq", ".nquads"):
        return LineIndex()
    base = path.resolve().as_uri()
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return LineIndex()
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if _LONE_CR.search(data):  # old Mac line ends: count them as Python's text mode does
                return index_text(path.read_text(encoding="utf-8-sig"), base, only=only)
            start = len(_BOM) if data[: len(_BOM)] == _BOM else 0
            return _Reader(_tokens(data, start), base, _only(only)).read()


def subject_lines(path: Path | str) -> dict[URIRef, int]:
    """Map each node of a Turtle file to the line where it is declared (see ``node_line``).

    >>> from graph.paths import vocab_file
    >>> from graph.namespaces import KG
    >>> lines = subject_lines(vocab_file())
    >>> lines[KG.Person] < lines[KG.Sentence]
    True
    """
    idx = index_file(path)
    return {node: line for node, line in ((n, idx.node_line(n)) for n in idx.mentions)
            if line is not None}


class Locator:
    """Finds the file and line of nodes and edges in several files, the first files first.

    Each file is indexed when a lookup first needs it, and only for the ``wanted`` nodes
    (the first node of each anchor that will be looked up).

    >>> from graph.paths import sentences_file, vocab_file
    >>> from graph.namespaces import KG, SENTENCE
    >>> files = [("sentences.ttl", sentences_file()), ("vocab.ttl", vocab_file())]
    >>> where = Locator(files, wanted=[SENTENCE["08"], KG.Person])
    >>> where.locate([(SENTENCE["08"],)]) == ("sentences.ttl", index_file(files[0][1]).node_line(SENTENCE["08"]))
    True
    >>> where.locate([(URIRef("urn:x:nowhere"),), (KG.Person,)])[0]
    'vocab.ttl'
    """

    def __init__(self, files: Sequence[tuple[str, Path]], wanted: Collection[object]) -> None:
        self.files = list(files)
        self._wanted = set(wanted)
        self._indexes: dict[Path, LineIndex] = {}

    def _index(self, path: Path) -> LineIndex:
        if path not in self._indexes:
            self._indexes[path] = index_file(path, only=self._wanted)
        return self._indexes[path]

    def locate(
        self, anchors: Sequence[Anchor], *, earliest: bool = False
    ) -> tuple[str, int | None]:
        """The (file name, line) of the first anchor found; the first file's name and None
        when none is. With ``earliest``, the earliest of all anchors found (by file order,
        then line) instead."""
        if earliest:
            order = {name: i for i, (name, _) in enumerate(self.files)}
            found = [self._find((anchor,)) for anchor in anchors]
            located = [f for f in found if f[1] is not None]
            if located:
                return min(located, key=lambda f: (order[f[0]], f[1] or 0))
        return self._find(anchors)

    def _find(self, anchors: Sequence[Anchor]) -> tuple[str, int | None]:
        for anchor in anchors:
            # an edge by its subject block; a node by its own block, else by a mention
            for kind in ("edge",) if len(anchor) == 3 else ("subject", "mention"):
                for name, path in self.files:
                    idx = self._index(path)
                    if kind == "edge":
                        line = idx.edge_line(*anchor)
                    elif kind == "subject":
                        line = idx.subject_line(anchor[0])
                    else:
                        line = idx.node_line(anchor[0])
                    if line is not None:
                        return name, line
        return self.files[0][0], None
