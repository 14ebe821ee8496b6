"""Reading a profile's answers: stored queries with some variables bound to the one resource a
page is about (so each stays small on a national store), as plain rows, with every IRI in them
remembered so that their names are looked up once, in the reader's language."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from ndsgraph import names as naming
from ndsgraph.errors import InputError
from ndsgraph.sparql import ordering, queries, sparql_text
from ndsgraph.store import Store

Row = Mapping[str, str | None]
T = TypeVar("T")
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

    def rows(
        self, name: str, *, named: bool = True, unnamed: tuple[str, ...] = (), **bound: str
    ) -> list[Row]:
        """The stored query ``name`` with the variables ``bound`` set to these IRIs (a
        parameter, or any variable the query's text names, as ``deviations`` its
        ``?organisation``): the same answer as the whole query, narrowed to them. With
        ``named`` false its IRIs get no names (a page shows only figures of it), nor do
        those of the columns ``unnamed`` (a page only links to them). A literal
        with a language is a ``names.Text`` that keeps it (a motivation may be Dutch only).
        Its ORDER BY is done here where it can be (``ordering``): a third of the time of a
        profile's findings went to Oxigraph's sort."""
        text, order = _sortable(_text(name, bound))
        result = self.store.query(text)
        found = ordering.ordered(result, order)
        return self._converted(result.variables, found, named, unnamed)

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
        named. Each section keeps the first row per ``?key`` value, in that order (``_cut``):
        a key's other rows, such as a second graph's record of the same adoption, are not
        shown, as the key is counted once. For a list of some thousands: cheaper than
        Oxigraph's sort and a count each. ``via``: an internal query that gives only some
        groups of ``name``'s rows, cheaper (the groups a page lists, not those it only
        counts)."""
        text = _internal(via, bound) if via else _text(name, bound)
        result, order = self._unordered(text)
        groups: dict[str, list[ox.QuerySolution]] = {}
        for solution in ordering.ordered(result, order):
            groups.setdefault(_value(solution[by]), []).append(solution)
        return {
            group: self._cut(result.variables, found, key, name, bound)
            for group, found in groups.items()
        }

    def listed(self, name: str, column: str, **bound: str) -> set[str]:
        """The values of ``?column`` in the answer of the internal query ``name``."""
        result = self.store.query(_internal(name, bound))
        return {solution[column].value for solution in result if solution[column] is not None}

    def ordered(self, name: str, key: str, **bound: str) -> "Section":
        """``section``, from one reading of the whole answer, ordered here (see ``sections``)."""
        result, order = self._unordered(_text(name, bound))
        return self._cut(result.variables, ordering.ordered(result, order), key, name, bound)

    def first(
        self,
        name: str,
        key: str,
        keys: str,
        kept: str | None = None,
        unnamed: tuple[str, ...] = (),
        **bound: str,
    ) -> "Section":
        """``section`` for a list whose rows cost much to read (findings with their messages
        and deviations): the internal query ``keys`` gives every ``?key`` of the same answer
        with the columns it is ordered by, and nothing more; ordered here, they give the
        count and the first ``SHOWN``, and only theirs are read of ``name`` (all their rows).
        ``kept``: an internal query that gives, where the store keeps them, the answer's
        number (``?number``) and its first keys with those columns: read instead of ``keys``
        (a building block's thousands of findings, ``register.about``). ``unnamed``: as in
        ``rows``. Of each key its first row is shown (a finding explained twice is one)."""
        variables, shown, total, _ = self._keyed(name, key, keys, (), bound, kept)
        rows = self._converted(variables, _firsts(shown, key), True, unnamed)
        return Section(tuple(rows), total, name, dict(bound))

    def section_by_keys(
        self, name: str, key: str, keys: str, *by: str, **bound: str
    ) -> tuple["Section", dict[tuple, int]]:
        """``section`` (the first ``SHOWN`` rows in the query's order) and what ``tally(name,
        key, *by, **bound)`` would count, from one reading of ``keys`` (as in ``first``, with
        the columns ``by`` too): of ``name`` only the rows of the first ``SHOWN`` keys are
        read, not the whole answer that an order needs (an organisation's 576 contracts)."""
        variables, shown, total, tallied = self._keyed(name, key, keys, by, bound)
        rows = self._converted(variables, shown[:SHOWN], True)
        return Section(tuple(rows), total, name, dict(bound)), tallied

    def _keyed(
        self,
        name: str,
        key: str,
        keys: str,
        by: tuple[str, ...],
        bound: Mapping[str, str],
        kept: str | None = None,
    ) -> tuple[list[ox.Variable], list[ox.QuerySolution], int, dict[tuple, int]]:
        """The rows of ``name`` of its first ``SHOWN`` keys, in its order (where that can be
        done here; else in the order of their keys, a key's rows as the store gives them), read
        in one query (``sparql_text.unioned``), how many keys there are, and the keys per
        value of ``by``. The keys are in the order of ``keys`` if it has one (it may order by
        what ``name`` computes in its ORDER BY), else in that of ``name``; or those ``kept``
        gives (see ``first``), if it gives as many as are shown. Rows are distinct
        (``sparql_text.distinct``): a statement two graphs hold is not two rows."""
        text = sparql_text.distinct(_text(name, bound))
        order = _sortable(text)[1]
        listed, total = self._kept(kept, key, order, bound) if kept else ([], None)
        if total is None:
            listing, own = sparql_text.unordered(_internal(keys, bound))
            listed = ordering.ordered(self.store.query(listing), own or order)
        every = list(dict.fromkeys(_value(solution[key]) for solution in listed))
        total = len(every) if total is None else total
        counted: dict[tuple, set[str | None]] = {}
        for solution in listed:
            counted.setdefault(tuple(_value(solution[c]) for c in by), set()).add(
                _value(solution[key])
            )
        place = {value: index for index, value in enumerate(every[:SHOWN])}
        shown: list[ox.QuerySolution] = []
        variables: list[ox.Variable] = []
        if place:  # each written in: a VALUES block of 25 findings took 0.3 s
            unordered = sparql_text.without_order(text)  # ordered here, by key and ``order``
            result = self.store.query(sparql_text.unioned(unordered, key, list(place)))
            variables = result.variables
            shown.extend(result)
        shown.sort(key=lambda solution: place[_value(solution[key])])
        tallied = {values: len(found) for values, found in counted.items()}
        return variables, ordering.ordered(shown, order), total, tallied

    def _kept(
        self, kept: str, key: str, order: tuple[tuple[str, bool], ...], bound: Mapping[str, str]
    ) -> tuple[list[ox.QuerySolution], int | None]:
        """The first keys the internal query ``kept`` gives, in ``order``, and its number; no
        number if it gives fewer keys than are shown of so many (none kept: a resource with
        few, or a store recorded before they were kept)."""
        listed = ordering.ordered(self.store.query(_internal(kept, bound)), order)
        total = int(listed[0]["number"].value) if listed else 0
        firsts = {_value(solution[key]) for solution in listed}
        return listed, total if listed and len(firsts) >= min(SHOWN, total) else None

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
        """The first row of each of the first ``SHOWN`` values of ``?key`` (an organisation
        whose adoption two graphs record is one adopter, as it is counted), named, and how
        many values there are."""
        first = _firsts(solutions, key)
        rows = self._converted(variables, first[:SHOWN], True)
        return Section(tuple(rows), len(first), name, dict(bound))

    def _rows(self, text: str, named: bool) -> list[Row]:
        result = self.store.query(text)
        return self._converted(result.variables, result, named)

    def _converted(
        self,
        variables: list[ox.Variable],
        solutions: Iterable[ox.QuerySolution],
        named: bool,
        unnamed: tuple[str, ...] = (),
    ) -> list[Row]:
        columns = [v.value for v in variables]
        naming = {column for column in columns if named and column not in unnamed}
        answer = []
        for solution in solutions:
            row = {}
            for column in columns:
                term = solution[column]
                if column in naming and isinstance(term, ox.NamedNode):
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


