"""The store interface and its embedded Oxigraph backend.

The default graph of every query is the union of the named graphs. Each named
graph is replaced as a whole, in one transaction, together with its entry in
the catalogue graph (content hash, time, size): a failed or interrupted load
leaves the previous graph and its catalogue entry as they were.
"""

import atexit
import shutil
import tempfile
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ndsgraph.errors import QueryError, QuerySyntaxError, StoreError, StoreInUse
from ndsgraph.sparql.sparql_text import bind_values, declares_dataset
from ndsgraph.store import journal
from ndsgraph.vocabulary import CATALOGUE_GRAPH, DCT, NDSG, VOID, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def true(value: str | None) -> bool:
    """A boolean as a store answers it: Virtuoso writes true and false as 1 and 0."""
    return value in ("true", "1")


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class GraphContent:
    """The new triples of a named graph and the hash of the source they came from."""

    triples: list[ox.Triple]
    content_hash: str | None = None


class Store(ABC):
    """What ndsgraph needs of a quad store; one backend per kind of store."""

    taken: datetime | None = None  # a copy of another process's store: when it was taken

    @abstractmethod
    def replace_graphs(self, graphs: dict[str, GraphContent]) -> dict[str, int]:
        """Atomically replace several named graphs in one transaction; returns their sizes."""

    def replace_graph(
        self, graph: str, triples: Iterable[ox.Triple], *, content_hash: str | None = None
    ) -> int:
        return self.replace_graphs({graph: GraphContent(list(triples), content_hash)})[graph]

    def add_triples(self, graph: str | None, triples: list[ox.Triple]) -> None:
        """Merge triples into a named graph (or the store's own default graph) in one transaction."""
        body = _nt(triples)
        target = f"GRAPH <{graph}> {{ {body} }}" if graph else body
        self.update(f"INSERT DATA {{ {target} }}")

    def replace_large(self, graph: str, content: GraphContent) -> int:
        """Replace one graph that may be large (an import, a submission) with the same promise
        as ``replace_graphs``: readers and a crash see the old graph or the new one, never a
        part. Backends with a bulk loader may write it that way (see
        ``OxigraphStore.replace_large``); by default it is the atomic replace."""
        return self.replace_graphs({graph: content})[graph]

    def add_graph(
        self,
        graph: str,
        triples: list[ox.Triple],
        last: list[ox.Triple],
        *,
        content_hash: str | None = None,
    ) -> int:
        """Write a new named graph whose readers look for ``last`` (the node that describes
        it) before reading the rest. Backends may write ``triples`` in bulk, outside a
        transaction, then ``last`` and the catalogue entry in one, so no reader sees ``last``
        without the rest; a graph left without its catalogue entry is unfinished (see
        ``unfinished_graphs``). By default everything goes in one atomic replace."""
        return self.replace_graphs({graph: GraphContent(triples + last, content_hash)})[graph]

    def finish_graph(
        self,
        graph: str,
        last: list[ox.Triple],
        content_hash: str | None,
        *,
        removed: Collection[str] = (),
    ) -> int:
        """The last step of a bulk write, once its triples are in: what the graph loses
        (``removed``, N-Triples lines it holds), ``last`` and the catalogue entry in one
        transaction. Returns the graph's size (``last`` describes the graph's node, which the
        bulk-written triples never have as subject)."""
        size = self.count(graph) + len(set(last)) - len(removed)
        lost = f"DELETE DATA {{ GRAPH <{graph}> {{ {chr(10).join(removed)} }} }} ;\n"
        self.update(
            (lost if removed else "")
            + f"{_clear_entry(graph)}\n"
            + f"INSERT DATA {{ GRAPH <{graph}> {{ {_nt(last)} }}\n"
            + f"{_catalogue_entry(graph, size, content_hash)} }}"
        )
        return size

    def unfinished_graphs(self, prefix: str) -> list[str]:
        """Named graphs starting with ``prefix`` that ``add_graph`` began and did not finish
        (no catalogue entry). None by default, where ``add_graph`` is one atomic request."""
        return []

    def version(self) -> int | None:
        """A number that changes whenever this process changes the data, or None when others
        may write too (a shared server), so that answers cannot be cached by it."""
        return None

    def has_graph(self, graph: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))

    def unnamed(self, iris: Iterable[str]) -> frozenset[str]:
        """Those of ``iris`` that no statement in any graph names, as subject or object: a
        lookup bound to them can find nothing (an import's new measurement nodes, thousands).
        None by default (any may be named): a backend that can tell them cheaply overrides it."""
        return frozenset()

    def graph_triples(self, graph: str | None) -> ox.QueryTriples:
        """The triples of one named graph, or of the store's own default graph."""
        if graph:
            return self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
        return self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=[None])

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples (for copies and hashes; backends may do it natively)."""
        return ox.serialize(self.graph_triples(graph), format=ox.RdfFormat.N_TRIPLES) or b""

    def bulk_replace(self, graph: str, path: Path, fmt: ox.RdfFormat, content_hash: str) -> int:
        """Replace a large graph the fast way: not in one transaction, but the catalogue entry
        is written last, so an interrupted bulk load is seen as changed and loaded again.

        The default falls back to the atomic replace; backends with a native loader override it.
        """
        quads = ox.parse(path=str(path), format=fmt)
        return self.replace_graph(graph, (q.triple for q in quads), content_hash=content_hash)

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and its catalogue entry."""
        self.update(
            f"DROP SILENT GRAPH <{graph}> ;\n"
            f"DELETE WHERE {{ GRAPH {CATALOGUE_GRAPH} {{ <{graph}> ?p ?o }} }}"
        )

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[ox.Variable, Term] | None = None,
        default_graph: list[str | None] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Evaluate a query; the default graph is the union of the named graphs unless the
        request names its own dataset (the protocol's default-graph-uri / named-graph-uri,
        which override the query's own FROM / FROM NAMED)."""

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Apply a SPARQL Update in one transaction (administrative use)."""

    @abstractmethod
    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Serialise all named graphs as TriG or N-Quads."""

    def dump_to(self, path: Path, fmt: ox.RdfFormat) -> None:
        """Write all named graphs to a file (backends may stream instead of holding it all)."""
        path.write_bytes(self.dump(fmt))

    def graphs(self) -> dict[str, int]:
        """Triples per named graph."""
        result = self.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        return {row["g"].value: int(row["n"].value) for row in result}

    def graph_names(self) -> list[str]:
        """The named graphs, in order; backends may list them without counting (``graphs``),
        and may list empty ones."""
        return list(self.graphs())

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self.graphs().values())
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(result))["n"].value)

    def content_hash(self, graph: str) -> str | None:
        """The hash recorded when the graph was last loaded, if any."""
        result = self.query(
            f"SELECT ?g ?h WHERE {{ GRAPH {CATALOGUE_GRAPH} {{ ?g {NDSG.contentHash} ?h }} }}",
            substitutions={ox.Variable("g"): ox.NamedNode(graph)},
        )
        rows = list(result)
        return rows[0]["h"].value if rows else None


