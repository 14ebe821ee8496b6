"""The live deviations register (afwijkingenregister): the findings in force, now and as of
any moment, kept current by every recorded run.

The register is a set of records. A finding record holds one finding (rule, subject, value,
organisation, severity, and how it is explained) from the run that recorded it
(``prov:wasGeneratedBy``) until the run that ends it (``prov:wasInvalidatedBy``): because it
was resolved, or is now explained differently (a new record then carries on its first-seen
time). Variant counts per function and organisation type, deviation counts per framework,
rule, severity and explanation, and the register page's facet counts (``facets``) are kept
the same way. So the register as of any moment, the closing of deviations and the reduction
of variants between any two moments are queries (``register.rq``, ``kpi-deviations.rq``,
``kpi-variants-change.rq``), not comparisons of whole runs.

A run re-judges a part of the register and replaces only that part:

- an accepted submission: the findings about the subjects its old and new version describe,
  the cross-organisation rules' findings (``national``) and the variant counts;
- a whole-store run: everything.

Nothing a rejected or dry-run upload found is recorded. Runs are recorded one at a time
(``writing``, across processes).
"""

import fcntl
import hashlib
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ndsgraph.register import about, explanations, facets, runs
from ndsgraph.register.facets import Facet
from ndsgraph.register.runs import Counts, Run
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import GraphContent, Store, snapshot, true
from ndsgraph.validation import Validation, counts, frameworks, national, validate
from ndsgraph.validation.counts import Variant
from ndsgraph.validation.findings import Finding, sort_key
from ndsgraph.vocabulary import CONCEPT, COUNTS_GRAPH, DCT, NDSG, PROV, RDF, SH, XSD

_RECORDING = threading.Lock()  # one run at a time: unfinished runs are crash leftovers
LOCK_FILE = "register.lock"  # in the store's home: the same across processes
# in the store's home while a submission is stored but not yet in the register: a crash in
# between leaves it, and the next start makes a whole-store run
PENDING_FILE = "register.pending"


@dataclass(frozen=True)
class Judgement:
    """What one run found, and which part of the register it re-judged."""

    validation: Validation
    subjects: frozenset[str] | None = None  # whose findings it replaces; None: everyone's
    beside: tuple[Finding, ...] = ()  # judged beside the validation (the national rules, live)
    # the findings in force about other subjects it carries on, some explained anew (a
    # deviation submitted for what an import measured: ``explanations``); among ``subjects``
    carried: tuple[Finding, ...] = ()
    variants: tuple[Variant, ...] | None = None  # None: the variant counts stay as they are
    agent: str | None = None
    unnamed: frozenset[str] = frozenset()  # of ``subjects``: new to the store, in no record
    read: "InForce | None" = None  # records in force read ahead (``in_force``), if any


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p or "") for p in parts).encode()).hexdigest()[:32]


def finding_key(f: Finding) -> str:
    """What makes two findings the same record: a change in any of these ends a record (the
    message too: one rule may find two things wrong with one subject)."""
    return _key(
        f.subject,
        f.rule,
        f.value,
        f.organisation,
        f.severity,
        f.explained,
        f.deviation,
        f.message_en,
    )


def variant_key(v: Variant) -> str:
    return _key(v.function, v.organisation_type, v.variants)


def _identity(f: Finding) -> tuple:
    """What makes a finding the same deviation over time, however it is explained."""
    return (f.rule or "", f.subject, f.value or "", f.organisation or "")


@dataclass(frozen=True)
class _Record:
    """A finding record in force: what a run that re-judges it carries over or ends."""

    record: str
    first_seen: str


@dataclass(frozen=True)
class _Open(_Record):
    """A finding record in force, with what the register's counts count it by (a run that
    re-judges a part moves the counts by the records it ends)."""

    explained: bool
    violation: bool
    group: "Group"
    facet: Facet
    about: frozenset[str]  # the resources it is about (``about.resources``)


