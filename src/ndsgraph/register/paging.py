"""The register a page at a time, in one order: a page starts after a finding (its cursor,
``after``), not after a number of rows, so a page deep in the register costs what the first
does (OFFSET reads every row it skips: at national size a page at row 100,000 took 21 s).

The register's order is each finding's ``Key``: Violations first, then Warnings and Info;
within a severity by organisation (those with an organisation type by IRI, the findings of no
organisation with a type last), then framework, rule and subject. A key is read from the
finding's record, which is never changed, only ended: the cursor keeps its place when its
finding has been resolved since. A page reads the findings of the organisations it shows (one
organisation's findings are a few hundred at most, found from the organisation), a few
organisations at a time, as many as the page still needs.
"""

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ndsgraph.errors import InputError, shown
from ndsgraph.register import facets
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.sparql.named import is_iri
from ndsgraph.store import Store, Term, kept
from ndsgraph.validation.findings import SEVERITY_ORDER
from ndsgraph.vocabulary import SH

SEVERITIES = tuple(SEVERITY_ORDER)  # Violation, Warning, Info: most serious first
UNTYPED = ""  # the organisations of findings of no organisation with a type, as one
LARGEST_BATCH = 100  # organisations read at once (a VALUES block: see sparql_text.bound_to)
# a batch is as many organisations as the page still needs findings, at the number of
# records of that severity per organisation read so far
_COLUMNS = ("finding", "severity", "organisation", "framework", "rule", "subject")
# a row with register-order.rq's columns (a query's solution, or a mapping like it)
Row = Mapping[str, Term | None]


@dataclass(frozen=True, order=True)
class Key:
    """A finding's place in the register."""

    rank: int  # its severity's: 0 for a Violation
    untyped: bool  # of no organisation with a type: after those of every organisation
    organisation: str
    framework: str
    rule: str
    subject: str
    finding: str


def keys(store: Store, findings: Iterable[str], typed: Collection[str]) -> dict[str, Key]:
    """The keys of those of ``findings`` that are finding records (``typed``: the
    organisations with a type)."""
    text = queries.internal("register-order").text
    return keyed(
        (
            row
            for query in sparql_text.bound_to(text, "finding", findings)
            for row in store.query(query)
        ),
        typed,
    )


def keyed(rows: Iterable[Row], typed: Collection[str]) -> dict[str, Key]:
    """The keys of the findings of ``rows`` with register-order.rq's columns, the least of
    a finding's rows."""
    found: dict[str, Key] = {}
    for row in rows:
        value = {n: row[n].value if row[n] is not None else "" for n in _COLUMNS}
        severity = value["severity"].rsplit("#", 1)[-1]
        key = Key(
            SEVERITY_ORDER.get(severity, len(SEVERITY_ORDER)),
            value["organisation"] not in typed,
            value["organisation"],
            value["framework"],
            value["rule"],
            value["subject"],
            value["finding"],
        )
        found[key.finding] = min(found.get(key.finding, key), key)
    return found


def cursor(store: Store, given: str, typed: Collection[str], called: str = "after") -> Key:
    """The key of the finding ``given`` names, the cursor a page starts after; anything else
    is an input error naming the parameter as ``called``."""
    if not is_iri(given):
        raise InputError(
            f"{called}: '{shown(given)}' is not a finding's IRI",
            nl=f"{called}: '{shown(given)}' is geen IRI van een bevinding",
        )
    try:
        return keys(store, [given], typed)[given]
    except (KeyError, ValueError):
        raise InputError(
            f"{called}: no finding <{shown(given)}> in the register",
            nl=f"{called}: geen bevinding <{shown(given)}> in het register",
        ) from None


Members = Callable[[str, Sequence[str]], Iterable[Row]]
Read = TypeVar("Read")  # what the check against the view read of a finding (its rows)
InView = Callable[[list[str]], Mapping[str, Read]]


def after(
    values: Mapping[str, str],
    limit: int,
    start: Key | None,
    members: Members,
    in_view: InView[Read],
    typed: Collection[str],
    severities: Collection[str] | None = None,
) -> dict[str, Read]:
    """The first ``limit`` findings of the view ``values`` (register.rq's parameters) after
    ``start`` (None: from the first), in the register's order, each with what ``in_view``
    read of it. ``members(severity, organisations)`` gives every finding record of a
    severity (its sh: IRI) and some organisations (``UNTYPED`` alone: of no organisation
    with a type) with what it is sorted by (``keyed``), ``in_view(findings)`` those of them
    in the view, each with what it read of it (its rows, which the page then shows without
    reading them again): from an organisation a record is one lookup, where a view's
    filters bound first read every finding they pass. A severity not among ``severities`` (sh: IRIs; None: any) has no
    findings, and its organisations are not read."""
    only = values.get("severity")
    organisation = values.get("organisation")
    if organisation:
        buckets = [organisation if organisation in typed else UNTYPED]
    else:
        buckets = [*sorted(typed), UNTYPED]
    page: list[tuple[Key, Read]] = []
    checked, passed = 0, 0  # candidates checked against the view, and those in it
    for rank, name in enumerate(SEVERITIES):
        if (only and SH[name].value != only) or (start and rank < start.rank):
            continue
        if severities is not None and SH[name].value not in severities:
            continue
        index = 0
        if start and rank == start.rank:
            first = UNTYPED if start.untyped else start.organisation
            index = buckets.index(first) if first in buckets else len(buckets)
        read, found = 0, 0
        while index < len(buckets) and len(page) < limit:
            wanted = limit - len(page)
            size = math.ceil(wanted / (found / read)) if found else 2**read if read else 1
            batch = _batch(buckets, index, size)
            records = keyed(members(SH[name].value, batch), typed).values()
            candidates = sorted(
                k for k in records if k.rank == rank and (start is None or k > start)
            )
            while candidates and len(page) < limit:  # checked up to what the page needs
                size = _checked(limit - len(page), checked, passed)
                part, candidates = candidates[:size], candidates[size:]
                shown = in_view([k.finding for k in part])
                page += [(k, shown[k.finding]) for k in part if k.finding in shown]
                checked, passed = (
                    checked + len(part),
                    passed + sum(k.finding in shown for k in part),
                )
            index, read, found = index + len(batch), read + len(batch), found + len(records)
        if len(page) >= limit:
            break
    return {k.finding: read for k, read in page[:limit]}


def _checked(wanted: int, checked: int, passed: int) -> int:
    """How many candidates to check against the view for ``wanted`` more findings: as many
    as the share of those ``checked`` so far that ``passed`` needs (each check is a round
    trip; a view that keeps a third of them took nine for a page), at least ``wanted``."""
    if not checked:
        return wanted
    return max(wanted, math.ceil(wanted * checked / passed) if passed else 2 * checked)


def _batch(buckets: Sequence[str], index: int, size: int) -> list[str]:
    """At most ``size`` organisations from ``index`` on; ``UNTYPED`` only ever alone."""
    batch = list(buckets[index : index + max(1, min(size, LARGEST_BATCH))])
    if UNTYPED in batch and batch != [UNTYPED]:
        batch.remove(UNTYPED)
    return batch


def organisations(store: Store) -> frozenset[str]:
    """The organisations with a type: each a part of the register's order (the same for
    every view: read once per version of the data)."""
    return kept.once(
        store, "register-organisations", lambda s: frozenset(facets.organisation_types(s))
    )
