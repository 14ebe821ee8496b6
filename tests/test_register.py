"""Comply or explain: the register separates explained from unexplained findings, and expiry counts."""

import csv
import io
import json
from datetime import date

import pytest

from ndsgraph import validation
from ndsgraph.register import render
from ndsgraph.validation import findings, frameworks

from .conftest import DATA

FIXTURE = DATA / "frameworks" / "deviations.ttl"
EX = "https://example.org/fixture/"


@pytest.fixture(scope="module")
def data():
    graph, digest = validation.read_files([FIXTURE])
    graph += validation.reference_context()
    return graph, digest


def findings_on(data, day: date) -> dict[str, findings.Finding]:
    graph, digest = data
    outcome = validation.validate(
        graph, digest, chosen=frameworks.select(["exit-by-design"]), reference_date=day
    )
    return {f.subject.removeprefix(EX): f for f in outcome.findings if f.subject.startswith(EX)}


def test_valid_deviation_explains_and_the_rest_stay_unexplained(data):
    found = findings_on(data, date(2026, 6, 1))
    assert set(found) == {"explained", "requested", "other-organisation", "no-deviation"}
    assert found["explained"].explained
    assert found["explained"].deviation == EX + "valid-until-2026"
    assert found["explained"].motivation.startswith("Lopend contract")
    assert found["explained"].valid_through == "2026-12-31"
    for unexplained in ("requested", "other-organisation", "no-deviation"):
        assert not found[unexplained].explained, unexplained


def test_an_open_ended_deviation_is_valid_through_none_as_the_register_reads_it_back():
    """The validation report said "" where the register said null for the same deviation."""
    found = findings.Finding(EX + "org", None, EX + "rule", EX + "s", None, "Violation", "", "")
    open_ended = findings.Deviation(
        EX + "d", EX + "org", EX + "rule", None, findings.APPROVED, date(2026, 1, 1), None, "Lopend"
    )
    explained = findings.explain(found, {(EX + "org", EX + "rule"): [open_ended]}, date(2026, 6, 1))
    assert explained.explained and explained.valid_through is None
    row = {"subject": EX + "s", "severity": "Violation", "explained": "true"}
    assert findings.from_rows([row])[0].valid_through is None


def test_expired_deviation_no_longer_explains(data):
    assert not findings_on(data, date(2027, 1, 1))["explained"].explained


def test_deviation_not_yet_in_force_does_not_explain(data):
    assert not findings_on(data, date(2024, 6, 1))["explained"].explained


def test_run_conforms_only_without_unexplained_violations(data):
    graph, digest = data
    outcome = validation.validate(
        graph, digest, chosen=frameworks.select(["exit-by-design"]), reference_date=date(2026, 6, 1)
    )
    assert not outcome.conforms
    quiet = validation.read_files([DATA / "frameworks" / "exit-by-design-valid.ttl"])[0]
    quiet += validation.reference_context()
    assert validation.validate(
        quiet, "x", chosen=frameworks.select(["exit-by-design"]), reference_date=date(2026, 6, 1)
    ).conforms


def test_register_renders_as_csv_json_html_and_table(data):
    rows = list(findings_on(data, date(2026, 6, 1)).values())
    parsed = list(csv.DictReader(io.StringIO(render.register(rows, "csv"))))
    assert len(parsed) == 4 and {r["explained"] for r in parsed} == {"true", "false"}
    as_json = json.loads(render.register(rows, "json"))
    assert [r["explained"] for r in parsed] == [json.dumps(r["explained"]) for r in as_json]
    html = render.register(rows, "html")
    assert html.count("<tr>") == 5 and "<caption>" in html
    table = render.register(rows, "table")
    assert "ja (valid-until-2026)" in table and "(4 rows)" in table
    assert "yes (valid-until-2026)" in render.register(rows, "table", language="en")


@pytest.mark.parametrize("fmt", ["table", "html"])
def test_tables_name_a_record_by_what_it_is_about_beside_its_kind_and_organisation(fmt):
    """As the register page: the table has a kind and an organisation column, so an adoption
    reads "NLX", not "afname NLX · gemeente Almere" beside "afname" and "gemeente Almere"."""
    from ndsgraph.names import Described, Text

    org, adoption, kind = (
        "https://example.org/gm0034",
        "https://example.org/afname/nlx",
        "https://example.org/Adoption",
    )
    found = findings.Finding(org, None, None, adoption, None, "Warning", "m", "m")
    names = {
        org: Text("gemeente Almere", "nl"),
        adoption: Described("afname", "NLX", "gemeente Almere", "nl"),
        kind: Text("afname", "nl"),
    }
    shown = render.register([found], fmt, names, "nl", kinds={adoption: kind})
    assert "NLX" in shown and "afname NLX" not in shown
    assert "gemeente Almere" in shown and "afname" in shown
    as_csv = render.register([found], "csv", names, "nl", kinds={adoption: kind})
    assert "afname NLX \u00b7 gemeente Almere" in as_csv  # the name in full beside the IRI
