"""The CSV template for organisations that do not write RDF, and its conversion to the ontology.

One row per fact; ``kind`` says which, and only that kind's columns may be filled:

- ``adoption`` (afname of a building block): ``building_block``, ``status``, ``start_date``,
  ``production_date``.
- ``application`` or ``legacy`` (a legacy system): ``status`` (lifecycle phase), ``function``,
  ``supplier``, ``product``, ``end_of_life``, and the contract under which it runs:
  ``contract_start``, ``contract_end``, ``exit_clause``, ``export_standard``,
  ``hosting_country``.
- ``deviation`` (afwijking, the *leg uit* of comply or explain): ``deviates_from`` (the
  framework rule, e.g. ``exit-by-design/exitclausule``, its last part or its name),
  ``subject`` (the ``id`` of an adoption, application or legacy row of the same
  organisation, or a full IRI; empty: the deviation covers every finding of the rule),
  ``explanation`` (the motivation, at least 10 characters), ``deviation_type``
  (tijdelijk/permanent), ``status`` (aangevraagd/goedgekeurd/afgewezen/ingetrokken),
  ``valid_from`` and ``valid_through``. An approved deviation valid on the day of a run
  explains the findings of that rule about its subject; a deviation about an application
  also covers that application's contract.

Every row has ``kind``, ``id`` and ``organisation`` (the TOOI IRI); ``name`` is optional.
The file is comma or semicolon separated (as Dutch Excel saves it), UTF-8 with or without
BOM. Identifiers (``id``, ``building_block``, ``export_standard``) become IRIs by a slug
(lowercase, accents dropped, other characters a ``-``). ``supplier`` and ``product`` name a
supplier and a product of the reference list (``data/suppliers.ttl``) by name or alternative
name, in any case, with or without accents, punctuation or legal form ("centric", "Centric
B.V."); the row states only that the application has that supplier and product, never facts
about them (those are reference data), so any number of organisations can name the same one.
An unknown supplier or product is an InputError naming the row and the name, with close
matches. ``status``,
``function``, ``deviation_type`` and ``hosting_country`` are read
against their vocabularies (``ontology/vocabularies.ttl``, ``countries.ttl``): a code or a
Dutch or English name. Booleans are ja/nee, yes/no, true/false, j/n, y, waar/onwaar (Dutch Excel's TRUE and FALSE),
1/0; dates YYYY-MM-DD or DD-MM-YYYY. Column names may be in any case, with spaces for
underscores. Any other value, a column the kind does not use or an unknown column is an
InputError naming line and column.
"""

import csv
import difflib
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import resources
from ndsgraph.errors import InputError
from ndsgraph.validation import frameworks
from ndsgraph.vocabulary import CONCEPT, ID, NDSG, RDF, RDFS, SCHEMA, SKOS, XSD

