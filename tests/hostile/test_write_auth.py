"""Writes without the right token are refused and change nothing."""

import pytest

from .conftest import UTRECHT, refused

UPDATE = "INSERT DATA { GRAPH <https://example.org/evil> { <urn:a> <urn:b> <urn:c> } }"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token"}, 403),
        ({"Authorization": "Basic d3Jvbmc6dG9rZW4="}, 401),
        ({"Authorization": "Bearer "}, 401),
    ],
)
def test_update_with_a_wrong_or_missing_token_is_refused_and_changes_nothing(
    attacker, headers, status
):
    before = attacker.fingerprint()
    answer = attacker.call(
        "/sparql",
        method="POST",
        data=UPDATE.encode(),
        headers={"Content-Type": "application/sparql-update", **headers},
    )
    refused(answer, "token", status=status)
    assert attacker.fingerprint() == before


def test_a_submitter_token_is_not_a_write_token(attacker):
    before = attacker.fingerprint()
    answer = attacker.call(
        "/sparql",
        method="POST",
        data=UPDATE.encode(),
        headers={"Content-Type": "application/sparql-update"},
        token=attacker.tokens[UTRECHT],
    )
    refused(answer, "token", status=403)
    assert attacker.fingerprint() == before
