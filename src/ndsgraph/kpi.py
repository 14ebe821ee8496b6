"""The NDS KPIs named in the advice, each computed by a stored query that is shown with it.

- adoptiegraad per bouwsteen: ``kpi-adoption-rate.rq`` and ``kpi-adoption-rate-by-type.rq``;
- aantal en type afwijkingen: ``kpi-deviations.rq`` over a validation run;
- reductie van varianten: ``kpi-variants.rq`` now, ``kpi-variants-change.rq`` between two runs.
"""

from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph import queries, resources
from ndsgraph import runs as recorded
from ndsgraph.errors import InputError
from ndsgraph.store import Store

KPIS = ("adoption", "deviations", "variants")


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


def runs(store: Store, *, submissions: bool = True) -> list[str]:
    """Validation runs, newest first; without ``submissions`` only whole-store runs, which
    judge everyone (a submission's run judges one submitter's upload)."""
    rows = queries.run(store, queries.stored("runs"))
    return [row["run"].value for row in rows if submissions or row["submitter"] is None]


def adoption(store: Store) -> list[KpiResult]:
    return [result(store, "kpi-adoption-rate"), result(store, "kpi-adoption-rate-by-type")]


def deviations(store: Store, run: str | None = None) -> list[KpiResult]:
    run = recorded.named(store, run) if run else next(iter(runs(store, submissions=False)), None)
    if run is None:
        raise InputError("no validation run in the store yet: run `ndsgraph validate` first")
    return [result(store, "kpi-deviations", {"run": run})]


def variants(store: Store, since: str | None = None) -> list[KpiResult]:
    """Variants now; with two or more whole-store runs also the change from ``since`` (default:
    the oldest) to the latest (submission runs do not count variants)."""
    results = [result(store, "kpi-variants")]
    history = [row[0] for row in result(store, "kpi-trend").rows]  # whole-store runs, oldest first
    if len(history) >= 2:
        since = recorded.named(store, since) if since else history[0]
        results.append(result(store, "kpi-variants-change", {"from": since, "to": history[-1]}))
    return results