@dataclass(frozen=True)
class InForce:
    """The records in force about ``subjects`` and of the cross-organisation rules, when each
    finding about ``subjects`` was first seen (``_first_seen``), and the figures in force of
    the ``resources`` those records and subjects are (``about.kept``), read ahead of the run
    that re-judges them (``in_force``)."""

    subjects: frozenset[str]
    records: Mapping[str, _Open]
    first_seen: Mapping[tuple, str]
    resources: frozenset[str]
    figures: Mapping[str, about.Kept]


@dataclass(frozen=True)
class Group:
    """What the number-and-type-of-deviations KPI counts findings by."""

    framework: str
    rule: str
    severity: str  # the sh: IRI
    explained: bool

    @classmethod
    def of(cls, f: Finding) -> "Group":
        return cls(f.framework or "", f.rule or "", SH[f.severity].value, f.explained)

    @classmethod
    def of_facet(cls, facet: Facet) -> "Group":
        return cls(facet.framework, facet.rule, facet.severity, facet.explained)

    def facet(self) -> Facet:
        """The group as a facet of no organisation type: how its count is recorded."""
        return Facet("", self.framework, self.rule, self.severity, self.explained)


def _named(text: str) -> bool:
    return text.startswith(("http://", "https://", "urn:"))


def _kept(f: Finding) -> bool:
    """Whether the register keeps a finding: one of a framework rule (a shape that names no
    rule is an extra shape's) about a named subject (a blank node has no identity from one
    run to the next; its findings are reported to whoever submitted it)."""
    return bool(f.rule) and _named(f.subject)


def _all_open(store: Store) -> dict[str, _Record]:
    """Every record in force, by key: what a whole-store run re-judges (it counts the
    register anew, so it reads no more of them)."""
    return {
        row["key"].value: _Record(row["record"].value, row["firstSeen"].value)
        for row in store.query(queries.internal("register-open-keys").text)
    }


def _open_findings(
    store: Store, subjects: frozenset[str], across: frozenset[str]
) -> dict[str, _Open]:
    """The records in force that a run re-judging ``subjects`` re-judges: the findings about
    them and those of the cross-organisation rules ``across`` (always judged again)."""
    return _records(store, subjects, across, ended=False)[0]


def _records(
    store: Store, subjects: frozenset[str], across: frozenset[str], *, ended: bool
) -> tuple[dict[str, _Open], dict[tuple, str]]:
    """The records in force about ``subjects`` and of the rules ``across`` (by key), and with
    ``ended`` when each finding about ``subjects`` was first seen (``_first_seen``), from one
    lookup of their records in force and ended (``register-records.rq``); the rules' ended
    records, of every subject ever, are never read."""
    text = queries.internal("register-records").text
    also_ended = {ox.Variable("ended"): ox.Literal(True)} if ended else {}
    blocks = [
        *((q, also_ended) for q in sparql_text.bound_to(text, "subject", filter(_named, subjects))),
        *((q, {}) for q in sparql_text.bound_to(text, "rule", across)),
    ]
    found, seen = {}, {}
    for query, substitutions in blocks:
        for row in store.query(query, substitutions=substitutions):
            about_subject = row["subject"].value in subjects
            if row["rule"].value not in across and not about_subject:
                continue
            if ended and about_subject:
                identity, moment = _seen_at(row)
                seen[identity] = min(moment, seen.get(identity, moment))
            if row["ending"] is None:
                found[row["key"].value] = _open(row)
    return found, seen


def _open(row: ox.QuerySolution) -> _Open:
    """A record in force, as register-records.rq gives it."""
    group = Group(
        row["framework"].value if row["framework"] is not None else "",
        row["rule"].value,
        row["severity"].value,
        true(row["explained"].value),
    )
    kind, organisation, value = (row[c] for c in ("organisationType", "organisation", "value"))
    named = isinstance(value, ox.NamedNode)
    return _Open(
        row["record"].value,
        row["firstSeen"].value,
        group.explained,
        row["severity"] == SH.Violation,
        group,
        Facet(
            kind.value if kind is not None else "",
            group.framework,
            group.rule,
            group.severity,
            group.explained,
        ),
        frozenset(
            about.resources(
                organisation.value if organisation is not None else None,
                row["subject"].value,
                value.value if named else None,
            )
        ),
    )


