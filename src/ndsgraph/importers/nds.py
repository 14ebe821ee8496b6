"""NDS priorities, interventions and the investment agenda table, parsed from the published text.

Source: "Stand van zaken - Investeringsagenda NDS" (Tweede Kamer, bijlage 2025D46911,
2025-11-17). The table gives € million per year 2026-2030 plus a structural amount per
year; PM cells have no amount. The published totals are kept so a test can check the sums.
"""

import re
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ndsgraph.importers.common import day, new_graph, write_turtle
from ndsgraph.terms import CONCEPT, ID, NDSG

SEED = "003_8f7aa9d6fa4458ce.txt"
DOCUMENT = "2025D46911"
CITATION = "Tweede Kamer, Stand van zaken - Investeringsagenda NDS, bijlage 2025D46911, 2025-11-17"
YEARS = (2026, 2027, 2028, 2029, 2030)
# Dutch name in the table -> (slug, English label). The translation is ndsgraph's.
PARTS = {
    "Prioriteit": {
        "Data": ("data", "Data"),
        "AI": ("ai", "AI"),
        "Cloud": ("cloud", "Cloud"),
        "Digitaal Vakmanschap": ("digitaal-vakmanschap", "Digital craftsmanship"),
        "Burgers & ondernemers centraal": (
            "burgers-en-ondernemers-centraal",
            "Citizens and businesses first",
        ),
        "Digitale weerbaarheid en autonomie": (
            "digitale-weerbaarheid-en-autonomie",
            "Digital resilience and autonomy",
        ),
    },
    "Interventie": {
        "Standaarden": ("standaarden", "Standards"),
        "Collectieve oplossingen, EDI": (
            "collectieve-oplossingen-edi",
            "Collective solutions, EDI",
        ),
        "IT-sourcing en inkoop": ("it-sourcing-en-inkoop", "IT sourcing and procurement"),
        "Digitale wetgeving, wegnemen juridische belemmeringen": (
            "digitale-wetgeving",
            "Digital legislation, removing legal obstacles",
        ),
    },
}
GROUPS = {
    "Prioriteit": ("prioriteit", "NDS-prioriteit", "NDS priority"),
    "Interventie": ("interventie", "NDS-interventie", "NDS intervention"),
}
_ROW = re.compile(r"^(?P<name>.+?)((?: (?:\d+|PM)){6})$")


def parse_table(text: str) -> tuple[dict[str, list[str]], list[str]]:
    """Rows of the investment table by Dutch name, and the published totals (6 cells each)."""
    rows: dict[str, list[str]] = {}
    totals: list[str] = []
    for line in text.splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        name, cells = match["name"], match[2].split()
        if name == "Totaal":
            totals = cells
        elif any(name in parts for parts in PARTS.values()):
            rows[name] = cells
    expected = sum(len(p) for p in PARTS.values())
    if len(rows) != expected or not totals:
        raise ValueError(
            f"{SEED}: found {len(rows)} of {expected} table rows; has the text changed?"
        )
    return rows, totals


def _amount(graph: Graph, node: URIRef, cell: str, year: int | None) -> None:
    if year is None:
        graph.add((node, NDSG.structural, Literal(True)))
    else:
        graph.add((node, NDSG.year, Literal(str(year), datatype=XSD.gYear)))
    if cell == "PM":
        graph.add((node, NDSG.pendingAmount, Literal(True)))
    else:
        graph.add((node, NDSG.amountMillionEur, Literal(Decimal(cell))))


def build(seeds: Path) -> Graph:
    rows, totals = parse_table((seeds / SEED).read_text(encoding="utf-8"))
    graph, _ = new_graph(
        "nds", "NDS-onderdelen en investeringsagenda", "NDS parts and investment agenda", [CITATION]
    )
    scheme = CONCEPT["nds"]
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, Literal("Onderdelen van de NDS", lang="nl")))
    graph.add((scheme, SKOS.prefLabel, Literal("Parts of the NDS", lang="en")))
    graph.add(
        (
            scheme,
            SKOS.definition,
            Literal(
                "De zes prioriteiten en vier interventies van de Nederlandse Digitaliseringsstrategie.",
                lang="nl",
            ),
        )
    )
    graph.add(
        (
            scheme,
            SKOS.definition,
            Literal(
                "The six priorities and four interventions of the Dutch Digitalisation Strategy.",
                lang="en",
            ),
        )
    )
    agenda = ID[f"investeringsagenda/{DOCUMENT}"]
    graph.add((agenda, RDF.type, NDSG.InvestmentAgenda))
    graph.add(
        (agenda, DCTERMS.title, Literal("Stand van zaken - Investeringsagenda NDS", lang="nl"))
    )
    graph.add((agenda, DCTERMS.identifier, Literal(DOCUMENT)))
    graph.add((agenda, DCTERMS.issued, day("2025-11-17")))
    graph.add((agenda, DCTERMS.bibliographicCitation, Literal(CITATION)))
    for group, parts in PARTS.items():
        gslug, gnl, gen = GROUPS[group]
        top = CONCEPT[f"nds/{gslug}"]
        graph.add((top, RDF.type, SKOS.Concept))
        graph.add((top, SKOS.inScheme, scheme))
        graph.add((top, SKOS.topConceptOf, scheme))
        graph.add((top, SKOS.prefLabel, Literal(gnl, lang="nl")))
        graph.add((top, SKOS.prefLabel, Literal(gen, lang="en")))
        for name, (slug, english) in parts.items():
            concept = CONCEPT[f"nds/{slug}"]
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, scheme))
            graph.add((concept, SKOS.broader, top))
            graph.add((concept, SKOS.prefLabel, Literal(name, lang="nl")))
            graph.add((concept, SKOS.prefLabel, Literal(english, lang="en")))
            for year, cell in zip((*YEARS, None), rows[name], strict=True):
                line = ID[f"investeringsagenda/{DOCUMENT}/{slug}/{year or 'structureel'}"]
                graph.add((line, RDF.type, NDSG.InvestmentLine))
                graph.add((line, NDSG.investmentAgenda, agenda))
                graph.add((line, NDSG.ndsPriority, concept))
                _amount(graph, line, cell, year)
    for year, cell in zip((*YEARS, None), totals, strict=True):
        total = ID[f"investeringsagenda/{DOCUMENT}/totaal/{year or 'structureel'}"]
        graph.add((total, RDF.type, NDSG.InvestmentTotal))
        graph.add((total, NDSG.investmentAgenda, agenda))
        _amount(graph, total, cell, year)
    return graph


def write(seeds: Path, out: Path) -> Path:
    return write_turtle(
        build(seeds), out / "nds.ttl", "NDS priorities, interventions and investment agenda."
    )
