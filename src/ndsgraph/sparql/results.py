"""Render query results for people (a table) and for programs (CSV, TSV, SPARQL JSON/XML, RDF)."""

import json

import pyoxigraph as ox

from ndsgraph.errors import InputError
from ndsgraph.names import DEFAULT_LANGUAGE
from ndsgraph.sparql import named
from ndsgraph.store import QueryResult, Store

SOLUTION_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def bindings(answer: ox.QuerySolutions) -> list[dict[str, dict[str, str]]]:
    """The solutions as SPARQL JSON bindings (variable -> {"type", "value", …}; unbound: left
    out), written by Oxigraph in one call: tens of thousands of rows without a Python term per
    value, nor a wait for the GIL per row while other threads run Python."""
    return json.loads(answer.serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]


def table_from_rows(names: list[str], rows: list[list[str]]) -> str:
    """An aligned plain-text table, the way a terminal user reads results."""
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join
    out = [line(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    out.append(line("-" * w for w in widths))
    out += [line(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: QueryResult, fmt: str, store: Store, language: str = DEFAULT_LANGUAGE) -> bytes:
    """Serialise any query result in the named format: 'table' for people, its terms named
    in ``language`` by the ``store`` that answered (``named.by_name``), the others for
    programs, their IRIs as they are."""
    if isinstance(result, ox.QueryTriples):
        if fmt in ("table", "turtle"):
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS:
            raise InputError(
                f"a graph result cannot be written as '{fmt}' (use {', '.join(GRAPH_FORMATS)})"
            )
        return ox.serialize(result, format=GRAPH_FORMATS[fmt]) or b""
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            return f"{'true' if result else 'false'}\n".encode()
        return table_from_rows(*named.by_name(store, result, language)).encode()
    if fmt not in SOLUTION_FORMATS:
        raise InputError(
            f"results cannot be written as '{fmt}' (use table, {', '.join(SOLUTION_FORMATS)})"
        )
    return result.serialize(format=SOLUTION_FORMATS[fmt]) or b""
