"""Organisation counts: how many organisations share a supplier, a solution or a building
block in production, or (per type) a production level, kept as data so the rules that look
across organisations and the profile pages stay cheap. Beside them, supply counts: how many
applications and contracts (without an exit clause, ending in a year) a supplier has per
function, so that a supplier's profile need not read its thousands of rows.

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
# block, a number: blocks in production for ``ndsg:ProductionLevel``, a year for
# ``ndsg:ContractsEnding``)
Key = tuple[str, str, str, str, str, str, str]
Members = dict[str, Counter[Key]]  # per organisation, what it adds to each count
# counts of applications or contracts, not of organisations
SUPPLY = frozenset(
    k.value
    for k in (
        NDSG.SuppliedApplications,
        NDSG.SupplierContracts,
        NDSG.ContractsWithoutExit,
        NDSG.ContractsEnding,
    )
)
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


def memberships(store, organisations: Iterable[str] | None = None) -> Members:
    """Per organisation, what it adds to each count: one to each organisation count it is in,
    its applications and contracts to the supply counts (``organisations``: only theirs, each
    with an entry, if only an empty one; none: everyone's)."""
    found: Members = defaultdict(Counter, {o: Counter() for o in organisations or ()})
    types: dict[str, set[str]] = defaultdict(set)
    keys: dict[str, set[Key]] = defaultdict(set)
    for row in _answer(store, "organisation-memberships", organisations):
        organisation = row["organisation"].value
        keys[organisation].update(_keys(row))
        types[organisation].update(
            [_value(row, "organisationType")] if row["organisationType"] else []
        )
    meant = blocks_meant(store)
    for organisation, kept in keys.items():
        found[organisation].update(kept | set(_levels(kept, types[organisation], meant)))
    supplied: dict[tuple[str, str], set[Key]] = defaultdict(set)  # per (organisation, item)
    for row in _answer(store, "organisation-supplies", organisations):
        item = _value(row, "item") or _value(row, "contract")
        supplied[(row["organisation"].value, item)].update(_supply_keys(row))
    for (organisation, _), kept in supplied.items():
        found[organisation].update(kept)
    return dict(found)


def _answer(store, name: str, organisations: Iterable[str] | None) -> Iterable[ox.QuerySolution]:
    """The rows of the internal query ``name``, everyone's or only ``organisations``'."""
    text = queries.internal(name).text
    if organisations is None:
        yield from store.query(text)
        return
    for organisation in organisations:  # inlined: each branch of a UNION starts from it
        yield from store.query(inlined(text, "organisation", organisation))


def _supply_keys(row: ox.QuerySolution) -> Iterable[Key]:
    """The supply counts one application or contract is in: for its function and for all."""
    supplier, end = _value(row, "supplier"), _value(row, "end")
    if row["contract"] is None:
        kinds = [NDSG.SuppliedApplications.value]
    elif _value(row, "exitClause") in ("false", "0"):
        kinds = [NDSG.SupplierContracts.value, NDSG.ContractsWithoutExit.value]
    else:
        kinds = [NDSG.SupplierContracts.value]
    for function in {_value(row, "function"), ""}:
        for kind in kinds:
            yield (kind, "", function, supplier, "", "", "")
        if kinds[0] == NDSG.SupplierContracts.value and end:
            yield (NDSG.ContractsEnding.value, "", function, supplier, "", "", end[:4])


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
    counted: set[str] = set()
    owners: dict[str, set[str]] = defaultdict(set)
    for t in triples:  # once over them: an import states hundreds of thousands
        if t.predicate == NDSG.organisation:
            owners[t.subject.value].add(t.object.value)
        elif t.predicate in _COUNTED:
            counted.add(t.subject.value)
        elif t.predicate == RDF.type and t.object == NDSG.BuildingBlock:
            return None
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


def counted(members: Mapping[str, Counter[Key]]) -> Counter[Key]:
    """How many organisations (applications, contracts) each count holds."""
    counts: Counter[Key] = Counter()
    for keys in members.values():
        counts.update(keys)
    return counts


def moved(
    current: Counter[Key], before: Mapping[str, Counter[Key]], after: Mapping[str, Counter[Key]]
) -> Counter[Key]:
    """``current`` after some organisations' memberships changed from ``before`` to ``after``."""
    counts = Counter(current)
    for organisation in set(before) | set(after):
        old = Counter(before.get(organisation, ()))
        new = Counter(after.get(organisation, ()))
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
            ending = key[0] == NDSG.ContractsEnding.value
            level = ox.Literal(key[6], datatype=XSD.integer)
            predicate = NDSG.countedEndYear if ending else NDSG.countedInProduction
            triples.append(ox.Triple(subject, predicate, level))
        number_literal = ox.Literal(str(number), datatype=XSD.integer)
        predicate = NDSG.numberCounted if key[0] in SUPPLY else NDSG.numberOfOrganisations
        triples.append(ox.Triple(subject, predicate, number_literal))
    return triples


def current(store) -> Counter[Key]:
    """The counts the store keeps (``COUNTS_GRAPH``), of organisations and of supplies."""
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
                _value(row, "inProduction") or _value(row, "endYear"),
            ): int(row["number"].value)
            for row in rows
        }
    )


def variants(counts: Mapping[Key, int]) -> tuple[Variant, ...]:
    """The variants per function and organisation type: the solutions some organisation uses."""
    solutions = Counter(
        (key[2], key[1]) for key, n in counts.items() if key[0] == NDSG.SolutionReach.value and n
    )
    return tuple(Variant(f, t, n) for (f, t), n in sorted(solutions.items()))
