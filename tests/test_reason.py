"""The fast OWL 2 RL engine against the reference (owlrl) on the bundled data."""

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF

from ndsgraph import reason, validation


def test_reasonable_infers_what_owlrl_infers_about_the_landscape():
    data = ox.Store()
    data.bulk_extend(validation.reference_quads())
    data.load(
        path=str(validation.resources.data_dir() / validation.EXAMPLE_GRAPH_FILE),
        format=ox.RdfFormat.TURTLE,
    )
    fast = reason.inferred(data, "owlrl", "reasonable")
    reference = reason.inferred(data, "owlrl", "owlrl")
    landscape = reason.about_things(reference)
    assert len(landscape) > 1000  # types and values through subclasses, subproperties, inverses
    assert reason.about_things(fast) == landscape
    extra = set(fast) - set(reference)  # reasonable types everything owl:Thing; owlrl does not
    assert {(t.predicate.value, t.object.value) for t in extra} <= {(str(RDF.type), str(OWL.Thing))}
