"""Scope escapes, lost updates and injection in the submissions API, against the live server.

A submitter may state things only about subjects it owns, as the store says (and the upload,
for new subjects); If-Match and ETag work as RFC 9110 writes them; the submitter slug in
``/api/submissions/<who>/…`` is looked up, never used as a path.
"""

import json
import urllib.parse

import pytest

from ndsgraph.intake.submissions import slug

from ..conftest import DATA
from .conftest import ALMERE, LOGIUS, UTRECHT, Answer, Attacker, refused

ALMERE_CONTRACT = "https://w3id.org/ndsgraph/id/voorbeeld/contract/gm0034/belastingheffing"
DIGID = "https://w3id.org/ndsgraph/id/bouwsteen/digid"
BRP = "https://w3id.org/ndsgraph/id/bouwsteen/brp"
RVIG = "https://identifier.overheid.nl/tooi/id/oorg/oorg10103"
PREFIXES = """@prefix ndsg: <https://w3id.org/ndsgraph/def/> .
@prefix gm: <https://identifier.overheid.nl/tooi/id/gemeente/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def portfolio(code: str, label: str = "Website") -> bytes:
    """The conforming test portfolio of tests/data/submissions/gm0363.ttl, for gemeente ``code``."""
    text = (DATA / "submissions" / "gm0363.ttl").read_text()
    return text.replace("gm0363", code).replace('"Website"@nl', f'"{label}"@nl').encode()


def submit(
    attacker: Attacker, who: str, body: bytes, *, headers: dict[str, str] | None = None
) -> Answer:
    return attacker.call(
        "/api/submissions",
        method="POST",
        data=body,
        headers={"Content-Type": "text/turtle", "Accept": "application/json", **(headers or {})},
        token=attacker.tokens[who],
    )


def etag(answer: Answer) -> str:
    """The answer's ETag header, as the server sends it."""
    return {name.lower(): value for name, value in answer.headers.items()}["etag"]


def current_etag(attacker: Attacker, who: str) -> str:
    """The ETag of ``who``'s current version (quoted)."""
    answer = attacker.call(f"/api/submissions/{slug(who)}")
    assert answer.status == 200, answer.text
    return etag(answer)


def refused_unchanged(attacker: Attacker, who: str, body: bytes, *needles: str) -> None:
    """A 403 naming every needle, and not one quad changed."""
    before = attacker.fingerprint()
    refused(submit(attacker, who, body), *needles, status=403)
    assert attacker.fingerprint() == before


def findings_about(attacker: Attacker, subject: str) -> int:
    rows = attacker.rows(
        "PREFIX ndsg: <https://w3id.org/ndsgraph/def/> "
        f"SELECT (COUNT(?f) AS ?n) WHERE {{ ?f a ndsg:Finding ; ndsg:subject <{subject}> }}"
    )
    return int(rows[0]["n"])


def test_utrecht_may_not_edit_almeres_contract(attacker):
    assert findings_about(attacker, ALMERE_CONTRACT) > 0  # the exit-clause finding
    edit = f"{PREFIXES}<{ALMERE_CONTRACT}> ndsg:hasExitClause true .".encode()
    refused_unchanged(attacker, UTRECHT, edit, ALMERE_CONTRACT, "gm0034")
    assert findings_about(attacker, ALMERE_CONTRACT) > 0


def test_utrecht_may_not_attach_a_new_application_to_almere(attacker):
    new = (
        f"{PREFIXES}<https://example.org/gm0344/stolen> a ndsg:Application ; "
        'rdfs:label "Gestolen"@nl ; ndsg:organisation gm:gm0034 .'
    ).encode()
    refused_unchanged(attacker, UTRECHT, new, "https://example.org/gm0344/stolen", "gm0034")


def test_a_blank_node_does_not_hide_another_organisation(attacker):
    new = f'{PREFIXES}[] a ndsg:Application ; rdfs:label "X"@nl ; ndsg:organisation gm:gm0034 .'
    refused_unchanged(attacker, UTRECHT, new.encode(), "gm0034")


def test_a_stored_blank_nodes_label_does_not_reach_it(attacker):
    """DigiD's attribution is a blank node; its label, read from the endpoint, names a new node
    in an upload, so Utrecht cannot make itself DigiD's manager. (The store's INSERT DATA makes
    blank nodes fresh too; the upload's are also renamed for validation and bulk writes.)"""
    label = attacker.rows(
        f"SELECT ?a WHERE {{ <{DIGID}> <http://www.w3.org/ns/prov#qualifiedAttribution> ?a }}"
    )[0]["a"]
    trick = (
        portfolio("gm0344").decode()
        + f"\n_:{label} <http://www.w3.org/ns/prov#agent> gm:gm0344 .\n"
    )
    answer = submit(attacker, UTRECHT, trick.encode())
    assert answer.status in (201, 422), answer.text
    managed = attacker.rows(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?agent WHERE "
        f"{{ <{DIGID}> prov:qualifiedAttribution/prov:agent ?agent }}"
    )
    assert [row["agent"] for row in managed] == [LOGIUS]


def test_utrecht_describes_its_own_new_and_existing_subjects(attacker):
    first = submit(attacker, UTRECHT, portfolio("gm0344"))
    assert first.status == 201, first.text
    again = submit(attacker, UTRECHT, portfolio("gm0344", label="Website (vernieuwd)"))
    assert again.status == 201, again.text  # its own stored subjects, described anew


def test_a_new_subject_in_another_submitters_graph_is_theirs(attacker):
    assert submit(attacker, ALMERE, portfolio("gm0034")).status == 201
    supplier = "https://example.org/gm0034/supplier"
    label = f'{PREFIXES}<{supplier}> rdfs:label "Overgenomen"@nl .'.encode()
    refused_unchanged(attacker, UTRECHT, label, supplier, ALMERE)


