"""Which part of the register a person asks for: the filters of the register page, of its CSV
and JSON and of ``ndsgraph register``, checked and turned into the parameters of
``register.rq``, which binds them by substitution (never pasted into the query).

A filter names what a person knows, in the same forms in the page, the API and the CLI: an
organisation by its IRI or code (gm0034), an organisation type by its notation (gemeente), a
framework by its name (exit-by-design), a severity as SHACL does (Violation), each also by its
IRI; a rule by its IRI; expiry as a number of days from today (expiringWithin) or a date
(expiringBy). An unknown filter or value is an input error naming it, in English and Dutch.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field, replace
from datetime import date, datetime, timedelta

import pyoxigraph as ox

from ndsgraph.errors import InputError, shown
from ndsgraph.names import DEFAULT_LANGUAGE, Text, kinds, quoted_iris, readable, types_of
from ndsgraph.register import columns, facets, paging, render
from ndsgraph.sparql import queries, sparql_text, subqueries
from ndsgraph.sparql.named import iris_in, is_iri, term_names
from ndsgraph.sparql.subqueries import Part
from ndsgraph.store import Store, Term, kept, true
from ndsgraph.validation import frameworks
from ndsgraph.validation.findings import SEVERITY_ORDER, Finding, from_rows
from ndsgraph.vocabulary import SH

FILTERS = (
    "organisation",
    "organisationType",
    "framework",
    "rule",
    "severity",
    "explained",
    "expiringWithin",
    "expiringBy",
    "firstSeenBefore",
    "at",
)
SEVERITIES = tuple(SEVERITY_ORDER)  # Violation, Warning, Info: most serious first
PAGE = 1_000  # findings on a page of rows after a cursor that names no limit
# a view of at most this many findings is read whole and put in order (``paging.keys``); a
# larger one a page at a time, from the organisations the page shows (``paging.after``)
SORTED_UP_TO = 2_000
# the parts of register-selection (queries/internal): those always joined, the one it
# subtracts, and the part that narrows by each other filter (register.rq's parameter)
ALWAYS = ("register-findings", "register-by-severity", "register-by-explained", "register-recorded")
ENDED = "register-ended"
NARROWING = {
    "organisation": "register-by-organisation",
    "organisationType": "register-by-organisation-type",
    "framework": "register-by-framework",
    "rule": "register-by-rule",
    "firstSeenBefore": "register-first-seen-before",
    "expiringBy": "register-expiring-by",
}
DRIVER = NARROWING["organisation"]  # one organisation's findings are a few hundred at most
UNTYPED = "register-untyped"  # the part of the findings of no organisation with a type
# the columns whose IRIs a page does not show by name: the finding's own, and its run's
UNNAMED = ("finding", "recordedBy")
# a row of register.rq: each variable of its answer and its value (None: unbound)
Row = dict[str, Term | None]
Read = dict[str, list[Row]]  # the rows of some findings, by finding
_DAYS = re.compile(r"[0-9]{1,5}")  # at most 99,999 days: beyond, a date overflows


@dataclass(frozen=True)
class Choices:
    """What each filter can be, by name in the reader's language (value, name, ...)."""

    organisations: tuple[tuple[str, str, str], ...]  # IRI, name, code
    organisation_types: tuple[tuple[str, str], ...]  # notation, name
    frameworks: tuple[tuple[str, str], ...]  # name, title
    rules: tuple[tuple[str, str, str], ...]  # IRI, name, its framework's name
    severities: tuple[tuple[str, str], ...]  # Violation, Overtreding


@dataclass(frozen=True)
class Selected:
    """A finding in the selection, with what it is counted and first ordered by."""

    finding: str
    severity: str  # Violation, Warning or Info
    explained: bool


@dataclass(frozen=True)
class Page:
    """A page of the selected part of the register, with the whole part's counts."""

    rows: tuple[dict[str, str], ...]  # register.rq's bound columns, and the readable message
    total: int  # findings
    unexplained: int
    shown: int  # findings on this page (a finding explained twice has two rows)
    names: dict[str, str]  # the name of every IRI on the page
    kinds: dict[str, str] = field(default_factory=dict)  # what each subject is, by name
    next: str | None = None  # the cursor of the next page (its last finding); None: the last
    # an empty view as of a moment before the first run: when that run ended (None: no run)
    before_first_run: bool = False
    first_run: str | None = None


