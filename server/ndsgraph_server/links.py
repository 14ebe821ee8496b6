"""Where a resource's page is: our own IRIs map to /doc/… and /def/…, any other IRI to /doc?uri=…"""

from urllib.parse import quote

from flask import current_app


def base() -> str:
    return current_app.config["NDSGRAPH_BASE_URI"]


def page_for(iri: str) -> str:
    root = base()
    if iri.startswith(root + "id/"):
        return "/doc/" + iri.removeprefix(root + "id/")
    if iri.startswith(root + "def/"):
        return "/def/" + iri.removeprefix(root + "def/")
    return "/doc?uri=" + quote(iri, safe="")


def short(iri: str) -> str:
    """A readable name for an IRI without a label: its last path segment or fragment."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return tail.rsplit("#", 1)[-1] or iri
