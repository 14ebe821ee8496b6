"""Stored queries: ``.rq`` files whose header says what they answer and which parameters they take.

Header lines, before the query text, one language per key (Dutch, the compass's own, and
English)::

    # title: Transitieve afhankelijkheden van een bouwsteen
    # title-en: Transitive dependencies of a building block
    # description: Elke bouwsteen die X nodig heeft, direct of indirect.
    # description-en: Every building block that X needs, directly or indirectly.
    # param: block iri The building block
    # param-nl: block De bouwsteen
    # audience: internal

A parameter's description is English; ``param-nl`` gives it in Dutch (by the parameter's
name, after its ``param`` line).

``audience: internal`` marks a query that a page runs but people do not ask: the query UI
does not offer it as a tab, the API still serves it.

Parameters are bound with SPARQL substitutions (SEP-0007), never pasted into text. A parameter
of type ``concept:SCHEME`` takes the notation of a concept of ``begrip/SCHEME`` (the
vocabulary, ``ontology/vocabularies.ttl``), or its IRI, and is bound to that concept's IRI.
One of type ``organisation`` is bound to an organisation's IRI; who reads it from a person
(the server) takes the organisation's code too (``register.selection.organisation``).
"""

import functools
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pyoxigraph as ox

from ndsgraph import resources
from ndsgraph.errors import InputError, UnknownQuery, shown
from ndsgraph.sparql.sparql_text import query_form
from ndsgraph.store import QueryResult, Store, Term
from ndsgraph.vocabulary import CONCEPT, SKOS, XSD

AUDIENCES = ("public", "internal")
PARAM_TYPES = (
    "iri",
    "organisation",
    "run",
    "moment",
    "string",
    "integer",
    "decimal",
    "date",
    "boolean",
)
CONCEPT_TYPE = "concept:"  # followed by the name of a concept scheme under begrip/
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # a date names a Dutch day
_EXPECTED = {
    "moment": "a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SS)",
    "run": "a validation run's IRI",
    "organisation": "an organisation's IRI",
}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str  # English
    description_nl: str = ""

    def description_in(self, language: str) -> str:
        """The description in ``language``; English where no Dutch one is given."""
        return (self.description_nl if language == "nl" else "") or self.description


@dataclass(frozen=True)
class StoredQuery:
    name: str
    title: str  # Dutch
    description: str  # Dutch
    text: str
    parameters: tuple[Parameter, ...] = field(default=())
    title_en: str = ""
    description_en: str = ""
    audience: str = "public"  # or "internal": a page runs it, people do not ask it

    def title_in(self, language: str) -> str:
        """The title in ``language`` ("nl" or "en"); Dutch where no English one is given."""
        return (self.title_en if language == "en" else "") or self.title

    def description_in(self, language: str) -> str:
        """The description in ``language``; Dutch where no English one is given."""
        return (self.description_en if language == "en" else "") or self.description

    @property
    def asked(self) -> bool:
        """Whether people ask this query (the query UI offers it), not only a page."""
        return self.audience != "internal"

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return query_form(self.text)

    @functools.cached_property
    def projection(self) -> tuple[str, ...]:
        """The variables of a SELECT query's answer, in order (none for another form), as
        Oxigraph parses the query: an empty store answers it at once, and no second parser
        of SPARQL reads it differently."""
        if self.form != "SELECT":
            return ()
        return tuple(v.value for v in ox.Store().query(self.text).variables)

    def bind(self, values: dict[str, str]) -> dict[ox.Variable, Term]:
        """Turn text values into typed RDF terms; unknown or malformed values are input errors."""
        known = {p.name: p for p in self.parameters}
        unknown = set(values) - set(known)
        if unknown:
            names = shown(", ".join(sorted(unknown)))
            raise InputError(f"query '{self.name}' has no parameter {names}")
        bound = {ox.Variable(name): _term(known[name], value) for name, value in values.items()}
        _in_order(known, values)
        return bound


