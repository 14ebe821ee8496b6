"""Injection attempts in every parameter the stored-query API and the pages take: each is a
4xx naming the parameter or value, or an ordinary answer; never a 5xx, and nothing changes."""

import urllib.parse

import pytest

from ndsgraph.sparql import queries

from .conftest import refused

HOSTILE = [
    "> } ; DROP ALL ; #",
    "<https://example.org/x>",
    'x" } INSERT DATA { <urn:a> <urn:b> <urn:c> } #',
    "https://example.org/a b",
    "https://example.org/\nDROP ALL",
    "https://example.org/\x00",
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "https://example.org/" + "x" * 20_000,
    "",
]
PARAMETERS = [
    (query.name, parameter.name, query.form)
    for query in queries.catalogue().values()
    for parameter in query.parameters
]
ANSWERS = {"CONSTRUCT": "text/turtle", "DESCRIBE": "text/turtle"}


def quoted(value: str) -> str:
    return urllib.parse.quote(value, safe="")


@pytest.fixture(scope="module")
def before(attacker) -> str:
    """The store before any attack in this module (one fingerprint: they take a second)."""
    return attacker.fingerprint()


@pytest.mark.parametrize(("name", "parameter", "form"), PARAMETERS)
def test_a_hostile_stored_query_parameter_is_refused_or_answered(
    attacker, before, name, parameter, form
):
    accept = ANSWERS.get(form, "application/sparql-results+json")
    for value in HOSTILE:
        answer = attacker.call(
            f"/api/queries/{name}?{parameter}={quoted(value)}", headers={"Accept": accept}
        )
        assert answer.status < 500, (value[:40], answer.status, answer.text[:300])
        if answer.status >= 400 and value:
            refused(answer, parameter)


@pytest.mark.parametrize("accept", ["text/html", "text/csv", "text/turtle"])
def test_unknown_parameters_and_queries_are_4xx_naming_them(attacker, accept):
    refused(attacker.call("/api/queries/dependencies?sql=1", headers={"Accept": accept}), "sql")
    refused(
        attacker.call("/api/queries/..%2F..%2Fetc%2Fpasswd", headers={"Accept": accept}),
        status=404,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/doc?uri={}",
        "/picture?uri={}",
        "/id/bouwsteen/{}",
        "/doc/bouwsteen/{}",
        "/def/{}",
    ],
)
def test_hostile_values_in_page_addresses_are_never_a_5xx(attacker, before, path):
    for value in HOSTILE:
        answer = attacker.call(path.format(quoted(value)), headers={"Accept": "text/html"})
        assert answer.status < 500, (path, value[:40], answer.status, answer.text[:300])
        assert "Traceback" not in answer.text


def test_no_injection_changed_the_store(attacker, before):
    assert attacker.fingerprint() == before


def test_a_repeated_parameter_is_refused_naming_it(attacker):
    answer = attacker.call(
        "/api/queries/adopters?block=https://example.org/a&block=https://example.org/b"
    )
    refused(answer, "more than one 'block'", status=400)


def test_a_form_in_another_charset_is_refused(attacker):
    answer = attacker.call(
        "/sparql",
        method="POST",
        data=b"query=ASK%7B%7D",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=latin1"},
    )
    refused(answer, "UTF-8", status=415)
