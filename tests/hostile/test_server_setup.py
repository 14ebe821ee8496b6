"""How the server is set up: it never shares its port with another, and it believes
X-Forwarded-* headers only from proxies it is told to trust."""

import subprocess
import sys

from ndsgraph_server.app import create_app
from ndsgraph_server.settings import ServerSettings

from ndsgraph.store import OxigraphStore

PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "compass.example.nl"}


def test_a_second_server_on_the_same_port_refuses_to_start_and_loads_nothing(attacker, tmp_path):
    port = attacker.base.rsplit(":", 1)[1]
    other = tmp_path / "other-store"
    started = subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(other), "serve", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert started.stderr.strip().splitlines() == [
        f"ndsgraph: error: cannot serve on 127.0.0.1:{port}: Address already in use"
    ]
    assert not other.exists()
    assert attacker.call("/sparql?query=ASK%7B%7D").status == 200


def test_forwarded_headers_from_an_untrusted_client_do_not_change_the_endpoint(attacker):
    answer = attacker.call("/sparql", headers={"Accept": "text/turtle", **PROXIED})
    assert f"<{attacker.base}/sparql>" in answer.text
    assert "compass.example.nl" not in answer.text
    void = attacker.call("/.well-known/void", headers={"Accept": "text/turtle", **PROXIED})
    assert "compass.example.nl" not in void.text


def test_forwarded_headers_from_a_trusted_proxy_name_the_public_endpoint():
    app = create_app(OxigraphStore(), ServerSettings(trusted_proxies=1))
    answer = app.test_client().get("/sparql", headers={"Accept": "text/turtle", **PROXIED})
    assert "<https://compass.example.nl/sparql>" in answer.text


def test_a_host_name_the_server_is_not_told_to_answer_to_is_refused():
    app = create_app(OxigraphStore(), ServerSettings(trusted_hosts=("compass.example.nl",)))
    client = app.test_client()
    assert client.get("/sparql", headers={"Host": "evil.example"}).status_code == 400
    answer = client.get("/sparql", headers={"Host": "compass.example.nl", "Accept": "text/turtle"})
    assert "<http://compass.example.nl/sparql>" in answer.text


def test_head_of_a_query_is_answered_as_its_get(attacker):
    answer = attacker.call("/sparql?query=ASK%7B%7D", method="HEAD")
    assert answer.status == 200 and answer.text == ""


def test_the_cli_reads_while_the_server_runs_and_says_from_what(attacker, tmp_path):
    attacker.rows("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # the server has a snapshot
    command = [sys.executable, "-m", "ndsgraph", "--store", str(attacker.store)]
    read = subprocess.run(
        [*command, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }", "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert read.returncode == 0, read.stderr
    assert int(read.stdout.splitlines()[1]) > 1000
    # in the command's language: Dutch by default
    assert read.stderr.startswith("ndsgraph: let op: een server houdt") and (
        "momentopname" in read.stderr
    )
    data = tmp_path / "x.ttl"
    data.write_text("<https://example.org/a> <https://example.org/p> 1 .\n")
    write = subprocess.run(
        [*command, "load", str(data)], capture_output=True, text=True, timeout=120
    )
    assert write.returncode != 0
    assert len(write.stderr.splitlines()) == 1
    assert f"a server at {attacker.base} holds the store" in write.stderr
    assert write.stderr.strip().endswith("--token TOKEN")
