"""Reading a profile's answers: stored queries with some variables bound to the one resource a
page is about (so each stays small on a national store), as plain rows, with every IRI in them
remembered so that their names are looked up once, in the reader's language."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ndsgraph import names as naming
from ndsgraph.sparql import ordering, queries, sparql_text
from ndsgraph.store import Store

Row = Mapping[str, str | None]
SHOWN = 25  # the rows of a long list a page shows; the rest are a link away


@dataclass(frozen=True)
class Section:
    """The start of a list that may be long (an organisation's 60,000 contracts), how many
    it holds in all, and the stored query and parameters that give the whole list."""

    rows: tuple[Row, ...]
    total: int
    query: str
    parameters: Mapping[str, str]

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


class Reader:
    """The answers a profile is made of, and the names of what they mention."""

    def __init__(self, store: Store, language: str) -> None:
        self.store = store
        self.language = language
        self._iris: set[str] = set()

    def rows(self, name: str, *, named: bool = True, **bound: str) -> list[Row]:
        """The stored query ``name`` with the variables ``bound`` set to these IRIs (a
        parameter, or any variable the query's text names, as ``deviations`` its
        ``?organisation``): the same answer as the whole query, narrowed to them. With
        ``named`` false its IRIs get no names (a page shows only figures of it). A literal
        with a language is a ``names.Text`` that keeps it (a motivation may be Dutch only)."""
        return self._rows(_text(name, bound), named)

    def section(self, name: str, key: str, total: int | None = None, **bound: str) -> Section:
        """The first ``SHOWN`` rows of ``rows(name, **bound)``, in the query's order, and the
        number of distinct ``?key`` values in its whole answer (``total``, if counted)."""
        shown = self._rows(sparql_text.paged(_text(name, bound), SHOWN, None), True)
        if total is None:
            few = len(shown) < SHOWN  # the whole answer
            counted = self.tally(name, key, **bound) if not few else {}
            total = len({r[key] for r in shown}) if few else sum(counted.values())
        return Section(tuple(shown), total, name, dict(bound))

    def tally(self, name: str, key: str, *by: str, **bound: str) -> dict[tuple, int]:
        """How many distinct ``?key`` values the answer of ``rows(name, **bound)`` holds, per
        combination of the values of ``by`` (none: one count, under ``()``)."""
        text = sparql_text.tallied(_text(name, bound), key, by)
        return {
            tuple(row[column] for column in by): int(row["rows"] or 0)
            for row in self._rows(text, True)
        }

    def sections(
        self, name: str, key: str, by: str, via: str | None = None, **bound: str
    ) -> dict[str, "Section"]:
        """``section`` per value of ``?by`` (a dependant's kind: building block, application,
        organisation), each with the number of distinct ``?key`` values of its own, from one
        reading of the whole answer, ordered here (``ordering``); only the rows shown are
        named. For a list of some thousands: cheaper than Oxigraph's sort and a count each.
        ``via``: an internal query that gives only some groups of ``name``'s rows, cheaper
        (the groups a page lists, not those it only counts)."""
        text = _internal(via, bound) if via else _text(name, bound)
        result, order = self._unordered(text)
        groups: dict[str, list[ox.QuerySolution]] = {}
        for solution in ordering.ordered(result, order):
            groups.setdefault(_value(solution[by]), []).append(solution)
        return {
            group: self._cut(result.variables, found, key, name, bound)
            for group, found in groups.items()
        }

    def ordered(self, name: str, key: str, **bound: str) -> "Section":
        """``section``, from one reading of the whole answer, ordered here (see ``sections``)."""
        result, order = self._unordered(_text(name, bound))
        return self._cut(result.variables, ordering.ordered(result, order), key, name, bound)

    def first(self, name: str, key: str, keys: str, **bound: str) -> "Section":
        """``section`` for a list whose rows cost much to read (findings with their messages
        and deviations): the internal query ``keys`` gives every ``?key`` of the same answer
        with the columns ``name`` orders by, and nothing more; ordered here, they give the
        count and the first ``SHOWN``, and only theirs are read of ``name``."""
        text, order = sparql_text.unordered(_text(name, bound))
        listed = ordering.ordered(self.store.query(_internal(keys, bound)), order)
        every = list(dict.fromkeys(_value(solution[key]) for solution in listed))
        shown, variables = [], []
        for value in every[:SHOWN]:  # each written in: a VALUES block of 25 findings took 0.3 s
            result = self.store.query(sparql_text.inlined(text, key, value))
            variables = result.variables
            shown.extend(result)
        rows = self._converted(variables, ordering.ordered(shown, order), True)
        return Section(tuple(rows), len(every), name, dict(bound))

    def counted(self, name: str, **bound: str) -> int:
        """The one figure the internal query ``name`` gives (a COUNT in SPARQL: a page that
        shows only how many need not read them all)."""
        (solution,) = self.store.query(_internal(name, bound))
        return int(solution[0].value)

    def _unordered(self, text: str) -> tuple[ox.QuerySolutions, tuple[tuple[str, bool], ...]]:
        text, order = sparql_text.unordered(text)
        return self.store.query(text), order

    def _cut(
        self,
        variables: list[ox.Variable],
        solutions: list[ox.QuerySolution],
        key: str,
        name: str,
        bound: Mapping[str, str],
    ) -> "Section":
        """The rows of the first ``SHOWN`` values of ``?key``, named, and how many there are."""
        every = list(dict.fromkeys(_value(solution[key]) for solution in solutions))
        shown = set(every[:SHOWN])
        rows = self._converted(variables, [s for s in solutions if _value(s[key]) in shown], True)
        return Section(tuple(rows), len(every), name, dict(bound))

    def _rows(self, text: str, named: bool) -> list[Row]:
        result = self.store.query(text)
        return self._converted(result.variables, result, named)

    def _converted(
        self, variables: list[ox.Variable], solutions: Iterable[ox.QuerySolution], named: bool
    ) -> list[Row]:
        columns = [v.value for v in variables]
        answer = []
        for solution in solutions:
            row = {}
            for column in columns:
                term = solution[column]
                if named and isinstance(term, ox.NamedNode):
                    self._iris.add(term.value)
                row[column] = None if term is None else _cell(term)
            answer.append(row)
        return answer

    def mention(self, *iris: str | None) -> None:
        """Names wanted for IRIs that no answer held."""
        self._iris.update(iri for iri in iris if iri)

    def names(self) -> dict[str, str]:
        """The name of every IRI read or mentioned that has one, in the reader's language (a
        page shows the others as what they are: an IRI)."""
        found = naming.names(self.store, self._iris, self.language)
        return {iri: name for iri, name in found.items() if name != naming.short(iri)}


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.Literal) and term.language:
        return naming.Text(term.value, term.language)
    return term.value


def _text(name: str, bound: Mapping[str, str]) -> str:
    return _bound(queries.stored(name).text, bound)


def _internal(name: str, bound: Mapping[str, str]) -> str:
    return _bound(queries.internal(name).text, bound)


def _bound(text: str, bound: Mapping[str, str]) -> str:
    for variable, iri in bound.items():  # see sparql_text.inlined: a constant in each
        text = sparql_text.inlined(text, variable, iri)  # branch, not a BIND before them
    return text


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def number(value: str | None) -> float:
    """A numeric cell (a missing one is 0)."""
    return float(value) if value else 0.0


def true(value: str | None) -> bool:
    return value in ("true", "1")


def distinct(rows: list[Row], column: str) -> tuple[Row, ...]:
    """The first row of each value of ``column`` (a finding linked to a resource twice)."""
    first: dict[str | None, Row] = {}
    for row in rows:
        first.setdefault(row[column], row)
    return tuple(first.values())
