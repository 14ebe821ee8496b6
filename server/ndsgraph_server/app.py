"""Application factory: routes are blueprints, errors are mapped to HTTP in one place."""

import threading

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ndsgraph.errors import (
    InputError,
    NdsgraphError,
    NotAllowed,
    QuerySyntaxError,
    RunInProgress,
    UnknownResource,
    Unprocessable,
    UnsupportedMediaType,
    VersionConflict,
)
from ndsgraph.intake.submissions import Submissions
from ndsgraph.sparql import queries
from ndsgraph.store import Store
from ndsgraph_server.answer_cache import AnswerCache
from ndsgraph_server.api import api
from ndsgraph_server.archimate import archimate
from ndsgraph_server.body import bound_body
from ndsgraph_server.dashboard import dashboard
from ndsgraph_server.dumps import dumps
from ndsgraph_server.evaluators import Evaluator, ThreadEvaluator
from ndsgraph_server.gsp import gsp
from ndsgraph_server.imports import imports
from ndsgraph_server.intake import intake
from ndsgraph_server.language import (
    chosen,
    counted,
    lang,
    moment,
    noun,
    on_a_page,
    refusal,
    remembered,
    switch_link,
    text,
)
from ndsgraph_server.leg_uit import leg_uit
from ndsgraph_server.limits import Busy, LimitExceeded
from ndsgraph_server.links import page_for, short
from ndsgraph_server.pages import pages
from ndsgraph_server.register_page import register_page
from ndsgraph_server.runs_api import runs_api
from ndsgraph_server.settings import ServerSettings
from ndsgraph_server.sparql import sparql
from ndsgraph_server.ui import ui

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, If-Match",
    "Access-Control-Expose-Headers": "Content-Type, Location, ETag",
    "Access-Control-Max-Age": "600",
}


WRITES = ("POST", "PUT", "DELETE", "PATCH")


