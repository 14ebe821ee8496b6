"""Measured adoption of the standards (kpi-standard-adoption.rq and its trend) on a fixture of
measurements whose answers were computed by hand (tests/data/standard-adoption.trig): as a
query, in `ndsgraph kpi` and on the dashboard."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from ndsgraph_server import create_app, figures

from ndsgraph.register import kpi
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import GraphContent, OxigraphStore, Store, bundled

from .conftest import DATA, ROOT
from .test_cli import ndsgraph

MEASUREMENTS = DATA / "standard-adoption.trig"
FAILING_API = DATA / "standard-adoption-failing-api.trig"  # REST-API Design Rules at 0 %
STANDARD = "https://w3id.org/ndsgraph/id/standaard/"
TYPE = "https://w3id.org/ndsgraph/id/begrip/organisatietype/"

# By hand, from the latest measurement of each domain (or API) and standard. An organisation
# conforms when every one of its measured domains does: measured, conforming, percentage.
# Now (b2 on 2025-11-01, the API register on 2025-11-15):
# - DNSSEC, gemeenten: gm1 (web1 voldoet in b1, mail1 voldoet in b2), gm2 (web2 voldoet in b1),
#   gm3 (web3 voldoet niet in b2): 3 measured, 2 conform, 2/3 = 66.7 %.
# - DNSSEC, provincies: pv1 (webp1 voldoet in b1): 1, 1, 100 %; pv2 measured for HTTPS only.
# - HTTPS en HSTS, gemeenten: gm1 (b1), gm2 (web2 now voldoet, b2), gm3 (b1): 3, 3, 100 %.
# - HTTPS en HSTS, provincies: pv1 (voldoet niet, b2), pv2 (voldoet, b2): 2, 1, 50 %.
# - security.txt, gemeenten: only gm1 is measured (voldoet in b2): 1, 1, 100 %; gm2 and gm3
#   are not counted, their domains were not measured for it.
# - security.txt, provincies: pv1 (voldoet, b1): 1, 1, 100 %.
# - OpenAPI Specification, provincies: pv2's API (voldoet, register): 1, 1, 100 %.
NOW = {
    ("dnssec", "gemeente"): (3, 2, 66.7),
    ("dnssec", "provincie"): (1, 1, 100.0),
    ("https-en-hsts", "gemeente"): (3, 3, 100.0),
    ("https-en-hsts", "provincie"): (2, 1, 50.0),
    ("security-txt", "gemeente"): (1, 1, 100.0),
    ("security-txt", "provincie"): (1, 1, 100.0),
    ("openapi-specification", "provincie"): (1, 1, 100.0),
}
# As of b1 (2025-05-01 up to the day before b2), before the verdicts changed:
# - DNSSEC, gemeenten: gm1 fails (mail1 voldoet niet), gm2 conforms, gm3 fails: 3, 1, 33.3 %.
# - HTTPS en HSTS, gemeenten: gm2 fails (web2), gm1 and gm3 conform: 3, 2, 66.7 %.
# - HTTPS en HSTS, provincies: pv1 fails, pv2 not yet measured: 1, 0, 0 %.
# - security.txt, gemeenten: gm1 fails (web1): 1, 0, 0 %.
# - DNSSEC and security.txt at provincies as now; no API measured yet.
AS_OF_B1 = {
    ("dnssec", "gemeente"): (3, 1, 33.3),
    ("dnssec", "provincie"): (1, 1, 100.0),
    ("https-en-hsts", "gemeente"): (3, 2, 66.7),
    ("https-en-hsts", "provincie"): (1, 0, 0.0),
    ("security-txt", "gemeente"): (1, 0, 0.0),
    ("security-txt", "provincie"): (1, 1, 100.0),
}
MEASURED_BY_INTERNET_NL = {k: v for k, v in NOW.items() if k[0] != "openapi-specification"}


def load_measurements(store: Store, path: Path = MEASUREMENTS) -> None:
    """A fixture's graphs (by default: organisations, two internet.nl batches, an API register
    export)."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=path, format=ox.RdfFormat.TRIG):
        by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    store.replace_graphs({g: GraphContent(triples) for g, triples in by_graph.items()})


def measured_store() -> OxigraphStore:
    """The fixture with the names of the standards and organisation types it refers to."""
    store = OxigraphStore()
    bundled.load_file(store, ROOT / "data" / "standards.ttl", "https://example.org/standards")
    bundled.load_file(store, ROOT / "ontology" / "vocabularies.ttl", "https://example.org/voc")
    load_measurements(store)
    return store


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return measured_store()


