"""Scope: a submitter states things only about subjects it owns.

Who owns a subject is what the store says, outside the submitter's own graph (which the upload
replaces), and for a subject the store does not hold, what the upload itself says (stored query
``internal/subject-owners.rq`` asks both). So:

- a subject the store gives an owner (an application, contract, adoption, deviation … of an
  organisation; an organisation or partner itself; a building block, owned by the partner that
  manages it) may be described only by that owner;
- a subject of the reference data (a graph whose ``ndsg:evidenceKind`` is register: an
  organisation, a partner, a building block, a standard) is the register's even where its
  owner is the submitter: the submitter may add only what the ontology marks
  ``ndsg:addableToReferenceData`` (a comment), never a name, a parent, a type;
- a subject the store holds without an owner (a supplier, a concept, an ontology term, a
  validation run) belongs to whoever holds the graph it is in, or to ndsgraph: it is not the
  submitter's to change, even to add a label;
- a new subject is the submitter's, unless the upload attaches it to someone else
  (``ndsg:organisation`` another organisation, or another partner as its manager); once
  stored, it is held by the submitter's graph, so nobody else may describe it;
- graph IRIs (``https://w3id.org/ndsgraph/graph/…``) and their descriptions are ndsgraph's;
- a contract is owned through the application that has it (``ndsg:contract``): an upload may
  link only its own or new contracts, as if it described them.

Blank nodes cannot reach stored ones: ``private_blank_nodes`` renames an upload's blank nodes
to labels derived from the submitter, so each upload's blank nodes are new subjects.
"""

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph.errors import NotAllowed
from ndsgraph.intake.submitters import Submitter
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.vocabulary import GRAPH, NDSG, RDF

RECORDS = GRAPH["validation/"].value  # validation runs (runs.RUN_GRAPHS)
RESERVED = GRAPH.base
UPLOAD = ox.NamedNode("urn:ndsgraph:upload")
# a contract is owned through the application that has it: linking to one is claiming it
CONTRACT = NDSG.contract
SHOWN = 5  # refused subjects named in one message


@dataclass(frozen=True, order=True)
class Refusal:
    """A subject the submitter may not describe, and whose it is; ``terms``: the predicates
    no submitter may state about a subject of the reference data (its ``owner`` is then
    the reference data's graph)."""

    subject: str
    owner: str
    terms: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.terms:
            return (
                f"{self.subject} with {', '.join(self.terms)} (reference data of {self.owner}; "
                "of it, a submission may state only what the ontology marks "
                "ndsg:addableToReferenceData)"
            )
        return f"{self.subject} (owned by {self.owner})"


@dataclass(frozen=True)
class Holding:
    """A graph that holds statements about a subject, and the owners it gives the subject;
    without owners, the subject is its ``holder``'s (the graph's agent, or the graph)."""

    subject: str
    graph: str
    owners: frozenset[str]
    holder: str
    reference: bool = False


