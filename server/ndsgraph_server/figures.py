"""The architect's dashboard (voortgangsbeeld): each figure is one stored query's answer
plus a declaration of how to draw it, so the page draws every figure the same way and
shows the very rows it drew as a table beside the chart. Every word a person reads is in
the chosen language (Dutch, or English on request): titles, axes, legends, the names of
the terms in the rows (``ndsgraph.names``) and numbers and dates (``notation``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from ndsgraph.names import names, short
from ndsgraph.notation import number, percent, readable
from ndsgraph.register import kpi, kpi_columns
from ndsgraph.register.kpi import KpiResult
from ndsgraph.register.kpi_columns import COLUMN_NAMES, CONFORMING, Label
from ndsgraph.sparql import queries
from ndsgraph.store import Store
from ndsgraph.vocabulary import SH

Row = dict[str, str]
TOP_SUPPLIER_SHARES = 15


def say(text: Label, language: str) -> str:
    """The text in ``language``."""
    return text[1] if language == "en" else text[0]


# Literal values the figures show, per column, named for people.
VALUE_NAMES: dict[str, dict[str, Label]] = {
    "explained": {"true": ("verklaard", "explained"), "false": ("onverklaard", "unexplained")},
    "steeringAssumption": {
        "true": ("eigen sturingsaanname", "our own steering assumption"),
        "false": ("met bron", "sourced"),
    },
    "horizon": {
        "voorbij einde levensduur": ("voorbij einde levensduur", "past end of life"),
        "binnen 12 maanden": ("binnen 12 maanden", "within 12 months"),
        "later": ("later", "later"),
    },
}
# The Dutch names of the kinds of evidence that kpi-adoption-rate lists in its evidence column.
EVIDENCE: dict[str, Label] = {
    "zelf gerapporteerd": ("zelf gerapporteerd", "self-reported"),
    "gemeten": ("gemeten", "measured"),
    "uit een register": ("uit een register", "from a register"),
}
YES_NO: dict[str, Label] = {"true": ("ja", "yes"), "false": ("nee", "no")}
SEVERITIES: dict[str, Label] = {
    SH.Violation.value: ("overtreding", "violation"),
    SH.Warning.value: ("waarschuwing", "warning"),
    SH.Info.value: ("melding", "info"),
}
NO_MEASUREMENTS: Label = (
    "Er zijn nog geen metingen in de graaf: importeer resultaten van internet.nl of het"
    " API-register om de adoptie van de standaarden te zien.",
    "There are no measurements in the graph yet: import results from internet.nl or the API"
    " register to see the adoption of the standards.",
)
UNKNOWN_EVIDENCE: Label = ("soort bewijs onbekend", "kind of evidence unknown")
OF: Label = ("van", "of")


@dataclass(frozen=True)
class Chart:
    """How a figure is drawn: ``label`` on the category axis (its columns' cells joined, or
    the figure's ``category`` of the row), one series per value column, or, with ``series``,
    one series per distinct value of that column (summing ``values[0]``). ``axis`` titles
    the value axis with its unit; a ``percent`` axis always runs from 0 to 100. A ``time``
    axis places each category (a date or a time) at its moment, so uneven batches are spaced
    unevenly; ``count`` is the column of each point's N, shown with its value. ``target`` is
    a column drawn as a mark on each bar (the share to reach); with ``second_axis`` the second
    value column has its own axis, on the right (another unit)."""

    kind: str  # "bar" or "line"
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
    target: str | None = None
    second_axis: bool = False
    category_axis: str = ""  # the title of the category (or time) axis
    # a column a person chooses one value of (a selector above the chart): the chart draws
    # that value's rows, so a figure of many values stays a readable height; the table has all
    choose: str | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    description: str
    chart: Chart
    result: KpiResult
    language: str = "nl"
    labels: dict[str, str] = field(default_factory=dict)  # IRI to name, in the language
    category: Callable[[Row], str] | None = None  # the row's category label, named cells in
    notes: dict[str, Callable[[Row], str]] = field(default_factory=dict)  # beside a value
    anonymous: tuple[str, ...] = ()  # columns of IRIs without a name: linked by the column's
    empty: str = ""  # the one line shown instead of a chart without rows

    def column(self, column: str) -> str:
        """A column's name for people (``kpi_columns``: the same as ``ndsgraph kpi``'s)."""
        return kpi_columns.name(self.result.query, column, self.language)

    def name(self, column: str, cell: str) -> str:
        """A cell as people read it: a term's name, a named value, else the cell itself."""
        if cell in self.labels:
            return self.labels[cell]
        if column == "evidence" and cell:
            return ", ".join(say(EVIDENCE.get(k, (k, k)), self.language) for k in cell.split(", "))
        known = VALUE_NAMES.get(column, YES_NO).get(cell)
        return say(known, self.language) if known else cell

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
        """A table cell's text and its IRI: a term's name in the language (the column's name
        for a term without one, never the IRI), a named value, or a number or date in the
        language's notation."""
        cell = cells[column]
        if cell.startswith(("http://", "https://")):
            anonymous = column in self.anonymous
            text = "" if anonymous else self.labels.get(cell) or (cells[name] if name else "")
            return text or self.column(column), cell
        named = self.name(column, cell)
        return (readable(cell, self.language) if named == cell else named), None

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

    def choices(self) -> list[str]:
        """The values of the chart's ``choose`` column as people read them, the one with the
        most rows first (drawn until another is chosen)."""
        if not self.chart.choose:
            return []
        counted: dict[str, int] = {}
        for row in self.named_rows():
            counted[row[self.chart.choose]] = counted.get(row[self.chart.choose], 0) + 1
        return sorted(counted, key=lambda value: (-counted[value], value.casefold()))

    def as_json(self) -> dict:
        """What the page's script draws: the rows with every cell named, each row's category,
        the value columns' names for people and, per value column, each row's note (its N)."""
        rows = self.named_rows()
        return {
            "id": self.id,
            "title": self.title,
            "chart": self.chart.__dict__,
            "columns": self.result.columns,
            "names": {c: self.column(c) for c in self.result.columns},
            "rows": [list(row.values()) for row in rows],
            "categories": self.categories(),
            "notes": {column: [note(row) for row in rows] for column, note in self.notes.items()},
        }


