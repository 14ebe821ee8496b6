"""A seeded, deterministic example landscape over the real organisations and building blocks.

Everything it invents (adoptions, applications, contracts, deviations, initiatives) is
fictitious and lives under ``/id/voorbeeld/``; the graph says so in its metadata
(``ndsg:ExampleData``). Its applications name real suppliers and products of the reference
list (``data/suppliers.ttl``), but which organisation runs which is invented too. The same
seed and size give the same bytes.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol, TextIO

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, VOID

from ndsgraph import resources
from ndsgraph.errors import InputError
from ndsgraph.terms import CONCEPT, COUNTRY, GRAPH, ID, NDSG, SCHEMA

EXAMPLE = ID["voorbeeld/"]
TODAY = date(2026, 11, 1)  # fixed, so output does not depend on the day it runs

# Organisation type -> building blocks such organisations typically adopt.
ADOPTED_BY_TYPE = {
    "gemeente": [
        "digid",
        "digid-machtigen",
        "eherkenning",
        "berichtenbox",
        "mijnoverheid",
        "digikoppeling",
        "pkioverheid",
        "brp",
        "haal-centraal-brp-bevragen",
        "bag",
        "bgt",
        "woz",
        "zgw-apis",
        "notificaties-api",
        "digilevering",
        "digimelding",
        "nlx",
        "fsc",
        "handelsregister",
    ],
    "provincie": [
        "digid",
        "eherkenning",
        "digikoppeling",
        "pkioverheid",
        "bgt",
        "brt",
        "pdok",
        "handelsregister",
    ],
    "waterschap": [
        "digid",
        "eherkenning",
        "digikoppeling",
        "pkioverheid",
        "bgt",
        "woz",
        "brp",
        "handelsregister",
    ],
    "ministerie": ["digikoppeling", "pkioverheid", "digiinkoop", "diginetwerk", "digipoort"],
    "zbo": [
        "digid",
        "eherkenning",
        "berichtenbox",
        "digikoppeling",
        "pkioverheid",
        "brp",
        "digilevering",
        "handelsregister",
    ],
    "agentschap": ["digid", "eherkenning", "digikoppeling", "pkioverheid", "brp", "digipoort"],
}
# Functions organisations run applications for; some are covered by a generic building block.
FUNCTIONS = {
    "gemeente": [
        "zaakregistratie",
        "documentbeheer",
        "belastingheffing",
        "financiele-administratie",
        "website-en-portaal",
        "authenticatie-burgers",
        "omgevingsvergunning",
    ],
    "provincie": [
        "documentbeheer",
        "financiele-administratie",
        "website-en-portaal",
        "omgevingsvergunning",
    ],
    "waterschap": [
        "documentbeheer",
        "belastingheffing",
        "financiele-administratie",
        "website-en-portaal",
    ],
    "ministerie": ["documentbeheer", "financiele-administratie", "website-en-portaal"],
    "zbo": [
        "zaakregistratie",
        "documentbeheer",
        "financiele-administratie",
        "website-en-portaal",
        "berichtenverkeer-burgers",
    ],
    "agentschap": [
        "zaakregistratie",
        "documentbeheer",
        "financiele-administratie",
        "website-en-portaal",
    ],
}
# The suppliers (of data/suppliers.ttl) the example applications are drawn from; a few, so
# that some serve a large share of a function and the lock-in rule has something to find.
SUPPLIERS = [
    "centric",
    "pinkroccade-local-government",
    "visma-roxit",
    "xxllnc",
    "decos",
    "conduction",
    "ritense",
    "afas-software",
]
JURISDICTIONS = ["NLD", "NLD", "NLD", "DEU", "IRL", "USA"]
EXPORT_STANDARDS = ["odf", "openapi-specification", "xbrl", None]
STATUS_WEIGHTS = {
    "in-productie": 60,
    "in-implementatie": 14,
    "gepland": 12,
    "uit-te-faseren": 8,
    "uitgefaseerd": 6,
}
# Rules the example deviations refer to; the framework shapes define them.
RULES = {
    "standaard-tenzij": ID["regel/standaard-tenzij/generieke-bouwsteen"],
    "pas-toe-of-leg-uit": ID["regel/pas-toe-of-leg-uit/verplichte-standaard"],
    "exit-by-design": ID["regel/exit-by-design/exitclausule"],
    "legacy": ID["regel/legacy/einde-levensduur"],
}
NDS_PRIORITIES = [
    "data",
    "cloud",
    "digitale-weerbaarheid-en-autonomie",
    "burgers-en-ondernemers-centraal",
    "collectieve-oplossingen-edi",
]
# Function -> the building block applications for it depend on.
DEPENDENCIES = {"zaakregistratie": "notificaties-api", "berichtenverkeer-burgers": "berichtenbox"}
# Function -> mandatory standards in its scope (the standards graph's ndsg:appliesToFunction).
SCOPED_STANDARDS = {
    "website-en-portaal": ["digitoegankelijk-en-301-549-met-wcag-2-1", "https-en-hsts"],
    "documentbeheer": ["odf"],
    "authenticatie-burgers": ["authenticatie-standaarden-openid-nlgov-en-saml"],
}
SAMPLE_SHARES = {
    "gemeente": 0.6,
    "waterschap": 0.1,
    "provincie": 0.1,
    "ministerie": 0.1,
    "zbo": 0.05,
    "agentschap": 0.05,
}


@dataclass(frozen=True)
class Organisation:
    iri: URIRef
    kind: str
    code: str


def _d(value: date) -> Literal:
    return Literal(value, datatype=XSD.date)


def _organisations() -> dict[str, list[Organisation]]:
    graph = Graph().parse(resources.data_dir() / "organisations.ttl")
    by_kind: dict[str, list[Organisation]] = {}
    for org in sorted(graph.subjects(RDF.type, ORG.Organization)):
        kind = str(graph.value(org, NDSG.organisationType)).rsplit("/", 1)[1]
        code = str(org).rstrip("/").rsplit("/", 1)[1]
        by_kind.setdefault(kind, []).append(Organisation(org, kind, code))
    return by_kind


def _products() -> dict[tuple[URIRef, URIRef], URIRef]:
    """The reference products by (supplier, function), one per pair (the first by IRI)."""
    graph = Graph().parse(resources.data_dir() / "suppliers.ttl")
    found: dict[tuple[URIRef, URIRef], URIRef] = {}
    for product in sorted(graph.subjects(RDF.type, NDSG.SoftwareProduct), reverse=True):
        for supplier in graph.objects(product, NDSG.supplier):
            for function in graph.objects(product, NDSG.function):
                found[supplier, function] = product
    return found


def _sample(
    by_kind: dict[str, list[Organisation]], size: int, rng: random.Random
) -> list[Organisation]:
    chosen = []
    for kind, share in SAMPLE_SHARES.items():
        pool = by_kind.get(kind, [])
        chosen += rng.sample(pool, min(len(pool), max(1, round(size * share))))
    return chosen


class _Builder:
    """Writes one organisation's fictitious landscape into the graph."""

    def __init__(self, graph: "Sink", rng: random.Random, copies: int = 1) -> None:
        self.g = graph
        self.copies = copies
        self.products = _products()
        # non-conformance built in, by rule: what validation must find (before explanations)
        self.expected: Counter[str] = Counter()
        self.rng = rng

    def node(self, kind: str, org: Organisation, name: str, rdf_type: URIRef) -> URIRef:
        iri = URIRef(f"{EXAMPLE}{kind}/{org.code}/{name}")
        self.g.add((iri, RDF.type, rdf_type))
        self.g.add((iri, NDSG.organisation, org.iri))
        return iri

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def adoptions(self, org: Organisation) -> list[str]:
        in_production = []
        for block in ADOPTED_BY_TYPE[org.kind]:
            if self.rng.random() < 0.15:
                continue  # not every organisation uses every building block
            status = self.rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
            if block == "nlx":
                status = self.rng.choice(["uit-te-faseren", "uitgefaseerd", "in-productie"])
            adoption = self.node("afname", org, block, NDSG.Adoption)
            self.g.add((adoption, NDSG.buildingBlock, ID[f"bouwsteen/{block}"]))
            self.g.add((adoption, NDSG.adoptionStatus, CONCEPT[f"status/{status}"]))
            started = self.day_between(date(2012, 1, 1), date(2025, 6, 1))
            self.g.add((adoption, SCHEMA.startDate, _d(started)))
            if status in ("in-productie", "uit-te-faseren", "uitgefaseerd"):
                if self.rng.random() < 0.97:  # a few records are incomplete, as in real reporting
                    self.g.add((adoption, NDSG.productionDate, _d(started + timedelta(days=180))))
                in_production.append(block)
            if status == "uitgefaseerd":
                self.g.add(
                    (adoption, SCHEMA.endDate, _d(self.day_between(date(2024, 1, 1), TODAY)))
                )
        return in_production

    def applications(self, org: Organisation) -> None:
        for function in FUNCTIONS[org.kind]:
            if function == "authenticatie-burgers" and self.rng.random() < 0.8:
                continue  # most use DigiD; the rest run an own solution (standaard tenzij)
            for copy in range(self.copies):  # national sizes: several variants per function
                self.application(org, function, function if copy == 0 else f"{function}-{copy}")

    def application(self, org: Organisation, function: str, name: str) -> None:
        supplier = ID[f"leverancier/{self.rng.choice(SUPPLIERS)}"]
        legacy = self.rng.random() < 0.3
        app = self.node("applicatie", org, name, NDSG.LegacySystem if legacy else NDSG.Application)
        self.g.add((app, RDFS.label, Literal(f"{name} ({org.code})", lang="nl")))
        self.g.add((app, NDSG.function, CONCEPT[f"functie/{function}"]))
        self.g.add((app, NDSG.supplier, supplier))
        if product := self.products.get((supplier, CONCEPT[f"functie/{function}"])):
            self.g.add((app, NDSG.product, product))
        self.g.add((app, NDSG.lifecyclePhase, CONCEPT["status/in-productie"]))
        if function in DEPENDENCIES:
            self.g.add((app, NDSG.dependsOn, ID[f"bouwsteen/{DEPENDENCIES[function]}"]))
        if function == "zaakregistratie" and self.rng.random() < 0.3:
            self.g.add((app, NDSG.dependsOn, ID["bouwsteen/nlx"]))
            self.expected["legacy/uitgefaseerde-afhankelijkheid"] += 1
        for standard in SCOPED_STANDARDS.get(function, []):
            if self.rng.random() < 0.7:
                self.g.add((app, DCTERMS.conformsTo, ID[f"standaard/{standard}"]))
            else:
                self.expected["pas-toe-of-leg-uit/verplichte-standaard"] += 1
                if self.rng.random() < 0.4:
                    self.deviation(org, "pas-toe-of-leg-uit", app, f"{name}-{standard}")
        if legacy:
            end_of_life = self.day_between(date(2023, 1, 1), date(2028, 12, 31))
            self.g.add((app, NDSG.endOfLife, _d(end_of_life)))
            if end_of_life < TODAY:
                self.expected["legacy/einde-levensduur"] += 1
            if self.rng.random() < 0.5:
                self.initiative(org, name, app)
            elif end_of_life < TODAY and self.rng.random() < 0.5:
                self.deviation(org, "legacy", app, name)
        self.contract(org, name, app, supplier)

    def contract(self, org: Organisation, function: str, app: URIRef, supplier: URIRef) -> None:
        contract = self.node("contract", org, function, NDSG.Contract)
        self.g.add((app, NDSG.contract, contract))
        self.g.add((contract, NDSG.supplier, supplier))
        start = self.day_between(date(2016, 1, 1), date(2025, 1, 1))
        self.g.add((contract, SCHEMA.startDate, _d(start)))
        if self.rng.random() < 0.9:
            self.g.add(
                (contract, SCHEMA.endDate, _d(start + timedelta(days=365 * self.rng.randint(2, 8))))
            )
        else:
            self.expected["exit-by-design/looptijd"] += 1
        has_exit = self.rng.random() < 0.75
        self.g.add((contract, NDSG.hasExitClause, Literal(has_exit)))
        self.expected["exit-by-design/exitclausule"] += not has_exit
        standard = self.rng.choice(EXPORT_STANDARDS)
        self.expected["exit-by-design/exportstandaard"] += standard is None
        if standard:
            self.g.add((contract, NDSG.dataExportStandard, ID[f"standaard/{standard}"]))
        self.g.add((contract, NDSG.hostingJurisdiction, COUNTRY[self.rng.choice(JURISDICTIONS)]))
        if not has_exit and self.rng.random() < 0.4:
            self.deviation(org, "exit-by-design", contract, function)

    def initiative(self, org: Organisation, function: str, legacy: URIRef) -> None:
        initiative = self.node("initiatief", org, f"migratie-{function}", NDSG.Initiative)
        self.g.add(
            (initiative, RDFS.label, Literal(f"Migratie {function} ({org.code})", lang="nl"))
        )
        self.g.add((initiative, NDSG.migratesFrom, legacy))
        self.g.add((initiative, NDSG.portfolioPhase, CONCEPT["portfoliofase/in-ontwikkeling"]))
        self.g.add(
            (initiative, NDSG.ndsPriority, CONCEPT[f"nds/{self.rng.choice(NDS_PRIORITIES)}"])
        )
        self.g.add(
            (
                initiative,
                PROV.startedAtTime,
                Literal(
                    f"{self.day_between(date(2024, 1, 1), TODAY)}T00:00:00", datatype=XSD.dateTime
                ),
            )
        )

    def deviation(self, org: Organisation, framework: str, subject: URIRef, name: str) -> None:
        deviation = self.node("afwijking", org, f"{framework}-{name}", NDSG.Deviation)
        self.g.add((deviation, NDSG.rule, RULES[framework]))
        self.g.add((deviation, NDSG.subject, subject))
        self.g.add(
            (
                deviation,
                NDSG.motivation,
                Literal(
                    f"Voorbeeldmotivering: {name} wordt binnen de looptijd van het huidige contract "
                    "aangepast; eerder overstappen is niet uitvoerbaar.",
                    lang="nl",
                ),
            )
        )
        permanent = self.rng.random() < 0.2
        self.g.add(
            (
                deviation,
                NDSG.deviationType,
                CONCEPT["afwijkingstype/permanent" if permanent else "afwijkingstype/tijdelijk"],
            )
        )
        status = self.rng.choices(["goedgekeurd", "aangevraagd", "afgewezen"], [70, 20, 10])[0]
        self.g.add((deviation, NDSG.deviationStatus, CONCEPT[f"afwijkingsstatus/{status}"]))
        self.g.add((deviation, NDSG.decidedBy, org.iri))
        valid_from = self.day_between(date(2022, 1, 1), date(2025, 1, 1))
        self.g.add((deviation, SCHEMA.validFrom, _d(valid_from)))
        if not permanent:  # some temporary deviations have already expired
            self.g.add(
                (
                    deviation,
                    SCHEMA.validThrough,
                    _d(valid_from + timedelta(days=365 * self.rng.randint(1, 4))),
                )
            )

    def agreements(self, org: Organisation, in_production: list[str]) -> None:
        for block in ("fsc", "zgw-apis"):
            if block in ADOPTED_BY_TYPE[org.kind] and self.rng.random() < 0.5:
                agreement = self.node(
                    "implementatieafspraak", org, block, NDSG.ImplementationAgreement
                )
                self.g.add((agreement, NDSG.buildingBlock, ID[f"bouwsteen/{block}"]))
                self.g.add(
                    (
                        agreement,
                        NDSG.dueDate,
                        _d(self.day_between(date(2025, 1, 1), date(2027, 12, 31))),
                    )
                )
                if self.rng.random() < 0.3:
                    financing = self.node("cofinanciering", org, block, NDSG.CoFinancing)
                    self.g.add((financing, NDSG.buildingBlock, ID[f"bouwsteen/{block}"]))
                    self.g.add(
                        (
                            financing,
                            NDSG.amountMillionEur,
                            Literal(f"{self.rng.randint(5, 60) / 100:.2f}", datatype=XSD.decimal),
                        )
                    )
        if "digid" not in in_production and org.kind == "gemeente" and self.rng.random() < 0.5:
            self.deviation(org, "standaard-tenzij", ID["bouwsteen/digid"], "authenticatie-burgers")


