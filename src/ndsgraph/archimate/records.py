"""A ``Model`` as RDF records and back, without loss (``ontology/archimate.ttl``).

Every identified part (model, element, relationship, property definition, folder, view, node,
connection) is a node ``base + identifier``; a folder without an identifier and a property are
named after where they are. Names and labels are ``rdfs:label``, documentation
``dct:description``, each with its xml:lang. RDF keeps no order among the languages of one
name, and Oxigraph keeps language tags lower-cased: the model lists its languages once, in the
order and case it first used them (``am:languageOrder``), and names come back in that order and
case (a tag it does not list, in the case BCP 47 recommends: en-GB, zh-Hant-TW); what ndsgraph does not model is
kept as canonical XML (``am:xml``). Everything keeps the model's own order: ``am:order`` is the
place among its peers of an element, relationship, property, folder, property definition, view,
node (its z-order) and connection; a folder's references to concepts and views are each one
statement (``am:item``), and their order one list (``am:itemOrder``): a model of 10,000
elements and 30,000 relationships is about 210,000 statements. ``model`` reads the records of
one model back from a graph's triples, ignoring whatever else the graph says (what the mapping
derived, the graph's own description).
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox
from lxml import etree

from ndsgraph.archimate import schema
from ndsgraph.archimate.model import (
    XML_LANG,
    Bounds,
    Concept,
    Connection,
    Item,
    Model,
    Node,
    Property,
    PropertyDefinition,
    Text,
    Texts,
    View,
)
from ndsgraph.archimate.reading import raw
from ndsgraph.errors import InputError
from ndsgraph.store import Term
from ndsgraph.vocabulary import AM, DCT, RDF, RDFS, XSD

# attributes kept as properties of their own; any other as am:xmlAttribute "name=value"
ATTRIBUTES = {
    "accessType": AM.accessType,
    "isDirected": AM.isDirected,
    "modifier": AM.influenceModifier,
    "viewpoint": AM.viewpoint,
    "version": AM.version,
    XML_LANG: AM.language,
}
STRUCTURE = frozenset(
    AM[c] for c in ("Model", "PropertyDefinition", "Property", "Folder", "View", "ViewNode",
                    "ViewConnection")
)  # fmt: skip

Triples = list[ox.Triple]
NO_LANGUAGE = "*"  # in am:languageOrder, the place of texts without a language


def node(base: str, identifier: str) -> ox.NamedNode:
    """The node of an identified part: its identifier is unique in the file (xs:ID)."""
    return ox.NamedNode(base + quote(identifier, safe=""))


def _literal(text: Text) -> ox.Literal:
    return ox.Literal(text.value, language=text.language or None)


def language_tag(tag: str) -> str:
    """A language tag in the case BCP 47 recommends (RFC 5646, 2.1.1): the language lower,
    a script title, a region upper, and everything after a singleton (-x-, -u-) lower."""
    parts = tag.split("-")
    cased = [parts[0].lower()]
    extension = False
    for part in parts[1:]:
        extension = extension or len(part) == 1
        if not extension and len(part) == 2:
            cased.append(part.upper())
        elif not extension and len(part) == 4 and part.isalpha():
            cased.append(part.title())
        else:
            cased.append(part.lower())
    return "-".join(cased)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


class _Writer:
    """Collects the triples of one model, whose parts are named under ``base``."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.triples: Triples = []

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, value: Term) -> None:
        self.triples.append(ox.Triple(subject, predicate, value))

    def texts(self, subject: ox.NamedNode, predicate: ox.NamedNode, texts: Texts) -> None:
        for text in texts:
            self.add(subject, predicate, _literal(text))

    def common(self, subject: ox.NamedNode, identifier: str | None, order: int | None) -> None:
        if identifier is not None:
            self.add(subject, AM.identifier, ox.Literal(identifier))
        if order is not None:
            self.add(subject, AM.order, _integer(order))

    def raw(self, subject: ox.NamedNode, snippets: tuple[str, ...], predicate=AM.xml) -> None:
        if snippets:
            self.add(subject, predicate, ox.Literal("".join(snippets)))

    def attributes(self, subject: ox.NamedNode, attributes: tuple[tuple[str, str], ...]) -> None:
        for key, value in attributes:
            if key in ATTRIBUTES:
                self.add(subject, ATTRIBUTES[key], ox.Literal(value))
            else:
                self.add(subject, AM.xmlAttribute, ox.Literal(f"{key}={value}"))

    def properties(self, owner: ox.NamedNode, properties: tuple[Property, ...]) -> None:
        for index, prop in enumerate(properties):
            subject = ox.NamedNode(f"{owner.value}/eigenschap/{index}")
            self.add(owner, AM.property, subject)
            self.add(subject, RDF.type, AM.Property)
            self.add(subject, AM.order, _integer(index))
            self.add(subject, AM.propertyDefinition, node(self.base, prop.definition))
            self.texts(subject, AM.value, prop.values)

    def concept(self, concept: Concept, order: int) -> None:
        subject = node(self.base, concept.identifier)
        self.add(subject, RDF.type, AM[concept.type])
        self.common(subject, concept.identifier, order)
        self.texts(subject, RDFS.label, concept.names)
        self.texts(subject, DCT.description, concept.documentation)
        if concept.is_relationship:
            self.add(subject, AM.source, node(self.base, concept.source or ""))
            self.add(subject, AM.target, node(self.base, concept.target or ""))
        self.attributes(subject, concept.attributes)
        self.raw(subject, concept.raw)
        self.properties(subject, concept.properties)

    def item(self, subject: ox.NamedNode, item: Item, order: int) -> None:
        self.add(subject, RDF.type, AM.Folder)
        self.common(subject, item.identifier, order)
        self.texts(subject, RDFS.label, item.labels)
        self.texts(subject, DCT.description, item.documentation)
        if item.ref:
            self.add(subject, AM.refersTo, node(self.base, item.ref))
        self.raw(subject, item.raw)
        bare = [c.ref for c in item.items if c.ref and c == Item(ref=c.ref)]
        for ref in bare:  # a reference without a label of its own: one statement
            self.add(subject, AM.item, node(self.base, ref))
        if bare:
            self.add(subject, AM.itemOrder, ox.Literal(" ".join(bare)))
        for index, child in enumerate(item.items):
            if child.ref in bare and child == Item(ref=child.ref):
                continue
            named = child.identifier
            place = node(self.base, named) if named else ox.NamedNode(f"{subject.value}/{index}")
            self.add(subject, AM.item, place)
            self.item(place, child, index)

    def view_node(self, parent: ox.NamedNode, part: Node, order: int) -> None:
        subject = node(self.base, part.identifier)
        self.add(parent, AM.node, subject)
        self.add(subject, RDF.type, AM.ViewNode)
        self.common(subject, part.identifier, order)
        self.add(subject, AM.diagramType, ox.Literal(part.type))
        bounds = part.bounds
        for predicate, value in ((AM.x, bounds.x), (AM.y, bounds.y), (AM.width, bounds.w),
                                 (AM.height, bounds.h)):  # fmt: skip
            self.add(subject, predicate, _integer(value))
        if part.ref:
            self.add(subject, AM.refersTo, node(self.base, part.ref))
        self.texts(subject, RDFS.label, part.labels)
        self.texts(subject, DCT.description, part.documentation)
        self.attributes(subject, part.attributes)
        self.raw(subject, part.raw)
        for index, child in enumerate(part.nodes):
            self.view_node(subject, child, index)

    def connection(self, view: ox.NamedNode, part: Connection, order: int) -> None:
        subject = node(self.base, part.identifier)
        self.add(view, AM.connection, subject)
        self.add(subject, RDF.type, AM.ViewConnection)
        self.common(subject, part.identifier, order)
        self.add(subject, AM.diagramType, ox.Literal(part.type))
        for predicate, end in ((AM.source, part.source), (AM.target, part.target),
                               (AM.refersTo, part.ref)):  # fmt: skip
            if end:
                self.add(subject, predicate, node(self.base, end))
        self.texts(subject, RDFS.label, part.labels)
        self.texts(subject, DCT.description, part.documentation)
        self.attributes(subject, part.attributes)
        self.raw(subject, part.raw)

    def view(self, view: View, order: int) -> None:
        subject = node(self.base, view.identifier)
        self.add(subject, RDF.type, AM.View)
        self.common(subject, view.identifier, order)
        self.texts(subject, RDFS.label, view.names)
        self.texts(subject, DCT.description, view.documentation)
        self.attributes(subject, view.attributes)
        self.raw(subject, view.raw)
        self.properties(subject, view.properties)
        for index, part in enumerate(view.nodes):
            self.view_node(subject, part, index)
        for index, part in enumerate(view.connections):
            self.connection(subject, part, index)

    def definition(self, definition: PropertyDefinition, order: int) -> None:
        subject = node(self.base, definition.identifier)
        self.add(subject, RDF.type, AM.PropertyDefinition)
        self.common(subject, definition.identifier, order)
        self.add(subject, AM.dataType, ox.Literal(definition.type))
        self.texts(subject, RDFS.label, definition.names)
        self.texts(subject, DCT.description, definition.documentation)
        self.attributes(subject, definition.attributes)
        self.raw(subject, definition.raw)


