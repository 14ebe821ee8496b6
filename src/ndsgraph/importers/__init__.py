"""Importers: derive the facts ndsgraph needs from public sources into ``data/*.ttl``.

They read the raw files in ``shared/reference`` and ``shared/seeds`` (never
copied into the repository) and record each source with ``dct:source``.
Rerunning them reproduces ``data/`` byte for byte.
"""

from pathlib import Path

from ndsgraph.errors import InputError
from ndsgraph.importers import nds, organisations, standards


def run_all(reference: Path, seeds: Path, out: Path) -> list[Path]:
    """Run every importer; returns the files written. A missing source folder is named
    before anything is written."""
    for folder in (reference, seeds):
        if not folder.is_dir():
            raise InputError(f"{folder}: no such folder of public sources")
    out.mkdir(parents=True, exist_ok=True)
    return [
        *organisations.write(reference, out),
        standards.write(reference, out),
        nds.write(seeds, out),
    ]
