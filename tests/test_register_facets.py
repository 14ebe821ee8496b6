"""The register's facet counts (register/facets.py): what a whole-store run and a submission
keep is what counting the findings in force again gives; a register recorded before they were
kept is told apart; and a large view, counted by them, is paged from the stream with every
finding once, Violations first, as register.rq selects them."""

from collections import Counter
from datetime import UTC, datetime

import pyoxigraph as ox
import pytest

from ndsgraph import register, validation
from ndsgraph.intake.ingest import read_upload
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import known
from ndsgraph.register import facets, paging, selection
from ndsgraph.register.facets import Facet
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.validation.findings import SEVERITY_ORDER, Finding

SH = "http://www.w3.org/ns/shacl#"
EXIT = "https://w3id.org/ndsgraph/id/kader/exit-by-design"
GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
# views as register.rq's parameters: the whole register, the done-when, and others
VIEWS = [
    {},
    {
        "severity": SH + "Violation",
        "explained": "false",
        "organisationType": "gemeente",
        "framework": EXIT,
    },
    {"framework": EXIT},
    {"explained": "false", "organisationType": "gemeente"},
    {"severity": SH + "Warning"},
]


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> OxigraphStore:
    """The bundled data with the example landscape, judged once by a whole-store run."""
    store = OxigraphStore(tmp_path_factory.mktemp("facets") / "store", create=True)
    list(bundled.load_bundled(store, progress=False))
    register.judge_all(store)
    return store


def recount(store: OxigraphStore) -> Counter[Facet]:
    """The findings in force counted again from register.rq, each finding once."""
    facet_of = {}
    for row in queries.run(store, queries.stored("register")):
        kind, framework = row["organisationType"], row["framework"]
        facet_of[row["finding"].value] = Facet(
            kind.value if kind else "",
            framework.value if framework else "",
            row["rule"].value,
            row["severity"].value,
            row["explained"].value == "true",
        )
    return Counter(facet_of.values())


def kept(store: OxigraphStore) -> Counter[Facet]:
    return Counter({facet: n for _, facet, n in facets.in_force(store).values()})


def test_a_whole_store_run_keeps_the_facet_counts_a_recount_gives(landscape):
    counted = recount(landscape)
    assert len(counted) > 10 and any(f.organisation_type for f in counted)
    assert kept(landscape) == counted


def test_a_submission_moves_the_facet_counts_to_what_a_recount_gives(landscape, tmp_path):
    upload = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        f"<{GEMEENTE}/afname/digid> a ndsg:Adoption ; ndsg:organisation <{GEMEENTE}> ;\n"
        "  ndsg:buildingBlock <https://w3id.org/ndsgraph/id/bouwsteen/digid> ;\n"
        "  ndsg:adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/in-productie> .\n"
    ).encode()
    before = recount(landscape)
    outcome = Submissions(landscape, tmp_path).submit(
        known(GEMEENTE, "organisation"), read_upload(upload, "text/turtle")
    )
    assert outcome.accepted
    after = recount(landscape)
    assert after != before  # it opened and ended findings, so the test below can fail
    assert kept(landscape) == after
    register.judge_all(landscape)
    assert kept(landscape) == recount(landscape) == after


def finding(subject: str) -> Finding:
    return Finding(
        organisation=None,
        framework=EXIT,
        rule="https://w3id.org/ndsgraph/id/regel/exit-by-design/lock-in",
        subject=f"https://example.org/{subject}",
        value=None,
        severity="Violation",
        message_nl="Te afhankelijk",
        message_en="Locked in",
        explained=False,
    )


def judged(*found: Finding) -> validation.Validation:
    return validation.Validation([], list(found), "shapes", "input", datetime.now(UTC).date())


