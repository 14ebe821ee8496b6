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

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from ndsgraph.archimate import exporting, importing, writing
from ndsgraph.errors import InputError, shown
from ndsgraph_server.auth import require_write
from ndsgraph_server.execution import compute
from ndsgraph_server.sparql import store

archimate = Blueprint("archimate", __name__)
EXPORTS = {  # the parameter that chooses an export, and the export
    "organisation": exporting.organisation,
    "building-block": exporting.building_block,
    "graph": exporting.imported,
}


@archimate.get("/api/archimate")
def export() -> Response:
    """An export as an exchange file: the national picture, or the one the parameter names."""
    unknown = sorted(set(request.args) - set(EXPORTS))
    if unknown:
        raise InputError(
            f"{shown(unknown[0])}: not a parameter of /api/archimate (use one of "
            f"{', '.join(EXPORTS)}, or none for the national picture)"
        )
    given = [(name, request.args[name]) for name in EXPORTS if name in request.args]
    if len(given) > 1:
        raise InputError(
            f"give one of {', '.join(EXPORTS)}, not {' and '.join(n for n, _ in given)}"
        )
    if given:
        name, iri = given[0]
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise InputError(f"{name}: not an absolute IRI: '{shown(iri)}'") from None
        model = compute(EXPORTS[name], iri)
    else:
        model = compute(exporting.national)
    return Response(
        writing.write(model),
        content_type="application/xml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="ndsgraph-archimate.xml"'},
    )


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
