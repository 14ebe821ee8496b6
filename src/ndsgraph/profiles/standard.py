"""A standard's profile: its Forum Standaardisatie status, scope and version, what conforms to
it, its measured adoption per organisation type, and the deviations and findings recorded
against it."""

from collections.abc import Mapping
from dataclasses import dataclass

from ndsgraph.importers.standards import FORUM_SITES
from ndsgraph.profiles.building_block import Attribution, attributions
from ndsgraph.profiles.reading import Reader, Row, distinct
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store, true
from ndsgraph.vocabulary import NDSG

FOAF_PAGE = "http://xmlns.com/foaf/0.1/page"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
DCT_SOURCE = "http://purl.org/dc/terms/source"


@dataclass(frozen=True)
class StandardProfile:
    about: Resource
    attributions: tuple[Attribution, ...]
    forum_status: str | None
    status_source: str | None  # the page or list the status was read from
    functions: tuple[str, ...]  # the functions it applies to: its scope
    page: str | None
    versions: tuple[str, ...]  # as the Forum page words them
    sources: tuple[str, ...]  # the pages the versions were read from
    conforming: tuple[Row, ...]  # standard-conformance.rq
    adoption: tuple[Row, ...]  # kpi-standard-adoption.rq's rows of this standard
    deviations: tuple[Row, ...]
    findings: tuple[Row, ...]  # in force, with this standard as their value
    names: Mapping[str, str]

    def conforming_of(self, kind: str) -> tuple[str, ...]:
        return tuple(r["conforming"] for r in self.conforming if r["kind"] == NDSG[kind].value)

    @property
    def status_from_forum_page(self) -> bool:
        """Whether a Forum Standaardisatie page states the status, rather than the status being
        the one the Forum's decision-tree list implies."""
        return (self.status_source or "").startswith(FORUM_SITES)

    @property
    def unexplained(self) -> int:
        return sum(not true(f["explained"]) for f in self.findings)


def standard(store: Store, about: Resource, language: str) -> StandardProfile:
    """The profile of the standard ``iri``."""
    iri = about.iri
    reader = Reader(store, language)
    found = attributions(about)
    reader.mention(*(a.agent for a in found), *(a.role for a in found))
    return StandardProfile(
        about=about,
        attributions=found,
        forum_status=about.value(NDSG.forumStatus.value),
        status_source=about.value(NDSG.forumStatusSource.value),
        functions=about.values(NDSG.appliesToFunction.value),
        page=about.value(FOAF_PAGE),
        versions=about.values(OWL_VERSION),
        sources=about.values(DCT_SOURCE),
        conforming=tuple(reader.rows("standard-conformance", standard=iri)),
        adoption=tuple(reader.rows("kpi-standard-adoption", standard=iri)),
        deviations=tuple(reader.rows("standard-deviations", standard=iri)),
        findings=distinct(reader.rows("findings-about", resource=iri), "finding"),
        names={**about.names, **reader.names()},
    )
