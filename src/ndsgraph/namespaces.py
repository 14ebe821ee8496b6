"""The IRIs ndsgraph mints, following the Dutch URI strategy (/id/, /def/, /graph/)."""

from rdflib import Namespace

BASE = "https://w3id.org/ndsgraph/"
NDSG = Namespace(BASE + "def/")
ID = Namespace(BASE + "id/")
CONCEPT = Namespace(BASE + "id/begrip/")
GRAPH = Namespace(BASE + "graph/")

ADMS = Namespace("http://www.w3.org/ns/adms#")
CCCEV = Namespace("http://data.europa.eu/m8g/")
EIRA = Namespace("http://data.europa.eu/dr8/")
SCHEMA = Namespace("http://schema.org/")
TOOI = Namespace("https://identifier.overheid.nl/tooi/id/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

CATALOGUE_GRAPH = GRAPH["catalogue"]
INFERRED_GRAPH = GRAPH["inferred"]
