"""The measured adoption of the standards on the dashboard in Debian's headless Chromium: the
charts draw the hand-computed figures of tests/data/standard-adoption.trig (served from an
in-memory store on 127.0.0.1), and the page has no WCAG 2.1 A/AA violations."""

import threading
from collections.abc import Iterator

import pytest
from ndsgraph_server import create_app
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from .test_dashboard_browser import axe_violations, charts
from .test_standard_adoption import measured_store


@pytest.fixture(scope="module")
def measured_site() -> Iterator[str]:
    """The dashboard over the measurements fixture, served by Werkzeug in a thread."""
    server = make_server("127.0.0.1", 0, create_app(measured_store()), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_the_dashboard_draws_measured_adoption_and_its_trend_per_batch(browser, measured_site):
    browser.get(measured_site + "/dashboard")
    WebDriverWait(browser, 60).until(lambda d: "standards" in charts(d))
    drawn = charts(browser)
    # the bars: one per standard and type, in the type's series, with N (tests/test_standard_
    # adoption.py: NOW); DNSSEC at gemeenten 2 of 3 measured conform
    standards = drawn["standards"]
    assert "DNSSEC · gemeente (N = 3)" in standards["labels"]
    by_type = {d["label"]: d["data"] for d in standards["datasets"]}
    assert set(by_type) == {"gemeente", "provincie"}
    dnssec = standards["labels"].index("DNSSEC · gemeente (N = 3)")
    assert by_type["gemeente"][dnssec] == 66.7
    # the trend of DNSSEC per batch date: gemeenten 1 of 3, then 2 of 3 (gm1's mail domain
    # conforms from 2025-11-01); the API register's date adds no DNSSEC measurement
    trend = drawn["standards-trend-dnssec"]
    assert trend["labels"] == ["2025-05-01", "2025-11-01", "2025-11-15"]
    lines = {d["label"]: d["data"] for d in trend["datasets"]}
    assert lines == {"gemeente": [33.3, 66.7, 66.7], "provincie": [100, 100, 100]}
    # OpenAPI is only measured on the last date: one point, not zeros before it
    assert drawn["standards-trend-openapi-specification"]["labels"] == ["2025-11-15"]
    assert axe_violations(browser) == []
