"""The endpoint's behaviour over real HTTP, against `ndsgraph serve` (Granian) on 127.0.0.1:
the content-negotiation matrix, auth on writes, and the time, size and body limits."""

import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .live import live_server

TOKEN = "http-test-token"
G = "https://example.org/http"


def call(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    env = {
        **os.environ,
        "NDSGRAPH_WRITE_TOKEN": TOKEN,
        "NDSGRAPH_QUERY_TIMEOUT": "1",
        "NDSGRAPH_MAX_RESULT_BYTES": "200000",
        "NDSGRAPH_MAX_BODY_BYTES": "150000",
    }
    with live_server(tmp_path_factory.mktemp("http") / "store", "--no-load", env=env) as base:
        triples = " ".join(f"<http://e/{i}> <http://e/p> {i} ." for i in range(3000))
        status, _, text = call(
            f"{base}/sparql",
            method="POST",
            data=f"INSERT DATA {{ GRAPH <{G}> {{ {triples} }} }}".encode(),
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": f"Bearer {TOKEN}",
            },
        )
        assert status == 204, text
        yield f"{base}/sparql"


def query(endpoint: str, text: str, accept: str | None = None):
    headers = {"Accept": accept} if accept else {}
    return call(endpoint + "?" + urllib.parse.urlencode({"query": text}), headers=headers)


SELECT = "SELECT ?s WHERE { ?s <http://e/p> 1 }"
ASK = "ASK { <http://e/1> <http://e/p> 1 }"
CONSTRUCT = "CONSTRUCT { ?s <http://e/p> 1 } WHERE { ?s <http://e/p> 1 }"


@pytest.mark.parametrize(
    ("text", "accept", "expected"),
    [
        (SELECT, None, "application/sparql-results+json"),
        (SELECT, "*/*", "application/sparql-results+json"),
        (SELECT, "application/sparql-results+json", "application/sparql-results+json"),
        (SELECT, "application/sparql-results+xml", "application/sparql-results+xml"),
        (SELECT, "text/csv", "text/csv"),
        (SELECT, "text/tab-separated-values", "text/tab-separated-values"),
        (
            SELECT,
            "text/csv;q=0.2, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
        ),
        (ASK, "application/sparql-results+json", "application/sparql-results+json"),
        (ASK, "application/sparql-results+xml", "application/sparql-results+xml"),
        (ASK, "text/csv", "text/csv"),
        (ASK, "text/tab-separated-values", "text/tab-separated-values"),
        (CONSTRUCT, None, "text/turtle"),
        (CONSTRUCT, "text/turtle", "text/turtle"),
        (CONSTRUCT, "application/n-triples", "application/n-triples"),
        (CONSTRUCT, "application/ld+json", "application/ld+json"),
        (CONSTRUCT, "application/rdf+xml", "application/rdf+xml"),
        (CONSTRUCT, "application/trig", "application/trig"),
        (CONSTRUCT, "application/rdf+xml;q=0.5, text/turtle", "text/turtle"),
    ],
)
def test_content_negotiation_matrix(endpoint, text, accept, expected):
    status, media_type, body = query(endpoint, text, accept)
    assert status == 200, body
    assert media_type == expected
    assert body.strip()


@pytest.mark.parametrize(
    ("text", "accept"), [(SELECT, "image/png"), (ASK, "image/png"), (CONSTRUCT, "text/csv")]
)
def test_unacceptable_accept_is_406(endpoint, text, accept):
    assert query(endpoint, text, accept)[0] == 406


def test_writes_without_a_valid_token_are_refused_and_change_nothing(endpoint):
    update = f"INSERT DATA {{ GRAPH <{G}> {{ <http://e/new> <http://e/p> -1 }} }}".encode()
    for headers, expected in (({}, 401), ({"Authorization": "Bearer wrong"}, 403)):
        status, _, _ = call(
            endpoint,
            method="POST",
            data=update,
            headers={"Content-Type": "application/sparql-update", **headers},
        )
        assert status == expected
        put = call(
            endpoint.replace("/sparql", "/data") + "?graph=" + urllib.parse.quote(G),
            method="PUT",
            data=b"<http://e/x> <http://e/p> 0 .",
            headers={"Content-Type": "text/turtle", **headers},
        )
        assert put[0] == expected
    status, _, body = query(
        endpoint,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}",
        "application/sparql-results+json",
    )
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "3000"


def test_runaway_query_gets_a_422_in_time_while_others_are_served(endpoint):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y FILTER(?x < ?y) }"
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["answer"] = query(endpoint, heavy)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    assert query(endpoint, ASK)[0] == 200
    assert time.monotonic() - started < 1.0
    thread.join()
    status, _, body = outcome["answer"]
    assert status == 422 and "time limit of 1 s" in body
    assert outcome["seconds"] < 3


def test_result_size_and_body_limits(endpoint):
    status, _, body = query(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and "LIMIT" in body
    big = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000).encode()
    assert (
        call(
            endpoint, method="POST", data=big, headers={"Content-Type": "application/sparql-query"}
        )[0]
        == 413
    )


def test_service_to_an_outside_endpoint_is_refused(endpoint):
    status, _, body = query(
        endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    )
    assert status == 400 and "not allowed" in body
