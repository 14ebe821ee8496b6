"""The whole-store validation run: the national register and KPIs of one moment.

``ndsgraph validate`` without files, ``serve`` at start-up, ``POST /api/runs`` and the
scheduled runs all make it here, so that they are one run and say the same about it.
``one_at_a_time`` keeps a second run from starting while one is going, across the threads
and processes that share a store's home.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ndsgraph import register
from ndsgraph.errors import RunInProgress
from ndsgraph.register.runs import Run
from ndsgraph.store import Store
from ndsgraph.validation.findings import Finding

LOCK_FILE = "whole-store-run.lock"


@dataclass(frozen=True)
class RunSummary:
    """A recorded whole-store run and its findings."""

    run: Run
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, object]:
        """What a client is told of the run (the findings themselves are in its register)."""
        return {
            "run": self.run.iri,
            "graph": self.run.graph,
            "conforms": self.run.conforms,
            "findings": self.run.found.findings,
            "unexplained": self.run.found.unexplained,
            "violations": self.run.found.violations,
        }


def run(store: Store, home: Path, *, agent: str | None = None) -> RunSummary:
    """Judge the store's asserted data by every framework today, and replace the register:
    refused while another whole-store run goes (``one_at_a_time``), and holding the register
    (``register.writing``) so submissions wait for it."""
    with one_at_a_time(home), register.writing(home):
        recorded, findings = register.judge_all(store, agent=agent)
        register.judged_all(home)
    return RunSummary(recorded, tuple(findings))


@contextmanager
def one_at_a_time(home: Path) -> Iterator[None]:
    """Hold the whole-store run lock in ``home`` (a file lock: the operating system frees it
    when its holder ends), or raise ``RunInProgress`` saying since when the other run goes."""
    home.mkdir(parents=True, exist_ok=True)
    with (home / LOCK_FILE).open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            since = lock.read().strip() or "a moment ago"
            raise RunInProgress(
                f"a whole-store run is in progress (started {since}); try again when it has ended"
            ) from None
        lock.truncate(0)
        lock.write(datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)
