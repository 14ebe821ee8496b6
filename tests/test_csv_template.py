"""The CSV template as organisations fill it in: Dutch Excel, Dutch words, country names,
free-text identifiers and deviations; and no input that ends in anything but triples or an
InputError naming where it went wrong."""

import pyoxigraph as ox
import pytest

from ndsgraph import validation
from ndsgraph.errors import InputError
from ndsgraph.intake import csv_template, ingest
from ndsgraph.vocabulary import COUNTRY, ID, NDSG

from .conftest import DATA

CSV = DATA / "csv"
ORG = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
EXIT_CLAUSE_RULE = ID["regel/exit-by-design/exitclausule"].value


def one_row(**cells: str) -> bytes:
    """A file with the given columns and one row of those values."""
    cells = {"kind": "application", "id": "app", "organisation": ORG, **cells}
    return (",".join(cells) + "\n" + ",".join(cells.values()) + "\n").encode()


def objects(triples: list[ox.Triple], predicate: ox.NamedNode) -> set[str]:
    return {t.object.value for t in triples if t.predicate == predicate}


def findings(data: bytes) -> dict[str, validation.Finding]:
    outcome = validation.validate_upload(ingest.read_upload(data, "text/csv"), "test")
    return {f.rule: f for f in outcome.findings}


def test_template_passes_validation_unchanged_and_shows_every_kind():
    data = csv_template.template().encode()
    outcome = validation.validate_upload(ingest.read_upload(data, "text/csv"), "template")
    assert outcome.conforms
    assert [f for f in outcome.unexplained if f.severity == "Violation"] == []
    assert {row["kind"] for row in csv_template.EXAMPLE_ROWS} == set(csv_template.KINDS)
    assert any(f.explained for f in outcome.findings)  # its deviation row explains a finding


def test_dutch_excel_file_gives_the_same_triples_as_the_comma_file():
    comma = csv_template.to_triples((CSV / "gm0363.csv").read_bytes())
    excel = csv_template.to_triples((CSV / "gm0363-dutch-excel.csv").read_bytes())
    assert len(comma) > 10 and set(excel) == set(comma)


@pytest.mark.parametrize("word", ["ja", "Ja", "JA", "j", "yes", "Y", "true", "TRUE", "waar"])
def test_yes_in_dutch_or_english_is_an_exit_clause(word):
    triples = csv_template.to_triples(one_row(exit_clause=word))
    assert objects(triples, NDSG.hasExitClause) == {"true"}


@pytest.mark.parametrize("word", ["nee", "N", "no", "false", "Onwaar"])
def test_no_in_dutch_or_english_is_no_exit_clause(word):
    triples = csv_template.to_triples(one_row(exit_clause=word))
    assert objects(triples, NDSG.hasExitClause) == {"false"}


def test_a_word_that_is_not_yes_or_no_names_line_and_column():
    with pytest.raises(InputError, match=r"^up: line 2, column exit_clause: 'misschien'"):
        csv_template.to_triples(one_row(exit_clause="misschien"), source="up")


@pytest.mark.parametrize(
    "country",
    ["Nederland", "NL", "NLD", "nl", "Netherlands", "the Netherlands", " nederland "],
)
def test_country_names_and_codes_give_the_authority_iri(country):
    triples = csv_template.to_triples(one_row(hosting_country=country))
    assert objects(triples, NDSG.hostingJurisdiction) == {COUNTRY["NLD"].value}


COUNTRIES = {
    "Duitsland": "DEU",
    "Germany": "DEU",
    "DE": "DEU",
    "Verenigde Staten": "USA",
    "United States": "USA",
    "US": "USA",
    "België": "BEL",
    "Belgie": "BEL",
    "UK": "GBR",
    "Zwitserland": "CHE",
    "IS": "ISL",
    "Noorwegen": "NOR",
}


@pytest.mark.parametrize(("country", "code"), COUNTRIES.items())
def test_other_countries_by_name_or_code(country, code):
    triples = csv_template.to_triples(one_row(hosting_country=country))
    assert objects(triples, NDSG.hostingJurisdiction) == {COUNTRY[code].value}


def test_unknown_country_names_line_and_column():
    with pytest.raises(InputError, match=r"line 2, column hosting_country: 'Nederlandia'"):
        csv_template.to_triples(one_row(hosting_country="Nederlandia"))


def test_every_country_name_and_code_names_one_country():
    """A name or code shared by two countries would silently pick one of them."""
    graph = ox.parse(path=str(csv_template.COUNTRIES_FILE), format=ox.RdfFormat.TURTLE)
    owners: dict[str, set[str]] = {}
    for quad in graph:
        if quad.predicate.value.endswith(("#notation", "#prefLabel", "#altLabel")):
            owners.setdefault(csv_template.slug(quad.object.value), set()).add(quad.subject.value)
    assert {name: iris for name, iris in owners.items() if len(iris) > 1} == {}
    eu_eea = "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD"
    eu_eea += " POL PRT ROU SVK SVN ESP SWE ISL LIE NOR GBR USA CHE"
    known = {iri for iris in owners.values() for iri in iris}
    assert {COUNTRY[code].value for code in eu_eea.split()} <= known


