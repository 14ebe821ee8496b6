"""Each framework rule fires on its invalid fixture and stays quiet on its valid one."""

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from ndsgraph import generate, terms, validation
from ndsgraph.intake import ingest
from ndsgraph.validation import frameworks, sparql_constraints
from ndsgraph.validation.findings import Finding

from .conftest import DATA

FIXTURES = DATA / "frameworks"
FIXTURE_NS = "https://example.org/fixture/"
REFERENCE_DATE = date(2026, 6, 1)

# framework -> the rules (local names) its invalid fixture must trigger, and nothing else.
EXPECTED = {
    "core-integrity": {"afname", "contract", "afwijking", "verwijzing", "doelgroep"},
    "pas-toe-of-leg-uit": {"verplichte-standaard", "gemeten-standaard"},
    "standaard-tenzij": {"generieke-bouwsteen"},
    "exit-by-design": {"exitclausule", "exportstandaard", "looptijd", "jurisdictie", "lock-in"},
    "legacy": {
        "einde-levensduur",
        "opvolger",
        "uitgefaseerde-afhankelijkheid",
        "verouderde-api",
    },
    "toetsing-opschaling": {"kaders", "aantoonbare-werking"},
    "implementatieafspraken": {"op-tijd"},
    "financiering": {"cofinanciering"},
}
PARAMETERS = {"toetsing-opschaling": {"minimum-production-organisations": "2"}}


@pytest.fixture(scope="module")
def context() -> Graph:
    return validation.reference_context()


def run(context: Graph, framework: str, fixture: Path, day: date = REFERENCE_DATE) -> list[Finding]:
    data, digest = validation.read_files([fixture])
    data += context
    outcome = validation.validate(
        data,
        digest,
        chosen=frameworks.select([framework]),
        overrides=PARAMETERS.get(framework, {}),
        reference_date=day,
    )
    return [f for f in outcome.findings if f.subject.startswith(FIXTURE_NS)]


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule.rsplit("/", 1)[1] for f in findings}


def test_every_framework_has_fixtures():
    assert set(EXPECTED) == set(frameworks.available())


@pytest.mark.parametrize("framework", sorted(EXPECTED))
def test_rules_fire_on_invalid_data(context, framework):
    findings = run(context, framework, FIXTURES / f"{framework}-invalid.ttl")
    assert rules(findings) == EXPECTED[framework]
    for finding in findings:
        assert finding.framework.endswith(f"/kader/{framework}")
        assert finding.message_nl and finding.message_en


@pytest.mark.parametrize("framework", sorted(EXPECTED))
def test_rules_stay_quiet_on_valid_data(context, framework):
    assert run(context, framework, FIXTURES / f"{framework}-valid.ttl") == []


def test_severity_follows_the_rule(context):
    findings = run(context, "exit-by-design", FIXTURES / "exit-by-design-invalid.ttl")
    severity = {f.rule.rsplit("/", 1)[1]: f.severity for f in findings}
    assert severity["exitclausule"] == "Violation"
    assert severity["exportstandaard"] == "Warning"
    assert severity["lock-in"] == "Warning"


def test_a_building_block_without_a_complete_target_population_is_a_warning(context):
    findings = [
        f
        for f in run(context, "core-integrity", FIXTURES / "core-integrity-invalid.ttl")
        if f.rule.endswith("/doelgroep")
    ]
    flagged = {f.subject.removeprefix(FIXTURE_NS) for f in findings}
    assert flagged == {
        "block-without-target",
        "block-without-population",
        "block-with-unknown-type",
        "block-with-unmotivated-assumption",
        "block-with-share-over-one",
        "block-with-share-without-date",
    }
    assert {f.severity for f in findings} == {"Warning"}


def test_an_organisation_is_one_with_an_organisation_type_or_a_partner_not_a_supplier(context):
    findings = run(context, "core-integrity", FIXTURES / "core-integrity-invalid.ttl")
    unknown = {
        f.subject.removeprefix(FIXTURE_NS)
        for f in findings
        if f.rule.endswith("/verwijzing") and "ndsg:organisation does not point" in f.message_en
    }
    assert unknown == {"app-of-a-supplier", "app-of-an-invented-organisation"}


def test_every_bundled_building_block_names_its_target_population(context):
    outcome = validation.validate(
        context,
        "bundled",
        chosen=frameworks.select(["core-integrity"]),
        reference_date=REFERENCE_DATE,
    )
    assert [f for f in outcome.findings if f.rule.endswith("/doelgroep")] == []


def test_lock_in_share_is_configurable(context):
    data, digest = validation.read_files([FIXTURES / "exit-by-design-valid.ttl"])
    data += context
    outcome = validation.validate(
        data,
        digest,
        chosen=frameworks.select(["exit-by-design"]),
        overrides={"lock-in-share": "0.4"},
        reference_date=REFERENCE_DATE,
    )
    assert "lock-in" in rules([f for f in outcome.findings if f.subject.startswith(FIXTURE_NS)])


def test_every_shape_points_to_a_rule_with_bilingual_messages():
    from rdflib import RDF, Literal
    from rdflib.namespace import DCTERMS, SH

    shapes, _ = frameworks.shapes_graph(frameworks.select(None))
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert node_shapes
    for shape in node_shapes:
        assert shapes.value(shape, DCTERMS.source) is not None, shape
        constraints = [
            shape,
            *shapes.objects(shape, SH.property),
            *shapes.objects(shape, SH.sparql),
        ]
        languages = {
            m.language
            for c in constraints
            for m in shapes.objects(c, SH.message)
            if isinstance(m, Literal)
        }
        assert {"nl", "en"} <= languages, shape


