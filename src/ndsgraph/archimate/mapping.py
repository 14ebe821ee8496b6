"""What ndsgraph already knows in an ArchiMate model, as ``ontology/archimate-mapping.ttl``
declares it, and what it derives from the model.

An element of a kind that can stand for a class (``am:matches``) is the instance it names, by
the ndsgraph URI an export gave it, an ArchiMate identifier recorded before (or the stable one
an export derives from the URI), or a name; it keeps its record and says ``am:represents``.
An element of a kind that ``am:becomes`` a class in an organisation's model is a new instance.
Relationships and properties then derive facts, but only about what the import itself brings
(its applications, new building blocks and adoptions): a model never changes what the reference
data says about a building block, standard or organisation.
"""

import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from urllib.parse import quote

import pyoxigraph as ox

from ndsgraph import resources
from ndsgraph.archimate.model import Concept, Model, Property, Text, Texts
from ndsgraph.archimate.records import node
from ndsgraph.intake import organisations, rdfio
from ndsgraph.intake.csv_template import supplier_key
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store, Term
from ndsgraph.vocabulary import AM, CONCEPT, DCAT, NDSG, ORG, PROV, RDF, RDFS

MAPPING_FILE = "archimate-mapping.ttl"  # in ontology/
DERIVED_PREFIX = "ndsgraph-"  # property definitions an export writes: facts, stated anew
IRI_PROPERTY = "ndsgraph-iri"
MANAGER = CONCEPT["rol/beheerder"]
IN_PRODUCTION = CONCEPT["status/in-productie"]
_ABBREVIATED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")  # "Basisregistratie Personen (BRP)"


