"""Validate data against the architecture frameworks and build the register rows.

The data graph is the submitted data plus the context it is judged in: the bundled
reference graphs (ontology, vocabularies, organisations, standards, building blocks),
not the whole national graph; or, for a run over the store, all its asserted data. A run
context node carries the reference date and the framework parameters, so the SPARQL
constraints read them as data.

The data is held in an in-memory Oxigraph store; ``engines`` holds the SHACL engines.
"""

import functools
import hashlib
import itertools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from ndsgraph import resources, terms, vocabulary
from ndsgraph.errors import InputError, NdsgraphError
from ndsgraph.intake import rdfio
from ndsgraph.sparql import queries
from ndsgraph.sparql.results import bindings
from ndsgraph.store import OxigraphStore, Store
from ndsgraph.terms import NDSG
from ndsgraph.validation import counts, engines, frameworks, targets
from ndsgraph.validation.findings import Finding, deviations, explain, sort_key
from ndsgraph.validation.frameworks import Framework

CONTEXT_NODE = URIRef("urn:ndsgraph:validation-context")
REPORT_GRAPH = ox.NamedNode("urn:ndsgraph:validation-report")
SHAPES_GRAPH = ox.NamedNode("urn:ndsgraph:validation-shapes")
FILES_GRAPH = "urn:ndsgraph:judged-files"  # of ``naming_store``
EXAMPLE_GRAPH_FILE = "example-landscape.ttl"


@dataclass
class Validation:
    """The outcome of one validation run, before it is stored."""

    report: list[ox.Triple]  # the SHACL validation report
    findings: list[Finding]
    shapes_hash: str
    input_hash: str
    reference_date: date
    frameworks: list[str] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    # the organisation counts the cross-organisation rules read (None: no such rule ran)
    organisation_counts: Mapping[counts.Key, int] | None = None

    @property
    def unexplained(self) -> list[Finding]:
        return [f for f in self.findings if not f.explained]

    @property
    def conforms(self) -> bool:
        """No unexplained violation: warnings and explained findings do not fail a run."""
        return not any(f.severity == "Violation" for f in self.unexplained)


def _reference_files() -> list[Path]:
    """The bundled reference graphs: the ontology and the reference data."""
    return sorted(resources.ontology_dir().glob("*.ttl")) + [
        p for p in sorted(resources.data_dir().glob("*.ttl")) if p.name != EXAMPLE_GRAPH_FILE
    ]


@functools.cache
def reference_context() -> Graph:
    """The bundled reference graphs that submitted data is judged against (read once; do not modify)."""
    graph = Graph()
    for path in _reference_files():
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def reference_quads() -> tuple[ox.Quad, ...]:
    """The reference context as Oxigraph quads, for uploads judged in an in-memory store:
    parsed by Oxigraph, each file's blank nodes its own (rdflib took seconds: the first
    upload or import of every CLI process paid them)."""
    quads = (
        quad
        for path in _reference_files()
        for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
    )
    return tuple(dict.fromkeys(quads))


def validate_upload(
    triples: list[ox.Triple],
    input_hash: str,
    context: Iterable[ox.Triple] = (),
    about: set[str] | None = None,
    stated: bytes = b"",
) -> Validation:
    """Judge an upload on its own statements, read with the reference context and ``context``
    (what the store says about the nodes it names; ``stated``: more of it, as N-Triples the
    store wrote), in an in-memory Oxigraph store, by the rules about one organisation's data:
    the cross-organisation rules never decide an upload. Only findings about ``about``
    (default: the upload's subjects) count."""
    data = ox.serialize(itertools.chain(triples, context), format=ox.RdfFormat.N_TRIPLES) or b""
    about = about if about is not None else {t.subject.value for t in triples}
    return validate(
        data + stated, input_hash, about=about, organisation_rules_only=True, reference=True
    )


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


def naming_store(data: Iterable[ox.Triple]) -> Store:
    """Judged statements (files, an upload), with their reference context and the frameworks'
    rules, in a store of their own: what names their findings without the national store (a
    severity by the ontology's label of it, "Overtreding"; a rule and a framework by theirs),
    as the register names them."""
    named = OxigraphStore()
    named.replace_graph(FILES_GRAPH, [*data, *_naming_context()])
    return named


