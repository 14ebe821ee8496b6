"""RDFS / OWL 2 RL closure, materialised into a named graph of its own.

Only the inferred triples are stored, in ``graph/inferred``, so the closure can
be dropped again without touching the asserted data. Shapes and validation runs
are not reasoned over.

Engines: owlrl (the reference, pure Python: minutes at a million triples); for the OWL 2 RL
profile ``reasonable`` (Rust); for RDFS ``sparql``, the RDFS rules as two SPARQL queries
evaluated by Oxigraph where the data is (``queries/internal/rdfs-*.rq``). On the bundled data
each infers the reference's statements about the landscape (tested). They differ in
statements about the vocabulary itself, which owlrl adds (reflexive ``rdfs:subClassOf`` /
``owl:equivalentClass``, datatype and annotation-property declarations), reasonable types
every resource ``owl:Thing``, and owlrl's RDFS reads a literal as any other literal of the
same text ("x" as "x"@nl), which the rules do not.
"""

import tempfile

import pyoxigraph as ox
import rdflib
import reasonable
from owlrl import DeductiveClosure, OWLRL_Semantics, RDFS_Semantics

from ndsgraph import terms
from ndsgraph.errors import InputError
from ndsgraph.sparql import queries
from ndsgraph.store import Store, snapshot
from ndsgraph.vocabulary import (
    CONCEPT,
    DCT,
    ID,
    INFERRED_GRAPH,
    NDSG,
    OWL,
    PROV,
    RDF,
    RDFS,
    TOOI,
    XSD,
)

PROFILES = {"rdfs": RDFS_Semantics, "owlrl": OWLRL_Semantics}
ENGINES = ("owlrl", "reasonable", "sparql")
_PREFIXES = {
    "ndsg": NDSG.base,
    "id": ID.base,
    "begrip": CONCEPT.base,
    "tooi": TOOI.base,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "owl": OWL.base,
    "xsd": XSD.base,
    "dct": DCT.base,
    "prov": PROV.base,
}


def _owlrl(asserted: ox.Store, profile: str) -> set[tuple]:
    default = asserted.quads_for_pattern(None, None, None, ox.DefaultGraph())
    graph = terms.graph(q.triple for q in default)  # blank nodes keep their labels
    closed = rdflib.Graph()
    closed += graph
    DeductiveClosure(PROFILES[profile], axiomatic_triples=False, datatype_axioms=False).expand(
        closed
    )
    return set(closed - graph)


_SKOLEM = "urn:ndsgraph:blank-node:"  # reasonable's parser relabels blank nodes: it gets IRIs


def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(_SKOLEM + term.value) if isinstance(term, ox.BlankNode) else term


def _unskolem(term: rdflib.term.Node) -> rdflib.term.Node:
    if isinstance(term, rdflib.URIRef) and str(term).startswith(_SKOLEM):
        return rdflib.BNode(str(term)[len(_SKOLEM) :])
    return term


def _reasonable(asserted: ox.Store) -> list[tuple]:
    reasoner = reasonable.PyReasoner()
    named = (
        ox.Triple(*map(_skolem, q.triple))
        for q in asserted.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    with tempfile.NamedTemporaryFile(suffix=".ttl") as file:  # it reads files faster than
        ox.serialize(  # it converts rdflib graphs, and prefixed Turtle faster than N-Triples
            named, file, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES
        )
        file.flush()
        reasoner.load_file(file.name)
    # with the asserted triples, which the caller drops
    return [tuple(map(_unskolem, triple)) for triple in reasoner.reason()]


def _sparql_rdfs(asserted: ox.Store) -> list[ox.Triple]:
    """The RDFS closure by rule queries: one pass reaches the fixpoint unless the vocabulary
    itself is extended, which is refused (owlrl iterates)."""
    if asserted.query(queries.internal("rdfs-extended-vocabulary").text):
        raise InputError(
            "the data declares sub-properties of the RDFS vocabulary itself: use --engine owlrl"
        )
    found = [
        ox.Triple(r["s"], r["q"], r["o"])
        for r in asserted.query(queries.internal("rdfs-properties").text)
    ]
    found += [
        ox.Triple(r["x"], RDF.type, r["d"])
        for r in asserted.query(queries.internal("rdfs-types").text)
    ]
    return found


_VOCABULARY_PREDICATES = {
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.disjointWith,
    OWL.sameAs,
}
_VOCABULARY_TYPES = {
    RDFS.Resource,
    OWL.Thing,
    RDFS.Class,
    OWL.Class,
    RDFS.Datatype,
    RDF.Property,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
}


def about_things(triples: list[ox.Triple]) -> set[ox.Triple]:
    """The statements about things, not about the vocabulary that describes them: what the
    engines are compared on."""
    return {
        t
        for t in triples
        if t.predicate not in _VOCABULARY_PREDICATES
        and not (t.predicate == RDF.type and t.object in _VOCABULARY_TYPES)
    }


def inferred(asserted: ox.Store, profile: str = "rdfs", engine: str = "owlrl") -> list[ox.Triple]:
    """What the closure adds to ``asserted`` (its default graph)."""
    if engine not in ENGINES:
        raise InputError(f"unknown reasoning engine '{engine}' (use {', '.join(ENGINES)})")
    if engine == "reasonable" and profile != "owlrl":
        raise InputError("the reasonable engine computes the OWL 2 RL closure: use --profile owlrl")
    if engine == "sparql":
        if profile != "rdfs":
            raise InputError("the sparql engine computes the RDFS closure: use --profile rdfs")
        return _sparql_rdfs(asserted)  # new statements only, each once
    added = _reasonable(asserted) if engine == "reasonable" else _owlrl(asserted, profile)
    triples = (
        ox.Triple(*(terms.to_oxigraph(term) for term in triple))
        for triple in added
        if not isinstance(triple[0], rdflib.Literal)  # RDF allows no literal subjects
    )  # "x"^^xsd:string is "x": what an engine re-typed that way is not new
    return list(dict.fromkeys(t for t in triples if ox.Quad(*t, ox.DefaultGraph()) not in asserted))


def materialise(store: Store, profile: str = "rdfs", engine: str = "owlrl") -> int:
    """Compute the closure and store what it adds; returns the number of inferred triples."""
    copy, _ = snapshot.asserted(store)
    return store.replace_graph(INFERRED_GRAPH.value, inferred(copy, profile, engine))


def drop(store: Store) -> None:
    store.drop_graph(INFERRED_GRAPH.value)
