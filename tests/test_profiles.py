"""The profile pages over Flask's test client on the example landscape after a whole-store run:
each page's figures are the stored queries' answers, RDF is still negotiated behind the same
address, and a page reads in English when asked."""

import re
import statistics
import urllib.parse

import pytest
from ndsgraph_server import create_app, pictures
from ndsgraph_server.settings import ServerSettings
from rdflib import Graph

from ndsgraph import profiles, register
from ndsgraph.names import MONTHS
from ndsgraph.profiles import reading
from ndsgraph.profiles.organisation import by_status, comparison
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import OxigraphStore, bundled

from .test_standard_adoption import load_measurements

ID = "https://w3id.org/ndsgraph/id/"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
DIGID = ID + "bouwsteen/digid"
HTTPS = ID + "standaard/https-en-hsts"
DNSSEC = ID + "standaard/dnssec"
RITENSE = ID + "leverancier/ritense"
TOOI_HILVERSUM = "https://identifier.overheid.nl/tooi/id/gemeente/gm0402"
MEASURED = "https://example.org/meting/gm1"  # tests/data/standard-adoption.trig
IN_PRODUCTION = ID + "begrip/status/in-productie"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    """The bundled data, the measurements fixture, and a whole-store run (the register and
    the organisation counts)."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    load_measurements(store)
    register.judge_all(store)
    return store


@pytest.fixture(scope="module")
def client(store):
    return create_app(store).test_client()


def answer(store, name: str, **parameters: str) -> list[dict[str, str]]:
    """A stored query's rows as plain values, as the API answers it."""
    result = queries.run(store, queries.stored(name), parameters)
    return [{v.value: s[v].value for v in result.variables if s[v] is not None} for s in result]


