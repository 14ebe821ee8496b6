"""The SPARQL 1.1 Protocol and Graph Store Protocol behaviours, through the Flask app."""

import threading
import time

import pytest
from ndsgraph_server import create_app
from ndsgraph_server.limits import Limits
from ndsgraph_server.settings import ServerSettings

from ndsgraph.store import OxigraphStore

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
G1, G2 = "https://example.org/g1", "https://example.org/g2"


@pytest.fixture
def store(store):
    """The two graphs, in each backend (embedded, and a real Oxigraph server)."""
    store.update(f"""INSERT DATA {{ GRAPH <{G1}> {{ <https://example.org/a> <https://example.org/p> 1 }}
                                   GRAPH <{G2}> {{ <https://example.org/b> <https://example.org/p> 2 }} }}""")
    return store


def client_for(store, **settings):
    return create_app(store, ServerSettings(**settings)).test_client()


@pytest.fixture
def client(store):
    return client_for(store, write_token=TOKEN)


def values(response) -> set[str]:
    return {b["o"]["value"] for b in response.json["results"]["bindings"]}


SELECT_O = "SELECT ?o WHERE { ?s <https://example.org/p> ?o }"


def test_default_graph_is_the_union_unless_the_request_names_one(client):
    assert values(client.get("/sparql", query_string={"query": SELECT_O})) == {"1", "2"}
    only_g1 = client.get("/sparql", query_string={"query": SELECT_O, "default-graph-uri": G1})
    assert values(only_g1) == {"1"}
    both = client.post("/sparql", data={"query": SELECT_O, "default-graph-uri": [G1, G2]})
    assert values(both) == {"1", "2"}


def test_named_graph_uri_limits_the_graphs_a_query_sees(client):
    query = "SELECT ?o WHERE { GRAPH ?g { ?s <https://example.org/p> ?o } }"
    assert values(client.get("/sparql", query_string={"query": query, "named-graph-uri": G2})) == {
        "2"
    }


def test_get_without_query_is_the_service_description_with_the_served_endpoint(client):
    response = client.get(
        "/sparql", base_url="http://example.test:8123", headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert "<http://example.test:8123/sparql>" in response.text
    assert "SPARQL11Update" in response.text  # writes are on with a token


def test_cors_preflight_and_headers(client):
    preflight = client.options(
        "/sparql",
        headers={"Origin": "https://forum.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    answer = client.get("/sparql", query_string={"query": SELECT_O})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_parameters_such_as_format_and_output_are_ignored(client):
    response = client.get(
        "/sparql", query_string={"query": SELECT_O, "format": "json", "output": "json"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"method": "PUT", "data": SELECT_O}, 405),
        ({"method": "GET", "query_string": [("query", SELECT_O), ("query", SELECT_O)]}, 400),
        ({"method": "POST", "data": SELECT_O, "content_type": "text/plain"}, 415),
        (
            {
                "method": "POST",
                "data": SELECT_O.encode("utf-16"),
                "content_type": "application/sparql-query; charset=utf-16",
            },
            415,
        ),
        ({"method": "GET", "query_string": {"update": "CLEAR ALL"}}, 405),
    ],
)
def test_malformed_protocol_requests_are_4xx(client, kwargs, status):
    kwargs = dict(kwargs)
    method = kwargs.pop("method")
    assert client.open("/sparql", method=method, **kwargs).status_code == status


def test_updates_need_the_token_and_change_nothing_without_it(store):
    update = (
        f"INSERT DATA {{ GRAPH <{G1}> {{ <https://example.org/c> <https://example.org/p> 3 }} }}"
    )
    closed = client_for(store)
    assert (
        closed.post("/sparql", data=update, content_type="application/sparql-update").status_code
        == 403
    )
    open_ = client_for(store, write_token=TOKEN)
    assert open_.post("/sparql", data={"update": update}).status_code == 401
    wrong = open_.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert store.count(G1) == 1
    ok = open_.post("/sparql", data=update, content_type="application/sparql-update", headers=AUTH)
    assert ok.status_code == 204 and store.count(G1) == 2


def test_graph_store_protocol_indirect_and_direct(client, store):
    turtle = "<https://example.org/x> <https://example.org/p> 9 ."
    new = "https://example.org/new"
    assert (
        client.put(
            "/data", query_string={"graph": new}, data=turtle, content_type="text/turtle"
        ).status_code
        == 401
    )
    created = client.put(
        "/data", query_string={"graph": new}, data=turtle, content_type="text/turtle", headers=AUTH
    )
    assert created.status_code == 201
    got = client.get(
        "/data", query_string={"graph": new}, headers={"Accept": "application/n-triples"}
    )
    assert got.status_code == 200 and "<https://example.org/x>" in got.text
    merged = client.post(
        "/data",
        query_string={"graph": new},
        data="<https://example.org/y> <https://example.org/p> 8 .",
        content_type="text/turtle",
        headers=AUTH,
    )
    assert merged.status_code == 204 and store.count(new) == 2
    assert client.delete("/data", query_string={"graph": new}, headers=AUTH).status_code == 204
    assert client.get("/data", query_string={"graph": new}).status_code == 404
    direct = client.put(
        "/data/person/1", data=turtle, content_type="text/turtle", headers=AUTH, base_url="http://h"
    )
    assert direct.status_code == 201 and store.count("http://h/data/person/1") == 1
    bad = client.put(
        "/data",
        query_string={"graph": new},
        data="<x> <y",
        content_type="text/turtle",
        headers=AUTH,
    )
    assert bad.status_code == 400 and "line 1" in bad.text
    assert (
        client.put(
            "/data", query_string={"graph": new}, data="x", content_type="image/png", headers=AUTH
        ).status_code
        == 415
    )


def test_service_calls_are_refused_unless_allow_listed(store):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    refused = client_for(store).get("/sparql", query_string={"query": query})
    assert refused.status_code == 400 and "not allowed" in refused.text
    masked = 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }'
    assert client_for(store).get("/sparql", query_string={"query": masked}).status_code == 200


