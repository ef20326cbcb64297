"""Sources: plain-text documents split into numbered sentences, each a ``kg:Sentence`` that
statements cite (``prov:wasDerivedFrom``) and quote verbatim.

A source is a ``kg:Source`` with its title, URL, licence, language and optionally author and
date; its sentences are ``https://w3id.org/stalin-kg/sentence/ID/N`` (N from 1), each
``dcterms:isPartOf`` the source ``https://w3id.org/stalin-kg/source/ID``. The Stalin article is
one source among them, with the sentence IRIs it always had (``sentence:01`` ...): an IRI once
published never changes.

Sentences are split by pysbd (rule-based, MIT), which knows German abbreviations, initials and
ordinal dates; each line of the file is a paragraph, and no sentence runs across lines:

>>> split_sentences("Am 3. Mai traf J.W. Stalin ca. 20 Delegierte, u.a. Kamenew. Dann ging er.", "de")
['Am 3. Mai traf J.W. Stalin ca. 20 Delegierte, u.a. Kamenew.', 'Dann ging er.']
>>> record = SourceRecord("letters", "Briefe", "https://example.org/briefe",
...                       "https://creativecommons.org/licenses/by/4.0/", "de")
>>> print(source_turtle(record, ["Er schrieb.", 'Sie sagte "nein".']).splitlines()[-1])
    kg:text "Sie sagte \\"nein\\"."@de .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_output
from .errors import InputError
from .messages import message

if TYPE_CHECKING:
    from .access import GraphAccess
    from .model import Sentence

__all__ = ["LICENCES", "SENTENCE_BASE", "SOURCE_BASE", "SourceInfo", "SourceRecord",
           "add_source", "decode_text", "find_sentence", "read_text", "sentence_iri", "sentence_ref", "source_info", "source_turtle",
           "sources", "split_sentences", "write_source"]

#: Where source IRIs and sentence IRIs live.
SOURCE_BASE = "https://w3id.org/stalin-kg/source/"
SENTENCE_BASE = "https://w3id.org/stalin-kg/sentence/"

#: Licences that can be named by their SPDX identifier instead of their URL.
LICENCES = {
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "public-domain": "https://creativecommons.org/publicdomain/mark/1.0/",
}

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class SourceRecord:
    """What ``kg source add`` records of a source: its id (the last part of its IRI), title,
    URL, licence (a URL), language (ISO 639-1, e.g. ``de``), author and date (optional)."""

    id: str
    title: str
    url: str
    licence: str
    lang: str
    author: str | None = None
    date: str | None = None

    @property
    def iri(self) -> str:
        """The source's IRI."""
        return SOURCE_BASE + self.id


@dataclass(frozen=True)
class SourceInfo:
    """A source as the graph holds it (:func:`sources`): IRI, title, URL, licence, language,
    author, date and how many sentences it has."""

    iri: str
    title: str
    url: str | None
    licence: str | None
    lang: str | None
    author: str | None
    date: str | None
    sentences: int

    @property
    def id(self) -> str:
        """The last part of the IRI (``wikipedia-de-josef-stalin``)."""
        return self.iri.rsplit("/", 1)[-1]


def sentence_ref(iri: str | None, number: int | None = None) -> str:
    """How a sentence is named to people and on the command line: its number for the Stalin
    article's sentences (``sentence:08``), ``ID:N`` for a sentence of another source (the
    number read from the IRI when not given).

    >>> sentence_ref("https://w3id.org/stalin-kg/sentence/08", 8)
    '8'
    >>> sentence_ref(sentence_iri("letters", 3)), sentence_ref("https://w3id.org/stalin-kg/sentence/08")
    ('letters:3', '8')
    """
    if iri is not None and iri.startswith(SENTENCE_BASE):
        source, slash, last = iri[len(SENTENCE_BASE):].rpartition("/")
        if number is None and last.isdigit():
            number = int(last)
        if slash and source:
            return f"{source}:{number}"
    return str(number)


def find_sentence(kg: GraphAccess, ref: str) -> Sentence:
    """The sentence ``ref`` names: ``ID:N`` (sentence N of source ID) or ``N`` (sentence N of
    the one source that has one); :class:`~graph.errors.InputError` saying what to write
    instead when there is none or ``N`` is ambiguous. What ``kg add --sentence`` takes.

    >>> import graph
    >>> kg = graph.load()
    >>> find_sentence(kg, "8").iri, find_sentence(kg, "wikipedia-de-josef-stalin:8").number
    ('https://w3id.org/stalin-kg/sentence/08', 8)
    >>> find_sentence(kg, "letters:3")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: no sentence letters:3; the sources are: wikipedia-de-josef-stalin (`kg source list`)
    """
    source, _, number = ref.rpartition(":")
    if not number.isdigit():
        raise InputError(message("source.badSentenceRef", ref=repr(ref)))
    wanted = int(number)
    matches = [s for s in kg.sentences() if s.number == wanted and (
        not source or s.source in (SOURCE_BASE + source, source))]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        ids = ", ".join(info.id for info in sources(kg)) or message("source.none")
        raise InputError(message("source.noSentence", ref=ref, ids=ids))
    options = ", ".join(sorted(f"{(m.source or '?').rsplit('/', 1)[-1]}:{wanted}" for m in matches))
    raise InputError(message("source.ambiguous", ref=ref, options=options))


