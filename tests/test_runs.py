"""The live register: runs recorded whole or not at all, records that hold from one run to
another, the register as of any moment, and a submission's update equal to a whole-store run."""

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pyoxigraph as ox
import pytest

from ndsgraph import register, resources, validation
from ndsgraph.errors import InputError
from ndsgraph.intake.ingest import read_upload
from ndsgraph.intake.submissions import Submissions, judge
from ndsgraph.intake.submitters import known
from ndsgraph.register import explanations, kpi, national_run, runs
from ndsgraph.sparql import queries
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.validation import counts
from ndsgraph.validation.findings import Finding

from .test_profiles import (
    compared_by_peer_adoption_shares,
    comparison_figures,
    supplied_by_stored_queries,
    supplied_on_the_profile,
)

EXAMPLE = resources.data_dir() / validation.EXAMPLE_GRAPH_FILE
RULE = "https://w3id.org/ndsgraph/id/regel/core-integrity/naam"
FRAMEWORK = "https://w3id.org/ndsgraph/id/kader/core-integrity"


class Crash(Exception):
    pass


def finding(subject: str, *, explained: bool = False) -> Finding:
    return Finding(
        organisation=None,
        framework=FRAMEWORK,
        rule=RULE,
        subject=f"https://example.org/{subject}",
        value=None,
        severity="Violation",
        message_nl="Geen naam",
        message_en="No name",
        explained=explained,
    )


def judged(*found: Finding) -> validation.Validation:
    return validation.Validation([], list(found), "shapes", "input", datetime.now(UTC).date())


def in_force(store: OxigraphStore, **values: str) -> set[tuple[str, str]]:
    rows = queries.run(store, queries.stored("register"), values)
    return {(r["subject"].value.rsplit("/", 1)[1], r["explained"].value) for r in rows}


def test_a_run_cut_off_before_its_run_node_is_unseen_and_the_next_run_removes_it(monkeypatch):
    store = OxigraphStore()

    def crash(sparql: str, **_: object) -> None:
        raise Crash  # the process dies after the bulk part, before the run node is written

    monkeypatch.setattr(store, "update", crash)
    with pytest.raises(Crash):
        register.record(store, register.Judgement(judged(finding("a"), finding("b"))))
    monkeypatch.undo()

    [unfinished] = store.unfinished_graphs(runs.RUN_GRAPHS)
    assert store.count(unfinished) > 0 and in_force(store) == set()
    run, _ = register.record(store, register.Judgement(judged(finding("a"))))
    assert not store.has_graph(unfinished) and store.unfinished_graphs(runs.RUN_GRAPHS) == []
    assert in_force(store) == {("a", "false")}
    [entry] = store.query(
        f"SELECT ?n WHERE {{ GRAPH <https://w3id.org/ndsgraph/graph/catalogue> "
        f"{{ <{run.graph}> <http://rdfs.org/ns/void#triples> ?n }} }}"
    )
    assert int(entry["n"].value) == store.count(run.graph)


def test_a_finding_holds_from_the_run_that_found_it_until_the_run_that_no_longer_does():
    store = OxigraphStore()
    first, _ = register.record(store, register.Judgement(judged(finding("a"), finding("b"))))
    second, _ = register.record(store, register.Judgement(judged(finding("b"), finding("c"))))
    assert in_force(store) == {("b", "false"), ("c", "false")}
    assert in_force(store, run=first.iri) == {("a", "false"), ("b", "false")}
    assert in_force(store, run=second.graph) == in_force(store)  # the graph names it too
    before = (first.started - timedelta(days=1)).date().isoformat()
    assert in_force(store, at=before) == set()
    assert in_force(store, at=runs.utc(first.ended)) == {("a", "false"), ("b", "false")}
    assert (second.register.findings, first.register.findings) == (2, 2)
    history = kpi.result(store, "finding-history")
    ended = [dict(zip(history.columns, row, strict=True)) for row in history.rows]
    [a] = [row for row in ended if row["subject"].endswith("/a")]
    assert a["endedBy"] == second.iri and a["until"] == runs.utc(second.ended)


