"""Organisations from TOOI (KOOP) and polder, and the implementing partners of the NDS advice.

Rules, so that the counts can be checked against the sources:
- gemeenten, provincies, waterschappen: TOOI entries of that exact type with no end date;
- ministries: polder rows without ``valid_until`` (polder carries the 2024+ names, TOOI v1
  the older ones); where polder names a current URI after a ministry that TOOI lists as
  ended, polder has the known historical-name error and TOOI's label wins;
- agencies and ZBOs: the polder rows named in ``AGENCIES``, with their TOOI URIs and the
  current ministry they fall under (``org:subOrganizationOf``);
- organisations TOOI does not name (ICTU, VNG, VNG Realisatie, Dienst Toeslagen) get an
  ndsgraph URI under /id/organisatie/.
"""

import csv
import json
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from ndsgraph.importers.common import label, new_graph, write_turtle
from ndsgraph.terms import CONCEPT, ID, NDSG

TOOI_ONT = "https://identifier.overheid.nl/tooi/def/ont/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
POLDER = "https://github.com/anneschuth/polder"
ADVICE = "NDS-Raad, Samen sturen, samen waarmaken! Advies voor een regisserende digitale dienst, 7 mei 2026, voetnoot 4"

TOOI_LISTS = {
    "gemeente": ("rwc_gemeenten_compleet_4.json", "Gemeente"),
    "provincie": ("rwc_provincies_compleet_1.json", "Provincie"),
    "waterschap": ("rwc_waterschappen_compleet_2.json", "Waterschap"),
}
# polder id -> organisation type: the executive organisations that matter to the NDS.
AGENCIES = {
    "org:zbo-uwv": "zbo",
    "org:zbo-svb": "zbo",
    "org:zbo-cak": "zbo",
    "org:zbo-dienst-voor-het-kadaster-en-de-openbare-registers": "zbo",
    "org:zbo-cbs": "zbo",
    "org:zbo-kvk": "zbo",
    "org:zbo-rdw": "zbo",
    "org:agentschap-belastingdienst": "agentschap",
    "org:agentschap-duo": "agentschap",
    "org:agentschap-rws": "agentschap",
    "org:agentschap-rvo": "agentschap",
    "org:agentschap-logius": "agentschap",
    "org:agentschap-dictu": "agentschap",
    "org:agentschap-odi": "agentschap",
    "org:agentschap-rvig": "agentschap",
    "org:gr-het-waterschapshuis": "gemeenschappelijke-regeling",
}
# Organisations without a TOOI URI: (slug, name, type, KVK number or None, parent slug or None).
MINTED = [
    ("ictu", "Stichting ICTU", "samenwerkingsorganisatie", "27198742", None),
    ("vng", "Vereniging van Nederlandse Gemeenten", "samenwerkingsorganisatie", "40409418", None),
    ("vng-realisatie", "VNG Realisatie", "samenwerkingsorganisatie", None, "vng"),
    ("dienst-toeslagen", "Dienst Toeslagen", "agentschap", None, None),
]
# The implementing partners the advice names (footnote 4), by URI.
PARTNERS = {
    "VNG Realisatie": str(ID["organisatie/vng-realisatie"]),
    "Logius": "https://identifier.overheid.nl/tooi/id/oorg/oorg10117",
    "ICTU": str(ID["organisatie/ictu"]),
    "DICTU": "https://identifier.overheid.nl/tooi/id/oorg/oorg10113",
    "ODI": "https://identifier.overheid.nl/tooi/id/oorg/oorg12347",
    "Het Waterschapshuis": "https://identifier.overheid.nl/tooi/id/so/so0652",
}


def _value(entry: dict, key: str) -> str | None:
    values = entry.get(key) or entry.get(TOOI_ONT + key)
    return values[0]["@value"] if values else None


def _tooi_entries(path: Path) -> tuple[str, list[dict]]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    set_iri = next(e["@id"] for e in entries if "/tooi/set/" in e["@id"])
    return set_iri, entries


def current_tooi(path: Path, kind: str) -> list[dict]:
    """Entries of exactly this TOOI type that have not ended."""
    _, entries = _tooi_entries(path)
    return [
        e
        for e in entries
        if e.get("@type") == [TOOI_ONT + kind] and TOOI_ONT + "einddatum" not in e
    ]


def polder_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def current_ministries(polder: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in polder if r["category"] == "ministeries" and not r["valid_until"]]


