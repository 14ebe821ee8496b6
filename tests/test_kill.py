"""A submission killed with SIGKILL leaves the old graph or the new one, never a mix.

A real `ndsgraph submit` process replaces a 40,000-triple graph; it is killed at moments
spread over the second half of its run (where parsing, validation and the write happen),
and after each kill the store holds exactly the previous or the new version.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

from ndsgraph.intake.submissions import Submissions
from ndsgraph.store import OxigraphStore

GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
ITEMS = 40_000
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def portfolio(path: Path, attempt: int) -> Path:
    path.write_text(
        "\n".join(
            f'<https://example.org/gm0363/item{i}> <{COMMENT}> "item {i}, attempt {attempt}" .'
            for i in range(ITEMS)
        )
    )
    return path


def submit(store: Path, file: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ndsgraph",
            "--store",
            str(store),
            "submit",
            str(file),
            "--as",
            GM0363,
            "--policy",
            "none",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def attempts_in_graph(store_path: Path) -> tuple[int, set[str]]:
    """How many triples the submission graph has, and which attempts its comments come from."""
    store = OxigraphStore(store_path)
    graph = Submissions(store, store_path.parent).graph(GM0363)
    rows = list(store.query(f"SELECT ?c WHERE {{ GRAPH <{graph}> {{ ?s <{COMMENT}> ?c }} }}"))
    attempts = {row["c"].value.rsplit("attempt ", 1)[1] for row in rows}
    size = store.count(graph)
    del store  # release the store before the next process opens it
    return size, attempts


def test_sigkill_during_submission_leaves_old_or_new_graph(tmp_path):
    store = tmp_path / "store"
    OxigraphStore(store, create=True)  # an empty store; released before `submit` opens it
    started = time.monotonic()
    first = submit(store, portfolio(tmp_path / "attempt-0.ttl", 0))
    assert first.wait(timeout=300) == 0
    duration = time.monotonic() - started
    size, attempts = attempts_in_graph(store)
    assert attempts == {"0"} and size >= ITEMS

    current, killed = "0", 0
    for attempt, share in enumerate((0.5, 0.6, 0.7, 0.8, 0.9, 0.95), start=1):
        process = submit(store, portfolio(tmp_path / f"attempt-{attempt}.ttl", attempt))
        time.sleep(duration * share)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        size, attempts = attempts_in_graph(store)
        assert attempts in ({current}, {str(attempt)}), (
            f"a mix after kill {attempt}: {sorted(attempts)}"
        )
        assert (
            size == ITEMS + 5
        )  # the items and the graph's five metadata triples, nothing half-written
        current = attempts.pop()
    assert killed >= 3, "the submissions ended before they could be killed; raise ITEMS"
