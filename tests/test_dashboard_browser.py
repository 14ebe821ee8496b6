"""The dashboard and the dependency pictures in Debian's headless Chromium against a live
server with the example landscape: every chart draws what its stored query answers, in
Dutch (English on request) with names, not variable names or IRIs, readable dates and each
share's N; a building block's picture has exactly the nodes of its stored queries, a click
opens the node's page, and axe-core finds no WCAG 2.1 A/AA violations. Screenshots go to
tests/artifacts/."""

import csv
import io
import re
import urllib.parse
import urllib.request

import pytest
from ndsgraph_server import figures
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from .browsing import answer, axe_violations, full_page_screenshot, shown_identifiers
from .conftest import ARTIFACTS

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


def open_dashboard(browser, site: str, language: str) -> dict[str, dict]:
    browser.get(f"{site}/dashboard?lang={language}")
    WebDriverWait(browser, 60).until(lambda d: len(charts(d)) == 7)
    return charts(browser)


@pytest.fixture(scope="module")
def dashboard_page(browser, site) -> dict[str, dict]:
    return open_dashboard(browser, site, "nl")


def dutch(value: str) -> str:
    """A number as the Dutch dashboard writes it: a decimal comma."""
    return value.replace(".", ",")


ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")


def named_by_type(site: str) -> list[dict[str, str]]:
    """kpi-adoption-rate-by-type's rows with the names beside the IRIs (its CSV)."""
    request = urllib.request.Request(
        f"{site}/api/queries/kpi-adoption-rate-by-type",
        headers={"Accept": "text/csv", "Accept-Language": "nl"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return list(csv.DictReader(io.StringIO(response.read().decode())))


def of_type(rows: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    """The rows of one organisation type, by its name: what a chart of that type draws."""
    return [row for row in rows if row["organisationTypeName"] == name]


def _total(rows: list[dict[str, str]], columns: tuple[str, ...]) -> float:
    return sum(float(row.get(c, 0) or 0) for row in rows for c in columns)


def test_every_chart_draws_its_stored_query_answer(browser, site, dashboard_page):
    runs = answer(site, "kpi-trend")  # whole-store runs, oldest first
    assert len(runs) >= 1  # `ndsgraph serve` validated the bundled data
    latest = runs[-1]["run"]
    expected = {
        "adoption": answer(site, "kpi-adoption-rate"),
        "adoption-by-type": of_type(named_by_type(site), "gemeente"),
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
        values = [
            v["y"] if isinstance(v, dict) else v for d in drawn["datasets"] for v in d["data"]
        ]
        total = sum(v or 0 for v in values)  # null: no data; a point on a time axis: {x, y}
        assert rows, figure
        assert total == pytest.approx(_total(rows, columns[figure])), figure
        table = browser.find_elements(By.CSS_SELECTOR, f"#table-{figure} tbody tr")
        tabled = answer(site, "kpi-adoption-rate-by-type") if figure == "adoption-by-type" else rows
        assert len(table) == len(tabled), figure  # the table holds every type
        link = browser.find_element(By.CSS_SELECTOR, f"#fig-{figure} figcaption a")
        assert "/api/queries/" in link.get_attribute("href"), figure
    # adoption: a bar per building block, also those nobody adopted, its share of the target
    # population as the stored query answers it, the target marked, with its deadline
    adoption = dashboard_page["adoption"]
    assert len(adoption["labels"]) == len(expected["adoption"]) == 32
    assert [d["label"] for d in adoption["datasets"]] == [
        figures.COLUMN_NAMES["percentage"][0],
        figures.COLUMN_NAMES["targetPercentage"][0],
    ]
    shares, targets = (d["data"] for d in adoption["datasets"])
    assert shares == [float(r["percentage"]) for r in expected["adoption"]]
    assert targets == [
        float(r["targetPercentage"]) if r.get("targetPercentage") else None
        for r in expected["adoption"]
    ]
    fsc = next(r for r in expected["adoption"] if r["buildingBlock"] == BOUWSTEEN + "fsc")
    assert f"{fsc['name']} (doel 50 % vóór 31 december 2027)" in adoption["labels"]
    by_type = dashboard_page["adoption-by-type"]  # the type with the most rows until chosen
    assert [d["label"] for d in by_type["datasets"]] == ["gemeente"]
    # a percentage axis runs 0-100 and says %; every value axis says what it counts
    for figure in ("adoption", "adoption-by-type", "suppliers"):
        axis = dashboard_page[figure]["axes"]["x"]
        assert (axis["min"], axis["max"]) == (0, 100) and "%" in axis["title"], figure
    for figure in ("deviations", "trend", "legacy", "investment"):
        assert dashboard_page[figure]["axes"]["y"]["title"], figure
    assert dashboard_page["investment"]["axes"]["y1"]["title"] == (
        "organisaties met initiatieven (aantal)"
    )
    # adoption: each bar's value beside it with its N, 0 % too (building blocks nobody adopted)
    for row in expected["adoption"]:
        share = (
            f"{dutch(row['percentage'])} % ({row['inProduction']} van {row['targetPopulation']})"
        )
        assert share in adoption["written"], row["name"]
    deviations = dashboard_page["deviations"]
    assert {d["label"] for d in deviations["datasets"]} == {"verklaard", "onverklaard"}
    assert all(
        label.endswith((" · overtreding", " · waarschuwing")) for label in deviations["labels"]
    )
    full_page_screenshot(browser, "dashboard.png")


def test_each_share_shows_its_n(dashboard_page, site):
    by_type = dashboard_page["adoption-by-type"]
    shares = of_type(named_by_type(site), "gemeente")
    for row in shares:
        share = (
            f"{dutch(row['percentage'])} % ({row['inProduction']} van {row['targetPopulation']})"
        )
        assert share in by_type["written"], row
    suppliers = dashboard_page["suppliers"]
    top = sorted(answer(site, "supplier-concentration"), key=lambda r: -float(r["percentage"]))
    for row in top[: figures.TOP_SUPPLIER_SHARES]:
        share = f"{dutch(row['percentage'])} % ({row['organisations']} van {row['total']})"
        assert share in suppliers["written"], row
    assert all("https://" not in label for label in suppliers["labels"])  # named, not IRIs


def test_adoption_by_type_draws_the_chosen_type_at_a_readable_height(browser, site):
    """It drew every type at once: about 4,300 px tall."""
    rows = named_by_type(site)
    open_dashboard(browser, site, "nl")
    choice = Select(browser.find_element(By.ID, "choose-adoption-by-type"))
    names = [option.text for option in choice.options]
    assert names[0] == "gemeente" and set(names) == {r["organisationTypeName"] for r in rows}
    for name in names:
        choice.select_by_visible_text(name)
        drawn = charts(browser)["adoption-by-type"]
        chosen = of_type(rows, name)
        assert [d["label"] for d in drawn["datasets"]] == [name]
        assert sorted(drawn["labels"]) == sorted(r["buildingBlockName"] for r in chosen)
        for row in chosen:  # each share with its N, 0 % too
            n = f"({row['inProduction']} van {row['targetPopulation']})"
            assert f"{dutch(row['percentage'])} % {n}" in drawn["written"], row
        assert drawn["axes"]["x"]["title"] == "in productie (% van de organisaties van het type)"
        assert drawn["height"] <= 1000, name  # a screen's height, not metres
    choice.select_by_visible_text("ministerie")
    browser.set_window_size(1400, 1600)  # the figure whole in the window
    browser.find_element(By.ID, "fig-adoption-by-type").screenshot(
        str(ARTIFACTS / "dashboard-adoption-by-type-ministerie.png")
    )
    browser.set_window_size(1400, 1000)


def test_the_investment_is_bars_and_a_pm_year_does_not_break_its_total(dashboard_page, site):
    rows = answer(site, "investment-vs-adoption")
    sourcing = next(r for r in rows if r["part"].endswith("/it-sourcing-en-inkoop"))
    assert sourcing["pendingYears"] == "2" and float(sourcing["investment2026to2030"]) == 60
    drawn = dashboard_page["investment"]
    index = drawn["labels"].index("IT-sourcing en inkoop")
    assert drawn["datasets"][0]["data"][index] == 60
    assert "60 + PM" in drawn["written"]
    assert set(drawn["axes"]) == {"x", "y", "y1"}  # bars on two axes, no line across them
    assert drawn["datasets"][0]["label"] == "investering 2026-2030 (€ mln)"


def test_dates_on_axes_are_readable_not_iso_timestamps(dashboard_page, site):
    trend = dashboard_page["trend"]
    assert trend["axes"]["x"]["type"] == "linear"  # a time axis: each run at its moment
    ticks = [
        tick
        for drawn in dashboard_page.values()
        for a in drawn["axes"].values()
        for tick in a["ticks"]
    ]
    assert not [tick for tick in ticks if ISO_TIME.search(tick)]
    runs = answer(site, "kpi-trend")
    assert len(trend["axes"]["x"]["ticks"]) == len({r["time"] for r in runs})
    assert all(
        re.fullmatch(r"\d{1,2} \w{3} \d{4}( \d{2}:\d{2})?", t) for t in trend["axes"]["x"]["ticks"]
    )


def test_legends_and_axes_are_names_in_dutch_and_in_english_on_request(
    browser, site, dashboard_page
):
    columns = {
        c
        for name in ("kpi-adoption-rate", "kpi-trend", "investment-vs-adoption")
        for c in answer(site, name)[0]
    }
    columns |= {"findings", "organisations", "percentage", "systems"}

    def words(drawn: dict[str, dict]) -> set[str]:
        legends = {d["label"] for figure in drawn.values() for d in figure["datasets"]}
        axes = {a["title"] for figure in drawn.values() for a in figure["axes"].values()}
        return legends | axes - {""}

    dutch_words = words(dashboard_page)
    assert not dutch_words & columns  # no raw variable names
    assert {"in productie (% van de doelgroep)", "overtredingen", "verklaard"} <= dutch_words
    assert all(
        d["axes"][axis]["title"]
        for d in dashboard_page.values()
        for axis in ("x", "y")
        if axis in d["axes"] and d["axes"][axis]["type"] != "category"
    )
    english = open_dashboard(browser, site, "en")
    try:
        english_words = words(english)
        raw = {c for c in columns if figures.COLUMN_NAMES.get(c, (c, c))[1] != c}
        assert not english_words & raw  # "variants" is its own English name
        assert {
            "in production (% of the target population)",
            "violations",
            "explained",
        } <= english_words
        assert english_words & dutch_words == {"later"}  # the one word both languages share
        assert (
            "Federated Service Connectivity (FSC) (target 50% by 31 December 2027)"
            in english["adoption"]["labels"]
        )
        assert browser.find_element(By.TAG_NAME, "h1").text == "Progress"
        assert shown_identifiers(browser) == []
    finally:
        open_dashboard(browser, site, "nl")  # the language is remembered: back to Dutch


def test_the_dashboard_shows_names_not_identifiers(browser, site, dashboard_page):
    browser.get(site + "/dashboard?lang=nl")
    for details in browser.find_elements(By.TAG_NAME, "details"):
        browser.execute_script("arguments[0].open = true", details)
    assert shown_identifiers(browser) == []


def test_a_table_names_each_concept_once_and_links_its_iri(browser, site, dashboard_page):
    def texts(selector: str) -> list[str]:
        found = browser.find_elements(By.CSS_SELECTOR, selector)
        return [element.get_attribute("textContent").strip() for element in found]

    headers = texts("#table-adoption thead th")
    assert headers[0] == figures.COLUMN_NAMES["buildingBlock"][0] and "naam" not in headers
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
        assert (
            response.read()
            .decode()
            .startswith(
                "buildingBlock,buildingBlockName,name,targetPopulation"  # the IRI, then its name
            )
        )


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
