"""Provenance per claim: every graph says how its statements are known (ndsg:evidenceKind), and
the register and the adoption KPIs show it; a KPI can be asked for one kind of evidence only
(tests/data/kpi-evidence.trig, computed by hand)."""

import subprocess
import sys

import pyoxigraph as ox
import pytest
from ndsgraph_server import create_app

from ndsgraph import register, validation
from ndsgraph.errors import InputError
from ndsgraph.intake import ingest, rdfio
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import known
from ndsgraph.register import kpi
from ndsgraph.resources import ontology_dir
from ndsgraph.sparql import queries
from ndsgraph.store import GraphContent, OxigraphStore, bundled, snapshot
from ndsgraph.validation import findings, frameworks
from ndsgraph.vocabulary import GRAPH

from .conftest import DATA

BEWIJS = "https://w3id.org/ndsgraph/id/begrip/bewijs/"
GRAPH_KINDS = (
    "SELECT ?graph ?kind WHERE { GRAPH ?graph "
    "{ ?graph <https://w3id.org/ndsgraph/def/evidenceKind> ?kind } }"
)


def evidence_store() -> OxigraphStore:
    """The fixture's graphs, and the vocabulary that names the kinds of evidence."""
    store = OxigraphStore()
    path = DATA / "kpi-evidence.trig"
    by_graph: dict[str, list[ox.Triple]] = {}
    for quad in rdfio.parse(path.read_bytes(), rdfio.format_for_path(path), source=str(path)):
        by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    store.replace_graphs({g: GraphContent(t, g) for g, t in by_graph.items()})
    bundled.load_file(store, ontology_dir() / "vocabularies.ttl", GRAPH.vocabularies.value)
    return store


def row_of(result: kpi.KpiResult) -> dict[str, str]:
    [row] = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
    return row


@pytest.mark.parametrize(
    ("evidence", "in_production", "percentage", "kinds"),
    [
        (None, "3", 100.0, {"gemeten", "zelf gerapporteerd"}),
        ("gemeten", "2", 66.7, {"gemeten"}),
        ("zelf-gerapporteerd", "1", 33.3, {"zelf gerapporteerd"}),
        ("register", "0", 0.0, set()),
    ],
)
def test_the_adoption_rate_shows_its_evidence_and_counts_one_kind_when_asked(
    evidence, in_production, percentage, kinds
):
    overall, by_type = kpi.adoption(evidence_store(), evidence)
    for result in (overall, by_type):
        row = row_of(result)
        assert (row["targetPopulation"], row["inProduction"]) == ("3", in_production)
        assert float(row["percentage"]) == percentage
        assert set(filter(None, row["evidence"].split(", "))) == kinds
        assert "evidenceKind" not in result.columns
    assert overall.parameters == ({"evidenceKind": evidence} if evidence else {})


def test_an_unknown_kind_of_evidence_is_refused_naming_it_and_the_known_ones():
    with pytest.raises(InputError) as error:
        kpi.adoption(evidence_store(), "gissing")
    assert str(error.value) == (
        "parameter 'evidenceKind' must be one of gemeten, register, zelf-gerapporteerd "
        "(begrip/bewijs) or its IRI, got 'gissing'"
    )


def test_the_kinds_a_parameter_takes_are_read_from_the_vocabulary():
    assert {k: v.value for k, v in queries.concepts("bewijs").items()} == {
        "zelf-gerapporteerd": BEWIJS + "zelf-gerapporteerd",
        "register": BEWIJS + "register",
        "gemeten": BEWIJS + "gemeten",
    }
    stored = queries.stored("kpi-adoption-rate")
    assert [(p.name, p.type) for p in stored.parameters] == [("evidenceKind", "concept:bewijs")]


def test_over_http_the_kind_filters_the_kpi_and_an_unknown_one_is_a_400():
    client = create_app(evidence_store()).test_client()
    accept = {"Accept": "application/sparql-results+json"}
    answer = client.get("/api/queries/kpi-adoption-rate?evidenceKind=gemeten", headers=accept)
    assert answer.status_code == 200
    [row] = answer.json["results"]["bindings"]
    assert (row["inProduction"]["value"], row["evidence"]["value"]) == ("2", "gemeten")
    refused = client.get("/api/queries/kpi-adoption-rate?evidenceKind=gissing", headers=accept)
    assert refused.status_code == 400 and "'gissing'" in refused.text


UNKNOWN = ("--evidence", "gissing")


def test_the_command_refuses_an_unknown_kind_on_one_line(tmp_path):
    store = tmp_path / "store"
    OxigraphStore(store, create=True)  # released at once: the command opens it next
    result = subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), "kpi", "adoption", *UNKNOWN],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "got 'gissing'" in result.stderr


@pytest.fixture(scope="module")
def bundled_store() -> OxigraphStore:
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    return store


def test_every_bundled_data_graph_says_how_it_is_known(bundled_store):
    kinds = {r["graph"].value: r["kind"].value for r in bundled_store.query(GRAPH_KINDS)}
    data = {source.graph for source in bundled.bundled_sources() if "/data/" in str(source.path)}
    assert {g: kinds.get(g) for g in data} == {
        g: BEWIJS + ("zelf-gerapporteerd" if g.endswith("/example-landscape") else "register")
        for g in data
    }
    landscape = GRAPH["example-landscape"]
    assert bundled_store.query(
        f"ASK {{ {landscape} a <https://w3id.org/ndsgraph/def/ExampleData> }}"
    )


def test_a_submission_is_self_reported(bundled_store, tmp_path):
    store = OxigraphStore()
    for source in bundled.bundled_sources():
        if not source.graph.endswith("/example-landscape"):
            bundled.load_file(store, source.path, source.graph)
    upload = (DATA / "submissions" / "gm0363.ttl").read_bytes()
    submitter = known("https://identifier.overheid.nl/tooi/id/gemeente/gm0363")
    outcome = Submissions(store, tmp_path, "none").submit(
        submitter, ingest.read_upload(upload, "text/turtle")
    )
    kinds = {r["graph"].value: r["kind"].value for r in store.query(GRAPH_KINDS)}
    assert kinds[outcome.graph] == BEWIJS + "zelf-gerapporteerd"


def test_the_register_shows_how_the_subject_of_each_finding_is_known(bundled_store):
    store = OxigraphStore()
    for source in bundled.bundled_sources():
        bundled.load_file(store, source.path, source.graph)
    data, digest = snapshot.asserted(store)
    judged = validation.validate(data, digest, chosen=frameworks.select(["exit-by-design"]))
    register.record(store, register.Judgement(judged))
    result = queries.run(store, queries.stored("register"))
    names = [v.value for v in result.variables]
    rows = [{n: s[n].value for n in names if s[n] is not None} for s in result]
    found = findings.from_rows(rows)
    assert found and {f.evidence for f in found if "/voorbeeld/" in f.subject} == {
        BEWIJS + "zelf-gerapporteerd"  # the kind, named in the reader's language where shown
    }
    assert len(found) == len({f.subject + f.rule + f.message_nl for f in found})  # one row each
