"""The CSV template over real HTTP, as organisations fill it in: the downloaded template
passes as it is, Dutch Excel files are read, and every odd cell is a 400 naming its line and
column, never a 500."""

import csv
import io
import json

import pytest

from ..conftest import DATA
from .conftest import ALMERE, UTRECHT, refused

AMSTERDAM = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"


def row(**cells: str) -> bytes:
    """One application row for Utrecht, with ``cells`` changed."""
    values = {
        "kind": "application",
        "id": "zaaksysteem",
        "organisation": UTRECHT,
        "name": "Zaaksysteem",
        "status": "in-productie",
        "function": "zaakregistratie",
        "supplier": "Centric",
        "contract_start": "2022-01-01",
        "contract_end": "2027-12-31",
        "exit_clause": "ja",
        "hosting_country": "NLD",
        **cells,
    }
    out = io.StringIO()
    csv.writer(out).writerows([values, values.values()])
    return out.getvalue().encode()


def upload(attacker, path: str, data: bytes, token: str | None = None):
    return attacker.call(
        path,
        method="POST",
        data=data,
        headers={"Content-Type": "text/csv", "Accept": "application/json"},
        token=token,
    )


def test_the_downloaded_template_passes_as_it_is(attacker):
    template = attacker.call("/api/validate/template.csv")
    assert template.status == 200
    answer = upload(attacker, "/api/validate", template.text.encode())
    assert answer.status == 200, answer.text
    report = json.loads(answer.text)
    assert report["conforms"] is True
    assert not [
        f for f in report["findings"] if f["severity"] == "Violation" and not f["explained"]
    ]
    assert any(f["explained"] for f in report["findings"])  # its deviation row explains one


def test_the_template_filled_in_for_utrecht_is_accepted(attacker):
    template = attacker.call("/api/validate/template.csv").text.replace(AMSTERDAM, UTRECHT)
    answer = upload(attacker, "/api/submissions", template.encode(), attacker.tokens[UTRECHT])
    assert answer.status == 201, answer.text


def test_two_organisations_name_the_same_supplier_in_their_own_spelling(attacker):
    """The supplier is reference data: naming it claims nothing, so the second organisation
    that names it is accepted too."""
    for organisation, spelling in [(UTRECHT, "Centric B.V."), (ALMERE, "centric")]:
        data = row(organisation=organisation, supplier=spelling, function="belastingheffing")
        answer = upload(attacker, "/api/submissions", data, attacker.tokens[organisation])
        assert answer.status == 201, answer.text


def test_a_file_saved_by_dutch_excel_is_read(attacker):
    data = (DATA / "csv" / "gm0363-dutch-excel.csv").read_bytes()
    answer = upload(attacker, "/api/validate", data)
    assert answer.status == 200, answer.text


@pytest.mark.parametrize(
    "cells",
    [
        {"id": "zaak systeem met spaties"},
        {"name": 'Zaaksysteem "nieuw" <v2>'},
        {"exit_clause": "JA"},
        {"hosting_country": "Nederland"},
    ],
)
def test_free_text_becomes_safe_iris_and_is_accepted(attacker, cells):
    answer = upload(attacker, "/api/validate", row(**cells))
    assert answer.status == 200, answer.text


@pytest.mark.parametrize(
    ("cells", "needles"),
    [
        ({"function": "zaak registratie"}, ["line 2", "function"]),
        ({"exit_clause": "misschien"}, ["line 2", "exit_clause"]),
        ({"hosting_country": "Narnia"}, ["line 2", "hosting_country"]),
        ({"contract_end": "31/12/2027"}, ["line 2", "contract_end"]),
        ({"organisation": "not an iri"}, ["line 2", "organisation"]),
        ({"kind": "spreadsheet"}, ["line 2", "kind"]),
        ({"status": "ergens"}, ["line 2", "status"]),
        ({"supplier": "<script>alert(1)</script> & Zn"}, ["line 2", "supplier", "not a known"]),
    ],
)
def test_a_cell_that_cannot_be_read_is_a_400_naming_line_and_column(attacker, cells, needles):
    before = attacker.fingerprint()
    for path in ("/api/validate", "/api/submissions"):
        answer = upload(attacker, path, row(**cells), attacker.tokens[UTRECHT])
        refused(answer, *needles, status=400)
    assert attacker.fingerprint() == before


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ("kind,id,organisation\napplication,é,x\n".encode("latin-1"), "UTF-8"),
        (b"\xef\xbb\xbf", "empty file"),
        (b'kind,id,organisation\napplication,"never closed\n', "line 2"),
        (b"naam;soort\nx;y\n", "line 1"),
    ],
)
def test_a_file_that_is_no_template_is_a_400(attacker, data, needle):
    before = attacker.fingerprint()
    refused(upload(attacker, "/api/submissions", data, attacker.tokens[UTRECHT]), needle)
    assert attacker.fingerprint() == before
