"""Large graphs are written by the bulk loader (``Store.replace_large``) and still stored whole
or not at all: a process killed between the bulk part and the last transaction leaves no part
of its graph once the store is opened again, and a snapshot never shows a part of one."""

import subprocess
import sys
import textwrap
import threading
import time

import pyoxigraph as ox
import pytest

from ndsgraph import register
from ndsgraph.importers import internetnl
from ndsgraph.store import GraphContent, OxigraphStore, bundled, journal
from ndsgraph.vocabulary import CATALOGUE_GRAPH

from .conftest import DATA

G = "https://example.org/graph/large"
NAME = ox.NamedNode("https://example.org/name")
BLANK = ox.NamedNode("https://example.org/blank")
FIXTURES = DATA / "internetnl"


def items(tag: str, start: int, stop: int) -> list[ox.Triple]:
    return [
        ox.Triple(ox.NamedNode(f"https://example.org/item{i}"), NAME, ox.Literal(f"{tag} {i}"))
        for i in range(start, stop)
    ]


V1 = items("one", 0, 15_000)
V2 = items("one", 0, 3_000) + items("two", 3_000, 18_000)  # 15,000 gained, 12,000 lost


def content(store: OxigraphStore, graph: str = G) -> set[str]:
    return {
        str(q.triple) for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    }


def entry(store: OxigraphStore, graph: str = G) -> dict[str, str]:
    """The graph's catalogue entry but its time: predicate -> value."""
    found = store._store.quads_for_pattern(ox.NamedNode(graph), None, None, CATALOGUE_GRAPH)
    return {q.predicate.value: q.object.value for q in found if "modified" not in q.predicate.value}


def run(code: str, *args: str) -> int:
    """``code`` in a fresh Python process (the store admits one at a time); its exit status."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, timeout=300
    )
    assert done.returncode in (0, 3), done.stderr.decode()[-2000:]
    return done.returncode


def test_a_graph_written_in_bulk_is_the_graph_one_transaction_writes(tmp_path):
    on_disk, in_memory = OxigraphStore(tmp_path / "store", create=True), OxigraphStore()
    blank = ox.Triple(ox.BlankNode(), BLANK, ox.Literal("kept"))  # a new graph may have them
    for version, digest in (([*V1, blank], "one"), (V2, "two")):
        sizes = [s.replace_large(G, GraphContent(version, digest)) for s in (on_disk, in_memory)]
        assert sizes == [len(version)] * 2
        assert len(content(on_disk)) == len(version)
        assert {t for t in content(on_disk) if "_:" not in t} == {
            t for t in content(in_memory) if "_:" not in t
        }
        assert (
            entry(on_disk)
            == entry(in_memory)
            == {
                "http://rdfs.org/ns/void#triples": str(len(version)),
                "https://w3id.org/ndsgraph/def/contentHash": digest,
            }
        )
    assert journal.left(tmp_path / "store") == []


CUT_OFF_IMPORT = """
    import os, sys
    from pathlib import Path
    import ndsgraph.store as st
    from ndsgraph.importers import internetnl
    st._BULK_FROM = 0  # the fixtures are small: written the bulk way all the same
    st.OxigraphStore.finish_graph = lambda *args, **kwargs: os._exit(3)
    store, home, domains, *files = map(Path, sys.argv[1:])
    batches, mapping = internetnl.read_files(files, domains)
    internetnl.import_batches(st.OxigraphStore(store), home, batches, mapping)
"""


def test_an_import_killed_before_its_last_transaction_leaves_no_part_and_can_be_repeated(
    tmp_path,
):
    store_path, home = tmp_path / "store", tmp_path / "home"
    list(bundled.load_bundled(OxigraphStore(store_path, create=True), progress=False))
    files = [FIXTURES / "web-v2.json", FIXTURES / "mail-v2.json"]
    domains = FIXTURES / "domains.csv"
    status = run(CUT_OFF_IMPORT, str(store_path), str(home), str(domains), *map(str, files))
    assert status == 3  # killed at the last transaction, after the bulk part
    batches, mapping = internetnl.read_files(files, domains)
    graph = batches[0].graph
    half = OxigraphStore(store_path, read_only=True)  # as the crash left it: part of a graph
    assert half.has_graph(graph) and entry(half, graph) == {}
    del half

    store = OxigraphStore(store_path)  # opened again: the part is gone before anyone reads
    assert not store.has_graph(graph) and entry(store, graph) == {}
    assert journal.left(store_path) == []
    assert register.unjudged(home)  # and the register knows a write was cut off

    summary = internetnl.import_batches(store, home, batches, mapping)
    assert set(summary.graphs) <= set(store.graphs())
    assert all(entry(store, g) for g in summary.graphs)


CUT_OFF_REPLACE = """
    import os, sys
    from pathlib import Path
    import pyoxigraph as ox
    import ndsgraph.store as st
    from ndsgraph.store import journal
    target = st.OxigraphStore if sys.argv[2] == "finish_graph" else journal
    setattr(target, sys.argv[2], lambda *args, **kwargs: os._exit(3))
    store = st.OxigraphStore(Path(sys.argv[1]))
    version = ox.parse(path=sys.argv[3], format=ox.RdfFormat.N_TRIPLES)
    store.replace_large(sys.argv[4], st.GraphContent([q.triple for q in version], "two"))
"""


@pytest.mark.parametrize(
    "moment", ["finish_graph", "done"], ids=["before-last-transaction", "after-it"]
)
def test_a_replace_killed_before_it_was_acknowledged_leaves_the_old_graph(tmp_path, moment):
    store_path, file = tmp_path / "store", tmp_path / "two.nt"
    store = OxigraphStore(store_path, create=True)
    store.replace_large(G, GraphContent(V1, "one"))
    before = content(store), entry(store)
    del store
    ox.serialize(V2, output=str(file), format=ox.RdfFormat.N_TRIPLES)

    assert run(CUT_OFF_REPLACE, str(store_path), moment, str(file), G) == 3
    store = OxigraphStore(store_path)
    assert (content(store), entry(store)) == before
    assert store.replace_large(G, GraphContent(V2, "two")) == len(V2)
    assert (
        len(content(store)) == len(V2)
        and entry(store)["https://w3id.org/ndsgraph/def/contentHash"] == "two"
    )


def test_a_snapshot_taken_during_a_bulk_write_waits_and_shows_the_graph_whole(tmp_path):
    store = OxigraphStore(tmp_path / "store", create=True)
    finishing, go = threading.Event(), threading.Event()
    finish = store.finish_graph

    def held(*args, **kwargs):  # the bulk part is in: hold the write before its last step
        finishing.set()
        go.wait(timeout=60)
        return finish(*args, **kwargs)

    store.finish_graph = held
    writer = threading.Thread(target=store.replace_large, args=(G, GraphContent(V1, "one")))
    writer.start()
    assert finishing.wait(timeout=60)
    reader = threading.Thread(target=store.snapshot, args=(tmp_path / "snapshot",))
    reader.start()
    time.sleep(0.5)
    assert reader.is_alive()  # it waits for the write
    go.set()
    writer.join(timeout=60)
    reader.join(timeout=60)
    snapshot = OxigraphStore(tmp_path / "snapshot", read_only=True)
    assert len(content(snapshot)) == len(V1) and entry(snapshot)


def test_every_backend_replaces_a_large_graph_whole(store):
    store.replace_large(G, GraphContent(V1[:12_000], "one"))
    store.replace_large(G, GraphContent(V2[:14_000], "two"))
    assert store.count(G) == 14_000 and store.content_hash(G) == "two"
