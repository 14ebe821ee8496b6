"""SHACL engines, one class each behind one interface, chosen by name.

``store`` (the default) hands the SHACL Core constraints to pyshacl-turbo's Rust engine and
evaluates the framework SPARQL constraints once over all the data in Oxigraph
(``sparql_constraints``); ``turbo`` and ``pyshacl`` evaluate everything per focus node on an
rdflib graph, pySHACL being the reference the others are tested against.
"""

import contextlib
import functools
import importlib.metadata
import subprocess
import sys
import tempfile
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as Timeout
from typing import IO, ClassVar, Protocol

import pyoxigraph as ox
import pyshacl_turbo
from rdflib import Graph

from ndsgraph import terms, vocabulary
from ndsgraph.errors import EngineFailed, EngineVersionMismatch, InputError
from ndsgraph.validation import sparql_constraints

TURBO_VERSION = "0.6.5"  # the pyshacl-turbo whose private engine call turbo_core is written for
# the process a whole-store run's Rust engine runs in (``TurboProcess``), and how long it may
CHILD_COMMAND = (sys.executable, "-m", "ndsgraph.validation.turbo_process")
CHILD_TIMEOUT = 4 * 3600.0  # seconds; at 1M triples it takes half a minute


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
        self, shapes: Graph, frameworks_shapes: Graph, source: list[bytes]
    ) -> Callable[[ox.Store], list[ox.Triple]]:
        """Begin the report of ``shapes`` over ``source`` (the data as N-Triples, in parts,
        without the organisation counts, which only the frameworks' SPARQL constraints read) while the
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
        with ThreadPoolExecutor(1) as pool:  # an upload's few thousand triples: no process
            core = pool.submit(_in_store, rest, store)  # is worth starting for them
            return _joined(core, constraints, store)

    def start(
        self, shapes: Graph, frameworks_shapes: Graph, source: list[bytes]
    ) -> Callable[[ox.Store], list[ox.Triple]]:
        """The Rust engine starts on ``source`` at once, in a process of its own (a
        whole-store run at 1M: half a minute; in a thread of this one it held the GIL, so
        little else ran beside it), while this one reads the data into the store, counts the
        organisations and evaluates the SPARQL constraints over them. A caller that fails
        before finishing ends the process (``TurboProcess``)."""
        rest, constraints = _split(shapes, frameworks_shapes)
        core = TurboProcess(rest, source)
        return lambda store: _joined(core, constraints, store)


class _Core(Protocol):
    def result(self) -> tuple[bool, list[ox.Triple]]: ...


class TurboProcess:
    """``turbo_core`` in a child process (``turbo_process``), which reads the shapes and the
    data as N-Triples on its standard input and writes whether they conform and the report,
    as N-Triples, on its standard output: no Python objects cross. A child that fails, dies
    or outlives ``CHILD_TIMEOUT`` is an ``EngineFailed``, raised before anything is
    recorded."""

    def __init__(self, shapes: Graph, source: list[bytes]) -> None:
        check_turbo()  # a wrong version is refused here, as by turbo_core, not as a failure
        triples = [q.triple for q in terms.quads(shapes)]
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _exchange)
        self._process = subprocess.Popen(  # errors to a file: a full pipe would stall the child
            CHILD_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
        )
        weakref.finalize(self, self._process.kill)  # the caller failed: nobody reads it
        pool = ThreadPoolExecutor(1)
        parts = [b"%d\n" % len(text), text, *source]
        self._output = pool.submit(_exchange, self._process, parts, errors)
        pool.shutdown(wait=False)

    def result(self) -> tuple[bool, list[ox.Triple]]:
        try:
            output, said = self._output.result(CHILD_TIMEOUT)
        except Timeout:
            self._process.kill()
            raise EngineFailed(
                f"the SHACL engine's process did not finish within {CHILD_TIMEOUT:g} s"
            ) from None
        if self._process.returncode != 0:
            lines = said.strip().splitlines()
            raise EngineFailed(
                f"the SHACL engine's process ended with exit status {self._process.returncode}"
                + (f": {lines[-1]}" if lines else "")
            )
        conforms, _, report = output.partition(b"\n")
        return conforms == b"true", _parsed(report)


def _exchange(
    process: subprocess.Popen, parts: list[bytes], errors: IO[bytes]
) -> tuple[bytes, str]:
    """Write the child's input, read its output (both release the GIL), wait for its end;
    its output and what it said on its standard error. Not a method of ``TurboProcess``: the
    thread would keep alive the object whose end ends the child."""
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None and stdout is not None
    try:
        for part in parts:
            stdin.write(part)
    except BrokenPipeError:  # it ended early: its exit status and errors say why
        pass
    with contextlib.suppress(BrokenPipeError), stdout:
        stdin.close()
        output = stdout.read()
    process.wait()
    with errors:
        errors.seek(0)
        return output, errors.read().decode(errors="replace")


def _in_store(shapes: Graph, store: ox.Store) -> tuple[bool, list[ox.Triple]]:
    """``turbo_core`` over the data in ``store``, its report parsed."""
    conforms, report = turbo_core(shapes, (store.dump(format=ox.RdfFormat.N_QUADS) or b"").decode())
    return conforms, _parsed(report)


def _parsed(report: str | bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(report, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)]


def _joined(
    core: "Future[tuple[bool, list[ox.Triple]]] | _Core",
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


@functools.cache
def installed_turbo() -> str:
    """The installed pyshacl-turbo's version."""
    return importlib.metadata.version("pyshacl-turbo")


def check_turbo() -> None:
    """Refuse a pyshacl-turbo that ``turbo_core`` was not written for."""
    installed = installed_turbo()
    if installed != TURBO_VERSION:
        raise EngineVersionMismatch(
            f"the '{WholeData.name}' SHACL engine is written for pyshacl-turbo {TURBO_VERSION}, "
            f"{installed} is installed: install pyshacl-turbo=={TURBO_VERSION} "
            f"(or set NDSGRAPH_SHACL_ENGINE={Turbo.name})"
        )


def turbo_core(shapes: Graph, source: str) -> tuple[bool, str | bytes]:
    """pyshacl-turbo's report as it leaves its Rust engine (N-Triples), not decoded into rdflib:
    at a million triples the decoding took longer than the validation. The one place that
    calls the engine's private interface, the way ``pyshacl_turbo.CompiledShapes.validate``
    does in version ``TURBO_VERSION`` (pinned in pyproject.toml; another version is refused,
    as its interface may differ); blank node labels stay those of ``shapes``.

    The data (``source``: N-Quads, or N-Triples, a subset) is read as plain N-Quads:
    pyshacl-turbo's mode for pyoxigraph stores ("oxigraph-nquads") fails simple literals in
    ``sh:hasValue`` (W3C core/property/hasValue-001: three results instead of one)."""
    check_turbo()
    program = pyshacl_turbo.compile_shapes(shapes)
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
    return conforms, report