COMMON = ("kind", "id", "organisation", "name")
CONTRACT_COLUMNS = (
    "contract_start",
    "contract_end",
    "exit_clause",
    "export_standard",
    "hosting_country",
)
KINDS = {
    "adoption": ("building_block", "status", "start_date", "production_date"),
    "application": ("status", "function", "supplier", "product", "end_of_life", *CONTRACT_COLUMNS),
    "deviation": (
        "deviates_from",
        "subject",
        "explanation",
        "deviation_type",
        "status",
        "valid_from",
        "valid_through",
    ),
}
KINDS["legacy"] = KINDS["application"]
COLUMNS = list(dict.fromkeys(COMMON + tuple(c for columns in KINDS.values() for c in columns)))
REQUIRED = ("kind", "id", "organisation")
GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
EXAMPLE_ROWS = [
    {
        "kind": "adoption",
        "id": "digid",
        "organisation": GEMEENTE,
        "building_block": "digid",
        "status": "in-productie",
        "start_date": "2015-01-01",
        "production_date": "2015-06-01",
    },
    {
        "kind": "adoption",
        "id": "zgw-apis",
        "organisation": GEMEENTE,
        "building_block": "zgw-apis",
        "status": "in productie",
        "start_date": "2021-01-01",
        "production_date": "2021-09-01",
    },
    {
        "kind": "application",
        "id": "zaaksysteem",
        "organisation": GEMEENTE,
        "name": "Zaaksysteem",
        "status": "in-productie",
        "function": "zaakregistratie",
        "supplier": "xxllnc",
        "product": "Zaaksysteem.nl",
        "contract_start": "2022-01-01",
        "contract_end": "2027-12-31",
        "exit_clause": "ja",
        "export_standard": "odf",
        "hosting_country": "Nederland",
    },
    {
        "kind": "legacy",
        "id": "belastingen-oud",
        "organisation": GEMEENTE,
        "name": "Belastingsysteem (oud)",
        "status": "uit-te-faseren",
        "function": "belastingheffing",
        "supplier": "Centric B.V.",
        "end_of_life": "2027-12-31",
        "contract_start": "2015-01-01",
        "contract_end": "2027-12-31",
        "exit_clause": "nee",
        "export_standard": "odf",
        "hosting_country": "NL",
    },
    {
        "kind": "deviation",
        "id": "belastingen-oud-exitclausule",
        "organisation": GEMEENTE,
        "name": "Geen exitclausule in het oude belastingcontract",
        "deviates_from": "exit-by-design/exitclausule",
        "subject": "belastingen-oud",
        "explanation": "Het contract uit 2015 is van voor exit-by-design; het systeem wordt "
        "uitgefaseerd en het contract niet verlengd.",
        "deviation_type": "permanent",
        "status": "goedgekeurd",
        "valid_from": "2025-01-01",
    },
]
MAX_IDENTIFIER = 200
TRUE = frozenset({"ja", "j", "yes", "y", "true", "waar", "1"})
FALSE = frozenset({"nee", "n", "no", "false", "onwaar", "0"})
COUNTRIES_FILE = resources.data_dir() / "countries.ttl"  # loaded too: pages name countries
SUPPLIERS_FILE = "suppliers.ttl"  # in the bundled reference data
# Legal forms a supplier's name may carry or leave out ("B.V.", "N.V.", "GmbH", ...).
LEGAL_FORMS = frozenset(
    {"bv", "nv", "vof", "cv", "ltd", "limited", "inc", "llc", "plc", "gmbh", "ag", "sa", "se"}
)
COUNTRY_SCHEME = "http://publications.europa.eu/resource/authority/country"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
REFERENCE = {  # the columns that name a party or product of data/suppliers.ttl, and its class
    "supplier": ("supplier", NDSG.Supplier),
    "product": ("product", NDSG.SoftwareProduct),
}

Term = ox.NamedNode | ox.Literal


def template() -> str:
    """The template with one example row of each kind; it passes validation as it is."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue()


def slug(text: str) -> str:
    """A deterministic IRI segment: lowercase ASCII letters and digits joined by ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@functools.cache
def _vocabulary(path: Path, scheme: str) -> dict[str, str]:
    """The concepts of ``scheme`` in ``path`` by the slug of each notation and label."""
    keys = {SKOS.prefLabel, SKOS.altLabel, SKOS.notation}
    triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    members = {
        t.subject for t in triples if t.predicate == SKOS.inScheme and t.object.value == scheme
    }
    return {
        slug(t.object.value): t.subject.value
        for t in triples
        if t.subject in members and t.predicate in keys
    }


