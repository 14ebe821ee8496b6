"""The architect's dashboard (voortgangsbeeld): each figure is one stored query's answer
plus a declaration of how to draw it, so the page draws every figure the same way and
shows the very rows it drew as a table beside the chart.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ndsgraph.register import kpi
from ndsgraph.register.kpi import KpiResult
from ndsgraph.sparql import queries
from ndsgraph.store import Store
from ndsgraph.vocabulary import SH

TOP_SUPPLIER_SHARES = 15
# Literal values the figures show, per column, and the columns, named for people.
VALUE_NAMES = {
    "explained": {"true": "verklaard", "false": "onverklaard"},
    "steeringAssumption": {"true": "eigen sturingsaanname", "false": "met bron"},
}
YES_NO = {"true": "ja", "false": "nee"}
COLUMN_NAMES = {
    "name": "naam",
    "buildingBlock": "bouwsteen",
    "organisationType": "organisatietype",
    "targetPopulation": "doelgroep (N organisaties)",
    "inProduction": "in productie (organisaties)",
    "percentage": "in productie (% van de doelgroep)",
    "targetShare": "doelaandeel",
    "targetPercentage": "doel (% van de doelgroep)",
    "targetDate": "uiterste datum",
    "steeringAssumption": "doel",
    "framework": "kader",
    "rule": "regel",
    "severity": "ernst",
    "explained": "verklaard",
    "findings": "bevindingen",
    "time": "tijdstip",
    "run": "validatierun",
    "submitter": "aangeleverd door",
    "violations": "overtredingen",
    "warnings": "waarschuwingen",
    "unexplainedViolations": "onverklaarde overtredingen",
    "unexplainedWarnings": "onverklaarde waarschuwingen",
    "function": "functie",
    "variants": "varianten",
    "suppliers": "leveranciers",
    "products": "producten",
    "organisations": "organisaties",
    "supplier": "leverancier",
    "standard": "standaard",
    "standardName": "standaard",
    "organisationTypeName": "organisatietype",
    "measured": "gemeten (N organisaties)",
    "conforming": "voldoen (organisaties)",
    "batchDate": "meetronde",
    "evidence": "soort bewijs",
    "year": "jaar",
    "horizon": "einde levensduur",
    "systems": "legacysystemen",
    "total": "organisaties met een applicatie voor de functie",
    "part": "NDS-prioriteit",
    "investment2026to2030": "investering 2026-2030 (€ mln)",
    "structuralPerYear": "structureel per jaar (€ mln)",
    "initiatives": "initiatieven",
}
NO_MEASUREMENTS = (
    "Er zijn nog geen metingen in de graaf: importeer resultaten van internet.nl of het"
    " API-register om de adoptie van de standaarden te zien."
)
CONFORMING = "voldoet (% van de gemeten organisaties)"
Row = dict[str, str]


@dataclass(frozen=True)
class Chart:
    """How a figure is drawn: ``label`` on the category axis (its columns' cells joined, or
    the figure's ``category`` of the row), one series per value column, or, with ``series``,
    one series per distinct value of that column (summing ``values[0]``). ``axis`` titles
    the value axis with its unit; a ``percent`` axis always runs from 0 to 100. A ``time``
    axis places each category (a date) at its date, so uneven batches are spaced unevenly;
    ``count`` is the column of each point's N, shown with its value."""

    kind: str  # "bar", "line" or "bar-line" (first value as bars, the others as lines)
    label: tuple[str, ...]  # the category is these columns' names joined
    values: tuple[str, ...]
    series: str | None = None
    stacked: bool = False
    horizontal: bool = False
    axis: str = ""
    percent: bool = False
    time: bool = False
    count: str | None = None
    show_values: bool = False  # each bar's (each line's last) value beside it: 0 is not no data


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    description: str
    chart: Chart
    result: KpiResult
    labels: dict[str, str] = field(default_factory=dict)
    category: Callable[[Row], str] | None = None  # the row's category label, named cells in
    column_names: dict[str, str] = field(default_factory=dict)  # this figure's own
    empty: str = "Geen gegevens."  # the one line shown instead of a chart without rows

    def column(self, column: str) -> str:
        """A column's name for people."""
        return self.column_names.get(column) or COLUMN_NAMES.get(column, column)

    def name(self, column: str, cell: str) -> str:
        """A cell as people read it: a term's label, a named value, else the cell itself."""
        if cell in self.labels:
            return self.labels[cell]
        if cell.startswith(SH.base):
            return cell.rsplit("#", 1)[-1]
        return VALUE_NAMES.get(column, YES_NO).get(cell, cell)

    def table(self) -> tuple[list[str], list[list[tuple[str, str | None]]]]:
        """The table beside the chart: its headers and rows of (text, IRI or None). A concept
        is one column, headed once: its name as the text, its IRI the link."""
        columns = self.result.columns
        names = name_columns(columns)
        shown = [c for c in columns if c not in names.values()]
        rows = [dict(zip(columns, row, strict=True)) for row in self.result.rows]
        return [self.column(c) for c in shown], [
            [self._cell(row, c, names.get(c)) for c in shown] for row in rows
        ]

    def _cell(self, cells: Row, column: str, name: str | None) -> tuple[str, str | None]:
        """A table cell's text (its name column's cell, else the cell as people read it) and
        its IRI."""
        cell = cells[column]
        text = (cells[name] if name else "") or self.name(column, cell)
        return text, cell if cell.startswith(("http://", "https://")) else None

    def named_rows(self) -> list[Row]:
        columns = self.result.columns
        return [
            {column: self.name(column, cell) for column, cell in zip(columns, row, strict=True)}
            for row in self.result.rows
        ]

    def categories(self) -> list[str]:
        """The category label of each row: the figure's own, or the label columns joined."""
        if self.category:
            return [self.category(row) for row in self.named_rows()]
        return [" · ".join(row[c] for c in self.chart.label if row[c]) for row in self.named_rows()]

    def as_json(self) -> dict:
        """What the page's script draws: the rows with every cell named, each row's category
        and the value columns' names for people."""
        return {
            "id": self.id,
            "title": self.title,
            "chart": self.chart.__dict__,
            "columns": self.result.columns,
            "names": {c: self.column(c) for c in self.result.columns},
            "rows": [list(row.values()) for row in self.named_rows()],
            "categories": self.categories(),
        }


def name_columns(columns: list[str]) -> dict[str, str]:
    """Which column names which: ``<column>Name`` names ``<column>``, and a ``name`` column
    names the row's subject, the first column."""
    named = {c[:-4]: c for c in columns if c.endswith("Name") and c[:-4] in columns}
    if "name" in columns and columns[0] != "name":
        named[columns[0]] = "name"
    return named


def against_target(row: Row) -> str:
    """A building block with its target population (N) and, where set, its target and deadline."""
    target = (
        f"; doel {float(row['targetPercentage']):g} % vóór {row['targetDate']}"
        if row.get("targetDate")
        else ""
    )
    return f"{row['name']} (N = {row['targetPopulation']}{target})"


def measured_in(row: Row) -> str:
    """A standard, organisation type and kind of evidence with the organisations measured (N)."""
    kind = row["evidenceName"] or "soort bewijs onbekend"
    return f"{row['standardName']} · {row['organisationTypeName']} · {kind} (N = {row['measured']})"


def labels(store: Store) -> dict[str, str]:
    """Dutch labels of concepts, frameworks, rules and suppliers (``labels.rq``)."""
    rows = queries.run(store, queries.stored("labels"))
    return {row["term"].value: row["label"].value for row in rows}


def building_blocks(store: Store) -> list[tuple[str, str]]:
    """Every building block (IRI, name), for choosing a dependency picture."""
    rows = queries.run(store, queries.stored("building-blocks"))
    return [(row["buildingBlock"].value, row["name"].value) for row in rows]


def standard_adoption(store: Store) -> list[Figure]:
    """Adoption of the standards per organisation type, coloured by the kind of evidence
    (measured by internet.nl, or from the API register), and for each standard its trend over
    its own batches; without any measurement, one figure that says so."""
    now = kpi.result(store, "kpi-standard-adoption")
    found = [
        Figure(
            "standards",
            "Adoptie van de standaarden per organisatietype, gemeten en uit registers",
            "Per standaard en organisatietype: het aandeel van de organisaties (N: met minstens"
            " één domein of API met een meting) waarvan elk domein en elke API aan de standaard"
            " voldoet, in procent, uit de laatste meting van elk. Elke rij zegt de soort bewijs,"
            " ook in kleur: gemeten (internet.nl) of uit een register (het API-register).",
            Chart(
                "bar",
                (),
                ("percentage",),
                "evidence",
                stacked=True,
                horizontal=True,
                axis=CONFORMING,
                percent=True,
                show_values=True,
            ),
            now,
            category=measured_in,
            column_names={"percentage": CONFORMING},
            empty=NO_MEASUREMENTS,
        )
    ]
    if not now.rows:
        return found
    trend = kpi.result(store, "kpi-standard-adoption-trend")  # once: 4 s at 120,000 measurements
    rows = [dict(zip(now.columns, row, strict=True)) for row in now.rows]
    for standard, name in dict.fromkeys((row["standard"], row["standardName"]) for row in rows):
        kinds = dict.fromkeys(r["evidenceName"] for r in rows if r["standard"] == standard)
        known = ", ".join(kind for kind in kinds if kind) or "soort bewijs onbekend"
        found.append(
            Figure(
                f"standards-trend-{standard.rstrip('/').rsplit('/', 1)[-1]}",
                f"Adoptie van {name} per meetronde ({known})",
                f"Per organisatietype het aandeel van de organisaties dat aan {name} voldoet"
                " (procent), op de datum van elke meetronde van deze standaard, uit de laatste"
                " meting van elk domein en elke API op of vóór die datum. De punten staan op hun"
                " datum, de laatste waarde staat erbij; het aantal organisaties met een meting (N)"
                " staat in de legenda, bij elk punt (aanwijzen) en in de tabel.",
                Chart(
                    "line",
                    ("batchDate",),
                    ("percentage",),
                    "organisationType",
                    axis=CONFORMING,
                    percent=True,
                    time=True,
                    count="measured",
                    show_values=True,
                ),
                _of_standard(trend, standard),
                column_names={"percentage": CONFORMING},
            )
        )
    return found


def _of_standard(trend: KpiResult, standard: str) -> KpiResult:
    """The trend's rows of one standard: what the query answers given that standard."""
    index = trend.columns.index("standard")
    rows = [row for row in trend.rows if row[index] == standard]
    return replace(trend, parameters={"measuredStandard": standard}, rows=rows)


def _top(result: KpiResult, column: str, count: int) -> KpiResult:
    index = result.columns.index(column)
    rows = sorted(result.rows, key=lambda row: -float(row[index] or 0))[:count]
    return KpiResult(result.title, result.query, result.parameters, result.columns, rows)


def figures(store: Store) -> list[Figure]:
    """Every figure of the dashboard, drawn from the current store."""
    names = labels(store)
    trend = kpi.result(store, "kpi-trend")  # every run that changed the register, oldest first
    found = [
        Figure(
            "adoption",
            "Adoptiegraad per bouwsteen tegenover het doel",
            "Het aandeel van de doelgroep (N organisaties: de organisatietypen en organisaties"
            " waarvoor de bouwsteen bedoeld is) dat hem in productie heeft, naast het afgesproken"
            " of aangenomen doel met de uiterste datum; de tabel zegt of een doel onze eigen"
            " sturingsaanname is.",
            Chart(
                "bar",
                ("name",),
                ("percentage", "targetPercentage"),
                horizontal=True,
                axis="% van de doelgroep",
                percent=True,
                show_values=True,
            ),
            kpi.result(store, "kpi-adoption-rate"),
            category=against_target,
        ),
        Figure(
            "adoption-by-type",
            "Adoptiegraad per bouwsteen en organisatietype",
            "Het aandeel van de doelgroep van elk organisatietype dat de bouwsteen in productie"
            " heeft (procent).",
            Chart(
                "bar",
                ("name",),
                ("percentage",),
                "organisationType",
                horizontal=True,
                axis=COLUMN_NAMES["percentage"],
                percent=True,
            ),
            kpi.result(store, "kpi-adoption-rate-by-type"),
        ),
        *standard_adoption(store),
    ]
    if trend.rows:
        found.append(
            Figure(
                "deviations",
                "Afwijkingen per kader en ernst, verklaard en onverklaard",
                "Geldende bevindingen in het register per architectuurkader, overtredingen"
                " (Violation) en waarschuwingen (Warning) apart; de tabel splitst ze ook naar"
                " regel.",
                Chart(
                    "bar",
                    ("framework", "severity"),
                    ("findings",),
                    "explained",
                    True,
                    axis="bevindingen (aantal)",
                ),
                kpi.result(store, "kpi-deviations"),
            )
        )
    found += [
        Figure(
            "trend",
            "Voortgang van het register",
            "Geldende overtredingen en waarschuwingen, de onverklaarde van elk, en varianten na"
            " elke run die het register veranderde (ook aanvaarde aanleveringen): dalende lijnen"
            " zijn gesloten afwijkingen en minder varianten.",
            Chart(
                "line",
                ("time",),
                (
                    "violations",
                    "warnings",
                    "unexplainedViolations",
                    "unexplainedWarnings",
                    "variants",
                ),
                axis="aantal",
            ),
            trend,
        ),
        Figure(
            "legacy",
            "Legacy in productie naar einde levensduur",
            "Legacysystemen in productie per jaar van einde levensduur: voorbij, binnen"
            " 12 maanden of later.",
            Chart("bar", ("year",), ("systems",), "horizon", True, axis="legacysystemen (aantal)"),
            kpi.result(store, "legacy-end-of-life-horizon"),
        ),
        Figure(
            "suppliers",
            "Leveranciersconcentratie",
            f"De {TOP_SUPPLIER_SHARES} grootste aandelen van één leverancier in de organisaties"
            " van één type die een applicatie voor een functie hebben (procent).",
            Chart(
                "bar",
                ("supplierName", "function", "organisationType"),
                ("percentage",),
                horizontal=True,
                axis="aandeel van de organisaties (%)",
                percent=True,
                show_values=True,
            ),
            _top(kpi.result(store, "supplier-concentration"), "percentage", TOP_SUPPLIER_SHARES),
            column_names={"percentage": "aandeel van de organisaties (%)"},
        ),
        Figure(
            "investment",
            "Investering per NDS-prioriteit tegenover adoptie",
            "Investeringsagenda 2026-2030 (€ mln, staven) tegenover het aantal organisaties"
            " met initiatieven voor die prioriteit (lijn).",
            Chart(
                "bar-line",
                ("name",),
                ("investment2026to2030", "organisations"),
                axis=COLUMN_NAMES["investment2026to2030"],
            ),
            kpi.result(store, "investment-vs-adoption"),
        ),
    ]
    return [replace(f, labels=names) for f in found]