def page(client, path: str, **arguments: str) -> str:
    response = client.get(path, query_string=arguments, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    return response.text


def text(html: str) -> str:
    """The page's words, without tags or repeated white space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_organisation_is_profiled_from_the_stored_queries(store):
    profile = profiles.profile(store, ALMERE, "nl")
    assert isinstance(profile, profiles.OrganisationProfile) and profile.code == "gm0034"
    adopted = answer(store, "organisation-adoptions", organisation=ALMERE)
    assert sum(len(g.rows) for g in profile.adoptions) == len(adopted)
    in_force = [f for f in answer(store, "register") if f.get("organisation") == ALMERE]
    assert {f["finding"] for f in profile.findings.rows} == {f["finding"] for f in in_force}
    unexplained = [f for f in in_force if f["explained"] == "false"]
    assert len(profile.unexplained) == len(unexplained) > 0
    deviations = [d for d in answer(store, "deviations") if d["organisation"] == ALMERE]
    assert profile.deviations.total == len(deviations) == 1
    assert [d["deviation"] for d in profile.deviations.rows] == [d["deviation"] for d in deviations]
    assert profile.trend[-1].findings == len(in_force)


def test_almeres_page_shows_its_figures_with_names_and_links(client, store):
    html = page(client, "/doc", uri=ALMERE)
    words = text(html)
    assert "<h1>gemeente Almere</h1>" in html
    adopted = answer(store, "organisation-adoptions", organisation=ALMERE)
    producing = [a for a in adopted if a["status"] == IN_PRODUCTION]
    assert f"in productie ({len(producing)})" in words
    in_force = [f for f in answer(store, "register") if f.get("organisation") == ALMERE]
    unexplained = sum(f["explained"] == "false" for f in in_force)
    assert f"Bevindingen nu {len(in_force)} waarvan {unexplained} onverklaard" in words
    assert f"Onverklaard ({unexplained})" in words
    contracts = {c["contract"] for c in answer(store, "contracts", organisation=ALMERE)}
    assert f"Contracten op einddatum ({len(contracts)})" in words
    assert "AFAS Software" in words and "belastingheffing" in words  # the contract without exit
    assert "/organisatie/gm0034/leg-uit?jaar=" in html
    picture = re.search(r'href="/picture\?uri=([^"]+)"', html).group(1)
    assert urllib.parse.unquote(picture) == ALMERE
    assert "Voorbeeldmotivering: belastingheffing" in words  # its deviation's motivation
    # what the deviation is about, without whose it is: this is Almere's page
    deviations = html.split('id="deviations"', 1)[1].split("</section>", 1)[0]
    assert "contract belastingheffing (gm0034)</a>" in deviations, deviations
    assert "\u00b7 gemeente Almere" not in deviations


def test_a_long_list_shows_its_first_rows_its_count_and_a_link_to_all(store, monkeypatch):
    monkeypatch.setattr(reading, "SHOWN", 2)
    client = create_app(store).test_client()  # its own answer cache
    systems = answer(store, "organisation-systems", organisation=ALMERE)
    legacy = {s["system"] for s in systems if s["legacy"] == "true"}
    profile = profiles.profile(store, ALMERE, "nl")
    assert profile.systems.total == len({s["system"] for s in systems}) > 2
    assert [s["system"] for s in profile.systems.rows] == [s["system"] for s in systems[:2]]
    assert profile.legacy == len(legacy) > 0
    html = page(client, "/doc", uri=ALMERE)
    assert f"De eerste 2 van {profile.systems.total}. Alle {profile.systems.total} tonen" in text(
        html
    )
    link = re.search(r'href="(/api/queries/organisation-systems\?[^"]+)"', html).group(1)
    whole = client.get(link.replace("&amp;", "&"), headers={"Accept": "text/csv"})
    assert len(whole.text.strip().splitlines()) == 1 + len(systems)


def supplied_by_stored_queries(store, supplier: str) -> dict:
    """What the supplier's profile must say per function (None: in all), counted over every
    row of supplier-customers.rq and contracts.rq (a contract's function: that of the
    application under it, from organisation-systems.rq): (organisations, applications,
    contracts, without exit clause, first end year)."""
    customers = answer(store, "supplier-customers", supplier=supplier)
    contracts = answer(store, "contracts", supplier=supplier)
    functions = {
        s["system"]: s.get("function")
        for o in {c["organisation"] for c in contracts}
        for s in answer(store, "organisation-systems", organisation=o)
    }
    for c in contracts:
        c["function"] = functions.get(c.get("system"))
    every = {c.get("function") for c in customers + contracts} | {None}
    figures = {}
    for f in every:
        apps = [c for c in customers if f is None or c.get("function") == f]
        deals = [c for c in contracts if f is None or c["function"] == f]
        ends = [c["end"][:4] for c in deals if "end" in c]
        figures[f] = (
            len({c["organisation"] for c in apps}),
            len({c["system"] for c in apps}),
            len({c["contract"] for c in deals}),
            len({c["contract"] for c in deals if c.get("exitClause") == "false"}),
            min(ends, default=None),
        )
    return figures


def supplied_on_the_profile(store, supplier: str) -> dict:
    profile = profiles.profile(store, supplier, "nl")
    return {
        s.function: (s.organisations, s.applications, s.contracts, s.without_exit, s.first_end)
        for s in (profile.overall, *profile.by_function)
    }


def test_a_suppliers_page_sums_up_its_organisations_applications_and_contracts_per_function(
    client, store
):
    """The page reads kept counts; the stored queries behind its links give every row: per
    function they must say the same, and the links give the whole lists."""
    expected = supplied_by_stored_queries(store, RITENSE)
    assert supplied_on_the_profile(store, RITENSE) == expected
    organisations, applications, contracts, without_exit, first_end = expected[None]
    assert contracts and applications and first_end and len(expected) > 2
    html = page(client, "/doc/leverancier/ritense")
    words = text(html)
    assert f"Organisaties bediend {organisations}" in words
    assert f"Contracten zonder exitclausule {without_exit} van de {contracts}" in words
    assert f"Alle {applications} applicaties tonen" in words
    assert f"Alle {contracts} contracten tonen" in words
    link = re.search(r'href="(/api/queries/contracts\?[^"]+)"', html).group(1)
    whole = client.get(link.replace("&amp;", "&"), headers={"Accept": "text/csv"})
    rows = whole.text.strip().splitlines()[1:]  # a row per contract and application
    assert len({row.split(",")[0] for row in rows}) == contracts


def compared_by_peer_adoption_shares(store, organisation: str) -> tuple:
    """What ``Comparison`` must say, counted over every adoption by peer-adoption-shares.rq:
    (meant, in production, peers, reporting, median, mean, rank)."""
    peers = answer(store, "peer-adoption-shares", organisation=organisation)
    own = next(p for p in peers if p["peer"] == organisation)
    share = lambda p: 100 * int(p["inProduction"]) / int(p["meant"])  # noqa: E731
    reporting = [share(p) for p in peers if int(p["inProduction"]) > 0 or p is own]
    return (
        int(own["meant"]),
        int(own["inProduction"]),
        len(peers),
        len(reporting),
        round(statistics.median(reporting), 1),
        round(statistics.fmean(reporting), 1),
        1 + sum(s > share(own) for s in reporting),
    )


def comparison_figures(store, organisation: str) -> tuple:
    c = profiles.profile(store, organisation, "nl").comparison
    return (c.meant, c.in_production, c.peers, c.reporting, c.median, c.mean, c.rank)


def test_a_portfolio_that_two_graphs_hold_is_shown_and_counted_once(store):
    """A submission that repeats what a bulk load holds: each triple twice in the union of
    the graphs. The lists show each row once and count each thing once, as with one graph."""
    repeated = OxigraphStore()
    list(bundled.load_bundled(repeated, progress=False))
    repeated.update(
        "INSERT { GRAPH <urn:example:again> { ?thing ?property ?value } } WHERE { GRAPH ?g { "
        f"?thing <https://w3id.org/ndsgraph/def/organisation> <{ALMERE}> ; ?property ?value }} }}"
    )
    once, twice = profiles.profile(store, ALMERE, "nl"), profiles.profile(repeated, ALMERE, "nl")
    for section in ("systems", "contracts", "deviations"):
        shown = getattr(twice, section)
        assert len(set(map(tuple, (r.items() for r in shown.rows)))) == len(shown.rows) > 0
        assert shown.rows == getattr(once, section).rows
        assert shown.total == getattr(once, section).total
    assert (twice.legacy, twice.without_exit) == (once.legacy, once.without_exit)


def test_an_organisation_is_compared_with_the_shares_of_its_type(store):
    """The page reads its type's production levels from the kept counts; the stored query
    counts every adoption of the type: both must say the same."""
    for organisation in (ALMERE, TOOI_HILVERSUM):
        expected = compared_by_peer_adoption_shares(store, organisation)
        assert comparison_figures(store, organisation) == expected
    assert expected[3] > 1  # a type with peers that have blocks in production


def test_no_comparison_is_drawn_before_the_production_levels_are_kept():
    """A store no whole-store run has counted since production levels were kept has the
    blocks meant for a type and its peers, but no levels: the page leaves the comparison out
    rather than failing on an empty list (it did: a 500 on Almere's page)."""
    levels = [
        {
            "organisationType": "gemeente",
            "meantBlock": block,
            "peers": "342",
            "inProduction": None,
            "organisations": None,
        }
        for block in ("digid", "brk")
    ]
    assert comparison(levels, {"digid"}) is None
    assert comparison(levels, set()).reporting == 1  # itself, with none in production


def test_measured_conformance_is_the_latest_measurement_per_domain(client, store):
    measured = profiles.profile(store, MEASURED, "nl").measurements
    dnssec = {m["subject"]: m for m in measured if m["standard"] == DNSSEC}
    # gm1's mail domain failed DNSSEC on 2025-05-01 and passed on 2025-11-01 (the fixture)
    assert dnssec["https://example.org/meting/mail1"]["on"] == "2025-11-01"
    assert "Gemeten conformiteit" in page(client, "/doc", uri=MEASURED)


def test_digids_page_names_its_manager_and_counts_its_adopters_against_the_target(client, store):
    html = page(client, "/doc/bouwsteen/digid")
    words = text(html)
    assert "<h1>DigiD</h1>" in html
    assert "beheerder: Logius" in words and "affa" not in words
    target = next(r for r in answer(store, "kpi-adoption-rate") if r["buildingBlock"] == DIGID)
    assert f"{target['inProduction']} van {target['targetPopulation']}" in words
    by_type = [r for r in answer(store, "kpi-adoption-rate-by-type") if r["buildingBlock"] == DIGID]
    gemeenten = next(r for r in by_type if r["organisationType"].endswith("/gemeente"))
    profile = profiles.profile(store, DIGID, "nl")
    assert profile.target_by_type == tuple(
        {k: r.get(k) for k in profile.target_by_type[0]} for r in by_type
    )
    adopters = answer(store, "adopters", block=DIGID)
    producing = {a["organisation"] for a in adopters if a["status"] == IN_PRODUCTION}
    assert sum(
        profile.adopted(t, IN_PRODUCTION) for t in {r["organisationType"] for r in by_type}
    ) == len(producing)
    row = re.search(r"<th scope=\"row\">gemeente</th>(.*?)</tr>", html).group(1)
    assert f">{gemeenten['targetPopulation']}</td>" in row
    assert f">{gemeenten['percentage'].replace('.', ',')}&nbsp;%</td>" in row
    dependants = answer(store, "impact", block=DIGID)
    organisations = [d for d in dependants if d["kind"] == "organisation"]
    assert f"Organisaties geraakt bij uitval {len(organisations)}" in words
    assert "Basisregistratie Personen" in words  # DigiD depends on the BRP


def test_the_generic_page_groups_references_and_names_properties(client, store):
    html = page(client, "/doc/bouwsteen/nlx")  # a block: its facts are at the foot
    assert "conformsTo" not in text(html)
    contract = page(client, "/doc/voorbeeld/contract/gm0034/belastingheffing")
    words = text(contract)
    assert "exitclausule" in words.lower() and "AFAS Software" in words
    assert "hasExitClause" not in words and "supplier" not in words
    digid = page(client, "/doc/bouwsteen/digid")
    adoptions = len(answer(store, "adopters", block=DIGID))
    assert re.search(rf"bouwsteen</th><td class=\"num\">{adoptions}</td><td>afname", digid)
    assert digid.count("afname digid · ") <= 5  # a few names, not a row per adoption


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]
)
def test_rdf_is_negotiated_behind_a_profile(client, accept, fmt):
    for path, query in (("/doc/bouwsteen/digid", {}), ("/doc", {"uri": ALMERE})):
        response = client.get(path, query_string=query, headers={"Accept": accept})
        assert response.mimetype == accept
        assert len(Graph().parse(data=response.text, format=fmt)) > 5


