"""SHACL engines, one class each behind one interface, chosen by name.

``store`` (the default) hands the SHACL Core constraints to pyshacl-turbo's Rust engine and
evaluates the framework SPARQL constraints once over all the data in Oxigraph
(``sparql_constraints``); ``turbo`` and ``pyshacl`` evaluate everything per focus node on an
rdflib graph, pySHACL being the reference the others are tested against.
"""

import functools
import importlib.metadata
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ClassVar

import pyoxigraph as ox
import pyshacl_turbo
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SH

from ndsgraph import terms, vocabulary
from ndsgraph.errors import EngineVersionMismatch, InputError
from ndsgraph.terms import to_oxigraph
from ndsgraph.validation import sparql_constraints

TURBO_VERSION = "0.6.5"  # the pyshacl-turbo whose private engine call turbo_core is written for


class Engine(ABC):
    """A SHACL engine: the validation report of shapes over data."""

    name: ClassVar[str]
    reads_graph: ClassVar[bool] = False
    """It validates an rdflib graph: data given as one is then handed over as it is."""

    @abstractmethod
    def report(
        self, store: ox.Store, shapes: Graph, frameworks_shapes: Graph, graph: Graph | None = None
    ) -> list[ox.Triple]:
        """The report of ``shapes`` over the data in ``store``; ``graph`` is the same data in
        rdflib, if at hand; ``frameworks_shapes`` are the constraints written to be evaluated
        over all the data at once."""

    def start(
        self, shapes: Graph, frameworks_shapes: Graph, source: str
    ) -> Callable[[ox.Store], list[ox.Triple]]:
        """Begin the report of ``shapes`` over ``source`` (the data as N-Triples, without the
        organisation counts, which only the frameworks' SPARQL constraints read) while the
        caller reads the same data into a store; returns what finishes it given that store.
        By default all the work waits for the store."""
        return lambda store: self.report(store, shapes, frameworks_shapes)


class _PerFocusNode(Engine):
    """An engine of the pySHACL interface, on an rdflib graph, per focus node."""

    reads_graph = True

    @abstractmethod
    def _validate(self, graph: Graph, shapes: Graph) -> object:
        """The engine's report graph, or its ValidationFailure for unusable shapes."""

    def report(
        self, store: ox.Store, shapes: Graph, frameworks_shapes: Graph, graph: Graph | None = None
    ) -> list[ox.Triple]:
        if graph is None:
            graph = terms.graph(q.triple for q in store)
        report = self._validate(graph, shapes)
        if not isinstance(report, Graph):
            raise InputError(f"shapes: {getattr(report, 'message', report)}")
        return [q.triple for q in terms.quads(report)]


class PySHACL(_PerFocusNode):
    """pySHACL, the reference (imported only when chosen)."""

    name = "pyshacl"

    def _validate(self, graph: Graph, shapes: Graph) -> object:
        import pyshacl

        return pyshacl.validate(graph, shacl_graph=shapes, inference="none")[1]


class Turbo(_PerFocusNode):
    """pyshacl-turbo through its public, pySHACL-compatible interface."""

    name = "turbo"

    def _validate(self, graph: Graph, shapes: Graph) -> object:
        return pyshacl_turbo.validate(graph, shacl_graph=shapes, inference="none")[1]


class WholeData(Engine):
    """SHACL Core by pyshacl-turbo's Rust engine, the frameworks' SPARQL constraints once over
    all the data in Oxigraph: what makes a national run feasible."""

    name = "store"

    def report(
        self, store: ox.Store, shapes: Graph, frameworks_shapes: Graph, graph: Graph | None = None
    ) -> list[ox.Triple]:
        rest, constraints = _split(shapes, frameworks_shapes)
        source = _readable(rest, store)
        with ThreadPoolExecutor(1) as pool:  # the Rust engine runs without the GIL, on one core:
            core = pool.submit(turbo_core, rest, source)  # the SPARQL constraints take the other
            return _joined(core, constraints, store)

    def start(
        self, shapes: Graph, frameworks_shapes: Graph, source: str
    ) -> Callable[[ox.Store], list[ox.Triple]]:
        """The Rust engine starts on ``source`` at once, on one core (a whole-store run at 1M:
        half a minute), while the other reads the data into the store, counts the
        organisations and evaluates the SPARQL constraints over them. A caller that fails
        before finishing leaves the engine to end on its own."""
        rest, constraints = _split(shapes, frameworks_shapes)
        pool = ThreadPoolExecutor(1)
        core = pool.submit(turbo_core, rest, source)
        pool.shutdown(wait=False)
        return lambda store: _joined(core, constraints, store)


def _joined(
    core: "Future[tuple[bool, list[ox.Triple]]]",
    constraints: list[sparql_constraints.Constraint],
    store: ox.Store,
) -> list[ox.Triple]:
    """The SPARQL constraints' results over ``store`` joined to the Rust engine's report."""
    found = [t for c in constraints for t in sparql_constraints.results(store, c)]
    conforms, report = core.result()
    root = next(t.subject for t in report if t.object == vocabulary.SH.ValidationReport)
    report += found
    report += [
        ox.Triple(root, vocabulary.SH.result, t.subject)
        for t in found
        if t.predicate == vocabulary.RDF.type
    ]
    return with_conforms(report) if conforms and found else report


