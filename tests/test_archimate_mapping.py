"""A model kept as RDF without loss, and what ndsgraph recognises in it as the mapping file
declares: building blocks, standards and organisations it names, an organisation's
applications, and the dependencies, adoptions and managers its relationships say."""

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from ndsgraph.archimate import importing, mapping, reading, records
from ndsgraph.archimate.model import Item, Model, Text
from ndsgraph.store import OxigraphStore, bundled
from ndsgraph.vocabulary import AM, ID, NDSG, PROV, RDF

DATA = Path(__file__).parent / "data" / "archimate"
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
LOGIUS = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"


def normalised(value: object) -> object:
    """A model with names, labels and values, elements, relationships and the references of a
    folder in a fixed order (the order among these means nothing in the format, and RDF keeps
    none)."""
    if isinstance(value, Model):
        by_identifier = {
            "elements": tuple(sorted(value.elements, key=lambda e: e.identifier)),
            "relationships": tuple(sorted(value.relationships, key=lambda r: r.identifier)),
        }
        value = dataclasses.replace(value, **by_identifier)
    if isinstance(value, Item):
        value = dataclasses.replace(
            value, items=tuple(sorted(value.items, key=lambda i: (i.ref is not None, i.ref or "")))
        )
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        return type(value)(**{f.name: normalised(getattr(value, f.name)) for f in fields})
    if isinstance(value, tuple) and value and all(isinstance(t, Text) for t in value):
        return tuple(sorted(value))
    if isinstance(value, tuple):
        return tuple(normalised(v) for v in value)
    return value


def read(name: str) -> Model:
    return reading.read((DATA / name).read_bytes(), name)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore()
    for source in bundled.bundled_sources():
        bundled.load_file(store, source.path, source.graph)
    return store


def derived(store: OxigraphStore, name: str, organisation: str | None = None) -> set[tuple]:
    model = read(name)
    base = (
        importing.submission_base(organisation)
        if organisation
        else importing.model_base(model.identifier)
    )
    found = mapping.apply(store, model, base, organisation)
    return {(t.subject.value.rsplit("/", 1)[-1], t.predicate, t.object) for t in found.triples}


def test_every_part_of_a_model_survives_the_way_through_rdf_and_a_store():
    model = read("every-concept.xml")
    store = ox.Store()
    store.extend(ox.Quad(*t) for t in records.triples(model, importing.model_base("m")))
    assert normalised(records.model(q.triple for q in store)) == normalised(model)


def test_an_element_keeps_its_type_identifier_names_and_documentation_as_rdf():
    model = read("every-concept.xml")
    base = importing.model_base(model.identifier)
    triples = set(records.triples(model, base))
    actor = records.node(base, "e-business-actor")
    assert ox.Triple(actor, RDF.type, AM.BusinessActor) in triples
    assert ox.Triple(actor, AM.identifier, ox.Literal("e-business-actor")) in triples
    assert {
        t.object for t in triples if t.subject == actor and t.object.__class__ is ox.Literal
    } >= {
        ox.Literal("Een bedrijfsactor", language="nl"),
        ox.Literal("Who does something.", language="en"),
    }


def test_a_product_that_names_a_building_block_is_that_building_block(store):
    found = derived(store, "gdi-domain.xml")
    assert ("e-digid", AM.represents, ID["bouwsteen/digid"]) in found
    # by an abbreviation in brackets: "Basisregistratie Personen (BRP)" is known as BRP
    assert ("e-brp", AM.represents, ID["bouwsteen/brp"]) in found
    # regardless of case
    assert ("e-mijnoverheid", AM.represents, ID["bouwsteen/mijnoverheid"]) in found


def test_the_kind_decides_a_constraint_named_digikoppeling_is_the_standard(store):
    found = derived(store, "gdi-domain.xml")
    assert ("e-digikoppeling", AM.represents, ID["bouwsteen/digikoppeling"]) in found
    assert ("e-digikoppeling-standaard", AM.represents, ID["standaard/digikoppeling"]) in found


def test_a_business_actor_naming_a_known_organisation_is_that_organisation(store):
    assert ("e-logius", AM.represents, ox.NamedNode(LOGIUS)) in derived(store, "gdi-domain.xml")


def test_a_new_product_with_a_known_partner_as_beheerder_becomes_a_building_block_it_manages(
    store,
):
    found = derived(store, "gdi-domain.xml")
    assert ("e-koppelvlak", RDF.type, NDSG.BuildingBlock) in found
    assert ("e-koppelvlak", NDSG.dependsOn, ID["bouwsteen/digikoppeling"]) in found
    agents = {o for s, p, o in found if p == PROV.agent}
    assert agents == {ox.NamedNode(LOGIUS)}


def test_what_the_mapping_does_not_cover_stays_an_archimate_node_and_nothing_is_derived(store):
    found = derived(store, "gdi-domain.xml")
    subjects = {s for s, _, _ in found}
    assert "e-zonder-beheerder" not in subjects and "e-proces" not in subjects
    # DigiD serves MijnOverheid: both are the reference data's, which a model never changes
    assert not any(p == NDSG.dependsOn and s in ("e-digid", "e-mijnoverheid") for s, p, _ in found)


def test_an_organisations_application_components_are_its_applications_with_their_suppliers(
    store,
):
    found = derived(store, "gm0034-landscape.xml", ALMERE)
    for application in ("e-zaaksysteem", "e-portaal"):
        assert (application, RDF.type, NDSG.Application) in found
        assert (application, NDSG.organisation, ox.NamedNode(ALMERE)) in found
    assert ("e-zaaksysteem", NDSG.supplier, ID["leverancier/centric"]) in found
    assert ("e-portaal", NDSG.dependsOn, ID["bouwsteen/digid"]) in found


def test_an_application_realising_a_building_block_is_the_organisations_adoption(store):
    found = derived(store, "gm0034-landscape.xml", ALMERE)
    adoptions = {s for s, p, o in found if p == RDF.type and o == NDSG.Adoption}
    assert len(adoptions) == 1
    (adoption,) = adoptions
    assert (adoption, NDSG.buildingBlock, ID["bouwsteen/notificaties-api"]) in found
    assert (adoption, NDSG.organisation, ox.NamedNode(ALMERE)) in found


def test_the_organisation_a_model_names_is_whose_applications_its_components_are(store):
    found = derived(store, "gm0034-landscape.xml")  # imported, submitted by nobody
    assert ("e-zaaksysteem", NDSG.organisation, ox.NamedNode(ALMERE)) in found


def test_application_components_of_nobodys_model_stay_archimate_nodes(store):
    model = dataclasses.replace(read("gm0034-landscape.xml"), properties=())
    found = mapping.apply(store, model, importing.model_base(model.identifier))
    assert not found.became and not any(t.predicate == NDSG.organisation for t in found.triples)


def test_an_identifier_recorded_before_or_derived_from_the_iri_names_the_same_thing(store):
    digid = ID["bouwsteen/digid"].value
    model = read("gdi-domain.xml")
    renamed = dataclasses.replace(
        model,
        elements=(
            dataclasses.replace(
                model.elements[3],
                identifier=mapping.stable_identifier(digid),
                names=(Text("Inloggen voor burgers", "nl"),),
            ),
        ),
        relationships=(),
    )
    found = mapping.apply(store, renamed, importing.model_base("x"))
    assert set(found.represents.values()) == {digid}