def test_a_profile_reads_in_english_by_lang(client):
    dutch = text(page(client, "/doc/bouwsteen/digid", lang="nl"))
    english = text(page(client, "/doc/bouwsteen/digid", lang="en"))
    assert "Afnemers" in dutch and "manager: Logius" in english and "Adopters" in english
    assert "Personal Records Database" in english and "Basisregistratie Personen" not in english
    client.get("/doc/bouwsteen/digid", query_string={"lang": "nl"})  # the cookie back to Dutch


def test_a_standards_page_counts_what_conforms_and_its_deviations(client, store):
    words = text(page(client, "/doc/standaard/https-en-hsts"))
    conforming = answer(store, "standard-conformance", standard=HTTPS)
    blocks = [c for c in conforming if c["kind"].endswith("BuildingBlock")]
    assert f"Bouwstenen die eraan voldoen {len(blocks)}" in words
    deviations = answer(store, "standard-deviations", standard=HTTPS)
    assert deviations and f"Vastgelegde afwijkingen {len(deviations)}" in words
    adoption = [r for r in answer(store, "kpi-standard-adoption") if r["standard"] == DNSSEC]
    measured = profiles.profile(store, DNSSEC, "nl").adoption
    assert [(r["measured"], r["conforming"]) for r in measured] == [
        (r["measured"], r["conforming"]) for r in adoption
    ]