def sentence_iri(source_id: str, number: int) -> str:
    """The IRI of sentence ``number`` of source ``source_id``.

    >>> sentence_iri("letters", 3)
    'https://w3id.org/stalin-kg/sentence/letters/3'
    """
    return f"{SENTENCE_BASE}{source_id}/{number}"


@cache
def _segmenter(lang: str):  # type: ignore[no-untyped-def]
    import pysbd  # a second's import: only when a source is split

    try:
        return pysbd.Segmenter(language=lang, clean=False)
    except ValueError:
        return None


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text`` in language ``lang``, in order, each exactly as in the text
    (stripped of surrounding blanks); lines are paragraphs, blank lines ignored.

    >>> split_sentences("Die Partei (d.h. die KPdSU) hatte z.B. ca. 1 Mio. Mitglieder. "
    ...                 "Stalin starb am 5. März 1953.", "de")
    ['Die Partei (d.h. die KPdSU) hatte z.B. ca. 1 Mio. Mitglieder.', 'Stalin starb am 5. März 1953.']
    >>> split_sentences("x", "tlh")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: no sentence splitter for language 'tlh'; give an ISO 639-1 code such as de or en
    """
    segmenter = _segmenter(lang)
    if segmenter is None:
        raise InputError(message("source.noSplitter", lang_code=repr(lang)))
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for piece in segmenter.segment(line):
            sentence = piece.strip()
            if sentence:
                assert sentence in line, "the splitter changed the text"
                out.append(sentence)
    return out


def read_text(path: Path) -> str:
    """The text of a plain-text source file; an :class:`~graph.errors.InputError` located at
    the file (and the line and column of a bad byte) when it is missing, not UTF-8 or empty."""
    if not path.is_file():
        raise InputError(message("source.noSuchFile"), path=str(path))
    return decode_text(path.read_bytes(), str(path))


def decode_text(data: bytes, where: str) -> str:
    """The text of a source's bytes (read from a file, or uploaded), ``where`` naming them in
    an :class:`~graph.errors.InputError` (with the line and column of a bad byte) when they
    are not UTF-8 or hold no text.

    >>> decode_text("Er kam.\\n".encode(), "brief.txt")
    'Er kam.\\n'
    >>> decode_text(b"Er\\nkam \\xe4.", "brief.txt")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: brief.txt:2:5: ...
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise InputError(message("source.notUtf8", byte=f"0x{data[exc.start]:02x}"),
                         path=where, line=line, column=column) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(message("source.empty"), path=where)
    return text


def check_record(record: SourceRecord, taken: Iterable[str] = ()) -> None:
    """Refuse (:class:`~graph.errors.InputError`) a record whose id is malformed or taken, or
    whose URL, licence, language or date is not of its form."""
    if not _ID.match(record.id):
        raise InputError(message("source.badId", id=repr(record.id)))
    if record.id in set(taken):
        raise InputError(message("source.idTaken", id=repr(record.id)))
    if not record.title.strip():
        raise InputError(message("source.noTitle"))
    if not _URL.match(record.url):
        raise InputError(message("source.badUrl", url=repr(record.url)))
    if not _URL.match(record.licence):
        raise InputError(message("source.badLicence", licence=repr(record.licence),
                                 licences=", ".join(LICENCES)))
    if not _LANG.match(record.lang):
        raise InputError(message("source.badLang", lang_code=repr(record.lang)))
    if record.date is not None and not _DATE.match(record.date):
        raise InputError(message("source.badDate", date=repr(record.date)))


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def source_turtle(record: SourceRecord, sentences: Sequence[str]) -> str:
    """The Turtle of a source: its ``kg:Source`` record, then one ``kg:Sentence`` a sentence."""
    lang = record.lang
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(record.date or ""), "date")
    lines = [
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix schema: <https://schema.org/> .",
        "@prefix kg: <https://w3id.org/stalin-kg/vocab#> .",
        f"@prefix s: <{SENTENCE_BASE}{record.id}/> .",
        "",
        f"# Source {record.id!r}, added with `kg source add`: sentence N is the Nth sentence of",
        "# the text. The sentences are quoted unchanged as evidence.",
        "",
        f"<{record.iri}> a kg:Source ;",
        f"    rdfs:label {_literal(record.title)}@{lang} ;",
        f"    dcterms:title {_literal(record.title)}@{lang} ;",
        *([f"    dcterms:creator {_literal(record.author)} ;"] if record.author else []),
        *([f'    dcterms:date "{record.date}"^^xsd:{kind} ;'] if record.date else []),
        f"    schema:url <{record.url}> ;",
        f"    dcterms:source <{record.url}> ;",
        f"    dcterms:license <{record.licence}> ;",
        f'    dcterms:language "{lang}" .',
    ]
    for number, text in enumerate(sentences, 1):
        lines += [
            "",
            f"s:{number} a kg:Sentence ;",
            f"    kg:sentenceNumber {number} ;",
            f"    dcterms:isPartOf <{record.iri}> ;",
            f"    kg:text {_literal(text)}@{lang} .",
        ]
    return "\n".join(lines) + "\n"


