"""ArchiMate models over HTTP (the Open Group Model Exchange File Format, ArchiMate 3.x).

- ``POST /api/imports/archimate``: a published model as the body, with the write token: stored
  as the graph of its identifier (``/graph/archimate/{identifier}``); 201 with what was stored.
  An organisation's own model is a submission: ``POST /api/submissions`` with
  ``Content-Type: application/xml`` and its submitter token (``intake``).
- ``GET /api/archimate`` with ``organisation=IRI``, ``building-block=IRI`` or ``graph=IRI``
  (or none: the national picture): the export, as an exchange file (``application/xml``).

A file that is not valid against the exchange format's XSD is a 400 naming the line (mapped
in ``app``); a refused one stores nothing.
"""

import json

from flask import Blueprint, Response, current_app, request

from ndsgraph.archimate import importing
from ndsgraph_server.auth import require_write
from ndsgraph_server.sparql import store

archimate = Blueprint("archimate", __name__)


@archimate.post("/api/imports/archimate")
def import_model() -> Response:
    require_write()
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    imported = importing.import_model(
        store(), settings.home, request.get_data(), source="request body"
    )
    return Response(
        json.dumps(imported.as_json(), indent=2, ensure_ascii=False),
        status=201,
        content_type="application/json",
    )
