"""internet.nl batch results in: measured conformance to the open standards per domain.

Reads the results of a web or mail batch in either published format (API v1.1:
``data.domains[]`` with ``views[{name, result}]``; API v2: ``domains.<name>`` with
``results.tests.<name>.status``) and a domain list (``domain,organisation``). Each batch
becomes one graph, ``/graph/meting/internetnl/<batch>``: a later batch adds a graph, the same
batch imported again replaces its own. Per measured domain and standard one
``ndsg:Measurement``: ``voldoet`` when every measured test of the standard's set passed,
``voldoet-niet`` otherwise, with the tests that did not pass; a standard none of whose tests
was measured gets no measurement. The test sets are data (``data/internetnl-test-sets.ttl``).

Everything is read and checked before anything is stored; nothing is ever fetched.
"""

import csv
import functools
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyoxigraph as ox

from ndsgraph import resources
from ndsgraph.errors import InputError, shown
from ndsgraph.garbage import collection_paused
from ndsgraph.importers.measured import described, measurement_day, moment
from ndsgraph.intake import imports, organisations, rdfio
from ndsgraph.intake.ingest import MAX_TRIPLES
from ndsgraph.store import Store, Term
from ndsgraph.vocabulary import CONCEPT, DCT, GRAPH, ID, NDSG, PROV, RDF, RDFS, VOID, XSD

SOURCE = "https://internet.nl/"  # the agent of the register's runs, and each batch's source
TEST_SETS_FILE = "internetnl-test-sets.ttl"
# web or mail batch -> the class and function (scope) of its domains, and their IRI path
KINDS = {
    "web": (NDSG.WebDomain, CONCEPT["functie/webdomein"], "website"),
    "mail": (NDSG.MailDomain, CONCEPT["functie/maildomein"], "maildomein"),
}
# API v2 test statuses: passed, or measured and not passed; the rest were not measured
PASSED, NOT_PASSED = {"passed"}, {"failed", "warning", "info"}
NOT_MEASURED = {"not_tested", "error"}
CONFORMS = CONCEPT["meetuitkomst/voldoet"]
FAILS = CONCEPT["meetuitkomst/voldoet-niet"]
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


@dataclass(frozen=True)
class DomainResult:
    """One domain of a batch: its status, report link and the tests measured (test -> passed)."""

    name: str
    ok: bool
    link: str | None
    tests: dict[str, bool]


@dataclass(frozen=True)
class Batch:
    """One web or mail batch, as either API version gives it."""

    source: str  # the file it was read from
    identifier: str
    kind: str  # "web" or "mail"
    day: date
    moment: datetime  # when it finished, in UTC: what orders two batches of one day
    name: str | None
    domains: tuple[DomainResult, ...]

    @property
    def graph(self) -> str:
        return GRAPH[f"meting/internetnl/{self.identifier}"].value


@dataclass
class Summary:
    """What an import did, and what it left out."""

    graphs: list[str] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    measured: list[str] = field(default_factory=list)  # "name (web)"
    verdicts: Counter = field(default_factory=Counter)  # voldoet, voldoet-niet
    unmapped: list[str] = field(default_factory=list)
    unknown_organisations: dict[str, str] = field(default_factory=dict)  # domain -> IRI
    not_measured: list[str] = field(default_factory=list)  # "name (mail)"

    def as_json(self) -> dict:
        return {
            "graphs": self.graphs,
            "runs": self.runs,
            "measured": len(self.measured),
            "measuredDomains": self.measured,
            "verdicts": {
                "voldoet": self.verdicts["voldoet"],
                "voldoet-niet": self.verdicts["voldoet-niet"],
            },
            "unmapped": self.unmapped,
            "unknownOrganisations": self.unknown_organisations,
            "notMeasured": self.not_measured,
        }


# -- the test sets -------------------------------------------------------------------------


@functools.cache
def test_sets() -> dict[str, frozenset[str]]:
    """Standard IRI -> the internet.nl tests that measure it (``ndsg:internetnlTest``)."""
    path = resources.data_dir() / TEST_SETS_FILE
    quads = rdfio.parse(rdfio.read_file(path), ox.RdfFormat.TURTLE, source=str(path))
    sets: dict[str, set[str]] = {}
    for quad in quads:
        if quad.predicate == NDSG.internetnlTest:
            sets.setdefault(quad.subject.value, set()).add(quad.object.value)
    return {standard: frozenset(tests) for standard, tests in sets.items()}


def verdicts(tests: dict[str, bool]) -> dict[str, list[str]]:
    """Standard IRI -> the measured tests of its set that did not pass (empty: it conforms),
    for every standard at least one of whose tests was measured."""
    found = {}
    for standard, names in test_sets().items():
        measured = names & tests.keys()
        if measured:
            found[standard] = sorted(t for t in measured if not tests[t])
    return found


