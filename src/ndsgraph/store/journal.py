"""Undo notes beside an embedded store, for graphs being written by the bulk loader.

Oxigraph's bulk loader is not transactional: a process that dies while it loads, or before
the write's last transaction, leaves part of a graph in the store. So before such a write
begins, the update that puts the graph and its catalogue entry back as they were is written
to a file (``note``); the write removes the file once its last transaction has committed
(``done``), and whoever opens the store next applies what is left (``left``). An undo is
idempotent: applying it again, after a crash during the undo itself, does no harm.
"""

import os
from pathlib import Path


def folder(store: Path) -> Path:
    """Where the undo notes of the store at ``store`` are kept (beside it: the store's own
    directory is RocksDB's)."""
    return store.with_name(store.name + ".writing")


def note(store: Path, name: str, undo: str) -> Path:
    """Write ``undo`` (a SPARQL Update) durably before the write it undoes begins."""
    place = folder(store)
    place.mkdir(exist_ok=True)
    path = place / f"{name}.ru"
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(undo)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    _sync(place)
    return path


def done(path: Path) -> None:
    """The write has committed: its undo must never be applied."""
    path.unlink()
    _sync(path.parent)


def left(store: Path) -> list[Path]:
    """The undo notes of writes that never finished, oldest first; half-written notes (their
    write had not begun) are removed."""
    place = folder(store)
    if not place.is_dir():
        return []
    for temporary in place.glob("*.tmp"):
        temporary.unlink()
    return sorted(place.glob("*.ru"), key=lambda p: p.stat().st_mtime_ns)


def _sync(directory: Path) -> None:
    """Make a file's creation or removal in ``directory`` survive a power cut."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
