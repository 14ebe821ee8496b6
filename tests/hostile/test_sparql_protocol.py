"""The SPARQL and Graph Store protocols under attack: fetches by LOAD and SERVICE, bodies
over the limit (declared or chunked), hostile values in every protocol parameter. Each is a
4xx naming what was wrong or a correct answer, never a 5xx, and the store is unchanged.
Also the protocol done right: FROM is the query's dataset, and ASK answers as CSV and TSV.
"""

import contextlib
import json
import socket
import urllib.parse

import pytest
from ndsgraph_server import create_app
from ndsgraph_server.limits import Limits
from ndsgraph_server.settings import ServerSettings

from ndsgraph.store import OxigraphStore

from .conftest import MAX_BODY_BYTES, UTRECHT, WRITE_TOKEN, Answer, refused

EVIL = "https://example.org/evil"
INSERT = f"INSERT DATA {{ GRAPH <{EVIL}> {{ <urn:a> <urn:b> <urn:c> }} }}"


def update(attacker, text: str, **params: str) -> Answer:
    return attacker.call(
        "/sparql",
        method="POST",
        data=urllib.parse.urlencode({"update": text, **params}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        token=WRITE_TOKEN,
    )


def raw(base: str, request: bytes, body: bytes, *, finish: bool = True) -> tuple[int, str]:
    """Send a request over a plain socket and read the answer even when the server stops
    reading the body early (a 413), which makes urllib fail on a broken pipe. Without
    ``finish`` the client stops sending after ``body``, as one that went away would."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as connection:
        with contextlib.suppress(OSError):  # the server answered before taking all the body
            connection.sendall(request + body)
            if not finish:
                connection.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer or not _complete(answer):
                chunk = connection.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    head, _, text = answer.partition(b"\r\n\r\n")
    assert head, "no answer at all"
    return int(head.split()[1]), text.decode(errors="replace")


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.decode(errors="replace").lower().splitlines():
        if line.startswith("content-length:"):
            return len(body) >= int(line.split(":")[1])
    return False


def _head(method: str, path: str, media_type: str, extra: str) -> str:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {media_type}\r\n"
        f"Authorization: Bearer {{token}}\r\nConnection: close\r\n{extra}\r\n"
    )


def chunked(body: bytes, size: int = 32768) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


# route -> (method, path, media type, token name); every route that reads a body
BODY_ROUTES = {
    "sparql": ("POST", "/sparql", "application/sparql-update", "write"),
    "graph-store": ("PUT", "/data?graph=https://example.org/big", "text/turtle", "write"),
    "validate": ("POST", "/api/validate", "text/turtle", None),
    "submissions": ("POST", "/api/submissions", "text/turtle", "utrecht"),
}


def _send_body(attacker, route: str, body: bytes, *, chunk: bool) -> tuple[int, str]:
    method, path, media_type, who = BODY_ROUTES[route]
    token = {"write": WRITE_TOKEN, "utrecht": attacker.tokens[UTRECHT], None: ""}[who]
    framing = "Transfer-Encoding: chunked\r\n" if chunk else f"Content-Length: {len(body)}\r\n"
    head = _head(method, path, media_type, framing).replace("{token}", token)
    return raw(attacker.base, head.encode(), chunked(body) if chunk else body)


def _big_turtle() -> bytes:
    """Valid Turtle over the body limit, in many lines: truncated, it would still parse."""
    line = b"<https://example.org/big/s> <https://example.org/p> <https://example.org/o> .\n"
    return line * (MAX_BODY_BYTES // len(line) + 100)


@pytest.mark.parametrize("chunk", [True, False], ids=["chunked", "content-length"])
@pytest.mark.parametrize("route", sorted(BODY_ROUTES))
def test_a_body_over_the_limit_is_a_413_never_truncated(attacker, route, chunk):
    body = _big_turtle()
    if route == "sparql":
        body = b"INSERT DATA { GRAPH <https://example.org/big> {\n" + body + b"} }"
    before = attacker.fingerprint()
    status, text = _send_body(attacker, route, body, chunk=chunk)
    assert status == 413, text[:300]
    assert "limit" in text
    assert attacker.fingerprint() == before


def test_a_chunked_body_within_the_limit_is_read_whole(attacker):
    query = b"ASK { ?s ?p ?o }" + b" " * 100_000 + b"# the end"
    head = (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        "Accept: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n"
    )
    status, text = raw(attacker.base, head.encode(), chunked(query, 1000))
    assert status == 200 and json.loads(text)["boolean"] is True


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <{url}>",
        "LOAD SILENT <{url}> INTO GRAPH <https://example.org/evil>",
        "load <{url}>",
        "LOAD # a comment\n<{url}>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; LOAD <{url}>",
        "LOAD <file:///etc/hostname>",
        "LOAD SILENT <file:///etc/hostname>",
        "DROP SILENT GRAPH <http://x/\u00a0#> ; LOAD <{url}> INTO GRAPH <urn:x:loaded>",
        "INSERT DATA { <urn:a> <urn:b> 1 } ;1LOAD <{url}>",
    ],
)
def test_load_fetches_nothing_and_names_the_source(attacker, outbound, text):
    source = outbound.url("x.nt")
    before = attacker.fingerprint()
    answer = update(attacker, text.replace("{url}", source))
    shown = "file:///etc/hostname" if "file:" in text else source
    refused(answer, f"LOAD <{shown}> is not allowed", status=400)
    assert attacker.fingerprint() == before


def test_load_of_a_prefixed_name_is_refused_by_name(attacker, outbound):
    text = f"PREFIX x: <{outbound.url('')}> LOAD x:data.nt"
    refused(update(attacker, text), "LOAD x:data.nt is not allowed", status=400)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE <{url}>"),
        ("select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}", "SERVICE <{url}>"),
        ("SELECT * WHERE {{ ?a ?b ?c .SERVICE<{url}>{{ ?s ?p ?o }} }}", "SERVICE <{url}>"),
        ("SELECT * WHERE {{ BIND(<{url}> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}", "SERVICE ?x"),
        ("PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}", "e:sparql"),
        ("SELECT * WHERE {{ ?s ?p 1SERVICE <{url}> {{ ?a ?b ?c }} }}", "SERVICE <{url}>"),
        (
            "SELECT * WHERE {{ VALUES ?x {{ <http://x/\u00a0#> }} SERVICE <{url}> {{ ?a ?b ?c }} }}",
            "SERVICE <{url}>",
        ),
    ],
)
def test_service_is_refused_naming_the_endpoint(attacker, outbound, query, named):
    url = outbound.url("sparql")
    refused(attacker.query(query.format(url=url)), named.format(url=url), status=400)
    text = f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    refused(update(attacker, text), f"SERVICE <{url}>", status=400)


def test_a_failed_update_is_a_400_with_the_reason(attacker):
    before = attacker.fingerprint()
    refused(update(attacker, f"DROP GRAPH <{EVIL}/none>"), "does not exist", status=400)
    refused(update(attacker, "INSERT DATA { <a b> <c> <d> }"), "update", status=400)
    assert attacker.fingerprint() == before


def test_an_allowed_load_that_fails_is_a_4xx(tmp_path):
    """Allow-listed but unreachable: the client's mistake to fix, not a server error."""
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/data.nt"
    settings = ServerSettings(write_token=WRITE_TOKEN, limits=Limits(service_allow=(closed,)))
    client = create_app(OxigraphStore(tmp_path / "store", create=True), settings).test_client()
    answer = client.post(
        "/sparql",
        data=f"LOAD <{closed}>",
        content_type="application/sparql-update",
        headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
    )
    assert answer.status_code == 400 and f"LOAD <{closed}> failed" in answer.text


def _graph_sizes(attacker) -> dict[str, int]:
    rows = attacker.rows(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?n"
    )
    return {row["g"]: int(row["n"]) for row in rows}


def _count(attacker, text: str, **params: str) -> int:
    answer = attacker.call(
        "/sparql",
        method="POST",
        data=urllib.parse.urlencode({"query": text, **params}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    assert answer.status == 200, answer.text
    return int(json.loads(answer.text)["results"]["bindings"][0]["n"]["value"])


def test_from_is_the_dataset_of_the_query_and_the_protocol_overrides_it(attacker):
    sizes = _graph_sizes(attacker)
    ordered = list(sizes.items())
    (small, n_small), (large, n_large) = ordered[0], ordered[-1]
    assert n_small != n_large
    everything = _count(attacker, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert everything > n_large
    assert _count(attacker, f"SELECT (COUNT(*) AS ?n) FROM <{small}> WHERE {{ ?s ?p ?o }}") == (
        n_small
    )
    named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{large}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _count(attacker, named) == n_large
    overridden = f"SELECT (COUNT(*) AS ?n) FROM <{small}> WHERE {{ ?s ?p ?o }}"
    assert _count(attacker, overridden, **{"default-graph-uri": large}) == n_large


@pytest.mark.parametrize(
    ("accept", "body"),
    [
        ("text/csv", "_askResult\r\ntrue\r\n"),
        ("text/tab-separated-values", "?_askResult\ntrue\n"),
    ],
)
def test_ask_answers_as_csv_and_tsv_in_jenas_form(attacker, accept, body):
    answer = attacker.query("ASK { ?s ?p ?o }", accept=accept)
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"].startswith(accept)
    assert answer.text == body


HOSTILE_VALUES = {
    "breakout": "> } ; DROP ALL ; #",
    "bad-iri": "<bad iri>",
    "newline": "https://example.org/a\nDROP ALL",
    "nul": "https://example.org/a\x00b",
    "huge": "https://example.org/" + "x" * 100_000,  # a valid IRI, only long
}


@pytest.mark.parametrize("value", sorted(HOSTILE_VALUES))
@pytest.mark.parametrize(
    "parameter",
    ["query", "default-graph-uri", "named-graph-uri"],
)
def test_hostile_query_parameters_are_a_4xx_or_an_answer(attacker, parameter, value):
    params = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", parameter: HOSTILE_VALUES[value]}
    answer = attacker.call(
        "/sparql",
        method="POST",
        data=urllib.parse.urlencode(params).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200 or 400 <= answer.status < 500, (answer.status, answer.text[:300])
    if answer.status != 200:
        refused(answer)


@pytest.mark.parametrize("value", sorted(HOSTILE_VALUES))
@pytest.mark.parametrize("parameter", ["update", "using-graph-uri", "using-named-graph-uri"])
def test_hostile_update_parameters_are_refused_and_change_nothing(attacker, parameter, value):
    params = {"update": f"INSERT {{ GRAPH <{EVIL}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"}
    params[parameter] = HOSTILE_VALUES[value]
    before = attacker.fingerprint()
    answer = update(attacker, params.pop("update"), **params)
    if value == "huge" and parameter != "update":
        assert answer.status == 204, answer.text[:300]  # USING a graph that does not exist
    else:
        refused(answer, status=400)
    assert attacker.fingerprint() == before


@pytest.mark.parametrize("value", sorted(HOSTILE_VALUES))
def test_hostile_graph_names_in_the_graph_store_are_refused_and_change_nothing(attacker, value):
    graph = urllib.parse.quote(HOSTILE_VALUES[value], safe="")
    before = attacker.fingerprint()
    get = attacker.call(f"/data?graph={graph}")
    put = attacker.call(
        f"/data?graph={graph}",
        method="PUT",
        data=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "text/turtle"},
        token=WRITE_TOKEN,
    )
    for answer in (get, put):
        if value == "huge":  # Granian refuses a URL this long before the application sees it
            assert answer.status == 414
        else:
            refused(answer, "graph", status=400)
    assert attacker.fingerprint() == before


def test_from_is_honoured_by_every_store_backend(store):
    """Oxigraph (embedded or served) answers from its union default graph unless told."""
    g1, g2 = "https://example.org/g1", "https://example.org/g2"
    store.update(
        f"INSERT DATA {{ GRAPH <{g1}> {{ <urn:a> <urn:p> 1 }} GRAPH <{g2}> {{ <urn:b> <urn:p> 2 }} }}"
    )
    query = f"SELECT ?o FROM <{g1}> WHERE {{ ?s <urn:p> ?o }}"
    assert [row["o"].value for row in store.query(query)] == ["1"]
    named = f"SELECT ?g FROM NAMED <{g2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert [row["g"].value for row in store.query(named)] == [g2]


PORTFOLIO = (
    b'<https://example.org/gm0344/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n'
    b'<https://example.org/gm0344/b> <http://www.w3.org/2000/01/rdf-schema#label> "b" .\n'
)


UPDATE = b"INSERT DATA { " + PORTFOLIO + b" }"
# how a body of the given payload is framed: (headers, body, client goes away after it)
FRAMINGS = {
    "cut-off-chunks": lambda p: ("Transfer-Encoding: chunked", chunked(p[:60])[:-5], True),
    "malformed-chunk": lambda p: (
        "Transfer-Encoding: chunked",
        b"zz\r\n" + p + b"\r\n0\r\n\r\n",
        True,
    ),
    "whole-chunks": lambda p: ("Transfer-Encoding: chunked", chunked(p), False),
    "short-of-its-length": lambda p: (f"Content-Length: {len(p) + 50}", p, True),
}


@pytest.mark.parametrize("framing", sorted(FRAMINGS))
@pytest.mark.parametrize("route", ["sparql", "graph-store", "submissions"])
def test_a_write_whose_body_may_be_cut_off_is_refused(attacker, route, framing):
    """Granian hands on a chunked body that was cut off (or a malformed chunk: as nothing) as
    if it were whole: a write needs a Content-Length (411), and must reach it (400)."""
    method, path, media_type, who = BODY_ROUTES[route]
    token = {"write": WRITE_TOKEN, "utrecht": attacker.tokens[UTRECHT]}[who]
    headers, body, cut = FRAMINGS[framing](UPDATE if route == "sparql" else PORTFOLIO)
    status, needle = (400, "ended after") if framing == "short-of-its-length" else (411, "Length")
    head = _head(method, path, media_type, headers + "\r\n").replace("{token}", token)
    before = attacker.fingerprint()
    answer_status, text = raw(attacker.base, head.encode(), body, finish=not cut)
    assert answer_status == status, text[:300]
    assert needle in text
    assert attacker.fingerprint() == before
