"""The query UI at /: YASGUI from the npm package (served locally, no CDN), with the stored
queries as ready tabs, and a browsable list of the stored queries at /queries."""

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template

from ndsgraph import queries

ui = Blueprint("ui", __name__)
VENDOR = ("vendor/yasgui.min.js", "vendor/yasgui.min.css")


def missing(names: tuple[str, ...]) -> list[str]:
    """The front-end files (installed by `make`) that are not in the static folder."""
    static = Path(current_app.static_folder or "")
    return [name for name in names if not (static / name).is_file()]


@ui.get("/")
def index() -> Response:
    return Response(render_template("ui.html", missing=missing(VENDOR)))


@ui.get("/queries")
def stored_queries() -> Response:
    return Response(render_template("queries.html", queries=queries.load_queries().values()))