# -- reading the results --------------------------------------------------------------------


class _Reader:
    """Typed access to a parsed JSON document; a wrong shape is an error naming the place."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> InputError:
        return InputError(f"{self.source}: {where}: {message}")

    def of(self, value: object, kind: type | tuple[type, ...], where: str) -> object:
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
            wanted = names.get(kind, "a value") if isinstance(kind, type) else "a value"
            raise self.fail(where, f"expected {wanted}, got {described(value)}")
        return value

    def key(self, document: dict, name: str, kind: type, where: str) -> object:
        if name not in document:
            raise self.fail(where, f"'{name}' is missing")
        return self.of(document[name], kind, f"{where}.{name}")

    def identifier(self, value: object, where: str) -> str:
        text = self.of(value, str, where)
        if not _IDENTIFIER.fullmatch(text):
            raise self.fail(where, f"'{shown(text, 40)}' is not a batch identifier")
        return text

    def moment(self, value: object, where: str) -> tuple[date, datetime]:
        """The day a batch finished, as its time stamp writes it, and the moment, in UTC (a
        stamp without an offset is read as UTC)."""
        text = self.of(value, str, where)
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            raise self.fail(where, f"'{shown(text, 40)}' is not a date and time") from None
        day = measurement_day(stamp.date(), f"{self.source}: {where}")
        utc = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
        return day, utc

    def link(self, value: object, where: str) -> str | None:
        if value is None:
            return None
        text = self.of(value, str, where)
        try:
            ox.NamedNode(text)
        except ValueError:
            text = ""
        if not text.startswith(("http://", "https://")):
            raise self.fail(where, f"'{shown(str(value), 60)}' is not an http(s) link")
        return text


def domain_name(text: str) -> str | None:
    """A domain name as ndsgraph writes it (lower case, ASCII, no trailing dot), or None."""
    name = text.strip().lower().rstrip(".")
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return name if len(name) <= 253 and _DOMAIN.fullmatch(name) else None


def read_batch(data: bytes, source: str) -> Batch:
    """A batch's results in API v1.1 or v2 format; anything else is an error naming the place."""
    document = rdfio.read_json(data, source)
    read = _Reader(source)
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        return _v11(read, document)
    if isinstance(document, dict) and isinstance(document.get("domains"), dict):
        return _v2(read, document)
    raise InputError(
        f"{source}: not internet.nl batch results: expected API v1.1 (data.domains[]) "
        "or API v2 (request, domains.<name>)"
    )


def _domain(read: _Reader, text: object, where: str, seen: dict[str, str]) -> str:
    """The domain name ``text`` spells, once per batch: ``seen`` holds the names read so far
    (name -> spelling), as one domain spelled twice would get both verdicts."""
    name = domain_name(read.of(text, str, where))
    if name is None:
        raise read.fail(where, f"'{shown(str(text), 60)}' is not a domain name")
    if name in seen:
        raise read.fail(
            where,
            f"'{shown(str(text), 60)}' is the domain '{shown(seen[name], 60)}' again ({name})",
        )
    seen[name] = text
    return name


def _v11(read: _Reader, document: dict) -> Batch:
    if document.get("success") is False:
        raise read.fail("success", f"the batch failed ({shown(str(document.get('message')))})")
    data = document["data"]
    identifier = read.identifier(data.get("identifier"), "data.identifier")
    stamp = data.get("finished-date", data.get("submission-date"))
    day, moment = read.moment(stamp, "data.finished-date")
    domains, seen = [], {}
    for i, entry in enumerate(read.key(data, "domains", list, "data")):
        where = f"data.domains[{i}]"
        entry = read.of(entry, dict, where)
        name = _domain(read, entry.get("domain"), f"{where}.domain", seen)
        status = read.key(entry, "status", str, where)
        tests = {}
        for j, view in enumerate(read.of(entry.get("views", []), list, f"{where}.views")):
            at = f"{where}.views[{j}]"
            view = read.of(view, dict, at)
            test = read.key(view, "name", str, at)
            tests[test] = read.key(view, "result", bool, at)
        link = read.link(entry.get("link"), f"{where}.link")
        domains.append(DomainResult(name, status == "ok", link, tests))
    kind = _v11_kind(read, domains)
    name = data.get("name") if isinstance(data.get("name"), str) else None
    return Batch(read.source, identifier, kind, day, moment, name, tuple(domains))


def _v11_kind(read: _Reader, domains: list[DomainResult]) -> str:
    """Web or mail, by the prefix of the tests (v1.1 does not say), else by the report links."""
    kinds = {test.split("_", 1)[0] for d in domains for test in d.tests} & KINDS.keys()
    if not kinds:
        paths = {"/site/": "web", "/mail/": "mail"}
        kinds = {kind for d in domains if d.link for part, kind in paths.items() if part in d.link}
    if len(kinds) != 1:
        found = " and ".join(sorted(kinds)) or "neither"
        raise read.fail("data.domains", f"cannot tell a web from a mail batch ({found})")
    return kinds.pop()