def _in_order(known: dict[str, Parameter], values: dict[str, str]) -> None:
    """A span's ``from`` moment must not come after its ``to`` (without ``to``: now): the
    answer would be a change told backwards, or a comparison with a future no run has seen."""
    if "from" not in values or known["from"].type != "moment":
        return
    earlier, later = values["from"], values.get("to")
    if later is not None and known["to"].type != "moment":
        return
    if comes_after(earlier, later):
        name = shown(earlier)
        if later is None:
            raise InputError(
                f"parameter 'from' ({name}) is after today (without 'to' the span ends now)",
                nl=f"parameter 'from' ({name}) ligt na vandaag (zonder 'to' eindigt de periode nu)",
            )
        raise InputError(
            f"parameter 'from' ({name}) comes after parameter 'to' ({shown(later)})",
            nl=f"parameter 'from' ({name}) ligt na parameter 'to' ({shown(later)})",
        )


def comes_after(earlier: str, later: str | None = None) -> bool:
    """Whether the moment ``earlier`` (a date or a time, see ``moment``) comes after
    ``later`` (None: today, which as a date is its end: a span from today up to now is
    asked for as often as one from yesterday)."""
    today = datetime.now(LOCAL_TIME).date().isoformat()
    return datetime.fromisoformat(moment(earlier)) > datetime.fromisoformat(moment(later or today))


def _boolean(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(value)
    return value == "true"


_CHECKS = {"integer": int, "decimal": Decimal, "date": date.fromisoformat, "boolean": _boolean}


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")


def moment(value: str) -> str:
    """A date or a time as an xsd:dateTime in UTC as the store keeps times: a date means the
    end of that day in the Netherlands (the register "as of 1 December" includes that day), a
    time without a zone Dutch time. Only these two ISO 8601 forms (no week dates, no compact
    forms); anything else, or a moment outside the years 1-9999 in UTC, is a ValueError."""
    if _DATE.fullmatch(value):
        end = datetime.combine(date.fromisoformat(value), time.max, tzinfo=LOCAL_TIME)
    elif _TIME.fullmatch(value):
        end = datetime.fromisoformat(value)
        if end.tzinfo is None:
            end = end.replace(tzinfo=LOCAL_TIME)
    else:
        raise ValueError(value)
    try:
        utc = end.astimezone(UTC)
    except OverflowError:
        raise ValueError(value) from None
    stamp = f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}.{utc.microsecond:06d}"
    return stamp.rstrip("0").rstrip(".") + "Z"


@functools.cache
def concepts(scheme: str) -> Mapping[str, ox.NamedNode]:
    """The concepts of the scheme begrip/``scheme`` by their notation, read from the vocabulary."""
    iri = CONCEPT[scheme]
    triples = [
        q.triple
        for q in ox.parse(
            path=str(resources.ontology_dir() / "vocabularies.ttl"), format=ox.RdfFormat.TURTLE
        )
    ]
    members = {t.subject for t in triples if t.predicate == SKOS.inScheme and t.object == iri}
    return MappingProxyType(
        {
            t.object.value: t.subject
            for t in triples
            if t.subject in members and t.predicate == SKOS.notation
        }
    )


def _concept(parameter: Parameter, value: str) -> ox.NamedNode:
    scheme = parameter.type.removeprefix(CONCEPT_TYPE)
    known = concepts(scheme)
    if value in known:
        return known[value]
    if any(value == concept.value for concept in known.values()):
        return ox.NamedNode(value)
    raise InputError(
        f"parameter '{parameter.name}' must be one of {', '.join(sorted(known))} "
        f"(begrip/{scheme}) or its IRI, got '{shown(value)}'"
    )


def _term(parameter: Parameter, value: str) -> Term:
    if parameter.type.startswith(CONCEPT_TYPE):
        return _concept(parameter, value)
    try:
        # a run or an organisation: its IRI, after runs.named or selection.organisation
        if parameter.type in ("iri", "organisation", "run"):
            return ox.NamedNode(value)
        if parameter.type == "moment":
            return ox.Literal(moment(value), datatype=XSD.dateTime)
        if parameter.type == "string":
            return ox.Literal(value)
        _CHECKS[parameter.type](value)
        return ox.Literal(value, datatype=XSD[parameter.type])
    except (ValueError, ArithmeticError):
        raise InputError(
            f"parameter '{parameter.name}' must be {_EXPECTED.get(parameter.type, parameter.type)},"
            f" got '{shown(value)}'"
        ) from None


