"""The CLI beside a running `ndsgraph serve` on the same embedded store: reads come from the
server's snapshot, writes go through the server's API with a token, or say in one line how."""

import http.client
import itertools
import json
import re
import subprocess
import sys
import time
import urllib.parse

import pytest

from ndsgraph import server_client
from ndsgraph.register import national_run

from .commands import ENV, ndsgraph, one_line
from .conftest import DATA
from .live import issue, live_server
from .test_protocol_http import call

TOKEN = "admin-s3cret"
GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
GM0599 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0599"
PORTFOLIO = DATA / "submissions" / "gm0363.ttl"


def runs_of(base: str) -> list[dict]:
    status, _, text = call(
        f"{base}/api/runs", headers={"Accept": "application/sparql-results+json"}
    )
    assert status == 200, text
    return [
        {k: v["value"] for k, v in row.items()} for row in json.loads(text)["results"]["bindings"]
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server on a small store (no bundled data: it starts in seconds), with a write token."""
    store = tmp_path_factory.mktemp("beside") / "store"
    assert (
        ndsgraph(store, "load", str(DATA / "small.ttl"), "--graph", "https://e/g").returncode == 0
    )
    tokens = {GM0363: issue(store, GM0363), GM0599: issue(store, GM0599)}
    env = {**ENV, "NDSGRAPH_WRITE_TOKEN": TOKEN}
    with live_server(store, "--no-load", env=env) as base:
        yield base, store, tokens


def test_the_server_says_in_the_store_home_where_it_serves(server):
    base, store, _ = server
    record = json.loads((store.parent / server_client.SERVER_FILE).read_text())
    assert record["url"] == base and record["store"] == str(store.resolve())


def test_a_write_without_a_token_says_in_one_line_how_to_give_it(server, tmp_path):
    base, store, _ = server
    data = tmp_path / "x.ttl"
    data.write_text("<https://example.org/a> <https://example.org/p> 1 .\n")
    result = ndsgraph(store, "load", str(data), "--graph", "https://e/x")
    assert result.returncode == 1
    line = one_line(result)
    assert f"a server at {base} holds the store" in line
    assert line.endswith(f"ndsgraph --store {store} load {data} --graph https://e/x --token TOKEN")
    assert call(f"{base}/data?graph=https://e/x")[0] == 404  # nothing written


def test_load_with_the_write_token_replaces_the_graph_through_the_server(server, tmp_path):
    base, store, _ = server
    data = tmp_path / "x.ttl"
    data.write_text("<https://example.org/a> <https://example.org/p> 1, 2 .\n")
    result = ndsgraph(store, "load", str(data), "--graph", "https://e/loaded", token=TOKEN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://e/loaded  2 triples"
    status, _, text = call(
        f"{base}/data?graph=https://e/loaded", headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and len(text.strip().splitlines()) == 2


def test_a_wrong_token_is_the_servers_refusal_in_one_line(server, tmp_path):
    base, store, tokens = server
    data = tmp_path / "x.ttl"
    data.write_text("<https://example.org/a> <https://example.org/p> 1 .\n")
    for token in ("wrong", tokens[GM0363]):  # a submitter's token is no write token
        result = ndsgraph(store, "load", str(data), "--graph", "https://e/refused", token=token)
        assert result.returncode == 1
        assert f"the server at {base} answered PUT /data with 403" in one_line(result)
    assert call(f"{base}/data?graph=https://e/refused")[0] == 404


def test_validate_makes_a_whole_store_run_through_the_server(server):
    base, store, _ = server
    result = ndsgraph(store, "validate", "--format", "json", token=TOKEN)
    assert result.returncode in (0, 1), result.stderr
    run = re.search(r"; validatierun (\S+)$", result.stderr.strip())
    assert run, result.stderr
    assert run[1] in {r["run"] for r in runs_of(base)}
    findings = json.loads(result.stdout)
    assert f"{len(findings)} bevindingen" in result.stderr
    # validate read the run's register through the server, so its snapshot holds the run
    register = ndsgraph(store, "register", "--run", run[1], "--format", "json")
    assert register.returncode == 0, register.stderr
    assert json.loads(register.stdout) == findings


def test_validate_while_a_run_goes_is_refused_in_one_line(server):
    base, store, _ = server
    before = len(runs_of(base))
    with national_run.one_at_a_time(store.parent):
        result = ndsgraph(store, "validate", token=TOKEN)
    assert result.returncode == 1
    assert "answered POST /api/runs with 409: a whole-store run is in progress" in one_line(result)
    assert len(runs_of(base)) == before


def test_a_run_of_some_frameworks_reads_the_snapshot_and_is_not_recorded(server):
    _, store, _ = server
    result = ndsgraph(store, "validate", "--framework", "legacy", token=TOKEN)
    assert result.returncode in (0, 1) and "niet vastgelegd in het register" in result.stderr
    dry = ndsgraph(store, "validate", "--framework", "legacy", "--dry-run")
    assert dry.returncode in (0, 1) and "niet vastgelegd in het register" in dry.stderr


def test_submit_goes_through_the_server_with_the_submitters_token(server):
    base, store, tokens = server
    result = ndsgraph(store, "submit", str(PORTFOLIO), "--as", GM0363, token=tokens[GM0363])
    assert result.returncode == 0, result.stderr
    assert one_line(result).startswith("aanvaard: ") and "versie 1" in result.stderr
    run = one_line(result).rsplit(" validatierun ", 1)[1]
    # before any read over HTTP, the CLI in a second terminal reads the register the
    # submission left: its snapshot knows the run (a stale one says there is no such run)
    register = ndsgraph(store, "register", "--run", run, "--format", "csv")
    assert register.returncode == 0, register.stderr
    assert ndsgraph(store, "register", "--format", "csv").stdout == register.stdout
    who = re.sub(r"[^a-z0-9]+", "-", GM0363.split("://", 1)[1])
    status, _, text = call(f"{base}/api/submissions/{who}")
    assert status == 200 and json.loads(text)["version"] == 1


def test_a_submissions_findings_read_as_the_register_names_them(server, tmp_path):
    """Made through the server, its table names rule, organisation and subject in Dutch (by
    the upload and the reference data), not by the codes the server's JSON holds."""
    _, store, tokens = server
    contract = tmp_path / "contract.ttl"
    contract.write_text(
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://data.example/contract/parkeren> a ndsg:Contract ;\n"
        '  rdfs:label "Parkeercontract"@nl ; ndsg:hasExitClause true ;\n'
        "  ndsg:hostingJurisdiction"
        " <http://publications.europa.eu/resource/authority/country/NLD> ;\n"
        f"  ndsg:organisation <{GM0599}> .\n"
    )
    result = ndsgraph(store, "submit", str(contract), "--as", GM0599, token=tokens[GM0599])
    assert result.returncode == 1 and one_line(result).startswith("afgewezen: "), result.stderr
    header, _, *rows, _ = result.stdout.splitlines()
    assert header.split()[:3] == ["ernst", "kader", "regel"] and rows, result.stdout
    assert all("Parkeercontract" in row and "Rotterdam" in row for row in rows), rows
    assert all(row.startswith(("Overtreding", "Waarschuwing", "Info")) for row in rows), rows
    english = ndsgraph(
        store, "submit", str(contract), "--as", GM0599, "--lang", "en", token=tokens[GM0599]
    )
    assert english.stdout.startswith("severity") and "Warning" in english.stdout


def test_submit_refuses_another_submitters_token_and_a_policy(server):
    _, store, tokens = server
    result = ndsgraph(store, "submit", str(PORTFOLIO), "--as", GM0363, token=tokens[GM0599])
    assert result.returncode == 1
    assert f"the token given is {GM0599}'s, not {GM0363}'s" in one_line(result)
    policy = ndsgraph(
        store, "submit", str(PORTFOLIO), "--as", GM0363, "--policy", "none", token=tokens[GM0363]
    )
    assert policy.returncode == 2 and "submit without --policy" in one_line(policy)


@pytest.mark.parametrize(
    ("args", "advice"),
    [
        (("reason",), "stop it to reason over the store"),
        (("load",), "it loads the bundled data when it starts"),
    ],
)
def test_writes_that_cannot_go_through_the_server_say_what_to_do(server, args, advice):
    base, store, _ = server
    result = ndsgraph(store, *args, token=TOKEN)
    assert result.returncode == 1
    assert one_line(result) == (
        f"ndsgraph: error: a server at {base} holds the store at {store}: {advice}"
        + ("" if args == ("reason",) else ": restart it")
    )


@pytest.mark.parametrize(
    ("command", "note"),
    [
        (("stats",), "ndsgraph: let op: een server houdt"),  # in its --lang, Dutch by default
        (("export", "--format", "nquads"), "ndsgraph: note: a server holds"),
    ],
)
def test_stats_and_export_read_the_servers_snapshot(server, command, note):
    base, store, _ = server
    call(f"{base}/sparql?query=" + urllib.parse.quote("ASK {}"))  # a snapshot exists
    result = ndsgraph(store, *command)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(note)
    assert "https://e/g" in result.stdout


def test_a_malformed_schedule_refuses_to_start_the_server(tmp_path):
    store = tmp_path / "store"
    result = subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), "serve", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**ENV, "NDSGRAPH_FULL_RUN_EVERY": "daily"},
    )
    assert result.returncode == 2
    assert one_line(result).startswith("ndsgraph: error: $NDSGRAPH_FULL_RUN_EVERY is 'daily'")
    assert not store.exists()