def _v2(read: _Reader, document: dict) -> Batch:
    request = read.key(document, "request", dict, "(top)")
    identifier = read.identifier(request.get("request_id"), "request.request_id")
    kind = read.key(request, "request_type", str, "request")
    if kind not in KINDS:
        raise read.fail("request.request_type", f"'{shown(kind, 40)}' is neither web nor mail")
    stamp = request.get("finished_date") or request.get("submit_date")
    day, moment = read.moment(stamp, "request.finished_date")
    domains, seen = [], {}
    for text, entry in document["domains"].items():
        where = f"domains.{shown(text, 60)}"
        name = _domain(read, text, where, seen)
        entry = read.of(entry, dict, where)
        status = read.key(entry, "status", str, where)
        if status != "ok":
            domains.append(DomainResult(name, False, None, {}))
            continue
        report = read.of(entry.get("report", {}), dict, f"{where}.report")
        link = read.link(report.get("url"), f"{where}.report.url")
        results = read.key(entry, "results", dict, where)
        tests = {}
        for test, outcome in read.key(results, "tests", dict, f"{where}.results").items():
            at = f"{where}.results.tests.{shown(test, 60)}"
            state = read.key(read.of(outcome, dict, at), "status", str, at)
            if state not in PASSED | NOT_PASSED | NOT_MEASURED:
                raise read.fail(f"{at}.status", f"unknown test status '{shown(state, 40)}'")
            if state not in NOT_MEASURED:
                tests[test] = state in PASSED
        domains.append(DomainResult(name, True, link, tests))
    name = request.get("name") if isinstance(request.get("name"), str) else None
    return Batch(read.source, identifier, kind, day, moment, name, tuple(domains))


# -- the domain list ------------------------------------------------------------------------


