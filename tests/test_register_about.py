"""The kept figures of the findings about each resource (register/about.py): after a
whole-store run and after an accepted submission, a resource with more findings in force than
a figure keeps has one record, whose number and first findings are what findings-about.rq
answers (how many, and its first rows in its order); a resource with fewer has none; and a
building block's page shows the figure's findings as the stored query's first rows."""

import pyoxigraph as ox
import pytest
from ndsgraph_server import create_app

from ndsgraph import profiles, register
from ndsgraph.intake.ingest import read_upload
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import known
from ndsgraph.profiles import reading
from ndsgraph.register import about
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled

GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
ZGW = "https://w3id.org/ndsgraph/id/bouwsteen/zgw-apis"
KEPT = 3  # small, so that the example landscape has resources with and without a figure


@pytest.fixture(scope="module")
def landscape(tmp_path_factory):
    """The bundled data with the example landscape, judged once by a whole-store run that
    keeps the first ``KEPT`` findings of a resource."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(about, "KEPT", KEPT)
        store = OxigraphStore(tmp_path_factory.mktemp("about") / "store", create=True)
        list(bundled.load_bundled(store, progress=False))
        register.judge_all(store)
        yield store


def stored_figures(store: OxigraphStore, few: bool = False) -> dict[str, tuple[int, list[str]]]:
    """Per resource a finding in force is about (register.rq), findings-about.rq's number of
    findings and its first ``KEPT`` of them, for those with more than ``KEPT`` (``few``: for
    the others)."""
    resources = set()
    for row in queries.run(store, queries.stored("register")):
        value = row["value"]
        resources |= {row["subject"].value}
        resources |= {row["organisation"].value} if row["organisation"] is not None else set()
        resources |= {value.value} if isinstance(value, ox.NamedNode) else set()
    figures = {}
    for resource in resources:
        rows = queries.run(store, queries.stored("findings-about"), {"resource": resource})
        found = list(dict.fromkeys(row["finding"].value for row in rows))
        if (len(found) > KEPT) != few:
            figures[resource] = (len(found), found[:KEPT])
    return figures


def kept_figures(store: OxigraphStore) -> dict[str, tuple[int, list[str]]]:
    return {
        resource: (kept.figure.number, [e.record for e in kept.figure.first])
        for resource, kept in about.kept(store).items()
    }


def test_a_whole_store_run_keeps_what_findings_about_answers(landscape):
    stored = stored_figures(landscape)
    assert len(stored) > 3 and ZGW in stored and stored_figures(landscape, few=True)
    assert kept_figures(landscape) == stored


def adoptions(*blocks: str) -> bytes:
    """A portfolio of Amsterdam's: the building blocks in production (each a finding of its
    own about Amsterdam, none explained)."""
    return b"@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n" + b"".join(
        f"<{GEMEENTE}/afname/{block}> a ndsg:Adoption ; ndsg:organisation <{GEMEENTE}> ;"
        f" ndsg:buildingBlock <https://w3id.org/ndsgraph/id/bouwsteen/{block}> ; ndsg:"
        "adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/in-productie> .\n".encode()
        for block in blocks
    )


def test_submissions_move_the_figures_to_what_findings_about_answers(landscape, tmp_path):
    """The first submission gives Amsterdam more findings than a figure keeps (counted anew)
    and ends and opens one of ZGW's (moved); the second ends one of Amsterdam's."""
    blocks = ("digid", "nlx", "zgw-apis", "berichtenbox", "pkioverheid")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(about, "KEPT", KEPT)
        assert GEMEENTE not in kept_figures(landscape)
        for portfolio in (blocks, blocks[:-1]):
            before = stored_figures(landscape)
            outcome = Submissions(landscape, tmp_path).submit(
                known(GEMEENTE, "organisation"),
                read_upload(adoptions(*portfolio), "text/turtle"),
            )
            assert outcome.accepted
            after = stored_figures(landscape)
            assert after[GEMEENTE] != before.get(GEMEENTE)  # so the test below can fail
            assert kept_figures(landscape) == after
        assert after[GEMEENTE][0] == len(blocks) - 1
        register.judge_all(landscape)
        assert kept_figures(landscape) == stored_figures(landscape) == after


def test_a_building_blocks_page_shows_the_kept_first_findings(landscape, monkeypatch):
    """Its findings are the stored query's first rows and its count that of all, read from
    the figure (the query that lists every finding is not asked)."""
    monkeypatch.setattr(reading, "SHOWN", 2)
    asked = []
    internal = reading._internal

    def spied(name: str, bound: dict) -> str:
        asked.append(name)
        return internal(name, bound)

    monkeypatch.setattr(reading, "_internal", spied)
    profile = profiles.profile(landscape, ZGW, "nl")
    rows = queries.run(landscape, queries.stored("findings-about"), {"resource": ZGW})
    found = list(dict.fromkeys(row["finding"].value for row in rows))
    assert profile.findings.total == len(found) > KEPT
    assert [r["finding"] for r in profile.findings.rows] == found[:2]
    assert "resource-findings-kept" in asked and "findings-about-keys" not in asked
    html = create_app(landscape).test_client().get("/doc/bouwsteen/zgw-apis").text
    assert f"Bevindingen nu</dt><dd>{len(found)}</dd>" in html
