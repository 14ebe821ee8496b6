"""Submissions: an organisation's or partner's portfolio, validated, then stored whole or not at all.

An accepted submission atomically replaces the submitter's graph (/graph/submission/{who}).
Every version is kept as an N-Triples file under the store's home, so earlier versions stay
retrievable and two can be compared. A rejected submission goes to quarantine with its report
and is never merged, nor recorded in the register. An accepted one is judged in context (what
the rest of the store says about what it names) and brings the register up to date in the same
request (``register.judge_submission``): everything the submitter owns is judged again, in
whatever graph (``owned_by``), so its findings are replaced as a whole, while only what the
upload states decides whether it is accepted.

A submitter states things only about subjects it owns (``scope``), and ``If-Match`` guards
against lost updates: both are checked before anything is written, one submission at a time.
"""

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import register, validation
from ndsgraph.errors import InputError, UnknownResource, VersionConflict
from ndsgraph.intake import scope
from ndsgraph.intake.submitters import Submitter
from ndsgraph.register import explanations
from ndsgraph.register.runs import Run
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import GraphContent, Store
from ndsgraph.validation import Validation, counts
from ndsgraph.validation.findings import Finding
from ndsgraph.vocabulary import CONCEPT, DCAT, DCT, GRAPH, NDSG, PROV, RDF, VOID, XSD

POLICIES = {
    "violations": lambda f: (
        f.severity == "Violation"
    ),  # default: violations reject, warnings accept
    "warnings": lambda f: f.severity in ("Violation", "Warning"),
    "none": lambda f: False,
}


@dataclass(frozen=True)
class Precondition:
    """If-Match (RFC 9110, strong comparison): the ETags one of which must be current
    (without quotes), or ``any_version`` for ``*``: some version must exist."""

    etags: frozenset[str] = frozenset()
    any_version: bool = False

    def holds(self, current: str | None) -> bool:
        return current is not None and (self.any_version or current in self.etags)

    def __str__(self) -> str:
        if self.any_version:
            return "*"
        return ", ".join(f'"{e}"' for e in sorted(self.etags)) or "no strong entity tag"


@dataclass
class Outcome:
    accepted: bool
    graph: str
    version: int | None
    etag: str | None
    findings: list[Finding]
    run: str | None  # the run that recorded it in the register; none for a rejected upload
    report: list[ox.Triple]
    quarantine: str | None = None


