"""Validation runs in the store: each run is one named graph with its SHACL report,
its register rows, the variant counts of that moment, and PROV (time, shapes version,
input hash, counts). ``firstSeen`` comes from the runs stored before it.
"""

from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH

from ndsgraph import queries
from ndsgraph.namespaces import GRAPH, ID, NDSG
from ndsgraph.register import Finding
from ndsgraph.store import GraphContent, Store
from ndsgraph.validation import Validation


def _history(store: Store) -> dict[tuple[str, str], str]:
    rows = queries.run(store, queries.load_queries()["finding-history"])
    return {(r["rule"].value, r["subject"].value): r["firstSeen"].value for r in rows}


def _finding_node(graph: Graph, run: URIRef, index: int, finding: Finding) -> None:
    node = URIRef(f"{run}/bevinding/{index}")
    graph.add((node, RDF.type, NDSG.Finding))
    graph.add((node, PROV.wasGeneratedBy, run))
    graph.add((node, NDSG.subject, URIRef(finding.subject)))
    graph.add((node, SH.resultSeverity, SH[finding.severity]))
    graph.add((node, NDSG.explained, Literal(finding.explained)))
    graph.add((node, NDSG.firstSeen, Literal(finding.first_seen, datatype=XSD.dateTime)))
    for predicate, value in (
        (NDSG.organisation, finding.organisation),
        (NDSG.framework, finding.framework),
        (NDSG.rule, finding.rule),
        (NDSG.explainedBy, finding.deviation),
    ):
        if value:
            graph.add((node, predicate, URIRef(value)))
    if finding.value:
        term = URIRef(finding.value) if "://" in finding.value else Literal(finding.value)
        graph.add((node, SH.value, term))
    for language, message in (("nl", finding.message_nl), ("en", finding.message_en)):
        if message:
            graph.add((node, SH.resultMessage, Literal(message, lang=language)))


def _variant_counts(store: Store, graph: Graph, run: URIRef) -> None:
    for index, row in enumerate(queries.run(store, queries.load_queries()["kpi-variants"])):
        node = URIRef(f"{run}/varianten/{index}")
        graph.add((node, RDF.type, NDSG.VariantCount))
        graph.add((node, PROV.wasGeneratedBy, run))
        graph.add((node, NDSG.function, URIRef(row["function"].value)))
        graph.add((node, NDSG.organisationType, URIRef(row["organisationType"].value)))
        graph.add((node, NDSG.variants, Literal(int(row["variants"].value))))


def record(
    store: Store, validation: Validation, *, agent: str | None = None
) -> tuple[str, list[Finding]]:
    """Store the run in its own graph; returns the graph IRI and the findings with firstSeen set.

    A run with an ``agent`` judges one submitter's upload: it does not count the national
    variants (that is a whole-store question, and at national size it costs seconds)."""
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    run = ID[f"validatie/{stamp}-{validation.input_hash[:8]}"]
    history = _history(store)
    now = started.isoformat()
    findings = [
        Finding(**{**f.__dict__, "first_seen": history.get((f.rule or "", f.subject), now)})
        for f in validation.findings
    ]
    graph = Graph()
    graph += validation.report
    graph.add((run, RDF.type, NDSG.ValidationRun))
    graph.add((run, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime)))
    if agent:
        graph.add((run, PROV.wasAssociatedWith, URIRef(agent)))
    graph.add((run, NDSG.referenceDate, Literal(validation.reference_date, datatype=XSD.date)))
    graph.add((run, NDSG.shapesHash, Literal(validation.shapes_hash)))
    graph.add((run, NDSG.inputHash, Literal(validation.input_hash)))
    graph.add((run, NDSG.conforms, Literal(validation.conforms)))
    graph.add((run, NDSG.findingCount, Literal(len(findings))))
    graph.add((run, NDSG.unexplainedCount, Literal(sum(not f.explained for f in findings))))
    graph.add((run, NDSG.violationCount, Literal(sum(f.severity == "Violation" for f in findings))))
    for index, finding in enumerate(findings):
        _finding_node(graph, run, index, finding)
    if agent is None:
        _variant_counts(store, graph, run)
    triples = [q.triple for q in ox.parse(graph.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)]
    name = str(GRAPH[f"validation/{stamp}"])
    store.replace_graphs({name: GraphContent(triples, validation.input_hash)})
    return name, findings
