"""A smoke run of the benchmark scripts at 100k triples: they still run, and every competitor
loads the same triples and gives the same answers. Speed is not asserted here; it is measured
by running the scripts by hand (benchmarks/RESULTS.md)."""

import subprocess
import sys

import pytest

from .conftest import ROOT

SMOKE = {  # script and arguments -> what its output must say
    "load-queries": (
        ["bench_load_queries.py", "--size", "100k", "--repeat", "1", "--rdflib-timeout", "5"],
        ["gave the same number of rows", "| ndsgraph", "| oxigraph serve"],
    ),
    "throughput": (
        ["bench_throughput.py", "--size", "100k", "--requests", "5", "--budget", "10"],
        ["gave the same number of rows", "| ndsgraph", "| oxigraph serve"],
    ),
    "validation": (
        ["bench_validation.py", "--size", "100k", "--pyshacl-timeout", "5"],
        ["exactly the non-conformances the generator built in", "| 314 |"],
    ),
    "reasoning": (
        ["bench_reasoning.py", "--size", "100k", "--owlrl-timeout", "5"],
        ["| reasonable, owlrl |", "owlrl did not finish within its budget"],
    ),
}


@pytest.mark.parametrize("name", list(SMOKE))
def test_benchmark_runs_and_competitors_agree(name):
    script, said = SMOKE[name]
    done = subprocess.run(
        [sys.executable, *script],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for text in said:
        assert text in done.stdout, done.stdout
