"""Exports as ArchiMate exchange files: the national picture, gemeente Almere's landscape and
DigiD's dependency picture, each valid against the Open Group XSD, with the NDS facts as
properties and a generated view whose boxes do not overlap; the same file when made twice; and
every hand-written model through import, export and import again without loss."""

import dataclasses
from pathlib import Path

import pytest

from ndsgraph.archimate import exporting, importing, mapping, reading, schema, writing
from ndsgraph.archimate.model import Model, Node
from ndsgraph.intake import rdfio
from ndsgraph.store import GraphContent, OxigraphStore, bundled
from ndsgraph.vocabulary import ID

from .test_archimate_mapping import normalised

DATA = Path(__file__).parent / "data" / "archimate"
MODELS = ["every-concept.xml", "gdi-domain.xml", "gm0034-landscape.xml"]
ALMERE = "https://identifier.overheid.nl/tooi/id/gemeente/gm0034"
DIGID = ID["bouwsteen/digid"].value


@pytest.fixture(scope="module")
def bundled_graphs() -> dict[str, GraphContent]:
    graphs = {}
    for source in bundled.bundled_sources():
        data = source.path.read_bytes()
        quads = rdfio.parse(data, rdfio.format_for_path(source.path), source=str(source.path))
        graphs[source.graph] = GraphContent([q.triple for q in quads], bundled.sha256(data))
    return graphs


@pytest.fixture
def store(bundled_graphs) -> OxigraphStore:
    store = OxigraphStore()
    store.replace_graphs(bundled_graphs)
    return store


def valid(model: Model) -> bytes:
    """The model's file, checked against the Open Group XSD (lxml's XMLSchema)."""
    data = writing.write(model)
    schema.parse(data, "export", max_bytes=len(data))
    return data


def properties(model: Model, name: str) -> dict[str, list[str]]:
    element = next(e for e in model.elements if any(n.value == name for n in e.names))
    return {p.definition: [v.value for v in p.values] for p in element.properties}


EXPORTS = {
    "national": lambda store: exporting.national(store),
    "organisation": lambda store: exporting.organisation(store, ALMERE),
    "building block": lambda store: exporting.building_block(store, DIGID),
}


@pytest.mark.parametrize("kind", EXPORTS)
def test_each_export_is_valid_against_the_xsd_and_the_same_file_when_made_twice(store, kind):
    assert valid(EXPORTS[kind](store)) == valid(EXPORTS[kind](store))


