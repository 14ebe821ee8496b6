"""Figures read once per version of a store's data (ndsgraph.store.kept)."""

from collections.abc import Callable

import pyoxigraph as ox

from ndsgraph.store import OxigraphStore, kept

GRAPH = "https://example.org/graph/kept"
THING = ox.NamedNode("https://example.org/thing")


def _counter() -> tuple[list[int], Callable[[OxigraphStore], int]]:
    """A read of the number of triples, and a list that grows by one at each read."""
    reads: list[int] = []

    def read(s: OxigraphStore) -> int:
        reads.append(1)
        return len(list(s.query("SELECT * WHERE { ?s ?p ?o }")))

    return reads, read


def test_a_figure_is_read_once_while_the_data_stay_the_same():
    store = OxigraphStore()
    reads, read = _counter()
    assert kept.once(store, "triples", read) == kept.once(store, "triples", read) == 0
    assert len(reads) == 1


def test_a_write_makes_the_figure_read_again():
    store = OxigraphStore()
    reads, read = _counter()
    kept.once(store, "triples", read)
    store.add_triples(GRAPH, [ox.Triple(THING, THING, THING)])
    assert kept.once(store, "triples", read) == 1
    assert len(reads) == 2


def test_figures_are_kept_per_store_and_per_key():
    first, second = OxigraphStore(), OxigraphStore()
    second.add_triples(GRAPH, [ox.Triple(THING, THING, THING)])
    reads, read = _counter()
    assert kept.once(first, "triples", read) == 0
    assert kept.once(second, "triples", read) == 1
    assert kept.once(first, ("triples", "again"), read) == 0
    assert len(reads) == 3


def test_a_store_that_cannot_tell_its_version_is_read_every_time():
    class Shared(OxigraphStore):
        def version(self) -> None:
            return None

    store = Shared()
    reads, read = _counter()
    kept.once(store, "triples", read)
    kept.once(store, "triples", read)
    assert len(reads) == 2
