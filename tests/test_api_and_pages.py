"""Stored queries as an API, linked-data pages and the dataset description, on the example landscape."""

import csv
import io
import re
from datetime import datetime

import pytest
from ndsgraph_server import create_app
from ndsgraph_server.limits import Limits
from ndsgraph_server.settings import ServerSettings
from rdflib import Graph

from ndsgraph import names, register, validation
from ndsgraph.errors import InputError, shown
from ndsgraph.register import kpi, selection
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled, snapshot
from ndsgraph.validation import frameworks

from .test_standard_adoption import load_measurements

BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"
# Sample parameters for the stored queries that take one.
SAMPLES = {
    "block": BLOCK + "berichtenbox",
    "resource": "https://identifier.overheid.nl/tooi/id/gemeente/gm0034",  # findings about it
    "date": "2026-11-01",
    "endpoint": "http://127.0.0.1/sparql",
    "dataset": "https://w3id.org/ndsgraph/dataset",
    "publisher": "http://127.0.0.1/",
    "publisherName": "ndsgraph",
    "contact": "mailto:nds@example.org",
    "trig": "http://127.0.0.1/dump.trig",
    "nquads": "http://127.0.0.1/dump.nq",
    "organisation": "https://identifier.overheid.nl/tooi/id/gemeente/gm0034",
    "node": BLOCK + "nlx",
    "evidenceKind": "gemeten",
    "measuredStandard": "https://w3id.org/ndsgraph/id/standaard/dnssec",
    "standard": "https://w3id.org/ndsgraph/id/standaard/https-en-hsts",
    "supplier": "https://w3id.org/ndsgraph/id/leverancier/ritense",
}
# Queries whose sample above finds nothing in this landscape, with one that does.
ANSWERING = {
    "implementation-agreements": {"block": BLOCK + "fsc"},
    "organisation-measurements": {"organisation": "https://example.org/meting/gm1"},
    "resource-blank-references": {  # the adoption targets that name the type
        "resource": "https://w3id.org/ndsgraph/id/begrip/organisatietype/gemeente"
    },
}
# Queries that answer only after a run of every framework with the organisation counts
# (this module runs exit-by-design only; the supplier counts are kept by such a run):
# tests/test_profiles.py runs them after one.
WHOLE_RUN = {"standard-deviations", "supplier-shares", "supplier-reach", "supplier-supplies"}