def figures_of(result: kpi.KpiResult) -> dict[tuple[str, str], tuple[int, int, float]]:
    """(standard, organisation type) -> (measured, conforming, percentage), by short names."""
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return {
        (r["standard"].removeprefix(STANDARD), r["organisationType"].removeprefix(TYPE)): (
            int(r["measured"]),
            int(r["conforming"]),
            float(r["percentage"]),
        )
        for r in rows
    }


def test_adoption_counts_organisations_all_of_whose_latest_measured_domains_conform(store):
    [now] = kpi.standards(store)
    assert figures_of(now) == NOW
    assert now.columns == [
        "standard",
        "standardName",
        "organisationType",
        "organisationTypeName",
        "evidence",
        "evidenceName",
        "measured",
        "conforming",
        "percentage",
    ]
    names = {(row[1], row[3], row[5]) for row in now.rows}
    assert ("HTTPS en HSTS", "gemeente", "gemeten") in names
    assert ("OpenAPI Specification", "provincie", "uit een register") in names  # not "gemeten"


@pytest.mark.parametrize("standard", sorted({standard for standard, _ in NOW}))
def test_one_standards_adoption_written_into_the_query_is_its_rows_of_the_whole(store, standard):
    """A standard's page writes its IRI into the query (``inlined``), also where subqueries,
    nested ones too, project ``?standard``: the same rows as the whole query's of it."""
    text = queries.stored("kpi-standard-adoption").text
    as_rows = lambda result: sorted(tuple(map(str, row)) for row in result)  # noqa: E731
    iri = STANDARD + standard
    whole = [row for row in as_rows(store.query(text)) if row[0] == f"<{iri}>"]
    assert whole and as_rows(store.query(sparql_text.inlined(text, "standard", iri))) == whole


@pytest.mark.parametrize("at", ["2025-05-01", "2025-10-31", "2025-10-31T23:00"])
def test_adoption_as_of_a_date_uses_the_latest_measurement_on_or_before_it(store, at):
    [then] = kpi.standards(store, at)
    assert figures_of(then) == AS_OF_B1
    assert then.parameters == {"at": at[:10]}


def test_adoption_before_the_first_batch_has_no_rows(store):
    [before] = kpi.standards(store, "2025-04-30")
    assert before.rows == []


def test_adoption_of_one_kind_of_evidence_leaves_the_other_out(store):
    measured = kpi.result(store, "kpi-standard-adoption", {"evidenceKind": "gemeten"})
    assert figures_of(measured) == MEASURED_BY_INTERNET_NL
    registered = kpi.result(store, "kpi-standard-adoption", {"evidenceKind": "register"})
    assert figures_of(registered) == {("openapi-specification", "provincie"): (1, 1, 100.0)}


def test_the_trend_gives_each_standard_as_of_its_own_batch_dates_only(store):
    trend = kpi.result(store, "kpi-standard-adoption-trend")
    dates = [row[0] for row in trend.rows]
    assert dates == sorted(dates)  # oldest first
    per_date = {
        date: kpi.KpiResult(
            trend.title,
            trend.query,
            {},
            trend.columns[1:],
            [row[1:] for row in trend.rows if row[0] == date],
        )
        for date in dict.fromkeys(dates)
    }
    assert list(per_date) == ["2025-05-01", "2025-11-01", "2025-11-15"]
    assert figures_of(per_date["2025-05-01"]) == AS_OF_B1
    assert figures_of(per_date["2025-11-01"]) == MEASURED_BY_INTERNET_NL
    # the API register's date is OpenAPI's only; no internet.nl standard has a point on it
    assert figures_of(per_date["2025-11-15"]) == {
        ("openapi-specification", "provincie"): (1, 1, 100.0)
    }
    dnssec = kpi.result(
        store, "kpi-standard-adoption-trend", {"measuredStandard": STANDARD + "dnssec"}
    )
    assert {row[1] for row in dnssec.rows} == {STANDARD + "dnssec"}
    assert [row for row in trend.rows if row[1] == STANDARD + "dnssec"] == dnssec.rows


