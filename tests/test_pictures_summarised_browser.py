"""A building block's picture that summarises its applications (more than
``NDSGRAPH_PICTURE_APPLICATIONS``; here 0, so the example landscape's DigiD does) in Debian's
headless Chromium against a live server: one node per organisation type of who runs them, with
the number of the stored query's applications, edges counted, no two labels overlapping, the
legend naming the summary, a click leading to the building block's list, and axe-core finding
no WCAG 2.1 A/AA violations. The screenshot goes to tests/artifacts/."""

import os
from collections import Counter

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from .browsing import answer, axe_violations, full_page_screenshot, shown_identifiers
from .live import live_server
from .test_pictures_browser import (
    BOUWSTEEN,
    NDSG,
    drawn,
    labels_outside_their_shapes,
    lines_broken_inside_a_word,
    overlapping_labels,
    show,
    sparql,
)

DIGID = BOUWSTEEN + "digid"


@pytest.fixture(scope="module")
def summarising(tmp_path_factory):
    """A second live server over the example landscape that summarises every application."""
    env = {**os.environ, "NDSGRAPH_PICTURE_APPLICATIONS": "0"}
    with live_server(tmp_path_factory.mktemp("summarising") / "store", env=env) as base:
        yield base


@pytest.fixture(autouse=True)
def forget_the_language(browser):
    yield
    browser.delete_cookie("lang")


def test_the_applications_are_one_node_per_type_of_who_runs_them(browser, summarising):
    show(browser, summarising, DIGID)
    rows = answer(summarising, "dependency-picture", block=DIGID)
    runners: dict[str, set[str]] = {}
    for row in rows:
        if row["relation"] == "runs":
            runners.setdefault(row["target"], set()).add(row["source"])
    values = " ".join(f"<{o}>" for who in runners.values() for o in who)
    types = {
        r["o"]: r["type"]
        for r in sparql(
            summarising,
            f"SELECT ?o ?type WHERE {{ VALUES ?o {{ {values} }} "
            f"?o <{NDSG}organisationType> ?type }}",
        )
    }
    # an application under the type of who runs it; of several, the first by IRI
    per_type = Counter(
        min((types[o] for o in who if o in types), default="") for who in runners.values()
    )
    picture = drawn(browser)
    summaries = {n["id"]: n for n in picture["nodes"] if n["kind"] == "applications"}
    assert summaries and per_type
    assert {i: int(n["name"].split()[0]) for i, n in summaries.items()} == {
        f"applications:{kind}": n for kind, n in per_type.items()
    }
    drawn_ids = {n["id"] for n in picture["nodes"]}
    assert not drawn_ids & set(runners)  # no application one by one
    uses = {r["source"] for r in rows if r["relation"] == "dependsOn" and r["target"] == DIGID}
    counted = sum(
        e["count"] for e in picture["edges"] if e["source"] in summaries and e["target"] == DIGID
    )
    assert counted == len(uses & set(runners))
    assert overlapping_labels(browser) == []
    assert lines_broken_inside_a_word(browser) == []
    assert labels_outside_their_shapes(browser) == []


def test_the_legend_names_the_summary_and_a_click_leads_to_the_list(browser, summarising):
    show(browser, summarising, DIGID)
    legend = browser.find_element("id", "legend-kinds").text
    assert "applicaties van één organisatietype, samengevat" in legend
    assert "bevindingen niet geteld" in browser.find_element("id", "legend-borders").text
    summary = next(n["id"] for n in drawn(browser)["nodes"] if n["kind"] == "applications")
    browser.execute_script(
        "window.ndsgraphPicture.getElementById(arguments[0]).emit('tap')", summary
    )
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("#dependencies"))
    assert "/doc/bouwsteen/digid" in browser.current_url


def test_the_summarised_picture_passes_axe_and_is_saved(browser, summarising):
    show(browser, summarising, DIGID)
    assert axe_violations(browser) == []
    assert shown_identifiers(browser) == []
    full_page_screenshot(browser, "picture-digid-summarised.png")