def in_force(store: Store, subjects: frozenset[str]) -> InForce:
    """The records in force that a run re-judging ``subjects`` re-judges, when their findings
    were first seen, and the figures of the resources they are about, read ahead (an import
    reads them beside its judging): only a run's record changes them, so they are those the
    run would read (hold ``writing()`` until it records)."""
    records, seen = _records(store, subjects, _across(), ended=True)
    resources = subjects | {r for o in records.values() for r in o.about}
    return InForce(subjects, records, seen, frozenset(resources), about.kept(store, resources))


def _across() -> frozenset[str]:
    """The cross-organisation rules: a run re-judges their findings always."""
    shapes, _ = frameworks.shapes_graph(frameworks.select(None))
    return frameworks.cross_organisation_rules(shapes)


def _before(store: Store, judgement: Judgement) -> dict[str, _Record]:
    """The records in force a run re-judges: every one (a whole-store run), or those about its
    subjects and of the cross-organisation rules, but for those it read ahead."""
    if judgement.subjects is None:
        return _all_open(store)
    subjects = judgement.subjects - judgement.unnamed
    if judgement.read is None:
        return _open_findings(store, subjects, _across())
    rest = _open_findings(store, subjects - judgement.read.subjects, frozenset())
    return {**judgement.read.records, **rest}


def _first_seen(store: Store, subjects: Iterable[str]) -> dict[tuple, str]:
    """When each deviation about ``subjects`` was first seen (by ``_identity``), if it ever
    was."""
    seen: dict[tuple, str] = {}
    if not store.query(queries.internal("findings-recorded").text):
        return seen
    text = queries.internal("finding-first-seen").text
    for query in sparql_text.bound_to(text, "subject", subjects):
        for row in store.query(query):
            identity, moment = _seen_at(row)
            seen[identity] = min(moment, seen.get(identity, moment))
    return seen


def _seen_at(row: ox.QuerySolution) -> tuple[tuple, str]:
    """The finding of a record ``row`` (by ``_identity``), and when it was first seen."""
    identity = tuple(
        row[name].value if row[name] is not None else ""
        for name in ("rule", "subject", "value", "organisation")
    )
    return identity, row["firstSeen"].value


def _seen(store: Store, subjects: set[str], read: InForce | None) -> Mapping[tuple, str]:
    """When each deviation about ``subjects`` was first seen: read ahead (``read``), and of
    the others read now."""
    if read is None:
        return _first_seen(store, subjects) if subjects else {}
    rest = subjects - read.subjects
    return {**read.first_seen, **_first_seen(store, rest)} if rest else read.first_seen


def _figures(store: Store, resources: set[str], read: InForce | None) -> dict[str, about.Kept]:
    """The figures in force of ``resources``: read ahead (``read``), and of the others read
    now."""
    if read is None:
        return about.kept(store, resources)
    ahead = {r: kept for r, kept in read.figures.items() if r in resources}
    rest = resources - read.resources
    return {**ahead, **about.kept(store, rest)} if rest else ahead


# when a subject is stated in graphs of several kinds, the strongest is recorded: what was
# measured outweighs what a register lists, and both outweigh what an organisation reports
EVIDENCE_ORDER = tuple(CONCEPT[f"bewijs/{kind}"].value for kind in ("gemeten", "register"))


