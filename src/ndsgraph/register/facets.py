"""The register's facet counts: how many findings are in force per organisation type,
framework, rule, severity and explained, kept with the register so that the register page
counts a view by adding up some dozens of records instead of reading its findings (at
national size, tens of thousands: a second).

A facet count (``ndsg:RegisterFacetCount``) is a record like a deviation count: it holds from
the run that recorded it until the run that found another number. A whole-store run counts
the facets of what it found; a submission moves them by the records it opened and ended. A
finding's organisation type is its organisation's now: types come from TOOI, never from a
submission, and reloading the reference data starts a whole-store run. A store recorded
before facets were kept has none (``missing``): serving it starts a whole-store run.

A deviation count (``ndsg:DeviationCount``, the KPI's: per framework, rule, severity and
explained) is the same record without an organisation type, read and recorded by the same
functions (``in_force``, ``recorded``).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph.sparql import queries
from ndsgraph.store import Store, kept, true
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import DCT, NDSG, PROV, RDF, SH, XSD

# the register's filters a facet count answers (register.rq's parameters); a view with any
# other filter (an organisation, an expiry, a moment) is counted from its findings
COUNTED_BY = ("organisationType", "framework", "rule", "severity", "explained")


@dataclass(frozen=True)
class Facet:
    """What the register page counts findings by."""

    organisation_type: str  # "": a finding of no organisation, or of one without a type
    framework: str
    rule: str
    severity: str  # the sh: IRI
    explained: bool


def organisation_types(store: Store) -> dict[str, str]:
    """Every organisation with a type, and its type."""
    rows = store.query(queries.internal("register-organisations").text)
    return {row["organisation"].value: row["organisationType"].value for row in rows}


def of(f: Finding, types: Mapping[str, str]) -> Facet:
    """The facet a finding is counted in (``types``: ``organisation_types``)."""
    kind = types.get(f.organisation or "", "")
    return Facet(kind, f.framework or "", f.rule or "", SH[f.severity].value, f.explained)


def _value(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return term.value if term is not None else ""


def in_force(
    store: Store, query: str = "register-facets-open"
) -> dict[str, tuple[str, Facet, int]]:
    """The count records in force by key: the record, its facet and its number; of the facet
    counts, or of those ``query`` reads (the same columns: the deviation counts, which count
    by no organisation type)."""
    return {
        row["key"].value: (
            row["record"].value,
            Facet(
                _value(row, "organisationType"),
                _value(row, "framework"),
                row["rule"].value,
                row["severity"].value,
                true(row["explained"].value),
            ),
            int(row["number"].value),
        )
        for row in store.query(queries.internal(query).text)
    }


def _record(
    node: ox.NamedNode, run: ox.NamedNode, kind: ox.NamedNode, key: str, facet: Facet, number: int
) -> list[ox.Triple]:
    facts = [
        (RDF.type, kind),
        (DCT.identifier, ox.Literal(key)),
        (PROV.wasGeneratedBy, run),
        (NDSG.rule, ox.NamedNode(facet.rule)),
        (SH.resultSeverity, ox.NamedNode(facet.severity)),
        (NDSG.explained, ox.Literal(facet.explained)),
        (NDSG.numberOfFindings, ox.Literal(str(number), datatype=XSD.integer)),
    ]
    if facet.framework:
        facts.append((NDSG.framework, ox.NamedNode(facet.framework)))
    if facet.organisation_type:
        facts.append((NDSG.countedOrganisationType, ox.NamedNode(facet.organisation_type)))
    return [ox.Triple(node, p, o) for p, o in facts]


def recorded(
    run: ox.NamedNode,
    before: Mapping[str, tuple[str, Facet, int]],
    counts: Mapping[str, tuple[Facet, int]],
    kind: ox.NamedNode = NDSG.RegisterFacetCount,
    folder: str = "facet",
) -> list[ox.Triple]:
    """The count records of ``kind`` that change: ``counts`` (of the register after ``run``,
    by key: a facet and its number) that are not in force ``before`` (``in_force``) recorded
    under ``run``'s ``folder``, those in force no longer ended (a count is a record like a
    finding, so the register's counts can be read as of any moment)."""
    wanted = {k: (facet, n) for k, (facet, n) in counts.items() if n > 0}
    triples: list[ox.Triple] = []
    for index, (k, (facet, number)) in enumerate(sorted(wanted.items())):
        if k not in before:
            node = ox.NamedNode(f"{run.value}/{folder}/{index}")
            triples += _record(node, run, kind, k, facet, number)
    gone = (record for k, (record, _, _) in before.items() if k not in wanted)
    return triples + ending(gone, run)


def ending(records: Iterable[str], run: ox.NamedNode) -> list[ox.Triple]:
    """``records`` ended by ``run``."""
    return [ox.Triple(ox.NamedNode(r), PROV.wasInvalidatedBy, run) for r in records]


def moved(
    before: Mapping[str, tuple[str, Facet, int]], opened: Iterable[Facet], ended: Iterable[Facet]
) -> Counter[Facet]:
    """The facet counts in force ``before``, with some records opened and others ended."""
    counts = Counter[Facet]()
    for _, facet, number in before.values():
        counts[facet] += number
    counts.update(opened)
    counts.subtract(ended)
    return counts


def missing(store: Store) -> bool:
    """Whether the register has findings but no facet counts: it was recorded before they
    were kept, and a whole-store run must count them."""
    totals = list(store.query(queries.internal("register-totals").text))
    if not totals or int(totals[0]["findings"].value) == 0:
        return False
    return not bool(store.query(queries.internal("register-facets-kept").text))


def counted(store: Store, values: Mapping[str, str]) -> dict[tuple[str, bool], int] | None:
    """The findings in force of the view ``values`` (register.rq's parameters) per severity
    (its sh: IRI) and explained, from the facet counts; None when they cannot tell: a filter
    they do not count by, or a store recorded before they were kept."""
    if set(values) - set(COUNTED_BY) or kept.once(store, "register-facets-missing", missing):
        return None
    rows = queries.run(store, queries.internal("register-facets"), dict(values))
    return {
        (row["facetSeverity"].value, true(row["facetExplained"].value)): int(row["findings"].value)
        for row in rows
    }
