"""internet.nl batch results in (API v1.1 and v2): test sets as data, one measurement per
domain and measured standard, unmapped and unmeasured domains reported, rescans kept as
history, the register judging the latest measurement, and malformed input refused whole."""

import gc
import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from rdflib import Graph

from ndsgraph import register, terms, validation
from ndsgraph.errors import InputError, QueryError, StoreError
from ndsgraph.importers import internetnl
from ndsgraph.intake import imports, rdfio
from ndsgraph.intake.submissions import Submissions
from ndsgraph.intake.submitters import Submitter
from ndsgraph.register import about, kpi, national_run
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.validation import frameworks
from ndsgraph.vocabulary import COUNTS_GRAPH

from .conftest import DATA

FIXTURES = DATA / "internetnl"
WEB_V11, MAIL_V11 = FIXTURES / "web-v1.1.json", FIXTURES / "mail-v1.1.json"
WEB_V2, MAIL_V2 = FIXTURES / "web-v2.json", FIXTURES / "mail-v2.json"
BOTH = (WEB_V2, MAIL_V2)
DOMAINS = FIXTURES / "domains.csv"
STANDARD = "https://w3id.org/ndsgraph/id/standaard/"
RULE = "https://w3id.org/ndsgraph/id/regel/pas-toe-of-leg-uit/gemeten-standaard"
WEBSITE = "https://w3id.org/ndsgraph/id/website/"
MAIL = "https://w3id.org/ndsgraph/id/maildomein/"
GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
MEASUREMENTS = """
    PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
    SELECT ?subject ?standard ?verdict ?day ?g (GROUP_CONCAT(?test; separator=",") AS ?failed)
    WHERE { GRAPH ?g { ?m a ndsg:Measurement ; ndsg:measuredSubject ?subject ;
                          ndsg:measuredStandard ?standard ; ndsg:verdict ?verdict ;
                          ndsg:measuredOn ?day . OPTIONAL { ?m ndsg:failedTest ?test } } }
    GROUP BY ?subject ?standard ?verdict ?day ?g"""

# the issue's table: standard -> its internet.nl tests
ISSUE_TABLE = {
    "dnssec": "web_dnssec_exist web_dnssec_valid mail_dnssec_mailto_exist "
    "mail_dnssec_mailto_valid mail_dnssec_mx_exist mail_dnssec_mx_valid",
    "https-en-hsts": "web_https_http_available web_https_http_redirect web_https_http_hsts",
    "tls": "web_https_tls_version web_https_tls_ciphers web_https_tls_keyexchange "
    "web_https_tls_compress web_https_tls_secreneg web_https_tls_clientreneg "
    "web_https_cert_chain web_https_cert_pubkey web_https_cert_sig web_https_cert_domain",
    "ipv6": "web_ipv6_ns_address web_ipv6_ns_reach web_ipv6_ws_address web_ipv6_ws_reach "
    "web_ipv6_ws_similar mail_ipv6_ns_address mail_ipv6_ns_reach mail_ipv6_mx_address "
    "mail_ipv6_mx_reach",
    "dkim": "mail_auth_dkim_exist",
    "spf": "mail_auth_spf_exist mail_auth_spf_policy",
    "dmarc": "mail_auth_dmarc_exist mail_auth_dmarc_policy",
    "starttls-en-dane": "mail_starttls_tls_available mail_starttls_dane_exist "
    "mail_starttls_dane_valid",
    "rpki": "web_rpki_exists web_rpki_valid web_ns_rpki_exists web_ns_rpki_valid "
    "mail_rpki_exists mail_rpki_valid mail_ns_rpki_exists mail_ns_rpki_valid "
    "mail_mx_ns_rpki_exists mail_mx_ns_rpki_valid",
    "security-txt": "web_appsecpriv_securitytxt",
}


@pytest.fixture
def store() -> OxigraphStore:
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    return store


def imported(store: OxigraphStore, home: Path, *files: Path) -> internetnl.Summary:
    batches, mapping = internetnl.read_files(list(files), DOMAINS)
    return internetnl.import_batches(store, home, batches, mapping)


def measurements(store: OxigraphStore) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(domain IRI, standard local name, day) -> (verdict, failed tests)."""
    return {
        (r["subject"].value, r["standard"].value.removeprefix(STANDARD), r["day"].value): (
            r["verdict"].value.rsplit("/", 1)[1],
            r["failed"].value if r["failed"] is not None else "",
        )
        for r in store.query(MEASUREMENTS)
    }


def measured_findings(store: OxigraphStore) -> dict[tuple[str, str], bool]:
    """The register's findings of the measured-standard rule: (subject, standard) -> explained."""
    return {
        (r["subject"].value, r["value"].value.removeprefix(STANDARD)): r["explained"].value
        == "true"
        for r in queries.run(store, queries.stored("register"))
        if r["rule"].value == RULE
    }


