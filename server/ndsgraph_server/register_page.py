"""The register as a page (/register): the national register narrowed by the filters in its
address (a GET form, so every view is a link to share), a page at a time, and the same
selection as CSV or JSON (``?format=csv`` or ``Accept: text/csv``).

At national size a view must answer in 200 ms: the filters are checked and the page read in
one job (each job is a round trip to a query worker), and the filters' choices, the same for
every view, are read once per data version and written out without a template loop."""

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from markupsafe import Markup, escape

from ndsgraph.errors import InputError, shown
from ndsgraph.names import day
from ndsgraph.register import selection
from ndsgraph.register.selection import Choices, Page
from ndsgraph.store import Store
from ndsgraph_server.arguments import once, whole_number
from ndsgraph_server.execution import compute
from ndsgraph_server.language import chosen
from ndsgraph_server.links import page_for
from ndsgraph_server.negotiation import negotiate

register_page = Blueprint("register_page", __name__, template_folder="templates")
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
ANSWERS = {"text/html": "html", "text/csv": "csv", "application/json": "json"}
MEDIA_TYPES = {fmt: media_type for media_type, fmt in ANSWERS.items()}
OWN = ("lang", "limit", "offset", "after", "format")  # the page's own arguments beside the filters


def viewed(
    store: Store,
    given: tuple[tuple[str, str], ...],
    today: str,
    size: int,
    offset: int,
    language: str,
    after: str | None = None,
) -> Page:
    """A page of the view the filters ``given`` choose, after the finding ``after`` (one
    job: see the module)."""
    return selection.page(
        store, selection.checked(store, given, today), size, offset, language, after
    )


def written(
    store: Store, given: tuple[tuple[str, str], ...], today: str, fmt: str, language: str
) -> str:
    """The whole view the filters ``given`` choose, as CSV or JSON (one job)."""
    return selection.text(store, selection.checked(store, given, today), fmt, language)


def written_page(
    store: Store,
    given: tuple[tuple[str, str], ...],
    today: str,
    fmt: str,
    language: str,
    size: int,
    after: str | None,
) -> tuple[str, str | None]:
    """A page of the view the filters ``given`` choose, as CSV or JSON, and the cursor of
    the next page (one job)."""
    values = selection.checked(store, given, today)
    return selection.page_text(store, values, fmt, language, size, after)


def choices(language: str) -> Choices:
    """What each filter can be: read once per data version of the store (a view's own
    answer is the answer cache's, which may be off; these are the same for every view)."""
    store = current_app.extensions["ndsgraph.store"]
    version = store.version()
    kept = current_app.extensions.setdefault("ndsgraph.register_choices", {})
    if version is None or (version, language) not in kept:
        made = compute(selection.choices, language)
        if version is None:
            return made
        kept.clear()  # only the newest version's are asked for again
        kept[(version, language)] = made
    return kept[(version, language)]


def options(choices: Iterable[tuple[str, ...]], chosen: str | None) -> Markup:
    """A select's options, each (value, name, ...), the chosen value selected: a Python loop,
    as the organisations are hundreds (a template loop over them takes tens of milliseconds)."""
    return Markup(
        "".join(
            f'<option value="{escape(value)}"{" selected" if chosen and value == chosen else ""}>'
            f"{escape(name)}</option>"
            for value, name, *_ in choices
        )
    )


def organisation_options(choices: Choices, given: str | None) -> Markup:
    """The organisations by name, each chosen by its code (else its IRI); the one ``given``
    (by code or IRI) selected."""
    named = [(code or iri, name, iri) for iri, name, code in choices.organisations]
    chosen = next((value for value, _, iri in named if given in (value, iri)), None)
    return options(((value, name) for value, name, _ in named), chosen)


def readable(moment: str | None, language: str) -> str:
    """A date or time as a person reads a day: 30 november 2026."""
    if not moment:
        return ""
    return day(date.fromisoformat(moment[:10]), language)


def _format() -> str:
    asked = request.args.get("format")
    if asked is None:
        return ANSWERS[negotiate(request.accept_mimetypes, ANSWERS)]
    if asked not in MEDIA_TYPES:
        formats = ", ".join(MEDIA_TYPES)
        raise InputError(
            f"format: '{shown(asked)}' is not one of {formats}",
            nl=f"format: '{shown(asked)}' is niet een van {formats}",
        )
    return asked


def _given() -> tuple[tuple[str, str], ...]:
    """The filters in the address; a repeated or unknown argument is refused by name."""
    once(request.args)
    unknown = sorted(set(request.args) - set(selection.FILTERS) - set(OWN))
    if unknown:
        name, filters = shown(unknown[0]), ", ".join(selection.FILTERS)
        raise InputError(
            f"the register has no filter '{name}' (its filters: {filters})",
            nl=f"het register heeft geen filter '{name}' (zijn filters: {filters})",
        )
    return tuple(sorted((k, v) for k, v in request.args.items() if k in selection.FILTERS))


def link(**changed: str | int | None) -> str:
    """This view's address with some arguments changed (None: left out)."""
    arguments = {**request.args.to_dict(), **changed}
    kept = {k: v for k, v in arguments.items() if v not in (None, "")}
    return request.path + ("?" + urlencode(kept) if kept else "")


@register_page.get("/register")
def register() -> Response:
    given = _given()
    fmt, language = _format(), chosen()
    today = date.today().isoformat()
    limit = whole_number("limit", request.args.get("limit"))
    # 0 was the first page of 100 rows, and more than the most a page of that many, silently
    if limit is not None and not 1 <= limit <= MAX_PAGE_SIZE:
        raise InputError(
            f"limit: a page holds 1 to {MAX_PAGE_SIZE} findings, not {limit}",
            nl=f"limit: een pagina bevat 1 tot {MAX_PAGE_SIZE} bevindingen, niet {limit}",
        )
    offset = whole_number("offset", request.args.get("offset")) or 0
    after = request.args.get("after") or None  # the cursor: the previous page's last finding
    size = limit or PAGE_SIZE
    if fmt != "html":
        headers = {"Vary": "Accept", "Content-Disposition": f'inline; filename="register.{fmt}"'}
        if limit is None and after is None:  # the whole view
            body = compute(written, given, today, fmt, language)
        else:  # a page of it, by cursor; the next page in the Link header (RFC 8288)
            body, following = compute(written_page, given, today, fmt, language, size, after)
            if following is not None:
                headers["Link"] = f'<{link(after=following, offset=None)}>; rel="next"'
        return Response(body, content_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8", headers=headers)
    page = compute(viewed, given, today, size, offset, language, after)
    return Response(
        render_template(
            "register.html",
            page=page,
            given=dict(given),
            choices=choices(language),
            options=options,
            organisation_options=organisation_options,
            size=size,
            offset=offset,
            after=after,
            link=link,
            page_for=page_for,
            readable=readable,
        ),
        headers={"Vary": "Accept"},
    )