def add_source(folder: Path, text_file: Path, record: SourceRecord,
               taken: Iterable[str] = ()) -> tuple[Path, int]:
    """Split ``text_file`` into sentences and write the source as ``folder/ID.ttl``
    (atomically; refusing a taken id or an existing file). Returns the file and the number of
    sentences.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> _ = (tmp / "brief.txt").write_text("Er kam am 3. Mai.\\nEr ging u.a. mit J.W. Stalin.\\n")
    >>> record = SourceRecord("brief", "Ein Brief", "https://example.org/brief", "CC0-1.0", "de")
    >>> path, count = add_source(tmp / "sources", tmp / "brief.txt", record)
    >>> path.name, count
    ('brief.ttl', 2)
    """
    record = _named_licence(record)
    check_record(record, taken)
    return write_source(folder, read_text(text_file), record, taken)


def write_source(folder: Path, text: str, record: SourceRecord,
                 taken: Iterable[str] = ()) -> tuple[Path, int]:
    """:func:`add_source` of a text already read (:func:`decode_text`): the same checks and
    refusals, the same file. Returns the file and the number of sentences."""
    record = _named_licence(record)
    check_record(record, taken)
    sentences = split_sentences(text, record.lang)
    target = folder / f"{record.id}.ttl"
    if target.exists():
        raise InputError(message("source.exists"), path=str(target))
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_output(target) as out:
        out.write(source_turtle(record, sentences))
    return target, len(sentences)


def _named_licence(record: SourceRecord) -> SourceRecord:
    url = LICENCES.get(record.licence, record.licence)
    if url == record.licence:
        return record
    return SourceRecord(record.id, record.title, record.url, url, record.lang, record.author,
                        record.date)


def sources(kg: GraphAccess) -> list[SourceInfo]:
    """Every ``kg:Source`` of the graph with its record and number of sentences, by IRI.

    >>> import graph
    >>> [(s.id, s.licence, s.lang, s.sentences) for s in sources(graph.load())]
    [('wikipedia-de-josef-stalin', 'https://creativecommons.org/licenses/by-sa/4.0/', 'de', 25)]
    """
    rows = kg.query("""
        SELECT ?src (SAMPLE(?t) AS ?title) (SAMPLE(?u) AS ?url) (SAMPLE(?l) AS ?licence)
               (SAMPLE(?lang0) AS ?lang) (SAMPLE(?a) AS ?author) (SAMPLE(?d) AS ?date)
               (COUNT(DISTINCT ?sen) AS ?n)
        WHERE {
          ?src a kg:Source .
          OPTIONAL { ?src dcterms:title ?t } OPTIONAL { ?src schema:url ?u }
          OPTIONAL { ?src dcterms:license ?l } OPTIONAL { ?src dcterms:language ?lang0 }
          OPTIONAL { ?src dcterms:creator ?a } OPTIONAL { ?src dcterms:date ?d }
          OPTIONAL { ?sen dcterms:isPartOf ?src ; a kg:Sentence }
        } GROUP BY ?src ORDER BY ?src""")
    out = []
    def text(value: object) -> str | None:
        return str(value) if value is not None else None

    for src, title, url, licence, lang, author, date, count in rows:
        out.append(SourceInfo(str(src), str(title or src), text(url), text(licence), text(lang),
                              text(author), text(date), int(str(count))))
    return out


def source_info(kg: GraphAccess, name: str) -> SourceInfo:
    """The source whose id or IRI is ``name``; :class:`~graph.errors.InputError` naming the
    known ids when there is none."""
    known = sources(kg)
    for info in known:
        if name in (info.id, info.iri):
            return info
    ids = ", ".join(info.id for info in known) or message("source.none")
    raise InputError(message("source.noSource", name=repr(name), ids=ids))
