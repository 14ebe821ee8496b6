"""Validation as a service and submissions over HTTP.

- ``POST /api/validate``: validate an upload without storing it (dry run);
- ``GET /validate``: the upload form, which posts to ``POST /validate`` (the dry run, its
  refusals in the page's language); ``GET /api/validate/template.csv``: the CSV template;
- ``POST /api/submissions``: validate and, if accepted, replace the submitter's graph
  (If-Match guards against lost updates);
- ``GET /api/submissions/<who>`` (current version, ETag; If-None-Match), ``…/versions``,
  ``…/versions/<n>``, ``…/diff?from=&to=``.
"""

import hashlib
import json
import re

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from ndsgraph.errors import InputError
from ndsgraph.intake import csv_template, ingest
from ndsgraph.intake.submissions import Precondition, Submissions, judge, slug
from ndsgraph.intake.submitters import Registry
from ndsgraph.register import selection
from ndsgraph.validation import naming_store
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import SH
from ndsgraph_server.arguments import only, whole_number
from ndsgraph_server.auth import require_submitter
from ndsgraph_server.execution import evaluate
from ndsgraph_server.language import chosen
from ndsgraph_server.negotiation import negotiate
from ndsgraph_server.sparql import store

intake = Blueprint("intake", __name__)
REPORTS = ["application/json", "text/turtle", "text/html", "text/csv"]
ENTITY_TAG = r'(W/)?"[\x21\x23-\x7e\x80-\xff]*"'  # RFC 9110 section 8.8.3
ENTITY_TAGS = re.compile(rf"\s*(\*|{ENTITY_TAG}(\s*,\s*{ENTITY_TAG})*)\s*")  # If-Match


def submissions() -> Submissions:
    return current_app.extensions["ndsgraph.submissions"]


def _upload() -> tuple[bytes, str, str]:
    """The uploaded bytes, their media type and a name, from a body or a multipart form."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise InputError(
                "the form holds no file (field 'file')",
                nl="het formulier bevat geen bestand (veld 'file')",
            )
        media_type = upload.mimetype
        if media_type in ("application/octet-stream", "") and upload.filename:
            media_type = {
                "ttl": "text/turtle",
                "nt": "application/n-triples",
                "jsonld": "application/ld+json",
                "rdf": "application/rdf+xml",
                "csv": "text/csv",
                "xml": "application/xml",  # an ArchiMate exchange file
            }.get(upload.filename.rsplit(".", 1)[-1], media_type)
        return upload.read(), media_type, upload.filename
    return request.get_data(), request.mimetype, "request body"


def _report(
    findings: list[Finding],
    report: list[ox.Triple],
    triples: list[ox.Triple],
    status: int,
    extra: dict,
) -> Response:
    """The outcome as the register writes findings: each term's name beside its IRI and the
    message as people read it (``message``), in the reader's language, named by the upload
    and the reference data (as ``ndsgraph submit`` names them); the recorded ``message_nl``
    and ``message_en`` and ``value_is_iri`` stay, so a client reads the finding back."""
    kind = negotiate(request.accept_mimetypes, {t: t for t in REPORTS})
    if kind == "text/turtle":
        return Response(
            ox.serialize(report, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH.base}),
            status=status,
            content_type="text/turtle; charset=utf-8",
        )
    language, named_by = chosen(), naming_store(triples)
    if kind == "text/csv":
        body = selection.written(named_by, findings, "csv", language)
        return Response(body, status=status, content_type="text/csv; charset=utf-8")
    if kind == "text/html":
        caption = ("Bevindingen over de upload", "Findings about the upload")  # not the register
        table = Markup(selection.written(named_by, findings, "html", language, caption=caption))
        page = render_template("report.html", table=table, size=len(findings), extra=extra)
        return Response(page, status=status, content_type="text/html; charset=utf-8")
    shown = selection.named_rows(named_by, findings, language)
    body = {
        **extra,
        "findings": [
            {**row, "value_is_iri": f.value_is_iri} for row, f in zip(shown, findings, strict=True)
        ],
    }
    return Response(
        json.dumps(body, indent=2, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def _read(data: bytes, media_type: str, name: str, submitter: str | None) -> list[ox.Triple]:
    settings = current_app.config["NDSGRAPH_SETTINGS"]
    return ingest.read_upload(
        data,
        media_type,
        source=name,
        max_triples=settings.max_upload_triples,
        store=store(),
        submitter=submitter,
    )


@intake.post("/api/validate")
def validate() -> Response:
    only(request.args, ())
    data, media_type, name = _upload()
    submitter = require_submitter() if "Authorization" in request.headers else None
    triples = _read(data, media_type, name, submitter.iri if submitter else None)
    if submitter:  # as the submission would refuse it
        submissions().check_scope(submitter, triples)
    own = frozenset({submissions().graph(submitter.iri)} if submitter else ())  # it replaces
    # within the query limits, like every public read: the context lookup and the validation
    outcome = evaluate(judge, triples, hashlib.sha256(data).hexdigest(), own)
    summary = {
        "conforms": outcome.conforms,
        "stored": False,
        "unexplained": sum(not f.explained for f in outcome.findings),
    }
    return _report(outcome.findings, outcome.report, triples, 200, summary)


@intake.route("/validate", methods=["GET", "POST"])
def form() -> Response:
    """The upload form, and its dry run: as ``POST /api/validate``, but a person reads it."""
    only(request.args, ())
    if request.method == "POST":
        return validate()
    return Response(render_template("validate.html"))


@intake.get("/api/validate/template.csv")
def template() -> Response:
    return Response(
        csv_template.template(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=ndsgraph-template.csv"},
    )


def _if_match() -> Precondition | None:
    """If-Match as RFC 9110 writes it: ``*`` or a list of quoted entity tags, of which weak
    ones (``W/"…"``) never match; anything else is a 400."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    if not ENTITY_TAGS.fullmatch(value):
        raise InputError(
            f'If-Match must be * or quoted entity tags such as "1-abc", not {value[:100]!r}'
        )
    tags = request.if_match  # parsed by Werkzeug
    return Precondition(frozenset(tags.as_set()), tags.star_tag)


