"""SHACL-SPARQL constraints evaluated once over all the data, where the data is.

A SHACL engine evaluates a node shape's ``sh:select`` once per focus node, with ``$this``
pre-bound; at a million triples that is hundreds of thousands of queries. Here each query
runs once in Oxigraph: the shape's ``sh:select`` is kept as written (the shapes stay the
source of truth), with the shape's targets as the first pattern of its WHERE group. In
SPARQL ``$this`` and ``?this`` are one variable, so the query yields every (focus node,
solution) pair at once, and the group's filters, OPTIONALs and MINUS see ``$this`` bound.

Pre-binding and this join still differ inside nested groups and in sub-selects that do not
project ``$this``. Constraints with such sub-selects (or with ``$currentShape`` /
``$shapesGraph``) are left to the SHACL engine; the framework shapes bind ``$this`` at the
top and project it from every sub-select, and a test compares this engine with pySHACL on
the example landscape.

The shapes are read with rdflib, because what is left of them goes to the SHACL engines as an
rdflib graph; a constraint found is kept in pyoxigraph terms, as its report is written.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH

from ndsgraph import vocabulary
from ndsgraph.sparql import sparql_text
from ndsgraph.terms import to_oxigraph

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_SUBSELECT = re.compile(r"\{\s*SELECT\b(?P<projection>.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)
_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


@dataclass(frozen=True)
class Message:
    """An ``sh:message`` template, cut once at its ``{?name}`` references: an import's thousands
    of results fill it by joining, not by a regular expression each."""

    texts: tuple[str, ...]  # the text around the references, one more than ``names``
    names: tuple[str, ...]
    language: str

    @classmethod
    def of(cls, message: ox.Literal) -> "Message":
        parts = _TEMPLATE.split(message.value)
        return cls(tuple(parts[0::2]), tuple(parts[1::2]), message.language or "")

    def filled(self, solution: ox.QuerySolution) -> ox.Literal:
        """The message with each reference replaced by its value in ``solution`` (unbound:
        nothing)."""
        text = self.texts[0]
        for name, after in zip(self.names, self.texts[1:], strict=True):
            term = solution[name]
            text += (term.value if term is not None else "") + after
        return ox.Literal(text, language=self.language) if self.language else ox.Literal(text)


@dataclass(frozen=True)
class Constraint:
    """One sh:sparql constraint of a node shape, as a whole-data query."""

    shape: ox.NamedNode | ox.BlankNode
    constraint: ox.NamedNode | ox.BlankNode
    severity: ox.NamedNode
    messages: tuple[Message, ...]
    query: str


def _prefixes(shapes: Graph, constraint: URIRef | BNode) -> str:
    lines = []
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _targets(shapes: Graph, shape: URIRef | BNode) -> list[str]:
    """The shape's targets as graph patterns binding ?this."""
    patterns = []
    classes = list(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.append(shape)  # an implicit class target
    for cls in classes:
        patterns.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {cls.n3()} .")
    nodes = " ".join(node.n3() for node in shapes.objects(shape, SH.targetNode))
    if nodes:
        patterns.append(f"VALUES ?this {{ {nodes} }}")
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"?this {predicate.n3()} ?targetObject .")
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        patterns.append(f"?targetSubject {predicate.n3()} ?this .")
    return patterns


def joinable(select: str) -> bool:
    """Whether the join gives what pre-binding gives (see the module docstring)."""
    masked = sparql_text.mask(select)
    if re.search(r"[?$](currentShape|shapesGraph)\b", masked):
        return False
    if re.search(r"\b(MINUS|VALUES|SERVICE)\b|\bAS\s+[?$]this\b", masked, re.IGNORECASE):
        return False  # SHACL forbids these with pre-binding; the engine reports them
    for sub in _SUBSELECT.finditer(masked):
        body = masked[sub.end() :]
        if re.search(r"[?$]this\b", body) and not re.search(r"[?$]this\b", sub.group("projection")):
            return False
    return True


def split(shapes: Graph, trusted: Graph) -> tuple[Graph, list[Constraint]]:
    """The shapes without the constraints this module evaluates, and those constraints.

    Only constraints that are also in ``trusted`` (the framework files, written for this
    and tested against pySHACL's results) are taken; user-supplied shapes keep pre-binding.
    """
    rest = Graph()
    rest += shapes
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace)
    known = {
        (shape, trusted.value(constraint, SH.select))
        for shape, constraint in trusted.subject_objects(SH.sparql)
    }
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        targets = _targets(shapes, shape)
        if (
            (shape, select) not in known  # constraints are blank nodes: compare the text
            or select is None
            or not targets
            or (shape, RDF.type, SH.PropertyShape) in shapes
            or shapes.value(shape, SH.path) is not None
            or not joinable(str(select))
        ):
            continue  # the SHACL engine evaluates it
        rest.remove((shape, SH.sparql, constraint))
        if shapes.value(constraint, SH.deactivated) == Literal(True) or shapes.value(
            shape, SH.deactivated
        ) == Literal(True):
            continue
        union = " UNION ".join(f"{{ {pattern} }}" for pattern in targets)
        focus = f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"
        query = (
            f"{_prefixes(shapes, constraint)}\n"
            f"SELECT DISTINCT * WHERE {{ {{ {sparql_text.insert_pattern(str(select), focus)} }} }}"
        )
        messages = tuple(shapes.objects(constraint, SH.message)) or tuple(
            shapes.objects(shape, SH.message)
        )
        severity = shapes.value(shape, SH.severity) or SH.Violation
        found.append(
            Constraint(
                to_oxigraph(shape),
                to_oxigraph(constraint),
                to_oxigraph(severity),
                tuple(Message.of(to_oxigraph(message)) for message in messages),
                query,
            )
        )
    return rest, found


def results(data: ox.Store, constraint: Constraint) -> Iterator[ox.Triple]:
    """The constraint's validation results over all of ``data``, as SHACL report triples."""
    return report(constraint, data.query(constraint.query, use_default_graph_as_union=True))


def report(constraint: Constraint, solutions: Iterable[ox.QuerySolution]) -> Iterator[ox.Triple]:
    """The constraint query's solutions as SHACL report triples, one result at a time."""
    sh = vocabulary.SH
    fixed = [
        (sh.resultSeverity, constraint.severity),
        (sh.sourceShape, constraint.shape),
        (sh.sourceConstraint, constraint.constraint),
        (sh.sourceConstraintComponent, sh.SPARQLConstraintComponent),
    ]
    for solution in solutions:
        result = ox.BlankNode()
        focus = solution["this"]
        value = solution["value"]
        yield ox.Triple(result, vocabulary.RDF.type, sh.ValidationResult)
        yield ox.Triple(result, sh.focusNode, focus)
        yield ox.Triple(result, sh.value, value if value is not None else focus)
        path = solution["path"]
        if isinstance(path, ox.NamedNode):
            yield ox.Triple(result, sh.resultPath, path)
        for predicate, term in fixed:
            yield ox.Triple(result, predicate, term)
        for message in constraint.messages:
            yield ox.Triple(result, sh.resultMessage, message.filled(solution))
