"""The bundled reference data matches its public sources and the published figures."""

import csv
import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import RDF

from ndsgraph import importers, terms, validation
from ndsgraph.errors import InputError
from ndsgraph.importers import organisations, standards
from ndsgraph.intake import csv_template
from ndsgraph.resources import data_dir
from ndsgraph.terms import ID, NDSG

ORG_TYPE = "https://w3id.org/ndsgraph/id/begrip/organisatietype/"
PREFIXES = """
PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX bouwsteen: <https://w3id.org/ndsgraph/id/bouwsteen/>
"""


def select(store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def count_of_type(store, kind: str) -> int:
    rows = select(
        store, f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o ndsg:organisationType <{ORG_TYPE}{kind}> }}"
    )
    return int(rows[0]["n"])


def test_every_current_municipality_province_and_water_authority_is_there(loaded_store, reference):
    assert count_of_type(loaded_store, "gemeente") == 342
    assert count_of_type(loaded_store, "provincie") == 12
    assert count_of_type(loaded_store, "waterschap") == 21
    # ... and those numbers are what the TOOI lists themselves say is current.
    for kind, (filename, tooi_type) in organisations.TOOI_LISTS.items():
        entries = json.loads((reference / "tooi" / filename).read_text())
        current = [
            e
            for e in entries
            if e.get("@type") == [organisations.TOOI_ONT + tooi_type]
            and organisations.TOOI_ONT + "einddatum" not in e
        ]
        assert count_of_type(loaded_store, kind) == len(current)


def test_ministries_are_the_current_ones_with_their_current_names(loaded_store, reference):
    with (reference / "polder" / "organisaties_flat.csv").open(newline="") as handle:
        current = [
            r
            for r in csv.DictReader(handle)
            if r["category"] == "ministeries" and not r["valid_until"]
        ]
    assert count_of_type(loaded_store, "ministerie") == len(current) == 12
    labels = {
        r["label"]
        for r in select(
            loaded_store,
            f"""
        SELECT ?label WHERE {{ ?m ndsg:organisationType <{ORG_TYPE}ministerie> ; rdfs:label ?label }}""",
        )
    }
    assert "ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur" in labels  # 2024 name
    assert "ministerie van Infrastructuur en Waterstaat" in labels  # not polder's old name