@pytest.mark.parametrize("kind", EXPORTS)
def test_each_export_has_a_view_of_every_element_whose_boxes_do_not_overlap(store, kind):
    model = EXPORTS[kind](store)
    (view,) = model.views
    boxes = [n.bounds for n in view.nodes]
    assert {n.ref for n in view.nodes} == {e.identifier for e in model.elements}
    for index, a in enumerate(boxes):
        for b in boxes[index + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
            assert apart, (a, b)
    assert {c.ref for c in view.connections} == {r.identifier for r in model.relationships}


def test_the_national_picture_has_every_building_block_its_manager_standards_and_dependencies(
    store,
):
    model = exporting.national(store)
    products = [e for e in model.elements if e.type == "Product"]
    assert len(products) == 32
    types = {r.type for r in model.relationships}
    assert types == {"Serving", "Association", "Realization"}
    digid = properties(model, "DigiD")
    assert digid["ndsgraph-iri"] == [DIGID]
    assert digid["ndsgraph-portfolio-phase"] == ["standaard", "standard"]
    assert "Logius" in {
        n.value for e in model.elements if e.type == "BusinessActor" for n in e.names
    }


def test_almeres_landscape_has_its_applications_legacy_suppliers_contracts_and_adoptions(store):
    model = exporting.organisation(store, ALMERE)
    kinds = {e.type for e in model.elements}
    assert {"ApplicationComponent", "Contract", "BusinessActor", "Product"} <= kinds
    legacy = properties(model, "omgevingsvergunning (gm0034)")
    assert legacy["ndsgraph-end-of-life"] == ["2028-05-05"]
    assert legacy["ndsgraph-lifecycle-phase"] == ["in productie", "in production"]
    # the example landscape records a deviation about the contract of belastingheffing
    contract = next(
        e
        for e in model.elements
        if e.type == "Contract"
        and "belastingheffing"
        in dict((p.definition, p.values[0].value) for p in e.properties)["ndsgraph-iri"]
    )
    assert (
        dict((p.definition, p.values[0].value) for p in contract.properties)["ndsgraph-deviations"]
        == "1"
    )
    adoptions = [r for r in model.relationships if r.properties]
    assert adoptions and all(
        {p.definition for p in r.properties} >= {"ndsgraph-adoption-status"} for r in adoptions
    )


def test_a_building_blocks_picture_has_what_it_needs_and_what_needs_it(store):
    model = exporting.building_block(store, DIGID)
    names = {n.value for e in model.elements for n in e.names}
    assert {"DigiD", "Basisregistratie Personen (BRP)", "MijnOverheid"} <= names


def test_an_unknown_organisation_or_building_block_is_refused_naming_it(store):
    with pytest.raises(Exception, match="is not an organisation ndsgraph knows"):
        exporting.organisation(store, DIGID)
    with pytest.raises(Exception, match="is not a building block ndsgraph knows"):
        exporting.building_block(store, ALMERE)


def without_facts(model: Model) -> Model:
    """The model without what ndsgraph adds on export (its NDS facts as properties)."""
    return mapping.without_derived(model)


@pytest.mark.parametrize("name", MODELS)
def test_a_model_imported_and_exported_is_the_model_that_came_in(store, tmp_path, name):
    original = reading.read((DATA / name).read_bytes(), name)
    graph = importing.import_model(store, tmp_path, (DATA / name).read_bytes(), source=name).graph
    exported = exporting.imported(store, graph)
    valid(exported)
    assert normalised(without_facts(exported)) == normalised(original)


@pytest.mark.parametrize("name", MODELS)
def test_reimporting_an_export_changes_nothing_and_exports_the_same_file(store, tmp_path, name):
    data = (DATA / name).read_bytes()
    graph = importing.import_model(store, tmp_path, data, source=name).graph
    first = writing.write(exporting.imported(store, graph))
    content = {t for t in store.graph_triples(graph) if "created" not in str(t.predicate)}
    importing.import_model(store, tmp_path, first, source=name)
    assert {t for t in store.graph_triples(graph) if "created" not in str(t.predicate)} == content
    assert writing.write(exporting.imported(store, graph)) == first


def test_the_elements_of_a_national_export_are_ndsgraphs_own_when_imported_again(store, tmp_path):
    # an import is judged into the register, whose findings the export counts: once recorded
    # they stay as they are, so the export made after a first import is the steady one
    first = writing.write(exporting.national(store))
    importing.import_model(store, tmp_path, first, source="national.xml")
    exported = writing.write(exporting.national(store))
    graph = importing.import_model(store, tmp_path, exported, source="national.xml").graph
    again = exporting.imported(store, graph)
    products = [e for e in again.elements if e.type == "Product"]
    iris = {
        dict((p.definition, p.values[0].value) for p in e.properties)["ndsgraph-iri"]
        for e in products
    }
    assert len(iris) == 32 and all(i.startswith(ID["bouwsteen/"].value) for i in iris)
    assert writing.write(exporting.national(store)) == exported  # the import changed nothing


def test_the_view_nodes_of_a_model_keep_their_nesting_and_bounds_through_import(store, tmp_path):
    name = "every-concept.xml"
    graph = importing.import_model(store, tmp_path, (DATA / name).read_bytes(), source=name).graph
    (view,) = exporting.imported(store, graph).views
    group: Node = next(n for n in view.nodes if n.identifier == "n-group")
    assert [n.identifier for n in group.nodes] == ["n-component", "n-service"]
    assert (group.bounds.x, group.bounds.y, group.bounds.w, group.bounds.h) == (20, 120, 340, 160)
    assert dataclasses.asdict(view)["connections"][1]["raw"][0].startswith("<bendpoint")


def test_an_identifier_another_import_recorded_names_the_same_thing_whatever_its_name(
    store, tmp_path
):
    importing.import_model(
        store, tmp_path, (DATA / "gdi-domain.xml").read_bytes(), source="gdi-domain.xml"
    )
    renamed = (DATA / "gdi-domain.xml").read_bytes().replace(b"m-gdi-domain", b"m-other")
    renamed = renamed.replace(b">DigiD<", b">Inloggen voor burgers<")
    model = reading.read(renamed, "other.xml")
    found = mapping.apply(store, model, importing.model_base(model.identifier))
    assert found.represents["e-digid"] == DIGID