def first_seen_times(store: OxigraphStore) -> dict[tuple[str, str], str]:
    """The register's findings of the measured-standard rule: (subject, standard) -> when
    first seen."""
    return {
        (r["subject"].value, r["value"].value): r["firstSeen"].value
        for r in queries.run(store, queries.stored("register"))
        if r["rule"].value == RULE
    }


def graph_sizes(store: OxigraphStore) -> dict[str, int]:
    return dict(store.graphs())


def measurement_graphs(store: OxigraphStore) -> set[str]:
    return {g for g in store.graphs() if "/graph/meting/" in g}


def test_the_test_sets_are_the_issues_table_read_from_the_data():
    assert internetnl.test_sets() == {
        STANDARD + name: frozenset(tests.split()) for name, tests in ISSUE_TABLE.items()
    }


@pytest.mark.parametrize(
    ("path", "kind", "day", "domains"),
    [
        (WEB_V11, "web", "2024-05-01", 5),
        (MAIL_V11, "mail", "2024-05-02", 2),
        (WEB_V2, "web", "2024-11-01", 2),
        (MAIL_V2, "mail", "2024-11-02", 1),
    ],
)
def test_both_api_versions_are_read_as_web_or_mail_batches(path, kind, day, domains):
    batch = internetnl.read_batch(path.read_bytes(), str(path))
    assert (batch.kind, batch.day.isoformat(), len(batch.domains)) == (kind, day, domains)
    assert batch.graph.startswith("https://w3id.org/ndsgraph/graph/meting/internetnl/")


def test_each_measured_domain_gets_one_measurement_per_measured_standard(store, tmp_path):
    summary = imported(store, tmp_path, WEB_V11, MAIL_V11)
    found = measurements(store)
    amsterdam, utrecht = WEBSITE + "www.amsterdam.nl", WEBSITE + "www.utrecht.nl"
    assert found[(amsterdam, "https-en-hsts", "2024-05-01")] == (
        "voldoet-niet",
        "web_https_http_hsts",
    )
    for standard in ("dnssec", "tls", "ipv6"):
        assert found[(amsterdam, standard, "2024-05-01")][0] == "voldoet"
    # v1.1 has no RPKI or security.txt tests; utrecht's ipv6 tests were not in its results
    assert {s for d, s, _ in found if d == amsterdam} == {"dnssec", "https-en-hsts", "tls", "ipv6"}
    assert (utrecht, "ipv6", "2024-05-01") not in found
    mail = MAIL + "amsterdam.nl"
    assert found[(mail, "dmarc", "2024-05-02")] == ("voldoet-niet", "mail_auth_dmarc_policy")
    assert {s for d, s, _ in found if d == mail} == {
        "dnssec",
        "ipv6",
        "dkim",
        "spf",
        "dmarc",
        "starttls-en-dane",
    }
    assert summary.verdicts == Counter({"voldoet": 17, "voldoet-niet": 2})
    kinds = {
        r["d"].value: r["t"].value.rsplit("/", 1)[1]
        for r in store.query(
            "SELECT ?d ?t WHERE { ?d <https://w3id.org/ndsgraph/def/organisation> "
            f"<{GM0363}> ; a ?t FILTER(?t != <http://www.w3.org/ns/org#Organization>) }}"
        )
    }
    assert kinds[amsterdam] == "WebDomain" and kinds[mail] == "MailDomain"


def test_v2_statuses_not_tested_and_error_are_not_measured_warning_is_not_passed(store, tmp_path):
    imported(store, tmp_path, WEB_V2, MAIL_V2)
    found = measurements(store)
    web, mail = WEBSITE + "www.amsterdam.nl", MAIL + "amsterdam.nl"
    assert found[(web, "ipv6", "2024-11-01")][0] == "voldoet"  # web_ipv6_ws_similar not tested
    assert found[(web, "security-txt", "2024-11-01")] == (
        "voldoet-niet",
        "web_appsecpriv_securitytxt",
    )
    assert found[(web, "rpki", "2024-11-01")] == ("voldoet-niet", "web_ns_rpki_valid")
    assert found[(mail, "rpki", "2024-11-02")][0] == "voldoet"
    # all STARTTLS tests not tested, the DKIM test an error: neither standard measured
    assert {s for d, s, _ in found if d == mail} == {"dnssec", "ipv6", "spf", "dmarc", "rpki"}


def test_every_test_set_is_measured_by_the_fixtures(store, tmp_path):
    imported(store, tmp_path, WEB_V11, MAIL_V11, WEB_V2, MAIL_V2)
    assert {s for _, s, _ in measurements(store)} == set(ISSUE_TABLE)


