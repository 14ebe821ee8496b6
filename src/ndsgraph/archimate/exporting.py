"""What ndsgraph knows, as ArchiMate exchange files an architecture tool opens.

Four exports: the national picture (building blocks, their managers, standards and
dependencies), an organisation's landscape (applications, legacy systems, contracts,
suppliers, adopted building blocks), a building block's dependency picture, and an imported
model as it came in. Each thing is an element of the type the mapping file exports its class
as, with its NDS facts as properties (its ndsgraph URI, portfolio or lifecycle phase, end of
life, findings in force and deviations); the first three have a generated view. An element
that came from a model keeps its identifier; one ndsgraph made gets a stable one derived from
its IRI, so an export made twice is the same file, and importing it changes nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from ndsgraph import names
from ndsgraph.archimate import layout, records
from ndsgraph.archimate.mapping import FactProperty, mapping, stable_identifier
from ndsgraph.archimate.model import Concept, Model, Property, PropertyDefinition, Text
from ndsgraph.errors import InputError
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.vocabulary import AM, DCT, NDSG, ORG, RDF

# an ndsgraph class, from the most specific: the first a thing has is its kind
KINDS = tuple(
    c.value
    for c in (
        NDSG.LegacySystem, NDSG.Application, NDSG.BuildingBlock, NDSG.Standard,
        NDSG.ImplementingPartner, NDSG.Supplier, ORG.Organization, NDSG.Contract,
    )
)  # fmt: skip
# what a kind is exported as: the class the mapping file names for it
EXPORTED_KIND = {
    NDSG.LegacySystem.value: NDSG.Application.value,
    NDSG.ImplementingPartner.value: ORG.Organization.value,
}
# top to bottom: who, what they run, under which contracts, from whom; then building blocks
# (dependants above their dependencies) and the standards they apply
LAYER = {
    ORG.Organization.value: 0, NDSG.Application.value: 1, NDSG.Contract.value: 2,
    NDSG.Supplier.value: 3, NDSG.BuildingBlock.value: 4, NDSG.Standard.value: 100,
}  # fmt: skip
COUNTED = frozenset(
    c.value for c in (NDSG.Application, NDSG.BuildingBlock, NDSG.Standard, NDSG.Contract)
)


@dataclass(frozen=True)
class Relation:
    """How an edge of a picture is drawn: its relationship type, whether it runs from the
    edge's target to its source, and its name in Dutch and English."""

    type: str
    reverse: bool
    names: tuple[str, str]
    directed: bool = False


RELATIONS = {
    "dependsOn": Relation("Serving", True, ("bedient", "serves")),
    "runs": Relation("Serving", True, ("ondersteunt", "supports")),
    "adopts": Relation("Serving", True, ("afgenomen door", "adopted by")),
    "conformsTo": Relation("Realization", False, ("voldoet aan", "conforms to")),
    "manages": Relation("Association", False, ("beheert", "manages"), directed=True),
    "supplier": Relation("Association", True, ("levert", "supplies"), directed=True),
    "contract": Relation("Association", True, ("geldt voor", "applies to"), directed=True),
    "contractSupplier": Relation("Association", False, ("met", "with"), directed=True),
}


@dataclass(frozen=True)
class Edge:
    source: str
    relation: str
    target: str | None
    status: str | None = None  # an adoption's status and production date
    since: str | None = None


def _edges(rows: Iterable[ox.QuerySolution]) -> list[Edge]:
    def value(row: ox.QuerySolution, name: str) -> str | None:
        try:
            term = row[name]
        except KeyError:
            return None
        return term.value if term is not None else None

    return [
        Edge(
            value(r, "source") or "",
            value(r, "relation") or "",
            value(r, "target"),
            value(r, "status"),
            value(r, "since"),
        )
        for r in rows
    ]


