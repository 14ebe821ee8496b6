"""Dependency and landscape pictures: the nodes and edges a page draws, from stored queries.

A building block's picture is the answer of ``dependency-picture.rq``, an organisation's
the answer of ``landscape-picture.rq``; ``picture-nodes.rq`` adds what a drawing shows of
each node: its kind, phase, organisation type and a contract's exit terms, and
``picture-findings.rq`` its findings in the register (in a landscape ``landscape-findings.rq``:
only the organisation's own). Organisations of one type are gathered into a group, which the
page draws as one node until it is opened.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph.errors import InputError
from ndsgraph.names import names, plural_names
from ndsgraph.sparql import ordering, queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.together import together
from ndsgraph.vocabulary import NDSG, ORG

# A national building block (DigiD) has tens of thousands of dependants; a drawing of more
# edges than this is unreadable, so larger pictures are cut and say so.
MAX_EDGES = 1500
# Fewer organisations of one type than this are drawn one by one: a group of one hides more
# than it saves.
MIN_GROUP = 2
KINDS = {
    NDSG.BuildingBlock.value: "building-block",
    NDSG.Application.value: "application",
    NDSG.LegacySystem.value: "legacy-system",
    NDSG.Contract.value: "contract",
    NDSG.Supplier.value: "supplier",
    ORG.Organization.value: "organisation",
}
PICTURE_QUERY = {"building-block": "dependency-picture", "organisation": "landscape-picture"}
PARAMETER = {"building-block": "block", "organisation": "organisation"}
EDGE = ("source", "relation", "target")  # of each row of a picture's query
SYSTEMS = ("application", "legacy-system")
# From worst to best: what a node's border shows of its findings.
CONFORMANCE = ("violation", "unexplained", "explained", "none")


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    kind: str
    lifecycle: str | None
    lifecycle_label: str | None
    organisation_type: str | None
    organisation_type_label: str | None
    ends: str | None  # a contract's end date, a legacy system's end of life
    exit_clause: bool | None
    export_standard: str | None  # its name
    jurisdiction: str | None  # its name
    findings: int
    unexplained: int
    violations: int  # unexplained Violations

    @property
    def conformance(self) -> str:
        """The worst of its findings: an unexplained Violation, another unexplained finding,
        only explained ones, or none."""
        if self.violations:
            return "violation"
        if self.unexplained:
            return "unexplained"
        return "explained" if self.findings else "none"


@dataclass(frozen=True)
class Edge:
    source: str
    relation: str
    target: str


@dataclass(frozen=True)
class GroupEdge:
    """An edge of a closed group: one relation between the group and a node outside it,
    standing for ``count`` edges of its members (or of the applications they run)."""

    source: str
    relation: str
    target: str
    count: int


@dataclass(frozen=True)
class Group:
    """The organisations of one type, drawn as one node until opened, with what only they
    bring into the picture: the applications they run."""

    id: str
    organisation_type: str
    label: str
    members: tuple[str, ...]
    folded: tuple[str, ...]  # members and their applications: hidden while the group is closed
    edges: tuple[GroupEdge, ...]
    conformance: str  # the worst of its folded nodes'


@dataclass(frozen=True)
class Picture:
    subject: str
    kind: str
    query: str
    nodes: list[Node]
    edges: list[Edge]
    groups: list[Group]
    truncated: bool

    def as_json(self) -> dict:
        """The picture for the page's script: of a node only what it draws (the tables say the
        rest; NLX's page wrote 900 kB of node records, half of it never read); shallow copies
        of the other flat records (a deep ``asdict`` took as long as the page's queries at a
        thousand nodes)."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "query": self.query,
            "truncated": self.truncated,
            "nodes": [
                {"iri": n.iri, "label": n.label, "kind": n.kind, "conformance": n.conformance}
                for n in self.nodes
            ],
            "edges": [{**vars(e)} for e in self.edges],
            "groups": [{**vars(g), "edges": [{**vars(e)} for e in g.edges]} for g in self.groups],
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
        raise InputError(f"not an IRI: {iri!r}", nl=f"geen IRI: {iri!r}") from None