HEADER_KEYS = ("title", "title-en", "description", "description-en", "audience")


def parse_stored_query(name: str, text: str) -> StoredQuery:
    """A stored query from its ``.rq`` text: the header comment (see the module's docstring)
    and the query; a parameter type or audience we do not know is an error naming it."""
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if key == "param":
            pname, ptype, *rest = value.split(maxsplit=2)
            scheme = ptype.removeprefix(CONCEPT_TYPE) if ptype.startswith(CONCEPT_TYPE) else None
            if ptype not in PARAM_TYPES and not (scheme and concepts(scheme)):
                raise InputError(f"query '{name}': parameter '{pname}' has unknown type '{ptype}'")
            parameters.append(Parameter(pname, ptype, rest[0] if rest else ""))
        elif key == "param-nl":
            pname, _, described = value.strip().partition(" ")
            found = [i for i, p in enumerate(parameters) if p.name == pname]
            if not found:
                raise InputError(f"query '{name}': param-nl '{pname}' before its param line")
            parameters[found[0]] = replace(parameters[found[0]], description_nl=described.strip())
        elif key in HEADER_KEYS:
            header[key] = value.strip()
    audience = header.get("audience", AUDIENCES[0])
    if audience not in AUDIENCES:
        raise InputError(f"query '{name}': unknown audience '{audience}' (known: public, internal)")
    return StoredQuery(
        name,
        header.get("title", name),
        header.get("description", ""),
        text,
        tuple(parameters),
        header.get("title-en", ""),
        header.get("description-en", ""),
        audience,
    )


@functools.cache
def _read(directory: Path) -> Mapping[str, StoredQuery]:
    """The ``.rq`` files in ``directory`` by name, read once: they ship with the package."""
    return MappingProxyType(
        {
            path.stem: parse_stored_query(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(directory.glob("*.rq"))
        }
    )


def catalogue() -> Mapping[str, StoredQuery]:
    """The stored queries offered to users, by name."""
    return _read(resources.queries_dir())


def stored(name: str) -> StoredQuery:
    """The stored query called ``name``."""
    known = catalogue()
    if name not in known:
        raise UnknownQuery(f"no stored query '{name}' (the stored queries: {', '.join(known)})")
    return known[name]


def internal(name: str) -> StoredQuery:
    """A query ndsgraph runs itself (``queries/internal/``), not offered to users."""
    return _internal()[name]


def read_all() -> None:
    """Read the stored and internal queries now (a query worker as it starts), not in the
    time of the first page that needs them (some 10 ms)."""
    catalogue()
    _internal()


def named_by(text: str) -> str | None:
    """Which stored query (or ``internal/`` one) ``text`` is, or was written from (a profile
    writes IRIs into it, a page a LIMIT: its header stays), to name it in a log line."""
    header = _header(text)
    known = {**catalogue(), **{f"internal/{n}": q for n, q in _internal().items()}}
    return next((n for n, q in known.items() if header and _header(q.text) == header), None)


def _header(text: str) -> tuple[str, ...]:
    return tuple(itertools.takewhile(lambda line: line.startswith("#"), text.splitlines()))


def _internal() -> Mapping[str, StoredQuery]:
    return _read(resources.queries_dir() / "internal")


def run_named(store: Store, given: str) -> ox.QuerySolution:
    """The validation run ``given`` names (its IRI, or the graph it was recorded in) and when
    it was recorded; an unknown run is an input error naming it."""
    rows = list(run(store, internal("run-named"), {"given": given}))
    if not rows:
        raise InputError(
            f"no validation run {given[:200]} in the store (the runs: stored query 'runs')"
        )
    return rows[0]


def resolved(store: Store, query: StoredQuery, values: dict[str, str]) -> dict[str, str]:
    """``values`` with each run parameter naming its run by its IRI (an unknown one refused)."""
    runs = {p.name for p in query.parameters if p.type == "run"}
    return {
        name: run_named(store, value)["run"].value if name in runs else value
        for name, value in values.items()
    }


def run(store: Store, query: StoredQuery, values: dict[str, str] | None = None) -> QueryResult:
    bound = query.bind(resolved(store, query, values or {}))
    return store.query(query.text, substitutions=bound)