def test_unmapped_unknown_and_unmeasured_domains_are_reported_and_import_nothing(store, tmp_path):
    summary = imported(store, tmp_path, WEB_V11, WEB_V2)
    assert summary.unmapped == ["onbekend.example.nl"]
    assert summary.unknown_organisations == {
        "elders.nl": "https://identifier.overheid.nl/tooi/id/gemeente/gm9999"
    }
    assert summary.not_measured == ["kapot.utrecht.nl (web)", "www.utrecht.nl (web)"]
    subjects = {d for d, _, _ in measurements(store)}
    assert subjects == {WEBSITE + "www.amsterdam.nl", WEBSITE + "www.utrecht.nl"}
    named = store.query(
        "ASK { ?s ?p ?o FILTER(CONTAINS(STR(?s), 'onbekend') || CONTAINS(STR(?s), 'elders')"
        " || CONTAINS(STR(?s), 'kapot')) }"
    )
    assert not bool(named)


INVENTED = DATA / "invented-organisation.ttl"
ACME = "https://example.org/invented/acme"
CENTRIC = "https://w3id.org/ndsgraph/id/leverancier/centric"


def test_an_invented_organisation_or_a_supplier_is_not_a_known_organisation(store, tmp_path):
    bundled.load_file(store, INVENTED, "https://example.org/graph/submitted")
    domains = _write(
        tmp_path,
        "d.csv",
        f"domain,organisation\nwww.amsterdam.nl,{ACME}\nwww.utrecht.nl,{CENTRIC}\n".encode(),
    )
    batches, mapping = internetnl.read_files([WEB_V2], domains)
    summary = internetnl.import_batches(store, tmp_path, batches, mapping)
    assert summary.unknown_organisations == {"www.amsterdam.nl": ACME, "www.utrecht.nl": CENTRIC}
    assert summary.measured == [] and not measurements(store)


def test_the_graph_names_its_source_batch_and_kind_of_evidence(store, tmp_path):
    summary = imported(store, tmp_path, WEB_V2)
    [graph] = summary.graphs
    assert graph == (
        "https://w3id.org/ndsgraph/graph/meting/internetnl/c1b2c3d4e5f60718293a4b5c6d7e8f90"
    )
    ask = f"""PREFIX dct: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        ASK {{ GRAPH <{graph}> {{ <{graph}> a <http://rdfs.org/ns/void#Dataset> ;
               dct:source <https://internet.nl/> ; prov:wasGeneratedBy ?batch ;
               ndsg:evidenceKind <https://w3id.org/ndsgraph/id/begrip/bewijs/gemeten> .
             ?batch a ndsg:MeasurementBatch ; ndsg:measuredOn "2024-11-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
               dct:identifier "c1b2c3d4e5f60718293a4b5c6d7e8f90" }} }}"""
    assert bool(store.query(ask))


def test_a_conforming_domain_has_no_finding_a_failing_one_has_one_per_standard(store, tmp_path):
    imported(store, tmp_path, WEB_V11, MAIL_V11)
    assert measured_findings(store) == {
        (WEBSITE + "www.amsterdam.nl", "https-en-hsts"): False,
        (MAIL + "amsterdam.nl", "dmarc"): False,
    }
    [message] = [
        r["messageEn"].value
        for r in queries.run(store, queries.stored("register"))
        if r["rule"].value == RULE and "dmarc" in r["value"].value
    ]
    assert "amsterdam.nl" in message and "DMARC" in message
    assert "mail_auth_dmarc_policy" in message


def test_a_rescan_changes_the_verdict_and_keeps_both_measurements(store, tmp_path):
    imported(store, tmp_path, WEB_V11)
    first = measurement_graphs(store)
    imported(store, tmp_path, WEB_V2)
    assert len(measurement_graphs(store)) == 2 and first < measurement_graphs(store)
    https = {
        k[2]: v[0]
        for k, v in measurements(store).items()
        if k[:2] == (WEBSITE + "www.amsterdam.nl", "https-en-hsts")
    }
    assert https == {"2024-05-01": "voldoet-niet", "2024-11-01": "voldoet"}
    assert set(measured_findings(store)) == {
        (WEBSITE + "www.amsterdam.nl", "rpki"),
        (WEBSITE + "www.amsterdam.nl", "security-txt"),
    }


def test_an_earlier_batch_imported_later_does_not_replace_the_latest_verdict(store, tmp_path):
    imported(store, tmp_path, WEB_V2)
    imported(store, tmp_path, WEB_V11)  # spring's results, after autumn's
    assert (WEBSITE + "www.amsterdam.nl", "https-en-hsts") not in measured_findings(store)
    assert len(measured_findings(store)) == 2


def _rescanned(identifier: str, finished: str):
    """WEB_V2 rescanned as batch ``identifier`` finished at ``finished``: every test passes."""

    def change(document: dict) -> None:
        document["request"].update(request_id=identifier, finished_date=finished)
        for entry in document["domains"].values():
            for outcome in entry.get("results", {}).get("tests", {}).values():
                if outcome["status"] in internetnl.NOT_PASSED:
                    outcome["status"] = "passed"

    return change


