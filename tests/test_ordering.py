"""Answers ordered in Python (``ordering``) come out as Oxigraph's ORDER BY puts them, and a
query's ORDER BY is taken apart (``sparql_text.unordered``) or refused when it cannot be."""

import pyoxigraph as ox
import pytest

from ndsgraph.errors import InputError
from ndsgraph.sparql import ordering, sparql_text

ROWS = """
PREFIX ex: <https://example.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
ex:a ex:n 10 ; ex:s "b" ; ex:d "2026-01-02T00:00:00Z"^^xsd:dateTime ; ex:b true .
ex:b ex:n 9 ; ex:s "a"@nl ; ex:d "2025-12-31T00:00:00Z"^^xsd:dateTime ; ex:b false .
ex:c ex:n 9.5 ; ex:s "a"@en ; ex:b false .
ex:d ex:s "B" ; ex:d "2026-01-02T00:00:00Z"^^xsd:dateTime .
ex:e ex:n -1 ; ex:s "é" ; ex:b true ; ex:o _:x .
ex:f ex:n 2 ; ex:o ex:z .
"""
QUERY = """
PREFIX ex: <https://example.org/>
SELECT DISTINCT ?x ?n ?s ?d ?b ?o WHERE {
  ?x ?p ?any .
  OPTIONAL { ?x ex:n ?n } OPTIONAL { ?x ex:s ?s } OPTIONAL { ?x ex:d ?d }
  OPTIONAL { ?x ex:b ?b } OPTIONAL { ?x ex:o ?o }
}
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(ROWS.encode(), ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize(
    "order",
    ["?n ?x", "DESC(?n) ?x", "?s ?x", "?d DESC(?x)", "?b ?d ?x", "?o ?x", "ASC(?b) DESC(?s) ?x"],
)
def test_an_answer_ordered_here_is_in_the_order_oxigraph_gives(store, order):
    text = f"{QUERY}ORDER BY {order}"
    expected = [tuple(map(str, row)) for row in store.query(text)]
    unordered, keys = sparql_text.unordered(text)
    assert "ORDER" not in unordered.upper() and keys
    found = [tuple(map(str, row)) for row in ordering.ordered(store.query(unordered), keys)]
    assert len(expected) > 5 and found == expected


def test_an_order_is_read_as_variables_each_ascending_or_descending():
    text = "SELECT * WHERE { ?a ?b ?c } ORDER BY ?a DESC( ?b )\nASC(?c)\n"
    assert sparql_text.unordered(text) == (
        "SELECT * WHERE { ?a ?b ?c }\n",
        (("a", False), ("b", True), ("c", False)),
    )
    assert sparql_text.unordered("SELECT * WHERE { ?a ?b ?c }") == (
        "SELECT * WHERE { ?a ?b ?c }",
        (),
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("SELECT * WHERE { ?a ?b ?c } ORDER BY STR(?a)", "expression"),
        ("SELECT * WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 5", "LIMIT"),
    ],
)
def test_an_order_by_an_expression_or_a_paged_answer_is_not_taken_apart(text, reason):
    with pytest.raises(InputError, match=reason):
        sparql_text.unordered(text)
