"""The organisation counts the cross-organisation rules and the variants read
(ndsgraph.validation.counts)."""

from collections import Counter

from ndsgraph.sparql import queries
from ndsgraph.validation import counts


def test_the_variants_counted_from_the_organisation_counts_are_those_of_kpi_variants(
    loaded_store,
):
    """The register's variant counts come from the kept counts; the KPI query counts the data
    itself: both must say the same, pair by pair."""
    counted = counts.variants(counts.counted(counts.memberships(loaded_store)))
    rows = queries.run(loaded_store, queries.stored("kpi-variants"))
    expected = {
        (r["function"].value, r["organisationType"].value): int(r["variants"].value) for r in rows
    }
    assert expected and {(v.function, v.organisation_type): v.variants for v in counted} == expected


def test_moving_counts_takes_each_organisations_difference_and_drops_empty_counts():
    a, b, c = (("kind", "type", "f", s, "", "") for s in "abc")
    current = Counter({a: 2, b: 1})
    before = {"x": {a, b}, "y": set()}
    after = {"x": {a, c}, "y": {c}}
    assert counts.moved(current, before, after) == Counter({a: 2, c: 2})
    assert current == Counter({a: 2, b: 1})  # not changed in place


def test_only_what_puts_an_organisation_in_a_count_moves_counts():
    """A measurement or a domain names its organisation but moves no count; an application
    with a supplier does; a building block's description can move everyone's."""
    import pyoxigraph as ox

    from ndsgraph.store import OxigraphStore
    from ndsgraph.vocabulary import NDSG, RDF

    store = OxigraphStore()
    org, thing = ox.NamedNode("https://example.org/org"), ox.NamedNode("https://example.org/x")
    measured = [
        ox.Triple(thing, RDF.type, NDSG.Measurement),
        ox.Triple(thing, NDSG.organisation, org),
    ]
    assert counts.affected(store, {thing.value}, measured) == frozenset()
    supplied = [*measured[1:], ox.Triple(thing, NDSG.supplier, ox.NamedNode("https://e.org/s"))]
    assert counts.affected(store, {thing.value}, supplied) == {org.value}
    block = [ox.Triple(thing, RDF.type, NDSG.BuildingBlock)]
    assert counts.affected(store, {thing.value}, block) is None
    store.add_triples("https://example.org/g", supplied)  # an application the store holds
    assert counts.affected(store, {thing.value}, []) == {org.value}  # withdrawn: it moves


def test_what_the_store_holds_of_a_changed_subject_tells_whose_counts_it_moves(store):
    """Withdrawn, an adoption the store holds moves its organisation's counts, a building
    block the store describes everyone's, and anything else nobody's, on every store."""
    import pyoxigraph as ox

    from ndsgraph.vocabulary import NDSG, RDF

    org = ox.NamedNode("https://example.org/org")
    adoption, block, measured = (ox.NamedNode(f"https://example.org/{n}") for n in "abm")
    store.add_triples(
        "https://example.org/g",
        [
            ox.Triple(adoption, NDSG.organisation, org),
            ox.Triple(adoption, NDSG.adoptionStatus, ox.NamedNode("https://example.org/s")),
            ox.Triple(measured, NDSG.organisation, org),
            ox.Triple(measured, RDF.type, NDSG.Measurement),
            ox.Triple(block, RDF.type, NDSG.BuildingBlock),
        ],
    )
    assert counts.affected(store, {adoption.value, measured.value}, []) == {org.value}
    assert counts.affected(store, {measured.value}, []) == frozenset()
    assert counts.affected(store, {measured.value, block.value}, []) is None


def test_an_organisations_memberships_read_alone_are_its_part_of_everyones(loaded_store):
    """A submission reads only its organisations' memberships (the queries with their IRI
    written in, into the subqueries too): the same as theirs among everyone's, supplies
    (applications and contracts) included."""
    everyone = counts.memberships(loaded_store)
    supplied = {counts.NDSG.SupplierContracts.value, counts.NDSG.SuppliedApplications.value}
    some = sorted(o for o, keys in everyone.items() if {k[0] for k in keys} & supplied)[:5]
    assert some
    assert counts.memberships(loaded_store, some) == {o: everyone[o] for o in some}


def test_statements_in_two_graphs_count_once():
    """What a load holds, submitted again in a graph of its own, is the same applications and
    contracts: an organisation's counts do not double."""
    import pyoxigraph as ox

    from ndsgraph.store import OxigraphStore
    from ndsgraph.vocabulary import NDSG, RDF

    org, supplier = ox.NamedNode("https://example.org/org"), ox.NamedNode("https://e.org/s")
    contract, app = ox.NamedNode("https://example.org/c"), ox.NamedNode("https://example.org/a")
    triples = [
        ox.Triple(contract, RDF.type, NDSG.Contract),
        ox.Triple(contract, NDSG.organisation, org),
        ox.Triple(contract, NDSG.supplier, supplier),
        ox.Triple(contract, NDSG.hasExitClause, ox.Literal(False)),
        ox.Triple(app, NDSG.organisation, org),
        ox.Triple(app, NDSG.supplier, supplier),
        ox.Triple(app, NDSG.function, ox.NamedNode("https://example.org/f")),
        ox.Triple(app, NDSG.contract, contract),
    ]
    store = OxigraphStore()
    store.add_triples("https://example.org/loaded", triples)
    once = counts.memberships(store, [org.value])
    store.add_triples("https://example.org/submitted", triples)
    assert counts.memberships(store, [org.value]) == once
    assert once[org.value][(NDSG.SupplierContracts.value, "", "", supplier.value, "", "", "")] == 1