@functools.cache
def _naming_context() -> tuple[ox.Triple, ...]:
    """The reference context and the frameworks' rules, read once: every report of an upload
    is named with them."""
    shapes, _ = frameworks.shapes_graph(frameworks.select(None))
    described = terms.quads(framework_descriptions(shapes))
    return tuple(q.triple for q in (*reference_quads(), *described))


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


def _scratch(store: ox.Store, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
    store.bulk_extend(ox.Quad(*triple, graph) for triple in triples)


def _read(store: ox.Store, data: bytes) -> None:
    """N-Triples into ``store``, read by Oxigraph on its own (without the GIL, and without a
    Python object per statement: an import's batch is 150,000) where they hold no blank node,
    which it would rename: the findings name an upload's blank nodes as it does (a literal
    with "_:" in it takes the slow way too). Leniently: the text is Oxigraph's own writing of
    terms it holds, and it writes some it reads back only so ("x"^^rdf:langString)."""
    if b"_:" in data:
        quads = ox.parse(data, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False, lenient=True)
        store.bulk_extend(quads)
    else:
        store.load(data, ox.RdfFormat.N_TRIPLES, lenient=True)


@functools.lru_cache(maxsize=16)  # per shapes graph object, as ``engines._split``
def _in_shapes_graph(shapes: Graph) -> tuple[ox.Quad, ...]:
    """The shapes as quads in ``SHAPES_GRAPH``, converted from rdflib once, not per upload."""
    return tuple(ox.Quad(*q.triple, SHAPES_GRAPH) for q in terms.quads(shapes))


def findings_of(report: list[ox.Triple], shapes: Graph, data: ox.Store) -> list[Finding]:
    """The report's results as findings, by one query over report, shapes and data
    (``queries/internal/report-findings.rq``), all three in the data's store for the moment.

    Its rows are read as SPARQL JSON results, written by Oxigraph in one call: an import's
    thousands of rows then cost neither a Python term object per value nor a wait for the
    GIL per row (beside another thread, reading them one by one took seconds)."""
    _scratch(data, REPORT_GRAPH, report)
    data.bulk_extend(_in_shapes_graph(shapes))
    try:
        rows = data.query(queries.internal("report-findings").text, use_default_graph_as_union=True)
        found = bindings(rows)
    finally:
        data.remove_graph(REPORT_GRAPH)
        data.remove_graph(SHAPES_GRAPH)
    unbound: dict[str, str] = {}
    findings = []
    for row in found:
        message = row.get("message", unbound).get("value")
        findings.append(
            Finding(
                organisation=row.get("organisation", unbound).get("value"),
                framework=row.get("framework", unbound).get("value"),
                rule=row.get("rule", unbound).get("value"),
                subject=row["focus"]["value"],
                value=row.get("value", unbound).get("value"),
                value_is_iri=row.get("value", unbound).get("type") == "uri",
                severity=row["severity"]["value"].rsplit("#", 1)[-1],
                message_nl=row.get("messageNl", unbound).get("value") or message or "",
                message_en=row.get("messageEn", unbound).get("value") or message or "",
            )
        )
    return findings


def _judges_across(shapes: Graph) -> bool:
    """Whether ``shapes`` hold a cross-organisation rule's shapes (they read the counts)."""
    _, national = frameworks.split_by_scope(shapes)
    return any(True for _ in national.subjects(RDF.type, SH.NodeShape))


def only_about(report: list[ox.Triple], about: set[str]) -> list[ox.Triple]:
    """The report without the results whose focus node is not in ``about``; its
    ``sh:conforms`` then says whether any is left (none left out: as it said)."""
    dropped = {
        t.subject
        for t in report
        if t.predicate == vocabulary.SH.focusNode and t.object.value not in about
    }
    if not dropped:  # an import's batch: 40,000 statements, not passed over twice more
        return list(report)
    kept = [t for t in report if t.subject not in dropped and t.object not in dropped]
    return engines.with_conforms(kept)


def validate(
    data: Graph | ox.Store | bytes | Iterable[ox.Quad],
    input_hash: str,
    *,
    chosen: list[Framework] | None = None,
    extra_shapes: list[Path] = (),
    overrides: dict[str, str] | None = None,
    reference_date: date | None = None,
    about: set[str] | None = None,
    engine: str | None = None,
    organisation_rules_only: bool = False,
    organisation_counts: Mapping[counts.Key, int] | None = None,
    reference: bool = False,
) -> Validation:
    """Validate ``data`` (which already includes its context: an rdflib graph, the default
    graph of an Oxigraph store, N-Triples such as a whole-store snapshot, or quads in the
    default graph), in a store of its own: the caller's data is never written to. N-Triples
    are handed to the engine as they are, so it can start on them while they are read into
    the store (``engines.Engine.start``).

    With ``about``, only findings whose focus node is one of those IRIs count: a
    submission is judged on its own statements, not on the context it is read with; and with
    ``organisation_rules_only`` not by the cross-organisation rules.

    The cross-organisation rules read organisation counts (``counts``): counted from the data,
    or ``organisation_counts`` when the caller counted them already (a whole-store run).

    ``reference``: the data is an upload's, and its context still lacks the bundled reference
    graphs (``reference_quads``); only with ``about`` (N-Triples without it are a whole-store
    run's, handed to the engine as they are, before the reference graphs are added).
    """
    if reference and about is None:
        raise ValueError("validate: reference=True is for an upload's data, judged about some")
    started = datetime.now(UTC)
    chosen = chosen if chosen is not None else frameworks.select(None)
    shacl = engines.named(engine or os.environ.get("NDSGRAPH_SHACL_ENGINE", "store"))
    day = reference_date or date.today()
    shapes, shapes_hash = frameworks.shapes_graph(chosen, list(extra_shapes))
    if organisation_rules_only:  # without the rules that judge the whole (see ``national``)
        shapes, _ = frameworks.split_by_scope(shapes)
    all_shapes, _ = frameworks.shapes_graph(frameworks.select(None))
    context = Graph()
    if chosen:  # framework constraints read rules, reference date and parameters as data
        context += framework_descriptions(all_shapes)
        _context_node(context, day, frameworks.parameters(all_shapes + shapes, overrides or {}))
    store = ox.Store()  # the data with its context, never the caller's store
    graph = None
    finish = None  # the engine's report once the store is ready, if it started early
    if isinstance(data, bytes):  # the same blank node labels for the engine and the store
        if about is None:
            context_text = ox.serialize(
                [q.triple for q in terms.quads(context)], format=ox.RdfFormat.N_TRIPLES
            )
            finish = shacl.start(shapes, all_shapes, (data + (context_text or b"")).decode())
        _read(store, data)
    elif isinstance(data, Graph):  # for the reference engines also a copy in rdflib as it is
        store.bulk_extend(terms.quads(data))
        if shacl.reads_graph:
            graph = Graph()
            graph += data
            graph += context
            for prefix, namespace in data.namespaces():  # pySHACL's queries may use them
                graph.bind(prefix, namespace, replace=True)
    elif isinstance(data, ox.Store):  # quad by quad: a bulk load would rename blank nodes
        store.bulk_extend(data.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    else:  # quads as they are, their blank nodes as they are named
        store.bulk_extend(data)
    if reference:
        store.bulk_extend(reference_quads())
    if not organisation_rules_only and _judges_across(shapes):
        if organisation_counts is None:
            organisation_counts = counts.counted(counts.memberships(store))
        counted = counts.facts(organisation_counts)
        store.bulk_extend(ox.Quad(*t) for t in counted)
        if graph is not None:
            graph += terms.graph(counted)
    store.bulk_extend(terms.quads(context))
    if about is not None:  # only results about ``about`` count: only shapes that reach them run
        shapes = targets.reaching(shapes, store, about)
    try:
        if finish is not None:
            report = finish(store)
        else:
            report = shacl.report(store, shapes, all_shapes, graph)
    except NdsgraphError:
        raise
    except Exception as error:  # the engines report bad shapes with many exception types
        if not extra_shapes:  # the frameworks' own shapes: a bug, not the user's input
            raise
        raise InputError(f"shapes: {error}") from None
    if about is not None:
        report = only_about(report, about)
    recorded = deviations(
        store.query(queries.stored("deviations").text, use_default_graph_as_union=True)
    )
    findings = sorted(
        (explain(f, recorded, day) for f in findings_of(report, shapes, store)), key=sort_key
    )
    names = [f.name for f in chosen]
    return Validation(
        report, findings, shapes_hash, input_hash, day, names, started, organisation_counts
    )