def _catalogue_entry(graph: str, size: int, content_hash: str | None) -> str:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entry = [
        f"<{graph}> {DCT.modified} {ox.Literal(now, datatype=XSD.dateTime)} .",
        f"<{graph}> {VOID.triples} {ox.Literal(str(size), datatype=XSD.integer)} .",
    ]
    if content_hash:
        entry.append(f'<{graph}> {NDSG.contentHash} "{content_hash}" .')
    return f"GRAPH {CATALOGUE_GRAPH} {{ {' '.join(entry)} }}"


def _clear_entry(graph: str) -> str:
    return f"DELETE WHERE {{ GRAPH {CATALOGUE_GRAPH} {{ <{graph}> ?p ?o }} }} ;"


def catalogue_update(graph: str, size: int, content_hash: str | None) -> str:
    """An update that records a graph's size, time and source hash in the catalogue."""
    return f"{_clear_entry(graph)}\nINSERT DATA {{ {_catalogue_entry(graph, size, content_hash)} }}"


def _nt(triples: Iterable[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()


def replace_graphs_update(
    graphs: dict[str, GraphContent],
    present: Callable[[str], set[str] | None] = lambda graph: None,
) -> tuple[str, dict[str, int]]:
    """One SPARQL Update that swaps graphs and their catalogue entries; stores run it atomically.

    ``present`` may give a graph's current N-Triples lines; then only the difference is
    written, deletions first: a resubmission that changes a few statements writes a few,
    where dropping and inserting a whole graph costs Oxigraph on disk about 50 µs a triple.
    Not with blank nodes, which DELETE DATA cannot name."""
    clear, insert, sizes = [], [], {}
    for graph, content in graphs.items():
        unique = list(dict.fromkeys(content.triples))
        sizes[graph] = len(unique)
        body = _nt(unique)
        lines = body.splitlines()
        old = None if any(map(_blank_line, lines)) else present(graph)
        if old is None:
            clear.append(f"DROP SILENT GRAPH <{graph}> ;")
        else:
            new = set(lines)
            body = "\n".join(line for line in lines if line not in old) + "\n"
            removed = "\n".join(line for line in old if line not in new)
            if removed:
                clear.append(f"DELETE DATA {{ GRAPH <{graph}> {{ {removed} }} }} ;")
        clear.append(_clear_entry(graph))
        insert.append(
            f"GRAPH <{graph}> {{\n{body}}}\n"
            f"{_catalogue_entry(graph, len(unique), content.content_hash)}"
        )
    return "\n".join(clear) + "\nINSERT DATA {\n" + "\n".join(insert) + "\n}", sizes


def _blank_line(line: str) -> bool:
    """Whether an N-Triples line may hold a blank node (a literal that merely looks like one
    costs only the shortcut)."""
    return line.startswith("_:") or "> _:" in line


def snapshot_folder(store: Path) -> Path:
    """Where a server keeps read-only snapshots of the embedded store at ``store``."""
    return store.with_name(store.name + ".snapshots")


_DIFF_LIMIT = 200_000  # triples; a larger graph is replaced whole, not held in memory twice
# triples a graph gains from which the bulk loader writes them (``replace_large``); measured
# on a 1M store, a new graph in one transaction / by the bulk loader: 1,000 triples 0.02 /
# 0.14 s, 10,000 0.34 / 0.34 s, 20,000 1.8 / 0.7 s, 50,000 3.7 / 1.3 s
_BULK_FROM = 10_000


def _prepare_directory(path: Path, create: bool) -> None:
    """Make sure a store directory can be opened: it exists, or is created when asked."""
    if path.exists():
        if not path.is_dir():
            raise StoreError(f"{path} is not a store directory")
        return
    if not create:
        raise StoreError(f"no store at {path} (run `ndsgraph load` first)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the store at {path}: {error.strerror}") from None


class OxigraphStore(Store):
    """Embedded Oxigraph: on disk by default, in memory when no path is given."""

    def __init__(
        self, path: Path | None = None, *, create: bool = False, read_only: bool = False
    ) -> None:
        """Open the store at ``path``; a path that does not exist is an error unless ``create``
        is set, so that a mistyped location is never taken for a new, empty store.
        ``read_only`` opens a snapshot, or a store that another process writes."""
        self.path = path
        self._version = 0  # the store admits one process, so this one sees every write
        self._version_lock = threading.Lock()
        self._replace_lock = threading.Lock()  # a difference is taken against a graph at rest
        self._at_rest = threading.Lock()  # held by a bulk write: no snapshot shows a part of it
        if path is not None:
            _prepare_directory(path, create)
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as error:
            kind = StoreInUse if "lock" in str(error).lower() else StoreError
            raise kind(
                f"cannot open the store at {path} (is a server using it?): {error}"
            ) from None
        if path is not None and not read_only:
            self._undo_unfinished()

    def _undo_unfinished(self) -> None:
        """Put back the graphs that bulk writes cut off by a crash left half-written
        (``journal``): before anyone reads them."""
        for note in journal.left(self.path):
            self.update(note.read_text(encoding="utf-8"))
            journal.done(note)

    @classmethod
    def from_snapshot(cls, path: Path) -> "OxigraphStore":
        """The newest snapshot a server took of the store at ``path`` (``snapshot_folder``),
        copied (hard links) so that the server may remove it meanwhile, opened read-only.
        Its ``taken`` says when: the data as of the server's last write (it takes one after
        every write)."""
        taken = sorted(snapshot_folder(path).glob("*"), key=lambda p: p.stat().st_mtime)
        if not taken:
            raise StoreInUse(
                f"a server holds the store at {path} and has taken no snapshot of it yet: "
                "ask its endpoint, or query it once and try again"
            )
        copy = Path(tempfile.mkdtemp(prefix="ndsgraph-snapshot-")) / "store"
        atexit.register(shutil.rmtree, copy.parent, True)
        try:
            ox.Store.read_only(str(taken[-1])).backup(str(copy))
        except OSError as error:
            raise StoreInUse(f"cannot read the server's snapshot of {path}: {error}") from None
        store = cls(copy, read_only=True)
        store.taken = datetime.fromtimestamp(taken[-1].stat().st_mtime, UTC)
        return store

    def replace_graphs(self, graphs: dict[str, GraphContent]) -> dict[str, int]:
        with self._replace_lock:
            update, sizes = replace_graphs_update(graphs, self._present)
            self.update(update)
        return sizes

    def _present(self, graph: str) -> set[str] | None:
        """A graph's current N-Triples lines, if it has a catalogue entry within the limit and
        no blank nodes (see ``replace_graphs_update``)."""
        size = self.query(
            f"SELECT ?n WHERE {{ GRAPH {CATALOGUE_GRAPH} {{ <{graph}> {VOID.triples} ?n }} }}"
        )
        rows = list(size)
        if not rows or int(rows[0]["n"].value) > _DIFF_LIMIT:
            return None
        dump = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        lines = (dump or b"").decode().splitlines()
        return None if any(map(_blank_line, lines)) else set(lines)

    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[ox.Variable, Term] | None = None,
        default_graph: list[str | None] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        own_dataset = default_graph is not None or declares_dataset(sparql)
        dataset: dict = {"use_default_graph_as_union": not own_dataset}
        try:
            if default_graph is not None:  # None in the list: the store's own default graph
                dataset["default_graph"] = [
                    ox.NamedNode(g) if g is not None else ox.DefaultGraph() for g in default_graph
                ]
            if named_graphs is not None:
                dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        except ValueError as error:
            raise QueryError(f"dataset: {error}") from None
        if substitutions:  # as BINDs at the start, not Oxigraph's substitutions: those do
            # not reach the query's FILTERs (`FILTER(!BOUND(?at) || ?t <= ?at)` sees no ?at)
            sparql = bind_values(sparql, {v.value: str(t) for v, t in substitutions.items()})
        try:
            return self._store.query(sparql, base_iri=base_iri, **dataset)
        except SyntaxError as error:
            raise QuerySyntaxError(f"query: {error}", query=sparql) from None
        except RuntimeError as error:
            raise QueryError(f"query evaluation: {error}") from None

    def version(self) -> int:
        return self._version

    def _changed(self) -> None:
        with self._version_lock:
            self._version += 1

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._changed()  # before and after: an answer read during the write is never reused
        try:
            self._store.update(sparql, base_iri=base_iri)
        except (SyntaxError, RuntimeError) as error:  # RuntimeError: e.g. DROP of no graph
            raise QueryError(f"update: {error}") from None
        except OSError as error:
            raise StoreError(f"update failed: {error}") from None
        finally:
            self._changed()

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self._store.dump(format=fmt, from_graph=None) or b""

    def dump_to(self, path: Path, fmt: ox.RdfFormat) -> None:
        with path.open("wb") as file, self._at_rest:  # opened here, so an error names the file;
            self._store.dump(file, format=fmt, from_graph=None)  # never half a bulk write

    def add_graph(
        self,
        graph: str,
        triples: list[ox.Triple],
        last: list[ox.Triple],
        *,
        content_hash: str | None = None,
    ) -> int:
        name = ox.NamedNode(graph)
        with self._at_rest:
            self._changed()
            try:  # a transaction of a million triples takes minutes and gigabytes; bulk not.
                # Serialized by Oxigraph, loaded without the GIL and without checking its terms
                # again (a whole-store run's records: a tenth of a second less per 50,000); but
                # the loader renames blank nodes, which ``last`` may share: those quad by quad
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                if b"_:" in body:
                    self._store.bulk_extend(ox.Quad(*triple, name) for triple in triples)
                else:
                    self._store.bulk_load(body, ox.RdfFormat.N_TRIPLES, to_graph=name, lenient=True)
            finally:
                self._changed()
            return self.finish_graph(graph, last, content_hash)

    def replace_large(self, graph: str, content: GraphContent) -> int:
        """The bulk loader writes what the graph gains, then one transaction removes what it
        loses and writes its catalogue entry (a first import of 168,000 triples: about 4 s
        against 11 s in one transaction; Oxigraph has no bulk removal, so a graph's losses
        cost what they cost in a transaction).

        Why not a fresh graph swapped in: the default graph is the union of all graphs, so a
        graph being written is seen under any name, and swapping names rewrites every triple.
        Instead, an undo note is written first (``journal``): a crash before the last
        transaction is put right when the store is next opened, so the store holds the old
        graph or the new one, never a part (a crash after it, before the note is removed, puts
        the old one back: the writer never said it was stored). Snapshots, which the server's
        readers query, wait for the write (``snapshot``).

        Only where it pays (``_BULK_FROM`` triples gained) and where the losses can be named:
        a graph that exists needs a catalogue entry and no blank nodes, within
        ``_DIFF_LIMIT``, and so does its new content; otherwise the atomic replace."""
        unique = list(dict.fromkeys(content.triples))
        lines = _nt(unique).splitlines()
        with self._replace_lock:
            new = not self.has_graph(graph)
            old = set() if new else self._present(graph)
            if old is not None and not new and any(map(_blank_line, lines)):
                old = None
            gained = lines if old is None else [line for line in lines if line not in old]
            if self.path is None or old is None or len(gained) < _BULK_FROM:
                update, sizes = replace_graphs_update(
                    {graph: GraphContent(unique, content.content_hash)},
                    lambda _: None if new else old,
                )
                self.update(update)
                return sizes[graph]
            lost = old.difference(lines)
            undo = self._undo(graph, new, gained, lost)
            note = journal.note(self.path, uuid.uuid4().hex, undo)
            with self._at_rest:
                self._changed()
                try:
                    self._store.bulk_load(  # lines Oxigraph wrote: not checked again
                        "\n".join(gained).encode(),
                        ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode(graph),
                        lenient=True,
                    )
                finally:
                    self._changed()
                size = self.finish_graph(graph, [], content.content_hash, removed=lost)
            journal.done(note)
            return size

    def _undo(self, graph: str, new: bool, gained: list[str], lost: set[str]) -> str:
        """The update that puts ``graph`` and its catalogue entry back as they are now, from
        any point of a write that adds ``gained`` and removes ``lost`` (N-Triples lines)."""
        if new:
            parts = [f"DROP SILENT GRAPH <{graph}> ;"]
        else:  # the lines it gains out, those it loses back
            parts = [f"DELETE DATA {{ GRAPH <{graph}> {{ {chr(10).join(gained)} }} }} ;"]
            if lost:
                parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {chr(10).join(lost)} }} }} ;")
        parts.append(_clear_entry(graph))
        entry = self._store.quads_for_pattern(ox.NamedNode(graph), None, None, CATALOGUE_GRAPH)
        restored = _nt(q.triple for q in entry)
        if restored:
            parts.append(f"INSERT DATA {{ GRAPH {CATALOGUE_GRAPH} {{ {restored} }} }} ;")
        return "\n".join(parts)

    def unfinished_graphs(self, prefix: str) -> list[str]:
        catalogued = {
            row["g"].value
            for row in self.query(
                f"SELECT ?g WHERE {{ GRAPH {CATALOGUE_GRAPH} {{ ?g {VOID.triples} ?n }} }}"
            )
        }
        return [
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and g.value.startswith(prefix)
            and g.value not in catalogued
        ]

    def unnamed(self, iris: Iterable[str]) -> frozenset[str]:
        """Two index lookups each (about 17 µs at 1M), a fraction of what binding them in the
        lookups of an import costs."""
        quads = self._store.quads_for_pattern
        return frozenset(
            iri
            for iri in iris
            if next(quads(node := ox.NamedNode(iri), None, None), None) is None
            and next(quads(None, None, node), None) is None
        )

    def graph_names(self) -> list[str]:
        """Oxigraph's list of them: counting the triples of each took seconds at 1M."""
        return sorted(g.value for g in self._store.named_graphs())

    def graph_ntriples(self, graph: str) -> bytes:
        return (
            self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
        )

    def bulk_replace(self, graph: str, path: Path, fmt: ox.RdfFormat, content_hash: str) -> int:
        self.drop_graph(
            graph
        )  # also removes the catalogue entry: until it is back, the graph is "changed"
        try:
            self._store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
        except SyntaxError as error:
            self.drop_graph(graph)
            raise QueryError(f"{path}: {error}") from None
        size = self.count(graph)
        self.update(catalogue_update(graph, size, content_hash))
        return size

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def snapshot(self, target: Path) -> None:
        """A consistent copy at ``target``, to be opened ``read_only``: Oxigraph hard-links
        the immutable files, so it costs milliseconds, not a copy of the data."""
        try:
            with self._at_rest:
                self._store.backup(str(target))
        except OSError as error:
            raise StoreError(f"cannot snapshot the store into {target}: {error}") from None
