"""A building block's profile: who manages it and in which portfolio phase, the standards it
conforms to, what it needs and what needs it, who adopts it against its target, the
implementation agreements and their deadlines, and the findings about it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ndsgraph.profiles.organisation import Group, by_status
from ndsgraph.profiles.reading import Reader, Row, distinct
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store
from ndsgraph.vocabulary import DCAT, DCT, NDSG, PROV


@dataclass(frozen=True)
class Attribution:
    """A qualified attribution: an agent in a role ("beheerder: Logius")."""

    agent: str
    role: str | None


@dataclass(frozen=True)
class BuildingBlockProfile:
    about: Resource
    attributions: tuple[Attribution, ...]
    portfolio_phase: str | None
    standards: tuple[str, ...]
    dependencies: tuple[Row, ...]  # dependencies.rq: transitive, with ?direct
    dependants: tuple[Row, ...]  # impact.rq: building blocks, applications, organisations
    adopters: tuple[Group, ...]  # adopters.rq by status
    by_type: tuple[Row, ...]  # adoption-by-type.rq: organisations per type and status
    target: Row | None  # kpi-adoption-rate.rq's row of this block
    target_by_type: tuple[Row, ...]  # kpi-adoption-rate-by-type.rq's rows of this block
    agreements: tuple[Row, ...]
    findings: tuple[Row, ...]
    today: str
    names: Mapping[str, str]

    def dependants_of(self, kind: str) -> tuple[Row, ...]:
        return tuple(r for r in self.dependants if r["kind"] == kind)

    def adopted(self, organisation_type: str | None, status: str) -> int:
        return sum(
            int(r["organisations"] or 0)
            for r in self.by_type
            if r["organisationType"] == organisation_type and r["status"] == status
        )


def attributions(about: Resource) -> tuple[Attribution, ...]:
    """The agents it is attributed to, read from its (blank or internal) attribution nodes."""
    found = []
    for node in about.nodes(PROV.qualifiedAttribution.value):
        inner = {f.property: f.value for f in node.inner}
        if PROV.agent.value in inner:
            found.append(Attribution(inner[PROV.agent.value], inner.get(DCAT.hadRole.value)))
    return tuple(found)


def building_block(store: Store, about: Resource, language: str) -> BuildingBlockProfile:
    """The profile of the building block ``iri``."""
    iri = about.iri
    reader = Reader(store, language)
    targets = reader.rows("kpi-adoption-rate", buildingBlock=iri)
    sections = {
        "dependencies": tuple(reader.rows("dependencies", block=iri)),
        "dependants": tuple(reader.rows("impact", block=iri)),
        "adopters": by_status(reader.rows("adopters", block=iri)),
        "by_type": tuple(reader.rows("adoption-by-type", block=iri)),
        "target_by_type": tuple(reader.rows("kpi-adoption-rate-by-type", buildingBlock=iri)),
        "agreements": tuple(reader.rows("implementation-agreements", block=iri)),
        "findings": distinct(reader.rows("findings-about", resource=iri), "finding"),
    }
    found = attributions(about)
    reader.mention(*(a.agent for a in found), *(a.role for a in found))
    return BuildingBlockProfile(
        about=about,
        attributions=found,
        portfolio_phase=about.value(NDSG.portfolioPhase.value),
        standards=about.values(DCT.conformsTo.value),
        target=targets[0] if targets else None,
        today=date.today().isoformat(),
        names={**about.names, **reader.names()},
        **sections,
    )