def test_kpi_prints_the_measured_adoption_with_names_not_iris(tmp_path):
    store = tmp_path / "store"
    assert ndsgraph("load", store=store).returncode == 0
    loaded = ndsgraph("load", str(MEASUREMENTS), store=store)
    assert loaded.returncode == 0, loaded.stderr
    printed = ndsgraph("kpi", "standards", store=store)
    assert printed.returncode == 0, printed.stderr
    assert "kpi-standard-adoption.rq" in printed.stdout
    lines = printed.stdout.splitlines()
    assert printed.stdout.startswith(
        "== Adoptie van de standaarden per organisatietype, gemeten en uit registers"
    )
    # the names, under their columns' names as the dashboard heads them (they were the
    # query's English names under a Dutch title)
    assert re.split(r" {2,}", lines[2].strip()) == [
        "standaard",
        "organisatietype",
        "soort bewijs",
        "gemeten (N organisaties)",
        "voldoen (organisaties)",
        "voldoet (% van de gemeten organisaties)",
    ]
    # DNSSEC at gemeenten: 3 measured, 2 conform (see NOW); OpenAPI from the API register
    assert any(
        line.split() == ["DNSSEC", "gemeente", "gemeten", "3", "2", "66,7"] for line in lines
    )
    assert any(
        line.split()[:5] == ["OpenAPI", "Specification", "provincie", "uit", "een"]
        for line in lines
    )
    assert "https://" not in printed.stdout.split("\n", 2)[2]  # no IRIs in the table
    english = ndsgraph("kpi", "standards", "--lang", "en", store=store).stdout.splitlines()
    assert english[0] == (
        "== Adoption of the standards per organisation type, measured and from registers"
    )
    assert re.split(r" {2,}", english[2].strip()) == [
        "standard",
        "organisation type",
        "kind of evidence",
        "measured (N organisations)",
        "conform (organisations)",
        "conform (% of the organisations measured)",
    ]
    as_of = ndsgraph("kpi", "standards", "--at", "2025-06-30", store=store)
    assert any(
        line.split() == ["DNSSEC", "gemeente", "gemeten", "3", "1", "33,3"]
        for line in as_of.stdout.splitlines()
    )


def figure_data(page: str) -> dict[str, dict]:
    """The figures the dashboard page hands its script, by id."""
    embedded = re.search(r'<script id="figure-data" type="application/json">(.*?)</script>', page)
    assert embedded, "the dashboard embeds no figure data"
    return {figure["id"]: figure for figure in json.loads(embedded.group(1))}


