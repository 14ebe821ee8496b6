"""Imports of measured sources over HTTP, one route per source, for the write (admin) token.

- ``POST /api/imports/internetnl``: internet.nl batch results (multipart form: one or more
  files in the field ``results``, one per web or mail batch, API v1.1 or v2, and the domain
  list ``domain,organisation`` in the field ``domains``); 201 with the import's summary.
- ``POST /api/imports/api-register?date=YYYY-MM-DD``: an API register export (the JSON array
  of API records as developer.overheid.nl's ``GET /apis`` serves them) as the body; ``date``
  is the export's (default: today); 201 with what was stored and what was left out.

Every file is read and checked before anything is stored; bad input is a 400 naming the file
and the place (mapped in ``app``), and leaves the store as it was. What fails after that is the
store's (a 500): the graphs may be stored, marked for the next whole-store run to judge.
"""

import json
from datetime import date

from flask import Blueprint, Response, current_app, request

from ndsgraph.errors import InputError
from ndsgraph.importers import api_register, internetnl
from ndsgraph_server.arguments import only
from ndsgraph_server.auth import require_write
from ndsgraph_server.sparql import store

imports = Blueprint("imports", __name__)


def _files(field: str) -> list[tuple[str, bytes]]:
    """The files of a multipart form's ``field`` (name and content); none is an input error."""
    if request.mimetype != "multipart/form-data":
        raise InputError(
            f"send a multipart form (curl -F {field}=@FILE …), not '{request.mimetype or 'no body'}'"
        )
    found = [(f.filename or field, f.read()) for f in request.files.getlist(field)]
    if not found:
        raise InputError(f"the form holds no file in the field '{field}'")
    return found


def _created(summary: dict) -> Response:
    return Response(
        json.dumps(summary, indent=2, ensure_ascii=False),
        status=201,
        content_type="application/json",
    )


@imports.post("/api/imports/internetnl")
def internetnl_results() -> Response:
    require_write()
    only(request.args, ())
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    results = _files("results")
    [(name, data), *more] = _files("domains")
    if more:
        raise InputError("the form holds more than one file in the field 'domains'")
    batches = [internetnl.read_batch(content, filename) for filename, content in results]
    mapping = internetnl.read_domains(data, name, settings.max_upload_triples)
    summary = internetnl.import_batches(
        store(), settings.home, batches, mapping, settings.max_upload_triples
    )
    return _created(summary.as_json())


@imports.post("/api/imports/api-register")
def api_register_export() -> Response:
    require_write()
    only(request.args, ("date",))
    given = request.args.get("date")
    try:
        day = date.fromisoformat(given) if given else date.today()
    except ValueError:
        raise InputError(f"date: '{given}' is not a date (YYYY-MM-DD)") from None
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    outcome = api_register.import_register(
        store(), settings.home, request.get_data(), source="api-register export", day=day
    )
    return _created(outcome.as_json())
