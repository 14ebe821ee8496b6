"""The SHACL engines are chosen by name, the one that calls pyshacl-turbo's private
interface refuses a version it was not written for, and a whole-store snapshot handed over
as N-Triples (the engine starting on them at once) is judged as the same data in a store."""

import tomllib
from pathlib import Path

import pytest
from rdflib import Graph

from ndsgraph import validation
from ndsgraph.errors import EngineVersionMismatch, InputError
from ndsgraph.store import OxigraphStore, bundled, snapshot
from ndsgraph.validation import counts, engines

from .conftest import DATA

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def test_an_unknown_engine_is_an_input_error_listing_the_engines():
    with pytest.raises(
        InputError, match=r"unknown SHACL engine 'nosuch' \(use store, turbo, pyshacl\)"
    ):
        validation.validate(Graph(), "x", chosen=[], engine="nosuch")


@pytest.mark.parametrize("name", ["store", "turbo", "pyshacl"])
def test_each_engine_is_found_by_its_name(name: str):
    assert engines.named(name).name == name


def test_the_store_engine_refuses_a_pyshacl_turbo_it_was_not_written_for(monkeypatch):
    monkeypatch.setattr(engines, "installed_turbo", lambda: "0.7.0")
    data = Graph().parse(DATA / "small.ttl")
    message = r"written for pyshacl-turbo 0\.6\.5, 0\.7\.0 is installed"
    with pytest.raises(EngineVersionMismatch, match=message):  # not turned into a shapes error
        validation.validate(data, "x", chosen=[], engine="store")
    turbo = validation.validate(data, "x", chosen=[], engine="turbo")  # its public interface
    assert turbo.conforms


def test_the_pinned_pyshacl_turbo_is_the_one_the_adapter_is_written_for():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    assert f"pyshacl-turbo=={engines.TURBO_VERSION}" in dependencies
    assert engines.installed_turbo() == engines.TURBO_VERSION


def _comparable(findings: list) -> list[tuple]:
    """Findings as comparable across two reads of the same data (blank nodes, whose labels
    have no colon, get new labels)."""
    return sorted(
        (f.rule, f.subject if ":" in f.subject else "_:", f.value, f.organisation, f.severity)
        for f in findings
    )


def test_a_whole_store_snapshot_as_n_triples_is_judged_as_the_same_data_in_a_store():
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    copy, digest = snapshot.asserted(store)
    text, same_digest = snapshot.asserted_ntriples(store)
    in_store = validation.validate(copy, digest)
    started_early = validation.validate(text, same_digest)  # the engine starts on the text
    assert same_digest == digest
    assert started_early.findings  # the example landscape has deviations
    assert _comparable(started_early.findings) == _comparable(in_store.findings)
    assert started_early.organisation_counts == counts.counted(counts.memberships(copy))


def test_the_core_shapes_read_only_what_they_name_and_find_what_they_find_in_all_of_it(
    monkeypatch,
):
    """The Rust engine gets the statements whose predicate the SHACL Core shapes name (an
    upload judged about some nodes: an import's measurements are mostly statements none of
    them reads), and finds what it finds in all of the data; where the shapes may read any
    predicate (a closed shape, SPARQL it evaluates itself), it gets all of the data."""
    store = OxigraphStore()
    list(bundled.load_bundled(store, progress=False))
    copy, digest = snapshot.asserted(store)
    named = [
        f.subject
        for f in validation.validate(copy, digest).findings
        if f.subject.startswith("http")
    ]
    about = set(named[: len(named) // 2])
    pruned = validation.validate(copy, digest, about=about)
    monkeypatch.setattr(engines, "_named_predicates", lambda shapes: None)
    whole = validation.validate(copy, digest, about=about)
    assert pruned.findings
    assert _comparable(pruned.findings) == _comparable(whole.findings)


def test_shapes_that_may_read_any_predicate_get_all_of_the_data():
    closed = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> ."
        " ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ;"
        " sh:property [ sh:path ex:p ] .",
        format="turtle",
    )
    idle = Graph().parse(  # a SPARQL constraint of a shape that selects nothing judges nothing
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> ."
        " ex:S a sh:NodeShape ; sh:sparql [ sh:select 'SELECT $this WHERE { }' ] ."
        " ex:T a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ] .",
        format="turtle",
    )
    assert engines._named_predicates(closed) is None
    assert {p.value for p in engines._named_predicates(idle)} >= {
        "https://example.org/p",
        "https://example.org/C",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    }
