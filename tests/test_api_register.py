"""The API register's export imported (tests/data/api-register/apis.json, written by hand from
the register's OpenAPI description): data services of known organisations, the measurements
the register's facts amount to, unknown organisations reported, bad files refused whole."""

import json
import re
from datetime import date, timedelta

import pytest

from ndsgraph import register, validation
from ndsgraph.errors import InputError
from ndsgraph.importers import api_register
from ndsgraph.intake import organisations
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.validation import frameworks

from .commands import ndsgraph, one_line
from .conftest import DATA

FIXTURES = DATA / "api-register"
DAY = date(2026, 6, 1)
API = "https://w3id.org/ndsgraph/id/api/"
AMSTERDAM = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
UNKNOWN = "https://identifier.overheid.nl/tooi/id/gemeente/gm9998"
PREFIXES = """
PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def reference_store() -> OxigraphStore:
    """The bundled reference data (not the example landscape) and two applications of
    Amsterdam that depend on the register's APIs."""
    store = OxigraphStore()
    for source in bundled.bundled_sources():
        if not source.graph.endswith("/example-landscape"):
            bundled.load_file(store, source.path, source.graph)
    bundled.load_file(store, FIXTURES / "dependants.ttl", "https://example.org/graph/dependants")
    return store


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[OxigraphStore, api_register.Imported]:
    store = reference_store()
    data = (FIXTURES / "apis.json").read_bytes()
    home = tmp_path_factory.mktemp("home")
    return store, api_register.import_register(store, home, data, source="apis.json", day=DAY)


def select(store: OxigraphStore, where: str) -> list[dict[str, str]]:
    rows = store.query(f"{PREFIXES} SELECT * WHERE {{ {where} }}")
    names = [v.value for v in rows.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in rows]


def test_each_api_of_a_known_organisation_is_a_data_service_it_publishes(imported):
    store, outcome = imported
    rows = select(
        store,
        f"""GRAPH <{outcome.graph}> {{ ?api a dcat:DataService ; dct:title ?title ;
              dct:publisher ?publisher ; ndsg:organisation ?organisation ;
              ndsg:lifecyclePhase ?phase .
            OPTIONAL {{ ?api dcat:endpointDescription ?oas }}
            OPTIONAL {{ ?api dcat:landingPage ?docs }}
            OPTIONAL {{ ?api ndsg:endOfLife ?sunset }} }}""",
    )
    by_api = {row["api"].removeprefix(API): row for row in rows}
    assert set(by_api) == {"parkeerrechten-v2", "parkeerrechten-v1", "afvalkalender"}
    v1, v2 = by_api["parkeerrechten-v1"], by_api["parkeerrechten-v2"]
    assert v2["publisher"] == v2["organisation"] == AMSTERDAM
    assert v2["oas"] == "https://api.example.org/parkeerrechten/v2/openapi.json"
    assert v2["docs"] == "https://docs.example.org/parkeerrechten"
    assert v2["phase"].endswith("/status/in-productie")
    assert (v1["phase"].rsplit("/", 1)[1], v1["sunset"]) == ("uit-te-faseren", "2026-11-11")
    assert "oas" not in by_api["afvalkalender"]
    assert outcome.apis == 3


def test_an_openapi_document_and_the_adr_score_are_measurements_of_the_two_standards(imported):
    store, outcome = imported
    rows = select(
        store,
        f"""GRAPH <{outcome.graph}> {{ ?m a ndsg:Measurement ; ndsg:measuredSubject ?api ;
              ndsg:measuredStandard ?standard ; ndsg:verdict ?verdict ;
              ndsg:measuredOn ?on ; ndsg:organisation ?organisation ;
              prov:wasGeneratedBy [ a ndsg:MeasurementBatch ; ndsg:measuredOn ?on ] .
            OPTIONAL {{ ?m ndsg:failedTest ?failed }} }}""",
    )
    verdicts = {
        (
            row["api"].removeprefix(API),
            row["standard"].rsplit("/", 1)[1],
            row["verdict"].rsplit("/", 1)[1],
            row.get("failed"),
        )
        for row in rows
    }
    assert verdicts == {
        ("parkeerrechten-v2", "openapi-specification", "voldoet", None),
        ("parkeerrechten-v2", "rest-api-design-rules", "voldoet", None),
        ("parkeerrechten-v1", "openapi-specification", "voldoet", None),
        ("parkeerrechten-v1", "rest-api-design-rules", "voldoet-niet", "adrScore 72"),
    }  # the afvalkalender has neither an OpenAPI document nor a score: not measured
    assert {row["on"] for row in rows} == {"2026-06-01"}
    assert {row["organisation"] for row in rows} == {AMSTERDAM}
    assert outcome.measurements == 4


