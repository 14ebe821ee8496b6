"""The register as a page (/register) on the example landscape: each filter in the address
narrows the rows exactly as register.rq does with that parameter bound, filters combine, a bad
filter is a 400 naming it, the CSV and JSON of a view are the same selection with names beside
the IRIs, and `ndsgraph register` with the same filters gives the same rows."""

import csv
import html
import io
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from ndsgraph_server import create_app
from werkzeug.serving import make_server

from ndsgraph import register
from ndsgraph.names import day
from ndsgraph.register import selection
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled

from .browsing import axe_violations, full_page_screenshot, shown_identifiers

ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
EXIT = "https://w3id.org/ndsgraph/id/kader/exit-by-design"
LOCK_IN = "https://w3id.org/ndsgraph/id/regel/exit-by-design/lock-in"
GEMEENTE = "https://w3id.org/ndsgraph/id/begrip/organisatietype/gemeente"
VIOLATION = "http://www.w3.org/ns/shacl#Violation"
SEVERITY_RANK = {
    f"http://www.w3.org/ns/shacl#{s}": n for n, s in enumerate(("Violation", "Warning", "Info"))
}
# the view the issue's done-when asks for: unexplained Violations of gemeenten in exit-by-design
DONE_WHEN = {
    "severity": "Violation",
    "explained": "false",
    "organisationType": "gemeente",
    "framework": "exit-by-design",
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """The bundled data and example landscape, judged by a whole-store run, on disk (the CLI
    reads it too)."""
    path = tmp_path_factory.mktemp("register-page") / "store"
    store = OxigraphStore(path, create=True)
    list(bundled.load_bundled(store, progress=False))
    register.judge_all(store)
    del store  # closed: the readers below open it read-only
    return path


@pytest.fixture(scope="module")
def store(store_path) -> OxigraphStore:
    return OxigraphStore(store_path, read_only=True)


@pytest.fixture(scope="module")
def client(store):
    return create_app(store).test_client()


def key(row: dict[str, str]) -> tuple:
    """What tells two register rows apart, as the query and the CSV both give it."""
    return (row["subject"], row.get("rule") or "", row.get("organisation") or "", row["severity"])


def library(store, **parameters: str) -> list[tuple]:
    """register.rq's rows with these parameters bound, run by the library."""
    rows = queries.run(store, queries.stored("register"), parameters)
    return sorted(
        (
            s["subject"].value,
            s["rule"].value if s["rule"] else "",
            s["organisation"].value if s["organisation"] else "",
            s["severity"].value.rsplit("#", 1)[-1],
        )
        for s in rows
    )


def library_columns(store) -> list[dict[str, str]]:
    names = ("subject", "rule", "organisation", "severity", "organisationType", "framework")
    names += ("explained", "validThrough", "firstSeen")
    return [
        {n: s[n].value if s[n] else "" for n in names}
        for s in queries.run(store, queries.stored("register"))
    ]


def page_csv(client, **filters: str) -> list[dict[str, str]]:
    answer = client.get("/register", query_string={**filters, "format": "csv"})
    assert answer.status_code == 200, answer.text
    assert answer.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(answer.text)))


def counted(client, **filters: str) -> tuple[int, int]:
    """The counts the page states: N findings, M of them unexplained."""
    page = client.get("/register", query_string=filters)
    assert page.status_code == 200, page.text
    found = re.search(r"(\d+) bevinding(?:en)?, waarvan (\d+) onverklaard", page.text)
    assert found, "the page states no counts"
    return int(found[1]), int(found[2])


