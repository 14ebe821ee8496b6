"""Which part of the register a person asks for: the filters of the register page, of its CSV
and JSON and of ``ndsgraph register``, checked and turned into the parameters of
``register.rq``, which binds them by substitution (never pasted into the query).

A filter names what a person knows: an organisation by its IRI or code (gm0034), an
organisation type by its notation (gemeente), a framework by its name (exit-by-design), a
severity as SHACL does (Violation), expiry as a number of days from today. An unknown filter
or value is an input error naming it.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import astuple, dataclass
from datetime import date, timedelta

from ndsgraph.errors import InputError, shown
from ndsgraph.names import DEFAULT_LANGUAGE
from ndsgraph.register import render
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.sparql.named import SEVERITY_NAMES, iris_in, is_iri, term_names
from ndsgraph.store import Store
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
    "firstSeenBefore",
    "at",
)
SEVERITIES = tuple(SEVERITY_ORDER)  # Violation, Warning, Info: most serious first
SORTED_UP_TO = 20_000  # a larger register is shown in the order the store streams it
# what a row of the register holds (register.rq's columns, without its parameters of time)
COLUMNS = (
    "finding",
    "organisation",
    "organisationType",
    "framework",
    "rule",
    "subject",
    "value",
    "severity",
    "messageNl",
    "messageEn",
    "explained",
    "deviation",
    "motivation",
    "validThrough",
    "firstSeen",
    "recordedBy",
    "evidence",
)
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
class Page:
    """A page of the selected part of the register, with the whole part's counts."""

    rows: tuple[dict[str, str], ...]  # register.rq's columns that are bound
    total: int
    unexplained: int
    names: dict[str, str]  # the name of every IRI on the page


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
        tuple((s, SEVERITY_NAMES[SH[s].value][language]) for s in SEVERITIES),
    )


def _by_name(choice: tuple[str, ...]) -> str:
    return choice[1].casefold()


def _organisation(store: Store, given: str) -> str:
    for iri, code, _ in _organisations(store):
        if given in (iri, code):
            return iri
    raise ValueError(f"no organisation '{shown(given)}' (give its IRI or code, such as gm0034)")


def _organisation_type(given: str) -> str:
    known = queries.concepts("organisatietype")
    if given not in known:
        raise ValueError(f"'{shown(given)}' is not one of {', '.join(sorted(known))}")
    return given


def _framework(given: str) -> str:
    named = _framework_names()
    if given in named.values():
        return given
    if given not in named:
        raise ValueError(f"no framework '{shown(given)}' (the frameworks: {', '.join(named)})")
    return named[given]


def _rule(store: Store, given: str) -> str:
    if not any(given == rule for rule, _ in _rules(store)):
        raise ValueError(f"no framework rule '{shown(given)}' (give the rule's IRI)")
    return given


def _severity(given: str) -> str:
    if given not in SEVERITIES:
        raise ValueError(f"'{shown(given)}' is not one of {', '.join(SEVERITIES)}")
    return SH[given].value


def _explained(given: str) -> str:
    if given not in ("true", "false"):
        raise ValueError(f"'{shown(given)}' is not true or false")
    return given


def _expiring_by(given: str, today: date) -> str:
    if not _DAYS.fullmatch(given):
        raise ValueError(f"'{shown(given)}' is not a number of days")
    return (today + timedelta(days=int(given))).isoformat()


def _first_seen_before(given: str) -> str:
    """The start of the Dutch day ``given``: register.rq compares with a moment."""
    try:
        day = date.fromisoformat(given) if len(given) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"'{shown(given)}' is not a date (YYYY-MM-DD)")
    return f"{day.isoformat()}T00:00:00"


def _at(given: str) -> str:
    try:
        queries.moment(given)
    except ValueError:
        raise ValueError(f"'{shown(given)}' is not a date (YYYY-MM-DD) or time") from None
    return given


