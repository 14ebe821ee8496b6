"""The leg uit statement (pas toe of leg uit) of an organisation for a year: over HTTP as a
page, PDF or text and from `ndsgraph leg-uit`, checked against the stored queries register and
deviations; an organisation's statement never shows another's data, and making its PDF
fetches nothing."""

import csv
import http.server
import io
import re
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from ndsgraph_server import create_app
from pypdf import PdfReader

from ndsgraph import leg_uit, register, validation
from ndsgraph.intake import csv_template
from ndsgraph.leg_uit import pdf
from ndsgraph.names import names
from ndsgraph.register import selection
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, Store, bundled, snapshot

from .browsing import answer, axe_violations, full_page_screenshot, shown_identifiers
from .conftest import ARTIFACTS

TOOI = "https://identifier.overheid.nl/tooi/id/"
ALMERE, ZEELAND = TOOI + "gemeente/gm0034", TOOI + "provincie/pv29"
THIS_YEAR = date.today().year
# an organisation and year: Almere (unexplained findings, no deviation valid this year), its
# past year (a deviation that expired then; the register as of that year's end), and a
# provincie with deviations, one of them with an exit plan
CASES = [
    ("gm0034", ALMERE, THIS_YEAR),
    ("gm0034", ALMERE, THIS_YEAR - 1),
    ("pv29", ZEELAND, THIS_YEAR),
]
NDSG_PREFIX = "PREFIX ndsg: <https://w3id.org/ndsgraph/def/>\n"
FINDING_MARK = {"nl": "in het register sinds", "en": "in the register since"}


