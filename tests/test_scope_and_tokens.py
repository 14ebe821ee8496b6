"""Who may say what: ownership from the store and the upload, If-Match, and submitter tokens."""

import pyoxigraph as ox
import pytest

from ndsgraph.errors import InputError, NotAllowed, VersionConflict
from ndsgraph.intake import scope
from ndsgraph.intake.submissions import Precondition, Submissions
from ndsgraph.intake.submitters import Registry, Submitter, known
from ndsgraph.store import OxigraphStore, Store, bundled

from .commands import ndsgraph, one_line
from .conftest import DATA

LOGIUS = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"
RVIG = "https://identifier.overheid.nl/tooi/id/oorg/oorg10103"
GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"
EXAMPLE = "https://w3id.org/ndsgraph/id/voorbeeld/"
ALMERE_CONTRACT = EXAMPLE + "contract/gm0034/belastingheffing"
PREFIXES = """
@prefix ndsg: <https://w3id.org/ndsgraph/def/> .
@prefix gm: <https://identifier.overheid.nl/tooi/id/gemeente/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
OWN_GRAPH = "https://w3id.org/ndsgraph/graph/submission/test"


def turtle(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse((PREFIXES + text).encode(), ox.RdfFormat.TURTLE)]


def about(subject: str) -> list[ox.Triple]:
    return turtle(f'<{subject}> rdfs:comment "bijgewerkt" .')


@pytest.fixture(scope="module")
def store() -> Store:
    """The bundled data, with the example landscape (tests must not write)."""
    loaded = OxigraphStore()
    list(bundled.load_bundled(loaded, progress=False))
    return loaded


def refused(submitter: Submitter, triples: list[ox.Triple], store: Store) -> set[tuple[str, str]]:
    return {
        (r.subject, r.owner)
        for r in scope.refusals(
            submitter, scope.private_blank_nodes(triples, submitter), store, OWN_GRAPH
        )
    }


def test_an_organisation_may_not_edit_another_organisations_contract(store):
    assert refused(Submitter(GM0363), about(ALMERE_CONTRACT), store) == {
        (f"<{ALMERE_CONTRACT}>", ALMERE)
    }
    assert refused(Submitter(ALMERE), about(ALMERE_CONTRACT), store) == set()


def test_a_contract_is_owned_through_the_application_it_belongs_to(store):
    application = EXAMPLE + "applicatie/gm0034/belastingheffing"
    extra = OxigraphStore()
    extra.add_triples(
        "https://w3id.org/ndsgraph/graph/submission/almere",
        turtle(
            f"<{application}> ndsg:organisation gm:gm0034 ; ndsg:contract <https://example.org/c> ."
        )
        + about("https://example.org/c"),
    )
    assert refused(Submitter(GM0363), about("https://example.org/c"), extra) == {
        ("<https://example.org/c>", ALMERE)
    }


def test_a_new_subject_attached_to_another_organisation_is_refused(store):
    new = turtle(
        "<https://example.org/gm0363/app> a ndsg:Application ; ndsg:organisation gm:gm0034 ."
    )
    assert refused(Submitter(GM0363), new, store) == {("<https://example.org/gm0363/app>", ALMERE)}


def test_a_blank_node_attached_to_another_organisation_is_refused(store):
    new = turtle("[] a ndsg:Application ; ndsg:organisation gm:gm0034 .")
    assert {owner for _, owner in refused(Submitter(GM0363), new, store)} == {ALMERE}


def test_an_uploads_blank_node_never_reaches_a_stored_one(store):
    stored = next(
        row["a"]
        for row in store.query(
            "SELECT ?a WHERE { <https://w3id.org/ndsgraph/id/bouwsteen/digid> "
            "<http://www.w3.org/ns/prov#qualifiedAttribution> ?a }"
        )
    )
    agent = ox.NamedNode("http://www.w3.org/ns/prov#agent")
    trick = [ox.Triple(stored, agent, ox.NamedNode(GM0363))]
    renamed = scope.private_blank_nodes(trick, Submitter(GM0363))
    assert renamed[0].subject != stored
    assert renamed == scope.private_blank_nodes(trick, Submitter(GM0363))  # same upload, same body
    assert renamed != scope.private_blank_nodes(trick, Submitter(ALMERE))


def test_own_new_and_existing_subjects_are_allowed(store):
    own = (DATA / "submissions" / "gm0363.ttl").read_bytes()
    triples = [q.triple for q in ox.parse(own, ox.RdfFormat.TURTLE)]
    assert refused(Submitter(GM0363), triples, store) == set()
    assert refused(Submitter(GM0363), about(GM0363), store) == set()  # itself


def test_a_partner_may_describe_the_building_blocks_it_manages_only(store):
    partner = Submitter(LOGIUS, "partner")
    assert refused(partner, about(BLOCK + "digid"), store) == set()
    assert refused(partner, about(BLOCK + "brp"), store) == {(f"<{BLOCK}brp>", RVIG)}


def test_an_organisation_may_not_describe_a_building_block_or_another_organisation(store):
    organisation = Submitter(GM0363)
    assert refused(organisation, about(BLOCK + "digid"), store) == {(f"<{BLOCK}digid>", LOGIUS)}
    other = "https://identifier.overheid.nl/tooi/id/gemeente/gm0599"
    assert refused(organisation, about(other), store) == {(f"<{other}>", other)}


def test_a_shared_node_held_without_owner_belongs_to_its_graph(store):
    supplier = "https://w3id.org/ndsgraph/id/leverancier/centric"  # reference data
    assert refused(Submitter(GM0363), about(supplier), store) == {
        (f"<{supplier}>", "https://w3id.org/ndsgraph/graph/suppliers")
    }
    term = "https://w3id.org/ndsgraph/def/Contract"
    assert refused(Submitter(GM0363), about(term), store) == {
        (f"<{term}>", "https://w3id.org/ndsgraph/graph/ontology")
    }


def test_graph_iris_are_ndsgraphs(store):
    graph = "https://w3id.org/ndsgraph/graph/submission/gm0363"
    assert refused(Submitter(GM0363), about(graph), store) == {(f"<{graph}>", "ndsgraph")}


def test_another_submitters_graph_owns_its_unowned_subjects(tmp_path):
    submissions = Submissions(OxigraphStore(), tmp_path, policy="none")
    supplier = turtle('<https://example.org/s> a ndsg:Supplier ; rdfs:label "S" .')
    assert submissions.submit(Submitter(ALMERE), supplier).accepted
    assert submissions.submit(Submitter(ALMERE), supplier).accepted  # its own, resubmitted
    with pytest.raises(NotAllowed, match=r"example.org/s> \(owned by .*gm0034\)"):
        submissions.submit(Submitter(GM0363), about("https://example.org/s"))


def test_a_refused_submission_writes_nothing(tmp_path):
    submissions = Submissions(OxigraphStore(), tmp_path)
    before = submissions.store.graphs()
    with pytest.raises(NotAllowed, match="gm0034"):
        submissions.submit(
            Submitter(GM0363),
            turtle("<https://example.org/x> a ndsg:Application ; ndsg:organisation gm:gm0034 ."),
        )
    assert submissions.store.graphs() == before
    assert not (tmp_path / "history").exists()


@pytest.mark.parametrize(
    ("precondition", "current", "holds"),
    [
        (Precondition(frozenset({"1-a"})), "1-a", True),
        (Precondition(frozenset({"1-a"})), "2-b", False),
        (Precondition(frozenset({"1-a", "2-b"})), "2-b", True),
        (Precondition(frozenset()), "1-a", False),  # only weak tags were given
        (Precondition(any_version=True), "1-a", True),
        (Precondition(any_version=True), None, False),
    ],
)
def test_if_match_compares_strongly(precondition, current, holds):
    assert precondition.holds(current) is holds


def test_a_stale_if_match_is_a_version_conflict_showing_quoted_tags(tmp_path):
    submissions = Submissions(OxigraphStore(), tmp_path, policy="none")
    first = submissions.submit(Submitter(GM0363), about("https://example.org/gm0363/a"))
    second = submissions.submit(
        Submitter(GM0363),
        about("https://example.org/gm0363/b"),
        if_match=Precondition(frozenset({first.etag})),
    )
    with pytest.raises(VersionConflict, match=f'is "{second.etag}", not "{first.etag}"'):
        submissions.submit(
            Submitter(GM0363),
            about("https://example.org/gm0363/c"),
            if_match=Precondition(frozenset({first.etag})),
        )


def test_tokens_are_issued_once_identified_and_revoked(tmp_path):
    registry = Registry.at(tmp_path)
    token = registry.issue(Submitter(GM0363))
    assert registry.identify(token) == Submitter(GM0363, "organisation")
    assert token not in (tmp_path / "submitters.json").read_text()  # only its hash is kept
    assert registry.identify("guess") is None
    assert registry.revoke(GM0363) == 1
    assert registry.identify(token) is None


def test_submitters_are_only_organisations_and_partners_the_graph_knows():
    assert known(GM0363) == Submitter(GM0363)
    assert known(LOGIUS, "partner") == Submitter(LOGIUS, "partner")
    with pytest.raises(InputError, match="'not an iri' is not an IRI"):
        known("not an iri")
    with pytest.raises(InputError, match="gm9999 is not an organisation the reference data"):
        known("https://identifier.overheid.nl/tooi/id/gemeente/gm9999")
    with pytest.raises(InputError, match="gm0363 is not a partner"):
        known(GM0363, "partner")
    with pytest.raises(InputError, match="unknown submitter kind"):
        known(GM0363, "supplier")
    with pytest.raises(InputError, match="centric is not an organisation the reference data"):
        known("https://w3id.org/ndsgraph/id/leverancier/centric")  # a supplier gets no token


@pytest.mark.parametrize(
    "command",
    [
        ["submitters", "add", "not an iri"],
        ["submitters", "add", "https://identifier.overheid.nl/tooi/id/gemeente/gm9999"],
        ["submitters", "add", GM0363, "--partner"],
        ["submit", "--as", "not an iri", str(DATA / "submissions" / "gm0363.ttl")],
    ],
)
def test_cli_refuses_unknown_submitters_in_one_line(tmp_path, command):
    done = ndsgraph(tmp_path / "store", *command)
    assert done.returncode != 0
    assert done.stdout == ""
    assert (command[2] if command[0] == "submitters" else "not an iri") in one_line(done)
    assert not list(tmp_path.rglob("submitters.json"))


@pytest.mark.parametrize(
    ("statement", "term"),
    [
        ("<https://example.org/run> a ndsg:ValidationRun .", "def/ValidationRun"),
        ("<https://example.org/finding> a ndsg:Finding .", "def/Finding"),
        ("<https://example.org/count> a ndsg:VariantCount .", "def/VariantCount"),
        ("<https://example.org/wijk> ndsg:organisationType type:gemeente .", "organisationType"),
        ("<https://example.org/new> a org:Organization .", "org#Organization"),
        ("<https://example.org/x> ndsg:minimumProductionOrganisations 100000 .", "minimumProd"),
        ("<https://example.org/x> ndsg:lockInShare 0.01 .", "lockInShare"),
        ('<https://example.org/x> ndsg:referenceDate "2099-01-01" .', "referenceDate"),
        ("<https://example.org/x> ndsg:explained true .", "def/explained"),
    ],
)
def test_a_submission_may_not_forge_register_records_or_organisations(store, statement, term):
    """Runs and findings come from validation, organisations and their type from TOOI: a
    forged run would enter the trend, a forged finding the register, a forged organisation
    every adoption rate's denominator."""
    triples = turtle(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix type: <https://w3id.org/ndsgraph/id/begrip/organisatietype/> .\n" + statement
    )
    with pytest.raises(NotAllowed, match=f"may not use .*{term}"):
        scope.check(Submitter(GM0363), triples, store, "https://w3id.org/ndsgraph/graph/x")


