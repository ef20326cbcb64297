"""Synthetic graphs in the project's own model, for benchmarks and the viewer's scale tests.

The output is Turtle that ``kg check`` accepts, shaped like ``data/triples.ttl``:

* entities under the project namespaces with ``synthetic-`` local names (``person:synthetic-17``),
  typed ``kg:Person``, ``kg:Group``, ``kg:Organisation``, ``kg:Place`` or ``kg:Event``, with one
  German and one English ``rdfs:label`` and ``skos:altLabel`` short forms;
* one direct edge per fact, with a relation from ``data/vocab.ttl`` that fits the two kinds,
  symmetric relations stated once;
* one ``rdf:Statement`` per edge (``rdf:subject``/``predicate``/``object``), with
  ``prov:wasDerivedFrom`` a generated ``kg:Sentence`` (numbered from 1001, so never clashing
  with the 25 source sentences), a ``kg:quote`` found verbatim in that sentence's ``kg:text``
  and, for most, ``kg:start``/``kg:end``/``kg:pointInTime`` typed ``xsd:gYear`` or ``xsd:date``;
* dated facts (``rel:dateOfDeath`` for some persons, ``rel:date`` for events), each with its
  statement too.

Entities fall into communities (most edges stay inside one) and a few hubs attract many edges,
as in real prosopographies. The same arguments give the same text.

>>> text = generate(12, 20, seed=1)
>>> text == generate(12, 20, seed=1), "person:synthetic-" in text
(True, True)
>>> stats = generate_stats(12, 20, seed=1)
>>> stats["entities"], stats["edges"]
(12, 20)

Command line::

    python benchmarks/generate.py --nodes 5000 --edges 15000 --seed 0 -o big.ttl
    python benchmarks/generate.py --triples 120000 -o big.ttl
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``graph`` importable from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.namespaces import ENTITY_NAMESPACES, PREFIXES

__all__ = ["generate", "generate_stats", "generate_triples", "main"]

FIRST_SENTENCE = 1001

# (German, English) name parts: transliterations differ as they do in the curated data
# (Sinowjew / Zinoviev, Jegorow / Yegorov).
_FIRST = [
    ("Iwan", "Ivan"), ("Pjotr", "Pyotr"), ("Grigori", "Grigory"), ("Nikolai", "Nikolai"),
    ("Alexei", "Alexei"), ("Jelena", "Yelena"), ("Wera", "Vera"), ("Sergei", "Sergei"),
    ("Juri", "Yuri"), ("Wassili", "Vasily"), ("Olga", "Olga"), ("Michail", "Mikhail"),
    ("Fjodor", "Fyodor"), ("Dmitri", "Dmitry"), ("Lew", "Lev"), ("Anna", "Anna"),
    ("Jewgeni", "Yevgeny"), ("Tatjana", "Tatyana"), ("Wladimir", "Vladimir"), ("Maxim", "Maxim"),
]
_STEM = [
    ("Ka", "Ka"), ("Mo", "Mo"), ("Lo", "Lo"), ("Wa", "Va"), ("Schu", "Shu"), ("Tschi", "Chi"),
    ("Ja", "Ya"), ("Bo", "Bo"), ("Ri", "Ri"), ("Se", "Se"), ("No", "No"), ("Pe", "Pe"),
    ("Do", "Do"), ("Gri", "Gri"), ("Wo", "Vo"), ("Le", "Le"), ("Ti", "Ti"), ("Ro", "Ro"),
    ("Mi", "Mi"), ("Sa", "Sa"), ("Scha", "Sha"), ("Ju", "Yu"), ("Ku", "Ku"), ("Dju", "Dyu"),
]
_MIDDLE = [
    ("ra", "ra"), ("li", "li"), ("ma", "ma"), ("tsche", "che"), ("we", "ve"), ("so", "so"),
    ("ni", "ni"), ("bo", "bo"), ("ge", "ge"), ("du", "du"), ("sche", "she"), ("ja", "ya"),
]
_END = [
    ("now", "nov"), ("jew", "yev"), ("ski", "sky"), ("ow", "ov"), ("in", "in"), ("enko", "enko"),
    ("ez", "ets"), ("itsch", "ich"), ("ew", "ev"), ("owa", "ova"),
]
_TOWN = [("gorsk", "gorsk"), ("grad", "grad"), ("sk", "sk"), ("ino", "ino"), ("witsch", "vich")]
_ORG = [
    ("Komitee", "Committee"), ("Volkskommissariat", "People's Commissariat"),
    ("Parteizelle", "party cell"), ("Gewerkschaft", "trade union"), ("Armee", "army"),
    ("Rat", "council"), ("Zeitung", "newspaper"), ("Fabrik", "factory"),
]
_EVENT = [
    ("Konferenz von", "conference of"), ("Streik in", "strike in"), ("Prozess in", "trial in"),
    ("Aufstand in", "uprising in"), ("Kongress in", "congress in"), ("Säuberung in", "purge in"),
]
_GROUP = [("Anhänger von", "supporters of"), ("Gegner von", "opponents of"),
          ("Freunde von", "friends of")]

# relation -> (subject kinds, object kinds, symmetric, German phrase with {a} {b} {when})
_RELATIONS: dict[str, tuple[str, str, bool, str]] = {
    "friendOf": ("P", "P", True, "{a} war {when} mit {b} befreundet"),
    "exiledWith": ("P", "P", True, "{a} war {when} mit {b} in der Verbannung"),
    "closeInViewsTo": ("P", "P", True, "{a} stand {b} {when} in vielen Auffassungen nahe"),
    "clashedWith": ("PO", "PO", True, "{a} geriet {when} mit {b} in eine Auseinandersetzung"),
    "criticised": ("PGO", "PGO", False, "{a} kritisierte {when} {b}"),
    "supported": ("PGO", "PGO", False, "{a} unterstützte {when} {b}"),
    "helped": ("PGO", "PGO", False, "{a} half {when} {b}"),
    "opposed": ("PGO", "PGO", False, "{a} wandte sich {when} gegen {b}"),
    "prevailedOver": ("PO", "PO", False, "{a} setzte sich {when} gegen {b} durch"),
    "sonOf": ("P", "P", False, "{a} war der Sohn von {b}"),
    "memberOf": ("PG", "OG", False, "{a} war {when} Mitglied von {b}"),
    "led": ("P", "OG", False, "{a} leitete {when} {b}"),
    "expelledFrom": ("P", "O", False, "{a} wurde {when} aus {b} ausgeschlossen"),
    "commanded": ("P", "O", False, "{a} befehligte {when} {b}"),
    "partOf": ("O", "O", False, "{a} war {when} Teil von {b}"),
    "partnerOf": ("O", "O", True, "{a} war {when} Partner von {b}"),
    "inConflictWith": ("O", "O", True, "{a} lag {when} im Konflikt mit {b}"),
    "participatedIn": ("PGO", "E", False, "{a} nahm {when} an {b} teil"),
    "organised": ("PO", "E", False, "{a} organisierte {when} {b}"),
    "triedIn": ("PG", "E", False, "{a} wurde {when} in {b} angeklagt"),
    "arrestedIn": ("P", "L", False, "{a} wurde {when} in {b} festgenommen"),
    "exiledTo": ("P", "L", False, "{a} wurde {when} nach {b} verbannt"),
    "arrivedIn": ("P", "L", False, "{a} kam {when} in {b} an"),
    "escapedFrom": ("P", "L", False, "{a} floh {when} aus {b}"),
    "locatedIn": ("E", "L", False, "{b} war {when} Schauplatz von {a}"),
    "followed": ("E", "E", False, "{a} folgte {when} auf {b}"),
    "targeted": ("E", "PG", False, "{a} richtete sich {when} gegen {b}"),
}
_KIND_CLASS = {"P": "Person", "G": "Group", "O": "Organisation", "L": "Place", "E": "Event"}
_NAMESPACE = {"P": "person", "G": "group", "O": "organisation", "L": "place", "E": "event"}
_SHARE = [("P", 0.5), ("G", 0.08), ("O", 0.16), ("L", 0.1), ("E", 0.16)]
_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"]


@dataclass
class _Entity:
    iri: str
    kind: str
    de: str
    en: str
    alt: list[tuple[str, str]] = field(default_factory=list)
    community: int = 0


@dataclass
class _Statement:
    subject: str
    relation: str
    obj: str  # an entity IRI, or a typed literal in Turtle syntax for dated facts
    quote: str
    dates: list[tuple[str, str]]  # (kg:start | kg:end | kg:pointInTime, Turtle literal)


def _kinds(n: int, rng: random.Random) -> list[str]:
    counts = {k: max(1 if n >= 5 else 0, int(n * share)) for k, share in _SHARE}
    counts["P"] += n - sum(counts.values())
    kinds = [k for k, c in counts.items() for _ in range(c)]
    rng.shuffle(kinds)
    return kinds


def _person_name(rng: random.Random) -> tuple[str, str, str, str]:
    first = rng.choice(_FIRST)
    stem, mid, end = rng.choice(_STEM), rng.choice(_MIDDLE), rng.choice(_END)
    last_de, last_en = stem[0] + mid[0] + end[0], stem[1] + mid[1] + end[1]
    return f"{first[0]} {last_de}", f"{first[1]} {last_en}", last_de, last_en


def _town(rng: random.Random) -> tuple[str, str]:
    stem, mid, end = rng.choice(_STEM), rng.choice(_MIDDLE), rng.choice(_TOWN)
    return stem[0] + mid[0] + end[0], stem[1] + mid[1] + end[1]


def _entities(n: int, rng: random.Random) -> list[_Entity]:
    kinds = _kinds(n, rng)
    communities = max(1, round(math.sqrt(n) / 2))
    towns = [_town(rng) for _ in range(max(4, n // 20))]
    out = []
    for i, kind in enumerate(kinds):
        iri = str(ENTITY_NAMESPACES[_NAMESPACE[kind]][f"synthetic-{i + 1}"])
        if kind == "P":
            de, en, short_de, short_en = _person_name(rng)
            alt = [(short_de, "de"), (short_en, "en")]
        elif kind == "L":
            de, en = _town(rng)
            alt = []
        elif kind == "O":
            org = rng.choice(_ORG)
            de, en = f"{org[0]} Nr. {i + 1}", f"{org[1]} no. {i + 1}"
            alt = [(f"{org[0]} {i + 1}", "de")]
        elif kind == "E":
            ev, town = rng.choice(_EVENT), rng.choice(towns)
            year = rng.randint(1900, 1953)
            de, en = f"{ev[0]} {town[0]} {year}", f"{ev[1]} {town[1]} {year}"
            alt = [(f"{ev[0]} {town[0]}", "de")]
        else:
            gr = rng.choice(_GROUP)
            who = _person_name(rng)
            de, en = f"{gr[0]} {who[2]}", f"{gr[1]} {who[3]}"
            alt = []
        out.append(_Entity(iri, kind, de, en, alt, community=rng.randrange(communities)))
    return out


def _when(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """A German time phrase and the statement dates it gives (about a third are undated)."""
    roll = rng.random()
    if roll < 0.33:
        return "", []
    year = rng.randint(1900, 1950)
    if roll < 0.6:
        return f"ab {year}", [("start", f'"{year}"^^xsd:gYear')]
    if roll < 0.85:
        end = year + rng.randint(1, 12)
        return (f"von {year} bis {end}",
                [("start", f'"{year}"^^xsd:gYear'), ("end", f'"{end}"^^xsd:gYear')])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return (f"am {day}. {_MONTHS[month - 1]} {year}",
            [("pointInTime", f'"{year}-{month:02d}-{day:02d}"^^xsd:date')])


def _pick(pool: list[int], cum_weights: list[float], rng: random.Random) -> int:
    return pool[rng.choices(range(len(pool)), cum_weights=cum_weights)[0]] if pool else -1


def _statements(entities: list[_Entity], n_edges: int, rng: random.Random) -> list[_Statement]:
    n = len(entities)
    # preferential attachment: a few hubs, a long tail
    weight = [1.0 / (1 + rank) ** 0.7 for rank in range(n)]
    rng.shuffle(weight)
    by_community: dict[int, list[int]] = {}
    for i, e in enumerate(entities):
        by_community.setdefault(e.community, []).append(i)
    # cumulative weights, computed once: random.choices would redo it on every call (O(n))
    cumulative = list(itertools.accumulate(weight))
    community_weights = {
        c: list(itertools.accumulate(weight[i] for i in m)) for c, m in by_community.items()
    }
    by_pair: dict[tuple[str, str], list[str]] = {}
    for name, (subj, obj, _, _) in _RELATIONS.items():
        for s in subj:
            for o in obj:
                by_pair.setdefault((s, o), []).append(name)
    seen: set[tuple[str, str, str]] = set()
    out: list[_Statement] = []
    attempts = 0
    while len(out) < n_edges and attempts < 50 * n_edges + 100:
        attempts += 1
        a = rng.choices(range(n), cum_weights=cumulative)[0]
        members = by_community[entities[a].community]
        if rng.random() < 0.85 and len(members) > 1:
            b = _pick(members, community_weights[entities[a].community], rng)
        else:
            b = rng.choices(range(n), cum_weights=cumulative)[0]
        if a == b:
            continue
        ea, eb = entities[a], entities[b]
        names = by_pair.get((ea.kind, eb.kind))
        if not names:
            names = by_pair.get((eb.kind, ea.kind))
            ea, eb = eb, ea
        if not names:
            continue
        name = rng.choice(names)
        symmetric, phrase = _RELATIONS[name][2], _RELATIONS[name][3]
        key = (min(ea.iri, eb.iri), name, max(ea.iri, eb.iri)) if symmetric else (
            ea.iri, name, eb.iri)
        if key in seen:
            continue
        seen.add(key)
        when, dates = ("", []) if name == "sonOf" else _when(rng)
        quote = " ".join(phrase.format(a=ea.de, b=eb.de, when=when).split())
        out.append(_Statement(ea.iri, name, eb.iri, quote, dates))
    return out


def _facts(entities: list[_Entity], rng: random.Random) -> list[_Statement]:
    out = []
    for e in entities:
        if e.kind == "P" and rng.random() < 0.2:
            year = rng.randint(1917, 1960)
            out.append(_Statement(e.iri, "dateOfDeath", f'"{year}"^^xsd:gYear',
                                  f"{e.de} starb {year}", []))
        elif e.kind == "E":
            year = int(e.de.rsplit(" ", 1)[-1])
            out.append(_Statement(e.iri, "date", f'"{year}"^^xsd:gYear',
                                  f"{e.de} fand {year} statt", []))
    return out


def _literal(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _curie(iri: str) -> str:
    for prefix in (*ENTITY_NAMESPACES, "stmt", "sentence"):
        ns = PREFIXES[prefix]
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _build(n_nodes: int, n_edges: int, seed: int) -> tuple[list[str], dict[str, int]]:
    rng = random.Random(seed)
    entities = _entities(n_nodes, rng)
    edges = _statements(entities, n_edges, rng)
    facts = _facts(entities, rng)
    prefixes = ["rdf", "rdfs", "xsd", "skos", "prov", "kg", "rel", *ENTITY_NAMESPACES,
                "stmt", "sentence"]
    lines = [f"@prefix {p}: <{PREFIXES[p]}> ." for p in prefixes]
    lines += ["", f"# Synthetic stalin-kg data: {n_nodes} entities, {len(edges)} edges, seed {seed}.",
              "# Generated by benchmarks/generate.py; names and facts are invented.", ""]
    triples = 0
    for e in entities:
        labels = [_literal(e.de, "de"), _literal(e.en, "en")]
        body = [f"a kg:{_KIND_CLASS[e.kind]}", f"rdfs:label {', '.join(labels)}"]
        triples += 3
        if e.alt:
            body.append("skos:altLabel " + ", ".join(_literal(t, lang) for t, lang in e.alt))
            triples += len(e.alt)
        lines.append(f"{_curie(e.iri)} " + " ;\n    ".join(body) + " .")
    lines.append("")
    statements = edges + facts
    # two or three statements share one sentence, as in the source text
    sentence_of: list[int] = []
    number = FIRST_SENTENCE
    i = 0
    sentences: list[list[int]] = []
    while i < len(statements):
        size = 1 + (i * 7 + seed) % 3
        sentences.append(list(range(i, min(i + size, len(statements)))))
        sentence_of += [number] * len(sentences[-1])
        number += 1
        i += size
    for k, st in enumerate(statements):
        obj = st.obj if st.obj.startswith('"') else _curie(st.obj)
        lines.append(f"{_curie(st.subject)} rel:{st.relation} {obj} .")
        sid = f"stmt:synthetic-{k + 1}"
        body = [
            "a rdf:Statement",
            "kg:basis kg:Stated",  # its dates are in its quote, and so in its sentence
            f"rdf:subject {_curie(st.subject)}",
            f"rdf:predicate rel:{st.relation}",
            f"rdf:object {obj}",
            f"prov:wasDerivedFrom sentence:synthetic-{sentence_of[k]}",
            f"kg:quote {_literal(st.quote)}",
            *(f"kg:{prop} {value}" for prop, value in st.dates),
        ]
        lines.append(f"{sid} " + " ;\n    ".join(body) + " .")
        triples += 1 + len(body)
    lines.append("")
    for offset, members in enumerate(sentences):
        text = "; ".join(statements[m].quote for m in members) + "."
        n = FIRST_SENTENCE + offset
        lines.append(f"sentence:synthetic-{n} a kg:Sentence ;\n    kg:sentenceNumber {n} ;\n"
                     f"    kg:text {_literal(text, 'de')} .")
        triples += 3
    stats = {"entities": len(entities), "edges": len(edges), "facts": len(facts),
             "sentences": len(sentences), "triples": triples}
    return lines, stats


def generate(n_nodes: int, n_edges: int, seed: int = 0) -> str:
    """Turtle text of a synthetic graph with ``n_nodes`` entities and up to ``n_edges`` edges.

    Fewer edges come out only when the entities cannot carry that many distinct ones.
    """
    if n_nodes < 2:
        raise ValueError("a synthetic graph needs at least 2 entities")
    lines, _ = _build(n_nodes, n_edges, seed)
    return "\n".join(lines) + "\n"


def generate_stats(n_nodes: int, n_edges: int, seed: int = 0) -> dict[str, int]:
    """How many entities, edges, dated facts, sentences and triples :func:`generate` writes."""
    return _build(n_nodes, n_edges, seed)[1]


def generate_triples(target_triples: int, seed: int = 0) -> str:
    """Turtle text of a synthetic graph of about ``target_triples`` triples (3 edges an entity).

    >>> abs(generate_stats(*_size_for(5000))["triples"] - 5000) < 500
    True
    """
    return generate(*_size_for(target_triples, seed), seed=seed)


def _size_for(target: int, seed: int = 0) -> tuple[int, int]:
    """(entities, edges) for about ``target`` triples: estimate, measure once, correct."""
    nodes = max(2, round(target / 35))
    measured = generate_stats(nodes, 3 * nodes, seed)["triples"]
    nodes = max(2, round(nodes * target / max(measured, 1)))
    return nodes, 3 * nodes


def _iter_chunks(text: str, size: int = 1 << 20) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start : start + size]


def main(argv: list[str] | None = None) -> int:
    """The command line: write a synthetic graph to a file (or standard output)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000, help="number of entities")
    parser.add_argument("--edges", type=int, default=None, help="number of edges (3 x nodes)")
    parser.add_argument("--triples", type=int, default=None,
                        help="aim at this many triples instead of --nodes/--edges")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    args = parser.parse_args(argv)
    if args.triples:
        text = generate_triples(args.triples, args.seed)
    else:
        edges = args.edges if args.edges is not None else 3 * args.nodes
        text = generate(args.nodes, edges, args.seed)
    if args.output is None:
        for chunk in _iter_chunks(text):
            sys.stdout.write(chunk)
    else:
        from graph.atomic import atomic_output

        with atomic_output(args.output) as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
