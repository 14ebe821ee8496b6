"""Whole-store runs on a schedule: ``NDSGRAPH_FULL_RUN_EVERY`` (``1d``, ``6h``, ``30m``,
``90s``; unset: never), in a background thread of the process that serves the store.

Exactly one process of a server schedules: the one that takes the scheduler's file lock in the
store's home (over a remote store Granian may run several workers). The operating system frees
the lock when its holder ends, so a worker started in place of one that died takes over. A
scheduled run that finds another run going (``POST /api/runs``) is skipped, not queued.
"""

import fcntl
import os
import re
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import IO

from ndsgraph.errors import InputError, RunInProgress
from ndsgraph.register import national_run
from ndsgraph.store import Store

EVERY = "NDSGRAPH_FULL_RUN_EVERY"
LOCK_FILE = "scheduler.lock"
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def interval(environ: dict[str, str] = os.environ) -> timedelta | None:
    """The time between scheduled runs, or None when none are asked for."""
    value = environ.get(EVERY, "").strip()
    if not value:
        return None
    match = re.fullmatch(r"([1-9][0-9]*)([dhms])", value)
    if match is None:
        raise InputError(
            f"${EVERY} is '{value[:40]}': give a whole number and a unit d, h, m or s "
            "(such as 1d, 6h or 30m)"
        )
    return timedelta(seconds=int(match[1]) * _UNITS[match[2]])


def start(store: Store, home: Path, every: timedelta) -> threading.Thread | None:
    """Start running the store's whole-store run ``every`` so often, unless another process
    of this server already does (then None)."""
    home.mkdir(parents=True, exist_ok=True)
    lock = (home / LOCK_FILE).open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    thread = threading.Thread(
        target=_run_every,
        args=(store, home, every, lock),
        name="ndsgraph-scheduled-runs",
        daemon=True,
    )
    thread.start()
    return thread


def _run_every(store: Store, home: Path, every: timedelta, lock: IO[str]) -> None:
    """Wait, run, wait: for as long as the process lives, whatever one run does."""
    with lock:  # held, and so this process the scheduler, while the schedule goes on
        while True:
            time.sleep(every.total_seconds())
            try:
                summary = national_run.run(store, home)
                counts = summary.counts()
                _say(
                    f"scheduled whole-store run {summary.run.iri}: {counts['findings']} findings, "
                    f"{counts['unexplained']} unexplained"
                )
            except RunInProgress as error:
                _say(f"scheduled whole-store run skipped: {error}")
            except Exception as error:  # the schedule outlives a run that fails
                _say(f"scheduled whole-store run failed: {type(error).__name__}: {error}")


def _say(message: str) -> None:
    print(f"ndsgraph: {message}", file=sys.stderr, flush=True)