def gm0363_adoption(store: OxigraphStore) -> dict[str, tuple[int, int]]:
    """kpi-standard-adoption for gemeenten (only gm0363's domains are measured): standard
    local name -> (measured, conforming)."""
    return {
        r["standard"].value.removeprefix(STANDARD): (
            int(r["measured"].value),
            int(r["conforming"].value),
        )
        for r in queries.run(store, queries.stored("kpi-standard-adoption"))
        if r["organisationType"].value.endswith("/gemeente")
    }


@pytest.mark.parametrize("rescan_first", [False, True])
def test_of_two_batches_on_one_day_the_later_one_is_the_latest(store, tmp_path, rescan_first):
    afternoon = _changed(WEB_V2, tmp_path, _rescanned("afternoon", "2024-11-01T16:00:00+01:00"))
    for path in [afternoon, WEB_V2] if rescan_first else [WEB_V2, afternoon]:
        imported(store, tmp_path, path)
    assert measured_findings(store) == {}  # the morning's rpki and security.txt failures
    assert gm0363_adoption(store)["rpki"] == gm0363_adoption(store)["security-txt"] == (1, 1)


@pytest.mark.parametrize(("identifier", "latest_fails"), [("0" * 32, True), ("f" * 32, False)])
def test_of_two_batches_at_one_moment_one_is_the_latest_for_the_rule_and_the_kpi(
    store, tmp_path, identifier, latest_fails
):
    """WEB_V2's identifier is c1b2…: at the same moment the greater IRI is the latest."""
    same = _changed(WEB_V2, tmp_path, _rescanned(identifier, "2024-11-01T12:00:00Z"))
    imported(store, tmp_path, WEB_V2, same)
    failing = {
        (WEBSITE + "www.amsterdam.nl", "rpki"),
        (WEBSITE + "www.amsterdam.nl", "security-txt"),
    }
    assert set(measured_findings(store)) == (failing if latest_fails else set())
    conforming = 0 if latest_fails else 1
    assert (
        gm0363_adoption(store)["rpki"] == gm0363_adoption(store)["security-txt"] == (1, conforming)
    )


def _later(identifier: str, finished: str):
    """WEB_V2 scanned again as batch ``identifier`` finished at ``finished``: the same results."""

    def change(document: dict) -> None:
        document["request"].update(request_id=identifier, finished_date=finished)

    return change


def measured_history(store: OxigraphStore) -> list[tuple[str, str]]:
    """The finding records of the measured-standard rule, in force or ended: (subject, when it
    ended; empty while in force)."""
    history = kpi.result(store, "finding-history")
    rows = [dict(zip(history.columns, row, strict=True)) for row in history.rows]
    return sorted((r["subject"], r["until"]) for r in rows if r["rule"] == RULE)


def test_a_rescan_with_the_same_results_carries_the_findings_on_as_one_record_each(store, tmp_path):
    imported(store, tmp_path, WEB_V2)
    first_seen, rows = first_seen_times(store), register_rows(store)
    rescan = _changed(WEB_V2, tmp_path, _later("spring", "2025-05-01T12:00:00Z"))
    imported(store, tmp_path, rescan)
    assert len(measurement_graphs(store)) == 2
    assert first_seen_times(store) == first_seen and register_rows(store) == rows
    amsterdam = WEBSITE + "www.amsterdam.nl"
    assert measured_history(store) == [(amsterdam, ""), (amsterdam, "")]


def test_a_rescan_that_fails_other_tests_records_the_finding_anew_since_it_was_first_seen(
    store, tmp_path
):
    imported(store, tmp_path, WEB_V2)
    first_seen = first_seen_times(store)
    fixed = _later("spring", "2025-05-01T12:00:00Z")

    def change(document: dict) -> None:  # the name server's RPKI fixed, the web server's broken
        fixed(document)
        tests = document["domains"]["www.amsterdam.nl"]["results"]["tests"]
        tests["web_ns_rpki_valid"]["status"], tests["web_rpki_valid"]["status"] = "passed", "failed"

    imported(store, tmp_path, _changed(WEB_V2, tmp_path, change))
    assert first_seen_times(store) == first_seen
    [message] = [
        r["messageEn"].value
        for r in queries.run(store, queries.stored("register"))
        if r["rule"].value == RULE and r["value"].value == STANDARD + "rpki"
    ]
    assert "web_rpki_valid" in message and "web_ns_rpki_valid" not in message
    ended = [until for _, until in measured_history(store) if until]
    assert len(ended) == 1  # the rpki finding's first record; security.txt's carries on


def test_a_finding_that_ended_and_comes_back_keeps_when_it_was_first_seen(store, tmp_path):
    """An import reads when findings were first seen from the records in force and those
    ended (register-records.rq with ?ended): a deviation fixed in spring and back in autumn
    is the same deviation, first seen when it first was."""
    imported(store, tmp_path, WEB_V2)
    first_seen = first_seen_times(store)
    spring, autumn = tmp_path / "spring", tmp_path / "autumn"
    spring.mkdir(), autumn.mkdir()
    fixed = _rescanned("spring", "2025-05-01T12:00:00Z")
    imported(store, tmp_path, _changed(WEB_V2, spring, fixed))
    assert first_seen_times(store) == {}
    imported(store, tmp_path, _changed(WEB_V2, autumn, _later("autumn", "2025-11-01T12:00:00Z")))
    assert first_seen_times(store) == first_seen != {}


