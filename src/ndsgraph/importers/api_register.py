"""The API register of developer.overheid.nl (don-api-register): its API records as its API
serves them (``GET /apis/{id}``, a list of them as ``GET /apis`` pages it), read into one graph.

Each API becomes a ``dcat:DataService`` of its organisation, with its lifecycle and the
function ``begrip/functie/api``, the scope of both standards. What the
register measured becomes measurements: an OpenAPI document is conformance to the *OpenAPI
Specification*, an ADR score of 100 conformance to the *REST-API Design Rules* and a lower
score non-conformance that names the score. The register is a current list, so an import
replaces the graph of the one before it. Nothing is fetched: the links are recorded, not
followed. An API whose organisation the graph does not know is reported and left out.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from ndsgraph.errors import InputError, shown
from ndsgraph.importers.measured import SHOWN, described, measurement_day, moment
from ndsgraph.intake import imports, organisations, rdfio
from ndsgraph.sparql import queries
from ndsgraph.store import Store
from ndsgraph.vocabulary import CONCEPT, DCAT, DCT, GRAPH, ID, NDSG, PROV, RDF, RDFS, VOID, XSD

GRAPH_IRI = GRAPH["register/api-register"].value
SOURCE = "https://api.developer.overheid.nl/api-register/v1/apis"  # GET /apis, GET /apis/{id}
AGENT = "https://developer.overheid.nl/"  # whom the register run that records it names
OPENAPI = ID["standaard/openapi-specification"]
ADR = ID["standaard/rest-api-design-rules"]
FULL_SCORE = 100
FUNCTION = CONCEPT["functie/api"]  # the scope of both standards (data/api-register-scope.ttl)
# the register's lifecycle statuses as the lifecycle phases the frameworks read
LIFECYCLE = {
    "active": CONCEPT["status/in-productie"],
    "deprecated": CONCEPT["status/uit-te-faseren"],
    "sunset": CONCEPT["status/uit-te-faseren"],
    "retired": CONCEPT["status/uitgefaseerd"],
}
CONFORMS = CONCEPT["meetuitkomst/voldoet"]
FAILS = CONCEPT["meetuitkomst/voldoet-niet"]


@dataclass(frozen=True)
class ApiRecord:
    """One API of the register, checked."""

    id: str
    title: str
    description: str | None
    organisation: str
    oas_url: str | None
    docs_url: str | None
    adr_score: float | None
    status: str
    version: str | None
    deprecated: date | None
    sunset: date | None


@dataclass(frozen=True)
class Imported:
    """What an import stored and what it left out, and the register run that recorded it."""

    graph: str
    apis: int
    measurements: int
    unknown_organisations: dict[str, int]  # organisation URI -> APIs left out
    run: str
    findings: int

    def as_json(self) -> dict:
        return {
            "graph": self.graph,
            "apis": self.apis,
            "measurements": self.measurements,
            "skipped": sum(self.unknown_organisations.values()),
            "unknownOrganisations": self.unknown_organisations,
            "run": self.run,
            "findings": self.findings,
        }


class _Reader:
    """Reads one record, naming the place of what is wrong in it."""

    def __init__(self, record: object, place: str) -> None:
        if not isinstance(record, dict):
            raise InputError(
                f"{place}: expected an API record (an object), got {described(record)}"
            )
        self.record = record
        self.place = place

    def _value(self, path: str, kind: type | tuple[type, ...], required: bool) -> object:
        value: object = self.record
        keys = path.split(".")
        for depth, key in enumerate(keys):
            if value is not None and not isinstance(value, dict):
                within = ".".join(keys[:depth])
                raise InputError(
                    f"{self.place}.{within}: expected an object, got {described(value)}"
                )
            value = value.get(key) if value is not None else None
        if value is None:
            if required:
                raise InputError(f"{self.place}.{path}: missing")
            return None
        if not isinstance(value, kind) or isinstance(value, bool):
            expected = "a string" if kind is str else "a number"
            raise InputError(f"{self.place}.{path}: expected {expected}, got {described(value)}")
        return value

    def text(self, path: str, *, required: bool = False) -> str | None:
        value = self._value(path, str, required)
        if required and not str(value).strip():
            raise InputError(f"{self.place}.{path}: empty")
        return value  # type: ignore[return-value]

    def iri(self, path: str, *, required: bool = False) -> str | None:
        value = self.text(path, required=required)
        if value is not None:
            try:
                ox.NamedNode(value)
            except ValueError:
                raise InputError(
                    f"{self.place}.{path}: not an absolute IRI: '{shown(value)}'"
                ) from None
        return value

    def day(self, path: str) -> date | None:
        value = self.text(path)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(
                f"{self.place}.{path}: not a date (YYYY-MM-DD): '{shown(value)}'"
            ) from None

    def score(self, path: str) -> float | None:
        value = self._value(path, (int, float), False)
        if value is not None and not 0 <= value <= FULL_SCORE:  # type: ignore[operator]
            raise InputError(
                f"{self.place}.{path}: {shown(str(value), SHOWN)} is not a score from 0 to 100"
            )
        return value  # type: ignore[return-value]

    def status(self, path: str) -> str:
        value = self.text(path, required=True) or ""
        if value not in LIFECYCLE:
            raise InputError(
                f"{self.place}.{path}: unknown lifecycle status '{shown(value)}' "
                f"(the register's: {', '.join(LIFECYCLE)})"
            )
        return value

    def api(self) -> ApiRecord:
        return ApiRecord(
            id=self.text("id", required=True) or "",
            title=self.text("title", required=True) or "",
            description=self.text("description"),
            organisation=self.iri("organisation.uri", required=True) or "",
            oas_url=self.iri("oasUrl"),
            docs_url=self.iri("docsUrl"),
            adr_score=self.score("adrScore"),
            status=self.status("lifecycle.status"),
            version=self.text("lifecycle.version"),
            deprecated=self.day("lifecycle.deprecated"),
            sunset=self.day("lifecycle.sunset"),
        )


def read(data: bytes, source: str) -> list[ApiRecord]:
    """The records of a register export: a JSON array of API records (the pages of ``GET /apis``
    put together, or records of ``GET /apis/{id}``). Anything else is an input error naming
    ``source`` and the place: the line and column of a JSON error, or the record and field."""
    parsed = rdfio.read_json(data, source)
    if not isinstance(parsed, list):
        raise InputError(
            f"{source}: expected a JSON array of API records (as GET /apis serves them), "
            f"got {described(parsed)}"
        )
    records = [_Reader(item, f"{source}: [{index}]").api() for index, item in enumerate(parsed)]
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record.id in seen:
            raise InputError(f"{source}: [{index}].id: '{shown(record.id)}' occurs twice")
        seen.add(record.id)
    return records


def _day(value: date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=XSD.date)


def _score(value: float) -> str:
    return f"adrScore {int(value) if float(value).is_integer() else value}"


def _batch(day: date) -> ox.NamedNode:
    return ID[f"meetronde/api-register/{day.isoformat()}"]


def _moment(day: date) -> ox.Literal:
    """An export is dated by its day: its moment is the start of that day (UTC)."""
    return moment(datetime.combine(day, time.min, UTC))


def _measurement(
    record: ApiRecord, api: ox.NamedNode, standard: ox.NamedNode, day: date
) -> tuple[ox.NamedNode, list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]]:
    node = ID[f"meting/api-register/{quote(record.id, safe='')}/{standard.value.rsplit('/', 1)[1]}"]
    return node, [
        (RDF.type, NDSG.Measurement),
        (PROV.wasGeneratedBy, _batch(day)),
        (NDSG.measuredSubject, api),
        (NDSG.measuredStandard, standard),
        (NDSG.measuredOn, _day(day)),
        (NDSG.measuredAt, _moment(day)),
        (NDSG.organisation, ox.NamedNode(record.organisation)),
    ]


def api_triples(record: ApiRecord, day: date) -> list[ox.Triple]:
    """One API as a data service of its organisation, and what the register measured of it."""
    api = ID[f"api/{quote(record.id, safe='')}"]
    organisation = ox.NamedNode(record.organisation)
    facts: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (api, RDF.type, DCAT.DataService),
        (api, DCT.identifier, ox.Literal(record.id)),
        (api, DCT.title, ox.Literal(record.title)),
        (api, RDFS.label, ox.Literal(record.title)),
        (api, DCT.publisher, organisation),
        (api, NDSG.organisation, organisation),
        (api, NDSG.lifecyclePhase, LIFECYCLE[record.status]),
        (api, NDSG.function, FUNCTION),
    ]
    optional = [
        (DCT.description, record.description and ox.Literal(record.description)),
        (DCAT.endpointDescription, record.oas_url and ox.NamedNode(record.oas_url)),
        (DCAT.landingPage, record.docs_url and ox.NamedNode(record.docs_url)),
        (DCAT.version, record.version and ox.Literal(record.version)),
        (NDSG.deprecatedOn, record.deprecated and _day(record.deprecated)),
        (NDSG.endOfLife, record.sunset and _day(record.sunset)),
    ]
    facts += [(api, predicate, value) for predicate, value in optional if value]
    verdicts: list[tuple[ox.NamedNode, ox.NamedNode, str | None]] = []
    if record.oas_url:
        verdicts.append((OPENAPI, CONFORMS, None))
    if record.adr_score is not None:
        full = record.adr_score == FULL_SCORE
        verdicts.append(
            (ADR, CONFORMS if full else FAILS, None if full else _score(record.adr_score))
        )
    for standard, verdict, failed in verdicts:
        node, about = _measurement(record, api, standard, day)
        facts += [(node, predicate, value) for predicate, value in about]
        facts.append((node, NDSG.verdict, verdict))
        if failed:
            facts.append((node, NDSG.failedTest, ox.Literal(failed)))
    return [ox.Triple(*fact) for fact in facts]


def metadata(day: date, created: datetime) -> list[ox.Triple]:
    """The graph's own description and the batch its measurements came from."""
    graph, batch = ox.NamedNode(GRAPH_IRI), _batch(day)
    return [
        ox.Triple(graph, RDF.type, VOID.Dataset),
        ox.Triple(
            graph, DCT.title, ox.Literal("API-register (developer.overheid.nl)", language="nl")
        ),
        ox.Triple(
            graph, DCT.title, ox.Literal("API register (developer.overheid.nl)", language="en")
        ),
        ox.Triple(graph, DCT.source, ox.NamedNode(SOURCE)),
        ox.Triple(graph, DCT.created, ox.Literal(created.isoformat(), datatype=XSD.dateTime)),
        ox.Triple(graph, NDSG.evidenceKind, CONCEPT["bewijs/register"]),
        ox.Triple(graph, PROV.wasGeneratedBy, batch),
        ox.Triple(batch, RDF.type, NDSG.MeasurementBatch),
        ox.Triple(batch, RDFS.label, ox.Literal(f"API-register {day.isoformat()}", language="nl")),
        ox.Triple(batch, DCT.source, ox.NamedNode(SOURCE)),
        ox.Triple(batch, NDSG.measuredOn, _day(day)),
        ox.Triple(batch, NDSG.measuredAt, _moment(day)),
    ]


