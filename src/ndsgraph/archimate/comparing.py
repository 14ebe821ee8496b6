"""What differs between two models: the one a file holds and the one ndsgraph gives back.

A round trip (``roundtrip``) is lossless when this finds nothing. Parts that have an identifier
(elements, relationships, property definitions, views, nodes, connections) and folders (by
their label) are matched by it, so that a missing part, an extra part and a changed order are
each named once, and a matched part's fields are compared one by one: names and documentation
with their languages, properties, a relationship's ends, a node's bounds and style, the XML
ndsgraph keeps as it came. Names, documentation and values are compared with their languages
in order (a tool shows the first).
"""

import dataclasses
from collections.abc import Iterator

from ndsgraph.archimate.model import Item, Model, Property, Text

_SHOWN = 120  # characters of a value shown in a difference


def differences(expected: Model, found: Model) -> list[str]:
    """Each difference of ``found`` from ``expected``, one line each, naming where it is."""
    return list(_compare("model", expected, found))


def _key(value: object) -> str | None:
    """What a part is matched by among its peers: its identifier, a folder's label, the
    definition a property gives a value of, or the concept a folder entry refers to."""
    if isinstance(value, Item):
        if value.identifier:
            return value.identifier
        if value.ref:
            return f"→{value.ref}"
        return "/".join(t.value for t in value.labels) or None
    if isinstance(value, Property):
        return value.definition
    identifier = getattr(value, "identifier", None)
    return identifier if isinstance(identifier, str) and identifier else None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _texts(value: tuple) -> bool:
    return bool(value) and all(isinstance(t, Text) for t in value)


def _compare(path: str, expected: object, found: object) -> Iterator[str]:
    if dataclasses.is_dataclass(expected) and type(expected) is type(found):
        for field in dataclasses.fields(expected):
            name = field.name
            yield from _compare(f"{path}.{name}", getattr(expected, name), getattr(found, name))
    elif isinstance(expected, tuple) and isinstance(found, tuple):
        if _texts(expected) or _texts(found):
            if expected != found:
                yield f"{path}: {_shown(list(expected))} became {_shown(list(found))}"
        else:
            yield from _peers(path, expected, found)
    elif expected != found:
        yield f"{path}: {_shown(expected)} became {_shown(found)}"


def _peers(path: str, expected: tuple, found: tuple) -> Iterator[str]:
    """Parts of one kind in one place: matched by key where every part has a unique one,
    else by position."""
    keys = [_key(v) for v in expected], [_key(v) for v in found]
    if not all(None not in k and len(set(k)) == len(k) for k in keys):
        if len(expected) != len(found):
            yield f"{path}: {len(expected)} parts became {len(found)}"
        for index, (one, other) in enumerate(zip(expected, found, strict=False)):
            yield from _compare(f"{path}[{index}]", one, other)
        return
    before, after = (
        dict(zip(keys[0], expected, strict=True)),
        dict(zip(keys[1], found, strict=True)),
    )
    for key in keys[0]:
        if key not in after:
            yield f"{path}: {key} is missing"
    for key in keys[1]:
        if key not in before:
            yield f"{path}: {key} was added"
    kept = [k for k in keys[0] if k in after]
    order = [k for k in keys[1] if k in before]
    if kept != order:
        first = next(i for i, (a, b) in enumerate(zip(kept, order, strict=True)) if a != b)
        yield (
            f"{path}: the order changed (position {first + 1}: {kept[first]} became {order[first]})"
        )
    for key in kept:
        yield from _compare(f"{path}[{key}]", before[key], after[key])
