"""Repeated queries are answered from memory while the data is unchanged, and never after a
write: the cache is keyed to the store's version, which every update changes."""

import pytest
from ndsgraph_server import create_app
from ndsgraph_server.answer_cache import AnswerCache, cacheable
from ndsgraph_server.execution import compute

from ndsgraph.errors import QueryError
from ndsgraph.store import OxigraphStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ACCEPT = {"Accept": "text/csv"}


@pytest.fixture
def store() -> OxigraphStore:
    store = OxigraphStore()
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 } }")
    return store


def test_a_repeated_query_is_served_from_memory_until_a_write(store):
    client = create_app(store).test_client()
    answers = client.application.extensions["ndsgraph.answers"]
    first = client.get("/sparql", query_string={"query": COUNT}, headers=ACCEPT)
    again = client.get("/sparql", query_string={"query": COUNT}, headers=ACCEPT)
    assert first.text == again.text == "n\r\n1\r\n"
    assert answers.hits == 1
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:b> <urn:p> 2 } }")  # e.g. a submission
    after = client.get("/sparql", query_string={"query": COUNT}, headers=ACCEPT)
    assert after.text == "n\r\n2\r\n"
    assert answers.hits == 1


def test_no_cache_in_the_request_asks_for_a_new_evaluation(store):
    client = create_app(store).test_client()
    answers = client.application.extensions["ndsgraph.answers"]
    client.get("/sparql", query_string={"query": COUNT}, headers=ACCEPT)
    fresh = client.get(
        "/sparql", query_string={"query": COUNT}, headers={**ACCEPT, "Cache-Control": "no-cache"}
    )
    assert fresh.text == "n\r\n1\r\n" and answers.hits == 0
    client.get("/sparql", query_string={"query": COUNT}, headers=ACCEPT)
    assert answers.hits == 1


def test_the_answer_depends_on_the_negotiated_format_and_the_dataset(store):
    client = create_app(store).test_client()
    as_csv = client.get("/sparql", query_string={"query": COUNT}, headers=ACCEPT)
    as_json = client.get(
        "/sparql",
        query_string={"query": COUNT},
        headers={"Accept": "application/sparql-results+json"},
    )
    empty_dataset = client.get(
        "/sparql", query_string={"query": COUNT, "default-graph-uri": "urn:none"}, headers=ACCEPT
    )
    assert as_csv.mimetype == "text/csv" and as_json.mimetype == "application/sparql-results+json"
    assert empty_dataset.text == "n\r\n0\r\n"


def test_a_failed_write_still_changes_the_version(store):
    before = store.version()
    with pytest.raises(QueryError):
        store.update("INSERT DATA { not sparql }")
    assert store.version() != before


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        (COUNT, True),
        ("SELECT (NOW() AS ?t) WHERE {}", False),
        ("SELECT ?x WHERE { BIND(RAND() AS ?x) }", False),
        ("SELECT ?x WHERE { BIND(struuid () AS ?x) }", False),
        ('SELECT ?x WHERE { ?x ?p "NOW()" }', True),
    ],
)
def test_answers_that_depend_on_the_moment_are_not_kept(query, kept):
    assert cacheable(query) is kept


DEFAULT_TODAY = "SELECT ?x WHERE { ?x ?p ?d FILTER(?d < COALESCE(?date, xsd:date(STR(NOW())))) }"


@pytest.mark.parametrize(
    ("query", "bound", "kept"),
    [
        (DEFAULT_TODAY, {"date"}, True),  # the fallback to NOW() is never reached
        (DEFAULT_TODAY, set(), False),
        (DEFAULT_TODAY, {"other"}, False),
        (DEFAULT_TODAY.replace("?x ?p", "?x ?p ?t BIND(NOW() AS ?t) ?x ?q"), {"date"}, False),
    ],
)
def test_now_as_the_default_of_a_bound_parameter_does_not_count(query, bound, kept):
    assert cacheable(query, frozenset(bound)) is kept


def test_the_cache_stays_within_its_bytes_and_drops_answers_of_older_versions():
    cache = AnswerCache(max_bytes=800)
    for index in range(10):
        cache.put(1, index, b"x" * 100, "text/csv")
    assert cache.get(1, 0) is None and cache.get(1, 9) == (b"x" * 100, "text/csv")
    cache.put(2, "new", b"y", "text/csv")
    assert cache.get(1, 9) is None
    cache.put(1, "late", b"y", "text/csv")  # evaluated before the write, finished after it
    assert cache.get(1, "late") is None and cache.get(2, "new") == (b"y", "text/csv")
    cache.put(2, "big", b"z" * 200, "text/csv")  # a quarter: kept
    cache.put(2, "huge", b"z" * 201, "text/csv")  # more than a quarter: not kept
    assert cache.get(2, "big") is not None and cache.get(2, "huge") is None


def test_a_store_others_may_write_to_is_not_cached(oxigraph_server):
    from ndsgraph.config import open_store

    assert open_store(oxigraph_server).version() is None


def test_a_stored_query_whose_today_default_is_bound_is_cached_and_its_default_is_not(store):
    """As SPARQL results: a CSV answer for people is a computed page, kept for the day."""
    client = create_app(store).test_client()
    accept = {"Accept": "application/sparql-results+json"}
    answers = client.application.extensions["ndsgraph.answers"]
    path = "/api/queries/legacy-past-end-of-life"
    for _ in range(2):
        dated = client.get(path, query_string={"date": "2026-11-01"}, headers=accept)
        assert dated.status_code == 200
    assert answers.hits == 1
    for _ in range(2):
        assert client.get(path, headers=accept).status_code == 200  # today: asks NOW()
    assert answers.hits == 1


COMPUTED: list[int] = []


def _size(store) -> int:
    """A page's library function: how often it really ran is noted."""
    COMPUTED.append(1)
    return store.count()


def test_a_page_computed_from_the_data_is_kept_until_a_write(store):
    with create_app(store).test_request_context("/"):
        assert compute(_size) == compute(_size) == 1
        assert len(COMPUTED) == 1
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:b> <urn:p> 2 } }")
        assert compute(_size) == 2
        assert len(COMPUTED) == 2
