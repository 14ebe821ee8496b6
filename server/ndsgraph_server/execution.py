"""Running queries for the web layer, always through the query runner's limits."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox
from flask import Response, current_app
from flask import request as http_request
from werkzeug.datastructures import MIMEAccept

from ndsgraph.answer_cache import AnswerCache, cacheable
from ndsgraph.limits import LimitedWriter, QueryRunner, ResultTooLarge
from ndsgraph.store import Store, Term
from ndsgraph_server.negotiation import BOOLEAN_TYPES, GRAPH_TYPES, SOLUTION_TYPES, negotiate

MAX_TABLE_ROWS = 5000
T = TypeVar("T")


@dataclass(frozen=True)
class Cell:
    """A result value as plain data (pyoxigraph terms stay on the thread that made them)."""

    kind: str  # "iri", "literal", "bnode"
    value: str
    language: str | None = None
    datatype: str | None = None


def _cell(term: Term | None) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    return Cell(
        "literal", term.value, term.language, term.datatype.value if term.datatype else None
    )


def _context() -> tuple[Store, QueryRunner]:
    return current_app.extensions["ndsgraph.store"], current_app.extensions["ndsgraph.runner"]


def serialized(
    text: str,
    accept: MIMEAccept,
    *,
    substitutions: dict[ox.Variable, Term] | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
) -> Response:
    """Evaluate and serialise in the negotiated format."""
    store, runner = _context()

    def evaluate(writer: LimitedWriter) -> str:
        result = store.query(
            text,
            substitutions=substitutions,
            default_graph=default_graphs,
            named_graphs=named_graphs if named_graphs or default_graphs else None,
            base_iri=base_iri,
        )
        try:
            if isinstance(result, ox.QueryTriples):
                media_type = negotiate(accept, GRAPH_TYPES)
                ox.serialize(result, writer, GRAPH_TYPES[media_type])
            else:
                offers = BOOLEAN_TYPES if isinstance(result, ox.QueryBoolean) else SOLUTION_TYPES
                media_type = negotiate(accept, offers)
                result.serialize(writer, offers[media_type])
            return media_type
        finally:
            del result  # pyoxigraph results must be dropped on the thread that made them

    cache: AnswerCache | None = current_app.extensions.get("ndsgraph.answers")
    version = store.version()
    key = (
        text,
        tuple(sorted((str(k), str(v)) for k, v in (substitutions or {}).items())),
        tuple(default_graphs or ()),
        tuple(named_graphs or ()),
        base_iri,
        str(accept),
    )
    bound = frozenset(variable.value for variable in substitutions or {})
    kept = cache is not None and version is not None and cacheable(text, bound)
    fresh = bool(http_request.cache_control.no_cache)  # the client asks for a new evaluation
    answer = cache.get(version, key) if kept and not fresh else None
    if answer is None:
        answer = runner.run(evaluate)
        if kept:
            cache.put(version, key, *answer)
    body, media_type = answer
    return Response(body, content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


def table(
    text: str, substitutions: dict[ox.Variable, Term] | None = None
) -> tuple[list[str], list[dict[str, Cell]]]:
    """Evaluate a SELECT into plain rows, for pages."""
    store, runner = _context()
    found: dict[str, object] = {}

    def evaluate(writer: LimitedWriter) -> str:
        result = store.query(text, substitutions=substitutions)
        try:
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) >= MAX_TABLE_ROWS:
                    raise ResultTooLarge(
                        f"more than {MAX_TABLE_ROWS} rows: use the CSV or JSON form"
                    )
                writer.check_deadline()
                rows.append({n: _cell(solution[n]) for n in names})
            found.update(names=names, rows=rows)
            return "text/html"
        finally:
            del result

    runner.run(evaluate)
    return found["names"], found["rows"]


def compute(work: Callable[[Store], T]) -> T:
    """Run a library function over the store within the runner's limits (for pages)."""
    store, runner = _context()
    found: list[T] = []

    def evaluate(writer: LimitedWriter) -> str:
        found.append(work(store))
        return "text/html"

    runner.run(evaluate)
    return found[0]
