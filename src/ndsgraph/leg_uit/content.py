"""What a *leg uit* statement says, gathered from the store: for one organisation and one
year, per standard, building block or framework rule it does not (everywhere) apply, its
deviations and the findings it has yet to explain.

What the year means: the deviations whose validity touches the year (any status: a requested
or rejected one is part of the account too), and the unexplained findings in the deviations
register at the end of the year, or now while the year is not over (those still open).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pyoxigraph as ox

from ndsgraph.errors import InputError, UnknownResource, shown
from ndsgraph.names import DEFAULT_LANGUAGE, Described, names, quoted_iris, readable
from ndsgraph.register import selection
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store, true
from ndsgraph.validation import frameworks
from ndsgraph.vocabulary import NDSG

FIRST_YEAR = 2000  # nothing the frameworks judge was recorded before
SEVERITY_ORDER = ("Violation", "Warning", "Info")
# what a thing is called: the first of its types in this list, most specific first
KINDS = tuple(
    NDSG[name].value
    for name in (
        "Standard",
        "BuildingBlock",
        "LegacySystem",
        "Application",
        "Contract",
        "Adoption",
        "Initiative",
        "FrameworkRule",
    )
)
APPLIED = KINDS[:2]  # a section is about a standard or building block where one is known


@dataclass(frozen=True)
class Text:
    """Words as recorded, and their language ("" if none): a motivation may be Dutch only."""

    value: str
    language: str


@dataclass(frozen=True)
class ExitPlan:
    """An initiative that migrates away from a thing (ndsg:migratesFrom)."""

    name: str
    phase: str | None
    started: date | None


@dataclass(frozen=True)
class Thing:
    iri: str
    name: str
    type: str | None  # its class (the most specific of KINDS)
    kind: str | None  # the name of that class, e.g. "applicatie"
    successors: tuple[str, ...] = ()
    exit_plans: tuple[ExitPlan, ...] = ()


@dataclass(frozen=True)
class Deviation:
    iri: str
    rule: str
    framework: str | None
    subject: Thing | None
    status: str | None  # the status concept's notation: goedgekeurd, aangevraagd, …
    status_name: str | None
    kind: str | None  # tijdelijk or permanent, by name
    decided_by: str | None
    valid_from: date | None
    valid_through: date | None
    motivation: Text | None


@dataclass(frozen=True)
class Finding:
    iri: str
    rule: str | None
    subject: Thing
    severity: str  # Violation, Warning or Info
    message: str
    first_seen: datetime


@dataclass(frozen=True)
class Part:
    """One thing the organisation does not (everywhere) apply: a standard, a building block
    or, where neither is known, the framework rule itself; its deviations and open findings."""

    thing: Thing
    frameworks: tuple[str, ...]
    deviations: tuple[Deviation, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Source:
    name: str | None  # the graph's title; None: a graph without one (a submission)
    modified: date | None
    example: bool  # fictitious example data


@dataclass(frozen=True)
class Organisation:
    iri: str
    code: str | None
    name: str


@dataclass(frozen=True)
class Statement:
    organisation: Organisation
    year: int
    language: str
    as_of: date | None  # the register at the end of this day; None: now
    register_run: datetime | None  # when the run ended that made that register
    frameworks: tuple[str, ...]
    parts: tuple[Part, ...]
    sources: tuple[Source, ...]
    made: date

    @property
    def deviations(self) -> tuple[Deviation, ...]:
        """Every deviation in the statement, each once."""
        return tuple({d.iri: d for p in self.parts for d in p.deviations}.values())

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every unexplained finding in the statement, each once."""
        return tuple({f.iri: f for p in self.parts for f in p.findings}.values())

    @property
    def recorded(self) -> bool:
        """Whether anything is recorded about the organisation (a portfolio, a deviation):
        without it a statement cannot say that it complies."""
        return bool(self.sources)

    @property
    def fictitious(self) -> bool:
        return any(source.example for source in self.sources)