def _ministry_name(row: dict[str, str], tooi: dict[str, dict]) -> str:
    name = row["name"].removeprefix("Ministerie van ")
    ended_names = {
        (_value(e, RDFS_LABEL) or "").removeprefix("ministerie van ")
        for e in tooi.values()
        if TOOI_ONT + "einddatum" in e
    }
    entry = tooi.get(row["tooi"])
    if entry and name in ended_names:
        return (_value(entry, RDFS_LABEL) or name).removeprefix("ministerie van ")
    return name


def _ministry_of(row: dict[str, str], by_id: dict[str, dict[str, str]]) -> str | None:
    """The ministry an agency or ZBO falls under: polder's ``ministerie_tooi``, else the TOOI
    URI of its ``parent_id`` (the Belastingdienst names its ministry only that way)."""
    if row["ministerie_tooi"]:
        return row["ministerie_tooi"]
    parent = by_id.get(row["parent_id"])
    return parent["tooi"] if parent else None


def _organisation(graph: Graph, iri: URIRef, name: str, kind: str, code: str | None) -> None:
    graph.add((iri, RDF.type, ORG.Organization))
    label(graph, iri, name)
    graph.add((iri, NDSG.organisationType, CONCEPT[f"organisatietype/{kind}"]))
    if code:
        graph.add((iri, DCTERMS.identifier, Literal(code)))


def _identifiers(graph: Graph, iri: URIRef, row: dict[str, str]) -> None:
    if row.get("oin"):
        graph.add((iri, NDSG.oin, Literal(row["oin"])))
    if row.get("kvk"):
        graph.add((iri, NDSG.kvkNumber, Literal(row["kvk"])))


def build(reference: Path) -> tuple[Graph, Graph]:
    tooi_dir, polder_path = reference / "tooi", reference / "polder" / "organisaties_flat.csv"
    set_iris = [_tooi_entries(tooi_dir / f)[0] for f, _ in TOOI_LISTS.values()]
    ministries_file = tooi_dir / "rwc_ministeries_compleet_1.json"
    ministries_set, ministry_entries = _tooi_entries(ministries_file)
    graph, _ = new_graph(
        "organisations",
        "Overheidsorganisaties",
        "Government organisations",
        [*set_iris, ministries_set, POLDER],
    )
    for kind, (filename, tooi_type) in TOOI_LISTS.items():
        for entry in current_tooi(tooi_dir / filename, tooi_type):
            _organisation(
                graph,
                URIRef(entry["@id"]),
                _value(entry, RDFS_LABEL),
                kind,
                _value(entry, "organisatiecode"),
            )
    polder = polder_rows(polder_path)
    tooi_ministries = {e["@id"]: e for e in ministry_entries}
    for row in current_ministries(polder):
        iri = URIRef(row["tooi"])
        _organisation(
            graph,
            iri,
            "ministerie van " + _ministry_name(row, tooi_ministries),
            "ministerie",
            row["tooi"].rsplit("/", 1)[1],
        )
        _identifiers(graph, iri, row)
    by_id = {r["polder_id"]: r for r in polder}
    ministries = {r["tooi"] for r in current_ministries(polder)}
    for polder_id, kind in AGENCIES.items():
        row = by_id[polder_id]
        iri = URIRef(row["tooi"])
        _organisation(graph, iri, row["name"], kind, row["tooi"].rsplit("/", 1)[1])
        _identifiers(graph, iri, row)
        ministry = _ministry_of(row, by_id)
        if ministry in ministries:
            graph.add((iri, ORG.subOrganizationOf, URIRef(ministry)))
    for slug, name, kind, kvk, parent in MINTED:
        iri = ID[f"organisatie/{slug}"]
        _organisation(graph, iri, name, kind, None)
        if kvk:
            graph.add((iri, NDSG.kvkNumber, Literal(kvk)))
        if parent:
            graph.add((iri, ORG.subOrganizationOf, ID[f"organisatie/{parent}"]))

    partners, _ = new_graph(
        "partners",
        "Uitvoeringspartners uit het NDS-advies",
        "Implementing partners of the NDS advice",
        [ADVICE],
    )
    for name, iri in PARTNERS.items():
        partners.add((URIRef(iri), RDF.type, NDSG.ImplementingPartner))
        partners.add((URIRef(iri), DCTERMS.alternative, Literal(name, lang="nl")))
    return graph, partners


def write(reference: Path, out: Path) -> list[Path]:
    organisations, partners = build(reference)
    return [
        write_turtle(
            organisations, out / "organisations.ttl", "Government organisations (TOOI, polder)."
        ),
        write_turtle(
            partners, out / "partners.ttl", "Implementing partners named in the NDS advice."
        ),
    ]