def test_a_standards_page_states_its_version_with_the_forum_page_it_was_read_from(client):
    html = page(client, "/doc/standaard/saml")
    words = text(html)
    assert re.search(r"versie: 2\.0 \( ?bron ?\)", words)
    assert 'href="https://www.forumstandaardisatie.nl/standaard/saml"' in html


def test_a_standards_status_links_to_the_forum_page_it_was_read_from(client):
    html = page(client, "/doc/standaard/pdf-ua", lang="nl")
    assert re.search(
        r"status bij Forum Standaardisatie: aanbevolen \( ?bron: Forum Standaardisatie ?\)",
        text(html),
    )
    assert '<a href="https://www.forumstandaardisatie.nl/standaard/pdfua">bron: Forum' in html
    english = text(page(client, "/doc/standaard/pdf-ua", lang="en"))
    client.get("/doc/standaard/pdf-ua", query_string={"lang": "nl"})  # the cookie back to Dutch
    assert re.search(
        r"status at Forum Standaardisatie: recommended \( ?source: Forum Standaardisatie ?\)",
        english,
    )


def test_a_status_the_decision_tree_implies_links_to_that_list_not_to_a_forum_page(client):
    html = page(client, "/doc/standaard/html", lang="nl")
    assert re.search(
        r"status bij Forum Standaardisatie: pas toe of leg uit "
        r"\( ?bron: lijst van Forum Standaardisatie ?\)",
        text(html),
    )
    assert '<a href="https://github.com/developer-overheid-nl/skills-standaarden">bron:' in html
    assert "bron: Forum Standaardisatie" not in text(html)


def test_a_standard_whose_forum_page_states_no_version_says_so(client):
    words = text(page(client, "/doc/standaard/https-en-hsts"))
    assert "versie: niet vermeld op de pagina van Forum Standaardisatie" in words


def test_a_suppliers_shares_are_those_of_supplier_concentration(client, store):
    shares = profiles.profile(store, RITENSE, "nl").shares
    concentration = [r for r in answer(store, "supplier-concentration") if r["supplier"] == RITENSE]
    key = ("function", "organisationType", "organisations", "total", "percentage")
    assert shares and sorted(tuple(r[k] for k in key) for r in shares) == sorted(
        tuple(r[k] for k in key) for r in concentration
    )


def test_a_picture_of_something_else_names_it_in_its_refusal(client):
    response = client.get("/picture?uri=https://w3id.org/ndsgraph/id/standaard/odf")
    assert response.status_code == 400
    assert "'ODF'" in response.get_data(as_text=True)


def test_an_organisation_without_findings_is_not_said_to_have_had_no_run(client):
    hilversum = text(page(client, "/doc", uri=TOOI_HILVERSUM))
    assert "Nog geen validatierun" not in hilversum
    assert "Geen bevindingen in de validatieruns, de laatste op" in hilversum


def test_counts_of_one_take_the_singular(client):
    """'1 bouwstenen', '1 organisaties', '(1 rows)' were said: one is singular."""
    for path in (f"/doc/bouwsteen/{block}" for block in ("digid", "mijnoverheid", "fsc")):
        for language in ("nl", "en"):
            words = text(page(client, path, lang=language))
            for plural in ("bouwstenen", "organisaties", "applicaties", "building blocks"):
                assert not re.search(rf"(?<![\d,.])1 (<small>)?{plural}\b", words), (path, plural)
    one_run = client.get("/api/queries/runs", headers={"Accept": "text/html"})  # one run here
    assert re.search(r"\(1 (rij|row)\)", text(one_run.text))


