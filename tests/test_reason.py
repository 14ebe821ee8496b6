"""The fast engines against the reference (owlrl) on the bundled data: reasonable for OWL 2 RL,
the SPARQL rule queries for RDFS."""

import pyoxigraph as ox
import pytest
from rdflib.namespace import OWL, RDF, RDFS

from ndsgraph import reason, validation
from ndsgraph.errors import InputError

PYTHON_VALUE = {"true": "1", "false": "0"}  # how owlrl compares booleans with integers


@pytest.fixture(scope="module")
def data() -> ox.Store:
    """The bundled reference data and example landscape, in one default graph."""
    data = ox.Store()
    data.bulk_extend(validation.reference_quads())
    data.load(
        path=str(validation.resources.data_dir() / validation.EXAMPLE_GRAPH_FILE),
        format=ox.RdfFormat.TURTLE,
    )
    return data


def test_reasonable_infers_what_owlrl_infers_about_the_landscape(data):
    fast = reason.inferred(data, "owlrl", "reasonable")
    reference = reason.inferred(data, "owlrl", "owlrl")
    landscape = reason.about_things(reference)
    assert len(landscape) > 1000  # types and values through subclasses, subproperties, inverses
    assert reason.about_things(fast) == landscape
    extra = set(fast) - set(reference)  # reasonable types everything owl:Thing; owlrl does not
    assert {(t.predicate.value, t.object.value) for t in extra} <= {(str(RDF.type), str(OWL.Thing))}


def test_the_rdfs_rule_queries_infer_what_owlrl_infers_about_the_landscape(data):
    fast = reason.inferred(data, "rdfs", "sparql")
    reference = reason.about_things(reason.inferred(data, "rdfs", "owlrl"))
    assert len(fast) == len(set(fast)) and not any(ox.Quad(*t) in data for t in fast)
    landscape = reason.about_things(fast)
    assert len(landscape) > 1000 and landscape <= reference
    # owlrl's RDFS reads a literal as any literal of the same Python value: it adds "x"@en
    # where only "x"@nl was said with that property, and 1 where true was (True == 1 in
    # Python, once any 1 is in the data), which RDFS does not entail
    for triple in reference - landscape:
        said = {
            q.object
            for q in data.quads_for_pattern(triple.subject, triple.predicate, None)
            if isinstance(q.object, ox.Literal)
            and PYTHON_VALUE.get(q.object.value, q.object.value)
            == PYTHON_VALUE.get(triple.object.value, triple.object.value)
        }
        assert said and triple.object not in said, triple


def test_the_rdfs_rule_queries_refuse_an_extended_vocabulary():
    data = ox.Store()
    kind = ox.NamedNode("https://example.org/kind")
    data.add(ox.Quad(kind, ox.NamedNode(str(RDFS.subPropertyOf)), ox.NamedNode(str(RDF.type))))
    with pytest.raises(InputError, match="engine owlrl"):
        reason.inferred(data, "rdfs", "sparql")