MEASURED_RULE = "https://w3id.org/ndsgraph/id/regel/pas-toe-of-leg-uit/gemeten-standaard"


def test_an_adr_score_below_100_is_a_finding_naming_the_score_and_100_is_none(imported):
    store, _ = imported
    _, found = register.judge_all(store)
    measured = [f for f in found if f.rule == MEASURED_RULE]
    assert [(f.subject, f.value, f.organisation) for f in measured] == [
        (API + "parkeerrechten-v1", api_register.ADR.value, AMSTERDAM)
    ]  # parkeerrechten-v2 scores 100; an OpenAPI document always conforms
    assert "adrScore 72" in measured[0].message_nl and "adrScore 72" in measured[0].message_en
    assert "Parkeerrechten API v1" in measured[0].message_en


def test_the_measured_standards_are_the_forum_standards_of_the_bundled_data(imported):
    store, _ = imported
    for standard in (api_register.OPENAPI, api_register.ADR):
        assert store.query(f"ASK {{ {standard} a <https://w3id.org/ndsgraph/def/Standard> }}")


def test_apis_of_organisations_not_in_the_graph_are_reported_and_left_out(imported):
    store, outcome = imported
    assert outcome.unknown_organisations == {UNKNOWN: 2}
    assert outcome.as_json()["skipped"] == 2
    assert not select(store, f"?s ?p <{UNKNOWN}>")
    assert not select(store, f"<{API}vergunningen> ?p ?o")


def test_apis_of_an_invented_organisation_or_a_supplier_are_left_out(tmp_path):
    store = reference_store()
    bundled.load_file(store, DATA / "invented-organisation.ttl", "https://example.org/graph/s")
    acme = "https://example.org/invented/acme"
    centric = "https://w3id.org/ndsgraph/id/leverancier/centric"
    records = [
        {
            "id": name,
            "title": name,
            "organisation": {"uri": uri},
            "adrScore": 100,
            "lifecycle": {"status": "active"},
        }
        for name, uri in (("a", acme), ("c", centric))
    ]
    outcome = api_register.import_register(
        store, tmp_path, json.dumps([*records, ONE_KNOWN]).encode(), source="x.json", day=DAY
    )
    assert (outcome.apis, outcome.unknown_organisations) == (1, {acme: 1, centric: 1})


ONE_KNOWN = {
    "id": "k",
    "title": "k",
    "organisation": {"uri": AMSTERDAM},
    "adrScore": 100,
    "lifecycle": {"status": "active"},
}


def test_an_export_of_only_unknown_organisations_keeps_the_previous_import(imported, tmp_path):
    store, _ = imported
    before = store.graph_ntriples(api_register.GRAPH_IRI)
    export = [{**ONE_KNOWN, "organisation": {"uri": UNKNOWN}}]
    with pytest.raises(InputError, match=f"none of its 1 APIs .*unknown: {UNKNOWN}.*stays"):
        api_register.import_register(
            store, tmp_path, json.dumps(export).encode(), source="x.json", day=DAY
        )
    assert store.graph_ntriples(api_register.GRAPH_IRI) == before


def test_an_export_older_than_the_one_held_is_refused_and_stores_nothing(imported, tmp_path):
    store, _ = imported
    before = store.graph_ntriples(api_register.GRAPH_IRI)
    older = DAY - timedelta(days=1)
    with pytest.raises(InputError, match=f"holds the export of {DAY}; an older export \\({older}"):
        api_register.import_register(
            store, tmp_path, json.dumps([ONE_KNOWN]).encode(), source="x.json", day=older
        )
    assert store.graph_ntriples(api_register.GRAPH_IRI) == before


