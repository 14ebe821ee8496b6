"""Whole-store validation runs over HTTP.

- ``POST /api/runs`` (the write token): make a whole-store run now, one at a time (a second
  request while one is going is a 409), judged today like every run the register keeps. 201,
  with the run's IRI and counts as JSON, and its register as the Location.
- ``GET /api/runs``: the runs recorded, newest first (the stored query ``runs``).
"""

import json

from flask import Blueprint, Response, current_app, request, url_for

from ndsgraph.register import national_run
from ndsgraph.sparql import queries
from ndsgraph_server.arguments import only
from ndsgraph_server.auth import require_write
from ndsgraph_server.execution import serialized
from ndsgraph_server.sparql import store

runs_api = Blueprint("runs_api", __name__)


@runs_api.post("/api/runs")
def start() -> Response:
    require_write()
    only(request.args, ())
    summary = national_run.run(store(), current_app.config["NDSGRAPH_SETTINGS"].home)
    register = url_for("api.run", name="register", run=summary.run.iri, _external=True)
    return Response(
        json.dumps({**summary.counts(), "register": register}, indent=2),
        status=201,
        content_type="application/json",
        headers={"Location": register},
    )


@runs_api.get("/api/runs")
def index() -> Response:
    return serialized(queries.stored("runs").text, request.accept_mimetypes)