def test_a_finding_explained_later_is_a_new_record_that_keeps_its_first_seen_time():
    store = OxigraphStore()
    _, [before] = register.record(store, register.Judgement(judged(finding("a"))))
    run, [after] = register.record(store, register.Judgement(judged(finding("a", explained=True))))
    assert after.explained and after.first_seen == before.first_seen
    assert in_force(store) == {("a", "true")}
    assert (run.register.findings, run.register.unexplained) == (1, 0)


def test_a_judgement_of_some_subjects_replaces_only_their_findings():
    store = OxigraphStore()
    register.record(store, register.Judgement(judged(finding("a"), finding("b"))))
    subjects = frozenset({"https://example.org/a", "https://example.org/c"})
    only = register.Judgement(judged(finding("c")), subjects)
    run, found = register.record(store, only)
    assert in_force(store) == {("b", "false"), ("c", "false")}
    assert [f.subject for f in found] == ["https://example.org/c"]
    assert (run.found.findings, run.register.findings) == (1, 2)


def test_findings_of_shapes_that_name_no_rule_stay_out_of_the_register():
    store = OxigraphStore()
    register.record(store, register.Judgement(judged(replace(finding("a"), rule=None))))
    assert in_force(store) == set()


def test_a_run_is_named_by_its_iri_or_by_its_graph_and_an_unknown_run_is_an_error(store):
    run, _ = register.record(store, register.Judgement(judged(finding("a"))))
    assert runs.named(store, run.graph) == runs.named(store, run.iri) == run.iri
    [by_graph] = kpi.deviations(store, run.graph)
    [by_run] = kpi.deviations(store, run.iri)
    assert by_graph.rows == by_run.rows and by_run.rows
    unknown = "https://w3id.org/ndsgraph/id/validatie/nothing"
    with pytest.raises(InputError, match=re.escape(f"no validation run {unknown}")):
        kpi.deviations(store, unknown)
    with pytest.raises(InputError, match=r"'given' must be iri"):
        runs.named(store, "not an iri")


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> OxigraphStore:
    """The bundled data with the example landscape, judged once by a whole-store run."""
    store = OxigraphStore(tmp_path_factory.mktemp("landscape") / "store", create=True)
    list(bundled.load_bundled(store))
    register.judge_all(store)
    return store


def register_rows(store: OxigraphStore) -> set[tuple]:
    rows = queries.run(store, queries.stored("register"))
    return {
        (r["rule"].value, r["subject"].value, str(r["value"]), r["explained"].value) for r in rows
    }


def test_the_register_after_a_submission_is_what_a_whole_store_run_finds(landscape, tmp_path):
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    upload = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        f"<{gemeente}/afname/digid> a ndsg:Adoption ; ndsg:organisation <{gemeente}> ;\n"
        "  ndsg:buildingBlock <https://w3id.org/ndsgraph/id/bouwsteen/digid> ;\n"
        "  ndsg:adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/in-productie> .\n"
    ).encode()
    before = register_rows(landscape)
    outcome = Submissions(landscape, tmp_path).submit(
        known(gemeente, "organisation"), read_upload(upload, "text/turtle")
    )
    assert outcome.accepted
    live = register_rows(landscape)
    assert live != before  # its own finding came in, and DigiD reached 25 in production
    assert any(subject == f"{gemeente}/afname/digid" for _, subject, _, _ in live - before)
    register.judge_all(landscape)
    assert register_rows(landscape) == live


