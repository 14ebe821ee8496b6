"""Every term that is used is defined, in Dutch and English; the ontology has a proper header."""

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ndsgraph.resources import data_dir, ontology_dir, shapes_dir
from ndsgraph.terms import CONCEPT, NDSG


def _parse(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse(sorted(ontology_dir().glob("*.ttl")))


@pytest.fixture(scope="module")
def everything(ontology) -> Graph:
    graph = Graph()
    graph += ontology
    graph += _parse(sorted(shapes_dir().glob("*.ttl")) + sorted(data_dir().glob("*.ttl")))
    return graph


def _used(graph: Graph, namespace: str) -> set[URIRef]:
    """IRIs in the namespace, except the namespace itself and the ontology's version IRI."""
    versions = set(graph.objects(None, OWL.versionIRI))
    return {
        t
        for triple in graph
        for t in triple
        if isinstance(t, URIRef)
        and str(t).startswith(namespace)
        and str(t) != namespace
        and t not in versions
    }


def _languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def test_every_ontology_term_used_anywhere_is_defined(ontology, everything):
    declared = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    undefined = sorted(_used(everything, str(NDSG)) - declared)
    assert undefined == [], f"used but not defined in ontology/: {undefined}"


def test_every_ontology_term_has_dutch_and_english_label_and_definition(ontology):
    for term in _used(ontology, str(NDSG)):
        assert {"nl", "en"} <= _languages(ontology, term, RDFS.label), term
        assert {"nl", "en"} <= _languages(ontology, term, SKOS.definition), term


def test_every_concept_used_is_defined_with_both_labels(everything):
    for concept in _used(everything, str(CONCEPT)):
        assert {"nl", "en"} <= _languages(everything, concept, SKOS.prefLabel), concept


def test_ontology_header_has_version_licence_and_creator(ontology):
    header = URIRef(str(NDSG))
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (OWL.versionInfo, DCTERMS.license, DCTERMS.creator, OWL.versionIRI):
        assert ontology.value(header, predicate) is not None, predicate


def test_completeness_check_catches_a_typo(ontology):
    """The check above is not vacuous: a misspelt term is reported."""
    typo = Graph()
    typo.add((URIRef("https://example.org/x"), NDSG.dependsOnn, URIRef("https://example.org/y")))
    declared = {s for s in ontology.subjects(RDF.type, OWL.ObjectProperty)}
    assert _used(typo, str(NDSG)) - declared == {NDSG.dependsOnn}


def test_every_organisation_type_has_a_plural_label_in_dutch_and_english(ontology):
    scheme = CONCEPT["organisatietype"]
    types = set(ontology.subjects(SKOS.inScheme, URIRef(str(scheme))))
    assert len(types) >= 8
    for concept in types:
        assert {"nl", "en"} <= _languages(ontology, concept, NDSG.pluralLabel), concept
    gemeente = URIRef(str(CONCEPT["organisatietype/gemeente"]))
    assert Literal("gemeenten", lang="nl") in set(ontology.objects(gemeente, NDSG.pluralLabel))
