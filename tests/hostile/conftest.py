"""The hostile-input and abuse suite: attacks on a live `ndsgraph serve` over real HTTP.

One server for the whole suite, with a write token, submitter tokens for two gemeenten and a
partner, a short query timeout and small body limits. Each attack asserts a 4xx with a message
that names what was wrong, no 5xx, no outbound connection (``outbound`` counts connections to
a listener on 127.0.0.1 that hostile input points at) and, for a refused write, the store's
quads unchanged (``Attacker.fingerprint``).
"""

import hashlib
import json
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..live import issue, live_server

WRITE_TOKEN = "hostile-suite-write-token"
UTRECHT = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
LOGIUS = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"
QUERY_TIMEOUT = 2.0
MAX_BODY_BYTES = 1_000_000
MAX_RESULT_BYTES = 20_000_000  # the fingerprint's answer (every quad as CSV) fits
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    text: str


class Outbound:
    """A listener on 127.0.0.1 that hostile input points at; it counts who connects.

    It answers every connection with a small valid RDF document, so that a fetch that should
    never happen would also succeed and change something."""

    def __init__(self) -> None:
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = self._server.getsockname()[1]
        self.connections = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str = "x") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def _serve(self) -> None:
        body = b'<https://example.org/fetched> <https://example.org/p> "fetched" .\n'
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            with connection:
                connection.settimeout(2)
                try:
                    connection.recv(65536)
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\n"
                        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                        + body
                    )
                except OSError:
                    pass

    def close(self) -> None:
        self._server.close()


@dataclass
class Attacker:
    """A client of the live server, with the tokens the suite issued."""

    base: str
    store: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def call(
        self,
        path: str,
        *,
        method: str = "GET",
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        token: str | None = None,
        timeout: float = 60,
    ) -> Answer:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode(errors="replace"))

    def query(self, text: str, accept: str = "application/sparql-results+json") -> Answer:
        return self.call(
            "/sparql",
            method="POST",
            data=urllib.parse.urlencode({"query": text}).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
                "Cache-Control": "no-cache",
            },
        )

    def rows(self, text: str) -> list[dict[str, str]]:
        answer = self.query(text)
        assert answer.status == 200, answer.text
        bindings = json.loads(answer.text)["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in bindings]

    def fingerprint(self) -> str:
        """A hash of every quad in the store, evaluated anew (never from the answer cache)."""
        answer = self.query(ALL_QUADS, accept="text/csv")
        assert answer.status == 200, answer.text
        header, *quads = answer.text.splitlines()
        assert header == "g,s,p,o" and len(quads) > 10_000, answer.text[:200]
        lines = sorted(quads)
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def refused(answer: Answer, *needles: str, status: int | None = None) -> None:
    """A 4xx (``status`` when given) whose message names every needle."""
    assert 400 <= answer.status < 500, (answer.status, answer.text[:500])
    if status is not None:
        assert answer.status == status, (answer.status, answer.text[:500])
    assert answer.text.strip(), "a refusal carries a message"
    for needle in needles:
        assert needle.lower() in answer.text.lower(), (needle, answer.text[:500])


@pytest.fixture(scope="session")
def outbound() -> Iterator[Outbound]:
    listener = Outbound()
    yield listener
    listener.close()


@pytest.fixture(scope="session")
def attacker(tmp_path_factory, outbound) -> Iterator[Attacker]:
    """The live server under attack, loaded with the bundled data."""
    store = tmp_path_factory.mktemp("hostile") / "store"
    env = {
        **os.environ,
        "NDSGRAPH_WRITE_TOKEN": WRITE_TOKEN,
        "NDSGRAPH_QUERY_TIMEOUT": str(QUERY_TIMEOUT),
        "NDSGRAPH_MAX_BODY_BYTES": str(MAX_BODY_BYTES),
        "NDSGRAPH_MAX_RESULT_BYTES": str(MAX_RESULT_BYTES),
    }
    with live_server(store, env=env) as base:
        tokens = {
            UTRECHT: issue(store, UTRECHT),
            ALMERE: issue(store, ALMERE),
            LOGIUS: issue(store, LOGIUS, "--partner"),
        }
        yield Attacker(base, store, tokens)


@pytest.fixture(autouse=True)
def no_outbound_connection(outbound) -> Iterator[None]:
    """Every attack in the suite: nothing the attacker sends makes the server connect out."""
    before = outbound.connections
    yield
    assert outbound.connections == before, "the server connected to the outside"
