"""Names in a person's language: the label in the chosen language, then one without a
language, then Dutch, else the IRI's last segment; and the server's language choice."""

import pickle

import pytest

from ndsgraph.names import Text, names, plural_names, quoted_iris, readable, short
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


def test_a_name_keeps_the_language_it_is_written_in(store: OxigraphStore) -> None:
    found = names(store, [f"{EX}a", f"{EX}b", f"{EX}c"], "en")
    assert all(isinstance(name, Text) for name in found.values())
    assert [found[f"{EX}{x}"].language for x in "abc"] == ["en", "", "nl"]
    assert pickle.loads(pickle.dumps(found[f"{EX}c"])).language == "nl"  # from a worker


def test_a_deviation_without_a_label_is_named_by_its_rule_and_subject(
    store: OxigraphStore,
) -> None:
    store.update(
        f"""PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{
        <{EX}afwijking/gm0034/exit-by-design-zaakregistratie> a ndsg:Deviation ;
            ndsg:rule <{EX}regel/exitclausule> ; ndsg:subject <{EX}contract/zaakregistratie> .
        <{EX}regel/exitclausule> rdfs:label "Exitclausule"@nl, "Exit clause"@en .
        <{EX}labelled> a ndsg:Deviation ; rdfs:label "Eigen naam"@nl ;
            ndsg:rule <{EX}regel/exitclausule> ; ndsg:subject <{EX}contract/zaakregistratie> .
        }}"""
    )
    deviation = f"{EX}afwijking/gm0034/exit-by-design-zaakregistratie"
    found = names(store, [deviation, f"{EX}labelled"], "nl")
    assert found[deviation] == "Afwijking van \u2018Exitclausule\u2019 voor zaakregistratie"
    assert found[f"{EX}labelled"] == "Eigen naam"
    assert names(store, [deviation], "en")[deviation] == (
        "Deviation from \u2018Exit clause\u2019 for zaakregistratie"
    )


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


ODF = "https://w3id.org/ndsgraph/id/standaard/odf"
ZGW = "https://w3id.org/ndsgraph/id/bouwsteen/zgw-apis"


@pytest.mark.parametrize(
    ("message", "language", "read"),
    [
        (
            f"Voldoet niet aan de verplichte standaard {ODF} voor deze functie: pas de standaard "
            "toe (dct:conformsTo) of leg een gemotiveerde afwijking vast.",
            "nl",
            "Voldoet niet aan de verplichte standaard ODF voor deze functie: pas de standaard "
            "toe of leg een gemotiveerde afwijking vast.",
        ),
        (
            f"Own solution for a function covered by the generic building block {ZGW}: adopt it.",
            "en",
            "Own solution for a function covered by the generic building block ZGW APIs: adopt it.",
        ),
        (f"Depends on {ODF}.", "en", "Depends on ODF."),
        (
            "Een afname heeft een productiedatum (ndsg:productionDate).",
            "nl",
            "Een afname heeft een productiedatum.",
        ),
        (
            "Einde levensduur op 2027-08-01, binnen 12 maanden.",
            "nl",
            "Einde levensduur op 1 augustus 2027, binnen 12 maanden.",
        ),
        (
            "In production since its end of life on 2026-08-01: phase it out.",
            "en",
            "In production since its end of life on 1 August 2026: phase it out.",
        ),
        (  # no day: as is
            "Gezien om 2026-08-01T10:00:00 en op 2027-13-01.",
            "nl",
            "Gezien om 2026-08-01T10:00:00 en op 2027-13-01.",
        ),
        (  # an IRI without a name: its last segment
            f"Hangt af van {EX}x/unnamed, dat wordt uitgefaseerd.",
            "nl",
            "Hangt af van unnamed, dat wordt uitgefaseerd.",
        ),
    ],
)
def test_a_message_reads_with_names_and_dates_without_cited_terms(message, language, read):
    assert readable(message, {ODF: "ODF", ZGW: "ZGW APIs"}, language) == read


def test_the_iris_a_message_quotes_are_found_without_the_punctuation_after_them():
    assert quoted_iris([f"block {ZGW}: adopt it", f"see {ODF}.", "no IRI (dct:title)"]) == {
        ZGW,
        ODF,
    }


def test_a_record_without_a_label_is_named_by_what_it_is_is_about_and_whose(
    store: OxigraphStore,
) -> None:
    """A CSV template's contract (".../belastingen-oud/contract") read "contract" in the
    register and "Contract contract" in the leg-uit statement, an adoption read "nlx"."""
    org = f"{EX}gm0034"
    store.update(
        f"""PREFIX ndsg: <https://w3id.org/ndsgraph/def/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{
        ndsg:Contract rdfs:label "contract"@nl, "contract"@en .
        ndsg:Adoption rdfs:label "afname"@nl, "adoption"@en .
        <{org}> rdfs:label "gemeente Almere"@nl .
        <{EX}nlx> rdfs:label "NLX" .
        <{EX}app/belastingen-oud> ndsg:organisation <{org}> ;
            ndsg:contract <{EX}app/belastingen-oud/contract> .
        <{EX}app/belastingen-oud/contract> a ndsg:Contract .
        <{EX}losse/contract> a ndsg:Contract .
        <{EX}afname/nlx> a ndsg:Adoption ; ndsg:organisation <{org}> ;
            ndsg:buildingBlock <{EX}nlx> .
        }}"""
    )
    contract, adoption = f"{EX}app/belastingen-oud/contract", f"{EX}afname/nlx"
    found = names(store, [contract, adoption, f"{EX}losse/contract"], "nl")
    assert found[contract] == "contract belastingen-oud \u00b7 gemeente Almere"
    assert found[adoption] == "afname NLX \u00b7 gemeente Almere"
    assert found[f"{EX}losse/contract"] == "contract losse"  # its slug, not "contract" again
    assert (found[contract].kind, found[contract].about) == ("contract", "belastingen-oud")
    assert names(store, [adoption], "en")[adoption] == "adoption NLX \u00b7 gemeente Almere"
    assert pickle.loads(pickle.dumps(found[adoption])).about == "NLX"
