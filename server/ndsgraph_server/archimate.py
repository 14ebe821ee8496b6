"""ArchiMate models over HTTP (the Open Group Model Exchange File Format, ArchiMate 3.x).

- ``POST /api/imports/archimate``: a published model as the body, with the write token: stored
  as the graph of its identifier (``/graph/archimate/{identifier}``); 201 with what was stored.
  An organisation's own model is a submission: ``POST /api/submissions`` with
  ``Content-Type: application/xml`` and its submitter token (``intake``).
- ``GET /api/archimate`` with ``organisation=IRI`` (or its code, gm0034), ``building-block=IRI`` or ``graph=IRI``
  (or none: the national picture, in an ad-hoc slot as a /sparql query): the export, as an
  exchange file (``application/xml``).
- The same exports where a page or a stored query answers with the same picture, when it is
  asked for ``application/xml`` (``negotiation.EXCHANGE_FILE``): an organisation's page and
  ``landscape-picture``, a building block's page and ``dependency-picture``.

A file that is not valid against the exchange format's XSD is a 400 naming the line (mapped
in ``app``); a refused one stores nothing.
"""

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import NotAcceptable

from ndsgraph.archimate import exporting, importing, writing
from ndsgraph.archimate.model import Model
from ndsgraph.errors import InputError, shown
from ndsgraph.register import selection
from ndsgraph.store import Term
from ndsgraph_server.arguments import once, only
from ndsgraph_server.auth import require_write
from ndsgraph_server.execution import compute
from ndsgraph_server.sparql import store

archimate = Blueprint("archimate", __name__)
EXPORTS = {  # the parameter that chooses an export, and the export
    "organisation": exporting.organisation,
    "building-block": exporting.building_block,
    "graph": exporting.imported,
}
QUERY_PICTURES = {  # stored queries also answered as an exchange file: their parameter, the export
    "landscape-picture": ("organisation", exporting.organisation),
    "dependency-picture": ("block", exporting.building_block),
}


def exchange_file(model: Model) -> Response:
    return Response(
        writing.write(model),
        content_type="application/xml; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="ndsgraph-archimate.xml"',
            "Vary": "Accept",
        },
    )


def query_picture(name: str, substitutions: dict[ox.Variable, Term]) -> Response:
    """A stored query's picture (``QUERY_PICTURES``) as an exchange file."""
    parameter, export = QUERY_PICTURES[name]
    subject = substitutions.get(ox.Variable(parameter))
    if subject is None:
        raise InputError(f"{parameter}: needed for an ArchiMate exchange file of {name}")
    return exchange_file(compute(export, subject.value))


def page_picture(iri: str) -> Response:
    """What a page offers as an exchange file: an organisation's landscape or a building
    block's dependency picture (406 for anything else)."""
    model = compute(exporting.picture, iri)
    if model is None:
        raise NotAcceptable(
            f"application/xml (an ArchiMate exchange file) is offered for organisations and "
            f"building blocks, not for {iri}"
        )
    return exchange_file(model)


@archimate.get("/api/archimate")
def export() -> Response:
    """An export as an exchange file: the national picture, or the one the parameter names."""
    once(request.args)
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
        if name == "organisation":  # by its IRI or its code, as the register reads one
            iri = compute(selection.organisation, iri, name)
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise InputError(f"{name}: not an absolute IRI: '{shown(iri)}'") from None
        model = compute(EXPORTS[name], iri)
    else:  # the whole store: as heavy as an ad-hoc query, so it waits for an ad-hoc slot
        model = compute(exporting.national, adhoc=True)
    return exchange_file(model)


@archimate.post("/api/imports/archimate")
def import_model() -> Response:
    """A model imported by the admin; a parameter is refused by name (``?as=`` imported it as
    the admin's, silently: a submitter's model goes through ``POST /api/submissions``)."""
    require_write()
    only(request.args, ())
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    imported = importing.import_model(
        store(), settings.home, request.get_data(), source="request body"
    )
    return Response(
        json.dumps(imported.as_json(), indent=2, ensure_ascii=False),
        status=201,
        content_type="application/json",
    )