def slug(iri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", iri.lower().split("://", 1)[-1]).strip("-")


def _nt(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def described_by(store: Store, graphs: Iterable[str]) -> set[str]:
    """The subjects the current version of ``graphs`` describes (a submitter's, an import's):
    replaced, they are judged again (a subject it no longer describes may lose its findings)."""
    text = queries.internal("graph-subjects").text
    return {
        row["subject"].value
        for graph in graphs
        for row in store.query(text, substitutions={ox.Variable("graph"): ox.NamedNode(graph)})
    }


def replacing(graphs: Iterable[str]) -> dict[ox.Variable, ox.Literal]:
    """The substitution that leaves the ``graphs`` an upload replaces out of the lookups of
    what it is judged with (``?replaced`` of upload-context.rq and others: a text with each
    IRI between spaces, which no IRI holds, so one substitution holds any number of graphs
    and a graph's name that merely starts like a replaced one's is not left out)."""
    return {ox.Variable("replaced"): ox.Literal("".join(f" {g} " for g in sorted(graphs)))}


def owned_by(store: Store, owner: str) -> frozenset[str]:
    """What ``owner`` owns in any graph (``internal/owned-subjects.rq``): its accepted
    submission judges them all, as their findings may depend on what it states (an
    application in the example landscape lacks a building block the submission adopts)."""
    text = sparql_text.inlined(queries.internal("owned-subjects").text, "owner", owner)
    return frozenset(row["subject"].value for row in store.query(text))


def _as_stated(judged: Validation, stated: set[str]) -> Validation:
    """``judged`` about only the ``stated`` subjects (an upload's and its previous version's):
    what decides acceptance, and what a rejected upload's report holds."""
    return replace(
        judged,
        findings=[f for f in judged.findings if f.subject in stated],
        report=validation.only_about(judged.report, stated),
    )


def _context(
    store: Store,
    graphs: frozenset[str],
    triples: list[ox.Triple],
    about: set[str],
    unnamed: frozenset[str] = frozenset(),
) -> bytes:
    """What the rest of the store says about the upload's subjects and the nodes it refers to
    (but the ``unnamed``, of which it says nothing: ``Store.unnamed``), as N-Triples written
    by the store: the upload is judged as the store would be with it in place of ``graphs``."""
    named: set[str] = set()
    other: set[str] = set()  # blank nodes and literals
    for t in triples:  # once over them: an import states hundreds of thousands
        for node in (t.subject, t.object):
            (named if isinstance(node, ox.NamedNode) else other).add(node.value)
    nodes = ((about - other) | named) - unnamed
    answers = stated_about(store, nodes, graphs)
    return b"".join(answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b"" for answer in answers)


def stated_about(
    store: Store, nodes: Iterable[str], graphs: frozenset[str]
) -> Iterator[ox.QueryTriples]:
    """What the store says about ``nodes`` outside ``graphs`` (those an upload replaces), as
    an upload is judged with it (``upload-context.rq``): its answers, a block of nodes each."""
    text = queries.internal("upload-context").text
    replaced = replacing(graphs)
    for query in sparql_text.bound_to(text, "node", nodes):
        yield store.query(query, substitutions=replaced)


def judged_about(
    store: Store, triples: list[ox.Triple], graphs: frozenset[str], others: frozenset[str]
) -> set[str]:
    """The subjects an upload is judged about (``judge``): its own, those the current version
    of the ``graphs`` it replaces describes, and ``others``."""
    return {t.subject.value for t in triples} | described_by(store, graphs) | others


def judge(
    store: Store,
    triples: list[ox.Triple],
    input_hash: str,
    graphs: frozenset[str] = frozenset(),
    about: frozenset[str] | None = None,
    beside: list[ox.Triple] = (),
    unnamed: frozenset[str] = frozenset(),
) -> Validation:
    """An upload judged in context, as the store would be with it in place of the ``graphs``
    it replaces (none: a dry run, added to the store as it is), and with what the caller found
    ``beside`` it (an import: other measurements of its subjects), about the subjects
    ``about`` (``judged_about``; default: its own and those ``graphs`` describe now).
    ``unnamed``: nodes it names that the store does not (an import's new measurements), not
    looked up. Given ``about``, it reads nothing of ``graphs`` themselves, so an import's
    graphs can be written while it is judged."""
    if about is None:
        about = frozenset(judged_about(store, triples, graphs, frozenset()))
    stated = _context(store, graphs, triples, set(about), unnamed)
    return validation.validate_upload(triples, input_hash, beside, set(about), stated)


@dataclass(frozen=True)
class Moving:
    """What a graph's replacement moves in the register, read before it is replaced: the
    memberships of the organisations it can move (None: all counted again, see
    ``counts.affected``; empty: none), and the (organisation, rule) deviations its old and
    new version state (``explanations``)."""

    memberships: dict[str, set[counts.Key]] | None
    deviations: frozenset[explanations.Pair]


def moving(
    store: Store, graphs: frozenset[str], content: list[ox.Triple], changed: frozenset[str]
) -> Moving:
    """What replacing ``graphs`` by ``content`` moves, as the store is before: the organisation
    counts that what ``changed`` can move, and the deviations stated."""
    organisations = counts.affected(store, changed, content)
    memberships = None if organisations is None else {}
    if organisations:
        memberships = counts.memberships(store, organisations)
    stated = (explanations.in_graph(store, graph) for graph in graphs)
    deviations = frozenset().union(*stated) | explanations.stated(content)
    return Moving(memberships, deviations)


def recorded(
    store: Store,
    judged: Validation,
    about: frozenset[str],
    agent: str,
    moves: Moving,
    unnamed: frozenset[str] = frozenset(),
    read: register.InForce | None = None,
) -> tuple[Run, list[Finding]]:
    """The register brought up to date with the graphs just replaced (hold ``writing`` and
    ``register.pending``): the findings ``judged`` about ``about`` explained by the deviations
    the store now holds, wherever they are recorded (as a whole-store run explains them).
    ``unnamed``: judged nodes the store named nowhere before (``Store.unnamed``): no count or
    record is about them. ``read``: the records in force read ahead (``register.in_force``)."""
    explained = explanations.explained(store, judged)
    return register.judge_submission(
        store, explained, about, agent, moves.memberships, moves.deviations, unnamed, read
    )


def store_judged(
    store: Store,
    home: Path,
    graph: str,
    content: GraphContent,
    judged: Validation,
    about: frozenset[str],
    agent: str,
    changed: frozenset[str],
) -> tuple[Run, list[Finding]]:
    """Replace ``graph`` with judged ``content`` (whole or not at all, by the bulk loader
    where it is large: ``Store.replace_large``) and bring the register up to date (hold
    ``register.writing``): what ``changed`` moves read before, a crash in between marked
    pending. The last step of an accepted submission."""
    moves = moving(store, frozenset({graph}), content.triples, changed)
    with register.pending(home, [graph]):
        store.replace_large(graph, content)
        return recorded(store, judged, about, agent, moves)


class Submissions:
    def __init__(self, store: Store, home: Path, policy: str = "violations") -> None:
        if policy not in POLICIES:
            raise InputError(f"unknown submission policy '{policy}' (use {', '.join(POLICIES)})")
        self.store = store
        self.home = home
        self.rejects = POLICIES[policy]

    def graph(self, submitter_iri: str) -> str:
        return GRAPH[f"submission/{slug(submitter_iri)}"].value

    def _history(self, submitter_iri: str) -> Path:
        return self.home / "history" / slug(submitter_iri)

    def _current_number(self, submitter_iri: str) -> int:
        """The version the store holds; history files beyond it never became current (a crash)."""
        graph = self.graph(submitter_iri)
        rows = list(
            self.store.query(
                f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <{graph}> {DCAT.version} ?v }} }}"
            )
        )
        return int(rows[0]["v"].value) if rows else 0

    def versions(self, submitter_iri: str) -> list[dict]:
        folder = self._history(submitter_iri)
        if not folder.is_dir():
            return []
        current = self._current_number(submitter_iri)
        found = (json.loads(p.read_text()) for p in folder.glob("*.json"))
        return sorted((v for v in found if v["version"] <= current), key=lambda v: v["version"])

    def current(self, submitter_iri: str) -> dict | None:
        versions = self.versions(submitter_iri)
        return versions[-1] if versions else None

    def version_data(self, submitter_iri: str, number: int) -> bytes:
        known = [v["version"] for v in self.versions(submitter_iri)]
        if number not in known:
            kept = f"versions {min(known)} to {max(known)}" if known else "no versions"
            raise UnknownResource(f"{submitter_iri} has no version {number} (it has {kept})")
        return (self._history(submitter_iri) / f"{number}.nt").read_bytes()

    def diff(self, submitter_iri: str, old: int, new: int) -> tuple[list[str], list[str]]:
        """N-Triples lines added and removed from version ``old`` to ``new``."""
        lines = {
            n: set(filter(None, self.version_data(submitter_iri, n).decode().splitlines()))
            for n in (old, new)
        }
        return sorted(lines[new] - lines[old]), sorted(lines[old] - lines[new])

    def check_scope(self, submitter: Submitter, triples: list[ox.Triple]) -> None:
        """Refuse (403) what ``submit`` refuses before judging: a dry run with the submitter's
        token predicts the submission's scope refusal too."""
        own = scope.private_blank_nodes(triples, submitter)
        scope.check(submitter, own, self.store, self.graph(submitter.iri))

    def submit(
        self,
        submitter: Submitter,
        triples: list[ox.Triple],
        *,
        if_match: Precondition | None = None,
    ) -> Outcome:
        """Validate and, if accepted, replace the submitter's graph; refused (scope, version)
        before anything is written. One submission at a time: the scope check and the version
        check hold until the write."""
        triples = scope.private_blank_nodes(triples, submitter)
        body = _nt(triples)
        digest = hashlib.sha256(body).hexdigest()
        graph = self.graph(submitter.iri)
        with register.writing(self.home):
            scope.check(submitter, triples, self.store, graph)
            current = self.current(submitter.iri)
            if if_match is not None and not if_match.holds(current["etag"] if current else None):
                shown = f'"{current["etag"]}"' if current else "none (nothing submitted yet)"
                raise VersionConflict(f"the current version of {graph} is {shown}, not {if_match}")
            replaced = frozenset({graph})
            stated = {t.subject.value for t in triples} | described_by(self.store, replaced)
            about = frozenset(stated) | owned_by(self.store, submitter.iri)  # judged_about
            judged = judge(self.store, triples, digest, replaced, about)
            deciding = _as_stated(judged, stated)
            if any(self.rejects(f) for f in deciding.findings if not f.explained):
                return self._quarantine(submitter, body, digest, graph, deciding)
            number = (current["version"] if current else 0) + 1
            etag = f"{number}-{digest[:16]}"
            created = datetime.now(UTC).isoformat()
            folder = self._history(submitter.iri)  # first: the store's version is the current one
            entry = {"version": number, "etag": etag, "hash": digest, "created": created}
            _write_atomically(folder / f"{number}.nt", body)
            _write_atomically(folder / f"{number}.json", json.dumps(entry).encode())
            content = triples + self._metadata(graph, submitter, number, created)
            run, findings = store_judged(
                self.store,
                self.home,
                graph,
                GraphContent(content, digest),
                judged,
                about,
                submitter.iri,
                frozenset(stated),
            )
            _write_atomically(
                folder / f"{number}.json", json.dumps({**entry, "run": run.iri}).encode()
            )
            return Outcome(True, graph, number, etag, findings, run.iri, judged.report)

    def _quarantine(
        self, submitter: Submitter, body: bytes, digest: str, graph: str, judged: Validation
    ) -> Outcome:
        """A rejected upload with its report, kept apart: it never enters the register."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        folder = self.home / "quarantine" / slug(submitter.iri)
        _write_atomically(folder / f"{stamp}.nt", body)
        _write_atomically(
            folder / f"{stamp}.report.json",
            json.dumps(
                {
                    "submitter": submitter.iri,
                    "hash": digest,
                    "findings": [f.__dict__ for f in judged.findings],
                },
                indent=2,
            ).encode(),
        )
        quarantine = f"{slug(submitter.iri)}/{stamp}"
        return Outcome(False, graph, None, None, judged.findings, None, judged.report, quarantine)

    @staticmethod
    def _metadata(graph: str, submitter: Submitter, number: int, created: str) -> list[ox.Triple]:
        node = ox.NamedNode(graph)
        return [
            ox.Triple(node, RDF.type, VOID.Dataset),
            ox.Triple(node, PROV.wasAttributedTo, ox.NamedNode(submitter.iri)),
            ox.Triple(node, DCT.created, ox.Literal(created, datatype=XSD.dateTime)),
            ox.Triple(node, DCAT.version, ox.Literal(str(number))),
            ox.Triple(node, NDSG.evidenceKind, CONCEPT["bewijs/zelf-gerapporteerd"]),
        ]
