"""Shared fixtures: an empty in-memory store, the bundled data loaded once, the public sources,
and a live server with Debian's headless Chromium for the page tests."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from ndsgraph import bundled
from ndsgraph.config import open_store
from ndsgraph.store import OxigraphStore, Store

from .live import free_port, live_server, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHARED = Path(os.environ.get("NDSGRAPH_SHARED", ROOT.parent / "shared"))
ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots of the browser tests
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def start_oxigraph(log_dir: Path) -> tuple[subprocess.Popen, str]:
    """A real Oxigraph server (PyPI `oxigraph`) on 127.0.0.1, union default graph, in memory."""
    port = free_port()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with (log_dir / f"oxigraph-{port}.log").open("w") as log:
        process = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, process)
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    """A scratch Oxigraph server; tests that use it empty it first."""
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(params=["embedded", "remote"])
def store(request) -> Store:
    """An empty store of each backend: embedded Oxigraph, and a real Oxigraph server over HTTP."""
    if request.param == "embedded":
        return OxigraphStore()
    remote = open_store(request.getfixturevalue("oxigraph_server"))
    remote.update("DROP SILENT ALL")
    return remote


@pytest.fixture(scope="session", params=["embedded", "remote"])
def loaded_store(request, tmp_path_factory) -> Iterator[Store]:
    """All bundled graphs, once per backend (an Oxigraph server of its own); tests must not write."""
    process = None
    if request.param == "embedded":
        store: Store = OxigraphStore()
    else:
        process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-loaded"))
        store = open_store(url)
    list(bundled.load_bundled(store, progress=False))
    yield store
    if process is not None:
        process.terminate()
        process.wait(timeout=20)


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


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """Debian's headless Chromium, driven by Selenium and chromedriver."""
    if not Path(CHROMEDRIVER).exists():
        pytest.fail(
            "chromedriver is missing: `make test` installs Debian's chromium and chromium-driver"
        )
    ARTIFACTS.mkdir(exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[str]:
    """A live server over the bundled data and example landscape, validated once."""
    with live_server(tmp_path_factory.mktemp("site") / "store") as base:
        yield base
