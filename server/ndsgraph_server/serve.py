"""Serve the application with gunicorn.

With the embedded store: one worker process, because RocksDB lets one process open it;
that process serves many requests at once with threads, and pyoxigraph releases the GIL
while it evaluates, so queries run in parallel. With a remote SPARQL store every worker
is a client of the server, so several workers can run (``--workers``).
"""

import dataclasses

from gunicorn.app.base import BaseApplication

from ndsgraph.config import ServerSettings, home_for, is_remote, open_store
from ndsgraph.errors import InputError
from ndsgraph_server.app import create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _Gunicorn(BaseApplication):
    def __init__(self, location: str, settings: ServerSettings, options: dict) -> None:
        self.location = location
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(open_store(self.location), self.settings)


def serve(
    location: str,
    settings: ServerSettings,
    *,
    host: str,
    port: int,
    threads: int,
    workers: int = 1,
    open_writes: bool = False,
) -> None:
    if open_writes and host not in LOOPBACK:
        raise InputError("--insecure-open-writes is only for throwaway test instances on 127.0.0.1")
    if workers > 1 and not is_remote(location):
        raise InputError(
            "several workers need a remote SPARQL store: the embedded store admits one process"
        )
    settings = dataclasses.replace(settings, open_writes=open_writes, home=home_for(location))
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,
        "graceful_timeout": 5,
        "accesslog": "-",
    }
    _Gunicorn(location, settings, options).run()