def _languages(value: object) -> Iterator[str]:
    """The languages of the texts of a model's parts, in document order."""
    if isinstance(value, Text):
        yield value.language or NO_LANGUAGE
    elif isinstance(value, tuple):
        for part in value:
            yield from _languages(part)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _languages(getattr(value, field.name))


def triples(model: Model, base: str) -> Triples:
    """Every part of ``model`` as RDF, its nodes named under ``base``."""
    writer = _Writer(base)
    subject = node(base, model.identifier)
    writer.add(subject, RDF.type, AM.Model)
    writer.common(subject, model.identifier, None)
    languages = dict.fromkeys(_languages(model))
    if languages:
        writer.add(subject, AM.languageOrder, ox.Literal(" ".join(languages)))
    writer.texts(subject, RDFS.label, model.names)
    writer.texts(subject, DCT.description, model.documentation)
    writer.attributes(subject, model.attributes)
    writer.raw(subject, model.raw)
    writer.raw(subject, model.metadata, AM.metadataXml)
    writer.raw(subject, model.viewpoints, AM.viewpointsXml)
    writer.properties(subject, model.properties)
    for concepts in (model.elements, model.relationships):
        for index, concept in enumerate(concepts):
            writer.concept(concept, index)
    for index, block in enumerate(model.organizations):
        folder = ox.NamedNode(f"{subject.value}/map/{index}")
        writer.add(subject, AM.folder, folder)
        writer.item(folder, block, index)
    for index, definition in enumerate(model.property_definitions):
        writer.definition(definition, index)
    for index, view in enumerate(model.views):
        writer.view(view, index)
    return writer.triples