def supplier_key(name: str) -> str:
    """A supplier's name without case, accents, punctuation, spacing or legal form:
    "Centric B.V." and "centric" give the same key."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_name.replace(".", "")).split()
    return "".join(word for word in words if word not in LEGAL_FORMS)


@functools.cache
def _named(path: Path, kind: ox.NamedNode) -> tuple[dict[str, str], dict[str, str]]:
    """The reference suppliers or products (``kind``) by the key of each label and alternative
    label (a key shared by two of them names neither), and each one's label."""
    triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    members = {t.subject for t in triples if t.predicate == RDF.type and t.object == kind}
    names = [
        t for t in triples if t.subject in members and t.predicate in (RDFS.label, SKOS.altLabel)
    ]
    candidates: dict[str, set[str]] = {}
    for name in names:
        candidates.setdefault(supplier_key(name.object.value), set()).add(name.subject.value)
    keys = {key: next(iter(iris)) for key, iris in candidates.items() if len(iris) == 1}
    labels = {n.subject.value: n.object.value for n in names if n.predicate == RDFS.label}
    return keys, labels


def _concepts(scheme: str) -> dict[str, str]:
    return _vocabulary(resources.ontology_dir() / "vocabularies.ttl", CONCEPT[scheme].value)


def _rules() -> dict[str, str]:
    paths = [framework.path for framework in frameworks.select(None)]
    return _rule_names(
        tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in paths)
    )


@functools.lru_cache(maxsize=4)
def _rule_names(versions: tuple[tuple[Path, int, int], ...]) -> dict[str, str]:
    """The framework rules by their IRI and the slug of ``framework/rule``, of ``rule`` and
    of each label; a name shared by two rules names neither. Once per version of the
    framework files."""
    triples = [
        q.triple
        for path, *_ in versions
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    ]
    rules = {
        t.subject for t in triples if t.predicate == RDF.type and t.object == NDSG.FrameworkRule
    }
    names = {rule: [rule.value.removeprefix(ID["regel/"].value)] for rule in rules}
    for t in triples:
        if t.subject in rules and t.predicate == RDFS.label:
            names[t.subject].append(t.object.value)
    candidates: dict[str, set[str]] = {}
    for rule, (path, *labels) in names.items():
        for key in [rule.value, *(slug(name) for name in [path, path.rsplit("/", 1)[-1], *labels])]:
            candidates.setdefault(key, set()).add(rule.value)
    return {key: next(iter(rules)) for key, rules in candidates.items() if len(rules) == 1}


