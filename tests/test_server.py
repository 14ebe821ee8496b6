"""The read-only SPARQL endpoint: protocol basics through Flask, and a live Granian server."""

import contextlib
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from ndsgraph_server import create_app
from ndsgraph_server.settings import server_settings
from SPARQLWrapper import JSON, SPARQLWrapper

from ndsgraph.errors import InputError
from ndsgraph.sparql import queries, sparql_text

from .live import live_server

BLOCKS = (Path(__file__).parents[1] / "src/ndsgraph/queries/building-blocks.rq").read_text()
SELECT = "SELECT ?b WHERE { ?b a <https://w3id.org/ndsgraph/def/BuildingBlock> } LIMIT 2"


@pytest.fixture(scope="module")
def client(loaded_store):
    return create_app(loaded_store).test_client()


def test_get_select_answers_sparql_json(client):
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert len(response.json["results"]["bindings"]) == 2


def test_post_form_and_direct_post_are_accepted(client):
    form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", data=SELECT, content_type="application/sparql-query")
    assert form.status_code == direct.status_code == 200
    assert form.json == direct.json


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_content_negotiation_follows_accept_and_q_values(client, accept, mimetype):
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == mimetype


def test_construct_answers_turtle(client):
    query = "CONSTRUCT { ?b a ?t } WHERE { ?b a ?t } LIMIT 1"
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200 and response.mimetype == "text/turtle"


def test_malformed_query_is_a_400_with_the_parser_message(client):
    response = client.get("/sparql", query_string={"query": "SELEC *"})
    assert response.status_code == 400
    assert re.search(r"error at 1:|line 1:", response.text)  # Oxigraph's or Virtuoso's words


@pytest.mark.parametrize("loaded_store", ["embedded"], indirect=True)
def test_an_own_query_that_does_not_parse_is_a_500_logged_with_its_name(
    loaded_store, monkeypatch, caplog
):
    """As a rewrite of kpi-standard-adoption made every standard page one morning: a bug of
    ndsgraph's, not a bad request; the log names the query."""
    written = sparql_text.inlined
    monkeypatch.setattr(
        sparql_text, "inlined", lambda query, name, iri: written(query, name, iri) + " }"
    )
    client = create_app(loaded_store).test_client()  # an answer cache of its own
    response = client.get("/doc/bouwsteen/digid", headers={"Accept": "text/html"})
    assert response.status_code == 500 and "does not parse" in response.text
    logged = [r.getMessage() for r in caplog.records if "does not parse" in r.getMessage()]
    named = re.search(r"own query (\S+) does not parse", logged[0]).group(1)
    assert named in queries.catalogue() or named.removeprefix("internal/") in queries._internal()


def test_unacceptable_accept_is_a_406(client):
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406


@pytest.fixture(scope="module")
def live_endpoint(tmp_path_factory):
    """`ndsgraph serve` as a real process (Granian) on 127.0.0.1, as `make serve` runs it."""
    with live_server(tmp_path_factory.mktemp("live") / "store") as base:
        yield base + "/sparql"


def test_live_server_answers_the_building_block_question_with_sparql_json(live_endpoint):
    """The done-when query: building blocks, managing partner, transitive dependency count."""
    client = SPARQLWrapper(live_endpoint)
    client.setQuery(BLOCKS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert len(rows) >= 30
    berichtenbox = next(r for r in rows if r["buildingBlock"]["value"].endswith("/berichtenbox"))
    assert berichtenbox["partnerName"]["value"] == "Logius"
    assert berichtenbox["dependencies"]["value"] == "4"  # mijnoverheid, digid, brp, pkioverheid


def test_live_server_answers_a_plain_curl_style_request(live_endpoint):
    url = live_endpoint + "?" + urllib.parse.urlencode({"query": SELECT})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "application/sparql-results+json"


def test_rdflib_sparqlstore_queries_the_live_server(live_endpoint):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(live_endpoint, returnFormat="json"))
    rows = list(
        graph.query(
            "SELECT ?label WHERE { <https://w3id.org/ndsgraph/id/bouwsteen/digid> "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        )
    )
    assert {str(r[0]) for r in rows} == {"DigiD"}
    digid = URIRef("https://w3id.org/ndsgraph/id/bouwsteen/digid")
    assert (digid, None, None) in graph


