"""The standards on Forum Standaardisatie's list, linked to ELIS and EIRA where ELIS has them.

Names come from Forum Standaardisatie's JSON:API copy in ``shared/reference``. All 55
are on the 'pas toe of leg uit' list; the two whose use the law prescribes are marked
'wettelijk verplicht'. A Forum page is only stated where its address is known: a
one-word name's page is /open-standaarden/<name>, the others were checked by hand.

A standard's version is stated only where a Forum page states one: ``forum_versions.csv``
(curated by hand) gives the version as the page words it and the page it was read from,
which becomes the standard's ``dct:source``. Standards whose pages state no version have none.
"""

import csv
import json
import re
from pathlib import Path

from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV

from ndsgraph.errors import InputError
from ndsgraph.importers.common import label, new_graph, write_turtle
from ndsgraph.terms import CONCEPT, ID, NDSG

FORUM = "https://www.forumstandaardisatie.nl/open-standaarden"
FORUM_SITE = "https://www.forumstandaardisatie.nl/"
VERSIONS = Path(__file__).with_name("forum_versions.csv")
FORUM_JSON = "https://github.com/developer-overheid-nl/skills-standaarden"
ELIS = "https://github.com/isa-camss/ELIS"
LEGALLY_REQUIRED = {"Digitoegankelijk (EN 301 549 met WCAG 2.1)", "HTTPS en HSTS"}
CHECKED_PAGES = {
    "HTTPS en HSTS": "https-en-hsts",
    "STARTTLS en DANE": "starttls-dane",
    "REST-API Design Rules": "rest-api-design-rules",
    "NL GOV Assurance profile for OAuth 2.0": "nl-gov-assurance-profile-oauth-20",
}
# Forum name -> ELIS titles of the same specification (not of a profile of it).
ELIS_TITLES = {
    "DKIM": ["DomainKeys Identified Mail (DKIM)"],
    "DMARC": ["Domain-based Message Authentication, Reporting & Conformance (DMARC)"],
    "DNSSEC": ["Domain Name System Security Extensions (DNSSEC)"],
    "SPF": ["Sender Policy Framework (SPF) for Authorizing Use of Domains in Email"],
    "STARTTLS en DANE": ["StartTLS", "DNS-based Authentication of Named Entities (DANE)"],
    "TLS": ["Transport Layer Security (TLS) Protocol"],
    "IPv6": ["Internet Protocol version 6 (IPv6) (RFC 2460)"],
    "RPKI": ["RPKI Architecture"],
    "SAML": ["SAML 2.0 - Security Assertion Markup Language"],
    "OpenAPI Specification": ["OpenAPI Specification"],
    "HTTPS en HSTS": [
        "HTTP Strict Transport Security (HSTS)",
        "HTTP over SSL/TLS (HTTPS) (RFC 2818)",
    ],
    "SKOS": ["Simple Knowledge Organisation system (SKOS)"],
    "HTML": ["HyperText Markup Language v5 (HTML5)"],
    "ODF": ["Open Document Format for Office Applications (OpenDocument)"],
    "EPUB": ["EPUB"],
    "iCalendar": ["Internet Calendaring and Scheduling Core Object Specification (iCalendar)"],
    "STIX en TAXII": ["STIX Version 2.1", "TAXII Version 2.1"],
    "CMIS": ["OASIS Content Managemnet Interoperability Services (CMIS)"],
    "NEN-ISO/IEC 27001": ["ISO/IEC 27001 INFORMATION SECURITY MANAGEMENT"],
    "Ades Baseline Profiles": [
        "XAdES (XML Advanced Electronic Signatures) Baseline Profile",
        "PAdES (PDF Advanced Electronic Signature) Baseline Profile",
        "CAdES (CMS Advanced Electronic Signature) Baseline Profile",
        "ASiC (Associated Signature Container) Baseline Profile",
    ],
}
# Forum name -> the organisation that manages the standard.
MANAGERS = {
    "Digikoppeling": "https://identifier.overheid.nl/tooi/id/oorg/oorg10117",
    "REST-API Design Rules": "https://identifier.overheid.nl/tooi/id/oorg/oorg10117",
    "NL GOV Assurance profile for OAuth 2.0": "https://identifier.overheid.nl/tooi/id/oorg/oorg10117",
    "Authenticatie-standaarden (OpenID.NLGov en SAML)": "https://identifier.overheid.nl/tooi/id/oorg/oorg10117",
    "StUF": str(ID["organisatie/vng-realisatie"]),
    "Aquo-standaard": "https://identifier.overheid.nl/tooi/id/so/so0652",
}


