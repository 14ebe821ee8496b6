"""Running queries for the web layer: every evaluation is a job for the app's evaluator
(``evaluators``), within its time, size and concurrency limits. Jobs are small picklable
values, because the evaluator may run them in a worker process."""

import contextlib
import functools
import pickle
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import pyoxigraph as ox
from flask import Response, current_app
from flask import request as http_request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

from ndsgraph.store import Store, Term
from ndsgraph_server.answer_cache import AnswerCache, cacheable
from ndsgraph_server.evaluators import Evaluator
from ndsgraph_server.limits import Busy, LimitedWriter, ResultTooLarge
from ndsgraph_server.negotiation import (
    BOOLEAN_TABLES,
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    negotiate,
)

MAX_TABLE_ROWS = 5000
T = TypeVar("T")
OFFERS = {
    "solutions": SOLUTION_TYPES,
    "boolean": {**BOOLEAN_TYPES, **BOOLEAN_TABLES},
    "graph": GRAPH_TYPES,
}


@dataclass(frozen=True)
class Cell:
    """A result value as plain data (pyoxigraph terms stay in the process that made them)."""

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


def evaluator() -> Evaluator:
    return current_app.extensions["ndsgraph.runner"]


@dataclass(frozen=True)
class Answer:
    """Evaluate a query and serialise it in the media type chosen for its kind of result
    (``None``: the client accepts none of that kind's offers)."""

    text: str
    media_types: tuple[tuple[str, str | None], ...]  # (kind, media type) for each kind
    substitutions: tuple[tuple[ox.Variable, Term], ...] = ()
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None

    def __call__(self, store: Store, writer: LimitedWriter) -> tuple[bytes, str, str | None]:
        result = store.query(
            self.text,
            substitutions=dict(self.substitutions) or None,
            default_graph=list(self.default_graphs) if self.default_graphs else None,
            named_graphs=None if self.named_graphs is None else list(self.named_graphs),
            base_iri=self.base_iri,
        )
        try:
            kind = (
                "graph"
                if isinstance(result, ox.QueryTriples)
                else "boolean"
                if isinstance(result, ox.QueryBoolean)
                else "solutions"
            )
            media_type = dict(self.media_types)[kind]
            if media_type is None:
                return b"", kind, None
            if kind == "graph":
                ox.serialize(result, writer, GRAPH_TYPES[media_type])
            elif kind == "boolean" and media_type in BOOLEAN_TABLES:  # as Jena/Fuseki do
                header, end = BOOLEAN_TABLES[media_type]
                writer.write(f"{header}{end}{'true' if result else 'false'}{end}".encode())
            else:
                result.serialize(writer, OFFERS[kind][media_type])
            return writer.buffer.getvalue(), kind, media_type
        finally:
            del result  # pyoxigraph results must be dropped on the thread that made them


@functools.lru_cache(maxsize=256)  # clients send few different Accept headers, and often
def _choices(accept: str) -> tuple[tuple[str, str | None], ...]:
    """The negotiated media type for each kind of result, before knowing which one comes."""
    parsed = parse_accept_header(accept, MIMEAccept)
    chosen = []
    for kind, offers in OFFERS.items():
        try:
            chosen.append((kind, negotiate(parsed, offers)))
        except NotAcceptable:
            chosen.append((kind, None))
    return tuple(chosen)


def _kept(
    key: Hashable, evaluate: Callable[[], tuple[bytes, str]], cacheable: bool = True
) -> tuple[bytes, str]:
    """An answer from the answer cache while the data is unchanged, else ``evaluate()``'s
    (kept for next time). A request with ``Cache-Control: no-cache`` is evaluated anew."""
    cache: AnswerCache | None = current_app.extensions.get("ndsgraph.answers")
    version = current_app.extensions["ndsgraph.store"].version()
    kept = cache is not None and version is not None and cacheable
    fresh = bool(http_request.cache_control.no_cache)
    answer = cache.get(version, key) if kept and not fresh else None
    if answer is None:
        answer = evaluate()
        if kept:
            cache.put(version, key, *answer)
    return answer