def read_domains(data: bytes, source: str, max_rows: int = MAX_TRIPLES) -> dict[str, str]:
    """Domain name -> organisation IRI, from a CSV with the columns ``domain,organisation``
    (``;`` works too, as Dutch Excel writes it); a bad row is an error naming its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(f"{source}: line {line}: not UTF-8; save it as UTF-8") from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if ";" in first else ",")
    mapping: dict[str, str] = {}
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if header != ["domain", "organisation"]:
            raise InputError(
                f"{source}: line 1: expected the header 'domain,organisation', "
                f"got '{shown(first.strip(), 80)}'"
            )
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise InputError(f"{source}: line {line}: expected 2 cells, got {len(row)}")
            name, organisation = domain_name(row[0]), row[1].strip()
            if name is None:
                raise InputError(
                    f"{source}: line {line}: '{shown(row[0], 60)}' is not a domain name"
                )
            try:
                ox.NamedNode(organisation)
            except ValueError:
                raise InputError(
                    f"{source}: line {line}: '{shown(organisation, 80)}' is not an IRI "
                    "(give the organisation's TOOI URI)"
                ) from None
            if mapping.get(name, organisation) != organisation:
                raise InputError(
                    f"{source}: line {line}: {name} is mapped to {mapping[name]} already"
                )
            mapping[name] = organisation
            if len(mapping) > max_rows:
                raise InputError(f"{source}: more than {max_rows} domains")
    except csv.Error as error:
        raise InputError(f"{source}: line {reader.line_num}: {error}") from None
    return mapping


# -- what is stored -------------------------------------------------------------------------


def _t(subject: ox.NamedNode, predicate: ox.NamedNode, obj: Term) -> ox.Triple:
    return ox.Triple(subject, predicate, obj)


def _metadata(batch: Batch) -> list[ox.Triple]:
    graph, run = ox.NamedNode(batch.graph), ID[f"meetronde/internetnl/{batch.identifier}"]
    day = ox.Literal(batch.day.isoformat(), datatype=XSD.date)
    called = f" '{batch.name}'" if batch.name else ""
    triples = [
        _t(graph, RDF.type, VOID.Dataset),
        _t(
            graph,
            DCT.title,
            ox.Literal(f"internet.nl-meting{called} ({batch.kind}, {day.value})", language="nl"),
        ),
        _t(
            graph,
            DCT.title,
            ox.Literal(f"internet.nl batch{called} ({batch.kind}, {day.value})", language="en"),
        ),
        _t(graph, DCT.source, ox.NamedNode(SOURCE)),
        _t(graph, PROV.wasGeneratedBy, run),
        _t(graph, NDSG.evidenceKind, CONCEPT["bewijs/gemeten"]),
        _t(run, RDF.type, NDSG.MeasurementBatch),
        _t(run, DCT.source, ox.NamedNode(SOURCE)),
        _t(run, DCT.identifier, ox.Literal(batch.identifier)),
        _t(run, NDSG.measuredOn, day),
        _t(run, NDSG.measuredAt, moment(batch.moment)),
    ]
    if batch.name:
        triples.append(_t(run, RDFS.label, ox.Literal(batch.name)))
    return triples


def _measured(batch: Batch, result: DomainResult, organisation: str) -> list[ox.Triple]:
    """The domain and its measurements, one per standard measured on it."""
    cls, function, path = KINDS[batch.kind]
    domain, owner = ID[f"{path}/{result.name}"], ox.NamedNode(organisation)
    run = ID[f"meetronde/internetnl/{batch.identifier}"]
    day = ox.Literal(batch.day.isoformat(), datatype=XSD.date)
    at = moment(batch.moment)
    triples = [
        _t(domain, RDF.type, cls),
        _t(domain, RDFS.label, ox.Literal(result.name)),
        _t(domain, NDSG.domainName, ox.Literal(result.name)),
        _t(domain, NDSG.organisation, owner),
        _t(domain, NDSG.function, function),
    ]
    for standard, failed in sorted(verdicts(result.tests).items()):
        local = standard.rsplit("/", 1)[-1]
        node = ID[f"meting/internetnl/{batch.identifier}/{path}/{result.name}/{local}"]
        triples += [
            _t(node, RDF.type, NDSG.Measurement),
            _t(node, PROV.wasGeneratedBy, run),
            _t(node, NDSG.measuredSubject, domain),
            _t(node, NDSG.measuredStandard, ox.NamedNode(standard)),
            _t(node, NDSG.verdict, FAILS if failed else CONFORMS),
            _t(node, NDSG.measuredOn, day),
            _t(node, NDSG.measuredAt, at),
            _t(node, NDSG.organisation, owner),
            *(_t(node, NDSG.failedTest, ox.Literal(test)) for test in failed),
        ]
        if result.link:
            triples.append(_t(node, NDSG.reportLink, ox.NamedNode(result.link)))
    return triples


def graphs(
    store: Store, batches: list[Batch], mapping: dict[str, str], max_triples: int = MAX_TRIPLES
) -> tuple[dict[str, list[ox.Triple]], Summary]:
    """The graph of each batch, and what was measured and left out; unmapped domains, those of
    organisations the store does not know and those not measured import nothing."""
    seen: dict[str, str] = {}
    for batch in batches:
        if batch.graph in seen:
            raise InputError(
                f"{batch.source}: batch {batch.identifier} is in {seen[batch.graph]} too"
            )
        seen[batch.graph] = batch.source
    known = organisations.known(store, set(mapping.values()))
    summary, contents = Summary(), {}
    unmapped, unknown, not_measured = set(), {}, set()
    for batch in batches:
        triples = _metadata(batch)
        for result in batch.domains:
            organisation = mapping.get(result.name)
            if organisation is None:
                unmapped.add(result.name)
            elif organisation not in known:
                unknown[result.name] = organisation
            elif not result.ok:
                not_measured.add(f"{result.name} ({batch.kind})")
            else:
                measured = _measured(batch, result, organisation)
                triples += measured
                summary.measured.append(f"{result.name} ({batch.kind})")
                summary.verdicts.update(
                    "voldoet" if t.object == CONFORMS else "voldoet-niet"
                    for t in measured
                    if t.predicate == NDSG.verdict
                )
        if len(triples) > max_triples:
            raise InputError(
                f"{batch.source}: more than {max_triples} statements (the limit of one upload)"
            )
        contents[batch.graph] = list(dict.fromkeys(triples))
        summary.graphs.append(batch.graph)
    summary.unmapped = sorted(unmapped)
    summary.unknown_organisations = dict(sorted(unknown.items()))
    summary.not_measured = sorted(not_measured)
    summary.measured.sort()
    return contents, summary


def import_batches(
    store: Store,
    home: Path,
    batches: list[Batch],
    mapping: dict[str, str],
    max_triples: int = MAX_TRIPLES,
) -> Summary:
    """Store each batch as its graph and bring the register up to date, in one run for all
    of them (all of them read and checked first)."""
    with collection_paused():  # hundreds of thousands of statements (``garbage``)
        contents, summary = graphs(store, batches, mapping, max_triples)
    run, _ = imports.accept(store, home, contents, SOURCE)  # pauses it once it may write
    summary.runs.append(run.iri)
    return summary


def read_files(paths: list[Path], domains: Path) -> tuple[list[Batch], dict[str, str]]:
    """The batches and the domain list from files, all read and checked before anything else."""
    with collection_paused():  # a JSON object per domain and test (``garbage``)
        batches = [read_batch(rdfio.read_file(path), str(path)) for path in paths]
    return batches, read_domains(rdfio.read_file(domains), str(domains))
