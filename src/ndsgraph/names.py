"""Names of terms in a person's language, for every output a person reads: a label in the
chosen language, else one without a language, else any, else the IRI's last segment; and a
finding's message as people read it, with those names and dates in their language."""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlsplit

from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store
from ndsgraph.vocabulary import NDSG

LANGUAGES = ("nl", "en")  # Dutch first: the compass speaks Dutch unless asked otherwise
DEFAULT_LANGUAGE = LANGUAGES[0]
# a last segment that only identifies: a hexadecimal hash or a UUID
OPAQUE = re.compile(r"[0-9a-fA-F]{16,}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}
# an IRI a message quotes: up to the punctuation after it ("…/odf: pas toe", "…/odf.")
IRI = re.compile(r"https?://[^\s,;)<>\"]*[^\s,;)<>\".:!?]")
# the property names a message cites for the data steward: "(dct:conformsTo)"
CITED_TERMS = re.compile(r"\s*\((?:[a-z]+:[A-Za-z]+(?:, )?)+\)")
ISO_DAY = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-]|:\d)")  # a date, not in a time


# what a deviation without a label of its own is called, by its rule and its subject
DEVIATION = {
    "nl": "Afwijking van \u2018{rule}\u2019 voor {subject}",
    "en": "Deviation from \u2018{rule}\u2019 for {subject}",
}


class Text(str):
    """Text a person reads with the language it is written in ("" where its literal has
    none or ndsgraph wrote it): a page marks text in another language than its own (lang)."""

    language: str

    def __new__(cls, value: str, language: str = "") -> "Text":
        made = super().__new__(cls, value)
        made.language = language
        return made

    def __reduce__(self) -> tuple:
        return Text, (str(self), self.language)  # a worker process hands it back whole


class Described(Text):
    """The name of a thing without one of its own (an adoption, a contract), made of what it
    is (``kind``), what it is about (``about``: an adoption's building block, a contract's
    application, else its IRI's slug) and whose it is (``owner``): "contract belastingen-oud
    · gemeente Almere". A text that says the kind and the owner around it takes ``about``."""

    kind: str
    about: str
    owner: str | None

    def __new__(cls, kind: str, about: str, owner: str | None, language: str) -> "Described":
        made = super().__new__(cls, f"{kind} {about}" + (f" \u00b7 {owner}" if owner else ""))
        made.language, made.kind, made.about, made.owner = language, kind, about, owner
        return made

    def __reduce__(self) -> tuple:
        return Described, (self.kind, self.about, self.owner, self.language)

    @property
    def unowned(self) -> str:
        """Without whose it is, for a text that says that already (a deviation's name)."""
        return f"{self.kind} {self.about}"


def short(iri: str) -> str:
    """A readable stand-in for a term without a name: its last path segment or fragment, or
    where that is a code no person reads (a hash, a UUID) the host that keeps it."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    tail = tail.rsplit("#", 1)[-1]
    if OPAQUE.fullmatch(tail):
        return urlsplit(iri).hostname or tail
    return tail or iri


def _rank(language: str, wanted: str, kind: int) -> tuple[int, int]:
    """Lower is better: the wanted language, then no language, then Dutch, then any; within
    one language a preferred label before a label and a title."""
    order = (wanted, "", DEFAULT_LANGUAGE)
    return (order.index(language) if language in order else len(order), kind)


def _named(store: Store, query: str, iris: Iterable[str], language: str) -> dict[str, Text]:
    """The best name ``query`` (an internal query of ?term, ?name, ?kind) finds for each IRI."""
    best: dict[str, tuple[tuple[int, int], Text]] = {}
    text = queries.internal(query).text
    for bound in sparql_text.bound_to(text, "term", iris):
        for row in store.query(bound):
            literal = row["name"]
            rank = _rank(literal.language or "", language, int(row["kind"].value))
            term = row["term"].value
            if term not in best or rank < best[term][0]:
                best[term] = (rank, Text(literal.value, literal.language or ""))
    return {term: name for term, (_, name) in best.items()}


def _deviations(store: Store, iris: Iterable[str], language: str) -> dict[str, str]:
    """A name for each deviation among ``iris`` from its rule and subject (``DEVIATION``):
    a deviation is recorded without a label, and its IRI's slug tells a person little."""
    parts: dict[str, tuple[str, str]] = {}
    text = queries.internal("deviation-parts").text
    for bound in sparql_text.bound_to(text, "term", iris):
        for row in store.query(bound):
            parts[row["term"].value] = (row["rule"].value, row["subject"].value)
    if not parts:
        return {}
    named = names(store, {iri for pair in parts.values() for iri in pair}, language)
    unowned = {iri: getattr(name, "unowned", name) for iri, name in named.items()}
    return {
        deviation: Text(
            DEVIATION[language].format(rule=named[rule], subject=unowned[subject]), language
        )
        for deviation, (rule, subject) in parts.items()
    }


