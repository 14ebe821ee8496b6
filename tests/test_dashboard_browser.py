"""The dashboard and the dependency pictures in Debian's headless Chromium against a live
server with the example landscape: every chart draws what its stored query answers, a
building block's picture has exactly the nodes of its stored queries, a click opens the
node's page, and axe-core finds no WCAG 2.1 A/AA violations. Screenshots go to
tests/artifacts/."""

import urllib.parse
import urllib.request

import pytest
from ndsgraph_server import figures
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from .browsing import answer, axe_violations, full_page_screenshot

BOUWSTEEN = "https://w3id.org/ndsgraph/id/bouwsteen/"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"


def charts(browser) -> dict[str, dict]:
    """What Chart.js drew: per figure, its categories, datasets, axes (type, range, title and
    tick labels) and the texts it wrote on the canvas besides them (the values shown)."""
    return browser.execute_script(
        """
        const drawn = {};
        document.querySelectorAll("canvas[id^='chart-']").forEach((canvas) => {
          const chart = Chart.getChart(canvas);
          if (!chart) return;
          const written = [];
          const fillText = chart.ctx.fillText;
          chart.ctx.fillText = function (text, ...at) {
            written.push(String(text));
            return fillText.call(this, text, ...at);
          };
          chart.draw();
          chart.ctx.fillText = fillText;
          const axes = {};
          Object.entries(chart.scales).forEach(([id, scale]) => {
            axes[id] = {type: scale.type, min: scale.min, max: scale.max,
                        title: scale.options.title.display ? scale.options.title.text : "",
                        ticks: scale.ticks.map((tick) => String(tick.label))};
          });
          drawn[canvas.id.slice(6)] = {
            labels: chart.data.labels,
            datasets: chart.data.datasets.map((d) => ({label: d.label, data: d.data})),
            height: canvas.height,
            axes: axes,
            written: written,
          };
        });
        return drawn;
        """
    )


@pytest.fixture(scope="module")
def dashboard_page(browser, site) -> dict[str, dict]:
    browser.get(site + "/dashboard")
    WebDriverWait(browser, 60).until(lambda d: len(charts(d)) == 7)
    return charts(browser)


def _total(rows: list[dict[str, str]], columns: tuple[str, ...]) -> float:
    return sum(float(row.get(c, 0) or 0) for row in rows for c in columns)