IN_600_DAYS = (date.today() + timedelta(days=600)).isoformat()
# each filter of the page, register.rq's parameter for it, and what it keeps of the register
FILTERS = [
    ({"organisation": "gm0034"}, {"organisation": ALMERE}, lambda r: r["organisation"] == ALMERE),
    ({"organisation": "GM0034"}, {"organisation": ALMERE}, lambda r: r["organisation"] == ALMERE),
    ({"organisation": ALMERE}, {"organisation": ALMERE}, lambda r: r["organisation"] == ALMERE),
    (
        {"organisationType": "gemeente"},
        {"organisationType": "gemeente"},
        lambda r: r["organisationType"] == GEMEENTE,
    ),
    ({"framework": "exit-by-design"}, {"framework": EXIT}, lambda r: r["framework"] == EXIT),
    ({"rule": LOCK_IN}, {"rule": LOCK_IN}, lambda r: r["rule"] == LOCK_IN),
    ({"severity": "Violation"}, {"severity": VIOLATION}, lambda r: r["severity"] == VIOLATION),
    ({"explained": "true"}, {"explained": "true"}, lambda r: r["explained"] == "true"),
    ({"explained": "false"}, {"explained": "false"}, lambda r: r["explained"] == "false"),
    (
        {"expiringWithin": "600"},
        {"expiringBy": IN_600_DAYS},
        lambda r: bool(r["validThrough"]) and r["validThrough"] <= IN_600_DAYS,
    ),
]


@pytest.mark.parametrize(("filters", "parameters", "keeps"), FILTERS)
def test_each_filter_narrows_the_register_exactly_as_the_register_query(
    client, store, filters, parameters, keeps
):
    whole = library_columns(store)
    expected = sorted(
        (r["subject"], r["rule"], r["organisation"], r["severity"].rsplit("#", 1)[-1])
        for r in whole
        if keeps(r)
    )
    assert 0 < len(expected) < len(whole), "the example landscape does not test this filter"
    assert library(store, **parameters) == expected
    assert sorted(key(r) for r in page_csv(client, **filters)) == expected
    total, unexplained = counted(client, **filters)
    assert total == len(expected)
    assert unexplained == sum(1 for r in whole if keeps(r) and r["explained"] == "false")


def test_first_seen_before_keeps_what_was_seen_on_or_before_that_day(client, store):
    """A date means the end of that Dutch day, in the page, the CLI and the API alike."""
    whole = library_columns(store)
    first = date.fromisoformat(min(r["firstSeen"] for r in whole)[:10])  # one run, today (UTC)
    assert page_csv(client, firstSeenBefore=str(first - timedelta(days=2))) == []
    assert len(page_csv(client, firstSeenBefore=str(first + timedelta(days=1)))) == len(whole)
    api = client.get(
        "/api/queries/register",
        query_string={"firstSeenBefore": str(first)},
        headers={"Accept": "text/csv"},
    )
    assert len(api.text.strip().splitlines()) - 1 == len(
        page_csv(client, firstSeenBefore=str(first))
    )


