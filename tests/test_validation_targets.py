"""A run about some nodes runs only the shapes whose targets select one of them, read from the
shapes' targets, and finds about them exactly what a run of every shape finds."""

from datetime import date

import pyoxigraph as ox
import pytest
from rdflib import Graph

from ndsgraph import validation
from ndsgraph.validation import frameworks, targets

from .conftest import DATA
from .test_frameworks import EXPECTED, FIXTURE_NS, PARAMETERS

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:ByClass a sh:NodeShape ; sh:targetClass ex:Thing .
ex:BySubject a sh:NodeShape ; sh:targetSubjectsOf ex:p .
ex:ByObject a sh:NodeShape ; sh:targetObjectsOf ex:q .
ex:ByNode a sh:NodeShape ; sh:targetNode ex:z .
ex:Either a sh:NodeShape ; sh:targetNode ex:z ; sh:targetSubjectsOf ex:q .
ex:BySparql a sh:NodeShape ; sh:targetNode ex:z ; sh:target [ a ex:SomeTarget ] .
"""
DATA_TTL = """
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Part rdfs:subClassOf ex:Thing .
ex:x a ex:Part ; ex:q ex:w .
ex:y ex:p ex:w .
"""
EX = "https://example.org/"


def targeted(shapes: Graph) -> set[str]:
    return {str(s) for kind in targets._SIMPLE for s in shapes.subjects(kind, None)}


def test_shapes_whose_targets_select_none_of_the_nodes_lose_their_targets():
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = ox.Store()
    data.bulk_extend(ox.Quad(*q.triple) for q in ox.parse(DATA_TTL, ox.RdfFormat.TURTLE))
    kept = targets.reaching(shapes, data, {EX + "x", EX + "w"})
    # x is a Thing by a subclass, the subject of q; w an object of q; no node is z or has p
    assert targeted(kept) == {EX + "ByClass", EX + "ByObject", EX + "Either", EX + "BySparql"}
    assert len(kept) == len(shapes) - 2  # the shapes themselves stay, for shapes naming them
    assert targeted(targets.reaching(shapes, data, {EX + "y", EX + "z"})) == targeted(shapes) - {
        EX + "ByClass",
        EX + "ByObject",
    }


@pytest.mark.parametrize("framework", sorted(EXPECTED))
def test_a_run_about_some_nodes_finds_about_them_what_a_run_of_every_shape_finds(framework):
    data, digest = validation.read_files([DATA / "frameworks" / f"{framework}-invalid.ttl"])
    data += validation.reference_context()
    options = {
        "chosen": frameworks.select([framework]),
        "overrides": PARAMETERS.get(framework, {}),
        "reference_date": date(2026, 6, 1),
    }
    everything = validation.validate(data, digest, **options).findings
    found_about = sorted({f.subject for f in everything if f.subject.startswith(FIXTURE_NS)})
    others = sorted({str(s) for s in data.subjects() if str(s).startswith(FIXTURE_NS)})
    about = set(found_about[::2]) | set(others[::2])  # half of each: some findings, not all
    found = validation.validate(data, digest, about=about, **options).findings
    assert sorted(found, key=repr) == sorted(
        (f for f in everything if f.subject in about), key=repr
    )
    assert found
