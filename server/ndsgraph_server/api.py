"""Stored queries as an API: /api/queries lists them, /api/queries/<name> runs one.

Parameters come from the query string and are bound as typed RDF terms (SPARQL
substitution), never pasted into the query text. Answers are SPARQL JSON, CSV or HTML.
``limit`` and ``offset`` page an answer (``/api/queries/register?limit=100&offset=200``):
the register of a national landscape holds hundreds of thousands of rows. The register also
pages by cursor (``after``: the last finding of the page before, empty for the first page),
in its own order, so a page deep in it costs what the first does; the answer's ``Link``
header (RFC 8288) names the next page.
"""

import csv
import io
from datetime import date

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from ndsgraph.errors import InputError
from ndsgraph.register import runs, selection
from ndsgraph.sparql import named, queries, sparql_text
from ndsgraph_server import archimate
from ndsgraph_server.arguments import once, only, whole_number
from ndsgraph_server.execution import Cell, compute, serialized, table
from ndsgraph_server.language import chosen
from ndsgraph_server.negotiation import EXCHANGE_FILE, negotiate

api = Blueprint("api", __name__)
REGISTER = "register"  # the stored query of the register, whose filters are its page's
ANSWERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}
CURSORS = ("register",)  # the stored queries that page by cursor (``after``)


def _describe(query: queries.StoredQuery, language: str) -> dict:
    """A stored query as the listing gives it: its title and description in ``language``."""
    return {
        "name": query.name,
        "title": query.title_in(language),
        "description": query.description_in(language),
        "language": language,
        "audience": query.audience,
        "parameters": [
            {"name": p.name, "type": p.type, "description": p.description_in(language)}
            for p in query.parameters
        ],
        "href": url_for("api.run", name=query.name, _external=True),
        "form": query.form,
        "text": query.text,
    }


def _register_parameters(values: dict[str, str]) -> dict[str, str]:
    """register.rq's parameters for the register's filters among ``values`` (a code or an
    IRI, days or a date: ``selection.parameters``, as the page and the CLI check them); the
    others (``run``) as given."""
    filters = tuple(sorted((k, v) for k, v in values.items() if k in selection.FILTERS))
    others = {k: v for k, v in values.items() if k not in selection.FILTERS}
    return {**dict(compute(selection.checked, filters, date.today().isoformat())), **others}


def _paged(text: str, limit: str | None, offset: str | None) -> str:
    """The stored query's text, paged if ``limit`` or ``offset`` is given."""
    rows, skipped = whole_number("limit", limit), whole_number("offset", offset)
    return text if rows is None and skipped is None else sparql_text.paged(text, rows, skipped)


@api.get("/api/queries")
def index() -> Response:
    only(request.args, ())
    language = chosen()
    return jsonify([_describe(q, language) for q in queries.catalogue().values()])


@api.get("/api/queries/<name>")
def run(name: str) -> Response:
    query = queries.stored(name)
    once(request.args)
    values = {k: v for k, v in request.args.items() if v != ""}
    by_cursor = name in CURSORS and "after" in request.args
    after, limit, offset = (values.pop(k, None) for k in ("after", "limit", "offset"))
    if by_cursor and offset is not None:
        raise InputError("offset: a page starts after a cursor (after) or at an offset, not both")
    text = query.text if by_cursor else _paged(query.text, limit, offset)
    if after is not None and not by_cursor:
        raise InputError(f"after: only {', '.join(CURSORS)} pages by cursor")
    if name == REGISTER:  # its filters take the forms the register page takes
        values = _register_parameters(values)
    if any(p.type == "organisation" and p.name in values for p in query.parameters):
        values = compute(selection.with_organisations, name, tuple(sorted(values.items())))
    query.bind(values)  # refuses unknown parameters and malformed values before any evaluation
    for parameter in query.parameters:  # a run named by its graph, or unknown: see runs.named
        if parameter.type == "run" and parameter.name in values:
            values[parameter.name] = compute(runs.named, values[parameter.name])
    substitutions = query.bind(values)
    following = None
    if by_cursor:  # the page's rows, which hold the parameters' values: nothing to bind
        text, following = _after(values, limit, after)
        substitutions = {}
    response = _answer(query, text, values, substitutions, _whole_landscape(query, values))
    if following is not None:
        response.headers["Link"] = f'<{_link(after=following)}>; rel="next"'
    return response


def _whole_landscape(query: queries.StoredQuery, values: dict[str, str]) -> bool:
    """Whether the query is asked of every organisation: one of its organisation parameters
    is left out (peer-adoption-shares then compares every organisation with its peers). As
    in SPARQL an unbound variable matches anything, so it answers; but as costly as an
    ad-hoc query, it takes an ad-hoc slot (NDSGRAPH_MAX_ADHOC_QUERIES) when evaluated."""
    return any(p.type == "organisation" and p.name not in values for p in query.parameters)


def _after(values: dict[str, str], limit: str | None, after: str | None) -> tuple[str, str | None]:
    """The register's page after the finding ``after`` (none: the first page), as a query,
    and the cursor of the next page (None: this is the last)."""
    size = whole_number("limit", limit) or selection.PAGE
    if size > selection.PAGE:
        raise InputError(f"limit: a page by cursor holds at most {selection.PAGE} rows")
    return compute(selection.page_after, tuple(sorted(values.items())), size, after)


def _link(**changed: str) -> str:
    """This request's address with some arguments changed."""
    arguments = {**request.args.to_dict(), **changed}
    return url_for("api.run", name=request.view_args["name"], _external=True, **arguments)


def _answer(
    query: queries.StoredQuery,
    text: str,
    values: dict[str, str],
    substitutions: dict,
    adhoc: bool,
) -> Response:
    """The stored query's answer in the negotiated format (``adhoc``: in an ad-hoc slot)."""
    name = query.name
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return serialized(text, request.accept_mimetypes, substitutions=substitutions, adhoc=adhoc)
    offers = ANSWERS | ({EXCHANGE_FILE: "archimate"} if name in archimate.QUERY_PICTURES else {})
    answer = offers[negotiate(request.accept_mimetypes, offers)]
    if answer == "archimate":
        return archimate.query_picture(name, substitutions)
    if answer == "csv":
        pairs = tuple(sorted(substitutions.items(), key=lambda item: item[0].value))
        columns, rows = compute(named.answer, text, pairs, chosen(), adhoc=adhoc)
        return Response(
            _csv(columns, rows), content_type="text/csv; charset=utf-8", headers={"Vary": "Accept"}
        )
    if answer != "html":
        return serialized(text, request.accept_mimetypes, substitutions=substitutions, adhoc=adhoc)
    names, rows = table(text, substitutions, adhoc)
    names, rows = _named_cells(names, rows)
    return Response(
        render_template("results.html", query=query, values=values, names=names, rows=rows)
    )


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # as SPARQL's CSV results
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _named_cells(
    columns: list[str], rows: list[dict[str, Cell | None]]
) -> tuple[list[str], list[dict[str, Cell | None]]]:
    """An HTML answer's table with the names of its IRIs beside them (``<column>Name``)."""
    plain = [[cell.value if cell else "" for cell in (row[c] for c in columns)] for row in rows]
    iris = tuple(sorted(named.iris_in(plain)))
    names = compute(named.term_names, iris, chosen()) if iris else {}
    shown, texts = named.with_names(columns, plain, names)
    table_rows = []
    for row, named_row in zip(rows, texts, strict=True):
        text = dict(zip(shown, named_row, strict=True))
        name = {c: Cell("literal", text[c]) if text[c] else None for c in shown if c not in row}
        table_rows.append({**row, **name})
    return shown, table_rows