def _value(term: ox.NamedNode | ox.Literal | None) -> str | None:
    return term.value if term is not None else None


def _name(names_of: dict[str, str], term: str | None) -> str | None:
    return names_of[term] if term else None


def _columns(query: queries.StoredQuery) -> tuple[str, ...]:
    """What a query says of each ``?node``: its projection after the node (the query is the
    source of truth for its columns)."""
    return tuple(name for name in query.projection if name != "node")


def nodes(
    store: Store, iris: list[str], language: str, organisation: str | None = None
) -> list[Node]:
    """The facts of ``picture-nodes.rq`` for every IRI, a block of nodes a query (``bound_to``),
    named in ``language``, with their findings; with ``organisation``, only its own findings."""
    if not iris:
        return []
    bound = [ox.NamedNode(i).value for i in iris]
    query = queries.stored("picture-nodes")
    columns = _columns(query)
    blocks = sparql_text.bound_to(query.text, "node", bound)
    read = together(  # side by side: the facts, findings and names of some thousand nodes
        lambda: names(store, iris, language),
        lambda: _findings(store, bound, organisation),
        *(lambda block=block: list(store.query(block)) for block in blocks),
    )
    rows = {
        row["node"].value: {n: _value(row[n]) for n in columns}
        for answer in read[2:]
        for row in answer
    }
    counts = read[1]
    named = ("lifecycle", "organisationType", "exportStandard", "jurisdiction")
    terms = {row[n] for row in rows.values() for n in named} - {None}
    name = {**read[0], **names(store, terms, language)}
    found = []
    for iri in iris:
        row = rows[iri]
        findings, unexplained, violations = counts.get(iri, (0, 0, 0))
        found.append(
            Node(
                iri=iri,
                label=getattr(name[iri], "unowned", name[iri]),  # whose: the picture says
                kind=KINDS.get(row["kind"] or "", "other"),
                lifecycle=row["lifecycle"],
                lifecycle_label=_name(name, row["lifecycle"]),
                organisation_type=row["organisationType"],
                organisation_type_label=_name(name, row["organisationType"]),
                ends=row["ends"],
                exit_clause=row["exitClause"] == "true" if row["exitClause"] else None,
                export_standard=_name(name, row["exportStandard"]),
                jurisdiction=_name(name, row["jurisdiction"]),
                findings=findings,
                unexplained=unexplained,
                violations=violations,
            )
        )
    return found


def _findings(
    store: Store, iris: list[str], organisation: str | None
) -> dict[str, tuple[int, int, int]]:
    """Per node with findings in force, their counts (all, unexplained, unexplained
    Violations): all findings about it, or only the organisation's, read from its own findings
    rather than from each node."""
    if organisation:
        query = queries.internal("landscape-findings")
        answers = [store.query(sparql_text.inlined(query.text, "organisation", organisation))]
    else:
        query = queries.internal("picture-findings")
        blocks = sparql_text.bound_to(query.text, "node", iris)
        answers = together(*(lambda block=block: list(store.query(block)) for block in blocks))
    counts = _columns(query)
    return {
        row["node"].value: tuple(int(row[c].value) for c in counts)
        for answer in answers
        for row in answer
    }