@pytest.fixture(scope="module")
def store():
    """The bundled data with two validation runs, so run-based queries have something to show,
    and the measurements of tests/data/standard-adoption.trig."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    load_measurements(store)
    data, digest = snapshot.asserted(store)
    for _ in range(2):
        judged = validation.validate(data, digest, chosen=frameworks.select(["exit-by-design"]))
        register.record(store, register.Judgement(judged, variants=register.variants(store)))
    return store


@pytest.fixture(scope="module")
def client(store):
    return create_app(store).test_client()


@pytest.fixture
def fresh(store):
    """A client of its own, for a test that switches the language: the switch's cookie
    would choose the language of the tests after it."""
    return create_app(store).test_client()


def samples(store) -> dict[str, str]:
    runs = kpi.result(store, "runs").rows  # newest first
    today = datetime.now(queries.LOCAL_TIME).date().isoformat()  # a date names a Dutch day
    return {**SAMPLES, "run": runs[0][0], "from": runs[-1][1], "to": today, "at": today}


def test_api_lists_every_stored_query_with_its_parameters(fresh):
    listed = {q["name"]: q for q in fresh.get("/api/queries?lang=en").json}
    assert set(listed) == set(queries.catalogue())
    assert listed["impact"]["parameters"] == [
        {
            "name": "block",
            "type": "iri",
            "description": "The building block that fails or is phased out",
        }
    ]
    dutch = {q["name"]: q for q in fresh.get("/api/queries?lang=nl").json}
    [block] = dutch["impact"]["parameters"]
    assert block["description"] == "De bouwsteen die uitvalt of wordt uitgefaseerd"
    assert listed["impact"]["href"].endswith("/api/queries/impact")


def test_the_dutch_descriptions_of_the_kpis_are_dutch(fresh):
    """The KPIs' Dutch descriptions named their columns in English ("evidence: de soorten
    bewijs", "(measured)", "(conforming)") and the graphs "graphs"."""
    english = re.compile(r"\b(evidence|measured|conforming|graphs)\b")
    for listed in fresh.get("/api/queries?lang=nl").json:
        described = [listed["description"], *(p["description"] for p in listed["parameters"])]
        said = [english.findall(text) for text in described]
        assert not any(said), (listed["name"], said)


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_every_stored_query_answers_on_the_example_landscape(client, store, name):
    query = queries.stored(name)
    given = samples(store)  # the register's filters are left out: together they leave nothing
    sampled = {p.name: given[p.name] for p in query.parameters if p.name in given}
    params = sampled | ANSWERING.get(name, {})
    accept = "application/n-triples" if query.form == "CONSTRUCT" else "text/csv"
    response = client.get(f"/api/queries/{name}", query_string=params, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    if name not in WHOLE_RUN:
        assert len(response.text.strip().splitlines()) > 1, f"{name} answered nothing"


def test_api_answers_json_csv_and_html_by_accept(client):
    url = "/api/queries/dependencies"
    params = {"block": BLOCK + "berichtenbox"}
    as_json = client.get(
        url, query_string=params, headers={"Accept": "application/sparql-results+json"}
    )
    assert {
        b["dependency"]["value"].removeprefix(BLOCK) for b in as_json.json["results"]["bindings"]
    } == {"mijnoverheid", "digid", "brp", "pkioverheid"}  # DigiD needs PKIoverheid
    as_csv = list(
        csv.DictReader(
            io.StringIO(client.get(url, query_string=params, headers={"Accept": "text/csv"}).text)
        )
    )
    assert len(as_csv) == 4
    as_html = client.get(url, query_string=params, headers={"Accept": "text/html"})
    assert as_html.mimetype == "text/html" and as_html.text.count("<tr>") == 5


def test_an_answer_is_paged_by_limit_and_offset(client):
    """A national register holds hundreds of thousands of rows: a client pages through it."""
    json_accept = {"Accept": "application/sparql-results+json"}

    def rows(**page: str) -> list[dict]:
        answer = client.get("/api/queries/register", query_string=page, headers=json_accept)
        assert answer.status_code == 200, answer.text
        return answer.json["results"]["bindings"]

    whole = rows()
    assert len(whole) > 3
    assert rows(limit="2") == whole[:2] and rows(limit="2", offset="1") == whole[1:3]
    assert rows(offset=str(len(whole) - 1)) == whole[-1:]
    for bad in ({"limit": "-1"}, {"offset": "tien"}, {"limit": "²"}, {"offset": "①"}):
        refused = client.get("/api/queries/register", query_string=bad)
        assert refused.status_code == 400 and "is not a whole number" in refused.text
    huge = client.get("/api/queries/register", query_string={"limit": "9" * 19})
    assert huge.status_code == 400 and "limit: 9999999999999999999 is too large" in huge.text
    own = client.get(
        "/api/queries/describe", query_string={"limit": "1", "resource": BLOCK + "digid"}
    )
    assert own.status_code == 400 and "sets its own LIMIT" in own.text


def test_api_refuses_bad_parameters_and_unknown_queries(client):
    injected = client.get("/api/queries/dependencies", query_string={"block": "> } ; DROP ALL #"})
    assert injected.status_code == 400 and "must be iri" in injected.text
    assert client.get("/api/queries/dependencies", query_string={"nope": "1"}).status_code == 400
    unknown = client.get("/api/queries/no-such-query")
    assert unknown.status_code == 404 and "no stored query 'no-such-query'" in unknown.text


def test_id_redirects_to_doc_with_303(client):
    response = client.get("/id/bouwsteen/digid")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/doc/bouwsteen/digid"
    )


