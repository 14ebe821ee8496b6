"""The library's RDF vocabulary, as pyoxigraph terms: the IRIs ndsgraph mints, following the
Dutch URI strategy (/id/, /def/, /graph/), and the external vocabularies it uses.

``NDSG.organisation`` and ``ID["validatie/…"]`` are ``ox.NamedNode``s; a namespace's IRI as
text is its ``base``. Mind that ``str()`` of a NamedNode is its N-Triples form, ``<…>`` (fit
for SPARQL text), and its ``value`` the bare IRI. The rdflib adapters get the same namespaces
as rdflib ones from ``ndsgraph.terms``.
"""

import pyoxigraph as ox


class Namespace:
    """An IRI prefix whose attributes and items are the IRIs under it."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):  # copy, pickle and friends probe for dunders
            raise AttributeError(name)
        term = ox.NamedNode(self.base + name)
        setattr(self, name, term)  # made once: a whole-store run writes thousands of records
        return term

    def __getitem__(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + local)

    def __repr__(self) -> str:
        return f"Namespace({self.base!r})"


BASE = "https://w3id.org/ndsgraph/"
NDSG = Namespace(BASE + "def/")
AM = Namespace(BASE + "def/archimate/")  # ArchiMate models as ndsgraph keeps them
ID = Namespace(BASE + "id/")
CONCEPT = Namespace(BASE + "id/begrip/")
GRAPH = Namespace(BASE + "graph/")

CATALOGUE_GRAPH = GRAPH.catalogue
INFERRED_GRAPH = GRAPH.inferred
COUNTS_GRAPH = GRAPH.tellingen  # the organisation counts (validation.counts), derived

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SH = Namespace("http://www.w3.org/ns/shacl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

ADMS = Namespace("http://www.w3.org/ns/adms#")
CCCEV = Namespace("http://data.europa.eu/m8g/")
EIRA = Namespace("http://data.europa.eu/dr8/")
SCHEMA = Namespace("http://schema.org/")
TOOI = Namespace("https://identifier.overheid.nl/tooi/id/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
