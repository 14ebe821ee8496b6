"""The store replaces named graphs atomically and queries their union."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from ndsgraph.errors import InputError, QueryError, StoreError
from ndsgraph.intake import rdfio
from ndsgraph.store import GraphContent, OxigraphStore, bundled, snapshot
from ndsgraph.vocabulary import CATALOGUE_GRAPH

from .conftest import DATA

G1 = "https://example.org/graph/one"
G2 = "https://example.org/graph/two"


def triples(name: str) -> list[ox.Triple]:
    path = DATA / name
    return [
        q.triple for q in rdfio.parse(path.read_bytes(), rdfio.format_for_path(path), source=name)
    ]


def turtle(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode(), ox.RdfFormat.TURTLE)]


def names(store: OxigraphStore) -> set[str]:
    rows = store.query("SELECT ?n WHERE { ?s <https://example.org/name> ?n }")
    return {row["n"].value for row in rows}


def test_replace_graph_swaps_content_and_records_hash(store):
    store.replace_graph(G1, triples("small.ttl"), content_hash="abc")
    assert names(store) == {"A", "B"}
    store.replace_graph(G1, triples("replacement.ttl"), content_hash="def")
    assert names(store) == {"C"}
    assert store.content_hash(G1) == "def"
    assert store.count(G1) == 1


@pytest.mark.parametrize(
    "before",
    [
        '<https://example.org/a> <https://example.org/name> "A", "old" ; <https://example.org/n> 1 .',
        '_:x <https://example.org/name> "A" . <https://example.org/a> <https://example.org/n> 01 .',
    ],
    ids=["difference written", "blank nodes: replaced whole"],
)
def test_replacing_a_graph_with_a_little_changed_leaves_exactly_the_new_content(store, before):
    store.replace_graph(G1, turtle(before), content_hash="v1")
    after = turtle(
        '<https://example.org/a> <https://example.org/name> "A", "new" ; <https://example.org/n> 1 .'
    )
    assert store.replace_graph(G1, after, content_hash="v2") == 3
    assert set(store.graph_triples(G1)) == set(after)
    assert store.content_hash(G1) == "v2" and store.graphs()[G1] == 3


def test_default_graph_is_the_union_of_named_graphs(store):
    store.replace_graph(G1, triples("small.ttl"))
    store.replace_graph(G2, triples("replacement.ttl"))
    assert names(store) == {"A", "B", "C"}
    assert store.graphs()[G1] == 3 and store.graphs()[G2] == 1


def test_unnamed_iris_are_those_no_statement_names_as_subject_or_object(store):
    store.replace_graph(
        G1, turtle("<https://example.org/a> <https://example.org/p> <https://example.org/b> .")
    )
    asked = {f"https://example.org/{name}" for name in ("a", "b", "p", "new")}
    unnamed = {"https://example.org/p", "https://example.org/new"}
    # a remote store tells none: every IRI may be named, so every lookup is made
    assert store.unnamed(asked) == (unnamed if isinstance(store, OxigraphStore) else set())


def test_failed_load_leaves_previous_graph_intact(store, tmp_path):
    bundled.load_file(store, DATA / "small.ttl", G1)
    with pytest.raises(InputError, match=r"broken-late.ttl: line 5, column \d+"):
        bundled.load_file(store, DATA / "broken-late.ttl", G1)
    assert names(store) == {"A", "B"}
    assert store.content_hash(G1) == bundled.sha256((DATA / "small.ttl").read_bytes())


def test_replace_graphs_changes_all_or_nothing(store):
    store.replace_graph(G1, triples("small.ttl"))
    bad = [
        ox.Triple(
            ox.NamedNode("https://example.org/s"),
            ox.NamedNode("https://example.org/p"),
            ox.Literal("x"),
        )
    ]
    # The second graph name is not a valid IRI inside the update: the whole update is refused.
    with pytest.raises(QueryError):
        store.replace_graphs({G2: GraphContent(bad), "not an iri": GraphContent(bad)})
    assert names(store) == {"A", "B"}
    assert G2 not in store.graphs()


def test_load_skips_unchanged_files_and_reloads_changed_ones(store, tmp_path: Path):
    path = tmp_path / "data.ttl"
    path.write_bytes((DATA / "small.ttl").read_bytes())
    assert bundled.load_file(store, path, G1, force=False).changed
    assert not bundled.load_file(store, path, G1, force=False).changed
    path.write_bytes((DATA / "replacement.ttl").read_bytes())
    assert bundled.load_file(store, path, G1, force=False).changed
    assert names(store) == {"C"}


def test_on_disk_store_keeps_graphs_across_reopening(tmp_path):
    first = OxigraphStore(tmp_path / "store", create=True)
    first.replace_graph(G1, triples("small.ttl"))
    first.flush()
    del first
    assert names(OxigraphStore(tmp_path / "store")) == {"A", "B"}


def test_dump_writes_every_named_graph_as_trig(store):
    store.replace_graph(G1, triples("small.ttl"))
    dumped = rdfio.parse(store.dump(ox.RdfFormat.TRIG), ox.RdfFormat.TRIG, source="dump")
    # exactly ndsgraph's graphs: a server's own (Virtuoso's system graphs) are left out
    assert {q.graph_name.value for q in dumped} == {G1, CATALOGUE_GRAPH.value}


def test_ask_answers_a_boolean(store):
    store.replace_graph(G1, triples("small.ttl"))
    assert store.has_graph(G1) is True
    assert store.has_graph(G2) is False


def test_a_bound_parameter_starts_a_transitive_path(store):
    p = ox.NamedNode("https://example.org/dependsOn")
    a, b, c = (ox.NamedNode(f"https://example.org/{n}") for n in "abc")
    store.replace_graph(G1, [ox.Triple(a, p, b), ox.Triple(b, p, c)])
    rows = store.query(
        f"SELECT ?start ?d WHERE {{ ?start <{p.value}>+ ?d }}",
        substitutions={ox.Variable("start"): a},
    )
    assert {row["d"].value for row in rows} == {b.value, c.value}


def test_bad_query_names_the_position(store):
    with pytest.raises(QueryError, match="1:"):
        store.query("SELEC * WHERE { ?s ?p ?o }")


def test_bulk_replace_loads_a_file_and_records_it_last(store, tmp_path):
    store.replace_graph(G1, triples("small.ttl"))
    path = tmp_path / "big.nt"
    path.write_text(
        "\n".join(
            f'<https://example.org/{i}> <https://example.org/name> "{i}" .' for i in range(500)
        )
    )
    size = store.bulk_replace(G1, path, ox.RdfFormat.N_TRIPLES, content_hash="bulk")
    assert size == store.count(G1) == 500
    assert "A" not in names(store)
    assert store.content_hash(G1) == "bulk"


def test_a_missing_store_directory_is_refused_unless_creation_is_asked(tmp_path):
    missing = tmp_path / "typo" / "store"
    with pytest.raises(StoreError, match="no store at"):
        OxigraphStore(missing)
    assert not (tmp_path / "typo").exists()
    OxigraphStore(missing, create=True)
    assert missing.is_dir()


def test_the_snapshot_lists_the_graphs_without_counting_them_and_an_empty_one_changes_nothing():
    store = OxigraphStore()
    triple = ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"))
    store.replace_graph("urn:g:b", [triple])
    store.replace_graph("urn:g:a", [ox.Triple(triple.subject, triple.predicate, ox.Literal("2"))])
    assert store.graph_names() == list(store.graphs())  # the catalogue, urn:g:a, urn:g:b
    data, digest = snapshot.asserted_ntriples(store)
    store._store.add_graph(ox.NamedNode("urn:g:empty"))  # named, with nothing in it
    assert "urn:g:empty" in store.graph_names() and "urn:g:empty" not in store.graphs()
    assert snapshot.asserted_ntriples(store) == (data, digest)
    assert data.count(b"\n") == 2  # the catalogue is not asserted data