def test_the_organisation_counts_a_submission_moves_are_what_counting_again_gives(
    landscape, tmp_path
):
    """A submission moves the kept counts by its organisation's difference (a supplier
    changed, an application and an adoption gone or added), not by counting the whole store;
    the counts, the variants and the cross-organisation rules' findings must be what counting
    everything gives (the application's own findings are judged in context: one hop, see
    the README's known limits)."""
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm1708"
    upload = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        "@prefix id: <https://w3id.org/ndsgraph/id/> .\n"
        f"<{gemeente}/applicatie/een> a ndsg:Application ; ndsg:organisation <{gemeente}> ;\n"
        "  ndsg:function <https://w3id.org/ndsgraph/id/begrip/functie/zaakregistratie> ;\n"
        "  ndsg:supplier <https://w3id.org/ndsgraph/id/leverancier/centric> .\n"
        f"<{gemeente}/afname/een> a ndsg:Adoption ; ndsg:organisation <{gemeente}> ;\n"
        "  ndsg:buildingBlock <https://w3id.org/ndsgraph/id/bouwsteen/fsc> ;\n"
        "  ndsg:adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/in-productie> .\n"
    ).encode()
    submissions = Submissions(landscape, tmp_path, "none")
    rules = {"exit-by-design/lock-in", "toetsing-opschaling/aantoonbare-werking"}

    def across(store: OxigraphStore) -> set[tuple]:
        return {row for row in register_rows(store) if row[0].split("/regel/")[1] in rules}

    without_application = b"\n".join(upload.splitlines()[:2] + upload.splitlines()[5:])
    for text in (
        upload,
        upload.replace(b"centric", b"pinkroccade-local-government"),
        without_application,
    ):
        outcome = submissions.submit(
            known(gemeente, "organisation"), read_upload(text, "text/turtle")
        )
        assert outcome.accepted
        recounted = counts.counted(counts.memberships(landscape))
        assert counts.current(landscape) == recounted
        live = across(landscape)
        assert counts.variants(recounted) == register.variants(landscape)
        register.judge_all(landscape)
        assert across(landscape) == live


def test_a_submission_judges_at_once_what_its_organisation_owns_in_other_graphs(
    landscape, tmp_path
):
    """Almere's zaakregistratie lives in the example landscape, another graph than its
    submission, and is an own solution where the ZGW APIs are meant (standaard-tenzij). Its
    submission that puts them in production resolves that finding in the same request, and
    one that takes them out again brings it back, as a whole-store run finds; Almere's
    findings elsewhere do not refuse its submission."""
    almere = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
    application = "https://w3id.org/ndsgraph/id/voorbeeld/applicatie/gm0034/zaakregistratie"
    rule = "https://w3id.org/ndsgraph/id/regel/standaard-tenzij/generieke-bouwsteen"
    zgw = "<https://w3id.org/ndsgraph/id/bouwsteen/zgw-apis>"  # as register_rows shows it
    adoption = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"<{almere}/afname/zgw-apis> a ndsg:Adoption ; ndsg:organisation <{almere}> ;\n"
        f"  ndsg:buildingBlock {zgw} ; ndsg:productionDate '2026-06-01'^^xsd:date ;\n"
        "  ndsg:adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/STATUS> .\n"
    )

    def own_solution(rows: set[tuple]) -> set[str]:
        return {value for r, subject, value, _ in rows if (r, subject) == (rule, application)}

    assert own_solution(register_rows(landscape)) == {zgw}
    submissions = Submissions(landscape, tmp_path)
    for status, expected in (("in-productie", set()), ("in-implementatie", {zgw})):
        text = adoption.replace("STATUS", status).encode()
        outcome = submissions.submit(
            known(almere, "organisation"), read_upload(text, "text/turtle")
        )
        assert outcome.accepted, [f.message_en for f in outcome.findings]
        live = register_rows(landscape)
        assert own_solution(live) == expected
        register.judge_all(landscape)
        assert register_rows(landscape) == live


def test_an_organisations_comparison_with_its_peers_stays_right_as_submissions_move_it(
    landscape, tmp_path
):
    """The profile compares an organisation with its type from the kept production levels: a
    submission that puts a block meant for its type in production, and one that takes it out
    again, move them by its difference; each time, and after a whole-store run, the page's
    figures are what peer-adoption-shares.rq counts over every adoption."""
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm1708"
    almere = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
    adoption = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        f"<{gemeente}/afname/brk> a ndsg:Adoption ; ndsg:organisation <{gemeente}> ;\n"
        "  ndsg:buildingBlock <https://w3id.org/ndsgraph/id/bouwsteen/brk> ;\n"
        "  ndsg:adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/STATUS> .\n"
    )
    submissions = Submissions(landscape, tmp_path, "none")
    before = comparison_figures(landscape, gemeente)
    for status in ("in-productie", "gepland"):
        text = adoption.replace("STATUS", status).encode()
        outcome = submissions.submit(
            known(gemeente, "organisation"), read_upload(text, "text/turtle")
        )
        assert outcome.accepted
        for organisation in (gemeente, almere):  # itself, and a peer whose rank it moves
            expected = compared_by_peer_adoption_shares(landscape, organisation)
            assert comparison_figures(landscape, organisation) == expected
        if status == "in-productie":
            assert comparison_figures(landscape, gemeente)[1] == before[1] + 1
    assert comparison_figures(landscape, gemeente) == before
    register.judge_all(landscape)
    assert comparison_figures(landscape, gemeente) == before