def checked_year(text: str | int, today: date | None = None, called: str = "the year") -> int:
    """A year a statement can be about: from 2000 up to this one (a year not yet begun has
    nothing to account for); ``called``: what the message calls the parameter it came in
    (``parameter 'jaar'``, ``--year``)."""
    last = (today or date.today()).year
    year = int(text) if re.fullmatch(r"\s*[0-9]{4}\s*", str(text)) else None  # ASCII digits
    given = shown(str(text))
    if year is not None and year > last:
        raise InputError(
            f"{called}: {year} has not begun; a statement is about a year up to {last}",
            nl=f"{called}: {year} is nog niet begonnen; een verantwoording gaat over een jaar "
            f"tot en met {last}",
        )
    if year is None or year < FIRST_YEAR:
        raise InputError(
            f"{called} must be a year from {FIRST_YEAR} to {last}, got '{given}'",
            nl=f"{called} moet een jaar van {FIRST_YEAR} tot en met {last} zijn, niet '{given}'",
        )
    return year


def organisation(store: Store, given: str, language: str = DEFAULT_LANGUAGE) -> Organisation:
    """The organisation ``given`` names, by its code (dct:identifier, e.g. gm0034, in any
    case) or its IRI, as the register's filter finds it; one the store does not know is an
    UnknownResource naming it."""
    given = given.strip()
    found = selection.organisations_named(store, given) if given else []
    if not found:
        raise UnknownResource(
            f"no organisation '{shown(given)}' in the store (give its code, e.g. gm0034, or its IRI)",
            nl=f"geen organisatie '{shown(given)}' in de store (geef haar code, bijvoorbeeld gm0034, "
            "of haar IRI)",
        )
    iri = found[0][0]
    codes = sorted(code for found_iri, code in found if found_iri == iri and code)
    return Organisation(iri, codes[0] if codes else None, names(store, [iri], language)[iri])


def _value(term: ox.NamedNode | ox.Literal | None) -> str | None:
    return term.value if term is not None else None


def _day(term: ox.Literal | None) -> date | None:
    return date.fromisoformat(term.value[:10]) if term is not None else None


def _time(term: ox.Literal) -> datetime:
    return datetime.fromisoformat(term.value.replace("Z", "+00:00"))


def _chosen(texts: Iterable[ox.Literal], language: str) -> Text | None:
    """The text in ``language``, else one without a language, else Dutch, else any."""
    order = (language, "", DEFAULT_LANGUAGE)
    ranked = sorted(
        texts,
        key=lambda t: (
            order.index(t.language or "") if (t.language or "") in order else 9,
            t.value,
        ),
    )
    return Text(ranked[0].value, ranked[0].language or "") if ranked else None


@dataclass(frozen=True)
class _Facts:
    """What the store says about the things a statement mentions (``leg-uit-things.rq``)."""

    types: dict[str, set[str]]
    successors: dict[str, set[str]]
    plans: dict[str, dict[str, tuple[str | None, date | None]]]  # initiative → phase, start

    def kind(self, iri: str | None) -> str | None:
        types = self.types.get(iri or "", set())
        return next((k for k in KINDS if k in types), None)

    def applied(self, iri: str | None) -> bool:
        """A standard or building block: what a section of the statement is about."""
        return self.kind(iri) in APPLIED

    def mentioned(self) -> set[str]:
        """The IRIs these facts bring: successors, initiatives and their phases, kinds."""
        found = set(KINDS)
        for successors in self.successors.values():
            found |= successors
        for plans in self.plans.values():
            found |= set(plans) | {phase for phase, _ in plans.values() if phase}
        return found


def _facts(store: Store, iris: set[str]) -> _Facts:
    facts = _Facts({}, {}, {})
    text = queries.internal("leg-uit-things").text
    for bound in sparql_text.bound_to(text, "thing", iris):
        for row in store.query(bound):
            thing = row["thing"].value
            if row["type"] is not None:
                facts.types.setdefault(thing, set()).add(row["type"].value)
            if row["successor"] is not None:
                facts.successors.setdefault(thing, set()).add(row["successor"].value)
            if row["initiative"] is not None:
                plans = facts.plans.setdefault(thing, {})
                plans[row["initiative"].value] = (_value(row["phase"]), _day(row["started"]))
    return facts


