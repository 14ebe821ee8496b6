"""A generated view with a readable layered layout: one band of rows per layer, top to bottom,
elements left to right in the order given, wrapped at ``COLUMNS``; every box the same size, so
nothing overlaps, and every relationship between two shown elements drawn as a connection."""

from collections.abc import Sequence
from dataclasses import dataclass

from ndsgraph.archimate.mapping import stable_identifier
from ndsgraph.archimate.model import Bounds, Concept, Connection, Node, Text, View

WIDTH, HEIGHT = 180, 60  # a box, in pixels (Archi's default is 120 by 55)
GAP_X, GAP_Y, BAND = 40, 30, 50  # between boxes, between rows, and between layers
MARGIN = 20
COLUMNS = 6


@dataclass(frozen=True)
class Placed:
    """An element to draw and the layer (0 at the top) it belongs to."""

    element: str
    layer: int


def view(
    scope: str,
    names: tuple[Text, ...],
    placed: Sequence[Placed],
    relationships: Sequence[Concept],
) -> View:
    """The view ``names`` for ``scope`` (which makes its identifiers stable)."""
    nodes: list[Node] = []
    where: dict[str, str] = {}
    y = MARGIN
    for layer in sorted({p.layer for p in placed}):
        members = [p.element for p in placed if p.layer == layer]
        for index, element in enumerate(members):
            row, column = divmod(index, COLUMNS)
            identifier = stable_identifier(f"{scope} node {element}")
            where[element] = identifier
            bounds = Bounds(
                MARGIN + column * (WIDTH + GAP_X), y + row * (HEIGHT + GAP_Y), WIDTH, HEIGHT
            )
            nodes.append(Node(identifier, "Element", bounds, ref=element))
        rows = -(-len(members) // COLUMNS)
        y += rows * (HEIGHT + GAP_Y) - GAP_Y + BAND
    connections = tuple(
        Connection(
            stable_identifier(f"{scope} connection {r.identifier}"),
            "Relationship",
            where[r.source or ""],
            where[r.target or ""],
            ref=r.identifier,
        )
        for r in relationships
        if r.source in where and r.target in where
    )
    return View(
        stable_identifier(f"{scope} view"),
        names,
        nodes=tuple(nodes),
        connections=connections,
        attributes=(("viewpoint", "Layered"),),
    )
