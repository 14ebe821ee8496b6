"""Each framework rule fires on its invalid fixture and stays quiet on its valid one."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from ndsgraph import frameworks, generate, validation
from ndsgraph.register import Finding

from .conftest import DATA

FIXTURES = DATA / "frameworks"
FIXTURE_NS = "https://example.org/fixture/"
REFERENCE_DATE = date(2026, 6, 1)

# framework -> the rules (local names) its invalid fixture must trigger, and nothing else.
EXPECTED = {
    "core-integrity": {"afname", "contract", "afwijking", "verwijzing"},
    "pas-toe-of-leg-uit": {"verplichte-standaard"},
    "standaard-tenzij": {"generieke-bouwsteen"},
    "exit-by-design": {"exitclausule", "exportstandaard", "looptijd", "jurisdictie", "lock-in"},
    "legacy": {"einde-levensduur", "opvolger", "uitgefaseerde-afhankelijkheid"},
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


def test_example_landscape_has_explained_and_unexplained_findings_from_every_framework(context):
    from ndsgraph.resources import data_dir

    data = Graph()
    data += context
    data.parse(data_dir() / "example-landscape.ttl")
    outcome = validation.validate(data, "example", reference_date=generate.TODAY)
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
