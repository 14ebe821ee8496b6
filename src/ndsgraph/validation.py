"""Validate data against the architecture frameworks and build the register rows.

The data graph is the submitted data plus the context it is judged in: the bundled
reference graphs (ontology, vocabularies, organisations, standards, building blocks),
not the whole national graph; or, for a run over the store, all its asserted data. A run
context node carries the reference date and the framework parameters, so the SPARQL
constraints read them as data.

The data is held in an in-memory Oxigraph store. Engines: ``store`` (the default) hands the
SHACL Core constraints to pyshacl-turbo and evaluates the SPARQL constraints once over all
the data in Oxigraph (``sparql_constraints``); ``turbo`` and ``pyshacl`` evaluate everything
per focus node, pySHACL being the reference the others are tested against.
"""

import functools
import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pyshacl_turbo
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, XSD

from ndsgraph import frameworks, rdfio, resources, sparql_constraints, terms
from ndsgraph.errors import InputError
from ndsgraph.frameworks import Framework
from ndsgraph.namespaces import NDSG
from ndsgraph.register import Finding, deviations, explain, sort_key

CONTEXT_NODE = URIRef("urn:ndsgraph:validation-context")
CONTEXT_GRAPH = ox.NamedNode("urn:ndsgraph:validation-context")
ENGINES = ("store", "turbo", "pyshacl")
EXAMPLE_GRAPH_FILE = "example-landscape.ttl"


@dataclass
class Validation:
    """The outcome of one validation run, before it is stored."""

    report: Graph
    findings: list[Finding]
    shapes_hash: str
    input_hash: str
    reference_date: date
    frameworks: list[str] = field(default_factory=list)

    @property
    def unexplained(self) -> list[Finding]:
        return [f for f in self.findings if not f.explained]

    @property
    def conforms(self) -> bool:
        """No unexplained violation: warnings and explained findings do not fail a run."""
        return not any(f.severity == "Violation" for f in self.unexplained)


@functools.cache
def reference_context() -> Graph:
    """The bundled reference graphs that submitted data is judged against (read once; do not modify)."""
    graph = Graph()
    paths = sorted(resources.ontology_dir().glob("*.ttl")) + [
        p for p in sorted(resources.data_dir().glob("*.ttl")) if p.name != EXAMPLE_GRAPH_FILE
    ]
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def reference_quads() -> tuple[ox.Quad, ...]:
    """The reference context as Oxigraph quads, for uploads judged in an in-memory store."""
    return tuple(terms.quads(reference_context()))


def read_files(paths: list[Path]) -> tuple[Graph, str]:
    """User files as one graph (parsed by Oxigraph, so errors name line and column) and their hash."""
    graph = Graph()
    digest = hashlib.sha256()
    for path in sorted(paths):
        data = rdfio.read_file(path)
        digest.update(data)
        quads = rdfio.parse(data, rdfio.format_for_path(path), source=str(path))
        graph.parse(
            data=ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES), format="nt"
        )
    return graph, digest.hexdigest()


def framework_descriptions(shapes: Graph) -> Graph:
    """The framework and rule nodes of the shapes, so data and register can refer to them."""
    parameters = {predicate for predicate, _ in frameworks.PARAMETERS.values()}
    described = Graph()
    for kind in (NDSG.ArchitectureFramework, NDSG.FrameworkRule):
        for node in shapes.subjects(RDF.type, kind):
            for triple in shapes.triples((node, None, None)):
                if triple[1] not in parameters:  # parameters reach the data via the context node
                    described.add(triple)
    return described


def _context_node(graph: Graph, day: date, parameters: dict[URIRef, Literal]) -> None:
    graph.add((CONTEXT_NODE, NDSG.referenceDate, Literal(day, datatype=XSD.date)))
    for predicate, value in parameters.items():
        graph.add((CONTEXT_NODE, predicate, value))


def _rule_of(shapes: Graph, shape: URIRef | BNode) -> URIRef | None:
    """The rule a shape checks; property shapes inherit it from their node shape."""
    rule = shapes.value(shape, DCTERMS.source)
    if rule is None:
        parent = shapes.value(predicate=SH.property, object=shape)
        rule = shapes.value(parent, DCTERMS.source) if parent is not None else None
    return rule if isinstance(rule, URIRef) else None


def _organisation_of(data: ox.Store, node: URIRef | BNode | Literal) -> str | None:
    """Whose finding this is: the node's organisation, the node itself, or its manager."""
    if not isinstance(node, URIRef | BNode):  # a literal focus node belongs to nobody
        return None
    subject = terms.to_oxigraph(node)

    def objects(term: ox.NamedNode | ox.BlankNode, predicate: str) -> list:
        return [q.object for q in data.quads_for_pattern(term, ox.NamedNode(predicate), None)]

    organisations = objects(subject, str(NDSG.organisation))
    if organisations:
        return organisations[0].value
    if objects(subject, str(NDSG.organisationType)):
        return subject.value
    for attribution in objects(subject, str(PROV.qualifiedAttribution)):
        agents = objects(attribution, str(PROV.agent))
        if agents:
            return agents[0].value
    return None