def _organisations(store: Store) -> list[tuple[str, str, str]]:
    """Every organisation with a type: IRI, code and type."""
    rows = store.query(queries.internal("register-organisations").text)
    return [
        (
            row["organisation"].value,
            row["code"].value if row["code"] is not None else "",
            row["organisationType"].value,
        )
        for row in rows
    ]


def _rules(store: Store) -> list[tuple[str, str]]:
    """Every framework rule and its framework's IRI."""
    rows = store.query(queries.internal("register-rules").text)
    return [(row["rule"].value, row["framework"].value) for row in rows]


def _framework_names() -> dict[str, str]:
    """Framework IRIs by name (the name of its shapes file, such as exit-by-design)."""
    return {name: str(f.iri) for name, f in frameworks.available().items()}


def choices(store: Store, language: str = DEFAULT_LANGUAGE) -> Choices:
    """What the register can be narrowed by, each named in ``language``, sorted by name."""
    organisations = _organisations(store)
    rules = _rules(store)
    types = queries.concepts("organisatietype")
    named_frameworks = _framework_names()
    by_iri = {iri: name for name, iri in named_frameworks.items()}
    named = term_names(
        store,
        [
            *(o for o, _, _ in organisations),
            *(t.value for t in types.values()),
            *named_frameworks.values(),
            *(r for r, _ in rules),
            *(SH[s].value for s in SEVERITIES),
        ],
        language,
    )
    return Choices(
        tuple(sorted(((o, named[o], code) for o, code, _ in organisations), key=_by_name)),
        tuple(sorted(((n, named[t.value]) for n, t in types.items()), key=_by_name)),
        tuple(sorted(((n, named[iri]) for n, iri in named_frameworks.items()), key=_by_name)),
        tuple(
            sorted(
                ((r, named[r], by_iri.get(f, "")) for r, f in rules),
                key=lambda rule: (rule[2], rule[1].casefold()),
            )
        ),
        tuple((s, named[SH[s].value]) for s in SEVERITIES),
    )


def _by_name(choice: tuple[str, ...]) -> str:
    return choice[1].casefold()


def organisations_named(store: Store, given: str) -> list[tuple[str, str | None]]:
    """The organisations with a type that ``given`` names by its IRI or its code (in any
    case), each with its code: looked up, as reading every organisation costs a tenth of a
    page's time at national size. The register's filter and the leg-uit statement both."""
    if not is_iri(given):
        code = given.lower()  # TOOI's codes are lower case: GM0034 names gm0034
        rows = queries.run(store, queries.internal("organisation-by-code"), {"code": code})
        return [(row["organisation"].value, code) for row in rows]
    try:
        iri = ox.NamedNode(given)
    except ValueError:  # no IRI after all
        return []
    text = queries.internal("register-organisations").text
    rows = store.query(text, substitutions={ox.Variable("organisation"): iri})
    return [(given, row["code"].value if row["code"] is not None else None) for row in rows]


def organisation(store: Store, given: str, called: str | None = None) -> str:
    """The IRI of the organisation ``given`` names by its IRI or code (gm0034, in any case):
    how every filter and parameter that takes an organisation reads it; an unknown one is
    refused naming the parameter as ``called`` (none: its caller names it)."""
    for iri, _ in organisations_named(store, given):
        return iri
    named = f"{called}: " if called else ""
    raise InputError(
        f"{named}no organisation '{shown(given)}' (give its IRI or code, such as gm0034)",
        nl=f"{named}geen organisatie '{shown(given)}' (geef haar IRI of code, zoals gm0034)",
    )


