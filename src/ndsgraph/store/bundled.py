"""Load the bundled RDF (ontology, shapes, data) into a store, one named graph per file.

A second load compares each file's SHA-256 with the hash recorded in the
catalogue and reloads only what changed.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ndsgraph import resources
from ndsgraph.intake import rdfio
from ndsgraph.store import Store
from ndsgraph.vocabulary import GRAPH


@dataclass(frozen=True)
class Source:
    path: Path
    graph: str


@dataclass(frozen=True)
class LoadResult:
    graph: str
    triples: int
    changed: bool


def bundled_sources() -> list[Source]:
    """Every bundled file with the named graph it goes into."""
    sources = [
        Source(path, (GRAPH["ontology"] if path.stem == "ndsgraph" else GRAPH[path.stem]).value)
        for path in sorted(resources.ontology_dir().glob("*.ttl"))
    ]
    sources += [
        Source(path, GRAPH[f"shapes/{path.stem}"].value)
        for path in sorted(resources.shapes_dir().glob("*.ttl"))
    ]
    sources += [
        Source(path, GRAPH[path.stem].value) for path in sorted(resources.data_dir().glob("*.ttl"))
    ]
    return sources


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_file(store: Store, path: Path, graph: str, *, force: bool = True) -> LoadResult:
    """Replace ``graph`` with the triples of ``path``, unless its hash is unchanged."""
    data = rdfio.read_file(path)
    digest = sha256(data)
    if not force and store.content_hash(graph) == digest:
        return LoadResult(graph, store.count(graph), changed=False)
    quads = rdfio.parse(data, rdfio.format_for_path(path), source=str(path))
    size = store.replace_graph(graph, (q.triple for q in quads), content_hash=digest)
    return LoadResult(graph, size, changed=True)


def load_bundled(
    store: Store, *, force: bool = False, progress: bool | None = None
) -> Iterator[LoadResult]:
    """Load every bundled file; ``progress=None`` shows a bar only on a terminal."""
    sources = bundled_sources()
    total = sum(source.path.stat().st_size for source in sources)
    disable = None if progress is None else not progress
    with tqdm(total=total, unit="B", unit_scale=True, desc="loading", disable=disable) as bar:
        for source in sources:
            yield load_file(store, source.path, str(source.graph), force=force)
            bar.update(source.path.stat().st_size)