def name_columns(columns: list[str]) -> dict[str, str]:
    """Which column names which: ``<column>Name`` names ``<column>``, and a ``name`` column
    names the row's subject, the first column."""
    named = {c[:-4]: c for c in columns if c.endswith("Name") and c[:-4] in columns}
    if "name" in columns and columns[0] != "name":
        named[columns[0]] = "name"
    return named


def against_target(row: Row, language: str) -> str:
    """A building block with, where set, its target and deadline (its N is beside its bar)."""
    if not row.get("targetDate"):
        return row["buildingBlock"]
    target = percent(row["targetPercentage"], language)
    deadline = readable(row["targetDate"], language)
    return (
        f"{row['buildingBlock']} ({say(('doel', 'target'), language)} {target}"
        f" {say(('vóór', 'by'), language)} {deadline})"
    )


def measured_in(row: Row, language: str) -> str:
    """A standard, organisation type and kind of evidence with the organisations measured (N)."""
    kind = row["evidence"] or say(UNKNOWN_EVIDENCE, language)
    return f"{row['standard']} · {row['organisationType']} · {kind} (N = {row['measured']})"


def share_of(row: Row, part: str, whole: str, language: str) -> str:
    """A share's N: "(2 van 3)"."""
    return f"({number(row[part], language)} {say(OF, language)} {number(row[whole], language)})"


def pending(row: Row) -> str:
    """An amount with years still PM: "+ PM" (the total counts only the amounts given)."""
    return "+ PM" if row["pendingYears"] not in ("", "0") else ""


def term_names(store: Store, results: list[KpiResult], language: str) -> dict[str, str]:
    """The name in ``language`` of every IRI in the results (``ndsgraph.names``; a severity
    by our own word for it)."""
    iris = {
        cell
        for result in results
        for row in result.rows
        for cell in row
        if cell.startswith(("http://", "https://"))
    }
    found = names(store, iris, language)
    return found | {iri: say(text, language) for iri, text in SEVERITIES.items() if iri in iris}


