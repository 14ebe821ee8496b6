"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description suites, run by the
npm package rdf-test-suite against a live, throwaway ndsgraph instance with writes enabled.

CI fails when a suite passes fewer tests than README.md records.
"""

import re
import shutil
import subprocess

import pytest

from .conftest import ROOT, SHARED
from .live import live_server

RUNNER = ROOT / "tests" / "w3c"
SUITES = SHARED / "suites" / "w3c-rdf-tests-sparql11"
REMOTE = "https://w3c.github.io/rdf-tests/sparql/sparql11"
# suite -> (manifest, rdf-test-suite option, path on our server, README label)
RUNS = {
    "protocol": ("protocol/manifest.ttl", "protocolEndpoint", "/sparql", "SPARQL 1.1 Protocol"),
    "graph-store": (
        "graph-store-protocol/manifest.ttl",
        "graphStoreEndpoint",
        "/data",
        "Graph Store Protocol",
    ),
    "service-description": (
        "service-description/manifest.ttl",
        "serviceDescriptionEndpoint",
        "/sparql",
        "Service description",
    ),
}


def recorded(label: str) -> tuple[int, int]:
    """The count README.md records for a suite, e.g. '| SPARQL 1.1 Protocol | 34 / 34 |'."""
    match = re.search(
        rf"\| {re.escape(label)} \| (\d+) / (\d+) \|", (ROOT / "README.md").read_text()
    )
    assert match, f"README.md records no count for {label}"
    return int(match.group(1)), int(match.group(2))


@pytest.fixture(scope="module")
def throwaway(tmp_path_factory):
    if not (RUNNER / "node_modules" / ".bin" / "rdf-test-suite").exists():
        pytest.fail(
            "tests/w3c/node_modules is missing: run `make test`, which installs it with npm ci"
        )
    with live_server(
        tmp_path_factory.mktemp("w3c") / "store", "--no-load", "--insecure-open-writes"
    ) as base:
        yield base


@pytest.mark.parametrize("suite", sorted(RUNS))
def test_w3c_suite_passes_at_least_the_recorded_count(throwaway, suite):
    manifest, option, path, label = RUNS[suite]
    command = [
        shutil.which("node") or "node",
        str(RUNNER / "node_modules" / "rdf-test-suite" / "bin" / "Runner.js"),
        "engine.js",  # resolved by the runner against its working directory
        f"{REMOTE}/{manifest}",
        "-m",
        f"{REMOTE}/~{SUITES}/",
        "-i",
        f'{{"{option}":"{throwaway}{path}"}}',
        "-e",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=RUNNER)
    counts = re.search(r"(\d+) / (\d+) tests succeeded", result.stdout)
    assert counts, result.stdout + result.stderr
    passed, total = int(counts.group(1)), int(counts.group(2))
    floor, recorded_total = recorded(label)
    assert total == recorded_total, f"{label}: the suite now has {total} tests"
    assert passed >= floor, (
        f"{label}: {passed}/{total} passed, README records {floor}\n{result.stdout}"
    )
