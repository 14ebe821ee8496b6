"""A supplier's profile: the organisations and functions it serves, its share per function
(of the organisations of a type that run a supplied application for it), and the exit terms of
its contracts."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ndsgraph.profiles.reading import Reader, Row
from ndsgraph.profiles.resource import Resource
from ndsgraph.store import Store


@dataclass(frozen=True)
class SupplierProfile:
    about: Resource
    customers: tuple[Row, ...]  # supplier-customers.rq
    shares: tuple[Row, ...]  # supplier-shares.rq
    contracts: tuple[Row, ...]
    today: str
    names: Mapping[str, str]

    @property
    def organisations(self) -> int:
        return len({r["organisation"] for r in self.customers})

    @property
    def functions(self) -> tuple[str, ...]:
        return tuple(sorted({r["function"] for r in self.customers if r["function"]}))


def supplier(store: Store, about: Resource, language: str) -> SupplierProfile:
    """The profile of the supplier ``iri``."""
    iri = about.iri
    reader = Reader(store, language)
    return SupplierProfile(
        about=about,
        customers=tuple(reader.rows("supplier-customers", supplier=iri)),
        shares=tuple(reader.rows("supplier-shares", supplier=iri)),
        contracts=tuple(reader.rows("contracts", supplier=iri)),
        today=date.today().isoformat(),
        names={**about.names, **reader.names()},
    )