ENGINES: dict[str, Engine] = {e.name: e for e in (WholeData(), Turbo(), PySHACL())}


def named(name: str) -> Engine:
    """The engine called ``name``."""
    try:
        return ENGINES[name]
    except KeyError:
        raise InputError(f"unknown SHACL engine '{name}' (use {', '.join(ENGINES)})") from None


def with_conforms(report: list[ox.Triple]) -> list[ox.Triple]:
    """The report with ``sh:conforms`` saying whether it has results."""
    conforms = ox.Literal(not any(t.predicate == vocabulary.SH.result for t in report))
    return [
        ox.Triple(t.subject, vocabulary.SH.conforms, conforms)
        if t.predicate == vocabulary.SH.conforms
        else t
        for t in report
    ]


@functools.lru_cache(maxsize=16)
def _split(
    shapes: Graph, frameworks_shapes: Graph
) -> tuple[Graph, list[sparql_constraints.Constraint]]:
    """``sparql_constraints.split``, once per pair of shapes graphs (a tenth of a small
    submission's validation): ``frameworks.shapes_graph`` gives one graph object per version
    of the files, and rdflib graphs hash by their identity, so a changed file splits anew."""
    return sparql_constraints.split(shapes, frameworks_shapes)


def _readable(shapes: Graph, store: ox.Store) -> ox.Store | str:
    """What of ``store`` the SHACL Core ``shapes`` can read, as N-Quads: the statements whose
    predicate they name (an import's measurements are mostly statements no Core shape reads:
    the Rust engine read, and dumped, three times what it judged); all of it (the store) where
    they may read any predicate."""
    predicates = _named_predicates(shapes)
    if predicates is None:
        return store
    quads = itertools.chain.from_iterable(  # not a generator: no Python per statement
        store.quads_for_pattern(None, p, None, None) for p in predicates
    )
    return (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode()


# a closed shape, SPARQL (a constraint, a target, a component's validator): any predicate
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_READS_ANY = (SH.closed, SH.sparql, SH.target, SH.validator, SH.nodeValidator, SH.propertyValidator)


@functools.lru_cache(maxsize=16)  # per shapes graph object, as ``_split``
def _named_predicates(shapes: Graph) -> tuple[ox.NamedNode, ...] | None:
    """Every IRI ``shapes`` name (as a path, a target, a property compared with), with
    rdf:type and rdfs:subClassOf (classes, targets): the predicates of all the data they can
    read; None if they may read any. A shape that neither has a target nor is referred to
    judges nothing (``targets.reaching`` leaves such shapes), whatever it would read."""
    targeted = {s for kind in _TARGETS for s in shapes.subjects(kind, None)}
    for shape, _, _ in (t for kind in _READS_ANY for t in shapes.triples((None, kind, None))):
        implicit = any((shape, RDF.type, c) in shapes for c in (RDFS.Class, OWL.Class))
        if shape in targeted or implicit or (None, None, shape) in shapes:
            return None
    named = {o for o in shapes.objects() if isinstance(o, URIRef)} | {RDF.type, RDFS.subClassOf}
    return tuple(to_oxigraph(iri) for iri in sorted(named))


@functools.cache
def installed_turbo() -> str:
    """The installed pyshacl-turbo's version."""
    return importlib.metadata.version("pyshacl-turbo")


def turbo_core(shapes: Graph, data: ox.Store | str) -> tuple[bool, list[ox.Triple]]:
    """pyshacl-turbo's report as it leaves its Rust engine (N-Triples), not decoded into rdflib:
    at a million triples the decoding took longer than the validation. The one place that
    calls the engine's private interface, the way ``pyshacl_turbo.CompiledShapes.validate``
    does in version ``TURBO_VERSION`` (pinned in pyproject.toml; another version is refused,
    as its interface may differ); blank node labels stay those of ``shapes``.

    The dump is read as plain N-Quads: pyshacl-turbo's mode for pyoxigraph stores
    ("oxigraph-nquads") fails simple literals in ``sh:hasValue`` (W3C core/property/hasValue-001:
    three results instead of one)."""
    installed = installed_turbo()
    if installed != TURBO_VERSION:
        raise EngineVersionMismatch(
            f"the '{WholeData.name}' SHACL engine is written for pyshacl-turbo {TURBO_VERSION}, "
            f"{installed} is installed: install pyshacl-turbo=={TURBO_VERSION} "
            f"(or set NDSGRAPH_SHACL_ENGINE={Turbo.name})"
        )
    program = pyshacl_turbo.compile_shapes(shapes)
    if isinstance(data, str):  # N-Triples, read as N-Quads (a subset)
        source = data
    else:
        source = (data.dump(format=ox.RdfFormat.N_QUADS) or b"").decode()
    conforms, report, *_ = program._native.validate(
        source,
        "nquads",  # the source's format
        None,  # its base IRI
        False,  # iterate rules
        100,  # at most so many rule iterations
        15,  # maximum validation depth
        False,  # in place (write inferred triples back)
        False,  # allow infos (conform with sh:Info results)
        False,  # allow warnings
        False,  # abort on the first result
        [],  # focus nodes (none: all)
        [],  # shapes to use (none: all)
        [],  # the data's namespace prefixes
    )
    triples = ox.parse(report, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
    return conforms, [q.triple for q in triples]
