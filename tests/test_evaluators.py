"""Where queries are evaluated: worker processes over snapshots of the store, stopped at their
time or memory limit, and a fresh worker in the place of each stopped one."""

import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
from ndsgraph_server.evaluators import ProcessEvaluator, Snapshots
from ndsgraph_server.execution import Rows
from ndsgraph_server.limits import Busy, Limits, OutOfMemory, QueryTimeout

from ndsgraph.store import OxigraphStore, snapshot_folder

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Sorting every pair of triples holds them all in memory at once: far more than 400 MiB
HUNGRY = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?a ?b ?c ?d LIMIT 1"


def _store(path: Path, triples: int) -> OxigraphStore:
    store = OxigraphStore(path, create=True)
    body = " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(triples))
    store.update(f"INSERT DATA {{ GRAPH <urn:g> {{ {body} }} }}")
    return store


@pytest.fixture
def evaluated(tmp_path):
    """A store of 2,000 triples and an evaluator with two workers and a 1 s time limit."""
    store = _store(tmp_path / "store", 2000)
    limits = Limits(timeout=1.0, max_running=2, max_query_memory=512 * 2**20)
    evaluator = ProcessEvaluator(store, str(tmp_path / "store"), limits)
    yield store, evaluator
    evaluator.close()


def count(evaluator: ProcessEvaluator) -> int:
    _, rows = evaluator.run(Rows(COUNT))
    return int(rows[0]["n"].value)


def test_a_runaway_job_is_stopped_at_its_time_limit_and_its_worker_replaced(evaluated):
    _, evaluator = evaluated
    for _ in range(3):  # more runaways than workers: each one's worker is replaced in time
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 1 s"):
            evaluator.run(Rows(RUNAWAY))
        assert time.monotonic() - started < 1.5
    assert count(evaluator) == 2000


def test_every_job_reads_the_data_as_written_before_it(evaluated):
    store, evaluator = evaluated
    assert count(evaluator) == 2000
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:new> <urn:p> 1 } }")
    assert count(evaluator) == 2001


def test_a_snapshot_is_removed_once_superseded_and_unused(evaluated):
    store, evaluator = evaluated
    count(evaluator)
    first = set(evaluator.snapshots.folder.iterdir())
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:new> <urn:p> 1 } }")
    count(evaluator)
    second = set(evaluator.snapshots.folder.iterdir())
    assert len(first) == len(second) == 1 and first != second


def test_a_job_that_wants_too_much_memory_is_stopped_and_named(tmp_path):
    store = _store(tmp_path / "store", 20_000)
    limits = Limits(timeout=60, max_running=1, max_query_memory=400 * 2**20)
    evaluator = ProcessEvaluator(store, str(tmp_path / "store"), limits)
    try:
        with pytest.raises(OutOfMemory, match="memory limit of 400 MiB"):
            evaluator.run(Rows(HUNGRY))
        assert count(evaluator) == 20_000  # a new worker took its place
    finally:
        evaluator.close()


def test_a_full_evaluator_says_busy_and_the_wait_does_not_eat_the_next_jobs_time(evaluated):
    _, evaluator = evaluated
    outcomes = []

    def runaway() -> None:
        try:
            evaluator.run(Rows(RUNAWAY))
        except (QueryTimeout, Busy) as error:
            outcomes.append(type(error))

    burst = [threading.Thread(target=runaway) for _ in range(6)]
    for thread in burst:
        thread.start()
    for thread in burst:
        thread.join()
    assert set(outcomes) <= {QueryTimeout, Busy} and len(outcomes) == 6
    assert QueryTimeout in outcomes
    assert count(evaluator) == 2000


def test_snapshots_of_a_stopped_server_are_cleared_at_the_next_start(tmp_path):
    store = _store(tmp_path / "store", 10)
    leftover = snapshot_folder(tmp_path / "store") / "7-deadbeef"
    leftover.mkdir(parents=True)
    snapshots = Snapshots(store)
    assert not leftover.exists()
    path = snapshots.acquire()
    assert OxigraphStore(path, read_only=True).count() == 10
    snapshots.release(path)
    snapshots.close()
    assert not snapshots.folder.exists()


def test_a_new_evaluator_removes_the_worker_folders_of_servers_that_are_gone(tmp_path):
    """Servers stopped by a signal left a folder each in the temporary folder (hundreds): a
    folder whose lock no living server holds goes; a held one, or one without a lock, stays."""
    temporary = Path(tempfile.gettempdir())
    orphan = Path(tempfile.mkdtemp(prefix="ndsgraph-query-workers-"))
    (orphan / ".held").write_text("")  # its server is gone: nobody holds it
    unlocked = Path(tempfile.mkdtemp(prefix="ndsgraph-query-workers-99999999999999999999-"))
    store = _store(tmp_path / "store", 10)
    living = ProcessEvaluator(store, str(tmp_path / "store"), Limits(max_running=1))
    try:
        assert not orphan.exists() and unlocked.exists()
        ProcessEvaluator(store, str(tmp_path / "store"), Limits(max_running=1)).close()
        assert next(temporary.glob("ndsgraph-query-workers-*/.held"), None) is not None
        assert living._last_words.exists()  # held by a living evaluator
    finally:
        living.close()
        shutil.rmtree(orphan, ignore_errors=True)
        shutil.rmtree(unlocked, ignore_errors=True)