def test_an_import_whose_judging_fails_stays_marked_until_a_whole_store_run(
    store, tmp_path, monkeypatch
):
    """Its graphs are written while it is judged: a judging that fails (the store's failure,
    the files were checked before) leaves them stored and the register marked, and an import
    that ends well after it must not take the mark away."""

    def broken(*_: object, **__: object) -> None:
        raise QueryError("query evaluation: the server went away")

    monkeypatch.setattr(imports, "judge", broken)
    with pytest.raises(StoreError) as error:
        imported(store, tmp_path, WEB_V2)
    assert "next whole-store run" in str(error.value) and "went away" in str(error.value)
    assert measurement_graphs(store) and register.unjudged(tmp_path)
    monkeypatch.undo()
    imported(store, tmp_path, MAIL_V2)
    assert register.unjudged(tmp_path)
    national_run.run(store, tmp_path)
    assert not register.unjudged(tmp_path)


def test_a_rescan_that_leaves_a_standard_unmeasured_keeps_its_earlier_finding_in_force(
    store, tmp_path
):
    """The rescan is later than every measurement stored, yet it is judged with them: the
    domain's latest security.txt measurement is still autumn's, which failed."""
    imported(store, tmp_path, WEB_V2)
    first_seen = first_seen_times(store)
    later = _later("spring", "2025-05-01T12:00:00Z")

    def change(document: dict) -> None:  # RPKI fixed, security.txt not tested this time
        later(document)
        tests = document["domains"]["www.amsterdam.nl"]["results"]["tests"]
        tests["web_ns_rpki_valid"]["status"] = "passed"
        tests["web_appsecpriv_securitytxt"]["status"] = "not_tested"

    imported(store, tmp_path, _changed(WEB_V2, tmp_path, change))
    amsterdam = WEBSITE + "www.amsterdam.nl"
    assert measured_findings(store) == {(amsterdam, "security-txt"): False}
    assert first_seen_times(store) == {
        k: v for k, v in first_seen.items() if k[1] == STANDARD + "security-txt"
    }
    assert gm0363_adoption(store)["security-txt"] == (1, 0)
    assert gm0363_adoption(store)["rpki"] == (1, 1)


def test_importing_a_batch_again_replaces_its_own_graph(store, tmp_path):
    imported(store, tmp_path, WEB_V2)
    before, count = measurement_graphs(store), len(measurements(store))
    imported(store, tmp_path, WEB_V2)
    assert measurement_graphs(store) == before and len(measurements(store)) == count


def test_batches_imported_again_together_replace_their_own_graphs_in_one_run(store, tmp_path):
    """One import of several batches is one run, judged as the store is with all of them in
    place of their graphs: what their earlier versions said (here: the failures they
    corrected) is read from none of them."""

    def statuses(becomes: str):  # the same batch, every measured test with that status
        def change(document: dict) -> None:
            for entry in document["domains"].values():
                for outcome in entry.get("results", {}).get("tests", {}).values():
                    if outcome["status"] not in internetnl.NOT_MEASURED:
                        outcome["status"] = becomes

        return change

    register.judge_all(store)
    first, again = tmp_path / "first", tmp_path / "again"
    first.mkdir(), again.mkdir()
    failing = imported(store, tmp_path, *(_changed(p, first, statuses("failed")) for p in BOTH))
    assert len(failing.runs) == 1
    kinds = {subject.rsplit("/", 2)[1] for subject, _ in measured_findings(store)}
    assert kinds == {"website", "maildomein"}  # each batch has failures to correct
    graphs = measurement_graphs(store)
    summary = imported(store, tmp_path, *(_changed(p, again, statuses("passed")) for p in BOTH))
    assert len(summary.runs) == 1 and set(summary.graphs) == graphs == measurement_graphs(store)
    assert measured_findings(store) == {}
    after_imports = register_rows(store)
    register.judge_all(store)
    assert register_rows(store) == after_imports


def test_an_import_runs_with_the_cyclic_collector_paused_and_leaves_it_on(
    store, tmp_path, monkeypatch
):
    """Its full collections of the whole heap stopped every thread of an import (a tenth of
    a rescan's time); reference counting frees what it drops."""
    seen = []
    reading = register.in_force
    monkeypatch.setattr(register, "in_force", lambda *a: seen.append(gc.isenabled()) or reading(*a))
    gc.enable()
    imported(store, tmp_path, WEB_V2, MAIL_V2)
    assert seen == [False] and gc.isenabled()


