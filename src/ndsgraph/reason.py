"""RDFS / OWL-RL closure with owlrl, materialised into a named graph of its own.

Only the inferred triples are stored, in ``graph/inferred``, so the closure can
be dropped again without touching the asserted data.
"""

import pyoxigraph as ox
import rdflib
from owlrl import DeductiveClosure, OWLRL_Semantics, RDFS_Semantics

from ndsgraph.namespaces import CATALOGUE_GRAPH, INFERRED_GRAPH
from ndsgraph.store import Store

PROFILES = {"rdfs": RDFS_Semantics, "owlrl": OWLRL_Semantics}


def _asserted(store: Store) -> rdflib.Graph:
    """The union of the asserted named graphs as one rdflib graph."""
    skip = {str(INFERRED_GRAPH), str(CATALOGUE_GRAPH)}
    graph = rdflib.Graph()
    for name in store.graphs():
        if name not in skip:
            construct = store.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
            )
            graph.parse(data=ox.serialize(construct, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def materialise(store: Store, profile: str = "rdfs") -> int:
    """Compute the closure and store what it adds; returns the number of inferred triples."""
    asserted = _asserted(store)
    closed = rdflib.Graph()
    closed += asserted
    DeductiveClosure(PROFILES[profile], axiomatic_triples=False, datatype_axioms=False).expand(
        closed
    )
    inferred = rdflib.Graph()
    for triple in closed - asserted:
        if not isinstance(triple[0], rdflib.Literal):  # RDF allows no literal subjects
            inferred.add(triple)
    triples = [q.triple for q in ox.parse(inferred.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)]
    return store.replace_graph(str(INFERRED_GRAPH), triples)


def drop(store: Store) -> None:
    store.drop_graph(str(INFERRED_GRAPH))