def test_a_contracts_hosting_country_is_named_not_coded(client):
    """Contracts showed hosting as IRL, DEU, NLD: countries are loaded with their names."""
    words = text(page(client, "/doc", uri=ALMERE, lang="nl"))
    assert "Ierland" in words or "Duitsland" in words or "Nederland" in words
    assert not re.search(r"\b(IRL|DEU|NLD)\b", words)


@pytest.mark.parametrize(
    ("path", "arguments", "says"),
    [
        ("/doc/begrip/organisatietype/gemeente", {}, "adoptiedoel van"),
        ("/doc", {"uri": "https://identifier.overheid.nl/tooi/id/zbo/zb000195"}, " van "),
        ("/doc/standaard/dnssec", {}, "data.europa.eu"),
    ],
)
def test_nameless_references_are_shown_as_what_they_are_never_as_a_code(
    client, path, arguments, says
):
    html = page(client, path, lang="nl", **arguments)
    assert says in text(html)
    assert not re.findall(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\b", text(html))  # a hash, not an OIN
    for link in re.findall(r'href="/doc\?uri=([^"&]+)', html):
        assert urllib.parse.unquote(link).startswith(("http://", "https://")), link


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("nl", "Afwijking van \u2018Exitclausule\u2019 voor contract belastingheffing (gm0034)"),
        ("en", "Deviation from \u2018Exit clause\u2019 for contract belastingheffing (gm0034)"),
    ],
)
def test_a_deviation_is_named_by_its_rule_and_subject_never_its_slug(client, lang, name):
    """A deviation has no label: its page, and the register's link to it, showed
    "afwijking exit-by-design-belastingheffing"."""
    own = page(client, "/doc/voorbeeld/afwijking/gm0034/exit-by-design-belastingheffing", lang=lang)
    assert re.search(r"<h1>([^<]*)</h1>", own).group(1) == name
    explained = page(client, "/register", explained="true", lang=lang)
    linked = re.findall(r'href="/doc/voorbeeld/afwijking/[^"]+">([^<]*)</a>', explained)
    assert linked and all(n.startswith(name.split("\u2018")[0]) for n in linked), linked


def test_finding_and_run_pages_write_their_times_out_for_people(client, store):
    """They showed 2026-11-30T12:34:56Z."""
    row = answer(store, "register", organisation=ALMERE)[0]
    for iri in (row["finding"], row["recordedBy"]):
        for lang in ("nl", "en"):
            words = text(page(client, "/doc", uri=iri, lang=lang)).replace(iri, "")
            assert not re.search(r"\d{4}-\d{2}-\d{2}", words)
            months = "|".join(MONTHS[lang].split())
            assert re.search(rf"\b\d{{1,2}} ({months}) \d{{4}} \d\d:\d\d\b", words)


def test_a_run_page_says_which_counts_are_the_runs_and_which_the_registers(client, store):
    """A whole-store run showed each count twice, as "aantal bevindingen" and "bevindingen
    in het register", with nothing to tell them apart."""
    run = answer(store, "register", organisation=ALMERE)[0]["recordedBy"]
    for lang, own, whole in (
        ("nl", "bevindingen van de run", "bevindingen in het hele register na de run"),
        ("en", "findings of the run", "findings in the whole register after the run"),
    ):
        words = text(page(client, "/doc", uri=run, lang=lang))
        assert own in words and whole in words, words


def test_text_in_another_language_than_the_page_is_marked_with_its_language(client):
    """DigiD's description is Dutch only: on the English page it says so (lang="nl"); on
    the Dutch page nothing needs marking."""
    english = page(client, "/doc/bouwsteen/digid", lang="en")
    assert re.search(r'<p class="lead"><span lang="nl">Inlogmiddel', english)
    assert '<p class="lead">Inlogmiddel' in page(client, "/doc/bouwsteen/digid", lang="nl")
    almere = page(client, "/doc", uri=ALMERE, lang="en")
    assert '<td><span lang="nl">Voorbeeldmotivering' in almere  # a motivation, Dutch only
    assert 'lang="nl">Afwijkingen' not in almere


@pytest.mark.parametrize(
    ("path", "arguments", "dutch", "english"),
    [
        ("/doc", {"uri": "not an iri"}, "geen IRI: not an iri", "not an IRI: not an iri"),
        ("/doc", {}, "geef de bron als /doc?uri=IRI", "give the resource as /doc?uri=IRI"),
        ("/picture", {"uri": HTTPS}, "is geen bouwsteen en geen organisatie", "is neither a"),
        ("/picture", {}, "geef de bouwsteen of organisatie", "give the building block"),
    ],
)
def test_a_refused_page_says_why_in_the_pages_language(client, path, arguments, dutch, english):
    for lang, says in (("nl", dutch), ("en", english)):
        response = client.get(path, query_string={**arguments, "lang": lang})
        assert response.status_code == 400 and says in response.text


