"""An ArchiMate model as the exchange format holds it, as plain immutable data.

Reading (``reading``), writing (``writing``), the RDF records (``records``) and the exports
(``exporting``) all go through these classes, so that what one side keeps the other can give
back. What ndsgraph does not model itself (a node's style, a connection's bendpoints, the
Dublin Core metadata, extension elements of other namespaces) is kept as the XML it came as,
in ``raw``: a tuple of serialised elements, put back where the format has them.
"""

from dataclasses import dataclass, field

NAMESPACE = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, order=True)
class Text:
    """A name, label, documentation or property value, with its xml:lang ("" when none)."""

    value: str
    language: str = ""


Texts = tuple[Text, ...]


@dataclass(frozen=True)
class Property:
    """A value of a property definition (``definition`` is the definition's identifier)."""

    definition: str
    values: Texts


@dataclass(frozen=True)
class PropertyDefinition:
    identifier: str
    names: Texts
    type: str = "string"  # string, boolean, currency, date, time or number
    documentation: Texts = ()
    raw: tuple[str, ...] = ()  # extension elements (grp.any) of other namespaces
    attributes: tuple[tuple[str, str], ...] = ()  # attributes of other namespaces


@dataclass(frozen=True)
class Concept:
    """An element or a relationship: ``type`` is its xsi:type (BusinessActor, Serving, …)."""

    identifier: str
    type: str
    names: Texts = ()
    documentation: Texts = ()
    properties: tuple[Property, ...] = ()
    raw: tuple[str, ...] = ()  # extension elements (grp.any) of other namespaces
    source: str | None = None  # a relationship's ends: identifiers of concepts
    target: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # accessType, isDirected, modifier

    @property
    def is_relationship(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class Item:
    """An organization item: a folder with a label and items, or a reference to a concept or
    view (``ref``)."""

    labels: Texts = ()
    documentation: Texts = ()
    items: tuple["Item", ...] = ()
    identifier: str | None = None
    ref: str | None = None
    raw: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bounds:
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Node:
    """A node of a diagram: ``type`` is Element (then ``ref`` names the element), Container or
    Label; ``raw`` holds its style and view references as they came."""

    identifier: str
    type: str
    bounds: Bounds
    ref: str | None = None
    labels: Texts = ()
    documentation: Texts = ()
    nodes: tuple["Node", ...] = ()
    raw: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # a Label's conceptRef and xpathPart


@dataclass(frozen=True)
class Connection:
    """A connection of a diagram between two nodes (or connections): ``type`` is Relationship
    (then ``ref`` names the relationship), NestingRelationship or Line; ``raw`` holds its
    style, bendpoints and attachments as they came."""

    identifier: str
    type: str
    source: str | None
    target: str | None
    ref: str | None = None
    labels: Texts = ()
    documentation: Texts = ()
    raw: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # attributes of other namespaces


@dataclass(frozen=True)
class View:
    identifier: str
    names: Texts
    documentation: Texts = ()
    properties: tuple[Property, ...] = ()
    nodes: tuple[Node, ...] = ()
    connections: tuple[Connection, ...] = ()
    raw: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # viewpoint, viewpointRef


@dataclass(frozen=True)
class Model:
    identifier: str
    names: Texts
    documentation: Texts = ()
    properties: tuple[Property, ...] = ()
    elements: tuple[Concept, ...] = ()
    relationships: tuple[Concept, ...] = ()
    organizations: tuple[Item, ...] = ()  # one per <organizations> block, holding its items
    property_definitions: tuple[PropertyDefinition, ...] = ()
    views: tuple[View, ...] = ()
    viewpoints: tuple[str, ...] = ()  # <viewpoints> as it came (raw)
    metadata: tuple[str, ...] = ()  # <metadata> as it came (raw)
    raw: tuple[str, ...] = ()  # the model's own extension elements
    attributes: tuple[tuple[str, str], ...] = field(default=())  # version, xml:lang