def groups(
    subject: str, drawn: list[Node], edges: list[Edge], plurals: Mapping[str, str]
) -> list[Group]:
    """The organisations of each type (but the subject) as a group, when there are at least
    ``MIN_GROUP``, named by the type's plural (``plurals``: "gemeenten"); an application folds
    into the group when all who run it are members."""
    by_iri = {n.iri: n for n in drawn}
    members: dict[str, list[str]] = defaultdict(list)
    for node in drawn:
        if node.kind == "organisation" and node.organisation_type and node.iri != subject:
            members[node.organisation_type].append(node.iri)
    runners: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.relation == "runs" and by_iri[edge.target].kind in SYSTEMS:
            runners[edge.target].add(edge.source)
    found = []
    for kind, iris in sorted(members.items()):
        if len(iris) < MIN_GROUP:
            continue
        group_id = f"group:{kind}"
        inside = set(iris)
        apps = {a for a, who in runners.items() if who <= inside and a != subject}
        folded = inside | apps
        counted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for edge in edges:
            if (edge.source in folded) == (edge.target in folded):
                continue  # within the group, or not about it
            if edge.source in folded:
                counted[group_id, edge.relation, edge.target].add(edge.source)
            else:
                counted[edge.source, edge.relation, group_id].add(edge.target)
        worst = min(CONFORMANCE.index(by_iri[i].conformance) for i in folded)
        found.append(
            Group(
                id=group_id,
                organisation_type=kind,
                label=plurals.get(kind) or by_iri[iris[0]].organisation_type_label or kind,
                members=tuple(sorted(iris)),
                folded=tuple(sorted(folded)),
                edges=tuple(GroupEdge(*key, len(ends)) for key, ends in sorted(counted.items())),
                conformance=CONFORMANCE[worst],
            )
        )
    return found


def _first_rows(
    store: Store, text: str, order: tuple[tuple[str, bool], ...]
) -> list[ox.QuerySolution]:
    """The rows of a picture's query in its ``order``, as far as more than ``MAX_EDGES``: a
    branch with more edges than are drawn stops there, rather than all read to be cut, and
    as the query orders by relation first, the relations after those rows are not read."""
    first, descending = order[0] if order else ("", False)
    parts = sparql_text.branches_by(text, "relation") if first == "relation" else {"": text}
    rows: list[ox.QuerySolution] = []
    for value in sorted(parts, reverse=descending):  # as ``ordering.key`` sorts plain strings
        if len(rows) > MAX_EDGES:
            break
        rows += store.query(sparql_text.branches_limited(parts[value], EDGE, MAX_EDGES + 1))
    return ordering.ordered(rows, order)


def picture(store: Store, iri: str, language: str) -> Picture:
    """The picture of a building block or an organisation, named in ``language``."""
    kind = subject_kind(store, iri)
    if kind is None:
        name = names(store, [iri], language)[iri]
        raise InputError(
            f"'{name}' <{iri}> is neither a building block nor an organisation: a picture shows "
            "the dependencies of a building block or the landscape of an organisation",
            nl=f"'{name}' <{iri}> is geen bouwsteen en geen organisatie: een plaat toont de "
            "afhankelijkheden van een bouwsteen of het landschap van een organisatie",
        )
    name = PICTURE_QUERY[kind]
    text = sparql_text.inlined(queries.stored(name).text, PARAMETER[kind], iri)
    text, order = sparql_text.unordered(text)  # ordered here: half the time at 1M (ordering)
    if kind == "building-block":  # thousands of edges for a national one (a landscape: hundreds)
        rows = _first_rows(store, text, order)
    else:
        rows = ordering.ordered(store.query(text), order)
    edges = [Edge(*(r[column].value for column in EDGE)) for r in rows]
    truncated = len(edges) > MAX_EDGES
    edges = edges[:MAX_EDGES]
    iris = list(dict.fromkeys([iri] + [end for e in edges for end in (e.source, e.target)]))
    found = nodes(store, iris, language, iri if kind == "organisation" else None)
    order = list(KINDS.values())
    rest = sorted(  # after the subject, by kind and name, as the table lists them
        found[1:], key=lambda n: (order.index(n.kind) if n.kind in order else len(order), n.label)
    )
    drawn = [found[0], *rest]
    types = {n.organisation_type for n in drawn if n.organisation_type}
    plurals = plural_names(store, types, language)
    return Picture(iri, kind, name, drawn, edges, groups(iri, drawn, edges, plurals), truncated)