def _evidence(store: Store, subjects: set[str] | None) -> dict[str, str]:
    """How each subject is known: the strongest kind of evidence of the graphs stating it; of
    ``subjects``, or (None) of every subject, in one query: a whole-store run's tens of
    thousands of subjects, in blocks of VALUES, took seconds (at 1M, 128 queries for a
    thousand subjects that have any)."""
    text = queries.internal("subject-evidence").text
    texts = (
        [text]
        if subjects is None
        else sparql_text.bound_to(text, "subject", filter(_named, subjects))
    )
    kinds: dict[str, set[str]] = {}
    for query in texts:
        for row in store.query(query):
            kinds.setdefault(row["subject"].value, set()).add(row["kind"].value)
    rank = {kind: index for index, kind in enumerate(EVIDENCE_ORDER)}
    return {s: min(k, key=lambda kind: rank.get(kind, len(rank))) for s, k in kinds.items()}


def _finding_record(
    node: ox.NamedNode, run: ox.NamedNode, key: str, f: Finding, evidence: str | None
) -> list:
    facts = [
        (RDF.type, NDSG.Finding),
        (DCT.identifier, ox.Literal(key)),
        (PROV.wasGeneratedBy, run),
        (NDSG.subject, ox.NamedNode(f.subject)),
        (SH.resultSeverity, SH[f.severity]),
        (NDSG.explained, ox.Literal(f.explained)),
        (NDSG.firstSeen, ox.Literal(f.first_seen, datatype=XSD.dateTime)),
    ]
    for predicate, value in (
        (NDSG.organisation, f.organisation),
        (NDSG.framework, f.framework),
        (NDSG.rule, f.rule),
        (NDSG.explainedBy, f.deviation),
    ):
        if value:
            facts.append((predicate, ox.NamedNode(value)))
    if f.value:
        value = ox.NamedNode(f.value) if f.value_is_iri else ox.Literal(f.value)
        facts.append((SH.value, value))
    if evidence:
        facts.append((NDSG.evidenceKind, ox.NamedNode(evidence)))
    for language, message in (("nl", f.message_nl), ("en", f.message_en)):
        if message:
            facts.append((SH.resultMessage, ox.Literal(message, language=language)))
    return [ox.Triple(node, p, o) for p, o in facts]


def _variant_record(node: ox.NamedNode, run: ox.NamedNode, key: str, v: Variant) -> list:
    facts = [
        (RDF.type, NDSG.VariantCount),
        (DCT.identifier, ox.Literal(key)),
        (PROV.wasGeneratedBy, run),
        (NDSG.function, ox.NamedNode(v.function)),
        (NDSG.countedOrganisationType, ox.NamedNode(v.organisation_type)),
        (NDSG.variants, ox.Literal(str(v.variants), datatype=XSD.integer)),
    ]
    return [ox.Triple(node, p, o) for p, o in facts]


def _group_counts(records: Mapping[str, tuple[str, Facet, int]]) -> Counter[Group]:
    """The deviation counts in force (``records``: ``facets.in_force`` of them) by group."""
    return Counter({Group.of_facet(facet): n for _, facet, n in records.values()})


def _entries(records: Mapping[str, Finding]) -> dict[str, list[about.Entry]]:
    """The findings ``records`` (by record) as entries of the resources they are about."""
    entries: dict[str, list[about.Entry]] = {}
    for record, f in records.items():
        entry = about.Entry(f.explained, SH[f.severity].value, f.first_seen or "", record)
        for resource in about.resources(
            f.organisation, f.subject, f.value if f.value_is_iri else None
        ):
            entries.setdefault(resource, []).append(entry)
    return entries


def _about_counted(store: Store, run: ox.NamedNode, in_force: Mapping[str, Finding]) -> list:
    """The figures of the findings about each resource, of the findings ``in_force`` (by
    record) after a whole-store run; those of resources with none ended."""
    before = about.kept(store)
    figures = {resource: about.figure(e) for resource, e in _entries(in_force).items()}
    gone = {resource: about.Figure(0, ()) for resource in before if resource not in figures}
    return about.recorded(run, before, {**figures, **gone})