def ndsgraph(*args: str, store: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ndsgraph", "--store", str(store), *args],
        capture_output=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """The bundled data with one whole-store validation run, made through the CLI."""
    path = tmp_path_factory.mktemp("leg-uit") / "store"
    for command in (("load",), ("validate", "--format", "csv")):
        result = ndsgraph(*command, store=path)
        assert result.returncode in (0, 1), result.stderr  # validate: 1 = does not conform
    return path


@pytest.fixture(scope="module")
def store() -> Store:
    """The bundled data with one whole-store validation run, in memory (the CLI has its own)."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    data, digest = snapshot.asserted(store)
    judged = validation.validate(data, digest)
    register.record(store, register.Judgement(judged, variants=register.variants(store)))
    return store


@pytest.fixture(scope="module")
def client(store):
    return create_app(store).test_client()


def rows(client, name: str, **parameters: str) -> list[dict[str, str]]:
    """A stored query's answer from the API, as plain values."""
    response = client.get(
        f"/api/queries/{name}",
        query_string=parameters,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json["results"]["bindings"]]


def expected(client, organisation: str, year: int) -> tuple[dict, dict]:
    """The deviations valid during ``year`` (deviations query) and the unexplained findings in
    the register at the year's end, or now (register query), of ``organisation``."""
    at = {"at": f"{year}-12-31"} if year < THIS_YEAR else {}
    findings = {
        row["finding"]: row
        for row in rows(client, "register", **at)
        if row.get("organisation") == organisation and row["explained"] == "false"
    }
    start, end = f"{year}-01-01", f"{year}-12-31"
    deviations = {
        row["deviation"]: row
        for row in rows(client, "deviations")
        if row["organisation"] == organisation
        and row.get("validFrom", start) <= end
        and row.get("validThrough", end) >= start
    }
    return deviations, findings


def flat(text: str) -> str:
    """Text with its line breaks and hyphenation undone, to find sentences in a PDF's text."""
    return " ".join(text.replace("-\n", "-").split())


def pdf_text(body: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


@pytest.mark.parametrize(("code", "organisation", "year"), CASES)
def test_the_statement_lists_exactly_the_deviations_and_unexplained_findings_of_the_year(
    client, store, code, organisation, year
):
    deviations, findings = expected(client, organisation, year)
    statement = leg_uit.statement(store, code, year)
    assert {d.iri for d in statement.deviations} == set(deviations)
    assert {f.iri for f in statement.findings} == set(findings)
    assert statement.deviations or statement.findings  # each case has something to explain
    for finding in statement.findings:
        row = findings[finding.iri]
        assert finding.subject.iri == row["subject"]
        assert finding.first_seen.isoformat().startswith(row["firstSeen"][:19])
    for deviation in statement.deviations:
        assert deviation.motivation.value == deviations[deviation.iri]["motivation"]
    # a finding is said once, in the section of what is not applied
    text = client.get(f"/organisatie/{code}/leg-uit?jaar={year}&format=text&lang=nl").text
    assert flat(text).count(FINDING_MARK["nl"]) == len(findings)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("code", "organisation", "year"), CASES)
def test_the_pdf_says_each_deviation_and_unexplained_finding(
    client, store, code, organisation, year, language
):
    deviations, findings = expected(client, organisation, year)
    response = client.get(
        f"/organisatie/{code}/leg-uit?jaar={year}&lang={language}",
        headers={"Accept": "application/pdf"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="leg-uit-{code}-{year}.pdf"' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    title = {"nl": "Verantwoording pas toe of leg uit", "en": "Comply-or-explain statement"}
    assert f"{title[language]} {year}" in text
    who = names(store, [organisation], language)[organisation]
    assert who.lower() in text.lower()
    assert text.count(FINDING_MARK[language]) == len(findings)
    assert FINDING_MARK["en" if language == "nl" else "nl"] not in text
    # what each is about, by the name the statement gives it (its IRIs are the queries')
    statement = leg_uit.statement(store, code, year, language)
    for finding in statement.findings:
        assert finding.subject.name in text
    for deviation in statement.deviations:
        assert flat(deviations[deviation.iri]["motivation"]) in text  # quoted as recorded
        assert deviation.subject.name in text


def test_an_unknown_organisation_is_a_404_naming_it(client):
    response = client.get("/organisatie/gm9999/leg-uit?jaar=2026")
    assert response.status_code == 404
    assert "gm9999" in response.text
    assert len(response.text.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("jaar=twintig", "'jaar'"),
        ("jaar=1999", "'jaar'"),
        ("jaar=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96", "'jaar'"),  # full-width digits
        ("jaar=2026&jaar=2025", "'jaar'"),
        ("jaar=2026&format=docx", "'format'"),
        ("year=2025&lang=nl", "geen parameter 'year' (haar parameters: jaar, format, lang)"),
        ("jaar=2026&organisation=gm0344&lang=en", "no parameter 'organisation'"),
    ],
)
def test_a_bad_year_or_format_is_a_400_naming_the_parameter(client, query, named):
    response = client.get(f"/organisatie/gm0034/leg-uit?{query}")
    assert response.status_code == 400
    assert named in response.text


def test_a_year_not_yet_begun_is_refused_in_the_pages_language(client):
    """jaar=2027 gave a statement in the past tense about a year to come."""
    next_year = date.today().year + 1
    for language, says in (("nl", "is nog niet begonnen"), ("en", "has not begun")):
        response = client.get(f"/organisatie/gm0034/leg-uit?jaar={next_year}&lang={language}")
        assert response.status_code == 400
        assert f"'jaar': {next_year} {says}" in response.text


@pytest.mark.parametrize(
    ("language", "so_far", "past"),
    [("nl", "tot nu toe", "geldig waren"), ("en", "so far", "deviations valid during")],
)
def test_the_running_year_is_worded_as_the_account_so_far(client, language, so_far, past):
    this_year, last_year = date.today().year, date.today().year - 1
    ask = "/organisatie/gm0034/leg-uit?jaar={}&format=text&lang=" + language
    running = client.get(ask.format(this_year)).text
    assert so_far in running and "geldig waren" not in running
    over = client.get(ask.format(last_year)).text
    assert so_far not in over and past in over


def test_a_code_is_found_in_any_case_and_the_iri_works_too(client, store):
    upper = client.get("/organisatie/GM0034/leg-uit?jaar=2026&format=text").text
    assert "Gemeente Almere (gm0034)" in upper
    assert leg_uit.statement(store, ALMERE, 2026).organisation.code == "gm0034"


def test_the_register_and_the_statement_find_an_organisation_by_its_code_with_one_query(
    store, monkeypatch
):
    """Two queries did it: one scanned every organisation's code in lower case, the other
    looked the lower-cased code up."""
    asked = []
    internal = queries.internal
    monkeypatch.setattr(queries, "internal", lambda name: asked.append(name) or internal(name))
    assert leg_uit.organisation(store, "GM0034").iri == ALMERE
    assert selection.parameters(store, {"organisation": "GM0034"}, date.today()) == {
        "organisation": ALMERE
    }
    assert [name for name in asked if "organisation" in name] == ["organisation-by-code"] * 2


def test_an_unacceptable_accept_is_a_406(client):
    response = client.get("/organisatie/gm0034/leg-uit", headers={"Accept": "image/png"})
    assert response.status_code == 406


@pytest.mark.parametrize("code", ["gm0034", "pv29"])
def test_another_organisations_data_never_appears(client, store, code):
    statement = leg_uit.statement(store, code, THIS_YEAR)
    subjects = " ".join(
        f"<{item.subject.iri}>"
        for item in (*statement.deviations, *statement.findings)
        if item.subject
    )
    query = f"SELECT ?owner WHERE {{ VALUES ?s {{ {subjects} }} ?s ndsg:organisation ?owner }}"
    owners = {row["owner"].value for row in store.query(NDSG_PREFIX + query)}
    assert owners == {statement.organisation.iri}
    text = client.get(f"/organisatie/{code}/leg-uit?format=text").text
    # example names carry their organisation's code: "documentbeheer (gm0034)"
    assert set(re.findall(r"\((gm\d{4}|pv\d{2}|ws\d{4}|mnre\d+|oorg\d+)\)", text)) == {code}


def test_the_page_is_the_statement_with_links_to_its_pdf_and_text(client):
    page = client.get("/organisatie/gm0034/leg-uit?jaar=2026&lang=en")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Comply-or-explain statement 2026" in page.text
    assert "?jaar=2026&amp;lang=en&amp;format=pdf" in page.text
    assert client.get("/organisatie/gm0034/leg-uit?jaar=2026&format=pdf").data.startswith(b"%PDF")


def test_without_pango_the_pdf_is_a_503_saying_what_to_install(client, monkeypatch):
    monkeypatch.setattr(pdf, "unavailable", lambda: pdf.INSTALL)
    response = client.get("/organisatie/gm0034/leg-uit?jaar=2026&format=pdf")
    assert response.status_code == 503
    assert "libpango-1.0-0" in response.text
    assert "Traceback" not in response.text


class _Counting(http.server.BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that counts what is asked of it."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    _Counting.asked = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", _Counting.asked
    server.shutdown()


def test_making_the_pdf_fetches_nothing(listener, tmp_path):
    url, asked = listener
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f"""<!doctype html><html><head><link rel="stylesheet" href="{url}/style.css">
      <link rel="stylesheet" href="file://{secret}"><style>@import "{url}/imported.css";
      body {{ background: url("{url}/background.png") }}</style></head>
      <body><p>Tekst</p><img src="{url}/image.png" alt=""><img src="file:///etc/hostname" alt="">
      <img alt="inline" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>"""
    body = pdf.render(html)
    assert body.startswith(b"%PDF")
    assert asked == []


def test_the_cli_writes_the_statement_as_text_html_and_pdf(store_dir, tmp_path):
    text = ndsgraph("leg-uit", "gm0034", "--year", "2026", store=store_dir)
    assert text.returncode == 0, text.stderr
    assert text.stdout.decode().startswith("Verantwoording pas toe of leg uit 2026\n")
    english = ndsgraph("leg-uit", ALMERE, "--year", "2026", "--lang", "en", store=store_dir)
    assert english.stdout.decode().startswith("Comply-or-explain statement 2026\n")
    for suffix, start in ((".pdf", b"%PDF"), (".html", b"<!doctype html>")):
        out = tmp_path / f"statement{suffix}"
        written = ndsgraph("leg-uit", "gm0034", "--year", "2026", "-o", str(out), store=store_dir)
        assert written.returncode == 0, written.stderr
        assert out.read_bytes().startswith(start)


@pytest.mark.parametrize(
    ("args", "says"),
    [(("gm9999",), b"gm9999"), (("gm0034", "--year", "20x6"), b"--year")],
)
def test_the_cli_refuses_an_unknown_organisation_or_year_in_one_line(store_dir, args, says):
    result = ndsgraph("leg-uit", *args, store=store_dir)
    assert result.returncode == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_almeres_statement_in_the_browser(browser, site):
    """The page as a person reads it: accessible, names only, the unexplained findings of the
    register; and its PDF saved beside the screenshot."""
    browser.get(site + "/organisatie/gm0034/leg-uit?jaar=2026&lang=nl")
    assert (
        browser.find_element("css selector", "h1").text == "Verantwoording pas toe of leg uit 2026"
    )
    unexplained = [
        row
        for row in answer(site, "register")
        if row.get("organisation") == ALMERE and row["explained"] == "false"
    ]
    items = browser.find_elements("css selector", ".leg-uit-findings li")
    assert len(items) == len(unexplained) > 0
    assert axe_violations(browser) == []
    assert shown_identifiers(browser) == []
    full_page_screenshot(browser, "leg-uit-gm0034-2026.png")
    request = urllib.request.Request(
        site + "/organisatie/gm0034/leg-uit?jaar=2026&lang=nl",
        headers={"Accept": "application/pdf"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    (ARTIFACTS / "leg-uit-gm0034-2026.pdf").write_bytes(body)
    assert pdf_text(body).count(FINDING_MARK["nl"]) == len(unexplained)


def test_an_organisation_without_any_data_is_told_nothing_is_recorded_not_that_it_complies(
    store,
):
    hilversum = leg_uit.statement(store, "gm0402", THIS_YEAR)  # no portfolio in the example
    assert not hilversum.recorded and not hilversum.deviations and not hilversum.findings
    for language, says, never in (
        ("nl", "niets vastgelegd", "niets uit te leggen"),
        ("en", "Nothing is recorded", "nothing to explain"),
    ):
        text = leg_uit.text(
            leg_uit.document(leg_uit.statement(store, "gm0402", THIS_YEAR, language))
        )
        assert says in text and never not in text


def test_each_deviation_is_listed_once_and_the_total_counts_what_is_listed(store):
    for code in ("pv29", "gm0034"):
        statement = leg_uit.statement(store, code, THIS_YEAR)
        listed = [d.iri for part in statement.parts for d in part.deviations]
        assert len(listed) == len(set(listed)) == len(statement.deviations), code


def test_a_template_contract_is_named_by_its_application_in_the_statement_and_register():
    """The CSV template's contract (".../belastingen-oud/contract") read "Contract contract:
    afwijking van de regel 'Exitclausule'" and had ``subject_name: contract``."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    template = csv_template.to_triples(csv_template.template().encode())
    store.add_triples("https://example.org/inzending/gm0363", template)
    register.judge_all(store)
    contract = next(t.subject.value for t in template if t.subject.value.endswith("oud/contract"))
    named = "contract Belastingsysteem (oud) \u00b7 gemeente Amsterdam"
    assert names(store, [contract])[contract] == named
    text = leg_uit.text(leg_uit.document(leg_uit.statement(store, "gm0363", THIS_YEAR)))
    text = re.sub(r"\s+", " ", text)
    assert "Contract Belastingsysteem (oud)" in text and "Contract contract" not in text
    shown = (
        create_app(store)
        .test_client()
        .get("/register", query_string={"organisation": "gm0363"}, headers={"Accept": "text/csv"})
    )
    subjects = {r["subject"]: r["subject_name"] for r in csv.DictReader(io.StringIO(shown.text))}
    assert subjects[contract] == named


def test_deviations_stated_in_two_graphs_are_listed_as_from_one():
    """An organisation's submission may repeat what the reference data state (the 1M
    landscape's Amsterdam): its deviations are listed once, with the same facts."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    register.judge_all(store)
    once = leg_uit.statement(store, "pv29", THIS_YEAR)
    copied = store.query(
        NDSG_PREFIX + "CONSTRUCT { ?d ?p ?o } WHERE { ?d a ndsg:Deviation ; ?p ?o }"
    )
    store.add_triples("https://example.org/inzending/pv29", list(copied))
    twice = leg_uit.statement(store, "pv29", THIS_YEAR)
    assert twice.parts == once.parts and twice.deviations == once.deviations
    assert [d for part in twice.parts for d in part.deviations]
