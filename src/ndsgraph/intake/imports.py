"""Imported sources (internet.nl batches, API register exports): a graph stored whole and the
register brought up to date in the same step, as for an accepted submission.

An import is not refused for what the frameworks find: a measurement is a fact, and what it
finds (a domain that does not apply a standard) is exactly what the register must show. It is
judged with what the store says about the nodes it names (as a submission is), with the other
measurements of the subjects it measures (the rules judge the latest one per subject and
standard, whichever batch holds it) and with the deviations of the organisations it names
(they are in those organisations' own graphs, and explain what was measured).
"""

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import register
from ndsgraph.intake.submissions import described_by, judge, store_judged
from ndsgraph.register.runs import Run
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import GraphContent, Store, Term
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import NDSG


def accept(
    store: Store,
    home: Path,
    graph: str,
    triples: list[ox.Triple],
    agent: str,
    judged: list[ox.Triple] | None = None,
) -> tuple[Run, list[Finding]]:
    """Store ``triples`` as ``graph`` (replacing it whole) and record what they change in the
    register; a crash in between leaves the register marked pending (see ``register.pending``).
    ``judged``: the part of them the frameworks can find anything in (default: all), when the
    rest is in a vocabulary no framework reads (an ArchiMate model's own records)."""
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    digest = hashlib.sha256(body).hexdigest()
    seen = triples if judged is None else judged
    with register.writing(home):
        dependants, described = _dependants(store, graph, seen)
        judgement = judge(
            store, seen, digest, graph, beside(store, graph, seen, described), dependants
        )
        return store_judged(store, home, graph, GraphContent(triples, digest), judgement, agent)


def beside(
    store: Store, graph: str, triples: list[ox.Triple], described: list[ox.Triple] = ()
) -> list[ox.Triple]:
    """What an import of ``triples`` as ``graph`` is judged with besides the nodes it names:
    the measurements of its measured subjects in other graphs, what the store says about what
    depends on its nodes and the nodes those refer to (``described``), and the deviations of
    the organisations all these name that may explain one of their findings
    (``_deviations``)."""
    own = {ox.Variable("own"): ox.NamedNode(graph)}
    subjects = {t.object for t in triples if t.predicate == NDSG.measuredSubject}
    return [
        *_constructed(store, "subject-measurements", "subject", subjects, own),
        *described,
        *_deviations(store, [*triples, *described]),
    ]


def _dependants(
    store: Store, graph: str, triples: list[ox.Triple]
) -> tuple[frozenset[str], list[ox.Triple]]:
    """What depends (``ndsg:dependsOn``) on a node the import describes, or the graph it
    replaces did, and what the store says about those and the nodes they refer to: an API the
    import deprecates (or drops) changes what the rules find about them, so the import judges
    them as a submission of their own would be judged."""
    own = {ox.Variable("own"): ox.NamedNode(graph)}
    nodes = {t.subject.value for t in triples} | described_by(store, graph)
    text = queries.internal("dependants").text
    found = {
        row["dependant"].value
        for query in sparql_text.bound_to(text, "node", nodes)
        for row in store.query(query, substitutions=own)
    }
    about = _described(store, found, graph)
    referred = {t.object.value for t in about if isinstance(t.object, ox.NamedNode)} - found
    return frozenset(found), about + _described(store, referred, graph)


def _described(store: Store, nodes: Iterable[str], graph: str) -> list[ox.Triple]:
    """What the store says about ``nodes`` outside ``graph``, as an upload is judged with it."""
    text = queries.internal("upload-context").text
    own = {ox.Variable("own"): ox.NamedNode(graph)}
    return [
        ox.Triple(r["node"], r["p"], r["o"])
        for query in sparql_text.bound_to(text, "node", nodes)
        for r in store.query(query, substitutions=own)
    ]


def _deviations(store: Store, triples: list[ox.Triple]) -> list[ox.Triple]:
    """What the store says about the deviations of the organisations ``triples`` name that
    are about a node they name (a finding's subject or value: a domain, a standard) or about
    the whole rule: no other can explain one of their findings (``findings.explain``). At
    national size the others are nearly all (12,000 deviations of 400 organisations, none
    about a measured standard: judging an import with them cost 7 s)."""
    organisations = {t.object for t in triples if t.predicate == NDSG.organisation}
    named = {t.subject for t in triples} | {t.object for t in triples}
    text = queries.internal("organisation-deviations").text
    found: list[ox.Triple] = []
    iris = (n.value for n in organisations if isinstance(n, ox.NamedNode))
    for query in sparql_text.bound_to(text, "organisation", iris):
        found += [
            ox.Triple(r["deviation"], r["p"], r["o"])
            for r in store.query(query)
            if r["about"] is None or r["about"] in named
        ]
    return found


def _constructed(
    store: Store, name: str, variable: str, nodes: Iterable[Term], bound: dict
) -> list[ox.Triple]:
    """The triples the CONSTRUCT query ``name`` gives for ``nodes`` bound to ``variable``."""
    text = queries.internal(name).text
    named = (n.value for n in nodes if isinstance(n, ox.NamedNode))
    found: list[ox.Triple] = []
    for query in sparql_text.bound_to(text, variable, named):
        found += store.query(query, substitutions=bound)
    return found
