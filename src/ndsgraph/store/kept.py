"""Figures read from a store once per version of its data (``Store.version``): what every
register view reads the same (the organisations with a type, what the facet counts count),
which at national size cost a page a tenth of its time when read again for each view.

A store that cannot tell its version (a shared server) is read every time. The version is
asked before reading, so a figure read while a write was under way is kept under the version
of that moment, which the write's end moves past: it is never given after the write.
"""

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from ndsgraph.store import Store

T = TypeVar("T")
MOST = 32  # figures kept per store: a figure per moment asked of a snapshot stays bounded

_kept: "weakref.WeakKeyDictionary[Store, dict[Hashable, tuple[int, object]]]" = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def once(store: Store, key: Hashable, read: Callable[[Store], T]) -> T:
    """``read(store)``, read once per version of the store's data and kept by ``key`` (which
    names what is read and its parameters). Callers must not change what it gives."""
    version = store.version()
    if version is None:
        return read(store)
    with _lock:
        found = _kept.get(store, {}).get(key)
    if found is not None and found[0] == version:
        return cast(T, found[1])
    value = read(store)
    with _lock:
        figures = _kept.setdefault(store, {})
        if any(v > version for v, _ in figures.values()):
            return value  # read before a write that another reader has seen the end of
        for old in [k for k, (v, _) in figures.items() if v != version]:
            del figures[old]  # of an older version: never asked for again
        while len(figures) >= MOST:
            del figures[next(iter(figures))]  # the oldest
        figures[key] = (version, value)
    return value
