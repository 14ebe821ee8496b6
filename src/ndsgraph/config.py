"""Settings shared by the CLI and the server, read from the environment once."""

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ndsgraph.errors import StoreError, StoreInUse

if TYPE_CHECKING:
    from ndsgraph.store import Store

DEFAULT_STORE = Path(".ndsgraph/store")


def store_location() -> str:
    """A directory (embedded Oxigraph) or a SPARQL server's URL, from $NDSGRAPH_STORE."""
    return os.environ.get("NDSGRAPH_STORE", str(DEFAULT_STORE))


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def open_store(
    location: str,
    environ: dict[str, str] = os.environ,
    *,
    create: bool = False,
    read_only: bool = False,
) -> "Store":
    """The store at a location: a directory opens embedded Oxigraph; a URL a SPARQL server.

    A directory that does not exist is an error unless ``create`` is set (``ndsgraph load``
    and ``serve`` set it), so that a mistyped ``--store`` never answers from an empty store.
    With ``read_only``, an embedded store that a server holds is read from the server's
    newest snapshot of it (``OxigraphStore.taken`` says when it was taken).

    For a URL, the query and update endpoints default to Oxigraph server's and Fuseki's
    layout (``URL/query``, ``URL/update``); $NDSGRAPH_STORE_QUERY and $NDSGRAPH_STORE_UPDATE
    override them (GraphDB, Virtuoso). Credentials: $NDSGRAPH_STORE_TOKEN, or
    $NDSGRAPH_STORE_USER with $NDSGRAPH_STORE_PASSWORD, sent as Basic auth unless
    $NDSGRAPH_STORE_DIGEST_REALM names the realm of a server that asks for Digest.
    $NDSGRAPH_STORE_GSP, a Graph Store Protocol endpoint, sends graphs by HTTP PUT (needed
    for Virtuoso, whose updates are limited to a few thousand triples).
    $NDSGRAPH_STORE_SKIP_GRAPHS lists, comma-separated, the server's own graphs to leave out.
    """
    from ndsgraph.store import OxigraphStore
    from ndsgraph.store.remote import RemoteStore

    if not is_remote(location):
        try:
            return OxigraphStore(Path(location), create=create)
        except StoreInUse:
            if not read_only:
                raise
            return OxigraphStore.from_snapshot(Path(location))
    try:
        _ = urlsplit(location).port  # a malformed host or port raises here, not mid-query
    except ValueError as error:
        raise StoreError(f"{location}: not a SPARQL server's URL ({error})") from None
    base = location.rstrip("/")
    return RemoteStore(
        environ.get("NDSGRAPH_STORE_QUERY", f"{base}/query"),
        environ.get("NDSGRAPH_STORE_UPDATE", f"{base}/update"),
        user=environ.get("NDSGRAPH_STORE_USER"),
        password=environ.get("NDSGRAPH_STORE_PASSWORD"),
        token=environ.get("NDSGRAPH_STORE_TOKEN"),
        digest_realm=environ.get("NDSGRAPH_STORE_DIGEST_REALM"),
        graph_store_url=environ.get("NDSGRAPH_STORE_GSP"),
        skip_graphs=listed(environ, "NDSGRAPH_STORE_SKIP_GRAPHS"),
    )


def listed(environ: dict[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated setting as a tuple of its non-empty items."""
    return tuple(item.strip() for item in environ.get(name, "").split(",") if item.strip())


def service_allow(environ: dict[str, str] = os.environ) -> tuple[str, ...]:
    """The endpoints a query's SERVICE may reach ($NDSGRAPH_SERVICE_ALLOW; none by default),
    the same for the command and the server."""
    return listed(environ, "NDSGRAPH_SERVICE_ALLOW")


def home_for(location: str, environ: dict[str, str] = os.environ) -> Path:
    """Where submitters, history and quarantine live: next to an embedded store, else $NDSGRAPH_HOME."""
    if "NDSGRAPH_HOME" in environ:
        return Path(environ["NDSGRAPH_HOME"])
    return DEFAULT_STORE.parent if is_remote(location) else Path(location).parent
