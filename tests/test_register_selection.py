"""The register's selection (register/selection.py) joins register-selection's parts: as of a
moment or a run it keeps what register.rq keeps, alone or with other filters, and the parts
join into one query with their prefixes."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from ndsgraph import register, validation
from ndsgraph.register import columns, runs, selection
from ndsgraph.sparql import queries, subqueries
from ndsgraph.sparql.subqueries import Part
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import SH

RULE = "https://w3id.org/ndsgraph/id/regel/core-integrity/naam"
FRAMEWORK = "https://w3id.org/ndsgraph/id/kader/core-integrity"
OTHER = "https://w3id.org/ndsgraph/id/kader/exit-by-design"
NDSG_PREFIX = "PREFIX ndsg: <https://w3id.org/ndsgraph/def/>\n"


def finding(subject: str, severity: str = "Violation", framework: str = FRAMEWORK) -> Finding:
    return Finding(
        organisation=None,
        framework=framework,
        rule=RULE,
        subject=f"https://example.org/{subject}",
        value=None,
        severity=severity,
        message_nl="Geen naam",
        message_en="No name",
        explained=False,
    )


def judged(*found: Finding) -> validation.Validation:
    return validation.Validation([], list(found), "shapes", "input", datetime.now(UTC).date())


@pytest.fixture(scope="module")
def history():
    """Two runs: a and b, then b and c (so a ended with the second run), each a Violation
    but b a Warning in exit-by-design."""
    store = OxigraphStore()
    b = finding("b", "Warning", OTHER)
    first, _ = register.record(store, register.Judgement(judged(finding("a"), b)))
    second, _ = register.record(store, register.Judgement(judged(b, finding("c"))))
    return store, first, second


def subjects(rows) -> set[str]:
    return {row["subject"].rsplit("/", 1)[1] for row in rows}


def library(store, **values: str) -> set[str]:
    return {
        r["subject"].value.rsplit("/", 1)[1]
        for r in queries.run(store, queries.stored("register"), values)
    }


def moments(first, second) -> list[dict[str, str]]:
    return [
        {},
        {"at": (first.started - timedelta(days=1)).date().isoformat()},  # before both
        {"at": runs.utc(first.ended)},  # between them: a and b
        {"run": first.iri},
        {"run": second.graph},  # a run named by its graph
    ]


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize(
    "narrowed", [{}, {"severity": "http://www.w3.org/ns/shacl#Violation"}, {"framework": OTHER}]
)
def test_as_of_a_moment_or_run_the_selection_keeps_what_the_register_query_keeps(
    history, index, narrowed
):
    store, first, second = history
    values = {**moments(first, second)[index], **narrowed}
    expected = library(store, **values)
    assert subjects(selection.rows(store, values)) == expected
    page = selection.page(store, tuple(values.items()), 10)
    assert subjects(page.rows) == expected and page.total == len(expected)


def test_the_moment_narrows_each_part_so_the_test_above_can_fail(history):
    store, first, _ = history
    assert library(store) == {"b", "c"}
    assert library(store, run=first.iri) == {"a", "b"}
    assert library(store, at=(first.started - timedelta(days=1)).date().isoformat()) == set()


def test_a_row_holds_the_columns_register_rq_projects_but_the_moment_and_run_it_is_as_of(history):
    store, first, _ = history
    projected = queries.stored("register").projection
    rows = list(selection.rows(store, {"run": first.iri, "severity": SH.Violation.value}))
    assert subjects(rows) == {"a"}
    [row] = rows
    assert {"finding", "subject", "severity", "recordedBy", "firstSeen", "messageEn"} <= set(row)
    assert set(row) <= set(projected) - {"at", "run", "expiringBy", "firstSeenBefore"}
    assert columns.names() == tuple(
        c for c in projected if c not in ("at", "run", "expiringBy", "firstSeenBefore")
    )


def test_parts_join_with_their_prefixes_and_a_prefix_declared_twice_differently_is_refused():
    outer = "PREFIX ex: <https://example.org/>\nSELECT ?s WHERE { }"
    part = "# a part\nPREFIX ex: <https://example.org/>\nPREFIX v: <https://v.example/>\nSELECT ?s WHERE { ?s v:p ex:o }"
    text = subqueries.joined(outer, [Part(part), Part(part, "group"), Part(part, "minus")])
    assert text.count("PREFIX v:") == 1 and text.count("PREFIX ex:") == 1
    assert "{ SELECT ?s WHERE { ?s v:p ex:o } }" in text
    assert "MINUS { { SELECT ?s WHERE { ?s v:p ex:o } } }" in text
    store = OxigraphStore()
    assert list(store.query(text)) == []  # it parses
    clash = part.replace("<https://v.example/>", "<https://w.example/>")
    with pytest.raises(ValueError, match="prefix v"):
        subqueries.joined(outer, [Part(part), Part(clash)])


def cursor_pages(store, values: dict[str, str]) -> list[str]:
    """The subjects of every page of one finding by cursor (``page_after``), in order."""
    shown, after = [], None
    while True:
        text, after = selection.page_after(store, tuple(values.items()), 1, after)
        shown += [row["subject"].value.rsplit("/", 1)[1] for row in store.query(text)]
        if after is None:
            return shown


def test_pages_as_of_a_moment_before_facet_counts_were_kept_find_every_finding_of_no_type():
    """A page finds the findings of no organisation with a type from the rules the facet
    counts count them of; as of a moment before any facet count was recorded (a store from
    before they were kept), from every finding of the severity: a here is of a rule no facet
    count names."""
    store = OxigraphStore()
    lock_in = "https://w3id.org/ndsgraph/id/regel/exit-by-design/lock-in"
    first, _ = register.record(
        store, register.Judgement(judged(replace(finding("a"), rule=lock_in)))
    )
    store.update(
        "PREFIX ndsg: <https://w3id.org/ndsgraph/def/> "
        "DELETE { GRAPH ?g { ?c ?p ?o } } WHERE { GRAPH ?g { ?c a ndsg:RegisterFacetCount ; ?p ?o } }"
    )
    register.record(store, register.Judgement(judged(finding("c"), finding("d", "Warning"))))
    assert cursor_pages(store, {"run": first.iri}) == ["a"]
    assert cursor_pages(store, {}) == ["c", "d"]
    assert cursor_pages(store, {"at": runs.utc(datetime.now(UTC))}) == ["c", "d"]


def test_a_deviation_stated_in_two_graphs_gives_its_finding_one_row():
    """A submission may repeat deviations the reference data state (the 1M landscape's
    Amsterdam): each finding they explain is still one row of the register, whole or paged."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    register.judge_all(store)
    explained = (("explained", "true"),)
    whole = sorted(map(sorted, (r.items() for r in selection.rows(store, {}))))
    paged = selection.page(store, explained, 100)
    copied = store.query(
        NDSG_PREFIX + "CONSTRUCT { ?d ?p ?o } WHERE { ?d a ndsg:Deviation ; ?p ?o }"
    )
    store.add_triples("https://example.org/inzending/herhaald", list(copied))
    assert sorted(map(sorted, (r.items() for r in selection.rows(store, {})))) == whole
    assert selection.page(store, explained, 100).rows == paged.rows
    assert paged.rows