def test_a_submission_that_moves_no_count_leaves_the_kept_counts_unwritten(
    landscape, tmp_path, monkeypatch
):
    """The same portfolio again moves no organisation count: the kept counts are not
    written again (at national size a rewrite of thousands of facts), and stay right."""
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"
    upload = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        f"<{gemeente}/applicatie/twee> a ndsg:Application ; ndsg:organisation <{gemeente}> ;\n"
        "  ndsg:function <https://w3id.org/ndsgraph/id/begrip/functie/zaakregistratie> ;\n"
        "  ndsg:supplier <https://w3id.org/ndsgraph/id/leverancier/centric> .\n"
    ).encode()
    submissions = Submissions(landscape, tmp_path, "none")
    written = []
    keep = register.keep_counts
    monkeypatch.setattr(register, "keep_counts", lambda *a: written.append(keep(*a)))
    for _ in range(2):
        outcome = submissions.submit(
            known(gemeente, "organisation"), read_upload(upload, "text/turtle")
        )
        assert outcome.accepted
        assert counts.current(landscape) == counts.counted(counts.memberships(landscape))
    assert len(written) <= 1  # the first may move a count; the same again moves none


def test_a_partner_describes_its_building_block_and_scale_up_rules_go_to_the_register(
    landscape, tmp_path
):
    """Only rules about the submitter's own data decide; the minimum number of organisations
    in production looks across organisations, so it is a register finding, not a refusal."""
    partner = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"
    block = "https://w3id.org/ndsgraph/id/bouwsteen/proefbouwsteen"
    upload = f"""
        @prefix ndsg: <https://w3id.org/ndsgraph/def/> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix id: <https://w3id.org/ndsgraph/id/> .
        <{block}> a ndsg:BuildingBlock ;
          <http://www.w3.org/2000/01/rdf-schema#label> "Proefbouwsteen"@nl ;
          ndsg:function id:begrip\\/functie\\/documentbeheer ;
          <http://purl.org/dc/terms/conformsTo> id:standaard\\/odf ;
          ndsg:portfolioPhase id:begrip\\/portfoliofase\\/opschaling ;
          prov:qualifiedAttribution [ a prov:Attribution ; prov:agent <{partner}> ;
            <http://www.w3.org/ns/dcat#hadRole> id:begrip\\/rol\\/beheerder ] ;
          ndsg:adoptionTarget [ a ndsg:AdoptionTarget ;
            ndsg:targetOrganisationType id:begrip\\/organisatietype\\/gemeente ;
            ndsg:steeringAssumption true ; ndsg:motivation "Een proef voor gemeenten"@nl ] .
    """.encode()
    outcome = Submissions(landscape, tmp_path).submit(
        known(partner, "partner"), read_upload(upload, "text/turtle")
    )
    assert outcome.accepted, [f.message_en for f in outcome.findings]
    rows = queries.run(landscape, queries.stored("register"))
    about = {
        (r["rule"].value.rsplit("/", 1)[1], r["organisation"].value)
        for r in rows
        if r["subject"].value == block
    }
    assert about == {("aantoonbare-werking", partner)}