def first(rows: list[dict[str, str]], key: str, shown: int) -> list[dict[str, str]]:
    """The rows of the first ``shown`` values of ``key``, in the answer's order."""
    keys = list(dict.fromkeys(r[key] for r in rows))[:shown]
    return [r for r in rows if r[key] in keys]


def test_every_building_blocks_affected_organisations_are_those_impact_lists(store):
    """Counted from the dependants' organisations and impact-adopters.rq, the
    number is that of impact.rq's organisations, and the dependants listed are its
    building blocks and applications, for every building block of the example landscape."""
    blocks = [
        s["block"].value
        for s in store.query(
            "SELECT ?block WHERE { ?block a <https://w3id.org/ndsgraph/def/BuildingBlock> }"
        )
    ]
    affecting = 0
    for block in blocks:
        impact = answer(store, "impact", block=block)
        profile = profiles.profile(store, block, "nl")
        organisations = {r["affected"] for r in impact if r["kind"] == "organisation"}
        assert profile.affected == len(organisations), block
        affecting += bool(organisations)
        for kind in ("building block", "application"):
            listed = {r["affected"] for r in impact if r["kind"] == kind}
            assert profile.dependants_of(kind).total == len(listed), (block, kind)
    assert len(blocks) > 10 and affecting > 5


def test_a_building_blocks_long_lists_are_their_querys_first_rows_with_its_counts(
    store, monkeypatch
):
    """Ordered and counted here or in two steps (findings), each list is the start of its
    stored query's answer, in its order, and each count that of the whole answer."""
    monkeypatch.setattr(reading, "SHOWN", 2)
    columns = lambda rows, *names: [tuple(r.get(n) for n in names) for r in rows]  # noqa: E731
    zgw, pki = ID + "bouwsteen/zgw-apis", ID + "bouwsteen/pkioverheid"
    profile = profiles.profile(store, zgw, "nl")
    found = answer(store, "findings-about", resource=zgw)
    distinct = list({f["finding"]: f for f in reversed(found)}.values())[::-1]  # first of each
    assert profile.findings.total == len(distinct) > 2
    shown = ("finding", "severity", "firstSeen", "messageNl", "deviation")
    assert columns(profile.findings.rows, *shown) == columns(distinct[:2], *shown)
    agreements = answer(store, "implementation-agreements", block=zgw)
    assert profile.agreements.total == len(agreements) > 2
    assert columns(profile.agreements.rows, "agreement", "status") == columns(
        agreements[:2], "agreement", "status"
    )
    profile = profiles.profile(store, pki, "nl")
    impact = answer(store, "impact", block=pki)
    for kind in ("building block", "application"):
        rows = [r for r in impact if r["kind"] == kind]
        assert profile.dependants_of(kind).total == len(rows) > 2
        assert columns(profile.dependants_of(kind).rows, "affected") == columns(
            rows[:2], "affected"
        )
    assert profile.affected == len([r for r in impact if r["kind"] == "organisation"]) > 2
    adopters = answer(store, "adopters", block=pki)
    in_order = [group.key for group in by_status(adopters)]  # as the organisation's page
    assert [status for status, _ in profile.adopters] == in_order and len(in_order) > 2
    for status, section in profile.adopters:
        rows = [r for r in adopters if r["status"] == status]
        assert section.total == len({r["organisation"] for r in rows})
        assert columns(section.rows, "organisation") == columns(
            first(rows, "organisation", 2), "organisation"
        )


def test_an_organisations_page_shows_its_first_findings_and_the_registers_count(store, monkeypatch):
    """Of more findings than are shown: the first in the register's order, and as many in
    all as the register page filtered on the organisation counts, a link away."""
    monkeypatch.setattr(reading, "SHOWN", 2)
    client = create_app(store).test_client()  # its own answer cache
    found = answer(store, "findings-about", resource=ALMERE)
    first = list({f["finding"]: f for f in reversed(found)}.values())[::-1]  # first of each
    profile = profiles.profile(store, ALMERE, "nl")
    assert [f["finding"] for f in profile.findings.rows] == [f["finding"] for f in first[:2]]
    words = text(html := page(client, "/doc", uri=ALMERE))
    total = profile.findings.total
    assert total == len(first) > 2 and f"Bevindingen nu {total} " in words
    assert f"Geldende bevindingen, onverklaarde eerst ({total})" in words
    assert f"De eerste 2 van {total}. Alle {total} in het afwijkingenregister" in words
    assert 'href="/register?organisation=gm0034"' in html
    shown = text(page(client, "/register", organisation="gm0034"))
    assert f"{total} bevindingen, waarvan" in shown


