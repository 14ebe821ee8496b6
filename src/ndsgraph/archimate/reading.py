"""An exchange file as a ``Model``: everything it holds, in document order."""

import io

from lxml import etree

from ndsgraph.archimate import schema, upgrading
from ndsgraph.archimate.model import (
    NAMESPACE,
    XML_LANG,
    XSI,
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

TYPE = f"{{{XSI}}}type"
# attributes the model's classes hold in fields of their own; any other is kept as it came
STRUCTURAL = frozenset(
    {"identifier", "source", "target", "elementRef", "relationshipRef", "x", "y", "w", "h", TYPE}
)
# children of nodes and connections ndsgraph keeps as XML: style, drill-down, geometry
PRESENTATION = frozenset(
    f"{{{NAMESPACE}}}{n}"
    for n in ("style", "viewRef", "sourceAttachment", "bendpoint", "targetAttachment")
)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _texts(element: etree._Element, name: str) -> Texts:
    return tuple(Text(c.text or "", c.get(XML_LANG, "")) for c in element.iterchildren(_tag(name)))


def raw(element: etree._Element) -> str:
    """An element as canonical XML: only the namespaces it uses, no indentation, so that it
    reads the same however it was laid out (the writer indents it anew)."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False), schema.safe_parser())
    for descendant in copy.iter():
        if descendant.text is not None and not descendant.text.strip() and len(descendant):
            descendant.text = None
        if descendant is not copy and descendant.tail is not None and not descendant.tail.strip():
            descendant.tail = None
    return etree.tostring(copy, method="c14n", exclusive=True).decode()


def _foreign(element: etree._Element) -> tuple[str, ...]:
    """Children of other namespaces (the format's extension point, grp.any), as XML."""
    return tuple(
        raw(c) for c in element.iterchildren(etree.Element) if etree.QName(c).namespace != NAMESPACE
    )


def _attributes(element: etree._Element) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in element.attrib.items() if k not in STRUCTURAL))


def _xsi_type(element: etree._Element) -> str:
    """The xsi:type's local name (``archimate:BusinessActor`` and ``BusinessActor`` alike)."""
    return element.get(TYPE, "").rsplit(":", 1)[-1]


def _properties(element: etree._Element) -> tuple[Property, ...]:
    container = element.find(_tag("properties"))
    if container is None:
        return ()
    return tuple(
        Property(p.get("propertyDefinitionRef", ""), _texts(p, "value"))
        for p in container.iterchildren(_tag("property"))
    )


def _concept(element: etree._Element) -> Concept:
    return Concept(
        identifier=element.get("identifier", ""),
        type=_xsi_type(element),
        names=_texts(element, "name"),
        documentation=_texts(element, "documentation"),
        properties=_properties(element),
        raw=_foreign(element),
        source=element.get("source"),
        target=element.get("target"),
        attributes=_attributes(element),
    )


def _item(element: etree._Element) -> Item:
    return Item(
        labels=_texts(element, "label"),
        documentation=_texts(element, "documentation"),
        items=tuple(_item(c) for c in element.iterchildren(_tag("item"))),
        identifier=element.get("identifier"),
        ref=element.get("identifierRef"),
        raw=_foreign(element),
    )


def _presentation(element: etree._Element) -> tuple[str, ...]:
    return tuple(raw(c) for c in element.iterchildren(etree.Element) if c.tag in PRESENTATION)


def _node(element: etree._Element) -> Node:
    return Node(
        identifier=element.get("identifier", ""),
        type=_xsi_type(element),
        bounds=Bounds(*(int(element.get(a, "0")) for a in "xywh")),
        ref=element.get("elementRef"),
        labels=_texts(element, "label"),
        documentation=_texts(element, "documentation"),
        nodes=tuple(_node(c) for c in element.iterchildren(_tag("node"))),
        raw=_presentation(element),
        attributes=_attributes(element),
    )


def _connection(element: etree._Element) -> Connection:
    return Connection(
        identifier=element.get("identifier", ""),
        type=_xsi_type(element),
        source=element.get("source"),
        target=element.get("target"),
        ref=element.get("relationshipRef"),
        labels=_texts(element, "label"),
        documentation=_texts(element, "documentation"),
        raw=_presentation(element),
        attributes=_attributes(element),
    )


def _view(element: etree._Element) -> View:
    return View(
        identifier=element.get("identifier", ""),
        names=_texts(element, "name"),
        documentation=_texts(element, "documentation"),
        properties=_properties(element),
        nodes=tuple(_node(c) for c in element.iterchildren(_tag("node"))),
        connections=tuple(_connection(c) for c in element.iterchildren(_tag("connection"))),
        raw=_foreign(element),
        attributes=_attributes(element),
    )


def _definition(element: etree._Element) -> PropertyDefinition:
    return PropertyDefinition(
        identifier=element.get("identifier", ""),
        names=_texts(element, "name"),
        type=element.get("type", "string"),
        documentation=_texts(element, "documentation"),
        raw=_foreign(element),
        attributes=tuple((k, v) for k, v in _attributes(element) if k != "type"),
    )


def _all(root: etree._Element, path: str) -> list[etree._Element]:
    return root.findall(path, {"a": NAMESPACE})


def model(tree: etree._ElementTree) -> Model:
    """The model a valid document holds (see ``schema.parse``)."""
    root = tree.getroot()
    return Model(
        identifier=root.get("identifier", ""),
        names=_texts(root, "name"),
        documentation=_texts(root, "documentation"),
        properties=_properties(root),
        elements=tuple(_concept(e) for e in _all(root, "a:elements/a:element")),
        relationships=tuple(_concept(r) for r in _all(root, "a:relationships/a:relationship")),
        organizations=tuple(
            Item(items=tuple(_item(i) for i in block.iterchildren(_tag("item"))))
            for block in _all(root, "a:organizations")
        ),
        property_definitions=tuple(
            _definition(d) for d in _all(root, "a:propertyDefinitions/a:propertyDefinition")
        ),
        views=tuple(_view(v) for v in _all(root, "a:views/a:diagrams/a:view")),
        viewpoints=tuple(raw(v) for v in _all(root, "a:views/a:viewpoints")),
        metadata=tuple(raw(m) for m in _all(root, "a:metadata")),
        raw=_foreign(root),
        attributes=tuple(
            sorted(
                (k, v)
                for k, v in root.attrib.items()
                if k not in STRUCTURAL and k != f"{{{XSI}}}schemaLocation"
            )
        ),
    )


def read(data: bytes, source: str, max_bytes: int = schema.MAX_BYTES) -> Model:
    """The model of an exchange file (ArchiMate 3.x, or 2.1 read as 3.1), refused (InputError
    naming the line) if it is too large, declares entities or is not valid against the Open
    Group XSD."""
    tree = schema.well_formed(data, source, max_bytes)
    if upgrading.is_legacy(tree):
        return model(schema.checked(upgrading.upgraded(tree), source, " (read as ArchiMate 3.1)"))
    return model(schema.checked(tree, source))


def is_exchange_file(data: bytes) -> bool:
    """Whether ``data`` is XML whose root is an ArchiMate exchange model (3.x, or 2.1): a
    command that reads RDF/XML can then say where such a file goes instead of failing on it
    as RDF. Only the root is read, with nothing expanded or fetched."""
    events = etree.iterparse(
        io.BytesIO(data), events=("start",), resolve_entities=False, no_network=True
    )
    try:
        _, root = next(events)
    except (etree.XMLSyntaxError, StopIteration):
        return False
    return etree.QName(root).namespace in (NAMESPACE, upgrading.LEGACY)