@intake.post("/api/submissions")
def submit() -> Response:
    submitter = require_submitter()
    only(request.args, ())
    precondition = _if_match()
    data, media_type, name = _upload()
    triples = _read(data, media_type, name, submitter.iri)
    outcome = submissions().submit(submitter, triples, if_match=precondition)
    summary = {
        "accepted": outcome.accepted,
        "graph": outcome.graph,
        "version": outcome.version,
        "etag": outcome.etag,
        "run": outcome.run,
        "quarantine": outcome.quarantine,
        "unexplained": sum(not f.explained for f in outcome.findings),
    }
    status = 201 if outcome.accepted else 422
    response = _report(outcome.findings, outcome.report, triples, status, summary)
    if outcome.accepted:
        response.set_etag(outcome.etag)
        response.headers["Location"] = (
            f"/api/submissions/{slug(submitter.iri)}/versions/{outcome.version}"
        )
    return response


def _by_slug(who: str) -> str:
    for entry in Registry.at(current_app.config["NDSGRAPH_SETTINGS"].home).list():
        if slug(entry["iri"]) == who:
            return entry["iri"]
    raise NotFound(f"no submitter {who[:100]!r}")


@intake.get("/api/submissions/<who>")
def current(who: str) -> Response:
    iri = _by_slug(who)
    version = submissions().current(iri)
    if version is None:
        raise NotFound(f"{iri} has submitted nothing yet")
    response = Response(
        json.dumps({"submitter": iri, "graph": submissions().graph(iri), **version}),
        content_type="application/json",
    )
    response.set_etag(version["etag"])
    return response.make_conditional(request)  # If-None-Match: 304


@intake.get("/api/submissions/<who>/versions")
def versions(who: str) -> Response:
    return Response(
        json.dumps(submissions().versions(_by_slug(who))), content_type="application/json"
    )


@intake.get("/api/submissions/<who>/versions/<number>")
def version(who: str, number: str) -> Response:
    """A version by its number: anything else is a 400 naming it, not a 404 for no route."""
    asked = whole_number("version", number) or 0  # never None: the route gives a number
    data = submissions().version_data(_by_slug(who), asked)
    return Response(data, content_type="application/n-triples; charset=utf-8")


@intake.get("/api/submissions/<who>/diff")
def diff(who: str) -> Response:
    if "from" not in request.args or "to" not in request.args:
        raise InputError("give ?from=N&to=M (version numbers)")
    old, new = (whole_number(k, request.args[k]) or 0 for k in ("from", "to"))
    if old > new:  # as a span of moments is refused (stored queries' from and to)
        raise InputError(f"parameter 'from' ({old}) comes after parameter 'to' ({new})")
    added, removed = submissions().diff(_by_slug(who), old, new)
    return Response(
        json.dumps({"from": old, "to": new, "added": added, "removed": removed}, indent=2),
        content_type="application/json",
    )