def _about_moved(
    store: Store,
    run: ox.NamedNode,
    opened: Mapping[str, Finding],
    ended: list[_Open],
    read: Mapping[str, _Open],
    subjects: frozenset[str],
    ahead: InForce | None = None,
) -> list:
    """The figures of the findings about the resources that records ``opened`` (by record)
    and ``ended`` are about, moved by them; the records in force it ``read`` (``_open_findings``
    of ``subjects``) hold every finding about a subject as subject, so those are not read
    again; nor are the figures read ``ahead``."""
    gone: dict[str, set[str]] = {}
    for o in ended:
        for resource in o.about:
            gone.setdefault(resource, set()).add(o.record)
    new = _entries(opened)
    before = _figures(store, new.keys() | gone.keys(), ahead)
    entries: dict[str, dict[str, about.Entry]] = {s: {} for s in subjects if _named(s)}
    for o in read.values():
        entry = about.Entry(o.explained, o.group.severity, o.first_seen, o.record)
        for resource in o.about & entries.keys():
            entries[resource][o.record] = entry
    return about.recorded(run, before, about.moved(store, before, new, gone, entries))


def _totals(store: Store) -> tuple[Counts, int]:
    rows = list(store.query(queries.internal("register-totals").text))
    if not rows:
        return Counts(), 0
    row = rows[0]
    names = ("findings", "unexplained", "violations", "unexplainedViolations")
    counts = (int(row[name].value) for name in names)
    return Counts(*counts), int(row["variants"].value)


def _adjusted(register: Counts, opened: Counts, ended: list[_Open]) -> Counts:
    """The register's totals after some records opened and others ended."""
    return Counts(
        register.findings + opened.findings - len(ended),
        register.unexplained + opened.unexplained - sum(not o.explained for o in ended),
        register.violations + opened.violations - sum(o.violation for o in ended),
        register.unexplained_violations
        + opened.unexplained_violations
        - sum(o.violation and not o.explained for o in ended),
    )


def _counts(findings: Iterable[Finding]) -> Counts:
    found = list(findings)
    return Counts(
        len(found),
        sum(not f.explained for f in found),
        sum(f.severity == "Violation" for f in found),
        sum(f.severity == "Violation" and not f.explained for f in found),
    )


