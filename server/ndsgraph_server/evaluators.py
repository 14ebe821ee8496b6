"""Where read queries are evaluated: in worker processes that can be stopped, or in threads.

Oxigraph cannot cancel an evaluation, so an endpoint that evaluates in its own threads can
only abandon a runaway query: it keeps its CPU core and its slot until it ends by itself.
``ProcessEvaluator`` evaluates each job in a worker process instead, over a read-only
snapshot of the embedded store (``Snapshots``) or as a client of a remote store, and kills
the worker when the job passes its time limit; a fresh worker takes its place. Workers also
let reads use every core, since each has an interpreter of its own.

``ThreadEvaluator`` is for stores that no other process can open (in memory): the
application tests and library users that embed the app. Both take the same jobs: a picklable
callable ``job(store, writer)`` whose result travels back to the caller.
"""

import contextlib
import ctypes
import ctypes.util
import fcntl
import gc
import multiprocessing
import os
import queue
import re
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol, TextIO, TypeVar

from ndsgraph.config import open_store
from ndsgraph.errors import NdsgraphError, Unprocessable
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, Store, snapshot_folder
from ndsgraph_server.limits import Busy, LimitedWriter, Limits, OutOfMemory, QueryTimeout

T = TypeVar("T")
Job = Callable[[Store, LimitedWriter], T]


class WorkerFailed(NdsgraphError):
    """A worker process ended while it evaluated a job (a crash: a bug, never user input)."""


class Evaluator(Protocol):
    limits: Limits

    def run(self, job: Job[T]) -> T:
        """The job's result, within the time, size and concurrency limits."""

    def written(self) -> None:
        """The data changed: what reads it from elsewhere (the CLI) should see the change."""

    def close(self) -> None:
        """Stop whatever evaluates (workers, threads)."""


def _timeout(limits: Limits) -> QueryTimeout:
    return QueryTimeout(f"query exceeded the time limit of {limits.timeout:g} s")


def _busy(limits: Limits) -> Busy:
    return Busy(
        f"{limits.max_running} queries have been running for {limits.timeout:g} s: try again later"
    )


class ThreadEvaluator:
    """Evaluates in a bounded thread pool; a timed-out evaluation is abandoned, not stopped."""

    def __init__(self, store: Store, limits: Limits) -> None:
        self.store = store
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=limits.max_running, thread_name_prefix="query")
        self._slots = threading.BoundedSemaphore(limits.max_running)

    def run(self, job: Job[T]) -> T:
        if not self._slots.acquire(timeout=self.limits.timeout):
            raise _busy(self.limits)
        deadline = time.monotonic() + self.limits.timeout  # the wait for a slot is not counted
        writer = LimitedWriter(self.limits.max_result_bytes, deadline, self.limits.timeout)
        try:
            future = self._pool.submit(job, self.store, writer)
        except RuntimeError:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise _timeout(self.limits) from None

    def written(self) -> None:
        """Nothing to do: threads read the store itself."""

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class _Snapshot:
    path: Path
    version: int
    users: int = 0
    current: bool = True


