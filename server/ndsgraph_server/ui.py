"""The query UI at /: YASGUI from the npm package (served locally, no CDN), with the stored
queries as ready tabs, a browsable list of the stored queries at /queries, and our prefixes
at /api/prefixes for the editor's completion (instead of YASGUI's list from prefix.cc)."""

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, render_template

from ndsgraph import resources
from ndsgraph.sparql import queries
from ndsgraph.vocabulary import SH

ui = Blueprint("ui", __name__)
VENDOR = ("vendor/yasgui.min.js", "vendor/yasgui.min.css")
PREFIXES = "prefixes.ttl"  # in shapes/: the sh:declare of our SPARQL constraints


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
    return Response(render_template("queries.html", queries=queries.catalogue().values()))


@ui.get("/api/prefixes")
def prefixes() -> Response:
    return jsonify(declared_prefixes())
