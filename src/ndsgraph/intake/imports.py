"""Imported sources (internet.nl batches, API register exports): a graph stored whole and the
register brought up to date in the same step, as for an accepted submission.

An import is not refused for what the frameworks find: a measurement is a fact, and what it
finds (a domain that does not apply a standard) is exactly what the register must show.
"""

import hashlib
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import register
from ndsgraph.intake.submissions import judge
from ndsgraph.register.runs import Run
from ndsgraph.store import GraphContent, Store
from ndsgraph.validation import counts
from ndsgraph.validation.findings import Finding


def accept(
    store: Store, home: Path, graph: str, triples: list[ox.Triple], agent: str
) -> tuple[Run, list[Finding]]:
    """Store ``triples`` as ``graph`` (replacing it whole) and record what they change in the
    register; a crash in between leaves the register marked pending (see ``register.pending``)."""
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    digest = hashlib.sha256(body).hexdigest()
    with register.writing(home):
        judged, about = judge(store, triples, digest, graph)
        before = counts.memberships(store, counts.affected(store, about, triples))
        with register.pending(home, graph):
            store.replace_graphs({graph: GraphContent(triples, digest)})
            return register.judge_submission(store, judged, about, agent, before)
