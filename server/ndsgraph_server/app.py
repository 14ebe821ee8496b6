"""Application factory: routes are blueprints, errors are mapped to HTTP in one place."""

from flask import Flask
from werkzeug.exceptions import HTTPException

from ndsgraph.errors import InputError, NdsgraphError
from ndsgraph.store import Store
from ndsgraph_server.sparql import sparql

STORE = "ndsgraph.store"


def create_app(store: Store, *, max_body_bytes: int = 10 * 1024 * 1024) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = max_body_bytes
    app.extensions[STORE] = store
    app.register_blueprint(sparql)

    @app.errorhandler(InputError)
    def bad_input(error: InputError) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 400)

    @app.errorhandler(NdsgraphError)
    def server_error(error: NdsgraphError) -> tuple[str, int, dict[str, str]]:
        return _plain(str(error), 500)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
        return _plain(f"{error.name}: {error.description}", error.code or 500)

    return app


def _plain(message: str, status: int) -> tuple[str, int, dict[str, str]]:
    return message + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}
