"""Content negotiation: the media types each kind of answer is offered in, and the choice."""

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable

SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
BOOLEAN_TYPES = {
    k: v
    for k, v in SOLUTION_TYPES.items()
    if v in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
}
# ASK answers as tables, as Jena/Fuseki write them: (header, line end)
BOOLEAN_TABLES = {
    "text/csv": ("_askResult", "\r\n"),
    "text/tab-separated-values": ("?_askResult", "\n"),
}
# An ArchiMate model exchange file: what an organisation's page and landscape, and a building
# block's page and dependency picture, also answer in (``archimate``), for architecture tools.
EXCHANGE_FILE = "application/xml"
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


def negotiate(accept: MIMEAccept, offers: dict) -> str:
    """The offered media type the client prefers (q-values, wildcards); 406 when none is acceptable.

    Without an Accept header the first offer is the answer.
    """
    if not accept:
        return next(iter(offers))
    # Parameters such as "; charset=utf-8" do not change which syntax is wanted.
    plain = MIMEAccept([(value.split(";")[0].strip(), quality) for value, quality in accept])
    best = plain.best_match(list(offers))
    if best is None:
        raise NotAcceptable(f"none of {', '.join(offers)} is acceptable")
    return best
