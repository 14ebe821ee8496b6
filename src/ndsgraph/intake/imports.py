"""Imported sources (internet.nl batches, API register exports, ArchiMate models): graphs
stored whole and the register brought up to date in the same step, as for an accepted
submission; the batches of one import in one run.

An import is not refused for what the frameworks find: a measurement is a fact, and what it
finds (a domain that does not apply a standard) is exactly what the register must show. It is
judged with what the store says about the nodes it names (as a submission is), with the latest
other measurement of a subject and standard it measures where it is not the latest itself (the
rules read only the latest, whichever batch holds it), and together with what depends on what
it describes; its findings are explained by the deviations the store holds (they are in the
organisations' own graphs, and explain what was measured).
"""

import functools
import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import register
from ndsgraph.errors import NdsgraphError, StoreError
from ndsgraph.garbage import collection_paused
from ndsgraph.intake.submissions import (
    Moving,
    described_by,
    judge,
    judged_about,
    moving,
    recorded,
    replacing,
    stated_about,
)
from ndsgraph.register.runs import Run
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.sparql.results import bindings
from ndsgraph.store import GraphContent, Store
from ndsgraph.together import together
from ndsgraph.validation import Validation
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import NDSG


def accept(
    store: Store,
    home: Path,
    contents: Mapping[str, list[ox.Triple]],
    agent: str,
    judged: list[ox.Triple] | None = None,
) -> tuple[Run, list[Finding]]:
    """Store each of ``contents`` as its graph (replacing it whole) and record what they
    change in the register, in one run (an internet.nl import's web and mail batches: their
    domains' organisations, figures and counts read and recorded once); a crash in between
    leaves the register marked pending (see ``register.pending``). ``judged``: the part of
    them the frameworks can find anything in (default: all), when the rest is in a vocabulary
    no framework reads (an ArchiMate model's own records).

    What the frameworks find never refuses an import, and its judging reads nothing of its
    own graphs, so the graphs are written while it is judged (``together``: the bulk loader
    and the reads in Oxigraph take the other core while the rules run), and beside both the
    register's records in force about what it judges are read. A judging that fails leaves
    the graphs stored and the register marked pending, as a crash would, and is a
    ``StoreError`` (the input was checked before: what failed is not the user's). The cyclic
    garbage collector waits until it ends (``garbage``)."""
    bodies = {
        g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES) or b"" for g, ts in contents.items()
    }
    digest = hashlib.sha256(b"".join(bodies.values())).hexdigest()
    triples = [t for ts in contents.values() for t in ts]
    seen = triples if judged is None else judged
    graphs = frozenset(contents)
    with register.writing(home), collection_paused():
        new = store.unnamed(_named(seen))  # its new measurements: nothing to look up about
        dependants, described = _dependants(store, graphs, seen, new)
        about = frozenset(judged_about(store, seen, graphs, dependants))

        def write() -> Moving:  # what it moves read first, as the store was
            moves = moving(store, graphs, triples, about - new)
            for graph, body in bodies.items():
                content = GraphContent(contents[graph], hashlib.sha256(body).hexdigest())
                store.replace_large(graph, content)
            return moves

        def judging() -> Validation:
            measured = beside(store, graphs, seen, described)
            return judge(store, seen, digest, graphs, about, beside=measured, unnamed=new)

        with register.pending(home, contents):
            try:
                judgement, read, moves = together(
                    judging, lambda: register.in_force(store, about - new), write
                )
            except NdsgraphError as error:  # its files were read and checked before: not theirs
                raise StoreError(
                    f"the import was not judged ({error}); what it stored is judged by the next "
                    "whole-store run (ndsgraph validate, POST /api/runs, or serve's start)"
                ) from error
            return recorded(store, judgement, about, agent, moves, new, read)


def _named(triples: list[ox.Triple]) -> set[str]:
    """The IRIs ``triples`` name, as subject or object."""
    return {
        node.value
        for t in triples
        for node in (t.subject, t.object)
        if isinstance(node, ox.NamedNode)
    }


