"""The SPARQL 1.1 Protocol: query and update operations, and the service description.

Nothing a request sends makes the server fetch: SERVICE and LOAD reach only the sources in
NDSGRAPH_SERVICE_ALLOW, checked in the text before it is evaluated.
"""

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import MethodNotAllowed, UnsupportedMediaType

from ndsgraph.errors import InputError, QueryError, QuerySyntaxError, StoreError
from ndsgraph.intake.rdfio import MAX_TERM_BYTES
from ndsgraph.sparql.sparql_text import (
    check_load,
    check_nesting,
    check_service,
    check_term_sizes,
    with_using,
)
from ndsgraph.store import Store
from ndsgraph.vocabulary import FORMATS, RDF, SD
from ndsgraph_server.auth import require_write
from ndsgraph_server.execution import serialized
from ndsgraph_server.negotiation import GRAPH_TYPES, negotiate

sparql = Blueprint("sparql", __name__)
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "TriG",
)


def store() -> Store:
    return current_app.extensions["ndsgraph.store"]


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"more than one '{name}' parameter")
    return values[0] if values else None


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"SPARQL bodies must be UTF-8, not {charset}")


def _body_text() -> str:
    _check_charset()
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the body is not valid UTF-8") from None


def _operation() -> tuple[str | None, str | None]:
    """('query' | 'update' | None, text) from a protocol request."""
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise MethodNotAllowed(["POST"], "an update must be POSTed")
        return (
            ("query", _single(request.args.getlist("query"), "query"))
            if "query" in request.args
            else (None, None)
        )
    mimetype = request.mimetype
    if mimetype == "application/x-www-form-urlencoded":
        _check_charset()  # a form is read as UTF-8, whatever it says
        query = _single(request.form.getlist("query"), "query")
        update = _single(request.form.getlist("update"), "update")
        if query is not None and update is not None:
            raise InputError("give either 'query' or 'update', not both")
        if query is None and update is None:
            raise InputError("missing 'query' or 'update' parameter")
        return ("query", query) if query is not None else ("update", update)
    if mimetype == "application/sparql-query":
        return "query", _body_text()
    if mimetype == "application/sparql-update":
        return "update", _body_text()
    raise UnsupportedMediaType(
        f"POST a query as application/sparql-query, an update as application/sparql-update, "
        f"or either as a form; not '{mimetype}'"
    )


def _allowed() -> tuple[str, ...]:
    return current_app.config["NDSGRAPH_SETTINGS"].limits.service_allow


def _query(text: str) -> Response:
    check_nesting(text)
    check_service(text, _allowed())
    try:
        return serialized(
            text,
            request.accept_mimetypes,
            default_graphs=request.values.getlist("default-graph-uri") or None,
            named_graphs=request.values.getlist("named-graph-uri") or None,
            base_iri=request.base_url,
            adhoc=True,
        )
    except QuerySyntaxError as error:  # the asker's own text: theirs to mend (a 400)
        raise QueryError(str(error)) from None


def _update(text: str) -> Response:
    require_write()
    check_nesting(text)
    check_service(text, _allowed())
    loaded = check_load(text, _allowed())
    check_term_sizes(text, MAX_TERM_BYTES)
    using = request.values.getlist("using-graph-uri")
    using_named = request.values.getlist("using-named-graph-uri")
    try:
        store().update(with_using(text, using, using_named), base_iri=request.base_url)
    except StoreError as error:
        if not loaded:
            raise
        raise InputError(f"LOAD <{'>, <'.join(loaded)}> failed: {error}") from None
    return Response(status=204)


def service_description() -> Response:
    """What this endpoint is and supports; sd:endpoint is the URL actually served."""
    service = ox.BlankNode()
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    facts = [
        (RDF.type, SD.Service),
        (SD.endpoint, ox.NamedNode(request.base_url)),
        (SD.supportedLanguage, SD.SPARQL11Query),
        (SD.feature, SD.UnionDefaultGraph),
    ]
    if settings.write_token or settings.open_writes:
        facts.append((SD.supportedLanguage, SD.SPARQL11Update))
    if settings.limits.service_allow:
        facts.append((SD.feature, SD.BasicFederatedQuery))
    facts += [(SD.resultFormat, FORMATS[name]) for name in RESULT_FORMATS]
    triples = [ox.Triple(service, p, o) for p, o in facts]
    media_type = negotiate(request.accept_mimetypes, GRAPH_TYPES)
    data = ox.serialize(triples, format=GRAPH_TYPES[media_type])
    return Response(data, content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


@sparql.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    operation, text = _operation()
    if operation is None:
        return service_description()
    if operation == "update":
        return _update(text)
    return _query(text)