def private_blank_nodes(triples: list[ox.Triple], submitter: Submitter) -> list[ox.Triple]:
    """The triples with each blank node renamed after the submitter and its label.

    Oxigraph keeps N-Triples and Turtle labels, and a store's blank nodes are shared by all its
    graphs: ``_:b0`` in an upload would otherwise add statements to a stored ``_:b0`` that
    another organisation's graph or the reference data holds."""

    def rename(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode:
        if not isinstance(term, ox.BlankNode):
            return term
        digest = hashlib.sha256(f"{submitter.iri}\n{term.value}".encode()).hexdigest()
        return ox.BlankNode("u" + digest[:32])

    return [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]


def holdings(
    data: Store | ox.Store, own_graph: str, subjects: list[ox.NamedNode] | None = None
) -> list[Holding]:
    """Who owns which subject in ``data``, graph by graph, leaving out ``own_graph``.
    ``subjects``: only these (all subjects of ``data`` when None)."""
    query = queries.internal("subject-owners")
    texts = [query.text]
    if subjects is not None:  # in blocks: see sparql_text.bound_to (one of 1,700: 3.5 times slower)
        texts = list(sparql_text.bound_to(query.text, "subject", (s.value for s in subjects)))
    bound = query.bind({"own": own_graph, "records": RECORDS})
    found: dict[tuple[str, str], tuple[set[str], str, bool]] = {}
    for row in (row for text in texts for row in data.query(text, substitutions=bound)):
        graph = row["graph"].value
        holder = row["holder"].value if row["holder"] is not None else graph
        reference = row["reference"] is not None
        owners, *_ = found.setdefault((str(row["subject"]), graph), (set(), holder, reference))
        if row["owner"] is not None:
            owners.add(row["owner"].value)
    return [
        Holding(subject, graph, frozenset(owners), holder, reference)
        for (subject, graph), (owners, holder, reference) in found.items()
    ]


def refusals(
    submitter: Submitter, triples: list[ox.Triple], store: Store, own_graph: str
) -> list[Refusal]:
    """Every subject of ``triples`` that ``submitter`` may not describe, with its owner."""
    upload = ox.Store()
    upload.bulk_extend(ox.Quad(*triple, UPLOAD) for triple in triples)
    named = sorted(
        {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
        | {
            t.object
            for t in triples
            if t.predicate == CONTRACT and isinstance(t.object, ox.NamedNode)
        },
        key=str,
    )
    found = {Refusal(str(s), "ndsgraph") for s in named if s.value.startswith(RESERVED)}
    for claim in holdings(upload, own_graph):  # a new subject: whom the upload says, or nobody
        found |= {Refusal(claim.subject, owner) for owner in claim.owners}
    held = holdings(store, own_graph, named) if named else []
    for holding in held:
        found |= {Refusal(holding.subject, owner) for owner in holding.owners or {holding.holder}}
    found |= _reference_claims(triples, [h for h in held if h.reference], store)
    return sorted(r for r in found if r.owner != submitter.iri)


def _reference_claims(
    triples: list[ox.Triple], references: list[Holding], store: Store
) -> set[Refusal]:
    """For each subject of the reference data, the predicates ``triples`` state about it that
    no submitter may add to it (its owner included)."""
    if not references:
        return set()
    addable = {
        row["term"] for row in store.query(queries.internal("addable-to-reference-data").text)
    }
    graphs = {h.subject: h.graph for h in references}
    stated: dict[str, set[str]] = {}
    for t in triples:
        if str(t.subject) in graphs and t.predicate not in addable:
            stated.setdefault(str(t.subject), set()).add(str(t.predicate))
    return {
        Refusal(subject, graphs[subject], tuple(sorted(terms))) for subject, terms in stated.items()
    }


def reserved(triples: list[ox.Triple], store: Store) -> list[str]:
    """The terms of ``triples`` that only the reference data and ndsgraph use (the ontology's
    ``ndsg:notSubmittable``): organisations and their type, runs and findings."""
    terms = {row["term"].value for row in store.query(queries.internal("not-submittable").text)}
    used = {t.predicate.value for t in triples} | {
        t.object.value for t in triples if t.predicate == RDF.type
    }
    return sorted(used & terms)


def check(submitter: Submitter, triples: list[ox.Triple], store: Store, own_graph: str) -> None:
    """Refuse (403) an upload that uses a reserved term or states anything about another's
    subject, naming the first few."""
    terms = reserved(triples, store)
    if terms:
        raise NotAllowed(
            f"a submission may not use {', '.join(terms[:SHOWN])}: only the reference data and "
            "ndsgraph itself state these (organisations and their type, validation runs, findings)"
        )
    refused = refusals(submitter, triples, store, own_graph)
    if refused:
        names = ", ".join(map(str, refused[:SHOWN])) + (" …" if len(refused) > SHOWN else "")
        raise NotAllowed(f"{submitter.iri} may not make statements about {names}")
