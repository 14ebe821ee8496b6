"""Serve the application with gunicorn.

One worker process, because the embedded store is single-writer (RocksDB allows one
process to open it); that process serves many requests at once with threads, and
pyoxigraph releases the GIL while it evaluates, so queries run in parallel.
"""

import dataclasses
from pathlib import Path

from gunicorn.app.base import BaseApplication

from ndsgraph.config import ServerSettings
from ndsgraph.errors import InputError
from ndsgraph.store import OxigraphStore
from ndsgraph_server.app import create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _Gunicorn(BaseApplication):
    def __init__(self, store_path: Path, settings: ServerSettings, options: dict) -> None:
        self.store_path = store_path
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(OxigraphStore(self.store_path), self.settings)


def serve(
    store_path: Path,
    settings: ServerSettings,
    *,
    host: str,
    port: int,
    threads: int,
    open_writes: bool = False,
) -> None:
    if open_writes and host not in LOOPBACK:
        raise InputError("--insecure-open-writes is only for throwaway test instances on 127.0.0.1")
    settings = dataclasses.replace(settings, open_writes=open_writes, home=store_path.parent)
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,
        "graceful_timeout": 5,
        "accesslog": "-",
    }
    _Gunicorn(store_path, settings, options).run()
