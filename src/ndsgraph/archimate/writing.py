"""A ``Model`` as an exchange file, in the order the Open Group XSD prescribes; the same model
gives the same bytes."""

from lxml import etree

from ndsgraph.archimate import schema
from ndsgraph.archimate.model import (
    NAMESPACE,
    XML_LANG,
    XSI,
    Concept,
    Connection,
    Item,
    Model,
    Node,
    Property,
    PropertyDefinition,
    Texts,
    View,
)

SCHEMA_LOCATION = f"{NAMESPACE} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"


def _child(parent: etree._Element, name: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", attributes)


def _texts(parent: etree._Element, name: str, texts: Texts) -> None:
    for text in texts:
        element = _child(parent, name)
        element.text = text.value
        if text.language:
            element.set(XML_LANG, text.language)


def _raw(parent: etree._Element, snippets: tuple[str, ...]) -> None:
    for snippet in snippets:
        parent.append(etree.fromstring(snippet, schema.safe_parser()))


def _typed(parent: etree._Element, name: str, type_: str, identifier: str) -> etree._Element:
    element = _child(parent, name, identifier=identifier)
    element.set(f"{{{XSI}}}type", type_)
    return element


def _attributes(element: etree._Element, attributes: tuple[tuple[str, str], ...]) -> None:
    for key, value in attributes:
        element.set(key, value)


def _properties(parent: etree._Element, properties: tuple[Property, ...]) -> None:
    if not properties:
        return
    container = _child(parent, "properties")
    for prop in properties:
        _texts(
            _child(container, "property", propertyDefinitionRef=prop.definition),
            "value",
            prop.values,
        )


def _concept(parent: etree._Element, name: str, concept: Concept) -> None:
    element = _typed(parent, name, concept.type, concept.identifier)
    if concept.is_relationship:
        element.set("source", concept.source or "")
        element.set("target", concept.target or "")
    _attributes(element, concept.attributes)
    _texts(element, "name", concept.names)
    _texts(element, "documentation", concept.documentation)
    _raw(element, concept.raw)
    _properties(element, concept.properties)


def _item(parent: etree._Element, item: Item) -> None:
    element = _child(parent, "item")
    if item.identifier:
        element.set("identifier", item.identifier)
    if item.ref:
        element.set("identifierRef", item.ref)
    _texts(element, "label", item.labels)
    _texts(element, "documentation", item.documentation)
    for child in item.items:
        _item(element, child)
    _raw(element, item.raw)


def _node(parent: etree._Element, node: Node) -> None:
    element = _typed(parent, "node", node.type, node.identifier)
    if node.ref:
        element.set("elementRef", node.ref)
    for key, value in zip(
        "xywh", (node.bounds.x, node.bounds.y, node.bounds.w, node.bounds.h), strict=True
    ):
        element.set(key, str(value))
    _attributes(element, node.attributes)
    _texts(element, "label", node.labels)
    _texts(element, "documentation", node.documentation)
    _raw(element, node.raw)
    for child in node.nodes:
        _node(element, child)


def _connection(parent: etree._Element, connection: Connection) -> None:
    element = _typed(parent, "connection", connection.type, connection.identifier)
    if connection.ref:
        element.set("relationshipRef", connection.ref)
    for key in ("source", "target"):
        if getattr(connection, key):
            element.set(key, getattr(connection, key))
    _attributes(element, connection.attributes)
    _texts(element, "label", connection.labels)
    _texts(element, "documentation", connection.documentation)
    _raw(element, connection.raw)


def _view(parent: etree._Element, view: View) -> None:
    element = _typed(parent, "view", "Diagram", view.identifier)
    _attributes(element, view.attributes)
    _texts(element, "name", view.names)
    _texts(element, "documentation", view.documentation)
    _raw(element, view.raw)
    _properties(element, view.properties)
    for node in view.nodes:
        _node(element, node)
    for connection in view.connections:
        _connection(element, connection)


def _definition(parent: etree._Element, definition: PropertyDefinition) -> None:
    element = _child(
        parent, "propertyDefinition", identifier=definition.identifier, type=definition.type
    )
    _attributes(element, definition.attributes)
    _texts(element, "name", definition.names)
    _texts(element, "documentation", definition.documentation)
    _raw(element, definition.raw)


def write(model: Model) -> bytes:
    """The exchange file of ``model``, UTF-8, indented."""
    root = etree.Element(f"{{{NAMESPACE}}}model", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set("identifier", model.identifier)
    _attributes(root, model.attributes)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    _texts(root, "name", model.names)
    _texts(root, "documentation", model.documentation)
    _raw(root, model.raw)
    _properties(root, model.properties)
    _raw(root, model.metadata)
    for name, concepts in (("element", model.elements), ("relationship", model.relationships)):
        if concepts:
            container = _child(root, name + "s")
            for concept in concepts:
                _concept(container, name, concept)
    for block in model.organizations:
        container = _child(root, "organizations")
        for item in block.items:
            _item(container, item)
    if model.property_definitions:
        container = _child(root, "propertyDefinitions")
        for definition in model.property_definitions:
            _definition(container, definition)
    if model.views or model.viewpoints:
        views = _child(root, "views")
        _raw(views, model.viewpoints)
        if model.views:
            diagrams = _child(views, "diagrams")
            for view in model.views:
                _view(diagrams, view)
    etree.cleanup_namespaces(root, top_nsmap={None: NAMESPACE, "xsi": XSI})
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