def test_a_building_blocks_page_shows_the_first_findings_and_links_to_all(store, monkeypatch):
    monkeypatch.setattr(reading, "SHOWN", 2)
    client = create_app(store).test_client()  # its own answer cache
    zgw = ID + "bouwsteen/zgw-apis"
    findings = {f["finding"] for f in answer(store, "findings-about", resource=zgw)}
    words = text(html := page(client, "/doc/bouwsteen/zgw-apis"))
    assert f"Bevindingen nu {len(findings)}" in words
    assert f"Geldende bevindingen ({len(findings)})" in words
    assert f"De eerste 2 van {len(findings)}. Alle {len(findings)} tonen" in words
    link = re.search(r'href="(/api/queries/findings-about\?[^"]+)"', html).group(1)
    whole = client.get(link.replace("&amp;", "&"), headers={"Accept": "application/json"})
    assert {b["finding"]["value"] for b in whole.json["results"]["bindings"]} == findings


@pytest.mark.parametrize(
    ("iri", "name", "parameter"),
    [(DIGID, "dependency-picture", "block"), (ALMERE, "landscape-picture", "organisation")],
)
def test_a_cut_picture_draws_edges_of_its_stored_query_in_its_order(
    store, monkeypatch, iri, name, parameter
):
    """A picture orders its edges itself (``ordering``), as its stored query's ORDER BY; a
    dependency picture reads each branch only as far as it can draw (``branches_limited``),
    so when cut it draws as many edges as it may, each one of the query's, in its order."""
    monkeypatch.setattr(pictures, "MAX_EDGES", 5)
    drawn = pictures.picture(store, iri, "nl")
    rows = answer(store, name, **{parameter: iri})
    assert drawn.truncated and len(rows) > 5
    place = {(r["source"], r["relation"], r["target"]): i for i, r in enumerate(rows)}
    edges = [(e.source, e.relation, e.target) for e in drawn.edges]
    assert len(edges) == 5 and all(edge in place for edge in edges)
    assert [place[edge] for edge in edges] == sorted(place[edge] for edge in edges)


TWICE_ADOPTED = f"""
PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
PREFIX status: <https://w3id.org/ndsgraph/id/begrip/status/>
INSERT DATA {{ GRAPH <https://example.org/inzending/gm0034> {{
  <https://example.org/afname/digid> a ndsg:Adoption ; ndsg:organisation <{ALMERE}> ;
      ndsg:buildingBlock <{ID}bouwsteen/digid> ; ndsg:adoptionStatus status:in-productie .
  <https://example.org/afname/zgw> a ndsg:Adoption ; ndsg:organisation <{ALMERE}> ;
      ndsg:buildingBlock <{ID}bouwsteen/zgw-apis> ; ndsg:adoptionStatus status:in-productie ;
      ndsg:productionDate "2026-03-01"^^<http://www.w3.org/2001/XMLSchema#date> .
  <https://example.org/afname/mijnoverheid> a ndsg:Adoption ; ndsg:organisation <{ALMERE}> ;
      ndsg:buildingBlock <{ID}bouwsteen/mijnoverheid> ;
      ndsg:adoptionStatus status:in-implementatie .
}} }}
"""


def test_an_organisation_whose_adoption_two_graphs_record_is_one_adopter_on_the_blocks_page():
    """DigiD's page listed "gemeente Almere sinds 21 oktober 2019" and "… sinds 1 juni 2012"
    under "in productie: 25 organisaties" (26 entries) after Almere submitted its DigiD."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    store.update(TWICE_ADOPTED)
    profile = profiles.profile(store, ID + "bouwsteen/digid", "nl")
    for _, section in profile.adopters:
        organisations = [row["organisation"] for row in section.rows]
        assert len(organisations) == len(set(organisations)) == min(section.total, reading.SHOWN)
    adopters = answer(store, "adopters", block=ID + "bouwsteen/digid")
    assert sum(row["organisation"] == ALMERE for row in adopters) == 2  # two records, one adopter


def test_a_block_adopted_in_two_graphs_is_one_row_with_the_kpis_status():
    """Almere read "in productie 16 van de 30 … 46,7 %" beside "14 van de 30": DigiD twice, and
    ZGW both in implementation and in production, when a second graph recorded them."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    store.update(TWICE_ADOPTED)
    register.judge_all(store)
    profile = profiles.profile(store, ALMERE, "nl")
    rows = [row["block"] for group in profile.adoptions for row in group.rows]
    assert len(rows) == len(set(rows))
    statuses = {row["block"]: group.key for group in profile.adoptions for row in group.rows}
    assert statuses[ID + "bouwsteen/zgw-apis"] == IN_PRODUCTION  # in production wins, as KPIs
    assert statuses[ID + "bouwsteen/mijnoverheid"].endswith("/in-implementatie")  # furthest
    producing = next(g for g in profile.adoptions if g.key == IN_PRODUCTION).rows
    c = profile.comparison
    assert round(100 * c.in_production / c.meant, 1) == c.share
    meant = {r["buildingBlock"] for r in answer(store, "kpi-adoption-rate") if r.get("percentage")}
    assert c.in_production == len({r["block"] for r in producing} & meant)
    words = text(create_app(store).test_client().get("/doc", query_string={"uri": ALMERE}).text)
    counted = "" if c.in_production == len(producing) else f" waarvan {c.in_production}"
    figures = f"{len(producing)}{counted} van de {c.meant} bedoeld voor gemeenten"
    assert f"Bouwstenen in productie {figures}" in words
    assert (
        f"heeft {c.in_production} van de {c.meant} bouwstenen die bedoeld zijn voor gemeenten"
        in words
    )
    assert f"staat gemeente Almere op plaats {c.rank};" in words
    assert f"in productie ({len(producing)})" in words


