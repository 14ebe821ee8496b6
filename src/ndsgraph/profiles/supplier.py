"""A supplier's profile: the organisations and functions it serves, its share per function
(of the organisations of a type that run a supplied application for it), and the exit terms of
its contracts, per function. A summary, not lists: a large supplier has thousands of
applications and contracts, a link away (the stored queries' whole answers). Every figure is
read from the counts ndsgraph keeps (``validation.counts``): counting them took seconds."""

from collections.abc import Mapping
from dataclasses import dataclass

from ndsgraph.profiles.reading import Reader, Row, Section, number
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store
from ndsgraph.vocabulary import NDSG


@dataclass(frozen=True)
class Supply:
    """What a supplier supplies for one function (None: for whatever function)."""

    function: str | None
    organisations: int  # served, of supplier-reach.rq
    applications: int
    contracts: int
    without_exit: int  # contracts without an exit clause
    first_end: str | None  # the year its first contract ends


@dataclass(frozen=True)
class SupplierProfile:
    about: Resource
    overall: Supply
    by_function: tuple[Supply, ...]  # most organisations first
    shares: tuple[Row, ...]  # supplier-shares.rq
    applications: Section  # no rows: a link to supplier-customers.rq's whole answer
    contracts: Section  # no rows: a link to contracts.rq's whole answer
    names: Mapping[str, str]

    @property
    def functions(self) -> tuple[str, ...]:
        return tuple(s.function for s in self.by_function if s.function)


def supplier(store: Store, about: Resource, language: str) -> SupplierProfile:
    """The profile of the supplier ``iri``."""
    iri = about.iri
    reader = Reader(store, language)
    served: dict[str | None, int] = {}
    for row in reader.rows("supplier-reach", supplier=iri):  # summed over the types
        served[row["function"]] = served.get(row["function"], 0) + int(number(row["organisations"]))
    counted: dict[tuple[str | None, str], int] = {}
    ends: dict[str | None, str] = {}
    for row in reader.rows("supplier-supplies", supplier=iri):
        kind, function = row["kind"], row["function"]
        if kind == NDSG.ContractsEnding.value:
            ends[function] = min(ends.get(function, row["endYear"]), row["endYear"])
        else:
            counted[(function, kind)] = int(number(row["number"]))
    supplies = {
        function: Supply(
            function,
            served.get(function, 0),
            counted.get((function, NDSG.SuppliedApplications.value), 0),
            counted.get((function, NDSG.SupplierContracts.value), 0),
            counted.get((function, NDSG.ContractsWithoutExit.value), 0),
            ends.get(function),
        )
        for function in {None} | set(served) | {f for f, _ in counted}
    }
    overall = supplies.pop(None)
    return SupplierProfile(
        about=about,
        overall=overall,
        by_function=tuple(
            sorted(supplies.values(), key=lambda s: (-s.organisations, -s.contracts, s.function))
        ),
        shares=tuple(reader.rows("supplier-shares", supplier=iri)),
        applications=Section((), overall.applications, "supplier-customers", {"supplier": iri}),
        contracts=Section((), overall.contracts, "contracts", {"supplier": iri}),
        names={**about.names, **reader.names()},
    )
