"""The ndsgraph web layer: a Flask application over an ndsgraph store."""

from ndsgraph_server.app import create_app

__all__ = ["create_app"]