# Forum name -> functions (begrip:functie) within the standard's scope (toepassingsgebied).
SCOPES = {
    "Digitoegankelijk (EN 301 549 met WCAG 2.1)": ["website-en-portaal"],
    "HTTPS en HSTS": ["website-en-portaal"],
    "Digikoppeling": ["gegevensuitwisseling"],
    "NLCIUS": ["e-facturatie"],
    "ODF": ["documentbeheer"],
    "Authenticatie-standaarden (OpenID.NLGov en SAML)": [
        "authenticatie-burgers",
        "authenticatie-bedrijven",
    ],
}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def forum_page(name: str) -> str | None:
    if name in CHECKED_PAGES:
        return f"{FORUM}/{CHECKED_PAGES[name]}"
    if re.fullmatch(r"[A-Za-z0-9-]+", name):
        return f"{FORUM}/{name.lower()}"
    return None


def forum_versions(path: Path, names: list[str]) -> dict[str, tuple[str, str]]:
    """Forum name -> (version as its Forum page states it, that page). A row naming no
    standard on the list, or a source that is not a Forum page, is refused."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["standard"] not in names:
            raise InputError(f"{path.name}: {row['standard']!r} is not on the Forum's list")
        if not row["source"].startswith(FORUM_SITE):
            raise InputError(f"{path.name}: {row['source']} is not a Forum Standaardisatie page")
    return {row["standard"]: (row["version"], row["source"]) for row in rows}


def elis_index(path: Path) -> dict[str, tuple[URIRef, list[URIRef]]]:
    """ELIS title -> (specification, EIRA building blocks it is linked to)."""
    elis = Graph().parse(path, format="turtle")
    index = {}
    for record, title in elis.subject_objects(DCTERMS.title):
        spec = elis.value(record, FOAF.primaryTopic)
        if spec is None:
            continue
        blocks = sorted(
            {
                b
                for rel in elis.objects(spec, DCTERMS.relation)
                for b in elis.objects(rel, DCTERMS.relation)
            }
        )
        index[str(title).strip()] = (spec, blocks)
    return index


def build(reference: Path) -> Graph:
    names = json.loads((reference / "forum-standaardisatie" / "forum_standards.json").read_text())
    elis = elis_index(reference / "elis" / "ELIS_v6.1.1.ttl")
    versions = forum_versions(VERSIONS, names)
    graph, _ = new_graph(
        "standards",
        "Open standaarden (Forum Standaardisatie)",
        "Open standards (Forum Standaardisatie)",
        [FORUM, FORUM_JSON, ELIS],
    )
    for name in names:
        standard = ID[f"standaard/{slug(name)}"]
        graph.add((standard, RDF.type, NDSG.Standard))
        label(graph, standard, name)
        graph.add((standard, NDSG.forumStatus, CONCEPT["forumstatus/pas-toe-of-leg-uit"]))
        if name in LEGALLY_REQUIRED:
            graph.add((standard, NDSG.forumStatus, CONCEPT["forumstatus/wettelijk-verplicht"]))
        if page := forum_page(name):
            graph.add((standard, FOAF.page, URIRef(page)))
        if name in versions:
            version, source = versions[name]
            graph.add((standard, OWL.versionInfo, Literal(version)))
            graph.add((standard, DCTERMS.source, URIRef(source)))
        for title in ELIS_TITLES.get(name, []):
            spec, blocks = elis[title]
            graph.add((standard, NDSG.elisSpecification, spec))
            for block in blocks:
                graph.add((standard, NDSG.eiraBuildingBlock, block))
        for function in SCOPES.get(name, []):
            graph.add((standard, NDSG.appliesToFunction, CONCEPT[f"functie/{function}"]))
        if name in MANAGERS:
            attribution = ID[f"standaard/{slug(name)}/beheerder"]
            graph.add((standard, PROV.qualifiedAttribution, attribution))
            graph.add((attribution, RDF.type, PROV.Attribution))
            graph.add((attribution, PROV.agent, URIRef(MANAGERS[name])))
            graph.add((attribution, DCAT.hadRole, CONCEPT["rol/beheerder"]))
    return graph


def write(reference: Path, out: Path) -> Path:
    return write_turtle(
        build(reference), out / "standards.ttl", "Open standards of Forum Standaardisatie."
    )
