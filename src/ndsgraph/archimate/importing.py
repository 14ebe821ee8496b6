"""An exchange file into the store: every part of the model as records (``records``), plus what
the mapping finds in it and derives (``mapping``).

Two ways in. An **import** (``import_model``: the admin's ``ndsgraph import archimate FILE``,
``POST /api/imports/archimate``) stores a published model, such as a GDI domain architecture,
as a graph of its own, ``/graph/archimate/{model identifier}``, replacing the previous import of
the same model, and brings the register up to date. A **submission** (``--as`` an
organisation, or ``POST /api/submissions`` with ``application/xml``) is the organisation's
model: ``submission_triples`` gives the triples that its submission then judges, scopes and
stores like any other, its ApplicationComponents being its applications.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from ndsgraph.archimate import mapping, reading, records, schema
from ndsgraph.archimate.model import Model
from ndsgraph.errors import InputError
from ndsgraph.intake import imports
from ndsgraph.intake.submissions import slug
from ndsgraph.store import Store, Term
from ndsgraph.vocabulary import AM, CONCEPT, DCT, GRAPH, ID, NDSG, RDF, VOID, XSD

AGENT = "https://w3id.org/ndsgraph/id/archimate"  # whom an import's register run names
MEDIA_TYPE = "application/xml"


@dataclass(frozen=True)
class Converted:
    """A model as triples, and what the mapping made of it."""

    model: Model
    triples: list[ox.Triple]
    mapped: mapping.Mapped

    def judged(self) -> list[ox.Triple]:
        """What the frameworks can judge: what the mapping derived, with all that the model
        says of the things it derived facts about (their names), not the rest of its records."""
        subjects = {t.subject for t in self.mapped.triples if t.predicate != AM.represents}
        return [t for t in self.triples if t.subject in subjects]

    def summary(self) -> dict:
        return {
            "model": self.model.identifier,
            "elements": len(self.model.elements),
            "relationships": len(self.model.relationships),
            "views": len(self.model.views),
            "recognised": len(self.mapped.represents),
            "became": len(self.mapped.became),
            "derived": len(self.mapped.triples) - len(self.mapped.represents),
            "triples": len(self.triples),
        }


def model_base(identifier: str) -> str:
    """Where an imported model's parts are named."""
    return ID[f"archimate/{quote(identifier, safe='')}/"].value


def submission_base(submitter: str) -> str:
    """Where the parts of a submitter's model are named: its own, whatever the model."""
    return ID[f"archimate/{slug(submitter)}/"].value


def graph_for(identifier: str) -> str:
    return GRAPH[f"archimate/{quote(identifier, safe='')}"].value


def convert(store: Store, model: Model, base: str, organisation: str | None = None) -> Converted:
    """The model's records and what the mapping finds and derives, read with ``store``."""
    own = mapping.without_derived(model)
    found = mapping.apply(store, model, base, organisation)
    return Converted(own, records.triples(own, base) + found.triples, found)


def read(data: bytes, source: str, max_bytes: int = schema.MAX_BYTES) -> Model:
    return reading.read(data, source, max_bytes)


def submission_triples(
    store: Store,
    data: bytes,
    *,
    source: str,
    submitter: str | None,
    max_triples: int,
    max_bytes: int = schema.MAX_BYTES,
) -> list[ox.Triple]:
    """A submitter's model as the triples of its submission (``submitter`` None: a dry run by
    nobody in particular, whose parts are named after the model)."""
    model = read(data, source, max_bytes)
    base = submission_base(submitter) if submitter else model_base(model.identifier)
    converted = convert(store, model, base, submitter)
    if len(converted.triples) > max_triples:
        raise InputError(
            f"{source}: more than {max_triples} statements (the limit of one upload): "
            f"{len(converted.triples)}"
        )
    return converted.triples


def _metadata(graph: str, model: Model, source: str) -> list[ox.Triple]:
    node = ox.NamedNode(graph)
    facts: list[tuple[ox.NamedNode, Term]] = [
        (RDF.type, VOID.Dataset),
        (DCT.source, ox.Literal(source)),
        (DCT.created, ox.Literal(datetime.now(UTC).isoformat(), datatype=XSD.dateTime)),
        (NDSG.evidenceKind, CONCEPT["bewijs/register"]),
    ]
    facts += [
        (DCT.title, ox.Literal(f"ArchiMate-model {n.value}", language=n.language or None))
        for n in model.names
    ]
    return [ox.Triple(node, p, o) for p, o in facts]


@dataclass(frozen=True)
class Imported:
    graph: str
    summary: dict
    run: str
    findings: int

    def as_json(self) -> dict:
        return {"graph": self.graph, **self.summary, "run": self.run, "findings": self.findings}


def import_model(
    store: Store, home: Path, data: bytes, *, source: str, max_bytes: int = schema.MAX_BYTES
) -> Imported:
    """Store a published model as the graph of its identifier (replacing its previous import)
    and bring the register up to date; bad input stores nothing."""
    model = read(data, source, max_bytes)
    graph = graph_for(model.identifier)
    converted = convert(store, model, model_base(model.identifier))
    triples = _metadata(graph, model, source) + converted.triples
    judged = _metadata(graph, model, source) + converted.judged()
    run, found = imports.accept(store, home, {graph: triples}, AGENT, judged)
    return Imported(graph, converted.summary(), run.iri, len(found))