@dataclass(frozen=True)
class Row:
    """One data row: its cells by column, where it starts, and the subject it describes."""

    cells: dict[str, str]
    line: int
    source: str

    def error(self, column: str, message: str) -> InputError:
        return InputError(f"{self.source}: line {self.line}, column {column}: {message}")

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def identifier(self, column: str) -> str:
        value = slug(self[column])
        if not value:
            raise self.error(column, f"'{self[column][:80]}' has no letters or digits")
        if len(value) > MAX_IDENTIFIER:
            raise self.error(column, f"longer than {MAX_IDENTIFIER} characters")
        return value

    def iri(self, column: str) -> ox.NamedNode | None:
        """The cell as an http(s) IRI, or None if it is not one."""
        if not _IRI.fullmatch(self[column]):
            return None
        try:
            return ox.NamedNode(self[column])
        except ValueError:
            return None

    def organisation(self) -> ox.NamedNode:
        found = self.iri("organisation")
        if found is None:
            raise self.error(
                "organisation",
                f"'{self['organisation'][:80]}' is not an IRI (use the organisation's TOOI IRI)",
            )
        return found

    def subject(self) -> ox.NamedNode:
        """The IRI this row mints, under the organisation's code (the IRI's last segment)."""
        kind = self["kind"]
        folder = {"adoption": "afname", "deviation": "afwijking"}.get(kind, "applicatie")
        code = slug(self["organisation"].rstrip("/").rsplit("/", 1)[-1]) or "organisatie"
        return ID[f"{folder}/{code}/{self.identifier('id')}"]

    def contract(self) -> ox.NamedNode | None:
        """The contract an application row describes, if it fills a contract column."""
        if any(self[c] for c in CONTRACT_COLUMNS):
            return ox.NamedNode(f"{self.subject().value}/contract")
        return None

    def concept(self, column: str, scheme: str) -> ox.NamedNode:
        return self._lookup(column, _concepts(scheme), "known")

    def country(self) -> ox.NamedNode:
        countries = _vocabulary(COUNTRIES_FILE, COUNTRY_SCHEME)
        return self._lookup("hosting_country", countries, "a country name or ISO 3166 code")

    def reference(self, column: str) -> ox.NamedNode:
        """The reference supplier or product the cell names (see ``REFERENCE``)."""
        what, kind = REFERENCE[column]
        keys, labels = _named(resources.data_dir() / SUPPLIERS_FILE, kind)
        name = self[column]
        found = keys.get(supplier_key(name))
        if found is None:
            close = difflib.get_close_matches(supplier_key(name), keys, n=3, cutoff=0.6)
            hint = ", ".join(dict.fromkeys(labels[keys[key]] for key in close))
            raise self.error(
                column,
                f"'{name[:80]}' is not a known {what}"
                + (f" (did you mean {hint}?)" if hint else "")
                + f"; the {what}s are listed in data/suppliers.ttl",
            )
        return ox.NamedNode(found)

    def rule(self) -> ox.NamedNode:
        value = self["deviates_from"]
        found = _rules().get(value) or _rules().get(slug(value))
        if found is None:
            raise self.error(
                "deviates_from",
                f"'{value[:80]}' is not a framework rule (use framework/rule, "
                "e.g. exit-by-design/exitclausule)",
            )
        return ox.NamedNode(found)

    def _lookup(self, column: str, known: dict[str, str], hint: str) -> ox.NamedNode:
        found = known.get(slug(self[column]))
        if found is None:
            codes = sorted({iri.rsplit("/", 1)[-1] for iri in known.values()})
            shown = ", ".join(codes[:30]) + (", …" if len(codes) > 30 else "")
            raise self.error(column, f"'{self[column][:80]}' is not in the list ({hint}: {shown})")
        return ox.NamedNode(found)

    def dates(self, *columns: tuple[str, ox.NamedNode]) -> list[tuple[ox.NamedNode, ox.Literal]]:
        """(predicate, xsd:date) for each filled column of ``(column, predicate)``."""
        return [(predicate, self.day(column)) for column, predicate in columns if self[column]]

    def day(self, column: str) -> ox.Literal:
        value = self[column]
        iso, dutch = _ISO_DATE.fullmatch(value), _DUTCH_DATE.fullmatch(value)
        parts = iso.groups() if iso else dutch.groups()[::-1] if dutch else None
        try:
            return ox.Literal(date(*map(int, parts)).isoformat(), datatype=XSD.date)
        except (TypeError, ValueError):  # no match, or no such day
            raise self.error(
                column, f"'{value[:80]}' is not a date (YYYY-MM-DD or DD-MM-YYYY)"
            ) from None

    def boolean(self, column: str) -> ox.Literal:
        value = self[column].lower()
        if value not in TRUE | FALSE:
            raise self.error(
                column, f"'{self[column][:80]}' is not a yes or no (use ja/nee, yes/no, true/false)"
            )
        return ox.Literal(value in TRUE)


Subjects = dict[tuple[str, str], tuple[ox.NamedNode, ...]]


def _described(row: Row) -> tuple[ox.NamedNode, ...]:
    """The IRIs a deviation about this row is about: the row's subject, and its contract."""
    contract = row.contract()
    return (row.subject(), contract) if contract else (row.subject(),)


Facts = list[tuple[ox.NamedNode, Term]]


def _adoption(row: Row) -> Facts:
    if not row["building_block"]:
        raise row.error("building_block", "required for an adoption")
    facts: Facts = [(NDSG.buildingBlock, ID[f"bouwsteen/{row.identifier('building_block')}"])]
    if row["status"]:
        facts.append((NDSG.adoptionStatus, row.concept("status", "status")))
    return facts + row.dates(
        ("start_date", SCHEMA.startDate), ("production_date", NDSG.productionDate)
    )


