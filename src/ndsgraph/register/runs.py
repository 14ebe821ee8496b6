"""Validation runs: who judged what, when, with which shapes, and what it left in the register.

A run is recorded in a named graph of its own (``graph/validation/…``) and named by one IRI
(``id/validatie/…``); either names it wherever a run is asked for. The run node is written
last (``Store.add_graph``): queries reach a run's register records through it, so a run being
written, or one cut off by a crash, is not seen, and the next run removes what a crash left.
"""

from dataclasses import dataclass
from datetime import date, datetime

import pyoxigraph as ox

from ndsgraph.errors import InputError
from ndsgraph.sparql import queries
from ndsgraph.store import Store
from ndsgraph.vocabulary import GRAPH, ID, NDSG, PROV, RDF, XSD

RUN_GRAPHS = GRAPH["validation/"].value


@dataclass(frozen=True)
class Counts:
    findings: int = 0
    unexplained: int = 0
    violations: int = 0
    unexplained_violations: int = 0


@dataclass(frozen=True)
class Run:
    """One recorded run: what it judged and the register it left."""

    iri: str
    graph: str
    started: datetime
    ended: datetime
    reference_date: date
    shapes_hash: str
    input_hash: str
    conforms: bool
    found: Counts  # the findings of what this run judged
    register: Counts  # the whole register right after it
    variants: int  # the whole register's variants right after it
    agent: str | None = None


def utc(moment: datetime) -> str:
    """An xsd:dateTime in UTC as Oxigraph stores it (Z, no trailing zeros), so that the times
    written now read like those that come back from the store."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0").rstrip(".") + "Z"


def names(started: datetime, input_hash: str) -> tuple[str, str]:
    """The run's IRI and the graph it is recorded in."""
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    return ID[f"validatie/{stamp}-{input_hash[:8]}"].value, RUN_GRAPHS + stamp


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def node(run: Run) -> list[ox.Triple]:
    """The run node's triples: written last, they make the run's records visible."""
    facts = [
        (RDF.type, NDSG.ValidationRun),
        (PROV.startedAtTime, ox.Literal(utc(run.started), datatype=XSD.dateTime)),
        (PROV.endedAtTime, ox.Literal(utc(run.ended), datatype=XSD.dateTime)),
        (NDSG.referenceDate, ox.Literal(run.reference_date.isoformat(), datatype=XSD.date)),
        (NDSG.shapesHash, ox.Literal(run.shapes_hash)),
        (NDSG.inputHash, ox.Literal(run.input_hash)),
        (NDSG.conforms, ox.Literal(run.conforms)),
        (NDSG.findingCount, _integer(run.found.findings)),
        (NDSG.unexplainedCount, _integer(run.found.unexplained)),
        (NDSG.violationCount, _integer(run.found.violations)),
        (NDSG.registerFindingCount, _integer(run.register.findings)),
        (NDSG.registerUnexplainedCount, _integer(run.register.unexplained)),
        (NDSG.registerViolationCount, _integer(run.register.violations)),
        (NDSG.registerUnexplainedViolationCount, _integer(run.register.unexplained_violations)),
        (NDSG.registerVariantCount, _integer(run.variants)),
    ]
    if run.agent:
        facts.append((PROV.wasAssociatedWith, ox.NamedNode(run.agent)))
    subject = ox.NamedNode(run.iri)
    return [ox.Triple(subject, p, o) for p, o in facts]


def discard_unfinished(store: Store) -> list[str]:
    """Remove run graphs a crash left half-written (no run node, no catalogue entry)."""
    unfinished = store.unfinished_graphs(RUN_GRAPHS)
    for graph in unfinished:
        store.drop_graph(graph)
    return unfinished


def named(store: Store, given: str) -> str:
    """The run that ``given`` names: a run's IRI, or the graph it was recorded in; an unknown
    run is an input error naming it."""
    return queries.run_named(store, given)["run"].value


def ended(store: Store, given: str) -> str:
    """When the run ``given`` names was recorded: the register as of that run is the register
    as of that moment."""
    moment = queries.run_named(store, given)["ended"]
    if moment is None:
        raise InputError(f"validation run {given} was recorded before runs kept the register")
    return moment.value
