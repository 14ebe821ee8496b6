"""A supplier's profile: the organisations and functions it serves, its share per function
(of the organisations of a type that run a supplied application for it), and the exit terms of
its contracts. The organisations it serves are read from the organisation counts ndsgraph keeps
(``validation.counts``): counting them over its thousands of applications took seconds."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ndsgraph.profiles.reading import Reader, Row, Section, number
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store


@dataclass(frozen=True)
class SupplierProfile:
    about: Resource
    organisations: int  # served, of supplier-reach.rq
    applications: Section  # supplier-customers.rq: its applications and whose they are
    by_function: tuple[tuple[str | None, int], ...]  # organisations served per function
    shares: tuple[Row, ...]  # supplier-shares.rq
    contracts: Section
    without_exit: int  # contracts without an exit clause
    today: str
    names: Mapping[str, str]

    @property
    def functions(self) -> tuple[str, ...]:
        return tuple(f for f, _ in self.by_function if f)


def supplier(store: Store, about: Resource, language: str) -> SupplierProfile:
    """The profile of the supplier ``iri``."""
    iri = about.iri
    reader = Reader(store, language)
    reach = reader.rows("supplier-reach", supplier=iri)
    by_function: dict[str | None, int] = {}
    for row in reach:  # summed over the types: an organisation has one
        by_function[row["function"]] = by_function.get(row["function"], 0) + int(
            number(row["organisations"])
        )
    served = by_function.pop(None, 0)  # the customer reach: for whatever function
    exits = reader.tally("contracts", "contract", "exitClause", supplier=iri)
    return SupplierProfile(
        about=about,
        organisations=served,
        applications=reader.section("supplier-customers", "system", supplier=iri),
        by_function=tuple(sorted(by_function.items(), key=lambda p: (-p[1], p[0] or ""))),
        shares=tuple(reader.rows("supplier-shares", supplier=iri)),
        contracts=reader.section("contracts", "contract", sum(exits.values()), supplier=iri),
        without_exit=sum(n for (exit_clause,), n in exits.items() if exit_clause == "false"),
        today=date.today().isoformat(),
        names={**about.names, **reader.names()},
    )