class CountingStore(OxigraphStore):
    """A store that counts the queries asked of it."""

    asked = 0

    def query(self, sparql, **kwargs):
        self.asked += 1
        return super().query(sparql, **kwargs)


def test_the_organisations_of_an_export_are_checked_in_blocks_not_one_query_each():
    store = CountingStore()
    for source in bundled.bundled_sources():
        if source.graph.endswith("/organisations"):
            bundled.load_file(store, source.path, source.graph)
    named = {f"https://example.org/organisation/{i}" for i in range(1200)} | {AMSTERDAM}
    store.asked = 0
    assert organisations.known(store, named) == {AMSTERDAM: False}
    assert store.asked <= 3  # VALUES blocks of 500


def test_the_graph_names_its_source_date_and_kind_of_evidence(imported):
    store, outcome = imported
    [meta] = select(
        store,
        f"""GRAPH <{outcome.graph}> {{ <{outcome.graph}> dct:source ?source ;
              ndsg:evidenceKind ?kind ; prov:wasGeneratedBy [ ndsg:measuredOn ?on ] }}""",
    )
    assert meta == {
        "source": api_register.SOURCE,
        "kind": "https://w3id.org/ndsgraph/id/begrip/bewijs/register",
        "on": "2026-06-01",
    }
    assert outcome.graph == "https://w3id.org/ndsgraph/graph/register/api-register"


def test_a_dependency_on_a_deprecated_api_is_a_legacy_finding_with_its_sunset_date(imported):
    store, _ = imported
    _, found = register.judge_all(store)
    legacy = [f for f in found if f.rule.endswith("/legacy/verouderde-api")]
    assert [(f.subject, f.value, f.organisation) for f in legacy] == [
        ("https://example.org/api-register/parkeervergunning", API + "parkeerrechten-v1", AMSTERDAM)
    ]  # the application on the active v2 has none
    assert "2026-11-11" in legacy[0].message_nl and "2026-11-11" in legacy[0].message_en


def register_rows(store: OxigraphStore) -> set[tuple]:
    """The register in force: (subject, rule, value, explained, message)."""
    return {
        tuple(r[n].value if r[n] is not None else None for n in REGISTER_COLUMNS)
        for r in queries.run(store, queries.stored("register"))
    }


REGISTER_COLUMNS = ("subject", "rule", "value", "explained", "messageEn")


def test_an_import_judges_what_depends_on_its_apis_as_a_whole_store_run_would(tmp_path):
    store = reference_store()
    register.judge_all(store)  # the applications depend on APIs the store does not know yet
    data = (FIXTURES / "apis.json").read_bytes()
    api_register.import_register(store, tmp_path, data, source="apis.json", day=DAY)
    imported = register_rows(store)
    legacy = {r[:3] for r in imported if r[1].endswith("/legacy/verouderde-api")}
    assert legacy == {
        (
            "https://example.org/api-register/parkeervergunning",
            "https://w3id.org/ndsgraph/id/regel/legacy/verouderde-api",
            API + "parkeerrechten-v1",
        )
    }
    register.judge_all(store)
    assert imported == register_rows(store)


def test_every_engine_finds_the_dependency_on_the_deprecated_api_with_its_sunset_date():
    fixture = DATA / "frameworks" / "legacy-invalid.ttl"
    data, digest = validation.read_files([fixture])
    data += validation.reference_context()
    found = {}
    for engine in ("store", "turbo", "pyshacl"):
        outcome = validation.validate(
            data, digest, chosen=frameworks.select(["legacy"]), reference_date=DAY, engine=engine
        )
        [found[engine]] = [f for f in outcome.findings if f.rule.endswith("/verouderde-api")]
    assert {(f.subject, f.value, f.severity) for f in found.values()} == {
        (
            "https://example.org/fixture/app-on-old-api",
            "https://example.org/fixture/sunset-api",
            "Warning",
        )
    }
    assert all("(sunset: 2026-10-01)" in f.message_en for f in found.values())
    assert found["store"].message_en == (
        "Depends on the API https://example.org/fixture/sunset-api, which is deprecated "
        "(sunset: 2026-10-01): move to its successor or record a motivated deviation."
    )  # pyshacl-turbo fills in one language only (see test_frameworks)


