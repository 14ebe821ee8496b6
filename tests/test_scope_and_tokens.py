"""Who may say what: organisation and partner scope, and submitter tokens."""

import pyoxigraph as ox
import pytest

from ndsgraph import validation
from ndsgraph.errors import NotAllowed
from ndsgraph.store import OxigraphStore
from ndsgraph.submissions import Submissions
from ndsgraph.submitters import Registry, Submitter

LOGIUS = "https://identifier.overheid.nl/tooi/id/oorg/oorg10117"
GM0363 = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
BLOCK = "https://w3id.org/ndsgraph/id/bouwsteen/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")


def about(subject: str) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(subject), LABEL, ox.Literal("bijgewerkt"))]


@pytest.fixture
def submissions(tmp_path) -> Submissions:
    return Submissions(OxigraphStore(), tmp_path)


def test_partner_may_speak_for_the_building_blocks_it_manages_only(submissions):
    partner = Submitter(LOGIUS, "partner")
    context = validation.reference_context()
    submissions.check_scope(partner, about(BLOCK + "digid"), context)  # managed by Logius
    with pytest.raises(NotAllowed, match="bouwsteen/brp"):  # managed by RvIG
        submissions.check_scope(partner, about(BLOCK + "brp"), context)


def test_organisation_may_not_speak_for_a_building_block_or_another_organisation(submissions):
    organisation = Submitter(GM0363)
    context = validation.reference_context()
    submissions.check_scope(organisation, about("https://example.org/gm0363/app"), context)
    with pytest.raises(NotAllowed, match="digid"):
        submissions.check_scope(organisation, about(BLOCK + "digid"), context)
    with pytest.raises(NotAllowed, match="gm0599"):
        submissions.check_scope(
            organisation, about("https://identifier.overheid.nl/tooi/id/gemeente/gm0599"), context
        )


def test_tokens_are_issued_once_identified_and_revoked(tmp_path):
    registry = Registry(tmp_path / "submitters.json")
    token = registry.issue(GM0363)
    assert registry.identify(token) == Submitter(GM0363, "organisation")
    assert token not in (tmp_path / "submitters.json").read_text()  # only its hash is kept
    assert registry.identify("guess") is None
    assert registry.revoke(GM0363) == 1
    assert registry.identify(token) is None
