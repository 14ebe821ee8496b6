"""The columns of a row of the register, read from ``register.rq``'s projection (the query is
the source of truth): the same for the register page, its CSV and JSON, ``ndsgraph register``
and the findings a submission explains anew (``explanations``).

The query also projects the parameters a finding is compared with (as of a moment, after a
run, expiring by a date), bound alike in every row: no column of a finding.
"""

import functools
from collections.abc import Mapping

import pyoxigraph as ox

from ndsgraph.sparql import queries
from ndsgraph.store import Term

BOUNDS = ("moment", "run", "date")  # the types of those parameters


@functools.cache
def names() -> tuple[str, ...]:
    """register.rq's columns, in its order: its projection without the parameters of a type
    in ``BOUNDS``."""
    query = queries.stored("register")
    bounds = {p.name for p in query.parameters if p.type in BOUNDS}
    return tuple(name for name in query.projection if name not in bounds)


def of(solution: ox.QuerySolution | Mapping[str, Term | None]) -> dict[str, str]:
    """A solution of register.rq (or a row read as a mapping) as a row of the register: its bound columns, as text."""
    return {name: term.value for name in names() if (term := solution[name]) is not None}