def _not_older(store: Store, day: date) -> None:
    """An export older than the one the graph holds would replace newer facts: refused."""
    query = queries.internal("graph-measured-on")
    held = [row["day"].value for row in queries.run(store, query, {"graph": GRAPH_IRI})]
    if held and max(held) > day.isoformat():
        raise InputError(
            f"date: the register's graph holds the export of {max(held)}; an older export "
            f"({day.isoformat()}) would replace it"
        )


def _listed(unknown: Counter) -> str:
    shown_ones = ", ".join(sorted(unknown)[:3])
    more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
    return f" (unknown: {shown_ones}{more})" if unknown else ""


def import_register(
    store: Store, home: Path, data: bytes, *, source: str, day: date, agent: str = AGENT
) -> Imported:
    """Read a register export (``source`` names it in errors) and store it as the register's
    graph, replacing the one before it, with the register brought up to date: the library
    function behind ``ndsgraph import api-register`` and its HTTP route. Bad input is an
    InputError and stores nothing; so is a ``day`` later than tomorrow or earlier than the
    export the graph holds, and an export none of whose organisations is known."""
    measurement_day(day, "date")
    _not_older(store, day)
    records = read(data, source)
    known = organisations.known(store, {r.organisation for r in records})
    kept = [r for r in records if r.organisation in known]
    unknown = Counter(r.organisation for r in records if r.organisation not in known)
    if not kept:  # an import replaces the register's graph: never by an empty one
        raise InputError(
            f"{source}: none of its {len(records)} APIs belongs to an organisation the graph "
            f"knows{_listed(unknown)}; nothing was imported and the previous import stays"
        )
    triples = metadata(day, datetime.now(UTC)) + [t for r in kept for t in api_triples(r, day)]
    run, found = imports.accept(store, home, {GRAPH_IRI: triples}, agent)
    return Imported(
        graph=GRAPH_IRI,
        apis=len(kept),
        measurements=sum(t.object == NDSG.Measurement for t in triples),
        unknown_organisations=dict(sorted(unknown.items())),
        run=run.iri,
        findings=len(found),
    )
