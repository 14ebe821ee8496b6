"""A supplier's profile: the organisations and functions it serves, its share per function
(of the organisations of a type that run a supplied application for it), and the exit terms of
its contracts."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ndsgraph.profiles.reading import Reader, Row, Section
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store


@dataclass(frozen=True)
class SupplierProfile:
    about: Resource
    organisations: int  # served, of supplier-customers.rq
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
    by_function = reader.tally("supplier-customers", "organisation", "function", supplier=iri)
    served = reader.tally("supplier-customers", "organisation", supplier=iri)
    exits = reader.tally("contracts", "contract", "exitClause", supplier=iri)
    return SupplierProfile(
        about=about,
        organisations=sum(served.values()),
        applications=reader.section("supplier-customers", "system", supplier=iri),
        by_function=tuple(
            sorted(((f, n) for (f,), n in by_function.items()), key=lambda p: (-p[1], p[0] or ""))
        ),
        shares=tuple(reader.rows("supplier-shares", supplier=iri)),
        contracts=reader.section("contracts", "contract", sum(exits.values()), supplier=iri),
        without_exit=sum(n for (exit_clause,), n in exits.items() if exit_clause == "false"),
        today=date.today().isoformat(),
        names={**about.names, **reader.names()},
    )
