"""Dependency and landscape pictures: the nodes and edges a page draws, from stored queries.

A building block's picture is the answer of ``dependency-picture.rq``, an organisation's
the answer of ``landscape-picture.rq``; ``picture-nodes.rq`` adds what a drawing shows of
each node: its kind, phase, organisation type and a contract's exit terms, and
``picture-findings.rq`` its findings in the register (in a landscape ``landscape-findings.rq``:
only the organisation's own). Organisations of one type are gathered into a group, which the
page draws as one node until it is opened. The applications of a national building block are
summarised per organisation type of who runs them, from the same query's rows (``summarised``).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ndsgraph.errors import InputError
from ndsgraph.names import names, plural_names
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.together import together
from ndsgraph.vocabulary import NDSG, ORG

# A national building block (DigiD) has tens of thousands of dependants; a drawing of more
# edges than this is unreadable, so larger pictures are cut and say so.
MAX_EDGES = 1500
# A picture reads at most this many rows of each branch of its query that a summary counts:
# the applications of a national building block are counted from them (more: the picture says
# it was cut).
MAX_READ = 20000
SUMMARISED = ("runs", "dependsOn")  # the relations of the rows a summary counts
# More applications than this that depend on a building block are drawn per organisation type
# of who runs them, as one node with their number (the default of the server's setting): one by
# one, NLX's 2,555 at 1M made a drawing of tiny boxes, and reading each one's facts and
# findings took most of the page's time.
MAX_APPLICATIONS = 200
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
class Summary:
    """The applications that depend on a building block and are run by organisations of one
    type, drawn as one node with their number (see ``MAX_APPLICATIONS``): their facts and
    findings are on their own pages, not counted here."""

    id: str
    organisation_type: str | None
    label: str  # "2449 applicaties van gemeenten"
    applications: int
    organisations: int
    edges: tuple[GroupEdge, ...]  # what they depend on (and what depends on them), counted
    at_least: bool = False  # the picture read only part of the rows it counts them from


@dataclass(frozen=True)
class Picture:
    subject: str
    kind: str
    query: str
    nodes: list[Node]
    edges: list[Edge]
    groups: list[Group]
    truncated: bool
    summaries: list[Summary] = field(default_factory=list)

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
            "summaries": [
                {**vars(s), "edges": [{**vars(e)} for e in s.edges]} for s in self.summaries
            ],
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
    name, counts, rows = together(  # side by side: the names, findings and facts of the nodes
        lambda: names(store, iris, language),
        lambda: _findings(store, bound, organisation),
        lambda: _facts(store, bound),
    )
    named = ("lifecycle", "organisationType", "exportStandard", "jurisdiction")
    terms = {row[n] for row in rows.values() for n in named} - {None}
    name = {**name, **names(store, terms, language)}
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


def _facts(store: Store, iris: list[str]) -> dict[str, dict[str, str | None]]:
    """What ``picture-nodes.rq`` says of each of ``iris``, by IRI, blocks side by side."""
    query = queries.stored("picture-nodes")
    columns = _columns(query)
    blocks = sparql_text.bound_to(query.text, "node", iris)
    answers = together(*(lambda block=block: list(store.query(block)) for block in blocks))
    return {
        row["node"].value: {n: _value(row[n]) for n in columns}
        for answer in answers
        for row in answer
    }


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


def _read(store: Store, text: str) -> tuple[list[Edge], set[str]]:
    """The edges of a picture's query, its branches side by side (a national building block
    has thousands of edges, a landscape hundreds in eight branches): those a summary counts
    (``SUMMARISED``) up to ``MAX_READ`` rows a branch, the others as far as they can be drawn
    (which of a branch's rows, if it has more, is the store's choice); and the relations of
    which a branch had more."""
    branches = [
        (relation, branch, MAX_READ if relation in SUMMARISED else MAX_EDGES)
        for relation, parts in sparql_text.branches_by(text, "relation").items()
        for branch in parts
    ]
    answers = together(
        *(
            lambda branch=branch, limit=limit: list(
                store.query(sparql_text.branches_limited(branch, EDGE, limit + 1))
            )
            for _, branch, limit in branches
        )
    )
    cut = {
        relation
        for answer, (relation, _, limit) in zip(answers, branches, strict=True)
        if len(answer) > limit
    }
    edges = (Edge(*(row[column].value for column in EDGE)) for answer in answers for row in answer)
    return list(dict.fromkeys(edges)), cut  # an edge two branches give, once (DISTINCT)


def _in_order(edges: list[Edge], order: tuple[tuple[str, bool], ...]) -> list[Edge]:
    """The edges in the query's ``order`` (a picture's query orders by its edge columns: IRIs
    and plain strings, which SPARQL and Python order alike), sorted here after a summary took
    thousands out (``ordering.ordered`` over all rows took a tenth of a second)."""
    ordered = list(edges)
    for column, descending in reversed(order):  # stable: the first column sorts last
        ordered.sort(key=lambda edge: getattr(edge, column), reverse=descending)
    return ordered


def _runners(edges: list[Edge]) -> dict[str, set[str]]:
    """Who runs each application of the picture (the ends of its "runs" edges)."""
    found: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.relation == "runs":
            found[edge.target].add(edge.source)
    return found


def summarised(
    edges: list[Edge],
    types: Mapping[str, str | None],
    labels: Mapping[str | None, str],
    most: int = MAX_APPLICATIONS,
) -> tuple[list[Summary], list[Edge]]:
    """With more than ``most`` applications (what organisations run: the ends of
    "runs" edges), those applications per organisation type of who runs them (``types``: each
    runner's; an application run by several counts under the first type by IRI, and by none
    only if none of its runners has one), as ``Summary``s
    labelled ``labels[type]``; and the edges that remain (neither end such an application).
    An edge with a summarised end becomes a count of the summary's."""
    runners = _runners(edges)
    if len(runners) <= most:
        return [], edges
    kind_of = {  # a typed runner's type before none
        application: min((types.get(r) or "" for r in who), key=lambda kind: (not kind, kind))
        for application, who in runners.items()
    }
    summary_of = {application: f"applications:{kind}" for application, kind in kind_of.items()}
    kept: list[Edge] = []
    counted: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for edge in edges:
        if edge.relation == "runs":
            continue  # a summary counts who runs its applications
        source = summary_of.get(edge.source, edge.source)
        target = summary_of.get(edge.target, edge.target)
        if (source, target) == (edge.source, edge.target):
            kept.append(edge)
        elif source != target:  # within one summary: not drawn
            counted[source, edge.relation, target].add(
                edge.source if source != edge.source else edge.target
            )
    found = []
    for kind in sorted(set(kind_of.values())):
        applications = [a for a, k in kind_of.items() if k == kind]
        summary = f"applications:{kind}"
        found.append(
            Summary(
                id=summary,
                organisation_type=kind or None,
                label=labels[kind or None],
                applications=len(applications),
                organisations=len({r for a in applications for r in runners[a]}),
                edges=tuple(
                    GroupEdge(*key, len(ends))
                    for key, ends in sorted(counted.items())
                    if summary in (key[0], key[2])
                ),
            )
        )
    return found, kept


