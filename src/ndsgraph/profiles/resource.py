"""The page of any resource: what it says (property names and values as names, blank and
nameless internal nodes as nested facts) and what refers to it, grouped by property with a
count and a few names rather than a row per reference."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ndsgraph.names import short
from ndsgraph.profiles.reading import Reader, Row
from ndsgraph.sparql import queries, sparql_text
from ndsgraph.store import Store, true
from ndsgraph.together import together
from ndsgraph.vocabulary import NDSG, RDF

EXAMPLES = 5  # names shown per group of references
REFERENCES_READ = 2000  # resource-references.rq reads one more: then there are more


@dataclass(frozen=True)
class Fact:
    """One statement: its property and value (an IRI, a literal, or a node whose own facts
    are ``inner``: a blank node or an internal node without a name)."""

    property: str
    value: str
    kind: str  # "iri", "literal" or "node"
    inner: tuple["Fact", ...] = ()


@dataclass(frozen=True)
class Held:
    """A blank node that refers to the resource, shown by what it is and who holds it:
    "adoptiedoel van DigiD"."""

    kind: str | None  # its type
    holder: str


@dataclass(frozen=True)
class References:
    """The resources that refer to this one through ``property``: how many, of which
    types, and the first few."""

    property: str
    count: int
    more: bool  # the count is a lower bound: more were not read
    types: tuple[str, ...]
    examples: tuple[str, ...]  # IRIs
    held: tuple[Held, ...] = ()  # blank nodes, by who holds them


@dataclass(frozen=True)
class Resource:
    iri: str
    types: tuple[str, ...]
    facts: tuple[Fact, ...]
    references: tuple[References, ...]
    names: Mapping[str, str]  # every IRI shown, and nameless referrers described

    @property
    def known(self) -> bool:
        return bool(self.facts or self.references)

    def values(self, prop: str) -> tuple[str, ...]:
        """The values of one property (IRIs or literals in the page's language)."""
        return tuple(f.value for f in self.facts if f.property == prop and f.kind != "node")

    def value(self, prop: str) -> str | None:
        found = self.values(prop)
        return found[0] if found else None

    def nodes(self, prop: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.property == prop and f.inner)


def _in_language(rows: list[Row], language: str, value: str, tag: str) -> list[Row]:
    """Of literals given in several languages, those in ``language`` (or without one); a
    property with none in that language keeps what it has."""
    by_property: dict[str, set[str]] = {}
    for row in rows:
        by_property.setdefault(row["property"] or "", set()).add(row[tag] or "")
    return [
        row
        for row in rows
        if not row[tag]
        or row[tag] == language
        or language not in by_property[row["property"] or ""]
    ]


def _facts(rows: list[Row], language: str) -> tuple[Fact, ...]:
    rows = _in_language(rows, language, "value", "language")
    inner: dict[tuple[str, str], list[Fact]] = {}
    for row in rows:
        if row["innerProperty"] is None or row["innerKind"] == "node":
            continue
        facts = inner.setdefault((row["property"], row["value"]), [])
        if row["innerLanguage"] and row["innerLanguage"] != language:
            continue
        fact = Fact(row["innerProperty"], row["innerValue"], row["innerKind"])
        if fact not in facts:
            facts.append(fact)
    seen = {}
    for row in rows:
        key = (row["property"], row["value"])
        if key not in seen:
            kind = "node" if key in inner else row["kind"]
            seen[key] = Fact(row["property"], row["value"], kind, tuple(inner.get(key, ())))
    return tuple(seen.values())


def _references(rows: list[Row], blank_rows: list[Row]) -> tuple[References, ...]:
    groups: dict[str, dict[str, set[str]]] = {}
    for row in rows:
        group = groups.setdefault(row["property"], {})
        group.setdefault(row["subject"], set()).update([row["type"]] if row["type"] else [])
    held: dict[str, dict[Held, None]] = {}
    for row in blank_rows:
        held.setdefault(row["property"], {})[Held(row["type"], row["holder"])] = None
    blank = {row["subject"] for row in rows if true(row["blank"])}
    more = len(rows) > REFERENCES_READ
    return tuple(
        References(
            prop,
            len(subjects),
            more,
            tuple(sorted({t for types in subjects.values() for t in types})),
            tuple([s for s in subjects if s not in blank][:EXAMPLES]),
            tuple(list(held.get(prop, {}))[:EXAMPLES]),
        )
        for prop, subjects in sorted(groups.items(), key=lambda g: -len(g[1]))
    )


def described(names: Mapping[str, str], subject: str, types: list[str], owner: str | None) -> str:
    """A name for a record without one (an adoption, a contract, a finding): what it is, the
    end of its IRI and whose it is, e.g. "afname digid · gemeente Almere"."""
    if names.get(subject, short(subject)) != short(subject) or not types:
        return names.get(subject, short(subject))
    kind = names.get(types[0]) or short(types[0])
    return f"{kind} {short(subject)}" + (f" · {names.get(owner) or short(owner)}" if owner else "")


def _owners(store: Store, subjects: list[str]) -> dict[str, str]:
    """The organisation each of ``subjects`` is about, if any (``subject-organisations.rq``),
    which gives a nameless record, such as an adoption, a readable name: asked of the few a
    page shows, not of every reference (a third of their reading's time)."""
    found: dict[str, str] = {}
    text = queries.internal("subject-organisations").text
    for bound in sparql_text.bound_to(text, "subject", subjects):
        for row in store.query(bound):
            if row["predicate"] == NDSG.organisation:
                subject = row["subject"].value
                found[subject] = min(found.get(subject, row["object"].value), row["object"].value)
    return found


def resource(store: Store, iri: str, language: str, *, referred: bool = True) -> Resource:
    """What the store says about ``iri`` and, if ``referred``, what refers to it (a page that
    shows no references saves their reading: a third of a second for a large supplier)."""
    reader = Reader(store, language)
    facts = _facts(reader.rows("resource-facts", resource=iri), language)
    reader.mention(iri, *(f.property for f in facts), *(f.property for n in facts for f in n.inner))
    names = reader.names()
    own_types = [f.value for f in facts if f.property == RDF.type.value]
    owner = next((f.value for f in facts if f.property == NDSG.organisation.value), None)
    names[iri] = described(names, iri, own_types, owner)
    about = Resource(iri, tuple(own_types), facts, (), names)
    return referenced(store, about, language) if referred else about


def referenced(store: Store, about: Resource, language: str) -> Resource:
    """``about`` (read without its references) with what refers to it."""
    reader = Reader(store, language)
    referring, held = together(
        lambda: reader.rows("resource-references", named=False, resource=about.iri),
        lambda: reader.rows("resource-blank-references", resource=about.iri),
    )
    references = _references(referring, held)
    types: dict[str, list[str]] = {}
    for row in referring:
        types.setdefault(row["subject"], []).extend([row["type"]] if row["type"] else [])
    shown = [subject for group in references for subject in group.examples]  # named: 2,000 take
    owners = _owners(store, shown)
    reader.mention(  # a fifth of a second at 1M
        *(group.property for group in references),
        *(kind for group in references for kind in group.types),
        *shown,
        *owners.values(),
    )
    names = {**about.names, **reader.names()}
    for subject in shown:
        names[subject] = described(names, subject, types[subject], owners.get(subject))
    return replace(about, references=references, names=names)
