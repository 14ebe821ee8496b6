"""The architecture frameworks: one SHACL file each in ``shapes/``, plus user-supplied shapes.

A framework file starts with an ``ndsg:ArchitectureFramework`` node (title, source,
version, rules); its parameters (``ndsg:lockInShare``, ``ndsg:minimumProductionOrganisations``)
are defaults that a run may override.
"""

import functools
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ndsgraph import resources
from ndsgraph.errors import InputError
from ndsgraph.namespaces import NDSG

PARAMETERS = {
    "lock-in-share": (NDSG.lockInShare, Decimal),
    "minimum-production-organisations": (NDSG.minimumProductionOrganisations, int),
}
_PREFIXES_FILE = "prefixes.ttl"


@dataclass(frozen=True)
class Framework:
    name: str
    iri: URIRef
    title: str
    path: Path


def _parse(path: Path) -> Graph:
    """A shapes file, parsed once per version of the file (callers copy, never modify)."""
    stat = path.stat()
    return _parse_version(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _parse_version(path: Path, mtime_ns: int, size: int) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except Exception as error:  # rdflib raises many types for bad Turtle
        raise InputError(f"{path}: {error}") from None


def available() -> dict[str, Framework]:
    """The bundled frameworks by name (the file stem)."""
    frameworks = {}
    for path in sorted(resources.shapes_dir().glob("*.ttl")):
        if path.name == _PREFIXES_FILE:
            continue
        graph = _parse(path)
        node = graph.value(predicate=RDF.type, object=NDSG.ArchitectureFramework)
        if node is None:
            raise InputError(f"{path}: no ndsg:ArchitectureFramework node")
        titles = {t.language: str(t) for t in graph.objects(node, DCTERMS.title)}
        frameworks[path.stem] = Framework(path.stem, node, titles.get("nl", path.stem), path)
    return frameworks


def select(names: list[str] | None) -> list[Framework]:
    frameworks = available()
    if not names:
        return list(frameworks.values())
    unknown = [n for n in names if n not in frameworks]
    if unknown:
        raise InputError(f"unknown framework {', '.join(unknown)} (known: {', '.join(frameworks)})")
    return [frameworks[n] for n in names]


def shapes_graph(chosen: list[Framework], extra: list[Path] = ()) -> tuple[Graph, str]:
    """The shapes of the chosen frameworks plus extra files, and a hash of their bytes: one
    graph per version of the files, shared by every caller (callers copy, never modify)."""
    paths = [resources.shapes_dir() / _PREFIXES_FILE, *(f.path for f in chosen), *extra]
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such shapes file")
    return _merged(tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in paths))


@functools.lru_cache(maxsize=32)
def _merged(versions: tuple[tuple[Path, int, int], ...]) -> tuple[Graph, str]:
    graph = Graph()
    digest = hashlib.sha256()
    for path, *_ in versions:
        digest.update(path.read_bytes())
        graph += _parse(path)
    return graph, digest.hexdigest()


def parameters(shapes: Graph, overrides: dict[str, str]) -> dict[URIRef, Literal]:
    """Run parameters: the frameworks' defaults, overridden by name=value pairs."""
    values = {
        predicate: value
        for predicate, _ in PARAMETERS.values()
        for value in shapes.objects(None, predicate)
    }
    for name, text in overrides.items():
        if name not in PARAMETERS:
            raise InputError(f"unknown parameter '{name}' (known: {', '.join(PARAMETERS)})")
        predicate, kind = PARAMETERS[name]
        try:
            values[predicate] = Literal(kind(text))
        except (ValueError, ArithmeticError):
            raise InputError(
                f"parameter '{name}' must be a {kind.__name__}, got '{text}'"
            ) from None
    return values