def _summaries(
    store: Store, edges: list[Edge], language: str, most: int, cut: bool
) -> tuple[list[Summary], list[Edge]]:
    """``summarised``, if there are that many applications: labelled "2449 applicaties van
    gemeenten" in ``language`` ("ten minste 2449 …" if the rows they are counted from were
    ``cut``), from the
    organisation types of who runs them (``picture-nodes.rq``) and their plural names."""
    runners = _runners(edges)
    if len(runners) <= most:
        return [], edges
    facts = _facts(store, sorted({r for who in runners.values() for r in who}))
    types = {iri: fact["organisationType"] for iri, fact in facts.items()}
    kinds = {kind for kind in types.values() if kind}
    plurals = plural_names(store, kinds, language)
    english = language == "en"
    whose = {None: "other organisations" if english else "overige organisaties"}
    found, kept = summarised(edges, types, whose | {kind: plurals[kind] for kind in kinds}, most)
    words = (
        ("application", "applications", "of", "at least ")
        if english
        else ("applicatie", "applicaties", "van", "ten minste ")
    )
    return [
        replace(
            summary,
            label=f"{words[3] if cut else ''}{summary.applications} "
            f"{words[summary.applications != 1]} {words[2]} {summary.label}",
            at_least=cut,
        )
        for summary in found
    ], kept


def picture(store: Store, iri: str, language: str, applications: int = MAX_APPLICATIONS) -> Picture:
    """The picture of a building block or an organisation, named in ``language``; a building
    block's with more than ``applications`` applications summarises them (``summarised``)."""
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
    edges, cut = _read(store, text)
    summaries, edges = (
        _summaries(store, edges, language, applications, bool(cut & set(SUMMARISED)))
        if kind == "building-block"
        else ([], edges)
    )
    edges = _in_order(edges, order)
    truncated = bool(cut) or len(edges) > MAX_EDGES
    edges = edges[:MAX_EDGES]
    ends = [end for e in edges for end in (e.source, e.target)]
    ends += [end for s in summaries for e in s.edges for end in (e.source, e.target)]
    summarised_ids = {s.id for s in summaries}
    iris = list(dict.fromkeys([iri] + [end for end in ends if end not in summarised_ids]))
    found = nodes(store, iris, language, iri if kind == "organisation" else None)
    order = list(KINDS.values())
    rest = sorted(  # after the subject, by kind and name, as the table lists them
        found[1:], key=lambda n: (order.index(n.kind) if n.kind in order else len(order), n.label)
    )
    drawn = [found[0], *rest]
    types = {n.organisation_type for n in drawn if n.organisation_type}
    plurals = plural_names(store, types, language)
    found_groups = groups(iri, drawn, edges, plurals)
    return Picture(iri, kind, name, drawn, edges, found_groups, truncated, summaries)