class Sink(Protocol):
    """Where generated triples go: an rdflib Graph, or a streaming N-Triples writer."""

    def add(self, triple: tuple) -> object: ...


class NTriplesSink:
    """Writes each triple as it is made, so national sizes never sit in memory."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def add(self, triple: tuple) -> None:
        self.out.write(f"{triple[0].n3()} {triple[1].n3()} {triple[2].n3()} .\n")
        self.count += 1


# Named sizes: (organisations, application variants per function). "national" sizes use
# every organisation in the reference data; the triple counts are about what the name says.
SIZES = {"example": (60, 1), "100k": (None, 2), "1m": (None, 24), "5m": (None, 120)}


def generate(
    size: int | None = 60, seed: int = 2026, *, copies: int = 1, sink: Sink | None = None
) -> tuple[Sink, Counter]:
    """The landscape for about ``size`` organisations (None: all), into ``sink``.

    Returns the sink and the number of non-conformances built in per rule.
    """
    rng = random.Random(seed)
    graph = sink if sink is not None else Graph()
    if isinstance(graph, Graph):
        for prefix, ns in {"ndsg": NDSG, "schema": SCHEMA, "dct": DCTERMS, "prov": PROV}.items():
            graph.bind(prefix, ns)
    organisations = _organisations()
    count = (
        size if size is not None else sum(len(organisations.get(k, [])) for k in ADOPTED_BY_TYPE)
    )
    meta = GRAPH["example-landscape"]
    graph.add((meta, RDF.type, VOID.Dataset))
    graph.add((meta, RDF.type, NDSG.ExampleData))
    # what the fictitious facts stand in for: what organisations would report themselves
    graph.add((meta, NDSG.evidenceKind, CONCEPT["bewijs/zelf-gerapporteerd"]))
    graph.add((meta, DCTERMS.title, Literal("Voorbeeldlandschap (fictief)", lang="nl")))
    graph.add((meta, DCTERMS.title, Literal("Example landscape (fictitious)", lang="en")))
    graph.add(
        (
            meta,
            DCTERMS.description,
            Literal(
                "Gegenereerde voorbeelddata: afnames, applicaties, contracten, afwijkingen en "
                "initiatieven zijn verzonnen, ook wie welke leverancier en welk product gebruikt (die komen "
                f"uit de referentielijst; seed {seed}, {count} organisaties). Geen feiten over echte organisaties.",
                lang="nl",
            ),
        )
    )
    graph.add((meta, PROV.wasGeneratedBy, _generator_activity(graph, seed, count)))
    builder = _Builder(graph, rng, copies)
    everyone = [o for kind in ADOPTED_BY_TYPE for o in organisations.get(kind, [])]
    chosen = _sample(organisations, size, rng) if size is not None else everyone
    for org in chosen:
        in_production = builder.adoptions(org)
        builder.applications(org)
        builder.agreements(org, in_production)
    return graph, builder.expected


def _generator_activity(graph: Sink, seed: int, size: int) -> URIRef:
    activity = URIRef(f"{EXAMPLE}generatie/{seed}-{size}")
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add(
        (activity, RDFS.label, Literal(f"ndsgraph generate --seed {seed} ({size} organisaties)"))
    )
    return activity


def write(path: Path, size: str = "example", seed: int = 2026) -> Path:
    """Write a named size: Turtle (``.ttl``) for the committed example, streamed N-Triples
    (``.nt``) for national sizes. Next to it, ``….findings.json`` holds the built-in
    non-conformances per rule, so a benchmark can check what validation finds."""
    if size not in SIZES:
        raise InputError(f"unknown size '{size}' (use {', '.join(SIZES)})")
    organisations, copies = SIZES[size]
    if path.suffix == ".nt":
        with path.open("w", encoding="utf-8") as out:
            sink, expected = generate(organisations, seed, copies=copies, sink=NTriplesSink(out))
        triples = sink.count
    else:
        graph, expected = generate(organisations, seed, copies=copies)
        triples = len(graph)
        body = graph.serialize(format="turtle")
        path.write_text(
            f"# Example landscape: fictitious, generated by `ndsgraph generate`; do not edit by hand.\n\n{body}",
            encoding="utf-8",
        )
    if size != "example":
        manifest = path.with_name(path.stem + ".findings.json")
        manifest.write_text(
            json.dumps(
                {
                    "size": size,
                    "seed": seed,
                    "triples": triples,
                    "non_conformances": dict(sorted(expected.items())),
                },
                indent=2,
            )
        )
    return path
