"""A building block's profile: who manages it and in which portfolio phase, the standards it
conforms to, what it needs and what needs it, who adopts it against its target, the
implementation agreements and their deadlines, and the findings about it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ndsgraph.profiles.organisation import by_status
from ndsgraph.profiles.reading import Reader, Row, Section
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store
from ndsgraph.together import together
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
    dependants: Mapping[str, Section]  # impact.rq's building blocks and applications
    affected: int  # impact.rq's organisations: its applications' and impact-adopters.rq's
    adopters: tuple[tuple[str, Section], ...]  # adopters.rq per status, in the vocabulary's order
    by_type: tuple[Row, ...]  # adoption-by-type.rq: organisations per type and status
    target: Row | None  # kpi-adoption-rate.rq's row of this block
    target_by_type: tuple[Row, ...]  # kpi-adoption-rate-by-type.rq's rows of this block
    agreements: Section
    findings: Section  # findings-about.rq, each finding once
    today: str
    names: Mapping[str, str]

    def dependants_of(self, kind: str) -> Section:
        """impact.rq's rows of one kind ("building block" or "application")."""
        return self.dependants.get(kind) or Section((), 0, "impact", {"block": self.about.iri})

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
    (
        dependants,
        owners,
        targets,
        adopters,
        adopting,
        findings,
        dependencies,
        by_type,
        target_by_type,
        agreements,
    ) = together(  # independent reads, side by side: NLX's 2,555 dependants beside the rest
        lambda: reader.sections("impact", "affected", "kind", "impact-dependants", block=iri),
        lambda: reader.listed("impact-owners", "affected", block=iri),  # run dependants
        lambda: reader.rows("kpi-adoption-rate", buildingBlock=iri),
        lambda: reader.sections("adopters", "organisation", "status", block=iri),
        lambda: reader.listed("impact-adopters", "affected", block=iri),
        lambda: reader.first(
            "findings-about",
            "finding",
            "findings-about-keys",
            "resource-findings-kept",  # the register's figures (``register.about``)
            resource=iri,
        ),
        lambda: tuple(reader.rows("dependencies", block=iri)),
        lambda: tuple(reader.rows("adoption-by-type", block=iri)),
        lambda: tuple(reader.rows("kpi-adoption-rate-by-type", buildingBlock=iri)),
        lambda: reader.ordered("implementation-agreements", "agreement", block=iri),
    )
    statuses = by_status([{"status": status} for status in adopters])  # in the vocabulary's order
    found = attributions(about)
    reader.mention(*(a.agent for a in found), *(a.role for a in found))
    return BuildingBlockProfile(
        about=about,
        attributions=found,
        portfolio_phase=about.value(NDSG.portfolioPhase.value),
        standards=about.values(DCT.conformsTo.value),
        dependencies=dependencies,
        dependants=dependants,
        affected=len(owners | adopting),
        adopters=tuple((group.key, adopters[group.key]) for group in statuses),
        by_type=by_type,
        target=targets[0] if targets else None,
        target_by_type=target_by_type,
        agreements=agreements,
        findings=findings,
        today=date.today().isoformat(),
        names={**about.names, **reader.names()},
    )