def serialized(
    text: str,
    accept: MIMEAccept,
    *,
    substitutions: dict[ox.Variable, Term] | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    adhoc: bool = False,
) -> Response:
    """Evaluate and serialise in the negotiated format. An ``adhoc`` query (free text from
    /sparql, or a stored query asked of the whole landscape) takes one of the ad-hoc slots
    too, when it is evaluated (not when its answer is kept): see ``adhoc_slot``."""
    job = Answer(
        text,
        _choices(accept.to_header()),
        tuple(sorted((substitutions or {}).items(), key=lambda item: item[0].value)),
        tuple(default_graphs) if default_graphs else None,
        tuple(named_graphs)
        if named_graphs is not None and (named_graphs or default_graphs)
        else None,
        base_iri,
    )
    key = (job.text, tuple((str(k), str(v)) for k, v in job.substitutions), job.default_graphs)
    key += (job.named_graphs, base_iri, job.media_types)
    bound = frozenset(variable.value for variable, _ in job.substitutions)

    def evaluate() -> tuple[bytes, str]:
        with adhoc_slot(adhoc):
            body, kind, media_type = evaluator().run(job)
        if media_type is None:
            raise NotAcceptable(f"none of {', '.join(OFFERS[kind])} is acceptable")
        return body, media_type

    answer = _kept(key, evaluate, cacheable(text, bound))
    body, media_type = answer
    return Response(body, content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


@contextlib.contextmanager
def adhoc_slot(taken: bool = True) -> Iterator[None]:
    """One of the ad-hoc slots (none when not ``taken``), which leave pages and narrow
    stored queries a query worker even when anyone's runaway queries fill them. A query
    waits for one as for a worker, as long as the time limit (eight clients at once are
    served in turn, as before); none free by then is ``Busy``."""
    if not taken:
        yield
        return
    slots = current_app.extensions["ndsgraph.adhoc"]
    limits = evaluator().limits
    if not slots.acquire(timeout=limits.timeout or None):
        raise Busy(
            f"{limits.adhoc_slots} ad-hoc queries were running all the time this one waited, "
            f"the most this endpoint evaluates at once (NDSGRAPH_MAX_ADHOC_QUERIES): try again "
            f"later"
        )
    try:
        yield
    finally:
        slots.release()


@dataclass(frozen=True)
class Rows:
    """Evaluate a SELECT into plain rows (names, rows of cells), for pages."""

    text: str
    substitutions: tuple[tuple[ox.Variable, Term], ...] = ()

    def __call__(
        self, store: Store, writer: LimitedWriter
    ) -> tuple[list[str], list[dict[str, Cell | None]]]:
        result = store.query(self.text, substitutions=dict(self.substitutions) or None)
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
            return names, rows
        finally:
            del result


def table(
    text: str, substitutions: dict[ox.Variable, Term] | None = None, adhoc: bool = False
) -> tuple[list[str], list[dict[str, Cell | None]]]:
    """Evaluate a SELECT into plain rows, for pages (in an ad-hoc slot if ``adhoc``)."""
    with adhoc_slot(adhoc):
        return evaluator().run(Rows(text, tuple((substitutions or {}).items())))


@dataclass(frozen=True)
class Computed:
    """A library function of the store, with its other arguments (for pages)."""

    work: Callable[..., object]
    arguments: tuple = ()

    def __call__(self, store: Store, writer: LimitedWriter) -> object:
        return self.work(store, *self.arguments)


def evaluate(work: Callable[..., T], *arguments: object) -> T:
    """``work(store, *arguments)`` within the evaluator's limits, not kept (an upload's
    dry run: every one differs); ``work`` must be a module-level function."""
    return evaluator().run(Computed(work, arguments))


def compute(work: Callable[..., T], *arguments: Hashable, adhoc: bool = False) -> T:
    """``work(store, *arguments)`` within the evaluator's limits (and an ad-hoc slot if
    ``adhoc``); ``work`` must be a module-level function (it may travel to a worker process).
    Its result is kept like a query's answer, for the day (pages compare with today's date)."""
    key = ("computed", work.__module__, work.__qualname__, arguments, date.today().isoformat())

    def evaluate() -> tuple[bytes, str]:
        with adhoc_slot(adhoc):
            computed = evaluator().run(Computed(work, arguments))
        return pickle.dumps(computed), "application/x-pickle"

    body, _ = _kept(key, evaluate)
    return pickle.loads(body)  # made by this process, a moment or a cache entry ago
