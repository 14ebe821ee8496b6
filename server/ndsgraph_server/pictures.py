"""Dependency and landscape pictures: the nodes and edges a page draws, from stored queries.

A building block's picture is the answer of ``dependency-picture.rq``, an organisation's
the answer of ``landscape-picture.rq``; ``picture-nodes.rq`` adds what a drawing colours
by: kind, lifecycle or portfolio phase, and the findings of the latest validation run.
"""

from dataclasses import asdict, dataclass

import pyoxigraph as ox

from ndsgraph.errors import InputError
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.vocabulary import NDSG, ORG

# A national building block (DigiD) has tens of thousands of dependants; a drawing of more
# edges than this is unreadable, so larger pictures are cut and say so.
MAX_EDGES = 1500
KINDS = {
    NDSG.BuildingBlock.value: "building-block",
    NDSG.Application.value: "application",
    NDSG.LegacySystem.value: "legacy-system",
    NDSG.Supplier.value: "supplier",
    ORG.Organization.value: "organisation",
}
PICTURE_QUERY = {"building-block": "dependency-picture", "organisation": "landscape-picture"}
PARAMETER = {"building-block": "block", "organisation": "organisation"}


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    kind: str
    lifecycle: str | None
    lifecycle_label: str | None
    findings: int
    unexplained: int

    @property
    def conformance(self) -> str:
        """'unexplained' findings, only 'explained' ones, or 'none' in the latest run."""
        if self.unexplained:
            return "unexplained"
        return "explained" if self.findings else "none"


@dataclass(frozen=True)
class Edge:
    source: str
    relation: str
    target: str


@dataclass(frozen=True)
class Picture:
    subject: str
    kind: str
    query: str
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool

    def as_json(self) -> dict:
        return {
            "subject": self.subject,
            "kind": self.kind,
            "query": self.query,
            "truncated": self.truncated,
            "nodes": [{**asdict(n), "conformance": n.conformance} for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
        }


def subject_kind(store: Store, iri: str) -> str | None:
    """'building-block' or 'organisation' when ``iri`` is one, else None."""
    node = _node(iri)
    for kind, sparql in (
        ("building-block", f"ASK {{ {node} a {NDSG.BuildingBlock} }}"),
        ("organisation", f"ASK {{ {node} {NDSG.organisationType} ?type }}"),
    ):
        if bool(store.query(sparql)):
            return kind
    return None


def _node(iri: str) -> str:
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise InputError(f"not an IRI: {iri!r}") from None


def nodes(store: Store, iris: list[str]) -> list[Node]:
    """The facts of ``picture-nodes.rq`` for every IRI, in one query."""
    if not iris:
        return []
    text = queries.stored("picture-nodes").text
    bound = sparql_text.bind_rows(text, ["node"], [[_node(i)] for i in iris])
    found = {}
    for row in store.query(bound):
        kind = row["kind"]
        phase, phase_label, label = row["lifecycle"], row["lifecycleLabel"], row["label"]
        found[row["node"].value] = Node(
            iri=row["node"].value,
            label=label.value if label is not None else row["node"].value,
            kind=KINDS.get(kind.value, "other") if kind is not None else "other",
            lifecycle=phase.value if phase is not None else None,
            lifecycle_label=phase_label.value if phase_label is not None else None,
            findings=int(row["findings"].value),
            unexplained=int(row["unexplained"].value),
        )
    return [found[i] for i in iris]


def picture(store: Store, iri: str) -> Picture:
    """The picture of a building block or an organisation."""
    kind = subject_kind(store, iri)
    if kind is None:
        raise InputError(f"<{iri}> is neither a building block nor an organisation")
    name = PICTURE_QUERY[kind]
    rows = list(queries.run(store, queries.stored(name), {PARAMETER[kind]: iri}))
    edges = [Edge(r["source"].value, r["relation"].value, r["target"].value) for r in rows]
    truncated = len(edges) > MAX_EDGES
    edges = edges[:MAX_EDGES]
    iris = list(dict.fromkeys([iri] + [end for e in edges for end in (e.source, e.target)]))
    return Picture(iri, kind, name, nodes(store, iris), edges, truncated)