class Tables(HTMLParser):
    """The page's tables by id: header texts, and rows of (text, link or None) cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list]] = {}
        self.table: dict[str, list] | None = None
        self.cell: list[str] | None = None
        self.link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if tag == "table":
            self.table = self.tables.setdefault(given.get("id") or "", {"headers": [], "rows": []})
        elif self.table is not None and tag == "tr":
            self.table["rows"].append([])
        elif self.table is not None and tag in ("th", "td"):
            self.cell, self.link = [], None
        elif self.cell is not None and tag == "a":
            self.link = given.get("href")

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.table is None or self.cell is None or tag not in ("th", "td"):
            return
        text = "".join(self.cell).strip()
        if tag == "th":
            self.table["headers"].append(text)
        else:
            self.table["rows"][-1].append((text, self.link))
        self.cell = None


def tables(page: str) -> dict[str, dict[str, list]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


@pytest.fixture(scope="module")
def failing_api_store() -> OxigraphStore:
    """The fixture plus a later API register export in which REST-API Design Rules is 0 %."""
    store = measured_store()
    load_measurements(store, FAILING_API)
    return store


def test_the_dashboard_shows_adoption_per_type_and_evidence_and_its_trend_linked_to_the_queries(
    store,
):
    page = create_app(store).test_client().get("/dashboard").text
    assert figures.NO_MEASUREMENTS[0] not in page
    drawn = figure_data(page)
    standards = drawn["standards"]
    assert 'id="chart-standards"' in page and len(standards["rows"]) == len(NOW)
    # standard, type, kind of evidence and N in each bar's label; the bars coloured by evidence
    assert "DNSSEC · gemeente · gemeten (N = 3)" in standards["categories"]
    assert "OpenAPI Specification · provincie · uit een register (N = 1)" in standards["categories"]
    assert standards["chart"]["series"] == "evidence"
    assert {row[standards["columns"].index("evidence")] for row in standards["rows"]} == {
        "gemeten",
        "uit een register",
    }  # series named, not IRIs
    assert standards["names"]["percentage"] == figures.CONFORMING[0]
    assert 'href="/api/queries/kpi-standard-adoption"' in page
    for standard in ("dnssec", "https-en-hsts", "security-txt", "openapi-specification"):
        trend = drawn[f"standards-trend-{standard}"]
        assert trend["chart"]["kind"] == "line" and trend["categories"] == sorted(
            trend["categories"]
        )
        link = "/api/queries/kpi-standard-adoption-trend?measuredStandard=" + quote(
            STANDARD + standard, safe=""
        )
        assert f'href="{link}"' in page
        linked = kpi.result(
            store, "kpi-standard-adoption-trend", {"measuredStandard": STANDARD + standard}
        )
        assert len(trend["rows"]) == len(linked.rows)  # the figure draws what its link answers
    assert drawn["standards-trend-dnssec"]["categories"] == [
        "2025-05-01",
        "2025-05-01",
        "2025-11-01",
        "2025-11-01",
    ]  # gemeenten and provincies at DNSSEC's batch dates, not at the API register's
    assert drawn["standards-trend-dnssec"]["title"] == "Adoptie van DNSSEC per meetronde (gemeten)"
    assert (
        drawn["standards-trend-openapi-specification"]["title"]
        == "Adoptie van OpenAPI Specification per meetronde (uit een register)"
    )


def test_every_percentage_chart_runs_from_0_to_100_and_says_percent(failing_api_store):
    drawn = figure_data(create_app(failing_api_store).test_client().get("/dashboard").text)
    zero = drawn["standards-trend-rest-api-design-rules"]  # 0 % at its one batch date
    assert [row[zero["columns"].index("percentage")] for row in zero["rows"]] == ["0"]
    percent = [figure for figure in drawn.values() if "percentage" in figure["chart"]["values"]]
    assert {figure["id"] for figure in percent} >= {
        "standards",
        *(f for f in drawn if "-trend-" in f),
    }
    for figure in percent:
        assert figure["chart"]["percent"], figure["id"]
        assert "%" in figure["chart"]["axis"], figure["id"]
    trends = [figure for figure in drawn.values() if figure["id"].startswith("standards-trend-")]
    assert all(figure["chart"]["time"] and figure["chart"]["count"] for figure in trends)
    assert drawn["standards"]["chart"]["show_values"]  # a 0 % bar says 0 %


def test_a_trend_has_only_the_dates_of_its_own_standard(failing_api_store):
    drawn = figure_data(create_app(failing_api_store).test_client().get("/dashboard").text)
    assert set(drawn["standards-trend-dnssec"]["categories"]) == {"2025-05-01", "2025-11-01"}
    assert drawn["standards-trend-openapi-specification"]["categories"] == ["2025-11-15"]
    assert drawn["standards-trend-rest-api-design-rules"]["categories"] == ["2025-12-01"]


def test_the_standards_table_has_one_column_per_concept_named_in_dutch_and_linked(
    failing_api_store,
):
    page = create_app(failing_api_store).test_client().get("/dashboard").text
    table = tables(page)["table-standards"]
    assert table["headers"] == [
        "standaard",
        "organisatietype",
        "soort bewijs",
        "gemeten (N organisaties)",
        "voldoen (organisaties)",
        figures.CONFORMING[0],
    ]
    rows = [row for row in table["rows"] if row]
    assert len(rows) == len(NOW) + 1
    rest = next(row for row in rows if row[0][0] == "REST-API Design Rules")
    assert rest == [
        ("REST-API Design Rules", "/doc/standaard/rest-api-design-rules"),
        ("provincie", "/doc/begrip/organisatietype/provincie"),
        ("uit een register", "/doc/begrip/bewijs/register"),
        ("1", None),
        ("0", None),
        ("0", None),
    ]  # 0 % is in the table as 0, not left out
    assert not any(text.startswith("https://") for row in rows for text, _ in row)


def test_every_dashboard_table_header_is_a_dutch_name_not_a_column(failing_api_store):
    """Also of the figures without rows here: a query's columns do not depend on its rows."""
    for figure in figures.figures(failing_api_store):
        headers, _ = figure.table()
        assert not set(headers) & set(figure.result.columns), figure.id


def test_the_dashboard_says_in_one_line_that_nothing_is_measured_yet():
    empty = OxigraphStore()
    bundled.load_file(empty, ROOT / "ontology" / "vocabularies.ttl", "https://example.org/voc")
    page = create_app(empty).test_client().get("/dashboard").text
    assert figures.NO_MEASUREMENTS[0] in page
    assert 'id="chart-standards"' not in page and "chart-standards-trend" not in page
