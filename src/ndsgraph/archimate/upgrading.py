"""ArchiMate 2.1 exchange files (namespace ``http://www.opengroup.org/xsd/archimate``), as Archi
and other tools wrote them until 2016, read as the ArchiMate 3.1 files they become.

The published models of that time (The Open Group's Archisurance among them) are in this
format. Its document is rewritten as the 3.1 format holds the same model, as Archi's own
upgrade does: concepts are named (``name``, not ``label``), the types ArchiMate 3 renamed get
their new names (``InfrastructureService`` is a ``TechnologyService``, ``UsedByRelationship`` a
``Serving``), property definitions name themselves in an element, views are ``Diagram``s with
their styles in ``style``. Every part keeps its identifier, names and languages, and every node
its line, so that the 3.1 XSD's message about a bad 2.1 file names the line it is on.
"""

from copy import deepcopy

from lxml import etree

from ndsgraph.archimate.model import NAMESPACE, XSI

LEGACY = "http://www.opengroup.org/xsd/archimate"
TYPE = f"{{{XSI}}}type"
# ArchiMate 2.1 types that ArchiMate 3 renamed; any other keeps its name
TYPES = {
    "Network": "CommunicationNetwork",
    "CommunicationPath": "Path",
    "InfrastructureInterface": "TechnologyInterface",
    "InfrastructureFunction": "TechnologyFunction",
    "InfrastructureService": "TechnologyService",
    "Junction": "AndJunction",
    "UsedByRelationship": "Serving",
    "RealisationRelationship": "Realization",
    "SpecialisationRelationship": "Specialization",
}
# viewpoints ArchiMate 3 renamed (a view's viewpoint is free text: any other is kept as it is)
VIEWPOINTS = {
    "Application Co-operation": "Application Cooperation",
    "Business Process Co-operation": "Business Process Cooperation",
    "Infrastructure": "Technology",
    "Infrastructure Usage": "Technology Usage",
}
# attributes that only changed their name
ATTRIBUTES = {"identifierref": "identifierRef", "elementref": "elementRef",
              "relationshipref": "relationshipRef"}  # fmt: skip
# the order of a 3.1 model's children (the 2.1 names, renamed below)
MODEL_ORDER = ("name", "documentation", "properties", "metadata", "elements", "relationships",
               "organizations", "propertyDefinitions", "views")  # fmt: skip
STYLE = ("lineColor", "fillColor", "font")  # a 3.1 style's children, in order


def is_legacy(tree: etree._ElementTree) -> bool:
    return etree.QName(tree.getroot()).namespace == LEGACY


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _rename(element: etree._Element, name: str) -> None:
    element.tag = f"{{{NAMESPACE}}}{name}"


def _new(parent: etree._Element, name: str, index: int | None = None) -> etree._Element:
    child = etree.Element(f"{{{NAMESPACE}}}{name}")
    parent.insert(len(parent) if index is None else index, child)
    return child


def _named(element: etree._Element) -> None:
    """An empty name for what 2.1 let go without one and 3.1 does not (a model, a view, a
    property definition): the model has no name, as it came."""
    if element.find(f"{{{NAMESPACE}}}name") is None:
        _new(element, "name", 0)


def _concept_type(value: str) -> str:
    local = value.rsplit(":", 1)[-1]
    renamed = TYPES.get(local, local)
    return renamed.removesuffix("Relationship") if renamed.endswith("Relationship") else renamed


def _style(element: etree._Element) -> None:
    """A 2.1 node's or connection's colours, font and line width in a 3.1 ``style``, placed
    after its labels and documentation."""
    parts = {_local(c): c for c in element if _local(c) in STYLE}
    width = element.attrib.pop("linewidth", None)
    if not parts and width is None:
        return
    place = sum(1 for c in element if _local(c) in ("label", "documentation"))
    style = _new(element, "style", place)
    if width is not None:
        style.set("lineWidth", width)
    for name in STYLE:
        if name in parts:
            style.append(parts[name])


def _view(view: etree._Element) -> None:
    view.set(TYPE, "Diagram")
    if view.get("viewpoint") in VIEWPOINTS:
        view.set("viewpoint", VIEWPOINTS[view.get("viewpoint", "")])
    for label in view.iterchildren(f"{{{NAMESPACE}}}label"):
        _rename(label, "name")
    _named(view)
    for node in view.iter(f"{{{NAMESPACE}}}node"):
        node.attrib.pop("type", None)  # 2.1's "group": a node without an element is a Container
        node.set(TYPE, "Element" if node.get("elementRef") else "Container")
        _style(node)
    for connection in view.iter(f"{{{NAMESPACE}}}connection"):
        connection.set(TYPE, "Relationship" if connection.get("relationshipRef") else "Line")
        _style(connection)


def _definitions(container: etree._Element) -> None:
    _rename(container, "propertyDefinitions")
    for definition in container:
        _rename(definition, "propertyDefinition")
        name = definition.attrib.pop("name", None)
        if name is not None:
            _new(definition, "name", 0).text = name
        _named(definition)


def upgraded(tree: etree._ElementTree) -> etree._ElementTree:
    """The 3.1 document of a 2.1 one (``tree`` is left as it is)."""
    old = tree.getroot()
    root = etree.Element(f"{{{NAMESPACE}}}model", nsmap={None: NAMESPACE, "xsi": XSI})
    for key, value in old.attrib.items():
        if key != f"{{{XSI}}}schemaLocation":
            root.set(key, value)
    for child in old:
        root.append(deepcopy(child))
    for element in root.iter(etree.Element):
        if etree.QName(element).namespace == LEGACY:
            _rename(element, _local(element))
        for key, name in ATTRIBUTES.items():
            if key in element.attrib:
                element.set(name, element.attrib.pop(key))
    for prop in root.iter(f"{{{NAMESPACE}}}property"):
        prop.set("propertyDefinitionRef", prop.attrib.pop("identifierRef", ""))
    for concept in root.iterfind(f"{{{NAMESPACE}}}elements/*") or ():
        _concept(concept)
    for concept in root.iterfind(f"{{{NAMESPACE}}}relationships/*") or ():
        _concept(concept)
    for child in list(root):
        name = _local(child)
        if name == "organization":
            _rename(child, "organizations")
        elif name == "propertydefs":
            _definitions(child)
        elif name == "views":
            diagrams = _new(child, "diagrams")
            for view in [v for v in child if _local(v) == "view"]:
                diagrams.append(view)
                _view(view)
    _named(root)
    rank = {name: index for index, name in enumerate(MODEL_ORDER)}
    root[:] = sorted(root, key=lambda c: rank.get(_local(c), len(rank)))
    # the 2.1 namespace the copies declared for themselves: gone, or it would shadow the new one
    etree.cleanup_namespaces(root, top_nsmap={None: NAMESPACE, "xsi": XSI})
    return etree.ElementTree(root)


def _concept(concept: etree._Element) -> None:
    concept.set(TYPE, _concept_type(concept.get(TYPE, "")))
    for label in concept.iterchildren(f"{{{NAMESPACE}}}label"):
        _rename(label, "name")