def stable_identifier(iri: str) -> str:
    """The identifier an export gives a thing ndsgraph made: the same for the same IRI, and an
    xs:ID (it starts with a letter)."""
    return "id-" + hashlib.sha256(iri.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ElementMapping:
    iri: str
    element_types: frozenset[str]
    matches: str | None
    becomes: str | None
    exported_as: str | None


@dataclass(frozen=True)
class RelationshipMapping:
    iri: str
    type: str
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    derives: str
    subject_end: str  # "source" or "target"


@dataclass(frozen=True)
class FactProperty:
    identifier: str
    names: Texts
    fact: str
    type: str


@dataclass(frozen=True)
class Mapping:
    elements: tuple[ElementMapping, ...]
    properties: dict[str, str]  # a property name's key -> what it means
    relationships: tuple[RelationshipMapping, ...]
    facts: tuple[FactProperty, ...]

    def element_rules(self, element_type: str) -> list[ElementMapping]:
        return [m for m in self.elements if element_type in m.element_types]

    def exported_as(self, kind: str) -> str:
        """The element type an export writes an instance of ``kind`` (an ndsgraph class) as."""
        found = [m.exported_as for m in self.elements if kind in (m.matches, m.becomes)]
        return (found[0] or "Grouping").rsplit("/", 1)[-1] if found else "Grouping"


def _local(iri: str) -> str:
    return iri[len(AM.base) :] if iri.startswith(AM.base) else iri


@functools.cache
def mapping() -> Mapping:
    """The mapping file, read once."""
    path = resources.ontology_dir() / MAPPING_FILE
    graph = ox.Store()
    graph.bulk_extend(rdfio.parse(path.read_bytes(), ox.RdfFormat.TURTLE, source=str(path)))

    def values(subject: ox.NamedNode, predicate: ox.NamedNode) -> list[str]:
        return sorted(q.object.value for q in graph.quads_for_pattern(subject, predicate, None))

    def first(subject: ox.NamedNode, predicate: ox.NamedNode) -> str | None:
        found = values(subject, predicate)
        return found[0] if found else None

    def of_type(kind: ox.NamedNode) -> list[ox.NamedNode]:
        return sorted((q.subject for q in graph.quads_for_pattern(None, RDF.type, kind)), key=str)

    elements = tuple(
        ElementMapping(
            s.value,
            frozenset(_local(t) for t in values(s, AM.elementType)),
            first(s, AM.matches),
            first(s, AM.becomes),
            first(s, AM.exportedAs),
        )
        for s in of_type(AM.ElementMapping)
    )
    properties = {
        supplier_key(name): first(s, AM.means) or ""
        for s in of_type(AM.PropertyMapping)
        for name in values(s, AM.propertyName)
    }
    relationships = tuple(
        RelationshipMapping(
            s.value,
            _local(first(s, AM.relationshipType) or ""),
            frozenset(values(s, AM.fromKind)),
            frozenset(values(s, AM.toKind)),
            first(s, AM.derives) or "",
            _local(first(s, AM.subjectEnd) or AM.target.value),
        )
        for s in of_type(AM.RelationshipMapping)
    )
    facts = tuple(
        fact
        for _, fact in sorted(
            (
                int(first(s, AM.order) or 0),
                FactProperty(
                    first(s, AM.identifier) or "",
                    tuple(
                        sorted(
                            Text(q.object.value, q.object.language or "")
                            for q in graph.quads_for_pattern(s, RDFS.label, None)
                        )
                    ),
                    first(s, AM.fact) or "",
                    first(s, AM.dataType) or "string",
                ),
            )
            for s in of_type(AM.FactProperty)
        )
    )
    return Mapping(elements, properties, relationships, facts)


def name_keys(name: str) -> set[str]:
    """The keys a name is known by: without case, accents, punctuation or spacing, and a name
    with an abbreviation in brackets by either part too."""
    keys = {supplier_key(name)}
    abbreviated = _ABBREVIATED.match(name.strip())
    if abbreviated:
        keys |= {supplier_key(abbreviated[1]), supplier_key(abbreviated[2])}
    return keys - {""}


@dataclass
class Candidates:
    """What elements can name, per class: by key of a name, and by identifier."""

    by_name: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # class -> its instances
    kinds: dict[str, str] = field(default_factory=dict)  # instance -> its class (mapping order)
    by_identifier: dict[str, str] = field(default_factory=dict)
    partners: set[str] = field(default_factory=set)  # the implementing partners among them

    def find(self, kind: str, concept: Concept, iri_property: str | None) -> str | None:
        """The instance of ``kind`` the element names, if exactly one; ``iri_property`` is
        the ndsgraph URI an export gave it."""
        members = self.members.get(kind, set())
        for candidate in (iri_property, self.by_identifier.get(concept.identifier)):
            if candidate in members:
                return candidate
        named = self.by_name.get(kind, {})
        keys = {k for n in concept.names for k in name_keys(n.value)}
        found = set().union(*(named.get(k, set()) for k in keys))
        return found.pop() if len(found) == 1 else None

    def one(self, kind: str, name: str) -> str | None:
        """The one instance of ``kind`` a property value names, if exactly one."""
        named = self.by_name.get(kind, {})
        found = set().union(*(named.get(k, set()) for k in name_keys(name)))
        return found.pop() if len(found) == 1 else None


def candidates(store: Store, mapping_: Mapping, base: str) -> Candidates:
    """The instances the mapping's classes have in ``store``, with their names, except what an
    earlier import of the same model (under ``base``) made, which this one replaces; an
    organisation counts only when the reference data knows it (``organisations.known``)."""
    classes = {m.matches for m in mapping_.elements if m.matches}
    found = Candidates()
    text = queries.internal("archimate-candidates").text
    rows = [r for q in sparql_text.bound_to(text, "class", classes) for r in store.query(q)]
    by_class: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        if row["node"].value.startswith(base):
            continue
        for key in name_keys(row["name"].value):
            by_class[row["class"].value][key].add(row["node"].value)
    known = organisations.known(
        store, {n for k in by_class[ORG.Organization.value].values() for n in k}
    )
    by_class[ORG.Organization.value] = defaultdict(
        set, {k: {n for n in v if n in known} for k, v in by_class[ORG.Organization.value].items()}
    )
    found.by_name = {c: dict(v) for c, v in by_class.items()}
    found.members = {c: {n for nodes in v.values() for n in nodes} for c, v in by_class.items()}
    for kind in reversed([m.matches for m in mapping_.elements if m.matches]):
        found.kinds |= dict.fromkeys(found.members.get(kind, ()), kind)
    found.partners = {iri for iri, partner in known.items() if partner}
    found.by_identifier = {stable_identifier(iri): iri for iri in found.kinds}
    recorded = queries.internal("archimate-recorded").text
    found.by_identifier |= {
        r["identifier"].value: r["node"].value
        for r in store.query(recorded)
        if r["node"].value in found.kinds
    }
    return found


@dataclass(frozen=True)
class Mapped:
    """What the mapping found in a model and derived from it."""

    triples: list[ox.Triple]
    represents: dict[str, str]  # element identifier -> what ndsgraph knows it as
    became: dict[str, str]  # element identifier -> the class it became an instance of


def without_derived(model: Model) -> Model:
    """The model without the properties an export of ndsgraph wrote (``ndsgraph-…``): they
    are facts ndsgraph states anew, not the model's own."""

    def kept(concept: Concept) -> Concept:
        own = tuple(p for p in concept.properties if not p.definition.startswith(DERIVED_PREFIX))
        return replace(concept, properties=own)

    return replace(
        model,
        elements=tuple(kept(e) for e in model.elements),
        relationships=tuple(kept(r) for r in model.relationships),
        property_definitions=tuple(
            d for d in model.property_definitions if not d.identifier.startswith(DERIVED_PREFIX)
        ),
    )


def _meanings(model: Model) -> dict[str, str]:
    """What each property definition of the model means, by its name (the mapping)."""
    rules = mapping().properties
    return {
        d.identifier: rules[key]
        for d in model.property_definitions
        for name in d.names
        if (key := supplier_key(name.value)) in rules
    }


class _Derivation:
    """The facts one import derives, about the nodes ``base`` names."""

    def __init__(self, model: Model, base: str, found: Candidates, organisation: str | None):
        self.model = model
        self.base = base
        self.found = found
        self.organisation = organisation
        self.rules = mapping()
        self.triples: set[ox.Triple] = set()
        self.represents: dict[str, str] = {}
        self.became: dict[str, str] = {}
        self.incoming: dict[str, list[Concept]] = defaultdict(list)
        for relationship in model.relationships:
            self.incoming[relationship.target or ""].append(relationship)
        self.meaning = _meanings(model)
        # whose model it is: the one an "organisatie" property of the model names, or the
        # submitter; a component can say it is another's
        self.owner = self.named_organisation(model.properties) or organisation

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, value: Term) -> None:
        self.triples.add(ox.Triple(subject, predicate, value))

    def own(self, identifier: str) -> ox.NamedNode:
        return node(self.base, identifier)

    def thing(self, identifier: str) -> tuple[str | None, str | None, bool]:
        """What an element is: the IRI, its class, and whether the import brings it."""
        if identifier in self.represents:
            iri = self.represents[identifier]
            return iri, self.found.kinds.get(iri), False
        if identifier in self.became:
            return self.own(identifier).value, self.became[identifier], True
        return None, None, False

    def values(self, properties: tuple[Property, ...], meaning: ox.NamedNode) -> list[str]:
        """The property values whose definition's name means ``meaning``."""
        return [
            v.value
            for p in properties
            if self.meaning.get(p.definition) == meaning.value
            for v in p.values
        ]

    def named_organisation(self, properties: tuple[Property, ...]) -> str | None:
        """The known organisation an "organisatie" property names, if one."""
        named = self.values(properties, NDSG.organisation)
        found = {o for v in named if (o := self.found.one(ORG.Organization.value, v))}
        return found.pop() if len(found) == 1 else None

    def match(self, element: Concept) -> None:
        iri_given = next(
            (v.value for p in element.properties if p.definition == IRI_PROPERTY for v in p.values),
            None,
        )
        for rule in self.rules.element_rules(element.type):
            if rule.matches:
                iri = self.found.find(rule.matches, element, iri_given)
                if iri:
                    self.represents[element.identifier] = iri
                    self.add(self.own(element.identifier), AM.represents, ox.NamedNode(iri))
                    return
            owner = self.named_organisation(element.properties) or self.owner
            if rule.becomes and owner:
                self.became[element.identifier] = rule.becomes
                self._application(element, rule.becomes, owner)
                return

    def _application(self, element: Concept, kind: str, owner: str) -> None:
        subject = self.own(element.identifier)
        self.add(subject, RDF.type, ox.NamedNode(kind))
        self.add(subject, NDSG.organisation, ox.NamedNode(owner))
        for name in self.values(element.properties, NDSG.supplier):
            supplier = self.found.one(NDSG.Supplier.value, name)
            if supplier:
                self.add(subject, NDSG.supplier, ox.NamedNode(supplier))

    def _may_manage(self, manager: str) -> bool:
        """A new building block's manager: the organisation whose model it is, or (in an import
        that is nobody's submission) any implementing partner."""
        if self.organisation:
            return manager == self.organisation and manager in self.found.partners
        return manager in self.found.partners

    def managers(self, element: Concept) -> set[str]:
        """The managers the element's properties and the model's relationships name."""
        named = {
            found
            for value in self.values(element.properties, MANAGER)
            if (found := self.found.one(ORG.Organization.value, value))
        }
        for relationship in self.incoming[element.identifier]:
            for rule in self.rules.relationships:
                if rule.type != relationship.type or rule.derives != MANAGER.value:
                    continue
                iri, kind, _ = self.thing(relationship.source or "")
                if iri and kind in rule.from_kinds:
                    named.add(iri)
        return named

    def new_building_block(self, element: Concept) -> None:
        bb = NDSG.BuildingBlock.value
        rules = self.rules.element_rules(element.type)
        if element.identifier in self.represents or not any(r.matches == bb for r in rules):
            return
        managers = sorted(m for m in self.managers(element) if self._may_manage(m))
        if not managers:
            return
        subject = self.own(element.identifier)
        self.became[element.identifier] = bb
        self.add(subject, RDF.type, NDSG.BuildingBlock)
        for manager in managers:
            attribution = ox.NamedNode(f"{subject.value}/beheerder/{quote(manager, safe='')}")
            self.add(subject, PROV.qualifiedAttribution, attribution)
            self.add(attribution, RDF.type, PROV.Attribution)
            self.add(attribution, PROV.agent, ox.NamedNode(manager))
            self.add(attribution, DCAT.hadRole, MANAGER)

    def relationship(self, relationship: Concept) -> None:
        ends = {
            "source": self.thing(relationship.source or ""),
            "target": self.thing(relationship.target or ""),
        }
        for rule in self.rules.relationships:
            if rule.type != relationship.type or rule.derives == MANAGER.value:
                continue
            (_, source_kind, _), (_, target_kind, _) = ends["source"], ends["target"]
            if source_kind not in rule.from_kinds or target_kind not in rule.to_kinds:
                continue
            subject_iri, _, brought = ends[rule.subject_end]
            other = ends["target" if rule.subject_end == "source" else "source"][0]
            if not brought or not subject_iri or not other:
                continue
            self.derive(rule, ox.NamedNode(subject_iri), ox.NamedNode(other))

    def triples_about(self, subject: ox.NamedNode, predicate: ox.NamedNode) -> set[Term]:
        return {t.object for t in self.triples if t.subject == subject and t.predicate == predicate}

    def derive(self, rule: RelationshipMapping, subject: ox.NamedNode, other: ox.NamedNode) -> None:
        if rule.derives == NDSG.Adoption.value:
            owners = self.triples_about(subject, NDSG.organisation)
            if len(owners) != 1:
                return
            (owner,) = owners
            digest = hashlib.sha256(f"{owner.value}\n{other.value}".encode()).hexdigest()[:16]
            adoption = ox.NamedNode(f"{self.base}afname-{digest}")
            self.add(adoption, RDF.type, NDSG.Adoption)
            self.add(adoption, NDSG.organisation, owner)
            self.add(adoption, NDSG.buildingBlock, other)
            self.add(adoption, NDSG.adoptionStatus, IN_PRODUCTION)
        else:
            self.add(subject, ox.NamedNode(rule.derives), other)


def apply(store: Store, model: Model, base: str, organisation: str | None = None) -> Mapped:
    """What ``model`` (its nodes named under ``base``) is in ndsgraph's terms, read with what
    ``store`` knows; ``organisation`` is whose model it is (None: nobody's, an import)."""
    derivation = _Derivation(model, base, candidates(store, mapping(), base), organisation)
    for element in model.elements:
        derivation.match(element)
    for element in model.elements:
        derivation.new_building_block(element)
    for relationship in model.relationships:
        derivation.relationship(relationship)
    return Mapped(
        sorted(derivation.triples, key=str), dict(derivation.represents), dict(derivation.became)
    )
