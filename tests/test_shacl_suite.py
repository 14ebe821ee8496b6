"""The W3C SHACL Core + SPARQL test suite, run through ndsgraph's own validation entry point.

Each test's shapes are passed as user-supplied shapes (no framework), as `ndsgraph validate
--shapes` does, once per engine. README.md records the counts: 118 of the 120 tests in the
manifest pass with each engine.
"""

import logging
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from ndsgraph import terms, validation
from ndsgraph.errors import InputError

from .conftest import SHARED
from .shacl_suite import SuiteTest, collect, has_messages, normalise

MANIFEST = SHARED / "suites" / "w3c-shacl-test-suite" / "tests" / "manifest.ttl"
# Known differences, each with its reason; strict, so a fix shows up as a failure to update.
UNIQUE_LANG = 'reads sh:uniqueLang "1"^^xsd:boolean as true; the suite says only true activates it'
KNOWN_FAILURES = {
    ("pyshacl", "core/property/uniqueLang-002"): "pySHACL " + UNIQUE_LANG,
    ("pyshacl", "sparql/pre-binding/shapesGraph-001"): "pySHACL does not support $shapesGraph",
    ("turbo", "core/property/uniqueLang-002"): "pyshacl-turbo " + UNIQUE_LANG,
    ("store", "core/property/uniqueLang-002"): "pyshacl-turbo (SHACL Core) " + UNIQUE_LANG,
    (
        "store",
        "core/property/or-datatypes-001",
    ): "the test data read by rdflib (its ill-formed literal)",
    (
        "store",
        "core/property/datatype-ill-formed",
    ): 'the engine reads the data from Oxigraph, which stores "300"^^xsd:byte as xsd:integer',
    (
        "turbo",
        "core/property/or-datatypes-001",
    ): "pyshacl-turbo on an rdflib graph (its ill-formed literal)",
}
ENGINES = ("store", "turbo", "pyshacl")  # the default, the per-focus-node one, the reference
TESTS = collect(MANIFEST) if MANIFEST.is_file() else []


def test_suite_is_present_and_complete():
    if not MANIFEST.is_file():
        pytest.skip(f"W3C SHACL suite not found at {MANIFEST}")
    assert len(TESTS) == 120


def outcome(test: SuiteTest, engine: str) -> bool:
    data = Graph().parse(test.data, format="turtle")
    try:
        result = validation.validate(
            data, "w3c-suite", chosen=[], extra_shapes=[test.shapes], engine=engine
        )
    except InputError:
        return test.expects_failure
    if test.expects_failure:
        return False
    graph = terms.graph(result.report)
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    return isomorphic(
        normalise(graph, report, keep_messages=has_messages(test.expected)), test.expected
    )


def _param(engine: str, test: SuiteTest):
    reason = KNOWN_FAILURES.get((engine, test.name))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(engine, test, id=f"{engine}:{test.name}", marks=marks)


@pytest.mark.parametrize(("engine", "test"), [_param(e, t) for e in ENGINES for t in TESTS])
def test_w3c_shacl(engine: str, test: SuiteTest, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.CRITICAL)  # the suite feeds rdflib ill-formed literals on purpose
    assert outcome(test, engine)


def test_the_normalised_comparison_is_not_vacuous():
    """A report with a result removed no longer matches: the check can fail."""
    if not TESTS:
        pytest.skip(f"W3C SHACL suite not found at {MANIFEST}")
    test = next(t for t in TESTS if t.name == "core/node/class-001")
    data = Graph().parse(test.data, format="turtle")
    result = validation.validate(
        data, "w3c-suite", chosen=[], extra_shapes=[Path(test.shapes)], engine="pyshacl"
    )
    graph = terms.graph(result.report)
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    first = next(graph.objects(report, SH.result))
    graph.remove((report, SH.result, first))
    assert not isomorphic(normalise(graph, report, keep_messages=False), test.expected)