def test_request_body_limit_is_a_413(store):
    small = client_for(store, max_body_bytes=100)
    assert (
        small.post(
            "/sparql",
            data="SELECT * WHERE { ?s ?p ?o } #" + "x" * 200,
            content_type="application/sparql-query",
        ).status_code
        == 413
    )


def test_result_size_limit(store):
    tiny = client_for(store, limits=Limits(max_result_bytes=50))
    response = tiny.get("/sparql", query_string={"query": SELECT_O})
    assert response.status_code == 422 and "LIMIT" in response.text


def heavy_store() -> OxigraphStore:
    store = OxigraphStore()
    store.update(
        "INSERT DATA { "
        + " ".join(f"<http://e/{i}> <http://e/p> {i} ." for i in range(3000))
        + " }"
    )
    return store


# About 3 s on this machine: long enough to pass a 1 s limit, short enough to end on its own
# (Oxigraph cannot cancel it; the abandoned evaluation runs to completion in the pool).
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y FILTER(?x < ?y) }"


def test_runaway_query_times_out_in_time_and_others_are_served_meanwhile():
    client = client_for(heavy_store(), limits=Limits(timeout=1.0, max_running=3))
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["response"] = client.get("/sparql", query_string={"query": HEAVY})
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    quick = client.get("/sparql", query_string={"query": "ASK { <http://e/1> ?p ?o }"})
    assert quick.status_code == 200 and time.monotonic() - started < 1.0
    thread.join()
    assert outcome["response"].status_code == 422
    assert "time limit of 1 s" in outcome["response"].text
    assert outcome["seconds"] < 3


@pytest.mark.parametrize("method", ["put", "post", "delete", "get"])
def test_graph_store_protocol_refuses_a_graph_named_twice(client, store, method):
    """Which of the two was meant is not known: a PUT wrote the first and answered 201."""
    first, second = "https://example.org/twice-a", "https://example.org/twice-b"
    answer = getattr(client, method)(
        f"/data?graph={first}&graph={second}",
        data="<https://example.org/x> <https://example.org/p> 9 .",
        content_type="text/turtle",
        headers=AUTH,
    )
    assert answer.status_code == 400 and "'graph'" in answer.text, answer.text
    assert first not in store.graphs() and second not in store.graphs()