def test_a_register_recorded_before_facet_counts_were_kept_is_told_apart():
    store = OxigraphStore()
    assert not facets.missing(store)  # nothing recorded: nothing to count
    register.record(store, register.Judgement(judged()))
    assert not facets.missing(store)  # an empty register has no facets
    register.record(store, register.Judgement(judged(finding("a"), finding("b"))))
    assert not facets.missing(store)
    values = {"framework": EXIT}
    assert facets.counted(store, values) == {(SH + "Violation", False): 2}
    store.update(
        "PREFIX ndsg: <https://w3id.org/ndsgraph/def/>\n"
        "DELETE WHERE { GRAPH ?g { ?count a ndsg:RegisterFacetCount ; ?p ?o } }"
    )
    assert facets.missing(store)  # as a store recorded by an older ndsgraph
    assert facets.counted(store, values) is None  # the page then counts the findings
    assert selection.page(store, tuple(values.items()), 10).total == 2


def test_a_view_facets_cannot_count_is_counted_from_its_findings(landscape):
    for values in ({"organisation": GEMEENTE}, {"expiringBy": "2100-01-01"}):
        assert facets.counted(landscape, values) is None


@pytest.mark.parametrize("values", VIEWS)
def test_the_facet_counts_count_a_view_as_its_findings_do(landscape, values):
    found = selection.selected(landscape, values)
    counts = facets.counted(landscape, values)
    assert counts is not None and sum(counts.values()) == len(found) > 0
    unexplained = sum(n for (_, explained), n in counts.items() if not explained)
    assert unexplained == sum(not f.explained for f in found)


@pytest.mark.parametrize("values", VIEWS)
def test_a_large_view_is_paged_by_cursor_each_finding_once_in_the_registers_order(
    landscape, monkeypatch, values
):
    whole = selection.selected(landscape, values)
    expected = {f.finding: f.severity for f in whole}
    typed = paging.organisations(landscape)
    order = sorted(paging.keys(landscape, expected, typed).values())
    monkeypatch.setattr(selection, "SORTED_UP_TO", 3)  # every view here is large
    pairs = tuple(values.items())
    shown: list[str] = []
    cursor = None
    while True:
        page = selection.page(landscape, pairs, 7, after=cursor)
        assert page.total == len(expected)
        findings = list(dict.fromkeys(row["finding"] for row in page.rows))
        assert len(findings) == page.shown
        if len(shown) < 14:  # an offset counts in the same order (and costs what it skips)
            by_offset = selection.page(landscape, pairs, 7, len(shown))
            assert list(dict.fromkeys(row["finding"] for row in by_offset.rows)) == findings
        shown += findings
        if page.next is None:
            break
        assert page.next == findings[-1]
        cursor = page.next
    assert shown == [k.finding for k in order]  # each once, Violations first, by organisation
    assert [SEVERITY_ORDER[expected[f]] for f in shown] == sorted(
        SEVERITY_ORDER[expected[f]] for f in shown
    )


def test_a_page_checks_candidates_against_the_view_at_the_share_that_passed():
    """A view that keeps a third of an organisation's records is checked in three round
    trips for a page of ten, where checking as many as were still missing took eight."""
    sh = "http://www.w3.org/ns/shacl#"
    organisation = "https://example.org/org"
    rows = [
        {
            "finding": ox.NamedNode(f"https://example.org/finding/{n:03}"),
            "severity": ox.NamedNode(sh + "Violation"),
            "organisation": ox.NamedNode(organisation),
            "framework": None,
            "rule": None,
            "subject": ox.NamedNode(f"https://example.org/subject/{n:03}"),
        }
        for n in range(60)
    ]
    checks: list[list[str]] = []

    def in_view(findings: list[str]) -> dict[str, str]:
        checks.append(findings)
        return {f: f for f in findings if int(f[-3:]) % 3 == 0}

    page = paging.after({}, 10, None, lambda _s, _o: rows, in_view, {organisation}, None)
    assert list(page) == [f"https://example.org/finding/{n:03}" for n in range(0, 30, 3)]
    assert [len(c) for c in checks] == [10, 15, 3]
