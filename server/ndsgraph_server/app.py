"""Application factory: routes are blueprints, errors are mapped to HTTP in one place."""

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from ndsgraph.answer_cache import AnswerCache
from ndsgraph.config import ServerSettings
from ndsgraph.errors import InputError, NdsgraphError, NotAllowed, UnsupportedMediaType
from ndsgraph.limits import Busy, LimitExceeded, QueryRunner, QueryTimeout
from ndsgraph.store import Store
from ndsgraph.submissions import Submissions
from ndsgraph_server.api import api
from ndsgraph_server.body import bound_body
from ndsgraph_server.dashboard import dashboard
from ndsgraph_server.gsp import gsp
from ndsgraph_server.intake import intake
from ndsgraph_server.links import page_for, short
from ndsgraph_server.pages import pages
from ndsgraph_server.sparql import sparql
from ndsgraph_server.ui import ui

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, If-Match",
    "Access-Control-Expose-Headers": "Content-Type, Location, ETag",
    "Access-Control-Max-Age": "600",
}


def create_app(store: Store, settings: ServerSettings | None = None) -> Flask:
    settings = settings or ServerSettings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["NDSGRAPH_SETTINGS"] = settings
    app.extensions["ndsgraph.store"] = store
    app.extensions["ndsgraph.runner"] = QueryRunner(settings.limits)
    if settings.answer_cache_bytes > 0:
        app.extensions["ndsgraph.answers"] = AnswerCache(settings.answer_cache_bytes)
    app.config["NDSGRAPH_BASE_URI"] = settings.base_uri
    app.jinja_env.filters["page"] = page_for
    app.jinja_env.filters["short"] = short
    app.extensions["ndsgraph.submissions"] = Submissions(
        store, settings.home, settings.submission_policy
    )
    for blueprint in (sparql, gsp, api, pages, ui, intake, dashboard):
        app.register_blueprint(blueprint)
    app.before_request(bound_body)

    @app.after_request
    def cors(response: Response) -> Response:
        response.headers.update(CORS)
        return response

    @app.errorhandler(InputError)
    def bad_input(error: InputError) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 400)

    @app.errorhandler(LimitExceeded)
    def limit(error: LimitExceeded) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 503 if isinstance(error, QueryTimeout | Busy) else 422)

    @app.errorhandler(UnsupportedMediaType)
    def unsupported(error: UnsupportedMediaType) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 415)

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 403)

    @app.errorhandler(NdsgraphError)
    def server_error(error: NdsgraphError) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 500)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = error.get_response()
        response.set_data(f"{error.name}: {error.description}\n")
        response.content_type = "text/plain; charset=utf-8"
        return response

    return app


def _plain(message: str, status: int) -> tuple[str, int, dict[str, str]]:
    return message + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}
