"""The asserted data of a store as one rdflib graph, for the tools that need rdflib (pySHACL, owlrl).

Asserted means: not validation runs, shapes, the inferred closure or the catalogue.
"""

import hashlib

import pyoxigraph as ox
from rdflib import Graph

from ndsgraph.namespaces import CATALOGUE_GRAPH, GRAPH, INFERRED_GRAPH
from ndsgraph.store import Store

DERIVED = (
    str(GRAPH["validation/"]),
    str(GRAPH["shapes/"]),
    str(CATALOGUE_GRAPH),
    str(INFERRED_GRAPH),
)


def asserted(store: Store) -> tuple[Graph, str]:
    """The asserted graphs merged, and a SHA-256 over their names and content."""
    graph = Graph()
    digest = hashlib.sha256()
    for name in store.graphs():
        if name.startswith(DERIVED):
            continue
        triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        digest.update(name.encode() + b"\n" + data)
        graph.parse(data=data, format="nt")
    return graph, digest.hexdigest()
