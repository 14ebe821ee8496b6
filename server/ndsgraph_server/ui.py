"""The query UI at /: YASGUI from the npm package (served locally, no CDN), with the questions
people ask (the stored queries not marked ``audience: internal``) as ready tabs, a browsable
list of the stored queries at /queries, our prefixes at /api/prefixes for the editor's
completion (instead of YASGUI's list from prefix.cc), and /api/names, the names of the IRIs a
result shows, so the result table reads as names."""

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ndsgraph import resources
from ndsgraph.errors import InputError, UnsupportedMediaType, shown
from ndsgraph.intake import rdfio
from ndsgraph.names import names, short
from ndsgraph.sparql import queries
from ndsgraph.vocabulary import SH
from ndsgraph_server.arguments import only
from ndsgraph_server.execution import compute
from ndsgraph_server.language import chosen
from ndsgraph_server.links import page_for

ui = Blueprint("ui", __name__)
VENDOR = ("vendor/yasgui.min.js", "vendor/yasgui.min.css")
PREFIXES = "prefixes.ttl"  # in shapes/: the sh:declare of our SPARQL constraints
FAVICON = "favicon.svg"
NAMES_AT_MOST = 1000  # IRIs per request: a page of results, with room to spare
NAMES_BODY = "application/json"  # the one media type /api/names reads


def missing(names: tuple[str, ...]) -> list[str]:
    """The front-end files (installed by `make`) that are not in the static folder."""
    static = Path(current_app.static_folder or "")
    return [name for name in names if not (static / name).is_file()]


def declared_prefixes() -> dict[str, str]:
    """Prefix to namespace, as shapes/prefixes.ttl declares them (sh:declare): one list for
    the shapes' SPARQL and the UI, kept in RDF."""
    path = resources.shapes_dir() / PREFIXES
    triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    nodes = [t.object for t in triples if t.predicate == SH.declare]
    values = {(t.subject, t.predicate): t.object.value for t in triples}
    return {values[node, SH.prefix]: values[node, SH.namespace] for node in nodes}


@ui.get("/")
def index() -> Response:
    return Response(render_template("ui.html", missing=missing(VENDOR)))


@ui.get("/queries")
def stored_queries() -> Response:
    only(request.args, ())
    return Response(render_template("queries.html", queries=queries.catalogue().values()))


@ui.get("/api/prefixes")
def prefixes() -> Response:
    only(request.args, ())
    return jsonify(declared_prefixes())


def _json_body() -> bytes:
    """The request body, if it says it is JSON: any other (a form, as `curl -d` sends) was
    read as JSON all the same; a 415 (mapped in ``app``) names the one it reads."""
    if request.mimetype != NAMES_BODY:
        given = f"'{shown(request.mimetype)}'" if request.mimetype else "no Content-Type"
        raise UnsupportedMediaType(
            f"send the IRIs as {NAMES_BODY} (Content-Type: {NAMES_BODY}), not {given}"
        )
    return request.get_data()


def _iris(given: object) -> tuple[str, ...]:
    """The IRIs a request body lists (a JSON list of strings), each checked to be an IRI."""
    if not isinstance(given, list) or not all(isinstance(iri, str) for iri in given):
        raise InputError('give the IRIs as a JSON list of strings: ["https://…", …]')
    if len(given) > NAMES_AT_MOST:
        raise InputError(f"at most {NAMES_AT_MOST} IRIs at once, got {len(given)}")
    for iri in given:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise InputError(f"not an IRI: '{shown(iri)}'") from None
    return tuple(sorted(set(given)))


@ui.post("/api/names")
def named() -> Response:
    """Each IRI's name in the chosen language (None for one without a name of its own) and
    its page: the query UI shows a result's IRIs as named links."""
    found = compute(names, _iris(rdfio.read_json(_json_body(), "request body")), chosen())
    return jsonify(
        {
            iri: {"name": name if name != short(iri) else None, "page": page_for(iri)}
            for iri, name in found.items()
        }
    )


@ui.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask /favicon.ico of pages that link none (an API answer): our SVG icon."""
    return current_app.send_static_file(FAVICON)
