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

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from ndsgraph import resources
from ndsgraph.errors import InputError
from ndsgraph.terms import NDSG

PARAMETERS = {
    "lock-in-share": (NDSG.lockInShare, Decimal),
    "minimum-production-organisations": (NDSG.minimumProductionOrganisations, int),
}
_PREFIXES_FILE = "prefixes.ttl"
_TYPE = ox.NamedNode(str(RDF.type))
_TITLE = ox.NamedNode(str(DCTERMS.title))


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
        stat = path.stat()
        node, title = _framework_node(path, stat.st_mtime_ns, stat.st_size)
        frameworks[path.stem] = Framework(path.stem, URIRef(node), title or path.stem, path)
    return frameworks


@functools.lru_cache(maxsize=64)
def _framework_node(path: Path, mtime_ns: int, size: int) -> tuple[str, str | None]:
    """A shapes file's framework node and Dutch title, once per version of the file, read
    with Oxigraph's parser: milliseconds, where rdflib's takes tens in every process that
    names a framework (each query worker of the server, for the register page's filter)."""
    try:
        triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as error:
        raise InputError(f"{path}: {error}") from None
    kind = ox.NamedNode(str(NDSG.ArchitectureFramework))
    node = next((t.subject for t in triples if t.predicate == _TYPE and t.object == kind), None)
    if node is None:
        raise InputError(f"{path}: no ndsg:ArchitectureFramework node")
    titles = {
        t.object.language: t.object.value
        for t in triples
        if t.subject == node and t.predicate == _TITLE and isinstance(t.object, ox.Literal)
    }
    return node.value, titles.get("nl")


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


@functools.lru_cache(maxsize=16)  # per shapes graph object: one per version of the files
def cross_organisation_rules(shapes: Graph) -> frozenset[str]:
    """The rules that judge the whole rather than one organisation (``ndsg:crossOrganisation``):
    they never decide a submission, and are judged again over all data after one is accepted."""
    return frozenset(
        str(rule)
        for rule in shapes.subjects(NDSG.crossOrganisation, Literal(True))
        if isinstance(rule, URIRef)
    )


@functools.lru_cache(maxsize=16)
def split_by_scope(shapes: Graph) -> tuple[Graph, Graph]:
    """The shapes of rules about one organisation's data, and those of cross-organisation
    rules (a node shape belongs to the rule its ``dct:source`` names), each with everything
    else the shapes graph holds (prefix declarations, frameworks, rules)."""
    across = cross_organisation_rules(shapes)
    national_shapes = {
        shape
        for shape, rule in shapes.subject_objects(DCTERMS.source)
        if str(rule) in across and (shape, RDF.type, SH.NodeShape) in shapes
    }
    national_triples = {t for shape in national_shapes for t in shapes.cbd(shape)}
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    local_triples = {t for shape in shape_nodes - national_shapes for t in shapes.cbd(shape)}
    shared = [t for t in shapes if t not in national_triples and t not in local_triples]
    return _graph(shapes, [*local_triples, *shared]), _graph(shapes, [*national_triples, *shared])


def _graph(shapes: Graph, triples: list) -> Graph:
    """Triples of ``shapes`` as a graph of their own, with its prefixes (SPARQL may use them)."""
    graph = Graph()
    for prefix, namespace in shapes.namespaces():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph
