"""Typed literals whose text is not of their datatype ("x"^^xsd:date), refused at intake.

RDF parsers accept such a literal as it is written, and SHACL engines differ on whether
``sh:datatype xsd:date`` passes it (the datatype matches, the value does not exist), so a
deviation "valid through" it would be read by some queries and not by others. What the
shapes and the register compare (dates, times, whole numbers, yes and no) is checked here.
rdflib's ``Literal.ill_typed`` is not used: it reads xsd:dateTime with Python's lenient
``fromisoformat`` ("2026-12-31 23:59" passes) and refuses XSD's 24:00:00.
"""

import re
from collections.abc import Callable, Iterable
from datetime import date

import pyoxigraph as ox

from ndsgraph.errors import InputError, shown
from ndsgraph.vocabulary import XSD

_ZONE = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_DATE = re.compile(r"(\d{4}-\d\d-\d\d)" + _ZONE, re.ASCII)  # ASCII: "٤" is no digit here
_CLOCK = r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)"  # XSD: 24:00:00 too
_TIME = re.compile(r"(\d{4}-\d\d-\d\d)T" + _CLOCK + _ZONE, re.ASCII)


def _is_date(text: str) -> bool:
    found = _DATE.fullmatch(text)
    return bool(found) and _exists(found.group(1))


def _is_time(text: str) -> bool:
    found = _TIME.fullmatch(text)
    return bool(found) and _exists(found.group(1))


def _exists(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


# datatype: its check, and what it takes in English and Dutch
LEXICAL: dict[str, tuple[Callable[[str], object], str, str]] = {
    XSD.date.value: (_is_date, "a date such as 2026-12-31", "een datum zoals 2026-12-31"),
    XSD.dateTime.value: (
        _is_time,
        "a time such as 2026-12-31T23:59:59",
        "een tijdstip zoals 2026-12-31T23:59:59",
    ),
    XSD.integer.value: (
        re.compile(r"[+-]?\d+", re.ASCII).fullmatch,
        "a whole number such as 42",
        "een geheel getal zoals 42",
    ),
    XSD.nonNegativeInteger.value: (
        re.compile(r"\+?\d+|-0+", re.ASCII).fullmatch,
        "a whole number of 0 or more such as 42",
        "een geheel getal van 0 of meer zoals 42",
    ),
    XSD.decimal.value: (
        re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII).fullmatch,
        "a decimal number such as 12.5",
        "een decimaal getal zoals 12.5",
    ),
    XSD.gYear.value: (
        re.compile(r"-?([1-9]\d{4,}|\d{4})" + _ZONE, re.ASCII).fullmatch,
        "a year such as 2026",
        "een jaartal zoals 2026",
    ),
    XSD.boolean.value: (re.compile(r"true|false|1|0").fullmatch, "true or false", "true of false"),
}
_SHORT = {iri: "xsd:" + iri.rsplit("#", 1)[1] for iri in LEXICAL}


def check(triples: Iterable[ox.Triple], data: bytes, source: str) -> None:
    """Refuse the first literal whose text is not of its datatype, naming it, its statement
    and (where the document shows it on one line with its datatype) the line."""
    for triple in triples:
        term = triple.object
        if not isinstance(term, ox.Literal) or term.datatype.value not in LEXICAL:
            continue
        valid, expected, verwacht = LEXICAL[term.datatype.value]
        if valid(term.value):
            continue
        short = _SHORT[term.datatype.value]
        line = _line(data, term.value, short.removeprefix("xsd:"))
        where, waar = (
            (f"{source}: line {line}", f"{source}: regel {line}") if line else (source,) * 2
        )
        raise InputError(
            f'{where}: "{shown(term.value)}"^^{short}, about {triple.subject} {triple.predicate}, '
            f"is not a valid {short}: write {expected}",
            nl=f'{waar}: "{shown(term.value)}"^^{short}, over {triple.subject} '
            f"{triple.predicate}, is geen geldige {short}: schrijf {verwacht}",
        )


def _line(data: bytes, value: str, local_name: str) -> int | None:
    """The first line that holds both the literal's text (quoted, or between XML tags) and
    its datatype's name."""
    written = (f'"{value}"', f"'{value}'", f">{value}<")
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if local_name in line and any(form in line for form in written):
            return number
    return None
