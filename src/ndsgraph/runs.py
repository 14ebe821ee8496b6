"""Validation runs in the store: each run is one named graph with its SHACL report,
its register rows, the variant counts of that moment, and PROV (time, shapes version,
input hash, counts). ``firstSeen`` comes from the runs stored before it.

The run node is written last (``Store.add_graph``): queries find a run's findings through
it, so a run being written, or one cut off by a crash, is not seen; the next record
removes what a crash left.
"""

import threading
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, SH, XSD

from ndsgraph import queries, sparql_text
from ndsgraph.errors import InputError
from ndsgraph.namespaces import GRAPH, ID, NDSG
from ndsgraph.register import Finding
from ndsgraph.store import Store
from ndsgraph.validation import Validation

RUN_GRAPHS = str(GRAPH["validation/"])
_RECORDING = threading.Lock()  # one run written at a time, so unfinished ones are crash leftovers


def _iri(term: str) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _literal(value: object, datatype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal(value)
    return ox.Literal(str(value), datatype=_iri(datatype) if datatype else None)


def _utc(moment: datetime) -> str:
    """An xsd:dateTime in UTC as Oxigraph stores it (Z, no trailing zeros), so that this run's
    times read like those of earlier runs, which come back from the store."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0").rstrip(".") + "Z"


def _history(store: Store, only: list[Finding] | None = None) -> dict[tuple[str, str], str]:
    """When each (rule, subject) was first seen; with ``only``, just for those subjects (a
    submission's few hundred, looked up by index instead of grouping every stored finding;
    by subject alone: Oxigraph joins a two-column VALUES block a hundred times slower)."""
    text = queries.stored("finding-history").text
    if only is not None:
        subjects = sorted({f.subject for f in only})
        text = sparql_text.bind_rows(text, ["subject"], [[str(ox.NamedNode(s))] for s in subjects])
    return {(r["rule"].value, r["subject"].value): r["firstSeen"].value for r in store.query(text)}


_FINDING = {  # the finding node's predicates and constants, made once (a run has thousands)
    name: _iri(term)
    for name, term in {
        "type": RDF.type,
        "Finding": NDSG.Finding,
        "wasGeneratedBy": PROV.wasGeneratedBy,
        "subject": NDSG.subject,
        "resultSeverity": SH.resultSeverity,
        "explained": NDSG.explained,
        "firstSeen": NDSG.firstSeen,
        "organisation": NDSG.organisation,
        "framework": NDSG.framework,
        "rule": NDSG.rule,
        "explainedBy": NDSG.explainedBy,
        "value": SH.value,
        "resultMessage": SH.resultMessage,
        "dateTime": XSD.dateTime,
    }.items()
}


def _finding_node(run: str, index: int, finding: Finding) -> list[ox.Triple]:
    node = ox.NamedNode(f"{run}/bevinding/{index}")
    f = _FINDING
    facts = [
        (f["type"], f["Finding"]),
        (f["wasGeneratedBy"], ox.NamedNode(run)),
        (f["subject"], ox.NamedNode(finding.subject)),
        (f["resultSeverity"], ox.NamedNode(f"{SH}{finding.severity}")),
        (f["explained"], ox.Literal(finding.explained)),
        (f["firstSeen"], ox.Literal(finding.first_seen, datatype=f["dateTime"])),
    ]
    for name, value in (
        ("organisation", finding.organisation),
        ("framework", finding.framework),
        ("rule", finding.rule),
        ("explainedBy", finding.deviation),
    ):
        if value:
            facts.append((f[name], ox.NamedNode(value)))
    if finding.value:
        value = ox.NamedNode(finding.value) if "://" in finding.value else ox.Literal(finding.value)
        facts.append((f["value"], value))
    for language, message in (("nl", finding.message_nl), ("en", finding.message_en)):
        if message:
            facts.append((f["resultMessage"], ox.Literal(message, language=language)))
    return [ox.Triple(node, p, o) for p, o in facts]


def _variant_counts(store: Store, run: str) -> list[ox.Triple]:
    triples = []
    for index, row in enumerate(queries.run(store, queries.stored("kpi-variants"))):
        node = ox.NamedNode(f"{run}/varianten/{index}")
        for predicate, value in (
            (RDF.type, _iri(NDSG.VariantCount)),
            (PROV.wasGeneratedBy, ox.NamedNode(run)),
            (NDSG.function, row["function"]),
            (NDSG.organisationType, row["organisationType"]),
            (NDSG.variants, _literal(int(row["variants"].value), XSD.integer)),
        ):
            triples.append(ox.Triple(node, _iri(predicate), value))
    return triples


def _run_node(
    run: str, validation: Validation, findings: list[Finding], started: datetime, agent: str | None
) -> list[ox.Triple]:
    node = ox.NamedNode(run)
    facts = [
        (RDF.type, _iri(NDSG.ValidationRun)),
        (PROV.startedAtTime, _literal(_utc(started), XSD.dateTime)),
        (NDSG.referenceDate, _literal(validation.reference_date.isoformat(), XSD.date)),
        (NDSG.shapesHash, _literal(validation.shapes_hash)),
        (NDSG.inputHash, _literal(validation.input_hash)),
        (NDSG.conforms, _literal(validation.conforms)),
        (NDSG.findingCount, _literal(len(findings), XSD.integer)),
        (NDSG.unexplainedCount, _literal(sum(not f.explained for f in findings), XSD.integer)),
        (
            NDSG.violationCount,
            _literal(sum(f.severity == "Violation" for f in findings), XSD.integer),
        ),
    ]
    if agent:
        facts.append((PROV.wasAssociatedWith, ox.NamedNode(agent)))
    return [ox.Triple(node, _iri(p), o) for p, o in facts]


def discard_unfinished(store: Store) -> list[str]:
    """Remove run graphs a crash left half-written (no run node, no catalogue entry)."""
    unfinished = store.unfinished_graphs(RUN_GRAPHS)
    for graph in unfinished:
        store.drop_graph(graph)
    return unfinished


def named(store: Store, given: str) -> str:
    """The run that ``given`` names: a run's IRI, or the graph's it was recorded in (what
    ``record`` returns and ``ndsgraph validate`` prints); an unknown run is an input error."""
    rows = list(queries.run(store, queries.internal("run-named"), {"given": given}))
    if not rows:
        raise InputError(f"no validation run {given} in the store (the runs: stored query 'runs')")
    return rows[0]["run"].value


def record(
    store: Store, validation: Validation, *, agent: str | None = None
) -> tuple[str, list[Finding]]:
    """Store the run in its own graph; returns the graph IRI and the findings with firstSeen set.

    A run with an ``agent`` judges one submitter's upload: it does not count the national
    variants (that is a whole-store question, and at national size it costs seconds)."""
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    run = str(ID[f"validatie/{stamp}-{validation.input_hash[:8]}"])
    with _RECORDING:
        discard_unfinished(store)
        history = _history(store, validation.findings if agent else None)
        now = _utc(started)
        findings = [
            Finding(**{**f.__dict__, "first_seen": history.get((f.rule or "", f.subject), now)})
            for f in validation.findings
        ]
        triples = list(validation.report)
        for index, finding in enumerate(findings):
            triples += _finding_node(run, index, finding)
        if agent is None:
            triples += _variant_counts(store, run)
        name = RUN_GRAPHS + stamp
        store.add_graph(
            name,
            triples,
            _run_node(run, validation, findings, started, agent),
            content_hash=validation.input_hash,
        )
    return name, findings