def test_the_server_runs_on_schedule_and_withdraws_its_address_when_it_stops(tmp_path):
    store = tmp_path / "store"
    assert ndsgraph(store, "load", str(PORTFOLIO), "--graph", "https://e/p").returncode == 0
    env = {**ENV, "NDSGRAPH_FULL_RUN_EVERY": "2s"}
    with live_server(store, "--no-load", env=env) as base:
        assert server_client.serving(str(store)) == base
        deadline = time.monotonic() + 60
        while len(runs_of(base)) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(runs_of(base)) >= 2
    assert server_client.serving(str(store)) is None
    assert not (tmp_path / server_client.SERVER_FILE).exists()
    log = next(tmp_path.glob("server-*.log")).read_text()
    assert "ndsgraph: scheduled whole-store run https://w3id.org/ndsgraph/id/validatie/" in log


def test_with_several_workers_one_schedules(tmp_path, oxigraph_server):
    """Over a remote store Granian runs two workers: their runs come one per interval, not in
    pairs."""
    from ndsgraph.config import open_store

    remote = open_store(oxigraph_server)
    for graph in remote.graphs():
        remote.drop_graph(graph)
    assert (
        ndsgraph(oxigraph_server, "load", str(PORTFOLIO), "--graph", "https://e/p").returncode == 0
    )
    env = {**ENV, "NDSGRAPH_FULL_RUN_EVERY": "3s", "NDSGRAPH_HOME": str(tmp_path / "home")}
    with live_server(
        tmp_path / "unused", "--no-load", "--workers", "2", env=env, store_location=oxigraph_server
    ) as base:
        time.sleep(10)
        times = sorted(r["time"] for r in runs_of(base))
    assert 2 <= len(times) <= 4, times
    moments = [time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) for t in times]
    assert all(b - a >= 2 for a, b in itertools.pairwise(moments)), times


def test_a_run_is_started_by_a_post_without_a_body(server):
    """`curl -X POST` sends neither Content-Length nor a body: that is no streamed write."""
    base, _, _ = server
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    connection.putrequest("POST", "/api/runs")
    connection.putheader("Authorization", f"Bearer {TOKEN}")
    connection.endheaders()
    answer = connection.getresponse()
    assert answer.status == 201, answer.read()
