"""Recording validation runs: a run is seen whole or not at all."""

import re

import pytest

from ndsgraph import kpi, queries, resources, runs, validation
from ndsgraph.errors import InputError
from ndsgraph.store import OxigraphStore

EXAMPLE = resources.data_dir() / validation.EXAMPLE_GRAPH_FILE


class Crash(Exception):
    pass


def findings_in_store(store: OxigraphStore) -> int:
    rows = queries.run(store, queries.stored("finding-history"))
    return len(list(rows))


def test_a_run_cut_off_before_its_run_node_is_unseen_and_the_next_run_removes_it(monkeypatch):
    store = OxigraphStore()
    outcome = validation.validate(*validation.read_files([EXAMPLE]))
    assert outcome.findings

    def crash(sparql: str, **_: object) -> None:
        raise Crash  # the process dies after the bulk part, before the run node is written

    monkeypatch.setattr(store, "update", crash)
    with pytest.raises(Crash):
        runs.record(store, outcome)
    monkeypatch.undo()

    [unfinished] = store.unfinished_graphs(runs.RUN_GRAPHS)
    assert store.count(unfinished) > len(outcome.findings)  # report and findings were written
    assert kpi.runs(store) == [] and findings_in_store(store) == 0

    graph, recorded = runs.record(store, outcome)
    assert not store.has_graph(unfinished) and store.unfinished_graphs(runs.RUN_GRAPHS) == []
    assert len(kpi.runs(store)) == 1
    assert findings_in_store(store) == len({(f.rule, f.subject) for f in recorded})
    [entry] = store.query(
        f"SELECT ?n WHERE {{ GRAPH <https://w3id.org/ndsgraph/graph/catalogue> "
        f"{{ <{graph}> <http://rdfs.org/ns/void#triples> ?n }} }}"
    )
    assert int(entry["n"].value) == store.count(graph)


def test_a_submission_run_keeps_when_each_finding_was_first_seen():
    store = OxigraphStore()
    outcome = validation.validate(*validation.read_files([EXAMPLE]))
    agent = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    _, first = runs.record(store, outcome, agent=agent)
    _, second = runs.record(store, outcome, agent=agent)
    seen = {(f.rule, f.subject): f.first_seen for f in first if f.rule}
    assert len(set(seen.values())) == 1  # the first run's start
    assert {(f.rule, f.subject): f.first_seen for f in second if f.rule} == seen


def test_the_default_run_is_the_latest_whole_store_run_not_a_later_submission():
    store = OxigraphStore()
    outcome = validation.validate(*validation.read_files([EXAMPLE]))
    runs.record(store, outcome)
    runs.record(store, outcome, agent="https://identifier.overheid.nl/tooi/id/gemeente/gm0363")
    everything = kpi.runs(store)
    assert len(everything) == 2 and kpi.runs(store, submissions=False) == [everything[1]]
    [deviations] = kpi.deviations(store)
    assert deviations.parameters == {"run": everything[1]}


def test_a_run_is_named_by_its_iri_or_by_the_graph_it_was_recorded_in(store):
    outcome = validation.validate(*validation.read_files([EXAMPLE]))
    graph, _ = runs.record(store, outcome)
    [run] = kpi.runs(store)
    assert runs.named(store, graph) == runs.named(store, run) == run
    [by_graph] = kpi.deviations(store, graph)
    [by_run] = kpi.deviations(store, run)
    assert by_graph.rows == by_run.rows and by_run.rows


def test_an_unknown_run_is_an_error_naming_it(store):
    unknown = "https://w3id.org/ndsgraph/id/validatie/nothing"
    with pytest.raises(InputError, match=re.escape(f"no validation run {unknown}")):
        runs.named(store, unknown)
    with pytest.raises(InputError, match=r"'given' must be iri"):
        runs.named(store, "not an iri")
