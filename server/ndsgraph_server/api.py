"""Stored queries as an API: /api/queries lists them, /api/queries/<name> runs one.

Parameters come from the query string and are bound as typed RDF terms (SPARQL
substitution), never pasted into the query text. Answers are SPARQL JSON, CSV or HTML.
"""

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from werkzeug.exceptions import BadRequest

from ndsgraph.register import runs
from ndsgraph.sparql import queries
from ndsgraph_server.execution import compute, serialized, table
from ndsgraph_server.negotiation import negotiate

api = Blueprint("api", __name__)
ANSWERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}


def _describe(query: queries.StoredQuery) -> dict:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": [
            {"name": p.name, "type": p.type, "description": p.description} for p in query.parameters
        ],
        "href": url_for("api.run", name=query.name, _external=True),
        "form": query.form,
        "text": query.text,
    }


@api.get("/api/queries")
def index() -> Response:
    return jsonify([_describe(q) for q in queries.catalogue().values()])


@api.get("/api/queries/<name>")
def run(name: str) -> Response:
    query = queries.stored(name)
    repeated = sorted(k for k, v in request.args.lists() if len(v) > 1)
    if repeated:
        raise BadRequest(f"more than one '{repeated[0]}' parameter")
    values = {k: v for k, v in request.args.items() if v != ""}
    query.bind(values)  # refuses unknown parameters and malformed values before any evaluation
    for parameter in query.parameters:  # a run named by its graph, or unknown: see runs.named
        if parameter.type == "run" and parameter.name in values:
            values[parameter.name] = compute(runs.named, values[parameter.name])
    substitutions = query.bind(values)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return serialized(query.text, request.accept_mimetypes, substitutions=substitutions)
    answer = ANSWERS[negotiate(request.accept_mimetypes, ANSWERS)]
    if answer != "html":
        return serialized(query.text, request.accept_mimetypes, substitutions=substitutions)
    names, rows = table(query.text, substitutions)
    return Response(
        render_template("results.html", query=query, values=values, names=names, rows=rows)
    )