def with_organisations(
    store: Store, name: str, values: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """The values given to the stored query ``name`` (as pairs: what a server's query worker
    takes), each of its organisation parameters naming its organisation by its IRI, given by
    its IRI or its code; an unknown one is refused naming the parameter. The CLI and the API
    read a stored query's parameters alike."""
    query = queries.stored(name)
    organisational = {p.name for p in query.parameters if p.type == "organisation"}
    return {
        parameter: organisation(store, value, parameter) if parameter in organisational else value
        for parameter, value in values
    }


def _one_of(given: str, known: Mapping[str, str]) -> str:
    """The IRI that ``given`` names by its code (a key of ``known``) or is."""
    if given in known:
        return known[given]
    if given in known.values():
        return given
    codes = ", ".join(known)
    raise InputError(
        f"'{shown(given)}' is not one of {codes} (or its IRI)",
        nl=f"'{shown(given)}' is niet een van {codes} (of de IRI ervan)",
    )


def _organisation_type(given: str) -> str:
    """Its code, which register.rq's parameter takes (``concept:organisatietype``)."""
    known = {code: iri.value for code, iri in sorted(queries.concepts("organisatietype").items())}
    iri = _one_of(given, known)
    return next(code for code, concept in known.items() if concept == iri)


def _framework(given: str) -> str:
    return _one_of(given, _framework_names())


def _rule(store: Store, given: str) -> str:
    if not any(given == rule for rule, _ in _rules(store)):
        raise InputError(
            f"no framework rule '{shown(given)}' (give the rule's IRI)",
            nl=f"geen kaderregel '{shown(given)}' (geef de IRI van de regel)",
        )
    return given


def _severity(given: str) -> str:
    return _one_of(given, {severity: SH[severity].value for severity in SEVERITIES})


def _explained(given: str) -> str:
    if given not in ("true", "false"):
        raise InputError(
            f"'{shown(given)}' is not true or false", nl=f"'{shown(given)}' is niet true of false"
        )
    return given


def _expiring_within(given: str, today: date) -> str:
    if not _DAYS.fullmatch(given):
        raise InputError(
            f"'{shown(given)}' is not a number of days",
            nl=f"'{shown(given)}' is geen aantal dagen",
        )
    return (today + timedelta(days=int(given))).isoformat()


def _day(given: str) -> str:
    try:
        if len(given) == 10:
            return date.fromisoformat(given).isoformat()
    except ValueError:
        pass
    raise InputError(
        f"'{shown(given)}' is not a date (YYYY-MM-DD)",
        nl=f"'{shown(given)}' is geen datum (JJJJ-MM-DD)",
    )


def _moment(given: str) -> str:
    """A date or a time, which register.rq reads as a moment as every date parameter: a
    date is the end of that Dutch day (first seen on or before it), the same in the API,
    page and CLI."""
    try:
        queries.moment(given)
    except ValueError:
        raise InputError(
            f"'{shown(given)}' is not a date (YYYY-MM-DD) or time",
            nl=f"'{shown(given)}' is geen datum (JJJJ-MM-DD) of tijdstip",
        ) from None
    return given


def parameters(
    store: Store,
    given: Mapping[str, str],
    today: date,
    spelled: Callable[[str], str] = str,
) -> dict[str, str]:
    """``register.rq``'s parameter values for the filters ``given`` (empty ones ignored),
    the same forms in the page, the API and the CLI (``FILTERS``); an unknown filter or
    value is an input error naming it as ``spelled`` (the CLI: its option)."""
    unknown = sorted(set(given) - set(FILTERS))
    if unknown:
        names, filters = shown(", ".join(unknown)), ", ".join(FILTERS)
        raise InputError(
            f"the register has no filter {names} (its filters: {filters})",
            nl=f"het register heeft geen filter {names} (zijn filters: {filters})",
        )
    expiring = [name for name in ("expiringWithin", "expiringBy") if given.get(name)]
    if len(expiring) > 1:
        both = " and ".join(spelled(name) for name in expiring)
        raise InputError(
            f"{both}: give one of them", nl=f"{both.replace(' and ', ' en ')}: geef er een"
        )
    checks: dict[str, tuple[str, Callable[[str], str]]] = {
        "organisation": ("organisation", lambda v: organisation(store, v)),
        "organisationType": ("organisationType", _organisation_type),
        "framework": ("framework", _framework),
        "rule": ("rule", lambda v: _rule(store, v)),
        "severity": ("severity", _severity),
        "explained": ("explained", _explained),
        "expiringWithin": ("expiringBy", lambda v: _expiring_within(v, today)),
        "expiringBy": ("expiringBy", _day),
        "firstSeenBefore": ("firstSeenBefore", _moment),
        "at": ("at", _moment),
    }
    values = {}
    for name, value in given.items():
        if not value:
            continue
        parameter, check = checks[name]
        try:
            values[parameter] = check(value)
        except InputError as error:
            raise InputError(
                f"{spelled(name)}: {error}", nl=f"{spelled(name)}: {error.said('nl')}"
            ) from None
    return values


def checked(
    store: Store, given: tuple[tuple[str, str], ...], today: str
) -> tuple[tuple[str, str], ...]:
    """``parameters`` for filters given as pairs on the day ``today`` (ISO), as pairs: what a
    server's query worker takes and gives back (the page's and the API's, alike)."""
    values = parameters(store, dict(given), date.fromisoformat(today))
    return tuple(sorted(values.items()))


def _resolved(store: Store, values: Mapping[str, str]) -> dict[str, str]:
    """``values`` with a run named by its IRI (it may be named by its graph)."""
    return queries.resolved(store, queries.stored("register"), dict(values))


def _part(name: str, values: Mapping[str, str]) -> str:
    """The part ``name`` of register-selection with those of ``values`` it takes bound."""
    query = queries.internal(name)
    own = {p.name for p in query.parameters}
    terms = query.bind({k: v for k, v in values.items() if k in own})
    return sparql_text.bind_values(query.text, {v.value: str(t) for v, t in terms.items()})


# per severity (its sh: IRI) the facet counts ever counted findings of, the rules they
# counted findings of no organisation with a type of
Counted = dict[str, frozenset[str]]


def _counted(store: Store, values: Mapping[str, str]) -> Counted | None:
    """What the facet counts tell of where the findings of the view ``values`` can be
    (``Counted``); None when none were kept by the view's moment (then they cannot tell).
    The same for every view as of a moment: read once per version of the data."""
    moment = {k: v for k, v in values.items() if k in ("at", "run")}
    kept_by = kept.once(
        store,
        ("register-facets-by", tuple(sorted(moment.items()))),
        lambda s: bool(queries.run(s, queries.internal("register-facets-by"), moment)),
    )
    return kept.once(store, "register-counted-rules", _counted_rules) if kept_by else None


def _counted_rules(store: Store) -> Counted:
    counted: dict[str, set[str]] = {}
    for row in store.query(queries.internal("register-counted-rules").text):
        rules = counted.setdefault(row["severity"].value, set())
        if true(row["untyped"].value):
            rules.add(row["rule"].value)
    return {severity: frozenset(rules) for severity, rules in counted.items()}


def _records_of(severity: str, organisations: Sequence[str], counted: Counted | None) -> str:
    """The finding records of ``severity`` and ``organisations`` (at most 500), or of no
    organisation with a type (``paging.UNTYPED`` alone): those of the rules ``counted``
    names (None: of any rule)."""
    term = str(ox.NamedNode(severity))
    if list(organisations) == [paging.UNTYPED]:
        rules = sorted(counted.get(severity, ())) if counted is not None else ["UNDEF"]
        rows = [[r if r == "UNDEF" else str(ox.NamedNode(r)), term] for r in rules]
        return sparql_text.bind_rows(queries.internal(UNTYPED).text, ["rule", "severity"], rows)
    rows = [[str(ox.NamedNode(o)), term] for o in organisations]
    text = queries.internal("register-records-of").text
    return sparql_text.bind_rows(text, ["of", "severity"], rows)


def selected(store: Store, values: Mapping[str, str]) -> list[Selected]:
    """The findings in force that the filters ``values`` (``parameters``, a run by its IRI)
    keep, each once, as the store streams them. Each filter is a part joined by hashing;
    from one organisation's findings (few) the others are checked row by row instead."""
    names = [NARROWING[k] for k in NARROWING if k in values] + list(ALWAYS)
    driven = DRIVER in names
    parts = [
        Part(_part(name, values), "subquery" if name == DRIVER or not driven else "group")
        for name in names
    ]
    parts.append(Part(_part(ENDED, values), "minus"))
    text = subqueries.joined(queries.internal("register-selection").text, parts)
    found: dict[str, Selected] = {}
    for row in store.query(text):
        finding = row["finding"].value
        if finding not in found:
            severity = row["severity"].value.rsplit("#", 1)[-1]
            explained = true(row["explained"].value)
            found[finding] = Selected(finding, severity, explained)
    return list(found.values())


def _members(store: Store, counted: Counted | None) -> paging.Members:
    """Every finding record of a severity and some organisations (``paging.after``) that
    can be in a view of which the facet counts tell ``counted``."""

    def members(severity: str, organisations: Sequence[str]) -> Iterable[paging.Row]:
        if counted is not None and (
            severity not in counted or (organisations == [paging.UNTYPED] and not counted[severity])
        ):
            return []
        return store.query(_records_of(severity, organisations, counted))

    return members


def _in_view(store: Store, values: Mapping[str, str]) -> paging.InView[list[Row]]:
    """Those of some findings in the view ``values``, each with its rows (``paging.after``)."""

    def in_view(findings: list[str]) -> Read:
        return _read(store, values, findings)

    return in_view


def ordered(
    store: Store,
    values: Mapping[str, str],
    limit: int,
    after: str | None = None,
    found: list[Selected] | None = None,
    called: str = "after",
) -> tuple[list[str], Read]:
    """Up to ``limit`` findings of the view ``values`` (``parameters``, a run by its IRI)
    after the finding ``after`` (none: from the first) in the register's order
    (``paging``), and the rows of them that checking the view read (a page at a time: all
    of them); from ``found``, the whole view, when the caller read it (no rows). A cursor
    that names no finding is an input error naming it as ``called``."""
    typed = paging.organisations(store)
    start = paging.cursor(store, after, typed, called) if after else None
    if found is None:
        counted = _counted(store, values)
        members, in_view = _members(store, counted), _in_view(store, values)
        present = None if counted is None else frozenset(counted)
        page = paging.after(values, limit, start, members, in_view, typed, present)
        return list(page), page
    keyed = paging.keys(store, (f.finding for f in found), typed).values()
    chosen = sorted(k for k in keyed if start is None or k > start)[:limit]
    return [k.finding for k in chosen], {}


def _register(values: Mapping[str, str]) -> str:
    """register.rq with ``values`` bound (by BIND, for joining it into other queries)."""
    query = queries.stored("register")
    terms = query.bind(dict(values))
    return sparql_text.bind_values(query.text, {v.value: str(t) for v, t in terms.items()})


def page_after(
    store: Store, values: tuple[tuple[str, str], ...], limit: int, after: str | None
) -> tuple[str, str | None]:
    """A page of ``limit`` (at most ``PAGE``) findings after the finding ``after`` (none:
    the first page), for a caller that answers with register.rq (the API): its answer for
    the page as a query of the rows checking the view read, in order
    (``sparql_text.answered``: as it is, or with the same parameters bound, it gives what
    register.rq with them gives for those findings, without reading them again: each row
    holds the parameters' values); and the cursor of the next page (None: this is the
    last). ``values``: register.rq's parameter values as pairs, a run named by its IRI or
    graph."""
    if limit > PAGE:
        raise InputError(f"a page holds at most {PAGE} findings")
    findings, read = ordered(store, _resolved(store, dict(values)), limit + 1, after)
    following = findings[limit - 1] if len(findings) > limit else None  # one more: a next?
    rows = [row for finding in findings[:limit] for row in read[finding]]
    return sparql_text.answered(queries.stored("register").text, rows), following


def _read(store: Store, values: Mapping[str, str], findings: list[str]) -> Read:
    """register.rq's rows of those of ``findings`` in the view ``values``, by finding (the
    same rows it gives with ``values`` alone, for these findings)."""
    text = _register(values)
    found: Read = {}
    # the findings' VALUES block goes before those BINDs: Oxigraph then starts from the
    # findings, where after a BIND of a severity it would read every finding of that severity
    for bound in sparql_text.bound_to(text, "finding", findings):
        solutions = store.query(bound)
        names = [variable.value for variable in solutions.variables]
        for solution in solutions:
            row = dict(zip(names, solution, strict=True))
            found.setdefault(row["finding"].value, []).append(row)
    return found


def _rows_of(
    store: Store, values: Mapping[str, str], findings: list[str], read: Read | None = None
) -> list[dict[str, str]]:
    """register.rq's rows of ``findings`` with ``values`` bound (the same rows it gives
    with them alone, for these findings), in the order of ``findings``; those ``read``
    already are not read again."""
    known = read or {}
    more = _read(store, values, [f for f in findings if f not in known])
    return [columns.of(row) for f in findings for row in known.get(f) or more.get(f, ())]


def rows(store: Store, values: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """The register's rows for ``values`` (see ``parameters``; also ``at`` or ``run``), each
    its bound columns. Narrowed: those of the selection's findings (``selected``); else
    register.rq's as the store streams them."""
    chosen = _resolved(store, values)
    if chosen:
        yield from _rows_of(store, chosen, [f.finding for f in selected(store, chosen)])
    else:
        yield from (columns.of(s) for s in store.query(queries.stored("register").text))


def page(
    store: Store,
    values: tuple[tuple[str, str], ...],
    limit: int,
    offset: int = 0,
    language: str = DEFAULT_LANGUAGE,
    after: str | None = None,
) -> Page:
    """A page of ``limit`` findings of the register narrowed by ``values`` (``parameters``,
    as pairs) in the register's order, after the finding ``after`` (``paging``; and then
    ``offset`` findings on, which costs what the findings skipped cost), with the counts of
    the whole selection and the names of the page's terms. A view the facet counts count
    (``facets.counted``) of more than ``SORTED_UP_TO`` findings is counted by them and read
    a page at a time; any other is read whole (``selected``)."""
    chosen = _resolved(store, dict(values))
    counts = facets.counted(store, chosen)
    whole = None
    if counts is not None and sum(counts.values()) > SORTED_UP_TO:
        total = sum(counts.values())
        unexplained = sum(n for (_, explained), n in counts.items() if not explained)
    else:
        found = selected(store, chosen)
        total, unexplained = len(found), sum(not f.explained for f in found)
        whole = found if total <= SORTED_UP_TO else None
    upto, read = ordered(store, chosen, offset + limit + 1, after, whole)  # one more: a next?
    on_page = upto[offset : offset + limit]
    following = on_page[-1] if len(upto) > offset + limit else None
    shown_rows = _rows_of(store, chosen, on_page, read)
    messages = [
        render.message_in(row.get("messageNl"), row.get("messageEn"), language)
        for row in shown_rows
    ]
    iris = {
        cell for row in shown_rows for c, cell in row.items() if is_iri(cell) and c not in UNNAMED
    }
    named = term_names(store, iris | quoted_iris(messages), language)
    read = tuple(
        {**row, "message": Text(readable(message, named, language), message.language)}
        for row, message in zip(shown_rows, messages, strict=True)
    )
    subjects = kinds(store, {row["subject"] for row in shown_rows}, language)
    found = Page(read, total, unexplained, len(on_page), named, subjects, following)
    if total == 0 and chosen.get("at"):
        first = first_run(store)
        asked = datetime.fromisoformat(queries.moment(chosen["at"]))
        if first is None or datetime.fromisoformat(first) > asked:
            return replace(found, before_first_run=True, first_run=first)
    return found


def first_run(store: Store) -> str | None:
    """When the first validation run ended (None: none did)."""
    rows = list(queries.run(store, queries.internal("first-run")))
    first = rows[0]["first"] if rows else None
    return first.value if first is not None else None


def written(
    store: Store,
    found: list[Finding],
    fmt: str,
    language: str = DEFAULT_LANGUAGE,
    ordered: bool = False,
    caption: tuple[str, str] = render.REGISTER,
) -> str:
    """Findings as ``render.register`` writes them, their terms and what their subjects are
    named in ``language`` (``ordered``: in the order given, a page of the register's order;
    ``caption``: an HTML table's, in Dutch and English)."""
    named, typed = _naming(store, found, language)
    return render.register(found, fmt, named, language, ordered, typed, caption)


def named_rows(store: Store, found: list[Finding], language: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Findings as the register's JSON writes them (``render.shown``), in the order given,
    named as ``written`` names them: for an answer that puts more beside them."""
    named, typed = _naming(store, found, language)
    return render.shown(found, named, language, typed)


def _naming(
    store: Store, found: list[Finding], language: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The names of the findings' terms and of what their subjects are, and those types."""
    severities = {SH[f.severity].value for f in found}
    quoted = quoted_iris(m for f in found for m in (f.message_nl, f.message_en) if m)
    typed = types_of(store, {f.subject for f in found}, language)
    iris = iris_in(astuple(f) for f in found) | severities | quoted | set(typed.values())
    return term_names(store, iris, language), typed


def text(
    store: Store, values: tuple[tuple[str, str], ...], fmt: str, language: str = DEFAULT_LANGUAGE
) -> str:
    """The register narrowed by ``values`` (``parameters``, as pairs) as a table, CSV, JSON or
    HTML, every term named in ``language``."""
    return written(store, from_rows(list(rows(store, dict(values)))), fmt, language)


def page_text(
    store: Store,
    values: tuple[tuple[str, str], ...],
    fmt: str,
    language: str = DEFAULT_LANGUAGE,
    limit: int = PAGE,
    after: str | None = None,
    called: str = "after",
) -> tuple[str, str | None]:
    """A page of ``limit`` findings of ``text`` after the finding ``after`` (none: the
    first), in the register's order (``ordered``); and the cursor of the next page (None:
    this is the last); ``called``: what the cursor is called where it was given."""
    chosen = _resolved(store, dict(values))
    findings, read = ordered(store, chosen, limit + 1, after, called=called)  # one more: a next?
    following = findings[limit - 1] if len(findings) > limit else None
    found = from_rows(_rows_of(store, chosen, findings[:limit], read))
    return written(store, found, fmt, language, ordered=True), following
