"""The *leg uit* statement of an organisation for a year, for its annual report:
``/organisatie/<code>/leg-uit?jaar=2026``, a page (HTML), a PDF (``Accept: application/pdf``
or ``?format=pdf``, a link a person can click) or plain text, in the chosen language. A thin
layer over ``ndsgraph.leg_uit``, which says what the statement says."""

from datetime import date

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import ServiceUnavailable

from ndsgraph import leg_uit as statements
from ndsgraph.errors import InputError, shown
from ndsgraph.leg_uit import pdf
from ndsgraph.leg_uit.content import FIRST_YEAR
from ndsgraph_server.arguments import only
from ndsgraph_server.execution import compute
from ndsgraph_server.language import chosen
from ndsgraph_server.links import page_for
from ndsgraph_server.negotiation import negotiate

leg_uit = Blueprint("leg_uit", __name__)
FORMATS = {"html": "text/html", "pdf": "application/pdf", "text": "text/plain"}


def _media_type() -> str:
    """``?format=`` (for a link), else the client's Accept."""
    asked = request.args.get("format")
    if asked is None:
        return negotiate(request.accept_mimetypes, {media: None for media in FORMATS.values()})
    if asked not in FORMATS:
        formats, given = ", ".join(FORMATS), shown(asked)
        raise InputError(
            f"parameter 'format' must be one of {formats}, got '{given}'",
            nl=f"parameter 'format' moet een van {formats} zijn, niet '{given}'",
        )
    return FORMATS[asked]


@leg_uit.get("/organisatie/<code>/leg-uit")
def statement(code: str) -> Response:
    today = date.today()
    only(request.args, ("jaar", "format"))
    asked = request.args.get("jaar", str(today.year))
    year = statements.checked_year(asked, today, "parameter 'jaar'")
    media_type = _media_type()
    missing = pdf.unavailable() if media_type == FORMATS["pdf"] else None
    if missing:  # an installation without Pango: say what to install, not a traceback
        raise ServiceUnavailable(missing)
    found = compute(statements.statement, code, year, chosen())
    document = statements.document(found)
    name = f"leg-uit-{found.organisation.code or code}-{year}"
    headers = {"Vary": "Accept, Accept-Language"}
    if media_type == FORMATS["pdf"]:
        headers["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        # made in a query worker: bounded in time, memory and number at once; kept like an answer
        made = compute(statements.as_pdf, code, year, chosen())
        return Response(made, mimetype=media_type, headers=headers)
    if media_type == FORMATS["text"]:
        headers["Content-Disposition"] = f'inline; filename="{name}.txt"'
        return Response(
            statements.text(document), content_type="text/plain; charset=utf-8", headers=headers
        )
    page = render_template(
        "leg_uit.html",
        document=document,
        article=Markup(statements.article(document)),  # escaped by the library's template
        statement=found,
        years=range(today.year, FIRST_YEAR - 1, -1),
        organisation_page=page_for(found.organisation.iri),
    )
    return Response(page, content_type="text/html; charset=utf-8", headers=headers)
