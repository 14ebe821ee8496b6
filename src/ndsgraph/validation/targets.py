"""The shapes that can judge some nodes: a run about a few nodes (an upload, an import) counts
only the results whose focus node is one of them, so a node shape whose targets select none of
them in the data finds nothing that counts, however long it takes to find it.

Read from the shapes' own targets (``sh:targetClass``, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``), never from a list of rules: a shape
added to a framework is judged wherever its targets reach. A shape with a target of another
kind (``sh:target``) or an implicit class target is always kept.
"""

import functools

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from ndsgraph import vocabulary
from ndsgraph.terms import to_oxigraph

_SIMPLE = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_SUBCLASS_OF = to_oxigraph(RDFS.subClassOf)
_SUBCLASSES = (
    "SELECT ?class WHERE { ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?of }"
)


def reaching(shapes: Graph, data: ox.Store, about: set[str]) -> Graph:
    """``shapes`` without the targets of the shapes that select none of ``about`` in ``data``
    (its default graph: the data with its context): they stay as shapes that others may refer
    to (``sh:node``), and no longer select focus nodes. The results about ``about`` are the
    same."""
    idle = frozenset(
        shape
        for shape, targets in _targeted(shapes)
        if not any(_selects(data, kind, target, about) for kind, target in targets)
    )
    return _without_targets(shapes, idle) if idle else shapes


@functools.lru_cache(maxsize=16)  # per shapes graph object: one per version of the files
def _targeted(shapes: Graph) -> tuple[tuple[Node, tuple[tuple[URIRef, Node], ...]], ...]:
    """The shapes with targets, each with its targets, unless one of them is of a kind whose
    focus nodes are not read from the shapes alone."""
    found = []
    for shape in {s for kind in _SIMPLE for s in shapes.subjects(kind, None)}:
        implicit = any((shape, RDF.type, c) in shapes for c in (RDFS.Class, OWL.Class))
        if implicit or (shape, SH.target, None) in shapes:
            continue
        targets = tuple(
            (kind, target) for kind in _SIMPLE for target in shapes.objects(shape, kind)
        )
        found.append((shape, targets))
    return tuple(found)


def _selects(data: ox.Store, kind: URIRef, target: Node, about: set[str]) -> bool:
    """Whether the target selects one of ``about`` in ``data``'s default graph."""
    graph, term = ox.DefaultGraph(), to_oxigraph(target)
    if kind == SH.targetNode:
        return term.value in about
    if kind == SH.targetSubjectsOf:
        found = (q.subject for q in data.quads_for_pattern(None, term, None, graph))
    elif kind == SH.targetObjectsOf:
        found = (q.object for q in data.quads_for_pattern(None, term, None, graph))
    else:  # instances of the class or of a subclass (SHACL's rdf:type/rdfs:subClassOf*)
        found = (
            q.subject
            for c in _subclasses(data, term)
            for q in data.quads_for_pattern(None, vocabulary.RDF.type, c, graph)
        )
    return any(node.value in about for node in found)


def _subclasses(data: ox.Store, cls: ox.NamedNode) -> set[ox.NamedNode | ox.BlankNode]:
    """``cls`` and its subclasses in ``data``'s default graph, however deep."""
    found, new = {cls}, [cls]
    while new:
        below = {
            q.subject
            for c in new
            for q in data.quads_for_pattern(None, _SUBCLASS_OF, c, ox.DefaultGraph())
        }
        new = list(below - found)
        found |= below
    return found


@functools.lru_cache(maxsize=64)
def _without_targets(shapes: Graph, idle: frozenset[Node]) -> Graph:
    """``shapes`` without the targets of ``idle``: one graph per set (the engines cache what
    they derive from a shapes graph by the object)."""
    kept = Graph()
    for prefix, namespace in shapes.namespaces():
        kept.bind(prefix, namespace)
    for triple in shapes:
        if not (triple[0] in idle and triple[1] in _SIMPLE):
            kept.add(triple)
    return kept