def beside(
    store: Store, graphs: frozenset[str], triples: list[ox.Triple], described: list[ox.Triple] = ()
) -> list[ox.Triple]:
    """What an import of ``triples`` as ``graphs`` is judged with besides the nodes it names:
    of the measurements of its measured subjects in other graphs, the latest per subject and
    standard where the import's own is not (``latest``), and what the store says about what
    depends on its nodes and the nodes those refer to (``described``). Not the deviations:
    its findings are explained by those the store holds once it is stored (``recorded``)."""
    return [*_described(store, latest(store, graphs, triples), graphs), *described]


def latest(store: Store, graphs: frozenset[str], triples: list[ox.Triple]) -> set[str]:
    """The measurements in other graphs than ``graphs`` that are the latest of their subject
    and standard, by moment and, at one moment, by the greater IRI (as the rule
    gemeten-standaard and kpi-standard-adoption order them), where ``triples`` measure the
    same subject; those ``triples`` measure later are left out, as the rules never read them."""
    order = {}  # (subject, standard) -> the latest (moment, IRI) known so far, and if it's own
    about: dict = {}  # measurement -> {predicate: object}
    for t in triples:
        if t.predicate in _ORDERED_BY:
            about.setdefault(t.subject, {})[t.predicate] = t.object
    for node, said in about.items():
        if len(said) == 3:
            key = (said[NDSG.measuredSubject].value, said[NDSG.measuredStandard].value)
            at = _moment(said[NDSG.measuredAt].value)
            order[key] = max(order.get(key, ()), (at, node.value, True))
    text = queries.internal("subject-measurements").text
    replaced = replacing(graphs)
    subjects = {k[0] for k in order}
    for query in sparql_text.bound_to(text, "subject", subjects):
        for row in bindings(store.query(query, substitutions=replaced)):
            key = (row["subject"]["value"], row["standard"]["value"])
            found = (_moment(row["moment"]["value"]), row["measurement"]["value"], False)
            order[key] = max(order.get(key, ()), found)
    return {iri for _, iri, own_one in order.values() if not own_one}


_ORDERED_BY = {NDSG.measuredSubject, NDSG.measuredStandard, NDSG.measuredAt}


@functools.lru_cache(maxsize=1024)  # a batch has one moment: thousands of measurements
def _moment(text: str) -> datetime:
    """An ``ndsg:measuredAt`` as SPARQL compares it (one without an offset read as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _dependants(
    store: Store,
    graphs: frozenset[str],
    triples: list[ox.Triple],
    unnamed: frozenset[str] = frozenset(),
) -> tuple[frozenset[str], list[ox.Triple]]:
    """What depends (``ndsg:dependsOn``) on a node the import describes, or the graphs it
    replaces did, and what the store says about those and the nodes they refer to: an API the
    import deprecates (or drops) changes what the rules find about them, so the import judges
    them as a submission of their own would be judged. Nothing depends on the ``unnamed``
    nodes (``Store.unnamed``): they are not looked up."""
    replaced = replacing(graphs)
    nodes = ({t.subject.value for t in triples} | described_by(store, graphs)) - unnamed
    text = queries.internal("dependants").text
    found = {
        row["dependant"].value
        for query in sparql_text.bound_to(text, "node", nodes)
        for row in store.query(query, substitutions=replaced)
    }
    about = _described(store, found, graphs)
    referred = {t.object.value for t in about if isinstance(t.object, ox.NamedNode)} - found
    return frozenset(found), about + _described(store, referred, graphs)


def _described(store: Store, nodes: Iterable[str], graphs: frozenset[str]) -> list[ox.Triple]:
    """What the store says about ``nodes`` outside ``graphs``, as an upload is judged with it."""
    return [triple for answer in stated_about(store, nodes, graphs) for triple in answer]
