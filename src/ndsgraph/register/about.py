"""The kept figures of the findings about each resource: how many findings in force name it as
their organisation, subject or value (as ``findings-about.rq`` finds them), and the first
``KEPT`` of them in that query's order. A building block's page shows these instead of reading
its findings (NLX at 1M: 2,555, half a second).

A figure (``ndsg:ResourceFindingCount``) is a record like a finding: it holds from the run that
recorded it until a run that found other figures. It is kept only for a resource with more
findings than ``KEPT``: a page reads the others' few findings itself, as it reads everything
of a store recorded before figures were kept. A whole-store run counts every resource anew; a
submission moves the figures of the resources its opened and ended records name, from the
figure in force where its first findings all stay, else from the findings in force read again.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store, true
from ndsgraph.vocabulary import DCT, NDSG, PROV, RDF, XSD

KEPT = 25  # the first findings a figure keeps: what a page shows (profiles.reading.SHOWN)
# A figure record never changes once written (a later run ends it, it does not edit it), so a
# process remembers the figures it read or recorded, by record, and reads the first findings
# only of those it does not know: an import's second batch moves the figure of every
# organisation its first batch recorded (10,000 first findings at 1M, a quarter of a second).
_REMEMBERED = 2048
_KNOWN: "OrderedDict[str, Figure]" = OrderedDict()
_KNOWN_LOCK = threading.Lock()


@dataclass(frozen=True, order=True)
class Entry:
    """A finding record in force as findings-about.rq orders them: unexplained first, then by
    severity's IRI, first-seen time as Oxigraph writes it (``runs.utc``) and the record."""

    explained: bool
    severity: str  # the sh: IRI
    first_seen: str
    record: str


@dataclass(frozen=True)
class Figure:
    """A resource's findings in force: how many, and the first ``KEPT`` in order."""

    number: int
    first: tuple[Entry, ...]

    def key(self, resource: str) -> str:
        parts = (resource, self.number, *(e.record for e in self.first))
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Kept:
    """A figure in force: its record and key, and the figure."""

    record: str
    key: str
    figure: Figure


def resources(organisation: str | None, subject: str, value: str | None) -> set[str]:
    """The resources a finding is about (a value only if it is an IRI)."""
    return {r for r in (organisation, subject, value) if r}


def kept(store: Store, about: Iterable[str] | None = None) -> dict[str, Kept]:
    """The figures in force, by resource: of ``about``, or of every resource. The records
    first, then the first findings of those this process does not know, by record."""
    text = queries.internal("resource-figures").text
    texts = [text] if about is None else sparql_text.bound_to(text, "resource", about)
    records = {
        row["record"].value: (row["resource"].value, row["key"].value)
        for query in texts
        for row in store.query(query)
    }
    figures = _known(records)
    text = queries.internal("resource-findings-kept").text
    rows: dict[str, tuple[int, list[Entry]]] = {}
    for query in sparql_text.bound_to(text, "record", records.keys() - figures.keys()):
        for row in store.query(query):
            found = rows.setdefault(row["record"].value, (int(row["number"].value), []))
            found[1].append(_entry(row, "finding"))
    read = {
        record: Figure(number, tuple(sorted(first))) for record, (number, first) in rows.items()
    }
    _remember(read)
    figures |= read
    return {
        resource: Kept(record, key, figures[record])
        for record, (resource, key) in records.items()
        if record in figures
    }


def _known(records: Iterable[str]) -> dict[str, Figure]:
    """The figures of ``records`` this process read or recorded."""
    with _KNOWN_LOCK:
        known = {record: _KNOWN[record] for record in records if record in _KNOWN}
        for record in known:  # the least recently used are forgotten first
            _KNOWN.move_to_end(record)
        return known


def _remember(figures: Mapping[str, Figure]) -> None:
    """Remember ``figures`` (by record), the most recent last."""
    with _KNOWN_LOCK:
        for record, figure in figures.items():
            _KNOWN[record] = figure
            _KNOWN.move_to_end(record)
        while len(_KNOWN) > _REMEMBERED:
            _KNOWN.popitem(last=False)


def in_force(store: Store, resource: str) -> dict[str, Entry]:
    """The findings in force about ``resource``, by record, read from the register."""
    text = sparql_text.inlined(queries.internal("findings-about-keys").text, "resource", resource)
    return {row["finding"].value: _entry(row, "finding") for row in store.query(text)}


