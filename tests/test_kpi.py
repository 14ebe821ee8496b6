"""The KPIs on a fixture whose answers were computed by hand (see tests/data/kpi.ttl)."""

from datetime import date

from ndsgraph import bundled, frameworks, kpi, register, validation
from ndsgraph.store import OxigraphStore

from .conftest import DATA

KPI_GRAPH = "https://example.org/graph/kpi"
X = "https://example.org/kpi/X"


def kpi_store() -> OxigraphStore:
    store = OxigraphStore()
    bundled.load_file(store, DATA / "kpi.ttl", KPI_GRAPH)
    return store


def rows(result: kpi.KpiResult) -> list[dict[str, str]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_adoption_rate_overall_and_per_organisation_type():
    overall, by_type = kpi.adoption(kpi_store())
    [x] = [r for r in rows(overall) if r["buildingBlock"] == X]
    assert (x["intended"], x["inProduction"], float(x["percentage"])) == ("4", "2", 50.0)
    per_type = {
        r["organisationType"].rsplit("/", 1)[1]: r for r in rows(by_type) if r["buildingBlock"] == X
    }
    assert float(per_type["gemeente"]["percentage"]) == 33.3
    assert (per_type["provincie"]["intended"], float(per_type["provincie"]["percentage"])) == (
        "1",
        100.0,
    )
    assert overall.source.endswith("kpi-adoption-rate.rq")


def test_variants_per_function_and_their_reduction_between_runs():
    store = kpi_store()
    [now] = kpi.variants(store)
    [case] = [
        r
        for r in rows(now)
        if r["function"].endswith("/zaakregistratie")
        and r["organisationType"].endswith("/gemeente")
    ]
    assert (case["variants"], case["organisations"]) == ("3", "2")

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
    assert (case["before"], case["after"], case["change"]) == ("3", "2", "-1")
    assert "from=" in change.source
    _, from_the_first_run = kpi.variants(store)  # by default: since the first run
    assert from_the_first_run.rows == change.rows


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
