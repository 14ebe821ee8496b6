"""Names in a person's language: the label in the chosen language, then one without a
language, then Dutch, else the IRI's last segment; and the server's language choice."""

import pytest

from ndsgraph.names import names, plural_names, short
from ndsgraph.store import OxigraphStore

EX = "https://example.org/"


@pytest.fixture()
def store() -> OxigraphStore:
    store = OxigraphStore()
    store.update(
        f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA {{
        <{EX}a> rdfs:label "Afnemer"@nl, "Adopter"@en .
        <{EX}b> rdfs:label "zonder taal" .
        <{EX}c> rdfs:label "alleen Nederlands"@nl .
        <{EX}d> rdfs:label "een label"@nl ; skos:prefLabel "voorkeur"@nl .
        <{EX}e> rdfs:label "Deutsch"@de .
        }}
        """
    )
    return store


def test_the_chosen_language_wins(store: OxigraphStore) -> None:
    assert names(store, [f"{EX}a"], "nl") == {f"{EX}a": "Afnemer"}
    assert names(store, [f"{EX}a"], "en") == {f"{EX}a": "Adopter"}


def test_a_missing_language_falls_back_to_no_language_then_dutch_then_any(
    store: OxigraphStore,
) -> None:
    found = names(store, [f"{EX}b", f"{EX}c", f"{EX}e"], "en")
    assert found == {f"{EX}b": "zonder taal", f"{EX}c": "alleen Nederlands", f"{EX}e": "Deutsch"}


def test_a_preferred_label_comes_before_a_label(store: OxigraphStore) -> None:
    assert names(store, [f"{EX}d"]) == {f"{EX}d": "voorkeur"}


def test_a_term_without_a_name_gets_its_last_segment(store: OxigraphStore) -> None:
    assert names(store, [f"{EX}x/gm0034"]) == {f"{EX}x/gm0034": "gm0034"}
    assert short("https://example.org/def#Thing") == "Thing"


def test_many_terms_are_named_in_blocks(store: OxigraphStore) -> None:
    many = [f"{EX}n{i}" for i in range(1200)] + [f"{EX}a"]
    found = names(store, many, "en")
    assert len(found) == 1201 and found[f"{EX}a"] == "Adopter"
    assert found[f"{EX}n1199"] == "n1199"


def test_a_nameless_iri_ending_in_a_hash_is_shown_by_its_host_not_the_hash() -> None:
    elis = (
        "http://data.europa.eu/2sa/cssv/rsc/"
        "e94d436ea20ee060d020fb9edaf8c2f2c77a3db63e0e6537bb69b839b2583aba"
    )
    assert short(elis) == "data.europa.eu"
    assert short("https://example.org/x/0f8fad5b-d9cb-469f-a165-70867728950e") == "example.org"
    assert short(f"{EX}begrip/gemeente") == "gemeente"


def test_a_plural_name_in_the_chosen_language_else_the_name(store: OxigraphStore) -> None:
    store.update(
        f"""PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        INSERT DATA {{ <{EX}g> ndsg:pluralLabel "gemeenten"@nl, "municipalities"@en }}"""
    )
    assert plural_names(store, [f"{EX}g", f"{EX}a"], "en") == {
        f"{EX}g": "municipalities",
        f"{EX}a": "Adopter",
    }
    assert plural_names(store, [f"{EX}g"], "nl") == {f"{EX}g": "gemeenten"}
