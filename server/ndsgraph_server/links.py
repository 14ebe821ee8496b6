"""Where a resource's page is: our own IRIs map to /doc/… and /def/…, any other IRI to /doc?uri=…"""

from urllib.parse import quote

from flask import current_app

from ndsgraph.names import short

__all__ = ["base", "page_for", "short"]


def base() -> str:
    return current_app.config["NDSGRAPH_BASE_URI"]


def page_for(iri: str) -> str:
    root = base()
    if iri.startswith(root + "id/"):
        return "/doc/" + iri.removeprefix(root + "id/")
    if iri.startswith(root + "def/"):
        return "/def/" + iri.removeprefix(root + "def/")
    return "/doc?uri=" + quote(iri, safe="")
