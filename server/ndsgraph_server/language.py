"""The language a page is read in: ``?lang=`` (the switch on every page) wins, then the
``lang`` cookie it leaves, then the browser's Accept-Language; Dutch by default."""

from urllib.parse import urlencode

from flask import Response, g, request
from markupsafe import Markup, escape

from ndsgraph import notation
from ndsgraph.errors import InputError
from ndsgraph.names import DEFAULT_LANGUAGE, LANGUAGES

COOKIE = "lang"
# the blueprints whose refusals a person reads on a page: in the page's language (the API's,
# the endpoints' and the protocols' stay English, for the programs that read them)
PAGES = ("pages", "register_page", "leg_uit", "dashboard")
# pages outside those blueprints: a form that posts to itself, the list of stored queries
FORMS = ("intake.form", "ui.stored_queries")


def chosen() -> str:
    """``nl`` or ``en``, as this request asks (worked out once per request: a page asks for
    every word it writes)."""
    if "language" not in g:
        g.language = _asked()
    return g.language


def _asked() -> str:
    for asked in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if asked in LANGUAGES:
            return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def remembered(response: Response) -> Response:
    """A page varies by language; a switch by ``?lang=`` is kept for the next pages."""
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")  # the switch's cookie chooses the language too
    asked = request.args.get("lang")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def text(nl: str, en: str) -> str:
    """A template's own words in the chosen language: ``{{ t("Afnemers", "Adopters") }}``."""
    return en if chosen() == "en" else nl


def noun(number: int, nl: tuple[str, str], en: tuple[str, str]) -> str:
    """The singular or plural (``nl``, ``en``: both forms) for ``number``, in the chosen language."""
    one, many = en if chosen() == "en" else nl
    return one if number == 1 else many


def counted(number: int, nl: tuple[str, str], en: tuple[str, str]) -> str:
    """A number with its noun: ``{{ counted(n, ("rij", "rijen"), ("row", "rows")) }}``."""
    return f"{number} {noun(number, nl, en)}"


def switch_link(language: str) -> str:
    """This page in ``language``: the same address and query with ``lang`` set."""
    arguments = request.args.to_dict(flat=False) | {"lang": [language]}
    return request.path + "?" + urlencode(arguments, doseq=True)


def lang(text: object, page: str | None = None) -> Markup:
    """The ``lang`` attribute for the element that shows ``text`` (a ``names.Text``: a name,
    a literal's value) when it is written in another language than the page's (``page``,
    else the request's), so that a screen reader reads it in that language:
    ``<span{{ motivation | lang }}>``; in a long loop ``| lang(page)``, read once."""
    written = getattr(text, "language", "")
    if written and written != (page or chosen()):
        return Markup(f' lang="{escape(written)}"')
    return Markup("")


def moment(value: str) -> str:
    """A date or time as the page's language writes it (``notation.moment``): 30 november
    2026 13:34; any other text as it is."""
    return notation.moment(value, chosen())


def refusal(error: InputError) -> str:
    """An input error's message as the request's refusal says it: in the page's language on
    a page, in English elsewhere."""
    return error.said(chosen() if on_a_page() else "en")


def on_a_page() -> bool:
    """Whether a person reads this request's answer on a page (not a program, the API)."""
    return request.blueprint in PAGES or request.endpoint in FORMS
