"""The example landscape is deterministic, marked as example data and references real things."""

from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from ndsgraph import generate
from ndsgraph.resources import data_dir
from ndsgraph.terms import GRAPH, NDSG


def test_same_seed_same_landscape_other_seed_other_landscape():
    def turtle(seed: int) -> str:
        graph, _ = generate.generate(20, seed)
        return graph.serialize(format="turtle")

    assert turtle(7) == turtle(7)
    assert turtle(7) != turtle(8)


def test_committed_example_landscape_is_what_the_generator_writes(tmp_path):
    fresh = generate.write(tmp_path / "example-landscape.ttl")
    assert fresh.read_bytes() == (data_dir() / "example-landscape.ttl").read_bytes()


def test_size_parameter_scales_the_landscape():
    small, _ = generate.generate(size=10)
    large, _ = generate.generate(size=80)
    organisations = lambda g: set(g.objects(None, NDSG.organisation))  # noqa: E731
    assert len(organisations(small)) < len(organisations(large))


def test_landscape_is_marked_as_example_data():
    graph = Graph().parse(data_dir() / "example-landscape.ttl")
    meta = GRAPH["example-landscape"]
    assert (meta, RDF.type, NDSG.ExampleData) in graph
    assert graph.value(meta, DCTERMS.description) is not None


def test_landscape_has_every_kind_of_fact(loaded_store):
    counts = {
        row["c"].value.rsplit("/", 1)[1]: int(row["n"].value)
        for row in loaded_store.query(
            "SELECT ?c (COUNT(?s) AS ?n) WHERE { GRAPH <https://w3id.org/ndsgraph/graph/example-landscape> "
            "{ ?s a ?c } } GROUP BY ?c"
        )
    }
    for kind in (
        "Adoption",
        "Application",
        "LegacySystem",
        "Contract",
        "Deviation",
        "Initiative",
        "ImplementationAgreement",
    ):
        assert counts.get(kind, 0) > 0, kind


def test_landscape_references_only_known_organisations_and_building_blocks(loaded_store):
    dangling = list(
        loaded_store.query("""
        PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        SELECT ?x WHERE {
          { ?s ndsg:organisation ?x FILTER NOT EXISTS { ?x a <http://www.w3.org/ns/org#Organization> } }
          UNION
          { ?s ndsg:buildingBlock ?x FILTER NOT EXISTS { ?x a ndsg:BuildingBlock } }
        }""")
    )
    assert dangling == []


def test_national_size_streams_n_triples_with_its_built_in_findings(tmp_path):
    import json

    import pyoxigraph as ox

    path = generate.write(tmp_path / "landscape.nt", size="100k")
    triples = list(ox.parse(path.read_bytes(), ox.RdfFormat.N_TRIPLES))
    manifest = json.loads((tmp_path / "landscape.findings.json").read_text())
    assert 100_000 < len(triples) == manifest["triples"] < 200_000
    assert manifest["non_conformances"]["exit-by-design/exitclausule"] > 100


def test_landscape_names_only_reference_suppliers_and_products(loaded_store):
    def iris(pattern: str, graph: str) -> set[str]:
        query = f"SELECT DISTINCT ?o WHERE {{ GRAPH <{GRAPH[graph]}> {{ {pattern} }} }}"
        return {row["o"].value for row in loaded_store.query(query)}

    for predicate, kind in [(NDSG.supplier, NDSG.Supplier), (NDSG.product, NDSG.SoftwareProduct)]:
        named = iris(f"?x <{predicate}> ?o", "example-landscape")
        assert named, predicate
        assert named <= iris(f"?o a <{kind}>", "suppliers"), predicate