@pytest.mark.parametrize(
    ("fixture", "place"),
    [
        ("malformed.json", "malformed.json: line 5, column 5: not JSON: Expecting ',' delimiter"),
        ("truncated.json", "truncated.json: line 16, column 87: not JSON: Unterminated string"),
        ("wrapped.json", "wrapped.json: expected a JSON array of API records"),
        ("bad-score.json", "bad-score.json: [0].adrScore: 120 is not a score from 0 to 100"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_place_and_stores_nothing(tmp_path, fixture, place):
    store = reference_store()
    before = store.graphs()
    with pytest.raises(InputError) as error:
        api_register.import_register(
            store, tmp_path, (FIXTURES / fixture).read_bytes(), source=fixture, day=DAY
        )
    assert str(error.value).startswith(place)
    assert "\n" not in str(error.value)
    assert store.graphs() == before
    assert not (tmp_path / "register.pending").exists()


def test_an_export_dated_after_tomorrow_is_refused_and_stores_nothing(tmp_path):
    store = reference_store()
    before = store.graphs()
    later = date.today() + timedelta(days=2)
    with pytest.raises(InputError, match=f"^date: {later.isoformat()} is in the future"):
        api_register.import_register(
            store, tmp_path, (FIXTURES / "apis.json").read_bytes(), source="apis.json", day=later
        )
    assert store.graphs() == before


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": None}, "[0].id: missing"),
        ({"id": 7}, "[0].id: expected a string, got a number"),
        ({"organisation": {"uri": "gm0363"}}, "[0].organisation.uri: not an absolute IRI"),
        ({"adrScore": "72"}, "[0].adrScore: expected a number, got a string"),
        ({"lifecycle": {"status": "paused"}}, "[0].lifecycle.status: unknown lifecycle status"),
        ({"lifecycle": "active"}, "[0].lifecycle: expected an object, got a string ('active')"),
        ({"organisation": ["x"]}, "[0].organisation: expected an object, got an array"),
        ({"adrScore": int("9" * 1000)}, f"[0].adrScore: {'9' * 40}… is not a score from 0 to 100"),
        ({"lifecycle": {"status": "sunset", "sunset": "11-11-2027"}}, "[0].lifecycle.sunset"),
    ],
)
def test_a_record_of_the_wrong_shape_is_named_by_its_place(record, message):
    good = {
        "id": "a",
        "title": "A",
        "organisation": {"uri": AMSTERDAM, "label": "Amsterdam"},
        "adrScore": None,
        "lifecycle": {"status": "active", "version": "1"},
    }
    data = json.dumps([{**good, **record}]).encode()
    with pytest.raises(InputError, match="^" + re.escape(f"x.json: {message}")):
        api_register.read(data, "x.json")


def test_the_command_imports_a_file_and_reports_what_it_left_out(tmp_path):
    store = tmp_path / "store"
    loaded = ndsgraph(store, "load")
    assert loaded.returncode == 0, loaded.stderr
    apis = str(FIXTURES / "apis.json")
    run = ndsgraph(store, "import", "api-register", apis, "--date", "2026-06-01")
    assert run.returncode == 0, run.stderr
    assert "register/api-register  3 API's, 4 metingen; 2 overgeslagen" in run.stdout
    assert f"overgeslagen: 2 API('s) van {UNKNOWN}, niet in de graaf" in run.stderr
    bad = ndsgraph(store, "import", "api-register", str(FIXTURES / "truncated.json"))
    assert bad.returncode == 2
    assert "truncated.json: line 16, column 87" in one_line(bad)
    future = ndsgraph(store, "import", "api-register", apis, "--date", "2999-01-01")
    assert future.returncode == 2
    assert "2999-01-01 is in the future" in one_line(future)
