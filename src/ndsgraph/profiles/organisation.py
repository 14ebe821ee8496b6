"""An organisation's profile, read top to bottom: who it is, what it adopts, runs and has
contracted, where it deviates, what the register finds, what was measured, how that went over
time, and how it compares with the organisations of its type."""

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ndsgraph.names import plural_names
from ndsgraph.profiles.reading import Reader, Row, Section, distinct, number
from ndsgraph.profiles.resource import Resource
from ndsgraph.sparql import queries
from ndsgraph.store import Store, true
from ndsgraph.together import together
from ndsgraph.vocabulary import CONCEPT, DCT, NDSG, ORG, SH

IN_PRODUCTION = CONCEPT["status/in-productie"].value
# of a finding, what the page does not name: itself, the organisation (the page's own) and
# the deviation that explains it (a link)
LINKED_ONLY = ("finding", "resource", "link", "organisation", "deviation")


@dataclass(frozen=True)
class Group:
    """Rows that share one value (an adoption status, an evidence kind)."""

    key: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Moment:
    """The organisation's findings in force right after a validation run that changed them."""

    day: str
    findings: int
    unexplained: int


@dataclass(frozen=True)
class Comparison:
    """Its share of the building blocks meant for its type in production, beside its type's."""

    organisation_type: str
    meant: int  # building blocks whose adoption target names its type
    in_production: int
    share: float  # percent
    peers: int  # organisations of its type, itself included
    reporting: int  # those with at least one such block in production (and itself)
    median: float  # of the shares of the reporting organisations
    mean: float
    rank: int  # among the reporting organisations; 1: the highest share


@dataclass(frozen=True)
class OrganisationProfile:
    about: Resource
    code: str | None
    organisation_type: str | None
    parents: tuple[str, ...]
    adoptions: tuple[Group, ...]  # by status, in the vocabulary's order
    systems: Section  # legacy first, by end of life
    legacy: int  # of the systems
    contracts: Section  # by end date
    without_exit: int  # contracts without an exit clause
    deviations: Section  # by end of validity
    findings: Section  # in force now, the register's first (findings-about.rq), each once
    measurements: tuple[Row, ...]
    trend: tuple[Moment, ...]
    last_run: str | None  # when the latest validation run ended: an empty trend had none
    production_by_year: tuple[tuple[str, int], ...]  # in production by the end of each year
    comparison: Comparison | None
    peers_name: str | None  # its type's plural name ("gemeenten"), for a group of its peers
    today: str
    names: Mapping[str, str]

    @property
    def unexplained(self) -> tuple[Row, ...]:
        """Of the findings shown (all of them, unless ``findings.more``)."""
        return tuple(f for f in self.findings.rows if not true(f["explained"]))

    @property
    def explained(self) -> tuple[Row, ...]:
        return tuple(f for f in self.findings.rows if true(f["explained"]))

    @property
    def violations(self) -> int:
        return sum(f["severity"] == SH.Violation.value for f in self.findings.rows)

    def conforming(self) -> int:
        return sum(m["verdict"].endswith("/voldoet") for m in self.measurements)


def by_status(rows: list[Row], column: str = "status") -> tuple[Group, ...]:
    """Rows grouped by an adoption status, in the order of the status vocabulary."""
    order = [c.value for c in queries.concepts("status").values()]
    keys = sorted({r[column] for r in rows if r[column]}, key=lambda k: (k not in order, k))
    keys.sort(key=lambda k: order.index(k) if k in order else len(order))  # stable: unknown last
    return tuple(Group(k, tuple(r for r in rows if r[column] == k)) for k in keys)


def trend(history: tuple[Row, ...]) -> tuple[Moment, ...]:
    """Findings in force (and unexplained) after each run that began or ended one; the last
    run of a day stands for that day."""
    moments = sorted({r["since"] for r in history} | {r["until"] for r in history if r["until"]})
    days: dict[str, Moment] = {}
    for moment in moments:
        open_ = [
            r for r in history if r["since"] <= moment and not (r["until"] and r["until"] <= moment)
        ]
        unexplained = sum(not true(r["explained"]) for r in open_)
        days[moment[:10]] = Moment(moment[:10], len(open_), unexplained)
    return tuple(days.values())