class Snapshots:
    """Read-only checkpoints of an embedded store, one per data version that was read.

    Oxigraph's backup hard-links the store's immutable files, so a checkpoint of a store that
    just changed costs milliseconds. A checkpoint is removed once it is neither the newest
    nor in use by a job."""

    def __init__(self, store: OxigraphStore) -> None:
        if store.path is None:
            raise NdsgraphError("an in-memory store has no snapshots (use ThreadEvaluator)")
        self.store = store
        self.folder = snapshot_folder(store.path)
        shutil.rmtree(self.folder, ignore_errors=True)  # leftovers of a killed server
        self.folder.mkdir(parents=True)
        self._lock = threading.Lock()
        self._newest: _Snapshot | None = None
        self._all: dict[Path, _Snapshot] = {}

    def acquire(self) -> Path:
        """A checkpoint at least as new as the data when this was called; release it after."""
        with self._lock:
            version = self.store.version()
            newest = self._newest
            if newest is None or newest.version != version:
                newest = self._take(version)
            newest.users += 1
            return newest.path

    def refresh(self) -> None:
        """A checkpoint of the data as it is now, for the CLI (which reads the newest)."""
        self.release(self.acquire())

    def _take(self, version: int) -> _Snapshot:
        path = self.folder / f"{version}-{uuid.uuid4().hex[:8]}"
        self.store.snapshot(path)
        # a write during the backup: the checkpoint is newer than ``version`` says; it serves
        # this request, and the next one takes its own
        taken = _Snapshot(path, version if self.store.version() == version else -1)
        if self._newest is not None:
            self._newest.current = False
            self._drop_if_unused(self._newest)
        self._newest = taken
        self._all[path] = taken
        return taken

    def release(self, path: Path) -> None:
        with self._lock:
            snapshot = self._all[path]
            snapshot.users -= 1
            self._drop_if_unused(snapshot)

    def _drop_if_unused(self, snapshot: _Snapshot) -> None:
        if not snapshot.current and snapshot.users == 0:
            del self._all[snapshot.path]
            shutil.rmtree(snapshot.path, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# Oxigraph's parser and evaluator recurse per level of nesting and per operator of a chain:
# with the usual 8 MiB a few thousand UNIONs overflow the stack, with this some 40,000; what
# overflows it still is told apart from a crash (nesting is bounded before evaluation).
_STACK = 64 * 2**20


# A job's Python objects (a national picture's rows, read by several threads, each with an
# allocator arena of its own) are freed when it ends, but the allocator keeps their pages: a
# worker kept the high-water mark of its largest page. Trimmed after each answer, they go back
# to the system (the CI soak's query workers after a minute: 448 MiB, trimmed 358).
# (glibc's; another C library, without it, keeps its own ways)
_TRIM: Callable[[int], int] = getattr(
    ctypes.CDLL(ctypes.util.find_library("c")), "malloc_trim", lambda _: 0
)


def _end_with(owner: int) -> None:
    """Exit as soon as the process that owns this worker is gone, even in mid-evaluation: a
    killed server leaves no runaway query behind."""
    while True:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(0)
        time.sleep(0.25)


def _serve_jobs(connection: Connection, owner: int, max_memory: int, last_words: str) -> None:
    """A worker's life (see ``_jobs``), with its heap limited to ``max_memory`` bytes, so that
    no query can take the machine's memory, and its standard error in the file ``last_words``,
    which says why the worker ended if it ended in mid-job (Rust writes its reason there)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))
    os.dup2(os.open(last_words, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
    os.environ["RUST_BACKTRACE"] = "0"  # a panic's reason in two lines, not a backtrace
    threading.Thread(target=_end_with, args=(owner,), daemon=True).start()
    # what it was forked with is never collected: a collection that walks those objects
    # writes to each page of them, which copies the server's modules into the worker in its
    # first page's time (some 40 ms at 1M)
    gc.freeze()
    queries.read_all()
    threading.stack_size(_STACK)
    jobs = threading.Thread(target=_jobs, args=(connection,), name="jobs")
    jobs.start()
    jobs.join()


def _jobs(connection: Connection) -> None:
    """Open the store a job names (reusing the last one), run the job, send back
    ``(True, result)`` or ``(False, error)``; until the server closes the connection."""
    opened: tuple[str, Store] | None = None
    while True:
        try:
            location, read_only, timeout, max_bytes, job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if opened is None or opened[0] != location:
                opened = None  # close the older snapshot before opening the next
                store = (
                    OxigraphStore(Path(location), read_only=True)
                    if read_only
                    else open_store(location)
                )
                opened = (location, store)
            writer = LimitedWriter(max_bytes, time.monotonic() + timeout, timeout)
            answer: tuple[bool, Any] = (True, job(opened[1], writer))
        except NdsgraphError as error:
            answer = (False, error)
        except Exception as error:  # a bug: reported as such, and the worker goes on
            answer = (False, NdsgraphError(f"evaluation failed: {type(error).__name__}: {error}"))
        connection.send(answer)
        _TRIM(0)  # after the answer, not in its time: see ``_TRIM``


_WORDS = "ndsgraph-query-workers-"
_HELD = ".held"  # locked while its server lives


def _hold(folder: Path) -> TextIO:
    """The lock that tells a living server's folder from an orphan's: the kernel lets go of
    it when the server ends, however it ends (a signal runs no ``close``)."""
    held = (folder / f"{_HELD}-taking").open("w")
    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.rename(folder / f"{_HELD}-taking", folder / _HELD)  # seen by others only once held
    return held


def _remove_orphans() -> None:
    """The workers' folders of servers that are gone (hundreds piled up in the temporary
    folder): those whose lock anyone may take. A folder without one is left alone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_WORDS}*"):
        try:
            with (folder / _HELD).open("r") as held:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by a living server, not ours to read, or no lock at all
            continue
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(eq=False)  # workers are told apart by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    last_words: Path  # its standard error

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # it may have ended by itself
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(timeout=5)
        self.connection.close()
        self.last_words.unlink(missing_ok=True)


