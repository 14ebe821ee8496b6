"""Limits on what one query may cost: time, result size and concurrency.

Oxigraph cannot cancel a running evaluation, so a query runs on a bounded pool: the caller
gets a clear timeout error in time, the evaluation is abandoned (its result discarded),
and the pool's size caps how many such evaluations can run at once. Results are written
through a writer that stops them at the size limit or the deadline while streaming.
"""

import io
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from ndsgraph.errors import NdsgraphError


class LimitExceeded(NdsgraphError):
    """A query hit a limit; the message says which and how to stay within it."""


class QueryTimeout(LimitExceeded):
    pass


class ResultTooLarge(LimitExceeded):
    pass


class Busy(LimitExceeded):
    pass


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0
    max_result_bytes: int = 64 * 1024 * 1024
    max_running: int = 4
    service_allow: tuple[str, ...] = field(default=())


class LimitedWriter(io.RawIOBase):
    """Collects serialised results and stops them at the size limit or the deadline."""

    def __init__(self, max_bytes: int, deadline: float, timeout: float) -> None:
        self.buffer = io.BytesIO()
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.timeout = timeout

    def writable(self) -> bool:
        return True

    def check_deadline(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTimeout(f"query exceeded the time limit of {self.timeout:g} s")

    def write(self, data: bytes) -> int:
        self.check_deadline()
        if self.buffer.tell() + len(data) > self.max_bytes:
            raise ResultTooLarge(
                f"result larger than {self.max_bytes} bytes: narrow the query or add a LIMIT"
            )
        return self.buffer.write(data)


class QueryRunner:
    """Runs evaluations within the limits; one runner per server process."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=limits.max_running, thread_name_prefix="query")
        self._slots = threading.BoundedSemaphore(limits.max_running)

    def run(self, evaluate: Callable[[LimitedWriter], str]) -> tuple[bytes, str]:
        """``evaluate`` writes the result into the writer and returns its media type."""
        limit = self.limits.timeout
        deadline = time.monotonic() + limit
        if not self._slots.acquire(timeout=limit):  # queue for a slot, within the same time limit
            raise Busy(
                f"{self.limits.max_running} queries have been running for {limit:g} s: try again later"
            )
        writer = LimitedWriter(self.limits.max_result_bytes, deadline, limit)
        try:
            future = self._pool.submit(evaluate, writer)
        except RuntimeError:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        try:
            media_type = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise QueryTimeout(f"query exceeded the time limit of {limit:g} s") from None
        return writer.buffer.getvalue(), media_type
