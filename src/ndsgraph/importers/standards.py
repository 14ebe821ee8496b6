"""The standards on Forum Standaardisatie's list, linked to ELIS and EIRA where ELIS has them.

Names come from Forum Standaardisatie's JSON:API copy in ``shared/reference``: the 55 titles
of its decision tree. What the Forum's pages say of a standard is curated by hand in
``forum_facts.csv``, one fact a row with the Forum page it was read from: its list status
(``pas-toe-of-leg-uit``, ``aanbevolen`` or ``archief``), its version as the page words it,
its successor once archived, and its page where that is not /open-standaarden/<name>.
A standard whose page was not found keeps the status the decision tree implies, 'pas toe
of leg uit', with that list as the status's source. The two whose use the law prescribes
are also marked 'wettelijk verplicht'. A Forum page is only stated where its address is
known: a curated one, or for a one-word name /open-standaarden/<name>.
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
FORUM_SITES = ("https://www.forumstandaardisatie.nl/", "https://forumstandaardisatie.nl/")
FACTS = Path(__file__).with_name("forum_facts.csv")
FORUM_JSON = "https://github.com/developer-overheid-nl/skills-standaarden"
STATUSES = ("pas-toe-of-leg-uit", "aanbevolen", "archief")
DEFAULT_STATUS = "pas-toe-of-leg-uit"  # what the decision tree (FORUM_JSON) implies
FACT_KINDS = ("status", "version", "successor", "page")
ELIS = "https://github.com/isa-camss/ELIS"
LEGALLY_REQUIRED = {"Digitoegankelijk (EN 301 549 met WCAG 2.1)", "HTTPS en HSTS"}
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


def forum_page(name: str, facts: dict[str, tuple[str, str]]) -> str | None:
    """The standard's Forum page: the curated address, else /open-standaarden/<name> for a
    one-word name."""
    if "page" in facts:
        return facts["page"][0]
    if re.fullmatch(r"[A-Za-z0-9-]+", name):
        return f"{FORUM}/{name.lower()}"
    return None


def forum_facts(path: Path, names: list[str]) -> dict[str, dict[str, tuple[str, str]]]:
    """Forum name -> fact -> (value as its Forum page states it, that page). A row naming no
    standard on the list, an unknown fact or status, a successor not on the list, a second
    row for the same fact, or a source that is not a Forum page is refused."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    facts: dict[str, dict[str, tuple[str, str]]] = {}
    for row in rows:
        name, fact, value, source = row["standard"], row["fact"], row["value"], row["source"]
        if name not in names:
            raise InputError(f"{path.name}: {name!r} is not on the Forum's list")
        if fact not in FACT_KINDS:
            raise InputError(f"{path.name}: {name}: unknown fact {fact!r} (one of {FACT_KINDS})")
        if fact == "status" and value not in STATUSES:
            raise InputError(f"{path.name}: {name}: unknown status {value!r} (one of {STATUSES})")
        if fact == "successor" and value not in names:
            raise InputError(f"{path.name}: {name}: successor {value!r} is not on the list")
        if not source.startswith(FORUM_SITES):
            raise InputError(f"{path.name}: {source} is not a Forum Standaardisatie page")
        if fact in facts.get(name, {}):
            raise InputError(f"{path.name}: {name}: {fact} is given twice")
        facts.setdefault(name, {})[fact] = (value, source)
    return facts


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
    curated = forum_facts(FACTS, names)
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
        facts = curated.get(name, {})
        status, status_source = facts.get("status", (DEFAULT_STATUS, FORUM_JSON))
        graph.add((standard, NDSG.forumStatus, CONCEPT[f"forumstatus/{status}"]))
        graph.add((standard, NDSG.forumStatusSource, URIRef(status_source)))
        if name in LEGALLY_REQUIRED:
            graph.add((standard, NDSG.forumStatus, CONCEPT["forumstatus/wettelijk-verplicht"]))
        if page := forum_page(name, facts):
            graph.add((standard, FOAF.page, URIRef(page)))
        if "version" in facts:
            version, source = facts["version"]
            graph.add((standard, OWL.versionInfo, Literal(version)))
            graph.add((standard, DCTERMS.source, URIRef(source)))
        if "successor" in facts:
            successor = ID[f"standaard/{slug(facts['successor'][0])}"]
            graph.add((standard, DCTERMS.isReplacedBy, successor))
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