class ProcessEvaluator:
    """Evaluates each job in one of ``limits.max_running`` worker processes; a job that passes
    its time limit has its worker killed and replaced, so its core and slot are free at once.

    Workers are forked from a server process that has only imported ndsgraph (never opened a
    store: RocksDB's threads do not survive a fork), so a replacement starts in milliseconds.
    """

    def __init__(self, store: Store, location: str, limits: Limits) -> None:
        self.limits = limits
        self.location = location
        self.snapshots = Snapshots(store) if isinstance(store, OxigraphStore) else None
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._slots = threading.BoundedSemaphore(limits.max_running)
        # the worker that ran last runs the next: one at a time, pages go to a worker whose
        # caches (RocksDB's blocks, parsed queries) are warm, not to each of them in turn
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        _remove_orphans()
        self._last_words = Path(tempfile.mkdtemp(prefix=_WORDS))
        self._held = _hold(self._last_words)
        for _ in range(limits.max_running):
            self._start()

    def _start(self) -> None:
        ours, theirs = self._context.Pipe()
        last_words = self._last_words / uuid.uuid4().hex
        process = self._context.Process(
            target=_serve_jobs,
            args=(theirs, os.getpid(), self.limits.max_query_memory, str(last_words)),
            daemon=True,
            name="ndsgraph-query",
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours, last_words)
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Stop a worker and start another in its place, whatever became of the first."""
        with self._lock:
            self._workers.discard(worker)
        try:
            worker.stop()
        finally:
            if not self._closed:
                threading.Thread(target=self._start, name="query-worker-start", daemon=True).start()

    def _ended(self, worker: _Worker) -> NdsgraphError:
        """The error for a worker that ended during a job, from what it last wrote: past its
        memory limit (``RLIMIT_DATA``) the allocator aborts it, a panic of Oxigraph's aborts
        it, and so does a stack overflow. The first two are the query's to change; anything
        else is a crash, a bug. The last words also go to the server's log."""
        worker.process.join(timeout=2)  # the end of its pipe may come before its exit status
        words = worker.last_words.read_text(errors="replace")[-65536:]
        self._replace(worker)
        print(f"query worker {worker.process.pid} ended: {words.strip()[-4000:]}", file=sys.stderr)
        if "memory allocation of" in words:
            return OutOfMemory(
                f"query needed more than the memory limit of "
                f"{self.limits.max_query_memory // 2**20} MiB: narrow it or add a LIMIT"
            )
        if panic := re.search(r"panicked at [^\n]*:\n([^\n]+)", words):
            return Unprocessable(f"Oxigraph cannot evaluate this query: {panic.group(1)}")
        if "overflowed its stack" in words or worker.process.exitcode == -signal.SIGSEGV:
            return Unprocessable("the query nests or chains too deeply to be evaluated")
        return WorkerFailed(
            f"the query's worker process ended unexpectedly (exit {worker.process.exitcode})"
        )

    def run(self, job: Job[T]) -> T:
        """Waiting for a free worker takes at most the time limit (then: ``Busy``); the job
        itself has the whole time limit from when a worker takes it."""
        limit = self.limits.timeout
        waited = time.monotonic() + limit
        if not self._slots.acquire(timeout=limit):
            raise _busy(self.limits)
        try:
            try:
                worker = self._idle.get(timeout=max(0.0, waited - time.monotonic()))
            except queue.Empty:  # replacements of killed workers are still starting
                raise _busy(self.limits) from None
            return self._on(worker, job, time.monotonic() + limit)
        finally:
            self._slots.release()

    def _on(self, worker: _Worker, job: Job[T], deadline: float) -> T:
        if self.snapshots is not None:
            location, read_only = self.snapshots.acquire(), True
        else:
            location, read_only = self.location, False
        try:
            remaining = max(0.0, deadline - time.monotonic())
            try:
                worker.connection.send(
                    (str(location), read_only, remaining, self.limits.max_result_bytes, job)
                )
            except OSError:
                raise self._ended(worker) from None
            if not worker.connection.poll(remaining):
                self._replace(worker)
                raise _timeout(self.limits)
            try:
                ok, value = worker.connection.recv()
            except (EOFError, OSError):
                raise self._ended(worker) from None
        finally:
            if self.snapshots is not None:
                self.snapshots.release(location)
        self._idle.put(worker)
        if not ok:
            raise value
        return value

    def written(self) -> None:
        if self.snapshots is not None:
            self.snapshots.refresh()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.stop()
        shutil.rmtree(self._last_words, ignore_errors=True)
        self._held.close()
        if self.snapshots is not None:
            self.snapshots.close()
