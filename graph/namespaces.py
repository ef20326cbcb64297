"""The project's IRIs and prefixes: the one place they are defined.

Every data file, named query and document uses these prefixes with these
meanings; ``tests/test_namespaces.py`` holds the data files and queries to it.

>>> str(PERSON.Stalin)
'https://w3id.org/stalin-kg/person/Stalin'
>>> PREFIXES["rel"]
'https://w3id.org/stalin-kg/vocab/rel#'
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "BASE",
    "CRITICISM",
    "DCTERMS",
    "DOCUMENT",
    "ENTITY_NAMESPACES",
    "EVENT",
    "GROUP",
    "KG",
    "ORGANISATION",
    "OWL",
    "PERSON",
    "PLACE",
    "POSITION",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "REFERENCE",
    "REL",
    "SCHEMA",
    "SENTENCE",
    "SKOS",
    "SOURCE",
    "STATE",
    "STMT",
    "WD",
    "WDT",
    "XSD",
    "sparql_prologue",
]

BASE = "https://w3id.org/stalin-kg/"

KG = Namespace(BASE + "vocab#")
REL = Namespace(BASE + "vocab/rel#")
PERSON = Namespace(BASE + "person/")
GROUP = Namespace(BASE + "group/")
ORGANISATION = Namespace(BASE + "organisation/")
STATE = Namespace(BASE + "state/")
PLACE = Namespace(BASE + "place/")
EVENT = Namespace(BASE + "event/")
POSITION = Namespace(BASE + "position/")
DOCUMENT = Namespace(BASE + "document/")
STMT = Namespace(BASE + "statement/")
SENTENCE = Namespace(BASE + "sentence/")
SOURCE = Namespace(BASE + "source/")
#: The editorial layer (``data/criticism.ttl``): criticisms of the source, and the literature
#: they cite. Neither is an entity or a statement of the graph.
CRITICISM = Namespace(BASE + "criticism/")
REFERENCE = Namespace(BASE + "reference/")

SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
OA = Namespace("http://www.w3.org/ns/oa#")
RELATIONSHIP = Namespace("http://purl.org/vocab/relationship/")
AGRELON = Namespace("https://d-nb.info/standards/elementset/agrelon#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Namespaces whose members are entities of the graph (nodes a user may link to).
ENTITY_NAMESPACES: dict[str, Namespace] = {
    "person": PERSON,
    "group": GROUP,
    "organisation": ORGANISATION,
    "state": STATE,
    "place": PLACE,
    "event": EVENT,
    "position": POSITION,
    "document": DOCUMENT,
}

#: Every prefix the project writes, in the order data files declare them.
PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "crm": str(CRM),
    "oa": str(OA),
    "sh": str(SH),
    "relationship": str(RELATIONSHIP),
    "agrelon": str(AGRELON),
    "wd": str(WD),
    "wdt": str(WDT),
    "kg": str(KG),
    "rel": str(REL),
    **{name: str(ns) for name, ns in ENTITY_NAMESPACES.items()},
    "stmt": str(STMT),
    "sentence": str(SENTENCE),
    "source": str(SOURCE),
    "criticism": str(CRITICISM),
    "reference": str(REFERENCE),
}


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines for every project prefix, for SPARQL text.

    >>> "PREFIX rel: <https://w3id.org/stalin-kg/vocab/rel#>" in sparql_prologue()
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