def slug(iri: str, kind: str) -> str:
    """``short(iri)``, or where that only repeats the kind (".../belastingen-oud/contract" of a
    contract) the segment before it."""
    tail = short(iri)
    if tail.casefold() != short(kind).casefold():
        return tail
    return short(iri.rstrip("/").rsplit("/", 1)[0]) or tail


def _described(store: Store, iris: Iterable[str], language: str) -> dict[str, Described]:
    """A ``Described`` name for each of ``iris`` that is a thing of ndsgraph's ontology
    (``nameless-parts.rq``): a record has no label, and its slug alone ("contract", "nlx")
    does not tell a person what it is or whose."""
    parts: dict[str, tuple[str, str | None, str | None]] = {}
    text = queries.internal("nameless-parts").text
    for bound in sparql_text.bound_to(text, "term", iris):
        for row in store.query(bound):
            about, owner = row["block"] or row["application"], row["owner"] or row["holder"]
            found = (row["kind"].value, _value(about), _value(owner))
            parts[row["term"].value] = min(parts.get(row["term"].value, found), found)
    mentioned = {iri for part in parts.values() for iri in part if iri}
    named = _named(store, "names", mentioned, language)
    called = {iri: named.get(iri) or short(iri) for iri in mentioned}
    return {
        term: Described(
            called[kind],
            called[about] if about else slug(term, kind),
            called[owner] if owner else None,
            language,
        )
        for term, (kind, about, owner) in parts.items()
    }


def _value(term: object) -> str | None:
    return None if term is None else term.value


def names(store: Store, iris: Iterable[str], language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The name of each IRI in ``language`` (``names.rq``), a ``Text``; a deviation without
    one is named by its rule and subject, a thing of the ontology without one by what it is,
    is about and whose it is (``Described``), any other IRI by ``short(iri)``, so every IRI
    asked for has an entry."""
    wanted = sorted(set(iris))
    found = _named(store, "names", wanted, language)
    nameless = [iri for iri in wanted if iri not in found]
    found |= _deviations(store, nameless, language) if nameless else {}
    nameless = [iri for iri in nameless if iri not in found]
    found |= _described(store, nameless, language) if nameless else {}
    return {iri: found.get(iri) or short(iri) for iri in wanted}


def types_of(store: Store, iris: Iterable[str], language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The type each IRI is shown as (``kinds.rq``): of several, ndsgraph's own (the
    ontology's classes of the landscape) first, then by name in ``language``; an IRI without
    a type has no entry."""
    found: dict[str, set[str]] = {}
    text = queries.internal("kinds").text
    for bound in sparql_text.bound_to(text, "term", iris):
        for row in store.query(bound):
            found.setdefault(row["term"].value, set()).add(row["kind"].value)
    named = names(store, {kind for types in found.values() for kind in types}, language)
    return {
        iri: min(types, key=lambda kind: (not kind.startswith(NDSG.base), named[kind].casefold()))
        for iri, types in found.items()
    }


def kinds(store: Store, iris: Iterable[str], language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """What each IRI is, by the name of its type (``types_of``): "contract", "applicatie",
    which tells apart things that share a name; an IRI without a type has no entry."""
    typed = types_of(store, iris, language)
    named = names(store, set(typed.values()), language)
    return {iri: named[kind] for iri, kind in typed.items()}


def plural_names(
    store: Store, iris: Iterable[str], language: str = DEFAULT_LANGUAGE
) -> dict[str, str]:
    """The plural name of each IRI in ``language`` (ndsg:pluralLabel: "gemeenten"), for a
    group of its kind; a term without one has its ``names`` name."""
    wanted = sorted(set(iris))
    found = _named(store, "plural-names", wanted, language)
    missing = [iri for iri in wanted if iri not in found]
    return {**names(store, missing, language), **found} if missing else found


def day(value: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A date as people write it: 30 november 2026, 30 November 2026."""
    return f"{value.day} {MONTHS[language].split()[value.month - 1]} {value.year}"


def quoted_iris(messages: Iterable[str]) -> set[str]:
    """The IRIs the messages quote: what ``readable`` needs named."""
    return {iri for message in messages for iri in IRI.findall(message)}


def _day_in(match: re.Match[str], language: str) -> str:
    try:
        return day(date.fromisoformat(match.group(0)), language)
    except ValueError:  # no date after all (2027-13-01)
        return match.group(0)


def readable(message: str, named: Mapping[str, str], language: str = DEFAULT_LANGUAGE) -> str:
    """A finding's message as people read it: the IRIs it quotes by their names in ``named``
    (see ``quoted_iris``; else ``short``), without the property names it cites for the data
    steward ("(dct:conformsTo)"), its dates written out in ``language``. The message as
    recorded stays what machines read."""
    text = IRI.sub(lambda m: named.get(m.group(0)) or short(m.group(0)), message)
    text = CITED_TERMS.sub("", text)
    return ISO_DAY.sub(lambda m: _day_in(m, language), text)
