"""Findings explained anew when the deviations that explain them change.

A deviation explains the findings of its organisation and rule wherever their subjects are
described: a domain an import measured, an API of the API register. A submission that adds,
changes or removes a deviation re-judges only its own subjects, so the register's findings
about those other subjects are carried on here, each explained by the deviations the store
holds once the submission is stored: the register stays as a whole-store run would make it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import pyoxigraph as ox

from ndsgraph.register import columns
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.validation import Validation, findings
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import NDSG, RDF

Pair = tuple[str, str]  # (organisation, rule)


def stated(triples: Iterable[ox.Triple]) -> frozenset[Pair]:
    """The (organisation, rule) of every deviation ``triples`` state."""
    triples = list(triples)
    deviations = {
        t.subject for t in triples if t.predicate == RDF.type and t.object == NDSG.Deviation
    }
    said: dict[ox.NamedNode, dict[ox.NamedNode, set[str]]] = defaultdict(lambda: defaultdict(set))
    for t in triples:
        if t.subject in deviations and t.predicate in (NDSG.organisation, NDSG.rule):
            said[t.subject][t.predicate].add(t.object.value)
    return frozenset(
        (organisation, rule)
        for about in said.values()
        for organisation in about[NDSG.organisation]
        for rule in about[NDSG.rule]
    )


def in_graph(store: Store, graph: str) -> frozenset[Pair]:
    """The (organisation, rule) of every deviation ``graph`` states now."""
    rows = queries.run(store, queries.internal("graph-deviations"), {"graph": graph})
    return frozenset((row["organisation"].value, row["rule"].value) for row in rows)


def _finding(row: ox.QuerySolution) -> Finding:
    """A finding as the stored query ``register.rq`` gives it."""
    [found] = findings.from_rows([columns.of(row)])
    return replace(found, value_is_iri=isinstance(row["value"], ox.NamedNode))


def carried(
    store: Store, pairs: frozenset[Pair], judged: frozenset[str], across: set[str], day: date
) -> tuple[frozenset[str], tuple[Finding, ...]]:
    """The subjects besides ``judged`` that a finding of one of ``pairs`` is about, and every
    finding in force about them but those of the cross-organisation rules ``across`` (judged
    again anyway), the findings of ``pairs`` explained by the deviations in ``store`` on
    ``day``: what a run that changed those deviations records about them."""
    text = queries.internal("register-open-subjects").text
    subjects = {
        row["subject"].value
        for bound in sparql_text.bound_in_blocks(text, ["organisation", "rule"], _rows(pairs))
        for row in store.query(bound)
    } - judged
    if not subjects:
        return frozenset(), ()
    rows = [
        row
        for bound in sparql_text.bound_to(queries.stored("register").text, "subject", subjects)
        for row in store.query(bound)
    ]
    recorded = _recorded(store, pairs)
    found = []
    for f in map(_finding, rows):
        if f.rule in across:
            continue
        found.append(_anew(f, recorded, day) if (f.organisation, f.rule) in pairs else f)
    return frozenset(subjects), tuple(found)


def explained(store: Store, judged: Validation) -> Validation:
    """``judged`` with its findings explained by the deviations ``store`` holds for their
    organisations and rules, wherever they are recorded: an import is judged without them
    (reading every deviation of the organisations it names cost seconds at national size),
    and a whole-store run reads them all."""
    pairs = {(f.organisation, f.rule) for f in judged.findings if f.organisation and f.rule}
    recorded = _recorded(store, pairs)
    day = judged.reference_date
    return replace(judged, findings=[_anew(f, recorded, day) for f in judged.findings])


# an upload's findings of at most this many organisations (a submission: one) are explained
# by the deviations of each (organisation, rule); more (an import) by those of each rule
FEW_ORGANISATIONS = 10


def _recorded(store: Store, pairs: Iterable[Pair]) -> findings.Recorded:
    """The deviations ``store`` holds of ``pairs``, by organisation and rule: read from
    the organisations where they are few (a rule's deviations nationwide, every
    organisation's: seconds at a million triples), else from the rules (every deviation of
    many organisations, 12,000 at national size: 13 s)."""
    pairs = set(pairs)
    text = queries.stored("deviations").text
    if len({organisation for organisation, _ in pairs}) <= FEW_ORGANISATIONS:
        texts = sparql_text.bound_in_blocks(text, ["organisation", "rule"], _rows(pairs))
    else:
        texts = sparql_text.bound_to(text, "rule", {rule for _, rule in pairs})
    recorded: findings.Recorded = {}
    for bound in texts:
        for key, found in findings.deviations(store.query(bound)).items():
            if key in pairs:
                recorded[key] = found
    return recorded


def _rows(pairs: Iterable[Pair]) -> list[list[str]]:
    """``pairs`` as the rows of a VALUES block of ?organisation and ?rule."""
    return [[str(ox.NamedNode(o)), str(ox.NamedNode(r))] for o, r in sorted(pairs)]


def _anew(f: Finding, recorded: findings.Recorded, day: date) -> Finding:
    """``f`` explained by ``recorded`` on ``day``, whatever explained it before."""
    plain = replace(f, explained=False, deviation=None, motivation=None, valid_through=None)
    return findings.explain(plain, recorded, day)