def test_doc_page_shows_properties_dependencies_dependants_and_adopters(client):
    page = client.get("/doc/bouwsteen/digid", headers={"Accept": "text/html"})
    assert page.status_code == 200
    for heading in (
        "Eigenschappen",
        "Afhankelijkheden",
        "Heeft DigiD nodig",
        "Afnemers",
        "Verwijzingen hierheen",
    ):
        assert heading in page.text
    assert "Basisregistratie Personen" in page.text  # DigiD depends on the BRP


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]
)
def test_doc_negotiates_rdf(client, accept, fmt):
    response = client.get("/doc/bouwsteen/digid", headers={"Accept": accept})
    assert response.mimetype == accept
    graph = Graph().parse(data=response.text, format=fmt)
    assert len(graph) > 5


@pytest.mark.parametrize("ref", ["bouwsteen/a%20b", "bouwsteen/a%3Eb", "bouwsteen/%22x", "%00"])
def test_a_page_for_characters_no_iri_holds_is_a_400_naming_it(client, ref):
    for path in (f"/doc/{ref}", f"/id/{ref}", f"/def/{ref}"):
        response = client.get(path, headers={"Accept": "text/html", "Accept-Language": "en"})
        assert response.status_code == 400, (path, response.text)
        assert "not an IRI" in response.text


def test_names_of_deeply_nested_json_is_a_400(client):
    response = client.post("/api/names", data=b"[" * 100_000, content_type="application/json")
    assert response.status_code == 400 and "too deeply" in response.text


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_names_refuses_a_body_it_cannot_read_with_a_415_naming_json(client, content_type):
    """/api/names read any body as JSON, whatever its Content-Type said (`curl -d` sends a
    form); application/json is what it reads, with or without a charset."""
    body = b'["https://w3id.org/ndsgraph/id/bouwsteen/digid"]'
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/names", data=body, headers=headers)
    assert response.status_code == 415, response.text
    assert "application/json" in response.text and "\n" not in response.text.rstrip()
    for accepted in ("application/json", "application/json; charset=utf-8"):
        named = client.post("/api/names", data=body, content_type=accepted)
        assert named.status_code == 200 and named.json, named.text


