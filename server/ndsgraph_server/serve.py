"""Serve the application with gunicorn: one process (the embedded store is single-writer), many threads."""

from pathlib import Path

from gunicorn.app.base import BaseApplication

from ndsgraph.config import server_settings
from ndsgraph.store import OxigraphStore
from ndsgraph_server.app import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, store_path: Path, options: dict) -> None:
        self.store_path = store_path
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(OxigraphStore(self.store_path), server_settings())


def serve(store_path: Path, *, host: str, port: int, threads: int) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,
        "graceful_timeout": 5,
        "accesslog": "-",
    }
    _Gunicorn(store_path, options).run()
