"""The KPIs on a fixture whose answers were computed by hand (see tests/data/kpi.ttl)."""

from datetime import date

from ndsgraph import register, validation
from ndsgraph.register import kpi
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.validation import frameworks

from .conftest import DATA

KPI_GRAPH = "https://example.org/graph/kpi"
X = "https://example.org/kpi/X"


def kpi_store() -> OxigraphStore:
    store = OxigraphStore()
    bundled.load_file(store, DATA / "kpi.ttl", KPI_GRAPH)
    return store


def rows(result: kpi.KpiResult) -> list[dict[str, str]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_adoption_rate_is_in_production_over_the_target_population_for_every_block():
    overall, _ = kpi.adoption(kpi_store())
    by_block = {r["buildingBlock"].rsplit("/", 1)[1]: r for r in rows(overall)}
    assert set(by_block) == {"X", "Y", "Z"}  # also the blocks nobody adopted
    x, y, z = by_block["X"], by_block["Y"], by_block["Z"]
    assert (x["targetPopulation"], x["inProduction"], float(x["percentage"])) == ("4", "2", 50.0)
    assert (float(x["targetShare"]), float(x["targetPercentage"]), x["targetDate"]) == (
        0.75,
        75.0,
        "2027-12-31",
    )
    assert (x["steeringAssumption"], y["steeringAssumption"]) == ("true", "false")
    assert (y["targetPopulation"], y["inProduction"], float(y["percentage"])) == ("3", "0", 0.0)
    assert (y["targetShare"], y["targetDate"]) == ("", "")
    assert (z["targetPopulation"], z["percentage"]) == ("0", "")  # no target: no rate
    assert overall.source.endswith("kpi-adoption-rate.rq")


def test_adoption_rate_per_organisation_type_of_the_target_population():
    _, by_type = kpi.adoption(kpi_store())
    per_type = {
        (r["buildingBlock"].rsplit("/", 1)[1], r["organisationType"].rsplit("/", 1)[1]): r
        for r in rows(by_type)
    }
    assert set(per_type) == {("X", "gemeente"), ("X", "provincie"), ("Y", "gemeente")}
    gemeenten, provincies = per_type["X", "gemeente"], per_type["X", "provincie"]
    assert (gemeenten["targetPopulation"], float(gemeenten["percentage"])) == ("3", 33.3)
    assert (provincies["targetPopulation"], provincies["inProduction"]) == ("1", "1")
    assert float(provincies["percentage"]) == 100.0
    assert gemeenten["targetDate"] == "2027-12-31"
    assert float(per_type["Y", "gemeente"]["percentage"]) == 0.0


def test_variants_per_function_and_their_reduction_between_runs():
    store = kpi_store()
    now, nothing_yet = kpi.variants(store)
    assert nothing_yet.rows == []  # no run has counted variants yet
    [case] = [
        r
        for r in rows(now)
        if r["function"].endswith("/zaakregistratie")
        and r["organisationType"].endswith("/gemeente")
    ]
    assert (case["variants"], case["organisations"]) == ("4", "3")
    assert (case["suppliers"], case["products"]) == ("2", "1")

    no_frameworks = []  # the run itself only needs to record the variant counts
    first = validation.validate(*validation.read_files([DATA / "kpi.ttl"]), chosen=no_frameworks)
    earlier, _ = register.record(
        store, register.Judgement(first, variants=register.variants(store))
    )
    store.update(
        "DELETE DATA { GRAPH <https://example.org/graph/kpi> { "
        "<https://example.org/kpi/app2> <https://w3id.org/ndsgraph/def/supplier> <https://example.org/kpi/B> } } ;"
        "INSERT DATA { GRAPH <https://example.org/graph/kpi> { "
        "<https://example.org/kpi/app2> <https://w3id.org/ndsgraph/def/supplier> <https://example.org/kpi/A> } }"
    )
    later = validation.validate(*validation.read_files([DATA / "kpi.ttl"]), chosen=no_frameworks)
    register.record(store, register.Judgement(later, variants=register.variants(store)))
    _, change = kpi.variants(store, since=earlier.iri)
    [case] = [
        r
        for r in rows(change)
        if r["function"].endswith("/zaakregistratie")
        and r["organisationType"].endswith("/gemeente")
    ]
    assert (case["before"], case["after"], case["change"]) == ("4", "3", "-1")
    assert "from=" in change.source
    _, from_the_first_run = kpi.variants(store)  # by default: since the first run
    assert [row[1:] for row in from_the_first_run.rows] == [row[1:] for row in change.rows]
    _, up_to_the_first_run = kpi.variants(store, since=earlier.iri, until=earlier.iri)
    assert "to=" in up_to_the_first_run.source  # the span ends where it was asked to
    assert {r["change"] for r in rows(up_to_the_first_run)} == {"0"}


def test_deviation_counts_per_framework_rule_severity_and_explanation():
    store = OxigraphStore()
    data, digest = validation.read_files([DATA / "frameworks" / "deviations.ttl"])
    data += validation.reference_context()
    outcome = validation.validate(
        data, digest, chosen=frameworks.select(["exit-by-design"]), reference_date=date(2026, 6, 1)
    )
    register.record(store, register.Judgement(outcome))
    [counts] = kpi.deviations(store)
    by_explained = {
        r["explained"]: int(r["findings"])
        for r in rows(counts)
        if r["rule"].endswith("/exitclausule")
    }
    assert by_explained == {"true": 1, "false": 3}


def test_trend_counts_violations_and_warnings_apart_and_their_unexplained_ones():
    store = OxigraphStore()
    for fixture, framework in [
        ("deviations", "exit-by-design"),
        ("core-integrity-invalid", "core-integrity"),
    ]:
        data, digest = validation.read_files([DATA / "frameworks" / f"{fixture}.ttl"])
        data += validation.reference_context()
        chosen = frameworks.select([framework])
        judged = validation.validate(data, digest, chosen=chosen, reference_date=date(2026, 6, 1))
        register.record(store, register.Judgement(judged))
    trend = rows(kpi.result(store, "kpi-trend"))
    counts = [
        (r["violations"], r["warnings"], r["unexplainedViolations"], r["unexplainedWarnings"])
        for r in trend
    ]
    # exit clauses: 4 violations, 1 explained; core integrity: 6 violations (2 of them an
    # organisation the reference data does not know), 9 warnings (1 adoption without
    # production date, 8 about incomplete target populations), none explained
    assert counts == [("4", "0", "3", "0"), ("6", "9", "6", "9")]


def test_the_table_people_read_names_each_building_block_once():
    """The building block is shown by its name, so the query's ``name`` beside it (which the
    dashboard reads as the first column's name) is not a second column of the same names."""
    store = kpi_store()
    results = list(kpi.adoption(store))
    assert results
    for result in results:
        for language, name in (("nl", "naam"), ("en", "name")):
            shown = result.named(store, language).shown(language)
            assert name not in shown.columns and shown.rows, shown.columns
            assert all(len(row) == len(shown.columns) for row in shown.rows)


def test_the_table_people_read_writes_numbers_and_dates_in_its_language():
    """`ndsgraph kpi --lang nl` printed 17.9 and 2027-12-31; a person reading Dutch reads a
    decimal comma and the date written out. The named table (a CSV's) keeps the query's
    values, for scripts."""
    store = kpi_store()
    overall = kpi.adoption(store)[0]
    for language, share, deadline in (
        ("nl", "0,75", "31 december 2027"),
        ("en", "0.75", "31 December 2027"),
    ):
        named = overall.named(store, language)
        x = next(row for row in named.shown(language).rows if row[0].endswith("X"))
        assert share in x and deadline in x, x
        x = next(row for row in named.rows if row[0] == X)
        assert "0.75" in x and "2027-12-31" in x, x