def test_a_valid_deviation_of_the_organisation_for_the_standard_explains_it(store, tmp_path):
    deviation = FIXTURES / "deviation.ttl"
    quads = rdfio.parse(deviation.read_bytes(), ox_turtle(), source=str(deviation))
    store.replace_graph("https://example.org/graph/gm0363", [q.triple for q in quads])
    imported(store, tmp_path, WEB_V2)
    assert measured_findings(store) == {
        (WEBSITE + "www.amsterdam.nl", "security-txt"): True,
        (WEBSITE + "www.amsterdam.nl", "rpki"): False,
    }


@pytest.mark.parametrize(
    ("about", "explained"),
    [
        (None, True),  # the whole rule: every measured finding of the organisation
        (WEBSITE + "www.amsterdam.nl", True),  # the domain
        (STANDARD + "dnssec", False),  # another standard: neither of the findings
    ],
)
def test_a_deviation_explains_the_findings_it_names_or_all_of_its_rule(
    store, tmp_path, about, explained
):
    deviation = (FIXTURES / "deviation.ttl").read_text()
    subject = f"ndsg:subject <{about}> ;" if about else ""
    text = deviation.replace(
        "ndsg:subject <https://w3id.org/ndsgraph/id/standaard/security-txt> ;", subject
    )
    quads = rdfio.parse(text.encode(), ox_turtle(), source="deviation.ttl")
    store.replace_graph("https://example.org/graph/gm0363", [q.triple for q in quads])
    imported(store, tmp_path, WEB_V2)
    assert measured_findings(store) == {
        (WEBSITE + "www.amsterdam.nl", "security-txt"): explained,
        (WEBSITE + "www.amsterdam.nl", "rpki"): explained,
    }


def test_a_deviation_submitted_or_withdrawn_after_an_import_is_in_the_register_at_once(
    store, tmp_path
):
    """The domain is no subject of the submitter's graph: its measured finding is explained
    (and no longer) by the submission that records (or changes) the deviation."""
    imported(store, tmp_path, WEB_V2)
    first_seen = first_seen_times(store)
    submissions = Submissions(store, tmp_path)
    text = (FIXTURES / "deviation.ttl").read_text()
    for standard, explained in (("security-txt", True), ("dnssec", False)):
        changed = text.replace("/standaard/security-txt>", f"/standaard/{standard}>")
        quads = rdfio.parse(changed.encode(), ox_turtle(), source="deviation.ttl")
        outcome = submissions.submit(Submitter(GM0363), [q.triple for q in quads])
        assert outcome.accepted
        assert measured_findings(store) == {
            (WEBSITE + "www.amsterdam.nl", "security-txt"): explained,
            (WEBSITE + "www.amsterdam.nl", "rpki"): False,
        }
        assert first_seen_times(store) == first_seen  # the same findings, explained anew


def register_rows(store: OxigraphStore) -> set[tuple]:
    """The register in force: (subject, rule, value, organisation, explained, message)."""
    names = ("subject", "rule", "value", "organisation", "explained", "deviation", "messageEn")
    return {
        tuple(r[n].value if r[n] is not None else None for n in names)
        for r in queries.run(store, queries.stored("register"))
    }


def test_the_register_after_imports_is_what_a_whole_store_run_finds(store, tmp_path):
    deviation = FIXTURES / "deviation.ttl"
    quads = rdfio.parse(deviation.read_bytes(), ox_turtle(), source=str(deviation))
    store.replace_graph("https://example.org/graph/gm0363", [q.triple for q in quads])
    register.judge_all(store)
    imported(store, tmp_path, WEB_V11, MAIL_V11)
    imported(store, tmp_path, WEB_V2)  # a rescan of the websites
    same_day = _changed(MAIL_V2, tmp_path, _rescanned("mail-evening", "2024-11-02T20:00:00Z"))
    imported(store, tmp_path, same_day, MAIL_V2)  # two of one day, the later one first
    imported(store, tmp_path, WEB_V11)  # an earlier batch again
    after_imports = register_rows(store)
    assert any(row[1] == RULE and row[4] == "true" for row in after_imports)
    register.judge_all(store)
    assert register_rows(store) == after_imports


def kept_figures(store: OxigraphStore) -> dict[str, tuple[int, list[str]]]:
    """The kept figures in force: resource -> (number of findings, its first records)."""
    return {
        resource: (kept.figure.number, [e.record for e in kept.figure.first])
        for resource, kept in about.kept(store).items()
    }


