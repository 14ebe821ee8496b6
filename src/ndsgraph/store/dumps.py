"""Downloadable dumps of the whole dataset (the DCAT distributions beside the endpoint):
written to a file once per version of the data and served from there, so a harvester's
download neither holds the store in memory nor re-serialises it for every request."""

import threading
from pathlib import Path

import pyoxigraph as ox

from ndsgraph.store import Store

FORMATS = {  # file extension: (format, media type)
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
}
_writing = threading.Lock()


def current(store: Store, folder: Path, extension: str) -> Path:
    """The dump of ``store`` as it is now, in the format of ``extension``. A store that
    cannot say its version (a shared remote server) is dumped anew every time."""
    fmt = FORMATS[extension][0]
    version = store.version()
    path = folder / f"dump-{'latest' if version is None else version}.{extension}"
    with _writing:
        if version is None or not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            store.dump_to(partial, fmt)
            partial.replace(path)  # a crash mid-dump never leaves a half file to be served
            for older in folder.glob(f"dump-*.{extension}"):
                if older != path:
                    older.unlink(missing_ok=True)
    return path