def test_responses_are_not_sniffed_and_vary_by_the_language_cookie(client):
    response = client.get("/doc/bouwsteen/nothing-here", headers={"Accept": "text/html"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cookie" in client.get("/dashboard").headers["Vary"]


def test_doc_for_an_unknown_resource_is_404(client):
    assert (
        client.get("/doc/bouwsteen/does-not-exist", headers={"Accept": "text/html"}).status_code
        == 404
    )


def test_ontology_is_served_as_html_and_rdf(client):
    html = client.get("/def", headers={"Accept": "text/html"})
    assert "BuildingBlock" in html.text and "bouwsteen" in html.text
    turtle = client.get("/def", headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 300


def test_ontology_lists_only_named_terms(client, store):
    """An anonymous class (a union as a domain) was listed by its blank node's id, linked to a
    /doc?uri= that refused it."""
    terms = list(queries.run(store, queries.stored("ontology-terms")))
    assert terms and all(t["term"].value.startswith("https://") for t in terms)
    page = client.get("/def", headers={"Accept": "text/html"}).text
    assert all(f'href="/doc?uri={c}' not in page for c in "0123456789abcdef")


def test_a_page_by_uri_names_its_own_address_as_its_rdf_alternate(client):
    """``/doc?uri=`` pointed its Turtle and JSON-LD alternates at ``/doc``, a 400."""
    iri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
    page = client.get("/doc", query_string={"uri": iri}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert 'rel="alternate" type="text/turtle" href="/doc?uri=' in page.text
    assert 'href="/doc"' not in page.text


def test_void_describes_dataset_endpoint_licence_and_graphs(client):
    response = client.get(
        "/.well-known/void", headers={"Accept": "text/turtle"}, base_url="http://example.test"
    )
    graph = Graph().parse(data=response.text, format="turtle")
    text = response.text
    assert "<http://example.test/sparql>" in text and "creativecommons.org/licenses/by/4.0" in text
    subsets = list(
        graph.objects(None, __import__("rdflib").URIRef("http://rdfs.org/ns/void#subset"))
    )
    assert len(subsets) >= 7


def test_pages_say_which_front_end_files_are_missing(store, tmp_path):
    app = create_app(store)
    app.static_folder = str(tmp_path)  # as if `make` had not installed the npm packages
    client = app.test_client()
    for path, needed in (
        ("/", "vendor/yasgui.min.js"),
        ("/dashboard", "vendor/chart.umd.min.js"),
        ("/picture?uri=https://w3id.org/ndsgraph/id/bouwsteen/digid", "vendor/cytoscape.min.js"),
    ):
        page = client.get(path)
        assert page.status_code == 200 and 'role="alert"' in page.text and needed in page.text
    assert 'role="alert"' not in create_app(store).test_client().get("/dashboard").text


def test_a_run_parameter_over_http_names_a_run_and_an_unknown_one_is_a_400(client, store):
    run = kpi.result(store, "runs").rows[0][0]
    csv_answer = {"Accept": "text/csv"}
    named = client.get("/api/queries/register", query_string={"run": run}, headers=csv_answer)
    assert named.status_code == 200 and len(named.text.splitlines()) > 1
    unknown = "https://example.org/no-such-run"
    refused = client.get("/api/queries/register", query_string={"run": unknown})
    assert refused.status_code == 400 and unknown in refused.text


def test_pages_speak_dutch_by_default_and_english_when_asked(client):
    dutch = client.get("/dashboard")
    assert '<html lang="nl">' in dutch.text and "Voortgangsbeeld" in dutch.text
    assert "Accept-Language" in dutch.headers["Vary"]
    browser = client.get("/dashboard", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in browser.text and ">Progress<" in browser.text
    switched = client.get("/dashboard?lang=en")
    assert '<html lang="en">' in switched.text and "lang=en" in switched.headers["Set-Cookie"]
    kept = client.get("/dashboard")  # the switch's cookie keeps the choice
    assert '<html lang="en">' in kept.text
    assert '<html lang="nl">' in client.get("/dashboard?lang=nl").text
    assert '<html lang="nl">' in client.get("/dashboard?lang=xx").text  # unknown: the cookie's


@pytest.mark.parametrize(
    "name", ["contracts", "deviations", "organisation-systems", "landscape-picture"]
)
def test_a_stored_query_takes_an_organisation_by_its_code_as_the_register_does(client, name):
    """The audit found gm0034 refused by the stored queries that /register accepts it in."""
    csv_answer = {"Accept": "text/csv"}
    almere = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
    by_iri = client.get(f"/api/queries/{name}?organisation={almere}", headers=csv_answer)
    assert by_iri.status_code == 200 and len(by_iri.text.splitlines()) > 1
    for code in ("gm0034", "GM0034"):
        by_code = client.get(f"/api/queries/{name}?organisation={code}", headers=csv_answer)
        assert by_code.status_code == 200 and by_code.text == by_iri.text
    unknown = client.get(f"/api/queries/{name}?organisation=gm9999")
    assert unknown.status_code == 400
    assert "organisation: no organisation 'gm9999'" in unknown.text  # the parameter named


@pytest.mark.parametrize("answer", ["text/csv", "text/html", "application/sparql-results+json"])
def test_a_stored_query_asked_of_every_organisation_takes_an_ad_hoc_slot(store, answer):
    """peer-adoption-shares without its organisation compares every organisation (117,833
    rows on the example data): it waits for an ad-hoc slot like a /sparql query; with its
    organisation it does not (audit)."""
    settings = ServerSettings(limits=Limits(timeout=3, max_adhoc=1), answer_cache_bytes=0)
    app = create_app(store, settings)
    client, accept = app.test_client(), {"Accept": answer}
    slots = app.extensions["ndsgraph.adhoc"]
    assert slots.acquire(timeout=1)  # a runaway ad-hoc query holds the only slot
    try:
        every = client.get("/api/queries/peer-adoption-shares", headers=accept)
        assert every.status_code == 429 and "NDSGRAPH_MAX_ADHOC_QUERIES" in every.text
        one = client.get(
            "/api/queries/peer-adoption-shares?organisation=gm0034&limit=1", headers=accept
        )
        assert one.status_code == 200
    finally:
        slots.release()
    assert (
        client.get("/api/queries/peer-adoption-shares?limit=1", headers=accept).status_code == 200
    )


def test_a_span_whose_from_comes_after_its_to_is_a_400_naming_both(client):
    answer = client.get(
        "/api/queries/kpi-variants-change", query_string={"from": "2026-06-01", "to": "2026-01-01"}
    )
    assert answer.status_code == 400
    assert "parameter 'from' (2026-06-01) comes after parameter 'to' (2026-01-01)" in answer.text
    same_day = {"from": "2026-01-01", "to": "2026-01-01"}
    assert client.get("/api/queries/kpi-variants-change", query_string=same_day).status_code == 200


def test_a_span_from_after_today_up_to_now_is_a_400_naming_from(client):
    """Without `to` the span ends now: one from next year answered 200 (audit)."""
    future = client.get("/api/queries/kpi-variants-change", query_string={"from": "9999-01-01"})
    assert future.status_code == 400
    assert "parameter 'from' (9999-01-01) is after today" in future.text
    today = datetime.now(queries.LOCAL_TIME).date().isoformat()  # its end is still to come
    answer = client.get("/api/queries/kpi-variants-change", query_string={"from": today})
    assert answer.status_code == 200


def test_variants_up_to_a_moment_before_the_first_run_compare_nothing(client):
    """With only `to` before the first run, its default `from` (right after the first run)
    came after it, and the answer made up a drop ("before 9, after 0")."""
    json_answer = {"Accept": "application/sparql-results+json"}
    early = client.get(
        "/api/queries/kpi-variants-change", query_string={"to": "2020-01-01"}, headers=json_answer
    )
    assert early.status_code == 200 and early.json["results"]["bindings"] == []
    now = client.get("/api/queries/kpi-variants-change", headers=json_answer)
    assert now.json["results"]["bindings"]  # the first run against now: there are variants


def test_each_language_quotes_a_figure_title_its_own_way(client):
    """The English dashboard used Dutch quotation marks („…”)."""
    english = client.get("/dashboard?lang=en").text
    assert "Table of “" in english and "„" not in english
    assert "Tabel bij „" in client.get("/dashboard?lang=nl").text


def test_an_address_no_route_knows_is_refused_in_the_page_language_outside_the_api(client):
    """Werkzeug's "Not Found: The requested URL was not found…" reached the Dutch pages."""
    dutch = client.get("/bestaat-niet")
    assert dutch.status_code == 404 and dutch.text.startswith("Niet gevonden: ")
    english = client.get("/bestaat-niet", query_string={"lang": "en"})
    assert english.status_code == 404 and english.text.startswith("Not Found: there is no page")
    machine = client.get("/api/bestaat-niet")
    assert machine.status_code == 404 and machine.text.startswith("Not Found: The requested URL")


GM0034 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("/doc/bouwsteen/digid?foo=1", "foo"),
        ("/dashboard?year=2026", "year"),
        (f"/picture?uri={BLOCK}digid&foo=1", "foo"),
        ("/queries?x=1", "x"),
        ("/.well-known/void?foo=1", "foo"),
        ("/def?foo=1", "foo"),
    ],
)
def test_a_page_refuses_a_parameter_it_does_not_read_by_name_in_its_language(fresh, address, named):
    """They were silently ignored (audit); the leg-uit page and the register refused them."""
    dutch = fresh.get(address + "&lang=nl" if "?" in address else address)
    assert dutch.status_code == 400
    assert f"deze pagina heeft geen parameter '{named}'" in dutch.text
    english = fresh.get(address + "&lang=en")
    assert english.status_code == 400 and f"this page has no parameter '{named}'" in english.text


@pytest.mark.parametrize("address", ["/api/queries", "/api/prefixes"])
def test_an_api_listing_refuses_a_parameter_it_does_not_read_by_name(fresh, address):
    """/api/queries?x=1 answered 200, the parameter ignored, where the pages refuse one."""
    answer = fresh.get(address, query_string={"x": "1"})
    assert answer.status_code == 400 and "no parameter 'x'" in answer.text
    assert fresh.get(address, query_string={"lang": "en"}).status_code == 200


@pytest.mark.parametrize(
    ("address", "named"),
    [
        (
            f"/doc?uri={GM0034}&uri={BLOCK}digid&lang=nl",
            "de parameter 'uri' staat er meer dan eens",
        ),
        (f"/picture?uri={BLOCK}digid&uri={BLOCK}nlx&lang=nl", "de parameter 'uri' staat er"),
        ("/api/archimate?organisation=gm0034&organisation=gm0363", "more than one 'organisation'"),
    ],
)
def test_a_repeated_parameter_is_refused_by_name(fresh, address, named):
    """Which of the two was meant is not known: the first was taken silently (audit)."""
    answer = fresh.get(address)
    assert answer.status_code == 400 and named in answer.text


def test_a_page_still_answers_with_its_own_parameters_and_the_language_switch(fresh):
    for address in (f"/doc?uri={GM0034}&lang=en", f"/picture?uri={BLOCK}digid", "/queries?lang=en"):
        assert fresh.get(address).status_code == 200, address


ILL_TYPED = (
    b"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    b'<https://example.org/a> <https://example.org/until> "soon"^^xsd:date .\n'
)


def test_the_validate_forms_refusal_is_shown_above_the_form_in_the_pages_language(fresh):
    """It was a bare text/plain 400 that said "line" on the Dutch page and lost the form."""
    form = {"file": (io.BytesIO(ILL_TYPED), "data.ttl", "text/turtle")}
    dutch = fresh.post("/validate?lang=nl", data=form)
    assert dutch.status_code == 400 and dutch.content_type.startswith("text/html")
    assert "data.ttl: regel 2" in dutch.text and "geen geldige xsd:date" in dutch.text
    assert 'role="alert"' in dutch.text and 'action="/validate"' in dutch.text
    form = {"file": (io.BytesIO(ILL_TYPED), "data.ttl", "text/turtle")}
    english = fresh.post("/validate?lang=en", data=form)
    assert english.status_code == 400 and "data.ttl: line 2" in english.text
    assert "is not a valid xsd:date" in english.text


@pytest.mark.parametrize(
    ("data", "dutch", "english"),
    [
        (
            b'<https://example.org/a> <https://example.org/b> "cut',
            "x.ttl: regel 1, kolom",
            "line 1",
        ),
        (b"", "x.ttl: leeg bestand", "x.ttl: empty file"),
        (
            b"<https://example.org/a> \xff",
            "x.ttl: regel 1, kolom 25: byte 0xff is geen UTF-8",
            "UTF-8",
        ),
    ],
)
def test_the_validate_forms_unreadable_file_is_told_in_the_pages_language(
    fresh, data, dutch, english
):
    """A cut-off, empty or non-UTF-8 file was told in English on the Dutch form."""
    for language, said in (("nl", dutch), ("en", english)):
        form = {"file": (io.BytesIO(data), "x.ttl", "text/turtle")}
        answer = fresh.post(f"/validate?lang={language}", data=form)
        assert answer.status_code == 400 and said in answer.text, answer.text


def test_the_validate_page_refuses_a_parameter_it_does_not_read(fresh):
    """As the other pages do since this session; it answered 200 and ignored it."""
    answer = fresh.get("/validate?lang=nl&x=1")
    assert answer.status_code == 400 and "geen parameter &#39;x&#39;" in answer.text
    assert fresh.get("/validate?lang=en").status_code == 200


def test_the_english_validate_page_is_english_below_the_menu(fresh):
    english = fresh.get("/validate?lang=en").text
    assert "Validate data" in english and "The CSV template" in english
    assert "Gegevens valideren" not in english and "Het CSV-sjabloon" not in english
    assert "Het CSV-sjabloon" in fresh.get("/validate?lang=nl").text


@pytest.mark.parametrize(
    ("address", "dutch", "english"),
    [
        ("/register?after=garbage", "is geen IRI van een bevinding", "is not a finding's IRI"),
        ("/doc?uri=_:b0", "geen IRI: _:b0 (een IRI is een volledig adres", "Invalid IRI"),
    ],
)
def test_a_pages_refusal_is_worded_wholly_in_its_language(fresh, address, dutch, english):
    in_dutch = fresh.get(address + "&lang=nl")
    assert in_dutch.status_code == 400 and dutch in in_dutch.text
    assert "Invalid" not in in_dutch.text and "is not" not in in_dutch.text
    assert english in fresh.get(address + "&lang=en").text


def test_a_refusal_a_pages_route_raises_is_named_in_the_pages_language(fresh):
    """A standard's page has no ArchiMate picture: Werkzeug's English name on a Dutch page."""
    standard = "/doc/standaard/https-en-hsts?lang=nl"
    refused = fresh.get(standard, headers={"Accept": "application/xml"})
    assert refused.status_code == 406 and refused.text.startswith("Niet aanvaardbaar: ")
    english = fresh.get(standard.replace("nl", "en"), headers={"Accept": "application/xml"})
    assert english.text.startswith("Not Acceptable: ")


def test_a_version_that_is_no_number_is_a_400_naming_it(client):
    """It was Werkzeug's 404 for an address no route knows."""
    answer = client.get("/api/submissions/anyone/versions/abc")
    assert answer.status_code == 400 and "version: 'abc' is not a whole number" in answer.text


def test_stored_query_parameters_are_described_in_the_pages_language(fresh):
    dutch = fresh.get("/queries?lang=nl").text
    assert "Alleen de bevindingen van deze regel" in dutch
    assert "Only the findings of this rule" in fresh.get("/queries?lang=en").text
    listed = fresh.get("/api/queries?lang=nl").json
    [register_query] = [q for q in listed if q["name"] == "register"]
    described = {p["name"]: p["description"] for p in register_query["parameters"]}
    assert described["rule"] == "Alleen de bevindingen van deze regel"


def test_dcat_version_has_a_dutch_and_an_english_name(store):
    version = "http://www.w3.org/ns/dcat#version"
    assert names.names(store, [version], "nl")[version] == "versie"
    assert names.names(store, [version], "en")[version] == "version"


@pytest.mark.parametrize("fmt", ["html", "csv", "json"])
@pytest.mark.parametrize("limit", ["0", "1001"])
def test_a_register_page_of_no_rows_or_of_more_than_the_most_is_refused(fresh, limit, fmt):
    """limit=0 silently gave the first page of 100 rows (audit), and a limit above 1000 a page
    of 1000, as a page, CSV or JSON."""
    for language, says in (
        ("nl", f"limit: een pagina bevat 1 tot 1000 bevindingen, niet {limit}"),
        ("en", f"limit: a page holds 1 to 1000 findings, not {limit}"),
    ):
        asked = {"limit": limit, "format": fmt, "lang": language}
        answer = fresh.get("/register", query_string=asked)
        assert answer.status_code == 400 and says in answer.text
    assert fresh.get("/register", query_string={"limit": "1000", "format": fmt}).status_code == 200


def test_an_echoed_value_shows_a_control_character_as_its_escape():
    """/organisatie/%00/leg-uit echoed the NUL itself (audit)."""
    assert shown("a\x00b\nc") == "a\\x00b\\nc"
    assert shown("x" * 101) == "x" * 100 + "…" and shown("é") == "é"


def test_the_leg_uit_page_of_a_nul_names_it_by_its_escape(client):
    answer = client.get("/organisatie/%00/leg-uit")
    assert answer.status_code == 404 and "'\\x00'" in answer.text and "\x00" not in answer.text


def test_a_long_ill_typed_literal_is_shown_cut_with_an_ellipsis(client):
    long = b"9" * 150
    data = ILL_TYPED.replace(b'"soon"', b'"' + long + b'"')
    answer = client.post("/api/validate", data=data, headers={"Content-Type": "text/turtle"})
    assert answer.status_code == 400 and f'"{"9" * 100}…"^^xsd:date' in answer.text


def test_a_stored_querys_organisations_are_read_by_code_or_iri_naming_an_unknown_one(store):
    """The CLI's --param and the API's query string read them with this one function."""
    almere = selection.organisation(store, "gm0034")
    values = [("organisation", "GM0034"), ("supplier", "https://example.org/s")]
    assert selection.with_organisations(store, "contracts", values) == {
        "organisation": almere,
        "supplier": "https://example.org/s",
    }
    with pytest.raises(InputError, match=r"^organisation: no organisation 'gm9999'"):
        selection.with_organisations(store, "contracts", [("organisation", "gm9999")])