@pytest.mark.parametrize(
    ("name", "value", "wanted"),
    [
        ("NDSGRAPH_QUERY_TIMEOUT", "half a minute", "a number of 0 or more"),
        ("NDSGRAPH_MAX_BODY_BYTES", "-1", "a whole number of 0 or more"),
        ("NDSGRAPH_MAX_ADHOC_QUERIES", "0", "a whole number of 1 or more"),
        ("NDSGRAPH_MAX_ADHOC_QUERIES", "-1", "a whole number of 1 or more"),
        ("NDSGRAPH_MAX_ADHOC_QUERIES", "abc", "a whole number of 1 or more"),
        ("NDSGRAPH_PICTURE_APPLICATIONS", "many", "a whole number of 0 or more"),
    ],
)
def test_a_malformed_numeric_setting_is_an_input_error_naming_it(name, value, wanted):
    with pytest.raises(InputError, match=rf"\${name} is '{value}': use {wanted}$"):
        server_settings({name: value})


def test_the_pictures_number_of_applications_drawn_one_by_one_is_a_setting():
    assert server_settings({}).picture_applications == 200
    assert server_settings({"NDSGRAPH_PICTURE_APPLICATIONS": "0"}).picture_applications == 0


def test_ad_hoc_queries_leave_one_query_worker_unless_configured_otherwise():
    assert server_settings({}).limits.adhoc_slots == 3
    assert server_settings({"NDSGRAPH_MAX_RUNNING_QUERIES": "1"}).limits.adhoc_slots == 1
    eight = {"NDSGRAPH_MAX_RUNNING_QUERIES": "8", "NDSGRAPH_MAX_ADHOC_QUERIES": "4"}
    assert server_settings(eight).limits.adhoc_slots == 4


def test_more_ad_hoc_queries_than_workers_but_one_is_refused_naming_both_settings():
    """99 of 4 workers was taken silently: a runaway query could hold every worker (audit)."""
    with pytest.raises(InputError, match=r"MAX_ADHOC_QUERIES is '99': use at most 3, .* is 4"):
        server_settings({"NDSGRAPH_MAX_ADHOC_QUERIES": "99"})
    one = {"NDSGRAPH_MAX_RUNNING_QUERIES": "1", "NDSGRAPH_MAX_ADHOC_QUERIES": "1"}
    assert server_settings(one).limits.adhoc_slots == 1  # one worker: shared, as by default


def test_a_request_cannot_forge_a_line_in_the_access_log(live_endpoint, tmp_path_factory):
    """Granian logs the decoded path: a %0A in it once began a second, forged line."""
    forged = '[2026-01-01 00:00:00 +0000] 6.6.6.6 - "GET /forged HTTP/1.1" 200 0.1'
    path = "/register" + urllib.parse.quote("\n" + forged)
    base = live_endpoint.removesuffix("/sparql")
    with contextlib.suppress(urllib.error.HTTPError):  # the answer does not matter, the log does
        urllib.request.urlopen(base + path, timeout=60).close()
    port = base.rsplit(":", 1)[1]
    logs = tmp_path_factory.getbasetemp().glob(f"live*/server-{port}.log")
    log = max(logs, key=lambda found: found.stat().st_mtime)
    deadline = time.monotonic() + 10
    while "forged" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    lines = log.read_text().splitlines()
    assert any("/register\\n[2026-01-01" in line for line in lines)
    assert not any(line.startswith("[2026-01-01 00:00:00 +0000] 6.6.6.6") for line in lines)