def _findings(report: Graph, shapes: Graph, data: ox.Store) -> list[Finding]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        rule = _rule_of(shapes, report.value(result, SH.sourceShape))
        framework = shapes.value(rule, NDSG.framework) if rule is not None else None
        messages = {m.language: str(m) for m in report.objects(result, SH.resultMessage)}
        value = report.value(result, SH.value)
        found.append(
            Finding(
                organisation=_organisation_of(data, focus),
                framework=str(framework) if framework is not None else None,
                rule=str(rule) if rule is not None else None,
                subject=str(focus),
                value=str(value) if value is not None else None,
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                message_nl=messages.get("nl", messages.get(None, "")),
                message_en=messages.get("en", messages.get(None, "")),
            )
        )
    return found


def _only_about(report: Graph, about: set[str]) -> Graph:
    """The report without the results whose focus node is not in ``about``."""
    kept = Graph()
    kept += report
    root = kept.value(predicate=RDF.type, object=SH.ValidationReport)
    for result in list(kept.objects(root, SH.result)):
        if str(kept.value(result, SH.focusNode)) not in about:
            kept.remove((root, SH.result, result))
            for triple in list(kept.triples((result, None, None))):
                kept.remove(triple)
    conforms = not any(True for _ in kept.objects(root, SH.result))
    kept.set((root, SH.conforms, Literal(conforms)))
    return kept


def validate(
    data: Graph | ox.Store,
    input_hash: str,
    *,
    chosen: list[Framework] | None = None,
    extra_shapes: list[Path] = (),
    overrides: dict[str, str] | None = None,
    reference_date: date | None = None,
    about: set[str] | None = None,
    engine: str | None = None,
) -> Validation:
    """Validate ``data`` (which already includes its context). A graph is copied; an
    in-memory Oxigraph store (a whole-store snapshot) is read in place, with the run context
    in a graph of its own that is removed again, so a national run needs no rdflib copy.

    With ``about``, only findings whose focus node is one of those IRIs count: a
    submission is judged on its own statements, not on the context it is read with.
    """
    chosen = chosen if chosen is not None else frameworks.select(None)
    engine = engine or os.environ.get("NDSGRAPH_SHACL_ENGINE", "store")
    if engine not in ENGINES:
        raise InputError(f"unknown SHACL engine '{engine}' (use {', '.join(ENGINES)})")
    day = reference_date or date.today()
    shapes, shapes_hash = frameworks.shapes_graph(chosen, list(extra_shapes))
    all_shapes, _ = frameworks.shapes_graph(frameworks.select(None))
    context = Graph()
    if chosen:  # framework constraints read rules, reference date and parameters as data
        context += framework_descriptions(all_shapes)
        _context_node(context, day, frameworks.parameters(all_shapes + shapes, overrides or {}))
    graph = None
    if isinstance(data, Graph):  # the engines read rdflib graphs as they are
        graph = Graph()
        graph += data
        graph += context
        for prefix, namespace in data.namespaces():  # pySHACL's queries may use them
            graph.bind(prefix, namespace, replace=True)
        store = ox.Store()
        store.bulk_extend(terms.quads(graph))
    else:  # the context goes in a graph of its own, removed again afterwards
        store = data
        store.bulk_extend(ox.Quad(*q.triple, CONTEXT_GRAPH) for q in terms.quads(context))
    try:
        report = _report(engine, store, graph, shapes, all_shapes)
    except InputError:
        raise
    except Exception as error:  # the engines report bad shapes with many exception types
        raise InputError(f"shapes: {error}") from None
    finally:
        if graph is None:
            store.remove_graph(CONTEXT_GRAPH)
    if about is not None:
        report = _only_about(report, about)
    recorded = deviations(store)
    findings = sorted(
        (explain(f, recorded, day) for f in _findings(report, shapes, store)), key=sort_key
    )
    return Validation(report, findings, shapes_hash, input_hash, day, [f.name for f in chosen])


def _report(
    engine: str, store: ox.Store, graph: Graph | None, shapes: Graph, frameworks_shapes: Graph
) -> Graph:
    """The SHACL report of one engine; ``graph`` is the same data as ``store``, if at hand;
    ``frameworks_shapes`` are the constraints the ``store`` engine may evaluate over all data."""
    if engine == "pyshacl":  # the reference engine works on rdflib graphs
        if graph is None:
            graph = Graph()
            graph += (tuple(terms.to_rdflib(t) for t in q.triple) for q in store)
        _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    elif engine == "turbo":
        data = graph if graph is not None else store
        _, report, _ = pyshacl_turbo.validate(data, shacl_graph=shapes, inference="none")
    else:
        rest, constraints = sparql_constraints.split(shapes, frameworks_shapes)
        data = graph if graph is not None else store
        _, report, _ = pyshacl_turbo.validate(data, shacl_graph=rest, inference="none")
        if isinstance(report, Graph):
            root = report.value(predicate=RDF.type, object=SH.ValidationReport)
            for constraint in constraints:
                for triple in sparql_constraints.results(store, constraint):
                    report.add(triple)
                    if triple[1] == RDF.type:
                        report.add((root, SH.result, triple[0]))
                        report.set((root, SH.conforms, Literal(False)))
    if not isinstance(report, Graph):  # both return a ValidationFailure for unusable shapes
        raise InputError(f"shapes: {getattr(report, 'message', report)}")
    return report