def test_a_dry_run_is_judged_with_what_the_store_says_about_what_it_names(landscape, tmp_path):
    """A gemeente's adoption of a building block that only a partner's submission describes is
    a known building block, in a dry run as in the submission that follows it."""
    partner = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"
    block = "https://w3id.org/ndsgraph/id/bouwsteen/alleen-bij-de-partner"
    described = f"""
        @prefix ndsg: <https://w3id.org/ndsgraph/def/> .
        <{block}> a ndsg:BuildingBlock ;
          <http://www.w3.org/2000/01/rdf-schema#label> "Alleen bij de partner"@nl .
    """.encode()
    Submissions(landscape, tmp_path).submit(
        known(partner, "partner"), read_upload(described, "text/turtle")
    )
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    adoption = read_upload(
        f"""@prefix ndsg: <https://w3id.org/ndsgraph/def/> .
        <{gemeente}/afname/partnerbouwsteen> a ndsg:Adoption ; ndsg:organisation <{gemeente}> ;
          ndsg:buildingBlock <{block}> ;
          ndsg:adoptionStatus <https://w3id.org/ndsgraph/id/begrip/status/gepland> .
        """.encode(),
        "text/turtle",
    )

    def unknown_block(judged: validation.Validation) -> bool:
        return any(f.rule.endswith("/verwijzing") for f in judged.findings if f.rule)

    assert unknown_block(validation.validate_upload(adoption, "alone"))  # without the store
    judged = judge(landscape, adoption, "in context")
    assert not unknown_block(judged)


def test_a_text_value_that_looks_like_an_iri_is_recorded_as_a_text():
    """A finding's value is written back as what it was: a partner's target date
    "see https://x y" (a text) must not become an IRI, nor stop the register."""
    store = OxigraphStore()
    text = replace(finding("a"), value="see https://x y")
    iri = replace(finding("b"), value="https://example.org/v", value_is_iri=True)
    register.record(store, register.Judgement(judged(text, iri)))
    values = {
        r["subject"].value.rsplit("/", 1)[1]: r["value"]
        for r in queries.run(store, queries.stored("register"))
    }
    assert isinstance(values["a"], ox.Literal) and values["a"].value == "see https://x y"
    assert isinstance(values["b"], ox.NamedNode)


def test_a_submission_stored_but_not_judged_is_judged_by_the_next_whole_store_run(
    portfolio_store, tmp_path, monkeypatch
):
    """A crash between storing a submission and recording it leaves a mark in the home; the
    next whole-store run (serve makes one when it sees the mark) judges it and clears it."""
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    upload = read_upload(
        f"""@prefix ndsg: <https://w3id.org/ndsgraph/def/> .
        <{gemeente}/afname/later> a ndsg:Adoption ; ndsg:organisation <{gemeente}> .
        """.encode(),
        "text/turtle",
    )

    def crash(*_: object, **__: object) -> None:
        raise Crash

    monkeypatch.setattr(register, "judge_submission", crash)
    with pytest.raises(Crash):
        Submissions(portfolio_store, tmp_path, "none").submit(
            known(gemeente, "organisation"), upload
        )
    monkeypatch.undo()
    assert register.unjudged(tmp_path)
    national_run.run(portfolio_store, tmp_path)
    assert not register.unjudged(tmp_path)


def test_the_deviation_counts_are_the_registers_rows_counted_at_every_moment():
    """kpi-deviations reads the counts each run records, not the rows: at each run they must
    be what counting the register's rows as of that run gives."""
    store = OxigraphStore()
    first, _ = register.record(store, register.Judgement(judged(finding("a"), finding("b"))))
    only_a = register.Judgement(
        judged(finding("a", explained=True), finding("c")),
        frozenset({"https://example.org/a", "https://example.org/c"}),
    )
    second, _ = register.record(store, only_a)
    third, _ = register.record(store, register.Judgement(judged(finding("c"))))
    for run in (first, second, third):
        [counts] = kpi.deviations(store, run.iri)
        named = [dict(zip(counts.columns, row, strict=True)) for row in counts.rows]
        counted = {row["explained"]: int(row["findings"]) for row in named}
        rows = queries.run(store, queries.stored("register"), {"run": run.iri})
        assert counted == dict(Counter(r["explained"].value for r in rows))


