"""The NDS KPIs named in the advice, each computed by a stored query that is shown with it.

- adoptiegraad per bouwsteen: ``kpi-adoption-rate.rq`` and ``kpi-adoption-rate-by-type.rq``;
- aantal en type afwijkingen: ``kpi-deviations.rq`` over the register, now or as of a moment;
- reductie van varianten: ``kpi-variants.rq`` now, ``kpi-variants-change.rq`` between two moments;
- adoptie van de standaarden, gemeten en uit registers: ``kpi-standard-adoption.rq`` now or
  as of a date, a row per kind of evidence (gemeten: internet.nl, register: the API register),
  and ``kpi-standard-adoption-trend.rq`` per batch date of each standard.
"""

from dataclasses import dataclass, replace

import pyoxigraph as ox

from ndsgraph import notation, resources
from ndsgraph.errors import InputError, shown
from ndsgraph.names import DEFAULT_LANGUAGE
from ndsgraph.register import kpi_columns
from ndsgraph.register import runs as recorded
from ndsgraph.sparql import queries
from ndsgraph.sparql.named import is_iri, named_table
from ndsgraph.store import Store

KPIS = ("adoption", "deviations", "variants", "standards")


@dataclass(frozen=True)
class KpiResult:
    """One KPI table and the query (with its parameters) that produced it."""

    title: str
    query: str
    parameters: dict[str, str]
    columns: list[str]
    rows: list[list[str]]

    @property
    def source(self) -> str:
        bound = " ".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{resources.queries_dir() / self.query}.rq" + (f" ({bound})" if bound else "")

    def named(self, store: Store, language: str = DEFAULT_LANGUAGE) -> "KpiResult":
        """The table with the names of its IRIs in ``language`` beside them (``<column>Name``,
        see ``ndsgraph.sparql.named``): what a CSV gives people."""
        columns, rows = named_table(store, self.columns, self.rows, language)
        return replace(self, columns=columns, rows=rows)

    def shown(self, language: str = DEFAULT_LANGUAGE) -> "KpiResult":
        """The table people read, in ``language``: its title, and where a term's name
        (``<column>Name``) is beside it, the name alone; each column under its name for people
        (``kpi_columns``, as the dashboard heads it: the CLI showed English names under Dutch
        titles). A ``name`` column names the first one (as the dashboard reads it), so it goes
        where the first is shown by its name: it was a second column of the same names. Numbers
        and dates are in the language's notation (``notation.readable``: 17,9 in Dutch, where
        the table read 17.9); a name is shown as it is."""
        named_first = f"{self.columns[0]}Name" in self.columns if self.columns else False
        kept = [
            i
            for i, c in enumerate(self.columns)
            if f"{c}Name" not in self.columns and not (c == "name" and named_first)
        ]
        names = {f"{c}Name": c for c in self.columns}
        columns = [names.get(self.columns[i], self.columns[i]) for i in kept]
        values = [i for i in kept if self.columns[i] not in names]  # not a name: a value
        return replace(
            self,
            title=queries.stored(self.query).title_in(language),
            columns=[kpi_columns.name(self.query, c, language) for c in columns],
            rows=[
                [notation.readable(row[i], language) if i in values else row[i] for i in kept]
                for row in self.rows
            ],
        )


def result(store: Store, name: str, parameters: dict[str, str] | None = None) -> KpiResult:
    """A stored query's answer as a table; parameters are left out of the columns."""
    stored = queries.stored(name)
    solutions = queries.run(store, stored, parameters)
    declared = {parameter.name for parameter in stored.parameters}
    columns = [v.value for v in solutions.variables if v.value not in declared]
    rows = [[_text(solution[c]) for c in columns] for solution in solutions]
    return KpiResult(stored.title, name, parameters or {}, columns, rows)


def _text(term: ox.NamedNode | ox.Literal | None) -> str:
    return "" if term is None else term.value


def adoption(store: Store, evidence: str | None = None) -> list[KpiResult]:
    """The adoption rates; with ``evidence`` (a kind of evidence: its notation in begrip/bewijs,
    an unknown one an input error naming it), of the adoptions known that way only."""
    parameters = {"evidenceKind": evidence} if evidence else {}
    return [
        result(store, "kpi-adoption-rate", parameters),
        result(store, "kpi-adoption-rate-by-type", parameters),
    ]


def as_of(store: Store, run: str | None = None, at: str | None = None) -> dict[str, str]:
    """The register parameters for "now", a moment or right after a run (checked: an unknown
    run is an input error naming it)."""
    if run:
        return {"run": recorded.named(store, run)}
    return {"at": at} if at else {}


def deviations(store: Store, run: str | None = None, at: str | None = None) -> list[KpiResult]:
    return [result(store, "kpi-deviations", as_of(store, run, at))]


def variants(
    store: Store,
    since: str | None = None,
    until: str | None = None,
    called: tuple[str, str] = ("since", "until"),
) -> list[KpiResult]:
    """Variants now, and their change since ``since`` up to ``until`` (each a date, a time or
    a run; default: right after the first run, and now). A refused moment is named as the
    caller calls it (``called``: the CLI's --since and --at), not as the query's parameters
    ``from`` and ``to``."""
    earlier, later = _moment(store, since, called[0]), _moment(store, until, called[1])
    if earlier and queries.comes_after(earlier, later):
        limit = f"{called[1]} ({shown(until)})" if later else "today"
        raise InputError(f"{called[0]}: {shown(since)} comes after {limit}")
    span = {k: v for k, v in (("from", earlier), ("to", later)) if v}
    return [result(store, "kpi-variants"), result(store, "kpi-variants-change", span)]


def _moment(store: Store, given: str | None, called: str) -> str | None:
    """A date or a time as given, or when the run ``given`` names was recorded; a refusal
    names it as ``called``."""
    if given and is_iri(given):
        try:
            return recorded.ended(store, given)
        except InputError as error:
            raise InputError(f"{called}: {error}") from None
    if given:
        try:
            queries.moment(given)
        except ValueError:
            raise InputError(
                f"{called}: '{shown(given)}' is not a date (YYYY-MM-DD), a time "
                "(YYYY-MM-DDTHH:MM:SS) or a validation run's IRI"
            ) from None
    return given


def standards(store: Store, at: str | None = None, evidence: str | None = None) -> list[KpiResult]:
    """Adoption of the standards per organisation type and kind of evidence (measured, or from
    a register), now or as of ``at`` (a date, or a time that counts by its date: measurements
    are dated by the day); with ``evidence`` only the measurements of that kind."""
    parameters = {"at": at.partition("T")[0]} if at else {}
    if evidence:
        parameters["evidenceKind"] = evidence
    return [result(store, "kpi-standard-adoption", parameters)]