class _Reader:
    """The records of one model, read back from the triples of its graph."""

    def __init__(self, found: Iterable[ox.Triple]) -> None:
        self.facts: dict[Term, dict[ox.NamedNode, list[Term]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for triple in found:
            self.facts[triple.subject][triple.predicate].append(triple.object)
        self.languages: dict[str, tuple[int, str]] = {}  # lower-cased tag: (rank, its case)

    def values(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        return self.facts.get(subject, {}).get(predicate, [])

    def one(self, subject: Term, predicate: ox.NamedNode) -> str | None:
        found = self.values(subject, predicate)
        return found[0].value if found else None

    def identifier(self, subject: Term | None) -> str | None:
        return None if subject is None else self.one(subject, AM.identifier)

    def texts(self, subject: Term, predicate: ox.NamedNode) -> Texts:
        unlisted = (len(self.languages), "")
        ranked = sorted(
            (self.languages.get(o.language or NO_LANGUAGE, unlisted), o.value, o.language or "")
            for o in self.values(subject, predicate)
        )
        return tuple(
            Text(value, cased or (language_tag(language) if language else ""))
            for (_, cased), value, language in ranked
        )

    def ordered(self, subjects: Iterable[Term]) -> list[Term]:
        return sorted(subjects, key=lambda s: (int(self.one(s, AM.order) or 0), s.value))

    def ref(self, subject: Term, predicate: ox.NamedNode) -> str | None:
        found = self.values(subject, predicate)
        return self.identifier(found[0]) if found else None

    def raw(self, subject: Term, predicate: ox.NamedNode = AM.xml) -> tuple[str, ...]:
        text = self.one(subject, predicate)
        if not text:
            return ()
        wrapper = etree.fromstring(f"<raw>{text}</raw>".encode(), schema.safe_parser())
        return tuple(raw(child) for child in wrapper)

    def attributes(self, subject: Term) -> tuple[tuple[str, str], ...]:
        named = [(k, self.one(subject, p)) for k, p in ATTRIBUTES.items()]
        other = [v.value.split("=", 1) for v in self.values(subject, AM.xmlAttribute)]
        return tuple(sorted((k, v) for k, v in [*named, *other] if v is not None))

    def properties(self, subject: Term) -> tuple[Property, ...]:
        return tuple(
            Property(self.ref(p, AM.propertyDefinition) or "", self.texts(p, AM.value))
            for p in self.ordered(self.values(subject, AM.property))
        )

    def of_type(self, kind: ox.NamedNode) -> list[Term]:
        return self.ordered(s for s, facts in self.facts.items() if kind in facts[RDF.type])

    def concept_type(self, subject: Term) -> str | None:
        for kind in self.values(subject, RDF.type):
            if kind.value.startswith(AM.base) and kind not in STRUCTURE:
                return kind.value[len(AM.base) :]
        return None

    def concept(self, subject: Term, type_: str) -> Concept:
        return Concept(
            identifier=self.identifier(subject) or "",
            type=type_,
            names=self.texts(subject, RDFS.label),
            documentation=self.texts(subject, DCT.description),
            properties=self.properties(subject),
            raw=self.raw(subject),
            source=self.ref(subject, AM.source),
            target=self.ref(subject, AM.target),
            attributes=self.attributes(subject),
        )

    def items(self, subject: Term) -> tuple[Item, ...]:
        """A folder's items in their order: each folder at its ``am:order``, the references
        in the places left, in the order ``am:itemOrder`` lists them."""
        children = self.values(subject, AM.item)
        folders = [c for c in children if AM.Folder in self.values(c, RDF.type)]
        referenced = {self.identifier(c) or "" for c in children if c not in folders}
        listed = (self.one(subject, AM.itemOrder) or "").split()
        references = [r for r in listed if r in referenced]
        references += sorted(referenced - set(references))
        pending = [(int(self.one(f, AM.order) or 0), self.item(f)) for f in self.ordered(folders)]
        items: list[Item] = []
        for ref in references:
            while pending and pending[0][0] <= len(items):
                items.append(pending.pop(0)[1])
            items.append(Item(ref=ref))
        return tuple(items) + tuple(item for _, item in pending)

    def item(self, subject: Term) -> Item:
        return Item(
            labels=self.texts(subject, RDFS.label),
            documentation=self.texts(subject, DCT.description),
            items=self.items(subject),
            identifier=self.identifier(subject),
            ref=self.ref(subject, AM.refersTo),
            raw=self.raw(subject),
        )

    def view_node(self, subject: Term) -> Node:
        size = [int(self.one(subject, p) or 0) for p in (AM.x, AM.y, AM.width, AM.height)]
        return Node(
            identifier=self.identifier(subject) or "",
            type=self.one(subject, AM.diagramType) or "Element",
            bounds=Bounds(*size),
            ref=self.ref(subject, AM.refersTo),
            labels=self.texts(subject, RDFS.label),
            documentation=self.texts(subject, DCT.description),
            nodes=tuple(self.view_node(c) for c in self.ordered(self.values(subject, AM.node))),
            raw=self.raw(subject),
            attributes=self.attributes(subject),
        )

    def connection(self, subject: Term) -> Connection:
        return Connection(
            identifier=self.identifier(subject) or "",
            type=self.one(subject, AM.diagramType) or "Relationship",
            source=self.ref(subject, AM.source),
            target=self.ref(subject, AM.target),
            ref=self.ref(subject, AM.refersTo),
            labels=self.texts(subject, RDFS.label),
            documentation=self.texts(subject, DCT.description),
            raw=self.raw(subject),
            attributes=self.attributes(subject),
        )

    def view(self, subject: Term) -> View:
        return View(
            identifier=self.identifier(subject) or "",
            names=self.texts(subject, RDFS.label),
            documentation=self.texts(subject, DCT.description),
            properties=self.properties(subject),
            nodes=tuple(self.view_node(c) for c in self.ordered(self.values(subject, AM.node))),
            connections=tuple(
                self.connection(c) for c in self.ordered(self.values(subject, AM.connection))
            ),
            raw=self.raw(subject),
            attributes=self.attributes(subject),
        )

    def definition(self, subject: Term) -> PropertyDefinition:
        return PropertyDefinition(
            identifier=self.identifier(subject) or "",
            names=self.texts(subject, RDFS.label),
            type=self.one(subject, AM.dataType) or "string",
            documentation=self.texts(subject, DCT.description),
            raw=self.raw(subject),
            attributes=self.attributes(subject),
        )

    def model(self, source: str) -> Model:
        models = self.of_type(AM.Model)
        if len(models) != 1:
            raise InputError(f"{source}: holds {len(models)} ArchiMate models, not one")
        subject = models[0]
        listed = (self.one(subject, AM.languageOrder) or "").split()
        self.languages = {
            t.lower(): (i, "" if t == NO_LANGUAGE else t) for i, t in enumerate(listed)
        }
        concepts = [
            (s, kind)
            for s in self.ordered(s for s in self.facts if AM.identifier in self.facts[s])
            if (kind := self.concept_type(s)) is not None
        ]
        return Model(
            identifier=self.identifier(subject) or "",
            names=self.texts(subject, RDFS.label),
            documentation=self.texts(subject, DCT.description),
            properties=self.properties(subject),
            elements=tuple(
                self.concept(s, k) for s, k in concepts if not self.values(s, AM.source)
            ),
            relationships=tuple(
                self.concept(s, k) for s, k in concepts if self.values(s, AM.source)
            ),
            organizations=tuple(
                self.item(f) for f in self.ordered(self.values(subject, AM.folder))
            ),
            property_definitions=tuple(
                self.definition(d) for d in self.of_type(AM.PropertyDefinition)
            ),
            views=tuple(self.view(v) for v in self.of_type(AM.View)),
            viewpoints=self.raw(subject, AM.viewpointsXml),
            metadata=self.raw(subject, AM.metadataXml),
            raw=self.raw(subject),
            attributes=self.attributes(subject),
        )


def model(found: Iterable[ox.Triple], source: str = "graph") -> Model:
    """The one model whose records ``found`` holds."""
    return _Reader(found).model(source)