@contextmanager
def writing(home: Path) -> Iterator[None]:
    """Hold the register of the store whose home is ``home``: a whole-store run from its
    snapshot to its record, a submission from its checks to its record, so neither records a
    picture the other changed; across the threads and the processes (Granian's workers over a
    remote store, the CLI) that share the home."""
    with _RECORDING:
        home.mkdir(parents=True, exist_ok=True)
        with (home / LOCK_FILE).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def record(store: Store, judgement: Judgement) -> tuple[Run, list[Finding]]:
    """Bring the register up to date with what the run found (hold ``writing()``); returns the
    run and the findings about what it judged, with their first-seen times (also those the
    register does not keep, such as findings about blank nodes)."""
    validation = judgement.validation
    runs.discard_unfinished(store)
    now = datetime.now(UTC)
    run_iri, graph = runs.names(now, validation.input_hash)
    run = ox.NamedNode(run_iri)
    stamp = runs.utc(now)
    before = _before(store, judgement)
    found = {
        finding_key(f): f
        for f in (*validation.findings, *judgement.beside, *judgement.carried)
        if _kept(f)
    }
    new = {f.subject for k, f in found.items() if k not in before} - judgement.unnamed
    seen = _seen(store, new, judgement.read)
    kept = {k: replace(f, first_seen=before[k].first_seen) for k, f in found.items() if k in before}
    fresh = {
        k: replace(f, first_seen=seen.get(_identity(f), stamp))
        for k, f in found.items()
        if k not in before
    }
    everyone = judgement.subjects is None  # a whole-store run: most subjects have findings
    evidence = _evidence(store, None if everyone else {f.subject for f in fresh.values()})
    triples: list[ox.Triple] = []
    recorded_fresh: dict[str, Finding] = {}  # by record
    for index, (key, f) in enumerate(sorted(fresh.items())):
        node = ox.NamedNode(f"{run_iri}/bevinding/{index}")
        triples += _finding_record(node, run, key, f, evidence.get(f.subject))
        recorded_fresh[node.value] = f
    ended = [o for k, o in before.items() if k not in found]
    triples += facets.ending((o.record for o in ended), run)
    if judgement.subjects is None:  # everything: counted anew
        in_force = {**{before[k].record: f for k, f in kept.items()}, **recorded_fresh}
        triples += _about_counted(store, run, in_force)
    else:
        triples += _about_moved(
            store, run, recorded_fresh, ended, before, judgement.subjects, judgement.read
        )
    register, variant_total = _totals(store)
    opened = _counts(fresh.values())
    types = facets.organisation_types(store)
    facets_before = facets.in_force(store)
    counts_before = facets.in_force(store, "deviation-counts-open")
    if everyone:  # everything: counted, not adjusted
        register = _counts(found.values())
        groups = Counter(Group.of(f) for f in found.values())
        facet_counts = Counter(facets.of(f, types) for f in found.values())
    else:
        register = _adjusted(register, opened, ended)
        groups = _group_counts(counts_before)
        groups.update(Group.of(f) for f in fresh.values())
        groups.subtract(o.group for o in ended)
        facet_counts = facets.moved(
            facets_before, (facets.of(f, types) for f in fresh.values()), (o.facet for o in ended)
        )
    keyed = {_key(group, n): (group.facet(), n) for group, n in groups.items()}
    triples += facets.recorded(run, counts_before, keyed, NDSG.DeviationCount, "telling")
    keyed = {_key(facet, n): (facet, n) for facet, n in facet_counts.items()}
    triples += facets.recorded(run, facets_before, keyed)
    if judgement.variants is not None:
        open_variants = {
            row["key"].value: (row["record"].value, int(row["variants"].value))
            for row in store.query(queries.internal("variants-open").text)
        }
        counted = {variant_key(v): v for v in judgement.variants}
        for index, (key, v) in enumerate(sorted(counted.items())):
            if key not in open_variants:
                node = ox.NamedNode(f"{run_iri}/varianten/{index}")
                triples += _variant_record(node, run, key, v)
        triples += facets.ending(
            (r for k, (r, _) in open_variants.items() if k not in counted), run
        )
        variant_total = sum(v.variants for v in judgement.variants)
    known = {**kept, **fresh}  # what it judged, with first-seen times where recorded; and
    # what the cross-organisation rules found about its subjects (they decided nothing)
    about = [f for f in judgement.beside if judgement.subjects and f.subject in judgement.subjects]
    all_found = [known.get(finding_key(f), f) for f in (*validation.findings, *about)]
    recorded = Run(
        iri=run_iri,
        graph=graph,
        started=validation.started,
        ended=now,
        reference_date=validation.reference_date,
        shapes_hash=validation.shapes_hash,
        input_hash=validation.input_hash,
        conforms=validation.conforms,
        found=_counts(all_found),
        register=register,
        variants=variant_total,
        agent=judgement.agent,
    )
    store.add_graph(graph, triples, runs.node(recorded), content_hash=validation.input_hash)
    return recorded, sorted(all_found, key=sort_key)


@contextmanager
def pending(home: Path, graphs: Iterable[str]) -> Iterator[None]:
    """Mark ``graphs`` as changed but not yet judged for as long as the block runs (hold
    ``writing``); an exception or a crash leaves the mark (see ``unjudged``), and so does
    the block of a later change that ends well: a mark stays until a whole-store run judges
    everything (``judged_all``)."""
    marker = home / PENDING_FILE
    left = marker.exists()  # by a change that failed before: kept, with these added
    with marker.open("a") as mark:
        mark.write("".join(f"{graph}\n" for graph in graphs))
    yield
    if not left:
        marker.unlink()


def unjudged(home: Path) -> bool:
    """Whether a submission was stored but its register update never finished."""
    return (home / PENDING_FILE).exists()