def test_filters_combine_into_the_view_the_issue_asks_for(client, store):
    """Unexplained Violations of gemeenten in exit-by-design."""
    expected = library(
        store,
        severity=VIOLATION,
        explained="false",
        organisationType="gemeente",
        framework=EXIT,
    )
    rows = page_csv(client, **DONE_WHEN)
    assert len(expected) > 0 and sorted(key(r) for r in rows) == expected
    assert {r["severity_name"] for r in rows} == {"Overtreding"}
    assert {r["framework_name"] for r in rows} == {"Exit-by-design"}
    assert {r["explained"] for r in rows} == {"false"}  # as in the JSON and SPARQL's CSV
    assert counted(client, **DONE_WHEN) == (len(expected), len(expected))
    assert len(page_csv(client, **DONE_WHEN, organisation="gm0034")) < len(expected)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("organisation", "gm9999"),
        ("organisationType", "dorp"),
        ("framework", "no-such-framework"),
        ("rule", "https://example.org/no-rule"),
        ("severity", "sh:Violation"),
        ("explained", "no"),
        ("expiringWithin", "-3"),
        ("firstSeenBefore", "31-12-2026"),
        ("at", "gisteren"),
        ("format", "xlsx"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(client, name, value):
    answer = client.get("/register", query_string={name: value})
    assert answer.status_code == 400
    assert name in answer.text and value in answer.text


@pytest.mark.parametrize(
    ("code", "iri"),
    [
        ({"organisation": "gm0034"}, {"organisation": ALMERE}),
        ({"organisationType": "gemeente"}, {"organisationType": GEMEENTE}),
        ({"framework": "exit-by-design"}, {"framework": EXIT}),
        ({"severity": "Violation"}, {"severity": VIOLATION}),
        ({"expiringWithin": "600"}, {"expiringBy": IN_600_DAYS}),
    ],
)
def test_a_filter_takes_its_code_and_its_iri_alike_in_the_page_and_the_api(client, code, iri):
    """The API took IRIs for framework and severity but a code for organisationType, and
    expiringBy where the page took expiringWithin."""
    found = []
    for form in (code, iri):
        found.append(sorted(key(r) for r in page_csv(client, **form)))
        answer = client.get(
            "/api/queries/register", query_string=form, headers={"Accept": "text/csv"}
        )
        assert answer.status_code == 200, answer.text
        rows = csv.DictReader(io.StringIO(answer.text))  # a severity by its IRI
        found.append(sorted(key({**r, "severity": r["severity"].split("#")[-1]}) for r in rows))
    assert found[0] and all(rows == found[0] for rows in found)  # the landscape has such findings


def test_expiring_within_and_expiring_by_together_are_refused_naming_both(client):
    for path in ("/register", "/api/queries/register"):
        answer = client.get(path, query_string={"expiringWithin": "30", "expiringBy": IN_600_DAYS})
        assert answer.status_code == 400
        assert "expiringWithin" in answer.text and "expiringBy" in answer.text


@pytest.mark.parametrize(
    ("query", "dutch", "english"),
    [
        (
            {"explained": "maybe"},
            "explained: 'maybe' is niet true of false",
            "is not true or false",
        ),
        ({"colour": "red"}, "het register heeft geen filter 'colour'", "has no filter 'colour'"),
        ({"format": "xlsx"}, "format: 'xlsx' is niet een van", "is not one of"),
        ({"organisation": "gm9999"}, "geen organisatie 'gm9999'", "no organisation 'gm9999'"),
        ({"severity": "fatal"}, "severity: 'fatal' is niet een van", "is not one of"),
        ({"limit": "-5"}, "limit: '-5' is geen geheel getal", "limit: '-5' is not a whole number"),
        ({"offset": "9" * 19}, "offset: 9999999999999999999 is te groot", "is too large"),
        ({"limit": ["1", "2"]}, "de parameter 'limit' staat er meer dan eens", "more than one"),
    ],
)
def test_a_refusal_on_the_page_reads_in_the_pages_language(client, query, dutch, english):
    """They were English on Dutch pages; the API's stay English, naming the parameter. Every
    refusal reads the same way: the parameter first, without an HTTP status phrase."""
    name = next(iter(query))
    for language, says in (("nl", dutch), ("en", english)):  # by Accept-Language: no cookie
        page = client.get("/register", query_string=query, headers={"Accept-Language": language})
        assert page.status_code == 400 and says in page.text
        assert "Bad Request" not in page.text
    api = client.get("/api/queries/register", query_string=query, headers={"Accept-Language": "nl"})
    assert api.status_code == 400 and name in api.text and dutch not in api.text


def test_subjects_that_share_a_name_are_told_apart_by_their_kind(client):
    """A contract and an application both called zaakregistratie, an adoption and a
    co-financing both called fsc, could not be told apart."""
    html = client.get("/register", query_string={"limit": "1000"}).text
    cells = re.findall(
        r'<td><a href="(/doc/[^"]+)">([^<]+)</a>(?:<br><span class="aside">([^<]+)</span>)?</td>',
        html,
    )
    subjects = {href: (name, kind) for href, name, kind in cells if "/voorbeeld/" in href}
    assert subjects and all(kind for _, kind in subjects.values()), subjects
    assert subjects["/doc/voorbeeld/contract/gm0034/belastingheffing"] == (
        "belastingheffing (gm0034)",  # by its application; whose it is has its own column
        "contract",
    )
    fsc = {shown for href, shown in subjects.items() if href.endswith("/fsc")}
    assert len({kind for _, kind in fsc}) > 1  # an adoption and a co-financing


def test_the_csv_json_and_table_say_what_each_subject_is_as_the_store_types_it(
    client, store, store_path
):
    """The page showed the subject's kind; its CSV and JSON did not (issue 16)."""
    rows = page_csv(client, organisation="gm0034")
    assert rows and all(r["subject_kind"] and r["subject_kind_name"] for r in rows)
    for row in rows:
        typed = {
            t["type"].value for t in store.query(f"SELECT ?type {{ <{row['subject']}> a ?type }}")
        }
        assert row["subject_kind"] in typed, (row["subject"], row["subject_kind"], typed)
        assert not row["subject_kind_name"].startswith("http")
    contract = "https://w3id.org/ndsgraph/id/voorbeeld/contract/gm0034/belastingheffing"
    kinds = {(r["subject_kind"], r["subject_kind_name"]) for r in rows if r["subject"] == contract}
    assert kinds == {("https://w3id.org/ndsgraph/def/Contract", "contract")}
    as_json = client.get(
        "/register", query_string={"organisation": "gm0034"}, headers={"Accept": "application/json"}
    ).json
    assert [(r["subject"], r["subject_kind"]) for r in as_json] == [
        (r["subject"], r["subject_kind"]) for r in rows
    ]
    table = cli(store_path, "--organisation", "gm0034").stdout
    assert "soort" in table.splitlines()[0] and " contract " in table


def test_an_unknown_filter_is_a_400_naming_it_and_the_filters(client):
    answer = client.get("/register", query_string={"colour": "red"})
    assert answer.status_code == 400
    assert "'colour'" in answer.text and "organisationType" in answer.text


def test_the_csv_and_json_give_names_beside_the_iris(client):
    rows = page_csv(client, organisation="gm0034")
    assert rows and {r["organisation"] for r in rows} == {ALMERE}
    assert {r["organisation_name"] for r in rows} == {"gemeente Almere"}
    assert all(r["rule"].startswith("https://") and r["rule_name"] for r in rows)
    assert all(not r["rule_name"].startswith("http") for r in rows)
    as_json = client.get(
        "/register", query_string={"organisation": "gm0034"}, headers={"Accept": "application/json"}
    )
    assert as_json.mimetype == "application/json"
    assert [r["organisation_name"] for r in as_json.json] == [r["organisation_name"] for r in rows]
    severities = {r["severity_name"] for r in as_json.json}
    assert severities <= {"Overtreding", "Waarschuwing", "Info"}


# what a message must not show people: an IRI, a cited property name, an ISO date
RAW = re.compile(r"https?://|\((?:dct|ndsg|schema):|\b\d{4}-\d{2}-\d{2}\b")
EVIDENCE = {
    "nl": {"zelf gerapporteerd", "uit een register"},
    "en": {"self-reported", "from a register"},
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_output_shows_messages_and_evidence_readably_in_the_chosen_language(
    client, store_path, lang
):
    client = client.application.test_client()  # its own: ?lang= sets a cookie
    as_json = client.get("/register", query_string={"format": "json", "lang": lang}).json
    assert len(as_json) > 100
    assert [r["message"] for r in as_json if RAW.search(r["message"])] == []
    assert any(RAW.search(r["message_nl"]) for r in as_json)  # kept as recorded, for machines
    assert any("ODF" in r["message"] for r in as_json)  # the standard it quotes, by name
    assert {r["evidence_name"] for r in as_json} <= EVIDENCE[lang]
    assert all(r["evidence"].startswith("https://") for r in as_json if r["evidence"])
    as_csv = page_csv(client, lang=lang)
    assert [r["message"] for r in as_csv] == [r["message"] for r in as_json]
    html = client.get("/register", query_string={"lang": lang, "limit": "1000"}).text
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert cells and [c for c in cells if RAW.search(c)] == []
    table = cli(store_path, "--lang", lang).stdout
    messages = {r["message"] for r in as_json}
    assert messages and all(m in table for m in messages)
    assert not re.search(r"https?://|\((?:dct|ndsg|schema):", table)
    other = "en" if lang == "nl" else "nl"
    assert all(kind in table for kind in {r["evidence_name"] for r in as_json})
    assert not any(kind in table for kind in EVIDENCE[other])


ROW = re.compile(r"<tr>\s*<td><span class=\"severity")
NEXT = re.compile(r'<a href="([^"]*)" rel="next">')


def test_the_page_walks_the_register_by_cursor_with_its_whole_count(client, store):
    whole = library(store)
    first = client.get("/register", query_string={"limit": "10"})
    assert len(ROW.findall(first.text)) == 10 and f"van {len(whole)}" in first.text
    seen, page, pages = 0, first, 0
    while True:
        seen += len(ROW.findall(page.text))
        pages += 1
        following = NEXT.search(page.text)
        if following is None:
            break
        address = html.unescape(following[1])
        assert "after=" in address and "offset" not in address  # the page's links: the cursor
        page = client.get(address)
        assert page.status_code == 200 and 'rel="first"' in page.text
    assert seen == len(whole) and pages == -(-len(whole) // 10)


def test_an_offset_still_gives_the_rows_the_cursor_gives(client):
    by_offset = client.get("/register", query_string={"limit": "10", "offset": "10"})
    address = html.unescape(NEXT.search(client.get("/register?limit=10").text)[1])
    by_cursor = client.get(address)
    assert ROW.findall(by_offset.text) and by_offset.text.count("<tr>") == by_cursor.text.count(
        "<tr>"
    )
    cells = re.compile(r"<tbody>([\s\S]*)</tbody>")
    assert cells.search(by_offset.text)[1] == cells.search(by_cursor.text)[1]


def test_a_page_past_the_last_finding_says_so_and_links_to_the_first(client, store):
    page = client.get("/register", query_string={"offset": "100000", "severity": "Violation"})
    assert page.status_code == 200
    assert "Geen bevindingen met deze filters" not in page.text and not ROW.findall(page.text)
    assert "na de laatste bevinding" in page.text
    first = re.search(r'<a href="([^"]*)" rel="first">', page.text)
    assert first and html.unescape(first[1]) == "/register?severity=Violation"


@pytest.mark.parametrize("after", ["not an iri", "https://example.org/no-finding", ALMERE])
def test_a_cursor_that_names_no_finding_is_a_400_naming_after(client, after):
    for address in ("/register", "/api/queries/register"):
        answer = client.get(address, query_string={"after": after})
        assert answer.status_code == 400 and "after" in answer.text, answer.text


def test_the_api_pages_the_register_by_cursor_in_order_with_a_link_to_the_next(client, store):
    for filters in ({}, {"severity": VIOLATION}, {"organisation": ALMERE}):
        whole = library(store, **filters)
        address = "/api/queries/register?" + urlencode({**filters, "after": "", "limit": 7})
        rows, pages = [], 0
        while address:
            answer = client.get(address, headers={"Accept": "application/sparql-results+json"})
            assert answer.status_code == 200, answer.text
            bindings = answer.json["results"]["bindings"]
            rows += bindings
            pages += 1
            link = re.fullmatch(r"<([^>]*)>; rel=\"next\"", answer.headers.get("Link", ""))
            address = link[1] if link else None
            if link:
                assert parse_qs(urlsplit(address).query)["after"] == [
                    bindings[-1]["finding"]["value"]
                ]
        found = sorted(
            (
                r["subject"]["value"],
                r.get("rule", {}).get("value", ""),
                r.get("organisation", {}).get("value", ""),
                r["severity"]["value"].rsplit("#", 1)[-1],
            )
            for r in rows
        )
        assert found == whole and pages == max(
            1, -(-len({r["finding"]["value"] for r in rows}) // 7)
        )
        ranks = [SEVERITY_RANK[r["severity"]["value"]] for r in rows]
        assert ranks == sorted(ranks)  # Violations first
    refused = client.get("/api/queries/register", query_string={"after": "", "offset": "5"})
    assert refused.status_code == 400 and "offset" in refused.text


def test_a_page_by_cursor_is_register_rq_s_rows_of_its_findings_read_once(store):
    """The API's page by cursor answers with the rows its check against the view read:
    every column of every row is what register.rq with the same parameters gives for those
    findings, and the answer reads nothing more of the store (an empty one gives it too)."""
    today = datetime.now(queries.LOCAL_TIME).date().isoformat()  # a date names a Dutch day
    for filters in ({}, {"at": today}, {"at": today, "severity": VIOLATION}):
        query = queries.stored("register")
        bound = query.bind(filters)
        text, following = selection.page_after(store, tuple(sorted(filters.items())), 9, None)
        shown = cells(store.query(text, substitutions=bound))
        findings = {dict(row)["finding"] for row in shown}
        assert len(findings) == 9 and f"<{following}>" in findings
        whole = cells(queries.run(store, query, filters))
        assert sorted(shown) == sorted(row for row in whole if dict(row)["finding"] in findings)
        assert cells(OxigraphStore().query(text)) == shown  # as the API answers it


def cells(solutions) -> list[tuple[tuple[str, str], ...]]:
    """Each row's bound variables with their terms as N-Triples text (so a datatype or a
    language counts)."""
    names = [variable.value for variable in solutions.variables]
    return [
        tuple((n, str(term)) for n, term in zip(names, row, strict=True) if term is not None)
        for row in solutions
    ]


def test_the_csv_of_a_page_names_the_next_page_and_all_pages_make_the_whole(client):
    whole = page_csv(client)
    rows, address = [], "/register?format=csv&limit=25"
    while address:
        answer = client.get(address)
        rows += list(csv.DictReader(io.StringIO(answer.text)))
        link = re.fullmatch(r"<([^>]*)>; rel=\"next\"", answer.headers.get("Link", ""))
        address = link[1] if link else None
    assert sorted(map(key, rows)) == sorted(map(key, whole))


def test_the_cli_pages_by_cursor_and_names_the_next_page(store_path, store):
    whole = library(store)
    done = cli(store_path, "--format", "csv", "--limit", "40")
    shown = list(csv.DictReader(io.StringIO(done.stdout)))
    while done.stderr.startswith("volgende pagina: --after "):  # in --lang, Dutch by default
        after = done.stderr.split()[-1]
        done = cli(store_path, "--format", "csv", "--limit", "40", "--after", after)
        assert done.returncode == 0, done.stderr
        shown += list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.stderr == "laatste pagina\n" and len(shown) == len(whole)
    refused = cli(store_path, "--after", "https://example.org/no-finding")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "--after" in refused.stderr


def test_the_stored_query_api_takes_the_same_filters_and_names_its_csv(client, store):
    params = {"organisation": ALMERE, "severity": VIOLATION}
    answer = client.get(
        "/api/queries/register", query_string=params, headers={"Accept": "text/csv"}
    )
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert sorted(
        (r["subject"], r["rule"], r["organisation"], r["severity"].rsplit("#", 1)[-1]) for r in rows
    ) == library(store, **params)
    assert {r["organisationName"] for r in rows} == {"gemeente Almere"}
    assert {r["severityName"] for r in rows} == {"Overtreding"}
    standard = client.get(
        "/api/queries/register",
        query_string=params,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert "organisationName" not in standard.json["head"]["vars"]  # for machines: standard


def cli(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store_path), "register", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_filters_give_the_same_rows_as_the_page(client, store, store_path):
    done = cli(
        store_path,
        "--severity",
        "Violation",
        "--unexplained",
        "--organisation-type",
        "gemeente",
        "--framework",
        "exit-by-design",
        "--format",
        "csv",
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert sorted(key(r) for r in rows) == sorted(key(r) for r in page_csv(client, **DONE_WHEN))
    almere = cli(store_path, "--organisation", "gm0034", "--explained", "--format", "json")
    assert almere.returncode == 0, almere.stderr
    assert json.loads(almere.stdout) == json.loads(
        client.get(
            "/register",
            query_string={"organisation": "gm0034", "explained": "true"},
            headers={"Accept": "application/json"},
        ).text
    )
    table = cli(store_path, "--organisation", "gm0034")
    assert "gemeente Almere" in table.stdout and ALMERE not in table.stdout
    by_date = cli(
        store_path, "--expiring-by", IN_600_DAYS, "--severity", VIOLATION, "--format", "csv"
    )
    assert by_date.returncode == 0, by_date.stderr
    assert sorted(key(r) for r in csv.DictReader(io.StringIO(by_date.stdout))) == sorted(
        key(r) for r in page_csv(client, expiringWithin="600", severity="Violation")
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--organisation", "gm9999"),
        ("--organisation-type", "dorp"),
        ("--framework", "nope"),
        ("--rule", "https://example.org/no-rule"),
        ("--severity", "fatal"),
        ("--expiring-within", "soon"),
        ("--first-seen-before", "yesterday"),
    ],
)
def test_a_bad_cli_filter_is_one_line_naming_the_option(store_path, option, value):
    done = cli(store_path, option, value)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and option in done.stderr and value in done.stderr


@pytest.fixture(scope="module")
def page_site(store) -> Iterator[str]:
    """The register page over the example landscape, served by Werkzeug in a thread."""
    server = make_server("127.0.0.1", 0, create_app(store), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_the_register_page_reads_as_names_and_passes_axe(browser, page_site, store):
    query = "&".join(f"{k}={v}" for k, v in DONE_WHEN.items())
    browser.get(f"{page_site}/register?{query}&lang=nl")  # in Dutch, as the issue asks
    browser.delete_all_cookies()  # the switch's cookie is the page's, not the other tests'
    assert browser.find_element("css selector", "html").get_attribute("lang") == "nl"
    rows = browser.find_elements("css selector", ".register-table tbody tr")
    expected = library(
        store, severity=VIOLATION, explained="false", organisationType="gemeente", framework=EXIT
    )
    assert len(rows) == min(len(expected), 100)
    assert rows[0].find_element("css selector", ".severity").text == "Overtreding"
    chosen = browser.find_element("css selector", "#f-type option:checked").text
    assert chosen == "gemeente"
    assert shown_identifiers(browser) == []
    assert axe_violations(browser) == []
    full_page_screenshot(browser, "register-unexplained-violations-gemeenten-exit-by-design.png")
    for width in (1400, 1024, 800):  # a laptop, a tablet: the table wraps, words stay whole
        browser.set_window_size(width, 1000)
        assert browser.execute_script(WORDS_BROKEN, ".register-table tbody td") == []
    browser.set_window_size(1400, 1000)


# the words of the elements ``arguments[0]`` selects that a line break cuts ("novembe r")
WORDS_BROKEN = """
const broken = [];
for (const cell of document.querySelectorAll(arguments[0])) {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/[^\\s\\-\\/]+/g)) {  // a line may end at - or /
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1) broken.push(word[0]);
    }
  }
}
return broken;
"""


def test_the_next_page_and_a_page_past_the_end_read_well_and_pass_axe(browser, page_site):
    browser.get(f"{page_site}/register?limit=20&lang=nl")
    browser.find_element("css selector", 'a[rel="next"]').click()
    assert "after=" in browser.current_url
    assert len(browser.find_elements("css selector", ".register-table tbody tr")) == 20
    assert browser.find_element("css selector", 'a[rel="first"]').text == "Eerste pagina"
    assert axe_violations(browser) == []
    full_page_screenshot(browser, "register-next-page-by-cursor.png")
    browser.get(f"{page_site}/register?offset=100000&lang=nl")
    assert "na de laatste bevinding" in browser.find_element("css selector", "main").text
    browser.find_element("css selector", 'a[rel="first"]').click()
    assert browser.find_elements("css selector", ".register-table tbody tr")
    assert axe_violations(browser) == []


def test_an_html_answer_links_each_iri_by_its_name_not_its_last_segment(client):
    answer = client.get(
        "/api/queries/register",
        query_string={"organisation": ALMERE},
        headers={"Accept": "text/html"},
    )
    assert answer.status_code == 200
    assert ">gemeente Almere</a>" in answer.text and ">gm0034</a>" not in answer.text
    assert ">Overtreding</a>" in answer.text or ">Waarschuwing</a>" in answer.text
    assert re.search(r"href=\"[^\"]*gm0034", answer.text)  # the IRI stays the link
    assert '<th scope="col">organisationName</th>' not in answer.text  # the link's text


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("nl", ["Overtreding", "Waarschuwing", "Informatie"]),
        ("en", ["Violation", "Warning", "Information"]),
    ],
)
def test_severities_are_named_by_the_reused_terms_labels(client, lang, names):
    page = client.get("/register", query_string={"lang": lang, "severity": "Violation"})
    options = re.findall(
        r'<option value="(?:Violation|Warning|Info)"[^>]*>([^<]+)</option>', page.text
    )
    assert options == names
    assert f'severity-violation">{names[0]}</span>' in page.text


@pytest.mark.parametrize("named", ["gm0034", ALMERE])
def test_the_organisation_filter_shows_the_organisation_chosen_by_code_or_iri(client, named):
    page = client.get("/register", query_string={"organisation": named})
    chosen = re.findall(r'<option value="([^"]*)" selected>([^<]*)</option>', page.text)
    assert chosen == [("gm0034", "gemeente Almere")]


def test_the_filter_choices_follow_the_data():
    """Read once per data version, so an organisation added shows at the next request."""
    store = OxigraphStore()
    client = create_app(store).test_client()
    assert "gemeente Nieuwstad" not in client.get("/register").text
    store.update(
        "PREFIX ndsg: <https://w3id.org/ndsgraph/def/>\n"
        "PREFIX dct: <http://purl.org/dc/terms/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "INSERT DATA { GRAPH <https://example.org/g> {\n"
        f"  <https://example.org/nieuwstad> ndsg:organisationType <{GEMEENTE}> ;\n"
        '    dct:identifier "gm9990" ; rdfs:label "gemeente Nieuwstad"@nl } }'
    )
    assert '<option value="gm9990">gemeente Nieuwstad</option>' in client.get("/register").text


def test_a_view_before_the_first_run_says_so_and_when_the_first_run_was(client, store):
    """It said only "Geen bevindingen", as if nothing was wrong then."""
    first = selection.first_run(store)
    assert first is not None
    shown = {
        "nl": day(date.fromisoformat(first[:10]), "nl"),
        "en": day(date.fromisoformat(first[:10]), "en"),
    }
    for language, says in (
        (
            "nl",
            f"Het register heeft geen run op of vóór 1 januari 2020: de eerste run was op {shown['nl']}.",
        ),
        (
            "en",
            f"The register has no run on or before 1 January 2020: the first run was on {shown['en']}.",
        ),
    ):
        page = client.get("/register", query_string={"at": "2020-01-01", "lang": language})
        assert page.status_code == 200 and says in html.unescape(page.text), page.text[-2000:]
        assert "Geen bevindingen" not in page.text
