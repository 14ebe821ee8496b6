"""Reading and judging the W3C SHACL test suite (Core + SPARQL), as its index.html prescribes.

Partial compliance: the same sh:conforms. Full compliance: the report graph isomorphic to
the expected one after normalisation: no sh:detail, exact rdf:type, blank report and result
nodes, un-shared sh:resultPath structures, only the listed properties, and sh:resultMessage
only where the expected report has one.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
KEEP = (
    SH.focusNode,
    SH.resultPath,
    SH.resultSeverity,
    SH.sourceConstraint,
    SH.sourceConstraintComponent,
    SH.sourceShape,
    SH.value,
)


@dataclass(frozen=True)
class SuiteTest:
    name: str
    path: Path
    data: Path
    shapes: Path
    expects_failure: bool
    expected: Graph | None


def _path(iri: URIRef) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def collect(manifest: Path) -> list[SuiteTest]:
    graph = Graph().parse(manifest, format="turtle")
    tests = []
    for include in graph.objects(None, MF.include):
        tests += collect(_path(include))
    for entries in graph.objects(None, MF.entries):
        for entry in Collection(graph, entries):
            tests.append(_test(graph, manifest, entry))
    return tests


def _test(graph: Graph, path: Path, entry: URIRef) -> SuiteTest:
    """One sht:Validate entry of a test file (which is its own manifest)."""
    action = graph.value(entry, MF.action)
    result = graph.value(entry, MF.result)
    expected = None
    if result != SHT.Failure:
        expected = normalise(graph, result, keep_messages=True)
    name = f"{path.parent.parent.name}/{path.parent.name}/{path.stem}"
    return SuiteTest(
        name,
        path,
        _path(graph.value(action, SHT.dataGraph)),
        _path(graph.value(action, SHT.shapesGraph)),
        result == SHT.Failure,
        expected,
    )


def _copy(source: Graph, node, target: Graph):
    """Copy a (path) structure with fresh blank nodes, so shared structures are un-shared."""
    if not isinstance(node, BNode):
        return node
    fresh = BNode()
    for predicate, value in source.predicate_objects(node):
        target.add((fresh, predicate, _copy(source, value, target)))
    return fresh


def normalise(graph: Graph, report, *, keep_messages: bool) -> Graph:
    out = Graph()
    root = BNode()
    out.add((root, RDF.type, SH.ValidationReport))
    out.add((root, SH.conforms, Literal(graph.value(report, SH.conforms).toPython())))
    for result in graph.objects(report, SH.result):
        node = BNode()
        out.add((root, SH.result, node))
        out.add((node, RDF.type, SH.ValidationResult))
        for predicate in KEEP + ((SH.resultMessage,) if keep_messages else ()):
            for value in graph.objects(result, predicate):
                copied = _copy(graph, value, out) if predicate == SH.resultPath else value
                out.add((node, predicate, copied))
    return out


def has_messages(expected: Graph) -> bool:
    return any(True for _ in expected.objects(None, SH.resultMessage))