def test_every_chart_draws_its_stored_query_answer(browser, site, dashboard_page):
    runs = answer(site, "kpi-trend")  # whole-store runs, oldest first
    assert len(runs) >= 1  # `ndsgraph serve` validated the bundled data
    latest = runs[-1]["run"]
    expected = {
        "adoption": answer(site, "kpi-adoption-rate"),
        "adoption-by-type": answer(site, "kpi-adoption-rate-by-type"),
        "deviations": answer(site, "kpi-deviations", run=latest),
        "trend": answer(site, "kpi-trend"),
        "legacy": answer(site, "legacy-end-of-life-horizon"),
        "suppliers": sorted(
            answer(site, "supplier-concentration"), key=lambda r: -float(r["percentage"])
        )[: figures.TOP_SUPPLIER_SHARES],
        "investment": answer(site, "investment-vs-adoption"),
    }
    columns = {
        "adoption": ("percentage", "targetPercentage"),
        "adoption-by-type": ("percentage",),
        "deviations": ("findings",),
        "trend": (
            "violations",
            "warnings",
            "unexplainedViolations",
            "unexplainedWarnings",
            "variants",
        ),
        "legacy": ("systems",),
        "suppliers": ("percentage",),
        "investment": ("investment2026to2030", "organisations"),
    }
    assert set(dashboard_page) == set(expected)
    for figure, rows in expected.items():
        drawn = dashboard_page[figure]
        total = sum(v or 0 for d in drawn["datasets"] for v in d["data"])  # null: no data
        assert rows, figure
        assert total == pytest.approx(_total(rows, columns[figure])), figure
        table = browser.find_elements(By.CSS_SELECTOR, f"#table-{figure} tbody tr")
        assert len(table) == len(rows), figure
        link = browser.find_element(By.CSS_SELECTOR, f"#fig-{figure} figcaption a")
        assert "/api/queries/" in link.get_attribute("href"), figure
    # adoption: a bar per building block, also those nobody adopted, against its target, with
    # N (the target population) and any deadline in its label
    adoption = dashboard_page["adoption"]
    assert len(adoption["labels"]) == len(expected["adoption"]) == 31
    assert [d["label"] for d in adoption["datasets"]] == [
        figures.COLUMN_NAMES["percentage"],
        figures.COLUMN_NAMES["targetPercentage"],
    ]
    fsc = next(r for r in expected["adoption"] if r["buildingBlock"] == BOUWSTEEN + "fsc")
    assert (
        f"{fsc['name']} (N = {fsc['targetPopulation']}; doel 50 % vóór 2027-12-31)"
        in adoption["labels"]
    )
    by_type = dashboard_page["adoption-by-type"]
    assert {d["label"] for d in by_type["datasets"]} >= {"gemeente", "ministerie"}
    # a percentage axis runs 0-100 and says %; every value axis says what it counts
    for figure in ("adoption", "adoption-by-type", "suppliers"):
        axis = dashboard_page[figure]["axes"]["x"]
        assert (axis["min"], axis["max"]) == (0, 100) and "%" in axis["title"], figure
    for figure in ("deviations", "trend", "legacy", "investment"):
        assert dashboard_page[figure]["axes"]["y"]["title"], figure
    assert dashboard_page["investment"]["axes"]["y1"]["title"] == "organisaties"
    # adoption: each bar's value beside it, 0 % too (building blocks nobody adopted)
    assert {"0 %", "50 %"} <= set(adoption["written"])
    deviations = dashboard_page["deviations"]
    assert {d["label"] for d in deviations["datasets"]} == {"verklaard", "onverklaard"}
    assert all(label.endswith((" · Violation", " · Warning")) for label in deviations["labels"])
    full_page_screenshot(browser, "dashboard.png")


def test_a_table_names_each_concept_once_and_links_its_iri(browser, site, dashboard_page):
    def texts(selector: str) -> list[str]:
        found = browser.find_elements(By.CSS_SELECTOR, selector)
        return [element.get_attribute("textContent").strip() for element in found]

    headers = texts("#table-adoption thead th")
    assert headers[0] == figures.COLUMN_NAMES["buildingBlock"] and "naam" not in headers
    assert "soort bewijs" in headers
    first = browser.find_element(By.CSS_SELECTOR, "#table-adoption tbody tr td a")
    assert first.get_attribute("href").startswith(site + "/doc/bouwsteen/")
    names = {r["name"] for r in answer(site, "kpi-adoption-rate")}
    assert first.get_attribute("textContent") in names  # the name, not the IRI


def test_the_dashboard_figure_links_answer(browser, site, dashboard_page):
    href = browser.find_element(By.CSS_SELECTOR, "#fig-adoption figcaption a").get_attribute("href")
    with urllib.request.urlopen(
        urllib.request.Request(href, headers={"Accept": "text/csv"}), timeout=60
    ) as response:
        assert response.status == 200
        assert response.read().decode().startswith("buildingBlock,name,targetPopulation")


def _picture_nodes(browser) -> set[str]:
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return window.ndsgraphPicture !== undefined")
    )
    return set(browser.execute_script("return window.ndsgraphPicture.nodes().map(n => n.id())"))


def test_keyboard_reaches_the_skip_link_and_the_picture_form(browser, site, dashboard_page):
    browser.get(site + "/dashboard")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    select = browser.find_element(By.ID, "picture-block")
    select.send_keys(Keys.END)
    select.send_keys(Keys.TAB)
    button = browser.switch_to.active_element
    assert button.get_attribute("type") == "submit"
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: "/picture?uri=" in d.current_url)
    assert _picture_nodes(browser)


@pytest.mark.parametrize(
    "path",
    ["/dashboard", f"/picture?uri={BOUWSTEEN}nlx", f"/picture?uri={ALMERE}", "/queries"],
)
def test_pages_have_no_wcag_violations(browser, site, path):
    browser.get(site + path)
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    assert axe_violations(browser) == []
