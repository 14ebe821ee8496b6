"""An exchange file imported, exported back and compared: what a round trip through ndsgraph
loses (nothing, when it works).

The import is the admin's (``importing.import_model``), into the store given; the export is
``export --format archimate --graph`` of the graph it wrote, written as bytes, checked against
the XSD and read again; the comparison (``comparing``) sets it beside the model the file held,
less the NDS facts the export adds as ``ndsgraph-…`` properties.
"""

from dataclasses import dataclass
from pathlib import Path

from ndsgraph.archimate import comparing, exporting, importing, mapping, reading, writing
from ndsgraph.store import Store


@dataclass(frozen=True)
class RoundTrip:
    graph: str
    summary: dict
    exported: bytes
    differences: list[str]


def roundtrip(store: Store, home: Path, data: bytes, *, source: str) -> RoundTrip:
    """Import ``data`` into ``store``, export its graph and compare (refused input: InputError)."""
    original = reading.read(data, source)
    imported = importing.import_model(store, home, data, source=source)
    exported = writing.write(exporting.imported(store, imported.graph))
    again = reading.read(exported, f"the export of {source}", max_bytes=len(exported))
    found = comparing.differences(original, mapping.without_derived(again))
    return RoundTrip(imported.graph, imported.summary, exported, found)