class _Facts:
    """What the store says of the things of one export, read once for all of them."""

    def __init__(self, store: Store, nodes: Iterable[str]) -> None:
        self.iris = sorted(set(nodes))
        self.values: dict[str, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
        facts = queries.internal("archimate-facts").text
        counts = queries.internal("archimate-counts").text
        self.counts: dict[str, tuple[int, int]] = {}
        for bound in sparql_text.bound_to(facts, "node", self.iris):
            for row in store.query(bound):
                self.values[row["node"].value][row["fact"].value].append(row["value"])
        for bound in sparql_text.bound_to(counts, "node", self.iris):
            for row in store.query(bound):
                self.counts[row["node"].value] = (
                    int(row["findings"].value),
                    int(row["deviations"].value),
                )
        concepts = {
            v.value
            for facts in self.values.values()
            for p in (NDSG.portfolioPhase.value, NDSG.lifecyclePhase.value)
            for v in facts.get(p, [])
        }
        wanted = [*self.iris, *concepts]
        self.names = {language: names.names(store, wanted, language) for language in ("nl", "en")}

    def kind(self, iri: str) -> str | None:
        types = {t.value for t in self.values[iri][RDF.type.value]}
        found = next((k for k in KINDS if k in types), None)
        return EXPORTED_KIND.get(found, found) if found else None

    def identifier(self, iri: str) -> str:
        """The identifier a thing that came from a model had, else one derived from its IRI."""
        own = self.values[iri][AM.identifier.value]
        return own[0].value if len(own) == 1 else stable_identifier(iri)

    def named(self, iri: str) -> tuple[Text, ...]:
        dutch, english = self.names["nl"][iri], self.names["en"][iri]
        return (Text(dutch, "nl"),) + ((Text(english, "en"),) if english != dutch else ())

    def description(self, iri: str) -> tuple[Text, ...]:
        return tuple(
            sorted(Text(d.value, d.language or "") for d in self.values[iri][DCT.description.value])
        )

    def fact(self, iri: str, fact: FactProperty) -> tuple[Text, ...]:
        """The values of one NDS fact about ``iri``, as a property gives them."""
        if fact.fact == AM.represents.value:
            return (Text(iri),)
        if fact.fact in (NDSG.Finding.value, NDSG.Deviation.value):
            if self.kind(iri) not in COUNTED:
                return ()
            findings, deviations = self.counts.get(iri, (0, 0))
            return (Text(str(findings if fact.fact == NDSG.Finding.value else deviations)),)
        found = self.values[iri].get(fact.fact, [])
        if not found:
            return ()
        value = found[0]
        if isinstance(value, ox.NamedNode):  # a concept: its name in both languages
            dutch, english = self.names["nl"][value.value], self.names["en"][value.value]
            return (Text(dutch, "nl"), Text(english, "en"))
        return (Text(value.value),)

    def properties(self, iri: str, used: set[str]) -> tuple[Property, ...]:
        found = []
        for fact in mapping().facts:
            values = self.fact(iri, fact)
            if values:
                used.add(fact.identifier)
                found.append(Property(fact.identifier, values))
        return tuple(found)


def _definitions(used: set[str]) -> tuple[PropertyDefinition, ...]:
    return tuple(
        PropertyDefinition(f.identifier, f.names, f.type)
        for f in mapping().facts
        if f.identifier in used
    )


def _depths(blocks: set[str], edges: list[Edge]) -> dict[str, int]:
    """How many building blocks below each one its dependencies reach (0: depends on none)."""
    needs: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.relation == "dependsOn" and edge.source in blocks and edge.target in blocks:
            needs[edge.source].add(edge.target)
    depth: dict[str, int] = {}

    def measure(block: str, seen: frozenset[str]) -> int:
        if block not in depth:
            below = [measure(d, seen | {block}) for d in needs[block] if d not in seen]
            depth[block] = 1 + max(below) if below else 0
        return depth[block]

    for block in sorted(blocks):
        measure(block, frozenset())
    return depth


def _picture(store: Store, scope: str, title: tuple[Text, ...], edges: list[Edge]) -> Model:
    """An exchange model of the things ``edges`` name and how they are related, with a view."""
    nodes = {e.source for e in edges} | {e.target for e in edges if e.target}
    facts = _Facts(store, nodes | {e.status for e in edges if e.status})
    kinds = {iri: kind for iri in nodes if (kind := facts.kind(iri))}
    used: set[str] = set()
    elements = sorted(
        (
            Concept(
                facts.identifier(iri),
                mapping().exported_as(kind),
                names=facts.named(iri),
                documentation=facts.description(iri),
                properties=facts.properties(iri, used),
            )
            for iri, kind in kinds.items()
        ),
        key=lambda c: (c.type, [n.value.casefold() for n in c.names], c.identifier),
    )
    relationships = sorted(
        {
            _relationship(edge, facts, used)
            for edge in edges
            if edge.target in kinds and edge.source in kinds
        },
        key=lambda r: (r.type, r.source or "", r.target or "", r.identifier),
    )
    blocks = {iri for iri, kind in kinds.items() if kind == NDSG.BuildingBlock.value}
    depths = _depths(blocks, edges)
    deepest = max(depths.values(), default=0)
    identifiers = {iri: facts.identifier(iri) for iri in kinds}
    placed = sorted(
        (
            layout.Placed(
                identifiers[iri],
                LAYER[kind] + (deepest - depths[iri] if iri in depths else 0),
            )
            for iri, kind in kinds.items()
        ),
        key=lambda p: (p.layer, _name_of(elements, p.element)),
    )
    return Model(
        identifier=stable_identifier(f"{scope} model"),
        names=title,
        documentation=(
            Text("Gemaakt door ndsgraph, het NDS-kompas, uit wat het register nu weet.", "nl"),
            Text("Made by ndsgraph, the NDS compass, from what its register knows now.", "en"),
        ),
        elements=tuple(elements),
        relationships=tuple(relationships),
        property_definitions=_definitions(used),
        views=(layout.view(scope, title, placed, relationships),),
    )


def _name_of(elements: list[Concept], identifier: str) -> str:
    element = next(e for e in elements if e.identifier == identifier)
    return element.names[0].value.casefold() if element.names else identifier


def _relationship(edge: Edge, facts: _Facts, used: set[str]) -> Concept:
    relation = RELATIONS[edge.relation]
    source, target = (
        (edge.target or "", edge.source) if relation.reverse else (edge.source, edge.target or "")
    )
    adoption = []
    if edge.status:
        used.add("ndsgraph-adoption-status")
        status = (
            Text(facts.names["nl"][edge.status], "nl"),
            Text(facts.names["en"][edge.status], "en"),
        )
        adoption.append(Property("ndsgraph-adoption-status", status))
    if edge.since:
        used.add("ndsgraph-production-date")
        adoption.append(Property("ndsgraph-production-date", (Text(edge.since),)))
    return Concept(
        stable_identifier(f"{edge.source} {edge.relation} {edge.target}"),
        relation.type,
        names=(Text(relation.names[0], "nl"), Text(relation.names[1], "en")),
        properties=tuple(adoption),
        source=facts.identifier(source),
        target=facts.identifier(target),
        attributes=(("isDirected", "true"),) if relation.directed else (),
    )


def _known(store: Store, iri: str, kind: ox.NamedNode, what: str) -> str:
    """``iri``'s name, if it is a ``kind`` the store knows; else an InputError naming it."""
    facts = _Facts(store, [iri])
    if facts.kind(iri) != (EXPORTED_KIND.get(kind.value, kind.value)):
        raise InputError(f"{iri} is not {what} ndsgraph knows")
    return facts.names["nl"][iri]


def national(store: Store) -> Model:
    """Every building block, its managing partner, standards and dependencies."""
    edges = _edges(store.query(queries.internal("archimate-national").text))
    title = (Text("ndsgraph: landelijk beeld", "nl"), Text("ndsgraph: national picture", "en"))
    return _picture(store, "national", title, edges)


def organisation(store: Store, iri: str) -> Model:
    """An organisation's landscape."""
    name = _known(store, iri, ORG.Organization, "an organisation")
    query = queries.internal("archimate-organisation")
    edges = [*_edges(queries.run(store, query, {"organisation": iri})), Edge(iri, "is", None)]
    title = (
        Text(f"ndsgraph: landschap van {name}", "nl"),
        Text(f"ndsgraph: landscape of {name}", "en"),
    )
    return _picture(store, f"organisation {iri}", title, edges)


def building_block(store: Store, iri: str) -> Model:
    """A building block's dependency picture (``dependency-picture.rq``), the block included."""
    name = _known(store, iri, NDSG.BuildingBlock, "a building block")
    edges = _edges(queries.run(store, queries.stored("dependency-picture"), {"block": iri}))
    edges.append(Edge(iri, "is", None))
    title = (
        Text(f"ndsgraph: afhankelijkheden van {name}", "nl"),
        Text(f"ndsgraph: dependencies of {name}", "en"),
    )
    return _picture(store, f"building block {iri}", title, edges)


def picture(store: Store, iri: str) -> Model | None:
    """The picture of what ``iri`` is: an organisation's landscape, a building block's
    dependencies; None for anything else."""
    kind = _Facts(store, [iri]).kind(iri)
    if kind == ORG.Organization.value:
        return organisation(store, iri)
    if kind == NDSG.BuildingBlock.value:
        return building_block(store, iri)
    return None


def imported(store: Store, graph: str) -> Model:
    """The model a graph holds as it came in, with what ndsgraph knows of the things its
    elements are (``am:represents``, or an application or building block it became) as
    properties."""
    triples = list(store.graph_triples(graph))
    if not any(t.predicate == RDF.type and t.object == AM.Model for t in triples):
        raise InputError(f"graph {graph} holds no ArchiMate model")
    model = records.model(triples, graph)
    things = {t.subject.value: t.object.value for t in triples if t.predicate == AM.represents}
    things |= {
        t.subject.value: t.subject.value
        for t in triples
        if t.predicate == RDF.type and t.object.value in KINDS and t.subject.value not in things
    }
    by_identifier = {
        t.object.value: things[t.subject.value]
        for t in triples
        if t.predicate == AM.identifier and t.subject.value in things
    }
    facts = _Facts(store, by_identifier.values())
    used: set[str] = set()

    def known(element: Concept) -> Concept:
        iri = by_identifier.get(element.identifier)
        if iri is None:
            return element
        return replace(element, properties=element.properties + facts.properties(iri, used))

    return replace(
        model,
        elements=tuple(known(e) for e in model.elements),
        property_definitions=model.property_definitions + _definitions(used),
    )
