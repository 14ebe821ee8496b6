"""The columns of the KPI tables as people read them, in Dutch and English: the same on the
dashboard and in ``ndsgraph kpi`` (the queries name them in English, for scripts)."""

Label = tuple[str, str]  # (Dutch, English)

CONFORMING: Label = (
    "voldoet (% van de gemeten organisaties)",
    "conform (% of the organisations measured)",
)
COLUMN_NAMES: dict[str, Label] = {
    "name": ("naam", "name"),
    "buildingBlock": ("bouwsteen", "building block"),
    "organisationType": ("organisatietype", "organisation type"),
    "targetPopulation": ("doelgroep (N organisaties)", "target population (N organisations)"),
    "inProduction": ("in productie (organisaties)", "in production (organisations)"),
    "percentage": (
        "in productie (% van de doelgroep)",
        "in production (% of the target population)",
    ),
    "targetShare": ("doelaandeel", "target share"),
    "targetPercentage": ("doel (% van de doelgroep)", "target (% of the target population)"),
    "targetDate": ("uiterste datum", "deadline"),
    "steeringAssumption": ("doel", "target"),
    "framework": ("kader", "framework"),
    "rule": ("regel", "rule"),
    "severity": ("ernst", "severity"),
    "explained": ("verklaard", "explained"),
    "findings": ("bevindingen", "findings"),
    "time": ("tijdstip", "time"),
    "run": ("validatierun", "validation run"),
    "submitter": ("aangeleverd door", "submitted by"),
    "violations": ("overtredingen", "violations"),
    "warnings": ("waarschuwingen", "warnings"),
    "unexplainedViolations": ("onverklaarde overtredingen", "unexplained violations"),
    "unexplainedWarnings": ("onverklaarde waarschuwingen", "unexplained warnings"),
    "function": ("functie", "function"),
    "variants": ("varianten", "variants"),
    "suppliers": ("leveranciers", "suppliers"),
    "products": ("producten", "products"),
    "organisations": ("organisaties", "organisations"),
    "supplier": ("leverancier", "supplier"),
    "standard": ("standaard", "standard"),
    "standardName": ("standaard", "standard"),
    "organisationTypeName": ("organisatietype", "organisation type"),
    "measured": ("gemeten (N organisaties)", "measured (N organisations)"),
    "conforming": ("voldoen (organisaties)", "conform (organisations)"),
    "batchDate": ("meetronde", "measurement batch"),
    "evidence": ("soort bewijs", "kind of evidence"),
    "year": ("jaar", "year"),
    "horizon": ("einde levensduur", "end of life"),
    "systems": ("legacysystemen", "legacy systems"),
    "total": (
        "organisaties met een applicatie voor de functie",
        "organisations with an application for the function",
    ),
    "part": ("NDS-prioriteit", "NDS priority"),
    "investment2026to2030": ("investering 2026-2030 (€ mln)", "investment 2026-2030 (€ million)"),
    "pendingYears": ("jaren PM (bedrag nog niet bekend)", "years PM (amount not yet known)"),
    "structuralPerYear": ("structureel per jaar (€ mln)", "structural per year (€ million)"),
    "initiatives": ("initiatieven", "initiatives"),
    "before": ("varianten eerder", "variants before"),
    "after": ("varianten later", "variants after"),
    "change": ("verandering", "change"),
}
# where a query's column means more than the same column of the others
OF_QUERY: dict[str, dict[str, Label]] = {
    "kpi-standard-adoption": {"percentage": CONFORMING},
    "kpi-standard-adoption-trend": {"percentage": CONFORMING},
    "supplier-concentration": {
        "percentage": ("aandeel van de organisaties (%)", "share of the organisations (%)")
    },
    "investment-vs-adoption": {
        "organisations": (
            "organisaties met initiatieven (aantal)",
            "organisations with initiatives (number)",
        )
    },
}


def name(query: str, column: str, language: str) -> str:
    """The stored query ``query``'s column ``column`` as people read it in ``language``; a
    column without a name for people as the query names it."""
    known = OF_QUERY.get(query, {}).get(column) or COLUMN_NAMES.get(column)
    if not known:
        return column
    return known[1] if language == "en" else known[0]