def statement(
    store: Store,
    given: str,
    year: int | str,
    language: str = DEFAULT_LANGUAGE,
    today: date | None = None,
) -> Statement:
    """The *leg uit* statement of the organisation ``given`` (code or IRI) about ``year``."""
    today = today or date.today()
    year = checked_year(year, today)
    who = organisation(store, given, language)
    as_of = date(year, 12, 31) if year < today.year else None
    moment = {"at": as_of.isoformat()} if as_of else {}
    period = {"start": f"{year}-01-01", "end": f"{year}-12-31"}

    def rows(name: str, values: dict[str, str]) -> list[ox.QuerySolution]:
        return list(queries.run(store, queries.internal(name), values))

    deviation_rows = rows("leg-uit-deviations", {"organisation": who.iri, **period})
    finding_rows = rows("leg-uit-findings", {"organisation": who.iri, **moment})
    ended = rows("leg-uit-run", moment)[0]["ended"]
    source_rows = rows("leg-uit-sources", {"organisation": who.iri})

    mentioned = {
        row[key].value
        for rows_of, keys in (
            (deviation_rows, ("subject", "rule", "framework", "status", "type", "decidedBy")),
            (finding_rows, ("subject", "value", "rule", "framework")),
        )
        for row in rows_of
        for key in keys
        if isinstance(row[key], ox.NamedNode)
    }
    facts = _facts(store, mentioned)
    quoted = quoted_iris(
        row[key].value
        for row in finding_rows
        for key in ("messageNl", "messageEn")
        if row[key] is not None
    )
    shown_frameworks = [str(f.iri) for f in frameworks.available().values()]
    called = names(store, mentioned | quoted | facts.mentioned() | set(shown_frameworks), language)

    def thing(iri: str) -> Thing:
        kind = facts.kind(iri)
        plans = facts.plans.get(iri, {})
        name = called[iri]  # a thing without a name: what it is about (its kind is said)
        return Thing(
            iri,
            name.about if isinstance(name, Described) else name,
            kind,
            called[kind] if kind else None,
            tuple(sorted(called[s] for s in facts.successors.get(iri, ()))),
            tuple(
                sorted(
                    (
                        ExitPlan(called[i], called[phase] if phase else None, started)
                        for i, (phase, started) in plans.items()
                    ),
                    key=lambda plan: plan.name,
                )
            ),
        )

    deviations = _deviations(deviation_rows, language, called, thing)
    parts = _parts(deviation_rows, finding_rows, deviations, facts, called, thing, language)
    return Statement(
        organisation=who,
        year=year,
        language=language,
        as_of=as_of,
        register_run=_time(ended) if ended is not None else None,
        frameworks=tuple(sorted(called[iri] for iri in shown_frameworks)),
        parts=parts,
        sources=_sources(source_rows, language),
        made=today,
    )


def _deviations(
    rows: list[ox.QuerySolution],
    language: str,
    called: dict[str, str],
    thing: Callable[[str], Thing],
) -> dict[str, Deviation]:
    """The deviations by IRI: one row per motivation, the motivation in ``language``."""
    motivations: dict[str, set[ox.Literal]] = {}
    first: dict[str, ox.QuerySolution] = {}
    for row in rows:
        first.setdefault(row["deviation"].value, row)
        if row["motivation"] is not None:
            motivations.setdefault(row["deviation"].value, set()).add(row["motivation"])

    def name(row: ox.QuerySolution, key: str) -> str | None:
        return called[row[key].value] if row[key] is not None else None

    return {
        iri: Deviation(
            iri=iri,
            rule=called[row["rule"].value],
            framework=name(row, "framework"),
            subject=thing(row["subject"].value) if row["subject"] is not None else None,
            status=row["status"].value.rsplit("/", 1)[-1] if row["status"] is not None else None,
            status_name=name(row, "status"),
            kind=name(row, "type"),
            decided_by=name(row, "decidedBy"),
            valid_from=_day(row["validFrom"]),
            valid_through=_day(row["validThrough"]),
            motivation=_chosen(motivations.get(iri, ()), language),
        )
        for iri, row in first.items()
    }


