"""Submissions end to end, through real HTTP against `ndsgraph serve`: dry-run validation,
accept, reject and quarantine, history and diff, scope, versions, bad inputs, concurrency."""

import json
import threading
import urllib.parse
from pathlib import Path

import pytest

from .conftest import DATA
from .live import issue, live_server
from .test_protocol_http import call

GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
GM0599 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0599"
SUBMISSIONS = DATA / "submissions"
BAD = DATA / "bad"
MEDIA = {
    ".ttl": "text/turtle",
    ".csv": "text/csv",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".nt": "application/n-triples",
    ".png": "image/png",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("submissions") / "store"
    tokens = {GM0363: issue(store, GM0363), GM0599: issue(store, GM0599)}
    with live_server(
        store, env={**__import__("os").environ, "NDSGRAPH_MAX_BODY_BYTES": "200000"}
    ) as base:
        yield base, tokens, store


def post(
    base: str,
    path: str,
    file: Path,
    *,
    token: str | None = None,
    accept: str = "application/json",
    headers: dict | None = None,
    body: bytes | None = None,
):
    sent = {"Content-Type": MEDIA[file.suffix], "Accept": accept, **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return call(
        base + path,
        method="POST",
        data=body if body is not None else file.read_bytes(),
        headers=sent,
    )


def sparql_json(base: str, query: str) -> dict:
    _, _, body = call(
        base + "/sparql?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    return json.loads(body)


def sparql_count(base: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(sparql_json(base, query)["results"]["bindings"][0]["n"]["value"])


def graph_of(iri: str) -> str:
    from ndsgraph.intake.submissions import slug

    return f"https://w3id.org/ndsgraph/graph/submission/{slug(iri)}"


def test_dry_run_validation_reports_in_every_format_and_stores_nothing(server):
    base, _, _ = server
    status, _, body = post(base, "/api/validate", SUBMISSIONS / "gm0363-violation.ttl")
    report = json.loads(body)
    assert status == 200 and report["stored"] is False and report["conforms"] is False
    assert {f["rule"].rsplit("/", 1)[1] for f in report["findings"]} == {
        "exitclausule",
        "exportstandaard",
    }
    assert all(f["subject"].startswith("https://example.org/gm0363/") for f in report["findings"])
    for accept, marker in (
        ("text/turtle", "sh:ValidationReport"),
        ("text/html", "<table"),
        ("text/csv", "severity"),
    ):
        status, media_type, text = post(
            base, "/api/validate", SUBMISSIONS / "gm0363-violation.ttl", accept=accept
        )
        assert status == 200 and media_type == accept and marker in text
    assert sparql_count(base, graph_of(GM0363)) == 0


def test_upload_form_and_csv_template(server):
    base, _, _ = server
    status, _, form = call(base + "/validate")
    assert status == 200 and 'type="file"' in form and 'enctype="multipart/form-data"' in form
    status, media_type, template = call(base + "/api/validate/template.csv")
    assert (
        status == 200 and media_type == "text/csv" and template.startswith("kind,id,organisation")
    )


def test_accept_reject_quarantine_history_and_diff(server):
    base, tokens, store = server
    token = tokens[GM0363]
    status, _, body = post(base, "/api/submissions", SUBMISSIONS / "gm0363.ttl", token=token)
    first = json.loads(body)
    assert status == 201 and first["accepted"] and first["version"] == 1, body
    size = sparql_count(base, graph_of(GM0363))
    assert size > 10

    status, _, body = post(
        base, "/api/submissions", SUBMISSIONS / "gm0363-violation.ttl", token=token
    )
    refused = json.loads(body)
    assert status == 422 and not refused["accepted"] and refused["quarantine"]
    assert any(
        "exitclausule" in f["message_nl"] or f["rule"].endswith("/exitclausule")
        for f in refused["findings"]
    )
    assert sparql_count(base, graph_of(GM0363)) == size  # untouched
    quarantined = list((store.parent / "quarantine").rglob("*.nt"))
    assert len(quarantined) == 1

    status, _, body = post(
        base,
        "/api/submissions",
        SUBMISSIONS / "gm0363.csv",
        token=token,
        headers={"If-Match": f'"{first["etag"]}"'},
    )
    second = json.loads(body)
    assert status == 201 and second["version"] == 2, body
    who = urllib.parse.quote(graph_of(GM0363).rsplit("/", 1)[1])
    versions = json.loads(call(f"{base}/api/submissions/{who}/versions")[2])
    assert [v["version"] for v in versions] == [1, 2]
    status, _, v1 = call(f"{base}/api/submissions/{who}/versions/1")
    assert status == 200 and "example.org/gm0363/website" in v1
    status, _, unknown = call(f"{base}/api/submissions/{who}/versions/3")
    assert status == 404 and "has no version 3 (it has versions 1 to 2)" in unknown
    status, _, unknown = call(f"{base}/api/submissions/{who}/diff?from=1&to=7")
    assert status == 404 and "has no version 7" in unknown
    status, _, backwards = call(f"{base}/api/submissions/{who}/diff?from=2&to=1")
    assert status == 400 and "parameter 'from' (2) comes after parameter 'to' (1)" in backwards
    diff = json.loads(call(f"{base}/api/submissions/{who}/diff?from=1&to=2")[2])
    assert any("example.org/gm0363/website" in line for line in diff["removed"])
    assert any("/id/afname/gm0363/brp" in line for line in diff["added"])
    status, _, current = call(f"{base}/api/submissions/{who}")
    assert status == 200 and json.loads(current)["version"] == 2

    stale = post(
        base,
        "/api/submissions",
        SUBMISSIONS / "gm0363.ttl",
        token=token,
        headers={"If-Match": f'"{first["etag"]}"'},
    )
    assert stale[0] == 412
    prefixes = (
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX ndsg: <https://w3id.org/ndsgraph/def/>"
    )
    runs = sparql_json(
        base,
        f"{prefixes} SELECT (COUNT(?run) AS ?n) WHERE "
        f"{{ ?run a ndsg:ValidationRun ; prov:wasAssociatedWith <{GM0363}> }}",
    )
    # the accepted ones, with PROV; the rejected upload is in quarantine, not in the register
    assert int(runs["results"]["bindings"][0]["n"]["value"]) == 2


@pytest.mark.parametrize("path", ["/api/submissions", "/api/validate"])
def test_statements_about_another_organisation_are_refused_by_name(server, path):
    """A dry run with the submitter's token said "conforms" where the submission was a 403."""
    base, tokens, _ = server
    before = sparql_count(base, graph_of(GM0363))
    status, _, body = post(
        base, path, SUBMISSIONS / "about-another-organisation.ttl", token=tokens[GM0363]
    )
    assert status == 403 and "gm0599" in body
    assert sparql_count(base, graph_of(GM0363)) == before


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("not-a-token", 403)])
def test_submissions_need_a_valid_token(server, token, status):
    base, _, _ = server
    assert post(base, "/api/submissions", SUBMISSIONS / "gm0363.ttl", token=token)[0] == status


@pytest.mark.parametrize(
    ("name", "status", "needle"),
    [
        ("malformed.ttl", 400, "line 3"),
        ("remote-context.jsonld", 400, "never fetched"),
        ("external-entity.rdf", 400, "never fetched"),
        ("owl-imports.ttl", 400, "never fetched"),
        ("template-bad-date.csv", 400, "line 2, column start_date"),
        ("picture.png", 415, "unsupported media type"),
    ],
)
def test_bad_input_corpus_is_refused_and_changes_nothing(server, name, status, needle):
    base, tokens, _ = server
    before = sparql_count(base, graph_of(GM0599))
    for path in ("/api/validate", "/api/submissions"):
        code, _, body = post(base, path, BAD / name, token=tokens[GM0599])
        assert code == status, (path, body)
        assert needle in body
    assert sparql_count(base, graph_of(GM0599)) == before


def test_too_large_is_413(server):
    base, tokens, _ = server
    big = (
        b'<https://example.org/gm0599/x> <http://www.w3.org/2000/01/rdf-schema#comment> "'
        + b"x" * 300_000
        + b'" .'
    )
    assert (
        post(base, "/api/submissions", BAD / "malformed.ttl", token=tokens[GM0599], body=big)[0]
        == 413
    )


def test_concurrent_submitters_all_land(server, tmp_path):
    base, tokens, _ = server
    files = {}
    for iri in (GM0363, GM0599):
        code = iri.rsplit("/", 1)[1]
        text = (
            (SUBMISSIONS / "gm0363.ttl")
            .read_text()
            .replace("gm:gm0363", f"gm:{code}")
            .replace("/gm0363/", f"/{code}/c/")
        )
        files[iri] = tmp_path / f"{code}.ttl"
        files[iri].write_text(text)
    results = {}

    def send(iri):
        results[iri] = post(base, "/api/submissions", files[iri], token=tokens[iri])[0]

    threads = [threading.Thread(target=send, args=(iri,)) for iri in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {GM0363: 201, GM0599: 201}
    assert sparql_count(base, graph_of(GM0599)) > 10


def test_report_names_its_terms_and_reads_its_messages_as_the_register_does(server):
    """A report's JSON keeps the recorded finding (a client reads it back) and writes beside it
    each term's name and the message as people read it, in the reader's language."""
    base, _, _ = server
    violation = SUBMISSIONS / "gm0363-violation.ttl"
    for lang, rule, message in (
        ("nl", "Export in een open standaard", "voor de gegevensexport."),
        ("en", "Export in an open standard", "for the data export."),
    ):
        status, _, body = post(base, f"/api/validate?lang={lang}", violation)
        found = {f["rule"].rsplit("/", 1)[1]: f for f in json.loads(body)["findings"]}
        export = found["exportstandaard"]
        assert status == 200 and export["rule_name"] == rule
        assert export["organisation_name"] == "gemeente Amsterdam"
        assert export["message"].endswith(message) and "ndsg:" not in export["message"]
        assert "(ndsg:dataExportStandard)" in export["message_nl"]  # as recorded
        assert export["value_is_iri"] is False
    status, _, page = post(base, "/api/validate", violation, accept="text/html")
    assert status == 200 and "Exitclausule" in page and "Overtreding" in page
    assert "/regel/exit-by-design/exitclausule'>" in page  # the name links its IRI
    assert "<strong>voldoet</strong>: nee" in page and "False" not in page  # not Python's
    status, _, page = post(base, "/api/validate?lang=en", violation, accept="text/html")
    assert "<strong>conforms</strong>: no" in page and "Exit clause" in page
