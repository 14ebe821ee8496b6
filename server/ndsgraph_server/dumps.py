"""The dataset as one download, in TriG or N-Quads (/dump.trig, /dump.nq): the distributions
the DCAT description offers next to the SPARQL endpoint."""

from flask import Blueprint, Response, current_app, send_file

from ndsgraph.store import dumps as dumps_of
from ndsgraph_server.sparql import store

dumps = Blueprint("dumps", __name__)


@dumps.get("/dump.<any(trig, nq):extension>")
def dump(extension: str) -> Response:
    # absolute: send_file reads a relative path from the application's folder, not the cwd
    folder = current_app.config["NDSGRAPH_SETTINGS"].home.absolute() / "dumps"
    path = dumps_of.current(store(), folder, extension)
    return send_file(
        path,
        mimetype=dumps_of.FORMATS[extension][1],
        download_name=f"ndsgraph.{extension}",
        conditional=True,
    )
