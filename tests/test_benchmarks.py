"""A smoke run of the benchmark scripts at 100k triples: they still run, and every competitor
loads the same triples and gives the same answers. Speed is not asserted here; it is measured
by running the scripts by hand (benchmarks/RESULTS.md).

The six scripts run at once (each is mostly one process on one core at a time), with small
budgets for the naive competitors and without the one-transaction load (store.replace_graph,
which tests/test_store.py covers), so the whole smoke run takes about a minute on two cores.

A minute of the soak (bench_soak.py) runs after them, alone, since it judges the server's
answers under load: about 90 s with its setup."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SMOKE = {  # script and arguments -> what its output must say
    "load-queries": (
        [
            *("bench_load_queries.py", "--size", "100k", "--repeat", "1"),
            *("--rdflib-timeout", "1", "--skip", "atomic"),
        ],
        ["gave the same number of rows", "| ndsgraph", "| oxigraph serve"],
    ),
    "throughput": (
        ["bench_throughput.py", "--size", "100k", "--requests", "5", "--budget", "5"],
        ["gave the same number of rows", "| ndsgraph", "| oxigraph serve"],
    ),
    "validation": (
        ["bench_validation.py", "--size", "100k", "--pyshacl-timeout", "1"],
        ["exactly the non-conformances the generator built in", "| 314 |"],
    ),
    "reasoning": (
        ["bench_reasoning.py", "--size", "100k", "--owlrl-timeout", "1"],
        ["| reasonable, owlrl |", "| sparql, rdfs |", "owlrl did not finish within its budget"],
    ),
    "runaway": (
        ["bench_runaway.py", "--size", "100k", "--timeout", "2", "--watch", "3"],
        ["| processes | 422: ", "| threads | 422: "],
    ),
    "import": (
        ["bench_import.py", "--size", "100k", "--domains", "20"],
        [
            "agree with the generated results",
            "the same as the floor loads",
            "| rescan (web + mail)",
        ],
    ),
}


@pytest.fixture(scope="module")
def smoke_runs(tmp_path_factory) -> dict[str, tuple[int, str, str]]:
    """Every script's exit code, standard output and the end of its standard error."""
    folder = tmp_path_factory.mktemp("smoke")
    started = {}
    for name, (script, _) in SMOKE.items():
        out, err = folder / f"{name}.out", folder / f"{name}.err"
        with out.open("w") as stdout, err.open("w") as stderr:
            process = subprocess.Popen(
                [sys.executable, *script], cwd=ROOT / "benchmarks", stdout=stdout, stderr=stderr
            )
        started[name] = (process, out, err)
    return {name: _finish(*run) for name, run in started.items()}


def _finish(process: subprocess.Popen, out: Path, err: Path) -> tuple[int, str, str]:
    try:
        code = process.wait(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait()
    return code, out.read_text(), err.read_text()[-2000:]


@pytest.mark.parametrize("name", list(SMOKE))
def test_benchmark_runs_and_competitors_agree(name, smoke_runs):
    code, stdout, stderr = smoke_runs[name]
    assert code == 0, stderr
    for text in SMOKE[name][1]:
        assert text in stdout, stdout


SOAK = ["bench_soak.py", "--size", "100k", "--duration", "60", "--clients", "8"]
SOAK_SECTIONS = ["## Totals", "## Over time (10 s windows", "## Memory", "## Verdict"]


def test_soak_minute_has_no_unexpected_answer_leak_or_leftover():
    done = subprocess.run(
        [sys.executable, *SOAK],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    for section in SOAK_SECTIONS:
        assert section in done.stdout, done.stdout
    assert "**PASSED**" in done.stdout
    totals = done.stdout.split("## Over time")[0]
    sent = dict(re.findall(r"^\| ([^|]+?) \| (\d+) \| ", totals, re.MULTILINE))
    assert int(sent["runaway query"]) >= 1, done.stdout  # the time limit was put to the test
    assert all(int(n) > 0 for n in sent.values()), done.stdout  # every kind of the mix was sent
