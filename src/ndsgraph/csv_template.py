"""The CSV template for organisations that do not write RDF, and its conversion to the ontology.

One row per fact; ``kind`` says which: ``adoption`` (afname of a building block),
``application`` or ``legacy`` (a legacy system). Columns that do not apply stay empty.
"""

import csv
import io
from datetime import date

import pyoxigraph as ox

from ndsgraph.errors import InputError
from ndsgraph.namespaces import BASE, CONCEPT, COUNTRY, ID, NDSG, SCHEMA

COLUMNS = [
    "kind",
    "id",
    "organisation",
    "name",
    "building_block",
    "status",
    "function",
    "supplier",
    "start_date",
    "production_date",
    "end_of_life",
    "contract_start",
    "contract_end",
    "exit_clause",
    "export_standard",
    "hosting_country",
]
EXAMPLE_ROWS = [
    [
        "adoption",
        "digid",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0363",
        "",
        "digid",
        "in-productie",
        "",
        "",
        "2015-01-01",
        "2015-06-01",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "application",
        "zaaksysteem",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0363",
        "Zaaksysteem",
        "",
        "in-productie",
        "zaakregistratie",
        "leverancier-a",
        "",
        "",
        "",
        "2022-01-01",
        "2027-12-31",
        "true",
        "odf",
        "NLD",
    ],
    [
        "legacy",
        "belastingen-oud",
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0363",
        "Belastingsysteem (oud)",
        "",
        "in-productie",
        "belastingheffing",
        "leverancier-b",
        "",
        "",
        "2026-12-31",
        "2015-01-01",
        "2026-12-31",
        "false",
        "",
        "NLD",
    ],
]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def template() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue()


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _date(value: str, line: int, column: str) -> ox.Literal:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"CSV line {line}, column {column}: '{value}' is not a date (YYYY-MM-DD)"
        ) from None
    return ox.Literal(value, datatype=XSD_DATE)


def _row(row: dict[str, str], line: int, source: str) -> list[ox.Triple]:
    """The triples of one template row."""
    kind = row["kind"]
    if kind not in ("adoption", "application", "legacy"):
        raise InputError(
            f"{source}: line {line}, column kind: '{kind}' (use adoption, application or legacy)"
        )
    if not row["id"] or not row["organisation"]:
        raise InputError(f"{source}: line {line}: id and organisation are required")
    try:
        organisation = _n(row["organisation"])
    except ValueError:
        raise InputError(f"{source}: line {line}, column organisation: not an IRI") from None
    code = row["organisation"].rstrip("/").rsplit("/", 1)[-1]
    subject = _n(f"{BASE}id/{'afname' if kind == 'adoption' else 'applicatie'}/{code}/{row['id']}")
    facts: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (subject, _n(str(NDSG.organisation)), organisation)
    ]
    if row.get("name"):
        facts.append((subject, LABEL, ox.Literal(row["name"], language="nl")))
    if kind == "adoption":
        if not row.get("building_block"):
            raise InputError(
                f"{source}: line {line}, column building_block: required for an adoption"
            )
        facts += [
            (subject, RDF_TYPE, _n(str(NDSG.Adoption))),
            (
                subject,
                _n(str(NDSG.buildingBlock)),
                _n(str(ID[f"bouwsteen/{row['building_block']}"])),
            ),
        ]
        if row.get("status"):
            facts.append(
                (subject, _n(str(NDSG.adoptionStatus)), _n(str(CONCEPT[f"status/{row['status']}"])))
            )
        for column, predicate in (
            ("start_date", SCHEMA.startDate),
            ("production_date", NDSG.productionDate),
        ):
            if row.get(column):
                facts.append((subject, _n(str(predicate)), _date(row[column], line, column)))
        return [ox.Triple(*fact) for fact in facts]
    facts.append(
        (subject, RDF_TYPE, _n(str(NDSG.LegacySystem if kind == "legacy" else NDSG.Application)))
    )
    if row.get("status"):
        facts.append(
            (subject, _n(str(NDSG.lifecyclePhase)), _n(str(CONCEPT[f"status/{row['status']}"])))
        )
    if row.get("function"):
        facts.append(
            (subject, _n(str(NDSG.function)), _n(str(CONCEPT[f"functie/{row['function']}"])))
        )
    if row.get("end_of_life"):
        facts.append(
            (subject, _n(str(NDSG.endOfLife)), _date(row["end_of_life"], line, "end_of_life"))
        )
    supplier = _n(f"{BASE}id/leverancier/{row['supplier']}") if row.get("supplier") else None
    if supplier:
        facts += [
            (subject, _n(str(NDSG.supplier)), supplier),
            (supplier, RDF_TYPE, _n(str(NDSG.Supplier))),
            (supplier, LABEL, ox.Literal(row["supplier"], language="nl")),
        ]
    if row.get("contract_start") or row.get("contract_end"):
        contract = _n(f"{subject.value}/contract")
        facts += [
            (subject, _n(str(NDSG.contract)), contract),
            (contract, RDF_TYPE, _n(str(NDSG.Contract))),
            (contract, _n(str(NDSG.organisation)), organisation),
        ]
        if supplier:
            facts.append((contract, _n(str(NDSG.supplier)), supplier))
        for column, predicate in (
            ("contract_start", SCHEMA.startDate),
            ("contract_end", SCHEMA.endDate),
        ):
            if row.get(column):
                facts.append((contract, _n(str(predicate)), _date(row[column], line, column)))
        if row.get("exit_clause") in ("true", "false"):
            facts.append(
                (
                    contract,
                    _n(str(NDSG.hasExitClause)),
                    ox.Literal(row["exit_clause"], datatype=XSD_BOOLEAN),
                )
            )
        if row.get("export_standard"):
            facts.append(
                (
                    contract,
                    _n(str(NDSG.dataExportStandard)),
                    _n(str(ID[f"standaard/{row['export_standard']}"])),
                )
            )
        if row.get("hosting_country"):
            facts.append(
                (
                    contract,
                    _n(str(NDSG.hostingJurisdiction)),
                    _n(str(COUNTRY[row["hosting_country"]])),
                )
            )
    return [ox.Triple(*fact) for fact in facts]


def to_triples(data: bytes, *, source: str = "CSV") -> list[ox.Triple]:
    """The template's rows as triples; errors name the line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("kind", "id", "organisation") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"{source}: line 1: missing column(s) {', '.join(missing)} (see the template)"
        )
    triples: list[ox.Triple] = []
    for line, row in enumerate(reader, start=2):
        triples += _row({k: (v or "").strip() for k, v in row.items() if k}, line, source)
    return triples
