"""RDFS / OWL-RL closure with owlrl, materialised into a named graph of its own.

Only the inferred triples are stored, in ``graph/inferred``, so the closure can
be dropped again without touching the asserted data. Shapes and validation runs
are not reasoned over.
"""

import pyoxigraph as ox
import rdflib
from owlrl import DeductiveClosure, OWLRL_Semantics, RDFS_Semantics

from ndsgraph import snapshot
from ndsgraph.namespaces import INFERRED_GRAPH
from ndsgraph.store import Store

PROFILES = {"rdfs": RDFS_Semantics, "owlrl": OWLRL_Semantics}


def materialise(store: Store, profile: str = "rdfs") -> int:
    """Compute the closure and store what it adds; returns the number of inferred triples."""
    copy, _ = snapshot.asserted(store)
    asserted = rdflib.Graph()
    asserted.parse(
        data=copy.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt"
    )
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
