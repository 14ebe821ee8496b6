"""Organisation counts: how many organisations share a supplier, a solution or a building
block in production, or (per type) a production level, kept as data so the rules that look
across organisations and the profile pages stay cheap.

The lock-in and demonstrated-operation rules and the variant counts all count distinct
organisations over every application and adoption in the store: minutes at national size.
Here those counts are facts (``ndsg:OrganisationCount``) in a graph of their own, counted once
by a whole-store run and then moved by each submission's difference: what its organisations
had in common before and after (``memberships``, a query bound to those organisations). The
rules' SPARQL in ``shapes/`` reads the facts, so whatever the data is read from, the rules
judge the same thing: a validation of plain data counts them from that data (``facts``).
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph.sparql import queries
from ndsgraph.sparql.sparql_text import bound_to, inlined
from ndsgraph.vocabulary import ID, NDSG, RDF, XSD

# what a count is about, in order: (kind, organisation type, function, supplier, solution,
# block, blocks in production: a number, for ``ndsg:ProductionLevel``)
Key = tuple[str, str, str, str, str, str, str]
_DIMENSIONS = (
    (1, NDSG.countedOrganisationType),
    (2, NDSG.countedFunction),  # not ndsg:function etc.: the frameworks' shapes target those,
    (3, NDSG.countedSupplier),  # and a count is no application or adoption
    (4, NDSG.solution),
    (5, NDSG.countedBuildingBlock),
)


@dataclass(frozen=True)
class Variant:
    """The number of distinct solutions for one function in one organisation type."""

    function: str
    organisation_type: str
    variants: int


def _value(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return term.value if term is not None else ""


def _keys(row: ox.QuerySolution) -> Iterable[Key]:
    """The counts one membership row puts its organisation in."""
    kind = _value(row, "organisationType")
    function, block = _value(row, "function"), _value(row, "buildingBlock")
    supplier, product = _value(row, "supplier"), _value(row, "product")
    if block and not function:  # any building block it has in production
        yield (NDSG.ProductionReach.value, "", "", "", "", block, "")
    elif block:  # a building block with a function in production: a solution for it
        yield (NDSG.SolutionReach.value, kind, function, "", block, "", "")
    elif supplier:
        yield (NDSG.SupplierReach.value, kind, function, supplier, "", "", "")
        yield (NDSG.CustomerReach.value, kind, "", supplier, "", "", "")
        yield (NDSG.FunctionReach.value, kind, function, "", "", "", "")
        yield (NDSG.SolutionReach.value, kind, function, "", product or supplier, "", "")


def memberships(store, organisations: Iterable[str] | None = None) -> dict[str, set[Key]]:
    """Per organisation, the counts it is in (``organisations``: only theirs, each with an
    entry, if only an empty one; none: everyone's)."""
    text = queries.internal("organisation-memberships").text
    if organisations is None:
        results = [store.query(text)]
    else:  # inlined: each branch of its UNION starts from the organisation (a third faster)
        results = [store.query(inlined(text, "organisation", o)) for o in organisations]
    found: dict[str, set[Key]] = defaultdict(set, {o: set() for o in organisations or ()})
    types: dict[str, set[str]] = defaultdict(set)
    for rows in results:
        for row in rows:
            organisation = row["organisation"].value
            found[organisation].update(_keys(row))
            types[organisation].update(
                [_value(row, "organisationType")] if row["organisationType"] else []
            )
    meant = blocks_meant(store)
    for organisation, keys in found.items():
        keys.update(_levels(keys, types[organisation], meant))
    return dict(found)


def blocks_meant(store) -> dict[str, frozenset[str]]:
    """Per organisation type, the building blocks whose adoption target names it."""
    meant: dict[str, set[str]] = defaultdict(set)
    for row in store.query(queries.internal("blocks-meant").text):
        meant[row["organisationType"].value].add(row["buildingBlock"].value)
    return {kind: frozenset(blocks) for kind, blocks in meant.items()}


def _levels(keys: set[Key], types: set[str], meant: Mapping[str, frozenset[str]]) -> list[Key]:
    """The production level an organisation is at for each of its types: how many of the
    building blocks meant for the type it has in production (none: no level)."""
    producing = {key[5] for key in keys if key[0] == NDSG.ProductionReach.value}
    levels = ((kind, len(producing & meant.get(kind, frozenset()))) for kind in types)
    return [(NDSG.ProductionLevel.value, kind, "", "", "", "", str(n)) for kind, n in levels if n]


# what puts an organisation in a count: an application's supplier, an adoption's status
_COUNTED = (NDSG.supplier, NDSG.adoptionStatus)


def affected(store, subjects: Iterable[str], triples: Iterable[ox.Triple]) -> frozenset[str] | None:
    """The organisations whose counts a change to ``subjects`` (stating ``triples``) can move:
    those of the subjects that are counted (applications, adoptions) in the store or in the
    triples. None: everyone's, for a change that describes a building block (its function and
    type decide the solution counts of every organisation that has it in production). A
    measurement or a domain moves no count, so an import of thousands of them costs nothing."""
    new = list(triples)
    if any(t.predicate == RDF.type and t.object == NDSG.BuildingBlock for t in new):
        return None
    counted = {t.subject.value for t in new if t.predicate in _COUNTED}
    owners: dict[str, set[str]] = defaultdict(set)
    for t in new:
        if t.predicate == NDSG.organisation:
            owners[t.subject.value].add(t.object.value)
    named = (s for s in subjects if s.startswith(("http://", "https://", "urn:")))
    text = queries.internal("subject-organisations").text
    for query in bound_to(text, "subject", named):
        for row in store.query(query):
            predicate, subject = row["predicate"], row["subject"].value
            if predicate == RDF.type:  # a building block
                return None
            if predicate == NDSG.organisation:
                owners[subject].add(row["object"].value)
            elif predicate in _COUNTED:
                counted.add(subject)
    return frozenset(o for subject in counted for o in owners.get(subject, ()))


def counted(members: Mapping[str, set[Key]]) -> Counter[Key]:
    """How many organisations each count holds."""
    return Counter(key for keys in members.values() for key in keys)


def moved(
    current: Counter[Key], before: Mapping[str, set[Key]], after: Mapping[str, set[Key]]
) -> Counter[Key]:
    """``current`` after some organisations' memberships changed from ``before`` to ``after``."""
    counts = Counter(current)
    for organisation in set(before) | set(after):
        old, new = before.get(organisation, set()), after.get(organisation, set())
        counts.update(new - old)
        counts.subtract(old - new)
    return +counts  # a count no organisation is in is no count


def node(key: Key) -> ox.NamedNode:
    return ox.NamedNode(ID[f"telling/{hashlib.sha256(repr(key).encode()).hexdigest()[:24]}"].value)


def facts(counts: Mapping[Key, int]) -> list[ox.Triple]:
    """The counts as ``ndsg:OrganisationCount`` facts."""
    triples = []
    for key, number in sorted(counts.items()):
        subject = node(key)
        triples.append(ox.Triple(subject, RDF.type, ox.NamedNode(key[0])))
        for index, predicate in _DIMENSIONS:
            if key[index]:
                triples.append(ox.Triple(subject, predicate, ox.NamedNode(key[index])))
        if key[6]:
            level = ox.Literal(key[6], datatype=XSD.integer)
            triples.append(ox.Triple(subject, NDSG.countedInProduction, level))
        number_literal = ox.Literal(str(number), datatype=XSD.integer)
        triples.append(ox.Triple(subject, NDSG.numberOfOrganisations, number_literal))
    return triples


def current(store) -> Counter[Key]:
    """The counts the store keeps (``COUNTS_GRAPH``)."""
    rows = store.query(queries.internal("organisation-counts").text)
    return Counter(
        {
            (
                row["kind"].value,
                _value(row, "organisationType"),
                _value(row, "function"),
                _value(row, "supplier"),
                _value(row, "solution"),
                _value(row, "buildingBlock"),
                _value(row, "inProduction"),
            ): int(row["organisations"].value)
            for row in rows
        }
    )


def variants(counts: Mapping[Key, int]) -> tuple[Variant, ...]:
    """The variants per function and organisation type: the solutions some organisation uses."""
    solutions = Counter(
        (key[2], key[1]) for key, n in counts.items() if key[0] == NDSG.SolutionReach.value and n
    )
    return tuple(Variant(f, t, n) for (f, t), n in sorted(solutions.items()))