def test_deviations_read_from_few_organisations_are_those_read_from_their_rules(
    landscape, monkeypatch
):
    """A submission's findings are explained by the deviations of its organisation's rules,
    read from the organisation; an import's, of many organisations, from the rules: both
    give the same deviations."""
    rows = queries.run(landscape, queries.stored("deviations"))
    pairs = {(r["organisation"].value, r["rule"].value) for r in rows}
    organisations = sorted({o for o, _ in pairs})[:2]
    few = {(o, rule) for o, rule in pairs if o in organisations}
    few |= {(organisations[0], "https://example.org/no-rule")}
    from_organisations = explanations._recorded(landscape, few)
    monkeypatch.setattr(explanations, "FEW_ORGANISATIONS", 0)
    assert from_organisations and explanations._recorded(landscape, few) == from_organisations


def test_a_suppliers_summary_stays_right_as_submissions_move_it(landscape, tmp_path):
    """The supplier's page reads kept counts of its applications and contracts: a submission
    that adds an application under a contract without an exit clause, one that gives the
    contract an exit clause and an earlier end, and one that takes both out again move them by
    its difference; each time, and after a whole-store run, the page's figures per function
    are what supplier-customers.rq and contracts.rq give."""
    gemeente = "https://identifier.overheid.nl/tooi/id/gemeente/gm1708"
    centric = "https://w3id.org/ndsgraph/id/leverancier/centric"
    upload = (
        "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        "@prefix schema: <http://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"<{gemeente}/applicatie/een> a ndsg:Application ; ndsg:organisation <{gemeente}> ;\n"
        "  ndsg:function <https://w3id.org/ndsgraph/id/begrip/functie/zaakregistratie> ;\n"
        f"  ndsg:supplier <{centric}> ; ndsg:contract <{gemeente}/contract/een> .\n"
        f"<{gemeente}/contract/een> a ndsg:Contract ; ndsg:organisation <{gemeente}> ;\n"
        f"  ndsg:supplier <{centric}> ; ndsg:hasExitClause EXIT ;\n"
        '  schema:startDate "2020-01-01"^^xsd:date ; schema:endDate "END"^^xsd:date .\n'
    )
    submissions = Submissions(landscape, tmp_path, "none")
    before = supplied_on_the_profile(landscape, centric)
    for exit_clause, end in (("false", "2031-06-30"), ("true", "2001-01-01"), ("", "")):
        turtle = upload.replace("EXIT", exit_clause).replace("END", end) if end else ""
        text = (turtle or "@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n").encode()
        outcome = submissions.submit(
            known(gemeente, "organisation"), read_upload(text, "text/turtle")
        )
        assert outcome.accepted
        assert supplied_on_the_profile(landscape, centric) == supplied_by_stored_queries(
            landscape, centric
        )
        if end == "2001-01-01":
            assert supplied_on_the_profile(landscape, centric)[None][4] == "2001"
    assert supplied_on_the_profile(landscape, centric) == before
    register.judge_all(landscape)
    assert supplied_on_the_profile(landscape, centric) == before


def test_a_deviation_stated_in_two_graphs_is_one_deviation():
    """Oxigraph 0.5's union default graph gives a statement once per graph it is in
    (oxigraph/oxigraph#1919): a deviation an organisation submitted that is also in another
    graph came back once per combination of its repeated statements (147 deviations as
    34,048 rows at 5M), and each finding was checked against every copy."""
    store = OxigraphStore()
    deviation = (
        "<https://example.org/afwijking> a ndsg:Deviation ; ndsg:organisation <https://example.org/o> ;"
        f" ndsg:rule <{RULE}> ; ndsg:subject <https://example.org/s> ;"
        " ndsg:motivation 'Tijdelijk' ; schema:validFrom '2026-01-01'^^xsd:date ."
    )
    for graph in ("https://example.org/g1", "https://example.org/g2"):
        store.update(
            "PREFIX ndsg: <https://w3id.org/ndsgraph/def/> PREFIX schema: <http://schema.org/>"
            " PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"
            f" INSERT DATA {{ GRAPH <{graph}> {{ {deviation} }} }}"
        )
    rows = list(queries.run(store, queries.stored("deviations")))
    assert [r["deviation"].value for r in rows] == ["https://example.org/afwijking"]
