"""Serve the application with Granian, a Rust HTTP server for WSGI applications.

With the embedded store: one worker process, because RocksDB lets one process open it;
that process serves many requests at once with threads, and pyoxigraph releases the GIL
while it evaluates, so queries run in parallel. With a remote SPARQL store every worker
is a client of the server, so several workers can run (``--workers``).

Granian, not gunicorn: its HTTP handling is in Rust, which doubles the requests per second
a worker serves (a profile of gunicorn's threaded worker showed most time in its own socket
writes and access log, little in the application; ``benchmarks/RESULTS.md``).

Each worker builds its application from the environment (``app_from_environment``), which
``serve`` sets before the workers start. ``register`` adds the ``ndsgraph serve`` command
(an entry point of the group ``ndsgraph.commands``, see pyproject.toml); one of the
workers runs the scheduled whole-store runs (``schedule``). While it serves an embedded store,
``serve`` says where in the store's home (``server_client.announce``), so that the CLI's
writes go through it.
"""

import argparse
import atexit
import dataclasses
import functools
import json
import multiprocessing
import os
import shutil
import socket
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flask import Flask
from granian import Granian
from granian.constants import Interfaces

from ndsgraph import server_client
from ndsgraph.config import home_for, is_remote, open_store
from ndsgraph.errors import InputError
from ndsgraph.register import facets, kpi, national_run, unjudged
from ndsgraph.store import bundled, snapshot_folder
from ndsgraph.vocabulary import COUNTS_GRAPH
from ndsgraph_server import access_log, schedule
from ndsgraph_server.app import create_app
from ndsgraph_server.evaluators import Evaluator, ProcessEvaluator, ThreadEvaluator
from ndsgraph_server.processes import LAUNCH
from ndsgraph_server.settings import server_settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _check_open_writes(open_writes: bool, host: str) -> None:
    if open_writes and host not in LOOPBACK:
        raise InputError("--insecure-open-writes is only for throwaway test instances on 127.0.0.1")


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port another server listens on: Granian binds with SO_REUSEPORT, with which a
    second server would share the port and requests would alternate between two stores."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no owner
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(f"cannot serve on {host}:{port}: {error.strerror}") from None


def app_from_environment() -> Flask:
    """The application of one worker process, as ``serve`` configured it."""
    launch = json.loads(os.environ[LAUNCH])
    _check_open_writes(launch["open_writes"], launch["host"])
    settings = dataclasses.replace(
        server_settings(),
        open_writes=launch["open_writes"],
        home=home_for(launch["location"]),
    )
    store = open_store(launch["location"], create=True)
    evaluator: Evaluator = (
        ThreadEvaluator(store, settings.limits)
        if settings.evaluator == "threads"
        else ProcessEvaluator(store, launch["location"], settings.limits)
    )
    atexit.register(evaluator.close)
    every = schedule.interval()
    if every is not None:
        schedule.start(store, settings.home, every)
    app = create_app(store, settings, evaluator)
    for name in app.jinja_env.list_templates():  # compiled now, not in a visitor's first page
        app.jinja_env.get_template(name)
    return app


def serve(
    location: str,
    *,
    host: str,
    port: int,
    threads: int,
    workers: int = 1,
    open_writes: bool = False,
    prepare: Callable[[], None] | None = None,
) -> None:
    """Serve until stopped; the settings come from the environment (``settings.server_settings``),
    read here first so that a malformed one fails before any worker starts. ``prepare`` (the
    loading of the bundled data) runs once the settings and the port are known to be good."""
    _check_open_writes(open_writes, host)
    if workers > 1 and not is_remote(location):
        raise InputError(
            "several workers need a remote SPARQL store: the embedded store admits one process"
        )
    server_settings()
    schedule.interval()
    _check_port_free(host, port)
    if prepare is not None:
        prepare()
    os.environ[LAUNCH] = json.dumps(
        {"location": location, "host": host, "open_writes": open_writes}
    )
    embedded = not is_remote(location)
    # a CLI that finds the embedded store held writes through the server that holds it
    url = server_client.client_url(host, port)
    announced = server_client.announce(location, url) if embedded else None
    try:
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
            log_dictconfig=access_log.logging_config(),
            workers_kill_timeout=5,
        ).serve()
    finally:
        if announced is not None:
            server_client.withdraw(announced)
    if embedded:  # what the workers' evaluators left (see evaluators.Snapshots)
        shutil.rmtree(snapshot_folder(Path(location)), ignore_errors=True)


def _prepare_served_data(location: str) -> None:
    store = open_store(location, create=True)
    changed = sum(r.changed for r in bundled.load_bundled(store))
    print(f"bundled data: {changed} graphs (re)loaded", flush=True)
    home = home_for(location)  # the register judges what is served, also after a crash
    counted = store.has_graph(COUNTS_GRAPH.value)  # none: from before they were kept
    recorded_before = not counted or facets.missing(store)  # the register, or its facets
    if changed or recorded_before or not kpi.result(store, "kpi-trend").rows or unjudged(home):
        summary = national_run.run(store, home)
        numbers = summary.counts()
        print(
            f"validated: {numbers['findings']} findings, {numbers['unexplained']} unexplained; "
            f"run {numbers['run']}"
        )


def _prepare_in_fresh_process(location: str) -> None:
    """RocksDB's background threads do not survive the fork of a server's worker processes,
    so the serving process must never open the store: the data is prepared in another."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pool.submit(_prepare_served_data, location).result()


def _command(args: argparse.Namespace) -> int:
    serve(
        args.store,
        host=args.host,
        port=args.port,
        threads=args.threads,
        workers=args.workers,
        open_writes=args.insecure_open_writes,
        prepare=None if args.no_load else functools.partial(_prepare_in_fresh_process, args.store),
    )
    return 0


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``ndsgraph serve`` (``--store`` is the command's own)."""
    parser.description = "Serve the SPARQL endpoint, the API and the pages."
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes (more than one: remote store only)"
    )
    parser.add_argument(
        "--no-load", action="store_true", help="do not (re)load the bundled data first"
    )
    parser.add_argument(
        "--insecure-open-writes",
        action="store_true",
        help="accept writes without a token (throwaway conformance-test instances on 127.0.0.1 only)",
    )
    parser.set_defaults(func=_command)
