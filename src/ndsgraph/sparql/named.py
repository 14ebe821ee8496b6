"""Tables as people read them: beside each column of IRIs, a column with their names in the
reader's language.

One convention for every table a person reads (KPI tables, the stored-query API's CSV and
HTML, the register): a column of IRIs keeps its name and its IRIs, so what reads it by name
keeps working; its names stand beside it in ``<column>Name``. A query that names a column
itself (``standard`` and ``standardName``) keeps its own names.
"""

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from ndsgraph import notation
from ndsgraph.names import DEFAULT_LANGUAGE, Text, names
from ndsgraph.store import Store, Term
from ndsgraph.vocabulary import RDF, SH, XSD

NAME_SUFFIX = "Name"
SEVERITIES = frozenset(SH[severity].value for severity in ("Violation", "Warning", "Info"))
TEXTS = frozenset((XSD.string, RDF.langString))  # literals shown as written, never as numbers


def is_iri(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith(("http://", "https://", "urn:"))


def term_names(
    store: Store, iris: Iterable[str], language: str = DEFAULT_LANGUAGE
) -> dict[str, str]:
    """``names.names``, a SHACL severity's (ontology/reused-terms.ttl) with a capital: it
    stands alone in its cell, where a label is written as it reads within a sentence."""
    return {
        iri: Text(name[:1].upper() + name[1:], getattr(name, "language", ""))
        if iri in SEVERITIES
        else name
        for iri, name in names(store, iris, language).items()
    }


def name_columns(columns: list[str], rows: list[list[str]]) -> list[str]:
    """The columns that hold IRIs and are not named by the query itself."""
    return [
        column
        for index, column in enumerate(columns)
        if column + NAME_SUFFIX not in columns and any(is_iri(row[index]) for row in rows)
    ]


def with_names(
    columns: list[str], rows: list[list[str]], named: Mapping[str, str]
) -> tuple[list[str], list[list[str]]]:
    """The table with ``<column>Name`` after each column of IRIs, from ``named`` (IRI to
    name); a cell that is no IRI has an empty name."""
    wanted = set(name_columns(columns, rows))
    shown: list[str] = []
    for column in columns:
        shown += [column, column + NAME_SUFFIX] if column in wanted else [column]
    return shown, [
        [
            part
            for column, cell in zip(columns, row, strict=True)
            for part in ((cell, named.get(cell, "")) if column in wanted else (cell,))
        ]
        for row in rows
    ]


def iris_in(rows: Iterable[Iterable[object]]) -> set[str]:
    """Every IRI in the rows' cells: what a table needs named."""
    return {cell for row in rows for cell in row if is_iri(cell)}


def named_table(
    store: Store, columns: list[str], rows: list[list[str]], language: str = DEFAULT_LANGUAGE
) -> tuple[list[str], list[list[str]]]:
    """The table with the names of its IRIs beside them, in ``language``."""
    return with_names(columns, rows, term_names(store, iris_in(rows), language))


def answer(
    store: Store,
    text: str,
    substitutions: tuple[tuple[ox.Variable, Term], ...] = (),
    language: str = DEFAULT_LANGUAGE,
) -> tuple[list[str], list[list[str]]]:
    """A SELECT's answer as a table of plain values with the names of its IRIs beside them
    (a CSV for people; SPARQL JSON, XML and TSV stay standard, for machines)."""
    result = store.query(text, substitutions=dict(substitutions) or None)
    columns = [v.value for v in result.variables]
    rows = [[_plain(solution[c]) for c in columns] for solution in result]
    return named_table(store, columns, rows, language)


def _plain(term: Term | None) -> str:
    return "" if term is None else term.value


def by_name(
    store: Store, solutions: ox.QuerySolutions, language: str = DEFAULT_LANGUAGE
) -> tuple[list[str], list[list[str]]]:
    """A SELECT's answer as a terminal table shows it to people: each IRI by its name in
    ``language`` (``term_names``; ``ndsgraph query`` printed the IRIs alone), a typed
    literal (a number, a date) in the language's notation, text as it is written. What
    programs read (CSV, SPARQL JSON) keeps its IRIs."""
    columns = [v.value for v in solutions.variables]
    rows = [[solution[c] for c in columns] for solution in solutions]
    iris = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
    named = term_names(store, iris, language)
    return columns, [[_shown(term, named, language) for term in row] for row in rows]


def _shown(term: Term | None, named: Mapping[str, str], language: str) -> str:
    if isinstance(term, ox.NamedNode):
        return named[term.value]
    if isinstance(term, ox.Literal) and term.datatype not in TEXTS:
        return notation.readable(term.value, language)
    return _plain(term)
