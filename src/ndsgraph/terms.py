"""rdflib for the adapters that need it (pySHACL, owlrl, the shapes they take, the
importers and the generator), and nothing else: the library's term model is pyoxigraph's
(``ndsgraph.vocabulary``).

Here the vocabulary's own namespaces as rdflib ones, and terms between rdflib and
pyoxigraph, keeping blank node labels and literals exactly as they are (a round trip through
a parser would relabel the one and could reject the other)."""

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from ndsgraph import vocabulary

NDSG = Namespace(vocabulary.NDSG.base)
ID = Namespace(vocabulary.ID.base)
CONCEPT = Namespace(vocabulary.CONCEPT.base)
GRAPH = Namespace(vocabulary.GRAPH.base)
ADMS = Namespace(vocabulary.ADMS.base)
CCCEV = Namespace(vocabulary.CCCEV.base)
EIRA = Namespace(vocabulary.EIRA.base)
SCHEMA = Namespace(vocabulary.SCHEMA.base)
TOOI = Namespace(vocabulary.TOOI.base)
COUNTRY = Namespace(vocabulary.COUNTRY.base)

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
RdflibTerm = URIRef | BNode | Literal


def to_oxigraph(term: RdflibTerm) -> OxTerm:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(
        str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None
    )


def to_rdflib(term: OxTerm) -> RdflibTerm:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == vocabulary.XSD.string:  # a simple literal: rdflib keeps the two apart
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def quads(graph: Graph) -> list[ox.Quad]:
    """The graph's triples as quads in the default graph."""
    return [ox.Quad(*(to_oxigraph(term) for term in triple)) for triple in graph]


def graph(triples: Iterable[ox.Triple]) -> Graph:
    """Oxigraph triples as an rdflib graph (for the engines and callers that need one)."""
    converted = Graph()
    for triple in triples:
        converted.add(tuple(to_rdflib(term) for term in triple))
    return converted