def create_app(
    store: Store, settings: ServerSettings | None = None, evaluator: Evaluator | None = None
) -> Flask:
    """The application over ``store``; reads are evaluated by ``evaluator`` (default: threads
    of this process; ``serve`` gives worker processes that can be stopped)."""
    settings = settings or ServerSettings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["NDSGRAPH_SETTINGS"] = settings
    # URLs the server writes (sd:endpoint, VoID, a new graph's IRI) come from the Host header
    app.config["TRUSTED_HOSTS"] = list(settings.trusted_hosts) or None
    app.extensions["ndsgraph.store"] = store
    app.extensions["ndsgraph.runner"] = evaluator or ThreadEvaluator(store, settings.limits)
    app.extensions["ndsgraph.adhoc"] = threading.BoundedSemaphore(settings.limits.adhoc_slots)
    if settings.answer_cache_bytes > 0:
        app.extensions["ndsgraph.answers"] = AnswerCache(settings.answer_cache_bytes)
    app.config["NDSGRAPH_BASE_URI"] = settings.base_uri
    app.jinja_env.filters["page"] = page_for
    app.jinja_env.filters["short"] = short
    app.jinja_env.filters["lang"] = lang
    app.jinja_env.globals.update(
        language=chosen, t=text, counted=counted, noun=noun, switch_link=switch_link, moment=moment
    )
    app.extensions["ndsgraph.submissions"] = Submissions(
        store, settings.home, settings.submission_policy
    )
    for blueprint in (
        sparql,
        gsp,
        api,
        pages,
        ui,
        intake,
        dashboard,
        runs_api,
        imports,
        register_page,
        dumps,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(leg_uit)
    app.register_blueprint(archimate)
    app.before_request(bound_body)
    app.after_request(remembered)
    if settings.trusted_proxies:  # the URLs a client sees (sd:endpoint, VoID) are the proxy's
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)

    @app.after_request
    def cors(response: Response) -> Response:
        response.headers.update(CORS)
        response.headers["X-Content-Type-Options"] = "nosniff"  # an echoed error stays text
        return response

    @app.after_request
    def snapshot_after_a_write(response: Response) -> Response:
        """The CLI beside the server reads its newest snapshot: take it now, not at the next
        read over HTTP, so `ndsgraph register` sees an accepted submission at once."""
        if request.method in WRITES and response.status_code < 400:
            app.extensions["ndsgraph.runner"].written()
        return response

    @app.errorhandler(InputError)
    def bad_input(error: InputError) -> tuple[str, int, dict[str, str]]:
        return _refused(error, 400)

    @app.errorhandler(QuerySyntaxError)
    def broken_query(error: QuerySyntaxError) -> tuple[str, int, dict[str, str]]:
        """One of ndsgraph's own queries does not parse (the SPARQL endpoint refuses a user's
        own text as bad input before it gets here): a bug, not the asker's."""
        name = queries.named_by(error.query) or "(one written in code)"
        app.logger.error("ndsgraph's own query %s does not parse: %s", name, error)
        return _plain(f"ndsgraph's own query {name} does not parse (a bug): {error}", 500)

    @app.errorhandler(UnknownResource)
    def unknown(error: UnknownResource) -> tuple[str, int, dict[str, str]]:
        return _plain(refusal(error), 404)

    @app.errorhandler(LimitExceeded)
    def limit(error: LimitExceeded) -> tuple[str, int, dict[str, str]]:
        """The client's query is too costly as asked: a 4xx, so that no client retries it
        unchanged; only a full endpoint (``Busy``) asks to come back later."""
        if isinstance(error, Busy):
            status, headers = 429, {"Retry-After": f"{settings.limits.timeout:g}"}
            return _plain(str(error), status, headers)
        return _plain(str(error), 422)

    @app.errorhandler(Unprocessable)
    def unprocessable(error: Unprocessable) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 422)

    @app.errorhandler(UnsupportedMediaType)
    def unsupported(error: UnsupportedMediaType) -> tuple[str, int, dict[str, str]]:
        return _refused(error, 415)

    @app.errorhandler(VersionConflict)
    def conflict(error: VersionConflict) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 412)

    @app.errorhandler(RunInProgress)
    def run_in_progress(error: RunInProgress) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 409)

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 403)

    @app.errorhandler(NdsgraphError)
    def server_error(error: NdsgraphError) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 500)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = error.get_response()
        response.set_data(f"{_described(error)}\n")
        response.content_type = "text/plain; charset=utf-8"
        return response

    return app


MACHINES = (
    "/api/",
    "/sparql",
    "/data",
)  # what programs ask: refused in English, as Werkzeug words it


# Werkzeug's names of the refusals a page may give, in Dutch
DUTCH_NAMES = {
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    413: "Verzoek te groot",
    503: "Niet beschikbaar",
}


def _described(error: HTTPException) -> str:
    """Werkzeug's words for a refusal, but an address that no route knows, asked outside the
    API and the endpoints, in the page's language: a person typed or followed it; and a
    refusal a page's route raised named in the page's language."""
    if error.code == 404 and request.endpoint is None and not request.path.startswith(MACHINES):
        return text(
            "Niet gevonden: op dit adres staat geen pagina. Begin bij / of /register.",
            "Not Found: there is no page at this address. Start at / or /register.",
        )
    if on_a_page():
        return (
            f"{text(DUTCH_NAMES.get(error.code or 0, error.name), error.name)}: {error.description}"
        )
    return f"{error.name}: {error.description}"


FORM_PAGES = {"intake.form": "validate.html"}  # a form a person sent: its page, refused


def _refused(error: InputError, status: int) -> tuple[str, int, dict[str, str]]:
    """A refusal in the request's language (``language.refusal``); of a form a person sent
    (``FORM_PAGES``), its page again with the refusal above the form, not a bare text."""
    page = FORM_PAGES.get(request.endpoint or "")
    if page is None:
        return _plain(refusal(error), status)
    html = render_template(page, refused=refusal(error))
    return html, status, {"Content-Type": "text/html; charset=utf-8"}


def _plain(
    message: str, status: int, headers: dict[str, str] | None = None
) -> tuple[str, int, dict[str, str]]:
    return message + "\n", status, {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