def building_blocks(store: Store, language: str = "nl") -> list[tuple[str, str]]:
    """Every building block (IRI, name in ``language``), by name, for choosing a picture."""
    rows = queries.run(store, queries.stored("building-blocks"))
    iris = [row["buildingBlock"].value for row in rows]
    named = names(store, iris, language)
    return sorted(((iri, named[iri]) for iri in iris), key=lambda block: block[1].casefold())


def standard_adoption(store: Store, language: str = "nl") -> list[Figure]:
    """Adoption of the standards per organisation type, coloured by the kind of evidence
    (measured by internet.nl, or from the API register), and for each standard its trend over
    its own batches; without any measurement, one figure that says so."""
    now = kpi.result(store, "kpi-standard-adoption")
    conformed = partial(share_of, part="conforming", whole="measured", language=language)
    found = [
        Figure(
            "standards",
            say(
                (
                    "Adoptie van de standaarden per organisatietype, gemeten en uit registers",
                    "Adoption of the standards per organisation type, measured and from registers",
                ),
                language,
            ),
            say(
                (
                    "Per standaard en organisatietype: het aandeel van de organisaties (N: met"
                    " minstens één domein of API met een meting) waarvan elk domein en elke API"
                    " aan de standaard voldoet, in procent, uit de laatste meting van elk; bij"
                    " elke staaf staat hoeveel van de N. Elke rij zegt de soort bewijs, ook in"
                    " kleur: gemeten (internet.nl) of uit een register (het API-register).",
                    "Per standard and organisation type: the share of the organisations (N: with"
                    " at least one measured domain or API) all of whose domains and APIs conform"
                    " to the standard, in percent, from the latest measurement of each; each bar"
                    " says how many of the N. Each row says its kind of evidence, also in colour:"
                    " measured (internet.nl) or from a register (the API register).",
                ),
                language,
            ),
            Chart(
                "bar",
                (),
                ("percentage",),
                "evidence",
                stacked=True,
                horizontal=True,
                axis=say(CONFORMING, language),
                percent=True,
                show_values=True,
            ),
            now,
            language,
            category=partial(measured_in, language=language),
            notes={"percentage": conformed},
            empty=say(NO_MEASUREMENTS, language),
        )
    ]
    if not now.rows:
        return found
    trend = kpi.result(store, "kpi-standard-adoption-trend")  # once: 4 s at 120,000 measurements
    rows = [dict(zip(now.columns, row, strict=True)) for row in now.rows]
    named = term_names(store, [now], language)
    for standard in dict.fromkeys(row["standard"] for row in rows):
        name = named.get(standard, short(standard))
        kinds = dict.fromkeys(
            named.get(r["evidence"], "") for r in rows if r["standard"] == standard
        )
        known = ", ".join(kind for kind in kinds if kind) or say(UNKNOWN_EVIDENCE, language)
        found.append(
            Figure(
                f"standards-trend-{standard.rstrip('/').rsplit('/', 1)[-1]}",
                say(
                    (
                        f"Adoptie van {name} per meetronde ({known})",
                        f"Adoption of {name} per measurement batch ({known})",
                    ),
                    language,
                ),
                say(
                    (
                        f"Per organisatietype het aandeel van de organisaties dat aan {name}"
                        " voldoet (procent), op de datum van elke meetronde van deze standaard,"
                        " uit de laatste meting van elk domein en elke API op of vóór die datum."
                        " De punten staan op hun datum, de laatste waarde staat erbij; het aantal"
                        " organisaties met een meting (N) staat in de legenda, bij elk punt"
                        " (aanwijzen) en in de tabel.",
                        f"Per organisation type the share of the organisations that conform to"
                        f" {name} (percent), on the date of each measurement batch of this"
                        " standard, from the latest measurement of each domain and API on or"
                        " before that date. The points are at their date, the last value is"
                        " written beside it; the number of organisations measured (N) is in the"
                        " legend, at each point (hover) and in the table.",
                    ),
                    language,
                ),
                Chart(
                    "line",
                    ("batchDate",),
                    ("percentage",),
                    "organisationType",
                    axis=say(CONFORMING, language),
                    percent=True,
                    time=True,
                    count="measured",
                    show_values=True,
                    category_axis=say(
                        (
                            "meetronde: een punt per datum, op schaal van de tijd",
                            "measurement batch: a point per date, on a time scale",
                        ),
                        language,
                    ),
                ),
                _of_standard(trend, standard),
                language,
                notes={"percentage": conformed},
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


def figures(store: Store, language: str = "nl") -> list[Figure]:
    """Every figure of the dashboard, drawn from the current store, in ``language``."""
    trend = kpi.result(store, "kpi-trend")  # every run that changed the register, oldest first
    adopted = partial(share_of, part="inProduction", whole="targetPopulation", language=language)
    found = [
        Figure(
            "adoption",
            say(
                (
                    "Adoptiegraad per bouwsteen tegenover het doel",
                    "Adoption rate per building block against its target",
                ),
                language,
            ),
            say(
                (
                    "Het aandeel van de doelgroep (N organisaties: de organisatietypen en"
                    " organisaties waarvoor de bouwsteen bedoeld is) dat hem in productie heeft,"
                    " in procent, met bij elke staaf hoeveel van de N; een streep markeert het"
                    " afgesproken of aangenomen doel, dat met de uiterste datum bij de naam staat."
                    " De tabel zegt of een doel onze eigen sturingsaanname is.",
                    "The share of the target population (N organisations: the organisation types"
                    " and organisations the building block is meant for) that has it in"
                    " production, in percent, with how many of the N beside each bar; a mark"
                    " shows the agreed or assumed target, which is given with its deadline beside"
                    " the name. The table says whether a target is our own steering assumption.",
                ),
                language,
            ),
            Chart(
                "bar",
                ("buildingBlock",),
                ("percentage",),
                horizontal=True,
                axis=say(("% van de doelgroep", "% of the target population"), language),
                percent=True,
                show_values=True,
                target="targetPercentage",
            ),
            kpi.result(store, "kpi-adoption-rate"),
            language,
            category=partial(against_target, language=language),
            notes={"percentage": adopted},
        ),
        Figure(
            "adoption-by-type",
            say(
                (
                    "Adoptiegraad per bouwsteen en organisatietype",
                    "Adoption rate per building block and organisation type",
                ),
                language,
            ),
            say(
                (
                    "Per organisatietype (kies er een) en per bouwsteen die voor dat type bedoeld"
                    " is: het aandeel van de organisaties van dat type dat de bouwsteen in"
                    " productie heeft (procent), met bij elke staaf hoeveel van de N organisaties"
                    " van dat type. De tabel eronder bevat alle typen.",
                    "Per organisation type (choose one) and per building block meant for that"
                    " type: the share of the organisations of that type that have it in"
                    " production (percent), with how many of the N organisations of that type"
                    " beside each bar. The table below holds every type.",
                ),
                language,
            ),
            Chart(
                "bar",
                ("buildingBlock",),
                ("percentage",),
                "organisationType",
                horizontal=True,
                axis=say(
                    (
                        "in productie (% van de organisaties van het type)",
                        "in production (% of the organisations of the type)",
                    ),
                    language,
                ),
                percent=True,
                show_values=True,
                choose="organisationType",
            ),
            kpi.result(store, "kpi-adoption-rate-by-type"),
            language,
            notes={"percentage": adopted},
        ),
        *standard_adoption(store, language),
    ]
    if trend.rows:
        found.append(
            Figure(
                "deviations",
                say(
                    (
                        "Afwijkingen per kader en ernst, verklaard en onverklaard",
                        "Deviations per framework and severity, explained and unexplained",
                    ),
                    language,
                ),
                say(
                    (
                        "Het aantal geldende bevindingen in het register per architectuurkader,"
                        " overtredingen en waarschuwingen apart, verklaard (door een geldige"
                        " afwijking) en onverklaard gestapeld; de tabel splitst ze ook naar regel.",
                        "The number of findings in force in the register per architecture"
                        " framework, violations and warnings apart, explained (by a valid"
                        " deviation) and unexplained stacked; the table also splits them by rule.",
                    ),
                    language,
                ),
                Chart(
                    "bar",
                    ("framework", "severity"),
                    ("findings",),
                    "explained",
                    True,
                    axis=say(("bevindingen (aantal)", "findings (number)"), language),
                ),
                kpi.result(store, "kpi-deviations"),
                language,
            )
        )
    found += [
        Figure(
            "trend",
            say(("Voortgang van het register", "Progress of the register"), language),
            say(
                (
                    "Het aantal geldende overtredingen en waarschuwingen, de onverklaarde van"
                    " elk, en de varianten na elke validatierun die het register veranderde (ook"
                    " aanvaarde aanleveringen), op het tijdstip van de run: dalende lijnen zijn"
                    " gesloten afwijkingen en minder varianten.",
                    "The number of violations and warnings in force, the unexplained ones of"
                    " each, and the variants after every validation run that changed the"
                    " register (accepted submissions too), at the time of the run: falling lines"
                    " are closed deviations and fewer variants.",
                ),
                language,
            ),
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
                axis=say(("aantal", "number"), language),
                time=True,
                show_values=True,
                category_axis=say(
                    ("tijdstip van de validatierun", "time of the validation run"), language
                ),
            ),
            trend,
            language,
            anonymous=("run",),
        ),
        Figure(
            "legacy",
            say(
                (
                    "Legacy in productie naar einde levensduur",
                    "Legacy in production by end of life",
                ),
                language,
            ),
            say(
                (
                    "Het aantal legacysystemen in productie per jaar waarin hun levensduur"
                    " eindigt: voorbij, binnen 12 maanden of later.",
                    "The number of legacy systems in production per year their end of life"
                    " falls in: past, within 12 months or later.",
                ),
                language,
            ),
            Chart(
                "bar",
                ("year",),
                ("systems",),
                "horizon",
                True,
                axis=say(("legacysystemen (aantal)", "legacy systems (number)"), language),
                category_axis=say(("jaar van einde levensduur", "end-of-life year"), language),
            ),
            kpi.result(store, "legacy-end-of-life-horizon"),
            language,
        ),
        Figure(
            "suppliers",
            say(("Leveranciersconcentratie", "Supplier concentration"), language),
            say(
                (
                    f"De {TOP_SUPPLIER_SHARES} grootste aandelen van één leverancier: per"
                    " functie en organisatietype het deel van de organisaties met een applicatie"
                    " voor die functie (N) dat een applicatie van deze leverancier heeft, in"
                    " procent, met bij elke staaf hoeveel van de N.",
                    f"The {TOP_SUPPLIER_SHARES} largest shares of one supplier: per function and"
                    " organisation type the part of the organisations with an application for"
                    " that function (N) that have an application of this supplier, in percent,"
                    " with how many of the N beside each bar.",
                ),
                language,
            ),
            Chart(
                "bar",
                ("supplier", "function", "organisationType"),
                ("percentage",),
                horizontal=True,
                axis=say(
                    ("aandeel van de organisaties (%)", "share of the organisations (%)"), language
                ),
                percent=True,
                show_values=True,
            ),
            _top(kpi.result(store, "supplier-concentration"), "percentage", TOP_SUPPLIER_SHARES),
            language,
            notes={
                "percentage": partial(
                    share_of, part="organisations", whole="total", language=language
                )
            },
        ),
        Figure(
            "investment",
            say(
                (
                    "Investering per NDS-prioriteit tegenover adoptie",
                    "Investment per NDS priority against adoption",
                ),
                language,
            ),
            say(
                (
                    "Per NDS-prioriteit het bedrag van de investeringsagenda over 2026-2030 in"
                    " miljoenen euro (linker as) en het aantal organisaties met initiatieven voor"
                    " die prioriteit (rechter as). „+ PM”: de agenda noemt voor een of meer jaren"
                    " nog geen bedrag (pro memorie); het totaal telt de genoemde bedragen.",
                    "Per NDS priority the investment agenda's amount over 2026-2030 in millions"
                    " of euro (left axis) and the number of organisations with initiatives for"
                    " that priority (right axis). \u201c+ PM\u201d: the agenda gives no amount yet"
                    " for one or more years (pro memoria); the total counts the amounts given.",
                ),
                language,
            ),
            Chart(
                "bar",
                ("part",),
                ("investment2026to2030", "organisations"),
                axis=say(COLUMN_NAMES["investment2026to2030"], language),
                show_values=True,
                second_axis=True,
            ),
            kpi.result(store, "investment-vs-adoption"),
            language,
            notes={"investment2026to2030": pending},
        ),
    ]
    labels = term_names(store, [figure.result for figure in found], language)
    return [replace(figure, labels=labels) for figure in found]
