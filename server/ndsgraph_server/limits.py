"""Limits on what one query may cost: time, result size and concurrency, and the errors of
passing them. Results are written through a writer that stops them at the size limit or the
deadline while streaming; the server's evaluators (``ndsgraph_server.evaluators``) enforce
the time limit and the number of running queries.
"""

import io
import time
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


class OutOfMemory(LimitExceeded):
    """A query needed more memory than a query may use."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0
    max_result_bytes: int = 64 * 1024 * 1024
    max_running: int = 4
    service_allow: tuple[str, ...] = field(default=())
    max_query_memory: int = 2 * 1024 * 1024 * 1024  # bytes of heap one query's worker may use
    # ad-hoc queries (/sparql) evaluated at once; None: all but one of ``max_running``, so
    # that runaway queries of anyone leave pages and stored queries a worker
    max_adhoc: int | None = None

    @property
    def adhoc_slots(self) -> int:
        """How many ad-hoc queries may run at once (at least one)."""
        if self.max_adhoc is not None:
            return max(1, self.max_adhoc)
        return max(1, self.max_running - 1)


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