def _application(row: Row, subject: ox.NamedNode) -> list[ox.Triple]:
    """The application's facts and its contract's (not its supplier's: reference data)."""
    facts: Facts = []
    if row["status"]:
        facts.append((NDSG.lifecyclePhase, row.concept("status", "status")))
    if row["function"]:
        facts.append((NDSG.function, row.concept("function", "functie")))
    facts += row.dates(("end_of_life", NDSG.endOfLife))
    triples: list[ox.Triple] = []
    supplier = None
    if row["supplier"]:
        supplier = row.reference("supplier")
        facts.append((NDSG.supplier, supplier))
    if row["product"]:
        facts.append((NDSG.product, row.reference("product")))
    if contract := row.contract():
        facts.append((NDSG.contract, contract))
        triples += [ox.Triple(contract, p, o) for p, o in _contract(row, supplier)]
    return [ox.Triple(subject, p, o) for p, o in facts] + triples


def _contract(row: Row, supplier: ox.NamedNode | None) -> Facts:
    facts: Facts = [(RDF.type, NDSG.Contract), (NDSG.organisation, row.organisation())]
    if supplier:
        facts.append((NDSG.supplier, supplier))
    facts += row.dates(("contract_start", SCHEMA.startDate), ("contract_end", SCHEMA.endDate))
    if row["exit_clause"]:
        facts.append((NDSG.hasExitClause, row.boolean("exit_clause")))
    if row["export_standard"]:
        standard = ID[f"standaard/{row.identifier('export_standard')}"]
        facts.append((NDSG.dataExportStandard, standard))
    if row["hosting_country"]:
        facts.append((NDSG.hostingJurisdiction, row.country()))
    return facts


def _deviation(row: Row, subjects: Subjects) -> Facts:
    if not row["deviates_from"]:
        raise row.error("deviates_from", "required for a deviation (the rule deviated from)")
    facts: Facts = [(NDSG.rule, row.rule())]
    if row["subject"]:
        facts += [(NDSG.subject, thing) for thing in _about(row, subjects)]
    if row["explanation"]:
        facts.append((NDSG.motivation, ox.Literal(row["explanation"], language="nl")))
    if row["deviation_type"]:
        facts.append((NDSG.deviationType, row.concept("deviation_type", "afwijkingstype")))
    if row["status"]:
        facts.append((NDSG.deviationStatus, row.concept("status", "afwijkingsstatus")))
    return facts + row.dates(
        ("valid_from", SCHEMA.validFrom), ("valid_through", SCHEMA.validThrough)
    )


def _about(row: Row, subjects: Subjects) -> tuple[ox.NamedNode, ...]:
    """What a deviation is about: the rows of this organisation with the id in ``subject``,
    or the IRI written there."""
    value = row["subject"]
    found = subjects.get((row.organisation().value, slug(value)))
    if found:
        return found
    if iri := row.iri("subject"):
        return (iri,)
    raise row.error(
        "subject",
        f"no adoption, application or legacy row with id '{value[:80]}' "
        "for this organisation (or give a full IRI)",
    )


TYPES = {
    "adoption": NDSG.Adoption,
    "application": NDSG.Application,
    "legacy": NDSG.LegacySystem,
    "deviation": NDSG.Deviation,
}


def _triples(row: Row, subjects: Subjects) -> list[ox.Triple]:
    """The triples of one row."""
    kind = row["kind"]
    subject = row.subject()
    facts = [
        ox.Triple(subject, RDF.type, TYPES[kind]),
        ox.Triple(subject, NDSG.organisation, row.organisation()),
    ]
    if row["name"]:
        facts.append(ox.Triple(subject, RDFS.label, ox.Literal(row["name"], language="nl")))
    if kind == "adoption":
        return facts + [ox.Triple(subject, p, o) for p, o in _adoption(row)]
    if kind == "deviation":
        return facts + [ox.Triple(subject, p, o) for p, o in _deviation(row, subjects)]
    return facts + _application(row, subject)