def test_the_kept_figures_after_imports_are_what_a_whole_store_run_counts(
    store, tmp_path, monkeypatch
):
    """With one finding kept, a domain a rescan gives a second finding gets a figure (from
    what the import read of it, not read a domain at a time)."""
    monkeypatch.setattr(about, "KEPT", 1)
    register.judge_all(store)
    imported(store, tmp_path, WEB_V11, MAIL_V11)
    assert WEBSITE + "www.amsterdam.nl" not in kept_figures(store)
    imported(store, tmp_path, WEB_V2, MAIL_V2)  # a rescan
    after_imports = kept_figures(store)
    assert WEBSITE + "www.amsterdam.nl" in after_imports
    register.judge_all(store)
    assert kept_figures(store) == after_imports
    # read from the store, not from what this process remembers of the records it wrote
    monkeypatch.setattr(about, "_KNOWN", type(about._KNOWN)())
    assert kept_figures(store) == after_imports


def test_an_import_moves_no_organisation_count_and_keeps_the_variant_counts(store, tmp_path):
    register.judge_all(store)
    counts_before = sorted(map(str, store.graph_triples(COUNTS_GRAPH.value)))
    variants_open = {r["record"].value for r in store.query(queries.internal("variants-open").text)}
    [totals] = store.query(queries.internal("register-totals").text)
    imported(store, tmp_path, WEB_V2, MAIL_V2)
    assert sorted(map(str, store.graph_triples(COUNTS_GRAPH.value))) == counts_before
    still_open = {r["record"].value for r in store.query(queries.internal("variants-open").text)}
    assert still_open == variants_open and variants_open
    [after] = store.query(queries.internal("register-totals").text)
    assert after["run"] != totals["run"] and after["variants"] == totals["variants"]


def ox_turtle():
    import pyoxigraph as ox

    return ox.RdfFormat.TURTLE


@pytest.mark.parametrize("engine", ["store", "turbo", "pyshacl"])
def test_the_rule_finds_the_same_in_every_engine(store, engine):
    batches, mapping = internetnl.read_files([WEB_V11, WEB_V2, MAIL_V11], DOMAINS)
    contents, _ = internetnl.graphs(store, batches, mapping)
    data = Graph()
    data += validation.reference_context()
    data += terms.graph(t for triples in contents.values() for t in triples)
    outcome = validation.validate(
        data, "x", chosen=frameworks.select(["pas-toe-of-leg-uit"]), engine=engine
    )
    found = Counter(
        (f.subject, f.value, f.organisation) for f in outcome.findings if f.rule == RULE
    )
    assert found == Counter(
        {
            (WEBSITE + "www.amsterdam.nl", STANDARD + "rpki", GM0363): 1,
            (WEBSITE + "www.amsterdam.nl", STANDARD + "security-txt", GM0363): 1,
            (MAIL + "amsterdam.nl", STANDARD + "dmarc", GM0363): 1,
        }
    )


def _changed(path: Path, tmp_path: Path, change) -> Path:
    document = json.loads(path.read_text())
    change(document)
    out = tmp_path / path.name
    out.write_text(json.dumps(document))
    return out