def production_by_year(adoptions: list[Row]) -> tuple[tuple[str, int], ...]:
    """How many of its adoptions were in production by the end of each year, from their
    production dates (those in production without a date are left out)."""
    years = sorted(r["since"][:4] for r in adoptions if r["since"])
    return tuple((year, sum(y <= year for y in years)) for year in sorted(set(years)))


def comparison(levels: list[Row], producing: set[str | None]) -> Comparison | None:
    """Its share beside its type's, from ``peer-production-levels.rq`` (the kept production
    levels of its type) and the building blocks it has in production; none if no building
    block is meant for its type. Of several types, the first."""
    kind = levels[0]["organisationType"] if levels else None
    levels = [r for r in levels if r["organisationType"] == kind]
    meant = {r["meantBlock"] for r in levels if r["meantBlock"]}
    peers = int(max((number(r["peers"]) for r in levels), default=0))
    if not meant or not peers:  # nothing meant for its type, or it is no org:Organization
        return None
    own = len(meant & producing)
    counted = [(int(number(r["inProduction"])), int(number(r["organisations"]))) for r in levels]
    shares = [100 * level / len(meant) for level, n in counted if level for _ in range(n)]
    share = 100 * own / len(meant)
    shares += [share] * (own == 0)  # itself, with none in production
    if not shares:  # no production levels kept yet: a store no whole-store run has counted
        return None
    return Comparison(
        kind or "",
        len(meant),
        own,
        round(share, 1),
        peers,
        len(shares),
        round(statistics.median(shares), 1),
        round(statistics.fmean(shares), 1),
        1 + sum(s > share for s in shares),
    )


def _last_run(store: Store) -> str | None:
    """When the latest validation run ended (``leg-uit-run.rq``), if there was one."""
    ended = next(iter(queries.run(store, queries.internal("leg-uit-run"))))["ended"]
    return ended.value if ended is not None else None


def _plural(store: Store, kind: str | None, language: str) -> str | None:
    """The plural name of an organisation type ("gemeenten"), if there is one."""
    return plural_names(store, [kind], language)[kind] if kind else None


def organisation(store: Store, about: Resource, language: str) -> OrganisationProfile:
    """The profile of the organisation ``iri``."""
    iri = about.iri
    reader = Reader(store, language)
    (
        adoptions,
        history,
        (systems, kinds),
        (contracts, exits),
        findings,
        (deviations, _),
        measurements,
        levels,
        last_run,
    ) = together(  # independent reads, side by side
        lambda: reader.rows("organisation-adoptions", organisation=iri),
        lambda: reader.rows("finding-history-about", named=False, resource=iri),
        lambda: reader.section_by_keys(
            "organisation-systems",
            "system",
            "organisation-systems-keys",
            "legacy",
            organisation=iri,
        ),
        lambda: reader.section_by_keys(
            "contracts", "contract", "contracts-keys", "exitClause", organisation=iri
        ),
        lambda: reader.first(  # of some hundreds, the first and the register's kept number
            "findings-about",
            "finding",
            "findings-about-keys",
            "resource-findings-kept",  # the register's figures (``register.about``)
            unnamed=LINKED_ONLY,
            resource=iri,
        ),
        lambda: reader.section_by_keys(
            "deviations", "deviation", "deviations-keys", organisation=iri
        ),
        lambda: tuple(reader.rows("organisation-measurements", organisation=iri)),
        lambda: reader.rows("peer-production-levels", named=False, organisation=iri),
        lambda: _last_run(store),
    )
    in_production = [r for r in adoptions if r["status"] == IN_PRODUCTION]
    compared = comparison(levels, {r["block"] for r in in_production})
    reader.mention(compared.organisation_type if compared else None)
    return OrganisationProfile(
        about=about,
        code=about.value(DCT.identifier.value),
        organisation_type=about.value(NDSG.organisationType.value),
        parents=about.values(ORG.subOrganizationOf.value),
        adoptions=by_status(adoptions),
        trend=trend(distinct(history, "finding")),
        last_run=last_run,
        production_by_year=production_by_year(in_production),
        comparison=compared,
        peers_name=_plural(store, compared.organisation_type if compared else None, language),
        today=date.today().isoformat(),
        systems=systems,
        legacy=sum(n for (legacy,), n in kinds.items() if true(legacy)),
        contracts=contracts,
        without_exit=sum(n for (exit_clause,), n in exits.items() if exit_clause == "false"),
        deviations=deviations,
        findings=findings,
        measurements=measurements,
        names={**about.names, **reader.names()},
    )