def test_logius_describes_digid_which_it_manages(attacker):
    answer = submit(attacker, LOGIUS, (DATA / "submissions" / "logius-digid.ttl").read_bytes())
    assert answer.status == 201, answer.text


def test_logius_may_not_describe_a_block_another_partner_manages(attacker):
    body = f'{PREFIXES}<{BRP}> rdfs:comment "Overgenomen."@nl .'.encode()
    refused_unchanged(attacker, LOGIUS, body, BRP, RVIG)


def test_graph_metadata_is_not_the_submitters(attacker):
    graph = "https://w3id.org/ndsgraph/graph/submission/" + slug(UTRECHT)
    body = f'{PREFIXES}<{graph}> <http://www.w3.org/ns/dcat#version> "999" .'.encode()
    refused_unchanged(attacker, UTRECHT, body, graph)


# If-Match and ETag (RFC 9110 section 13.1.1): strong comparison, "*", lists.


@pytest.fixture
def almere_etag(attacker) -> str:
    """Almere has a current version; its quoted ETag."""
    if attacker.call(f"/api/submissions/{slug(ALMERE)}").status == 404:
        assert submit(attacker, ALMERE, portfolio("gm0034")).status == 201
    return current_etag(attacker, ALMERE)


@pytest.mark.parametrize(
    "if_match",
    [
        pytest.param(lambda etag: etag, id="quoted"),
        pytest.param(lambda etag: "*", id="star"),
        pytest.param(lambda etag: f'"0-stale", {etag}', id="list"),
    ],
)
def test_if_match_with_the_current_etag_is_accepted(attacker, almere_etag, if_match):
    answer = submit(
        attacker, ALMERE, portfolio("gm0034"), headers={"If-Match": if_match(almere_etag)}
    )
    assert answer.status == 201, answer.text
    assert etag(answer).startswith('"') and etag(answer).endswith('"')
    assert etag(answer) == current_etag(attacker, ALMERE)


@pytest.mark.parametrize(
    "if_match",
    [
        pytest.param(lambda etag: f"W/{etag}", id="weak never matches"),
        pytest.param(lambda etag: '"0-stale"', id="stale"),
        pytest.param(lambda etag: '"0-stale", W/' + etag, id="list without a strong match"),
    ],
)
def test_if_match_without_the_current_etag_is_412_showing_it_quoted(
    attacker, almere_etag, if_match
):
    before = attacker.fingerprint()
    answer = submit(
        attacker, ALMERE, portfolio("gm0034"), headers={"If-Match": if_match(almere_etag)}
    )
    refused(answer, "current version of", f"is {almere_etag}", status=412)
    assert attacker.fingerprint() == before


@pytest.mark.parametrize("if_match", ["1-abc", '"unterminated', '"a" "b"', "", "W/", '"a b"'])
def test_a_malformed_if_match_is_400(attacker, almere_etag, if_match):
    before = attacker.fingerprint()
    answer = submit(attacker, ALMERE, portfolio("gm0034"), headers={"If-Match": if_match})
    refused(answer, "If-Match", status=400)
    assert attacker.fingerprint() == before


def test_get_honours_if_none_match_with_304(attacker, almere_etag):
    path = f"/api/submissions/{slug(ALMERE)}"
    assert attacker.call(path, headers={"If-None-Match": almere_etag}).status == 304
    assert attacker.call(path, headers={"If-None-Match": "*"}).status == 304
    changed = attacker.call(path, headers={"If-None-Match": '"0-stale"'})
    assert changed.status == 200 and etag(changed) == almere_etag
    assert json.loads(changed.text)["etag"] == almere_etag.strip('"')


# The submitter slug in the path is looked up, never used as a file name.


@pytest.fixture(scope="module")
def utrecht_has_versions(attacker) -> None:
    assert submit(attacker, UTRECHT, portfolio("gm0344")).status == 201


@pytest.mark.parametrize(
    "path",
    [
        "/api/submissions/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/submissions/%2e%2e",
        "/api/submissions/..",
        "/api/submissions/x%00y/versions",
        "/api/submissions/%3Cscript%3E/versions/1",
        "/api/submissions/" + "a" * 20_000,
        "/api/submissions/" + "%2e%2e%2f" * 500 + "history/versions/1",
        "/api/submissions/{utrecht}/versions/-1",
        "/api/submissions/{utrecht}/versions/99999999999999999999999",
        "/api/submissions/{utrecht}/versions/..%2F..%2Fsubmitters.json",
        "/api/submissions/{utrecht}/diff?from=1&to=99999",
        "/api/submissions/{utrecht}/diff?from=x&to=%27",
    ],
)
def test_injection_in_the_submitter_slug_is_4xx(attacker, utrecht_has_versions, path):
    answer = attacker.call(path.format(utrecht=urllib.parse.quote(slug(UTRECHT))))
    assert 400 <= answer.status < 500, (answer.status, answer.text[:300])
    assert "hash" not in answer.text  # never the registry's content


def test_utrecht_may_not_claim_almeres_contract_for_its_own_application(attacker):
    claim = (
        f"{PREFIXES}<https://example.org/gm0344/belasting> a ndsg:Application ; "
        f'rdfs:label "Belasting"@nl ; ndsg:organisation gm:gm0344 ; ndsg:contract <{ALMERE_CONTRACT}> .'
    ).encode()
    refused_unchanged(attacker, UTRECHT, claim, ALMERE_CONTRACT, "gm0034")