def parameters(
    store: Store,
    given: Mapping[str, str],
    today: date,
    spelled: Callable[[str], str] = str,
) -> dict[str, str]:
    """``register.rq``'s parameter values for the filters ``given`` (empty ones ignored);
    an unknown filter or value is an input error naming it as ``spelled`` (the CLI: its
    option)."""
    unknown = sorted(set(given) - set(FILTERS))
    if unknown:
        raise InputError(
            f"the register has no filter {shown(', '.join(unknown))} (its filters: "
            f"{', '.join(FILTERS)})"
        )
    checks: dict[str, tuple[str, Callable[[str], str]]] = {
        "organisation": ("organisation", lambda v: _organisation(store, v)),
        "organisationType": ("organisationType", _organisation_type),
        "framework": ("framework", _framework),
        "rule": ("rule", lambda v: _rule(store, v)),
        "severity": ("severity", _severity),
        "explained": ("explained", _explained),
        "expiringWithin": ("expiringBy", lambda v: _expiring_by(v, today)),
        "firstSeenBefore": ("firstSeenBefore", _first_seen_before),
        "at": ("at", _at),
    }
    values = {}
    for name, value in given.items():
        if not value:
            continue
        parameter, check = checks[name]
        try:
            values[parameter] = check(value)
        except ValueError as error:
            raise InputError(f"{spelled(name)}: {error}") from None
    return values


def rows(
    store: Store, values: Mapping[str, str], limit: int | None = None, offset: int = 0
) -> Iterator[dict[str, str]]:
    """The register's rows for ``values`` (see ``parameters``; also ``at`` or ``run``), each
    its bound columns; with ``limit``, a page of them as the store streams them."""
    query = queries.stored("register")
    bound = query.bind(queries.resolved(store, query, dict(values)))
    text = query.text if limit is None else sparql_text.paged(query.text, limit, offset)
    for solution in store.query(text, substitutions=bound):
        yield {column: term.value for column in COLUMNS if (term := solution[column]) is not None}


def _sort_key(row: Mapping[str, str]) -> tuple:
    """Violations first, then by framework, rule, organisation and subject (as the CLI)."""
    return (
        SEVERITY_ORDER.get(row["severity"].rsplit("#", 1)[-1], len(SEVERITY_ORDER)),
        *(row.get(column, "") for column in ("framework", "rule", "organisation", "subject")),
    )


def _recorded_totals(store: Store) -> tuple[int, int] | None:
    """The register's findings and unexplained findings now, as the latest run recorded."""
    for row in store.query(queries.internal("register-totals").text):
        return int(row["findings"].value), int(row["unexplained"].value)
    return None


def page(
    store: Store,
    values: tuple[tuple[str, str], ...],
    limit: int,
    offset: int = 0,
    language: str = DEFAULT_LANGUAGE,
) -> Page:
    """A page of the register narrowed by ``values`` (``parameters``, as pairs), Violations
    first, with the counts of the whole selection and the names of the page's terms. The
    whole register now is counted by its latest run and, past ``SORTED_UP_TO`` findings,
    paged as the store streams it: at national size reading it whole takes a minute."""
    chosen = dict(values)
    recorded = None if chosen else _recorded_totals(store)
    if recorded is not None and recorded[0] > SORTED_UP_TO:
        total, unexplained = recorded
        shown_rows = list(rows(store, chosen, limit, offset))
    else:
        found = list(rows(store, chosen))
        total, unexplained = len(found), sum(row["explained"] != "true" for row in found)
        shown_rows = sorted(found, key=_sort_key)[offset : offset + limit]
    iris = {cell for row in shown_rows for cell in row.values() if is_iri(cell)}
    return Page(tuple(shown_rows), total, unexplained, term_names(store, iris, language))


def written(store: Store, found: list[Finding], fmt: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Findings as ``render.register`` writes them, their terms named in ``language``."""
    named = term_names(store, iris_in(astuple(f) for f in found), language)
    return render.register(found, fmt, named, language)


def text(
    store: Store, values: tuple[tuple[str, str], ...], fmt: str, language: str = DEFAULT_LANGUAGE
) -> str:
    """The register narrowed by ``values`` (``parameters``, as pairs) as a table, CSV, JSON or
    HTML, every term named in ``language``."""
    return written(store, from_rows(list(rows(store, dict(values)))), fmt, language)
