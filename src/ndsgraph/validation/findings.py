"""Findings, the rows of the deviations register (afwijkingenregister), and the deviations
that explain them.

Comply or explain: a finding is *explained* when the same organisation has a valid
deviation for the same rule: approved, motivated, started on or before the reference
date and not yet expired, and either about no subject in particular or about the
finding's subject or value. Anything else is *unexplained*.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date

import pyoxigraph as ox

from ndsgraph.vocabulary import CONCEPT

APPROVED = CONCEPT["afwijkingsstatus/goedgekeurd"].value
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Deviation:
    iri: str
    organisation: str
    rule: str
    subject: str | None
    status: str | None
    valid_from: date | None
    valid_through: date | None
    motivation: str | None

    def valid_on(self, day: date) -> bool:
        """Approved, motivated and within its validity on ``day``; an expired one explains nothing."""
        return (
            self.status == APPROVED
            and bool(self.motivation and self.motivation.strip())
            and self.valid_from is not None
            and self.valid_from <= day
            and (self.valid_through is None or day <= self.valid_through)
        )


@dataclass(frozen=True)
class Finding:
    organisation: str | None
    framework: str | None
    rule: str | None
    subject: str
    value: str | None
    severity: str
    message_nl: str
    message_en: str
    explained: bool = False
    deviation: str | None = None
    motivation: str | None = None
    valid_through: str | None = None
    first_seen: str | None = None
    value_is_iri: bool = False  # how the value is written back: a text is never read as an IRI
    evidence: str | None = None  # how its subject is known, as the register query tells it


def _date(value: object) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


Recorded = dict[tuple[str, str], list[Deviation]]


def deviations(solutions: Iterable[ox.QuerySolution]) -> Recorded:
    """The deviations that the stored query ``deviations.rq`` found, by organisation and rule,
    so each finding looks up only its own candidates."""

    def value(term: ox.NamedNode | ox.Literal | None) -> str | None:
        return term.value if term is not None else None

    recorded: Recorded = {}
    for row in solutions:
        deviation = Deviation(
            iri=row["deviation"].value,
            organisation=row["organisation"].value,
            rule=row["rule"].value,
            subject=value(row["subject"]),
            status=value(row["status"]),
            valid_from=_date(value(row["validFrom"])),
            valid_through=_date(value(row["validThrough"])),
            motivation=value(row["motivation"]),
        )
        recorded.setdefault((deviation.organisation, deviation.rule), []).append(deviation)
    return recorded


def explain(finding: Finding, recorded: Recorded, day: date) -> Finding:
    """The finding with its explanation, if a valid deviation covers it on ``day``."""
    for deviation in recorded.get((finding.organisation or "", finding.rule or ""), ()):
        if deviation.subject in (None, finding.subject, finding.value) and deviation.valid_on(day):
            return Finding(
                **{
                    **asdict(finding),
                    "explained": True,
                    "deviation": deviation.iri,
                    "motivation": deviation.motivation,
                    # open-ended: None, as the register reads it back (from_rows), not ""
                    "valid_through": str(end) if (end := deviation.valid_through) else None,
                }
            )
    return finding


def sort_key(finding: Finding) -> tuple:
    return (
        SEVERITY_ORDER.get(finding.severity, 9),
        finding.framework or "",
        finding.rule or "",
        finding.organisation or "",
        finding.subject,
    )


def recorded(shown: dict[str, object]) -> Finding:
    """A finding from a report's JSON (``POST /api/submissions``): its recorded fields, not the
    names and readable message written beside them for people."""
    return Finding(**{f.name: shown[f.name] for f in fields(Finding) if f.name in shown})


def from_rows(rows: list[dict[str, str]]) -> list[Finding]:
    """Findings as the stored query ``register.rq`` returns them."""
    return [
        Finding(
            organisation=row.get("organisation"),
            framework=row.get("framework"),
            rule=row.get("rule"),
            subject=row["subject"],
            value=row.get("value"),
            severity=row["severity"].rsplit("#", 1)[-1],
            message_nl=row.get("messageNl", ""),
            message_en=row.get("messageEn", ""),
            explained=row["explained"] == "true",
            deviation=row.get("deviation"),
            motivation=row.get("motivation"),
            valid_through=row.get("validThrough"),
            first_seen=row.get("firstSeen"),
            evidence=row.get("evidence") or None,
        )
        for row in rows
    ]