BAD = {
    "truncated": (
        lambda tmp: _write(tmp, "cut.json", WEB_V2.read_bytes()[:700]),
        "cut.json: line ",
    ),
    "not results": (lambda tmp: _write(tmp, "x.json", b'{"hello": 1}'), "not internet.nl"),
    "not UTF-8": (lambda tmp: _write(tmp, "l1.json", b'{"data": "\xe9"}'), "not UTF-8"),
    "a result that is not a boolean": (
        lambda tmp: _changed(
            WEB_V11,
            tmp,
            lambda d: d["data"]["domains"][1]["views"][2].update(result="yes"),
        ),
        "data.domains[1].views[2].result: expected true or false",
    ),
    "views that are not a list": (
        lambda tmp: _changed(WEB_V11, tmp, lambda d: d["data"]["domains"][0].update(views={})),
        "data.domains[0].views: expected an array",
    ),
    "an unknown test status": (
        lambda tmp: _changed(
            WEB_V2,
            tmp,
            lambda d: d["domains"]["www.amsterdam.nl"]["results"]["tests"]["web_rpki_valid"].update(
                status="great"
            ),
        ),
        "web_rpki_valid.status: unknown test status 'great'",
    ),
    "a bad domain name": (
        lambda tmp: _changed(
            WEB_V11, tmp, lambda d: d["data"]["domains"][0].update(domain="not a domain")
        ),
        "data.domains[0].domain: 'not a domain' is not a domain name",
    ),
    "a bad date": (
        lambda tmp: _changed(WEB_V2, tmp, lambda d: d["request"].update(finished_date="soon")),
        "request.finished_date: 'soon' is not a date",
    ),
    "a finished date after tomorrow": (
        lambda tmp: _changed(
            WEB_V2, tmp, lambda d: d["request"].update(finished_date="2999-01-01T10:00:00+00:00")
        ),
        "request.finished_date: 2999-01-01 is in the future",
    ),
    "a v1.1 finished date after tomorrow": (
        lambda tmp: _changed(
            WEB_V11, tmp, lambda d: d["data"].update({"finished-date": "2999-01-01T10:00:00"})
        ),
        "data.finished-date: 2999-01-01 is in the future",
    ),
    "a request type that is neither": (
        lambda tmp: _changed(WEB_V2, tmp, lambda d: d["request"].update(request_type="dns")),
        "request.request_type: 'dns' is neither web nor mail",
    ),
    "one domain spelled twice (v1.1)": (
        lambda tmp: _changed(
            WEB_V11,
            tmp,
            lambda d: d["data"]["domains"].append(
                {**d["data"]["domains"][0], "domain": "WWW.Amsterdam.NL."}
            ),
        ),
        "data.domains[5].domain: 'WWW.Amsterdam.NL.' is the domain 'www.amsterdam.nl' again",
    ),
    "one domain spelled twice (v2)": (
        lambda tmp: _changed(
            WEB_V2,
            tmp,
            lambda d: d["domains"].update({"WWW.AMSTERDAM.NL.": d["domains"]["www.amsterdam.nl"]}),
        ),
        "domains.WWW.AMSTERDAM.NL.: 'WWW.AMSTERDAM.NL.' is the domain 'www.amsterdam.nl' again",
    ),
    "a report link that is not http": (
        lambda tmp: _changed(
            WEB_V11, tmp, lambda d: d["data"]["domains"][0].update(link="file:///etc/passwd")
        ),
        "data.domains[0].link: 'file:///etc/passwd' is not an http(s) link",
    ),
}


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_results_are_one_input_error_naming_file_and_place(case, tmp_path):
    make, expected = BAD[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as error:
        internetnl.read_files([path], DOMAINS)
    assert expected in str(error.value) and str(path) in str(error.value)
    assert "\n" not in str(error.value)


def test_a_wrong_value_is_named_by_its_json_type_not_repeated_whole(tmp_path):
    deep = "[" * 900 + "]" * 900  # a nested value: describing it must not recurse
    text = WEB_V11.read_text().replace('"domains": [', f'"domains": [{deep}, ', 1)
    path = _write(tmp_path, "deep.json", text.encode())
    with pytest.raises(InputError, match=r"data.domains\[0\]: expected an object, got an array$"):
        internetnl.read_files([path], DOMAINS)
    long = _changed(WEB_V2, tmp_path, lambda d: d["request"].update(request_type=["x" * 500]))
    with pytest.raises(InputError, match=r"request.request_type: expected a string, got an array$"):
        internetnl.read_files([long], DOMAINS)
    scalar = _changed(WEB_V11, tmp_path, lambda d: d["data"]["domains"][0].update(views="v" * 500))
    with pytest.raises(InputError, match=r"views: expected an array, got a string \('v{40}…'\)$"):
        internetnl.read_files([scalar], DOMAINS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("domein,organisatie\n", "line 1: expected the header 'domain,organisation'"),
        ("domain,organisation\nexample.nl,not an iri\n", "line 2: 'not an iri' is not an IRI"),
        ("domain,organisation\nexample.nl\n", "line 2: expected 2 cells, got 1"),
        ("domain,organisation\nex ample.nl,https://e/o\n", "line 2: 'ex ample.nl' is not a"),
        (
            "domain,organisation\nexample.nl,https://e/a\nEXAMPLE.nl.,https://e/b\n",
            "line 3: example.nl is mapped to https://e/a already",
        ),
    ],
)
def test_a_bad_domain_list_is_an_input_error_naming_the_line(text, expected, tmp_path):
    path = _write(tmp_path, "domains.csv", text.encode())
    with pytest.raises(InputError, match="domains.csv: " + expected.replace("(", r"\(")):
        internetnl.read_files([WEB_V2], path)


def test_a_batch_finished_tomorrow_is_read_as_a_day_ahead_somewhere_on_earth(tmp_path):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    path = _changed(WEB_V2, tmp_path, lambda d: d["request"].update(finished_date=tomorrow))
    [batch], _ = internetnl.read_files([path], DOMAINS)
    assert batch.day.isoformat() == tomorrow


def test_a_domain_list_as_dutch_excel_writes_it_is_read():
    data = "\ufeffdomain;organisation\r\nWWW.Amsterdam.NL.;https://e/o\r\n".encode()
    assert internetnl.read_domains(data, "x.csv") == {"www.amsterdam.nl": "https://e/o"}


def test_a_batch_with_more_statements_than_the_upload_limit_stores_nothing(store, tmp_path):
    before = graph_sizes(store)
    batches, mapping = internetnl.read_files([WEB_V11], DOMAINS)
    with pytest.raises(InputError, match="more than 50 statements"):
        internetnl.import_batches(store, tmp_path, batches, mapping, max_triples=50)
    assert graph_sizes(store) == before


def test_the_same_batch_twice_in_one_import_is_refused(store, tmp_path):
    batches, mapping = internetnl.read_files([WEB_V2, WEB_V2], DOMAINS)
    with pytest.raises(InputError, match="batch c1b2c3d4e5f60718293a4b5c6d7e8f90 is in"):
        internetnl.import_batches(store, tmp_path, batches, mapping)