@pytest.mark.parametrize(
    "uri",
    [
        "https://identifier.overheid.nl/tooi/id/zbo/zb000117",  # UWV
        "https://identifier.overheid.nl/tooi/id/zbo/zb000143",  # SVB
        "https://identifier.overheid.nl/tooi/id/zbo/zb000211",  # CAK
        "https://identifier.overheid.nl/tooi/id/oorg/oorg12368",  # Belastingdienst
        "https://w3id.org/ndsgraph/id/organisatie/dienst-toeslagen",
        "https://identifier.overheid.nl/tooi/id/oorg/oorg10148",  # DUO
        "https://identifier.overheid.nl/tooi/id/oorg/oorg10004",  # RWS
        "https://identifier.overheid.nl/tooi/id/zbo/zb000195",  # Kadaster
        "https://identifier.overheid.nl/tooi/id/zbo/zb000193",  # CBS
        "https://identifier.overheid.nl/tooi/id/zbo/zb000184",  # KVK
        "https://identifier.overheid.nl/tooi/id/zbo/zb000149",  # RDW
        "https://identifier.overheid.nl/tooi/id/oorg/oorg10005",  # RVO
        "https://identifier.overheid.nl/tooi/id/oorg/oorg10117",  # Logius
        "https://w3id.org/ndsgraph/id/organisatie/ictu",
        "https://identifier.overheid.nl/tooi/id/oorg/oorg10113",  # DICTU
    ],
)
def test_executive_organisations_that_matter_are_present(loaded_store, uri):
    assert loaded_store.query(
        f"ASK {{ <{uri}> a <http://www.w3.org/ns/org#Organization> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )


def test_agencies_and_zbos_fall_under_the_ministry_polder_names(loaded_store, reference):
    rows = select(
        loaded_store,
        f"""SELECT ?agency ?ministry WHERE {{
              ?agency ndsg:organisationType ?type ; org:subOrganizationOf ?ministry .
              ?ministry ndsg:organisationType <{ORG_TYPE}ministerie> .
              VALUES ?type {{ <{ORG_TYPE}agentschap> <{ORG_TYPE}zbo> }} }}""",
    )
    under = {r["agency"]: r["ministry"] for r in rows}
    with (reference / "polder" / "organisaties_flat.csv").open(encoding="utf-8") as f:
        polder = {r["tooi"]: r for r in csv.DictReader(f) if r["tooi"]}
    for agency, ministry in under.items():
        row = polder[agency]
        assert ministry in (row["ministerie_tooi"], polder_parent(row, polder)), agency
    logius = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"
    assert under[logius] == "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"  # BZK
    assert len(under) == 15  # every agency and ZBO but the minted Dienst Toeslagen


def polder_parent(row: dict[str, str], polder: dict[str, dict[str, str]]) -> str | None:
    by_id = {r["polder_id"]: r["tooi"] for r in polder.values()}
    return by_id.get(row["parent_id"])


def test_the_six_partners_of_the_advice_are_implementing_partners(loaded_store):
    rows = select(
        loaded_store, "SELECT ?p ?name WHERE { ?p a ndsg:ImplementingPartner ; rdfs:label ?name }"
    )
    assert len(rows) == 6
    assert {r["p"] for r in rows} == set(organisations.PARTNERS.values())


def test_the_55_forum_standards_are_there_with_status(loaded_store, reference):
    names = json.loads((reference / "forum-standaardisatie" / "forum_standards.json").read_text())
    rows = select(
        loaded_store,
        "SELECT ?s ?name WHERE { ?s a ndsg:Standard ; rdfs:label ?name ; ndsg:forumStatus ?status }",
    )
    assert {r["name"] for r in rows} == set(names)
    assert len(names) == 55
    linked = select(
        loaded_store,
        "SELECT DISTINCT ?s WHERE { ?s ndsg:elisSpecification ?spec ; ndsg:eiraBuildingBlock ?abb }",
    )
    assert len(linked) >= 15


def test_at_least_30_building_blocks_with_manager_and_eira_type(loaded_store):
    rows = select(
        loaded_store,
        """
        SELECT ?b ?type ?manager WHERE {
          ?b a ndsg:BuildingBlock ; dct:type ?type .
          FILTER(STRSTARTS(STR(?type), "http://data.europa.eu/dr8/"))
          OPTIONAL { ?b prov:qualifiedAttribution [ dcat:hadRole ?role ; prov:agent ?manager ]
                     FILTER(?role = <https://w3id.org/ndsgraph/id/begrip/rol/beheerder>) }
        }""",
    )
    assert len(rows) >= 30
    managed = [r for r in rows if "manager" in r]
    assert len(managed) >= 30
    # every manager is a known organisation
    orgs = {r["o"] for r in select(loaded_store, "SELECT ?o WHERE { ?o a org:Organization }")}
    assert {r["manager"] for r in managed} <= orgs


def test_dependencies_point_at_building_blocks(loaded_store):
    dangling = select(
        loaded_store,
        """
        SELECT ?b ?d WHERE { ?b a ndsg:BuildingBlock ; ndsg:dependsOn ?d .
                             FILTER NOT EXISTS { ?d a ndsg:BuildingBlock } }""",
    )
    assert dangling == []


FORUM_SITES = ("https://www.forumstandaardisatie.nl/", "https://forumstandaardisatie.nl/")
RDW = "https://identifier.overheid.nl/tooi/id/zbo/zb000149"
RVIG = "https://identifier.overheid.nl/tooi/id/oorg/oorg10103"
BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"
STANDARD = "https://w3id.org/ndsgraph/id/standaard/"
FORUM_STATUS = "https://w3id.org/ndsgraph/id/begrip/forumstatus/"


def curated_facts(reference) -> dict[str, dict[str, tuple[str, str]]]:
    names = json.loads((reference / "forum-standaardisatie" / "forum_standards.json").read_text())
    return standards.forum_facts(standards.FACTS, names)


def test_every_standard_version_is_the_one_its_forum_page_states(loaded_store, reference):
    rows = select(
        loaded_store,
        """SELECT ?name ?version ?source WHERE { ?s a ndsg:Standard ; rdfs:label ?name ;
             owl:versionInfo ?version OPTIONAL { ?s dct:source ?source } }""",
    )
    versions = {n: f["version"] for n, f in curated_facts(reference).items() if "version" in f}
    assert {r["name"]: (r["version"], r.get("source")) for r in rows} == versions
    assert all(r["source"].startswith(FORUM_SITES) for r in rows)
    assert ("SAML", "2.0") in {(r["name"], r["version"]) for r in rows}
    assert ("iCalendar", "Nov 1998") in {(r["name"], r["version"]) for r in rows}
    assert ("STIX en TAXII", "STIX 1.2.1 en TAXII 1.1.1") in {
        (r["name"], r["version"]) for r in rows
    }


def forum_statuses(store) -> dict[str, tuple[str, str]]:
    rows = select(
        store,
        f"""SELECT ?name ?status ?source WHERE {{ ?s a ndsg:Standard ; rdfs:label ?name ;
              ndsg:forumStatus ?status ; ndsg:forumStatusSource ?source
              FILTER(?status != <{FORUM_STATUS}wettelijk-verplicht>) }}""",
    )
    assert len(rows) == len({r["name"] for r in rows})  # one list status, one source each
    return {r["name"]: (r["status"].removeprefix(FORUM_STATUS), r["source"]) for r in rows}


def test_every_list_status_is_the_one_its_forum_page_states_or_the_decision_trees(
    loaded_store, reference
):
    statuses = forum_statuses(loaded_store)
    curated = {n: f["status"] for n, f in curated_facts(reference).items() if "status" in f}
    assert {n: s for n, s in statuses.items() if n in curated} == curated
    assert all(source.startswith(FORUM_SITES) for _, source in curated.values())
    defaulted = {n: s for n, s in statuses.items() if n not in curated}
    assert set(defaulted.values()) == {("pas-toe-of-leg-uit", standards.FORUM_JSON)}
    assert len(statuses) == 55


def test_the_standards_the_forum_recommends_are_recommended_not_comply_or_explain(
    loaded_store,
):
    statuses = forum_statuses(loaded_store)
    for name in ("CMIS", "EPUB", "Erfgoedstandaard", "iCalendar", "ISO 3166-1", "PDF/UA"):
        status, source = statuses[name]
        assert status == "aanbevolen", name
        assert source.startswith(FORUM_SITES), name


def test_saml_is_archived_and_replaced_by_the_authentication_standards(loaded_store):
    assert forum_statuses(loaded_store)["SAML"] == (
        "archief",
        "https://www.forumstandaardisatie.nl/open-standaarden/saml",
    )
    rows = select(
        loaded_store,
        f"SELECT ?successor ?status WHERE {{ <{STANDARD}saml> dct:isReplacedBy ?successor . "
        "?successor ndsg:forumStatus ?status }",
    )
    assert rows == [
        {
            "successor": f"{STANDARD}authenticatie-standaarden-openid-nlgov-en-saml",
            "status": f"{FORUM_STATUS}pas-toe-of-leg-uit",
        }
    ]


def test_a_standards_page_is_the_curated_address_where_the_forum_uses_another_slug(
    loaded_store,
):
    pages = {
        r["name"]: r["page"]
        for r in select(
            loaded_store,
            "SELECT ?name ?page WHERE { ?s a ndsg:Standard ; rdfs:label ?name ; "
            "<http://xmlns.com/foaf/0.1/page> ?page }",
        )
    }
    assert pages["IPv6"] == "https://www.forumstandaardisatie.nl/open-standaarden/ipv6-en-ipv4"
    assert pages["STARTTLS en DANE"] == (
        "https://www.forumstandaardisatie.nl/open-standaarden/starttls-en-dane"
    )
    assert pages["TLS"] == "https://www.forumstandaardisatie.nl/open-standaarden/tls"
    assert pages["WPA2 Enterprise"] == (
        "https://www.forumstandaardisatie.nl/open-standaarden/wpa2-enterprise"
    )


@pytest.mark.parametrize(
    ("row", "refusal"),
    [
        (
            "SAML,version,2.0,https://www.noraonline.nl/wiki/SAML",
            "not a Forum Standaardisatie page",
        ),
        (f"SAMl,version,2.0,{FORUM_SITES[0]}standaard/saml", "not on the Forum's list"),
        (f"SAML,status,verplicht,{FORUM_SITES[0]}standaard/saml", "unknown status 'verplicht'"),
        (f"SAML,owner,OASIS,{FORUM_SITES[0]}standaard/saml", "unknown fact 'owner'"),
        (f"SAML,successor,OIDC,{FORUM_SITES[0]}standaard/saml", "successor 'OIDC' is not on"),
    ],
)
def test_a_curated_fact_not_read_from_a_forum_page_about_a_listed_standard_is_refused(
    tmp_path, row, refusal
):
    facts = tmp_path / "forum_facts.csv"
    facts.write_text(f"standard,fact,value,source\n{row}\n")
    with pytest.raises(InputError, match=refusal):
        standards.forum_facts(facts, ["SAML", "TLS"])


def test_a_fact_given_twice_is_refused(tmp_path):
    facts = tmp_path / "forum_facts.csv"
    page = f"{FORUM_SITES[0]}open-standaarden/saml"
    facts.write_text(
        f"standard,fact,value,source\nSAML,status,archief,{page}\nSAML,status,aanbevolen,{page}\n"
    )
    with pytest.raises(InputError, match="status is given twice"):
        standards.forum_facts(facts, ["SAML"])


def test_the_vehicle_register_is_a_base_registry_managed_by_rdw(loaded_store):
    rows = select(
        loaded_store,
        """SELECT ?type ?manager ?managerSource ?ministry ?id ?targetSource WHERE {
              bouwsteen:brv a ndsg:BuildingBlock ; dct:type ?type ;
                prov:qualifiedAttribution [ prov:agent ?manager ; dct:source ?managerSource ] ;
                ndsg:adoptionTarget [ dct:source ?targetSource ] .
              ?manager org:subOrganizationOf ?ministry ; dct:identifier ?id }""",
    )
    assert rows == [
        {
            "type": "http://data.europa.eu/dr8/BaseRegistryDataObject",
            "manager": RDW,
            "managerSource": "https://www.rdw.nl/over-rdw/organisatie/kerntaken/kentekenregister-is-basisregistratie-voertuigen",
            "ministry": "https://identifier.overheid.nl/tooi/id/ministerie/mnre1130",  # I&W
            "id": "zb000149",
            "targetSource": "https://www.rdw.nl/over-rdw/organisatie/kerntaken/kentekenregister-is-basisregistratie-voertuigen",
        }
    ]


def dependencies(store, block: str) -> set[str]:
    rows = select(store, f"SELECT ?d WHERE {{ <{BLOCK}{block}> ndsg:dependsOn ?d }}")
    return {r["d"].removeprefix(BLOCK) for r in rows}


def test_the_dependencies_around_pkioverheid_fsc_and_the_eidas_node_are_as_sourced(
    loaded_store,
):
    # FSC Core leaves the Trust Anchors to each Group: no source says FSC needs PKIoverheid
    assert dependencies(loaded_store, "fsc") == set()
    assert dependencies(loaded_store, "eidas-koppelpunt") == {"eherkenning"}
    on_pki = select(loaded_store, "SELECT ?b WHERE { ?b ndsg:dependsOn bouwsteen:pkioverheid }")
    assert {r["b"].removeprefix(BLOCK) for r in on_pki} == {
        "digid",
        "digikoppeling",
        "digipoort",
        "nlx",
    }
    sourced = select(
        loaded_store,
        """SELECT ?b ?d ?source WHERE { ?b ndsg:qualifiedDependency ?q .
             ?q a ndsg:Dependency ; ndsg:dependedOn ?d OPTIONAL { ?q dct:source ?source } }""",
    )
    assert {(r["b"].removeprefix(BLOCK), r["d"].removeprefix(BLOCK)) for r in sourced} == {
        ("digid", "pkioverheid"),
        ("digikoppeling", "pkioverheid"),
        ("digipoort", "pkioverheid"),
        ("eidas-koppelpunt", "eherkenning"),
    }
    assert all("source" in r for r in sourced)
    unstated = select(
        loaded_store,
        """SELECT ?b ?d WHERE { ?b ndsg:qualifiedDependency [ ndsg:dependedOn ?d ] .
             FILTER NOT EXISTS { ?b ndsg:dependsOn ?d } }""",
    )
    assert unstated == []  # a source qualifies a dependency that is stated


def test_the_eidas_node_is_managed_by_rvig_since_2022(loaded_store):
    rows = select(
        loaded_store,
        """SELECT ?manager ?source WHERE { bouwsteen:eidas-koppelpunt prov:qualifiedAttribution
             [ prov:agent ?manager ; dct:source ?source ] }""",
    )
    assert rows == [
        {"manager": RVIG, "source": "https://magazines.rvig.nl/idee/2022/20/eidas-koppelpunt"}
    ]


PUBLISHED_TOTALS = {"2026": 745, "2027": 1110, "2028": 1355, "2029": 1510, "2030": 1615}


def test_investment_lines_sum_to_the_published_totals(loaded_store):
    lines = select(
        loaded_store,
        """
        SELECT ?part ?year ?amount ?structural WHERE {
          ?line a ndsg:InvestmentLine ; ndsg:ndsPriority ?part .
          OPTIONAL { ?line ndsg:year ?year } OPTIONAL { ?line ndsg:amountMillionEur ?amount }
          OPTIONAL { ?line ndsg:structural ?structural } }""",
    )
    assert len(lines) == 10 * 6
    totals = {
        r.get("year", "structural"): Decimal(r["amount"])
        for r in select(
            loaded_store,
            """
        SELECT ?year ?amount WHERE { ?t a ndsg:InvestmentTotal ; ndsg:amountMillionEur ?amount .
                                     OPTIONAL { ?t ndsg:year ?year } }""",
        )
    }
    assert totals == {
        **{y: Decimal(v) for y, v in PUBLISHED_TOTALS.items()},
        "structural": Decimal(950),
    }
    for year, total in totals.items():
        cells = [r for r in lines if r.get("year", "structural") == year]
        assert len(cells) == 10
        assert sum(Decimal(r.get("amount", 0)) for r in cells) == total


def test_pm_cells_have_no_amount(loaded_store):
    pending = select(
        loaded_store,
        "SELECT ?l WHERE { ?l ndsg:pendingAmount true FILTER NOT EXISTS { ?l ndsg:amountMillionEur ?a } }",
    )
    assert len(pending) == 2  # IT-sourcing en inkoop, 2029 and 2030


def test_every_reference_graph_records_its_source(loaded_store):
    rows = select(
        loaded_store,
        """
        SELECT ?g (COUNT(?src) AS ?n) WHERE { GRAPH ?g { ?g a <http://rdfs.org/ns/void#Dataset> ; dct:source ?src } }
        GROUP BY ?g""",
    )
    graphs = {r["g"].rsplit("/", 1)[1] for r in rows}
    assert {
        "organisations",
        "partners",
        "standards",
        "nds",
        "building-blocks",
        "suppliers",
    } <= graphs


def test_suppliers_are_reference_organisations_told_apart_by_their_names(loaded_store):
    names = select(
        loaded_store,
        """
        SELECT ?s ?name WHERE { GRAPH <https://w3id.org/ndsgraph/graph/suppliers> {
          ?s a ndsg:Supplier ; rdfs:label|<http://www.w3.org/2004/02/skos/core#altLabel> ?name } }""",
    )
    assert len({r["s"] for r in names}) >= 15
    owners: dict[str, set[str]] = {}
    for r in names:
        owners.setdefault(csv_template.supplier_key(r["name"]), set()).add(r["s"])
    assert {key: s for key, s in owners.items() if len(s) > 1} == {}  # no name is two suppliers
    assert not select(loaded_store, "SELECT ?s WHERE { ?s a ndsg:Supplier ; ndsg:kvkNumber ?n }")
    orphans = select(
        loaded_store,
        """
        SELECT ?p WHERE { ?p a ndsg:SoftwareProduct .
                          FILTER NOT EXISTS { ?p ndsg:supplier [ a ndsg:Supplier ] } }""",
    )
    assert orphans == []


def test_the_reference_quads_uploads_are_judged_with_are_the_reference_context():
    def ground(quads) -> set:
        return {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in q)}

    def blank(quads) -> int:
        return sum(any(isinstance(t, ox.BlankNode) for t in q) for q in quads)

    context = terms.quads(validation.reference_context())
    quads = validation.reference_quads()
    assert ground(quads) == ground(context) and blank(quads) == blank(context) > 0


def test_suppliers_are_part_of_the_reference_context_uploads_are_judged_in():
    supplier = ID["leverancier/centric"]
    assert (supplier, RDF.type, NDSG.Supplier) in validation.reference_context()


def test_importers_reproduce_the_committed_data(reference, seeds, tmp_path):
    for path in importers.run_all(reference, seeds, tmp_path):
        assert path.read_bytes() == (data_dir() / path.name).read_bytes(), path.name
