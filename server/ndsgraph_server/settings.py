"""What the endpoint allows, read from the environment ($NDSGRAPH_*)."""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ndsgraph.config import DEFAULT_STORE, home_for, listed, service_allow, store_location
from ndsgraph.errors import InputError
from ndsgraph.intake.ingest import MAX_TRIPLES
from ndsgraph.vocabulary import BASE
from ndsgraph_server.limits import Limits
from ndsgraph_server.pictures import MAX_APPLICATIONS


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
    # who publishes this instance's data, in the DCAT description harvesters read (default:
    # the instance itself, at its own address)
    publisher: str | None = None
    publisher_name: str | None = None
    contact: str | None = None  # a mailto: or web address
    # a building block's picture draws its dependant applications one by one up to this many,
    # above it per organisation type of who runs them (pictures.summarised)
    picture_applications: int = MAX_APPLICATIONS


def server_settings(environ: dict[str, str] = os.environ) -> ServerSettings:
    """The settings from the environment; a malformed one is an input error naming it."""
    return ServerSettings(
        write_token=environ.get("NDSGRAPH_WRITE_TOKEN") or None,
        limits=Limits(
            timeout=_number(environ, "NDSGRAPH_QUERY_TIMEOUT", 30, float),
            max_result_bytes=_number(environ, "NDSGRAPH_MAX_RESULT_BYTES", 64 * 1024 * 1024, int),
            max_running=_number(environ, "NDSGRAPH_MAX_RUNNING_QUERIES", 4, int),
            service_allow=service_allow(environ),
            max_query_memory=_number(
                environ, "NDSGRAPH_MAX_QUERY_MEMORY_BYTES", Limits.max_query_memory, int
            ),
            max_adhoc=_adhoc(environ, _number(environ, "NDSGRAPH_MAX_RUNNING_QUERIES", 4, int)),
        ),
        max_body_bytes=_number(environ, "NDSGRAPH_MAX_BODY_BYTES", 16 * 1024 * 1024, int),
        base_uri=environ.get("NDSGRAPH_BASE_URI", BASE),
        home=home_for(store_location(), environ),
        submission_policy=environ.get("NDSGRAPH_SUBMISSION_POLICY", "violations"),
        answer_cache_bytes=_number(
            environ, "NDSGRAPH_ANSWER_CACHE_BYTES", ServerSettings.answer_cache_bytes, int
        ),
        max_upload_triples=_number(environ, "NDSGRAPH_MAX_UPLOAD_TRIPLES", MAX_TRIPLES, int),
        trusted_proxies=_number(environ, "NDSGRAPH_TRUSTED_PROXIES", 0, int),
        trusted_hosts=listed(environ, "NDSGRAPH_TRUSTED_HOSTS"),
        evaluator=_choice(environ, "NDSGRAPH_EVALUATOR", ("processes", "threads")),
        publisher=_iri(environ, "NDSGRAPH_PUBLISHER"),
        publisher_name=environ.get("NDSGRAPH_PUBLISHER_NAME") or None,
        contact=_iri(environ, "NDSGRAPH_CONTACT"),
        picture_applications=int(
            _number(environ, "NDSGRAPH_PICTURE_APPLICATIONS", MAX_APPLICATIONS, int)
        ),
    )


def _iri(environ: dict[str, str], name: str) -> str | None:
    """An IRI setting: a malformed one is an input error naming it."""
    text = environ.get(name)
    if not text:
        return None
    try:
        return ox.NamedNode(text).value
    except ValueError:
        raise InputError(f"${name} is '{text[:80]}': use an absolute IRI") from None


def _number(
    environ: dict[str, str], name: str, default: float, kind: type, least: int = 0
) -> float:
    """A numeric setting: a malformed value, or one below ``least``, is an input error
    naming it."""
    text = environ.get(name)
    if text is None:
        return default
    try:
        value = kind(text)
    except ValueError:
        value = least - 1
    if value < least:
        what = "a whole number" if kind is int else "a number"
        raise InputError(f"${name} is '{text[:40]}': use {what} of {least} or more")
    return value


def _adhoc(environ: dict[str, str], running: float) -> int | None:
    """$NDSGRAPH_MAX_ADHOC_QUERIES: 1 or more, or unset (all query workers but one); more
    than that is refused, not taken silently: pages and stored queries keep a worker."""
    name = "NDSGRAPH_MAX_ADHOC_QUERIES"
    if not environ.get(name):
        return None
    asked, most = int(_number(environ, name, 0, int, least=1)), max(1, int(running) - 1)
    if asked > most:
        raise InputError(
            f"${name} is '{asked}': use at most {most}, all query workers but one "
            f"($NDSGRAPH_MAX_RUNNING_QUERIES is {running:g}), so that pages keep a worker"
        )
    return asked


def _choice(environ: dict[str, str], name: str, choices: tuple[str, ...]) -> str:
    """A setting that takes one of ``choices`` (the first by default)."""
    value = environ.get(name, choices[0])
    if value not in choices:
        raise InputError(f"${name} is '{value}': use {' or '.join(choices)}")
    return value
