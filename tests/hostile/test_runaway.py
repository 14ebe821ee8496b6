"""Runaway queries are stopped, not abandoned: their worker is killed at the time limit, its
core is free within about a second, and a burst larger than the concurrency cap leaves the
endpoint answering."""

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from ndsgraph_server.processes import cpu_seconds, processes_serving

from ..live import free_port, live_server, wait_for_port
from .conftest import QUERY_TIMEOUT, Attacker, refused

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def busy_cores(store: Path, seconds: float = 1.0) -> float:
    """How many cores the server's processes used over ``seconds``."""
    pids = processes_serving(str(store))
    before = cpu_seconds(pids)
    time.sleep(seconds)
    return (cpu_seconds(pids) - before) / seconds


def test_a_runaway_query_is_refused_in_time_and_its_core_is_freed(attacker):
    started = time.monotonic()
    answer = attacker.query(CROSS_JOIN)
    took = time.monotonic() - started
    refused(answer, "time limit", status=422)
    assert took < QUERY_TIMEOUT + 1.5, took
    time.sleep(1.0)  # "within about a second" of the timeout
    assert busy_cores(attacker.store) < 0.3


def test_a_burst_of_runaway_queries_beyond_the_cap_leaves_the_endpoint_answering(attacker):
    answers = []

    def runaway() -> None:
        answers.append(attacker.query(CROSS_JOIN))

    burst = [threading.Thread(target=runaway) for _ in range(8)]  # the cap is 4
    for thread in burst:
        thread.start()
    for thread in burst:
        thread.join()
    for answer in answers:  # the time limit, or no slot free within it
        refused(answer)
        assert (
            answer.status in (422, 429) and "time limit" in answer.text
        ) or "try again" in answer.text
    started = time.monotonic()
    rows = attacker.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }")
    assert int(rows[0]["n"]) > 1000
    assert time.monotonic() - started < 3.0
    assert attacker.call("/dashboard").status == 200
    time.sleep(1.0)
    assert busy_cores(attacker.store) < 0.3


def test_a_result_over_the_size_limit_is_a_422_not_a_crash(attacker):
    answer = attacker.query("SELECT * WHERE { ?s ?p ?o . ?x ?y ?z } LIMIT 10000000")
    refused(answer, status=422)


def test_a_server_full_of_runaway_queries_stops_quickly_and_frees_its_store(tmp_path):
    store = tmp_path / "store"
    port = free_port()
    env = {**os.environ, "NDSGRAPH_QUERY_TIMEOUT": "30"}
    command = [sys.executable, "-m", "ndsgraph", "--store", str(store)]
    with (tmp_path / "server.log").open("w") as log:
        server = subprocess.Popen(
            [*command, "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
    try:
        wait_for_port(port, server)
        for _ in range(4):
            threading.Thread(
                target=subprocess.run,
                args=(
                    [
                        "curl",
                        "-s",
                        "-m",
                        "20",
                        f"http://127.0.0.1:{port}/sparql",
                        "--data-urlencode",
                        f"query={CROSS_JOIN}",
                    ],
                ),
                kwargs={"capture_output": True},
                daemon=True,
            ).start()
        time.sleep(2)  # the four are evaluating
        server.terminate()
        server.wait(timeout=10)
    finally:
        server.kill()
    gone_by = time.monotonic() + 2
    while processes_serving(str(store)) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not processes_serving(str(store)), "no worker outlives the server by more than 2 s"
    stats = subprocess.run([*command, "stats"], capture_output=True, text=True, timeout=60)
    assert stats.returncode == 0, stats.stderr
    assert not (tmp_path / "store.snapshots").exists()


def test_queries_that_crash_the_engine_are_4xx_and_leave_every_worker_in_place(attacker):
    # 90,000 UNIONs of empty groups (630 KB): Oxigraph's parser overflows even the workers'
    # 64 MiB stack, every time, in a fraction of a second
    chain = "SELECT * WHERE { " + "UNION".join(["{}"] * 90_000) + " }"
    for _ in range(6):  # more than the workers: each crashed one must have been replaced
        refused(attacker.query(chain), "too deeply to be evaluated", status=422)
    started = time.monotonic()
    assert attacker.rows("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    assert time.monotonic() - started < 3.0


def test_an_engine_panic_is_a_422_naming_it(attacker):
    """Oxigraph 0.5.13 panics when its order of literals is found not to be total ("a",
    "a"@nl, dates, …); Rust's sort notices only for some arrangements of the rows, so the
    query may also be answered."""
    answer = attacker.query("SELECT ?x WHERE { ?s ?p ?x FILTER(isLiteral(?x)) } ORDER BY ?x")
    if answer.status != 200:
        refused(answer, "Oxigraph cannot evaluate this query", status=422)


def test_deep_nesting_is_refused_before_evaluation_naming_the_line(attacker):
    depth = 50_000
    refused(attacker.query("ASK " + "{" * depth + "}" * depth), "line 1", "500 levels", status=400)
    nested = "ASK { FILTER" + "(" * depth + "1" + ")" * depth + "}"
    refused(attacker.query(nested), "500 levels", status=400)


def test_a_long_chain_of_unions_is_answered_or_refused_never_a_crash(attacker):
    chain = "SELECT * WHERE { " + " UNION ".join(["{ ?s a ?t }"] * 30_000) + " } LIMIT 1"
    answer = attacker.query(chain)
    assert answer.status == 200 or answer.status == 422, (answer.status, answer.text[:300])


def test_runaway_ad_hoc_queries_leave_pages_and_stored_queries_a_worker(tmp_path):
    """Four anonymous runaway queries against four query workers: three run, the fourth
    waits for an ad-hoc slot, and pages and stored queries are answered meanwhile."""
    store = tmp_path / "store"
    env = {**os.environ, "NDSGRAPH_QUERY_TIMEOUT": "60", "NDSGRAPH_MAX_RUNNING_QUERIES": "4"}
    with live_server(store, env=env) as base:
        client = Attacker(base, store)
        answers: queue.SimpleQueue = queue.SimpleQueue()

        def runaway() -> None:
            with contextlib.suppress(OSError):  # cut off when the server stops
                answers.put(client.query(CROSS_JOIN))

        for _ in range(4):
            threading.Thread(target=runaway, daemon=True).start()
        time.sleep(3)  # the runaway queries reach the server and take their slots
        fresh = {"Cache-Control": "no-cache"}
        page = client.call("/register", headers=fresh)
        assert page.status == 200, page.text[:300]
        stored = client.call(
            "/api/queries/building-blocks",
            headers={**fresh, "Accept": "application/sparql-results+json"},
        )
        assert stored.status == 200, stored.text[:300]
        assert answers.empty(), "the runaway queries were still running or waiting meanwhile"
