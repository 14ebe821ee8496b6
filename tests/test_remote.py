"""ndsgraph on real SPARQL servers, Oxigraph (PyPI `oxigraph`, `oxigraph serve`) and Virtuoso
(Debian's virtuoso-opensource-7-bin): the CLI loads, queries and validates them, and
`ndsgraph serve --workers 2` serves them from several processes."""

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from ndsgraph.config import open_store
from ndsgraph.importers import internetnl
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled

from .conftest import DATA, empty_virtuoso
from .live import live_server


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]  # the settings that point ndsgraph at it

    def ndsgraph(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ndsgraph", "--store", self.url, *args],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, **self.env},
        )


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request) -> Server:
    if request.param == "virtuoso":
        url, env = request.getfixturevalue("virtuoso_server")
        empty_virtuoso(url, env)
    else:
        url, env = request.getfixturevalue("oxigraph_server"), {}
        open_store(url).update("DROP SILENT ALL")
    server = Server(url, env)
    loaded = server.ndsgraph("load")
    assert loaded.returncode == 0, loaded.stderr
    return server


def test_cli_loads_queries_and_reuses_a_remote_store(remote):
    again = remote.ndsgraph("load")
    assert again.returncode == 0 and again.stdout.startswith("0 of ")
    result = remote.ndsgraph(
        "query", "--file", "src/ndsgraph/queries/building-blocks.rq", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) >= 30 and any(r["partnerName"] == "Logius" for r in rows)


def test_validating_the_remote_store_records_a_run_there(remote):
    result = remote.ndsgraph("validate", "--format", "csv")  # a whole-store run
    assert result.returncode == 1, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) >= 1
    register = remote.ndsgraph("register", "--format", "csv")
    assert register.returncode == 0 and "cofinanciering" in register.stdout


def test_several_workers_serve_a_remote_store(remote, tmp_path):
    env = {**os.environ, **remote.env, "NDSGRAPH_HOME": str(tmp_path)}
    with live_server(
        tmp_path / "store", "--no-load", "--workers", "2", store_location=remote.url, env=env
    ) as base:
        client = SPARQLWrapper(base + "/sparql")
        client.setQuery(
            "SELECT (COUNT(*) AS ?n) WHERE { ?b a <https://w3id.org/ndsgraph/def/BuildingBlock> }"
        )
        client.setReturnFormat(JSON)
        for _ in range(6):  # requests spread over both workers
            bindings = client.query().convert()["results"]["bindings"]
            assert int(bindings[0]["n"]["value"]) >= 30


def test_embedded_store_refuses_several_workers(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ndsgraph",
            "--store",
            str(tmp_path / "store"),
            "serve",
            "--no-load",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "remote SPARQL store" in result.stderr


def test_a_query_whose_comment_starts_with_an_update_word_is_sent_as_a_query(remote):
    """SPARQLWrapper guesses a request's kind from the first keyword-like word of its text; a
    stored query's header ("# description: … can move …") made it send a SELECT as an update.
    The store tells it the kind it parsed itself."""
    store = open_store(remote.url, {**os.environ, **remote.env})
    text = "# title: one\n# description: it can move\nSELECT (1 AS ?one) WHERE {}"
    assert [row["one"].value for row in store.query(text)] == ["1"]
    ask = "# title: one\n# description: load nothing\nASK { }"
    assert bool(store.query(ask)) is True


def test_answers_with_blank_nodes_are_read_from_every_server(remote, tmp_path):
    """Virtuoso labels blank nodes ``nodeID://b12345`` in its SELECT answers, which pyoxigraph
    refused ("Invalid bnode value"): such a query, and an export, ended as an internal error."""
    pattern = "?node ?p ?o FILTER(isBlank(?node))"  # the building blocks' adoption targets
    select = remote.ndsgraph(
        "query", f"SELECT ?node ?p ?o WHERE {{ {pattern} }}", "--format", "json"
    )
    assert select.returncode == 0, select.stderr
    rows = json.loads(select.stdout)["results"]["bindings"]
    assert len(rows) >= 10 and all(row["node"]["type"] == "bnode" for row in rows)
    # the same node keeps one label: each has several facts
    assert len({row["node"]["value"] for row in rows}) < len(rows)
    facts = {(row["node"]["value"], row["p"]["value"], row["o"]["value"]) for row in rows}
    construct = remote.ndsgraph(
        "query", f"CONSTRUCT {{ ?node ?p ?o }} WHERE {{ {pattern} }}", "--format", "ntriples"
    )
    assert construct.returncode == 0, construct.stderr
    assert len(construct.stdout.splitlines()) == len(facts)
    assert all(line.startswith("_:") for line in construct.stdout.splitlines())
    dump = tmp_path / "dump.nq"
    exported = remote.ndsgraph("export", "--format", "nquads", "-o", str(dump))
    assert exported.returncode == 0, exported.stderr
    assert sum(line.startswith("_:") for line in dump.read_text().splitlines()) >= len(facts)


def test_an_internetnl_import_finds_on_every_server_what_it_finds_embedded(remote, tmp_path):
    """An import reads what it is judged with as statements the server writes (CONSTRUCT) and
    writes its graphs while it is judged, from several threads: on a SPARQL server as in the
    embedded store. Last in this module: it adds measurement graphs to the server."""
    files = [DATA / "internetnl" / "web-v2.json", DATA / "internetnl" / "mail-v2.json"]
    domains = DATA / "internetnl" / "domains.csv"
    command = ["import", "internetnl", *map(str, files), "--domains", str(domains)]
    imported = subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", remote.url, *command],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **remote.env, "NDSGRAPH_HOME": str(tmp_path / "remote")},
    )
    assert imported.returncode == 0, imported.stderr
    embedded = OxigraphStore()
    list(bundled.load_bundled(embedded, progress=False))
    batches, mapping = internetnl.read_files(files, domains)
    internetnl.import_batches(embedded, tmp_path / "embedded", batches, mapping)
    served = open_store(remote.url, {**os.environ, **remote.env})
    assert measured_findings(served) == measured_findings(embedded) != set()


def measured_findings(store) -> set[tuple[str, str, str]]:
    """The register's findings of the measured-standard rule: (subject, standard, message)."""
    rule = "https://w3id.org/ndsgraph/id/regel/pas-toe-of-leg-uit/gemeten-standaard"
    rows = queries.run(store, queries.stored("register"))
    return {
        (r["subject"].value, r["value"].value, r["messageEn"].value)
        for r in rows
        if r["rule"].value == rule
    }