def test_the_status_iris_sort_in_the_lifecycles_order():
    """organisation-adoptions.rq takes the greatest status IRI as the one furthest along."""
    lifecycle = ["gepland", "in-implementatie", "in-productie", "uit-te-faseren", "uitgefaseerd"]
    statuses = queries.concepts("status")
    assert sorted(statuses) == sorted(lifecycle)
    assert sorted(statuses[s].value for s in lifecycle) == [statuses[s].value for s in lifecycle]


def test_a_summarised_picture_counts_the_applications_its_stored_query_gives(store):
    """Above its number of applications, a building block's picture draws the applications that
    depend on it per organisation type of who runs them: together exactly the applications of
    dependency-picture.rq's "runs" rows, none of them a node, the rest of its edges kept."""
    drawn = pictures.picture(store, DIGID, "nl", applications=0)
    rows = answer(store, "dependency-picture", block=DIGID)
    applications = {r["target"] for r in rows if r["relation"] == "runs"}
    assert applications and drawn.summaries
    assert sum(s.applications for s in drawn.summaries) == len(applications)
    assert not applications & {n.iri for n in drawn.nodes}
    assert {(e.source, e.relation, e.target) for e in drawn.edges} == {
        (r["source"], r["relation"], r["target"])
        for r in rows
        if r["relation"] != "runs" and not {r["source"], r["target"]} & applications
    }
    uses = {r["source"] for r in rows if r["relation"] == "dependsOn" and r["target"] == DIGID}
    assert sum(e.count for s in drawn.summaries for e in s.edges if e.target == DIGID) == len(
        uses & applications
    )


def test_a_summarised_picture_says_so_and_lists_its_summaries(store):
    client = create_app(store, ServerSettings(picture_applications=0)).test_client()
    drawn = pictures.picture(store, DIGID, "nl", applications=0)
    words = text(page(client, "/picture", uri=DIGID))
    total = sum(s.applications for s in drawn.summaries)
    assert f"De {total} applicaties die van DigiD afhangen, staan per organisatietype" in words
    assert f"Samengevatte applicaties ({len(drawn.summaries)})" in words
    for summary in drawn.summaries:
        assert summary.label.startswith(f"{summary.applications} applicatie")
        assert summary.label in words


def test_a_picture_is_cut_only_where_a_branch_had_more_than_it_read(store, monkeypatch):
    """The limit holds per branch of the query: a relation whose branches together read more
    than it, each fewer, is whole (it said "the first 0 edges"); one that had more says
    "at least" of its applications."""
    rows = answer(store, "dependency-picture", block=DIGID)
    depends = sum(r["relation"] == "dependsOn" for r in rows)
    largest = max(
        len(list(store.query(sparql_text.branches_limited(branch, pictures.EDGE, 10**6))))
        for relation, branches in sparql_text.branches_by(
            sparql_text.unordered(
                sparql_text.inlined(queries.stored("dependency-picture").text, "block", DIGID)
            )[0],
            "relation",
        ).items()
        if relation == "dependsOn"
        for branch in branches
    )
    assert largest < depends  # the relation has more rows than its largest branch
    monkeypatch.setattr(pictures, "MAX_READ", largest)
    whole = pictures.picture(store, DIGID, "nl", applications=0)
    assert not whole.truncated and sum(s.applications for s in whole.summaries) > 0
    assert not any(s.label.startswith("ten minste") for s in whole.summaries)
    monkeypatch.setattr(pictures, "MAX_READ", 1)
    cut = pictures.picture(store, DIGID, "nl", applications=0)
    assert cut.truncated and all(s.label.startswith("ten minste") for s in cut.summaries)
    assert all(s.at_least for s in cut.summaries)


def test_what_a_summary_points_at_is_drawn(store, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_EDGES", 1)
    drawn = pictures.picture(store, DIGID, "nl", applications=0)
    ids = {s.id for s in drawn.summaries}
    ends = {end for s in drawn.summaries for e in s.edges for end in (e.source, e.target)}
    assert ends - ids and ends - ids <= {n.iri for n in drawn.nodes}
    # cut where it is drawn, not where the applications are counted: their number is whole
    assert drawn.truncated and not any(s.at_least for s in drawn.summaries)