def _parts(
    deviation_rows: list[ox.QuerySolution],
    finding_rows: list[ox.QuerySolution],
    deviations: dict[str, Deviation],
    facts: _Facts,
    called: dict[str, str],
    thing: Callable[[str], Thing],
    language: str,
) -> tuple[Part, ...]:
    """The statement's sections. A finding belongs to its value if that is a standard or
    building block, else to its rule. A deviation belongs to its subject if that is one,
    else to the standards and building blocks of the findings it covers (those it explains,
    or of its rule about its subject) if they are all of one, else to its rule: a deviation
    is listed once."""
    unexplained: dict[str, Finding] = {}
    home: dict[str, str] = {}  # finding → the thing its section is about
    covered: dict[str, set[str]] = {}  # deviation → the things of the findings it covers
    frameworks_of: dict[str, set[str]] = {}
    by_rule: dict[str, set[tuple[str, str | None]]] = {}  # rule → its deviations, subjects
    for deviation in deviation_rows:
        about = (deviation["deviation"].value, _value(deviation["subject"]))
        by_rule.setdefault(deviation["rule"].value, set()).add(about)
    recorded = {iri for about in by_rule.values() for iri, _ in about}
    for row in finding_rows:
        iri, rule, value = row["finding"].value, _value(row["rule"]), _value(row["value"])
        home[iri] = value if facts.applied(value) else (rule or row["subject"].value)
        frameworks_of.setdefault(home[iri], set()).add(_value(row["framework"]) or "")
        if facts.applied(value):  # the deviations that explain it or name its rule and subject
            subjects = (None, row["subject"].value, value)
            covering = {d for d, about in by_rule.get(rule or "", ()) if about in subjects}
            if (explaining := _value(row["deviation"])) in recorded:
                covering.add(explaining)
            for deviation in covering:
                covered.setdefault(deviation, set()).add(value)
        if true(row["explained"].value):
            continue
        messages = {"nl": row["messageNl"], "en": row["messageEn"]}
        message = messages.get(language) or messages["nl"] or messages["en"]
        unexplained[iri] = Finding(
            iri=iri,
            rule=called[rule] if rule else None,
            subject=thing(row["subject"].value),
            severity=row["severity"].value.rsplit("#", 1)[-1],
            message=readable(message.value, called, language) if message is not None else "",
            first_seen=_time(row["firstSeen"]),
        )
    placed: dict[str, set[str]] = {}  # deviation → its section's thing: one, so it counts once
    for row in deviation_rows:
        iri, subject = row["deviation"].value, _value(row["subject"])
        if facts.applied(subject):
            placed[iri] = {subject}
        elif len(covered.get(iri, ())) == 1:  # it covers findings of one standard or block
            placed[iri] = covered[iri]
        else:  # of several, or none: the rule it names (ndsg:rule)
            placed[iri] = {row["rule"].value}
        for key in placed[iri]:
            frameworks_of.setdefault(key, set()).add(_value(row["framework"]) or "")

    placed_in: dict[str, list[Deviation]] = {}  # the thing of a section → its deviations
    for deviation, keys in placed.items():
        for key in keys:
            placed_in.setdefault(key, []).append(deviations[deviation])
    open_in: dict[str, list[Finding]] = {}  # the thing of a section → its unexplained findings
    for finding in unexplained.values():
        open_in.setdefault(home[finding.iri], []).append(finding)
    parts = []
    for key in open_in.keys() | placed_in.keys():
        in_part = sorted(
            placed_in.get(key, ()),
            key=lambda d: (d.subject.name if d.subject else "", d.valid_from or date.min, d.iri),
        )
        open_findings = sorted(
            open_in.get(key, ()),
            key=lambda f: (SEVERITY_ORDER.index(f.severity), f.subject.name, f.message, f.iri),
        )
        named = sorted(called[f] for f in frameworks_of.get(key, ()) if f)
        parts.append(Part(thing(key), tuple(named), tuple(in_part), tuple(open_findings)))
    # the standards and building blocks first: what "pas toe of leg uit" is first about
    order = (*APPLIED, None)
    return tuple(
        sorted(
            parts,
            key=lambda p: (
                order.index(p.thing.type if p.thing.type in APPLIED else None),
                p.frameworks,
                p.thing.name.lower(),
                p.thing.iri,
            ),
        )
    )


def _sources(rows: list[ox.QuerySolution], language: str) -> tuple[Source, ...]:
    """The graphs that said what the statement is about, by title (in ``language``)."""
    titles: dict[str, set[ox.Literal]] = {}
    kept: dict[str, ox.QuerySolution] = {}
    for row in rows:
        graph = row["graph"].value
        kept.setdefault(graph, row)
        if row["title"] is not None:
            titles.setdefault(graph, set()).add(row["title"])
    found = {
        graph: Source(
            title.value if (title := _chosen(titles.get(graph, ()), language)) else None,
            _day(row["modified"]),
            true(row["example"].value),
        )
        for graph, row in kept.items()
    }
    return tuple(
        sorted(found.values(), key=lambda s: (s.name is None, s.name or "", s.modified or date.min))
    )