def test_free_text_identifiers_become_safe_iris():
    triples = csv_template.to_triples(one_row(id="Mijn App <2>", export_standard="O D F"))
    subject = ID["applicatie/gm0363/mijn-app-2"].value
    assert subject in {t.subject.value for t in triples}
    assert objects(triples, NDSG.dataExportStandard) == {ID["standaard/o-d-f"].value}


@pytest.mark.parametrize(
    "name", ["Centric", "centric", "Centric B.V.", "CENTRIC bv", " Céntric ", "Centric N.V."]
)
def test_a_supplier_name_in_any_spelling_or_legal_form_is_the_reference_supplier(name):
    triples = csv_template.to_triples(one_row(supplier=name, exit_clause="ja"))
    assert objects(triples, NDSG.supplier) == {ID["leverancier/centric"].value}


def test_a_supplier_is_found_by_an_alternative_name():
    triples = csv_template.to_triples(one_row(supplier="Exxellence Group"))
    assert objects(triples, NDSG.supplier) == {ID["leverancier/xxllnc"].value}


def test_the_csv_says_nothing_about_the_supplier_itself():
    """Facts about a supplier are reference data; stating them would make the first
    organisation that names it its owner, and refuse the next."""
    triples = csv_template.to_triples(one_row(supplier="Centric", exit_clause="ja"))
    assert ID["leverancier/centric"].value not in {t.subject.value for t in triples}


def test_an_unknown_supplier_is_refused_naming_row_name_and_close_matches():
    with pytest.raises(InputError) as refused:
        csv_template.to_triples(one_row(supplier="Centrik"))
    message = str(refused.value)
    assert "line 2, column supplier: 'Centrik' is not a known supplier" in message
    assert "did you mean Centric?" in message


def test_a_product_names_the_reference_product_and_an_unknown_one_is_refused():
    triples = csv_template.to_triples(one_row(supplier="xxllnc", product="zaaksysteem.nl"))
    assert objects(triples, NDSG.product) == {ID["product/zaaksysteem-nl"].value}
    with pytest.raises(InputError, match=r"line 2, column product: 'Zaaksystem' is not a known"):
        csv_template.to_triples(one_row(product="Zaaksystem"))


def test_an_id_without_letters_or_digits_is_refused():
    with pytest.raises(InputError, match=r"line 2, column id: '<<>>' has no letters or digits"):
        csv_template.to_triples(one_row(id="<<>>"))


@pytest.mark.parametrize(
    ("cells", "column"),
    [({"function": "zaak registratie x"}, "function"), ({"status": "klaar"}, "status")],
)
def test_a_value_outside_its_vocabulary_names_line_and_column(cells, column):
    with pytest.raises(InputError, match=rf"line 2, column {column}: .* is not in the list"):
        csv_template.to_triples(one_row(**cells))


def test_vocabulary_values_by_label_as_well_as_code():
    triples = csv_template.to_triples(one_row(status="In productie", function="Zaakregistratie"))
    assert objects(triples, NDSG.lifecyclePhase) == {
        "https://w3id.org/ndsgraph/id/begrip/status/in-productie"
    }
    assert objects(triples, NDSG.function) == {
        "https://w3id.org/ndsgraph/id/begrip/functie/zaakregistratie"
    }


def test_unknown_building_block_is_a_validation_finding():
    data = one_row(kind="adoption", building_block="Geen Bouwsteen", status="gepland")
    found = findings(data)
    assert not found[ID["regel/core-integrity/verwijzing"].value].explained


def test_deviation_row_explains_the_finding_it_is_about():
    data = (CSV / "exit-clause-deviation.csv").read_bytes()
    explained = findings(data)[EXIT_CLAUSE_RULE]
    assert explained.explained
    assert explained.deviation == ID["afwijking/gm0363/dms-exit"].value
    without = b"".join(data.splitlines(keepends=True)[:2])
    assert not findings(without)[EXIT_CLAUSE_RULE].explained


def test_a_requested_deviation_explains_nothing():
    data = (CSV / "exit-clause-deviation.csv").read_text().replace("goedgekeurd", "aangevraagd")
    assert not findings(data.encode())[EXIT_CLAUSE_RULE].explained


@pytest.mark.parametrize(
    ("cells", "needle"),
    [
        ({"deviates_from": "geen regel"}, "column deviates_from: 'geen regel' is not a framework"),
        ({"deviates_from": "exitclausule", "subject": "elders"}, "column subject: no adoption"),
        ({"deviates_from": "exitclausule", "deviation_type": "soms"}, "column deviation_type"),
        ({"subject": "dms"}, "column deviates_from: required"),
    ],
)
def test_deviation_mistakes_name_line_and_column(cells, needle):
    with pytest.raises(InputError, match=f"line 2, {needle}"):
        csv_template.to_triples(one_row(kind="deviation", **cells))


