"""The SPARQL 1.1 Protocol query operation, with content negotiation.

Read-only: SPARQL Update and the Graph Store Protocol come with write tokens.
"""

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, request

from ndsgraph.errors import InputError
from ndsgraph.store import Store

sparql = Blueprint("sparql", __name__)

SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
}


def _store() -> Store:
    return current_app.extensions["ndsgraph.store"]


def _negotiate(offers: dict) -> str:
    """The offered media type the client prefers (q-values, */*); 406 when none is acceptable."""
    if not request.accept_mimetypes:
        return next(iter(offers))
    best = request.accept_mimetypes.best_match(list(offers))
    if best is None:
        abort(406, f"none of {', '.join(offers)} is acceptable")
    return best


def _query_text() -> str | None:
    if request.method == "GET":
        return request.args.get("query")
    mimetype = request.mimetype
    if mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    if mimetype == "application/x-www-form-urlencoded":
        return request.form.get("query")
    abort(415, f"POST a query as application/sparql-query or a form, not '{mimetype}'")
    return None


@sparql.route("/sparql", methods=["GET", "POST"])
def query() -> Response:
    text = _query_text()
    if text is None:
        abort(400, "missing 'query' parameter")
    try:
        result = _store().query(text)
    except InputError as error:
        abort(400, str(error))
    if isinstance(result, ox.QueryTriples):
        media_type = _negotiate(GRAPH_TYPES)
        body = ox.serialize(result, format=GRAPH_TYPES[media_type])
    else:
        media_type = _negotiate(SOLUTION_TYPES)
        body = result.serialize(format=SOLUTION_TYPES[media_type])
    return Response(body, content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})
