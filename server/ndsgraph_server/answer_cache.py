"""Answers kept for repeated queries, keyed to the store's data version.

The dashboard, the pages and linked-data clients ask the same questions again and again. While
the data has not changed, the serialised answer is served from memory; every write changes
the store's version (``Store.version``), so after a submission no older answer is reachable.
Stores that cannot tell their version (a shared SPARQL server) are never cached, nor are
queries whose answer depends on the moment (NOW, RAND, UUID, STRUUID, BNODE).
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable

from ndsgraph.sparql.sparql_text import mask

_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
_COALESCE = re.compile(r"\bCOALESCE\s*\(\s*[?$](\w+)\s*,", re.IGNORECASE)


def cacheable(sparql: str, bound: frozenset[str] = frozenset()) -> bool:
    """Whether the answer depends only on the data. ``COALESCE(?v, …)`` with ``?v`` among the
    ``bound`` variables never reaches its fallback, so a ``NOW()`` there (a stored query's
    "default: today") does not count."""
    masked = mask(sparql)
    for match in list(_COALESCE.finditer(masked)):
        if match.group(1) in bound:  # blanked, same length: later matches keep their place
            end = _closing(masked, masked.index("(", match.start()))
            masked = masked[: match.start()] + " " * (end - match.start()) + masked[end:]
    return not _VOLATILE.search(masked)


def _closing(text: str, opening: int) -> int:
    """The index just after the parenthesis that closes the one at ``opening``."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return len(text)


class AnswerCache:
    """A least-recently-used map from (version, request) to (body, media type), bounded in
    bytes; versions only grow, and answers of an older version are never kept."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[bytes, str]] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, version: int, request: Hashable) -> tuple[bytes, str] | None:
        with self._lock:
            found = self._entries.get((version, request))
            if found is not None:
                self._entries.move_to_end((version, request))
                self.hits += 1
            return found

    def put(self, version: int, request: Hashable, body: bytes, media_type: str) -> None:
        if len(body) > self.max_bytes // 4:  # one huge answer must not flush all the others
            return
        with self._lock:
            if self._version is not None and version < self._version:
                return  # read before a write that has since been seen: already stale
            if version != self._version:  # the data changed: every kept answer is stale
                self._entries.clear()
                self._bytes = 0
                self._version = version
            if (version, request) in self._entries:
                return
            self._entries[(version, request)] = (body, media_type)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (old, _) = self._entries.popitem(last=False)
                self._bytes -= len(old)
