"""Shared fixtures: an empty in-memory store, the bundled data loaded once, the public sources."""

import os
from pathlib import Path

import pytest

from ndsgraph import bundled
from ndsgraph.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHARED = Path(os.environ.get("NDSGRAPH_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore()


@pytest.fixture(scope="session")
def loaded_store() -> OxigraphStore:
    """All bundled graphs in one in-memory store; tests must not write to it."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    return store


@pytest.fixture(scope="session")
def reference() -> Path:
    path = SHARED / "reference"
    if not path.is_dir():
        pytest.skip(f"public sources not found at {path} (set NDSGRAPH_SHARED)")
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed documents not found at {path} (set NDSGRAPH_SHARED)")
    return path
