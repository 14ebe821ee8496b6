"""Settings shared by the CLI and the server, read from the environment once."""

import os
from pathlib import Path

DEFAULT_STORE = Path(".ndsgraph/store")


def store_path() -> Path:
    return Path(os.environ.get("NDSGRAPH_STORE", DEFAULT_STORE))
