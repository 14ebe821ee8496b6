"""The SPARQL 1.1 Graph Store HTTP Protocol at /data: indirect (?graph=, ?default) and direct
(/data/… names the graph by its own URL) identification. Reads are public; writes need the token.
"""

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.exceptions import NotFound, UnsupportedMediaType

from ndsgraph.errors import InputError
from ndsgraph.intake import rdfio
from ndsgraph_server.arguments import once
from ndsgraph_server.auth import require_write
from ndsgraph_server.negotiation import GRAPH_TYPES, negotiate
from ndsgraph_server.sparql import store

gsp = Blueprint("gsp", __name__)
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


def _indirect_graph() -> str | None:
    """The target graph IRI, or None for the default graph; ``?graph=`` given twice is refused
    (a PUT wrote the first and answered 201, the second one never said)."""
    once(request.args)
    if "default" in request.args:
        if "graph" in request.args:
            raise InputError("give either ?default or ?graph=IRI, not both")
        return None
    graph = request.args.get("graph")
    if not graph:
        raise InputError("name the graph: ?graph=IRI or ?default")
    try:
        ox.NamedNode(graph)
    except ValueError as error:
        raise InputError(f"?graph={graph[:200]!r} is not an absolute IRI: {error}") from None
    return graph


def _parse(data: bytes, mimetype: str, source: str) -> list[ox.Triple]:
    try:
        fmt = rdfio.format_for_media_type(mimetype)
    except InputError as error:
        raise UnsupportedMediaType(str(error)) from None
    quads = rdfio.parse(data, fmt, source=source, base_iri=request.base_url)
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise InputError(f"{source}: a graph request holds triples, not named graphs")
    return [q.triple for q in quads]


def _body_triples() -> list[ox.Triple]:
    """The triples of the body; a multipart/form-data body may carry several RDF files."""
    if request.mimetype == "multipart/form-data":
        files = list(request.files.values())
        if not files:
            raise InputError("the multipart body holds no file")
        return [t for f in files for t in _parse(f.read(), f.mimetype, f.filename or f.name)]
    return _parse(request.get_data(), request.mimetype, "request body")


def _exists(graph: str | None) -> bool:
    return graph is None or store().has_graph(graph)


def _handle(graph: str | None) -> Response:
    if request.method in ("GET", "HEAD"):
        if not _exists(graph):
            raise NotFound(f"no graph {graph}")
        media_type = negotiate(request.accept_mimetypes, GRAPH_TYPES)
        body = ox.serialize(store().graph_triples(graph), format=GRAPH_TYPES[media_type])
        return Response(
            body if request.method == "GET" else b"",
            content_type=f"{media_type}; charset=utf-8",
            headers={"Vary": "Accept"},
        )
    require_write()
    existed = _exists(graph)
    if request.method == "DELETE":
        if not existed:
            raise NotFound(f"no graph {graph}")
        if graph:
            store().drop_graph(graph)
        else:
            store().update("DROP DEFAULT")
        return Response(status=204)
    triples = _body_triples()
    if request.method == "PUT":
        if graph is None:
            store().update("DROP DEFAULT")
            store().add_triples(None, triples)
        else:
            store().replace_graph(graph, triples)
    else:
        store().add_triples(graph, triples)
    return Response(status=204 if existed else 201)


@gsp.route("/data", methods=METHODS)
def indirect() -> Response:
    if request.method == "POST" and not request.args:
        return _create()
    return _handle(_indirect_graph())


@gsp.route("/data/<path:name>", methods=METHODS)
def direct(name: str) -> Response:
    return _handle(request.base_url)


def _create() -> Response:
    """POST to the graph store itself: a new graph with a fresh IRI, given in Location."""
    require_write()
    triples = _body_triples()
    graph = f"{request.host_url}data/{uuid.uuid4()}"
    store().add_triples(graph, triples)
    return Response(status=201, headers={"Location": graph})