def _sortable(text: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    """``sparql_text.unordered``, or the query as it is (its order left to the store) if it
    orders by an expression or pages its own answer."""
    try:
        return sparql_text.unordered(text)
    except InputError:
        return text, ()


def _internal(name: str, bound: Mapping[str, str]) -> str:
    return _bound(queries.internal(name).text, bound)


def _bound(text: str, bound: Mapping[str, str]) -> str:
    for variable, iri in bound.items():  # see sparql_text.inlined: a constant in each
        text = sparql_text.inlined(text, variable, iri)  # branch, not a BIND before them
    return text


def _firsts(solutions: Iterable[ox.QuerySolution], key: str) -> list[ox.QuerySolution]:
    """The first solution of each value of ``?key``, in their order."""
    return _first_of(solutions, lambda solution: _value(solution[key]))


def _first_of(items: Iterable[T], value: Callable[[T], object]) -> list[T]:
    """The first of ``items`` with each ``value``, in their order."""
    first: dict[object, T] = {}
    for item in items:
        first.setdefault(value(item), item)
    return list(first.values())


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def number(value: str | None) -> float:
    """A numeric cell (a missing one is 0)."""
    return float(value) if value else 0.0


def distinct(rows: list[Row], column: str) -> tuple[Row, ...]:
    """The first row of each value of ``column`` (a finding linked to a resource twice)."""
    return tuple(_first_of(rows, lambda row: row[column]))