def test_an_organisation_may_not_rename_itself_or_claim_a_parent(store):
    """The organisation node is reference data (TOOI): its own submitter may add a comment,
    nothing else; the refusal names the subject and each predicate."""
    claim = turtle(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        'gm:gm0034 rdfs:label "Gemeente Lelystad"@nl ; skos:prefLabel "Ministerie van Almere"@nl ;'
        " org:subOrganizationOf gm:gm0363 ."
    )
    with pytest.raises(NotAllowed) as refusal:
        scope.check(Submitter(ALMERE), claim, store, OWN_GRAPH)
    message = str(refusal.value)
    for named in (f"<{ALMERE}>", "rdf-schema#label", "core#prefLabel", "org#subOrganizationOf"):
        assert named in message
    assert "graph/organisations" in message
    assert refused(Submitter(ALMERE), about(ALMERE), store) == set()  # a comment stays allowed


@pytest.mark.parametrize(
    "subject",
    [BLOCK + "digid", "https://w3id.org/ndsgraph/id/standaard/digikoppeling"],  # Logius manages
)
def test_a_partner_may_comment_on_but_not_rename_what_it_manages(store, subject):
    partner = Submitter(LOGIUS, "partner")
    assert refused(partner, about(subject), store) == set()
    renamed = turtle(
        f'<{subject}> rdfs:label "Iets anders"@nl ; rdfs:seeAlso <https://example.org/> .'
    )
    assert {(s, r.terms) for s, r in refusals_of(partner, renamed, store)} == {
        (
            f"<{subject}>",
            (
                "<http://www.w3.org/2000/01/rdf-schema#label>",
                "<http://www.w3.org/2000/01/rdf-schema#seeAlso>",
            ),
        )
    }


def refusals_of(
    submitter: Submitter, triples: list[ox.Triple], store: Store
) -> list[tuple[str, scope.Refusal]]:
    return [(r.subject, r) for r in scope.refusals(submitter, triples, store, OWN_GRAPH)]


def test_a_refused_claim_on_the_organisation_writes_nothing(tmp_path):
    submissions = Submissions(OxigraphStore(), tmp_path, policy="none")
    list(bundled.load_bundled(submissions.store, progress=False))
    before = submissions.store.count()
    with pytest.raises(NotAllowed, match="rdf-schema#label"):
        submissions.submit(Submitter(ALMERE), turtle('gm:gm0034 rdfs:label "Lelystad"@nl .'))
    assert submissions.store.count() == before
    assert not (tmp_path / "history").exists()
