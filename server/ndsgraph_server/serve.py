"""Serve the application with Granian, a Rust HTTP server for WSGI applications.

With the embedded store: one worker process, because RocksDB lets one process open it;
that process serves many requests at once with threads, and pyoxigraph releases the GIL
while it evaluates, so queries run in parallel. With a remote SPARQL store every worker
is a client of the server, so several workers can run (``--workers``).

Granian, not gunicorn: its HTTP handling is in Rust, which doubles the requests per second
a worker serves (a profile of gunicorn's threaded worker showed most time in its own socket
writes and access log, little in the application; ``benchmarks/RESULTS.md``).

Each worker builds its application from the environment (``app_from_environment``), which
``serve`` sets before the workers start.
"""

import dataclasses
import json
import os

from flask import Flask
from granian import Granian
from granian.constants import Interfaces

from ndsgraph.config import home_for, is_remote, open_store, server_settings
from ndsgraph.errors import InputError
from ndsgraph_server.app import create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")
_LAUNCH = "NDSGRAPH_SERVE_LAUNCH"  # what serve() tells its workers: store, host, open writes


def _check_open_writes(open_writes: bool, host: str) -> None:
    if open_writes and host not in LOOPBACK:
        raise InputError("--insecure-open-writes is only for throwaway test instances on 127.0.0.1")


def app_from_environment() -> Flask:
    """The application of one worker process, as ``serve`` configured it."""
    launch = json.loads(os.environ[_LAUNCH])
    _check_open_writes(launch["open_writes"], launch["host"])
    settings = dataclasses.replace(
        server_settings(),
        open_writes=launch["open_writes"],
        home=home_for(launch["location"]),
    )
    return create_app(open_store(launch["location"], create=True), settings)


def serve(
    location: str,
    *,
    host: str,
    port: int,
    threads: int,
    workers: int = 1,
    open_writes: bool = False,
) -> None:
    """Serve until stopped; the settings come from the environment (``config.server_settings``),
    read here first so that a malformed one fails before any worker starts."""
    _check_open_writes(open_writes, host)
    if workers > 1 and not is_remote(location):
        raise InputError(
            "several workers need a remote SPARQL store: the embedded store admits one process"
        )
    server_settings()
    os.environ[_LAUNCH] = json.dumps(
        {"location": location, "host": host, "open_writes": open_writes}
    )
    Granian(
        f"{__name__}:app_from_environment",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        # more threads than cores on purpose (Granian warns): pyoxigraph releases the GIL
        blocking_threads=threads,
        websockets=False,
        log_access=True,
        workers_kill_timeout=5,
    ).serve()