def judge_all(store: Store, *, agent: str | None = None) -> tuple[Run, list[Finding]]:
    """A whole-store run: everything the store asserts judged by all frameworks today, the
    organisation counts counted again, and the whole register replaced by what it found (hold
    ``writing``: see ``national_run.run``)."""
    data, input_hash = snapshot.asserted_ntriples(store)
    judged = validate(data, input_hash)  # counts the organisations while the engine runs
    organisation_counts = judged.organisation_counts
    if organisation_counts is None:  # no cross-organisation rule read them
        organisation_counts = counts.counted(counts.memberships(store))
    keep_counts(store, organisation_counts)
    variants = counts.variants(organisation_counts)
    return record(store, Judgement(judged, variants=variants, agent=agent))


def variants(store: Store) -> tuple[Variant, ...]:
    """The variants per function and organisation type now, counted over the whole store."""
    return counts.variants(counts.counted(counts.memberships(store)))


def keep_counts(store: Store, organisation_counts: Mapping[counts.Key, int]) -> None:
    """Replace the organisation counts the store keeps (the rules read them there)."""
    store.replace_graphs({COUNTS_GRAPH.value: GraphContent(counts.facts(organisation_counts))})


def judged_all(home: Path) -> None:
    """A whole-store run was recorded: whatever a crash left unjudged is judged now."""
    (home / PENDING_FILE).unlink(missing_ok=True)


def judge_submission(
    store: Store,
    judged: Validation,
    subjects: frozenset[str],
    agent: str,
    before: dict[str, set[counts.Key]] | None,
    deviations: frozenset[explanations.Pair] = frozenset(),
    unnamed: frozenset[str] = frozenset(),
    read: InForce | None = None,
) -> tuple[Run, list[Finding]]:
    """An accepted submission (its graph just replaced, ``writing()`` held): its subjects'
    findings replaced by ``judged``; the organisation counts moved by what its organisations
    had in common ``before`` it and have now (None: counted again, see ``counts.affected``;
    empty: none of them, so neither the counts nor the variants are read or recorded);
    the cross-organisation rules judged again over the store, which read those counts; and
    the findings of the (organisation, rule) ``deviations`` its old or new version states
    explained anew, whatever their subject. Of its subjects, the ``unnamed`` were new to the
    store (``Store.unnamed``): no record in force is about them, so none is looked up; nor
    are those it ``read`` ahead (``in_force``)."""
    # None: nothing moved (an import of measurements, a submission whose counts stay)
    variants = _counts_moved(store, before)
    national_findings = tuple(national.judge(store, judged.reference_date))
    others, carried = explanations.carried(
        store, deviations, subjects, _across(), judged.reference_date
    )
    judgement = Judgement(
        judged,
        subjects | others,
        beside=national_findings,
        variants=variants,
        agent=agent,
        carried=carried,
        unnamed=unnamed,
        read=read,
    )
    return record(store, judgement)


def _counts_moved(
    store: Store, before: dict[str, set[counts.Key]] | None
) -> tuple[Variant, ...] | None:
    """The organisation counts kept in ``store`` moved by what the organisations had in common
    ``before`` and have now (None, or no counts kept yet: counted again), and the variants;
    None if nothing moved (the variant counts stay as they are), as when ``before`` is empty:
    the memberships of no organisation are read without a query of theirs."""
    if before is not None and store.has_graph(COUNTS_GRAPH.value):
        after = counts.memberships(store, before)
        if after == before:  # a submission that moves no count reads and writes none
            return None
        kept = counts.current(store)
        organisation_counts = counts.moved(kept, before, after)
        if organisation_counts != kept:
            keep_counts(store, organisation_counts)
    else:  # a building block described, or a store no whole-store run has counted yet
        organisation_counts = counts.counted(counts.memberships(store))
        keep_counts(store, organisation_counts)
    return counts.variants(organisation_counts)
