"""The whole-store run as one library function, one at a time, and how the CLI finds the
server that holds a store (the file `serve` writes into the store's home)."""

import json
import os
import subprocess

import pytest

from ndsgraph import server_client
from ndsgraph.errors import RunInProgress
from ndsgraph.register import national_run, runs
from ndsgraph.store import OxigraphStore


@pytest.fixture
def store(portfolio_store: OxigraphStore) -> OxigraphStore:
    return portfolio_store


def test_a_whole_store_run_is_recorded_and_known_by_the_iri_it_returns(store, tmp_path):
    summary = national_run.run(store, tmp_path)
    iri = summary.run.iri
    assert runs.named(store, iri) == iri == runs.named(store, summary.run.graph)
    counts = summary.counts()
    assert counts["findings"] == len(summary.findings) > 0
    assert counts["unexplained"] == sum(not f.explained for f in summary.findings)
    assert counts["violations"] <= counts["findings"] and counts["conforms"] is False
    stored = store.query(
        f"SELECT ?n WHERE {{ <{iri}> <https://w3id.org/ndsgraph/def/findingCount> ?n }}"
    )
    assert [int(r["n"].value) for r in stored] == [counts["findings"]]


def test_a_second_run_is_refused_while_one_goes_and_allowed_after(tmp_path):
    with (
        national_run.one_at_a_time(tmp_path),
        pytest.raises(RunInProgress, match=r"in progress \(started 20"),
        national_run.one_at_a_time(tmp_path),
    ):
        pass
    with national_run.one_at_a_time(tmp_path):  # free again
        pass


def test_the_run_lock_is_freed_when_a_run_fails(tmp_path):
    with pytest.raises(ZeroDivisionError), national_run.one_at_a_time(tmp_path):
        _ = 1 / 0
    with national_run.one_at_a_time(tmp_path):
        pass


def test_a_server_is_found_by_the_file_it_announces_and_withdraws(tmp_path):
    location = str(tmp_path / "store")
    path = server_client.announce(location, "http://127.0.0.1:8123")
    assert path == tmp_path / server_client.SERVER_FILE
    assert server_client.serving(location) == "http://127.0.0.1:8123"
    assert server_client.serving(str(tmp_path / "other-store")) is None
    server_client.withdraw(path)
    assert not path.exists() and server_client.serving(location) is None


def test_a_stale_server_file_is_ignored_and_another_servers_is_left(tmp_path):
    location = str(tmp_path / "store")
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that has ended
    record = {"url": "http://127.0.0.1:8123", "pid": gone.pid, "store": str(tmp_path / "store")}
    path = tmp_path / server_client.SERVER_FILE
    path.write_text(json.dumps(record))
    assert server_client.serving(location) is None
    path.write_text(json.dumps({**record, "pid": os.getppid()}))
    server_client.withdraw(path)  # not this process's file
    assert server_client.serving(location) == "http://127.0.0.1:8123"
    path.write_text("{not json")
    assert server_client.serving(location) is None


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:80"),
        ("0.0.0.0", "http://127.0.0.1:80"),
        ("::", "http://[::1]:80"),
        ("localhost", "http://localhost:80"),
    ],
)
def test_the_url_a_client_reaches_a_server_at(host, url):
    assert server_client.client_url(host, 80) == url
