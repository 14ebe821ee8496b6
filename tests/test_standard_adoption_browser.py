"""The adoption of the standards on the dashboard in Debian's headless Chromium: the charts
draw the hand-computed figures of tests/data/standard-adoption.trig plus a later API register
export in which one standard is at 0 % (served from an in-memory store on 127.0.0.1), each on
axes that say what they show, and the page has no WCAG 2.1 A/AA violations."""

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from ndsgraph_server import create_app, figures
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from .browsing import axe_violations, full_page_screenshot
from .test_dashboard_browser import charts
from .test_standard_adoption import FAILING_API, load_measurements, measured_store


@pytest.fixture(scope="module")
def measured_site() -> Iterator[str]:
    """The dashboard over the measurements fixtures, served by Werkzeug in a thread."""
    store = measured_store()
    load_measurements(store, FAILING_API)
    server = make_server("127.0.0.1", 0, create_app(store), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def drawn(browser, measured_site) -> dict[str, dict]:
    browser.get(measured_site + "/dashboard?lang=nl")
    WebDriverWait(browser, 60).until(lambda d: "standards" in charts(d))
    return charts(browser)


def days(day: str) -> float:
    """A date's place on the time axis: days since 1970-01-01."""
    return float((date.fromisoformat(day) - date(1970, 1, 1)).days)


def test_the_bars_say_standard_type_evidence_and_n_and_write_their_value(drawn):
    # one bar per standard, type and kind of evidence, coloured by the kind of evidence, with
    # N (tests/test_standard_adoption.py: NOW); DNSSEC at gemeenten 2 of 3 measured conform
    standards = drawn["standards"]
    by_evidence = {d["label"]: d["data"] for d in standards["datasets"]}
    assert set(by_evidence) == {"gemeten", "uit een register"}
    dnssec = standards["labels"].index("DNSSEC · gemeente · gemeten (N = 3)")
    assert by_evidence["gemeten"][dnssec] == 66.7
    rest = standards["labels"].index("REST-API Design Rules · provincie · uit een register (N = 1)")
    assert by_evidence["uit een register"][rest] == 0 and by_evidence["gemeten"][rest] is None
    # a 0 % bar says 0 %; each share its N, in Dutch notation
    assert {"0 % (0 van 1)", "66,7 % (2 van 3)"} <= set(standards["written"])
    axis = standards["axes"]["x"]
    assert (axis["min"], axis["max"], axis["title"]) == (0, 100, figures.CONFORMING[0])


def test_a_trend_is_on_a_time_axis_of_its_own_dates_only(drawn):
    # DNSSEC per batch date: gemeenten 1 of 3, then 2 of 3 (gm1's mail domain conforms from
    # 2025-11-01); the API register's dates add no DNSSEC points
    trend = drawn["standards-trend-dnssec"]
    assert trend["axes"]["x"]["type"] == "linear"  # a point's place is its date
    assert trend["axes"]["x"]["ticks"] == ["1 mei 2025", "1 nov 2025"]  # readable dates
    assert "meetronde" in trend["axes"]["x"]["title"]
    lines = {d["label"]: d["data"] for d in trend["datasets"]}
    assert set(lines) == {"gemeente (N = 3)", "provincie (N = 1)"}
    assert [(p["x"], p["y"], p["n"]) for p in lines["gemeente (N = 3)"]] == [
        (days("2025-05-01"), 33.3, "3"),
        (days("2025-11-01"), 66.7, "3"),
    ]
    assert [p["y"] for p in lines["provincie (N = 1)"]] == [100, 100]
    assert {"66,7 % (2 van 3)", "100 % (1 van 1)"} <= set(trend["written"])  # each last value
    # OpenAPI is only in the API register of 2025-11-15: one point, not zeros before it
    openapi = drawn["standards-trend-openapi-specification"]
    assert openapi["axes"]["x"]["ticks"] == ["15 nov 2025"]
    assert [len(d["data"]) for d in openapi["datasets"]] == [1]


def test_a_trend_at_0_percent_still_runs_from_0_to_100_percent(drawn):
    zero = drawn["standards-trend-rest-api-design-rules"]
    axis = zero["axes"]["y"]
    assert (axis["min"], axis["max"]) == (0, 100) and "%" in axis["title"]
    assert [p["y"] for d in zero["datasets"] for p in d["data"]] == [0]
    assert "0 % (0 van 1)" in zero["written"]


def test_the_measured_dashboard_has_no_wcag_violations(browser, drawn):
    full_page_screenshot(browser, "dashboard-standards.png")
    assert axe_violations(browser) == []