@pytest.fixture(scope="module")
def example(context) -> Graph:
    from ndsgraph.resources import data_dir

    data = Graph()
    data += context
    data.parse(data_dir() / "example-landscape.ttl")
    return data


def test_example_landscape_has_explained_and_unexplained_findings_from_every_framework(example):
    outcome = validation.validate(example, "example", reference_date=generate.TODAY)
    by_framework = {f.framework.rsplit("/", 1)[1] for f in outcome.findings}
    assert by_framework == set(EXPECTED)
    assert {f.explained for f in outcome.findings} == {True, False}
    # the generator knows what it built in: validation finds exactly that, rule by rule
    organisations, copies = generate.SIZES["example"]
    _, built_in = generate.generate(organisations, copies=copies)
    found = Counter(
        "/".join(f.rule.rsplit("/", 2)[1:]) for f in outcome.findings if "/voorbeeld/" in f.subject
    )
    assert {rule: found[rule] for rule in built_in} == dict(built_in)


def _rows(outcome: validation.Validation) -> Counter:
    return Counter((f.rule, f.subject, f.value, f.severity) for f in outcome.findings)


def test_whole_data_sparql_constraints_equal_the_per_focus_node_engine(example):
    """The default engine runs every framework SPARQL constraint once over all the data; its
    findings, messages included, are those of pyshacl-turbo's per-focus-node evaluation."""
    shapes, _ = frameworks.shapes_graph(frameworks.select(None))
    _, constraints = sparql_constraints.split(shapes, shapes)
    assert len(constraints) == len(set(shapes.subject_objects(SH.sparql)))
    whole = validation.validate(example, "x", reference_date=generate.TODAY, engine="store")
    per_node = validation.validate(example, "x", reference_date=generate.TODAY, engine="turbo")
    assert _rows(whole) == _rows(per_node)
    assert len(whole.findings) > 300
    # messages keep their language (pyshacl-turbo drops the tags of the ones it fills in)
    assert all(f.message_nl and f.message_en != f.message_nl for f in whole.findings)


def test_a_store_snapshot_validates_like_the_graph_and_is_left_as_it_was(example):
    snapshot = ox.Store()
    snapshot.bulk_extend(terms.quads(example))

    def quads() -> str:
        return hashlib.sha256("\n".join(sorted(map(str, snapshot))).encode()).hexdigest()

    before = quads()
    from_store = validation.validate(snapshot, "x", reference_date=generate.TODAY)
    from_graph = validation.validate(example, "x", reference_date=generate.TODAY)
    assert _rows(from_store) == _rows(from_graph)
    assert quads() == before and not list(snapshot.named_graphs())


@pytest.mark.parametrize(
    ("select", "joinable"),
    [
        ("SELECT $this ?value WHERE { $this ex:p ?value }", True),
        ("SELECT $this WHERE { $this ex:p ?v . MINUS { $this ex:q ?v } }", False),
        ("SELECT $this WHERE { VALUES ?v { 1 } $this ex:p ?v }", False),
        ("SELECT $this WHERE { $this ex:p ?v . FILTER(?v = $currentShape) }", False),
        (
            "SELECT $this ?n WHERE { { SELECT $this (COUNT(*) AS ?n) WHERE { $this ex:p ?o } GROUP BY $this } }",
            True,
        ),
        (
            "SELECT $this ?n WHERE { $this a ex:C . { SELECT (COUNT(*) AS ?n) WHERE { $this ex:p ?o } } }",
            False,
        ),
        ('SELECT $this WHERE { $this ex:p "MINUS" }', True),
    ],
)
def test_only_constraints_where_join_equals_pre_binding_are_taken(select, joinable):
    assert sparql_constraints.joinable(select) is joinable


def test_an_uploads_findings_about_its_blank_nodes_are_reported():
    """The upload is judged with its blank nodes as they are: a copy that renamed them would
    lose every finding about them when findings are kept to the upload's own subjects."""
    upload = (
        b"@prefix ndsg: <https://w3id.org/ndsgraph/def/> .\n"
        b"[] a ndsg:Adoption ; "
        b"ndsg:organisation <https://identifier.overheid.nl/tooi/id/gemeente/gm0363> .\n"
    )
    judged = validation.validate_upload(ingest.read_upload(upload, "text/turtle"), "blank")
    assert any(f.rule and f.rule.endswith("/afname") for f in judged.findings)


def test_an_uploads_terms_reach_the_judging_store_as_they_are():
    """The upload is read into its judging store as N-Triples: a term Oxigraph writes but
    reads back only leniently (a literal typed rdf:langString without a language, as an
    importer may make one) is judged, not refused."""
    adoption = ox.NamedNode("https://example.org/adoption")
    ndsg = "https://w3id.org/ndsgraph/def/"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    triples = [
        ox.Triple(adoption, ox.NamedNode(rdf + "type"), ox.NamedNode(ndsg + "Adoption")),
        ox.Triple(
            adoption,
            ox.NamedNode(ndsg + "organisation"),
            ox.NamedNode("https://identifier.overheid.nl/tooi/id/gemeente/gm0363"),
        ),
        ox.Triple(
            adoption,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
            ox.Literal("x", datatype=ox.NamedNode(rdf + "langString")),
        ),
    ]
    judged = validation.validate_upload(triples, "lenient")
    assert any(
        f.subject == adoption.value and f.rule and f.rule.endswith("/afname")
        for f in judged.findings
    )
