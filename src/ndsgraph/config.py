"""Settings shared by the CLI and the server, read from the environment once."""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ndsgraph.errors import InputError, StoreError, StoreInUse
from ndsgraph.ingest import MAX_TRIPLES
from ndsgraph.limits import Limits
from ndsgraph.namespaces import BASE

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
    from ndsgraph.remote import RemoteStore
    from ndsgraph.store import OxigraphStore

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
        skip_graphs=_listed(environ, "NDSGRAPH_STORE_SKIP_GRAPHS"),
    )


def _listed(environ: dict[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated setting as a tuple of its non-empty items."""
    return tuple(item.strip() for item in environ.get(name, "").split(",") if item.strip())


def home_for(location: str, environ: dict[str, str] = os.environ) -> Path:
    """Where submitters, history and quarantine live: next to an embedded store, else $NDSGRAPH_HOME."""
    if "NDSGRAPH_HOME" in environ:
        return Path(environ["NDSGRAPH_HOME"])
    return DEFAULT_STORE.parent if is_remote(location) else Path(location).parent


@dataclass(frozen=True)
class ServerSettings:
    """What the endpoint allows. Writes are off unless a token is configured."""

    write_token: str | None = None
    open_writes: bool = False  # only for throwaway conformance-test instances on loopback
    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = 16 * 1024 * 1024
    base_uri: str = BASE
    home: Path = DEFAULT_STORE.parent  # submitters, submission history and quarantine
    submission_policy: str = "violations"
    # repeated queries' answers (0 turns it off); a quarter of it holds the largest result
    answer_cache_bytes: int = 256 * 1024 * 1024
    # statements in one upload to /api/validate or /api/submissions
    max_upload_triples: int = MAX_TRIPLES
    # reverse proxies in front of the server whose X-Forwarded-* headers are believed
    trusted_proxies: int = 0
    # the host names the server answers to (empty: any); others are a 400
    trusted_hosts: tuple[str, ...] = ()
    # where `serve` evaluates read queries: "processes" (stopped at their time limit) or
    # "threads" (abandoned at it; a little faster for tiny queries)
    evaluator: str = "processes"


def server_settings(environ: dict[str, str] = os.environ) -> ServerSettings:
    allow = _listed(environ, "NDSGRAPH_SERVICE_ALLOW")
    return ServerSettings(
        write_token=environ.get("NDSGRAPH_WRITE_TOKEN") or None,
        limits=Limits(
            timeout=float(environ.get("NDSGRAPH_QUERY_TIMEOUT", 30)),
            max_result_bytes=int(environ.get("NDSGRAPH_MAX_RESULT_BYTES", 64 * 1024 * 1024)),
            max_running=int(environ.get("NDSGRAPH_MAX_RUNNING_QUERIES", 4)),
            service_allow=allow,
            max_query_memory=int(
                environ.get("NDSGRAPH_MAX_QUERY_MEMORY_BYTES", Limits.max_query_memory)
            ),
        ),
        max_body_bytes=int(environ.get("NDSGRAPH_MAX_BODY_BYTES", 16 * 1024 * 1024)),
        base_uri=environ.get("NDSGRAPH_BASE_URI", BASE),
        home=home_for(store_location(), environ),
        submission_policy=environ.get("NDSGRAPH_SUBMISSION_POLICY", "violations"),
        answer_cache_bytes=int(
            environ.get("NDSGRAPH_ANSWER_CACHE_BYTES", ServerSettings.answer_cache_bytes)
        ),
        max_upload_triples=int(environ.get("NDSGRAPH_MAX_UPLOAD_TRIPLES", MAX_TRIPLES)),
        trusted_proxies=int(environ.get("NDSGRAPH_TRUSTED_PROXIES", 0)),
        trusted_hosts=_listed(environ, "NDSGRAPH_TRUSTED_HOSTS"),
        evaluator=_choice(environ, "NDSGRAPH_EVALUATOR", ("processes", "threads")),
    )


def _choice(environ: dict[str, str], name: str, choices: tuple[str, ...]) -> str:
    """A setting that takes one of ``choices`` (the first by default)."""
    value = environ.get(name, choices[0])
    if value not in choices:
        raise InputError(f"${name} is '{value}': use {' or '.join(choices)}")
    return value