def naming(store: Store, resources: Iterable[str]) -> dict[str, dict[str, Entry]]:
    """The findings in force that name each of ``resources`` as their organisation or value,
    by record (none: no entry)."""
    text = queries.internal("findings-naming").text
    found: dict[str, dict[str, Entry]] = {}
    for query in sparql_text.bound_to(text, "resource", resources):
        for row in store.query(query):
            found.setdefault(row["resource"].value, {})[row["finding"].value] = _entry(
                row, "finding"
            )
    return found


def _entry(row: ox.QuerySolution, record: str) -> Entry:
    return Entry(
        true(row["explained"].value),
        row["severity"].value,
        row["firstSeen"].value,
        row[record].value,
    )


def figure(entries: Iterable[Entry]) -> Figure:
    found = sorted(set(entries))
    return Figure(len(found), tuple(found[:KEPT]))


def moved(
    store: Store,
    before: Mapping[str, Kept],
    opened: Mapping[str, list[Entry]],
    ended: Mapping[str, set[str]],
    read: Mapping[str, Mapping[str, Entry]] | None = None,
) -> dict[str, Figure]:
    """The figures of the resources some records about them ``opened`` and others ``ended``
    (by resource: entries, and records): from the figure in force ``before`` if none of its
    first findings ended, else from the findings in force read again (before the run's own
    records are written: ``_in_force_of``, with what the run has ``read``); none of a
    resource without a figure that gains none."""
    figures, again = {}, []
    for resource in opened.keys() | ended.keys():
        gone, new = ended.get(resource, set()), opened.get(resource, [])
        was = before.get(resource)
        if was is None and len(new) <= len(gone):
            continue  # it had no more than KEPT, and has no more now: nothing to keep
        if was is not None and not gone & {e.record for e in was.figure.first}:
            number = was.figure.number - len(gone) + len(new)
            first = sorted({*was.figure.first, *new})[:KEPT]
            figures[resource] = Figure(number, tuple(first))
        else:
            again.append(resource)
    found = _in_force_of(store, again, read or {})
    for resource in again:
        gone, new = ended.get(resource, set()), opened.get(resource, [])
        kept = [e for r, e in found[resource].items() if r not in gone]
        figures[resource] = figure(kept + list(new))
    return figures


def _in_force_of(
    store: Store, resources: list[str], read: Mapping[str, Mapping[str, Entry]]
) -> dict[str, dict[str, Entry]]:
    """The findings in force about each of ``resources``, by record. Of a resource ``read``
    holds every finding about as subject for (a subject the run re-judges), those and the
    ones naming it as organisation or value, in a query per block of resources; of the
    others, a query each (an import's thousands of domains were a query each: seconds)."""
    whole = [r for r in resources if r in read]
    found = {r: dict(read[r]) for r in whole}
    for resource, entries in naming(store, whole).items():
        found[resource].update(entries)
    for resource in resources:
        if resource not in found:
            found[resource] = in_force(store, resource)
    return found


def recorded(
    run: ox.NamedNode, before: Mapping[str, Kept], figures: Mapping[str, Figure]
) -> list[ox.Triple]:
    """The figure records that change: of ``figures`` (by resource, after ``run``) those of
    more than ``KEPT`` findings that are not in force ``before`` recorded under ``run`` (and
    remembered: ``kept``), and those in force that differ now, or count no more than
    ``KEPT``, ended."""
    triples: list[ox.Triple] = []
    ended: list[str] = []
    written: dict[str, Figure] = {}
    for index, resource in enumerate(sorted(figures)):
        now, was = figures[resource], before.get(resource)
        key = now.key(resource) if now.number > KEPT else None
        if was is not None and was.key != key:
            ended.append(was.record)
        if key is not None and (was is None or was.key != key):
            node = ox.NamedNode(f"{run.value}/per-bron/{index}")
            triples += _record(node, run, key, resource, now)
            written[node.value] = now
    _remember(written)  # a run cut off before writing them never names them again
    return triples + [ox.Triple(ox.NamedNode(r), PROV.wasInvalidatedBy, run) for r in ended]


def _record(
    node: ox.NamedNode, run: ox.NamedNode, key: str, resource: str, figure: Figure
) -> list[ox.Triple]:
    facts = [
        (RDF.type, NDSG.ResourceFindingCount),
        (DCT.identifier, ox.Literal(key)),
        (PROV.wasGeneratedBy, run),
        (NDSG.countedResource, ox.NamedNode(resource)),
        (NDSG.numberOfFindings, ox.Literal(str(figure.number), datatype=XSD.integer)),
        *((NDSG.firstFinding, ox.NamedNode(e.record)) for e in figure.first),
    ]
    return [ox.Triple(node, p, o) for p, o in facts]
