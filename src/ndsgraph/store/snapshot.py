"""The asserted data of a store as one in-memory Oxigraph graph: what a validation run or the
reasoner works on, copied graph by graph (Rust to Rust, no rdflib), so a run reads a fixed
copy while the store takes new submissions.

Asserted means: not validation runs, shapes, the inferred closure, the organisation counts or
the catalogue.
"""

import hashlib

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
    SHA-256 over their names and content."""
    copy = ox.Store()
    data, digest = asserted_ntriples(store)
    copy.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return copy, digest


def asserted_ntriples(store: Store) -> tuple[bytes, str]:
    """The asserted graphs as one N-Triples document (blank node labels as the store gives
    them, the same in every graph), and a SHA-256 over their names and content: what a
    whole-store run hands its SHACL engine as it is, while it reads them into a store of its
    own."""
    parts = []
    digest = hashlib.sha256()
    for name in store.graph_names():
        if name.startswith(DERIVED):
            continue
        data = store.graph_ntriples(name)
        if not data:  # an empty graph states nothing (and names nothing in the hash)
            continue
        digest.update(name.encode() + b"\n" + data)
        parts.append(data)
    return b"".join(parts), digest.hexdigest()
