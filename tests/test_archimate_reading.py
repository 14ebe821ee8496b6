"""Exchange files are read whole and safely: every concept of ArchiMate 3.1, and refusals that
name the line (invalid against the Open Group XSD, a DOCTYPE or entity, too large)."""

from pathlib import Path

import pytest

from ndsgraph.archimate import reading, schema, writing
from ndsgraph.errors import InputError

DATA = Path(__file__).parent / "data" / "archimate"
EVERY = DATA / "every-concept.xml"
# ArchiMate 3.1's element types, by category, and its relationship types
ELEMENT_TYPES = {
    "strategy": {"Resource", "Capability", "CourseOfAction", "ValueStream"},
    "business": {
        "BusinessActor", "BusinessRole", "BusinessCollaboration", "BusinessInterface",
        "BusinessProcess", "BusinessFunction", "BusinessInteraction", "BusinessEvent",
        "BusinessService", "BusinessObject", "Contract", "Representation", "Product",
    },
    "application": {
        "ApplicationComponent", "ApplicationCollaboration", "ApplicationInterface",
        "ApplicationFunction", "ApplicationInteraction", "ApplicationProcess",
        "ApplicationEvent", "ApplicationService", "DataObject",
    },
    "technology": {
        "Node", "Device", "SystemSoftware", "TechnologyCollaboration", "TechnologyInterface",
        "Path", "CommunicationNetwork", "TechnologyFunction", "TechnologyProcess",
        "TechnologyInteraction", "TechnologyEvent", "TechnologyService", "Artifact",
    },
    "physical": {"Equipment", "Facility", "DistributionNetwork", "Material"},
    "motivation": {
        "Stakeholder", "Driver", "Assessment", "Goal", "Outcome", "Principle", "Requirement",
        "Constraint", "Meaning", "Value",
    },
    "implementation": {"WorkPackage", "Deliverable", "ImplementationEvent", "Plateau", "Gap"},
    "other": {"Grouping", "Location", "AndJunction", "OrJunction"},
}  # fmt: skip
RELATIONSHIP_TYPES = {
    "Composition", "Aggregation", "Assignment", "Realization", "Serving", "Access",
    "Influence", "Triggering", "Flow", "Specialization", "Association",
}  # fmt: skip


def test_the_hand_written_model_holds_every_element_and_relationship_type_of_archimate_3_1():
    model = reading.read(EVERY.read_bytes(), EVERY.name)
    assert {e.type for e in model.elements} == set().union(*ELEMENT_TYPES.values())
    assert {r.type for r in model.relationships} == RELATIONSHIP_TYPES


def test_a_model_read_and_written_again_is_the_same_model_and_the_same_bytes():
    model = reading.read(EVERY.read_bytes(), EVERY.name)
    written = writing.write(model)
    again = reading.read(written, "written")
    assert again == model
    assert writing.write(again) == written


def test_names_documentation_properties_and_nesting_are_read_in_every_language():
    model = reading.read(EVERY.read_bytes(), EVERY.name)
    actor = next(e for e in model.elements if e.identifier == "e-business-actor")
    assert {(n.value, n.language) for n in actor.names} == {
        ("Een bedrijfsactor", "nl"),
        ("A business actor", "en"),
    }
    assert actor.documentation[0].value == "Wie iets doet.\n  Met een tweede regel, ingesprongen."
    owner = next(p for p in actor.properties if p.definition == "p-owner")
    assert {v.language for v in owner.values} == {"nl", "en"}
    folder = model.organizations[0].items[0].items[0]
    assert folder.identifier == "f-actors" and folder.items[2].labels[0].value == "Leeg en diep"
    view = model.views[0]
    assert [n.identifier for n in view.nodes[2].nodes] == ["n-component", "n-service"]
    assert {c.type for c in view.connections} == {"Relationship", "Line"}
    assert "bendpoint" in view.connections[1].raw[0]


def test_a_model_invalid_against_the_xsd_is_refused_with_the_xsds_message_naming_the_line():
    with pytest.raises(InputError, match=r"invalid.xml: line 11: .*BusinessWizard"):
        reading.read((DATA / "invalid.xml").read_bytes(), "invalid.xml")


def test_a_doctype_with_entities_is_refused_before_anything_expands():
    with pytest.raises(InputError, match=r"entity.xml: line 2: a DOCTYPE or entity declaration"):
        reading.read((DATA / "entity.xml").read_bytes(), "entity.xml")


def test_a_file_larger_than_the_limit_is_refused_before_it_is_parsed():
    data = EVERY.read_bytes()
    with pytest.raises(InputError, match=r"more than the 1000 an exchange file may have"):
        reading.read(data, "big.xml", max_bytes=1000)


def test_a_file_cut_off_is_refused_naming_the_line():
    data = EVERY.read_bytes()[:2000]
    with pytest.raises(InputError, match=r"cut.xml: line \d+: not well-formed XML"):
        reading.read(data, "cut.xml")


def test_without_the_xsds_a_model_is_refused_with_the_setting_to_give(monkeypatch, tmp_path):
    monkeypatch.setenv(schema.SETTING, str(tmp_path))
    with pytest.raises(schema.MissingSchema, match=r"set \$NDSGRAPH_ARCHIMATE_XSD"):
        reading.read(EVERY.read_bytes(), EVERY.name)