def _text(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source}: not UTF-8 text (byte {error.start + 1}); save the file as 'CSV UTF-8'"
        ) from None
    if not text.strip():
        raise InputError(
            f"{source}: empty file; the first line names the columns (see the template)"
        )
    return text


def _header(names: list[str], source: str) -> list[str]:
    """The header's column names, checked: known, not twice, the required ones present."""
    columns = [slug(name).replace("-", "_") for name in names]
    for number, column in enumerate(columns, start=1):
        if column and column not in COLUMNS:
            raise InputError(
                f"{source}: line 1, column {number}: unknown column '{names[number - 1][:80]}' "
                f"(known: {', '.join(COLUMNS)})"
            )
        if column and columns.index(column) != number - 1:
            raise InputError(f"{source}: line 1, column {number}: column '{column}' twice")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"{source}: line 1: missing column(s) {', '.join(missing)} (see the template)"
        )
    return columns


def _rows(text: str, source: str) -> Iterator[Row]:
    """The data rows of the file, each with the line it starts on; blank rows are skipped."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 0  # the last line of the previous record
    try:
        columns = _header(next(reader), source)
        line = reader.line_num
        for cells in reader:
            row = Row(_cells(columns, cells, line + 1, source), line + 1, source)
            line = reader.line_num
            if any(row.cells.values()):
                yield row
    except csv.Error as error:  # e.g. a quote never closed, a cell over the size limit
        raise InputError(f"{source}: line {line + 1}: {error}") from None


def _cells(columns: list[str], cells: list[str], line: int, source: str) -> dict[str, str]:
    """A row's cells by column, stripped; a cell without a column or with a control
    character is an error."""
    values: dict[str, str] = {}
    for number, cell in enumerate(cells, start=1):
        column = columns[number - 1] if number <= len(columns) else ""
        value = cell.strip().lower() if column == "kind" else cell.strip()
        if value and not column:
            raise InputError(
                f"{source}: line {line}, column {number}: a value in a column without a name"
            )
        if _CONTROL.search(value):
            raise InputError(f"{source}: line {line}, column {column}: a control character")
        if column:
            values[column] = value
    return values


def _checked(row: Row) -> Row:
    """The row, if its kind is known and it fills only that kind's columns."""
    for column in REQUIRED:
        if not row[column]:
            raise row.error(column, "required")
    kind = row["kind"]
    if kind not in KINDS:
        raise row.error("kind", f"'{kind[:80]}' (use {', '.join(KINDS)})")
    for column, value in row.cells.items():
        if value and column not in COMMON and column not in KINDS[kind]:
            raise row.error(column, f"does not apply to a row of kind {kind}; leave it empty")
    return row


def to_triples(data: bytes, *, source: str = "CSV", max_rows: int | None = None) -> list[ox.Triple]:
    """The template's rows as triples; errors name the line and column. More than
    ``max_rows`` rows are refused before they are converted."""
    found = _rows(_text(data, source), source)
    if max_rows is not None:
        found = itertools.islice(found, max_rows + 1)
    rows = [_checked(row) for row in found]
    if max_rows is not None and len(rows) > max_rows:
        raise InputError(f"{source}: more than {max_rows} rows (the limit of one upload)")
    subjects: Subjects = {}
    seen: dict[ox.NamedNode, int] = {}
    for row in rows:
        subject = row.subject()
        if subject in seen:
            raise row.error("id", f"'{row['id'][:80]}' is also the id on line {seen[subject]}")
        seen[subject] = row.line
        if row["kind"] != "deviation":
            key = (row.organisation().value, slug(row["id"]))
            subjects[key] = subjects.get(key, ()) + _described(row)
    return [triple for row in rows for triple in _triples(row, subjects)]
