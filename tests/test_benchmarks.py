"""A smoke run of the benchmark scripts at 100k triples: they still run, and every competitor
loads the same triples and gives the same answers. Speed is not asserted here; it is measured
by running the scripts by hand (benchmarks/RESULTS.md)."""

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "script",
    [
        ["bench_load_queries.py", "--size", "100k", "--repeat", "1", "--rdflib-timeout", "10"],
        ["bench_throughput.py", "--size", "100k", "--requests", "5", "--budget", "10"],
    ],
    ids=["load-queries", "throughput"],
)
def test_benchmark_runs_and_competitors_agree(script):
    done = subprocess.run(
        [sys.executable, *script],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "gave the same number of rows" in done.stdout
    assert "| ndsgraph" in done.stdout and "| oxigraph serve" in done.stdout
