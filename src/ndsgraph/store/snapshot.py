"""The asserted data of a store as one in-memory Oxigraph graph: what a validation run or the
reasoner works on, copied graph by graph (Rust to Rust, no rdflib), so a run reads a fixed
copy while the store takes new submissions.

Asserted means: not validation runs, shapes, the inferred closure, the organisation counts or
the catalogue.
"""

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox

from ndsgraph.store import Store
from ndsgraph.vocabulary import CATALOGUE_GRAPH, COUNTS_GRAPH, GRAPH, INFERRED_GRAPH

DERIVED = (
    GRAPH["validation/"].value,
    GRAPH["shapes/"].value,
    CATALOGUE_GRAPH.value,
    INFERRED_GRAPH.value,
    COUNTS_GRAPH.value,
)


def asserted(store: Store) -> tuple[ox.Store, str]:
    """The asserted graphs merged into the default graph of a new in-memory store, and a
    SHA-256 over their names and content.

    Each graph is loaded on a second thread while the next is read from the store (both
    without the GIL): at 1M triples that halves the time on two cores."""
    copy = ox.Store()
    digest = hashlib.sha256()
    with ThreadPoolExecutor(1) as loader:
        loading: Future | None = None
        for name in store.graphs():
            if name.startswith(DERIVED):
                continue
            data = store.graph_ntriples(name)
            digest.update(name.encode() + b"\n" + data)
            if loading is not None:
                loading.result()
            loading = loader.submit(copy.load, data, format=ox.RdfFormat.N_TRIPLES)
        if loading is not None:
            loading.result()
    return copy, digest.hexdigest()