def test_deviation_about_an_iri_outside_the_file():
    other = "https://w3id.org/ndsgraph/id/applicatie/gm0363/elders"
    triples = csv_template.to_triples(
        one_row(kind="deviation", deviates_from="exit-by-design/exitclausule", subject=other)
    )
    assert objects(triples, NDSG.subject) == {other}


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (one_row(building_block="digid"), "line 2, column building_block: does not apply"),
        (one_row(kind="Contract"), "line 2, column kind: 'contract'"),
        (one_row(organisation="gm0363"), "line 2, column organisation: 'gm0363' is not an IRI"),
        (one_row(end_of_life="31-02-2027"), "line 2, column end_of_life: '31-02-2027'"),
        (one_row(end_of_life="20270101"), "line 2, column end_of_life: '20270101'"),
        (
            b"kind,id,organisation\napplication,a," + ORG.encode() + b"\nlegacy,A," + ORG.encode(),
            "line 3, column id: 'A' is also the id on line 2",
        ),
    ],
)
def test_row_mistakes_name_line_and_column(data, needle):
    with pytest.raises(InputError, match=needle):
        csv_template.to_triples(data)


def test_dutch_dates_are_read_as_day_month_year():
    triples = csv_template.to_triples(one_row(end_of_life="5-3-2027"))
    assert objects(triples, NDSG.endOfLife) == {"2027-03-05"}


def test_line_numbers_count_newlines_inside_quoted_cells():
    data = (
        f'kind,id,organisation,name\napplication,a,{ORG},"two\nlines"\n'
        f"application,b,{ORG},x\napplication,c,{ORG},\x07\n"
    ).encode()
    with pytest.raises(InputError, match="line 5, column name: a control character"):
        csv_template.to_triples(data)


HEADER = ",".join(csv_template.COLUMNS).encode()
ROW = f"application,a,{ORG}".encode()
HOSTILE = {
    "empty file": (b"", "empty file"),
    "only a BOM": (b"\xef\xbb\xbf", "empty file"),
    "header only": (HEADER, None),
    "wrong columns": (b"naam,waarde\nx,y\n", "line 1, column 1: unknown column 'naam'"),
    "missing columns": (b"kind,name\nadoption,x\n", "line 1: missing column(s) id, organisation"),
    "column twice": (b"kind,id,id,organisation\n", "line 1, column 3: column 'id' twice"),
    "Latin-1 bytes": ("kind,id,organisation\napplication,café,x\n".encode("latin-1"), "not UTF-8"),
    "10 000 columns": (
        b"kind,id,organisation," + b",".join(b"c%d" % i for i in range(10_000)),
        "line 1, column 4: unknown column 'c0'",
    ),
    "10 000 cells": (
        b"kind,id,organisation\n" + ROW + b",x" * 10_000,
        "line 2, column 4: a value in a column without a name",
    ),
    "10 000 empty cells": (b"kind,id,organisation\n" + ROW + b"," * 10_000, None),
    "1 MB cell": (b"kind,id,organisation,name\n" + ROW + b"," + b"x" * 1_000_000, "line 2: field"),
    "quote never closed": (b"kind,id,organisation,name\n" + ROW + b',"abc\n', "line 2:"),
    "spaces and brackets": (
        f'kind,id,organisation,name\napplication, my app ,{ORG},<b> & "c"\n'.encode(),
        None,
    ),
    "markup as a supplier": (
        f'kind,id,organisation,supplier\napplication,a,{ORG},<b> & "c"\n'.encode(),
        "line 2, column supplier: '<b> & \"c\"' is not a known supplier",
    ),
    "'<' in organisation": (
        b"kind,id,organisation\napplication,a,<" + ORG.encode() + b">\n",
        "line 2, column organisation",
    ),
    "IRI with a space": (
        b"kind,id,organisation\napplication,a,https://x.org/a b\n",
        "line 2, column organisation",
    ),
    "broken IPv6 host": (
        b"kind,id,organisation\napplication,a,https://[::1\n",
        "line 2, column organisation",
    ),
    "newlines in quoted cells": (
        f'kind,id,organisation,name\napplication,"a\nb",{ORG},"x\r\ny"\n'.encode(),
        None,
    ),
    "NUL": (b"kind,id,organisation\napplication,a\x00b," + ORG.encode(), "control character"),
    "control character": (
        b"kind,id,organisation,name\n" + ROW + b",\x1b[31m",
        "line 2, column name: a control character",
    ),
    "id of 10 000 characters": (
        b"kind,id,organisation\napplication," + b"a" * 10_000 + b"," + ORG.encode(),
        "line 2, column id: longer than",
    ),
    "semicolons and a BOM, blank rows": (b"\xef\xbb\xbfkind;id;organisation\r\n;;\r\n\r\n", None),
    "kind missing": (b"kind,id,organisation\n,a," + ORG.encode(), "line 2, column kind: required"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_csv_gives_triples_or_an_input_error_naming_where(name):
    data, needle = HOSTILE[name]
    if needle is None:
        triples = ingest.read_upload(data, "text/csv", source="up")
        assert all(isinstance(t, ox.Triple) for t in triples)
        ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)  # writable as it is
    else:
        with pytest.raises(InputError) as refused:
            ingest.read_upload(data, "text/csv", source="up")
        assert str(refused.value).startswith("up: ") and needle in str(refused.value)
